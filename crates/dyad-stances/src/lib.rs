//! Who stands where: the issues an article is about, each actor's stated
//! position on them, and, per meeting, a negotiation map.
//!
//! The `stances` stage runs after quotes, actors and events:
//!
//! 1. **Issues** ([`lexicon`]): a list of contested propositions
//!    (`data/issues.tsv`, or the user's own with `--issues`), each named by
//!    core phrases ("sending troops", "peacekeepers") that must occur with
//!    context phrases ("Ukraine") in the statement, its sentence, the two
//!    sentences before it, or the article's headline and first sentence.
//!    Phrases match word forms or lemmas; the same issue across sentences
//!    and articles is the same id (lexical, no embeddings).
//! 2. **Statements**: every quote and reported statement with a speaker
//!    (`stance/quote`), and every clause whose subject holds a stance
//!    predicate outside quotes ("Meloni voiced skepticism",
//!    `stance/predicate`).
//! 3. **Polarity** ([`detect`]): cue words in the statement and its speech
//!    cue (`data/cues.tsv`: "ruled out", "intolerable", "fully support",
//!    "premature") add up with their strengths; a negation governing or
//!    just before a cue flips it ("will not accept" opposes); hedges
//!    ("would", "contemplate", "if") weaken it. No polarity cue, no stance.
//!    The issue is the one named in the statement, else in its sentence,
//!    else (for a statement with a polarity) in the sentence before it.
//! 4. **Negotiations** ([`negotiation`]): meeting events (CAMEO root 04)
//!    grouped by place; parties present (the events' actors), parties
//!    excluded ("X was excluded from", "X's exclusion", "without X"), red
//!    lines (strong oppositions by parties present), preconditions
//!    ("necessitate", "must", "only if") and agreements (CAMEO 03/05/06
//!    events by parties present).
//!
//! [`positions`] aggregates the stances of one or many documents per
//! (actor, issue): the actor × issue matrix, each cell with its evidence.

pub mod detect;
pub mod eval;
pub mod lexicon;
pub mod negotiation;

use std::sync::Arc;

use dyad_core::{Document, Polarity, Stage};

pub use lexicon::Lexicon;

/// Why issue or cue files could not be used.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StanceError {
    /// A row of a data file is malformed.
    #[error("{file}, line {line}: {reason}")]
    Format {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        #[source]
        source: Arc<std::io::Error>,
    },
}

impl StanceError {
    pub(crate) fn io(path: &std::path::Path, e: std::io::Error) -> Self {
        StanceError::Io {
            path: path.display().to_string(),
            source: Arc::new(e),
        }
    }
}

/// The `stances` stage.
#[derive(Debug, Clone)]
pub struct Stances {
    lex: Arc<Lexicon>,
}

impl Stances {
    /// Over dyad's issue list and cues.
    pub fn embedded() -> Result<Self, StanceError> {
        let lex = Lexicon::embedded().map_err(Clone::clone)?;
        Ok(Self {
            lex: Arc::new(lex.clone()),
        })
    }

    /// Over a given lexicon (e.g. [`Lexicon::with_issue_file`]).
    pub fn with_lexicon(lex: Lexicon) -> Self {
        Self { lex: Arc::new(lex) }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }
}

impl Stage for Stances {
    fn name(&self) -> &'static str {
        "stances"
    }

    fn version(&self) -> &'static str {
        "rules-1"
    }

    fn process(&self, doc: &mut Document) {
        detect::run(&self.lex, doc);
        negotiation::run(doc);
    }
}

/// One cell of the actor × issue matrix.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Position {
    /// The actor code (`GBRGOV`), else the holder's name.
    pub actor: String,
    /// Holders' names, as stated.
    pub holders: Vec<String>,
    /// Issue id.
    pub issue: String,
    /// Issue label.
    pub label: String,
    /// Aggregated polarity.
    pub polarity: Polarity,
    /// Aggregated strength, 0..1.
    pub strength: f32,
    /// Statements behind it.
    pub statements: usize,
    /// Evidence: (document id, sentence, statement text, polarity).
    pub evidence: Vec<Evidence>,
}

/// One statement behind a [`Position`].
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Evidence {
    /// Document id.
    pub doc: String,
    /// Sentence index.
    pub sentence: u32,
    /// The statement.
    pub text: String,
    /// Its own polarity.
    pub polarity: Polarity,
    /// Its strength.
    pub strength: f32,
    /// The cue and polarity words, `;`-separated.
    pub cues: String,
}

/// The key a stance is aggregated under: its actor code, else its holder.
pub fn actor_key(s: &dyad_core::Stance) -> String {
    s.actor
        .as_ref()
        .map(|a| a.code.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| s.holder.clone())
}

/// Aggregate the stances of `docs` per (actor, issue). Polarity: the sum
/// of signed strengths (support +, oppose −); neutral when neutral
/// statements outweigh it or it is small. Sorted by issue, then actor.
pub fn positions<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Vec<Position> {
    let mut cells: Vec<Position> = Vec::new();
    let mut sums: Vec<(f32, f32)> = Vec::new();
    for doc in docs {
        for s in &doc.stances {
            let Some(issue) = doc.issues.get(s.issue as usize) else {
                continue;
            };
            let key = actor_key(s);
            let i = match cells
                .iter()
                .position(|c| c.actor == key && c.issue == issue.id)
            {
                Some(i) => i,
                None => {
                    cells.push(Position {
                        actor: key,
                        holders: Vec::new(),
                        issue: issue.id.clone(),
                        label: issue.label.clone(),
                        polarity: Polarity::Neutral,
                        strength: 0.0,
                        statements: 0,
                        evidence: Vec::new(),
                    });
                    sums.push((0.0, 0.0));
                    cells.len() - 1
                }
            };
            let c = &mut cells[i];
            if !c.holders.contains(&s.holder) {
                c.holders.push(s.holder.clone());
            }
            c.statements += 1;
            match s.polarity {
                Polarity::Support => sums[i].0 += s.strength,
                Polarity::Oppose => sums[i].0 -= s.strength,
                Polarity::Neutral => sums[i].1 += s.strength,
            }
            let cues: Vec<&str> = s
                .cue
                .iter()
                .chain(
                    s.evidence
                        .iter()
                        .filter(|e| e.kind != dyad_core::EvidenceKind::Issue)
                        .map(|e| &e.span),
                )
                .map(|sp| doc.slice(*sp))
                .fold(Vec::new(), |mut v, c| {
                    if !v.contains(&c) {
                        v.push(c);
                    }
                    v
                });
            c.evidence.push(Evidence {
                doc: doc.meta.id.clone(),
                sentence: s.sentence,
                text: doc.slice(s.span).to_owned(),
                polarity: s.polarity,
                strength: s.strength,
                cues: cues.join("; "),
            });
        }
    }
    for (c, (signed, neutral)) in cells.iter_mut().zip(sums) {
        let n = c.statements.max(1) as f32;
        if neutral >= signed.abs() || signed.abs() < 0.15 {
            c.polarity = Polarity::Neutral;
            c.strength = (neutral / n).min(1.0);
        } else {
            c.polarity = if signed > 0.0 {
                Polarity::Support
            } else {
                Polarity::Oppose
            };
            c.strength = (signed.abs() / n).min(1.0);
        }
        c.strength = (c.strength * 100.0).round() / 100.0;
    }
    cells.sort_by(|a, b| (&a.issue, &a.actor).cmp(&(&b.issue, &b.actor)));
    cells
}

#[cfg(test)]
mod tests;
