//! Query parameters: parsed from the query string into a struct that
//! refuses unknown fields (a typo is an `invalid_parameter` problem, not a
//! silently ignored filter), then validated one by one with messages
//! naming the parameter. Empty values (`?from=`) count as absent.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::Problem;

/// Default page size of the list endpoints.
pub(crate) const DEFAULT_LIMIT: u32 = 50;
/// Largest page size.
pub(crate) const MAX_LIMIT: u32 = 1000;

/// Query parameters of type `T` (a struct with `deny_unknown_fields`).
#[derive(Debug)]
pub(crate) struct Params<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Problem> {
        let q = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(q)
            .map(Params)
            .map_err(|e| Problem::param(format!("query string: {e}")))
    }
}

/// The trimmed value, `None` when absent or empty.
pub(crate) fn given(v: Option<&String>) -> Option<&str> {
    v.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// The trimmed value as an owned string, `None` when absent or empty.
pub(crate) fn owned(v: Option<&String>) -> Option<String> {
    given(v).map(str::to_owned)
}

/// `limit`: 1..=1000, default 50.
pub(crate) fn limit(v: Option<&String>) -> Result<u32, Problem> {
    match given(v) {
        None => Ok(DEFAULT_LIMIT),
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(Problem::param(format!(
                "limit must be a whole number from 1 to {MAX_LIMIT}, got {s:?}"
            ))),
        },
    }
}

/// `cursor`: the opaque `next_cursor` of the previous page (the last id).
pub(crate) fn cursor(v: Option<&String>) -> Result<Option<i64>, Problem> {
    match given(v) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or_else(|| {
                Problem::param(format!(
                    "cursor must be a next_cursor returned by the previous page, got {s:?}"
                ))
            }),
    }
}

/// The cursor to return for a page's `next`.
pub(crate) fn next_cursor(next: Option<i64>) -> Option<String> {
    next.map(|n| n.to_string())
}

/// A boolean flag: `true`/`false`/`1`/`0` (absent: false).
pub(crate) fn flag(name: &str, v: Option<&String>) -> Result<bool, Problem> {
    match given(v) {
        None => Ok(false),
        Some("true" | "1" | "yes") => Ok(true),
        Some("false" | "0" | "no") => Ok(false),
        Some(s) => Err(Problem::param(format!(
            "{name} must be true or false, got {s:?}"
        ))),
    }
}

/// A date `YYYY-MM-DD`.
pub(crate) fn date(name: &str, v: Option<&String>) -> Result<Option<String>, Problem> {
    match given(v) {
        None => Ok(None),
        Some(s) if dyad_core::is_iso_day(s) => Ok(Some(s.to_owned())),
        Some(s) => Err(Problem::param(format!(
            "{name} must be a date YYYY-MM-DD, got {s:?}"
        ))),
    }
}

/// An article's date: `YYYY-MM-DD`, optionally followed by a time
/// (`2025-02-18T14:03:00Z`), as the readers give it.
pub(crate) fn is_article_date(s: &str) -> bool {
    match s.get(..10) {
        Some(day) if dyad_core::is_iso_day(day) => {
            s.len() == 10 || matches!(s.as_bytes().get(10), Some(b'T' | b' '))
        }
        _ => false,
    }
}

/// A CAMEO quad class 1..=4.
pub(crate) fn quad(v: Option<&String>) -> Result<Option<u8>, Problem> {
    match given(v) {
        None => Ok(None),
        Some(s) => match s.parse::<u8>() {
            Ok(n @ 1..=4) => Ok(Some(n)),
            _ => Err(Problem::param(format!(
                "quad must be a quad class 1 to 4, got {s:?}"
            ))),
        },
    }
}

/// One of a fixed set of values.
pub(crate) fn one_of(
    name: &str,
    v: Option<&String>,
    allowed: &[&str],
) -> Result<Option<String>, Problem> {
    match given(v) {
        None => Ok(None),
        Some(s) => {
            let lc = s.to_lowercase();
            if allowed.contains(&lc.as_str()) {
                Ok(Some(lc))
            } else {
                Err(Problem::param(format!(
                    "{name} must be one of {}, got {s:?}",
                    allowed.join(", ")
                )))
            }
        }
    }
}

/// A positive id from a path segment.
pub(crate) fn id(s: &str) -> Result<i64, Problem> {
    s.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| Problem::param(format!("id must be a positive whole number, got {s:?}")))
}

/// A whole number parameter.
pub(crate) fn int(name: &str, v: Option<&String>) -> Result<Option<i64>, Problem> {
    match given(v) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| Problem::param(format!("{name} must be a whole number, got {s:?}"))),
    }
}

/// `SRC,TGT` (either side may be empty).
pub(crate) fn dyad(v: Option<&String>) -> Result<(Option<String>, Option<String>), Problem> {
    match given(v) {
        None => Ok((None, None)),
        Some(d) => {
            let (s, t) = d.split_once(',').ok_or_else(|| {
                Problem::param(format!(
                    "dyad must be SOURCE,TARGET (e.g. USA,RUS), got {d:?}"
                ))
            })?;
            let side = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
            Ok((side(s), side(t)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(dyad_core::is_iso_day("2025-02-18"));
        assert!(!dyad_core::is_iso_day("2025-13-18"));
        assert!(!dyad_core::is_iso_day("18/02/2025"));
        assert!(is_article_date("2025-02-18T14:03:00Z"));
        assert!(!is_article_date("2025-02-18x"));
    }

    #[test]
    fn limits_and_cursors() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(limit(None).ok(), Some(50));
        assert_eq!(limit(s("1000").as_ref()).ok(), Some(1000));
        assert!(limit(s("1001").as_ref()).is_err());
        assert!(limit(s("0").as_ref()).is_err());
        assert_eq!(cursor(s("12").as_ref()).ok(), Some(Some(12)));
        assert!(cursor(s("abc").as_ref()).is_err());
        assert_eq!(limit(s("").as_ref()).ok(), Some(50));
    }
}
