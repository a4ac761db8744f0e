//! Streaming analysis: documents are analysed on worker threads as they
//! are read, and handed on in input order, with no barrier between
//! batches.
//!
//! [`analyze_ordered`] runs three kinds of threads at once:
//!
//! - the calling thread runs `feed`, which reads documents and gives them
//!   to a [`Feeder`] (cut into chunks of [`StreamOptions::chunk`]
//!   documents, one thread analyses a chunk stage by stage, so each
//!   model stays in the CPU caches);
//! - `threads` workers each take the next chunk, run the pipeline over it
//!   and then `map` (rendering, say), and take the next: a core is never
//!   idle waiting for the slowest document of a batch;
//! - one sink thread puts the chunks back in input order and gives them to
//!   `sink` (a writer, a store).
//!
//! At most [`StreamOptions::window`] chunks, and about
//! [`StreamOptions::window_bytes`] of text, are between the feeder and the
//! sink at any time, so memory stays bounded when one document is slow,
//! documents are huge, or the sink is busy.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, channel, sync_channel};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use dyad_core::{Document, Pipeline};

/// How [`analyze_ordered`] shares out the work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    /// Worker threads; 0: one per thread of rayon's global pool (the
    /// `--threads` option sets its size).
    pub threads: usize,
    /// Documents a worker analyses together, at most.
    pub chunk: usize,
    /// A chunk ends early once its texts reach this many bytes.
    pub chunk_bytes: usize,
    /// Chunks read but not yet given to the sink, at most.
    pub window: usize,
    /// Bytes of text read but not yet given to the sink: the feeder waits
    /// while a new chunk would go past this (a chunk alone always goes).
    pub window_bytes: usize,
}

impl Default for StreamOptions {
    fn default() -> Self {
        Self {
            threads: 0,
            chunk: CHUNK,
            chunk_bytes: 256 << 10,
            window: 32,
            window_bytes: 16 << 20,
        }
    }
}

/// The default [`StreamOptions::chunk`].
pub const CHUNK: usize = 4;

/// Hands documents to the workers of [`analyze_ordered`].
#[derive(Debug)]
pub struct Feeder<'a> {
    chunk: Vec<Document>,
    chunk_text: usize,
    options: StreamOptions,
    seq: u64,
    work: Option<SyncSender<(u64, Vec<Document>)>>,
    /// One message each time the sink has taken a chunk (in order).
    taken: &'a Receiver<()>,
    /// Text bytes of each chunk sent and not yet taken, oldest first.
    in_flight: VecDeque<usize>,
    in_flight_bytes: usize,
    stopped: &'a AtomicBool,
}

impl Feeder<'_> {
    /// Queue `doc` for analysis. Blocks while the window is full. `false`
    /// when the sink has stopped: no more documents are wanted (`doc` and
    /// later ones are dropped).
    pub fn push(&mut self, doc: Document) -> bool {
        if self.stopped() {
            return false;
        }
        self.chunk_text += doc.text.len();
        self.chunk.push(doc);
        if self.chunk.len() >= self.options.chunk || self.chunk_text >= self.options.chunk_bytes {
            return self.send();
        }
        true
    }

    /// Whether the sink has stopped.
    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    /// Send the current chunk, once the window has room for it.
    fn send(&mut self) -> bool {
        if self.chunk.is_empty() {
            return true;
        }
        let bytes = std::mem::take(&mut self.chunk_text);
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(self.options.chunk));
        // The sink says when it has taken a chunk and drops its sender
        // when it stops; a worker or the sink that panicked sets `stopped`
        // instead, hence the timeout.
        while !self.in_flight.is_empty()
            && (self.in_flight.len() >= self.options.window
                || self.in_flight_bytes + bytes > self.options.window_bytes)
        {
            match self.taken.recv_timeout(Duration::from_millis(50)) {
                Ok(()) => {
                    let done = self.in_flight.pop_front().unwrap_or_default();
                    self.in_flight_bytes -= done;
                }
                Err(RecvTimeoutError::Timeout) if !self.stopped() => {}
                Err(_) => {
                    self.stopped.store(true, Ordering::Relaxed);
                    return false;
                }
            }
        }
        if self.stopped() {
            return false;
        }
        self.in_flight.push_back(bytes);
        self.in_flight_bytes += bytes;
        // The queue holds as many chunks as the window: this never blocks.
        let sent = self
            .work
            .as_ref()
            .is_some_and(|w| w.send((self.seq, chunk)).is_ok());
        self.seq += 1;
        sent
    }

    /// Send what is left and close the work queue.
    fn finish(&mut self) {
        self.send();
        self.work = None;
    }
}

/// Analyse the documents `feed` gives its [`Feeder`] on worker threads,
/// apply `map` to each analysed chunk (on the worker), and give the results
/// to `sink` in input order, on a thread of its own. `sink` returns `false`
/// to stop: the feeder then refuses further documents and the chunks under
/// way are dropped. Returns what `feed` returns, once `sink` has seen
/// every chunk (or stopped).
///
/// Documents a stage failed on reach `map` and `sink` like the others,
/// with [`Document::failure`] set.
pub fn analyze_ordered<R, T, M, S>(
    pipeline: &Pipeline,
    options: StreamOptions,
    feed: impl FnOnce(&mut Feeder<'_>) -> R,
    map: M,
    mut sink: S,
) -> R
where
    T: Send,
    M: Fn(Vec<Document>) -> T + Sync,
    S: FnMut(T) -> bool + Send,
{
    let threads = match options.threads {
        0 => rayon::current_num_threads(),
        n => n,
    }
    .max(1);
    let options = StreamOptions {
        chunk: options.chunk.max(1),
        window: options.window.max(threads * 2),
        ..options
    };
    let (work_tx, work_rx) = sync_channel::<(u64, Vec<Document>)>(options.window);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = channel::<(u64, T)>();
    let (taken_tx, taken_rx) = channel::<()>();
    let stopped = AtomicBool::new(false);

    std::thread::scope(|scope| {
        for i in 0..threads {
            let done_tx = done_tx.clone();
            let (work_rx, map, stopped) = (&work_rx, &map, &stopped);
            let worker = move || {
                let _guard = StopOnPanic(stopped);
                loop {
                    let next = work_rx
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .recv();
                    let Ok((seq, mut chunk)) = next else { break };
                    // After a stop, drain the queue so the feeder never
                    // blocks on it.
                    if stopped.load(Ordering::Relaxed) {
                        continue;
                    }
                    pipeline.run_batch(&mut chunk);
                    if done_tx.send((seq, map(chunk))).is_err() {
                        stopped.store(true, Ordering::Relaxed);
                    }
                }
            };
            std::thread::Builder::new()
                .name(format!("dyad-worker-{i}"))
                .spawn_scoped(scope, worker)
                .unwrap_or_else(|e| panic!("cannot start a worker thread: {e}"));
        }
        drop(done_tx);
        let stopped_ref = &stopped;
        let sink_thread = move || {
            let _guard = StopOnPanic(stopped_ref);
            let mut pending: BTreeMap<u64, T> = BTreeMap::new();
            let mut next = 0u64;
            for (seq, item) in done_rx {
                pending.insert(seq, item);
                while let Some(item) = pending.remove(&next) {
                    next += 1;
                    if !sink(item) {
                        stopped_ref.store(true, Ordering::Relaxed);
                        // Dropping `taken_tx` and the results' receiver
                        // stops the feeder and the workers.
                        return;
                    }
                    let _ = taken_tx.send(());
                }
            }
        };
        std::thread::Builder::new()
            .name("dyad-sink".into())
            .spawn_scoped(scope, sink_thread)
            .unwrap_or_else(|e| panic!("cannot start the sink thread: {e}"));

        let mut feeder = Feeder {
            chunk: Vec::with_capacity(options.chunk),
            chunk_text: 0,
            options,
            seq: 0,
            work: Some(work_tx),
            taken: &taken_rx,
            in_flight: VecDeque::new(),
            in_flight_bytes: 0,
            stopped: &stopped,
        };
        let result = feed(&mut feeder);
        feeder.finish();
        result
    })
}

/// Sets the stop flag when its thread panics, so the others wind down
/// (the panic is then raised again on the calling thread).
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_core::Meta;
    use std::panic::AssertUnwindSafe;

    fn docs(n: usize) -> Vec<Document> {
        (0..n)
            .map(|i| {
                let meta = Meta {
                    id: format!("d{i}"),
                    ..Meta::default()
                };
                Document::new(meta, format!("Text number {i}. It is short."))
                    .unwrap_or_else(|e| panic!("{e}"))
            })
            .collect()
    }

    fn ids(docs: &[Document]) -> Vec<String> {
        docs.iter().map(|d| d.meta.id.clone()).collect()
    }

    fn options(threads: usize, chunk: usize, window: usize) -> StreamOptions {
        StreamOptions {
            threads,
            chunk,
            window,
            ..StreamOptions::default()
        }
    }

    /// Push every document; how many were accepted.
    fn feed_all(f: &mut Feeder<'_>, docs: Vec<Document>) -> usize {
        let mut n = 0;
        for d in docs {
            if !f.push(d) {
                break;
            }
            n += 1;
        }
        n
    }

    #[test]
    fn every_document_reaches_the_sink_once_in_input_order() {
        let pipeline = Pipeline::new();
        for (threads, chunk, window, n) in
            [(1, 1, 1, 0), (2, 4, 2, 37), (3, 2, 3, 100), (4, 5, 64, 9)]
        {
            let input = docs(n);
            let want = ids(&input);
            let mut got = Vec::new();
            let opts = options(threads, chunk, window);
            let fed = analyze_ordered(
                &pipeline,
                opts,
                |f| feed_all(f, input),
                |chunk| {
                    // Slow some chunks down so they finish out of order.
                    if chunk.first().is_some_and(|d| d.meta.id.ends_with('3')) {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    chunk
                },
                |chunk| {
                    got.extend(ids(&chunk));
                    true
                },
            );
            assert_eq!(fed, n);
            assert_eq!(
                got, want,
                "threads {threads}, chunk {chunk}, window {window}"
            );
        }
    }

    #[test]
    fn the_pipeline_runs_on_every_document() {
        let pipeline = crate::build_until(crate::Until::Segment, &crate::Options::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut sentences = Vec::new();
        analyze_ordered(
            &pipeline,
            StreamOptions::default(),
            |f| feed_all(f, docs(10)),
            |chunk| chunk,
            |chunk| {
                sentences.extend(chunk.iter().map(|d| d.sentences.len()));
                true
            },
        );
        assert_eq!(sentences, vec![2; 10]);
    }

    /// Chunks end at `chunk_bytes`, and no more than `window_bytes` of
    /// text (or one chunk) is ever between the feeder and the sink.
    #[test]
    fn the_byte_window_bounds_the_text_in_flight() {
        let pipeline = Pipeline::new();
        let opts = StreamOptions {
            threads: 2,
            chunk: 100,
            chunk_bytes: 100,
            window: 1000,
            window_bytes: 250,
        };
        let in_flight = std::sync::atomic::AtomicUsize::new(0);
        let most = std::sync::atomic::AtomicUsize::new(0);
        let mut sizes = Vec::new();
        let n = analyze_ordered(
            &pipeline,
            opts,
            |f| {
                let mut n = 0;
                for d in docs(60) {
                    let len = d.text.len();
                    in_flight.fetch_add(len, Ordering::SeqCst);
                    if !f.push(d) {
                        break;
                    }
                    most.fetch_max(in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
                    n += 1;
                }
                n
            },
            |chunk| chunk,
            |chunk| {
                sizes.push(chunk.iter().map(|d| d.text.len()).sum::<usize>());
                let bytes: usize = chunk.iter().map(|d| d.text.len()).sum();
                in_flight.fetch_sub(bytes, Ordering::SeqCst);
                true
            },
        );
        assert_eq!(n, 60);
        // Texts are 29-30 bytes: a chunk ends at its fourth.
        assert!(
            sizes.iter().all(|&b| (100..=120).contains(&b) || b < 100),
            "{sizes:?}"
        );
        assert!(
            sizes.iter().filter(|&&b| b >= 100).count() >= 14,
            "{sizes:?}"
        );
        // Two chunks of ~116 bytes fit in 250, a third does not; the
        // chunk being filled adds at most 120 more.
        let most = most.load(Ordering::SeqCst);
        assert!(most <= 250 + 120, "{most} bytes in flight");
    }

    #[test]
    fn a_sink_that_stops_stops_the_feeder_without_hanging() {
        let pipeline = Pipeline::new();
        let mut seen = 0usize;
        let opts = options(2, 2, 4);
        let accepted = analyze_ordered(
            &pipeline,
            opts,
            |f| feed_all(f, docs(1000)),
            |chunk| chunk,
            |chunk| {
                seen += chunk.len();
                seen < 10
            },
        );
        assert_eq!(seen, 10);
        // The feeder learns of the stop within the window.
        assert!(accepted < 1000, "{accepted}");
    }

    #[test]
    fn a_panicking_worker_does_not_hang_the_stream() {
        let pipeline = Pipeline::new();
        let opts = options(2, 1, 4);
        let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
            analyze_ordered(
                &pipeline,
                opts,
                |f| feed_all(f, docs(200)),
                |chunk| {
                    assert!(chunk[0].meta.id != "d7", "boom");
                    chunk
                },
                |_| true,
            )
        }));
        assert!(run.is_err());
    }
}
