//! Expanding inputs (`-`, files, directories, glob patterns) lazily into a
//! stream of documents, one file open at a time.

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::Path;

use dyad_core::{Document, Origin};
use walkdir::{DirEntry, FilterEntry, WalkDir};

use crate::ReadOptions;
use crate::detect::{self, Kind};
use crate::error::{Location, ReadError};
use crate::{JsonlReader, WarcReader, html_to_document, read_json, read_text};

type DocIter = Box<dyn Iterator<Item = Result<Document, ReadError>> + Send>;
type Walk = FilterEntry<walkdir::IntoIter, fn(&DirEntry) -> bool>;

/// How many leading bytes are peeked at to detect compression and format.
const HEAD_LEN: usize = 1024;

/// The documents of a list of inputs, in order; see [`crate::read_all`].
pub struct Documents {
    opts: ReadOptions,
    pending: VecDeque<String>,
    expansion: Option<Expansion>,
    current: Option<DocIter>,
}

impl fmt::Debug for Documents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Documents")
            .field("opts", &self.opts)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

/// A directory walk or glob in progress.
enum Expansion {
    Walk(Walk),
    Glob {
        paths: glob::Paths,
        pattern: String,
        matched: bool,
    },
}

impl Documents {
    pub(crate) fn new(inputs: &[String], opts: &ReadOptions) -> Self {
        Self {
            opts: opts.clone(),
            pending: inputs.iter().cloned().collect(),
            expansion: None,
            current: None,
        }
    }

    /// Starts on one input: stdin, a file, a directory or a glob.
    fn start(&mut self, input: String) -> Option<ReadError> {
        if input == "-" {
            self.current = Some(open_reader(
                Box::new(io::stdin()),
                "-".into(),
                None,
                &self.opts,
            ));
            return None;
        }
        let path = Path::new(&input);
        if path.is_dir() {
            let walk = WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(not_hidden as fn(&DirEntry) -> bool);
            self.expansion = Some(Expansion::Walk(walk));
        } else if !path.exists() && input.contains(['*', '?', '[']) {
            let options = glob::MatchOptions {
                case_sensitive: true,
                require_literal_separator: true,
                require_literal_leading_dot: true,
            };
            match glob::glob_with(&input, options) {
                Ok(paths) => {
                    self.expansion = Some(Expansion::Glob {
                        paths,
                        pattern: input,
                        matched: false,
                    });
                }
                Err(e) => {
                    return Some(ReadError::BadPattern {
                        at: Location::file(input),
                        message: e.to_string(),
                    });
                }
            }
        } else {
            self.current = Some(open_path(path, input.clone(), &self.opts));
        }
        None
    }

    /// The next file of the current expansion, opened.
    fn next_in_expansion(&mut self) -> Option<Result<DocIter, ReadError>> {
        let expansion = self.expansion.as_mut()?;
        match expansion {
            Expansion::Walk(walk) => {
                for entry in walk.by_ref() {
                    let entry = match entry {
                        Ok(e) => e,
                        Err(e) => {
                            let at = Location::file(
                                e.path()
                                    .map_or_else(String::new, |p| p.display().to_string()),
                            );
                            return Some(Err(ReadError::Io {
                                at,
                                source: e.into(),
                            }));
                        }
                    };
                    if entry.file_type().is_file() && detect::kind_from_path(entry.path()).is_some()
                    {
                        let display = entry.path().display().to_string();
                        return Some(Ok(open_path(entry.path(), display, &self.opts)));
                    }
                }
            }
            Expansion::Glob {
                paths,
                pattern,
                matched,
            } => {
                for entry in paths.by_ref() {
                    match entry {
                        Ok(p) if p.is_dir() => {}
                        Ok(p) => {
                            *matched = true;
                            let display = p.display().to_string();
                            return Some(Ok(open_path(&p, display, &self.opts)));
                        }
                        Err(e) => {
                            let at = Location::file(e.path().display().to_string());
                            let source: io::Error = e.into();
                            return Some(Err(ReadError::Io { at, source }));
                        }
                    }
                }
                if !*matched {
                    let at = Location::file(pattern.clone());
                    self.expansion = None;
                    return Some(Err(ReadError::NoMatch { at }));
                }
            }
        }
        self.expansion = None;
        None
    }

    /// Applies the options every document gets: the size limit and the
    /// fallback date.
    fn finish(&self, item: Result<Document, ReadError>) -> Result<Document, ReadError> {
        let mut doc = item?;
        if doc.text.len() > self.opts.max_bytes {
            return Err(ReadError::TooLarge {
                at: Location::of(&doc.meta.origin),
                len: doc.text.len() as u64,
                max: self.opts.max_bytes as u64,
            });
        }
        if doc.meta.date.is_none() {
            doc.meta.date.clone_from(&self.opts.date);
        }
        Ok(doc)
    }
}

impl Iterator for Documents {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next() {
                    return Some(self.finish(item));
                }
                self.current = None;
            }
            if self.expansion.is_some() {
                match self.next_in_expansion() {
                    Some(Ok(iter)) => self.current = Some(iter),
                    Some(Err(e)) => return Some(Err(e)),
                    None => {}
                }
                continue;
            }
            let input = self.pending.pop_front()?;
            if let Some(e) = self.start(input) {
                return Some(Err(e));
            }
        }
    }
}

/// Skips dot-files and dot-directories (`.git`, editor backups), but never
/// the root the user named.
fn not_hidden(entry: &DirEntry) -> bool {
    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
}

fn open_path(path: &Path, display: String, opts: &ReadOptions) -> DocIter {
    match File::open(path) {
        Ok(file) => open_reader(Box::new(file), display, detect::kind_from_path(path), opts),
        Err(e) => one(Err(ReadError::Io {
            at: Location::file(display),
            source: e,
        })),
    }
}

fn one(item: Result<Document, ReadError>) -> DocIter {
    Box::new(std::iter::once(item))
}

/// Reads up to [`HEAD_LEN`] bytes and returns them with a reader that
/// yields the same bytes again followed by the rest.
fn peek(mut reader: Box<dyn Read + Send>) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut head = Vec::with_capacity(HEAD_LEN);
    // An error after some bytes (a damaged second gzip member) is kept for
    // the record reader to report in place, after the intact records.
    let mut buf = [0u8; 4096];
    let mut pending = None;
    while head.len() < HEAD_LEN {
        let want = (HEAD_LEN - head.len()).min(buf.len());
        match reader.read(&mut buf[..want]) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if head.is_empty() => return Err(e),
            Err(e) => {
                pending = Some(e);
                break;
            }
        }
    }
    let rest: Box<dyn Read + Send> = match pending {
        Some(e) => Box::new(FailingReader(Some(e))),
        None => reader,
    };
    let again = Cursor::new(head.clone()).chain(rest);
    Ok((head, Box::new(again)))
}

/// A reader that returns one stored error, then end of input.
struct FailingReader(Option<io::Error>);

impl Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// Opens one stream: undoes gzip, picks a reader by forced format,
/// extension or content, and returns its documents.
pub(crate) fn open_reader(
    reader: Box<dyn Read + Send>,
    display: String,
    by_ext: Option<Kind>,
    opts: &ReadOptions,
) -> DocIter {
    let at = Location::file(display.clone());
    let (mut head, mut reader) = match peek(reader) {
        Ok(p) => p,
        Err(e) => return one(Err(ReadError::io(at, e, false))),
    };
    let gzip = detect::is_gzip(&head);
    if gzip {
        let decoder: Box<dyn Read + Send> =
            Box::new(crate::gz::Members::new(BufReader::new(reader)));
        (head, reader) = match peek(decoder) {
            Ok(p) => p,
            Err(e) => return one(Err(ReadError::io(at, e, true))),
        };
    }
    let kind = detect::choose(opts.format, by_ext, &head);
    let max = opts.max_bytes;
    match kind {
        Kind::Jsonl => Box::new(
            JsonlReader::new(BufReader::new(reader), display)
                .max_bytes(max)
                .gzip(gzip),
        ),
        Kind::Warc => Box::new(
            WarcReader::new(BufReader::new(reader), display)
                .max_bytes(max)
                .gzip(gzip),
        ),
        Kind::Text | Kind::Html | Kind::Json => {
            // Decoded text is at least half the raw size (UTF-16); markup
            // and JSON syntax can be a lot more than the text they hold.
            let factor = if kind == Kind::Text { 2 } else { 4 };
            let cap = max.saturating_mul(factor);
            let bytes = match read_capped(reader, cap) {
                Ok(Ok(bytes)) => bytes,
                Ok(Err(len)) => {
                    let max = max as u64;
                    return one(Err(ReadError::TooLarge { at, len, max }));
                }
                Err(e) => return one(Err(ReadError::io(at, e, gzip))),
            };
            let origin = Origin {
                path: display.clone(),
                ..Origin::default()
            };
            match kind {
                Kind::Text => one(read_text(&bytes, origin)),
                Kind::Html => one(html_to_document(&bytes, None, origin)),
                _ => Box::new(read_json(&bytes, &display).into_iter()),
            }
        }
    }
}

/// Reads at most `cap` bytes; `Err(n)` (n > cap, a lower bound of the
/// size) when there is more.
fn read_capped(reader: impl Read, cap: usize) -> io::Result<Result<Vec<u8>, u64>> {
    let mut bytes = Vec::new();
    let n = reader.take(cap as u64 + 1).read_to_end(&mut bytes)?;
    Ok(if n > cap { Err(n as u64) } else { Ok(bytes) })
}
