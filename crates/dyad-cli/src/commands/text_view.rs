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
    writeln!(out)
}
