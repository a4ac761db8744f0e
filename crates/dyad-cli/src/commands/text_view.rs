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
            let actor = e.actor.as_ref().map_or_else(String::new, |a| {
                let role = a
                    .role
                    .as_deref()
                    .map_or_else(String::new, |r| format!(", {r}"));
                format!(" → {}{role}", a.code)
            });
            writeln!(
                out,
                "  {:<7} {} ({}){actor}",
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
    if !doc.events.is_empty() {
        writeln!(out, "\nWho did what to whom")?;
        for e in &doc.events {
            let party = |p: &Option<dyad_core::Participant>| {
                p.as_ref().map_or_else(
                    || "—".to_owned(),
                    |p| match &p.actor {
                        Some(a) => format!("{} [{}]", doc.slice(p.span), a.code),
                        None => doc.slice(p.span).to_owned(),
                    },
                )
            };
            let mut notes = Vec::new();
            if e.negated {
                notes.push("negated".to_owned());
            }
            if e.modality != dyad_core::Modality::Asserted {
                notes.push(e.modality.as_str().to_owned());
            }
            if let Some((span, _)) = &e.location {
                notes.push(format!("in {}", doc.slice(*span)));
            }
            if let Some(d) = &e.date {
                notes.push(d.clone());
            }
            if e.participants.len() > 2 {
                let all: Vec<String> = e
                    .participants
                    .iter()
                    .map(|p| {
                        p.actor
                            .as_ref()
                            .map_or_else(|| doc.slice(p.span).to_owned(), |a| a.code.clone())
                    })
                    .collect();
                notes.push(format!("with {}", all.join(", ")));
            }
            writeln!(
                out,
                "  [{}] {} {} ({} {}{}) {} · {}",
                e.sentence + 1,
                party(&e.source),
                doc.slice(e.trigger),
                e.code,
                e.plover_event.as_deref().unwrap_or("-"),
                format_args!(", {:+}", e.goldstein),
                party(&e.target),
                notes.join(", ")
            )?;
        }
    }
    let cells = dyad_stances::positions([doc]);
    if !cells.is_empty() {
        writeln!(out, "\nWho stands where")?;
        let mut issue = "";
        for c in &cells {
            if c.issue != issue {
                issue = &c.issue;
                writeln!(out, "  {} ({})", c.label, c.issue)?;
            }
            let why: Vec<String> = c
                .evidence
                .iter()
                .map(|e| format!("[{}] {}", e.sentence + 1, e.cues))
                .collect();
            writeln!(
                out,
                "    {:<8} {:<12} {:.2}  {}  · {}",
                c.polarity.as_str(),
                c.actor,
                c.strength,
                c.holders.join(", "),
                why.join(" | ")
            )?;
        }
    }
    for n in &doc.negotiations {
        let names = |ps: &[dyad_core::Party]| -> String {
            ps.iter()
                .map(|p| p.actor.as_ref().map_or(p.name.clone(), |a| a.code.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            out,
            "\nNegotiation{}",
            n.place
                .map(|p| format!(" in {}", doc.slice(p)))
                .unwrap_or_default()
        )?;
        writeln!(out, "  at the table: {}", names(&n.present))?;
        if !n.excluded.is_empty() {
            writeln!(out, "  left out:     {}", names(&n.excluded))?;
        }
        for &r in &n.red_lines {
            if let Some(s) = doc.stances.get(r as usize) {
                writeln!(
                    out,
                    "  red line:     {} [{}]: {}",
                    s.holder,
                    s.sentence + 1,
                    doc.slice(s.span)
                )?;
            }
        }
        for c in &n.preconditions {
            writeln!(
                out,
                "  condition:    {} [{}]: {}",
                c.holder,
                c.sentence + 1,
                doc.slice(c.span)
            )?;
        }
        for &a in &n.agreements {
            if let Some(e) = doc.events.get(a as usize) {
                writeln!(
                    out,
                    "  agreed:       [{}] {} ({})",
                    e.sentence + 1,
                    doc.slice(e.trigger),
                    e.code
                )?;
            }
        }
    }
    writeln!(out)
}
