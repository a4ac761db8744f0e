//! Word lists the segmenter needs: abbreviations that keep their period,
//! and hyphen prefixes that UD English keeps attached.
//!
//! Written by hand from English news style guides (AP-style titles, months,
//! US state abbreviations, company suffixes). Lookups are case-insensitive
//! on the word without its final period.

use std::collections::HashSet;
use std::sync::LazyLock;

/// How an abbreviation behaves before a capitalised word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Titles and words that always take a following word (`Mr.`, `Gen.`,
    /// `St.`, `No.`): never end a sentence.
    Prefix,
    /// Abbreviations that often end a sentence (`U.S.`, `Inc.`, `etc.`,
    /// `a.m.`): a sentence ends when a typical sentence opener follows.
    Other,
}

/// Titles, honorifics and words that (almost) always precede a name or
/// number.
const PREFIX: &[&str] = &[
    "adm", "amb", "apr", "ariz", "ark", "art", "assn", "asst", "atty", "aug", "brig", "calif",
    "capt", "cdr", "cmdr", "col", "colo", "conn", "cpl", "cpt", "dec", "del", "dept", "det", "dr",
    "feb", "fig", "fla", "fr", "ft", "ga", "gen", "gov", "hon", "ill", "ind", "insp", "jan", "jul",
    "jun", "kan", "ky", "lt", "maj", "mar", "mass", "md", "messrs", "mich", "minn", "miss", "mlle",
    "mme", "mo", "mont", "mr", "mrs", "ms", "msgr", "mt", "neb", "nev", "no", "nos", "nov", "oct",
    "okla", "op", "ore", "pa", "pfc", "pp", "pres", "prof", "pvt", "rep", "reps", "rev", "sen",
    "sens", "sep", "sept", "sgt", "sr", "st", "supt", "tenn", "tex", "vol", "vols", "vs", "wash",
    "wis", "wyo", "gens", "drs", "profs", "ald", "cllr",
];

/// Abbreviations that may end a sentence.
const OTHER: &[&str] = &[
    "a.m", "al", "approx", "assoc", "ave", "b.a", "b.c", "b.s", "blvd", "bros", "c", "ca", "cf",
    "co", "corp", "d.c", "e.g", "e.u", "esp", "est", "etc", "eu", "ex", "i.e", "inc", "intl", "jr",
    "l.a", "lb", "lbs", "ltd", "m.a", "m.d", "m.s", "min", "misc", "n.y", "oz", "p", "p.m", "ph.d",
    "plc", "rd", "sq", "u.k", "u.n", "u.s", "u.s.a", "univ", "viz", "yr", "yrs", "hr", "hrs",
    "mins", "sec", "secs", "govt", "mfg", "dist", "div", "mgr", "mgmt", "natl", "inst", "a.d",
    "r.i.p", "n.b", "q", "ft", "tbsp", "tsp", "v",
];

/// First parts of hyphenated words that UD English keeps as one token
/// (`non-stop`, `re-elect`, `anti-war`); other letter-hyphen-letter words
/// are split (`long - standing`).
const HYPHEN_PREFIX: &[&str] = &[
    "anti", "bi", "co", "counter", "cross", "de", "e", "ex", "extra", "hyper", "inter", "intra",
    "macro", "meta", "micro", "mid", "mini", "multi", "neo", "non", "over", "pan", "para", "post",
    "pre", "pro", "pseudo", "psycho", "re", "semi", "socio", "sub", "super", "trans", "tri",
    "ultra", "un", "uni", "vice",
];

/// Words that commonly open a sentence: after an ambiguous abbreviation
/// (`U.S.`, `Inc.`) they signal a boundary.
const OPENERS: &[&str] = &[
    "a",
    "after",
    "also",
    "an",
    "and",
    "another",
    "as",
    "at",
    "before",
    "both",
    "but",
    "by",
    "during",
    "each",
    "even",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "last",
    "many",
    "meanwhile",
    "more",
    "most",
    "my",
    "no",
    "not",
    "now",
    "of",
    "on",
    "one",
    "our",
    "she",
    "since",
    "so",
    "some",
    "still",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "thus",
    "to",
    "today",
    "two",
    "under",
    "we",
    "what",
    "when",
    "where",
    "while",
    "who",
    "why",
    "with",
    "yes",
    "yet",
    "you",
    "your",
    "how",
    "instead",
    "earlier",
    "later",
    "officials",
    "experts",
    "analysts",
    "critics",
];

static PREFIX_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| PREFIX.iter().copied().collect());
static OTHER_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| OTHER.iter().copied().collect());
static HYPHEN_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| HYPHEN_PREFIX.iter().copied().collect());
static OPENER_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| OPENERS.iter().copied().collect());

fn lower(word: &str, buf: &mut String) {
    buf.clear();
    buf.extend(word.chars().flat_map(char::to_lowercase));
}

/// The class of `word` (without its final period) if it is a known
/// abbreviation or has an abbreviation's shape (`J`, `U.S`, `Ph.D`).
pub(crate) fn classify(word: &str) -> Option<AbbrevClass> {
    if word.is_empty() || word.len() > 12 {
        return None;
    }
    let mut buf = String::with_capacity(word.len());
    lower(word, &mut buf);
    if PREFIX_SET.contains(buf.as_str()) {
        return Some(AbbrevClass::Prefix);
    }
    if OTHER_SET.contains(buf.as_str()) {
        return Some(AbbrevClass::Other);
    }
    // A single letter (an initial) or letters joined by periods (U.S, e.g).
    let mut chars = word.chars();
    let first = chars.next()?;
    if first.is_alphabetic() && chars.as_str().is_empty() {
        return Some(AbbrevClass::Other);
    }
    if word.contains('.')
        && word.split('.').all(|part| {
            !part.is_empty() && part.chars().count() <= 2 && part.chars().all(char::is_alphabetic)
        })
    {
        return Some(AbbrevClass::Other);
    }
    None
}

/// True when `word` is a single uppercase letter (an initial, as in
/// `Donald J. Trump`).
pub(crate) fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// True when UD keeps `prefix-…` together.
pub(crate) fn is_hyphen_prefix(prefix: &str) -> bool {
    let mut buf = String::with_capacity(prefix.len());
    lower(prefix, &mut buf);
    HYPHEN_SET.contains(buf.as_str())
}

/// True when `word` typically opens a sentence.
pub(crate) fn is_opener(word: &str) -> bool {
    let mut buf = String::with_capacity(word.len());
    lower(word, &mut buf);
    OPENER_SET.contains(buf.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_lists() {
        assert_eq!(classify("Mr"), Some(AbbrevClass::Prefix));
        assert_eq!(classify("Gen"), Some(AbbrevClass::Prefix));
        assert_eq!(classify("U.S"), Some(AbbrevClass::Other));
        assert_eq!(classify("e.g"), Some(AbbrevClass::Other));
        assert_eq!(classify("J"), Some(AbbrevClass::Other));
        assert_eq!(classify("Russia"), None);
        assert_eq!(classify("approach"), None);
        assert!(is_initial("J"));
        assert!(!is_initial("j"));
        assert!(is_hyphen_prefix("Non"));
        assert!(!is_hyphen_prefix("long"));
    }
}
