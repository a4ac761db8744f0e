//! Sentence boundaries inside one paragraph, and the direction of
//! straight quotation marks.
//!
//! A sentence ends after `.`, `!`, `?` or an ellipsis, together with any
//! closing quotes and brackets that follow, when the next token can open a
//! sentence (a capital, a digit, an opening quote). Abbreviations decide by
//! class: titles (`Gen.`) never end one, initials (`J.`) not before a
//! capital, others (`U.S.`, `Inc.`) only before a typical sentence opener.
//! Quotes may run across sentences and paragraphs: a paragraph that opens
//! with a quote mark while a quote is still open continues that quote; one
//! that does not closes it, so an unbalanced mark never swallows the rest of
//! an article.

use std::ops::Range;

use dyad_core::TokenKind;

use super::abbrev::{self, AbbrevClass};
use super::tokenize::{Raw, RawToken};

/// The longest sentence, in tokens; longer runs (tables, lists, garbage
/// without punctuation) are cut at a comma or semicolon where possible so
/// later stages stay fast.
pub const MAX_SENTENCE_TOKENS: usize = 400;

/// Quote state carried from paragraph to paragraph.
#[derive(Debug, Default)]
pub(crate) struct QuoteState {
    open_double: bool,
}

fn is_double(text: &str) -> bool {
    matches!(text, "\"" | "“" | "”" | "«" | "»" | "„" | "``" | "''")
}

/// Decide the direction of undecided straight quotes in one paragraph and
/// return the final kinds.
pub(crate) fn resolve_quotes(
    text: &str,
    toks: &[RawToken],
    state: &mut QuoteState,
) -> Vec<TokenKind> {
    let starts_with_quote = toks.first().is_some_and(|t| {
        matches!(t.raw, Raw::StraightQuote | Raw::Kind(TokenKind::QuoteOpen))
            && is_double(&text[t.start..t.end])
    });
    if state.open_double && !starts_with_quote {
        state.open_double = false;
    }
    let continuing = state.open_double && starts_with_quote;
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            let kind = match t.raw {
                // `”Mr. Trump embodies ...”`: a closing mark used as an
                // opening one, before a word and after a space.
                Raw::Kind(TokenKind::QuoteClose)
                    if !state.open_double
                        && &text[t.start..t.end] == "”"
                        && text[..t.start]
                            .chars()
                            .next_back()
                            .is_none_or(char::is_whitespace)
                        && toks.get(i + 1).is_some_and(|n| {
                            n.start == t.end
                                && text[n.start..]
                                    .chars()
                                    .next()
                                    .is_some_and(char::is_alphanumeric)
                        }) =>
                {
                    TokenKind::QuoteOpen
                }
                Raw::Kind(k) => k,
                Raw::StraightQuote => {
                    if state.open_double {
                        TokenKind::QuoteClose
                    } else {
                        TokenKind::QuoteOpen
                    }
                }
            };
            if is_double(&text[t.start..t.end]) {
                match kind {
                    TokenKind::QuoteOpen => state.open_double = true,
                    TokenKind::QuoteClose => state.open_double = false,
                    _ => {}
                }
            }
            // The re-opening mark of a continued quote is still an opener.
            if i == 0 && continuing {
                state.open_double = true;
            }
            kind
        })
        .collect()
}

fn is_terminal(text: &str) -> bool {
    matches!(text, "." | "!" | "?" | "…")
        || (text.len() >= 2 && text.chars().all(|c| matches!(c, '.' | '!' | '?')))
}

/// Token index ranges of the sentences of one paragraph.
pub(crate) fn split(text: &str, toks: &[RawToken], kinds: &[TokenKind]) -> Vec<Range<usize>> {
    let n = toks.len();
    let mut out = Vec::new();
    let mut start = 0usize;
    let word = |i: usize| &text[toks[i].start..toks[i].end];
    let mut i = 0usize;
    while i < n {
        let w = word(i);
        let abbr = if kinds[i] == TokenKind::Word && w.len() > 1 && w.ends_with('.') {
            abbrev::classify(&w[..w.len() - 1])
        } else {
            None
        };
        if !(is_terminal(w) || abbr.is_some()) {
            if soft_boundary(text, toks, kinds, i) {
                push_sentence(&mut out, start, i + 1, toks, text);
                start = i + 1;
            }
            i += 1;
            continue;
        }
        // Absorb further terminals, closing quotes and brackets.
        let mut j = i + 1;
        while j < n
            && (kinds[j] == TokenKind::QuoteClose
                || matches!(word(j), ")" | "]" | "}")
                || is_terminal(word(j)))
        {
            j += 1;
        }
        // A citation mark (`[17]`, `[1 - 3]`, `[...]`) after the full
        // stop belongs to the sentence it cites.
        if j < n
            && word(j) == "["
            && let Some(k) = (j + 1..n.min(j + 8)).find(|&k| word(k) == "]")
            && (j + 1..k).all(|m| {
                kinds[m] == TokenKind::Number || matches!(word(m), "-" | "–" | "," | "..." | "…")
            })
        {
            j = k + 1;
        }
        if j >= n {
            break;
        }
        let next = word(j);
        let first = next.chars().next().unwrap_or(' ');
        let opens = kinds[j] == TokenKind::QuoteOpen || matches!(next, "(" | "[");
        let punct_next =
            kinds[j] == TokenKind::Punct && !opens && !matches!(next, "—" | "–" | "-" | "•" | "*");
        let boundary = if first.is_lowercase() || punct_next {
            false
        } else {
            match abbr {
                None => {
                    // `Gen.`-style handled above; `3.` heading a list item stays.
                    !(w == "." && i == 1 && kinds[0] == TokenKind::Number && start == 0)
                }
                // `No. 5` but `No. No.`
                Some(AbbrevClass::Prefix) if w.eq_ignore_ascii_case("no.") => first.is_alphabetic(),
                Some(AbbrevClass::Prefix) => false,
                Some(AbbrevClass::Other) => {
                    let stem = &w[..w.len() - 1];
                    if abbrev::is_initial(stem) && first.is_uppercase() {
                        false
                    } else {
                        opens || abbrev::is_opener(next)
                    }
                }
            }
        };
        if boundary {
            push_sentence(&mut out, start, j, toks, text);
            start = j;
        }
        i = j;
    }
    if start < n {
        push_sentence(&mut out, start, n, toks, text);
    }
    out
}

/// A dash standing between spaces ends a sentence when a capitalised
/// sentence opener follows (an utterance broken off: `if — If you...`), but
/// not before `I` (`And I – I cannot`). Colons were tried the same way and
/// lowered F1 on GUM dev, so they never end a sentence.
fn soft_boundary(text: &str, toks: &[RawToken], kinds: &[TokenKind], i: usize) -> bool {
    let w = &text[toks[i].start..toks[i].end];
    let spaced_dash = matches!(w, "—" | "–" | "--") && i > 0 && toks[i - 1].end < toks[i].start;
    if !spaced_dash || i + 1 >= toks.len() {
        return false;
    }
    if toks[i + 1].start == toks[i].end {
        return false; // `10:30`-like or `a—b`
    }
    let next = &text[toks[i + 1].start..toks[i + 1].end];
    kinds[i + 1] == TokenKind::Word
        && next.chars().next().is_some_and(char::is_uppercase)
        && next != "I"
        && abbrev::is_opener(next)
}

/// Push `start..end`, cut into pieces of at most [`MAX_SENTENCE_TOKENS`].
fn push_sentence(
    out: &mut Vec<Range<usize>>,
    mut start: usize,
    end: usize,
    toks: &[RawToken],
    text: &str,
) {
    while end - start > MAX_SENTENCE_TOKENS {
        let limit = start + MAX_SENTENCE_TOKENS;
        let cut = (start + MAX_SENTENCE_TOKENS / 2..limit)
            .rev()
            .find(|&k| matches!(&text[toks[k].start..toks[k].end], ";" | ":" | ","))
            .map_or(limit, |k| k + 1);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..end);
}
