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

#[path = "../../../bench/common.rs"]
mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dyad_actors::Actors;
use dyad_core::{Document, Meta, Pipeline, Stage};
use dyad_events::Events;
use dyad_nlp::{coref::Coref, ner::Ner, parse::Parser, segment::Segmenter, tag::Tagger};

fn bench(c: &mut Criterion) {
    let text = common::text();
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

    common::share(
        "actors+events",
        || {
            let mut doc = Document::new(meta.clone(), text.clone()).expect("fits");
            linguistic.run(&mut doc);
            black_box(doc.entities.len());
        },
        || {
            let mut doc = annotated.clone();
            actors.process(&mut doc);
            events.process(&mut doc);
            format!("{words} words, {} events", doc.events.len())
        },
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
