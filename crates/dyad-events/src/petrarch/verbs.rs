//! The PETRARCH verb dictionary: synonym sets, verb blocks and patterns.
//!
//! Format (see the comments of `PETRreader.read_verb_dictionary`):
//!
//! ```text
//! &CURRENCY            synset; a final `_` means "no automatic plurals"
//! +DOLLARS             members, one a line, `_` or blank between words
//!
//! --- GRANT [070] ---  a verb block and its primary code ([---]: none)
//! GRANT                a verb: regular forms (S, ED, ING) are generated...
//! GIVE {GAVE GIVEN}    ...unless the forms are listed in {...}
//! CLARIFY [040]        a verb with its own code
//! +CORDON_OFF          a multi-word verb: `+` marks the verb word
//! - * &CURRENCY [903]  a pattern: words before `*` precede the verb, words
//!                      after follow it; `_` = adjacent, blank = words may
//!                      come between; `$` source, `+` target, `^` skip a
//!                      noun phrase, `%` compound actor, `&SET` a synset
//! ```
//!
//! The PETRARCH-2 dictionary `CAMEO.2.0.txt` also groups pattern words in
//! `(...)` (a prepositional phrase) and `{...}` (a noun phrase); those
//! groups are read as their words in order.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::error::{PetrarchError, read_text};
use super::lines::{lines, split_code};

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PatternToken {
    /// A literal word (upper case).
    Word(String),
    /// A synonym set, by name including the `&`.
    Synset(String),
    /// `$`: the source actor phrase.
    Source,
    /// `+`: the target actor phrase.
    Target,
    /// `^`: skip one noun phrase.
    SkipPhrase,
    /// `%`: a compound actor phrase that is both source and target.
    Compound,
}

/// A pattern element and whether it must be adjacent to the element before
/// it (counting from the verb: for the part before the verb, the element
/// nearer the verb).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternElement {
    /// What to match.
    pub token: PatternToken,
    /// `_` connector: no words may come between.
    pub tight: bool,
}

/// One `- ... * ... [code]` pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerbPattern {
    /// Elements before the verb, nearest the verb first.
    pub upper: Vec<PatternElement>,
    /// Elements after the verb, in text order.
    pub lower: Vec<PatternElement>,
    /// Event code (`---` codes nothing; `a:b` is a paired event).
    pub code: String,
    /// Line in the dictionary.
    pub line: usize,
}

/// One surface form of a verb: its words and which one is the verb.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerbForm {
    /// Upper-case words.
    pub words: Vec<String>,
    /// Index of the verb word in `words`.
    pub verb_index: usize,
}

/// A verb (or multi-word verb) line of a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerbEntry {
    /// The line as written, without comment.
    pub text: String,
    /// Its code: its own `[...]` or the block's primary code.
    pub code: String,
    /// Every surface form.
    pub forms: Vec<VerbForm>,
    /// Line in the dictionary.
    pub line: usize,
}

/// A `--- NAME [code] ---` block: synonymous verbs sharing patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerbBlock {
    /// The block name (its header text).
    pub name: String,
    /// Primary code.
    pub code: String,
    /// Verbs.
    pub verbs: Vec<VerbEntry>,
    /// Patterns.
    pub patterns: Vec<VerbPattern>,
    /// Line of the header.
    pub line: usize,
}

/// Where a surface form points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FormRef {
    pub(crate) block: usize,
    pub(crate) entry: usize,
    pub(crate) form: usize,
}

/// A parsed verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    /// Synonym sets by name (with `&`): member phrases, plurals included.
    pub synsets: BTreeMap<String, Vec<Vec<String>>>,
    /// Verb blocks in file order (blocks with the same name are merged).
    pub blocks: Vec<VerbBlock>,
    /// Problems that did not stop reading (`line N: ...`).
    pub warnings: Vec<String>,
    /// Verb word (upper case) to the forms containing it as the verb.
    pub(crate) forms: HashMap<String, Vec<FormRef>>,
}

const KIND: &str = "verb";

fn plural(s: &str) -> String {
    if let Some(stem) = s.strip_suffix('Y') {
        format!("{stem}IES")
    } else if let Some(stem) = s.strip_suffix('S') {
        format!("{stem}SES")
    } else {
        format!("{s}S")
    }
}

/// Regular forms of a verb root (PETRARCH's `make_verb_forms`).
pub(crate) fn regular_forms(root: &str) -> Vec<String> {
    let mut out = vec![root.to_string()];
    if root.ends_with(['S', 'X', 'Z']) {
        out.push(format!("{root}ES"));
    } else {
        out.push(format!("{root}S"));
    }
    if let Some(stem) = root.strip_suffix('E') {
        out.push(format!("{root}D"));
        out.push(format!("{stem}ING"));
    } else {
        out.push(format!("{root}ED"));
        out.push(format!("{root}ING"));
    }
    out
}

/// Parse one written form (`WIRE_+TAP`, `+BREAKS_DOWN`, `LASH OUT`, `SAY`).
fn parse_form(text: &str) -> Option<VerbForm> {
    let mut words = Vec::new();
    let mut verb_index = None;
    for raw in text.split(['_', ' ', '\t']).filter(|w| !w.is_empty()) {
        if let Some(w) = raw.strip_prefix('+') {
            if w.is_empty() {
                continue;
            }
            verb_index.get_or_insert(words.len());
            words.push(w.to_uppercase());
        } else {
            words.push(raw.to_uppercase());
        }
    }
    if words.is_empty() {
        return None;
    }
    Some(VerbForm {
        verb_index: verb_index.unwrap_or(0),
        words,
    })
}

fn parse_pattern_body(body: &str) -> Result<(Vec<PatternElement>, Vec<PatternElement>), String> {
    // PETRARCH-2 groups are flattened; TABARI's `_ ` means a blank.
    let mut body: String = body
        .chars()
        .map(|c| {
            if matches!(c, '(' | ')' | '{' | '}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    while body.contains("_ ") {
        body = body.replace("_ ", " ");
    }
    let body = body.trim().trim_end_matches('_');
    // Tokens with the connector that follows each.
    let mut toks: Vec<(String, bool)> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, toks: &mut Vec<(String, bool)>, tight: bool| {
        if !cur.is_empty() {
            toks.push((std::mem::take(cur), tight));
        } else if tight && let Some(last) = toks.last_mut() {
            last.1 = true;
        }
    };
    for ch in body.chars() {
        match ch {
            '_' => flush(&mut cur, &mut toks, true),
            ' ' | '\t' => flush(&mut cur, &mut toks, false),
            '*' => {
                flush(&mut cur, &mut toks, false);
                toks.push(("*".to_string(), false));
            }
            _ => cur.push(ch),
        }
    }
    flush(&mut cur, &mut toks, false);
    // A `*` glued by `_` to the word before: `IN_*`.
    let stars = toks.iter().filter(|(t, _)| t == "*").count();
    if stars != 1 {
        return Err(format!("pattern needs exactly one `*`, found {stars}"));
    }
    let star = toks.iter().position(|(t, _)| t == "*").unwrap_or(0);
    let to_token = |t: &str| -> PatternToken {
        match t {
            "$" => PatternToken::Source,
            "+" => PatternToken::Target,
            "^" => PatternToken::SkipPhrase,
            "%" => PatternToken::Compound,
            _ if t.starts_with('&') && t.len() > 1 => PatternToken::Synset(t.to_uppercase()),
            _ => PatternToken::Word(t.to_uppercase()),
        }
    };
    let mut upper = Vec::new();
    for k in (0..star).rev() {
        upper.push(PatternElement {
            token: to_token(&toks[k].0),
            tight: toks[k].1,
        });
    }
    let mut lower = Vec::new();
    for k in star + 1..toks.len() {
        lower.push(PatternElement {
            token: to_token(&toks[k].0),
            tight: toks[k - 1].1,
        });
    }
    Ok((upper, lower))
}

impl VerbDictionary {
    /// Read a verb dictionary file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, PetrarchError> {
        Self::parse(&read_text(path.as_ref())?)
    }

    /// Parse verb dictionary text.
    pub fn parse(src: &str) -> Result<Self, PetrarchError> {
        let mut dict = VerbDictionary::default();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut current: Option<usize> = None;
        let mut synset: Option<(String, bool)> = None;
        for line in lines(src) {
            let text = line.text.trim();
            let n = line.number;
            // Synset members.
            if let Some(member) = text.strip_prefix('+')
                && let Some((name, noplural)) = &synset
            {
                let member = member.trim();
                let noplural = *noplural || member.ends_with('_');
                let words: Vec<String> = member
                    .split(['_', ' ', '\t'])
                    .filter(|w| !w.is_empty())
                    .map(str::to_uppercase)
                    .collect();
                if words.is_empty() {
                    return Err(PetrarchError::syntax(KIND, n, "empty synset member"));
                }
                let set = dict.synsets.entry(name.clone()).or_default();
                if !noplural && !words[words.len() - 1].starts_with('&') {
                    let mut pl = words.clone();
                    let last = pl.len() - 1;
                    pl[last] = plural(&pl[last]);
                    set.push(words);
                    set.push(pl);
                } else {
                    set.push(words);
                }
                continue;
            }
            synset = None;
            if text.starts_with("---") {
                let inner = text.trim_start_matches('-').trim_end_matches('-');
                let (name, code) = split_code(inner);
                let name = name.trim().to_uppercase();
                if name.is_empty() {
                    return Err(PetrarchError::syntax(KIND, n, "verb block without a name"));
                }
                let code = code.unwrap_or("---").to_string();
                let idx = match by_name.get(&name) {
                    Some(&i) => {
                        dict.blocks[i].code = code;
                        i
                    }
                    None => {
                        dict.blocks.push(VerbBlock {
                            name: name.clone(),
                            code,
                            verbs: Vec::new(),
                            patterns: Vec::new(),
                            line: n,
                        });
                        by_name.insert(name, dict.blocks.len() - 1);
                        dict.blocks.len() - 1
                    }
                };
                current = Some(idx);
            } else if let Some(rest) = text.strip_prefix('&') {
                let name_part = rest.split_whitespace().next().unwrap_or("");
                let noplural = name_part.ends_with('_');
                let name = format!("&{}", name_part.trim_end_matches('_').to_uppercase());
                if name.len() < 2 {
                    return Err(PetrarchError::syntax(KIND, n, "synset without a name"));
                }
                dict.synsets.entry(name.clone()).or_default();
                synset = Some((name, noplural));
            } else if let Some(rest) = text.strip_prefix('-') {
                let Some(block) = current else {
                    return Err(PetrarchError::syntax(
                        KIND,
                        n,
                        "pattern before any `--- VERB ---` block",
                    ));
                };
                let (body, code) = split_code(rest);
                let Some(code) = code else {
                    return Err(PetrarchError::syntax(KIND, n, "pattern without a [code]"));
                };
                let (upper, lower) =
                    parse_pattern_body(body).map_err(|m| PetrarchError::syntax(KIND, n, m))?;
                dict.blocks[block].patterns.push(VerbPattern {
                    upper,
                    lower,
                    code: code.to_string(),
                    line: n,
                });
            } else {
                let Some(block) = current else {
                    return Err(PetrarchError::syntax(
                        KIND,
                        n,
                        format!("verb `{text}` before any `--- VERB ---` block"),
                    ));
                };
                let (verb_part, code) = split_code(text);
                let code = code
                    .map(str::to_string)
                    .unwrap_or_else(|| dict.blocks[block].code.clone());
                let (base, listed) = match verb_part.find('{') {
                    Some(open) => {
                        let rest = &verb_part[open + 1..];
                        let Some(close) = rest.find('}') else {
                            return Err(PetrarchError::syntax(KIND, n, "missing `}`"));
                        };
                        (&verb_part[..open], Some(&rest[..close]))
                    }
                    None => (verb_part, None),
                };
                let Some(base_form) = parse_form(base.trim()) else {
                    return Err(PetrarchError::syntax(KIND, n, "empty verb"));
                };
                let mut forms = vec![base_form.clone()];
                match listed {
                    Some(list) => {
                        for f in list.split_whitespace() {
                            // Multi-word forms are written whole; single
                            // words replace the verb word.
                            let form = if f.contains('_') || f.contains('+') {
                                parse_form(f)
                            } else {
                                let mut words = base_form.words.clone();
                                words[base_form.verb_index] = f.to_uppercase();
                                Some(VerbForm {
                                    words,
                                    verb_index: base_form.verb_index,
                                })
                            };
                            if let Some(form) = form {
                                forms.push(form);
                            }
                        }
                    }
                    None => {
                        let root = base_form.words[base_form.verb_index].clone();
                        for f in regular_forms(&root).into_iter().skip(1) {
                            let mut words = base_form.words.clone();
                            words[base_form.verb_index] = f;
                            forms.push(VerbForm {
                                words,
                                verb_index: base_form.verb_index,
                            });
                        }
                    }
                }
                let entry = dict.blocks[block].verbs.len();
                for (fi, form) in forms.iter().enumerate() {
                    let key = form.words[form.verb_index].clone();
                    let refs = dict.forms.entry(key).or_default();
                    let new = FormRef {
                        block,
                        entry,
                        form: fi,
                    };
                    // A later definition of the same form replaces the earlier.
                    let same = |r: &FormRef, d: &[VerbBlock]| {
                        d[r.block]
                            .verbs
                            .get(r.entry)
                            .and_then(|e| e.forms.get(r.form))
                            == Some(form)
                    };
                    let blocks = &dict.blocks;
                    refs.retain(|r| !same(r, blocks));
                    refs.push(new);
                }
                dict.blocks[block].verbs.push(VerbEntry {
                    text: text.to_string(),
                    code,
                    forms,
                    line: n,
                });
            }
        }
        // A pattern naming an undefined synset is skipped with a warning
        // (the production CAMEO.2.0 dictionary has one such pattern).
        let synsets = &dict.synsets;
        let mut warnings = Vec::new();
        for b in &mut dict.blocks {
            b.patterns.retain(|p| {
                let missing = p.upper.iter().chain(&p.lower).find_map(|e| match &e.token {
                    PatternToken::Synset(s) if !synsets.contains_key(s) => Some(s.clone()),
                    _ => None,
                });
                if let Some(s) = missing {
                    warnings.push(format!(
                        "line {}: undefined synset {s}; pattern skipped",
                        p.line
                    ));
                    false
                } else {
                    true
                }
            });
        }
        dict.warnings = warnings;
        Ok(dict)
    }

    /// Number of verb forms (surface strings) known.
    pub fn form_count(&self) -> usize {
        self.blocks
            .iter()
            .flat_map(|b| &b.verbs)
            .map(|v| v.forms.len())
            .sum()
    }

    /// Number of patterns.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    /// Forms whose verb word is `word` (upper case).
    pub(crate) fn lookup(&self, word: &str) -> &[FormRef] {
        self.forms.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(crate) fn form(&self, r: FormRef) -> Option<(&VerbBlock, &VerbEntry, &VerbForm)> {
        let b = self.blocks.get(r.block)?;
        let e = b.verbs.get(r.entry)?;
        Some((b, e, e.forms.get(r.form)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SNIPPET: &str = "\
<!-- test -->
&CURRENCY
+DOLLARS
+SWISS FRANCS
+GOLDEN_GOBLIN_GALLEONS_

&NEG_
+DID N'T

--- BREAK [1717] ---
BREAK { BROKE BROKEN  }
+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN }
- * TREATY  [161]
- + * IN $  [075]  # comment
- RECENTLY_* [025]
- * NEW_&CURRENCY_RELATIONS [903]

--- CONTRIBUTE [070]  ---
CONTRIBUTE   # tony
DONATE [073]
- * &CURRENCY [903]
";

    #[test]
    fn parses_blocks_forms_and_patterns() {
        let d = VerbDictionary::parse(SNIPPET).expect("parses");
        assert_eq!(d.blocks.len(), 2);
        let b = &d.blocks[0];
        assert_eq!(b.name, "BREAK");
        assert_eq!(b.code, "1717");
        assert_eq!(b.patterns.len(), 4);
        assert_eq!(d.lookup("BROKEN").len(), 1);
        assert_eq!(d.lookup("BROKE").len(), 2);
        assert!(d.lookup("BREAKS").len() == 1);
        assert!(d.lookup("CONTRIBUTED").len() == 1);
        assert!(d.lookup("DONATING").len() == 1);
        let (_, e, _) = d.form(d.lookup("DONATES")[0]).expect("form");
        assert_eq!(e.code, "073");
        let p = &b.patterns[1];
        assert_eq!(p.upper[0].token, PatternToken::Target);
        assert_eq!(p.lower[0].token, PatternToken::Word("IN".into()));
        assert_eq!(p.lower[1].token, PatternToken::Source);
        let p = &b.patterns[2];
        assert!(p.upper[0].tight);
        let p = &b.patterns[3];
        assert!(!p.lower[0].tight);
        assert!(p.lower[1].tight && p.lower[2].tight);
        assert_eq!(d.synsets["&CURRENCY"].len(), 5);
        assert_eq!(
            d.synsets["&NEG"],
            vec![vec!["DID".to_string(), "N'T".to_string()]]
        );
    }

    #[test]
    fn regular_forms_follow_petrarch() {
        assert_eq!(
            regular_forms("DEPART"),
            ["DEPART", "DEPARTS", "DEPARTED", "DEPARTING"]
        );
        assert_eq!(
            regular_forms("CLOSE"),
            ["CLOSE", "CLOSES", "CLOSED", "CLOSING"]
        );
        assert_eq!(regular_forms("FIX"), ["FIX", "FIXES", "FIXED", "FIXING"]);
    }

    #[test]
    fn errors_carry_line_numbers() {
        let e = VerbDictionary::parse("# x\n- * FOO [010]\n").expect_err("no block");
        assert!(e.to_string().contains("line 2"), "{e}");
        let d = VerbDictionary::parse("--- A [010] ---\nA\n- * &NOPE [011]\n").expect("lenient");
        assert_eq!(d.pattern_count(), 0);
        assert!(d.warnings[0].starts_with("line 3:"), "{:?}", d.warnings);
        let e = VerbDictionary::parse("--- A [010] ---\nA\n- FOO BAR [011]\n").expect_err("star");
        assert!(e.to_string().contains("line 3"), "{e}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(?s).{0,400}") {
            let _ = VerbDictionary::parse(&s);
        }

        #[test]
        fn never_panics_on_dictionary_like_lines(lines in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("--- [A-Z_]{0,6} \\[[0-9:-]{0,4}\\]? ---").expect("re"),
                proptest::string::string_regex("[+&]?[A-Z_+{} ]{0,12}( \\[[0-9]{0,3}\\])?").expect("re"),
                proptest::string::string_regex("- [A-Z_*+$^%&() ]{0,16} \\[[0-9]{0,3}\\]?").expect("re"),
            ], 0..20)) {
            let _ = VerbDictionary::parse(&lines.join("\n"));
        }
    }
}
