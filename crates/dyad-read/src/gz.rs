//! Multi-member gzip decoding that never loses a complete member.
//!
//! CC-NEWS `.warc.gz` files are one gzip member per record. flate2's
//! `MultiGzDecoder` moves on to the next member inside the same `read` call
//! that returns the end of the previous one, so a truncated last member can
//! turn that call into an error and drop the bytes of a record that was
//! whole. [`Members`] ends each `read` at a member boundary and starts the
//! next member only on the following call: everything before the damage is
//! delivered, then the error.

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

/// A `Read` over the concatenated members of a gzip stream.
pub struct Members<R: BufRead> {
    current: Option<GzDecoder<R>>,
    idle: Option<R>,
}

impl<R: BufRead> std::fmt::Debug for Members<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Members")
            .field("in_member", &self.current.is_some())
            .finish()
    }
}

impl<R: BufRead> Members<R> {
    /// Decode the gzip members of `reader`, one after another.
    pub fn new(reader: R) -> Self {
        Self {
            current: Some(GzDecoder::new(reader)),
            idle: None,
        }
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if let Some(dec) = self.current.as_mut() {
                let n = dec.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                // Member finished: keep the inner reader for the next one.
                self.idle = self.current.take().map(GzDecoder::into_inner);
            }
            let Some(mut inner) = self.idle.take() else {
                return Ok(0);
            };
            if inner.fill_buf()?.is_empty() {
                return Ok(0);
            }
            self.current = Some(GzDecoder::new(inner));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn reads_all_members() {
        let mut data = gz(b"first ");
        data.extend(gz(b"second"));
        let mut out = String::new();
        Members::new(&data[..]).read_to_string(&mut out).unwrap();
        assert_eq!(out, "first second");
    }

    #[test]
    fn a_cut_member_keeps_the_members_before_it() {
        let mut data = gz(b"whole record\n");
        let second = gz(&[b'x'; 4000]);
        data.extend_from_slice(&second[..second.len() / 2]);
        let mut r = Members::new(&data[..]);
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        let err = loop {
            match r.read(&mut buf) {
                Ok(0) => panic!("a cut member must be an error"),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => break e,
            }
        };
        assert!(
            out.starts_with(b"whole record\n"),
            "{:?}",
            String::from_utf8_lossy(&out)
        );
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }
}
