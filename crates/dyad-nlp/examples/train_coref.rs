//! Train the coreference model on GUM, score it on GUM test, and write
//! `crates/dyad-nlp/models/coref.dyad`.
//!
//! `cargo run --release -p dyad-nlp --example train_coref [CORPUS_DIR]`
//!
//! With `--dev` (after the corpus directory, or alone) it trains on GUM
//! train only, scores on GUM dev and writes nothing: the loop for tuning
//! features without touching test.

use std::path::PathBuf;
use std::time::Instant;

use dyad_nlp::coref;
use dyad_nlp::model::TrainOptions;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dev = args.iter().any(|a| a == "--dev");
    let corpus = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(|| PathBuf::from("/work/shared/corpus"), PathBuf::from);
    if dev {
        // Dev scores vary with the shuffling seed: report each of a few.
        for seed in 1..=8 {
            let opts = TrainOptions {
                seed,
                ..TrainOptions::default()
            };
            let model = coref::train_on(&corpus, &["train"], &opts, &mut |_| {})?;
            let s = coref::evaluate_split(&model, &corpus, "dev")?;
            eprintln!("{}", serde_json::to_string(&s)?);
        }
    }
    let t = Instant::now();
    let opts = TrainOptions::default();
    let mut progress = |m: &str| eprintln!("{m}");
    let model = if dev {
        coref::train_on(&corpus, &["train"], &opts, &mut progress)?
    } else {
        coref::train(&corpus, &opts, &mut progress)?
    };
    eprintln!("coref: trained in {:.1}s", t.elapsed().as_secs_f64());
    let bytes = model.to_bytes();
    if dev {
        eprintln!("coref: model would be {} bytes", bytes.len());
        let scores = coref::evaluate_split(&model, &corpus, "dev")?;
        eprintln!("{}", serde_json::to_string_pretty(&scores)?);
        return Ok(());
    }
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/coref.dyad");
    std::fs::write(&out, &bytes)?;
    eprintln!("coref: wrote {} ({} bytes)", out.display(), bytes.len());
    let scores = coref::evaluate(&model, &corpus)?;
    eprintln!("{}", serde_json::to_string_pretty(&scores)?);
    Ok(())
}
