//! The list endpoints: events, their mentions, quotes, articles, actors.
//! Filters are those of `dyad query` (docs/store.md); pages are keyset
//! pages by id with an opaque `cursor`.

use axum::extract::{Path, State};
use axum::response::Response;
use dyad_core::{Document, InputFormat, Meta, Origin};
use dyad_store::{ActorFilter, ArticleFilter, ArticleRow, EventFilter, QuoteFilter};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::annotate::NoQuery;
use crate::params::{self, Params, owned};
use crate::{AppState, Problem, ProblemCode, json, schema};

const PROBLEM: &str = "application/problem+json";

/// One page of rows.
#[derive(Serialize)]
struct Page<'a, T> {
    items: &'a [T],
    next_cursor: Option<String>,
}

/// Filters of `GET /v1/events`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventsQuery {
    /// Source or target: actor code prefix (`RUS`) or name substring
    /// (`Lavrov`, case-insensitive).
    actor: Option<String>,
    /// A dyad `SOURCE,TARGET` of actor code prefixes (`USA,RUS`); either
    /// side may be empty.
    dyad: Option<String>,
    /// Source actor code prefix.
    source: Option<String>,
    /// Target actor code prefix.
    target: Option<String>,
    /// Also match the dyad the other way round (`true`/`false`).
    #[param(value_type = Option<bool>)]
    either_order: Option<String>,
    /// CAMEO event code prefix (`03`, `036`).
    code: Option<String>,
    /// CAMEO root code (`04`).
    root: Option<String>,
    /// GDELT quad class 1 (verbal cooperation) .. 4 (material conflict).
    #[param(value_type = Option<u8>, minimum = 1, maximum = 4)]
    quad: Option<String>,
    /// PLOVER event type (`CONSULT`).
    plover: Option<String>,
    /// `asserted`, `intent`, `conditional` or `hypothetical`.
    modality: Option<String>,
    /// Event date on or after (`YYYY-MM-DD`).
    from: Option<String>,
    /// Event date on or before (`YYYY-MM-DD`).
    to: Option<String>,
    /// Page size, 1..1000 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    limit: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The event filter of the common event parameters.
pub(crate) fn event_filter(
    actor: Option<&String>,
    dyad: Option<&String>,
    source: Option<&String>,
    target: Option<&String>,
    either_order: Option<&String>,
    from: Option<&String>,
    to: Option<&String>,
) -> Result<EventFilter, Problem> {
    let (ds, dt) = params::dyad(dyad)?;
    Ok(EventFilter {
        actor: owned(actor),
        source: ds.or_else(|| owned(source)),
        target: dt.or_else(|| owned(target)),
        either_order: params::flag("either_order", either_order)?,
        from: params::date("from", from)?,
        to: params::date("to", to)?,
        ..EventFilter::default()
    })
}

const MODALITIES: &[&str] = &["asserted", "intent", "conditional", "hypothetical"];
const QUOTE_KINDS: &[&str] = &["direct", "partial", "indirect"];

/// List deduplicated events.
#[utoipa::path(
    get,
    path = "/v1/events",
    tag = "query",
    params(EventsQuery),
    responses(
        (status = 200, description = "A page of events, by ascending id", body = schema::EventPage),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn events(
    State(state): State<AppState>,
    Params(q): Params<EventsQuery>,
) -> Result<Response, Problem> {
    let f = EventFilter {
        code: owned(q.code.as_ref()),
        root: owned(q.root.as_ref()),
        quad_class: params::quad(q.quad.as_ref())?,
        plover: owned(q.plover.as_ref()),
        modality: params::one_of("modality", q.modality.as_ref(), MODALITIES)?,
        limit: Some(params::limit(q.limit.as_ref())?),
        after: params::cursor(q.cursor.as_ref())?,
        ..event_filter(
            q.actor.as_ref(),
            q.dyad.as_ref(),
            q.source.as_ref(),
            q.target.as_ref(),
            q.either_order.as_ref(),
            q.from.as_ref(),
            q.to.as_ref(),
        )?
    };
    let page = state.pool().run(move |s| s.events(&f)).await?;
    Ok(json::ok(&Page {
        items: &page.rows,
        next_cursor: params::next_cursor(page.next),
    }))
}

/// Every mention (report) of one event.
#[utoipa::path(
    get,
    path = "/v1/events/{id}/mentions",
    tag = "query",
    params(("id" = i64, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event's mentions, by ascending id", body = schema::MentionList),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
        (status = 404, description = "not_found", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn mentions(
    State(state): State<AppState>,
    Params(_q): Params<NoQuery>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = params::id(&id)?;
    let rows = state
        .pool()
        .run(move |s| {
            let f = EventFilter {
                after: Some(id - 1),
                limit: Some(1),
                ..EventFilter::default()
            };
            if s.events(&f)?.rows.first().is_none_or(|e| e.id != id) {
                return Ok(None);
            }
            s.event_mentions(id).map(Some)
        })
        .await?
        .ok_or_else(|| Problem::new(ProblemCode::NotFound, format!("no event {id}")))?;
    Ok(json::ok(&serde_json::json!({ "items": rows })))
}

/// Filters of `GET /v1/quotes`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct QuotesQuery {
    /// Speaker: name substring (case-insensitive) or actor code prefix.
    speaker: Option<String>,
    /// Full-text search over the quoted words: every word must occur.
    text: Option<String>,
    /// `direct`, `partial` or `indirect`.
    kind: Option<String>,
    /// Article date on or after (`YYYY-MM-DD`).
    from: Option<String>,
    /// Article date on or before (`YYYY-MM-DD`).
    to: Option<String>,
    /// Only this article.
    #[param(value_type = Option<i64>)]
    article_id: Option<String>,
    /// Page size, 1..1000 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    limit: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// List quotes and reported speech.
#[utoipa::path(
    get,
    path = "/v1/quotes",
    tag = "query",
    params(QuotesQuery),
    responses(
        (status = 200, description = "A page of quotes, by ascending id", body = schema::QuotePage),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn quotes(
    State(state): State<AppState>,
    Params(q): Params<QuotesQuery>,
) -> Result<Response, Problem> {
    let f = QuoteFilter {
        speaker: owned(q.speaker.as_ref()),
        text: owned(q.text.as_ref()),
        kind: params::one_of("kind", q.kind.as_ref(), QUOTE_KINDS)?,
        article_id: params::int("article_id", q.article_id.as_ref())?,
        from: params::date("from", q.from.as_ref())?,
        to: params::date("to", q.to.as_ref())?,
        limit: Some(params::limit(q.limit.as_ref())?),
        after: params::cursor(q.cursor.as_ref())?,
    };
    let page = state.pool().run(move |s| s.quotes(&f)).await?;
    Ok(json::ok(&Page {
        items: &page.rows,
        next_cursor: params::next_cursor(page.next),
    }))
}

/// Filters of `GET /v1/articles`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ArticlesQuery {
    /// Article date on or after (`YYYY-MM-DD`).
    from: Option<String>,
    /// Article date on or before (`YYYY-MM-DD`).
    to: Option<String>,
    /// Outlet, exactly (`bbc.co.uk`; case-insensitive).
    outlet: Option<String>,
    /// Page size, 1..1000 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    limit: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// List stored articles.
#[utoipa::path(
    get,
    path = "/v1/articles",
    tag = "articles",
    params(ArticlesQuery),
    responses(
        (status = 200, description = "A page of articles, by ascending id", body = schema::ArticlePage),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn articles(
    State(state): State<AppState>,
    Params(q): Params<ArticlesQuery>,
) -> Result<Response, Problem> {
    let f = ArticleFilter {
        doc_id: None,
        outlet: owned(q.outlet.as_ref()),
        from: params::date("from", q.from.as_ref())?,
        to: params::date("to", q.to.as_ref())?,
        limit: Some(params::limit(q.limit.as_ref())?),
        after: params::cursor(q.cursor.as_ref())?,
    };
    let page = state.pool().run(move |s| s.articles(&f)).await?;
    Ok(json::ok(&Page {
        items: &page.rows,
        next_cursor: params::next_cursor(page.next),
    }))
}

/// The document of a stored article, to re-run the pipeline on.
fn stored_document(row: &ArticleRow, text: String) -> Result<Document, Problem> {
    let meta = Meta {
        id: row.doc_id.clone(),
        title: row.title.clone(),
        date: row.date.clone(),
        url: row.url.clone(),
        source: row.source.clone(),
        language: row.language.clone(),
        authors: Vec::new(),
        origin: Origin {
            path: "store".into(),
            record: u64::try_from(row.id).ok(),
            format: InputFormat::Text,
            encoding: None,
        },
    };
    Document::new(meta, text).map_err(|e| Problem::internal(e.to_string()))
}

/// One stored article with its analysis.
#[utoipa::path(
    get,
    path = "/v1/articles/{id}",
    tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "The stored row and the dyad/1 document of the pipeline \
                                      re-run on the stored text and metadata", body = schema::ArticleWithDocument),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
        (status = 404, description = "not_found", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn article(
    State(state): State<AppState>,
    Params(_q): Params<NoQuery>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = params::id(&id)?;
    let found = state
        .pool()
        .run(move |s| {
            let f = ArticleFilter {
                after: Some(id - 1),
                limit: Some(1),
                ..ArticleFilter::default()
            };
            let Some(row) = s.articles(&f)?.rows.into_iter().find(|a| a.id == id) else {
                return Ok(None);
            };
            Ok(s.article_text(id)?.map(|t| (row, t)))
        })
        .await?;
    let (row, text) =
        found.ok_or_else(|| Problem::new(ProblemCode::NotFound, format!("no article {id}")))?;
    let doc = state.analyse(stored_document(&row, text)?).await?;
    // `{"article": .., "document": ..}` with the document written as
    // `/v1/annotate` and `dyad analyze` write it.
    let mut body = b"{\"article\":".to_vec();
    body.extend(json::to_vec(&row));
    body.extend_from_slice(b",\"document\":");
    body.extend(json::document(&doc));
    body.push(b'}');
    Ok(json::raw(axum::http::StatusCode::OK, body))
}

/// Filters of `GET /v1/actors`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ActorsQuery {
    /// Actor code prefix (`RUS`).
    prefix: Option<String>,
    /// At most this many codes, 1..1000 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    limit: Option<String>,
}

/// List actor codes with their counts.
#[utoipa::path(
    get,
    path = "/v1/actors",
    tag = "query",
    params(ActorsQuery),
    responses(
        (status = 200, description = "Actor codes in code order", body = schema::ActorList),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn actors(
    State(state): State<AppState>,
    Params(q): Params<ActorsQuery>,
) -> Result<Response, Problem> {
    let f = ActorFilter {
        prefix: owned(q.prefix.as_ref()),
        limit: Some(params::limit(q.limit.as_ref())?),
        after: None,
    };
    let rows = state.pool().run(move |s| s.actors(&f)).await?;
    Ok(json::ok(&serde_json::json!({ "items": rows })))
}
