//! What the two backends share: bound values, the SQL dialect switch,
//! and a minimal connection interface the ingest and query code is
//! written against once.

use crate::StoreError;

/// A bound parameter. Typed even when null, because PostgreSQL checks a
/// parameter's Rust type against the column's.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bool(bool),
}

/// NUL cannot be stored in PostgreSQL TEXT; it becomes U+FFFD on both
/// backends. One code point for one code point, so code point offsets
/// stay valid.
pub(crate) fn clean(s: &str) -> String {
    if s.contains('\0') {
        s.replace('\0', "\u{FFFD}")
    } else {
        s.to_owned()
    }
}

impl Value {
    pub(crate) fn text(s: &str) -> Self {
        Value::Text(Some(clean(s)))
    }
    pub(crate) fn opt_text(s: Option<&str>) -> Self {
        Value::Text(s.map(clean))
    }
    pub(crate) fn int(i: i64) -> Self {
        Value::Int(Some(i))
    }
}

/// Which SQL dialect a statement is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// `haystack` contains the bound needle (both already lower-cased).
    pub(crate) fn contains(self, col: &str) -> String {
        match self {
            Dialect::Sqlite => format!("instr({col}, ?) > 0"),
            Dialect::Postgres => format!("strpos({col}, ?) > 0"),
        }
    }
}

/// One row being read.
pub(crate) trait RowRef {
    fn int(&self, i: usize) -> Result<Option<i64>, StoreError>;
    fn real(&self, i: usize) -> Result<Option<f64>, StoreError>;
    fn text(&self, i: usize) -> Result<Option<String>, StoreError>;
    fn boolean(&self, i: usize) -> Result<bool, StoreError>;

    fn req_int(&self, i: usize) -> Result<i64, StoreError> {
        self.int(i)?
            .ok_or_else(|| StoreError::Decode(format!("column {i} is NULL")))
    }
    fn req_text(&self, i: usize) -> Result<String, StoreError> {
        self.text(i)?
            .ok_or_else(|| StoreError::Decode(format!("column {i} is NULL")))
    }
    fn req_real(&self, i: usize) -> Result<f64, StoreError> {
        self.real(i)?
            .ok_or_else(|| StoreError::Decode(format!("column {i} is NULL")))
    }
}

/// A connection or an open transaction. SQL uses `?` placeholders; the
/// PostgreSQL side renumbers them `$1, $2, ...`.
pub(crate) trait Conn {
    fn dialect(&self) -> Dialect;
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    fn query(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&dyn RowRef) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// The first column of the first row, as an integer (`None` when no
    /// row or NULL).
    fn query_i64(&mut self, sql: &str, params: &[Value]) -> Result<Option<i64>, StoreError> {
        let mut out = None;
        let mut first = true;
        self.query(sql, params, &mut |r| {
            if first {
                out = r.int(0)?;
                first = false;
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Run an `INSERT ... RETURNING id`.
    fn insert(&mut self, sql: &str, params: &[Value]) -> Result<i64, StoreError> {
        self.query_i64(sql, params)?
            .ok_or_else(|| StoreError::Decode("INSERT returned no id".into()))
    }
}

/// `?` -> `$n`, outside quoted literals.
pub(crate) fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    let mut in_quote = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                in_quote = !in_quote;
                out.push(c);
            }
            '?' if !in_quote => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_literals() {
        assert_eq!(
            numbered_placeholders("a = ? AND b = '?' AND c > ?"),
            "a = $1 AND b = '?' AND c > $2"
        );
    }

    #[test]
    fn nul_becomes_one_code_point() {
        let s = "a\0b";
        assert_eq!(clean(s).chars().count(), s.chars().count());
        assert!(!clean(s).contains('\0'));
    }
}
