//! The PETRARCH agent dictionary.
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN       a substitution set
//! CONGRESS!PERSON! [~LEG]          one entry per member, no plurals
//! POLICE {} [~COP]                 `{}`: no plural
//! ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]   an irregular plural
//! MINISTER [~GOV]                  regular plural (Y->IES, S->SES, +S)
//! MSF {} [NGO~]                    `~` after the code: put it before the actor
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::actors::Phrase;
use super::error::{PetrarchError, read_text};
use super::lines::{lines, split_code};

/// One agent phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgentEntry {
    /// The phrase (singular or plural form).
    pub phrase: Phrase,
    /// The code without `~`.
    pub code: String,
    /// `NGO~`: the code goes before the actor code.
    pub prefix: bool,
    /// Line in the dictionary.
    pub line: usize,
}

/// A parsed agent dictionary.
#[derive(Debug, Clone, Default)]
pub struct AgentDictionary {
    /// Agent phrases, singular and plural forms as separate entries.
    pub entries: Vec<AgentEntry>,
    /// Lines skipped, as PETRARCH skips them (`line N: ...`).
    pub warnings: Vec<String>,
    index: HashMap<String, Vec<usize>>,
}

const KIND: &str = "agent";

fn plural_of(s: &str) -> String {
    if let Some(stem) = s.strip_suffix('Y') {
        format!("{stem}IES")
    } else if s.ends_with('S') {
        format!("{s}ES")
    } else {
        format!("{s}S")
    }
}

impl AgentDictionary {
    /// Read an agent dictionary file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, PetrarchError> {
        Self::parse(&read_text(path.as_ref())?)
    }

    fn push(&mut self, phrase_text: &str, code: &str, prefix: bool, line: usize) {
        if let Some(phrase) = Phrase::new(phrase_text) {
            self.index
                .entry(phrase.words[0].clone())
                .or_default()
                .push(self.entries.len());
            self.entries.push(AgentEntry {
                phrase,
                code: code.to_string(),
                prefix,
                line,
            });
        }
    }

    /// Parse agent dictionary text.
    pub fn parse(src: &str) -> Result<Self, PetrarchError> {
        let mut dict = Self::default();
        let mut subst: HashMap<String, Vec<String>> = HashMap::new();
        for line in lines(src) {
            let n = line.number;
            let text = line.text.trim();
            if text.starts_with('!') && text.contains('=') {
                let (lhs, rhs) = text.split_once('=').unwrap_or((text, ""));
                let name = lhs.trim().trim_matches('!').to_uppercase();
                if name.is_empty() || lhs.trim().matches('!').count() != 2 {
                    return Err(PetrarchError::syntax(KIND, n, "bad substitution set"));
                }
                let items = rhs
                    .split(',')
                    .map(|s| s.trim().to_uppercase())
                    .filter(|s| !s.is_empty())
                    .collect();
                subst.insert(name, items);
                continue;
            }
            let (phrase, code) = split_code(text);
            let Some(code) = code else {
                dict.warnings.push(
                    PetrarchError::syntax(KIND, n, "agent without a [code]; skipped").to_string(),
                );
                continue;
            };
            let code = code.replace(' ', "").to_uppercase();
            let (code, prefix) = if let Some(c) = code.strip_prefix('~') {
                (c.to_string(), false)
            } else if let Some(c) = code.strip_suffix('~') {
                (c.to_string(), true)
            } else {
                dict.warnings.push(
                    PetrarchError::syntax(
                        KIND,
                        n,
                        format!("agent code [{code}] needs a `~`; skipped"),
                    )
                    .to_string(),
                );
                continue;
            };
            if code.is_empty() {
                dict.warnings
                    .push(PetrarchError::syntax(KIND, n, "empty agent code; skipped").to_string());
                continue;
            }
            let phrase = phrase.trim();
            if let Some(start) = phrase.find('!') {
                let rest = &phrase[start + 1..];
                let Some(len) = rest.find('!') else {
                    return Err(PetrarchError::syntax(
                        KIND,
                        n,
                        "unclosed substitution marker",
                    ));
                };
                let name = rest[..len].to_uppercase();
                let Some(items) = subst.get(&name) else {
                    return Err(PetrarchError::syntax(
                        KIND,
                        n,
                        format!("undefined substitution marker !{name}!"),
                    ));
                };
                let before = &phrase[..start];
                let after = &rest[len + 1..];
                for it in items.clone() {
                    dict.push(&format!("{before}{it}{after}"), &code, prefix, n);
                }
                continue;
            }
            let (singular, plural) = match phrase.find('{') {
                Some(open) => {
                    let rest = &phrase[open + 1..];
                    let Some(close) = rest.find('}') else {
                        return Err(PetrarchError::syntax(KIND, n, "missing `}`"));
                    };
                    (
                        phrase[..open].trim().to_string(),
                        rest[..close].trim().to_string(),
                    )
                }
                None => {
                    let s = phrase.trim_end_matches('_').to_uppercase();
                    (s.clone(), plural_of(&s))
                }
            };
            if singular.is_empty() {
                return Err(PetrarchError::syntax(KIND, n, "agent without a phrase"));
            }
            dict.push(&singular, &code, prefix, n);
            if !plural.is_empty() {
                dict.push(&plural, &code, prefix, n);
            }
        }
        Ok(dict)
    }

    /// The longest agent phrase at `words[start]`: its end and entry.
    pub(crate) fn longest_at(&self, words: &[&str], start: usize) -> Option<(usize, &AgentEntry)> {
        let cands = self.index.get(*words.get(start)?)?;
        let mut best: Option<(usize, usize, &AgentEntry)> = None;
        for &i in cands {
            let e = &self.entries[i];
            if let Some(end) = e.phrase.match_at(words, start) {
                let len = e.phrase.words.len();
                if best.is_none_or(|(bl, _, _)| len > bl) {
                    best = Some((len, end, e));
                }
            }
        }
        best.map(|(_, end, e)| (end, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SNIPPET: &str = "\
!PERSON! = MAN, MEN, WOMAN
CONGRESS!PERSON! [~LEG]
POLICE {} [ ~COP] # JON
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
AUTHORITY  [~GOV]
MSF {}  [NGO~]
SECURITY_OFFICIALS  [~GOV]
";

    #[test]
    fn parses_plurals_and_markers() {
        let d = AgentDictionary::parse(SNIPPET).expect("parses");
        let words: Vec<&str> = d
            .entries
            .iter()
            .map(|e| e.phrase.words.join(" "))
            .collect::<Vec<_>>()
            .leak()
            .iter()
            .map(String::as_str)
            .collect();
        assert!(words.contains(&"CONGRESSWOMAN"));
        assert!(!words.contains(&"CONGRESSMANS"));
        assert!(words.contains(&"POLICE") && !words.contains(&"POLICES"));
        assert!(words.contains(&"ATTORNEYS GENERAL"));
        assert!(words.contains(&"AUTHORITIES"));
        assert!(words.contains(&"SECURITY OFFICIALSES"));
        let msf = d.entries.iter().find(|e| e.code == "NGO").expect("msf");
        assert!(msf.prefix);
        let w = ["POLICE", "SAID"];
        assert_eq!(
            d.longest_at(&w, 0).map(|(e, a)| (e, a.code.as_str())),
            Some((1, "COP"))
        );
    }

    #[test]
    fn errors_carry_line_numbers() {
        let d = AgentDictionary::parse("A [~B]\nC\n").expect("lenient");
        assert!(d.warnings[0].contains("line 2"), "{:?}", d.warnings);
        let e = AgentDictionary::parse("A [~B]\nC {D [~E]\n").expect_err("brace");
        assert!(e.to_string().contains("line 2"), "{e}");
        let e = AgentDictionary::parse("A [~B]\n!X!_OF [~GOV]\n").expect_err("no marker");
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(?s).{0,400}") {
            let _ = AgentDictionary::parse(&s);
        }

        #[test]
        fn never_panics_on_dictionary_like_lines(lines in proptest::collection::vec(
            proptest::string::string_regex("[!A-Z_ ]{0,10}(\\{[A-Z_]{0,5}\\}?)? ?(\\[ ?~?[A-Z]{0,4}~?\\]|= [A-Z, ]{0,8})?").expect("re"),
            0..20)) {
            let _ = AgentDictionary::parse(&lines.join("\n"));
        }
    }
}
