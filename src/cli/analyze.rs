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
    let mut f = findings_with(&case, &args.findings.options());
    // The leads are drawn: the balance rows (one per party and species, some 220 bytes each)
    // are shown only by JSON, not by the text or CSV report. Let go before writing, where
    // almost every party is new they are the largest thing held.
    if style.format != crate::render::Format::Json {
        f.balance = Vec::new();
    }
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
