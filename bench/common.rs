//! Shared by the criterion benches (each includes it with `#[path]`): the
//! bench text and the "share of the pipeline" measurement.

use std::time::Instant;

/// The file named by `DYAD_BENCH_TEXT` (paragraphs separated by newlines),
/// or the bundled example article repeated to about 7,000 words.
pub(crate) fn text() -> String {
    if let Ok(path) = std::env::var("DYAD_BENCH_TEXT") {
        return std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read DYAD_BENCH_TEXT={path}: {e}"));
    }
    include_str!("../examples/riyadh-talks.txt").repeat(10)
}

/// Mean seconds of `pipeline` (5 runs) and of `stage` (50 runs), printed
/// with the stage's share of the pipeline under `name`.
#[allow(dead_code)]
pub(crate) fn share(name: &str, mut pipeline: impl FnMut(), mut stage: impl FnMut() -> String) {
    let rounds = 5;
    let t = Instant::now();
    for _ in 0..rounds {
        pipeline();
    }
    let pipeline_s = t.elapsed().as_secs_f64() / f64::from(rounds);
    let t = Instant::now();
    let mut what = String::new();
    for _ in 0..rounds * 10 {
        what = stage();
    }
    let stage_s = t.elapsed().as_secs_f64() / f64::from(rounds * 10);
    eprintln!(
        "{name} bench: {what}; pipeline {:.1} ms, {name} {:.2} ms = {:.1}% of the pipeline",
        pipeline_s * 1e3,
        stage_s * 1e3,
        100.0 * stage_s / pipeline_s
    );
}
