//! Linguistic layers added by the statistical stages: tags and lemmas,
//! dependencies, entity mentions and entities (coreference clusters).
//!
//! Each layer is a `Vec` on [`crate::Document`], empty until its stage has
//! run; `tags` and `deps` are parallel to `tokens` once filled.

use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Span;

/// A Universal Dependencies part-of-speech tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    /// All tags, in a fixed order (their class ids in models).
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The UD spelling (`PROPN`).
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }
}

impl FromStr for Upos {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Upos::ALL.into_iter().find(|u| u.as_str() == s).ok_or(())
    }
}

/// Tags of one token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tagging {
    /// Universal POS.
    pub upos: Upos,
    /// Penn Treebank tag (`NNP`, `VBD`).
    pub xpos: Box<str>,
    /// Lemma (`say` for `said`).
    pub lemma: Box<str>,
}

/// The syntactic head and relation of one token (UD basic tree).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// Index into [`crate::Document::tokens`] of the head; `None` for the
    /// sentence root.
    pub head: Option<u32>,
    /// UD relation (`nsubj`, `obl:tmod`, `root`).
    pub deprel: Box<str>,
}

/// Entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityLabel {
    /// People, real or fictional.
    Person,
    /// Organisations: governments as institutions, companies, parties,
    /// agencies, armed groups, media.
    Org,
    /// Countries, cities, states: places with a government.
    Gpe,
    /// Other places: regions, bodies of water, mountains, buildings.
    Loc,
    /// Nationalities, religious and political groups (`Russian`,
    /// `European`).
    Norp,
}

impl EntityLabel {
    /// All labels, in a fixed order.
    pub const ALL: [EntityLabel; 5] = [
        EntityLabel::Person,
        EntityLabel::Org,
        EntityLabel::Gpe,
        EntityLabel::Loc,
        EntityLabel::Norp,
    ];

    /// Upper-case name (`PERSON`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Person => "PERSON",
            EntityLabel::Org => "ORG",
            EntityLabel::Gpe => "GPE",
            EntityLabel::Loc => "LOC",
            EntityLabel::Norp => "NORP",
        }
    }
}

impl FromStr for EntityLabel {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        EntityLabel::ALL
            .into_iter()
            .find(|u| u.as_str() == s)
            .ok_or(())
    }
}

/// What kind of expression a mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// A proper name (`Sergei Lavrov`, `Lavrov`, `NATO`).
    Name,
    /// A pronoun (`he`, `his`, `they`).
    Pronoun,
    /// A common noun phrase (`the minister`, `the Kremlin spokesman`).
    Nominal,
}

/// Grammatical gender, from names, titles and pronouns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Gender {
    Male,
    Female,
    Neuter,
}

/// Grammatical number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Number {
    Singular,
    Plural,
}

/// One mention of an entity in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The mention's characters (for a person: the name, without title).
    pub span: Span,
    /// Indices into [`crate::Document::tokens`].
    pub tokens: Range<u32>,
    /// Name, pronoun or nominal.
    pub kind: MentionKind,
    /// Entity type when known (names always have one).
    pub label: Option<EntityLabel>,
    /// A title or honorific right before a person's name (`Russian Foreign
    /// Minister`, `Sir`), kept apart from the name.
    pub title: Option<Span>,
    /// Index of the sentence holding the mention.
    pub sentence: u32,
    /// The stage rule or model that found it (`ner/perceptron-1`,
    /// `coref/pronoun`), for audit.
    pub source: &'static str,
}

/// An entity: a cluster of mentions that refer to the same thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Entity type.
    pub label: EntityLabel,
    /// Canonical name: the fullest name mention (`Sergei Lavrov`).
    pub name: String,
    /// Indices into [`crate::Document::mentions`], in text order.
    pub mentions: Vec<u32>,
    /// Gender when the mentions tell it.
    pub gender: Option<Gender>,
    /// Number when the mentions tell it.
    pub number: Option<Number>,
    /// The actor it resolves to (country, sector, CAMEO code), once the
    /// actors stage has run.
    pub actor: Option<Actor>,
}

/// A resolved actor: who an entity or phrase is in event-data terms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// CAMEO-style actor code: country then sector (`RUSGOV`, `USAMIL`),
    /// an organisation's code (`IGOWSTNAT`), or a sector alone (`---GOV`
    /// is written `GOV`) when the country is unknown.
    pub code: String,
    /// ISO 3166 alpha-3 country, or `IGO`/`UNO`/`NGO`/`MNC` (PLOVER's
    /// country slot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Primary sector (`GOV`, `MIL`, `LEG`, `ELI`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Secondary sector (`MIL` for a defence minister).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector2: Option<String>,
    /// Canonical name of the person or organisation, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The role held on the document's date (`Foreign Minister of Russia`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// How it was resolved (`kb/person`, `kb/country`, `role+country`).
    pub rule: String,
}

/// One party to an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    /// The words naming it.
    pub span: Span,
    /// Its head token.
    pub head: u32,
    /// Entity index when the words are an entity mention.
    pub entity: Option<u32>,
    /// The resolved actor.
    pub actor: Option<Actor>,
}

/// Whether an event happened, is intended, or only conditional.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Reported as done (`met`, `agreed`).
    Asserted,
    /// Planned or intended (`will meet`, `plans to`).
    Intent,
    /// Depending on a condition (`if ...`, `would ... if`).
    Conditional,
    /// Possible or hypothetical (`could`, `might`, `would contemplate`).
    Hypothetical,
}

impl Modality {
    /// `asserted`, `intent`, `conditional`, `hypothetical` (as in the JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Intent => "intent",
            Modality::Conditional => "conditional",
            Modality::Hypothetical => "hypothetical",
        }
    }
}

/// A coded event: who did what to whom.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// CAMEO event code as a string (leading zeros kept: `036`).
    pub code: String,
    /// CAMEO root (two digits).
    pub root: String,
    /// GDELT quad class (1 verbal cooperation .. 4 material conflict).
    pub quad_class: u8,
    /// GDELT Goldstein value.
    pub goldstein: f32,
    /// PLOVER event type (`CONSULT`, `REJECT`), when CAMEO maps to one.
    pub plover_event: Option<String>,
    /// PLOVER mode, when given.
    pub plover_mode: Option<String>,
    /// The actor doing it.
    pub source: Option<Participant>,
    /// The actor it is done to.
    pub target: Option<Participant>,
    /// Every party of a multi-party event (meetings), in text order.
    pub participants: Vec<Participant>,
    /// The trigger word(s) (`met`, `ruled out`).
    pub trigger: Span,
    /// The trigger's lemma.
    pub lemma: String,
    /// Sentence index.
    pub sentence: u32,
    /// Negated in the text (`did not attack`); a negated event is not coded
    /// as happening: the code is already the negated reading when the verb
    /// pattern gives one (`will not accept` is a rejection).
    pub negated: bool,
    /// Asserted, intended, conditional or hypothetical.
    pub modality: Modality,
    /// Where, when stated: the place's words and its country.
    pub location: Option<(Span, Option<String>)>,
    /// When: the document date or a resolved relative date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The verb pattern or rule that fired (`verbs.tsv:42 meet`).
    pub rule: String,
    /// Confidence, 0 to 1.
    pub confidence: f32,
}

/// How a quote is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Whole statements in quotation marks (`“It was productive,” he said`).
    Direct,
    /// Quoted words inside the writer's own sentence (`described as an
    /// “unexpected development”`).
    Partial,
    /// Reported speech without quotation marks (`Lavrov announced that
    /// ...`, `according to X`).
    Indirect,
}

impl QuoteKind {
    /// `direct`, `partial`, `indirect` (as in the JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// The words that mark speech (`said`, `ruled out`, `according to`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// The cue's characters (may span several tokens: `ruled out`).
    pub span: Span,
    /// Its lemma (`say`, `rule out`, `according to`).
    pub lemma: Box<str>,
}

/// Who said it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The mention in the text naming the speaker (`he`, `Rubio`, `a
    /// spokesman`); `None` when the speaker is carried over from an
    /// earlier quote without being named again.
    pub mention: Option<Span>,
    /// Index into [`crate::Document::entities`] when the speaker resolves
    /// to an entity.
    pub entity: Option<u32>,
    /// Canonical name: the entity's name, else the mention's text.
    pub name: String,
    /// Title or role as stated in the article (`US Secretary of State`).
    pub title: Option<Span>,
}

/// A quote or reported statement and its attribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// The quoted words, without the quotation marks.
    pub span: Span,
    /// The speech cue, when there is one.
    pub cue: Option<Cue>,
    /// The speaker, when found.
    pub speaker: Option<Speaker>,
    /// Confidence in the attribution, 0 to 1.
    pub confidence: f32,
    /// Index of the sentence where the quote starts.
    pub sentence: u32,
    /// The rule that produced it (`quote/after-cue`, `quote/continuation`).
    pub rule: &'static str,
}

/// A contested proposition an article is about (`troops-in-ukraine`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Stable id from the issue list (`troops-in-ukraine`).
    pub id: String,
    /// Human label (`Foreign troops in Ukraine`).
    pub label: String,
    /// `lexicon` (dyad's list) or `user` (a list given with `--issues`).
    pub source: &'static str,
    /// Where the article names it: (words, sentence index).
    pub mentions: Vec<(Span, u32)>,
}

/// Where a party stands on an issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// For it (`I fully support it`, `would contemplate sending troops`).
    Support,
    /// Against it (`ruled out`, `absolutely intolerable`).
    Oppose,
    /// Neither, or undecided (`entirely premature`).
    Neutral,
}

impl Polarity {
    /// `support`, `oppose`, `neutral`.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Support => "support",
            Polarity::Oppose => "oppose",
            Polarity::Neutral => "neutral",
        }
    }
}

/// What a piece of stance evidence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// Words that carry the polarity (`intolerable`, `support`).
    Polarity,
    /// A negation that flips it (`will not accept`).
    Negation,
    /// A hedge that weakens it (`would contemplate`).
    Hedge,
    /// Words naming the issue (`sending troops`, `Ukraine`).
    Issue,
}

/// One piece of evidence for a stance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StanceEvidence {
    /// What it is.
    pub kind: EvidenceKind,
    /// Where.
    pub span: Span,
    /// The lexicon entry that matched (`rule out`, `would`), if any.
    pub entry: Option<String>,
}

/// One actor's stated position on one issue, in one statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Stance {
    /// Who holds it: canonical name.
    pub holder: String,
    /// The holder's entity, when resolved.
    pub entity: Option<u32>,
    /// The holder's actor (country, sector).
    pub actor: Option<Actor>,
    /// Index into [`crate::Document::issues`].
    pub issue: u32,
    /// Support, oppose or neutral.
    pub polarity: Polarity,
    /// 0 to 1: how strongly (hedges lower it).
    pub strength: f32,
    /// The statement: quoted words or the reporting clause.
    pub span: Span,
    /// Sentence index.
    pub sentence: u32,
    /// Index into [`crate::Document::quotes`] when the statement is a quote.
    pub quote: Option<u32>,
    /// The speech or stance cue (`said`, `ruled out`, `voiced skepticism`).
    pub cue: Option<Span>,
    /// Polarity words, negations, hedges and issue words found.
    pub evidence: Vec<StanceEvidence>,
    /// The rule that produced it (`stance/quote`, `stance/predicate`).
    pub rule: &'static str,
}

/// A party in a negotiation map.
#[derive(Clone, Debug, PartialEq)]
pub struct Party {
    /// Name as resolved (canonical name, else the words).
    pub name: String,
    /// Its actor.
    pub actor: Option<Actor>,
    /// Where the article names it in this role.
    pub span: Span,
    /// Sentence index.
    pub sentence: u32,
}

/// What a party lays down as necessary (`would necessitate a US
/// guarantee`, `all parties must make concessions`).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// Who states it.
    pub holder: String,
    /// Their actor.
    pub actor: Option<Actor>,
    /// The condition's words.
    pub span: Span,
    /// The word that marks it (`necessitate`, `must`, `only if`).
    pub cue: Span,
    /// Sentence index.
    pub sentence: u32,
}

/// A meeting (summit, talks) seen as a negotiation: who is at the table,
/// who is left out, red lines, preconditions and what was agreed.
#[derive(Clone, Debug, PartialEq)]
pub struct Negotiation {
    /// The meeting events (indices into [`crate::Document::events`]).
    pub events: Vec<u32>,
    /// Where, when stated (`Riyadh`).
    pub place: Option<Span>,
    /// Parties at the table.
    pub present: Vec<Party>,
    /// Parties the article says were left out.
    pub excluded: Vec<Party>,
    /// Strong oppositions by parties at the table (indices into
    /// [`crate::Document::stances`]).
    pub red_lines: Vec<u32>,
    /// Stated preconditions.
    pub preconditions: Vec<Condition>,
    /// Agreements reached (indices into [`crate::Document::events`]).
    pub agreements: Vec<u32>,
}
