//! CSV output of a sheet: headers are the JSON keys, weights in kg, full precision, empty when unknown.

use std::io::Write;

use anyhow::Result;

use super::Sheet;

/// Writes the sheet as CSV.
pub fn write_csv(sheet: &Sheet, w: &mut dyn Write) -> Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(sheet.columns.iter().map(|c| c.key))?;
    for row in &sheet.rows {
        out.write_record(row.iter().map(|c| c.raw()))?;
    }
    out.flush()?;
    Ok(())
}
