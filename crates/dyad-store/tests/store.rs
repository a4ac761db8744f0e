//! The shared store test suite: every test runs against SQLite (a temp
//! file) and against PostgreSQL when `DYAD_TEST_POSTGRES_URL` is set (each
//! test in its own schema, dropped afterwards). Start a server with
//! `.ci/start-postgres.sh`.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{
    Doc, Ev, NATO, TROOPS, dedup_corpus, filter_corpus, quote_corpus, side, simple, stance_corpus,
};
use dyad_core::{Document, QuoteKind};
use dyad_store::{
    ActorFilter, ArticleFilter, EventFilter, EventRow, IngestOptions, MatrixCell,
    NegotiationFilter, PostgresStore, QuoteFilter, QuoteRow, SentenceFilter, SentenceRow,
    StanceFilter, Store, StoreError, content_hash,
};

type Test = fn(&mut dyn Store);

fn run_sqlite(t: Test) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/test.db", dir.path().display());
    let mut s = dyad_store::open(&url).unwrap();
    assert_eq!(s.backend(), "sqlite");
    t(s.as_mut());
}

fn pg_url() -> Option<String> {
    match std::env::var("DYAD_TEST_POSTGRES_URL") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            eprintln!("skipping PostgreSQL: DYAD_TEST_POSTGRES_URL not set");
            None
        }
    }
}

fn pg_schema(name: &str) -> String {
    let mut s = format!("dyad_t{}_{name}", std::process::id());
    s.truncate(63);
    s
}

fn run_pg(name: &str, t: Test) {
    let Some(url) = pg_url() else { return };
    let schema = pg_schema(name);
    PostgresStore::drop_schema(&url, &schema).unwrap();
    let mut s = PostgresStore::connect_in_schema(&url, &schema).unwrap();
    assert_eq!(s.backend(), "postgres");
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| t(&mut s)));
    drop(s);
    PostgresStore::drop_schema(&url, &schema).unwrap();
    if let Err(e) = r {
        std::panic::resume_unwind(e);
    }
}

macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::run_sqlite(super::$name) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::run_pg(stringify!($name), super::$name) } )*
        }
    };
}

suite!(
    idempotent_reingest,
    same_text_other_id_is_skipped,
    failed_batch_leaves_nothing,
    dedup_counts,
    dedup_across_batches_matches_one_batch,
    dedup_window_and_switch,
    dedup_measured_on_labelled_set,
    event_filters,
    quote_filters,
    cursor_pagination,
    streaming_visitors,
    full_text_search,
    full_text_rows_across_batches,
    weird_strings,
    empty_documents,
    code_point_offsets,
    articles_and_actors,
    delete_article,
    stances_stored_and_filtered,
    stance_matrix_aggregates,
    negotiations_stored,
    delete_article_removes_stances,
);

fn opts() -> IngestOptions {
    IngestOptions::default()
}

fn all_events(s: &mut dyn Store, f: &EventFilter) -> Vec<EventRow> {
    s.events(f).unwrap().rows
}

/// The doc ids of the first mentions of the events matching `f`.
fn doc_ids(s: &mut dyn Store, f: &EventFilter) -> BTreeSet<String> {
    all_events(s, f)
        .into_iter()
        .map(|e| e.doc_id.unwrap())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).to_owned()).collect()
}

/// The sentences found by full-text search for `text`.
fn sentences_with(s: &mut dyn Store, text: &str) -> Vec<SentenceRow> {
    let f = SentenceFilter {
        text: Some(text.into()),
        ..SentenceFilter::default()
    };
    s.sentences(&f).unwrap().rows
}

/// The quotes found by full-text search for `text`.
fn quotes_with(s: &mut dyn Store, text: &str) -> Vec<QuoteRow> {
    let f = QuoteFilter {
        text: Some(text.into()),
        ..QuoteFilter::default()
    };
    s.quotes(&f).unwrap().rows
}

// ---------------------------------------------------------------- ingest

fn idempotent_reingest(s: &mut dyn Store) {
    let docs = vec![
        simple("a", "2024-01-01", "Russia criticized Ukraine on Monday."),
        simple("b", "2024-02-01", "Russia criticized Ukraine again."),
        simple("c", "2024-03-01", "Russia criticized Ukraine once more."),
    ];
    let r = s.ingest(&docs, &opts()).unwrap();
    assert_eq!((r.inserted, r.skipped_duplicates), (3, 0));
    assert_eq!((r.events_new, r.events_merged, r.mentions), (3, 0, 3));
    let before = s.counts().unwrap();
    assert_eq!(before.articles, 3);
    assert_eq!(before.sentences, 3);
    let r = s.ingest(&docs, &opts()).unwrap();
    assert_eq!((r.inserted, r.skipped_duplicates, r.mentions), (0, 3, 0));
    assert_eq!(s.counts().unwrap(), before);
    for d in &docs {
        assert!(s.contains(&content_hash(&d.text)).unwrap());
    }
    assert!(!s.contains(&content_hash("never stored")).unwrap());
    // A resumed run: half old, half new.
    let more = vec![
        docs[1].clone(),
        simple("d", "2024-04-01", "Russia criticized Ukraine in April."),
    ];
    let r = s.ingest(&more, &opts()).unwrap();
    assert_eq!((r.inserted, r.skipped_duplicates), (1, 1));
    assert_eq!(s.counts().unwrap().articles, 4);
}

fn same_text_other_id_is_skipped(s: &mut dyn Store) {
    let a = simple("first-id", "2024-01-01", "Russia criticized Ukraine.");
    let mut b = a.clone();
    b.meta.id = "second-id".into();
    b.meta.url = Some("https://elsewhere.example/x".into());
    // Within one batch ...
    let r = s.ingest(&[a.clone(), b.clone()], &opts()).unwrap();
    assert_eq!((r.inserted, r.skipped_duplicates), (1, 1));
    // ... and across batches.
    let r = s.ingest(&[b], &opts()).unwrap();
    assert_eq!((r.inserted, r.skipped_duplicates), (0, 1));
    let arts = s.articles(&ArticleFilter::default()).unwrap().rows;
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0].doc_id, "first-id");
    assert_eq!(arts[0].content_hash, content_hash(&a.text));
    assert_eq!(s.counts().unwrap().event_mentions, 1);
}

fn failed_batch_leaves_nothing(s: &mut dyn Store) {
    let good1 = simple("g1", "2024-01-01", "Russia criticized Ukraine.");
    let good2 = simple("g2", "2024-01-01", "Russia criticized Ukraine strongly.");
    let mut bad = simple("bad", "2024-01-01", "Russia criticized Ukraine badly.");
    let len = bad.text.len() as u32;
    bad.events[0].trigger = dyad_core::Span::new(len - 2, len + 10);
    let err = s.ingest(&[good1.clone(), good2.clone(), bad.clone()], &opts());
    match err {
        Err(StoreError::InvalidDocument { doc_id, reason }) => {
            assert_eq!(doc_id, "bad");
            assert!(reason.contains("trigger"), "{reason}");
        }
        other => panic!("expected InvalidDocument, got {other:?}"),
    }
    assert_eq!(s.counts().unwrap(), dyad_store::Counts::default());
    assert!(!s.contains(&content_hash(&good1.text)).unwrap());
    // A span that is not on a char boundary is refused too.
    let mut bad2 = simple("bad2", "2024-01-01", "Ünïcödé Russia criticized Ukraine.");
    bad2.sentences[0].span = dyad_core::Span::new(1, 5);
    assert!(matches!(
        s.ingest(&[bad2], &opts()),
        Err(StoreError::InvalidDocument { .. })
    ));
    // The store is still usable and the good documents go in once.
    let r = s.ingest(&[good1, good2], &opts()).unwrap();
    assert_eq!(r.inserted, 2);
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.events, c.event_mentions), (2, 1, 2));
    let e = &all_events(s, &EventFilter::default())[0];
    assert_eq!((e.num_articles, e.num_mentions), (2, 2));
}

// ----------------------------------------------------------------- dedup

fn check_dedup(s: &mut dyn Store) {
    let c = s.counts().unwrap();
    assert_eq!(c.articles, 12);
    assert_eq!(c.event_mentions, 14);
    assert_eq!(c.events, 9, "{:#?}", all_events(s, &EventFilter::default()));
    let main: Vec<EventRow> = all_events(s, &EventFilter::default())
        .into_iter()
        .filter(|e| e.num_mentions > 2)
        .collect();
    assert_eq!(main.len(), 1);
    let m = &main[0];
    assert_eq!(m.doc_id.as_deref(), Some("A1"));
    assert_eq!((m.num_mentions, m.num_articles, m.num_sources), (5, 4, 3));
    assert_eq!(m.date.as_deref(), Some("2024-03-10"));
    assert_eq!(m.first_seen.as_deref(), Some("2024-03-09"));
    assert_eq!(m.last_seen.as_deref(), Some("2024-03-11"));
    assert_eq!(m.code, "111");
    assert_eq!(m.location_country.as_deref(), Some("UKR"));
    let mentions = s.event_mentions(m.id).unwrap();
    let docs: Vec<&str> = mentions.iter().map(|x| x.doc_id.as_str()).collect();
    assert_eq!(docs, ["A1", "A2", "A3", "A4", "A4"]);
    assert_eq!(mentions[1].code, "112", "each mention keeps its own code");
    let outlets: BTreeSet<&str> = mentions.iter().map(|x| x.outlet.as_str()).collect();
    assert!(
        outlets.contains("reuters.com") && outlets.contains("bbc.co.uk"),
        "{outlets:?}"
    );
    assert!(outlets.iter().any(|o| o.starts_with("article:")));
    // Unknown sources: A11's two mentions merge, A12 stays apart.
    let unknown: Vec<EventRow> = all_events(s, &EventFilter::default())
        .into_iter()
        .filter(|e| e.source_code.is_none())
        .collect();
    let mut shape: Vec<(String, i64)> = unknown
        .iter()
        .map(|e| (e.doc_id.clone().unwrap(), e.num_mentions))
        .collect();
    shape.sort();
    assert_eq!(shape, [("A11".to_owned(), 2), ("A12".to_owned(), 1)]);
    // Negated and intent events are apart.
    let neg = all_events(
        s,
        &EventFilter {
            negated: Some(true),
            ..Default::default()
        },
    );
    assert_eq!(neg.len(), 1);
    assert_eq!(neg[0].num_mentions, 1);
    let intent = all_events(
        s,
        &EventFilter {
            modality: Some("intent".into()),
            ..Default::default()
        },
    );
    assert_eq!(intent.len(), 1);
}

fn dedup_counts(s: &mut dyn Store) {
    let r = s.ingest(&dedup_corpus(), &opts()).unwrap();
    assert_eq!((r.events_new, r.events_merged, r.mentions), (9, 5, 14));
    check_dedup(s);
}

fn dedup_across_batches_matches_one_batch(s: &mut dyn Store) {
    for d in dedup_corpus() {
        s.ingest(&[d], &opts()).unwrap();
    }
    check_dedup(s);
}

fn dedup_window_and_switch(s: &mut dyn Store) {
    let a = simple("w1", "2024-03-10", "Russia criticized Ukraine.");
    let b = simple("w2", "2024-03-13", "Russia criticized Ukraine, later.");
    let c = simple("w3", "2024-03-17", "Russia criticized Ukraine, much later.");
    let wide = IngestOptions {
        window_days: 3,
        ..opts()
    };
    s.ingest(&[a, b, c], &wide).unwrap();
    // w2 is 3 days from the anchor (merged), w3 7 days (not).
    let ev = all_events(s, &EventFilter::default());
    let shape: Vec<i64> = ev.iter().map(|e| e.num_mentions).collect();
    assert_eq!(shape, [2, 1]);
    // Dedup off: every mention is an event.
    let d = simple("w4", "2024-03-10", "Russia criticized Ukraine, too.");
    let off = IngestOptions {
        dedup: false,
        ..opts()
    };
    let r = s.ingest(&[d], &off).unwrap();
    assert_eq!((r.events_new, r.events_merged), (1, 0));
    assert_eq!(s.counts().unwrap().events, 3);
}

/// A labelled synthetic set: `gold` real events, each reported by several
/// outlets with dates jittered by up to a day and locations sometimes
/// missing; distinct events share dyads, roots or dates but never all
/// three. Merging must be perfect (pairwise precision and recall 1).
fn dedup_measured_on_labelled_set(s: &mut dyn Store) {
    let dyads = [
        ("RUS", "UKR"),
        ("UKR", "RUS"),
        ("USA", "CHN"),
        ("ISR", "PSE"),
    ];
    let codes = ["042", "111", "190"];
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let mut docs = Vec::new();
    let mut gold_of: BTreeMap<(String, i64), usize> = BTreeMap::new();
    let mut gold = 0usize;
    for (di, (src, tgt)) in dyads.iter().enumerate() {
        for (ci, code) in codes.iter().enumerate() {
            for week in 0..2 {
                let g = gold;
                gold += 1;
                let base = 1 + week * 7 + ci; // distinct days, >= 1 apart per dyad/root
                let reports = 1 + next(5);
                for r in 0..reports {
                    let day = base + next(2) as usize;
                    let date = format!("2024-05-{day:02}");
                    let outlet = format!("outlet{}.example", next(8));
                    let id = format!("g{g}-r{r}-d{di}");
                    let text = format!("{src} acted on {tgt} (report {r} of event {g}).");
                    let country = if next(2) == 0 { None } else { Some(*tgt) };
                    let mut ev = Ev::new(code, side(src, src), "acted on", side(tgt, tgt));
                    if let Some(c) = country {
                        ev = ev.at(tgt, Some(c));
                    }
                    let doc = Doc::new(&id, Some(&date), Some(&outlet), None)
                        .report(&text, ev)
                        .done();
                    gold_of.insert((id, 0), g);
                    docs.push(doc);
                }
            }
        }
    }
    // Shuffle the arrival order.
    for i in (1..docs.len()).rev() {
        let j = next(i as u64 + 1) as usize;
        docs.swap(i, j);
    }
    for chunk in docs.chunks(7) {
        s.ingest(chunk, &opts()).unwrap();
    }
    let mut items = Vec::new();
    let events = all_events(s, &EventFilter::default());
    for e in &events {
        for m in s.event_mentions(e.id).unwrap() {
            let g = gold_of[&(m.doc_id.clone(), m.sentence)];
            items.push((e.id, g));
        }
    }
    assert_eq!(items.len(), docs.len());
    let score = dyad_store::dedup::pair_score(&items);
    eprintln!(
        "dedup on labelled set ({} backend): {} mentions, {} clusters (gold {}), precision {:.3}, recall {:.3}",
        s.backend(),
        items.len(),
        score.clusters,
        score.gold_clusters,
        score.precision(),
        score.recall()
    );
    assert_eq!(score.gold_clusters, gold as u64);
    assert!(score.gold_pairs > 10, "the set must contain merges to test");
    assert_eq!(score.clusters, score.gold_clusters);
    assert_eq!(score.precision(), 1.0);
    assert_eq!(score.recall(), 1.0);
    // Counts agree with the mentions.
    for e in &events {
        let ms = s.event_mentions(e.id).unwrap();
        assert_eq!(e.num_mentions, ms.len() as i64);
        let outlets: BTreeSet<&str> = ms.iter().map(|m| m.outlet.as_str()).collect();
        assert_eq!(e.num_sources, outlets.len() as i64);
    }
    // Streaming every mention (a batch of events per query) gives what
    // asking event by event gives, in the same order.
    let mut per_event = Vec::new();
    for e in &events {
        per_event.extend(s.event_mentions(e.id).unwrap());
    }
    let mut streamed = Vec::new();
    let n = s
        .for_each_mention(&EventFilter::default(), &mut |m| {
            streamed.push(m);
            Ok(())
        })
        .unwrap();
    assert_eq!(n as usize, streamed.len());
    assert_eq!(
        serde_json::to_value(&streamed).unwrap(),
        serde_json::to_value(&per_event).unwrap()
    );
    // `limit` caps the events, not their mentions; a filter applies to
    // the events.
    let limited = EventFilter {
        limit: Some(3),
        ..Default::default()
    };
    let first3: i64 = events[..3].iter().map(|e| e.num_mentions).sum();
    assert!(first3 > 3, "the first events must have merged mentions");
    let n = s.for_each_mention(&limited, &mut |_| Ok(())).unwrap();
    assert_eq!(n as i64, first3);
    let root = events[0].root.clone();
    let n = s
        .for_each_mention(
            &EventFilter {
                root: Some(root.clone()),
                ..Default::default()
            },
            &mut |m| {
                assert_eq!(m.root, root);
                Ok(())
            },
        )
        .unwrap();
    let expected: i64 = events
        .iter()
        .filter(|e| e.root == root)
        .map(|e| e.num_mentions)
        .sum();
    assert_eq!(n as i64, expected);
}

// --------------------------------------------------------------- queries

fn event_filters(s: &mut dyn Store) {
    s.ingest(&filter_corpus(), &opts()).unwrap();
    let f = |g: fn(&mut EventFilter)| {
        let mut f = EventFilter::default();
        g(&mut f);
        f
    };
    let all = set(&["F1", "F2", "F3", "F4", "F5", "F6"]);
    assert_eq!(doc_ids(s, &EventFilter::default()), all);
    let cases: Vec<(EventFilter, BTreeSet<String>)> = vec![
        (
            f(|f| f.actor = Some("RUS".into())),
            set(&["F1", "F2", "F4"]),
        ),
        (f(|f| f.actor = Some("rusgov".into())), set(&["F1", "F4"])),
        (f(|f| f.actor = Some("lavrov".into())), set(&["F4"])),
        (f(|f| f.actor = Some("UKRAINE".into())), set(&["F1", "F2"])),
        (f(|f| f.actor = Some("ZZZ".into())), set(&[])),
        (
            f(|f| {
                f.source = Some("RUS".into());
                f.target = Some("UKR".into());
            }),
            set(&["F1"]),
        ),
        (
            f(|f| {
                f.source = Some("RUS".into());
                f.target = Some("UKR".into());
                f.either_order = true;
            }),
            set(&["F1", "F2"]),
        ),
        (f(|f| f.source = Some("RUS".into())), set(&["F1", "F4"])),
        (f(|f| f.target = Some("RUS".into())), set(&["F2"])),
        (
            f(|f| {
                f.source = Some("rus".into());
                f.either_order = true;
            }),
            set(&["F1", "F2", "F4"]),
        ),
        (f(|f| f.code = Some("11".into())), set(&["F1", "F4"])),
        (f(|f| f.code = Some("111".into())), set(&["F4"])),
        (f(|f| f.root = Some("19".into())), set(&["F3"])),
        (f(|f| f.quad_class = Some(4)), set(&["F3"])),
        (f(|f| f.quad_class = Some(1)), set(&["F2"])),
        (f(|f| f.plover = Some("consult".into())), set(&["F2"])),
        (
            f(|f| {
                f.from = Some("2024-02-01".into());
                f.to = Some("2024-02-29".into());
            }),
            set(&["F3", "F4"]),
        ),
        (
            f(|f| {
                f.from = Some("2024-02-11".into());
                f.to = Some("2024-02-11".into());
            }),
            set(&["F4"]),
        ),
        (f(|f| f.to = Some("2024-01-20".into())), set(&["F1", "F2"])),
        (f(|f| f.negated = Some(true)), set(&["F5"])),
        (
            f(|f| f.negated = Some(false)),
            set(&["F1", "F2", "F3", "F4", "F6"]),
        ),
        (f(|f| f.modality = Some("intent".into())), set(&["F6"])),
        (
            f(|f| {
                f.actor = Some("RUS".into());
                f.from = Some("2024-02-01".into());
            }),
            set(&["F4"]),
        ),
    ];
    for (filter, want) in cases {
        assert_eq!(doc_ids(s, &filter), want, "{filter:?}");
    }
    // Row contents.
    let f4 = &all_events(s, &f(|f| f.actor = Some("lavrov".into())))[0];
    assert_eq!(f4.source_code.as_deref(), Some("RUSGOV"));
    assert_eq!(f4.source_name.as_deref(), Some("Sergei Lavrov"));
    assert_eq!(f4.source_country.as_deref(), Some("RUS"));
    assert_eq!(f4.source_sector.as_deref(), Some("GOV"));
    assert_eq!(f4.target_code.as_deref(), Some("IGOWSTNAT"));
    assert_eq!(
        f4.sentence_text.as_deref(),
        Some("Sergei Lavrov criticized NATO.")
    );
    assert_eq!(f4.trigger.as_deref(), Some("criticized"));
    assert_eq!(f4.rule.as_deref(), Some("test/rule"));
    assert_eq!(f4.confidence, Some(0.5));
    assert_eq!(f4.goldstein, -2.5);
    let f2 = &all_events(s, &f(|f| f.root = Some("04".into())))[0];
    assert_eq!(f2.code, "040", "leading zero kept");
    let f6 = &all_events(s, &f(|f| f.modality = Some("intent".into())))[0];
    assert_eq!(f6.source_code, None);
    assert_eq!(f6.source_name.as_deref(), Some("Protesters"));
    assert_eq!(f6.target_code, None);
    // Bad filter values are errors, not panics.
    for bad in ["2024-02-30", "yesterday", "2024-01-01T00:00"] {
        let r = s.events(&EventFilter {
            from: Some(bad.into()),
            ..Default::default()
        });
        assert!(matches!(r, Err(StoreError::InvalidFilter(_))), "{bad}");
    }
}

fn quote_texts(s: &mut dyn Store, f: &QuoteFilter) -> BTreeSet<String> {
    s.quotes(f)
        .unwrap()
        .rows
        .into_iter()
        .map(|q| q.text)
        .collect()
}

fn quote_filters(s: &mut dyn Store) {
    s.ingest(&quote_corpus(), &opts()).unwrap();
    let q = |g: fn(&mut QuoteFilter)| {
        let mut f = QuoteFilter::default();
        g(&mut f);
        f
    };
    let lav = "We will not back down";
    let bli = "the talks were productive";
    let pea = "Peace is possible";
    let nob = "Nobody knows";
    let cases: Vec<(QuoteFilter, BTreeSet<String>)> = vec![
        (QuoteFilter::default(), set(&[lav, bli, pea, nob])),
        (q(|f| f.speaker = Some("lavrov".into())), set(&[lav])),
        (q(|f| f.speaker = Some("SPOKES".into())), set(&[pea])),
        (q(|f| f.speaker = Some("USA".into())), set(&[bli])),
        (q(|f| f.speaker = Some("rus".into())), set(&[lav])),
        (q(|f| f.kind = Some("indirect".into())), set(&[bli])),
        (q(|f| f.kind = Some("partial".into())), set(&[nob])),
        (q(|f| f.from = Some("2024-02-01".into())), set(&[pea, nob])),
        (q(|f| f.to = Some("2024-01-05".into())), set(&[lav, bli])),
        (q(|f| f.text = Some("back DOWN".into())), set(&[lav])),
        (
            q(|f| {
                f.text = Some("talks".into());
                f.speaker = Some("blinken".into());
            }),
            set(&[bli]),
        ),
    ];
    for (filter, want) in cases {
        assert_eq!(quote_texts(s, &filter), want, "{filter:?}");
    }
    let art = s
        .articles(&ArticleFilter {
            doc_id: Some("Q2".into()),
            ..Default::default()
        })
        .unwrap()
        .rows[0]
        .id;
    assert_eq!(
        quote_texts(
            s,
            &QuoteFilter {
                article_id: Some(art),
                ..Default::default()
            }
        ),
        set(&[pea, nob])
    );
    let row = s
        .quotes(&q(|f| f.speaker = Some("lavrov".into())))
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(row.doc_id, "Q1");
    assert_eq!(row.url.as_deref(), Some("https://a.com/q1"));
    assert_eq!(row.date.as_deref(), Some("2024-01-05"));
    assert_eq!(row.speaker_code.as_deref(), Some("RUSGOV"));
    assert_eq!(row.speaker_country.as_deref(), Some("RUS"));
    assert_eq!(row.speaker_sector.as_deref(), Some("GOV"));
    assert_eq!(row.cue.as_deref(), Some("said"));
    assert_eq!(row.kind, "direct");
    assert_eq!(
        row.sentence_text.as_deref(),
        Some("“We will not back down,” Sergei Lavrov said.")
    );
    assert_eq!(
        (row.start, row.end),
        (1, 22),
        "code points: after the opening mark"
    );
    assert_eq!(row.rule, "quote/test");
    assert_eq!(row.confidence, 0.75);
}

fn cursor_pagination(s: &mut dyn Store) {
    let docs: Vec<Document> = (0..25)
        .map(|i| {
            let day = 1 + (i % 9) * 3; // never within ±1 day of each other per code
            let code = ["111", "042", "190"][i / 9];
            Doc::new(
                &format!("P{i:02}"),
                Some(&format!("2024-06-{day:02}")),
                Some("p.com"),
                None,
            )
            .report(
                &format!("Russia hit Ukraine, report {i}."),
                Ev::new(code, side("Russia", "RUS"), "hit", side("Ukraine", "UKR")),
            )
            .done()
        })
        .collect();
    s.ingest(&docs, &opts()).unwrap();
    assert_eq!(s.counts().unwrap().events, 25);
    let everything: Vec<i64> = all_events(s, &EventFilter::default())
        .iter()
        .map(|e| e.id)
        .collect();
    for limit in [1u32, 5, 10, 24, 25, 100] {
        let mut f = EventFilter {
            limit: Some(limit),
            ..Default::default()
        };
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let page = s.events(&f).unwrap();
            assert!(page.rows.len() <= limit as usize);
            pages += 1;
            seen.extend(page.rows.iter().map(|e| e.id));
            match page.next {
                Some(n) => {
                    assert_eq!(Some(n), page.rows.last().map(|e| e.id));
                    f.after = Some(n);
                }
                None => break,
            }
        }
        assert_eq!(seen, everything, "limit {limit}");
        assert_eq!(pages, 25usize.div_ceil(limit as usize), "limit {limit}");
    }
    // Cursor with a filter.
    let mut f = EventFilter {
        code: Some("19".into()),
        limit: Some(4),
        ..Default::default()
    };
    let p1 = s.events(&f).unwrap();
    f.after = p1.next;
    let p2 = s.events(&f).unwrap();
    assert_eq!(p1.rows.len() + p2.rows.len(), 7);
    assert!(p2.next.is_none());
    assert!(p1.rows.iter().chain(&p2.rows).all(|e| e.code == "190"));
    // Articles page too.
    let p = s
        .articles(&ArticleFilter {
            limit: Some(20),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(p.rows.len(), 20);
    let rest = s
        .articles(&ArticleFilter {
            limit: Some(20),
            after: p.next,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(rest.rows.len(), 5);
    assert_eq!(rest.next, None);
}

fn streaming_visitors(s: &mut dyn Store) {
    let docs: Vec<Document> = (0..12)
        .map(|i| {
            let mut d = Doc::new(
                &format!("S{i}"),
                Some(&format!("2024-07-{:02}", 1 + 2 * i)),
                None,
                None,
            );
            let s0 = d.sentence(&format!("“Statement number {i},” the minister said."));
            d.quote(
                s0,
                &format!("Statement number {i}"),
                Some("said"),
                Some(("the minister", None)),
                QuoteKind::Direct,
            );
            d.report(
                &format!("Russia hit Ukraine {i}."),
                Ev::new("190", side("Russia", "RUS"), "hit", side("Ukraine", "UKR")),
            )
            .done()
        })
        .collect();
    s.ingest(&docs, &opts()).unwrap();
    let mut ids = Vec::new();
    let n = s
        .for_each_event(&EventFilter::default(), &mut |e| {
            ids.push(e.id);
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 12);
    let listed: Vec<i64> = all_events(s, &EventFilter::default())
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, listed);
    let n = s
        .for_each_event(
            &EventFilter {
                limit: Some(5),
                ..Default::default()
            },
            &mut |_| Ok(()),
        )
        .unwrap();
    assert_eq!(n, 5);
    let n = s
        .for_each_event(
            &EventFilter {
                from: Some("2024-07-15".into()),
                ..Default::default()
            },
            &mut |e| {
                assert!(e.date.as_deref() >= Some("2024-07-15"));
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(n, 5); // days 15, 17, 19, 21, 23
    let mut visited = 0;
    let r = s.for_each_event(&EventFilter::default(), &mut |_| {
        visited += 1;
        if visited == 3 {
            Err(StoreError::Visitor("disk full".into()))
        } else {
            Ok(())
        }
    });
    assert!(matches!(r, Err(StoreError::Visitor(_))));
    assert_eq!(visited, 3);
    let mut texts = Vec::new();
    let n = s
        .for_each_quote(&QuoteFilter::default(), &mut |q| {
            texts.push(q.text);
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 12);
    assert_eq!(texts[11], "Statement number 11");
}

fn full_text_search(s: &mut dyn Store) {
    s.ingest(&quote_corpus(), &opts()).unwrap();
    s.ingest(&filter_corpus(), &opts()).unwrap();
    let n = |s: &mut dyn Store, t: &str| quotes_with(s, t).len();
    assert_eq!(n(s, "productive"), 1);
    assert_eq!(n(s, "PRODUCTIVE talks"), 1);
    assert_eq!(n(s, "productive peace"), 0, "all words must match");
    assert_eq!(n(s, "product"), 0, "no prefix or stemming");
    assert_eq!(n(s, "\"peace"), 1, "stray quote marks are not syntax");
    assert_eq!(n(s, "peace OR talks"), 0, "OR is a word, not an operator");
    assert_eq!(n(s, "'; DROP TABLE quotes; --"), 0);
    assert_eq!(n(s, "*** ---"), 0, "no words: nothing matches");
    assert_eq!(s.counts().unwrap().quotes, 4);
    let hits = sentences_with(s, "lavrov");
    let texts: BTreeSet<&str> = hits.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Sergei Lavrov criticized NATO.",
            "“We will not back down,” Sergei Lavrov said."
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(sentences_with(s, "NATO lavrov").len(), 1);
    let one = &sentences_with(s, "NATO")[0];
    assert_eq!(one.doc_id, "F4");
    assert_eq!((one.index, one.start, one.end), (0, 0, 30));
    let all = s.sentences(&SentenceFilter::default()).unwrap().rows.len();
    assert_eq!(all as i64, s.counts().unwrap().sentences);
}

/// Every stored sentence and quote is found by full text exactly once,
/// under its own article, whatever the batches: batches of one, of
/// several, with repeated and already stored articles among them.
fn full_text_rows_across_batches(s: &mut dyn Store) {
    let doc = |n: usize| {
        let mut d = Doc::new(&format!("d{n}"), Some("2024-05-01"), None, None);
        let s0 = d.sentence(&format!("Plain opening sentence number {n}."));
        d.sentence(&format!(
            "The envoy said “terms{n} are unacceptable” today."
        ));
        d.quote(s0, &format!("number {n}"), None, None, QuoteKind::Partial);
        d.quote(
            1,
            &format!("terms{n} are unacceptable"),
            Some("said"),
            Some(("The envoy", None)),
            QuoteKind::Direct,
        );
        d.done()
    };
    let batches: [&[usize]; 5] = [&[0], &[1, 2, 3], &[3, 4], &[4, 4, 5], &[6]];
    for b in batches {
        let docs: Vec<Document> = b.iter().map(|&n| doc(n)).collect();
        s.ingest(&docs, &opts()).unwrap();
    }
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.sentences, c.quotes), (7, 14, 14));
    for n in 0..7 {
        let hits = sentences_with(s, &format!("terms{n}"));
        assert_eq!(hits.len(), 1, "terms{n}: {hits:?}");
        assert_eq!(hits[0].doc_id, format!("d{n}"));
        assert_eq!(hits[0].index, 1);
        let hits = quotes_with(s, &format!("terms{n}"));
        assert_eq!(hits.len(), 1, "terms{n}: {hits:?}");
        assert_eq!(hits[0].doc_id, format!("d{n}"));
        assert_eq!(hits[0].text, format!("terms{n} are unacceptable"));
    }
    assert_eq!(sentences_with(s, "plain opening").len(), 7);
    assert_eq!(quotes_with(s, "number").len(), 7);
}

fn weird_strings(s: &mut dyn Store) {
    let evil = "'; DROP TABLE articles; --";
    let mut d = Doc::new(
        evil,
        Some("2024-08-01"),
        Some("O'Brien \"News\""),
        Some("https://ünï.example/ä?q='x'"),
    );
    let mut ev = Ev::new(
        "111",
        side("Ru\0ssia", "RUS"),
        "criticized",
        side("Ukr'aine", "UKR"),
    );
    ev.source = Some(common::Side {
        words: "Ru\0ssia",
        code: Some("RUS"),
        name: Some("Robert'); DROP TABLE events;--"),
    });
    let s0 = d.sentence("Ru\0ssia criticized Ukr'aine 🎉 «ok» — \u{202e}rtl\u{202c} e\u{301}.");
    d.event(s0, &ev);
    d.quote(
        s0,
        "ok",
        None,
        Some(("Nul\0 Speaker", None)),
        QuoteKind::Partial,
    );
    let doc = d.done();
    let r = s.ingest(std::slice::from_ref(&doc), &opts()).unwrap();
    assert_eq!(r.inserted, 1);
    // Stored once, NUL as U+FFFD, offsets still in code points.
    let a = &s
        .articles(&ArticleFilter {
            doc_id: Some(evil.into()),
            ..Default::default()
        })
        .unwrap()
        .rows[0];
    assert_eq!(a.doc_id, evil);
    assert_eq!(a.outlet, "o'brien \"news\"");
    assert_eq!(a.chars, doc.text.chars().count() as i64);
    let text = s.article_text(a.id).unwrap().unwrap();
    assert_eq!(text, doc.text.replace('\0', "\u{FFFD}"));
    let e = &all_events(s, &EventFilter::default())[0];
    assert_eq!(
        e.source_name.as_deref(),
        Some("Robert'); DROP TABLE events;--")
    );
    let m = &s.event_mentions(e.id).unwrap()[0];
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: i64, b: i64| chars[a as usize..b as usize].iter().collect::<String>();
    assert_eq!(slice(m.trigger_start, m.trigger_end), "criticized");
    assert_eq!(
        slice(m.source_start.unwrap(), m.source_end.unwrap()),
        "Ru\u{FFFD}ssia"
    );
    assert_eq!(m.source_text.as_deref(), Some("Ru\u{FFFD}ssia"));
    let q = &s.quotes(&QuoteFilter::default()).unwrap().rows[0];
    assert_eq!(q.speaker_name.as_deref(), Some("Nul\u{FFFD} Speaker"));
    assert_eq!(slice(q.start, q.end), "ok");
    // Hostile filter values match nothing and break nothing.
    for v in [
        evil,
        "%",
        "_",
        "\\",
        "\0",
        "' OR '1'='1",
        "🎉",
        "\u{10FFFF}",
    ] {
        let f = EventFilter {
            actor: Some(v.into()),
            ..Default::default()
        };
        let rows = s.events(&f).unwrap().rows;
        assert!(rows.is_empty() || v == "\0", "{v:?} matched {}", rows.len());
        s.quotes(&QuoteFilter {
            speaker: Some(v.into()),
            text: Some(v.into()),
            ..Default::default()
        })
        .unwrap();
        s.articles(&ArticleFilter {
            doc_id: Some(v.into()),
            outlet: Some(v.into()),
            ..Default::default()
        })
        .unwrap();
        s.actors(&ActorFilter {
            prefix: Some(v.into()),
            ..Default::default()
        })
        .unwrap();
    }
    // NUL in a name filter finds the name stored with U+FFFD.
    let f = EventFilter {
        actor: Some("ROBERT');".into()),
        ..Default::default()
    };
    assert_eq!(s.events(&f).unwrap().rows.len(), 1);
    let nul = QuoteFilter {
        speaker: Some("nul\0".into()),
        ..Default::default()
    };
    assert_eq!(s.quotes(&nul).unwrap().rows.len(), 1);
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.events, c.quotes), (1, 1, 1));
    // Re-ingest is still skipped (the hash is of the original text).
    assert_eq!(s.ingest(&[doc], &opts()).unwrap().skipped_duplicates, 1);
}

fn empty_documents(s: &mut dyn Store) {
    let e1 = Document::new(dyad_core::Meta::with_id("empty-1"), String::new()).unwrap();
    let e2 = Document::new(dyad_core::Meta::with_id("empty-2"), String::new()).unwrap();
    let bare = Document::new(
        dyad_core::Meta::with_id("bare"),
        "Just text, no layers.".into(),
    )
    .unwrap();
    let r = s.ingest(&[e1, e2, bare], &opts()).unwrap();
    assert_eq!((r.inserted, r.skipped_duplicates), (2, 1));
    let r = s.ingest(&[], &opts()).unwrap();
    assert_eq!(r, dyad_store::BatchReport::default());
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.sentences, c.events, c.quotes), (2, 0, 0, 0));
    let arts = s.articles(&ArticleFilter::default()).unwrap().rows;
    assert_eq!(arts[0].chars, 0);
    assert_eq!(arts[0].day, None);
    assert!(arts[0].outlet.starts_with("article:"));
    assert_eq!(s.article_text(arts[0].id).unwrap().as_deref(), Some(""));
    assert_eq!(s.article_text(i64::MAX).unwrap(), None);
    // An event with no participants, no date, no location.
    let mut d = Doc::new("nodate", None, None, None);
    let s0 = d.sentence("Something happened.");
    d.event(s0, &Ev::new("010", None, "happened", None));
    d.event(s0, &Ev::new("010", None, "happened", None));
    s.ingest(&[d.done()], &opts()).unwrap();
    let ev = all_events(s, &EventFilter::default());
    assert_eq!(ev.len(), 2, "undated mentions never merge");
    assert!(
        ev.iter()
            .all(|e| e.date.is_none() && e.first_seen.is_none())
    );
}

fn code_point_offsets(s: &mut dyn Store) {
    let mut d = Doc::new("cp", Some("2024-01-01"), None, None);
    d.sentence("Ünïcödé 🎉 first.");
    let doc = d
        .report(
            "«Россия» criticized Ukraine.",
            Ev::new(
                "111",
                side("Россия", "RUS"),
                "criticized",
                side("Ukraine", "UKR"),
            ),
        )
        .done();
    s.ingest(std::slice::from_ref(&doc), &opts()).unwrap();
    let e = &all_events(s, &EventFilter::default())[0];
    let m = &s.event_mentions(e.id).unwrap()[0];
    // "Ünïcödé 🎉 first. «" is 18 code points (and 27 bytes).
    assert_eq!((m.source_start, m.source_end), (Some(18), Some(24)));
    assert_eq!((e.trigger_start, e.trigger_end), (Some(26), Some(36)));
    assert_eq!(m.sentence, 1);
    assert_eq!(
        m.sentence_text.as_deref(),
        Some("«Россия» criticized Ukraine.")
    );
    let sents = s.sentences(&SentenceFilter::default()).unwrap().rows;
    assert_eq!((sents[1].start, sents[1].end), (17, 45));
    assert_eq!(
        doc.text.chars().skip(17).take(28).collect::<String>(),
        sents[1].text
    );
}

fn articles_and_actors(s: &mut dyn Store) {
    s.ingest(&filter_corpus(), &opts()).unwrap();
    s.ingest(&quote_corpus(), &opts()).unwrap();
    let a = |g: fn(&mut ArticleFilter)| {
        let mut f = ArticleFilter::default();
        g(&mut f);
        f
    };
    let ids = |s: &mut dyn Store, f: &ArticleFilter| -> BTreeSet<String> {
        s.articles(f)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.doc_id)
            .collect()
    };
    assert_eq!(ids(s, &ArticleFilter::default()).len(), 8);
    assert_eq!(
        ids(s, &a(|f| f.outlet = Some("A.COM".into()))),
        set(&["F1", "Q1"])
    );
    assert_eq!(
        ids(
            s,
            &a(|f| {
                f.from = Some("2024-02-10".into());
                f.to = Some("2024-02-11".into());
            })
        ),
        set(&["F3", "F4", "Q2"])
    );
    let q1 = &s
        .articles(&a(|f| f.doc_id = Some("Q1".into())))
        .unwrap()
        .rows[0];
    assert_eq!((q1.num_sentences, q1.num_quotes, q1.num_events), (2, 2, 0));
    assert_eq!(q1.title.as_deref(), Some("Title of Q1"));
    let actors = s.actors(&ActorFilter::default()).unwrap();
    let by: BTreeMap<&str, (i64, i64, i64)> = actors
        .iter()
        .map(|r| {
            (
                r.code.as_str(),
                (r.entities, r.events_as_source, r.events_as_target),
            )
        })
        .collect();
    assert_eq!(by["RUSGOV"], (1, 2, 0));
    assert_eq!(by["UKR"], (0, 1, 1));
    assert_eq!(by["USAGOV"], (1, 0, 0));
    assert_eq!(by["RUS"], (0, 0, 1));
    let codes: Vec<&str> = actors.iter().map(|r| r.code.as_str()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    let rus = s
        .actors(&ActorFilter {
            prefix: Some("rus".into()),
            ..Default::default()
        })
        .unwrap();
    let rus: Vec<&str> = rus.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(rus, ["RUS", "RUSGOV"]);
    let name = s
        .actors(&ActorFilter {
            prefix: Some("RUSGOV".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(name[0].name.as_deref(), Some("Sergei Lavrov"));
    let p1 = s
        .actors(&ActorFilter {
            limit: Some(2),
            ..Default::default()
        })
        .unwrap();
    let p2 = s
        .actors(&ActorFilter {
            limit: Some(2),
            after: p1.last().map(|r| r.code.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(p1.len(), 2);
    assert_eq!(
        &codes[2..4],
        p2.iter().map(|r| r.code.as_str()).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------- delete

fn delete_article(s: &mut dyn Store) {
    let mut docs = quote_corpus();
    docs.extend([
        simple("a", "2024-01-01", "Russia criticized Ukraine on Monday."),
        simple("b", "2024-01-01", "Russia criticized Ukraine zebra again."),
        simple("c", "2024-05-01", "Russia criticized Ukraine in May."),
    ]);
    s.ingest(&docs, &opts()).unwrap();
    let before = s.counts().unwrap();
    assert_eq!(
        (before.articles, before.events, before.event_mentions),
        (5, 2, 3)
    );
    let id_of = |s: &mut dyn Store, doc: &str| {
        let f = ArticleFilter {
            doc_id: Some(doc.into()),
            ..ArticleFilter::default()
        };
        s.articles(&f).unwrap().rows[0].id
    };
    let (a, b, q1) = (id_of(s, "a"), id_of(s, "b"), id_of(s, "Q1"));
    let merged = |s: &mut dyn Store| {
        let f = EventFilter {
            from: Some("2024-01-01".into()),
            to: Some("2024-01-01".into()),
            ..EventFilter::default()
        };
        all_events(s, &f)
    };
    assert_eq!(merged(s)[0].num_mentions, 2);
    assert_eq!(merged(s)[0].doc_id.as_deref(), Some("a"));

    // Deleting the first report keeps the event, recounted, with the
    // second report as its first mention.
    assert!(s.delete_article(a).unwrap());
    assert!(!s.delete_article(a).unwrap());
    assert!(!s.delete_article(123_456).unwrap());
    let e = &merged(s)[0];
    assert_eq!((e.num_mentions, e.num_articles), (1, 1));
    assert_eq!(e.doc_id.as_deref(), Some("b"));
    assert_eq!(
        e.sentence_text.as_deref(),
        Some("Russia criticized Ukraine zebra again.")
    );
    assert_eq!(s.event_mentions(e.id).unwrap().len(), 1);
    assert!(!s.contains(&content_hash(&docs[2].text)).unwrap());

    // Deleting the last report deletes the event and its full-text
    // entries; the others stay searchable.
    assert!(s.delete_article(b).unwrap());
    assert!(merged(s).is_empty());
    assert_eq!(sentences_with(s, "zebra").len(), 0);
    assert_eq!(sentences_with(s, "May").len(), 1);
    assert!(s.delete_article(q1).unwrap());
    let quotes = s.quotes(&QuoteFilter::default()).unwrap().rows;
    assert!(quotes.iter().all(|q| q.doc_id == "Q2"), "{quotes:?}");
    assert!(quotes_with(s, "back down").is_empty());
    let c = s.counts().unwrap();
    assert_eq!(
        (c.articles, c.events, c.event_mentions, c.quotes),
        (2, 1, 1, 2)
    );
    assert_eq!(c.sentences, 3);
    assert!(
        s.actors(&ActorFilter::default())
            .unwrap()
            .iter()
            .all(|a| a.code != "RUSGOV")
    );

    // A deleted article can be stored again.
    let r = s.ingest(&docs[2..3], &opts()).unwrap();
    assert_eq!(r.inserted, 1);
    assert_eq!(merged(s)[0].doc_id.as_deref(), Some("a"));
}

// ---------------------------------------------------------------- stances

fn stance_ids(s: &mut dyn Store, f: &StanceFilter) -> Vec<(String, String)> {
    s.stances(f)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.actor_key, r.issue_id))
        .collect()
}

fn stances_stored_and_filtered(s: &mut dyn Store) {
    let docs = stance_corpus();
    let r = s.ingest(&docs, &opts()).unwrap();
    assert_eq!((r.stances, r.negotiations), (10, 1));
    assert_eq!(s.counts().unwrap().stances, 10);
    // Idempotent like the rest.
    assert_eq!(s.ingest(&docs, &opts()).unwrap().stances, 0);
    assert_eq!(s.counts().unwrap().stances, 10);

    let all = s.stances(&StanceFilter::default()).unwrap();
    assert_eq!(all.rows.len(), 10);
    assert_eq!(all.next, None);
    let first = &all.rows[0];
    assert_eq!(first.doc_id, "S1");
    assert_eq!(first.date.as_deref(), Some("2025-02-18"));
    assert_eq!(first.index, 0);
    assert_eq!(first.holder, "Keir Starmer");
    assert_eq!(first.actor_code.as_deref(), Some("GBRGOV"));
    assert_eq!(first.actor_country.as_deref(), Some("GBR"));
    assert_eq!(first.actor_sector.as_deref(), Some("GOV"));
    assert_eq!(first.actor_key, "GBRGOV");
    assert_eq!(
        (first.issue_id.as_str(), first.issue_label.as_str()),
        TROOPS
    );
    assert_eq!(first.polarity, "support");
    assert_eq!(first.strength, 0.24);
    assert_eq!(first.text, "he would contemplate sending troops");
    assert_eq!(first.evidence, "said; would; contemplate");
    assert_eq!(first.cue.as_deref(), Some("said"));
    assert_eq!(first.rule, "stance/test");
    assert_eq!(first.sentence, 0);
    let sentence = first.sentence_text.clone().unwrap();
    assert!(sentence.starts_with("In Zürich — Starmer"), "{sentence}");
    // Offsets are code points (ü and — are one each).
    let text = s.article_text(first.article_id).unwrap().unwrap();
    let chars: Vec<char> = text.chars().collect();
    let slice: String = chars[first.start as usize..first.end as usize]
        .iter()
        .collect();
    assert_eq!(slice, first.text);
    let (cs, ce) = (first.cue_start.unwrap(), first.cue_end.unwrap());
    assert_eq!(
        chars[cs as usize..ce as usize].iter().collect::<String>(),
        "said"
    );
    let official = all.rows.iter().find(|r| r.holder == "an official").unwrap();
    assert_eq!(official.actor_code, None);
    assert_eq!(official.actor_key, "an official");
    assert_eq!(official.evidence, "said; not; accept");

    let f = StanceFilter::default;
    let by_actor = |s: &mut dyn Store, a: &str| {
        stance_ids(
            s,
            &StanceFilter {
                actor: Some(a.into()),
                ..f()
            },
        )
        .len()
    };
    assert_eq!(by_actor(s, "GBR"), 2);
    assert_eq!(by_actor(s, "gbrgov"), 2);
    assert_eq!(by_actor(s, "tusk"), 1);
    assert_eq!(by_actor(s, "OFFICIAL"), 1);
    assert_eq!(by_actor(s, "RUS"), 2);
    assert_eq!(by_actor(s, "zzz"), 0);
    let issues = |s: &mut dyn Store, ids: &[&str]| {
        stance_ids(
            s,
            &StanceFilter {
                issues: ids.iter().map(|i| (*i).to_owned()).collect(),
                ..f()
            },
        )
        .len()
    };
    assert_eq!(issues(s, &[NATO.0]), 1);
    assert_eq!(issues(s, &[TROOPS.0]), 9);
    assert_eq!(issues(s, &[TROOPS.0, NATO.0]), 10);
    assert_eq!(issues(s, &["nope"]), 0);
    let pol = |s: &mut dyn Store, p: &str| {
        s.stances(&StanceFilter {
            polarity: Some(p.into()),
            ..f()
        })
        .map(|p| p.rows.len())
    };
    assert_eq!(pol(s, "support").unwrap(), 4);
    assert_eq!(pol(s, "Oppose").unwrap(), 4);
    assert_eq!(pol(s, "neutral").unwrap(), 2);
    assert!(matches!(pol(s, "maybe"), Err(StoreError::InvalidFilter(_))));
    let dated = StanceFilter {
        from: Some("2025-02-19".into()),
        to: Some("2025-02-20".into()),
        ..f()
    };
    assert_eq!(stance_ids(s, &dated).len(), 6);
    assert!(
        s.stances(&StanceFilter {
            from: Some("soon".into()),
            ..f()
        })
        .is_err()
    );

    // Keyset pages and the streaming visitor.
    let mut seen = Vec::new();
    let mut page = StanceFilter {
        limit: Some(3),
        ..f()
    };
    loop {
        let p = s.stances(&page).unwrap();
        assert!(p.rows.len() <= 3);
        seen.extend(p.rows.iter().map(|r| r.id));
        match p.next {
            Some(n) => page.after = Some(n),
            None => break,
        }
    }
    let ids: Vec<i64> = all.rows.iter().map(|r| r.id).collect();
    assert_eq!(seen, ids);
    let mut streamed = Vec::new();
    let n = s
        .for_each_stance(&f(), &mut |r| {
            streamed.push(r.id);
            Ok(())
        })
        .unwrap();
    assert_eq!((n, streamed), (10, ids));
}

fn cell<'a>(cells: &'a [MatrixCell], actor: &str, issue: &str) -> &'a MatrixCell {
    cells
        .iter()
        .find(|c| c.actor == actor && c.issue == issue)
        .unwrap_or_else(|| panic!("no cell {actor} x {issue}: {cells:?}"))
}

fn stance_matrix_aggregates(s: &mut dyn Store) {
    s.ingest(&stance_corpus(), &opts()).unwrap();
    let cells = s.stance_matrix(&StanceFilter::default()).unwrap();
    let keys: Vec<(&str, &str)> = cells
        .iter()
        .map(|c| (c.issue.as_str(), c.actor.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            (NATO.0, "RUSGOV"),
            (TROOPS.0, "DEUGOV"),
            (TROOPS.0, "FRAGOV"),
            (TROOPS.0, "GBRGOV"),
            (TROOPS.0, "POLGOV"),
            (TROOPS.0, "RUSGOV"),
            (TROOPS.0, "an official"),
        ]
    );
    let summary = |c: &MatrixCell| {
        (
            c.polarity.clone(),
            c.strength,
            c.statements,
            c.articles,
            (c.n_support, c.n_oppose, c.n_neutral),
        )
    };
    let p = |s: &str| s.to_owned();
    // Two supports: (0.24 + 0.8) / 2.
    let gbr = cell(&cells, "GBRGOV", TROOPS.0);
    assert_eq!(summary(gbr), (p("support"), 0.52, 2, 2, (2, 0, 0)));
    assert_eq!(gbr.holders, ["Keir Starmer"]);
    assert_eq!(gbr.label, TROOPS.1);
    assert_eq!(gbr.first_date.as_deref(), Some("2025-02-18"));
    assert_eq!(gbr.last_date.as_deref(), Some("2025-02-20"));
    // Neutral statements (0.6 + 0.6) outweigh the signed sum (0.5).
    let deu = cell(&cells, "DEUGOV", TROOPS.0);
    assert_eq!(summary(deu), (p("neutral"), 0.4, 3, 2, (1, 0, 2)));
    // A signed sum under 0.15 is neutral.
    let fra = cell(&cells, "FRAGOV", TROOPS.0);
    assert_eq!(summary(fra), (p("neutral"), 0.0, 1, 1, (1, 0, 0)));
    let pol = cell(&cells, "POLGOV", TROOPS.0);
    assert_eq!(summary(pol), (p("oppose"), 0.9, 1, 1, (0, 1, 0)));
    let rus = cell(&cells, "RUSGOV", TROOPS.0);
    assert_eq!(summary(rus), (p("oppose"), 0.95, 1, 1, (0, 1, 0)));
    assert_eq!(rus.first_date.as_deref(), Some("2025-02-20"));
    let nato = cell(&cells, "RUSGOV", NATO.0);
    assert_eq!(summary(nato), (p("oppose"), 0.7, 1, 1, (0, 1, 0)));
    // Without an actor code, the holder is the key.
    let off = cell(&cells, "an official", TROOPS.0);
    assert_eq!(summary(off), (p("oppose"), 0.5, 1, 1, (0, 1, 0)));

    // Filters narrow the statements before aggregating.
    let one_day = s
        .stance_matrix(&StanceFilter {
            to: Some("2025-02-18".into()),
            ..StanceFilter::default()
        })
        .unwrap();
    assert_eq!(one_day.len(), 4);
    let gbr = cell(&one_day, "GBRGOV", TROOPS.0);
    assert_eq!(summary(gbr), (p("support"), 0.24, 1, 1, (1, 0, 0)));
    let deu = cell(&one_day, "DEUGOV", TROOPS.0);
    assert_eq!(summary(deu), (p("neutral"), 0.6, 1, 1, (0, 0, 1)));
    let nato_only = s
        .stance_matrix(&StanceFilter {
            issues: vec![NATO.0.into()],
            actor: Some("RUS".into()),
            // limit and after do not apply to the matrix.
            limit: Some(1),
            after: Some(0),
            ..StanceFilter::default()
        })
        .unwrap();
    assert_eq!(nato_only.len(), 1);
    assert!(
        s.stance_matrix(&StanceFilter {
            actor: Some("nobody".into()),
            ..StanceFilter::default()
        })
        .unwrap()
        .is_empty()
    );
}

fn negotiations_stored(s: &mut dyn Store) {
    s.ingest(&stance_corpus(), &opts()).unwrap();
    let rows = s.negotiations(&NegotiationFilter::default()).unwrap().rows;
    assert_eq!(rows.len(), 1);
    let n = &rows[0];
    assert_eq!(n.doc_id, "S1");
    assert_eq!(n.date.as_deref(), Some("2025-02-18"));
    assert_eq!(n.place.as_deref(), Some("Riyadh"));
    assert_eq!(n.present, "RUSGOV;USAGOV");
    assert_eq!(n.present_names, "Lavrov;Rubio");
    assert_eq!(n.excluded, "UKR");
    assert_eq!(n.excluded_names, "Ukraine");
    // Red lines point at stored stances, meetings at stored mentions.
    let official = s
        .stances(&StanceFilter {
            actor: Some("an official".into()),
            ..StanceFilter::default()
        })
        .unwrap()
        .rows;
    assert_eq!(n.red_lines, official[0].id.to_string());
    let meeting = &all_events(s, &EventFilter::default())[0];
    let mention = &s.event_mentions(meeting.id).unwrap()[0];
    assert_eq!(n.meetings, mention.id.to_string());
    assert_eq!(n.agreements, "");
    let pre: serde_json::Value = serde_json::from_str(&n.preconditions).unwrap();
    assert_eq!(pre[0]["holder"], "Donald Tusk");
    assert_eq!(pre[0]["actor_code"], "POLGOV");
    assert_eq!(pre[0]["text"], "sending troops");
    assert_eq!(pre[0]["cue"], "ruled out");
    let other = NegotiationFilter {
        article_id: Some(n.article_id + 1),
        ..NegotiationFilter::default()
    };
    assert!(s.negotiations(&other).unwrap().rows.is_empty());
    let dated = NegotiationFilter {
        from: Some("2025-02-19".into()),
        ..NegotiationFilter::default()
    };
    assert!(s.negotiations(&dated).unwrap().rows.is_empty());
}

fn delete_article_removes_stances(s: &mut dyn Store) {
    s.ingest(&stance_corpus(), &opts()).unwrap();
    let s1 = s.articles(&ArticleFilter {
        doc_id: Some("S1".into()),
        ..ArticleFilter::default()
    });
    let s1 = s1.unwrap().rows[0].id;
    assert!(s.delete_article(s1).unwrap());
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.stances, c.negotiations), (1, 6, 0));
    let rows = s.stances(&StanceFilter::default()).unwrap().rows;
    assert!(rows.iter().all(|r| r.doc_id == "S2"), "{rows:?}");
    let cells = s.stance_matrix(&StanceFilter::default()).unwrap();
    assert!(cells.iter().all(|c| c.actor != "POLGOV"));
    let gbr = cell(&cells, "GBRGOV", TROOPS.0);
    assert_eq!((gbr.statements, gbr.strength), (1, 0.8));
}
