//! Scoring against `PETR2_GSR_validation.xml`: 78 real news sentences
//! (AFP and others) with PETRARCH-2's expected events (silver labels).
//!
//! Two coders are scored on the same dyad parse: dyad's own (its verb
//! patterns and actor knowledge base, from the documents `analyse` returns
//! with `events` filled) and, when dictionary files are given, the
//! PETRARCH coder over the production dictionaries the file names
//! (`CAMEO.2.0.txt`, the Phoenix actors, agents and discards).
//! Matches are counted exactly (source, target, code) and loosely (source
//! and target country, the first three letters of their codes, and the
//! CAMEO root), since the two coders name sectors differently. An unknown
//! country is written the GDELT way on both sides (`GOV`, not `---GOV`).

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use dyad_core::Document;
use serde::Serialize;

use super::actors::ActorDictionary;
use super::agents::AgentDictionary;
use super::coder::Coder;
use super::conformance::{Environment, EventTriple, Item, Record, parse_records};
use super::discards::Discards;
use super::error::{PetrarchError, read_text};
use super::verbs::VerbDictionary;

/// One record.
/// PETRARCH writes an unknown country as `---` before a sector (`---GOV`);
/// dyad and GDELT write the sector alone (`GOV`). Scoring uses dyad's form.
fn unknown_country(code: String) -> String {
    match code.strip_prefix("---") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => code,
    }
}

/// The records to score (`evaluate="true"`), through the suite reader
/// shared with the conformance runner.
fn records(src: &str) -> Result<(Environment, Vec<Record>), PetrarchError> {
    let (env, items) = parse_records(src)?;
    let records = items
        .into_iter()
        .filter_map(|it| match it {
            Item::Record(mut r) if r.code => {
                for t in &mut r.expected {
                    t.source = unknown_country(std::mem::take(&mut t.source));
                    t.target = unknown_country(std::mem::take(&mut t.target));
                }
                Some(r)
            }
            _ => None,
        })
        .collect();
    Ok((env, records))
}

/// `YYYYMMDD` as `YYYY-MM-DD`.
fn iso(d: u32) -> String {
    format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100)
}

/// Scores of one coder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GsrScores {
    /// Records whose expected events are all found and nothing else (exact).
    pub records_exact: usize,
    /// Events coded.
    pub coded: usize,
    /// Coded events equal to an expected one.
    pub exact: usize,
    /// Coded events matching an expected one by countries and root.
    pub loose: usize,
    /// Expected events found exactly.
    pub found_exact: usize,
    /// Expected events found loosely.
    pub found_loose: usize,
}

/// The report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GsrReport {
    /// Records scored.
    pub records: usize,
    /// Records expecting events.
    pub with_events: usize,
    /// Events expected.
    pub expected: usize,
    /// dyad's own coder.
    pub dyad: GsrScores,
    /// The PETRARCH coder over the production dictionaries, when loaded.
    pub petrarch: Option<GsrScores>,
    /// Records dyad's coder did not code exactly.
    pub failures: Vec<GsrFailure>,
}

/// A record dyad's coder did not code exactly, for error analysis.
#[derive(Debug, Clone, Serialize)]
pub struct GsrFailure {
    /// Record id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Expected events.
    pub expected: Vec<EventTriple>,
    /// dyad's events.
    pub got: Vec<EventTriple>,
}

fn loose_key(t: &EventTriple) -> (String, String, String) {
    let c = |s: &str| s.chars().take(3).collect::<String>();
    (c(&t.source), c(&t.target), t.code.chars().take(2).collect())
}

fn score(s: &mut GsrScores, expected: &[EventTriple], got: &[EventTriple]) {
    let exp: BTreeSet<&EventTriple> = expected.iter().collect();
    let gs: BTreeSet<&EventTriple> = got.iter().collect();
    if exp == gs {
        s.records_exact += 1;
    }
    let exp_loose: BTreeSet<_> = expected.iter().map(loose_key).collect();
    let got_loose: BTreeSet<_> = got.iter().map(loose_key).collect();
    s.coded += gs.len();
    s.exact += gs.iter().filter(|g| exp.contains(*g)).count();
    s.loose += got
        .iter()
        .filter(|g| exp_loose.contains(&loose_key(g)))
        .count();
    s.found_exact += exp.iter().filter(|e| gs.contains(*e)).count();
    s.found_loose += expected
        .iter()
        .filter(|e| got_loose.contains(&loose_key(e)))
        .count();
}

/// Score `file` (PETR2_GSR_validation.xml). `analyse(text, date)` runs
/// dyad's whole pipeline, events included. With `dictionaries`, the
/// PETRARCH coder over the files named in the suite's `<Environment>` (read
/// from that folder) is scored as well.
pub fn run_gsr(
    file: &Path,
    dictionaries: Option<&Path>,
    analyse: &dyn Fn(&str, Option<&str>) -> Document,
) -> Result<GsrReport, PetrarchError> {
    let src = read_text(file)?;
    let (env, records) = records(&src)?;
    let petrarch = match dictionaries {
        Some(dir) => {
            let name =
                |f: &Option<String>, default: &str| dir.join(f.as_deref().unwrap_or(default));
            let actor_files: Vec<std::path::PathBuf> = if env.actors.is_empty() {
                [
                    "Phoenix.Countries.actors.txt",
                    "Phoenix.International.actors.txt",
                    "Phoenix.MilNonState.actors.txt",
                ]
                .iter()
                .map(|f| dir.join(f))
                .collect()
            } else {
                env.actors.iter().map(|f| dir.join(f)).collect()
            };
            Some(Coder::new(
                VerbDictionary::load(name(&env.verbs, "CAMEO.2.0.txt"))?,
                ActorDictionary::load_all(&actor_files)?,
                AgentDictionary::load(name(&env.agents, "Phoenix.agents.txt"))?,
                Discards::load(name(&env.discards, "Phoenix.discards.txt"))?,
            ))
        }
        None => None,
    };
    let mut report = GsrReport {
        petrarch: petrarch.as_ref().map(|_| GsrScores::default()),
        ..GsrReport::default()
    };
    for r in records {
        report.records += 1;
        if !r.expected.is_empty() {
            report.with_events += 1;
        }
        report.expected += r.expected.len();
        let date = r.date.map(iso);
        let doc = analyse(&r.text, date.as_deref());
        let code = |p: &Option<dyad_core::Participant>| {
            p.as_ref()
                .and_then(|p| p.actor.as_ref())
                .map_or_else(|| "---".to_owned(), |a| a.code.clone())
        };
        let mut got: Vec<EventTriple> = doc
            .events
            .iter()
            .filter(|e| !e.negated || e.code.starts_with('1'))
            .map(|e| EventTriple {
                source: code(&e.source),
                target: code(&e.target),
                code: e.code.clone(),
            })
            .collect();
        got.sort();
        got.dedup();
        score(&mut report.dyad, &r.expected, &got);
        let mut exp = r.expected.clone();
        exp.sort();
        exp.dedup();
        if exp != got {
            report.failures.push(GsrFailure {
                id: r.id.clone(),
                text: r.text.clone(),
                expected: exp,
                got: got.clone(),
            });
        }
        if let (Some(c), Some(s)) = (&petrarch, report.petrarch.as_mut()) {
            let mut got: Vec<EventTriple> = c
                .code_document(&doc, r.date)
                .into_iter()
                .map(|e| EventTriple {
                    source: unknown_country(e.source),
                    target: unknown_country(e.target),
                    code: e.code,
                })
                .collect();
            got.sort();
            got.dedup();
            score(s, &r.expected, &got);
        }
    }
    Ok(report)
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

impl GsrScores {
    fn line(&self, f: &mut fmt::Formatter<'_>, name: &str, r: &GsrReport) -> fmt::Result {
        writeln!(
            f,
            "{name:<30} records exact {:>5.1}%  exact P {:>5.1} R {:>5.1}  countries+root P {:>5.1} R {:>5.1}",
            pct(self.records_exact, r.records),
            pct(self.exact, self.coded),
            pct(self.found_exact, r.expected),
            pct(self.loose, self.coded),
            pct(self.found_loose, r.expected),
        )
    }
}

impl fmt::Display for GsrReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "PETRARCH-2 GSR validation: {} records, {} with events, {} events expected (silver labels)",
            self.records, self.with_events, self.expected
        )?;
        self.dyad.line(f, "dyad (own patterns + KB)", self)?;
        if let Some(p) = &self.petrarch {
            p.line(f, "PETRARCH dictionaries", self)?;
        }
        for x in &self.failures {
            let show = |v: &[EventTriple]| {
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            writeln!(
                f,
                "  {}: expected [{}] got [{}]\n    {}",
                x.id,
                show(&x.expected),
                show(&x.got),
                x.text
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_records_and_scores() {
        let src = r#"<Sentences>
<Sentence category="AFP" date="20080804" id="A1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>
The US leader visited China.
</Text>
<Sentence id="A2" date="20080804" evaluate="true">
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
<Sentence id="A3" evaluate="false"><Text>x</Text></Sentence>"#;
        let (_, recs) = records(src).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].date.map(iso).as_deref(), Some("2008-08-04"));
        assert_eq!(recs[0].text, "The US leader visited China.");
        assert_eq!(recs[0].expected.len(), 1);
        assert!(recs[1].expected.is_empty());
        let mut s = GsrScores::default();
        let got = vec![EventTriple {
            source: "USAGOV".into(),
            target: "CHN".into(),
            code: "042".into(),
        }];
        score(&mut s, &recs[0].expected, &got);
        assert_eq!(
            (s.exact, s.loose, s.found_loose, s.records_exact),
            (0, 1, 1, 0)
        );
    }
}
