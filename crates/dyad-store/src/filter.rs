//! Query filters and ingest options.
//!
//! Every field is optional; set fields are ANDed. String matching:
//! actor codes match by **prefix** (`RUS` matches `RUS`, `RUSGOV`,
//! `RUSMIL`; codes are compared upper-cased), names by case-insensitive
//! **substring**. Dates are inclusive `YYYY-MM-DD`. Pagination is by id:
//! pass the previous page's `next` as `after`.

use serde::{Deserialize, Serialize};

/// Which events to return.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFilter {
    /// Source **or** target matches: code prefix or name substring.
    pub actor: Option<String>,
    /// Source actor code prefix (the dyad's first side).
    pub source: Option<String>,
    /// Target actor code prefix (the dyad's second side).
    pub target: Option<String>,
    /// Also match the dyad the other way round (`source` as target and
    /// `target` as source); with only one side given, that side may be
    /// either.
    pub either_order: bool,
    /// CAMEO event code prefix (`03`, `036`) of the event's code.
    pub code: Option<String>,
    /// CAMEO root code, exactly (`03`).
    pub root: Option<String>,
    /// GDELT quad class (1..4).
    pub quad_class: Option<u8>,
    /// PLOVER event type, exactly (`CONSULT`; compared upper-cased).
    pub plover: Option<String>,
    /// Negated events only (`Some(true)`) or non-negated only.
    pub negated: Option<bool>,
    /// Modality, exactly (`asserted`).
    pub modality: Option<String>,
    /// Event date on or after (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Event date on or before (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// At most this many rows per page (`None`: all).
    pub limit: Option<u32>,
    /// Only ids above this (the previous page's `next`).
    pub after: Option<i64>,
}

/// Which quotes to return.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteFilter {
    /// Speaker: name substring (case-insensitive) or actor code prefix.
    pub speaker: Option<String>,
    /// Full-text query over the quoted words: every word must occur
    /// (FTS5 on SQLite, `plainto_tsquery('simple', ..)` on PostgreSQL).
    /// Words are runs of letters and digits; case is ignored; no stemming.
    pub text: Option<String>,
    /// `direct`, `partial` or `indirect`.
    pub kind: Option<String>,
    /// Only this article.
    pub article_id: Option<i64>,
    /// Article date on or after.
    pub from: Option<String>,
    /// Article date on or before.
    pub to: Option<String>,
    /// Page size (`None`: all).
    pub limit: Option<u32>,
    /// Only ids above this.
    pub after: Option<i64>,
}

/// Which stances to return (and aggregate into the actor × issue matrix).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StanceFilter {
    /// The holder: actor code prefix (`GBR`) or name substring
    /// (`starmer`, case-insensitive).
    pub actor: Option<String>,
    /// Issue ids, exactly (`troops-in-ukraine`); any of them. Empty: all.
    pub issues: Vec<String>,
    /// `support`, `oppose` or `neutral`.
    pub polarity: Option<String>,
    /// Only this article.
    pub article_id: Option<i64>,
    /// Article date on or after (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Article date on or before (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Page size (`None`: all).
    pub limit: Option<u32>,
    /// Only ids above this.
    pub after: Option<i64>,
}

/// Which negotiations to return.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NegotiationFilter {
    /// Only this article.
    pub article_id: Option<i64>,
    /// Article date on or after.
    pub from: Option<String>,
    /// Article date on or before.
    pub to: Option<String>,
    /// Page size (`None`: all).
    pub limit: Option<u32>,
    /// Only ids above this.
    pub after: Option<i64>,
}

/// Which articles to return.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleFilter {
    /// `Meta::id`, exactly.
    pub doc_id: Option<String>,
    /// Outlet, exactly (lower-cased host or source, `bbc.co.uk`).
    pub outlet: Option<String>,
    /// Article date on or after.
    pub from: Option<String>,
    /// Article date on or before.
    pub to: Option<String>,
    /// Page size (`None`: all).
    pub limit: Option<u32>,
    /// Only ids above this.
    pub after: Option<i64>,
}

/// Which sentences to return (full-text search).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceFilter {
    /// Every word must occur (same rules as [`QuoteFilter::text`]).
    pub text: Option<String>,
    /// Only this article.
    pub article_id: Option<i64>,
    /// Page size (`None`: all).
    pub limit: Option<u32>,
    /// Only ids above this.
    pub after: Option<i64>,
}

/// Which actor codes to list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorFilter {
    /// Code prefix.
    pub prefix: Option<String>,
    /// At most this many codes (`None`: all).
    pub limit: Option<u32>,
    /// Only codes sorting after this one (the last code of the previous
    /// page).
    pub after: Option<String>,
}

/// How a batch is ingested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestOptions {
    /// Merge mentions whose dates are at most this many days from an
    /// event's date (default 1: ±1 day).
    pub window_days: u32,
    /// Turn deduplication off: every mention is its own event.
    pub dedup: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            window_days: 1,
            dedup: true,
        }
    }
}
