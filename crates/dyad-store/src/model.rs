//! What queries return: flat rows that serialize with serde (one value per
//! field, `Option` for what may be missing, codes as strings), ready for
//! JSON Lines, CSV or columnar export.
//!
//! Offsets (`*_start`, `*_end`) are Unicode code points into the article's
//! text, end exclusive, as in the `dyad/1` JSON.

use serde::{Deserialize, Serialize};

/// One page of a keyset-paginated query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// Rows in ascending id order.
    pub rows: Vec<T>,
    /// Pass as the filter's `after` to get the next page; `None` when this
    /// page is the last.
    pub next: Option<i64>,
}

/// One deduplicated event with its counts and its first mention's
/// evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRow {
    /// Event id (stable within one database).
    pub id: i64,
    /// The event's date (`YYYY-MM-DD`): its first mention's date.
    pub date: Option<String>,
    /// Earliest date it was reported (article date, else event date).
    pub first_seen: Option<String>,
    /// Latest date it was reported.
    pub last_seen: Option<String>,
    /// Full CAMEO code of the first mention (`036`).
    pub code: String,
    /// CAMEO root (`03`), shared by all mentions.
    pub root: String,
    /// GDELT quad class (1..4).
    pub quad_class: i64,
    /// Goldstein value of the first mention's code.
    pub goldstein: f64,
    /// PLOVER event type.
    pub plover_event: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// Source actor code; `None` when the source is unresolved.
    pub source_code: Option<String>,
    /// Source actor's canonical name, else the words naming it.
    pub source_name: Option<String>,
    /// Source country.
    pub source_country: Option<String>,
    /// Source sector.
    pub source_sector: Option<String>,
    /// Target actor code; `None` when unresolved.
    pub target_code: Option<String>,
    /// Target actor's canonical name, else the words naming it.
    pub target_name: Option<String>,
    /// Target country.
    pub target_country: Option<String>,
    /// Target sector.
    pub target_sector: Option<String>,
    /// Negated in the text.
    pub negated: bool,
    /// `asserted`, `intent`, `conditional` or `hypothetical`.
    pub modality: String,
    /// The stated place's words (first mention that states one).
    pub location: Option<String>,
    /// The place's country.
    pub location_country: Option<String>,
    /// Distinct articles reporting it.
    pub num_articles: i64,
    /// Distinct outlets reporting it.
    pub num_sources: i64,
    /// Mentions (several per article possible).
    pub num_mentions: i64,
    /// First mention: article id.
    pub article_id: Option<i64>,
    /// First mention: the article's `Meta::id`.
    pub doc_id: Option<String>,
    /// First mention: the article's URL.
    pub url: Option<String>,
    /// First mention: sentence index.
    pub sentence: Option<i64>,
    /// First mention: sentence text.
    pub sentence_text: Option<String>,
    /// First mention: trigger words.
    pub trigger: Option<String>,
    /// First mention: trigger start (code points).
    pub trigger_start: Option<i64>,
    /// First mention: trigger end (code points).
    pub trigger_end: Option<i64>,
    /// First mention: source words.
    pub source_text: Option<String>,
    /// First mention: target words.
    pub target_text: Option<String>,
    /// First mention: the coder's rule.
    pub rule: Option<String>,
    /// First mention: confidence.
    pub confidence: Option<f64>,
}

/// One mention of an event in one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventMentionRow {
    /// Mention id.
    pub id: i64,
    /// The deduplicated event it belongs to.
    pub event_id: i64,
    /// Article id.
    pub article_id: i64,
    /// The article's `Meta::id`.
    pub doc_id: String,
    /// The article's URL.
    pub url: Option<String>,
    /// The outlet counted in `num_sources`.
    pub outlet: String,
    /// Index of the event in the article's event layer.
    pub index: i64,
    /// Sentence index.
    pub sentence: i64,
    /// Sentence text.
    pub sentence_text: Option<String>,
    /// This mention's own full CAMEO code.
    pub code: String,
    /// CAMEO root.
    pub root: String,
    /// Quad class.
    pub quad_class: i64,
    /// Goldstein value.
    pub goldstein: f64,
    /// PLOVER event type.
    pub plover_event: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// Source actor code.
    pub source_code: Option<String>,
    /// Source words.
    pub source_text: Option<String>,
    /// Source start (code points).
    pub source_start: Option<i64>,
    /// Source end (code points).
    pub source_end: Option<i64>,
    /// Target actor code.
    pub target_code: Option<String>,
    /// Target words.
    pub target_text: Option<String>,
    /// Target start.
    pub target_start: Option<i64>,
    /// Target end.
    pub target_end: Option<i64>,
    /// Every party (actor code, else words), `;`-separated.
    pub participants: String,
    /// Trigger words.
    pub trigger: String,
    /// Trigger lemma.
    pub trigger_lemma: String,
    /// Trigger start.
    pub trigger_start: i64,
    /// Trigger end.
    pub trigger_end: i64,
    /// Negated.
    pub negated: bool,
    /// Modality.
    pub modality: String,
    /// Place words.
    pub location: Option<String>,
    /// Place country.
    pub location_country: Option<String>,
    /// The mention's event date.
    pub date: Option<String>,
    /// The date it was reported (article date, else event date).
    pub seen: Option<String>,
    /// The coder's rule.
    pub rule: String,
    /// Confidence.
    pub confidence: f64,
}

/// One quote or reported statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteRow {
    /// Quote id.
    pub id: i64,
    /// Article id.
    pub article_id: i64,
    /// The article's `Meta::id`.
    pub doc_id: String,
    /// The article's URL.
    pub url: Option<String>,
    /// The article's date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Speaker's canonical name.
    pub speaker_name: Option<String>,
    /// Speaker's title as stated.
    pub speaker_title: Option<String>,
    /// Speaker's actor code.
    pub speaker_code: Option<String>,
    /// Speaker's country.
    pub speaker_country: Option<String>,
    /// Speaker's sector.
    pub speaker_sector: Option<String>,
    /// Cue words (`said`).
    pub cue: Option<String>,
    /// Cue lemma (`say`).
    pub cue_lemma: Option<String>,
    /// `direct`, `partial` or `indirect`.
    pub kind: String,
    /// The quoted words.
    pub text: String,
    /// Sentence index.
    pub sentence: i64,
    /// The sentence's text.
    pub sentence_text: Option<String>,
    /// Quote start (code points).
    pub start: i64,
    /// Quote end (code points).
    pub end: i64,
    /// Attribution confidence.
    pub confidence: f64,
    /// The rule that found it.
    pub rule: String,
}

/// One stated position: who holds it, on which issue, which way, and the
/// statement it rests on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StanceRow {
    /// Stance id.
    pub id: i64,
    /// Article id.
    pub article_id: i64,
    /// The article's `Meta::id`.
    pub doc_id: String,
    /// The article's URL.
    pub url: Option<String>,
    /// The article's date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Index of the stance in the article's stance layer.
    pub index: i64,
    /// Who holds it: canonical name (`Keir Starmer`).
    pub holder: String,
    /// The holder's actor code (`GBRGOV`).
    pub actor_code: Option<String>,
    /// The holder's country.
    pub actor_country: Option<String>,
    /// The holder's sector.
    pub actor_sector: Option<String>,
    /// What the actor × issue matrix aggregates it under: the actor code,
    /// else the holder.
    pub actor_key: String,
    /// Issue id (`troops-in-ukraine`).
    pub issue_id: String,
    /// Issue label (`Foreign troops in Ukraine`).
    pub issue_label: String,
    /// `support`, `oppose` or `neutral`.
    pub polarity: String,
    /// 0 to 1: how strongly (hedges lower it).
    pub strength: f64,
    /// Sentence index.
    pub sentence: i64,
    /// The sentence's text.
    pub sentence_text: Option<String>,
    /// The statement: quoted words or the reporting clause.
    pub text: String,
    /// Statement start (code points).
    pub start: i64,
    /// Statement end (code points).
    pub end: i64,
    /// The speech or stance cue (`ruled out`).
    pub cue: Option<String>,
    /// Cue start (code points).
    pub cue_start: Option<i64>,
    /// Cue end (code points).
    pub cue_end: Option<i64>,
    /// The cue, polarity, negation and hedge words, each once, `; `-joined
    /// (`ruled out; not; accept`).
    pub evidence: String,
    /// Index of the quote it comes from in the article's quote layer.
    pub quote_index: Option<i64>,
    /// The rule that produced it (`stance/quote`, `stance/predicate`).
    pub rule: String,
}

/// One cell of the actor × issue matrix: the stances of one actor (code,
/// else holder) on one issue, aggregated (docs/store.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixCell {
    /// The actor code (`GBRGOV`), else the holder's name.
    pub actor: String,
    /// Holders' names, in order of first statement.
    pub holders: Vec<String>,
    /// Issue id.
    pub issue: String,
    /// Issue label.
    pub label: String,
    /// Aggregated polarity: `support`, `oppose` or `neutral`.
    pub polarity: String,
    /// Aggregated strength, 0 to 1, two decimals.
    pub strength: f64,
    /// Statements behind it.
    pub statements: i64,
    /// Distinct articles they come from.
    pub articles: i64,
    /// Statements that support.
    pub n_support: i64,
    /// Statements that oppose.
    pub n_oppose: i64,
    /// Neutral statements.
    pub n_neutral: i64,
    /// Earliest article date.
    pub first_date: Option<String>,
    /// Latest article date.
    pub last_date: Option<String>,
}

/// One meeting seen as a negotiation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NegotiationRow {
    /// Negotiation id.
    pub id: i64,
    /// Article id.
    pub article_id: i64,
    /// The article's `Meta::id`.
    pub doc_id: String,
    /// The article's date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Index in the article's negotiation layer.
    pub index: i64,
    /// Where, when stated (`Riyadh`).
    pub place: Option<String>,
    /// Place start (code points).
    pub place_start: Option<i64>,
    /// Place end (code points).
    pub place_end: Option<i64>,
    /// Parties at the table: actor codes, else names, `;`-separated.
    pub present: String,
    /// Their names, `;`-separated, in the same order.
    pub present_names: String,
    /// Parties the article says were left out: codes, else names.
    pub excluded: String,
    /// Their names.
    pub excluded_names: String,
    /// Red lines: stance ids, `;`-separated.
    pub red_lines: String,
    /// Preconditions: a JSON array of `{"holder","actor_code","text","cue"}`.
    pub preconditions: String,
    /// Agreements reached: event mention ids, `;`-separated.
    pub agreements: String,
    /// The meeting events: event mention ids, `;`-separated.
    pub meetings: String,
}

/// One stored article (without its text: see `Store::article_text`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleRow {
    /// Article id.
    pub id: i64,
    /// `Meta::id`.
    pub doc_id: String,
    /// Hex BLAKE3 of the text.
    pub content_hash: String,
    /// Headline.
    pub title: Option<String>,
    /// Date as given.
    pub date: Option<String>,
    /// Date as `YYYY-MM-DD` when the given date starts with one.
    pub day: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// `Meta::source`.
    pub source: Option<String>,
    /// The outlet counted for `num_sources`.
    pub outlet: String,
    /// Language.
    pub language: Option<String>,
    /// Text length in code points.
    pub chars: i64,
    /// Sentences stored.
    pub num_sentences: i64,
    /// Quotes stored.
    pub num_quotes: i64,
    /// Event mentions stored.
    pub num_events: i64,
}

/// One sentence (a full-text search hit).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentenceRow {
    /// Sentence id.
    pub id: i64,
    /// Article id.
    pub article_id: i64,
    /// The article's `Meta::id`.
    pub doc_id: String,
    /// Index in the article.
    pub index: i64,
    /// Start (code points).
    pub start: i64,
    /// End (code points).
    pub end: i64,
    /// The sentence.
    pub text: String,
}

/// One actor code and how often it occurs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActorRow {
    /// Actor code (`RUSGOV`).
    pub code: String,
    /// Smallest canonical name among the entities with this code.
    pub name: Option<String>,
    /// Entities (one per article and cluster) resolved to it.
    pub entities: i64,
    /// Deduplicated events with it as source.
    pub events_as_source: i64,
    /// Deduplicated events with it as target.
    pub events_as_target: i64,
}

/// Row counts of every table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Articles.
    pub articles: i64,
    /// Sentences.
    pub sentences: i64,
    /// Entities.
    pub entities: i64,
    /// Quotes.
    pub quotes: i64,
    /// Deduplicated events.
    pub events: i64,
    /// Event mentions.
    pub event_mentions: i64,
    /// Stances.
    pub stances: i64,
    /// Negotiations.
    pub negotiations: i64,
}

/// What one ingest batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchReport {
    /// Articles stored.
    pub inserted: u64,
    /// Articles skipped: their text's hash was already stored (or seen
    /// earlier in the batch).
    pub skipped_duplicates: u64,
    /// Sentences stored.
    pub sentences: u64,
    /// Quotes stored.
    pub quotes: u64,
    /// Event mentions stored.
    pub mentions: u64,
    /// Mentions that started a new event.
    pub events_new: u64,
    /// Mentions merged into an existing event.
    pub events_merged: u64,
    /// Stances stored.
    pub stances: u64,
    /// Negotiations stored.
    pub negotiations: u64,
}

impl BatchReport {
    /// Add another batch's numbers.
    pub fn add(&mut self, o: &BatchReport) {
        self.inserted += o.inserted;
        self.skipped_duplicates += o.skipped_duplicates;
        self.sentences += o.sentences;
        self.quotes += o.quotes;
        self.mentions += o.mentions;
        self.events_new += o.events_new;
        self.events_merged += o.events_merged;
        self.stances += o.stances;
        self.negotiations += o.negotiations;
    }
}
