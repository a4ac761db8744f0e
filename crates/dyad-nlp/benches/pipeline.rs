//! Words/s of the full linguistic pipeline (segment, tag, parse, NER,
//! coreference) on one thread.
//!
//! Input: the file named by `DYAD_BENCH_TEXT` (paragraphs separated by
//! newlines), or the bundled example article repeated to about 7,500
//! words. `bench/pipeline-vs-spacy.sh` runs this next to spaCy's
//! `en_core_web_sm` on the same text and prints the ratio.

use std::hint::black_box;

#[path = "../../../bench/common.rs"]
mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dyad_core::{Document, Meta, Pipeline};
use dyad_nlp::{coref::Coref, ner::Ner, parse::Parser, segment::Segmenter, tag::Tagger};

fn bench(c: &mut Criterion) {
    let text = common::text();
    let pipeline = Pipeline::new()
        .with(Segmenter::new())
        .with(Tagger::default())
        .with(Parser::default())
        .with(Ner::default())
        .with(Coref::default());
    // Count words once, as the tokens dyad makes (spaCy's script counts its
    // own non-space tokens).
    let mut probe = Document::new(Meta::default(), text.clone()).expect("fits");
    pipeline.run(&mut probe);
    let words = probe.tokens.len() as u64;
    eprintln!("pipeline bench: {} bytes, {words} words", text.len());
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(words));
    group.sample_size(10);
    group.bench_function("tag+parse+ner+coref", |b| {
        b.iter(|| {
            let mut doc = Document::new(Meta::default(), black_box(text.clone())).expect("fits");
            pipeline.run(&mut doc);
            black_box(doc.entities.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
