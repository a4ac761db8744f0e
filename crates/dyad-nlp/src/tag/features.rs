//! Token normalisation and the tagger's feature templates.
//!
//! Every token is analysed once per sentence into a [`Tok`] (normalised
//! and lowercased forms, shape, flags, ambiguity class); the features of a
//! position then combine its ±2 window with the two tags already
//! predicted to its left. Training and tagging share this code, so the
//! model sees the same features in both.

use std::borrow::Cow;

use crate::model::Features;

/// Curly quotes and apostrophes become the straight ones both treebanks
/// use most (`’s` -> `'s`, `“` -> `"`), so `n’t` in news text finds the
/// weights of `n't`. The raw form stays a feature of its own, which keeps
/// the open/close direction of curly quotes.
pub(crate) fn normalize(form: &str) -> String {
    form.chars().map(straighten).collect()
}

/// The character [`normalize`] writes for `c`.
#[inline]
fn straighten(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' | '\u{201E}' => '"',
        '\u{2013}' => '-',
        _ => c,
    }
}

/// [`normalize`], borrowing `form` when nothing changes (ASCII forms
/// never change), so most words cost no allocation.
fn normalize_cow(form: &str) -> Cow<'_, str> {
    if form.is_ascii() || form.chars().all(|c| straighten(c) == c) {
        Cow::Borrowed(form)
    } else {
        Cow::Owned(normalize(form))
    }
}

/// `norm.to_lowercase()`, borrowing when an ASCII form has no capitals
/// and lowering ASCII in place of the full Unicode mapping (they agree
/// on ASCII).
fn lowercase<'a>(norm: &Cow<'a, str>) -> Cow<'a, str> {
    if !norm.is_ascii() {
        return Cow::Owned(norm.to_lowercase());
    }
    if !norm.bytes().any(|b| b.is_ascii_uppercase()) {
        return norm.clone();
    }
    Cow::Owned(norm.to_ascii_lowercase())
}

/// A word shape, kept inline: at most 12 bytes before the last
/// character, which is at most 4.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Shape {
    bytes: [u8; 16],
    len: u8,
}

impl Shape {
    fn push(&mut self, c: char) {
        let at = usize::from(self.len);
        if let Some(buf) = self.bytes.get_mut(at..)
            && buf.len() >= c.len_utf8()
        {
            self.len += c.encode_utf8(buf).len() as u8;
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Whole characters only are pushed, so this never fails.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

/// The word shape: `Xxxx` -> `Xxx`, `1,200` -> `d,ddd`; runs of one class
/// are cut at three so shapes stay few.
fn shape(form: &str) -> Shape {
    let mut out = Shape::default();
    let mut last = '\0';
    let mut run = 0;
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k == last {
            run += 1;
        } else {
            run = 1;
            last = k;
        }
        if run <= 3 {
            out.push(k);
        }
        if out.len > 12 {
            break;
        }
    }
    out
}

/// One token, analysed for feature extraction.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    /// As written.
    pub(crate) raw: &'a str,
    /// Curly quotes straightened (borrowed from `raw` when unchanged).
    pub(crate) norm: Cow<'a, str>,
    /// `norm`, lowercased (borrowed when unchanged).
    pub(crate) lower: Cow<'a, str>,
    shape: Shape,
    /// Capitalisation: 0 lower/none, 1 initial capital, 2 all capitals,
    /// 3 mixed.
    caps: i64,
    digit: bool,
    hyphen: bool,
    /// The ambiguity class of the word (the tags it had in training),
    /// `""` when unknown.
    pub(crate) amb: &'a str,
    /// The tag dictionary's class for `norm`, looked up once for both
    /// passes (set by `TaggerModel::analyse`; `None` = not in it).
    pub(crate) dict: Option<u16>,
}

impl<'a> Tok<'a> {
    /// Analyse `raw`; `amb` looks up a lowercased form's ambiguity class.
    pub(crate) fn new(raw: &'a str, amb: &dyn Fn(&str) -> &'a str) -> Self {
        let norm = normalize_cow(raw);
        let lower = lowercase(&norm);
        let mut upper = 0usize;
        let mut letters = 0usize;
        let mut first_upper = false;
        let mut digit = false;
        let mut hyphen = false;
        for (i, c) in norm.chars().enumerate() {
            if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                    if i == 0 {
                        first_upper = true;
                    }
                }
            }
            digit |= c.is_ascii_digit();
            hyphen |= c == '-';
        }
        let caps = if upper == 0 {
            0
        } else if upper == letters && letters > 1 {
            2
        } else if first_upper && upper == 1 {
            1
        } else {
            3
        };
        let amb = amb(&lower);
        Tok {
            raw,
            shape: shape(&norm),
            norm,
            lower,
            caps,
            digit,
            hyphen,
            amb,
            dict: None,
        }
    }
}

/// The first `n` characters of `s` (all of it when shorter).
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `n` characters of `s` (all of it when shorter).
pub(crate) fn suffix(s: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

const START: &str = "<s>";
const END: &str = "</s>";

/// The tags around a position, by class name: the two predicted before
/// it, and (second pass only) the first pass's tags of the two after it.
/// `None` is outside the sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context<'c> {
    pub(crate) p1: Option<&'c str>,
    pub(crate) p2: Option<&'c str>,
    pub(crate) lookahead: bool,
    pub(crate) r1: Option<&'c str>,
    pub(crate) r2: Option<&'c str>,
}

/// The small feature set of the first (look-ahead) pass.
pub(crate) fn extract_first(toks: &[Tok<'_>], i: usize, p1: Option<&str>, f: &mut Features) {
    f.clear();
    let t = &toks[i];
    let low = |j: isize| {
        let k = i as isize + j;
        toks.get(k as usize)
            .filter(|_| k >= 0)
            .map_or(if j < 0 { START } else { END }, |t| &*t.lower)
    };
    f.add(100, &[]);
    f.add(101, &[&t.lower]);
    f.add(102, &[suffix(&t.lower, 3)]);
    f.add(103, &[t.shape.as_str()]);
    f.add(104, &[t.amb]);
    f.add(105, &[p1.unwrap_or(START)]);
    f.add(106, &[low(-1)]);
    f.add(107, &[low(1)]);
    f.add(108, &[toks.get(i + 1).map_or(END, |t| t.amb)]);
    f.add_int(109, t.caps * 2 + i64::from(i == 0));
}

/// Fill `f` with the features of position `i` of `toks` in context `cx`.
pub(crate) fn extract(toks: &[Tok<'_>], i: usize, cx: Context<'_>, f: &mut Features) {
    f.clear();
    let (p1, p2) = (cx.p1, cx.p2);
    let t = &toks[i];
    let n = toks.len();
    let w = |j: isize| -> Option<&Tok<'_>> {
        let k = i as isize + j;
        (k >= 0 && (k as usize) < n).then(|| &toks[k as usize])
    };
    let low = |j: isize| w(j).map_or(if j < 0 { START } else { END }, |t| &*t.lower);
    let p1 = p1.unwrap_or(START);
    let p2 = p2.unwrap_or(START);

    f.add(0, &[]);
    f.add(1, &[t.raw]);
    f.add(2, &[&t.lower]);
    for k in 1..=3 {
        f.add(2 + k as u16, &[prefix(&t.lower, k)]);
    }
    for k in 1..=4 {
        f.add(5 + k as u16, &[suffix(&t.lower, k)]);
    }
    f.add(10, &[t.shape.as_str()]);
    f.add_int(11, i64::from(t.digit) + 2 * i64::from(t.hyphen));
    let pos = if i == 0 {
        0
    } else if i + 1 == n {
        2
    } else {
        1
    };
    f.add_int(12, t.caps * 4 + pos);
    f.add(13, &[p1]);
    f.add(14, &[p1, p2]);
    f.add(15, &[p1, &t.lower]);
    f.add(16, &[p2]);
    f.add(17, &[low(-1)]);
    f.add(18, &[low(-2)]);
    f.add(19, &[low(1)]);
    f.add(20, &[low(2)]);
    f.add(21, &[suffix(low(-1), 3)]);
    f.add(22, &[suffix(low(1), 3)]);
    f.add(23, &[w(1).map_or(END, |t| t.shape.as_str())]);
    f.add(24, &[w(-1).map_or(START, |t| t.shape.as_str())]);
    f.add(25, &[t.amb]);
    f.add(26, &[w(1).map_or(END, |t| t.amb)]);
    f.add(27, &[w(2).map_or(END, |t| t.amb)]);
    f.add(28, &[p1, suffix(&t.lower, 3)]);
    f.add(29, &[t.amb, w(1).map_or(END, |t| t.amb)]);
    f.add(30, &[low(-1), &t.lower]);
    f.add(31, &[&t.lower, low(1)]);
    f.add(32, &[p1, low(1)]);
    if cx.lookahead {
        let r1 = cx.r1.unwrap_or(END);
        let r2 = cx.r2.unwrap_or(END);
        f.add(33, &[r1]);
        f.add(34, &[r1, r2]);
        f.add(35, &[r1, &t.lower]);
        f.add(36, &[p1, r1]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Washington").as_str(), "Xxxx");
        assert_eq!(shape("1,200.5").as_str(), "d,ddd.d");
        assert_eq!(shape("U.S.").as_str(), "X.X.");
        let long = "🙂a🙂b🙂c🙂d🙂e🙂";
        assert_eq!(shape(long).as_str(), "🙂x🙂x🙂");
        for w in ["Don’t", "ÉTÉ", "ΣΑΣ", "“x”", "abc", "ABC", "İx", ""] {
            let n = normalize_cow(w);
            assert_eq!(n, normalize(w));
            assert_eq!(lowercase(&n), normalize(w).to_lowercase());
        }
        assert_eq!(suffix("tried", 3), "ied");
        assert_eq!(suffix("é", 3), "é");
        assert_eq!(prefix("über", 2), "üb");
        assert_eq!(normalize("don’t “x”"), "don't \"x\"");
    }

    #[test]
    fn odd_tokens_do_not_panic() {
        let none = |_: &str| "";
        let toks: Vec<Tok<'_>> = ["", "🙂", "---", "ÉTÉ"]
            .iter()
            .map(|s| Tok::new(s, &none))
            .collect();
        let mut f = Features::new();
        for i in 0..toks.len() {
            let cx = Context {
                p2: Some("X"),
                lookahead: true,
                ..Context::default()
            };
            extract(&toks, i, cx, &mut f);
            assert!(f.keys().len() > 30);
            extract_first(&toks, i, None, &mut f);
            assert_eq!(f.keys().len(), 10);
        }
        assert_eq!(toks[3].caps, 2);
    }
}
