"""dyad: news articles to quotes, actors, CAMEO/PLOVER events and stances.

The engine is Rust (the native module ``dyad._dyad``, models embedded);
this package is a thin wrapper. See docs/python.md.

    >>> import dyad
    >>> doc = dyad.analyze(text, date="2025-02-18")        # the dyad/1 JSON as a dict
    >>> docs = dyad.analyze_batch([text1, {"text": text2, "date": "2025-02-18"}])
    >>> t = dyad.tables(arrow_table)                        # {"events": pa.Table, ...}

The default pipeline is built once per process and shared by all threads;
batches run in parallel inside Rust with the GIL released.
"""

from ._dyad import SCHEMA, Pipeline, __version__, schemas_ipc as _schemas_ipc

__all__ = [
    "SCHEMA",
    "TABLES",
    "Pipeline",
    "__version__",
    "analyze",
    "analyze_batch",
    "schemas",
    "tables",
]

#: The flat tables `tables` returns, in order.
TABLES = ("events", "quotes", "entities", "stances")

_default = None


def _pipeline(pipeline=None):
    global _default
    if pipeline is not None:
        return pipeline
    if _default is None:
        _default = Pipeline()
    return _default


def analyze(text, date=None, title=None, url=None, id=None, *, pipeline=None):
    """Analyse one article; return its dyad/1 JSON as a dict.

    ``date`` is ``YYYY-MM-DD`` (optionally followed by a time) or a
    ``datetime.date``; actors are resolved for that day. ``id`` defaults to
    the URL, else ``text-`` and a hash of the text. The text is trimmed and
    its line ends normalised (as the JSON Lines reader does); offsets are
    code points into ``doc["text"]``. Raises ``ValueError`` for an empty
    text or a bad date, ``TypeError`` for a non-str text.
    """
    return _pipeline(pipeline).analyze(text, date=date, title=title, url=url, id=id)


def analyze_batch(texts_or_dicts, threads=None, *, errors="raise", pipeline=None):
    """Analyse many articles in parallel; return their dyad/1 dicts in order.

    Each item is a str (the text) or a dict (any mapping) with the JSON
    Lines reader's field names: ``text`` (or ``maintext``), ``id``,
    ``date`` (or ``date_publish``, ``publish_date``, ``published``),
    ``title``, ``url``, ``source`` (or ``source_domain``), ``language``,
    ``authors``. ``threads``: threads to use (default: one per core).
    ``errors="skip"`` puts ``None`` in place of an article that cannot be
    analysed (empty text, bad date, wrong type) instead of raising.
    """
    return _pipeline(pipeline).analyze_batch(texts_or_dicts, threads=threads, errors=errors)


def _arrow():
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("dyad.tables needs pyarrow: pip install pyarrow") from e
    return pyarrow


def _read(pa, streams):
    return {name: pa.ipc.open_stream(streams[name]).read_all() for name in TABLES}


def schemas():
    """The pyarrow schemas of the flat tables (``events``, ``quotes``,
    ``entities``, ``stances``)."""
    pa = _arrow()
    return {name: t.schema for name, t in _read(pa, _schemas_ipc()).items()}


def _as_table(pa, data):
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        # The Arrow PyCapsule interface (polars, DuckDB, pandas >= 2.2, ...).
        return pa.table(data)
    try:
        import pandas
    except ImportError:
        pandas = None
    if pandas is not None and isinstance(data, pandas.DataFrame):
        return pa.Table.from_pandas(data, preserve_index=False)
    if isinstance(data, dict):
        return pa.table(data)
    raise TypeError(
        "tables() takes a pyarrow Table or RecordBatch (or anything with "
        f"__arrow_c_stream__, a pandas DataFrame, a dict of columns), got {type(data).__name__}"
    )


def _column(table, name, default, what, required=False):
    if name is None:
        return None
    if name in table.column_names:
        return table.column(name).to_pylist()
    if required or name != default:
        raise ValueError(f"no {what} column {name!r}; columns: {table.column_names}")
    return None


def tables(batch_or_table, text="text", date="date", id="id", threads=None, *, errors="raise", pipeline=None):
    """Analyse a column of texts; return flat pyarrow tables.

    ``batch_or_table``: a pyarrow Table or RecordBatch, or anything that
    speaks the Arrow PyCapsule interface, a pandas DataFrame or a dict of
    columns. ``text``, ``date``, ``id`` name its columns (``date`` and
    ``id`` may be absent, or ``None`` to ignore them).

    Returns ``{"events", "quotes", "entities", "stances"}``: one row per
    event/quote/entity/stance with the article's id in ``doc_id``; codes
    are strings, offsets code points. Columns: ``schemas()`` and
    docs/python.md. ``errors="skip"`` leaves out (no rows) articles that
    cannot be analysed (null or empty text, bad date) instead of raising.
    """
    pa = _arrow()
    table = _as_table(pa, batch_or_table)
    texts = _column(table, text, "text", "text", required=True)
    ids = _column(table, id, "id", "id")
    if ids is not None:
        ids = [None if v is None else (v if isinstance(v, (str, int)) else str(v)) for v in ids]
    dates = _column(table, date, "date", "date")
    streams = _pipeline(pipeline).tables_ipc(texts, ids=ids, dates=dates, threads=threads, errors=errors)
    return _read(pa, streams)
