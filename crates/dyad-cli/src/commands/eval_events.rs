//! `dyad eval-events`: PETRARCH conformance, PETRARCH-2 GSR sentences and
//! the NGEC actor-resolution cases.

use std::io::Write;

use anyhow::Context;
use dyad_core::{Document, Meta, Pipeline};

use crate::cli::{EvalEventsArgs, EventSuite, StageName};
use crate::commands::analyze::{EventOptions, pipeline_until};
use crate::exit;

fn analyse(pipeline: &Pipeline, text: &str, date: Option<&str>) -> Document {
    let meta = Meta {
        date: date.map(str::to_owned),
        ..Meta::with_id("eval")
    };
    match Document::new(meta, text.to_owned()) {
        Ok(mut doc) => {
            pipeline.run(&mut doc);
            if let Some(f) = &doc.failure {
                // Scored with the layers made before the failure.
                eprintln!("dyad: a stage failed on {text:?}: {f}");
            }
            doc
        }
        // A record longer than 4 GiB cannot happen in these suites.
        Err(_) => Document::default(),
    }
}

pub(crate) fn run(args: &EvalEventsArgs) -> anyhow::Result<u8> {
    let want = |s: EventSuite| args.only.is_empty() || args.only.contains(&s);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut json = serde_json::Map::new();
    if want(EventSuite::Petrarch) {
        // PETRARCH's suite codes with its own dictionaries: only the parse
        // is dyad's.
        let parse = pipeline_until(StageName::Parse, EventOptions::default())?;
        let report =
            dyad_events::petrarch::run_conformance(&args.petrarch, &|t| analyse(&parse, t, None))
                .with_context(|| format!("PETRARCH suite in {}", args.petrarch.display()))?;
        let mut report = report;
        if !args.failures {
            report.failures.clear();
        }
        if args.json {
            json.insert("petrarch".into(), serde_json::to_value(&report)?);
        } else {
            writeln!(out, "{report}")?;
        }
    }
    if want(EventSuite::Gsr) {
        let full = pipeline_until(StageName::Events, EventOptions::default())?;
        let dict = args
            .dictionaries
            .is_dir()
            .then_some(args.dictionaries.as_path());
        let mut report =
            dyad_events::petrarch::run_gsr(&args.gsr, dict, &|t, d| analyse(&full, t, d))
                .with_context(|| format!("GSR file {}", args.gsr.display()))?;
        if !args.failures {
            report.failures.clear();
        }
        if args.json {
            json.insert("gsr".into(), serde_json::to_value(&report)?);
        } else {
            writeln!(out, "{report}")?;
        }
    }
    if want(EventSuite::Ngec) {
        let kb = dyad_actors::KnowledgeBase::embedded()
            .map_err(|e| anyhow::anyhow!("actor knowledge base: {e}"))?;
        let today = match &args.ngec_today {
            Some(d) => dyad_actors::Date::parse(d)
                .ok_or_else(|| anyhow::anyhow!("--ngec-today {d:?} is not a YYYY-MM-DD date"))?,
            None => dyad_actors::ngec::SUITE_TODAY,
        };
        let mut report = dyad_actors::ngec::evaluate_at(&args.ngec, kb, today)
            .with_context(|| format!("NGEC cases {}", args.ngec.display()))?;
        if !args.failures {
            report.failures.clear();
        }
        if args.json {
            json.insert("ngec".into(), serde_json::to_value(&report)?);
        } else {
            writeln!(out, "{report}")?;
        }
    }
    if args.json {
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    }
    Ok(exit::OK)
}
