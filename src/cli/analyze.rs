//! `wildchain analyze`: the case report.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::{Case, GlobalArgs, emit, no_dot};
use crate::analysis::{By, Filter, chains, profiles, totals};
use crate::ingest::InputStats;
use crate::ingest::aggregate::{tallies, tally_by};
use crate::ingest::date::DateKey;
use crate::render::table::write_pairs;
use crate::render::view::{
    ChainView, PartyView, TotalView, chains_sheet, parties_sheet, totals_sheet,
};
use crate::render::{Format, csv::write_csv, human_weight, json::write_json};

/// Options of `analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Most chains to list.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub limit: usize,
}

/// The case in figures.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub parties: usize,
    pub links: usize,
    pub species: usize,
    pub transactions: u64,
    pub first_date: Option<DateKey>,
    pub last_date: Option<DateKey>,
    /// Sum of the known weights, or null when no weight is known.
    pub weight_kg: Option<f64>,
    /// Transactions whose weight is not known.
    pub unknown_weight: u64,
    pub chains_truncated: bool,
}

/// The whole report, as JSON.
#[derive(Debug, Serialize)]
pub struct Report {
    pub input: InputStats,
    pub summary: Summary,
    pub parties: Vec<PartyView>,
    pub chains: Vec<ChainView>,
    pub species: Vec<TotalView>,
}

/// Builds the report of a loaded case.
pub fn report(case: &Case, limit: usize) -> Result<Report> {
    let g = case.graph(None);
    // Upstream first: by tier, then by name.
    let mut parties: Vec<PartyView> = profiles(&g).iter().map(|p| PartyView::new(&g, p)).collect();
    parties.sort_by(|a, b| (a.tier, &a.name).cmp(&(b.tier, &b.name)));
    let found = chains(&g, None, limit);
    let species: Vec<TotalView> = totals(&case.data.rows, By::Species, &Filter::default())?
        .into_iter()
        .map(TotalView)
        .collect();
    let all = tallies(&tally_by(
        polars::prelude::IntoLazy::lazy(case.data.rows.clone()),
        &[],
    )?)?;
    let all = all.first().copied().unwrap_or_default();
    Ok(Report {
        input: case.data.stats,
        summary: Summary {
            parties: g.node_count(),
            links: g.edge_count(),
            species: species.len(),
            transactions: all.transactions,
            first_date: all.first_date,
            last_date: all.last_date,
            weight_kg: all.weight_kg,
            unknown_weight: all.unknown_weight,
            chains_truncated: found.truncated,
        },
        parties,
        chains: found.chains.iter().map(|c| ChainView::new(&g, c)).collect(),
        species,
    })
}

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "analyze")?;
    let case = Case::load(g)?;
    let r = report(&case, args.limit)?;
    emit(g, |w| match g.format {
        Format::Json => write_json(&r, w),
        // CSV holds one table: the parties. Chains and totals have their own commands.
        Format::Csv => write_csv(&parties_sheet(&r.parties), w),
        _ => write_report(&r, &case, g, w),
    })
}

fn write_report(r: &Report, case: &Case, g: &GlobalArgs, w: &mut dyn Write) -> Result<()> {
    let s = &r.summary;
    let names: Vec<&str> = case.data.sources.iter().map(|s| s.name.as_str()).collect();
    writeln!(w, "Case: {}", names.join(", "))?;
    let dates = match (s.first_date, s.last_date) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "unknown".to_string(),
    };
    let weight = match s.weight_kg {
        Some(_) => format!("{} {}", human_weight(s.weight_kg, g.unit), g.unit.name()),
        None => "unknown".to_string(),
    };
    write_pairs(
        w,
        &[
            (
                "rows",
                format!(
                    "{} read, {} accepted, {} rejected",
                    r.input.rows, r.input.accepted, r.input.rejected
                ),
            ),
            ("parties", s.parties.to_string()),
            ("links", s.links.to_string()),
            ("species", s.species.to_string()),
            ("transactions", s.transactions.to_string()),
            ("dates", dates),
            (
                "known weight",
                format!(
                    "{weight}; {} of {} transactions have no known weight (not counted as 0)",
                    s.unknown_weight, s.transactions
                ),
            ),
        ],
    )?;
    writeln!(w, "\nParties")?;
    parties_sheet(&r.parties).write_table(w, g.unit)?;
    let more = if s.chains_truncated {
        " (more exist; raise --limit)"
    } else {
        ""
    };
    writeln!(w, "\nChains: {}{more}", r.chains.len())?;
    chains_sheet(&r.chains).write_table(w, g.unit)?;
    writeln!(w, "\nSpecies")?;
    totals_sheet(&r.species, "species").write_table(w, g.unit)?;
    Ok(())
}
