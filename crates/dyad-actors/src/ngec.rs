//! Scoring against the NGEC (POLECAT coder) actor-resolution tests.
//!
//! The test file is JSON Lines: each line has `calls` (a `method` among
//! `agent_to_code`, `search_nat`, `short_text_to_agent`, `query_wiki`,
//! `trf_agent_match`, with `args` and `kwargs`; an argument `d['actor']`
//! refers to `locals.d`) and `asserts` (`lhs` such as `code['country']`,
//! `code['code_1']`, `cc`, `text`, `wiki['title']`; `op` `Eq`, `NotEq`,
//! `Is`, `In`; `rhs` a value, a `d[...]` reference or a list). Lines with
//! `parametrize_values` are expanded into one case per value.
//!
//! Mapping: `agent_to_code(actor, context, date)` and `trf_agent_match` are
//! [`KnowledgeBase::resolve`] (`code['country']` = country, `code_1` =
//! sector, `code_2` = sector2, `wiki` = canonical name, `actor_wiki_job` =
//! role); `search_nat` is [`KnowledgeBase::country`];
//! `short_text_to_agent` is [`KnowledgeBase::agent`] plus the country of
//! [`KnowledgeBase::country`]; `query_wiki` is answered only when the
//! phrase resolves to a person, organisation or country whose canonical
//! name can be compared with the title.
//!
//! Scoring: an `agent_to_code` case is correct ("country and sector") when
//! all its `code['country']` assertions and its `code['code_1']`
//! assertions hold (several contradictory `code_1` values, as in
//! `test_gru`, are read as any-of), or, for cases asserting no actor, when
//! none is returned. A `None` result reads as empty strings (the NGEC
//! authors left open whether a non-actor is `None` or a dict of empty
//! values). Other methods: every assertion on the fields above must hold.
//!
//! Sector vocabulary: dyad's sectors are CAMEO's, where `MED` is the news
//! media and `HLH` health; NGEC writes PLOVER's agent codes, where `MED`
//! is medical and `JRN` journalism. Sectors are read through
//! [`plover_sector`] before they are compared; every other code is the
//! same in both.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use dyad_core::Actor;
use serde::Serialize;
use serde_json::Value;

use crate::date::Date;
use crate::error::KbError;
use crate::kb::KnowledgeBase;

/// A CAMEO sector code in PLOVER's agent vocabulary: `HLH` (health) is
/// PLOVER's `MED`, CAMEO's `MED` (news media) is PLOVER's `JRN`; other
/// codes are the same.
pub fn plover_sector(cameo: &str) -> &str {
    match cameo {
        "HLH" => "MED",
        "MED" => "JRN",
        other => other,
    }
}

/// The default location of the test file.
pub const DEFAULT_PATH: &str = "/work/shared/eval/ngec/ngec_actor_resolution_tests.jsonl";

/// Score of one method.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MethodScore {
    /// NGEC method name.
    pub method: String,
    /// Cases scored.
    pub cases: usize,
    /// Cases correct.
    pub correct: usize,
    /// `correct / cases`.
    pub accuracy: f64,
}

/// One failed case.
#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    /// NGEC test name (with `[value]` for parametrised cases).
    pub test: String,
    /// Method.
    pub method: String,
    /// The phrase.
    pub input: String,
    /// The context argument.
    pub context: String,
    /// The date argument.
    pub date: String,
    /// What the assertions want (`country=RUS code_1=GOV`).
    pub expected: String,
    /// What we returned.
    pub got: String,
    /// Failure kinds (`sector: expected MIL, got GOV`).
    pub kinds: Vec<String>,
    /// The test is marked `xfail` upstream.
    pub xfail: bool,
}

/// Wikipedia-title assertions, answered from knowledge-base names.
#[derive(Clone, Debug, Default, Serialize)]
pub struct WikiScore {
    /// Title assertions seen.
    pub cases: usize,
    /// Answered from a canonical name in the knowledge base.
    pub answered: usize,
    /// Of those, equal to the title.
    pub correct: usize,
    /// Not applicable: no Wikipedia look-up offline and no KB name.
    pub not_applicable: usize,
}

/// The evaluation report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct NgecReport {
    /// The test file.
    pub path: String,
    /// The day undated and "today" cases were read as.
    pub today: String,
    /// Test lines read.
    pub lines: usize,
    /// Per method.
    pub methods: Vec<MethodScore>,
    /// `agent_to_code`: country and sector correct.
    pub country_sector: MethodScore,
    /// `agent_to_code` cases asserting neither country nor sector (only
    /// Wikipedia titles, jobs or `code_2`): not scored.
    pub unscored: usize,
    /// `query_wiki` title assertions (and `code['wiki']`).
    pub wiki: WikiScore,
    /// Failure kinds, most common first.
    pub failure_kinds: Vec<(String, usize)>,
    /// Every failed case.
    pub failures: Vec<Failure>,
}

impl fmt::Display for NgecReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "NGEC actor resolution: {} ({} test lines; \"today\" = {})",
            self.path, self.lines, self.today
        )?;
        for m in &self.methods {
            writeln!(
                f,
                "  {:<22} {:>4} / {:<4} {:>6.1}%",
                m.method,
                m.correct,
                m.cases,
                100.0 * m.accuracy
            )?;
        }
        let cs = &self.country_sector;
        writeln!(
            f,
            "  country+sector (agent_to_code): {} / {} = {:.1}%  ({} cases without country/sector assertions not scored)",
            cs.correct,
            cs.cases,
            100.0 * cs.accuracy,
            self.unscored
        )?;
        let w = &self.wiki;
        writeln!(
            f,
            "  Wikipedia titles: {} assertions; {} answered from KB names ({} correct); {} not applicable (no Wikipedia lookup offline)",
            w.cases, w.answered, w.correct, w.not_applicable
        )?;
        writeln!(f, "  most common failure kinds:")?;
        for (k, n) in self.failure_kinds.iter().take(10) {
            writeln!(f, "    {n:>3}  {k}")?;
        }
        writeln!(f, "  failures ({}):", self.failures.len())?;
        for x in &self.failures {
            writeln!(
                f,
                "    {}{} {}({:?}, {:?}, {:?}): want {} got {}",
                x.test,
                if x.xfail { " [xfail]" } else { "" },
                x.method,
                x.input,
                x.context,
                x.date,
                x.expected,
                x.got
            )?;
        }
        Ok(())
    }
}

/// What a call returned, as NGEC would see it.
enum Outcome<'a> {
    Code(Option<Actor>),
    Nat(Option<(&'a str, String)>),
    Agent {
        sector: String,
        sector2: String,
        pattern: String,
        country: String,
    },
    Wiki(Option<String>),
}

/// A comparable value: a string, or `None`/null.
type Val = Option<String>;

impl Outcome<'_> {
    /// The value of an assertion's left-hand side; `Err` when it is not
    /// something we can compute (`len(...)`, `code['source']`).
    fn get(&self, lhs: &str) -> Result<Val, ()> {
        let field = lhs
            .split_once("['")
            .and_then(|(_, r)| r.strip_suffix("']"))
            .unwrap_or("");
        match self {
            Outcome::Code(a) => {
                if lhs == "code" {
                    return Ok(a.as_ref().map(|a| a.code.clone()));
                }
                let a = a.as_ref();
                let s = |v: Option<&String>| Ok(Some(v.cloned().unwrap_or_default()));
                let sec =
                    |v: Option<&String>| Ok(Some(plover_sector(v.map_or("", |v| v)).to_owned()));
                match field {
                    "country" => s(a.and_then(|a| a.country.as_ref())),
                    "code_1" => sec(a.and_then(|a| a.sector.as_ref())),
                    "code_2" => sec(a.and_then(|a| a.sector2.as_ref())),
                    "wiki" => s(a.and_then(|a| a.name.as_ref())),
                    "actor_wiki_job" => s(a.and_then(|a| a.role.as_ref())),
                    _ => Err(()),
                }
            }
            Outcome::Nat(n) => match lhs {
                "cc" => Ok(n.as_ref().map(|(c, _)| (*c).to_owned())),
                "text" => Ok(n.as_ref().map(|(_, t)| t.clone())),
                _ => Err(()),
            },
            Outcome::Agent {
                sector,
                sector2,
                pattern,
                country,
            } => match field {
                "code_1" => Ok(Some(plover_sector(sector).to_owned())),
                "code_2" => Ok(Some(plover_sector(sector2).to_owned())),
                "pattern" => Ok(Some(pattern.clone())),
                "country" => Ok(Some(country.clone())),
                _ => Err(()),
            },
            Outcome::Wiki(t) => match field {
                "title" => Ok(t.clone()),
                _ => Err(()),
            },
        }
    }
}

struct Assert {
    lhs: String,
    op: String,
    rhs: Vec<Val>,
}

impl Assert {
    fn holds(&self, v: &Val) -> bool {
        let any = self.rhs.iter().any(|r| r == v);
        match self.op.as_str() {
            "NotEq" | "IsNot" | "NotIn" => !any,
            _ => any,
        }
    }

    fn want(&self) -> String {
        let vals: Vec<String> = self
            .rhs
            .iter()
            .map(|v| v.clone().unwrap_or_else(|| "None".to_owned()))
            .collect();
        let op = if self.op == "NotEq" { "!=" } else { "=" };
        format!("{}{op}{}", short(&self.lhs), vals.join("|"))
    }
}

fn short(lhs: &str) -> &str {
    lhs.split_once("['")
        .and_then(|(_, r)| r.strip_suffix("']"))
        .unwrap_or(lhs)
}

/// Resolve an argument: `d['x']` -> `locals.d.x`.
fn arg(v: &Value, locals: &Value) -> Val {
    match v {
        Value::String(s) => {
            if let Some(key) = s.strip_prefix("d['").and_then(|r| r.strip_suffix("']")) {
                return locals
                    .get("d")
                    .and_then(|d| d.get(key))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
            }
            Some(s.clone())
        }
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn rhs_vals(v: &Value, locals: &Value) -> Vec<Val> {
    match v {
        Value::Array(xs) => xs.iter().map(|x| arg(x, locals)).collect(),
        other => vec![arg(other, locals)],
    }
}

/// The day the NGEC cases were written for: their latest dated case is
/// 2022-10-20, and a case dated "today" or undated means that time (Trump
/// is `ELI` then, Scholz chancellor). [`evaluate_at`] takes another day.
pub const SUITE_TODAY: Date = Date {
    y: 2022,
    m: 10,
    d: 20,
};

/// Run the tests of `path` against `kb`, reading "today" as
/// [`SUITE_TODAY`].
pub fn evaluate(path: &Path, kb: &KnowledgeBase) -> Result<NgecReport, KbError> {
    evaluate_at(path, kb, SUITE_TODAY)
}

/// Run the tests of `path` against `kb`, reading undated and "today"
/// cases as `today`.
pub fn evaluate_at(path: &Path, kb: &KnowledgeBase, today: Date) -> Result<NgecReport, KbError> {
    let text = std::fs::read_to_string(path).map_err(|source| KbError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut report = NgecReport {
        path: path.display().to_string(),
        today: today.to_string(),
        ..NgecReport::default()
    };
    let mut methods: BTreeMap<String, MethodScore> = BTreeMap::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = serde_json::from_str(line).map_err(|source| KbError::Json {
            path: path.to_owned(),
            line: n + 1,
            source,
        })?;
        report.lines += 1;
        let null = Value::Null;
        let locals = case.get("locals").unwrap_or(&null);
        let test = case.get("test").and_then(Value::as_str).unwrap_or("?");
        let xfail = case.get("xfail").is_some();
        let calls = case
            .get("calls")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let asserts: Vec<Assert> = case
            .get("asserts")
            .and_then(Value::as_array)
            .map(|v| {
                v.iter()
                    .map(|a| {
                        if let Some(expr) = a.get("expr").and_then(Value::as_str) {
                            // `not code`: no actor.
                            let _ = expr;
                            return Assert {
                                lhs: "code".to_owned(),
                                op: "Is".to_owned(),
                                rhs: vec![None],
                            };
                        }
                        Assert {
                            lhs: a
                                .get("lhs")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_owned(),
                            op: a
                                .get("op")
                                .and_then(Value::as_str)
                                .unwrap_or("Eq")
                                .to_owned(),
                            rhs: rhs_vals(a.get("rhs").unwrap_or(&null), locals),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let params: Vec<Option<String>> =
            match case.get("parametrize_values").and_then(Value::as_array) {
                Some(vs) => vs.iter().map(|v| v.as_str().map(str::to_owned)).collect(),
                None => vec![None],
            };
        for param in &params {
            let test_name = match param {
                Some(p) => format!("{test}[{p}]"),
                None => test.to_owned(),
            };
            for call in &calls {
                let method = call.get("method").and_then(Value::as_str).unwrap_or("?");
                let target = call.get("target").and_then(Value::as_str).unwrap_or("");
                let args: Vec<Val> = call
                    .get("args")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(|x| arg(x, locals)).collect())
                    .unwrap_or_default();
                let kwargs = call.get("kwargs").unwrap_or(&null);
                let input = param
                    .clone()
                    .or_else(|| args.first().cloned().flatten())
                    .unwrap_or_default();
                let context = args
                    .get(1)
                    .cloned()
                    .flatten()
                    .or_else(|| {
                        kwargs
                            .get("known_country")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .or_else(|| {
                        kwargs
                            .get("country")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .unwrap_or_default();
                let date_s = args
                    .get(2)
                    .cloned()
                    .flatten()
                    .or_else(|| {
                        kwargs
                            .get("query_date")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .unwrap_or_default();
                let date = Date::parse(&date_s).or(Some(today));
                // The assertions about this call's target.
                let prefix = target
                    .trim_start_matches('(')
                    .split([',', ')'])
                    .map(str::trim)
                    .collect::<Vec<_>>();
                let mine: Vec<&Assert> = asserts
                    .iter()
                    .filter(|a| {
                        let root = a.lhs.split('[').next().unwrap_or("");
                        prefix.contains(&root)
                    })
                    .collect();
                if mine.is_empty() {
                    continue;
                }
                let outcome = match method {
                    "agent_to_code" | "trf_agent_match" => {
                        Outcome::Code(kb.resolve(&input, &context, date))
                    }
                    "search_nat" => Outcome::Nat(kb.country(&input)),
                    "short_text_to_agent" => {
                        let (s, s2, p) = kb.agent(&input).unwrap_or(("", None, ""));
                        Outcome::Agent {
                            sector: s.to_owned(),
                            sector2: s2.unwrap_or("").to_owned(),
                            pattern: p.to_owned(),
                            country: kb
                                .country(&input)
                                .map(|(c, _)| c.to_owned())
                                .unwrap_or_default(),
                        }
                    }
                    "query_wiki" => {
                        Outcome::Wiki(kb.resolve(&input, &context, date).and_then(|a| {
                            match a.rule.as_str() {
                                r if r.starts_with("kb/") => a.name.or_else(|| {
                                    a.country
                                        .as_deref()
                                        .and_then(|c| kb.country_by_code(c))
                                        .map(|c| c.name.clone())
                                }),
                                _ => None,
                            }
                        }))
                    }
                    _ => continue,
                };
                // Wikipedia title assertions, scored apart.
                for a in &mine {
                    if short(&a.lhs) == "title" || short(&a.lhs) == "wiki" {
                        report.wiki.cases += 1;
                        match outcome.get(&a.lhs) {
                            Ok(Some(v)) if !v.is_empty() => {
                                report.wiki.answered += 1;
                                if a.holds(&Some(v)) {
                                    report.wiki.correct += 1;
                                }
                            }
                            _ => report.wiki.not_applicable += 1,
                        }
                    }
                }
                if method == "query_wiki" {
                    continue;
                }
                let scored: Vec<&Assert> = mine
                    .iter()
                    .copied()
                    .filter(|a| match method {
                        "agent_to_code" | "trf_agent_match" => {
                            matches!(short(&a.lhs), "country" | "code_1" | "code")
                        }
                        _ => outcome.get(&a.lhs).is_ok() && short(&a.lhs) != "title",
                    })
                    .collect();
                if scored.is_empty() {
                    if method == "agent_to_code" {
                        report.unscored += 1;
                    }
                    continue;
                }
                // Contradictory code_1 assertions read as any-of.
                let mut ok = true;
                let mut sector_any: Option<bool> = None;
                let mut fail_kinds = Vec::new();
                for a in &scored {
                    let v = outcome.get(&a.lhs).unwrap_or(None);
                    let holds = a.holds(&v);
                    if short(&a.lhs) == "code_1" && a.op == "Eq" {
                        sector_any = Some(sector_any.unwrap_or(false) || holds);
                        if !holds {
                            fail_kinds.push(kind_of(a, &v));
                        }
                    } else if !holds {
                        ok = false;
                        fail_kinds.push(kind_of(a, &v));
                    }
                }
                if sector_any == Some(false) {
                    ok = false;
                } else {
                    fail_kinds.retain(|k| !k.starts_with("sector"));
                }
                let m = methods
                    .entry(method.to_owned())
                    .or_insert_with(|| MethodScore {
                        method: method.to_owned(),
                        ..MethodScore::default()
                    });
                m.cases += 1;
                if ok {
                    m.correct += 1;
                } else {
                    for k in &fail_kinds {
                        *kinds.entry(format!("{method}: {k}")).or_default() += 1;
                    }
                    let expected: Vec<String> = scored.iter().map(|a| a.want()).collect();
                    report.failures.push(Failure {
                        test: test_name.clone(),
                        method: method.to_owned(),
                        input: input.clone(),
                        context: context.clone(),
                        date: date_s.clone(),
                        expected: expected.join(" "),
                        got: describe(&outcome),
                        kinds: fail_kinds,
                        xfail,
                    });
                }
            }
        }
    }
    for m in methods.values_mut() {
        m.accuracy = ratio(m.correct, m.cases);
    }
    if let Some(m) = methods.get("agent_to_code") {
        report.country_sector = MethodScore {
            method: "agent_to_code country+sector".to_owned(),
            ..m.clone()
        };
    }
    report.methods = methods.into_values().collect();
    let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    report.failure_kinds = kinds;
    Ok(report)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn kind_of(a: &Assert, got: &Val) -> String {
    let want = a.rhs.first().cloned().flatten();
    let got_s = got.clone().unwrap_or_default();
    let show = |s: &str| {
        if s.is_empty() {
            "none".to_owned()
        } else {
            s.to_owned()
        }
    };
    match short(&a.lhs) {
        "code" => {
            if want.is_none() {
                "expected no actor, got one".to_owned()
            } else {
                "code mismatch".to_owned()
            }
        }
        "country" => match (want.as_deref().unwrap_or(""), got_s.as_str()) {
            ("", _) => "country: expected none, got one".to_owned(),
            (_, "") => "country: missing".to_owned(),
            _ if a.op == "NotEq" => "country: unwanted value".to_owned(),
            _ => "country: wrong".to_owned(),
        },
        "code_1" => format!(
            "sector: expected {}, got {}",
            show(want.as_deref().unwrap_or("")),
            show(&got_s)
        ),
        other => format!("{other}: mismatch"),
    }
}

fn describe(o: &Outcome<'_>) -> String {
    match o {
        Outcome::Code(None) => "None".to_owned(),
        Outcome::Code(Some(a)) => format!(
            "{} (country={} code_1={} code_2={} rule={})",
            a.code,
            a.country.as_deref().unwrap_or(""),
            a.sector.as_deref().unwrap_or(""),
            a.sector2.as_deref().unwrap_or(""),
            a.rule
        ),
        Outcome::Nat(None) => "None".to_owned(),
        Outcome::Nat(Some((c, t))) => format!("({c}, {t:?})"),
        Outcome::Agent {
            sector,
            sector2,
            pattern,
            country,
        } => format!("code_1={sector} code_2={sector2} pattern={pattern:?} country={country}"),
        Outcome::Wiki(t) => format!("{t:?}"),
    }
}
