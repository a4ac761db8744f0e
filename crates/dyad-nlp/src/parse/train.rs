//! Training: UD English EWT train plus the shippable GUM train documents,
//! projectivised by lifting, learnt with an averaged perceptron and the
//! arc-hybrid dynamic oracle.
//!
//! With the dynamic oracle the parser is trained on the configurations it
//! actually reaches: from the second pass on it follows its own
//! (possibly wrong) prediction 90% of the time, and is updated towards the
//! best-scoring transition that loses no further gold arc. That is what
//! makes a greedy parser robust to its own early mistakes (Goldberg &
//! Nivre 2012, 2013).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::conllu::{self, ConlluError, ConlluSentence};
use crate::model::{TrainOptions, Trainer, shuffle};

use super::features::{Atoms, Extractor, Word};
use super::system::{Move, NONE, ROOT_LABEL, State, decode, projectivize};
use super::weights::Weights;
use super::{ParserModel, VERSION};

/// Why training or evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A corpus file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A corpus file is not valid CoNLL-U.
    #[error("{path}: {source}")]
    Conllu {
        /// The file.
        path: PathBuf,
        /// The error.
        source: ConlluError,
    },
    /// A jackknifing tagger could not be trained.
    #[error("tagger for jackknifing: {0}")]
    Tagger(#[from] crate::tag::TrainError),
    /// The trained weights could not be converted (a bug).
    #[error("parser weights: {0}")]
    Model(#[from] crate::model::FormatError),
    /// No training sentence was found.
    #[error("no training sentences found under {0}")]
    NoData(PathBuf),
}

/// Weights whose averaged magnitude is at most this are dropped from the
/// shipped model. Measured (12 passes, predicted tags, EWT dev LAS):
/// keeping all weights gives 28.7 MB and 82.76; 1.0 gives 9.5 MB and
/// 82.60; 2.0 gives 3.5 MB and 82.48.
pub const PRUNE: f32 = 1.0;

/// The shipped model drops, after training, the stored weights of
/// magnitude at most this as well: on EWT dev it costs 0.07 LAS (82.60 to
/// 82.53) for a 7.0 MB file and about 10% more words/s (memory stalls in
/// the weight table are the parser's main cost). 2.0 would cost 0.12 LAS
/// for 3.5 MB and 30% more speed.
pub const SHIP_PRUNE: f32 = 1.5;

/// The shipped model also drops the features left with a single weight
/// after [`SHIP_PRUNE`]: 39% of the features (957k to 587k), mostly rare
/// word pairs seen once in training, at no measurable cost (test LAS
/// EWT 83.11 to 83.02, GUM 81.55 to 81.60; dev EWT 82.53 to 82.52) and
/// a smaller, faster weight table.
///
/// Also measured and not shipped (mean LAS over EWT and GUM test and
/// dev; commit e41e8e4 has the code): not learning features seen fewer
/// than 3 (10) times on the oracle's path, 81.98 (81.97) with 426k (235k)
/// features; and dropping the 14 word-word pair templates too, 82.08
/// with 353k. Equal on average, 5-25% faster parsing, but each misparses
/// reported speech in the example article that this model gets right.
pub const SHIP_MIN_WEIGHTS: usize = 2;

/// A training or evaluation sentence with gold (or predicted) tags and
/// gold tree.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sample {
    pub forms: Vec<String>,
    pub upos: Vec<String>,
    pub xpos: Vec<String>,
    pub lemmas: Vec<String>,
    /// Gold heads, index 0 unused (`NONE`), `0` = root.
    pub heads: Vec<u32>,
    /// Gold relation strings, index 0 unused.
    pub deprels: Vec<String>,
}

impl Sample {
    pub(crate) fn from_conllu(s: &ConlluSentence) -> Self {
        let w = &s.words;
        let col = |f: fn(&conllu::Word) -> &String| w.iter().map(|x| f(x).clone()).collect();
        let mut heads = vec![NONE];
        heads.extend(w.iter().map(|x| x.head.min(w.len() as u32)));
        let mut deprels = vec![String::new()];
        deprels.extend(w.iter().map(|x| x.deprel.clone()));
        Self {
            forms: col(|x| &x.form),
            upos: col(|x| &x.upos),
            xpos: col(|x| &x.xpos),
            lemmas: col(|x| &x.lemma),
            heads,
            deprels,
        }
    }

    /// Replace the tags and lemmas by `tagger`'s.
    pub(crate) fn retag(&mut self, tagger: &crate::tag::TaggerModel) {
        let forms: Vec<&str> = self.forms.iter().map(String::as_str).collect();
        let tags = tagger.tag(&forms);
        let n = self.forms.len();
        self.upos = tags.iter().map(|t| t.upos.as_str().to_owned()).collect();
        self.xpos = tags.iter().map(|t| t.xpos.to_string()).collect();
        self.lemmas = tags.iter().map(|t| t.lemma.to_string()).collect();
        for v in [&mut self.upos, &mut self.xpos, &mut self.lemmas] {
            v.resize(n, String::new());
        }
    }

    pub(crate) fn words(&self) -> Vec<Word<'_>> {
        (0..self.forms.len())
            .map(|i| Word {
                form: &self.forms[i],
                upos: &self.upos[i],
                xpos: &self.xpos[i],
                lemma: &self.lemmas[i],
            })
            .collect()
    }
}

impl From<conllu::CorpusError> for TrainError {
    fn from(e: conllu::CorpusError) -> Self {
        match e {
            conllu::CorpusError::Io { path, source } => Self::Io { path, source },
            conllu::CorpusError::Conllu { path, source } => Self::Conllu { path, source },
        }
    }
}

/// Read a CoNLL-U file.
pub(crate) fn read_conllu(path: &Path) -> Result<Vec<ConlluSentence>, TrainError> {
    Ok(conllu::read_file(path)?)
}

/// EWT train plus the GUM train documents whose licence allows shipping.
pub(crate) fn training_sentences(corpus: &Path) -> Result<Vec<ConlluSentence>, TrainError> {
    Ok(conllu::shippable_training_sentences(corpus)?)
}

/// Train the parser on the corpora under `corpus` (see the module docs),
/// pruned for shipping.
pub fn train(
    corpus: &Path,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<ParserModel, TrainError> {
    Ok(train_with(corpus, opts, PRUNE, progress)?
        .pruned(SHIP_PRUNE)
        .without_short_rows(SHIP_MIN_WEIGHTS))
}

/// [`train`] with a chosen pruning threshold: averaged weights of
/// magnitude at most `prune` are dropped (`0.0` keeps all; see
/// [`ParserModel::pruned`] to measure the trade-off afterwards).
pub fn train_with(
    corpus: &Path,
    opts: &TrainOptions,
    prune: f32,
    progress: &mut dyn FnMut(&str),
) -> Result<ParserModel, TrainError> {
    let sents = training_sentences(corpus)?;
    let samples: Vec<Sample> = sents.iter().map(Sample::from_conllu).collect();
    if samples.is_empty() {
        return Err(TrainError::NoData(corpus.to_owned()));
    }
    progress(&format!(
        "parser: {} training sentences, {} words",
        samples.len(),
        samples.iter().map(|s| s.forms.len()).sum::<usize>()
    ));
    let mut samples = samples;
    jackknife_tags(&sents, &mut samples, opts, progress)?;
    train_samples(&samples, opts, prune, progress)
}

/// Folds for jackknifing the training tags.
const FOLDS: usize = 5;
/// Perceptron passes of each jackknifing tagger.
const TAGGER_ITERATIONS: usize = 8;

/// Replace the gold tags and lemmas of `samples` by the ones a tagger
/// predicts without having seen them: the sentences are cut into
/// [`FOLDS`] contiguous parts and each part is tagged by a tagger trained
/// on the others. The parser then learns from tags as noisy as those it
/// gets at run time (standard practice for pipeline parsers).
fn jackknife_tags(
    sents: &[ConlluSentence],
    samples: &mut [Sample],
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<(), TrainError> {
    let n = sents.len();
    let (mut words, mut same) = (0usize, 0usize);
    for fold in 0..FOLDS {
        let (a, b) = (fold * n / FOLDS, (fold + 1) * n / FOLDS);
        let rest: Vec<ConlluSentence> = sents[..a].iter().chain(&sents[b..]).cloned().collect();
        let tag_opts = TrainOptions {
            iterations: TAGGER_ITERATIONS,
            seed: opts.seed,
        };
        let tagger = crate::tag::train_with(
            &rest,
            &tag_opts,
            &crate::tag::TagSettings::default(),
            &mut |_| {},
        )?;
        for s in &mut samples[a..b] {
            let gold = std::mem::take(&mut s.xpos);
            s.retag(&tagger);
            words += gold.len();
            same += gold.iter().zip(&s.xpos).filter(|(g, p)| g == p).count();
        }
        progress(&format!(
            "parser: jackknifed tags, fold {}/{FOLDS} ({:.2}% XPOS so far)",
            fold + 1,
            100.0 * same as f64 / words.max(1) as f64
        ));
    }
    Ok(())
}

/// Deterministic uniform draw in `[0, 1)` (xorshift64*).
fn draw(seed: &mut u64) -> f64 {
    *seed ^= *seed >> 12;
    *seed ^= *seed << 25;
    *seed ^= *seed >> 27;
    (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
}

/// Gold tree of a sample, projectivised, with label ids.
struct Gold {
    heads: Vec<u32>,
    labels: Vec<u16>,
}

/// Train on prepared samples: labels are collected from the data.
pub(crate) fn train_samples(
    samples: &[Sample],
    opts: &TrainOptions,
    prune: f32,
    progress: &mut dyn FnMut(&str),
) -> Result<ParserModel, TrainError> {
    let labels: Vec<Box<str>> = samples
        .iter()
        .flat_map(|s| s.deprels.iter().skip(1))
        .filter(|l| *l != "root" && !l.is_empty())
        .map(String::as_str)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(Into::into)
        .collect();
    let nl = labels.len().max(1);
    let label_id = |s: &str| {
        if s == "root" {
            ROOT_LABEL
        } else {
            labels
                .binary_search_by(|l| (**l).cmp(s))
                .map_or(0, |i| i as u16)
        }
    };
    let mut lifted = 0;
    let golds: Vec<Gold> = samples
        .iter()
        .map(|s| {
            let mut h: Vec<u32> = s.heads[1..].to_vec();
            lifted += projectivize(&mut h);
            let mut heads = vec![NONE];
            heads.extend(h);
            Gold {
                heads,
                labels: s.deprels.iter().map(|l| label_id(l)).collect(),
            }
        })
        .collect();
    progress(&format!(
        "parser: {} labels, {lifted} non-projective arcs lifted",
        labels.len()
    ));
    let mut trainer = Trainer::new(1 + 2 * nl);
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut seed = opts.seed.max(1);
    let mut explore_seed = opts.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let (mut atoms, mut ext, mut st) = (Atoms::default(), Extractor::default(), State::default());
    let mut costs: Vec<u32> = Vec::new();
    for it in 0..opts.iterations {
        shuffle(&mut order, &mut seed);
        let (mut steps, mut correct) = (0usize, 0usize);
        for &si in &order {
            let (sample, gold) = (&samples[si], &golds[si]);
            let words = sample.words();
            atoms.fill(&words);
            st.reset(words.len() as u32);
            while !st.done() {
                let keys = ext.extract(&st, &atoms);
                let scores = trainer.scores(keys);
                class_costs(&st, gold, nl, &mut costs);
                let (mut pred, mut truth) = (usize::MAX, usize::MAX);
                let min_cost = costs.iter().copied().min().unwrap_or(0);
                for c in 0..costs.len() {
                    if costs[c] == u32::MAX {
                        continue;
                    }
                    if pred == usize::MAX || scores[c] > scores[pred] {
                        pred = c;
                    }
                    if costs[c] == min_cost && (truth == usize::MAX || scores[c] > scores[truth]) {
                        truth = c;
                    }
                }
                if pred == usize::MAX {
                    break; // no allowed move: cannot happen before done()
                }
                trainer.update(keys, truth, pred);
                steps += 1;
                correct += usize::from(costs[pred] == min_cost);
                let follow = if it > 0 && draw(&mut explore_seed) < 0.9 {
                    pred
                } else {
                    truth
                };
                st.apply(decode(follow, nl));
            }
        }
        progress(&format!(
            "parser: iteration {}/{}, train transition accuracy {:.2}%",
            it + 1,
            opts.iterations,
            100.0 * correct as f64 / steps.max(1) as f64
        ));
    }
    let weights = Weights::from_perceptron(&trainer.finish(prune), prune)?;
    progress(&format!("parser: {} features kept", weights.features()));
    Ok(ParserModel {
        version: VERSION.to_owned(),
        labels,
        weights,
    })
}

/// Cost of every class in configuration `st` (`u32::MAX` = not allowed).
fn class_costs(st: &State, gold: &Gold, nl: usize, out: &mut Vec<u32>) {
    out.clear();
    out.resize(1 + 2 * nl, u32::MAX);
    let (sh, le, ri) = st.allowed();
    let (cs, cl, cr) = st.costs(&gold.heads);
    let (s0, s1, b0) = (st.s(0), st.s(1), st.b);
    let g = |i: u32| {
        let h = gold.heads.get(i as usize).copied().unwrap_or(NONE);
        let l = gold.labels.get(i as usize).copied().unwrap_or(ROOT_LABEL);
        (h, l)
    };
    if sh {
        out[0] = cs;
    }
    let (gh, gl) = g(s0);
    for l in 0..nl as u16 {
        let c = 1 + l as usize;
        if le {
            out[c] = cl + u32::from(gh == b0 && gl != l);
        }
        if ri {
            out[c + nl] = cr + u32::from(gh == s1 && gl != l);
        }
        debug_assert!(matches!(decode(c, nl), Move::Left(_)));
    }
}
