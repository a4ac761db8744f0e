//! ISO dates without a date library: `YYYY-MM-DD` <-> day numbers.

/// The `YYYY-MM-DD` at the start of `s` (`2024-03-05T10:00:00Z` gives
/// `2024-03-05`), when it is a real calendar date.
pub(crate) fn normalize(s: &str) -> Option<String> {
    let s = s.trim();
    let head = s.get(..10)?;
    let b = head.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    if s.len() > 10 && s.as_bytes()[10].is_ascii_digit() {
        return None;
    }
    let y: i64 = head[0..4].parse().ok()?;
    let m: i64 = head[5..7].parse().ok()?;
    let d: i64 = head[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(head.to_owned())
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a normalized `YYYY-MM-DD` date.
pub(crate) fn to_days(iso: &str) -> Option<i64> {
    let iso = normalize(iso)?;
    let y: i64 = iso[0..4].parse().ok()?;
    let m: i64 = iso[5..7].parse().ok()?;
    let d: i64 = iso[8..10].parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` of a day number (clamped to years 0..=9999).
pub(crate) fn from_days(z: i64) -> String {
    let z = z.clamp(-719_468, 2_932_896) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Now, as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub(crate) fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let day = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        from_days(day),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_rejects() {
        assert_eq!(
            normalize("2024-02-29T10:00Z").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(normalize(" 2024-03-05 "), Some("2024-03-05".into()));
        assert_eq!(normalize("2023-02-29"), None);
        assert_eq!(normalize("2024-13-01"), None);
        assert_eq!(normalize("2024-1-01"), None);
        assert_eq!(normalize("20240101"), None);
        assert_eq!(normalize("2024-01-011"), None);
        assert_eq!(normalize("é"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(to_days("1970-01-01"), Some(0));
        assert_eq!(to_days("2000-03-01"), Some(11_017));
        for z in (-700_000..2_900_000).step_by(997) {
            let s = from_days(z);
            assert_eq!(to_days(&s), Some(z), "{s}");
        }
        assert_eq!(
            from_days(to_days("2024-12-31").unwrap_or(0) + 1),
            "2025-01-01"
        );
    }
}
