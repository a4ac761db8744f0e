//! Negotiation maps: meetings, who is at the table, who is left out, red
//! lines, preconditions and agreements (see the crate docs).

use dyad_core::{Actor, Condition, Document, Negotiation, Participant, Party, Polarity, Span};

use crate::lexicon::norm;

/// Oppositions at least this strong by a party present are red lines.
const RED_LINE: f32 = 0.6;

/// Words that mark a precondition.
const CONDITION_CUES: &[&[&str]] = &[
    &["necessitate"],
    &["require"],
    &["only", "if"],
    &["on", "condition"],
    &["provided", "that"],
    &["precondition"],
    &["must"],
    &["demand"],
    &["insist"],
];

/// Fill `doc.negotiations` (after events, quotes and stances).
pub(crate) fn run(doc: &mut Document) {
    doc.negotiations.clear();
    let mut meetings: Vec<Negotiation> = Vec::new();
    // Sentence of the latest event of each meeting, to attach what follows.
    let mut first_sentence: Vec<u32> = Vec::new();
    for (k, e) in doc.events.iter().enumerate() {
        if e.root != "04" || e.negated {
            continue;
        }
        let parties: Vec<&Participant> = e
            .participants
            .iter()
            .chain(e.source.iter())
            .chain(e.target.iter())
            .filter(|p| p.actor.as_ref().is_some_and(|a| !a.code.is_empty()))
            .collect();
        if parties.len() < 2 && e.participants.is_empty() {
            continue;
        }
        let place = e.location.as_ref().map(|(s, _)| *s);
        let country = e.location.as_ref().and_then(|(_, c)| c.clone());
        let codes: Vec<&str> = parties
            .iter()
            .filter_map(|p| p.actor.as_ref().map(|a| a.code.as_str()))
            .collect();
        // The same meeting: same place country, or no place and a shared
        // party.
        let same = meetings.iter().position(|m| {
            let m_country = m.place.and_then(|_| place_country(doc, m));
            match (&country, m_country) {
                (Some(a), Some(b)) => *a == b,
                _ => m.present.iter().any(|p| {
                    p.actor
                        .as_ref()
                        .is_some_and(|a| codes.iter().any(|c| same_side(c, &a.code)))
                }),
            }
        });
        let i = match same {
            Some(i) => i,
            None => {
                meetings.push(Negotiation {
                    events: Vec::new(),
                    place: None,
                    present: Vec::new(),
                    excluded: Vec::new(),
                    red_lines: Vec::new(),
                    preconditions: Vec::new(),
                    agreements: Vec::new(),
                });
                first_sentence.push(e.sentence);
                meetings.len() - 1
            }
        };
        let m = &mut meetings[i];
        m.events.push(k as u32);
        if m.place.is_none() {
            m.place = place;
        }
        for p in parties {
            let Some(a) = &p.actor else { continue };
            if !m
                .present
                .iter()
                .any(|q| q.actor.as_ref().is_some_and(|b| b.code == a.code))
            {
                m.present.push(Party {
                    name: a
                        .name
                        .clone()
                        .unwrap_or_else(|| doc.slice(p.span).to_owned()),
                    actor: Some(a.clone()),
                    span: p.span,
                    sentence: e.sentence,
                });
            }
        }
    }
    if meetings.is_empty() {
        return;
    }
    // The meeting a sentence refers to: the latest one begun at or before
    // it, else the first.
    let meeting_for = |s: u32| -> usize {
        first_sentence
            .iter()
            .enumerate()
            .filter(|(_, f)| **f <= s)
            .map(|(i, _)| i)
            .next_back()
            .unwrap_or(0)
    };
    excluded(doc, &mut meetings, &meeting_for);
    for (k, st) in doc.stances.iter().enumerate() {
        if st.polarity != Polarity::Oppose || st.strength < RED_LINE {
            continue;
        }
        let m = &mut meetings[meeting_for(st.sentence)];
        let seen = m.red_lines.iter().any(|&r| {
            doc.stances
                .get(r as usize)
                .is_some_and(|o| o.span == st.span)
        });
        if present(m, st.actor.as_ref()) && !seen {
            m.red_lines.push(k as u32);
        }
    }
    conditions(doc, &mut meetings, &meeting_for);
    for (k, e) in doc.events.iter().enumerate() {
        if e.negated || !matches!(e.root.as_str(), "03" | "05" | "06") {
            continue;
        }
        let m = &mut meetings[meeting_for(e.sentence)];
        let by_present = e
            .source
            .iter()
            .chain(e.participants.iter())
            .any(|p| present(m, p.actor.as_ref()));
        if by_present {
            m.agreements.push(k as u32);
        }
    }
    doc.negotiations = meetings;
}

/// The country of a meeting's first located event.
fn place_country(doc: &Document, m: &Negotiation) -> Option<String> {
    m.events
        .iter()
        .filter_map(|&k| doc.events.get(k as usize))
        .find_map(|e| e.location.as_ref().and_then(|(_, c)| c.clone()))
}

/// Two codes name the same side: one is a prefix of the other (`USA`,
/// `USAGOV`).
fn same_side(a: &str, b: &str) -> bool {
    let (a, b) = (a.get(..3).unwrap_or(a), b.get(..3).unwrap_or(b));
    a == b
}

fn present(m: &Negotiation, actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| {
        m.present.iter().any(|p| {
            p.actor
                .as_ref()
                .is_some_and(|b| same_side(&a.code, &b.code))
        })
    })
}

/// Parties left out: the passive subject of "exclude" or "leave out",
/// the possessor of "exclusion", the object of "without" in a sentence
/// about the talks.
fn excluded(doc: &Document, meetings: &mut [Negotiation], meeting_for: &dyn Fn(u32) -> usize) {
    if doc.deps.len() != doc.tokens.len() || doc.tags.len() != doc.tokens.len() {
        return;
    }
    for (si, s) in doc.sentences.iter().enumerate() {
        let range = s.tokens.start as usize..s.tokens.end as usize;
        for i in range.clone() {
            let lemma = norm(&doc.tags[i].lemma);
            let party_tok = match lemma.as_str() {
                "exclude" | "sideline" => range.clone().find(|&j| {
                    doc.deps[j].head == Some(i as u32) && doc.deps[j].deprel.starts_with("nsubj")
                }),
                "exclusion" => range.clone().find(|&j| {
                    doc.deps[j].head == Some(i as u32) && doc.deps[j].deprel.starts_with("nmod")
                }),
                _ => None,
            };
            let Some(t) = party_tok else { continue };
            let Some((name, actor, span)) = party_at(doc, t) else {
                continue;
            };
            let m = &mut meetings[meeting_for(si as u32)];
            let already = m.excluded.iter().any(|p| match (&p.actor, &actor) {
                (Some(a), Some(b)) => same_side(&a.code, &b.code),
                _ => p.name == name,
            });
            if !already && !present(m, actor.as_ref()) {
                m.excluded.push(Party {
                    name,
                    actor,
                    span,
                    sentence: si as u32,
                });
            }
        }
    }
}

/// The entity (or actor-resolved mention) covering token `t`.
fn party_at(doc: &Document, t: usize) -> Option<(String, Option<Actor>, Span)> {
    let m = doc
        .mentions
        .iter()
        .position(|m| m.tokens.start as usize <= t && t < m.tokens.end as usize)?;
    let e = doc
        .entities
        .iter()
        .find(|e| e.mentions.contains(&(m as u32)))?;
    Some((e.name.clone(), e.actor.clone(), doc.mentions[m].span))
}

/// Preconditions stated in quotes: a condition cue inside a quote.
fn conditions(doc: &Document, meetings: &mut [Negotiation], meeting_for: &dyn Fn(u32) -> usize) {
    if doc.tags.len() != doc.tokens.len() {
        return;
    }
    for q in &doc.quotes {
        let Some(sp) = &q.speaker else { continue };
        let a = doc.tokens.partition_point(|t| t.span.end <= q.span.start);
        let b = doc.tokens.partition_point(|t| t.span.start < q.span.end);
        let lemmas: Vec<String> = (a..b).map(|i| norm(&doc.tags[i].lemma)).collect();
        let hit = (0..lemmas.len()).find_map(|i| {
            CONDITION_CUES.iter().find_map(|cue| {
                let n = cue.len();
                (i + n <= lemmas.len()
                    && lemmas[i..i + n].iter().zip(cue.iter()).all(|(l, c)| l == c))
                .then_some((i, n))
            })
        });
        let Some((i, n)) = hit else { continue };
        let cue = Span::new(
            doc.tokens[a + i].span.start,
            doc.tokens[a + i + n - 1].span.end,
        );
        let actor = sp
            .entity
            .and_then(|e| doc.entities.get(e as usize))
            .and_then(|e| e.actor.clone());
        let m = &mut meetings[meeting_for(q.sentence)];
        if m.preconditions.iter().any(|c| c.span == q.span) {
            continue;
        }
        m.preconditions.push(Condition {
            holder: sp.name.clone(),
            actor,
            span: q.span,
            cue,
            sentence: q.sentence,
        });
    }
}
