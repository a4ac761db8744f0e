//! JSON Lines (and plain JSON) articles in news-please / newspaper4k shape.
//!
//! Field names: `title`, `maintext` or `text` (maintext wins), `date_publish`,
//! `publish_date`, `date` or `published` (the first present), `url`, `source_domain`, `authors` (list or string),
//! `language`, optional `id`. Values are read leniently from a generic JSON
//! value rather than a strict struct, because real dumps mix `null`s,
//! numbers-as-ids and extra fields, and one odd field should not cost the
//! whole article.

use std::io::{self, BufRead};

use dyad_core::{Document, InputFormat, Meta, Origin};
use serde_json::{Map, Value};

use crate::error::{Location, ReadError};
use crate::html_meta::host;

/// Iterator over the articles of a JSON Lines stream, one per non-empty line.
///
/// A bad line yields an error and reading goes on with the next line; an
/// I/O error (such as a truncated gzip stream) yields one error and ends the
/// iteration. Lines are read with a bound, so a huge line costs at most
/// `max_bytes` of memory before it is rejected.
///
/// ```
/// let data = b"{\"title\":\"T\",\"maintext\":\"Body.\",\"url\":\"https://www.ex.org/a\"}\n\nnot json\n";
/// let mut it = dyad_read::JsonlReader::new(&data[..], "a.jsonl");
/// let doc = it.next().unwrap().unwrap();
/// assert_eq!((doc.text.as_str(), doc.meta.id.as_str()), ("Body.", "https://www.ex.org/a"));
/// assert_eq!(doc.meta.source.as_deref(), Some("ex.org"));
/// let err = it.next().unwrap().unwrap_err();
/// assert_eq!((err.kind(), err.record()), ("malformed_json", Some(3)));
/// assert!(it.next().is_none());
/// ```
#[derive(Debug)]
pub struct JsonlReader<R> {
    reader: R,
    path: String,
    line: u64,
    max_bytes: usize,
    gzip: bool,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// Reads `reader`; `path` names it in ids and errors.
    pub fn new(reader: R, path: impl Into<String>) -> Self {
        Self {
            reader,
            path: path.into(),
            line: 0,
            max_bytes: crate::DEFAULT_MAX_BYTES,
            gzip: false,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Rejects lines longer than `max_bytes` (default 128 MiB).
    #[must_use]
    pub fn max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// Says the stream is decompressed gzip, so that an unexpected end is
    /// reported as a truncated gzip stream.
    #[must_use]
    pub fn gzip(mut self, gzip: bool) -> Self {
        self.gzip = gzip;
        self
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let read = read_line_limited(&mut self.reader, &mut self.buf, self.max_bytes);
            self.line += 1;
            let at = Location::line(self.path.clone(), self.line);
            match read {
                Err(e) => {
                    self.done = true;
                    return Some(Err(ReadError::io(at, e, self.gzip)));
                }
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong(len)) => {
                    return Some(Err(ReadError::TooLarge {
                        at,
                        len,
                        max: self.max_bytes as u64,
                    }));
                }
                Ok(Line::Read) => {
                    let mut bytes = self.buf.as_slice();
                    if self.line == 1 {
                        bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                    }
                    let bytes = bytes.trim_ascii();
                    if !bytes.is_empty() {
                        return Some(parse_line(bytes, &self.path, self.line));
                    }
                }
            }
        }
        None
    }
}

/// Outcome of one bounded line read.
pub(crate) enum Line {
    Eof,
    Read,
    /// The line (this many bytes, newline included) was longer than allowed
    /// and has been skipped.
    TooLong(u64),
}

/// Reads up to and including the next `\n` into `buf`, keeping at most
/// `max + 1` bytes; a longer line is consumed but not stored.
pub(crate) fn read_line_limited<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Line> {
    buf.clear();
    let mut total = 0u64;
    let mut too_long = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(match (total, too_long) {
                (0, _) => Line::Eof,
                (_, true) => Line::TooLong(total),
                (_, false) => Line::Read,
            });
        }
        let (take, end) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        total += take as u64;
        if !too_long {
            let content = buf.len() + take - usize::from(end);
            if content > max {
                too_long = true;
                *buf = Vec::new();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        r.consume(take);
        if end {
            return Ok(if too_long {
                Line::TooLong(total)
            } else {
                Line::Read
            });
        }
    }
}

fn parse_line(bytes: &[u8], path: &str, line: u64) -> Result<Document, ReadError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => article(&value, path, line),
        Err(e) => Err(ReadError::MalformedJson {
            at: Location::line(path, line),
            // One line is one JSON text: its column is all that locates it.
            message: e.to_string().replace(" at line 1 column ", " at column "),
        }),
    }
}

/// Reads a whole `.json` file: one article object, or an array of them.
/// Array elements are numbered from 1 in ids and errors like JSONL lines.
pub fn read_json(bytes: &[u8], path: &str) -> Vec<Result<Document, ReadError>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.trim_ascii().is_empty() {
        return vec![Err(ReadError::Empty {
            at: Location::file(path),
        })];
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(items)) => items
            .iter()
            .zip(1u64..)
            .map(|(v, n)| article(v, path, n))
            .collect(),
        Ok(value) => vec![article(&value, path, 1)],
        Err(e) => vec![Err(ReadError::MalformedJson {
            at: Location::file(path),
            message: e.to_string(),
        })],
    }
}

/// One article from its JSON value.
fn article(value: &Value, path: &str, record: u64) -> Result<Document, ReadError> {
    let at = Location::line(path, record);
    let Value::Object(map) = value else {
        return Err(ReadError::MalformedJson {
            at,
            message: format!("expected an article object, found {}", type_name(value)),
        });
    };
    let text = ["maintext", "text"]
        .iter()
        .find_map(|k| string(map, k).filter(|t| !t.trim().is_empty()))
        .ok_or(ReadError::MissingText { at })?;
    let url = string(map, "url");
    let id = match map.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => url.clone().unwrap_or_else(|| format!("{path}:{record}")),
    };
    let date = ["date_publish", "publish_date", "date", "published"]
        .iter()
        .find_map(|k| string(map, k))
        .map(|d| iso_date(&d));
    let source = string(map, "source_domain").or_else(|| url.as_deref().and_then(host));
    let authors = match map.get("authors") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::trim).filter(|s| !s.is_empty()))
            .map(str::to_owned)
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_owned()],
        _ => Vec::new(),
    };
    let meta = Meta {
        id,
        title: string(map, "title"),
        date,
        url,
        source,
        language: string(map, "language"),
        authors,
        origin: Origin {
            path: path.to_owned(),
            record: Some(record),
            format: InputFormat::Jsonl,
            encoding: Some("UTF-8".to_owned()),
        },
    };
    crate::new_document(meta, crate::charset::normalize_newlines(text))
}

/// A non-empty trimmed string field.
fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// `2025-02-18 14:03:00` -> `2025-02-18T14:03:00`; other forms unchanged.
pub(crate) fn iso_date(date: &str) -> String {
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() >= 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b' '
        && digits(11..13)
        && b[13] == b':'
    {
        format!("{}T{}", &date[..10], &date[11..])
    } else {
        date.to_owned()
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
#[path = "jsonl_tests.rs"]
mod tests;
