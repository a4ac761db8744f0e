//! A database written by the previous schema version migrates forward
//! when opened: its rows stay, the new tables appear, and stances can be
//! stored and aggregated. PostgreSQL runs when `DYAD_TEST_POSTGRES_URL`
//! is set.
#![allow(clippy::unwrap_used)]

mod common;

use common::stance_corpus;
use dyad_store::{IngestOptions, PostgresStore, SCHEMA_VERSION, StanceFilter, Store};

const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_version (\
     version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

/// One article row as schema version 1 stored it.
const V1_ARTICLE: &str = "INSERT INTO articles (doc_id, content_hash, title, date, day, url, \
     source, outlet, language, authors, origin_path, origin_record, origin_format, encoding, \
     pipeline, text, chars, num_sentences, num_quotes, num_events, ingested_at) VALUES \
     ('old', 'hash-of-old', NULL, '2024-01-01', '2024-01-01', NULL, NULL, 'old.example', NULL, \
      '[]', '', NULL, 'text', NULL, '[]', 'Old text.', 9, 0, 0, 0, '2024-01-01T00:00:00Z')";

fn check_migrated(s: &mut dyn Store) {
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.stances), (1, 0));
    let r = s
        .ingest(&stance_corpus(), &IngestOptions::default())
        .unwrap();
    assert_eq!(r.stances, 10);
    let cells = s.stance_matrix(&StanceFilter::default()).unwrap();
    assert_eq!(cells.len(), 7);
    assert_eq!(s.counts().unwrap().articles, 3);
}

#[test]
fn sqlite_v1_database_migrates_forward() {
    assert_eq!(SCHEMA_VERSION, 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!("../migrations/sqlite/0001_init.sql"))
            .unwrap();
        c.execute_batch(VERSION_TABLE).unwrap();
        c.execute(
            "INSERT INTO schema_version VALUES (1, 'init', '2024-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        c.execute(V1_ARTICLE, []).unwrap();
    }
    let mut s = dyad_store::open(&format!("sqlite://{}", path.display())).unwrap();
    check_migrated(s.as_mut());
    drop(s);
    let c = rusqlite::Connection::open(&path).unwrap();
    let versions: Vec<(i64, String)> = c
        .prepare("SELECT version, name FROM schema_version ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions, [(1, "init".into()), (2, "stances".into())]);
    // Opening again applies nothing.
    drop(c);
    let mut s = dyad_store::open(&format!("sqlite://{}", path.display())).unwrap();
    assert_eq!(s.counts().unwrap().stances, 10);
}

#[test]
fn postgres_v1_database_migrates_forward() {
    let Ok(url) = std::env::var("DYAD_TEST_POSTGRES_URL") else {
        eprintln!("skipping PostgreSQL: DYAD_TEST_POSTGRES_URL not set");
        return;
    };
    let schema = format!("dyad_t{}_migrate", std::process::id());
    PostgresStore::drop_schema(&url, &schema).unwrap();
    {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        c.batch_execute(&format!(
            "CREATE SCHEMA {schema}; SET search_path TO {schema}"
        ))
        .unwrap();
        c.batch_execute(include_str!("../migrations/postgres/0001_init.sql"))
            .unwrap();
        c.batch_execute(VERSION_TABLE).unwrap();
        c.batch_execute("INSERT INTO schema_version VALUES (1, 'init', '2024-01-01T00:00:00Z')")
            .unwrap();
        c.batch_execute(V1_ARTICLE).unwrap();
    }
    let r = std::panic::catch_unwind(|| {
        let mut s = PostgresStore::connect_in_schema(&url, &schema).unwrap();
        check_migrated(&mut s);
        drop(s);
        let mut s = PostgresStore::connect_in_schema(&url, &schema).unwrap();
        assert_eq!(s.counts().unwrap().stances, 10);
    });
    PostgresStore::drop_schema(&url, &schema).unwrap();
    if let Err(e) = r {
        std::panic::resume_unwind(e);
    }
}
