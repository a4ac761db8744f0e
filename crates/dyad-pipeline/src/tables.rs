//! Flat rows of an analysed document: one row per event, quote, entity
//! and stance, each with the article's id (`doc_id`) and its index in the
//! document's list (`event`, `quote`, `entity`, `stance`, the index in the
//! `dyad/1` JSON array).
//!
//! As in the `dyad/1` JSON and the CSV export: offsets are Unicode code
//! points (end exclusive) into the analysed text; codes stay strings
//! (`036`); a missing value is `None` (a null in Arrow), not an empty
//! string. Integer columns are signed (Spark has no unsigned types).
//! The event columns are the CSV export's (`dyad analyze --format csv`),
//! with `event` added and `participants` joined by `;` as there.

use dyad_core::{Actor, CharIndex, Document, Participant, Span};
use serde::{Deserialize, Serialize};

/// The table names, in the order [`Tables`] holds them.
pub const TABLES: [&str; 4] = ["events", "quotes", "entities", "stances"];

/// One event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    /// The article's id.
    pub doc_id: String,
    /// Index in the document's events.
    pub event: i32,
    /// The article's date.
    pub doc_date: Option<String>,
    /// The event's date (resolved from "on Monday" etc., else the
    /// article's).
    pub event_date: Option<String>,
    /// Sentence index.
    pub sentence: i32,
    /// CAMEO code (`036`).
    pub event_code: String,
    /// CAMEO root (`03`).
    pub event_root: String,
    /// Quad class 1..=4.
    pub quad_class: i32,
    /// Goldstein value (one decimal).
    pub goldstein: f64,
    /// PLOVER event type.
    pub plover_event: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// Source words.
    pub source_text: Option<String>,
    /// Source actor code (`RUSGOV`).
    pub source_code: Option<String>,
    /// Source country.
    pub source_country: Option<String>,
    /// Source sector.
    pub source_sector: Option<String>,
    /// Source actor's canonical name.
    pub source_name: Option<String>,
    /// Target words.
    pub target_text: Option<String>,
    /// Target actor code.
    pub target_code: Option<String>,
    /// Target country.
    pub target_country: Option<String>,
    /// Target sector.
    pub target_sector: Option<String>,
    /// Target actor's canonical name.
    pub target_name: Option<String>,
    /// Other participants: actor codes, else words; `;`-separated.
    pub participants: Option<String>,
    /// The trigger words.
    pub trigger: String,
    /// The trigger's lemma.
    pub trigger_lemma: String,
    /// Negated.
    pub negated: bool,
    /// `asserted`, `intent`, `conditional`, `hypothetical`.
    pub modality: String,
    /// The stated place.
    pub location: Option<String>,
    /// The place's country.
    pub location_country: Option<String>,
    /// Source start (code points).
    pub source_start: Option<i64>,
    /// Source end.
    pub source_end: Option<i64>,
    /// Target start.
    pub target_start: Option<i64>,
    /// Target end.
    pub target_end: Option<i64>,
    /// Trigger start.
    pub trigger_start: i64,
    /// Trigger end.
    pub trigger_end: i64,
    /// The pattern that fired (`verbs.tsv` line).
    pub rule: String,
    /// Confidence (three decimals).
    pub confidence: f64,
    /// The sentence's text.
    pub sentence_text: String,
    /// The article's URL.
    pub url: Option<String>,
    /// The article's title.
    pub title: Option<String>,
}

/// One quote.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteRow {
    /// The article's id.
    pub doc_id: String,
    /// Index in the document's quotes.
    pub quote: i32,
    /// `direct`, `partial`, `indirect`.
    pub kind: String,
    /// The quoted words.
    pub text: String,
    /// Start (code points).
    pub start: i64,
    /// End.
    pub end: i64,
    /// Sentence index.
    pub sentence: i32,
    /// The cue (`said`).
    pub cue_text: Option<String>,
    /// The cue's lemma.
    pub cue_lemma: Option<String>,
    /// Cue start.
    pub cue_start: Option<i64>,
    /// Cue end.
    pub cue_end: Option<i64>,
    /// The speaker's canonical name.
    pub speaker: Option<String>,
    /// The speaker's entity (index into entities).
    pub speaker_entity: Option<i32>,
    /// The speaker's actor code.
    pub speaker_code: Option<String>,
    /// The speaker's country.
    pub speaker_country: Option<String>,
    /// The speaker's sector.
    pub speaker_sector: Option<String>,
    /// Confidence (three decimals).
    pub confidence: f64,
    /// The rule that produced the quote.
    pub rule: String,
}

/// One entity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityRow {
    /// The article's id.
    pub doc_id: String,
    /// Index in the document's entities (the `entity` of quotes, events,
    /// stances).
    pub entity: i32,
    /// `PER`, `ORG`, `GPE`, ...
    pub label: String,
    /// Canonical name.
    pub name: String,
    /// Gender, when known.
    pub gender: Option<String>,
    /// Number, when known.
    pub number: Option<String>,
    /// Actor code.
    pub actor_code: Option<String>,
    /// Actor country.
    pub actor_country: Option<String>,
    /// Actor sector.
    pub actor_sector: Option<String>,
    /// Actor's canonical name.
    pub actor_name: Option<String>,
    /// Role held on the article's date.
    pub actor_role: Option<String>,
    /// How many mentions.
    pub mentions: i32,
    /// First mention's words.
    pub first_text: Option<String>,
    /// First mention's start (code points).
    pub first_start: Option<i64>,
    /// First mention's end.
    pub first_end: Option<i64>,
    /// First mention's sentence.
    pub first_sentence: Option<i32>,
}

/// One stance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StanceRow {
    /// The article's id.
    pub doc_id: String,
    /// Index in the document's stances.
    pub stance: i32,
    /// Who holds it (canonical name).
    pub holder: String,
    /// The holder's entity.
    pub entity: Option<i32>,
    /// The holder's actor code.
    pub actor_code: Option<String>,
    /// The holder's country.
    pub actor_country: Option<String>,
    /// Issue id (`troops-in-ukraine`).
    pub issue: String,
    /// Issue label.
    pub issue_label: Option<String>,
    /// `support`, `oppose`, ...
    pub polarity: String,
    /// Strength (two decimals).
    pub strength: f64,
    /// The statement's words.
    pub text: String,
    /// Start (code points).
    pub start: i64,
    /// End.
    pub end: i64,
    /// Sentence index.
    pub sentence: i32,
    /// The quote it comes from.
    pub quote: Option<i32>,
    /// The stance cue.
    pub cue: Option<String>,
    /// The rule.
    pub rule: String,
}

/// All rows of some documents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tables {
    /// Events.
    pub events: Vec<EventRow>,
    /// Quotes.
    pub quotes: Vec<QuoteRow>,
    /// Entities.
    pub entities: Vec<EntityRow>,
    /// Stances.
    pub stances: Vec<StanceRow>,
}

impl Tables {
    /// Add `doc`'s rows.
    pub fn push(&mut self, doc: &Document) {
        let idx = CharIndex::new(&doc.text);
        let r = Rows { doc, idx: &idx };
        self.events
            .extend(doc.events.iter().enumerate().map(|(i, e)| r.event(i, e)));
        self.quotes
            .extend(doc.quotes.iter().enumerate().map(|(i, q)| r.quote(i, q)));
        self.entities
            .extend(doc.entities.iter().enumerate().map(|(i, e)| r.entity(i, e)));
        self.stances
            .extend(doc.stances.iter().enumerate().map(|(i, s)| r.stance(i, s)));
    }

    /// The rows of `docs`, in order.
    pub fn of<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Self {
        let mut t = Self::default();
        for doc in docs {
            t.push(doc);
        }
        t
    }
}

/// The serde name of a unit enum variant (`male`, `plural`).
fn name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn round(v: f32, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (f64::from(v) * m).round() / m
}

fn index(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

fn small(i: u32) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

struct Rows<'a> {
    doc: &'a Document,
    idx: &'a CharIndex<'a>,
}

impl Rows<'_> {
    fn span(&self, span: Span) -> (i64, i64) {
        let (a, b) = self.idx.span(span);
        (i64::from(a), i64::from(b))
    }

    fn text(&self, span: Span) -> String {
        self.doc.slice(span).to_owned()
    }

    fn actor(p: Option<&Participant>) -> Option<&Actor> {
        p.and_then(|p| p.actor.as_ref())
    }

    fn event(&self, i: usize, e: &dyad_core::Event) -> EventRow {
        let doc = self.doc;
        let (s, t) = (e.source.as_ref(), e.target.as_ref());
        let (sa, ta) = (Self::actor(s), Self::actor(t));
        let (ss, se) = s.map(|p| self.span(p.span)).unzip();
        let (ts, te) = t.map(|p| self.span(p.span)).unzip();
        let (gs, ge) = self.span(e.trigger);
        let participants: Vec<String> = e
            .participants
            .iter()
            .map(|p| {
                p.actor
                    .as_ref()
                    .map_or_else(|| self.text(p.span), |a| a.code.clone())
            })
            .collect();
        EventRow {
            doc_id: doc.meta.id.clone(),
            event: index(i),
            doc_date: doc.meta.date.clone(),
            event_date: e.date.clone(),
            sentence: small(e.sentence),
            event_code: e.code.clone(),
            event_root: e.root.clone(),
            quad_class: i32::from(e.quad_class),
            goldstein: round(e.goldstein, 1),
            plover_event: e.plover_event.clone(),
            plover_mode: e.plover_mode.clone(),
            source_text: s.map(|p| self.text(p.span)),
            source_code: sa.map(|a| a.code.clone()),
            source_country: sa.and_then(|a| a.country.clone()),
            source_sector: sa.and_then(|a| a.sector.clone()),
            source_name: sa.and_then(|a| a.name.clone()),
            target_text: t.map(|p| self.text(p.span)),
            target_code: ta.map(|a| a.code.clone()),
            target_country: ta.and_then(|a| a.country.clone()),
            target_sector: ta.and_then(|a| a.sector.clone()),
            target_name: ta.and_then(|a| a.name.clone()),
            participants: non_empty(&participants.join(";")),
            trigger: self.text(e.trigger),
            trigger_lemma: e.lemma.clone(),
            negated: e.negated,
            modality: e.modality.as_str().to_owned(),
            location: e.location.as_ref().map(|(span, _)| self.text(*span)),
            location_country: e.location.as_ref().and_then(|(_, c)| c.clone()),
            source_start: ss,
            source_end: se,
            target_start: ts,
            target_end: te,
            trigger_start: gs,
            trigger_end: ge,
            rule: e.rule.clone(),
            confidence: round(e.confidence, 3),
            sentence_text: doc
                .sentences
                .get(e.sentence as usize)
                .map(|s| self.text(s.span))
                .unwrap_or_default(),
            url: doc.meta.url.clone(),
            title: doc.meta.title.clone(),
        }
    }

    fn quote(&self, i: usize, q: &dyad_core::Quote) -> QuoteRow {
        let doc = self.doc;
        let (start, end) = self.span(q.span);
        let (cs, ce) = q.cue.as_ref().map(|c| self.span(c.span)).unzip();
        let sp = q.speaker.as_ref();
        let actor = sp
            .and_then(|sp| sp.entity)
            .and_then(|e| doc.entities.get(e as usize))
            .and_then(|e| e.actor.as_ref());
        QuoteRow {
            doc_id: doc.meta.id.clone(),
            quote: index(i),
            kind: q.kind.as_str().to_owned(),
            text: self.text(q.span),
            start,
            end,
            sentence: small(q.sentence),
            cue_text: q.cue.as_ref().map(|c| self.text(c.span)),
            cue_lemma: q.cue.as_ref().map(|c| c.lemma.to_string()),
            cue_start: cs,
            cue_end: ce,
            speaker: sp.map(|sp| sp.name.clone()),
            speaker_entity: sp.and_then(|sp| sp.entity).map(small),
            speaker_code: actor.map(|a| a.code.clone()),
            speaker_country: actor.and_then(|a| a.country.clone()),
            speaker_sector: actor.and_then(|a| a.sector.clone()),
            confidence: round(q.confidence, 3),
            rule: q.rule.to_owned(),
        }
    }

    fn entity(&self, i: usize, e: &dyad_core::Entity) -> EntityRow {
        let doc = self.doc;
        let first = e
            .mentions
            .first()
            .and_then(|&m| doc.mentions.get(m as usize));
        let (fs, fe) = first.map(|m| self.span(m.span)).unzip();
        let a = e.actor.as_ref();
        EntityRow {
            doc_id: doc.meta.id.clone(),
            entity: index(i),
            label: e.label.as_str().to_owned(),
            name: e.name.clone(),
            gender: e.gender.as_ref().map(name),
            number: e.number.as_ref().map(name),
            actor_code: a.map(|a| a.code.clone()),
            actor_country: a.and_then(|a| a.country.clone()),
            actor_sector: a.and_then(|a| a.sector.clone()),
            actor_name: a.and_then(|a| a.name.clone()),
            actor_role: a.and_then(|a| a.role.clone()),
            mentions: index(e.mentions.len()),
            first_text: first.map(|m| self.text(m.span)),
            first_start: fs,
            first_end: fe,
            first_sentence: first.map(|m| small(m.sentence)),
        }
    }

    fn stance(&self, i: usize, s: &dyad_core::Stance) -> StanceRow {
        let doc = self.doc;
        let (start, end) = self.span(s.span);
        let issue = doc.issues.get(s.issue as usize);
        let a = s.actor.as_ref();
        StanceRow {
            doc_id: doc.meta.id.clone(),
            stance: index(i),
            holder: s.holder.clone(),
            entity: s.entity.map(small),
            actor_code: a.map(|a| a.code.clone()),
            actor_country: a.and_then(|a| a.country.clone()),
            issue: issue.map(|i| i.id.clone()).unwrap_or_default(),
            issue_label: issue.map(|i| i.label.clone()),
            polarity: s.polarity.as_str().to_owned(),
            strength: round(s.strength, 2),
            text: self.text(s.span),
            start,
            end,
            sentence: small(s.sentence),
            quote: s.quote.map(small),
            cue: s.cue.map(|c| self.text(c)),
            rule: s.rule.to_owned(),
        }
    }
}
