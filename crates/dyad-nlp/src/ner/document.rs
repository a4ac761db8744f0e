//! Document-level evidence about each word string, gathered over the
//! whole document before any sentence is labelled.
//!
//! A sentence alone often cannot tell a surname from a place ("Norton
//! collapsed", "returned to Harrow"), but the same document usually
//! introduced the name more clearly: "Joshua Norton", "Mr. Norton",
//! "Harrow School". For every capitalised word string we record how the
//! document uses it elsewhere (after a first name, after a title, inside a
//! longer capitalised name, after "in"/"at", ever in lower case...) and
//! give the flags to the perceptron as features. The flags depend only on
//! the words, never on earlier decisions, so training and decoding see
//! them alike and no second pass is needed.

use super::gazetteer::{Cat, GAZETTEER, normalise};
use crate::tag::FastMap;

/// Some occurrence is capitalised and not sentence-initial.
pub(crate) const MIDCAP: u16 = 1 << 0;
/// Some occurrence is written in lower case.
pub(crate) const LOWER: u16 = 1 << 1;
/// Some occurrence follows a capitalised first name ("Joshua Norton").
pub(crate) const AFTER_FIRST: u16 = 1 << 2;
/// Some occurrence follows a person title word ("Mr.", "President").
pub(crate) const AFTER_TITLE: u16 = 1 << 3;
/// Some occurrence follows a place preposition ("in", "at", "from").
pub(crate) const AFTER_IN: u16 = 1 << 4;
/// Some occurrence ends a longer capitalised run ("Joshua Norton").
pub(crate) const RUN_LAST: u16 = 1 << 5;
/// Some occurrence starts a longer capitalised run ("Harrow School").
pub(crate) const RUN_FIRST: u16 = 1 << 6;
/// Some occurrence is followed by a possessive `'s`.
pub(crate) const POSS: u16 = 1 << 7;
/// Some occurrence is all capitals (and longer than one letter).
pub(crate) const ALLCAPS: u16 = 1 << 8;
/// Seen at least twice in the document.
pub(crate) const TWICE: u16 = 1 << 9;
/// Seen at least four times in the document.
pub(crate) const OFTEN: u16 = 1 << 10;

/// Flag names for features, in bit order.
pub(crate) const NAMES: [&str; 11] = [
    "midcap",
    "lower",
    "afterfirst",
    "aftertitle",
    "afterin",
    "runlast",
    "runfirst",
    "poss",
    "allcaps",
    "twice",
    "often",
];

fn capitalised(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

fn alphabetic(t: &str) -> bool {
    t.chars().any(char::is_alphabetic)
}

fn place_prep(t: &str) -> bool {
    matches!(
        t,
        "in" | "at" | "from" | "near" | "to" | "In" | "At" | "From"
    )
}

/// The flags of every token of a document given as sentences of tokens:
/// one vector per sentence, parallel to its tokens. Tokens that are not
/// alphabetic get 0.
pub(crate) fn flags<S: AsRef<str>>(doc: &[&[S]]) -> Vec<Vec<u16>> {
    let g = &*GAZETTEER;
    // Lower-cased word -> index into `stats` (flags, count); every token
    // keeps the index of its word, so the strings are stored once.
    let mut ids: FastMap<String, u32> = FastMap::default();
    let mut stats: Vec<(u16, u32)> = Vec::new();
    let mut keys: Vec<Vec<Option<u32>>> = Vec::with_capacity(doc.len());
    let mut toks: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    let mut caps: Vec<bool> = Vec::new();
    let mut key = String::new();
    for sent in doc {
        toks.clear();
        toks.extend(sent.iter().map(|t| normalise(t.as_ref())));
        caps.clear();
        caps.extend(toks.iter().map(|t| capitalised(t)));
        let mut sk = Vec::with_capacity(toks.len());
        for (i, t) in toks.iter().enumerate() {
            if !alphabetic(t) {
                sk.push(None);
                continue;
            }
            lowercase_into(t, &mut key);
            let mut f = 0u16;
            if caps[i] {
                if i > 0 && !matches!(&*toks[i - 1], "\"" | "“" | "'" | "(" | ":" | "-" | "—") {
                    f |= MIDCAP;
                }
                if i > 0 && caps[i - 1] {
                    let prev = g.cats(&toks[i - 1]);
                    if prev & (Cat::Male.bit() | Cat::Female.bit()) != 0 {
                        f |= AFTER_FIRST;
                    }
                }
                if i > 0 && g.cats(&toks[i - 1]) & Cat::TitleHead.bit() != 0 {
                    f |= AFTER_TITLE;
                }
                if i > 0 && place_prep(&toks[i - 1]) {
                    f |= AFTER_IN;
                }
                let before = i > 0 && caps[i - 1] && alphabetic(&toks[i - 1]);
                let after = i + 1 < toks.len() && caps[i + 1] && alphabetic(&toks[i + 1]);
                if before && !after {
                    f |= RUN_LAST;
                }
                if after && !before {
                    f |= RUN_FIRST;
                }
                if toks.get(i + 1).is_some_and(|n| n == "'s" || n == "'") {
                    f |= POSS;
                }
                if t.chars().count() > 1 && !t.chars().any(char::is_lowercase) {
                    f |= ALLCAPS;
                }
            } else if !t.chars().any(char::is_uppercase) {
                f |= LOWER;
            }
            let id = match ids.get(key.as_str()) {
                Some(&id) => id,
                None => {
                    let id = stats.len() as u32;
                    ids.insert(key.clone(), id);
                    stats.push((0, 0));
                    id
                }
            };
            if let Some(e) = stats.get_mut(id as usize) {
                e.0 |= f;
                e.1 += 1;
            }
            sk.push(Some(id));
        }
        keys.push(sk);
    }
    keys.into_iter()
        .map(|sk| {
            sk.into_iter()
                .map(|k| {
                    k.and_then(|k| stats.get(k as usize)).map_or(0, |&(f, n)| {
                        f | if n >= 2 { TWICE } else { 0 } | if n >= 4 { OFTEN } else { 0 }
                    })
                })
                .collect()
        })
        .collect()
}

/// `t.to_lowercase()` into `out`, without the Unicode tables for ASCII
/// words (the two agree on ASCII).
fn lowercase_into(t: &str, out: &mut String) {
    out.clear();
    if t.is_ascii() {
        out.extend(t.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&t.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_how_a_name_was_introduced() {
        let s1 = ["Joshua", "Norton", "was", "born", "in", "London", "."];
        let s2 = ["Norton", "collapsed", "in", "the", "london", "rain", "."];
        let f = flags(&[&s1[..], &s2[..]]);
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].len(), s2.len());
        assert_ne!(f[1][0] & AFTER_FIRST, 0, "Norton followed Joshua");
        assert_ne!(f[1][0] & TWICE, 0);
        assert_ne!(f[1][0] & MIDCAP, 0, "mid-sentence elsewhere");
        assert_ne!(f[1][4] & LOWER, 0, "london is also lower case");
        assert_ne!(f[1][4] & AFTER_IN, 0);
        assert_eq!(f[0][6], 0, "punctuation has no flags");
        let mut out = String::new();
        for w in ["Norton", "ΣΑΣ", "ÉTÉ", "İx", "abc"] {
            lowercase_into(w, &mut out);
            assert_eq!(out, w.to_lowercase());
        }
        let empty: [&[&str]; 0] = [];
        assert!(flags(&empty).is_empty());
    }
}
