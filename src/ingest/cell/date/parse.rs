//! Parsing of date cells into [`DateSpan`]s: one date or a range, at day or month precision, maybe
//! with a time of day.

use super::{DateSpan, Day, days_from_civil, days_in_month};
use crate::ingest::cell::reason::Kind;
use crate::ingest::cell::text::nfkc;

/// The parts of one date as written; `year` and `month` may be inherited by the end of a range.
#[derive(Debug, Clone, Copy)]
struct Parts {
    year: i32,
    month: u32,
    day: Option<u32>,
    time: Option<u32>,
}

/// Parses a date cell. `Ok(None)` for an empty cell (unknown date).
///
/// Accepted: `Y-M-D`, `Y/M/D`, `Y.M.D`, `Y年M月D日` (日 or 号 optional), `YYYYMMDD`, and month
/// precision `Y-M`, `Y/M`, `Y年M月`, each with or without leading zeros, full-width or not; a time
/// of day after the date (`2022-04-01 10:30`, `2022-04-01T10:30:00`, `2022年4月1日10时30分`); and a
/// range of two such dates joined by `至`, `到`, `~`, `—`, ` - ` or, between two ISO dates, `/`. The
/// end of a range may leave out what it shares with the start (`2022年4月至5月`,
/// `2022年4月1日至15日`, `2022-04-01~05-15`).
///
/// # Errors
/// What is wrong, naming the cell as typed: not a date ([`Kind::ExcelSerial`] for a
/// bare 5-digit number), a month or a day that does not exist, a time of day with no day, or a
/// range that ends before it starts. The caller knows the column.
pub fn parse_date(cell: &str) -> Result<Option<DateSpan>, Kind> {
    // Read in NFKC form; quoted as typed.
    parse_normal(cell).map_err(|k| k.as_typed(cell))
}

fn parse_normal(cell: &str) -> Result<Option<DateSpan>, Kind> {
    let s = nfkc(cell);
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || {
        let date = s.clone();
        if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
            Kind::ExcelSerial { date }
        } else {
            Kind::NotADate { date }
        }
    };
    let Some((left, right)) = split_range(&s) else {
        let p = parse_parts(&s, None).ok_or_else(bad)?;
        return to_span(&s, p).map(Some);
    };
    let a = parse_parts(left, None).ok_or_else(bad)?;
    let b = parse_parts(right, Some(a)).ok_or_else(bad)?;
    let (a_span, b_span) = (to_span(&s, a)?, to_span(&s, b)?);
    if b_span.to < a_span.from || b_span.start < a_span.start {
        return Err(Kind::DateRangeBackwards { date: s });
    }
    Ok(Some(DateSpan {
        from: a_span.from,
        to: b_span.to,
        start: a_span.start,
        end: b_span.end,
        time: a.time,
    }))
}

/// Splits a range into its two ends, or `None` for a single date.
fn split_range(s: &str) -> Option<(&str, &str)> {
    for sep in ["至", "到", "~", "〜", "—", "–", " - ", "--"] {
        if let Some((a, b)) = s.split_once(sep) {
            return Some((a.trim(), b.trim()));
        }
    }
    // `2022-04/2022-09`: a slash between two ISO dates (not the slashes of `2022/4/1`).
    if let Some((a, b)) = s.split_once('/')
        && a.contains('-')
        && !b.contains('/')
    {
        return Some((a.trim(), b.trim()));
    }
    // `2022年4月-5月`: Chinese dates never use a hyphen inside.
    if s.contains('年')
        && let Some((a, b)) = s.split_once('-')
    {
        return Some((a.trim(), b.trim()));
    }
    None
}

/// Splits a trailing time of day off a date: `2022-04-01 10:30`, `2022-04-01T10:30`,
/// `2022年4月1日10时30分`.
fn split_time(s: &str) -> (&str, Option<&str>) {
    if let Some((d, t)) = s.split_once(char::is_whitespace) {
        return (d.trim(), Some(t.trim()));
    }
    if let Some(i) = s.find('T')
        && s[..i].ends_with(|c: char| c.is_ascii_digit())
        && s[i + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return (&s[..i], Some(&s[i + 1..]));
    }
    for mark in ['日', '号'] {
        if let Some(i) = s.find(mark) {
            let cut = i + mark.len_utf8();
            if cut < s.len() {
                return (&s[..cut], Some(&s[cut..]));
            }
        }
    }
    (s, None)
}

/// `10:30`, `10:30:15`, `10:30:15.250`, `10时30分`, `10时30分15秒`, `10点`, `10点30分` → seconds.
fn parse_time(t: &str) -> Option<u32> {
    let t = t.trim();
    let nums: Vec<&str> = if t.contains(':') {
        let t = t.split_once('.').map_or(t, |(whole, frac)| {
            if frac.bytes().all(|b| b.is_ascii_digit()) {
                whole
            } else {
                t
            }
        });
        t.split(':').collect()
    } else {
        let t = t.strip_suffix('秒').unwrap_or(t);
        let t = t.strip_suffix('分').unwrap_or(t);
        t.split(['时', '点', '分'])
            .filter(|p| !p.is_empty())
            .collect()
    };
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (h, m, s) = match nums.as_slice() {
        [h] if !t.contains(':') => (num(h)?, 0, 0),
        [h, m] => (num(h)?, num(m)?, 0),
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        _ => return None,
    };
    (h < 24 && m < 60 && s < 60).then_some(h * 3600 + m * 60 + s)
}

/// The parts of one date; `base` (the start of a range) lends its year and month to an end that
/// leaves them out. `None` when the text is not a date.
fn parse_parts(s: &str, base: Option<Parts>) -> Option<Parts> {
    let (date, time) = split_time(s);
    let time = match time {
        Some(t) => Some(parse_time(t)?),
        None => None,
    };
    let num = |p: &str, max_len: usize| -> Option<u32> {
        let p = p.trim();
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let year = |p: &str| -> Option<i32> {
        (p.trim().len() == 4)
            .then(|| num(p, 4))
            .flatten()
            .map(|y| y as i32)
    };
    let parts = |year: i32, month: u32, day: Option<u32>| Parts {
        year,
        month,
        day,
        time,
    };
    if date.contains(['年', '月', '日', '号']) {
        let rest = date
            .strip_suffix('日')
            .or_else(|| date.strip_suffix('号'))
            .unwrap_or(date);
        let (y, rest) = match rest.split_once('年') {
            Some((y, rest)) => (year(y)?, rest),
            None => (base?.year, rest),
        };
        return match rest.split_once('月') {
            Some((m, "")) => Some(parts(y, num(m, 2)?, None)),
            Some((m, d)) => Some(parts(y, num(m, 2)?, Some(num(d, 2)?))),
            // `15日` after a start with a month.
            None if !rest.is_empty() && !date.contains('年') => {
                Some(parts(y, base?.month, Some(num(rest, 2)?)))
            }
            None => None,
        };
    }
    if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        return Some(parts(
            year(&date[0..4])?,
            num(&date[4..6], 2)?,
            Some(num(&date[6..8], 2)?),
        ));
    }
    let fields: Vec<&str> = match ['-', '/', '.'].into_iter().find(|c| date.contains(*c)) {
        Some(sep) => date.split(sep).collect(),
        None => vec![date],
    };
    match (fields.as_slice(), base) {
        ([y, m], _) if y.trim().len() == 4 => Some(parts(year(y)?, num(m, 2)?, None)),
        ([y, m, d], _) => Some(parts(year(y)?, num(m, 2)?, Some(num(d, 2)?))),
        // The end of a range may leave out the year (`05-15`) or the year and month (`15`).
        ([m, d], Some(b)) => Some(parts(b.year, num(m, 2)?, Some(num(d, 2)?))),
        ([d], Some(b)) if b.day.is_some() => Some(parts(b.year, b.month, Some(num(d, 2)?))),
        _ => None,
    }
}

/// The interval of checked parts; a day that does not exist is an error naming the month's length.
fn to_span(s: &str, p: Parts) -> Result<DateSpan, Kind> {
    if !(1..=12).contains(&p.month) {
        return Err(Kind::NoSuchMonth {
            date: s.to_string(),
            month: p.month,
        });
    }
    let last = days_in_month(p.year, p.month);
    let mut span = match p.day {
        Some(d) if d == 0 || d > last => {
            return Err(Kind::NoSuchDay {
                date: s.to_string(),
                year: p.year,
                month: p.month,
                days: last,
            });
        }
        Some(d) => DateSpan::day(days_from_civil(p.year, p.month, d)),
        None if p.time.is_some() => {
            return Err(Kind::TimeWithoutDay {
                date: s.to_string(),
            });
        }
        None => DateSpan::month(p.year, p.month),
    };
    span.time = p.time;
    Ok(span)
}

/// Parses a `--from`/`--to` bound: a day, or a month meaning its first day (`end = false`) or its
/// last day (`end = true`).
///
/// # Errors
/// A cell that is no date ([`BoundError::Date`]), or an empty one.
pub fn parse_bound(s: &str, end: bool) -> Result<Day, BoundError> {
    match parse_date(s).map_err(BoundError::Date)? {
        Some(span) => Ok(if end { span.to } else { span.from }),
        None => Err(BoundError::Empty),
    }
}

/// Why a `--from`/`--to` bound is not a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundError {
    /// Not a date, as a date cell would be refused.
    Date(Kind),
    /// Nothing given.
    Empty,
}

impl std::fmt::Display for BoundError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BoundError::Date(kind) => kind.fmt(f),
            BoundError::Empty => f.write_str("an empty date is not a bound"),
        }
    }
}

impl std::error::Error for BoundError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::cell::date::{DateKey, format_day, format_time, span_label};

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
        assert_eq!(
            parse_date("2022-02-30"),
            Err(Kind::NoSuchDay {
                date: "2022-02-30".to_string(),
                year: 2022,
                month: 2,
                days: 28
            })
        );
        assert_eq!(
            parse_date("2022-13"),
            Err(Kind::NoSuchMonth {
                date: "2022-13".to_string(),
                month: 13
            })
        );
        assert_eq!(
            parse_date("昨天"),
            Err(Kind::NotADate {
                date: "昨天".to_string()
            })
        );
    }

    #[test]
    fn a_time_of_day_is_kept() {
        let d = days_from_civil(2022, 4, 1);
        for (s, secs) in [
            ("2022-04-01 10:30", 37_800),
            ("2022-04-01T10:30:00", 37_800),
            ("2022/4/1 10:30:15", 37_815),
            ("2022-04-01 10:30:15.250", 37_815),
            ("2022-04-01 00:00:00.000000", 0),
            ("2022年4月1日10时30分", 37_800),
            ("2022年4月1日 10:30", 37_800),
            ("2022年4月1日10点", 36_000),
            ("２０２２－０４－０１　１０：３０", 37_800),
        ] {
            let span = parse_date(s).unwrap().unwrap();
            assert_eq!((span.from, span.to, span.time), (d, d, Some(secs)), "{s}");
            assert!(!span.is_range() && !span.is_month(), "{s}");
        }
        assert_eq!(parse_date("2022-04-01").unwrap().unwrap().time, None);
        assert_eq!(format_time(37_815), "10:30:15");
        assert_eq!(format_time(37_800), "10:30");
        for s in [
            "2022-04-01 25:00",
            "2022-04-01 10:61",
            "2022-04 10:00",
            "2022-04-01 noon",
        ] {
            assert!(parse_date(s).is_err(), "{s} should be rejected");
        }
        assert_eq!(
            parse_date("2022-04 10:00"),
            Err(Kind::TimeWithoutDay {
                date: "2022-04 10:00".to_string()
            })
        );
    }

    #[test]
    fn ranges_become_a_start_and_an_end() {
        let d = |y, m, day| days_from_civil(y, m, day);
        for (s, from, to, label) in [
            (
                "2022年4月至5月",
                d(2022, 4, 1),
                d(2022, 5, 31),
                "2022-04/2022-05",
            ),
            (
                "2022年4月至2022年5月",
                d(2022, 4, 1),
                d(2022, 5, 31),
                "2022-04/2022-05",
            ),
            (
                "2022年4月-5月",
                d(2022, 4, 1),
                d(2022, 5, 31),
                "2022-04/2022-05",
            ),
            (
                "2022年4月到6月",
                d(2022, 4, 1),
                d(2022, 6, 30),
                "2022-04/2022-06",
            ),
            (
                "2022年4月1日至15日",
                d(2022, 4, 1),
                d(2022, 4, 15),
                "2022-04-01/2022-04-15",
            ),
            (
                "2022年4月1日至5月15日",
                d(2022, 4, 1),
                d(2022, 5, 15),
                "2022-04-01/2022-05-15",
            ),
            (
                "2022-04-01~2022-05-15",
                d(2022, 4, 1),
                d(2022, 5, 15),
                "2022-04-01/2022-05-15",
            ),
            (
                "2022-04-01～2022-05-15",
                d(2022, 4, 1),
                d(2022, 5, 15),
                "2022-04-01/2022-05-15",
            ),
            (
                "2022-04-01~05-15",
                d(2022, 4, 1),
                d(2022, 5, 15),
                "2022-04-01/2022-05-15",
            ),
            (
                "2022-04/2022-09",
                d(2022, 4, 1),
                d(2022, 9, 30),
                "2022-04/2022-09",
            ),
            (
                "2022-04 - 2022-09",
                d(2022, 4, 1),
                d(2022, 9, 30),
                "2022-04/2022-09",
            ),
            (
                "2022年12月至2023年2月",
                d(2022, 12, 1),
                d(2023, 2, 28),
                "2022-12/2023-02",
            ),
        ] {
            let span = parse_date(s).unwrap().unwrap();
            assert_eq!((span.from, span.to), (from, to), "{s}");
            assert!(span.is_range(), "{s}");
            assert_eq!(span_label(span.start, span.end), label, "{s}");
        }
        assert_eq!(
            parse_date("2022年5月至4月"),
            Err(Kind::DateRangeBackwards {
                date: "2022年5月至4月".to_string()
            })
        );
        assert!(parse_date("2022-05-01~2022-04-30").is_err());
        assert!(parse_date("2022年4月至13月").is_err());
        assert!(parse_date("至5月").is_err());
        assert!(parse_date("2022-04-01~later").is_err());
    }

    #[test]
    fn excel_serials_in_text_are_refused_with_a_hint() {
        assert_eq!(
            parse_date("44652"),
            Err(Kind::ExcelSerial {
                date: "44652".to_string()
            })
        );
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2000-02-29").is_ok());
        assert!(parse_date("1900-02-29").is_err());
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
