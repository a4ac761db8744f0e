//! Who is who: the actor knowledge base and mention-to-actor resolution.
//!
//! The [`KnowledgeBase`] holds countries, metonyms (`the Kremlin`),
//! organisations, role words (`defence minister`) and people with their
//! dated offices, from the tab-separated files in `data/` (embedded in the
//! binary; see `docs/actors.md`) and optionally a user directory on top.
//! [`KnowledgeBase::resolve`] turns a phrase into a [`dyad_core::Actor`] on
//! a date; [`Actors`] is the pipeline stage that does it for every entity
//! of a document; [`ngec`] scores the resolver on the NGEC/POLECAT actor
//! tests.
//!
//! ```
//! use dyad_actors::{Date, KnowledgeBase};
//!
//! let kb = KnowledgeBase::embedded().expect("embedded data parses");
//! let merkel = kb.resolve("Angela Merkel", "", Date::parse("2017-04-01")).unwrap();
//! assert_eq!(merkel.code, "DEUGOV");
//! let later = kb.resolve("Angela Merkel", "", Date::parse("2022-01-10")).unwrap();
//! assert_eq!(later.code, "DEUELI");
//! ```

mod date;
mod error;
mod kb;
pub mod ngec;
mod norm;
mod resolve;
mod stage;

pub use date::{Date, TODAY};
pub use error::{KbError, RowError};
pub use kb::{Country, KnowledgeBase, Metonym, Organisation, Person, Role, Standing, Tenure};
pub use stage::Actors;

#[cfg(test)]
mod tests;
