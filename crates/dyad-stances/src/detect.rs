//! Issue mentions, statements and their polarity (see the crate docs).

use std::ops::Range;

use dyad_core::{
    Actor, Document, EvidenceKind, Issue, Polarity, QuoteKind, Span, Stance, StanceEvidence,
};

use crate::lexicon::{CueKind, IssueDef, Lexicon, Words};

/// Tokens before a cue in which a negator still negates it.
const NEG_WINDOW: usize = 5;
/// Below this summed strength a statement carries no stance.
const MIN_STRENGTH: f32 = 0.05;
/// The least strength of a stated (hedged) support or opposition.
const MIN_STATED: f32 = 0.2;

/// A statement: who, what words, which cue.
struct Statement {
    holder: String,
    entity: Option<u32>,
    actor: Option<Actor>,
    /// Tokens of the statement's content.
    tokens: Range<usize>,
    /// Tokens of the speech or stance cue, when outside `tokens`.
    cue_tokens: Option<Range<usize>>,
    cue: Option<Span>,
    sentence: u32,
    quote: Option<u32>,
    rule: &'static str,
}

/// Fill `doc.issues` and `doc.stances`.
pub(crate) fn run(lex: &Lexicon, doc: &mut Document) {
    doc.issues.clear();
    doc.stances.clear();
    if doc.tokens.is_empty() || doc.sentences.is_empty() {
        return;
    }
    let w = Words::new(doc);
    let sent_of = sentence_index(doc);
    // Issue mentions whose context holds, per issue definition.
    let mut mentions: Vec<Vec<(usize, usize, u32)>> = vec![Vec::new(); lex.issues.len()];
    for (k, def) in lex.issues.iter().enumerate() {
        for (a, b) in core_matches(&w, def, 0..w.lower.len()) {
            let s = sent_of[a];
            if context_holds(doc, &w, def, s) {
                mentions[k].push((a, b, s));
            }
        }
    }
    let mut issue_ids: Vec<Option<u32>> = vec![None; lex.issues.len()];
    let statements = statements(lex, doc, &w);
    let mut stances = Vec::new();
    for st in &statements {
        let Some(reading) = polarity(lex, doc, &w, st) else {
            continue;
        };
        // The issue named in the statement, else its sentence, else the
        // sentence before.
        let sent = doc.sentences[st.sentence as usize].tokens.clone();
        let sent = sent.start as usize..sent.end as usize;
        let mut found: Vec<(usize, (usize, usize))> = Vec::new();
        for scope in [st.tokens.clone(), sent.clone()] {
            for (k, ms) in mentions.iter().enumerate() {
                for &(a, b, _) in ms
                    .iter()
                    .filter(|(a, b, _)| *a >= scope.start && *b <= scope.end)
                {
                    found.push((k, (a, b)));
                }
            }
            if !found.is_empty() {
                break;
            }
        }
        if found.is_empty() && st.sentence > 0 {
            let prev = st.sentence - 1;
            for (k, ms) in mentions.iter().enumerate() {
                if let Some(&(a, b, _)) = ms.iter().find(|m| m.2 == prev) {
                    found.push((k, (a, b)));
                }
            }
        }
        if found.is_empty() {
            continue;
        }
        // Each polarity word is about the issue named nearest to it.
        let dist = |at: usize, (a, b): (usize, usize)| {
            if at < a {
                a - at
            } else {
                at.saturating_sub(b.saturating_sub(1))
            }
        };
        let mut per_issue: Vec<(usize, (usize, usize), Vec<&Hit>)> = Vec::new();
        for h in &reading.hits {
            let Some(&(k, m)) = found.iter().min_by_key(|(_, m)| dist(h.at, *m)) else {
                continue;
            };
            match per_issue.iter_mut().find(|(kk, _, _)| *kk == k) {
                Some(e) => e.2.push(h),
                None => per_issue.push((k, m, vec![h])),
            }
        }
        for (k, (a, b), hits) in per_issue {
            let Some((polarity, strength)) = combine(&hits, reading.hedge) else {
                continue;
            };
            let id = issue_index(lex, doc, &mut issue_ids, k);
            let mut ev: Vec<StanceEvidence> = reading
                .evidence
                .iter()
                .filter(|e| {
                    e.kind != EvidenceKind::Polarity || hits.iter().any(|h| h.span == e.span)
                })
                .cloned()
                .collect();
            ev.push(StanceEvidence {
                kind: EvidenceKind::Issue,
                span: span_of(doc, a..b),
                entry: None,
            });
            stances.push(Stance {
                holder: st.holder.clone(),
                entity: st.entity,
                actor: st.actor.clone(),
                issue: id,
                polarity,
                strength,
                span: span_of(doc, st.tokens.clone()),
                sentence: st.sentence,
                quote: st.quote,
                cue: st.cue,
                evidence: ev,
                rule: st.rule,
            });
        }
    }
    // Issues named with context but without a stance are listed too.
    for (k, ms) in mentions.iter().enumerate() {
        if ms.is_empty() {
            continue;
        }
        let id = issue_index(lex, doc, &mut issue_ids, k);
        doc.issues[id as usize].mentions = ms
            .iter()
            .map(|&(a, b, s)| (span_of(doc, a..b), s))
            .collect();
    }
    stances.sort_by_key(|s: &Stance| (s.span.start, s.issue));
    doc.stances = stances;
}

/// The index in `doc.issues` of issue definition `k`, added on first use.
fn issue_index(lex: &Lexicon, doc: &mut Document, ids: &mut [Option<u32>], k: usize) -> u32 {
    *ids[k].get_or_insert_with(|| {
        doc.issues.push(Issue {
            id: lex.issues[k].id.clone(),
            label: lex.issues[k].label.clone(),
            source: lex.issues[k].source,
            mentions: Vec::new(),
        });
        (doc.issues.len() - 1) as u32
    })
}

/// Sentence index of every token.
fn sentence_index(doc: &Document) -> Vec<u32> {
    let mut out = vec![0u32; doc.tokens.len()];
    for (i, s) in doc.sentences.iter().enumerate() {
        for t in s.tokens.clone() {
            if let Some(o) = out.get_mut(t as usize) {
                *o = i as u32;
            }
        }
    }
    out
}

fn span_of(doc: &Document, toks: Range<usize>) -> Span {
    let n = doc.tokens.len();
    if toks.start >= n || toks.is_empty() {
        return Span::new(0, 0);
    }
    let last = toks.end.min(n) - 1;
    Span::new(doc.tokens[toks.start].span.start, doc.tokens[last].span.end)
}

/// Core phrase matches in `range` that do not sit inside an exclude
/// phrase.
fn core_matches(w: &Words, def: &IssueDef, range: Range<usize>) -> Vec<(usize, usize)> {
    let core = w.find(range.clone(), &def.core);
    if def.exclude.is_empty() {
        return core;
    }
    let ex = w.find(range.start.saturating_sub(4)..range.end, &def.exclude);
    core.into_iter()
        .filter(|&(a, b)| !ex.iter().any(|&(x, y)| x <= a && b <= y))
        .collect()
}

/// Every context group occurs in sentence `s`, the two before it, or the
/// first sentence and the headline.
fn context_holds(doc: &Document, w: &Words, def: &IssueDef, s: u32) -> bool {
    if def.context.is_empty() {
        return true;
    }
    let sent = |i: u32| {
        let t = &doc.sentences[i as usize].tokens;
        t.start as usize..t.end as usize
    };
    let mut scopes = vec![sent(s)];
    for back in 1..=2 {
        if s >= back {
            scopes.push(sent(s - back));
        }
    }
    scopes.push(sent(0));
    let title = doc
        .meta
        .title
        .as_deref()
        .map(crate::lexicon::norm)
        .unwrap_or_default();
    def.context.iter().all(|group| {
        scopes.iter().any(|r| !w.find(r.clone(), group).is_empty())
            || group
                .iter()
                .any(|p| !title.is_empty() && contains_words(&title, &p.words))
    })
}

/// Whether lower-case `text` contains `words` as whole words in order.
fn contains_words(text: &str, words: &[String]) -> bool {
    let toks: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|t| !t.is_empty())
        .collect();
    let n = words.len();
    n > 0
        && toks
            .windows(n)
            .any(|win| win.iter().zip(words).all(|(a, b)| a == b))
}

/// The token range of a span.
fn tokens_of(doc: &Document, span: Span) -> Range<usize> {
    let a = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let b = doc.tokens.partition_point(|t| t.span.start < span.end);
    a..b.max(a)
}

/// Quotes with a speaker, then stance predicates outside quotes.
fn statements(lex: &Lexicon, doc: &Document, w: &Words) -> Vec<Statement> {
    let mut out = Vec::new();
    let actor_of = |e: Option<u32>| {
        e.and_then(|e| doc.entities.get(e as usize))
            .and_then(|e| e.actor.clone())
    };
    for (qi, q) in doc.quotes.iter().enumerate() {
        let Some(sp) = &q.speaker else { continue };
        // A partial quote inside a reported statement of the same speaker
        // is the same statement.
        if q.kind == QuoteKind::Partial
            && doc.quotes.iter().any(|o| {
                o.kind == QuoteKind::Indirect
                    && o.span.contains(q.span)
                    && o.speaker.as_ref().map(|s| &s.name) == Some(&sp.name)
            })
        {
            continue;
        }
        out.push(Statement {
            holder: sp.name.clone(),
            entity: sp.entity,
            actor: actor_of(sp.entity),
            tokens: tokens_of(doc, q.span),
            cue_tokens: q.cue.as_ref().map(|c| tokens_of(doc, c.span)),
            cue: q.cue.as_ref().map(|c| c.span),
            sentence: q.sentence,
            quote: Some(qi as u32),
            rule: "stance/quote",
        });
    }
    // Predicates ("voiced skepticism", "ruled out") outside any quote and
    // not a quote's cue: their subject holds the stance.
    if doc.deps.len() != doc.tokens.len() {
        return out;
    }
    let covered = |i: usize| {
        let span = doc.tokens[i].span;
        doc.quotes
            .iter()
            .any(|q| q.span.contains(span) || q.cue.as_ref().is_some_and(|c| c.span.contains(span)))
    };
    let sent_of = sentence_index(doc);
    let mut i = 0;
    while i < w.lower.len() {
        let pred = lex
            .cues_at(w, i)
            .into_iter()
            .find(|(c, _)| c.kind == CueKind::Predicate);
        let Some((_, end)) = pred else {
            i += 1;
            continue;
        };
        if (i..end).any(covered) {
            i = end;
            continue;
        }
        // The subject of the predicate's first word: the first nominal
        // subject (or a word attached to it: "chief Kaja Kallas" parsed as
        // two subjects, an apposition) inside an entity mention.
        let entity_at = |t: usize| {
            let m = doc
                .mentions
                .iter()
                .position(|m| m.tokens.start as usize <= t && t < m.tokens.end as usize)?;
            doc.entities
                .iter()
                .position(|e| e.mentions.contains(&(m as u32)))
                .map(|e| e as u32)
        };
        let sent_range = {
            let s = &doc.sentences[sent_of[i] as usize].tokens;
            s.start as usize..s.end as usize
        };
        let subjects: Vec<usize> = sent_range
            .clone()
            .filter(|&j| {
                doc.deps[j].head == Some(i as u32) && doc.deps[j].deprel.starts_with("nsubj")
            })
            .collect();
        let entity = subjects.iter().find_map(|&j| entity_at(j)).or_else(|| {
            subjects.iter().find_map(|&j| {
                sent_range
                    .clone()
                    .filter(|&k| doc.deps[k].head == Some(j as u32))
                    .find_map(entity_at)
            })
        });
        let Some(e) = entity else {
            i = end;
            continue;
        };
        let sentence = sent_of[i];
        let s = &doc.sentences[sentence as usize].tokens;
        // The clause: from the predicate to the end of the sentence or
        // the next clause boundary.
        let mut clause_end = s.end as usize;
        for j in end..s.end as usize {
            if matches!(w.lower[j].as_str(), ";" | "while" | "but" | "whereas") {
                clause_end = j;
                break;
            }
        }
        out.push(Statement {
            holder: doc.entities[e as usize].name.clone(),
            entity: Some(e),
            actor: actor_of(Some(e)),
            tokens: i..clause_end.max(end),
            cue_tokens: None,
            cue: Some(span_of(doc, i..end)),
            sentence,
            quote: None,
            rule: "stance/predicate",
        });
        i = end;
    }
    out
}

/// One polarity word of a statement, after negation.
#[derive(Debug)]
struct Hit {
    /// Its first token.
    at: usize,
    span: Span,
    polarity: Polarity,
    strength: f32,
    /// An exclusion phrase ("without Ukraine", "behind our backs").
    exclusion: bool,
}

/// The polarity words, hedge factor and evidence of a statement.
struct Reading {
    hits: Vec<Hit>,
    hedge: f32,
    evidence: Vec<StanceEvidence>,
}

/// Sum the hits about one issue: polarity and strength, `None` when too
/// weak. An exclusion phrase with another opposing word ("any agreement
/// without Ukraine is unacceptable") opposes the exclusion: support.
fn combine(hits: &[&Hit], hedge: f32) -> Option<(Polarity, f32)> {
    let excluding = hits
        .iter()
        .any(|h| h.exclusion && h.polarity == Polarity::Oppose);
    let other_oppose = hits
        .iter()
        .any(|h| !h.exclusion && h.polarity == Polarity::Oppose);
    let flip = excluding && other_oppose;
    let (mut signed, mut neutral) = (0.0f32, 0.0f32);
    for h in hits {
        let pol = if flip && h.polarity == Polarity::Oppose {
            Polarity::Support
        } else {
            h.polarity
        };
        match pol {
            Polarity::Support => signed += h.strength,
            Polarity::Oppose => signed -= h.strength,
            Polarity::Neutral => neutral += h.strength,
        }
    }
    if signed.abs() < MIN_STRENGTH && neutral < MIN_STRENGTH {
        return None;
    }
    let (pol, strength) = if neutral >= signed.abs() {
        (Polarity::Neutral, neutral.min(1.0))
    } else if signed > 0.0 {
        (Polarity::Support, (signed.min(1.0) * hedge).max(MIN_STATED))
    } else {
        (
            Polarity::Oppose,
            (signed.abs().min(1.0) * hedge).max(MIN_STATED),
        )
    };
    Some((pol, (strength * 100.0).round() / 100.0))
}

/// Polarity words, hedges and negations of a statement; `None` without a
/// polarity word.
fn polarity(lex: &Lexicon, doc: &Document, w: &Words, st: &Statement) -> Option<Reading> {
    let mut hits = Vec::new();
    let mut hedge = 1.0f32;
    let mut evidence = Vec::new();
    let mut hedges = 0;
    let scopes = [st.cue_tokens.clone(), Some(st.tokens.clone())];
    for scope in scopes.into_iter().flatten() {
        let mut i = scope.start;
        while i < scope.end {
            let cues = lex.cues_at(w, i);
            let Some((c, end)) = cues
                .iter()
                .find(|(c, e)| {
                    *e <= scope.end
                        && matches!(
                            c.kind,
                            CueKind::Word | CueKind::Predicate | CueKind::Exclusion
                        )
                })
                .or_else(|| {
                    cues.iter()
                        .find(|(c, e)| *e <= scope.end && c.kind == CueKind::Hedge)
                })
                .copied()
            else {
                i += 1;
                continue;
            };
            let span = span_of(doc, i..end);
            if c.kind == CueKind::Hedge {
                if hedges < 2 {
                    hedge *= c.strength;
                    hedges += 1;
                }
                evidence.push(StanceEvidence {
                    kind: EvidenceKind::Hedge,
                    span,
                    entry: Some(c.phrase.text.clone()),
                });
                i = end;
                continue;
            }
            // Hedging words that are also predicates ("contemplate") count
            // once as each.
            if let Some(h) = cues
                .iter()
                .find(|(h, e)| h.kind == CueKind::Hedge && *e == end)
                && hedges < 2
            {
                hedge *= h.0.strength;
                hedges += 1;
            }
            // "ready to send troops once a ceasefire is agreed": a
            // polarity word inside a condition is not a position taken.
            if in_condition(doc, w, i) {
                i = end;
                continue;
            }
            let negator = negation(lex, doc, w, i, scope.start.min(st.tokens.start));
            let mut pol = c.polarity.unwrap_or(Polarity::Neutral);
            let mut strength = c.strength;
            if let Some(neg) = negator {
                evidence.push(StanceEvidence {
                    kind: EvidenceKind::Negation,
                    span: span_of(doc, neg..neg + 1),
                    entry: None,
                });
                pol = match pol {
                    Polarity::Support => Polarity::Oppose,
                    Polarity::Oppose => Polarity::Support,
                    Polarity::Neutral => Polarity::Neutral,
                };
                if pol == Polarity::Support {
                    strength *= 0.5;
                }
            }
            evidence.push(StanceEvidence {
                kind: EvidenceKind::Polarity,
                span,
                entry: Some(c.phrase.text.clone()),
            });
            hits.push(Hit {
                at: i,
                span,
                polarity: pol,
                strength,
                exclusion: c.kind == CueKind::Exclusion,
            });
            i = end;
        }
    }
    if hits.is_empty() {
        return None;
    }
    Some(Reading {
        hits,
        hedge,
        evidence,
    })
}

/// Subordinators of a condition or a time still to come: a clause they
/// introduce states what would have to happen, not a position.
const CONDITION_MARKS: [&str; 9] = [
    "if",
    "once",
    "unless",
    "provided",
    "providing",
    "when",
    "whenever",
    "until",
    "assuming",
];

/// Whether token `i` is in an adverbial clause (`advcl`) introduced by one
/// of [`CONDITION_MARKS`], within its sentence (needs the parse).
fn in_condition(doc: &Document, w: &Words, i: usize) -> bool {
    if doc.deps.len() != doc.tokens.len() {
        return false;
    }
    let Some(sent) = doc
        .sentences
        .iter()
        .find(|s| (s.tokens.start as usize) <= i && i < s.tokens.end as usize)
    else {
        return false;
    };
    let (start, end) = (sent.tokens.start as usize, sent.tokens.end as usize);
    let mut node = i;
    for _ in 0..12 {
        if doc.deps[node].deprel.starts_with("advcl")
            && (start..end).any(|j| {
                doc.deps[j].head == Some(node as u32)
                    && &*doc.deps[j].deprel == "mark"
                    && CONDITION_MARKS.contains(&w.lower[j].as_str())
            })
        {
            return true;
        }
        match doc.deps[node].head {
            Some(h) if (h as usize) != node && (start..end).contains(&(h as usize)) => {
                node = h as usize;
            }
            _ => break,
        }
    }
    false
}

/// A negator governing token `i` (a dependent of it or of one of its
/// heads), or earlier in its clause: back to the sentence start, a comma,
/// a semicolon or a colon, at most [`NEG_WINDOW`] * 3 tokens, never before
/// `floor`.
fn negation(lex: &Lexicon, doc: &Document, w: &Words, i: usize, floor: usize) -> Option<usize> {
    let is_neg = |j: usize| {
        lex.cues_at(w, j)
            .iter()
            .any(|(c, e)| c.kind == CueKind::Negator && *e == j + c.phrase.words.len())
    };
    let (sent, end) = doc
        .sentences
        .iter()
        .find(|s| (s.tokens.start as usize) <= i && i < s.tokens.end as usize)
        .map_or((0, doc.tokens.len()), |s| {
            (s.tokens.start as usize, s.tokens.end as usize)
        });
    let from = i.saturating_sub(NEG_WINDOW * 3).max(floor.min(i)).max(sent);
    for j in (from..i).rev() {
        if matches!(w.lower[j].as_str(), "," | ";" | ":" | "—" | "–" | "but") {
            break;
        }
        if is_neg(j) {
            return Some(j);
        }
    }
    if doc.deps.len() != doc.tokens.len() {
        return None;
    }
    let mut node = i;
    for _ in 0..8 {
        if let Some(j) = (sent..end).find(|&j| {
            doc.deps[j].head == Some(node as u32)
                && matches!(&*doc.deps[j].deprel, "advmod" | "neg" | "det")
                && is_neg(j)
        }) {
            return Some(j);
        }
        match doc.deps[node].head {
            Some(h) if (h as usize) != node => node = h as usize,
            _ => break,
        }
    }
    None
}
