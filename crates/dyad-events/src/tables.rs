//! The CAMEO code table and dyad's verb patterns (`data/*.tsv`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Why a table could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// Reading the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// A row is malformed.
    #[error("{file}:{line}: {message}")]
    Row {
        /// File name.
        file: String,
        /// Line number, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One CAMEO event code.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoCode {
    /// The code (`036`).
    pub code: String,
    /// Its root (`03`).
    pub root: String,
    /// GDELT quad class, 1-4.
    pub quad_class: u8,
    /// GDELT Goldstein value.
    pub goldstein: f32,
    /// PLOVER event type, when mapped.
    pub plover_event: Option<String>,
    /// PLOVER mode, when mapped.
    pub plover_mode: Option<String>,
    /// CAMEO label.
    pub label: String,
}

/// All CAMEO codes by code.
#[derive(Debug, Default)]
pub struct CameoTable {
    codes: HashMap<String, CameoCode>,
}

fn rows<'a>(text: &'a str, file: &'a str) -> impl Iterator<Item = (usize, Vec<&'a str>)> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1) // header
        .map(move |(i, l)| {
            let _ = file;
            (i + 1, l.split('\t').map(str::trim).collect())
        })
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

impl CameoTable {
    /// Parse `cameo.tsv`.
    pub fn parse(text: &str, file: &str) -> Result<Self, TableError> {
        let mut codes = HashMap::new();
        for (line, f) in rows(text, file) {
            let err = |message: String| TableError::Row {
                file: file.to_owned(),
                line,
                message,
            };
            if f.len() < 4 {
                return Err(err(format!("{} columns, want 7", f.len())));
            }
            let quad_class = f[2]
                .parse()
                .map_err(|_| err(format!("bad quad class {:?}", f[2])))?;
            let goldstein = f[3]
                .parse()
                .map_err(|_| err(format!("bad Goldstein value {:?}", f[3])))?;
            let get = |i: usize| f.get(i).copied().unwrap_or("");
            codes.insert(
                f[0].to_owned(),
                CameoCode {
                    code: f[0].to_owned(),
                    root: f[1].to_owned(),
                    quad_class,
                    goldstein,
                    plover_event: opt(get(4)),
                    plover_mode: opt(get(5)),
                    label: get(6).to_owned(),
                },
            );
        }
        Ok(Self { codes })
    }

    /// The table shipped with dyad.
    pub fn embedded() -> Result<&'static CameoTable, &'static TableError> {
        static T: OnceLock<Result<CameoTable, TableError>> = OnceLock::new();
        T.get_or_init(|| CameoTable::parse(include_str!("../data/cameo.tsv"), "cameo.tsv"))
            .as_ref()
    }

    /// Look a code up.
    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        self.codes.get(code)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// How a verb's parties are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternKind {
    /// The subject does it to the object (or prepositional target).
    Dyadic,
    /// Every party takes part: coordinated subjects meet each other.
    Meet,
}

/// One verb pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct VerbPattern {
    /// Verb lemma.
    pub lemma: String,
    /// Particle (`out` of `rule out`) or fixed object noun (`displeasure`).
    pub second: Option<String>,
    /// Preposition introducing the target.
    pub prep: Option<String>,
    /// CAMEO code.
    pub code: String,
    /// Code when negated.
    pub negated: Option<String>,
    /// Kind.
    pub kind: PatternKind,
    /// `file:line`, for audit.
    pub origin: String,
}

/// Verb patterns by verb lemma.
#[derive(Debug, Default)]
pub struct VerbPatterns {
    by_lemma: HashMap<String, Vec<VerbPattern>>,
    len: usize,
}

impl VerbPatterns {
    /// Parse a `verbs.tsv` file.
    pub fn parse(text: &str, file: &str) -> Result<Self, TableError> {
        let mut v = Self::default();
        v.add(text, file)?;
        Ok(v)
    }

    /// Add the rows of another file (users' own patterns).
    pub fn add(&mut self, text: &str, file: &str) -> Result<(), TableError> {
        let cameo = CameoTable::embedded().ok();
        for (line, f) in rows(text, file) {
            let err = |message: String| TableError::Row {
                file: file.to_owned(),
                line,
                message,
            };
            if f.len() < 3 {
                return Err(err(format!("{} columns, want at least 3", f.len())));
            }
            let mut words = f[0].split_whitespace();
            let lemma = words
                .next()
                .ok_or_else(|| err("empty lemma".into()))?
                .to_lowercase();
            let second = words.next().map(str::to_lowercase);
            let get = |i: usize| f.get(i).copied().unwrap_or("");
            for c in [get(2), get(3)] {
                if !c.is_empty() && cameo.is_some_and(|t| t.get(c).is_none()) {
                    return Err(err(format!("unknown CAMEO code {c:?}")));
                }
            }
            if get(2).is_empty() {
                return Err(err("no CAMEO code".into()));
            }
            let kind = match get(4) {
                "" | "dyadic" => PatternKind::Dyadic,
                "meet" => PatternKind::Meet,
                k => return Err(err(format!("unknown kind {k:?}"))),
            };
            let p = VerbPattern {
                lemma: lemma.clone(),
                second,
                prep: opt(&get(1).to_lowercase()),
                code: get(2).to_owned(),
                negated: opt(get(3)),
                kind,
                origin: format!("{file}:{line}"),
            };
            self.by_lemma.entry(lemma).or_default().push(p);
            self.len += 1;
        }
        Ok(())
    }

    /// Read and add a file.
    pub fn add_file(&mut self, path: &Path) -> Result<(), TableError> {
        let text = std::fs::read_to_string(path).map_err(|source| TableError::Io {
            path: path.to_owned(),
            source,
        })?;
        let name = path.display().to_string();
        self.add(&text, &name)
    }

    /// The patterns shipped with dyad.
    pub fn embedded() -> Result<VerbPatterns, TableError> {
        VerbPatterns::parse(include_str!("../data/verbs.tsv"), "verbs.tsv")
    }

    /// Patterns of a lemma.
    pub fn of(&self, lemma: &str) -> &[VerbPattern] {
        self.by_lemma.get(lemma).map_or(&[], Vec::as_slice)
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse() {
        let c = CameoTable::embedded().expect("cameo.tsv parses");
        assert!(c.len() > 300);
        let r = c.get("120").expect("reject");
        assert_eq!((r.root.as_str(), r.quad_class), ("12", 3));
        assert_eq!(
            c.get("036").and_then(|x| x.plover_event.as_deref()),
            Some("AGREE")
        );
        let v = VerbPatterns::embedded().expect("verbs.tsv parses");
        assert!(v.len() > 100);
        assert!(
            v.of("rule")
                .iter()
                .any(|p| p.second.as_deref() == Some("out"))
        );
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(lines in proptest::collection::vec("[a-z0-9 \\t#.-]{0,30}", 0..8)) {
            let text = lines.join("\n");
            let _ = VerbPatterns::parse(&text, "x.tsv");
            let _ = CameoTable::parse(&text, "x.tsv");
        }
    }

    #[test]
    fn bad_rows_are_errors_with_lines() {
        let e = VerbPatterns::parse("lemma\tprep\tcode\nmeet\t\t999\n", "x.tsv").unwrap_err();
        assert!(e.to_string().starts_with("x.tsv:2:"), "{e}");
        let e =
            VerbPatterns::parse("lemma\tprep\tcode\nmeet\t\t040\t\tweird\n", "x.tsv").unwrap_err();
        assert!(e.to_string().contains("kind"), "{e}");
        assert!(CameoTable::parse("h\n01\t01\tx\t0\n", "c.tsv").is_err());
    }
}
