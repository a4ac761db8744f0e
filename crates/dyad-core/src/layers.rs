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
