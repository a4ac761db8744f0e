"""dyad.tables: Arrow in, flat Arrow tables out."""

import pytest

import dyad

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed (run .ci/setup-python.sh)")


def _input(articles):
    ids, dates, texts = zip(*articles)
    return pa.table({"id": list(ids), "date": list(dates), "text": list(texts)})


def test_tables_match_the_json(articles):
    t = dyad.tables(_input(articles))
    assert set(t) == {"events", "quotes", "entities", "stances"}
    docs = dyad.analyze_batch([{"id": i, "date": d, "text": x} for i, d, x in articles])
    assert t["events"].num_rows == sum(len(d["events"]) for d in docs)
    assert t["quotes"].num_rows == sum(len(d["quotes"]) for d in docs)
    assert t["entities"].num_rows == sum(len(d["entities"]) for d in docs)
    assert t["stances"].num_rows == sum(len(d["stances"]) for d in docs)
    ev = t["events"].to_pylist()
    # Codes are strings, offsets code points, rows carry the article id.
    assert all(isinstance(e["event_code"], str) for e in ev)
    lavrov = [e for e in ev if e["doc_id"] == "riyadh" and e["sentence"] == 0 and e["plover_event"] == "REJECT"]
    assert lavrov and lavrov[0]["event_code"] == "120" and lavrov[0]["source_country"] == "RUS"
    text = {d["meta"]["id"]: d["text"] for d in docs}
    for e in ev:
        assert text[e["doc_id"]][e["trigger_start"]:e["trigger_end"]] == e["trigger"]
    for q in t["quotes"].to_pylist():
        assert text[q["doc_id"]][q["start"]:q["end"]] == q["text"]
    assert t["events"].schema.field("event_code").type == pa.string()
    assert t["events"].schema.field("trigger_start").type == pa.int64()


def test_schemas_and_empty_input():
    s = dyad.schemas()
    t = dyad.tables(pa.table({"text": pa.array([], pa.string())}))
    for name in dyad.TABLES:
        assert t[name].num_rows == 0
        assert t[name].schema == s[name]


def test_record_batches_capsules_pandas_and_renamed_columns(articles):
    table = _input(articles)
    want = dyad.tables(table)["events"].num_rows
    batch = table.to_batches()[0]
    assert dyad.tables(batch)["events"].num_rows == want
    renamed = table.rename_columns(["article", "day", "body"])
    got = dyad.tables(renamed, text="body", date="day", id="article")["events"]
    assert got.num_rows == want and set(got.column("doc_id").to_pylist()) <= {"riyadh", "short-1", "short-2", "short-3"}

    class Capsule:  # any object speaking the Arrow PyCapsule interface
        def __arrow_c_stream__(self, requested_schema=None):
            return table.__arrow_c_stream__(requested_schema)

    assert dyad.tables(Capsule())["events"].num_rows == want
    pd = pytest.importorskip("pandas")
    assert dyad.tables(table.to_pandas())["events"].num_rows == want


def test_missing_columns_and_bad_rows():
    with pytest.raises(ValueError, match="text column"):
        dyad.tables(pa.table({"body": ["x"]}))
    with pytest.raises(ValueError, match="date column"):
        dyad.tables(pa.table({"text": ["x"]}), date="day")
    bad = pa.table({"id": ["a", "b", "c"], "text": ["Russia rejected the plan.", None, ""]})
    with pytest.raises(ValueError):
        dyad.tables(bad)
    t = dyad.tables(bad, errors="skip")
    assert set(t["entities"].column("doc_id").to_pylist()) == {"a"}
    # Date columns of type date32 work too.
    import datetime

    d = pa.table({"text": ["Sergei Lavrov met Marco Rubio."], "date": pa.array([datetime.date(2025, 2, 18)])})
    ents = dyad.tables(d)["entities"].to_pylist()
    assert any(e["actor_code"] == "RUSGOV" for e in ents)
