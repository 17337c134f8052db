//! Totals for people and scripts: [`TotalRow`]s (per species, seller, buyer, month or link, from
//! [`crate::analysis::totals`]) as JSON and as a sheet.

use serde::Serialize;
use serde::ser::SerializeMap;

use super::{Cell, Col, Sheet};
use crate::analysis::{TotalKey, TotalRow};
use crate::ingest::InputStats;
use crate::ingest::date::DateKey;

/// Total rows as JSON: a list of objects, each with its group key(s) first, then the figures.
#[derive(Clone, Copy)]
pub struct TotalViews<'a>(pub &'a [TotalRow]);

impl Serialize for TotalViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Like the sheet's columns: money fields when any row says what was paid, the rows
        // giving both a weight and a count when any does, so that other data keeps its shape.
        let paid = self.0.iter().any(|r| r.tally.paid.rows > 0);
        let both = self.0.iter().any(|r| r.tally.weighed_and_counted > 0);
        s.collect_seq(self.0.iter().map(|r| One(r, paid, both)))
    }
}

/// The JSON of `wildchain totals`.
#[derive(Serialize)]
pub struct TotalsReport<'a> {
    pub input: InputStats,
    pub by: &'static str,
    pub rows: TotalViews<'a>,
}

struct One<'a>(&'a TotalRow, bool, bool);

impl Serialize for One<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match &self.0.key {
            TotalKey::Species(k) => m.serialize_entry("species", k)?,
            TotalKey::Seller(k) => m.serialize_entry("seller", k)?,
            TotalKey::Buyer(k) => m.serialize_entry("buyer", k)?,
            TotalKey::Month(k) => m.serialize_entry("month", k)?,
            TotalKey::Link { seller, buyer } => {
                m.serialize_entry("seller", seller)?;
                m.serialize_entry("buyer", buyer)?;
            }
        }
        let t = &self.0.tally;
        m.serialize_entry("weight_kg", &t.weight_kg())?;
        m.serialize_entry("transactions", &t.transactions)?;
        m.serialize_entry("unknown_weight", &t.unknown_weight)?;
        m.serialize_entry("count", &t.animals())?;
        m.serialize_entry("first_date", &t.first_date)?;
        m.serialize_entry("last_date", &t.last_date)?;
        m.serialize_entry("approx_rows", &t.approx_rows)?;
        if self.2 {
            m.serialize_entry("weighed_and_counted", &t.weighed_and_counted)?;
        }
        if self.1 {
            m.serialize_entry("amount_yuan", &t.paid.yuan())?;
            // The same sum exact at any size (a double holds it to the fen only to 2^53 fen).
            m.serialize_entry("amount_fen", &paid_fen(&t.paid))?;
            m.serialize_entry("amount_rows", &t.paid.rows)?;
            m.serialize_entry("price_per_kg_yuan", &t.paid.per_kg())?;
            m.serialize_entry("price_per_animal_yuan", &t.paid.per_animal())?;
        }
        if let Some(taxon) = &self.0.taxon {
            m.serialize_entry("taxon", &taxon.taxon)?;
            m.serialize_entry("rank", &taxon.rank)?;
            m.serialize_entry("product", &taxon.product)?;
            m.serialize_entry("scientific_name", &taxon.scientific_name)?;
            m.serialize_entry("cites_appendix", &taxon.cites_appendix)?;
            m.serialize_entry("china_protection", &taxon.china_protection)?;
        }
        m.end()
    }
}

fn date_cell(d: Option<DateKey>) -> Cell {
    Cell::opt_text(d.map(|d| d.to_string()))
}

/// Total rows as a sheet; the key columns depend on the rows' kind. An `approx` column (rows whose
/// figure is approximate) is added when any row has one, and the money columns (amount, rows with
/// an amount, price per kg and per animal) when any row says what was paid, so that data without
/// them keeps its old shape.
pub fn totals_sheet(rows: &[TotalRow], by: &'static str) -> Sheet {
    sheet(rows, by, false)
}

/// [`totals_sheet`], with what the species table says of each species label (taxon, rank,
/// product, scientific name, CITES appendix, China protection grade) when grouped by species.
pub fn totals_sheet_with_taxa(rows: &[TotalRow], by: &'static str) -> Sheet {
    sheet(rows, by, by == "species")
}

fn sheet(rows: &[TotalRow], by: &'static str, taxa: bool) -> Sheet {
    let approx = rows.iter().any(|r| r.tally.approx_rows > 0);
    let paid = rows.iter().any(|r| r.tally.paid.rows > 0);
    let mut cols = match by {
        "link" => vec![Col::new("seller", "seller"), Col::new("buyer", "buyer")],
        "species" if taxa => vec![
            Col::new("species", "species"),
            Col::new("taxon", "taxon"),
            Col::new("rank", "rank"),
            Col::new("product", "product"),
        ],
        "species" => vec![Col::new("species", "species")],
        "seller" => vec![Col::new("seller", "seller")],
        "buyer" => vec![Col::new("buyer", "buyer")],
        _ => vec![Col::new("month", "month")],
    };
    cols.extend([
        Col::new("weight_kg", "weight"),
        Col::new("transactions", "transactions"),
        Col::new("unknown_weight", "unknown weight"),
        Col::new("count", "animals"),
        Col::new("first_date", "first"),
        Col::new("last_date", "last"),
    ]);
    if taxa {
        cols.extend([
            Col::new("scientific_name", "scientific name"),
            Col::new("cites_appendix", "CITES"),
            Col::new("china_protection", "China"),
        ]);
    }
    if approx {
        cols.push(Col::new("approx_rows", "approx"));
    }
    if paid {
        cols.extend(MONEY_COLUMNS);
    }
    let mut s = Sheet::new(&cols);
    for r in rows {
        let mut row = match &r.key {
            TotalKey::Species(k) | TotalKey::Seller(k) | TotalKey::Buyer(k) => vec![Cell::text(k)],
            TotalKey::Month(m) => vec![m.as_ref().map_or(Cell::Unknown, Cell::text)],
            TotalKey::Link { seller, buyer } => vec![Cell::text(seller), Cell::text(buyer)],
        };
        let taxon = r.taxon.clone().unwrap_or_default();
        if taxa {
            row.extend([
                Cell::opt_text(taxon.taxon),
                Cell::opt_text(taxon.rank),
                Cell::opt_text(taxon.product),
            ]);
        }
        let t = &r.tally;
        row.extend([
            Cell::Kg(t.weight_kg()),
            Cell::Int(t.transactions),
            Cell::Int(t.unknown_weight),
            Cell::Num(t.animals()),
            date_cell(t.first_date),
            date_cell(t.last_date),
        ]);
        if taxa {
            row.extend([
                Cell::opt_text(taxon.scientific_name),
                Cell::opt_text(taxon.cites_appendix),
                Cell::opt_text(taxon.china_protection),
            ]);
        }
        if approx {
            row.push(Cell::Int(t.approx_rows));
        }
        if paid {
            row.extend(money_cells(t));
        }
        s.push(row);
    }
    s
}

/// The money columns of a tally: amount, rows with an amount, price per kg and per animal.
pub const MONEY_COLUMNS: [Col; 4] = [
    Col::new("amount_yuan", "amount (元)"),
    Col::new("amount_rows", "rows with amount"),
    Col::new("price_per_kg_yuan", "元/kg"),
    Col::new("price_per_animal_yuan", "元/animal"),
];

/// The cells of [`MONEY_COLUMNS`] for a tally.
pub fn money_cells(t: &crate::case::Tally) -> [Cell; 4] {
    [
        Cell::Fen(paid_fen(&t.paid)),
        Cell::Int(t.paid.rows),
        Cell::Yuan(t.paid.per_kg()),
        Cell::Yuan(t.paid.per_animal()),
    ]
}

/// The known amount of `p` in integer fen; `None` when no row gives one.
pub fn paid_fen(p: &crate::case::tally::Paid) -> Option<i64> {
    (p.rows > 0).then_some(p.fen)
}
