//! Scoring against UNER EWT and GUM: exact span and type match over gold
//! tokenisation.
//!
//! The gold sets know PER, ORG and LOC only, so predictions are mapped
//! PERSON->PER, ORG->ORG, GPE and LOC->LOC, and NORP predictions are
//! dropped (gold OTH/MISC are not scored either).

use std::collections::BTreeMap;
use std::path::Path;

use dyad_core::EntityLabel;
use serde::Serialize;

use super::TrainError;
use super::corpus::{self, Format, NerSentence};
use super::input::Inputs;
use super::labels::{Kind, KindSpan};
use super::tagger::{NerModel, Scratch};
use crate::eval::Prf;

/// Precision, recall and F1 (percent) with their counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Exact matches (span and type).
    pub correct: usize,
    /// Precision in percent.
    pub precision: f64,
    /// Recall in percent.
    pub recall: f64,
    /// F1 in percent.
    pub f1: f64,
}

impl From<Prf> for Score {
    fn from(p: Prf) -> Self {
        Self {
            gold: p.gold,
            predicted: p.predicted,
            correct: p.correct,
            precision: p.precision(),
            recall: p.recall(),
            f1: p.f1(),
        }
    }
}

/// Scores on one test set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SetScores {
    /// Sentences scored.
    pub sentences: usize,
    /// All types together.
    pub overall: Score,
    /// By gold type (`PER`, `ORG`, `LOC`).
    pub per_type: BTreeMap<String, Score>,
}

/// NER scores per test set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NerScores {
    /// UNER English EWT test.
    pub uner: SetScores,
    /// GUM test (silver NER, all documents).
    pub gum: SetScores,
}

/// The evaluation type of a predicted label (`None` = not scored).
pub(crate) fn eval_kind(label: EntityLabel) -> Option<Kind> {
    match label {
        EntityLabel::Person => Some(Kind::Per),
        EntityLabel::Org => Some(Kind::Org),
        EntityLabel::Gpe | EntityLabel::Loc => Some(Kind::Loc),
        EntityLabel::Norp => None,
    }
}

/// Count typed exact matches of one sentence into per-type and overall
/// tallies.
pub(crate) fn tally(
    gold: &[KindSpan],
    pred: &[KindSpan],
    per_type: &mut [Prf; 3],
    overall: &mut Prf,
) {
    for g in gold {
        per_type[g.kind as usize].gold += 1;
        overall.gold += 1;
    }
    for p in pred {
        per_type[p.kind as usize].predicted += 1;
        overall.predicted += 1;
        if gold.contains(p) {
            per_type[p.kind as usize].correct += 1;
            overall.correct += 1;
        }
    }
}

/// Score `model` on sentences with gold spans.
pub(crate) fn score(model: &NerModel, sents: &[NerSentence]) -> SetScores {
    let mut per_type = [Prf::default(); 3];
    let mut overall = Prf::default();
    let mut scratch = Scratch::default();
    let inputs = Inputs::compute(sents, crate::tag::TaggerModel::bundled());
    for (si, s) in sents.iter().enumerate() {
        let pred: Vec<KindSpan> = model
            .names(&s.words, inputs.context(si), &mut scratch)
            .into_iter()
            .filter_map(|n| {
                eval_kind(n.label).map(|kind| KindSpan {
                    start: n.start,
                    end: n.end,
                    kind,
                })
            })
            .collect();
        tally(&s.spans, &pred, &mut per_type, &mut overall);
    }
    SetScores {
        sentences: sents.len(),
        overall: overall.into(),
        per_type: Kind::ALL
            .iter()
            .map(|k| (k.name().to_owned(), per_type[*k as usize].into()))
            .collect(),
    }
}

/// Score on UNER EWT test and GUM test.
pub fn evaluate(model: &NerModel, corpus: &Path) -> Result<NerScores, TrainError> {
    let uner = corpus::read(
        &corpus.join("UNER_English-EWT/en_ewt-ud-test.iob2"),
        Format::Uner,
    )?;
    let gum = corpus::gum(corpus, "test", None)?;
    Ok(NerScores {
        uner: score(model, &uner),
        gum: score(model, &gum),
    })
}

/// Score on the development sets (UNER EWT dev, GUM dev), for tuning.
pub fn evaluate_dev(model: &NerModel, corpus: &Path) -> Result<NerScores, TrainError> {
    let uner = corpus::read(
        &corpus.join("UNER_English-EWT/en_ewt-ud-dev.iob2"),
        Format::Uner,
    )?;
    let gum = corpus::gum(corpus, "dev", None)?;
    Ok(NerScores {
        uner: score(model, &uner),
        gum: score(model, &gum),
    })
}

/// Dev-set errors, one line per sentence with a miss or a false alarm
/// (for error analysis; not part of the stable API).
#[doc(hidden)]
pub fn dev_errors(model: &NerModel, corpus: &Path) -> Result<Vec<String>, TrainError> {
    let mut out = Vec::new();
    let mut scratch = Scratch::default();
    let uner = corpus::read(
        &corpus.join("UNER_English-EWT/en_ewt-ud-dev.iob2"),
        Format::Uner,
    )?;
    for (set, sents) in [("uner", uner), ("gum", corpus::gum(corpus, "dev", None)?)] {
        let inputs = Inputs::compute(&sents, crate::tag::TaggerModel::bundled());
        for (si, s) in sents.iter().enumerate() {
            let pred: Vec<KindSpan> = model
                .names(&s.words, inputs.context(si), &mut scratch)
                .into_iter()
                .filter_map(|n| {
                    eval_kind(n.label).map(|kind| KindSpan {
                        start: n.start,
                        end: n.end,
                        kind,
                    })
                })
                .collect();
            let show =
                |k: &KindSpan| format!("{}:{}", k.kind.name(), s.words[k.start..k.end].join(" "));
            let missed: Vec<String> = s
                .spans
                .iter()
                .filter(|g| !pred.contains(g))
                .map(show)
                .collect();
            let wrong: Vec<String> = pred
                .iter()
                .filter(|p| !s.spans.contains(p))
                .map(show)
                .collect();
            if !missed.is_empty() || !wrong.is_empty() {
                out.push(format!(
                    "{set}\tFN {:?}\tFP {:?}\t{}",
                    missed,
                    wrong,
                    s.words.join(" ")
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_typed_exact_matches() {
        let s = |start, end, kind| KindSpan { start, end, kind };
        let gold = [s(0, 2, Kind::Per), s(3, 4, Kind::Loc), s(5, 6, Kind::Org)];
        let pred = [s(0, 2, Kind::Per), s(3, 4, Kind::Org), s(5, 7, Kind::Org)];
        let mut per = [Prf::default(); 3];
        let mut all = Prf::default();
        tally(&gold, &pred, &mut per, &mut all);
        assert_eq!((all.gold, all.predicted, all.correct), (3, 3, 1));
        assert_eq!(
            (
                per[Kind::Org as usize].gold,
                per[Kind::Org as usize].predicted,
                per[Kind::Org as usize].correct
            ),
            (1, 2, 0)
        );
        let sc = Score::from(all);
        assert!((sc.f1 - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(eval_kind(EntityLabel::Norp), None);
        assert_eq!(eval_kind(EntityLabel::Gpe), Some(Kind::Loc));
    }
}
