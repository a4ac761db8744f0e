//! JSON responses. Every body is serialized with `<`, `>` and `&` written
//! as `\u003c`, `\u003e` and `\u0026` (they only ever occur inside JSON
//! strings, so this is a byte substitution that parses back to the same
//! value): article text is untrusted, and even a response that something
//! mistakes for HTML then holds no markup.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Escape `<`, `>`, `&` in serialized JSON.
pub(crate) fn escape_html(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 32);
    for b in bytes {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            _ => out.push(b),
        }
    }
    out
}

/// `value` as escaped JSON bytes (`null` if it cannot be serialized, which
/// our types never do).
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    escape_html(serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec()))
}

/// A `dyad/1` document as escaped JSON bytes: exactly
/// `dyad_core::output::to_json_value` once parsed.
pub(crate) fn document(doc: &dyad_core::Document) -> Vec<u8> {
    let mut v = Vec::with_capacity(doc.text.len() * 8 + 1024);
    if dyad_core::output::write_json(doc, &mut v, false).is_err() {
        return to_vec(&dyad_core::output::to_json_value(doc));
    }
    escape_html(v)
}

/// A JSON response from bytes already serialized.
pub(crate) fn raw(status: StatusCode, body: Vec<u8>) -> Response {
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A JSON response.
pub(crate) fn ok<T: Serialize + ?Sized>(value: &T) -> Response {
    raw(StatusCode::OK, to_vec(value))
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_keeps_the_value() {
        let v = serde_json::json!({"t": "<script>alert(1)</script> & \" onmouseover="});
        let bytes = super::to_vec(&v);
        let s = String::from_utf8(bytes.clone()).unwrap_or_default();
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        assert_eq!(back, v);
    }
}
