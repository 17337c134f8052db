//! `wildchain validate FILE…`: what wildchain understands of case files, without analysing them —
//! format, encoding, delimiter, sheet, header row, column mapping, accepted, approximate and
//! rejected rows (reasons grouped), species and party names. Exit 1 when any row is rejected.

use anyhow::Result;

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
    if r.input.rejected > 0 {
        return Err(super::Usage::failure(
            format!("{} of {} rows rejected", r.input.rejected, r.input.rows),
            format!("{} 行中有 {} 行被拒绝", r.input.rows, r.input.rejected),
        ));
    }
    Ok(())
}
