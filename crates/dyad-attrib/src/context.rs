//! Read-only views of a document that the attribution rules share:
//! token -> sentence, lemmas and tags when present, dependency children,
//! and which mention and entity cover a token.

use std::ops::Range;

use dyad_core::{Document, EntityLabel, MentionKind, Upos};

pub(crate) struct Ctx<'a> {
    pub(crate) doc: &'a Document,
    sentence_of: Vec<u32>,
    children: Vec<Vec<u32>>,
    mention_at: Vec<Option<u32>>,
    entity_of_mention: Vec<Option<u32>>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(doc: &'a Document) -> Self {
        let n = doc.tokens.len();
        let mut sentence_of = vec![0u32; n];
        for (si, s) in doc.sentences.iter().enumerate() {
            for t in s.tokens.clone() {
                sentence_of[t as usize] = si as u32;
            }
        }
        let mut children = vec![Vec::new(); if doc.deps.len() == n { n } else { 0 }];
        if !children.is_empty() {
            for (i, d) in doc.deps.iter().enumerate() {
                if let Some(h) = d.head.filter(|&h| (h as usize) < n) {
                    children[h as usize].push(i as u32);
                }
            }
        }
        let mut mention_at = vec![None; n];
        for (mi, m) in doc.mentions.iter().enumerate() {
            for t in m.tokens.clone() {
                if let Some(slot) = mention_at.get_mut(t as usize) {
                    slot.get_or_insert(mi as u32);
                }
            }
        }
        let mut entity_of_mention = vec![None; doc.mentions.len()];
        for (ei, e) in doc.entities.iter().enumerate() {
            for &m in &e.mentions {
                if let Some(slot) = entity_of_mention.get_mut(m as usize) {
                    *slot = Some(ei as u32);
                }
            }
        }
        Self {
            doc,
            sentence_of,
            children,
            mention_at,
            entity_of_mention,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.doc.tokens.len()
    }

    pub(crate) fn word(&self, i: u32) -> &'a str {
        self.doc.slice(self.doc.tokens[i as usize].span)
    }

    pub(crate) fn lower(&self, i: u32) -> String {
        self.word(i).to_lowercase()
    }

    pub(crate) fn sentence(&self, i: u32) -> u32 {
        self.sentence_of[i as usize]
    }

    pub(crate) fn sentence_range(&self, s: u32) -> Range<u32> {
        self.doc.sentences[s as usize].tokens.clone()
    }

    pub(crate) fn has_tags(&self) -> bool {
        self.doc.tags.len() == self.doc.tokens.len() && !self.doc.tokens.is_empty()
    }

    pub(crate) fn has_deps(&self) -> bool {
        !self.children.is_empty()
    }

    pub(crate) fn upos(&self, i: u32) -> Option<Upos> {
        self.doc
            .tags
            .get(i as usize)
            .map(|t| t.upos)
            .filter(|_| self.has_tags())
    }

    pub(crate) fn lemma(&self, i: u32) -> Option<&'a str> {
        self.doc
            .tags
            .get(i as usize)
            .map(|t| &*t.lemma)
            .filter(|_| self.has_tags())
    }

    pub(crate) fn head(&self, i: u32) -> Option<u32> {
        if self.has_deps() {
            self.doc.deps[i as usize].head
        } else {
            None
        }
    }

    pub(crate) fn deprel(&self, i: u32) -> &'a str {
        if self.has_deps() {
            &self.doc.deps[i as usize].deprel
        } else {
            ""
        }
    }

    pub(crate) fn children(&self, i: u32) -> &[u32] {
        self.children.get(i as usize).map_or(&[], Vec::as_slice)
    }

    /// Leftmost and rightmost token of the subtree of `i`.
    pub(crate) fn subtree(&self, i: u32) -> Range<u32> {
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        let mut steps = 0;
        while let Some(t) = stack.pop() {
            steps += 1;
            if steps > 2000 {
                break; // a malformed (cyclic) parse
            }
            lo = lo.min(t);
            hi = hi.max(t);
            stack.extend_from_slice(self.children(t));
        }
        lo..hi + 1
    }

    pub(crate) fn mention_at(&self, i: u32) -> Option<u32> {
        self.mention_at.get(i as usize).copied().flatten()
    }

    pub(crate) fn entity_of(&self, mention: u32) -> Option<u32> {
        self.entity_of_mention
            .get(mention as usize)
            .copied()
            .flatten()
    }

    /// True when the token is a person-like speaker: a PERSON mention, a
    /// personal pronoun, or a nominal/pronoun mention.
    pub(crate) fn is_person_like(&self, i: u32) -> bool {
        if let Some(m) = self.mention_at(i) {
            let m = &self.doc.mentions[m as usize];
            return m.label == Some(EntityLabel::Person) || m.kind != MentionKind::Name;
        }
        matches!(self.lower(i).as_str(), "he" | "she" | "they" | "i" | "we")
    }
}
