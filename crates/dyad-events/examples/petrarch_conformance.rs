//! Run PETRARCH's validation suite with dyad's own pipeline.
//!
//! ```text
//! cargo run --release -p dyad-events --example petrarch_conformance -- /path/to/petrarch [--json]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use dyad_core::{Document, Meta, Pipeline};
use dyad_events::petrarch::run_conformance;

#[allow(clippy::print_stdout)]
fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: petrarch_conformance DIR [--json]");
        return ExitCode::from(2);
    };
    let json = args.any(|a| a == "--json");
    let pipeline = Pipeline::new()
        .with(dyad_nlp::segment::Segmenter::new())
        .with(dyad_nlp::tag::Tagger::default())
        .with(dyad_nlp::parse::Parser::default());
    let analyse = |text: &str| {
        let mut doc =
            Document::new(Meta::with_id("petrarch"), text.to_string()).unwrap_or_default();
        pipeline.run(&mut doc);
        doc
    };
    match run_conformance(&dir, &analyse) {
        Ok(report) => {
            if json {
                match serde_json::to_string_pretty(&report) {
                    Ok(s) => println!("{s}"),
                    Err(e) => {
                        eprintln!("{e}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                print!("{report}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
