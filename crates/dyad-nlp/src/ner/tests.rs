//! End-to-end tests on a tiny hand-written corpus (no corpus files).

use dyad_core::{Document, EntityLabel, Gender, Meta, Stage};

use super::context::Context;
use super::corpus::{Format, NerSentence, parse};
use super::input::Inputs;
use super::tagger::{NerModel, Scratch};
use super::train::train_on;
use super::*;
use crate::model::TrainOptions;
use crate::segment::Segmenter;

const TINY: &str = "\
1\tPresident\tO
2\tJoe\tB-PER
3\tBiden\tI-PER
4\tvisited\tO
5\tKyiv\tB-LOC
6\t.\tO

1\tThe\tO
2\tUnited\tB-ORG
3\tNations\tI-ORG
4\tmet\tO
5\tin\tO
6\tGeneva\tB-LOC
7\t.\tO

1\tAnna\tB-PER
2\tSmith\tI-PER
3\tjoined\tO
4\tAcme\tB-ORG
5\tCorp\tI-ORG
6\tin\tO
7\tParis\tB-LOC
8\t.\tO

1\tRussian\tO
2\tForeign\tO
3\tMinister\tO
4\tSergei\tB-PER
5\tLavrov\tI-PER
6\tmet\tO
7\tofficials\tO
8\tin\tO
9\tRiyadh\tB-LOC
10\t.\tO

1\tMaria\tB-PER
2\tLopez\tI-PER
3\tleft\tO
4\tthe\tO
5\tWorld\tB-ORG
6\tBank\tI-ORG
7\t.\tO
";

fn corpus() -> Vec<NerSentence> {
    parse(TINY.as_bytes(), Format::Uner, std::path::Path::new("tiny")).unwrap()
}

fn tiny_model(seed: u64) -> NerModel {
    let opts = TrainOptions {
        iterations: 8,
        seed,
    };
    train_on(
        &corpus(),
        &Inputs::default(),
        super::lexicon::Lexicon::default(),
        &opts,
        &mut |_| {},
    )
    .unwrap()
}

#[test]
fn learns_the_tiny_corpus() {
    let m = tiny_model(1);
    let mut s = Scratch::default();
    for sent in corpus() {
        let names = m.names(&sent.words, Context::default(), &mut s);
        for g in &sent.spans {
            assert!(
                names.iter().any(|n| n.start == g.start && n.end == g.end),
                "missed {:?} in {:?}",
                g,
                sent.words
            );
        }
    }
}

#[test]
fn round_trip_is_exact() {
    let m = tiny_model(7);
    let bytes = m.to_bytes();
    assert_eq!(
        bytes,
        tiny_model(7).to_bytes(),
        "same data and seed, same bytes"
    );
    let r = NerModel::from_bytes(&bytes).unwrap();
    assert_eq!(r.to_bytes(), bytes);
    assert_eq!(r.version(), VERSION);
    let mut s = Scratch::default();
    for sent in corpus() {
        assert_eq!(
            m.names(&sent.words, Context::default(), &mut s),
            r.names(&sent.words, Context::default(), &mut s)
        );
    }
    assert!(NerModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    assert!(NerModel::from_bytes(b"nonsense").is_err());
}

#[test]
fn stage_fills_mentions_and_survives_odd_input() {
    let model: &'static NerModel = Box::leak(Box::new(tiny_model(3)));
    let stage = Ner::new(model);
    let long = "word ".repeat(450);
    for text in ["", "😀", "!!! ??? ...", "A", long.as_str(), "Paris. London"] {
        let mut doc = Document::new(Meta::with_id("x"), text.to_owned()).unwrap();
        Segmenter::new().process(&mut doc);
        stage.process(&mut doc);
        assert_eq!(doc.mentions.len(), doc.entities.len());
    }
    let text = "Russian Foreign Minister Sergei Lavrov met officials in Riyadh. Ukrainians waited.";
    let mut doc = Document::new(Meta::with_id("x"), text.to_owned()).unwrap();
    Segmenter::new().process(&mut doc);
    stage.process(&mut doc);
    let got: Vec<(&str, EntityLabel)> = doc
        .mentions
        .iter()
        .map(|m| (doc.slice(m.span), m.label.unwrap()))
        .collect();
    assert!(
        got.contains(&("Sergei Lavrov", EntityLabel::Person)),
        "{got:?}"
    );
    assert!(got.contains(&("Ukrainians", EntityLabel::Norp)), "{got:?}");
    let lavrov = doc
        .mentions
        .iter()
        .position(|m| doc.slice(m.span) == "Sergei Lavrov")
        .unwrap();
    assert_eq!(
        doc.slice(doc.mentions[lavrov].title.unwrap()),
        "Russian Foreign Minister"
    );
    assert_eq!(doc.entities[lavrov].gender, Some(Gender::Male));
    assert_eq!(doc.mentions[lavrov].source, "ner/perceptron-2");
    assert!(
        doc.mentions
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start)
    );
}

#[test]
fn bundled_model_reads_the_example_article() {
    let text = "Russian Foreign Minister Sergei Lavrov met US Secretary of State Marco Rubio in Riyadh. \
                UK Prime Minister Sir Keir Starmer and German Chancellor Olaf Scholz spoke to Ukrainians.";
    let mut doc = Document::new(Meta::with_id("x"), text.to_owned()).unwrap();
    Segmenter::new().process(&mut doc);
    let stage = Ner::default();
    stage.process(&mut doc);
    let found = |name: &str| {
        doc.mentions
            .iter()
            .find(|m| doc.slice(m.span) == name)
            .map(|m| (m.label.unwrap(), m.title.map(|t| doc.slice(t).to_owned())))
    };
    assert_eq!(
        found("Sergei Lavrov"),
        Some((
            EntityLabel::Person,
            Some("Russian Foreign Minister".to_owned())
        ))
    );
    assert_eq!(
        found("Keir Starmer"),
        Some((EntityLabel::Person, Some("UK Prime Minister".to_owned())))
    );
    assert_eq!(found("Riyadh"), Some((EntityLabel::Gpe, None)));
    assert_eq!(found("Ukrainians"), Some((EntityLabel::Norp, None)));
    // Plain lower-case words inside a name are still scored.
    let mut doc = Document::new(
        Meta::with_id("y"),
        "She works for the Society for the Protection of Unborn Children. \
         The Council on Foreign Relations published a report."
            .to_owned(),
    )
    .unwrap();
    Segmenter::new().process(&mut doc);
    stage.process(&mut doc);
    let names: Vec<&str> = doc.mentions.iter().map(|m| doc.slice(m.span)).collect();
    assert!(
        names.contains(&"Society for the Protection of Unborn Children"),
        "{names:?}"
    );
    assert!(names.contains(&"Council on Foreign Relations"), "{names:?}");
    assert_eq!(stage.version(), NerModel::bundled().version());
}
