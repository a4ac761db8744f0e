//! Versioned migrations, embedded in the binary. Each backend applies, in
//! order and each in its own transaction, the migrations above the highest
//! version in its `schema_version` table.

/// One migration.
#[derive(Debug)]
pub(crate) struct Migration {
    pub(crate) version: i64,
    pub(crate) name: &'static str,
    pub(crate) sql: &'static str,
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 2;

pub(crate) const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../migrations/sqlite/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "stances",
        sql: include_str!("../migrations/sqlite/0002_stances.sql"),
    },
];

pub(crate) const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "stances",
        sql: include_str!("../migrations/postgres/0002_stances.sql"),
    },
];

pub(crate) const CREATE_VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_version (\
     version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

/// The migrations to apply on a database at `current`, or an error when
/// the database is newer than this build.
pub(crate) fn pending(
    all: &'static [Migration],
    current: i64,
) -> Result<&'static [Migration], crate::StoreError> {
    if current > SCHEMA_VERSION {
        return Err(crate::StoreError::SchemaTooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    let start = all
        .iter()
        .position(|m| m.version > current)
        .unwrap_or(all.len());
    Ok(&all[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_in_step() {
        assert_eq!(SQLITE.len(), POSTGRES.len());
        for (i, (s, p)) in SQLITE.iter().zip(POSTGRES).enumerate() {
            assert_eq!(s.version, i as i64 + 1);
            assert_eq!(p.version, s.version);
            assert_eq!(p.name, s.name);
        }
        assert_eq!(SQLITE.last().map(|m| m.version), Some(SCHEMA_VERSION));
        assert_eq!(pending(SQLITE, 0).map(<[_]>::len).ok(), Some(SQLITE.len()));
        assert_eq!(pending(POSTGRES, 1).map(|m| m[0].version).ok(), Some(2));
        assert_eq!(
            pending(SQLITE, SCHEMA_VERSION).map(<[_]>::len).ok(),
            Some(0)
        );
        assert!(pending(SQLITE, SCHEMA_VERSION + 1).is_err());
    }

    /// Every table and column of one backend's schema exists in the other.
    #[test]
    fn same_columns_on_both_backends() {
        fn columns(sql: &str) -> Vec<String> {
            sql.lines()
                .map(str::trim)
                .filter(|l| !l.starts_with("--") && !l.is_empty())
                .filter(|l| !l.starts_with("CREATE INDEX") && !l.starts_with("CREATE VIRTUAL"))
                .filter(|l| !l.starts_with("text, content") && !l.starts_with(")"))
                .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
                .collect()
        }
        for (s, p) in SQLITE.iter().zip(POSTGRES) {
            assert_eq!(columns(s.sql), columns(p.sql), "migration {}", s.version);
        }
    }
}
