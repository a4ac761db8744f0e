//! The stances stage through dyad's real pipeline (tagger, parser, NER,
//! coreference, quotes, actors, events).

#![allow(clippy::unwrap_used)]

use std::sync::LazyLock;

use dyad_core::{Document, Meta, Pipeline, Polarity};
use proptest::prelude::*;

use crate::{Stances, positions};

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| {
    let actors = dyad_actors::Actors::embedded().unwrap();
    Pipeline::new()
        .with(dyad_nlp::segment::Segmenter::new())
        .with(dyad_nlp::tag::Tagger::default())
        .with(dyad_nlp::parse::Parser::default())
        .with(dyad_nlp::ner::Ner::default())
        .with(dyad_nlp::coref::Coref::default())
        .with(dyad_attrib::Quotes::new())
        .with(actors.clone())
        .with(dyad_events::Events::new(Some(Box::new(actors))).unwrap())
        .with(Stances::embedded().unwrap())
});

fn analyse(text: &str) -> Document {
    let mut doc = Document::new(
        Meta {
            id: "t".into(),
            date: Some("2025-02-18".into()),
            ..Meta::default()
        },
        text.to_owned(),
    )
    .unwrap();
    PIPELINE.run(&mut doc);
    doc
}

/// (actor key, issue, polarity) cells.
fn cells(doc: &Document) -> Vec<(String, String, Polarity)> {
    positions([doc])
        .into_iter()
        .map(|p| (p.actor, p.issue, p.polarity))
        .collect()
}

fn cell(doc: &Document, actor_prefix: &str, issue: &str) -> Option<Polarity> {
    positions([doc])
        .into_iter()
        .find(|p| p.actor.starts_with(actor_prefix) && p.issue == issue)
        .map(|p| p.polarity)
}

#[test]
fn example_article_troops_row() {
    let text = include_str!("../../../examples/riyadh-talks.txt");
    let doc = analyse(text);
    let troops = "troops-in-ukraine";
    assert_eq!(
        cell(&doc, "GBR", troops),
        Some(Polarity::Support),
        "{:#?}",
        cells(&doc)
    );
    assert_eq!(
        cell(&doc, "USA", troops),
        Some(Polarity::Support),
        "{:#?}",
        cells(&doc)
    );
    assert_eq!(
        cell(&doc, "DEU", troops),
        Some(Polarity::Neutral),
        "{:#?}",
        cells(&doc)
    );
    assert_eq!(
        cell(&doc, "POL", troops),
        Some(Polarity::Oppose),
        "{:#?}",
        cells(&doc)
    );
    assert_eq!(
        cell(&doc, "ITA", troops),
        Some(Polarity::Oppose),
        "{:#?}",
        cells(&doc)
    );
    assert_eq!(
        cell(&doc, "RUS", troops),
        Some(Polarity::Oppose),
        "{:#?}",
        cells(&doc)
    );
    // Every stance points at its evidence: a polarity word and the issue.
    for s in &doc.stances {
        assert!(
            s.evidence
                .iter()
                .any(|e| e.kind == dyad_core::EvidenceKind::Polarity)
        );
        assert!(
            s.evidence
                .iter()
                .any(|e| e.kind == dyad_core::EvidenceKind::Issue)
        );
        assert!(!doc.slice(s.span).is_empty());
    }
    // Ukraine is left out of the Riyadh talks, which Russia and the US attend.
    let riyadh = doc
        .negotiations
        .iter()
        .find(|n| {
            n.present
                .iter()
                .any(|p| p.actor.as_ref().is_some_and(|a| a.code.starts_with("RUS")))
        })
        .expect("a meeting with Russia");
    assert!(
        riyadh
            .excluded
            .iter()
            .any(|p| p.actor.as_ref().is_some_and(|a| a.code.starts_with("UKR"))),
        "{riyadh:#?}"
    );
    assert!(
        riyadh
            .present
            .iter()
            .any(|p| p.actor.as_ref().is_some_and(|a| a.code.starts_with("USA")))
    );
}

#[test]
fn negation_flips_and_hedges_weaken() {
    let doc = analyse(
        "Poland's Prime Minister Donald Tusk said Poland will not accept foreign troops in Ukraine.",
    );
    assert_eq!(
        cell(&doc, "POL", "troops-in-ukraine"),
        Some(Polarity::Oppose),
        "{:#?}",
        doc.stances
    );
    let s = &doc.stances[0];
    assert!(
        s.evidence
            .iter()
            .any(|e| e.kind == dyad_core::EvidenceKind::Negation)
    );

    let strong = analyse(
        "Keir Starmer said Britain will send troops to Ukraine and fully supports the plan.",
    );
    let weak = analyse("Keir Starmer said he would contemplate sending British troops to Ukraine.");
    let st = |d: &Document| {
        d.stances
            .iter()
            .find(|s| s.polarity == Polarity::Support)
            .map(|s| s.strength)
    };
    assert!(
        st(&weak).unwrap() < st(&strong).unwrap_or(1.0),
        "{:#?}",
        weak.stances
    );
}

#[test]
fn no_issue_or_no_polarity_means_no_stance() {
    let doc = analyse(
        "Rubio said the talks in Riyadh lasted four hours. \"It was a long day,\" he said.",
    );
    assert!(doc.stances.is_empty(), "{:#?}", doc.stances);
    let doc =
        analyse("\"This is absolutely intolerable,\" Lavrov said about the weather in Moscow.");
    assert!(doc.stances.is_empty(), "{:#?}", doc.stances);
}

#[test]
fn user_issue_file_replaces_or_extends_the_list() {
    let dir = std::env::temp_dir().join(format!("dyad-issues-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("issues.tsv");
    std::fs::write(
        &path,
        "id\tlabel\tcore\tcontext\texclude\nport-deal\tThe port deal\tport deal|port agreement\t\t\n",
    )
    .unwrap();
    let lex = crate::Lexicon::with_issue_file(&path, false).unwrap();
    assert_eq!(lex.issues.len(), 1);
    let extended = crate::Lexicon::with_issue_file(&path, true).unwrap();
    assert!(extended.issues.len() > 1);
    let stage = Stances::with_lexicon(lex);
    let mut doc = analyse("The minister said she strongly opposes the port deal with China.");
    dyad_core::Stage::process(&stage, &mut doc);
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(doc.issues[0].source, "user");
    assert!(
        doc.stances.iter().all(|s| s.polarity == Polarity::Oppose),
        "{:#?}",
        doc.stances
    );
    assert!(crate::Lexicon::with_issue_file(&dir.join("missing.tsv"), false).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn empty_and_odd_documents() {
    for text in ["", " ", "\"\"", "“", "Ukraine. Troops. Not. No. Never."] {
        let doc = analyse(text);
        assert!(
            doc.stances
                .iter()
                .all(|s| s.strength > 0.0 && s.strength <= 1.0)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn never_panics_and_spans_stay_in_the_text(words in proptest::collection::vec(
        prop::sample::select(vec![
            "Russia", "rejects", "troops", "in", "Ukraine", "\"", "not", "would", "said", ".",
            "Lavrov", "support", "sanctions", "on", "Moscow", "ruled", "out", "premature", ",",
        ]),
        0..40,
    )) {
        let doc = analyse(&words.join(" "));
        for s in &doc.stances {
            prop_assert!((s.span.end as usize) <= doc.text.len());
            prop_assert!((s.issue as usize) < doc.issues.len());
            for e in &s.evidence {
                prop_assert!((e.span.end as usize) <= doc.text.len());
            }
        }
    }
}

#[test]
#[ignore = "prints the example's matrix; run with --ignored --nocapture"]
fn print_example() {
    let doc = analyse(include_str!("../../../examples/riyadh-talks.txt"));
    for p in positions([&doc]) {
        println!(
            "{:<14} {:<28} {:<8} {:.2} {:?}",
            p.actor,
            p.issue,
            p.polarity.as_str(),
            p.strength,
            p.evidence
                .iter()
                .map(|e| e.cues.clone())
                .collect::<Vec<_>>()
        );
    }
    for n in &doc.negotiations {
        println!(
            "meeting at {:?}: present {:?} excluded {:?} red lines {:?} preconditions {:?} agreements {:?}",
            n.place.map(|p| doc.slice(p)),
            n.present
                .iter()
                .map(|p| p.actor.as_ref().map(|a| a.code.clone()))
                .collect::<Vec<_>>(),
            n.excluded
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>(),
            n.red_lines
                .iter()
                .map(|&i| doc.slice(doc.stances[i as usize].span))
                .collect::<Vec<_>>(),
            n.preconditions
                .iter()
                .map(|c| (c.holder.clone(), doc.slice(c.cue)))
                .collect::<Vec<_>>(),
            n.agreements
                .iter()
                .map(|&i| doc.events[i as usize].code.clone())
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_polarity_word_inside_a_condition_is_no_position() {
    let on = |doc: &Document, issue: &str| -> Vec<Polarity> {
        cells(doc)
            .into_iter()
            .filter(|c| c.1 == issue)
            .map(|c| c.2)
            .collect()
    };
    // "agreed" sits in a clause introduced by "once": the condition of
    // France's offer, not a position on the ceasefire.
    let doc = analyse(
        "Macron said France was ready to send troops to Ukraine once a ceasefire is agreed.",
    );
    assert_eq!(
        on(&doc, "troops-in-ukraine"),
        [Polarity::Support],
        "{:?}",
        cells(&doc)
    );
    assert_eq!(on(&doc, "ceasefire-ukraine"), [], "{:?}", cells(&doc));
    // The same word outside a condition is a position.
    let doc = analyse("Macron said France agreed to a ceasefire in Ukraine.");
    assert_eq!(
        on(&doc, "ceasefire-ukraine"),
        [Polarity::Support],
        "{:?}",
        cells(&doc)
    );
}
