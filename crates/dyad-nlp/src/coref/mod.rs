//! Coreference: which name, pronoun and nominal mentions of a document
//! refer to the same person, organisation or place, so that "he remarked"
//! can be attributed to "Sergei Lavrov".
//!
//! Three steps, over the name mentions the NER stage found:
//! 1. [`names`]: rules link repeated, partial and abbreviated names
//!    ("Lavrov" -> "Sergei Lavrov", "the US" -> "the United States").
//! 2. [`nominal`]: role nouns ("Ukraine's president", "the Ukrainian
//!    leader") join the person whose title or earlier description matches.
//! 3. [`resolve`]: each third-person pronoun is resolved by a
//!    mention-ranking averaged perceptron over the entities mentioned in
//!    the last few sentences, against a "no antecedent" option (much "it"
//!    and "they" refers to no named entity, or to nothing at all).
//!
//! Pronouns and nominals only ever join an entity that has a name
//! mention: an entity without a name carries nothing an event coder can
//! use, and guessing one would only add noise. Unresolved pronouns are not
//! output. The model is trained on the coreference layer of GUM
//! ([`train`]) and scored on GUM test ([`evaluate`]).

mod context;
mod eval;
mod gold;
mod lexicon;
mod names;
mod nominal;
mod output;
mod resolve;
mod stage;
#[cfg(test)]
mod tests;
mod train;

pub use eval::{CorefScores, CorefSetScores, PronounScores, evaluate, evaluate_split};
pub use stage::Coref;
pub use train::{train, train_on};

use std::collections::HashMap;
use std::path::PathBuf;

use dyad_core::Gender;

use crate::model::{FeatureKey, FormatError, ModelReader, ModelWriter, Perceptron};

/// Model kind written in the file header.
const KIND: &str = "coref";

/// Why training or evaluation failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A corpus file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A corpus file is malformed.
    #[error("{path}: {source}")]
    Format {
        /// The file.
        path: PathBuf,
        /// The error.
        source: crate::conllu::ConlluError,
    },
    /// No training document survived the licence filter.
    #[error("no shippable training documents found under {0}")]
    Empty(PathBuf),
}

/// A trained pronoun resolver plus its small lexicon.
#[derive(Debug, Clone)]
pub struct CorefModel {
    version: String,
    /// Two classes; a candidate's score is `class 1 - class 0`.
    weights: Perceptron,
    /// How many sentences back a candidate's last mention may lie.
    window: u32,
    /// A pronoun is resolved only when its best candidate beats the "no
    /// antecedent" option by more than this.
    margin: f32,
    /// First-name genders learned from the training corpus (the built-in
    /// list in [`lexicon`] is consulted first).
    first_names: HashMap<String, Gender>,
}

impl CorefModel {
    /// The model's version string (`coref/<...>`), recorded as the stage
    /// version and as the source of the mentions it adds.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Serialise (deterministic: sorted tables, fixed field order).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ModelWriter::new(KIND, &self.version);
        w.u64(u64::from(self.window));
        w.f32(self.margin);
        let mut names: Vec<(&String, &Gender)> = self.first_names.iter().collect();
        names.sort_by(|a, b| a.0.cmp(b.0));
        let (m, f): (Vec<_>, Vec<_>) = names.into_iter().partition(|(_, g)| **g == Gender::Male);
        let m: Vec<&str> = m.iter().map(|(n, _)| n.as_str()).collect();
        let f: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
        w.strs(&m);
        w.strs(&f);
        self.weights.write(&mut w);
        w.finish()
    }

    /// Read what [`CorefModel::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FormatError> {
        let mut r = ModelReader::open(bytes, KIND)?;
        let version = r.version.clone();
        let window = u32::try_from(r.u64()?).map_err(|_| FormatError::Invalid("window"))?;
        let margin = r.f32()?;
        let mut first_names = HashMap::new();
        for n in r.strs()? {
            first_names.insert(n, Gender::Male);
        }
        for n in r.strs()? {
            first_names.insert(n, Gender::Female);
        }
        let weights = Perceptron::read(&mut r)?;
        if weights.classes() != 2 {
            return Err(FormatError::Invalid("coref weights need two classes"));
        }
        if !r.at_end() {
            return Err(FormatError::Invalid("trailing bytes"));
        }
        Ok(Self {
            version,
            weights,
            window,
            margin,
            first_names,
        })
    }

    /// The model shipped in `models/coref.dyad` (trained by
    /// `examples/train_coref.rs`); an unreadable file gives a model that
    /// links names but resolves no pronoun.
    pub fn bundled() -> &'static Self {
        static MODEL: std::sync::LazyLock<CorefModel> = std::sync::LazyLock::new(|| {
            CorefModel::from_bytes(include_bytes!("../../models/coref.dyad"))
                .unwrap_or_else(|_| CorefModel::empty())
        });
        &MODEL
    }

    /// A model with no weights (resolves no pronoun; name linking still
    /// works). Used when the bundled file cannot be read.
    fn empty() -> Self {
        Self {
            version: "coref/empty".into(),
            weights: crate::model::Trainer::new(2).finish(0.0),
            window: 3,
            margin: 0.0,
            first_names: HashMap::new(),
        }
    }

    /// Score of one candidate's features.
    fn score(&self, keys: &[FeatureKey]) -> f32 {
        let mut s = [0.0f32; 2];
        self.weights.score_into(keys, &mut s);
        s[1] - s[0]
    }

    /// Gender of a first name: built-in list first, then the learned one.
    pub fn first_name_gender(&self, name: &str) -> Option<Gender> {
        lexicon::builtin_first_name_gender(name)
            .or_else(|| self.first_names.get(&name.to_lowercase()).copied())
    }
}
