//! Flat event tables: one row per event, as CSV (with a header) or in
//! GDELT 2.0's event column order (tab-separated, no header).
//!
//! Offsets are Unicode code points, as in the `dyad/1` JSON. Codes stay
//! strings (`036`, not 36).

use std::io;

use dyad_core::{Actor, CharIndex, Document, Participant};

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "doc_id",
    "doc_date",
    "event_date",
    "sentence",
    "event_code",
    "event_root",
    "quad_class",
    "goldstein",
    "plover_event",
    "plover_mode",
    "source_text",
    "source_code",
    "source_country",
    "source_sector",
    "source_name",
    "target_text",
    "target_code",
    "target_country",
    "target_sector",
    "target_name",
    "participants",
    "trigger",
    "trigger_lemma",
    "negated",
    "modality",
    "location",
    "location_country",
    "source_start",
    "source_end",
    "target_start",
    "target_end",
    "trigger_start",
    "trigger_end",
    "rule",
    "confidence",
    "sentence_text",
    "url",
    "title",
];

fn actor_fields(p: Option<&Participant>, doc: &Document) -> [String; 5] {
    let text = p.map(|p| doc.slice(p.span).to_owned()).unwrap_or_default();
    let a: Option<&Actor> = p.and_then(|p| p.actor.as_ref());
    [
        text,
        a.map(|a| a.code.clone()).unwrap_or_default(),
        a.and_then(|a| a.country.clone()).unwrap_or_default(),
        a.and_then(|a| a.sector.clone()).unwrap_or_default(),
        a.and_then(|a| a.name.clone()).unwrap_or_default(),
    ]
}

fn offsets(idx: &CharIndex<'_>, p: Option<&Participant>) -> [String; 2] {
    match p {
        Some(p) => {
            let (a, b) = idx.span(p.span);
            [a.to_string(), b.to_string()]
        }
        None => [String::new(), String::new()],
    }
}

/// A CSV writer with the header already written.
pub fn csv_writer<W: io::Write>(out: W) -> csv::Result<csv::Writer<W>> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    Ok(w)
}

/// Write `doc`'s events as CSV rows.
pub fn write_csv<W: io::Write>(doc: &Document, w: &mut csv::Writer<W>) -> csv::Result<()> {
    let idx = CharIndex::new(&doc.text);
    for e in &doc.events {
        let s = actor_fields(e.source.as_ref(), doc);
        let t = actor_fields(e.target.as_ref(), doc);
        let [ss, se] = offsets(&idx, e.source.as_ref());
        let [ts, te] = offsets(&idx, e.target.as_ref());
        let (gs, ge) = idx.span(e.trigger);
        let participants: Vec<String> = e
            .participants
            .iter()
            .map(|p| {
                p.actor
                    .as_ref()
                    .map_or_else(|| doc.slice(p.span).to_owned(), |a| a.code.clone())
            })
            .collect();
        let sentence = doc
            .sentences
            .get(e.sentence as usize)
            .map(|s| doc.slice(s.span))
            .unwrap_or_default();
        let (loc, loc_country) = match &e.location {
            Some((span, c)) => (doc.slice(*span).to_owned(), c.clone().unwrap_or_default()),
            None => (String::new(), String::new()),
        };
        let row: Vec<String> = vec![
            doc.meta.id.clone(),
            doc.meta.date.clone().unwrap_or_default(),
            e.date.clone().unwrap_or_default(),
            e.sentence.to_string(),
            e.code.clone(),
            e.root.clone(),
            e.quad_class.to_string(),
            e.goldstein.to_string(),
            e.plover_event.clone().unwrap_or_default(),
            e.plover_mode.clone().unwrap_or_default(),
            s[0].clone(),
            s[1].clone(),
            s[2].clone(),
            s[3].clone(),
            s[4].clone(),
            t[0].clone(),
            t[1].clone(),
            t[2].clone(),
            t[3].clone(),
            t[4].clone(),
            participants.join(";"),
            doc.slice(e.trigger).to_owned(),
            e.lemma.clone(),
            e.negated.to_string(),
            e.modality.as_str().to_owned(),
            loc,
            loc_country,
            ss,
            se,
            ts,
            te,
            gs.to_string(),
            ge.to_string(),
            e.rule.clone(),
            format!("{:.3}", e.confidence),
            sentence.to_owned(),
            doc.meta.url.clone().unwrap_or_default(),
            doc.meta.title.clone().unwrap_or_default(),
        ];
        w.write_record(&row)?;
    }
    Ok(())
}

/// A stable 63-bit event id from the document id and the event's index
/// (FNV-1a), so that re-running gives the same ids.
pub fn event_id(doc_id: &str, index: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in doc_id.bytes().chain(index.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h >> 1
}

/// One side of a GDELT event row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GdeltActor {
    /// Actor code (`RUSGOV`).
    pub code: String,
    /// Name (canonical, else the words upper-cased as GDELT does).
    pub name: String,
    /// Country code.
    pub country: String,
    /// First sector (GDELT's `Type1Code`).
    pub sector: String,
    /// Second sector (`Type2Code`).
    pub sector2: String,
}

/// The fields of a GDELT 2.0 event row that dyad fills; the others
/// (ethnic and religion codes, geography codes, tone) stay empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GdeltRow {
    /// `GlobalEventID`.
    pub id: u64,
    /// Event date, any form with `YYYY`, `MM`, `DD` digits first
    /// (`2025-02-18`).
    pub date: String,
    /// Actor 1 (source).
    pub source: GdeltActor,
    /// Actor 2 (target).
    pub target: GdeltActor,
    /// In the lead sentence.
    pub is_root: bool,
    /// CAMEO code.
    pub code: String,
    /// CAMEO root.
    pub root: String,
    /// Quad class.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f64,
    /// `NumMentions`.
    pub num_mentions: u64,
    /// `NumSources`.
    pub num_sources: u64,
    /// `NumArticles`.
    pub num_articles: u64,
    /// The stated place's words (`ActionGeo_FullName`, type 4).
    pub location: Option<String>,
    /// `DATEADDED` day (digits as in `date`); empty: the event date.
    pub added: String,
    /// `SOURCEURL`.
    pub url: String,
}

/// Write one GDELT 2.0 event row: 61 tab-separated columns in GDELT's
/// order, tabs and newlines inside fields turned into spaces. Geography
/// columns hold the stated place's name only (GDELT's FIPS codes, ADM
/// codes and coordinates need a gazetteer dyad does not ship); `AvgTone`
/// is empty.
pub fn write_gdelt_row<W: io::Write>(row: &GdeltRow, out: &mut W) -> io::Result<()> {
    let digits = |d: &str| -> String { d.chars().filter(char::is_ascii_digit).take(8).collect() };
    let ymd = digits(&row.date);
    let (month_year, year, fraction) = if ymd.len() == 8 {
        let y: f64 = ymd[..4].parse().unwrap_or(0.0);
        let m: f64 = ymd[4..6].parse().unwrap_or(1.0);
        let d: f64 = ymd[6..8].parse().unwrap_or(1.0);
        (
            ymd[..6].to_owned(),
            ymd[..4].to_owned(),
            format!("{:.4}", y + ((m - 1.0) * 30.0 + d) / 365.0),
        )
    } else {
        (String::new(), String::new(), String::new())
    };
    let actor = |a: &GdeltActor| -> [String; 10] {
        [
            a.code.clone(),
            a.name.clone(),
            a.country.clone(),
            String::new(), // known group
            String::new(), // ethnic
            String::new(), // religion 1
            String::new(), // religion 2
            a.sector.clone(),
            a.sector2.clone(),
            String::new(),
        ]
    };
    let base = if row.code.len() > 3 {
        row.code[..3].to_owned()
    } else {
        row.code.clone()
    };
    let geo = match &row.location {
        Some(place) => ["4".to_owned(), place.clone()],
        None => [String::new(), String::new()],
    };
    let mut cols: Vec<String> = vec![row.id.to_string(), ymd.clone(), month_year, year, fraction];
    cols.extend(actor(&row.source));
    cols.extend(actor(&row.target));
    cols.extend([
        if row.is_root { "1" } else { "0" }.to_owned(),
        row.code.clone(),
        base,
        row.root.clone(),
        row.quad_class.to_string(),
        // One decimal, as in the Goldstein table (an f32 read back as f64
        // would print 3.4000000953674316).
        ((row.goldstein * 10.0).round() / 10.0).to_string(),
        row.num_mentions.to_string(),
        row.num_sources.to_string(),
        row.num_articles.to_string(),
        String::new(),
    ]);
    // Actor1 geo, Actor2 geo: empty; action geo: the stated place.
    cols.extend(std::iter::repeat_n(String::new(), 16));
    cols.extend(geo);
    cols.extend(std::iter::repeat_n(String::new(), 6));
    let added = if row.added.is_empty() {
        ymd
    } else {
        digits(&row.added)
    };
    cols.push(format!("{added}000000"));
    cols.push(row.url.clone());
    debug_assert_eq!(cols.len(), GDELT_COLUMNS);
    let line: Vec<String> = cols
        .into_iter()
        .map(|c| c.replace(['\t', '\n', '\r'], " "))
        .collect();
    writeln!(out, "{}", line.join("\t"))
}

/// Write `doc`'s events as GDELT 2.0 event rows ([`write_gdelt_row`]);
/// `NumMentions`/`NumSources`/`NumArticles` are 1 for a single article.
pub fn write_gdelt<W: io::Write>(doc: &Document, out: &mut W) -> io::Result<()> {
    let date = doc.meta.date.as_deref().unwrap_or("");
    for (i, e) in doc.events.iter().enumerate() {
        let actor = |p: Option<&Participant>| -> GdeltActor {
            let a = p.and_then(|p| p.actor.as_ref());
            let name = p
                .map(|p| {
                    a.and_then(|a| a.name.clone())
                        .unwrap_or_else(|| doc.slice(p.span).to_uppercase())
                })
                .unwrap_or_default();
            GdeltActor {
                code: a.map(|a| a.code.clone()).unwrap_or_default(),
                name,
                country: a.and_then(|a| a.country.clone()).unwrap_or_default(),
                sector: a.and_then(|a| a.sector.clone()).unwrap_or_default(),
                sector2: a.and_then(|a| a.sector2.clone()).unwrap_or_default(),
            }
        };
        let row = GdeltRow {
            id: event_id(&doc.meta.id, i),
            date: e.date.as_deref().unwrap_or(date).to_owned(),
            source: actor(e.source.as_ref()),
            target: actor(e.target.as_ref()),
            is_root: e.sentence == 0,
            code: e.code.clone(),
            root: e.root.clone(),
            quad_class: e.quad_class,
            goldstein: f64::from(e.goldstein),
            num_mentions: 1,
            num_sources: 1,
            num_articles: 1,
            location: e
                .location
                .as_ref()
                .map(|(span, _)| doc.slice(*span).to_owned()),
            added: String::new(),
            url: doc.meta.url.clone().unwrap_or_default(),
        };
        write_gdelt_row(&row, out)?;
    }
    Ok(())
}

/// Columns of a GDELT 2.0 event row.
pub const GDELT_COLUMNS: usize = 61;

#[cfg(test)]
mod gdelt_row_tests {
    use super::*;

    #[test]
    fn gdelt_row_has_61_columns_string_codes_and_one_decimal_goldstein() {
        let row = GdeltRow {
            id: 7,
            date: "2025-02-18".into(),
            source: GdeltActor {
                code: "RUSGOV".into(),
                name: "Sergei\tLavrov".into(),
                country: "RUS".into(),
                sector: "GOV".into(),
                sector2: String::new(),
            },
            code: "036".into(),
            root: "03".into(),
            quad_class: 1,
            goldstein: f64::from(3.4f32),
            num_mentions: 5,
            num_sources: 3,
            num_articles: 4,
            location: Some("Riyadh".into()),
            ..GdeltRow::default()
        };
        let mut out = Vec::new();
        write_gdelt_row(&row, &mut out).unwrap();
        let line = String::from_utf8(out).unwrap();
        let cols: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        assert_eq!(cols.len(), GDELT_COLUMNS);
        assert_eq!(cols[1], "20250218");
        assert_eq!(cols[6], "Sergei Lavrov");
        assert_eq!(cols[26], "036");
        assert_eq!(cols[27], "036");
        assert_eq!(cols[28], "03");
        assert_eq!(cols[30], "3.4");
        assert_eq!((cols[31], cols[32], cols[33]), ("5", "3", "4"));
        assert_eq!(cols[59], "20250218000000");
    }
}
