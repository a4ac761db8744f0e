//! Attachment scores on UD English EWT test and GUM test, gold
//! tokenisation, every word counted (punctuation included), as the CoNLL
//! 2018 shared task scores them: LAS compares universal relations
//! (`nsubj:pass` counts as `nsubj`); `las_full` also requires the subtype.

use std::path::Path;

use serde::Serialize;

use super::features::Word;
use super::train::{Sample, TrainError, read_conllu};
use super::{ParserModel, Scratch};
use crate::tag::TaggerModel;

/// Attachment counts over a test set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Attachment {
    /// Unlabelled attachment score, percent.
    pub uas: f64,
    /// Labelled attachment score (universal relations), percent.
    pub las: f64,
    /// Labelled attachment score with subtypes, percent.
    pub las_full: f64,
    /// Words scored.
    pub words: usize,
    #[serde(skip)]
    heads: usize,
    #[serde(skip)]
    labelled: usize,
    #[serde(skip)]
    labelled_full: usize,
}

impl Attachment {
    /// Count one sentence: `gold` and `predicted` are `(head, relation)`
    /// per word (head `0` = root), aligned; extra words on either side are
    /// counted as wrong.
    pub fn add(&mut self, gold: &[(u32, &str)], predicted: &[(u32, &str)]) {
        self.words += gold.len();
        for (g, p) in gold.iter().zip(predicted) {
            if g.0 != p.0 {
                continue;
            }
            self.heads += 1;
            let universal = |l: &str| l.split(':').next().unwrap_or("").to_owned();
            if universal(g.1) == universal(p.1) {
                self.labelled += 1;
            }
            if g.1 == p.1 {
                self.labelled_full += 1;
            }
        }
        let pct = |a: usize| {
            if self.words == 0 {
                0.0
            } else {
                100.0 * a as f64 / self.words as f64
            }
        };
        self.uas = pct(self.heads);
        self.las = pct(self.labelled);
        self.las_full = pct(self.labelled_full);
    }
}

/// Parser scores per test set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ParseScores {
    /// Where the tags the parser read came from: `gold`, or the tagger
    /// model version that predicted them.
    pub tags: String,
    /// UD English EWT test.
    pub ewt: Attachment,
    /// GUM test (all documents).
    pub gum: Attachment,
}

/// Score `model` on EWT test and GUM test with gold tokens and the tags
/// predicted by the bundled tagger (as in the pipeline).
pub fn evaluate(model: &ParserModel, corpus: &Path) -> Result<ParseScores, TrainError> {
    let tagger = TaggerModel::bundled();
    score_files(model, corpus, TEST, Some(tagger))
}

/// Score `model` on EWT test and GUM test with the treebanks' gold tags
/// (an upper bound: what a perfect tagger would give).
pub fn evaluate_gold_tags(model: &ParserModel, corpus: &Path) -> Result<ParseScores, TrainError> {
    score_files(model, corpus, TEST, None)
}

/// Score `model` on the EWT and GUM dev sets with predicted tags (for
/// tuning).
pub fn evaluate_dev(model: &ParserModel, corpus: &Path) -> Result<ParseScores, TrainError> {
    score_files(model, corpus, DEV, Some(TaggerModel::bundled()))
}

const TEST: [&str; 2] = [
    "UD_English-EWT/en_ewt-ud-test.conllu",
    "GUM/dep/gum_test.conllu",
];
const DEV: [&str; 2] = [
    "UD_English-EWT/en_ewt-ud-dev.conllu",
    "GUM/dep/gum_dev.conllu",
];

fn score_files(
    model: &ParserModel,
    corpus: &Path,
    files: [&str; 2],
    tagger: Option<&TaggerModel>,
) -> Result<ParseScores, TrainError> {
    let mut out = [Attachment::default(); 2];
    for (file, acc) in files.iter().zip(&mut out) {
        let sents = read_conllu(&corpus.join(file))?;
        let mut samples: Vec<Sample> = sents.iter().map(Sample::from_conllu).collect();
        if let Some(t) = tagger {
            samples.iter_mut().for_each(|s| s.retag(t));
        }
        *acc = score_samples(model, &samples);
    }
    let [ewt, gum] = out;
    Ok(ParseScores {
        tags: tagger.map_or_else(|| "gold".to_owned(), |t| t.version().to_owned()),
        ewt,
        gum,
    })
}

/// Parse each sample (with the tags it carries) and score it.
pub(crate) fn score_samples(model: &ParserModel, samples: &[Sample]) -> Attachment {
    let mut acc = Attachment::default();
    let mut sc = Scratch::default();
    for s in samples {
        let words: Vec<Word<'_>> = s.words();
        let st = model.parse_words(&words, &mut sc);
        let gold: Vec<(u32, &str)> = (1..s.heads.len())
            .map(|i| (s.heads[i], s.deprels[i].as_str()))
            .collect();
        let pred: Vec<(u32, &str)> = (1..=words.len())
            .map(|i| (st.head[i], model.label(st.label[i])))
            .collect();
        acc.add(&gold, &pred);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_counts_heads_and_labels() {
        let mut a = Attachment::default();
        let gold = [(2, "nsubj:pass"), (0, "root"), (2, "punct"), (2, "obj")];
        let pred = [(2, "nsubj"), (0, "root"), (1, "punct"), (2, "iobj")];
        a.add(&gold, &pred);
        assert_eq!(a.words, 4);
        assert!((a.uas - 75.0).abs() < 1e-9);
        assert!((a.las - 50.0).abs() < 1e-9, "subtype ignored in LAS");
        assert!((a.las_full - 25.0).abs() < 1e-9);
        let mut b = Attachment::default();
        b.add(&gold[..2], &pred[..1]);
        assert!((b.uas - 50.0).abs() < 1e-9, "missing words count as wrong");
    }
}
