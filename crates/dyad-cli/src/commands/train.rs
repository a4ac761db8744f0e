//! `dyad train`: rebuild every shipped model from the corpora, in
//! dependency order (the parser and NER read the tagger's predictions).
//! Same corpora and seed give byte-identical files.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use dyad_nlp::model::TrainOptions;

use crate::cli::{ModelName, TrainArgs};
use crate::exit;

pub(crate) fn run(args: &TrainArgs) -> anyhow::Result<u8> {
    let corpus = &args.corpus;
    if !corpus.join("UD_English-EWT").is_dir() {
        anyhow::bail!(
            "{} does not look like the corpus folder (no UD_English-EWT/ inside)",
            corpus.display()
        );
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut opts = TrainOptions {
        seed: args.seed,
        ..TrainOptions::default()
    };
    if let Some(n) = args.iterations {
        opts.iterations = n;
    }
    let wanted = |m: ModelName| args.only.is_empty() || args.only.contains(&m);
    let mut progress = |msg: &str| eprintln!("{msg}");
    if wanted(ModelName::Tag) {
        let t = Instant::now();
        let model = dyad_nlp::tag::train(corpus, &opts, &mut progress)?;
        write(&args.out, "tag", &model.to_bytes(), t)?;
    }
    if wanted(ModelName::Parse) {
        let t = Instant::now();
        // The shipped parser was trained with 12 passes.
        let parse_opts = TrainOptions {
            iterations: args.iterations.unwrap_or(12),
            ..opts
        };
        let model = dyad_nlp::parse::train(corpus, &parse_opts, &mut progress)?;
        write(&args.out, "parse", &model.to_bytes(), t)?;
    }
    if wanted(ModelName::Ner) {
        let t = Instant::now();
        let model = dyad_nlp::ner::train(corpus, &opts, &mut progress)?;
        write(&args.out, "ner", &model.to_bytes(), t)?;
    }
    if wanted(ModelName::Coref) {
        let t = Instant::now();
        let model = dyad_nlp::coref::train(corpus, &opts, &mut progress)?;
        write(&args.out, "coref", &model.to_bytes(), t)?;
    }
    Ok(exit::OK)
}

fn write(dir: &Path, name: &str, bytes: &[u8], started: Instant) -> anyhow::Result<()> {
    let path = dir.join(format!("{name}.dyad"));
    std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "{name}: wrote {} ({:.1} MB) in {:.0} s",
        path.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
