//! Nominal mentions that name a role ("Ukraine's president", "the
//! Ukrainian leader", "the Russian minister"): linked to the person whose
//! title or earlier description has a compatible role word and no
//! conflicting country. Rules over a short list of office nouns; a nominal
//! that matches nobody is left out.

use std::ops::Range;

use dyad_core::{Document, EntityLabel, Span, TokenKind};

/// A nominal mention linked to a cluster.
#[derive(Clone, Debug)]
pub(crate) struct Nominal {
    pub span: Span,
    pub tokens: Range<u32>,
    pub sentence: u32,
    pub cluster: u32,
}

const ROLES: &[&str] = &[
    "president",
    "leader",
    "minister",
    "chancellor",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "premier",
    "king",
    "queen",
    "chairman",
    "chairwoman",
    "ambassador",
    "governor",
    "senator",
    "mayor",
    "general",
    "commander",
    "aide",
    "adviser",
    "advisor",
    "ceo",
    "diplomat",
    "pope",
    "prince",
    "princess",
    "monarch",
    "dictator",
    "emperor",
];

/// Roles that "leader" can stand for.
const HEADS: &[&str] = &[
    "president",
    "leader",
    "chancellor",
    "premier",
    "king",
    "queen",
    "monarch",
    "dictator",
    "emperor",
    "minister",
];

const MODIFIERS: &[&str] = &[
    "foreign",
    "prime",
    "former",
    "deputy",
    "top",
    "senior",
    "presidential",
    "defence",
    "defense",
    "finance",
    "interior",
    "veteran",
    "new",
    "outgoing",
    "incoming",
    "chief",
    "special",
    "national",
    "security",
    "then",
    "late",
    "current",
];

fn compatible_role(a: &str, b: &str) -> bool {
    a == b || (a == "leader" && HEADS.contains(&b)) || (b == "leader" && HEADS.contains(&a))
}

/// A country key: the first five letters, lowercased ("Ukrainian" and
/// "Ukraine" share "ukrai").
fn country_key(w: &str) -> Option<String> {
    let w = w.trim_end_matches("’s").trim_end_matches("'s");
    let first = w.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    Some(w.to_lowercase().chars().take(5).collect())
}

#[derive(Clone, Debug, Default)]
struct Profile {
    roles: Vec<String>,
    countries: Vec<String>,
    last: u32,
    person: bool,
}

fn add_words(p: &mut Profile, text: &str) {
    for w in text.split_whitespace() {
        let l = w.to_lowercase();
        if ROLES.contains(&l.as_str()) {
            p.roles.push(l);
        } else if MODIFIERS.contains(&l.as_str()) || super::lexicon::is_title_word(w) {
            continue;
        } else if let Some(k) = country_key(w) {
            p.countries.push(k);
        }
    }
}

/// Find and link role nominals. `names[i]` indexes `doc.mentions` and has
/// cluster `clusters[i]`; linked tokens are marked in `covered`.
pub(crate) fn find(
    doc: &Document,
    names: &[usize],
    clusters: &[u32],
    covered: &mut [bool],
) -> Vec<Nominal> {
    let n_clusters = clusters.iter().max().map_or(0, |&c| c as usize + 1);
    let mut profiles = vec![Profile::default(); n_clusters];
    let mut name_at: Vec<Option<usize>> = vec![None; doc.tokens.len()];
    for (k, &m) in names.iter().enumerate() {
        if let Some(x) = name_at.get_mut(doc.mentions[m].tokens.start as usize) {
            *x = Some(k);
        }
    }
    let lower = |i: usize| doc.slice(doc.tokens[i].span).to_lowercase();
    let mut out = Vec::new();
    for i in 0..doc.tokens.len() {
        if let Some(k) = name_at[i] {
            let m = &doc.mentions[names[k]];
            let p = &mut profiles[clusters[k] as usize];
            p.last = m.tokens.start;
            p.person |= m.label == Some(EntityLabel::Person);
            if let Some(t) = m.title {
                add_words(p, doc.slice(t));
            }
            continue;
        }
        if covered[i] || doc.tokens[i].kind != TokenKind::Word {
            continue;
        }
        let role = lower(i);
        if !ROLES.contains(&role.as_str()) || doc.slice(doc.tokens[i].span) != role {
            continue;
        }
        // Not a title before a name ("president Trump").
        if doc.tokens.get(i + 1).is_some_and(|t| {
            doc.slice(t.span)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        }) {
            continue;
        }
        let mut start = i;
        let mut countries = Vec::new();
        let mut determined = false;
        while start > 0 {
            let j = start - 1;
            let w = doc.slice(doc.tokens[j].span);
            let l = w.to_lowercase();
            if l == "the" || l == "its" || l == "his" || l == "her" || l == "their" {
                determined = true;
                start = j;
                break;
            } else if MODIFIERS.contains(&l.as_str()) {
                start = j;
            } else if !covered[j]
                && doc.tokens[j].kind == TokenKind::Word
                && let Some(k) = country_key(w)
            {
                countries.push(k);
                start = j;
            } else if (l == "’s" || l == "'s") && j > 0 {
                if let Some(k) = country_key(doc.slice(doc.tokens[j - 1].span)) {
                    countries.push(k);
                }
                determined = true;
                start = j - 1;
                while start > 0 && covered[start - 1] && covered[start] {
                    start -= 1;
                }
                break;
            } else {
                break;
            }
        }
        if !determined {
            continue;
        }
        // Appositive: "its president, Volodymyr Zelensky".
        let appos = doc
            .tokens
            .get(i + 1)
            .filter(|t| doc.slice(t.span) == ",")
            .and_then(|_| name_at.get(i + 2).copied().flatten())
            .filter(|&k| doc.mentions[names[k]].label == Some(EntityLabel::Person));
        let cluster = match appos {
            Some(k) => Some(clusters[k]),
            None => (0..n_clusters)
                .filter(|&c| {
                    let p = &profiles[c];
                    p.person
                        && p.roles.iter().any(|r| compatible_role(&role, r))
                        && (countries.is_empty()
                            || p.countries.is_empty()
                            || countries.iter().any(|k| p.countries.contains(k)))
                })
                .max_by_key(|&c| profiles[c].last)
                .map(|c| c as u32),
        };
        let Some(cluster) = cluster else { continue };
        let p = &mut profiles[cluster as usize];
        p.roles.push(role);
        p.countries.extend(countries);
        p.last = i as u32;
        for c in covered.iter_mut().take(i + 1).skip(start) {
            *c = true;
        }
        let span = Span::new(doc.tokens[start].span.start, doc.tokens[i].span.end);
        out.push(Nominal {
            span,
            tokens: start as u32..i as u32 + 1,
            sentence: doc
                .sentences
                .partition_point(|s| s.tokens.end <= i as u32)
                .min(doc.sentences.len().saturating_sub(1)) as u32,
            cluster,
        });
    }
    out
}
