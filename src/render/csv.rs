//! CSV output of a sheet: headers are the JSON keys, weights in kg, full precision, empty when unknown.

use std::io::{self, Write};

use super::{Cell, Sheet, Style};

/// Writes the sheet as CSV, text from the data guarded against formulas unless `style` says
/// `--raw-csv`.
///
/// # Errors
/// The writer fails.
pub fn write_csv(sheet: &Sheet, w: &mut dyn Write, style: &Style) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(sheet.columns.iter().map(|c| c.key))
        .map_err(io_error)?;
    for row in &sheet.rows {
        out.write_record(row.iter().map(|c| match c {
            Cell::Text(t) => style.csv_text(t).into_owned(),
            c => c.raw(),
        }))
        .map_err(io_error)?;
    }
    out.flush()
}

/// A CSV writer's error as an io error: a failed write gives back its own io error (its kind
/// kept, so that a closed pipe stays a closed pipe and its message is unchanged); anything else
/// the writer refuses (a record of another length) is `InvalidData` with the writer's words.
///
/// (`?` would convert too, through csv's `From`, but that makes every error `Other`.)
pub fn io_error(e: ::csv::Error) -> io::Error {
    if e.is_io_error() {
        if let ::csv::ErrorKind::Io(io) = e.into_kind() {
            return io;
        }
        unreachable!("is_io_error said it is an io error");
    }
    io::Error::new(io::ErrorKind::InvalidData, e)
}

pub use crate::ingest::text::{formula_safe, formula_unguarded};

#[cfg(test)]
mod tests {
    use super::{formula_safe, formula_unguarded};
    use std::io::{self, Write};

    /// A reader that went away: every write is a closed pipe.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A closed pipe while the CSV writer writes (more than its buffer) stays a closed pipe, so
    /// that `wildchain … | head` exits 0; csv's own conversion made it `Other`.
    #[test]
    fn a_closed_pipe_under_the_csv_writer_stays_a_closed_pipe() {
        use super::super::{Cell, Col, Sheet, Style};
        let mut sheet = Sheet::new(&[Col::new("name", "name")]);
        for i in 0..10_000 {
            sheet.push(vec![Cell::text(format!("party {i}"))]);
        }
        let e = super::write_csv(&sheet, &mut ClosedPipe, &Style::default()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
        assert!(
            e.get_ref().is_none(),
            "the io error itself, not one wrapping it: {e:?}"
        );
    }

    /// What the writer refuses for itself keeps its words.
    #[test]
    fn a_record_of_another_length_is_invalid_data_in_the_writers_words() {
        let mut out = ::csv::Writer::from_writer(Vec::new());
        out.write_record(["a", "b"]).unwrap();
        let e = out.write_record(["a"]).unwrap_err();
        let words = e.to_string();
        let e = super::io_error(e);
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert_eq!(e.to_string(), words);
    }

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
