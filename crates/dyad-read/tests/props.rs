//! Property tests: the readers never panic on arbitrary bytes, and whatever
//! they return is a usable document (non-empty text) or a located error.

// Test helpers outside #[test] fns are not covered by allow-unwrap-in-tests.
#![allow(clippy::unwrap_used)]

use dyad_core::Origin;
use dyad_read::{JsonlReader, WarcReader, html_to_document, read_text};
use proptest::prelude::*;

fn origin() -> Origin {
    Origin {
        path: "p".into(),
        ..Origin::default()
    }
}

/// Bytes biased toward the structure the readers look for.
fn structured() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"{\"text\":\"".to_vec()),
        Just(b"\"maintext\":".to_vec()),
        Just(b"\"}\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 30\r\n\r\n".to_vec()),
        Just(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec()),
        Just(b"<p>".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        prop::collection::vec(any::<u8>(), 0..12),
        "[a-zA-Z .,]{0,20}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..600), structured()]
}

proptest! {
    #[test]
    fn text_reader_total(data in bytes()) {
        match read_text(&data, origin()) {
            Ok(doc) => {
                prop_assert!(!doc.text.trim().is_empty());
                prop_assert!(!doc.text.contains('\r'));
                prop_assert!(doc.meta.origin.encoding.is_some());
            }
            Err(e) => {
                prop_assert_eq!(e.path(), "p");
                prop_assert!(!e.to_string().contains('\n'));
            }
        }
    }

    #[test]
    fn jsonl_reader_total(data in bytes(), max in 1usize..400) {
        let lines = data.split(|&b| b == b'\n').count() as u64;
        for item in JsonlReader::new(&data[..], "j").max_bytes(max) {
            match item {
                Ok(doc) => {
                    prop_assert!(!doc.text.trim().is_empty());
                    prop_assert!(doc.text.len() <= max);
                    prop_assert!(doc.meta.origin.record.is_some_and(|r| r >= 1 && r <= lines));
                }
                Err(e) => {
                    prop_assert!(e.record().is_some_and(|r| r >= 1 && r <= lines));
                    prop_assert!(!e.to_string().contains('\n'));
                }
            }
        }
    }

    #[test]
    fn warc_reader_total(data in bytes()) {
        for doc in WarcReader::new(&data[..], "w").flatten() {
            prop_assert!(!doc.text.is_empty());
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &data).unwrap();
        let gz = gz.finish().unwrap();
        let cut = &gz[..gz.len() * 3 / 4];
        let mut items = WarcReader::from_gzip(cut, "w.gz");
        for doc in items.by_ref().flatten() {
            prop_assert!(!doc.text.is_empty());
        }
        // A cut stream ends the iteration for good.
        prop_assert!(items.next().is_none());
    }
}

/// One JSONL line: a valid article, an article without text, or garbage.
#[derive(Debug, Clone)]
enum JLine {
    Article(String),
    NoText,
    Garbage(Vec<u8>),
}

fn jline() -> impl Strategy<Value = JLine> {
    prop_oneof![
        3 => any::<String>().prop_map(JLine::Article),
        1 => Just(JLine::NoText),
        1 => prop::collection::vec(any::<u8>().prop_filter("no newline", |b| *b != b'\n'), 0..40)
            .prop_map(JLine::Garbage),
    ]
}

proptest! {
    /// Every non-blank line yields exactly one item, in order, and good
    /// articles come back with their text (trimmed, newlines normalised).
    #[test]
    fn jsonl_lines_map_one_to_one(lines in prop::collection::vec(jline(), 0..20)) {
        let mut data = Vec::new();
        for l in &lines {
            match l {
                JLine::Article(t) => data.extend(serde_json::to_vec(&serde_json::json!({"text": t, "title": "x"})).unwrap()),
                JLine::NoText => data.extend_from_slice(b"{\"title\":\"only\"}"),
                JLine::Garbage(g) => data.extend_from_slice(g),
            }
            data.push(b'\n');
        }
        let items: Vec<_> = JsonlReader::new(&data[..], "j").collect();
        let mut it = items.iter();
        for (n, l) in lines.iter().enumerate() {
            let line_no = n as u64 + 1;
            match l {
                JLine::Article(t) => {
                    let expected = t.trim().replace("\r\n", "\n").replace('\r', "\n");
                    let item = it.next().unwrap();
                    if t.trim().is_empty() {
                        prop_assert_eq!(item.as_ref().unwrap_err().kind(), "missing_text");
                    } else {
                        let doc = item.as_ref().unwrap();
                        prop_assert_eq!(&doc.text, &expected);
                        prop_assert_eq!(doc.meta.origin.record, Some(line_no));
                    }
                }
                JLine::NoText => {
                    let e = it.next().unwrap().as_ref().unwrap_err();
                    prop_assert_eq!((e.kind(), e.record()), ("missing_text", Some(line_no)));
                }
                JLine::Garbage(g) => {
                    // A blank line (or a lone BOM on line 1) yields nothing.
                    let body = if line_no == 1 { g.strip_prefix(b"\xef\xbb\xbf").unwrap_or(g) } else { g };
                    if !body.trim_ascii().is_empty() {
                        let item = it.next().unwrap();
                        prop_assert_eq!(item.as_ref().map(|d| d.meta.origin.record).unwrap_or_else(|e| e.record()), Some(line_no));
                    }
                }
            }
        }
        prop_assert!(it.next().is_none());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn html_reader_total(data in bytes()) {
        match html_to_document(&data, None, origin()) {
            Ok(doc) => {
                prop_assert!(!doc.text.is_empty());
                prop_assert_eq!(doc.text.trim(), doc.text.as_str());
                prop_assert!(!doc.text.contains("\n\n\n"));
            }
            Err(e) => prop_assert!(!e.to_string().contains('\n')),
        }
    }
}
