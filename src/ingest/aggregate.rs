//! Aggregation of transactions with polars: per group, the sum of known weights, the number of rows,
//! how many of them have no known weight, animal counts and the first and last dates.

use std::sync::Arc;

use anyhow::Result;
use polars::prelude::*;
use serde::Serialize;

use super::cols;
use super::date::DateKey;

/// What a group of transactions adds up to.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Tally {
    /// Sum of the known weights in kg; `None` when no row of the group has a known weight.
    pub weight_kg: Option<f64>,
    /// Number of rows.
    pub transactions: u64,
    /// Rows whose weight is not known (empty, or given as a count of animals).
    pub unknown_weight: u64,
    /// Sum of animal counts (条/只/头); `None` when no row gives a count.
    pub count: Option<f64>,
    /// Rows that give a count of animals instead of a weight.
    pub counted: u64,
    /// Earliest date, at the precision it was given; `None` when no row has a date.
    pub first_date: Option<DateKey>,
    /// Latest date, at the precision it was given.
    pub last_date: Option<DateKey>,
}

fn add(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x + y),
        (x, None) => x,
        (None, y) => y,
    }
}

impl Tally {
    /// Adds another group into this one. Unknown stays unknown: `None + Some(x) = Some(x)` only
    /// because `None` means "no known weight among these rows", and the rows are counted in
    /// `unknown_weight`.
    pub fn merge(&mut self, o: &Tally) {
        self.weight_kg = add(self.weight_kg, o.weight_kg);
        self.transactions += o.transactions;
        self.unknown_weight += o.unknown_weight;
        self.count = add(self.count, o.count);
        self.counted += o.counted;
        self.first_date = match (self.first_date, o.first_date) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last_date = self.last_date.max(o.last_date);
    }
}

const KG_SUM: &str = "kg_sum";
const KG_KNOWN: &str = "kg_known";
const ROWS: &str = "rows";
const COUNT_SUM: &str = "count_sum";
const COUNT_KNOWN: &str = "count_known";
const FIRST: &str = "first_key";
const LAST: &str = "last_key";

/// Groups transactions by `keys` and tallies each group; the result has the key columns followed by
/// the tally columns, sorted by the keys (nulls first). `keys` empty gives one row for everything.
///
/// # Complexity
/// One polars group-by over the rows.
pub fn tally_by(rows: LazyFrame, keys: &[&str]) -> Result<DataFrame> {
    tally_by_sorted(rows, keys, true)
}

/// As [`tally_by`], leaving the groups in polars' order when `sorted` is false (the caller sorts).
pub fn tally_by_sorted(mut rows: LazyFrame, keys: &[&str], sorted: bool) -> Result<DataFrame> {
    use super::links::{DATE_KEY_LAST, N, NC, NK};
    // Rows read from a links file stand for several transactions each (see `ingest::links`).
    let linked = rows.collect_schema()?.contains(N);
    let aggs = if linked {
        [
            col(cols::KG).sum().alias(KG_SUM),
            col(NK).sum().cast(DataType::UInt64).alias(KG_KNOWN),
            col(N).sum().cast(DataType::UInt64).alias(ROWS),
            col(cols::COUNT).sum().alias(COUNT_SUM),
            col(NC).sum().cast(DataType::UInt64).alias(COUNT_KNOWN),
            col(cols::DATE_KEY).min().alias(FIRST),
            col(DATE_KEY_LAST).max().alias(LAST),
        ]
    } else {
        [
            col(cols::KG).sum().alias(KG_SUM),
            col(cols::KG).count().cast(DataType::UInt64).alias(KG_KNOWN),
            len().cast(DataType::UInt64).alias(ROWS),
            col(cols::COUNT).sum().alias(COUNT_SUM),
            col(cols::COUNT)
                .count()
                .cast(DataType::UInt64)
                .alias(COUNT_KNOWN),
            col(cols::DATE_KEY).min().alias(FIRST),
            col(cols::DATE_KEY).max().alias(LAST),
        ]
    };
    let df = if keys.is_empty() {
        rows.select(aggs).collect()?
    } else {
        let by: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
        let names: Vec<PlSmallStr> = keys.iter().map(|k| PlSmallStr::from(*k)).collect();
        let grouped = rows.group_by(by).agg(aggs);
        if sorted {
            grouped
                .sort(
                    names,
                    SortMultipleOptions::default().with_maintain_order(true),
                )
                .collect()?
        } else {
            grouped.collect()?
        }
    };
    Ok(df)
}

/// The tallies of a frame made by [`tally_by`], row by row.
pub fn tallies(df: &DataFrame) -> Result<Vec<Tally>> {
    let kg = df.column(KG_SUM)?.f64()?;
    let kg_known = df.column(KG_KNOWN)?.u64()?;
    let rows = df.column(ROWS)?.u64()?;
    let count = df.column(COUNT_SUM)?.f64()?;
    let count_known = df.column(COUNT_KNOWN)?.u64()?;
    let first = df.column(FIRST)?.i32()?;
    let last = df.column(LAST)?.i32()?;
    // Iterators, not `get(i)`: a multi-chunk column would search its chunks on every call.
    let mut out = Vec::with_capacity(df.height());
    let cols = kg
        .iter()
        .zip(kg_known.iter())
        .zip(rows.iter())
        .zip(count.iter())
        .zip(count_known.iter());
    for ((((((kg, known), n), count), counted), first), last) in
        cols.zip(first.iter()).zip(last.iter())
    {
        let (n, known, counted) = (n.unwrap_or(0), known.unwrap_or(0), counted.unwrap_or(0));
        out.push(Tally {
            weight_kg: (known > 0).then(|| kg.unwrap_or(0.0)),
            transactions: n,
            unknown_weight: n - known,
            count: (counted > 0).then(|| count.unwrap_or(0.0)),
            counted,
            first_date: first.map(DateKey),
            last_date: last.map(DateKey),
        });
    }
    Ok(out)
}

/// The string values of a key column, nulls as `None`.
pub fn str_values(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

/// One aggregated (seller, buyer, species) flow, by ids into [`Flows`]' name tables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowRow {
    pub seller: u32,
    pub buyer: u32,
    pub species: u32,
    pub tally: Tally,
}

/// The aggregated flows: the whole input of the graph. Names are interned once: ids follow name
/// order, so sorting by id is sorting by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flows {
    /// Every party, in name order.
    pub parties: Vec<String>,
    /// Every species, in name order.
    pub species: Vec<Arc<str>>,
    /// Sorted by (seller, buyer, species).
    pub flows: Vec<FlowRow>,
}

impl Flows {
    /// The id of a party name.
    pub fn party_id(&self, name: &str) -> Option<u32> {
        self.parties
            .binary_search_by(|p| p.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    }

    /// The id of a species name.
    pub fn species_id(&self, name: &str) -> Option<u32> {
        self.species
            .binary_search_by(|p| (**p).cmp(name))
            .ok()
            .map(|i| i as u32)
    }

    /// Builds the tables from named flows (any order), for tests and small inputs.
    pub fn from_named<'a>(
        named: impl IntoIterator<Item = (&'a str, &'a str, &'a str, Tally)>,
    ) -> Flows {
        let named: Vec<_> = named.into_iter().collect();
        let mut b = Builder::default();
        let ids: Vec<_> = named
            .iter()
            .map(|(s, bu, sp, t)| (b.party(s), b.party(bu), b.species(sp), *t))
            .collect();
        b.finish(ids)
    }
}

/// Interns names in first-seen order, then renumbers them in name order.
#[derive(Default)]
struct Builder<'a> {
    parties: foldhash::HashMap<&'a str, u32>,
    species: foldhash::HashMap<&'a str, u32>,
}

impl<'a> Builder<'a> {
    fn party(&mut self, name: &'a str) -> u32 {
        let n = self.parties.len() as u32;
        *self.parties.entry(name).or_insert(n)
    }

    fn species(&mut self, name: &'a str) -> u32 {
        let n = self.species.len() as u32;
        *self.species.entry(name).or_insert(n)
    }

    fn finish(self, rows: Vec<(u32, u32, u32, Tally)>) -> Flows {
        fn order(m: foldhash::HashMap<&str, u32>) -> (Vec<String>, Vec<u32>) {
            let mut names: Vec<(&str, u32)> = m.into_iter().collect();
            names.sort_unstable();
            let mut remap = vec![0u32; names.len()];
            for (new, (_, old)) in names.iter().enumerate() {
                remap[*old as usize] = new as u32;
            }
            (
                names.into_iter().map(|(n, _)| n.to_string()).collect(),
                remap,
            )
        }
        let (parties, pmap) = order(self.parties);
        let (species, smap) = order(self.species);
        let mut flows: Vec<FlowRow> = rows
            .into_iter()
            .map(|(s, b, sp, tally)| FlowRow {
                seller: pmap[s as usize],
                buyer: pmap[b as usize],
                species: smap[sp as usize],
                tally,
            })
            .collect();
        flows.sort_unstable_by_key(|f| (f.seller, f.buyer, f.species));
        Flows {
            parties,
            species: species.into_iter().map(Arc::from).collect(),
            flows,
        }
    }
}

/// Aggregates the transactions to (seller, buyer, species) flows.
///
/// # Complexity
/// One polars group-by, then O(F) hashing of borrowed names and O(F log F) integer sorting for F
/// flows; a string is allocated once per distinct name, not per flow.
pub fn flows(rows: LazyFrame) -> Result<Flows> {
    let df = crate::timing::stage("links: polars group-by", || {
        tally_by_sorted(rows, &[cols::SELLER, cols::BUYER, cols::SPECIES], false)
    })?;
    crate::timing::stage(&format!("links: {} flows to Rust", df.height()), || {
        let sellers = df.column(cols::SELLER)?.str()?;
        let buyers = df.column(cols::BUYER)?.str()?;
        let species = df.column(cols::SPECIES)?.str()?;
        let t = tallies(&df)?;
        let mut b = Builder::default();
        let mut ids = Vec::with_capacity(df.height());
        for (((s, bu), sp), tally) in sellers.iter().zip(buyers.iter()).zip(species.iter()).zip(t) {
            let (s, bu, sp) = (s.unwrap_or(""), bu.unwrap_or(""), sp.unwrap_or(""));
            ids.push((b.party(s), b.party(bu), b.species(sp), tally));
        }
        Ok(b.finish(ids))
    })
}

/// One (seller, buyer, species, date) group of transactions: the rows behind a link at one date.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedFlow {
    pub seller: String,
    pub buyer: String,
    pub species: String,
    /// First and last day the date can mean; `None` for rows of unknown date.
    pub span: Option<(i32, i32)>,
    /// The date as given (day or month precision).
    pub key: Option<DateKey>,
    pub tally: Tally,
}

/// Aggregates the transactions to (seller, buyer, species, date) groups, sorted by those keys.
///
/// # Complexity
/// One polars group-by; the result grows with distinct dates per link, not with rows.
pub fn dated_flows(rows: LazyFrame) -> Result<Vec<DatedFlow>> {
    let keys = [
        cols::SELLER,
        cols::BUYER,
        cols::SPECIES,
        cols::DATE_FROM,
        cols::DATE_TO,
    ];
    let df = tally_by(rows, &keys)?;
    let sellers = str_values(&df, cols::SELLER)?;
    let buyers = str_values(&df, cols::BUYER)?;
    let species = str_values(&df, cols::SPECIES)?;
    let from = df.column(cols::DATE_FROM)?.i32()?;
    let to = df.column(cols::DATE_TO)?.i32()?;
    let t = tallies(&df)?;
    let mut out = Vec::with_capacity(df.height());
    for (i, (((s, b), sp), tally)) in sellers
        .into_iter()
        .zip(buyers)
        .zip(species)
        .zip(t)
        .enumerate()
    {
        let span = from.get(i).zip(to.get(i));
        out.push(DatedFlow {
            seller: s.unwrap_or_default(),
            buyer: b.unwrap_or_default(),
            species: sp.unwrap_or_default(),
            span,
            key: tally.first_date,
            tally,
        });
    }
    Ok(out)
}
