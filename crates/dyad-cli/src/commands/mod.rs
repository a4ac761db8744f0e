//! One module per subcommand.

mod analyze;
mod eval;
mod text_view;

use crate::cli::{Cli, Command};

/// Run the parsed command; returns the process exit code.
pub(crate) fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Eval(cmd) => eval::run(cmd),
    }
}
