//! Scoring stages against gold treebanks.
//!
//! Segmentation is scored on exact spans: a predicted sentence (token)
//! counts only when both its ends match a gold sentence (token), after the
//! gold text is rebuilt by [`crate::conllu::documents`].

use std::collections::HashSet;
use std::io::{self, Write};

use dyad_core::{CharIndex, Document, Meta, Span, Stage};
use serde::Serialize;

use crate::conllu::GoldDocument;

/// Precision, recall and F1 over exact spans.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Gold items.
    pub gold: usize,
    /// Predicted items.
    pub predicted: usize,
    /// Predicted items that match a gold item exactly.
    pub correct: usize,
}

impl Prf {
    /// Add the counts of one document.
    pub fn add(&mut self, gold: &[(usize, usize)], predicted: &[(usize, usize)]) {
        let g: HashSet<&(usize, usize)> = gold.iter().collect();
        self.gold += gold.len();
        self.predicted += predicted.len();
        self.correct += predicted.iter().filter(|p| g.contains(p)).count();
    }

    /// Precision in percent.
    pub fn precision(&self) -> f64 {
        pct(self.correct, self.predicted)
    }

    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        pct(self.correct, self.gold)
    }

    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Segmentation scores over a set of documents.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SegmentScores {
    /// Documents scored.
    pub documents: usize,
    /// Sentence spans.
    pub sentences: Prf,
    /// Token spans.
    pub tokens: Prf,
}

/// Run `segmenter` over each gold document's text and score it. With
/// `errors`, every gold sentence that was not found exactly is written
/// there with the predicted sentences overlapping it, for error analysis.
pub fn score_segmentation(
    docs: &[GoldDocument],
    segmenter: &dyn Stage,
    mut errors: Option<&mut dyn Write>,
) -> io::Result<SegmentScores> {
    let mut scores = SegmentScores::default();
    for gold in docs {
        let mut doc = match Document::new(Meta::with_id(gold.id.clone()), gold.text.clone()) {
            Ok(d) => d,
            Err(_) => continue,
        };
        segmenter.process(&mut doc);
        let sents: Vec<(usize, usize)> = doc.sentences.iter().map(|s| span(s.span)).collect();
        let toks: Vec<(usize, usize)> = doc.tokens.iter().map(|t| span(t.span)).collect();
        scores.documents += 1;
        scores.sentences.add(&gold.sentences, &sents);
        scores.tokens.add(&gold.tokens, &toks);
        if let Some(w) = errors.as_deref_mut() {
            let predicted: HashSet<&(usize, usize)> = sents.iter().collect();
            for g in &gold.sentences {
                if predicted.contains(g) {
                    continue;
                }
                writeln!(w, "{}\n  gold: {:?}", gold.id, &gold.text[g.0..g.1])?;
                for p in sents.iter().filter(|p| p.0 < g.1 && g.0 < p.1) {
                    writeln!(w, "  pred: {:?}", &gold.text[p.0..p.1])?;
                }
            }
        }
    }
    Ok(scores)
}

fn span(s: Span) -> (usize, usize) {
    (s.start as usize, s.end as usize)
}

/// Write the gold documents as JSON Lines with code point offsets
/// (`{"id", "text", "sentences": [[start, end]...], "tokens": [...]}`), so
/// other systems (spaCy) are scored on exactly the same text.
pub fn write_gold_jsonl<W: Write>(docs: &[GoldDocument], mut out: W) -> io::Result<()> {
    #[derive(Serialize)]
    struct Row<'a> {
        id: &'a str,
        text: &'a str,
        sentences: Vec<(u32, u32)>,
        tokens: Vec<(u32, u32)>,
    }
    for d in docs {
        let idx = CharIndex::new(&d.text);
        let conv = |v: &[(usize, usize)]| -> Vec<(u32, u32)> {
            v.iter()
                .map(|&(a, b)| idx.span(Span::from_usize(a, b)))
                .collect()
        };
        let row = Row {
            id: &d.id,
            text: &d.text,
            sentences: conv(&d.sentences),
            tokens: conv(&d.tokens),
        };
        serde_json::to_writer(&mut out, &row)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_counts_exact_matches() {
        let mut p = Prf::default();
        p.add(&[(0, 5), (6, 10)], &[(0, 5), (6, 9), (9, 10)]);
        assert_eq!((p.gold, p.predicted, p.correct), (2, 3, 1));
        assert!((p.recall() - 50.0).abs() < 1e-9);
        assert!((p.precision() - 100.0 / 3.0).abs() < 1e-9);
    }
}
