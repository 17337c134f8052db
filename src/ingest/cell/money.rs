//! Money cells: unit prices (`80元/斤`, `每斤80元`, `5元/只`, `80`) and amounts (`1.2万元`,
//! `12000`, `￥3,500`, `三千五百元`), read into integer fen (分, 0.01 元) so that every sum is exact.

use super::reason::{Column, Kind, Reason};
use super::text::nfkc;
use super::weight::split_number;
use crate::units::Unit;

/// The largest figure a money cell may give, in 元 (a trillion, `1万亿元`, itself allowed):
/// beyond it the cell is an error, and sums of fen could overflow.
pub const MAX_YUAN: f64 = 1e12;

/// [`MAX_YUAN`] in fen: no amount, written or computed from a price, may exceed it.
pub const MAX_FEN: i64 = 100_000_000_000_000;

/// A unit price as written: `fen` per `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Price {
    pub fen: i64,
    pub per: Per,
}

/// What a unit price is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Per {
    /// Per this many milligrams (斤: 500 000 000).
    Mg(i64),
    /// Per animal (只/条/头).
    Animal,
}

/// A money cell understood: a figure in fen, and what it is per when it is a unit price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Written {
    pub fen: i64,
    /// The unit the figure is per (`/斤`, `每只`); `None` for a plain sum.
    pub per: Option<Per>,
}

/// What may precede a figure: currency signs and words (`￥`, `人民币`, `共计`, `约`).
const PREFIXES: &[&str] = &[
    "¥",
    "rmb",
    "cny",
    "人民币",
    "共计",
    "合计",
    "总计",
    "共",
    "计",
    "约",
    "单价",
    "价格",
    "金额",
];

/// A unit as a "per": its size in mg, or per animal.
fn per_of(unit: Unit) -> Per {
    match unit {
        Unit::Mass { kg, .. } => Per::Mg(crate::units::kg_to_mg(kg)),
        Unit::Count { .. } => Per::Animal,
    }
}

/// Parses one money cell (after NFKC): `None` when empty.
///
/// # Errors
/// The [`Kind`] of a cell that is no figure in 元, names an unknown unit after `/` or `每`, or is
/// negative or too large, naming the cell as written (after NFKC).
pub fn parse_money(cell: &str) -> Result<Option<Written>, Kind> {
    let text = nfkc(cell);
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(kind) = Kind::spreadsheet_error(cell) {
        return Err(kind);
    }
    let lower = text.to_lowercase();
    let not_money = || Kind::NotMoney {
        value: text.clone(),
    };
    let mut s = lower.as_str();
    loop {
        let before = s;
        for p in PREFIXES {
            if let Some(r) = s.strip_prefix(p) {
                s = r.trim_start_matches([':', ' ']);
            }
        }
        if s == before {
            break;
        }
    }
    // `每斤80元`: the unit first.
    let mut per = None;
    if let Some(r) = s.strip_prefix('每') {
        let at = r
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() || is_numeral(*c))
            .map_or(r.len(), |(i, _)| i);
        per = Some(unit_per(&r[..at], &text)?);
        s = &r[at..];
    }
    let (number, rest) = split_number(s);
    if number.is_empty() {
        return Err(not_money());
    }
    if number.starts_with('-') {
        return Err(Kind::MoneyNegative {
            value: text.clone(),
        });
    }
    let mut value: f64 = number.parse().map_err(|_| not_money())?;
    let mut rest = rest.trim_start();
    // `1.2万`, and stacked the way Chinese writes large sums, each word larger than the one
    // before it: `3千万`, `5百亿`, `1万亿` (the cap itself).
    let mut last = 0.0;
    'words: loop {
        for (word, times) in [("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2)] {
            if times > last
                && let Some(r) = rest.strip_prefix(word)
            {
                value *= times;
                last = times;
                rest = r;
                continue 'words;
            }
        }
        break;
    }
    for word in ["元", "块钱", "块", "圆", "rmb", "yuan"] {
        if let Some(r) = rest.trim_start().strip_prefix(word) {
            rest = r;
            break;
        }
    }
    let rest = rest.trim().trim_end_matches(['左', '右']).trim();
    if !rest.is_empty() {
        // `/斤`, `每只`, `一斤`: what a unit price is per.
        let unit = rest
            .strip_prefix('/')
            .or_else(|| rest.strip_prefix('每'))
            .or_else(|| rest.strip_prefix('一'))
            .map(|u| u.trim_start_matches('每').trim());
        match (unit, per) {
            (Some(u), None) if !u.is_empty() => per = Some(unit_per(u, &text)?),
            _ => return Err(not_money()),
        }
    }
    if !value.is_finite() || value > MAX_YUAN {
        return Err(Kind::MoneyTooLarge { value: text });
    }
    Ok(Some(Written {
        fen: (value * 100.0).round() as i64,
        per,
    }))
}

fn is_numeral(c: char) -> bool {
    "零〇一二两三四五六七八九十百千万".contains(c)
}

fn unit_per(unit: &str, text: &str) -> Result<Per, Kind> {
    Unit::lookup(unit)
        .map(per_of)
        .ok_or_else(|| Kind::UnknownPriceUnit {
            unit: unit.to_string(),
            value: text.to_string(),
        })
}

/// A price cell: a figure per a unit, the unit from the cell or else from the header
/// (`单价(元/斤)`).
///
/// # Errors
/// A [`Reason`] in the `price` column: the cell is not money ([`parse_money`]), or says per what
/// neither in the cell nor in the header.
pub fn parse_price(cell: &str, header: Option<Unit>) -> Result<Option<Price>, Reason> {
    let w = parse_money(cell).map_err(|k| Reason::new(Column::Price, k))?;
    let Some(w) = w else { return Ok(None) };
    match w.per.or(header.map(per_of)) {
        Some(per) => Ok(Some(Price { fen: w.fen, per })),
        None => Err(Reason::new(
            Column::Price,
            Kind::PriceWithoutUnit {
                value: nfkc(cell).to_string(),
            },
        )),
    }
}

/// An amount cell: a plain figure in 元.
///
/// # Errors
/// A [`Reason`] in the `amount` column: the cell is not money, or is a price per a unit.
pub fn parse_amount(cell: &str) -> Result<Option<i64>, Reason> {
    match parse_money(cell).map_err(|k| Reason::new(Column::Amount, k))? {
        None => Ok(None),
        Some(Written { fen, per: None }) => Ok(Some(fen)),
        Some(Written { per: Some(_), .. }) => Err(Reason::new(
            Column::Amount,
            Kind::AmountIsAPrice {
                value: nfkc(cell).to_string(),
            },
        )),
    }
}

/// A sum in 元 written as a plain decimal (`900000000000010.01`, as `wildchain links` writes
/// it), in fen exactly at any size: no `f64` on the way, which past 2^53 fen would round it.
/// Digits past the fen round half up. `None` when the text is not such a decimal (a sign, an
/// exponent, a unit) or does not fit 128 bits.
pub fn decimal_fen(text: &str) -> Option<i128> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) || whole.len() > 30 {
        return None;
    }
    let mut fen: i128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f = frac.as_bytes();
    let d = |i: usize| f.get(i).map_or(0, |b| i128::from(b - b'0'));
    fen = fen * 100 + d(0) * 10 + d(1);
    Some(if d(2) >= 5 { fen + 1 } else { fen })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JIN: Per = Per::Mg(500_000);

    fn w(cell: &str) -> Result<Option<Written>, Kind> {
        parse_money(cell)
    }

    fn fen(fen: i64, per: Option<Per>) -> Result<Option<Written>, Kind> {
        Ok(Some(Written { fen, per }))
    }

    #[test]
    fn every_form_case_files_use() {
        assert_eq!(w("80元/斤"), fen(8000, Some(JIN)));
        assert_eq!(w("每斤80元"), fen(8000, Some(JIN)));
        assert_eq!(w("80元每斤"), fen(8000, Some(JIN)));
        assert_eq!(w("80元一斤"), fen(8000, Some(JIN)));
        assert_eq!(w("5元/只"), fen(500, Some(Per::Animal)));
        assert_eq!(w("每只5元"), fen(500, Some(Per::Animal)));
        assert_eq!(w("160元/kg"), fen(16000, Some(Per::Mg(1_000_000))));
        assert_eq!(w("1.2万元"), fen(1_200_000, None));
        assert_eq!(w("1.2万"), fen(1_200_000, None));
        assert_eq!(w("12000"), fen(1_200_000, None));
        assert_eq!(w("￥3,500"), fen(350_000, None));
        assert_eq!(w("¥3,500.50"), fen(350_050, None));
        assert_eq!(w("共计1.2万元"), fen(1_200_000, None));
        assert_eq!(w("人民币3500元"), fen(350_000, None));
        assert_eq!(w("３５００元"), fen(350_000, None));
        assert_eq!(w("三千五百元"), fen(350_000, None));
        assert_eq!(w("五元/只"), fen(500, Some(Per::Animal)));
        assert_eq!(w("每斤八十元"), fen(8000, Some(JIN)));
        assert_eq!(w("0.35元/两"), fen(35, Some(Per::Mg(50_000))));
        assert_eq!(w("200块"), fen(20_000, None));
        assert_eq!(w(""), Ok(None));
        assert_eq!(w("  "), Ok(None));
    }

    #[test]
    fn bad_money_is_refused_naming_the_cell() {
        let not = |v: &str| Kind::NotMoney {
            value: v.to_string(),
        };
        assert_eq!(w("abc"), Err(not("abc")));
        assert_eq!(w("元"), Err(not("元")));
        assert!(matches!(
            w("80元/斤/只"),
            Err(Kind::UnknownPriceUnit { .. })
        ));
        assert_eq!(w("每斤80元/只"), Err(not("每斤80元/只")));
        assert_eq!(
            w("-5元"),
            Err(Kind::MoneyNegative {
                value: "-5元".to_string()
            })
        );
        assert_eq!(
            w("80元/箱"),
            Err(Kind::UnknownPriceUnit {
                unit: "箱".to_string(),
                value: "80元/箱".to_string()
            })
        );
        assert!(matches!(w("9e20"), Err(Kind::NotMoney { .. })));
        assert!(matches!(w("5000亿亿"), Err(Kind::NotMoney { .. })));
        assert!(matches!(w("99999亿元"), Err(Kind::MoneyTooLarge { .. })));
        assert!(matches!(w("1.1万亿元"), Err(Kind::MoneyTooLarge { .. })));
        assert!(matches!(w("1亿万元"), Err(Kind::NotMoney { .. })));
    }

    #[test]
    fn the_cap_itself_is_a_sum_and_large_sums_stack_their_words() {
        assert_eq!(w("1万亿元"), fen(MAX_FEN, None));
        assert_eq!(w("10000亿元"), fen(MAX_FEN, None));
        assert_eq!(w("3千万元"), fen(3_000_000_000, None));
        assert_eq!(w("5百亿"), fen(5_000_000_000_000, None));
        assert_eq!(w("9000亿元/斤"), fen(90_000_000_000_000, Some(JIN)));
    }

    #[test]
    fn a_price_needs_its_unit_and_an_amount_must_not_have_one() {
        let jin = Unit::lookup("斤");
        assert_eq!(
            parse_price("80", jin),
            Ok(Some(Price {
                fen: 8000,
                per: JIN
            }))
        );
        // The cell's unit wins over the header's.
        assert_eq!(
            parse_price("5元/只", jin).map(|p| p.map(|p| p.per)),
            Ok(Some(Per::Animal))
        );
        let e = parse_price("80", None).unwrap_err();
        assert_eq!(e.column, Column::Price);
        assert!(matches!(e.kind, Kind::PriceWithoutUnit { .. }));
        let e = parse_amount("80元/斤").unwrap_err();
        assert_eq!(e.column, Column::Amount);
        assert!(matches!(e.kind, Kind::AmountIsAPrice { .. }));
        assert_eq!(parse_amount("1.2万元"), Ok(Some(1_200_000)));
    }

    #[test]
    fn a_decimal_sum_past_2_53_fen_is_read_exactly_not_through_a_double() {
        assert_eq!(decimal_fen("900000000000010"), Some(90_000_000_000_001_000));
        assert_eq!(
            decimal_fen("900000000000020.01"),
            Some(90_000_000_000_002_001)
        );
        assert_eq!(decimal_fen("0.35"), Some(35));
        assert_eq!(decimal_fen("12.5"), Some(1250));
        assert_eq!(decimal_fen(".5"), Some(50));
        assert_eq!(decimal_fen("1.005"), Some(101));
        assert_eq!(decimal_fen("1.004"), Some(100));
        for bad in ["", ".", "-5", "1e3", "1.2.3", "1,000", "12元"] {
            assert_eq!(decimal_fen(bad), None, "{bad}");
        }
    }
}
