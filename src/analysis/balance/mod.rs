//! Mass balance: does what each party sold match what it bought? A dealer who sold more than it
//! bought has a supplier the case has not found; one who sold before it had bought is a lead even
//! when its yearly totals balance.
//!
//! Everything runs on integer ids: what each party bought and sold of each species comes from the
//! case's flows (no pass over the rows); the running stock is walked over the records of parties
//! that both buy and sell, radix-sorted by (party, species, side, date) and judged party by party,
//! so no per-date table of the whole case is ever held.

use serde::Serialize;

mod convert;
mod keys;
mod labels;
mod stock;

use convert::{conversion_sources, converted_row};
use keys::{add_item, dated_keys};
use labels::Kinds;
use stock::{Measure, negative_stock};

use crate::case::sort::{bits_for, radix_sort_packed};
use crate::case::{Acc, Case, FlowRow, Tally};
use crate::ingest::date::DateKey;
use crate::ingest::species::Conversion;
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
    /// Bought as one product and sold as another of the same taxon (whole pangolins in, scales
    /// out), with no conversion factor given: not comparable, like with like.
    Transformed,
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
            Status::Transformed => "transformed",
            Status::EndBuyer => "end_buyer",
        }
    }
}

/// A row of the data, as (source index, 1-based row).
pub type RowRef = (u32, u64);

/// Why a balance row has the verdict it has, when the figures alone do not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    None,
    /// Sold with no recorded purchase.
    NoPurchase,
    /// This many rows have no known weight.
    UnknownRows(u64),
    /// Rows under these other labels (species ids) may hold this species (`generic`: this label is
    /// the generic one, and its rows may be part of the others).
    OtherLabels {
        generic: bool,
        others: Vec<u32>,
    },
    /// Compared as counts of animals.
    Counts,
    /// Counts of animals and weights cannot be compared.
    Mixed,
    /// Never sells: an end buyer.
    EndBuyer,
    /// Other products of this taxon (or of a taxon over or under it) are traded by the party
    /// (species ids): what it bought as one may be what it sold as another.
    Transformed {
        others: Vec<u32>,
    },
    /// The party's purchases of other products were converted into this one (see
    /// [`BalanceRow::converted`]).
    Converted,
    /// This product's purchases were converted into another (species id), whose row compares
    /// them.
    ConvertedInto(u32),
}

/// Purchases of another product converted into a row's product with a stated factor.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// The species id (label) bought.
    pub from: u32,
    /// What was bought of it, in mg.
    pub from_mg: i64,
    /// kg of this row's product per kg bought, and who states it.
    pub factor: f64,
    pub source: String,
    /// `from_mg × factor`, rounded to the mg.
    pub mg: i64,
}

/// One party's balance for one species (or for all its species together).
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceRow {
    /// The party's id in the case.
    pub party: u32,
    /// The species id; `None` for the party's species all together.
    pub species: Option<u32>,
    /// Known weight bought, in mg; 0 when nothing was bought, `None` when rows exist but no
    /// weight is known.
    pub bought_mg: Option<i64>,
    pub sold_mg: Option<i64>,
    /// `sold − bought`; `None` when a side is unknown or the verdict is indeterminate.
    pub difference_mg: Option<i64>,
    /// Animals bought and sold, from count units (条/只/头), kept apart from weights.
    pub bought_count: Option<i64>,
    pub sold_count: Option<i64>,
    pub status: Status,
    /// First date on which the running stock went below zero (sold before it had bought), in
    /// weight or, for a species traded in counts of animals, in animals.
    pub negative_stock_date: Option<DateKey>,
    /// Rows of this party and species with neither weight nor count.
    pub unknown_rows: u64,
    /// The first such row.
    pub first_unknown_row: Option<RowRef>,
    /// Rows of this party and species (either side) with a cell that could not be read (a
    /// weight, a date, a price …: [`crate::ingest::CellProblem`]): the verdict rests on them.
    pub problem_rows: u64,
    /// The first such row.
    pub first_problem_row: Option<RowRef>,
    pub note: Note,
    /// The species is a generic label of the species table (野生蛇, 龟类 …): it names no one
    /// species, so its rows may hold any of the party's species.
    pub generic: bool,
    /// Purchases of other products converted into this one (`--conversions`), added to
    /// `bought_mg` in `difference_mg` and the verdict.
    pub converted: Vec<Converted>,
}

impl BalanceRow {
    pub fn bought_kg(&self) -> Option<f64> {
        self.bought_mg.map(mg_to_kg)
    }

    pub fn sold_kg(&self) -> Option<f64> {
        self.sold_mg.map(mg_to_kg)
    }

    pub fn difference_kg(&self) -> Option<f64> {
        self.difference_mg.map(mg_to_kg)
    }
}

/// The rows of one side of a (party, species) pair at one date.
#[derive(Debug, Clone, Copy)]
pub(super) struct Dated {
    /// Index of the pair in the party's pairs; side 0 sold, 1 bought.
    pub(super) pair: u32,
    pub(super) side: u8,
    pub(super) from: i64,
    pub(super) to: i64,
    pub(super) key: Option<DateKey>,
    pub(super) mg: i64,
    pub(super) count: i64,
    pub(super) transactions: u64,
    pub(super) known: u64,
    pub(super) counted: u64,
}

/// One (party, species) pair. What it sold and bought in all is the sum of its flows' tallies
/// ([`Pair::sides`]), not kept: the pairs of a large case (a million at 10 M rows) stay small.
#[derive(Debug, Clone, Default)]
pub(super) struct Pair {
    pub(super) party: u32,
    pub(super) species: u32,
    /// Its flow ends, as `[sold, bought, end]` positions in the flows of the ends sorted by
    /// (party, species, side): `sold..bought` it sold, `bought..end` it bought.
    pub(super) ends: [u32; 3],
    pub(super) first_unknown: Option<RowRef>,
}

impl Pair {
    /// What it sold (`[0]`) and bought (`[1]`) in all, from `by_end` (the flow of each sorted end).
    pub(super) fn sides(&self, by_end: &[u32], flows: &[FlowRow]) -> [Tally; 2] {
        let sum = |a: u32, b: u32| {
            let mut t = Tally::default();
            for &f in &by_end[a as usize..b as usize] {
                t.merge(&flows[f as usize].tally);
            }
            t
        };
        let [sold, bought, end] = self.ends;
        [sum(sold, bought), sum(bought, end)]
    }
}

/// Per party and species: what it bought and sold and the verdict, sorted by party then species
/// (each party's all-species row last, given when it trades more than one label). Parties that
/// only buy are included, as end buyers.
///
/// `tolerance` is relative: sold and bought balance when they differ by at most
/// `tolerance × max(sold, bought)`. `species` (a canonical name) keeps only its rows.
///
/// # Complexity
/// O(F log F) for F flows, plus a radix sort of the records of parties that both buy and sell,
/// each record once per side it is on.
pub fn balance(case: &Case, tolerance: f64, species: Option<&str>) -> Vec<BalanceRow> {
    balance_packed(case, tolerance, species, 64)
}

/// [`balance`], packing dated keys in 64-bit values only when they fit in `narrow_bits` bits
/// (64; smaller in tests, to take the 128-bit way on small cases).
fn balance_packed(
    case: &Case,
    tolerance: f64,
    species: Option<&str>,
    narrow_bits: u32,
) -> Vec<BalanceRow> {
    let data = &case.data;
    let agg = case.aggregated();
    let flows = &agg.flows.flows;
    let only = species.map(|s| data.species_id(s));
    let kinds = Kinds::of(case);

    // (party, species) pairs from the flows, in (party, species) order: each flow's two ends,
    // packed as ((party, species), side) << 32 | flow and radix-sorted.
    let bs = bits_for(data.species.len());
    let end_bits = bits_for(data.parties.len()) + bs + 1;
    let mut ends: Vec<u64> = Vec::with_capacity(flows.len() * 2);
    for (i, f) in flows.iter().enumerate() {
        for (side, party) in [(0, f.seller), (1, f.buyer)] {
            let key = (((u64::from(party) << bs) | u64::from(f.species)) << 1) | side;
            ends.push((key << 32) | i as u64);
        }
    }
    if end_bits <= 32 {
        radix_sort_packed(&mut ends, 32, end_bits);
    } else {
        ends.sort_unstable();
    }
    let mut pairs: Vec<Pair> = Vec::new();
    let mut pair_of = vec![[0u32; 2]; flows.len()];
    let mut by_end: Vec<u32> = Vec::with_capacity(ends.len());
    let r = &data.records;
    for v in ends {
        let (key, f) = (v >> 32, (v & 0xFFFF_FFFF) as usize);
        let end = by_end.len() as u32;
        by_end.push(f as u32);
        let side = (key & 1) as usize;
        let (party, sp) = (
            (key >> 1 >> bs) as u32,
            ((key >> 1) & ((1 << bs) - 1)) as u32,
        );
        if pairs
            .last()
            .is_none_or(|p| (p.party, p.species) != (party, sp))
        {
            pairs.push(Pair {
                party,
                species: sp,
                ends: [end; 3],
                ..Pair::default()
            });
        }
        let at = pairs.len() - 1;
        let p = &mut pairs[at];
        // Sales come before purchases.
        if side == 0 {
            p.ends[1] = end + 1;
        }
        p.ends[2] = end + 1;
        let u = agg.first_unknown()[f];
        if u != u32::MAX {
            let row = r.at(u as usize);
            p.first_unknown = Some(p.first_unknown.map_or(row, |x| x.min(row)));
        }
        pair_of[f][side] = at as u32;
    }
    let mut sells = vec![false; data.parties.len()];
    let mut buys = vec![false; data.parties.len()];
    for f in flows {
        sells[f.seller as usize] = true;
        buys[f.buyer as usize] = true;
    }

    let (items, pb) = crate::timing::stage("balance: dated sides", || {
        dated_keys(case, &pair_of, pairs.len(), &sells, &buys, narrow_bits)
    });
    let payload = |v: u128| (v & ((1u128 << pb) - 1)) as u32;
    let _t = crate::timing::Timer::new("balance: judge");
    let bd = bits_for(data.tables.dates.len());
    let mut out = Vec::with_capacity(pairs.len() + data.parties.len());
    let mut dated: Vec<Dated> = Vec::new();
    let mut next_item = 0;
    let mut first_pair = 0;
    for own in pairs.chunk_by(|a, b| a.party == b.party) {
        let party = own[0].party;
        let end = first_pair + own.len();
        // This party's dated rows (only a party that both buys and sells has them).
        dated.clear();
        while next_item < items.len() && ((items.get(next_item) >> pb) >> bd) / 2 < end as u128 {
            let start = next_item;
            let key = items.get(start) >> pb;
            let mut acc = Acc::default();
            while next_item < items.len() && items.get(next_item) >> pb == key {
                add_item(&mut acc, case, payload(items.get(next_item)));
                next_item += 1;
            }
            let bucket = (key >> bd) as usize;
            let code = (key & ((1 << bd) - 1)) as usize;
            let d = &data.tables.dates[code];
            let (from, to, k) = if code == 0 {
                (i64::MIN, i64::MAX, None)
            } else {
                (i64::from(d.from), i64::from(d.to), Some(d.start))
            };
            dated.push(Dated {
                pair: (bucket / 2 - first_pair) as u32,
                side: (bucket % 2) as u8,
                from,
                to,
                key: k,
                mg: acc.mg,
                count: acc.count,
                transactions: acc.transactions,
                known: acc.known,
                counted: acc.counted,
            });
        }
        let sides: Vec<[Tally; 2]> = own.iter().map(|p| p.sides(&by_end, flows)).collect();
        judge_party(
            own,
            &sides,
            &dated,
            &kinds,
            only,
            species.is_none(),
            !sells[party as usize],
            tolerance,
            &mut out,
        );
        first_pair = end;
    }
    mark_problem_rows(case, &mut out);
    out
}

/// Notes on each balance row the rows of its party and species (and, for a party's all-species
/// row, of all its species) that have a cell problem: how many, and the first.
///
/// # Complexity
/// O(P log R + B log B) for P cell problems, R records and B balance rows; nothing when the data
/// has no cell problem.
fn mark_problem_rows(case: &Case, out: &mut [BalanceRow]) {
    let data = &case.data;
    if data.problems.is_empty() {
        return;
    }
    let r = &data.records;
    let mut seen: std::collections::BTreeMap<(u32, Option<u32>), (u64, RowRef)> =
        std::collections::BTreeMap::new();
    let mut last = None;
    for p in &data.problems {
        let at = (p.source as u32, p.row);
        if last == Some(at) {
            continue;
        }
        last = Some(at);
        // Records are in (file, row) order; a row left out (another network, a date window)
        // has none.
        let (mut lo, mut hi) = (0, r.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if r.at(mid) < at {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let k = lo;
        if k >= r.len() || r.at(k) != at {
            continue;
        }
        for party in [r.seller[k], r.buyer[k]] {
            for sp in [Some(r.species[k]), None] {
                let e = seen.entry((party, sp)).or_insert((0, at));
                e.0 += 1;
                e.1 = e.1.min(at);
            }
        }
    }
    for row in out {
        if let Some(&(n, first)) = seen.get(&(row.party, row.species)) {
            row.problem_rows = n;
            row.first_problem_row = Some(first);
        }
    }
}

/// Judges every pair of one party (and the party's all-species row), pushing the rows to `out`.
#[allow(clippy::too_many_arguments)]
fn judge_party(
    own: &[Pair],
    sides: &[[Tally; 2]],
    dated: &[Dated],
    kinds: &Kinds,
    only: Option<Option<u32>>,
    all_row: bool,
    end_buyer: bool,
    tolerance: f64,
    out: &mut Vec<BalanceRow>,
) {
    // `dated` comes in (pair, side, date) order: each side is a run.
    let mut runs = vec![(0usize, 0usize); own.len() * 2];
    let mut at = 0;
    for group in dated.chunk_by(|a, b| (a.pair, a.side) == (b.pair, b.side)) {
        runs[group[0].pair as usize * 2 + group[0].side as usize] = (at, at + group.len());
        at += group.len();
    }
    let side_of = |pair: usize, side: usize| -> &[Dated] {
        let (a, b) = runs[pair * 2 + side];
        &dated[a..b]
    };
    // The earliest purchase of each pair (a purchase of unknown date is before everything).
    let earliest: Vec<Option<i64>> = (0..own.len())
        .map(|k| side_of(k, 1).first().map(|d| d.from))
        .collect();
    // Rows under other labels that may hold this label's goods: generic labels for a species,
    // any label for a generic one, the other products and the taxa over and under its taxon.
    let others: Vec<Vec<usize>> = (0..own.len())
        .map(|k| {
            (0..own.len())
                .filter(|&o| o != k && kinds.related(own[k].species, own[o].species))
                .collect()
        })
        .collect();
    let sources: Vec<Option<Vec<(usize, &Conversion)>>> = (0..own.len())
        .map(|k| conversion_sources(own, sides, k, &others[k], kinds))
        .collect();
    for (k, pair) in own.iter().enumerate() {
        if only.is_some_and(|s| s != Some(pair.species)) {
            continue;
        }
        let generic = kinds.generic(pair.species);
        let mut row = if let Some(src) = &sources[k] {
            converted_row(
                own,
                sides,
                k,
                src,
                [side_of(k, 0), side_of(k, 1)],
                &earliest,
                end_buyer,
                tolerance,
            )
        } else {
            let others = &others[k];
            let other_rows: u64 = others
                .iter()
                .map(|&o| sides[o][0].transactions + sides[o][1].transactions)
                .sum();
            let other_bought = others.iter().any(|&o| sides[o][1].transactions > 0);
            let other_earliest = others.iter().filter_map(|&o| earliest[o]).min();
            let mut row = judge(
                [&sides[k][0], &sides[k][1]],
                [side_of(k, 0), side_of(k, 1)],
                (other_rows, other_bought, other_earliest),
                end_buyer,
                tolerance,
            );
            if row.status == Status::Indeterminate && row.note == Note::None {
                let into = others.iter().find(|&&o| {
                    sources[o]
                        .as_ref()
                        .is_some_and(|s| s.iter().any(|(from, _)| *from == k))
                });
                let changed: Vec<u32> = others
                    .iter()
                    .filter(|&&o| kinds.transformed(pair.species, own[o].species))
                    .map(|&o| own[o].species)
                    .collect();
                (row.status, row.note) = if let Some(&o) = into {
                    (Status::Transformed, Note::ConvertedInto(own[o].species))
                } else if !changed.is_empty() {
                    (Status::Transformed, Note::Transformed { others: changed })
                } else {
                    (
                        Status::Indeterminate,
                        Note::OtherLabels {
                            generic,
                            others: others.iter().map(|&o| own[o].species).collect(),
                        },
                    )
                };
            }
            row
        };
        row.party = pair.party;
        row.species = Some(pair.species);
        row.first_unknown_row = pair.first_unknown;
        row.generic = generic;
        out.push(row);
    }
    if all_row && own.len() > 1 {
        let mut totals = [Tally::default(), Tally::default()];
        for pair in sides {
            for (t, side) in totals.iter_mut().zip(pair) {
                t.merge(side);
            }
        }
        let sold: Vec<Dated> = dated.iter().filter(|d| d.side == 0).copied().collect();
        let bought: Vec<Dated> = dated.iter().filter(|d| d.side == 1).copied().collect();
        let mut row = judge(
            [&totals[0], &totals[1]],
            [&sold, &bought],
            (0, false, None),
            end_buyer,
            tolerance,
        );
        row.party = own[0].party;
        row.first_unknown_row = own.iter().filter_map(|p| p.first_unknown).min();
        let mixed = own
            .iter()
            .any(|a| own.iter().any(|b| kinds.transformed(a.species, b.species)));
        if mixed && !matches!(row.status, Status::Origin | Status::EndBuyer) {
            // Parts are not added to animals: the sums are shown, the verdict is not given.
            row.status = Status::Transformed;
            row.difference_mg = None;
            row.negative_stock_date = None;
            row.note = Note::Transformed {
                others: own.iter().map(|p| p.species).collect(),
            };
        }
        out.push(row);
    }
}

/// The verdict on one pair of sides (sold, bought): their totals and their rows by date.
/// `others` is what other labels that may hold this species say: their rows, whether any of them
/// are purchases, and the earliest day of those purchases.
pub(super) fn judge(
    [s, b]: [&Tally; 2],
    [sold_dated, bought_dated]: [&[Dated]; 2],
    (others, other_bought, other_earliest): (u64, bool, Option<i64>),
    end_buyer: bool,
    tolerance: f64,
) -> BalanceRow {
    // Rows with neither figure: a row giving both a weight and a count (`30只 15斤`) is not one.
    let unknown_rows = s.unknown_rows() + b.unknown_rows();
    let side_mg = |t: &Tally| {
        if t.transactions == 0 {
            Some(0)
        } else {
            t.weight_mg
        }
    };
    let (sold_mg, bought_mg) = (side_mg(s), side_mg(b));
    let compare = |x: f64, y: f64| -> Status {
        if (x - y).abs() <= tolerance * x.max(y) {
            Status::Balanced
        } else if x > y {
            Status::UnexplainedSupply
        } else {
            Status::UnsoldStock
        }
    };
    // Every row weighed (some may also give a count): compared by weight.
    let kg_only = s.counted == s.weighed_and_counted && b.counted == b.weighed_and_counted;
    let counts_only = s.counted == s.transactions && b.counted == b.transactions;
    let (status, note) = if end_buyer {
        (Status::EndBuyer, Note::EndBuyer)
    } else if s.transactions > 0 && b.transactions == 0 && !other_bought {
        (Status::Origin, Note::NoPurchase)
    } else if unknown_rows > 0 {
        (Status::Indeterminate, Note::UnknownRows(unknown_rows))
    } else if others > 0 {
        // Named by the caller, who knows the other labels.
        (Status::Indeterminate, Note::None)
    } else if kg_only {
        let st = compare(
            mg_to_kg(sold_mg.unwrap_or(0)),
            mg_to_kg(bought_mg.unwrap_or(0)),
        );
        (st, Note::None)
    } else if counts_only {
        let st = compare(s.animals().unwrap_or(0.0), b.animals().unwrap_or(0.0));
        (st, Note::Counts)
    } else {
        (Status::Indeterminate, Note::Mixed)
    };
    let difference_mg = match (status, sold_mg, bought_mg) {
        (Status::Indeterminate, _, _) => None,
        (_, Some(x), Some(y)) if kg_only => Some(x - y),
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
            sold_dated,
            bought_dated,
            other_earliest.filter(|_| other_bought),
            m,
            tolerance,
        )
    });
    BalanceRow {
        party: 0,
        species: None,
        bought_mg,
        sold_mg,
        difference_mg,
        bought_count: b.count,
        sold_count: s.count,
        status,
        negative_stock_date,
        unknown_rows,
        first_unknown_row: None,
        problem_rows: 0,
        first_problem_row: None,
        note,
        generic: false,
        converted: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
