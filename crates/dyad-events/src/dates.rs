//! Calendar dates: the document date and relative days (`on Monday`).

use std::fmt;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ymd {
    y: i32,
    m: u32,
    d: u32,
}

/// Days since 1970-01-01 (Howard Hinnant's civil calendar algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Ymd {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    Ymd { y, m, d }
}

impl Ymd {
    /// `YYYY-MM-DD` at the start of `s` (an ISO timestamp is fine).
    pub(crate) fn parse(s: &str) -> Option<Ymd> {
        let s = s.get(..10)?;
        let mut it = s.split('-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(Ymd { y, m, d })
    }

    /// Monday = 0 .. Sunday = 6.
    fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (days_from_civil(self.y, self.m, self.d) + 3).rem_euclid(7) as u32
    }

    /// The latest `day` (Monday = 0) on or before this date: news says
    /// `on Monday` of the past few days.
    pub(crate) fn last_weekday(self, day: u32) -> Ymd {
        let back = (self.weekday() + 7 - day) % 7;
        civil_from_days(days_from_civil(self.y, self.m, self.d) - i64::from(back))
    }
}

impl fmt::Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// Monday = 0 .. Sunday = 6 for a lower-case day name.
pub(crate) fn weekday(word: &str) -> Option<u32> {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .position(|d| *d == word)
    .map(|p| p as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn weekdays() {
        let d = Ymd::parse("2025-02-18T10:00:00Z").unwrap();
        assert_eq!(d.weekday(), 1); // a Tuesday
        assert_eq!(d.last_weekday(0).to_string(), "2025-02-17");
        assert_eq!(d.last_weekday(1).to_string(), "2025-02-18");
        assert_eq!(d.last_weekday(4).to_string(), "2025-02-14");
        assert_eq!(
            Ymd::parse("2024-03-01")
                .unwrap()
                .last_weekday(3)
                .to_string(),
            "2024-02-29"
        );
        assert!(Ymd::parse("2025-13-01").is_none());
        assert!(Ymd::parse("yesterday").is_none());
        assert_eq!(weekday("sunday"), Some(6));
    }

    proptest! {
        #[test]
        fn civil_round_trip(z in -1_000_000i64..1_000_000) {
            let d = civil_from_days(z);
            prop_assert_eq!(days_from_civil(d.y, d.m, d.d), z);
        }
    }
}
