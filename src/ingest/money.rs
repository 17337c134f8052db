//! Money cells: unit prices (`80元/斤`, `每斤80元`, `5元/只`, `80`) and amounts (`1.2万元`,
//! `12000`, `￥3,500`, `三千五百元`), read into integer fen (分, 0.01 元) so that every sum is exact;
//! and the amount of a record: the one written, else its unit price times its weight or count.

use std::collections::HashMap;

use super::distinct::MoneyCells;
use super::reason::{Column, Kind, Reason};
use super::records::{Money, Per, Price, Quantity, Records};
use super::text::nfkc;
use super::weight::split_number;
use crate::units::Unit;

/// The largest figure a money cell may give, in 元 (a trillion): beyond it the cell is an error,
/// and sums of fen could overflow.
pub const MAX_YUAN: f64 = 1e12;

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
    for (word, times) in [("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2)] {
        if let Some(r) = rest.strip_prefix(word) {
            value *= times;
            rest = r;
            break;
        }
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

/// The price times the quantity, in fen (rounded to the nearest); `None` when the quantity does
/// not give what the price is per (a price per 斤 on a count of animals, or on an unknown weight).
pub fn price_times(p: Price, q: &Quantity) -> Option<i64> {
    let (amount, per) = match p.per {
        Per::Mg(per) => (q.mg?, per),
        Per::Animal => (q.count?, 1),
    };
    let x = i128::from(p.fen) * i128::from(amount);
    let per = i128::from(per.max(1));
    i64::try_from((2 * x + per) / (2 * per)).ok()
}

/// Whether a written amount and the price times the quantity differ beyond rounding: by more than
/// 1 元 and more than 1% of the larger.
pub fn mismatch(written: i64, computed: i64) -> bool {
    let d = (written - computed).abs();
    d > 100 && d * 100 > written.max(computed)
}

/// What a record was paid: the amount written wins; else the price times the weight or count;
/// else unknown. A written amount that the price and quantity contradict keeps the computed
/// figure in [`Money::mismatch`].
pub fn money(price: Option<Price>, amount: Option<i64>, q: &Quantity) -> Money {
    let computed = price.and_then(|p| price_times(p, q));
    let fen = amount.or(computed);
    let mut m = Money {
        fen,
        price,
        derived: amount.is_none() && computed.is_some(),
        mismatch: match (amount, computed) {
            (Some(a), Some(c)) if mismatch(a, c) => Some(c),
            _ => None,
        },
        ..Money::default()
    };
    if let Some(fen) = fen {
        if let Some(mg) = q.mg {
            (m.weighed_fen, m.weighed_mg) = (fen, mg);
        }
        if let Some(c) = q.count {
            (m.counted_fen, m.counted) = (fen, c);
        }
    }
    m
}

/// The money code of every record (from the price and amount ids of [`MoneyCells`], packed as
/// `price << 32 | amount`, in record order) and the table of distinct money figures they point
/// into (entry 0: nothing known).
///
/// # Complexity
/// One hash lookup per record; one [`money`] per distinct (price, amount, quantity).
pub(super) fn derive(
    raw: &[u64],
    r: &Records,
    quantities: &[Quantity],
    cells: &MoneyCells,
) -> (Vec<u32>, Vec<Money>) {
    let mut table = vec![Money::default()];
    let mut ids: HashMap<(u64, u32), u32> = HashMap::new();
    let codes = raw
        .iter()
        .zip(&r.quantity)
        .map(|(&key, &q)| {
            if key == 0 {
                return 0;
            }
            *ids.entry((key, q)).or_insert_with(|| {
                let (p, a) = ((key >> 32) as usize, (key & 0xffff_ffff) as usize);
                let price = p.checked_sub(1).map(|p| cells.prices[p]);
                let amount = a.checked_sub(1).map(|a| cells.amounts[a]);
                table.push(money(price, amount, &quantities[q as usize]));
                table.len() as u32 - 1
            })
        })
        .collect();
    (codes, table)
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

    fn q(mg: Option<i64>, count: Option<i64>) -> Quantity {
        Quantity {
            mg,
            count,
            approx: false,
        }
    }

    #[test]
    fn the_amount_written_wins_and_a_price_fills_in() {
        let per_jin = Price {
            fen: 8000,
            per: JIN,
        };
        let per_head = Price {
            fen: 500,
            per: Per::Animal,
        };
        // 15 斤 at 80元/斤 is 1200 元.
        let m = money(Some(per_jin), None, &q(Some(7_500_000), None));
        assert_eq!((m.fen, m.derived, m.mismatch), (Some(120_000), true, None));
        assert_eq!((m.weighed_fen, m.weighed_mg), (120_000, 7_500_000));
        // 9 只 at 5元/只 is 45 元.
        let m = money(Some(per_head), None, &q(None, Some(9)));
        assert_eq!((m.fen, m.counted_fen, m.counted), (Some(4500), 4500, 9));
        // A price per 斤 says nothing of a count of animals: unknown, not zero.
        assert_eq!(money(Some(per_jin), None, &q(None, Some(9))).fen, None);
        assert_eq!(money(None, None, &q(Some(1), None)).fen, None);
        // Written wins; within rounding no mismatch, beyond it one.
        let m = money(Some(per_jin), Some(120_050), &q(Some(7_500_000), None));
        assert_eq!((m.fen, m.derived, m.mismatch), (Some(120_050), false, None));
        let m = money(Some(per_jin), Some(100_000), &q(Some(7_500_000), None));
        assert_eq!((m.fen, m.mismatch), (Some(100_000), Some(120_000)));
        // A row giving both weight and count gives both prices.
        let m = money(None, Some(4500), &q(Some(7_500_000), Some(9)));
        assert_eq!((m.weighed_fen, m.counted_fen), (4500, 4500));
    }

    #[test]
    fn products_round_to_the_fen_without_floating_point() {
        // 0.35 元/两 × 1 斤 (10 两) = 3.5 元.
        let p = Price {
            fen: 35,
            per: Per::Mg(50_000),
        };
        assert_eq!(price_times(p, &q(Some(500_000), None)), Some(350));
        // 1 fen per 斤 on a third of a 斤 rounds to 0 fen; on two thirds to 1.
        let p = Price { fen: 1, per: JIN };
        assert_eq!(price_times(p, &q(Some(166_666), None)), Some(0));
        assert_eq!(price_times(p, &q(Some(333_333), None)), Some(1));
    }
}
