//! `Document` -> rows: the backend-neutral conversion both stores write.
//!
//! Every span is checked (inside the text, on `char` boundaries) and turned
//! into code point offsets with [`CharIndex`], as the `dyad/1` JSON does.

use dyad_core::{CharIndex, Document, EvidenceKind, Participant, Party, Span};

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
    pub(crate) stances: Vec<PStance>,
    pub(crate) negotiations: Vec<PNegotiation>,
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

pub(crate) struct PStance {
    /// Index in the document's stance layer.
    pub(crate) idx: i64,
    pub(crate) sentence: i64,
    pub(crate) holder: String,
    pub(crate) actor: PActor,
    /// The actor code, else the holder (what the matrix aggregates under).
    pub(crate) actor_key: String,
    pub(crate) issue_id: String,
    pub(crate) issue_label: String,
    pub(crate) polarity: &'static str,
    pub(crate) strength: f64,
    pub(crate) text: String,
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) cue: Option<(String, i64, i64)>,
    pub(crate) evidence: String,
    pub(crate) quote: Option<i64>,
    pub(crate) rule: String,
}

pub(crate) struct PNegotiation {
    pub(crate) place: Option<(String, i64, i64)>,
    pub(crate) present: String,
    pub(crate) present_names: String,
    pub(crate) excluded: String,
    pub(crate) excluded_names: String,
    /// Indices into the document's stances.
    pub(crate) red_lines: Vec<u32>,
    /// JSON array.
    pub(crate) preconditions: String,
    /// Indices into the document's events.
    pub(crate) agreements: Vec<u32>,
    /// Indices into the document's events.
    pub(crate) meetings: Vec<u32>,
}

/// An `f32` layer value as the `f64` nearest its shortest decimal form
/// (`0.7f32` is stored as `0.7`, not `0.699999988`); converting it back
/// with `as f32` gives the same `f32`. Not finite: 0.
pub(crate) fn short_f64(x: f32) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    x.to_string().parse().unwrap_or(f64::from(x))
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
            kind: q.kind.as_str(),
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
            modality: e.modality.as_str(),
            location,
            location_country,
            seen: day.clone().or_else(|| date.clone()),
            date,
            rule: e.rule.clone(),
            confidence: f64::from(e.confidence),
        });
    }
    let stances = prepare_stances(&ctx)?;
    let negotiations = prepare_negotiations(&ctx)?;
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
        stances,
        negotiations,
    })
}

fn prepare_stances(ctx: &Ctx<'_>) -> Result<Vec<PStance>, StoreError> {
    let doc = ctx.doc;
    let mut out = Vec::with_capacity(doc.stances.len());
    for (i, s) in doc.stances.iter().enumerate() {
        // As `dyad_stances::positions`: a stance without its issue is not
        // counted.
        let Some(issue) = doc.issues.get(s.issue as usize) else {
            continue;
        };
        let (text, start, end) = ctx.span(s.span, &format!("stance {i}"))?;
        let cue = match s.cue {
            Some(c) => Some(ctx.span(c, &format!("stance {i} cue"))?),
            None => None,
        };
        // The cue, then the polarity, negation and hedge words, each once,
        // in order: the evidence string of `dyad_stances::Position`.
        let mut words: Vec<String> = Vec::new();
        if let Some((t, _, _)) = &cue {
            words.push(t.clone());
        }
        for (j, e) in s.evidence.iter().enumerate() {
            if e.kind == EvidenceKind::Issue {
                continue;
            }
            let w = ctx.span(e.span, &format!("stance {i} evidence {j}"))?.0;
            if !words.contains(&w) {
                words.push(w);
            }
        }
        let actor_key = s
            .actor
            .as_ref()
            .map(|a| a.code.clone())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| s.holder.clone());
        out.push(PStance {
            idx: i as i64,
            sentence: i64::from(s.sentence),
            holder: s.holder.clone(),
            actor: actor(s.actor.as_ref()),
            actor_key,
            issue_id: issue.id.clone(),
            issue_label: issue.label.clone(),
            polarity: s.polarity.as_str(),
            strength: short_f64(s.strength),
            text,
            start,
            end,
            cue,
            evidence: words.join("; "),
            quote: s.quote.map(i64::from),
            rule: s.rule.to_owned(),
        });
    }
    Ok(out)
}

fn prepare_negotiations(ctx: &Ctx<'_>) -> Result<Vec<PNegotiation>, StoreError> {
    let doc = ctx.doc;
    let mut out = Vec::with_capacity(doc.negotiations.len());
    for (i, n) in doc.negotiations.iter().enumerate() {
        let place = match n.place {
            Some(p) => Some(ctx.span(p, &format!("negotiation {i} place"))?),
            None => None,
        };
        let parties = |ps: &[Party], what: &str| -> Result<(String, String), StoreError> {
            let mut codes = Vec::with_capacity(ps.len());
            let mut names = Vec::with_capacity(ps.len());
            for (j, p) in ps.iter().enumerate() {
                ctx.span(p.span, &format!("negotiation {i} {what} {j}"))?;
                let code = p.actor.as_ref().and_then(|a| non_empty(Some(&a.code)));
                codes.push(code.unwrap_or_else(|| p.name.clone()));
                names.push(p.name.clone());
            }
            Ok((codes.join(";"), names.join(";")))
        };
        let (present, present_names) = parties(&n.present, "present party")?;
        let (excluded, excluded_names) = parties(&n.excluded, "excluded party")?;
        let mut pre = Vec::with_capacity(n.preconditions.len());
        for (j, c) in n.preconditions.iter().enumerate() {
            let text = ctx
                .span(c.span, &format!("negotiation {i} precondition {j}"))?
                .0;
            let cue = ctx
                .span(c.cue, &format!("negotiation {i} precondition {j} cue"))?
                .0;
            pre.push(serde_json::json!({
                "holder": c.holder,
                "actor_code": c.actor.as_ref().and_then(|a| non_empty(Some(&a.code))),
                "text": text,
                "cue": cue,
            }));
        }
        out.push(PNegotiation {
            place,
            present,
            present_names,
            excluded,
            excluded_names,
            red_lines: n.red_lines.clone(),
            preconditions: serde_json::Value::Array(pre).to_string(),
            agreements: n.agreements.clone(),
            meetings: n.events.clone(),
        });
    }
    Ok(out)
}
