//! Running PETRARCH's validation suite (`PETR.UnitTest.records.xml`).
//!
//! The records file holds `<Sentence date id category sentence>` records,
//! each with expected `<EventCoding sourcecode targetcode eventcode>`
//! triples (or `noevents="True"`, or an `error="..."` the coder must
//! produce no events for), the `<Text>` and a Penn `<Parse>` which is
//! ignored: dyad codes from the raw text with its own pipeline. `<Config
//! option value>` records between sentences change options for the
//! records that follow (`require_dyad`, `new_actor_length`, `comma_*`).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use dyad_core::Document;
use serde::Serialize;

use super::actors::{ActorDictionary, parse_date};
use super::agents::AgentDictionary;
use super::coder::{Coder, CoderOptions};
use super::discards::Discards;
use super::error::{PetrarchError, read_text};
use super::verbs::VerbDictionary;

/// A (source, target, event code) triple.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EventTriple {
    /// Source code.
    pub source: String,
    /// Target code.
    pub target: String,
    /// Event code.
    pub code: String,
}

impl fmt::Display for EventTriple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.source, self.target, self.code)
    }
}

/// A record that was not coded exactly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// Record id.
    pub id: String,
    /// Record category.
    pub category: String,
    /// Sentence text.
    pub text: String,
    /// Expected events (empty: none expected).
    pub expected: Vec<EventTriple>,
    /// Events coded.
    pub got: Vec<EventTriple>,
    /// Rules that coded `got`, parallel to it.
    pub rules: Vec<String>,
}

/// Results of one category.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CategoryStats {
    /// Records coded.
    pub records: usize,
    /// Records expecting events.
    pub with_events: usize,
    /// Of those, coded exactly.
    pub exact_with_events: usize,
    /// Records expecting no events, coded with none.
    pub exact_without_events: usize,
}

/// Results of a conformance run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ConformanceReport {
    /// Records coded (`sentence="true"`).
    pub records: usize,
    /// Records expecting at least one event.
    pub with_events: usize,
    /// Of those, coded exactly (same set of triples).
    pub exact_with_events: usize,
    /// Records expecting no events (`noevents`, discards, errors).
    pub without_events: usize,
    /// Of those, coded with no event.
    pub exact_without_events: usize,
    /// Expected triples found.
    pub true_positives: usize,
    /// Triples coded but not expected.
    pub false_positives: usize,
    /// Expected triples missed.
    pub false_negatives: usize,
    /// Per category.
    pub categories: BTreeMap<String, CategoryStats>,
    /// Records not coded exactly.
    pub failures: Vec<Failure>,
}

impl ConformanceReport {
    /// Share of records with expected events coded exactly (0..=1).
    pub fn exact_rate(&self) -> f64 {
        ratio(self.exact_with_events, self.with_events)
    }

    /// Event-level precision.
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Event-level recall.
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl fmt::Display for ConformanceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "PETRARCH conformance: {} records coded", self.records)?;
        writeln!(
            f,
            "  with expected events: {}/{} exact ({:.1}%)",
            self.exact_with_events,
            self.with_events,
            100.0 * self.exact_rate()
        )?;
        writeln!(
            f,
            "  expecting no events:  {}/{} without events",
            self.exact_without_events, self.without_events
        )?;
        writeln!(
            f,
            "  events: precision {:.1}% recall {:.1}% (tp {} fp {} fn {})",
            100.0 * self.precision(),
            100.0 * self.recall(),
            self.true_positives,
            self.false_positives,
            self.false_negatives
        )?;
        writeln!(
            f,
            "  by category (exact with events / with events; empty ok):"
        )?;
        for (cat, s) in &self.categories {
            writeln!(
                f,
                "    {cat:<10} {:>3}/{:<3}  empty ok {:>2}/{:<2}",
                s.exact_with_events,
                s.with_events,
                s.exact_without_events,
                s.records - s.with_events
            )?;
        }
        if !self.failures.is_empty() {
            writeln!(f, "  failures:")?;
            for fl in &self.failures {
                let show = |v: &[EventTriple]| {
                    if v.is_empty() {
                        "-".to_string()
                    } else {
                        v.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    }
                };
                writeln!(f, "    {} [{}] {}", fl.id, fl.category, fl.text)?;
                writeln!(f, "      expected: {}", show(&fl.expected))?;
                writeln!(
                    f,
                    "      got:      {}  ({})",
                    show(&fl.got),
                    fl.rules.join(", ")
                )?;
            }
        }
        Ok(())
    }
}

/// One parsed `<Sentence>` record.
#[derive(Debug, Clone, Default)]
pub(super) struct Record {
    pub(super) id: String,
    pub(super) date: Option<u32>,
    pub(super) category: String,
    pub(super) code: bool,
    pub(super) expected: Vec<EventTriple>,
    pub(super) text: String,
}

/// Records and option changes in file order.
#[derive(Debug, Clone)]
pub(super) enum Item {
    Config(String, String),
    Record(Record),
}

#[derive(Debug, Default)]
pub(super) struct Environment {
    pub(super) verbs: Option<String>,
    pub(super) actors: Vec<String>,
    pub(super) agents: Option<String>,
    pub(super) discards: Option<String>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Attributes of a start tag body (`name="v" other='w'`).
fn attributes(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next() else {
            break;
        };
        if q != '"' && q != '\'' {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            out.push((name, unescape(&after[..end])));
            rest = &after[end..];
            continue;
        }
        let inner = &after[1..];
        let Some(close) = inner.find(q) else {
            break;
        };
        out.push((name, unescape(&inner[..close])));
        rest = &inner[close + 1..];
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].matches('\n').count() + 1
}

/// Inner text of the first `<tag>...</tag>` in `s`.
fn element_text<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let a = s.find(&open)? + open.len();
    let b = s[a..].find(&close)? + a;
    Some(&s[a..b])
}

pub(super) fn parse_records(src: &str) -> Result<(Environment, Vec<Item>), PetrarchError> {
    let mut env = Environment::default();
    let mut items = Vec::new();
    let mut pos = 0;
    while let Some(rel) = src[pos..].find('<') {
        let at = pos + rel;
        let rest = &src[at..];
        if rest.starts_with("<!--") {
            let Some(end) = rest.find("-->") else {
                return Err(PetrarchError::Records {
                    line: line_of(src, at),
                    message: "unterminated comment".into(),
                });
            };
            pos = at + end + 3;
            continue;
        }
        let Some(gt) = rest.find('>') else {
            return Err(PetrarchError::Records {
                line: line_of(src, at),
                message: "unterminated tag".into(),
            });
        };
        let tag_body = &rest[1..gt];
        let name = tag_body.split_whitespace().next().unwrap_or("");
        match name {
            "Verbfile" | "Actorfile" | "Agentfile" | "Discardfile" => {
                let close = format!("</{name}>");
                let Some(end) = rest.find(&close) else {
                    return Err(PetrarchError::Records {
                        line: line_of(src, at),
                        message: format!("missing {close}"),
                    });
                };
                let value = rest[gt + 1..end].trim().to_string();
                match name {
                    "Verbfile" => env.verbs = Some(value),
                    // PETRARCH-2's files list several actor files at once.
                    "Actorfile" => env.actors.extend(
                        value
                            .split(',')
                            .map(|f| f.trim().to_owned())
                            .filter(|f| !f.is_empty()),
                    ),
                    "Agentfile" => env.agents = Some(value),
                    _ => env.discards = Some(value),
                }
                pos = at + end + close.len();
            }
            "Config" => {
                let attrs = attributes(tag_body);
                if let (Some(o), Some(v)) = (attr(&attrs, "option"), attr(&attrs, "value")) {
                    items.push(Item::Config(o.to_string(), v.to_string()));
                }
                pos = at + gt + 1;
            }
            "Sentence" => {
                // `<Sentence ...>...</Sentence>`, or (PETRARCH-2's GSR file)
                // a self-closed `<Sentence .../>` whose record runs to the
                // next `<Sentence`.
                let (body, next) = if tag_body.trim_end().ends_with('/') {
                    let end = rest[gt + 1..]
                        .find("<Sentence")
                        .map_or(rest.len(), |e| gt + 1 + e);
                    (&rest[gt + 1..end], at + end)
                } else {
                    let Some(end) = rest.find("</Sentence>") else {
                        return Err(PetrarchError::Records {
                            line: line_of(src, at),
                            message: "missing </Sentence>".into(),
                        });
                    };
                    (&rest[gt + 1..end], at + end + "</Sentence>".len())
                };
                let attrs = attributes(tag_body);
                let flag =
                    |name: &str| attr(&attrs, name).is_some_and(|v| v.eq_ignore_ascii_case("true"));
                let mut rec = Record {
                    id: attr(&attrs, "id").unwrap_or("").to_string(),
                    date: attr(&attrs, "date").and_then(parse_date),
                    category: attr(&attrs, "category").unwrap_or("").to_string(),
                    code: flag("sentence") || flag("evaluate"),
                    ..Record::default()
                };
                // Drop comments and the parse before looking at the rest.
                let mut clean = String::new();
                let mut b = body;
                while let Some(c) = b.find("<!--") {
                    clean.push_str(&b[..c]);
                    b = match b[c..].find("-->") {
                        Some(e) => &b[c + e + 3..],
                        None => "",
                    };
                }
                clean.push_str(b);
                let mut scan = clean.as_str();
                while let Some(k) = scan.find("<EventCoding") {
                    let after = &scan[k..];
                    let Some(g) = after.find('>') else {
                        break;
                    };
                    let a = attributes(&after["<EventCoding".len()..g]);
                    if let (Some(s), Some(t), Some(c)) = (
                        attr(&a, "sourcecode"),
                        attr(&a, "targetcode"),
                        attr(&a, "eventcode"),
                    ) {
                        rec.expected.push(EventTriple {
                            source: s.to_string(),
                            target: t.to_string(),
                            code: c.to_string(),
                        });
                    }
                    scan = &after[g..];
                }
                let Some(text) = element_text(&clean, "Text") else {
                    return Err(PetrarchError::Records {
                        line: line_of(src, at),
                        message: format!("record {} has no <Text>", rec.id),
                    });
                };
                rec.text = unescape(&text.split_whitespace().collect::<Vec<_>>().join(" "));
                rec.expected.sort();
                rec.expected.dedup();
                items.push(Item::Record(rec));
                pos = next;
            }
            _ => pos = at + gt + 1,
        }
    }
    Ok((env, items))
}

fn apply_config(o: &mut CoderOptions, option: &str, value: &str) {
    let int = value.trim().parse::<usize>().ok();
    match option {
        "require_dyad" => o.require_dyad = !value.to_lowercase().contains("false"),
        "new_actor_length" => {
            if let Some(v) = int {
                o.new_actor_length = v;
            }
        }
        _ => {
            let Some(v) = int else {
                return;
            };
            match option {
                "comma_min" => o.comma_min = v,
                "comma_max" => o.comma_max = v,
                "comma_bmin" => o.comma_bmin = v,
                "comma_bmax" => o.comma_bmax = v,
                "comma_emin" => o.comma_emin = v,
                "comma_emax" => o.comma_emax = v,
                _ => {}
            }
        }
    }
}

/// Run PETRARCH's validation suite in `dir` (the records file
/// `PETR.UnitTest.records.xml` and the dictionaries it names, by default
/// `PETR.Validate.{verbs,actors,agents,discards}.txt`). `analyse` turns a
/// record's text into a segmented, tagged and parsed document.
pub fn run_conformance(
    dir: &Path,
    analyse: &dyn Fn(&str) -> Document,
) -> Result<ConformanceReport, PetrarchError> {
    let src = read_text(&dir.join("PETR.UnitTest.records.xml"))?;
    let (env, items) = parse_records(&src)?;
    let verbs =
        VerbDictionary::load(dir.join(env.verbs.as_deref().unwrap_or("PETR.Validate.verbs.txt")))?;
    let actor_files: Vec<std::path::PathBuf> = if env.actors.is_empty() {
        vec![dir.join("PETR.Validate.actors.txt")]
    } else {
        env.actors.iter().map(|a| dir.join(a)).collect()
    };
    let actors = ActorDictionary::load_all(&actor_files)?;
    let agents = AgentDictionary::load(
        dir.join(env.agents.as_deref().unwrap_or("PETR.Validate.agents.txt")),
    )?;
    let discards = Discards::load(
        dir.join(
            env.discards
                .as_deref()
                .unwrap_or("PETR.Validate.discards.txt"),
        ),
    )?;
    let mut coder = Coder::new(verbs, actors, agents, discards);
    let mut report = ConformanceReport::default();
    for item in items {
        let rec = match item {
            Item::Config(o, v) => {
                apply_config(&mut coder.options, &o, &v);
                continue;
            }
            Item::Record(r) => r,
        };
        if !rec.code {
            continue;
        }
        let doc = analyse(&rec.text);
        let events = coder.code_document(&doc, rec.date);
        let mut got: Vec<(EventTriple, String)> = events
            .into_iter()
            .map(|e| {
                (
                    EventTriple {
                        source: e.source,
                        target: e.target,
                        code: e.code,
                    },
                    e.rule,
                )
            })
            .collect();
        got.sort();
        got.dedup_by(|a, b| a.0 == b.0);
        let got_set: Vec<EventTriple> = got.iter().map(|g| g.0.clone()).collect();
        let tp = got_set.iter().filter(|g| rec.expected.contains(g)).count();
        report.records += 1;
        report.true_positives += tp;
        report.false_positives += got_set.len() - tp;
        report.false_negatives += rec.expected.len() - tp;
        let exact = got_set == rec.expected;
        let cat = report.categories.entry(rec.category.clone()).or_default();
        cat.records += 1;
        if rec.expected.is_empty() {
            report.without_events += 1;
            if exact {
                report.exact_without_events += 1;
                cat.exact_without_events += 1;
            }
        } else {
            report.with_events += 1;
            cat.with_events += 1;
            if exact {
                report.exact_with_events += 1;
                cat.exact_with_events += 1;
            }
        }
        if !exact {
            report.failures.push(Failure {
                id: rec.id,
                category: rec.category,
                text: rec.text,
                expected: rec.expected,
                rules: got.iter().map(|g| g.1.clone()).collect(),
                got: got_set,
            });
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_records_and_configs() {
        let src = r#"<Validation><Environment><Verbfile>v.txt</Verbfile>
<Config option="stop_on_error" value="True"></Config></Environment>
<!-- <Sentence id="hidden"> -->
<Sentence date="19950101" id="A-1" category="DEMO" sentence="true">
<!-- comment with <EventCoding sourcecode="X" targetcode="Y" eventcode="1"> -->
<EventCoding sourcecode="ARN" targetcode='"THE TOLL"' eventcode="064"></EventCoding>
<Text>
Arnor &amp; Gondor
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date = "20080801" id ="B" category="X" sentence="false">
<EventCoding noevents = "True"></EventCoding><Text>x</Text></Sentence>
"#;
        let (env, items) = parse_records(src).expect("parses");
        assert_eq!(env.verbs.as_deref(), Some("v.txt"));
        assert_eq!(items.len(), 4);
        let Item::Record(r) = &items[1] else {
            panic!("record expected");
        };
        assert_eq!(r.id, "A-1");
        assert_eq!(r.date, Some(19950101));
        assert_eq!(r.text, "Arnor & Gondor");
        assert_eq!(r.expected.len(), 1);
        assert_eq!(r.expected[0].target, "\"THE TOLL\"");
        let Item::Record(r) = &items[3] else {
            panic!("record expected");
        };
        assert!(!r.code && r.expected.is_empty() && r.date == Some(20080801));
        let mut o = CoderOptions::default();
        apply_config(&mut o, "require_dyad", "FALSE");
        apply_config(&mut o, "comma_emax", "0");
        assert!(!o.require_dyad);
        assert_eq!(o.comma_emax, 0);
    }

    #[test]
    fn malformed_records_are_errors() {
        let e = parse_records("<Sentence id=\"x\">\n<Text>a</Text>").expect_err("unclosed");
        assert!(e.to_string().contains("line 1"), "{e}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(?s).{0,300}") {
            let _ = parse_records(&s);
        }
    }
}
