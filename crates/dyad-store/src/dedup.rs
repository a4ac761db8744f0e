//! Event deduplication: the pure part (keys, compatibility, choice among
//! candidates, scoring). The rule is described in `docs/store.md`.
//!
//! A mention joins an existing event when all of these hold:
//! - same source key and target key: the actor code when the actor is
//!   resolved; an unresolved side gets a key local to its article
//!   (`~<article id>:<lower-cased words>`), so it never merges across
//!   articles;
//! - same CAMEO root code, same `negated`, same modality;
//! - both have a date and the mention's date is within `window_days` of
//!   the event's date (the date of its first mention);
//! - compatible location: same country, or either missing.
//!
//! Among several candidates the one with the same location country wins,
//! then the nearest date, then the oldest event.

/// The clustering key of one side of an event.
pub(crate) fn actor_key(code: Option<&str>, words: Option<&str>, article_id: i64) -> String {
    match code {
        Some(c) if !c.is_empty() => c.to_owned(),
        _ => format!(
            "~{article_id}:{}",
            words.unwrap_or("").trim().to_lowercase()
        ),
    }
}

/// The outlet counted in `num_sources`: `Meta::source`, else the URL's
/// host, else the article itself (`article:<hash prefix>`). Lower-cased,
/// without a leading `www.`.
pub(crate) fn outlet(source: Option<&str>, url: Option<&str>, content_hash: &str) -> String {
    let norm = |s: &str| {
        let s = s.trim().to_lowercase();
        s.strip_prefix("www.").map(str::to_owned).unwrap_or(s)
    };
    if let Some(s) = source.filter(|s| !s.trim().is_empty()) {
        return norm(s);
    }
    if let Some(h) = url.and_then(url_host) {
        return norm(h);
    }
    format!("article:{}", content_hash.get(..16).unwrap_or(content_hash))
}

/// The host of an absolute URL (`https://user@www.bbc.co.uk:443/x` ->
/// `www.bbc.co.uk`).
pub(crate) fn url_host(url: &str) -> Option<&str> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_once(']').map_or(host_port, |(h, _)| h)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    let host = host.trim_start_matches('[');
    (!host.is_empty()).then_some(host)
}

/// Locations are compatible when both countries are the same or either is
/// missing.
pub(crate) fn compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// A candidate event found by the key and date-window lookup.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub(crate) id: i64,
    pub(crate) day: i64,
    pub(crate) country: Option<String>,
}

/// The event a mention (on `day`, in `country`) joins, if any.
pub(crate) fn choose(cands: &[Candidate], day: i64, country: Option<&str>) -> Option<i64> {
    cands
        .iter()
        .filter(|c| compatible(c.country.as_deref(), country))
        .min_by_key(|c| {
            let same_country = country.is_some() && c.country.as_deref() == country;
            (!same_country, (c.day - day).abs(), c.id)
        })
        .map(|c| c.id)
}

/// Pairwise agreement between predicted clusters and gold labels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PairScore {
    /// Pairs in the same predicted cluster and the same gold cluster.
    pub true_pairs: u64,
    /// Pairs merged by the store.
    pub predicted_pairs: u64,
    /// Pairs that should be merged.
    pub gold_pairs: u64,
    /// Predicted clusters.
    pub clusters: u64,
    /// Gold clusters.
    pub gold_clusters: u64,
}

impl PairScore {
    /// Of the merges made, the share that are right (1 when none made).
    pub fn precision(&self) -> f64 {
        if self.predicted_pairs == 0 {
            1.0
        } else {
            self.true_pairs as f64 / self.predicted_pairs as f64
        }
    }
    /// Of the merges due, the share made (1 when none due).
    pub fn recall(&self) -> f64 {
        if self.gold_pairs == 0 {
            1.0
        } else {
            self.true_pairs as f64 / self.gold_pairs as f64
        }
    }
}

/// Score mention clusters: `items` holds, per mention, the event id the
/// store gave it and the gold label it should share with the mentions of
/// the same real-world event.
pub fn pair_score<G: Ord + Clone>(items: &[(i64, G)]) -> PairScore {
    use std::collections::BTreeMap;
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut pred: BTreeMap<i64, u64> = BTreeMap::new();
    let mut gold: BTreeMap<G, u64> = BTreeMap::new();
    let mut both: BTreeMap<(i64, G), u64> = BTreeMap::new();
    for (p, g) in items {
        *pred.entry(*p).or_default() += 1;
        *gold.entry(g.clone()).or_default() += 1;
        *both.entry((*p, g.clone())).or_default() += 1;
    }
    PairScore {
        true_pairs: both.values().map(|&n| pairs(n)).sum(),
        predicted_pairs: pred.values().map(|&n| pairs(n)).sum(),
        gold_pairs: gold.values().map(|&n| pairs(n)).sum(),
        clusters: pred.len() as u64,
        gold_clusters: gold.len() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_actors_are_article_local() {
        assert_eq!(actor_key(Some("RUS"), Some("Russia"), 7), "RUS");
        assert_eq!(
            actor_key(None, Some(" The Protesters "), 7),
            "~7:the protesters"
        );
        assert_ne!(
            actor_key(None, Some("protesters"), 7),
            actor_key(None, Some("protesters"), 8)
        );
        assert_eq!(actor_key(Some(""), None, 3), "~3:");
    }

    #[test]
    fn outlets() {
        assert_eq!(
            outlet(Some("BBC.co.uk"), Some("https://x.org/"), "ab"),
            "bbc.co.uk"
        );
        assert_eq!(
            outlet(None, Some("https://user@www.Reuters.com:443/a?b#c"), "ab"),
            "reuters.com"
        );
        assert_eq!(outlet(Some("  "), Some("http://[::1]:8080/x"), "ab"), "::1");
        assert_eq!(
            outlet(None, Some("not a url"), "0123456789abcdef99"),
            "article:0123456789abcdef"
        );
        assert_eq!(url_host("https:///path"), None);
    }

    #[test]
    fn candidate_choice() {
        let c = |id, day, country: Option<&str>| Candidate {
            id,
            day,
            country: country.map(str::to_owned),
        };
        let cands = [c(1, 10, None), c(2, 11, Some("UKR")), c(3, 10, Some("POL"))];
        // Same country beats a nearer date.
        assert_eq!(choose(&cands, 10, Some("UKR")), Some(2));
        // Missing country: nearest date, then oldest.
        assert_eq!(choose(&cands, 10, None), Some(1));
        // Incompatible country only: no merge.
        assert_eq!(choose(&[c(3, 10, Some("POL"))], 10, Some("UKR")), None);
        assert_eq!(choose(&[], 10, None), None);
    }

    #[test]
    fn pair_scores() {
        // Gold: {a,a,a}, {b}; predicted: {1,1}, {2,2}.
        let s = pair_score(&[(1, 'a'), (1, 'a'), (2, 'a'), (2, 'b')]);
        assert_eq!(s.gold_pairs, 3);
        assert_eq!(s.predicted_pairs, 2);
        assert_eq!(s.true_pairs, 1);
        assert!((s.precision() - 0.5).abs() < 1e-9);
        assert!((s.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!((s.clusters, s.gold_clusters), (2, 2));
    }
}
