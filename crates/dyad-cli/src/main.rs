//! The `dyad` binary: parses arguments and calls into the library crates.
//! Logic lives in `dyad-read` (inputs), `dyad-nlp` (analysis) and
//! `dyad-core` (the document and its JSON).

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of glibc's allocator: the pipeline allocates many small
/// short-lived strings and vectors per document, and with several worker
/// threads glibc's malloc/free were 5-6% of `dyad ingest`'s CPU samples.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, documented in README.md.
pub(crate) mod exit {
    /// Everything was read and analysed.
    pub(crate) const OK: u8 = 0;
    /// The run finished, but some inputs or records were rejected.
    pub(crate) const REJECTS: u8 = 1;
    /// The run stopped: bad arguments, unreadable evaluation data,
    /// unwritable output.
    pub(crate) const FATAL: u8 = 2;
}

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match commands::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`dyad analyze ... | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(exit::OK);
            }
            eprintln!("dyad: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(exit::FATAL)
        }
    }
}
