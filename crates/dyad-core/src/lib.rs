//! The data model every dyad stage shares.
//!
//! One [`Document`] carries the exact text being analysed plus its metadata;
//! each pipeline [`Stage`] reads the layers before it and adds its own
//! (paragraphs, sentences and tokens today; entities, quotes and events as
//! their stages land). Every span is a [`Span`] of **byte** offsets into
//! [`Document::text`], which is cheap to slice; [`output`] turns a document
//! into the versioned `dyad/1` JSON, where offsets are **Unicode code
//! points** (as Python and spaCy count).
//!
//! ```
//! use dyad_core::{Document, Meta, Span};
//!
//! let mut doc = Document::new(Meta::with_id("ex"), "Lavrov spoke.".to_owned()).unwrap();
//! doc.paragraphs.push(Span::new(0, 13));
//! assert_eq!(doc.slice(doc.paragraphs[0]), "Lavrov spoke.");
//! let json = dyad_core::output::to_json_value(&doc);
//! assert_eq!(json["schema"], "dyad/1");
//! ```

mod document;
mod layers;
pub mod output;
mod span;
mod stage;

pub use document::{
    Document, DocumentError, InputFormat, Meta, Origin, Sentence, StageFailure, StageRecord, Token,
    TokenKind, is_iso_day,
};
pub use layers::{
    Actor, Condition, Cue, Dependency, Entity, EntityLabel, Event, EvidenceKind, Gender, Issue,
    Mention, MentionKind, Modality, Negotiation, Number, Participant, Party, Polarity, Quote,
    QuoteKind, Speaker, Stance, StanceEvidence, Tagging, Upos,
};
pub use span::{CharIndex, Span};
pub use stage::{Pipeline, ResolveActor, Stage};

/// The version tag written into every JSON document dyad emits.
pub const SCHEMA: &str = "dyad/1";
