//! The accepted records of a case, integer-coded: one column per field, parties and species as ids
//! into name tables, weights and dates as codes into small tables of distinct values. Rows and
//! links files both come out as [`Records`]; [`Holds`] says which.

use crate::ingest::cell::date::{DateKey, Day};
pub use crate::ingest::cell::money::{Per, Price};
use crate::ingest::error::{Error, Result};

/// What the records are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// One record per transaction row of the case files.
    Rows,
    /// One record per (seller, buyer, species) link of a links file; each stands for
    /// [`LinkColumns::transactions`] rows.
    Links,
}

/// A weight or a count of animals, as read from a cell (or summed in a links file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Quantity {
    /// Known weight in integer milligrams.
    pub mg: Option<i64>,
    /// Number of animals (条/只/头).
    pub count: Option<i64>,
    /// The figure is approximate (`约50斤`, `50多斤`, `40-50斤`).
    pub approx: bool,
    /// The state written after the figure (`1只（死体）` → `死体`): part of the row's note.
    pub state: Option<&'static str>,
}

impl Quantity {
    /// Neither a weight nor a count.
    pub fn is_unknown(&self) -> bool {
        self.mg.is_none() && self.count.is_none()
    }
}

/// What a record says was paid, in integer fen (分, 0.01 元) so that sums are exact whatever the
/// order or thread count. Entry 0 of [`Tables::money`] is "nothing known".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Money {
    /// The amount paid in fen: written, or the unit price times the weight or count; `None`
    /// when unknown (never zero).
    pub fen: Option<i64>,
    /// The unit price written, if any.
    pub price: Option<Price>,
    /// The amount was computed from the price (no amount written).
    pub derived: bool,
    /// The price times the quantity, when an amount is written and this differs from it beyond
    /// rounding (a warning names the row).
    pub mismatch: Option<i64>,
    /// The amount of records with a known weight, and that weight in mg (for a price per kg).
    pub weighed_fen: i64,
    pub weighed_mg: i64,
    /// The amount of records with a count of animals, and that count (for a price per animal).
    pub counted_fen: i64,
    pub counted: i64,
}

/// A date cell as read: the interval it can mean, the start and end as given, maybe a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateInfo {
    /// The start as given (day or month precision); codes of the date table sort by it.
    pub start: DateKey,
    /// First day it can mean.
    pub from: Day,
    /// Last day it can mean.
    pub to: Day,
    /// The end as given: the same as `start` unless the cell is a range.
    pub end: DateKey,
    /// Time of day in seconds after midnight, when the cell gives one.
    pub time: Option<u32>,
}

/// How many rows each record of a links file stands for, and of them how many say what.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkColumns {
    pub transactions: Vec<u32>,
    /// Rows with a known weight.
    pub known: Vec<u32>,
    /// Rows giving a count of animals.
    pub counted: Vec<u32>,
    /// Rows whose figure is approximate.
    pub approx: Vec<u32>,
    /// Rows giving a confidence.
    pub confident: Vec<u32>,
    /// Rows giving both a weight and a count (empty: none).
    pub both: Vec<u32>,
    /// Rows with a known amount paid (empty: none).
    pub priced: Vec<u32>,
}

/// The accepted records, one entry per record in every column, in input order (source, then row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    /// Index of the source in [`crate::ingest::Dataset::sources`].
    pub file: Vec<u32>,
    /// The row as the user's program shows it ([`crate::ingest::Reject::row`]): the sheet's row
    /// number in a workbook, the line the record starts on in text.
    pub row: Vec<u32>,
    /// Party ids (into [`crate::ingest::Dataset::parties`]).
    pub seller: Vec<u32>,
    pub buyer: Vec<u32>,
    /// Species ids (into [`crate::ingest::Dataset::species`]).
    pub species: Vec<u32>,
    /// Codes into [`Tables::quantities`].
    pub quantity: Vec<u32>,
    /// Codes into [`Tables::dates`] (0: unknown date).
    pub date: Vec<u32>,
    /// Codes into [`Tables::sources`] (0: none); empty when no record names a source.
    pub source: Vec<u32>,
    /// [`crate::ingest::cell::confidence::Confidence::code`] (0: not given); empty when no record gives one.
    pub confidence: Vec<u8>,
    /// Codes into [`Tables::money`] (0: nothing known); empty when no record says what was paid.
    pub money: Vec<u32>,
    /// Present when the records are links.
    pub links: Option<LinkColumns>,
    /// Codes into [`Tables::notes`] (0: none): the row's note (备注), and the state a count was
    /// written with (`1只（死体）`); empty when no record has one.
    pub note: Vec<u32>,
}

impl Records {
    pub fn len(&self) -> usize {
        self.seller.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seller.is_empty()
    }

    /// `(source index, row)` of record `i`.
    pub fn at(&self, i: usize) -> (u32, u64) {
        (self.file[i], u64::from(self.row[i]))
    }

    /// The record at `(source index, row)`, if one was accepted there.
    ///
    /// # Complexity
    /// O(log R): records are in input order.
    pub fn find(&self, (file, row): (u32, u64)) -> Option<usize> {
        let row = u32::try_from(row).ok()?;
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if (self.file[mid], self.row[mid]) < (file, row) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo < self.len() && (self.file[lo], self.row[lo]) == (file, row)).then_some(lo)
    }

    /// Keeps the records for which `keep(i)` holds, in order.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        let kept: Vec<bool> = (0..self.len()).map(keep).collect();
        fn filter<T: Copy>(v: &mut Vec<T>, kept: &[bool]) {
            if v.is_empty() {
                return;
            }
            let mut k = kept.iter();
            v.retain(|_| *k.next().unwrap_or(&false));
        }
        filter(&mut self.file, &kept);
        filter(&mut self.row, &kept);
        filter(&mut self.seller, &kept);
        filter(&mut self.buyer, &kept);
        filter(&mut self.species, &kept);
        filter(&mut self.quantity, &kept);
        filter(&mut self.date, &kept);
        filter(&mut self.source, &kept);
        filter(&mut self.confidence, &kept);
        filter(&mut self.money, &kept);
        filter(&mut self.note, &kept);
        if let Some(l) = &mut self.links {
            filter(&mut l.transactions, &kept);
            filter(&mut l.known, &kept);
            filter(&mut l.counted, &kept);
            filter(&mut l.approx, &kept);
            filter(&mut l.confident, &kept);
            filter(&mut l.both, &kept);
            filter(&mut l.priced, &kept);
        }
    }
}

/// Checks that the weights and the animal counts of all records add up to no more than
/// [`crate::units::MAX_TOTAL`], so that every sum of the case is an exact `i64`.
///
/// # Errors
/// Totals beyond it: the figures cannot be right, and the message says how large they are.
pub fn check_totals(r: &Records, t: &Tables) -> Result<()> {
    let (mut mg, mut count) = (0i128, 0i128);
    for &q in &r.quantity {
        let q = &t.quantities[q as usize];
        mg += i128::from(q.mg.unwrap_or(0));
        count += i128::from(q.count.unwrap_or(0));
    }
    let max = i128::from(crate::units::MAX_TOTAL);
    if mg > max {
        return Err(Error::TooLarge {
            why: format!(
                "the known weights add up to {:.0} kg, more than wildchain can total exactly ({:.0} \
             kg): some weights must be wrong (`wildchain validate` and --rejects show each row)",
                mg as f64 / crate::units::MG_PER_KG,
                max as f64 / crate::units::MG_PER_KG
            ),
        });
    }
    if count > max {
        return Err(Error::TooLarge {
            why: format!(
                "the animal counts add up to {count}, more than wildchain can total exactly ({max}): \
             some counts must be wrong"
            ),
        });
    }
    let fen: i128 = r
        .money
        .iter()
        .map(|&m| i128::from(t.money[m as usize].fen.unwrap_or(0)))
        .sum();
    if fen > max {
        return Err(Error::TooLarge {
            why: format!(
                "the amounts paid add up to {:.0} 元, more than wildchain can total exactly: some \
             amounts must be wrong",
                fen as f64 / 100.0
            ),
        });
    }
    Ok(())
}

/// The tables the record codes point into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    /// Distinct quantities.
    pub quantities: Vec<Quantity>,
    /// Distinct dates; entry 0 stands for "unknown" (its fields mean nothing). Entries 1.. are
    /// sorted, so that code order is start order.
    pub dates: Vec<DateInfo>,
    /// For each date code, the rank of its end (its last day, then its end key): the latest end
    /// of a group is the code of highest rank.
    pub end_rank: Vec<u32>,
    /// Distinct lists of sources (case file, page …), each sorted; entry 0 is the empty list.
    pub sources: Vec<Vec<String>>,
    /// Distinct money figures; entry 0 is "nothing known" (empty when no record has one).
    pub money: Vec<Money>,
    /// Distinct notes of rows as written (the note cell, then the state of a count); entry 0 is
    /// no note (empty when no record has one).
    pub notes: Vec<String>,
    /// Distinct places of rows as written (trimmed), of both place columns; entry 0 is no place
    /// (empty when no source has a place column).
    pub places: Vec<String>,
}

impl Default for Tables {
    fn default() -> Tables {
        Tables::new(Vec::new(), Vec::new(), vec![Vec::new()])
    }
}

/// The date table's "unknown" entry.
pub const NO_DATE: DateInfo = DateInfo {
    start: DateKey(0),
    from: 0,
    to: 0,
    end: DateKey(0),
    time: None,
};

impl Tables {
    /// The tables, with `dates` (distinct, in any order, without the unknown entry) sorted and
    /// ranked. Returns the tables and, for each given date, its code.
    pub fn new(
        quantities: Vec<Quantity>,
        dates: Vec<DateInfo>,
        sources: Vec<Vec<String>>,
    ) -> Tables {
        let (t, _) = Tables::with_dates(quantities, dates, sources);
        t
    }

    /// As [`Tables::new`], also returning the code of each date given, in the order given.
    pub fn with_dates(
        quantities: Vec<Quantity>,
        dates: Vec<DateInfo>,
        sources: Vec<Vec<String>>,
    ) -> (Tables, Vec<u32>) {
        let mut order: Vec<u32> = (0..dates.len() as u32).collect();
        order.sort_by_key(|&i| dates[i as usize]);
        let mut code_of = vec![0u32; dates.len()];
        let mut table = Vec::with_capacity(dates.len() + 1);
        table.push(NO_DATE);
        for &i in &order {
            let d = dates[i as usize];
            if table.len() == 1 || *table.last().unwrap_or(&NO_DATE) != d {
                table.push(d);
            }
            code_of[i as usize] = (table.len() - 1) as u32;
        }
        let mut by_end: Vec<u32> = (1..table.len() as u32).collect();
        by_end.sort_by_key(|&c| {
            let d = &table[c as usize];
            (d.end.last_day(), d.end, c)
        });
        let mut end_rank = vec![0u32; table.len()];
        for (rank, &c) in by_end.iter().enumerate() {
            end_rank[c as usize] = rank as u32 + 1;
        }
        (
            Tables {
                quantities,
                dates: table,
                end_rank,
                sources,
                money: Vec::new(),
                notes: Vec::new(),
                places: Vec::new(),
            },
            code_of,
        )
    }
}
