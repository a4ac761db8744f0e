//! Paragraph boundaries.
//!
//! A blank line always separates paragraphs. When a text has no blank line
//! at all (one paragraph per line, as news-please and many feeds write
//! them), every non-empty line is a paragraph; when it has blank lines,
//! single line breaks inside a block are taken as wrapping, not breaks.

use dyad_core::Span;

/// Paragraph spans of `text`, trimmed of surrounding whitespace.
pub(crate) fn paragraphs(text: &str) -> Vec<Span> {
    let blank_mode = has_blank_line(text);
    let mut out = Vec::new();
    let mut para: Option<(usize, usize)> = None; // start, end of last non-blank line
    let mut line_start = 0usize;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim();
        if trimmed.is_empty() {
            if let Some((s, e)) = para.take() {
                out.push(Span::from_usize(s, e));
            }
        } else {
            let lead = body.len() - body.trim_start().len();
            let s = line_start + lead;
            let e = line_start + body.trim_end().len();
            match (&mut para, blank_mode) {
                (Some((_, pe)), true) => *pe = e,
                (Some(_), false) => {
                    if let Some((ps, pe)) = para.replace((s, e)) {
                        out.push(Span::from_usize(ps, pe));
                    }
                }
                (None, _) => para = Some((s, e)),
            }
        }
        line_start = line_end;
    }
    if let Some((s, e)) = para {
        out.push(Span::from_usize(s, e));
    }
    out
}

fn has_blank_line(text: &str) -> bool {
    let mut seen_text = false;
    let mut blank_after_text = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank_after_text |= seen_text;
        } else {
            if blank_after_text {
                return true;
            }
            seen_text = true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        paragraphs(text).iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn one_per_line_without_blank_lines() {
        assert_eq!(paras("A b.\n  C d. \r\nE"), ["A b.", "C d.", "E"]);
    }

    #[test]
    fn blank_lines_separate_and_wrapped_lines_join() {
        assert_eq!(
            paras("\n\nTitle\n\nA b\nc d.\n \nE\n"),
            ["Title", "A b\nc d.", "E"]
        );
    }

    #[test]
    fn empty_and_blank() {
        assert!(paras("").is_empty());
        assert!(paras(" \n\t\n").is_empty());
    }
}
