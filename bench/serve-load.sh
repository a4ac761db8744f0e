#!/usr/bin/env bash
# Bounded load test of `dyad serve` on loopback with wrk (Debian:
# `apt-get install -y wrk`): POST /v1/annotate (one article of about 880
# bytes, the first six paragraphs of examples/riyadh-talks.txt) and
# GET /v1/events?actor=RUS&limit=50, each for a fixed time with a fixed
# number of connections. Prints requests/s, p50/p99 latency and the error
# counts (connect/read/write/timeout and non-2xx), and exits non-zero when
# there was any error.
#
#   bash bench/serve-load.sh                 # builds target/release/dyad
#   DYAD_BIN=path/to/dyad DURATION=30s CONNS=16 bash bench/serve-load.sh
#   DYAD_DB=sqlite://big.db bash bench/serve-load.sh   # query a larger store
#
# Without DYAD_DB the server runs on its workbench database (the example
# article only), so the events figure measures the HTTP + pool + query
# path, not a large index; `cargo bench -p dyad-store --bench query`
# measures the store on a million events.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15s}
CONNS=${CONNS:-8}
THREADS=${THREADS:-2}

if ! command -v wrk >/dev/null; then
    echo "serve-load: wrk not found (apt-get install -y wrk)" >&2
    exit 2
fi
BIN=${DYAD_BIN:-}
if [ -z "$BIN" ]; then
    cargo build --release -p dyad-cli >&2
    BIN="${CARGO_TARGET_DIR:-target}/release/dyad"
fi

work=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

db_args=()
if [ -n "${DYAD_DB:-}" ]; then db_args=(--db "$DYAD_DB"); fi
"$BIN" serve --addr 127.0.0.1:0 "${db_args[@]}" 2>"$work/server.log" &
pid=$!
addr=""
for _ in $(seq 1 600); do
    addr=$(sed -n 's/^listening on http:\/\///p' "$work/server.log" | head -n1)
    [ -n "$addr" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
    sleep 0.1
done
if [ -z "$addr" ]; then echo "serve-load: server did not start" >&2; cat "$work/server.log" >&2; exit 1; fi
echo "server: http://$addr ($("$BIN" --version))"

# The report both scripts share: one RESULT line.
cat > "$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d (connect=%d read=%d write=%d timeout=%d non2xx=%d)\n",
    summary.requests, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout + e.status,
    e.connect, e.read, e.write, e.timeout, e.status))
end
LUA

# POST /v1/annotate: a JSON body built from the example (it has no `"` or
# `\`, so only the line breaks need escaping), read by the Lua script.
{
    printf '{"text": "'
    head -n 6 examples/riyadh-talks.txt | awk '{printf "%s\\n", $0}'
    printf '", "date": "2025-02-18", "title": "load test"}'
} >"$work/annotate.json"
cat >"$work/annotate.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open("$work/annotate.json", "rb"))
wrk.body = f:read("*a")
f:close()
LUA
cat "$work/report.lua" >>"$work/annotate.lua"
cp "$work/report.lua" "$work/events.lua"

status=0
run() {
    local name=$1 script=$2 path=$3
    # One warm-up request, checked.
    local code
    if [ "$name" = annotate ]; then
        code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
            --data-binary "@$work/annotate.json" "http://$addr$path" || true)
    else
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://$addr$path" || true)
    fi
    if [ "$code" != 200 ]; then
        echo "$name: warm-up answered $code" >&2
        status=1
    fi
    local out
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 10s -s "$script" "http://$addr$path")
    local result
    result=$(grep '^RESULT' <<<"$out" | sed 's/^RESULT //')
    echo "$name ($path, $CONNS connections, $DURATION): $result"
    if ! grep -q 'errors=0 ' <<<"$result"; then status=1; fi
}
run annotate "$work/annotate.lua" "/v1/annotate"
run events "$work/events.lua" "/v1/events?actor=RUS&limit=50"

kill -TERM "$pid"
wait "$pid" || { echo "serve-load: the server did not exit cleanly" >&2; status=1; }
pid=""
if grep -qi 'panic' "$work/server.log"; then
    echo "serve-load: the server log mentions a panic" >&2
    cat "$work/server.log" >&2
    status=1
fi
[ "$status" = 0 ] && echo "no errors" || echo "ERRORS: see above" >&2
exit "$status"
