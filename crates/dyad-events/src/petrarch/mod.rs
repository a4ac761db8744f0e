//! PETRARCH compatibility: readers for PETRARCH's dictionaries (verbs,
//! actors, agents, discards), a PETRARCH-style [`Coder`] that codes
//! sentences dyad has segmented, tagged and parsed, and a runner for
//! PETRARCH's validation suite ([`run_conformance`]).
//!
//! ```no_run
//! use dyad_events::petrarch::{ActorDictionary, AgentDictionary, Coder, Discards, VerbDictionary};
//! let coder = Coder::new(
//!     VerbDictionary::load("CAMEO.2.0.txt")?,
//!     ActorDictionary::load_all(&["Phoenix.Countries.actors.txt"])?,
//!     AgentDictionary::load("Phoenix.agents.txt")?,
//!     Discards::load("Phoenix.discards.txt")?,
//! );
//! # let doc = dyad_core::Document::default();
//! let events = coder.code_document(&doc, Some(20240101));
//! # Ok::<(), dyad_events::petrarch::PetrarchError>(())
//! ```

mod actors;
mod agents;
mod coder;
mod conformance;
mod discards;
mod error;
mod gsr;
mod lines;
mod verbs;

pub use actors::{ActorCode, ActorDictionary, ActorEntry, DateRestriction, Phrase};
pub use agents::{AgentDictionary, AgentEntry};
pub use coder::{Coder, CoderOptions, PetrarchEvent, Skip};
pub use conformance::{CategoryStats, ConformanceReport, EventTriple, Failure, run_conformance};
pub use discards::{Discard, DiscardKind, Discards};
pub use error::PetrarchError;
pub use gsr::{GsrReport, GsrScores, run_gsr};
pub use verbs::{
    PatternElement, PatternToken, VerbBlock, VerbDictionary, VerbEntry, VerbForm, VerbPattern,
};
