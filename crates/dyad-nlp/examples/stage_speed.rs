//! Words/s of each linguistic stage on one thread, to see where time goes:
//! `cargo run --release -p dyad-nlp --example stage_speed -- TEXT_FILE`.

use std::time::Instant;

use dyad_core::{Document, Meta, Stage};
use dyad_nlp::{coref::Coref, ner::Ner, parse::Parser, segment::Segmenter, tag::Tagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: stage_speed TEXT_FILE")?;
    let text = std::fs::read_to_string(&path)?;
    let stages: Vec<Box<dyn Stage>> = vec![
        Box::new(Segmenter::new()),
        Box::new(Tagger::default()),
        Box::new(Parser::default()),
        Box::new(Ner::default()),
        Box::new(Coref::default()),
    ];
    let mut best = vec![f64::MAX; stages.len()];
    let mut words = 0;
    for _ in 0..5 {
        let mut doc = Document::new(Meta::default(), text.clone())?;
        for (i, s) in stages.iter().enumerate() {
            let t = Instant::now();
            s.process(&mut doc);
            best[i] = best[i].min(t.elapsed().as_secs_f64());
        }
        words = doc.tokens.len();
    }
    let total: f64 = best.iter().sum();
    for (s, t) in stages.iter().zip(&best) {
        eprintln!(
            "{:<8} {:>8.1} ms {:>10.0} words/s {:>5.1}%",
            s.name(),
            t * 1e3,
            words as f64 / t,
            100.0 * t / total
        );
    }
    eprintln!(
        "{:<8} {:>8.1} ms {:>10.0} words/s ({words} words)",
        "all",
        total * 1e3,
        words as f64 / total
    );
    Ok(())
}
