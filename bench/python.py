"""Articles/s of the Python binding vs the CLI, and of Spark local[2].

    bash bench/python.sh [ARTICLES.jsonl] [--limit N]   # builds what it needs
    python bench/python.py [ARTICLES.jsonl] [--dyad target/release/dyad] [--limit N] [--no-spark]

Input: JSON Lines of news articles; default: PolNeAR's train split
(../shared/eval/polnear/polnear_train.jsonl: filename, date, title, text),
used for timing only. The articles are rewritten as (id, date, title, text)
JSON Lines, then timed:

  cli           target/release/dyad analyze FILE --format jsonl > /dev/null
  analyze_batch dyad.analyze_batch(dicts) -> list of dyad/1 dicts
  tables        dyad.tables(arrow table) -> events/quotes/entities/stances
  spark         examples/scale-out/spark_events.py in local[2] (Parquet out;
                session start-up not counted)

All on every core (2 here). The first three differ by the binding's
overhead (JSON to Python objects, Arrow), the last by Spark's.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "polnear" / "polnear_train.jsonl"


def load(path, limit):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            a = json.loads(line)
            text = a.get("text") or a.get("maintext")
            if not text or not text.strip():
                continue
            rows.append({
                "id": str(a.get("id") or a.get("filename") or n),
                "date": a.get("date") or a.get("date_publish"),
                "title": a.get("title"),
                "text": text,
            })
            if limit and len(rows) >= limit:
                break
    return rows


def timed(label, n, mb, f, results):
    t = time.perf_counter()
    out = f()
    s = time.perf_counter() - t
    results.append((label, s, n / s, mb / s))
    print(f"{label:14} {s:8.1f} s {n / s:9.1f} articles/s {mb / s:7.2f} MB/s", flush=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", nargs="?", default=str(DEFAULT))
    ap.add_argument("--dyad", default=str(ROOT / "target" / "release" / "dyad"))
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()

    import pyarrow as pa

    import dyad

    rows = load(args.input, args.limit)
    n = len(rows)
    mb = sum(len(r["text"].encode()) for r in rows) / 1e6
    print(f"{n} articles, {mb:.1f} MB of text from {args.input}; {os.cpu_count()} cores", flush=True)
    tmp = tempfile.mkdtemp(prefix="dyad-bench-")
    path = os.path.join(tmp, "articles.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    dyad.analyze("Warm-up: Russia rejected the plan.")  # builds the pipeline, loads models
    results = []
    counts = {}
    if os.path.exists(args.dyad):
        def cli():
            with open(os.devnull, "w") as null:
                subprocess.run([args.dyad, "analyze", path, "--format", "jsonl", "--no-progress"],
                               stdout=null, check=True)
        timed("cli", n, mb, cli, results)
    else:
        print(f"no CLI binary at {args.dyad}: cargo build --release", flush=True)
    docs = timed("analyze_batch", n, mb, lambda: dyad.analyze_batch(rows), results)
    counts["events"] = sum(len(d["events"]) for d in docs)
    del docs
    table = pa.table({k: [r[k] for r in rows] for k in ("id", "date", "text")})
    t = timed("tables", n, mb, lambda: dyad.tables(table), results)
    assert t["events"].num_rows == counts["events"], (t["events"].num_rows, counts)
    if not args.no_spark:
        try:
            sys.path.insert(0, str(ROOT / "examples" / "scale-out"))
            import spark_events

            spark = spark_events.session("local[2]")
            spark.sparkContext.setLogLevel("ERROR")
            try:
                df = spark.createDataFrame([(r["id"], r["date"], r["text"]) for r in rows],
                                           "id string, date string, text string").repartition(2).cache()
                df.count()
                out = os.path.join(tmp, "spark")
                c = timed("spark local[2]", n, mb, lambda: spark_events.run(spark, df, out), results)
                assert c["events"] == counts["events"], (c, counts)
            finally:
                spark.stop()
        except ImportError as e:
            print(f"no Spark: {e}", flush=True)
    print(f"\n{counts['events']} events. Relative to the CLI:" if results and results[0][0] == "cli" else "")
    if results and results[0][0] == "cli":
        base = results[0][2]
        for label, _, rate, _ in results:
            print(f"  {label:14} {rate / base:6.2f}x")


if __name__ == "__main__":
    main()
