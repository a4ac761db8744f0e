//! Scoring quote attribution against PolNeAR (political news attribution
//! relations, Newell et al. 2018).
//!
//! PolNeAR is for evaluation only: nothing in dyad is trained on it.
//! Matching, by character overlap with a 30% threshold (as the Gender Gap
//! Tracker reports): a predicted quote is correct when at least 30% of its
//! characters lie in one gold relation's content; a gold relation is found
//! when predicted quotes cover at least 30% of its content (a quote split by
//! its cue, `“A,” he said. “B”`, is one relation with two pieces in
//! PolNeAR and two quotes in dyad). The speaker of a found relation is the
//! speaker of the predicted quote overlapping it most; it is right when
//! that speaker's mention, or any mention of its entity, overlaps the gold
//! source span, or its name equals the source text.

use std::io::BufRead;

use dyad_core::{Document, Meta, Pipeline, QuoteKind, Span};
use serde::{Deserialize, Serialize};

/// Why the evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// Reading the file failed.
    #[error("line {line}: {source}")]
    Io {
        /// Line number.
        line: usize,
        /// Cause.
        source: std::io::Error,
    },
    /// A line is not a PolNeAR article.
    #[error("line {line}: not a PolNeAR article: {source}")]
    Json {
        /// Line number.
        line: usize,
        /// Cause.
        source: serde_json::Error,
    },
}

#[derive(Deserialize)]
struct Article {
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    attributions: Vec<Relation>,
}

#[derive(Deserialize)]
struct Relation {
    #[serde(default)]
    source: Vec<Piece>,
    #[serde(default)]
    content: Vec<Piece>,
}

#[derive(Deserialize)]
struct Piece {
    start: usize,
    end: usize,
}

/// Counts and derived figures for one comparison.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Detection {
    /// Gold relations.
    pub gold: usize,
    /// Predicted quotes.
    pub predicted: usize,
    /// Predicted quotes found correct (inside a gold content).
    pub correct_predicted: usize,
    /// Gold relations found.
    pub matched: usize,
    /// Matched pairs whose speaker is right.
    pub speaker_correct: usize,
    /// Matched pairs with no predicted speaker.
    pub speaker_missing: usize,
    /// Precision, percent.
    pub precision: f64,
    /// Recall, percent.
    pub recall: f64,
    /// F1, percent.
    pub f1: f64,
    /// Speaker accuracy on matched pairs, percent.
    pub speaker_accuracy: f64,
}

impl Detection {
    fn finish(mut self) -> Self {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        self.precision = pct(self.correct_predicted, self.predicted);
        self.recall = pct(self.matched, self.gold);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
        self.speaker_accuracy = pct(self.speaker_correct, self.matched);
        self
    }
}

/// PolNeAR scores.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PolnearScores {
    /// Articles read.
    pub articles: usize,
    /// Gold relations whose content holds quotation marks, against dyad's
    /// direct and partial quotes and its reported speech holding quotation
    /// marks.
    pub quoted: Detection,
    /// All gold relations (also beliefs, perceptions, unquoted speech)
    /// against all of dyad's quotes including indirect ones.
    pub all: Detection,
}

struct Gold {
    /// Content pieces.
    content: Vec<Span>,
    source: Option<Span>,
    quoted: bool,
}

impl Gold {
    fn len(&self) -> u32 {
        self.content.iter().map(|s| s.end - s.start).sum()
    }

    fn overlap(&self, span: Span) -> u32 {
        self.content.iter().map(|&c| overlap(c, span)).sum()
    }
}

fn char_to_byte(text: &str) -> Vec<u32> {
    let mut v: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
    v.push(text.len() as u32);
    v
}

fn union(pieces: &[Piece], map: &[u32]) -> Option<Span> {
    let start = pieces.iter().map(|p| p.start).min()?;
    let end = pieces.iter().map(|p| p.end).max()?;
    let (s, e) = (*map.get(start)?, *map.get(end)?);
    (s < e).then(|| Span::new(s, e))
}

fn overlap(a: Span, b: Span) -> u32 {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// At least 30% of `len` characters.
fn enough(part: u32, len: u32) -> bool {
    len > 0 && f64::from(part) >= 0.3 * f64::from(len)
}

fn pieces(pieces: &[Piece], map: &[u32]) -> Vec<Span> {
    pieces
        .iter()
        .filter_map(|p| {
            let (s, e) = (*map.get(p.start)?, *map.get(p.end)?);
            (s < e).then(|| Span::new(s, e))
        })
        .collect()
}

/// Run `pipeline` over every PolNeAR article in `reader` (JSON Lines) and
/// score its quotes.
pub fn score_polnear<R: BufRead>(
    reader: R,
    pipeline: &Pipeline,
) -> Result<PolnearScores, EvalError> {
    let mut scores = PolnearScores::default();
    let (mut quoted, mut all) = (Detection::default(), Detection::default());
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| EvalError::Io {
            line: n + 1,
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let article: Article = serde_json::from_str(&line).map_err(|source| EvalError::Json {
            line: n + 1,
            source,
        })?;
        let map = char_to_byte(&article.text);
        let gold: Vec<Gold> = article
            .attributions
            .iter()
            .filter_map(|r| {
                let content = pieces(&r.content, &map);
                let quoted = content
                    .iter()
                    .any(|c| article.text[c.range()].contains(['“', '”', '"']));
                (!content.is_empty()).then(|| Gold {
                    content,
                    source: union(&r.source, &map),
                    quoted,
                })
            })
            .collect();
        let meta = Meta {
            date: article.date.clone(),
            ..Meta::with_id(format!("polnear:{}", n + 1))
        };
        let Ok(mut doc) = Document::new(meta, article.text) else {
            continue;
        };
        pipeline.run(&mut doc);
        scores.articles += 1;
        let direct: Vec<usize> = (0..doc.quotes.len())
            .filter(|&i| doc.quotes[i].kind != QuoteKind::Indirect)
            .collect();
        let every: Vec<usize> = (0..doc.quotes.len()).collect();
        let gold_quoted: Vec<&Gold> = gold.iter().filter(|g| g.quoted).collect();
        let gold_all: Vec<&Gold> = gold.iter().collect();
        compare(&doc, &direct, &gold_quoted, &mut quoted);
        compare(&doc, &every, &gold_all, &mut all);
    }
    scores.quoted = quoted.finish();
    scores.all = all.finish();
    Ok(scores)
}

fn compare(doc: &Document, predicted: &[usize], gold: &[&Gold], d: &mut Detection) {
    d.gold += gold.len();
    d.predicted += predicted.len();
    // Precision: predicted quotes lying (30%) inside some gold content.
    for &p in predicted {
        let span = doc.quotes[p].span;
        if gold
            .iter()
            .any(|g| enough(g.overlap(span), span.end - span.start))
        {
            d.correct_predicted += 1;
        }
    }
    // Recall: gold contents covered (30%) by predicted quotes.
    for g in gold {
        let covered: u32 = predicted
            .iter()
            .map(|&p| g.overlap(doc.quotes[p].span))
            .sum();
        if !enough(covered, g.len()) {
            continue;
        }
        d.matched += 1;
        let Some(&best) = predicted
            .iter()
            .max_by_key(|&&p| (g.overlap(doc.quotes[p].span), std::cmp::Reverse(p)))
        else {
            continue;
        };
        match (&doc.quotes[best].speaker, g.source) {
            (None, _) => d.speaker_missing += 1,
            (Some(s), Some(src)) => {
                let by_mention = s.mention.is_some_and(|m| overlap(m, src) > 0);
                let by_entity = s
                    .entity
                    .and_then(|e| doc.entities.get(e as usize))
                    .is_some_and(|e| {
                        e.mentions.iter().any(|&m| {
                            doc.mentions
                                .get(m as usize)
                                .is_some_and(|m| overlap(m.span, src) > 0)
                        })
                    });
                let by_name = doc.slice(src).eq_ignore_ascii_case(&s.name);
                if by_mention || by_entity || by_name {
                    d.speaker_correct += 1;
                }
            }
            (Some(_), None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_rule() {
        let g = Gold {
            content: vec![Span::new(0, 10), Span::new(20, 30)],
            source: None,
            quoted: true,
        };
        assert_eq!(g.len(), 20);
        assert_eq!(g.overlap(Span::new(5, 25)), 10);
        assert!(enough(g.overlap(Span::new(0, 6)), g.len()));
        assert!(!enough(g.overlap(Span::new(0, 5)), g.len()));
        assert!(!enough(0, 0));
    }

    #[test]
    fn scores_a_tiny_article() {
        let line = r#"{"text": "“We will win,” Lavrov said. Rain fell.", "attributions": [{"source": [{"start": 15, "end": 21}], "cue": [], "content": [{"start": 0, "end": 14}]}]}"#;
        let pipeline = Pipeline::new()
            .with(dyad_nlp::segment::Segmenter::new())
            .with(crate::Quotes::new());
        let s = score_polnear(line.as_bytes(), &pipeline).unwrap();
        assert_eq!(s.articles, 1);
        assert_eq!(
            (s.quoted.gold, s.quoted.predicted, s.quoted.matched),
            (1, 1, 1)
        );
        assert_eq!(s.quoted.speaker_correct, 1);
        assert!((s.quoted.f1 - 100.0).abs() < 1e-9);
        assert!(score_polnear("not json\n".as_bytes(), &pipeline).is_err());
    }
}
