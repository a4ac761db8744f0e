//! Article metadata from an HTML page's head: Open Graph, `article:*`,
//! JSON-LD, `<time>`, plain `<meta>` names. Each field tries its sources in
//! order of how reliably publishers fill them.

use std::collections::HashMap;

use dom_query::Document;
use serde_json::Value;

use crate::charset::ascii_lower;

/// Metadata found in a page.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    pub(crate) title: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) authors: Vec<String>,
}

/// `<meta>` keys that carry a publication date, after the Open Graph ones
/// and JSON-LD.
const DATE_KEYS: &[&str] = &[
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
];

impl PageMeta {
    pub(crate) fn extract(dom: &Document) -> Self {
        let mut metas: HashMap<String, String> = HashMap::new();
        let mut authors: Vec<String> = Vec::new();
        for node in dom.select("meta").nodes() {
            let Some(content) = node.attr("content").map(|c| clean(&c)) else {
                continue;
            };
            if content.is_empty() {
                continue;
            }
            let key = node
                .attr("property")
                .or_else(|| node.attr("name"))
                .or_else(|| node.attr("itemprop"))
                .or_else(|| node.attr("http-equiv"));
            let Some(key) = key else { continue };
            let key = ascii_lower(key.trim()).into_owned();
            let is_author =
                key == "author" || (key == "article:author" && !content.starts_with("http"));
            if is_author && !authors.contains(&content) {
                authors.push(content.clone());
            }
            metas.entry(key).or_insert(content);
        }
        let get = |k: &str| metas.get(k).cloned();
        let json_ld = JsonLd::extract(dom);

        let title = get("og:title")
            .or_else(|| get("twitter:title"))
            .or_else(|| non_empty(clean(&dom.select("title").text())));
        let date = get("article:published_time")
            .or_else(|| get("og:published_time"))
            .or(json_ld.date)
            .or_else(|| time_datetime(dom))
            .or_else(|| DATE_KEYS.iter().find_map(|k| get(k)));
        let url = dom
            .select("link[rel]")
            .nodes()
            .iter()
            .find(|n| {
                n.attr("rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("canonical"))
                })
            })
            .and_then(|n| n.attr("href"))
            .and_then(|h| non_empty(h.trim().to_owned()))
            .or_else(|| get("og:url"));
        let source = get("og:site_name").or_else(|| url.as_deref().and_then(host));
        let language = dom
            .select("html")
            .attr("lang")
            .and_then(|l| non_empty(l.trim().to_owned()))
            .or_else(|| get("content-language"));
        if authors.is_empty() {
            authors = json_ld.authors;
        }
        Self {
            title,
            date,
            url,
            source,
            language,
            authors,
        }
    }
}

/// The first `<time datetime>`, preferring one marked `pubdate` or
/// `itemprop="datePublished"`.
fn time_datetime(dom: &Document) -> Option<String> {
    let times = dom.select("time[datetime]");
    let nodes = times.nodes();
    let marked = nodes.iter().find(|n| {
        n.has_attr("pubdate")
            || n.attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
    });
    marked
        .or(nodes.first())
        .and_then(|n| n.attr("datetime"))
        .and_then(|d| non_empty(d.trim().to_owned()))
}

/// What the JSON-LD blocks of a page say.
#[derive(Default)]
struct JsonLd {
    date: Option<String>,
    authors: Vec<String>,
}

impl JsonLd {
    fn extract(dom: &Document) -> Self {
        let mut out = Self::default();
        for node in dom.select("script[type]").nodes() {
            let is_ld = node
                .attr("type")
                .is_some_and(|t| ascii_lower(&t).contains("ld+json"));
            if !is_ld {
                continue;
            }
            if let Ok(value) = serde_json::from_str::<Value>(node.text().trim()) {
                out.visit(&value, 0);
            }
        }
        out
    }

    fn visit(&mut self, value: &Value, depth: usize) {
        if depth > 16 {
            return;
        }
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.visit(v, depth + 1)),
            Value::Object(map) => {
                if self.date.is_none() {
                    self.date = map
                        .get("datePublished")
                        .and_then(Value::as_str)
                        .and_then(|s| non_empty(s.trim().to_owned()));
                }
                if self.authors.is_empty()
                    && let Some(author) = map.get("author")
                {
                    self.authors = names(author);
                }
                for v in map.values() {
                    if v.is_array() || v.is_object() {
                        self.visit(v, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Author names from a JSON-LD `author`: a string, a `Person`, or a list.
fn names(author: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => non_empty(clean(s)),
        Value::Object(m) => m
            .get("name")
            .and_then(Value::as_str)
            .and_then(|s| non_empty(clean(s))),
        _ => None,
    };
    match author {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        v => one(v).into_iter().collect(),
    }
}

/// The host of an absolute URL, without `www.` (`bbc.co.uk`).
pub(crate) fn host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') {
        host.split_inclusive(']').next()?
    } else {
        host.split(':').next()?
    };
    let host = ascii_lower(host);
    let host = host.strip_prefix("www.").unwrap_or(&host);
    non_empty(host.to_owned())
}

/// Whitespace collapsed and trimmed.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://www.bbc.co.uk/news/x").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            host("http://u:p@Example.com:8080?q").as_deref(),
            Some("example.com")
        );
        assert_eq!(host("http://[::1]:80/").as_deref(), Some("[::1]"));
        assert_eq!(host("not a url"), None);
        assert_eq!(host("http:///path"), None);
    }

    #[test]
    fn json_ld_date_and_authors() {
        let dom = Document::from(
            r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite"},
             {"@type":"NewsArticle","datePublished":"2025-02-18T14:03:00Z",
              "author":[{"@type":"Person","name":"Ana  Silva"},"Bo Li"]}]}
            </script></head><body></body></html>"#,
        );
        let m = PageMeta::extract(&dom);
        assert_eq!(m.date.as_deref(), Some("2025-02-18T14:03:00Z"));
        assert_eq!(m.authors, vec!["Ana Silva", "Bo Li"]);
    }

    #[test]
    fn priorities() {
        let dom = Document::from(
            r#"<html lang="fr"><head><title>Page  title</title>
            <meta name="date" content="2020-01-01">
            <meta property="og:published_time" content="2021-01-01">
            <meta property="article:published_time" content="2022-01-01">
            <meta property="og:url" content="https://og.example/a">
            <link rel="Canonical" href="https://www.lemonde.fr/a">
            <meta name="author" content="A. Writer"><meta name="author" content="B. Writer">
            </head><body><time datetime="2019-01-01">x</time></body></html>"#,
        );
        let m = PageMeta::extract(&dom);
        assert_eq!(m.title.as_deref(), Some("Page title"));
        assert_eq!(m.date.as_deref(), Some("2022-01-01"));
        assert_eq!(m.url.as_deref(), Some("https://www.lemonde.fr/a"));
        assert_eq!(m.source.as_deref(), Some("lemonde.fr"));
        assert_eq!(m.language.as_deref(), Some("fr"));
        assert_eq!(m.authors, vec!["A. Writer", "B. Writer"]);
    }

    #[test]
    fn fallbacks() {
        let dom = Document::from(
            r#"<html><head><meta property="og:title" content="OG &amp; title">
            <meta property="og:site_name" content="The Paper">
            <meta property="og:url" content="https://x.example/a"></head>
            <body><time datetime="2019-05-01">May</time>
            <time pubdate datetime="2019-06-01">June</time></body></html>"#,
        );
        let m = PageMeta::extract(&dom);
        assert_eq!(m.title.as_deref(), Some("OG & title"));
        assert_eq!(m.date.as_deref(), Some("2019-06-01"));
        assert_eq!(m.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(m.source.as_deref(), Some("The Paper"));
        assert_eq!(m.language, None);
    }

    #[test]
    fn meta_date_is_last_resort() {
        let dom = Document::from(
            r#"<head><meta name="pubdate" content="2018-03-04"></head><body>x</body>"#,
        );
        assert_eq!(PageMeta::extract(&dom).date.as_deref(), Some("2018-03-04"));
    }
}
