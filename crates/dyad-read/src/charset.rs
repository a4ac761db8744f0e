//! Byte-to-text decoding shared by the text and HTML readers.
//!
//! Decoding order follows what browsers do: a byte-order mark wins, then a
//! declared charset, then valid UTF-8, then a statistical guess
//! (`chardetng`, the detector Firefox uses). Malformed sequences become
//! U+FFFD rather than errors: a news article with one bad byte is still worth
//! reading.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// How many leading bytes the detectors look at. Enough for a confident
/// guess, small enough that a huge file costs nothing extra.
pub(crate) const SNIFF_LEN: usize = 64 * 1024;

/// The encoding named by a byte-order mark at the start of `bytes`, and the
/// BOM's length.
pub(crate) fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// Guesses the encoding of bytes that are not valid UTF-8.
pub(crate) fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    det.feed(sample, sample.len() == bytes.len());
    det.guess(None, Utf8Detection::Allow)
}

/// Decodes `bytes` (BOM already removed) as `enc`.
pub(crate) fn decode(bytes: &[u8], enc: &'static Encoding) -> String {
    if enc == UTF_8 {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// Decodes bytes of unknown encoding: BOM, then UTF-8, then a guess.
/// Returns the text and the encoding's name.
pub(crate) fn decode_unlabelled(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, len)) = bom(bytes) {
        return (decode(&bytes[len..], enc), enc.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), UTF_8.name()),
        Err(_) => {
            let enc = guess(bytes);
            (decode(bytes, enc), enc.name())
        }
    }
}

/// Turns `\r\n` and lone `\r` into `\n`, so offsets do not depend on the
/// platform the article was saved on.
pub(crate) fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Lower-cased copy of the ASCII letters in `s` (cheap, allocation only when
/// needed).
pub(crate) fn ascii_lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n\r\n".into()), "a\nb\nc\n\n");
        assert_eq!(normalize_newlines("plain".into()), "plain");
    }

    #[test]
    fn unlabelled_latin1_is_guessed() {
        let bytes = b"Le pr\xe9sident a d\xe9clar\xe9 que la r\xe9forme \xe9tait n\xe9cessaire \
                      pour l'\xe9conomie fran\xe7aise et a r\xe9pondu aux critiques.";
        let (text, enc) = decode_unlabelled(bytes);
        assert_eq!(enc, "windows-1252");
        assert!(text.contains("président"), "{text}");
    }

    #[test]
    fn bom_wins() {
        let (text, enc) = decode_unlabelled(b"\xff\xfeh\0i\0");
        assert_eq!((text.as_str(), enc), ("hi", "UTF-16LE"));
    }
}
