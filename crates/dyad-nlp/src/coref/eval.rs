//! Scoring on GUM test, end to end from name mentions.
//!
//! Each test document gets the gold proper-name mentions of people,
//! organisations and places as its NER layer (one entity per mention, as
//! the NER stage gives them); the stage then links names, finds pronouns
//! itself (gold mention boundaries are single tokens for pronouns, so
//! finding them by form matches them exactly) and resolves them. Scored:
//! - pronoun -> named antecedent accuracy: every third-person pronoun whose
//!   gold cluster has one of those names before it is right when its
//!   predicted entity holds a name of that gold cluster; unresolved and
//!   wrong are counted apart, and broken down by he/she, they, it;
//! - resolved precision: of all pronouns the stage resolved, how many went
//!   to a name of their gold cluster (pleonastic "it" or pronouns of
//!   unnamed things count as wrong);
//! - partial-name linking: each name whose gold cluster has a longer name
//!   earlier is right when its predicted entity holds an earlier name of
//!   that cluster; link precision: a name's nearest earlier name in its
//!   predicted entity belongs to its gold cluster.
//!
//! Scored twice: with GUM's gold tags and trees, and with no syntax.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use dyad_core::{Document, MentionKind};
use serde::Serialize;

use super::gold::{self, GoldDoc};
use super::lexicon::{self, PronClass};
use super::stage::annotate;
use super::train::read_gum;
use super::{CorefModel, TrainError};

/// Pronoun resolution counts.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct PronounScores {
    /// Pronouns with a named antecedent in their gold cluster.
    pub eligible: usize,
    /// Resolved to an entity holding a name of that cluster.
    pub correct: usize,
    /// Left unresolved.
    pub unresolved: usize,
    /// Resolved to another entity.
    pub wrong: usize,
    /// `correct / eligible` in percent.
    pub accuracy: f64,
}

impl PronounScores {
    fn finish(&mut self) {
        self.accuracy = pct(self.correct, self.eligible);
    }
}

/// Scores on one test set under one condition.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct CorefSetScores {
    /// Documents scored.
    pub documents: usize,
    /// Pronoun -> named antecedent, all classes.
    pub pronouns: PronounScores,
    /// The same by class (`he/she`, `they`, `it`).
    pub by_class: BTreeMap<String, PronounScores>,
    /// Pronouns the stage resolved.
    pub resolved: usize,
    /// Of those, resolved to a name of their gold cluster.
    pub resolved_correct: usize,
    /// `resolved_correct / resolved` in percent.
    pub resolved_precision: f64,
    /// Short names with a longer name of their cluster earlier.
    pub partial_names: usize,
    /// Of those, linked to an earlier name of their cluster.
    pub partial_names_correct: usize,
    /// `partial_names_correct / partial_names` in percent.
    pub partial_name_accuracy: f64,
    /// Names linked to an earlier name.
    pub name_links: usize,
    /// Of those, linked within their gold cluster.
    pub name_links_correct: usize,
    /// `name_links_correct / name_links` in percent.
    pub name_link_precision: f64,
}

/// Scores per test set: `gum` (gold syntax) and `gum_no_syntax`.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct CorefScores {
    /// GUM test with gold tags and dependencies.
    pub gum: CorefSetScores,
    /// GUM test with no tags or dependencies.
    pub gum_no_syntax: CorefSetScores,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Evaluate on GUM test under `corpus`.
pub fn evaluate(model: &CorefModel, corpus: &Path) -> Result<CorefScores, TrainError> {
    evaluate_split(model, corpus, "test")
}

/// Evaluate on the GUM `split` (`"dev"` or `"test"`) under `corpus`.
pub fn evaluate_split(
    model: &CorefModel,
    corpus: &Path,
    split: &str,
) -> Result<CorefScores, TrainError> {
    let docs: Vec<GoldDoc> = gold::split_docs(read_gum(corpus, split)?)
        .iter()
        .map(|(id, s)| gold::build(id, s))
        .collect();
    Ok(CorefScores {
        gum: score_docs(model, &docs, true),
        gum_no_syntax: score_docs(model, &docs, false),
    })
}

pub(crate) fn class_name(c: PronClass) -> &'static str {
    match c {
        PronClass::He | PronClass::She => "he/she",
        PronClass::They => "they",
        PronClass::It => "it",
    }
}

/// Score `docs` (with or without their gold syntax).
pub(crate) fn score_docs(model: &CorefModel, docs: &[GoldDoc], syntax: bool) -> CorefSetScores {
    let mut s = CorefSetScores::default();
    for g in docs {
        let mut doc = g.doc.clone();
        if !syntax {
            doc.tags.clear();
            doc.deps.clear();
        }
        annotate(model, &mut doc, "coref/eval");
        score_doc(g, &doc, &mut s);
    }
    s.pronouns.finish();
    for v in s.by_class.values_mut() {
        v.finish();
    }
    s.resolved_precision = pct(s.resolved_correct, s.resolved);
    s.partial_name_accuracy = pct(s.partial_names_correct, s.partial_names);
    s.name_link_precision = pct(s.name_links_correct, s.name_links);
    s
}

/// Add the counts of one annotated document.
pub(crate) fn score_doc(g: &GoldDoc, doc: &Document, s: &mut CorefSetScores) {
    s.documents += 1;
    // Gold cluster of each input name, by token range.
    let name_gold: HashMap<(u32, u32), u32> = g
        .doc
        .mentions
        .iter()
        .zip(&g.name_cluster)
        .map(|(m, &c)| ((m.tokens.start, m.tokens.end), c))
        .collect();
    let mut entity_of = vec![None; doc.mentions.len()];
    for (e, ent) in doc.entities.iter().enumerate() {
        for &m in &ent.mentions {
            if let Some(x) = entity_of.get_mut(m as usize) {
                *x = Some(e);
            }
        }
    }
    let gold_of = |m: usize| {
        let mm = &doc.mentions[m];
        (mm.kind == MentionKind::Name)
            .then(|| name_gold.get(&(mm.tokens.start, mm.tokens.end)).copied())
            .flatten()
    };
    // Does entity `e` hold a name of cluster `c` (starting before `before`)?
    let holds = |e: Option<usize>, c: u32, before: u32| {
        e.is_some_and(|e| {
            doc.entities[e].mentions.iter().any(|&m| {
                doc.mentions[m as usize].tokens.start < before && gold_of(m as usize) == Some(c)
            })
        })
    };
    let pron_at: HashMap<u32, usize> = doc
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == MentionKind::Pronoun)
        .map(|(i, m)| (m.tokens.start, i))
        .collect();
    let mut gold_pron: HashMap<u32, u32> = HashMap::new();
    for m in &g.mentions {
        if m.tokens.len() != 1 {
            continue;
        }
        let t = g.doc.tokens[m.tokens.start as usize];
        let Some((class, _)) = lexicon::pronoun(&g.doc.slice(t.span).to_lowercase()) else {
            continue;
        };
        gold_pron.insert(m.tokens.start, m.cluster);
        let named_before = g
            .doc
            .mentions
            .iter()
            .zip(&g.name_cluster)
            .any(|(n, &c)| c == m.cluster && n.tokens.start < m.tokens.start);
        if !named_before {
            continue;
        }
        let slot = s.by_class.entry(class_name(class).to_owned()).or_default();
        slot.eligible += 1;
        s.pronouns.eligible += 1;
        match pron_at.get(&m.tokens.start) {
            None => {
                slot.unresolved += 1;
                s.pronouns.unresolved += 1;
            }
            Some(&pm) if holds(entity_of[pm], m.cluster, u32::MAX) => {
                slot.correct += 1;
                s.pronouns.correct += 1;
            }
            Some(_) => {
                slot.wrong += 1;
                s.pronouns.wrong += 1;
            }
        }
    }
    for (&tok, &pm) in &pron_at {
        s.resolved += 1;
        if gold_pron
            .get(&tok)
            .is_some_and(|&c| holds(entity_of[pm], c, u32::MAX))
        {
            s.resolved_correct += 1;
        }
    }
    // Names.
    let words = |m: &dyad_core::Mention| doc.slice(m.span).split_whitespace().count();
    for (i, m) in doc.mentions.iter().enumerate() {
        let Some(c) = gold_of(i) else { continue };
        let earlier: Vec<usize> = (0..i).filter(|&j| gold_of(j) == Some(c)).collect();
        if earlier.iter().any(|&j| words(&doc.mentions[j]) > words(m)) {
            s.partial_names += 1;
            if holds(entity_of[i], c, m.tokens.start) {
                s.partial_names_correct += 1;
            }
        }
        if let Some(e) = entity_of[i] {
            let prev = doc.entities[e]
                .mentions
                .iter()
                .map(|&x| x as usize)
                .filter(|&j| j < i && doc.mentions[j].kind == MentionKind::Name)
                .max();
            if let Some(j) = prev {
                s.name_links += 1;
                if gold_of(j) == Some(c) {
                    s.name_links_correct += 1;
                }
            }
        }
    }
}
