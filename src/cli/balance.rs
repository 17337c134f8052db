//! `wildchain balance`: does what each party sold match what it bought?

use crate::render::summary::write_footer;
use anyhow::Result;

use super::{GlobalArgs, emit, load, no_dot};
use crate::analysis::balance;
use crate::render::Style;
use crate::render::balance::{BalanceReport, BalanceViews, balance_sheet};

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

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "balance")?;
    if !(args.tolerance >= 0.0 && args.tolerance.is_finite()) {
        return Err(super::UsageError(format!(
            "--tolerance {} must be a fraction ≥ 0",
            args.tolerance
        ))
        .into());
    }
    let case = load(g, style)?;
    let species = match &args.species {
        Some(s) => Some(case.species(s)?),
        None => None,
    };
    let rows = crate::timing::stage("balance", || {
        balance(&case, args.tolerance, species.as_deref())
    });
    let sheet = || balance_sheet(&case, &rows, style.lang);
    emit(g, |w| {
        style.print(
            w,
            || BalanceReport {
                input: case.data.stats,
                rows: BalanceViews {
                    case: &case,
                    rows: &rows,
                    lang: style.lang,
                },
            },
            sheet,
            |w| {
                sheet().write_table(w, style)?;
                write_footer(w, &case.data.stats, style.lang)
            },
        )
    })
}
