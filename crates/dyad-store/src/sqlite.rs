//! The SQLite backend: one file (or memory), WAL journal, FTS5 full-text
//! indexes.

use std::path::Path;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::value::{Conn, Dialect, RowRef, Value};
use crate::{EventFilter, StoreError, dates, query, schema};

/// A store in one SQLite database.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        use rusqlite::types::Value as V;
        Ok(match self {
            Value::Int(Some(i)) => ToSqlOutput::Owned(V::Integer(*i)),
            Value::Real(Some(f)) => ToSqlOutput::Owned(V::Real(*f)),
            Value::Text(Some(s)) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bool(b) => ToSqlOutput::Owned(V::Integer(i64::from(*b))),
            Value::Int(None) | Value::Real(None) | Value::Text(None) => ToSqlOutput::Owned(V::Null),
        })
    }
}

struct SqliteRow<'a, 'b>(&'a rusqlite::Row<'b>);

impl RowRef for SqliteRow<'_, '_> {
    fn int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.0.get(i)?)
    }
    fn real(&self, i: usize) -> Result<Option<f64>, StoreError> {
        Ok(self.0.get(i)?)
    }
    fn text(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(self.0.get(i)?)
    }
    fn boolean(&self, i: usize) -> Result<bool, StoreError> {
        Ok(self.0.get(i)?)
    }
}

/// A connection or transaction (which derefs to its connection).
pub(crate) struct SqliteConn<'a>(pub(crate) &'a Connection);

impl Conn for SqliteConn<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut st = self.0.prepare_cached(sql)?;
        Ok(st.execute(rusqlite::params_from_iter(params.iter()))? as u64)
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&dyn RowRef) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut st = self.0.prepare_cached(sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(row) = rows.next()? {
            f(&SqliteRow(row))?;
        }
        Ok(())
    }
}

impl SqliteStore {
    /// Open (creating if needed) the database at `path` and migrate it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        Self::init(Connection::open(path)?)
    }

    /// A private in-memory database (gone when dropped).
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.set_prepared_statement_cache_capacity(64);
        // WAL: readers do not block the writer, and a killed writer leaves
        // the last committed batch intact. ("memory" for in-memory DBs.)
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
        )?;
        let mut store = Self { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch(schema::CREATE_VERSION_TABLE)?;
        let current: i64 = self
            .conn
            .query_row("SELECT MAX(version) FROM schema_version", [], |r| {
                r.get::<_, Option<i64>>(0)
            })
            .optional()?
            .flatten()
            .unwrap_or(0);
        for m in schema::pending(schema::SQLITE, current)? {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(m.sql)?;
            tx.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![m.version, m.name, dates::now_utc()],
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    fn conn(&mut self) -> SqliteConn<'_> {
        SqliteConn(&self.conn)
    }

    /// SQLite's `EXPLAIN QUERY PLAN` of the event query for `f` (one line
    /// per plan step), to check which indexes a query uses.
    pub fn explain_events(&mut self, f: &EventFilter) -> Result<Vec<String>, StoreError> {
        let (sql, params) = query::events_sql(Dialect::Sqlite, f)?;
        let mut st = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            r.get::<_, String>(3)
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Run `ANALYZE` so the planner knows the index statistics (worth doing
    /// after a large import).
    pub fn analyze(&mut self) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch("ANALYZE")?)
    }
}

impl crate::Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn ingest(
        &mut self,
        docs: &[dyad_core::Document],
        opts: &crate::IngestOptions,
    ) -> Result<crate::BatchReport, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let report = crate::ingest::ingest_batch(&mut SqliteConn(&tx), docs, opts)?;
        tx.commit()?;
        Ok(report)
    }

    fn delete_article(&mut self, id: i64) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = crate::delete::delete_article(&mut SqliteConn(&tx), id)?;
        tx.commit()?;
        Ok(found)
    }

    crate::store_queries!();
}
