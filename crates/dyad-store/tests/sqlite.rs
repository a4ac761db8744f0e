//! SQLite-only checks: persistence across reopen, migrations, the query
//! plan of the dyad + date query, and a noisy dedup measurement.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use common::{Doc, Ev, side, simple};
use dyad_store::{EventFilter, IngestOptions, SqliteStore, Store, StoreError, synthetic};

#[test]
fn reopen_keeps_data_and_skips_stored_articles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/dyad.db");
    let url = format!("sqlite://{}", path.display());
    let docs = vec![
        simple("a", "2024-01-01", "Russia criticized Ukraine."),
        simple("b", "2024-01-02", "Russia criticized Ukraine again."),
    ];
    {
        let mut s = dyad_store::open(&url).unwrap();
        assert_eq!(
            s.ingest(&docs, &IngestOptions::default()).unwrap().inserted,
            2
        );
    }
    let mut s = dyad_store::open(&url).unwrap();
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.events, c.event_mentions), (2, 1, 2));
    let r = s.ingest(&docs, &IngestOptions::default()).unwrap();
    assert_eq!((r.inserted, r.skipped_duplicates), (0, 2));
    // A third report the next day still merges into the stored event.
    let r = s
        .ingest(
            &[simple(
                "c",
                "2024-01-02",
                "Russia criticized Ukraine, said c.",
            )],
            &IngestOptions::default(),
        )
        .unwrap();
    assert_eq!(r.events_merged, 1);
    // WAL mode is on.
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, dyad_store::SCHEMA_VERSION);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'future', 'x')",
        [],
    )
    .unwrap();
    drop(conn);
    match SqliteStore::open(&path) {
        Err(StoreError::SchemaTooNew { found: 99, .. }) => {}
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

#[test]
fn dyad_month_query_uses_the_dyad_index() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    synthetic::fill(&mut s, 4_000, 1).unwrap();
    s.analyze().unwrap();
    let f = EventFilter {
        source: Some("RUSGOV".into()),
        target: Some("UKRGOV".into()),
        from: Some("2023-03-01".into()),
        to: Some("2023-03-31".into()),
        ..Default::default()
    };
    // An index search on the dyad or on the (covering) date index, never
    // a scan of the events table.
    for f in [
        f.clone(),
        EventFilter {
            either_order: true,
            ..f.clone()
        },
    ] {
        let plan = s.explain_events(&f).unwrap().join("\n");
        assert!(
            plan.contains("SEARCH e USING INDEX events_dyad")
                || plan.contains("SEARCH e USING COVERING INDEX events_date")
                || plan.contains("SEARCH e USING INDEX events_date"),
            "{plan}"
        );
        assert!(!plan.contains("SCAN e"), "{plan}");
    }
    // And the rows are the right ones.
    let rows = s.events(&f).unwrap().rows;
    assert!(rows.iter().all(|e| {
        e.source_code
            .as_deref()
            .is_some_and(|c| c.starts_with("RUSGOV"))
            && e.target_code
                .as_deref()
                .is_some_and(|c| c.starts_with("UKRGOV"))
            && e.date
                .as_deref()
                .is_some_and(|d| ("2023-03-01"..="2023-03-31").contains(&d))
    }));
    let mut n = 0;
    s.for_each_event(&EventFilter::default(), &mut |e| {
        if e.source_code.as_deref() == Some("RUSGOV")
            && e.target_code.as_deref() == Some("UKRGOV")
            && e.date
                .as_deref()
                .is_some_and(|d| ("2023-03-01"..="2023-03-31").contains(&d))
        {
            n += 1;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(rows.len(), n);
}

/// A noisier labelled set than the shared suite's: reports of one event
/// are dated up to a day either side of the true date (so two reports can
/// be two days apart) and one in six gives a wrong place. Prints pairwise
/// precision and recall; precision must stay 1 (distinct events are a week
/// apart) and recall must stay high.
#[test]
fn dedup_measured_on_noisy_set() {
    let w1 = noisy_score(1);
    let w2 = noisy_score(2);
    for (w, score) in [(1, w1), (2, w2)] {
        eprintln!(
            "noisy set, window ±{w} day(s): {} clusters for {} real events, precision {:.3}, recall {:.3}",
            score.clusters,
            score.gold_clusters,
            score.precision(),
            score.recall()
        );
        assert_eq!(score.precision(), 1.0, "window {w}");
        assert!(score.clusters >= score.gold_clusters);
    }
    // Reports up to two days apart are merged by a ±2 window, not by ±1.
    assert!(w2.recall() > w1.recall(), "{w1:?} {w2:?}");
    assert!(w1.recall() > 0.4, "{w1:?}");
}

fn noisy_score(window_days: u32) -> dyad_store::dedup::PairScore {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let mut rng = synthetic::Rng::new(42);
    let dyads = [
        ("RUS", "UKR"),
        ("USA", "CHN"),
        ("ISR", "PSE"),
        ("IND", "PAK"),
        ("TUR", "SYR"),
    ];
    let mut gold_of = BTreeMap::new();
    let mut docs = Vec::new();
    let mut g = 0usize;
    for (src, tgt) in dyads {
        for code in ["042", "111", "190"] {
            for week in 0..4 {
                let base = 8 + week * 7;
                for r in 0..(2 + rng.below(6)) {
                    let day = base + rng.below(3) - 1;
                    let date = format!("2024-06-{day:02}");
                    let place = if rng.below(6) == 0 {
                        ("Geneva", "CHE")
                    } else {
                        (tgt, tgt)
                    };
                    let id = format!("n{g}-{r}");
                    let ev = Ev::new(code, side(src, src), "acted on", side(tgt, tgt))
                        .at(place.0, Some(place.1));
                    let text = format!("{src} acted on {tgt} near {} ({id}).", place.0);
                    docs.push(
                        Doc::new(
                            &id,
                            Some(&date),
                            Some(&format!("o{}.example", rng.below(20))),
                            None,
                        )
                        .report(&text, ev)
                        .done(),
                    );
                    gold_of.insert(id, g);
                }
                g += 1;
            }
        }
    }
    for i in (1..docs.len()).rev() {
        docs.swap(i, rng.below(i + 1));
    }
    s.ingest(
        &docs,
        &IngestOptions {
            window_days,
            dedup: true,
        },
    )
    .unwrap();
    let mut items = Vec::new();
    for e in s.events(&EventFilter::default()).unwrap().rows {
        for m in s.event_mentions(e.id).unwrap() {
            items.push((e.id, gold_of[&m.doc_id]));
        }
    }
    assert_eq!(items.len(), docs.len());
    dyad_store::dedup::pair_score(&items)
}
