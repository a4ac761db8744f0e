//! The PostgreSQL backend (the synchronous `postgres` client, no TLS):
//! same schema and semantics as SQLite, full-text search with
//! `to_tsvector('simple', ..)` GIN indexes.

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Statement};

use crate::value::{Conn, Dialect, RowRef, Value, numbered_placeholders};
use crate::{StoreError, dates, schema};

/// Advisory lock key taken by migrations and by every ingest batch, so
/// that two writers never cluster events at the same time.
const WRITER_LOCK: i64 = 0x6479_6164_5354; // "dyadST"

/// A store in one PostgreSQL database (or one schema of it).
pub struct PostgresStore {
    client: Client,
    cache: HashMap<String, Statement>,
    schema: Option<String>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("schema", &self.schema)
            .field("cached_statements", &self.cache.len())
            .finish_non_exhaustive()
    }
}

struct PgRow<'a>(&'a postgres::Row);

impl RowRef for PgRow<'_> {
    fn int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.0.try_get(i)?)
    }
    fn real(&self, i: usize) -> Result<Option<f64>, StoreError> {
        Ok(self.0.try_get(i)?)
    }
    fn text(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(self.0.try_get(i)?)
    }
    fn boolean(&self, i: usize) -> Result<bool, StoreError> {
        Ok(self.0.try_get(i)?)
    }
}

pub(crate) struct PgConn<'a, C: GenericClient> {
    client: &'a mut C,
    cache: &'a mut HashMap<String, Statement>,
}

impl<C: GenericClient> PgConn<'_, C> {
    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(st) = self.cache.get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.prepare(&numbered_placeholders(sql))?;
        if self.cache.len() > 256 {
            self.cache.clear();
        }
        self.cache.insert(sql.to_owned(), st.clone());
        Ok(st)
    }
}

fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|v| -> &(dyn ToSql + Sync) {
            match v {
                Value::Int(o) => o,
                Value::Real(o) => o,
                Value::Text(o) => o,
                Value::Bool(b) => b,
            }
        })
        .collect()
}

impl<C: GenericClient> Conn for PgConn<'_, C> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let st = self.statement(sql)?;
        Ok(self.client.execute(&st, &refs(params))?)
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&dyn RowRef) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let st = self.statement(sql)?;
        for row in self.client.query(&st, &refs(params))? {
            f(&PgRow(&row))?;
        }
        Ok(())
    }
}

/// A schema name we are willing to put into SQL: lower-case ASCII letters,
/// digits and `_`, starting with a letter, at most 63 bytes.
fn valid_schema(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl PostgresStore {
    /// Connect to `url` (`postgres://user:pass@host:port/db`, no TLS) and
    /// migrate the database's default schema.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_in(url, None)
    }

    /// Connect and work inside schema `schema` (created if missing; name of
    /// lower-case letters, digits and `_`). Tests use one schema each.
    pub fn connect_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        Self::connect_in(url, Some(schema))
    }

    fn connect_in(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        if let Some(s) = schema {
            if !valid_schema(s) {
                return Err(StoreError::BadUrl(format!("invalid schema name {s:?}")));
            }
            // The name is checked above: identifiers cannot be bound.
            client.batch_execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS {s}; SET search_path TO {s}"
            ))?;
        }
        let mut store = Self {
            client,
            cache: HashMap::new(),
            schema: schema.map(str::to_owned),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Drop schema `schema` and everything in it (test clean-up).
    pub fn drop_schema(url: &str, schema: &str) -> Result<(), StoreError> {
        if !valid_schema(schema) {
            return Err(StoreError::BadUrl(format!(
                "invalid schema name {schema:?}"
            )));
        }
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        tx.batch_execute(schema::CREATE_VERSION_TABLE)?;
        let current: Option<i64> = tx
            .query_one("SELECT MAX(version) FROM schema_version", &[])?
            .try_get(0)?;
        for m in schema::pending(schema::POSTGRES, current.unwrap_or(0))? {
            tx.batch_execute(m.sql)?;
            tx.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                &[&m.version, &m.name, &dates::now_utc()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn conn(&mut self) -> PgConn<'_, Client> {
        PgConn {
            client: &mut self.client,
            cache: &mut self.cache,
        }
    }
}

impl crate::Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn ingest(
        &mut self,
        docs: &[dyad_core::Document],
        opts: &crate::IngestOptions,
    ) -> Result<crate::BatchReport, StoreError> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        let report = crate::ingest::ingest_batch(
            &mut PgConn {
                client: &mut tx,
                cache: &mut self.cache,
            },
            docs,
            opts,
        )?;
        tx.commit()?;
        Ok(report)
    }

    fn delete_article(&mut self, id: i64) -> Result<bool, StoreError> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        let found = crate::delete::delete_article(
            &mut PgConn {
                client: &mut tx,
                cache: &mut self.cache,
            },
            id,
        )?;
        tx.commit()?;
        Ok(found)
    }

    crate::store_queries!();
}
