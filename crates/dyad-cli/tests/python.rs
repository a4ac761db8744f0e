//! The Python package's test suite (`python/tests`: the `dyad` module's
//! API, the Arrow tables, the Spark, Dask and Ray examples, and parity with
//! this binary's output), run with the interpreter `.ci/setup-python.sh`
//! prepared: `$DYAD_PYTHON`, else `target/py-venv/bin/python` when `dyad`
//! imports there. Without either the test says it is skipped.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::root;

/// The interpreter with `dyad` installed, if any.
fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DYAD_PYTHON").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let venv = root().join("target/py-venv/bin/python");
    let ok = venv.exists()
        && Command::new(&venv)
            .args(["-c", "import dyad"])
            .current_dir(std::env::temp_dir())
            .output()
            .is_ok_and(|o| o.status.success());
    ok.then_some(venv)
}

#[test]
fn python_package_tests() {
    let Some(python) = python() else {
        eprintln!("skipping Python tests: run .ci/setup-python.sh");
        return;
    };
    let out = Command::new(&python)
        .args([
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "python/tests",
        ])
        .current_dir(root())
        // The parity test compares with this binary.
        .env("DYAD_BIN", env!("CARGO_BIN_EXE_dyad"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}\n{stderr}");
    assert!(
        out.status.success(),
        "python -m pytest python/tests failed ({}):\n{stdout}\n{stderr}",
        python.display()
    );
    assert!(stdout.contains(" passed"), "pytest ran no test:\n{stdout}");
}
