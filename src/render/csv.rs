//! CSV output of a sheet: headers are the JSON keys, weights in kg, full precision, empty when unknown.

use std::io::Write;

use anyhow::Result;

use super::{Cell, Sheet, Style};

/// Writes the sheet as CSV, text from the data guarded against formulas unless `style` says
/// `--raw-csv`.
pub fn write_csv(sheet: &Sheet, w: &mut dyn Write, style: &Style) -> Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(sheet.columns.iter().map(|c| c.key))?;
    for row in &sheet.rows {
        out.write_record(row.iter().map(|c| match c {
            Cell::Text(t) => style.csv_text(t).into_owned(),
            c => c.raw(),
        }))?;
    }
    out.flush()?;
    Ok(())
}

pub use crate::ingest::text::{formula_safe, formula_unguarded};

#[cfg(test)]
mod tests {
    use super::{formula_safe, formula_unguarded};

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
        // A name that already starts with a quote before a formula gets one more quote.
        assert_eq!(formula_safe("'=x"), "''=x");
        // Plain signed numbers are numbers, not formulas.
        for number in ["-2.0", "-5", "+3", "'-2.0"] {
            assert_eq!(formula_safe(number), number, "{number:?}");
        }
        assert_eq!(formula_safe("-2.0.1"), "'-2.0.1");
        assert_eq!(formula_safe("-.5"), "'-.5");
    }

    #[test]
    fn unguarding_gives_every_cell_back() {
        for cell in [
            "=cmd|' /C calc'!A0",
            "'=x",
            "''@y",
            "'quoted",
            "'",
            "''",
            "-2+3",
            "-2.0",
            "'-2",
            "张三",
            "",
        ] {
            assert_eq!(formula_unguarded(&formula_safe(cell)), cell, "{cell:?}");
        }
    }
}
