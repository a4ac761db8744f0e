//! The issue list (`data/issues.tsv`) and the stance cue lexicon
//! (`data/cues.tsv`): loading, validation and phrase matching over a
//! document's tokens.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use dyad_core::{Document, Polarity};

use crate::StanceError;

/// A phrase: lower-case words, matched on token forms or lemmas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    /// The words.
    pub words: Vec<String>,
    /// As written in the file.
    pub text: String,
}

impl Phrase {
    fn parse(text: &str) -> Option<Self> {
        let words = split_words(text);
        (!words.is_empty()).then(|| Phrase {
            words,
            text: text.trim().to_owned(),
        })
    }
}

/// Lower-case a word and unify apostrophes and dashes.
pub(crate) fn norm(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Split a phrase into words the way the tokeniser splits text: spaces,
/// and a possessive `'s` or a clitic `n't` apart.
fn split_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text.split_whitespace() {
        let w = norm(w);
        if let Some(stem) = w.strip_suffix("'s").filter(|s| !s.is_empty()) {
            out.push(stem.to_owned());
            out.push("'s".to_owned());
        } else {
            out.push(w);
        }
    }
    out
}

/// One issue of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueDef {
    /// Stable id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Phrases naming the proposition.
    pub core: Vec<Phrase>,
    /// Groups of phrases; each group must occur near the statement.
    pub context: Vec<Vec<Phrase>>,
    /// Longer phrases in which a core phrase does not count.
    pub exclude: Vec<Phrase>,
    /// `lexicon` or `user`.
    pub source: &'static str,
}

/// What a cue does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    /// A verb whose subject holds the stance.
    Predicate,
    /// A word inside the statement.
    Word,
    /// Lowers the strength.
    Hedge,
    /// Flips the polarity.
    Negator,
    /// An exclusion phrase ("without Ukraine"): opposes inclusion, unless
    /// itself opposed ("any deal without Ukraine is unacceptable").
    Exclusion,
}

/// One cue of the lexicon.
#[derive(Clone, Debug, PartialEq)]
pub struct CueDef {
    /// The phrase (lemmas).
    pub phrase: Phrase,
    /// Its polarity (predicates and words).
    pub polarity: Option<Polarity>,
    /// Strength 0..1, or the hedge's factor.
    pub strength: f32,
    /// Kind.
    pub kind: CueKind,
}

/// Issues and cues, indexed by first word.
#[derive(Clone, Debug)]
pub struct Lexicon {
    /// The issues.
    pub issues: Vec<IssueDef>,
    /// The cues.
    pub cues: Vec<CueDef>,
    cue_index: HashMap<String, Vec<u32>>,
}

const ISSUES: &str = include_str!("../data/issues.tsv");
const CUES: &str = include_str!("../data/cues.tsv");

static EMBEDDED: LazyLock<Result<Lexicon, StanceError>> =
    LazyLock::new(|| Lexicon::parse(ISSUES, "issues.tsv", "lexicon", CUES));

/// Data rows of a TSV file: skip comments and blank lines, check the
/// header, give (line number, fields).
fn rows<'a>(
    text: &'a str,
    file: &str,
    header: &[&str],
) -> Result<Vec<(usize, Vec<&'a str>)>, StanceError> {
    let mut out = Vec::new();
    let mut seen_header = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !seen_header {
            if fields != header {
                return Err(StanceError::Format {
                    file: file.to_owned(),
                    line: n + 1,
                    reason: format!("header {fields:?} differs from {header:?}"),
                });
            }
            seen_header = true;
            continue;
        }
        if fields.len() > header.len() || fields.is_empty() || fields[0].is_empty() {
            return Err(StanceError::Format {
                file: file.to_owned(),
                line: n + 1,
                reason: format!("expected up to {} fields, first not empty", header.len()),
            });
        }
        let mut fields = fields;
        fields.resize(header.len(), "");
        out.push((n + 1, fields));
    }
    if !seen_header {
        return Err(StanceError::Format {
            file: file.to_owned(),
            line: 1,
            reason: "no header row".to_owned(),
        });
    }
    Ok(out)
}

fn phrases(v: &str) -> Vec<Phrase> {
    v.split('|').filter_map(Phrase::parse).collect()
}

/// Parse an issue list.
pub(crate) fn parse_issues(
    text: &str,
    file: &str,
    source: &'static str,
) -> Result<Vec<IssueDef>, StanceError> {
    let mut out: Vec<IssueDef> = Vec::new();
    for (line, f) in rows(text, file, &["id", "label", "core", "context", "exclude"])? {
        let core = phrases(f[2]);
        if core.is_empty() {
            return Err(StanceError::Format {
                file: file.to_owned(),
                line,
                reason: format!("issue {:?} has no core phrase", f[0]),
            });
        }
        if out.iter().any(|i| i.id == f[0]) {
            return Err(StanceError::Format {
                file: file.to_owned(),
                line,
                reason: format!("issue id {:?} given twice", f[0]),
            });
        }
        out.push(IssueDef {
            id: f[0].to_owned(),
            label: if f[1].is_empty() { f[0] } else { f[1] }.to_owned(),
            core,
            context: f[3]
                .split(';')
                .map(phrases)
                .filter(|g| !g.is_empty())
                .collect(),
            exclude: phrases(f[4]),
            source,
        });
    }
    Ok(out)
}

impl Lexicon {
    /// The issue list and cues shipped with dyad.
    pub fn embedded() -> Result<&'static Lexicon, &'static StanceError> {
        EMBEDDED.as_ref()
    }

    /// dyad's cues with the issues of `path` (replacing dyad's list, or
    /// added to it when `extend`).
    pub fn with_issue_file(path: &Path, extend: bool) -> Result<Lexicon, StanceError> {
        let text = std::fs::read_to_string(path).map_err(|e| StanceError::io(path, e))?;
        let file = path.display().to_string();
        let mut user = parse_issues(&text, &file, "user")?;
        let base = Self::embedded().map_err(Clone::clone)?;
        let mut issues = if extend {
            // The user's rows replace dyad's rows with the same id.
            base.issues
                .iter()
                .filter(|i| !user.iter().any(|u| u.id == i.id))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        issues.append(&mut user);
        let mut lex = base.clone();
        lex.issues = issues;
        Ok(lex)
    }

    fn parse(
        issues: &str,
        file: &str,
        source: &'static str,
        cues: &str,
    ) -> Result<Self, StanceError> {
        let issues = parse_issues(issues, file, source)?;
        let mut defs = Vec::new();
        for (line, f) in rows(
            cues,
            "cues.tsv",
            &["phrase", "polarity", "strength", "kind"],
        )? {
            let err = |reason: String| StanceError::Format {
                file: "cues.tsv".to_owned(),
                line,
                reason,
            };
            let kind = match f[3] {
                "predicate" => CueKind::Predicate,
                "word" => CueKind::Word,
                "hedge" => CueKind::Hedge,
                "negator" => CueKind::Negator,
                "exclusion" => CueKind::Exclusion,
                k => return Err(err(format!("unknown kind {k:?}"))),
            };
            let polarity = match f[1] {
                "support" => Some(Polarity::Support),
                "oppose" => Some(Polarity::Oppose),
                "neutral" => Some(Polarity::Neutral),
                "-" | "" => None,
                p => return Err(err(format!("unknown polarity {p:?}"))),
            };
            if matches!(
                kind,
                CueKind::Predicate | CueKind::Word | CueKind::Exclusion
            ) && polarity.is_none()
            {
                return Err(err("a predicate or word needs a polarity".to_owned()));
            }
            let strength = match f[2] {
                "-" | "" => 1.0,
                s => s
                    .parse::<f32>()
                    .ok()
                    .filter(|v| (0.0..=1.0).contains(v))
                    .ok_or_else(|| err(format!("strength {s:?} is not a number in 0..1")))?,
            };
            let phrase = Phrase::parse(f[0]).ok_or_else(|| err("empty phrase".to_owned()))?;
            defs.push(CueDef {
                phrase,
                polarity,
                strength,
                kind,
            });
        }
        let mut cue_index: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, c) in defs.iter().enumerate() {
            cue_index
                .entry(c.phrase.words[0].clone())
                .or_default()
                .push(i as u32);
        }
        Ok(Lexicon {
            issues,
            cues: defs,
            cue_index,
        })
    }

    /// Cues starting at token `i` (longest first).
    pub(crate) fn cues_at<'a>(&'a self, w: &Words, i: usize) -> Vec<(&'a CueDef, usize)> {
        let mut out = Vec::new();
        for key in [&w.lower[i], &w.lemma[i]] {
            if let Some(ids) = self.cue_index.get(key.as_str()) {
                for &id in ids {
                    let c = &self.cues[id as usize];
                    if let Some(end) = w.match_at(i, &c.phrase)
                        && !out
                            .iter()
                            .any(|(o, _): &(&CueDef, usize)| std::ptr::eq(*o, c))
                    {
                        out.push((c, end));
                    }
                }
            }
        }
        out.sort_by_key(|(_, end)| std::cmp::Reverse(*end));
        out
    }
}

/// A document's words for matching: lower-case forms and lemmas,
/// parallel to its tokens, and where each word occurs.
#[derive(Debug)]
pub(crate) struct Words {
    pub(crate) lower: Vec<String>,
    pub(crate) lemma: Vec<String>,
    /// Word (form or lemma) -> the tokens that have it, ascending: a
    /// phrase is only tried where its first word occurs.
    at: HashMap<Box<str>, Vec<u32>>,
}

impl Words {
    pub(crate) fn new(doc: &Document) -> Self {
        let lower: Vec<String> = doc.tokens.iter().map(|t| norm(doc.slice(t.span))).collect();
        let lemma = if doc.tags.len() == doc.tokens.len() {
            doc.tags.iter().map(|t| norm(&t.lemma)).collect()
        } else {
            lower.clone()
        };
        Self::from_parts(lower, lemma)
    }

    /// Words from forms and lemmas (parallel).
    fn from_parts(lower: Vec<String>, lemma: Vec<String>) -> Self {
        let mut at: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        let mut add = |w: &str, i: usize| match at.get_mut(w) {
            Some(v) => v.push(i as u32),
            None => {
                at.insert(w.into(), vec![i as u32]);
            }
        };
        for (i, (l, m)) in lower.iter().zip(&lemma).enumerate() {
            add(l, i);
            if m != l {
                add(m, i);
            }
        }
        Self { lower, lemma, at }
    }

    /// The token after the phrase when `phrase` starts at token `i`.
    pub(crate) fn match_at(&self, i: usize, phrase: &Phrase) -> Option<usize> {
        let n = phrase.words.len();
        if i + n > self.lower.len() {
            return None;
        }
        phrase
            .words
            .iter()
            .enumerate()
            .all(|(k, w)| self.lower[i + k] == *w || self.lemma[i + k] == *w)
            .then_some(i + n)
    }

    /// Every match of any of `phrases` in tokens `range`: (start, end),
    /// by start, the longest match at each start. Each phrase is tried
    /// only where its first word occurs (an empty phrase matches nothing).
    pub(crate) fn find(
        &self,
        range: std::ops::Range<usize>,
        phrases: &[Phrase],
    ) -> Vec<(usize, usize)> {
        let end = range.end.min(self.lower.len());
        let mut found = Vec::new();
        for p in phrases {
            let Some(first) = p.words.first() else {
                continue;
            };
            let Some(at) = self.at.get(first.as_str()) else {
                continue;
            };
            let from = at.partition_point(|&j| (j as usize) < range.start);
            for &j in &at[from..] {
                let j = j as usize;
                if j >= end {
                    break;
                }
                if let Some(e) = self.match_at(j, p).filter(|&e| e <= end) {
                    found.push((j, e));
                }
            }
        }
        found.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(found.len());
        for (s, e) in found {
            match out.last_mut() {
                Some(last) if last.0 == s => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Words::find` (phrases tried where their first word occurs) gives
    /// what trying every phrase at every token gives.
    #[test]
    fn find_equals_trying_every_position() {
        use proptest::prelude::*;
        const VOCAB: [&str; 7] = ["a", "b", "c", "troops", "send", "sent", "not"];
        let word = || proptest::sample::select(&VOCAB[..]).prop_map(str::to_owned);
        let doc = proptest::collection::vec((word(), word()), 0..40);
        let phrases = proptest::collection::vec(proptest::collection::vec(word(), 1..4), 0..6);
        proptest!(|(doc in doc, phrases in phrases, a in 0usize..45, len in 0usize..45)| {
            let (lower, lemma): (Vec<String>, Vec<String>) = doc.into_iter().unzip();
            let w = Words::from_parts(lower, lemma);
            let phrases: Vec<Phrase> = phrases
                .into_iter()
                .map(|words| Phrase { text: words.join(" "), words })
                .collect();
            let range = a..a + len;
            let end = range.end.min(w.lower.len());
            let mut naive = Vec::new();
            for i in range.start..end {
                let best = phrases
                    .iter()
                    .filter_map(|p| w.match_at(i, p))
                    .filter(|&e| e <= end)
                    .max();
                if let Some(e) = best {
                    naive.push((i, e));
                }
            }
            prop_assert_eq!(w.find(range, &phrases), naive);
        });
    }

    #[test]
    fn embedded_lists_parse() {
        let lex = Lexicon::embedded().unwrap();
        assert!(lex.issues.len() >= 10);
        assert!(lex.issues.iter().any(|i| i.id == "troops-in-ukraine"));
        assert!(lex.cues.iter().any(|c| c.kind == CueKind::Negator));
        let ids: std::collections::HashSet<&str> =
            lex.issues.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids.len(), lex.issues.len());
    }

    #[test]
    fn bad_files_are_errors_with_line_numbers() {
        let bad = "id\tlabel\tcore\tcontext\texclude\nx\tX\t\t\t\n";
        let err = parse_issues(bad, "u.tsv", "user").unwrap_err().to_string();
        assert!(err.contains("u.tsv") && err.contains("line 2"), "{err}");
        let dup = "id\tlabel\tcore\tcontext\texclude\nx\tX\ta\t\t\nx\tY\tb\t\t\n";
        assert!(parse_issues(dup, "u.tsv", "user").is_err());
        assert!(parse_issues("nonsense", "u.tsv", "user").is_err());
        // Short rows are padded: context and exclude may be left out.
        assert_eq!(
            parse_issues(
                "id\tlabel\tcore\tcontext\texclude\nx\tX\ta|b c\n",
                "u",
                "user"
            )
            .unwrap()[0]
                .core
                .len(),
            2
        );
    }

    #[test]
    fn possessives_split_like_the_tokeniser() {
        assert_eq!(split_words("Ukraine’s back"), vec!["ukraine", "'s", "back"]);
    }
}
