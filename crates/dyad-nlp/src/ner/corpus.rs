//! Reading the NER corpora: UNER EWT (IOB2, PER/ORG/LOC plus OTH), GUM's
//! silver NER (IOB2 in column 4, PER/ORG/LOC/MISC, document ids taken
//! from the parallel CoNLL-U file), CrossNER politics (token, tag).

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::TrainError;
use super::labels::{self, Kind, KindSpan};
use crate::conllu;

/// One sentence with gold spans.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct NerSentence {
    pub words: Vec<String>,
    pub spans: Vec<KindSpan>,
    /// The sentence starts a new document (UNER `# newdoc`, GUM document
    /// ids; every CrossNER sentence stands alone).
    pub newdoc: bool,
}

/// Column layout of an IOB2 file.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Format {
    /// `ID FORM TAG ...` with `#` comments (UNER).
    Uner,
    /// `ID FORM UPOS TAG GUMTYPE WIKI` (GUM silver NER).
    Gum,
    /// `FORM TAG` (CrossNER).
    CrossNer,
}

/// UNER: PER/ORG/LOC; OTH and stray `B-O` become outside.
pub(crate) fn map_uner(t: &str) -> Option<Kind> {
    match t {
        "PER" => Some(Kind::Per),
        "ORG" => Some(Kind::Org),
        "LOC" => Some(Kind::Loc),
        _ => None,
    }
}

/// CrossNER politics: people and politicians, organisations and parties,
/// countries and locations; elections, events, misc are outside.
pub(crate) fn map_crossner(t: &str) -> Option<Kind> {
    match t {
        "person" | "politician" => Some(Kind::Per),
        "organisation" | "politicalparty" => Some(Kind::Org),
        "country" | "location" => Some(Kind::Loc),
        _ => None,
    }
}

fn open(path: &Path) -> Result<BufReader<File>, TrainError> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|source| TrainError::Io {
            path: path.to_owned(),
            source,
        })
}

/// Maps a corpus type name to a model type.
type KindMap = fn(&str) -> Option<Kind>;

/// Parse IOB2 text.
pub(crate) fn parse<R: BufRead>(
    reader: R,
    format: Format,
    path: &Path,
) -> Result<Vec<NerSentence>, TrainError> {
    let (form_col, tag_col, map): (usize, usize, KindMap) = match format {
        Format::Uner => (1, 2, map_uner),
        Format::Gum => (1, 3, map_uner),
        Format::CrossNer => (0, 1, map_crossner),
    };
    let mut out = Vec::new();
    let mut words = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut newdoc = matches!(format, Format::CrossNer);
    let flush = |words: &mut Vec<String>,
                 tags: &mut Vec<String>,
                 newdoc: &mut bool,
                 out: &mut Vec<NerSentence>| {
        if !words.is_empty() {
            let spans = labels::from_iob2(tags, map);
            out.push(NerSentence {
                words: std::mem::take(words),
                spans,
                newdoc: *newdoc,
            });
            tags.clear();
            *newdoc = matches!(format, Format::CrossNer);
        }
    };
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| TrainError::Io {
            path: path.to_owned(),
            source,
        })?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut words, &mut tags, &mut newdoc, &mut out);
            continue;
        }
        if line.starts_with('#') && !matches!(format, Format::CrossNer) {
            newdoc |= line.starts_with("# newdoc");
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() <= tag_col {
            return Err(TrainError::Format {
                path: path.to_owned(),
                line: n + 1,
                message: format!("expected at least {} tab-separated columns", tag_col + 1),
            });
        }
        words.push(cols[form_col].to_owned());
        tags.push(cols[tag_col].to_owned());
    }
    flush(&mut words, &mut tags, &mut newdoc, &mut out);
    Ok(out)
}

/// Read an IOB2 file.
pub(crate) fn read(path: &Path, format: Format) -> Result<Vec<NerSentence>, TrainError> {
    parse(open(path)?, format, path)
}

/// The document id of every sentence of a CoNLL-U file (GUM), in order.
pub(crate) fn sentence_docs(path: &Path) -> Result<Vec<(String, usize)>, TrainError> {
    let mut out = Vec::new();
    let mut doc = String::new();
    for s in conllu::read_sentences(open(path)?) {
        let s = s.map_err(|e| TrainError::Format {
            path: path.to_owned(),
            line: 0,
            message: e.to_string(),
        })?;
        if let Some(d) = &s.newdoc {
            doc.clone_from(d);
        }
        out.push((doc.clone(), s.words.len()));
    }
    Ok(out)
}

/// Paths of the corpus files, relative to the corpus root.
pub(crate) fn path(corpus: &Path, rel: &str) -> PathBuf {
    corpus.join(rel)
}

/// Read a CoNLL-U file.
pub(crate) fn read_conllu(path: &Path) -> Result<Vec<conllu::ConlluSentence>, TrainError> {
    conllu::read_sentences(open(path)?)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TrainError::Format {
            path: path.to_owned(),
            line: 0,
            message: e.to_string(),
        })
}

fn shippable(corpus: &Path) -> Result<HashSet<String>, TrainError> {
    let lic_path = path(corpus, "GUM/doc_licenses.tsv");
    conllu::shippable_gum_documents(open(&lic_path)?).map_err(|source| TrainError::Io {
        path: lic_path,
        source,
    })
}

/// GUM CoNLL-U sentences of shippable documents only.
pub(crate) fn gum_shippable_conllu(
    corpus: &Path,
    split: &str,
) -> Result<Vec<conllu::ConlluSentence>, TrainError> {
    let sents = read_conllu(&path(corpus, &format!("GUM/dep/gum_{split}.conllu")))?;
    Ok(conllu::filter_documents(sents, &shippable(corpus)?))
}

/// GUM train sentences of shippable documents only.
pub(crate) fn gum_shippable(corpus: &Path, split: &str) -> Result<Vec<NerSentence>, TrainError> {
    let allowed = shippable(corpus)?;
    gum(corpus, split, Some(&allowed))
}

/// GUM sentences of a split with document starts marked, of the
/// documents in `allowed` (all when `None`).
pub(crate) fn gum(
    corpus: &Path,
    split: &str,
    allowed: Option<&HashSet<String>>,
) -> Result<Vec<NerSentence>, TrainError> {
    let ner_path = path(corpus, &format!("GUM/ner_silver/gum_{split}.ner.iob2"));
    let dep_path = path(corpus, &format!("GUM/dep/gum_{split}.conllu"));
    let sents = read(&ner_path, Format::Gum)?;
    let docs = sentence_docs(&dep_path)?;
    if docs.len() != sents.len() {
        return Err(TrainError::Format {
            path: ner_path,
            line: 0,
            message: format!(
                "{} sentences but {} in {}",
                sents.len(),
                docs.len(),
                dep_path.display()
            ),
        });
    }
    let mut out: Vec<NerSentence> = Vec::new();
    let mut last_doc = String::new();
    for (mut s, (doc, nwords)) in sents.into_iter().zip(docs) {
        if s.words.len() != nwords {
            return Err(TrainError::Format {
                path: ner_path,
                line: 0,
                message: format!("sentence of document {doc} does not align with the CoNLL-U file"),
            });
        }
        if allowed.is_none_or(|a| a.contains(&doc)) {
            s.newdoc = out.is_empty() || doc != last_doc;
            last_doc = doc;
            out.push(s);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_formats() {
        let uner = "# newdoc id = d\n# sent_id = x\n1\tAmerican\tB-OTH\t-\ta\n2\tforces\tO\n3\tkilled\tB-O\t-\ta\n4\tShaikh\tB-PER\t-\ta\n5\tAbdullah\tI-PER\t-\ta\n\n";
        let s = parse(uner.as_bytes(), Format::Uner, Path::new("x")).unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].newdoc);
        assert_eq!(
            s[0].spans,
            vec![KindSpan {
                start: 3,
                end: 5,
                kind: Kind::Per
            }]
        );
        let gum = "1\tDurham\tPROPN\tB-ORG\tB-ORGANIZATION\t_\n2\tUniversity\tPROPN\tI-ORG\tI-ORGANIZATION\t_\n3\tart\tNOUN\tB-MISC\tB-ABSTRACT\t_\n";
        let s = parse(gum.as_bytes(), Format::Gum, Path::new("x")).unwrap();
        assert_eq!(
            s[0].spans,
            vec![KindSpan {
                start: 0,
                end: 2,
                kind: Kind::Org
            }]
        );
        let cross = "United\tB-politicalparty\nRussia\tI-politicalparty\nin\tO\nFrance\tB-country\n\nx\tB-election\n";
        let s = parse(cross.as_bytes(), Format::CrossNer, Path::new("x")).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].spans.len(), 2);
        assert_eq!(s[0].spans[1].kind, Kind::Loc);
        assert!(s[1].spans.is_empty());
        assert!(parse("1\n".as_bytes(), Format::Uner, Path::new("x")).is_err());
    }
}
