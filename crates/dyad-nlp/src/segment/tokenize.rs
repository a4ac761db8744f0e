//! Rule tokeniser splitting the way UD English does.
//!
//! Text is cut at whitespace into chunks; each chunk loses opening
//! punctuation from its front and closing punctuation, periods and clitics
//! (`n't`, `'s`, `'re`...) from its back, spaCy-style; what remains is split
//! at infixes (dashes, most letter-hyphen-letter joins, slashes between
//! words). URLs and e-mail addresses stay whole. Abbreviations keep their
//! period (`U.S.`, `Gen.`).

use dyad_core::TokenKind;

use super::abbrev;

/// A token as the tokeniser sees it: straight quotes may still be
/// undecided until the sentence pass knows which quotes are open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Raw {
    /// Decided.
    Kind(TokenKind),
    /// A straight `"` standing alone between spaces.
    StraightQuote,
}

/// A token with byte offsets relative to the whole document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawToken {
    pub start: usize,
    pub end: usize,
    pub raw: Raw,
}

fn is_open_punct(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '¿' | '¡' | '<')
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '‘' | '«' | '‹' | '„' | '‚' | '"' | '\'' | '`')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '»' | '›' | '"' | '\'')
}

fn is_close_punct(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | ',' | ';' | ':' | '!' | '?' | '%' | '…' | '>' | '‰'
    )
}

fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '£' | '€' | '¥' | '₹' | '₽' | '₴' | '#' | '§' | '@' | '~' | '*'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '−')
}

/// Kind of a token by its text, once split.
fn kind_of(text: &str) -> TokenKind {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return TokenKind::Punct;
    };
    if text.chars().any(char::is_alphabetic) {
        if first.is_ascii_digit()
            && text.chars().filter(|c| c.is_ascii_digit()).count() * 2 >= text.len()
        {
            return TokenKind::Number;
        }
        return TokenKind::Word;
    }
    if text.chars().any(|c| c.is_numeric()) {
        return TokenKind::Number;
    }
    if matches!(first, '“' | '‘' | '«' | '‹' | '„' | '‚' | '`') {
        return TokenKind::QuoteOpen;
    }
    if matches!(first, '”' | '»' | '›') {
        return TokenKind::QuoteClose;
    }
    if is_currency(first)
        || matches!(
            first,
            '%' | '&' | '+' | '=' | '^' | '|' | '‰' | '°' | '©' | '®' | '™'
        )
    {
        return TokenKind::Symbol;
    }
    if first.is_ascii_punctuation()
        || is_dash(first)
        || matches!(first, '…' | '¿' | '¡' | '·' | '•')
    {
        return TokenKind::Punct;
    }
    // Emoji and other pictographs.
    TokenKind::Symbol
}

/// Tokenise `text[start..end]` (no paragraph breaks inside) into `out`.
pub(crate) fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<RawToken>) {
    let slice = &text[start..end];
    let mut chunk_start = None;
    for (i, c) in slice.char_indices() {
        if c.is_whitespace() || is_invisible(c) {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, start + s, start + i, out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, start + s, end, out);
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
    )
}

fn push(out: &mut Vec<RawToken>, text: &str, start: usize, end: usize) {
    if start < end {
        out.push(RawToken {
            start,
            end,
            raw: Raw::Kind(kind_of(&text[start..end])),
        });
    }
}

fn push_kind(out: &mut Vec<RawToken>, start: usize, end: usize, kind: TokenKind) {
    out.push(RawToken {
        start,
        end,
        raw: Raw::Kind(kind),
    });
}

fn looks_like_url(s: &str) -> bool {
    let lower_starts =
        |p: &str| s.len() > p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if lower_starts("http://")
        || lower_starts("https://")
        || lower_starts("www.")
        || lower_starts("ftp://")
    {
        return true;
    }
    // e-mail: local@domain.tld
    if let Some(at) = s.find('@') {
        let (local, domain) = (&s[..at], &s[at + 1..]);
        return !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "._%+-".contains(c))
            && domain.contains('.')
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || ".-".contains(c) || ".,;:)!?\"'”’".contains(c))
            && domain.chars().next().is_some_and(char::is_alphanumeric);
    }
    false
}

/// Split one whitespace-free chunk `text[s..e]`.
fn split_chunk(text: &str, mut s: usize, mut e: usize, out: &mut Vec<RawToken>) {
    // A lone straight quote between spaces: direction decided later.
    if &text[s..e] == "\"" {
        out.push(RawToken {
            start: s,
            end: e,
            raw: Raw::StraightQuote,
        });
        return;
    }
    // Prefixes.
    loop {
        let Some(c) = text[s..e].chars().next() else {
            return;
        };
        if s + c.len_utf8() >= e {
            break;
        }
        let rest = &text[s + c.len_utf8()..e];
        if looks_like_url(&text[s..e]) {
            break;
        }
        if is_open_quote(c) {
            // `'90s`, `'em`: an apostrophe that belongs to the word.
            if c == '\'' || c == '’' || c == '‘' {
                let next = rest.chars().next().unwrap_or(' ');
                if next.is_ascii_digit()
                    || rest.eq_ignore_ascii_case("em")
                    || rest.eq_ignore_ascii_case("tis")
                {
                    break;
                }
            }
            push_kind(out, s, s + c.len_utf8(), TokenKind::QuoteOpen);
            s += c.len_utf8();
            continue;
        }
        if is_open_punct(c) || is_dash(c) || c == '…' {
            push(out, text, s, s + c.len_utf8());
            s += c.len_utf8();
            continue;
        }
        if is_currency(c) {
            push(out, text, s, s + c.len_utf8());
            s += c.len_utf8();
            continue;
        }
        if c == '-' && rest.starts_with('-') {
            let n = text[s..e].chars().take_while(|&d| d == '-').count();
            push(out, text, s, s + n);
            s += n;
            continue;
        }
        break;
    }
    // Suffixes, collected back to front.
    let mut suffixes: Vec<RawToken> = Vec::new();
    loop {
        let chunk = &text[s..e];
        if chunk.is_empty() {
            break;
        }
        if looks_like_url(chunk) {
            // Trailing sentence punctuation is not part of a URL.
            let trimmed = chunk.trim_end_matches(|c: char| ".,;:!?\"'”’)]".contains(c));
            let mut url_end = s + trimmed.len();
            // Keep a closing parenthesis balanced inside the URL.
            if chunk[trimmed.len()..].starts_with(')') && trimmed.contains('(') {
                url_end += 1;
            }
            let mut tail = Vec::new();
            split_tail(text, url_end, e, &mut tail);
            push_kind(out, s, url_end, TokenKind::Url);
            out.extend(tail);
            out.extend(suffixes.into_iter().rev());
            return;
        }
        let c = chunk.chars().next_back().unwrap_or(' ');
        let clen = c.len_utf8();
        if chunk.len() == clen {
            break;
        }
        let stem = &chunk[..chunk.len() - clen];
        if is_close_quote(c) {
            suffixes.push(RawToken {
                start: e - clen,
                end: e,
                raw: Raw::Kind(TokenKind::QuoteClose),
            });
            e -= clen;
            continue;
        }
        if is_close_punct(c) || is_dash(c) {
            // `10:` keeps nothing; `a,b` never reaches here.
            suffixes.push(RawToken {
                start: e - clen,
                end: e,
                raw: Raw::Kind(kind_of(&chunk[chunk.len() - clen..])),
            });
            e -= clen;
            continue;
        }
        if c == '.' {
            // An ellipsis `...` as one token.
            let dots = chunk.chars().rev().take_while(|&d| d == '.').count();
            if dots >= 2 {
                suffixes.push(RawToken {
                    start: e - dots,
                    end: e,
                    raw: Raw::Kind(TokenKind::Punct),
                });
                e -= dots;
                continue;
            }
            let word = stem;
            if abbrev::classify(word).is_some() {
                break; // keep the period with the abbreviation
            }
            suffixes.push(RawToken {
                start: e - 1,
                end: e,
                raw: Raw::Kind(TokenKind::Punct),
            });
            e -= 1;
            continue;
        }
        if let Some(n) = clitic_len(chunk) {
            suffixes.push(RawToken {
                start: e - n,
                end: e,
                raw: Raw::Kind(TokenKind::Word),
            });
            e -= n;
            // Only one clitic (`should` + `n't`); `'ve` after `n't` is rare.
            if let Some(n2) = clitic_len(&text[s..e]) {
                suffixes.push(RawToken {
                    start: e - n2,
                    end: e,
                    raw: Raw::Kind(TokenKind::Word),
                });
                e -= n2;
            }
            break;
        }
        break;
    }
    split_infixes(text, s, e, out);
    out.extend(suffixes.into_iter().rev());
}

/// Punctuation after a URL: each char its own token.
fn split_tail(text: &str, s: usize, e: usize, out: &mut Vec<RawToken>) {
    for (i, c) in text[s..e].char_indices() {
        let a = s + i;
        let b = a + c.len_utf8();
        let kind = if is_close_quote(c) {
            TokenKind::QuoteClose
        } else {
            kind_of(&text[a..b])
        };
        push_kind(out, a, b, kind);
    }
}

/// Length in bytes of a clitic at the end of `word`, if it has one and a
/// stem of letters before it.
fn clitic_len(word: &str) -> Option<usize> {
    const CLITICS: &[&str] = &[
        "n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m",
    ];
    for cl in CLITICS {
        if word.len() > cl.len() && word.is_char_boundary(word.len() - cl.len()) {
            let (stem, tail) = word.split_at(word.len() - cl.len());
            if tail.eq_ignore_ascii_case(cl)
                && stem.chars().next_back().is_some_and(char::is_alphanumeric)
            {
                // `n't` needs a letter stem (`don't`), `'s` any word.
                return Some(cl.len());
            }
        }
    }
    None
}

/// Split the core of a chunk at infixes.
fn split_infixes(text: &str, s: usize, e: usize, out: &mut Vec<RawToken>) {
    let core = &text[s..e];
    if core.is_empty() {
        return;
    }
    if looks_like_url(core) {
        push_kind(out, s, e, TokenKind::Url);
        return;
    }
    let chars: Vec<(usize, char)> = core.char_indices().collect();
    let mut tok_start = 0usize; // byte offset in core
    let mut i = 0usize;
    while i < chars.len() {
        let (b, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let end_b = b + c.len_utf8();
        let split_here = match c {
            '—' | '–' | '―' | '…' | '"' | '“' | '”' | '(' | ')' | '[' | ']' | '{' | '}' | ';'
            | '!' | '?' => true,
            '-' => {
                if next == Some('-') || prev == Some('-') {
                    true
                } else {
                    let left_alpha = prev.is_some_and(char::is_alphabetic);
                    let right_alpha = next.is_some_and(char::is_alphabetic);
                    left_alpha && right_alpha && !abbrev::is_hyphen_prefix(&core[tok_start..b])
                }
            }
            '/' => prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic),
            ',' => {
                !(prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()))
            }
            ':' => {
                !(prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()))
            }
            '&' => !(prev.is_some_and(char::is_uppercase) && next.is_some_and(char::is_uppercase)),
            '.' => {
                // `end.The` (missing space) splits; `U.S.A`, `3.5`, `bbc.co.uk` stay.
                let l = prev.is_some_and(char::is_lowercase);
                let r = next.is_some_and(char::is_uppercase);
                let after: String = chars[i + 1..]
                    .iter()
                    .map(|&(_, ch)| ch)
                    .take_while(|ch| ch.is_alphabetic())
                    .collect();
                l && r
                    && after.chars().count() > 1
                    && chars[..i]
                        .iter()
                        .filter(|&&(_, ch)| ch.is_alphabetic())
                        .count()
                        > 2
            }
            _ => is_pictograph(c),
        };
        if split_here {
            if tok_start < b {
                push(out, text, s + tok_start, s + b);
            }
            // Runs of `--` or dashes form one token.
            let mut j = i + 1;
            let mut run_end = end_b;
            if c == '-' || c == '.' {
                while j < chars.len() && chars[j].1 == c {
                    run_end = chars[j].0 + 1;
                    j += 1;
                }
            }
            if c == '.' {
                push_kind(out, s + b, s + run_end, TokenKind::Punct);
            } else if c == '"' || c == '“' || c == '”' {
                let kind = if c == '“' || (c == '"' && prev.is_none_or(|p| !p.is_alphanumeric()))
                {
                    TokenKind::QuoteOpen
                } else {
                    TokenKind::QuoteClose
                };
                push_kind(out, s + b, s + run_end, kind);
            } else {
                push(out, text, s + b, s + run_end);
            }
            tok_start = run_end;
            i = j;
            continue;
        }
        i += 1;
    }
    if tok_start < core.len() {
        push(out, text, s + tok_start, e);
    }
}

/// Emoji and other pictographic symbols: each is its own token.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), &mut out);
        out.iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn ud_style_splits() {
        assert_eq!(
            toks("Ukraine’s president didn't go."),
            ["Ukraine", "’s", "president", "did", "n't", "go", "."]
        );
        assert_eq!(
            toks("“It is, of course, intolerable,” he remarked."),
            [
                "“",
                "It",
                "is",
                ",",
                "of",
                "course",
                ",",
                "intolerable",
                ",",
                "”",
                "he",
                "remarked",
                "."
            ]
        );
        assert_eq!(
            toks("the U.S. and Gen. Smith"),
            ["the", "U.S.", "and", "Gen.", "Smith"]
        );
        assert_eq!(toks("alliance—including"), ["alliance", "—", "including"]);
        assert_eq!(
            toks("long-standing non-stop Mar-a-Lago COVID-19"),
            [
                "long", "-", "standing", "non-stop", "Mar", "-", "a", "-", "Lago", "COVID-19"
            ]
        );
        assert_eq!(
            toks("$1,200.50 and 3.5% (see https://example.org/a_b)."),
            [
                "$",
                "1,200.50",
                "and",
                "3.5",
                "%",
                "(",
                "see",
                "https://example.org/a_b",
                ")",
                "."
            ]
        );
        assert_eq!(
            toks("mail bob@example.com, now"),
            ["mail", "bob@example.com", ",", "now"]
        );
        assert_eq!(toks("and/or 2/18/2025"), ["and", "/", "or", "2/18/2025"]);
        assert_eq!(toks("participants’ views"), ["participants", "’", "views"]);
        assert_eq!(toks("wait... what?!"), ["wait", "...", "what", "?", "!"]);
        assert_eq!(toks("AT&T and Q&A"), ["AT&T", "and", "Q&A"]);
        assert_eq!(toks("can't won't"), ["ca", "n't", "wo", "n't"]);
    }

    #[test]
    fn quote_kinds() {
        let text = "“Yes,” he said. \"No\" she said";
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), &mut out);
        let kinds: Vec<Raw> = out.iter().map(|t| t.raw).collect();
        assert_eq!(kinds[0], Raw::Kind(TokenKind::QuoteOpen));
        assert_eq!(kinds[3], Raw::Kind(TokenKind::QuoteClose));
        assert_eq!(kinds[7], Raw::Kind(TokenKind::QuoteOpen));
        assert_eq!(kinds[9], Raw::Kind(TokenKind::QuoteClose));
    }
}
