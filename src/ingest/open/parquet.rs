//! Parquet sources: the column names of the schema are the header, and polars scans the columns
//! lazily as they are stored.

use crate::ingest::error::{Context as _, Error, Result};
use polars::prelude::{
    ArrowDataType, LazyFrame, ParquetReader, RowIndex, ScanArgsParquet, SerReader,
};

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
        read: None,
        bad: Vec::new(),
        cells: Vec::new(),
        quoted: None,
        cells_read: None,
    })
}

/// Opens a Parquet table: the column names, the origin, and the format (its `columns` left
/// empty).
///
/// # Errors
/// A schema that cannot be read.
pub(super) fn open_table(bytes: Bytes) -> Result<(Vec<String>, Origin, SourceFormat)> {
    refuse_unread_types(&bytes)?;
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

/// Refuses a file with a column whose stored type wildchain does not read exactly, naming the
/// column and its type: polars (as built here) would panic on a DECIMAL, a 128-bit integer, a
/// struct, a map or a dictionary, and answer a time-zone-aware datetime or a duration in words
/// that name no column.
///
/// # Errors
/// A schema that cannot be read, or the first such column.
fn refuse_unread_types(bytes: &Bytes) -> Result<()> {
    let schema = match bytes {
        Bytes::File(p) => {
            let file = std::fs::File::open(p).map_err(|error| Error::File {
                doing: "open",
                path: p.clone(),
                error,
            })?;
            ParquetReader::new(file).schema()
        }
        Bytes::Memory(b) => ParquetReader::new(std::io::Cursor::new(b.as_slice())).schema(),
    }
    .context("cannot read the Parquet schema")?;
    for (name, field) in schema.iter() {
        if let Some(what) = unread_type(&field.dtype) {
            return Err(Error::input(format!(
                "column {} is {what}, which wildchain does not read: store it as text (in \
                 Spark or pyarrow, cast it to string, which keeps every digit) and write the file \
                 again",
                name.escape_debug(),
            )));
        }
    }
    Ok(())
}

/// What a stored type is, in words, when wildchain does not read it; `None` for the types it
/// reads (text, integers, floats, booleans, binary, dates, datetimes without a time zone, times).
fn unread_type(dtype: &ArrowDataType) -> Option<String> {
    use ArrowDataType as T;
    match dtype {
        T::Null
        | T::Boolean
        | T::Int8
        | T::Int16
        | T::Int32
        | T::Int64
        | T::UInt8
        | T::UInt16
        | T::UInt32
        | T::UInt64
        | T::Float32
        | T::Float64
        | T::Utf8
        | T::LargeUtf8
        | T::Utf8View
        | T::Binary
        | T::LargeBinary
        | T::BinaryView
        | T::FixedSizeBinary(_)
        | T::Date32
        | T::Date64
        | T::Time32(_)
        | T::Time64(_)
        | T::Timestamp(_, None) => None,
        T::Decimal(p, s) | T::Decimal32(p, s) | T::Decimal64(p, s) | T::Decimal256(p, s) => {
            Some(format!("DECIMAL({p},{s})"))
        }
        T::Timestamp(_, Some(tz)) => Some(format!("a datetime with a time zone ({tz})")),
        T::Duration(_) => Some("a duration".to_string()),
        T::Interval(_) => Some("an interval".to_string()),
        T::Int128 | T::UInt128 => Some("a 128-bit integer".to_string()),
        T::Float16 => Some("a 16-bit float".to_string()),
        // A list is shown empty in rejects, as before; what it holds must still be readable.
        T::List(f) | T::LargeList(f) => unread_type(&f.dtype).map(|w| format!("a list of {w}")),
        T::FixedSizeList(..) => Some("a fixed-size list".to_string()),
        T::Struct(_) => Some("a struct".to_string()),
        T::Map(..) => Some("a map".to_string()),
        T::Dictionary(..) => Some("a dictionary (categorical)".to_string()),
        other => Some(format!("of type {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{ArrowField, ArrowTimeUnit};

    #[test]
    fn a_duration_or_time_zone_column_was_refused_in_polars_words() {
        let ms = ArrowTimeUnit::Millisecond;
        assert_eq!(
            unread_type(&ArrowDataType::Duration(ms)).as_deref(),
            Some("a duration")
        );
        assert_eq!(
            unread_type(&ArrowDataType::Timestamp(ms, Some("Asia/Shanghai".into()))).as_deref(),
            Some("a datetime with a time zone (Asia/Shanghai)")
        );
        assert_eq!(unread_type(&ArrowDataType::Timestamp(ms, None)), None);
        let decimals = ArrowField::new("x".into(), ArrowDataType::Decimal(38, 6), true);
        assert_eq!(
            unread_type(&ArrowDataType::LargeList(Box::new(decimals))).as_deref(),
            Some("a list of DECIMAL(38,6)")
        );
        let text = ArrowField::new("x".into(), ArrowDataType::Utf8View, true);
        assert_eq!(unread_type(&ArrowDataType::List(Box::new(text))), None);
    }
}
