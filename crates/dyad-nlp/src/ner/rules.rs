//! Rules applied after the statistical model: GPE vs LOC, NORP, and
//! person titles.
//!
//! No training corpus dyad may use labels GPE apart from LOC, or NORP at
//! all, and none keeps titles apart from names the way dyad's actor coding
//! needs. These rules do it with the gazetteers:
//!
//! - a LOC span that is a known country, city or region is a GPE; one
//!   that is a known non-political place, or ends in a geographic word
//!   ("River", "Sea"), stays LOC; other places default to GPE, as unknown
//!   place names in news are mostly towns;
//! - an ORG/LOC span, or a capitalised token outside any span, that is a
//!   nationality or group name ("Russian", "Ukrainians") is NORP;
//! - a PERSON span keeps its name only: title words the model put inside
//!   it ("Sir Keir Starmer") move out, and the title before it ("Russian
//!   Foreign Minister") is found by walking left over title words, their
//!   modifiers ("Foreign", "National Security", "presidential"), `of`, and
//!   country or nationality words — never across a possessive or comma.

use dyad_core::{EntityLabel, Gender};

use super::features::Extractor;
use super::gazetteer::{Cat, Cats, GAZETTEER, GPE_CATS};
use super::labels::{Kind, KindSpan};

/// A name found in a sentence: token range, label, title token range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Name {
    pub start: usize,
    pub end: usize,
    pub label: EntityLabel,
    pub title: Option<(usize, usize)>,
    pub gender: Option<Gender>,
}

/// Words that make an unknown place a LOC (a geographic feature or a
/// building) rather than a GPE.
const LOC_WORDS: &[&str] = &[
    "River",
    "Sea",
    "Ocean",
    "Mountain",
    "Mountains",
    "Mount",
    "Mt.",
    "Lake",
    "Valley",
    "Desert",
    "Peninsula",
    "Island",
    "Islands",
    "Gulf",
    "Bay",
    "Strait",
    "Canal",
    "Coast",
    "Street",
    "St.",
    "Avenue",
    "Ave.",
    "Road",
    "Rd.",
    "Square",
    "Park",
    "Bridge",
    "Airport",
    "Hill",
    "Hills",
    "Forest",
    "Region",
    "Plain",
    "Plains",
    "Basin",
    "Delta",
    "Cape",
    "Beach",
    "Highway",
    "Boulevard",
    "Station",
    "Building",
    "Tower",
    "Palace",
    "Castle",
    "Cathedral",
    "Church",
    "Mosque",
    "Temple",
    "Museum",
    "Stadium",
    "Arena",
    "Hall",
    "Center",
    "Centre",
    "Hospital",
    "Falls",
    "Canyon",
    "Glacier",
    "Reef",
    "Lane",
    "Drive",
    "Way",
    "Plaza",
    "Bridge",
    "Dam",
    "Harbor",
    "Harbour",
    "Port",
    "Trail",
];

const CONNECTORS: &[&str] = &["of", "for", "on", "and", "to"];

/// Apply the rules to the model's spans over the prepared sentence `x`.
pub(crate) fn apply(x: &Extractor, spans: &[KindSpan]) -> Vec<Name> {
    let n = x.len();
    let spans = split_titles(x, spans);
    let mut names: Vec<Name> = Vec::with_capacity(spans.len() + 2);
    let mut covered = vec![false; n];
    for s in &spans {
        if s.start >= s.end || s.end > n {
            continue;
        }
        let toks: Vec<&str> = (s.start..s.end).map(|i| x.token(i)).collect();
        let cats = phrase_cats(&toks);
        let label = match s.kind {
            Kind::Per => EntityLabel::Person,
            Kind::Org if cats & Cat::Demonym.bit() != 0 && cats & GPE_CATS == 0 => {
                EntityLabel::Norp
            }
            Kind::Org if cats & GPE_CATS != 0 && cats & Cat::Org.bit() == 0 => EntityLabel::Gpe,
            Kind::Org => EntityLabel::Org,
            Kind::Loc => loc_label(&toks, cats),
        };
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
        names.push(Name {
            start: s.start,
            end: s.end,
            label,
            title: None,
            gender: None,
        });
    }
    // NORP outside the model's spans: capitalised demonyms (longest match).
    let mut i = 0;
    while i < n {
        let ann = x.gaz(i);
        let starts = (ann[0] | ann[3]) & Cat::Demonym.bit() != 0;
        if starts && !covered[i] && x.token(i).chars().next().is_some_and(char::is_uppercase) {
            let mut end = i + 1;
            if ann[3] & Cat::Demonym.bit() == 0 {
                while end < n && x.gaz(end)[2] & Cat::Demonym.bit() == 0 {
                    end += 1;
                }
                end = (end + 1).min(n);
            }
            if covered[i..end].iter().all(|c| !c) {
                covered[i..end].iter_mut().for_each(|c| *c = true);
                names.push(Name {
                    start: i,
                    end,
                    label: EntityLabel::Norp,
                    title: None,
                    gender: None,
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    names.sort_by_key(|m| m.start);
    // Which name covers each token, for titles that hold a name ("US").
    let mut owner: Vec<Option<usize>> = vec![None; n];
    for (k, m) in names.iter().enumerate() {
        owner[m.start..m.end].iter_mut().for_each(|o| *o = Some(k));
    }
    (0..names.len())
        .map(|k| with_title(x, &names, &owner, k))
        .collect()
}

fn is_capitalised(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

/// A title word that is not itself a place, group or organisation name.
fn is_title_word(x: &Extractor, i: usize) -> bool {
    let cats = x.gaz(i).iter().fold(0, |a, b| a | b);
    x.single(i) & (Cat::TitleHead.bit() | Cat::TitleMod.bit()) != 0
        && cats & (GPE_CATS | Cat::Org.bit() | Cat::Demonym.bit()) == 0
}

/// Undo the model's habit of swallowing titles into place or organisation
/// spans: "[US President Donald Trump]" becomes "[US] President [Donald
/// Trump]" (split before a first name that follows a title word), and
/// "[UK Prime] Minister Sir Keir Starmer" loses its trailing title words
/// when a title or a person follows.
fn split_titles(x: &Extractor, spans: &[KindSpan]) -> Vec<KindSpan> {
    let n = x.len();
    let mut out = Vec::with_capacity(spans.len() + 1);
    let per_starts: Vec<usize> = spans
        .iter()
        .filter(|s| s.kind == Kind::Per)
        .map(|s| s.start)
        .collect();
    for &s in spans {
        if s.kind == Kind::Per {
            // "[US Secretary] of State Marco Rubio": a "person" made only of
            // title words and places is the title of the name after it.
            let only_title = (s.start..s.end).all(|i| {
                let cats = x.gaz(i).iter().fold(0, |a, b| a | b);
                is_title_word(x, i) || cats & (GPE_CATS | Cat::Demonym.bit()) != 0
            });
            if !only_title {
                out.push(trim_person(x, s));
            }
            continue;
        }
        let names = Cat::Male.bit() | Cat::Female.bit();
        // The title may end in a modifier ("Secretary of State"), as long
        // as a head word comes before it in the span.
        let head = (s.start..s.end.saturating_sub(1)).rev().find(|&h| {
            is_title_word(x, h)
                && is_capitalised(x.token(h))
                && x.single(h + 1) & names != 0
                && (s.start..=h).any(|j| is_head(x, j) && is_title_word(x, j))
        });
        let (mut end, person) = match head {
            Some(h) => (
                h + 1,
                Some(KindSpan {
                    start: h + 1,
                    end: s.end,
                    kind: Kind::Per,
                }),
            ),
            None => {
                let followed =
                    s.end < n && (is_title_word(x, s.end) || per_starts.contains(&s.end));
                (if followed { s.end } else { s.start }, None)
            }
        };
        if head.is_none() && end == s.start {
            out.push(s);
            continue;
        }
        while end > s.start && is_title_word(x, end - 1) {
            end -= 1;
        }
        if end > s.start {
            out.push(KindSpan {
                start: s.start,
                end,
                kind: s.kind,
            });
        }
        if let Some(p) = person {
            out.push(trim_person(x, p));
        }
    }
    out
}

/// A name does not end in a lower-case word ("Trump later").
fn trim_person(x: &Extractor, s: KindSpan) -> KindSpan {
    let mut end = s.end;
    while end > s.start + 1 && x.token(end - 1).chars().all(char::is_lowercase) {
        end -= 1;
    }
    KindSpan { end, ..s }
}

fn phrase_cats(toks: &[&str]) -> Cats {
    let g = &*GAZETTEER;
    let mut cats = g.phrase_cats(toks);
    if cats == 0 && toks.len() > 1 && toks[0].eq_ignore_ascii_case("the") {
        cats = g.phrase_cats(&toks[1..]);
    }
    cats
}

fn loc_label(toks: &[&str], cats: Cats) -> EntityLabel {
    if cats & GPE_CATS != 0 {
        return EntityLabel::Gpe;
    }
    if cats & Cat::Location.bit() != 0 {
        return EntityLabel::Loc;
    }
    if cats & Cat::Demonym.bit() != 0 {
        return EntityLabel::Norp;
    }
    let geographic = |t: &&str| LOC_WORDS.contains(t);
    if toks.first().is_some_and(geographic) || toks.last().is_some_and(geographic) {
        return EntityLabel::Loc;
    }
    // "northern Syria", "Greater London": judge by the last word.
    if let Some(last) = toks.last() {
        let c = GAZETTEER.cats(last);
        if c & Cat::Location.bit() != 0 && c & GPE_CATS == 0 {
            return EntityLabel::Loc;
        }
    }
    EntityLabel::Gpe
}

/// Is token `i` a title head word?
fn is_head(x: &Extractor, i: usize) -> bool {
    x.single(i) & Cat::TitleHead.bit() != 0
}

fn is_modifier(x: &Extractor, i: usize) -> bool {
    let t = x.token(i);
    let s = x.single(i);
    if s & (Cat::TitleMod.bit() | Cat::TitleHead.bit()) != 0 {
        return true;
    }
    // Country, region or nationality words, capitalised ("US", "Russian").
    let cats = x.gaz(i).iter().fold(0, |a, b| a | b);
    cats & (GPE_CATS | Cat::Demonym.bit() | Cat::Org.bit()) != 0
        && t.chars().next().is_some_and(char::is_uppercase)
}

/// The name `k` with its title (and the title words moved out of it).
fn with_title(x: &Extractor, names: &[Name], owner: &[Option<usize>], k: usize) -> Name {
    let mut m = names[k];
    if m.label != EntityLabel::Person {
        return m;
    }
    let g = &*GAZETTEER;
    // Title words the model kept inside the name: "Sir Keir Starmer".
    let mut start = m.start;
    let mut inner_head = false;
    while start + 1 < m.end && (is_head(x, start) || (is_modifier(x, start) && !inner_head)) {
        let t = x.token(start);
        if !t.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        inner_head |= is_head(x, start);
        start += 1;
    }
    if !inner_head {
        start = m.start;
    }
    // Walk left from the name over title words, and over the names of
    // places, groups and organisations ("US", "Russian", "NATO").
    let limit = names[..k]
        .iter()
        .rev()
        .find(|p| p.label == EntityLabel::Person)
        .map_or(0, |p| p.end.min(m.start));
    let mut j = m.start;
    let mut title_start = m.start;
    let mut has_head = inner_head;
    // The word right before the name (or the peeled part) must be a head.
    let of_title =
        j >= limit + 3 && is_modifier(x, j - 1) && x.token(j - 2) == "of" && is_head(x, j - 3);
    if j > limit && (is_head(x, j - 1) || of_title) {
        has_head = true;
    } else if !inner_head {
        return m;
    }
    while j > limit {
        let i = j - 1;
        let t = x.token(i);
        if let Some(o) = owner[i] {
            if o == k || names[o].label == EntityLabel::Person || names[o].start < limit {
                break;
            }
            j = names[o].start;
            title_start = j;
            continue;
        }
        let ok = is_head(x, i)
            || is_modifier(x, i)
            || (CONNECTORS.contains(&t) && i > limit && is_head(x, i - 1));
        if !ok {
            break;
        }
        j = i;
        title_start = i;
    }
    // Nothing dangling at the left edge ("of", "and").
    while title_start < start && CONNECTORS.contains(&x.token(title_start)) {
        title_start += 1;
    }
    // Titles need a head; a bare modifier ("Russian Sergei") is no title.
    if !has_head {
        return m;
    }
    if title_start < start {
        // `Prime Minister Sir Keir Starmer`: the honorific is neither the
        // title nor the name.
        let mut title_end = start;
        while title_end > title_start
            && matches!(
                x.token(title_end - 1),
                "Sir"
                    | "Dame"
                    | "Lord"
                    | "Lady"
                    | "Dr"
                    | "Dr."
                    | "Mr"
                    | "Mr."
                    | "Mrs"
                    | "Mrs."
                    | "Ms"
                    | "Ms."
                    | "Sheikh"
            )
        {
            title_end -= 1;
        }
        if title_end > title_start {
            m.title = Some((title_start, title_end));
        }
        m.start = start;
    }
    if let Some((a, b)) = m.title {
        m.gender = (a..b).rev().find_map(|i| g.title_gender(x.token(i)));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::labels::Kind;

    fn run(
        toks: &[&str],
        spans: &[(usize, usize, Kind)],
    ) -> Vec<(String, &'static str, Option<String>)> {
        let mut x = Extractor::default();
        x.prepare(
            toks,
            crate::ner::context::Context::default(),
            &crate::ner::lexicon::Lexicon::default(),
        );
        let spans: Vec<KindSpan> = spans
            .iter()
            .map(|&(start, end, kind)| KindSpan { start, end, kind })
            .collect();
        apply(&x, &spans)
            .into_iter()
            .map(|n| {
                (
                    toks[n.start..n.end].join(" "),
                    n.label.as_str(),
                    n.title.map(|(a, b)| toks[a..b].join(" ")),
                )
            })
            .collect()
    }

    #[test]
    fn titles_are_kept_apart() {
        let t = [
            "Russian", "Foreign", "Minister", "Sergei", "Lavrov", "said", ".",
        ];
        let r = run(&t, &[(3, 5, Kind::Per)]);
        assert_eq!(r[0], ("Russian".into(), "NORP", None));
        assert_eq!(
            r[1],
            (
                "Sergei Lavrov".into(),
                "PERSON",
                Some("Russian Foreign Minister".into())
            )
        );
        let t = ["UK", "Prime", "Minister", "Sir", "Keir", "Starmer"];
        let r = run(&t, &[(0, 1, Kind::Loc), (3, 6, Kind::Per)]);
        assert_eq!(r[0], ("UK".into(), "GPE", None));
        assert_eq!(
            r[1],
            (
                "Keir Starmer".into(),
                "PERSON",
                Some("UK Prime Minister".into())
            )
        );
        let t = ["US", "Secretary", "of", "State", "Marco", "Rubio"];
        let r = run(&t, &[(0, 1, Kind::Loc), (4, 6, Kind::Per)]);
        assert_eq!(r[1].2.as_deref(), Some("US Secretary of State"));
        let t = ["Poland", "'s", "Prime", "Minister", "Donald", "Tusk"];
        let r = run(&t, &[(0, 1, Kind::Loc), (4, 6, Kind::Per)]);
        assert_eq!(r[1].2.as_deref(), Some("Prime Minister"));
        let t = ["US", "President", "Donald", "Trump", "said"];
        let r = run(&t, &[(0, 4, Kind::Loc)]);
        assert_eq!(r[0], ("US".into(), "GPE", None));
        assert_eq!(
            r[1],
            ("Donald Trump".into(), "PERSON", Some("US President".into()))
        );
        let t = ["US", "Secretary", "of", "State", "Marco", "Rubio"];
        let r = run(&t, &[(0, 2, Kind::Org), (4, 6, Kind::Per)]);
        assert_eq!(r[0], ("US".into(), "GPE", None));
        assert_eq!(r[1].2.as_deref(), Some("US Secretary of State"));
        let t = ["US", "Secretary", "of", "State", "Marco", "Rubio", "said"];
        let r = run(&t, &[(0, 6, Kind::Loc)]);
        assert_eq!(
            r[1],
            (
                "Marco Rubio".into(),
                "PERSON",
                Some("US Secretary of State".into())
            )
        );
        let t = ["US", "President", "Donald", "Trump", "later", "said"];
        let r = run(&t, &[(0, 5, Kind::Loc)]);
        assert_eq!(
            r[1],
            ("Donald Trump".into(), "PERSON", Some("US President".into()))
        );
        let t = ["President", "Donald", "Trump", "later", "said"];
        let r = run(&t, &[(1, 4, Kind::Per)]);
        assert_eq!(
            r[0],
            ("Donald Trump".into(), "PERSON", Some("President".into()))
        );
        let t = ["Italy", "'s", "Giorgia", "Meloni"];
        assert_eq!(run(&t, &[(2, 4, Kind::Per)])[0].2, None);
        let t = ["its", "president", ",", "Volodymyr", "Zelensky"];
        assert_eq!(run(&t, &[(3, 5, Kind::Per)])[0].2, None);
    }

    #[test]
    fn places_and_groups() {
        let t = [
            "the",
            "Black",
            "Sea",
            "near",
            "Odesa",
            "and",
            "Foo",
            "River",
            "and",
            "Ukrainians",
        ];
        let r = run(
            &t,
            &[(1, 3, Kind::Loc), (4, 5, Kind::Loc), (6, 8, Kind::Loc)],
        );
        assert_eq!(r[0].1, "LOC");
        assert_eq!(r[1].1, "GPE");
        assert_eq!(r[2].1, "LOC");
        assert_eq!(r[3], ("Ukrainians".into(), "NORP", None));
    }
}
