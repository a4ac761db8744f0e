//! Aggregates over the matching events, streamed from the store with
//! `for_each_event` (memory stays bounded by the number of distinct actors
//! and dyads, not events): the actor network and the daily timeline.
//! Only events whose source and target codes are both known count.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::lists::event_filter;
use crate::params::Params;
use crate::{AppState, Problem, json};

const PROBLEM: &str = "application/problem+json";

/// Most nodes a network returns (the actors in the most events).
pub(crate) const MAX_NODES: usize = 200;
/// Most event ids listed on one edge.
pub(crate) const MAX_EDGE_EVENT_IDS: usize = 100;

/// Filters of `GET /v1/network`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct NetworkQuery {
    /// Event date on or after (`YYYY-MM-DD`).
    from: Option<String>,
    /// Event date on or before (`YYYY-MM-DD`).
    to: Option<String>,
    /// Only events with this actor as source or target: code prefix or
    /// name substring.
    actor: Option<String>,
}

/// One actor of the network.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Node {
    /// Actor code.
    id: String,
    /// The actor's name (as first seen), else the code.
    label: String,
    /// Matching events with this actor as source or target.
    events: u64,
}

/// Events from one actor to another in one quad class.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Edge {
    /// Source actor code.
    source: String,
    /// Target actor code.
    target: String,
    /// GDELT quad class (1..4).
    quad_class: i64,
    /// Matching events.
    count: u64,
    /// Their ids (at most 100, smallest first).
    event_ids: Vec<i64>,
}

/// The actor network of the matching events.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Network {
    /// Actors, most events first (at most 200).
    nodes: Vec<Node>,
    /// Directed edges between the listed actors, by source, target, quad
    /// class.
    edges: Vec<Edge>,
}

/// The network of who did what to whom.
#[utoipa::path(
    get,
    path = "/v1/network",
    tag = "aggregate",
    params(NetworkQuery),
    responses(
        (status = 200, description = "Actors and directed edges per quad class", body = Network),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn network(
    State(state): State<AppState>,
    Params(q): Params<NetworkQuery>,
) -> Result<Response, Problem> {
    let f = event_filter(
        q.actor.as_ref(),
        None,
        None,
        None,
        None,
        q.from.as_ref(),
        q.to.as_ref(),
    )?;
    let net = state
        .pool()
        .run(move |s| {
            let mut nodes: HashMap<String, (Option<String>, u64)> = HashMap::new();
            let mut edges: BTreeMap<(String, String, i64), (u64, Vec<i64>)> = BTreeMap::new();
            s.for_each_event(&f, &mut |e| {
                let (Some(src), Some(tgt)) = (e.source_code, e.target_code) else {
                    return Ok(());
                };
                let mut count = |code: &str, name: Option<String>| {
                    let n = nodes.entry(code.to_owned()).or_insert((None, 0));
                    n.1 += 1;
                    if n.0.is_none() {
                        n.0 = name.filter(|s| !s.trim().is_empty());
                    }
                };
                count(&src, e.source_name);
                if tgt != src {
                    count(&tgt, e.target_name);
                }
                let edge = edges.entry((src, tgt, e.quad_class)).or_default();
                edge.0 += 1;
                if edge.1.len() < MAX_EDGE_EVENT_IDS {
                    edge.1.push(e.id);
                }
                Ok(())
            })?;
            Ok(build_network(nodes, edges))
        })
        .await?;
    Ok(json::ok(&net))
}

fn build_network(
    nodes: HashMap<String, (Option<String>, u64)>,
    edges: BTreeMap<(String, String, i64), (u64, Vec<i64>)>,
) -> Network {
    let mut nodes: Vec<Node> = nodes
        .into_iter()
        .map(|(code, (name, events))| Node {
            label: name.unwrap_or_else(|| code.clone()),
            id: code,
            events,
        })
        .collect();
    nodes.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.id.cmp(&b.id)));
    nodes.truncate(MAX_NODES);
    let kept: std::collections::HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let edges = edges
        .into_iter()
        .filter(|((s, t, _), _)| kept.contains(s.as_str()) && kept.contains(t.as_str()))
        .map(|((source, target, quad_class), (count, event_ids))| Edge {
            source,
            target,
            quad_class,
            count,
            event_ids,
        })
        .collect();
    Network { nodes, edges }
}

/// Filters of `GET /v1/timeline`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct TimelineQuery {
    /// Source or target: actor code prefix or name substring.
    actor: Option<String>,
    /// A dyad `SOURCE,TARGET` of actor code prefixes.
    dyad: Option<String>,
    /// Also match the dyad the other way round (`true`/`false`).
    #[param(value_type = Option<bool>)]
    either_order: Option<String>,
    /// Event date on or after (`YYYY-MM-DD`).
    from: Option<String>,
    /// Event date on or before (`YYYY-MM-DD`).
    to: Option<String>,
}

/// Events of one day, one dyad, one quad class.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TimelinePoint {
    /// The events' date (`YYYY-MM-DD`).
    date: String,
    /// Source actor code.
    source: String,
    /// Target actor code.
    target: String,
    /// GDELT quad class (1..4).
    quad_class: i64,
    /// Matching events.
    count: u64,
}

/// The timeline.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Timeline {
    /// By date, source, target, quad class.
    items: Vec<TimelinePoint>,
}

/// Events per day, dyad and quad class.
#[utoipa::path(
    get,
    path = "/v1/timeline",
    tag = "aggregate",
    params(TimelineQuery),
    responses(
        (status = 200, description = "Daily counts of dated events with both actors known", body = Timeline),
        (status = 400, description = "invalid_parameter", body = Problem, content_type = PROBLEM),
    )
)]
pub(crate) async fn timeline(
    State(state): State<AppState>,
    Params(q): Params<TimelineQuery>,
) -> Result<Response, Problem> {
    let f = event_filter(
        q.actor.as_ref(),
        q.dyad.as_ref(),
        None,
        None,
        q.either_order.as_ref(),
        q.from.as_ref(),
        q.to.as_ref(),
    )?;
    let timeline = state
        .pool()
        .run(move |s| {
            let mut counts: BTreeMap<(String, String, String, i64), u64> = BTreeMap::new();
            s.for_each_event(&f, &mut |e| {
                if let (Some(d), Some(src), Some(tgt)) = (e.date, e.source_code, e.target_code) {
                    *counts.entry((d, src, tgt, e.quad_class)).or_default() += 1;
                }
                Ok(())
            })?;
            let items = counts
                .into_iter()
                .map(
                    |((date, source, target, quad_class), count)| TimelinePoint {
                        date,
                        source,
                        target,
                        quad_class,
                        count,
                    },
                )
                .collect();
            Ok(Timeline { items })
        })
        .await?;
    Ok(json::ok(&timeline))
}
