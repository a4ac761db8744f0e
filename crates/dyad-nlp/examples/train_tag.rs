//! Train the tagger on EWT + shippable GUM train, score it on the dev and
//! test sets, measure its speed and write `models/tag.dyad`.
//!
//! `cargo run --release -p dyad-nlp --example train_tag [corpus dir]`
//! Environment knobs for experiments: `TAG_ITERATIONS`, `TAG_PRUNE`,
//! `TAG_DICT_SHARE`, `TAG_DICT_MIN`, `TAG_AMB_MIN`, `TAG_LOOKAHEAD`, `TAG_NO_WRITE=1`, `TAG_OUT` (model path).

use std::path::{Path, PathBuf};
use std::time::Instant;

use dyad_nlp::model::TrainOptions;
use dyad_nlp::tag::{self, TagSettings};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU time of this thread in seconds (Linux), so the speed figure does
/// not depend on other processes sharing the machine; wall time elsewhere.
fn cpu_seconds(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let corpus = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("/work/shared/corpus"), PathBuf::from);
    let defaults = TagSettings::default();
    let settings = TagSettings {
        prune: env("TAG_PRUNE", defaults.prune),
        dict_min_share: env("TAG_DICT_SHARE", defaults.dict_min_share),
        dict_min_count: env("TAG_DICT_MIN", defaults.dict_min_count),
        amb_min_count: env("TAG_AMB_MIN", defaults.amb_min_count),
        lookahead: env("TAG_LOOKAHEAD", defaults.lookahead),
        ..defaults
    };
    let opts = TrainOptions {
        iterations: env("TAG_ITERATIONS", TrainOptions::default().iterations),
        ..TrainOptions::default()
    };
    let t0 = Instant::now();
    let sents = tag::training_sentences(&corpus)?;
    let model = tag::train_with(&sents, &opts, &settings, &mut |m| eprintln!("{m}"))?;
    eprintln!(
        "trained in {:.1}s; sizes {:?}",
        t0.elapsed().as_secs_f64(),
        model.sizes()
    );
    let bytes = model.to_bytes();
    eprintln!("model: {} bytes", bytes.len());
    for (name, path) in [
        ("ewt-dev", "UD_English-EWT/en_ewt-ud-dev.conllu"),
        ("gum-dev", "GUM/dep/gum_dev.conllu"),
    ] {
        let dev = tag::read_conllu(&corpus.join(path))?;
        eprintln!("{name}: {:?}", tag::score_sentences(&model, &dev));
    }
    let scores = tag::evaluate(&model, &corpus)?;
    eprintln!("test: {}", serde_json::to_string(&scores)?);
    // Speed: tag EWT test five times on one thread.
    let test = tag::read_conllu(&corpus.join("UD_English-EWT/en_ewt-ud-test.conllu"))?;
    let sents: Vec<Vec<&str>> = test
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let t = Instant::now();
    let c0 = cpu_seconds(t);
    let mut words = 0usize;
    for _ in 0..5 {
        for s in &sents {
            words += model.tag(s).len();
        }
    }
    eprintln!(
        "speed: {:.0} words/s (CPU time), {:.0} words/s (wall)",
        words as f64 / (cpu_seconds(t) - c0),
        words as f64 / t.elapsed().as_secs_f64()
    );
    if std::env::var("TAG_NO_WRITE").is_err() {
        let out = std::env::var("TAG_OUT").map_or_else(
            |_| Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tag.dyad"),
            PathBuf::from,
        );
        std::fs::write(&out, &bytes)?;
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}
