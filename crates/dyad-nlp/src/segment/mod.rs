//! Segmentation: paragraphs, sentences and tokens with offsets.
//!
//! Rules tuned on news and checked against UD English (EWT) and GUM
//! sentence and token boundaries (`dyad eval segment`). See
//! [`Segmenter`].

mod abbrev;
mod paragraph;
mod sentence;
mod tokenize;

use dyad_core::{Document, Sentence, Span, Stage, Token};

pub use sentence::MAX_SENTENCE_TOKENS;

/// The segmentation stage: fills [`Document::paragraphs`],
/// [`Document::sentences`] and [`Document::tokens`].
///
/// ```
/// use dyad_core::{Document, Meta, Stage};
/// use dyad_nlp::segment::Segmenter;
///
/// let mut doc = Document::new(Meta::with_id("x"), "Gen. Smith met U.S. envoys. “No,” he said.".into()).unwrap();
/// Segmenter::new().process(&mut doc);
/// assert_eq!(doc.sentences.len(), 2);
/// assert_eq!(doc.slice(doc.tokens[0].span), "Gen.");
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct Segmenter;

impl Segmenter {
    /// The rule segmenter.
    pub fn new() -> Self {
        Self
    }
}

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn version(&self) -> &'static str {
        "rules-1"
    }

    fn process(&self, doc: &mut Document) {
        let text = doc.text.as_str();
        let paragraphs = paragraph::paragraphs(text);
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut sentences = Vec::with_capacity(text.len() / 120);
        let mut raw = Vec::new();
        let mut quotes = sentence::QuoteState::default();
        for (pi, p) in paragraphs.iter().enumerate() {
            raw.clear();
            tokenize::tokenize(text, p.start as usize, p.end as usize, &mut raw);
            let kinds = sentence::resolve_quotes(text, &raw, &mut quotes);
            let base = tokens.len() as u32;
            tokens.extend(raw.iter().zip(&kinds).map(|(t, &kind)| Token {
                span: Span::from_usize(t.start, t.end),
                kind,
            }));
            for r in sentence::split(text, &raw, &kinds) {
                let span = Span::from_usize(raw[r.start].start, raw[r.end - 1].end);
                sentences.push(Sentence {
                    span,
                    paragraph: pi as u32,
                    tokens: base + r.start as u32..base + r.end as u32,
                });
            }
        }
        doc.paragraphs = paragraphs;
        doc.tokens = tokens;
        doc.sentences = sentences;
    }
}

#[cfg(test)]
mod tests;
