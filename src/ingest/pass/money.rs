//! The amount of a record: the one written, else its unit price times its weight or count; and
//! the money code of every record, one computation per distinct (price, amount, quantity).

use std::collections::HashMap;

use super::distinct::MoneyCells;
use super::records::{Money, Quantity, Records};
use crate::ingest::cell::money::{MAX_FEN, Per, Price};
use crate::ingest::cell::reason::{Column, Kind, Reason};

/// The price times the quantity, in fen (rounded to the nearest); `None` when the quantity does
/// not give what the price is per (a price per 斤 on a count of animals, or on an unknown weight).
/// The product is exact however large: [`past_cap`] says whether it may stand.
pub fn price_times(p: Price, q: &Quantity) -> Option<i128> {
    let (amount, per) = match p.per {
        Per::Mg(per) => (q.mg?, per),
        Per::Animal => (q.count?, 1),
    };
    let x = i128::from(p.fen) * i128::from(amount);
    let per = i128::from(per.max(1));
    Some((2 * x + per) / (2 * per))
}

/// Whether an amount in fen is past [`MAX_FEN`], the cap a written amount is held to.
pub fn past_cap(fen: i128) -> bool {
    fen > i128::from(MAX_FEN)
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
///
/// # Errors
/// The price times the quantity is past [`MAX_FEN`]: a [`Kind::MoneyTooLarge`] in the price
/// column naming the product, as for a written amount past the cap.
pub fn money(price: Option<Price>, amount: Option<i64>, q: &Quantity) -> Result<Money, Reason> {
    let computed = match price.and_then(|p| price_times(p, q)) {
        Some(c) if past_cap(c) => {
            return Err(Reason::new(
                Column::Price,
                Kind::MoneyTooLarge {
                    value: format!("price × quantity = {}元", crate::render::value::fen_text(c)),
                },
            ));
        }
        // Within the cap, so within i64.
        c => c.and_then(|c| i64::try_from(c).ok()),
    };
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
    Ok(m)
}

/// The money code of every record (from the price and amount ids of [`MoneyCells`], packed as
/// `price << 32 | amount`, in record order) into `r.money`, and the table of distinct money
/// figures they point into (entry 0: nothing known). A record whose price times its quantity is
/// past the cap keeps its row and its amount written, if any: its price is unknown, a cell
/// problem in `problems` (appended: the caller sorts).
///
/// # Complexity
/// One hash lookup per record; one [`money`] per distinct (price, amount, quantity).
pub(super) fn derive(
    raw: &[u64],
    r: &mut Records,
    quantities: &[Quantity],
    cells: &MoneyCells,
    problems: &mut Vec<crate::ingest::CellProblem>,
) -> Vec<Money> {
    let mut table = vec![Money::default()];
    // Entries past the cap: code `TOO_LARGE | index into refused`.
    const TOO_LARGE: u32 = 1 << 31;
    let mut refused: Vec<(Reason, u32)> = Vec::new();
    let mut ids: HashMap<(u64, u32), u32> = HashMap::new();
    let codes: Vec<u32> = raw
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
                let quantity = &quantities[q as usize];
                let mut push = |m: Money| {
                    table.push(m);
                    table.len() as u32 - 1
                };
                match money(price, amount, quantity) {
                    Ok(m) => push(m),
                    Err(why) => {
                        // Without the price: the amount written, or nothing known.
                        let kept = match money(None, amount, quantity) {
                            Ok(m) if m.fen.is_some() => push(m),
                            _ => 0,
                        };
                        refused.push((why, kept));
                        TOO_LARGE | (refused.len() as u32 - 1)
                    }
                }
            })
        })
        .collect();
    r.money = codes;
    if !refused.is_empty() {
        for i in 0..r.money.len() {
            let c = r.money[i];
            if c & TOO_LARGE != 0 {
                let (source, row) = r.at(i);
                let (why, kept) = &refused[(c & !TOO_LARGE) as usize];
                problems.push(crate::ingest::CellProblem {
                    source: source as usize,
                    row,
                    reason: why.clone(),
                    kept: crate::ingest::Kept::Unknown,
                });
                r.money[i] = *kept;
            }
        }
    }
    table
}
#[cfg(test)]
mod tests {
    use super::*;

    const JIN: Per = Per::Mg(500_000);

    fn q(mg: Option<i64>, count: Option<i64>) -> Quantity {
        Quantity {
            mg,
            count,
            approx: false,
            state: None,
        }
    }

    fn ok(price: Option<Price>, amount: Option<i64>, q: &Quantity) -> Money {
        money(price, amount, q).unwrap_or_else(|e| panic!("{e}"))
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
        let m = ok(Some(per_jin), None, &q(Some(7_500_000), None));
        assert_eq!((m.fen, m.derived, m.mismatch), (Some(120_000), true, None));
        assert_eq!((m.weighed_fen, m.weighed_mg), (120_000, 7_500_000));
        // 9 只 at 5元/只 is 45 元.
        let m = ok(Some(per_head), None, &q(None, Some(9)));
        assert_eq!((m.fen, m.counted_fen, m.counted), (Some(4500), 4500, 9));
        // A price per 斤 says nothing of a count of animals: unknown, not zero.
        assert_eq!(ok(Some(per_jin), None, &q(None, Some(9))).fen, None);
        assert_eq!(ok(None, None, &q(Some(1), None)).fen, None);
        // Written wins; within rounding no mismatch, beyond it one.
        let m = ok(Some(per_jin), Some(120_050), &q(Some(7_500_000), None));
        assert_eq!((m.fen, m.derived, m.mismatch), (Some(120_050), false, None));
        let m = ok(Some(per_jin), Some(100_000), &q(Some(7_500_000), None));
        assert_eq!((m.fen, m.mismatch), (Some(100_000), Some(120_000)));
        // A row giving both weight and count gives both prices.
        let m = ok(None, Some(4500), &q(Some(7_500_000), Some(9)));
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

    #[test]
    fn a_price_times_a_quantity_past_the_cap_is_refused_not_unknown() {
        // 1000斤 at 9000亿元/斤: 900 万亿元, far past the cap of 1 万亿元.
        let p = Price {
            fen: 90_000_000_000_000,
            per: JIN,
        };
        let e = money(Some(p), None, &q(Some(500_000_000), None)).unwrap_err();
        assert_eq!(e.column, Column::Price);
        assert_eq!(
            e.kind,
            Kind::MoneyTooLarge {
                value: "price × quantity = 900000000000000元".to_string()
            }
        );
        // Past i64 fen too: still exact in the message, still refused.
        let p = Price {
            fen: MAX_FEN,
            per: Per::Animal,
        };
        assert!(money(Some(p), Some(1), &q(None, Some(i64::MAX))).is_err());
        // The cap itself stands.
        assert_eq!(ok(Some(p), None, &q(None, Some(1))).fen, Some(MAX_FEN));
        let p = Price {
            fen: MAX_FEN / 2 + 1,
            per: Per::Animal,
        };
        assert!(money(Some(p), None, &q(None, Some(2))).is_err());
    }
}
