//! Tests of the whole module: learning from a tiny hand-written GUM-style
//! corpus, model round trip and determinism, metrics on hand-made cases,
//! odd input, and the example article (with hand-built name mentions, as
//! the NER stage would give them).

use dyad_core::{Document, EntityLabel, Mention, MentionKind, Meta, Span, Stage};

use super::eval::{CorefSetScores, score_doc};
use super::gold;
use super::stage::annotate;
use super::train::{Prepared, prepare, train_weights};
use super::{Coref, CorefModel};
use crate::conllu::read_sentences;
use crate::model::TrainOptions;
use crate::segment::Segmenter;

/// A tiny GUM-style corpus: two people, "he" and "she", a pleonastic "it".
fn tiny_corpus() -> String {
    let rows: &[(&str, &str, &str, &str, &str)] = &[
        // form, upos, head, deprel, entity
        ("Anna", "PROPN", "3", "nsubj", "(1-person-new-x-x-1-coref"),
        ("Smith", "PROPN", "1", "flat", "1)"),
        ("met", "VERB", "0", "root", ""),
        ("John", "PROPN", "3", "obj", "(2-person-new-x-x-1-coref"),
        ("Brown", "PROPN", "4", "flat", "2)"),
        (".", "PUNCT", "3", "punct", ""),
    ];
    let rows2: &[(&str, &str, &str, &str, &str)] = &[
        ("She", "PRON", "2", "nsubj", "(1-person-giv-x-x-1-ana)"),
        ("thanked", "VERB", "0", "root", ""),
        ("him", "PRON", "2", "obj", "(2-person-giv-x-x-1-ana)"),
        (".", "PUNCT", "2", "punct", ""),
    ];
    let rows3: &[(&str, &str, &str, &str, &str)] = &[
        ("It", "PRON", "2", "expl", ""),
        ("rained", "VERB", "0", "root", ""),
        (".", "PUNCT", "2", "punct", ""),
    ];
    let mut out = String::new();
    for d in 0..6 {
        out.push_str(&format!("# newdoc id = doc{d}\n"));
        for (si, rows) in [rows, rows2, rows3].iter().enumerate() {
            out.push_str(&format!("# sent_id = doc{d}-{si}\n"));
            for (i, (form, upos, head, rel, ent)) in rows.iter().enumerate() {
                let mut misc = Vec::new();
                if !ent.is_empty() {
                    misc.push(format!("Entity={ent}"));
                }
                if rows.get(i + 1).is_some_and(|r| r.0 == ".") {
                    misc.push("SpaceAfter=No".into());
                }
                let misc = if misc.is_empty() {
                    "_".into()
                } else {
                    misc.join("|")
                };
                out.push_str(&format!(
                    "{}\t{form}\t{form}\t{upos}\t_\t_\t{head}\t{rel}\t_\t{misc}\n",
                    i + 1
                ));
            }
            out.push('\n');
        }
    }
    out
}

fn tiny_docs() -> Vec<gold::GoldDoc> {
    let sents: Vec<_> = read_sentences(tiny_corpus().as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    gold::split_docs(sents)
        .iter()
        .map(|(id, s)| gold::build(id, s))
        .collect()
}

fn tiny_model(seed: u64) -> CorefModel {
    let docs = tiny_docs();
    let mut model = CorefModel::empty();
    model.version = "coref/test".into();
    let prepared: Vec<Prepared> = docs
        .iter()
        .flat_map(|g| [prepare(g, &model, true), prepare(g, &model, false)])
        .collect();
    let opts = TrainOptions {
        iterations: 5,
        seed,
    };
    model.weights = train_weights(&prepared, 3, &opts, &mut |_| {});
    model
}

fn entity_name_of_token(doc: &Document, tok: usize) -> Option<String> {
    let m = doc
        .mentions
        .iter()
        .position(|m| m.tokens.start as usize == tok && m.kind == MentionKind::Pronoun)?;
    doc.entities
        .iter()
        .find(|e| e.mentions.contains(&(m as u32)))
        .map(|e| e.name.clone())
}

#[test]
fn reads_gold_mentions() {
    let docs = tiny_docs();
    assert_eq!(docs.len(), 6);
    let d = &docs[0];
    assert_eq!(d.doc.mentions.len(), 2);
    assert_eq!(d.doc.slice(d.doc.mentions[0].span), "Anna Smith");
    assert_eq!(d.mentions.len(), 4);
    assert_eq!(d.doc.tokens.len(), 13);
}

#[test]
fn learns_tiny_corpus() {
    let model = tiny_model(1);
    for with_syntax in [true, false] {
        let mut doc = tiny_docs().remove(0).doc;
        if !with_syntax {
            doc.tags.clear();
            doc.deps.clear();
        }
        annotate(&model, &mut doc, "coref/test");
        assert_eq!(entity_name_of_token(&doc, 6).as_deref(), Some("Anna Smith"));
        assert_eq!(entity_name_of_token(&doc, 8).as_deref(), Some("John Brown"));
        assert_eq!(entity_name_of_token(&doc, 10), None, "pleonastic it");
    }
    let mut scores = CorefSetScores::default();
    let g = tiny_docs().remove(0);
    let mut doc = g.doc.clone();
    annotate(&model, &mut doc, "coref/test");
    score_doc(&g, &doc, &mut scores);
    assert_eq!((scores.pronouns.eligible, scores.pronouns.correct), (2, 2));
    assert_eq!((scores.resolved, scores.resolved_correct), (2, 2));
}

#[test]
fn round_trip_and_determinism() {
    let a = tiny_model(7);
    let bytes = a.to_bytes();
    assert_eq!(bytes, tiny_model(7).to_bytes(), "same seed, same bytes");
    let b = CorefModel::from_bytes(&bytes).unwrap();
    assert_eq!(b.to_bytes(), bytes);
    for g in tiny_docs() {
        let (mut x, mut y) = (g.doc.clone(), g.doc.clone());
        annotate(&a, &mut x, "coref/test");
        annotate(&b, &mut y, "coref/test");
        assert_eq!(x.mentions, y.mentions);
        assert_eq!(x.entities, y.entities);
    }
    assert!(CorefModel::from_bytes(b"junk").is_err());
    assert!(CorefModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
}

#[test]
fn metrics_on_hand_made_case() {
    // Gold: "Anna Smith" and "John Brown" each with one pronoun; predict
    // "him" to Anna: one right, one wrong.
    let g = tiny_docs().remove(0);
    let mut doc = g.doc.clone();
    annotate(&CorefModel::empty(), &mut doc, "coref/test");
    assert!(doc.mentions.iter().all(|m| m.kind == MentionKind::Name));
    let mut s = CorefSetScores::default();
    score_doc(&g, &doc, &mut s);
    assert_eq!((s.pronouns.eligible, s.pronouns.unresolved), (2, 2));
    // Add a wrong link by hand: "him" (token 8) into Anna's entity.
    let anna = doc
        .entities
        .iter()
        .position(|e| e.name == "Anna Smith")
        .unwrap();
    doc.mentions.push(Mention {
        span: doc.tokens[8].span,
        tokens: 8..9,
        kind: MentionKind::Pronoun,
        label: None,
        title: None,
        sentence: 1,
        source: "coref/test",
    });
    let idx = (doc.mentions.len() - 1) as u32;
    doc.entities[anna].mentions.push(idx);
    let mut s = CorefSetScores::default();
    score_doc(&g, &doc, &mut s);
    assert_eq!(
        (s.pronouns.correct, s.pronouns.wrong, s.pronouns.unresolved),
        (0, 1, 1)
    );
    assert_eq!((s.resolved, s.resolved_correct), (1, 0));
    assert_eq!(s.by_class["he/she"].eligible, 2);
}

/// Segment `text` and mark every occurrence of the given names.
fn doc_with_names(text: &str, names: &[(&str, EntityLabel)], titles: &[&str]) -> Document {
    let mut doc = Document::new(Meta::with_id("t"), text.to_owned()).unwrap();
    Segmenter::new().process(&mut doc);
    let toks: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let mut mentions = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let hit = names.iter().find_map(|(n, l)| {
            let w: Vec<&str> = n.split(' ').collect();
            (toks.get(i..i + w.len()) == Some(&w[..])).then_some((w.len(), *l))
        });
        let Some((len, label)) = hit else {
            i += 1;
            continue;
        };
        let title = titles.iter().find_map(|t| {
            let w: Vec<&str> = t.split(' ').collect();
            (i >= w.len() && toks[i - w.len()..i] == w[..]).then(|| {
                Span::new(
                    doc.tokens[i - w.len()].span.start,
                    doc.tokens[i - 1].span.end,
                )
            })
        });
        let sentence = doc.sentences.partition_point(|s| s.tokens.end <= i as u32) as u32;
        mentions.push(Mention {
            span: Span::new(doc.tokens[i].span.start, doc.tokens[i + len - 1].span.end),
            tokens: i as u32..(i + len) as u32,
            kind: MentionKind::Name,
            label: Some(label),
            title,
            sentence,
            source: "test",
        });
        i += len;
    }
    doc.entities = mentions
        .iter()
        .enumerate()
        .map(|(k, m)| dyad_core::Entity {
            label: m.label.unwrap_or(EntityLabel::Person),
            name: doc.slice(m.span).to_owned(),
            mentions: vec![k as u32],
            gender: None,
            number: None,
            actor: None,
        })
        .collect();
    doc.mentions = mentions;
    doc
}

/// The entity of the pronoun `pron` right before the word `cue`.
fn resolved_before(doc: &Document, pron: &str, cue: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for i in 0..doc.tokens.len().saturating_sub(1) {
        if doc.slice(doc.tokens[i].span) == pron && doc.slice(doc.tokens[i + 1].span) == cue {
            out.push(entity_name_of_token(doc, i));
        }
    }
    out
}

#[test]
fn example_article() {
    use EntityLabel::*;
    let text = include_str!("../../../../examples/riyadh-talks.txt");
    let names = [
        ("Sergei Lavrov", Person),
        ("Lavrov", Person),
        ("Marco Rubio", Person),
        ("Rubio", Person),
        ("Volodymyr Zelensky", Person),
        ("Zelensky", Person),
        ("Donald Trump", Person),
        ("Trump", Person),
        ("Steve Witkoff", Person),
        ("Mike Waltz", Person),
        ("Yury Ushakov", Person),
        ("Kirill Dmitriev", Person),
        ("Keir Starmer", Person),
        ("Olaf Scholz", Person),
        ("Donald Tusk", Person),
        ("Giorgia Meloni", Person),
        ("Saudi Arabia", Gpe),
        ("United States", Gpe),
        ("US", Gpe),
        ("Ukraine", Gpe),
        ("Russia", Gpe),
        ("Riyadh", Gpe),
        ("Paris", Gpe),
        ("Moscow", Gpe),
        ("Poland", Gpe),
        ("Italy", Gpe),
        ("Turkey", Gpe),
        ("UK", Gpe),
        ("NATO", Org),
        ("BBC", Org),
        ("European Union", Org),
        ("Mar-a-Lago", Loc),
        ("Middle East", Loc),
        ("Russian", Norp),
        ("American", Norp),
        ("European", Norp),
        ("Ukrainians", Norp),
        ("British", Norp),
    ];
    let titles = [
        "Russian Foreign Minister",
        "US Secretary of State",
        "US President",
        "President",
        "UK Prime Minister Sir",
        "German Chancellor",
        "Prime Minister",
        "US Middle East envoy",
        "US National Security Adviser",
        "Russian presidential aide",
    ];
    let mut doc = doc_with_names(text, &names, &titles);
    Coref::default().process(&mut doc);
    // `cargo test coref::tests::example_article -- --nocapture` shows all.
    for (i, m) in doc.mentions.iter().enumerate() {
        if m.kind != MentionKind::Name {
            let e = doc
                .entities
                .iter()
                .find(|e| e.mentions.contains(&(i as u32)));
            let ctx: String = doc.text[m.span.start as usize..].chars().take(20).collect();
            eprintln!("{:?} {ctx:?} -> {:?}", m.kind, e.map(|e| &e.name));
        }
    }
    let lavrov = || vec![Some("Sergei Lavrov".to_owned())];
    let trump = || vec![Some("Donald Trump".to_owned())];
    let rubio = || vec![Some("Marco Rubio".to_owned())];
    assert_eq!(resolved_before(&doc, "he", "remarked"), lavrov());
    assert_eq!(resolved_before(&doc, "he", "stated"), trump());
    assert_eq!(resolved_before(&doc, "he", "asserted"), trump());
    assert_eq!(resolved_before(&doc, "he", "responded"), trump());
    assert_eq!(resolved_before(&doc, "he", "said"), lavrov());
    assert_eq!(resolved_before(&doc, "he", "maintained"), rubio());
    assert_eq!(resolved_before(&doc, "he", "added"), rubio());
    assert_eq!(
        resolved_before(&doc, "she", "argued"),
        [Some("Giorgia Meloni".into())]
    );
    // "UK Prime Minister Sir Keir Starmer stated that ... and indicated he
    // would contemplate sending British troops": the subject of the
    // sentence, not the more salient Trump of the sentence before.
    assert_eq!(
        resolved_before(&doc, "he", "would"),
        [Some("Keir Starmer".into())]
    );
    assert_eq!(
        resolved_before(&doc, "He", "will"),
        [Some("Volodymyr Zelensky".into())]
    );
    // Names: "Lavrov" joins "Sergei Lavrov"; "the US" joins "the United States".
    let lav = doc
        .entities
        .iter()
        .find(|e| e.name == "Sergei Lavrov")
        .unwrap();
    assert!(lav.mentions.len() >= 4);
    assert_eq!(lav.gender, Some(dyad_core::Gender::Male));
    assert!(doc.entities.iter().all(|e| e.name != "US"));
    // Mentions stay in text order; every entity has a name mention.
    assert!(
        doc.mentions
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start)
    );
    for e in &doc.entities {
        assert!(
            e.mentions
                .iter()
                .any(|&m| doc.mentions[m as usize].kind == MentionKind::Name)
        );
        assert!(e.mentions.windows(2).all(|w| w[0] < w[1]));
    }
}

#[test]
fn odd_input_does_not_panic() {
    let stage = Coref::default();
    let long = format!("{} he said it.", "word ".repeat(400));
    for text in [
        "",
        "...!!!",
        "😀 he 😀 she",
        "he",
        &long,
        "It. It. They. Them. Its.",
    ] {
        let mut doc = doc_with_names(text, &[("word", EntityLabel::Person)], &[]);
        stage.process(&mut doc);
        let _ = doc.entities.len();
        // Running twice gives the same result.
        let first = doc.mentions.clone();
        stage.process(&mut doc);
        assert_eq!(first, doc.mentions);
    }
    // Broken mention token ranges are ignored, not a panic.
    let mut doc = doc_with_names("Anna Smith said hello. She left.", &[], &[]);
    doc.mentions.push(Mention {
        span: Span::new(0, 4),
        tokens: 50..60,
        kind: MentionKind::Name,
        label: Some(EntityLabel::Person),
        title: None,
        sentence: 0,
        source: "test",
    });
    stage.process(&mut doc);
}

/// Throughput on the example article repeated 50 times (release build:
/// `cargo test --release -p dyad-nlp coref::tests::speed -- --ignored
/// --nocapture`).
#[test]
#[ignore = "timing, run by hand in release"]
fn speed() {
    use EntityLabel::*;
    let text = include_str!("../../../../examples/riyadh-talks.txt").repeat(50);
    let names = [
        ("Sergei Lavrov", Person),
        ("Lavrov", Person),
        ("Marco Rubio", Person),
        ("Rubio", Person),
        ("Volodymyr Zelensky", Person),
        ("Zelensky", Person),
        ("Donald Trump", Person),
        ("Trump", Person),
        ("Giorgia Meloni", Person),
        ("Ukraine", Gpe),
        ("Russia", Gpe),
        ("US", Gpe),
        ("NATO", Org),
    ];
    let base = doc_with_names(&text, &names, &[]);
    let words = base.tokens.len();
    let stage = Coref::default();
    let runs = 20;
    let t = std::time::Instant::now();
    for _ in 0..runs {
        let mut doc = base.clone();
        stage.process(&mut doc);
        assert!(!doc.entities.is_empty());
    }
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "coref: {words} tokens x {runs} in {secs:.3}s = {:.0} tokens/s",
        (words * runs) as f64 / secs
    );
}

#[test]
fn pleonastic_it() {
    let doc = doc_with_names(
        "It is clear that the talks failed. It seems odd. It was raining. It is a big city. It said no.",
        &[],
        &[],
    );
    let ctx = super::context::Context::new(&doc);
    let flags: Vec<bool> = (0..doc.tokens.len() as u32)
        .filter(|&i| doc.slice(doc.tokens[i as usize].span) == "It")
        .map(|i| ctx.pleonastic(i))
        .collect();
    assert_eq!(flags, [true, true, true, false, false]);
}

#[test]
fn plural_names_and_group_they() {
    use EntityLabel::*;
    let doc = doc_with_names(
        "The Republicans met Anna Smith. Texas voted.",
        &[("Republicans", Org), ("Anna Smith", Person), ("Texas", Gpe)],
        &[],
    );
    let plural: Vec<bool> = (0..doc.mentions.len())
        .map(|m| super::stage::plural_name(&doc, m))
        .collect();
    assert_eq!(plural, [true, false, false]);
    // A first name from the gazetteer gives gender.
    assert_eq!(
        super::lexicon::builtin_first_name_gender("Melanie"),
        Some(dyad_core::Gender::Female)
    );
}
