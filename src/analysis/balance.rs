//! Mass balance: does what each party sold match what it bought? A dealer who sold more than it
//! bought has a supplier the case has not found; one who sold before it had bought is a lead even
//! when its yearly totals balance.
//!
//! Everything runs on integer ids: what each party bought and sold of each species comes from the
//! case's flows (no pass over the rows); the running stock is walked over the records of parties
//! that both buy and sell, bucketed by (party, species, side) and sorted by date code.

use serde::Serialize;

use crate::case::{Acc, Case, Tally};
use crate::ingest::date::DateKey;
use crate::units::mg_to_kg;

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
    /// Never sells anything in the data: a zoo, a restaurant, a market, an end customer. What it
    /// bought is where the goods ended, not stock it failed to sell.
    EndBuyer,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Origin => "origin",
            Status::UnexplainedSupply => "unexplained_supply",
            Status::UnsoldStock => "unsold_stock",
            Status::Balanced => "balanced",
            Status::Indeterminate => "indeterminate",
            Status::EndBuyer => "end_buyer",
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
    /// First date on which the running stock went below zero (sold before it had bought), in
    /// weight or, for a species traded in counts of animals, in animals.
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

/// What one party traded of one species on one side, by date.
#[derive(Debug, Clone, Default)]
struct Side {
    total: Acc,
    /// One entry per date code (0: unknown date), in date order; only for parties that both buy
    /// and sell.
    dated: Vec<Dated>,
    /// The earliest first day of any of its rows (`i64::MIN` for a row of unknown date), if any.
    earliest: Option<i64>,
}

/// The rows of one side at one date.
#[derive(Debug, Clone, Copy)]
struct Dated {
    from: i64,
    to: i64,
    key: Option<DateKey>,
    mg: i128,
    count: i128,
    transactions: u64,
    known: u64,
    counted: u64,
}

/// One (party, species) pair: what it sold (`sides[0]`) and bought (`sides[1]`).
#[derive(Debug, Clone, Default)]
struct Pair {
    party: u32,
    species: u32,
    sides: [Side; 2],
    first_unknown: Option<RowRef>,
}

/// Per party and species: what it bought and sold and the verdict, sorted by party then species
/// (each party's all-species row last, given when it trades more than one label). Parties that
/// only buy are included, as end buyers.
///
/// `tolerance` is relative: sold and bought balance when they differ by at most
/// `tolerance × max(sold, bought)`. `species` (a canonical name) keeps only its rows.
///
/// # Complexity
/// O(F log F) for F flows, plus O(R) for the R records of parties that both buy and sell and a
/// sort of each (party, species, side) bucket by date.
pub fn balance(case: &Case, tolerance: f64, species: Option<&str>) -> Vec<BalanceRow> {
    let data = &case.data;
    let agg = case.aggregated();
    let flows = &agg.flows.flows;
    let table = &data.species_table;
    let only = species.map(|s| data.species_id(s));

    // (party, species) pairs from the flows, in (party, species) order.
    let mut ends: Vec<(u32, u32, u8, u32)> = Vec::with_capacity(flows.len() * 2);
    for (i, f) in flows.iter().enumerate() {
        ends.push((f.seller, f.species, 0, i as u32));
        ends.push((f.buyer, f.species, 1, i as u32));
    }
    ends.sort_unstable();
    let mut pairs: Vec<Pair> = Vec::new();
    let mut pair_of = vec![[0u32; 2]; flows.len()];
    for (party, sp, side, f) in ends {
        if pairs
            .last()
            .is_none_or(|p| (p.party, p.species) != (party, sp))
        {
            pairs.push(Pair {
                party,
                species: sp,
                ..Pair::default()
            });
        }
        let at = pairs.len() - 1;
        pairs[at].sides[side as usize]
            .total
            .merge(&agg.accs[f as usize], &data.tables.end_rank);
        pair_of[f as usize][side as usize] = at as u32;
    }
    let mut sells = vec![false; data.parties.len()];
    let mut buys = vec![false; data.parties.len()];
    for f in flows {
        sells[f.seller as usize] = true;
        buys[f.buyer as usize] = true;
    }
    crate::timing::stage("balance: dated sides", || {
        dated_sides(case, &mut pairs, &pair_of, &sells, &buys)
    });

    let _t = crate::timing::Timer::new("balance: judge");
    let mut out = Vec::new();
    for own in pairs.chunk_by(|a, b| a.party == b.party) {
        let party = own[0].party;
        let name = &data.parties[party as usize];
        let end_buyer = !sells[party as usize];
        let label = |p: &Pair| data.species[p.species as usize].as_str();
        let generic: Vec<bool> = own
            .iter()
            .map(|p| table.lookup(label(p)).is_some_and(|i| i.is_generic()))
            .collect();
        for (k, pair) in own.iter().enumerate() {
            if only.is_some_and(|s| s != Some(pair.species)) {
                continue;
            }
            // Rows under other labels that may hold this species: generic labels for a species,
            // any label for a generic one.
            let others: Vec<usize> = (0..own.len())
                .filter(|&o| o != k && (generic[k] || generic[o]))
                .collect();
            let other_rows: u64 = others
                .iter()
                .map(|&o| own[o].sides[0].total.transactions + own[o].sides[1].total.transactions)
                .sum();
            let other_earliest = others
                .iter()
                .filter_map(|&o| own[o].sides[1].earliest)
                .min();
            let other_bought = others
                .iter()
                .any(|&o| own[o].sides[1].total.transactions > 0);
            let [sold, bought] = &pair.sides;
            let mut row = judge(
                case,
                name,
                Some(label(pair)),
                (sold, bought),
                (other_rows, other_bought, other_earliest),
                end_buyer,
                tolerance,
            );
            row.first_unknown_row = pair.first_unknown;
            row.generic = generic[k];
            if row.status == Status::Indeterminate && row.note.is_empty() {
                let names: Vec<&str> = others.iter().map(|&o| label(&own[o])).collect();
                row.note = if generic[k] {
                    format!(
                        "rows of {} may be part of {}",
                        names.join(", "),
                        label(pair)
                    )
                } else {
                    format!(
                        "rows labelled {} may include {}",
                        names.join(", "),
                        label(pair)
                    )
                };
            }
            out.push(row);
        }
        if species.is_none() && own.len() > 1 {
            let all = |k: usize| -> Side {
                let mut s = Side::default();
                for p in own {
                    let side = &p.sides[k];
                    s.total.merge(&side.total, &data.tables.end_rank);
                    s.dated.extend_from_slice(&side.dated);
                    s.earliest = match (s.earliest, side.earliest) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                }
                s
            };
            let (sold, bought) = (all(0), all(1));
            let mut row = judge(
                case,
                name,
                None,
                (&sold, &bought),
                (0, false, None),
                end_buyer,
                tolerance,
            );
            row.first_unknown_row = own.iter().filter_map(|p| p.first_unknown).min();
            out.push(row);
        }
    }
    out
}

/// Fills in, for every (party, species) pair of a party that both buys and sells, its rows by
/// date on each side; and for every pair the first row with neither weight nor count and the
/// earliest day of its purchases.
///
/// # Complexity
/// O(R) to bucket the records, plus a sort of each bucket by date code.
fn dated_sides(
    case: &Case,
    pairs: &mut [Pair],
    pair_of: &[[u32; 2]],
    sells: &[bool],
    buys: &[bool],
) {
    let data = &case.data;
    let r = &data.records;
    let t = &data.tables;
    let flow_of = &case.aggregated().flow_of;
    let dealer = |p: u32| sells[p as usize] && buys[p as usize];
    let no_figure = |i: usize| {
        let q = &t.quantities[r.quantity[i] as usize];
        q.mg.is_none() && q.count.is_none()
    };
    // Bucket sizes, then the records of each bucket (counting sort by bucket).
    let buckets = pairs.len() * 2;
    let mut start = vec![0u32; buckets + 1];
    for (i, &f) in flow_of.iter().enumerate() {
        let f = f as usize;
        if no_figure(i) {
            // Records come in (file, row) order: the first seen is the first.
            for side in 0..2 {
                let p = &mut pairs[pair_of[f][side] as usize];
                if p.first_unknown.is_none() {
                    p.first_unknown = Some(r.at(i));
                }
            }
        }
        let date = r.date[i];
        let earliest = if date == 0 {
            i64::MIN
        } else {
            i64::from(t.dates[date as usize].from)
        };
        let bought = &mut pairs[pair_of[f][1] as usize].sides[1];
        bought.earliest = Some(bought.earliest.map_or(earliest, |e| e.min(earliest)));
        if dealer(r.seller[i]) {
            start[pair_of[f][0] as usize * 2 + 1] += 1;
        }
        if dealer(r.buyer[i]) {
            start[pair_of[f][1] as usize * 2 + 2] += 1;
        }
    }
    for b in 1..=buckets {
        start[b] += start[b - 1];
    }
    let mut next = start.clone();
    let mut items = vec![(0u32, 0u32); start[buckets] as usize];
    for (i, &f) in flow_of.iter().enumerate() {
        let f = f as usize;
        for (side, party) in [(0usize, r.seller[i]), (1, r.buyer[i])] {
            if dealer(party) {
                let b = pair_of[f][side] as usize * 2 + side;
                items[next[b] as usize] = (r.date[i], i as u32);
                next[b] += 1;
            }
        }
    }
    for b in 0..buckets {
        let bucket = &mut items[start[b] as usize..start[b + 1] as usize];
        if bucket.is_empty() {
            continue;
        }
        bucket.sort_unstable();
        let side = &mut pairs[b / 2].sides[b % 2];
        for group in bucket.chunk_by(|a, b| a.0 == b.0) {
            let mut acc = Acc::default();
            for &(_, i) in group {
                acc.add(r, t, i as usize);
            }
            let code = group[0].0;
            let d = &t.dates[code as usize];
            let (from, to, key) = if code == 0 {
                (i64::MIN, i64::MAX, None)
            } else {
                (i64::from(d.from), i64::from(d.to), Some(d.start))
            };
            side.dated.push(Dated {
                from,
                to,
                key,
                mg: acc.mg,
                count: acc.count,
                transactions: acc.transactions,
                known: acc.known,
                counted: acc.counted,
            });
        }
    }
}

/// The verdict on one side pair. `others` is what other labels that may hold this species say:
/// their rows, whether any of them are purchases, and the earliest day of those purchases.
fn judge(
    case: &Case,
    party: &str,
    species: Option<&str>,
    (sold, bought): (&Side, &Side),
    (others, other_bought, other_earliest): (u64, bool, Option<i64>),
    end_buyer: bool,
    tolerance: f64,
) -> BalanceRow {
    let dates = &case.data.tables.dates;
    let (s, b) = (sold.total.tally(dates), bought.total.tally(dates));
    let unknown_rows = (s.unknown_weight - s.counted) + (b.unknown_weight - b.counted);
    let side_mg = |t: &Tally| {
        if t.transactions == 0 {
            Some(0)
        } else {
            t.weight_mg
        }
    };
    let (sold_mg, bought_mg) = (side_mg(&s), side_mg(&b));
    let label = species.unwrap_or("all species");
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
    let (status, note) = if end_buyer {
        (Status::EndBuyer, "never sells: an end buyer".to_string())
    } else if s.transactions > 0 && b.transactions == 0 && !other_bought {
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
        let st = compare(
            mg_to_kg(sold_mg.unwrap_or(0)),
            mg_to_kg(bought_mg.unwrap_or(0)),
        );
        (st, String::new())
    } else if counts_only {
        let st = compare(s.animals().unwrap_or(0.0), b.animals().unwrap_or(0.0));
        (st, "compared as counts of animals".to_string())
    } else {
        (
            Status::Indeterminate,
            "counts of animals and weights cannot be compared".to_string(),
        )
    };
    let difference_kg = match (status, sold_mg, bought_mg) {
        (Status::Indeterminate | Status::EndBuyer, _, _) => None,
        (_, Some(x), Some(y)) if kg_only => Some(mg_to_kg(x - y)),
        _ => None,
    };
    let measure = if kg_only {
        Some(Measure::Weight)
    } else if counts_only {
        Some(Measure::Count)
    } else {
        None
    };
    let negative_stock_date = measure.and_then(|m| {
        negative_stock(
            &sold.dated,
            &bought.dated,
            other_earliest.filter(|_| other_bought),
            m,
            tolerance,
        )
    });
    BalanceRow {
        party: party.to_string(),
        species: species.map(str::to_string),
        bought_kg: bought_mg.map(mg_to_kg),
        sold_kg: sold_mg.map(mg_to_kg),
        difference_kg,
        bought_count: b.animals(),
        sold_count: s.animals(),
        status,
        negative_stock_date,
        unknown_rows,
        first_unknown_row: None,
        note,
        generic: false,
    }
}

/// What the running stock counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
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
fn negative_stock(
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
