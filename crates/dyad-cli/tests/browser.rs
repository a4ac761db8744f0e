//! The web workbench in a real browser, against the real server: `dyad
//! ingest` the example article and the test articles, `dyad serve` them,
//! then `web/tests/workbench.mjs` drives headless Chromium (Debian's
//! `chromium`, through playwright-core) through the article view, the
//! events table, the network, the timeline and quote search, and saves
//! screenshots to `target/screenshots/`.
//!
//! Needs Node.js, `/usr/bin/chromium` and `web/node_modules` (`.ci/run`
//! installs them); without them the test says it is skipped.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{dyad, root, stderr};

/// Kills the server when the test ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn workbench_in_headless_chromium() {
    let chromium = std::path::Path::new("/usr/bin/chromium");
    let playwright = root().join("web/node_modules/playwright-core");
    let node = Command::new("node").arg("--version").output();
    if !chromium.exists() || !playwright.exists() || node.is_err() {
        eprintln!(
            "skipping browser test: needs node, /usr/bin/chromium and web/node_modules \
             (apt-get install chromium; cd web && npm ci)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("workbench.db").display());
    for args in [
        vec![
            "ingest",
            "examples/riyadh-talks.txt",
            "--date",
            "2025-02-18",
            "--db",
            &db,
            "--no-progress",
        ],
        vec![
            "ingest",
            "web/tests/articles/more.jsonl",
            "--db",
            &db,
            "--no-progress",
        ],
    ] {
        let out = dyad(&args);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["serve", "--db", &db, "--addr", "127.0.0.1:0"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The server prints `listening on http://127.0.0.1:PORT` once bound.
    let (tx, rx) = std::sync::mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(i) = line.find("http://") {
                    let _ = tx.send(line[i..].split_whitespace().next().unwrap_or("").to_owned());
                }
            }
        });
    }
    let server = Server(child);
    let url = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("dyad serve printed no address");

    let shots = root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let out = Command::new("node")
        .arg("web/tests/workbench.mjs")
        .current_dir(root())
        .env("DYAD_URL", &url)
        .env("DYAD_SCREENSHOTS", &shots)
        .output()
        .unwrap();
    drop(server);
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{log}");
    assert!(out.status.success(), "browser test failed:\n{log}");
    let pngs = std::fs::read_dir(&shots)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "png"))
        .count();
    assert!(pngs >= 3, "expected screenshots in {}", shots.display());
}
