//! What the labeller knows about a sentence beyond its words: the
//! part-of-speech tags (from `doc.tags` or the bundled tagger), the
//! document-level flags of [`super::document`], and the capitalised runs
//! of the sentence with the organisation keyword they end in.
//!
//! Organisation names are the recogniser's weakest type because most are
//! unseen compounds of ordinary capitalised words ("Aberdeen Grammar
//! School", "Cambridge Whig Club"). What they share is their head — the
//! last word of the capitalised run — so every token of a run gets the
//! run's last word and whether it is a known organisation keyword.

use dyad_core::Tagging;

/// Extra per-token inputs of a sentence (either slice may be empty:
/// the features then say "unknown").
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Context<'a> {
    /// Part-of-speech tags, parallel to the tokens.
    pub tags: &'a [Tagging],
    /// Document flags ([`super::document::flags`]), parallel to the tokens.
    pub doc: &'a [u16],
}

/// Head words of organisation names (matched on the run's last word).
const ORG_HEADS: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "co",
    "co.",
    "ltd",
    "ltd.",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "company",
    "companies",
    "group",
    "holdings",
    "partners",
    "bank",
    "university",
    "college",
    "school",
    "academy",
    "institute",
    "institution",
    "foundation",
    "association",
    "society",
    "club",
    "council",
    "committee",
    "commission",
    "agency",
    "department",
    "ministry",
    "office",
    "bureau",
    "authority",
    "board",
    "service",
    "services",
    "party",
    "union",
    "federation",
    "league",
    "organization",
    "organisation",
    "alliance",
    "coalition",
    "movement",
    "front",
    "army",
    "navy",
    "force",
    "forces",
    "police",
    "guard",
    "court",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "administration",
    "government",
    "church",
    "times",
    "post",
    "news",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "press",
    "magazine",
    "network",
    "channel",
    "radio",
    "television",
    "tv",
    "airlines",
    "airways",
    "motors",
    "systems",
    "technologies",
    "industries",
    "labs",
    "laboratories",
    "media",
    "records",
    "studios",
    "pictures",
    "center",
    "centre",
    "hospital",
    "library",
    "museum",
    "team",
    "fund",
    "trust",
    "bureau",
    "reserve",
    "exchange",
    "network",
    "brigade",
];

/// Words that may join two capitalised words inside one run.
const JOINERS: &[&str] = &["of", "for", "&", "de", "on"];

fn capitalised(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase) && t.chars().any(char::is_alphabetic)
}

/// Whether a lower-cased word heads organisation names.
pub(crate) fn is_org_head(lower: &str) -> bool {
    ORG_HEADS.contains(&lower)
}

/// A token's place in a capitalised run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Run {
    /// First token of the run.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// The capitalised run of every token (`None` outside runs). A run is a
/// maximal sequence of capitalised tokens, possibly joined by `of`, `for`,
/// `&`, `de`, `on` between two capitalised tokens; the
/// sentence-initial word starts a run only when the next word is
/// capitalised too.
pub(crate) fn runs(toks: &[String], out: &mut Vec<Option<Run>>) {
    let n = toks.len();
    out.clear();
    out.resize(n, None);
    let mut i = 0;
    while i < n {
        if !capitalised(&toks[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end < n && capitalised(&toks[end]) {
                end += 1;
            } else if end + 1 < n
                && JOINERS.contains(&toks[end].as_str())
                && capitalised(&toks[end + 1])
            {
                end += 2;
            } else {
                break;
            }
        }
        if !(start == 0 && end == 1) {
            for o in &mut out[start..end] {
                *o = Some(Run { start, end });
            }
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_runs_with_joiners() {
        let toks: Vec<String> = "He went to the Bank of England and Harrow School in 1801 ."
            .split(' ')
            .map(str::to_owned)
            .collect();
        let mut out = Vec::new();
        runs(&toks, &mut out);
        assert_eq!(out[0], None, "a lone sentence-initial word is no run");
        assert_eq!(out[4], Some(Run { start: 4, end: 7 }));
        assert_eq!(out[6], Some(Run { start: 4, end: 7 }));
        assert_eq!(out[7], None);
        assert_eq!(out[9], Some(Run { start: 8, end: 10 }));
        assert!(is_org_head("school"));
        assert!(!is_org_head("england"));
        runs(&[], &mut out);
        assert!(out.is_empty());
    }
}
