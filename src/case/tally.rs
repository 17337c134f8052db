//! What a group of transactions adds up to ([`Tally`]), and the accumulator that builds tallies
//! from integer-coded records ([`Acc`]). Weights are summed as integer milligrams and animal counts
//! as integers, so a total is exact and cannot depend on the order or the thread count.

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::ingest::date::DateKey;
use crate::ingest::provenance::Confidence;
use crate::ingest::records::{DateInfo, Records, Tables};
pub use crate::units::{kg_to_mg, mg_to_kg};

/// What a group of transactions adds up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Sum of the known weights in milligrams; `None` when no row of the group has a known weight.
    pub weight_mg: Option<i64>,
    /// Number of rows.
    pub transactions: u64,
    /// Rows whose weight is not known (empty, or given as a count of animals).
    pub unknown_weight: u64,
    /// Sum of animal counts (条/只/头); `None` when no row gives a count.
    pub count: Option<i64>,
    /// Rows that give a count of animals (with or without a weight).
    pub counted: u64,
    /// Rows that give both a weight and a count (`30只 15斤`): counted in `counted`, and not in
    /// `unknown_weight`.
    pub weighed_and_counted: u64,
    /// Earliest date, at the precision it was given; `None` when no row has a date.
    pub first_date: Option<DateKey>,
    /// Latest date (the end of a range, the end of a month), at the precision it was given.
    pub last_date: Option<DateKey>,
    /// Rows whose figure (weight or animal count) is approximate: `约50斤`, `50多斤`, `40-50斤`
    /// count as the number written (the lower end of a range).
    pub approx_rows: u64,
    /// The surest confidence of any row; `None` when no row gives one.
    pub best_confidence: Option<Confidence>,
    /// Rows that give a confidence.
    pub confidence_rows: u64,
    /// What was paid, and over which rows ([`Paid::rows`]: 0 when no row says).
    pub paid: Paid,
}

/// What a group of transactions was paid, in integer fen (分), and the basis of its prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paid {
    /// Sum of the known amounts in fen (meaningless when `rows` is 0).
    pub fen: i64,
    /// Rows with a known amount.
    pub rows: u64,
    /// Amount and weight (mg) of the rows that give both: the price per kg.
    pub weighed_fen: i64,
    pub weighed_mg: i64,
    /// Amount and animal count of the rows that give both: the price per animal.
    pub counted_fen: i64,
    pub counted: i64,
}

impl Paid {
    /// The known amount in 元; `None` when no row gives one.
    pub fn yuan(&self) -> Option<f64> {
        (self.rows > 0).then(|| fen_to_yuan(self.fen))
    }

    /// Price per kg in 元, over the rows giving both an amount and a weight.
    pub fn per_kg(&self) -> Option<f64> {
        (self.weighed_mg > 0).then(|| fen_to_yuan(self.weighed_fen) / mg_to_kg(self.weighed_mg))
    }

    /// Price per animal in 元, over the rows giving both an amount and a count.
    pub fn per_animal(&self) -> Option<f64> {
        (self.counted > 0).then(|| fen_to_yuan(self.counted_fen) / self.counted as f64)
    }

    fn merge(&mut self, o: &Paid) {
        self.fen += o.fen;
        self.rows += o.rows;
        self.weighed_fen += o.weighed_fen;
        self.weighed_mg += o.weighed_mg;
        self.counted_fen += o.counted_fen;
        self.counted += o.counted;
    }
}

/// 元 of an amount in fen: the double nearest the exact sum. Up to 2^53 fen the division is
/// that (the fen exact, one rounding); past it `fen as f64` would round first, so the exact
/// decimal is read instead (`90000000000001000` fen → `900000000000010.0`, not `…09.9`).
pub fn fen_to_yuan(fen: i64) -> f64 {
    if fen.unsigned_abs() <= 1 << 53 {
        fen as f64 / 100.0
    } else {
        let (yuan, cents) = (fen / 100, (fen % 100).unsigned_abs());
        format!("{yuan}.{cents:02}")
            .parse()
            .unwrap_or(fen as f64 / 100.0)
    }
}

impl Tally {
    /// A tally of `transactions` rows weighing `kg` in all (for tests and small inputs).
    pub fn of_kg(kg: f64, transactions: u64) -> Tally {
        Tally {
            weight_mg: Some(kg_to_mg(kg)),
            transactions,
            ..Tally::default()
        }
    }

    /// A tally of `transactions` rows of unknown weight.
    pub fn unknown(transactions: u64) -> Tally {
        Tally {
            transactions,
            unknown_weight: transactions,
            ..Tally::default()
        }
    }

    /// The known weight in kg; `None` when no row has a known weight.
    pub fn weight_kg(&self) -> Option<f64> {
        self.weight_mg.map(mg_to_kg)
    }

    /// The number of animals counted; `None` when no row gives a count.
    pub fn animals(&self) -> Option<f64> {
        self.count.map(|c| c as f64)
    }

    /// Rows with neither a weight nor a count.
    pub fn unknown_rows(&self) -> u64 {
        self.unknown_weight
            .saturating_sub(self.counted.saturating_sub(self.weighed_and_counted))
    }

    /// Adds another group into this one. Unknown stays unknown: `None + Some(x) = Some(x)` only
    /// because `None` means "no known weight among these rows", and the rows are counted in
    /// `unknown_weight`.
    pub fn merge(&mut self, o: &Tally) {
        fn add(a: Option<i64>, b: Option<i64>) -> Option<i64> {
            match (a, b) {
                (Some(x), Some(y)) => Some(x + y),
                (x, None) => x,
                (None, y) => y,
            }
        }
        self.weight_mg = add(self.weight_mg, o.weight_mg);
        self.transactions += o.transactions;
        self.unknown_weight += o.unknown_weight;
        self.count = add(self.count, o.count);
        self.counted += o.counted;
        self.weighed_and_counted += o.weighed_and_counted;
        self.paid.merge(&o.paid);
        self.first_date = match (self.first_date, o.first_date) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last_date = match (self.last_date, o.last_date) {
            (Some(a), Some(b)) => Some(later_end(a, b)),
            (a, b) => a.or(b),
        };
        self.approx_rows += o.approx_rows;
        self.best_confidence = self.best_confidence.max(o.best_confidence);
        self.confidence_rows += o.confidence_rows;
    }

    /// How sure the group is: `confirmed` or `probable` when any row says so (a link is as sure
    /// as its surest transaction), `unconfirmed` only when every row says so, `None` otherwise
    /// (no row says, or unconfirmed rows mixed with rows that do not say).
    pub fn confidence(&self) -> Option<Confidence> {
        match self.best_confidence {
            Some(Confidence::Unconfirmed) if self.confidence_rows < self.transactions => None,
            best => best,
        }
    }
}

/// Of two ends, the one that ends later: a month ends on its last day, so `2023-12` ends after
/// `2023-12-07` (their keys sort the other way round); at the same last day the larger key wins.
pub fn later_end(a: DateKey, b: DateKey) -> DateKey {
    if (a.last_day(), a.0) >= (b.last_day(), b.0) {
        a
    } else {
        b
    }
}

impl Serialize for Tally {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Tally", 15)?;
        m.serialize_field("weight_kg", &self.weight_kg())?;
        m.serialize_field("transactions", &self.transactions)?;
        m.serialize_field("unknown_weight", &self.unknown_weight)?;
        m.serialize_field("count", &self.animals())?;
        m.serialize_field("counted", &self.counted)?;
        m.serialize_field("weighed_and_counted", &self.weighed_and_counted)?;
        m.serialize_field("first_date", &self.first_date)?;
        m.serialize_field("last_date", &self.last_date)?;
        m.serialize_field("approx_rows", &self.approx_rows)?;
        m.serialize_field("best_confidence", &self.best_confidence)?;
        m.serialize_field("confidence_rows", &self.confidence_rows)?;
        m.serialize_field("amount_yuan", &self.paid.yuan())?;
        m.serialize_field("amount_rows", &self.paid.rows)?;
        m.serialize_field("amount_fen", &(self.paid.rows > 0).then_some(self.paid.fen))?;
        m.serialize_field("price_per_kg_yuan", &self.paid.per_kg())?;
        m.serialize_field("price_per_animal_yuan", &self.paid.per_animal())?;
        m.end()
    }
}

/// A running tally over integer-coded records: plain integers, cheap to add to and to merge.
/// Dates are kept as codes of the date table and turned into keys once, by [`Acc::tally`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acc {
    pub mg: i64,
    pub count: i64,
    pub transactions: u64,
    pub known: u64,
    pub counted: u64,
    pub both: u64,
    pub approx: u64,
    pub confident: u64,
    pub paid: Paid,
    /// Best confidence code (0: none).
    pub best: u8,
    /// Smallest date code (codes sort by start); `u32::MAX` when no row has a date.
    pub first: u32,
    /// Date code of the latest end; 0 when no row has a date.
    pub last: u32,
}

impl Default for Acc {
    fn default() -> Acc {
        Acc {
            mg: 0,
            count: 0,
            transactions: 0,
            known: 0,
            counted: 0,
            both: 0,
            approx: 0,
            confident: 0,
            paid: Paid::default(),
            best: 0,
            first: u32::MAX,
            last: 0,
        }
    }
}

impl Acc {
    /// Adds record `i`.
    #[inline(always)]
    pub fn add(&mut self, r: &Records, t: &Tables, i: usize) {
        self.add_coded(r, t, i, r.quantity[i], r.date[i]);
    }

    /// Adds record `i`, whose quantity and date codes the caller already has (so that a walk over
    /// sorted keys carrying them does not fetch them from the records).
    #[inline(always)]
    pub fn add_coded(&mut self, r: &Records, t: &Tables, i: usize, quantity: u32, date: u32) {
        let q = &t.quantities[quantity as usize];
        match &r.links {
            None => {
                self.transactions += 1;
                if let Some(mg) = q.mg {
                    self.mg += mg;
                    self.known += 1;
                }
                if let Some(c) = q.count {
                    self.count += c;
                    self.counted += 1;
                    self.both += u64::from(q.mg.is_some());
                }
                self.approx += u64::from(q.approx);
                if let Some(&m) = r.money.get(i) {
                    self.add_money(t, m, 1);
                }
                if let Some(&c) = r.confidence.get(i) {
                    self.confident += u64::from(c > 0);
                    self.best = self.best.max(c);
                }
            }
            Some(l) => {
                self.transactions += u64::from(l.transactions[i]);
                self.known += u64::from(l.known[i]);
                self.counted += u64::from(l.counted[i]);
                self.approx += u64::from(l.approx[i]);
                self.confident += u64::from(l.confident[i]);
                self.both += l.both.get(i).map_or(0, |&b| u64::from(b));
                if let Some(&m) = r.money.get(i) {
                    self.add_money(t, m, l.priced.get(i).map_or(0, |&p| u64::from(p)));
                }
                if let Some(mg) = q.mg {
                    self.mg += mg;
                }
                if let Some(c) = q.count {
                    self.count += c;
                }
                if let Some(&c) = r.confidence.get(i) {
                    self.best = self.best.max(c);
                }
            }
        }
        if date != 0 {
            self.first = self.first.min(date);
            if self.last == 0 || t.end_rank[date as usize] > t.end_rank[self.last as usize] {
                self.last = date;
            }
        }
    }

    /// Adds the money figure `code` of a record standing for `rows` priced rows.
    #[inline]
    fn add_money(&mut self, t: &Tables, code: u32, rows: u64) {
        let m = &t.money[code as usize];
        if let Some(fen) = m.fen {
            self.paid.fen += fen;
            self.paid.rows += rows;
            self.paid.weighed_fen += m.weighed_fen;
            self.paid.weighed_mg += m.weighed_mg;
            self.paid.counted_fen += m.counted_fen;
            self.paid.counted += m.counted;
        }
    }

    /// Adds another accumulator (`end_rank` orders the ends of the date table).
    #[inline]
    pub fn merge(&mut self, o: &Acc, end_rank: &[u32]) {
        self.mg += o.mg;
        self.count += o.count;
        self.transactions += o.transactions;
        self.known += o.known;
        self.counted += o.counted;
        self.both += o.both;
        self.approx += o.approx;
        self.confident += o.confident;
        self.paid.merge(&o.paid);
        self.best = self.best.max(o.best);
        self.first = self.first.min(o.first);
        if o.last != 0
            && (self.last == 0 || end_rank[o.last as usize] > end_rank[self.last as usize])
        {
            self.last = o.last;
        }
    }

    /// The tally, with dates looked up in the date table.
    pub fn tally(&self, dates: &[DateInfo]) -> Tally {
        Tally {
            weight_mg: (self.known > 0).then_some(self.mg),
            transactions: self.transactions,
            unknown_weight: self.transactions - self.known,
            count: (self.counted > 0).then_some(self.count),
            counted: self.counted,
            weighed_and_counted: self.both,
            first_date: (self.first != u32::MAX).then(|| dates[self.first as usize].start),
            last_date: (self.last != 0).then(|| dates[self.last as usize].end),
            approx_rows: self.approx,
            best_confidence: Confidence::from_code(self.best),
            confidence_rows: self.confident,
            paid: self.paid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_as_sure_as_its_surest_row_and_unconfirmed_only_when_all_rows_say_so() {
        use Confidence::*;
        let t = |transactions, best_confidence, confidence_rows| Tally {
            transactions,
            best_confidence,
            confidence_rows,
            ..Tally::default()
        };
        assert_eq!(t(3, Some(Confirmed), 3).confidence(), Some(Confirmed));
        assert_eq!(t(3, Some(Probable), 1).confidence(), Some(Probable));
        assert_eq!(t(2, Some(Unconfirmed), 2).confidence(), Some(Unconfirmed));
        assert_eq!(
            t(3, Some(Unconfirmed), 2).confidence(),
            None,
            "one row does not say"
        );
        assert_eq!(t(3, None, 0).confidence(), None);
        let mut a = t(1, Some(Unconfirmed), 1);
        a.merge(&t(1, None, 0));
        assert_eq!(a.confidence(), None);
        a.merge(&t(1, Some(Probable), 1));
        assert_eq!(a.confidence(), Some(Probable));
    }

    #[test]
    fn a_month_ends_after_a_day_inside_it() {
        use crate::ingest::date::days_from_civil;
        let day = DateKey::day(days_from_civil(2023, 12, 7));
        let month = DateKey::month(days_from_civil(2023, 12, 1));
        assert_eq!(later_end(day, month), month);
        assert_eq!(later_end(month, day), month);
        let next = DateKey::day(days_from_civil(2024, 1, 1));
        assert_eq!(later_end(month, next), next);
    }

    #[test]
    fn sums_are_exact_in_any_order() {
        // 0.1 + 0.2 kg in floating point is not 0.3; in milligrams it is.
        let mut a = Tally::of_kg(0.1, 1);
        a.merge(&Tally::of_kg(0.2, 1));
        assert_eq!(a.weight_mg, Some(300_000));
        assert_eq!(a.weight_kg(), Some(0.3));
    }
}
