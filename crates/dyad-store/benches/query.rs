//! The dyad + one-month event query over 1,000,000 synthetic events in
//! SQLite (target: under 100 ms).
//!
//! The database is built once through the normal ingest path
//! (`dyad_store::synthetic::fill`) and cached in the target directory
//! (`CARGO_TARGET_TMPDIR`), so reruns skip the fill. `DYAD_BENCH_EVENTS`
//! overrides the size (default 1,000,000).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use dyad_store::{EventFilter, SqliteStore, Store, synthetic};

fn events_wanted() -> u64 {
    std::env::var("DYAD_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn database(n: u64) -> SqliteStore {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("dyad-store-bench-{n}-v1.db"));
    if path.exists() {
        let mut s = SqliteStore::open(&path).unwrap();
        let c = s.counts().unwrap();
        if c.events as u64 >= n {
            println!(
                "reusing {} ({} events, {} mentions)",
                path.display(),
                c.events,
                c.event_mentions
            );
            return s;
        }
    }
    let partial = dir.join(format!("dyad-store-bench-{n}-v1.partial.db"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", partial.display()));
    }
    let t = Instant::now();
    {
        let mut s = SqliteStore::open(&partial).unwrap();
        let r = synthetic::fill(&mut s, n, 2024).unwrap();
        s.analyze().unwrap();
        let secs = t.elapsed().as_secs_f64();
        println!(
            "filled {} in {secs:.1} s: {} articles, {} mentions -> {} events ({} merged); {:.0} mentions/s",
            partial.display(),
            r.inserted,
            r.mentions,
            r.events_new,
            r.events_merged,
            r.mentions as f64 / secs
        );
    }
    std::fs::rename(&partial, &path).unwrap();
    SqliteStore::open(&path).unwrap()
}

fn bench(c: &mut Criterion) {
    let n = events_wanted();
    let mut store = database(n);
    let dyad_month = EventFilter {
        source: Some("RUSGOV".into()),
        target: Some("UKRGOV".into()),
        from: Some("2023-03-01".into()),
        to: Some("2023-03-31".into()),
        ..Default::default()
    };
    let either = EventFilter {
        either_order: true,
        ..dyad_month.clone()
    };
    let countries = EventFilter {
        source: Some("USA".into()),
        target: Some("CHN".into()),
        either_order: true,
        ..dyad_month.clone()
    };
    for (name, f) in [
        ("dyad", &dyad_month),
        ("dyad either order", &either),
        ("country prefixes", &countries),
    ] {
        let plan = store.explain_events(f).unwrap();
        let t = Instant::now();
        let rows = store.events(f).unwrap().rows.len();
        println!(
            "{name}: {rows} events, first run {:.1} ms; plan: {}",
            t.elapsed().as_secs_f64() * 1e3,
            plan.join(" | ")
        );
    }
    let mut g = c.benchmark_group("store_query_1m");
    g.sample_size(20);
    g.bench_function("dyad RUSGOV->UKRGOV, one month", |b| {
        b.iter(|| store.events(&dyad_month).unwrap().rows.len())
    });
    g.bench_function("dyad either order, one month", |b| {
        b.iter(|| store.events(&either).unwrap().rows.len())
    });
    g.bench_function("country prefixes USA/CHN either order, one month", |b| {
        b.iter(|| store.events(&countries).unwrap().rows.len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
