"""The Spark, Dask and Ray examples in examples/scale-out, on the example
article and three short ones: their Parquet output must hold what the
Python API gives on the same input."""

import importlib
import pathlib
import shutil
import sys

import pytest

import dyad

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed (run .ci/setup-python.sh)")
import pyarrow.parquet as pq  # noqa: E402

SCALE_OUT = pathlib.Path(__file__).resolve().parents[2] / "examples" / "scale-out"
sys.path.insert(0, str(SCALE_OUT))
common = importlib.import_module("common")


@pytest.fixture(scope="module")
def expected():
    """Row counts of the Python API on the sample articles."""
    t = dyad.tables(common.articles_table(common.sample_articles()))
    return {k: t[k].num_rows for k in common.KINDS}


def check(out, counts, expected):
    assert counts == expected
    events = pq.read_table(str(out / "events"))
    quotes = pq.read_table(str(out / "quotes"))
    assert events.num_rows == expected["events"] and quotes.num_rows == expected["quotes"]
    code = events.schema.field("event_code").type  # codes stay strings
    assert pa.types.is_string(code) or pa.types.is_large_string(code)
    rows = events.to_pylist()
    lavrov = [
        e for e in rows
        if e["doc_id"] == "riyadh" and e["sentence"] == 0 and e["plover_event"] == "REJECT"
    ]
    assert lavrov, "the Lavrov REJECT event"
    assert lavrov[0]["event_code"] == "120" and lavrov[0]["source_country"] == "RUS"
    assert {e["doc_id"] for e in rows} >= {"riyadh", "short-1"}
    assert any(q["speaker"] == "Sergei Lavrov" for q in quotes.to_pylist())


def test_combined_rows_split_back(expected):
    t = dyad.tables(common.articles_table(common.sample_articles()))
    both = common.combine(t, common.combined_schema())
    back = common.split(both)
    for k in common.KINDS:
        assert back[k].num_rows == expected[k]
        assert back[k].to_pylist() == t[k].to_pylist()


def test_spark_map_in_arrow(tmp_path, expected):
    pytest.importorskip("pyspark", reason="pyspark is not installed (run .ci/setup-python.sh)")
    if shutil.which("java") is None:
        pytest.skip("no java on PATH: Spark needs a JRE (.ci/setup-python.sh installs openjdk-17-jre-headless)")
    spark_events = importlib.import_module("spark_events")
    spark = spark_events.session("local[2]")
    try:
        df = spark.createDataFrame(common.sample_articles(), "id string, date string, text string").repartition(2)
        counts = spark_events.run(spark, df, tmp_path)
    finally:
        spark.stop()
    check(tmp_path, counts, expected)


def test_dask_map_partitions(tmp_path, expected):
    dd = pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed (run .ci/setup-python.sh)")
    import pandas as pd

    dask_events = importlib.import_module("dask_events")
    pdf = pd.DataFrame(common.sample_articles(), columns=["id", "date", "text"])
    counts = dask_events.run(dd.from_pandas(pdf, npartitions=2), tmp_path)
    check(tmp_path, counts, expected)


def test_ray_map_batches(tmp_path, expected):
    ray = pytest.importorskip("ray", reason="ray[data] is not installed for this Python (run .ci/setup-python.sh)")
    pytest.importorskip("ray.data", reason="ray[data] is not installed (run .ci/setup-python.sh)")
    ray_events = importlib.import_module("ray_events")
    ray_events.init(2)
    try:
        ds = ray.data.from_arrow(common.articles_table(common.sample_articles()))
        counts = ray_events.run(ds, tmp_path, concurrency=2, threads=1)
    finally:
        ray.shutdown()
    check(tmp_path, counts, expected)
