//! The trained model: an averaged perceptron over BILOU classes, decoded
//! greedily left to right under the valid-transition constraints.
//!
//! Greedy decoding with the previous two decisions as features is as
//! accurate as Viterbi for this feature set in our measurements and keeps
//! the stage fast (one scoring per token).

use std::sync::LazyLock;

use super::context::Context;
use super::features::{Extractor, START};
use super::labels::{self, CLASSES, KindSpan};
use super::lexicon::Lexicon;
use super::rules::{self, Name};
use crate::model::Weights;
use crate::model::{Features, FormatError, ModelReader, ModelWriter, Perceptron};

/// Model kind in the file header.
pub(crate) const KIND: &str = "ner";

/// The named-entity model: perceptron weights plus its version string.
/// Read-only after training; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct NerModel {
    version: String,
    source: String,
    lexicon: Lexicon,
    weights: Weights,
}

/// Reusable buffers for tagging sentences.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub(crate) x: Extractor,
    feats: Features,
    scores: Vec<f32>,
    classes: Vec<usize>,
}

impl NerModel {
    /// A model from trained weights.
    pub(crate) fn new(
        version: &str,
        lexicon: Lexicon,
        perceptron: &Perceptron,
    ) -> Result<Self, FormatError> {
        Ok(Self::with_weights(
            version,
            lexicon,
            Weights::from_perceptron(perceptron)?,
        ))
    }

    fn with_weights(version: &str, lexicon: Lexicon, weights: Weights) -> Self {
        Self {
            version: version.to_owned(),
            source: format!("ner/{version}"),
            lexicon,
            weights,
        }
    }

    /// Number of features with weights.
    pub(crate) fn features(&self) -> usize {
        self.weights.features()
    }

    /// The model's version string (`perceptron-2`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// `ner/<version>`, recorded as the source of each mention.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Serialise (deterministic: same model, same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ModelWriter::new(KIND, &self.version);
        w.strs(&labels::class_names());
        self.lexicon.write(&mut w);
        self.weights.write(&mut w);
        w.finish()
    }

    /// Read a model written by [`NerModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FormatError> {
        let mut r = ModelReader::open(bytes, KIND)?;
        let names = r.strs()?;
        if names != labels::class_names() {
            return Err(FormatError::Invalid(
                "NER class names differ from this build's",
            ));
        }
        let lexicon = Lexicon::read(&mut r)?;
        let weights = Weights::read(&mut r)?;
        if weights.classes() != CLASSES {
            return Err(FormatError::Invalid("NER class count differs"));
        }
        if !r.at_end() {
            return Err(FormatError::Invalid("trailing bytes after NER model"));
        }
        let version = r.version.clone();
        Ok(Self::with_weights(&version, lexicon, weights))
    }

    /// The model shipped in `models/ner.dyad`.
    pub fn bundled() -> &'static Self {
        static MODEL: LazyLock<NerModel> = LazyLock::new(|| {
            NerModel::from_bytes(include_bytes!("../../models/ner.dyad"))
                .unwrap_or_else(|e| panic!("the bundled NER model is unreadable: {e}"))
        });
        &MODEL
    }

    /// The model's spans (PER/ORG/LOC) over the sentence prepared in
    /// `s.x`.
    pub(crate) fn spans(&self, s: &mut Scratch) -> Vec<KindSpan> {
        let n = s.x.len();
        s.classes.clear();
        for i in 0..n {
            let prev = if i >= 1 { s.classes[i - 1] } else { START };
            let prev2 = if i >= 2 { s.classes[i - 2] } else { START };
            let p = (i >= 1).then(|| s.classes[i - 1]);
            // Outside a name, a plain lower-case word is `O` without
            // scoring (see `Extractor::plain`).
            let open = p
                .and_then(labels::parts)
                .is_some_and(|(_, pos)| matches!(pos, labels::Pos::B | labels::Pos::I));
            if !open && s.x.plain(i) {
                s.classes.push(labels::OUTSIDE);
                continue;
            }
            s.x.keys_with_history(i, prev, prev2, &mut s.feats);
            let last = i + 1 == n;
            let allow = |c: usize| labels::allowed(p, c, last);
            let c = self.weights.best(s.feats.keys(), &mut s.scores, allow);
            s.classes.push(c);
        }
        labels::decode(&s.classes)
    }

    /// Names (with labels, titles, genders from titles) in a sentence of
    /// tokens.
    pub(crate) fn names<S: AsRef<str>>(
        &self,
        toks: &[S],
        cx: Context<'_>,
        s: &mut Scratch,
    ) -> Vec<Name> {
        s.x.prepare_except_plain(toks, cx, &self.lexicon);
        let spans = self.spans(s);
        rules::apply(&s.x, &spans)
    }
}
