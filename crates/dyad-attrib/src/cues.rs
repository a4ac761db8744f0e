//! Speech cues: the verbs and phrases that introduce what someone said.
//!
//! Written by hand for news English (reporting verbs from style guides and
//! attribution studies such as PARC). A cue is found by its lemma: the
//! tagger's lemma when the document has tags, else this module's own
//! inflection table, so quotes work with or without the statistical stages.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Reporting verbs, by lemma.
const VERBS: &[&str] = &[
    "say",
    "state",
    "remark",
    "add",
    "assert",
    "declare",
    "argue",
    "maintain",
    "emphasise",
    "emphasize",
    "tell",
    "ask",
    "respond",
    "reply",
    "insist",
    "note",
    "write",
    "explain",
    "warn",
    "claim",
    "announce",
    "continue",
    "conclude",
    "acknowledge",
    "admit",
    "suggest",
    "recall",
    "predict",
    "stress",
    "urge",
    "complain",
    "joke",
    "observe",
    "comment",
    "concede",
    "contend",
    "counter",
    "quip",
    "reiterate",
    "vow",
    "pledge",
    "promise",
    "threaten",
    "caution",
    "confirm",
    "deny",
    "describe",
    "indicate",
    "report",
    "reveal",
    "disclose",
    "tweet",
    "post",
    "answer",
    "agree",
    "believe",
    "think",
    "hope",
    "fear",
    "demand",
    "propose",
    "underline",
    "underscore",
    "highlight",
    "point",
    "rule",
    "express",
    "voice",
    "signal",
    "allege",
    "accuse",
    "testify",
    "mention",
    "assure",
    "boast",
    "lament",
    "concur",
    "retort",
    "scoff",
    "shout",
    "whisper",
    "exclaim",
    "muse",
    "speculate",
    "estimate",
    "forecast",
    "inform",
    "brief",
    "reckon",
    "rebut",
    "dismiss",
    "reject",
    "criticise",
    "criticize",
    "praise",
    "welcome",
    "condemn",
    "call",
    "plead",
    "protest",
    "object",
    "question",
    "wonder",
    "query",
    "stipulate",
    "specify",
    "clarify",
    "elaborate",
    "emphasise",
    "proclaim",
    "pronounce",
    "attest",
    "certify",
    "affirm",
    "contest",
    "dispute",
    "explain",
    "repeat",
    "summarise",
    "summarize",
    "tell",
];

/// Irregular past tenses and participles.
const IRREGULAR: &[(&str, &str)] = &[
    ("said", "say"),
    ("told", "tell"),
    ("wrote", "write"),
    ("written", "write"),
    ("thought", "think"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("forecast", "forecast"),
    ("forecasted", "forecast"),
];

/// Nouns that make a cue with `express`, `voice`, `make`... (`expressed
/// confidence`, `voiced skepticism`).
pub(crate) const STANCE_NOUNS: &[&str] = &[
    "confidence",
    "concern",
    "concerns",
    "hope",
    "hopes",
    "doubt",
    "doubts",
    "skepticism",
    "scepticism",
    "displeasure",
    "support",
    "opposition",
    "frustration",
    "anger",
    "regret",
    "optimism",
    "pessimism",
    "satisfaction",
    "dissatisfaction",
    "gratitude",
    "surprise",
    "disappointment",
    "alarm",
    "outrage",
    "reservations",
    "sympathy",
    "solidarity",
    "readiness",
    "willingness",
    "condolences",
    "fears",
    "fear",
    "objections",
    "criticism",
    "dismay",
];

/// Verbs whose object noun is the cue (`expressed his displeasure`).
pub(crate) const LIGHT_VERBS: &[&str] =
    &["express", "voice", "signal", "register", "convey", "share"];

static FORMS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for &v in VERBS {
        for f in inflections(v) {
            m.entry(f).or_insert(v);
        }
    }
    for &(f, l) in IRREGULAR {
        m.insert(f.to_owned(), l);
    }
    m
});

fn inflections(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_owned()];
    let ends_e = lemma.ends_with('e');
    let stem_e = lemma.trim_end_matches('e');
    let cvc = {
        let b: Vec<char> = lemma.chars().collect();
        let n = b.len();
        let vowel = |c: char| "aeiou".contains(c);
        n >= 3
            && !vowel(b[n - 1])
            && vowel(b[n - 2])
            && !vowel(b[n - 3])
            && !"wxy".contains(b[n - 1])
    };
    if lemma.ends_with('y')
        && !lemma.ends_with("ay")
        && !lemma.ends_with("ey")
        && !lemma.ends_with("oy")
    {
        let stem = &lemma[..lemma.len() - 1];
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
    } else {
        if lemma.ends_with('s')
            || lemma.ends_with("sh")
            || lemma.ends_with("ch")
            || lemma.ends_with('x')
        {
            out.push(format!("{lemma}es"));
        } else {
            out.push(format!("{lemma}s"));
        }
        out.push(if ends_e {
            format!("{lemma}d")
        } else {
            format!("{lemma}ed")
        });
    }
    out.push(if ends_e && lemma != "see" {
        format!("{stem_e}ing")
    } else {
        format!("{lemma}ing")
    });
    // admit -> admitted, quip -> quipped, rebut -> rebutted (stress-final
    // short verbs; the extra forms do no harm for the others).
    if cvc {
        let last = lemma.chars().last().unwrap_or('x');
        out.push(format!("{lemma}{last}ed"));
        out.push(format!("{lemma}{last}ing"));
    }
    out
}

/// The cue lemma of a verb form (`remarked` -> `remark`), if it is a
/// reporting verb. `tag_lemma` is the tagger's lemma when available.
pub(crate) fn verb_lemma(form: &str, tag_lemma: Option<&str>) -> Option<&'static str> {
    let lower = form.to_lowercase();
    if let Some(l) = tag_lemma {
        let l = l.to_lowercase();
        if let Some(&v) = VERBS.iter().find(|&&v| v == l) {
            return Some(v);
        }
    }
    FORMS.get(&lower).copied()
}

/// True for a stance noun that can follow a light verb.
pub(crate) fn is_stance_noun(word: &str) -> bool {
    let lower = word.to_lowercase();
    STANCE_NOUNS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_map_to_lemmas() {
        assert_eq!(verb_lemma("said", None), Some("say"));
        assert_eq!(verb_lemma("remarked", None), Some("remark"));
        assert_eq!(verb_lemma("argued", None), Some("argue"));
        assert_eq!(verb_lemma("emphasized", None), Some("emphasize"));
        assert_eq!(verb_lemma("denies", None), Some("deny"));
        assert_eq!(verb_lemma("admitted", None), Some("admit"));
        assert_eq!(verb_lemma("Declared", None), Some("declare"));
        assert_eq!(verb_lemma("table", None), None);
        assert_eq!(verb_lemma("responded", Some("respond")), Some("respond"));
    }
}
