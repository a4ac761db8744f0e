//! Writing the result back: pronoun and nominal mentions are inserted into
//! `doc.mentions` in text order, and `doc.entities` is rebuilt from the
//! clusters: named after the fullest name, with gender and number from the
//! names, titles and pronouns that refer to it.

use dyad_core::{Document, Entity, EntityLabel, Gender, Mention, MentionKind, Number};

use super::lexicon::PronClass;
use super::nominal::Nominal;
use super::resolve::PronounTok;

/// Per-cluster evidence.
#[derive(Clone, Debug, Default)]
struct Evidence {
    male: u32,
    female: u32,
    neuter: u32,
    plural: u32,
    singular: u32,
}

/// Rebuild `doc.mentions` and `doc.entities`. `names[i]` is the index in
/// `doc.mentions` of the name with cluster `clusters[i]` and gender
/// evidence `genders[i]`.
pub(crate) fn write(
    doc: &mut Document,
    names: &[usize],
    clusters: &[u32],
    genders: &[Option<Gender>],
    nominals: &[Nominal],
    pronouns: &[(PronounTok, u32)],
    source: &'static str,
) {
    let n_clusters = clusters.iter().max().map_or(0, |&c| c as usize + 1);
    let mut evidence = vec![Evidence::default(); n_clusters];
    let mut labels: Vec<Option<EntityLabel>> = vec![None; n_clusters];
    let mut cluster_of: Vec<Option<u32>> = vec![None; doc.mentions.len()];
    for ((&m, &c), g) in names.iter().zip(clusters).zip(genders) {
        cluster_of[m] = Some(c);
        add_gender(&mut evidence[c as usize], *g);
    }
    let mut new: Vec<(Mention, u32)> = Vec::new();
    for nm in nominals {
        new.push((
            Mention {
                span: nm.span,
                tokens: nm.tokens.clone(),
                kind: MentionKind::Nominal,
                label: Some(EntityLabel::Person),
                title: None,
                sentence: nm.sentence,
                source,
            },
            nm.cluster,
        ));
    }
    let sentence_of = |tok: u32| {
        doc.sentences
            .partition_point(|s| s.tokens.end <= tok)
            .min(doc.sentences.len().saturating_sub(1)) as u32
    };
    for &(p, c) in pronouns {
        let Some(tok) = doc.tokens.get(p.tok as usize) else {
            continue;
        };
        let e = &mut evidence[c as usize];
        add_gender(e, p.class.gender());
        if p.class == PronClass::They {
            e.plural += 1;
        } else {
            e.singular += 1;
        }
        new.push((
            Mention {
                span: tok.span,
                tokens: p.tok..p.tok + 1,
                kind: MentionKind::Pronoun,
                label: None,
                title: None,
                sentence: sentence_of(p.tok),
                source,
            },
            c,
        ));
    }
    // Merge, keeping text order; old mentions keep their clusters.
    let old = std::mem::take(&mut doc.mentions);
    let mut all: Vec<(Mention, Option<u32>)> = old.into_iter().zip(cluster_of).collect();
    all.extend(new.into_iter().map(|(m, c)| (m, Some(c))));
    all.sort_by_key(|(m, _)| (m.span.start, m.span.end, m.kind != MentionKind::Name));
    // Fullest name and label per cluster.
    let mut best: Vec<Option<usize>> = vec![None; n_clusters];
    for (i, (m, c)) in all.iter().enumerate() {
        let Some(c) = c else { continue };
        if m.kind != MentionKind::Name {
            continue;
        }
        let c = *c as usize;
        let len = |j: usize| {
            let t = doc.slice(all[j].0.span);
            (t.split_whitespace().count(), t.len())
        };
        if best[c].is_none_or(|b| len(i) > len(b)) {
            best[c] = Some(i);
        }
        if labels[c].is_none() {
            labels[c] = m.label;
        }
    }
    for (c, b) in best.iter().enumerate() {
        if let Some(b) = b
            && all[*b].0.label.is_some()
        {
            labels[c] = all[*b].0.label;
        }
    }
    let mut entity_of: Vec<Option<u32>> = vec![None; n_clusters];
    let mut entities: Vec<Entity> = Vec::new();
    for (i, (m, c)) in all.iter_mut().enumerate() {
        let Some(c) = c else {
            // A labelled mention outside every cluster stands alone.
            if m.kind == MentionKind::Name
                && let Some(label) = m.label
            {
                entities.push(Entity {
                    label,
                    name: doc.text[m.span.range()].to_owned(),
                    mentions: vec![i as u32],
                    gender: None,
                    number: None,
                    actor: None,
                });
            }
            continue;
        };
        let c = *c as usize;
        let (Some(label), Some(_)) = (labels[c], best[c]) else {
            continue;
        };
        if m.kind != MentionKind::Name && m.label.is_none() && m.kind == MentionKind::Nominal {
            m.label = Some(label);
        }
        let e = *entity_of[c].get_or_insert_with(|| {
            let ev = &evidence[c];
            entities.push(Entity {
                label,
                name: String::new(),
                mentions: Vec::new(),
                gender: gender(ev, label),
                number: number(ev, label),
                actor: None,
            });
            (entities.len() - 1) as u32
        });
        entities[e as usize].mentions.push(i as u32);
    }
    for (c, b) in best.iter().enumerate() {
        if let (Some(e), Some(b)) = (entity_of[c], b) {
            entities[e as usize].name = doc.text[all[*b].0.span.range()].to_owned();
        }
    }
    doc.mentions = all.into_iter().map(|(m, _)| m).collect();
    doc.entities = entities;
}

fn add_gender(e: &mut Evidence, g: Option<Gender>) {
    match g {
        Some(Gender::Male) => e.male += 1,
        Some(Gender::Female) => e.female += 1,
        Some(Gender::Neuter) => e.neuter += 1,
        None => {}
    }
}

fn gender(e: &Evidence, label: EntityLabel) -> Option<Gender> {
    if label != EntityLabel::Person {
        return None;
    }
    if e.male > e.female {
        Some(Gender::Male)
    } else if e.female > e.male {
        Some(Gender::Female)
    } else {
        None
    }
}

fn number(e: &Evidence, label: EntityLabel) -> Option<Number> {
    if e.plural > e.singular {
        Some(Number::Plural)
    } else if e.singular > 0 || label == EntityLabel::Person {
        Some(Number::Singular)
    } else if label == EntityLabel::Norp {
        Some(Number::Plural)
    } else {
        None
    }
}
