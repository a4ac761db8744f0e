"""The Python API: analyze, analyze_batch, errors, threads."""

import threading

import pytest

import dyad


def test_analyze_gives_the_dyad_1_json(example_text):
    doc = dyad.analyze(example_text, date="2025-02-18", title="Riyadh talks", url="https://ex.org/riyadh")
    assert doc["schema"] == "dyad/1" == dyad.SCHEMA
    assert doc["meta"]["date"] == "2025-02-18"
    assert doc["meta"]["id"] == "https://ex.org/riyadh"
    assert doc["meta"]["title"] == "Riyadh talks"
    stages = [s["name"] for s in doc["meta"]["pipeline"]]
    assert stages == ["segment", "tag", "parse", "ner", "coref", "quotes", "actors", "events", "stances"]
    # Offsets are code points into doc["text"].
    text = doc["text"]
    for t in doc["tokens"]:
        assert text[t["start"]:t["end"]] == t["text"]
    lead = [e for e in doc["events"] if e["sentence"] == 0 and e["plover_event"] == "REJECT"]
    assert lead and lead[0]["code"] == "120"
    assert lead[0]["source"]["actor"]["country"] == "RUS"
    assert any(q["speaker"] and q["speaker"]["name"] == "Sergei Lavrov" for q in doc["quotes"])
    assert doc["stances"], "the stances stage ran"


def test_dates_are_checked_and_date_objects_accepted(example_text):
    import datetime

    a = dyad.analyze("Russia rejected the plan.", date=datetime.date(2025, 2, 18))
    assert a["meta"]["date"] == "2025-02-18"
    b = dyad.analyze("Russia rejected the plan.", date="2025-02-18 10:00:00")
    assert b["meta"]["date"] == "2025-02-18T10:00:00"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        dyad.analyze("Russia rejected the plan.", date="18/02/2025")
    with pytest.raises(TypeError):
        dyad.analyze("Russia rejected the plan.", date=20250218)


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda: dyad.analyze(""), ValueError),
        (lambda: dyad.analyze("   \n "), ValueError),
        (lambda: dyad.analyze(None), ValueError),
        (lambda: dyad.analyze(b"bytes"), TypeError),
        (lambda: dyad.analyze("x", title=3), TypeError),
        (lambda: dyad.analyze_batch("one string"), TypeError),
        (lambda: dyad.analyze_batch([1]), TypeError),
        (lambda: dyad.analyze_batch([{"title": "no text"}]), ValueError),
        (lambda: dyad.analyze_batch(["ok", ""]), ValueError),
        (lambda: dyad.analyze_batch(["ok"], errors="ignore"), ValueError),
        (lambda: dyad.Pipeline(coder="petrarch"), ValueError),
        (lambda: dyad.Pipeline(coder="nope"), ValueError),
        (lambda: dyad.Pipeline(issues="/nonexistent/issues.tsv"), ValueError),
    ],
)
def test_bad_input_raises_python_exceptions(call, exc):
    with pytest.raises(exc):
        call()


def test_batch_errors_name_the_item():
    with pytest.raises(ValueError, match="item 1"):
        dyad.analyze_batch(["Russia rejected the plan.", "  "])


def test_batch_keeps_order_and_matches_single_calls(articles):
    items = [{"id": i, "date": d, "text": t} for i, d, t in articles]
    docs = dyad.analyze_batch(items, threads=2)
    assert [d["meta"]["id"] for d in docs] == [i for i, _, _ in articles]
    for (i, d, t), doc in zip(articles, docs):
        single = dyad.analyze(t, date=d, id=i)
        assert single["events"] == doc["events"]
        assert single["quotes"] == doc["quotes"]
    # Strings, thread counts and the default pool agree.
    plain = dyad.analyze_batch([t for _, _, t in articles], threads=1)
    assert [len(d["events"]) for d in plain] == [len(d["events"]) for d in docs]


def test_skip_leaves_none_in_place():
    docs = dyad.analyze_batch(["Russia rejected the plan.", "", None, {"text": "x", "date": "bad"}], errors="skip")
    assert docs[0]["schema"] == "dyad/1"
    assert docs[1:] == [None, None, None]


def test_threads_share_one_pipeline(articles):
    texts = [t for _, _, t in articles]
    want = [len(d["events"]) for d in dyad.analyze_batch(texts)]
    got = {}

    def work(k):
        got[k] = [len(dyad.analyze(t)["events"]) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(v == want for v in got.values()) and len(got) == 3


def test_pipeline_objects(example_text):
    p = dyad.Pipeline()
    assert "stances" in repr(p)
    doc = dyad.analyze(example_text, date="2025-02-18", pipeline=p)
    assert doc["events"]
