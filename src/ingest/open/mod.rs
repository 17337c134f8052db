//! Opening a source: recognising its format (delimited text, workbook, Parquet), decoding its text
//! (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK), finding its delimiter and header row,
//! and turning workbooks into UTF-8 CSV in memory, so that every source goes through the same lazy
//! scan. Large UTF-8 files are scanned in place, never copied.
//!
//! Each job has its file, called from here: `bytes.rs` (where the bytes are, and what the first
//! ones say), `encoding.rs`, `delimited.rs` (text), `workbook.rs` and `parquet.rs`; text, links
//! tables and workbooks find their header row with the one search in `header_search.rs`. They
//! share the types below and never call back into [`open`] or [`open_table`].

mod bytes;
mod delimited;
pub(crate) mod diagnose;
mod encoding;
mod header_search;
mod limits;
pub(crate) mod numbered;
mod parquet;
mod workbook;

use anyhow::{Result, bail};
use serde::Serialize;

use super::header::{ColumnMap, Field};
use super::{IngestOptions, Source};
use bytes::{Magic, magic, source_bytes};

pub(crate) use bytes::Bytes;
pub use encoding::decode_text;
pub(crate) use parquet::scan_parquet;

/// How a source is scanned, kept so that rejected rows can be re-read with their original cells.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// UTF-8 CSV text: a file read in place, or decoded or converted text in memory. `skip` records
    /// come before the header.
    Csv {
        bytes: Bytes,
        delimiter: u8,
        skip: usize,
    },
    Parquet(Bytes),
}

/// A column of the file and the field it was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    pub field: Field,
    pub header: String,
}

/// What was understood about a source's format, as `validate` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFormat {
    /// `csv` (any delimited text), `xlsx`, `xls`, `xlsb`, `ods` or `parquet`.
    pub kind: String,
    /// The text encoding (`UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `GB18030` …); none for workbooks
    /// and Parquet.
    pub encoding: Option<String>,
    /// The delimiter of text (`,`, `tab`, `;`).
    pub delimiter: Option<String>,
    /// The sheet read, and every sheet of the workbook.
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    /// The 1-based line (text) or sheet row (workbook) of the header.
    pub header_row: u64,
    /// The number messages give the first data row: 1 for text and Parquet (rows are counted
    /// after the header); the sheet's own row number for workbooks.
    pub first_row: u64,
    /// The columns read, and the field each was read as.
    pub columns: Vec<ColumnUse>,
    /// Anything else worth knowing (a unit from the header, a `.xls` that is really text …).
    pub notes: Vec<String>,
}

/// A source, opened: its header, how its columns map, and how to scan it.
#[derive(Debug, Clone)]
pub(crate) struct Opened {
    pub header: Vec<String>,
    pub map: ColumnMap,
    pub origin: Origin,
    pub format: SourceFormat,
}

/// Opens a table whose columns are known by their exact names (a links file): delimited text in
/// any encoding [`open`] reads, its delimiter given or the one that splits the header into the
/// most fields, or Parquet. Returns the header, the origin and what was understood of the format
/// (its `columns` left empty: the caller knows what the columns mean).
///
/// # Errors
/// A file that cannot be read, is empty, or is in no known format or encoding.
pub(crate) fn open_table(
    source: &Source,
    opts: &IngestOptions,
) -> Result<(Vec<String>, Origin, SourceFormat)> {
    let bytes = source_bytes(source)?;
    match magic(&bytes.head(8)?) {
        Magic::Parquet => parquet::open_table(bytes),
        Magic::Zip | Magic::Ole => {
            bail!("a workbook cannot be read as a links file: save it as CSV or Parquet")
        }
        Magic::Text => delimited::open_table(bytes, opts),
    }
}

/// Opens one source.
///
/// # Errors
/// A file that cannot be read, is empty, is not text in a known encoding nor a workbook nor
/// Parquet, lacks a sheet, or lacks a required column; messages say what was tried.
pub(crate) fn open(source: &Source, opts: &IngestOptions) -> Result<Opened> {
    let bytes = source_bytes(source)?;
    let ext = match source {
        Source::Path(p) => p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default(),
        _ => String::new(),
    };
    let head = bytes.head(8)?;
    let mut opened = match magic(&head) {
        Magic::Zip | Magic::Ole => workbook::open(&bytes.read_all()?, opts)?,
        Magic::Parquet => parquet::open(bytes, opts)?,
        Magic::Text => delimited::open(bytes, opts)?,
    };
    if ["xlsx", "xls", "xlsm", "xlsb", "ods"].contains(&ext.as_str()) && opened.format.kind == "csv"
    {
        opened.format.notes.push(format!(
            "named .{ext} but holds delimited text, read as such"
        ));
    }
    if let Some(u) = opened.map.weight_unit {
        opened.format.notes.push(format!(
            "bare numbers in the weight column are in {} (the unit in its header)",
            u.name()
        ));
    }
    if opened.map.weight_needs_unit {
        opened.format.notes.push(
            "the weight column is a quantity (数量): its cells must carry a unit (斤, kg, 条 …)"
                .to_string(),
        );
    }
    Ok(opened)
}

/// The columns of `header` that `map` reads, each with the field it is read as.
pub(super) fn columns(map: &ColumnMap, header: &[String]) -> Vec<ColumnUse> {
    map.describe(header)
        .into_iter()
        .map(|(field, header)| ColumnUse { field, header })
        .collect()
}
