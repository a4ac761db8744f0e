//! The one error type of the store.

/// Why a store operation failed. Nothing in this crate panics on bad
/// input: a bad document, URL or filter is one of these.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no backend this crate knows (`sqlite://`,
    /// `postgres://`).
    #[error(
        "unsupported store URL {0:?}: expected sqlite://PATH, sqlite::memory: or postgres://..."
    )]
    BadUrl(String),
    /// A filter value is malformed (a date that is not `YYYY-MM-DD`, ...).
    #[error("invalid filter: {0}")]
    InvalidFilter(String),
    /// A document cannot be stored as it is (a span outside its text or
    /// not on a character boundary). The whole batch is rolled back.
    #[error("document {doc_id:?}: {reason}")]
    InvalidDocument {
        /// `Meta::id` of the document.
        doc_id: String,
        /// What is wrong.
        reason: String,
    },
    /// The database was written by a newer dyad-store.
    #[error("database schema version {found} is newer than this build supports ({supported})")]
    SchemaTooNew {
        /// Version recorded in `schema_version`.
        found: i64,
        /// Highest version this build knows.
        supported: i64,
    },
    /// A value read back does not have the expected type or is missing.
    #[error("unexpected database value: {0}")]
    Decode(String),
    /// SQLite reported an error.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL reported an error.
    #[error("postgres: {0}")]
    Postgres(#[from] postgres::Error),
    /// The visitor of a streaming export asked to stop with an error.
    #[error("export visitor: {0}")]
    Visitor(String),
    /// Filesystem error (creating the database's directory).
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}
