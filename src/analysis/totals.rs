//! Totals: what moved per species, seller, buyer, month or link, computed with polars over the
//! transactions (not over the graph), so that every figure is a sum of rows.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;

use crate::ingest::aggregate::{Tally, str_values, tallies, tally_by};
use crate::ingest::cols;
use crate::ingest::date::{Day, format_month};
use crate::ingest::species::{SpeciesTable, Taxon};

/// What to group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Species,
    Seller,
    Buyer,
    Month,
    Link,
}

impl By {
    pub fn name(self) -> &'static str {
        match self {
            By::Species => "species",
            By::Seller => "seller",
            By::Buyer => "buyer",
            By::Month => "month",
            By::Link => "link",
        }
    }
}

/// Which rows to count. Every set field must hold for a row to count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Rows of this species.
    pub species: Option<String>,
    /// Rows where this party sells or buys.
    pub party: Option<String>,
    /// Rows whose date interval reaches this day or later (rows of unknown date are left out).
    pub from: Option<Day>,
    /// Rows whose date interval starts on or before this day (rows of unknown date are left out).
    pub to: Option<Day>,
}

impl Filter {
    /// The rows that pass, as a lazy query. A row's date is an interval (a day, a whole month, or a
    /// range such as `2022年4月至5月`): it passes a date filter when the interval overlaps
    /// `[from, to]`.
    pub fn apply(&self, rows: LazyFrame) -> LazyFrame {
        let mut keep: Option<Expr> = None;
        let mut and = |e: Expr| {
            keep = Some(match keep.take() {
                Some(k) => k.and(e),
                None => e,
            })
        };
        if let Some(s) = &self.species {
            and(col(cols::SPECIES).eq(lit(s.as_str())));
        }
        if let Some(p) = &self.party {
            and(col(cols::SELLER)
                .eq(lit(p.as_str()))
                .or(col(cols::BUYER).eq(lit(p.as_str()))));
        }
        if let Some(d) = self.from {
            and(col(cols::DATE_TO).gt_eq(lit(d)));
        }
        if let Some(d) = self.to {
            and(col(cols::DATE_FROM).lt_eq(lit(d)));
        }
        match keep {
            Some(e) => rows.filter(e),
            None => rows,
        }
    }
}

/// The group a total row belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TotalKey {
    Species(String),
    Seller(String),
    Buyer(String),
    /// `YYYY-MM`, or `None` for rows of unknown date.
    Month(Option<String>),
    Link {
        seller: String,
        buyer: String,
    },
}

/// One group and its tally.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalRow {
    pub key: TotalKey,
    pub tally: Tally,
    /// For a species group: what the species table says of it (`None` for other groups).
    pub taxon: Option<Taxon>,
}

/// Totals of the rows passing `filter`, grouped `by`, sorted by known weight descending (groups with
/// no known weight last), then by name.
///
/// # Complexity
/// One polars filter and group-by over the rows, then O(G log G) for G groups.
pub fn totals(
    rows: &DataFrame,
    by: By,
    filter: &Filter,
    table: &SpeciesTable,
) -> Result<Vec<TotalRow>> {
    let lf = filter.apply(rows.clone().lazy());
    let mut out: Vec<TotalRow> = match by {
        By::Species => {
            let df = tally_by(lf, &[cols::SPECIES])?;
            str_values(&df, cols::SPECIES)?
                .into_iter()
                .zip(tallies(&df)?)
                .map(|(k, tally)| {
                    let k = k.unwrap_or_default();
                    // Species are canonical names: the table says what it knows of them.
                    let taxon = table.lookup(&k).map(|i| Taxon {
                        scientific_name: i.scientific_name.clone(),
                        cites_appendix: i.cites_appendix.clone(),
                        china_protection: i.china_protection.clone(),
                    });
                    TotalRow {
                        key: TotalKey::Species(k),
                        tally,
                        taxon: Some(taxon.unwrap_or_default()),
                    }
                })
                .collect()
        }
        By::Seller | By::Buyer => {
            let key = by.name();
            let df = tally_by(lf, &[key])?;
            str_values(&df, key)?
                .into_iter()
                .zip(tallies(&df)?)
                .map(|(k, tally)| {
                    let k = k.unwrap_or_default();
                    let key = match by {
                        By::Seller => TotalKey::Seller(k),
                        _ => TotalKey::Buyer(k),
                    };
                    TotalRow {
                        key,
                        tally,
                        taxon: None,
                    }
                })
                .collect()
        }
        By::Link => {
            let df = tally_by(lf, &[cols::SELLER, cols::BUYER])?;
            str_values(&df, cols::SELLER)?
                .into_iter()
                .zip(str_values(&df, cols::BUYER)?)
                .zip(tallies(&df)?)
                .map(|((s, b), tally)| TotalRow {
                    key: TotalKey::Link {
                        seller: s.unwrap_or_default(),
                        buyer: b.unwrap_or_default(),
                    },
                    tally,
                    taxon: None,
                })
                .collect()
        }
        By::Month => {
            // Group by day in polars (few distinct days), then fold days into months.
            let df = tally_by(lf, &[cols::DATE_FROM])?;
            let days: Vec<Option<i32>> = df.column(cols::DATE_FROM)?.i32()?.iter().collect();
            let mut months: BTreeMap<Option<String>, Tally> = BTreeMap::new();
            for (day, tally) in days.into_iter().zip(tallies(&df)?) {
                months
                    .entry(day.map(format_month))
                    .or_default()
                    .merge(&tally);
            }
            months
                .into_iter()
                .map(|(m, tally)| TotalRow {
                    key: TotalKey::Month(m),
                    tally,
                    taxon: None,
                })
                .collect()
        }
    };
    out.sort_by(|a, b| {
        let wa = a.tally.weight_kg;
        let wb = b.tally.weight_kg;
        match (wa, wb) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.key.cmp(&b.key))
    });
    Ok(out)
}
