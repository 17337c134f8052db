//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) through calamine: the sheet asked for (or the first)
//! becomes UTF-8 CSV in memory with real cell values, so that it goes through the same scan as text.

use std::io::Cursor;
use std::sync::Arc;

use crate::ingest::error::{Error, Result};
use calamine::{Data, Reader, Sheets};

use super::bytes::Bytes;
use super::header_search::{HEADER_SEARCH, find_header};
use super::{FileKind, Opened, Origin, SourceFormat, columns};
use crate::ingest::IngestOptions;
use crate::ingest::open::header::map_header;

/// Reads the sheet (`--sheet`, or the first) of a workbook into UTF-8 CSV in memory: real dates
/// become `YYYY-MM-DD` (with the time when there is one), numbers their shortest decimal form.
pub(super) fn open(bytes: &[u8], opts: &IngestOptions) -> Result<Opened> {
    super::limits::check_unpacked_size(bytes)?;
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Error::input(format!(
            "cannot read the workbook (tried .xls, .xlsx, .xlsb, .ods): {e}"
        ))
    })?;
    let kind = match &wb {
        Sheets::Xls(_) => FileKind::Xls,
        Sheets::Xlsx(_) => FileKind::Xlsx,
        Sheets::Xlsb(_) => FileKind::Xlsb,
        Sheets::Ods(_) => FileKind::Ods,
    };
    let sheets = wb.sheet_names();
    let sheet = match &opts.sheet {
        Some(s) if sheets.contains(s) => s.clone(),
        Some(s) => {
            return Err(Error::input(format!(
                "no sheet named '{s}'; the workbook has: {}",
                sheets.join(", ")
            )));
        }
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| Error::input("the workbook has no sheet"))?,
    };
    let range = super::limits::sheet_range(&mut wb, &sheet)?;
    let rows: Vec<&[Data]> = range.rows().collect();
    let recognise = |r: &[String]| map_header(r, &opts.map);
    // A row with nothing in it is never the header, and when no row is, the message names the
    // first row that has something: only those are searched, each with its place in the sheet.
    let (places, top): (Vec<usize>, Vec<Vec<String>>) = rows
        .iter()
        .take(HEADER_SEARCH)
        .map(|r| texts(r))
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .unzip();
    let found = find_header(&[top], recognise);
    if found.header.is_empty() {
        return Err(Error::input(format!(
            "sheet '{sheet}' is empty: expected a header row (seller, buyer, species, weight, date)"
        )));
    }
    let map = match found.map {
        Ok(map) => map,
        Err(err) => {
            // Say which other sheet has the columns, if one does.
            let other = if opts.sheet.is_none() {
                sheets.iter().skip(1).find(|s| {
                    wb.worksheet_range(s).is_ok_and(|r| {
                        let top = r.rows().take(HEADER_SEARCH).map(texts).collect();
                        find_header(&[top], recognise).map.is_ok()
                    })
                })
            } else {
                None
            };
            match other {
                Some(s) => {
                    return Err(Error::input(format!(
                        "sheet '{sheet}': {err}; sheet '{s}' has the columns: use --sheet '{s}'"
                    )));
                }
                None => return Err(Error::input(format!("sheet '{sheet}': {err}"))),
            }
        }
    };
    let at = places[found.skip];
    let header = found.header;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record(&header)?;
    for row in &rows[at + 1..] {
        let cells: Vec<String> = (0..header.len().max(row.len()))
            .map(|i| {
                row.get(i)
                    .map_or(String::new(), |c| cell_text(c, Some(i) == map.date))
            })
            .collect();
        w.write_record(&cells)?;
    }
    let csv = w
        .into_inner()
        .map_err(|e| Error::input(format!("cannot convert the sheet: {e}")))?;
    let start_row = range.start().map_or(0, |(r, _)| u64::from(r));
    Ok(Opened {
        format: SourceFormat {
            kind,
            encoding: None,
            delimiter: None,
            sheet: Some(sheet),
            sheets,
            header_row: start_row + at as u64 + 1,
            first_row: start_row + at as u64 + 2,
            columns: columns(&map, &header),
            notes: Vec::new(),
        },
        header,
        map,
        origin: Origin::Csv {
            bytes: Bytes::Memory(Arc::new(csv)),
            delimiter: b',',
            skip: 0,
        },
    })
}

/// A row's cells as text, to look for the header in.
fn texts(row: &[Data]) -> Vec<String> {
    row.iter().map(|c| cell_text(c, false)).collect()
}

/// Excel serial numbers taken for dates in the date column: 10000 (1927-05-18) to 99999 (2173).
const SERIAL_DATES: std::ops::Range<f64> = 10_000.0..100_000.0;

/// A cell as text: strings as they are, numbers in their shortest form (`120`, `0.5`), dates and
/// times as `YYYY-MM-DD[ HH:MM:SS]`, errors as Excel shows them (`#DIV/0!`). In the date column, a
/// plain number in [`SERIAL_DATES`] is read as an Excel serial date.
fn cell_text(c: &Data, date_column: bool) -> String {
    let serial =
        |v: f64| calamine::ExcelDateTime::new(v, calamine::ExcelDateTimeType::DateTime, false);
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if date_column && SERIAL_DATES.contains(f) => datetime_text(&serial(*f)),
        Data::Int(i) if date_column && SERIAL_DATES.contains(&(*i as f64)) => {
            datetime_text(&serial(*i as f64))
        }
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => datetime_text(dt),
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::Error(e) => e.to_string(),
    }
}

fn datetime_text(dt: &calamine::ExcelDateTime) -> String {
    let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    if dt.as_f64() < 1.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// The shortest decimal form of a spreadsheet number, rounded to 10 decimals as spreadsheets
/// show them (`0.30000000000000004` is `0.3`).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let r = (f * 1e10).round() / 1e10;
    format!("{r}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_numbers_and_dates_as_text() {
        assert_eq!(number_text(120.0), "120");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(62.5), "62.5");
        assert_eq!(cell_text(&Data::Float(44652.0), true), "2022-04-01");
        assert_eq!(
            cell_text(&Data::Float(44652.4375), true),
            "2022-04-01 10:30:00"
        );
        assert_eq!(cell_text(&Data::Float(44652.0), false), "44652");
        assert_eq!(cell_text(&Data::Int(20220401), true), "20220401");
        assert_eq!(cell_text(&Data::Float(2022.0), true), "2022");
    }
}
