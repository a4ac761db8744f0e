"""Articles (id, date, text) to events and quotes Parquet with Dask.

    python examples/scale-out/dask_events.py --out /tmp/dyad-dask [--input articles.jsonl]

`DataFrame.map_partitions` hands each partition (a pandas DataFrame) to
`dyad.tables`; events and quotes travel in one combined frame (one analysis
pass), persisted, then split and written as Parquet. Dask's default
scheduler for DataFrames is threads: dyad releases the GIL, so partitions
are analysed in parallel in one process with one shared pipeline.
"""

import argparse
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import common  # noqa: E402


def analyse_partition(pdf, threads=None):
    """map_partitions function: a pandas frame of articles in, a pandas
    frame of combined events+quotes rows out."""
    import dyad

    schema = common.combined_schema()
    if len(pdf) == 0:
        return schema.empty_table().to_pandas()
    tables = dyad.tables(pdf[["id", "date", "text"]], threads=threads, errors="skip")
    return common.combine(tables, schema).to_pandas()


def run(ddf, out_dir, threads=None):
    """Write `out_dir`/events and `out_dir`/quotes; return the row counts."""
    import dyad

    meta = common.combined_schema().empty_table().to_pandas()
    rows = ddf.map_partitions(analyse_partition, threads=threads, meta=meta).persist()
    schemas = dyad.schemas()
    counts = {}
    for kind in common.KINDS:
        df = rows[rows["table"] == kind][schemas[kind].names]
        df.to_parquet(str(pathlib.Path(out_dir) / kind), write_index=False)
        counts[kind] = int(df.shape[0].compute())
    return counts


def main(argv=None):
    import dask.dataframe as dd
    import pandas as pd

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", help="JSON Lines of articles (id, date, text)")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--out", required=True)
    ap.add_argument("--partitions", type=int, default=2)
    args = ap.parse_args(argv)
    rows = common.read_jsonl(args.input, args.id_field) if args.input else common.sample_articles()
    pdf = pd.DataFrame(rows, columns=["id", "date", "text"])
    ddf = dd.from_pandas(pdf, npartitions=args.partitions)
    t = time.perf_counter()
    counts = run(ddf, args.out)
    secs = time.perf_counter() - t
    print(f"{len(rows)} articles in {secs:.1f} s ({len(rows) / secs:.1f} articles/s): "
          + ", ".join(f"{v} {k}" for k, v in counts.items()) + f" -> {args.out}")


if __name__ == "__main__":
    main()
