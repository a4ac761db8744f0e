//! The web workbench, embedded at build time from `web/dist/` (see
//! `build.rs`): `/` is `index.html`, `/assets/*` the hashed bundles
//! (cached for a year), other files at the top of `dist/` by name. When
//! the front end was not built, `/` is a page saying how to build it.
//! Lookups compare against the embedded list; nothing touches the file
//! system.

use axum::body::Body;
use axum::extract::{Path, Request};
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};

use crate::{Problem, ProblemCode};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));
}

/// Shown at `/` when the binary was built without `web/dist/`.
const PLACEHOLDER: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>dyad workbench: not built</title></head>
<body>
<h1>dyad</h1>
<p>The API is running: see <a href="/openapi.json">/openapi.json</a> and
<a href="/healthz">/healthz</a>.</p>
<p>The web workbench was not built into this binary. Build it, then rebuild dyad:</p>
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build &amp;&amp; cd .. &amp;&amp; cargo build --release</pre>
<p>(<code>web/dist/</code> is embedded at compile time.)</p>
</body>
</html>
"#;

/// True when the workbench was embedded.
pub(crate) fn built() -> bool {
    file("index.html").is_some()
}

fn file(path: &str) -> Option<&'static [u8]> {
    embedded::FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, b)| *b)
}

/// The content type of a file name.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("txt") => "text/plain; charset=utf-8",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn respond(path: &str, bytes: &'static [u8], cache: &'static str) -> Response {
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

/// `index.html` (revalidated on every load), or the placeholder.
fn index_page() -> Response {
    match file("index.html") {
        Some(b) => respond("index.html", b, "no-cache"),
        None => respond("index.html", PLACEHOLDER.as_bytes(), "no-cache"),
    }
}

/// `GET /`.
pub(crate) async fn index() -> Response {
    index_page()
}

/// `GET /assets/{*path}`: hashed bundles, immutable.
pub(crate) async fn asset(Path(path): Path<String>) -> Response {
    let key = format!("assets/{path}");
    match file(&key) {
        Some(b) => respond(&key, b, "public, max-age=31536000, immutable"),
        None => Problem::new(ProblemCode::NotFound, format!("no asset {path:?}")).into_response(),
    }
}

/// Anything else: a top-level file of `dist/` (`favicon.svg`), the
/// workbench page for an extension-less path outside the API (client-side
/// routes), else `not_found`.
pub(crate) async fn fallback(req: Request) -> Response {
    let path = req.uri().path();
    let not_found =
        || Problem::new(ProblemCode::NotFound, format!("no such resource: {path}")).into_response();
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return not_found();
    }
    let rel = path.trim_start_matches('/');
    if rel.starts_with("v1/") || rel == "v1" {
        return not_found();
    }
    if let Some(b) = file(rel).filter(|_| !rel.is_empty()) {
        return respond(rel, b, "public, max-age=3600");
    }
    let last = rel.rsplit('/').next().unwrap_or("");
    if built() && !last.contains('.') {
        return index_page();
    }
    not_found()
}
