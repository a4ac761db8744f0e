//! The PETRARCH (TABARI) actor dictionary.
//!
//! ```text
//! GONDOR [GON]             primary name and default code
//! +MINAS_TIRITH            synonyms
//! GOLLUM                   a name whose codes follow on tab-indented lines:
//!     [HOB < 950601]       before (or on) a date
//!     [HOBGOV 19950601 - 19990815]   between two dates
//!     [HOBREB > 990816]    after (or on) a date
//! LORIEN [ELR/GAL]         a compound code: two actors
//! ```
//!
//! `_` joins words that must be adjacent; a blank lets other words come
//! between. Dates are `YYYYMMDD` or `YYMMDD` (`YY` up to 30 is 20YY).

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::error::{PetrarchError, read_text};
use super::lines::{lines, phrase_words, split_code};

/// When a code applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DateRestriction {
    /// Always (the default code).
    Always,
    /// On or before the date (`YYYYMMDD`).
    Before(u32),
    /// On or after the date.
    After(u32),
    /// Between the dates, inclusive.
    Between(u32, u32),
}

/// One code of an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorCode {
    /// The code (`GON`, `ELR/GAL`).
    pub code: String,
    /// When it applies.
    pub when: DateRestriction,
}

/// A name: upper-case words, each with whether the next must be adjacent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phrase {
    /// Words.
    pub words: Vec<String>,
    /// `tight[i]`: word `i + 1` must follow word `i` immediately.
    pub tight: Vec<bool>,
}

impl Phrase {
    pub(crate) fn new(text: &str) -> Option<Self> {
        let w = phrase_words(text);
        if w.is_empty() {
            return None;
        }
        Some(Self {
            tight: w.iter().map(|(_, t)| *t).collect(),
            words: w.into_iter().map(|(w, _)| w).collect(),
        })
    }

    /// Whether the phrase matches `words` starting at `start`, skipping
    /// words only where the connector allows; the end (exclusive) if so.
    pub(crate) fn match_at(&self, words: &[&str], start: usize) -> Option<usize> {
        let mut i = start;
        for (k, w) in self.words.iter().enumerate() {
            if k == 0 {
                if words.get(i) != Some(&w.as_str()) {
                    return None;
                }
                i += 1;
                continue;
            }
            if self.tight[k - 1] {
                if words.get(i) != Some(&w.as_str()) {
                    return None;
                }
                i += 1;
            } else {
                let pos = (i..words.len()).find(|&j| words[j] == w.as_str())?;
                i = pos + 1;
            }
        }
        Some(i)
    }
}

/// One actor: its names and codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorEntry {
    /// Primary name first, then synonyms.
    pub names: Vec<Phrase>,
    /// Codes in dictionary order.
    pub codes: Vec<ActorCode>,
    /// Line of the primary name.
    pub line: usize,
}

impl ActorEntry {
    /// The code in force on `date` (`YYYYMMDD`): the first matching date
    /// restriction, else the (last) unrestricted code, else `None`.
    pub fn code_on(&self, date: Option<u32>) -> Option<&str> {
        if let Some(d) = date {
            for c in &self.codes {
                let hit = match c.when {
                    DateRestriction::Always => false,
                    DateRestriction::Before(x) => d <= x,
                    DateRestriction::After(x) => d >= x,
                    DateRestriction::Between(a, b) => d >= a && d <= b,
                };
                if hit {
                    return Some(&c.code);
                }
            }
        }
        self.codes
            .iter()
            .rev()
            .find(|c| c.when == DateRestriction::Always)
            .map(|c| c.code.as_str())
    }
}

/// A parsed actor dictionary (one or several files).
#[derive(Debug, Clone, Default)]
pub struct ActorDictionary {
    /// Actors in file order.
    pub entries: Vec<ActorEntry>,
    /// Problems that did not stop reading (`line N: ...`): PETRARCH skips
    /// code blocks it cannot read, and so does this reader.
    pub warnings: Vec<String>,
    /// First word to (entry, name) pairs.
    index: HashMap<String, Vec<(usize, usize)>>,
}

const KIND: &str = "actor";

/// Parse `YYYYMMDD` or `YYMMDD` to `YYYYMMDD`.
pub(crate) fn parse_date(s: &str) -> Option<u32> {
    let s = s.trim();
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        6 => {
            let yy: u32 = s[..2].parse().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let m: u32 = rest[..2].parse().ok()?;
    let d: u32 = rest[2..4].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

fn parse_code(inner: &str, line: usize) -> Result<ActorCode, PetrarchError> {
    let inner = inner.trim();
    let (code, rest) = match inner.find(char::is_whitespace) {
        Some(sp) => (&inner[..sp], inner[sp..].trim()),
        None => (inner, ""),
    };
    // `[>990816]`-style with the code glued? Treat a missing code as error.
    if code.is_empty()
        || code.starts_with(['<', '>'])
        || code.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return Err(PetrarchError::syntax(
            KIND,
            line,
            format!("bad code block [{inner}]"),
        ));
    }
    let bad = || PetrarchError::syntax(KIND, line, format!("bad date restriction [{inner}]"));
    let when = if rest.is_empty() {
        DateRestriction::Always
    } else if let Some(d) = rest.strip_prefix('<') {
        DateRestriction::Before(parse_date(d).ok_or_else(bad)?)
    } else if let Some(d) = rest.strip_prefix('>') {
        DateRestriction::After(parse_date(d).ok_or_else(bad)?)
    } else if let Some((a, b)) = rest.split_once('-') {
        let a = parse_date(a).ok_or_else(bad)?;
        let b = parse_date(b).ok_or_else(bad)?;
        if b < a {
            return Err(bad());
        }
        DateRestriction::Between(a, b)
    } else {
        return Err(bad());
    };
    Ok(ActorCode {
        code: code.to_uppercase(),
        when,
    })
}

impl ActorDictionary {
    /// Read one actor dictionary file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, PetrarchError> {
        Self::parse(&read_text(path.as_ref())?)
    }

    /// Read several actor files into one dictionary (PETRARCH's
    /// `actorfile_list`).
    pub fn load_all<P: AsRef<Path>>(paths: &[P]) -> Result<Self, PetrarchError> {
        let mut out = Self::default();
        for p in paths {
            out.extend(Self::load(p)?);
        }
        Ok(out)
    }

    /// Add the actors of `other`.
    pub fn extend(&mut self, other: ActorDictionary) {
        for e in other.entries {
            self.push(e);
        }
        self.warnings.extend(other.warnings);
    }

    fn push(&mut self, e: ActorEntry) {
        let idx = self.entries.len();
        for (ni, name) in e.names.iter().enumerate() {
            self.index
                .entry(name.words[0].clone())
                .or_default()
                .push((idx, ni));
        }
        self.entries.push(e);
    }

    /// Parse actor dictionary text.
    pub fn parse(src: &str) -> Result<Self, PetrarchError> {
        let mut dict = Self::default();
        let mut cur: Option<ActorEntry> = None;
        for line in lines(src) {
            let n = line.number;
            if line.text.contains("---STOP---") {
                break;
            }
            let starts_blank = line.text.starts_with([' ', '\t']);
            let text = line.text.trim();
            // TABARI comments after `;`.
            let text = text.split(';').next().unwrap_or("").trim();
            if text.is_empty() {
                continue;
            }
            if starts_blank && text.starts_with('[') {
                let Some(entry) = cur.as_mut() else {
                    return Err(PetrarchError::syntax(KIND, n, "code line before any actor"));
                };
                let (_, inner) = split_code(text);
                match parse_code(inner.unwrap_or(""), n) {
                    Ok(c) => entry.codes.push(c),
                    Err(e) => dict.warnings.push(format!("{e}; skipped")),
                }
                continue;
            }
            if let Some(syn) = text.strip_prefix('+') {
                let Some(entry) = cur.as_mut() else {
                    return Err(PetrarchError::syntax(KIND, n, "synonym before any actor"));
                };
                let (name, code) = split_code(syn);
                if let Some(p) = Phrase::new(name.trim()) {
                    entry.names.push(p);
                }
                if let Some(c) = code {
                    match parse_code(c, n) {
                        Ok(c) => entry.codes.push(c),
                        Err(e) => dict.warnings.push(format!("{e}; skipped")),
                    }
                }
                continue;
            }
            if let Some(done) = cur.take() {
                dict.push(done);
            }
            let (name, code) = split_code(text);
            let Some(phrase) = Phrase::new(name.trim()) else {
                return Err(PetrarchError::syntax(KIND, n, "actor line without a name"));
            };
            let mut codes = Vec::new();
            if let Some(c) = code {
                match parse_code(c, n) {
                    Ok(c) => codes.push(c),
                    Err(e) => dict.warnings.push(format!("{e}; skipped")),
                }
            }
            cur = Some(ActorEntry {
                names: vec![phrase],
                codes,
                line: n,
            });
        }
        if let Some(done) = cur.take() {
            dict.push(done);
        }
        Ok(dict)
    }

    /// Number of names (primary and synonyms).
    pub fn name_count(&self) -> usize {
        self.entries.iter().map(|e| e.names.len()).sum()
    }

    /// The longest actor name starting at `words[start]`: its end
    /// (exclusive) and entry. Longer names win; ties go to the earlier
    /// entry.
    pub(crate) fn longest_at(&self, words: &[&str], start: usize) -> Option<(usize, &ActorEntry)> {
        let cands = self.index.get(*words.get(start)?)?;
        let mut best: Option<(usize, usize, &ActorEntry)> = None;
        for &(ei, ni) in cands {
            let e = &self.entries[ei];
            let name = &e.names[ni];
            if let Some(end) = name.match_at(words, start) {
                let len = name.words.len();
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
<!-- actors -->
GONDOR [GON]
+MINAS_TIRITH
ITHILEN TELEVISION  [ITHTV]
ITHILEN  [ITH] # note
GOLLUM  # pas 27 Apr 03
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
#\t[950601-990815]
\t[HOBREB > 990816]
LORIEN  [ELR/GAL]
ENT
\t[ENT]
";

    #[test]
    fn parses_names_codes_dates() {
        let d = ActorDictionary::parse(SNIPPET).expect("parses");
        assert_eq!(d.entries.len(), 6);
        assert_eq!(d.name_count(), 8);
        let g = &d.entries[3];
        assert_eq!(g.code_on(Some(19950101)), Some("HOB"));
        assert_eq!(g.code_on(Some(19970101)), Some("HOBGOV"));
        assert_eq!(g.code_on(Some(20010101)), Some("HOBREB"));
        assert_eq!(g.code_on(None), None);
        let w = ["MINAS", "TIRITH", "SAID"];
        let (end, e) = d.longest_at(&w, 0).expect("match");
        assert_eq!((end, e.codes[0].code.as_str()), (2, "GON"));
        let w = ["ITHILEN", "STATE-RUN", "TELEVISION"];
        let (end, e) = d.longest_at(&w, 0).expect("match");
        assert_eq!((end, e.codes[0].code.as_str()), (3, "ITHTV"));
        assert_eq!(d.entries[5].code_on(None), Some("ENT"));
        assert_eq!(d.entries[4].code_on(None), Some("ELR/GAL"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("950601"), Some(19950601));
        assert_eq!(parse_date("250601"), Some(20250601));
        assert_eq!(parse_date("20121109"), Some(20121109));
        assert_eq!(parse_date("2012110"), None);
        assert_eq!(parse_date("20121399"), None);
    }

    #[test]
    fn errors_carry_line_numbers() {
        let d = ActorDictionary::parse("A [X]\n\t[X <9506]\n").expect("lenient");
        assert_eq!(d.entries[0].codes.len(), 1);
        assert!(d.warnings[0].contains("line 2"), "{:?}", d.warnings);
        let e = ActorDictionary::parse("\n+B\n").expect_err("orphan synonym");
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(?s).{0,400}") {
            let _ = ActorDictionary::parse(&s);
        }

        #[test]
        fn never_panics_on_dictionary_like_lines(lines in proptest::collection::vec(
            proptest::string::string_regex("[\\t+]?[A-Z_ ]{0,10}( ?\\[[A-Z/]{0,6} ?[<>]? ?[0-9-]{0,17}\\]?)?").expect("re"),
            0..20)) {
            let d = ActorDictionary::parse(&lines.join("\n"));
            if let Ok(d) = d {
                let w = ["A", "B"];
                let _ = d.longest_at(&w, 0);
            }
        }
    }
}
