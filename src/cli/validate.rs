//! `wildchain validate FILE…`: what wildchain understands of case files, without analysing them —
//! format, encoding, delimiter, sheet, header row, column mapping, accepted, approximate and
//! rejected rows (reasons grouped), unknown cells, species and party names. Exit 1 when any row
//! is rejected or any cell of a kept row cannot be read.
//! `--write-aliases FILE` drafts an aliases file of the near names, every line unconfirmed.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{GlobalArgs, emit_reading, load_for_validate, no_dot, read_paths};
use crate::case::near::near_names;
use crate::case::validate::findings;
use crate::render::Style;
use crate::render::near::write_aliases_draft;
use crate::render::validate::{findings_sheet, write_findings};

/// Options of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The files to check (as --input; `-` is stdin). Without any, the --input files, or the
    /// embedded case.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// Draft an aliases file (the format --aliases reads) of the party names that are probably
    /// one: one line each, marked `unconfirmed`, which --aliases reads and does not apply until
    /// the mark is deleted. Species near names are listed as comments.
    #[arg(long, value_name = "FILE")]
    pub write_aliases: Option<PathBuf>,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "validate")?;
    // Refused before anything is read or written: onto an input, -o or --rejects.
    let mut draft = match &args.write_aliases {
        Some(path) => {
            let table = g.output.as_deref().unwrap_or(Path::new("-"));
            let mut others = vec![table];
            others.extend(g.rejects.as_deref());
            Some(crate::render::output_apart(
                Some(path),
                &read_paths(g, &args.files, &[]),
                &others,
            )?)
        }
        None => None,
    };
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
    if let Some(out) = draft.as_mut() {
        let sources: Vec<&str> = case.data.sources.iter().map(|s| s.name.as_str()).collect();
        write_aliases_draft(out, &near_names(&case.data), &sources, style.lang)?;
    }
    if let Some(out) = draft {
        out.finish()?;
    }
    match (r.input.rejected, r.input.unknown_cells) {
        (0, 0) => {}
        (rejected, 0) => {
            return Err(super::Usage::failure(
                format!("{rejected} of {} rows rejected", r.input.rows),
                format!("{} 行中有 {rejected} 行被拒绝", r.input.rows),
            ));
        }
        (rejected, cells) => {
            return Err(super::Usage::failure(
                format!(
                    "{rejected} of {} rows rejected, {cells} cells unknown in {} rows",
                    r.input.rows, r.input.rows_with_unknown
                ),
                format!(
                    "{} 行中有 {rejected} 行被拒绝，{} 行中有 {cells} 个单元格不明",
                    r.input.rows, r.input.rows_with_unknown
                ),
            ));
        }
    }
    Ok(())
}
