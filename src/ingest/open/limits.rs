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
