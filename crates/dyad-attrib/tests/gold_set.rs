//! dyad's own quote gold set (`gold/quotes.jsonl`, sentences we composed
//! covering every quote form the attribution stage handles), scored with
//! the same code as PolNeAR through the full linguistic pipeline.

use std::io::BufReader;

use dyad_attrib::{Quotes, eval::score_polnear};
use dyad_core::Pipeline;
use dyad_nlp::{coref::Coref, ner::Ner, parse::Parser, segment::Segmenter, tag::Tagger};

#[test]
fn own_gold_set() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/gold/quotes.jsonl");
    let file = std::fs::File::open(path).expect("gold set is in the repository");
    let pipeline = Pipeline::new()
        .with(Segmenter::new())
        .with(Tagger::default())
        .with(Parser::default())
        .with(Ner::default())
        .with(Coref::default())
        .with(Quotes::new());
    let s = score_polnear(BufReader::new(file), &pipeline).expect("well-formed gold");
    assert_eq!(s.articles, 10);
    assert!(s.quoted.gold >= 20, "{:?}", s.quoted);
    // Every form must be found: quoted detection and speakers.
    assert!(s.quoted.f1 >= 90.0, "quoted F1 {:.1}", s.quoted.f1);
    assert!(
        s.quoted.speaker_accuracy >= 90.0,
        "speaker {:.1}",
        s.quoted.speaker_accuracy
    );
    // Reported speech too.
    assert!(s.all.recall >= 90.0, "all recall {:.1}", s.all.recall);
    assert!(s.all.cue_f1 >= 85.0, "cue F1 {:.1}", s.all.cue_f1);
}
