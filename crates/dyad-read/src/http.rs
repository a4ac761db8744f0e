//! The HTTP response inside a WARC `response` record: status, content type,
//! charset, chunked transfer and gzip/deflate content encoding.

use std::io::Read;

use flate2::bufread::{DeflateDecoder, GzDecoder, ZlibDecoder};

use crate::error::{Location, ReadError};

/// What a response holds, as far as the readers care.
#[derive(Debug)]
pub(crate) enum HttpPayload {
    /// A status other than 200.
    NotOk(u16),
    /// Not an HTML page.
    NotHtml,
    /// A 200 HTML page: its decoded body and declared charset.
    Html {
        body: Vec<u8>,
        charset: Option<String>,
    },
}

/// Parses a raw HTTP response (head and body). `cap` bounds the body after
/// decompression, so a gzip bomb cannot exhaust memory.
pub(crate) fn parse_response(
    raw: &[u8],
    cap: usize,
    at: &Location,
) -> Result<HttpPayload, ReadError> {
    let malformed = |message: String| ReadError::MalformedWarc {
        at: at.clone(),
        message,
    };
    let mut headers = [httparse::EMPTY_HEADER; 256];
    let mut response = httparse::Response::new(&mut headers);
    let head_len = match httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .ignore_invalid_headers_in_responses(true)
        .parse_response(&mut response, raw)
    {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err(malformed("incomplete HTTP head".into())),
        Err(e) => return Err(malformed(format!("bad HTTP head: {e}"))),
    };
    let code = response.code.unwrap_or(0);
    if code != 200 {
        return Ok(HttpPayload::NotOk(code));
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = header("content-type");
    let transfer = header("transfer-encoding").unwrap_or_default();
    let encoding = header("content-encoding").unwrap_or_default();
    let mut body = raw[head_len..].to_vec();

    if transfer.contains("chunked") {
        // Crawlers usually store the de-chunked body but keep the header;
        // only use the de-chunked form when it parses.
        if let Some(plain) = dechunk(&body) {
            body = plain;
        }
    }
    body = match encoding.as_str() {
        "" | "identity" | "none" => body,
        "gzip" | "x-gzip" => inflate(GzDecoder::new(&body[..]), cap, &body, at)?,
        "deflate" => match inflate(ZlibDecoder::new(&body[..]), cap, &body, at) {
            Ok(b) => b,
            Err(_) => inflate(DeflateDecoder::new(&body[..]), cap, &body, at)?,
        },
        other => {
            return Err(ReadError::Unsupported {
                at: at.clone(),
                message: format!("content encoding `{other}`"),
            });
        }
    };
    let (mime, charset) = match &content_type {
        Some(ct) => split_content_type(ct),
        None => (String::new(), None),
    };
    let html = match mime.as_str() {
        "text/html" | "application/xhtml+xml" => true,
        // No declared type: trust the bytes if they look like markup.
        "" => body.trim_ascii_start().first() == Some(&b'<'),
        _ => false,
    };
    Ok(if html {
        HttpPayload::Html { body, charset }
    } else {
        HttpPayload::NotHtml
    })
}

/// `text/html; charset="UTF-8"` -> (`text/html`, `Some("utf-8")`).
fn split_content_type(ct: &str) -> (String, Option<String>) {
    let mut parts = ct.split(';');
    let mime = parts.next().unwrap_or_default().trim().to_owned();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == "charset").then(|| v.trim().trim_matches(['"', '\'']).to_owned())
    });
    (mime, charset.filter(|c| !c.is_empty()))
}

/// Decompresses `body` with at most `cap` output bytes.
fn inflate(
    decoder: impl Read,
    cap: usize,
    body: &[u8],
    at: &Location,
) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::with_capacity(body.len().saturating_mul(4).min(cap));
    let read = decoder.take(cap as u64 + 1).read_to_end(&mut out);
    match read {
        Ok(n) if n > cap => Err(ReadError::TooLarge {
            at: at.clone(),
            len: n as u64,
            max: cap as u64,
        }),
        Ok(_) => Ok(out),
        Err(e) => Err(ReadError::MalformedWarc {
            at: at.clone(),
            message: format!("bad compressed HTTP body: {e}"),
        }),
    }
}

/// Undoes `Transfer-Encoding: chunked`; `None` if `body` is not chunked.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let (used, size) = match httparse::parse_chunk_size(body) {
            Ok(httparse::Status::Complete(found)) => found,
            _ => return None,
        };
        body = &body[used..];
        if size == 0 {
            return Some(out);
        }
        let size = usize::try_from(size).ok().filter(|&s| s <= body.len())?;
        out.extend_from_slice(&body[..size]);
        body = body[size..].strip_prefix(b"\r\n")?;
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn at() -> Location {
        Location::record("t.warc", 1)
    }

    fn parse(raw: &[u8]) -> HttpPayload {
        parse_response(raw, 1 << 20, &at()).unwrap()
    }

    #[test]
    fn html_with_charset() {
        let raw =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\n\r\n<p>x</p>";
        let HttpPayload::Html { body, charset } = parse(raw) else {
            panic!()
        };
        assert_eq!(body, b"<p>x</p>");
        assert_eq!(charset.as_deref(), Some("iso-8859-1"));
    }

    #[test]
    fn skips() {
        assert!(matches!(
            parse(b"HTTP/1.1 404 Not Found\r\n\r\n"),
            HttpPayload::NotOk(404)
        ));
        let raw = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert!(matches!(parse(raw), HttpPayload::NotHtml));
        let raw = b"HTTP/1.1 200 OK\r\n\r\n  <html>";
        assert!(matches!(parse(raw), HttpPayload::Html { .. }));
    }

    #[test]
    fn chunked_and_gzip() {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(b"<p>compressed page</p>").unwrap();
        let gz = gz.finish().unwrap();
        let mut raw = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\
                        Transfer-Encoding: chunked\r\n\r\n"
            .to_vec();
        let (a, b) = gz.split_at(5);
        for part in [a, b] {
            raw.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            raw.extend_from_slice(part);
            raw.extend_from_slice(b"\r\n");
        }
        raw.extend_from_slice(b"0\r\n\r\n");
        let HttpPayload::Html { body, .. } = parse(&raw) else {
            panic!()
        };
        assert_eq!(body, b"<p>compressed page</p>");
    }

    #[test]
    fn errors() {
        let e = parse_response(b"garbage\r\n\r\n", 100, &at()).unwrap_err();
        assert_eq!(e.kind(), "malformed_warc");
        let e =
            parse_response(b"HTTP/1.1 200 OK\r\nContent-Type: text/html", 100, &at()).unwrap_err();
        assert!(e.to_string().contains("incomplete HTTP head"));
        let raw = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\nxx";
        assert_eq!(
            parse_response(raw, 100, &at()).unwrap_err().kind(),
            "unsupported"
        );
        let raw =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\nnot gzip";
        assert_eq!(
            parse_response(raw, 100, &at()).unwrap_err().kind(),
            "malformed_warc"
        );
    }

    #[test]
    fn gzip_bomb_is_capped() {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&vec![b'a'; 10_000]).unwrap();
        let mut raw =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        raw.extend_from_slice(&gz.finish().unwrap());
        let e = parse_response(&raw, 1000, &at()).unwrap_err();
        assert_eq!(e.kind(), "too_large");
    }
}
