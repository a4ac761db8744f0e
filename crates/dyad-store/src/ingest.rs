//! The ingest batch, written once over [`Conn`] for both backends. The
//! caller wraps it in one transaction.

use std::collections::{BTreeSet, HashSet};

use dyad_core::Document;

use crate::dedup::{self, Candidate};
use crate::prepare::{PActor, PParty, Prepared, content_hash, prepare};
use crate::value::{Conn, Dialect, Value};
use crate::{BatchReport, IngestOptions, StoreError, dates};

const INSERT_ARTICLE: &str = "INSERT INTO articles (doc_id, content_hash, title, date, day, url, source, \
     outlet, language, authors, origin_path, origin_record, origin_format, encoding, pipeline, text, \
     chars, num_sentences, num_quotes, num_events, ingested_at) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

const INSERT_SENTENCE: &str = "INSERT INTO sentences (article_id, idx, paragraph, start_char, end_char, text) \
     VALUES (?, ?, ?, ?, ?, ?)";

const INSERT_ENTITY: &str = "INSERT INTO entities (article_id, idx, label, name, gender, number, num_mentions, \
     actor_code, actor_country, actor_sector, actor_sector2, actor_name, actor_role, actor_rule) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

const INSERT_QUOTE: &str = "INSERT INTO quotes (article_id, idx, sentence_idx, kind, text, start_char, end_char, \
     cue, cue_lemma, cue_start, cue_end, speaker_name, speaker_name_lc, speaker_entity, speaker_title, \
     speaker_code, speaker_country, speaker_sector, confidence, rule) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Rows per multi-row `INSERT` of [`insert_rows`]: 32 quotes are 640
/// parameters, far below both backends' limits, and the few statement
/// shapes (one per remainder) stay in the prepared-statement cache.
const ROWS_PER_INSERT: usize = 32;

/// Insert `values`, one row after another, with the single-row statement
/// `single` (`INSERT INTO t (cols) VALUES (?, ...)`, whose placeholders
/// give the row width; a `RETURNING` clause is dropped),
/// [`ROWS_PER_INSERT`] rows a statement.
fn insert_rows(c: &mut dyn Conn, single: &str, values: &[Value]) -> Result<(), StoreError> {
    let at = single.find("VALUES").unwrap_or(single.len());
    let (head, tail) = single.split_at(at);
    let width = tail.matches('?').count().max(1);
    let row = format!("({})", vec!["?"; width].join(", "));
    for chunk in values.chunks(width * ROWS_PER_INSERT) {
        let n = chunk.len() / width;
        let sql = format!("{head}VALUES {}", vec![row.as_str(); n].join(", "));
        c.execute(&sql, chunk)?;
    }
    Ok(())
}

const INSERT_EVENT: &str = "INSERT INTO events (source_key, target_key, root, negated, modality, date, \
     location_country, code, quad_class, goldstein, plover_event, plover_mode, source_code, source_name, \
     source_name_lc, source_country, source_sector, target_code, target_name, target_name_lc, \
     target_country, target_sector, location, first_seen, last_seen, num_articles, num_sources, \
     num_mentions) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 1) RETURNING id";

const INSERT_MENTION: &str = "INSERT INTO event_mentions (event_id, article_id, idx, sentence_idx, code, root, \
     quad_class, goldstein, plover_event, plover_mode, source_code, source_text, source_start, source_end, \
     target_code, target_text, target_start, target_end, participants, trigger_text, trigger_lemma, \
     trigger_start, trigger_end, negated, modality, location, location_start, location_end, \
     location_country, date, seen, outlet, rule, confidence) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// An article's `(event index, mention id)` pairs, for its negotiations'
/// links to meetings and agreements.
const ARTICLE_MENTIONS: &str =
    "SELECT idx, id FROM event_mentions WHERE article_id = ? ORDER BY idx";

const INSERT_STANCE: &str = "INSERT INTO stances (article_id, idx, sentence_idx, holder, holder_lc, \
     actor_code, actor_country, actor_sector, actor_key, issue_id, issue_label, polarity, strength, text, \
     start_char, end_char, cue, cue_start, cue_end, evidence, quote_idx, rule, day) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

const INSERT_NEGOTIATION: &str = "INSERT INTO negotiations (article_id, idx, place, place_start, \
     place_end, present, present_names, excluded, excluded_names, red_lines, preconditions, agreements, \
     meetings, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

const CANDIDATES: &str = "SELECT id, date, location_country FROM events \
     WHERE source_key = ? AND target_key = ? AND root = ? AND negated = ? AND modality = ? \
     AND date >= ? AND date <= ? ORDER BY id";

pub(crate) const RECOUNT: &str = "UPDATE events SET \
     num_mentions = (SELECT COUNT(*) FROM event_mentions m WHERE m.event_id = events.id), \
     num_articles = (SELECT COUNT(DISTINCT m.article_id) FROM event_mentions m WHERE m.event_id = events.id), \
     num_sources = (SELECT COUNT(DISTINCT m.outlet) FROM event_mentions m WHERE m.event_id = events.id), \
     first_seen = (SELECT MIN(m.seen) FROM event_mentions m WHERE m.event_id = events.id), \
     last_seen = (SELECT MAX(m.seen) FROM event_mentions m WHERE m.event_id = events.id) \
     WHERE id = ?";

/// The first mention of each event created after the given id: its
/// smallest mention id, since an event's creating mention is stored right
/// after it and later reports of it after that.
const FIRST_MENTIONS: &str = "UPDATE events SET first_mention_id = \
     (SELECT MIN(m.id) FROM event_mentions m WHERE m.event_id = events.id) \
     WHERE id > ? AND first_mention_id IS NULL";

/// SQLite's full-text rows of the sentences and quotes stored after the
/// given id, in one statement per batch. FTS5 writes its pending terms to
/// disk at every statement that opens a savepoint (any insert under a
/// foreign key or a unique constraint does), so a full-text row inserted
/// after each sentence made one index segment per row and then merged
/// them: 40% of the writer's time. PostgreSQL indexes the text column
/// itself.
const FTS_FILL_SENTENCES: &str = "INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences WHERE id > ? ORDER BY id";
const FTS_FILL_QUOTES: &str =
    "INSERT INTO quotes_fts (rowid, text) SELECT id, text FROM quotes WHERE id > ? ORDER BY id";

fn t(s: &str) -> Value {
    Value::text(s)
}
fn ot(s: Option<&String>) -> Value {
    Value::opt_text(s.map(String::as_str))
}
fn i(n: i64) -> Value {
    Value::int(n)
}
fn oi(n: Option<i64>) -> Value {
    Value::Int(n)
}

/// The largest id in `table` (0 when empty).
fn max_id(c: &mut dyn Conn, table: &str) -> Result<i64, StoreError> {
    Ok(
        c.query_i64(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"), &[])?
            .unwrap_or(0),
    )
}

/// True when an article with this content hash is stored.
pub(crate) fn contains(c: &mut dyn Conn, hash: &str) -> Result<bool, StoreError> {
    Ok(
        c.query_i64("SELECT id FROM articles WHERE content_hash = ?", &[t(hash)])?
            .is_some(),
    )
}

/// Store `docs` (the caller holds the transaction).
pub(crate) fn ingest_batch(
    c: &mut dyn Conn,
    docs: &[Document],
    opts: &IngestOptions,
) -> Result<BatchReport, StoreError> {
    let mut report = BatchReport::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut touched: BTreeSet<i64> = BTreeSet::new();
    let now = dates::now_utc();
    // Rows stored from here on have larger ids (a new row gets the
    // largest id + 1), so the batch's end can finish them in one
    // statement each: the first mention of the events it creates
    // (`FIRST_MENTIONS`) and, on SQLite, the full-text rows of its
    // sentences and quotes (`FTS_FILL_SENTENCES`, `FTS_FILL_QUOTES`).
    let events_after = max_id(c, "events")?;
    let fts_after = match c.dialect() {
        Dialect::Sqlite => Some((max_id(c, "sentences")?, max_id(c, "quotes")?)),
        Dialect::Postgres => None,
    };
    for doc in docs {
        let hash = content_hash(&doc.text);
        if seen.contains(&hash) || contains(c, &hash)? {
            report.skipped_duplicates += 1;
            continue;
        }
        seen.insert(hash.clone());
        let p = prepare(doc, hash)?;
        insert_article(c, doc, &p, &now, opts, &mut report, &mut touched)?;
        report.inserted += 1;
    }
    for id in touched {
        c.execute(RECOUNT, &[i(id)])?;
    }
    c.execute(FIRST_MENTIONS, &[i(events_after)])?;
    if let Some((sentences, quotes)) = fts_after {
        c.execute(FTS_FILL_SENTENCES, &[i(sentences)])?;
        c.execute(FTS_FILL_QUOTES, &[i(quotes)])?;
    }
    Ok(report)
}

fn insert_article(
    c: &mut dyn Conn,
    doc: &Document,
    p: &Prepared,
    now: &str,
    opts: &IngestOptions,
    report: &mut BatchReport,
    touched: &mut BTreeSet<i64>,
) -> Result<(), StoreError> {
    let article_id = c.insert(
        INSERT_ARTICLE,
        &[
            t(&p.doc_id),
            t(&p.hash),
            ot(p.title.as_ref()),
            ot(p.date.as_ref()),
            ot(p.day.as_ref()),
            ot(p.url.as_ref()),
            ot(p.source.as_ref()),
            t(&p.outlet),
            ot(p.language.as_ref()),
            t(&p.authors),
            t(&p.origin_path),
            oi(p.origin_record),
            t(&p.origin_format),
            ot(p.encoding.as_ref()),
            t(&p.pipeline),
            t(&doc.text),
            i(p.chars),
            i(p.sentences.len() as i64),
            i(p.quotes.len() as i64),
            i(p.events.len() as i64),
            t(now),
        ],
    )?;
    // Rows go in many at a time (on PostgreSQL each statement is a round
    // trip to the server); SQLite's full-text rows are added at the end of
    // the batch (`FTS_FILL_SENTENCES`).
    let mut rows = Vec::new();
    for (idx, s) in p.sentences.iter().enumerate() {
        rows.extend([
            i(article_id),
            i(idx as i64),
            i(s.paragraph),
            i(s.start),
            i(s.end),
            t(&s.text),
        ]);
        report.sentences += 1;
    }
    insert_rows(c, INSERT_SENTENCE, &rows)?;
    rows.clear();
    for (idx, e) in p.entities.iter().enumerate() {
        let a = &e.actor;
        rows.extend([
            i(article_id),
            i(idx as i64),
            t(&e.label),
            t(&e.name),
            ot(e.gender.as_ref()),
            ot(e.number.as_ref()),
            i(e.num_mentions),
            ot(a.code.as_ref()),
            ot(a.country.as_ref()),
            ot(a.sector.as_ref()),
            ot(a.sector2.as_ref()),
            ot(a.name.as_ref()),
            ot(a.role.as_ref()),
            ot(a.rule.as_ref()),
        ]);
    }
    insert_rows(c, INSERT_ENTITY, &rows)?;
    rows.clear();
    for (idx, q) in p.quotes.iter().enumerate() {
        let (cue, lemma, cs, ce) = match &q.cue {
            Some((t, l, a, b)) => (Some(t), Some(l), Some(*a), Some(*b)),
            None => (None, None, None, None),
        };
        rows.extend([
            i(article_id),
            i(idx as i64),
            i(q.sentence),
            t(q.kind),
            t(&q.text),
            i(q.start),
            i(q.end),
            ot(cue),
            ot(lemma),
            oi(cs),
            oi(ce),
            ot(q.speaker_name.as_ref()),
            Value::opt_text(q.speaker_name.as_ref().map(|s| s.to_lowercase()).as_deref()),
            oi(q.speaker_entity),
            ot(q.speaker_title.as_ref()),
            ot(q.speaker.code.as_ref()),
            ot(q.speaker.country.as_ref()),
            ot(q.speaker.sector.as_ref()),
            Value::Real(Some(q.confidence)),
            t(&q.rule),
        ]);
        report.quotes += 1;
    }
    insert_rows(c, INSERT_QUOTE, &rows)?;
    // The mentions go in together after the article's events (nothing
    // before reads them: candidates are events).
    rows.clear();
    for (idx, e) in p.events.iter().enumerate() {
        let src = e.source.as_ref();
        let tgt = e.target.as_ref();
        let source_key = dedup::actor_key(
            src.and_then(|s| s.actor.code.as_deref()),
            src.map(|s| s.text.as_str()),
            article_id,
        );
        let target_key = dedup::actor_key(
            tgt.and_then(|s| s.actor.code.as_deref()),
            tgt.map(|s| s.text.as_str()),
            article_id,
        );
        let day = e.date.as_deref().and_then(dates::to_days);
        let mut join = None;
        if let (true, Some(day)) = (opts.dedup, day) {
            let w = i64::from(opts.window_days);
            let mut cands = Vec::new();
            c.query(
                CANDIDATES,
                &[
                    t(&source_key),
                    t(&target_key),
                    t(&e.root),
                    Value::Bool(e.negated),
                    t(e.modality),
                    t(&dates::from_days(day - w)),
                    t(&dates::from_days(day + w)),
                ],
                &mut |r| {
                    let d = r.text(1)?.as_deref().and_then(dates::to_days);
                    if let Some(d) = d {
                        cands.push(Candidate {
                            id: r.req_int(0)?,
                            day: d,
                            country: r.text(2)?,
                        });
                    }
                    Ok(())
                },
            )?;
            join = dedup::choose(&cands, day, e.location_country.as_deref());
        }
        let loc = e.location.as_ref();
        let event_id = match join {
            Some(id) => {
                if let Some(country) = &e.location_country {
                    c.execute(
                        "UPDATE events SET location_country = ?, location = COALESCE(location, ?) \
                         WHERE id = ? AND location_country IS NULL",
                        &[t(country), ot(loc.map(|l| &l.0)), i(id)],
                    )?;
                }
                touched.insert(id);
                report.events_merged += 1;
                id
            }
            None => {
                let side = |p: Option<&PParty>| -> [Value; 5] {
                    let a = p.map(|p| &p.actor);
                    let name = p.map(PParty::name);
                    [
                        Value::opt_text(a.and_then(|a| a.code.as_deref())),
                        Value::opt_text(name.as_deref()),
                        Value::opt_text(name.map(|n| n.to_lowercase()).as_deref()),
                        Value::opt_text(a.and_then(|a: &PActor| a.country.as_deref())),
                        Value::opt_text(a.and_then(|a: &PActor| a.sector.as_deref())),
                    ]
                };
                let mut params = vec![
                    t(&source_key),
                    t(&target_key),
                    t(&e.root),
                    Value::Bool(e.negated),
                    t(e.modality),
                    ot(e.date.as_ref()),
                    ot(e.location_country.as_ref()),
                    t(&e.code),
                    i(e.quad_class),
                    Value::Real(Some(e.goldstein)),
                    ot(e.plover_event.as_ref()),
                    ot(e.plover_mode.as_ref()),
                ];
                params.extend(side(src));
                params.extend(side(tgt));
                params.extend([
                    ot(loc.map(|l| &l.0)),
                    ot(e.seen.as_ref()),
                    ot(e.seen.as_ref()),
                ]);
                report.events_new += 1;
                c.insert(INSERT_EVENT, &params)?
            }
        };
        let party = |p: Option<&PParty>| -> [Value; 4] {
            [
                Value::opt_text(p.and_then(|p| p.actor.code.as_deref())),
                Value::opt_text(p.map(|p| p.text.as_str())),
                oi(p.map(|p| p.start)),
                oi(p.map(|p| p.end)),
            ]
        };
        rows.extend([
            i(event_id),
            i(article_id),
            i(idx as i64),
            i(e.sentence),
            t(&e.code),
            t(&e.root),
            i(e.quad_class),
            Value::Real(Some(e.goldstein)),
            ot(e.plover_event.as_ref()),
            ot(e.plover_mode.as_ref()),
        ]);
        rows.extend(party(src));
        rows.extend(party(tgt));
        rows.extend([
            t(&e.participants),
            t(&e.trigger),
            t(&e.lemma),
            i(e.trigger_start),
            i(e.trigger_end),
            Value::Bool(e.negated),
            t(e.modality),
            ot(loc.map(|l| &l.0)),
            oi(loc.map(|l| l.1)),
            oi(loc.map(|l| l.2)),
            ot(e.location_country.as_ref()),
            ot(e.date.as_ref()),
            ot(e.seen.as_ref()),
            t(&p.outlet),
            t(&e.rule),
            Value::Real(Some(e.confidence)),
        ]);
        report.mentions += 1;
    }
    insert_rows(c, INSERT_MENTION, &rows)?;
    insert_stances(c, article_id, p, report)
}

/// Ids of the rows some layer indices point to, `;`-joined (indices
/// without a row are left out).
fn ids(indices: &[u32], rows: &[(i64, i64)]) -> String {
    indices
        .iter()
        .filter_map(|i| rows.iter().find(|(idx, _)| *idx == i64::from(*i)))
        .map(|(_, id)| id.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

fn insert_stances(
    c: &mut dyn Conn,
    article_id: i64,
    p: &Prepared,
    report: &mut BatchReport,
) -> Result<(), StoreError> {
    let mut stance_ids: Vec<(i64, i64)> = Vec::with_capacity(p.stances.len());
    for s in &p.stances {
        let (cue, cs, ce) = match &s.cue {
            Some((t, a, b)) => (Some(t), Some(*a), Some(*b)),
            None => (None, None, None),
        };
        let id = c.insert(
            INSERT_STANCE,
            &[
                i(article_id),
                i(s.idx),
                i(s.sentence),
                t(&s.holder),
                t(&s.holder.to_lowercase()),
                ot(s.actor.code.as_ref()),
                ot(s.actor.country.as_ref()),
                ot(s.actor.sector.as_ref()),
                t(&s.actor_key),
                t(&s.issue_id),
                t(&s.issue_label),
                t(s.polarity),
                Value::Real(Some(s.strength)),
                t(&s.text),
                i(s.start),
                i(s.end),
                ot(cue),
                oi(cs),
                oi(ce),
                t(&s.evidence),
                oi(s.quote),
                t(&s.rule),
                ot(p.day.as_ref()),
            ],
        )?;
        stance_ids.push((s.idx, id));
        report.stances += 1;
    }
    let mut mentions: Vec<(i64, i64)> = Vec::new();
    if !p.negotiations.is_empty() {
        c.query(ARTICLE_MENTIONS, &[i(article_id)], &mut |r| {
            mentions.push((r.req_int(0)?, r.req_int(1)?));
            Ok(())
        })?;
    }
    for (idx, n) in p.negotiations.iter().enumerate() {
        let place = n.place.as_ref();
        c.execute(
            INSERT_NEGOTIATION,
            &[
                i(article_id),
                i(idx as i64),
                ot(place.map(|p| &p.0)),
                oi(place.map(|p| p.1)),
                oi(place.map(|p| p.2)),
                t(&n.present),
                t(&n.present_names),
                t(&n.excluded),
                t(&n.excluded_names),
                t(&ids(&n.red_lines, &stance_ids)),
                t(&n.preconditions),
                t(&ids(&n.agreements, &mentions)),
                t(&ids(&n.meetings, &mentions)),
                ot(p.day.as_ref()),
            ],
        )?;
        report.negotiations += 1;
    }
    Ok(())
}
