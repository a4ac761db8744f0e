//! The `dyad/1` JSON form of a [`Document`].
//!
//! Offsets here are Unicode code point offsets (end exclusive), so that
//! `text[start:end]` in Python gives the span. The schema is documented in
//! `docs/schema.md` and as JSON Schema in `docs/dyad-1.schema.json`.

use std::io;

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use crate::{
    Actor, CharIndex, Document, EntityLabel, Gender, MentionKind, Meta, Modality, Number,
    Participant, QuoteKind, SCHEMA, Span, StageRecord, TokenKind, Upos,
};

/// Serialize `doc` as one line of JSON (JSON Lines) or pretty-printed.
pub fn write_json<W: io::Write>(doc: &Document, out: W, pretty: bool) -> serde_json::Result<()> {
    let view = DocumentView::new(doc);
    if pretty {
        serde_json::to_writer_pretty(out, &view)
    } else {
        serde_json::to_writer(out, &view)
    }
}

/// The `dyad/1` JSON of `doc` as a value (convenient in tests and bindings).
pub fn to_json_value(doc: &Document) -> serde_json::Value {
    // Serializing our own types into a Value cannot fail (no non-string
    // map keys, no non-finite floats).
    serde_json::to_value(DocumentView::new(doc)).unwrap_or(serde_json::Value::Null)
}

#[derive(Serialize)]
struct DocumentView<'a> {
    schema: &'static str,
    meta: MetaView<'a>,
    text: &'a str,
    paragraphs: Spans<'a>,
    sentences: Sentences<'a>,
    tokens: Tokens<'a>,
    entities: Entities<'a>,
    quotes: Quotes<'a>,
    events: Events<'a>,
    issues: Issues<'a>,
    stances: Stances<'a>,
    negotiations: Negotiations<'a>,
}

#[derive(Serialize)]
struct MetaView<'a> {
    #[serde(flatten)]
    meta: &'a Meta,
    pipeline: &'a [StageRecord],
    stats: Stats,
}

#[derive(Serialize)]
struct Stats {
    chars: u32,
    paragraphs: usize,
    sentences: usize,
    tokens: usize,
}

struct Ctx<'a> {
    doc: &'a Document,
    index: CharIndex<'a>,
}

impl<'a> DocumentView<'a> {
    fn new(doc: &'a Document) -> Self {
        let ctx = std::rc::Rc::new(Ctx {
            doc,
            index: CharIndex::new(&doc.text),
        });
        Self {
            schema: SCHEMA,
            meta: MetaView {
                meta: &doc.meta,
                pipeline: &doc.stages,
                stats: Stats {
                    chars: ctx.index.char_offset(doc.text.len() as u32),
                    paragraphs: doc.paragraphs.len(),
                    sentences: doc.sentences.len(),
                    tokens: doc.tokens.len(),
                },
            },
            text: &doc.text,
            paragraphs: Spans(ctx.clone()),
            sentences: Sentences(ctx.clone()),
            tokens: Tokens(ctx.clone()),
            entities: Entities(ctx.clone()),
            quotes: Quotes(ctx.clone()),
            events: Events(ctx.clone()),
            issues: Issues(ctx.clone()),
            stances: Stances(ctx.clone()),
            negotiations: Negotiations(ctx),
        }
    }
}

type Shared<'a> = std::rc::Rc<Ctx<'a>>;

struct Spans<'a>(Shared<'a>);
struct Sentences<'a>(Shared<'a>);
struct Tokens<'a>(Shared<'a>);
struct Entities<'a>(Shared<'a>);
struct Quotes<'a>(Shared<'a>);
struct Events<'a>(Shared<'a>);
struct Issues<'a>(Shared<'a>);
struct Stances<'a>(Shared<'a>);
struct Negotiations<'a>(Shared<'a>);

#[derive(Serialize)]
struct CueView<'a> {
    text: &'a str,
    start: u32,
    end: u32,
    lemma: &'a str,
}

#[derive(Serialize)]
struct SpeakerView<'a> {
    name: &'a str,
    entity: Option<u32>,
    mention: Option<TextSpan<'a>>,
    title: Option<TextSpan<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a Actor>,
}

#[derive(Serialize)]
struct QuoteView<'a> {
    kind: QuoteKind,
    text: &'a str,
    start: u32,
    end: u32,
    cue: Option<CueView<'a>>,
    speaker: Option<SpeakerView<'a>>,
    confidence: f32,
    sentence: u32,
    rule: &'a str,
}

#[derive(Serialize)]
struct SpanView {
    start: u32,
    end: u32,
}

#[derive(Serialize)]
struct SentenceView<'a> {
    start: u32,
    end: u32,
    paragraph: u32,
    tokens: [u32; 2],
    text: &'a str,
}

#[derive(Serialize)]
struct TokenView<'a> {
    text: &'a str,
    start: u32,
    end: u32,
    kind: TokenKind,
    sentence: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    upos: Option<Upos>,
    #[serde(skip_serializing_if = "Option::is_none")]
    xpos: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lemma: Option<&'a str>,
    /// Index of the head token; absent for a root or before parsing.
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprel: Option<&'a str>,
}

#[derive(Serialize)]
struct TextSpan<'a> {
    text: &'a str,
    start: u32,
    end: u32,
}

#[derive(Serialize)]
struct MentionView<'a> {
    text: &'a str,
    start: u32,
    end: u32,
    kind: MentionKind,
    sentence: u32,
    title: Option<TextSpan<'a>>,
    source: &'a str,
}

#[derive(Serialize)]
struct EntityView<'a> {
    id: usize,
    label: EntityLabel,
    name: &'a str,
    gender: Option<Gender>,
    number: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a Actor>,
    mentions: Vec<MentionView<'a>>,
}

fn chars(ctx: &Ctx<'_>, span: Span) -> (u32, u32) {
    ctx.index.span(span)
}

impl Serialize for Spans<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = &self.0;
        let mut seq = s.serialize_seq(Some(ctx.doc.paragraphs.len()))?;
        for &p in &ctx.doc.paragraphs {
            let (start, end) = chars(ctx, p);
            seq.serialize_element(&SpanView { start, end })?;
        }
        seq.end()
    }
}

impl Serialize for Sentences<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = &self.0;
        let mut seq = s.serialize_seq(Some(ctx.doc.sentences.len()))?;
        for sent in &ctx.doc.sentences {
            let (start, end) = chars(ctx, sent.span);
            seq.serialize_element(&SentenceView {
                start,
                end,
                paragraph: sent.paragraph,
                tokens: [sent.tokens.start, sent.tokens.end],
                text: ctx.doc.slice(sent.span),
            })?;
        }
        seq.end()
    }
}

impl Serialize for Tokens<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = &self.0;
        let doc = ctx.doc;
        let mut seq = s.serialize_seq(Some(doc.tokens.len()))?;
        for (si, sent) in doc.sentences.iter().enumerate() {
            for ti in sent.tokens.start as usize..sent.tokens.end as usize {
                let tok = &doc.tokens[ti];
                let (start, end) = chars(ctx, tok.span);
                let tag = doc.tags.get(ti);
                let dep = doc.deps.get(ti);
                seq.serialize_element(&TokenView {
                    text: doc.slice(tok.span),
                    start,
                    end,
                    kind: tok.kind,
                    sentence: si as u32,
                    upos: tag.map(|t| t.upos),
                    xpos: tag.map(|t| &*t.xpos),
                    lemma: tag.map(|t| &*t.lemma),
                    head: dep.and_then(|d| d.head),
                    deprel: dep.map(|d| &*d.deprel),
                })?;
            }
        }
        seq.end()
    }
}

impl Serialize for Entities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = &self.0;
        let doc = ctx.doc;
        let mut seq = s.serialize_seq(Some(doc.entities.len()))?;
        for (id, e) in doc.entities.iter().enumerate() {
            let mentions = e
                .mentions
                .iter()
                .filter_map(|&m| doc.mentions.get(m as usize))
                .map(|m| {
                    let (start, end) = chars(ctx, m.span);
                    MentionView {
                        text: doc.slice(m.span),
                        start,
                        end,
                        kind: m.kind,
                        sentence: m.sentence,
                        title: m.title.map(|t| {
                            let (start, end) = chars(ctx, t);
                            TextSpan {
                                text: doc.slice(t),
                                start,
                                end,
                            }
                        }),
                        source: m.source,
                    }
                })
                .collect();
            seq.serialize_element(&EntityView {
                id,
                label: e.label,
                name: &e.name,
                gender: e.gender,
                number: e.number,
                actor: e.actor.as_ref(),
                mentions,
            })?;
        }
        seq.end()
    }
}

fn text_span<'a>(ctx: &Ctx<'a>, span: Span) -> TextSpan<'a> {
    let (start, end) = chars(ctx, span);
    TextSpan {
        text: ctx.doc.slice(span),
        start,
        end,
    }
}

impl Serialize for Quotes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = &self.0;
        let doc = ctx.doc;
        let mut seq = s.serialize_seq(Some(doc.quotes.len()))?;
        for q in &doc.quotes {
            let (start, end) = chars(ctx, q.span);
            seq.serialize_element(&QuoteView {
                kind: q.kind,
                text: doc.slice(q.span),
                start,
                end,
                cue: q.cue.as_ref().map(|c| {
                    let (start, end) = chars(ctx, c.span);
                    CueView {
                        text: doc.slice(c.span),
                        start,
                        end,
                        lemma: &c.lemma,
                    }
                }),
                speaker: q.speaker.as_ref().map(|sp| SpeakerView {
                    name: &sp.name,
                    entity: sp.entity,
                    mention: sp.mention.map(|m| text_span(ctx, m)),
                    title: sp.title.map(|t| text_span(ctx, t)),
                    actor: sp
                        .entity
                        .and_then(|e| doc.entities.get(e as usize))
                        .and_then(|e| e.actor.as_ref()),
                }),
                confidence: (q.confidence * 1000.0).round() / 1000.0,
                sentence: q.sentence,
                rule: q.rule,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct ParticipantView<'a> {
    text: &'a str,
    start: u32,
    end: u32,
    entity: Option<u32>,
    actor: Option<&'a Actor>,
}

#[derive(Serialize)]
struct LocationView<'a> {
    text: &'a str,
    start: u32,
    end: u32,
    country: Option<&'a str>,
}

#[derive(Serialize)]
struct EventView<'a> {
    code: &'a str,
    root: &'a str,
    quad_class: u8,
    goldstein: f32,
    plover_event: Option<&'a str>,
    plover_mode: Option<&'a str>,
    source: Option<ParticipantView<'a>>,
    target: Option<ParticipantView<'a>>,
    participants: Vec<ParticipantView<'a>>,
    trigger: CueView<'a>,
    negated: bool,
    modality: Modality,
    location: Option<LocationView<'a>>,
    date: Option<&'a str>,
    sentence: u32,
    rule: &'a str,
    confidence: f32,
}

fn participant<'a>(ctx: &Ctx<'a>, p: &'a Participant) -> ParticipantView<'a> {
    let (start, end) = chars(ctx, p.span);
    ParticipantView {
        text: ctx.doc.slice(p.span),
        start,
        end,
        entity: p.entity,
        actor: p.actor.as_ref(),
    }
}

impl Serialize for Events<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = &self.0;
        let doc = ctx.doc;
        let mut seq = s.serialize_seq(Some(doc.events.len()))?;
        for e in &doc.events {
            let (start, end) = chars(ctx, e.trigger);
            seq.serialize_element(&EventView {
                code: &e.code,
                root: &e.root,
                quad_class: e.quad_class,
                goldstein: e.goldstein,
                plover_event: e.plover_event.as_deref(),
                plover_mode: e.plover_mode.as_deref(),
                source: e.source.as_ref().map(|p| participant(ctx, p)),
                target: e.target.as_ref().map(|p| participant(ctx, p)),
                participants: e.participants.iter().map(|p| participant(ctx, p)).collect(),
                trigger: CueView {
                    text: doc.slice(e.trigger),
                    start,
                    end,
                    lemma: &e.lemma,
                },
                negated: e.negated,
                modality: e.modality,
                location: e.location.as_ref().map(|(span, country)| {
                    let (start, end) = chars(ctx, *span);
                    LocationView {
                        text: doc.slice(*span),
                        start,
                        end,
                        country: country.as_deref(),
                    }
                }),
                date: e.date.as_deref(),
                sentence: e.sentence,
                rule: &e.rule,
                confidence: (e.confidence * 1000.0).round() / 1000.0,
            })?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Sentence, Token};

    fn doc() -> Document {
        let text = "“Né,” he said.".to_owned();
        let mut d = Document::new(Meta::with_id("t"), text).unwrap();
        d.paragraphs.push(Span::from_usize(0, d.text.len()));
        let words = [
            (0, 3),
            (3, 6),
            (6, 7),
            (7, 10),
            (11, 13),
            (14, 18),
            (18, 19),
        ];
        for (a, b) in words {
            d.tokens.push(Token {
                span: Span::new(a, b),
                kind: TokenKind::Word,
            });
        }
        d.sentences.push(Sentence {
            span: Span::from_usize(0, d.text.len()),
            paragraph: 0,
            tokens: 0..7,
        });
        d
    }

    #[test]
    fn offsets_are_code_points() {
        let d = doc();
        let v = to_json_value(&d);
        let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
        for t in v["tokens"].as_array().unwrap() {
            let (s, e) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
            let sub: String = text[s as usize..e as usize].iter().collect();
            assert_eq!(sub, t["text"].as_str().unwrap());
        }
        assert_eq!(v["meta"]["stats"]["chars"], text.len());
        assert_eq!(v["schema"], SCHEMA);
        assert!(v["quotes"].as_array().unwrap().is_empty());
    }

    #[test]
    fn jsonl_is_one_line() {
        let mut buf = Vec::new();
        write_json(&doc(), &mut buf, false).unwrap();
        assert!(!buf.contains(&b'\n'));
    }
}

#[derive(Serialize)]
struct IssueMentionView<'a> {
    text: &'a str,
    start: u32,
    end: u32,
    sentence: u32,
}

#[derive(Serialize)]
struct IssueView<'a> {
    id: &'a str,
    label: &'a str,
    source: &'a str,
    mentions: Vec<IssueMentionView<'a>>,
}

impl Serialize for Issues<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = &self.0;
        let mut seq = s.serialize_seq(Some(ctx.doc.issues.len()))?;
        for i in &ctx.doc.issues {
            seq.serialize_element(&IssueView {
                id: &i.id,
                label: &i.label,
                source: i.source,
                mentions: i
                    .mentions
                    .iter()
                    .map(|&(span, sentence)| {
                        let (start, end) = chars(ctx, span);
                        IssueMentionView {
                            text: ctx.doc.slice(span),
                            start,
                            end,
                            sentence,
                        }
                    })
                    .collect(),
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct EvidenceView<'a> {
    kind: crate::EvidenceKind,
    text: &'a str,
    start: u32,
    end: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<&'a str>,
}

#[derive(Serialize)]
struct StanceView<'a> {
    holder: &'a str,
    entity: Option<u32>,
    actor: Option<&'a Actor>,
    issue: &'a str,
    polarity: crate::Polarity,
    strength: f32,
    text: &'a str,
    start: u32,
    end: u32,
    sentence: u32,
    quote: Option<u32>,
    cue: Option<TextSpan<'a>>,
    evidence: Vec<EvidenceView<'a>>,
    rule: &'a str,
}

impl Serialize for Stances<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = &self.0;
        let doc = ctx.doc;
        let mut seq = s.serialize_seq(Some(doc.stances.len()))?;
        for st in &doc.stances {
            let (start, end) = chars(ctx, st.span);
            seq.serialize_element(&StanceView {
                holder: &st.holder,
                entity: st.entity,
                actor: st.actor.as_ref(),
                issue: doc
                    .issues
                    .get(st.issue as usize)
                    .map_or("", |i| i.id.as_str()),
                polarity: st.polarity,
                strength: (st.strength * 100.0).round() / 100.0,
                text: doc.slice(st.span),
                start,
                end,
                sentence: st.sentence,
                quote: st.quote,
                cue: st.cue.map(|c| text_span(ctx, c)),
                evidence: st
                    .evidence
                    .iter()
                    .map(|e| {
                        let (start, end) = chars(ctx, e.span);
                        EvidenceView {
                            kind: e.kind,
                            text: doc.slice(e.span),
                            start,
                            end,
                            entry: e.entry.as_deref(),
                        }
                    })
                    .collect(),
                rule: st.rule,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct PartyView<'a> {
    name: &'a str,
    actor: Option<&'a Actor>,
    text: &'a str,
    start: u32,
    end: u32,
    sentence: u32,
}

#[derive(Serialize)]
struct ConditionView<'a> {
    holder: &'a str,
    actor: Option<&'a Actor>,
    text: &'a str,
    start: u32,
    end: u32,
    cue: TextSpan<'a>,
    sentence: u32,
}

#[derive(Serialize)]
struct NegotiationView<'a> {
    events: &'a [u32],
    place: Option<TextSpan<'a>>,
    present: Vec<PartyView<'a>>,
    excluded: Vec<PartyView<'a>>,
    red_lines: &'a [u32],
    preconditions: Vec<ConditionView<'a>>,
    agreements: &'a [u32],
}

fn party<'a>(ctx: &Ctx<'a>, p: &'a crate::Party) -> PartyView<'a> {
    let (start, end) = chars(ctx, p.span);
    PartyView {
        name: &p.name,
        actor: p.actor.as_ref(),
        text: ctx.doc.slice(p.span),
        start,
        end,
        sentence: p.sentence,
    }
}

impl Serialize for Negotiations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = &self.0;
        let doc = ctx.doc;
        let mut seq = s.serialize_seq(Some(doc.negotiations.len()))?;
        for n in &doc.negotiations {
            seq.serialize_element(&NegotiationView {
                events: &n.events,
                place: n.place.map(|p| text_span(ctx, p)),
                present: n.present.iter().map(|p| party(ctx, p)).collect(),
                excluded: n.excluded.iter().map(|p| party(ctx, p)).collect(),
                red_lines: &n.red_lines,
                preconditions: n
                    .preconditions
                    .iter()
                    .map(|c| {
                        let (start, end) = chars(ctx, c.span);
                        ConditionView {
                            holder: &c.holder,
                            actor: c.actor.as_ref(),
                            text: doc.slice(c.span),
                            start,
                            end,
                            cue: text_span(ctx, c.cue),
                            sentence: c.sentence,
                        }
                    })
                    .collect(),
                agreements: &n.agreements,
            })?;
        }
        seq.end()
    }
}
