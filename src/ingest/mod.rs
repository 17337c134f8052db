//! Ingest: case files → one validated polars DataFrame of transactions, every rejected row accounted for.
//!
//! Per-row work happens inside polars expressions (trimming, comparisons, filters, joins); weights and
//! dates are parsed once per *distinct* cell value in Rust and joined back, since real case files
//! repeat the same few spellings millions of times.

pub mod aggregate;
pub mod date;
pub mod header;
pub mod links;
mod read;
pub mod weight;

use std::path::PathBuf;

use polars::prelude::DataFrame;
use serde::Serialize;

use crate::units::Unit;

pub use links::load_links;
pub use read::{load, write_rejects};

/// The 辰溪 (Chenxi) case, embedded so that the tool works from any directory with no input.
pub const EMBEDDED_CASE: &str = include_str!("../../data/chenxi_case.csv");
/// How the embedded case is named in messages and in the rejects file.
pub const EMBEDDED_NAME: &str = "chenxi_case.csv (embedded)";

/// Column names of the validated transactions frame ([`Dataset::rows`]).
pub mod cols {
    /// Index of the source in [`super::Dataset::sources`] (u32).
    pub const FILE: &str = "file";
    /// 1-based data row number within its source (IDX).
    pub const ROW: &str = "row";
    pub const SELLER: &str = "seller";
    pub const BUYER: &str = "buyer";
    pub const SPECIES: &str = "species";
    /// Known weight in kilograms; null when unknown or when the row counts animals (f64).
    pub const KG: &str = "kg";
    /// Number of animals for rows in a count unit (条/只/头); null otherwise (f64).
    pub const COUNT: &str = "count";
    /// First day the date can mean, days since 1970-01-01; null when unknown (i32).
    pub const DATE_FROM: &str = "date_from";
    /// Last day the date can mean (same as `date_from` for a day-precision date) (i32).
    pub const DATE_TO: &str = "date_to";
    /// Sortable date that keeps its precision, see [`super::date::DateSpan::key`] (i32).
    pub const DATE_KEY: &str = "date_key";
}

/// Where rows come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// The embedded 辰溪 case.
    Embedded,
}

impl Source {
    /// The source named by a command-line argument (`-` is standard input).
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }

    /// The name used in messages and in the rejects file.
    pub fn name(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Stdin => "<stdin>".to_string(),
            Source::Embedded => EMBEDDED_NAME.to_string(),
        }
    }
}

/// How cells are read.
#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// The unit of a bare number when the row has no `unit` cell.
    pub default_unit: Unit,
}

/// How many rows were read, accepted and rejected (`rows = accepted + rejected`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InputStats {
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
}

/// A row that was not accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Index into [`Dataset::sources`].
    pub source: usize,
    /// 1-based data row number within the source (the header is not counted).
    pub row: u64,
    /// Every reason, naming the column and the value.
    pub reason: String,
}

/// One input as read: its name, its header and (for re-reading rejected rows) its bytes or path.
#[derive(Debug, Clone)]
pub struct SourceInfo {
    pub name: String,
    pub header: Vec<String>,
    pub(crate) origin: read::Origin,
}

/// The validated transactions of all inputs, as one data set.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Accepted rows, columns as in [`cols`].
    pub rows: DataFrame,
    pub stats: InputStats,
    /// Rejected rows, ordered by source then row.
    pub rejects: Vec<Reject>,
    pub sources: Vec<SourceInfo>,
}

impl Dataset {
    /// `file row N` for messages.
    pub fn locate(&self, reject: &Reject) -> String {
        format!("{} row {}", self.sources[reject.source].name, reject.row)
    }
}
