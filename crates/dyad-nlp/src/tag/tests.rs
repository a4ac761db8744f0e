//! Tests of the whole tagger on a tiny hand-written treebank.

use dyad_core::{Document, Meta, Stage, Upos};

use super::*;
use crate::conllu::read_sentences;
use crate::model::TrainOptions;
use crate::segment::Segmenter;

const TINY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
4\tit\tit\tPRON\tPRP\t_\t5\tnsubj\t_\t_
5\trained\train\tVERB\tVBD\t_\t3\tccomp\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tLavrov\tLavrov\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\ttried\ttry\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\ttalks\ttalk\tNOUN\tNNS\t_\t2\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\twas\tbe\tAUX\tVBD\t_\t3\taux\t_\t_
3\tworking\twork\tVERB\tVBG\t_\t0\troot\t_\t_
4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
5\tRiyadh\tRiyadh\tPROPN\tNNP\t_\t3\tobl\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\t“\t\"\tPUNCT\t``\t_\t2\tpunct\t_\tSpaceAfter=No
2\tNo\tno\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No
3\t”\t\"\tPUNCT\t''\t_\t2\tpunct\t_\t_
4\the\the\tPRON\tPRP\t_\t5\tnsubj\t_\t_
5\tsaid\tsay\tVERB\tVBD\t_\t2\tparataxis\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

fn tiny_model() -> TaggerModel {
    let sents: Vec<_> = read_sentences(TINY.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let settings = TagSettings {
        dict_min_count: 3,
        amb_min_count: 1,
        min_class_count: 1,
        ..TagSettings::default()
    };
    let opts = TrainOptions {
        iterations: 5,
        seed: 7,
    };
    train_with(&sents, &opts, &settings, &mut |_| {}).unwrap()
}

#[test]
fn learns_the_tiny_treebank() {
    let m = tiny_model();
    let sents: Vec<_> = read_sentences(TINY.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let s = score_sentences(&m, &sents);
    assert_eq!(s.tokens, 23);
    assert!(s.upos >= 95.0, "{s:?}");
    assert!(s.xpos >= 95.0, "{s:?}");
    assert!(s.lemma >= 95.0, "{s:?}");
    let t = m.tag(&["The", "minister", "tried", "."]);
    assert_eq!(t[1].upos, Upos::Noun);
    assert_eq!(&*t[2].lemma, "try");
    // Curly and straight forms share weights; lemmas are straightened.
    let t = m.tag(&["She", "said", "’", "no", "’"]);
    assert_eq!(&*t[2].lemma, "'");
}

#[test]
fn round_trip_and_determinism() {
    let m = tiny_model();
    let bytes = m.to_bytes();
    assert_eq!(
        bytes,
        tiny_model().to_bytes(),
        "same data and seed, same bytes"
    );
    let back = TaggerModel::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    assert_eq!(back.version(), "perceptron-1");
    let words = ["Lavrov", "said", "the", "talks", "rained", "."];
    assert_eq!(m.tag(&words), back.tag(&words));
    assert!(TaggerModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    assert!(TaggerModel::from_bytes(b"nope").is_err());
}

#[test]
fn stage_never_panics_and_stays_parallel() {
    let model: &'static TaggerModel = Box::leak(Box::new(tiny_model()));
    let tagger = Tagger::new(model);
    assert_eq!(tagger.name(), "tag");
    assert_eq!(tagger.version(), "perceptron-1");
    let long = "word ".repeat(400) + ".";
    for text in [
        "",
        "Hi",
        "🙂🙂 🙂",
        "!!! ... ?? --",
        long.as_str(),
        "“No,” he said. Lavrov’s aides didn’t.",
    ] {
        let mut doc = Document::new(Meta::with_id("t"), text.to_owned()).unwrap();
        Segmenter::new().process(&mut doc);
        tagger.process(&mut doc);
        assert_eq!(doc.tags.len(), doc.tokens.len(), "{text:?}");
    }
    // Tokens outside any sentence still get tags.
    let mut doc = Document::new(Meta::with_id("t"), "She said it rained.".to_owned()).unwrap();
    Segmenter::new().process(&mut doc);
    doc.sentences.clear();
    tagger.process(&mut doc);
    assert_eq!(doc.tags.len(), doc.tokens.len());
    assert_eq!(doc.tags[0].upos, Upos::Pron);
}

#[test]
fn bundled_model_loads_and_tags() {
    let m = TaggerModel::bundled();
    let t = m.tag(&["Lavrov", "said", "the", "talks", "did", "n’t", "fail", "."]);
    assert_eq!(t[0].upos, Upos::Propn);
    assert_eq!(&*t[1].lemma, "say");
    assert_eq!(&*t[3].xpos, "NNS");
    assert_eq!(&*t[3].lemma, "talk");
    assert_eq!(&*t[5].lemma, "not");
    assert_eq!(Tagger::default().version(), m.version());
}

/// The tables in the parser's layout (bfloat16, folded keys) that score
/// the bundled tagger choose the classes the trained tables choose.
#[test]
fn fast_tables_choose_what_the_trained_tables_choose() {
    let model = TaggerModel::bundled();
    let text = include_str!("../../../../examples/riyadh-talks.txt");
    let words: Vec<&str> = text.split_whitespace().collect();
    let toks: Vec<Tok<'_>> = words.iter().map(|w| model.analyse(w)).collect();
    let mut f = Features::new();
    let mut scores = Vec::new();
    let mut right = Vec::new();
    if let Some(first) = &model.first {
        let mut best = |_: usize, k: &[FeatureKey]| first.best(k, &mut scores, |_| true) as u16;
        greedy(model, &toks, Pass::First, &mut f, &mut right, &mut best);
    }
    let pass = Pass::Second(model.first.is_some().then_some(right.as_slice()));
    let mut reference = Vec::new();
    let mut best =
        |_: usize, k: &[FeatureKey]| model.perceptron.best(k, &mut scores, |_| true) as u16;
    greedy(model, &toks, pass, &mut f, &mut reference, &mut best);
    let fast = model.classify(&toks);
    assert!(toks.iter().filter(|t| t.dict.is_none()).count() > 100);
    assert_eq!(fast, reference);
}
