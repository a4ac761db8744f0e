//! The run-time stage: gathers name mentions and pronouns, links names,
//! attaches nominals, ranks pronoun antecedents, and writes the new
//! mentions and regrouped entities back into the document.

use dyad_core::{Document, EntityLabel, Gender, MentionKind, Stage};

use super::context::Context;
use super::lexicon;
use super::names::{self, NameIn};
use super::resolve::{self, Anchor, PronounTok};
use super::{CorefModel, nominal, output};

/// The coreference stage.
#[derive(Debug, Clone, Copy)]
pub struct Coref(&'static CorefModel);

impl Coref {
    /// A stage over `model`.
    pub fn new(model: &'static CorefModel) -> Self {
        Self(model)
    }
}

impl Default for Coref {
    fn default() -> Self {
        Self(CorefModel::bundled())
    }
}

impl Stage for Coref {
    fn name(&self) -> &'static str {
        "coref"
    }
    fn version(&self) -> &'static str {
        self.0.version.as_str()
    }
    fn process(&self, doc: &mut Document) {
        annotate(self.0, doc, self.0.version.as_str());
    }
}

/// The pronoun tokens of `doc` that lie outside every existing mention.
pub(crate) fn find_pronouns(doc: &Document, covered: &[bool]) -> Vec<PronounTok> {
    let has_tags = doc.tags.len() == doc.tokens.len();
    let mut out = Vec::new();
    for (i, t) in doc.tokens.iter().enumerate() {
        if covered.get(i) == Some(&true) || t.span.len() > 10 {
            continue;
        }
        let text = doc.slice(t.span);
        if text == "IT" || text == "US" {
            continue;
        }
        let Some((class, reflexive)) = lexicon::pronoun(&text.to_lowercase()) else {
            continue;
        };
        if has_tags
            && !matches!(
                doc.tags[i].upos,
                dyad_core::Upos::Pron | dyad_core::Upos::Det
            )
        {
            continue;
        }
        out.push(PronounTok {
            tok: i as u32,
            class,
            reflexive,
        });
    }
    out
}

/// Gender evidence of a name mention: its title, a preceding honorific,
/// or its first name.
pub(crate) fn name_gender(model: &CorefModel, doc: &Document, m: usize) -> Option<Gender> {
    let mention = &doc.mentions[m];
    if mention.label.is_some_and(|l| l != EntityLabel::Person) {
        return None;
    }
    if let Some(t) = mention.title {
        for w in doc.slice(t).split_whitespace() {
            if let Some(g) = lexicon::title_gender(&w.to_lowercase()) {
                return Some(g);
            }
        }
    }
    let start = mention.tokens.start as usize;
    if start > 0
        && let Some(tok) = doc.tokens.get(start - 1)
        && let Some(g) = lexicon::title_gender(&doc.slice(tok.span).to_lowercase())
    {
        return Some(g);
    }
    let text = doc.slice(mention.span);
    let mut words = text.split_whitespace();
    let first = words.next()?.trim_end_matches('.');
    if words.next().is_none() {
        // A lone word is usually a surname: only the built-in list of
        // first names is trusted there.
        return lexicon::builtin_first_name_gender(first);
    }
    model.first_name_gender(first)
}

/// Whether name mention `m` is plural: tagged NNPS, or (without tags) a
/// capitalised group word ending like "Americans", "Democrats".
pub(crate) fn plural_name(doc: &Document, m: usize) -> bool {
    let mention = &doc.mentions[m];
    let last = mention.tokens.end.saturating_sub(1) as usize;
    if doc.tags.len() == doc.tokens.len() {
        return doc.tags.get(last).is_some_and(|t| &*t.xpos == "NNPS");
    }
    let Some(tok) = doc.tokens.get(last) else {
        return false;
    };
    let w = doc.slice(tok.span);
    mention.label == Some(EntityLabel::Norp)
        || (w.len() > 6
            && ["ians", "cans", "ists", "rats"]
                .iter()
                .any(|s| w.ends_with(s)))
}

/// Resolve coreference in `doc`, recording `source` on new mentions.
pub(crate) fn annotate(model: &CorefModel, doc: &mut Document, source: &'static str) {
    doc.mentions.retain(|m| !m.source.starts_with("coref/"));
    let n_tok = doc.tokens.len();
    // Entities given by an earlier stage, by mention.
    let mut given = vec![None; doc.mentions.len()];
    for (e, ent) in doc.entities.iter().enumerate() {
        for &m in &ent.mentions {
            if let Some(g) = given.get_mut(m as usize) {
                *g = Some(e as u32);
            }
        }
    }
    let name_idx: Vec<usize> = (0..doc.mentions.len())
        .filter(|&i| {
            let m = &doc.mentions[i];
            m.kind == MentionKind::Name
                && (m.tokens.start as usize) < n_tok
                && m.tokens.end as usize <= n_tok
                && m.tokens.start < m.tokens.end
        })
        .collect();
    let inputs: Vec<NameIn> = name_idx
        .iter()
        .map(|&i| NameIn {
            text: doc.slice(doc.mentions[i].span).to_owned(),
            label: doc.mentions[i].label,
            given: given[i],
        })
        .collect();
    let clusters = names::link(&inputs);
    let n_clusters = clusters.iter().max().map_or(0, |&c| c as usize + 1);
    let genders: Vec<Option<Gender>> = name_idx
        .iter()
        .map(|&i| name_gender(model, doc, i))
        .collect();
    let mut anchors: Vec<Anchor> = name_idx
        .iter()
        .zip(&clusters)
        .zip(&genders)
        .map(|((&i, &c), &gender)| Anchor {
            start: doc.mentions[i].tokens.start,
            end: doc.mentions[i].tokens.end,
            cluster: c,
            label: doc.mentions[i].label,
            gender,
            plural: plural_name(doc, i),
        })
        .collect();
    let mut covered = vec![false; n_tok];
    for m in &doc.mentions {
        for t in m.tokens.clone() {
            if let Some(c) = covered.get_mut(t as usize) {
                *c = true;
            }
        }
    }
    let nominals = nominal::find(doc, &name_idx, &clusters, &mut covered);
    for nm in &nominals {
        anchors.push(Anchor {
            start: nm.tokens.start,
            end: nm.tokens.end,
            cluster: nm.cluster,
            label: Some(EntityLabel::Person),
            gender: None,
            plural: false,
        });
    }
    anchors.sort_by_key(|a| (a.start, a.end));
    let pronouns = find_pronouns(doc, &covered);
    let resolved = if pronouns.is_empty() || n_clusters == 0 {
        vec![None; pronouns.len()]
    } else {
        let ctx = Context::new(doc);
        resolve::walk(
            &ctx,
            &anchors,
            &pronouns,
            n_clusters,
            model.window,
            &mut |_, dec| {
                let none = model.score(dec.keys_of(dec.none())) + model.margin;
                let mut best = None;
                let mut best_score = none;
                for i in 0..dec.clusters.len() {
                    let s = model.score(dec.keys_of(i));
                    if s > best_score {
                        best_score = s;
                        best = Some(dec.clusters[i]);
                    }
                }
                best
            },
        )
    };
    let pron: Vec<(PronounTok, u32)> = pronouns
        .iter()
        .zip(&resolved)
        .filter_map(|(p, r)| r.map(|c| (*p, c)))
        .collect();
    output::write(
        doc, &name_idx, &clusters, &genders, &nominals, &pron, source,
    );
}
