//! Errors of the knowledge base and the NGEC evaluation.

use std::fmt;
use std::path::PathBuf;

/// One malformed data row.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// File name (`people.tsv`) or path.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Why a knowledge base or an evaluation file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// One or more rows of the TSV files are malformed; every bad row is
    /// listed with its file and line.
    #[error("{} malformed row(s):\n{}", .0.len(), join(.0))]
    Malformed(Vec<RowError>),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line of a JSON Lines file is not valid JSON.
    #[error("{path}:{line}: invalid JSON: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
}

fn join(errors: &[RowError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
