//! Parsing of date cells (`2022-04-01`, `2022/4/1`, `2022年4月1日`, `20220401`, `2022-04`, `2022年4月`,
//! with or without a time of day, and ranges such as `2022年4月至5月` or `2022-04-01~2022-05-15`)
//! into day intervals, and the calendar arithmetic behind them. The parser is in [`parse`].

use std::fmt;

mod parse;

pub use parse::{BoundError, parse_bound, parse_date, parse_date_in};

/// A day, counted from 1970-01-01 (day 0), as polars stores dates.
pub type Day = i32;

/// What a date cell says: a day, a whole month, or a range between two of those, and maybe a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    /// The first day the cell can mean (the 1st for a month-precision date).
    pub from: Day,
    /// The last day the cell can mean (the same day, or the month's last day, or the range's end).
    pub to: Day,
    /// The start as given (day or month precision).
    pub start: DateKey,
    /// The end as given: the same as `start` unless the cell is a range.
    pub end: DateKey,
    /// Time of day in seconds after midnight, when the cell gives one (of the start, for a range).
    pub time: Option<u32>,
}

impl DateSpan {
    /// True when the cell gave one month and no day.
    pub fn is_month(self) -> bool {
        self.start == self.end && self.start.is_month()
    }

    /// True when the cell gave a range (two dates).
    pub fn is_range(self) -> bool {
        self.start != self.end
    }

    /// A sortable key of the start that keeps its precision (see [`DateKey`]).
    pub fn key(self) -> i32 {
        self.start.0
    }

    fn day(d: Day) -> DateSpan {
        DateSpan {
            from: d,
            to: d,
            start: DateKey::day(d),
            end: DateKey::day(d),
            time: None,
        }
    }

    fn month(y: i32, m: u32) -> DateSpan {
        let from = days_from_civil(y, m, 1);
        DateSpan {
            from,
            to: days_from_civil(y, m, days_in_month(y, m)),
            start: DateKey::month(from),
            end: DateKey::month(from),
            time: None,
        }
    }
}

/// A date as it was given, at its precision: `day * 2` for a day, `first day * 2 + 1` for a month.
/// Keys sort by date (a month just after its first day); it displays as `YYYY-MM-DD` or `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateKey(pub i32);

impl DateKey {
    /// The key of a day.
    pub fn day(d: Day) -> DateKey {
        DateKey(d * 2)
    }

    /// The key of the month starting on `first`.
    pub fn month(first: Day) -> DateKey {
        DateKey(first * 2 + 1)
    }

    /// True for a month-precision key.
    pub fn is_month(self) -> bool {
        self.0.rem_euclid(2) == 1
    }

    /// The first day it can mean.
    pub fn first_day(self) -> Day {
        self.0.div_euclid(2)
    }

    /// The last day it can mean: the day, or the last day of the month.
    pub fn last_day(self) -> Day {
        let first = self.first_day();
        if self.is_month() {
            let (y, m, _) = civil_from_days(first);
            first + days_in_month(y, m) as Day - 1
        } else {
            first
        }
    }
}

impl fmt::Display for DateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.first_day());
        if self.is_month() {
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

/// A date or a range as given, from its start to its end (the same for a single date); shown, and
/// serialised, as [`span_label`] shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateLabel {
    pub start: DateKey,
    pub end: DateKey,
}

impl fmt::Display for DateLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}/{}", self.start, self.end)
        }
    }
}

impl serde::Serialize for DateLabel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A date or a range as given: `2022-04`, `2022-04-01`, or `2022-04/2022-05` (ISO 8601 interval
/// style) when `start` and `end` differ.
pub fn span_label(start: DateKey, end: DateKey) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}/{end}")
    }
}

/// `HH:MM` or `HH:MM:SS` of a time of day in seconds.
pub fn format_time(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
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
}
