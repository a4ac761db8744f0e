//! Feature extraction for the sequence labeller.
//!
//! Features that do not depend on earlier decisions (word, lower case,
//! shape, affixes, capitalisation, position, a ±2 window, gazetteer
//! matches) are hashed once per sentence; only the few that look at the
//! previous labels are added during decoding. That keeps greedy decoding
//! at a handful of hash lookups per token.

use super::context::{self, Context, Run};
use super::document;
use super::gazetteer::{Cat, Cats, GAZETTEER};
use super::lexicon::Lexicon;
use crate::model::{FeatureKey, Features};

// Template ids (stable: they are part of the model).
const BIAS: u16 = 0;
const WORD: u16 = 1;
const LOWER: u16 = 2;
const SHAPE: u16 = 3;
const PRE: u16 = 4;
const SUF: u16 = 5;
const CAPS: u16 = 6;
const POSITION: u16 = 7;
const WIN_LOWER: u16 = 8;
const WIN_SHAPE: u16 = 9;
const SHAPE_BI: u16 = 10;
const LOWER_BI: u16 = 11;
const GAZ: u16 = 12;
const GAZ_LC: u16 = 13;
const GAZ_WIN: u16 = 14;
const NAME: u16 = 15;
const NAME_WIN: u16 = 16;
const TITLE_WIN: u16 = 17;
const CAPS_WIN: u16 = 18;
const LEN: u16 = 19;
const PREV: u16 = 20;
const PREV2: u16 = 21;
const PREV_LOWER: u16 = 22;
const PREV_SHAPE: u16 = 23;
const PREV_GAZ: u16 = 24;
const LEX: u16 = 25;
const LEX_WIN: u16 = 26;
const STYLE: u16 = 27;
const STYLE_LEX: u16 = 28;
const STYLE_GAZ: u16 = 29;
const POS_WIN: u16 = 30;
// 31 was an XPOS template: it did not help on dev on top of UPOS.
const POS_BI: u16 = 32;
const POS_CAPS: u16 = 33;
const DOC: u16 = 34;
const DOC_COMBO: u16 = 35;
const RUN_HEAD: u16 = 36;
const RUN_FIRST: u16 = 37;
const RUN_ORG: u16 = 38;
const RUN_LEN: u16 = 39;

/// Reusable buffers for one sentence's features.
#[derive(Debug, Default)]
pub(crate) struct Extractor {
    norm: Vec<String>,
    lower: Vec<String>,
    shape: Vec<String>,
    caps: Vec<&'static str>,
    gaz: Vec<[Cats; 4]>,
    gaz_lc: Vec<[Cats; 4]>,
    single: Vec<Cats>,
    lex: Vec<&'static str>,
    style: &'static str,
    upos: Vec<&'static str>,
    doc: Vec<u16>,
    runs: Vec<Option<Run>>,
    /// Per token: a plain word (see [`Extractor::plain`]).
    plain: Vec<bool>,
    keys: Vec<FeatureKey>,
    offsets: Vec<usize>,
    feats: Features,
}

fn shape_of(w: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut n = 0;
    for ch in w.chars() {
        let c = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else if ch.is_alphabetic() {
            'a'
        } else {
            ch
        };
        if c != last {
            out.push(c);
            n += 1;
            last = c;
            if n >= 6 {
                break;
            }
        }
    }
}

fn caps_of(w: &str) -> &'static str {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return "empty";
    };
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return if w.chars().any(|c| c.is_ascii_digit()) {
            "num"
        } else {
            "punct"
        };
    }
    let uppers = w.chars().filter(|c| c.is_uppercase()).count();
    if uppers == letters {
        if letters == 1 { "init" } else { "allcaps" }
    } else if first.is_uppercase() {
        if uppers == 1 { "title" } else { "mixed" }
    } else if uppers == 0 {
        "lower"
    } else {
        "camel"
    }
}

fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn suffix(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    match s.char_indices().nth(count - n) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

const LEX_NAMES: [&str; 6] = ["unk", "p0", "p1", "p3", "p7", "p9"];

/// How a sentence uses capitals: `lower` (no capitalised word after the
/// first), `caps` (mostly all-capitals), `title` (mostly capitalised, a
/// headline), or `normal`.
fn style_of(caps: &[&'static str]) -> &'static str {
    let (mut alpha, mut upper, mut title) = (0usize, 0usize, 0usize);
    for (i, c) in caps.iter().enumerate() {
        match *c {
            "lower" => {}
            "allcaps" | "init" => upper += 1,
            "title" | "mixed" | "camel" if i > 0 => title += 1,
            "title" | "mixed" | "camel" => {}
            _ => continue,
        }
        alpha += 1;
    }
    if alpha < 3 {
        "short"
    } else if upper * 10 >= alpha * 8 {
        "caps"
    } else if title * 10 >= alpha * 6 {
        "title"
    } else if title + upper == 0 {
        "lower"
    } else {
        "normal"
    }
}

fn pos_name(p: usize) -> &'static str {
    ["B", "I", "L", "U"][p]
}

impl Extractor {
    /// Number of tokens prepared.
    pub(crate) fn len(&self) -> usize {
        self.norm.len()
    }

    /// The normalised token `i`.
    pub(crate) fn token(&self, i: usize) -> &str {
        &self.norm[i]
    }

    /// Exact-match gazetteer annotation of token `i` (by position).
    pub(crate) fn gaz(&self, i: usize) -> [Cats; 4] {
        self.gaz[i]
    }

    /// Single-token categories (names, title words) of token `i`.
    pub(crate) fn single(&self, i: usize) -> Cats {
        self.single[i]
    }

    /// Compute the static features of a sentence.
    pub(crate) fn prepare<S: AsRef<str>>(
        &mut self,
        toks: &[S],
        cx: Context<'_>,
        lexicon: &Lexicon,
    ) {
        self.prepare_tokens(toks, cx, lexicon);
        self.static_features(false);
    }

    /// Like [`Extractor::prepare`], but leave the static features of the
    /// [`Extractor::plain`] words to be computed when asked for (by
    /// [`Extractor::keys_with_history`]): the recogniser asks only for
    /// those inside a name.
    pub(crate) fn prepare_except_plain<S: AsRef<str>>(
        &mut self,
        toks: &[S],
        cx: Context<'_>,
        lexicon: &Lexicon,
    ) {
        self.prepare_tokens(toks, cx, lexicon);
        self.static_features(true);
    }

    /// Whether token `i` is a plain word: no upper-case letter, no digit,
    /// in no gazetteer phrase or name list, not a name particle ("al",
    /// "de", "van"), and not seen capitalised elsewhere in the document
    /// (only the document flags for lower-case, repeated and frequent
    /// words). Outside a name, the recogniser tags such a word `O` without
    /// scoring it: about 70% of news tokens; on 919 PolNeAR articles, 19
    /// of 73,946 mentions lost and 3 gained against scoring every token
    /// (see the module docs).
    pub(crate) fn plain(&self, i: usize) -> bool {
        self.plain.get(i).copied().unwrap_or(false)
    }

    fn is_plain(&self, i: usize) -> bool {
        let w = self.norm[i].as_str();
        w == self.lower[i]
            && !w.bytes().any(|b| b.is_ascii_digit())
            && self.gaz[i].iter().chain(&self.gaz_lc[i]).all(|&c| c == 0)
            && self.single[i] == 0
            && self.doc[i] & !(document::LOWER | document::TWICE | document::OFTEN) == 0
            && !NAME_PARTICLES.contains(&w)
    }

    /// The static keys of every token (`skip_plain`: but the plain words).
    fn static_features(&mut self, skip_plain: bool) {
        let n = self.len();
        self.plain.clear();
        for i in 0..n {
            let p = self.is_plain(i);
            self.plain.push(p);
        }
        self.keys.clear();
        self.offsets.clear();
        self.offsets.push(0);
        for i in 0..n {
            if !(skip_plain && self.plain[i]) {
                self.token_features(i, n);
                self.keys.extend_from_slice(self.feats.keys());
            }
            self.offsets.push(self.keys.len());
        }
    }

    /// Everything but the static keys.
    fn prepare_tokens<S: AsRef<str>>(&mut self, toks: &[S], cx: Context<'_>, lexicon: &Lexicon) {
        let g = &*GAZETTEER;
        let n = toks.len();
        self.norm.resize_with(n, String::new);
        self.lower.resize_with(n, String::new);
        self.shape.resize_with(n, String::new);
        self.caps.clear();
        self.single.clear();
        self.lex.clear();
        for (i, t) in toks.iter().enumerate() {
            let t = super::gazetteer::normalise(t.as_ref());
            self.norm[i].clear();
            self.norm[i].push_str(&t);
            self.lower[i].clear();
            if t.is_ascii() {
                // What the per-character mapping gives on ASCII.
                self.lower[i].extend(t.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                self.lower[i].extend(t.chars().flat_map(char::to_lowercase));
            }
            let mut sh = std::mem::take(&mut self.shape[i]);
            shape_of(&t, &mut sh);
            self.shape[i] = sh;
            self.caps.push(caps_of(&t));
            self.single.push(g.cats(&t));
            self.lex
                .push(LEX_NAMES[usize::from(lexicon.get(&self.lower[i])).min(5)]);
        }
        self.style = style_of(&self.caps);
        self.upos.clear();
        self.upos
            .extend((0..n).map(|i| cx.tags.get(i).map_or("?", |t| t.upos.as_str())));
        self.doc.clear();
        self.doc
            .extend((0..n).map(|i| cx.doc.get(i).copied().unwrap_or(0)));
        context::runs(&self.norm[..n], &mut self.runs);
        g.annotate(&self.norm[..n], false, &mut self.gaz);
        g.annotate(&self.lower[..n], true, &mut self.gaz_lc);
    }

    fn lower_at(&self, i: isize, n: usize) -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            &self.lower[i as usize]
        }
    }

    fn shape_at(&self, i: isize, n: usize) -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            &self.shape[i as usize]
        }
    }

    fn upos_at(&self, i: isize, n: usize) -> &'static str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            self.upos[i as usize]
        }
    }

    /// Part-of-speech, document and capitalised-run features of token `i`.
    fn context_features(&self, i: usize, n: usize, f: &mut Features) {
        let ii = i as isize;
        let caps = self.caps[i];
        for d in [-2isize, -1, 0, 1, 2] {
            let dl = ["-2", "-1", "0", "+1", "+2"][(d + 2) as usize];
            f.add(POS_WIN, &[dl, self.upos_at(ii + d, n)]);
        }
        f.add(POS_BI, &["-", self.upos_at(ii - 1, n), self.upos[i]]);
        f.add(POS_BI, &["+", self.upos[i], self.upos_at(ii + 1, n)]);
        f.add(POS_CAPS, &[self.upos[i], caps, self.lex[i]]);
        let flags = self.doc[i];
        if flags != 0 {
            for (b, name) in document::NAMES.iter().enumerate() {
                if flags & (1 << b) != 0 {
                    f.add(DOC, &[name, caps]);
                }
            }
            let combo = flags
                & (document::MIDCAP
                    | document::LOWER
                    | document::AFTER_FIRST
                    | document::AFTER_TITLE
                    | document::AFTER_IN);
            f.add_int(DOC_COMBO, i64::from(combo));
        }
        if let Some(r) = self.runs[i] {
            let p = if r.end - r.start == 1 {
                "U"
            } else if i == r.start {
                "B"
            } else if i + 1 == r.end {
                "L"
            } else {
                "I"
            };
            let head = &self.lower[r.end - 1];
            f.add(RUN_HEAD, &[head, p]);
            f.add(RUN_FIRST, &[&self.lower[r.start], p]);
            let org = context::is_org_head(head);
            f.add(RUN_ORG, &[if org { "org" } else { "-" }, p]);
            f.add_int(
                RUN_LEN,
                (r.end - r.start).min(6) as i64 * 8 + i64::from(org),
            );
            if r.end < n {
                f.add(RUN_ORG, &["next", &self.lower[r.end], p]);
            }
        }
    }

    fn caps_at(&self, i: isize, n: usize) -> &'static str {
        if i < 0 || i as usize >= n {
            "-"
        } else {
            self.caps[i as usize]
        }
    }

    fn token_features(&mut self, i: usize, n: usize) {
        let mut f = std::mem::take(&mut self.feats);
        f.clear();
        let ii = i as isize;
        let w = self.norm[i].as_str();
        let lw = self.lower[i].as_str();
        f.add(BIAS, &[]);
        f.add(WORD, &[w]);
        f.add(LOWER, &[lw]);
        f.add(SHAPE, &[&self.shape[i]]);
        for k in 1..=3 {
            f.add(PRE, &[prefix(lw, k)]);
        }
        for k in 2..=4 {
            f.add(SUF, &[suffix(lw, k)]);
        }
        f.add(CAPS, &[self.caps[i]]);
        f.add_int(LEN, w.chars().count().min(12) as i64);
        let position = if i == 0 {
            "first"
        } else if i + 1 == n {
            "last"
        } else {
            "mid"
        };
        f.add(POSITION, &[position, self.caps[i]]);
        for d in [-2isize, -1, 1, 2] {
            let dl = ["-2", "-1", "", "+1", "+2"][(d + 2) as usize];
            f.add(WIN_LOWER, &[dl, self.lower_at(ii + d, n)]);
        }
        f.add(WIN_SHAPE, &["-1", self.shape_at(ii - 1, n)]);
        f.add(WIN_SHAPE, &["+1", self.shape_at(ii + 1, n)]);
        f.add(SHAPE_BI, &["-", self.shape_at(ii - 1, n), &self.shape[i]]);
        f.add(SHAPE_BI, &["+", &self.shape[i], self.shape_at(ii + 1, n)]);
        f.add(LOWER_BI, &["-", self.lower_at(ii - 1, n), lw]);
        f.add(LOWER_BI, &["+", lw, self.lower_at(ii + 1, n)]);
        f.add(
            CAPS_WIN,
            &[
                self.caps_at(ii - 1, n),
                self.caps[i],
                self.caps_at(ii + 1, n),
            ],
        );
        f.add(LEX, &[self.lex[i], self.caps[i]]);
        f.add(STYLE, &[self.style, self.caps[i]]);
        f.add(STYLE_LEX, &[self.style, self.lex[i], self.caps[i]]);
        if i > 0 {
            f.add(
                LEX_WIN,
                &["-1", self.lex[i - 1], self.caps[i - 1], self.lex[i]],
            );
        }
        if i + 1 < n {
            f.add(
                LEX_WIN,
                &["+1", self.lex[i + 1], self.caps[i + 1], self.lex[i]],
            );
        }
        // Gazetteers: phrase categories by position, exact and lower-cased.
        for (tpl, ann) in [(GAZ, &self.gaz), (GAZ_LC, &self.gaz_lc)] {
            for (p, &cats) in ann[i].iter().enumerate() {
                for cat in Cat::PHRASE {
                    if cats & cat.bit() != 0 {
                        f.add(tpl, &[cat.name(), pos_name(p)]);
                        if tpl == GAZ {
                            f.add(tpl, &[cat.name(), pos_name(p), self.caps[i]]);
                        }
                        f.add(
                            STYLE_GAZ,
                            &[
                                self.style,
                                cat.name(),
                                pos_name(p),
                                if tpl == GAZ { "=" } else { "~" },
                            ],
                        );
                    }
                }
            }
        }
        for d in [-1isize, 1] {
            let j = ii + d;
            if j >= 0 && (j as usize) < n {
                let cats = self.gaz[j as usize].iter().fold(0, |a, b| a | b);
                for cat in Cat::PHRASE {
                    if cats & cat.bit() != 0 {
                        f.add(GAZ_WIN, &[if d < 0 { "-1" } else { "+1" }, cat.name()]);
                    }
                }
            }
        }
        // First names and title words, here and around.
        let single = self.single[i];
        for cat in [Cat::Male, Cat::Female, Cat::TitleHead, Cat::TitleMod] {
            if single & cat.bit() != 0 {
                f.add(NAME, &[cat.name(), self.caps[i]]);
            }
        }
        for d in [-2isize, -1, 1] {
            let j = ii + d;
            if j >= 0 && (j as usize) < n {
                let s = self.single[j as usize];
                let dl = ["-2", "-1", "", "+1"][(d + 2) as usize];
                for cat in [Cat::Male, Cat::Female] {
                    if s & cat.bit() != 0 {
                        f.add(NAME_WIN, &[dl, cat.name(), self.caps[i]]);
                    }
                }
                if s & Cat::TitleHead.bit() != 0 {
                    f.add(TITLE_WIN, &[dl, self.caps_at(j, n), self.caps[i]]);
                }
            }
        }
        self.context_features(i, n, &mut f);
        self.feats = f;
    }

    /// The static keys of token `i`.
    #[inline]
    pub(crate) fn static_keys(&self, i: usize) -> &[FeatureKey] {
        &self.keys[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Static keys of token `i` plus those of the previous decisions,
    /// into `out`.
    pub(crate) fn keys_with_history(
        &mut self,
        i: usize,
        prev: usize,
        prev2: usize,
        out: &mut Features,
    ) {
        out.clear();
        if self.static_keys(i).is_empty() {
            // A plain word that `prepare_except_plain` left (every token
            // has at least the bias feature).
            self.token_features(i, self.len());
            for &k in self.feats.keys() {
                out.push(k);
            }
        } else {
            for &k in self.static_keys(i) {
                out.push(k);
            }
        }
        let p = prev as i64;
        let p2 = prev2 as i64;
        out.add_int(PREV, p);
        out.add_int(PREV2, p * 64 + p2);
        let ps = PREV_NAMES[prev.min(PREV_NAMES.len() - 1)];
        out.add(PREV_LOWER, &[ps, &self.lower[i]]);
        out.add(PREV_SHAPE, &[ps, &self.shape[i]]);
        let cats = self.gaz[i].iter().fold(0, |a, b| a | b);
        out.add_int(PREV_GAZ, p * 4096 + i64::from(cats));
    }
}

/// Lower-case words that begin or join names ("al-Assad", "de Blasio",
/// "van der Bellen"): never [`Extractor::plain`].
const NAME_PARTICLES: [&str; 20] = [
    "abu", "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "el",
    "ibn", "la", "le", "st", "van", "von",
];

/// Previous-class names for string features; the last entry stands for
/// sentence start.
const PREV_NAMES: [&str; 14] = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "<s>",
];

/// The class id used for "no previous token".
pub(crate) const START: usize = PREV_NAMES.len() - 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_caps() {
        let mut s = String::new();
        shape_of("Lavrov", &mut s);
        assert_eq!(s, "Xx");
        shape_of("U.S.", &mut s);
        assert_eq!(s, "X.X.");
        shape_of("2025", &mut s);
        assert_eq!(s, "d");
        assert_eq!(caps_of("NATO"), "allcaps");
        assert_eq!(caps_of("McDonald"), "mixed");
        assert_eq!(caps_of("—"), "punct");
        assert_eq!(suffix("Ukraine", 3), "ine");
        assert_eq!(prefix("Ü", 3), "Ü");
    }

    /// The static keys `prepare_except_plain` leaves out are computed on
    /// demand, and equal those `prepare` computes.
    #[test]
    fn plain_words_get_the_same_keys_on_demand() {
        let lex = Lexicon::default();
        let toks: Vec<&str> =
            "the governor of the Bank of England said on Tuesday that al Qaeda and 2025 were off"
                .split(' ')
                .collect();
        let (mut eager, mut lazy) = (Extractor::default(), Extractor::default());
        eager.prepare(&toks, Context::default(), &lex);
        lazy.prepare_except_plain(&toks, Context::default(), &lex);
        let (mut a, mut b) = (Features::new(), Features::new());
        let mut left_out = 0;
        for (i, t) in toks.iter().enumerate() {
            assert_eq!(eager.plain(i), lazy.plain(i));
            left_out += usize::from(lazy.static_keys(i).is_empty());
            for prev in [0, 3, START] {
                eager.keys_with_history(i, prev, START, &mut a);
                lazy.keys_with_history(i, prev, START, &mut b);
                assert_eq!(a.keys(), b.keys(), "token {i} {t:?}");
            }
        }
        let plain = |w: &str| eager.plain(toks.iter().position(|t| *t == w).unwrap());
        for w in ["the", "said", "on", "that", "were", "off"] {
            assert!(plain(w), "{w}");
        }
        // Capitals, digits, name particles, title words.
        for w in [
            "Bank", "England", "Tuesday", "al", "Qaeda", "2025", "governor",
        ] {
            assert!(!plain(w), "{w}");
        }
        assert_eq!(
            left_out,
            (0..toks.len()).filter(|&i| eager.plain(i)).count()
        );
    }

    #[test]
    fn extracts_for_odd_sentences() {
        let mut x = Extractor::default();
        let lex = Lexicon::default();
        for toks in [vec![], vec!["😀"], vec!["!", "?", "…"], vec!["Kyiv’s"; 400]] {
            x.prepare(&toks, Context::default(), &lex);
            assert_eq!(x.len(), toks.len());
            for i in 0..toks.len() {
                assert!(!x.static_keys(i).is_empty());
            }
        }
    }
}
