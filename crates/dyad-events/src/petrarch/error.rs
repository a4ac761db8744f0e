//! Errors of the PETRARCH dictionary readers and the conformance runner.

use std::path::PathBuf;

/// What can go wrong reading PETRARCH files.
#[derive(Debug, thiserror::Error)]
pub enum PetrarchError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of a dictionary could not be understood.
    #[error("{kind} dictionary, line {line}: {message}")]
    Syntax {
        /// Which dictionary (`verb`, `actor`, `agent`, `discard`).
        kind: &'static str,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The validation records file could not be understood.
    #[error("records file, line {line}: {message}")]
    Records {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl PetrarchError {
    pub(crate) fn syntax(kind: &'static str, line: usize, message: impl Into<String>) -> Self {
        Self::Syntax {
            kind,
            line,
            message: message.into(),
        }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Read a whole file as UTF-8 (invalid bytes replaced).
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, PetrarchError> {
    let bytes = std::fs::read(path).map_err(|e| PetrarchError::io(path, e))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
