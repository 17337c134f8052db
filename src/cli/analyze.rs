//! `wildchain analyze`: the case report an investigator reads first.

use anyhow::Result;

use super::shared::FindingsArgs;
use super::{GlobalArgs, emit, load, no_dot};
use crate::analysis::findings_with;
use crate::render::Style;
use crate::render::parties::parties_sheet;
use crate::render::report::{Report, write_report};
use crate::timing::stage;

/// Options of `analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub findings: FindingsArgs,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "analyze")?;
    let case = load(g, style)?;
    let f = findings_with(&case, &args.findings.options());
    // Writing is a stage of its own: at millions of rows the JSON runs to hundreds of megabytes.
    stage("write", || {
        emit(g, |w| {
            style.print(
                w,
                || Report {
                    findings: &f,
                    style,
                },
                // CSV holds one table: the parties. Chains, totals, balance and players have their own commands.
                || parties_sheet(&f.graph, &f.parties),
                |w| write_report(w, &f, style),
            )
        })
    })
}
