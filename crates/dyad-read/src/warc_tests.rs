use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use super::*;

/// One WARC record with the given type, extra headers and block.
fn record(kind: &str, extra: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n").into_bytes();
    for (k, v) in extra {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A `response` record holding an HTTP response.
fn response(id: &str, url: &str, http_head: &str, body: &[u8]) -> Vec<u8> {
    let mut block = http_head.replace('\n', "\r\n").into_bytes();
    block.extend_from_slice(b"\r\n");
    block.extend_from_slice(body);
    record(
        "response",
        &[
            ("WARC-Record-ID", &format!("<urn:uuid:{id}>")),
            ("WARC-Target-URI", url),
            ("WARC-Date", "2025-02-18T10:00:00Z"),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        &block,
    )
}

fn page(text: &str) -> Vec<u8> {
    format!("<html><head><title>T</title></head><body><p>{text}</p></body></html>").into_bytes()
}

/// Each record as its own gzip member, concatenated (CC-NEWS layout).
fn gz_members(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(r).unwrap();
        out.extend(enc.finish().unwrap());
    }
    out
}

fn sample() -> Vec<Vec<u8>> {
    let html = "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n";
    vec![
        record(
            "warcinfo",
            &[("Content-Type", "application/warc-fields")],
            b"software: test\r\n",
        ),
        record("request", &[], b"GET / HTTP/1.1\r\n\r\n"),
        response(
            "1",
            "https://www.one.example/a",
            html,
            &page("First story."),
        ),
        response(
            "2",
            "https://two.example/logo.png",
            "HTTP/1.1 200 OK\nContent-Type: image/png\n",
            b"\x89PNG\0\0",
        ),
        response(
            "3",
            "https://two.example/gone",
            "HTTP/1.1 404 Not Found\nContent-Type: text/html\n",
            b"<p>nope</p>",
        ),
        response(
            "4",
            "https://four.example/b",
            html,
            b"<html><body></body></html>",
        ),
        response(
            "5",
            "https://five.example/c",
            "HTTP/1.1 200 OK\nContent-Type: text/html; charset=windows-1252\n",
            b"<p>Caf\xe9 story.</p>",
        ),
    ]
}

#[test]
fn reads_html_responses_and_skips_the_rest() {
    let data = gz_members(&sample());
    let mut reader = WarcReader::from_gzip(&data[..], "cc.warc.gz");
    let r: Vec<_> = reader.by_ref().collect();
    assert_eq!(r.len(), 3);
    let doc = r[0].as_ref().unwrap();
    assert_eq!(doc.text, "First story.");
    assert_eq!(doc.meta.id, "urn:uuid:1");
    assert_eq!(doc.meta.url.as_deref(), Some("https://www.one.example/a"));
    assert_eq!(doc.meta.source.as_deref(), Some("one.example"));
    assert_eq!(doc.meta.date.as_deref(), Some("2025-02-18T10:00:00Z"));
    assert_eq!(doc.meta.title.as_deref(), Some("T"));
    assert_eq!(doc.meta.origin.format, InputFormat::Warc);
    assert_eq!(doc.meta.origin.record, Some(3));
    let e = r[1].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        "cc.warc.gz: record 6: no text content found in HTML"
    );
    let doc = r[2].as_ref().unwrap();
    assert_eq!(doc.text, "Café story.");
    assert_eq!(doc.meta.origin.encoding.as_deref(), Some("windows-1252"));
    let stats = reader.stats();
    assert_eq!(
        stats,
        WarcStats {
            records: 7,
            responses: 5,
            skipped_not_html: 1,
            skipped_status: 1,
            documents: 2,
        }
    );
}

#[test]
fn uncompressed_stream_reads_the_same() {
    let data: Vec<u8> = sample().concat();
    let r: Vec<_> = WarcReader::new(&data[..], "x.warc").collect();
    assert_eq!(r.len(), 3);
    assert_eq!(r[2].as_ref().unwrap().text, "Café story.");
}

#[test]
fn page_date_beats_warc_date() {
    let body =
        b"<head><meta property=\"article:published_time\" content=\"2024-12-01\"></head><p>x</p>";
    let rec = response(
        "9",
        "https://a.example/",
        "HTTP/1.1 200 OK\nContent-Type: text/html\n",
        body,
    );
    let doc = WarcReader::new(&rec[..], "w").next().unwrap().unwrap();
    assert_eq!(doc.meta.date.as_deref(), Some("2024-12-01"));
}

#[test]
fn truncated_gzip_is_reported_once() {
    let data = gz_members(&sample());
    let last_member = gz_members(&sample()[6..]).len();
    let cut = &data[..data.len() - last_member / 2];
    let r: Vec<_> = WarcReader::from_gzip(cut, "cc.warc.gz").collect();
    assert_eq!(r.len(), 3);
    assert!(r[0].is_ok());
    let e = r[2].as_ref().unwrap_err();
    assert_eq!(e.kind(), "truncated");
    assert_eq!(e.record(), Some(7));
    assert!(
        e.to_string()
            .starts_with("cc.warc.gz: record 7: truncated gzip stream"),
        "{e}"
    );
}

#[test]
fn truncated_record_is_reported() {
    let data: Vec<u8> = sample().concat();
    let r: Vec<_> = WarcReader::new(&data[..data.len() - 20], "x.warc").collect();
    let e = r.last().unwrap().as_ref().unwrap_err();
    assert_eq!(e.kind(), "truncated");
    assert!(
        e.to_string()
            .starts_with("x.warc: record 7: truncated record: expected"),
        "{e}"
    );
    // Cut inside the header block.
    let rec = response("1", "u", "HTTP/1.1 200 OK\n", b"<p>x</p>");
    let r: Vec<_> = WarcReader::new(&rec[..30], "h.warc").collect();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].as_ref().unwrap_err().kind(), "truncated");
}

#[test]
fn malformed_records() {
    let r: Vec<_> = WarcReader::new(&b"HTTP/1.1 200 OK\r\n\r\n"[..], "m.warc").collect();
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0].as_ref().unwrap_err().to_string(),
        "m.warc: record 1: malformed WARC: expected a `WARC/1.x` version line"
    );
    let bad_len = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\n";
    let r: Vec<_> = WarcReader::new(&bad_len[..], "m.warc").collect();
    assert_eq!(r[0].as_ref().unwrap_err().kind(), "malformed_warc");
    // A bad HTTP head costs only its record.
    let mut data = record("response", &[], b"not http at all");
    data.extend(response(
        "2",
        "https://b.example/",
        "HTTP/1.1 200 OK\nContent-Type: text/html\n",
        b"<p>ok</p>",
    ));
    let r: Vec<_> = WarcReader::new(&data[..], "m.warc").collect();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].as_ref().unwrap_err().kind(), "malformed_warc");
    assert_eq!(r[1].as_ref().unwrap().text, "ok");
}

#[test]
fn oversized_records_are_skipped_unread() {
    let big = page(&"word ".repeat(2000));
    let mut data = response(
        "1",
        "https://a.example/",
        "HTTP/1.1 200 OK\nContent-Type: text/html\n",
        &big,
    );
    data.extend(response(
        "2",
        "https://b.example/",
        "HTTP/1.1 200 OK\nContent-Type: text/html\n",
        &page("small"),
    ));
    let r: Vec<_> = WarcReader::new(&data[..], "big.warc")
        .max_bytes(1000)
        .collect();
    assert_eq!(r.len(), 2);
    let e = r[0].as_ref().unwrap_err();
    assert_eq!((e.kind(), e.record()), ("too_large", Some(1)));
    assert_eq!(r[1].as_ref().unwrap().text, "small");
    // Raw record under the raw cap, but its text over the text limit.
    let text = "x".repeat(150);
    let data = response(
        "3",
        "https://c.example/",
        "HTTP/1.1 200 OK\nContent-Type: text/html\n",
        &page(&text),
    );
    let r: Vec<_> = WarcReader::new(&data[..], "t.warc")
        .max_bytes(100)
        .collect();
    let e = r[0].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.warc: record 1: too large: 150 bytes, the limit is 100 bytes"
    );
}

#[test]
fn folded_headers_and_missing_id() {
    let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>folded</p>";
    let mut data =
        b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI:\r\n  https://f.example/x\r\n"
            .to_vec();
    data.extend(format!("Content-Length: {}\r\n\r\n", block.len()).into_bytes());
    data.extend_from_slice(block);
    let doc = WarcReader::new(&data[..], "f.warc")
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(doc.meta.url.as_deref(), Some("https://f.example/x"));
    assert_eq!(doc.meta.id, "f.warc:1");
    assert_eq!(doc.meta.date, None);
}
