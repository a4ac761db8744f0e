//! `dyad stances`: the stored stances as an actor × issue matrix (rows
//! actors, columns issues; `+0.80` support, `−0.90` oppose, `~0.60`
//! neutral, `·` no statement), or one row per cell as CSV / JSON Lines,
//! optionally with every cell's statements. The cells are the store's
//! (`Store::stance_matrix`, aggregated as `dyad_stances::positions` does).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufWriter, Write};

use anyhow::Context;
use dyad_store::{MatrixCell, StanceFilter, StanceMatrix, StanceRow};
use serde::Serialize;

use crate::cli::{QueryFormat, StancesArgs};
use crate::exit;

/// Widest an actor or holder column gets before it is cut with `…`.
const NAME: usize = 32;
/// Widest a statement gets in the evidence list.
const STATEMENT: usize = 160;

/// One statement behind a cell, as `--evidence` lists it (the shape of
/// `GET /v1/stances`' evidence).
#[derive(Debug, Serialize)]
struct Evidence<'a> {
    stance_id: i64,
    article_id: i64,
    doc_id: &'a str,
    date: Option<&'a str>,
    sentence: i64,
    sentence_text: Option<&'a str>,
    text: &'a str,
    start: i64,
    end: i64,
    polarity: &'a str,
    strength: f64,
    cues: &'a str,
}

impl<'a> Evidence<'a> {
    fn of(r: &'a StanceRow) -> Self {
        Self {
            stance_id: r.id,
            article_id: r.article_id,
            doc_id: &r.doc_id,
            date: r.date.as_deref(),
            sentence: r.sentence,
            sentence_text: r.sentence_text.as_deref(),
            text: &r.text,
            start: r.start,
            end: r.end,
            polarity: &r.polarity,
            strength: r.strength,
            cues: &r.evidence,
        }
    }
}

/// A cell as a CSV row (holders `;`-joined).
#[derive(Debug, Serialize)]
struct CsvCell<'a> {
    actor: &'a str,
    holders: String,
    issue: &'a str,
    label: &'a str,
    polarity: &'a str,
    strength: f64,
    statements: i64,
    articles: i64,
    n_support: i64,
    n_oppose: i64,
    n_neutral: i64,
    first_date: Option<&'a str>,
    last_date: Option<&'a str>,
}

/// A cell as a JSON line, with its statements when asked.
#[derive(Debug, Serialize)]
struct JsonCell<'a> {
    #[serde(flatten)]
    cell: &'a MatrixCell,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Vec<Evidence<'a>>>,
}

type Key = (String, String);

pub(crate) fn run(args: &StancesArgs) -> anyhow::Result<u8> {
    if args.evidence && args.format == QueryFormat::Csv {
        anyhow::bail!("--evidence lists statements with --format table or jsonl, not csv");
    }
    let url = args.db.db.as_str();
    let mut store = dyad_store::open(url).with_context(|| format!("cannot open store {url}"))?;
    let filter = StanceFilter {
        actor: args.actor.clone(),
        issues: args
            .issues
            .iter()
            .map(|i| i.trim().to_owned())
            .filter(|i| !i.is_empty())
            .collect(),
        from: args.from.clone(),
        to: args.to.clone(),
        ..StanceFilter::default()
    };
    // One pass over the stances: the matrix, and each cell's statements
    // when they are to be listed.
    let mut matrix = StanceMatrix::new();
    let mut statements: BTreeMap<Key, Vec<StanceRow>> = BTreeMap::new();
    store.for_each_stance(&filter, &mut |row| {
        matrix.add(&row);
        if args.evidence {
            statements
                .entry((row.issue_id.clone(), row.actor_key.clone()))
                .or_default()
                .push(row);
        }
        Ok(())
    })?;
    let cells = matrix.finish();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        QueryFormat::Jsonl => {
            for c in &cells {
                let evidence = args.evidence.then(|| {
                    statements
                        .get(&(c.issue.clone(), c.actor.clone()))
                        .map(|rows| rows.iter().map(Evidence::of).collect())
                        .unwrap_or_default()
                });
                serde_json::to_writer(&mut out, &JsonCell { cell: c, evidence })?;
                out.write_all(b"\n")?;
            }
        }
        QueryFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            for c in &cells {
                w.serialize(CsvCell {
                    actor: &c.actor,
                    holders: c.holders.join(";"),
                    issue: &c.issue,
                    label: &c.label,
                    polarity: &c.polarity,
                    strength: c.strength,
                    statements: c.statements,
                    articles: c.articles,
                    n_support: c.n_support,
                    n_oppose: c.n_oppose,
                    n_neutral: c.n_neutral,
                    first_date: c.first_date.as_deref(),
                    last_date: c.last_date.as_deref(),
                })?;
            }
            w.flush()?;
        }
        QueryFormat::Table => {
            if cells.is_empty() {
                eprintln!("dyad: no stored stance matches (ingest articles with `dyad ingest`)");
            } else {
                write_matrix(&mut out, &cells)?;
                if args.evidence {
                    write_evidence(&mut out, &cells, &statements)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(exit::OK)
}

/// `+0.80`, `−0.90`, `~0.60`.
fn mark(c: &MatrixCell) -> String {
    let sign = match c.polarity.as_str() {
        "support" => '+',
        "oppose" => '\u{2212}',
        _ => '~',
    };
    format!("{sign}{:.2}", c.strength)
}

/// Printable, on one line, at most `max` characters.
fn clip(s: &str, max: usize) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.chars().count() > max {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        s
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

fn write_matrix(out: &mut impl Write, cells: &[MatrixCell]) -> anyhow::Result<()> {
    // Issues in id order (with their labels), actors in key order.
    let issues: BTreeMap<&str, &str> = cells
        .iter()
        .map(|c| (c.issue.as_str(), c.label.as_str()))
        .collect();
    let actors: BTreeSet<&str> = cells.iter().map(|c| c.actor.as_str()).collect();
    let at: BTreeMap<(&str, &str), &MatrixCell> = cells
        .iter()
        .map(|c| ((c.actor.as_str(), c.issue.as_str()), c))
        .collect();
    let mut holders: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in cells {
        let h = holders.entry(c.actor.as_str()).or_default();
        for name in &c.holders {
            if !h.contains(&name.as_str()) && name != &c.actor {
                h.push(name);
            }
        }
    }
    let first = actors
        .iter()
        .map(|a| clip(a, NAME).chars().count())
        .max()
        .unwrap_or(0)
        .max("actor".len());
    let widths: Vec<usize> = issues.keys().map(|i| i.chars().count().max(5)).collect();
    let mut line = pad("actor", first);
    for (issue, w) in issues.keys().zip(&widths) {
        line.push_str("  ");
        line.push_str(&pad(issue, *w));
    }
    line.push_str("  holders");
    writeln!(out, "{}", line.trim_end())?;
    for actor in &actors {
        let mut line = pad(&clip(actor, NAME), first);
        for (issue, w) in issues.keys().zip(&widths) {
            line.push_str("  ");
            let v = at
                .get(&(*actor, *issue))
                .map_or_else(|| "·".to_owned(), |c| mark(c));
            line.push_str(&pad(&v, *w));
        }
        line.push_str("  ");
        line.push_str(&clip(
            &holders.get(actor).map(|h| h.join(", ")).unwrap_or_default(),
            NAME * 2,
        ));
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "+ support, \u{2212} oppose, ~ neutral, with the aggregated strength (0-1); · no statement"
    )?;
    for (id, label) in &issues {
        writeln!(out, "{id}: {}", clip(label, 80))?;
    }
    Ok(())
}

fn write_evidence(
    out: &mut impl Write,
    cells: &[MatrixCell],
    statements: &BTreeMap<Key, Vec<StanceRow>>,
) -> anyhow::Result<()> {
    for c in cells {
        writeln!(out)?;
        writeln!(
            out,
            "{} × {}: {} {:.2} ({} statement(s) in {} article(s); {})",
            clip(&c.actor, NAME),
            c.issue,
            c.polarity,
            c.strength,
            c.statements,
            c.articles,
            clip(&c.holders.join(", "), NAME * 2)
        )?;
        let rows = statements
            .get(&(c.issue.clone(), c.actor.clone()))
            .map_or(&[][..], Vec::as_slice);
        for r in rows {
            writeln!(
                out,
                "  {}  {}  sentence {}  {} {:.2}  cues: {}",
                r.date.as_deref().unwrap_or("????-??-??"),
                clip(&r.doc_id, NAME),
                r.sentence,
                r.polarity,
                r.strength,
                clip(&r.evidence, NAME * 2)
            )?;
            writeln!(out, "    \u{201c}{}\u{201d}", clip(&r.text, STATEMENT))?;
            if let Some(sent) = r.sentence_text.as_deref().filter(|t| *t != r.text) {
                writeln!(out, "    in: {}", clip(sent, STATEMENT))?;
            }
        }
    }
    Ok(())
}
