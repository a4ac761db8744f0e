//! Train the dependency parser, write `models/parse.dyad`, print scores
//! and speed.
//!
//! ```sh
//! cargo run --release -p dyad-nlp --example train_parse -- [CORPUS] [ITERATIONS]
//! ```
//! `CORPUS` defaults to `/work/shared/corpus`.
#![allow(
    clippy::print_stdout,
    reason = "an example that reports to the terminal"
)]

use std::path::PathBuf;
use std::time::Instant;

use dyad_core::{Document, Meta, Stage};
use dyad_nlp::model::TrainOptions;
use dyad_nlp::parse::{self, ParserModel};
use dyad_nlp::segment::Segmenter;
use dyad_nlp::tag::Tagger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = PathBuf::from(args.next().unwrap_or_else(|| "/work/shared/corpus".into()));
    let iterations = args.next().map_or(Ok(12), |s| s.parse())?;
    let opts = TrainOptions {
        iterations,
        seed: 1,
    };
    let t = Instant::now();
    let full = parse::train_with(&corpus, &opts, 0.0, &mut |m| println!("{m}"))?;
    println!("training took {:.0} s", t.elapsed().as_secs_f64());

    // What pruning costs: dev LAS and file size per threshold.
    for threshold in [0.0, 0.5, parse::PRUNE, 2.0] {
        let m = full.pruned(threshold);
        let dev = parse::evaluate_dev(&m, &corpus)?;
        println!(
            "prune {threshold}: {} features, {:.2} MB, dev EWT LAS {:.2} UAS {:.2}, GUM LAS {:.2} UAS {:.2}",
            m.features(),
            m.to_bytes().len() as f64 / 1e6,
            dev.ewt.las,
            dev.ewt.uas,
            dev.gum.las,
            dev.gum.uas
        );
    }
    // Pruned as `parse::train` (what `dyad train` writes) prunes.
    let bytes = full
        .pruned(parse::SHIP_PRUNE)
        .without_short_rows(parse::SHIP_MIN_WEIGHTS)
        .to_bytes();
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/parse.dyad");
    std::fs::write(&out, &bytes)?;
    println!(
        "wrote {} ({:.2} MB)",
        out.display(),
        bytes.len() as f64 / 1e6
    );

    let t = Instant::now();
    let model = ParserModel::from_bytes(&bytes)?;
    println!("model loads in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let test = parse::evaluate(&model, &corpus)?;
    let secs = t.elapsed().as_secs_f64();
    println!("test (predicted tags): {}", serde_json::to_string(&test)?);
    let words = (test.ewt.words + test.gum.words) as f64;
    println!(
        "test sets tagged and parsed (incl. reading) at {:.0} words/s",
        words / secs
    );
    let gold = parse::evaluate_gold_tags(&model, &corpus)?;
    println!("test (gold tags): {}", serde_json::to_string(&gold)?);

    // Speed on news text: the example article, 50 times, one thread.
    let article = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/riyadh-talks.txt"),
    )?;
    let mut doc = Document::new(Meta::with_id("riyadh"), article.repeat(50))?;
    Segmenter::new().process(&mut doc);
    Tagger::default().process(&mut doc);
    let n = doc.tokens.len() as f64;
    for tagged in [true, false] {
        if !tagged {
            doc.tags.clear();
        }
        let t = Instant::now();
        model.parse_document(&mut doc);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "article x50: {n} tokens parsed ({}) at {:.0} words/s",
            if tagged { "tagged" } else { "no tags" },
            n / secs
        );
    }
    Ok(())
}
