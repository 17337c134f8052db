//! Limits on what a workbook may unpack to, so that a few megabytes of zip cannot take gigabytes
//! of memory or abort on an allocation (zip bombs, and a sheet whose cells span A1 to XFD1048576).

use std::io::{Cursor, Read};

use crate::ingest::error::{Error, Result};
use calamine::{Cell, Data, Range, Reader, Sheets};

/// A zip workbook (.xlsx, .xlsm, .xlsb, .ods) may unpack to at most this many times its size…
pub const UNPACK_RATIO: u64 = 100;
/// …or this many bytes, whichever is larger. Real sheets compress 5 to 20 times; zip bombs 1000
/// times and more.
pub const UNPACK_FLOOR: u64 = 256 << 20;
/// The most cells a sheet may hold, counting the empty ones inside the rectangle its cells span
/// (calamine stores the rectangle): 20 million, about 640 MB. Excel's own rows stop at 1,048,576.
pub const MAX_CELLS: u64 = 20_000_000;

/// The most bytes a zip workbook of `packed` bytes may unpack to.
pub fn unpack_limit(packed: u64) -> u64 {
    UNPACK_FLOOR.max(packed.saturating_mul(UNPACK_RATIO))
}

fn mb(b: u64) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

/// Unpacks every entry of a zip workbook into nothing, counting bytes, and refuses it past
/// [`unpack_limit`]. Bytes that are not a readable zip are left for calamine to judge.
///
/// # Errors
/// The workbook unpacks to more than the limit: the message gives both sizes and the entry.
///
/// # Complexity
/// One decompression pass, stopped at the limit; O(1) memory.
pub fn check_unpacked_size(bytes: &[u8]) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let limit = unpack_limit(bytes.len() as u64);
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 1 << 16];
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            total += n as u64;
            if total > limit {
                return Err(Error::input(format!(
                    "the workbook unpacks to more than {} (it is {}; entry '{name}'): refused as a \
                     likely zip bomb; if the sheet is real, save it as CSV",
                    mb(limit),
                    mb(bytes.len() as u64)
                )));
            }
        }
    }
    Ok(())
}

/// The cells of a sheet. For .xlsx and .xlsb the cells are read one by one and the rectangle they
/// span is checked against [`MAX_CELLS`] before it is allocated; .xls cannot exceed 16.8 million
/// cells, and calamine caps .ods at its own 100 million.
///
/// # Errors
/// Calamine's, or a sheet past [`MAX_CELLS`] (naming its farthest cell).
pub fn sheet_range(wb: &mut Sheets<Cursor<&[u8]>>, sheet: &str) -> Result<Range<Data>> {
    let cannot =
        |e: &dyn std::fmt::Display| Error::input(format!("cannot read sheet '{sheet}': {e}"));
    let mut cells: Vec<Cell<Data>> = Vec::new();
    let mut push = |pos: (u32, u32), val: Data| -> Result<()> {
        if !matches!(val, Data::Empty) {
            cells.push(Cell::new(pos, val));
            if cells.len() as u64 > MAX_CELLS {
                return Err(Error::input(format!(
                    "sheet '{sheet}' has more than {MAX_CELLS} cells in use; save it as CSV, \
                     which has no such limit"
                )));
            }
        }
        Ok(())
    };
    match wb {
        Sheets::Xlsx(x) => {
            let mut r = x.worksheet_cells_reader(sheet).map_err(|e| cannot(&e))?;
            while let Some(c) = r.next_cell().map_err(|e| cannot(&e))? {
                push(c.get_position(), Data::from(c.get_value().clone()))?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut r = x.worksheet_cells_reader(sheet).map_err(|e| cannot(&e))?;
            while let Some(c) = r.next_cell().map_err(|e| cannot(&e))? {
                push(c.get_position(), Data::from(c.get_value().clone()))?;
            }
        }
        _ => return wb.worksheet_range(sheet).map_err(|e| cannot(&e)),
    }
    let (mut lo, mut hi) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    for c in &cells {
        let (r, k) = c.get_position();
        lo = (lo.0.min(r), lo.1.min(k));
        hi = (hi.0.max(r), hi.1.max(k));
    }
    if !cells.is_empty() {
        let area = u64::from(hi.0 - lo.0 + 1) * u64::from(hi.1 - lo.1 + 1);
        if area > MAX_CELLS {
            let far = cells
                .iter()
                .map(|c| c.get_position())
                .max_by_key(|&(r, k)| u64::from(r) * 16_384 + u64::from(k))
                .unwrap_or(hi);
            return Err(Error::input(format!(
                "sheet '{sheet}' spans {} to {} ({area} cells, more than {MAX_CELLS}); a stray \
                 cell such as {} stretches it: delete it, or save the sheet as CSV",
                a1(lo),
                a1(hi),
                a1(far)
            )));
        }
    }
    Ok(Range::from_sparse(cells))
}

/// The formulas of the `wanted` cells of a sheet (absolute, from 0: the cells of a column read
/// that hold no value), to name a formula whose value the workbook did not save. .xlsx and .xlsb formulas are read one by one (never as a rectangle, which a
/// stray cell could stretch); .ods and .xls through calamine, whose rectangle is bounded as the
/// values' is. Empty when the formulas cannot be read: they serve only to name a missing value.
pub fn formulas(
    wb: &mut Sheets<Cursor<&[u8]>>,
    sheet: &str,
    wanted: &std::collections::HashSet<(u32, u32)>,
) -> std::collections::HashMap<(u32, u32), String> {
    let mut out = std::collections::HashMap::new();
    if wanted.is_empty() {
        return out;
    }
    let mut keep = |c: Cell<String>| {
        if wanted.contains(&c.get_position()) && !c.get_value().trim().is_empty() {
            out.insert(c.get_position(), c.get_value().clone());
        }
    };
    match wb {
        Sheets::Xlsx(x) => {
            if let Ok(mut r) = x.worksheet_cells_reader(sheet) {
                while let Ok(Some(c)) = r.next_formula() {
                    keep(c);
                }
            }
        }
        Sheets::Xlsb(x) => {
            if let Ok(mut r) = x.worksheet_cells_reader(sheet) {
                while let Ok(Some(c)) = r.next_formula() {
                    keep(c);
                }
            }
        }
        _ => {
            if let Ok(range) = wb.worksheet_formula(sheet) {
                for (r, k, f) in range.used_cells() {
                    let (r0, k0) = range.start().unwrap_or((0, 0));
                    keep(Cell::new((r0 + r as u32, k0 + k as u32), f.clone()));
                }
            }
        }
    }
    out
}

/// The most rows a sheet has (Excel and LibreOffice): calamine keeps no more of an .ods and says
/// nothing of the rest.
pub const MAX_ROWS: u64 = 1_048_576;
/// The most columns a sheet has.
pub const MAX_COLUMNS: u64 = 16_384;

/// Counts the rows and cells of every sheet of an .ods before calamine reads it: calamine expands
/// `table:number-rows-repeated` and `table:number-columns-repeated` when it opens the file (900
/// bytes whose 500,000 rows repeat 100 cells took 1.6 GB), and keeps only the first 1,048,576
/// rows. Trailing empty repeats (LibreOffice writes them to the sheet's end) cost nothing;
/// non-empty rows past the sheet's last row or column, or a rectangle of more than [`MAX_CELLS`]
/// cells between the first and last non-empty rows, refuse the file. Bytes that are no zip, or a
/// zip without `content.xml` (an .xlsx), pass.
///
/// # Errors
/// The message names the sheet and the row (and column) past the limit.
///
/// # Complexity
/// One streaming pass over `content.xml`; O(1) memory besides the XML reader's buffer.
pub fn check_ods_repeats(bytes: &[u8]) -> Result<()> {
    use quick_xml::events::{BytesStart, Event};
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(entry) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    let attr = |e: &BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.0 == name)
            .map(|a| a.value.into_owned())
    };
    let repeats = |e: &BytesStart, name: &str| -> u64 {
        attr(e, name)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(1)
    };
    let mut sheet = String::new();
    // Rows so far, the first non-empty row (from 0), the widest non-empty row.
    let (mut rows, mut first, mut width) = (0u64, None::<u64>, 0u64);
    // The row being read: its repeats, its columns so far, its last non-empty column.
    let (mut row_repeats, mut col, mut row_width) = (1u64, 0u64, 0u64);
    // The cell being read: its repeats and whether it holds something.
    let mut cell: Option<(u64, bool)> = None;
    let mut buf = Vec::new();
    let too_many = |sheet: &str, row: u64, what: String| {
        Error::input(format!(
            "sheet '{sheet}', row {row}: {what}; refused before the repeats are expanded: \
             delete the repeated rows or cells, or save the sheet as CSV"
        ))
    };
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            // Broken XML is calamine's to report.
            Err(_) => return Ok(()),
            Ok(e) => e,
        };
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().0 {
                "table:table" => {
                    sheet = attr(e, "table:name").unwrap_or_default();
                    (rows, first, width) = (0, None, 0);
                }
                "table:table-row" => {
                    (row_repeats, col, row_width) =
                        (repeats(e, "table:number-rows-repeated"), 0, 0);
                    if empty {
                        rows = rows.saturating_add(row_repeats);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let full = attr(e, "office:value-type").is_some()
                        || attr(e, "table:formula").is_some();
                    cell = Some((repeats(e, "table:number-columns-repeated"), full));
                }
                _ => {}
            }
        }
        let text = match &event {
            Event::Text(t) => !t.trim().is_empty(),
            Event::CData(_) | Event::GeneralRef(_) => true,
            _ => false,
        };
        if text && let Some((_, full)) = cell.as_mut() {
            *full = true;
        }
        let ends_cell = match &event {
            Event::End(e) => {
                matches!(e.name().0, "table:table-cell" | "table:covered-table-cell")
            }
            Event::Empty(e) => {
                matches!(e.name().0, "table:table-cell" | "table:covered-table-cell")
            }
            _ => false,
        };
        if ends_cell && let Some((n, full)) = cell.take() {
            col = col.saturating_add(n);
            if full {
                if col > MAX_COLUMNS {
                    return Err(too_many(
                        &sheet,
                        rows + 1,
                        format!(
                            "its cells repeat to column {col}, past the last column a sheet has \
                             ({MAX_COLUMNS})"
                        ),
                    ));
                }
                row_width = col;
            }
        }
        if let Event::End(e) = &event
            && e.name().0 == "table:table-row"
        {
            if row_width > 0 {
                let end = rows.saturating_add(row_repeats);
                if end > MAX_ROWS {
                    return Err(too_many(
                        &sheet,
                        rows + 1,
                        format!(
                            "the row repeats {row_repeats} times, past the last row a sheet has \
                             ({MAX_ROWS}); a reader would keep the first rows and drop the rest"
                        ),
                    ));
                }
                let top = *first.get_or_insert(rows);
                let last = end;
                width = width.max(row_width);
                let area = (last - top).saturating_mul(width);
                if area > MAX_CELLS {
                    return Err(too_many(
                        &sheet,
                        rows + 1,
                        format!(
                            "{row_repeats} repeats of a row of {row_width} cells make rows {} to \
                             {last} hold {area} cells, more than {MAX_CELLS}",
                            top + 1
                        ),
                    ));
                }
            }
            rows = rows.saturating_add(row_repeats);
        }
        buf.clear();
    }
    Ok(())
}

/// `(row, column)` from 0 as Excel names the cell (`(0, 0)` is `A1`).
fn a1((row, col): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(a1((0, 0)), "A1");
        assert_eq!(a1((9, 25)), "Z10");
        assert_eq!(a1((0, 26)), "AA1");
        assert_eq!(a1((1_048_575, 16_383)), "XFD1048576");
    }

    #[test]
    fn the_unpack_limit_grows_with_the_file() {
        assert_eq!(unpack_limit(1000), UNPACK_FLOOR);
        assert_eq!(unpack_limit(10 << 20), 1000 << 20);
    }
}
