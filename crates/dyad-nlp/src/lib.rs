//! dyad's linguistic layer: segmentation today; tagging, parsing, named
//! entities and coreference as they land. Each stage implements
//! [`dyad_core::Stage`]; [`eval`] scores them against UD/GUM corpora.

pub mod conllu;
pub mod eval;
pub mod model;
pub mod segment;
