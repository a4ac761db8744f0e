//! Queries, written once over [`Conn`]. The WHERE clause is assembled from
//! fixed fragments with `?` placeholders; user values are only ever bound
//! as parameters.

use crate::filter::{
    ActorFilter, ArticleFilter, EventFilter, NegotiationFilter, QuoteFilter, SentenceFilter,
    StanceFilter,
};
use crate::model::{
    ActorRow, ArticleRow, Counts, EventMentionRow, EventRow, MatrixCell, NegotiationRow, Page,
    QuoteRow, SentenceRow, StanceRow,
};
use crate::value::{Conn, Dialect, RowRef, Value, clean};
use crate::{StoreError, dates};

/// Rows fetched per round trip by the streaming visitors.
const STREAM_PAGE: u32 = 5_000;

/// The smallest string above every string starting with `prefix` (code
/// point order, which is UTF-8 byte order and PostgreSQL's "C"
/// collation); `None` when there is none.
pub(crate) fn prefix_upper(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let mut n = u32::from(last) + 1;
        if (0xD800..0xE000).contains(&n) {
            n = 0xE000;
        }
        if let Some(c) = char::from_u32(n) {
            chars.push(c);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// Words of a full-text query: runs of letters and digits, lower-cased.
pub(crate) fn fts_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

struct Where {
    dialect: Dialect,
    parts: Vec<String>,
    params: Vec<Value>,
}

impl Where {
    fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            parts: Vec::new(),
            params: Vec::new(),
        }
    }

    /// `col` starts with `prefix`, as a fragment (params pushed).
    fn prefix(&mut self, col: &str, prefix: &str) -> String {
        self.params.push(Value::text(prefix));
        match prefix_upper(prefix) {
            Some(up) => {
                self.params.push(Value::text(&up));
                format!("({col} >= ? AND {col} < ?)")
            }
            None => format!("{col} >= ?"),
        }
    }

    fn contains(&mut self, col: &str, needle_lc: &str) -> String {
        self.params.push(Value::text(needle_lc));
        self.dialect.contains(col)
    }

    fn eq(&mut self, col: &str, v: Value) {
        self.params.push(v);
        self.parts.push(format!("{col} = ?"));
    }

    fn cmp(&mut self, col: &str, op: &str, v: Value) {
        self.params.push(v);
        self.parts.push(format!("{col} {op} ?"));
    }

    fn date_range(
        &mut self,
        col: &str,
        from: Option<&String>,
        to: Option<&String>,
    ) -> Result<(), StoreError> {
        if let Some(d) = from.map(|s| date(s)).transpose()? {
            self.cmp(col, ">=", Value::text(&d));
        }
        if let Some(d) = to.map(|s| date(s)).transpose()? {
            self.cmp(col, "<=", Value::text(&d));
        }
        Ok(())
    }

    /// Full-text match of the words of `q` on `col` of table `table`
    /// (whose FTS5 shadow is `<table>_fts`).
    fn fts(&mut self, table_alias: &str, fts_table: &str, col: &str, q: &str) {
        let words = fts_words(q);
        if words.is_empty() {
            self.parts.push("1 = 0".into());
            return;
        }
        match self.dialect {
            Dialect::Sqlite => {
                let expr: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                self.params.push(Value::text(&expr.join(" ")));
                self.parts.push(format!(
                    "{table_alias}.id IN (SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH ?)"
                ));
            }
            Dialect::Postgres => {
                self.params.push(Value::text(&words.join(" ")));
                self.parts.push(format!(
                    "to_tsvector('simple', {table_alias}.{col}) @@ plainto_tsquery('simple', ?)"
                ));
            }
        }
    }

    fn sql(&self) -> String {
        if self.parts.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.parts.join(" AND "))
        }
    }

    /// ORDER BY id and LIMIT (one more than asked, to know whether another
    /// page follows).
    fn page_tail(&mut self, id_col: &str, limit: Option<u32>) -> String {
        match limit {
            Some(n) => {
                self.params.push(Value::int(i64::from(n) + 1));
                format!(" ORDER BY {id_col} LIMIT ?")
            }
            None => format!(" ORDER BY {id_col}"),
        }
    }
}

fn date(s: &str) -> Result<String, StoreError> {
    dates::normalize(s)
        .filter(|d| d.len() == s.trim().len())
        .ok_or_else(|| StoreError::InvalidFilter(format!("{s:?} is not a YYYY-MM-DD date")))
}

/// A non-empty trimmed filter string.
fn given(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn code(s: &str) -> String {
    clean(&s.to_uppercase())
}

fn paged<T>(mut rows: Vec<T>, limit: Option<u32>, id: impl Fn(&T) -> i64) -> Page<T> {
    let next = match limit {
        Some(n) if rows.len() > n as usize => {
            rows.truncate(n as usize);
            rows.last().map(&id)
        }
        _ => None,
    };
    Page { rows, next }
}

const EVENT_COLS: &str = "e.id, e.date, e.first_seen, e.last_seen, e.code, e.root, e.quad_class, \
     e.goldstein, e.plover_event, e.plover_mode, e.source_code, e.source_name, e.source_country, \
     e.source_sector, e.target_code, e.target_name, e.target_country, e.target_sector, e.negated, \
     e.modality, e.location, e.location_country, e.num_articles, e.num_sources, e.num_mentions, \
     m.article_id, a.doc_id, a.url, m.sentence_idx, s.text, m.trigger_text, m.trigger_start, \
     m.trigger_end, m.source_text, m.target_text, m.rule, m.confidence \
     FROM events e \
     LEFT JOIN event_mentions m ON m.id = e.first_mention_id \
     LEFT JOIN articles a ON a.id = m.article_id \
     LEFT JOIN sentences s ON s.article_id = m.article_id AND s.idx = m.sentence_idx";

fn event_row(r: &dyn RowRef) -> Result<EventRow, StoreError> {
    Ok(EventRow {
        id: r.req_int(0)?,
        date: r.text(1)?,
        first_seen: r.text(2)?,
        last_seen: r.text(3)?,
        code: r.req_text(4)?,
        root: r.req_text(5)?,
        quad_class: r.req_int(6)?,
        goldstein: r.req_real(7)?,
        plover_event: r.text(8)?,
        plover_mode: r.text(9)?,
        source_code: r.text(10)?,
        source_name: r.text(11)?,
        source_country: r.text(12)?,
        source_sector: r.text(13)?,
        target_code: r.text(14)?,
        target_name: r.text(15)?,
        target_country: r.text(16)?,
        target_sector: r.text(17)?,
        negated: r.boolean(18)?,
        modality: r.req_text(19)?,
        location: r.text(20)?,
        location_country: r.text(21)?,
        num_articles: r.req_int(22)?,
        num_sources: r.req_int(23)?,
        num_mentions: r.req_int(24)?,
        article_id: r.int(25)?,
        doc_id: r.text(26)?,
        url: r.text(27)?,
        sentence: r.int(28)?,
        sentence_text: r.text(29)?,
        trigger: r.text(30)?,
        trigger_start: r.int(31)?,
        trigger_end: r.int(32)?,
        source_text: r.text(33)?,
        target_text: r.text(34)?,
        rule: r.text(35)?,
        confidence: r.real(36)?,
    })
}

fn event_where(d: Dialect, f: &EventFilter) -> Result<Where, StoreError> {
    let mut w = Where::new(d);
    if let Some(a) = given(f.actor.as_ref()) {
        let c = code(a);
        let lc = clean(&a.to_lowercase());
        let p1 = w.prefix("e.source_code", &c);
        let p2 = w.prefix("e.target_code", &c);
        let n1 = w.contains("e.source_name_lc", &lc);
        let n2 = w.contains("e.target_name_lc", &lc);
        w.parts.push(format!("({p1} OR {p2} OR {n1} OR {n2})"));
    }
    match (given(f.source.as_ref()), given(f.target.as_ref())) {
        (Some(s), Some(t)) => {
            let (s, t) = (code(s), code(t));
            let a = w.prefix("e.source_code", &s);
            let b = w.prefix("e.target_code", &t);
            if f.either_order {
                let c = w.prefix("e.source_code", &t);
                let dd = w.prefix("e.target_code", &s);
                w.parts.push(format!("(({a} AND {b}) OR ({c} AND {dd}))"));
            } else {
                w.parts.push(format!("{a} AND {b}"));
            }
        }
        (Some(one), None) | (None, Some(one)) => {
            let one = code(one);
            let source_side = given(f.source.as_ref()).is_some();
            if f.either_order {
                let a = w.prefix("e.source_code", &one);
                let b = w.prefix("e.target_code", &one);
                w.parts.push(format!("({a} OR {b})"));
            } else {
                let col = if source_side {
                    "e.source_code"
                } else {
                    "e.target_code"
                };
                let a = w.prefix(col, &one);
                w.parts.push(a);
            }
        }
        (None, None) => {}
    }
    if let Some(c) = given(f.code.as_ref()) {
        let p = w.prefix("e.code", &clean(c));
        w.parts.push(p);
    }
    if let Some(r) = given(f.root.as_ref()) {
        w.eq("e.root", Value::text(r));
    }
    if let Some(q) = f.quad_class {
        w.eq("e.quad_class", Value::int(i64::from(q)));
    }
    if let Some(p) = given(f.plover.as_ref()) {
        w.eq("e.plover_event", Value::text(&p.to_uppercase()));
    }
    if let Some(n) = f.negated {
        w.eq("e.negated", Value::Bool(n));
    }
    if let Some(m) = given(f.modality.as_ref()) {
        w.eq("e.modality", Value::text(&m.to_lowercase()));
    }
    w.date_range("e.date", f.from.as_ref(), f.to.as_ref())?;
    if let Some(after) = f.after {
        w.cmp("e.id", ">", Value::int(after));
    }
    Ok(w)
}

pub(crate) fn events(c: &mut dyn Conn, f: &EventFilter) -> Result<Page<EventRow>, StoreError> {
    let mut w = event_where(c.dialect(), f)?;
    let tail = w.page_tail("e.id", f.limit);
    let sql = format!("SELECT {EVENT_COLS}{}{tail}", w.sql());
    let mut rows = Vec::new();
    c.query(&sql, &w.params, &mut |r| {
        rows.push(event_row(r)?);
        Ok(())
    })?;
    Ok(paged(rows, f.limit, |r| r.id))
}

/// The SQL of an event query, for `EXPLAIN` in tests and benches.
pub(crate) fn events_sql(d: Dialect, f: &EventFilter) -> Result<(String, Vec<Value>), StoreError> {
    let mut w = event_where(d, f)?;
    let tail = w.page_tail("e.id", f.limit);
    Ok((format!("SELECT {EVENT_COLS}{}{tail}", w.sql()), w.params))
}

/// Visit every matching event in id order, a page at a time (memory stays
/// bounded whatever the result size); honours `f.limit` as a total.
pub(crate) fn for_each_event(
    c: &mut dyn Conn,
    f: &EventFilter,
    visit: &mut dyn FnMut(EventRow) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    stream(c, f, events, visit)
}

const MENTION_COLS: &str = "m.id, m.event_id, m.article_id, a.doc_id, a.url, m.outlet, m.idx, \
     m.sentence_idx, s.text, m.code, m.root, m.quad_class, m.goldstein, m.plover_event, m.plover_mode, \
     m.source_code, m.source_text, m.source_start, m.source_end, m.target_code, m.target_text, \
     m.target_start, m.target_end, m.participants, m.trigger_text, m.trigger_lemma, m.trigger_start, \
     m.trigger_end, m.negated, m.modality, m.location, m.location_country, m.date, m.seen, m.rule, \
     m.confidence \
     FROM event_mentions m \
     JOIN articles a ON a.id = m.article_id \
     LEFT JOIN sentences s ON s.article_id = m.article_id AND s.idx = m.sentence_idx";

fn mention_row(r: &dyn RowRef) -> Result<EventMentionRow, StoreError> {
    Ok(EventMentionRow {
        id: r.req_int(0)?,
        event_id: r.req_int(1)?,
        article_id: r.req_int(2)?,
        doc_id: r.req_text(3)?,
        url: r.text(4)?,
        outlet: r.req_text(5)?,
        index: r.req_int(6)?,
        sentence: r.req_int(7)?,
        sentence_text: r.text(8)?,
        code: r.req_text(9)?,
        root: r.req_text(10)?,
        quad_class: r.req_int(11)?,
        goldstein: r.req_real(12)?,
        plover_event: r.text(13)?,
        plover_mode: r.text(14)?,
        source_code: r.text(15)?,
        source_text: r.text(16)?,
        source_start: r.int(17)?,
        source_end: r.int(18)?,
        target_code: r.text(19)?,
        target_text: r.text(20)?,
        target_start: r.int(21)?,
        target_end: r.int(22)?,
        participants: r.req_text(23)?,
        trigger: r.req_text(24)?,
        trigger_lemma: r.req_text(25)?,
        trigger_start: r.req_int(26)?,
        trigger_end: r.req_int(27)?,
        negated: r.boolean(28)?,
        modality: r.req_text(29)?,
        location: r.text(30)?,
        location_country: r.text(31)?,
        date: r.text(32)?,
        seen: r.text(33)?,
        rule: r.req_text(34)?,
        confidence: r.req_real(35)?,
    })
}

pub(crate) fn event_mentions(
    c: &mut dyn Conn,
    event_id: i64,
) -> Result<Vec<EventMentionRow>, StoreError> {
    let sql = format!("SELECT {MENTION_COLS} WHERE m.event_id = ? ORDER BY m.id");
    let mut rows = Vec::new();
    c.query(&sql, &[Value::int(event_id)], &mut |r| {
        rows.push(mention_row(r)?);
        Ok(())
    })?;
    Ok(rows)
}

/// Events whose mentions one query of [`for_each_mention`] fetches: well
/// under SQLite's and PostgreSQL's bound-parameter limits.
const MENTION_BATCH: u32 = 1_000;

/// Visit the mentions of every event matching `f`, by event id and then
/// mention id: one query per [`MENTION_BATCH`] events (not one per
/// event), memory bounded by a batch. `f.limit` caps the events, not the
/// mentions. Returns the number of mentions visited.
pub(crate) fn for_each_mention(
    c: &mut dyn Conn,
    f: &EventFilter,
    visit: &mut dyn FnMut(EventMentionRow) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    let mut n = 0u64;
    pages(c, f, events, MENTION_BATCH, |c, events| {
        if events.is_empty() {
            return Ok(());
        }
        let ids: Vec<Value> = events.iter().map(|e| Value::int(e.id)).collect();
        let marks = vec!["?"; ids.len()].join(", ");
        let sql = format!(
            "SELECT {MENTION_COLS} WHERE m.event_id IN ({marks}) ORDER BY m.event_id, m.id"
        );
        c.query(&sql, &ids, &mut |r| {
            visit(mention_row(r)?)?;
            n += 1;
            Ok(())
        })
    })?;
    Ok(n)
}

const QUOTE_COLS: &str = "q.id, q.article_id, a.doc_id, a.url, a.day, q.speaker_name, \
     q.speaker_title, q.speaker_code, q.speaker_country, q.speaker_sector, q.cue, q.cue_lemma, q.kind, \
     q.text, q.sentence_idx, s.text, q.start_char, q.end_char, q.confidence, q.rule \
     FROM quotes q \
     JOIN articles a ON a.id = q.article_id \
     LEFT JOIN sentences s ON s.article_id = q.article_id AND s.idx = q.sentence_idx";

fn quote_row(r: &dyn RowRef) -> Result<QuoteRow, StoreError> {
    Ok(QuoteRow {
        id: r.req_int(0)?,
        article_id: r.req_int(1)?,
        doc_id: r.req_text(2)?,
        url: r.text(3)?,
        date: r.text(4)?,
        speaker_name: r.text(5)?,
        speaker_title: r.text(6)?,
        speaker_code: r.text(7)?,
        speaker_country: r.text(8)?,
        speaker_sector: r.text(9)?,
        cue: r.text(10)?,
        cue_lemma: r.text(11)?,
        kind: r.req_text(12)?,
        text: r.req_text(13)?,
        sentence: r.req_int(14)?,
        sentence_text: r.text(15)?,
        start: r.req_int(16)?,
        end: r.req_int(17)?,
        confidence: r.req_real(18)?,
        rule: r.req_text(19)?,
    })
}

pub(crate) fn quotes(c: &mut dyn Conn, f: &QuoteFilter) -> Result<Page<QuoteRow>, StoreError> {
    let mut w = Where::new(c.dialect());
    if let Some(sp) = given(f.speaker.as_ref()) {
        let lc = clean(&sp.to_lowercase());
        let n = w.contains("q.speaker_name_lc", &lc);
        let p = w.prefix("q.speaker_code", &code(sp));
        w.parts.push(format!("({n} OR {p})"));
    }
    if let Some(q) = given(f.text.as_ref()) {
        w.fts("q", "quotes_fts", "text", q);
    }
    if let Some(k) = given(f.kind.as_ref()) {
        w.eq("q.kind", Value::text(&k.to_lowercase()));
    }
    if let Some(a) = f.article_id {
        w.eq("q.article_id", Value::int(a));
    }
    w.date_range("a.day", f.from.as_ref(), f.to.as_ref())?;
    if let Some(after) = f.after {
        w.cmp("q.id", ">", Value::int(after));
    }
    let tail = w.page_tail("q.id", f.limit);
    let sql = format!("SELECT {QUOTE_COLS}{}{tail}", w.sql());
    let mut rows = Vec::new();
    c.query(&sql, &w.params, &mut |r| {
        rows.push(quote_row(r)?);
        Ok(())
    })?;
    Ok(paged(rows, f.limit, |r| r.id))
}

/// A filter that pages by id (`limit`, `after`).
pub(crate) trait Paging: Clone {
    /// The total cap.
    fn limit(&self) -> Option<u32>;
    /// Set the page size and the id to continue after.
    fn page(&mut self, limit: u32, after: Option<i64>);
}

macro_rules! paging {
    ($($t:ty),*) => {$(
        impl Paging for $t {
            fn limit(&self) -> Option<u32> {
                self.limit
            }
            fn page(&mut self, limit: u32, after: Option<i64>) {
                self.limit = Some(limit);
                if after.is_some() {
                    self.after = after;
                }
            }
        }
    )*};
}
paging!(EventFilter, QuoteFilter, StanceFilter);

/// Visit every row `fetch` returns for `f`, [`STREAM_PAGE`] rows at a
/// time, so memory stays bounded; `f`'s limit caps the total.
fn stream<F: Paging, R>(
    c: &mut dyn Conn,
    f: &F,
    fetch: fn(&mut dyn Conn, &F) -> Result<Page<R>, StoreError>,
    visit: &mut dyn FnMut(R) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    pages(c, f, fetch, STREAM_PAGE, |_, rows| {
        rows.into_iter().try_for_each(&mut *visit)
    })
}

/// Hand every page `fetch` returns for `f` (at most `size` rows each) to
/// `on_page` with the connection, until the rows run out or `f`'s limit
/// is reached. Returns the number of rows fetched.
fn pages<F: Paging, R>(
    c: &mut dyn Conn,
    f: &F,
    fetch: fn(&mut dyn Conn, &F) -> Result<Page<R>, StoreError>,
    size: u32,
    mut on_page: impl FnMut(&mut dyn Conn, Vec<R>) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    let mut page_filter = f.clone();
    let mut n = 0u64;
    let mut after = None;
    loop {
        let left = f.limit().map(|l| u64::from(l).saturating_sub(n));
        if left == Some(0) {
            return Ok(n);
        }
        page_filter.page(left.map_or(size, |l| l.min(u64::from(size)) as u32), after);
        let page = fetch(c, &page_filter)?;
        n += page.rows.len() as u64;
        on_page(c, page.rows)?;
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(n),
        }
    }
}

/// Visit every matching quote, a page at a time.
pub(crate) fn for_each_quote(
    c: &mut dyn Conn,
    f: &QuoteFilter,
    visit: &mut dyn FnMut(QuoteRow) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    stream(c, f, quotes, visit)
}

const STANCE_COLS: &str = "st.id, st.article_id, a.doc_id, a.url, st.day, st.idx, st.holder, \
     st.actor_code, st.actor_country, st.actor_sector, st.actor_key, st.issue_id, st.issue_label, \
     st.polarity, st.strength, st.sentence_idx, s.text, st.text, st.start_char, st.end_char, st.cue, \
     st.cue_start, st.cue_end, st.evidence, st.quote_idx, st.rule \
     FROM stances st \
     JOIN articles a ON a.id = st.article_id \
     LEFT JOIN sentences s ON s.article_id = st.article_id AND s.idx = st.sentence_idx";

fn stance_row(r: &dyn RowRef) -> Result<StanceRow, StoreError> {
    Ok(StanceRow {
        id: r.req_int(0)?,
        article_id: r.req_int(1)?,
        doc_id: r.req_text(2)?,
        url: r.text(3)?,
        date: r.text(4)?,
        index: r.req_int(5)?,
        holder: r.req_text(6)?,
        actor_code: r.text(7)?,
        actor_country: r.text(8)?,
        actor_sector: r.text(9)?,
        actor_key: r.req_text(10)?,
        issue_id: r.req_text(11)?,
        issue_label: r.req_text(12)?,
        polarity: r.req_text(13)?,
        strength: r.req_real(14)?,
        sentence: r.req_int(15)?,
        sentence_text: r.text(16)?,
        text: r.req_text(17)?,
        start: r.req_int(18)?,
        end: r.req_int(19)?,
        cue: r.text(20)?,
        cue_start: r.int(21)?,
        cue_end: r.int(22)?,
        evidence: r.req_text(23)?,
        quote_index: r.int(24)?,
        rule: r.req_text(25)?,
    })
}

pub(crate) const POLARITIES: &[&str] = &["support", "oppose", "neutral"];

pub(crate) fn stances(c: &mut dyn Conn, f: &StanceFilter) -> Result<Page<StanceRow>, StoreError> {
    let mut w = Where::new(c.dialect());
    if let Some(a) = given(f.actor.as_ref()) {
        let p = w.prefix("st.actor_code", &code(a));
        let n = w.contains("st.holder_lc", &clean(&a.to_lowercase()));
        w.parts.push(format!("({p} OR {n})"));
    }
    let issues: Vec<&str> = f
        .issues
        .iter()
        .map(|i| i.trim())
        .filter(|i| !i.is_empty())
        .collect();
    if !issues.is_empty() {
        let marks = vec!["?"; issues.len()].join(", ");
        w.params.extend(issues.iter().map(|i| Value::text(i)));
        w.parts.push(format!("st.issue_id IN ({marks})"));
    }
    if let Some(p) = given(f.polarity.as_ref()) {
        let p = p.to_lowercase();
        if !POLARITIES.contains(&p.as_str()) {
            return Err(StoreError::InvalidFilter(format!(
                "polarity must be support, oppose or neutral, got {p:?}"
            )));
        }
        w.eq("st.polarity", Value::text(&p));
    }
    if let Some(a) = f.article_id {
        w.eq("st.article_id", Value::int(a));
    }
    w.date_range("st.day", f.from.as_ref(), f.to.as_ref())?;
    if let Some(after) = f.after {
        w.cmp("st.id", ">", Value::int(after));
    }
    let tail = w.page_tail("st.id", f.limit);
    let sql = format!("SELECT {STANCE_COLS}{}{tail}", w.sql());
    let mut rows = Vec::new();
    c.query(&sql, &w.params, &mut |r| {
        rows.push(stance_row(r)?);
        Ok(())
    })?;
    Ok(paged(rows, f.limit, |r| r.id))
}

/// Visit every matching stance in id order, a page at a time.
pub(crate) fn for_each_stance(
    c: &mut dyn Conn,
    f: &StanceFilter,
    visit: &mut dyn FnMut(StanceRow) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    stream(c, f, stances, visit)
}

/// The actor × issue matrix of the matching stances (all of them:
/// `limit` and `after` are ignored).
pub(crate) fn stance_matrix(
    c: &mut dyn Conn,
    f: &StanceFilter,
) -> Result<Vec<MatrixCell>, StoreError> {
    let all = StanceFilter {
        limit: None,
        after: None,
        ..f.clone()
    };
    let mut m = crate::StanceMatrix::new();
    for_each_stance(c, &all, &mut |row| {
        m.add(&row);
        Ok(())
    })?;
    Ok(m.finish())
}

pub(crate) fn negotiations(
    c: &mut dyn Conn,
    f: &NegotiationFilter,
) -> Result<Page<NegotiationRow>, StoreError> {
    let mut w = Where::new(c.dialect());
    if let Some(a) = f.article_id {
        w.eq("n.article_id", Value::int(a));
    }
    w.date_range("n.day", f.from.as_ref(), f.to.as_ref())?;
    if let Some(after) = f.after {
        w.cmp("n.id", ">", Value::int(after));
    }
    let tail = w.page_tail("n.id", f.limit);
    let sql = format!(
        "SELECT n.id, n.article_id, a.doc_id, n.day, n.idx, n.place, n.place_start, n.place_end, \
         n.present, n.present_names, n.excluded, n.excluded_names, n.red_lines, n.preconditions, \
         n.agreements, n.meetings FROM negotiations n JOIN articles a ON a.id = n.article_id{}{tail}",
        w.sql()
    );
    let mut rows = Vec::new();
    c.query(&sql, &w.params, &mut |r| {
        rows.push(NegotiationRow {
            id: r.req_int(0)?,
            article_id: r.req_int(1)?,
            doc_id: r.req_text(2)?,
            date: r.text(3)?,
            index: r.req_int(4)?,
            place: r.text(5)?,
            place_start: r.int(6)?,
            place_end: r.int(7)?,
            present: r.req_text(8)?,
            present_names: r.req_text(9)?,
            excluded: r.req_text(10)?,
            excluded_names: r.req_text(11)?,
            red_lines: r.req_text(12)?,
            preconditions: r.req_text(13)?,
            agreements: r.req_text(14)?,
            meetings: r.req_text(15)?,
        });
        Ok(())
    })?;
    Ok(paged(rows, f.limit, |r| r.id))
}

pub(crate) fn articles(
    c: &mut dyn Conn,
    f: &ArticleFilter,
) -> Result<Page<ArticleRow>, StoreError> {
    let mut w = Where::new(c.dialect());
    if let Some(d) = given(f.doc_id.as_ref()) {
        w.eq("a.doc_id", Value::text(d));
    }
    if let Some(o) = given(f.outlet.as_ref()) {
        w.eq("a.outlet", Value::text(&o.to_lowercase()));
    }
    w.date_range("a.day", f.from.as_ref(), f.to.as_ref())?;
    if let Some(after) = f.after {
        w.cmp("a.id", ">", Value::int(after));
    }
    let tail = w.page_tail("a.id", f.limit);
    let sql = format!(
        "SELECT a.id, a.doc_id, a.content_hash, a.title, a.date, a.day, a.url, a.source, a.outlet, \
         a.language, a.chars, a.num_sentences, a.num_quotes, a.num_events FROM articles a{}{tail}",
        w.sql()
    );
    let mut rows = Vec::new();
    c.query(&sql, &w.params, &mut |r| {
        rows.push(ArticleRow {
            id: r.req_int(0)?,
            doc_id: r.req_text(1)?,
            content_hash: r.req_text(2)?,
            title: r.text(3)?,
            date: r.text(4)?,
            day: r.text(5)?,
            url: r.text(6)?,
            source: r.text(7)?,
            outlet: r.req_text(8)?,
            language: r.text(9)?,
            chars: r.req_int(10)?,
            num_sentences: r.req_int(11)?,
            num_quotes: r.req_int(12)?,
            num_events: r.req_int(13)?,
        });
        Ok(())
    })?;
    Ok(paged(rows, f.limit, |r| r.id))
}

pub(crate) fn article_text(c: &mut dyn Conn, id: i64) -> Result<Option<String>, StoreError> {
    let mut out = None;
    c.query(
        "SELECT text FROM articles WHERE id = ?",
        &[Value::int(id)],
        &mut |r| {
            out = r.text(0)?;
            Ok(())
        },
    )?;
    Ok(out)
}

pub(crate) fn sentences(
    c: &mut dyn Conn,
    f: &SentenceFilter,
) -> Result<Page<SentenceRow>, StoreError> {
    let mut w = Where::new(c.dialect());
    if let Some(q) = given(f.text.as_ref()) {
        w.fts("s", "sentences_fts", "text", q);
    }
    if let Some(a) = f.article_id {
        w.eq("s.article_id", Value::int(a));
    }
    if let Some(after) = f.after {
        w.cmp("s.id", ">", Value::int(after));
    }
    let tail = w.page_tail("s.id", f.limit);
    let sql = format!(
        "SELECT s.id, s.article_id, a.doc_id, s.idx, s.start_char, s.end_char, s.text \
         FROM sentences s JOIN articles a ON a.id = s.article_id{}{tail}",
        w.sql()
    );
    let mut rows = Vec::new();
    c.query(&sql, &w.params, &mut |r| {
        rows.push(SentenceRow {
            id: r.req_int(0)?,
            article_id: r.req_int(1)?,
            doc_id: r.req_text(2)?,
            index: r.req_int(3)?,
            start: r.req_int(4)?,
            end: r.req_int(5)?,
            text: r.req_text(6)?,
        });
        Ok(())
    })?;
    Ok(paged(rows, f.limit, |r| r.id))
}

pub(crate) fn actors(c: &mut dyn Conn, f: &ActorFilter) -> Result<Vec<ActorRow>, StoreError> {
    let mut w = Where::new(c.dialect());
    if let Some(p) = given(f.prefix.as_ref()) {
        let p = w.prefix("x.code", &code(p));
        w.parts.push(p);
    }
    if let Some(after) = f.after.as_ref() {
        w.cmp("x.code", ">", Value::text(after));
    }
    let tail = match f.limit {
        Some(n) => {
            w.params.push(Value::int(i64::from(n)));
            " ORDER BY x.code LIMIT ?"
        }
        None => " ORDER BY x.code",
    };
    let sql = format!(
        "SELECT x.code, MIN(x.name), SUM(x.ne), SUM(x.es), SUM(x.et) FROM ( \
           SELECT actor_code AS code, actor_name AS name, 1 AS ne, 0 AS es, 0 AS et \
             FROM entities WHERE actor_code IS NOT NULL \
           UNION ALL SELECT source_code, NULL, 0, 1, 0 FROM events WHERE source_code IS NOT NULL \
           UNION ALL SELECT target_code, NULL, 0, 0, 1 FROM events WHERE target_code IS NOT NULL \
         ) x{} GROUP BY x.code{tail}",
        w.sql()
    );
    let mut rows = Vec::new();
    c.query(&sql, &w.params, &mut |r| {
        rows.push(ActorRow {
            code: r.req_text(0)?,
            name: r.text(1)?,
            entities: r.req_int(2)?,
            events_as_source: r.req_int(3)?,
            events_as_target: r.req_int(4)?,
        });
        Ok(())
    })?;
    Ok(rows)
}

pub(crate) fn counts(c: &mut dyn Conn) -> Result<Counts, StoreError> {
    let mut n = |t: &str| -> Result<i64, StoreError> {
        Ok(c.query_i64(&format!("SELECT COUNT(*) FROM {t}"), &[])?
            .unwrap_or(0))
    };
    Ok(Counts {
        articles: n("articles")?,
        sentences: n("sentences")?,
        entities: n("entities")?,
        quotes: n("quotes")?,
        events: n("events")?,
        event_mentions: n("event_mentions")?,
        stances: n("stances")?,
        negotiations: n("negotiations")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_bounds() {
        assert_eq!(prefix_upper("RUS").as_deref(), Some("RUT"));
        assert_eq!(prefix_upper("A\u{10FFFF}").as_deref(), Some("B"));
        assert_eq!(prefix_upper("\u{D7FF}").as_deref(), Some("\u{E000}"));
        assert_eq!(prefix_upper("\u{10FFFF}"), None);
        assert_eq!(prefix_upper(""), None);
    }

    #[test]
    fn fts_words_split_on_non_alphanumerics() {
        assert_eq!(
            fts_words("\"Productive'; DROP TABLE x; --"),
            ["productive", "drop", "table", "x"]
        );
        assert_eq!(fts_words("Égalité 2024"), ["égalité", "2024"]);
        assert!(fts_words("*** \" ''").is_empty());
    }

    #[test]
    fn dates_in_filters_must_be_exact() {
        assert!(date("2024-01-02").is_ok());
        assert!(date("2024-01-02T00:00").is_err());
        assert!(date("yesterday").is_err());
    }
}
