//! Training: greedy decoding with the model's own previous decisions as
//! history (so training sees the errors decoding will make), a perceptron
//! update at every token whose prediction is wrong, weights averaged.

use std::path::Path;

use super::TrainError;
use super::corpus::{self, Format, NerSentence};
use super::features::{Extractor, START};
use super::input::Inputs;
use super::labels::{self, CLASSES};
use super::lexicon::Lexicon;
use super::tagger::NerModel;
use crate::model::{Features, TrainOptions, Trainer, shuffle};

/// Version string written into models trained by this code.
pub const VERSION: &str = "perceptron-2";

/// Weights whose averaged magnitude is at most this are dropped: they
/// barely change decisions and make up most of the file.
const PRUNE: f32 = 0.05;

/// Which corpora feed the model (all on by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sources {
    /// UNER English EWT train (pre-release file).
    pub uner: bool,
    /// GUM train silver NER, shippable documents only.
    pub gum: bool,
    /// CrossNER politics, all three splits (MIT; dyad evaluates on
    /// UNER and GUM only, so CrossNER dev/test are free to train on and
    /// add 1,200 political-domain sentences).
    pub crossner: bool,
}

impl Default for Sources {
    fn default() -> Self {
        Self {
            uner: true,
            gum: true,
            crossner: true,
        }
    }
}

/// The proper-noun lexicon from UD English EWT train and GUM train
/// (shippable documents).
pub(crate) fn lexicon(
    corpus: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Lexicon, TrainError> {
    let mut sents = corpus::read_conllu(&corpus.join("UD_English-EWT/en_ewt-ud-train.conllu"))?;
    sents.extend(corpus::gum_shippable_conllu(corpus, "train")?);
    let lex = Lexicon::build(&sents);
    progress(&format!(
        "ner: proper-noun lexicon from {} tagged sentences",
        sents.len()
    ));
    Ok(lex)
}

/// Read the training sentences of `sources` from the corpus root.
pub(crate) fn training_data(
    corpus: &Path,
    sources: Sources,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<NerSentence>, TrainError> {
    let mut data = Vec::new();
    if sources.uner {
        let p = corpus.join("UNER_English-EWT/en_ewt-ud-train.PRERELEASE-0c7ce0d.iob2");
        let s = corpus::read(&p, Format::Uner)?;
        progress(&format!("ner: UNER EWT train, {} sentences", s.len()));
        data.extend(s);
    }
    if sources.gum {
        let s = corpus::gum_shippable(corpus, "train")?;
        progress(&format!(
            "ner: GUM train (shippable documents), {} sentences",
            s.len()
        ));
        data.extend(s);
    }
    if sources.crossner {
        for split in ["train", "dev", "test"] {
            let p = corpus.join(format!("CrossNER_politics/politics_{split}.txt"));
            let s = corpus::read(&p, Format::CrossNer)?;
            progress(&format!(
                "ner: CrossNER politics {split}, {} sentences",
                s.len()
            ));
            data.extend(s);
        }
    }
    Ok(data)
}

/// Train the NER model on every corpus dyad uses for it (UNER EWT train,
/// GUM train shippable documents, CrossNER politics train/dev/test) plus
/// the proper-noun lexicon (UD EWT train, GUM train shippable documents).
/// dyad's shipped model is `train(corpus, &TrainOptions::default(), ..)`
/// (10 iterations, seed 1); training sentences are tagged with the
/// bundled tagger, as the stage's input is at run time.
pub fn train(
    corpus: &Path,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<NerModel, TrainError> {
    train_with(corpus, Sources::default(), opts, progress)
}

/// [`train`] on a chosen subset of the corpora (for measuring what each
/// one brings).
pub fn train_with(
    corpus: &Path,
    sources: Sources,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<NerModel, TrainError> {
    let data = training_data(corpus, sources, progress)?;
    let lex = lexicon(corpus, progress)?;
    let inputs = Inputs::compute(&data, crate::tag::TaggerModel::bundled());
    progress(&format!(
        "ner: tagged {} training sentences with the bundled tagger",
        data.len()
    ));
    train_on(&data, &inputs, lex, opts, progress)
}

/// Train on sentences already read.
pub(crate) fn train_on(
    data: &[NerSentence],
    inputs: &Inputs,
    lexicon: Lexicon,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<NerModel, TrainError> {
    let mut trainer = Trainer::new(CLASSES);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut seed = opts.seed.max(1);
    let mut x = Extractor::default();
    let mut feats = Features::new();
    let mut pred = Vec::new();
    for it in 0..opts.iterations {
        shuffle(&mut order, &mut seed);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let s = &data[si];
            let n = s.words.len();
            if n == 0 {
                continue;
            }
            let gold = labels::encode(n, &s.spans);
            x.prepare(&s.words, inputs.context(si), &lexicon);
            pred.clear();
            for i in 0..n {
                let prev = if i >= 1 { pred[i - 1] } else { START };
                let prev2 = if i >= 2 { pred[i - 2] } else { START };
                x.keys_with_history(i, prev, prev2, &mut feats);
                let guess = trainer.predict(feats.keys(), None);
                trainer.update(feats.keys(), gold[i], guess);
                correct += usize::from(guess == gold[i]);
                total += 1;
                pred.push(guess);
            }
        }
        progress(&format!(
            "ner: iteration {}/{}, train accuracy {:.2}%",
            it + 1,
            opts.iterations,
            100.0 * correct as f64 / total.max(1) as f64
        ));
    }
    let model = NerModel::new(VERSION, lexicon, &trainer.finish(PRUNE))?;
    progress(&format!(
        "ner: {} weighted features after pruning",
        model.features()
    ));
    Ok(model)
}
