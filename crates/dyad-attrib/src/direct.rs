//! Attributing quoted passages: cue after the quote (`,” he said`), cue
//! before it (`he responded: “`), quote embedded in the writer's sentence
//! (partial), and quotes with no cue that continue the previous speaker.

use std::ops::Range;

use dyad_core::{QuoteKind, TokenKind};

use crate::context::Ctx;
use crate::cue::{CueRef, cue_at};
use crate::marks::Passage;
use crate::speaker::subject_of;

/// What the rules found for one passage.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) kind: QuoteKind,
    pub(crate) cue: Option<CueRef>,
    pub(crate) speaker: Option<Range<u32>>,
    pub(crate) rule: &'static str,
    /// Confidence of the rule before the speaker's own.
    pub(crate) base: f32,
}

fn is_punct(ctx: &Ctx<'_>, i: u32) -> bool {
    matches!(ctx.doc.tokens[i as usize].kind, TokenKind::Punct)
}

/// The tokens after the closing mark up to the end of its sentence (or the
/// next opening mark).
fn after_range(ctx: &Ctx<'_>, p: &Passage) -> Range<u32> {
    let Some(close) = p.close else { return 0..0 };
    let end = ctx.sentence_range(ctx.sentence(close)).end;
    let mut stop = close + 1;
    while stop < end && ctx.doc.tokens[stop as usize].kind != TokenKind::QuoteOpen {
        stop += 1;
    }
    close + 1..stop
}

/// `,” he remarked` / `,” said Rubio` / `,” US Secretary of State Marco
/// Rubio said after the dialogue`.
fn after_cue(ctx: &Ctx<'_>, p: &Passage) -> Option<(CueRef, Option<Range<u32>>)> {
    let after = after_range(ctx, p);
    for i in after.clone().take(12) {
        if let Some(cue) = cue_at(ctx, i) {
            let speaker = subject_of(ctx, cue.verb, after);
            return Some((cue, speaker));
        }
        // Another verb first: the words after the quote are a new clause.
        if matches!(ctx.upos(i), Some(dyad_core::Upos::Verb)) {
            return None;
        }
    }
    None
}

/// `he responded: “...` / `Zelensky said in a statement, “...`.
fn before_cue(ctx: &Ctx<'_>, p: &Passage) -> Option<(CueRef, Option<Range<u32>>)> {
    let sent = ctx.sentence_range(ctx.sentence(p.open));
    if p.open == sent.start {
        return None;
    }
    let prev = p.open - 1;
    let lead = ctx.word(prev);
    if !matches!(lead, ":" | "," | "—" | "–") {
        return None;
    }
    for i in (sent.start..prev).rev().take(8) {
        if let Some(cue) = cue_at(ctx, i) {
            let speaker = subject_of(ctx, cue.verb, sent.start..p.open);
            return Some((cue, speaker));
        }
    }
    None
}

/// The nearest cue earlier in the sentence that holds a partial quote:
/// `Zelensky described as an “unexpected development”`.
fn embedding_cue(ctx: &Ctx<'_>, p: &Passage) -> Option<(CueRef, Option<Range<u32>>)> {
    let sent = ctx.sentence_range(ctx.sentence(p.open));
    for i in (sent.start..p.open).rev() {
        if let Some(cue) = cue_at(ctx, i).or_else(|| naming_cue(ctx, i)) {
            let speaker = subject_of(ctx, cue.verb, sent.start..p.open);
            return Some((cue, speaker));
        }
    }
    None
}

/// Verbs that name or label something with the quoted words (`called
/// Wells Fargo's behaviour “outrageous”`, `dubbed it “...”`).
fn naming_cue(ctx: &Ctx<'_>, i: u32) -> Option<CueRef> {
    let lower = ctx.lower(i);
    let lemma = match lower.as_str() {
        "call" | "calls" | "called" | "calling" => "call",
        "dub" | "dubs" | "dubbed" | "dubbing" => "dub",
        "label" | "labels" | "labeled" | "labelled" | "labeling" | "labelling" => "label",
        "brand" | "brands" | "branded" | "branding" => "brand",
        "term" | "terms" | "termed" | "terming" => "term",
        _ => return None,
    };
    if matches!(ctx.upos(i), Some(u) if u != dyad_core::Upos::Verb) {
        return None;
    }
    Some(CueRef {
        tokens: i..i + 1,
        verb: i,
        lemma: lemma.to_owned(),
    })
}

/// Direct when the quote stands as a statement of its own: it opens its
/// sentence, follows a colon, or follows `said,`; partial otherwise.
fn kind_of(ctx: &Ctx<'_>, p: &Passage, before: bool) -> QuoteKind {
    let sent = ctx.sentence_range(ctx.sentence(p.open));
    let opens_sentence = (sent.start..p.open)
        .all(|i| is_punct(ctx, i) || ctx.doc.tokens[i as usize].kind == TokenKind::QuoteOpen);
    let spans_sentences = ctx.sentence(p.content.start) != ctx.sentence(p.content.end - 1);
    if opens_sentence
        || before
        || p.continues_previous
        || spans_sentences
        || (p.open > 0 && ctx.word(p.open - 1) == ":")
    {
        QuoteKind::Direct
    } else {
        QuoteKind::Partial
    }
}

/// Attribute one passage; `previous` is the speaker of the last attributed
/// quote, with its paragraph.
pub(crate) fn attribute(ctx: &Ctx<'_>, p: &Passage, previous: Option<u32>) -> Found {
    let before_found = before_cue(ctx, p);
    let kind = kind_of(ctx, p, before_found.is_some());
    if kind == QuoteKind::Direct {
        if let Some((cue, speaker)) = after_cue(ctx, p) {
            return Found {
                kind,
                cue: Some(cue),
                speaker,
                rule: "quote/after-cue",
                base: 0.95,
            };
        }
        if let Some((cue, speaker)) = before_found {
            return Found {
                kind,
                cue: Some(cue),
                speaker,
                rule: "quote/before-cue",
                base: 0.9,
            };
        }
    } else {
        // `was “entirely premature,” said Scholz`: the cue right after a
        // partial quote that ends with a comma; otherwise the verb that
        // embeds it.
        let attributive = p.content.end > p.content.start && ctx.word(p.content.end - 1) == ",";
        if attributive && let Some((cue, speaker)) = after_cue(ctx, p) {
            return Found {
                kind,
                cue: Some(cue),
                speaker,
                rule: "quote/partial-after-cue",
                base: 0.85,
            };
        }
        if let Some((cue, speaker)) = embedding_cue(ctx, p) {
            return Found {
                kind,
                cue: Some(cue),
                speaker,
                rule: "quote/partial",
                base: 0.85,
            };
        }
    }
    // No cue: a quote-only paragraph or a later sentence of the same
    // speaker continues the previous speaker.
    let near = previous.is_some_and(|para| para + 1 >= p.paragraph);
    let rule = if p.continues_previous {
        "quote/multi-paragraph"
    } else {
        "quote/continuation"
    };
    Found {
        kind,
        cue: None,
        speaker: None,
        rule: if near { rule } else { "quote/unattributed" },
        base: if p.continues_previous {
            0.85
        } else if near {
            0.7
        } else {
            0.0
        },
    }
}
