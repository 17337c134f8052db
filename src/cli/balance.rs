//! `wildchain balance`: does what each party sold match what it bought?

use anyhow::Result;
use serde::Serialize;

use super::{GlobalArgs, emit, load, no_dot};
use crate::analysis::{BalanceRow, balance};
use crate::case::Case;
use crate::ingest::InputStats;
use crate::ingest::date::DateKey;
use crate::render::{Cell, Col, Format, Sheet, csv::write_csv, json::write_json};

/// Options of `balance`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this species.
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
    /// Relative tolerance: sold and bought balance when they differ by at most this fraction of
    /// the larger.
    #[arg(long, default_value_t = 0.1, value_name = "FRACTION")]
    pub tolerance: f64,
}

/// A balance row as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct BalanceView {
    pub party: String,
    /// null for the party's species all together.
    pub species: Option<String>,
    pub bought_kg: Option<f64>,
    pub sold_kg: Option<f64>,
    pub difference_kg: Option<f64>,
    pub status: &'static str,
    pub negative_stock_date: Option<DateKey>,
    pub bought_count: Option<f64>,
    pub sold_count: Option<f64>,
    pub unknown_weight_rows: u64,
    pub first_unknown_row: Option<String>,
    pub note: String,
}

impl BalanceView {
    pub fn new(case: &Case, r: &BalanceRow) -> BalanceView {
        BalanceView {
            party: r.party.clone(),
            species: r.species.clone(),
            bought_kg: r.bought_kg,
            sold_kg: r.sold_kg,
            difference_kg: r.difference_kg,
            status: r.status.name(),
            negative_stock_date: r.negative_stock_date,
            bought_count: r.bought_count,
            sold_count: r.sold_count,
            unknown_weight_rows: r.unknown_rows,
            first_unknown_row: r.first_unknown_row.map(|f| case.locate(f)),
            note: r.note.clone(),
        }
    }
}

/// Balance rows as a sheet.
pub fn balance_sheet(rows: &[BalanceView]) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("party", "party"),
        Col::new("species", "species"),
        Col::new("bought_kg", "bought"),
        Col::new("sold_kg", "sold"),
        Col::new("difference_kg", "sold − bought"),
        Col::new("status", "status"),
        Col::new("negative_stock_date", "stock < 0 on"),
        Col::new("bought_count", "animals in"),
        Col::new("sold_count", "animals out"),
        Col::new("unknown_weight_rows", "rows w/o weight"),
        Col::new("note", "note"),
    ]);
    for r in rows {
        s.push(vec![
            Cell::text(&r.party),
            r.species.as_ref().map_or(Cell::text("(all)"), Cell::text),
            Cell::Kg(r.bought_kg),
            Cell::Kg(r.sold_kg),
            Cell::Kg(r.difference_kg),
            Cell::text(r.status),
            Cell::opt_text(r.negative_stock_date.map(|d| d.to_string())),
            Cell::Num(r.bought_count),
            Cell::Num(r.sold_count),
            Cell::Int(r.unknown_weight_rows),
            Cell::text(&r.note),
        ]);
    }
    s
}

#[derive(Debug, Serialize)]
struct Report {
    input: InputStats,
    rows: Vec<BalanceView>,
}

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "balance")?;
    if !(args.tolerance >= 0.0 && args.tolerance.is_finite()) {
        return Err(super::UsageError(format!(
            "--tolerance {} must be a fraction ≥ 0",
            args.tolerance
        ))
        .into());
    }
    let case = load(g)?;
    let species = match &args.species {
        Some(s) => Some(case.species(s)?),
        None => None,
    };
    let rows = crate::timing::stage("balance", || {
        balance(&case, args.tolerance, species.as_deref())
    });
    let report = Report {
        input: case.data.stats,
        rows: rows.iter().map(|r| BalanceView::new(&case, r)).collect(),
    };
    emit(g, |w| match g.format {
        Format::Json => write_json(&report, w),
        Format::Csv => write_csv(&balance_sheet(&report.rows), w),
        _ => balance_sheet(&report.rows).write_table(w, g.unit),
    })
}
