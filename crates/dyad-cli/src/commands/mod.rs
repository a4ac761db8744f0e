//! One module per subcommand.

mod analyze;
mod eval;
mod eval_events;
mod eval_stances;
mod export;
mod ingest;
mod query;
mod serve;
mod stances;
mod text_view;
mod train;

use crate::cli::{Cli, Command};

/// Run the parsed command; returns the process exit code.
pub(crate) fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Eval(args) => eval::run(args),
        Command::EvalQuotes { polnear, json } => eval::run_quotes(&polnear, json),
        Command::EvalEvents(args) => eval_events::run(&args),
        Command::EvalStances { gold, json, errors } => eval_stances::run(&gold, json, errors),
        Command::Train(args) => train::run(&args),
        Command::Ingest(args) => ingest::run(&args),
        Command::Query(args) => query::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Stances(args) => stances::run(&args),
    }
}
