//! Reader errors.
//!
//! Every error names where it happened (file, and line or record number) so
//! that one line of a log or of a `--rejects` file is enough to find the bad
//! input again; [`ReadError::kind`] gives a stable code for tooling.

use std::fmt;
use std::io;

use dyad_core::{InputFormat, Origin};

/// How the number in a [`Location`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// 1-based line number (JSON Lines, or element index of a JSON array).
    Line,
    /// 1-based record number (WARC).
    Record,
}

/// Where an error happened: a path and, inside it, a line or record number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The input path as given (`-` for standard input).
    pub path: String,
    /// 1-based line or record number, when the error is about one record.
    pub record: Option<u64>,
    /// What `record` counts.
    pub unit: Unit,
}

impl Location {
    /// A location naming a whole file.
    pub fn file(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            record: None,
            unit: Unit::Line,
        }
    }

    /// A location naming one line of a file.
    pub fn line(path: impl Into<String>, line: u64) -> Self {
        Self {
            path: path.into(),
            record: Some(line),
            unit: Unit::Line,
        }
    }

    /// A location naming one WARC record of a file.
    pub fn record(path: impl Into<String>, record: u64) -> Self {
        Self {
            path: path.into(),
            record: Some(record),
            unit: Unit::Record,
        }
    }

    /// The location an [`Origin`] points at (WARC origins count records,
    /// everything else lines).
    pub fn of(origin: &Origin) -> Self {
        let unit = if origin.format == InputFormat::Warc {
            Unit::Record
        } else {
            Unit::Line
        };
        Self {
            path: origin.path.clone(),
            record: origin.record,
            unit,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.record, self.unit) {
            (None, _) => f.write_str(&self.path),
            (Some(n), Unit::Line) => write!(f, "{}:{n}", self.path),
            (Some(n), Unit::Record) => write!(f, "{}: record {n}", self.path),
        }
    }
}

/// Why an input (or one record of it) could not be turned into a document.
///
/// Display is one line: `data/a.jsonl:17: malformed JSON: ...`,
/// `cc.warc.gz: record 12: truncated gzip stream`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Reading failed at the operating-system level (missing file,
    /// permission, I/O failure).
    #[error("{at}: {source}")]
    Io {
        /// Where.
        at: Location,
        /// The underlying error.
        source: io::Error,
    },
    /// The input (or the record's text) is empty or only whitespace.
    #[error("{at}: empty input")]
    Empty {
        /// Where.
        at: Location,
    },
    /// The input looks binary, not text.
    #[error("{at}: binary file ({reason}), not text")]
    Binary {
        /// Where.
        at: Location,
        /// What gave it away (`NUL bytes`, `mostly control characters`).
        reason: &'static str,
    },
    /// A JSON line or file does not parse, or is not an article object.
    #[error("{at}: malformed JSON: {message}")]
    MalformedJson {
        /// Where.
        at: Location,
        /// The parser's message.
        message: String,
    },
    /// A JSON article has neither `maintext` nor `text`.
    #[error("{at}: no `maintext` or `text` field")]
    MissingText {
        /// Where.
        at: Location,
    },
    /// A WARC record or its HTTP head is malformed.
    #[error("{at}: malformed WARC: {message}")]
    MalformedWarc {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// The input ends in the middle of a record or gzip member.
    #[error("{at}: {message}")]
    Truncated {
        /// Where.
        at: Location,
        /// What was cut (`truncated gzip stream`, `truncated record: ...`).
        message: String,
    },
    /// The document (or the raw line/record/file holding it) is larger than
    /// the configured limit.
    #[error("{at}: too large: {len} bytes, the limit is {max} bytes")]
    TooLarge {
        /// Where.
        at: Location,
        /// The size found (a lower bound when reading stopped early).
        len: u64,
        /// The limit.
        max: u64,
    },
    /// HTML with no readable text.
    #[error("{at}: no text content found in HTML")]
    NoContent {
        /// Where.
        at: Location,
    },
    /// Something valid but not handled (e.g. a `br` content encoding).
    #[error("{at}: unsupported: {message}")]
    Unsupported {
        /// Where.
        at: Location,
        /// What.
        message: String,
    },
    /// A glob pattern does not parse.
    #[error("{at}: bad glob pattern: {message}")]
    BadPattern {
        /// The pattern.
        at: Location,
        /// The parser's message.
        message: String,
    },
    /// A glob pattern matched no file.
    #[error("{at}: no file matches this pattern")]
    NoMatch {
        /// The pattern.
        at: Location,
    },
}

impl ReadError {
    /// Wraps an I/O error, turning an unexpected end of file into
    /// [`ReadError::Truncated`] (that is what a cut gzip stream reports).
    pub fn io(at: Location, source: io::Error, gzip: bool) -> Self {
        if source.kind() == io::ErrorKind::UnexpectedEof {
            let message = if gzip {
                "truncated gzip stream".to_owned()
            } else {
                format!("truncated input ({source})")
            };
            Self::Truncated { at, message }
        } else if gzip && source.kind() == io::ErrorKind::InvalidInput {
            Self::Truncated {
                at,
                message: format!("corrupt gzip stream ({source})"),
            }
        } else {
            Self::Io { at, source }
        }
    }

    /// Where the error happened.
    pub fn location(&self) -> &Location {
        match self {
            Self::Io { at, .. }
            | Self::Empty { at }
            | Self::Binary { at, .. }
            | Self::MalformedJson { at, .. }
            | Self::MissingText { at }
            | Self::MalformedWarc { at, .. }
            | Self::Truncated { at, .. }
            | Self::TooLarge { at, .. }
            | Self::NoContent { at }
            | Self::Unsupported { at, .. }
            | Self::BadPattern { at, .. }
            | Self::NoMatch { at } => at,
        }
    }

    /// The input path (or glob pattern) the error is about.
    pub fn path(&self) -> &str {
        &self.location().path
    }

    /// The 1-based line or record number, when the error is about one record.
    pub fn record(&self) -> Option<u64> {
        self.location().record
    }

    /// A stable snake_case code for tooling (`--rejects` files, metrics).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Io { .. } => "io",
            Self::Empty { .. } => "empty",
            Self::Binary { .. } => "binary",
            Self::MalformedJson { .. } => "malformed_json",
            Self::MissingText { .. } => "missing_text",
            Self::MalformedWarc { .. } => "malformed_warc",
            Self::Truncated { .. } => "truncated",
            Self::TooLarge { .. } => "too_large",
            Self::NoContent { .. } => "no_content",
            Self::Unsupported { .. } => "unsupported",
            Self::BadPattern { .. } => "bad_pattern",
            Self::NoMatch { .. } => "no_match",
        }
    }

    /// Whether this error ends the reading of its file (nothing after it in
    /// the same file can be read).
    pub fn is_fatal_for_file(&self) -> bool {
        matches!(self, Self::Io { .. } | Self::Truncated { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_with_location() {
        let e = ReadError::MalformedJson {
            at: Location::line("data/a.jsonl", 17),
            message: "expected value at column 3".into(),
        };
        assert_eq!(
            e.to_string(),
            "data/a.jsonl:17: malformed JSON: expected value at column 3"
        );
        assert_eq!(e.kind(), "malformed_json");
        assert_eq!(e.path(), "data/a.jsonl");
        assert_eq!(e.record(), Some(17));

        let e = ReadError::Binary {
            at: Location::file("x.bin"),
            reason: "NUL bytes",
        };
        assert_eq!(e.to_string(), "x.bin: binary file (NUL bytes), not text");
        assert_eq!(e.record(), None);

        let e = ReadError::io(
            Location::record("cc.warc.gz", 12),
            io::Error::from(io::ErrorKind::UnexpectedEof),
            true,
        );
        assert_eq!(
            e.to_string(),
            "cc.warc.gz: record 12: truncated gzip stream"
        );
        assert_eq!(e.kind(), "truncated");
        assert!(!e.to_string().contains('\n'));
    }

    #[test]
    fn io_errors_keep_their_kind() {
        let e = ReadError::io(
            Location::file("a.txt"),
            io::Error::from(io::ErrorKind::NotFound),
            false,
        );
        assert_eq!(e.kind(), "io");
        assert!(e.is_fatal_for_file());
        assert!(e.to_string().starts_with("a.txt: "));
    }
}
