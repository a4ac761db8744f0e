//! The event coder: verb patterns over the dependency parse.
//!
//! For each verb with a pattern in `verbs.tsv`: the source is its subject
//! (climbing `xcomp`/`conj`/`advcl` to the governing verb when it has none;
//! through a `ccomp` when the subject is an unresolved pronoun), the target
//! its object or the object of the pattern's preposition; passives swap
//! them (`was excluded by X`). Coordinated parties give one event per
//! source, or one meeting with every participant. A negated verb codes its
//! pattern's negated reading (`will not accept` -> reject) or nothing.
//! Modality comes from auxiliaries and governing verbs (`will`, `agreed
//! to` -> intent, which turns cooperative codes into CAMEO's intent codes:
//! 04 -> 036, 05 -> 032, 06 -> 031, 07 -> 033, 08 -> 035).

use std::ops::Range;

use dyad_core::{
    Actor, Document, EntityLabel, Event, Modality, Participant, ResolveActor, Span, Stage, Upos,
};

use crate::dates;
use crate::tables::{CameoTable, PatternKind, TableError, VerbPattern, VerbPatterns};

/// Which coders run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CoderChoice {
    /// dyad's verb patterns and actor knowledge base.
    #[default]
    Dyad,
    /// A PETRARCH coder over PETRARCH/TABARI dictionaries, in place of
    /// dyad's.
    Petrarch,
    /// Both; events are kept from each (the `rule` tells which).
    Both,
}

/// The event-coding stage.
pub struct Events {
    patterns: VerbPatterns,
    cameo: &'static CameoTable,
    resolver: Option<Box<dyn ResolveActor>>,
    petrarch: Option<crate::petrarch::Coder>,
    choice: CoderChoice,
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events")
            .field("patterns", &self.patterns.len())
            .field("resolver", &self.resolver.is_some())
            .finish()
    }
}

impl Events {
    /// The shipped verb patterns and CAMEO table, resolving phrases with
    /// `resolver`.
    pub fn new(resolver: Option<Box<dyn ResolveActor>>) -> Result<Self, TableError> {
        let cameo = CameoTable::embedded().map_err(|e| TableError::Row {
            file: "cameo.tsv".into(),
            line: 0,
            message: e.to_string(),
        })?;
        Ok(Self {
            patterns: VerbPatterns::embedded()?,
            cameo,
            resolver,
            petrarch: None,
            choice: CoderChoice::Dyad,
        })
    }

    /// Code with a PETRARCH coder too (`Both`) or instead (`Petrarch`).
    pub fn with_petrarch(mut self, coder: crate::petrarch::Coder, choice: CoderChoice) -> Self {
        self.petrarch = Some(coder);
        self.choice = choice;
        self
    }

    /// PETRARCH's events as dyad events: codes from the dictionaries,
    /// spans from the coder's phrases.
    fn petrarch_events(&self, doc: &Document) -> Vec<Event> {
        let Some(coder) = &self.petrarch else {
            return Vec::new();
        };
        let date = doc.meta.date.as_deref().and_then(|d| {
            d.get(..10)
                .map(|d| d.replace('-', ""))
                .and_then(|d| d.parse::<u32>().ok())
        });
        let span = |r: (u32, u32)| -> Option<Span> {
            let a = doc.tokens.get(r.0 as usize)?;
            let b = doc.tokens.get(r.1.checked_sub(1)? as usize)?;
            Some(Span::new(a.span.start, b.span.end))
        };
        let party = |code: &str, r: Option<(u32, u32)>| -> Option<Participant> {
            let r = r?;
            let known = code != "---" && !code.starts_with('"');
            Some(Participant {
                span: span(r)?,
                head: r.1.saturating_sub(1),
                entity: None,
                actor: known.then(|| Actor {
                    code: code.to_owned(),
                    country: code.get(..3).map(str::to_owned),
                    rule: "petrarch".into(),
                    ..Actor::default()
                }),
            })
        };
        coder
            .code_document(doc, date)
            .into_iter()
            .filter_map(|e| {
                // Codes outside CAMEO 1.1b3 take their nearest parent's
                // scale.
                let mut c = e.code.as_str();
                let info = loop {
                    if let Some(i) = self.cameo.get(c) {
                        break i;
                    }
                    if c.len() <= 2 {
                        return None;
                    }
                    c = &c[..c.len() - 1];
                };
                let trigger = doc.tokens.get(e.verb as usize)?.span;
                Some(Event {
                    code: e.code.clone(),
                    root: info.root.clone(),
                    quad_class: info.quad_class,
                    goldstein: info.goldstein,
                    plover_event: info.plover_event.clone(),
                    plover_mode: info.plover_mode.clone(),
                    source: party(&e.source, e.source_tokens),
                    target: party(&e.target, e.target_tokens),
                    participants: Vec::new(),
                    trigger,
                    lemma: doc
                        .tags
                        .get(e.verb as usize)
                        .map(|t| t.lemma.to_lowercase())
                        .unwrap_or_default(),
                    sentence: e.sentence as u32,
                    negated: false,
                    modality: Modality::Asserted,
                    location: None,
                    date: doc
                        .meta
                        .date
                        .as_deref()
                        .and_then(|d| d.get(..10))
                        .map(str::to_owned),
                    rule: format!("petrarch:{}", e.rule),
                    confidence: 0.6,
                })
            })
            .collect()
    }

    /// Add users' verb patterns.
    pub fn with_patterns(mut self, path: &std::path::Path) -> Result<Self, TableError> {
        self.patterns.add_file(path)?;
        Ok(self)
    }
}

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn version(&self) -> &'static str {
        "verbs-1"
    }

    fn process(&self, doc: &mut Document) {
        if doc.deps.len() != doc.tokens.len() || doc.tags.len() != doc.tokens.len() {
            doc.events = Vec::new();
            return;
        }
        let mut events = match self.choice {
            CoderChoice::Petrarch => Vec::new(),
            _ => Coder::new(self, doc).run(),
        };
        if self.choice != CoderChoice::Dyad {
            events.extend(self.petrarch_events(doc));
            events.sort_by_key(|e| (e.sentence, e.trigger.start));
        }
        doc.events = events;
    }
}

struct Coder<'a> {
    ev: &'a Events,
    doc: &'a Document,
    children: Vec<Vec<u32>>,
    /// Mention index by token.
    mention_at: Vec<Option<u32>>,
    /// Entity index by mention.
    entity_of: Vec<Option<u32>>,
    date: Option<dates::Ymd>,
}

/// Base forms an inflected verb may come from, when the lemmatizer gets
/// an unknown verb wrong (`upbraided` -> `upbraide`, `shelled` -> `shel`):
/// `-ied` -> `-y`; `-ed`, `-ing`, `-s`, `-es` stripped, with and without a
/// final `e` and with a doubled consonant undone.
fn base_forms(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = word.strip_suffix("ied") {
        out.push(format!("{stem}y"));
    }
    for suffix in ["ed", "ing", "es", "s"] {
        let Some(stem) = word.strip_suffix(suffix) else {
            continue;
        };
        if stem.len() < 2 {
            continue;
        }
        out.push(stem.to_owned());
        out.push(format!("{stem}e"));
        let b = stem.as_bytes();
        if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
            out.push(stem[..stem.len() - 1].to_owned());
        }
    }
    out
}

const SPEECH_VERBS: &[&str] = &[
    "say",
    "announce",
    "state",
    "tell",
    "declare",
    "confirm",
    "add",
    "insist",
    "report",
    "claim",
    "stress",
    "emphasize",
    "emphasise",
    "indicate",
    "note",
    "warn",
    "promise",
];

const INTENT_VERBS: &[&str] = &[
    "agree", "plan", "intend", "want", "decide", "pledge", "promise", "vow", "seek", "aim",
    "prepare", "offer", "propose", "expect", "hope", "work",
];

impl<'a> Coder<'a> {
    fn new(ev: &'a Events, doc: &'a Document) -> Self {
        let n = doc.tokens.len();
        let mut children = vec![Vec::new(); n];
        for (i, d) in doc.deps.iter().enumerate() {
            if let Some(h) = d.head
                && (h as usize) < n
            {
                children[h as usize].push(i as u32);
            }
        }
        let mut mention_at = vec![None; n];
        for (mi, m) in doc.mentions.iter().enumerate() {
            for t in m.tokens.clone() {
                if let Some(slot) = mention_at.get_mut(t as usize)
                    && slot.is_none()
                {
                    *slot = Some(mi as u32);
                }
            }
        }
        let mut entity_of = vec![None; doc.mentions.len()];
        for (ei, e) in doc.entities.iter().enumerate() {
            for &m in &e.mentions {
                if let Some(slot) = entity_of.get_mut(m as usize) {
                    *slot = Some(ei as u32);
                }
            }
        }
        let date = doc.meta.date.as_deref().and_then(dates::Ymd::parse);
        Self {
            ev,
            doc,
            children,
            mention_at,
            entity_of,
            date,
        }
    }

    /// Index of the sentence holding token `t`.
    fn sentence_of(&self, t: u32) -> u32 {
        self.doc.sentences.partition_point(|s| s.tokens.end <= t) as u32
    }

    fn deprel(&self, t: u32) -> &str {
        &self.doc.deps[t as usize].deprel
    }
    fn head(&self, t: u32) -> Option<u32> {
        self.doc.deps[t as usize].head
    }
    fn lemma(&self, t: u32) -> String {
        self.doc.tags[t as usize].lemma.to_lowercase()
    }
    fn upos(&self, t: u32) -> Upos {
        self.doc.tags[t as usize].upos
    }
    fn lower(&self, t: u32) -> String {
        self.doc
            .slice(self.doc.tokens[t as usize].span)
            .to_lowercase()
    }
    fn kids(&self, t: u32, rel: &str) -> impl Iterator<Item = u32> + '_ {
        let rel = rel.to_owned();
        self.children[t as usize]
            .iter()
            .copied()
            .filter(move |&c| self.deprel(c) == rel)
    }
    fn kid(&self, t: u32, rel: &str) -> Option<u32> {
        self.kids(t, rel).next()
    }
    fn case_of(&self, t: u32) -> Option<String> {
        self.children[t as usize]
            .iter()
            .copied()
            .find(|&c| matches!(self.deprel(c), "case" | "mark"))
            .map(|c| self.lower(c))
    }

    fn run(&self) -> Vec<Event> {
        let mut out: Vec<Event> = Vec::new();
        let key = |e: &Event| {
            let c = |p: &Option<Participant>| {
                p.as_ref()
                    .and_then(|p| p.actor.as_ref())
                    .map(|a| a.code.clone())
            };
            (e.sentence, e.code.clone(), c(&e.source), c(&e.target))
        };
        for v in 0..self.doc.tokens.len() as u32 {
            if self.upos(v) == Upos::Noun {
                if let Some(e) = self.nominal(v)
                    && !out
                        .iter()
                        .any(|o| o.sentence == e.sentence && o.root == e.root)
                {
                    out.push(e);
                }
                continue;
            }
            if self.upos(v) != Upos::Verb {
                continue;
            }
            // `stationing forces in Ukraine would be ...`: a clause used as
            // a subject is a proposition, not an event.
            if self.deprel(v) == "csubj" {
                continue;
            }
            let Some((lemma, pats)) = self.patterns_of(v) else {
                continue;
            };
            // `ruled out sending troops`: what is refused does not happen.
            if self.refused(v) {
                continue;
            }
            for e in self.code_verb(v, &lemma, pats) {
                // One event per sentence, code and dyad (`convened an
                // urgent gathering`: the gathering is the convening); a
                // verb's meeting replaces a noun's in the same sentence.
                out.retain(|o| {
                    !(o.rule.starts_with("nominal/")
                        && o.sentence == e.sentence
                        && o.root == e.root)
                });
                if !out.iter().any(|o| key(o) == key(&e)) {
                    out.push(e);
                }
            }
        }
        out.sort_by_key(|e| (e.sentence, e.trigger.start));
        out
    }

    /// Meetings named by a noun: `discussions with the US in Saudi Arabia`
    /// (the other party is the subject of the governing verb), `the meeting
    /// between American and Russian representatives`, `talks between Russia
    /// and the US`. Codes 040 (meeting, discussions, summit), 046 (talks,
    /// negotiations), 042 (visit).
    fn nominal(&self, n: u32) -> Option<Event> {
        let code = match self.lemma(n).as_str() {
            "meeting" | "discussion" | "summit" | "consultation" => "040",
            "talk" | "talks" | "negotiation" => "046",
            "visit" => "042",
            _ => return None,
        };
        let mut heads: Vec<u32> = Vec::new();
        let mut with: Vec<u32> = Vec::new();
        for &c in &self.children[n as usize] {
            if !matches!(self.deprel(c), "nmod" | "obl") {
                continue;
            }
            match self.case_of(c).as_deref() {
                Some("between" | "among") => heads.extend(self.with_conj(c)),
                Some("with") => with.extend(self.with_conj(c)),
                _ => {}
            }
        }
        // `between American and Russian representatives`: the adjectives.
        let mut parties: Vec<Participant> = Vec::new();
        for h in heads {
            let by_adjective: Vec<Participant> = self
                .kids(h, "amod")
                .flat_map(|a| std::iter::once(a).chain(self.kids(a, "conj")))
                .filter_map(|a| {
                    let actor = self.ev.resolver.as_ref()?.resolve(self.doc, a..a + 1)?;
                    Some(Participant {
                        span: self.doc.tokens[a as usize].span,
                        head: a,
                        entity: self.entity_at(a),
                        actor: Some(actor),
                    })
                })
                .collect();
            if by_adjective.len() > 1 {
                parties.extend(by_adjective);
            } else {
                parties.push(self.participant(h));
            }
        }
        if !with.is_empty() {
            // The subject of the verb the noun hangs from meets them.
            let mut t = n;
            for _ in 0..4 {
                let Some(h) = self.head(t) else { break };
                if self.upos(h) == Upos::Verb {
                    let (subjects, passive) = self.subjects(h);
                    if !passive {
                        parties.extend(subjects.into_iter().map(|s| self.participant(s)));
                    }
                    break;
                }
                t = h;
            }
            parties.extend(with.into_iter().map(|w| self.participant(w)));
        }
        parties.retain(|p| p.actor.is_some());
        parties.sort_by_key(|p| p.span.start);
        parties.dedup_by(|a, b| {
            a.actor.as_ref().map(|x| &x.code) == b.actor.as_ref().map(|x| &x.code)
        });
        if parties.len() < 2 {
            return None;
        }
        let info = self.ev.cameo.get(code)?;
        // `in Saudi Arabia` on the noun or on one of the parties.
        let mut near: Vec<u32> = self.children[n as usize].clone();
        for p in &parties {
            if let Some(h) = p.actor.as_ref().map(|_| p.head) {
                near.extend(self.children[h as usize].iter().copied());
            }
        }
        for &c in &self.children[n as usize] {
            if self.deprel(c) == "nmod" {
                near.extend(self.children[c as usize].iter().copied());
            }
        }
        let location = near
            .into_iter()
            .filter(|&c| self.deprel(c) == "nmod" && self.case_of(c).as_deref() == Some("in"))
            .find_map(|c| self.place(c, false));
        Some(Event {
            code: code.to_owned(),
            root: info.root.clone(),
            quad_class: info.quad_class,
            goldstein: info.goldstein,
            plover_event: info.plover_event.clone(),
            plover_mode: info.plover_mode.clone(),
            source: parties.first().cloned(),
            target: parties.get(1).cloned(),
            participants: parties,
            trigger: self.doc.tokens[n as usize].span,
            lemma: self.lemma(n),
            sentence: self.sentence_of(n),
            negated: false,
            modality: Modality::Asserted,
            location,
            date: self.date(n),
            rule: format!("nominal/{}", self.lemma(n)),
            confidence: 0.6,
        })
    }

    /// The verb's patterns: by its lemma, else by its lower-cased form or
    /// a base form of it (`restoring` -> `restore` when the lemmatizer says
    /// `restor`).
    fn patterns_of(&self, v: u32) -> Option<(String, &'a [VerbPattern])> {
        let lower = self.lower(v);
        let mut candidates = vec![self.lemma(v)];
        candidates.extend(base_forms(&lower));
        candidates.push(lower);
        for l in candidates {
            let p = self.ev.patterns.of(&l);
            if !p.is_empty() {
                return Some((l, p));
            }
        }
        None
    }

    /// Whether `v` is what a rejecting verb rejects (`ruled out sending`,
    /// `refused to meet`).
    fn refused(&self, v: u32) -> bool {
        // `deter Russia from launching another attack`: prevented.
        if self.deprel(v) == "advcl"
            && self.kids(v, "mark").any(|m| self.lower(m) == "from")
            && self.head(v).is_some_and(|h| {
                matches!(
                    self.lemma(h).as_str(),
                    "deter"
                        | "prevent"
                        | "stop"
                        | "block"
                        | "keep"
                        | "bar"
                        | "ban"
                        | "prohibit"
                        | "dissuade"
                        | "discourage"
                )
            })
        {
            return true;
        }
        (matches!(self.deprel(v), "xcomp" | "obj" | "ccomp" | "csubj")
            || (self.deprel(v) == "advcl" && self.kid(v, "mark").is_none()))
            && self.head(v).is_some_and(|h| {
                matches!(
                    self.lemma(h).as_str(),
                    "rule"
                        | "refuse"
                        | "reject"
                        | "deny"
                        | "oppose"
                        | "rebuff"
                        | "dismiss"
                        | "decline"
                )
            })
    }

    fn choose<'p>(
        &self,
        v: u32,
        pats: &'p [VerbPattern],
    ) -> Option<(&'p VerbPattern, Option<u32>)> {
        // `rule out`; `call on`, `appeal to` are matched below as an obl
        // whose case is the second word.
        let particle = self.kid(v, "compound:prt").map(|p| self.lower(p));
        let obj = self.kid(v, "obj");
        let obj_lemma = obj.map(|o| self.lemma(o));
        let obj_form = obj.map(|o| self.lower(o));
        let obls: Vec<(u32, Option<String>)> = self.children[v as usize]
            .iter()
            .copied()
            .filter(|&c| self.deprel(c).starts_with("obl") || self.deprel(c) == "nmod")
            .map(|c| (c, self.case_of(c)))
            .collect();
        let mut best: Option<(i32, &VerbPattern, Option<u32>)> = None;
        for p in pats {
            let mut score = 0;
            if let Some(s) = &p.second {
                if particle.as_deref() == Some(s)
                    || obj_lemma.as_deref() == Some(s)
                    || obj_form.as_deref() == Some(s)
                {
                    score += 4;
                } else if obls.iter().any(|(_, c)| c.as_deref() == Some(s)) {
                    score += 3;
                } else {
                    continue;
                }
            } else if particle.is_some() {
                // `rule out` must not code as `rule`.
                continue;
            }
            let mut target = None;
            if let Some(prep) = &p.prep {
                match obls
                    .iter()
                    .find(|(_, c)| c.as_deref() == Some(prep.as_str()))
                {
                    Some(&(o, _)) => {
                        target = Some(o);
                        score += 2;
                    }
                    // `imposed sanctions on Russia`, `launched an attack on
                    // Kyiv`: the preposition hangs from the object noun.
                    None => match obj.and_then(|o| {
                        self.kids(o, "nmod")
                            .find(|&n| self.case_of(n).as_deref() == Some(prep.as_str()))
                    }) {
                        Some(n) => {
                            target = Some(n);
                            score += 1;
                        }
                        None => continue,
                    },
                }
            }
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, p, target));
            }
        }
        best.map(|(_, p, t)| (p, t))
    }

    fn negated(&self, v: u32) -> bool {
        self.children[v as usize].iter().any(|&c| {
            matches!(self.deprel(c), "advmod" | "neg" | "aux")
                && matches!(self.lower(c).as_str(), "not" | "n't" | "never" | "no")
        })
    }

    fn modality(&self, v: u32) -> (Modality, Option<u32>) {
        // `the possibility of nations deploying troops`, `would contemplate
        // sending troops`.
        let mut a = v;
        for _ in 0..3 {
            let Some(h) = self.head(a) else { break };
            if matches!(self.deprel(a), "advcl" | "ccomp" | "parataxis") {
                break;
            }
            if matches!(
                self.lemma(h).as_str(),
                "possibility"
                    | "prospect"
                    | "idea"
                    | "option"
                    | "contemplate"
                    | "consider"
                    | "weigh"
                    | "explore"
            ) {
                return (Modality::Hypothetical, None);
            }
            a = h;
        }
        let mut t = v;
        for _ in 0..4 {
            if self.children[t as usize]
                .iter()
                .any(|&c| self.deprel(c) == "mark" && self.lower(c) == "if")
                || (self.deprel(t) == "advcl"
                    && self.children[t as usize]
                        .iter()
                        .any(|&c| self.lower(c) == "if"))
            {
                return (Modality::Conditional, None);
            }
            for &c in &self.children[t as usize] {
                if self.deprel(c) == "aux" {
                    match self.lower(c).as_str() {
                        "will" | "shall" | "'ll" | "wo" => return (Modality::Intent, None),
                        // `Lavrov announced that the US and Russia would
                        // assign ambassadors`: future in the past.
                        "would" if self.reported(t) => return (Modality::Intent, None),
                        "would" | "could" | "might" | "may" | "can" | "should" | "must" => {
                            return (Modality::Hypothetical, None);
                        }
                        _ => {}
                    }
                }
            }
            if let ("acl" | "nmod" | "xcomp" | "ccomp", Some(h)) = (self.deprel(t), self.head(t))
                && matches!(
                    self.lemma(h).as_str(),
                    "possibility"
                        | "prospect"
                        | "idea"
                        | "option"
                        | "question"
                        | "debate"
                        | "contemplate"
                        | "consider"
                        | "weigh"
                        | "explore"
                        | "discuss"
                )
            {
                return (Modality::Hypothetical, None);
            }
            match (self.deprel(t), self.head(t)) {
                ("xcomp" | "advcl" | "acl", Some(h))
                    if INTENT_VERBS.contains(&self.lemma(h).as_str()) =>
                {
                    return (Modality::Intent, Some(h));
                }
                ("xcomp" | "conj" | "advcl", Some(h)) => t = h,
                _ => break,
            }
        }
        (Modality::Asserted, None)
    }

    /// Whether clause `t` (or the clause it is coordinated with) reports
    /// speech: the complement of a speech verb.
    fn reported(&self, t: u32) -> bool {
        let mut u = t;
        for _ in 0..3 {
            match (self.deprel(u), self.head(u)) {
                ("ccomp", Some(h)) => return SPEECH_VERBS.contains(&self.lemma(h).as_str()),
                ("conj", Some(h)) => u = h,
                _ => return false,
            }
        }
        false
    }

    /// Subject heads of `v`, climbing to governing verbs.
    fn subjects(&self, v: u32) -> (Vec<u32>, bool) {
        // Passive when the verb itself is (`was excluded`); a subject shared
        // with a passive first conjunct stays the subject of an active one.
        // (`were released by Putin`, with `were` parsed as a plain aux.)
        let own_passive = self.kid(v, "aux:pass").is_some()
            || (&*self.doc.tags[v as usize].xpos == "VBN"
                && self.kids(v, "aux").any(|a| self.lemma(a) == "be")
                && self.kid(v, "obj").is_none());
        let mut t = v;
        for _ in 0..4 {
            if let Some(s) = self.best_subject(t, "nsubj") {
                if let Some(r) = self.reporter_for(t, s) {
                    return (self.with_conj(r), false);
                }
                // A passive verb's inherited subject is its patient too.
                return (self.with_conj(s), own_passive);
            }
            if let Some(s) = self.best_subject(t, "nsubj:pass") {
                return (self.with_conj(s), t == v || own_passive);
            }
            match (self.deprel(t), self.head(t)) {
                ("xcomp" | "conj" | "advcl", Some(h)) => t = h,
                _ => break,
            }
        }
        // `European nations deploying soldiers`: the noun an active
        // participle modifies does it.
        if self.deprel(v) == "acl"
            && self.lower(v).ends_with("ing")
            && let Some(h) = self.head(v)
            && self.participant(h).actor.is_some()
        {
            return (self.with_conj(h), false);
        }
        // A badly attached clause (`... and work toward restoring
        // relations`, `work` parsed as a noun): the nearest governing verb
        // with a subject.
        let mut t = v;
        for _ in 0..5 {
            let Some(h) = self.head(t) else { break };
            // Not out of an adverbial or reported clause (`When asked about
            // nations deploying troops, he responded`).
            if matches!(self.deprel(t), "csubj" | "advcl" | "ccomp" | "parataxis")
                || (t != v && self.upos(t) == Upos::Verb)
            {
                break;
            }
            if self.upos(h) == Upos::Verb
                && let Some(s) = self.best_subject(h, "nsubj")
            {
                return (self.with_conj(s), false);
            }
            t = h;
        }
        (Vec::new(), false)
    }

    /// Of several subjects (a mis-parsed `US President Donald Trump`), the
    /// person.
    fn best_subject(&self, t: u32, rel: &str) -> Option<u32> {
        let all: Vec<u32> = self.kids(t, rel).collect();
        let is_person = |x: u32| {
            self.entity_at(x)
                .and_then(|e| self.doc.entities.get(e as usize))
                .is_some_and(|e| e.label == EntityLabel::Person)
        };
        // The subject token, or (`Sir Keir Starmer` headed by `Sir`) a word
        // of its name.
        all.iter()
            .copied()
            .find(|&s| {
                std::iter::once(s)
                    .chain(self.kids(s, "flat"))
                    .any(is_person)
            })
            .or_else(|| all.first().copied())
    }

    /// A pronoun subject of a reported clause refers to the reporter: `they`
    /// left unresolved in `Russia and the US announced they had agreed`,
    /// and `he` in `Starmer indicated he would contemplate ...` (when the
    /// reporter is a person).
    fn reporter_for(&self, t: u32, s: u32) -> Option<u32> {
        if self.upos(s) != Upos::Pron {
            return None;
        }
        let word = self.lower(s);
        let personal = matches!(word.as_str(), "he" | "she");
        if !personal && self.actor_of(s).is_some() {
            return None;
        }
        let mut u = t;
        for _ in 0..3 {
            match (self.deprel(u), self.head(u)) {
                ("ccomp", Some(h)) => {
                    let mut h = h;
                    // `stated ... and indicated he ...`: the first
                    // conjunct's subject.
                    for _ in 0..2 {
                        if let Some(r) = self.best_subject(h, "nsubj") {
                            let is_person =
                                std::iter::once(r).chain(self.kids(r, "flat")).any(|x| {
                                    self.entity_at(x)
                                        .and_then(|e| self.doc.entities.get(e as usize))
                                        .is_some_and(|e| e.label == EntityLabel::Person)
                                });
                            return (!personal || is_person).then_some(r);
                        }
                        match (self.deprel(h), self.head(h)) {
                            ("conj", Some(g)) => h = g,
                            _ => break,
                        }
                    }
                    return None;
                }
                ("xcomp" | "conj" | "advcl", Some(h)) => u = h,
                _ => return None,
            }
        }
        None
    }

    /// `delegations from Russia and the US` -> Russia, the US; any other
    /// head stays as it is.
    fn party_members(&self, h: u32) -> Vec<u32> {
        if self.actor_of(h).is_some() || !matches!(self.upos(h), Upos::Noun) {
            return vec![h];
        }
        let members: Vec<u32> = self
            .kids(h, "nmod")
            .filter(|&n| matches!(self.case_of(n).as_deref(), Some("from" | "of")))
            .flat_map(|n| self.with_conj(n))
            .collect();
        if members.len() > 1 { members } else { vec![h] }
    }

    /// The direct object, skipping relative pronouns; a noun mis-parsed as
    /// the object of an `-ing` modifier (`accept peacekeeping troops` with
    /// `peacekeeping` as a verb) is the verb's object.
    fn object(&self, v: u32) -> Option<u32> {
        let rel = |o: u32| matches!(self.lower(o).as_str(), "that" | "which" | "who" | "whom");
        if let Some(o) = self.kid(v, "obj") {
            return (!rel(o)).then_some(o);
        }
        let x = self.kid(v, "xcomp")?;
        let o = self.kid(x, "obj")?;
        (x > v && o == x + 1 && self.lower(x).ends_with("ing")).then_some(o)
    }

    fn with_conj(&self, h: u32) -> Vec<u32> {
        let mut v = vec![h];
        v.extend(
            self.kids(h, "conj")
                .filter(|&c| matches!(self.upos(c), Upos::Noun | Upos::Propn | Upos::Pron)),
        );
        v
    }

    /// The phrase of head `h`: its subtree without clauses, conjuncts and
    /// outer punctuation.
    fn phrase(&self, h: u32) -> Range<u32> {
        let mut lo = h;
        let mut hi = h + 1;
        let mut stack = vec![h];
        while let Some(t) = stack.pop() {
            for &c in &self.children[t as usize] {
                if t == h
                    && matches!(
                        self.deprel(c),
                        "conj"
                            | "cc"
                            | "acl:relcl"
                            | "acl"
                            | "punct"
                            | "parataxis"
                            | "advcl"
                            | "case"
                            | "mark"
                    )
                {
                    continue;
                }
                lo = lo.min(c);
                hi = hi.max(c + 1);
                stack.push(c);
            }
        }
        while lo < h && self.upos(lo) == Upos::Punct {
            lo += 1;
        }
        while hi > h + 1 && self.upos(hi - 1) == Upos::Punct {
            hi -= 1;
        }
        lo..hi
    }

    fn entity_at(&self, t: u32) -> Option<u32> {
        self.mention_at
            .get(t as usize)
            .copied()
            .flatten()
            .and_then(|m| self.entity_of.get(m as usize).copied().flatten())
    }

    fn actor_of(&self, h: u32) -> Option<Actor> {
        let e = self.entity_at(h)?;
        self.doc.entities.get(e as usize)?.actor.clone()
    }

    fn participant(&self, h: u32) -> Participant {
        let range = self.phrase(h);
        let span = Span::new(
            self.doc.tokens[range.start as usize].span.start,
            self.doc.tokens[range.end as usize - 1].span.end,
        );
        let entity = self.entity_at(h);
        // `All parties must make concessions`: a generic phrase names no one.
        if self.kids(h, "det").any(|d| {
            matches!(
                self.lower(d).as_str(),
                "all" | "any" | "every" | "each" | "no"
            )
        }) {
            return Participant {
                span,
                head: h,
                entity,
                actor: None,
            };
        }
        // The head's own entity (a name or a resolved pronoun) first; for
        // `Sir Keir Starmer` headed by `Sir`, a word of the name.
        let mut actor = self
            .actor_of(h)
            .or_else(|| self.kids(h, "flat").find_map(|x| self.actor_of(x)));
        // `his nation`: the country of the possessor.
        if actor.is_none()
            && matches!(
                self.lemma(h).as_str(),
                "nation" | "country" | "state" | "government" | "people"
            )
            && let Some(p) = self.kid(h, "nmod:poss")
            && let Some(a) = self.actor_of(p)
            && let Some(c) = a.country
        {
            actor = Some(Actor {
                code: c.clone(),
                country: Some(c),
                rule: "possessor-country".into(),
                ..Actor::default()
            });
        }
        if actor.is_none()
            && let Some(r) = &self.ev.resolver
        {
            actor = r.resolve(self.doc, range.clone());
        }
        if actor.is_none() {
            // Any entity inside the phrase (`delegations from Russia`).
            actor = range.filter_map(|t| self.actor_of(t)).next();
        }
        Participant {
            span,
            head: h,
            entity,
            actor,
        }
    }

    fn location(&self, v: u32) -> Option<(Span, Option<String>)> {
        let mut t = v;
        for _ in 0..3 {
            for &c in &self.children[t as usize] {
                if !self.deprel(c).starts_with("obl") {
                    continue;
                }
                if !matches!(self.case_of(c).as_deref(), Some("in" | "at")) {
                    continue;
                }
                if let Some(place) = self.place(c, true) {
                    return Some(place);
                }
            }
            match self.head(t) {
                Some(h) if matches!(self.deprel(t), "xcomp" | "conj" | "advcl" | "ccomp") => t = h,
                _ => break,
            }
        }
        None
    }

    /// The first `in`/`at` + place of the sentence (`The assembly in
    /// Riyadh marked the first time ... delegations had met`).
    fn sentence_location(&self, v: u32) -> Option<(Span, Option<String>)> {
        let s = self.doc.sentences.get(self.sentence_of(v) as usize)?;
        (s.tokens.start..s.tokens.end)
            .filter(|&t| self.deprel(t).starts_with("obl") || self.deprel(t) == "nmod")
            .filter(|&t| matches!(self.case_of(t).as_deref(), Some("in" | "at")))
            .find_map(|t| self.place(t, false))
    }

    /// The place named at token `t`: a GPE/LOC mention with its country,
    /// or (`names`, and without NER) proper nouns the resolver places in a
    /// country.
    fn place(&self, t: u32, names: bool) -> Option<(Span, Option<String>)> {
        let country = |r: Range<u32>| {
            self.ev
                .resolver
                .as_ref()
                .and_then(|x| x.resolve(self.doc, r))
                .and_then(|a| a.country)
        };
        if let Some(m) = self.mention_at.get(t as usize).copied().flatten() {
            let m = &self.doc.mentions[m as usize];
            return matches!(m.label, Some(EntityLabel::Gpe | EntityLabel::Loc))
                .then(|| (m.span, country(m.tokens.clone())));
        }
        if !names || self.upos(t) != Upos::Propn {
            return None;
        }
        let r = self.phrase(t);
        let words: Vec<u32> = (r.start..r.end)
            .filter(|&w| self.upos(w) == Upos::Propn)
            .collect();
        let (&a, &b) = (words.first()?, words.last()?);
        let c = country(a..b + 1)?;
        let span = Span::new(
            self.doc.tokens[a as usize].span.start,
            self.doc.tokens[b as usize].span.end,
        );
        Some((span, Some(c)))
    }

    fn date(&self, v: u32) -> Option<String> {
        let base = self.date?;
        // `on Monday` attached to the verb (or its governing verb).
        let mut t = v;
        for _ in 0..3 {
            for &c in &self.children[t as usize] {
                if self.deprel(c).starts_with("obl")
                    && let Some(d) = dates::weekday(&self.lower(c))
                {
                    return Some(base.last_weekday(d).to_string());
                }
            }
            match self.head(t) {
                Some(h) if matches!(self.deprel(t), "xcomp" | "conj" | "advcl") => t = h,
                _ => break,
            }
        }
        // `European leaders convened a gathering in Paris on Monday`: a
        // day named anywhere in the sentence.
        if let Some(s) = self.doc.sentences.get(self.sentence_of(v) as usize)
            && let Some(d) = (s.tokens.start..s.tokens.end)
                .filter(|&t| self.deprel(t).starts_with("obl"))
                .find_map(|t| dates::weekday(&self.lower(t)))
        {
            return Some(base.last_weekday(d).to_string());
        }
        Some(base.to_string())
    }

    fn code_verb(&self, v: u32, lemma: &str, pats: &[VerbPattern]) -> Vec<Event> {
        let Some((pattern, prep_target)) = self.choose(v, pats) else {
            return Vec::new();
        };
        // `agreed to designate teams`: the complement carries the event.
        if lemma == "agree"
            && let Some(x) = self.kid(v, "xcomp")
            && !self.ev.patterns.of(&self.lemma(x)).is_empty()
        {
            return Vec::new();
        }
        let negated = self.negated(v);
        let mut code = if negated {
            match &pattern.negated {
                Some(c) => c.clone(),
                None => return Vec::new(),
            }
        } else {
            pattern.code.clone()
        };
        let (modality, _) = self.modality(v);
        if modality == Modality::Intent && !negated {
            let intent = match &code[..2] {
                "04" => Some("036"),
                "05" => Some("032"),
                "06" => Some("031"),
                "07" => Some("033"),
                "08" => Some("035"),
                _ => None,
            };
            if let Some(c) = intent {
                code = c.to_owned();
            }
        }
        let (subjects, passive) = self.subjects(v);
        let mut objects: Vec<u32> = match prep_target {
            Some(t) => self.with_conj(t),
            None if pattern.second.is_some() => Vec::new(),
            None => self
                .object(v)
                .map(|o| self.with_conj(o))
                .unwrap_or_default(),
        };
        // `recognize that ...`, `warn that ...`: a verb taking a clause and
        // no party is a statement, not an event.
        if prep_target.is_none()
            && pattern.second.is_none()
            && objects.is_empty()
            && self.kid(v, "ccomp").is_some()
        {
            return Vec::new();
        }
        let mut sources = subjects;
        if passive {
            // `Ukraine was excluded (by X)`.
            let agents: Vec<u32> = self.children[v as usize]
                .iter()
                .copied()
                .filter(|&c| {
                    self.deprel(c) == "obl:agent"
                        || (self.deprel(c) == "obl" && self.case_of(c).as_deref() == Some("by"))
                })
                .collect();
            let pass = std::mem::take(&mut sources);
            objects = pass;
            sources = agents;
        }
        if pattern.kind == PatternKind::Meet {
            // `delegations from Russia and the US met`: the parties are the
            // countries the delegations come from.
            sources = sources
                .into_iter()
                .flat_map(|h| self.party_members(h))
                .collect();
        }
        let sources: Vec<Participant> = sources.into_iter().map(|s| self.participant(s)).collect();
        let targets: Vec<Participant> = objects.into_iter().map(|o| self.participant(o)).collect();
        // Somebody unknown (`UNK`) on both sides is no event.
        let known = |p: &Participant| p.actor.as_ref().is_some_and(|a| a.code != "UNK");
        if !sources.iter().chain(&targets).any(known) {
            return Vec::new();
        }
        let Some(info) = self.ev.cameo.get(&code) else {
            return Vec::new();
        };
        let mut trigger = self.doc.tokens[v as usize].span;
        if let Some(p) = self.kid(v, "compound:prt") {
            trigger.end = trigger.end.max(self.doc.tokens[p as usize].span.end);
        }
        // (source, target, participants) of each event.
        let mut dyads: Vec<(Option<Participant>, Option<Participant>, Vec<Participant>)> =
            Vec::new();
        match pattern.kind {
            PatternKind::Meet => {
                // Parties without an actor (`convened an urgent gathering`,
                // mis-parsed) stay out when some party has one.
                let known: Vec<&Participant> = sources.iter().chain(&targets).collect();
                let any = known.iter().any(|p| p.actor.is_some());
                let keep = |p: &&Participant| !any || p.actor.is_some();
                let mut all: Vec<Participant> = known.into_iter().filter(keep).cloned().collect();
                all.sort_by_key(|p| p.span.start);
                let s = sources.iter().find(keep).cloned();
                let t = targets
                    .iter()
                    .find(keep)
                    .cloned()
                    .or_else(|| sources.iter().filter(keep).nth(1).cloned());
                dyads.push((s, t, if all.len() > 1 { all } else { Vec::new() }));
            }
            PatternKind::Dyadic
                if info.quad_class <= 2
                    && sources.len() > 1
                    && targets
                        .first()
                        .is_none_or(|t| t.actor.as_ref().is_none_or(|a| a.country.is_none())) =>
            {
                // `Russia and the US agreed to designate teams`: a joint
                // cooperative act is an event between the parties.
                let mut all: Vec<Participant> = sources.clone();
                all.sort_by_key(|p| p.span.start);
                dyads.push((sources.first().cloned(), sources.get(1).cloned(), all));
            }
            PatternKind::Dyadic => {
                // `Russia and China criticized the US`: one event per source.
                let t = targets.first().cloned();
                if sources.is_empty() {
                    dyads.push((None, t, Vec::new()));
                } else {
                    for s in sources {
                        dyads.push((Some(s), t.clone(), Vec::new()));
                    }
                }
            }
        }
        let location = self.location(v).or_else(|| {
            (pattern.kind == PatternKind::Meet)
                .then(|| self.sentence_location(v))
                .flatten()
        });
        let date = self.date(v);
        let sentence = self.sentence_of(v);
        dyads
            .into_iter()
            .filter(|(s, t, _)| s.iter().chain(t).any(known))
            .map(|(source, target, participants)| {
                let actors = source
                    .iter()
                    .chain(&target)
                    .filter(|p| p.actor.is_some())
                    .count();
                Event {
                    code: code.clone(),
                    root: info.root.clone(),
                    quad_class: info.quad_class,
                    goldstein: info.goldstein,
                    plover_event: info.plover_event.clone(),
                    plover_mode: info.plover_mode.clone(),
                    source,
                    target,
                    participants,
                    trigger,
                    lemma: match &pattern.second {
                        Some(s) => format!("{} {s}", pattern.lemma),
                        None => pattern.lemma.clone(),
                    },
                    sentence,
                    negated,
                    modality,
                    location: location.clone(),
                    date: date.clone(),
                    rule: format!("{} {}", pattern.origin, pattern.lemma),
                    confidence: if actors == 2 { 0.8 } else { 0.6 },
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::base_forms;

    #[test]
    fn base_forms_of_inflected_verbs() {
        assert!(base_forms("upbraided").contains(&"upbraid".to_owned()));
        assert!(base_forms("shelled").contains(&"shell".to_owned()));
        assert!(base_forms("boycotted").contains(&"boycott".to_owned()));
        assert!(base_forms("restoring").contains(&"restore".to_owned()));
        assert!(base_forms("denied").contains(&"deny".to_owned()));
        assert!(base_forms("is").is_empty());
    }
}
