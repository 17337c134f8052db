//! How output is printed: the format, the language, the unit of weights and the CSV mode, built
//! once by the command line from its options and handed to every renderer (no renderer reads a
//! process-wide setting, so two renders in one process can differ).

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::lang::Lang;
use super::{Format, Sheet};
use crate::units::MassUnit;

/// The settings every renderer reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// How a command prints its result (`--format`).
    pub format: Format,
    /// The language of the words for people (`--lang`, else the locale).
    pub lang: Lang,
    /// The unit of weights in tables, diagrams and sentences (`--unit`); JSON and CSV are in kg.
    pub unit: MassUnit,
    /// CSV cells as the data has them (`--raw-csv`), without the formula guard.
    pub raw_csv: bool,
}

impl Default for Style {
    /// Tables in English, weights in kg, CSV guarded: what the command line gives without options.
    fn default() -> Style {
        Style {
            format: Format::Table,
            lang: Lang::En,
            unit: MassUnit::KG,
            raw_csv: false,
        }
    }
}

impl Style {
    /// Tables in `lang` with weights in kg, whatever `--unit` says: for listings whose figures
    /// are the data's own (`validate`, `species`).
    pub fn in_kg(lang: Lang) -> Style {
        Style {
            lang,
            ..Style::default()
        }
    }

    /// The English or the Chinese word, as the language says.
    pub fn pick(&self, en: &'static str, zh: &'static str) -> &'static str {
        self.lang.pick(en, zh)
    }

    /// Whether the words are Chinese.
    pub fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// A text cell from the data as CSV writes it: [`formula_safe`](super::csv::formula_safe),
    /// unless `--raw-csv` turned the guard off.
    pub fn csv_text<'a>(&self, cell: &'a str) -> Cow<'a, str> {
        if self.raw_csv {
            Cow::Borrowed(cell)
        } else {
            super::csv::formula_safe(cell)
        }
    }

    /// Writes a command's result in the style's format, the one place a listing command picks
    /// its printer: `json()` as JSON, `sheet()` as CSV, `table` for people (also under
    /// `--format dot`, which commands that draw have handled before). Only the one asked for is
    /// built.
    ///
    /// # Errors
    /// The writer fails.
    pub fn print<J: Serialize>(
        &self,
        w: &mut dyn Write,
        json: impl FnOnce() -> J,
        sheet: impl FnOnce() -> Sheet,
        table: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        match self.format {
            Format::Json => super::json::write_json(&json(), w),
            Format::Csv => super::csv::write_csv(&sheet(), w, self),
            Format::Table | Format::Dot => table(w),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CSV mode travels in the style: a raw and a guarded render in one process each keep
    /// their own mode, whichever ran first.
    #[test]
    fn raw_and_guarded_csv_in_one_process() {
        let raw = Style {
            raw_csv: true,
            ..Style::default()
        };
        let guarded = Style::default();
        for _ in 0..2 {
            assert_eq!(raw.csv_text("=1+1"), "=1+1");
            assert_eq!(guarded.csv_text("=1+1"), "'=1+1");
        }
        let mut sheet = Sheet::new(&[super::super::Col::new("name", "name")]);
        sheet.push(vec![super::super::Cell::text("@x")]);
        let csv = |style: &Style| {
            let mut out = Vec::new();
            super::super::csv::write_csv(&sheet, &mut out, style).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(csv(&raw), "name\n@x\n");
        assert_eq!(csv(&guarded), "name\n'@x\n");
    }
}
