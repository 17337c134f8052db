//! The amount of a record: the one written, else its unit price times its weight or count; and
//! the money code of every record, one computation per distinct (price, amount, quantity).

use std::collections::HashMap;

use super::distinct::MoneyCells;
use super::records::{Money, Quantity, Records};
use crate::ingest::cell::money::{Per, Price};

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
