//! What actor resolution and event coding add to the linguistic pipeline.
//!
//! Two measurements on the same text: the linguistic pipeline (segment,
//! tag, parse, NER, coreference) from raw text, and the actors + events
//! stages alone on a document those stages already annotated. `cargo bench
//! -p dyad-events` prints both times and the ratio.
//!
//! Input: the file named by `DYAD_BENCH_TEXT`, or the bundled example
//! article repeated to about 7,000 words.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dyad_actors::Actors;
use dyad_core::{Document, Meta, Pipeline, Stage};
use dyad_events::Events;
use dyad_nlp::{coref::Coref, ner::Ner, parse::Parser, segment::Segmenter, tag::Tagger};

fn text() -> String {
    if let Ok(path) = std::env::var("DYAD_BENCH_TEXT") {
        return std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read DYAD_BENCH_TEXT={path}: {e}"));
    }
    include_str!("../../../examples/riyadh-talks.txt").repeat(10)
}

fn bench(c: &mut Criterion) {
    let text = text();
    let meta = Meta {
        date: Some("2025-02-18".into()),
        ..Meta::default()
    };
    let linguistic = Pipeline::new()
        .with(Segmenter::new())
        .with(Tagger::default())
        .with(Parser::default())
        .with(Ner::default())
        .with(Coref::default());
    let actors = Actors::embedded().expect("knowledge base");
    let events =
        Events::new(Some(Box::new(Actors::embedded().expect("knowledge base")))).expect("tables");
    let mut annotated = Document::new(meta.clone(), text.clone()).expect("fits");
    linguistic.run(&mut annotated);
    let words = annotated.tokens.len() as u64;

    let rounds = 5;
    let t = Instant::now();
    for _ in 0..rounds {
        let mut doc = Document::new(meta.clone(), text.clone()).expect("fits");
        linguistic.run(&mut doc);
        black_box(doc.entities.len());
    }
    let pipeline_s = t.elapsed().as_secs_f64() / f64::from(rounds);
    let t = Instant::now();
    let mut found = 0;
    for _ in 0..rounds * 10 {
        let mut doc = annotated.clone();
        actors.process(&mut doc);
        events.process(&mut doc);
        found = doc.events.len();
    }
    let ours_s = t.elapsed().as_secs_f64() / f64::from(rounds * 10);
    eprintln!(
        "events bench: {words} words, {found} events; pipeline {:.1} ms, actors+events {:.2} ms = {:.1}% of the pipeline",
        pipeline_s * 1e3,
        ours_s * 1e3,
        100.0 * ours_s / pipeline_s
    );

    let mut group = c.benchmark_group("events");
    group.throughput(Throughput::Elements(words));
    group.sample_size(10);
    group.bench_function("actors+events stages", |b| {
        b.iter(|| {
            let mut doc = annotated.clone();
            actors.process(&mut doc);
            events.process(&mut doc);
            black_box(doc.events.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
