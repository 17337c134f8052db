//! Mass balance: does what each party sold match what it bought? A dealer who sold more than it
//! bought has a supplier the case has not found; one who sold before it had bought is a lead even
//! when its yearly totals balance.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;
use serde::Serialize;

use crate::ingest::aggregate::{Tally, str_values, tallies, tally_by};
use crate::ingest::cols;
use crate::ingest::date::DateKey;
use crate::ingest::species::SpeciesTable;

/// The verdict on one party's balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Sold with no recorded purchase: where did it come from?
    Origin,
    /// Sold more than it bought, beyond the tolerance: a missing supplier.
    UnexplainedSupply,
    /// Bought more than it sold, beyond the tolerance: stock, losses or missing buyers.
    UnsoldStock,
    /// Sold and bought agree within the tolerance.
    Balanced,
    /// An unknown weight, a row of unspecified species, or counts mixed with weights make the
    /// comparison impossible.
    Indeterminate,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Origin => "origin",
            Status::UnexplainedSupply => "unexplained_supply",
            Status::UnsoldStock => "unsold_stock",
            Status::Balanced => "balanced",
            Status::Indeterminate => "indeterminate",
        }
    }
}

/// A row of the data, as (source index, 1-based row).
pub type RowRef = (u32, u64);

/// One party's balance for one species (or for all its species together).
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceRow {
    pub party: String,
    /// `None` for the party's species all together.
    pub species: Option<String>,
    /// Known weight bought, in kg; 0 when nothing was bought, `None` when rows exist but no weight is known.
    pub bought_kg: Option<f64>,
    pub sold_kg: Option<f64>,
    /// `sold − bought`; `None` when a side is unknown or the verdict is indeterminate.
    pub difference_kg: Option<f64>,
    /// Animals bought and sold, from count units (条/只/头), kept apart from weights.
    pub bought_count: Option<f64>,
    pub sold_count: Option<f64>,
    pub status: Status,
    /// First date on which the running stock went below zero (sold before it had bought).
    pub negative_stock_date: Option<DateKey>,
    /// Rows of this party and species with neither weight nor count.
    pub unknown_rows: u64,
    /// The first such row.
    pub first_unknown_row: Option<RowRef>,
    /// Why, in words.
    pub note: String,
    /// The species is a generic label of the species table (野生蛇, 龟类 …): it names no one
    /// species, so its rows may hold any of the party's species.
    pub generic: bool,
}

/// The rows of one party and label on one side, grouped by date.
#[derive(Debug, Clone, Default)]
struct Side {
    dated: Vec<(Option<(i32, i32)>, Tally)>,
    keys: Vec<Option<DateKey>>,
}

impl Side {
    fn total(&self) -> Tally {
        let mut t = Tally::default();
        for (_, d) in &self.dated {
            t.merge(d);
        }
        t
    }
}

/// Per party and species: what it bought and sold and the verdict, sorted by party then species
/// (each party's all-species row last, given when it trades more than one label). Parties that
/// only buy are included: their rows say what an end buyer took in.
///
/// `tolerance` is relative: sold and bought balance when they differ by at most
/// `tolerance × max(sold, bought)`.
///
/// # Complexity
/// Three polars group-bys over the rows, then O(G log G) for G (party, species, date) groups.
pub fn balance(
    rows: &DataFrame,
    tolerance: f64,
    species: Option<&str>,
    table: &SpeciesTable,
) -> Result<Vec<BalanceRow>> {
    let is_generic = |s: &str| table.lookup(s).is_some_and(|i| i.is_generic());
    // party → species → (sold, bought). Groups arrive sorted by (party, species, date), so a
    // string is allocated once per (party, species), not once per group.
    let mut book: BTreeMap<String, BTreeMap<String, [Side; 2]>> = BTreeMap::new();
    for (k, party) in [cols::SELLER, cols::BUYER].into_iter().enumerate() {
        let df = crate::timing::stage("balance: group-by", || {
            tally_by(
                rows.clone().lazy(),
                &[party, cols::SPECIES, cols::DATE_FROM, cols::DATE_TO],
            )
        })?;
        let _t = crate::timing::Timer::new("balance: sides");
        let p: Vec<&str> = df
            .column(party)?
            .str()?
            .iter()
            .map(|x| x.unwrap_or(""))
            .collect();
        let s: Vec<&str> = df
            .column(cols::SPECIES)?
            .str()?
            .iter()
            .map(|x| x.unwrap_or(""))
            .collect();
        let from: Vec<Option<i32>> = df.column(cols::DATE_FROM)?.i32()?.iter().collect();
        let to: Vec<Option<i32>> = df.column(cols::DATE_TO)?.i32()?.iter().collect();
        let t = tallies(&df)?;
        let mut i = 0;
        while i < df.height() {
            let (pi, si) = (p[i], s[i]);
            let mut side = Side::default();
            while i < df.height() && p[i] == pi && s[i] == si {
                side.dated.push((from[i].zip(to[i]), t[i]));
                side.keys.push(t[i].first_date);
                i += 1;
            }
            book.entry(pi.to_string())
                .or_default()
                .entry(si.to_string())
                .or_default()[k] = side;
        }
    }
    let unknown = crate::timing::stage("balance: unknown rows", || first_unknown_rows(rows))?;
    let _t = crate::timing::Timer::new("balance: judge");

    let empty = Side::default();
    let mut out = Vec::new();
    for (party, own) in &book {
        // Labels of this party that name no one species (checked once per party).
        let generic: Vec<&str> = own
            .keys()
            .map(String::as_str)
            .filter(|o| is_generic(o))
            .collect();
        for (s, [sell, buy]) in own
            .iter()
            .filter(|(s, _)| species.is_none_or(|x| x == s.as_str()))
        {
            let s = s.as_str();
            // Rows under other labels that may hold this species: generic labels for a species,
            // any label for a generic one.
            let s_generic = generic.contains(&s);
            let others: Vec<&str> = if s_generic {
                own.keys().map(String::as_str).filter(|o| *o != s).collect()
            } else {
                generic.clone()
            };
            let related = |k: usize| -> Side {
                let mut r = Side::default();
                for o in &others {
                    let sides = &own[*o];
                    r.dated.extend(sides[k].dated.iter().copied());
                    r.keys.extend(sides[k].keys.iter().copied());
                }
                r
            };
            let (other_sold, other_bought) = (related(0), related(1));
            let refs = [unknown.get(&(party.to_string(), s.to_string())).copied()];
            let mut row = judge(
                party,
                Some(s),
                sell,
                buy,
                &other_sold,
                &other_bought,
                tolerance,
                &refs,
            );
            row.generic = s_generic;
            if row.status == Status::Indeterminate && row.note.is_empty() {
                row.note = if s_generic {
                    format!("rows of {} may be part of {s}", others.join(", "))
                } else {
                    format!("rows labelled {} may include {s}", others.join(", "))
                };
            }
            out.push(row);
        }
        if species.is_none() && own.len() > 1 {
            let all = |k: usize| -> Side {
                let mut r = Side::default();
                for sides in own.values() {
                    r.dated.extend(sides[k].dated.iter().copied());
                    r.keys.extend(sides[k].keys.iter().copied());
                }
                r
            };
            let refs: Vec<Option<RowRef>> = own
                .keys()
                .map(|s| unknown.get(&(party.to_string(), s.to_string())).copied())
                .collect();
            out.push(judge(
                party,
                None,
                &all(0),
                &all(1),
                &empty,
                &empty,
                tolerance,
                &refs,
            ));
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn judge(
    party: &str,
    species: Option<&str>,
    sold: &Side,
    bought: &Side,
    other_sold: &Side,
    other_bought: &Side,
    tolerance: f64,
    refs: &[Option<RowRef>],
) -> BalanceRow {
    let (s, b) = (sold.total(), bought.total());
    let unknown_rows = (s.unknown_weight - s.counted) + (b.unknown_weight - b.counted);
    let side_kg = |t: &Tally| {
        if t.transactions == 0 {
            Some(0.0)
        } else {
            t.weight_kg
        }
    };
    let (sold_kg, bought_kg) = (side_kg(&s), side_kg(&b));
    let label = species.unwrap_or("all species");
    let others = other_sold.total().transactions + other_bought.total().transactions;
    let compare = |x: f64, y: f64| -> Status {
        if (x - y).abs() <= tolerance * x.max(y) {
            Status::Balanced
        } else if x > y {
            Status::UnexplainedSupply
        } else {
            Status::UnsoldStock
        }
    };
    let kg_only = s.counted == 0 && b.counted == 0;
    let counts_only = s.counted == s.transactions && b.counted == b.transactions;
    let (status, note) =
        if s.transactions > 0 && b.transactions == 0 && other_bought.total().transactions == 0 {
            (
                Status::Origin,
                format!("sold {label} with no recorded purchase"),
            )
        } else if unknown_rows > 0 {
            let rows = if unknown_rows == 1 { "row" } else { "rows" };
            (
                Status::Indeterminate,
                format!("{unknown_rows} {rows} without a known weight"),
            )
        } else if others > 0 {
            // Worded by the caller, who knows the other labels.
            (Status::Indeterminate, String::new())
        } else if kg_only {
            let st = compare(sold_kg.unwrap_or(0.0), bought_kg.unwrap_or(0.0));
            (st, String::new())
        } else if counts_only {
            let st = compare(s.count.unwrap_or(0.0), b.count.unwrap_or(0.0));
            (st, "compared as counts of animals".to_string())
        } else {
            (
                Status::Indeterminate,
                "counts of animals and weights cannot be compared".to_string(),
            )
        };
    let difference_kg = match (status, sold_kg, bought_kg) {
        (Status::Indeterminate, _, _) => None,
        (_, Some(x), Some(y)) if kg_only => Some(x - y),
        _ => None,
    };
    BalanceRow {
        party: party.to_string(),
        species: species.map(str::to_string),
        bought_kg,
        sold_kg,
        difference_kg,
        bought_count: b.count,
        sold_count: s.count,
        status,
        negative_stock_date: negative_stock(sold, bought, other_bought, tolerance),
        unknown_rows,
        first_unknown_row: refs.iter().flatten().min().copied(),
        note,
        generic: false,
    }
}

/// The first date on which the running stock surely went below zero: a sale such that the
/// weight sold at or before it (sales surely no later) exceeds all that may have been bought
/// before it (purchases possibly no later) by more than the tolerance. A purchase of unknown weight or of an unspecified
/// label that may come before a sale makes that sale, and all later ones, undecidable.
///
/// # Complexity
/// O(G log G) for G dated groups.
fn negative_stock(
    sold: &Side,
    bought: &Side,
    other_bought: &Side,
    tolerance: f64,
) -> Option<DateKey> {
    const ALL: (i32, i32) = (i32::MIN, i32::MAX);
    // Purchases by start, with prefix sums of known kg; the earliest start of a blocking purchase.
    let mut buys: Vec<(i32, f64)> = Vec::new();
    let mut block = i32::MAX;
    for (span, t) in &bought.dated {
        let (from, _) = span.unwrap_or(ALL);
        if t.unknown_weight > 0 {
            block = block.min(from);
        }
        buys.push((from, t.weight_kg.unwrap_or(0.0)));
    }
    for (span, _) in &other_bought.dated {
        block = block.min(span.unwrap_or(ALL).0);
    }
    buys.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let buy_prefix: Vec<f64> = buys
        .iter()
        .scan(0.0, |acc, b| {
            *acc += b.1;
            Some(*acc)
        })
        .collect();
    // Sales by end, with prefix sums of known kg (a sale of unknown date is never surely before).
    let mut sells: Vec<(i32, i32, f64, Option<DateKey>)> = sold
        .dated
        .iter()
        .zip(&sold.keys)
        .filter_map(|((span, t), k)| span.map(|(a, b)| (a, b, t.weight_kg.unwrap_or(0.0), *k)))
        .collect();
    sells.sort_by_key(|s| (s.1, s.0));
    let ends: Vec<i32> = sells.iter().map(|s| s.1).collect();
    let sell_prefix: Vec<f64> = sells
        .iter()
        .scan(0.0, |acc, s| {
            *acc += s.2;
            Some(*acc)
        })
        .collect();
    let mut by_start: Vec<&(i32, i32, f64, Option<DateKey>)> = sells.iter().collect();
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

/// For each (party, species), the first row with neither weight nor count, on either side.
fn first_unknown_rows(rows: &DataFrame) -> Result<BTreeMap<(String, String), RowRef>> {
    let key = (col(cols::FILE).cast(DataType::UInt64) * lit(1u64 << 32).cast(DataType::UInt64))
        + col(cols::ROW).cast(DataType::UInt64);
    let unknown = rows
        .clone()
        .lazy()
        .filter(col(cols::KG).is_null().and(col(cols::COUNT).is_null()))
        .with_column(key.alias("ref"));
    let mut out: BTreeMap<(String, String), RowRef> = BTreeMap::new();
    for party in [cols::SELLER, cols::BUYER] {
        let df = unknown
            .clone()
            .group_by([col(party), col(cols::SPECIES)])
            .agg([col("ref").min()])
            .collect()?;
        let p = str_values(&df, party)?;
        let s = str_values(&df, cols::SPECIES)?;
        let r: Vec<Option<u64>> = df.column("ref")?.u64()?.iter().collect();
        for ((p, s), r) in p.into_iter().zip(s).zip(r) {
            if let (Some(p), Some(s), Some(r)) = (p, s, r) {
                let rr = ((r >> 32) as u32, r & 0xffff_ffff);
                let e = out.entry((p, s)).or_insert(rr);
                *e = (*e).min(rr);
            }
        }
    }
    Ok(out)
}
