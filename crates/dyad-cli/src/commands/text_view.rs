//! The readable `--format text` view of a document.

use std::io::{self, Write};

use dyad_core::Document;

/// Write a header, then each paragraph with its numbered sentences.
pub(crate) fn write(doc: &Document, out: &mut impl Write) -> io::Result<()> {
    let m = &doc.meta;
    writeln!(out, "== {}", m.title.as_deref().unwrap_or(&m.id))?;
    let mut facts = vec![format!("{} ({})", m.origin.path, m.origin.format.as_str())];
    if let Some(r) = m.origin.record {
        facts.push(format!("record {r}"));
    }
    for v in [&m.date, &m.source, &m.url, &m.language]
        .into_iter()
        .flatten()
    {
        facts.push(v.clone());
    }
    writeln!(out, "   {}", facts.join(" · "))?;
    writeln!(
        out,
        "   {} paragraphs · {} sentences · {} tokens",
        doc.paragraphs.len(),
        doc.sentences.len(),
        doc.tokens.len()
    )?;
    let mut sentences = doc.sentences.iter().enumerate().peekable();
    for (pi, _) in doc.paragraphs.iter().enumerate() {
        writeln!(out, "\n¶{}", pi + 1)?;
        while let Some((si, s)) = sentences.next_if(|(_, s)| s.paragraph as usize == pi) {
            writeln!(out, "  [{}] {}", si + 1, doc.slice(s.span))?;
        }
    }
    if !doc.entities.is_empty() {
        writeln!(out, "\nEntities")?;
        for e in &doc.entities {
            let mentions: Vec<&str> = e
                .mentions
                .iter()
                .filter_map(|&m| doc.mentions.get(m as usize))
                .map(|m| doc.slice(m.span))
                .collect();
            writeln!(
                out,
                "  {:<7} {} ({})",
                e.label.as_str(),
                e.name,
                mentions.join(", ")
            )?;
        }
    }
    if !doc.quotes.is_empty() {
        writeln!(out, "\nWho said what")?;
        for q in &doc.quotes {
            let who = q.speaker.as_ref().map_or_else(
                || "(unknown)".to_owned(),
                |s| match s.title {
                    Some(t) => format!("{} ({})", s.name, doc.slice(t)),
                    None => s.name.clone(),
                },
            );
            let cue = q.cue.as_ref().map_or("-", |c| &*c.lemma);
            let kind = match q.kind {
                dyad_core::QuoteKind::Direct => "direct",
                dyad_core::QuoteKind::Partial => "partial",
                dyad_core::QuoteKind::Indirect => "indirect",
            };
            writeln!(
                out,
                "  [{}] {who} · {kind} · {cue}: “{}”",
                doc.sentences
                    .get(q.sentence as usize)
                    .map_or(0, |_| q.sentence + 1),
                doc.slice(q.span)
            )?;
        }
    }
    writeln!(out)
}
