//! Hand-written gazetteers (countries, cities, regions, other places,
//! demonyms, organisations, first names, title words), embedded in the
//! binary and matched against token sequences.
//!
//! The corpora dyad trains on are small and web-flavoured; lists of the
//! names that matter in news let the perceptron generalise to unseen
//! names ("Riyadh", "Ushakov"'s first name "Yury") and let the rules tell
//! GPE from LOC and find NORP, which no training corpus labels.
//!
//! Phrases are matched on token sequences through a hash of the tokens,
//! so lookup never allocates: a map from the hash of every entry (and of
//! every proper prefix of an entry) to the categories it completes.

use std::collections::HashMap;
use std::sync::LazyLock;

use dyad_core::Gender;

/// A gazetteer category (bit index into a [`Cats`] mask).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Cat {
    Country = 0,
    City = 1,
    Region = 2,
    Location = 3,
    Demonym = 4,
    Org = 5,
    Male = 6,
    Female = 7,
    TitleHead = 8,
    TitleMod = 9,
}

impl Cat {
    /// Categories that name multi-token phrases (features by position).
    pub(crate) const PHRASE: [Cat; 6] = [
        Cat::Country,
        Cat::City,
        Cat::Region,
        Cat::Location,
        Cat::Demonym,
        Cat::Org,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Cat::Country => "country",
            Cat::City => "city",
            Cat::Region => "region",
            Cat::Location => "loc",
            Cat::Demonym => "demonym",
            Cat::Org => "org",
            Cat::Male => "male",
            Cat::Female => "female",
            Cat::TitleHead => "title",
            Cat::TitleMod => "titlemod",
        }
    }

    #[inline]
    pub(crate) fn bit(self) -> Cats {
        1 << self as u8
    }
}

/// A set of categories.
pub(crate) type Cats = u16;

/// Bits of the categories that make a place a GPE.
pub(crate) const GPE_CATS: Cats =
    (1 << Cat::Country as u8) | (1 << Cat::City as u8) | (1 << Cat::Region as u8);

const COUNTRIES: &str = include_str!("../../data/gazetteer/countries.txt");
const CITIES: &str = include_str!("../../data/gazetteer/cities.txt");
const REGIONS: &str = include_str!("../../data/gazetteer/regions.txt");
const LOCATIONS: &str = include_str!("../../data/gazetteer/locations.txt");
const DEMONYMS: &str = include_str!("../../data/gazetteer/demonyms.txt");
const ORGS: &str = include_str!("../../data/gazetteer/organisations.txt");
const MALE: &str = include_str!("../../data/gazetteer/first_names_male.txt");
const FEMALE: &str = include_str!("../../data/gazetteer/first_names_female.txt");
const TITLES: &str = include_str!("../../data/gazetteer/titles.txt");
const TITLE_MODS: &str = include_str!("../../data/gazetteer/title_modifiers.txt");

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// Extend a phrase hash by one token.
#[inline]
pub(crate) fn extend(h: u64, token: &str) -> u64 {
    fnv(fnv(h, token.as_bytes()), &[0xff])
}

/// The hash of the empty phrase.
pub(crate) const EMPTY: u64 = OFFSET;

/// Keys are already FNV hashes: hash them no further.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type IdMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy, Debug, Default)]
struct Node {
    /// Categories of entries that end here.
    full: Cats,
    /// Some longer entry starts with this phrase.
    prefix: bool,
}

/// The lists, indexed.
#[derive(Debug)]
pub(crate) struct Gazetteer {
    exact: IdMap<Node>,
    lower: IdMap<Node>,
    max_len: usize,
    title_gender: HashMap<String, Gender>,
}

/// Lines of a list: trimmed, without comments and blanks; the second
/// tab-separated column (if any) returned apart.
fn entries(text: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    text.lines().filter_map(|l| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            return None;
        }
        let mut cols = l.split('\t');
        let entry = cols.next()?.trim();
        let extra = cols.next().map(str::trim).filter(|s| !s.is_empty());
        (!entry.is_empty()).then_some((entry, extra))
    })
}

/// Normalise a token the way the tagger sees it: typographic apostrophes
/// become ASCII.
pub(crate) fn normalise(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['’', '‘', '`']) {
        std::borrow::Cow::Owned(token.replace(['’', '‘', '`'], "'"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// The token sequences an entry may appear as: split on spaces, and also
/// with hyphens and `'s` split off as UD treebanks do (`Guinea - Bissau`).
fn variants(entry: &str) -> Vec<Vec<String>> {
    let entry = normalise(entry);
    let plain: Vec<String> = entry.split_whitespace().map(str::to_owned).collect();
    let mut ud = Vec::new();
    for w in &plain {
        let (stem, poss) = match w.strip_suffix("'s") {
            Some(s) if !s.is_empty() => (s, true),
            _ => (w.as_str(), false),
        };
        let parts: Vec<&str> = stem.split('-').collect();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                ud.push("-".to_owned());
            }
            if !p.is_empty() {
                ud.push((*p).to_owned());
            }
        }
        if poss {
            ud.push("'s".to_owned());
        }
    }
    if ud == plain {
        vec![plain]
    } else {
        vec![plain, ud]
    }
}

impl Gazetteer {
    fn build() -> Self {
        let mut g = Gazetteer {
            exact: IdMap::default(),
            lower: IdMap::default(),
            max_len: 1,
            title_gender: HashMap::new(),
        };
        let lists: [(&str, Cat); 8] = [
            (COUNTRIES, Cat::Country),
            (CITIES, Cat::City),
            (REGIONS, Cat::Region),
            (LOCATIONS, Cat::Location),
            (DEMONYMS, Cat::Demonym),
            (ORGS, Cat::Org),
            (MALE, Cat::Male),
            (FEMALE, Cat::Female),
        ];
        for (text, cat) in lists {
            for (e, _) in entries(text) {
                g.insert(e, cat);
            }
        }
        for (e, gender) in entries(TITLES) {
            // A multi-word title ("Prime Minister") is modifiers + a head.
            let words: Vec<&str> = e.split_whitespace().collect();
            if let Some((last, rest)) = words.split_last() {
                g.insert(last, Cat::TitleHead);
                for w in rest {
                    g.insert(w, Cat::TitleMod);
                }
                if words.len() == 1 {
                    let gender = match gender {
                        Some("male") => Some(Gender::Male),
                        Some("female") => Some(Gender::Female),
                        _ => None,
                    };
                    if let Some(gender) = gender {
                        g.title_gender.insert(e.to_owned(), gender);
                    }
                }
            }
        }
        for (e, _) in entries(TITLE_MODS) {
            for w in e.split_whitespace() {
                g.insert(w, Cat::TitleMod);
            }
        }
        g
    }

    fn insert(&mut self, entry: &str, cat: Cat) {
        for toks in variants(entry) {
            self.max_len = self.max_len.max(toks.len());
            Self::insert_in(&mut self.exact, &toks, cat);
            let lower: Vec<String> = toks.iter().map(|t| t.to_lowercase()).collect();
            Self::insert_in(&mut self.lower, &lower, cat);
        }
    }

    fn insert_in(map: &mut IdMap<Node>, toks: &[String], cat: Cat) {
        let mut h = EMPTY;
        for (i, t) in toks.iter().enumerate() {
            h = extend(h, t);
            let node = map.entry(h).or_default();
            if i + 1 == toks.len() {
                node.full |= cat.bit();
            } else {
                node.prefix = true;
            }
        }
    }

    /// The categories of the single token `t` (exact match).
    #[inline]
    pub(crate) fn cats(&self, t: &str) -> Cats {
        self.exact.get(&extend(EMPTY, t)).map_or(0, |n| n.full)
    }

    /// The categories of the phrase `toks` (exact match), 0 if none.
    pub(crate) fn phrase_cats<S: AsRef<str>>(&self, toks: &[S]) -> Cats {
        let h = toks.iter().fold(EMPTY, |h, t| extend(h, t.as_ref()));
        self.exact.get(&h).map_or(0, |n| n.full)
    }

    /// Longest matches starting at each token: for every token, the
    /// categories of the phrases covering it with its position in them
    /// (`B`, `I`, `L`, `U`). `lower` selects the lower-cased index (then
    /// `toks` must be lower-cased).
    pub(crate) fn annotate<S: AsRef<str>>(
        &self,
        toks: &[S],
        lower: bool,
        out: &mut Vec<[Cats; 4]>,
    ) {
        let map = if lower { &self.lower } else { &self.exact };
        out.clear();
        out.resize(toks.len(), [0; 4]);
        for start in 0..toks.len() {
            let mut h = EMPTY;
            let mut best: Option<(usize, Cats)> = None;
            let stop = toks.len().min(start + self.max_len);
            for (end, tok) in toks.iter().enumerate().take(stop).skip(start) {
                h = extend(h, tok.as_ref());
                let Some(node) = map.get(&h) else { break };
                if node.full != 0 {
                    best = Some((
                        end + 1,
                        node.full
                            & !(Cat::Male.bit()
                                | Cat::Female.bit()
                                | Cat::TitleHead.bit()
                                | Cat::TitleMod.bit()),
                    ));
                }
                if !node.prefix {
                    break;
                }
            }
            if let Some((end, cats)) = best {
                if cats == 0 {
                    continue;
                }
                if end - start == 1 {
                    out[start][3] |= cats;
                } else {
                    out[start][0] |= cats;
                    for o in &mut out[start + 1..end - 1] {
                        o[1] |= cats;
                    }
                    out[end - 1][2] |= cats;
                }
            }
        }
    }

    /// The gender a title word implies (`Sir`, `Mrs.`, `Queen`).
    pub(crate) fn title_gender(&self, word: &str) -> Option<Gender> {
        self.title_gender.get(word).copied()
    }
}

/// The embedded lists, indexed on first use.
pub(crate) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build);

/// The gender a first name suggests, from dyad's hand-written lists of
/// male and female first names; `None` for names on both lists or on
/// neither. Matching is exact first, then in title case
/// (`"SERGEI"`/`"sergei"` -> `Sergei`).
///
/// ```
/// use dyad_core::Gender;
/// use dyad_nlp::ner::first_name_gender;
/// assert_eq!(first_name_gender("Sergei"), Some(Gender::Male));
/// assert_eq!(first_name_gender("Giorgia"), Some(Gender::Female));
/// assert_eq!(first_name_gender("Ukraine"), None);
/// ```
pub fn first_name_gender(name: &str) -> Option<Gender> {
    let g = &*GAZETTEER;
    let mut cats = g.cats(name);
    if cats & (Cat::Male.bit() | Cat::Female.bit()) == 0 {
        let mut chars = name.chars();
        if let Some(first) = chars.next() {
            let titled: String = first
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect();
            cats = g.cats(&titled);
        }
    }
    let male = cats & Cat::Male.bit() != 0;
    let female = cats & Cat::Female.bit() != 0;
    match (male, female) {
        (true, false) => Some(Gender::Male),
        (false, true) => Some(Gender::Female),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_large_enough() {
        for (text, min) in [
            (COUNTRIES, 195),
            (CITIES, 300),
            (MALE, 400),
            (FEMALE, 400),
            (DEMONYMS, 195),
        ] {
            assert!(entries(text).count() >= min);
        }
    }

    #[test]
    fn phrases_match_longest_first() {
        let g = &*GAZETTEER;
        let toks = [
            "in", "Saudi", "Arabia", "and", "the", "United", "States", ".",
        ];
        let mut out = Vec::new();
        g.annotate(&toks, false, &mut out);
        assert_ne!(out[1][0] & Cat::Country.bit(), 0);
        assert_ne!(out[2][2] & Cat::Country.bit(), 0);
        assert_ne!(out[6][2] & Cat::Country.bit(), 0);
        assert_eq!(out[3], [0; 4]);
        assert_ne!(
            g.phrase_cats(&["Guinea", "-", "Bissau"]) & Cat::Country.bit(),
            0
        );
        assert_ne!(g.cats("Minister") & Cat::TitleHead.bit(), 0);
        assert_ne!(g.cats("Prime") & Cat::TitleMod.bit(), 0);
        assert_eq!(g.title_gender("Sir"), Some(Gender::Male));
    }

    #[test]
    fn first_names() {
        assert_eq!(first_name_gender("Volodymyr"), Some(Gender::Male));
        assert_eq!(first_name_gender("olga"), Some(Gender::Female));
        assert_eq!(first_name_gender(""), None);
        assert_eq!(first_name_gender("Yuki"), None);
    }
}
