//! The PETRARCH dictionary line conventions shared by every reader.
//!
//! Lines starting with `#` or `<!` are comments, as are XML comments
//! `<!-- ... -->` (possibly spanning lines); ` #` and anything after it on a
//! line is a comment; blank lines are skipped. Leading whitespace is kept
//! (the actor dictionary marks date restrictions with a leading tab).

/// One meaningful line: its 1-based number and its text without comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub(crate) number: usize,
    pub(crate) text: &'a str,
}

/// The meaningful lines of `src`.
pub(crate) fn lines(src: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (i, raw) in src.lines().enumerate() {
        let number = i + 1;
        let mut text = raw.trim_end_matches('\r');
        if in_comment {
            match text.find("-->") {
                Some(end) => {
                    in_comment = false;
                    text = &text[end + 3..];
                }
                None => continue,
            }
        }
        let trimmed_start = text.trim_start();
        if trimmed_start.starts_with('#') || (text.starts_with("<!") && !text.contains("<!--")) {
            continue;
        }
        // XML comments: a comment closed on the line is cut out; one left
        // open swallows the following lines.
        let mut owned: Option<&str> = None;
        if let Some(start) = text.find("<!--") {
            match text[start..].find("-->") {
                Some(rel_end) => {
                    let before = &text[..start];
                    let after = &text[start + rel_end + 3..];
                    if after.trim().is_empty() {
                        owned = Some(before);
                    } else if before.trim().is_empty() {
                        owned = Some(after);
                    } else {
                        // Rare: keep the part before the comment only.
                        owned = Some(before);
                    }
                }
                None => {
                    in_comment = true;
                    owned = Some(&text[..start]);
                }
            }
        }
        let mut text = owned.unwrap_or(text);
        if let Some(hash) = text.find('#') {
            text = &text[..hash];
        }
        let text = text.trim_end();
        if text.trim().is_empty() {
            continue;
        }
        out.push(Line { number, text });
    }
    out
}

/// Split a phrase on blanks and underscores into upper-cased words, each with
/// whether the next word must follow it immediately (`_`) rather than with
/// possible words between (blank). A trailing `_` is dropped.
pub(crate) fn phrase_words(phrase: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut cur = String::new();
    for ch in phrase.chars() {
        match ch {
            '_' | ' ' | '\t' => {
                if !cur.is_empty() {
                    out.push((std::mem::take(&mut cur).to_uppercase(), ch == '_'));
                } else if ch == '_'
                    && let Some(last) = out.last_mut()
                {
                    last.1 = true;
                }
            }
            _ => cur.push(ch),
        }
    }
    if !cur.is_empty() {
        out.push((cur.to_uppercase(), false));
    }
    if let Some(last) = out.last_mut() {
        last.1 = false;
    }
    out
}

/// Text inside the first `[...]` of `s`, trimmed, and the text before it.
pub(crate) fn split_code(s: &str) -> (&str, Option<&str>) {
    match s.find('[') {
        Some(open) => {
            let rest = &s[open + 1..];
            let inner = match rest.find(']') {
                Some(close) => &rest[..close],
                None => rest,
            };
            (&s[..open], Some(inner.trim()))
        }
        None => (s, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_skipped() {
        let src = "# c\n<!-- one -->\nA [B] # note\n<!-- open\nstill\n-->\n\n\tC\n<! -- x -->\n";
        let l = lines(src);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].text, "A [B]");
        assert_eq!(l[0].number, 3);
        assert_eq!(l[1].text, "\tC");
    }

    #[test]
    fn phrases_split_with_connectors() {
        let w = phrase_words("NEW_&TIETYPES_RELATIONS x_");
        assert_eq!(
            w,
            vec![
                ("NEW".to_string(), true),
                ("&TIETYPES".to_string(), true),
                ("RELATIONS".to_string(), false),
                ("X".to_string(), false)
            ]
        );
    }
}
