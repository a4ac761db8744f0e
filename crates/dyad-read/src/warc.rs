//! WARC reader (CC-NEWS style): HTML responses become documents.
//!
//! A thin streaming parser of its own rather than the `warc` crate, so that
//! every failure maps to a record-numbered [`ReadError`] and a bad record
//! costs only that record: the format is simple (version line, headers,
//! blank line, `Content-Length` bytes, blank lines), and `.warc.gz` files are
//! one gzip member per record, read member by member ([`crate::gz::Members`])
//! so a damaged member never costs the records before it. Only `WARC-Type: response` records carrying a 200
//! HTML HTTP response are turned into documents; others are skipped and
//! counted in [`WarcStats`].

use std::io::{self, BufRead, BufReader, Read};

use dyad_core::{Document, InputFormat, Origin};

use crate::error::{Location, ReadError};
use crate::gz::Members;
use crate::html_meta::host;
use crate::http::{HttpPayload, parse_response};
use crate::jsonl::{Line, read_line_limited};

/// The longest WARC header line accepted.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// The most header lines one record may have.
const MAX_HEADERS: usize = 1024;

/// What a [`WarcReader`] has seen so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WarcStats {
    /// WARC records of any type.
    pub records: u64,
    /// `response` records.
    pub responses: u64,
    /// Responses skipped because they are not HTML (or not HTTP).
    pub skipped_not_html: u64,
    /// Responses skipped because their HTTP status is not 200.
    pub skipped_status: u64,
    /// Documents yielded.
    pub documents: u64,
}

/// Iterator over the HTML documents of a (decompressed) WARC stream.
///
/// Errors name the 1-based record number. A bad HTTP payload or page yields
/// an error and reading continues with the next record; a malformed WARC
/// header block or a cut stream yields one error and ends the iteration,
/// since the next record cannot be found reliably.
///
/// ```
/// let warc = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
/// WARC-Target-URI: https://www.example.com/a\r\nWARC-Date: 2025-02-18T10:00:00Z\r\n\
/// Content-Type: application/http; msgtype=response\r\nContent-Length: 82\r\n\r\n\
/// HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Ministers met.</p>\r\n\r\n";
/// let mut docs = dyad_read::WarcReader::new(&warc[..], "x.warc");
/// let doc = docs.next().unwrap().unwrap();
/// assert_eq!(doc.text, "Ministers met.");
/// assert_eq!(doc.meta.id, "urn:uuid:1");
/// assert_eq!(doc.meta.source.as_deref(), Some("example.com"));
/// assert!(docs.next().is_none());
/// ```
#[derive(Debug)]
pub struct WarcReader<R> {
    reader: R,
    path: String,
    record: u64,
    max_bytes: usize,
    gzip: bool,
    done: bool,
    stats: WarcStats,
    line: Vec<u8>,
}

impl<R: BufRead> WarcReader<BufReader<Members<R>>> {
    /// Reads a gzip-compressed WARC (`.warc.gz`, any number of members).
    pub fn from_gzip(reader: R, path: impl Into<String>) -> Self {
        WarcReader::new(BufReader::new(Members::new(reader)), path).gzip(true)
    }
}

impl<R: BufRead> WarcReader<R> {
    /// Reads an uncompressed WARC stream; `path` names it in errors.
    pub fn new(reader: R, path: impl Into<String>) -> Self {
        Self {
            reader,
            path: path.into(),
            record: 0,
            max_bytes: crate::DEFAULT_MAX_BYTES,
            gzip: false,
            done: false,
            stats: WarcStats::default(),
            line: Vec::new(),
        }
    }

    /// Limit on a record's document text (default 128 MiB). Records over
    /// four times this are skipped unread, as raw HTML is mostly markup.
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

    /// Counts of what has been read so far.
    pub fn stats(&self) -> WarcStats {
        self.stats
    }

    fn at(&self) -> Location {
        Location::record(self.path.clone(), self.record)
    }

    /// Ends the iteration with `err`.
    fn fail(&mut self, err: ReadError) -> Option<Result<Document, ReadError>> {
        self.done = true;
        Some(Err(err))
    }

    fn io_error(&mut self, e: io::Error) -> Option<Result<Document, ReadError>> {
        let err = ReadError::io(self.at(), e, self.gzip);
        self.fail(err)
    }

    /// Reads one line; `None` at end of stream.
    fn read_line(&mut self) -> io::Result<Option<Result<&[u8], u64>>> {
        Ok(
            match read_line_limited(&mut self.reader, &mut self.line, MAX_HEADER_LINE)? {
                Line::Eof => None,
                Line::TooLong(n) => Some(Err(n)),
                Line::Read => Some(Ok(self.line.trim_ascii_end())),
            },
        )
    }

    /// Reads the header block after the version line.
    fn read_headers(&mut self) -> Result<Vec<(String, String)>, ReadError> {
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let at = self.at();
            let gzip = self.gzip;
            let line = match self.read_line() {
                Err(e) => return Err(ReadError::io(at, e, gzip)),
                Ok(None) => {
                    let message = if gzip {
                        "truncated gzip stream".to_owned()
                    } else {
                        "truncated record: headers end early".to_owned()
                    };
                    return Err(ReadError::Truncated { at, message });
                }
                Ok(Some(Err(_))) => {
                    let message = "header line too long".to_owned();
                    return Err(ReadError::MalformedWarc { at, message });
                }
                Ok(Some(Ok(line))) => line,
            };
            if line.is_empty() {
                return Ok(headers);
            }
            let text = String::from_utf8_lossy(line);
            if (line[0] == b' ' || line[0] == b'\t')
                && let Some((_, value)) = headers.last_mut()
            {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(text.trim());
                continue;
            }
            let Some((name, value)) = text.split_once(':') else {
                let message = format!("bad header line {:?}", truncate(&text));
                return Err(ReadError::MalformedWarc { at, message });
            };
            if headers.len() >= MAX_HEADERS {
                let message = "too many headers".to_owned();
                return Err(ReadError::MalformedWarc { at, message });
            }
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }

    /// Consumes `len` body bytes without keeping them.
    fn skip(&mut self, len: u64) -> Result<(), ReadError> {
        let copied = io::copy(&mut (&mut self.reader).take(len), &mut io::sink())
            .map_err(|e| ReadError::io(self.at(), e, self.gzip))?;
        self.check_len(len, copied)
    }

    fn check_len(&self, want: u64, got: u64) -> Result<(), ReadError> {
        if got == want {
            return Ok(());
        }
        let message = if self.gzip {
            format!("truncated gzip stream: record expected {want} bytes, got {got}")
        } else {
            format!("truncated record: expected {want} bytes, got {got}")
        };
        Err(ReadError::Truncated {
            at: self.at(),
            message,
        })
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            // Skip the blank lines that end the previous record.
            let version = loop {
                match self.read_line() {
                    Err(e) => {
                        self.record += 1;
                        return self.io_error(e);
                    }
                    Ok(None) => return None,
                    Ok(Some(Ok([]))) => {}
                    Ok(Some(Ok(line))) => break line.starts_with(b"WARC/"),
                    Ok(Some(Err(_))) => break false,
                }
            };
            self.record += 1;
            self.stats.records += 1;
            if !version {
                let message = "expected a `WARC/1.x` version line".to_owned();
                return self.fail(ReadError::MalformedWarc {
                    at: self.at(),
                    message,
                });
            }
            let headers = match self.read_headers() {
                Ok(h) => h,
                Err(e) => return self.fail(e),
            };
            let header = |name: &str| {
                headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_str())
            };
            let Some(len) = header("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
                let message = "missing or bad Content-Length".to_owned();
                return self.fail(ReadError::MalformedWarc {
                    at: self.at(),
                    message,
                });
            };
            let is_response =
                header("WARC-Type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
            let is_http = header("Content-Type")
                .is_none_or(|t| t.to_ascii_lowercase().starts_with("application/http"));
            let cap = self.max_bytes.saturating_mul(4) as u64;
            if !is_response || !is_http || len > cap {
                if let Err(e) = self.skip(len) {
                    return self.fail(e);
                }
                if is_response && is_http {
                    self.stats.responses += 1;
                    let (at, max) = (self.at(), self.max_bytes as u64);
                    return Some(Err(ReadError::TooLarge { at, len, max }));
                }
                if is_response {
                    self.stats.skipped_not_html += 1;
                }
                continue;
            }
            self.stats.responses += 1;
            let meta = RecordMeta {
                id: header("WARC-Record-ID").map(|v| v.trim_matches(['<', '>']).to_owned()),
                url: header("WARC-Target-URI").map(|v| v.trim_matches(['<', '>']).to_owned()),
                date: header("WARC-Date").map(str::to_owned),
            };
            let mut body = Vec::with_capacity(len.min(1 << 20) as usize);
            match (&mut self.reader).take(len).read_to_end(&mut body) {
                Ok(n) => {
                    if let Err(e) = self.check_len(len, n as u64) {
                        return self.fail(e);
                    }
                }
                Err(e) => return self.io_error(e),
            }
            if let Some(result) = self.document(&body, meta) {
                return Some(result);
            }
        }
        None
    }
}

/// What the WARC headers say about a response record.
struct RecordMeta {
    id: Option<String>,
    url: Option<String>,
    date: Option<String>,
}

impl<R: BufRead> WarcReader<R> {
    /// The document of one response record; `None` when it is skipped.
    fn document(&mut self, body: &[u8], meta: RecordMeta) -> Option<Result<Document, ReadError>> {
        let at = self.at();
        let payload = match parse_response(body, self.max_bytes.saturating_mul(4), &at) {
            Err(e) => return Some(Err(e)),
            Ok(HttpPayload::NotOk(code)) => {
                tracing::debug!(record = self.record, code, "skipping non-200 response");
                self.stats.skipped_status += 1;
                return None;
            }
            Ok(HttpPayload::NotHtml) => {
                tracing::debug!(record = self.record, "skipping non-HTML response");
                self.stats.skipped_not_html += 1;
                return None;
            }
            Ok(HttpPayload::Html { body, charset }) => (body, charset),
        };
        let origin = Origin {
            path: self.path.clone(),
            record: Some(self.record),
            format: InputFormat::Warc,
            encoding: None,
        };
        let max = self.max_bytes;
        let result = crate::html::html_to_document(&payload.0, payload.1.as_deref(), origin)
            .and_then(|doc| {
                if doc.text.len() > max {
                    let (len, max) = (doc.text.len() as u64, max as u64);
                    return Err(ReadError::TooLarge { at, len, max });
                }
                Ok(doc)
            });
        Some(result.map(|mut doc| {
            self.stats.documents += 1;
            if let Some(id) = meta.id {
                doc.meta.id = id;
            } else {
                doc.meta.id = format!("{}:{}", self.path, self.record);
            }
            if let Some(url) = meta.url {
                doc.meta.url = Some(url);
            }
            if doc.meta.source.is_none() {
                doc.meta.source = doc.meta.url.as_deref().and_then(host);
            }
            if doc.meta.date.is_none() {
                doc.meta.date = meta.date;
            }
            doc
        }))
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
#[path = "warc_tests.rs"]
mod tests;
