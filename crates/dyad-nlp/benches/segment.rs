//! Read + segment throughput in MB/s of text.
//!
//! Input: the file named by `DYAD_BENCH_TEXT`, or the bundled example
//! article repeated to about 5 MB. `bench/segment-vs-spacy.sh` runs this
//! and spaCy's tokenizer on the same file and prints both.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dyad_core::{Document, Meta, Origin, Stage};
use dyad_nlp::segment::Segmenter;

fn corpus() -> Vec<u8> {
    if let Ok(path) = std::env::var("DYAD_BENCH_TEXT") {
        return std::fs::read(&path)
            .unwrap_or_else(|e| panic!("cannot read DYAD_BENCH_TEXT={path}: {e}"));
    }
    let example = include_str!("../../../examples/riyadh-talks.txt");
    let mut text = String::with_capacity(5 << 20);
    while text.len() < 5 << 20 {
        text.push_str(example);
        text.push('\n');
    }
    text.into_bytes()
}

fn bench(c: &mut Criterion) {
    let bytes = corpus();
    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(10);
    let seg = Segmenter::new();
    group.bench_function("read+segment", |b| {
        b.iter(|| {
            let mut doc =
                dyad_read::read_text(black_box(&bytes), Origin::default()).expect("valid text");
            seg.process(&mut doc);
            black_box(doc.tokens.len())
        })
    });
    let text = String::from_utf8_lossy(&bytes).into_owned();
    group.bench_function("segment", |b| {
        b.iter(|| {
            let mut doc = Document::new(Meta::default(), black_box(text.clone())).expect("fits");
            seg.process(&mut doc);
            black_box(doc.tokens.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
