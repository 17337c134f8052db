//! CSV output of a sheet: headers are the JSON keys, weights in kg, full precision, empty when unknown.

use std::borrow::Cow;
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

/// A text cell made safe to open in a spreadsheet (OWASP "CSV Injection"): a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and LibreOffice, so
/// it gets a leading `'`, which they show as text. Other cells are returned as they are.
///
/// Only for text that comes from the data (names, species, sources): numbers written by the tool
/// (a negative difference, `-5.2`) must stay numbers.
pub fn formula_safe(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::formula_safe;

    #[test]
    fn cells_that_start_a_formula_are_quoted_as_text() {
        for bad in [
            "=cmd|' /C calc'!A0",
            "+SUM(1)",
            "@x",
            "-2+3",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(formula_safe(bad), format!("'{bad}"), "{bad:?}");
        }
        for good in ["张三", "王锦蛇", "a=b", "", "'quoted"] {
            assert_eq!(formula_safe(good), good, "{good:?}");
        }
    }
}
