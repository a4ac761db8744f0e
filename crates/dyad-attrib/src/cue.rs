//! Recognising a speech cue at a token, with its multi-word extent.

use std::ops::Range;

use dyad_core::Upos;

use crate::context::Ctx;
use crate::cues;

/// A cue found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CueRef {
    /// Its tokens (`ruled out`, `expressed his displeasure`).
    pub(crate) tokens: Range<u32>,
    /// The verb token (the one speakers and clauses attach to).
    pub(crate) verb: u32,
    /// Normalised lemma (`rule out`, `express displeasure`).
    pub(crate) lemma: String,
}

/// Cue lemmas too vague to introduce reported speech on their own; they
/// count only right next to a quotation (`,” he continued`).
pub(crate) fn needs_quote(lemma: &str) -> bool {
    matches!(lemma, "continue" | "post" | "answer" | "ask" | "question")
}

/// The cue starting at (or governed by) token `i`, if any.
pub(crate) fn cue_at(ctx: &Ctx<'_>, i: u32) -> Option<CueRef> {
    let n = ctx.len() as u32;
    let word = ctx.word(i);
    if word.eq_ignore_ascii_case("according") && i + 1 < n && ctx.lower(i + 1) == "to" {
        return Some(CueRef {
            tokens: i..i + 2,
            verb: i,
            lemma: "according to".to_owned(),
        });
    }
    if let Some(upos) = ctx.upos(i)
        && !matches!(upos, Upos::Verb)
    {
        return None;
    }
    let lemma = cues::verb_lemma(word, ctx.lemma(i))?;
    let next = |k: u32| (i + k < n).then(|| ctx.lower(i + k));
    match lemma {
        "rule" | "point" => (next(1).as_deref() == Some("out")).then(|| CueRef {
            tokens: i..i + 2,
            verb: i,
            lemma: format!("{lemma} out"),
        }),
        "call" => matches!(next(1).as_deref(), Some("for" | "on")).then(|| CueRef {
            tokens: i..i + 2,
            verb: i,
            lemma: format!("call {}", next(1).unwrap_or_default()),
        }),
        l if cues::LIGHT_VERBS.contains(&l) => {
            // `expressed (his|their|deep)? displeasure`
            (1..=3)
                .filter(|&k| i + k < n)
                .find(|&k| cues::is_stance_noun(ctx.word(i + k)))
                .map(|k| CueRef {
                    tokens: i..i + k + 1,
                    verb: i,
                    lemma: format!("{l} {}", ctx.lower(i + k)),
                })
        }
        l => Some(CueRef {
            tokens: i..i + 1,
            verb: i,
            lemma: l.to_owned(),
        }),
    }
}

/// Verbs that name or label something with the quoted words (`called
/// Wells Fargo's behaviour “outrageous”`, `dubbed it “...”`).
pub(crate) fn naming_cue(ctx: &Ctx<'_>, i: u32) -> Option<CueRef> {
    let lower = ctx.lower(i);
    let lemma = match lower.as_str() {
        "call" | "calls" | "called" | "calling" => "call",
        "dub" | "dubs" | "dubbed" | "dubbing" => "dub",
        "label" | "labels" | "labeled" | "labelled" | "labeling" | "labelling" => "label",
        "brand" | "brands" | "branded" | "branding" => "brand",
        "term" | "terms" | "termed" | "terming" => "term",
        "hail" | "hails" | "hailed" | "hailing" => "hail",
        "rate" | "rates" | "rated" | "rating" => "rate",
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
