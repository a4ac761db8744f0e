//! Training on GUM's coreference layer: gold name mentions of people,
//! organisations and places stand in for the NER stage, each pronoun's
//! gold cluster is the answer when that cluster is among the candidates,
//! and "no antecedent" otherwise (pleonastic "it", pronouns of unnamed
//! things). Every document is seen twice per pass, once with its gold
//! tags and tree and once without any syntax, so the model works whether
//! or not the tagger and parser ran. Only GUM documents whose licence
//! allows shipping ([`crate::conllu::shippable_gum_documents`]) are used.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use dyad_core::{Document, EntityLabel, Gender};

use super::context::Context;
use super::gold::{self, GoldDoc};
use super::lexicon::{self, PronClass};
use super::resolve::{self, Anchor, PronounTok};
use super::stage::{find_pronouns, name_gender, plural_name};
use super::{CorefModel, TrainError};
use crate::conllu;
use crate::model::{TrainOptions, Trainer, shuffle};

/// Version recorded in the model and on the mentions it adds.
pub(crate) const VERSION: &str = "coref/perceptron-1";
/// Training passes that follow the gold answers before the walk follows
/// the model's own (tuned on GUM dev: fewer cascades of errors along a
/// chain of pronouns, and much less variance across seeds).
const FOLLOW_GOLD_PASSES: usize = 2;
/// Sentences a candidate's last mention may lie back.
pub(crate) const WINDOW: u32 = 3;

/// Read GUM sentences of one split.
pub(crate) fn read_gum(
    corpus: &Path,
    split: &str,
) -> Result<Vec<conllu::ConlluSentence>, TrainError> {
    let path = corpus.join(format!("GUM/dep/gum_{split}.conllu"));
    let file = File::open(&path).map_err(|source| TrainError::Io {
        path: path.clone(),
        source,
    })?;
    conllu::read_sentences(BufReader::new(file))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|source| TrainError::Format { path, source })
}

/// One document prepared for training: anchors, pronouns, answers.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub doc: Document,
    pub anchors: Vec<Anchor>,
    pub pronouns: Vec<PronounTok>,
    /// Gold anchor cluster of each pronoun, if it has one.
    pub truth: Vec<Option<u32>>,
    pub n_clusters: usize,
}

/// Prepare `g` (its syntax removed when `syntax` is false).
pub(crate) fn prepare(g: &GoldDoc, model: &CorefModel, syntax: bool) -> Prepared {
    let mut doc = g.doc.clone();
    if !syntax {
        doc.tags.clear();
        doc.deps.clear();
    }
    let mut dense: HashMap<u32, u32> = HashMap::new();
    let mut anchors = Vec::new();
    for (i, m) in doc.mentions.iter().enumerate() {
        let next = dense.len() as u32;
        let c = *dense.entry(g.name_cluster[i]).or_insert(next);
        anchors.push(Anchor {
            start: m.tokens.start,
            end: m.tokens.end,
            cluster: c,
            label: m.label,
            gender: name_gender(model, &doc, i),
            plural: plural_name(&doc, i),
        });
    }
    let mut covered = vec![false; doc.tokens.len()];
    for m in &doc.mentions {
        for t in m.tokens.clone() {
            covered[t as usize] = true;
        }
    }
    let pronouns = find_pronouns(&doc, &covered);
    let mut gold_at: HashMap<u32, u32> = HashMap::new();
    for m in &g.mentions {
        if m.tokens.len() == 1 {
            gold_at.insert(m.tokens.start, m.cluster);
        }
    }
    let truth = pronouns
        .iter()
        .map(|p| gold_at.get(&p.tok).and_then(|c| dense.get(c)).copied())
        .collect();
    Prepared {
        doc,
        anchors,
        pronouns,
        truth,
        n_clusters: dense.len(),
    }
}

/// First-name genders from person clusters that "he" or "she" (never
/// both) refer to.
fn learn_first_names(docs: &[GoldDoc]) -> HashMap<String, Gender> {
    let mut votes: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for g in docs {
        let mut pron: HashMap<u32, (u32, u32)> = HashMap::new();
        for m in &g.mentions {
            if m.tokens.len() != 1 {
                continue;
            }
            let t = g.doc.tokens[m.tokens.start as usize];
            match lexicon::pronoun(&g.doc.slice(t.span).to_lowercase()) {
                Some((PronClass::He, _)) => pron.entry(m.cluster).or_default().0 += 1,
                Some((PronClass::She, _)) => pron.entry(m.cluster).or_default().1 += 1,
                _ => {}
            }
        }
        for (i, m) in g.doc.mentions.iter().enumerate() {
            if m.label != Some(EntityLabel::Person) {
                continue;
            }
            let text = g.doc.slice(m.span);
            let words: Vec<&str> = text.split_whitespace().collect();
            if words.len() < 2 {
                continue;
            }
            if let Some(&(he, she)) = pron.get(&g.name_cluster[i]) {
                let v = votes.entry(words[0].to_lowercase()).or_default();
                if he > 0 && she == 0 {
                    v.0 += 1;
                } else if she > 0 && he == 0 {
                    v.1 += 1;
                }
            }
        }
    }
    votes
        .into_iter()
        .filter_map(|(n, (m, f))| match (m, f) {
            (m, 0) if m > 0 => Some((n, Gender::Male)),
            (0, f) if f > 0 => Some((n, Gender::Female)),
            _ => None,
        })
        .collect()
}

/// Load and build the shippable GUM documents of `splits`.
fn training_docs(corpus: &Path, splits: &[&str]) -> Result<Vec<GoldDoc>, TrainError> {
    let lic = corpus.join("GUM/doc_licenses.tsv");
    let file = File::open(&lic).map_err(|source| TrainError::Io {
        path: lic.clone(),
        source,
    })?;
    let allowed: HashSet<String> = conllu::shippable_gum_documents(BufReader::new(file))
        .map_err(|source| TrainError::Io { path: lic, source })?;
    let mut sents = Vec::new();
    for split in splits {
        sents.extend(read_gum(corpus, split)?);
    }
    let sents = conllu::filter_documents(sents, &allowed);
    Ok(gold::split_docs(sents)
        .iter()
        .map(|(id, s)| gold::build(id, s))
        .collect())
}

/// Train on GUM train and dev (shippable documents) under `corpus`: the
/// shipped model. Features and rules are tuned with [`train_on`] over
/// `["train"]` scored on dev ([`super::evaluate_split`]), so dev then
/// serves as more training data.
pub fn train(
    corpus: &Path,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<CorefModel, TrainError> {
    train_on(corpus, &["train", "dev"], opts, progress)
}

/// Train on the shippable documents of the GUM `splits` under `corpus`.
pub fn train_on(
    corpus: &Path,
    splits: &[&str],
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<CorefModel, TrainError> {
    let docs = training_docs(corpus, splits)?;
    if docs.is_empty() {
        return Err(TrainError::Empty(corpus.to_path_buf()));
    }
    progress(&format!(
        "coref: {} shippable GUM training documents",
        docs.len()
    ));
    let first_names = learn_first_names(&docs);
    let mut model = CorefModel::empty();
    model.first_names = first_names;
    model.window = WINDOW;
    model.version = VERSION.into();
    let mut prepared: Vec<Prepared> = Vec::with_capacity(docs.len() * 2);
    for g in &docs {
        prepared.push(prepare(g, &model, true));
        prepared.push(prepare(g, &model, false));
    }
    model.weights = train_weights(&prepared, model.window, opts, progress);
    Ok(model)
}

/// The perceptron loop over prepared documents.
pub(crate) fn train_weights(
    prepared: &[Prepared],
    window: u32,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> crate::model::Perceptron {
    let mut trainer = Trainer::new(2);
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut seed = opts.seed.max(1);
    for it in 0..opts.iterations {
        shuffle(&mut order, &mut seed);
        // The later passes follow the model's own choices rather than the
        // gold ones, so it meets (and learns from) the entity states its
        // own mistakes leave behind, as it will at run time.
        let follow_own = it >= FOLLOW_GOLD_PASSES;
        let (mut right, mut total) = (0usize, 0usize);
        for &d in &order {
            let p = &prepared[d];
            let ctx = Context::new(&p.doc);
            resolve::walk(
                &ctx,
                &p.anchors,
                &p.pronouns,
                p.n_clusters,
                window,
                &mut |pi, dec| {
                    let truth = p.truth[pi]
                        .and_then(|c| dec.clusters.iter().position(|&x| x == c))
                        .unwrap_or(dec.none());
                    let score = |t: &Trainer, i: usize| {
                        let s = t.scores(dec.keys_of(i));
                        s[1] - s[0]
                    };
                    let mut guess = dec.none();
                    let mut best = score(&trainer, guess);
                    for i in 0..dec.clusters.len() {
                        let s = score(&trainer, i);
                        if s > best {
                            best = s;
                            guess = i;
                        }
                    }
                    total += 1;
                    if guess == truth {
                        right += 1;
                        trainer.update(&[], 0, 0);
                    } else {
                        trainer.update(dec.keys_of(truth), 1, 0);
                        trainer.update(dec.keys_of(guess), 0, 1);
                    }
                    if follow_own {
                        dec.clusters.get(guess).copied()
                    } else {
                        dec.clusters.get(truth).copied()
                    }
                },
            );
        }
        progress(&format!(
            "coref: iteration {}/{}, train decisions {:.1}% right",
            it + 1,
            opts.iterations,
            100.0 * right as f64 / total.max(1) as f64
        ));
    }
    trainer.finish(1e-3)
}
