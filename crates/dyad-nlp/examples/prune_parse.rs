//! Write the shipped parser from a model trained with `PRUNE`: drop stored
//! weights of magnitude at most `SHIP_PRUNE`, then features left with fewer
//! than `SHIP_MIN_WEIGHTS` weights (what `parse::train` does at its end),
//! and report size, speed and LAS on dev and test.
//!
//! `cargo run --release -p dyad-nlp --example prune_parse -- IN.dyad OUT.dyad [CORPUS [THRESHOLD]]`
//!
//! THRESHOLD (default `SHIP_PRUNE`) measures another threshold; pruning
//! composes, so IN may be the shipped model itself when THRESHOLD is
//! larger than the one it was pruned with.

use std::time::Instant;

use dyad_core::{Document, Meta, Stage};
use dyad_nlp::parse::{self, ParserModel, SHIP_MIN_WEIGHTS, SHIP_PRUNE};
use dyad_nlp::{segment::Segmenter, tag::Tagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = args
        .next()
        .ok_or("usage: prune_parse IN.dyad OUT.dyad [CORPUS]")?;
    let output = args
        .next()
        .ok_or("usage: prune_parse IN.dyad OUT.dyad [CORPUS]")?;
    let corpus = std::path::PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpus".into()));
    let threshold = match args.next() {
        Some(t) => t.parse::<f32>()?,
        None => SHIP_PRUNE,
    };
    let full = ParserModel::from_bytes(&std::fs::read(&input)?)?;
    let model: &'static ParserModel = Box::leak(Box::new(
        full.pruned(threshold).without_short_rows(SHIP_MIN_WEIGHTS),
    ));
    let bytes = model.to_bytes();
    std::fs::write(&output, &bytes)?;
    let text = include_str!("../../../examples/riyadh-talks.txt").repeat(20);
    let mut doc = Document::new(Meta::default(), text)?;
    Segmenter::new().process(&mut doc);
    Tagger::default().process(&mut doc);
    let parser = parse::Parser::new(model);
    let mut best = f64::MAX;
    for _ in 0..5 {
        let mut d = doc.clone();
        let t = Instant::now();
        parser.process(&mut d);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let test = parse::evaluate(model, &corpus)?;
    let dev = parse::evaluate_dev(model, &corpus)?;
    eprintln!(
        "{output}: {} features, {:.1} MB, {:.0} words/s; LAS test ewt {:.2} gum {:.2}, dev ewt {:.2} gum {:.2}",
        model.features(),
        bytes.len() as f64 / 1e6,
        doc.tokens.len() as f64 / best,
        test.ewt.las,
        test.gum.las,
        dev.ewt.las,
        dev.gum.las
    );
    Ok(())
}
