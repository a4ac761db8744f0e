//! Input readers: plain text, HTML, JSON Lines / JSON and WARC into
//! [`dyad_core::Document`]s.
//!
//! [`read_all`] takes what a user types on the command line (`-` for
//! standard input, files, directories, glob patterns) and lazily yields one
//! `Result` per document: an error in one record never stops the records
//! after it, and an unreadable file moves on to the next input. Everything
//! streams; only a single plain-text, HTML or `.json` file is read whole.
//! Formats are picked by extension, else by sniffing the first bytes
//! (gzip is undone first), unless [`ReadOptions::format`] forces one.
//!
//! The per-format readers ([`read_text`], [`html_to_document`],
//! [`JsonlReader`], [`read_json`], [`WarcReader`]) work on any bytes or
//! `BufRead`, for callers that bring their own input.
//!
//! Every [`ReadError`] displays as one line naming the file and record, and
//! has a stable [`ReadError::kind`] code for reject logs.
//!
//! ```
//! use std::io::Write;
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "Rebels seized the town.\r\n")?;
//! let mut jsonl = std::fs::File::create(dir.path().join("b.jsonl"))?;
//! writeln!(jsonl, r#"{{"title":"Talks","maintext":"Envoys met.","date_publish":"2025-02-18 14:03:00"}}"#)?;
//! writeln!(jsonl, r#"{{"title":"No body"}}"#)?;
//!
//! let inputs = vec![dir.path().display().to_string()];
//! let opts = dyad_read::ReadOptions { date: Some("2025-01-01".into()), ..Default::default() };
//! let results: Vec<_> = dyad_read::read_all(&inputs, &opts).collect();
//! assert_eq!(results.len(), 3);
//!
//! let text = results[0].as_ref().unwrap();
//! assert_eq!(text.text, "Rebels seized the town.\n");
//! assert_eq!(text.meta.date.as_deref(), Some("2025-01-01")); // from the options
//!
//! let article = results[1].as_ref().unwrap();
//! assert_eq!(article.meta.date.as_deref(), Some("2025-02-18T14:03:00"));
//!
//! let err = results[2].as_ref().unwrap_err();
//! assert_eq!((err.kind(), err.record()), ("missing_text", Some(2)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod charset;
mod detect;
mod error;
mod gz;
mod html;
mod html_meta;
mod http;
mod inputs;
mod jsonl;
mod text;
mod warc;

use dyad_core::{Document, InputFormat, Meta};

pub use detect::{format_from_path, sniff};
pub use error::{Location, ReadError, Unit};
pub use html::html_to_document;
pub use inputs::Documents;
pub use jsonl::{JsonlReader, read_json};
pub use text::read_text;
pub use warc::{WarcReader, WarcStats};

/// The default limit on one document's text: 128 MiB.
pub const DEFAULT_MAX_BYTES: usize = 128 * 1024 * 1024;

/// How [`read_all`] reads its inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Read every input as this format; `None` detects it per file.
    pub format: Option<InputFormat>,
    /// Largest document text accepted, in bytes (default
    /// [`DEFAULT_MAX_BYTES`]). Larger documents become
    /// [`ReadError::TooLarge`]; raw input is read with a bound derived from
    /// it, so an oversized file or line never has to fit in memory.
    pub max_bytes: usize,
    /// Publication date for documents whose input has none.
    pub date: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            format: None,
            max_bytes: DEFAULT_MAX_BYTES,
            date: None,
        }
    }
}

/// Reads every input in order, lazily: `-` is standard input; a directory
/// is walked recursively in file-name order, taking files with a known
/// extension and skipping hidden ones; a path that does not exist but
/// contains `*`, `?` or `[` is a glob pattern (`data/**/*.jsonl`, matches
/// in sorted order, hidden files only when the pattern names the dot).
///
/// Each item is one document or one error; iteration continues after
/// errors.
pub fn read_all(inputs: &[String], opts: &ReadOptions) -> Documents {
    Documents::new(inputs, opts)
}

/// Builds a document, turning the 4 GiB limit of `dyad_core` into a
/// [`ReadError`].
pub(crate) fn new_document(meta: Meta, text: String) -> Result<Document, ReadError> {
    let at = Location::of(&meta.origin);
    let len = text.len();
    Document::new(meta, text).map_err(|_| ReadError::TooLarge {
        at,
        len: len as u64,
        max: Document::MAX_LEN as u64,
    })
}
