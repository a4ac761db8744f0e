//! Text normalisation shared by the loader and the resolver.
//!
//! A phrase is cut into tokens; each token is lower-cased, stripped of
//! diacritics (`Khürelsükh` = `khurelsukh`), curly apostrophes become `'`,
//! a possessive `'s` becomes its own token, and the tokens are joined by
//! single spaces into one normalised string. Any run of consecutive tokens
//! is then a substring of that string, so n-gram look-ups need no
//! allocation.

use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// A small, fast, non-cryptographic hasher (FxHash) for the indexes: the
/// keys come from our own data, not from an adversary.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Hash-map builder used by every index.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// What kind of token it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters, digits, inner `'`, `.`, `-`.
    Word,
    /// `,` `;` `:` `(` `)` dashes: phrase boundaries.
    Punct,
}

/// One token of an analysed phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    /// Byte range in the original text.
    pub(crate) orig: Range<usize>,
    /// Byte range in [`Analysed::norm`].
    pub(crate) norm: Range<usize>,
    /// Word or punctuation.
    pub(crate) kind: TokKind,
    /// The original has no upper-case letter.
    pub(crate) lower: bool,
    /// The original starts with an upper-case letter (or a digit).
    pub(crate) capital: bool,
    /// The original has no lower-case letter (`WHO`, `U.S.`).
    pub(crate) upper: bool,
}

/// A phrase cut into normalised tokens.
#[derive(Clone, Debug, Default)]
pub(crate) struct Analysed {
    /// Normalised tokens joined by single spaces.
    pub(crate) norm: String,
    /// The tokens.
    pub(crate) toks: Vec<Tok>,
}

impl Analysed {
    /// Analyse `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut a = Analysed {
            norm: String::with_capacity(text.len() + 8),
            toks: Vec::with_capacity(text.len() / 4 + 2),
        };
        a.fill(text);
        a
    }

    /// The normalised text of tokens `range` (must be non-empty).
    #[inline]
    pub(crate) fn key(&self, range: Range<usize>) -> &str {
        &self.norm[self.toks[range.start].norm.start..self.toks[range.end - 1].norm.end]
    }

    /// The normalised text of one token.
    #[inline]
    pub(crate) fn word(&self, i: usize) -> &str {
        &self.norm[self.toks[i].norm.clone()]
    }

    fn push(&mut self, text: &str, orig: Range<usize>, kind: TokKind) {
        let piece = &text[orig.clone()];
        if piece.is_empty() {
            return;
        }
        if !self.norm.is_empty() {
            self.norm.push(' ');
        }
        let start = self.norm.len();
        let mut lower = true;
        let mut capital = false;
        let mut upper = true;
        for (n, c) in piece.chars().enumerate() {
            if c.is_lowercase() {
                upper = false;
            }
            if c.is_uppercase() {
                lower = false;
                if n == 0 {
                    capital = true;
                }
            } else if n == 0 && c.is_ascii_digit() {
                capital = true;
            }
            push_folded(&mut self.norm, c);
        }
        let end = self.norm.len();
        self.toks.push(Tok {
            orig,
            norm: start..end,
            kind,
            lower,
            capital,
            upper,
        });
    }

    fn fill(&mut self, text: &str) {
        let mut chars = text.char_indices().peekable();
        while let Some(&(i, c)) = chars.peek() {
            if is_word_char(c) {
                // Gather a word: word chars plus inner joiners.
                let start = i;
                let mut end = i;
                while let Some(&(j, d)) = chars.peek() {
                    if is_word_char(d) || is_joiner(d) || d == '&' && end > start {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                self.push_word(text, start, end);
            } else {
                chars.next();
                if matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '—' | '–' | '/') {
                    self.push(text, i..i + c.len_utf8(), TokKind::Punct);
                } else if c == '&' {
                    self.push(text, i..i + 1, TokKind::Word);
                }
            }
        }
    }

    /// Split one raw word into tokens: `ex-`, a possessive `'s`, a trailing
    /// period, trailing `&`.
    fn push_word(&mut self, text: &str, mut start: usize, mut end: usize) {
        // Trim trailing joiners except a period that belongs to an
        // abbreviation (`U.S.`, `W.`).
        loop {
            let w = &text[start..end];
            let Some(last) = w.chars().next_back() else {
                return;
            };
            if last == '.' {
                let inner = &w[..w.len() - 1];
                let abbreviation = inner.contains('.') || inner.chars().count() == 1;
                if abbreviation && !inner.is_empty() {
                    break;
                }
                end -= 1;
            } else if is_apostrophe(last) {
                // Plural possessive (`governors'`): drop the mark.
                end -= last.len_utf8();
            } else if matches!(last, '-' | '&') {
                end -= 1;
            } else {
                break;
            }
        }
        // Leading joiners.
        while let Some(first) = text[start..end].chars().next() {
            if is_joiner(first) && !(is_apostrophe(first) && text[start..end].len() > 1) {
                start += first.len_utf8();
            } else {
                break;
            }
        }
        if start >= end {
            return;
        }
        let w = &text[start..end];
        // `ex-President` -> `ex-` + `president`.
        if w.len() > 3 && w.is_char_boundary(3) && w[..3].eq_ignore_ascii_case("ex-") {
            self.push(text, start..start + 3, TokKind::Word);
            start += 3;
        }
        let w = &text[start..end];
        // Possessive `'s` (straight or curly apostrophe).
        for apos in ["'s", "’s", "'S", "’S", "ʼs"] {
            if w.len() > apos.len() && w.ends_with(apos) {
                let cut = end - apos.len();
                self.push(text, start..cut, TokKind::Word);
                self.push(text, cut..end, TokKind::Word);
                return;
            }
        }
        self.push(text, start..end, TokKind::Word);
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`')
}

#[inline]
fn is_joiner(c: char) -> bool {
    is_apostrophe(c) || matches!(c, '.' | '-' | '‐' | '‑')
}

/// Lower-case `c`, strip its diacritics, and append it.
#[inline]
fn push_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_apostrophe(c) {
        out.push('\'');
        return;
    }
    if matches!(c, '‐' | '‑') {
        out.push('-');
        return;
    }
    match fold(c) {
        Some(s) => out.push_str(s),
        None => out.extend(c.to_lowercase()),
    }
}

/// The ASCII letters for a Latin letter with diacritics.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'Ā' | 'ā' | 'Ă'
        | 'ă' | 'Ą' | 'ą' | 'ǎ' | 'Ǎ' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ẫ' | 'ậ' | 'ắ' | 'ằ'
        | 'ẳ' | 'ẵ' | 'ặ' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ð' | 'ð' | 'Ď' | 'ď' | 'Đ' | 'đ' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'è' | 'é' | 'ê' | 'ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę'
        | 'ę' | 'Ě' | 'ě' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề' | 'ể' | 'ễ' | 'ệ' | 'Ə' | 'ə' => {
            "e"
        }
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' | 'ḥ' | 'Ḥ' => "h",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'ì' | 'í' | 'î' | 'ï' | 'Ĩ' | 'ĩ' | 'Ī' | 'ī' | 'Ĭ' | 'ĭ' | 'Į'
        | 'į' | 'İ' | 'ı' | 'ǐ' | 'ị' | 'ỉ' => "i",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ'
        | 'ŏ' | 'Ő' | 'ő' | 'Ơ' | 'ơ' | 'ǒ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ' | 'ỗ' | 'ộ' | 'ớ'
        | 'ờ' | 'ở' | 'ỡ' | 'ợ' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ș' | 'ș' | 'ṣ' | 'Ṣ' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' | 'Ț' | 'ț' | 'ṭ' => "t",
        'Þ' | 'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'ù' | 'ú' | 'û' | 'ü' | 'Ũ' | 'ũ' | 'Ū' | 'ū' | 'Ŭ' | 'ŭ' | 'Ů'
        | 'ů' | 'Ű' | 'ű' | 'Ų' | 'ų' | 'Ư' | 'ư' | 'ǔ' | 'ụ' | 'ủ' | 'ứ' | 'ừ' | 'ử' | 'ữ'
        | 'ự' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' | 'ỳ' | 'ỵ' | 'ỷ' | 'ỹ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        _ => return None,
    })
}

/// The index key of a dictionary form: normalised, without a leading
/// `the`. `None` when nothing is left.
pub(crate) fn key_of(form: &str) -> Option<String> {
    let a = Analysed::new(form);
    let mut s = a.norm.as_str();
    if let Some(rest) = s.strip_prefix("the ") {
        s = rest;
    }
    let s = s.trim();
    if s.is_empty() || s == "the" {
        None
    } else {
        Some(s.to_owned())
    }
}

/// How a dictionary form constrains the case of the text it matches:
/// 0 none; 1 (an all-capitals form of four letters or more, `NATO`) the
/// text must not be all lower case (`Nato` matches, `nato` does not); 2 (a
/// short all-capitals form, `WHO`, `US`, `JAM`) the text must be all
/// capitals too (`who`, `Jam` do not match).
pub(crate) fn caps_class(form: &str) -> u8 {
    if !is_caps_form(form) {
        return 0;
    }
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 3 { 2 } else { 1 }
}

/// Whether a dictionary form is an acronym-like all-capitals form (`WHO`,
/// `U.S.`), which must not match all-lower-case text (`who`, `us`).
pub(crate) fn is_caps_form(form: &str) -> bool {
    let form = form.trim();
    let form = form.strip_prefix("the ").unwrap_or(form);
    let mut letters = 0;
    for c in form.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters > 0
}

/// Regular English plural of a (lower-case) role phrase: the last word is
/// pluralised (`defence minister` -> `defence ministers`, `militia` ->
/// `militias`, `policy` -> `policies`, `coach` -> `coaches`, `policeman`
/// -> `policemen`). Phrases of the shape `X of Y` pluralise `X`
/// (`member of parliament` -> `members of parliament`).
pub(crate) fn plural(phrase: &str) -> String {
    for sep in [" of ", " to ", " for ", " in ", " at "] {
        if let Some(pos) = phrase.find(sep) {
            let (head, rest) = phrase.split_at(pos);
            return format!("{}{rest}", plural(head));
        }
    }
    let (stem, last) = match phrase.rfind(' ') {
        Some(p) => (&phrase[..=p], &phrase[p + 1..]),
        None => ("", phrase),
    };
    format!("{stem}{}", plural_word(last))
}

fn plural_word(w: &str) -> String {
    let b = w.as_bytes();
    let n = b.len();
    if n == 0 {
        return String::new();
    }
    if w.ends_with("man") && !w.ends_with("human") {
        return format!("{}men", &w[..n - 3]);
    }
    // thief -> thieves, wife -> wives, chief -> chiefs (kept regular).
    if w.ends_with("ief") && w != "chief" && !w.ends_with("chief") {
        return format!("{}ves", &w[..n - 1]);
    }
    if w.ends_with("ife") {
        return format!("{}ves", &w[..n - 2]);
    }
    if n >= 2 && b[n - 1] == b'y' && !matches!(b[n - 2], b'a' | b'e' | b'i' | b'o' | b'u') {
        return format!("{}ies", &w[..n - 1]);
    }
    if w.ends_with('s')
        || w.ends_with("sh")
        || w.ends_with("ch")
        || w.ends_with('x')
        || w.ends_with('z')
    {
        return format!("{w}es");
    }
    format!("{w}s")
}

/// Name particles that start a multi-word surname (`von der Leyen`, `da
/// Silva`, `Le Drian`).
const PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la",
    "le", "ter", "ten", "zu", "bin", "ibn", "al", "el", "abu", "mac", "st.",
];

/// Suffixes that are not surnames (`Jr.`, `III`).
const SUFFIXES: &[&str] = &["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"];

/// The surname keys of a person's canonical name: the last word (skipping
/// `Jr.`-like suffixes), and for names with particles the particle phrase
/// (`Ursula von der Leyen` -> `von der leyen`, `leyen`). Empty for
/// one-word names.
pub(crate) fn surnames(name: &str) -> Vec<String> {
    let a = Analysed::new(name);
    let words: Vec<&str> = (0..a.toks.len())
        .filter(|&i| a.toks[i].kind == TokKind::Word)
        .map(|i| a.word(i))
        .collect();
    let mut end = words.len();
    while end > 0 && SUFFIXES.contains(&words[end - 1]) {
        end -= 1;
    }
    let mut out = Vec::new();
    if end < 2 {
        return out;
    }
    let last = words[end - 1];
    if last.chars().count() >= 2 && !PARTICLES.contains(&last) {
        out.push(last.to_owned());
    }
    // Particle phrase: the first particle after the first word.
    if let Some(p) = (1..end - 1).find(|&i| PARTICLES.contains(&words[i])) {
        out.push(words[p..end].join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let a = Analysed::new(s);
        (0..a.toks.len()).map(|i| a.word(i).to_owned()).collect()
    }

    #[test]
    fn normalises() {
        assert_eq!(words("Ukhnaagiin Khürelsükh"), ["ukhnaagiin", "khurelsukh"]);
        assert_eq!(words("Russia’s envoy"), ["russia", "'s", "envoy"]);
        assert_eq!(words("the U.S. said."), ["the", "u.s.", "said"]);
        assert_eq!(
            words("ex-President Sen. X"),
            ["ex-", "president", "sen", "x"]
        );
        assert_eq!(words("Washington, D.C."), ["washington", ",", "d.c."]);
        assert_eq!(words("governors' aides"), ["governors", "aides"]);
        assert_eq!(words("Antigua & Barbuda"), ["antigua", "&", "barbuda"]);
        assert_eq!(words(""), Vec::<String>::new());
    }

    #[test]
    fn keys() {
        assert_eq!(key_of("The Kremlin").as_deref(), Some("kremlin"));
        assert_eq!(key_of("Khürelsükh").as_deref(), Some("khurelsukh"));
        assert_eq!(key_of("the"), None);
        assert!(is_caps_form("WHO"));
        assert!(is_caps_form("U.S."));
        assert!(!is_caps_form("Nato"));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("soldier"), "soldiers");
        assert_eq!(plural("militia"), "militias");
        assert_eq!(plural("deputy"), "deputies");
        assert_eq!(plural("attorney"), "attorneys");
        assert_eq!(plural("coach"), "coaches");
        assert_eq!(plural("boss"), "bosses");
        assert_eq!(plural("policeman"), "policemen");
        assert_eq!(plural("defence minister"), "defence ministers");
        assert_eq!(plural("member of parliament"), "members of parliament");
    }

    #[test]
    fn surname_keys() {
        assert_eq!(surnames("Sergei Lavrov"), ["lavrov"]);
        assert_eq!(surnames("Ursula von der Leyen"), ["leyen", "von der leyen"]);
        assert_eq!(surnames("Luiz Inácio Lula da Silva"), ["silva", "da silva"]);
        assert_eq!(surnames("Joseph R. Biden Jr."), ["biden"]);
        assert!(surnames("Madonna").is_empty());
    }
}
