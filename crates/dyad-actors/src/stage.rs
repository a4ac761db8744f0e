//! The `actors` pipeline stage.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use dyad_core::{Actor, Document, EntityLabel, Stage};

use crate::date::Date;
use crate::error::KbError;
use crate::kb::KnowledgeBase;

/// The pipeline stage that sets [`dyad_core::Entity::actor`] for every
/// entity of a document.
///
/// * PERSON: the canonical name preceded by the longest title of its
///   mentions (`Russian Foreign Minister` + `Sergei Lavrov`), the other
///   titles as context, resolved on the document date
///   (`doc.meta.date`, first ten characters; today when absent).
/// * GPE: a country gives the country code with no sector; a metonym
///   (`Moscow`) its country and sector; other places nothing.
/// * NORP: the nationality's country, no sector.
/// * ORG: organisation look-up, then role words.
/// * LOC: metonyms (`the Kremlin`) and countries only.
#[derive(Clone)]
pub struct Actors {
    kb: KbRef,
}

#[derive(Clone)]
enum KbRef {
    Static(&'static KnowledgeBase),
    Owned(Arc<KnowledgeBase>),
}

impl fmt::Debug for Actors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Actors")
            .field("people", &self.kb().people.len())
            .field("organisations", &self.kb().organisations.len())
            .finish()
    }
}

impl Actors {
    /// The stage over the embedded knowledge base.
    pub fn embedded() -> Result<Self, &'static KbError> {
        KnowledgeBase::embedded().map(Self::new)
    }

    /// The stage over a static knowledge base.
    pub fn new(kb: &'static KnowledgeBase) -> Self {
        Self {
            kb: KbRef::Static(kb),
        }
    }

    /// The stage over a knowledge base loaded at run time.
    pub fn with_kb(kb: Arc<KnowledgeBase>) -> Self {
        Self {
            kb: KbRef::Owned(kb),
        }
    }

    /// The knowledge base in use.
    pub fn kb(&self) -> &KnowledgeBase {
        match &self.kb {
            KbRef::Static(kb) => kb,
            KbRef::Owned(kb) => kb,
        }
    }

    /// The document's date (`None`: today).
    pub fn doc_date(doc: &Document) -> Option<Date> {
        doc.meta
            .date
            .as_deref()
            .and_then(|d| Date::parse(d.get(..10).unwrap_or(d)))
    }

    /// Resolve the words of tokens `tokens` of `doc` (a noun phrase that is
    /// not an entity) on the document's date.
    pub fn resolve_span(&self, doc: &Document, tokens: Range<u32>) -> Option<Actor> {
        let first = doc.tokens.get(tokens.start as usize)?;
        let last = doc.tokens.get(tokens.end.checked_sub(1)? as usize)?;
        if last.span.end < first.span.start {
            return None;
        }
        let text = doc
            .text
            .get(first.span.start as usize..last.span.end as usize)?;
        self.kb().resolve(text, "", Self::doc_date(doc))
    }

    fn resolve_entity(&self, doc: &Document, e: usize, date: Option<Date>) -> Option<Actor> {
        let kb = self.kb();
        let entity = &doc.entities[e];
        match entity.label {
            EntityLabel::Person => {
                let mut titles: Vec<&str> = entity
                    .mentions
                    .iter()
                    .filter_map(|&m| doc.mentions.get(m as usize)?.title)
                    .filter(|t| t.end as usize <= doc.text.len())
                    .map(|t| doc.slice(t))
                    .collect();
                titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
                titles.dedup();
                match titles.split_first() {
                    Some((title, rest)) => {
                        let phrase = format!("{title} {}", entity.name);
                        kb.resolve(&phrase, &rest.join(" , "), date)
                    }
                    // A name alone counts only as a known person: the words
                    // of `Mark Cuban` say nothing about Cuba.
                    None => kb
                        .resolve(&entity.name, "", date)
                        .filter(|a| a.rule.starts_with("kb/person")),
                }
            }
            EntityLabel::Gpe | EntityLabel::Loc => {
                let a = kb.resolve(&entity.name, "", date)?;
                match a.rule.as_str() {
                    "kb/country" | "kb/metonym" => Some(a),
                    _ if entity.label == EntityLabel::Gpe && a.rule.starts_with("kb/org") => {
                        Some(a)
                    }
                    _ => None,
                }
            }
            EntityLabel::Norp => {
                let (code, _) = kb.country(&entity.name)?;
                Some(Actor {
                    code: code.to_owned(),
                    country: Some(code.to_owned()),
                    rule: "kb/nationality".to_owned(),
                    ..Actor::default()
                })
            }
            EntityLabel::Org => kb.resolve(&entity.name, "", date),
        }
    }
}

impl Stage for Actors {
    fn name(&self) -> &'static str {
        "actors"
    }

    fn version(&self) -> &'static str {
        "kb-1"
    }

    fn process(&self, doc: &mut Document) {
        let date = Self::doc_date(doc);
        for e in 0..doc.entities.len() {
            let actor = self.resolve_entity(doc, e, date);
            doc.entities[e].actor = actor;
        }
    }
}

impl dyad_core::ResolveActor for Actors {
    fn resolve(&self, doc: &Document, tokens: Range<u32>) -> Option<Actor> {
        self.resolve_span(doc, tokens)
    }
}
