//! Sharded runs: `--shard I/N` splits the input's documents between N runs
//! with nothing lost and nothing twice; `{shard}` names their outputs;
//! `dyad export --also` merges sharded stores.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use common::{dyad, jsonl, stderr};

const INPUT: &str = "web/tests/articles/more.jsonl";

fn ids(out: &std::process::Output) -> Vec<String> {
    jsonl(out)
        .iter()
        .map(|d| d["meta"]["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn shards_partition_the_input() {
    let all = dyad(&["analyze", INPUT, "--until", "segment"]);
    assert!(all.status.success(), "{}", stderr(&all));
    let want: BTreeSet<String> = ids(&all).into_iter().collect();
    assert!(want.len() >= 3);

    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("part-{shard}-of-{shards}.jsonl");
    let mut seen = Vec::new();
    for i in 0..3 {
        let shard = format!("{i}/3");
        let out = dyad(&[
            "analyze",
            INPUT,
            "--until",
            "segment",
            "--shard",
            &shard,
            "-o",
            &template.to_string_lossy(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let path = dir.path().join(format!("part-{i}-of-3.jsonl"));
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            seen.push(v["meta"]["id"].as_str().unwrap().to_owned());
        }
    }
    let got: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(seen.len(), got.len(), "a document in two shards");
    assert_eq!(got, want, "every document in one shard");

    for bad in ["3/3", "1", "a/b", "0/0"] {
        let out = dyad(&["analyze", INPUT, "--shard", bad]);
        assert_eq!(out.status.code(), Some(2), "--shard {bad}");
    }
}

#[test]
fn sharded_ingest_then_export_merges() {
    let dir = tempfile::tempdir().unwrap();
    let whole = format!("sqlite://{}", dir.path().join("whole.db").display());
    let out = dyad(&["ingest", INPUT, "--db", &whole, "--no-progress"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let template = format!("sqlite://{}", dir.path().join("shard-{shard}.db").display());
    for i in 0..2 {
        let shard = format!("{i}/2");
        let out = dyad(&[
            "ingest",
            INPUT,
            "--db",
            &template,
            "--shard",
            &shard,
            "--no-progress",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let s0 = format!("sqlite://{}", dir.path().join("shard-0.db").display());
    let s1 = format!("sqlite://{}", dir.path().join("shard-1.db").display());
    let quotes = |args: &[&str]| {
        let mut all = vec!["export", "--format", "jsonl", "--table", "quotes"];
        all.extend_from_slice(args);
        let out = dyad(&all);
        assert!(out.status.success(), "{}", stderr(&out));
        let mut rows: Vec<(String, String)> = jsonl(&out)
            .iter()
            .map(|q| {
                (
                    q["doc_id"].as_str().unwrap().to_owned(),
                    q["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        rows.sort();
        rows
    };
    let merged = quotes(&["--db", &s0, "--also", &s1]);
    assert!(!merged.is_empty());
    assert_eq!(merged, quotes(&["--db", &whole]));
}
