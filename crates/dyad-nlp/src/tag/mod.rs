//! Part-of-speech tags (UPOS and PTB XPOS) and lemmas.
//!
//! A greedy left-to-right averaged perceptron (Collins 2002, in the style
//! of Honnibal's "A good POS tagger in about 200 lines") predicts one joint
//! class per word, `"UPOS XPOS"` as seen in training (`AUX VBZ`, `PART
//! POS`), so the two tag sets never disagree. Features: the word, its
//! lowercase form, prefixes, suffixes, shape and flags over a ±2 window,
//! the two tags already predicted, and the *ambiguity class* (the tags seen
//! in training) of the word and the next two words, which gives a greedy
//! tagger a cheap look to its right. Frequent words that had one tag in
//! training are looked up in a tag dictionary instead of scored, which
//! halves the work. Lemmas come from the predicted XPOS (see
//! [`lemma`](self::lemma)).
//!
//! The weights are stored as trained (`f32`) in the model file, and scored
//! from a copy in the parser's layout made at load time
//! (`parse/weights.rs`: 32-bit keys, bfloat16 rows, a Bloom filter):
//! about 13% faster tagging, and on the 919 PolNeAR articles and the
//! evaluation sets the same tags (a test checks the example article).
//!
//! Trained on UD English EWT train plus the shippable GUM train documents
//! ([`train`]); scored on EWT test and GUM test with gold tokenisation
//! ([`evaluate`]).

mod eval;
mod features;
mod hashing;
mod lemma;
mod train;

#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use dyad_core::{Document, Stage, Tagging, Upos};

use crate::model::Weights;
use crate::model::{FeatureKey, Features, FormatError, ModelReader, ModelWriter};
use features::{Context, Tok, extract, extract_first};
pub(crate) use hashing::FastMap;
use lemma::Lemmatizer;

pub use eval::{TagScore, TagScores, evaluate, score_sentences};
pub use train::{TagSettings, TrainError, read_conllu, train, train_with, training_sentences};

/// Model file kind.
const KIND: &str = "tag";

/// One joint tag class.
#[derive(Debug, Clone)]
struct Class {
    /// `"NOUN NN"`: the feature name of the class.
    name: Box<str>,
    upos: Upos,
    xpos: Box<str>,
}

impl Class {
    fn parse(name: &str) -> Option<Class> {
        let (u, x) = name.split_once(' ')?;
        Some(Class {
            name: name.into(),
            upos: u.parse().ok()?,
            xpos: x.into(),
        })
    }
}

/// The trained tagger and lemmatizer. Read-only; share it between threads.
#[derive(Debug, Clone)]
pub struct TaggerModel {
    version: String,
    classes: Vec<Class>,
    /// Normalised form -> class, for frequent unambiguous words.
    dict: FastMap<Box<str>, u16>,
    /// Lowercased form -> index into `amb_names`.
    amb: FastMap<Box<str>, u32>,
    amb_names: Vec<Box<str>>,
    /// The look-ahead pass, when the model has one.
    first: Option<Weights>,
    perceptron: Weights,
    /// The same two weight tables in the parser's layout, for scoring.
    fast_first: Option<FastWeights>,
    fast: FastWeights,
    lemmas: Lemmatizer,
}

type FastWeights = crate::parse::weights::Weights;

/// `w` in the parser's layout.
fn fast(w: &Weights) -> Result<FastWeights, FormatError> {
    Ok(FastWeights::from_dense(w))
}

/// The first class with the highest score of `keys` in `w`.
fn best_fast(
    w: &FastWeights,
    keys: &[FeatureKey],
    lookup: &mut crate::parse::weights::Lookup,
    scores: &mut Vec<f32>,
) -> u16 {
    scores.clear();
    scores.resize(w.classes(), 0.0);
    w.score_into(keys, lookup, scores);
    let mut best = 0usize;
    for (c, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = c;
        }
    }
    best as u16
}

/// Which pass [`greedy`] runs.
#[derive(Debug, Clone, Copy)]
enum Pass<'r> {
    /// The small look-ahead pass.
    First,
    /// The full pass, with the look-ahead pass's classes if any.
    Second(Option<&'r [u16]>),
}

/// One greedy left-to-right pass over `toks` into `out`: dictionary words
/// take their tag, the others the class `choose(i, features)` returns.
/// Shared by training (where `choose` also updates) and tagging.
fn greedy(
    model: &TaggerModel,
    toks: &[Tok<'_>],
    pass: Pass<'_>,
    f: &mut Features,
    out: &mut Vec<u16>,
    choose: &mut dyn FnMut(usize, &[FeatureKey]) -> u16,
) {
    out.clear();
    let name = |c: Option<&u16>| {
        c.and_then(|&c| model.classes.get(usize::from(c)))
            .map(|c| &*c.name)
    };
    for i in 0..toks.len() {
        if let Some(c) = toks[i].dict {
            out.push(c);
            continue;
        }
        let p1 = name(i.checked_sub(1).and_then(|j| out.get(j)));
        match pass {
            Pass::First => extract_first(toks, i, p1, f),
            Pass::Second(right) => {
                let cx = Context {
                    p1,
                    p2: name(i.checked_sub(2).and_then(|j| out.get(j))),
                    lookahead: right.is_some(),
                    r1: name(right.and_then(|r| r.get(i + 1))),
                    r2: name(right.and_then(|r| r.get(i + 2))),
                };
                extract(toks, i, cx, f);
            }
        }
        let c = choose(i, f.keys());
        out.push(c);
    }
}

static BUNDLED: LazyLock<TaggerModel> = LazyLock::new(|| {
    TaggerModel::from_bytes(include_bytes!("../../models/tag.dyad")).unwrap_or_else(|e| {
        // The file is part of the build; failing to read it is a build bug.
        panic!("bundled tag model is unreadable: {e}")
    })
});

impl TaggerModel {
    /// The model shipped with dyad (`models/tag.dyad`).
    pub fn bundled() -> &'static Self {
        &BUNDLED
    }

    /// The model's version string.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Serialise (gzip, deterministic).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ModelWriter::new(KIND, &self.version);
        let names: Vec<&str> = self.classes.iter().map(|c| &*c.name).collect();
        w.strs(&names);
        let mut dict: Vec<(&str, u16)> = self.dict.iter().map(|(k, &v)| (&**k, v)).collect();
        dict.sort_unstable();
        w.u64(dict.len() as u64);
        for (k, v) in dict {
            w.str(k);
            w.u16(v);
        }
        w.strs(&self.amb_names);
        let mut amb: Vec<(&str, u32)> = self.amb.iter().map(|(k, &v)| (&**k, v)).collect();
        amb.sort_unstable();
        w.u64(amb.len() as u64);
        for (k, v) in amb {
            w.str(k);
            w.u64(u64::from(v));
        }
        w.u16(u16::from(self.first.is_some()));
        if let Some(first) = &self.first {
            first.write(&mut w);
        }
        self.perceptron.write(&mut w);
        self.lemmas.write(&mut w);
        w.finish()
    }

    /// Read what [`TaggerModel::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FormatError> {
        let mut r = ModelReader::open(bytes, KIND)?;
        let classes = r
            .strs()?
            .iter()
            .map(|n| Class::parse(n))
            .collect::<Option<Vec<_>>>()
            .ok_or(FormatError::Invalid("bad tag class name"))?;
        if classes.is_empty() || classes.len() > usize::from(u16::MAX) {
            return Err(FormatError::Invalid("bad number of tag classes"));
        }
        let n = r.u64()?;
        let mut dict = FastMap::default();
        for _ in 0..n {
            let k = r.str()?;
            let v = r.u16()?;
            if usize::from(v) >= classes.len() {
                return Err(FormatError::Invalid("tag dictionary class out of range"));
            }
            dict.insert(k.into(), v);
        }
        let amb_names: Vec<Box<str>> = r.strs()?.into_iter().map(Into::into).collect();
        let n = r.u64()?;
        let mut amb = FastMap::default();
        for _ in 0..n {
            let k = r.str()?;
            let v = r.u64()?;
            if v as usize >= amb_names.len() {
                return Err(FormatError::Invalid("ambiguity class out of range"));
            }
            amb.insert(k.into(), v as u32);
        }
        let first = match r.u16()? {
            0 => None,
            _ => Some(Weights::read(&mut r)?),
        };
        let perceptron = Weights::read(&mut r)?;
        if perceptron.classes() != classes.len()
            || first.as_ref().is_some_and(|p| p.classes() != classes.len())
        {
            return Err(FormatError::Invalid("perceptron and tag classes disagree"));
        }
        let lemmas = Lemmatizer::read(&mut r)?;
        if !r.at_end() {
            return Err(FormatError::Invalid("trailing bytes"));
        }
        let mut model = Self {
            version: r.version,
            classes,
            dict,
            amb,
            amb_names,
            first: None,
            perceptron: Weights::default(),
            fast_first: None,
            fast: FastWeights::default(),
            lemmas,
        };
        model.set_weights(first, perceptron)?;
        Ok(model)
    }

    /// Install the trained weight tables (as stored in the file) and
    /// their copies in the parser's layout, which score.
    fn set_weights(
        &mut self,
        first: Option<Weights>,
        perceptron: Weights,
    ) -> Result<(), FormatError> {
        self.fast_first = first.as_ref().map(fast).transpose()?;
        self.fast = fast(&perceptron)?;
        self.first = first;
        self.perceptron = perceptron;
        Ok(())
    }

    fn amb_of(&self, lower: &str) -> &str {
        self.amb
            .get(lower)
            .and_then(|&i| self.amb_names.get(i as usize))
            .map_or("", |s| s)
    }

    /// Analyse one word for tagging: forms, shape, ambiguity class and
    /// tag-dictionary class.
    fn analyse<'a>(&'a self, raw: &'a str) -> Tok<'a> {
        let mut t = Tok::new(raw, &|l| self.amb_of(l));
        t.dict = self.dict.get(&*t.norm).copied();
        t
    }

    /// Class ids for one sentence of word forms.
    fn classify(&self, toks: &[Tok<'_>]) -> Vec<u16> {
        let mut f = Features::new();
        let mut scores = Vec::new();
        let mut lookup = crate::parse::weights::Lookup::default();
        let mut right = Vec::new();
        if let Some(first) = &self.fast_first {
            let mut best =
                |_: usize, k: &[FeatureKey]| best_fast(first, k, &mut lookup, &mut scores);
            greedy(self, toks, Pass::First, &mut f, &mut right, &mut best);
        }
        let pass = Pass::Second(self.fast_first.is_some().then_some(right.as_slice()));
        let mut out = Vec::with_capacity(toks.len());
        let mut best =
            |_: usize, k: &[FeatureKey]| best_fast(&self.fast, k, &mut lookup, &mut scores);
        greedy(self, toks, pass, &mut f, &mut out, &mut best);
        out
    }

    /// Tag and lemmatise one sentence of word forms.
    pub fn tag(&self, words: &[&str]) -> Vec<Tagging> {
        let toks: Vec<Tok<'_>> = words.iter().map(|w| self.analyse(w)).collect();
        self.classify(&toks)
            .into_iter()
            .zip(&toks)
            .map(|(c, t)| {
                let class = &self.classes[usize::from(c).min(self.classes.len() - 1)];
                Tagging {
                    upos: class.upos,
                    xpos: class.xpos.clone(),
                    lemma: self.lemmas.lemma(&t.norm, &t.lower, &class.xpos).into(),
                }
            })
            .collect()
    }

    /// Sizes of the parts, for reports: (classes, dictionary words,
    /// ambiguity-class words, weighted features, lemma exceptions, lemma
    /// rules).
    pub fn sizes(&self) -> [usize; 6] {
        let (lex, rules) = self.lemmas.sizes();
        [
            self.classes.len(),
            self.dict.len(),
            self.amb.len(),
            self.perceptron.features(),
            lex,
            rules,
        ]
    }
}

/// The tagging stage: fills [`Document::tags`], one [`Tagging`] per token,
/// sentence by sentence.
#[derive(Debug, Clone, Copy)]
pub struct Tagger(&'static TaggerModel);

impl Tagger {
    /// A stage using `model`.
    pub fn new(model: &'static TaggerModel) -> Self {
        Self(model)
    }
}

impl Default for Tagger {
    fn default() -> Self {
        Self(TaggerModel::bundled())
    }
}

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        "tag"
    }

    fn version(&self) -> &'static str {
        self.0.version.as_str()
    }

    fn process(&self, doc: &mut Document) {
        let n = doc.tokens.len();
        let mut tags: Vec<Option<Tagging>> = vec![None; n];
        // Sentences, then any tokens no sentence covers (should not happen,
        // but the layer must stay parallel to the tokens).
        let mut runs: Vec<std::ops::Range<usize>> = doc
            .sentences
            .iter()
            .map(|s| (s.tokens.start as usize).min(n)..(s.tokens.end as usize).min(n))
            .collect();
        let mut covered = vec![false; n];
        for r in &runs {
            covered[r.clone()].iter_mut().for_each(|c| *c = true);
        }
        let mut i = 0;
        while i < n {
            if covered[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < n && !covered[i] {
                i += 1;
            }
            runs.push(start..i);
        }
        let mut words: Vec<&str> = Vec::new();
        for r in runs {
            if r.is_empty() || tags[r.start].is_some() {
                continue;
            }
            words.clear();
            words.extend(
                doc.tokens[r.clone()]
                    .iter()
                    .map(|t| doc.text.get(t.span.range()).unwrap_or("")),
            );
            for (slot, t) in tags[r].iter_mut().zip(self.0.tag(&words)) {
                *slot = Some(t);
            }
        }
        doc.tags = tags
            .into_iter()
            .map(|t| {
                t.unwrap_or_else(|| Tagging {
                    upos: Upos::X,
                    xpos: "XX".into(),
                    lemma: "".into(),
                })
            })
            .collect();
    }
}
