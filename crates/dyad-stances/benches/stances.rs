//! What the stances stage adds to the linguistic pipeline.
//!
//! Two measurements on the same text: the linguistic pipeline (segment,
//! tag, parse, NER, coreference) from raw text, and the stances stage
//! alone on a document the earlier stages (through events) already
//! annotated. `cargo bench -p dyad-stances` prints both times and the
//! ratio.
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
use dyad_stances::Stances;

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
    let upstream = Pipeline::new()
        .with(dyad_attrib::Quotes::new())
        .with(actors.clone())
        .with(Events::new(Some(Box::new(actors))).expect("tables"));
    let stances = Stances::embedded().expect("issue list");
    let mut annotated = Document::new(meta.clone(), text.clone()).expect("fits");
    linguistic.run(&mut annotated);
    upstream.run(&mut annotated);
    let words = annotated.tokens.len() as u64;

    common::share(
        "stances",
        || {
            let mut doc = Document::new(meta.clone(), text.clone()).expect("fits");
            linguistic.run(&mut doc);
            black_box(doc.entities.len());
        },
        || {
            let mut doc = annotated.clone();
            stances.process(&mut doc);
            format!("{words} words, {} stances", doc.stances.len())
        },
    );

    let mut group = c.benchmark_group("stances");
    group.throughput(Throughput::Elements(words));
    group.sample_size(10);
    group.bench_function("stances stage", |b| {
        b.iter(|| {
            let mut doc = annotated.clone();
            stances.process(&mut doc);
            black_box(doc.stances.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
