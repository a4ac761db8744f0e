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
        if let Some(cue) = cue_at(ctx, i).or_else(|| crate::cue::naming_cue(ctx, i)) {
            let speaker = subject_of(ctx, cue.verb, sent.start..p.open);
            return Some((cue, speaker));
        }
    }
    None
}

/// `“...” ― Stephanie Egan`: a dash and a name right after the quote.
fn dash_attribution(ctx: &Ctx<'_>, p: &Passage) -> Option<(CueRef, Range<u32>)> {
    let close = p.close?;
    let d = close + 1;
    if d as usize >= ctx.len() || !matches!(ctx.word(d), "—" | "―" | "–" | "-" | "--") {
        return None;
    }
    let sent_end = ctx.sentence_range(ctx.sentence(d)).end;
    let name = d + 1;
    if name >= sent_end
        || !ctx
            .word(name)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    {
        return None;
    }
    let speaker = subject_like(ctx, name, sent_end)?;
    let cue = CueRef {
        tokens: d..d + 1,
        verb: d,
        lemma: "dash".to_owned(),
    };
    Some((cue, speaker))
}

/// The mention starting at `t`, or the run of capitalised words there.
fn subject_like(ctx: &Ctx<'_>, t: u32, end: u32) -> Option<Range<u32>> {
    if let Some(m) = ctx.mention_at(t) {
        return Some(ctx.doc.mentions[m as usize].tokens.clone());
    }
    let mut e = t;
    while e < end && e < t + 6 && ctx.word(e).chars().next().is_some_and(char::is_uppercase) {
        e += 1;
    }
    (e > t).then_some(t..e)
}

/// `“Does anybody know?” Graham asked.`: the quote ended its sentence and
/// the next, short sentence is only the attribution.
fn next_sentence_cue(ctx: &Ctx<'_>, p: &Passage) -> Option<(CueRef, Option<Range<u32>>)> {
    let close = p.close?;
    let s = ctx.sentence(close);
    let here = ctx.sentence_range(s);
    if close + 1 != here.end || (s + 1) as usize >= ctx.doc.sentences.len() {
        return None;
    }
    let next = ctx.sentence_range(s + 1);
    if ctx.doc.sentences[(s + 1) as usize].paragraph != ctx.doc.sentences[s as usize].paragraph
        || next.end - next.start > 25
    {
        return None;
    }
    for i in next.clone() {
        if ctx.doc.tokens[i as usize].kind == TokenKind::QuoteOpen {
            break;
        }
        if let Some(cue) = cue_at(ctx, i) {
            // Only an attribution: no clause or object of its own.
            let own_clause = ctx
                .children(cue.verb)
                .iter()
                .any(|&c| matches!(ctx.deprel(c), "ccomp" | "obj" | "xcomp"));
            if own_clause {
                return None;
            }
            let speaker = subject_of(ctx, cue.verb, next);
            return speaker.is_some().then_some((cue, speaker));
        }
    }
    None
}

/// `President Obama is rolling out a new message: “It's about me.”`: no
/// speech verb, but a colon hands the quote to the subject of the nearest
/// clause before it.
fn colon_subject(ctx: &Ctx<'_>, p: &Passage) -> Option<Range<u32>> {
    if p.open == 0 || ctx.word(p.open - 1) != ":" || !ctx.has_deps() {
        return None;
    }
    let sent = ctx.sentence_range(ctx.sentence(p.open));
    if p.open <= sent.start + 1 {
        return None;
    }
    // The nearest clause before the colon that has a subject.
    let verb = (sent.start..p.open)
        .rev()
        .find(|&t| ctx.children(t).iter().any(|&c| ctx.deprel(c) == "nsubj"))?;
    subject_of(ctx, verb, sent.start..p.open)
}

/// `He said:⏎⏎“...”`: a paragraph ending with a colon introduces the quote
/// that opens the next one.
fn colon_intro(ctx: &Ctx<'_>, p: &Passage) -> Option<(Option<CueRef>, Option<Range<u32>>)> {
    let para_start = ctx
        .doc
        .sentences
        .iter()
        .find(|s| s.paragraph == p.paragraph)?
        .tokens
        .start;
    if p.open != para_start || p.open == 0 || ctx.word(p.open - 1) != ":" {
        return None;
    }
    let sent = ctx.sentence_range(ctx.sentence(p.open - 1));
    if let Some(cue) = (sent.start..sent.end).rev().find_map(|i| cue_at(ctx, i)) {
        let speaker = subject_of(ctx, cue.verb, sent);
        return Some((Some(cue), speaker));
    }
    // `Sanders made the following comment:`: the sentence's subject.
    let root = (sent.start..sent.end).find(|&t| ctx.has_deps() && ctx.head(t).is_none())?;
    Some((None, subject_of(ctx, root, sent)))
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
        if let Some((cue, speaker)) = dash_attribution(ctx, p) {
            return Found {
                kind,
                cue: Some(cue),
                speaker: Some(speaker),
                rule: "quote/dash",
                base: 0.9,
            };
        }
        if let Some((cue, speaker)) = next_sentence_cue(ctx, p) {
            return Found {
                kind,
                cue: Some(cue),
                speaker,
                rule: "quote/next-sentence-cue",
                base: 0.9,
            };
        }
        if let Some(speaker) = colon_subject(ctx, p) {
            return Found {
                kind,
                cue: None,
                speaker: Some(speaker),
                rule: "quote/colon-subject",
                base: 0.8,
            };
        }
        if let Some((cue, speaker)) = colon_intro(ctx, p)
            && speaker.is_some()
        {
            return Found {
                kind,
                cue,
                speaker,
                rule: "quote/colon-intro",
                base: 0.85,
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
