//! Stances: the actor × issue matrix with each cell's evidence
//! (`GET /v1/stances`, the workbench's heatmap) and the stored
//! negotiations (`GET /v1/negotiations`). The matrix is the store's
//! (`dyad_store::StanceMatrix`, the rule of `dyad_stances::positions`),
//! computed over the matching stances streamed from the store: memory is
//! bounded by the number of cells, each keeping at most
//! [`MAX_CELL_EVIDENCE`] statements.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::response::Response;
use dyad_store::{MatrixCell, NegotiationFilter, StanceFilter, StanceMatrix, StanceRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::params::{self, Params, owned};
use crate::{AppState, Problem, json, schema};

const PROBLEM: &str = "application/problem+json";

/// Most statements listed as one cell's evidence.
pub(crate) const MAX_CELL_EVIDENCE: usize = 20;

/// Filters of `GET /v1/stances`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct StancesQuery {
    /// Issue id (`troops-in-ukraine`); several separated by commas.
    issue: Option<String>,
    /// The holder: actor code prefix (`GBR`) or name substring (`starmer`,
    /// case-insensitive).
    actor: Option<String>,
    /// Article date on or after (`YYYY-MM-DD`).
    from: Option<String>,
    /// Article date on or before (`YYYY-MM-DD`).
    to: Option<String>,
}

/// An issue of the matrix (a column).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StanceIssue {
    /// Issue id (`troops-in-ukraine`).
    id: String,
    /// Human label (`Foreign troops in Ukraine`).
    label: String,
}

/// An actor of the matrix (a row).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StanceActor {
    /// The actor code (`GBRGOV`), else the holder's name when the holder
    /// has no actor code.
    code: String,
    /// The holders' names, as stated, over all its cells.
    holders: Vec<String>,
}

/// One statement behind a cell.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StanceEvidence {
    /// Stance id.
    stance_id: i64,
    /// Article id (`/v1/articles/{id}`).
    article_id: i64,
    /// The article's `Meta::id`.
    doc_id: String,
    /// The article's date (`YYYY-MM-DD`).
    date: Option<String>,
    /// Who said it.
    holder: String,
    /// Sentence index.
    sentence: i64,
    /// The sentence's text.
    sentence_text: Option<String>,
    /// The statement: quoted words or the reporting clause.
    text: String,
    /// Statement start (code points into the article text).
    start: i64,
    /// Statement end (code points, exclusive).
    end: i64,
    /// The statement's own polarity: `support`, `oppose` or `neutral`.
    polarity: String,
    /// Its strength, 0 to 1.
    strength: f64,
    /// The cue, polarity, negation and hedge words, `; `-separated.
    cues: String,
}

impl From<StanceRow> for StanceEvidence {
    fn from(r: StanceRow) -> Self {
        Self {
            stance_id: r.id,
            article_id: r.article_id,
            doc_id: r.doc_id,
            date: r.date,
            holder: r.holder,
            sentence: r.sentence,
            sentence_text: r.sentence_text,
            text: r.text,
            start: r.start,
            end: r.end,
            polarity: r.polarity,
            strength: r.strength,
            cues: r.evidence,
        }
    }
}

/// One cell: an actor's aggregated stance on an issue.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StanceCell {
    /// The actor (`actors[].code`).
    actor: String,
    /// The issue (`issues[].id`).
    issue: String,
    /// `support`, `oppose` or `neutral` (docs/store.md: the aggregation
    /// rule).
    polarity: String,
    /// Aggregated strength, 0 to 1, two decimals.
    strength: f64,
    /// Statements behind it.
    statements: i64,
    /// Distinct articles they come from.
    articles: i64,
    /// The holders' names, in order of first statement.
    holders: Vec<String>,
    /// Statements that support.
    n_support: i64,
    /// Statements that oppose.
    n_oppose: i64,
    /// Neutral statements.
    n_neutral: i64,
    /// Earliest article date.
    first_date: Option<String>,
    /// Latest article date.
    last_date: Option<String>,
    /// The first statements, by ascending stance id (at most 20; see
    /// `statements` for the total).
    evidence: Vec<StanceEvidence>,
}

/// The actor × issue matrix.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Stances {
    /// Issues with at least one cell, by id.
    issues: Vec<StanceIssue>,
    /// Actors with at least one cell, by code.
    actors: Vec<StanceActor>,
    /// Cells, by issue then actor.
    cells: Vec<StanceCell>,
}

/// The stance filter of the query parameters.
fn stance_filter(q: &StancesQuery) -> Result<StanceFilter, Problem> {
    let issues = params::given(q.issue.as_ref())
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok(StanceFilter {
        actor: owned(q.actor.as_ref()),
        issues,
        from: params::date("from", q.from.as_ref())?,
        to: params::date("to", q.to.as_ref())?,
        ..StanceFilter::default()
    })
}

/// The actor × issue matrix of the stored stances.
#[utoipa::path(
    get,
    path = "/v1/stances",
    tag = "aggregate",
    params(StancesQuery),
    responses(
        (status = 200, description = "Issues, actors and one cell per (actor, issue) with \
                                      statements, with up to 20 statements each", body = Stances),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn stances(
    State(state): State<AppState>,
    Params(q): Params<StancesQuery>,
) -> Result<Response, Problem> {
    let f = stance_filter(&q)?;
    let body = state
        .pool()
        .run(move |s| {
            let mut matrix = StanceMatrix::new();
            let mut evidence: HashMap<(String, String), Vec<StanceRow>> = HashMap::new();
            s.for_each_stance(&f, &mut |row| {
                matrix.add(&row);
                let ev = evidence
                    .entry((row.actor_key.clone(), row.issue_id.clone()))
                    .or_default();
                if ev.len() < MAX_CELL_EVIDENCE {
                    ev.push(row);
                }
                Ok(())
            })?;
            Ok(build(matrix.finish(), evidence))
        })
        .await?;
    Ok(json::ok(&body))
}

fn build(
    cells: Vec<MatrixCell>,
    mut evidence: HashMap<(String, String), Vec<StanceRow>>,
) -> Stances {
    let mut issues: BTreeMap<String, String> = BTreeMap::new();
    let mut actors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let cells = cells
        .into_iter()
        .map(|c| {
            issues
                .entry(c.issue.clone())
                .or_insert_with(|| c.label.clone());
            let holders = actors.entry(c.actor.clone()).or_default();
            for h in &c.holders {
                if !holders.contains(h) {
                    holders.push(h.clone());
                }
            }
            let ev = evidence
                .remove(&(c.actor.clone(), c.issue.clone()))
                .unwrap_or_default();
            StanceCell {
                evidence: ev.into_iter().map(StanceEvidence::from).collect(),
                actor: c.actor,
                issue: c.issue,
                polarity: c.polarity,
                strength: c.strength,
                statements: c.statements,
                articles: c.articles,
                holders: c.holders,
                n_support: c.n_support,
                n_oppose: c.n_oppose,
                n_neutral: c.n_neutral,
                first_date: c.first_date,
                last_date: c.last_date,
            }
        })
        .collect();
    Stances {
        issues: issues
            .into_iter()
            .map(|(id, label)| StanceIssue { id, label })
            .collect(),
        actors: actors
            .into_iter()
            .map(|(code, holders)| StanceActor { code, holders })
            .collect(),
        cells,
    }
}

/// Filters of `GET /v1/negotiations`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct NegotiationsQuery {
    /// Only this article.
    #[param(value_type = Option<i64>)]
    article_id: Option<String>,
    /// Article date on or after (`YYYY-MM-DD`).
    from: Option<String>,
    /// Article date on or before (`YYYY-MM-DD`).
    to: Option<String>,
    /// Page size, 1..1000 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    limit: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// List meetings seen as negotiations: parties present and excluded, red
/// lines, preconditions, agreements.
#[utoipa::path(
    get,
    path = "/v1/negotiations",
    tag = "query",
    params(NegotiationsQuery),
    responses(
        (status = 200, description = "A page of negotiations, by ascending id", body = schema::NegotiationPage),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn negotiations(
    State(state): State<AppState>,
    Params(q): Params<NegotiationsQuery>,
) -> Result<Response, Problem> {
    let f = NegotiationFilter {
        article_id: params::int("article_id", q.article_id.as_ref())?,
        from: params::date("from", q.from.as_ref())?,
        to: params::date("to", q.to.as_ref())?,
        limit: Some(params::limit(q.limit.as_ref())?),
        after: params::cursor(q.cursor.as_ref())?,
    };
    let page = state.pool().run(move |s| s.negotiations(&f)).await?;
    Ok(json::ok(&serde_json::json!({
        "items": page.rows,
        "next_cursor": params::next_cursor(page.next),
    })))
}
