//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) through calamine: the sheet asked for (or the first)
//! becomes UTF-8 CSV in memory with real cell values, so that it goes through the same scan as text.

use std::io::Cursor;
use std::sync::Arc;

use crate::ingest::error::{Error, Result, Why};
use calamine::{Data, Reader, Sheets};

use super::bytes::Bytes;
use super::header_search::{HEADER_SEARCH, find_header};
use super::{FileKind, Opened, Origin, SourceFormat, columns};
use crate::ingest::IngestOptions;
use crate::ingest::cell::reason::{Column, Kind, Reason};
use crate::ingest::open::header::{ColumnMap, map_header};

/// The workbook in `bytes`, of whichever kind it is.
///
/// # Errors
/// Not a workbook calamine reads. An OpenDocument file (its `mimetype` says so) that calamine
/// cannot read is said in the words of the .ods reader: trying every kind ended in "Cannot detect
/// file format", hiding what was wrong (a cell value that is not its type, an attribute that is
/// not a number).
fn open_any(bytes: &[u8]) -> Result<Sheets<Cursor<&[u8]>>> {
    calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let ods = bytes.get(30..38) == Some(b"mimetype")
            && bytes.get(38..84) == Some(b"application/vnd.oasis.opendocument.spreadsheet");
        // An .ods the general reader refuses: the .ods reader's own words say why.
        let error = match calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes))
        {
            Err(o) if ods => o.to_string(),
            _ => e.to_string(),
        };
        Error::input(Why::NotAWorkbook { error })
    })
}

/// Reads the sheet (`--sheet`, or the first) of a workbook into UTF-8 CSV in memory: real dates
/// become `YYYY-MM-DD` (with the time when there is one), numbers their shortest decimal form.
pub(super) fn open(bytes: &[u8], opts: &IngestOptions) -> Result<Opened> {
    super::limits::check_unpacked_size(bytes)?;
    super::limits::check_ods_repeats(bytes)?;
    let mut wb = open_any(bytes)?;
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
            return Err(Error::input(Why::NoSuchSheet {
                sheet: s.clone(),
                sheets: sheets.clone(),
            }));
        }
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| Error::input(Why::NoSheet))?,
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
        return Err(Error::input(Why::SheetEmpty { sheet }));
    }
    let map = match found.map {
        Ok(map) => map,
        Err(err) => {
            // Say which other sheet has the columns, if one does.
            let other = if opts.sheet.is_none() {
                sheets.iter().skip(1).find(|s| {
                    super::limits::sheet_range(&mut wb, s).is_ok_and(|r| {
                        let top = r.rows().take(HEADER_SEARCH).map(texts).collect();
                        find_header(&[top], recognise).map.is_ok()
                    })
                })
            } else {
                None
            };
            return Err(Error::input(Why::SheetHeader {
                sheet,
                error: err,
                other: other.cloned(),
            }));
        }
    };
    let at = places[found.skip];
    let header = found.header;
    let start = range.start().unwrap_or((0, 0));
    // Formulas are read only to name those the workbook saved no value for.
    let read = read_columns(&map);
    let place = |i: usize, k: usize| (start.0 + i as u32, start.1 + k as u32);
    // The cells of the columns read that hold no value, in rows that hold something.
    let empty: std::collections::HashSet<(u32, u32)> = rows
        .iter()
        .enumerate()
        .skip(at + 1)
        .filter(|(_, row)| row.iter().any(|c| !matches!(c, Data::Empty)))
        .flat_map(|(i, row)| {
            read.iter()
                .filter(|(k, _)| row.get(*k).is_none_or(|c| matches!(c, Data::Empty)))
                .map(move |&(k, _)| place(i, k))
        })
        .collect();
    let formulas = super::limits::formulas(&mut wb, &sheet, &empty);
    // A row whose seller or buyer cell is no value cannot say who traded with whom: it is
    // refused whole, with every reason. In other rows, each such cell is emptied and unknown.
    let (mut bad, mut cells) = (Vec::new(), Vec::new());
    // The (sheet row, column) of each cell emptied in the copy that is read.
    let mut emptied: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for (i, row) in rows.iter().enumerate().skip(at + 1) {
        let formula = |k: usize| formulas.get(&place(i, k)).map(String::as_str);
        let found: Vec<(usize, Reason)> = read
            .iter()
            .filter_map(|&(k, column)| {
                let name = header.get(k).map_or("", |h| h.trim());
                cell_problem(
                    row.get(k).unwrap_or(&Data::Empty),
                    formula(k),
                    Some(k) == map.date,
                    name,
                )
                .map(|kind| (k, Reason::new(column, kind)))
            })
            .collect();
        let r = (i - at) as u64;
        if found
            .iter()
            .any(|(_, why)| matches!(why.column, Column::Seller | Column::Buyer))
        {
            bad.extend(found.into_iter().map(|(_, why)| (r, why)));
            continue;
        }
        for (k, why) in found {
            emptied.insert((i, k));
            // A product that is no value leaves the species it names unknown.
            if Some(k) == map.product {
                emptied.insert((i, map.species));
            }
            cells.push((r, why));
        }
    }
    let write = |blank: bool| -> Result<Vec<u8>> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        w.write_record(&header)?;
        let refused: std::collections::HashSet<usize> =
            bad.iter().map(|(r, _)| *r as usize + at).collect();
        for (i, row) in rows.iter().enumerate().skip(at + 1) {
            let blanked = blank && refused.contains(&i);
            let cells: Vec<String> = (0..header.len().max(row.len()))
                .map(|k| match row.get(k) {
                    Some(c) if !(blanked || blank && emptied.contains(&(i, k))) => {
                        cell_text(c, Some(k) == map.date)
                    }
                    _ => String::new(),
                })
                .collect();
            w.write_record(&cells)?;
        }
        w.into_inner().map_err(|e| {
            Error::input(Why::CannotConvertSheet {
                error: e.to_string(),
            })
        })
    };
    let csv = write(false)?;
    let read = if bad.is_empty() && cells.is_empty() {
        None
    } else {
        Some(Origin::Csv {
            bytes: Bytes::Memory(Arc::new(write(true)?)),
            delimiter: b',',
            skip: 0,
        })
    };
    let start_row = u64::from(start.0);
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
        read,
        bad,
        cells,
        quoted: None,
        cells_read: None,
    })
}

/// The first sheet of a workbook as UTF-8 CSV, each cell as [`cell_text`] gives it (a side
/// table given as a workbook: the parties file), and the sheet row (1-based, as the spreadsheet
/// shows it) of the CSV's first line: the used range starts at its first cell that holds
/// something, not always at A1.
///
/// # Errors
/// Not a workbook, too large unpacked, no sheet, or a sheet that cannot be read.
pub(crate) fn first_sheet_as_csv(bytes: &[u8]) -> Result<(String, u64)> {
    super::limits::check_unpacked_size(bytes)?;
    super::limits::check_ods_repeats(bytes)?;
    let mut wb = open_any(bytes)?;
    let sheet = (wb.sheet_names().first().cloned())
        .ok_or_else(|| Error::input("the workbook has no sheet"))?;
    let range = super::limits::sheet_range(&mut wb, &sheet)?;
    let first = u64::from(range.start().map_or(0, |s| s.0)) + 1;
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in range.rows() {
        w.write_record(row.iter().map(|c| cell_text(c, false)))?;
    }
    let bytes = w.into_inner().map_err(|e| {
        Error::input(Why::CannotConvertSheet {
            error: e.to_string(),
        })
    })?;
    Ok((String::from_utf8_lossy(&bytes).into_owned(), first))
}

/// The columns of the sheet that wildchain reads, each with the column its reasons name.
fn read_columns(map: &ColumnMap) -> Vec<(usize, Column)> {
    let mut out = vec![
        (map.seller, Column::Seller),
        (map.buyer, Column::Buyer),
        (map.species, Column::Species),
        (map.weight, Column::Weight),
    ];
    for (p, c) in [
        (map.date, Column::Date),
        (map.unit, Column::Unit),
        (map.confidence, Column::Confidence),
        (map.price, Column::Price),
        (map.amount, Column::Amount),
        (map.product, Column::Species),
    ] {
        if let Some(p) = p {
            out.push((p, c));
        }
    }
    out
}

/// The last day a date serial can give: 9999-12-31.
const LAST_SERIAL: f64 = 2_958_466.0;

/// What keeps a cell of a column wildchain reads from being a value: a spreadsheet error
/// (`#N/A`, `#REF!` …), a formula whose value the workbook did not save, or (in the date column)
/// a date serial outside 1900-01-01 to 9999-12-31. `header` names the column as the sheet does.
fn cell_problem(c: &Data, formula: Option<&str>, date_column: bool, header: &str) -> Option<Kind> {
    match c {
        Data::Error(e) => Some(Kind::SpreadsheetError {
            error: e.to_string(),
            header: header.to_string(),
        }),
        Data::Empty => {
            formula
                .filter(|f| !f.trim().is_empty())
                .map(|f| Kind::FormulaWithoutValue {
                    formula: format!("={}", f.trim_start_matches('=')),
                    header: header.to_string(),
                })
        }
        Data::DateTime(dt)
            if date_column && dt.is_datetime() && !(0.0..LAST_SERIAL).contains(&dt.as_f64()) =>
        {
            Some(Kind::DateSerialOutOfRange {
                serial: number_text(dt.as_f64()),
            })
        }
        _ => None,
    }
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

/// A spreadsheet number as typed: whole numbers without `.0` (`120`), others in the shortest form
/// that reads back to the same number, after rounding to the 15 significant digits a
/// spreadsheet keeps of what is typed (`0.30000000000000004` is `0.3`, `123456789.123` stays,
/// `1e300` and `5e-324` keep their exponent rather than becoming `inf` or `0`).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    if !f.is_finite() {
        return format!("{f}");
    }
    // `{:.14e}` rounds to 15 significant digits; `{:?}` is the shortest form that reads back.
    let r: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    let shown = format!("{r:?}");
    shown
        .strip_suffix(".0")
        .map_or(shown.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_numbers_and_dates_as_text() {
        assert_eq!(number_text(120.0), "120");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(62.5), "62.5");
        assert_eq!(number_text(123456789.123), "123456789.123");
        assert_eq!(number_text(1e300), "1e300");
        assert_eq!(number_text(5e-324), "5e-324");
        assert_eq!(number_text(-2.5e-7), "-2.5e-7");
        assert_eq!(number_text(1e16), "1e16");
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
