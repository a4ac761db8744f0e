//! `read_all` over a directory mixing every format, globs, and bad inputs.

// Test helpers outside #[test] fns are not covered by allow-unwrap-in-tests.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use dyad_core::{Document, InputFormat};
use dyad_read::{ReadError, ReadOptions, read_all};
use flate2::Compression;
use flate2::write::GzEncoder;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cc-news-sample.warc.gz"
);

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// A corpus directory; returns its path (kept alive by the `TempDir`).
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    fs::create_dir_all(root.join("sub/deeper")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    let w = |p: &str, b: &[u8]| fs::write(root.join(p), b).unwrap();
    w("a.txt", b"Troops crossed the river on Sunday.\r\n");
    w(
        "b.html",
        b"<html lang=\"de\"><head><title>Gipfel</title></head><body><p>Die Minister trafen sich.</p></body></html>",
    );
    w(
        "c.jsonl",
        b"{\"maintext\":\"First.\",\"url\":\"https://x.example/1\"}\n{broken\n{\"text\":\"Third.\"}\n",
    );
    w(
        "d.jsonl.gz",
        &gzip(b"{\"text\":\"Zipped.\",\"id\":\"z1\"}\n"),
    );
    w("empty.txt", b"");
    w("noise.txt", b"\x00\x01\x02binary\x00");
    w(
        "notes.md",
        b"# not read: unknown extension inside a directory",
    );
    w(".hidden.txt", b"hidden files are skipped");
    w(".git/config.txt", b"hidden directories are skipped");
    w(
        "sub/e.json",
        br#"[{"text":"Array one."},{"text":"Array two."}]"#,
    );
    w("sub/deeper/f.jsonl", b"{\"text\":\"Deep.\"}\n");
    fs::copy(FIXTURE, root.join("sub/g.warc.gz")).unwrap();
    (tmp, root)
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn split(results: Vec<Result<Document, ReadError>>) -> (Vec<Document>, Vec<ReadError>) {
    let mut docs = Vec::new();
    let mut errs = Vec::new();
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => errs.push(e),
        }
    }
    (docs, errs)
}

#[test]
fn directory_of_mixed_formats() {
    let (_tmp, root) = corpus();
    let results: Vec<_> = read_all(&[s(&root)], &ReadOptions::default()).collect();
    let summary: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(d) => format!("ok {}", d.text.lines().next().unwrap_or_default()),
            Err(e) => format!("err {}", e.kind()),
        })
        .collect();
    // Sorted by file name at every level; hidden and unknown files skipped.
    assert_eq!(
        summary,
        [
            "ok Troops crossed the river on Sunday.",
            "ok Die Minister trafen sich.",
            "ok First.",
            "err malformed_json",
            "ok Third.",
            "ok Zipped.",
            "err empty",
            "err binary",
            "ok Deep.",
            "ok Array one.",
            "ok Array two.",
            "ok Negotiators from both sides met in Geneva on Tuesday to resume talks on a ceasefire.",
            "ok Miles de personas protestaron en Madrid contra la reforma.",
        ]
    );
    let (docs, errs) = split(results);
    let formats: Vec<InputFormat> = docs.iter().map(|d| d.meta.origin.format).collect();
    use InputFormat::*;
    assert_eq!(
        formats,
        [
            Text, Html, Jsonl, Jsonl, Jsonl, Jsonl, Jsonl, Jsonl, Warc, Warc
        ]
    );
    assert_eq!(docs[0].meta.id, s(&root.join("a.txt")));
    assert_eq!(docs[1].meta.language.as_deref(), Some("de"));
    assert_eq!(docs[2].meta.id, "https://x.example/1");
    assert_eq!(docs[3].meta.id, format!("{}:3", s(&root.join("c.jsonl"))));
    assert_eq!(docs[4].meta.id, "z1");
    assert_eq!(
        errs[0].to_string(),
        format!(
            "{}:2: malformed JSON: key must be a string at column 2",
            s(&root.join("c.jsonl"))
        )
    );
    assert_eq!(errs[1].path(), s(&root.join("empty.txt")));
}

#[test]
fn warc_fixture_documents() {
    let docs: Vec<Document> = read_all(&[FIXTURE.to_owned()], &ReadOptions::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs.len(), 2);
    let a = &docs[0];
    assert_eq!(
        a.text,
        // Readability drops the headline that repeats the title.
        "Negotiators from both sides met in Geneva on Tuesday to resume talks on a ceasefire.\n\n\
         The United Nations envoy said the meeting was \"constructive\"."
    );
    assert_eq!(a.meta.id, "urn:uuid:00000001-aaaa-bbbb-cccc-dddddddddddd");
    assert_eq!(a.meta.title.as_deref(), Some("Ceasefire talks resume"));
    assert_eq!(a.meta.date.as_deref(), Some("2025-02-18T09:30:00Z"));
    assert_eq!(a.meta.source.as_deref(), Some("Example News"));
    assert_eq!(a.meta.authors, ["Jane Doe"]);
    assert_eq!(a.meta.origin.record, Some(2));
    let b = &docs[1];
    assert!(
        b.text.ends_with("La policía informó de tres detenidos."),
        "{}",
        b.text
    );
    assert_eq!(b.meta.date.as_deref(), Some("2025-02-18T10:03:00Z"));
    assert_eq!(b.meta.source.as_deref(), Some("diario.example.es"));
    assert_eq!(b.meta.language.as_deref(), Some("es"));
    assert_eq!(b.meta.origin.encoding.as_deref(), Some("windows-1252"));
}

#[test]
fn globs_and_missing_inputs() {
    let (_tmp, root) = corpus();
    let inputs = [
        format!("{}/**/*.jsonl", s(&root)),
        s(&root.join("missing.txt")),
        format!("{}/*.nothing", s(&root)),
        format!("{}/[", s(&root)),
        s(&root.join("a.txt")),
    ];
    let results: Vec<_> = read_all(&inputs, &ReadOptions::default()).collect();
    let kinds: Vec<&str> = results
        .iter()
        .map(|r| r.as_ref().map_or_else(ReadError::kind, |_| "ok"))
        .collect();
    // c.jsonl (3 lines) then sub/deeper/f.jsonl; the gz and hidden ones don't match.
    assert_eq!(
        kinds,
        [
            "ok",
            "malformed_json",
            "ok",
            "ok",
            "io",
            "no_match",
            "bad_pattern",
            "ok"
        ]
    );
    assert_eq!(results[3].as_ref().unwrap().text, "Deep.");
    let missing = results[4].as_ref().unwrap_err();
    assert_eq!(missing.path(), inputs[1]);
    assert!(missing.to_string().starts_with(&format!("{}: ", inputs[1])));
    assert_eq!(
        results[5].as_ref().unwrap_err().to_string(),
        format!("{}: no file matches this pattern", inputs[2])
    );
}

#[test]
fn options_force_format_and_fill_date() {
    let (_tmp, root) = corpus();
    let opts = ReadOptions {
        format: Some(InputFormat::Text),
        date: Some("2025-03-01".into()),
        ..ReadOptions::default()
    };
    let doc = read_all(&[s(&root.join("b.html"))], &opts)
        .next()
        .unwrap()
        .unwrap();
    assert!(doc.text.starts_with("<html lang=\"de\">"));
    assert_eq!(doc.meta.date.as_deref(), Some("2025-03-01"));
    // A date from the input is kept.
    let opts = ReadOptions {
        date: Some("2025-03-01".into()),
        ..ReadOptions::default()
    };
    let docs: Vec<_> = read_all(&[FIXTURE.to_owned()], &opts)
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs[0].meta.date.as_deref(), Some("2025-02-18T09:30:00Z"));
}

#[test]
fn sniffing_without_extension() {
    let (_tmp, root) = corpus();
    fs::copy(FIXTURE, root.join("download")).unwrap();
    fs::write(root.join("feed"), gzip(b"\n{\"text\":\"sniffed\"}\n")).unwrap();
    fs::write(root.join("page"), b"<!doctype html><p>sniffed html</p>").unwrap();
    let inputs = [
        s(&root.join("download")),
        s(&root.join("feed")),
        s(&root.join("page")),
    ];
    let docs: Vec<_> = read_all(&inputs, &ReadOptions::default())
        .map(Result::unwrap)
        .collect();
    let formats: Vec<_> = docs.iter().map(|d| d.meta.origin.format).collect();
    assert_eq!(
        formats,
        [
            InputFormat::Warc,
            InputFormat::Warc,
            InputFormat::Jsonl,
            InputFormat::Html
        ]
    );
    assert_eq!(docs[3].text, "sniffed html");
}

#[test]
fn truncated_gzip_text() {
    let (_tmp, root) = corpus();
    let gz = gzip("Long enough text to compress. ".repeat(200).as_bytes());
    fs::write(root.join("cut.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    let inputs = [s(&root.join("cut.txt.gz")), s(&root.join("a.txt"))];
    let results: Vec<_> = read_all(&inputs, &ReadOptions::default()).collect();
    assert_eq!(results.len(), 2);
    let e = results[0].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}: truncated gzip stream", inputs[0])
    );
    assert!(results[1].is_ok());
}

#[test]
fn fifty_megabyte_single_line() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.txt");
    let line = "The quick brown fox jumps over the lazy dog. ".repeat(50 * 1024 * 1024 / 45 + 1);
    fs::write(&path, &line).unwrap();
    let inputs = [s(&path)];
    let doc = read_all(&inputs, &ReadOptions::default())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(doc.text.len(), line.len());
    assert!(doc.text.len() > 50 * 1024 * 1024);
    drop(doc);

    for max_bytes in [10 * 1024 * 1024, 40 * 1024 * 1024] {
        let opts = ReadOptions {
            max_bytes,
            ..ReadOptions::default()
        };
        let results: Vec<_> = read_all(&inputs, &opts).collect();
        assert_eq!(results.len(), 1);
        let e = results[0].as_ref().unwrap_err();
        assert_eq!(e.kind(), "too_large");
        assert!(
            e.to_string()
                .contains(&format!("the limit is {max_bytes} bytes")),
            "{e}"
        );
    }
    // The same line as JSONL: read with the default limit, rejected with a small one.
    let jsonl = tmp.path().join("big.jsonl");
    fs::write(
        &jsonl,
        format!("{{\"text\":\"{line}\"}}\n{{\"text\":\"next\"}}\n"),
    )
    .unwrap();
    let inputs = [s(&jsonl)];
    let docs: Vec<_> = read_all(&inputs, &ReadOptions::default())
        .map(Result::unwrap)
        .collect();
    // JSON text fields are trimmed.
    assert_eq!(docs[0].text.len(), line.trim_end().len());
    let opts = ReadOptions {
        max_bytes: 1024 * 1024,
        ..ReadOptions::default()
    };
    let kinds: Vec<_> = read_all(&inputs, &opts)
        .map(|r| r.map_or_else(|e| e.kind(), |_| "ok"))
        .collect();
    assert_eq!(kinds, ["too_large", "ok"]);
}

#[test]
fn documents_iterator_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let docs = read_all(&["-".to_owned()], &ReadOptions::default());
    assert_send(&docs);
}
