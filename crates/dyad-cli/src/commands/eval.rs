//! `dyad eval`: scores against gold corpora read from paths given on the
//! command line (the corpora are not part of the repository).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};

use anyhow::Context;
use dyad_nlp::{conllu, eval, segment::Segmenter};

use crate::cli::{EvalArgs, EvalCommand, EvalFormat};
use crate::exit;

pub(crate) fn run(args: EvalArgs) -> anyhow::Result<u8> {
    match args.command {
        Some(cmd) => run_one(cmd),
        None => all(&args.corpus, args.format),
    }
}

/// Every model on the test splits: the figures the README reports.
fn all(corpus: &std::path::Path, format: EvalFormat) -> anyhow::Result<u8> {
    use serde_json::{Map, Value, json};
    let seg = |p: &str| -> anyhow::Result<f64> {
        let path = corpus.join(p);
        let docs = conllu::documents(conllu::read_file(&path)?);
        Ok(eval::score_segmentation(&docs, &Segmenter::new(), None)?
            .sentences
            .f1())
    };
    let sentence_f1 = json!({
        "gum": seg("GUM/dep/gum_test.conllu")?,
        "ewt": seg("UD_English-EWT/en_ewt-ud-test.conllu")?,
    });
    let tag = dyad_nlp::tag::evaluate(dyad_nlp::tag::TaggerModel::bundled(), corpus)?;
    let parse = dyad_nlp::parse::evaluate(dyad_nlp::parse::ParserModel::bundled(), corpus)?;
    let ner = dyad_nlp::ner::evaluate(dyad_nlp::ner::NerModel::bundled(), corpus)?;
    let coref = dyad_nlp::coref::evaluate(dyad_nlp::coref::CorefModel::bundled(), corpus)?;
    let mut out = Map::new();
    out.insert("sentence_f1".into(), sentence_f1);
    out.insert(
        "upos".into(),
        json!({"ewt": tag.ewt.upos, "gum": tag.gum.upos}),
    );
    out.insert(
        "xpos".into(),
        json!({"ewt": tag.ewt.xpos, "gum": tag.gum.xpos}),
    );
    out.insert(
        "lemma".into(),
        json!({"ewt": tag.ewt.lemma, "gum": tag.gum.lemma}),
    );
    out.insert(
        "uas".into(),
        json!({"ewt": parse.ewt.uas, "gum": parse.gum.uas}),
    );
    out.insert(
        "las".into(),
        json!({"ewt": parse.ewt.las, "gum": parse.gum.las}),
    );
    out.insert(
        "ner_f1".into(),
        json!({"uner": ner.uner.overall.f1, "gum": ner.gum.overall.f1}),
    );
    out.insert("coref".into(), json!({"gum": coref.gum.pronouns.accuracy}));
    out.insert(
        "details".into(),
        json!({"tag": tag, "parse": parse, "ner": ner, "coref": coref}),
    );
    let v = Value::Object(out);
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &v)?;
            writeln!(w)?;
        }
        EvalFormat::Text => {
            writeln!(
                w,
                "{:<14} {:>8} {:>8} {:>8}",
                "metric", "ewt", "gum", "uner"
            )?;
            for key in [
                "sentence_f1",
                "upos",
                "xpos",
                "lemma",
                "uas",
                "las",
                "ner_f1",
                "coref",
            ] {
                let cell = |set: &str| {
                    v[key][set]
                        .as_f64()
                        .map_or_else(|| "-".to_owned(), |x| format!("{x:.2}"))
                };
                writeln!(
                    w,
                    "{:<14} {:>8} {:>8} {:>8}",
                    key,
                    cell("ewt"),
                    cell("gum"),
                    cell("uner")
                )?;
            }
            writeln!(w, "\nner per type (uner / gum):")?;
            for (set, scores) in [("uner", &ner.uner), ("gum", &ner.gum)] {
                for (label, sc) in &scores.per_type {
                    writeln!(
                        w,
                        "  {set:<5} {label:<5} P {:>6.2} R {:>6.2} F1 {:>6.2}",
                        sc.precision, sc.recall, sc.f1
                    )?;
                }
            }
            writeln!(w, "coref pronouns by class (gum):")?;
            for (class, sc) in &coref.gum.by_class {
                writeln!(
                    w,
                    "  {class:<8} {:>6.2}% of {} ({} unresolved)",
                    sc.accuracy, sc.eligible, sc.unresolved
                )?;
            }
            writeln!(
                w,
                "coref partial names (gum): {:.2}% of {}",
                coref.gum.partial_name_accuracy, coref.gum.partial_names
            )?;
            writeln!(w, "parser tags: {}", parse.tags)?;
        }
    }
    Ok(exit::OK)
}

fn run_one(cmd: EvalCommand) -> anyhow::Result<u8> {
    match cmd {
        EvalCommand::Quotes { polnear, json } => run_quotes(&polnear, json),
        EvalCommand::Segment {
            files,
            export,
            json,
            errors,
        } => {
            let mut all = Vec::new();
            let mut rows = Vec::new();
            let segmenter = Segmenter::new();
            let mut errors_out = match &errors {
                Some(p) => Some(BufWriter::new(
                    File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
                )),
                None => None,
            };
            for path in &files {
                let docs = conllu::documents(conllu::read_file(path)?);
                let scores = eval::score_segmentation(
                    &docs,
                    &segmenter,
                    errors_out.as_mut().map(|w| w as &mut dyn Write),
                )?;
                rows.push((path.display().to_string(), scores));
                all.extend(docs);
            }
            if let Some(out) = export {
                let f = File::create(&out)
                    .with_context(|| format!("cannot create {}", out.display()))?;
                let mut w = BufWriter::new(f);
                eval::write_gold_jsonl(&all, &mut w)?;
                w.flush()?;
            }
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if json {
                let v: Vec<_> = rows
                    .iter()
                    .map(|(f, s)| serde_json::json!({"file": f, "scores": s, "sentence_f1": s.sentences.f1(), "token_f1": s.tokens.f1()}))
                    .collect();
                serde_json::to_writer_pretty(&mut out, &v)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "{:<48} {:>6} {:>8} {:>7} {:>7} {:>7} {:>8}",
                    "file", "docs", "sents", "sent P", "sent R", "sent F1", "tok F1"
                )?;
                for (f, s) in &rows {
                    writeln!(
                        out,
                        "{:<48} {:>6} {:>8} {:>7.2} {:>7.2} {:>7.2} {:>8.2}",
                        f,
                        s.documents,
                        s.sentences.gold,
                        s.sentences.precision(),
                        s.sentences.recall(),
                        s.sentences.f1(),
                        s.tokens.f1()
                    )?;
                }
            }
            Ok(exit::OK)
        }
    }
}

fn write_quote_scores(
    out: &mut impl Write,
    name: &str,
    s: &dyad_attrib::eval::PolnearScores,
) -> std::io::Result<()> {
    writeln!(out, "{name} ({} articles)", s.articles)?;
    for f in &s.failed {
        writeln!(out, "FAILED (scored as missed): {f}")?;
    }
    writeln!(
        out,
        "{:<30} {:>4} {:>5} {:>5} {:>7} {:>5} {:>5} {:>5} {:>8} {:>6}",
        "set", "ovl", "gold", "pred", "matched", "P", "R", "F1", "speaker%", "cueF1"
    )?;
    for (name, d) in [
        ("quoted relations vs quotes", &s.quoted),
        ("quoted relations vs quotes", &s.quoted_strict),
        ("all relations vs all quotes", &s.all),
        ("all relations vs all quotes", &s.all_strict),
    ] {
        writeln!(
            out,
            "{:<30} {:>3.0}% {:>5} {:>5} {:>7} {:>5.1} {:>5.1} {:>5.1} {:>8.1} {:>6.1}",
            name,
            d.threshold * 100.0,
            d.gold,
            d.predicted,
            d.matched,
            d.precision,
            d.recall,
            d.f1,
            d.speaker_accuracy,
            d.cue_f1
        )?;
    }
    for (name, d) in [("quoted", &s.quoted), ("all", &s.all)] {
        write!(out, "speaker accuracy by gold speaker type ({name}, 30%):")?;
        for (t, b) in &d.by_speaker_type {
            write!(
                out,
                " {} {:.1} ({}/{}, {} none)",
                t.as_str(),
                b.accuracy,
                b.correct,
                b.matched,
                b.missing
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

pub(crate) fn run_quotes(polnear: &std::path::Path, json: bool) -> anyhow::Result<u8> {
    let file = File::open(polnear).with_context(|| format!("cannot open {}", polnear.display()))?;
    let pipeline = crate::commands::analyze::pipeline()?;
    let s = dyad_attrib::eval::score_polnear(BufReader::new(file), &pipeline)
        .with_context(|| format!("{}: not a PolNeAR file", polnear.display()))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
    } else {
        write_quote_scores(&mut out, &polnear.display().to_string(), &s)?;
    }
    Ok(exit::OK)
}
