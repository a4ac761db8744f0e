//! `dyad export`: a stored table as JSON Lines, CSV, GDELT 2.0 rows or
//! Parquet, streamed from the store a page at a time.
//!
//! Tables (columns documented in docs/store.md): `events` (one row per
//! deduplicated event), `mentions` (one row per report of an event),
//! `quotes` (one row per quote). `--format gdelt` writes GDELT 2.0's event
//! table for `events` and its mentions table for `mentions`.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};

use anyhow::Context;
use dyad_events::export::{GdeltActor, GdeltRow, write_gdelt_row};
use dyad_store::{EventMentionRow, EventRow, QuoteRow, StoreError};
use serde::Serialize;

use crate::cli::{ExportArgs, ExportFormat, ExportTable};
use crate::commands::query::{
    EVENT_FILTERS, QUOTE_FILTERS, check_filters, event_filter, quote_filter,
};
use crate::exit;

/// Rows per Parquet row group / record batch.
#[cfg(feature = "parquet")]
const PARQUET_BATCH: usize = 16_384;

pub(crate) fn run(args: &ExportArgs) -> anyhow::Result<u8> {
    let out: Box<dyn Write + Send> = match &args.out {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => {
            if args.format == ExportFormat::Parquet && io::stdout().is_terminal() {
                anyhow::bail!("Parquet is binary: give --out FILE or redirect standard output");
            }
            Box::new(io::stdout())
        }
    };
    let out = BufWriter::with_capacity(1 << 20, out);
    let mut sink = Sink::new(args.format, args.table, out)?;
    let mut n = 0;
    for url in std::iter::once(&args.db.db).chain(&args.also) {
        let mut store =
            dyad_store::open(url).with_context(|| format!("cannot open store {url}"))?;
        n += export_store(store.as_mut(), args, &mut sink)?;
    }
    sink.finish()?;
    eprintln!("dyad: exported {n} row(s)");
    Ok(exit::OK)
}

/// Write one store's rows of the chosen table into `sink`.
fn export_store(
    store: &mut dyn dyad_store::Store,
    args: &ExportArgs,
    sink: &mut Sink,
) -> anyhow::Result<u64> {
    Ok(match args.table {
        ExportTable::Events => {
            check_filters("events", &args.filter, EVENT_FILTERS)?;
            let f = event_filter(&args.filter)?;
            store.for_each_event(&f, &mut |row| sink.event(&row).map_err(to_store))?
        }
        ExportTable::Mentions => {
            check_filters("mentions", &args.filter, EVENT_FILTERS)?;
            let f = event_filter(&args.filter)?;
            store.for_each_mention(&f, &mut |m| sink.mention(&m).map_err(to_store))?
        }
        ExportTable::Quotes => {
            check_filters("quotes", &args.filter, QUOTE_FILTERS)?;
            let f = quote_filter(&args.filter);
            store.for_each_quote(&f, &mut |row| sink.quote(&row).map_err(to_store))?
        }
    })
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(to_store)`
fn to_store(e: anyhow::Error) -> StoreError {
    StoreError::Visitor(format!("{e:#}"))
}

/// The output stream.
type Out = Box<dyn Write + Send>;

/// Where rows go, by format.
enum Sink {
    Jsonl(Out),
    Csv(csv::Writer<Out>),
    Gdelt(Out),
    #[cfg(feature = "parquet")]
    Parquet(parquet_sink::ParquetSink),
}

impl Sink {
    fn new(format: ExportFormat, table: ExportTable, out: BufWriter<Out>) -> anyhow::Result<Self> {
        let out: Out = Box::new(out);
        Ok(match format {
            ExportFormat::Jsonl => Sink::Jsonl(out),
            ExportFormat::Csv => Sink::Csv(csv::Writer::from_writer(out)),
            ExportFormat::Gdelt => {
                if table == ExportTable::Quotes {
                    anyhow::bail!("--format gdelt writes events or mentions, not quotes");
                }
                Sink::Gdelt(out)
            }
            #[cfg(feature = "parquet")]
            ExportFormat::Parquet => Sink::Parquet(parquet_sink::ParquetSink::new(table, out)?),
            #[cfg(not(feature = "parquet"))]
            ExportFormat::Parquet => {
                anyhow::bail!("this dyad was built without the `parquet` feature")
            }
        })
    }

    fn row<T: Serialize>(&mut self, row: &T) -> anyhow::Result<()> {
        match self {
            Sink::Jsonl(w) => {
                serde_json::to_writer(&mut *w, row)?;
                w.write_all(b"\n")?;
            }
            Sink::Csv(w) => w.serialize(row)?,
            Sink::Gdelt(_) => anyhow::bail!("no GDELT form for this row"),
            #[cfg(feature = "parquet")]
            Sink::Parquet(p) => p.push(row)?,
        }
        Ok(())
    }

    fn event(&mut self, e: &EventRow) -> anyhow::Result<()> {
        if let Sink::Gdelt(w) = self {
            write_gdelt_row(&gdelt_event(e), w)?;
            return Ok(());
        }
        self.row(e)
    }

    fn mention(&mut self, m: &EventMentionRow) -> anyhow::Result<()> {
        if let Sink::Gdelt(w) = self {
            write_gdelt_mention(m, w)?;
            return Ok(());
        }
        self.row(m)
    }

    fn quote(&mut self, q: &QuoteRow) -> anyhow::Result<()> {
        self.row(q)
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Jsonl(mut w) | Sink::Gdelt(mut w) => w.flush()?,
            Sink::Csv(mut w) => w.flush()?,
            #[cfg(feature = "parquet")]
            Sink::Parquet(p) => p.finish()?,
        }
        Ok(())
    }
}

/// A stored event as a GDELT 2.0 event row.
fn gdelt_event(e: &EventRow) -> GdeltRow {
    let side = |code: &Option<String>,
                name: &Option<String>,
                text: &Option<String>,
                country: &Option<String>,
                sector: &Option<String>| GdeltActor {
        code: code.clone().unwrap_or_default(),
        name: name
            .clone()
            .or_else(|| text.as_ref().map(|t| t.to_uppercase()))
            .unwrap_or_default(),
        country: country.clone().unwrap_or_default(),
        sector: sector.clone().unwrap_or_default(),
        sector2: String::new(),
    };
    GdeltRow {
        id: u64::try_from(e.id).unwrap_or(0),
        date: e
            .date
            .clone()
            .or_else(|| e.first_seen.clone())
            .unwrap_or_default(),
        source: side(
            &e.source_code,
            &e.source_name,
            &e.source_text,
            &e.source_country,
            &e.source_sector,
        ),
        target: side(
            &e.target_code,
            &e.target_name,
            &e.target_text,
            &e.target_country,
            &e.target_sector,
        ),
        is_root: e.sentence == Some(0),
        code: e.code.clone(),
        root: e.root.clone(),
        quad_class: u8::try_from(e.quad_class).unwrap_or(0),
        goldstein: e.goldstein,
        num_mentions: u64::try_from(e.num_mentions).unwrap_or(0),
        num_sources: u64::try_from(e.num_sources).unwrap_or(0),
        num_articles: u64::try_from(e.num_articles).unwrap_or(0),
        location: e.location.clone(),
        added: e.first_seen.clone().unwrap_or_default(),
        url: e.url.clone().unwrap_or_default(),
    }
}

/// Columns of GDELT 2.0's mentions table.
const GDELT_MENTION_COLUMNS: usize = 16;

/// A stored mention as a GDELT 2.0 mentions row: GlobalEventID,
/// EventTimeDate, MentionTimeDate, MentionType (1: web), MentionSourceName,
/// MentionIdentifier, SentenceID (1-based), Actor1CharOffset,
/// Actor2CharOffset, ActionCharOffset (code points; -1 when absent),
/// InRawText (1), Confidence (percent), MentionDocLen, MentionDocTone,
/// MentionDocTranslationInfo, Extras (the rule that coded it).
fn write_gdelt_mention(m: &EventMentionRow, out: &mut Out) -> io::Result<()> {
    let stamp = |d: &Option<String>| -> String {
        let ymd: String = d
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .take(8)
            .collect();
        if ymd.len() == 8 {
            format!("{ymd}000000")
        } else {
            String::new()
        }
    };
    let off = |o: Option<i64>| o.map_or_else(|| "-1".to_owned(), |v| v.to_string());
    let cols: [String; GDELT_MENTION_COLUMNS] = [
        m.event_id.to_string(),
        stamp(&m.date),
        stamp(&m.seen),
        "1".into(),
        m.outlet.clone(),
        m.url.clone().unwrap_or_else(|| m.doc_id.clone()),
        (m.sentence + 1).to_string(),
        off(m.source_start),
        off(m.target_start),
        m.trigger_start.to_string(),
        "1".into(),
        format!("{:.0}", (m.confidence * 100.0).clamp(0.0, 100.0)),
        String::new(),
        String::new(),
        String::new(),
        m.rule.clone(),
    ];
    let line: Vec<String> = cols
        .iter()
        .map(|c| c.replace(['\t', '\n', '\r'], " "))
        .collect();
    writeln!(out, "{}", line.join("\t"))
}

#[cfg(feature = "parquet")]
mod parquet_sink {
    //! Rows to Parquet: the Arrow schema is traced from the row type
    //! (serde_arrow), rows are buffered [`PARQUET_BATCH`] at a time and
    //! written as one row group each, Snappy-compressed.

    use std::io::Write;
    use std::sync::Arc;

    use anyhow::Context;
    use arrow_schema::{FieldRef, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    use serde::Serialize;
    use serde_arrow::schema::{SchemaLike, TracingOptions};

    use super::PARQUET_BATCH;
    use crate::cli::ExportTable;

    pub(super) struct ParquetSink {
        fields: Vec<FieldRef>,
        rows: Vec<serde_json::Value>,
        writer: ArrowWriter<super::Out>,
    }

    /// Fields traced from a row type; Option fields are nullable.
    fn fields_of<T: serde::de::DeserializeOwned>() -> anyhow::Result<Vec<FieldRef>> {
        Vec::<FieldRef>::from_type::<T>(TracingOptions::default())
            .context("tracing the Parquet schema")
    }

    impl ParquetSink {
        pub(super) fn new(table: ExportTable, out: super::Out) -> anyhow::Result<Self> {
            let fields = match table {
                ExportTable::Events => fields_of::<dyad_store::EventRow>()?,
                ExportTable::Mentions => fields_of::<dyad_store::EventMentionRow>()?,
                ExportTable::Quotes => fields_of::<dyad_store::QuoteRow>()?,
            };
            let schema = Arc::new(Schema::new(fields.clone()));
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_max_row_group_row_count(Some(PARQUET_BATCH))
                .build();
            let writer = ArrowWriter::try_new(out, schema, Some(props))
                .context("starting the Parquet file")?;
            Ok(Self {
                fields,
                rows: Vec::with_capacity(PARQUET_BATCH),
                writer,
            })
        }

        pub(super) fn push<T: Serialize>(&mut self, row: &T) -> anyhow::Result<()> {
            self.rows.push(serde_json::to_value(row)?);
            if self.rows.len() >= PARQUET_BATCH {
                self.flush()?;
            }
            Ok(())
        }

        fn flush(&mut self) -> anyhow::Result<()> {
            if self.rows.is_empty() {
                return Ok(());
            }
            let batch = serde_arrow::to_record_batch(&self.fields, &self.rows)
                .context("building a Parquet row group")?;
            self.writer.write(&batch).context("writing Parquet")?;
            self.rows.clear();
            Ok(())
        }

        pub(super) fn finish(mut self) -> anyhow::Result<()> {
            self.flush()?;
            let mut inner = self
                .writer
                .into_inner()
                .context("closing the Parquet file")?;
            inner.flush()?;
            Ok(())
        }
    }
}
