//! End-to-end: `dyad analyze` on the bundled example article.

#![allow(clippy::unwrap_used)]

mod common;

use common::{dyad, jsonl, root};
use serde_json::Value;

fn example() -> Value {
    let out = dyad(&[
        "analyze",
        "examples/riyadh-talks.txt",
        "--date",
        "2025-02-18",
    ]);
    assert!(out.status.success(), "stderr: {}", common::stderr(&out));
    let mut docs = jsonl(&out);
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

#[test]
fn output_matches_the_json_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/dyad-1.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let doc = example();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:#?}");
    // And the schema is strict enough to notice an undocumented field.
    let mut extra = doc;
    extra["meta"]["undocumented"] = Value::Bool(true);
    assert!(!validator.is_valid(&extra));
}

#[test]
fn every_offset_round_trips_in_code_points() {
    let doc = example();
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let slice = |v: &Value| -> String {
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        text[s..e].iter().collect()
    };
    for t in doc["tokens"].as_array().unwrap() {
        assert_eq!(slice(t), t["text"].as_str().unwrap());
    }
    for s in doc["sentences"].as_array().unwrap() {
        assert_eq!(slice(s), s["text"].as_str().unwrap());
    }
    // Paragraphs are the lines of the example file.
    let file = std::fs::read_to_string(root().join("examples/riyadh-talks.txt")).unwrap();
    let lines: Vec<&str> = file.lines().filter(|l| !l.trim().is_empty()).collect();
    let paras: Vec<String> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(slice)
        .collect();
    assert_eq!(paras, lines);
}

#[test]
fn the_example_is_segmented_as_a_reader_would() {
    let doc = example();
    let sents: Vec<&str> = doc["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    // A two-sentence quote splits inside the quote; the cue stays with the
    // second half.
    assert!(sents.contains(
        &"“The presence of armed forces under a different banner does not alter anything."
    ));
    assert!(sents.contains(&"It is, of course, absolutely intolerable,” he remarked."));
    // A closing quote after the full stop stays with its sentence.
    assert!(sents.contains(&"Following the meeting between American and Russian representatives in Saudi Arabia, Trump declared he was “far more optimistic.”"));
    // Titles and dashes do not split sentences.
    assert!(
        sents
            .iter()
            .any(|s| s.starts_with("UK Prime Minister Sir Keir Starmer stated"))
    );
    assert!(
        sents
            .iter()
            .any(|s| s.starts_with("Poland’s Prime Minister Donald Tusk")
                && s.ends_with("voiced skepticism."))
    );
    assert_eq!(doc["meta"]["date"], "2025-02-18");
    let tokens: Vec<&str> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    // UD-style possessives and contractions.
    assert!(tokens.windows(2).any(|w| w == ["Ukraine", "’s"]));
    assert!(tokens.windows(2).any(|w| w == ["they", "’re"]));
    assert!(
        tokens
            .windows(3)
            .any(|w| w == ["alliance", "—", "including"])
    );
}

#[test]
fn golden_text_view() {
    let out = dyad(&[
        "analyze",
        "examples/riyadh-talks.txt",
        "--format",
        "text",
        "--date",
        "2025-02-18",
    ]);
    assert!(out.status.success());
    insta::assert_snapshot!("riyadh_text_view", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn golden_tokens_and_sentences() {
    let doc = example();
    let sents: Vec<String> = doc["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}-{} p{} t{}..{}",
                s["start"], s["end"], s["paragraph"], s["tokens"][0], s["tokens"][1]
            )
        })
        .collect();
    let toks: Vec<String> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{}-{} {} {}",
                t["start"],
                t["end"],
                t["kind"].as_str().unwrap(),
                t["text"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!("riyadh_sentences", sents.join("\n"));
    insta::assert_snapshot!("riyadh_tokens", toks.join("\n"));
}

#[test]
fn pretty_json_is_one_document() {
    let out = dyad(&["analyze", "examples/riyadh-talks.txt", "--format", "json"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(v["schema"], "dyad/1");
}
