use dyad_core::{Document, Meta, Stage, TokenKind};
use proptest::prelude::*;

use super::Segmenter;

fn seg(text: &str) -> Document {
    let mut doc = Document::new(Meta::with_id("t"), text.to_owned()).unwrap();
    Segmenter::new().process(&mut doc);
    doc
}

fn sentences(text: &str) -> Vec<String> {
    let d = seg(text);
    d.sentences
        .iter()
        .map(|s| d.slice(s.span).to_owned())
        .collect()
}

#[test]
fn abbreviations_titles_and_initials_do_not_split() {
    assert_eq!(
        sentences(
            "Gen. Mark Milley met Mr. Smith in the U.S. Senate on Jan. 5. Donald J. Trump was there."
        ),
        [
            "Gen. Mark Milley met Mr. Smith in the U.S. Senate on Jan. 5.",
            "Donald J. Trump was there."
        ]
    );
}

#[test]
fn abbreviation_can_end_a_sentence() {
    assert_eq!(
        sentences("He lives in the U.S. He likes it."),
        ["He lives in the U.S.", "He likes it."]
    );
}

#[test]
fn quotes_split_inside_and_close_after_terminal() {
    assert_eq!(
        sentences(
            "“The presence changes nothing. It is intolerable,” he remarked. Trump was “optimistic.” He left."
        ),
        [
            "“The presence changes nothing.",
            "It is intolerable,” he remarked.",
            "Trump was “optimistic.”",
            "He left."
        ]
    );
}

#[test]
fn question_inside_quote_before_lowercase_cue_continues() {
    assert_eq!(
        sentences("\"Why now?\" she asked. Nobody knew."),
        ["\"Why now?\" she asked.", "Nobody knew."]
    );
}

#[test]
fn straight_quotes_get_direction() {
    let d = seg("He said \" yes \" and left.");
    let kinds: Vec<TokenKind> = d.tokens.iter().map(|t| t.kind).collect();
    assert_eq!(kinds[2], TokenKind::QuoteOpen);
    assert_eq!(kinds[4], TokenKind::QuoteClose);
}

#[test]
fn multi_paragraph_quote_continues_and_unclosed_quote_is_dropped() {
    // Paragraph 1 opens a quote and never closes it; paragraph 2 re-opens
    // (continuation) and closes it; paragraph 3 has a stray opening mark and
    // paragraph 4 does not start with a quote, so the quote is closed.
    let d =
        seg("\"We will go on.\n\"And we will win,\" he said.\nShe replied \"no.\nThen \" left.");
    let kinds: Vec<TokenKind> = d.tokens.iter().map(|t| t.kind).collect();
    let texts: Vec<&str> = d.tokens.iter().map(|t| d.slice(t.span)).collect();
    let then = texts.iter().position(|&t| t == "Then").unwrap();
    // The lone mark after "Then" opens a new quote: the stray one was dropped.
    assert_eq!(kinds[then + 1], TokenKind::QuoteOpen);
    assert_eq!(d.paragraphs.len(), 4);
}

#[test]
fn dashes_and_numbers() {
    let d = seg("Growth was 3.5% in 2024—up from 1,200.");
    let texts: Vec<&str> = d.tokens.iter().map(|t| d.slice(t.span)).collect();
    assert_eq!(
        texts,
        [
            "Growth", "was", "3.5", "%", "in", "2024", "—", "up", "from", "1,200", "."
        ]
    );
    assert_eq!(d.tokens[2].kind, TokenKind::Number);
}

#[test]
fn very_long_sentence_is_cut() {
    let text = "word, ".repeat(2000);
    let d = seg(&text);
    assert!(
        d.sentences
            .iter()
            .all(|s| (s.tokens.end - s.tokens.start) as usize <= super::MAX_SENTENCE_TOKENS)
    );
    assert_eq!(
        d.sentences.last().unwrap().tokens.end as usize,
        d.tokens.len()
    );
}

fn check_invariants(d: &Document) -> Result<(), TestCaseError> {
    let mut last_end = 0u32;
    for t in &d.tokens {
        prop_assert!(t.span.start >= last_end && t.span.start < t.span.end);
        prop_assert!(
            d.text.is_char_boundary(t.span.start as usize)
                && d.text.is_char_boundary(t.span.end as usize)
        );
        prop_assert!(!d.slice(t.span).chars().any(char::is_whitespace));
        last_end = t.span.end;
    }
    // Sentences tile the tokens in order, each inside its paragraph.
    let mut next = 0u32;
    for s in &d.sentences {
        prop_assert_eq!(s.tokens.start, next);
        prop_assert!(s.tokens.end > s.tokens.start);
        next = s.tokens.end;
        let p = d.paragraphs[s.paragraph as usize];
        prop_assert!(p.contains(s.span));
        prop_assert_eq!(s.span.start, d.tokens[s.tokens.start as usize].span.start);
        prop_assert_eq!(s.span.end, d.tokens[s.tokens.end as usize - 1].span.end);
    }
    prop_assert_eq!(next as usize, d.tokens.len());
    // No text is lost: every non-whitespace char is inside a token.
    let covered: usize = d.tokens.iter().map(|t| t.span.len()).sum();
    let visible: usize = d
        .text
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
                )
        })
        .map(char::len_utf8)
        .sum();
    prop_assert_eq!(covered, visible);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_offsets_round_trip(text in "\\PC{0,200}") {
        check_invariants(&seg(&text))?;
    }

    #[test]
    fn newsy_text_keeps_invariants(text in "([A-Z][a-z]{0,8}|[a-z]{1,8}|U\\.S\\.|Mr\\.|[0-9]{1,4}([.,][0-9]{1,3})?|[.,;:!?]|[“”\"'’]|—|-|\\n|\\n\\n| ){0,80}") {
        check_invariants(&seg(&text))?;
    }
}
