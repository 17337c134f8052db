//! What loading found wrong with the data, in words for stderr: one line per [`Warning`].

use std::io::Write;

use anyhow::Result;

use crate::case::{Hint, Warning};

/// Writes one warning as a line. `rejects_file` says whether `--rejects` was given (then the
/// rejected rows are all in it).
///
/// # Errors
/// The writer fails.
pub fn write_warning(w: &mut dyn Write, warning: &Warning, rejects_file: bool) -> Result<()> {
    match warning {
        Warning::Rejected {
            rejected,
            rows,
            first,
        } => writeln!(
            w,
            "wildchain: warning: {rejected} of {rows} rows rejected and left out (first: {first}); {}",
            if rejects_file {
                "all are in the --rejects file"
            } else {
                "--rejects FILE lists them, --strict stops on them"
            }
        )?,
        Warning::UnknownSpecies { names } => {
            let list: Vec<String> = names
                .iter()
                .take(10)
                .map(|(name, hint)| (crate::ingest::text::clip(name), hint))
                .map(|(name, hint)| match hint {
                    Hint::Ambiguous(meaning) => format!("'{name}' (ambiguous: {meaning})"),
                    Hint::Closest(c) => format!("'{name}' (closest: {})", c.join(", ")),
                    Hint::None => format!("'{name}'"),
                })
                .collect();
            writeln!(
                w,
                "wildchain: warning: {} species name{} not in the species table, kept as \
                 written: {}{}; --species-table FILE adds them",
                names.len(),
                if names.len() == 1 { " is" } else { "s are" },
                list.join(", "),
                if names.len() > 10 { ", …" } else { "" }
            )?
        }
        Warning::SpellingVariants { groups } => writeln!(
            w,
            "wildchain: warning: {} group{} of party names differ only by case, spacing or \
             punctuation and were not merged: {}; --aliases FILE merges them, `wildchain \
             validate` lists all likely duplicates",
            groups.len(),
            if groups.len() == 1 { "" } else { "s" },
            groups
                .iter()
                .take(5)
                .map(|g| g.join(" / "))
                .collect::<Vec<_>>()
                .join("; ")
        )?,
        Warning::AmountMismatch {
            rows,
            first,
            written_fen,
            computed_fen,
        } => writeln!(
            w,
            "wildchain: warning: {rows} row{} an amount that the unit price times the weight \
             or count contradicts (first: {first}: {} 元 written, the price gives {} 元); the \
             written amount is kept",
            if *rows == 1 { " gives" } else { "s give" },
            super::human_yuan(crate::case::tally::fen_to_yuan(*written_fen)),
            super::human_yuan(crate::case::tally::fen_to_yuan(*computed_fen)),
        )?,
    }
    Ok(())
}
