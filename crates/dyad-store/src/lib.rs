//! The dyad store: analysed articles, their sentences, entities, quotes,
//! **deduplicated events** and stances in SQLite (embedded, the default) or
//! PostgreSQL (for teams), behind one [`Store`] trait chosen by URL.
//!
//! ```
//! use dyad_store::{EventFilter, IngestOptions, Store};
//!
//! let mut store = dyad_store::open("sqlite::memory:")?;
//! let doc = dyad_core::Document::new(dyad_core::Meta::with_id("a1"), "Text.".into())?;
//! let report = store.ingest(&[doc.clone()], &IngestOptions::default())?;
//! assert_eq!(report.inserted, 1);
//! // Ingest is idempotent: the same text is skipped.
//! assert_eq!(store.ingest(&[doc], &IngestOptions::default())?.skipped_duplicates, 1);
//! assert!(store.events(&EventFilter::default())?.rows.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - **Ingest** ([`Store::ingest`]) stores a batch in one transaction:
//!   killed half-way, it leaves nothing of the batch; an article whose
//!   text hash ([`content_hash`]) is already stored is skipped, so a re-run
//!   stores each article exactly once.
//! - **Deduplication** happens at insert time: a mention joins an event
//!   with the same source and target actor codes, CAMEO root, negation and
//!   modality, a date within ±[`IngestOptions::window_days`] and a
//!   compatible location (see [`dedup`] and `docs/store.md`).
//! - **Queries** take filters ([`EventFilter`], [`QuoteFilter`],
//!   [`ArticleFilter`], [`SentenceFilter`], [`ActorFilter`]) and page by
//!   id; [`Store::for_each_event`] streams any number of rows for export.
//!   Every user value is a bound parameter.
//! - **Stances** ([`Store::stances`]) and the actor × issue matrix
//!   ([`Store::stance_matrix`], aggregated in Rust by [`StanceMatrix`] the
//!   way `dyad_stances::positions` does, so both backends agree).
//! - Offsets are Unicode code points into the stored article text, as in
//!   the `dyad/1` JSON. NUL characters are stored as U+FFFD on both
//!   backends (PostgreSQL TEXT cannot hold NUL).

use dyad_core::Document;

mod dates;
pub mod dedup;
mod delete;
mod error;
mod filter;
mod ingest;
mod matrix;
mod model;
mod postgres;
mod prepare;
mod query;
mod schema;
mod sqlite;
#[doc(hidden)]
pub mod synthetic;
mod value;

pub use error::StoreError;
pub use filter::{
    ActorFilter, ArticleFilter, EventFilter, IngestOptions, NegotiationFilter, QuoteFilter,
    SentenceFilter, StanceFilter,
};
pub use matrix::{NEUTRAL_BELOW, StanceMatrix, aggregate as aggregate_stances};
pub use model::{
    ActorRow, ArticleRow, BatchReport, Counts, EventMentionRow, EventRow, MatrixCell,
    NegotiationRow, Page, QuoteRow, SentenceRow, StanceRow,
};
pub use postgres::PostgresStore;
pub use prepare::content_hash;
pub use schema::SCHEMA_VERSION;
pub use sqlite::SqliteStore;

/// A visitor of streamed rows; returning an error stops the stream.
pub type Visit<'a, T> = &'a mut dyn FnMut(T) -> Result<(), StoreError>;

/// One store, whatever the backend. Methods take `&mut self`: one
/// connection, used by one thread at a time (the type is `Send`, so it can
/// be moved to a writer thread).
pub trait Store: Send {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Store a batch of analysed documents in **one transaction**: either
    /// all of the batch's new articles are stored, or (on any error) none.
    /// Articles whose text hash is already stored are skipped.
    fn ingest(
        &mut self,
        docs: &[Document],
        opts: &IngestOptions,
    ) -> Result<BatchReport, StoreError>;

    /// Delete article `id` and everything it contributed, in **one
    /// transaction**: its sentences, entities, quotes, event mentions,
    /// stances and negotiations.
    /// Events left without a mention are deleted; the others are recounted
    /// (and take their earliest remaining mention as first mention when
    /// theirs went). Returns `false` when no article has this id.
    fn delete_article(&mut self, id: i64) -> Result<bool, StoreError>;

    /// True when an article with this [`content_hash`] is stored.
    fn contains(&mut self, content_hash: &str) -> Result<bool, StoreError>;

    /// Deduplicated events matching `f`, by ascending id.
    fn events(&mut self, f: &EventFilter) -> Result<Page<EventRow>, StoreError>;

    /// Every mention of one event, by ascending id.
    fn event_mentions(&mut self, event_id: i64) -> Result<Vec<EventMentionRow>, StoreError>;

    /// Visit the mentions of every event matching `f` (by event id, then
    /// mention id), fetching a batch of events' mentions per query;
    /// `f.limit` caps the events. Returns the number of mentions visited.
    fn for_each_mention(
        &mut self,
        f: &EventFilter,
        visit: Visit<'_, EventMentionRow>,
    ) -> Result<u64, StoreError>;

    /// Quotes matching `f`.
    fn quotes(&mut self, f: &QuoteFilter) -> Result<Page<QuoteRow>, StoreError>;

    /// Sentences matching `f` (full-text search).
    fn sentences(&mut self, f: &SentenceFilter) -> Result<Page<SentenceRow>, StoreError>;

    /// Articles matching `f`.
    fn articles(&mut self, f: &ArticleFilter) -> Result<Page<ArticleRow>, StoreError>;

    /// The stored text of article `id` (NUL stored as U+FFFD).
    fn article_text(&mut self, id: i64) -> Result<Option<String>, StoreError>;

    /// Distinct actor codes with their counts, by code.
    fn actors(&mut self, f: &ActorFilter) -> Result<Vec<ActorRow>, StoreError>;

    /// Row counts.
    fn counts(&mut self) -> Result<Counts, StoreError>;

    /// Visit every event matching `f` in id order, fetching a page at a
    /// time so memory stays bounded; `f.limit` caps the total. Returns the
    /// number of rows visited.
    fn for_each_event(
        &mut self,
        f: &EventFilter,
        visit: Visit<'_, EventRow>,
    ) -> Result<u64, StoreError>;

    /// Visit every quote matching `f`, like [`Store::for_each_event`].
    fn for_each_quote(
        &mut self,
        f: &QuoteFilter,
        visit: Visit<'_, QuoteRow>,
    ) -> Result<u64, StoreError>;

    /// Stances matching `f`, by ascending id.
    fn stances(&mut self, f: &StanceFilter) -> Result<Page<StanceRow>, StoreError>;

    /// Visit every stance matching `f` in id order, like
    /// [`Store::for_each_event`].
    fn for_each_stance(
        &mut self,
        f: &StanceFilter,
        visit: Visit<'_, StanceRow>,
    ) -> Result<u64, StoreError>;

    /// The actor × issue matrix of the stances matching `f` (`limit` and
    /// `after` are ignored): one [`MatrixCell`] per (actor code, else
    /// holder; issue), sorted by issue then actor, aggregated as
    /// `dyad_stances::positions` does (see [`StanceMatrix`]).
    fn stance_matrix(&mut self, f: &StanceFilter) -> Result<Vec<MatrixCell>, StoreError>;

    /// Negotiations (meetings) matching `f`, by ascending id.
    fn negotiations(&mut self, f: &NegotiationFilter) -> Result<Page<NegotiationRow>, StoreError>;
}

/// The query half of [`Store`], identical for both backends: each backend
/// has a `conn()` giving a [`value::Conn`].
macro_rules! store_queries {
    () => {
        fn contains(&mut self, content_hash: &str) -> Result<bool, crate::StoreError> {
            crate::ingest::contains(&mut self.conn(), content_hash)
        }
        fn events(
            &mut self,
            f: &crate::EventFilter,
        ) -> Result<crate::Page<crate::EventRow>, crate::StoreError> {
            crate::query::events(&mut self.conn(), f)
        }
        fn event_mentions(
            &mut self,
            event_id: i64,
        ) -> Result<Vec<crate::EventMentionRow>, crate::StoreError> {
            crate::query::event_mentions(&mut self.conn(), event_id)
        }
        fn for_each_mention(
            &mut self,
            f: &crate::EventFilter,
            visit: crate::Visit<'_, crate::EventMentionRow>,
        ) -> Result<u64, crate::StoreError> {
            crate::query::for_each_mention(&mut self.conn(), f, visit)
        }
        fn quotes(
            &mut self,
            f: &crate::QuoteFilter,
        ) -> Result<crate::Page<crate::QuoteRow>, crate::StoreError> {
            crate::query::quotes(&mut self.conn(), f)
        }
        fn sentences(
            &mut self,
            f: &crate::SentenceFilter,
        ) -> Result<crate::Page<crate::SentenceRow>, crate::StoreError> {
            crate::query::sentences(&mut self.conn(), f)
        }
        fn articles(
            &mut self,
            f: &crate::ArticleFilter,
        ) -> Result<crate::Page<crate::ArticleRow>, crate::StoreError> {
            crate::query::articles(&mut self.conn(), f)
        }
        fn article_text(&mut self, id: i64) -> Result<Option<String>, crate::StoreError> {
            crate::query::article_text(&mut self.conn(), id)
        }
        fn actors(
            &mut self,
            f: &crate::ActorFilter,
        ) -> Result<Vec<crate::ActorRow>, crate::StoreError> {
            crate::query::actors(&mut self.conn(), f)
        }
        fn counts(&mut self) -> Result<crate::Counts, crate::StoreError> {
            crate::query::counts(&mut self.conn())
        }
        fn for_each_event(
            &mut self,
            f: &crate::EventFilter,
            visit: crate::Visit<'_, crate::EventRow>,
        ) -> Result<u64, crate::StoreError> {
            crate::query::for_each_event(&mut self.conn(), f, visit)
        }
        fn for_each_quote(
            &mut self,
            f: &crate::QuoteFilter,
            visit: crate::Visit<'_, crate::QuoteRow>,
        ) -> Result<u64, crate::StoreError> {
            crate::query::for_each_quote(&mut self.conn(), f, visit)
        }
        fn stances(
            &mut self,
            f: &crate::StanceFilter,
        ) -> Result<crate::Page<crate::StanceRow>, crate::StoreError> {
            crate::query::stances(&mut self.conn(), f)
        }
        fn for_each_stance(
            &mut self,
            f: &crate::StanceFilter,
            visit: crate::Visit<'_, crate::StanceRow>,
        ) -> Result<u64, crate::StoreError> {
            crate::query::for_each_stance(&mut self.conn(), f, visit)
        }
        fn stance_matrix(
            &mut self,
            f: &crate::StanceFilter,
        ) -> Result<Vec<crate::MatrixCell>, crate::StoreError> {
            crate::query::stance_matrix(&mut self.conn(), f)
        }
        fn negotiations(
            &mut self,
            f: &crate::NegotiationFilter,
        ) -> Result<crate::Page<crate::NegotiationRow>, crate::StoreError> {
            crate::query::negotiations(&mut self.conn(), f)
        }
    };
}
pub(crate) use store_queries;

/// Open the store named by `url` and bring its schema up to date:
///
/// - `sqlite://PATH` (relative: `sqlite://data/dyad.db`; absolute:
///   `sqlite:///var/lib/dyad.db`), the file is created if missing;
/// - `sqlite::memory:` (or `sqlite://:memory:`), a private in-memory
///   database;
/// - `postgres://...` or `postgresql://...`, a libpq-style URL (no TLS).
pub fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    let u = url.trim();
    if u == "sqlite::memory:" || u == "sqlite://:memory:" {
        return Ok(Box::new(SqliteStore::open_in_memory()?));
    }
    if let Some(path) = u.strip_prefix("sqlite://") {
        if path.is_empty() {
            return Err(StoreError::BadUrl(url.to_owned()));
        }
        return Ok(Box::new(SqliteStore::open(std::path::Path::new(path))?));
    }
    if u.starts_with("postgres://") || u.starts_with("postgresql://") {
        return Ok(Box::new(PostgresStore::connect(u)?));
    }
    Err(StoreError::BadUrl(url.to_owned()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls() {
        assert!(matches!(
            super::open("mysql://x"),
            Err(super::StoreError::BadUrl(_))
        ));
        assert!(matches!(
            super::open("sqlite://"),
            Err(super::StoreError::BadUrl(_))
        ));
        assert!(matches!(
            super::open("dyad.db"),
            Err(super::StoreError::BadUrl(_))
        ));
        let s = super::open("sqlite::memory:");
        assert_eq!(s.map(|s| s.backend()).ok(), Some("sqlite"));
    }
}
