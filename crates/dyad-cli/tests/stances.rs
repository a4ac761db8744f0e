//! `dyad stances` end to end on SQLite (the example article ingested,
//! the actor × issue matrix printed as JSON Lines, CSV and a table), and
//! the store's matrix against `dyad_stances::positions` on the same
//! document, so the two implementations of the aggregation rule cannot
//! drift apart.

#![allow(clippy::unwrap_used)]

mod common;

use common::{dyad, jsonl, root, stderr};
use dyad_core::{Document, Meta, Pipeline};
use dyad_store::{IngestOptions, StanceFilter};
use serde_json::Value;

fn ingest_example(dir: &std::path::Path) -> String {
    let db = format!("sqlite://{}", dir.join("dyad.db").display());
    let out = dyad(&[
        "ingest",
        "examples/riyadh-talks.txt",
        "--date",
        "2025-02-18",
        "--db",
        &db,
        "--no-progress",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

fn polarity_of(cells: &[Value], prefix: &str) -> String {
    let found: Vec<&Value> = cells
        .iter()
        .filter(|c| c["actor"].as_str().unwrap().starts_with(prefix))
        .collect();
    assert_eq!(found.len(), 1, "{prefix}: {cells:?}");
    found[0]["polarity"].as_str().unwrap().to_owned()
}

#[test]
fn stances_prints_the_actor_issue_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest_example(dir.path());

    let out = dyad(&[
        "stances",
        "--db",
        &db,
        "--issue",
        "troops-in-ukraine",
        "--format",
        "jsonl",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let cells = jsonl(&out);
    assert!(cells.iter().all(|c| c["issue"] == "troops-in-ukraine"));
    for (actor, polarity) in [
        ("GBR", "support"),
        ("USA", "support"),
        ("DEU", "neutral"),
        ("POL", "oppose"),
        ("ITA", "oppose"),
        ("RUS", "oppose"),
    ] {
        assert_eq!(polarity_of(&cells, actor), polarity, "{actor}");
    }
    let rus = cells
        .iter()
        .find(|c| c["actor"].as_str().unwrap().starts_with("RUS"))
        .unwrap();
    assert_eq!(rus["holders"], serde_json::json!(["Sergei Lavrov"]));
    assert_eq!(rus["statements"], 2);
    assert_eq!(rus["n_oppose"], 2);
    assert_eq!(rus["first_date"], "2025-02-18");
    assert!(rus.get("evidence").is_none());

    // The table: issues are columns, actors rows, with a legend.
    let out = dyad(&["stances", "--db", &db]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout).unwrap();
    let header = table.lines().next().unwrap();
    assert!(header.starts_with("actor"), "{table}");
    assert!(header.contains("troops-in-ukraine"), "{table}");
    assert!(header.contains("nato-membership-ukraine"), "{table}");
    let pol = table.lines().find(|l| l.starts_with("POLGOV")).unwrap();
    assert!(pol.contains("\u{2212}0.90"), "{pol}");
    assert!(pol.contains('·'), "{pol}");
    assert!(table.contains("Donald Tusk"), "{table}");
    assert!(table.contains("+ support"), "{table}");
    assert!(
        table.contains("troops-in-ukraine: Foreign troops in Ukraine"),
        "{table}"
    );

    // --evidence lists each cell's statements.
    let out = dyad(&["stances", "--db", &db, "--actor", "tusk", "--evidence"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("POLGOV × troops-in-ukraine: oppose 0.90"),
        "{text}"
    );
    assert!(text.contains("cues: ruled out"), "{text}");
    assert!(text.contains("\u{201c}sending troops\u{201d}"), "{text}");
    let out = dyad(&[
        "stances",
        "--db",
        &db,
        "--actor",
        "GBR",
        "--evidence",
        "--format",
        "jsonl",
    ]);
    let cells = jsonl(&out);
    assert_eq!(cells.len(), 1);
    let ev = &cells[0]["evidence"][0];
    assert!(
        ev["doc_id"].as_str().unwrap().ends_with("riyadh-talks.txt"),
        "{ev}"
    );
    assert_eq!(ev["date"], "2025-02-18");
    assert!(ev["stance_id"].as_i64().unwrap() > 0);
    assert!(ev["text"].as_str().unwrap().contains("British troops"));
    assert!(ev["cues"].as_str().unwrap().contains("contemplate"));

    // CSV: one row per cell, with a header.
    let out = dyad(&["stances", "--db", &db, "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("actor,holders,issue,label,polarity,strength"));
    assert!(
        csv.contains("POLGOV,Donald Tusk,troops-in-ukraine"),
        "{csv}"
    );

    // Filters that match nothing, and bad dates.
    let out = dyad(&["stances", "--db", &db, "--from", "2030-01-01"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let out = dyad(&["stances", "--db", &db, "--from", "yesterday"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("yesterday"), "{}", stderr(&out));
}

/// The pipeline `dyad analyze` runs (mirrors the CLI's `pipeline()`).
fn pipeline() -> Pipeline {
    let kb = dyad_actors::Actors::embedded().unwrap();
    let events = dyad_events::Events::new(Some(Box::new(kb.clone()))).unwrap();
    Pipeline::new()
        .with(dyad_nlp::segment::Segmenter::new())
        .with(dyad_nlp::tag::Tagger::default())
        .with(dyad_nlp::parse::Parser::default())
        .with(dyad_nlp::ner::Ner::default())
        .with(dyad_nlp::coref::Coref::default())
        .with(dyad_attrib::Quotes::new())
        .with(kb)
        .with(events)
        .with(dyad_stances::Stances::embedded().unwrap())
}

/// `Store::stance_matrix` and `dyad_stances::positions` agree cell for
/// cell on the example (and on the example twice, as two articles).
#[test]
fn store_matrix_matches_positions() {
    let text = std::fs::read_to_string(root().join("examples/riyadh-talks.txt")).unwrap();
    let p = pipeline();
    let doc = |id: &str, text: String| {
        let mut d = Document::new(
            Meta {
                id: id.into(),
                date: Some("2025-02-18".into()),
                ..Meta::default()
            },
            text,
        )
        .unwrap();
        p.run(&mut d);
        d
    };
    let a = doc("a", text.clone());
    // A second article with the same stances (different text, so it is
    // stored): every cell gets twice the statements.
    let b = doc("b", format!("{text}\n"));
    assert!(a.stances.len() >= 10, "{}", a.stances.len());
    for docs in [vec![a.clone()], vec![a, b]] {
        let want = dyad_stances::positions(&docs);
        let mut store = dyad_store::open("sqlite::memory:").unwrap();
        store.ingest(&docs, &IngestOptions::default()).unwrap();
        let got = store.stance_matrix(&StanceFilter::default()).unwrap();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            let cell = format!("{} x {}", w.actor, w.issue);
            assert_eq!(
                (&g.actor, &g.issue, &g.label),
                (&w.actor, &w.issue, &w.label)
            );
            assert_eq!(g.polarity, w.polarity.as_str(), "{cell}");
            assert_eq!(g.strength as f32, w.strength, "{cell}");
            assert_eq!(g.statements as usize, w.statements, "{cell}");
            assert_eq!(g.holders, w.holders, "{cell}");
            assert_eq!(
                (g.n_support + g.n_oppose + g.n_neutral) as usize,
                w.statements
            );
            // The stored statements are the positions' evidence, in order.
            let f = StanceFilter {
                issues: vec![w.issue.clone()],
                ..StanceFilter::default()
            };
            let rows: Vec<_> = store
                .stances(&f)
                .unwrap()
                .rows
                .into_iter()
                .filter(|r| r.actor_key == w.actor)
                .collect();
            assert_eq!(rows.len(), w.evidence.len(), "{cell}");
            for (r, e) in rows.iter().zip(&w.evidence) {
                assert_eq!(r.doc_id, e.doc);
                assert_eq!(r.sentence, i64::from(e.sentence));
                assert_eq!(r.text, e.text);
                assert_eq!(r.polarity, e.polarity.as_str());
                assert_eq!(r.strength as f32, e.strength);
                assert_eq!(r.evidence, e.cues, "{cell}");
            }
        }
    }
}
