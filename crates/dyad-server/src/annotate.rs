//! Annotating: `POST /v1/annotate` (one article -> its `dyad/1` JSON),
//! `POST /v1/annotate/batch` (NDJSON in, NDJSON out, streamed in input
//! order), `POST /v1/articles` (annotate and store) and
//! `DELETE /v1/articles/{id}`.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dyad_core::{Document, InputFormat, Meta, Origin};
use dyad_store::{ArticleFilter, IngestOptions};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::params::{self, Params, owned};
use crate::{AppState, Problem, ProblemCode, json, schema};

/// One article to annotate (a JSON body, or one line of a batch).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnnotateRequest {
    /// The article text (required, not empty). Untrusted: it is returned
    /// only inside JSON strings.
    pub(crate) text: String,
    /// Publication date `YYYY-MM-DD` (a time may follow:
    /// `2025-02-18T14:03:00Z`); actors are resolved as of this date.
    #[serde(default)]
    pub(crate) date: Option<String>,
    /// Headline.
    #[serde(default)]
    pub(crate) title: Option<String>,
    /// Canonical URL (its host is the outlet counted by the store).
    #[serde(default)]
    pub(crate) url: Option<String>,
    /// Your identifier for the article (default: `api-` and the first 16
    /// hex digits of the text's BLAKE3 hash).
    #[serde(default)]
    pub(crate) id: Option<String>,
}

/// Metadata of a `text/html` or `text/plain` body (a JSON body carries it
/// in the object instead).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct AnnotateQuery {
    /// Publication date `YYYY-MM-DD` (HTML and plain-text bodies; for
    /// HTML, overrides the page's own date).
    date: Option<String>,
    /// Headline (overrides the page's `<title>`).
    title: Option<String>,
    /// Canonical URL.
    url: Option<String>,
    /// Your identifier for the article.
    id: Option<String>,
}

/// No query parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoQuery {}

/// The media type's essence, lower-cased (`text/html`), and its charset.
fn media_type(headers: &HeaderMap) -> Option<(String, Option<String>)> {
    let v = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mut parts = v.split(';');
    let essence = parts.next()?.trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset")).then(|| v.trim().trim_matches('"').to_owned())
    });
    Some((essence, charset))
}

fn too_large(limit: usize) -> Problem {
    Problem::new(
        ProblemCode::PayloadTooLarge,
        format!("the body is larger than the limit of {limit} bytes"),
    )
}

/// Refuse a body whose declared length is over `limit`.
fn check_length(headers: &HeaderMap, limit: usize) -> Result<(), Problem> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > limit as u64 => Err(too_large(limit)),
        _ => Ok(()),
    }
}

/// The whole body, at most `limit` bytes.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Problem> {
    check_length(headers, limit)?;
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let over = std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |e| {
            e.source()
        })
        .any(|e| e.is::<http_body_util::LengthLimitError>());
        if over {
            too_large(limit)
        } else {
            Problem::new(
                ProblemCode::BadRequest,
                format!("cannot read the body: {e}"),
            )
        }
    })
}

fn default_id(text: &str) -> String {
    let hash = dyad_store::content_hash(text);
    format!("api-{}", hash.get(..16).unwrap_or(&hash))
}

fn check_date(date: Option<&str>) -> Result<Option<String>, Problem> {
    match date.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) if params::is_article_date(d) => Ok(Some(d.to_owned())),
        Some(d) => Err(Problem::param(format!(
            "date must be YYYY-MM-DD (optionally followed by a time), got {d:?}"
        ))),
    }
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The document of a JSON request (or batch line).
fn from_request(req: AnnotateRequest, record: Option<u64>) -> Result<Document, Problem> {
    if req.text.trim().is_empty() {
        return Err(Problem::new(
            ProblemCode::EmptyText,
            "text is empty: send the article's text",
        ));
    }
    let meta = Meta {
        id: non_empty(req.id).unwrap_or_else(|| default_id(&req.text)),
        title: non_empty(req.title),
        date: check_date(req.date.as_deref())?,
        url: non_empty(req.url),
        origin: Origin {
            path: "api".into(),
            record,
            format: InputFormat::Jsonl,
            encoding: None,
        },
        ..Meta::default()
    };
    new_document(meta, req.text)
}

fn new_document(meta: Meta, text: String) -> Result<Document, Problem> {
    Document::new(meta, text).map_err(|e| Problem::new(ProblemCode::PayloadTooLarge, e.to_string()))
}

fn parse_line(bytes: &[u8], line: Option<u64>) -> Result<Document, Problem> {
    let req: AnnotateRequest = serde_json::from_slice(bytes).map_err(|e| {
        Problem::new(
            ProblemCode::InvalidJson,
            format!("expected {{\"text\": ..., \"date\"?, \"title\"?, \"url\"?, \"id\"?}}: {e}"),
        )
    })?;
    from_request(req, line)
}

/// The document a single-article request describes.
async fn read_document(
    state: &AppState,
    query: AnnotateQuery,
    headers: &HeaderMap,
    body: Body,
) -> Result<Document, Problem> {
    let Some((media, charset)) = media_type(headers) else {
        return Err(Problem::new(
            ProblemCode::UnsupportedMediaType,
            "send Content-Type: application/json, text/html or text/plain",
        ));
    };
    let kind = match media.as_str() {
        "application/json" => InputFormat::Jsonl,
        "text/html" | "application/xhtml+xml" => InputFormat::Html,
        "text/plain" => InputFormat::Text,
        other => {
            return Err(Problem::new(
                ProblemCode::UnsupportedMediaType,
                format!(
                    "Content-Type {other:?} is not accepted: send application/json, text/html or text/plain"
                ),
            ));
        }
    };
    let bytes = read_body(headers, body, state.config().body_limit).await?;
    if kind == InputFormat::Jsonl {
        let q = &query;
        if [&q.date, &q.title, &q.url, &q.id]
            .iter()
            .any(|v| v.is_some())
        {
            return Err(Problem::param(
                "with a JSON body, put date, title, url and id in the JSON object",
            ));
        }
        return parse_line(&bytes, None);
    }
    let date = check_date(query.date.as_deref())?;
    let mut doc = if kind == InputFormat::Html {
        let origin = Origin {
            path: "api".into(),
            ..Origin::default()
        };
        dyad_read::html_to_document(&bytes, charset.as_deref(), origin).map_err(|e| match e {
            dyad_read::ReadError::Empty { .. } | dyad_read::ReadError::NoContent { .. } => {
                Problem::new(ProblemCode::EmptyText, "the page has no article text")
            }
            other => Problem::new(ProblemCode::BadRequest, format!("unreadable HTML: {other}")),
        })?
    } else {
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
            Problem::new(ProblemCode::BadRequest, "a text/plain body must be UTF-8")
        })?;
        let meta = Meta {
            origin: Origin {
                path: "api".into(),
                ..Origin::default()
            },
            ..Meta::default()
        };
        new_document(meta, text)?
    };
    if doc.text.trim().is_empty() {
        return Err(Problem::new(
            ProblemCode::EmptyText,
            "the body holds no article text",
        ));
    }
    let m = &mut doc.meta;
    m.id = owned(query.id.as_ref()).unwrap_or_else(|| default_id(&doc.text));
    if let Some(t) = owned(query.title.as_ref()) {
        m.title = Some(t);
    }
    if let Some(u) = owned(query.url.as_ref()) {
        m.url = Some(u);
    }
    if date.is_some() {
        m.date = date;
    }
    Ok(doc)
}

const PROBLEM: &str = "application/problem+json";

/// Annotate one article.
#[utoipa::path(
    post,
    path = "/v1/annotate",
    tag = "annotate",
    params(AnnotateQuery),
    request_body(
        description = "The article: a JSON object, or an HTML page / plain text with its \
                       metadata in the query string",
        content(
            (AnnotateRequest = "application/json"),
            (String = "text/html"),
            (String = "text/plain"),
        )
    ),
    responses(
        (status = 200, description = "The article's dyad/1 JSON (not stored)", body = schema::Dyad1Document),
        (status = 400, description = "invalid_json, empty_text, invalid_parameter, bad_request", body = Problem, content_type = PROBLEM),
        (status = 413, description = "payload_too_large", body = Problem, content_type = PROBLEM),
        (status = 415, description = "unsupported_media_type", body = Problem, content_type = PROBLEM),
        (status = 503, description = "timeout", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn annotate(
    State(state): State<AppState>,
    Params(query): Params<AnnotateQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let doc = read_document(&state, query, &headers, body).await?;
    let doc = state.analyse(doc).await?;
    Ok(json::raw(StatusCode::OK, json::document(&doc)))
}

/// Annotate and store one article.
#[utoipa::path(
    post,
    path = "/v1/articles",
    tag = "articles",
    params(AnnotateQuery),
    request_body(
        description = "The article, as for /v1/annotate",
        content(
            (AnnotateRequest = "application/json"),
            (String = "text/html"),
            (String = "text/plain"),
        )
    ),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Stored", body = schema::StoreResult),
        (status = 200, description = "The same text is already stored: nothing changed", body = schema::StoreResult),
        (status = 400, description = "invalid_json, empty_text, invalid_parameter, bad_request", body = Problem, content_type = PROBLEM),
        (status = 401, description = "unauthorized: a token is configured and was not given", body = Problem, content_type = PROBLEM),
        (status = 413, description = "payload_too_large", body = Problem, content_type = PROBLEM),
        (status = 415, description = "unsupported_media_type", body = Problem, content_type = PROBLEM),
        (status = 500, description = "store_error", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn store_article(
    State(state): State<AppState>,
    Params(query): Params<AnnotateQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    state.authorize(&headers)?;
    let doc = read_document(&state, query, &headers, body).await?;
    let doc = state.analyse(doc).await?;
    let (report, article_id) = state
        .pool()
        .run(move |s| {
            let report = s.ingest(std::slice::from_ref(&doc), &IngestOptions::default())?;
            let hash = dyad_store::content_hash(&doc.text);
            let f = ArticleFilter {
                doc_id: Some(doc.meta.id.clone()),
                ..ArticleFilter::default()
            };
            let id = s
                .articles(&f)?
                .rows
                .into_iter()
                .find(|a| a.content_hash == hash)
                .map(|a| a.id);
            Ok((report, id))
        })
        .await?;
    let stored = report.inserted > 0;
    let status = if stored {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = schema::StoreResult {
        article_id,
        stored,
        duplicate: report.skipped_duplicates > 0,
    };
    Ok(json::raw(status, json::to_vec(&body)))
}

/// Delete a stored article and everything found in it.
#[utoipa::path(
    delete,
    path = "/v1/articles/{id}",
    tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted (events it alone reported are gone; the others are recounted)"),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
        (status = 401, description = "unauthorized", body = Problem, content_type = PROBLEM),
        (status = 404, description = "not_found", body = Problem, content_type = PROBLEM),
        (status = 500, description = "store_error", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn delete_article(
    State(state): State<AppState>,
    Params(_q): Params<NoQuery>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    state.authorize(&headers)?;
    let id = params::id(&id)?;
    let found = state.pool().run(move |s| s.delete_article(id)).await?;
    if found {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(Problem::new(
            ProblemCode::NotFound,
            format!("no article {id}"),
        ))
    }
}

/// Annotate a batch: NDJSON in, NDJSON out.
#[utoipa::path(
    post,
    path = "/v1/annotate/batch",
    tag = "annotate",
    request_body(
        description = "NDJSON: one article object (as for /v1/annotate) per line; blank lines \
                       are skipped",
        content((AnnotateRequest = "application/x-ndjson"))
    ),
    responses(
        (status = 200, description = "NDJSON, streamed as documents finish, in input order: one \
                                      line per non-blank input line, the article's dyad/1 JSON or \
                                      a problem object with the input `line` number",
         body = schema::Dyad1Document, content_type = "application/x-ndjson"),
        (status = 413, description = "payload_too_large (declared length over the batch limit)", body = Problem, content_type = PROBLEM),
        (status = 415, description = "unsupported_media_type", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn batch(
    State(state): State<AppState>,
    Params(_q): Params<NoQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    match media_type(&headers).map(|(m, _)| m).as_deref() {
        Some(
            "application/x-ndjson"
            | "application/jsonl"
            | "application/json-lines"
            | "application/jsonlines"
            | "text/plain",
        ) => {}
        _ => {
            return Err(Problem::new(
                ProblemCode::UnsupportedMediaType,
                "send Content-Type: application/x-ndjson (one JSON object per line)",
            ));
        }
    }
    let batch_limit = state.config().batch_limit;
    check_length(&headers, batch_limit)?;
    let width = state.config().analysis_threads.max(1) * 2;
    let (tx, rx) = tokio::sync::mpsc::channel::<tokio::task::JoinHandle<Vec<u8>>>(width);
    tokio::spawn(split_lines(state, body, tx));
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        let handle = rx.recv().await?;
        let mut line = handle
            .await
            .unwrap_or_else(|e| Problem::internal(format!("batch task failed: {e}")).to_json());
        line.push(b'\n');
        Some((Ok::<_, Infallible>(Bytes::from(line)), rx))
    });
    let mut res = Response::new(Body::from_stream(stream));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

type Sender = tokio::sync::mpsc::Sender<tokio::task::JoinHandle<Vec<u8>>>;

/// A finished output line.
fn ready(bytes: Vec<u8>) -> tokio::task::JoinHandle<Vec<u8>> {
    tokio::spawn(async move { bytes })
}

/// Read the batch body, split it into lines and start one task per line;
/// the handles go down `tx` in input order (bounded: reading waits when
/// the consumer is behind).
async fn split_lines(state: AppState, body: Body, tx: Sender) {
    let line_limit = state.config().body_limit;
    let batch_limit = state.config().batch_limit;
    let mut stream = body.into_data_stream();
    let mut buf: Vec<u8> = Vec::new();
    let mut line_no = 0u64;
    let mut total = 0usize;
    // Inside a line longer than the limit: skip to its end.
    let mut skipping = false;
    loop {
        let chunk = match stream.next().await {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                let p = Problem::new(
                    ProblemCode::BadRequest,
                    format!("cannot read the body: {e}"),
                );
                let _ = tx.send(ready(p.at_line(line_no + 1).to_json())).await;
                return;
            }
            None => break,
        };
        total += chunk.len();
        if total > batch_limit {
            let p = Problem::new(
                ProblemCode::PayloadTooLarge,
                format!("the batch is larger than the limit of {batch_limit} bytes; stopped here"),
            );
            let _ = tx.send(ready(p.at_line(line_no + 1).to_json())).await;
            return;
        }
        buf.extend_from_slice(&chunk);
        while let Some(pos) = buf.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buf.drain(..=pos).collect();
            line_no += 1;
            if std::mem::take(&mut skipping) {
                continue;
            }
            if !start_line(&state, &tx, &line[..line.len() - 1], line_no, line_limit).await {
                return;
            }
        }
        if buf.len() > line_limit && !skipping {
            skipping = true;
            let p = too_large(line_limit).at_line(line_no + 1);
            if tx.send(ready(p.to_json())).await.is_err() {
                return;
            }
            buf.clear();
        } else if skipping {
            buf.clear();
        }
    }
    if !skipping && !buf.is_empty() {
        line_no += 1;
        let line = std::mem::take(&mut buf);
        start_line(&state, &tx, &line, line_no, line_limit).await;
    }
}

/// Start the task of one input line; `false` when the client has gone.
async fn start_line(state: &AppState, tx: &Sender, line: &[u8], no: u64, limit: usize) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    if line.len() > limit {
        return tx
            .send(ready(too_large(limit).at_line(no).to_json()))
            .await
            .is_ok();
    }
    let doc = match parse_line(line, Some(no)) {
        Ok(d) => d,
        Err(p) => return tx.send(ready(p.at_line(no).to_json())).await.is_ok(),
    };
    let state = state.clone();
    let timeout = state.config().timeout;
    let handle = tokio::spawn(async move {
        match tokio::time::timeout(timeout, state.analyse(doc)).await {
            Ok(Ok(doc)) => json::document(&doc),
            Ok(Err(p)) => p.at_line(no).to_json(),
            Err(_) => Problem::new(
                ProblemCode::Timeout,
                format!("the document took longer than {} s", timeout.as_secs_f64()),
            )
            .at_line(no)
            .to_json(),
        }
    });
    tx.send(handle).await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("Text/HTML; charset=\"windows-1252\""),
        );
        assert_eq!(
            media_type(&h),
            Some(("text/html".into(), Some("windows-1252".into())))
        );
    }

    #[test]
    fn empty_text_is_refused() {
        let req = AnnotateRequest {
            text: "  \n".into(),
            date: None,
            title: None,
            url: None,
            id: None,
        };
        assert_eq!(
            from_request(req, None).err().map(|p| p.code),
            Some(ProblemCode::EmptyText)
        );
    }

    #[test]
    fn ids_default_to_the_hash() {
        assert!(default_id("abc").starts_with("api-"));
        assert_eq!(default_id("abc").len(), 20);
    }
}
