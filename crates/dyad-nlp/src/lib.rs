//! dyad's linguistic layer: segmentation, part-of-speech tagging and
//! lemmas, dependency parsing, named entities and coreference. Each stage
//! implements [`dyad_core::Stage`]; the statistical ones are trained by
//! `dyad train` from open corpora and ship in `models/`; [`eval`] scores
//! them against UD/GUM/UNER corpora.

pub mod conllu;
pub mod coref;
pub mod eval;
pub mod model;
pub mod ner;
pub mod parse;
pub mod segment;
pub mod tag;
