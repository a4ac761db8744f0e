//! The `Ner` stage: runs the model over each sentence of a segmented
//! document and fills `doc.mentions` (names, in text order) and
//! `doc.entities` (one per mention; coreference regroups them).

use dyad_core::{Document, Entity, EntityLabel, Mention, MentionKind, Number, Span, Stage};

use super::context::Context;
use super::document;
use super::gazetteer::first_name_gender;
use super::tagger::{NerModel, Scratch};
use crate::tag::TaggerModel;

/// Named-entity recognition stage. Works on the segmenter's tokens and
/// uses `doc.tags` as features when the tagger ran (a layer parallel to
/// the tokens); otherwise it tags each sentence itself with the bundled
/// tagger, as the model was trained with that tagger's tags.
#[derive(Debug, Clone, Copy)]
pub struct Ner {
    model: &'static NerModel,
}

impl Ner {
    /// A stage over `model` (use `Box::leak` for a freshly trained one).
    pub fn new(model: &'static NerModel) -> Self {
        Self { model }
    }
}

impl Default for Ner {
    /// The stage over the bundled model.
    fn default() -> Self {
        Self::new(NerModel::bundled())
    }
}

impl Stage for Ner {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn version(&self) -> &'static str {
        self.model.version()
    }

    /// Replaces any earlier mentions and entities.
    fn process(&self, doc: &mut Document) {
        let source: &'static str = self.model.source();
        let mut mentions = Vec::new();
        let mut entities = Vec::new();
        let mut scratch = Scratch::default();
        let sentences: Vec<(usize, &[dyad_core::Token])> = doc
            .sentences
            .iter()
            .enumerate()
            .filter_map(|(si, sent)| {
                let range = sent.tokens.start as usize..sent.tokens.end as usize;
                doc.tokens.get(range).map(|toks| (si, toks))
            })
            .collect();
        let words: Vec<Vec<&str>> = sentences
            .iter()
            .map(|(_, toks)| {
                toks.iter()
                    .map(|t| doc.text.get(t.span.range()).unwrap_or(""))
                    .collect()
            })
            .collect();
        let slices: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let flags = document::flags(&slices);
        let have_tags = doc.tags.len() == doc.tokens.len();
        for (k, &(si, toks)) in sentences.iter().enumerate() {
            let sent = &doc.sentences[si];
            let words = &words[k];
            let own_tags;
            let tags = match doc
                .tags
                .get(sent.tokens.start as usize..sent.tokens.end as usize)
            {
                Some(t) if have_tags => t,
                _ => {
                    own_tags = TaggerModel::bundled().tag(words);
                    &own_tags[..]
                }
            };
            let cx = Context {
                tags,
                doc: &flags[k],
            };
            for name in self.model.names(words, cx, &mut scratch) {
                let span = Span::new(toks[name.start].span.start, toks[name.end - 1].span.end);
                let title = name
                    .title
                    .map(|(a, b)| Span::new(toks[a].span.start, toks[b - 1].span.end));
                let person = name.label == EntityLabel::Person;
                let gender = if person {
                    name.gender.or_else(|| first_name_gender(words[name.start]))
                } else {
                    None
                };
                let index = mentions.len() as u32;
                mentions.push(Mention {
                    span,
                    tokens: sent.tokens.start + name.start as u32
                        ..sent.tokens.start + name.end as u32,
                    kind: MentionKind::Name,
                    label: Some(name.label),
                    title,
                    sentence: si as u32,
                    source,
                });
                entities.push(Entity {
                    label: name.label,
                    name: doc.slice(span).to_owned(),
                    mentions: vec![index],
                    gender,
                    number: person.then_some(Number::Singular),
                    actor: None,
                });
            }
        }
        doc.mentions = mentions;
        doc.entities = entities;
    }
}
