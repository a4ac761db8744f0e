use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::Span;

/// Why a [`Document`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Offsets are `u32`: a text must stay below 4 GiB.
    #[error("document text is {len} bytes; the limit is {max} bytes")]
    TooLarge {
        /// Length of the offered text in bytes.
        len: usize,
        /// The largest accepted length.
        max: usize,
    },
}

/// The input format a document was read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Plain text.
    #[default]
    Text,
    /// An HTML page (main content extracted).
    Html,
    /// One line of a JSON Lines file of articles.
    Jsonl,
    /// One response record of a WARC file.
    Warc,
}

impl InputFormat {
    /// The lowercase name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Html => "html",
            Self::Jsonl => "jsonl",
            Self::Warc => "warc",
        }
    }
}

/// Where a document came from: enough to find the record again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The file path as given (or `-` for standard input).
    pub path: String,
    /// 1-based line (JSONL) or record number (WARC) inside `path`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// The format the text was read as.
    pub format: InputFormat,
    /// The character encoding the bytes were decoded from (e.g. `UTF-8`,
    /// `windows-1252`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// Article metadata: what the readers find next to the text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Stable identifier: from the input when it has one, else derived from
    /// the origin (`path`, `path:record`).
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date as found (ISO 8601 where the source gives it so), or
    /// the `--date` given by the user.
    pub date: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Publisher or source domain (`bbc.co.uk`).
    pub source: Option<String>,
    /// Language code (`en`) when known.
    pub language: Option<String>,
    /// Bylines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Where the document was read from.
    pub origin: Origin,
}

impl Meta {
    /// Metadata with only an id set.
    pub fn with_id(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }
}

/// The coarse class of a token, decided by the tokeniser.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters (possibly with digits, hyphens, apostrophes, inner periods:
    /// `U.S.`, `Mar-a-Lago`, `n't`).
    #[default]
    Word,
    /// A number (`3`, `1,200.5`, `2025`, `3rd`).
    Number,
    /// An opening quotation mark (`“`, `‘`, `«`, or a straight `"`/`'`
    /// judged to open a quote from its context).
    QuoteOpen,
    /// A closing quotation mark.
    QuoteClose,
    /// Other punctuation (`.`, `,`, `—`, `(`...).
    Punct,
    /// Symbols and currency (`$`, `%`, `&`, emoji).
    Symbol,
    /// A URL or e-mail address.
    Url,
}

/// One token: a span and its class. Its text is `doc.slice(token.span)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
}

/// One sentence: its span, its paragraph, and its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// From the first byte of its first token to the end of its last one.
    pub span: Span,
    /// Index into [`Document::paragraphs`].
    pub paragraph: u32,
    /// Indices into [`Document::tokens`].
    pub tokens: Range<u32>,
}

/// Which stage added layers to a document, for the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRecord {
    /// Stage name (`segment`).
    pub name: String,
    /// Version of its rules or model.
    pub version: String,
}

/// An article and the layers the pipeline has added to it.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// Metadata.
    pub meta: Meta,
    /// The exact text analysed. Every span points into it.
    pub text: String,
    /// Paragraph spans, in order, trimmed of surrounding whitespace.
    pub paragraphs: Vec<Span>,
    /// Sentences, in order; each lies inside one paragraph.
    pub sentences: Vec<Sentence>,
    /// Tokens, in order, each inside one sentence.
    pub tokens: Vec<Token>,
    /// Tags and lemmas, parallel to `tokens` once the tagger has run.
    pub tags: Vec<crate::Tagging>,
    /// Dependency heads and relations, parallel to `tokens` once the parser
    /// has run.
    pub deps: Vec<crate::Dependency>,
    /// Entity mentions (names, then pronouns and nominals once
    /// coreference has run), in text order.
    pub mentions: Vec<crate::Mention>,
    /// Entities: clusters of `mentions`.
    pub entities: Vec<crate::Entity>,
    /// Quotes and reported speech, in text order.
    pub quotes: Vec<crate::Quote>,
    /// Coded events, in text order.
    pub events: Vec<crate::Event>,
    /// Contested issues the article is about.
    pub issues: Vec<crate::Issue>,
    /// Stated positions on those issues, in text order.
    pub stances: Vec<crate::Stance>,
    /// Meetings seen as negotiations.
    pub negotiations: Vec<crate::Negotiation>,
    /// Stages that have run, in order.
    pub stages: Vec<StageRecord>,
    /// Set when a stage failed on this document (an internal error): its
    /// layers stop at the stages before, and the later stages skip it.
    pub failure: Option<StageFailure>,
}

/// A stage that panicked on a document (a bug, caught so that one article
/// cannot stop a batch; see [`crate::Pipeline::run_batch`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageFailure {
    /// The stage's name (`parse`).
    pub stage: String,
    /// The panic's message.
    pub message: String,
}

impl std::fmt::Display for StageFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "internal error in stage {}: {}",
            self.stage, self.message
        )
    }
}

impl Document {
    /// The largest text a document may hold (offsets are `u32`).
    pub const MAX_LEN: usize = u32::MAX as usize;

    /// A document over `text` with no layers yet.
    pub fn new(meta: Meta, text: String) -> Result<Self, DocumentError> {
        if text.len() > Self::MAX_LEN {
            return Err(DocumentError::TooLarge {
                len: text.len(),
                max: Self::MAX_LEN,
            });
        }
        Ok(Self {
            meta,
            text,
            ..Self::default()
        })
    }

    /// The text of `span`.
    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The tokens of sentence `s`.
    pub fn sentence_tokens(&self, s: &Sentence) -> &[Token] {
        &self.tokens[s.tokens.start as usize..s.tokens.end as usize]
    }
}

/// Whether `s` is a day written `YYYY-MM-DD` with a month 01–12 and a day
/// 01–31 (the form of `--date`, of dates in queries and of `Meta::date`'s
/// first ten characters). The one shared rule: readers, the CLI, the
/// server and the Python package all check dates with it.
pub fn is_iso_day(s: &str) -> bool {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let month: u32 = s.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    let day: u32 = s.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(0);
    shape && (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod day_tests {
    #[test]
    fn iso_days() {
        assert!(super::is_iso_day("2025-02-18"));
        for bad in [
            "2025-13-18",
            "2025-02-00",
            "18/02/2025",
            "2025-2-18",
            "",
            "2025-02-18T",
        ] {
            assert!(!super::is_iso_day(bad), "{bad}");
        }
    }
}
