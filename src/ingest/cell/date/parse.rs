//! Parsing of date cells into [`DateSpan`]s: one date or a range, at day or month precision, maybe
//! with a time of day.

use super::{DateSpan, Day, days_from_civil, days_in_month};
use crate::ingest::cell::reason::Kind;
use crate::ingest::cell::text::nfkc;

/// The parts of one date as written; `year` and `month` may be inherited by the end of a range.
/// `year` is `None` when the cell gives none (`4月20日`, `04-20`); `dekad` is the third of the
/// month a month-precision date names (`上旬` 1, `中旬` 2, `下旬` 3).
#[derive(Debug, Clone, Copy)]
struct Parts {
    year: Option<i32>,
    month: u32,
    day: Option<u32>,
    dekad: Option<u32>,
    time: Option<u32>,
}

/// Parses a date cell. `Ok(None)` for an empty cell (unknown date).
///
/// Accepted: `Y-M-D`, `Y/M/D`, `Y.M.D`, `Y年M月D日` (日 or 号 optional), `YYYYMMDD`, and month
/// precision `Y-M`, `Y/M`, `Y年M月`, each with or without leading zeros, full-width or not; a time
/// of day after the date (`2022-04-01 10:30`, `2022-04-01T10:30:00`, `2022年4月1日10时30分`); and a
/// range of two such dates joined by `至`, `到`, `~`, `—`, ` - ` or, between two ISO dates, `/`. The
/// end of a range may leave out what it shares with the start (`2022年4月至5月`,
/// `2022年4月1日至15日`, `2022-04-01~05-15`). A third of a month (`2023年4月中旬`, `2023.4上旬`,
/// `2023-04下旬`) is the interval of its days: 1–10, 11–20, 21 to the month's end. A date without
/// a year (`4月20日`, `04-20`, `4.20`, `4月下旬`) is refused ([`Kind::NoYear`]): see
/// [`parse_date_in`].
///
/// # Errors
/// What is wrong, naming the cell as typed: not a date ([`Kind::ExcelSerial`] for a
/// bare 5-digit number), a month or a day that does not exist, a time of day with no day, or a
/// range that ends before it starts. The caller knows the column.
pub fn parse_date(cell: &str) -> Result<Option<DateSpan>, Kind> {
    parse_date_in(cell, None)
}

/// As [`parse_date`], a date written without a year taking `year` (`--year`); with `None` such a
/// date is refused with [`Kind::NoYear`].
///
/// # Errors
/// As [`parse_date`].
pub fn parse_date_in(cell: &str, year: Option<i32>) -> Result<Option<DateSpan>, Kind> {
    // Read in NFKC form; quoted as typed.
    parse_normal(cell, year).map_err(|k| k.as_typed(cell))
}

fn parse_normal(cell: &str, year: Option<i32>) -> Result<Option<DateSpan>, Kind> {
    let s = nfkc(cell);
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(kind) = Kind::spreadsheet_error(&s) {
        return Err(kind);
    }
    let bad = || {
        let date = s.clone();
        if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
            Kind::ExcelSerial { date }
        } else {
            Kind::NotADate { date }
        }
    };
    let with_year = |p: Parts| Parts {
        year: p.year.or(year),
        ..p
    };
    let Some((left, right)) = split_range(&s) else {
        let p = parse_parts(&s, None).ok_or_else(bad)?;
        return to_span(&s, with_year(p)).map(Some);
    };
    let a = with_year(parse_parts(left, None).ok_or_else(bad)?);
    let b = with_year(parse_parts(right, Some(a)).ok_or_else(bad)?);
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
    // `上旬`, `中旬`, `下旬`: a third of a month, after a month with no day (`2023-04 中旬`).
    let (s, dekad) = match DEKADS
        .iter()
        .zip(1..)
        .find_map(|(w, k)| s.strip_suffix(w).map(|d| (d.trim_end(), k)))
    {
        Some((d, k)) if !d.is_empty() => (d, Some(k)),
        Some(_) => return None,
        None => (s, None),
    };
    let (date, time) = split_time(s);
    if (dekad.is_some() && time.is_some()) || DEKADS.iter().any(|w| date.ends_with(w)) {
        return None;
    }
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
    let year = |p: &str| -> Option<Option<i32>> {
        (p.trim().len() == 4)
            .then(|| num(p, 4))
            .flatten()
            .map(|y| Some(y as i32))
    };
    let parts = |year: Option<i32>, month: u32, day: Option<u32>| -> Option<Parts> {
        (dekad.is_none() || day.is_none()).then_some(Parts {
            year,
            month,
            day,
            dekad,
            time,
        })
    };
    // The year of a date that gives none: the start's, for the end of a range.
    let inherited = base.and_then(|b| b.year);
    if date.contains(['年', '月', '日', '号']) {
        let rest = date
            .strip_suffix('日')
            .or_else(|| date.strip_suffix('号'))
            .unwrap_or(date);
        let (y, rest) = match rest.split_once('年') {
            Some((y, rest)) => (year(y)?, rest),
            // `4月20日`: no year (the start's, at the end of a range).
            None => (inherited, rest),
        };
        return match rest.split_once('月') {
            Some((m, "")) => parts(y, num(m, 2)?, None),
            Some((m, d)) => parts(y, num(m, 2)?, Some(num(d, 2)?)),
            // `15日` after a start with a month.
            None if !rest.is_empty() && !date.contains('年') => {
                parts(y, base?.month, Some(num(rest, 2)?))
            }
            None => None,
        };
    }
    if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        return parts(
            year(&date[0..4])?,
            num(&date[4..6], 2)?,
            Some(num(&date[6..8], 2)?),
        );
    }
    let fields: Vec<&str> = match ['-', '/', '.'].into_iter().find(|c| date.contains(*c)) {
        Some(sep) => date.split(sep).collect(),
        None => vec![date],
    };
    match (fields.as_slice(), base) {
        ([y, m], _) if y.trim().len() == 4 => parts(year(y)?, num(m, 2)?, None),
        ([y, m, d], _) => parts(year(y)?, num(m, 2)?, Some(num(d, 2)?)),
        // The end of a range may leave out the year (`05-15`) or the year and month (`15`); a
        // date may leave out its year (`04-20`, `4.20`).
        ([m, d], _) => parts(inherited, num(m, 2)?, Some(num(d, 2)?)),
        ([d], Some(b)) if b.day.is_some() => parts(inherited, b.month, Some(num(d, 2)?)),
        _ => None,
    }
}

/// The thirds of a month, in order: days 1–10, 11–20, 21 to the end.
const DEKADS: [&str; 3] = ["上旬", "中旬", "下旬"];

/// The interval of checked parts; a day that does not exist is an error naming the month's length.
fn to_span(s: &str, p: Parts) -> Result<DateSpan, Kind> {
    if !(1..=12).contains(&p.month) {
        return Err(Kind::NoSuchMonth {
            date: s.to_string(),
            month: p.month,
        });
    }
    let Some(year) = p.year else {
        return Err(Kind::NoYear {
            date: s.to_string(),
        });
    };
    let p = Parts {
        year: Some(year),
        ..p
    };
    let last = days_in_month(year, p.month);
    if let Some(k) = p.dekad {
        // Days 1–10, 11–20, 21 to the end: an interval of days, as a range of two days.
        let first = (k - 1) * 10 + 1;
        let end = if k == 3 { last } else { k * 10 };
        let (from, to) = (
            days_from_civil(year, p.month, first),
            days_from_civil(year, p.month, end),
        );
        return Ok(DateSpan {
            from,
            to,
            start: super::DateKey::day(from),
            end: super::DateKey::day(to),
            time: None,
        });
    }
    let mut span = match p.day {
        Some(d) if d == 0 || d > last => {
            return Err(Kind::NoSuchDay {
                date: s.to_string(),
                year,
                month: p.month,
                days: last,
            });
        }
        Some(d) => DateSpan::day(days_from_civil(year, p.month, d)),
        None if p.time.is_some() => {
            return Err(Kind::TimeWithoutDay {
                date: s.to_string(),
            });
        }
        None => DateSpan::month(year, p.month),
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

    #[test]
    fn thirds_of_a_month_are_their_ten_days() {
        let d = |y, m, day| days_from_civil(y, m, day);
        for (s, from, to) in [
            ("2023年4月上旬", d(2023, 4, 1), d(2023, 4, 10)),
            ("2023年4月中旬", d(2023, 4, 11), d(2023, 4, 20)),
            ("2023年4月下旬", d(2023, 4, 21), d(2023, 4, 30)),
            ("2023.4上旬", d(2023, 4, 1), d(2023, 4, 10)),
            ("2023-04 中旬", d(2023, 4, 11), d(2023, 4, 20)),
            ("2024年2月下旬", d(2024, 2, 21), d(2024, 2, 29)),
            ("２０２３年４月中旬", d(2023, 4, 11), d(2023, 4, 20)),
        ] {
            let span = parse_date(s).unwrap().unwrap();
            assert_eq!((span.from, span.to), (from, to), "{s}");
            assert!(!span.is_month(), "{s}");
        }
        let r = parse_date("2023年4月上旬至5月中旬").unwrap().unwrap();
        assert_eq!((r.from, r.to), (d(2023, 4, 1), d(2023, 5, 20)));
        // A third of a day, or of nothing, is no date.
        for s in [
            "2023年4月1日中旬",
            "中旬",
            "2023年13月中旬",
            "2023年4月中旬 10:00",
        ] {
            assert!(parse_date(s).is_err(), "{s}");
        }
    }

    #[test]
    fn dates_without_a_year_take_the_year_given_else_say_so() {
        let d = |y, m, day| days_from_civil(y, m, day);
        for s in ["4月20日", "04-20", "4.20", "4/20", "4月20号"] {
            assert_eq!(
                parse_date(s),
                Err(Kind::NoYear {
                    date: s.to_string()
                }),
                "{s}"
            );
            let span = parse_date_in(s, Some(2023)).unwrap().unwrap();
            assert_eq!(
                (span.from, span.to),
                (d(2023, 4, 20), d(2023, 4, 20)),
                "{s}"
            );
        }
        let span = parse_date_in("4月下旬", Some(2023)).unwrap().unwrap();
        assert_eq!((span.from, span.to), (d(2023, 4, 21), d(2023, 4, 30)));
        let span = parse_date_in("4月", Some(2023)).unwrap().unwrap();
        assert!(span.is_month());
        assert!(matches!(parse_date("4月下旬"), Err(Kind::NoYear { .. })));
        // A year written wins over the one given; the day must still exist in it.
        let span = parse_date_in("2022-04-20", Some(2023)).unwrap().unwrap();
        assert_eq!(span.from, d(2022, 4, 20));
        assert!(matches!(
            parse_date_in("2月29日", Some(2023)),
            Err(Kind::NoSuchDay { .. })
        ));
        assert!(parse_date_in("2月29日", Some(2024)).is_ok());
        // The end of a range still takes the start's year.
        let r = parse_date_in("4月1日至15日", Some(2023)).unwrap().unwrap();
        assert_eq!((r.from, r.to), (d(2023, 4, 1), d(2023, 4, 15)));
        // The message tells what to do.
        assert!(
            parse_date("4月20日")
                .unwrap_err()
                .to_string()
                .contains("--year")
        );
    }
}
