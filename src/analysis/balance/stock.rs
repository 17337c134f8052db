//! The running stock of a party's species: the first date it surely went below zero.

use super::Dated;
use crate::ingest::date::DateKey;
use crate::units::mg_to_kg;

/// What the running stock counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Measure {
    Weight,
    Count,
}

impl Measure {
    /// The amount of a dated group in this measure, and whether some of its rows do not say it.
    fn of(self, d: &Dated) -> (f64, bool) {
        match self {
            Measure::Weight => (mg_to_kg(d.mg), d.known < d.transactions),
            Measure::Count => (d.count as f64, d.counted < d.transactions),
        }
    }
}

/// The first date on which the running stock surely went below zero: a sale such that the amount
/// sold at or before it (sales surely no later) exceeds all that may have been bought before it
/// (purchases possibly no later) by more than the tolerance. A purchase of unknown amount, or of
/// another label that may hold this species (`other_earliest`, its earliest day), that may come
/// before a sale makes that sale, and all later ones, undecidable. Empty for a party that does
/// not both buy and sell (its sides carry no dates).
///
/// # Complexity
/// O(G log G) for G dated groups.
pub(super) fn negative_stock(
    sold: &[Dated],
    bought: &[Dated],
    other_earliest: Option<i64>,
    measure: Measure,
    tolerance: f64,
) -> Option<DateKey> {
    if sold.is_empty() || (bought.is_empty() && other_earliest.is_none()) {
        return None;
    }
    // Purchases by start, with prefix sums; the earliest start of a blocking purchase.
    let mut block = other_earliest.unwrap_or(i64::MAX);
    let mut buys: Vec<(i64, f64)> = Vec::with_capacity(bought.len());
    for d in bought {
        let (amount, unknown) = measure.of(d);
        if unknown {
            block = block.min(d.from);
        }
        buys.push((d.from, amount));
    }
    buys.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let buy_prefix: Vec<f64> = buys
        .iter()
        .scan(0.0, |acc, b| {
            *acc += b.1;
            Some(*acc)
        })
        .collect();
    // Sales by end, with prefix sums (a sale of unknown date is never surely before).
    let mut sells: Vec<(i64, i64, f64, Option<DateKey>)> = sold
        .iter()
        .filter(|d| d.key.is_some())
        .map(|d| (d.from, d.to, measure.of(d).0, d.key))
        .collect();
    sells.sort_by_key(|s| (s.1, s.0));
    let ends: Vec<i64> = sells.iter().map(|s| s.1).collect();
    let sell_prefix: Vec<f64> = sells
        .iter()
        .scan(0.0, |acc, s| {
            *acc += s.2;
            Some(*acc)
        })
        .collect();
    let mut by_start: Vec<&(i64, i64, f64, Option<DateKey>)> = sells.iter().collect();
    by_start.sort_by_key(|s| (s.0, s.1));
    for s in by_start {
        if block <= s.1 {
            return None;
        }
        // Sold surely at or before s: sales ending no later than s starts, plus s itself.
        let n = ends.partition_point(|&e| e <= s.0);
        let mut sold_before = if n > 0 { sell_prefix[n - 1] } else { 0.0 };
        if s.1 > s.0 {
            // A month-long sale does not end before it starts: count it once, here.
            sold_before += s.2;
        }
        let m = buys.partition_point(|b| b.0 <= s.1);
        let bought_before = if m > 0 { buy_prefix[m - 1] } else { 0.0 };
        // The same tolerance as the totals: weights are rarely exact.
        if sold_before - bought_before > (tolerance * sold_before.max(bought_before)).max(1e-9) {
            return s.3;
        }
    }
    None
}
