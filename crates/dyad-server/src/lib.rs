//! dyad's HTTP API (`dyad serve`): annotate articles, store them, query
//! the store, and serve the web workbench, over [axum].
//!
//! - [`router`] builds the service over an [`AppState`] (the analysis
//!   [`Pipeline`], built by the caller so this crate does not depend on
//!   the NLP crates, and a [`StorePool`]); tests drive it with
//!   `tower::ServiceExt::oneshot`.
//! - [`bind`] + [`serve_on`] (or [`serve`]) run it, with graceful shutdown
//!   on SIGINT/SIGTERM.
//! - Every response is JSON (errors: RFC 9457 `application/problem+json`
//!   with a stable [`ProblemCode`]) except the embedded workbench pages;
//!   every response carries a strict Content-Security-Policy and
//!   `X-Content-Type-Options: nosniff`.
//! - Write endpoints (`POST /v1/articles`, `DELETE /v1/articles/{id}`)
//!   need `Authorization: Bearer <token>` when a token is configured;
//!   [`bind`] refuses a non-loopback address without one.
//!
//! The API is described by the OpenAPI document [`openapi_json`], served
//! at `/openapi.json` and committed as `docs/openapi.json`; endpoints,
//! parameters, problem codes and the security model are in
//! `docs/server.md`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use dyad_core::Pipeline;
use tokio::sync::Semaphore;

mod aggregate;
mod annotate;
mod assets;
mod json;
mod lists;
mod openapi;
mod params;
mod pool;
mod problem;
mod schema;
mod stances;

pub use openapi::{ApiDoc, openapi_json};
pub use pool::StorePool;
pub use problem::{Problem, ProblemCode};

/// The Content-Security-Policy sent with every response. Scripts only
/// from the server itself; inline *styles* are allowed because the graph
/// and chart libraries (cytoscape.js, Observable Plot) set element styles
/// at run time; they cannot run code.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'";

/// How the server runs.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Where to listen (port 0: any free port). Default `127.0.0.1:8080`.
    pub addr: SocketAddr,
    /// Bearer token the write endpoints require; `None`: no token (only
    /// allowed on a loopback address).
    pub token: Option<String>,
    /// Largest request body of a single-document endpoint, in bytes; also
    /// the largest line of a batch. Default 4 MiB.
    pub body_limit: usize,
    /// Largest body of `POST /v1/annotate/batch`. Default 64 MiB.
    pub batch_limit: usize,
    /// Time limit of one request (of one document in a batch). Default
    /// 60 s.
    pub timeout: Duration,
    /// Documents analysed at once, over all requests (default: the number
    /// of cores).
    pub analysis_threads: usize,
    /// After SIGINT/SIGTERM, how long open requests may take to finish.
    /// Default 10 s.
    pub shutdown_grace: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            body_limit: 4 << 20,
            batch_limit: 64 << 20,
            timeout: Duration::from_secs(60),
            analysis_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A non-loopback address without a token.
    #[error(
        "refusing to serve on {0} without a token: the write endpoints would be open to the \
         network; set --token or DYAD_TOKEN, or bind a loopback address (127.0.0.1, ::1)"
    )]
    TokenRequired(SocketAddr),
    /// The address cannot be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// An I/O error while serving.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
    /// The store could not be opened.
    #[error("store: {0}")]
    Store(#[from] dyad_store::StoreError),
    /// A pool without connections.
    #[error("the store pool needs at least one connection")]
    EmptyPool,
}

/// What the handlers share: the pipeline, the store pool, the
/// configuration. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    pipeline: Arc<Pipeline>,
    pool: Arc<StorePool>,
    config: ServerConfig,
    analysis: Arc<Semaphore>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("pipeline", &self.inner.pipeline)
            .field("pool", &self.inner.pool)
            .field("config", &self.inner.config)
            .finish()
    }
}

impl AppState {
    /// State over a pipeline (run on every annotated article), a store
    /// pool and the configuration.
    pub fn new(pipeline: Arc<Pipeline>, pool: StorePool, config: ServerConfig) -> Self {
        let threads = config.analysis_threads.max(1);
        Self {
            inner: Arc::new(Inner {
                pipeline,
                pool: Arc::new(pool),
                config,
                analysis: Arc::new(Semaphore::new(threads)),
            }),
        }
    }

    pub(crate) fn config(&self) -> &ServerConfig {
        &self.inner.config
    }

    pub(crate) fn pool(&self) -> &Arc<StorePool> {
        &self.inner.pool
    }

    /// Run the pipeline over `doc` on a blocking thread (at most
    /// `analysis_threads` at once).
    pub(crate) async fn analyse(
        &self,
        mut doc: dyad_core::Document,
    ) -> Result<dyad_core::Document, Problem> {
        let permit = Arc::clone(&self.inner.analysis)
            .acquire_owned()
            .await
            .map_err(|_| Problem::internal("the analysis queue is closed"))?;
        let pipeline = Arc::clone(&self.inner.pipeline);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.run(&mut doc)))
                .map_err(|_| Problem::internal("the analysis panicked"))?;
            // A stage that failed on this article (caught by the pipeline).
            match doc.failure.take() {
                Some(f) => Err(Problem::internal(f.to_string())),
                None => Ok(doc),
            }
        })
        .await
        .map_err(|e| Problem::internal(format!("analysis task failed: {e}")))?
    }

    /// Refuse a write without the configured bearer token.
    pub(crate) fn authorize(&self, headers: &HeaderMap) -> Result<(), Problem> {
        let Some(token) = self.inner.config.token.as_deref() else {
            return Ok(());
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match given {
            Some(g) if constant_time_eq(g.as_bytes(), token.as_bytes()) => Ok(()),
            Some(_) => Err(Problem::new(
                ProblemCode::Unauthorized,
                "the bearer token is wrong",
            )),
            None => Err(Problem::new(
                ProblemCode::Unauthorized,
                "this endpoint writes to the store: send Authorization: Bearer <token>",
            )),
        }
    }
}

/// Compare equal-length byte strings without an early exit.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The HTTP service: the API under `/v1`, `/healthz`, `/openapi.json`, and
/// the embedded workbench at `/` and `/assets/*`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/openapi.json", get(openapi::serve))
        .route("/v1/annotate", post(annotate::annotate))
        .route("/v1/annotate/batch", post(annotate::batch))
        .route(
            "/v1/articles",
            get(lists::articles).post(annotate::store_article),
        )
        .route(
            "/v1/articles/{id}",
            get(lists::article).delete(annotate::delete_article),
        )
        .route("/v1/events", get(lists::events))
        .route("/v1/events/{id}/mentions", get(lists::mentions))
        .route("/v1/quotes", get(lists::quotes))
        .route("/v1/actors", get(lists::actors))
        .route("/v1/network", get(aggregate::network))
        .route("/v1/timeline", get(aggregate::timeline))
        .route("/v1/stances", get(stances::stances))
        .route("/v1/negotiations", get(stances::negotiations))
        .route("/", get(assets::index))
        .route("/assets/{*path}", get(assets::asset))
        .fallback(assets::fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), time_limit))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(access_log))
        .with_state(state)
}

/// One `info` event per request on the `dyad::access` target: method,
/// path with query, status and time taken (`GET /v1/events?actor=RUS 200
/// 1.9 ms`). Request headers (the bearer token) are never logged.
async fn access_log(req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let uri = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |pq| pq.as_str().to_owned());
    let res = next.run(req).await;
    tracing::info!(
        target: "dyad::access",
        "{method} {uri} {} {:.1} ms",
        res.status().as_u16(),
        started.elapsed().as_secs_f64() * 1e3
    );
    res
}

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "meta",
    responses((status = 200, description = "The server is up", body = schema::Health))
)]
async fn health(State(state): State<AppState>) -> Response {
    json::ok(&schema::Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        backend: state.pool().backend().into(),
    })
}

async fn method_not_allowed(req: Request) -> Problem {
    Problem::new(
        ProblemCode::MethodNotAllowed,
        format!("{} is not allowed on {}", req.method(), req.uri().path()),
    )
}

/// Answer `timeout` when a request takes longer than the configured limit
/// (a streamed batch response is timed per document instead).
async fn time_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.config().timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => Problem::new(
            ProblemCode::Timeout,
            format!("the request took longer than {} s", limit.as_secs_f64()),
        )
        .into_response(),
    }
}

/// CSP, nosniff and friends on every response; `no-store` unless the
/// handler chose a cache policy.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Bind the configured address, refusing a non-loopback one without a
/// token.
pub async fn bind(config: &ServerConfig) -> Result<tokio::net::TcpListener, ServerError> {
    let has_token = config.token.as_deref().is_some_and(|t| !t.is_empty());
    if !config.addr.ip().is_loopback() && !has_token {
        return Err(ServerError::TokenRequired(config.addr));
    }
    tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: config.addr,
            source,
        })
}

/// Serve `state` on `listener` until `shutdown` completes, then let open
/// requests finish for at most the configured grace period.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let grace = state.config().shutdown_grace;
    let (tx, mut rx) = tokio::sync::watch::channel(false);
    let app = router(state);
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: waiting for open requests");
        let _ = tx.send(true);
    });
    let deadline = async move {
        let _ = rx.wait_for(|stop| *stop).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        r = server => r.map_err(ServerError::Io),
        () = deadline => {
            tracing::warn!("open requests did not finish within {grace:?}; stopping");
            Ok(())
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// [`bind`], then [`serve_on`] until SIGINT/SIGTERM.
pub async fn serve(config: ServerConfig, state: AppState) -> Result<(), ServerError> {
    let listener = bind(&config).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    serve_on(listener, state, shutdown_signal()).await
}
