//! Shared machinery for dyad's statistical models: hashed features, an
//! averaged perceptron with sparse weights, and a compact, deterministic,
//! versioned binary format for the trained weights.
//!
//! Every model (tagger, parser, NER, coreference) is a set of
//! [`Perceptron`]s over hashed string features plus its own small tables
//! (label names, lexicons), written with [`ModelWriter`] and read with
//! [`ModelReader`]. Same training data and seed give byte-identical files.

mod dense;
mod format;
mod hash;
mod perceptron;

pub(crate) use dense::Weights;
pub use format::{FormatError, ModelReader, ModelWriter};
pub use hash::{FeatureKey, Features};
pub use perceptron::{Perceptron, Trainer};

/// Options shared by every trainer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub iterations: usize,
    /// Seed of the shuffling between passes: same data and seed give
    /// byte-identical models.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            iterations: 10,
            seed: 1,
        }
    }
}

/// Deterministic shuffle (xorshift64*, Fisher-Yates), so training does not
/// depend on a random number crate's version.
pub fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed >> 12;
        *seed ^= *seed << 25;
        *seed ^= *seed >> 27;
        let r = seed.wrapping_mul(0x2545_f491_4f6c_dd1d);
        items.swap(i, (r % (i as u64 + 1)) as usize);
    }
}
