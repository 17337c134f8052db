//! `wildchain validate FILE…`: what wildchain understands of case files, without analysing them —
//! format, encoding, delimiter, sheet, header row, column mapping, accepted, approximate and
//! rejected rows (reasons grouped), unknown cells, species and party names. Exit 1 when any row
//! is rejected or any cell of a kept row cannot be read.

use anyhow::{Result, bail};

use super::{GlobalArgs, emit_reading, load_for_validate, no_dot};
use crate::case::validate::findings;
use crate::render::Style;
use crate::render::validate::{findings_sheet, write_findings};

/// Options of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The files to check (as --input; `-` is stdin). Without any, the --input files, or the
    /// embedded case.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "validate")?;
    let case = load_for_validate(g, style, &args.files)?;
    let r = findings(&case.data);
    emit_reading(g, &args.files, |w| {
        style.print(
            w,
            || &r,
            || findings_sheet(&r),
            |w| write_findings(&r, w, style.lang),
        )
    })?;
    match (r.input.rejected, r.input.unknown_cells) {
        (0, 0) => {}
        (rejected, 0) => bail!("{rejected} of {} rows rejected", r.input.rows),
        (rejected, cells) => bail!(
            "{rejected} of {} rows rejected, {cells} cells unknown in {} rows",
            r.input.rows,
            r.input.rows_with_unknown
        ),
    }
    Ok(())
}
