//! Crash test: `dyad ingest` killed with SIGKILL at seeded random points
//! (a bounded loop), then re-run to the end, stores every article exactly
//! once, with the same sentences, quotes and event mentions as one
//! uninterrupted run.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{dyad, jsonl, stderr};

const ARTICLES: usize = 80;
const KILLS: usize = 5;

fn write_input(dir: &Path) -> String {
    let places = ["Riyadh", "Paris", "Geneva", "Istanbul", "Doha"];
    let pairs = [
        ("Russia", "the United States"),
        ("France", "Germany"),
        ("Poland", "Ukraine"),
        ("China", "India"),
        ("Turkey", "Iran"),
    ];
    let mut text = String::new();
    for i in 0..ARTICLES {
        let (a, b) = pairs[i % pairs.len()];
        let place = places[(i / pairs.len()) % places.len()];
        let body = format!(
            "Report {i}. {a} and {b} held talks in {place} on Monday. \
             \"We agreed to continue the dialogue,\" a spokesman said. \
             Officials from {a} later rejected the proposal made by {b}."
        );
        let row = serde_json::json!({
            "id": format!("art-{i}"),
            "url": format!("https://outlet{}.example/{i}", i % 7),
            "date": "2025-03-03",
            "text": body,
        });
        text.push_str(&row.to_string());
        text.push('\n');
    }
    let p = dir.join("articles.jsonl");
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn ingest_args<'a>(input: &'a str, db: &'a str) -> Vec<&'a str> {
    vec!["ingest", input, "--db", db, "--batch", "4", "--no-progress"]
}

/// (articles, sentences, quotes, event mentions) and the article ids.
fn counts(db: &str) -> ((usize, i64, i64, i64), Vec<String>) {
    let out = dyad(&[
        "query", "articles", "--db", db, "--format", "jsonl", "--limit", "0",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = jsonl(&out);
    let sum = |k: &str| rows.iter().map(|r| r[k].as_i64().unwrap()).sum::<i64>();
    let mut ids: Vec<String> = rows
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    (
        (
            rows.len(),
            sum("num_sentences"),
            sum("num_quotes"),
            sum("num_events"),
        ),
        ids,
    )
}

/// xorshift64*: seeded, so a failure can be replayed.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

#[test]
fn killed_ingest_rerun_stores_every_article_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let clean = format!("sqlite://{}", dir.path().join("clean.db").display());
    let crash = format!("sqlite://{}", dir.path().join("crash.db").display());
    crash_loop(dir.path(), &clean, &crash);
}

/// The same on PostgreSQL, in two fresh schemas of the test database.
#[test]
fn killed_ingest_rerun_stores_every_article_exactly_once_on_postgres() {
    let Ok(url) = std::env::var("DYAD_TEST_POSTGRES_URL") else {
        eprintln!("skipping PostgreSQL: DYAD_TEST_POSTGRES_URL not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let tag = std::process::id();
    let schemas = [format!("crash_clean_{tag}"), format!("crash_kill_{tag}")];
    let urls: Vec<String> = schemas
        .iter()
        .map(|s| {
            // Create the schema (and its tables); the CLI then works in it
            // through the connection's search_path.
            dyad_store::PostgresStore::connect_in_schema(&url, s).unwrap();
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}options=-csearch_path%3D{s}")
        })
        .collect();
    crash_loop(dir.path(), &urls[0], &urls[1]);
    for s in &schemas {
        dyad_store::PostgresStore::drop_schema(&url, s).unwrap();
    }
}

/// Ingest once into `clean`; into `db`, kill the ingest [`KILLS`] times at
/// seeded random points, then let it finish; compare.
fn crash_loop(dir: &Path, clean: &str, db: &str) {
    let input = write_input(dir);
    let clean = clean.to_owned();
    let db = db.to_owned();
    // How long start-up takes (loading the models, no article).
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let empty = empty.to_string_lossy().into_owned();
    let scratch = format!("sqlite://{}", dir.join("scratch.db").display());
    let t = Instant::now();
    assert!(dyad(&ingest_args(&empty, &scratch)).status.success());
    let startup = t.elapsed();

    // One uninterrupted run: the reference, and how long a run takes.
    let t = Instant::now();
    let out = dyad(&ingest_args(&input, &clean));
    let full = t.elapsed();
    let work = full.saturating_sub(startup);
    assert!(out.status.success(), "{}", stderr(&out));
    let (want, want_ids) = counts(&clean);
    assert_eq!(want.0, ARTICLES);

    let mut seed: u64 = std::env::var("DYAD_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_d1ad);
    let mut partial = Vec::new();
    for _ in 0..KILLS {
        // After start-up, somewhere between 5% and 95% of the work.
        let frac = 0.05 + 0.9 * (next(&mut seed) % 1000) as f64 / 1000.0;
        let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
            .args(ingest_args(&input, &db))
            .current_dir(common::root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(startup + Duration::from_secs_f64(work.as_secs_f64() * frac));
        // SIGKILL: no destructor, no rollback code of ours runs.
        let _ = child.kill();
        let _ = child.wait();
        let (c, ids) = counts(&db);
        // Never a duplicate, even between kills.
        let mut dedup = ids.clone();
        dedup.dedup();
        assert_eq!(dedup.len(), ids.len(), "duplicate article after a kill");
        partial.push(c.0);
    }
    eprintln!("articles stored after each kill: {partial:?} of {ARTICLES}");

    let out = dyad(&ingest_args(&input, &db));
    assert!(out.status.success(), "{}", stderr(&out));
    let (got, got_ids) = counts(&db);
    assert_eq!(got_ids, want_ids, "every article exactly once");
    assert_eq!(got, want, "same sentences, quotes and event mentions");
    // The full-text index (written at the end of each batch on SQLite)
    // holds every stored sentence and quote exactly once.
    let hits = |db: &str, table: &str, text: &str| {
        let out = dyad(&[
            "query", table, "--db", db, "--text", text, "--format", "jsonl", "--limit", "0",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        jsonl(&out).len()
    };
    for (table, word) in [
        ("sentences", "report"),
        ("sentences", "dialogue"),
        ("quotes", "dialogue"),
    ] {
        assert_eq!(hits(&clean, table, word), ARTICLES, "{table} with {word}");
        assert_eq!(hits(&db, table, word), ARTICLES, "{table} with {word}");
    }
}
