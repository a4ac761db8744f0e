//! What quote extraction adds to the linguistic pipeline.
//!
//! Two measurements on the same text: the linguistic pipeline (segment,
//! tag, parse, NER, coreference) from raw text, and the quotes stage alone
//! on a document those stages already annotated. The budget is
//! quotes < 10% of the pipeline; `cargo bench -p dyad-attrib` prints both
//! times and the ratio.
//!
//! Input: the file named by `DYAD_BENCH_TEXT`, or the bundled example
//! article repeated to about 7,000 words (it is quote-dense: 25 quotes
//! per 700 words, more than most news).

use std::hint::black_box;

#[path = "../../../bench/common.rs"]
mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dyad_attrib::Quotes;
use dyad_core::{Document, Meta, Pipeline, Stage};
use dyad_nlp::{coref::Coref, ner::Ner, parse::Parser, segment::Segmenter, tag::Tagger};

fn bench(c: &mut Criterion) {
    let text = common::text();
    let linguistic = Pipeline::new()
        .with(Segmenter::new())
        .with(Tagger::default())
        .with(Parser::default())
        .with(Ner::default())
        .with(Coref::default());
    let quotes = Quotes::new();
    let mut annotated = Document::new(Meta::default(), text.clone()).expect("fits");
    linguistic.run(&mut annotated);
    let words = annotated.tokens.len() as u64;

    // A direct ratio first (criterion's own figures follow).
    common::share(
        "quotes",
        || {
            let mut doc = Document::new(Meta::default(), text.clone()).expect("fits");
            linguistic.run(&mut doc);
            black_box(doc.entities.len());
        },
        || {
            let mut doc = annotated.clone();
            doc.quotes.clear();
            quotes.process(&mut doc);
            format!("{words} words, {} quotes", doc.quotes.len())
        },
    );

    let mut group = c.benchmark_group("quotes");
    group.throughput(Throughput::Elements(words));
    group.sample_size(10);
    group.bench_function("linguistic pipeline", |b| {
        b.iter(|| {
            let mut doc = Document::new(Meta::default(), black_box(text.clone())).expect("fits");
            linguistic.run(&mut doc);
            black_box(doc.entities.len())
        })
    });
    group.bench_function("quotes stage", |b| {
        b.iter(|| {
            let mut doc = annotated.clone();
            doc.quotes.clear();
            quotes.process(&mut doc);
            black_box(doc.quotes.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
