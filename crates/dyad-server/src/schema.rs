//! Schemas of the response bodies, for the OpenAPI document only.
//!
//! The row types are `dyad-store`'s own (their schemas come from its
//! `openapi` feature); the page and list envelopes are here. A test
//! (`tests/api.rs`) checks that every row the API returns has exactly the
//! properties its schema lists.
#![allow(dead_code)]

pub(crate) use dyad_store::{
    ActorRow, ArticleRow, EventMentionRow, EventRow, NegotiationRow, QuoteRow,
};
use serde::Serialize;
use utoipa::ToSchema;

/// A page of negotiations.
#[derive(Serialize, ToSchema)]
pub(crate) struct NegotiationPage {
    /// Negotiations in ascending id order.
    pub(crate) items: Vec<NegotiationRow>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub(crate) next_cursor: Option<String>,
}

/// A page of events.
#[derive(Serialize, ToSchema)]
pub(crate) struct EventPage {
    /// Events in ascending id order.
    pub(crate) items: Vec<EventRow>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub(crate) next_cursor: Option<String>,
}

/// A page of quotes.
#[derive(Serialize, ToSchema)]
pub(crate) struct QuotePage {
    /// Quotes in ascending id order.
    pub(crate) items: Vec<QuoteRow>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub(crate) next_cursor: Option<String>,
}

/// A page of articles.
#[derive(Serialize, ToSchema)]
pub(crate) struct ArticlePage {
    /// Articles in ascending id order.
    pub(crate) items: Vec<ArticleRow>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub(crate) next_cursor: Option<String>,
}

/// Every mention of one event.
#[derive(Serialize, ToSchema)]
pub(crate) struct MentionList {
    /// Mentions in ascending id order.
    pub(crate) items: Vec<EventMentionRow>,
}

/// Actor codes.
#[derive(Serialize, ToSchema)]
pub(crate) struct ActorList {
    /// Codes in ascending order.
    pub(crate) items: Vec<ActorRow>,
}

/// A `dyad/1` document: the article's text and every layer dyad found in
/// it (exactly what `dyad analyze` prints for it). Offsets are Unicode
/// code points. Documented in `docs/schema.md`; JSON Schema in
/// `docs/dyad-1.schema.json`, which also lists the layers of later stages
/// (a document may carry more keys than listed here).
#[derive(Serialize, ToSchema)]
pub(crate) struct Dyad1Document {
    /// `dyad/1`.
    pub(crate) schema: String,
    /// Metadata, pipeline stages and counts.
    pub(crate) meta: serde_json::Value,
    /// The exact text analysed.
    pub(crate) text: String,
    /// Paragraph spans.
    pub(crate) paragraphs: Vec<serde_json::Value>,
    /// Sentences.
    pub(crate) sentences: Vec<serde_json::Value>,
    /// Tokens with tags, lemmas and dependencies.
    pub(crate) tokens: Vec<serde_json::Value>,
    /// Entities with their mentions and actors.
    pub(crate) entities: Vec<serde_json::Value>,
    /// Quotes and reported speech.
    pub(crate) quotes: Vec<serde_json::Value>,
    /// Coded events.
    pub(crate) events: Vec<serde_json::Value>,
}

/// A stored article and its re-analysed document.
#[derive(Serialize, ToSchema)]
pub(crate) struct ArticleWithDocument {
    /// The stored row.
    pub(crate) article: ArticleRow,
    /// The pipeline re-run on the stored text and metadata (deterministic:
    /// its offsets match the stored ones).
    pub(crate) document: Dyad1Document,
}

/// What `POST /v1/articles` did.
#[derive(Serialize, ToSchema)]
pub(crate) struct StoreResult {
    /// The stored article's id (`null` when the same text is stored under
    /// another id).
    pub(crate) article_id: Option<i64>,
    /// The article was stored now.
    pub(crate) stored: bool,
    /// The same text was already stored (nothing changed).
    pub(crate) duplicate: bool,
}

/// `GET /healthz`.
#[derive(Serialize, ToSchema)]
pub(crate) struct Health {
    /// `ok`.
    pub(crate) status: String,
    /// The server's version.
    pub(crate) version: String,
    /// `sqlite` or `postgres`.
    pub(crate) backend: String,
}
