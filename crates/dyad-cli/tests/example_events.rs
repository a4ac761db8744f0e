//! The events and actors a political scientist would code in the example
//! article (dated 2025-02-18), end to end through the `dyad` binary.

#![allow(clippy::unwrap_used)]

mod common;

use common::{dyad, jsonl};
use serde_json::Value;

fn doc() -> Value {
    let out = dyad(&[
        "analyze",
        "examples/riyadh-talks.txt",
        "--date",
        "2025-02-18",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    jsonl(&out).remove(0)
}

fn code(p: &Value) -> &str {
    p["actor"]["code"].as_str().unwrap_or("")
}

/// Events with this CAMEO root whose parties' codes start with `a` and
/// `b` (as source and target, or among the participants).
fn find<'a>(events: &'a [Value], root: &str, a: &str, b: &str) -> Vec<&'a Value> {
    events
        .iter()
        .filter(|e| e["root"] == root)
        .filter(|e| {
            let mut parties: Vec<&str> = vec![code(&e["source"]), code(&e["target"])];
            parties.extend(e["participants"].as_array().into_iter().flatten().map(code));
            parties.iter().any(|c| c.starts_with(a)) && parties.iter().any(|c| c.starts_with(b))
        })
        .collect()
}

#[test]
fn the_events_of_the_riyadh_article() {
    let d = doc();
    let events = d["events"].as_array().expect("events");
    // Russia will not accept NATO peacekeepers: a rejection, negated accept.
    let reject = find(events, "12", "RUS", "IGOWSTNAT");
    assert!(reject.iter().any(|e| e["negated"] == true), "{events:#?}");
    // The meeting between American and Russian representatives in Saudi
    // Arabia (a noun): one event with both parties.
    assert!(
        find(events, "04", "USA", "RUS")
            .iter()
            .any(|e| e["trigger"]["lemma"] == "meeting" && e["location"]["text"] == "Saudi Arabia"),
        "{events:#?}"
    );
    // The US and Russia met in Riyadh.
    let met = find(events, "04", "RUS", "USA");
    assert!(
        met.iter().any(|e| e["location"]["text"] == "Riyadh"),
        "{met:#?}"
    );
    // They agreed to appoint teams and to restore relations: intent.
    let intent = find(events, "03", "RUS", "USA");
    assert!(intent.len() >= 2, "{intent:#?}");
    assert!(intent.iter().all(|e| e["modality"] == "intent"));
    // Ukraine excluded; Trump criticising Ukraine's reaction.
    assert!(
        events
            .iter()
            .any(|e| e["trigger"]["lemma"] == "exclude" && code(&e["target"]) == "UKR")
    );
    let criticism = find(events, "11", "USAGOV", "UKR");
    assert_eq!(code(&criticism[0]["source"]), "USAGOV");
    // European leaders met in Paris on Monday, 2025-02-17.
    let paris: Vec<&Value> = events
        .iter()
        .filter(|e| e["location"]["text"] == "Paris")
        .collect();
    assert_eq!(paris.len(), 1, "{events:#?}");
    assert_eq!(paris[0]["root"], "04");
    assert_eq!(code(&paris[0]["source"]), "EURGOV");
    assert_eq!(paris[0]["date"], "2025-02-17");
    // Poland rules out sending troops; the sending itself is not coded.
    let poland = find(events, "12", "POLGOV", "POLGOV");
    assert_eq!(poland.len(), 1, "{events:#?}");
    assert!(
        !events
            .iter()
            .any(|e| e["sentence"] == poland[0]["sentence"] && e["root"] == "07")
    );
    // Every event points to its sentence and its trigger.
    let text: Vec<char> = d["text"].as_str().unwrap().chars().collect();
    for e in events {
        let (s, t) = (
            e["trigger"]["start"].as_u64().unwrap(),
            e["trigger"]["end"].as_u64().unwrap(),
        );
        let trigger: String = text[s as usize..t as usize].iter().collect();
        assert_eq!(trigger, e["trigger"]["text"].as_str().unwrap());
        let rule = e["rule"].as_str().unwrap();
        assert!(
            rule.starts_with("verbs.tsv:") || rule.starts_with("nominal/"),
            "{rule}"
        );
    }
}

#[test]
fn every_person_resolves_to_country_and_sector_on_the_date() {
    let d = doc();
    let expect = [
        ("Sergei Lavrov", "RUSGOV"),
        ("Marco Rubio", "USAGOV"),
        ("Volodymyr Zelensky", "UKRGOV"),
        ("Donald Trump", "USAGOV"),
        ("Steve Witkoff", "USAGOV"),
        ("Mike Waltz", "USAGOV"),
        ("Yury Ushakov", "RUSGOV"),
        ("Kirill Dmitriev", "RUSBUS"),
        ("Keir Starmer", "GBRGOV"),
        ("Olaf Scholz", "DEUGOV"),
        ("Donald Tusk", "POLGOV"),
        ("Giorgia Meloni", "ITAGOV"),
    ];
    let entities = d["entities"].as_array().unwrap();
    for (name, want) in expect {
        let e = entities
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} not found"));
        assert_eq!(e["actor"]["code"], want, "{name}: {:#?}", e["actor"]);
    }
    // On that date Waltz was national security adviser, Scholz chancellor.
    let role = |n: &str| {
        entities.iter().find(|e| e["name"] == n).unwrap()["actor"]["role"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        role("Mike Waltz").contains("National Security"),
        "{}",
        role("Mike Waltz")
    );
    assert!(role("Olaf Scholz").contains("Chancellor"));
}

#[test]
fn csv_and_gdelt_exports() {
    let out = dyad(&[
        "analyze",
        "examples/riyadh-talks.txt",
        "--date",
        "2025-02-18",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    assert_eq!(header.get(4), Some("event_code"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert!(rows.len() >= 8);
    // Codes stay strings with their leading zeros.
    assert!(
        rows.iter()
            .any(|r| r.get(4).is_some_and(|c| c.starts_with('0')))
    );

    let out = dyad(&[
        "analyze",
        "examples/riyadh-talks.txt",
        "--date",
        "2025-02-18",
        "--format",
        "gdelt",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rows.len());
    for l in lines {
        let cols: Vec<&str> = l.split('\t').collect();
        assert_eq!(cols.len(), 61, "{l}");
        assert_eq!(cols[1].len(), 8, "SQLDATE {l}");
        assert_eq!(
            cols[28],
            &cols[26][..2],
            "root is the code's first two digits"
        );
    }
}
