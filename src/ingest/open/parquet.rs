//! Parquet sources: the column names of the schema are the header, and polars scans the columns
//! lazily as they are stored.

use crate::ingest::error::{Context as _, Error, Result};
use polars::prelude::{
    ArrowDataType, DataType, Expr, LazyFrame, ParquetReader, RowIndex, ScanArgsParquet, Schema,
    SerReader, TimeUnit, col,
};

use polars_parquet_format as pq;

use super::bytes::Bytes;
use super::{FileKind, Opened, Origin, SourceFormat, columns};
use crate::ingest::IngestOptions;
use crate::ingest::error::Unread;
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
    let (header, origin, mut format, schema) = open_schema(bytes)?;
    let map = map_header(&header, &opts.map).map_err(Error::Header)?;
    format.columns = columns(&map, &header);
    // A list in a column read as a field (a list of dates as the date) cannot become one cell:
    // polars refused the cast in its words, naming no column.
    for c in &format.columns {
        if let Some(DataType::List(_)) = schema.get(c.header.as_str()) {
            return Err(Error::input(format!(
                "column {} is a list, which wildchain does not read as the {}: store one value \
                 a row (or the list as text) and write the file again",
                c.header.escape_debug(),
                c.field,
            )));
        }
    }
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
    let (header, origin, format, _) = open_schema(bytes)?;
    Ok((header, origin, format))
}

/// [`open_table`], and the schema polars reads.
fn open_schema(
    bytes: Bytes,
) -> Result<(Vec<String>, Origin, SourceFormat, std::sync::Arc<Schema>)> {
    refuse_unread_types(&bytes)?;
    let schema = scan_parquet(&bytes, None)?
        .collect_schema()
        .context("cannot read the Parquet schema")?;
    refuse_dates_past_the_calendar(&bytes, &schema)?;
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
    Ok((header, Origin::Parquet(bytes), format, schema))
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
    .map_err(|e| match column_out_of_spec(bytes) {
        Some(why) => Error::input(why),
        None => Error::from(e).context("cannot read the Parquet schema"),
    })?;
    for (name, field) in schema.iter() {
        if let Some(stored) = unread_type(&field.dtype) {
            return Err(Error::input(crate::ingest::error::Why::ParquetUnread {
                column: name.to_string(),
                stored,
            }));
        }
    }
    Ok(())
}

/// The footer of a Parquet file: the Thrift bytes before the last 8 (their length and `PAR1`);
/// `None` when the file is too short or does not end so. Only the tail of a file is read.
fn footer(bytes: &Bytes) -> Option<Vec<u8>> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let tail_of = |all: &[u8]| -> Option<Vec<u8>> {
        let n = all.len();
        if n < 12 || &all[n - 4..] != b"PAR1" {
            return None;
        }
        let len = u32::from_le_bytes(all[n - 8..n - 4].try_into().ok()?) as usize;
        let start = (n - 8).checked_sub(len)?;
        Some(all[start..n - 8].to_vec())
    };
    match bytes {
        Bytes::Memory(b) => tail_of(b),
        Bytes::File(p) => {
            let mut f = std::fs::File::open(p).ok()?;
            let size = f.seek(SeekFrom::End(0)).ok()?;
            if size < 12 {
                return None;
            }
            let mut end = [0u8; 8];
            f.seek(SeekFrom::End(-8)).ok()?;
            f.read_exact(&mut end).ok()?;
            if &end[4..] != b"PAR1" {
                return None;
            }
            let len = u64::from(u32::from_le_bytes(end[..4].try_into().ok()?));
            if len + 8 > size {
                return None;
            }
            let mut meta = vec![0u8; usize::try_from(len).ok()?];
            f.seek(SeekFrom::Start(size - 8 - len)).ok()?;
            f.read_exact(&mut meta).ok()?;
            Some(meta)
        }
    }
}

/// A Parquet physical type, as the specification names it.
fn physical_name(t: Option<pq::Type>) -> String {
    match t.map(|t| t.0) {
        Some(0) => "BOOLEAN".into(),
        Some(1) => "INT32".into(),
        Some(2) => "INT64".into(),
        Some(3) => "INT96".into(),
        Some(4) => "FLOAT".into(),
        Some(5) => "DOUBLE".into(),
        Some(6) => "BYTE_ARRAY".into(),
        Some(7) => "FIXED_LEN_BYTE_ARRAY".into(),
        Some(n) => format!("physical type {n}"),
        None => "a group".into(),
    }
}

/// A schema element's stored type in the specification's words: `DECIMAL(40,6) over
/// FIXED_LEN_BYTE_ARRAY(16)`, `INT64`, `TIMESTAMP over INT32` …
fn stored_type(e: &pq::SchemaElement) -> String {
    let mut physical = physical_name(e.type_);
    if let (Some(7), Some(n)) = (e.type_.map(|t| t.0), e.type_length) {
        physical = format!("{physical}({n})");
    }
    let annotation = match &e.logical_type {
        Some(pq::LogicalType::DECIMAL(d)) => Some(format!("DECIMAL({},{})", d.precision, d.scale)),
        Some(other) => Some(
            format!("{other:?}")
                .split('(')
                .next()
                .unwrap_or_default()
                .to_string(),
        ),
        None => match e.converted_type.map(|c| c.0) {
            Some(5) => Some(format!(
                "DECIMAL({},{})",
                e.precision.unwrap_or_default(),
                e.scale.unwrap_or_default()
            )),
            Some(c) => Some(format!("converted type {c}")),
            None => None,
        },
    };
    match annotation {
        Some(a) => format!("{a} over {physical}"),
        None => physical,
    }
}

/// The number of schema elements of the subtree at `at` (itself and all below), or `None` when
/// the counts of children run past the schema.
fn subtree(schema: &[pq::SchemaElement], at: usize) -> Option<usize> {
    let mut end = at + 1;
    let mut open = 1usize;
    let mut i = at;
    // Each element opens its children; the subtree ends where none is left open.
    while open > 0 {
        let e = schema.get(i)?;
        open -= 1;
        open = open.checked_add(usize::try_from(e.num_children.unwrap_or(0).max(0)).ok()?)?;
        i += 1;
        end = i;
    }
    Some(end - at)
}

/// When polars refuses a file's schema, the column it refuses, found by reading the footer here
/// and giving polars each top-level column alone: its name, its stored type and polars' words.
/// `None` when the footer cannot be read here or no single column is refused (the file is
/// then refused in polars' words, naming the file). A DECIMAL outside the specification
/// (precision over 38, a scale above the precision, a DECIMAL on a BOOLEAN …) was refused
/// naming only the file.
///
/// # Complexity
/// One schema read by polars per top-level column, on the footer alone; only on a file already
/// refused.
fn column_out_of_spec(bytes: &Bytes) -> Option<crate::ingest::error::Why> {
    use pq::thrift::protocol::{TCompactInputProtocol, TCompactOutputProtocol};
    let footer = footer(bytes)?;
    // What the decoded footer may allocate: its structs are larger than their bytes; a bound, so
    // that a damaged length cannot ask for more.
    let budget = footer.len().saturating_mul(64).max(1 << 20);
    let mut input = TCompactInputProtocol::new(footer.as_slice(), budget);
    let meta = pq::FileMetaData::read_from_in_protocol(&mut input).ok()?;
    let root = meta.schema.first()?;
    let mut at = 1;
    for _ in 0..root.num_children.unwrap_or(0).max(0) {
        let len = subtree(&meta.schema, at)?;
        let elements = &meta.schema[at..at + len];
        let alone = pq::FileMetaData {
            version: meta.version,
            schema: std::iter::once(pq::SchemaElement {
                num_children: Some(1),
                ..root.clone()
            })
            .chain(elements.iter().cloned())
            .collect(),
            num_rows: 0,
            row_groups: Vec::new(),
            key_value_metadata: None,
            created_by: None,
            column_orders: None,
            encryption_algorithm: None,
            footer_signing_key_metadata: None,
        };
        let mut thrift = Vec::new();
        alone
            .write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut thrift))
            .ok()?;
        let mut file = b"PAR1".to_vec();
        file.extend_from_slice(&thrift);
        file.extend_from_slice(&u32::try_from(thrift.len()).ok()?.to_le_bytes());
        file.extend_from_slice(b"PAR1");
        if let Err(e) = ParquetReader::new(std::io::Cursor::new(file)).schema() {
            // The leaf that makes the column: the first annotated DECIMAL, else the first leaf.
            let leaves = || elements.iter().filter(|e| e.num_children.unwrap_or(0) <= 0);
            let leaf = leaves()
                .find(|e| {
                    matches!(e.logical_type, Some(pq::LogicalType::DECIMAL(_)))
                        || e.converted_type.map(|c| c.0) == Some(5)
                })
                .or_else(|| leaves().next())
                .unwrap_or(&elements[0]);
            return Some(crate::ingest::error::Why::ParquetOutOfSpec {
                column: elements[0].name.clone(),
                stored: stored_type(leaf),
                words: e.to_string(),
            });
        }
        at += len;
    }
    None
}

/// The days from 1970-01-01 within which a date or datetime can be turned into a calendar date
/// (polars converts through chrono, whose years end near ±262,000, and panics past them: a
/// Parquet datetime of a random 64-bit number made wildchain exit 101). About ±260,000 years.
const CALENDAR_DAYS: i64 = 95_000_000;

/// Refuses a file with a date or datetime column holding a value past the calendar (see
/// [`CALENDAR_DAYS`]), naming the column and the value as stored. Nanosecond datetimes cannot be
/// past it (±292 years from 1970).
///
/// # Errors
/// The first such column; or a column that cannot be scanned.
///
/// # Complexity
/// One scan of the date and datetime columns (their smallest and largest values), none when the
/// file has none.
fn refuse_dates_past_the_calendar(bytes: &Bytes, schema: &Schema) -> Result<()> {
    // (name, what one stored unit is, how many make a day)
    let dated: Vec<(&str, &str, i64)> = (schema.iter())
        .filter_map(|(name, dtype)| {
            let (unit, per_day) = match dtype {
                DataType::Date => ("days", 1),
                DataType::Datetime(TimeUnit::Milliseconds, _) => ("milliseconds", 86_400_000),
                DataType::Datetime(TimeUnit::Microseconds, _) => ("microseconds", 86_400_000_000),
                _ => return None,
            };
            Some((name.as_str(), unit, per_day))
        })
        .collect();
    if dated.is_empty() {
        return Ok(());
    }
    let mut ends: Vec<Expr> = Vec::new();
    for (k, (name, ..)) in dated.iter().enumerate() {
        let n = col(*name).cast(DataType::Int64);
        ends.push(n.clone().min().alias(format!("min{k}")));
        ends.push(n.max().alias(format!("max{k}")));
    }
    let found = scan_parquet(bytes, None)?
        .select(ends)
        .collect()
        .context("cannot read the Parquet dates")?;
    for (k, (name, unit, per_day)) in dated.iter().enumerate() {
        for end in [format!("min{k}"), format!("max{k}")] {
            let value = found
                .column(&end)
                .ok()
                .and_then(|c| c.i64().ok().and_then(|v| v.get(0)));
            let Some(value) = value else { continue };
            if (value / per_day).abs() > CALENDAR_DAYS {
                return Err(Error::input(format!(
                    "column {} holds a date past any calendar ({value} {unit} from \
                     1970-01-01), which wildchain does not read: correct the value, or store \
                     the column as text, and write the file again",
                    name.escape_debug(),
                )));
            }
        }
    }
    Ok(())
}

/// What a stored type is when wildchain does not read it; `None` for the types it reads (text,
/// integers, floats, booleans, binary, dates, datetimes without a time zone, times).
fn unread_type(dtype: &ArrowDataType) -> Option<Unread> {
    use ArrowDataType as T;
    match dtype {
        T::Null
        | T::Boolean
        | T::Int8
        | T::Int16
        | T::Int32
        | T::Int64
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
            Some(Unread::Decimal {
                precision: *p,
                scale: *s,
            })
        }
        T::Timestamp(_, Some(tz)) => Some(Unread::ZonedDatetime {
            zone: tz.to_string(),
        }),
        T::Duration(_) => Some(Unread::Duration),
        T::Interval(_) => Some(Unread::Interval),
        T::Int128 | T::UInt128 => Some(Unread::Int128),
        // polars as built here has no 8- and 16-bit unsigned integers: it panicked reading one
        // ("not implemented for dtype UInt8").
        T::UInt8 | T::UInt16 => Some(Unread::SmallUnsigned),
        T::Float16 => Some(Unread::Float16),
        // A list is shown empty in rejects, as before; what it holds must still be readable.
        T::List(f) | T::LargeList(f) => unread_type(&f.dtype).map(|w| Unread::ListOf(Box::new(w))),
        T::FixedSizeList(..) => Some(Unread::FixedSizeList),
        T::Struct(_) => Some(Unread::Struct),
        T::Map(..) => Some(Unread::Map),
        T::Dictionary(..) => Some(Unread::Dictionary),
        other => Some(Unread::Other(format!("{other:?}"))),
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
            unread_type(&ArrowDataType::Duration(ms))
                .map(|u| u.to_string())
                .as_deref(),
            Some("a duration")
        );
        assert_eq!(
            unread_type(&ArrowDataType::Timestamp(ms, Some("Asia/Shanghai".into())))
                .map(|u| u.to_string())
                .as_deref(),
            Some("a datetime with a time zone (Asia/Shanghai)")
        );
        assert_eq!(unread_type(&ArrowDataType::Timestamp(ms, None)), None);
        let decimals = ArrowField::new("x".into(), ArrowDataType::Decimal(38, 6), true);
        assert_eq!(
            unread_type(&ArrowDataType::LargeList(Box::new(decimals)))
                .map(|u| u.to_string())
                .as_deref(),
            Some("a list of DECIMAL(38,6)")
        );
        let text = ArrowField::new("x".into(), ArrowDataType::Utf8View, true);
        assert_eq!(unread_type(&ArrowDataType::List(Box::new(text))), None);
    }
}
