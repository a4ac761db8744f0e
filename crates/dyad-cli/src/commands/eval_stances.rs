//! `dyad eval-stances`: run the full pipeline on each gold text and score
//! the actor x issue cells and excluded parties (`dyad_stances::eval`).

use std::path::Path;

use anyhow::Context;
use dyad_core::{Document, Meta};

use crate::commands::analyze::pipeline;
use crate::exit;

pub(crate) fn run(gold: &Path, json: bool, errors: bool) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(gold)
        .with_context(|| format!("cannot read gold file {}", gold.display()))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: dyad_stances::eval::GoldDoc = serde_json::from_str(line)
            .with_context(|| format!("{}, line {}", gold.display(), n + 1))?;
        rows.push(row);
    }
    let pipeline = pipeline()?;
    let docs: Vec<Document> = rows
        .iter()
        .map(|g| {
            let meta = Meta {
                id: g.id.clone(),
                title: g.title.clone(),
                date: g.date.clone(),
                ..Meta::default()
            };
            let mut doc = Document::new(meta, g.text.clone())?;
            pipeline.run(&mut doc);
            if let Some(f) = &doc.failure {
                // Scored with the layers made before the failure.
                eprintln!("dyad: a stage failed on {}: {f}", doc.meta.id);
            }
            Ok(doc)
        })
        .collect::<anyhow::Result<_>>()?;
    let report = dyad_stances::eval::score(&rows, &docs);
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{report}")?;
        if errors {
            for e in &report.errors {
                writeln!(out, "  {e}")?;
            }
        }
    }
    Ok(exit::OK)
}
