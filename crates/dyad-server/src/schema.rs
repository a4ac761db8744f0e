//! Schemas of the response bodies, for the OpenAPI document only.
//!
//! The row types live in `dyad-store` (which does not depend on utoipa);
//! the structs here mirror their fields for the documentation, and a test
//! (`tests/api.rs`) checks that every row the API returns has exactly the
//! properties its schema lists.
#![allow(dead_code)]

use serde::Serialize;
use utoipa::ToSchema;

/// One deduplicated event with its counts and its first mention's
/// evidence.
#[derive(Serialize, ToSchema)]
pub(crate) struct EventRow {
    /// Event id (stable within one database).
    pub(crate) id: i64,
    /// The event's date (`YYYY-MM-DD`): its first mention's date.
    pub(crate) date: Option<String>,
    /// Earliest date it was reported (article date, else event date).
    pub(crate) first_seen: Option<String>,
    /// Latest date it was reported.
    pub(crate) last_seen: Option<String>,
    /// Full CAMEO code of the first mention (`036`).
    pub(crate) code: String,
    /// CAMEO root (`03`), shared by all mentions.
    pub(crate) root: String,
    /// GDELT quad class (1..4).
    pub(crate) quad_class: i64,
    /// Goldstein value of the first mention's code.
    pub(crate) goldstein: f64,
    /// PLOVER event type.
    pub(crate) plover_event: Option<String>,
    /// PLOVER mode.
    pub(crate) plover_mode: Option<String>,
    /// Source actor code; `None` when the source is unresolved.
    pub(crate) source_code: Option<String>,
    /// Source actor's canonical name, else the words naming it.
    pub(crate) source_name: Option<String>,
    /// Source country.
    pub(crate) source_country: Option<String>,
    /// Source sector.
    pub(crate) source_sector: Option<String>,
    /// Target actor code; `None` when unresolved.
    pub(crate) target_code: Option<String>,
    /// Target actor's canonical name, else the words naming it.
    pub(crate) target_name: Option<String>,
    /// Target country.
    pub(crate) target_country: Option<String>,
    /// Target sector.
    pub(crate) target_sector: Option<String>,
    /// Negated in the text.
    pub(crate) negated: bool,
    /// `asserted`, `intent`, `conditional` or `hypothetical`.
    pub(crate) modality: String,
    /// The stated place's words (first mention that states one).
    pub(crate) location: Option<String>,
    /// The place's country.
    pub(crate) location_country: Option<String>,
    /// Distinct articles reporting it.
    pub(crate) num_articles: i64,
    /// Distinct outlets reporting it.
    pub(crate) num_sources: i64,
    /// Mentions (several per article possible).
    pub(crate) num_mentions: i64,
    /// First mention: article id.
    pub(crate) article_id: Option<i64>,
    /// First mention: the article's `Meta::id`.
    pub(crate) doc_id: Option<String>,
    /// First mention: the article's URL.
    pub(crate) url: Option<String>,
    /// First mention: sentence index.
    pub(crate) sentence: Option<i64>,
    /// First mention: sentence text.
    pub(crate) sentence_text: Option<String>,
    /// First mention: trigger words.
    pub(crate) trigger: Option<String>,
    /// First mention: trigger start (code points).
    pub(crate) trigger_start: Option<i64>,
    /// First mention: trigger end (code points).
    pub(crate) trigger_end: Option<i64>,
    /// First mention: source words.
    pub(crate) source_text: Option<String>,
    /// First mention: target words.
    pub(crate) target_text: Option<String>,
    /// First mention: the coder's rule.
    pub(crate) rule: Option<String>,
    /// First mention: confidence.
    pub(crate) confidence: Option<f64>,
}

/// One mention of an event in one article.
#[derive(Serialize, ToSchema)]
pub(crate) struct EventMentionRow {
    /// Mention id.
    pub(crate) id: i64,
    /// The deduplicated event it belongs to.
    pub(crate) event_id: i64,
    /// Article id.
    pub(crate) article_id: i64,
    /// The article's `Meta::id`.
    pub(crate) doc_id: String,
    /// The article's URL.
    pub(crate) url: Option<String>,
    /// The outlet counted in `num_sources`.
    pub(crate) outlet: String,
    /// Index of the event in the article's event layer.
    pub(crate) index: i64,
    /// Sentence index.
    pub(crate) sentence: i64,
    /// Sentence text.
    pub(crate) sentence_text: Option<String>,
    /// This mention's own full CAMEO code.
    pub(crate) code: String,
    /// CAMEO root.
    pub(crate) root: String,
    /// Quad class.
    pub(crate) quad_class: i64,
    /// Goldstein value.
    pub(crate) goldstein: f64,
    /// PLOVER event type.
    pub(crate) plover_event: Option<String>,
    /// PLOVER mode.
    pub(crate) plover_mode: Option<String>,
    /// Source actor code.
    pub(crate) source_code: Option<String>,
    /// Source words.
    pub(crate) source_text: Option<String>,
    /// Source start (code points).
    pub(crate) source_start: Option<i64>,
    /// Source end (code points).
    pub(crate) source_end: Option<i64>,
    /// Target actor code.
    pub(crate) target_code: Option<String>,
    /// Target words.
    pub(crate) target_text: Option<String>,
    /// Target start.
    pub(crate) target_start: Option<i64>,
    /// Target end.
    pub(crate) target_end: Option<i64>,
    /// Every party (actor code, else words), `;`-separated.
    pub(crate) participants: String,
    /// Trigger words.
    pub(crate) trigger: String,
    /// Trigger lemma.
    pub(crate) trigger_lemma: String,
    /// Trigger start.
    pub(crate) trigger_start: i64,
    /// Trigger end.
    pub(crate) trigger_end: i64,
    /// Negated.
    pub(crate) negated: bool,
    /// Modality.
    pub(crate) modality: String,
    /// Place words.
    pub(crate) location: Option<String>,
    /// Place country.
    pub(crate) location_country: Option<String>,
    /// The mention's event date.
    pub(crate) date: Option<String>,
    /// The date it was reported (article date, else event date).
    pub(crate) seen: Option<String>,
    /// The coder's rule.
    pub(crate) rule: String,
    /// Confidence.
    pub(crate) confidence: f64,
}

/// One quote or reported statement.
#[derive(Serialize, ToSchema)]
pub(crate) struct QuoteRow {
    /// Quote id.
    pub(crate) id: i64,
    /// Article id.
    pub(crate) article_id: i64,
    /// The article's `Meta::id`.
    pub(crate) doc_id: String,
    /// The article's URL.
    pub(crate) url: Option<String>,
    /// The article's date (`YYYY-MM-DD`).
    pub(crate) date: Option<String>,
    /// Speaker's canonical name.
    pub(crate) speaker_name: Option<String>,
    /// Speaker's title as stated.
    pub(crate) speaker_title: Option<String>,
    /// Speaker's actor code.
    pub(crate) speaker_code: Option<String>,
    /// Speaker's country.
    pub(crate) speaker_country: Option<String>,
    /// Speaker's sector.
    pub(crate) speaker_sector: Option<String>,
    /// Cue words (`said`).
    pub(crate) cue: Option<String>,
    /// Cue lemma (`say`).
    pub(crate) cue_lemma: Option<String>,
    /// `direct`, `partial` or `indirect`.
    pub(crate) kind: String,
    /// The quoted words.
    pub(crate) text: String,
    /// Sentence index.
    pub(crate) sentence: i64,
    /// The sentence's text.
    pub(crate) sentence_text: Option<String>,
    /// Quote start (code points).
    pub(crate) start: i64,
    /// Quote end (code points).
    pub(crate) end: i64,
    /// Attribution confidence.
    pub(crate) confidence: f64,
    /// The rule that found it.
    pub(crate) rule: String,
}

/// One stored article (without its text: see `Store::article_text`).
#[derive(Serialize, ToSchema)]
pub(crate) struct ArticleRow {
    /// Article id.
    pub(crate) id: i64,
    /// `Meta::id`.
    pub(crate) doc_id: String,
    /// Hex BLAKE3 of the text.
    pub(crate) content_hash: String,
    /// Headline.
    pub(crate) title: Option<String>,
    /// Date as given.
    pub(crate) date: Option<String>,
    /// Date as `YYYY-MM-DD` when the given date starts with one.
    pub(crate) day: Option<String>,
    /// URL.
    pub(crate) url: Option<String>,
    /// `Meta::source`.
    pub(crate) source: Option<String>,
    /// The outlet counted for `num_sources`.
    pub(crate) outlet: String,
    /// Language.
    pub(crate) language: Option<String>,
    /// Text length in code points.
    pub(crate) chars: i64,
    /// Sentences stored.
    pub(crate) num_sentences: i64,
    /// Quotes stored.
    pub(crate) num_quotes: i64,
    /// Event mentions stored.
    pub(crate) num_events: i64,
}

/// One actor code and how often it occurs.
#[derive(Serialize, ToSchema)]
pub(crate) struct ActorRow {
    /// Actor code (`RUSGOV`).
    pub(crate) code: String,
    /// Smallest canonical name among the entities with this code.
    pub(crate) name: Option<String>,
    /// Entities (one per article and cluster) resolved to it.
    pub(crate) entities: i64,
    /// Deduplicated events with it as source.
    pub(crate) events_as_source: i64,
    /// Deduplicated events with it as target.
    pub(crate) events_as_target: i64,
}

/// One meeting seen as a negotiation.
#[derive(Serialize, ToSchema)]
pub(crate) struct NegotiationRow {
    /// Negotiation id.
    pub(crate) id: i64,
    /// Article id.
    pub(crate) article_id: i64,
    /// The article's `Meta::id`.
    pub(crate) doc_id: String,
    /// The article's date (`YYYY-MM-DD`).
    pub(crate) date: Option<String>,
    /// Index in the article's negotiation layer.
    pub(crate) index: i64,
    /// Where, when stated (`Riyadh`).
    pub(crate) place: Option<String>,
    /// Place start (code points).
    pub(crate) place_start: Option<i64>,
    /// Place end (code points).
    pub(crate) place_end: Option<i64>,
    /// Parties at the table: actor codes, else names, `;`-separated.
    pub(crate) present: String,
    /// Their names, `;`-separated, in the same order.
    pub(crate) present_names: String,
    /// Parties the article says were left out: codes, else names.
    pub(crate) excluded: String,
    /// Their names.
    pub(crate) excluded_names: String,
    /// Red lines: stance ids, `;`-separated.
    pub(crate) red_lines: String,
    /// Preconditions: a JSON array of `{"holder","actor_code","text","cue"}`.
    pub(crate) preconditions: String,
    /// Agreements reached: event mention ids, `;`-separated.
    pub(crate) agreements: String,
    /// The meeting events: event mention ids, `;`-separated.
    pub(crate) meetings: String,
}

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
