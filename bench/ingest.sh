#!/usr/bin/env bash
# End-to-end ingest throughput: read + full pipeline + store, on all cores.
#
#   bench/ingest.sh [ARTICLES.jsonl] [postgres://URL]
#
# ARTICLES.jsonl: PolNeAR-format news articles (default
# ../shared/eval/polnear/polnear_train.jsonl: 919 US political news
# articles, 699k words; used here for timing only). They are converted to
# dyad's JSON Lines input (id, title, date, text, source_domain), then
# ingested into a fresh SQLite file and, when a PostgreSQL URL is given (or
# DYAD_TEST_POSTGRES_URL is set), into a fresh schema of that database.
# Prints articles/s and words/s for each, and `dyad analyze` alone (no store)
# as the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."

SRC=${1:-../shared/eval/polnear/polnear_train.jsonl}
PG=${2:-${DYAD_TEST_POSTGRES_URL:-}}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release -q -p dyad-cli
DYAD=target/release/dyad

python3 - "$SRC" "$WORK/articles.jsonl" <<'EOF'
import json, sys
src, dst = sys.argv[1], sys.argv[2]
n = words = 0
with open(src) as f, open(dst, "w") as out:
    for line in f:
        d = json.loads(line)
        pub = d.get("publisher") or "unknown"
        out.write(json.dumps({
            "id": d.get("filename") or d.get("id") or str(n),
            "title": d.get("title"),
            "date": d.get("date"),
            "text": d["text"],
            "source_domain": pub if "." in pub else pub + ".com",
        }) + "\n")
        n += 1
        words += len(d["text"].split())
print(f"{n} articles, {words} words ({words / max(n, 1):.0f} per article), {open(src).read().count(chr(10))} lines", file=sys.stderr)
EOF
WORDS=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].split()) for l in open(sys.argv[1])))" "$WORK/articles.jsonl")

run() { # label, command...
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2> "$WORK/err"
    end=$(date +%s.%N)
    local stored own
    stored=$(grep -o '[0-9]* article(s) stored' "$WORK/err" | grep -o '^[0-9]*' || true)
    # The run's own rate: from the end of model loading to the last commit.
    own=$(grep -o '[0-9.]* articles/s$' "$WORK/err" | grep -o '^[0-9.]*' || true)
    python3 - "$label" "$start" "$end" "${stored:-}" "$WORDS" "${own:-}" <<'EOF'
import sys
label, start, end, stored, words, own = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6]
secs = end - start
extra = f"{int(stored) / secs:6.1f} articles/s stored ({stored})" if stored else ""
if stored and own:
    extra += f"; {float(own):.1f} after model loading"
print(f"{label:<28} {secs:6.2f} s  {words / secs / 1000:6.1f}k words/s  {extra}")
EOF
}

echo "cores: $(nproc)"
run "analyze (no store)" "$DYAD" analyze "$WORK/articles.jsonl" --format csv
run "ingest -> SQLite" "$DYAD" ingest "$WORK/articles.jsonl" --db "sqlite://$WORK/bench.db" --no-progress
run "re-ingest (all skipped)" "$DYAD" ingest "$WORK/articles.jsonl" --db "sqlite://$WORK/bench.db" --no-progress
if [ -n "$PG" ]; then
    SCHEMA="dyad_bench_$$"
    psql "$PG" -X -q -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA;"
    sep='?'; case "$PG" in *\?*) sep='&';; esac
    PGS="${PG}${sep}options=-csearch_path%3D${SCHEMA}"
    run "ingest -> PostgreSQL" "$DYAD" ingest "$WORK/articles.jsonl" --db "$PGS" --no-progress
    psql "$PG" -X -q -c "SET client_min_messages = warning; DROP SCHEMA $SCHEMA CASCADE;"
else
    echo "ingest -> PostgreSQL         skipped (give a postgres:// URL or set DYAD_TEST_POSTGRES_URL)"
fi
