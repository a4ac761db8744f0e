//! The full dyad analysis pipeline, assembled from the stage crates.
//!
//! [`build`] gives what `dyad analyze` runs: segment, tag, parse, ner,
//! coref, quotes, actors, events and stances, with the same options as the
//! command line (extra verb patterns, a folder of actor files, PETRARCH
//! dictionaries and the coder choice, an issue list that replaces or
//! extends dyad's). [`build_until`] stops after an earlier stage, as
//! `--until` does.
//!
//! [`Article`] and [`document`] build a [`Document`] from fields given in
//! memory with the rules of the JSON Lines reader (`dyad-read`): fields
//! trimmed, empty fields absent, `\r\n` turned into `\n`, the date checked
//! (`YYYY-MM-DD`, optionally followed by a time). The Python binding
//! (`dyad-py`) is built on this crate; [`tables`] holds the flat rows
//! (events, quotes, entities, stances) it turns into Arrow tables.
//!
//! Models and tables are loaded once per process (`LazyLock`/`OnceLock`
//! statics in the stage crates), so building a second pipeline is cheap and
//! one pipeline serves every thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dyad_core::{Document, DocumentError, InputFormat, Meta, Origin, Pipeline};
use rayon::prelude::*;

pub mod stream;
pub mod tables;

/// Which event coder runs (`--coder`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Coder {
    /// dyad's verb patterns (the default).
    #[default]
    Dyad,
    /// PETRARCH's coder over dyad's parse (needs dictionaries).
    Petrarch,
    /// Both, events merged (needs dictionaries).
    Both,
}

impl Coder {
    /// The command-line name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dyad => "dyad",
            Self::Petrarch => "petrarch",
            Self::Both => "both",
        }
    }
}

impl std::str::FromStr for Coder {
    type Err = PipelineError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "dyad" => Ok(Self::Dyad),
            "petrarch" => Ok(Self::Petrarch),
            "both" => Ok(Self::Both),
            other => Err(PipelineError::UnknownCoder(other.to_owned())),
        }
    }
}

/// The last stage to run (`--until`), in pipeline order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Until {
    /// Paragraphs, sentences, tokens.
    Segment,
    /// Part-of-speech tags and lemmas.
    Tag,
    /// Dependency trees.
    Parse,
    /// Named entities.
    Ner,
    /// Pronouns and surnames resolved to entities.
    Coref,
    /// Quotes and reported speech.
    Quotes,
    /// Entities resolved to actors.
    Actors,
    /// Events, then issues, stances and negotiations (everything).
    #[default]
    Events,
}

/// Options of the event and stance stages (the command line's
/// `--verbs`, `--actors`, `--petrarch`, `--coder`, `--issues`,
/// `--issues-extend`). The default is dyad's embedded data alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// A file of more verb patterns.
    pub verbs: Option<PathBuf>,
    /// A folder of the user's actor files, on top of dyad's.
    pub actors: Option<PathBuf>,
    /// A folder of PETRARCH dictionaries.
    pub petrarch: Option<PathBuf>,
    /// Which coder; `None`: dyad's alone without `petrarch`, both with it.
    pub coder: Option<Coder>,
    /// The user's issue list.
    pub issues: Option<PathBuf>,
    /// Whether `issues` extends dyad's list (else it replaces it).
    pub issues_extend: bool,
}

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The embedded actor knowledge base did not load (a build defect).
    #[error("actor knowledge base: {0}")]
    EmbeddedActors(#[source] &'static dyad_actors::KbError),
    /// The user's actor files did not load.
    #[error("actor files in {}: {source}", path.display())]
    Actors {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: dyad_actors::KbError,
    },
    /// The embedded event tables did not load (a build defect).
    #[error("loading the event tables: {0}")]
    EventTables(#[source] dyad_events::TableError),
    /// The user's verb patterns did not load.
    #[error("verb patterns in {}: {source}", path.display())]
    Verbs {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: dyad_events::TableError,
    },
    /// `--coder petrarch/both` without dictionaries.
    #[error("--coder petrarch/both needs --petrarch DIR")]
    PetrarchNeeded,
    /// The PETRARCH dictionaries did not load.
    #[error("PETRARCH dictionaries in {}: {source}", path.display())]
    Petrarch {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: dyad_events::petrarch::PetrarchError,
    },
    /// The embedded issue list did not load (a build defect).
    #[error("issue list: {0}")]
    EmbeddedIssues(#[source] dyad_stances::StanceError),
    /// The user's issue list did not load.
    #[error("issue list {}: {source}", path.display())]
    Issues {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: dyad_stances::StanceError,
    },
    /// A coder name other than dyad, petrarch, both.
    #[error("unknown coder {0:?}: expected dyad, petrarch or both")]
    UnknownCoder(String),
}

/// The whole pipeline (what `dyad analyze` runs).
pub fn build(opts: &Options) -> Result<Pipeline, PipelineError> {
    build_until(Until::Events, opts)
}

/// The actors stage over the embedded knowledge base, or over it and a
/// user folder.
fn actors(extra: Option<&Path>) -> Result<dyad_actors::Actors, PipelineError> {
    match extra {
        None => dyad_actors::Actors::embedded().map_err(PipelineError::EmbeddedActors),
        Some(dir) => {
            let kb = dyad_actors::KnowledgeBase::embedded_with(dir).map_err(|source| {
                PipelineError::Actors {
                    path: dir.to_owned(),
                    source,
                }
            })?;
            Ok(dyad_actors::Actors::with_kb(Arc::new(kb)))
        }
    }
}

/// The stances stage over dyad's issue list or the user's.
fn stances(issues: Option<(&Path, bool)>) -> Result<dyad_stances::Stances, PipelineError> {
    match issues {
        None => dyad_stances::Stances::embedded().map_err(PipelineError::EmbeddedIssues),
        Some((path, extend)) => {
            let lex = dyad_stances::Lexicon::with_issue_file(path, extend).map_err(|source| {
                PipelineError::Issues {
                    path: path.to_owned(),
                    source,
                }
            })?;
            Ok(dyad_stances::Stances::with_lexicon(lex))
        }
    }
}

/// Load the models and tables the stages up to `last` use, in parallel
/// (each loads once per process; the stages below then find them
/// loaded). Start-up is most of the time of a short run: decompressing
/// and indexing the parser's, tagger's and recogniser's weights and the
/// knowledge base take about 0.5 s on one core.
fn preload(last: Until) {
    rayon::scope(|s| {
        if last >= Until::Parse {
            s.spawn(|_| {
                dyad_nlp::parse::ParserModel::bundled();
            });
        }
        if last >= Until::Tag {
            s.spawn(|_| {
                dyad_nlp::tag::TaggerModel::bundled();
            });
        }
        if last >= Until::Ner {
            s.spawn(|_| {
                dyad_nlp::ner::NerModel::bundled();
            });
        }
        if last >= Until::Coref {
            s.spawn(|_| {
                dyad_nlp::coref::CorefModel::bundled();
            });
        }
        if last >= Until::Actors {
            s.spawn(|_| {
                // Errors surface (with their context) when the stage is built.
                let _ = dyad_actors::KnowledgeBase::embedded();
            });
        }
    });
}

/// The pipeline up to and including `last` (a copy of the CLI's
/// `pipeline_until`).
pub fn build_until(last: Until, opts: &Options) -> Result<Pipeline, PipelineError> {
    preload(last);
    let mut p = Pipeline::new().with(dyad_nlp::segment::Segmenter::new());
    if last >= Until::Tag {
        p = p.with(dyad_nlp::tag::Tagger::default());
    }
    if last >= Until::Parse {
        p = p.with(dyad_nlp::parse::Parser::default());
    }
    if last >= Until::Ner {
        p = p.with(dyad_nlp::ner::Ner::default());
    }
    if last >= Until::Coref {
        p = p.with(dyad_nlp::coref::Coref::default());
    }
    if last >= Until::Quotes {
        p = p.with(dyad_attrib::Quotes::new());
    }
    // One knowledge base for the stage and the event coder.
    let kb = if last >= Until::Actors {
        Some(actors(opts.actors.as_deref())?)
    } else {
        None
    };
    if let Some(kb) = &kb {
        p = p.with(kb.clone());
    }
    if last >= Until::Events {
        let resolver: Box<dyn dyad_core::ResolveActor> = match kb {
            Some(kb) => Box::new(kb),
            None => Box::new(actors(opts.actors.as_deref())?),
        };
        let mut events =
            dyad_events::Events::new(Some(resolver)).map_err(PipelineError::EventTables)?;
        if let Some(path) = &opts.verbs {
            events = events
                .with_patterns(path)
                .map_err(|source| PipelineError::Verbs {
                    path: path.clone(),
                    source,
                })?;
        }
        let choice = match (opts.coder, &opts.petrarch) {
            (Some(Coder::Dyad) | None, None) | (Some(Coder::Dyad), Some(_)) => None,
            (None | Some(Coder::Both), Some(_)) => Some(dyad_events::CoderChoice::Both),
            (Some(Coder::Petrarch), Some(_)) => Some(dyad_events::CoderChoice::Petrarch),
            (Some(_), None) => return Err(PipelineError::PetrarchNeeded),
        };
        if let (Some(choice), Some(dir)) = (choice, &opts.petrarch) {
            let coder =
                dyad_events::petrarch::load_dir(dir).map_err(|source| PipelineError::Petrarch {
                    path: dir.clone(),
                    source,
                })?;
            events = events.with_petrarch(coder, choice);
        }
        p = p.with(events);
        p = p.with(stances(
            opts.issues
                .as_deref()
                .map(|path| (path, opts.issues_extend)),
        )?);
    }
    Ok(p)
}

/// Why an article could not be analysed: bad input, never bad text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ArticleError {
    /// No text, or only white space.
    #[error("text is empty: give the article's text")]
    EmptyText,
    /// A date that is not `YYYY-MM-DD` (optionally followed by a time).
    #[error("date must be YYYY-MM-DD (optionally followed by a time), got {0:?}")]
    BadDate(String),
    /// Text over the 4 GiB offset limit.
    #[error("{0}")]
    TooLarge(String),
}

impl From<DocumentError> for ArticleError {
    fn from(e: DocumentError) -> Self {
        Self::TooLarge(e.to_string())
    }
}

/// An article given in memory. Empty strings count as absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// Identifier; default: the URL, else `text-` and 16 hex digits of the
    /// text's BLAKE3 hash (stable across runs and machines).
    pub id: Option<String>,
    /// The article's text (required).
    pub text: String,
    /// Publication date, `YYYY-MM-DD` with an optional time.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publisher or source domain.
    pub source: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Bylines.
    pub authors: Vec<String>,
}

impl Article {
    /// An article of text alone.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

/// A trimmed, non-empty string.
fn given(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A checked article date: `2025-02-18`, `2025-02-18T14:03:00Z`; a space
/// before the time becomes `T`, as in the JSON Lines reader.
pub fn check_date(date: &str) -> Result<String, ArticleError> {
    let d = date.trim();
    match d.get(..10) {
        Some(day) if dyad_core::is_iso_day(day) => match d.as_bytes().get(10) {
            None => Ok(d.to_owned()),
            Some(b'T') => Ok(d.to_owned()),
            Some(b' ') => Ok(format!("{day}T{}", &d[11..])),
            Some(_) => Err(ArticleError::BadDate(date.to_owned())),
        },
        _ => Err(ArticleError::BadDate(date.to_owned())),
    }
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The default id of a text without id or URL.
pub fn text_id(text: &str) -> String {
    let hash = blake3::hash(text.as_bytes()).to_hex();
    format!("text-{}", &hash[..16])
}

/// The document of `article`, with the JSON Lines reader's rules (see the
/// crate docs). `origin_path` and `record` (the 1-based position in a
/// batch) are recorded in `meta.origin`.
pub fn document(
    article: &Article,
    origin_path: &str,
    record: Option<u64>,
) -> Result<Document, ArticleError> {
    let text = article.text.trim();
    if text.is_empty() {
        return Err(ArticleError::EmptyText);
    }
    let text = normalize_newlines(text);
    let date = match given(article.date.as_deref()) {
        Some(d) => Some(check_date(&d)?),
        None => None,
    };
    let url = given(article.url.as_deref());
    let id = given(article.id.as_deref())
        .or_else(|| url.clone())
        .unwrap_or_else(|| text_id(&text));
    let meta = Meta {
        id,
        title: given(article.title.as_deref()),
        date,
        url,
        source: given(article.source.as_deref()),
        language: given(article.language.as_deref()),
        authors: article
            .authors
            .iter()
            .filter_map(|a| given(Some(a)))
            .collect(),
        origin: Origin {
            path: origin_path.to_owned(),
            record,
            format: InputFormat::Text,
            encoding: None,
        },
    };
    Ok(Document::new(meta, text)?)
}

/// Analyse `text` as given (no trimming or checks beyond the 4 GiB
/// limit) with `meta`.
pub fn analyze_text(
    pipeline: &Pipeline,
    text: impl Into<String>,
    meta: Meta,
) -> Result<Document, ArticleError> {
    let mut doc = Document::new(meta, text.into())?;
    pipeline.run(&mut doc);
    Ok(doc)
}

/// Analyse one article ([`document`], then the pipeline).
pub fn analyze_article(pipeline: &Pipeline, article: &Article) -> Result<Document, ArticleError> {
    let mut doc = document(article, "memory", None)?;
    pipeline.run(&mut doc);
    Ok(doc)
}

/// Documents one thread runs through the stages together
/// ([`Pipeline::run_batch`]): enough for each stage's model to stay in the
/// CPU caches, few enough to keep every core busy on small batches.
const CHUNK: usize = 4;

/// Run the pipeline over `docs` in parallel on rayon's current pool;
/// order is kept.
pub fn analyze_documents(pipeline: &Pipeline, docs: &mut [Document]) {
    docs.par_chunks_mut(CHUNK)
        .for_each(|chunk| pipeline.run_batch(chunk));
}

/// The `dyad/1` JSON of a document, as one line.
pub fn to_json_string(doc: &Document) -> String {
    let mut out = Vec::with_capacity(doc.text.len() * 8);
    // Writing into a Vec cannot fail, and the document view has only
    // string keys and finite numbers.
    if dyad_core::output::write_json(doc, &mut out, false).is_err() {
        return "null".to_owned();
    }
    String::from_utf8(out).unwrap_or_else(|_| "null".to_owned())
}

#[cfg(test)]
mod tests;
