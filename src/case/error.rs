//! What loading a case refuses, as data: rows and links mixed, `--strict` with rejected rows, a
//! network the data does not have, an input that cannot be read. The messages are the ones the
//! command line prints after `wildchain: `.

use std::fmt;

use crate::ingest::{Reason, Reasons};

/// Why a case was not loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Rows and links were both given (a usage error).
    #[error("{0}")]
    Mixed(RowsGiven),
    /// One input given twice: by the same name, by another name for the same file (a link), or
    /// as two files with the same bytes. Every row would count twice (a usage error).
    #[error(
        "{}: every row would count twice; give each file once",
        match how {
            Sameness::Path => format!("{second} is given twice"),
            Sameness::File => format!("{second} is the same file as {first} (a link or another name)"),
            Sameness::Content => format!("{second} has the same content as {first}, byte for byte"),
        }
    )]
    Duplicate {
        first: String,
        second: String,
        how: Sameness,
    },
    /// An input could not be read (the ingest error, kept whole as the source of this one).
    #[error(transparent)]
    Read(crate::ingest::Error),
    /// The rejected rows could not be written to the writer handed in.
    #[error(transparent)]
    Rejects(crate::ingest::Error),
    /// `--strict`, and rows were rejected.
    #[error(transparent)]
    Strict(#[from] Strict),
    /// `--network K`, and the data has fewer networks (a usage error).
    #[error(transparent)]
    NoSuchNetwork(#[from] NoSuchNetwork),
}

impl Error {
    /// Whether the error is in how the case was asked for (exit code 2) rather than a failure.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::Mixed(_) | Error::Duplicate { .. } | Error::NoSuchNetwork(_)
        )
    }

    /// Whether the rejects file was written in full before the error: every error but a failure
    /// to read or to write the rejected rows comes after it.
    pub fn after_rejects(&self) -> bool {
        matches!(self, Error::Strict(_) | Error::NoSuchNetwork(_))
    }
}

/// How two inputs are one ([`Error::Duplicate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sameness {
    /// The same name given twice (`-i a.csv -i a.csv`, or `-` twice).
    Path,
    /// Two names of one file: the same device and inode (a symlink, a hard link, `./a.csv`).
    File,
    /// Two files with the same bytes (a copy).
    Content,
}

/// How the rows that were mixed with links were given: the message says what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowsGiven {
    /// By `--input`.
    Input,
    /// As the files of `validate FILE…`.
    Files,
}

impl fmt::Display for RowsGiven {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RowsGiven::Input => {
                "--links and --input cannot be combined: aggregate the rows first (wildchain links)"
            }
            RowsGiven::Files => {
                "validate FILE… reads case files: give links files as --links FILE only"
            }
        })
    }
}

/// A rejected row, or a cell of a kept row that could not be read: the file it is in, its row
/// number as messages give it, and every reason (each names its column and value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub file: String,
    pub row: u64,
    pub reasons: Vec<Reason>,
    /// The row was kept: the cell of the reason is unknown (a cell problem), not the row lost.
    pub kept: bool,
}

impl fmt::Display for RejectedRow {
    /// `file row N: why; why`, then `(row kept, the cell unknown)` for a cell problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} row {}: {}",
            self.file,
            self.row,
            Reasons(&self.reasons)
        )?;
        if self.kept {
            f.write_str(" (row kept, the cell unknown)")?;
        }
        Ok(())
    }
}

/// `--strict` refused the case: how many rows of how many were rejected, how many cells of kept
/// rows could not be read, and the first few of both, in row order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strict {
    pub rejected: u64,
    pub rows: u64,
    /// Cells of kept rows that could not be read.
    pub unknown_cells: u64,
    /// The first [`Strict::SHOWN`] rejected rows and cell problems, in (file, row) order.
    pub first: Vec<RejectedRow>,
}

impl Strict {
    /// How many rejected rows the refusal names.
    pub const SHOWN: usize = 5;
}

impl fmt::Display for Strict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {} rows rejected", self.rejected, self.rows)?;
        if self.unknown_cells > 0 {
            write!(f, ", {} cells unknown", self.unknown_cells)?;
        }
        f.write_str(" (--strict):")?;
        for r in &self.first {
            write!(f, "\n  {r}")?;
        }
        let all = self.rejected + self.unknown_cells;
        if all > self.first.len() as u64 {
            write!(
                f,
                "\n  … and {} more (--rejects FILE lists them all)",
                all - self.first.len() as u64
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Strict {}

/// A `--network K` that the data does not have (a usage error, not a failure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchNetwork {
    pub asked: usize,
    pub networks: usize,
}

impl fmt::Display for NoSuchNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "--network {}: the data has {} network(s), numbered from 1",
            self.asked, self.networks
        )
    }
}

impl std::error::Error for NoSuchNetwork {}

/// A species asked for that the data does not have, with the species it has or the closest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchSpecies {
    pub name: String,
    /// The closest names in the data (at most 3); when none is close, empty.
    pub closest: Vec<String>,
    /// Every species the data has, when none is close.
    pub species: Vec<String>,
}

impl fmt::Display for NoSuchSpecies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.closest.is_empty() {
            write!(
                f,
                "no species '{}' in the data (it has: {})",
                self.name,
                self.species.join(", ")
            )
        } else {
            let c: Vec<&str> = self.closest.iter().map(String::as_str).collect();
            write!(
                f,
                "no species '{}' in the data; did you mean {}?",
                self.name,
                super::quoted_list(&c)
            )
        }
    }
}

impl std::error::Error for NoSuchSpecies {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_names_five_rows_and_counts_the_rest() {
        let row = |n| RejectedRow {
            file: "a.csv".into(),
            row: n,
            reasons: Vec::new(),
            kept: false,
        };
        let e = Strict {
            rejected: 7,
            rows: 9,
            unknown_cells: 0,
            first: (1..=5).map(row).collect(),
        };
        let text = e.to_string();
        assert!(text.starts_with("7 of 9 rows rejected (--strict):\n  a.csv row 1: "));
        assert!(
            text.ends_with("\n  … and 2 more (--rejects FILE lists them all)"),
            "{text}"
        );
        let all = Strict {
            rejected: 1,
            rows: 9,
            unknown_cells: 0,
            first: vec![row(3)],
        };
        assert!(!all.to_string().contains("more"));
    }

    #[test]
    fn mixed_rows_and_links_are_a_usage_error_the_rejects_file_is_not_written_for() {
        let e = Error::Mixed(RowsGiven::Input);
        assert!(e.is_usage());
        assert!(!e.after_rejects());
        assert!(
            e.to_string()
                .starts_with("--links and --input cannot be combined")
        );
    }
}
