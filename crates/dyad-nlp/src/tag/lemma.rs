//! Lemmas from the predicted PTB tag: a learned lexicon of exceptions plus
//! suffix-rewrite rules per tag for everything else.
//!
//! Rules are learned from word types of the training data: each (form,
//! tag, lemma) gives a rewrite "cut `n` characters, append `s`" (`tried`
//! VBD -> cut 3, add `y`), counted under every suffix (up to five
//! characters) of the form. An unseen word takes the most frequent rewrite
//! of its longest known suffix under its tag. The lexicon keeps only the
//! (lowercased form, tag) pairs the rules get wrong (`went` VBD -> `go`),
//! so it stays small. Proper nouns and numbers are their own lemma.

use std::collections::BTreeMap;

use super::features::suffix;
use super::hashing::FastMap;
use crate::model::{FormatError, ModelReader, ModelWriter};

/// Longest suffix a rule is keyed on.
const MAX_SUFFIX: usize = 5;
/// Keys on suffixes of two or more characters need this many word types.
const MIN_SUPPORT: usize = 2;

/// A rewrite: cut `cut` characters from the end, then append `add`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rule {
    cut: usize,
    add: Box<str>,
}

impl Rule {
    /// The rule turning `base` into `lemma`, if it is a suffix rewrite.
    fn derive(base: &str, lemma: &str) -> Rule {
        let common = base
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let cut = base.chars().count() - common;
        let add: String = lemma.chars().skip(common).collect();
        Rule {
            cut,
            add: add.into(),
        }
    }

    fn apply(&self, base: &str) -> Option<String> {
        let n = base.chars().count();
        if self.cut >= n {
            return None;
        }
        let keep = base
            .char_indices()
            .nth(n - self.cut)
            .map_or(base.len(), |(i, _)| i);
        Some(format!("{}{}", &base[..keep], self.add))
    }
}

/// (tag, lemma) pairs of one form.
type TagLemmas = Vec<(Box<str>, Box<str>)>;

/// The lemmatizer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lemmatizer {
    /// Lowercased form -> (tag, lemma) exceptions.
    lexicon: FastMap<Box<str>, TagLemmas>,
    /// Suffix -> (tag, rule).
    rules: FastMap<Box<str>, Vec<(Box<str>, Rule)>>,
}

/// Tags whose lemma is the form itself.
fn is_own_lemma(xpos: &str) -> bool {
    matches!(xpos, "NNP" | "CD" | "ADD")
}

/// The string rules work on: lowercased, except plural proper nouns.
fn base<'a>(norm: &'a str, lower: &'a str, xpos: &str) -> &'a str {
    if xpos == "NNPS" { norm } else { lower }
}

impl Lemmatizer {
    /// Learn from `(normalised form, xpos, lemma)` word occurrences.
    pub(crate) fn learn<'a>(words: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Self {
        // (norm, xpos) -> lemma counts; BTreeMaps keep everything ordered.
        let mut counts: BTreeMap<(String, &str), BTreeMap<&str, usize>> = BTreeMap::new();
        for (form, xpos, lemma) in words {
            if is_own_lemma(xpos) || lemma == "_" {
                continue;
            }
            let b = base(form, &form.to_lowercase(), xpos).to_owned();
            *counts
                .entry((b, xpos))
                .or_default()
                .entry(lemma)
                .or_default() += 1;
        }
        let types: Vec<(&str, &str, &str)> = counts
            .iter()
            .map(|((b, x), lemmas)| {
                let best = lemmas
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map_or("", |(l, _)| *l);
                (b.as_str(), *x, best)
            })
            .collect();
        // (xpos, suffix) -> rule -> types.
        let mut table: BTreeMap<(&str, &str), BTreeMap<Rule, usize>> = BTreeMap::new();
        for &(b, x, lemma) in &types {
            let rule = Rule::derive(b, lemma);
            if rule.cut > MAX_SUFFIX || rule.add.chars().count() > MAX_SUFFIX {
                continue; // suppletive: the lexicon's job
            }
            for k in 0..=MAX_SUFFIX.min(b.chars().count()) {
                *table
                    .entry((x, suffix(b, k)))
                    .or_default()
                    .entry(rule.clone())
                    .or_default() += 1;
            }
        }
        // Keep a key only when it changes the answer of its parent suffix.
        let mut kept: BTreeMap<(&str, &str), Rule> = BTreeMap::new();
        let mut keys: Vec<&(&str, &str)> = table.keys().collect();
        keys.sort_by_key(|(x, s)| (s.chars().count(), *x, *s));
        for key in keys {
            let rules = &table[key];
            let total: usize = rules.values().sum();
            let Some((best, _)) = rules.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            else {
                continue;
            };
            let n = key.1.chars().count();
            if n == 0 {
                kept.insert(*key, best.clone());
                continue;
            }
            if n >= 2 && total < MIN_SUPPORT {
                continue;
            }
            let parent = (1..=n).find_map(|d| kept.get(&(key.0, suffix(key.1, n - d))));
            if parent != Some(best) {
                kept.insert(*key, best.clone());
            }
        }
        let mut lem = Lemmatizer::default();
        for ((x, s), rule) in kept {
            lem.rules
                .entry(s.into())
                .or_default()
                .push((x.into(), rule));
        }
        for &(b, x, lemma) in &types {
            if lem.by_rules(b, x) != lemma {
                lem.lexicon
                    .entry(b.into())
                    .or_default()
                    .push((x.into(), lemma.into()));
            }
        }
        lem
    }

    fn by_rules(&self, base: &str, xpos: &str) -> String {
        for k in (0..=MAX_SUFFIX.min(base.chars().count())).rev() {
            let found = self
                .rules
                .get(suffix(base, k))
                .and_then(|v| v.iter().find(|(x, _)| &**x == xpos));
            if let Some((_, rule)) = found {
                return rule.apply(base).unwrap_or_else(|| base.to_owned());
            }
        }
        base.to_owned()
    }

    /// The lemma of a word with normalised form `norm`, lowercased `lower`,
    /// tagged `xpos`.
    pub(crate) fn lemma(&self, norm: &str, lower: &str, xpos: &str) -> String {
        if is_own_lemma(xpos) {
            return norm.to_owned();
        }
        let b = base(norm, lower, xpos);
        if let Some(v) = self.lexicon.get(b)
            && let Some((_, l)) = v.iter().find(|(x, _)| &**x == xpos)
        {
            return l.to_string();
        }
        self.by_rules(b, xpos)
    }

    /// Number of lexicon entries and rules.
    pub(crate) fn sizes(&self) -> (usize, usize) {
        (
            self.lexicon.values().map(Vec::len).sum(),
            self.rules.values().map(Vec::len).sum(),
        )
    }

    pub(crate) fn write(&self, w: &mut ModelWriter) {
        let mut lex: Vec<[&str; 3]> = self
            .lexicon
            .iter()
            .flat_map(|(f, v)| v.iter().map(move |(x, l)| [&**f, &**x, &**l]))
            .collect();
        lex.sort_unstable();
        w.strs(&lex.concat());
        let mut rules: Vec<(&str, &str, &Rule)> = self
            .rules
            .iter()
            .flat_map(|(s, v)| v.iter().map(move |(x, r)| (&**s, &**x, r)))
            .collect();
        rules.sort_unstable();
        w.u64(rules.len() as u64);
        for (s, x, r) in rules {
            w.str(s);
            w.str(x);
            w.u64(r.cut as u64);
            w.str(&r.add);
        }
    }

    pub(crate) fn read(r: &mut ModelReader<'_>) -> Result<Self, FormatError> {
        let mut lem = Lemmatizer::default();
        let lex = r.strs()?;
        if lex.len() % 3 != 0 {
            return Err(FormatError::Invalid("lemma lexicon is not in triples"));
        }
        for t in lex.chunks_exact(3) {
            lem.lexicon
                .entry(t[0].as_str().into())
                .or_default()
                .push((t[1].as_str().into(), t[2].as_str().into()));
        }
        let n = r.u64()?;
        for _ in 0..n {
            let s = r.str()?;
            let x = r.str()?;
            let cut = r.u64()? as usize;
            let add = r.str()?;
            lem.rules.entry(s.into()).or_default().push((
                x.into(),
                Rule {
                    cut,
                    add: add.into(),
                },
            ));
        }
        Ok(lem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_rules_and_exceptions() {
        let data = [
            ("tried", "VBD", "try"),
            ("cried", "VBD", "cry"),
            ("dried", "VBD", "dry"),
            ("walked", "VBD", "walk"),
            ("talked", "VBD", "talk"),
            ("jumped", "VBD", "jump"),
            ("went", "VBD", "go"),
            ("cats", "NNS", "cat"),
            ("dogs", "NNS", "dog"),
            ("The", "DT", "the"),
        ];
        let lem = Lemmatizer::learn(data.iter().copied());
        let l = |f: &str, x: &str| lem.lemma(f, &f.to_lowercase(), x);
        assert_eq!(l("spied", "VBD"), "spy");
        assert_eq!(l("kissed", "VBD"), "kiss");
        assert_eq!(l("went", "VBD"), "go");
        assert_eq!(l("hats", "NNS"), "hat");
        assert_eq!(l("THE", "DT"), "the");
        assert_eq!(l("Paris", "NNP"), "Paris");
        assert_eq!(l("3,000", "CD"), "3,000");
        assert_eq!(l("", "VBD"), "");
        assert_eq!(l("🙂", "NFP"), "🙂");
        let mut w = ModelWriter::new("t", "v");
        lem.write(&mut w);
        let bytes = w.finish();
        let mut r = ModelReader::open(&bytes, "t").unwrap();
        let back = Lemmatizer::read(&mut r).unwrap();
        assert!(r.at_end());
        assert_eq!(back.lemma("spied", "spied", "VBD"), "spy");
        assert_eq!(back.sizes(), lem.sizes());
    }
}
