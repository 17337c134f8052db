//! Aggregation of transactions with polars: per group, the sum of known weights, the number of rows,
//! how many of them have no known weight or an approximate one, animal counts, the first and last
//! dates, and how many rows each confidence has.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;
use serde::Serialize;

use super::cols;
use super::date::DateKey;
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
    tally_by_with(rows, keys, Vec::new())
}

/// [`tally_by`] with `extra` aggregations after the tally columns (e.g. the `first()` of a column
/// that depends on the key).
///
/// # Complexity
/// One polars group-by over the rows.
pub fn tally_by_with(rows: LazyFrame, keys: &[&str], extra: Vec<Expr>) -> Result<DataFrame> {
    let mut aggs = vec![
        col(cols::KG).sum().alias(KG_SUM),
        col(cols::KG).count().cast(DataType::UInt64).alias(KG_KNOWN),
        len().cast(DataType::UInt64).alias(ROWS),
        col(cols::COUNT).sum().alias(COUNT_SUM),
        col(cols::COUNT)
            .count()
            .cast(DataType::UInt64)
            .alias(COUNT_KNOWN),
        col(cols::DATE_KEY).min().alias(FIRST),
        col(cols::DATE_END_KEY).max().alias(LAST),
        col(cols::APPROX)
            .cast(DataType::UInt64)
            .sum()
            .alias(APPROX_ROWS),
        col(cols::CONFIDENCE).max().alias(BEST_CONFIDENCE),
        col(cols::CONFIDENCE)
            .count()
            .cast(DataType::UInt64)
            .alias(CONFIDENCE_ROWS),
    ];
    aggs.extend(extra);
    let df = if keys.is_empty() {
        rows.select(aggs).collect()?
    } else {
        let by: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
        let names: Vec<PlSmallStr> = keys.iter().map(|k| PlSmallStr::from(*k)).collect();
        rows.group_by(by)
            .agg(aggs)
            .sort(
                names,
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .collect()?
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
    let approx = df.column(APPROX_ROWS)?.u64()?;
    let best = df.column(BEST_CONFIDENCE)?.cast(&DataType::UInt32)?;
    let best = best.u32()?;
    let confidence_rows = df.column(CONFIDENCE_ROWS)?.u64()?;
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let n = rows.get(i).unwrap_or(0);
        let known = kg_known.get(i).unwrap_or(0);
        out.push(Tally {
            weight_kg: if known > 0 {
                Some(kg.get(i).unwrap_or(0.0))
            } else {
                None
            },
            transactions: n,
            unknown_weight: n - known,
            count: if count_known.get(i).unwrap_or(0) > 0 {
                Some(count.get(i).unwrap_or(0.0))
            } else {
                None
            },
            first_date: first.get(i).map(DateKey),
            last_date: last.get(i).map(DateKey),
            approx_rows: approx.get(i).unwrap_or(0),
            best_confidence: best
                .get(i)
                .and_then(|c| u8::try_from(c).ok())
                .and_then(Confidence::from_code),
            confidence_rows: confidence_rows.get(i).unwrap_or(0),
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

/// One aggregated (seller, buyer, species) flow: the input of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRow {
    pub seller: String,
    pub buyer: String,
    pub species: String,
    pub tally: Tally,
    /// The distinct `source` cells of its rows (case file, page …), sorted.
    pub sources: Vec<String>,
}

/// Aggregates the transactions to (seller, buyer, species) flows, sorted by seller, buyer, species.
///
/// # Complexity
/// One polars group-by over the rows, and one distinct over the rows that name a source.
pub fn flows(rows: LazyFrame) -> Result<Vec<FlowRow>> {
    let mut sources: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    let named = rows
        .clone()
        .filter(col(cols::SOURCE).is_not_null())
        .select([
            col(cols::SELLER),
            col(cols::BUYER),
            col(cols::SPECIES),
            col(cols::SOURCE),
        ])
        .unique_generic(None, UniqueKeepStrategy::Any)
        .collect()?;
    if named.height() > 0 {
        let cells: Vec<Vec<Option<String>>> =
            [cols::SELLER, cols::BUYER, cols::SPECIES, cols::SOURCE]
                .iter()
                .map(|c| str_values(&named, c))
                .collect::<Result<_>>()?;
        for i in 0..named.height() {
            let get = |k: usize| cells[k][i].clone().unwrap_or_default();
            sources
                .entry((get(0), get(1), get(2)))
                .or_default()
                .push(get(3));
        }
        for v in sources.values_mut() {
            v.sort();
        }
    }
    let df = tally_by(rows, &[cols::SELLER, cols::BUYER, cols::SPECIES])?;
    let sellers = str_values(&df, cols::SELLER)?;
    let buyers = str_values(&df, cols::BUYER)?;
    let species = str_values(&df, cols::SPECIES)?;
    let t = tallies(&df)?;
    Ok(sellers
        .into_iter()
        .zip(buyers)
        .zip(species)
        .zip(t)
        .map(|(((s, b), sp), tally)| {
            let (seller, buyer, species) = (
                s.unwrap_or_default(),
                b.unwrap_or_default(),
                sp.unwrap_or_default(),
            );
            let sources = sources
                .remove(&(seller.clone(), buyer.clone(), species.clone()))
                .unwrap_or_default();
            FlowRow {
                seller,
                buyer,
                species,
                tally,
                sources,
            }
        })
        .collect())
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
