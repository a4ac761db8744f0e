//! `dyad analyze --petrarch DIR`: PETRARCH/TABARI dictionaries (tiny ones
//! written here) in place of, or next to, dyad's own coder.

#![allow(clippy::unwrap_used)]

mod common;

use common::{dyad, jsonl};

fn write_dictionaries(dir: &std::path::Path) {
    std::fs::write(
        dir.join("test.verbs.txt"),
        "--- CONDEMN [111] ---\nCONDEMN\n- * +  [111]\n",
    )
    .unwrap();
    std::fs::write(dir.join("test.actors.txt"), "ARNOR [ARN]\nGONDOR [GON]\n").unwrap();
    std::fs::write(dir.join("test.agents.txt"), "POLICE [~COP]\n").unwrap();
    std::fs::write(dir.join("test.discards.txt"), "").unwrap();
}

#[test]
fn petrarch_dictionaries_code_in_place_of_or_next_to_dyad() {
    let dir = tempfile::tempdir().unwrap();
    write_dictionaries(dir.path());
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Arnor condemned Gondor on Tuesday.\n").unwrap();
    let run = |coder: &str| {
        let out = dyad(&[
            "analyze",
            input.to_str().unwrap(),
            "--date",
            "2025-03-05",
            "--petrarch",
            dir.path().to_str().unwrap(),
            "--coder",
            coder,
        ]);
        assert!(out.status.success(), "{}", common::stderr(&out));
        jsonl(&out).remove(0)
    };
    let d = run("petrarch");
    let events = d["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!(e["code"], "111");
    assert_eq!(e["source"]["actor"]["code"], "ARN");
    assert_eq!(e["target"]["actor"]["code"], "GON");
    assert!(e["rule"].as_str().unwrap().starts_with("petrarch:"));
    assert_eq!(e["trigger"]["text"], "condemned");
    // With both coders, dyad's own (which knows neither actor) adds nothing
    // here, and PETRARCH's event is still there.
    let both = run("both");
    assert!(
        both["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["rule"].as_str().unwrap().starts_with("petrarch:"))
    );
    // A folder without a verb dictionary is a clear error.
    let empty = tempfile::tempdir().unwrap();
    let out = dyad(&[
        "analyze",
        input.to_str().unwrap(),
        "--petrarch",
        empty.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        common::stderr(&out).contains("no verb dictionary"),
        "{}",
        common::stderr(&out)
    );
}

#[test]
fn users_add_verb_patterns_with_verbs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Russia upbraided Ukraine on Monday.\n").unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["analyze", input.to_str().unwrap(), "--date", "2025-03-05"];
        args.extend_from_slice(extra);
        let out = dyad(&args);
        (out.status.code(), jsonl(&out), common::stderr(&out))
    };
    let (code, docs, _) = run(&[]);
    assert_eq!(code, Some(0));
    assert!(
        docs[0]["events"].as_array().unwrap().is_empty(),
        "not a shipped verb"
    );
    let verbs = dir.path().join("mine.tsv");
    std::fs::write(
        &verbs,
        "# my verbs\nlemma\tprep\tcode\tnegated\tkind\tnote\nupbraid\t\t111\t\tdyadic\tscold\n",
    )
    .unwrap();
    let (code, docs, err) = run(&["--verbs", verbs.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let e = &docs[0]["events"][0];
    assert_eq!(e["code"], "111");
    assert_eq!(e["source"]["actor"]["code"], "RUS");
    assert_eq!(e["target"]["actor"]["code"], "UKR");
    assert!(
        e["rule"].as_str().unwrap().contains("mine.tsv:3"),
        "{}",
        e["rule"]
    );
    // A bad row is an error naming the file and line.
    std::fs::write(&verbs, "lemma\tprep\tcode\nupbraid\t\t999\n").unwrap();
    let (code, _, err) = run(&["--verbs", verbs.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("mine.tsv:2"), "{err}");
}

#[test]
fn users_add_actors_with_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Jane Roe criticized Russia on Monday.\n").unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir(&kb).unwrap();
    std::fs::write(
        kb.join("people.tsv"),
        "name\taliases\tcountry\tsector\trole\torg\tstart\tend\nJane Roe\t\tISL\tGOV\tForeign Minister of Iceland\t\t2025-01-01\t\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["analyze", input.to_str().unwrap(), "--date", "2025-03-05"];
        args.extend_from_slice(extra);
        let out = dyad(&args);
        assert!(out.status.success(), "{}", common::stderr(&out));
        jsonl(&out).remove(0)
    };
    let source = |d: &serde_json::Value| d["events"][0]["source"]["actor"]["code"].clone();
    assert_ne!(source(&run(&[])), "ISLGOV");
    let d = run(&["--actors", kb.to_str().unwrap()]);
    assert_eq!(source(&d), "ISLGOV", "{:#}", d["events"]);
    assert_eq!(d["events"][0]["target"]["actor"]["code"], "RUS");
}
