//! Linking name mentions to each other: identical names, surnames and
//! other partial person names ("Lavrov" -> "Sergei Lavrov", before or after
//! the full name), acronyms ("NATO" <-> "North Atlantic Treaty
//! Organization") and a few fixed aliases ("the US" <-> "the United
//! States"). Rules, not a model: in news these links are nearly always
//! right, and the pronoun model builds on them.

use std::collections::HashMap;

use dyad_core::EntityLabel;

use super::lexicon;

/// One name mention as the linker sees it.
#[derive(Clone, Debug)]
pub(crate) struct NameIn {
    /// Surface text of the name (without title).
    pub text: String,
    pub label: Option<EntityLabel>,
    /// Cluster given by an earlier stage (mentions sharing it stay
    /// together).
    pub given: Option<u32>,
}

/// Normalised form: periods and a leading "the" and trailing possessive
/// removed, whitespace collapsed.
pub(crate) fn normalise(text: &str, person: bool) -> String {
    let t = text.trim();
    let t = t
        .strip_prefix("the ")
        .or_else(|| t.strip_prefix("The "))
        .unwrap_or(t);
    let t = t
        .strip_suffix("'s")
        .or_else(|| t.strip_suffix("’s"))
        .unwrap_or(t);
    let mut out = String::with_capacity(t.len());
    let mut words: Vec<&str> = t.split_whitespace().collect();
    while person && words.len() > 1 && lexicon::is_title_word(words[0]) {
        words.remove(0);
    }
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().filter(|&c| c != '.'));
    }
    out
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[parent[x as usize] as usize];
        parent[x as usize] = p;
        x = p;
    }
    x
}

fn root(parent: &[u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        x = parent[x as usize];
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // Keep the earlier mention as the root: deterministic ids.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
}

fn compatible(a: Option<EntityLabel>, b: Option<EntityLabel>) -> bool {
    use EntityLabel::{Gpe, Loc, Org};
    match (a, b) {
        (None, _) | (_, None) => true,
        (Some(x), Some(y)) if x == y => true,
        (Some(x), Some(y)) => matches!(x, Gpe | Loc | Org) && matches!(y, Gpe | Loc | Org),
    }
}

fn is_person(l: Option<EntityLabel>) -> bool {
    matches!(l, Some(EntityLabel::Person) | None)
}

fn acronym(words: &[&str]) -> Option<String> {
    let mut a = String::new();
    let mut n = 0;
    for w in words {
        if lexicon::is_acronym_filler(&w.to_lowercase()) {
            continue;
        }
        let c = w.chars().next()?;
        if !c.is_uppercase() {
            return None;
        }
        a.push(c);
        n += 1;
    }
    (n >= 2).then_some(a)
}

fn is_acronym_form(s: &str) -> bool {
    (2..=6).contains(&s.chars().count()) && s.chars().all(|c| c.is_ascii_uppercase())
}

/// Cluster ids (dense, in order of first mention) for `names`.
pub(crate) fn link(names: &[NameIn]) -> Vec<u32> {
    let n = names.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let norms: Vec<String> = names
        .iter()
        .map(|m| normalise(&m.text, m.label == Some(EntityLabel::Person)))
        .collect();
    let words: Vec<Vec<&str>> = norms.iter().map(|s| s.split(' ').collect()).collect();
    let surnames: std::collections::HashSet<&str> = (0..n)
        .filter(|&i| names[i].label == Some(EntityLabel::Person) && words[i].len() >= 2)
        .filter_map(|i| words[i].last().copied())
        .collect();
    // Given clusters, exact matches, aliases, acronyms.
    let mut given: HashMap<u32, u32> = HashMap::new();
    let mut exact: HashMap<(&str, bool), Vec<u32>> = HashMap::new();
    let mut alias: HashMap<usize, u32> = HashMap::new();
    let mut acro: HashMap<String, u32> = HashMap::new();
    for i in 0..n {
        let m = &names[i];
        if let Some(g) = m.given {
            let first = *given.entry(g).or_insert(i as u32);
            union(&mut parent, first, i as u32);
        }
        let key = (norms[i].as_str(), is_person(m.label));
        if is_person(m.label) && words[i].len() == 1 && surnames.contains(words[i][0]) {
            // A bare surname is linked below, to the nearest full name.
            continue;
        }
        let list = exact.entry(key).or_default();
        if let Some(&j) = list
            .iter()
            .find(|&&j| compatible(names[j as usize].label, m.label))
        {
            union(&mut parent, j, i as u32);
        }
        list.push(i as u32);
        if m.label != Some(EntityLabel::Person) {
            if let Some(g) = lexicon::alias_group(&norms[i]) {
                let first = *alias.entry(g).or_insert(i as u32);
                union(&mut parent, first, i as u32);
            }
            if words[i].len() >= 2
                && let Some(a) = acronym(&words[i])
            {
                acro.entry(a).or_insert(i as u32);
            }
        }
    }
    for i in 0..n {
        if names[i].label != Some(EntityLabel::Person)
            && is_acronym_form(&norms[i])
            && let Some(&j) = acro.get(&norms[i])
            && compatible(names[j as usize].label, names[i].label)
        {
            union(&mut parent, j, i as u32);
        }
    }
    // Partial person names: the nearest earlier (else later) longer name
    // sharing the surname (and the first name when both have two words).
    let mut by_last: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut by_first: HashMap<&str, Vec<u32>> = HashMap::new();
    for i in 0..n {
        if names[i].label == Some(EntityLabel::Person) && words[i].len() >= 2 {
            by_last
                .entry(words[i][words[i].len() - 1])
                .or_default()
                .push(i as u32);
            by_first.entry(words[i][0]).or_default().push(i as u32);
        }
    }
    for i in 0..n {
        if !is_person(names[i].label) {
            continue;
        }
        let w = &words[i];
        let Some(&last) = w.last() else { continue };
        let fits = |j: u32| {
            let v = &words[j as usize];
            v.len() > w.len()
                && v[v.len() - 1] == last
                && (w.len() == 1 || v[0] == w[0])
                && compatible(names[j as usize].label, names[i].label)
        };
        let pick = |list: Option<&Vec<u32>>, fits: &dyn Fn(u32) -> bool| -> Option<u32> {
            let list = list?;
            let before = list.iter().rev().find(|&&j| (j as usize) < i && fits(j));
            before
                .or_else(|| list.iter().find(|&&j| (j as usize) > i && fits(j)))
                .copied()
        };
        if let Some(j) = pick(by_last.get(last), &fits) {
            union(&mut parent, j, i as u32);
        } else if w.len() == 1 {
            // A lone first name: only when one person in the text has it.
            let list = by_first.get(w[0]);
            let roots: Vec<u32> = list
                .map(|l| {
                    let mut r: Vec<u32> = l
                        .iter()
                        .filter(|&&j| compatible(names[j as usize].label, names[i].label))
                        .map(|&j| root(&parent, j))
                        .collect();
                    r.sort_unstable();
                    r.dedup();
                    r
                })
                .unwrap_or_default();
            if roots.len() == 1 && !by_last.contains_key(w[0]) {
                union(&mut parent, roots[0], i as u32);
            }
        }
    }
    let mut ids: HashMap<u32, u32> = HashMap::new();
    (0..n as u32)
        .map(|i| {
            let r = find(&mut parent, i);
            let next = ids.len() as u32;
            *ids.entry(r).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nm(text: &str, l: EntityLabel) -> NameIn {
        NameIn {
            text: text.into(),
            label: Some(l),
            given: None,
        }
    }

    #[test]
    fn links_surnames_acronyms_aliases() {
        use EntityLabel::*;
        let names = [
            nm("Sergei Lavrov", Person),
            nm("NATO", Org),
            nm("US", Gpe),
            nm("Lavrov", Person),
            nm("the United States", Gpe),
            nm("Trump", Person),
            nm("Donald Trump", Person),
            nm("North Atlantic Treaty Organization", Org),
            nm("Melania Trump", Person),
            nm("Trump", Person),
            nm("Sergei", Person),
        ];
        let c = link(&names);
        assert_eq!(c[0], c[3]);
        assert_eq!(c[2], c[4]);
        assert_eq!(c[5], c[6], "surname before full name links forward");
        assert_eq!(c[1], c[7]);
        assert_eq!(c[9], c[8], "nearest earlier full name wins");
        assert_ne!(c[6], c[8]);
        assert_eq!(c[10], c[0], "unique first name");
        assert_eq!(c[0], 0);
    }

    #[test]
    fn normalises() {
        assert_eq!(normalise("the U.S.", false), "US");
        assert_eq!(normalise("President Trump", true), "Trump");
        assert_eq!(normalise("Ukraine’s", false), "Ukraine");
    }
}
