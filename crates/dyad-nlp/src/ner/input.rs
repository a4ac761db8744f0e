//! The per-token inputs beyond the words that training and evaluation
//! compute for corpus sentences the way the stage does for documents:
//! part-of-speech tags from a tagger, and document flags over each run of
//! sentences that forms one document.

use dyad_core::Tagging;

use super::context::Context;
use super::corpus::NerSentence;
use super::document;
use crate::tag::TaggerModel;

/// Tags and document flags of a list of sentences, parallel to it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Inputs {
    pub tags: Vec<Vec<Tagging>>,
    pub doc: Vec<Vec<u16>>,
}

impl Inputs {
    /// Tag every sentence with `tagger` and compute document flags per
    /// document (a document starts at each `newdoc` sentence).
    pub(crate) fn compute(sents: &[NerSentence], tagger: &TaggerModel) -> Self {
        let tags = sents
            .iter()
            .map(|s| {
                let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                tagger.tag(&words)
            })
            .collect();
        Self {
            tags,
            doc: doc_flags(sents),
        }
    }

    /// The context of sentence `i`.
    pub(crate) fn context(&self, i: usize) -> Context<'_> {
        Context {
            tags: self.tags.get(i).map_or(&[], Vec::as_slice),
            doc: self.doc.get(i).map_or(&[], Vec::as_slice),
        }
    }
}

/// Document flags of every sentence, documents delimited by `newdoc`.
pub(crate) fn doc_flags(sents: &[NerSentence]) -> Vec<Vec<u16>> {
    let mut out = Vec::with_capacity(sents.len());
    let mut start = 0;
    for i in 1..=sents.len() {
        if i == sents.len() || sents[i].newdoc {
            let doc: Vec<&[String]> = sents[start..i].iter().map(|s| s.words.as_slice()).collect();
            out.extend(document::flags(&doc));
            start = i;
        }
    }
    out
}
