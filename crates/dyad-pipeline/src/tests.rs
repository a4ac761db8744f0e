#![allow(clippy::unwrap_used)]

use std::sync::LazyLock;

use super::*;
use crate::tables::Tables;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| build(&Options::default()).unwrap());

fn example() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/riyadh-talks.txt");
    std::fs::read_to_string(path).unwrap()
}

fn example_doc() -> Document {
    let article = Article {
        id: Some("riyadh".into()),
        text: example(),
        date: Some("2025-02-18".into()),
        ..Article::default()
    };
    analyze_article(&PIPELINE, &article).unwrap()
}

#[test]
fn the_pipeline_is_the_clis_stage_list() {
    let doc = example_doc();
    let names: Vec<&str> = doc.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "segment", "tag", "parse", "ner", "coref", "quotes", "actors", "events", "stances"
        ]
    );
    let short = build_until(Until::Ner, &Options::default()).unwrap();
    let mut d = document(&Article::new("Sergei Lavrov spoke."), "t", None).unwrap();
    short.run(&mut d);
    assert_eq!(d.stages.len(), 4);
    assert!(d.events.is_empty());
}

#[test]
fn the_example_has_the_lavrov_reject_event_and_flat_rows_match_the_document() {
    let doc = example_doc();
    let t = Tables::of([&doc]);
    assert_eq!(t.events.len(), doc.events.len());
    assert_eq!(t.quotes.len(), doc.quotes.len());
    assert_eq!(t.entities.len(), doc.entities.len());
    assert_eq!(t.stances.len(), doc.stances.len());
    assert!(!t.quotes.is_empty() && !t.stances.is_empty());
    let reject = t
        .events
        .iter()
        .find(|e| e.sentence == 0 && e.plover_event.as_deref() == Some("REJECT"))
        .expect("the lead sentence's REJECT event");
    assert_eq!(reject.source_country.as_deref(), Some("RUS"));
    assert_eq!(reject.event_code, "120");
    assert_eq!(reject.doc_id, "riyadh");
    assert_eq!(reject.doc_date.as_deref(), Some("2025-02-18"));
    // Offsets are code points into the analysed text.
    let chars: Vec<char> = doc.text.chars().collect();
    let cut = |a: i64, b: i64| -> String { chars[a as usize..b as usize].iter().collect() };
    for e in &t.events {
        assert_eq!(cut(e.trigger_start, e.trigger_end), e.trigger);
        if let (Some(a), Some(b), Some(s)) = (e.source_start, e.source_end, &e.source_text) {
            assert_eq!(&cut(a, b), s);
        }
    }
    for q in &t.quotes {
        assert_eq!(cut(q.start, q.end), q.text);
    }
    // The same as the JSON's arrays.
    let json = dyad_core::output::to_json_value(&doc);
    let first = &json["events"][0];
    assert_eq!(first["code"], t.events[0].event_code.as_str());
    assert_eq!(first["trigger"]["start"], t.events[0].trigger_start);
    let lavrov = t
        .quotes
        .iter()
        .any(|q| q.speaker.as_deref() == Some("Sergei Lavrov"));
    assert!(lavrov, "a quote by Sergei Lavrov");
}

#[test]
fn json_string_is_the_dyad_1_json() {
    let doc = example_doc();
    let s = to_json_string(&doc);
    assert!(!s.contains('\n'));
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    // Floats may differ in the last digits between the two writers (f32
    // through a Value), the structure does not.
    let w = dyad_core::output::to_json_value(&doc);
    assert_eq!(v["schema"], "dyad/1");
    assert_eq!(v["meta"], w["meta"]);
    assert_eq!(v["text"], w["text"]);
    for key in ["tokens", "entities", "quotes", "events", "stances"] {
        assert_eq!(
            v[key].as_array().map(Vec::len),
            w[key].as_array().map(Vec::len),
            "{key}"
        );
    }
    assert_eq!(v["events"][0]["code"], w["events"][0]["code"]);
}

#[test]
fn articles_follow_the_jsonl_readers_rules() {
    let a = Article {
        text: "  Line one.\r\nLine two.\rEnd. \n".into(),
        date: Some("2025-02-18 14:03:00".into()),
        title: Some("  ".into()),
        url: Some(" https://ex.org/a ".into()),
        ..Article::default()
    };
    let d = document(&a, "python", Some(3)).unwrap();
    assert_eq!(d.text, "Line one.\nLine two.\nEnd.");
    assert_eq!(d.meta.date.as_deref(), Some("2025-02-18T14:03:00"));
    assert_eq!(d.meta.title, None);
    assert_eq!(d.meta.id, "https://ex.org/a");
    assert_eq!(d.meta.origin.record, Some(3));
    let plain = document(&Article::new("Some text."), "python", None).unwrap();
    assert_eq!(plain.meta.id, text_id("Some text."));
    assert!(plain.meta.id.starts_with("text-") && plain.meta.id.len() == 21);
    assert_eq!(
        document(&Article::new(" \n "), "p", None).unwrap_err(),
        ArticleError::EmptyText
    );
    for bad in ["18/02/2025", "2025-13-01", "2025-02-18x", "yesterday"] {
        let a = Article {
            date: Some(bad.into()),
            ..Article::new("Text.")
        };
        assert!(matches!(
            document(&a, "p", None),
            Err(ArticleError::BadDate(_))
        ));
    }
    assert_eq!(
        check_date("2025-02-18T10:00:00Z").unwrap(),
        "2025-02-18T10:00:00Z"
    );
}

#[test]
fn bad_options_are_errors_not_panics() {
    let opts = Options {
        coder: Some(Coder::Petrarch),
        ..Options::default()
    };
    assert!(matches!(build(&opts), Err(PipelineError::PetrarchNeeded)));
    let opts = Options {
        verbs: Some("/nonexistent/verbs.tsv".into()),
        ..Options::default()
    };
    let err = build(&opts).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/verbs.tsv"), "{err}");
    let opts = Options {
        issues: Some("/nonexistent/issues.tsv".into()),
        ..Options::default()
    };
    assert!(matches!(build(&opts), Err(PipelineError::Issues { .. })));
    assert!("nope".parse::<Coder>().is_err());
    assert_eq!("both".parse::<Coder>().unwrap(), Coder::Both);
}

#[test]
fn batches_keep_order() {
    let mut docs: Vec<Document> = ["Russia rejected the plan.", "The US agreed to talks."]
        .iter()
        .enumerate()
        .map(|(i, t)| document(&Article::new(*t), "b", Some(i as u64 + 1)).unwrap())
        .collect();
    analyze_documents(&PIPELINE, &mut docs);
    assert_eq!(docs[0].text, "Russia rejected the plan.");
    assert!(docs.iter().all(|d| d.stages.len() == 9));
}
