//! `Document` -> rows: the backend-neutral conversion both stores write.
//!
//! Every span is checked (inside the text, on `char` boundaries) and turned
//! into code point offsets with [`CharIndex`], as the `dyad/1` JSON does.

use dyad_core::{CharIndex, Document, Modality, Participant, QuoteKind, Span};

use crate::{StoreError, dates, dedup};

/// The content hash of an article's text: hex BLAKE3 of its UTF-8 bytes.
pub fn content_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

pub(crate) struct Prepared {
    pub(crate) hash: String,
    pub(crate) doc_id: String,
    pub(crate) title: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) day: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) outlet: String,
    pub(crate) language: Option<String>,
    pub(crate) authors: String,
    pub(crate) origin_path: String,
    pub(crate) origin_record: Option<i64>,
    pub(crate) origin_format: String,
    pub(crate) encoding: Option<String>,
    pub(crate) pipeline: String,
    pub(crate) chars: i64,
    pub(crate) sentences: Vec<PSentence>,
    pub(crate) entities: Vec<PEntity>,
    pub(crate) quotes: Vec<PQuote>,
    pub(crate) events: Vec<PEvent>,
}

pub(crate) struct PSentence {
    pub(crate) paragraph: i64,
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) text: String,
}

#[derive(Default)]
pub(crate) struct PActor {
    pub(crate) code: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) sector: Option<String>,
    pub(crate) sector2: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) rule: Option<String>,
}

pub(crate) struct PEntity {
    pub(crate) label: String,
    pub(crate) name: String,
    pub(crate) gender: Option<String>,
    pub(crate) number: Option<String>,
    pub(crate) num_mentions: i64,
    pub(crate) actor: PActor,
}

pub(crate) struct PQuote {
    pub(crate) sentence: i64,
    pub(crate) kind: &'static str,
    pub(crate) text: String,
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) cue: Option<(String, String, i64, i64)>,
    pub(crate) speaker_name: Option<String>,
    pub(crate) speaker_entity: Option<i64>,
    pub(crate) speaker_title: Option<String>,
    pub(crate) speaker: PActor,
    pub(crate) confidence: f64,
    pub(crate) rule: String,
}

pub(crate) struct PParty {
    pub(crate) text: String,
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) actor: PActor,
}

impl PParty {
    /// Canonical name, else the words.
    pub(crate) fn name(&self) -> String {
        self.actor.name.clone().unwrap_or_else(|| self.text.clone())
    }
}

pub(crate) struct PEvent {
    pub(crate) sentence: i64,
    pub(crate) code: String,
    pub(crate) root: String,
    pub(crate) quad_class: i64,
    pub(crate) goldstein: f64,
    pub(crate) plover_event: Option<String>,
    pub(crate) plover_mode: Option<String>,
    pub(crate) source: Option<PParty>,
    pub(crate) target: Option<PParty>,
    pub(crate) participants: String,
    pub(crate) trigger: String,
    pub(crate) lemma: String,
    pub(crate) trigger_start: i64,
    pub(crate) trigger_end: i64,
    pub(crate) negated: bool,
    pub(crate) modality: &'static str,
    pub(crate) location: Option<(String, i64, i64)>,
    pub(crate) location_country: Option<String>,
    /// The event's own date, else the article's day.
    pub(crate) date: Option<String>,
    /// The article's day, else the event's date.
    pub(crate) seen: Option<String>,
    pub(crate) rule: String,
    pub(crate) confidence: f64,
}

/// `Modality` as stored.
pub fn modality_str(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Intent => "intent",
        Modality::Conditional => "conditional",
        Modality::Hypothetical => "hypothetical",
    }
}

fn kind_str(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Indirect => "indirect",
    }
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn actor(a: Option<&dyad_core::Actor>) -> PActor {
    match a {
        None => PActor::default(),
        Some(a) => PActor {
            code: non_empty(Some(&a.code)),
            country: non_empty(a.country.as_deref()),
            sector: non_empty(a.sector.as_deref()),
            sector2: non_empty(a.sector2.as_deref()),
            name: non_empty(a.name.as_deref()),
            role: non_empty(a.role.as_deref()),
            rule: non_empty(Some(&a.rule)),
        },
    }
}

struct Ctx<'a> {
    doc: &'a Document,
    idx: CharIndex<'a>,
}

impl Ctx<'_> {
    fn bad(&self, reason: String) -> StoreError {
        StoreError::InvalidDocument {
            doc_id: self.doc.meta.id.clone(),
            reason,
        }
    }

    /// The text and code point offsets of a checked span.
    fn span(&self, span: Span, what: &str) -> Result<(String, i64, i64), StoreError> {
        let text = self.doc.text.get(span.range()).ok_or_else(|| {
            self.bad(format!(
                "{what} span {}..{} is outside the text ({} bytes) or not on a character boundary",
                span.start,
                span.end,
                self.doc.text.len()
            ))
        })?;
        let (a, b) = self.idx.span(span);
        Ok((text.to_owned(), i64::from(a), i64::from(b)))
    }

    fn party(&self, p: Option<&Participant>, what: &str) -> Result<Option<PParty>, StoreError> {
        let Some(p) = p else { return Ok(None) };
        let (text, start, end) = self.span(p.span, what)?;
        Ok(Some(PParty {
            text,
            start,
            end,
            actor: actor(p.actor.as_ref()),
        }))
    }
}

/// Check and convert one document.
pub(crate) fn prepare(doc: &Document, hash: String) -> Result<Prepared, StoreError> {
    let ctx = Ctx {
        doc,
        idx: CharIndex::new(&doc.text),
    };
    let m = &doc.meta;
    let day = m.date.as_deref().and_then(dates::normalize);
    let mut sentences = Vec::with_capacity(doc.sentences.len());
    for (i, s) in doc.sentences.iter().enumerate() {
        let (text, start, end) = ctx.span(s.span, &format!("sentence {i}"))?;
        sentences.push(PSentence {
            paragraph: i64::from(s.paragraph),
            start,
            end,
            text,
        });
    }
    let entities = doc
        .entities
        .iter()
        .map(|e| PEntity {
            label: e.label.as_str().to_owned(),
            name: e.name.clone(),
            gender: e.gender.map(|g| format!("{g:?}").to_lowercase()),
            number: e.number.map(|n| format!("{n:?}").to_lowercase()),
            num_mentions: e.mentions.len() as i64,
            actor: actor(e.actor.as_ref()),
        })
        .collect();
    let mut quotes = Vec::with_capacity(doc.quotes.len());
    for (i, q) in doc.quotes.iter().enumerate() {
        let (text, start, end) = ctx.span(q.span, &format!("quote {i}"))?;
        let cue = match &q.cue {
            Some(c) => {
                let (t, a, b) = ctx.span(c.span, &format!("quote {i} cue"))?;
                Some((t, c.lemma.to_string(), a, b))
            }
            None => None,
        };
        let sp = q.speaker.as_ref();
        let speaker_title = match sp.and_then(|s| s.title) {
            Some(t) => Some(ctx.span(t, &format!("quote {i} speaker title"))?.0),
            None => None,
        };
        let speaker_entity = sp.and_then(|s| s.entity);
        quotes.push(PQuote {
            sentence: i64::from(q.sentence),
            kind: kind_str(q.kind),
            text,
            start,
            end,
            cue,
            speaker_name: sp.and_then(|s| non_empty(Some(&s.name))),
            speaker_entity: speaker_entity.map(i64::from),
            speaker_title,
            speaker: actor(
                speaker_entity
                    .and_then(|e| doc.entities.get(e as usize))
                    .and_then(|e| e.actor.as_ref()),
            ),
            confidence: f64::from(q.confidence),
            rule: q.rule.to_owned(),
        });
    }
    let mut events = Vec::with_capacity(doc.events.len());
    for (i, e) in doc.events.iter().enumerate() {
        let (trigger, trigger_start, trigger_end) =
            ctx.span(e.trigger, &format!("event {i} trigger"))?;
        let source = ctx.party(e.source.as_ref(), &format!("event {i} source"))?;
        let target = ctx.party(e.target.as_ref(), &format!("event {i} target"))?;
        let mut parts = Vec::with_capacity(e.participants.len());
        for (j, p) in e.participants.iter().enumerate() {
            let words = ctx.span(p.span, &format!("event {i} participant {j}"))?.0;
            parts.push(
                p.actor
                    .as_ref()
                    .and_then(|a| non_empty(Some(&a.code)))
                    .unwrap_or(words),
            );
        }
        let (location, location_country) = match &e.location {
            Some((span, c)) => (
                Some(ctx.span(*span, &format!("event {i} location"))?),
                non_empty(c.as_deref()),
            ),
            None => (None, None),
        };
        let code = e.code.trim().to_owned();
        let root = match non_empty(Some(&e.root)) {
            Some(r) => r,
            None => code.get(..2).unwrap_or(&code).to_owned(),
        };
        let date = e
            .date
            .as_deref()
            .and_then(dates::normalize)
            .or_else(|| day.clone());
        events.push(PEvent {
            sentence: i64::from(e.sentence),
            code,
            root,
            quad_class: i64::from(e.quad_class),
            goldstein: f64::from(e.goldstein),
            plover_event: non_empty(e.plover_event.as_deref()),
            plover_mode: non_empty(e.plover_mode.as_deref()),
            source,
            target,
            participants: parts.join(";"),
            trigger,
            lemma: e.lemma.clone(),
            trigger_start,
            trigger_end,
            negated: e.negated,
            modality: modality_str(e.modality),
            location,
            location_country,
            seen: day.clone().or_else(|| date.clone()),
            date,
            rule: e.rule.clone(),
            confidence: f64::from(e.confidence),
        });
    }
    Ok(Prepared {
        outlet: dedup::outlet(m.source.as_deref(), m.url.as_deref(), &hash),
        hash,
        doc_id: m.id.clone(),
        title: m.title.clone(),
        date: m.date.clone(),
        day,
        url: m.url.clone(),
        source: m.source.clone(),
        language: m.language.clone(),
        authors: serde_json::to_string(&m.authors).unwrap_or_else(|_| "[]".into()),
        origin_path: m.origin.path.clone(),
        origin_record: m.origin.record.and_then(|r| i64::try_from(r).ok()),
        origin_format: m.origin.format.as_str().to_owned(),
        encoding: m.origin.encoding.clone(),
        pipeline: serde_json::to_string(&doc.stages).unwrap_or_else(|_| "[]".into()),
        chars: i64::from(ctx.idx.char_offset(doc.text.len() as u32)),
        sentences,
        entities,
        quotes,
        events,
    })
}
