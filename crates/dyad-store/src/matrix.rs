//! The actor × issue matrix: stances aggregated per (actor, issue), in
//! Rust over streamed rows, so both backends give the same cells.
//!
//! The rule is `dyad_stances::positions`'s (this crate does not depend on
//! dyad-stances; a test in dyad-cli compares the two on the example):
//! the key is the actor code, else the holder; the signed sum adds each
//! support statement's strength and subtracts each opposition's, in
//! `f32`, in row order; the cell is **neutral** when the neutral
//! statements' summed strength is at least the signed sum's magnitude or
//! that magnitude is below 0.15 (strength: neutral sum / statements),
//! else **support** or **oppose** by the sign (strength: |signed sum| /
//! statements); strengths are capped at 1 and rounded to two decimals.

use std::collections::{BTreeSet, HashMap};

use crate::model::{MatrixCell, StanceRow};
use crate::prepare::short_f64;

/// Below this signed strength a cell is neutral.
pub const NEUTRAL_BELOW: f32 = 0.15;

struct Acc {
    cell: MatrixCell,
    signed: f32,
    neutral: f32,
    articles: BTreeSet<i64>,
}

/// Aggregates [`StanceRow`]s into [`MatrixCell`]s; feed rows in id order
/// (as the store returns them) with [`StanceMatrix::add`].
#[derive(Default)]
pub struct StanceMatrix {
    cells: Vec<Acc>,
    index: HashMap<(String, String), usize>,
}

impl std::fmt::Debug for StanceMatrix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StanceMatrix")
            .field("cells", &self.cells.len())
            .finish()
    }
}

impl StanceMatrix {
    /// An empty matrix.
    pub fn new() -> Self {
        Self::default()
    }

    /// Count one stance.
    pub fn add(&mut self, row: &StanceRow) {
        let key = (row.actor_key.clone(), row.issue_id.clone());
        let i = match self.index.get(&key) {
            Some(i) => *i,
            None => {
                self.cells.push(Acc {
                    cell: MatrixCell {
                        actor: row.actor_key.clone(),
                        holders: Vec::new(),
                        issue: row.issue_id.clone(),
                        label: row.issue_label.clone(),
                        polarity: "neutral".into(),
                        strength: 0.0,
                        statements: 0,
                        articles: 0,
                        n_support: 0,
                        n_oppose: 0,
                        n_neutral: 0,
                        first_date: None,
                        last_date: None,
                    },
                    signed: 0.0,
                    neutral: 0.0,
                    articles: BTreeSet::new(),
                });
                self.index.insert(key, self.cells.len() - 1);
                self.cells.len() - 1
            }
        };
        let a = &mut self.cells[i];
        let c = &mut a.cell;
        if !c.holders.contains(&row.holder) {
            c.holders.push(row.holder.clone());
        }
        c.statements += 1;
        let strength = row.strength as f32;
        match row.polarity.as_str() {
            "support" => {
                a.signed += strength;
                c.n_support += 1;
            }
            "oppose" => {
                a.signed -= strength;
                c.n_oppose += 1;
            }
            _ => {
                a.neutral += strength;
                c.n_neutral += 1;
            }
        }
        a.articles.insert(row.article_id);
        if let Some(d) = &row.date {
            if c.first_date.as_ref().is_none_or(|f| d < f) {
                c.first_date = Some(d.clone());
            }
            if c.last_date.as_ref().is_none_or(|l| d > l) {
                c.last_date = Some(d.clone());
            }
        }
    }

    /// The cells, sorted by issue, then actor.
    pub fn finish(self) -> Vec<MatrixCell> {
        let mut cells: Vec<MatrixCell> = self
            .cells
            .into_iter()
            .map(|a| {
                let mut c = a.cell;
                let (polarity, strength) = aggregate(a.signed, a.neutral, c.statements);
                c.polarity = polarity.into();
                c.strength = short_f64(strength);
                c.articles = a.articles.len() as i64;
                c
            })
            .collect();
        cells.sort_by(|a, b| (&a.issue, &a.actor).cmp(&(&b.issue, &b.actor)));
        cells
    }
}

/// The aggregated polarity and strength (two decimals) of a cell with
/// this signed sum, neutral sum and number of statements.
pub fn aggregate(signed: f32, neutral: f32, statements: i64) -> (&'static str, f32) {
    let n = statements.max(1) as f32;
    let (polarity, strength) = if neutral >= signed.abs() || signed.abs() < NEUTRAL_BELOW {
        ("neutral", (neutral / n).min(1.0))
    } else if signed > 0.0 {
        ("support", (signed.abs() / n).min(1.0))
    } else {
        ("oppose", (signed.abs() / n).min(1.0))
    };
    (polarity, (strength * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        assert_eq!(aggregate(0.8, 0.0, 1), ("support", 0.8));
        assert_eq!(aggregate(-1.65, 0.0, 2), ("oppose", 0.83));
        assert_eq!(aggregate(0.1, 0.0, 1), ("neutral", 0.0));
        assert_eq!(aggregate(0.5, 0.6, 2), ("neutral", 0.3));
        assert_eq!(aggregate(3.0, 0.0, 2), ("support", 1.0));
        assert_eq!(aggregate(0.0, 0.0, 0), ("neutral", 0.0));
    }
}
