//! Reading CoNLL-U treebanks (UD English EWT, GUM) for training and
//! evaluation.
//!
//! [`read_sentences`] streams sentences with their words and comments;
//! [`documents`] rebuilds each document's raw text the way the treebank
//! saw it: sentences joined by a space, paragraphs (`# newpar`) by a blank
//! line, token offsets from `SpaceAfter=No`.

use std::io::BufRead;

/// One syntactic word of a CoNLL-U sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// Surface form.
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Universal POS tag.
    pub upos: String,
    /// Language-specific (PTB) tag.
    pub xpos: String,
    /// Morphological features.
    pub feats: String,
    /// Head word index (1-based; 0 = root).
    pub head: u32,
    /// Dependency relation.
    pub deprel: String,
    /// Miscellaneous column.
    pub misc: String,
}

/// A surface token: one word, or a multiword token (`don't`) spanning
/// several words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SurfaceToken {
    /// Its text.
    pub form: String,
    /// Indices into [`ConlluSentence::words`] it covers (half-open).
    pub words: (usize, usize),
    /// Whether a space follows it.
    pub space_after: bool,
}

/// A sentence with its comments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConlluSentence {
    /// `# sent_id`.
    pub id: String,
    /// `# text`, if given.
    pub text: Option<String>,
    /// Starts a new document (`# newdoc`).
    pub newdoc: Option<String>,
    /// Starts a new paragraph (`# newpar`).
    pub newpar: bool,
    /// Syntactic words (empty nodes `8.1` skipped).
    pub words: Vec<Word>,
    /// Surface tokens in order.
    pub tokens: Vec<SurfaceToken>,
}

/// Errors reading a treebank.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    /// The file could not be read.
    #[error("line {line}: {source}")]
    Io {
        /// Line number.
        line: usize,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A token line without ten columns.
    #[error("line {line}: expected 10 tab-separated columns, found {found}")]
    Columns {
        /// Line number.
        line: usize,
        /// Columns found.
        found: usize,
    },
}

/// Stream the sentences of a CoNLL-U file.
pub fn read_sentences<R: BufRead>(
    reader: R,
) -> impl Iterator<Item = Result<ConlluSentence, ConlluError>> {
    let mut lines = reader.lines().enumerate();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut sent = ConlluSentence::default();
        let mut pending_range: Option<(usize, usize, String, bool)> = None;
        let mut any = false;
        loop {
            let Some((n, line)) = lines.next() else {
                done = true;
                return any.then_some(Ok(sent));
            };
            let line = match line {
                Ok(l) => l,
                Err(source) => {
                    done = true;
                    return Some(Err(ConlluError::Io {
                        line: n + 1,
                        source,
                    }));
                }
            };
            let line = line.trim_end_matches('\r');
            if line.is_empty() {
                if any {
                    return Some(Ok(sent));
                }
                continue;
            }
            any = true;
            if let Some(c) = line.strip_prefix('#') {
                let c = c.trim_start();
                if let Some(v) = c.strip_prefix("sent_id") {
                    sent.id = v.trim_start_matches([' ', '=']).trim().to_owned();
                } else if let Some(v) = c.strip_prefix("text =") {
                    sent.text = Some(v.trim().to_owned());
                } else if let Some(v) = c.strip_prefix("newdoc") {
                    sent.newdoc =
                        Some(v.trim_start_matches([' ', '=', 'i', 'd']).trim().to_owned());
                } else if c.starts_with("newpar") && !c.starts_with("newpar_") {
                    sent.newpar = true;
                }
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 10 {
                done = true;
                return Some(Err(ConlluError::Columns {
                    line: n + 1,
                    found: cols.len(),
                }));
            }
            let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
            if let Some((a, b)) = cols[0].split_once('-') {
                let a: usize = a.parse().unwrap_or(0);
                let b: usize = b.parse().unwrap_or(0);
                pending_range = Some((a, b, cols[1].to_owned(), space_after));
                continue;
            }
            if cols[0].contains('.') {
                continue; // empty node
            }
            let idx: usize = cols[0].parse().unwrap_or(0);
            sent.words.push(Word {
                form: cols[1].to_owned(),
                lemma: cols[2].to_owned(),
                upos: cols[3].to_owned(),
                xpos: cols[4].to_owned(),
                feats: cols[5].to_owned(),
                head: cols[6].parse().unwrap_or(0),
                deprel: cols[7].to_owned(),
                misc: cols[9].to_owned(),
            });
            let w = sent.words.len();
            match &pending_range {
                Some((a, b, form, sa)) if idx == *a => {
                    sent.tokens.push(SurfaceToken {
                        form: form.clone(),
                        words: (w - 1, w - 1 + (b - a + 1)),
                        space_after: *sa,
                    });
                }
                Some((a, b, ..)) if idx > *a && idx <= *b => {
                    if idx == *b {
                        pending_range = None;
                    }
                }
                _ => sent.tokens.push(SurfaceToken {
                    form: cols[1].to_owned(),
                    words: (w - 1, w),
                    space_after,
                }),
            }
        }
    })
}

/// A document rebuilt from a treebank: raw text plus gold boundaries, as
/// byte spans into `text`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldDocument {
    /// `# newdoc id`, or a running number.
    pub id: String,
    /// The rebuilt raw text.
    pub text: String,
    /// Sentence spans.
    pub sentences: Vec<(usize, usize)>,
    /// Word spans, UD's tokenisation (multiword tokens split into their
    /// words where the words spell the surface form, as `do`+`n't`).
    pub tokens: Vec<(usize, usize)>,
    /// The sentences themselves, for training.
    pub conllu: Vec<ConlluSentence>,
}

/// Group sentences into documents and rebuild their text.
pub fn documents(sentences: Vec<ConlluSentence>) -> Vec<GoldDocument> {
    let mut docs: Vec<GoldDocument> = Vec::new();
    for sent in sentences {
        if sent.newdoc.is_some() || docs.is_empty() {
            docs.push(GoldDocument {
                id: sent
                    .newdoc
                    .clone()
                    .unwrap_or_else(|| format!("doc{}", docs.len() + 1)),
                ..GoldDocument::default()
            });
        }
        let Some(doc) = docs.last_mut() else { continue };
        if !doc.text.is_empty() {
            doc.text.push_str(if sent.newpar { "\n\n" } else { " " });
        }
        let s_start = doc.text.len();
        for (ti, tok) in sent.tokens.iter().enumerate() {
            let t_start = doc.text.len();
            let words = &sent.words[tok.words.0..tok.words.1.min(sent.words.len())];
            let spelled: String = words.iter().map(|w| w.form.as_str()).collect();
            if words.len() > 1 && spelled == tok.form {
                let mut at = t_start;
                for w in words {
                    doc.tokens.push((at, at + w.form.len()));
                    at += w.form.len();
                }
            } else {
                doc.tokens.push((t_start, t_start + tok.form.len()));
            }
            doc.text.push_str(&tok.form);
            if tok.space_after && ti + 1 < sent.tokens.len() {
                doc.text.push(' ');
            }
        }
        doc.sentences.push((s_start, doc.text.len()));
        doc.conllu.push(sent);
    }
    docs
}

/// Licences under which a GUM document's text may feed a model dyad ships
/// (derived work must be redistributable, also commercially). Documents
/// under non-commercial terms, or whose licence the table does not state,
/// are left out of shipped models (they may still be used to evaluate).
pub const SHIPPABLE_LICENCES: &[&str] = &["CC BY 2.5", "CC BY 4.0", "CC BY-SA 3.0", "CC BY-SA 4.0"];

/// The ids of GUM documents whose text licence allows shipping a model
/// trained on them, read from GUM's `doc_licenses.tsv` (columns `doc`,
/// `split`, `genre`, licence, ...).
pub fn shippable_gum_documents<R: BufRead>(
    doc_licenses: R,
) -> std::io::Result<std::collections::HashSet<String>> {
    let mut out = std::collections::HashSet::new();
    for line in doc_licenses.lines() {
        let line = line?;
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() >= 4 && SHIPPABLE_LICENCES.contains(&cols[3].trim()) {
            out.insert(cols[0].to_owned());
        }
    }
    Ok(out)
}

/// Keep only the sentences of documents in `allowed` (documents are
/// delimited by `# newdoc`, as in GUM).
pub fn filter_documents(
    sentences: Vec<ConlluSentence>,
    allowed: &std::collections::HashSet<String>,
) -> Vec<ConlluSentence> {
    let mut keep = false;
    sentences
        .into_iter()
        .filter(|s| {
            if let Some(id) = &s.newdoc {
                keep = allowed.contains(id);
            }
            keep
        })
        .collect()
}

/// Why a corpus file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not valid CoNLL-U.
    #[error("{path}: {source}")]
    Conllu {
        /// The file.
        path: std::path::PathBuf,
        /// The error.
        source: ConlluError,
    },
}

/// Read every sentence of a CoNLL-U file.
pub fn read_file(path: &std::path::Path) -> Result<Vec<ConlluSentence>, CorpusError> {
    let file = std::fs::File::open(path).map_err(|source| CorpusError::Io {
        path: path.to_owned(),
        source,
    })?;
    read_sentences(std::io::BufReader::new(file))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|source| CorpusError::Conllu {
            path: path.to_owned(),
            source,
        })
}

/// The training sentences of the shipped tagger and parser: UD EWT train
/// plus the GUM train documents whose licence allows shipping a model
/// (under `corpus`, the folder holding `UD_English-EWT/` and `GUM/`).
pub fn shippable_training_sentences(
    corpus: &std::path::Path,
) -> Result<Vec<ConlluSentence>, CorpusError> {
    let mut out = read_file(&corpus.join("UD_English-EWT/en_ewt-ud-train.conllu"))?;
    let lic = corpus.join("GUM/doc_licenses.tsv");
    let allowed = std::fs::File::open(&lic)
        .and_then(|f| shippable_gum_documents(std::io::BufReader::new(f)))
        .map_err(|source| CorpusError::Io { path: lic, source })?;
    let gum = read_file(&corpus.join("GUM/dep/gum_train.conllu"))?;
    out.extend(filter_documents(gum, &allowed));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# newpar\n# sent_id = s1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n# sent_id = s2\n# text = Yes.\n1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n";

    #[test]
    fn rebuilds_text_and_spans() {
        let sents: Vec<_> = read_sentences(SAMPLE.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(sents.len(), 2);
        assert_eq!(sents[0].words.len(), 5);
        let docs = documents(sents);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text, "I don't know. Yes.");
        let toks: Vec<&str> = d.tokens.iter().map(|&(a, b)| &d.text[a..b]).collect();
        assert_eq!(toks, ["I", "do", "n't", "know", ".", "Yes", "."]);
        assert_eq!(d.sentences, [(0, 13), (14, 18)]);
    }

    #[test]
    fn bad_columns_is_an_error() {
        let r: Vec<_> = read_sentences("1\tI\n".as_bytes()).collect();
        assert!(matches!(
            r[0],
            Err(ConlluError::Columns { line: 1, found: 2 })
        ));
    }
}
