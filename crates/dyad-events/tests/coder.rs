//! The event coder on sentences we wrote, through dyad's real tagger and
//! parser, with a small stand-in actor resolver (country names only), so
//! these tests check the coder and not the knowledge base.

use std::ops::Range;

use dyad_core::{Actor, Document, Event, Meta, Modality, Pipeline};
use dyad_events::{Events, ResolveActor};
use dyad_nlp::{parse::Parser, segment::Segmenter, tag::Tagger};

struct Countries;

impl ResolveActor for Countries {
    fn resolve(&self, doc: &Document, tokens: Range<u32>) -> Option<Actor> {
        for t in tokens {
            let w = doc.slice(doc.tokens[t as usize].span);
            let code = match w {
                "Russia" | "Moscow" => "RUS",
                "Ukraine" | "Kyiv" => "UKR",
                "US" | "Washington" => "USA",
                "Poland" => "POL",
                "France" | "Paris" => "FRA",
                "Turkey" | "Istanbul" => "TUR",
                "NATO" => "IGOWSTNAT",
                _ => continue,
            };
            return Some(Actor {
                code: code.into(),
                country: Some(code.into()),
                rule: "test".into(),
                ..Actor::default()
            });
        }
        None
    }
}

fn events(text: &str) -> Vec<Event> {
    let mut doc = Document::new(
        Meta {
            date: Some("2025-02-18".into()),
            ..Meta::with_id("t")
        },
        text.into(),
    )
    .expect("small");
    Pipeline::new()
        .with(Segmenter::new())
        .with(Tagger::default())
        .with(Parser::default())
        .with(Events::new(Some(Box::new(Countries))).expect("tables"))
        .run(&mut doc);
    doc.events
}

fn code(p: &Option<dyad_core::Participant>) -> &str {
    p.as_ref()
        .and_then(|p| p.actor.as_ref())
        .map_or("---", |a| a.code.as_str())
}

#[test]
fn dyadic_event_with_root_quad_and_goldstein() {
    let e = events("Russia criticized Ukraine.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!((code(&e[0].source), code(&e[0].target)), ("RUS", "UKR"));
    assert_eq!(
        (e[0].code.as_str(), e[0].root.as_str(), e[0].quad_class),
        ("111", "11", 3)
    );
    assert!(e[0].goldstein < 0.0);
    assert_eq!(e[0].modality, Modality::Asserted);
    assert_eq!(e[0].date.as_deref(), Some("2025-02-18"));
}

#[test]
fn negation_turns_acceptance_into_rejection() {
    let e = events("Russia will not accept troops from NATO.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].negated);
    assert_eq!(e[0].root, "12");
    assert_eq!(code(&e[0].source), "RUS");
    // A negated verb without a negated reading codes nothing.
    assert!(events("Russia did not criticize Ukraine.").is_empty());
}

#[test]
fn passive_swaps_source_and_target() {
    let e = events("Ukraine was criticized by Russia.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!((code(&e[0].source), code(&e[0].target)), ("RUS", "UKR"));
}

#[test]
fn coordinated_parties_meet_as_one_event() {
    let e = events("Russia and the US met in Istanbul on Monday.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].root, "04");
    let parties: Vec<&str> = e[0]
        .participants
        .iter()
        .filter_map(|p| p.actor.as_ref().map(|a| a.code.as_str()))
        .collect();
    assert_eq!(parties, ["RUS", "USA"]);
    let (span, country) = e[0].location.as_ref().expect("a place");
    assert_eq!(country.as_deref(), Some("TUR"));
    assert!(span.end > span.start);
    // 2025-02-18 was a Tuesday: Monday is the day before.
    assert_eq!(e[0].date.as_deref(), Some("2025-02-17"));
}

#[test]
fn intent_turns_cooperation_into_intent_codes() {
    let e = events("Russia will meet Ukraine.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].modality, Modality::Intent);
    assert_eq!(e[0].code, "036");
}

#[test]
fn particle_verbs_and_no_actors() {
    let e = events("Poland ruled out sending troops to Ukraine.");
    assert!(
        e.iter()
            .any(|e| e.code == "120" && code(&e.source) == "POL"),
        "{e:#?}"
    );
    // Nobody known: nothing coded.
    assert!(events("The cat criticized the dog.").is_empty());
    assert!(events("").is_empty());
}
