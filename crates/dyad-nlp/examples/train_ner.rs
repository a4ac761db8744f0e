//! Train the NER model from the corpora, score it, and write
//! `crates/dyad-nlp/models/ner.dyad`.
//!
//! `cargo run --release -p dyad-nlp --example train_ner -- [CORPUS] [--dev] [--no-gum] [--no-uner] [--no-crossner] [--iterations N] [--no-write]`

#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

use dyad_core::{Document, Meta, Stage};
use dyad_nlp::model::TrainOptions;
use dyad_nlp::ner::{self, Sources};
use dyad_nlp::segment::Segmenter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut corpus = PathBuf::from("/work/shared/corpus");
    let mut sources = Sources::default();
    // dyad's shipped model: the default options (what `dyad train` uses).
    let mut opts = TrainOptions::default();
    let (mut dev, mut write) = (false, true);
    let mut load: Option<PathBuf> = None;
    let mut errors: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dev" => dev = true,
            "--no-gum" => sources.gum = false,
            "--no-uner" => sources.uner = false,
            "--no-crossner" => sources.crossner = false,
            "--no-write" => write = false,
            "--load" => load = args.next().map(PathBuf::from),
            "--errors" => errors = args.next().map(PathBuf::from),
            "--iterations" => {
                opts.iterations = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--iterations N")?
            }
            _ => corpus = PathBuf::from(a),
        }
    }
    let t = Instant::now();
    let model = match &load {
        Some(p) => {
            write = false;
            ner::NerModel::from_bytes(&std::fs::read(p)?)?
        }
        None => ner::train_with(&corpus, sources, &opts, &mut |m| println!("{m}"))?,
    };
    if let Some(p) = &errors {
        std::fs::write(p, ner::dev_errors(&model, &corpus)?.join("\n"))?;
    }
    println!("ner: trained in {:.1} s", t.elapsed().as_secs_f64());
    let bytes = model.to_bytes();
    println!("ner: model {} bytes", bytes.len());
    if write {
        let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/ner.dyad");
        std::fs::write(&out, &bytes)?;
        println!("ner: wrote {}", out.display());
    }
    if dev {
        let scores = ner::evaluate_dev(&model, &corpus)?;
        println!("dev: {}", serde_json::to_string_pretty(&scores)?);
    }
    let t = Instant::now();
    let scores = ner::evaluate(&model, &corpus)?;
    let eval_secs = t.elapsed().as_secs_f64();
    println!("test: {}", serde_json::to_string_pretty(&scores)?);
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/riyadh-talks.txt"),
    )?;
    let text = vec![text; 50].join("\n\n");
    let mut doc = Document::new(Meta::with_id("speed"), text)?;
    Segmenter::new().process(&mut doc);
    // The pipeline tags before NER; time NER alone.
    dyad_nlp::tag::Tagger::default().process(&mut doc);
    let model: &'static ner::NerModel = Box::leak(Box::new(model));
    let stage = ner::Ner::new(model);
    // Best of five runs: the build machine is shared.
    let mut secs = f64::INFINITY;
    for _ in 0..5 {
        let t = Instant::now();
        stage.process(&mut doc);
        secs = secs.min(t.elapsed().as_secs_f64().max(1e-9));
    }
    println!(
        "ner: {} tokens, {} mentions in {:.3} s: {:.0} words/s (one thread)",
        doc.tokens.len(),
        doc.mentions.len(),
        secs,
        doc.tokens.len() as f64 / secs
    );
    println!(
        "ner: UNER test F1 {:.1} (target 75), GUM test F1 {:.1} (target 70); scored in {:.2} s",
        scores.uner.overall.f1, scores.gum.overall.f1, eval_secs
    );
    Ok(())
}
