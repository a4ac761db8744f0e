//! `dyad eval`: scores against gold corpora read from paths given on the
//! command line (the corpora are not part of the repository).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};

use anyhow::Context;
use dyad_nlp::{conllu, eval, segment::Segmenter};

use crate::cli::EvalCommand;
use crate::exit;

pub(crate) fn run(cmd: EvalCommand) -> anyhow::Result<u8> {
    match cmd {
        EvalCommand::Quotes { polnear, json } => {
            let file = File::open(&polnear)
                .with_context(|| format!("cannot open {}", polnear.display()))?;
            let pipeline = crate::commands::analyze::pipeline();
            let s = dyad_attrib::eval::score_polnear(BufReader::new(file), &pipeline)
                .with_context(|| format!("{}: not a PolNeAR file", polnear.display()))?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &s)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "PolNeAR {} ({} articles), 30% overlap",
                    polnear.display(),
                    s.articles
                )?;
                writeln!(
                    out,
                    "{:<34} {:>6} {:>6} {:>7} {:>6} {:>6} {:>6} {:>9}",
                    "set", "gold", "pred", "matched", "P", "R", "F1", "speaker%"
                )?;
                for (name, d) in [
                    ("quoted relations vs quotes", &s.quoted),
                    ("all relations vs all quotes", &s.all),
                ] {
                    writeln!(
                        out,
                        "{:<34} {:>6} {:>6} {:>7} {:>6.1} {:>6.1} {:>6.1} {:>9.1}",
                        name,
                        d.gold,
                        d.predicted,
                        d.matched,
                        d.precision,
                        d.recall,
                        d.f1,
                        d.speaker_accuracy
                    )?;
                }
            }
            Ok(exit::OK)
        }
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
                let file =
                    File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
                let sents = conllu::read_sentences(BufReader::new(file))
                    .collect::<Result<Vec<_>, _>>()
                    .with_context(|| format!("{}: not valid CoNLL-U", path.display()))?;
                let docs = conllu::documents(sents);
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
