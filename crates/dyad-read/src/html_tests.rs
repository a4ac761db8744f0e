use super::*;

fn origin(path: &str) -> Origin {
    Origin {
        path: path.into(),
        ..Origin::default()
    }
}

fn read(html: &[u8]) -> Result<Document, ReadError> {
    html_to_document(html, None, origin("p.html"))
}

const PROSE: &str = "The foreign minister said on Monday that negotiations over the \
    ceasefire would continue in Geneva next week, despite renewed shelling near the \
    border. Delegations from both sides are expected to attend, officials said.";

/// A page in the shape of a real news article: navigation, a long article
/// body, a sidebar and a footer.
fn article_page() -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
        <title>Talks to continue | Daily Planet</title>
        <meta property="og:title" content="Talks to continue">
        <meta property="og:site_name" content="Daily Planet">
        <meta property="article:published_time" content="2025-02-18T14:03:00Z">
        <link rel="canonical" href="https://www.dailyplanet.example/world/talks">
        <meta name="author" content="Lois Lane">
        <script>var tracking = "do not read me";</script>
        <style>p {{ color: red }}</style></head>
        <body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
        <article>
          <h1>Talks   to continue</h1>
          <p>{PROSE}</p>
          <p>&ldquo;We are ready,&rdquo; said the envoy&nbsp;of the &lt;alliance&gt;.
             {PROSE}</p>
          <blockquote>{PROSE}</blockquote>
          <ul><li>First point of the plan, on prisoners.</li><li>Second point, on aid.</li></ul>
          <p>{PROSE}<br>{PROSE}</p>
        </article>
        <aside>Most read: celebrity gossip</aside>
        <footer>Copyright Daily Planet</footer>
        </body></html>"#
    )
}

#[test]
fn article_text_is_paragraphs() {
    let doc = read(article_page().as_bytes()).unwrap();
    let paras: Vec<&str> = doc.text.split("\n\n").collect();
    assert!(paras.len() >= 5, "{:?}", paras);
    for p in &paras {
        assert!(!p.is_empty());
        assert_eq!(p.trim(), *p);
        assert!(!p.contains("  ") && !p.contains('\n'), "{p:?}");
    }
    assert!(
        doc.text
            .contains("“We are ready,” said the envoy of the <alliance>.")
    );
    assert!(paras.contains(&"First point of the plan, on prisoners."));
    assert!(!doc.text.contains("do not read me"));
    assert!(!doc.text.contains("color: red"));
    assert!(!doc.text.contains("celebrity gossip"));
    assert!(!doc.text.contains("Home"));
}

#[test]
fn article_metadata() {
    let doc = read(article_page().as_bytes()).unwrap();
    let m = &doc.meta;
    assert_eq!(m.id, "p.html");
    assert_eq!(m.title.as_deref(), Some("Talks to continue"));
    assert_eq!(m.date.as_deref(), Some("2025-02-18T14:03:00Z"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://www.dailyplanet.example/world/talks")
    );
    assert_eq!(m.source.as_deref(), Some("Daily Planet"));
    assert_eq!(m.language.as_deref(), Some("en-GB"));
    assert_eq!(m.authors, vec!["Lois Lane"]);
    assert_eq!(m.origin.format, InputFormat::Html);
    assert_eq!(m.origin.encoding.as_deref(), Some("UTF-8"));
}

#[test]
fn short_page_falls_back_to_body() {
    let doc =
        read(b"<html><body><div>Short note.</div><p>Second   line.</p></body></html>").unwrap();
    assert_eq!(doc.text, "Short note.\n\nSecond line.");
}

#[test]
fn no_body_text_is_no_content() {
    for html in [
        &b"<html><head><title>Only a title</title></head><body></body></html>"[..],
        b"<html><head><script>x()</script></head><body>  <img src=a.png> </body></html>",
        b"<!-- just a comment -->",
    ] {
        let e = read(html).unwrap_err();
        assert_eq!(e.kind(), "no_content", "{e}");
        assert_eq!(e.to_string(), "p.html: no text content found in HTML");
    }
}

#[test]
fn empty_and_binary() {
    assert_eq!(read(b"").unwrap_err().kind(), "empty");
    assert_eq!(read(b" \n\t").unwrap_err().kind(), "empty");
    assert_eq!(read(b"<p>a\0b</p>").unwrap_err().kind(), "binary");
}

#[test]
fn meta_charset_decodes_legacy_bytes() {
    let html = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 \x93quoted\x94</p></body></html>";
    let doc = read(html).unwrap();
    assert_eq!(doc.text, "Café “quoted”");
    assert_eq!(doc.meta.origin.encoding.as_deref(), Some("windows-1252"));

    let html = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>Se\xf1or</p>";
    assert_eq!(read(html).unwrap().text, "Señor");
}

#[test]
fn charset_hint_beats_meta_and_bom_beats_hint() {
    let html = b"<meta charset=utf-8><p>Caf\xe9</p>";
    let doc = html_to_document(html, Some("latin1"), origin("h.html")).unwrap();
    assert_eq!(doc.text, "Café");
    let html = "\u{feff}<p>Café</p>".as_bytes();
    let doc = html_to_document(html, Some("latin1"), origin("h.html")).unwrap();
    assert_eq!(doc.text, "Café");
    assert_eq!(doc.meta.origin.encoding.as_deref(), Some("UTF-8"));
}

#[test]
fn unlabelled_legacy_is_guessed() {
    let html = b"<p>Le pr\xe9sident a d\xe9clar\xe9 que la r\xe9forme \xe9tait n\xe9cessaire pour l'\xe9conomie.</p>";
    let doc = read(html).unwrap();
    assert!(doc.text.starts_with("Le président"), "{}", doc.text);
}

#[test]
fn utf16_page() {
    let mut bytes = vec![0xff, 0xfe];
    for u in "<p>Grüße</p>".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let doc = read(&bytes).unwrap();
    assert_eq!(doc.text, "Grüße");
    assert_eq!(doc.meta.origin.encoding.as_deref(), Some("UTF-16LE"));
}

#[test]
fn meta_charset_parsing() {
    assert_eq!(
        meta_charset(b"<META CHARSET='Shift_JIS'>").map(Encoding::name),
        Some("Shift_JIS")
    );
    assert_eq!(
        meta_charset(b"<meta charset=utf-16>").map(Encoding::name),
        Some("UTF-8")
    );
    assert_eq!(meta_charset(b"<meta name=x content=y>"), None);
    assert_eq!(meta_charset(b"<meta charset=bogus>"), None);
    assert_eq!(meta_charset(b"<meta"), None);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let html = format!(
        "{}deep text{}",
        "<div>".repeat(3_000),
        "</div>".repeat(3_000)
    );
    let start = std::time::Instant::now();
    let doc = read(html.as_bytes()).unwrap();
    assert_eq!(doc.text, "deep text");
    // Readability is quadratic in depth (about 20 s here at this depth).
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert!(max_depth(&dom_query::Document::from(html.as_str())) > MAX_READABILITY_DEPTH);
}

#[test]
fn warc_format_is_kept() {
    let o = Origin {
        path: "x.warc".into(),
        record: Some(3),
        format: InputFormat::Warc,
        encoding: None,
    };
    let e = html_to_document(b"<body></body>", None, o).unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.warc: record 3: no text content found in HTML"
    );
}
