//! Who said what: quotations, reported speech, their cues and speakers.
//!
//! The [`Quotes`] stage reads tokens and quotation marks (segmentation),
//! and uses tags, dependencies, entity mentions and coreference clusters
//! when earlier stages provide them. It finds:
//!
//! - quoted passages by their marks ([`marks`](crate::marks)), including
//!   multi-paragraph quotes and unbalanced marks;
//! - their cue and speaker: a cue after the quote (`,” he remarked`), before
//!   it (`he responded: “`), or the verb of the sentence that embeds a
//!   partial quote (`described as an “unexpected development”`); quotes with
//!   no cue continue the previous speaker;
//! - reported speech without marks (`Lavrov announced that ...`, `ruled
//!   out ...`, `according to ...`).
//!
//! Each speaker resolves to the canonical name of its entity (`he` ->
//! `Sergei Lavrov`) with the title the article gives. Every quote records
//! the rule that produced it and a confidence.
//!
//! ```
//! use dyad_core::{Document, Meta, Pipeline, QuoteKind};
//! use dyad_attrib::Quotes;
//! use dyad_nlp::segment::Segmenter;
//!
//! let mut doc = Document::new(Meta::with_id("x"), "“We will not go,” he said.".into()).unwrap();
//! Pipeline::new().with(Segmenter::new()).with(Quotes::new()).run(&mut doc);
//! assert_eq!(doc.quotes.len(), 1);
//! assert_eq!(doc.quotes[0].kind, QuoteKind::Direct);
//! assert_eq!(doc.slice(doc.quotes[0].span), "We will not go");
//! ```

mod context;
mod cue;
mod cues;
mod direct;
pub mod eval;
mod indirect;
mod marks;
mod speaker;

use dyad_core::{Cue, Document, Quote, QuoteKind, Span, Speaker, Stage};

use crate::context::Ctx;

/// The quote and attribution stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quotes;

impl Quotes {
    /// The rule-based attributor.
    pub fn new() -> Self {
        Self
    }
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn version(&self) -> &'static str {
        "rules-1"
    }

    fn process(&self, doc: &mut Document) {
        let quotes = find(doc);
        doc.quotes = quotes;
    }
}

fn token_span(doc: &Document, r: &std::ops::Range<u32>) -> Span {
    Span::new(
        doc.tokens[r.start as usize].span.start,
        doc.tokens[r.end as usize - 1].span.end,
    )
}

fn find(doc: &Document) -> Vec<Quote> {
    if doc.tokens.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx::new(doc);
    let passages = marks::passages(doc);
    let mut quoted = vec![false; doc.tokens.len()];
    for p in &passages {
        let end = p.close.map_or(p.content.end, |c| c + 1);
        for t in p.open..end {
            quoted[t as usize] = true;
        }
    }
    let is_quoted = |i: u32| quoted.get(i as usize).copied().unwrap_or(false);

    // Reported speech first: its speakers also carry over to quotes.
    let mut reported = Vec::new();
    for s in 0..doc.sentences.len() as u32 {
        reported.extend(indirect::in_sentence(&ctx, s, &is_quoted));
    }
    let mut out = Vec::new();
    let mut events: Vec<(u32, u32, Option<Speaker>)> = Vec::new(); // (position, paragraph, speaker)
    for r in &reported {
        let speaker = r.speaker.clone().map(|s| speaker::speaker(&ctx, s));
        let conf = r
            .speaker
            .as_ref()
            .map_or(0.5, |s| 0.75 * speaker::mention_confidence(&ctx, s));
        let para = doc.sentences[ctx.sentence(r.cue.verb) as usize].paragraph;
        events.push((r.cue.verb, para, speaker.clone()));
        out.push(Quote {
            kind: QuoteKind::Indirect,
            span: token_span(doc, &r.content),
            cue: Some(cue_of(doc, &r.cue)),
            speaker,
            confidence: conf,
            sentence: ctx.sentence(r.content.start),
            rule: r.rule,
        });
    }
    let mut last: Option<(u32, u32, Speaker)> = None; // (position, paragraph, speaker) of the last attributed passage
    // Reported speech with a speaker, in text order; passages are in text
    // order too, so one cursor finds the latest before each passage.
    let spoken: Vec<(u32, u32, Speaker)> = events
        .into_iter()
        .filter_map(|(pos, para, s)| s.map(|s| (pos, para, s)))
        .collect();
    let mut cursor = 0;
    // Index in `out` of each passage's quote.
    let mut of_passage: Vec<Option<usize>> = vec![None; passages.len()];
    for (k, p) in passages.iter().enumerate() {
        // The latest speaker before this passage, from quotes or reported speech.
        while cursor < spoken.len() && spoken[cursor].0 < p.open {
            cursor += 1;
        }
        let from_reported = cursor.checked_sub(1).map(|i| spoken[i].clone());
        let previous = match (&last, from_reported) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a.clone() } else { b }),
            (Some(a), None) => Some(a.clone()),
            (None, b) => b,
        };
        let found = direct::attribute(&ctx, p, previous.as_ref().map(|x| x.1));
        // Scare quotes and titles (`the so-called “reset”`, `on “Face the
        // Nation”`): a partial quote with no cue is nobody's statement.
        if found.kind == QuoteKind::Partial && (found.cue.is_none() || is_title(&ctx, &p.content)) {
            continue;
        }
        let (speaker, confidence) = match (&found.speaker, &previous) {
            (Some(range), _) => (
                Some(speaker::speaker(&ctx, range.clone())),
                found.base * speaker::mention_confidence(&ctx, range),
            ),
            (None, Some(prev)) if found.base > 0.0 && found.cue.is_none() => {
                let mut s = prev.2.clone();
                s.mention = None;
                (Some(s), found.base)
            }
            _ => (None, 0.0),
        };
        if let Some(s) = &speaker {
            last = Some((p.open, p.paragraph, s.clone()));
        }
        // `“..., a crucial one,” he said`: the comma is the writer's, not
        // the speaker's.
        let mut content = p.content.clone();
        if content.end - content.start > 1 && ctx.word(content.end - 1) == "," {
            content.end -= 1;
        }
        of_passage[k] = Some(out.len());
        out.push(Quote {
            kind: found.kind,
            span: token_span(doc, &content),
            cue: found.cue.as_ref().map(|c| cue_of(doc, c)),
            speaker,
            confidence,
            sentence: ctx.sentence(p.content.start),
            rule: found.rule,
        });
    }
    // A multi-paragraph quote is attributed at its end: its earlier
    // paragraphs take the speaker found there.
    for k in (0..passages.len().saturating_sub(1)).rev() {
        if !passages[k + 1].continues_previous {
            continue;
        }
        if let (Some(a), Some(b)) = (of_passage[k], of_passage[k + 1])
            && out[a].speaker.is_none()
            && let Some(mut s) = out[b].speaker.clone()
        {
            s.mention = None;
            out[a].speaker = Some(s);
            out[a].confidence = out[b].confidence * 0.9;
            out[a].rule = "quote/multi-paragraph";
        }
    }
    out.sort_by_key(|q| (q.span.start, q.span.end));
    continue_pronouns(doc, &mut out);
    out
}

/// Speaker continuity: a personal pronoun that coreference left
/// unresolved (`“...,” she remarked` right after Mari Rantanen's quote)
/// refers to the latest named speaker of the paragraph or the one before.
fn continue_pronouns(doc: &Document, quotes: &mut [Quote]) {
    let para = |q: &Quote| {
        doc.sentences
            .get(q.sentence as usize)
            .map_or(0, |s| s.paragraph)
    };
    let mut last: Option<(u32, Speaker)> = None;
    for q in quotes.iter_mut() {
        let p = para(q);
        let Some(s) = &mut q.speaker else {
            continue;
        };
        let pronoun = s.entity.is_none()
            && matches!(
                s.name.to_lowercase().as_str(),
                "he" | "she" | "they" | "him" | "her"
            );
        if pronoun {
            if let Some((lp, prev)) = &last
                && lp + 1 >= p
            {
                let mention = s.mention;
                *s = prev.clone();
                s.mention = mention;
                q.confidence *= 0.8;
            }
            continue;
        }
        if s.entity.is_some() {
            last = Some((p, s.clone()));
        }
    }
}

/// `“Face the Nation”`, `“Make Your Kid a Millionaire”`: a short run of
/// capitalised words is the title of a work or an event, not a statement.
fn is_title(ctx: &Ctx<'_>, content: &std::ops::Range<u32>) -> bool {
    let n = content.end - content.start;
    if n == 0 || n > 8 {
        return false;
    }
    let mut words = 0;
    for t in content.clone() {
        let w = ctx.word(t);
        if ctx.doc.tokens[t as usize].kind != dyad_core::TokenKind::Word {
            continue;
        }
        words += 1;
        let minor = matches!(
            w,
            "the" | "of" | "a" | "an" | "and" | "in" | "on" | "for" | "to" | "at" | "with"
        );
        if !minor && !w.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
    }
    words >= 2
}

fn cue_of(doc: &Document, c: &cue::CueRef) -> Cue {
    Cue {
        span: token_span(doc, &c.tokens),
        lemma: c.lemma.clone().into_boxed_str(),
    }
}

#[cfg(test)]
mod tests;
