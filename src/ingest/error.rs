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
    /// What is wrong (after the value when there is one); boxed, so that an error stays small.
    pub why: Box<Why>,
}

impl Place {
    /// A problem with a file as a whole.
    pub fn file(file: &str, why: impl Into<Why>) -> Place {
        Place {
            file: file.to_string(),
            at: None,
            column: None,
            value: None,
            why: Box::new(why.into()),
        }
    }

    /// A problem with a row (or line, or record) of a file.
    pub fn at(file: &str, at: At, why: impl Into<Why>) -> Place {
        Place {
            at: Some(at),
            ..Place::file(file, why)
        }
    }

    /// A problem with a cell of a row: its column and value.
    pub fn cell(file: &str, row: u64, column: &str, value: &str, why: impl Into<Why>) -> Place {
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
        self.why.fmt(f)
    }
}

/// What is wrong with a source, or at a place in a file, as a fact. Its `Display` is the English
/// text; `render::errors` words it in Chinese from the facts. [`Why::Text`] holds ingest's own
/// English words, for the problems not typed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Words not typed yet (English).
    Text(String),
    /// A text that is not in the encoding `--encoding` gives: the encoding, as the option was
    /// shown (`utf-8`, `GBK`), and the offset of the first byte not in it, when known.
    NotInEncoding {
        encoding: String,
        given: String,
        offset: Option<u64>,
    },
    /// A text that starts with a byte-order mark of an encoding and is not in it.
    NotAsItsMark { encoding: String },
    /// A source holding zero bytes that is neither UTF-16 nor a workbook or Parquet.
    ZeroBytes,
    /// A source shaped like UTF-16 without a byte-order mark that does not decode as it.
    NotUtf16,
    /// A text in none of the encodings tried: the first byte not UTF-8, and its offset.
    UnknownEncoding { byte: u8, offset: u64 },
    /// `normalize` of a text in another encoding than UTF-8 (given or found): the encoding.
    StreamNotUtf8 { encoding: String },
    /// `normalize` of a text that is not UTF-8: the offset of the first byte that is not.
    StreamInvalidByte { offset: u64 },
    /// `normalize` of a source that is not delimited text: its kind (`xlsx` …).
    StreamNotText { kind: String },
    /// `normalize --row-column`: no such column; the header as read.
    NoRowColumn { column: String, header: Vec<String> },
    /// `normalize --row-column`: the column is also read as a field.
    RowColumnIsAField { column: String },
    /// A cell naming a taxon that the species table does not know.
    NotInSpeciesTable,
    /// A cell naming a product that the product vocabulary does not have.
    NotAProduct,
    /// A conversion to the product it converts from.
    SameProduct,
    /// A factor that is not a positive number.
    NotPositive,
    /// A factor outside [`MIN_FACTOR`](crate::ingest::species::conversions::MIN_FACTOR) to
    /// [`MAX_FACTOR`](crate::ingest::species::conversions::MAX_FACTOR).
    FactorOutOfRange,
    /// A conversion without the source stating its factor.
    NoSource,
    /// A conversion given twice.
    ConversionTwice,
    /// A base value file without one of its columns: the column missing and the header as read.
    BaseValueColumns {
        missing: String,
        header: Vec<String>,
    },
    /// A side table (species, conversions, products, aliases, base values) without a column:
    /// the first name it goes by, and the header as read.
    NoColumn { column: String, header: Vec<String> },
    /// A links file without the columns it needs: those it needs, those missing, the header.
    LinksColumns {
        required: &'static [&'static str],
        missing: Vec<String>,
        header: Vec<String>,
    },
    /// A base value that is money but not per animal (`80元/斤`): the cell.
    NotPerAnimal { value: String },
    /// A base value row without its taxon or its source.
    NeedsTaxonAndSource,
    /// An `as_of` cell that is not a year, a month or a day.
    NotAsOf,
    /// A base value's taxon that the species table does not know.
    TaxonNotInTable,
    /// A base value's taxon given a value already, by another of its names: the taxon's Chinese
    /// name and the row giving it first.
    TaxonTwice { name: String, first: u64 },
    /// A line in another encoding than its file's where no row can be rejected (a side table, a
    /// links file): the reason a rows file would reject that line with.
    Foreign(crate::ingest::cell::reason::Kind),
    /// A species table's rank that is not one of the ranks it knows.
    NotARank { ranks: &'static [&'static str] },
    /// A CITES cell that names no appendix.
    NotCites,
    /// A China protection cell that is no grade of the list.
    NotChinaGrade { grades: &'static [&'static str] },
    /// A yes/no cell (a product table's `is_whole`) that is neither.
    NotYesNo,
    /// An alias row without its two names.
    NotTwoNames,
    /// An alias row with a third name (`mark`: the third cell could have been the mark
    /// `unconfirmed`).
    ThirdName { mark: bool },
    /// An alias given a second canonical name.
    AliasTwice {
        alias: String,
        old: String,
        canonical: String,
    },
    /// Aliases that lead back to where they start: the first alias (in name order) that leads
    /// into the circle, and the aliases of the circle in order, each with its row.
    AliasCircle {
        start: String,
        circle: Vec<(String, u64)>,
    },
    /// Bytes calamine cannot read as any workbook: its words.
    NotAWorkbook { error: String },
    /// `--sheet` naming no sheet of the workbook.
    NoSuchSheet { sheet: String, sheets: Vec<String> },
    /// A workbook without a sheet.
    NoSheet,
    /// A sheet with nothing in it.
    SheetEmpty { sheet: String },
    /// A sheet whose header does not give the columns; another sheet that does, if one does.
    SheetHeader {
        sheet: String,
        error: crate::ingest::open::header::HeaderError,
        other: Option<String>,
    },
    /// A sheet calamine cannot turn into cells: its words.
    CannotConvertSheet { error: String },
    /// A cell of a side table past its header, or under an empty header cell: it was dropped
    /// without a word. The number of columns the header names.
    PastHeader { columns: usize },
    /// A side table's header naming one column twice: the second was never read.
    HeaderTwice { first: usize },
    /// A Parquet column whose stored type is outside the Parquet specification (a DECIMAL of
    /// precision 40, a scale above its precision …): the column, its type in the specification's
    /// words, and polars' words.
    ParquetOutOfSpec {
        column: String,
        stored: String,
        words: String,
    },
    /// A Parquet column of a type wildchain does not read (polars as built here panicked on a
    /// DECIMAL, and answered a time zone or a duration in words naming no column).
    ParquetUnread { column: String, stored: Unread },
}

/// A Parquet column type wildchain does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    Decimal {
        precision: usize,
        scale: usize,
    },
    /// A datetime with a time zone (polars as built here has no time zones).
    ZonedDatetime {
        zone: String,
    },
    Duration,
    Interval,
    Int128,
    /// 8- and 16-bit unsigned integers (polars as built here has none).
    SmallUnsigned,
    Float16,
    ListOf(Box<Unread>),
    FixedSizeList,
    Struct,
    Map,
    Dictionary,
    /// Another type, as polars names it.
    Other(String),
}

impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unread::Decimal { precision, scale } => write!(f, "DECIMAL({precision},{scale})"),
            Unread::ZonedDatetime { zone } => write!(f, "a datetime with a time zone ({zone})"),
            Unread::Duration => f.write_str("a duration"),
            Unread::Interval => f.write_str("an interval"),
            Unread::Int128 => f.write_str("a 128-bit integer"),
            Unread::SmallUnsigned => f.write_str("an 8- or 16-bit unsigned integer"),
            Unread::Float16 => f.write_str("a 16-bit float"),
            Unread::ListOf(u) => write!(f, "a list of {u}"),
            Unread::FixedSizeList => f.write_str("a fixed-size list"),
            Unread::Struct => f.write_str("a struct"),
            Unread::Map => f.write_str("a map"),
            Unread::Dictionary => f.write_str("a dictionary (categorical)"),
            Unread::Other(t) => write!(f, "of type {t}"),
        }
    }
}

impl From<String> for Why {
    fn from(text: String) -> Why {
        Why::Text(text)
    }
}

impl From<&str> for Why {
    fn from(text: &str) -> Why {
        Why::Text(text.to_string())
    }
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::ingest::species::conversions::{MAX_FACTOR, MIN_FACTOR};
        match self {
            Why::Text(t) => f.write_str(t),
            Why::NotInEncoding {
                encoding,
                given,
                offset: None,
            } => write!(f, "not valid {encoding} (--encoding {given})"),
            Why::NotInEncoding {
                encoding,
                given,
                offset: Some(at),
            } => write!(
                f,
                "not valid {encoding} (--encoding {given}): invalid byte at offset {at}"
            ),
            Why::NotAsItsMark { encoding } => write!(
                f,
                "starts with a {encoding} byte-order mark but is not valid {encoding}"
            ),
            Why::ZeroBytes => f.write_str(
                "not text: it holds zero bytes, and is not a workbook (.xlsx/.xls/.ods) or Parquet \
                 either; tried UTF-8, UTF-16 and GB18030",
            ),
            Why::NotUtf16 => f.write_str(
                "not text: looks like UTF-16 without a byte-order mark but does not decode as it",
            ),
            Why::UnknownEncoding { byte, offset } => write!(
                f,
                "cannot tell the text encoding: not UTF-8 (invalid byte 0x{byte:02X} at offset \
                 {offset}), no UTF-16 byte-order mark, and not GB18030/GBK either; give it with \
                 --encoding (e.g. big5, shift_jis, windows-1252) or save the file as UTF-8 CSV"
            ),
            Why::StreamNotUtf8 { encoding } => write!(
                f,
                "normalize streams UTF-8 text; convert it first (iconv -f {encoding} -t UTF-8)"
            ),
            Why::StreamInvalidByte { offset } => write!(
                f,
                "not UTF-8 text (invalid byte at offset {offset}); normalize streams UTF-8: \
                 convert it first (iconv -f GBK -t UTF-8)"
            ),
            Why::StreamNotText { kind } => {
                write!(f, "normalize streams delimited text, not {kind}")
            }
            Why::NoRowColumn { column, header } => write!(
                f,
                "no column '{column}' for the row numbers (the header has: {})",
                header.join(", ")
            ),
            Why::RowColumnIsAField { column } => {
                write!(
                    f,
                    "the row-number column '{column}' is also read as a field"
                )
            }
            Why::NotInSpeciesTable => f.write_str("is not in the species table"),
            Why::NotAProduct => f.write_str("is not a product of the vocabulary"),
            Why::SameProduct => f.write_str("is the same product as from_product"),
            Why::NotPositive => f.write_str("is not a positive number"),
            Why::FactorOutOfRange => write!(
                f,
                "is not a factor from {MIN_FACTOR} to {MAX_FACTOR} (kg of to_product per kg of \
                 from_product): a weight converted by it would not be a weight"
            ),
            Why::NoSource => f.write_str("is empty: a factor needs the source that states it"),
            Why::ConversionTwice => f.write_str("has this conversion twice"),
            Why::BaseValueColumns { missing, header } => write!(
                f,
                "a base value file needs the columns taxon, base_value_yuan, source, as_of; \
                 missing: {missing} (the header has: {})",
                header.join(", ")
            ),
            Why::NoColumn { column, header } => write!(
                f,
                "no '{column}' column (the header has: {})",
                header.join(", ")
            ),
            Why::LinksColumns {
                required,
                missing,
                header,
            } => write!(
                f,
                "a links file needs the columns {}; missing: {} (the header has: {})",
                required.join(", "),
                missing.join(", "),
                header.join(", ")
            ),
            Why::NotPerAnimal { value } => write!(
                f,
                "column 'base_value_yuan': '{value}' is not a value per animal in 元"
            ),
            Why::NeedsTaxonAndSource => {
                f.write_str("every base value needs its taxon and its source")
            }
            Why::NotAsOf => {
                f.write_str("is not a date (a year, a month or a day: 2017, 2017-06, 2017-06-01)")
            }
            Why::TaxonNotInTable => f.write_str(
                "is not in the species table: give it a row there (--species-table) or use a \
                 name the table has",
            ),
            Why::TaxonTwice { name, first } => write!(
                f,
                "is the taxon {name} again (row {first} gives it a base value already): keep one"
            ),
            Why::Foreign(kind) => kind.fmt(f),
            Why::NotARank { ranks } => write!(f, "is not one of {}", ranks.join(", ")),
            Why::NotCites => f.write_str(
                "is not a CITES appendix: write I, II or III (I/II when a taxon is split)",
            ),
            Why::NotChinaGrade { grades } => write!(
                f,
                "is not a China protection grade: write one of {}",
                grades.join(", ")
            ),
            Why::NotYesNo => f.write_str("is not yes or no"),
            Why::NotTwoNames => f.write_str("expected two names, alias,canonical"),
            Why::ThirdName { mark: true } => f.write_str(
                "is a third name: a row holds two names, alias,canonical (and may be marked \
                 unconfirmed); give each alias its own row",
            ),
            Why::ThirdName { mark: false } => f.write_str(
                "is a third name: a row holds two names, alias,canonical; give each alias its own \
                 row",
            ),
            Why::AliasTwice {
                alias,
                old,
                canonical,
            } => write!(
                f,
                "'{alias}' is already an alias of '{old}', not '{canonical}'"
            ),
            Why::AliasCircle { start, circle } => {
                write!(f, "the aliases of '{start}' go round in a circle: ")?;
                f.write_str(&circle_steps(circle))?;
                f.write_str("; remove or correct one of these rows")
            }
            Why::NotAWorkbook { error } => write!(
                f,
                "cannot read the workbook (tried .xls, .xlsx, .xlsb, .ods): {error}"
            ),
            Why::NoSuchSheet { sheet, sheets } => write!(
                f,
                "no sheet named '{sheet}'; the workbook has: {}",
                sheets.join(", ")
            ),
            Why::NoSheet => f.write_str("the workbook has no sheet"),
            Why::SheetEmpty { sheet } => write!(
                f,
                "sheet '{sheet}' is empty: expected a header row (seller, buyer, species, weight, \
                 date)"
            ),
            Why::SheetHeader {
                sheet,
                error,
                other: None,
            } => write!(f, "sheet '{sheet}': {error}"),
            Why::SheetHeader {
                sheet,
                error,
                other: Some(s),
            } => write!(
                f,
                "sheet '{sheet}': {error}; sheet '{s}' has the columns: use --sheet '{s}'"
            ),
            Why::CannotConvertSheet { error } => write!(f, "cannot convert the sheet: {error}"),
            Why::PastHeader { columns } => write!(
                f,
                "is in no column of the header (it names {columns}): give the column a name in \
                 the header, or move the cell into its column"
            ),
            Why::HeaderTwice { first } => write!(
                f,
                "is also the name of column {first}: only one would be read; rename one"
            ),
            Why::ParquetUnread { column, stored } => {
                write!(
                    f,
                    "column {} is {stored}, which wildchain does not read: ",
                    column.escape_debug()
                )?;
                f.write_str(match stored {
                    Unread::ZonedDatetime { .. } => {
                        "store it as a datetime without a time zone, in local time (in Spark or \
                         pyarrow, cast it to a timestamp without time zone), or as text, and \
                         write the file again"
                    }
                    Unread::Duration | Unread::Interval => {
                        "store it as text or as a number of seconds, and write the file again"
                    }
                    _ => {
                        "store it as text (in Spark or pyarrow, cast it to string, which keeps \
                         every digit) and write the file again"
                    }
                })
            }
            Why::ParquetOutOfSpec {
                column,
                stored,
                words,
            } => write!(
                f,
                "column {} is {stored}, which is outside the Parquet specification ({words}): \
                 the program that wrote the file got the type wrong; store the column as text \
                 (or as a DECIMAL its physical type can hold) and write the file again",
                column.escape_debug()
            ),
        }
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
    Input { why: Why },
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
    pub fn input(why: impl Into<Why>) -> Error {
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
            Error::File {
                doing: "hash",
                path,
                error,
            } => write!(f, "cannot read {} to hash it: {error}", path.display()),
            Error::File { doing, path, error } => {
                write!(f, "cannot {doing} {}: {error}", path.display())
            }
            Error::Input { why } => why.fmt(f),
            Error::TooLarge { why } => f.write_str(why),
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

/// The steps of a circle of aliases, each with its row (`'a' (row 2) → 'b' (row 1) → 'a'`);
/// past [`CIRCLE_SHOWN`] steps, the rest counted.
fn circle_steps(circle: &[(String, u64)]) -> String {
    let mut steps: Vec<String> = (circle.iter().take(CIRCLE_SHOWN))
        .map(|(name, row)| format!("'{name}' (row {row})"))
        .collect();
    if circle.len() > CIRCLE_SHOWN {
        steps.push(format!("… ({} more rows)", circle.len() - CIRCLE_SHOWN));
    }
    if let Some((first, _)) = circle.first() {
        steps.push(format!("'{first}'"));
    }
    steps.join(" → ")
}

/// How many steps of a circle of aliases a message shows.
pub const CIRCLE_SHOWN: usize = 8;

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
