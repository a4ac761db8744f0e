//! Plain-text reader: one file (or buffer) is one document.
//!
//! The text is kept as written except for two normalisations that make
//! offsets portable: the BOM is dropped and line endings become `\n`.

use dyad_core::{Document, InputFormat, Meta, Origin};

use crate::charset;
use crate::error::{Location, ReadError};

/// How many leading bytes (and decoded characters) the binary check reads.
const BINARY_SNIFF: usize = 8 * 1024;

/// Reads one plain-text document from `bytes`.
///
/// Handles a UTF-8 or UTF-16 byte-order mark, falls back to a statistical
/// guess for text that is not UTF-8 (the encoding lands in
/// `meta.origin.encoding`), and rejects binary and empty input. The id is
/// the origin's path.
///
/// ```
/// use dyad_core::Origin;
/// let origin = Origin { path: "a.txt".into(), ..Origin::default() };
/// let doc = dyad_read::read_text(b"\xef\xbb\xbfHello\r\nworld", origin).unwrap();
/// assert_eq!(doc.text, "Hello\nworld");
/// assert_eq!(doc.meta.id, "a.txt");
/// ```
///
/// # Errors
/// [`ReadError::Empty`], [`ReadError::Binary`], or [`ReadError::TooLarge`]
/// past the 4 GiB a document can hold.
pub fn read_text(bytes: &[u8], mut origin: Origin) -> Result<Document, ReadError> {
    origin.format = InputFormat::Text;
    let at = Location::of(&origin);
    let (text, encoding) = decode_text(bytes, &at)?;
    origin.encoding = Some(encoding.to_owned());
    let meta = Meta {
        id: origin.path.clone(),
        origin,
        ..Meta::default()
    };
    crate::new_document(meta, text)
}

/// Decodes and checks text bytes; shared with the JSON reader's checks.
pub(crate) fn decode_text(
    bytes: &[u8],
    at: &Location,
) -> Result<(String, &'static str), ReadError> {
    // UTF-16 is full of NUL bytes by design: only check other input for them.
    let utf16 = matches!(charset::bom(bytes), Some((enc, _)) if enc != encoding_rs::UTF_8);
    if !utf16 && bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0) {
        return Err(ReadError::Binary {
            at: at.clone(),
            reason: "NUL bytes",
        });
    }
    let (text, encoding) = charset::decode_unlabelled(bytes);
    if text.trim().is_empty() {
        return Err(ReadError::Empty { at: at.clone() });
    }
    if mostly_control(&text) {
        return Err(ReadError::Binary {
            at: at.clone(),
            reason: "mostly control characters",
        });
    }
    Ok((charset::normalize_newlines(text), encoding))
}

/// Whether more than a tenth of the leading characters are control
/// characters other than ordinary whitespace: real prose never is, while
/// binary formats decoded as a legacy encoding usually are.
fn mostly_control(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(BINARY_SNIFF) {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c') {
            control += 1;
        }
    }
    control * 10 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(path: &str) -> Origin {
        Origin {
            path: path.into(),
            ..Origin::default()
        }
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let doc = read_text(b"\xef\xbb\xbfOne\r\nTwo\rThree\n", origin("a.txt")).unwrap();
        assert_eq!(doc.text, "One\nTwo\nThree\n");
        assert_eq!(doc.meta.id, "a.txt");
        assert_eq!(doc.meta.origin.format, InputFormat::Text);
        assert_eq!(doc.meta.origin.encoding.as_deref(), Some("UTF-8"));
    }

    #[test]
    fn utf16_le_and_be() {
        let s = "Grüße aus Köln";
        let mut le = vec![0xff, 0xfe];
        let mut be = vec![0xfe, 0xff];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        let doc = read_text(&le, origin("le.txt")).unwrap();
        assert_eq!(doc.text, s);
        assert_eq!(doc.meta.origin.encoding.as_deref(), Some("UTF-16LE"));
        let doc = read_text(&be, origin("be.txt")).unwrap();
        assert_eq!(doc.text, s);
        assert_eq!(doc.meta.origin.encoding.as_deref(), Some("UTF-16BE"));
    }

    #[test]
    fn windows_1252_is_detected() {
        let bytes = b"Der Au\xdfenminister sagte am Montag, die Gespr\xe4che \xfcber die \
                      Waffenruhe seien \xabkonstruktiv\xbb gewesen und w\xfcrden fortgesetzt.";
        let doc = read_text(bytes, origin("w.txt")).unwrap();
        assert!(doc.text.contains("Außenminister"), "{}", doc.text);
        assert!(doc.text.contains("«konstruktiv»"));
        assert_eq!(doc.meta.origin.encoding.as_deref(), Some("windows-1252"));
    }

    #[test]
    fn invalid_utf8_still_reads() {
        let doc = read_text(b"caf\xc3 ok \xff", origin("bad.txt")).unwrap();
        assert!(doc.text.starts_with("caf"));
        assert!(!doc.text.is_empty());
    }

    #[test]
    fn empty_and_whitespace_rejected() {
        let e = read_text(b"", origin("empty.txt")).unwrap_err();
        assert_eq!(e.kind(), "empty");
        assert_eq!(e.to_string(), "empty.txt: empty input");
        let e = read_text(b" \r\n\t \n", origin("ws.txt")).unwrap_err();
        assert_eq!(e.kind(), "empty");
        let e = read_text(b"\xef\xbb\xbf", origin("bom.txt")).unwrap_err();
        assert_eq!(e.kind(), "empty");
    }

    #[test]
    fn binary_rejected() {
        let e = read_text(b"PK\x03\x04\x00\x00hello", origin("x.bin")).unwrap_err();
        assert_eq!(e.kind(), "binary");
        assert_eq!(e.to_string(), "x.bin: binary file (NUL bytes), not text");
        let ctl: Vec<u8> = (1u8..32).cycle().take(400).collect();
        let e = read_text(&ctl, origin("c.bin")).unwrap_err();
        assert_eq!(e.kind(), "binary");
        assert!(e.to_string().contains("control"));
    }

    #[test]
    fn a_few_control_chars_are_fine() {
        let doc = read_text(
            b"Page one\x0cPage two\x1b ends here, fine.",
            origin("f.txt"),
        );
        assert!(doc.is_ok());
    }
}
