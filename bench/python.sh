#!/usr/bin/env bash
# Articles/s of the Python binding vs the CLI and Spark local[2]
# (bench/python.py). Builds the CLI (release) and the Python venv
# (.ci/setup-python.sh) when missing, then runs the bench:
#
#     bash bench/python.sh [ARTICLES.jsonl] [--limit N] [--no-spark]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
if ! [ -x "$target/release/dyad" ]; then
    cargo build --release -p dyad-cli
fi
if [ -z "${DYAD_PYTHON:-}" ]; then
    eval "$(bash .ci/setup-python.sh)"
fi
exec "$DYAD_PYTHON" bench/python.py --dyad "$target/release/dyad" "$@"
