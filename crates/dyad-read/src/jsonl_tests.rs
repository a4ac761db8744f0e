use std::io::{BufReader, Read};

use super::*;

fn all(data: &[u8]) -> Vec<Result<Document, ReadError>> {
    JsonlReader::new(data, "data/a.jsonl").collect()
}

#[test]
fn news_please_fields() {
    let line = br#"{"title":" Talks ","maintext":"Main body.\r\nMore.","text":"ignored","date_publish":"2025-02-18 14:03:00","url":"https://www.bbc.co.uk/news/1","source_domain":"bbc.co.uk","authors":["A One"," ","B Two"],"language":"en"}"#;
    let docs = all(line);
    let doc = docs[0].as_ref().unwrap();
    assert_eq!(doc.text, "Main body.\nMore.");
    let m = &doc.meta;
    assert_eq!(m.id, "https://www.bbc.co.uk/news/1");
    assert_eq!(m.title.as_deref(), Some("Talks"));
    assert_eq!(m.date.as_deref(), Some("2025-02-18T14:03:00"));
    assert_eq!(m.source.as_deref(), Some("bbc.co.uk"));
    assert_eq!(m.authors, vec!["A One", "B Two"]);
    assert_eq!(m.language.as_deref(), Some("en"));
    assert_eq!(m.origin.record, Some(1));
    assert_eq!(m.origin.format, InputFormat::Jsonl);
}

#[test]
fn newspaper_fields_and_ids() {
    let data = b"{\"id\": 42, \"text\": \"T1\", \"publish_date\": \"2024-01-02\", \"authors\": \"Solo\"}\n\
                 {\"id\": \"abc\", \"maintext\": \"\", \"text\": \"T2\"}\n\
                 {\"maintext\": \"T3\", \"id\": null}\n";
    let docs: Vec<Document> = all(data).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs[0].meta.id, "42");
    assert_eq!(docs[0].meta.date.as_deref(), Some("2024-01-02"));
    assert_eq!(docs[0].meta.authors, vec!["Solo"]);
    assert_eq!(docs[1].meta.id, "abc");
    assert_eq!(docs[1].text, "T2");
    assert_eq!(docs[2].meta.id, "data/a.jsonl:3");
    assert_eq!(docs[2].meta.source, None);
}

#[test]
fn bad_lines_do_not_stop_the_file() {
    let data = b"\xef\xbb\xbf{\"text\":\"one\"}\n\
                 \n   \n\
                 {\"text\": }\n\
                 {\"title\":\"no text\"}\n\
                 [1,2]\n\
                 {\"text\":\"   \"}\n\
                 \xff\xfe\n\
                 {\"text\":\"last\"}";
    let r = all(data);
    assert_eq!(r.len(), 7);
    assert_eq!(r[0].as_ref().unwrap().text, "one");
    let e = r[1].as_ref().unwrap_err();
    assert_eq!(e.kind(), "malformed_json");
    assert_eq!(e.record(), Some(4));
    assert_eq!(
        e.to_string(),
        "data/a.jsonl:4: malformed JSON: expected value at column 10"
    );
    let e = r[2].as_ref().unwrap_err();
    assert_eq!((e.kind(), e.record()), ("missing_text", Some(5)));
    assert_eq!(
        e.to_string(),
        "data/a.jsonl:5: no `maintext` or `text` field"
    );
    let e = r[3].as_ref().unwrap_err();
    assert_eq!(e.kind(), "malformed_json");
    assert!(e.to_string().contains("found an array"));
    assert_eq!(r[4].as_ref().unwrap_err().kind(), "missing_text");
    assert_eq!(r[5].as_ref().unwrap_err().kind(), "malformed_json");
    let last = r[6].as_ref().unwrap();
    assert_eq!(
        (last.text.as_str(), last.meta.origin.record),
        ("last", Some(9))
    );
}

#[test]
fn long_lines_are_rejected_without_stopping() {
    let mut data = b"{\"text\":\"ok\"}\n{\"text\":\"".to_vec();
    data.extend(std::iter::repeat_n(b'x', 5000));
    data.extend_from_slice(b"\"}\n{\"text\":\"after\"}\n");
    // A small buffer makes the long line span many fill_buf calls.
    let reader = BufReader::with_capacity(64, &data[..]);
    let r: Vec<_> = JsonlReader::new(reader, "l.jsonl")
        .max_bytes(1000)
        .collect();
    assert_eq!(r.len(), 3);
    let e = r[1].as_ref().unwrap_err();
    assert_eq!((e.kind(), e.record()), ("too_large", Some(2)));
    assert!(
        e.to_string()
            .starts_with("l.jsonl:2: too large: 5012 bytes"),
        "{e}"
    );
    assert_eq!(r[2].as_ref().unwrap().text, "after");
    // Exactly at the limit is fine.
    let line = br#"{"text":"abc"}"#;
    let r: Vec<_> = JsonlReader::new(&line[..], "x")
        .max_bytes(line.len())
        .collect();
    assert!(r[0].is_ok());
    let r: Vec<_> = JsonlReader::new(&line[..], "x")
        .max_bytes(line.len() - 1)
        .collect();
    assert_eq!(r[0].as_ref().unwrap_err().kind(), "too_large");
}

#[test]
fn truncated_gzip_reports_once_and_stops() {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..200 {
        writeln!(
            enc,
            r#"{{"text":"article number {i} with some body text"}}"#
        )
        .unwrap();
    }
    let gz = enc.finish().unwrap();
    let cut = &gz[..gz.len() * 2 / 3];
    let reader = BufReader::new(flate2::bufread::MultiGzDecoder::new(cut));
    let r: Vec<_> = JsonlReader::new(reader, "a.jsonl.gz").gzip(true).collect();
    let (ok, err): (Vec<_>, Vec<_>) = r.iter().partition(|r| r.is_ok());
    assert!(!ok.is_empty() && ok.len() < 200, "{}", ok.len());
    assert_eq!(err.len(), 1);
    let e = r.last().unwrap().as_ref().unwrap_err();
    assert_eq!(e.kind(), "truncated");
    assert!(e.to_string().ends_with("truncated gzip stream"), "{e}");
}

#[test]
fn json_files() {
    let arr = br#"[{"text":"a"}, 3, {"maintext":"b","url":"u"}]"#;
    let r = read_json(arr, "x.json");
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].as_ref().unwrap().meta.id, "x.json:1");
    assert_eq!(
        r[1].as_ref().unwrap_err().to_string(),
        "x.json:2: malformed JSON: expected an article object, found a number"
    );
    assert_eq!(r[2].as_ref().unwrap().meta.id, "u");
    let one = b"{\n  \"title\": \"T\",\n  \"text\": \"pretty\"\n}\n";
    let r = read_json(one, "o.json");
    assert_eq!(r[0].as_ref().unwrap().text, "pretty");
    let r = read_json(b"{oops", "bad.json");
    assert_eq!(r[0].as_ref().unwrap_err().kind(), "malformed_json");
    assert_eq!(r[0].as_ref().unwrap_err().record(), None);
    assert_eq!(
        read_json(b" \n", "e.json")[0].as_ref().unwrap_err().kind(),
        "empty"
    );
}

#[test]
fn iso_dates() {
    assert_eq!(iso_date("2025-02-18 14:03:00"), "2025-02-18T14:03:00");
    assert_eq!(iso_date("2025-02-18 14:03"), "2025-02-18T14:03");
    assert_eq!(iso_date("2025-02-18"), "2025-02-18");
    assert_eq!(iso_date("2025-02-18T14:03:00Z"), "2025-02-18T14:03:00Z");
    assert_eq!(iso_date("Feb 18 2025 14:03:00 x"), "Feb 18 2025 14:03:00 x");
}

#[test]
fn io_error_mid_stream() {
    struct Failing;
    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let reader = BufReader::new((&b"{\"text\":\"x\"}\n"[..]).chain(Failing));
    let r: Vec<_> = JsonlReader::new(reader, "f.jsonl").collect();
    assert_eq!(r.len(), 2);
    assert!(r[0].is_ok());
    assert_eq!(
        r[1].as_ref().unwrap_err().to_string(),
        "f.jsonl:2: disk on fire"
    );
}

#[test]
fn plain_date_field_and_precedence() {
    let data = b"{\"text\": \"T1\", \"date\": \"2025-02-18\"}\n\
                 {\"text\": \"T2\", \"date\": \"2025-02-18\", \"date_publish\": \"2025-02-17\"}\n\
                 {\"text\": \"T3\", \"published\": \"2025-02-16T08:00:00Z\"}\n";
    let docs: Vec<Document> = all(data).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs[0].meta.date.as_deref(), Some("2025-02-18"));
    assert_eq!(docs[1].meta.date.as_deref(), Some("2025-02-17"));
    assert!(
        docs[2]
            .meta
            .date
            .as_deref()
            .unwrap()
            .starts_with("2025-02-16")
    );
}
