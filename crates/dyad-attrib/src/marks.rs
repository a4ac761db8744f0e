//! Pairing quotation marks into quoted passages.
//!
//! Double marks (`“ ”`, straight `"`, `« »`, `„`) delimit quotes; single
//! marks nested inside them are part of the content. A document with no
//! double marks at all uses single marks (`‘ ’`) instead, British style.
//! A quote still open at the end of its paragraph continues only when the
//! next paragraph opens with a quote mark (the news convention for
//! multi-paragraph quotes); otherwise it ends with its paragraph, so an
//! unbalanced mark never swallows the rest of the article.

use std::ops::Range;

use dyad_core::{Document, TokenKind};

/// A quoted passage found by its marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Passage {
    /// Token index of the opening mark.
    pub(crate) open: u32,
    /// Token index of the closing mark, `None` when the passage runs to the
    /// end of its paragraph (unclosed, or continued in the next one).
    pub(crate) close: Option<u32>,
    /// The quoted tokens, without the marks.
    pub(crate) content: Range<u32>,
    /// Paragraph index.
    pub(crate) paragraph: u32,
    /// True when this passage continues a quote from the previous
    /// paragraph (multi-paragraph quote).
    pub(crate) continues_previous: bool,
}

fn is_double(s: &str) -> bool {
    matches!(s, "\"" | "“" | "”" | "«" | "»" | "„" | "``" | "''")
}

fn is_single(s: &str) -> bool {
    matches!(s, "'" | "‘" | "’" | "‹" | "›" | "‚")
}

/// Token index ranges of each paragraph.
pub(crate) fn paragraph_tokens(doc: &Document) -> Vec<Range<u32>> {
    let mut out: Vec<Range<u32>> = vec![0..0; doc.paragraphs.len()];
    for s in &doc.sentences {
        let r = &mut out[s.paragraph as usize];
        if r.start == r.end {
            *r = s.tokens.clone();
        } else {
            r.end = s.tokens.end;
        }
    }
    out
}

/// Find every quoted passage of `doc`, in text order.
pub(crate) fn passages(doc: &Document) -> Vec<Passage> {
    let uses_double = doc.tokens.iter().any(|t| {
        matches!(t.kind, TokenKind::QuoteOpen | TokenKind::QuoteClose)
            && is_double(doc.slice(t.span))
    });
    let is_mark = |i: usize| {
        let t = &doc.tokens[i];
        let s = doc.slice(t.span);
        if uses_double {
            is_double(s)
        } else {
            is_single(s)
        }
    };
    let paras = paragraph_tokens(doc);
    let mut out = Vec::new();
    let mut carried = false; // the previous paragraph ended inside a quote
    for (pi, range) in paras.iter().enumerate() {
        let mut open: Option<u32> = None;
        let first_opens = range.start < range.end
            && doc.tokens[range.start as usize].kind == TokenKind::QuoteOpen
            && is_mark(range.start as usize);
        let mut continues = carried && first_opens;
        let marks: Vec<u32> = range
            .clone()
            .filter(|&i| {
                matches!(
                    doc.tokens[i as usize].kind,
                    TokenKind::QuoteOpen | TokenKind::QuoteClose
                ) && is_mark(i as usize)
            })
            .collect();
        let mut depth = 0usize; // nested quotes of the same mark inside the open one
        for (k, &i) in marks.iter().enumerate() {
            let kind = doc.tokens[i as usize].kind;
            match (kind, open) {
                (TokenKind::QuoteOpen, None) => open = Some(i),
                (TokenKind::QuoteOpen, Some(o)) => {
                    // `“... what he calls “hell” than ...”`: a nested quote
                    // when enough closing marks follow for both; otherwise
                    // the first quote was never closed and ends here.
                    let closes_left = marks[k + 1..]
                        .iter()
                        .filter(|&&m| doc.tokens[m as usize].kind == TokenKind::QuoteClose)
                        .count();
                    if closes_left >= depth + 2 {
                        depth += 1;
                    } else {
                        push(&mut out, o, None, o + 1..i, pi, continues);
                        continues = false;
                        open = Some(i);
                        depth = 0;
                    }
                }
                (_, Some(_)) if depth > 0 => depth -= 1,
                (_, Some(o)) => {
                    push(&mut out, o, Some(i), o + 1..i, pi, continues);
                    continues = false;
                    open = None;
                }
                (_, None) => {} // a stray closing mark
            }
        }
        carried = false;
        if let Some(o) = open {
            push(&mut out, o, None, o + 1..range.end, pi, continues);
            let next_opens = paras.get(pi + 1).is_some_and(|r| {
                r.start < r.end
                    && doc.tokens[r.start as usize].kind == TokenKind::QuoteOpen
                    && is_mark(r.start as usize)
            });
            carried = next_opens;
        }
    }
    out
}

fn push(
    out: &mut Vec<Passage>,
    open: u32,
    close: Option<u32>,
    content: Range<u32>,
    paragraph: usize,
    continues_previous: bool,
) {
    if content.start < content.end {
        out.push(Passage {
            open,
            close,
            content,
            paragraph: paragraph as u32,
            continues_previous,
        });
    }
}
