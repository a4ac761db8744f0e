//! `dyad analyze`: read inputs, run the pipeline, print documents.
//!
//! Documents are read lazily, analysed as they come on all cores (one
//! worker a core, a few documents at a time, `dyad_pipeline::stream`) and
//! rendered on the workers too; output keeps input order. A rejected input
//! or record is reported (stderr, and `--rejects` as JSON Lines) and the
//! run goes on.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context;
use dyad_core::{Document, InputFormat, Pipeline, output};
use dyad_pipeline::stream::{Feeder, StreamOptions};
use dyad_read::{ReadError, ReadOptions};

use crate::cli::{AnalyzeArgs, CoderArgs, CoderName, InputKind, OutputFormat, ReadArgs, StageName};
use crate::commands::text_view;
use crate::exit;

/// The analysis pipeline `analyze` runs.
pub(crate) fn pipeline() -> anyhow::Result<Pipeline> {
    pipeline_until(StageName::Events, EventOptions::default())
}

/// Options of the actor, event and stances stages.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct EventOptions<'a> {
    /// More verb patterns.
    pub(crate) verbs: Option<&'a std::path::Path>,
    /// PETRARCH dictionaries.
    pub(crate) petrarch: Option<&'a std::path::Path>,
    /// Which coder.
    pub(crate) coder: Option<CoderName>,
    /// A folder of the user's actor files.
    pub(crate) actors: Option<&'a std::path::Path>,
    /// The user's issue list, and whether it extends dyad's.
    pub(crate) issues: Option<(&'a std::path::Path, bool)>,
}

/// The pipeline up to and including `last` (assembled by `dyad-pipeline`,
/// the one place the Python package also builds it from).
pub(crate) fn pipeline_until(last: StageName, opts: EventOptions<'_>) -> anyhow::Result<Pipeline> {
    use dyad_pipeline::{Coder, Until};
    let until = match last {
        StageName::Segment => Until::Segment,
        StageName::Tag => Until::Tag,
        StageName::Parse => Until::Parse,
        StageName::Ner => Until::Ner,
        StageName::Coref => Until::Coref,
        StageName::Quotes => Until::Quotes,
        StageName::Actors => Until::Actors,
        StageName::Events => Until::Events,
    };
    let options = dyad_pipeline::Options {
        verbs: opts.verbs.map(Into::into),
        actors: opts.actors.map(Into::into),
        petrarch: opts.petrarch.map(Into::into),
        coder: opts.coder.map(|c| match c {
            CoderName::Dyad => Coder::Dyad,
            CoderName::Petrarch => Coder::Petrarch,
            CoderName::Both => Coder::Both,
        }),
        issues: opts.issues.map(|(p, _)| p.into()),
        issues_extend: opts.issues.is_some_and(|(_, e)| e),
    };
    Ok(dyad_pipeline::build_until(until, &options)?)
}

/// Size the global thread pool (0: one thread per core).
pub(crate) fn set_threads(n: usize) {
    if n > 0 {
        // Only fails when a global pool already exists, which is harmless.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
}

/// Reader options from the command line.
pub(crate) fn read_options(args: &ReadArgs) -> ReadOptions {
    ReadOptions {
        format: args.input_format.map(|k| match k {
            InputKind::Text => InputFormat::Text,
            InputKind::Html => InputFormat::Html,
            InputKind::Jsonl => InputFormat::Jsonl,
            InputKind::Warc => InputFormat::Warc,
        }),
        max_bytes: args.max_mib.saturating_mul(1 << 20),
        date: args.date.clone(),
    }
}

/// The `--rejects` file, created.
pub(crate) fn open_rejects(args: &ReadArgs) -> anyhow::Result<Option<BufWriter<File>>> {
    match &args.rejects {
        Some(path) => Ok(Some(BufWriter::new(File::create(path).with_context(
            || format!("cannot create rejects file {}", path.display()),
        )?))),
        None => Ok(None),
    }
}

/// Event-stage options from the command line.
pub(crate) fn event_options(args: &CoderArgs) -> EventOptions<'_> {
    EventOptions {
        verbs: args.verbs.as_deref(),
        petrarch: args.petrarch.as_deref(),
        coder: args.coder,
        actors: args.actors.as_deref(),
        issues: args.issues.as_deref().map(|p| (p, args.issues_extend)),
    }
}

/// Only the documents of `shard` (all without one); rejections always
/// pass, so every shard reports them.
pub(crate) fn sharded(
    items: impl Iterator<Item = Result<Document, ReadError>>,
    shard: Option<crate::cli::Shard>,
) -> impl Iterator<Item = Result<Document, ReadError>> {
    let mut position = 0u64;
    items.filter(move |item| match (item, shard) {
        (Ok(_), Some(s)) => {
            position += 1;
            s.takes(position - 1)
        }
        _ => true,
    })
}

/// Whether to draw a progress bar.
pub(crate) fn show_progress(args: &ReadArgs) -> bool {
    !args.no_progress && (args.progress || io::stderr().is_terminal())
}

pub(crate) fn run(args: &AnalyzeArgs) -> anyhow::Result<u8> {
    set_threads(args.read.threads);
    let opts = read_options(&args.read);
    let rejects = Mutex::new(open_rejects(&args.read)?);
    let pipeline = pipeline_until(args.until, event_options(&args.coder))?;
    let show = show_progress(&args.read);
    let bar = progress_bar(show);
    let mut out: BufWriter<Box<dyn Write + Send>> = BufWriter::new(match &args.output {
        Some(path) => {
            let path = match args.read.shard {
                Some(shard) => std::path::PathBuf::from(shard.fill(&path.to_string_lossy())),
                None => path.clone(),
            };
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            Box::new(
                File::create(&path).with_context(|| format!("cannot create {}", path.display()))?,
            )
        }
        None => Box::new(io::stdout()),
    });
    if args.format == OutputFormat::Csv {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(dyad_events::export::CSV_COLUMNS)?;
        w.flush()?;
    }
    let (mut analysed, mut rejected) = (0usize, 0usize);
    let mut failed = None;
    let format = args.format;
    let read = |feeder: &mut Feeder<'_>| -> anyhow::Result<usize> {
        let mut rejected = 0;
        for item in sharded(dyad_read::read_all(&args.inputs, &opts), args.read.shard) {
            match item {
                Ok(doc) => {
                    if !feeder.push(doc) {
                        // The writer stopped (its error is reported below).
                        break;
                    }
                }
                Err(err) => {
                    rejected += 1;
                    let mut r = lock(&rejects);
                    bar.suspend(|| report(&err, r.as_mut()))?;
                }
            }
        }
        Ok(rejected)
    };
    // Rendering (JSON is a sizeable share of the work) runs on the
    // workers too, so only the writes are serial.
    let render_chunk = |chunk: Vec<Document>| -> Vec<Rendered> {
        chunk
            .into_iter()
            .map(|doc| {
                let text = doc.text.len();
                if doc.failure.is_some() {
                    Rendered::Failed(Box::new(doc), text)
                } else {
                    Rendered::Done(render(&doc, format), text)
                }
            })
            .collect()
    };
    let write = |chunk: Vec<Rendered>| -> bool {
        let step = || -> anyhow::Result<()> {
            for item in chunk {
                match item {
                    Rendered::Done(bytes, text) => {
                        out.write_all(&bytes?)?;
                        analysed += 1;
                        bar.inc(text as u64);
                    }
                    Rendered::Failed(doc, text) => {
                        rejected += 1;
                        let mut r = lock(&rejects);
                        bar.suspend(|| report_failure(&doc, r.as_mut()))?;
                        bar.inc(text as u64);
                    }
                }
            }
            bar.set_message(format!("{analysed} articles, {rejected} rejected"));
            Ok(())
        };
        match step() {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    };
    let read_rejects = dyad_pipeline::stream::analyze_ordered(
        &pipeline,
        StreamOptions::default(),
        read,
        render_chunk,
        write,
    );
    if let Some(e) = failed {
        return Err(e);
    }
    rejected += read_rejects?;
    bar.finish_and_clear();
    out.flush()?;
    if let Some(r) = lock(&rejects).as_mut() {
        r.flush().context("cannot write rejects file")?;
    }
    if analysed == 0 && rejected == 0 {
        eprintln!("dyad: no input documents found");
    }
    if rejected > 0 {
        eprintln!("dyad: {analysed} document(s) analysed, {rejected} rejected");
        return Ok(exit::REJECTS);
    }
    Ok(exit::OK)
}

/// A spinner with articles, bytes and bytes/s (the total is unknown while
/// inputs stream in); hidden when not wanted.
fn progress_bar(show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} {elapsed_precise} {msg} · {bytes} of text · {bytes_per_sec}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// A document of `analyze`'s output, rendered on a worker (with its
/// text's length, for the progress bar).
enum Rendered {
    Done(anyhow::Result<Vec<u8>>, usize),
    /// A stage failed on it: reported as rejected.
    Failed(Box<Document>, usize),
}

/// The `--rejects` file, shared by the reader and the writer.
pub(crate) type Rejects = Mutex<Option<BufWriter<File>>>;

/// Lock the `--rejects` file.
pub(crate) fn lock(rejects: &Rejects) -> std::sync::MutexGuard<'_, Option<BufWriter<File>>> {
    rejects
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Remove from `batch` and return the documents a stage failed on
/// ([`Document::failure`], an internal error).
pub(crate) fn take_failures(batch: &mut Vec<Document>) -> Vec<Document> {
    if batch.iter().all(|d| d.failure.is_none()) {
        return Vec::new();
    }
    let (bad, good): (Vec<Document>, Vec<Document>) =
        batch.drain(..).partition(|d| d.failure.is_some());
    *batch = good;
    bad
}

/// Report a document a stage failed on, like a rejected record: on
/// stderr and in the `--rejects` file (`kind: "analysis"`).
pub(crate) fn report_failure(
    doc: &Document,
    rejects: Option<&mut BufWriter<File>>,
) -> anyhow::Result<()> {
    let origin = &doc.meta.origin;
    let failure = doc
        .failure
        .as_ref()
        .map_or_else(String::new, ToString::to_string);
    let record = origin
        .record
        .map_or(String::new(), |r| format!(" record {r}"));
    eprintln!(
        "dyad: rejected: {}{record} (id {}): {failure}",
        origin.path, doc.meta.id
    );
    if let Some(w) = rejects {
        let row = serde_json::json!({
            "path": origin.path,
            "record": origin.record,
            "id": doc.meta.id,
            "kind": "analysis",
            "error": failure,
        });
        serde_json::to_writer(&mut *w, &row)?;
        w.write_all(b"\n").context("cannot write rejects file")?;
    }
    Ok(())
}

/// The output of one analysed document in `format`.
fn render(doc: &Document, format: OutputFormat) -> anyhow::Result<Vec<u8>> {
    // JSON with its tokens is about eight times the text; the tables are
    // a few rows.
    let mut out = Vec::with_capacity(match format {
        OutputFormat::Jsonl | OutputFormat::Json => doc.text.len() * 8,
        _ => 4096,
    });
    match format {
        OutputFormat::Jsonl | OutputFormat::Json => {
            output::write_json(doc, &mut out, format == OutputFormat::Json)
                .map_err(io::Error::from)?;
            out.push(b'\n');
        }
        OutputFormat::Text => text_view::write(doc, &mut out)?,
        OutputFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut out);
            dyad_events::export::write_csv(doc, &mut w)?;
            w.flush()?;
        }
        OutputFormat::Gdelt => dyad_events::export::write_gdelt(doc, &mut out)?,
    }
    Ok(out)
}

pub(crate) fn report(err: &ReadError, rejects: Option<&mut BufWriter<File>>) -> anyhow::Result<()> {
    eprintln!("dyad: rejected: {err}");
    if let Some(w) = rejects {
        let row = serde_json::json!({
            "path": err.path(),
            "record": err.record(),
            "kind": err.kind(),
            "error": err.to_string(),
        });
        serde_json::to_writer(&mut *w, &row)?;
        w.write_all(b"\n").context("cannot write rejects file")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_core::{Meta, Origin, StageFailure};

    #[test]
    fn failed_documents_are_reported_as_rejected_records() {
        let doc = |id: &str, fail: bool| {
            let mut d = Document::new(
                Meta {
                    id: id.into(),
                    origin: Origin {
                        path: "in.jsonl".into(),
                        record: Some(7),
                        ..Origin::default()
                    },
                    ..Meta::default()
                },
                "text".into(),
            )
            .unwrap();
            if fail {
                d.failure = Some(StageFailure {
                    stage: "parse".into(),
                    message: "index out of bounds".into(),
                });
            }
            d
        };
        let mut batch = vec![doc("a", false), doc("b", true), doc("c", false)];
        let failed = take_failures(&mut batch);
        let ids = |v: &[Document]| v.iter().map(|d| d.meta.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&batch), ["a", "c"]);
        assert_eq!(ids(&failed), ["b"]);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejects.jsonl");
        let mut w = BufWriter::new(File::create(&path).unwrap());
        report_failure(&failed[0], Some(&mut w)).unwrap();
        w.flush().unwrap();
        drop(w);
        let row: serde_json::Value =
            serde_json::from_str(std::fs::read_to_string(&path).unwrap().trim()).unwrap();
        assert_eq!(row["kind"], "analysis");
        assert_eq!(row["id"], "b");
        assert_eq!(row["path"], "in.jsonl");
        assert_eq!(row["record"], 7);
        assert_eq!(
            row["error"],
            "internal error in stage parse: index out of bounds"
        );
    }
}
