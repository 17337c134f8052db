//! Opening a source: recognising its format (delimited text, workbook, Parquet), decoding its text
//! (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK), finding its delimiter and header row,
//! and turning workbooks into UTF-8 CSV in memory, so that every source goes through the same lazy
//! scan. Large UTF-8 files are scanned in place, never copied.
//!
//! Each job has its file, called from here: `bytes.rs` (where the bytes are, and what the first
//! ones say), `encoding.rs`, `line_ends.rs` (lines ending in CR alone), `delimited.rs` (text:
//! `survey.rs` walks its rows once for what polars would read without a word, and `cells.rs`
//! reads its place cells on every core), `workbook.rs` and `parquet.rs`; text, links tables and workbooks find their header row with
//! the one search in `header_search.rs`, and [`header`] maps its names to fields; [`note`] holds
//! what `validate` notes on a source, as facts. They share the types below and never call back
//! into [`open`] or [`open_table`].
//!
//! What belongs here: bytes → a table (its header, how its columns map, how to scan it), and the
//! limits that keep a hostile file from exhausting memory. Nothing here reads a cell's meaning
//! (that is `cell`) or decides what a row becomes (that is the pass); this room imports `cell`
//! only for text helpers, and never the pass.

mod bytes;
mod cells;
mod delimited;
pub(crate) mod diagnose;
mod encoding;
pub mod header;
mod header_search;
mod limits;
mod line_ends;
pub mod note;
pub(crate) use line_ends::cr_only;
pub(crate) mod numbered;
mod parquet;
pub mod small_csv;
mod survey;
pub(crate) mod texts;
pub(crate) use survey::CellsRead;
mod workbook;

use crate::ingest::error::{Error, Result};
use serde::Serialize;

use crate::ingest::{IngestOptions, Source};
use bytes::{Magic, magic, source_bytes};
use header::{ColumnMap, Field};

pub(crate) use bytes::Bytes;
pub use encoding::decode_text;
pub(crate) use parquet::scan_parquet;
pub(crate) use workbook::first_sheet_as_csv;

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

/// What a source is: delimited text, a workbook of one kind, or Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// Any delimited text (comma, tab, semicolon).
    Csv,
    Xlsx,
    Xls,
    Xlsb,
    Ods,
    Parquet,
}

impl FileKind {
    /// The name `validate` shows: `csv`, `xlsx`, `xls`, `xlsb`, `ods` or `parquet`.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Csv => "csv",
            FileKind::Xlsx => "xlsx",
            FileKind::Xls => "xls",
            FileKind::Xlsb => "xlsb",
            FileKind::Ods => "ods",
            FileKind::Parquet => "parquet",
        }
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What was understood about a source's format, as `validate` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFormat {
    pub kind: FileKind,
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
    pub notes: Vec<note::Note>,
}

/// A source, opened: its header, how its columns map, and how to scan it.
#[derive(Debug, Clone)]
pub(crate) struct Opened {
    pub header: Vec<String>,
    pub map: ColumnMap,
    pub origin: Origin,
    pub format: SourceFormat,
    /// What the scan reads when it is not `origin`: a copy in which the rows of `bad` are blanked
    /// (each a row of empty cells, so that the rows after it keep their numbers) and the cells of
    /// `cells` emptied. `origin` keeps them as they were, for the rejects file.
    pub read: Option<Origin>,
    /// Rows found bad while opening, refused whole because they cannot say who traded with whom
    /// (a line in another encoding, a short row or a broken line, a spreadsheet error in the
    /// seller or buyer column): the data row (1 = the first after the header) and why, a row
    /// given once per reason. Each is blanked in `read`, so that it is rejected once, by these
    /// reasons.
    pub bad: Vec<(u64, crate::ingest::cell::reason::Reason)>,
    /// Cells found unreadable while opening in rows that are kept (a spreadsheet error or a
    /// formula without a value outside the seller and buyer columns, a date serial out of range,
    /// an ambiguous decimal comma): the data row and why, the reason's column naming the cell.
    /// Each cell is emptied in `read` (for a product cell, the species cell too: the species
    /// is unknown), so that the row keeps it unknown, with this reason, as a cell problem.
    pub cells: Vec<(u64, crate::ingest::cell::reason::Reason)>,
    /// For text: whether a record holds a quote, as the survey of its rows found (`None`: not
    /// surveyed), so that numbering its lines need not search the text again.
    pub quoted: Option<bool>,
    /// For text: the cells of its place columns, read by the survey of its rows so that polars
    /// need not read them (`None`: polars reads them).
    pub cells_read: Option<CellsRead>,
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
        Magic::Zip | Magic::Ole => Err(Error::input(
            "a workbook cannot be read as a links file: save it as CSV or Parquet",
        )),
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
    if ["xlsx", "xls", "xlsm", "xlsb", "ods"].contains(&ext.as_str())
        && opened.format.kind == FileKind::Csv
    {
        opened
            .format
            .notes
            .push(note::Note::NamedButText { ext: ext.clone() });
    }
    if let Some(u) = opened.map.weight_unit {
        opened.format.notes.push(note::Note::HeaderUnit {
            unit: u.name().to_string(),
        });
    }
    if opened.map.weight_needs_unit {
        opened.format.notes.push(note::Note::QuantityColumn);
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
