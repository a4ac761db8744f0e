//! Reported speech without quotation marks: `Lavrov announced that ...`,
//! `Tusk ruled out sending troops`, `..., a source said`, `according to X,
//! ...`. Needs the dependency parse for the clause; without one, only the
//! `CUE that ...` pattern is found.

use std::ops::Range;

use dyad_core::TokenKind;

use crate::context::Ctx;
use crate::cue::{CueRef, cue_at, needs_quote};
use crate::speaker::subject_of;

/// One reported statement.
#[derive(Debug)]
pub(crate) struct Reported {
    pub(crate) cue: CueRef,
    pub(crate) content: Range<u32>,
    pub(crate) speaker: Option<Range<u32>>,
    pub(crate) rule: &'static str,
}

/// Trim punctuation at both ends and a leading `that`.
fn trim(ctx: &Ctx<'_>, mut r: Range<u32>) -> Range<u32> {
    while r.start < r.end
        && (matches!(ctx.doc.tokens[r.start as usize].kind, TokenKind::Punct)
            || ctx.lower(r.start) == "that")
    {
        r.start += 1;
    }
    while r.start < r.end && matches!(ctx.doc.tokens[r.end as usize - 1].kind, TokenKind::Punct) {
        r.end -= 1;
    }
    // Keep a quotation that the clause opens whole: `he was “far more
    // optimistic.”`
    let kinds = |k: TokenKind| {
        (r.start..r.end)
            .filter(|&t| ctx.doc.tokens[t as usize].kind == k)
            .count()
    };
    if kinds(TokenKind::QuoteOpen) > kinds(TokenKind::QuoteClose) {
        let limit = (r.end + 3).min(ctx.len() as u32);
        if let Some(c) =
            (r.end..limit).find(|&t| ctx.doc.tokens[t as usize].kind == TokenKind::QuoteClose)
        {
            r.end = c + 1;
        }
    }
    r
}

/// Reported statements in sentence `s`; `quoted(i)` tells whether token
/// `i` lies inside a quotation.
pub(crate) fn in_sentence(ctx: &Ctx<'_>, s: u32, quoted: &dyn Fn(u32) -> bool) -> Vec<Reported> {
    let sent = ctx.sentence_range(s);
    let mut out = Vec::new();
    let mut i = sent.start;
    while i < sent.end {
        if quoted(i) {
            i += 1;
            continue;
        }
        let Some(cue) = cue_at(ctx, i).or_else(|| crate::cue::naming_cue(ctx, i)) else {
            i += 1;
            continue;
        };
        let next = cue.tokens.end;
        if let Some(r) = reported(ctx, &cue, sent.clone()) {
            // A clause that is mostly a quotation already found (`“Our
            // assumption is ...,” McConnell said`) is that quote, not a
            // second, reported statement.
            let n = r.content.end.saturating_sub(r.content.start);
            let in_quotes = (r.content.start..r.content.end)
                .filter(|&t| quoted(t))
                .count() as u32;
            let inside_quote = n > 0 && in_quotes * 5 >= n * 4;
            if r.content.start < r.content.end && !inside_quote {
                out.push(r);
            }
        }
        i = next.max(i + 1);
    }
    out
}

fn reported(ctx: &Ctx<'_>, cue: &CueRef, sent: Range<u32>) -> Option<Reported> {
    if needs_quote(&cue.lemma) {
        return None;
    }
    let v = cue.verb;
    if cue.lemma == "according to" {
        // `according to X, CLAUSE` or `CLAUSE, according to X`.
        let obj = cue.tokens.end;
        let mut end = obj;
        while end < sent.end && ctx.word(end) != "," && !matches!(ctx.word(end), "." | ";") {
            end += 1;
        }
        let speaker = (obj < end).then_some(obj..end);
        let content = if cue.tokens.start == sent.start {
            end..sent.end
        } else {
            sent.start..cue.tokens.start
        };
        return Some(Reported {
            cue: cue.clone(),
            content: trim(ctx, content),
            speaker,
            rule: "indirect/according-to",
        });
    }
    if ctx.has_deps() {
        let kids = ctx.children(v);
        let clause = kids
            .iter()
            .copied()
            .find(|&c| matches!(ctx.deprel(c), "ccomp"));
        let object = kids
            .iter()
            .copied()
            .find(|&c| matches!(ctx.deprel(c), "xcomp" | "obj" | "ccomp" | "advcl"));
        let naming = matches!(
            cue.lemma.as_str(),
            "call" | "dub" | "label" | "brand" | "term" | "hail" | "rate" | "describe"
        );
        let (content, rule) = if naming {
            // `called Wells Fargo's behaviour “outrageous”`: what is named,
            // and the quoted name, when the words are quoted.
            // Only what is named and the name (`Clinton as a “disgrace”`),
            // not clauses hanging off the verb (`after she attacked ...`).
            let parts: Vec<Range<u32>> = ctx
                .children(v)
                .iter()
                .filter(|&&c| {
                    c >= cue.tokens.end
                        && matches!(ctx.deprel(c), "obj" | "iobj" | "xcomp" | "obl" | "ccomp")
                })
                .map(|&c| ctx.subtree(c))
                .collect();
            let start = parts
                .iter()
                .map(|r| r.start)
                .min()
                .unwrap_or(cue.tokens.end)
                .max(cue.tokens.end);
            let end = parts.iter().map(|r| r.end).max().unwrap_or(cue.tokens.end);
            let after = start..end;
            if !after
                .clone()
                .any(|t| ctx.doc.tokens[t as usize].kind == TokenKind::QuoteOpen)
            {
                return None;
            }
            (after, "indirect/naming")
        } else if let Some(c) = clause {
            let mut span = ctx.subtree(c);
            // `says Trump's flurry of tweets was “unhinged”`, parsed with
            // the clause's subject as the verb's object: the object is
            // the subject of the subjectless clause.
            let subjectless = !ctx
                .children(c)
                .iter()
                .any(|&k| ctx.deprel(k).starts_with("nsubj") || ctx.deprel(k) == "expl");
            if subjectless
                && let Some(o) = kids
                    .iter()
                    .copied()
                    .find(|&k| ctx.deprel(k) == "obj" && k >= cue.tokens.end && k < c)
            {
                span.start = span.start.min(ctx.subtree(o).start);
            }
            (span, "indirect/clause")
        } else if cue.lemma.ends_with(" out") && object.is_some() {
            // `ruled out sending troops, while ...`: an object ends at a
            // comma that starts another clause.
            let sub = ctx.subtree(object.unwrap_or(v));
            let end = (sub.start..sub.end)
                .find(|&t| {
                    ctx.word(t) == ","
                        && t + 1 < sub.end
                        && matches!(
                            ctx.lower(t + 1).as_str(),
                            "while" | "but" | "and" | "whereas" | "although" | "though"
                        )
                })
                .unwrap_or(sub.end);
            (sub.start..end, "indirect/rule-out")
        } else if ctx.deprel(v) == "parataxis"
            && let Some(h) = ctx.head(v)
        {
            // `The talks will continue, a source said.`
            let own = ctx.subtree(v);
            let whole = ctx.subtree(h);
            if own.start > whole.start {
                (whole.start..own.start, "indirect/parataxis")
            } else {
                (own.end..whole.end, "indirect/parataxis")
            }
        } else {
            return None;
        };
        let content = trim(ctx, content);
        let speaker = subject_of(ctx, v, sent.start..sent.end)
            .filter(|s| s.end <= content.start || s.start >= content.end);
        return Some(Reported {
            cue: cue.clone(),
            content,
            speaker,
            rule,
        });
    }
    // No parse: `CUE that CLAUSE`.
    let t = cue.tokens.end;
    if t < sent.end && ctx.lower(t) == "that" {
        let content = trim(ctx, t + 1..sent.end);
        let speaker = subject_of(ctx, v, sent.start..cue.tokens.start);
        return Some(Reported {
            cue: cue.clone(),
            content,
            speaker,
            rule: "indirect/that",
        });
    }
    None
}
