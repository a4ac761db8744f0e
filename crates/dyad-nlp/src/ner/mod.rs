//! Named-entity recognition: PERSON, ORG, GPE, LOC and NORP names, with
//! person titles kept apart from names.
//!
//! dyad needs its actors: who spoke, which country acted. The recogniser
//! is a BILOU sequence labeller over an averaged perceptron
//! ([`crate::model`]) decoded greedily under valid-transition constraints,
//! with word, shape, affix, window and previous-label features plus
//! hand-written gazetteers (countries, cities, regions, demonyms,
//! organisations, first names, title words) embedded from
//! `data/gazetteer/`. It is trained on UNER English EWT, GUM (shippable
//! documents) and CrossNER politics (all splits), which label PER/ORG/LOC
//! only, with a proper-noun lexicon from UD EWT and GUM as extra features; rules
//! then split LOC into GPE and LOC, find NORP, and move titles ("Russian
//! Foreign Minister", "Sir") out of person names into
//! [`dyad_core::Mention::title`].
//!
//! **Fast path.** Outside a name, a plain word (lower case, no digit, in no
//! gazetteer list, not a name particle like "al" or "van", never
//! capitalised elsewhere in the document) is tagged `O` without being
//! scored; inside a name it is scored as usual ("Council on Foreign
//! Relations"). That is 71% of the tokens of news text and makes the stage
//! about 30% faster; measured against scoring every token: on 919 PolNeAR
//! articles 19 of 73,946 mentions lost (mostly "jeff", "bush", "sue") and 3
//! gained, quotes and events evaluations unchanged, UNER EWT test F1 70.29
//! to 70.16, GUM test unchanged. Training scores every token.
//!
//! [`train`] and [`evaluate`] read the corpora themselves; the [`Ner`]
//! stage fills `doc.mentions` and one `doc.entities` entry per mention.

mod context;
mod corpus;
mod document;
mod eval;
mod features;
mod gazetteer;
mod input;
mod labels;
mod lexicon;
mod rules;
mod stage;
mod tagger;
mod train;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use eval::{NerScores, Score, SetScores, dev_errors, evaluate, evaluate_dev};
pub use gazetteer::first_name_gender;
pub use stage::Ner;
pub use tagger::NerModel;
pub use train::{Sources, VERSION, train, train_with};

/// Why training or evaluation failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A corpus file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Trained weights could not be laid out (should not happen).
    #[error("NER weights: {0}")]
    Model(#[from] crate::model::FormatError),
    /// A corpus file is not in the expected format.
    #[error("{}:{line}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when not known).
        line: usize,
        /// What is wrong.
        message: String,
    },
}
