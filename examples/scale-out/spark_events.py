"""Articles (id, date, text) to events and quotes Parquet with Apache Spark.

    python examples/scale-out/spark_events.py --out /tmp/dyad-spark [--input articles.jsonl] [--master local[2]]

The recipe (docs/python.md): `DataFrame.mapInArrow` hands each task Arrow
record batches of the article columns; `dyad.tables` turns each batch into
flat tables inside the Python worker (the pipeline is built once per worker
process). mapInArrow has one output schema, so events and quotes travel
together in one table with a `table` column (one analysis pass), which is
cached and then split into two DataFrames written as Parquet.

Without --input: the example article and three short ones. --input: JSON
Lines with `id` (or --id-field), `date`, `text`.
"""

import argparse
import os
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import common  # noqa: E402


def analyse(batches, text="text", date="date", id="id", threads=1):
    """The mapInArrow function: Arrow batches of articles in, batches of
    combined events+quotes rows out. Runs in Spark's Python workers."""
    import dyad

    schema = common.combined_schema()
    for batch in batches:
        tables = dyad.tables(batch, text=text, date=date, id=id, threads=threads, errors="skip")
        yield from common.combine(tables, schema).to_batches()


def run(spark, articles_df, out_dir, threads=1):
    """Write `out_dir`/events and `out_dir`/quotes (Parquet); return the
    row counts."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    import dyad

    schema = from_arrow_schema(common.combined_schema())
    rows = articles_df.select("id", "date", "text").mapInArrow(lambda it: analyse(it, threads=threads), schema)
    rows = rows.cache()
    counts = {}
    schemas = dyad.schemas()
    for kind in common.KINDS:
        df = rows.filter(F.col("table") == kind).select(*schemas[kind].names)
        df.write.mode("overwrite").parquet(str(pathlib.Path(out_dir) / kind))
        counts[kind] = df.count()
    rows.unpersist()
    return counts


def session(master="local[2]", app="dyad"):
    from pyspark.sql import SparkSession

    # The workers run this interpreter, where dyad is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Articles per Arrow batch handed to a worker.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .getOrCreate()
    )
    # The helpers the workers unpickle `analyse` with (this file too, for
    # when it is imported rather than run).
    for path in (common.__file__, __file__):
        spark.sparkContext.addPyFile(path)
    return spark


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", help="JSON Lines of articles (id, date, text)")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--out", required=True, help="output folder (events/, quotes/ Parquet)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1, help="dyad threads per Spark task")
    args = ap.parse_args(argv)
    rows = common.read_jsonl(args.input, args.id_field) if args.input else common.sample_articles()
    spark = session(args.master)
    try:
        df = spark.createDataFrame(rows, "id string, date string, text string").repartition(args.partitions)
        t = time.perf_counter()
        counts = run(spark, df, args.out, args.threads)
        secs = time.perf_counter() - t
    finally:
        spark.stop()
    print(f"{len(rows)} articles in {secs:.1f} s ({len(rows) / secs:.1f} articles/s): "
          + ", ".join(f"{v} {k}" for k, v in counts.items()) + f" -> {args.out}")


if __name__ == "__main__":
    main()
