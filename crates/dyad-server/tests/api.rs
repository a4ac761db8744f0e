//! The HTTP API end to end on the router (`tower::ServiceExt::oneshot`),
//! with the real analysis pipeline and in-memory SQLite stores.
#![allow(clippy::unwrap_used, clippy::needless_pass_by_value)]

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use dyad_core::{
    Actor, Document, Event, EvidenceKind, Issue, Meta, Modality, Negotiation, Origin, Participant,
    Party, Pipeline, Polarity, Sentence, Span, Stance, StanceEvidence,
};
use dyad_server::{AppState, ServerConfig, StorePool};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The pipeline `dyad analyze` runs (mirrors the CLI's `pipeline()`).
static PIPELINE: LazyLock<Arc<Pipeline>> = LazyLock::new(|| {
    let kb = dyad_actors::Actors::embedded().unwrap();
    let events = dyad_events::Events::new(Some(Box::new(kb.clone()))).unwrap();
    Arc::new(
        Pipeline::new()
            .with(dyad_nlp::segment::Segmenter::new())
            .with(dyad_nlp::tag::Tagger::default())
            .with(dyad_nlp::parse::Parser::default())
            .with(dyad_nlp::ner::Ner::default())
            .with(dyad_nlp::coref::Coref::default())
            .with(dyad_attrib::Quotes::new())
            .with(kb)
            .with(events),
    )
});

const TALKS: &str = "Russian Foreign Minister Sergei Lavrov met US Secretary of State Marco Rubio \
    in Riyadh on Tuesday. “It was a highly productive dialogue,” Lavrov said.";

fn app_with(config: ServerConfig, store: Box<dyn dyad_store::Store>) -> Router {
    let pool = StorePool::new(vec![store]).unwrap();
    dyad_server::router(AppState::new(Arc::clone(&PIPELINE), pool, config))
}

fn app() -> Router {
    app_with(
        ServerConfig::default(),
        dyad_store::open("sqlite::memory:").unwrap(),
    )
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .map_or("", |v| v.to_str().unwrap())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// A problem with this status and code.
    fn problem(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        assert_eq!(self.content_type(), "application/problem+json");
        let p = self.json();
        assert_eq!(p["code"], code, "{p}");
        assert_eq!(p["status"], status);
        assert_eq!(p["type"], format!("https://dyad.dev/problems/{code}"));
        assert!(p["title"].is_string() && p["detail"].is_string(), "{p}");
    }
}

async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn post_req(uri: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

async fn post_json(app: &Router, uri: &str, body: Value) -> Reply {
    send(app, post_req(uri, "application/json", body.to_string())).await
}

// ---------------------------------------------------------------- annotate

/// Round every non-integer number to f32 (the precision of the layers).
fn f32_numbers(v: Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => json!(n.as_f64().unwrap() as f32),
        Value::Array(a) => Value::Array(a.into_iter().map(f32_numbers).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, f32_numbers(v))).collect())
        }
        other => other,
    }
}

#[tokio::test]
async fn healthz() {
    let r = get(&app(), "/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["backend"], "sqlite");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn annotate_json_is_the_dyad1_document() {
    let body = json!({"text": TALKS, "date": "2025-02-18", "title": "Talks", "id": "t1"});
    let r = post_json(&app(), "/v1/annotate", body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.content_type(), "application/json");
    let mut doc = Document::new(
        Meta {
            id: "t1".into(),
            title: Some("Talks".into()),
            date: Some("2025-02-18".into()),
            origin: Origin {
                path: "api".into(),
                format: dyad_core::InputFormat::Jsonl,
                ..Origin::default()
            },
            ..Meta::default()
        },
        TALKS.into(),
    )
    .unwrap();
    PIPELINE.run(&mut doc);
    // Byte for byte what `dyad analyze` prints for it ...
    let mut printed = Vec::new();
    dyad_core::output::write_json(&doc, &mut printed, false).unwrap();
    let printed: Value = serde_json::from_slice(&printed).unwrap();
    assert_eq!(r.json(), printed);
    // ... which is `to_json_value`'s document (its f32 numbers widened).
    assert_eq!(
        f32_numbers(r.json()),
        f32_numbers(dyad_core::output::to_json_value(&doc))
    );
    let v = r.json();
    assert_eq!(v["schema"], "dyad/1");
    assert!(
        v["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["speaker"]["name"] == "Sergei Lavrov"),
        "{}",
        v["quotes"]
    );
}

#[tokio::test]
async fn annotate_html_with_metadata_in_the_query() {
    let html = format!(
        "<html><head><title>Page title</title></head><body><article><p>{TALKS}</p>\
         <p>Ukraine was not invited to the talks in Saudi Arabia.</p></article></body></html>"
    );
    let r = send(
        &app(),
        post_req(
            "/v1/annotate?date=2025-02-18&title=Riyadh%20talks",
            "text/html; charset=utf-8",
            html,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["meta"]["date"], "2025-02-18");
    assert_eq!(v["meta"]["title"], "Riyadh talks");
    assert_eq!(v["meta"]["origin"]["format"], "html");
    let text = v["text"].as_str().unwrap();
    assert!(
        text.contains("Sergei Lavrov") && !text.contains("<p>"),
        "{text}"
    );
    // Plain text works too.
    let r = send(
        &app(),
        post_req("/v1/annotate?date=2025-02-18", "text/plain", TALKS),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["text"], TALKS);
}

#[tokio::test]
async fn annotate_problems() {
    let app = app_with(
        ServerConfig {
            body_limit: 1024,
            ..ServerConfig::default()
        },
        dyad_store::open("sqlite::memory:").unwrap(),
    );
    post_json(&app, "/v1/annotate", json!({"text": "  \n "}))
        .await
        .problem(400, "empty_text");
    send(
        &app,
        post_req("/v1/annotate", "application/json", "{\"text\": \"abc"),
    )
    .await
    .problem(400, "invalid_json");
    post_json(&app, "/v1/annotate", json!({"txt": "typo"}))
        .await
        .problem(400, "invalid_json");
    post_json(
        &app,
        "/v1/annotate",
        json!({"text": "a", "date": "18/02/2025"}),
    )
    .await
    .problem(400, "invalid_parameter");
    let big = json!({ "text": "word ".repeat(400) });
    post_json(&app, "/v1/annotate", big)
        .await
        .problem(413, "payload_too_large");
    // Without a Content-Length (a stream), the limit still holds.
    let chunks: Vec<Result<String, std::io::Error>> =
        (0..10).map(|_| Ok("x".repeat(200))).collect();
    let stream = Body::from_stream(futures_util::stream::iter(chunks));
    send(&app, post_req("/v1/annotate", "text/plain", stream))
        .await
        .problem(413, "payload_too_large");
    send(&app, post_req("/v1/annotate", "application/xml", "<a/>"))
        .await
        .problem(415, "unsupported_media_type");
    send(
        &app,
        Request::post("/v1/annotate").body(Body::from("x")).unwrap(),
    )
    .await
    .problem(415, "unsupported_media_type");
    send(
        &app,
        post_req(
            "/v1/annotate?date=2025-01-01",
            "application/json",
            "{\"text\":\"a\"}",
        ),
    )
    .await
    .problem(400, "invalid_parameter");
    send(
        &app,
        post_req("/v1/annotate?dat=2025-01-01", "text/plain", "a"),
    )
    .await
    .problem(400, "invalid_parameter");
    send(
        &app,
        Request::put("/v1/annotate").body(Body::empty()).unwrap(),
    )
    .await
    .problem(405, "method_not_allowed");
    get(&app, "/v1/nothing-here")
        .await
        .problem(404, "not_found");
}

#[tokio::test]
async fn slow_requests_time_out() {
    let app = app_with(
        ServerConfig {
            timeout: Duration::from_millis(1),
            ..ServerConfig::default()
        },
        dyad_store::open("sqlite::memory:").unwrap(),
    );
    let text = TALKS.repeat(40);
    post_json(&app, "/v1/annotate", json!({ "text": text }))
        .await
        .problem(503, "timeout");
}

#[tokio::test]
async fn batch_streams_one_line_per_input_line() {
    let lines = [
        json!({"text": TALKS, "id": "first", "date": "2025-02-18"}).to_string(),
        "{\"text\": broken".to_owned(),
        String::new(),
        json!({"text": ""}).to_string(),
        json!({"text": "Ukraine was not invited.", "id": "last"}).to_string(),
    ];
    let body = lines.join("\n") + "\n";
    let r = send(
        &app(),
        post_req("/v1/annotate/batch", "application/x-ndjson", body),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type(), "application/x-ndjson");
    let out: Vec<Value> = r
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 4, "{}", r.text());
    assert_eq!(out[0]["meta"]["id"], "first");
    assert_eq!(out[0]["schema"], "dyad/1");
    assert_eq!(out[1]["code"], "invalid_json");
    assert_eq!(out[1]["line"], 2);
    assert_eq!(out[2]["code"], "empty_text");
    assert_eq!(out[2]["line"], 4);
    assert_eq!(out[3]["meta"]["id"], "last");
    // Only NDJSON is accepted.
    send(&app(), post_req("/v1/annotate/batch", "text/html", "x"))
        .await
        .problem(415, "unsupported_media_type");
}

// ---------------------------------------------------------- store and list

fn article(id: &str, date: &str, text: &str) -> Value {
    json!({"id": id, "date": date, "title": format!("Title {id}"), "text": text,
           "url": format!("https://news.example/{id}")})
}

#[tokio::test]
async fn store_list_paginate_and_delete() {
    let app = app();
    let texts = [
        TALKS,
        "Ukrainian President Volodymyr Zelensky said Ukraine would not accept any deal made without it.",
        "Polish Prime Minister Donald Tusk ruled out sending Polish troops to Ukraine.",
    ];
    let mut ids = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let r = post_json(
            &app,
            "/v1/articles",
            article(&format!("a{i}"), "2025-02-18", t),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let v = r.json();
        assert_eq!(
            (v["stored"].as_bool(), v["duplicate"].as_bool()),
            (Some(true), Some(false))
        );
        ids.push(v["article_id"].as_i64().unwrap());
    }
    // The same text again: nothing changes.
    let r = post_json(&app, "/v1/articles", article("a0", "2025-02-18", TALKS)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json(),
        json!({"article_id": ids[0], "stored": false, "duplicate": true})
    );

    // Cursor pagination.
    let p1 = get(&app, "/v1/articles?limit=2").await.json();
    assert_eq!(p1["items"].as_array().unwrap().len(), 2);
    let cursor = p1["next_cursor"].as_str().unwrap().to_owned();
    let p2 = get(&app, &format!("/v1/articles?limit=2&cursor={cursor}"))
        .await
        .json();
    assert_eq!(p2["items"].as_array().unwrap().len(), 1);
    assert!(p2["next_cursor"].is_null());
    let all: Vec<i64> = p1["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(p2["items"].as_array().unwrap())
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(all, ids);
    let p = get(
        &app,
        "/v1/articles?outlet=news.example&from=2025-02-18&to=2025-02-18",
    )
    .await;
    assert_eq!(
        p.json()["items"].as_array().unwrap().len(),
        3,
        "{}",
        p.text()
    );
    get(&app, "/v1/articles?limit=1001")
        .await
        .problem(400, "invalid_parameter");
    get(&app, "/v1/articles?cursor=abc")
        .await
        .problem(400, "invalid_parameter");
    get(&app, "/v1/articles?from=2025-2-18")
        .await
        .problem(400, "invalid_parameter");

    // One article: the re-run document's quotes sit where the stored ones do.
    let one = get(&app, &format!("/v1/articles/{}", ids[0])).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text());
    let one = one.json();
    assert_eq!(one["article"]["id"], ids[0]);
    assert_eq!(one["document"]["text"], TALKS);
    assert_eq!(one["document"]["meta"]["id"], "a0");
    let stored = get(&app, &format!("/v1/quotes?article_id={}", ids[0]))
        .await
        .json();
    let stored: Vec<(i64, i64)> = stored["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["start"].as_i64().unwrap(), q["end"].as_i64().unwrap()))
        .collect();
    let rerun: Vec<(i64, i64)> = one["document"]["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["start"].as_i64().unwrap(), q["end"].as_i64().unwrap()))
        .collect();
    assert!(!stored.is_empty());
    assert_eq!(stored, rerun);

    // Quotes by speaker; events by actor.
    let q = get(&app, "/v1/quotes?speaker=lavrov").await.json();
    assert!(!q["items"].as_array().unwrap().is_empty(), "{q}");
    let events = get(&app, "/v1/events?actor=RUS&limit=1000").await.json();
    for e in events["items"].as_array().unwrap() {
        let m = get(&app, &format!("/v1/events/{}/mentions", e["id"]))
            .await
            .json();
        assert_eq!(
            m["items"].as_array().unwrap().len() as i64,
            e["num_mentions"].as_i64().unwrap()
        );
    }
    get(&app, "/v1/events/999999/mentions")
        .await
        .problem(404, "not_found");
    get(&app, "/v1/events/abc/mentions")
        .await
        .problem(400, "invalid_parameter");

    // Delete.
    let del = |id: i64| {
        Request::delete(format!("/v1/articles/{id}"))
            .body(Body::empty())
            .unwrap()
    };
    let r = send(&app, del(ids[1])).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    send(&app, del(ids[1])).await.problem(404, "not_found");
    get(&app, &format!("/v1/articles/{}", ids[1]))
        .await
        .problem(404, "not_found");
    let left = get(&app, "/v1/articles").await.json();
    assert_eq!(left["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn writes_need_the_token_when_one_is_set() {
    let app = app_with(
        ServerConfig {
            token: Some("s3cret-token".into()),
            ..ServerConfig::default()
        },
        dyad_store::open("sqlite::memory:").unwrap(),
    );
    let body = article("t", "2025-02-18", TALKS).to_string();
    let with = |auth: Option<&str>| {
        let mut b = Request::post("/v1/articles").header(header::CONTENT_TYPE, "application/json");
        if let Some(a) = auth {
            b = b.header(header::AUTHORIZATION, a);
        }
        b.body(Body::from(body.clone())).unwrap()
    };
    let r = send(&app, with(None)).await;
    r.problem(401, "unauthorized");
    assert!(r.headers.contains_key(header::WWW_AUTHENTICATE));
    send(&app, with(Some("Bearer wrong")))
        .await
        .problem(401, "unauthorized");
    send(&app, with(Some("s3cret-token")))
        .await
        .problem(401, "unauthorized");
    let r = send(&app, with(Some("Bearer s3cret-token"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["article_id"].as_i64().unwrap();
    // Reads and annotate stay open.
    assert_eq!(get(&app, "/v1/articles").await.status, StatusCode::OK);
    let del = |auth: Option<&str>| {
        let mut b = Request::delete(format!("/v1/articles/{id}"));
        if let Some(a) = auth {
            b = b.header(header::AUTHORIZATION, a);
        }
        b.body(Body::empty()).unwrap()
    };
    send(&app, del(None)).await.problem(401, "unauthorized");
    send(&app, del(Some("Bearer nope")))
        .await
        .problem(401, "unauthorized");
    assert_eq!(
        send(&app, del(Some("Bearer s3cret-token"))).await.status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn bind_refuses_a_public_address_without_token() {
    let config = ServerConfig {
        addr: "0.0.0.0:0".parse().unwrap(),
        ..ServerConfig::default()
    };
    assert!(matches!(
        dyad_server::bind(&config).await,
        Err(dyad_server::ServerError::TokenRequired(_))
    ));
    let config = ServerConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        ..ServerConfig::default()
    };
    assert!(dyad_server::bind(&config).await.is_ok());
}

#[tokio::test]
async fn untrusted_text_comes_back_json_escaped() {
    let app = app();
    let evil = "<script>alert(1)</script> Lavrov said \" onmouseover=alert(2) x=\" it was fine.";
    let title = "<img src=x onerror=alert(3)>";
    let r = post_json(&app, "/v1/annotate", json!({"text": evil, "title": title})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type(), "application/json");
    let raw = r.text();
    assert!(!raw.contains("<script") && !raw.contains("<img"), "{raw}");
    assert_eq!(r.json()["text"], evil);
    assert_eq!(r.json()["meta"]["title"], title);
    let r = post_json(&app, "/v1/articles", json!({"text": evil, "title": title})).await;
    let id = r.json()["article_id"].as_i64().unwrap();
    for uri in [
        format!("/v1/articles/{id}"),
        "/v1/articles".to_owned(),
        "/v1/quotes".to_owned(),
    ] {
        let r = get(&app, &uri).await;
        assert_eq!(r.content_type(), "application/json", "{uri}");
        assert!(!r.text().contains('<'), "{uri}: {}", r.text());
        assert_eq!(
            r.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
            "nosniff"
        );
    }
    let one = get(&app, &format!("/v1/articles/{id}")).await.json();
    assert_eq!(one["article"]["title"], title);
}

// ------------------------------------------------------------ web, openapi

#[tokio::test]
async fn pages_carry_a_strict_csp() {
    let app = app();
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("text/html"));
    let csp = r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap();
    assert_eq!(csp, dyad_server::CONTENT_SECURITY_POLICY);
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.to_str().unwrap().contains(part));
    }
    assert_eq!(
        r.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
        "nosniff"
    );
    assert_eq!(r.headers.get(header::CACHE_CONTROL).unwrap(), "no-cache");
    // The page's own scripts and styles are served with their types.
    let page = r.text();
    let assets: Vec<String> = page
        .split(['"', '\''])
        .filter_map(|s| s.strip_prefix('.').unwrap_or(s).strip_prefix("/assets/"))
        .map(|s| format!("/assets/{s}"))
        .collect();
    // A binary built with web/dist/ links its bundles; without, the
    // placeholder page says how to build them.
    assert!(
        !assets.is_empty() || page.contains("was not built into this binary"),
        "{page}"
    );
    for src in &assets {
        let a = get(&app, src).await;
        assert_eq!(a.status, StatusCode::OK, "{src}");
        let want = if src.ends_with(".js") {
            "text/javascript; charset=utf-8"
        } else if src.ends_with(".css") {
            "text/css; charset=utf-8"
        } else {
            continue;
        };
        assert_eq!(a.content_type(), want, "{src}");
        assert!(
            a.headers[header::CACHE_CONTROL]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
    }
    get(&app, "/assets/nope.js").await.problem(404, "not_found");
    let api = get(&app, "/healthz").await;
    assert!(api.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    assert_eq!(api.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn unknown_query_parameters_are_refused() {
    let app = app();
    for uri in [
        "/v1/events?actr=RUS",
        "/v1/quotes?speeker=Lavrov",
        "/v1/articles?form=2025-01-01",
        "/v1/actors?prefx=RUS",
        "/v1/network?actors=RUS",
        "/v1/timeline?dyad=RUS,UKR&eitherorder=true",
        "/v1/events?quad=5",
        "/v1/events?modality=maybe",
        "/v1/events?dyad=RUS",
        "/v1/events?either_order=perhaps",
        "/v1/quotes?kind=shouted",
        "/v1/events?limit=0",
        "/v1/stances?issues=troops",
        "/v1/stances?from=18/02/2025",
        "/v1/negotiations?article=1",
        "/v1/negotiations?article_id=x",
        "/healthz?x=1",
    ] {
        let r = get(&app, uri).await;
        if uri == "/healthz?x=1" {
            // /healthz takes no parameters and ignores them.
            assert_eq!(r.status, StatusCode::OK);
            continue;
        }
        r.problem(400, "invalid_parameter");
    }
    // Empty values count as absent.
    let r = get(&app, "/v1/events?actor=&from=&to=&limit=").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

fn committed_openapi() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json")
}

#[tokio::test]
async fn openapi_matches_the_committed_document() {
    let served = get(&app(), "/openapi.json").await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.content_type(), "application/json");
    let generated = dyad_server::openapi_json();
    assert_eq!(served.text(), generated);
    let path = committed_openapi();
    if std::env::var("DYAD_UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is stale: run DYAD_UPDATE_OPENAPI=1 cargo test -p dyad-server --test api openapi"
    );
    let v: Value = serde_json::from_str(generated).unwrap();
    for p in [
        "/healthz",
        "/v1/annotate",
        "/v1/annotate/batch",
        "/v1/articles",
        "/v1/articles/{id}",
        "/v1/events",
        "/v1/events/{id}/mentions",
        "/v1/quotes",
        "/v1/actors",
        "/v1/network",
        "/v1/timeline",
        "/v1/stances",
        "/v1/negotiations",
    ] {
        assert!(v["paths"][p].is_object(), "{p} missing");
    }
}

/// The property names of schema `name` in the OpenAPI document.
fn schema_props(name: &str) -> std::collections::BTreeSet<String> {
    let v: Value = serde_json::from_str(dyad_server::openapi_json()).unwrap();
    v["components"]["schemas"][name]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no schema {name}"))
        .keys()
        .cloned()
        .collect()
}

fn keys(v: &Value) -> std::collections::BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn rows_have_the_documented_properties() {
    let app = app();
    let r = post_json(&app, "/v1/articles", article("s", "2025-02-18", TALKS)).await;
    let id = r.json()["article_id"].as_i64().unwrap();
    let first = |v: Value| v["items"][0].clone();
    let event = first(get(&app, "/v1/events").await.json());
    assert_eq!(keys(&event), schema_props("EventRow"));
    let m = first(
        get(&app, &format!("/v1/events/{}/mentions", event["id"]))
            .await
            .json(),
    );
    assert_eq!(keys(&m), schema_props("EventMentionRow"));
    assert_eq!(
        keys(&first(get(&app, "/v1/quotes").await.json())),
        schema_props("QuoteRow")
    );
    assert_eq!(
        keys(&first(get(&app, "/v1/articles").await.json())),
        schema_props("ArticleRow")
    );
    assert_eq!(
        keys(&first(get(&app, "/v1/actors").await.json())),
        schema_props("ActorRow")
    );
    let one = get(&app, &format!("/v1/articles/{id}")).await.json();
    // The dyad/1 document lists its main layers; docs/dyad-1.schema.json
    // has them all (later stages add keys).
    let doc_keys = keys(&one["document"]);
    assert!(
        schema_props("Dyad1Document").is_subset(&doc_keys),
        "{doc_keys:?}"
    );
    let p = get(&app, "/v1/events?x=1").await.json();
    let mut want = schema_props("Problem");
    want.remove("line");
    assert_eq!(keys(&p), want);
}

// ------------------------------------------------------- network, timeline

fn actor(code: &str) -> Actor {
    Actor {
        code: code.into(),
        country: Some(code.into()),
        sector: None,
        sector2: None,
        name: Some(format!("{code} name")),
        role: None,
        rule: "test".into(),
    }
}

/// A one-sentence article with one event `src code tgt` on `date`.
fn event_doc(id: &str, date: &str, src: &str, code: &str, tgt: Option<&str>) -> Document {
    let text = format!("{src} acted against {} ({id}).", tgt.unwrap_or("someone"));
    let span = |needle: &str| {
        let at = text.find(needle).unwrap();
        Span::from_usize(at, at + needle.len())
    };
    let part = |words: &str, code: Option<&str>| Participant {
        span: span(words),
        head: 0,
        entity: None,
        actor: code.map(actor),
    };
    let mut doc = Document::new(
        Meta {
            id: id.into(),
            date: Some(date.into()),
            ..Meta::default()
        },
        text.clone(),
    )
    .unwrap();
    doc.paragraphs = vec![Span::from_usize(0, text.len())];
    doc.sentences = vec![Sentence {
        span: Span::from_usize(0, text.len()),
        paragraph: 0,
        tokens: 0..0,
    }];
    let quad = if code.starts_with("04") { 1 } else { 3 };
    doc.events.push(Event {
        code: code.into(),
        root: code[..2].into(),
        quad_class: quad,
        goldstein: 1.0,
        plover_event: None,
        plover_mode: None,
        source: Some(part(src, Some(src))),
        target: Some(part(tgt.unwrap_or("someone"), tgt)),
        participants: vec![],
        trigger: span("acted"),
        lemma: "act".into(),
        sentence: 0,
        negated: false,
        modality: Modality::Asserted,
        location: None,
        date: Some(date.into()),
        rule: "test".into(),
        confidence: 1.0,
    });
    doc
}

#[tokio::test]
async fn network_and_timeline_aggregate_the_events() {
    let mut store = dyad_store::open("sqlite::memory:").unwrap();
    let docs = [
        event_doc("d1", "2024-01-01", "RUS", "111", Some("UKR")),
        event_doc("d2", "2024-01-05", "RUS", "112", Some("UKR")),
        event_doc("d3", "2024-01-05", "UKR", "042", Some("RUS")),
        event_doc("d4", "2024-01-05", "USA", "043", Some("RUS")),
        event_doc("d5", "2024-01-05", "RUS", "111", None),
    ];
    store
        .ingest(&docs, &dyad_store::IngestOptions::default())
        .unwrap();
    let app = app_with(ServerConfig::default(), store);

    let net = get(&app, "/v1/network").await;
    assert_eq!(net.status, StatusCode::OK, "{}", net.text());
    let net = net.json();
    assert_eq!(
        net["nodes"],
        json!([
            {"id": "RUS", "label": "RUS name", "events": 4},
            {"id": "UKR", "label": "UKR name", "events": 3},
            {"id": "USA", "label": "USA name", "events": 1},
        ])
    );
    let edges: Vec<(String, String, i64, i64, usize)> = net["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_owned(),
                e["target"].as_str().unwrap().to_owned(),
                e["quad_class"].as_i64().unwrap(),
                e["count"].as_i64().unwrap(),
                e["event_ids"].as_array().unwrap().len(),
            )
        })
        .collect();
    let s = |x: &str| x.to_owned();
    assert_eq!(
        edges,
        vec![
            (s("RUS"), s("UKR"), 3, 2, 2),
            (s("UKR"), s("RUS"), 1, 1, 1),
            (s("USA"), s("RUS"), 1, 1, 1),
        ]
    );
    let usa = get(&app, "/v1/network?actor=USA").await.json();
    assert_eq!(usa["nodes"].as_array().unwrap().len(), 2);
    assert_eq!(usa["edges"].as_array().unwrap().len(), 1);
    let jan1 = get(&app, "/v1/network?from=2024-01-01&to=2024-01-01")
        .await
        .json();
    assert_eq!(jan1["edges"][0]["count"], 1);

    let tl = get(&app, "/v1/timeline").await.json();
    assert_eq!(
        tl["items"],
        json!([
            {"date": "2024-01-01", "source": "RUS", "target": "UKR", "quad_class": 3, "count": 1},
            {"date": "2024-01-05", "source": "RUS", "target": "UKR", "quad_class": 3, "count": 1},
            {"date": "2024-01-05", "source": "UKR", "target": "RUS", "quad_class": 1, "count": 1},
            {"date": "2024-01-05", "source": "USA", "target": "RUS", "quad_class": 1, "count": 1},
        ])
    );
    let dyad = get(&app, "/v1/timeline?dyad=RUS,UKR").await.json();
    assert_eq!(dyad["items"].as_array().unwrap().len(), 2);
    let both = get(&app, "/v1/timeline?dyad=RUS,UKR&either_order=true")
        .await
        .json();
    assert_eq!(both["items"].as_array().unwrap().len(), 3);
    // The list endpoint sees the same events (plus the one without target).
    let all = get(&app, "/v1/events?source=RUS").await.json();
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    let page = get(&app, "/v1/events?limit=2").await.json();
    let next = page["next_cursor"].as_str().unwrap().to_owned();
    let rest = get(&app, &format!("/v1/events?limit=2&cursor={next}"))
        .await
        .json();
    assert_eq!(rest["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        get(&app, &format!("/v1/events?limit=4&cursor={next}"))
            .await
            .json()["next_cursor"],
        Value::Null
    );
}

// ---------------------------------------------------------------- stances

/// One article of `n` sentences `"<holder> said <words> (<id> k)."`, each
/// a stance of `holder` (with actor `code`) on `issue`.
fn stance_doc(
    id: &str,
    date: &str,
    stances: &[(&str, Option<&str>, &str, Polarity, f32)],
) -> Document {
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut spans = Vec::new();
    for (k, (holder, _, issue, _, _)) in stances.iter().enumerate() {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(&format!(
            "{holder} said <b>{issue}</b> is right ({id} {k})."
        ));
        sentences.push(Sentence {
            span: Span::from_usize(start, text.len()),
            paragraph: 0,
            tokens: 0..0,
        });
        let words = start + text[start..].find("is right").unwrap();
        let cue = start + text[start..].find("said").unwrap();
        spans.push((
            Span::from_usize(words, words + "is right".len()),
            Span::from_usize(cue, cue + 4),
            Span::from_usize(words + 3, words + 8),
        ));
    }
    let mut doc = Document::new(
        Meta {
            id: id.into(),
            date: Some(date.into()),
            ..Meta::default()
        },
        text.clone(),
    )
    .unwrap();
    doc.paragraphs = vec![Span::from_usize(0, text.len())];
    doc.sentences = sentences;
    for (k, (holder, code, issue, polarity, strength)) in stances.iter().enumerate() {
        let i = match doc.issues.iter().position(|x| x.id == *issue) {
            Some(i) => i,
            None => {
                doc.issues.push(Issue {
                    id: (*issue).into(),
                    label: format!("Label of {issue}"),
                    source: "lexicon",
                    mentions: vec![],
                });
                doc.issues.len() - 1
            }
        };
        let (span, cue, pol) = spans[k];
        doc.stances.push(Stance {
            holder: (*holder).into(),
            entity: None,
            actor: code.map(actor),
            issue: i as u32,
            polarity: *polarity,
            strength: *strength,
            span,
            sentence: k as u32,
            quote: None,
            cue: Some(cue),
            evidence: vec![StanceEvidence {
                kind: EvidenceKind::Polarity,
                span: pol,
                entry: Some("right".into()),
            }],
            rule: "stance/test",
        });
    }
    doc
}

fn stance_app() -> Router {
    use Polarity::{Neutral, Oppose, Support};
    let mut store = dyad_store::open("sqlite::memory:").unwrap();
    let mut d1 = stance_doc(
        "s1",
        "2025-02-18",
        &[
            ("Keir Starmer", Some("GBRGOV"), "troops", Support, 0.24),
            ("Donald Tusk", Some("POLGOV"), "troops", Oppose, 0.9),
            ("Olaf Scholz", Some("DEUGOV"), "troops", Neutral, 0.6),
            ("Sergei Lavrov", Some("RUSGOV"), "nato", Oppose, 0.7),
        ],
    );
    let party = |d: &Document, k: usize, code: &str| Party {
        name: format!("{code} name"),
        actor: Some(actor(code)),
        span: d.sentences[k].span,
        sentence: k as u32,
    };
    d1.negotiations.push(Negotiation {
        events: vec![],
        place: None,
        present: vec![party(&d1, 3, "RUSGOV"), party(&d1, 0, "GBRGOV")],
        excluded: vec![party(&d1, 1, "POLGOV")],
        red_lines: vec![1],
        preconditions: vec![],
        agreements: vec![],
    });
    let d2 = stance_doc(
        "s2",
        "2025-02-20",
        &[
            ("Keir Starmer", Some("GBRGOV"), "troops", Support, 0.8),
            ("a spokesman", None, "troops", Oppose, 0.5),
        ],
    );
    // 25 statements of one cell: the evidence is capped.
    let many: Vec<_> = (0..25)
        .map(|_| ("Donald Trump", Some("USAGOV"), "tariffs", Support, 0.5))
        .collect();
    let d3 = stance_doc("s3", "2025-03-01", &many);
    store
        .ingest(&[d1, d2, d3], &dyad_store::IngestOptions::default())
        .unwrap();
    app_with(ServerConfig::default(), store)
}

#[tokio::test]
async fn stances_are_an_actor_issue_matrix_with_evidence() {
    let app = stance_app();
    let r = get(&app, "/v1/stances").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(keys(&v), schema_props("Stances"));
    assert_eq!(
        v["issues"],
        json!([
            {"id": "nato", "label": "Label of nato"},
            {"id": "tariffs", "label": "Label of tariffs"},
            {"id": "troops", "label": "Label of troops"},
        ])
    );
    let codes: Vec<&str> = v["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "DEUGOV",
            "GBRGOV",
            "POLGOV",
            "RUSGOV",
            "USAGOV",
            "a spokesman"
        ]
    );
    assert_eq!(v["actors"][1]["holders"], json!(["Keir Starmer"]));
    assert_eq!(keys(&v["actors"][0]), schema_props("StanceActor"));
    assert_eq!(keys(&v["issues"][0]), schema_props("StanceIssue"));
    let cells = v["cells"].as_array().unwrap();
    let cell = |actor: &str, issue: &str| {
        cells
            .iter()
            .find(|c| c["actor"] == actor && c["issue"] == issue)
            .unwrap_or_else(|| panic!("no cell {actor} {issue}"))
            .clone()
    };
    assert_eq!(cells.len(), 6);
    let gbr = cell("GBRGOV", "troops");
    assert_eq!(keys(&gbr), schema_props("StanceCell"));
    assert_eq!(gbr["polarity"], "support");
    assert_eq!(gbr["strength"], 0.52);
    assert_eq!(
        (&gbr["statements"], &gbr["articles"], &gbr["n_support"]),
        (&json!(2), &json!(2), &json!(2))
    );
    assert_eq!(
        (&gbr["n_oppose"], &gbr["n_neutral"]),
        (&json!(0), &json!(0))
    );
    assert_eq!(gbr["holders"], json!(["Keir Starmer"]));
    assert_eq!(gbr["first_date"], "2025-02-18");
    assert_eq!(gbr["last_date"], "2025-02-20");
    let ev = gbr["evidence"].as_array().unwrap();
    assert_eq!(ev.len(), 2);
    assert_eq!(keys(&ev[0]), schema_props("StanceEvidence"));
    for k in [
        "stance_id",
        "article_id",
        "doc_id",
        "date",
        "sentence",
        "sentence_text",
        "text",
        "start",
        "end",
        "polarity",
        "strength",
        "cues",
    ] {
        assert!(ev[0].get(k).is_some(), "evidence lacks {k}");
    }
    assert_eq!(ev[0]["doc_id"], "s1");
    assert_eq!(ev[0]["date"], "2025-02-18");
    assert_eq!(ev[0]["text"], "is right");
    assert_eq!(ev[0]["cues"], "said; right");
    assert_eq!(ev[0]["polarity"], "support");
    assert_eq!(ev[0]["strength"], 0.24);
    assert_eq!(ev[1]["doc_id"], "s2");
    // Offsets are code points into the article text.
    let id = ev[0]["article_id"].as_i64().unwrap();
    let text = get(&app, &format!("/v1/articles/{id}")).await.json()["document"]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let chars: Vec<char> = text.chars().collect();
    let (a, b) = (
        ev[0]["start"].as_u64().unwrap() as usize,
        ev[0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(chars[a..b].iter().collect::<String>(), "is right");
    // Article text is attacker-controlled: markup comes back escaped.
    assert!(!r.text().contains("<b>"), "{}", r.text());
    assert!(
        ev[0]["sentence_text"]
            .as_str()
            .unwrap()
            .contains("<b>troops</b>")
    );
    // Neutral outweighs, small sums are neutral, holders key unresolved
    // actors.
    assert_eq!(cell("DEUGOV", "troops")["polarity"], "neutral");
    assert_eq!(cell("a spokesman", "troops")["polarity"], "oppose");
    let pol = cell("POLGOV", "troops");
    assert_eq!(
        (&pol["polarity"], &pol["strength"]),
        (&json!("oppose"), &json!(0.9))
    );
    // At most 20 statements per cell.
    let usa = cell("USAGOV", "tariffs");
    assert_eq!(usa["statements"], 25);
    assert_eq!(usa["evidence"].as_array().unwrap().len(), 20);

    // Filters.
    let only = |v: &Value| {
        v["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{}/{}",
                    c["actor"].as_str().unwrap(),
                    c["issue"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
    };
    let v = get(&app, "/v1/stances?issue=nato").await.json();
    assert_eq!(only(&v), ["RUSGOV/nato"]);
    assert_eq!(v["issues"].as_array().unwrap().len(), 1);
    let v = get(&app, "/v1/stances?issue=nato,tariffs").await.json();
    assert_eq!(only(&v), ["RUSGOV/nato", "USAGOV/tariffs"]);
    let v = get(&app, "/v1/stances?actor=gbr").await.json();
    assert_eq!(only(&v), ["GBRGOV/troops"]);
    let v = get(&app, "/v1/stances?actor=spokes").await.json();
    assert_eq!(only(&v), ["a spokesman/troops"]);
    let v = get(&app, "/v1/stances?from=2025-02-19&to=2025-02-28")
        .await
        .json();
    assert_eq!(only(&v), ["GBRGOV/troops", "a spokesman/troops"]);
    assert_eq!(v["cells"][0]["strength"], 0.8);
    let v = get(&app, "/v1/stances?issue=&actor=&from=&to=")
        .await
        .json();
    assert_eq!(v["cells"].as_array().unwrap().len(), 6);
    let v = get(&app, "/v1/stances?issue=none").await.json();
    assert_eq!(v, json!({"issues": [], "actors": [], "cells": []}));
    get(&app, "/v1/stances?to=2025-02-30x")
        .await
        .problem(400, "invalid_parameter");
}

#[tokio::test]
async fn negotiations_are_listed() {
    let app = stance_app();
    let r = get(&app, "/v1/negotiations").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(v["next_cursor"], Value::Null);
    let n = &items[0];
    assert_eq!(keys(n), schema_props("NegotiationRow"));
    assert_eq!(n["present"], "RUSGOV;GBRGOV");
    assert_eq!(n["excluded"], "POLGOV");
    assert_eq!(n["excluded_names"], "POLGOV name");
    assert_eq!(n["doc_id"], "s1");
    // The red line is Tusk's stance.
    let tusk = get(&app, "/v1/stances?actor=POL").await.json();
    assert_eq!(
        n["red_lines"],
        tusk["cells"][0]["evidence"][0]["stance_id"].to_string()
    );
    let id = n["article_id"].as_i64().unwrap();
    let v = get(&app, &format!("/v1/negotiations?article_id={id}"))
        .await
        .json();
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let v = get(&app, &format!("/v1/negotiations?article_id={}", id + 1))
        .await
        .json();
    assert!(v["items"].as_array().unwrap().is_empty());
    let v = get(&app, "/v1/negotiations?from=2025-02-19").await.json();
    assert!(v["items"].as_array().unwrap().is_empty());
}
