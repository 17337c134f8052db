//! Aggregation of transactions with polars: per group, the sum of known weights, the number of rows,
//! how many of them have no known weight or an approximate one, animal counts, the first and last
//! dates, and how many rows each confidence has.

use std::sync::Arc;

use anyhow::Result;
use polars::prelude::*;
use serde::Serialize;

use super::cols;
use super::date::{DateKey, DateLabel};
use super::provenance::Confidence;

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
    /// Latest date (the end of a range), at the precision it was given.
    pub last_date: Option<DateKey>,
    /// Rows whose figure (weight or animal count) is approximate: `约50斤`, `50多斤`, `40-50斤`
    /// count as the number written (the lower end of a range).
    pub approx_rows: u64,
    /// The surest confidence of any row; `None` when no row gives one.
    pub best_confidence: Option<Confidence>,
    /// Rows that give a confidence.
    pub confidence_rows: u64,
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

const KG_SUM: &str = "kg_sum";
const KG_KNOWN: &str = "kg_known";
const ROWS: &str = "rows";
const COUNT_SUM: &str = "count_sum";
const COUNT_KNOWN: &str = "count_known";
const FIRST: &str = "first_key";
const LAST: &str = "last_key";
const APPROX_ROWS: &str = "approx_rows";
const BEST_CONFIDENCE: &str = "best_confidence";
const CONFIDENCE_ROWS: &str = "confidence_rows";

/// Groups transactions by `keys` and tallies each group; the result has the key columns followed by
/// the tally columns, sorted by the keys (nulls first). `keys` empty gives one row for everything.
///
/// # Complexity
/// One polars group-by over the rows.
pub fn tally_by(rows: LazyFrame, keys: &[&str]) -> Result<DataFrame> {
    tally_by_sorted(rows, keys, true, Vec::new())
}

/// [`tally_by`] with `extra` aggregations after the tally columns (e.g. the `first()` of a column
/// that depends on the key).
///
/// # Complexity
/// One polars group-by over the rows.
pub fn tally_by_with(rows: LazyFrame, keys: &[&str], extra: Vec<Expr>) -> Result<DataFrame> {
    tally_by_sorted(rows, keys, true, extra)
}

/// As [`tally_by_with`], leaving the groups in polars' order when `sorted` is false (the caller
/// sorts).
pub fn tally_by_sorted(
    mut rows: LazyFrame,
    keys: &[&str],
    sorted: bool,
    extra: Vec<Expr>,
) -> Result<DataFrame> {
    use super::links::{N, NA, NC, NCONF, NK};
    // Rows read from a links file stand for several transactions each (see `ingest::links`).
    let schema = rows.collect_schema()?;
    let linked = schema.contains(N);
    // Columns no row needs are left out of the rows frame (see `cols`): their tallies are 0/none.
    let has = |c: &str| linked || schema.contains(c);
    let mut aggs = if linked {
        vec![
            col(cols::KG).sum().alias(KG_SUM),
            col(NK).sum().cast(DataType::UInt64).alias(KG_KNOWN),
            col(N).sum().cast(DataType::UInt64).alias(ROWS),
            col(cols::COUNT).sum().alias(COUNT_SUM),
            col(NC).sum().cast(DataType::UInt64).alias(COUNT_KNOWN),
            col(NA).sum().cast(DataType::UInt64).alias(APPROX_ROWS),
            col(NCONF)
                .sum()
                .cast(DataType::UInt64)
                .alias(CONFIDENCE_ROWS),
        ]
    } else {
        let mut aggs = vec![
            col(cols::KG).sum().alias(KG_SUM),
            col(cols::KG).count().cast(DataType::UInt64).alias(KG_KNOWN),
            len().cast(DataType::UInt64).alias(ROWS),
            col(cols::COUNT).sum().alias(COUNT_SUM),
            col(cols::COUNT)
                .count()
                .cast(DataType::UInt64)
                .alias(COUNT_KNOWN),
        ];
        if has(cols::APPROX) {
            aggs.push(
                col(cols::APPROX)
                    .cast(DataType::UInt64)
                    .sum()
                    .alias(APPROX_ROWS),
            );
        }
        if has(cols::CONFIDENCE) {
            aggs.push(
                col(cols::CONFIDENCE)
                    .count()
                    .cast(DataType::UInt64)
                    .alias(CONFIDENCE_ROWS),
            );
        }
        aggs
    };
    aggs.extend([
        col(cols::DATE_KEY).min().alias(FIRST),
        col(cols::DATE_END_KEY).max().alias(LAST),
    ]);
    if has(cols::CONFIDENCE) {
        aggs.push(col(cols::CONFIDENCE).max().alias(BEST_CONFIDENCE));
    }
    aggs.extend(extra);
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
    // Absent when the rows have no such column: every tally has 0 / none of them.
    let h = df.height();
    let approx = match df.column(APPROX_ROWS) {
        Ok(c) => c.u64()?.clone(),
        Err(_) => UInt64Chunked::full(APPROX_ROWS.into(), 0, h),
    };
    let best = match df.column(BEST_CONFIDENCE) {
        Ok(c) => c.cast(&DataType::UInt32)?.u32()?.clone(),
        Err(_) => UInt32Chunked::full_null(BEST_CONFIDENCE.into(), h),
    };
    let confidence_rows = match df.column(CONFIDENCE_ROWS) {
        Ok(c) => c.u64()?.clone(),
        Err(_) => UInt64Chunked::full(CONFIDENCE_ROWS.into(), 0, h),
    };
    let mut extra = approx.iter().zip(best.iter()).zip(confidence_rows.iter());
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
        let ((approx, best), confidence_rows) = extra.next().unwrap_or_default();
        out.push(Tally {
            weight_kg: (known > 0).then(|| kg.unwrap_or(0.0)),
            transactions: n,
            unknown_weight: n - known,
            count: (counted > 0).then(|| count.unwrap_or(0.0)),
            counted,
            first_date: first.map(DateKey),
            last_date: last.map(DateKey),
            approx_rows: approx.unwrap_or(0),
            best_confidence: best
                .and_then(|c| u8::try_from(c).ok())
                .and_then(Confidence::from_code),
            confidence_rows: confidence_rows.unwrap_or(0),
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
    /// Index into [`Flows::sources`] of the distinct `source` cells of its rows (0: none).
    pub sources: u32,
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
    /// Lists of sources (case file, page …), sorted, that flows point into; the first is empty.
    pub sources: Vec<Vec<String>>,
}

impl Flows {
    /// Where the case file documents a flow: the distinct `source` cells of its rows, sorted.
    pub fn sources_of(&self, f: &FlowRow) -> &[String] {
        self.sources
            .get(f.sources as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The position of the (seller, buyer, species) flow.
    fn position(&self, seller: u32, buyer: u32, species: u32) -> Option<usize> {
        self.flows
            .binary_search_by_key(&(seller, buyer, species), |f| {
                (f.seller, f.buyer, f.species)
            })
            .ok()
    }

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
                sources: 0,
            })
            .collect();
        flows.sort_unstable_by_key(|f| (f.seller, f.buyer, f.species));
        Flows {
            parties,
            species: species.into_iter().map(Arc::from).collect(),
            flows,
            sources: vec![Vec::new()],
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
        tally_by_sorted(
            rows.clone(),
            &[cols::SELLER, cols::BUYER, cols::SPECIES],
            false,
            Vec::new(),
        )
    })?;
    let mut out = crate::timing::stage(&format!("links: {} flows to Rust", df.height()), || {
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
        Ok::<_, anyhow::Error>(b.finish(ids))
    })?;
    crate::timing::stage("links: sources", || add_sources(&mut out, rows))?;
    Ok(out)
}

/// Attaches to each flow the distinct `source` cells of its rows. A links file's `source` cell
/// is a JSON list of the sources of its link (see `ingest::links`).
///
/// # Complexity
/// One polars distinct over the rows that name a source; nothing when none does.
fn add_sources(flows: &mut Flows, mut rows: LazyFrame) -> Result<()> {
    let schema = rows.collect_schema()?;
    if !schema.contains(cols::SOURCE) {
        return Ok(());
    }
    let linked = schema.contains(super::links::N);
    let named = rows
        .filter(col(cols::SOURCE).is_not_null())
        .select([
            col(cols::SELLER),
            col(cols::BUYER),
            col(cols::SPECIES),
            col(cols::SOURCE),
        ])
        .unique_generic(None, UniqueKeepStrategy::Any)
        .collect()?;
    if named.height() == 0 {
        return Ok(());
    }
    let mut lists: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    let (s, b, sp, src) = (
        named.column(cols::SELLER)?.str()?,
        named.column(cols::BUYER)?.str()?,
        named.column(cols::SPECIES)?.str()?,
        named.column(cols::SOURCE)?.str()?,
    );
    for (((s, b), sp), src) in s.iter().zip(b.iter()).zip(sp.iter()).zip(src.iter()) {
        let (Some(s), Some(b), Some(sp), Some(src)) = (s, b, sp, src) else {
            continue;
        };
        let at = match (flows.party_id(s), flows.party_id(b), flows.species_id(sp)) {
            (Some(s), Some(b), Some(sp)) => flows.position(s, b, sp),
            _ => None,
        };
        let Some(at) = at else { continue };
        let list = lists.entry(at).or_default();
        if linked {
            list.extend(super::links::parse_sources(src)?);
        } else {
            list.push(src.to_string());
        }
    }
    for (at, mut list) in lists {
        list.sort_unstable();
        list.dedup();
        flows.flows[at].sources = flows.sources.len() as u32;
        flows.sources.push(list);
    }
    Ok(())
}

/// One (seller, buyer, species, date) group of transactions: the rows behind a link at one date.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedFlow {
    pub seller: String,
    pub buyer: String,
    pub species: String,
    /// First and last day the date can mean; `None` for rows of unknown date.
    pub span: Option<(i32, i32)>,
    /// The date or range as given (day or month precision).
    pub key: Option<DateLabel>,
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
            key: tally.first_date.map(|start| DateLabel {
                start,
                end: tally.last_date.unwrap_or(start),
            }),
            tally,
        });
    }
    Ok(out)
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
}
