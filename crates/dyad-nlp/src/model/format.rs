//! The binary model format: a magic tag, a format version, a model kind
//! and version string, then little-endian fields written in order, the
//! whole file gzip-compressed. Writers emit fields in a fixed order from
//! sorted data, so the bytes depend only on the model.

use std::io::{Read, Write};

const MAGIC: &[u8; 8] = b"DYADMDL\0";
const FORMAT_VERSION: u32 = 1;

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Not gzip or cut short.
    #[error("model file is not readable: {0}")]
    Io(#[from] std::io::Error),
    /// Wrong magic tag.
    #[error("not a dyad model file")]
    Magic,
    /// Made by another format version.
    #[error("model format version {found}, this dyad reads {expected}")]
    Version {
        /// In the file.
        found: u32,
        /// What this build reads.
        expected: u32,
    },
    /// A model of another kind (a parser file given to the tagger).
    #[error("model kind {found:?}, expected {expected:?}")]
    Kind {
        /// In the file.
        found: String,
        /// Asked for.
        expected: String,
    },
    /// Ran out of bytes.
    #[error("model file is truncated")]
    Truncated,
    /// Inconsistent content.
    #[error("model file is invalid: {0}")]
    Invalid(&'static str),
}

/// Writes a model file.
#[derive(Debug)]
pub struct ModelWriter {
    buf: Vec<u8>,
}

impl ModelWriter {
    /// Start a model of `kind` (`"tagger"`) with a free-form `version`.
    pub fn new(kind: &str, version: &str) -> Self {
        let mut w = Self { buf: Vec::new() };
        w.buf.extend_from_slice(MAGIC);
        w.buf.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        w.str(kind);
        w.str(version);
        w
    }

    /// Append a `u16`.
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Append a `u64`.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Append an `f32`.
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Append a length-prefixed UTF-8 string.
    pub fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// Append a list of strings.
    pub fn strs<S: AsRef<str>>(&mut self, items: &[S]) {
        self.u64(items.len() as u64);
        for s in items {
            self.str(s.as_ref());
        }
    }

    /// The compressed file bytes (deterministic: fixed gzip header, no
    /// timestamp or file name).
    pub fn finish(self) -> Vec<u8> {
        let mut enc = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let _ = enc.write_all(&self.buf);
        enc.finish().unwrap_or_default()
    }

    /// Read back what was written, without compressing it: for moving
    /// weights from one in-memory layout to another (gzip at the best
    /// level costs about a second for the shipped models).
    pub fn into_reader(self, kind: &str) -> Result<ModelReader<'static>, FormatError> {
        ModelReader::from_data(self.buf, kind)
    }
}

/// Reads a model file.
#[derive(Debug)]
pub struct ModelReader<'a> {
    data: std::borrow::Cow<'a, [u8]>,
    pos: usize,
    /// The version string the model was written with.
    pub version: String,
}

impl ModelReader<'static> {
    /// Open compressed model bytes and check they hold a model of `kind`.
    pub fn open(bytes: &[u8], kind: &str) -> Result<Self, FormatError> {
        let mut data = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut data)?;
        Self::from_data(data, kind)
    }

    /// Check the uncompressed `data` holds a model of `kind`.
    fn from_data(data: Vec<u8>, kind: &str) -> Result<Self, FormatError> {
        let mut r = ModelReader {
            data: std::borrow::Cow::Owned(data),
            pos: 0,
            version: String::new(),
        };
        if r.take(8)? != MAGIC {
            return Err(FormatError::Magic);
        }
        let found = u32::from_le_bytes(r.take(4)?.try_into().map_err(|_| FormatError::Truncated)?);
        if found != FORMAT_VERSION {
            return Err(FormatError::Version {
                found,
                expected: FORMAT_VERSION,
            });
        }
        let k = r.str()?;
        if k != kind {
            return Err(FormatError::Kind {
                found: k,
                expected: kind.to_owned(),
            });
        }
        r.version = r.str()?;
        Ok(r)
    }
}

impl ModelReader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], FormatError> {
        let end = self.pos.checked_add(n).ok_or(FormatError::Truncated)?;
        let s = self.data.get(self.pos..end).ok_or(FormatError::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    /// Read a `u16`.
    pub fn u16(&mut self) -> Result<u16, FormatError> {
        Ok(u16::from_le_bytes(
            self.take(2)?
                .try_into()
                .map_err(|_| FormatError::Truncated)?,
        ))
    }

    /// Read a `u64`.
    pub fn u64(&mut self) -> Result<u64, FormatError> {
        Ok(u64::from_le_bytes(
            self.take(8)?
                .try_into()
                .map_err(|_| FormatError::Truncated)?,
        ))
    }

    /// Read an `f32`.
    pub fn f32(&mut self) -> Result<f32, FormatError> {
        Ok(f32::from_le_bytes(
            self.take(4)?
                .try_into()
                .map_err(|_| FormatError::Truncated)?,
        ))
    }

    /// Read a string.
    pub fn str(&mut self) -> Result<String, FormatError> {
        let n = self.u64()? as usize;
        if n > self.data.len() {
            return Err(FormatError::Truncated);
        }
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| FormatError::Invalid("string is not UTF-8"))
    }

    /// Read a list of strings.
    pub fn strs(&mut self) -> Result<Vec<String>, FormatError> {
        let n = self.u64()? as usize;
        if n > self.data.len() {
            return Err(FormatError::Truncated);
        }
        (0..n).map(|_| self.str()).collect()
    }

    /// True when every byte was read.
    pub fn at_end(&self) -> bool {
        self.pos == self.data.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Features, Perceptron, Trainer};

    #[test]
    fn round_trip_is_exact_and_deterministic() {
        let build = || {
            let mut t = Trainer::new(3);
            let mut f = Features::new();
            for i in 0..50 {
                f.clear();
                f.add(0, &[&format!("w{}", i % 7)]);
                f.add_int(1, i % 3);
                t.train(f.keys(), (i % 3) as usize);
            }
            t.finish(0.0)
        };
        let write = |p: &Perceptron| {
            let mut w = ModelWriter::new("test", "v1");
            w.strs(&["a", "b", "c"]);
            p.write(&mut w);
            w.finish()
        };
        let p = build();
        let bytes = write(&p);
        assert_eq!(bytes, write(&build()), "same data, same bytes");
        let mut r = ModelReader::open(&bytes, "test").unwrap();
        assert_eq!(r.version, "v1");
        assert_eq!(r.strs().unwrap(), ["a", "b", "c"]);
        let q = Perceptron::read(&mut r).unwrap();
        assert!(r.at_end());
        let mut f = Features::new();
        f.add(0, &["w3"]);
        f.add_int(1, 0);
        assert_eq!(p.scores(f.keys()), q.scores(f.keys()));
        assert!(matches!(
            ModelReader::open(&bytes, "parser"),
            Err(FormatError::Kind { .. })
        ));
        assert!(ModelReader::open(&bytes[..bytes.len() / 2], "test").is_err());
        assert!(matches!(
            ModelReader::open(b"garbage", "test"),
            Err(FormatError::Io(_))
        ));
    }

    #[test]
    fn uncompressed_read_back_equals_the_file() {
        let mut w = ModelWriter::new("test", "v2");
        w.strs(&["x", "yz"]);
        w.u16(7);
        w.f32(-1.5);
        let mut r = w.into_reader("test").unwrap();
        assert_eq!(r.version, "v2");
        assert_eq!(r.strs().unwrap(), ["x", "yz"]);
        assert_eq!(r.u16().unwrap(), 7);
        assert_eq!(r.f32().unwrap(), -1.5);
        assert!(r.at_end());
        assert!(matches!(
            ModelWriter::new("test", "v2").into_reader("parser"),
            Err(FormatError::Kind { .. })
        ));
    }
}
