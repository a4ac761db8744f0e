//! `dyad ingest`: read inputs, run the pipeline on all cores, store the
//! documents (SQLite or PostgreSQL).
//!
//! Three stages overlap (`dyad_pipeline::stream`): this thread reads and
//! skips articles already stored or already read in this run (same text
//! hash), so a repeated text is never analysed twice; one worker a core
//! analyses articles a few at a time as they come, with no barrier between
//! batches; and one writer thread takes them back in input order and
//! stores each batch in **one transaction**. A run killed at
//! any point leaves only whole batches; running it again on the same input
//! stores the rest, each article exactly once.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use dyad_core::Document;
use dyad_pipeline::stream::{Feeder, StreamOptions};
use dyad_store::{BatchReport, IngestOptions, Store};

use crate::cli::{IngestArgs, StageName};
use crate::commands::analyze::{
    Rejects, event_options, lock, open_rejects, pipeline_until, read_options, report,
    report_failure, set_threads, sharded, show_progress, take_failures,
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
    let rejects = Mutex::new(open_rejects(&args.read)?);
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
    let counters = Counters::default();
    let started = Instant::now();
    let total_bytes = input_bytes(&args.inputs);
    let progress = Progress::new(
        show_progress(&args.read),
        total_bytes,
        Duration::from_secs(args.log_every.max(1)),
    );
    let mut writer = Writer {
        store,
        opts: IngestOptions {
            window_days: args.window_days,
            dedup: !args.no_dedup,
        },
        batch: Vec::new(),
        batch_size: args.batch.max(1),
        total: BatchReport::default(),
        error: None,
        counters: &counters,
        progress: &progress,
        rejects: &rejects,
    };

    // Texts already read in this run, by the first 128 bits of their
    // content hash (16 bytes an article: 10 million articles ~ 0.3 GB).
    let mut seen: HashSet<u128> = HashSet::new();
    let mut current_file = String::new();
    let read = |feeder: &mut Feeder<'_>| -> anyhow::Result<()> {
        for item in sharded(dyad_read::read_all(&args.inputs, &opts), args.read.shard) {
            match item {
                Ok(doc) => {
                    if doc.meta.origin.path != current_file {
                        progress.file_done(&current_file);
                        current_file.clone_from(&doc.meta.origin.path);
                    }
                    counters.read.fetch_add(1, Ordering::Relaxed);
                    let hash = dyad_store::content_hash(&doc.text);
                    // A text met earlier in this run (a syndicated wire
                    // copy) is not analysed again: the writer would skip
                    // it anyway.
                    let repeated = !seen.insert(hash_key(&hash));
                    if repeated
                        || probe.as_mut().map(|p| p.contains(&hash)).transpose()? == Some(true)
                    {
                        counters.skipped.fetch_add(1, Ordering::Relaxed);
                    } else if !feeder.push(doc) {
                        // The writer stopped (its error is reported below).
                        break;
                    }
                }
                Err(err) => {
                    counters.rejected.fetch_add(1, Ordering::Relaxed);
                    let mut r = lock(&rejects);
                    progress.suspend(|| report(&err, r.as_mut()))?;
                }
            }
            progress.tick(&counters, started);
        }
        Ok(())
    };
    // Read here, analyse on every core, store on the sink thread in input
    // order, one transaction per batch.
    let read_result = dyad_pipeline::stream::analyze_ordered(
        &pipeline,
        StreamOptions::default(),
        read,
        |chunk| chunk,
        |chunk| writer.take(chunk),
    );
    if writer.error.is_none() {
        writer.store_batch();
    }
    if let Some(e) = writer.error.take() {
        return Err(e);
    }
    read_result?;
    progress.file_done(&current_file);
    progress.finish();
    if let Some(r) = lock(&rejects).as_mut() {
        use std::io::Write;
        r.flush().context("cannot write rejects file")?;
    }

    let total = &writer.total;
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

/// The store's side of an ingest: analysed documents come in input
/// order, and go in `batch_size` to a transaction.
struct Writer<'a> {
    store: Box<dyn Store>,
    opts: IngestOptions,
    batch: Vec<Document>,
    batch_size: usize,
    total: BatchReport,
    /// The error that stopped the writer.
    error: Option<anyhow::Error>,
    counters: &'a Counters,
    progress: &'a Progress,
    rejects: &'a Rejects,
}

impl Writer<'_> {
    /// Take an analysed chunk: report the documents a stage failed on
    /// (rejected, not stored), keep the others, and store a full batch.
    /// `false` once an error has stopped the writer.
    fn take(&mut self, mut chunk: Vec<Document>) -> bool {
        for doc in take_failures(&mut chunk) {
            self.counters.rejected.fetch_add(1, Ordering::Relaxed);
            let mut r = lock(self.rejects);
            if let Err(e) = self.progress.suspend(|| report_failure(&doc, r.as_mut())) {
                self.error = Some(e);
                return false;
            }
        }
        self.batch.append(&mut chunk);
        if self.batch.len() >= self.batch_size {
            self.store_batch();
        }
        self.error.is_none()
    }

    /// Store the documents taken so far in one transaction.
    fn store_batch(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        let r = match self.store.ingest(&batch, &self.opts) {
            Ok(r) => r,
            // One document the store refuses: the batch was rolled back;
            // store the others one by one and report it.
            Err(dyad_store::StoreError::InvalidDocument { .. }) => {
                match one_by_one(self.store.as_mut(), batch, &self.opts, self.counters) {
                    Ok(r) => r,
                    Err(e) => {
                        self.error = Some(e);
                        return;
                    }
                }
            }
            Err(e) => {
                self.error = Some(
                    anyhow::Error::new(e)
                        .context("storing a batch (rolled back; re-run to resume)"),
                );
                return;
            }
        };
        self.counters
            .stored
            .fetch_add(r.inserted, Ordering::Relaxed);
        self.counters
            .skipped
            .fetch_add(r.skipped_duplicates, Ordering::Relaxed);
        self.total.add(&r);
    }
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
    last_log: Mutex<Instant>,
    position: AtomicU64,
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
            last_log: Mutex::new(Instant::now()),
            position: AtomicU64::new(0),
        }
    }

    /// An input file has been read to its end.
    fn file_done(&self, path: &str) {
        if path.is_empty() || path == "-" {
            return;
        }
        let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let position = self.position.fetch_add(len, Ordering::Relaxed) + len;
        if let Some(bar) = &self.bar {
            bar.set_position(position);
        }
    }

    fn tick(&self, c: &Counters, started: Instant) {
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
                let mut last_log = self.last_log.lock().unwrap_or_else(PoisonError::into_inner);
                if last_log.elapsed() >= self.every {
                    *last_log = Instant::now();
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
