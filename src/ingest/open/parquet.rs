//! Parquet sources: the column names of the schema are the header, and polars scans the columns
//! lazily as they are stored.

use crate::ingest::error::{Context as _, Error, Result};
use polars::prelude::{LazyFrame, RowIndex, ScanArgsParquet};

use super::bytes::Bytes;
use super::{FileKind, Opened, Origin, SourceFormat, columns};
use crate::ingest::IngestOptions;
use crate::ingest::open::header::map_header;

/// The lazy scan of a Parquet source (columns as stored, not yet selected).
pub(crate) fn scan_parquet(bytes: &Bytes, row_index: Option<RowIndex>) -> Result<LazyFrame> {
    let args = ScanArgsParquet {
        glob: false,
        row_index,
        ..Default::default()
    };
    Ok(LazyFrame::scan_parquet_sources(
        bytes.scan_sources()?,
        args,
    )?)
}

/// Opens a Parquet transactions file: its columns mapped to fields by their names.
///
/// # Errors
/// A schema that cannot be read, or column names that do not map.
pub(super) fn open(bytes: Bytes, opts: &IngestOptions) -> Result<Opened> {
    let (header, origin, mut format) = open_table(bytes)?;
    let map = map_header(&header, &opts.map).map_err(Error::Header)?;
    format.columns = columns(&map, &header);
    Ok(Opened {
        header,
        map,
        origin,
        format,
    })
}

/// Opens a Parquet table: the column names, the origin, and the format (its `columns` left
/// empty).
///
/// # Errors
/// A schema that cannot be read.
pub(super) fn open_table(bytes: Bytes) -> Result<(Vec<String>, Origin, SourceFormat)> {
    let schema = scan_parquet(&bytes, None)?
        .collect_schema()
        .context("cannot read the Parquet schema")?;
    let header = schema.iter_names().map(|n| n.to_string()).collect();
    let format = SourceFormat {
        kind: FileKind::Parquet,
        encoding: None,
        delimiter: None,
        sheet: None,
        sheets: Vec::new(),
        header_row: 0,
        first_row: 1,
        columns: Vec::new(),
        notes: Vec::new(),
    };
    Ok((header, Origin::Parquet(bytes), format))
}
