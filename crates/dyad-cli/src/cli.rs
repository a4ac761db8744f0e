//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// dyad: who said what, who did what to whom, from news text.
#[derive(Debug, Parser)]
#[command(name = "dyad", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Analyse articles and print dyad/1 JSON (or a readable view).
    Analyze(AnalyzeArgs),
    /// Score dyad against gold corpora (all models on the test splits, or
    /// one part with a subcommand).
    Eval(EvalArgs),
    /// Quote detection, cue and speaker scores on PolNeAR or on dyad's own
    /// gold set (the same as `dyad eval quotes`).
    EvalQuotes {
        /// PolNeAR-format file: ../shared/eval/polnear/polnear_dev.jsonl, or
        /// crates/dyad-attrib/gold/quotes.jsonl.
        #[arg(long, alias = "gold")]
        polnear: PathBuf,
        /// Print scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score event coding and actor resolution: the PETRARCH validation
    /// suite, the PETRARCH-2 GSR sentences and the NGEC actor cases.
    EvalEvents(EvalEventsArgs),
    /// Score stances (actor, issue, polarity) and excluded parties against
    /// a gold set (crates/dyad-stances/gold/stances.jsonl).
    EvalStances {
        /// Gold file (JSON Lines; format in docs/stances.md).
        #[arg(long, default_value = "crates/dyad-stances/gold/stances.jsonl")]
        gold: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Also list every error.
        #[arg(long)]
        errors: bool,
    },
    /// Rebuild the statistical models from the training corpora.
    Train(TrainArgs),
    /// Analyse articles and store them (SQLite or PostgreSQL): idempotent,
    /// resumable, events deduplicated across articles.
    Ingest(IngestArgs),
    /// List stored events, quotes, articles, actors or sentences.
    Query(QueryArgs),
    /// Write a stored table as JSON Lines, CSV, GDELT rows or Parquet.
    Export(ExportArgs),
    /// Print the stored stances as an actor x issue matrix (or one row per
    /// cell as CSV / JSON Lines), optionally with each cell's statements.
    Stances(StancesArgs),
    /// Serve the HTTP API and the web workbench (docs/server.md).
    Serve(ServeArgs),
}

/// The shipped models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ModelName {
    Tag,
    Parse,
    Ner,
    Coref,
}

#[derive(Debug, clap::Args)]
pub(crate) struct TrainArgs {
    /// The corpus folder (holding UD_English-EWT/, GUM/, UNER_English-EWT/,
    /// CrossNER_politics/).
    #[arg(long, default_value = "../shared/corpus")]
    pub corpus: PathBuf,
    /// Where to write the model files.
    #[arg(long, default_value = "crates/dyad-nlp/models")]
    pub out: PathBuf,
    /// Train only these models (default: all, in order tag, parse, ner, coref).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub only: Vec<ModelName>,
    /// Passes over the training data (default: each model's own: 12 for
    /// the parser, 10 for the others).
    #[arg(long)]
    pub iterations: Option<usize>,
    /// Seed of the shuffling between passes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Output format of `eval`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum EvalFormat {
    /// Tables.
    #[default]
    Text,
    /// One JSON object.
    Json,
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct EvalArgs {
    #[command(subcommand)]
    pub command: Option<EvalCommand>,
    /// The corpus folder (holding UD_English-EWT/, GUM/, UNER_English-EWT/).
    #[arg(long, default_value = "../shared/corpus")]
    pub corpus: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: EvalFormat,
}

/// Output format of `analyze`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Pretty-printed JSON (one document per article, separated by newlines).
    Json,
    /// One JSON document per line.
    #[default]
    Jsonl,
    /// A readable text view.
    Text,
    /// Events as CSV, one row per event, with a header (columns in
    /// docs/events.md).
    Csv,
    /// Events as GDELT 2.0 event rows: 61 tab-separated columns, no header.
    Gdelt,
}

/// The pipeline's stages, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub(crate) enum StageName {
    Segment,
    Tag,
    Parse,
    Ner,
    Coref,
    Quotes,
    Actors,
    Events,
}

/// Input format, when detection by extension or content is not wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputKind {
    Text,
    Html,
    Jsonl,
    Warc,
}

#[derive(Debug, clap::Args)]
pub(crate) struct AnalyzeArgs {
    /// Files, directories (read recursively), glob patterns, or `-` for
    /// standard input. Formats are detected by extension, else by content.
    #[arg(default_value = "-")]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// Run the pipeline only up to this stage (each stage needs the ones
    /// before it): `segment` is tokenisation and sentences alone.
    #[arg(long, value_enum, default_value_t = StageName::Events)]
    pub until: StageName,
    /// Write to this file instead of standard output (`{shard}` and
    /// `{shards}` are filled in with --shard).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub coder: CoderArgs,
}

/// How inputs are read, shared by `analyze` and `ingest`.
#[derive(Debug, clap::Args)]
pub(crate) struct ReadArgs {
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    pub input_format: Option<InputKind>,
    /// Publication date (YYYY-MM-DD) for articles whose metadata has none.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<String>,
    /// Write rejected inputs and records here as JSON Lines
    /// (`{"path", "record", "kind", "error"}`), besides stderr.
    #[arg(long)]
    pub rejects: Option<PathBuf>,
    /// Largest article text accepted, in MiB.
    #[arg(long, default_value_t = 128)]
    pub max_mib: usize,
    /// Worker threads (0 = one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Progress bar on stderr: shown by default when stderr is a terminal.
    #[arg(long, overrides_with = "no_progress")]
    pub progress: bool,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Process only shard I of N (I counted from 0): the documents whose
    /// position in the input (files in sorted order, records in file order)
    /// is I modulo N. `{shard}` and `{shards}` in `--db` and `--output`
    /// become I and N, so SLURM/PBS arrays, GNU parallel or Kubernetes Jobs
    /// need nothing else (docs/python.md, "Scale out").
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
}

/// One shard of a sharded run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Shard {
    /// This shard, from 0.
    pub index: u64,
    /// How many.
    pub count: u64,
}

impl Shard {
    /// Whether the document at `position` (from 0) belongs to this shard.
    pub(crate) fn takes(self, position: u64) -> bool {
        position % self.count == self.index
    }

    /// `template` with `{shard}` and `{shards}` filled in.
    pub(crate) fn fill(self, template: &str) -> String {
        template
            .replace("{shard}", &self.index.to_string())
            .replace("{shards}", &self.count.to_string())
    }
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("expected I/N (e.g. 0/8), got {s:?}"))?;
    let index: u64 = i
        .trim()
        .parse()
        .map_err(|_| format!("bad shard index {i:?}"))?;
    let count: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("bad shard count {n:?}"))?;
    if count == 0 || index >= count {
        return Err(format!("shard I/N needs 0 <= I < N, got {s:?}"));
    }
    Ok(Shard { index, count })
}

/// Options of the actor and event stages, shared by `analyze` and
/// `ingest`.
#[derive(Debug, clap::Args)]
pub(crate) struct CoderArgs {
    /// More verb patterns for the event coder (the format of
    /// crates/dyad-events/data/verbs.tsv, documented in docs/events.md).
    #[arg(long, value_name = "FILE")]
    pub verbs: Option<PathBuf>,
    /// A folder of your own actor files (countries.tsv, metonyms.tsv,
    /// organisations.tsv, roles.tsv, people.tsv; any subset, format in
    /// docs/actors.md) added on top of the shipped knowledge base.
    #[arg(long, value_name = "DIR")]
    pub actors: Option<PathBuf>,
    /// Folder of PETRARCH/TABARI dictionaries (verbs, actors, agents,
    /// discards), e.g. PETRARCH-2's production files, for `--coder petrarch`
    /// or `--coder both`.
    #[arg(long, value_name = "DIR")]
    pub petrarch: Option<PathBuf>,
    /// Which event coder runs: dyad's own, PETRARCH's dictionaries in its
    /// place, or both (default: dyad, or both when --petrarch is given).
    #[arg(long, value_enum)]
    pub coder: Option<CoderName>,
    /// Your own issue list for the stances stage (the format of
    /// crates/dyad-stances/data/issues.tsv, documented in docs/stances.md);
    /// it replaces dyad's list unless --issues-extend.
    #[arg(long, value_name = "FILE")]
    pub issues: Option<PathBuf>,
    /// Add --issues to dyad's list instead of replacing it (rows with the
    /// same id replace dyad's).
    #[arg(long, requires = "issues")]
    pub issues_extend: bool,
}

/// The database, shared by `ingest`, `query` and `export`.
#[derive(Debug, clap::Args)]
pub(crate) struct DbArgs {
    /// Store URL: `sqlite://PATH` (embedded, created if missing) or
    /// `postgres://user@host/db`.
    #[arg(long, env = "DYAD_DB", default_value = "sqlite://dyad.db")]
    pub db: String,
}

#[derive(Debug, clap::Args)]
pub(crate) struct IngestArgs {
    /// Files, directories (read recursively), glob patterns, or `-` for
    /// standard input: anything `dyad analyze` reads.
    #[arg(default_value = "-")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub coder: CoderArgs,
    /// Articles stored per transaction.
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
    /// Merge reports of an event whose dates are at most this many days
    /// apart (docs/store.md).
    #[arg(long, default_value_t = 1)]
    pub window_days: u32,
    /// Store every event mention as its own event.
    #[arg(long)]
    pub no_dedup: bool,
    /// Seconds between log lines when no progress bar is shown.
    #[arg(long, default_value_t = 10)]
    pub log_every: u64,
}

/// What `query` lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum QueryTable {
    /// Deduplicated events.
    #[default]
    Events,
    /// Quotes and reported speech.
    Quotes,
    /// Stored articles.
    Articles,
    /// Actor codes with their counts.
    Actors,
    /// Sentences (full-text search with --text).
    Sentences,
}

#[derive(Debug, clap::Args)]
pub(crate) struct StancesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only this issue id (`troops-in-ukraine`); repeat it or separate ids
    /// with commas for several.
    #[arg(long = "issue", value_name = "ID", value_delimiter = ',')]
    pub issues: Vec<String>,
    /// Only stances held by this actor: code prefix (`GBR`) or name
    /// substring (`starmer`).
    #[arg(long)]
    pub actor: Option<String>,
    /// Article date on or after (`YYYY-MM-DD`).
    #[arg(long)]
    pub from: Option<String>,
    /// Article date on or before (`YYYY-MM-DD`).
    #[arg(long)]
    pub to: Option<String>,
    /// `table`: the matrix (rows actors, columns issues); `csv`, `jsonl`:
    /// one row per cell.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
    /// Also list each cell's statements (date, article, sentence,
    /// statement, cue words); with `jsonl`, as an `evidence` array.
    #[arg(long)]
    pub evidence: bool,
}

/// Output of `query`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum QueryFormat {
    /// An aligned table for reading.
    #[default]
    Table,
    /// One JSON object per row.
    Jsonl,
    /// CSV with a header.
    Csv,
}

/// Filters of `query` and `export` (docs/store.md): set filters are ANDed.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct FilterArgs {
    /// Events whose source or target is this actor: code prefix (`RUS`,
    /// `RUSGOV`) or name (case-insensitive substring, `Lavrov`).
    #[arg(long)]
    pub actor: Option<String>,
    /// A dyad `SOURCE,TARGET` of actor code prefixes (`USA,RUS`); with
    /// --either-order also the other way round.
    #[arg(long, value_name = "SOURCE,TARGET")]
    pub dyad: Option<String>,
    /// Source actor code prefix.
    #[arg(long)]
    pub source: Option<String>,
    /// Target actor code prefix.
    #[arg(long)]
    pub target: Option<String>,
    /// Match --dyad/--source/--target in either direction.
    #[arg(long)]
    pub either_order: bool,
    /// CAMEO event code prefix (`03`, `036`).
    #[arg(long)]
    pub code: Option<String>,
    /// CAMEO root code (`04`).
    #[arg(long)]
    pub root: Option<String>,
    /// GDELT quad class (1 verbal cooperation .. 4 material conflict).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub quad: Option<u8>,
    /// PLOVER event type (`CONSULT`, `REJECT`).
    #[arg(long)]
    pub plover: Option<String>,
    /// Modality (`asserted`, `intent`, `conditional`, `hypothetical`).
    #[arg(long)]
    pub modality: Option<String>,
    /// On or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<String>,
    /// On or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub to: Option<String>,
    /// Quotes: speaker name (substring) or actor code prefix.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Quotes and sentences: full-text search, every word must occur.
    #[arg(long)]
    pub text: Option<String>,
    /// Quotes: `direct`, `partial` or `indirect`.
    #[arg(long)]
    pub kind: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct QueryArgs {
    /// What to list.
    #[arg(value_enum, default_value_t)]
    pub table: QueryTable,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t)]
    pub format: QueryFormat,
    /// At most this many rows (0 = all).
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Rows after this id (the `next` id printed after a full page).
    #[arg(long)]
    pub after: Option<i64>,
}

/// Output of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// One JSON object per row.
    Jsonl,
    /// CSV with a header.
    Csv,
    /// GDELT 2.0 event columns, tab-separated (events only).
    Gdelt,
    /// Apache Parquet (needs --out).
    Parquet,
}

/// Tables of `export`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportTable {
    /// One row per deduplicated event.
    #[default]
    Events,
    /// One row per event mention (each report of each event).
    Mentions,
    /// One row per quote.
    Quotes,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// More stores to export after --db, in order: the shards of a sharded
    /// ingest (`--also sqlite://out/shard-1.db ...`). Ids are per store;
    /// events are deduplicated within each store, not across them (ingest
    /// every shard into one PostgreSQL database for that).
    #[arg(long, value_name = "URL", num_args = 1..)]
    pub also: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum)]
    pub format: ExportFormat,
    /// Which table.
    #[arg(long, value_enum, default_value_t)]
    pub table: ExportTable,
    /// Output file (default: standard output).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EvalCommand {
    /// Quote detection and speaker accuracy on PolNeAR (JSON Lines of
    /// articles with attribution relations; evaluation only).
    Quotes {
        /// PolNeAR-format file: ../shared/eval/polnear/polnear_dev.jsonl, or
        /// crates/dyad-attrib/gold/quotes.jsonl.
        #[arg(long, alias = "gold")]
        polnear: PathBuf,
        /// Print scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sentence and token boundary F1 against CoNLL-U treebanks (UD EWT,
    /// GUM); raw text is rebuilt from SpaceAfter=No and # newpar.
    Segment {
        /// CoNLL-U files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also write the rebuilt gold documents as JSON Lines (code point
        /// offsets) for scoring other tools on the same text.
        #[arg(long)]
        export: Option<PathBuf>,
        /// Print scores as JSON.
        #[arg(long)]
        json: bool,
        /// Write each missed gold sentence and the predicted sentences
        /// overlapping it here.
        #[arg(long)]
        errors: Option<PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<String, String> {
    if dyad_core::is_iso_day(s) {
        Ok(s.to_owned())
    } else {
        Err(format!("expected a date as YYYY-MM-DD, got {s:?}"))
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct EvalEventsArgs {
    /// PETRARCH validation suite folder (PETR.UnitTest.records.xml and the
    /// PETR.Validate dictionaries).
    #[arg(long, default_value = "../shared/eval/petrarch")]
    pub petrarch: PathBuf,
    /// PETRARCH-2 GSR validation file.
    #[arg(
        long,
        default_value = "../shared/eval/universalpetrarch/PETR2_GSR_validation.xml"
    )]
    pub gsr: PathBuf,
    /// Folder of the production PETRARCH dictionaries, to also score the
    /// PETRARCH coder over them on the GSR sentences.
    #[arg(long, default_value = "../shared/reference/petrarch-dictionaries")]
    pub dictionaries: PathBuf,
    /// NGEC actor-resolution cases (JSON Lines).
    #[arg(
        long,
        default_value = "../shared/eval/ngec/ngec_actor_resolution_tests.jsonl"
    )]
    pub ngec: PathBuf,
    /// The day NGEC's undated and "today" cases mean (default: 2022-10-20,
    /// when the suite was written; its latest dated case).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub ngec_today: Option<String>,
    /// Run only these suites (default: all).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub only: Vec<EventSuite>,
    /// Print the reports as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also list every failure.
    #[arg(long)]
    pub failures: bool,
}

/// The event evaluation suites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum EventSuite {
    Petrarch,
    Gsr,
    Ngec,
}

/// Event coders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum CoderName {
    Dyad,
    Petrarch,
    Both,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// Store URL (`sqlite://PATH`, `postgres://...`). Without one, a fresh
    /// SQLite database in a temporary folder (deleted on exit) holding the
    /// example article examples/riyadh-talks.txt.
    #[arg(long, env = "DYAD_DB")]
    pub db: Option<String>,
    /// Address to listen on (port 0: any free port; the bound address is
    /// printed as `listening on http://ADDR`). Non-loopback addresses need
    /// --token.
    #[arg(long, env = "DYAD_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Bearer token required by the write endpoints (POST /v1/articles,
    /// DELETE /v1/articles/{id}).
    #[arg(long, env = "DYAD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Store connections kept open (1 for sqlite::memory:).
    #[arg(long, default_value_t = 4)]
    pub connections: usize,
    /// Documents analysed at once (0 = one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Largest request body of one article, in MiB.
    #[arg(long, default_value_t = 4)]
    pub body_limit_mib: usize,
    /// Largest body of POST /v1/annotate/batch, in MiB.
    #[arg(long, default_value_t = 64)]
    pub batch_limit_mib: usize,
    /// Time limit of a request (of one document of a batch), in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout_secs: u64,
    #[command(flatten)]
    pub coder: CoderArgs,
}
