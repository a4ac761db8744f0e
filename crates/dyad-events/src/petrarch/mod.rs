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
pub use gsr::{GsrFailure, GsrReport, GsrScores, run_gsr};
pub use verbs::{
    PatternElement, PatternToken, VerbBlock, VerbDictionary, VerbEntry, VerbForm, VerbPattern,
};

/// A PETRARCH coder over the dictionaries in `dir`: the verb dictionary
/// (`CAMEO.2.0.txt`, else a file whose name holds `verbs`), every file
/// whose name holds `actors`, and the files holding `agents` and
/// `discards` (both optional). This loads PETRARCH-2's production
/// dictionaries or the validation suite's `PETR.Validate.*` files alike.
pub fn load_dir(dir: &std::path::Path) -> Result<Coder, PetrarchError> {
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| PetrarchError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let has = |p: &std::path::Path, w: &str| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.to_lowercase().contains(w))
    };
    let verbs = names
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n == "CAMEO.2.0.txt"))
        .or_else(|| names.iter().find(|p| has(p, "verbs")))
        .ok_or_else(|| PetrarchError::Records {
            line: 0,
            message: format!(
                "{}: no verb dictionary (CAMEO.2.0.txt or *verbs*.txt)",
                dir.display()
            ),
        })?;
    let actor_files: Vec<&std::path::PathBuf> = names.iter().filter(|p| has(p, "actors")).collect();
    let verbs = VerbDictionary::load(verbs)?;
    let actors = ActorDictionary::load_all(&actor_files)?;
    let agents = match names.iter().find(|p| has(p, "agents")) {
        Some(p) => AgentDictionary::load(p)?,
        None => AgentDictionary::parse("")?,
    };
    let discards = match names.iter().find(|p| has(p, "discards")) {
        Some(p) => Discards::load(p)?,
        None => Discards::parse("")?,
    };
    Ok(Coder::new(verbs, actors, agents, discards))
}
