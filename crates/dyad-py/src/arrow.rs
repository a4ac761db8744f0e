//! Flat rows to Arrow IPC streams (one record batch per table), which
//! pyarrow reads without copying (`pyarrow.ipc.open_stream`).

use arrow_schema::FieldRef;
use dyad_pipeline::tables::{EntityRow, EventRow, QuoteRow, StanceRow, Tables};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_arrow::schema::{SchemaLike, TracingOptions};

/// The Arrow fields of a row type: strings as `utf8` (not `large_utf8`,
/// which Spark's Arrow conversion does not take), options nullable.
fn fields<T: DeserializeOwned>() -> Result<Vec<FieldRef>, String> {
    Vec::<FieldRef>::from_type::<T>(TracingOptions::default().strings_as_large_utf8(false))
        .map_err(|e| e.to_string())
}

/// `rows` as an Arrow IPC stream of one record batch.
fn ipc<T: Serialize + DeserializeOwned>(rows: &[T]) -> Result<Vec<u8>, String> {
    let fields = fields::<T>()?;
    let batch = serde_arrow::to_record_batch(&fields, &rows).map_err(|e| e.to_string())?;
    let mut w = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), &batch.schema())
        .map_err(|e| e.to_string())?;
    w.write(&batch).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    w.into_inner().map_err(|e| e.to_string())
}

/// The four tables as IPC streams, named as in `tables::TABLES`.
pub(crate) fn tables_ipc(t: &Tables) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    Ok(vec![
        ("events", ipc::<EventRow>(&t.events)?),
        ("quotes", ipc::<QuoteRow>(&t.quotes)?),
        ("entities", ipc::<EntityRow>(&t.entities)?),
        ("stances", ipc::<StanceRow>(&t.stances)?),
    ])
}
