//! Per-document facts the features read: the sentence of each token,
//! whether it sits inside a quotation, whether it is a speech verb, and
//! for a mention its grammatical role and whether it names a speaker
//! ("X said", "said X").
//!
//! Syntax is optional: with `doc.deps` the role comes from the tree; without
//! it the surface patterns still find most speakers, and the features say
//! which mode they were computed in so one model serves both.

use dyad_core::{Document, TokenKind};

use super::lexicon;

/// A coarse dependency role, enough for subject/object preference and
/// syntactic parallelism.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum Role {
    Subj,
    Obj,
    Poss,
    Obl,
    Nmod,
    Conj,
    Appos,
    Compound,
    Expl,
    #[default]
    Other,
    /// No syntax available.
    Unknown,
}

impl Role {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Subj => "subj",
            Role::Obj => "obj",
            Role::Poss => "poss",
            Role::Obl => "obl",
            Role::Nmod => "nmod",
            Role::Conj => "conj",
            Role::Appos => "appos",
            Role::Compound => "compound",
            Role::Expl => "expl",
            Role::Other => "other",
            Role::Unknown => "?",
        }
    }

    fn from_deprel(d: &str) -> Role {
        let base = d.split(':').next().unwrap_or("");
        match base {
            "nsubj" | "csubj" => Role::Subj,
            "obj" | "iobj" => Role::Obj,
            "obl" => Role::Obl,
            "nmod" if d == "nmod:poss" => Role::Poss,
            "nmod" => Role::Nmod,
            "conj" => Role::Conj,
            "appos" => Role::Appos,
            "compound" | "flat" => Role::Compound,
            "expl" => Role::Expl,
            _ => Role::Other,
        }
    }
}

/// What the features need to know about one mention.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct MentionFacts {
    pub sent: u32,
    pub role: Role,
    pub speaker: bool,
    pub in_quote: bool,
}

/// Token-level facts of one document.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    pub doc: &'a Document,
    /// Narrative sentence number of each token (see [`Context::new`]).
    pub sent_of: Vec<u32>,
    pub in_quote: Vec<bool>,
    pub speech: Vec<bool>,
    pub has_deps: bool,
}

impl<'a> Context<'a> {
    pub(crate) fn new(doc: &'a Document) -> Self {
        let n = doc.tokens.len();
        let has_deps = doc.deps.len() == n && n > 0;
        let has_tags = doc.tags.len() == n && n > 0;
        let mut sent_of = vec![0u32; n];
        let mut in_quote = vec![false; n];
        for (si, s) in doc.sentences.iter().enumerate() {
            let (a, b) = (s.tokens.start as usize, (s.tokens.end as usize).min(n));
            for x in sent_of.iter_mut().take(b).skip(a) {
                *x = si as u32;
            }
        }
        let mut inside = false;
        let mut para = u32::MAX;
        for (i, t) in doc.tokens.iter().enumerate() {
            let p = doc
                .sentences
                .get(sent_of[i] as usize)
                .map_or(0, |s| s.paragraph);
            if p != para {
                para = p;
                inside = false;
            }
            match t.kind {
                TokenKind::QuoteOpen => inside = true,
                TokenKind::QuoteClose => inside = false,
                _ => in_quote[i] = inside,
            }
        }
        // Narrative sentence numbers: a sentence wholly inside a quotation
        // does not count, so a long quote does not push its speaker out of
        // reach of the "he said" after it.
        let mut narrative = vec![0u32; doc.sentences.len()];
        let mut k = 0u32;
        for (si, s) in doc.sentences.iter().enumerate() {
            let (a, b) = (s.tokens.start as usize, (s.tokens.end as usize).min(n));
            let told = (a..b).any(|i| doc.tokens[i].kind == TokenKind::Word && !in_quote[i]);
            if told && si > 0 {
                k += 1;
            }
            narrative[si] = k;
        }
        let speech = (0..n)
            .map(|i| {
                if has_tags {
                    let l = doc.tags[i].lemma.to_lowercase();
                    lexicon::is_speech_verb(&l)
                        || lexicon::is_speech_verb(&doc.slice(doc.tokens[i].span).to_lowercase())
                } else {
                    lexicon::is_speech_verb(&doc.slice(doc.tokens[i].span).to_lowercase())
                }
            })
            .collect();
        for x in &mut sent_of {
            *x = narrative.get(*x as usize).copied().unwrap_or(0);
        }
        Self {
            doc,
            sent_of,
            in_quote,
            speech,
            has_deps,
        }
    }

    /// Lowercase text of token `i`, or `""` out of range.
    pub(crate) fn lower(&self, i: i64) -> String {
        if i < 0 {
            return String::new();
        }
        self.doc
            .tokens
            .get(i as usize)
            .map_or_else(String::new, |t| self.doc.slice(t.span).to_lowercase())
    }

    fn is_punct(&self, i: usize) -> bool {
        self.doc.tokens.get(i).is_some_and(|t| {
            matches!(
                t.kind,
                TokenKind::Punct | TokenKind::QuoteClose | TokenKind::QuoteOpen
            )
        })
    }

    /// The syntactic head token of `start..end` (the first token whose
    /// head lies outside), or the last token without syntax.
    fn head_of(&self, start: u32, end: u32) -> u32 {
        let last = end.saturating_sub(1).max(start);
        if !self.has_deps {
            return last;
        }
        (start..end)
            .find(|&i| {
                self.doc.deps[i as usize]
                    .head
                    .is_none_or(|h| h < start || h >= end)
            })
            .unwrap_or(last)
    }

    /// Whether the "it" at token `i` looks pleonastic: "it is clear
    /// that", "it was hard to", "it seems", "it is raining", "it takes
    /// years to". Surface patterns only, so the flag is the same with and
    /// without syntax; the model weighs it.
    pub(crate) fn pleonastic(&self, i: u32) -> bool {
        let i = i64::from(i);
        if self.lower(i) != "it" {
            return false;
        }
        let mut j = i + 1;
        // Auxiliaries and adverbs between "it" and the predicate.
        while matches!(
            self.lower(j).as_str(),
            "will"
                | "would"
                | "may"
                | "might"
                | "could"
                | "can"
                | "should"
                | "must"
                | "has"
                | "had"
                | "have"
                | "'s"
                | "’s"
                | "is"
                | "was"
                | "be"
                | "been"
                | "being"
                | "not"
                | "n't"
                | "also"
                | "still"
                | "really"
                | "certainly"
                | "now"
                | "just"
                | "never"
                | "always"
                | "often"
                | "then"
                | "therefore"
                | "thus"
                | "quite"
                | "very"
                | "so"
                | "too"
                | "more"
                | "most"
                | "less"
                | "rather"
                | "clearly"
        ) && j < i + 6
        {
            j += 1;
        }
        let verb = self.lower(j);
        if matches!(
            verb.as_str(),
            "seems"
                | "seemed"
                | "seem"
                | "appears"
                | "appeared"
                | "appear"
                | "happens"
                | "happened"
                | "turns"
                | "turned"
                | "rains"
                | "rained"
                | "raining"
                | "snows"
                | "snowed"
                | "snowing"
                | "follows"
                | "remains"
                | "takes"
                | "took"
                | "matters"
                | "mattered"
                | "occurred"
                | "dawned"
        ) {
            return true;
        }
        if j == i + 1 {
            return false;
        }
        // "it is <adjective> that/to/whether/if".
        matches!(
            verb.as_str(),
            "likely"
                | "unlikely"
                | "possible"
                | "impossible"
                | "clear"
                | "unclear"
                | "true"
                | "important"
                | "necessary"
                | "obvious"
                | "difficult"
                | "easy"
                | "hard"
                | "said"
                | "believed"
                | "reported"
                | "thought"
                | "expected"
                | "known"
                | "worth"
                | "time"
                | "unfortunate"
                | "fortunate"
                | "surprising"
                | "interesting"
                | "good"
                | "bad"
                | "better"
                | "best"
                | "nice"
                | "fun"
                | "essential"
                | "crucial"
                | "evident"
                | "apparent"
                | "estimated"
                | "hoped"
                | "feared"
                | "vital"
                | "safe"
                | "dangerous"
                | "tough"
                | "okay"
                | "ok"
                | "fine"
                | "great"
                | "strange"
                | "odd"
                | "weird"
                | "amazing"
                | "sad"
                | "funny"
        ) && (j + 1..j + 4).any(|k| {
            matches!(
                self.lower(k).as_str(),
                "that" | "to" | "whether" | "if" | "how" | "what" | "when" | "why"
            )
        }) || matches!(verb.as_str(), "raining" | "snowing" | "time")
    }

    /// Facts about the mention over tokens `start..end`.
    pub(crate) fn facts(&self, start: u32, end: u32) -> MentionFacts {
        let n = self.doc.tokens.len() as u32;
        let (start, end) = (start.min(n.saturating_sub(1)), end.min(n).max(start + 1));
        let head = self.head_of(start, end);
        let mut role = Role::Unknown;
        let mut speaker = false;
        if self.has_deps {
            let d = &self.doc.deps[head as usize];
            role = Role::from_deprel(&d.deprel);
            if role == Role::Subj {
                speaker = d
                    .head
                    .is_some_and(|h| self.speech.get(h as usize) == Some(&true));
            }
        }
        // Surface patterns: "X (has|also) said", "said X" after a quote or comma.
        let mut j = end as usize;
        while j < self.doc.tokens.len()
            && matches!(
                self.lower(j as i64).as_str(),
                "has" | "had" | "also" | "then" | "later" | "again" | "further" | "have"
            )
        {
            j += 1;
        }
        if self.speech.get(j) == Some(&true) {
            speaker = true;
        }
        if start >= 2 && self.speech[start as usize - 1] && self.is_punct(start as usize - 2) {
            speaker = true;
        }
        MentionFacts {
            sent: self.sent_of.get(start as usize).copied().unwrap_or(0),
            role,
            speaker,
            in_quote: self.in_quote.get(start as usize).copied().unwrap_or(false),
        }
    }
}
