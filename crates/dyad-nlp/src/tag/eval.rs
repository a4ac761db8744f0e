//! Scoring against gold treebanks with gold tokenisation: per-word
//! accuracy of UPOS, XPOS and lemma (lemmas come from the predicted tags,
//! as at run time).

use std::path::Path;

use serde::Serialize;

use super::TaggerModel;
use super::train::{TrainError, read_conllu};
use crate::conllu::ConlluSentence;

/// Accuracies on one test set, in percent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TagScore {
    /// Universal POS accuracy.
    pub upos: f64,
    /// PTB tag accuracy.
    pub xpos: f64,
    /// Lemma accuracy (exact string).
    pub lemma: f64,
    /// Words scored.
    pub tokens: usize,
}

/// Scores per test set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TagScores {
    /// UD English EWT test.
    pub ewt: TagScore,
    /// GUM test (all documents).
    pub gum: TagScore,
}

/// Correct counts, turned into a [`TagScore`].
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    tokens: usize,
    upos: usize,
    xpos: usize,
    lemma: usize,
}

impl Counts {
    /// Count one word: gold and predicted (upos, xpos, lemma).
    fn add(&mut self, gold: (&str, &str, &str), pred: (&str, &str, &str)) {
        self.tokens += 1;
        self.upos += usize::from(gold.0 == pred.0);
        self.xpos += usize::from(gold.1 == pred.1);
        self.lemma += usize::from(gold.2 == pred.2);
    }

    fn score(&self) -> TagScore {
        let pct = |n: usize| {
            if self.tokens == 0 {
                0.0
            } else {
                100.0 * n as f64 / self.tokens as f64
            }
        };
        TagScore {
            upos: pct(self.upos),
            xpos: pct(self.xpos),
            lemma: pct(self.lemma),
            tokens: self.tokens,
        }
    }
}

/// Tag `sents` (gold words) and score against their gold annotation.
pub fn score_sentences(model: &TaggerModel, sents: &[ConlluSentence]) -> TagScore {
    let mut counts = Counts::default();
    let mut words: Vec<&str> = Vec::new();
    for s in sents {
        words.clear();
        words.extend(s.words.iter().map(|w| w.form.as_str()));
        for (w, t) in s.words.iter().zip(model.tag(&words)) {
            counts.add(
                (&w.upos, &w.xpos, &w.lemma),
                (t.upos.as_str(), &t.xpos, &t.lemma),
            );
        }
    }
    counts.score()
}

/// Score `model` on EWT test and GUM test under `corpus`.
pub fn evaluate(model: &TaggerModel, corpus: &Path) -> Result<TagScores, TrainError> {
    let ewt = read_conllu(&corpus.join("UD_English-EWT/en_ewt-ud-test.conllu"))?;
    let gum = read_conllu(&corpus.join("GUM/dep/gum_test.conllu"))?;
    Ok(TagScores {
        ewt: score_sentences(model, &ewt),
        gum: score_sentences(model, &gum),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_score_in_percent() {
        let mut c = Counts::default();
        assert_eq!(c.score().upos, 0.0);
        c.add(("NOUN", "NN", "cat"), ("NOUN", "NN", "cat"));
        c.add(("VERB", "VBD", "run"), ("VERB", "VBN", "ran"));
        c.add(("ADP", "IN", "of"), ("SCONJ", "IN", "of"));
        c.add(("PRON", "PRP", "I"), ("PRON", "PRP", "i"));
        let s = c.score();
        assert_eq!(s.tokens, 4);
        assert!((s.upos - 75.0).abs() < 1e-9);
        assert!((s.xpos - 75.0).abs() < 1e-9);
        assert!((s.lemma - 50.0).abs() < 1e-9);
    }
}
