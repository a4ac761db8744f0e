//! The PETRARCH discard list: phrases that stop a sentence (or, prefixed
//! with `+`, a whole story) from being coded. Matching ignores case.

use std::path::Path;

use serde::Serialize;

use super::error::{PetrarchError, read_text};
use super::lines::lines;

/// One discard phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discard {
    /// Upper-case words.
    pub words: Vec<String>,
    /// `+`: discard the whole story, not only the sentence.
    pub story: bool,
    /// Line in the file.
    pub line: usize,
}

/// What a discard match means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DiscardKind {
    /// Do not code the sentence.
    Sentence,
    /// Do not code the story.
    Story,
}

/// A parsed discard list.
#[derive(Debug, Clone, Default)]
pub struct Discards {
    /// Phrases in file order.
    pub entries: Vec<Discard>,
}

impl Discards {
    /// Read a discard file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, PetrarchError> {
        Self::parse(&read_text(path.as_ref())?)
    }

    /// Parse discard text.
    pub fn parse(src: &str) -> Result<Self, PetrarchError> {
        let mut entries = Vec::new();
        for line in lines(src) {
            let text = line.text.trim();
            let (story, text) = match text.strip_prefix('+') {
                Some(t) => (true, t),
                None => (false, text),
            };
            let words: Vec<String> = text
                .split([' ', '\t', '_'])
                .filter(|w| !w.is_empty())
                .map(str::to_uppercase)
                .collect();
            if words.is_empty() {
                return Err(PetrarchError::syntax(
                    "discard",
                    line.number,
                    "empty discard phrase",
                ));
            }
            entries.push(Discard {
                words,
                story,
                line: line.number,
            });
        }
        Ok(Self { entries })
    }

    /// The strongest discard matching the upper-case word sequence: story
    /// discards win over sentence ones.
    pub fn check(&self, words: &[&str]) -> Option<(DiscardKind, &Discard)> {
        let mut found: Option<(DiscardKind, &Discard)> = None;
        for d in &self.entries {
            let n = d.words.len();
            if n == 0 || n > words.len() {
                continue;
            }
            let hit = (0..=words.len() - n)
                .any(|s| d.words.iter().zip(&words[s..s + n]).all(|(a, b)| a == b));
            if hit {
                let kind = if d.story {
                    DiscardKind::Story
                } else {
                    DiscardKind::Sentence
                };
                if kind == DiscardKind::Story {
                    return Some((kind, d));
                }
                found.get_or_insert((kind, d));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_matches() {
        let d = Discards::parse("# x\nMONTHS LATER\n+World Golf Championships # pas\nBASEBALL\n")
            .expect("parses");
        assert_eq!(d.entries.len(), 3);
        let w = ["THE", "WORLD", "GOLF", "CHAMPIONSHIPS", "BASEBALL"];
        assert_eq!(d.check(&w).map(|x| x.0), Some(DiscardKind::Story));
        let w = ["SOME", "BASEBALL"];
        assert_eq!(d.check(&w).map(|x| x.0), Some(DiscardKind::Sentence));
        assert!(d.check(&["MONTHS"]).is_none());
    }

    #[test]
    fn empty_phrase_is_an_error() {
        let e = Discards::parse("A\n+\n").expect_err("empty");
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(?s).{0,400}") {
            if let Ok(d) = Discards::parse(&s) {
                let _ = d.check(&["A", "B"]);
            }
        }
    }
}
