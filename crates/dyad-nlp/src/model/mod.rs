//! Shared machinery for dyad's statistical models: hashed features, an
//! averaged perceptron with sparse weights, and a compact, deterministic,
//! versioned binary format for the trained weights.
//!
//! Every model (tagger, parser, NER, coreference) is a set of
//! [`Perceptron`]s over hashed string features plus its own small tables
//! (label names, lexicons), written with [`ModelWriter`] and read with
//! [`ModelReader`]. Same training data and seed give byte-identical files.

mod format;
mod hash;
mod perceptron;

pub use format::{FormatError, ModelReader, ModelWriter};
pub use hash::{FeatureKey, Features};
pub use perceptron::{Perceptron, Trainer};
