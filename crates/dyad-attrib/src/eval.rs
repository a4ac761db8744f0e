//! Scoring quote attribution against PolNeAR (political news attribution
//! relations, Newell et al. 2018).
//!
//! PolNeAR is for evaluation only: nothing in dyad is trained on it.
//! Matching, by character overlap with a 30% threshold (as the Gender Gap
//! Tracker reports). "Quoted" relations are those whose content holds a
//! quotation mark (`“ ” "`, or `''` as the New York Times prints them).
//! A predicted quote is correct when at least 30% of its
//! characters lie in one gold relation's content; a gold relation is found
//! when predicted quotes cover at least 30% of its content (a quote split by
//! its cue, `“A,” he said. “B”`, is one relation with two pieces in
//! PolNeAR and two quotes in dyad). The speaker of a found relation is the
//! speaker of the overlapping predicted quote that names one (`he` above),
//! else of the quote overlapping it most; it is right when
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
    /// A hand-written span's text is not in its article.
    #[error("line {line}: {text:?} is not in the article")]
    Missing {
        /// Line number.
        line: usize,
        /// The text looked for.
        text: String,
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
    cue: Vec<Piece>,
    #[serde(default)]
    content: Vec<Piece>,
}

/// A span in code points, as PolNeAR gives it, or (in hand-written gold
/// files) only its text, found in the article: the first occurrence for a
/// content, the occurrence nearest the content for a source or cue.
#[derive(Deserialize)]
struct Piece {
    #[serde(default)]
    start: Option<usize>,
    #[serde(default)]
    end: Option<usize>,
    #[serde(default)]
    text: Option<String>,
}

/// The kind of the gold speaker mention, for the breakdown of speaker
/// accuracy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerType {
    /// Two or more capitalised words (`Sergei Lavrov`, `The New York Post`).
    Name,
    /// One capitalised word (`Lavrov`).
    Surname,
    /// A personal pronoun (`he`, `they`, `I`).
    Pronoun,
    /// Any other noun phrase (`a senior official`, `the campaign`).
    Other,
    /// No source annotated.
    None,
}

impl SpeakerType {
    /// Every type, in report order.
    pub const ALL: [SpeakerType; 5] = [
        SpeakerType::Name,
        SpeakerType::Surname,
        SpeakerType::Pronoun,
        SpeakerType::Other,
        SpeakerType::None,
    ];

    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerType::Name => "name",
            SpeakerType::Surname => "surname",
            SpeakerType::Pronoun => "pronoun",
            SpeakerType::Other => "other_np",
            SpeakerType::None => "none",
        }
    }

    fn of(text: Option<&str>) -> Self {
        const PRONOUNS: &[&str] = &[
            "he", "she", "they", "i", "we", "you", "it", "him", "her", "them", "me", "us", "his",
            "their", "its", "our", "my",
        ];
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return SpeakerType::None;
        };
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() == 1 && PRONOUNS.contains(&words[0].to_lowercase().as_str()) {
            return SpeakerType::Pronoun;
        }
        let capital = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
        let content: Vec<&&str> = words
            .iter()
            .filter(|w| !matches!(w.to_lowercase().as_str(), "the" | "of" | "and" | "for"))
            .collect();
        if !content.is_empty() && content.iter().all(|w| capital(w)) {
            if content.len() == 1 {
                SpeakerType::Surname
            } else {
                SpeakerType::Name
            }
        } else {
            SpeakerType::Other
        }
    }
}

/// Speaker accuracy for one speaker type.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct SpeakerBreakdown {
    /// Found relations with a gold speaker of this type.
    pub matched: usize,
    /// Of which dyad's speaker is right.
    pub correct: usize,
    /// Of which dyad has no speaker.
    pub missing: usize,
    /// Accuracy, percent.
    pub accuracy: f64,
}

/// Counts and derived figures for one comparison.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Detection {
    /// Overlap threshold (share of characters), 0.3 or 0.8.
    pub threshold: f64,
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
    /// Speaker accuracy by kind of gold speaker mention.
    pub by_speaker_type: Vec<(SpeakerType, SpeakerBreakdown)>,
    /// Predicted cues (of predicted quotes with a cue).
    pub cue_predicted: usize,
    /// Predicted cues overlapping a gold cue of the set.
    pub cue_correct_predicted: usize,
    /// Gold cues of the set.
    pub cue_gold: usize,
    /// Gold cues overlapped by a predicted cue.
    pub cue_matched: usize,
    /// Cue F1, percent.
    pub cue_f1: f64,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl Detection {
    fn new(threshold: f64) -> Self {
        Detection {
            threshold,
            by_speaker_type: SpeakerType::ALL
                .iter()
                .map(|&t| (t, SpeakerBreakdown::default()))
                .collect(),
            ..Detection::default()
        }
    }

    fn finish(mut self) -> Self {
        self.precision = pct(self.correct_predicted, self.predicted);
        self.recall = pct(self.matched, self.gold);
        self.f1 = f1(self.precision, self.recall);
        self.speaker_accuracy = pct(self.speaker_correct, self.matched);
        for (_, b) in &mut self.by_speaker_type {
            b.accuracy = pct(b.correct, b.matched);
        }
        self.cue_f1 = f1(
            pct(self.cue_correct_predicted, self.cue_predicted),
            pct(self.cue_matched, self.cue_gold),
        );
        self
    }

    fn breakdown(&mut self, t: SpeakerType) -> &mut SpeakerBreakdown {
        let i = SpeakerType::ALL.iter().position(|&x| x == t).unwrap_or(0);
        &mut self.by_speaker_type[i].1
    }
}

/// PolNeAR scores.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PolnearScores {
    /// Articles read.
    pub articles: usize,
    /// Gold relations whose content holds quotation marks, against dyad's
    /// direct and partial quotes and its reported speech holding quotation
    /// marks; at 30% overlap.
    pub quoted: Detection,
    /// The same at 80% overlap.
    pub quoted_strict: Detection,
    /// All gold relations (also beliefs, perceptions, unquoted speech)
    /// against all of dyad's quotes including indirect ones; 30% overlap.
    pub all: Detection,
    /// The same at 80% overlap.
    pub all_strict: Detection,
    /// Articles a stage failed on (an internal error, `Document::failure`),
    /// as `id: stage: message`. They are scored with the layers made
    /// before the failure, so their relations count as missed.
    pub failed: Vec<String>,
}

struct Gold {
    /// Content pieces.
    content: Vec<Span>,
    source: Option<Span>,
    cue: Vec<Span>,
    speaker_type: SpeakerType,
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

/// Whether `text` holds a quotation mark: curly or straight double
/// quotes, or the doubled apostrophes (`''`) some newspapers print.
fn has_marks(text: &str) -> bool {
    text.contains(['“', '”', '"']) || text.contains("''")
}

fn char_to_byte(text: &str) -> Vec<u32> {
    let mut v: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
    v.push(text.len() as u32);
    v
}

fn overlap(a: Span, b: Span) -> u32 {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// At least `threshold` of `len` characters.
fn enough(part: u32, len: u32, threshold: f64) -> bool {
    len > 0 && f64::from(part) >= threshold * f64::from(len)
}

/// Byte spans of `pieces`; text-only pieces are looked up, nearest to
/// `near` (a byte offset) when given.
fn pieces(
    pieces: &[Piece],
    text: &str,
    map: &[u32],
    near: Option<u32>,
    line: usize,
) -> Result<Vec<Span>, EvalError> {
    let mut out = Vec::new();
    for p in pieces {
        if let (Some(start), Some(end)) = (p.start, p.end) {
            if let (Some(&s), Some(&e)) = (map.get(start), map.get(end))
                && s < e
            {
                out.push(Span::new(s, e));
            }
            continue;
        }
        let Some(needle) = p.text.as_deref().filter(|t| !t.is_empty()) else {
            continue;
        };
        // Whole words only: `he` is not the end of `The`.
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let found: Vec<usize> = text
            .match_indices(needle)
            .map(|(i, _)| i)
            .filter(|&i| {
                !alnum(text[..i].chars().next_back())
                    && !alnum(text[i + needle.len()..].chars().next())
            })
            .collect();
        let best = match near {
            Some(n) => found
                .iter()
                .min_by_key(|&&i| (i as i64 - i64::from(n)).unsigned_abs()),
            None => found.first(),
        };
        let Some(&i) = best else {
            return Err(EvalError::Missing {
                line,
                text: needle.to_string(),
            });
        };
        out.push(Span::from_usize(i, i + needle.len()));
    }
    Ok(out)
}

/// Run `pipeline` over every PolNeAR article in `reader` (JSON Lines) and
/// score its quotes.
///
/// The same reader scores dyad's own gold set, written in PolNeAR's format
/// with spans given by their text (see `crates/dyad-attrib/gold/`).
pub fn score_polnear<R: BufRead>(
    reader: R,
    pipeline: &Pipeline,
) -> Result<PolnearScores, EvalError> {
    let mut scores = PolnearScores::default();
    let mut sets = [
        Detection::new(0.3),
        Detection::new(0.8),
        Detection::new(0.3),
        Detection::new(0.8),
    ];
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| EvalError::Io {
            line: n + 1,
            source,
        })?;
        if line.trim().is_empty() || line.starts_with("//") {
            continue;
        }
        let article: Article = serde_json::from_str(&line).map_err(|source| EvalError::Json {
            line: n + 1,
            source,
        })?;
        let map = char_to_byte(&article.text);
        let mut gold = Vec::new();
        for r in &article.attributions {
            let content = pieces(&r.content, &article.text, &map, None, n + 1)?;
            let Some(first) = content.first().map(|c| c.start) else {
                continue;
            };
            let source = pieces(&r.source, &article.text, &map, Some(first), n + 1)?;
            let cue = pieces(&r.cue, &article.text, &map, Some(first), n + 1)?;
            let source = match (
                source.iter().map(|s| s.start).min(),
                source.iter().map(|s| s.end).max(),
            ) {
                (Some(s), Some(e)) => Some(Span::new(s, e)),
                _ => None,
            };
            // Marks inside the content (PolNeAR keeps them), or right
            // around it (hand-written gold gives the words only).
            let quoted = content.iter().any(|c| {
                let t = &article.text;
                let before = t[..c.start as usize].chars().next_back();
                has_marks(&t[c.range()]) || before.is_some_and(|b| matches!(b, '“' | '"' | '\''))
            });
            gold.push(Gold {
                speaker_type: SpeakerType::of(source.map(|s| &article.text[s.range()])),
                content,
                source,
                cue,
                quoted,
            });
        }
        let meta = Meta {
            date: article.date.clone(),
            ..Meta::with_id(format!("polnear:{}", n + 1))
        };
        let Ok(mut doc) = Document::new(meta, article.text) else {
            continue;
        };
        pipeline.run(&mut doc);
        scores.articles += 1;
        if let Some(f) = &doc.failure {
            scores.failed.push(format!("{}: {f}", doc.meta.id));
        }
        let direct: Vec<usize> = (0..doc.quotes.len())
            .filter(|&i| {
                let q = &doc.quotes[i];
                q.kind != QuoteKind::Indirect || has_marks(doc.slice(q.span))
            })
            .collect();
        let every: Vec<usize> = (0..doc.quotes.len()).collect();
        let gold_quoted: Vec<&Gold> = gold.iter().filter(|g| g.quoted).collect();
        let gold_all: Vec<&Gold> = gold.iter().collect();
        let [q, qs, a, as_] = &mut sets;
        compare(&doc, &direct, &gold_quoted, q);
        compare(&doc, &direct, &gold_quoted, qs);
        compare(&doc, &every, &gold_all, a);
        compare(&doc, &every, &gold_all, as_);
    }
    let [q, qs, a, as_] = sets;
    scores.quoted = q.finish();
    scores.quoted_strict = qs.finish();
    scores.all = a.finish();
    scores.all_strict = as_.finish();
    Ok(scores)
}

fn compare(doc: &Document, predicted: &[usize], gold: &[&Gold], d: &mut Detection) {
    let t = d.threshold;
    d.gold += gold.len();
    d.predicted += predicted.len();
    // Precision: predicted quotes lying (by the threshold) inside some gold
    // content.
    for &p in predicted {
        let span = doc.quotes[p].span;
        if gold
            .iter()
            .any(|g| enough(g.overlap(span), span.end - span.start, t))
        {
            d.correct_predicted += 1;
        }
    }
    // Cues: any character in common.
    let cues: Vec<Span> = predicted
        .iter()
        .filter_map(|&p| doc.quotes[p].cue.as_ref().map(|c| c.span))
        .collect();
    let gold_cues: Vec<Span> = gold.iter().flat_map(|g| g.cue.iter().copied()).collect();
    d.cue_predicted += cues.len();
    d.cue_gold += gold_cues.len();
    d.cue_correct_predicted += cues
        .iter()
        .filter(|&&c| gold_cues.iter().any(|&g| overlap(c, g) > 0))
        .count();
    d.cue_matched += gold_cues
        .iter()
        .filter(|&&g| cues.iter().any(|&c| overlap(c, g) > 0))
        .count();
    // Recall: gold contents covered (by the threshold) by predicted quotes.
    for g in gold {
        let covered: u32 = predicted
            .iter()
            .map(|&p| g.overlap(doc.quotes[p].span))
            .sum();
        if !enough(covered, g.len(), t) {
            continue;
        }
        d.matched += 1;
        // The overlapping quote that names its speaker (of `“A,” she
        // said. “B”`, the piece with `she`), else the one overlapping most.
        let Some(&best) = predicted
            .iter()
            .filter(|&&p| g.overlap(doc.quotes[p].span) > 0)
            .max_by_key(|&&p| {
                let q = &doc.quotes[p];
                let named = q.speaker.as_ref().is_some_and(|s| s.mention.is_some());
                (named, g.overlap(q.span), std::cmp::Reverse(p))
            })
        else {
            continue;
        };
        let (correct, missing) = match (&doc.quotes[best].speaker, g.source) {
            (None, None) => (true, false),
            (None, Some(_)) => (false, true),
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
                (by_mention || by_entity || by_name, false)
            }
            (Some(_), None) => (false, false),
        };
        d.speaker_correct += usize::from(correct);
        d.speaker_missing += usize::from(missing);
        let b = d.breakdown(g.speaker_type);
        b.matched += 1;
        b.correct += usize::from(correct);
        b.missing += usize::from(missing);
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
            cue: Vec::new(),
            speaker_type: SpeakerType::None,
            quoted: true,
        };
        assert_eq!(g.len(), 20);
        assert_eq!(g.overlap(Span::new(5, 25)), 10);
        assert!(enough(g.overlap(Span::new(0, 6)), g.len(), 0.3));
        assert!(!enough(g.overlap(Span::new(0, 5)), g.len(), 0.3));
        assert!(!enough(g.overlap(Span::new(0, 15)), g.len(), 0.8));
        assert!(!enough(0, 0, 0.3));
    }

    #[test]
    fn speaker_types() {
        assert_eq!(SpeakerType::of(Some("Sergei Lavrov")), SpeakerType::Name);
        assert_eq!(
            SpeakerType::of(Some("The New York Post")),
            SpeakerType::Name
        );
        assert_eq!(SpeakerType::of(Some("Lavrov")), SpeakerType::Surname);
        assert_eq!(SpeakerType::of(Some("She")), SpeakerType::Pronoun);
        assert_eq!(
            SpeakerType::of(Some("a senior official")),
            SpeakerType::Other
        );
        assert_eq!(SpeakerType::of(Some(" ")), SpeakerType::None);
        assert_eq!(SpeakerType::of(None), SpeakerType::None);
    }

    #[test]
    fn text_pieces_are_found_nearest_the_content() {
        let text = "“A,” he said. Then: “B,” he said.";
        let map = char_to_byte(text);
        let content = Piece {
            start: None,
            end: None,
            text: Some("B".into()),
        };
        let c = pieces(&[content], text, &map, None, 1).unwrap();
        let cue = Piece {
            start: None,
            end: None,
            text: Some("said".into()),
        };
        let k = pieces(&[cue], text, &map, Some(c[0].start), 1).unwrap();
        assert_eq!(&text[k[0].range()], "said");
        assert!(k[0].start > c[0].start);
        let missing = Piece {
            start: None,
            end: None,
            text: Some("nowhere".into()),
        };
        assert!(pieces(&[missing], text, &map, None, 7).is_err());
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
        assert!(s.failed.is_empty());
    }

    /// A stage that panics on articles holding "boom".
    struct Fragile;

    impl dyad_core::Stage for Fragile {
        fn name(&self) -> &'static str {
            "fragile"
        }
        fn version(&self) -> &'static str {
            "1"
        }
        fn process(&self, doc: &mut dyad_core::Document) {
            assert!(!doc.text.contains("boom"), "cannot handle boom");
        }
    }

    #[test]
    fn an_article_a_stage_failed_on_is_reported_and_scored_as_missed() {
        let ok = r#"{"text": "“We will win,” Lavrov said. Rain fell.", "attributions": [{"source": [{"start": 15, "end": 21}], "cue": [], "content": [{"start": 0, "end": 14}]}]}"#;
        let bad = r#"{"text": "“We go boom,” Lavrov said. Rain fell.", "attributions": [{"source": [{"start": 14, "end": 20}], "cue": [], "content": [{"start": 0, "end": 13}]}]}"#;
        let pipeline = Pipeline::new()
            .with(dyad_nlp::segment::Segmenter::new())
            .with(Fragile)
            .with(crate::Quotes::new());
        let s = score_polnear(format!("{ok}\n{bad}\n").as_bytes(), &pipeline).unwrap();
        assert_eq!(s.articles, 2);
        assert_eq!(s.failed.len(), 1, "{:?}", s.failed);
        assert!(s.failed[0].starts_with("polnear:2: "), "{:?}", s.failed);
        assert!(s.failed[0].contains("boom"), "{:?}", s.failed);
        // The failed article's relation is gold, not found.
        assert_eq!((s.quoted.gold, s.quoted.matched), (2, 1));
    }
}
