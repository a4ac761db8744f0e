//! Format detection: by file extension first (cheap, and what users expect),
//! else by sniffing the first bytes (how standard input and files without a
//! known extension are handled).

use std::path::Path;

use dyad_core::InputFormat;

/// What a file holds: finer than [`InputFormat`], since a whole-file JSON
/// document is read differently from JSON Lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Html,
    Jsonl,
    /// A `.json` file: one article object or an array of them.
    Json,
    Warc,
}

impl Kind {
    /// The [`InputFormat`] this kind is reported as.
    pub(crate) fn format(self) -> InputFormat {
        match self {
            Self::Text => InputFormat::Text,
            Self::Html => InputFormat::Html,
            Self::Jsonl | Self::Json => InputFormat::Jsonl,
            Self::Warc => InputFormat::Warc,
        }
    }
}

/// The kind a path's extension names, looking through a `.gz` suffix
/// (`a.jsonl.gz` is JSON Lines); `None` for unknown extensions.
pub(crate) fn kind_from_path(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let (_, ext) = name.rsplit_once('.')?;
    Some(match ext {
        "txt" | "text" => Kind::Text,
        "html" | "htm" | "xhtml" => Kind::Html,
        "jsonl" | "ndjson" => Kind::Jsonl,
        "json" => Kind::Json,
        "warc" => Kind::Warc,
        _ => return None,
    })
}

/// The format a path's extension names (`.txt`, `.html`, `.jsonl`,
/// `.json`, `.warc`, each optionally `.gz`); `None` for unknown extensions.
///
/// ```
/// use dyad_core::InputFormat;
/// use std::path::Path;
/// assert_eq!(dyad_read::format_from_path(Path::new("cc/x.warc.gz")), Some(InputFormat::Warc));
/// assert_eq!(dyad_read::format_from_path(Path::new("notes")), None);
/// ```
pub fn format_from_path(path: &Path) -> Option<InputFormat> {
    kind_from_path(path).map(Kind::format)
}

/// Whether `head` starts with the gzip magic number.
pub(crate) fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// The kind the first bytes of an (uncompressed) stream suggest.
pub(crate) fn sniff_kind(head: &[u8]) -> Kind {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let head = head.trim_ascii_start();
    match head.first() {
        _ if head.starts_with(b"WARC/") => Kind::Warc,
        Some(b'{') => Kind::Jsonl,
        Some(b'[') => Kind::Json,
        Some(b'<') => Kind::Html,
        _ => Kind::Text,
    }
}

/// The format the first bytes of an uncompressed stream suggest: `WARC/`,
/// `{` or `[` (JSON), `<` (HTML), else plain text.
///
/// ```
/// use dyad_core::InputFormat;
/// assert_eq!(dyad_read::sniff(b"WARC/1.1\r\n"), InputFormat::Warc);
/// assert_eq!(dyad_read::sniff(b"  {\"maintext\": 1}"), InputFormat::Jsonl);
/// assert_eq!(dyad_read::sniff(b"<!doctype html>"), InputFormat::Html);
/// assert_eq!(dyad_read::sniff(b"Plain words."), InputFormat::Text);
/// ```
pub fn sniff(head: &[u8]) -> InputFormat {
    sniff_kind(head).format()
}

/// The kind to read a stream as: a forced format wins (a forced JSON format
/// still reads `.json` files and `[` arrays whole), then the extension, then
/// the sniffed bytes.
pub(crate) fn choose(forced: Option<InputFormat>, by_ext: Option<Kind>, head: &[u8]) -> Kind {
    let sniffed = sniff_kind(head);
    match forced {
        None => by_ext.unwrap_or(sniffed),
        Some(InputFormat::Text) => Kind::Text,
        Some(InputFormat::Html) => Kind::Html,
        Some(InputFormat::Warc) => Kind::Warc,
        Some(InputFormat::Jsonl) => {
            if by_ext == Some(Kind::Json) || sniffed == Kind::Json {
                Kind::Json
            } else {
                Kind::Jsonl
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        let k = |p: &str| kind_from_path(Path::new(p));
        assert_eq!(k("a.txt"), Some(Kind::Text));
        assert_eq!(k("a.TEXT"), Some(Kind::Text));
        assert_eq!(k("dir/a.htm"), Some(Kind::Html));
        assert_eq!(k("a.xhtml"), Some(Kind::Html));
        assert_eq!(k("a.jsonl.gz"), Some(Kind::Jsonl));
        assert_eq!(k("a.ndjson"), Some(Kind::Jsonl));
        assert_eq!(k("a.json"), Some(Kind::Json));
        assert_eq!(k("CC-NEWS-1.warc.gz"), Some(Kind::Warc));
        assert_eq!(k("README"), None);
        assert_eq!(k("a.gz"), None);
        assert_eq!(k("a.pdf"), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff_kind(b"\xef\xbb\xbf\n[{}]"), Kind::Json);
        assert_eq!(sniff_kind(b"\n\n<html>"), Kind::Html);
        assert_eq!(sniff_kind(b""), Kind::Text);
        assert!(is_gzip(&[0x1f, 0x8b, 8]));
        assert!(!is_gzip(b"WARC/1.0"));
    }

    #[test]
    fn forcing() {
        let f = Some(InputFormat::Jsonl);
        assert_eq!(choose(f, Some(Kind::Json), b"{"), Kind::Json);
        assert_eq!(choose(f, None, b"[1]"), Kind::Json);
        assert_eq!(choose(f, Some(Kind::Text), b"{"), Kind::Jsonl);
        assert_eq!(
            choose(Some(InputFormat::Text), Some(Kind::Html), b"<p>"),
            Kind::Text
        );
        assert_eq!(choose(None, Some(Kind::Text), b"<p>"), Kind::Text);
        assert_eq!(choose(None, None, b"<p>"), Kind::Html);
    }
}
