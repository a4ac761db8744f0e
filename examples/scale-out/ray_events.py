"""Articles (id, date, text) to events and quotes Parquet with Ray Data.

    python examples/scale-out/ray_events.py --out /tmp/dyad-ray [--input articles.jsonl]

`Dataset.map_batches` with a callable class: each actor builds (holds) a
`dyad.Pipeline` once and turns Arrow batches of articles into combined
events+quotes rows (one analysis pass); the result is materialised, then
split and written as Parquet.
"""

import argparse
import functools
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import common  # noqa: E402


class DyadTables:
    """Holds the pipeline; called with pyarrow Tables of articles."""

    def __init__(self, threads=None):
        import dyad

        self.pipeline = dyad.Pipeline()  # models load once per actor process
        self.schema = common.combined_schema()
        self.threads = threads

    def __call__(self, batch):
        import dyad

        tables = dyad.tables(batch, threads=self.threads, errors="skip", pipeline=self.pipeline)
        return common.combine(tables, self.schema)


def _pick(batch, kind, names):
    import pyarrow.compute as pc

    return batch.filter(pc.equal(batch.column("table"), kind)).select(names)


def init(num_cpus=2):
    import ray
    from ray import cloudpickle  # Ray's own copy

    # Ship the helpers with the pickled functions (workers need not find
    # this folder on their path).
    cloudpickle.register_pickle_by_value(common)
    if __name__ != "__main__":
        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    if not ray.is_initialized():
        ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)


def run(ds, out_dir, concurrency=2, threads=None, batch_size=16):
    """Write `out_dir`/events and `out_dir`/quotes; return the row counts."""
    import dyad

    rows = ds.map_batches(
        DyadTables,
        fn_constructor_kwargs={"threads": threads},
        batch_format="pyarrow",
        batch_size=batch_size,
        concurrency=concurrency,
    ).materialize()
    schemas = dyad.schemas()
    counts = {}
    for kind in common.KINDS:
        part = rows.map_batches(
            functools.partial(_pick, kind=kind, names=schemas[kind].names), batch_format="pyarrow"
        ).materialize()
        part.write_parquet(str(pathlib.Path(out_dir) / kind))
        counts[kind] = part.count()
    return counts


def main(argv=None):
    import ray

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", help="JSON Lines of articles (id, date, text)")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cpus", type=int, default=2)
    args = ap.parse_args(argv)
    rows = common.read_jsonl(args.input, args.id_field) if args.input else common.sample_articles()
    init(args.cpus)
    try:
        ds = ray.data.from_arrow(common.articles_table(rows))
        t = time.perf_counter()
        counts = run(ds, args.out, concurrency=args.cpus, threads=1)
        secs = time.perf_counter() - t
    finally:
        ray.shutdown()
    print(f"{len(rows)} articles in {secs:.1f} s ({len(rows) / secs:.1f} articles/s): "
          + ", ".join(f"{v} {k}" for k, v in counts.items()) + f" -> {args.out}")


if __name__ == "__main__":
    main()
