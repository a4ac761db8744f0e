//! Who said what in the example article: every quoted passage and the
//! reported-speech sentences get their canonical speaker.

#![allow(clippy::unwrap_used)]

mod common;

use common::{dyad, jsonl};
use serde_json::Value;

fn quotes() -> Vec<Value> {
    let out = dyad(&[
        "analyze",
        "examples/riyadh-talks.txt",
        "--date",
        "2025-02-18",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    jsonl(&out).remove(0)["quotes"].as_array().unwrap().clone()
}

fn speaker_of<'a>(quotes: &'a [Value], words: &str, kind: &str) -> &'a str {
    let q = quotes
        .iter()
        .find(|q| q["kind"] == kind && q["text"].as_str().unwrap().contains(words))
        .unwrap_or_else(|| panic!("no {kind} quote containing {words:?}"));
    q["speaker"]["name"].as_str().unwrap_or("(none)")
}

#[test]
fn every_quote_has_its_canonical_speaker() {
    let q = quotes();
    let cases = [
        ("does not alter anything", "direct", "Sergei Lavrov"),
        ("initial step of a lengthy", "direct", "Marco Rubio"),
        ("unexpected development", "partial", "Volodymyr Zelensky"),
        ("displeasure", "partial", "Donald Trump"),
        ("I hear they", "direct", "Donald Trump"),
        ("far more optimistic", "partial", "Donald Trump"),
        ("They were very constructive", "direct", "Donald Trump"),
        ("I possess the authority", "direct", "Donald Trump"),
        ("If they wish to do so", "direct", "Donald Trump"),
        ("highly productive dialogue", "direct", "Sergei Lavrov"),
        ("direct danger", "partial", "Sergei Lavrov"),
        ("prepared to engage", "partial", "Marco Rubio"),
        ("All parties must make concessions", "direct", "Marco Rubio"),
        ("US guarantee", "partial", "Keir Starmer"),
        ("entirely premature", "partial", "Olaf Scholz"),
        (
            "most complicated and least effective",
            "partial",
            "Giorgia Meloni",
        ),
        ("inevitably need to participate", "partial", "Marco Rubio"),
        ("no one is being pushed aside", "partial", "Marco Rubio"),
        ("Everyone involved in this war", "direct", "Marco Rubio"),
        ("behind our backs", "direct", "Volodymyr Zelensky"),
        (
            "without Ukraine’s involvement",
            "direct",
            "Volodymyr Zelensky",
        ),
        (
            "will not accept peacekeeping troops",
            "indirect",
            "Sergei Lavrov",
        ),
        ("assign ambassadors", "indirect", "Sergei Lavrov"),
        ("would necessitate", "indirect", "Keir Starmer"),
        ("discussing military deployments", "indirect", "Olaf Scholz"),
        ("stationing European forces", "indirect", "Giorgia Meloni"),
        ("sending troops", "indirect", "Donald Tusk"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(words, kind, who)| {
            let got = speaker_of(&q, words, kind);
            (got != who).then(|| format!("{words:?} ({kind}): {got}, expected {who}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn cues_titles_and_audit_fields() {
    let q = quotes();
    let remark = q
        .iter()
        .find(|q| {
            q["text"]
                .as_str()
                .unwrap()
                .starts_with("The presence of armed forces")
        })
        .unwrap();
    assert_eq!(remark["cue"]["lemma"], "remark");
    assert_eq!(remark["speaker"]["mention"]["text"], "he");
    assert_eq!(
        remark["speaker"]["title"]["text"],
        "Russian Foreign Minister"
    );
    assert_eq!(remark["rule"], "quote/after-cue");
    // A quote-only paragraph carries the speaker over, with no mention.
    let cont = q
        .iter()
        .find(|q| {
            q["text"]
                .as_str()
                .unwrap()
                .starts_with("They were very constructive")
        })
        .unwrap();
    assert!(cont["cue"].is_null() && cont["speaker"]["mention"].is_null());
    for quote in &q {
        let c = quote["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
        assert!(
            !quote["text"].as_str().unwrap().starts_with('“'),
            "quote text without marks"
        );
    }
}

#[test]
fn a_colon_hands_the_quote_to_the_clause_subject() {
    let out = common::analyze_stdin(
        "President Obama is rolling out a new campaign message: “It's about me.”",
    );
    let doc = &jsonl(&out)[0];
    let q = &doc["quotes"][0];
    assert_eq!(q["text"], "It's about me.");
    assert_eq!(q["rule"], "quote/colon-subject");
    assert_eq!(q["speaker"]["name"], "Obama");
}
