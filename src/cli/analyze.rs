//! `wildchain analyze`: the case report an investigator reads first.

use anyhow::Result;

use super::{GlobalArgs, emit, graph as case_graph, load, no_dot};
use crate::analysis::{
    By, Filter, balance, chains, cycles, leads, networks, players, profiles, totals,
};
use crate::case::Case;
use crate::render::parties::parties_sheet;
use crate::render::report::{Findings, Report, write_report};
use crate::render::{Format, csv::write_csv, json::write_json};
use crate::timing::stage;

/// Options of `analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Most chains to list.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub limit: usize,
    /// Relative tolerance of the mass balance (see `wildchain balance`).
    #[arg(long, default_value_t = 0.1, value_name = "FRACTION")]
    pub tolerance: f64,
}

/// Runs every analysis of the report on a loaded case, each once, shared by the sections that
/// need it.
pub fn findings<'a>(case: &'a Case, args: &Args) -> Findings<'a> {
    let g = case_graph(case, None);
    // Upstream first: by tier, then by name (node order is name order).
    let mut parties = profiles(&g);
    parties.sort_by_key(|p| (p.tier, p.party));
    let chains = stage("chains", || chains(&g, None, args.limit));
    let species = stage("species totals", || {
        totals(case, By::Species, &Filter::default())
    });
    let cycles = stage("cycles", || cycles(&g));
    let networks = stage("networks", || networks(&g));
    let players = stage("players", || players(&g));
    let balance = stage("balance", || balance(case, args.tolerance, None));
    let leads = stage("leads", || leads(case, &g, &balance, &players, &cycles));
    Findings {
        case,
        graph: g,
        parties,
        chains,
        species,
        networks,
        cycles,
        players,
        balance,
        leads,
    }
}

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "analyze")?;
    let case = load(g)?;
    let f = findings(&case, args);
    // Writing is a stage of its own: at millions of rows the JSON runs to hundreds of megabytes.
    stage("write", || {
        emit(g, |w| match g.format {
            Format::Json => write_json(
                &Report {
                    findings: &f,
                    unit: g.unit,
                },
                w,
            ),
            // CSV holds one table: the parties. Chains, totals, balance and players have their own commands.
            Format::Csv => write_csv(&parties_sheet(&f.graph, &f.parties), w),
            _ => write_report(w, &f, g.unit),
        })
    })
}
