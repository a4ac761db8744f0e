//! `dyad query`: list stored events, quotes, articles, actors or sentences
//! with filters, as a table, JSON Lines or CSV.

use std::io::{self, BufWriter, Write};

use anyhow::Context;
use dyad_store::{ActorFilter, ArticleFilter, EventFilter, QuoteFilter, SentenceFilter};
use serde::Serialize;

use crate::cli::{FilterArgs, QueryArgs, QueryFormat, QueryTable};
use crate::exit;

/// The event filter the command line asks for.
pub(crate) fn event_filter(f: &FilterArgs) -> anyhow::Result<EventFilter> {
    let (mut source, mut target) = (f.source.clone(), f.target.clone());
    if let Some(d) = &f.dyad {
        let (s, t) = d
            .split_once(',')
            .with_context(|| format!("--dyad wants SOURCE,TARGET, got {d:?}"))?;
        let side = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
        source = side(s).or(source);
        target = side(t).or(target);
    }
    Ok(EventFilter {
        actor: f.actor.clone(),
        source,
        target,
        either_order: f.either_order,
        code: f.code.clone(),
        root: f.root.clone(),
        quad_class: f.quad,
        plover: f.plover.clone(),
        modality: f.modality.clone(),
        from: f.from.clone(),
        to: f.to.clone(),
        ..EventFilter::default()
    })
}

/// The quote filter the command line asks for.
pub(crate) fn quote_filter(f: &FilterArgs) -> QuoteFilter {
    QuoteFilter {
        speaker: f.speaker.clone(),
        text: f.text.clone(),
        kind: f.kind.clone(),
        from: f.from.clone(),
        to: f.to.clone(),
        ..QuoteFilter::default()
    }
}

/// Refuse filters that do not apply to `table`, naming them.
pub(crate) fn check_filters(table: &str, f: &FilterArgs, allowed: &[&str]) -> anyhow::Result<()> {
    let set: [(&str, bool); 15] = [
        ("--actor", f.actor.is_some()),
        ("--dyad", f.dyad.is_some()),
        ("--source", f.source.is_some()),
        ("--target", f.target.is_some()),
        ("--either-order", f.either_order),
        ("--code", f.code.is_some()),
        ("--root", f.root.is_some()),
        ("--quad", f.quad.is_some()),
        ("--plover", f.plover.is_some()),
        ("--modality", f.modality.is_some()),
        ("--from", f.from.is_some()),
        ("--to", f.to.is_some()),
        ("--speaker", f.speaker.is_some()),
        ("--text", f.text.is_some()),
        ("--kind", f.kind.is_some()),
    ];
    let bad: Vec<&str> = set
        .iter()
        .filter(|(name, on)| *on && !allowed.contains(name))
        .map(|(name, _)| *name)
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{} do(es) not apply to {table}; {table} take {}",
            bad.join(", "),
            allowed.join(", ")
        )
    }
}

/// Filters each table takes.
pub(crate) const EVENT_FILTERS: &[&str] = &[
    "--actor",
    "--dyad",
    "--source",
    "--target",
    "--either-order",
    "--code",
    "--root",
    "--quad",
    "--plover",
    "--modality",
    "--from",
    "--to",
];
pub(crate) const QUOTE_FILTERS: &[&str] = &["--speaker", "--text", "--kind", "--from", "--to"];

pub(crate) fn run(args: &QueryArgs) -> anyhow::Result<u8> {
    let url = args.db.db.as_str();
    let mut store = dyad_store::open(url).with_context(|| format!("cannot open store {url}"))?;
    let limit = (args.limit > 0).then_some(args.limit);
    let f = &args.filter;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let next = match args.table {
        QueryTable::Events => {
            check_filters("events", f, EVENT_FILTERS)?;
            let filter = EventFilter {
                limit,
                after: args.after,
                ..event_filter(f)?
            };
            let page = store.events(&filter)?;
            let cols = [
                "id",
                "date",
                "source_code",
                "source_name",
                "code",
                "plover_event",
                "target_code",
                "target_name",
                "num_articles",
                "num_sources",
                "num_mentions",
                "trigger",
                "sentence_text",
            ];
            print_rows(&mut out, args.format, &page.rows, &cols)?;
            page.next
        }
        QueryTable::Quotes => {
            check_filters("quotes", f, QUOTE_FILTERS)?;
            let filter = QuoteFilter {
                limit,
                after: args.after,
                ..quote_filter(f)
            };
            let page = store.quotes(&filter)?;
            let cols = [
                "id",
                "date",
                "speaker_name",
                "speaker_code",
                "cue",
                "kind",
                "text",
            ];
            print_rows(&mut out, args.format, &page.rows, &cols)?;
            page.next
        }
        QueryTable::Articles => {
            check_filters("articles", f, &["--from", "--to"])?;
            let filter = ArticleFilter {
                from: f.from.clone(),
                to: f.to.clone(),
                limit,
                after: args.after,
                ..ArticleFilter::default()
            };
            let page = store.articles(&filter)?;
            let cols = [
                "id",
                "doc_id",
                "day",
                "outlet",
                "title",
                "num_sentences",
                "num_quotes",
                "num_events",
            ];
            print_rows(&mut out, args.format, &page.rows, &cols)?;
            page.next
        }
        QueryTable::Sentences => {
            check_filters("sentences", f, &["--text"])?;
            let filter = SentenceFilter {
                text: f.text.clone(),
                limit,
                after: args.after,
                ..SentenceFilter::default()
            };
            let page = store.sentences(&filter)?;
            let cols = ["id", "doc_id", "index", "text"];
            print_rows(&mut out, args.format, &page.rows, &cols)?;
            page.next
        }
        QueryTable::Actors => {
            check_filters("actors", f, &["--actor"])?;
            let filter = ActorFilter {
                prefix: f.actor.clone(),
                limit,
                after: None,
            };
            let rows = store.actors(&filter)?;
            let cols = [
                "code",
                "name",
                "entities",
                "events_as_source",
                "events_as_target",
            ];
            print_rows(&mut out, args.format, &rows, &cols)?;
            None
        }
    };
    out.flush()?;
    if let Some(next) = next {
        eprintln!("dyad: more rows: add --after {next}");
    }
    Ok(exit::OK)
}

/// Print rows as a table (the given columns), JSON Lines or CSV (every
/// field).
fn print_rows<T: Serialize>(
    out: &mut impl Write,
    format: QueryFormat,
    rows: &[T],
    cols: &[&str],
) -> anyhow::Result<()> {
    match format {
        QueryFormat::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *out, r)?;
                out.write_all(b"\n")?;
            }
        }
        QueryFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            for r in rows {
                w.serialize(r)?;
            }
            w.flush()?;
        }
        QueryFormat::Table => write_table(out, rows, cols)?,
    }
    Ok(())
}

/// Widest a table cell gets before it is cut with `…`.
const CELL: usize = 48;

fn cell(v: Option<&serde_json::Value>) -> String {
    let s = match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.chars().count() > CELL {
        let mut t: String = s.chars().take(CELL - 1).collect();
        t.push('…');
        t
    } else {
        s
    }
}

fn write_table<T: Serialize>(
    out: &mut impl Write,
    rows: &[T],
    cols: &[&str],
) -> anyhow::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let v = serde_json::to_value(r).unwrap_or_default();
            cols.iter().map(|c| cell(v.get(*c))).collect()
        })
        .collect();
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .chain([c.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, vals: &[&str]| -> io::Result<()> {
        let mut s = String::new();
        for (i, v) in vals.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(v);
            if i + 1 < vals.len() {
                s.extend(std::iter::repeat_n(' ', widths[i] - v.chars().count()));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, cols)?;
    for r in &cells {
        let vals: Vec<&str> = r.iter().map(String::as_str).collect();
        line(out, &vals)?;
    }
    if rows.is_empty() {
        writeln!(out, "(no rows)")?;
    }
    Ok(())
}
