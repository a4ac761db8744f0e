//! `dyad serve` end to end: the real binary on a free loopback port, with
//! the workbench database (the example article stored), stopped with
//! SIGTERM.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

/// GET `path` over HTTP/1.1: (status, body).
fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

#[test]
fn serve_answers_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("DYAD_DB")
        .env_remove("DYAD_TOKEN")
        .env_remove("DYAD_ADDR")
        .current_dir(common::root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    let addr = loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                panic!("no `listening on` line; stderr so far: {lines:?}")
            });
        lines.push(line.clone());
        if let Some(a) = line.strip_prefix("listening on http://") {
            break a.trim().to_owned();
        }
    };
    let workbench = lines
        .iter()
        .find_map(|l| l.split(" database in ").nth(1))
        .and_then(|rest| rest.split(" (deleted").next())
        .map(std::path::PathBuf::from)
        .unwrap();
    assert!(workbench.exists());

    let (status, body) = http_get(&addr, "/healthz");
    assert_eq!(status, 200, "{body}");
    let health: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(health["backend"], "sqlite");

    let (status, body) = http_get(&addr, "/v1/quotes?speaker=Lavrov");
    assert_eq!(status, 200, "{body}");
    let quotes: Value = serde_json::from_str(&body).unwrap();
    let items = quotes["items"].as_array().unwrap();
    assert!(items.len() >= 2, "{body}");
    for q in items {
        assert_eq!(q["speaker_name"], "Sergei Lavrov", "{q}");
        assert_eq!(q["doc_id"], "examples/riyadh-talks.txt");
    }
    let (status, _) = http_get(&addr, "/v1/articles?bogus=1");
    assert_eq!(status, 400);

    // SIGTERM: a graceful exit, the workbench database removed.
    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("dyad serve did not stop within 30 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let rest: Vec<String> = rx.try_iter().collect();
    assert!(rest.iter().any(|l| l.contains("stopped")), "{rest:?}");
    // The access log: one line per request, with its status.
    let logged = |needle: &str| {
        rest.iter()
            .any(|l| l.contains("dyad::access") && l.contains(needle))
    };
    assert!(logged("GET /healthz 200 "), "{rest:?}");
    assert!(logged("GET /v1/quotes?speaker=Lavrov 200 "), "{rest:?}");
    assert!(logged("GET /v1/articles?bogus=1 400 "), "{rest:?}");
    assert!(!workbench.exists(), "{} left behind", workbench.display());
}

#[test]
fn serve_refuses_a_public_address_without_token() {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .env_remove("DYAD_TOKEN")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("without a token"), "{err}");
}
