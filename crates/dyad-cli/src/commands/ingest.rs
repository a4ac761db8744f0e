//! `dyad ingest`: read inputs, run the pipeline on all cores, store the
//! documents (SQLite or PostgreSQL).
//!
//! Three stages overlap: this thread reads and skips articles already
//! stored or already read in this run (same text hash), so a repeated
//! text is never analysed twice; rayon's pool analyses a batch, and one writer
//! thread stores the previous batch in **one transaction**. A run killed at
//! any point leaves only whole batches; running it again on the same input
//! stores the rest, each article exactly once.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use dyad_core::Document;
use dyad_store::{BatchReport, IngestOptions, Store};

use crate::cli::{IngestArgs, StageName};
use crate::commands::analyze::{
    event_options, open_rejects, pipeline_until, read_options, report, report_failure, set_threads,
    sharded, show_progress, take_failures,
};
use crate::exit;

/// Counters shared by the reader, the writer and the progress display.
#[derive(Debug, Default)]
struct Counters {
    /// Articles read (accepted by a reader).
    read: AtomicU64,
    /// Articles stored.
    stored: AtomicU64,
    /// Articles skipped: already stored, or the same text twice.
    skipped: AtomicU64,
    /// Inputs or records rejected.
    rejected: AtomicU64,
}

pub(crate) fn run(args: &IngestArgs) -> anyhow::Result<u8> {
    set_threads(args.read.threads);
    let opts = read_options(&args.read);
    let mut rejects = open_rejects(&args.read)?;
    let pipeline = pipeline_until(StageName::Events, event_options(&args.coder))?;
    let url = match args.read.shard {
        Some(shard) => shard.fill(&args.db.db),
        None => args.db.db.clone(),
    };
    let url = url.as_str();
    let store = dyad_store::open(url).with_context(|| format!("cannot open store {url}"))?;
    // A second connection answers "already stored?" while the writer
    // writes (an in-memory database is private to its connection: there
    // the writer's own check alone skips duplicates).
    let mut probe = if url.contains(":memory:") {
        None
    } else {
        Some(dyad_store::open(url).with_context(|| format!("cannot open store {url}"))?)
    };
    let ingest_opts = IngestOptions {
        window_days: args.window_days,
        dedup: !args.no_dedup,
    };
    let counters = Arc::new(Counters::default());
    let started = Instant::now();
    let total_bytes = input_bytes(&args.inputs);
    let mut progress = Progress::new(
        show_progress(&args.read),
        total_bytes,
        Duration::from_secs(args.log_every.max(1)),
    );

    // The writer: one transaction per batch.
    let (tx, rx) = sync_channel::<Vec<Document>>(1);
    let writer_counters = Arc::clone(&counters);
    let writer = thread::Builder::new()
        .name("dyad-store-writer".into())
        .spawn(move || -> anyhow::Result<BatchReport> {
            let mut store: Box<dyn Store> = store;
            let mut total = BatchReport::default();
            for batch in rx {
                let r = match store.ingest(&batch, &ingest_opts) {
                    Ok(r) => r,
                    // One document the store refuses: the batch was rolled
                    // back; store the others one by one and report it.
                    Err(dyad_store::StoreError::InvalidDocument { .. }) => {
                        one_by_one(store.as_mut(), batch, &ingest_opts, &writer_counters)?
                    }
                    Err(e) => {
                        return Err(anyhow::Error::new(e)
                            .context("storing a batch (rolled back; re-run to resume)"));
                    }
                };
                writer_counters
                    .stored
                    .fetch_add(r.inserted, Ordering::Relaxed);
                writer_counters
                    .skipped
                    .fetch_add(r.skipped_duplicates, Ordering::Relaxed);
                total.add(&r);
            }
            Ok(total)
        })
        .context("cannot start the writer thread")?;

    // Texts already read in this run, by the first 128 bits of their
    // content hash (16 bytes an article: 10 million articles ~ 0.3 GB).
    let mut seen: HashSet<u128> = HashSet::new();
    let batch_size = args.batch.max(1);
    let mut batch: Vec<Document> = Vec::with_capacity(batch_size);
    let mut current_file = String::new();
    let mut send_failed = false;
    for item in sharded(dyad_read::read_all(&args.inputs, &opts), args.read.shard) {
        match item {
            Ok(doc) => {
                if doc.meta.origin.path != current_file {
                    progress.file_done(&current_file);
                    current_file.clone_from(&doc.meta.origin.path);
                }
                counters.read.fetch_add(1, Ordering::Relaxed);
                let hash = dyad_store::content_hash(&doc.text);
                // A text met earlier in this run (a syndicated wire copy)
                // is not analysed again: the writer would skip it anyway.
                let repeated = !seen.insert(hash_key(&hash));
                if repeated || probe.as_mut().map(|p| p.contains(&hash)).transpose()? == Some(true)
                {
                    counters.skipped.fetch_add(1, Ordering::Relaxed);
                } else {
                    batch.push(doc);
                }
                if batch.len() >= batch_size {
                    let sent = analyse_and_send(
                        &pipeline,
                        &mut batch,
                        &tx,
                        &progress,
                        &counters,
                        rejects.as_mut(),
                    )?;
                    if !sent {
                        send_failed = true;
                        break;
                    }
                }
            }
            Err(err) => {
                counters.rejected.fetch_add(1, Ordering::Relaxed);
                progress.suspend(|| report(&err, rejects.as_mut()))?;
            }
        }
        progress.tick(&counters, started);
    }
    if !send_failed && !batch.is_empty() {
        analyse_and_send(
            &pipeline,
            &mut batch,
            &tx,
            &progress,
            &counters,
            rejects.as_mut(),
        )?;
    }
    drop(tx);
    let total = match writer.join() {
        Ok(r) => r?,
        Err(_) => anyhow::bail!("the writer thread panicked"),
    };
    progress.file_done(&current_file);
    progress.finish();
    if let Some(r) = rejects.as_mut() {
        use std::io::Write;
        r.flush().context("cannot write rejects file")?;
    }

    let secs = started.elapsed().as_secs_f64();
    let skipped = counters.skipped.load(Ordering::Relaxed);
    let rejected = counters.rejected.load(Ordering::Relaxed);
    eprintln!(
        "dyad: {} article(s) stored, {} already stored or repeated, {} rejected; \
         {} sentences, {} quotes, {} event mentions ({} new events, {} merged into earlier ones), \
         {} stances, {} negotiations; {:.1} s, {:.1} articles/s",
        total.inserted,
        skipped,
        rejected,
        total.sentences,
        total.quotes,
        total.mentions,
        total.events_new,
        total.events_merged,
        total.stances,
        total.negotiations,
        secs,
        total.inserted as f64 / secs.max(1e-9),
    );
    Ok(if rejected > 0 {
        exit::REJECTS
    } else {
        exit::OK
    })
}

/// The first 128 bits of a hex content hash.
fn hash_key(hex: &str) -> u128 {
    hex.get(..32)
        .and_then(|h| u128::from_str_radix(h, 16).ok())
        .unwrap_or_default()
}

/// Store `batch` one document per transaction, reporting (and counting
/// as rejected) each document the store refuses.
fn one_by_one(
    store: &mut dyn Store,
    batch: Vec<Document>,
    opts: &IngestOptions,
    counters: &Counters,
) -> anyhow::Result<BatchReport> {
    let mut total = BatchReport::default();
    for doc in batch {
        match store.ingest(std::slice::from_ref(&doc), opts) {
            Ok(r) => total.add(&r),
            Err(e @ dyad_store::StoreError::InvalidDocument { .. }) => {
                counters.rejected.fetch_add(1, Ordering::Relaxed);
                eprintln!(
                    "dyad: rejected: {} ({}): not stored: {e}",
                    doc.meta.origin.path, doc.meta.id
                );
            }
            Err(e) => return Err(anyhow::Error::new(e).context("storing a document")),
        }
    }
    Ok(total)
}

/// Analyse `batch` on the pool, report the documents a stage failed on
/// (rejected, not stored), and hand the rest to the writer; `Ok(false)`
/// when the writer has stopped (its error is reported by `join`).
fn analyse_and_send(
    pipeline: &dyad_core::Pipeline,
    batch: &mut Vec<Document>,
    tx: &std::sync::mpsc::SyncSender<Vec<Document>>,
    progress: &Progress,
    counters: &Counters,
    mut rejects: Option<&mut std::io::BufWriter<std::fs::File>>,
) -> anyhow::Result<bool> {
    dyad_pipeline::analyze_documents(pipeline, batch);
    for doc in take_failures(batch) {
        counters.rejected.fetch_add(1, Ordering::Relaxed);
        progress.suspend(|| report_failure(&doc, rejects.as_deref_mut()))?;
    }
    Ok(tx.send(std::mem::take(batch)).is_ok())
}

/// Total size of the input files, when every input is a file or folder
/// (not standard input or a glob pattern).
fn input_bytes(inputs: &[String]) -> Option<u64> {
    let mut total = 0u64;
    for input in inputs {
        let path = Path::new(input);
        if input == "-" || !path.exists() {
            return None;
        }
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).into_iter().flatten() {
                if entry.file_type().is_file() {
                    total += entry.metadata().map(|m| m.len()).unwrap_or(0);
                }
            }
        } else {
            total += path.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    Some(total)
}

/// A progress bar (articles/s and ETA by input bytes) on a terminal, a log
/// line every few seconds otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    every: Duration,
    last_log: Instant,
    position: u64,
}

impl Progress {
    fn new(show: bool, total: Option<u64>, every: Duration) -> Self {
        let bar = show.then(|| {
            let (bar, template) = match total {
                Some(t) => (
                    indicatif::ProgressBar::new(t),
                    "{spinner} {elapsed_precise} [{bar:30}] {percent}% ETA {eta} · {msg}",
                ),
                None => (
                    indicatif::ProgressBar::new_spinner(),
                    "{spinner} {elapsed_precise} · {msg}",
                ),
            };
            let style = indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style.progress_chars("=> "));
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Self {
            bar,
            every,
            last_log: Instant::now(),
            position: 0,
        }
    }

    /// An input file has been read to its end.
    fn file_done(&mut self, path: &str) {
        if path.is_empty() || path == "-" {
            return;
        }
        self.position += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if let Some(bar) = &self.bar {
            bar.set_position(self.position);
        }
    }

    fn tick(&mut self, c: &Counters, started: Instant) {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let stored = c.stored.load(Ordering::Relaxed);
        let line = format!(
            "{} read, {} stored, {} skipped, {} rejected, {:.1} articles/s",
            c.read.load(Ordering::Relaxed),
            stored,
            c.skipped.load(Ordering::Relaxed),
            c.rejected.load(Ordering::Relaxed),
            stored as f64 / secs,
        );
        match &self.bar {
            Some(bar) => bar.set_message(line),
            None => {
                if self.last_log.elapsed() >= self.every {
                    self.last_log = Instant::now();
                    eprintln!("dyad ingest: {line}, {secs:.0} s");
                }
            }
        }
    }

    fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
