//! PETRARCH-style event coding over dyad's own tokens, tags and
//! dependency parse.
//!
//! PETRARCH codes a Penn Treebank parse; dyad has a UD dependency parse, so
//! the coder rebuilds PETRARCH's working objects from it:
//!
//! * **noun phrases** (PETRARCH's `NE`): a nominal head plus the
//!   dependents that stay inside a noun phrase (determiners, modifiers,
//!   compounds, possessors, prepositional `nmod`s, appositions and nominal
//!   conjuncts); clauses (`acl`, `advcl`...) stay out. A phrase holding
//!   nominal conjuncts is a *compound* and codes once per conjunct, the
//!   rest of the phrase shared (`ambassadors of Arnor, Osgiliath and
//!   Gondor`);
//! * **phrase codes**: the first actor name in the phrase (longest match,
//!   date restrictions resolved) plus every agent elsewhere in it
//!   (`Arnorian police` -> `ARNCOP`; `---GOV` without an actor);
//! * **verbs**: tokens tagged `VB*` whose surface form is in the verb
//!   dictionary (multi-word verbs need their other words adjacent);
//! * the **lower sequence** of a verb (PETRARCH: the rest of its verb
//!   phrase) is its dependency subtree after it, without conjoined verbs;
//!   the **upper sequence** runs back from the verb to the sentence start
//!   or the first comma outside a noun phrase;
//! * **patterns** match in order with gaps where the dictionary writes a
//!   blank and adjacency where it writes `_`; the most specific match
//!   wins, ties going to the earlier pattern, else the verb's own code;
//! * **target**: the pattern's `+`, else the first coded phrase of the
//!   lower sequence, else its first phrase; **source**: the pattern's `$`,
//!   else the verb's (inherited) subject when coded, else the nearest
//!   coded phrase before the verb that does not code like the target;
//! * passive verbs (`was opposed by`) swap source and target, `a:b` codes
//!   add the reverse event, compounds multiply events, self-references and
//!   (with `require_dyad`) null actors are dropped. As in PETRARCH, once a
//!   verb codes, the verbs inside its lower sequence are not coded.

use std::collections::BTreeSet;

use dyad_core::{Document, Upos};
use serde::Serialize;

use super::actors::ActorDictionary;
use super::agents::AgentDictionary;
use super::discards::{DiscardKind, Discards};
use super::verbs::{PatternElement, PatternToken, VerbDictionary, VerbPattern};

/// One coded event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PetrarchEvent {
    /// Source actor code (`---` when unknown, `"TEXT"` for a new actor).
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO event code.
    pub code: String,
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// Which verb and pattern coded it (`ATTACK@L123` or `ATTACK:base`).
    pub rule: String,
    /// Document token index of the verb.
    pub verb: u32,
    /// Document token range of the source phrase, when it has one.
    pub source_tokens: Option<(u32, u32)>,
    /// Document token range of the target phrase, when it has one.
    pub target_tokens: Option<(u32, u32)>,
}

/// Coding options (PETRARCH's configuration and `<Config>` records).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CoderOptions {
    /// Drop events whose source or target is the null code `---`.
    pub require_dyad: bool,
    /// Longest uncoded noun phrase (in words) written as a quoted new actor;
    /// 0 disables.
    pub new_actor_length: usize,
    /// Internal comma clause removal: minimum and maximum words (max 0: off).
    pub comma_min: usize,
    /// See `comma_min`.
    pub comma_max: usize,
    /// Initial clause removal bounds (max 0: off).
    pub comma_bmin: usize,
    /// See `comma_bmin`.
    pub comma_bmax: usize,
    /// Terminal clause removal bounds (max 0: off).
    pub comma_emin: usize,
    /// See `comma_emin`.
    pub comma_emax: usize,
}

impl Default for CoderOptions {
    fn default() -> Self {
        Self {
            require_dyad: true,
            new_actor_length: 0,
            comma_min: 2,
            comma_max: 8,
            comma_bmin: 0,
            comma_bmax: 0,
            comma_emin: 2,
            comma_emax: 8,
        }
    }
}

/// Why a sentence was not coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Skip {
    /// A sentence discard phrase matched.
    SentenceDiscard,
    /// A story discard phrase matched.
    StoryDiscard,
}

/// The PETRARCH coder: dictionaries plus options.
#[derive(Debug, Clone, Default)]
pub struct Coder {
    /// Verb dictionary.
    pub verbs: VerbDictionary,
    /// Actor dictionary.
    pub actors: ActorDictionary,
    /// Agent dictionary.
    pub agents: AgentDictionary,
    /// Discards.
    pub discards: Discards,
    /// Options.
    pub options: CoderOptions,
}

const SKIP_WORDS: &[&str] = &[
    "THE", "A", "AN", "IT", "HE", "THEY", "HER", "HAS", "HAD", "HAVE", "SOME", "FEW", "THAT",
    "HUNDRED", "THOUSAND", "MILLION", "BILLION", "TRILLION", "DOZEN", "ONE", "TWO", "THREE",
    "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "DOLLAR", "DUCAT",
];

fn is_skip_word(w: &str) -> bool {
    SKIP_WORDS.contains(&w) || (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
}

fn base_rel(d: &str) -> &str {
    d.split(':').next().unwrap_or(d)
}

/// One word of a sequence: its text, token, and noun phrase.
#[derive(Debug, Clone)]
struct Item {
    word: String,
    ne: Option<usize>,
}

/// A noun phrase and its codes.
#[derive(Debug, Clone, Default)]
struct Ne {
    tokens: BTreeSet<usize>,
    /// One code per member (compound conjunct); `---` when uncoded.
    codes: Vec<String>,
    /// New-actor texts per member (`"WORDS"`), used for null codes.
    texts: Vec<String>,
    coded: bool,
}

/// The sentence being coded, with indices relative to its first token.
struct Sent<'a> {
    doc: &'a Document,
    start: usize,
    n: usize,
    upper_words: Vec<String>,
    head: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    removed: Vec<bool>,
    ne_of: Vec<Option<usize>>,
    nes: Vec<Ne>,
}

impl Sent<'_> {
    fn upos(&self, t: usize) -> Upos {
        self.doc.tags[self.start + t].upos
    }
    fn xpos(&self, t: usize) -> &str {
        &self.doc.tags[self.start + t].xpos
    }
    fn deprel(&self, t: usize) -> &str {
        &self.doc.deps[self.start + t].deprel
    }
    fn text(&self, t: usize) -> &str {
        self.doc.slice(self.doc.tokens[self.start + t].span)
    }
    fn is_punct(&self, t: usize) -> bool {
        self.upos(t) == Upos::Punct || self.text(t).chars().all(|c| c.is_ascii_punctuation())
    }
    fn is_pos(&self, t: usize) -> bool {
        self.xpos(t) == "POS"
    }
    fn is_verbal(&self, t: usize) -> bool {
        matches!(self.upos(t), Upos::Verb | Upos::Aux)
    }
    fn is_nominal(&self, t: usize) -> bool {
        matches!(
            self.upos(t),
            Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num
        ) || self.xpos(t).starts_with("NN")
    }
    fn subtree(&self, t: usize, out: &mut BTreeSet<usize>) {
        let mut stack = vec![t];
        while let Some(x) = stack.pop() {
            if out.insert(x) {
                stack.extend(self.children[x].iter().copied());
            }
        }
    }
    /// Words (upper case, `_` split) of a token set, without punctuation
    /// and possessive markers.
    fn words_of(&self, toks: &BTreeSet<usize>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut glue = false;
        let mut prev: Option<usize> = None;
        for &t in toks {
            if self.removed[t] || self.is_pos(t) {
                continue;
            }
            // `Barad - dur` written without blanks is one word.
            if self.text(t) == "-" {
                glue = prev.is_some_and(|p| p + 1 == t && self.touches(p, t));
                if glue && let Some(last) = out.last_mut() {
                    last.push('-');
                }
                prev = Some(t);
                continue;
            }
            if self.is_punct(t) {
                glue = false;
                prev = Some(t);
                continue;
            }
            for (k, w) in self.upper_words[t]
                .split('_')
                .filter(|w| !w.is_empty())
                .enumerate()
            {
                if k == 0 && glue && prev.is_some_and(|p| p + 1 == t && self.touches(p, t)) {
                    if let Some(last) = out.last_mut() {
                        last.push_str(w);
                    }
                } else {
                    out.push(w.to_string());
                }
            }
            glue = false;
            prev = Some(t);
        }
        out
    }

    /// Whether token `b` starts where token `a` ends (no blank between).
    fn touches(&self, a: usize, b: usize) -> bool {
        self.doc.tokens[self.start + a].span.end == self.doc.tokens[self.start + b].span.start
    }
}

/// Relations that keep a dependent inside its head's noun phrase.
fn absorbs(rel: &str) -> bool {
    matches!(
        base_rel(rel),
        "det"
            | "amod"
            | "compound"
            | "flat"
            | "nmod"
            | "nummod"
            | "appos"
            | "case"
            | "cc"
            | "conj"
            | "punct"
            | "fixed"
            | "goeswith"
            | "advmod"
            | "dep"
            | "list"
            | "clf"
    )
}

/// Best binding of a pattern.
#[derive(Debug, Clone, Copy, Default)]
struct Binding {
    source: Option<usize>,
    target: Option<usize>,
    compound: Option<usize>,
}

impl Coder {
    /// A coder over the four dictionaries with default options.
    pub fn new(
        verbs: VerbDictionary,
        actors: ActorDictionary,
        agents: AgentDictionary,
        discards: Discards,
    ) -> Self {
        Self {
            verbs,
            actors,
            agents,
            discards,
            options: CoderOptions::default(),
        }
    }

    /// Whether a discard phrase stops sentence `sentence` from being coded.
    pub fn discard(&self, doc: &Document, sentence: usize) -> Option<Skip> {
        let s = doc.sentences.get(sentence)?;
        let words: Vec<String> = doc
            .sentence_tokens(s)
            .iter()
            .map(|t| doc.slice(t.span).to_uppercase())
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        self.discards.check(&refs).map(|(k, _)| match k {
            DiscardKind::Sentence => Skip::SentenceDiscard,
            DiscardKind::Story => Skip::StoryDiscard,
        })
    }

    /// Code every sentence of `doc`; `date` is `YYYYMMDD` for actor date
    /// restrictions. A story discard stops the whole document.
    pub fn code_document(&self, doc: &Document, date: Option<u32>) -> Vec<PetrarchEvent> {
        let mut out = Vec::new();
        for i in 0..doc.sentences.len() {
            match self.discard(doc, i) {
                Some(Skip::StoryDiscard) => return Vec::new(),
                Some(Skip::SentenceDiscard) => continue,
                None => out.extend(self.code_sentence(doc, i, date)),
            }
        }
        out
    }

    /// Code sentence `sentence` of `doc` (after segmentation, tagging and
    /// parsing). Discards are checked; layers missing or inconsistent give
    /// no events.
    pub fn code_sentence(
        &self,
        doc: &Document,
        sentence: usize,
        date: Option<u32>,
    ) -> Vec<PetrarchEvent> {
        let Some(s) = doc.sentences.get(sentence) else {
            return Vec::new();
        };
        let start = s.tokens.start as usize;
        let end = (s.tokens.end as usize).min(doc.tokens.len());
        if start >= end || doc.tags.len() < end || doc.deps.len() < end {
            return Vec::new();
        }
        if self.discard(doc, sentence).is_some() {
            return Vec::new();
        }
        let n = end - start;
        let mut head = vec![None; n];
        let mut children = vec![Vec::new(); n];
        for (t, dep) in doc.deps[start..end].iter().enumerate() {
            if let Some(h) = dep.head {
                let h = h as usize;
                if h >= start && h < end && h != start + t {
                    head[t] = Some(h - start);
                    children[h - start].push(t);
                }
            }
        }
        let mut st = Sent {
            doc,
            start,
            n,
            upper_words: (0..n)
                .map(|t| doc.slice(doc.tokens[start + t].span).to_uppercase())
                .collect(),
            head,
            children,
            removed: vec![false; n],
            ne_of: vec![None; n],
            nes: Vec::new(),
        };
        self.build_nes(&mut st);
        self.remove_comma_clauses(&mut st);
        for i in 0..st.nes.len() {
            self.code_ne(&mut st, i, date);
        }
        self.code_verbs(&st, sentence)
    }

    fn build_nes(&self, st: &mut Sent<'_>) {
        // Top-down: a token joins its head's phrase when the relation keeps
        // it there; otherwise a nominal (or argument) starts a new phrase.
        let roots: Vec<usize> = (0..st.n).filter(|&t| st.head[t].is_none()).collect();
        let mut stack: Vec<(usize, Option<usize>)> = roots.into_iter().map(|r| (r, None)).collect();
        let mut seen = vec![false; st.n];
        while let Some((t, parent_ne)) = stack.pop() {
            if seen[t] {
                continue;
            }
            seen[t] = true;
            let rel = st.deprel(t).to_string();
            let pp_ok = base_rel(&rel) != "nmod"
                || rel == "nmod:poss"
                || st.children[t].iter().all(|&c| {
                    base_rel(st.deprel(c)) != "case"
                        || matches!(
                            st.upper_words[c].as_str(),
                            "OF" | "FROM" | "IN" | "'S" | "'"
                        )
                });
            let temporal = matches!(rel.as_str(), "obl:tmod" | "nmod:tmod" | "obl:unmarked")
                && st.children[t].is_empty();
            let joins = parent_ne.is_some()
                && pp_ok
                && absorbs(&rel)
                && !(base_rel(&rel) == "conj" && st.is_verbal(t))
                && !(st.is_verbal(t) && st.xpos(t).starts_with("VB") && base_rel(&rel) != "amod");
            let ne = if joins {
                parent_ne
            } else if !st.is_verbal(t)
                && !st.is_punct(t)
                && !temporal
                && (st.is_nominal(t)
                    || matches!(base_rel(&rel), "nsubj" | "obj" | "iobj" | "obl" | "appos"))
            {
                st.nes.push(Ne::default());
                Some(st.nes.len() - 1)
            } else {
                None
            };
            st.ne_of[t] = ne;
            if let Some(i) = ne {
                st.nes[i].tokens.insert(t);
            }
            for &c in st.children[t].iter().rev() {
                stack.push((c, ne));
            }
        }
        // Keep phrases contiguous: a phrase interrupted by another phrase
        // (`an attack [by Osgiliath soldiers] in south Ithilen`) is cut
        // there, its tail becoming a phrase of its own.
        let mut i = 0;
        while i < st.nes.len() {
            let toks: Vec<usize> = st.nes[i].tokens.iter().copied().collect();
            let cut = toks
                .windows(2)
                .position(|w| (w[0] + 1..w[1]).any(|g| st.ne_of[g].is_some_and(|o| o != i)));
            if let Some(k) = cut {
                let tail: BTreeSet<usize> = toks[k + 1..].iter().copied().collect();
                let new = st.nes.len();
                for &t in &tail {
                    st.nes[i].tokens.remove(&t);
                    st.ne_of[t] = Some(new);
                }
                st.nes.push(Ne {
                    tokens: tail,
                    ..Ne::default()
                });
            }
            i += 1;
        }
        // Trim punctuation at the edges of phrases.
        for i in 0..st.nes.len() {
            loop {
                let first = st.nes[i].tokens.first().copied();
                let last = st.nes[i].tokens.last().copied();
                let mut changed = false;
                for t in [first, last].into_iter().flatten() {
                    if st.is_punct(t) && st.nes[i].tokens.len() > 1 {
                        st.nes[i].tokens.remove(&t);
                        st.ne_of[t] = None;
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
        // Merge adjacent sibling phrases with the same relation (`Bree` +
        // `Prime Minister Romendacil` parsed as two subjects).
        let mut order: Vec<usize> = (0..st.nes.len())
            .filter(|&i| !st.nes[i].tokens.is_empty())
            .collect();
        order.sort_by_key(|&i| st.nes[i].tokens.first().copied().unwrap_or(0));
        for w in order.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (Some(&a_last), Some(&b_first)) =
                (st.nes[a].tokens.last(), st.nes[b].tokens.first())
            else {
                continue;
            };
            if a_last + 1 != b_first {
                continue;
            }
            let ra = st.nes[a].tokens.iter().copied().find(|&t| {
                st.ne_of[t] == Some(a) && st.head[t].is_none_or(|h| st.ne_of[h] != Some(a))
            });
            let rb = st.nes[b]
                .tokens
                .iter()
                .copied()
                .find(|&t| st.head[t].is_none_or(|h| st.ne_of[h] != Some(b)));
            if let (Some(ra), Some(rb)) = (ra, rb)
                && st.head[ra] == st.head[rb]
                && base_rel(st.deprel(ra)) == base_rel(st.deprel(rb))
                && matches!(base_rel(st.deprel(ra)), "nsubj" | "obj")
            {
                let moved: Vec<usize> = std::mem::take(&mut st.nes[a].tokens).into_iter().collect();
                for t in moved {
                    st.ne_of[t] = Some(b);
                    st.nes[b].tokens.insert(t);
                }
            }
        }
    }

    fn remove_comma_clauses(&self, st: &mut Sent<'_>) {
        let o = &self.options;
        let is_comma = |st: &Sent<'_>, t: usize| st.text(t) == "," && st.ne_of[t].is_none();
        let count = |st: &Sent<'_>, a: usize, b: usize| {
            (a..b)
                .filter(|&t| {
                    !st.removed[t] && st.text(t).chars().next().is_some_and(char::is_alphabetic)
                })
                .count()
        };
        let commas: Vec<usize> = (0..st.n).filter(|&t| is_comma(st, t)).collect();
        let Some(&first) = commas.first() else {
            return;
        };
        if o.comma_bmax != 0 {
            let k = count(st, 0, first);
            if k >= o.comma_bmin && k <= o.comma_bmax {
                for t in 0..first {
                    st.removed[t] = true;
                }
            }
        }
        let mut end = st.n;
        while end > 0 && st.is_punct(end - 1) && st.text(end - 1) != "," {
            end -= 1;
        }
        if o.comma_emax != 0
            && let Some(&last) = commas.last()
        {
            let k = count(st, last + 1, end);
            if k >= o.comma_emin && k <= o.comma_emax {
                for t in last..end {
                    st.removed[t] = true;
                }
            }
        }
        if o.comma_max != 0 {
            let live: Vec<usize> = commas.iter().copied().filter(|&c| !st.removed[c]).collect();
            for w in live.windows(2) {
                let k = count(st, w[0] + 1, w[1]);
                if k >= o.comma_min && k <= o.comma_max {
                    for t in w[0]..w[1] {
                        st.removed[t] = true;
                    }
                }
            }
        }
    }

    /// Actor and agent code of one word sequence (`None`: nothing found).
    fn code_words(&self, words: &[String], date: Option<u32>) -> Option<Vec<String>> {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut actor: Option<(usize, usize, String)> = None;
        for k in 0..refs.len() {
            if let Some((end, e)) = self.actors.longest_at(&refs, k) {
                actor = Some((k, end, e.code_on(date).unwrap_or("---").to_string()));
                break;
            }
        }
        let mut agents: Vec<(&str, bool)> = Vec::new();
        let mut k = 0;
        while k < refs.len() {
            if actor.as_ref().is_some_and(|(a, b, _)| k >= *a && k < *b) {
                k += 1;
                continue;
            }
            if let Some((end, a)) = self.agents.longest_at(&refs, k) {
                agents.push((&a.code, a.prefix));
                k = end.max(k + 1);
            } else {
                k += 1;
            }
        }
        if actor.is_none() && agents.is_empty() {
            return None;
        }
        let base = actor.map(|a| a.2).unwrap_or_else(|| "---".to_string());
        let mut out = Vec::new();
        for part in base.split('/') {
            let mut code = part.to_string();
            for &(agc, prefix) in &agents {
                let dup = (0..=code.len().saturating_sub(agc.len()))
                    .step_by(3)
                    .any(|i| code.get(i..i + agc.len()) == Some(agc));
                if dup {
                    break;
                }
                if prefix {
                    code = format!("{agc}{code}");
                } else {
                    code.push_str(agc);
                }
            }
            out.push(code);
        }
        Some(out)
    }

    fn has_actor(&self, st: &Sent<'_>, toks: &BTreeSet<usize>) -> bool {
        let words = st.words_of(toks);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        (0..refs.len()).any(|k| self.actors.longest_at(&refs, k).is_some())
    }

    /// Split a phrase into its compound members.
    fn members(&self, st: &Sent<'_>, toks: &BTreeSet<usize>, depth: usize) -> Vec<BTreeSet<usize>> {
        if depth > 3 {
            return vec![toks.clone()];
        }
        // First conjunction group inside the phrase.
        let group = toks.iter().copied().find_map(|h| {
            let conjs: Vec<usize> = st.children[h]
                .iter()
                .copied()
                .filter(|&c| {
                    toks.contains(&c) && base_rel(st.deprel(c)) == "conj" && !st.is_verbal(c)
                })
                .collect();
            (!conjs.is_empty()).then_some((h, conjs))
        });
        let Some((h, conjs)) = group else {
            return vec![toks.clone()];
        };
        let mut whole = BTreeSet::new();
        st.subtree(h, &mut whole);
        let whole: BTreeSet<usize> = whole.intersection(toks).copied().collect();
        let mut slots: Vec<BTreeSet<usize>> = Vec::new();
        let mut first = whole.clone();
        for &c in &conjs {
            let mut sub = BTreeSet::new();
            st.subtree(c, &mut sub);
            let sub: BTreeSet<usize> = sub.intersection(toks).copied().collect();
            for t in &sub {
                first.remove(t);
            }
            slots.push(sub);
        }
        slots.insert(0, first.clone());
        // Modifiers of the first conjunct that later ones lacking an actor
        // share (`Danish media and government`, `lawmakers and officials in
        // X`), when the group heads the phrase.
        let is_root = st.head[h].is_none_or(|p| !toks.contains(&p));
        let mut shared = BTreeSet::new();
        if is_root {
            for &c in &st.children[h] {
                if toks.contains(&c)
                    && matches!(base_rel(st.deprel(c)), "nmod" | "amod" | "compound")
                    && !conjs.contains(&c)
                {
                    st.subtree(c, &mut shared);
                }
            }
        }
        let rest: BTreeSet<usize> = toks.difference(&whole).copied().collect();
        let mut out = Vec::new();
        for (i, slot) in slots.iter().enumerate() {
            let mut m: BTreeSet<usize> = rest.union(slot).copied().collect();
            if i > 0 && is_root && !self.has_actor(st, &m) {
                m.extend(shared.iter().copied());
            }
            for x in self.members(st, &m, depth + 1) {
                if out.len() < 16 {
                    out.push(x);
                }
            }
        }
        out
    }

    fn code_ne(&self, st: &mut Sent<'_>, i: usize, date: Option<u32>) {
        let toks: BTreeSet<usize> = st.nes[i]
            .tokens
            .iter()
            .copied()
            .filter(|&t| !st.removed[t])
            .collect();
        if toks.is_empty() {
            return;
        }
        let members = self.members(st, &toks, 0);
        let mut codes = Vec::new();
        let mut texts = Vec::new();
        let mut coded = false;
        for m in &members {
            let words = st.words_of(m);
            let text = format!("\"{}\"", words.join(" "));
            match self.code_words(&words, date) {
                Some(cs) => {
                    for c in cs {
                        coded |= c != "---";
                        codes.push(c);
                        texts.push(text.clone());
                    }
                }
                None => {
                    codes.push("---".to_string());
                    texts.push(text);
                }
            }
        }
        let ne = &mut st.nes[i];
        ne.codes = codes;
        ne.texts = texts;
        ne.coded = coded;
    }

    /// Codes of a phrase for events: null codes become the quoted text
    /// when new actors are on and the phrase is short enough.
    fn event_codes(&self, ne: &Ne) -> Vec<String> {
        ne.codes
            .iter()
            .zip(&ne.texts)
            .map(|(c, t)| {
                let nwords = t.split(' ').count();
                if c == "---"
                    && self.options.new_actor_length > 0
                    && nwords <= self.options.new_actor_length
                {
                    t.clone()
                } else {
                    c.clone()
                }
            })
            .collect()
    }

    fn item_seq(&self, st: &Sent<'_>, toks: impl Iterator<Item = usize>) -> Vec<Item> {
        let mut out = Vec::new();
        for t in toks {
            if st.removed[t] || st.is_punct(t) || st.is_pos(t) {
                continue;
            }
            for w in st.upper_words[t].split('_').filter(|w| !w.is_empty()) {
                out.push(Item {
                    word: w.to_string(),
                    ne: st.ne_of[t],
                });
            }
        }
        out
    }

    /// Match a verb form's other words around token `v`; the token span.
    fn form_span(
        &self,
        st: &Sent<'_>,
        v: usize,
        words: &[String],
        vi: usize,
    ) -> Option<(usize, usize)> {
        let live = |t: usize| !st.removed[t] && !st.is_punct(t) && !st.is_pos(t);
        let mut lo = v;
        let mut k = vi;
        let mut t = v;
        while k > 0 {
            k -= 1;
            loop {
                if t == 0 {
                    return None;
                }
                t -= 1;
                if live(t) && !(is_skip_word(&st.upper_words[t]) && st.upper_words[t] != words[k]) {
                    break;
                }
            }
            if st.upper_words[t] != words[k] {
                return None;
            }
            lo = t;
        }
        let mut hi = v;
        let mut t = v;
        for w in &words[vi + 1..] {
            loop {
                t += 1;
                if t >= st.n {
                    return None;
                }
                if live(t) && !(is_skip_word(&st.upper_words[t]) && st.upper_words[t] != *w) {
                    break;
                }
            }
            if st.upper_words[t] != *w {
                return None;
            }
            hi = t;
        }
        Some((lo, hi))
    }

    fn code_verbs(&self, st: &Sent<'_>, sentence: usize) -> Vec<PetrarchEvent> {
        let mut events: Vec<PetrarchEvent> = Vec::new();
        let mut skipped = vec![false; st.n];
        for v in 0..st.n {
            if skipped[v] || st.removed[v] || st.ne_of[v].is_some() {
                continue;
            }
            if !(st.xpos(v).starts_with("VB") || st.upos(v) == Upos::Verb) {
                continue;
            }
            let word = st.upper_words[v].clone();
            // Longest matching form.
            let mut best: Option<(usize, usize, usize, super::verbs::FormRef)> = None;
            for &r in self.verbs.lookup(&word) {
                let Some((_, _, form)) = self.verbs.form(r) else {
                    continue;
                };
                if let Some((lo, hi)) = self.form_span(st, v, &form.words, form.verb_index) {
                    let len = form.words.len();
                    if best.is_none_or(|b| len > b.0) {
                        best = Some((len, lo, hi, r));
                    }
                }
            }
            let Some((_, lo, hi, fref)) = best else {
                continue;
            };
            let Some((block, entry, _)) = self.verbs.form(fref) else {
                continue;
            };
            // Lower region: the verb's subtree after it, without conjoined
            // verbs and their coordinators.
            let mut lower_toks = BTreeSet::new();
            for &c in &st.children[v] {
                let rel = base_rel(st.deprel(c));
                if (rel == "conj" && st.is_verbal(c))
                    || (rel == "cc" && c > v)
                    || rel == "punct"
                    || rel == "parataxis"
                {
                    continue;
                }
                if matches!(st.deprel(c), "nsubj" | "nsubj:pass" | "csubj") && c > v {
                    continue;
                }
                st.subtree(c, &mut lower_toks);
            }
            // PETRARCH's verb phrase runs on to the end of the clause: extend
            // the subtree up to the first comma outside a phrase, stopping
            // at conjoined verbs.
            let mut stop = BTreeSet::new();
            for &c in &st.children[v] {
                let rel = base_rel(st.deprel(c));
                if c > v
                    && ((rel == "conj" && st.is_verbal(c)) || rel == "cc" || rel == "parataxis")
                {
                    st.subtree(c, &mut stop);
                }
            }
            let mut bound = st.n;
            for t in hi + 1..st.n {
                if !st.removed[t] && st.text(t) == "," && st.ne_of[t].is_none() {
                    bound = t;
                    break;
                }
            }
            let mut ext = lower_toks.last().copied().unwrap_or(hi) + 1;
            while ext < bound && !stop.contains(&ext) {
                lower_toks.insert(ext);
                ext += 1;
            }
            let lower_toks: BTreeSet<usize> = lower_toks
                .into_iter()
                .filter(|&t| t > hi && t < bound && !stop.contains(&t))
                .collect();
            let lower = self.item_seq(st, lower_toks.iter().copied());
            // Upper: back to the start or a comma outside a phrase.
            let mut upper_toks = Vec::new();
            let mut t = lo;
            while t > 0 {
                t -= 1;
                if st.removed[t] {
                    continue;
                }
                if st.text(t) == "," && st.ne_of[t].is_none() {
                    break;
                }
                upper_toks.push(t);
            }
            let upper = self.item_seq(st, upper_toks.iter().copied());
            // Patterns.
            let mut chosen: Option<(usize, &VerbPattern, Binding)> = None;
            for p in &block.patterns {
                if let Some(b) = self.match_pattern(st, p, &upper, &lower) {
                    let score = p.upper.len() + p.lower.len();
                    if chosen.is_none_or(|c| score > c.0) {
                        chosen = Some((score, p, b));
                    }
                }
            }
            let (code, binding, rule) = match chosen {
                Some((_, p, b)) if p.code != "---" => {
                    (p.code.clone(), b, format!("{}@L{}", block.name, p.line))
                }
                _ if entry.code != "---" => (
                    entry.code.clone(),
                    Binding::default(),
                    format!("{}:base", block.name),
                ),
                _ => continue,
            };
            for &t in &lower_toks {
                skipped[t] = true;
            }
            let passive = st.xpos(v) == "VBN"
                && st.children[v].iter().any(|&c| {
                    st.deprel(c) == "aux:pass"
                        || (matches!(base_rel(st.deprel(c)), "aux" | "cop")
                            && matches!(
                                st.upper_words[c].as_str(),
                                "WAS" | "IS" | "BEEN" | "WERE" | "ARE" | "BE" | "BEING"
                            ))
                })
                && lower.iter().any(|i| i.word == "BY");
            // Target.
            let lower_nes: Vec<usize> = {
                let mut seen = Vec::new();
                for it in &lower {
                    if let Some(ne) = it.ne
                        && !seen.contains(&ne)
                    {
                        seen.push(ne);
                    }
                }
                seen
            };
            let (src_ne, tgt_ne) = if let Some(c) = binding.compound {
                (Some(c), Some(c))
            } else {
                let tgt = binding.target.or_else(|| {
                    lower_nes
                        .iter()
                        .copied()
                        .find(|&ne| st.nes[ne].coded)
                        .or_else(|| lower_nes.first().copied())
                });
                let Some(tgt) = tgt else {
                    continue;
                };
                let tcodes = &st.nes[tgt].codes;
                let differs =
                    |ne: usize| st.nes[ne].codes.iter().all(|c| !tcodes.contains(c)) && ne != tgt;
                let src = binding.source.or_else(|| {
                    self.subject_ne(st, v)
                        .filter(|&ne| {
                            st.nes[ne].coded
                                && differs(ne)
                                && st.nes[ne].tokens.iter().all(|&t| t < lo)
                        })
                        .or_else(|| {
                            let mut seen: Vec<usize> = Vec::new();
                            for it in &upper {
                                if let Some(ne) = it.ne
                                    && !seen.contains(&ne)
                                {
                                    seen.push(ne);
                                }
                            }
                            seen.iter()
                                .copied()
                                .find(|&ne| st.nes[ne].coded && differs(ne))
                                .or_else(|| seen.iter().copied().find(|&ne| differs(ne)))
                        })
                });
                (src, Some(tgt))
            };
            let (Some(src), Some(tgt)) = (src_ne, tgt_ne) else {
                continue;
            };
            let range = |ne: usize| {
                let t = &st.nes[ne].tokens;
                Some((
                    (st.start + *t.first()?) as u32,
                    (st.start + *t.last()? + 1) as u32,
                ))
            };
            let (src_range, tgt_range) = if passive {
                (range(tgt), range(src))
            } else {
                (range(src), range(tgt))
            };
            let mut srcs = self.event_codes(&st.nes[src]);
            let mut tgts = self.event_codes(&st.nes[tgt]);
            if srcs.is_empty() || tgts.is_empty() {
                continue;
            }
            let mut new_events = Vec::new();
            let make = |s: &[String],
                        t: &[String],
                        code: &str,
                        out: &mut Vec<(String, String, String)>| {
                for a in s {
                    for b in t {
                        if a != b {
                            let (x, y) = if passive { (b, a) } else { (a, b) };
                            out.push((x.clone(), y.clone(), code.to_string()));
                        }
                    }
                }
            };
            if let Some((c1, c2)) = code.split_once(':') {
                if srcs[0] == "---" || tgts[0] == "---" {
                    if tgts[0] == "---" {
                        tgts = srcs.clone();
                    } else {
                        srcs = tgts.clone();
                    }
                }
                make(&srcs, &tgts, c1, &mut new_events);
                make(&tgts, &srcs, c2, &mut new_events);
            } else {
                make(&srcs, &tgts, &code, &mut new_events);
            }
            for (s, t, c) in new_events {
                if self.options.require_dyad && (s == "---" || t == "---") {
                    continue;
                }
                let e = PetrarchEvent {
                    source: s,
                    target: t,
                    code: c,
                    sentence,
                    rule: rule.clone(),
                    verb: (st.start + v) as u32,
                    source_tokens: src_range,
                    target_tokens: tgt_range,
                };
                if !events
                    .iter()
                    .any(|x| x.source == e.source && x.target == e.target && x.code == e.code)
                {
                    events.push(e);
                }
            }
        }
        events
    }

    /// The phrase of the verb's subject, following `conj`/`xcomp`/`advcl`
    /// links up to the verb that has one.
    fn subject_ne(&self, st: &Sent<'_>, v: usize) -> Option<usize> {
        let mut cur = v;
        for _ in 0..5 {
            for &c in &st.children[cur] {
                if matches!(base_rel(st.deprel(c)), "nsubj" | "csubj")
                    && let Some(ne) = st.ne_of[c]
                {
                    return Some(ne);
                }
            }
            match (base_rel(st.deprel(cur)), st.head[cur]) {
                ("conj" | "xcomp", Some(h)) => cur = h,
                _ => return None,
            }
        }
        None
    }

    fn match_pattern(
        &self,
        st: &Sent<'_>,
        p: &VerbPattern,
        upper: &[Item],
        lower: &[Item],
    ) -> Option<Binding> {
        let mut b = Binding::default();
        if !self.match_seq(st, &p.lower, 0, lower, 0, false, &mut b) {
            return None;
        }
        let lb = b;
        let mut b2 = lb;
        if !self.match_seq(st, &p.upper, 0, upper, 0, true, &mut b2) {
            return None;
        }
        Some(b2)
    }

    /// Backtracking match of `elems[k..]` against `items[pos..]`.
    #[allow(clippy::too_many_arguments)]
    fn match_seq(
        &self,
        st: &Sent<'_>,
        elems: &[PatternElement],
        k: usize,
        items: &[Item],
        pos: usize,
        reversed: bool,
        b: &mut Binding,
    ) -> bool {
        let Some(e) = elems.get(k) else {
            return true;
        };
        let mut j = pos;
        while j < items.len() {
            for next in self.match_elem(st, &e.token, items, j, reversed) {
                let saved = *b;
                match &e.token {
                    PatternToken::Target => b.target = items[j].ne,
                    PatternToken::Source => b.source = items[j].ne,
                    PatternToken::Compound if reversed => b.compound = items[j].ne,
                    PatternToken::Compound => b.target = items[j].ne,
                    _ => {}
                }
                if self.match_seq(st, elems, k + 1, items, next, reversed, b) {
                    return true;
                }
                *b = saved;
            }
            if e.tight {
                // Only articles, numbers and the like may intervene.
                if !is_skip_word(&items[j].word) {
                    return false;
                }
            }
            j += 1;
        }
        false
    }

    /// Positions after a match of `tok` at `items[j]`.
    fn match_elem(
        &self,
        st: &Sent<'_>,
        tok: &PatternToken,
        items: &[Item],
        j: usize,
        reversed: bool,
    ) -> Vec<usize> {
        match tok {
            PatternToken::Word(w) => {
                if items[j].word == *w {
                    vec![j + 1]
                } else {
                    Vec::new()
                }
            }
            PatternToken::Synset(name) => {
                let mut out = Vec::new();
                self.synset_ends(name, items, j, reversed, 0, &mut out);
                out
            }
            PatternToken::Target
            | PatternToken::Source
            | PatternToken::SkipPhrase
            | PatternToken::Compound => {
                let Some(ne) = items[j].ne else {
                    return Vec::new();
                };
                if matches!(tok, PatternToken::Compound) && st.nes[ne].codes.len() < 2 {
                    return Vec::new();
                }
                let mut e = j;
                while e < items.len() && items[e].ne == Some(ne) {
                    e += 1;
                }
                vec![e]
            }
        }
    }

    fn synset_ends(
        &self,
        name: &str,
        items: &[Item],
        j: usize,
        reversed: bool,
        depth: usize,
        out: &mut Vec<usize>,
    ) {
        if depth > 3 {
            return;
        }
        let Some(members) = self.verbs.synsets.get(name) else {
            return;
        };
        for m in members {
            if m.len() == 1 && m[0].starts_with('&') {
                self.synset_ends(&m[0], items, j, reversed, depth + 1, out);
                continue;
            }
            let len = m.len();
            if j + len > items.len() {
                continue;
            }
            let ok = if reversed {
                m.iter()
                    .rev()
                    .zip(&items[j..j + len])
                    .all(|(a, b)| *a == b.word)
            } else {
                m.iter().zip(&items[j..j + len]).all(|(a, b)| *a == b.word)
            };
            if ok && !out.contains(&(j + len)) {
                out.push(j + len);
            }
        }
    }
}
