"""Shared by the scale-out examples: the sample articles and the one-pass
"events + quotes" table that engines with one output schema need."""

import json
import pathlib

import pyarrow as pa

import dyad

ROOT = pathlib.Path(__file__).resolve().parents[2]

SHORT = [
    ("short-1", "2025-02-18", "Russia rejected the peace plan on Monday. The Kremlin said talks would continue."),
    ("short-2", "2025-02-18", "The United States agreed to hold talks with Ukraine in Riyadh next week."),
    ("short-3", "2024-06-01", "Protesters clashed with police in Paris, officials said."),
]


def sample_articles():
    """(id, date, text): the example article and three short ones."""
    text = (ROOT / "examples" / "riyadh-talks.txt").read_text(encoding="utf-8")
    return [("riyadh", "2025-02-18", text)] + SHORT


def read_jsonl(path, id_field="id"):
    """(id, date, text) rows of a JSON Lines file of articles (`id` or
    another id field, `date`, `text` or `maintext`); no id: the line number."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            a = json.loads(line)
            rows.append((str(a.get(id_field) or n), a.get("date"), a.get("text") or a.get("maintext")))
    return rows


def articles_table(rows):
    ids, dates, texts = zip(*rows) if rows else ((), (), ())
    return pa.table(
        {"id": pa.array(ids, pa.string()), "date": pa.array(dates, pa.string()), "text": pa.array(texts, pa.string())}
    )


#: The tables written by the examples.
KINDS = ("events", "quotes")


def combined_schema(kinds=KINDS):
    """One schema holding the rows of several flat tables: a `table` column
    naming the table, then the union of their columns (nullable)."""
    schemas = dyad.schemas()
    fields, seen = [pa.field("table", pa.string(), nullable=False)], {"table"}
    for k in kinds:
        for f in schemas[k]:
            if f.name not in seen:
                fields.append(f.with_nullable(True))
                seen.add(f.name)
    return pa.schema(fields)


def combine(tables, schema, kinds=KINDS):
    """`dyad.tables` output as one table of `schema` (see combined_schema)."""
    parts = []
    for k in kinds:
        t = tables[k]
        cols = []
        for f in schema:
            if f.name == "table":
                cols.append(pa.array([k] * t.num_rows, pa.string()))
            elif f.name in t.column_names:
                cols.append(t.column(f.name).cast(f.type))
            else:
                cols.append(pa.nulls(t.num_rows, f.type))
        parts.append(pa.Table.from_arrays(cols, schema=schema))
    return pa.concat_tables(parts)


def split(combined, kinds=KINDS):
    """Back from one combined table to {kind: table} with each table's own columns."""
    import pyarrow.compute as pc

    schemas = dyad.schemas()
    out = {}
    for k in kinds:
        t = combined.filter(pc.equal(combined.column("table"), k))
        out[k] = t.select(schemas[k].names)
    return out
