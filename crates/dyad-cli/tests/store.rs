//! `dyad ingest`, `query` and `export` end to end on SQLite: idempotent
//! re-runs, events reported by several outlets merged, filters, every
//! export format read back, bad inputs reported while the run goes on.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{dyad, jsonl, stderr};
use serde_json::Value;

/// Three outlets report the same meeting; a fourth article is about
/// something else.
fn write_articles(dir: &Path) -> String {
    let rows = [
        serde_json::json!({"id": "a1", "url": "https://www.reuters.com/world/talks-1", "date": "2025-02-18",
            "title": "Russia and US meet in Riyadh",
            "text": "Russia and the United States held talks in Riyadh on Tuesday. \"It was a productive meeting,\" Russian Foreign Minister Sergei Lavrov said."}),
        serde_json::json!({"id": "a2", "url": "https://apnews.com/article/talks-2", "date": "2025-02-18",
            "title": "Talks in Saudi Arabia",
            "text": "Russia and the United States held talks in Riyadh on Tuesday, officials said. Ukraine was not invited."}),
        serde_json::json!({"id": "a3", "url": "https://www.bbc.co.uk/news/talks-3", "date": "2025-02-19",
            "title": "Riyadh talks",
            "text": "Russia and the United States held talks in Riyadh on Tuesday. \"No decision can be taken behind our back,\" Ukrainian President Volodymyr Zelensky said."}),
        serde_json::json!({"id": "a4", "url": "https://www.reuters.com/world/poland-4", "date": "2025-02-18",
            "title": "Poland",
            "text": "Polish Prime Minister Donald Tusk ruled out sending Polish troops to Ukraine."}),
    ];
    let path = dir.join("articles.jsonl");
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn db_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("dyad.db").display())
}

fn query(db: &str, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--db", db, "--format", "jsonl", "--limit", "0"]);
    let out = dyad(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    jsonl(&out)
}

#[test]
fn ingest_is_idempotent_and_merges_reports_of_one_event() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_articles(dir.path());
    let db = db_url(dir.path());
    let out = dyad(&["ingest", &input, "--db", &db, "--no-progress"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("4 article(s) stored"),
        "{}",
        stderr(&out)
    );

    let articles = query(&db, &["articles"]);
    assert_eq!(articles.len(), 4);
    let events = query(&db, &["events"]);
    let mentions_before: i64 = events
        .iter()
        .map(|e| e["num_mentions"].as_i64().unwrap())
        .sum();

    // The meeting, reported by three outlets on two days, is one event.
    let meeting: Vec<&Value> = events
        .iter()
        .filter(|e| {
            e["root"] == "04"
                && [e["source_code"].as_str(), e["target_code"].as_str()]
                    .iter()
                    .all(|c| c.is_some_and(|c| c.starts_with("RUS") || c.starts_with("USA")))
        })
        .collect();
    assert!(!meeting.is_empty(), "no RUS-USA meeting in {events:#?}");
    let best = meeting
        .iter()
        .max_by_key(|e| e["num_articles"].as_i64())
        .unwrap();
    assert_eq!(best["num_articles"], 3, "{best:#?}");
    assert_eq!(best["num_sources"], 3, "{best:#?}");
    assert_eq!(best["first_seen"], "2025-02-18");
    assert_eq!(best["last_seen"], "2025-02-19");

    // Re-running stores nothing new and changes no count.
    let again = dyad(&["ingest", &input, "--db", &db, "--no-progress"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("0 article(s) stored, 4 already stored"),
        "{}",
        stderr(&again)
    );
    assert_eq!(query(&db, &["articles"]).len(), 4);
    let events_after = query(&db, &["events"]);
    assert_eq!(events_after.len(), events.len());
    let mentions_after: i64 = events_after
        .iter()
        .map(|e| e["num_mentions"].as_i64().unwrap())
        .sum();
    assert_eq!(mentions_after, mentions_before);
}

#[test]
fn query_filters_by_dyad_actor_name_date_speaker_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_articles(dir.path());
    let db = db_url(dir.path());
    assert!(
        dyad(&["ingest", &input, "--db", &db, "--no-progress"])
            .status
            .success()
    );

    let all = query(&db, &["events"]);
    let dyad_rows = query(&db, &["events", "--dyad", "RUS,USA", "--either-order"]);
    assert!(!dyad_rows.is_empty());
    assert!(dyad_rows.len() <= all.len());
    for e in &dyad_rows {
        let (s, t) = (
            e["source_code"].as_str().unwrap(),
            e["target_code"].as_str().unwrap(),
        );
        assert!(
            (s.starts_with("RUS") && t.starts_with("USA"))
                || (s.starts_with("USA") && t.starts_with("RUS")),
            "{e:#?}"
        );
    }
    // A date range that excludes every event.
    assert!(query(&db, &["events", "--from", "2030-01-01"]).is_empty());
    // Poland's refusal: by actor code.
    let pol = query(&db, &["events", "--actor", "POL"]);
    assert!(pol.iter().all(|e| {
        e["source_code"]
            .as_str()
            .is_some_and(|c| c.starts_with("POL"))
            || e["target_code"]
                .as_str()
                .is_some_and(|c| c.starts_with("POL"))
    }));

    let lavrov = query(&db, &["quotes", "--speaker", "Lavrov"]);
    assert_eq!(lavrov.len(), 1, "{lavrov:#?}");
    assert!(lavrov[0]["text"].as_str().unwrap().contains("productive"));
    let behind = query(&db, &["quotes", "--text", "behind back"]);
    assert_eq!(behind.len(), 1, "{behind:#?}");
    assert_eq!(behind[0]["speaker_name"], "Volodymyr Zelensky");
    assert!(query(&db, &["quotes", "--text", "zzzunknownword"]).is_empty());

    // A filter that does not apply is refused with a clear message.
    let bad = dyad(&["query", "events", "--db", &db, "--speaker", "Lavrov"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--speaker"), "{}", stderr(&bad));

    // The readable table has a header and one line per row.
    assert!(all.len() >= 2, "{all:#?}");
    let table = dyad(&["query", "events", "--db", &db, "--limit", "1"]);
    let text = String::from_utf8_lossy(&table.stdout).into_owned();
    assert!(text.lines().next().unwrap().starts_with("id  date"));
    assert_eq!(text.lines().count(), 2);
    assert!(stderr(&table).contains("--after"), "{}", stderr(&table));
}

#[test]
fn export_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_articles(dir.path());
    let db = db_url(dir.path());
    assert!(
        dyad(&["ingest", &input, "--db", &db, "--no-progress"])
            .status
            .success()
    );
    let events = query(&db, &["events"]);
    let quotes = query(&db, &["quotes"]);

    let csv_out = dyad(&["export", "--db", &db, "--format", "csv"]);
    assert!(csv_out.status.success(), "{}", stderr(&csv_out));
    let mut rdr = csv::Reader::from_reader(&csv_out.stdout[..]);
    let headers = rdr.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "num_sources"));
    let code_col = headers.iter().position(|h| h == "code").unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), events.len());
    // Codes stay strings with their leading zero.
    assert!(
        rows.iter()
            .all(|r| r[code_col].len() >= 3 && r[code_col].chars().all(|c| c.is_ascii_digit()))
    );

    let gdelt = dyad(&["export", "--db", &db, "--format", "gdelt"]);
    let text = String::from_utf8(gdelt.stdout).unwrap();
    assert_eq!(text.lines().count(), events.len());
    assert!(text.lines().all(|l| l.split('\t').count() == 61));

    let mentions = dyad(&[
        "export", "--db", &db, "--format", "gdelt", "--table", "mentions",
    ]);
    let text = String::from_utf8(mentions.stdout).unwrap();
    let total: i64 = events
        .iter()
        .map(|e| e["num_mentions"].as_i64().unwrap())
        .sum();
    assert_eq!(text.lines().count() as i64, total);
    assert!(text.lines().all(|l| l.split('\t').count() == 16));

    let jl = dyad(&[
        "export", "--db", &db, "--format", "jsonl", "--table", "quotes",
    ]);
    assert_eq!(jsonl(&jl).len(), quotes.len());

    let refused = dyad(&[
        "export", "--db", &db, "--format", "gdelt", "--table", "quotes",
    ]);
    assert_eq!(refused.status.code(), Some(2));

    #[cfg(feature = "parquet")]
    {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        for (table, n) in [("events", events.len()), ("quotes", quotes.len())] {
            let path = dir.path().join(format!("{table}.parquet"));
            let p = path.to_string_lossy().into_owned();
            let out = dyad(&[
                "export", "--db", &db, "--format", "parquet", "--table", table, "--out", &p,
            ]);
            assert!(out.status.success(), "{}", stderr(&out));
            let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
            let meta = reader.metadata();
            assert_eq!(meta.file_metadata().num_rows() as usize, n, "{table}");
            let schema = meta.file_metadata().schema_descr();
            let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
            let want = if table == "events" {
                "num_articles"
            } else {
                "speaker_name"
            };
            assert!(names.contains(&want), "{names:?}");
        }
    }
}

#[test]
fn bad_inputs_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(
        inputs.join("good.txt"),
        "Russia and the United States held talks in Riyadh.",
    )
    .unwrap();
    std::fs::write(inputs.join("empty.txt"), "").unwrap();
    std::fs::write(
        inputs.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 0, 7, 255],
    )
    .unwrap();
    std::fs::write(
        inputs.join("bad.jsonl"),
        "{\"text\": \"Fine record.\"}\nnot json\n",
    )
    .unwrap();
    let rejects = dir.path().join("rejects.jsonl");
    let db = db_url(dir.path());
    let out = dyad(&[
        "ingest",
        &inputs.to_string_lossy(),
        "--db",
        &db,
        "--no-progress",
        "--rejects",
        &rejects.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let listed = std::fs::read_to_string(&rejects).unwrap();
    assert!(listed.contains("binary.txt"), "{listed}");
    assert!(listed.contains("bad.jsonl"), "{listed}");
    let articles = query(&db, &["articles"]);
    let ids: Vec<&str> = articles
        .iter()
        .map(|a| a["doc_id"].as_str().unwrap())
        .collect();
    assert!(ids.iter().any(|i| i.contains("good.txt")), "{ids:?}");
    assert!(ids.iter().any(|i| i.contains("bad.jsonl")), "{ids:?}");
}

#[test]
fn unknown_store_urls_are_a_clear_error() {
    let out = dyad(&["query", "--db", "mysql://localhost/x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unsupported store URL"),
        "{}",
        stderr(&out)
    );
}

/// A text repeated in one run (a syndicated wire copy under another id)
/// is stored once, under its first id, and counted as repeated.
#[test]
fn ingest_stores_a_text_repeated_in_one_run_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Polish Prime Minister Donald Tusk ruled out sending Polish troops to Ukraine.";
    let rows = [
        serde_json::json!({"id": "first", "date": "2025-02-18", "text": text}),
        serde_json::json!({"id": "other", "date": "2025-02-18", "text": "Russia and the United States held talks in Riyadh on Tuesday."}),
        serde_json::json!({"id": "copy-1", "date": "2025-02-19", "text": text}),
    ];
    let a = dir.path().join("a.jsonl");
    std::fs::write(
        &a,
        rows.iter().map(|r| format!("{r}\n")).collect::<String>(),
    )
    .unwrap();
    // The same text again in a second input of the same run.
    let b = dir.path().join("b.jsonl");
    let copy = serde_json::json!({"id": "copy-2", "date": "2025-02-20", "text": text});
    std::fs::write(&b, format!("{copy}\n")).unwrap();
    let db = db_url(dir.path());
    let (a, b) = (a.to_string_lossy(), b.to_string_lossy());
    let out = dyad(&["ingest", &a, &b, "--db", &db, "--no-progress"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2 article(s) stored, 2 already stored or repeated, 0 rejected"),
        "{}",
        stderr(&out)
    );
    let mut ids: Vec<String> = query(&db, &["articles"])
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, ["first", "other"]);
}
