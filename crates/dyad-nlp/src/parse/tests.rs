use dyad_core::{Document, Meta, Sentence, Span, Stage, Tagging, Token, TokenKind, Upos};

use super::eval::score_samples;
use super::train::{Sample, train_samples};
use super::*;
use crate::model::TrainOptions;

const TINY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsat\tsit\tVERB\tVBD\t_\t0\troot\t_\t_
4\ton\ton\tADP\tIN\t_\t6\tcase\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_
6\tmat\tmat\tNOUN\tNN\t_\t3\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\tdog\tdog\tNOUN\tNN\t_\t4\tnsubj:pass\t_\t_
3\twas\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\tseen\tsee\tVERB\tVBN\t_\t0\troot\t_\t_
5\tyesterday\tyesterday\tNOUN\tNN\t_\t4\tobl:tmod\t_\t_
6\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tgave\tgive\tVERB\tVBD\t_\t0\troot\t_\t_
3\tit\tit\tPRON\tPRP\t_\t2\tobj\t_\t_
4\tup\tup\tADP\tRP\t_\t2\tcompound:prt\t_\t_
5\tand\tand\tCCONJ\tCC\t_\t6\tcc\t_\t_
6\tleft\tleave\tVERB\tVBD\t_\t2\tconj\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthat\tthat\tSCONJ\tIN\t_\t6\tmark\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\ttalks\ttalk\tNOUN\tNNS\t_\t6\tnsubj\t_\t_
6\tfailed\tfail\tVERB\tVBD\t_\t2\tccomp\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

fn samples() -> Vec<Sample> {
    crate::conllu::read_sentences(TINY.as_bytes())
        .map(|s| Sample::from_conllu(&s.unwrap()))
        .collect()
}

fn tiny_model(seed: u64) -> ParserModel {
    let opts = TrainOptions {
        iterations: 12,
        seed,
    };
    train_samples(&samples(), &opts, 0.0, &mut |_| {}).unwrap()
}

#[test]
fn learns_the_tiny_corpus() {
    let model = tiny_model(1);
    let acc = score_samples(&model, &samples());
    assert_eq!(acc.words, 27);
    assert!(acc.uas > 99.9, "uas {}", acc.uas);
    assert!(acc.las_full > 99.9, "las {}", acc.las_full);
    assert!(model.labels().any(|l| l == "nsubj:pass"));
}

#[test]
fn round_trip_and_determinism() {
    let model = tiny_model(7);
    let bytes = model.to_bytes();
    let back = ParserModel::from_bytes(&bytes).unwrap();
    assert_eq!(back.version(), VERSION);
    let s = samples();
    let (mut a, mut b) = (Scratch::default(), Scratch::default());
    for x in &s {
        let w = x.words();
        let pa = model.parse_words(&w, &mut a);
        let (ha, la) = (pa.head.clone(), pa.label.clone());
        let pb = back.parse_words(&w, &mut b);
        assert_eq!((ha, la), (pb.head.clone(), pb.label.clone()));
    }
    assert_eq!(bytes, tiny_model(7).to_bytes(), "same seed, same bytes");
    assert!(ParserModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    assert!(ParserModel::from_bytes(b"not a model").is_err());
}

/// A document whose sentences are the given whitespace-separated strings.
fn document(sentences: &[&str], tagged: bool) -> Document {
    let text = sentences.join(" ");
    let mut doc = Document::new(Meta::with_id("t"), text.clone()).unwrap();
    let mut at = 0usize;
    for s in sentences {
        let first = doc.tokens.len() as u32;
        for w in s.split(' ').filter(|w| !w.is_empty()) {
            let start = at + text[at..].find(w).unwrap();
            at = start + w.len();
            doc.tokens.push(Token {
                span: Span::from_usize(start, at),
                kind: TokenKind::Word,
            });
            if tagged {
                doc.tags.push(Tagging {
                    upos: Upos::Noun,
                    xpos: "NN".into(),
                    lemma: w.to_lowercase().into(),
                });
            }
        }
        let last = doc.tokens.len() as u32;
        if last > first {
            let span = Span::new(
                doc.tokens[first as usize].span.start,
                doc.tokens[last as usize - 1].span.end,
            );
            doc.sentences.push(Sentence {
                span,
                paragraph: 0,
                tokens: first..last,
            });
        }
    }
    doc
}

fn check_trees(doc: &Document) {
    assert_eq!(doc.deps.len(), doc.tokens.len());
    for s in &doc.sentences {
        let r = s.tokens.clone();
        let roots: Vec<u32> = r
            .clone()
            .filter(|&i| doc.deps[i as usize].head.is_none())
            .collect();
        assert_eq!(roots.len(), 1, "one root per sentence");
        assert_eq!(&*doc.deps[roots[0] as usize].deprel, "root");
        for i in r.clone() {
            // Every token reaches the root without leaving the sentence.
            let mut x = i;
            for _ in 0..=r.len() {
                match doc.deps[x as usize].head {
                    None => break,
                    Some(h) => {
                        assert!(r.contains(&h), "head inside the sentence");
                        x = h;
                    }
                }
            }
            assert!(doc.deps[x as usize].head.is_none(), "no cycle");
        }
    }
}

#[test]
fn odd_input_gives_trees() {
    let model: &'static ParserModel = Box::leak(Box::new(tiny_model(3)));
    let stage = Parser::new(model);
    let long = vec!["word"; 400].join(" ");
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["Hi"],
        vec!["😀 🎉 !", ". , ; ! ?"],
        vec![long.as_str(), "The cat sat ."],
    ];
    for sents in &cases {
        for tagged in [false, true] {
            let mut doc = document(sents, tagged);
            stage.process(&mut doc);
            check_trees(&doc);
        }
    }
    assert_eq!(stage.name(), "parse");
    assert_eq!(stage.version(), VERSION);
}

#[test]
fn fills_relations_with_document_indices() {
    let model: &'static ParserModel = Box::leak(Box::new(tiny_model(1)));
    let mut doc = document(&["Hi .", "The cat sat on the mat ."], false);
    // Give the second sentence the tags it was trained with.
    let tags = [
        ("PROPN", "NNP", "hi"),
        ("PUNCT", ".", "."),
        ("DET", "DT", "the"),
        ("NOUN", "NN", "cat"),
        ("VERB", "VBD", "sit"),
        ("ADP", "IN", "on"),
        ("DET", "DT", "the"),
        ("NOUN", "NN", "mat"),
        ("PUNCT", ".", "."),
    ];
    doc.tags = tags
        .iter()
        .map(|&(u, x, l)| Tagging {
            upos: u.parse().unwrap(),
            xpos: x.into(),
            lemma: l.into(),
        })
        .collect();
    Parser::new(model).process(&mut doc);
    check_trees(&doc);
    assert_eq!(doc.deps[3].head, Some(4), "cat <- sat, as a document index");
    assert_eq!(&*doc.deps[3].deprel, "nsubj");
    assert_eq!(doc.deps[4].head, None);
}

/// The keys the parser looks up per transition (the stack, buffer and
/// other groups plus each role's single-token templates) are exactly the
/// training keys, in every configuration of random legal transition
/// sequences (random labels too) over tagged and untagged sentences; and
/// a stack (buffer) tag met again in a sentence, at the same stack height,
/// comes with the same stack (buffer) keys, so the parser may keep their
/// sums.
#[test]
fn role_split_keys_equal_full_keys() {
    use super::features::{Atoms, Extractor, ROLES, Word, buffer_tag, roles, stack_tag};
    use super::system::{Move, State};
    use std::collections::HashMap;
    let sentences = [
        "The minister said on Tuesday that talks with Russia would resume in Riyadh next week .",
        "Zelensky , who was not invited , insisted that no decision could be taken behind Ukraine 's back .",
        "Troops ?",
        "x",
    ];
    let (mut atoms, mut ext, mut st) = (Atoms::default(), Extractor::default(), State::default());
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    let mut configs = 0;
    for (k, s) in sentences.iter().cycle().take(12).enumerate() {
        let words: Vec<Word<'_>> = s
            .split(' ')
            .map(|w| Word {
                form: w,
                upos: if k % 2 == 0 { "NOUN" } else { "" },
                xpos: if k % 2 == 0 { "NN" } else { "" },
                lemma: if k % 3 == 0 { "lemma" } else { "" },
            })
            .collect();
        atoms.fill(&words);
        st.reset(words.len() as u32);
        let mut stacks: HashMap<(usize, [u32; 2]), Vec<u64>> = HashMap::new();
        let mut buffers: HashMap<[u32; 2], Vec<u64>> = HashMap::new();
        while !st.done() {
            let mut full: Vec<u64> = ext.extract(&st, &atoms).to_vec();
            let groups = ext.split(&st, &atoms);
            let seen = stacks
                .entry((st.stack.len(), stack_tag(&st)))
                .or_insert_with(|| groups.stack.to_vec());
            assert_eq!(seen, groups.stack, "stack keys, configuration {configs}");
            let seen = buffers
                .entry(buffer_tag(&st))
                .or_insert_with(|| groups.buffer.to_vec());
            assert_eq!(seen, groups.buffer, "buffer keys, configuration {configs}");
            assert!(!groups.stack.is_empty() && !groups.buffer.is_empty());
            let mut split: Vec<u64> = [groups.stack, groups.buffer, groups.other].concat();
            let r = roles(&st);
            assert_eq!(r.len(), ROLES);
            for (role, tok) in r.into_iter().enumerate() {
                split.extend_from_slice(ext.role_keys(role, tok, &st, &atoms));
            }
            full.sort_unstable();
            split.sort_unstable();
            assert_eq!(full, split, "configuration {configs} of {s:?}");
            configs += 1;
            let (sh, le, ri) = st.allowed();
            let label = next(30) as u16;
            let moves: Vec<Move> = [
                sh.then_some(Move::Shift),
                le.then_some(Move::Left(label)),
                ri.then_some(Move::Right(label)),
            ]
            .into_iter()
            .flatten()
            .collect();
            st.apply(moves[next(moves.len() as u64) as usize]);
        }
    }
    assert!(configs > 100, "{configs} configurations checked");
}

/// The parser's cached role sums give the scores of looking every key up
/// afresh, in every configuration of real parses.
#[test]
fn cached_scores_equal_fresh_scores() {
    use super::system::Move;
    let model = ParserModel::bundled();
    let tagger = crate::tag::TaggerModel::bundled();
    let sentences = [
        "Russian Foreign Minister Sergei Lavrov said on Tuesday that Moscow would not accept NATO troops in Ukraine under any flag .",
        "Starmer stated that Britain was ready to put troops on the ground and indicated he would contemplate sending them .",
        "The talks , which lasted four and a half hours , were described by both sides as a first step .",
        "No .",
    ];
    let mut sc = Scratch::default();
    let mut fresh = Vec::new();
    let mut configs = 0;
    for s in sentences {
        let forms: Vec<&str> = s.split(' ').collect();
        let tags = tagger.tag(&forms);
        let words: Vec<Word<'_>> = forms
            .iter()
            .zip(&tags)
            .map(|(&form, t)| Word {
                form,
                upos: t.upos.as_str(),
                xpos: &t.xpos,
                lemma: &t.lemma,
            })
            .collect();
        let classes = model.begin(&words, &mut sc);
        let labels = model.labels.len();
        while !sc.state.done() {
            let (sh, le, ri) = sc.state.allowed();
            model.score(&mut sc, classes);
            let keys = sc.extractor.extract(&sc.state, &sc.atoms).to_vec();
            fresh.clear();
            fresh.resize(classes, 0.0);
            model.weights.score_into(&keys, &mut sc.rows, &mut fresh);
            for (c, (&a, &b)) in sc.scores.iter().zip(&fresh).enumerate() {
                assert!(
                    (a - b).abs() <= 1e-3 * (1.0 + b.abs()),
                    "configuration {configs} of {s:?}, class {c}: cached {a}, fresh {b}"
                );
            }
            configs += 1;
            let mut best = (Move::Shift, f32::NEG_INFINITY);
            if sh {
                best.1 = fresh[0];
            }
            for l in 0..labels {
                if le && fresh[1 + l] > best.1 {
                    best = (Move::Left(l as u16), fresh[1 + l]);
                }
                if ri && fresh[1 + labels + l] > best.1 {
                    best = (Move::Right(l as u16), fresh[1 + labels + l]);
                }
            }
            sc.state.apply(best.0);
        }
    }
    assert!(configs > 100, "{configs} configurations checked");
}
