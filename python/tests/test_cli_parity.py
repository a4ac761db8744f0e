"""The Python API runs the CLI's pipeline: same input (JSON Lines), same
events and quotes as `dyad analyze --format jsonl`. Needs the binary in
$DYAD_BIN (crates/dyad-cli/tests/python.rs sets it to the one cargo just
built; a stale target/release/dyad would compare with old code)."""

import json
import os
import subprocess

import pytest

import dyad


def _binary():
    p = os.environ.get("DYAD_BIN")
    return p if p and os.path.isfile(p) and os.access(p, os.X_OK) else None


def test_same_output_as_the_cli(tmp_path, articles):
    exe = _binary()
    if exe is None:
        pytest.skip("no dyad binary: set DYAD_BIN (cargo test -p dyad-cli --test python does)")
    path = tmp_path / "articles.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i, d, t in articles:
            f.write(json.dumps({"id": i, "date": d, "text": t}) + "\n")
    out = subprocess.run([exe, "analyze", str(path), "--format", "jsonl", "--no-progress"],
                         capture_output=True, text=True, check=True)
    cli = [json.loads(line) for line in out.stdout.splitlines()]
    py = dyad.analyze_batch([{"id": i, "date": d, "text": t} for i, d, t in articles])
    assert [d["meta"]["id"] for d in cli] == [d["meta"]["id"] for d in py]
    for c, p in zip(cli, py):
        assert c["text"] == p["text"]
        assert [s["name"] for s in c["meta"]["pipeline"]] == [s["name"] for s in p["meta"]["pipeline"]]
        for key in ("tokens", "entities", "quotes", "events", "stances", "negotiations"):
            assert c[key] == p[key], key
