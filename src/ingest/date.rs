//! Parsing of date cells (`2022-04-01`, `2022/4/1`, `2022年4月1日`, `20220401`, `2022-04`, `2022年4月`)
//! into day intervals, and the calendar arithmetic behind them.

use std::fmt;

/// A day, counted from 1970-01-01 (day 0), as polars stores dates.
pub type Day = i32;

/// What a date cell says: a day, or a whole month when only the month is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    /// The first day the cell can mean (the 1st for a month-precision date).
    pub from: Day,
    /// The last day the cell can mean (the same day, or the month's last day).
    pub to: Day,
}

impl DateSpan {
    /// True when the cell gave a month but no day.
    pub fn is_month(self) -> bool {
        self.from != self.to
    }

    /// A sortable key that keeps the precision: `from * 2`, plus one for a month-precision date.
    pub fn key(self) -> i32 {
        self.from * 2 + i32::from(self.is_month())
    }
}

/// A date as it was given, decoded from [`DateSpan::key`]; displays as `YYYY-MM-DD` or `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateKey(pub i32);

impl fmt::Display for DateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0.div_euclid(2));
        if self.0.rem_euclid(2) == 1 {
            write!(f, "{y:04}-{m:02}")
        } else {
            write!(f, "{y:04}-{m:02}-{d:02}")
        }
    }
}

impl serde::Serialize for DateKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Parses a date cell. `Ok(None)` for an empty cell (unknown date); an error names the value.
///
/// Accepted: `Y-M-D`, `Y/M/D`, `Y.M.D`, `Y年M月D日` (日 or 号 optional), `YYYYMMDD`, and month
/// precision `Y-M`, `Y/M`, `Y年M月`, each with or without leading zeros.
pub fn parse_date(cell: &str) -> Result<Option<DateSpan>, String> {
    let s = cell.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad =
        || format!("date '{s}' is not a date (expected e.g. 2022-04-01, 2022年4月1日 or 2022-04)");
    let parts: Vec<&str> = if s.contains('年') {
        let rest = s
            .strip_suffix('日')
            .or_else(|| s.strip_suffix('号'))
            .unwrap_or(s);
        let (y, rest) = rest.split_once('年').ok_or_else(bad)?;
        match rest.split_once('月') {
            Some((m, "")) => vec![y, m],
            Some((m, d)) => vec![y, m, d],
            None => return Err(bad()),
        }
    } else if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        vec![&s[0..4], &s[4..6], &s[6..8]]
    } else {
        let sep = ['-', '/', '.']
            .into_iter()
            .find(|c| s.contains(*c))
            .ok_or_else(bad)?;
        s.split(sep).collect()
    };
    let num = |p: &str, max_len: usize| -> Result<u32, String> {
        let p = p.trim();
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse().map_err(|_| bad())
    };
    let (year, month, day) = match parts.as_slice() {
        [y, m] => (num(y, 4)?, num(m, 2)?, None),
        [y, m, d] => (num(y, 4)?, num(m, 2)?, Some(num(d, 2)?)),
        _ => return Err(bad()),
    };
    if parts[0].trim().len() != 4 || !(1..=12).contains(&month) {
        return Err(bad());
    }
    let year = year as i32;
    let last = days_in_month(year, month);
    match day {
        Some(d) if d == 0 || d > last => Err(format!(
            "date '{s}' does not exist: {year:04}-{month:02} has {last} days"
        )),
        Some(d) => {
            let day = days_from_civil(year, month, d);
            Ok(Some(DateSpan { from: day, to: day }))
        }
        None => Ok(Some(DateSpan {
            from: days_from_civil(year, month, 1),
            to: days_from_civil(year, month, last),
        })),
    }
}

/// Parses a `--from`/`--to` bound: a day, or a month meaning its first day (`end = false`) or its
/// last day (`end = true`).
pub fn parse_bound(s: &str, end: bool) -> Result<Day, String> {
    match parse_date(s)? {
        Some(span) => Ok(if end { span.to } else { span.from }),
        None => Err("an empty date is not a bound".to_string()),
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: Day) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// `YYYY-MM-DD` of a day count.
pub fn format_day(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM` of a day count.
pub fn format_month(day: Day) -> String {
    let (y, m, _) = civil_from_days(day);
    format!("{y:04}-{m:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        let span = parse_date(s).unwrap().unwrap();
        assert!(!span.is_month(), "{s}");
        span.from
    }

    #[test]
    fn every_day_form_gives_the_same_day() {
        let d = days_from_civil(2022, 4, 1);
        for s in [
            "2022-04-01",
            "2022-4-1",
            "2022/4/1",
            "2022/04/01",
            "2022年4月1日",
            "2022年04月01日",
            "2022年4月1号",
            "20220401",
            "2022.4.1",
            " 2022-04-01 ",
        ] {
            assert_eq!(day(s), d, "{s}");
        }
        assert_eq!(format_day(d), "2022-04-01");
    }

    #[test]
    fn month_precision_spans_the_whole_month() {
        for s in ["2022-04", "2022-4", "2022/4", "2022年4月"] {
            let span = parse_date(s).unwrap().unwrap();
            assert_eq!(span.from, days_from_civil(2022, 4, 1), "{s}");
            assert_eq!(span.to, days_from_civil(2022, 4, 30), "{s}");
            assert!(span.is_month());
            assert_eq!(DateKey(span.key()).to_string(), "2022-04");
        }
        let feb = parse_date("2024-02").unwrap().unwrap();
        assert_eq!(format_day(feb.to), "2024-02-29");
    }

    #[test]
    fn empty_is_unknown() {
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(parse_date("  "), Ok(None));
    }

    #[test]
    fn every_rejection_rule() {
        for s in [
            "2022-13-40",
            "2022-13",
            "2022-00-10",
            "2022-02-30",
            "2023-02-29",
            "2022-04-31",
            "昨天",
            "2022",
            "22-04-01",
            "2022-04-01-01",
            "2022年13月",
            "2022年4月0日",
            "20221340",
            "2022-4-x",
            "abc",
            "2022--01",
            "1 April 2022",
        ] {
            assert!(parse_date(s).is_err(), "{s} should be rejected");
        }
        assert!(parse_date("2022-02-30").unwrap_err().contains("28 days"));
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2000-02-29").is_ok());
        assert!(parse_date("1900-02-29").is_err());
    }

    #[test]
    fn civil_round_trip() {
        for z in -800_000..800_000 {
            if z % 997 != 0 {
                continue;
            }
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn bounds_take_a_months_first_or_last_day() {
        assert_eq!(
            parse_bound("2022-04", false),
            Ok(days_from_civil(2022, 4, 1))
        );
        assert_eq!(
            parse_bound("2022-04", true),
            Ok(days_from_civil(2022, 4, 30))
        );
        assert_eq!(
            parse_bound("2022-04-15", true),
            Ok(days_from_civil(2022, 4, 15))
        );
        assert!(parse_bound("someday", false).is_err());
    }
}
