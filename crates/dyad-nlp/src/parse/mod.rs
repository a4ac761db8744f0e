//! Dependency parsing: UD basic trees (UD English relations with their
//! subtypes, `nsubj:pass`, `compound:prt`, ...) for every sentence.
//!
//! A greedy transition-based parser: the arc-hybrid system
//! ([`system`]) with labelled transitions, an averaged perceptron
//! ([`crate::model`]) over rich non-local features ([`features`]), trained
//! with a dynamic oracle so the parser learns to recover from its own
//! mistakes ([`train`]). Greedy decoding keeps it fast (tens of thousands
//! of words per second on one thread; the weight table in [`weights`] is
//! laid out for it) and the transition system guarantees a single-rooted
//! tree covering every token, so the stage never fails on odd input.
//!
//! The parser reads the tagger's layer (`doc.tags`: UPOS, PTB tag,
//! lemma). Without it, it still parses from word forms alone, less
//! accurately.

mod eval;
mod features;
mod system;
mod train;
pub(crate) mod weights;

#[cfg(test)]
mod tests;

use std::cell::RefCell;

use dyad_core::{Dependency, Document, Stage};

use crate::model::{FeatureKey, FormatError, ModelReader, ModelWriter};

pub use eval::{Attachment, ParseScores, evaluate, evaluate_dev, evaluate_gold_tags};
pub use train::{PRUNE, SHIP_MIN_WEIGHTS, SHIP_PRUNE, TrainError, train, train_with};

use features::{Atoms, Extractor, Word};
use system::{Move, ROOT_LABEL, State};
use weights::Weights;

/// Model kind written in the file header.
const KIND: &str = "parse";
/// Version of the features and transition system; models trained with
/// another version are rejected.
const VERSION: &str = "arc-hybrid-1";

/// A trained parser: relation labels and transition weights.
#[derive(Debug, Clone)]
pub struct ParserModel {
    version: String,
    labels: Vec<Box<str>>,
    weights: Weights,
}

/// Reusable buffers for parsing one sentence after another.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    atoms: Atoms,
    extractor: Extractor,
    state: State,
    scores: Vec<f32>,
    rows: weights::Lookup,
    /// Per (token, role): index into `cached` of the summed weights of
    /// the role's single-token templates for that token, or `EMPTY`.
    slots: Vec<u32>,
    /// Summed role weights, `classes` floats each.
    cached: Vec<f32>,
    /// The keys of one transition's lookup: the role rows not yet cached,
    /// then the other templates.
    keys: Vec<FeatureKey>,
    /// Where each segment of `keys` ends.
    ends: Vec<usize>,
    /// The `cached` row each role segment fills.
    fill: Vec<usize>,
    /// Per stack height: the [`features::stack_tag`] its row in
    /// `stack_rows` was summed for.
    stack_tags: Vec<Option<[u32; 2]>>,
    /// Summed weights of the stack templates, `classes` floats a height.
    stack_rows: Vec<f32>,
    /// The [`features::buffer_tag`] `buffer_row` was summed for.
    buffer_tag: Option<[u32; 2]>,
    /// Summed weights of the buffer templates.
    buffer_row: Vec<f32>,
}

/// No cached row yet.
const EMPTY: u32 = u32::MAX;

impl ParserModel {
    /// The version string recorded in the file (`arc-hybrid-1`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The relation labels the model predicts (without `root`), sorted.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|l| &**l)
    }

    /// A copy without the weights of magnitude at most `threshold`
    /// (smaller file, slightly lower accuracy).
    pub fn pruned(&self, threshold: f32) -> Self {
        Self {
            version: self.version.clone(),
            labels: self.labels.clone(),
            weights: self.weights.pruned(threshold),
        }
    }

    /// A copy without the features that have fewer than `min` weights
    /// (see [`SHIP_MIN_WEIGHTS`]).
    pub fn without_short_rows(&self, min: usize) -> Self {
        Self {
            version: self.version.clone(),
            labels: self.labels.clone(),
            weights: self.weights.without_short_rows(min),
        }
    }

    /// Number of weighted features (for size reports).
    pub fn features(&self) -> usize {
        self.weights.features()
    }

    /// Serialise (gzip, deterministic).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ModelWriter::new(KIND, &self.version);
        w.strs(&self.labels);
        self.weights.write(&mut w);
        w.finish()
    }

    /// Read what [`ParserModel::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FormatError> {
        let mut r = ModelReader::open(bytes, KIND)?;
        if r.version != VERSION {
            return Err(FormatError::Invalid("parser model of another version"));
        }
        let labels: Vec<Box<str>> = r.strs()?.into_iter().map(String::into_boxed_str).collect();
        let weights = Weights::read(&mut r)?;
        if !r.at_end() {
            return Err(FormatError::Invalid("trailing bytes after parser weights"));
        }
        if labels.is_empty() || labels.len() >= usize::from(u16::MAX) / 2 {
            return Err(FormatError::Invalid("parser label count"));
        }
        if weights.classes() != 1 + 2 * labels.len() {
            return Err(FormatError::Invalid("parser classes do not match labels"));
        }
        Ok(Self {
            version: r.version,
            labels,
            weights,
        })
    }

    /// The model shipped with dyad (`models/parse.dyad`).
    pub fn bundled() -> &'static Self {
        static MODEL: std::sync::LazyLock<ParserModel> = std::sync::LazyLock::new(|| {
            ParserModel::from_bytes(include_bytes!("../../models/parse.dyad")).unwrap_or_else(|e| {
                panic!("the bundled parser model is built with dyad and must load: {e}")
            })
        });
        &MODEL
    }

    /// Parse one sentence. Returns, per word, its head (`0` = root, `i` =
    /// word `i`, 1-based) and label id (`ROOT_LABEL` for the root).
    pub(crate) fn parse_words<'s>(&self, words: &[Word<'_>], sc: &'s mut Scratch) -> &'s State {
        let n = words.len().min(u32::MAX as usize - 2) as u32;
        let labels = self.labels.len();
        let classes = self.begin(&words[..n as usize], sc);
        while !sc.state.done() {
            let (sh, le, ri) = sc.state.allowed();
            if sh && !le && !ri {
                // Only the root is on the stack: shifting is the one move.
                sc.state.apply(Move::Shift);
                continue;
            }
            self.score(sc, classes);
            let mut best = (Move::Shift, f32::NEG_INFINITY);
            if sh {
                best.1 = sc.scores[0];
            }
            for l in 0..labels {
                if le && sc.scores[1 + l] > best.1 {
                    best = (Move::Left(l as u16), sc.scores[1 + l]);
                }
                if ri && sc.scores[1 + labels + l] > best.1 {
                    best = (Move::Right(l as u16), sc.scores[1 + labels + l]);
                }
            }
            if !sh && best.1 == f32::NEG_INFINITY {
                // Scores can only be -inf/NaN with a corrupt model; any
                // allowed move keeps the tree well formed.
                best.0 = if ri { Move::Right(0) } else { Move::Left(0) };
            }
            sc.state.apply(best.0);
        }
        sc.state.finish();
        &sc.state
    }

    /// Start a sentence in `sc` (atoms, initial state, empty role cache);
    /// returns the number of classes.
    fn begin(&self, words: &[Word<'_>], sc: &mut Scratch) -> usize {
        sc.atoms.fill(words);
        sc.state.reset(words.len() as u32);
        let classes = self.weights.classes();
        sc.scores.resize(classes, 0.0);
        // Tokens 0..=n, then one row for "no token".
        sc.slots.clear();
        sc.slots.resize((words.len() + 2) * features::ROLES, EMPTY);
        sc.cached.clear();
        sc.stack_tags.clear();
        sc.buffer_tag = None;
        sc.buffer_row.resize(classes, 0.0);
        classes
    }

    /// Score the transitions of `sc.state` into `sc.scores`. Three
    /// kinds of sums are kept from one transition to the next instead of
    /// being looked up again:
    ///
    /// - the single-token templates of each role (s0's word, b1's tag, a
    ///   child's label, ...: 46 of the 120), once per (token, role) and
    ///   sentence, as a token usually keeps a role over several
    ///   transitions (3.5 on average);
    /// - the 36 stack templates, per stack height, while `s0` and its
    ///   right children are unchanged: a left arc pops `s0` and finds
    ///   the stack below as it was scored before `s0` was shifted (28%
    ///   of the scored transitions on news);
    /// - the 9 buffer templates, while `b0` and its left children are
    ///   unchanged (across a right arc: 18%).
    ///
    /// The features of all that is not kept yet and of the other 29
    /// templates are found in one lookup, so their cache misses overlap.
    fn score(&self, sc: &mut Scratch, classes: usize) {
        let Scratch {
            atoms,
            extractor,
            state,
            scores,
            rows,
            slots,
            cached,
            keys,
            ends,
            fill,
            stack_tags,
            stack_rows,
            buffer_tag,
            buffer_row,
        } = sc;
        scores.iter_mut().for_each(|s| *s = 0.0);
        keys.clear();
        ends.clear();
        fill.clear();
        let none = state.n as usize + 1;
        let mut row_of = [EMPTY; features::ROLES];
        for (role, tok) in features::roles(state).into_iter().enumerate() {
            let t = if tok == system::NONE {
                none
            } else {
                (tok as usize).min(none)
            };
            let Some(slot) = slots.get_mut(t * features::ROLES + role) else {
                continue;
            };
            if *slot == EMPTY {
                let start = cached.len();
                cached.resize(start + classes, 0.0);
                keys.extend_from_slice(extractor.role_keys(role, tok, state, atoms));
                ends.push(keys.len());
                fill.push(start);
                *slot = (start / classes.max(1)) as u32;
            }
            row_of[role] = *slot;
        }
        let height = state.stack.len();
        if stack_tags.len() <= height {
            stack_tags.resize(height + 1, None);
            stack_rows.resize((height + 1) * classes, 0.0);
        }
        let stack_tag = Some(features::stack_tag(state));
        let new_stack = stack_tags[height] != stack_tag;
        let tag = Some(features::buffer_tag(state));
        let new_buffer = *buffer_tag != tag;
        let groups = extractor.split(state, atoms);
        if new_stack {
            keys.extend_from_slice(groups.stack);
            ends.push(keys.len());
            stack_tags[height] = stack_tag;
        }
        if new_buffer {
            keys.extend_from_slice(groups.buffer);
            ends.push(keys.len());
            *buffer_tag = tag;
        }
        keys.extend_from_slice(groups.other);
        ends.push(keys.len());
        self.weights.find_segments(keys, ends, rows);
        for (seg, &start) in fill.iter().enumerate() {
            if let Some(row) = cached.get_mut(start..start + classes) {
                self.weights.add_segment(seg, rows, row);
            }
        }
        let mut seg = fill.len();
        let stack_row = &mut stack_rows[height * classes..(height + 1) * classes];
        if new_stack {
            stack_row.iter_mut().for_each(|w| *w = 0.0);
            self.weights.add_segment(seg, rows, stack_row);
            seg += 1;
        }
        if new_buffer {
            buffer_row.iter_mut().for_each(|w| *w = 0.0);
            self.weights.add_segment(seg, rows, buffer_row);
            seg += 1;
        }
        for &slot in row_of.iter().filter(|&&s| s != EMPTY) {
            let start = slot as usize * classes;
            if let Some(row) = cached.get(start..start + classes) {
                scores.iter_mut().zip(row).for_each(|(s, w)| *s += w);
            }
        }
        for row in [&*stack_row, &buffer_row[..]] {
            scores.iter_mut().zip(row).for_each(|(s, w)| *s += w);
        }
        self.weights.add_segment(seg, rows, scores);
    }

    /// The label string of a label id.
    fn label(&self, id: u16) -> &str {
        if id == ROOT_LABEL {
            "root"
        } else {
            self.labels.get(id as usize).map_or("dep", |l| &**l)
        }
    }

    /// Fill `doc.deps` for every sentence of `doc` (see [`Parser`]).
    pub fn parse_document(&self, doc: &mut Document) {
        let ntok = doc.tokens.len();
        let mut deps = vec![
            Dependency {
                head: None,
                deprel: "root".into(),
            };
            ntok
        ];
        let tagged = doc.tags.len() == ntok;
        SCRATCH.with_borrow_mut(|sc| {
            self.parse_sentences(doc, tagged, &mut deps, sc);
            // A pathological sentence's buffers are not kept for the
            // thread's life.
            if sc.cached.capacity() > SCRATCH_KEEP {
                *sc = Scratch::default();
            }
        });
        doc.deps = deps;
    }

    /// Parse each sentence of `doc` into `deps`.
    fn parse_sentences(
        &self,
        doc: &Document,
        tagged: bool,
        deps: &mut [Dependency],
        sc: &mut Scratch,
    ) {
        let ntok = deps.len();
        let mut words: Vec<Word<'_>> = Vec::new();
        for sent in &doc.sentences {
            let start = (sent.tokens.start as usize).min(ntok);
            let end = (sent.tokens.end as usize).clamp(start, ntok);
            words.clear();
            words.extend((start..end).map(|i| {
                let form = doc.slice(doc.tokens[i].span);
                match tagged.then(|| &doc.tags[i]) {
                    Some(t) => Word {
                        form,
                        upos: t.upos.as_str(),
                        xpos: &t.xpos,
                        lemma: &t.lemma,
                    },
                    None => Word {
                        form,
                        ..Word::default()
                    },
                }
            }));
            let st = self.parse_words(&words, sc);
            for (k, dep) in deps[start..end].iter_mut().enumerate() {
                let h = st.head.get(k + 1).copied().unwrap_or(0);
                let l = st.label.get(k + 1).copied().unwrap_or(ROOT_LABEL);
                *dep = match h {
                    0 | system::NONE => Dependency {
                        head: None,
                        deprel: "root".into(),
                    },
                    h => Dependency {
                        head: Some((start + h as usize - 1) as u32),
                        deprel: self.label(l).into(),
                    },
                };
            }
        }
    }
}

thread_local! {
    /// Each thread's parsing buffers, reused from document to document:
    /// allocating them afresh for each document cost a few percent of
    /// the parse in page faults and copies as they grew.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Summed role rows (floats) a thread's scratch may keep after a
/// document: 4 MiB.
const SCRATCH_KEEP: usize = 1 << 20;

/// The parsing stage: fills [`Document::deps`] sentence by sentence.
/// Reads [`Document::tags`] when the tagger has run (recommended; without
/// tags accuracy drops).
#[derive(Debug, Clone, Copy)]
pub struct Parser(&'static ParserModel);

impl Parser {
    /// A stage over `model`.
    pub fn new(model: &'static ParserModel) -> Self {
        Self(model)
    }
}

impl Default for Parser {
    fn default() -> Self {
        Self(ParserModel::bundled())
    }
}

impl Stage for Parser {
    fn name(&self) -> &'static str {
        "parse"
    }

    fn version(&self) -> &'static str {
        &self.0.version
    }

    fn process(&self, doc: &mut Document) {
        self.0.parse_document(doc);
    }
}
