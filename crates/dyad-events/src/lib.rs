//! Who did what to whom: CAMEO/PLOVER event coding.
//!
//! - [`Events`]: the pipeline stage coding events from the dependency parse
//!   with dyad's verb patterns (`data/verbs.tsv`, extendable), CAMEO codes
//!   with Goldstein values, quad classes and PLOVER types (`data/cameo.tsv`).
//! - [`petrarch`]: PETRARCH/TABARI dictionaries and the PETRARCH
//!   conformance runner.

mod coder;
mod dates;
pub mod export;
pub mod petrarch;
mod tables;

pub use coder::{CoderChoice, Events};
pub use dyad_core::ResolveActor;
pub use tables::{CameoCode, CameoTable, PatternKind, TableError, VerbPattern, VerbPatterns};
