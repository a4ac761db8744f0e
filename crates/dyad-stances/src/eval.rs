//! Scoring stances against a gold set (`gold/stances.jsonl`).
//!
//! Each gold line is an article or a few sentences: `{"id", "text",
//! "date", "title"?, "stances": [{"actor", "issue", "polarity"}],
//! "excluded"?: [{"party", "place"?}]}`. `actor` is an actor code prefix
//! (`GBR` matches `GBRGOV`) or a name (matched case-insensitively against
//! the holders). The list is exhaustive: a predicted (actor, issue) cell
//! that matches no gold row is a false positive.
//!
//! Reported: per gold polarity, how many cells were found with the right
//! polarity (accuracy), found with another polarity, or missed; cell
//! precision (predicted cells that are gold cells with the right polarity)
//! and recall; and excluded parties found.

use std::collections::BTreeMap;
use std::fmt;

use dyad_core::{Document, Polarity};
use serde::{Deserialize, Serialize};

use crate::{Position, positions};

/// One gold line.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldDoc {
    /// Id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Date.
    #[serde(default)]
    pub date: Option<String>,
    /// Headline.
    #[serde(default)]
    pub title: Option<String>,
    /// Gold cells.
    #[serde(default)]
    pub stances: Vec<GoldStance>,
    /// Parties excluded from a meeting.
    #[serde(default)]
    pub excluded: Vec<GoldExcluded>,
}

/// One gold cell.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldStance {
    /// Code prefix or name.
    pub actor: String,
    /// Issue id.
    pub issue: String,
    /// Polarity.
    pub polarity: Polarity,
}

/// One excluded party.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldExcluded {
    /// Code prefix or name.
    pub party: String,
}

/// Counts for one gold polarity.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct PolarityCounts {
    /// Gold cells.
    pub gold: usize,
    /// Found with the right polarity.
    pub correct: usize,
    /// Found with another polarity.
    pub wrong: usize,
    /// Not found.
    pub missed: usize,
}

/// The report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StanceReport {
    /// Documents scored.
    pub documents: usize,
    /// Per gold polarity.
    pub by_polarity: BTreeMap<String, PolarityCounts>,
    /// Predicted cells.
    pub predicted: usize,
    /// Predicted cells that are gold cells with the right polarity.
    pub true_positives: usize,
    /// Excluded parties: gold, found.
    pub excluded: (usize, usize),
    /// Every miss and false positive, for error analysis.
    pub errors: Vec<String>,
}

impl StanceReport {
    fn total(&self) -> PolarityCounts {
        let mut t = PolarityCounts::default();
        for c in self.by_polarity.values() {
            t.gold += c.gold;
            t.correct += c.correct;
            t.wrong += c.wrong;
            t.missed += c.missed;
        }
        t
    }

    /// Cells found with the right polarity / gold cells.
    pub fn accuracy(&self) -> f64 {
        let t = self.total();
        ratio(t.correct, t.gold)
    }

    /// Right cells / predicted cells.
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// A gold actor matches a position: code prefix or holder name.
fn actor_matches(gold: &str, p: &Position) -> bool {
    let g = gold.to_lowercase();
    (gold.chars().all(|c| c.is_ascii_uppercase()) && p.actor.starts_with(gold))
        || p.holders.iter().any(|h| h.to_lowercase().contains(&g))
}

/// Score analysed documents (in gold order) against the gold set.
pub fn score(gold: &[GoldDoc], docs: &[Document]) -> StanceReport {
    let mut r = StanceReport {
        documents: gold.len().min(docs.len()),
        ..StanceReport::default()
    };
    for (g, doc) in gold.iter().zip(docs) {
        let cells = positions([doc]);
        let mut used = vec![false; cells.len()];
        for s in &g.stances {
            let counts = r
                .by_polarity
                .entry(s.polarity.as_str().to_owned())
                .or_default();
            counts.gold += 1;
            let hit = cells
                .iter()
                .enumerate()
                .find(|(_, c)| c.issue == s.issue && actor_matches(&s.actor, c));
            match hit {
                Some((i, c)) => {
                    used[i] = true;
                    if c.polarity == s.polarity {
                        counts.correct += 1;
                        r.true_positives += 1;
                    } else {
                        counts.wrong += 1;
                        r.errors.push(format!(
                            "{}: {} on {}: want {}, got {} ({})",
                            g.id,
                            s.actor,
                            s.issue,
                            s.polarity.as_str(),
                            c.polarity.as_str(),
                            c.evidence.first().map_or("", |e| e.cues.as_str())
                        ));
                    }
                }
                None => {
                    counts.missed += 1;
                    r.errors.push(format!(
                        "{}: {} on {}: want {}, got nothing",
                        g.id,
                        s.actor,
                        s.issue,
                        s.polarity.as_str()
                    ));
                }
            }
        }
        r.predicted += cells.len();
        for (c, u) in cells.iter().zip(&used) {
            if !u {
                r.errors.push(format!(
                    "{}: unexpected {} on {}: {} ({})",
                    g.id,
                    c.actor,
                    c.issue,
                    c.polarity.as_str(),
                    c.evidence.first().map_or("", |e| e.text.as_str())
                ));
            }
        }
        for x in &g.excluded {
            r.excluded.0 += 1;
            let found = doc.negotiations.iter().any(|n| {
                n.excluded.iter().any(|p| {
                    p.actor
                        .as_ref()
                        .is_some_and(|a| a.code.starts_with(&x.party))
                        || p.name.to_lowercase().contains(&x.party.to_lowercase())
                })
            });
            if found {
                r.excluded.1 += 1;
            } else {
                r.errors
                    .push(format!("{}: excluded party {} not found", g.id, x.party));
            }
        }
    }
    r
}

impl fmt::Display for StanceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "stances: {} documents", self.documents)?;
        writeln!(
            f,
            "  {:<9} {:>5} {:>8} {:>6} {:>7} {:>9}",
            "polarity", "gold", "correct", "wrong", "missed", "accuracy"
        )?;
        for (p, c) in &self.by_polarity {
            writeln!(
                f,
                "  {:<9} {:>5} {:>8} {:>6} {:>7} {:>8.1}%",
                p,
                c.gold,
                c.correct,
                c.wrong,
                c.missed,
                ratio(c.correct, c.gold)
            )?;
        }
        let t = self.total();
        writeln!(
            f,
            "  {:<9} {:>5} {:>8} {:>6} {:>7} {:>8.1}%",
            "all",
            t.gold,
            t.correct,
            t.wrong,
            t.missed,
            self.accuracy()
        )?;
        writeln!(
            f,
            "  cells: {} predicted, {} right: precision {:.1}%, recall {:.1}%",
            self.predicted,
            self.true_positives,
            self.precision(),
            self.accuracy()
        )?;
        writeln!(
            f,
            "  excluded parties found: {} / {}",
            self.excluded.1, self.excluded.0
        )
    }
}
