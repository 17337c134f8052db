//! Why ingest could not read its inputs, as data: an [`Error`] names the file, row or line, column
//! and value where they apply. Its text is what users see (`wildchain: …`), word for word what it
//! was before ingest had typed errors: a [`Error::Context`] prints `what was done: why it failed`.

use std::fmt;
use std::path::PathBuf;

/// What [`Error`]-returning functions of ingest give.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in a file a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A line of the text (1-based), header and all.
    Line(u64),
    /// A data row (1-based; the header is not counted, except where a table has none).
    Row(u64),
    /// A record of delimited text (1-based, after the header), as `normalize` counts them.
    Record(u64),
}

/// A problem at a place in a file: a side table (species, conversions, products, aliases, base
/// values) or a row of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file as messages name it (empty when the caller names it, in a [`Error::Context`]).
    pub file: String,
    pub at: Option<At>,
    /// The column, as messages name it.
    pub column: Option<String>,
    /// The cell as written.
    pub value: Option<String>,
    /// What is wrong, in words (after the value when there is one).
    pub why: String,
}

impl Place {
    /// A problem with a file as a whole.
    pub fn file(file: &str, why: impl Into<String>) -> Place {
        Place {
            file: file.to_string(),
            at: None,
            column: None,
            value: None,
            why: why.into(),
        }
    }

    /// A problem with a row (or line, or record) of a file.
    pub fn at(file: &str, at: At, why: impl Into<String>) -> Place {
        Place {
            at: Some(at),
            ..Place::file(file, why)
        }
    }

    /// A problem with a cell of a row: its column and value.
    pub fn cell(file: &str, row: u64, column: &str, value: &str, why: impl Into<String>) -> Place {
        Place {
            column: Some(column.to_string()),
            value: Some(value.to_string()),
            ..Place::at(file, At::Row(row), why)
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        let gap = if self.file.is_empty() { "" } else { " " };
        match self.at {
            Some(At::Line(n)) => write!(f, ", line {n}")?,
            Some(At::Row(n)) => write!(f, "{gap}row {n}")?,
            Some(At::Record(n)) => write!(f, "{gap}record {n}")?,
            None => {}
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        f.write_str(": ")?;
        if let Some(v) = &self.value {
            write!(f, "'{v}' ")?;
        }
        f.write_str(&self.why)
    }
}

/// Why ingest could not read its inputs.
#[derive(Debug)]
pub enum Error {
    /// A file that cannot be opened or read: `cannot open PATH: why`.
    File {
        /// `open` or `read`.
        doing: &'static str,
        path: PathBuf,
        error: std::io::Error,
    },
    /// A source that is not a table ingest reads, as a whole: its format, encoding, sheet, size or
    /// emptiness, in words (the file is named by the [`Error::Context`] around it).
    Input { why: String },
    /// A header whose names do not map to the fields needed (what is missing, what it has).
    Header(crate::ingest::open::header::HeaderError),
    /// A problem at a place in a file: file, row or line, column, value.
    At(Place),
    /// The first line of delimited text that polars cannot read: its number, problem and text.
    Line(crate::ingest::open::diagnose::BadLine),
    /// Figures that add up to more than can be totalled exactly.
    TooLarge { why: String },
    /// A read or write failed: the system's words.
    Io(std::io::Error),
    /// Polars could not read the table: its words.
    Polars(polars::prelude::PolarsError),
    /// The CSV reader or writer failed: its words.
    Csv(csv::Error),
    /// What was being done when `inner` happened: shown `context: inner`.
    Context { context: String, inner: Box<Error> },
}

impl Error {
    /// A problem with a source as a whole.
    pub fn input(why: impl Into<String>) -> Error {
        Error::Input { why: why.into() }
    }

    /// This error, with what was being done when it happened.
    pub fn context(self, context: impl Into<String>) -> Error {
        Error::Context {
            context: context.into(),
            inner: Box::new(self),
        }
    }

    /// The error at the bottom of the contexts.
    pub fn root(&self) -> &Error {
        match self {
            Error::Context { inner, .. } => inner.root(),
            e => e,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::File { doing, path, error } => {
                write!(f, "cannot {doing} {}: {error}", path.display())
            }
            Error::Input { why } | Error::TooLarge { why } => f.write_str(why),
            Error::Header(e) => e.fmt(f),
            Error::At(place) => place.fmt(f),
            Error::Line(line) => line.fmt(f),
            Error::Io(e) => e.fmt(f),
            Error::Polars(e) => e.fmt(f),
            Error::Csv(e) => e.fmt(f),
            Error::Context { context, inner } => write!(f, "{context}: {inner}"),
        }
    }
}

impl std::error::Error for Error {
    /// What lies below the text shown: the text already holds every context and the error they
    /// wrap, so only that error's own causes are left (as `main` printed them before).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::File { error, .. } => error.source(),
            Error::Io(e) => e.source(),
            Error::Polars(e) => e.source(),
            Error::Csv(e) => e.source(),
            Error::Context { inner, .. } => inner.source(),
            Error::Input { .. }
            | Error::Header(_)
            | Error::At(_)
            | Error::Line(_)
            | Error::TooLarge { .. } => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(e)
    }
}

impl From<polars::prelude::PolarsError> for Error {
    fn from(e: polars::prelude::PolarsError) -> Error {
        Error::Polars(e)
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Error {
        Error::Csv(e)
    }
}

impl From<Place> for Error {
    fn from(p: Place) -> Error {
        Error::At(p)
    }
}

/// `.context(…)` and `.with_context(|| …)` on results, spelt as the command line's are.
pub(crate) trait Context<T> {
    fn context(self, context: impl Into<String>) -> Result<T>;
    fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, context: impl Into<String>) -> Result<T> {
        self.map_err(|e| e.into().context(context))
    }

    fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T> {
        self.map_err(|e| e.into().context(context()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_chain_reads_as_main_printed_it() {
        let e = Error::input("no such file")
            .context("b.csv")
            .context("cannot read");
        assert_eq!(e.to_string(), "cannot read: b.csv: no such file");
        // With its causes, as main prints it: the chain once, not twice.
        assert_eq!(crate::printed(&e), "cannot read: b.csv: no such file");
    }

    #[test]
    fn a_place_names_file_row_column_and_value() {
        let p = Place::cell("c.csv", 3, "factor", "-1", "is not a positive number");
        assert_eq!(
            p.to_string(),
            "c.csv row 3, column factor: '-1' is not a positive number"
        );
        assert_eq!(
            Place::at("s.csv", At::Line(4), "a quote").to_string(),
            "s.csv, line 4: a quote"
        );
        assert_eq!(
            Place::at("", At::Row(2), "empty").to_string(),
            "row 2: empty"
        );
        assert_eq!(
            Place::file("a.csv", "no product").to_string(),
            "a.csv: no product"
        );
    }
}
