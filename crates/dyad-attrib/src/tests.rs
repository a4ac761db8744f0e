use dyad_core::{Document, Meta, Pipeline, Quote, QuoteKind};
use dyad_nlp::segment::Segmenter;
use proptest::prelude::*;

use super::Quotes;

fn run(text: &str) -> (Document, Vec<Quote>) {
    let mut doc = Document::new(Meta::with_id("t"), text.to_owned()).unwrap();
    Pipeline::new()
        .with(Segmenter::new())
        .with(Quotes::new())
        .run(&mut doc);
    let q = doc.quotes.clone();
    (doc, q)
}

fn texts(doc: &Document, q: &[Quote]) -> Vec<(QuoteKind, String)> {
    q.iter()
        .map(|q| (q.kind, doc.slice(q.span).to_owned()))
        .collect()
}

#[test]
fn cue_after_and_before() {
    let (doc, q) =
        run("“It was productive,” he said. Rubio replied: “All parties must make concessions.”");
    let t = texts(&doc, &q);
    assert_eq!(t[0], (QuoteKind::Direct, "It was productive".to_owned()));
    assert_eq!(
        t[1],
        (
            QuoteKind::Direct,
            "All parties must make concessions.".to_owned()
        )
    );
    assert_eq!(q[0].cue.as_ref().map(|c| &*c.lemma), Some("say"));
    assert_eq!(q[0].speaker.as_ref().map(|s| s.name.as_str()), Some("he"));
    assert_eq!(q[1].cue.as_ref().map(|c| &*c.lemma), Some("reply"));
    assert_eq!(q[1].rule, "quote/before-cue");
}

#[test]
fn partial_quote_in_reported_speech() {
    let (doc, q) = run("Zelensky described the talks as an “unexpected development.”");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].kind, QuoteKind::Partial);
    assert_eq!(doc.slice(q[0].span), "unexpected development.");
    assert_eq!(q[0].cue.as_ref().map(|c| &*c.lemma), Some("describe"));
}

#[test]
fn quote_only_paragraph_continues_the_speaker() {
    let (_, q) = run(
        "“We listened to each other,” Lavrov said.\n“It was a good day.”\nThe weather was fine.",
    );
    assert_eq!(q.len(), 2);
    let first = q[0].speaker.as_ref().unwrap().name.clone();
    assert_eq!(q[1].speaker.as_ref().map(|s| s.name.clone()), Some(first));
    assert_eq!(q[1].rule, "quote/continuation");
    assert!(q[1].speaker.as_ref().unwrap().mention.is_none());
}

#[test]
fn multi_paragraph_quote_and_unbalanced_marks() {
    let text = "Tusk said: “We will not send troops.\n“Nobody asked us,” he added.\nThen he said “an unclosed mark.\nA plain paragraph follows.";
    let (doc, q) = run(text);
    let t = texts(&doc, &q);
    assert!(
        t.contains(&(QuoteKind::Direct, "We will not send troops.".to_owned())),
        "{t:?}"
    );
    let second = q
        .iter()
        .find(|q| doc.slice(q.span) == "Nobody asked us")
        .unwrap();
    assert_eq!(second.cue.as_ref().map(|c| &*c.lemma), Some("add"));
    // The unclosed mark ends with its paragraph.
    assert!(t.iter().any(|(_, s)| s == "an unclosed mark."));
    assert!(!t.iter().any(|(_, s)| s.contains("plain paragraph")));
}

#[test]
fn reported_speech_with_that() {
    let (doc, q) = run("Lavrov announced that the US and Russia would assign ambassadors.");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].kind, QuoteKind::Indirect);
    assert_eq!(
        doc.slice(q[0].span),
        "the US and Russia would assign ambassadors"
    );
    assert_eq!(q[0].cue.as_ref().map(|c| &*c.lemma), Some("announce"));
}

#[test]
fn no_quotes_and_only_marks() {
    assert!(run("The weather was fine in Riyadh.").1.is_empty());
    assert!(run("“ ” \" \" ‘ ’").1.is_empty());
    assert!(run("").1.is_empty());
}

#[test]
fn thousands_of_quotes() {
    let text = "“Yes,” he said. ".repeat(3000);
    let (_, q) = run(&text);
    assert_eq!(q.len(), 3000);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn never_panics_and_spans_are_in_text(text in "([A-Z][a-z]{0,6}|[a-z]{1,6}|said|told|that|according|to|he|[.,:;!?]|[“”\"‘’']|\\n| ){0,60}") {
        let (doc, q) = run(&text);
        for quote in &q {
            prop_assert!(quote.span.end as usize <= doc.text.len());
            prop_assert!(!doc.slice(quote.span).is_empty());
            prop_assert!((0.0..=1.0).contains(&quote.confidence));
        }
    }
}
