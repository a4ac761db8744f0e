//! Training: tables (classes, tag dictionary, ambiguity classes, lemma
//! rules) from counts over the training words, then perceptron passes with
//! greedy decoding, so the tag history seen in training is the tagger's own
//! (with its mistakes), as at run time.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::features::{Tok, normalize};
use super::hashing::FastMap;
use super::lemma::Lemmatizer;
use super::{Class, Pass, TaggerModel, greedy};
use crate::conllu::{self, ConlluError, ConlluSentence};
use crate::model::Weights;
use crate::model::{FeatureKey, Features, TrainOptions, Trainer, shuffle};

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
    /// Trained weights could not be laid out.
    #[error("model: {0}")]
    Model(#[from] crate::model::FormatError),
    /// No usable training sentence.
    #[error("no training data")]
    Empty,
}

/// Knobs of the tables built before the perceptron passes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TagSettings {
    /// A word goes into the tag dictionary if seen this often...
    pub dict_min_count: usize,
    /// ...with one class at least this share of the time.
    pub dict_min_share: f64,
    /// Words seen this often get an ambiguity class feature.
    pub amb_min_count: usize,
    /// A tag joins a word's ambiguity class at this share.
    pub amb_min_share: f64,
    /// Joint classes seen fewer times are not predicted.
    pub min_class_count: usize,
    /// Averaged weights with magnitude at most this are dropped.
    pub prune: f32,
    /// Run a small first pass whose tags of the next two words become
    /// features of the main pass.
    pub lookahead: bool,
}

impl Default for TagSettings {
    fn default() -> Self {
        Self {
            dict_min_count: 20,
            dict_min_share: 0.99,
            amb_min_count: 3,
            amb_min_share: 0.05,
            min_class_count: 2,
            prune: 0.0,
            lookahead: true,
        }
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
pub fn read_conllu(path: &Path) -> Result<Vec<ConlluSentence>, TrainError> {
    Ok(conllu::read_file(path)?)
}

/// EWT train plus the GUM train documents whose licence allows shipping.
pub fn training_sentences(corpus: &Path) -> Result<Vec<ConlluSentence>, TrainError> {
    Ok(conllu::shippable_training_sentences(corpus)?)
}

/// Train the tagger on EWT train and shippable GUM train under `corpus`
/// (`/work/shared/corpus`).
pub fn train(
    corpus: &Path,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<TaggerModel, TrainError> {
    let sents = training_sentences(corpus)?;
    progress(&format!("tagger: {} training sentences", sents.len()));
    train_with(&sents, opts, &TagSettings::default(), progress)
}

fn joint(upos: &str, xpos: &str) -> String {
    format!("{upos} {xpos}")
}

/// Train on given sentences with given settings (for experiments and
/// tests).
pub fn train_with(
    sents: &[ConlluSentence],
    opts: &TrainOptions,
    settings: &TagSettings,
    progress: &mut dyn FnMut(&str),
) -> Result<TaggerModel, TrainError> {
    let sents: Vec<&ConlluSentence> = sents
        .iter()
        .filter(|s| !s.words.is_empty() && s.words.iter().any(|w| w.form != "_"))
        .collect();
    if sents.is_empty() {
        return Err(TrainError::Empty);
    }
    // Counts, in ordered maps so every table is deterministic.
    let mut class_counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut form_counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut lower_counts: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for w in sents.iter().flat_map(|s| &s.words) {
        let name = joint(&w.upos, &w.xpos);
        if Class::parse(&name).is_none() {
            continue;
        }
        let norm = normalize(&w.form);
        *lower_counts
            .entry(norm.to_lowercase())
            .or_default()
            .entry(&w.xpos)
            .or_default() += 1;
        *form_counts
            .entry(norm)
            .or_default()
            .entry(name.clone())
            .or_default() += 1;
        *class_counts.entry(name).or_default() += 1;
    }
    let classes: Vec<Class> = class_counts
        .iter()
        .filter(|&(_, &n)| n >= settings.min_class_count)
        .filter_map(|(name, _)| Class::parse(name))
        .collect();
    if classes.is_empty() {
        return Err(TrainError::Empty);
    }
    let class_id: HashMap<String, u16> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.to_string(), i as u16))
        .collect();

    let mut dict = FastMap::default();
    for (form, counts) in &form_counts {
        let total: usize = counts.values().sum();
        let Some((best, &n)) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else {
            continue;
        };
        if total >= settings.dict_min_count
            && n as f64 >= settings.dict_min_share * total as f64
            && let Some(&c) = class_id.get(best.as_str())
        {
            dict.insert(form.as_str().into(), c);
        }
    }
    let mut amb_names: Vec<Box<str>> = Vec::new();
    let mut amb_index: BTreeMap<String, u32> = BTreeMap::new();
    let mut amb = FastMap::default();
    for (lower, counts) in &lower_counts {
        let total: usize = counts.values().sum();
        if total < settings.amb_min_count {
            continue;
        }
        let tags: Vec<&str> = counts
            .iter()
            .filter(|&(_, &n)| n as f64 >= settings.amb_min_share * total as f64)
            .map(|(t, _)| *t)
            .collect();
        let key = tags.join("|");
        let next = amb_index.len() as u32;
        let id = *amb_index.entry(key.clone()).or_insert_with(|| {
            amb_names.push(key.into());
            next
        });
        amb.insert(lower.as_str().into(), id);
    }
    progress(&format!(
        "tagger: {} classes, {} dictionary words, {} ambiguity classes over {} words",
        classes.len(),
        dict.len(),
        amb_names.len(),
        amb.len()
    ));

    let lemma_words: Vec<(String, &str, &str)> = sents
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| (normalize(&w.form), w.xpos.as_str(), w.lemma.as_str()))
        .collect();
    let lemmas = Lemmatizer::learn(lemma_words.iter().map(|(f, x, l)| (f.as_str(), *x, *l)));
    let mut model = TaggerModel {
        version: "perceptron-1".to_owned(),
        classes,
        dict,
        amb,
        amb_names,
        first: None,
        perceptron: Default::default(),
        fast_first: None,
        fast: Default::default(),
        lemmas,
    };

    // Analysed sentences, built once.
    let data: Vec<(Vec<Tok<'_>>, Vec<Option<u16>>)> = sents
        .iter()
        .map(|s| {
            let toks = s.words.iter().map(|w| model.analyse(&w.form)).collect();
            let gold = s
                .words
                .iter()
                .map(|w| class_id.get(joint(&w.upos, &w.xpos).as_str()).copied())
                .collect();
            (toks, gold)
        })
        .collect();
    let classes = model.classes.len();
    let mut first = settings.lookahead.then(|| Trainer::new(classes));
    let mut second = Trainer::new(classes);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut seed = opts.seed.max(1);
    let mut f = Features::new();
    let (mut right, mut pred) = (Vec::new(), Vec::new());
    // Predict with the current weights and update towards the gold class.
    fn step(t: &mut Trainer, gold: Option<u16>, keys: &[FeatureKey]) -> u16 {
        let guess = t.predict(keys, None) as u16;
        if let Some(truth) = gold {
            t.update(keys, usize::from(truth), usize::from(guess));
        }
        guess
    }
    for it in 0..opts.iterations {
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let (toks, gold) = &data[si];
            if let Some(t) = first.as_mut() {
                let mut choose = |i: usize, k: &[FeatureKey]| step(t, gold[i], k);
                greedy(&model, toks, Pass::First, &mut f, &mut right, &mut choose);
            }
            let pass = Pass::Second(first.is_some().then_some(right.as_slice()));
            let mut choose = |i: usize, k: &[FeatureKey]| step(&mut second, gold[i], k);
            greedy(&model, toks, pass, &mut f, &mut pred, &mut choose);
            correct += pred
                .iter()
                .zip(gold)
                .filter(|(p, g)| Some(**p) == **g)
                .count();
            total += pred.len();
        }
        progress(&format!(
            "tagger: iteration {}/{}, train accuracy {:.2}%",
            it + 1,
            opts.iterations,
            100.0 * correct as f64 / total.max(1) as f64
        ));
        shuffle(&mut order, &mut seed);
    }
    drop(data);
    let first = first
        .map(|t| Weights::from_perceptron(&t.finish(settings.prune)))
        .transpose()?;
    model.set_weights(
        first,
        Weights::from_perceptron(&second.finish(settings.prune))?,
    )?;
    Ok(model)
}
