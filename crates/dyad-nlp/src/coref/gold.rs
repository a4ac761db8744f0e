//! Reading GUM's coreference layer (the `Entity=` brackets of the CoNLL-U
//! MISC column) into a [`Document`] with gold tokens, tags and
//! dependencies, plus every gold mention with its cluster.
//!
//! The document's `mentions` are what a realistic NER stage would give the
//! resolver: the proper-name mentions of people, organisations and places
//! (head word PROPN), trimmed to the run of proper nouns around the head,
//! without nesting, one entity each. Pronouns are left for the resolver to
//! find.

use std::collections::HashMap;

use dyad_core::{
    Dependency, Document, EntityLabel, Mention, MentionKind, Meta, Sentence, Span, Tagging, Token,
    TokenKind, Upos,
};

use crate::conllu::ConlluSentence;

/// One gold mention.
#[derive(Clone, Debug)]
pub(crate) struct GoldMention {
    /// Token range in the document.
    pub tokens: std::ops::Range<u32>,
    pub cluster: u32,
    /// GUM entity type mapped to a label (person/organization/place).
    pub label: Option<EntityLabel>,
    /// Head word is a proper noun.
    pub is_name: bool,
}

/// A GUM document ready for the resolver.
#[derive(Debug)]
pub(crate) struct GoldDoc {
    pub doc: Document,
    pub mentions: Vec<GoldMention>,
    /// For each `doc.mentions[i]`, its gold cluster.
    pub name_cluster: Vec<u32>,
}

fn token_kind(form: &str, upos: &str, xpos: &str) -> TokenKind {
    match xpos {
        "``" => return TokenKind::QuoteOpen,
        "''" => return TokenKind::QuoteClose,
        _ => {}
    }
    match upos {
        "PUNCT" => TokenKind::Punct,
        "SYM" => TokenKind::Symbol,
        "NUM" if form.chars().any(|c| c.is_ascii_digit()) => TokenKind::Number,
        _ => TokenKind::Word,
    }
}

fn label_of(etype: &str) -> Option<EntityLabel> {
    match etype {
        "person" => Some(EntityLabel::Person),
        "organization" => Some(EntityLabel::Org),
        "place" => Some(EntityLabel::Gpe),
        _ => None,
    }
}

/// Parse one `Entity=` value into opens `(id, etype)` and closes `id`, in
/// order; a single-word mention is an open followed by its close.
fn brackets(v: &str) -> Vec<(bool, String, String)> {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'(' {
            let end = (i + 1..b.len())
                .find(|&j| b[j] == b'(' || b[j] == b')')
                .unwrap_or(b.len());
            let spec = &v[i + 1..end];
            let mut parts = spec.split('-');
            let id = parts.next().unwrap_or("").to_owned();
            let etype = parts.next().unwrap_or("").to_owned();
            out.push((true, id.clone(), etype));
            if end < b.len() && b[end] == b')' {
                out.push((false, id, String::new()));
                i = end + 1;
            } else {
                i = end;
            }
        } else {
            let end = (i..b.len()).find(|&j| b[j] == b')').unwrap_or(b.len());
            out.push((false, v[i..end].to_owned(), String::new()));
            i = end + 1;
        }
    }
    out
}

/// Build one document from its sentences.
pub(crate) fn build(id: &str, sents: &[ConlluSentence]) -> GoldDoc {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    let mut word_tok: Vec<Vec<u32>> = Vec::new();
    let mut paragraphs: Vec<Span> = Vec::new();
    let mut para_start = 0usize;
    let mut para = 0u32;
    for (si, s) in sents.iter().enumerate() {
        if si > 0 {
            if s.newpar {
                paragraphs.push(Span::from_usize(para_start, text.len()));
                text.push_str("\n\n");
                para_start = text.len();
                para += 1;
            } else {
                text.push(' ');
            }
        }
        let first_tok = tokens.len() as u32;
        let s_start = text.len();
        let mut map = vec![0u32; s.words.len()];
        for (ti, t) in s.tokens.iter().enumerate() {
            let (a, b) = (t.words.0, t.words.1.min(s.words.len()));
            let words = &s.words[a..b];
            let spelled: String = words.iter().map(|w| w.form.as_str()).collect();
            let t_start = text.len();
            if words.len() > 1 && spelled == t.form {
                let mut at = t_start;
                for (k, w) in words.iter().enumerate() {
                    map[a + k] = tokens.len() as u32;
                    tokens.push(Token {
                        span: Span::from_usize(at, at + w.form.len()),
                        kind: token_kind(&w.form, &w.upos, &w.xpos),
                    });
                    at += w.form.len();
                }
            } else if let Some(w) = words.first() {
                for m in map.iter_mut().take(b).skip(a) {
                    *m = tokens.len() as u32;
                }
                tokens.push(Token {
                    span: Span::from_usize(t_start, t_start + t.form.len()),
                    kind: token_kind(&t.form, &w.upos, &w.xpos),
                });
            }
            text.push_str(&t.form);
            if t.space_after && ti + 1 < s.tokens.len() {
                text.push(' ');
            }
        }
        sentences.push(Sentence {
            span: Span::from_usize(s_start, text.len()),
            paragraph: para,
            tokens: first_tok..tokens.len() as u32,
        });
        word_tok.push(map);
    }
    paragraphs.push(Span::from_usize(para_start, text.len()));
    let mut deps = Vec::with_capacity(tokens.len());
    let mut tagging = Vec::with_capacity(tokens.len());
    for (si, s) in sents.iter().enumerate() {
        let mut last = u32::MAX;
        for (wi, w) in s.words.iter().enumerate() {
            let t = word_tok[si][wi];
            if t == last {
                continue;
            }
            last = t;
            let head = (w.head > 0)
                .then(|| word_tok[si].get(w.head as usize - 1).copied())
                .flatten();
            deps.push(Dependency {
                head,
                deprel: w.deprel.as_str().into(),
            });
            tagging.push(Tagging {
                upos: w.upos.parse().unwrap_or(Upos::X),
                xpos: w.xpos.as_str().into(),
                lemma: w.lemma.as_str().into(),
            });
        }
    }
    // Gold mentions from the brackets.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut open: Vec<(String, u32, String)> = Vec::new();
    let mut mentions = Vec::new();
    for (si, s) in sents.iter().enumerate() {
        for (wi, w) in s.words.iter().enumerate() {
            let t = word_tok[si][wi];
            let Some(v) = w.misc.split('|').find_map(|m| m.strip_prefix("Entity=")) else {
                continue;
            };
            for (is_open, id, etype) in brackets(v) {
                if is_open {
                    open.push((id, t, etype));
                } else if let Some(pos) = open.iter().rposition(|o| o.0 == id) {
                    let (id, start, etype) = open.remove(pos);
                    let next = ids.len() as u32;
                    let cluster = *ids.entry(id).or_insert(next);
                    mentions.push(GoldMention {
                        tokens: start..t + 1,
                        cluster,
                        label: label_of(&etype),
                        is_name: false,
                    });
                }
            }
        }
    }
    mentions.sort_by_key(|m| (m.tokens.start, std::cmp::Reverse(m.tokens.end)));
    let head_of = |r: &std::ops::Range<u32>| {
        (r.start..r.end)
            .find(|&i| {
                deps[i as usize]
                    .head
                    .is_none_or(|h| h < r.start || h >= r.end)
            })
            .unwrap_or(r.start)
    };
    let mut doc_mentions = Vec::new();
    let mut name_cluster = Vec::new();
    let mut taken_until = 0u32;
    for m in &mut mentions {
        let h = head_of(&m.tokens);
        m.is_name = tagging[h as usize].upos == Upos::Propn;
        let Some(label) = m.label else { continue };
        if !m.is_name || m.tokens.start < taken_until {
            continue;
        }
        let (mut a, mut b) = (h, h + 1);
        while a > m.tokens.start && tagging[a as usize - 1].upos == Upos::Propn {
            a -= 1;
        }
        while b < m.tokens.end && tagging[b as usize].upos == Upos::Propn {
            b += 1;
        }
        // Leading title words become the title, as the NER stage does.
        let is_title =
            |k: u32| super::lexicon::is_title_word(&text[tokens[k as usize].span.range()]);
        if (a..b).all(is_title) {
            continue;
        }
        let mut title = None;
        let t0 = a;
        if let Some(k) = (a..b - 1).rev().find(|&k| is_title(k)) {
            a = k + 1;
        }
        taken_until = m.tokens.end;
        if a > t0 {
            title = Some(Span::new(
                tokens[t0 as usize].span.start,
                tokens[a as usize - 1].span.end,
            ));
        }
        let sentence = sentences.partition_point(|s| s.tokens.end <= a) as u32;
        doc_mentions.push(Mention {
            span: Span::new(
                tokens[a as usize].span.start,
                tokens[b as usize - 1].span.end,
            ),
            tokens: a..b,
            kind: MentionKind::Name,
            label: Some(label),
            title,
            sentence,
            source: "gold",
        });
        name_cluster.push(m.cluster);
    }
    let entities = doc_mentions
        .iter()
        .enumerate()
        .map(|(i, m)| dyad_core::Entity {
            label: m.label.unwrap_or(EntityLabel::Person),
            name: text[m.span.range()].to_owned(),
            mentions: vec![i as u32],
            gender: None,
            number: None,
            actor: None,
        })
        .collect();
    let mut doc = Document::new(Meta::with_id(id), text).unwrap_or_default();
    doc.paragraphs = paragraphs;
    doc.sentences = sentences;
    doc.tokens = tokens;
    doc.tags = tagging;
    doc.deps = deps;
    doc.mentions = doc_mentions;
    doc.entities = entities;
    GoldDoc {
        doc,
        mentions,
        name_cluster,
    }
}

/// Split sentences into documents at `# newdoc`.
pub(crate) fn split_docs(sents: Vec<ConlluSentence>) -> Vec<(String, Vec<ConlluSentence>)> {
    let mut out: Vec<(String, Vec<ConlluSentence>)> = Vec::new();
    for s in sents {
        if s.newdoc.is_some() || out.is_empty() {
            let id = s.newdoc.clone().unwrap_or_default();
            out.push((id, Vec::new()));
        }
        if let Some(d) = out.last_mut() {
            d.1.push(s);
        }
    }
    out
}
