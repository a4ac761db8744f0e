//! Flat event tables: one row per event, as CSV (with a header) or in
//! GDELT 2.0's event column order (tab-separated, no header).
//!
//! Offsets are Unicode code points, as in the `dyad/1` JSON. Codes stay
//! strings (`036`, not 36).

use std::io;

use dyad_core::{Actor, CharIndex, Document, Event, Participant};

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

fn modality(e: &Event) -> &'static str {
    match e.modality {
        dyad_core::Modality::Asserted => "asserted",
        dyad_core::Modality::Intent => "intent",
        dyad_core::Modality::Conditional => "conditional",
        dyad_core::Modality::Hypothetical => "hypothetical",
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
            modality(e).to_owned(),
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

/// Write `doc`'s events as GDELT 2.0 event rows: 61 tab-separated columns
/// in GDELT's order. Geography columns hold the stated place's name only
/// (GDELT's FIPS codes, ADM codes and coordinates need a gazetteer dyad
/// does not ship); `NumMentions`/`NumSources`/`NumArticles` are 1 for a
/// single article; `AvgTone` is empty.
pub fn write_gdelt<W: io::Write>(doc: &Document, out: &mut W) -> io::Result<()> {
    let date = doc.meta.date.as_deref().unwrap_or("");
    for (i, e) in doc.events.iter().enumerate() {
        let day = e.date.as_deref().unwrap_or(date);
        let ymd: String = day.chars().filter(char::is_ascii_digit).take(8).collect();
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
        let actor = |p: Option<&Participant>| -> [String; 10] {
            let a = p.and_then(|p| p.actor.as_ref());
            let name = p
                .map(|p| {
                    a.and_then(|a| a.name.clone())
                        .unwrap_or_else(|| doc.slice(p.span).to_uppercase())
                })
                .unwrap_or_default();
            [
                a.map(|a| a.code.clone()).unwrap_or_default(),
                name,
                a.and_then(|a| a.country.clone()).unwrap_or_default(),
                String::new(), // known group
                String::new(), // ethnic
                String::new(), // religion 1
                String::new(), // religion 2
                a.and_then(|a| a.sector.clone()).unwrap_or_default(),
                a.and_then(|a| a.sector2.clone()).unwrap_or_default(),
                String::new(),
            ]
        };
        let base = if e.code.len() > 3 {
            e.code[..3].to_owned()
        } else {
            e.code.clone()
        };
        let geo = match &e.location {
            Some((span, _)) => ["4".to_owned(), doc.slice(*span).to_owned()],
            None => [String::new(), String::new()],
        };
        let mut cols: Vec<String> = vec![
            event_id(&doc.meta.id, i).to_string(),
            ymd.clone(),
            month_year,
            year,
            fraction,
        ];
        cols.extend(actor(e.source.as_ref()));
        cols.extend(actor(e.target.as_ref()));
        cols.extend([
            if e.sentence == 0 { "1" } else { "0" }.to_owned(),
            e.code.clone(),
            base,
            e.root.clone(),
            e.quad_class.to_string(),
            e.goldstein.to_string(),
            "1".into(),
            "1".into(),
            "1".into(),
            String::new(),
        ]);
        // Actor1 geo, Actor2 geo: empty; action geo: the stated place.
        cols.extend(std::iter::repeat_n(String::new(), 16));
        cols.extend([geo[0].clone(), geo[1].clone()]);
        cols.extend(std::iter::repeat_n(String::new(), 6));
        cols.push(format!("{ymd}000000"));
        cols.push(doc.meta.url.clone().unwrap_or_default());
        debug_assert_eq!(cols.len(), GDELT_COLUMNS);
        let line: Vec<String> = cols
            .into_iter()
            .map(|c| c.replace(['\t', '\n', '\r'], " "))
            .collect();
        writeln!(out, "{}", line.join("\t"))?;
    }
    Ok(())
}

/// Columns of a GDELT 2.0 event row.
pub const GDELT_COLUMNS: usize = 61;
