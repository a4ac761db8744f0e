//! Deleting one stored article, written once over [`Conn`] for both
//! backends. The caller wraps it in one transaction.
//!
//! Everything the article contributed goes: its sentences, entities,
//! quotes (and their full-text entries on SQLite), event mentions,
//! stances and negotiations.
//! Each event one of its mentions belonged to is then either deleted (no
//! mention left) or recounted; an event whose first mention went takes its
//! earliest remaining mention as the new first mention (code, quad class,
//! Goldstein value, PLOVER type and anchor date come from it; the actor
//! names and the place stay, as every mention shares the clustering key).

use std::collections::BTreeSet;

use crate::StoreError;
use crate::ingest::RECOUNT;
use crate::value::{Conn, Dialect, Value};

/// Delete article `id`; `false` when there is no such article.
pub(crate) fn delete_article(c: &mut dyn Conn, id: i64) -> Result<bool, StoreError> {
    let arg = [Value::int(id)];
    if c.query_i64("SELECT id FROM articles WHERE id = ?", &arg)?
        .is_none()
    {
        return Ok(false);
    }
    let mut events = BTreeSet::new();
    c.query(
        "SELECT DISTINCT event_id FROM event_mentions WHERE article_id = ?",
        &arg,
        &mut |r| {
            events.insert(r.req_int(0)?);
            Ok(())
        },
    )?;
    if c.dialect() == Dialect::Sqlite {
        // The FTS5 tables are contentless: an entry is removed by giving
        // back the exact text it was indexed with.
        for (table, fts) in [("sentences", "sentences_fts"), ("quotes", "quotes_fts")] {
            let mut rows = Vec::new();
            c.query(
                &format!("SELECT id, text FROM {table} WHERE article_id = ?"),
                &arg,
                &mut |r| {
                    rows.push((r.req_int(0)?, r.req_text(1)?));
                    Ok(())
                },
            )?;
            let sql = format!("INSERT INTO {fts} ({fts}, rowid, text) VALUES ('delete', ?, ?)");
            for (rowid, text) in rows {
                c.execute(&sql, &[Value::int(rowid), Value::text(&text)])?;
            }
        }
    }
    // Events lose their first mention pointer before the mention goes
    // (it is re-pointed below).
    for e in &events {
        c.execute(
            "UPDATE events SET first_mention_id = NULL WHERE id = ? AND first_mention_id IN \
             (SELECT id FROM event_mentions WHERE article_id = ?)",
            &[Value::int(*e), Value::int(id)],
        )?;
    }
    for table in [
        "negotiations",
        "stances",
        "event_mentions",
        "quotes",
        "entities",
        "sentences",
    ] {
        c.execute(&format!("DELETE FROM {table} WHERE article_id = ?"), &arg)?;
    }
    c.execute("DELETE FROM articles WHERE id = ?", &arg)?;
    for e in events {
        let ev = [Value::int(e)];
        let first = c.query_i64("SELECT MIN(id) FROM event_mentions WHERE event_id = ?", &ev)?;
        let Some(first) = first else {
            c.execute("DELETE FROM events WHERE id = ?", &ev)?;
            continue;
        };
        c.execute(
            "UPDATE events SET first_mention_id = m.id, code = m.code, quad_class = m.quad_class, \
             goldstein = m.goldstein, plover_event = m.plover_event, plover_mode = m.plover_mode, \
             date = m.date \
             FROM (SELECT id, code, quad_class, goldstein, plover_event, plover_mode, date \
                   FROM event_mentions WHERE id = ?) AS m \
             WHERE events.id = ? AND events.first_mention_id IS NULL",
            &[Value::int(first), Value::int(e)],
        )?;
        c.execute(RECOUNT, &ev)?;
    }
    Ok(true)
}
