//! Calendar dates for date-aware resolution.

use std::fmt;

use serde::Serialize;

/// A calendar date (proleptic Gregorian), compared chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    /// Year.
    pub y: u16,
    /// Month, 1-12.
    pub m: u8,
    /// Day, 1-31.
    pub d: u8,
}

/// The date used when none is given ("today" for this build of the
/// knowledge base).
pub const TODAY: Date = Date {
    y: 2026,
    m: 11,
    d: 28,
};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl Date {
    /// A date from its parts, checked (`None` for month 13 or day 0).
    pub fn new(y: u16, m: u8, d: u8) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date { y, m, d })
    }

    /// Parse a date as found in metadata or test data.
    ///
    /// Accepts `YYYY-MM-DD` (anything after the tenth character, such as a
    /// time, is ignored), `YYYYMMDD`, `10 May 2015`, `1 july 2021`,
    /// `October 1, 2021`, `Oct 1 2021`. Returns `None` for `today`,
    /// `Today`, the empty string and anything unparseable: callers treat
    /// `None` as [`TODAY`].
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if s.is_empty() || s.eq_ignore_ascii_case("today") {
            return None;
        }
        let b = s.as_bytes();
        if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            return Date::new(
                s.get(0..4)?.parse().ok()?,
                s.get(5..7)?.parse().ok()?,
                s.get(8..10)?.parse().ok()?,
            );
        }
        if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            return Date::new(
                s[0..4].parse().ok()?,
                s[4..6].parse().ok()?,
                s[6..8].parse().ok()?,
            );
        }
        // Word forms: a day, a month name, a year in any order of
        // `D Month Y` or `Month D, Y`.
        let mut day = None;
        let mut month = None;
        let mut year = None;
        for part in s.split(|c: char| c.is_whitespace() || c == ',' || c == '.') {
            if part.is_empty() {
                continue;
            }
            if let Ok(n) = part.parse::<u32>() {
                if n > 31 {
                    year = Some(u16::try_from(n).ok()?);
                } else if day.is_none() {
                    day = Some(n as u8);
                } else {
                    return None;
                }
            } else {
                let p = part.to_ascii_lowercase();
                let p = p.trim_end_matches(|c: char| !c.is_ascii_alphabetic());
                let m = MONTHS
                    .iter()
                    .position(|m| p.len() >= 3 && m.starts_with(p))?;
                month = Some(m as u8 + 1);
            }
        }
        Date::new(year?, month?, day?)
    }

    /// `date`, or [`TODAY`] when `None`.
    pub fn or_today(date: Option<Date>) -> Date {
        date.unwrap_or(TODAY)
    }
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms() {
        let may = Date::new(2015, 5, 10);
        assert_eq!(Date::parse("2015-05-10"), may);
        assert_eq!(Date::parse("2015-05-10T12:00:00Z"), may);
        assert_eq!(Date::parse("20150510"), may);
        assert_eq!(Date::parse("10 May 2015"), may);
        assert_eq!(Date::parse("1 july 2021"), Date::new(2021, 7, 1));
        assert_eq!(Date::parse("October 1, 2021"), Date::new(2021, 10, 1));
        assert_eq!(Date::parse("12 April 2022"), Date::new(2022, 4, 12));
        assert_eq!(Date::parse("today"), None);
        assert_eq!(Date::parse("Today"), None);
        assert_eq!(Date::parse(""), None);
        assert_eq!(Date::parse("2021-02-30"), None);
        assert_eq!(Date::or_today(None), TODAY);
        assert_eq!(TODAY.to_string(), "2026-11-28");
        assert!(Date::new(2017, 4, 1) < Date::new(2022, 1, 10));
    }
}
