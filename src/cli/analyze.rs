//! `wildchain analyze`: the case report an investigator reads first.

use anyhow::Result;

use super::{GlobalArgs, emit, load, no_dot};
use crate::analysis::findings;
use crate::render::parties::parties_sheet;
use crate::render::report::{Report, write_report};
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

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "analyze")?;
    let case = load(g)?;
    let f = findings(&case, args.limit, args.tolerance);
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
