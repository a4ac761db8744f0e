//! HTML reader: main content and metadata of one page.
//!
//! The article body comes from `dom_smoothie` (a port of Mozilla's
//! Readability, which strips navigation, ads and comments); its HTML output
//! is flattened here into plain paragraphs separated by a blank line, the
//! shape the segmenter expects. When Readability finds nothing, the text of
//! the `<body>` blocks is used instead, so short pages still yield a
//! document. Metadata lives in [`crate::html_meta`].

use std::panic::{AssertUnwindSafe, catch_unwind};

use dom_query::NodeRef;
use dom_smoothie::{Config, Readability};
use dyad_core::{Document, InputFormat, Meta, Origin};
use encoding_rs::{Encoding, UTF_8};

use crate::charset;
use crate::error::{Location, ReadError};
use crate::html_meta::PageMeta;

/// Elements whose start and end break a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements that never hold article prose.
const SKIP: &[&str] = &[
    "applet", "audio", "button", "canvas", "embed", "head", "iframe", "input", "map", "math",
    "noscript", "object", "script", "select", "style", "svg", "template", "textarea", "title",
    "video",
];

/// Page furniture also skipped when falling back to the whole `<body>`.
const FALLBACK_SKIP: &[&str] = &["aside", "footer", "form", "menu", "nav"];

/// Deeper trees skip Readability, whose cost grows with the square of the
/// depth (and which recurses); real articles stay far below this.
const MAX_READABILITY_DEPTH: usize = 256;

/// Larger pages skip Readability, for the same reason.
const MAX_READABILITY_ELEMENTS: usize = 100_000;

/// Reads one HTML page into a document.
///
/// `charset_hint` is the charset an outer layer declared (the HTTP
/// `Content-Type` of a WARC response); a BOM still wins over it, and the
/// page's own `<meta charset>` is used only without a hint. `origin.format`
/// becomes [`InputFormat::Html`] unless the caller set
/// [`InputFormat::Warc`]; the id is the origin's path.
///
/// ```
/// use dyad_core::Origin;
/// let html = br#"<html lang="en"><head><title>Talks resume</title></head>
///   <body><p>Delegates met in Geneva.</p><p>They agreed to &quot;continue&quot;.</p></body></html>"#;
/// let origin = Origin { path: "page.html".into(), ..Origin::default() };
/// let doc = dyad_read::html_to_document(html, None, origin).unwrap();
/// assert_eq!(doc.text, "Delegates met in Geneva.\n\nThey agreed to \"continue\".");
/// assert_eq!(doc.meta.title.as_deref(), Some("Talks resume"));
/// assert_eq!(doc.meta.language.as_deref(), Some("en"));
/// ```
///
/// # Errors
/// [`ReadError::Empty`] for empty input, [`ReadError::Binary`] for NUL
/// bytes, [`ReadError::NoContent`] when the page has no text.
pub fn html_to_document(
    bytes: &[u8],
    charset_hint: Option<&str>,
    mut origin: Origin,
) -> Result<Document, ReadError> {
    let at = Location::of(&origin);
    if !matches!(origin.format, InputFormat::Warc) {
        origin.format = InputFormat::Html;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty { at });
    }
    let (enc, bom_len) = html_encoding(bytes, charset_hint);
    let utf16 = enc != UTF_8 && !enc.is_ascii_compatible();
    if !utf16 && bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(ReadError::Binary {
            at,
            reason: "NUL bytes",
        });
    }
    let html = charset::decode(&bytes[bom_len..], enc);
    origin.encoding = Some(enc.name().to_owned());

    let dom = dom_query::Document::from(html.as_str());
    let page = PageMeta::extract(&dom);
    let mut text = if max_depth(&dom) <= MAX_READABILITY_DEPTH {
        readable_text(dom)
    } else {
        String::new()
    };
    if text.is_empty() {
        let dom = dom_query::Document::from(html.as_str());
        text = dom
            .body()
            .map(|body| block_text(body, FALLBACK_SKIP))
            .unwrap_or_default();
    }
    if text.is_empty() {
        return Err(ReadError::NoContent { at });
    }
    let meta = Meta {
        id: origin.path.clone(),
        title: page.title,
        date: page.date,
        url: page.url,
        source: page.source,
        language: page.language,
        authors: page.authors,
        origin,
    };
    crate::new_document(meta, text)
}

/// The encoding to decode a page with, and the length of its BOM.
fn html_encoding(bytes: &[u8], hint: Option<&str>) -> (&'static Encoding, usize) {
    if let Some(found) = charset::bom(bytes) {
        return found;
    }
    if let Some(enc) = hint.and_then(|h| Encoding::for_label(h.trim().as_bytes())) {
        return (enc, 0);
    }
    if let Some(enc) = meta_charset(bytes) {
        return (enc, 0);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, 0);
    }
    (charset::guess(bytes), 0)
}

/// The charset a `<meta charset>` or `<meta http-equiv>` tag declares in the
/// first 4 KiB (a simplified form of the HTML prescan).
pub(crate) fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let mut pos = 0;
    while let Some(i) = find(&head[pos..], b"<meta") {
        let start = pos + i + 5;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(j) = find(tag, b"charset") {
            let rest = tag[j + 7..].trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
                let rest = rest.strip_prefix(b"'").unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|&b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    // A meta tag readable as ASCII cannot truly be UTF-16.
                    return Some(if enc.is_ascii_compatible() {
                        enc
                    } else {
                        UTF_8
                    });
                }
            }
        }
        pos = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The main content per Readability, flattened; empty when it finds none.
///
/// A panic inside the extractor (third-party code facing arbitrary web
/// pages) must not take down a crawl of millions of pages, so it is caught
/// and treated as "nothing found", which triggers the `<body>` fallback.
fn readable_text(dom: dom_query::Document) -> String {
    let parsed = catch_unwind(AssertUnwindSafe(move || {
        let config = Config {
            max_elements_to_parse: MAX_READABILITY_ELEMENTS,
            ..Config::default()
        };
        let mut reader = Readability::with_document(dom, None, Some(config)).ok()?;
        reader
            .parse()
            .ok()
            .map(|article| article.content.to_string())
    }));
    match parsed {
        Ok(Some(content)) => {
            let fragment = dom_query::Document::fragment(content);
            block_text(fragment.root(), &[])
        }
        Ok(None) => String::new(),
        Err(_) => {
            tracing::warn!("readability panicked; falling back to <body> text");
            String::new()
        }
    }
}

/// The depth of the deepest node (iteratively: the tree may be deep).
fn max_depth(dom: &dom_query::Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(dom.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(node.children_it(false).map(|c| (c, depth + 1)));
    }
    deepest
}

/// The text under `root` as paragraphs: block elements break paragraphs,
/// runs of whitespace collapse to one space, paragraphs are joined by a
/// blank line. Iterative, so deeply nested markup cannot overflow the stack.
pub(crate) fn block_text(root: NodeRef<'_>, extra_skip: &[&str]) -> String {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Leave,
    }
    let mut out = Paragraphs::default();
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave => {
                out.break_paragraph();
                continue;
            }
            Step::Enter(node) => node,
        };
        if node.is_text() {
            out.push_text(&node.text());
            continue;
        }
        if let Some(name) = node.node_name() {
            let name = charset::ascii_lower(&name).into_owned();
            if SKIP.contains(&name.as_str()) || extra_skip.contains(&name.as_str()) {
                continue;
            }
            if name == "br" {
                out.break_paragraph();
                continue;
            }
            if BLOCKS.contains(&name.as_str()) {
                out.break_paragraph();
                stack.push(Step::Leave);
            }
        } else if !(node.is_document() || node.is_fragment()) {
            continue; // comments, doctypes, processing instructions
        }
        stack.extend(node.children_it(true).map(Step::Enter));
    }
    out.finish()
}

/// Accumulates paragraphs with whitespace collapsed.
#[derive(Default)]
struct Paragraphs {
    done: String,
    current: String,
    space: bool,
}

impl Paragraphs {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = !self.current.is_empty();
            } else if !c.is_control() {
                if self.space {
                    self.current.push(' ');
                    self.space = false;
                }
                self.current.push(c);
            }
        }
    }

    fn break_paragraph(&mut self) {
        if !self.current.is_empty() {
            if !self.done.is_empty() {
                self.done.push_str("\n\n");
            }
            self.done.push_str(&self.current);
            self.current.clear();
        }
        self.space = false;
    }

    fn finish(mut self) -> String {
        self.break_paragraph();
        self.done
    }
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
