//! Why a row is rejected, as data: a [`Reason`] names the column and what is wrong with which
//! value (its [`Kind`]). The parsers return them; `Display` gives the text of warnings and of the
//! rejects file; `validate` groups rows by column and kind ([`Reason::group`]), never by text.

use std::fmt;
use std::mem::Discriminant;

use serde::Serialize;

use super::confidence::Confidence;
use crate::units::{MAX_COUNT, MAX_KG};

/// The column a reason is about: a column of case files, or of links files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    Seller,
    Buyer,
    Species,
    Weight,
    Unit,
    Date,
    Confidence,
    Price,
    Amount,
    /// A whole line of text that cannot be read as a row.
    Line,
    // The columns of links files only.
    WeightKg,
    Transactions,
    UnknownWeight,
    Count,
    Counted,
    FirstDate,
    LastDate,
    ApproxRows,
    ConfidenceRows,
    Sources,
    WeighedAndCounted,
    AmountYuan,
    AmountRows,
    AmountWeighedYuan,
    WeightPricedKg,
    AmountCountedYuan,
    CountPriced,
    /// The seller's and the buyer's place (issue 23).
    SellerPlace,
    BuyerPlace,
}

impl Column {
    /// The column's name, as in messages and in the header of links files.
    pub fn name(self) -> &'static str {
        match self {
            Column::Seller => "seller",
            Column::Buyer => "buyer",
            Column::Species => "species",
            Column::Weight => "weight",
            Column::Unit => "unit",
            Column::Date => "date",
            Column::Confidence => "confidence",
            Column::Price => "price",
            Column::Amount => "amount",
            Column::Line => "line",
            Column::WeightKg => "weight_kg",
            Column::Transactions => "transactions",
            Column::UnknownWeight => "unknown_weight",
            Column::Count => "count",
            Column::Counted => "counted",
            Column::FirstDate => "first_date",
            Column::LastDate => "last_date",
            Column::ApproxRows => "approx_rows",
            Column::ConfidenceRows => "confidence_rows",
            Column::Sources => "sources",
            Column::WeighedAndCounted => "weighed_and_counted",
            Column::AmountYuan => "amount_yuan",
            Column::AmountRows => "amount_rows",
            Column::AmountWeighedYuan => "amount_weighed_yuan",
            Column::WeightPricedKg => "weight_priced_kg",
            Column::AmountCountedYuan => "amount_counted_yuan",
            Column::CountPriced => "count_priced",
            Column::SellerPlace => "seller_place",
            Column::BuyerPlace => "buyer_place",
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Column {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// What is wrong with a cell (or, for links files, between cells), with the values concerned as
/// written (after NFKC normalisation where the parser normalises).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The cell is empty (seller, buyer, species).
    Empty,
    /// A name cell of invisible characters only (`U+200B`, a soft hyphen, a byte-order mark
    /// …): empty once normalised, so the row names no party or species.
    Invisible {
        cell: String,
    },
    /// Seller and buyer are one party.
    SameParty {
        party: String,
    },

    /// A unit the unit table does not know: in the unit column (`weight` is `None`), or written in
    /// a weight.
    UnknownUnit {
        unit: String,
        weight: Option<String>,
    },
    /// No number where the weight should start (`abc`, `约`, `几十斤`).
    NotANumber {
        weight: String,
    },
    /// A comma that does not separate thousands (`1,25斤`).
    CommaNotThousands {
        weight: String,
    },
    /// A bare number in a column that may count or weigh (a `数量` column) with no unit to take.
    NoUnit {
        weight: String,
    },
    Negative {
        weight: String,
    },
    /// A weight range whose end weighs less than its start (`50-40斤`).
    WeightRangeBackwards {
        weight: String,
    },
    /// A count range whose end is below its start (`5-3条`).
    CountRangeBackwards {
        weight: String,
    },
    /// A range from a weight to a count of animals, or back (`5斤-3条`).
    RangeMixesWeightAndCount {
        weight: String,
    },
    /// A fractional count of animals (`1.5条`); `unit` is the count's unit (条, 只, 头).
    CountNotWhole {
        weight: String,
        unit: &'static str,
    },
    /// A weight over [`MAX_KG`].
    WeightTooLarge {
        weight: String,
    },
    /// A count over [`MAX_COUNT`].
    CountTooLarge {
        weight: String,
    },

    /// A line of text with more fields than the header: `text` is the line, cut.
    TooManyFields {
        fields: usize,
        header: usize,
        text: String,
    },
    /// A line of text with a carriage return alone inside it: `text` is the line, cut.
    LoneCarriageReturn {
        text: String,
    },

    /// Not a date in any form read.
    NotADate {
        date: String,
    },
    /// A bare 5-digit number: an Excel serial date read as text.
    ExcelSerial {
        date: String,
    },
    /// A month outside 1–12.
    NoSuchMonth {
        date: String,
        month: u32,
    },
    /// A day the month does not have: `year-month` has `days` days.
    NoSuchDay {
        date: String,
        year: i32,
        month: u32,
        days: u32,
    },
    /// A time of day after a month with no day.
    TimeWithoutDay {
        date: String,
    },
    /// A date range that ends before it starts.
    DateRangeBackwards {
        date: String,
    },

    /// A money cell that is no figure in 元 (`abc`, `元`).
    NotMoney {
        value: String,
    },
    /// A money cell below zero.
    MoneyNegative {
        value: String,
    },
    /// A money cell over [`super::money::MAX_YUAN`].
    MoneyTooLarge {
        value: String,
    },
    /// A price per a unit the unit table does not know (`80元/箱`).
    UnknownPriceUnit {
        unit: String,
        value: String,
    },
    /// A price that says per what neither in the cell nor in the header (`80` under `单价`).
    PriceWithoutUnit {
        value: String,
    },
    /// An amount written as a price per unit (`80元/斤` under `金额`).
    AmountIsAPrice {
        value: String,
    },

    /// A confidence word not in the vocabulary ([`Confidence::vocabulary`]).
    UnknownConfidence {
        value: String,
    },

    /// Links files: not a number, or below zero.
    NotANumberAtLeastZero {
        value: String,
    },
    /// Links files: a number over the column's limit.
    TooLarge {
        value: String,
    },
    /// Links files: `transactions` missing, below 1, or fractional.
    TransactionsNotWhole,
    /// Links files: more approximate or confident rows than the link stands for.
    RowsExceedTransactions {
        approx: u32,
        confident: u32,
        transactions: u32,
    },
    /// Links files: rows of unknown weight that do not fit the transactions and the weight.
    UnknownWeightMisfit {
        unknown: u32,
        transactions: u32,
        weight_kg: String,
    },
    /// Links files: a `sources` cell that is not a JSON list of strings.
    NotASourceList {
        value: String,
    },
    /// A total line (`合计`, `小计`, `总计`, `共计`, `total` …): a sum of the rows above it, not a
    /// transaction; set apart, never counted.
    TotalLine {
        cell: String,
    },
    /// A date written without a year (`4月20日`, `04-20`), and no `--year` given.
    NoYear {
        date: String,
    },
    /// A line of text with fewer fields than the header (issue 24, item 7): `line` is where it
    /// starts; `joined`, the first of two lines that together have the header's fields (a line
    /// break typed inside a cell), their text then read together.
    TooFewFields {
        line: u64,
        fields: usize,
        header: usize,
        joined: Option<u64>,
        text: String,
    },
    /// A line in another encoding than the rest of the file (a GBK row in a UTF-8 file): the
    /// byte at `offset` of the file is not `encoding`; `other` is the line read in the other
    /// encoding, when it reads.
    LineNotInEncoding {
        line: u64,
        offset: u64,
        byte: u8,
        encoding: String,
        other: Option<String>,
    },
    /// A spreadsheet error cell (`#N/A`, `#REF!` …) under the header `header`.
    SpreadsheetError {
        error: String,
        header: String,
    },
    /// A formula whose value the workbook did not save, under the header `header`.
    FormulaWithoutValue {
        formula: String,
        header: String,
    },
    /// A date cell whose serial number lies past 9999-12-31 (or before 1900).
    DateSerialOutOfRange {
        serial: String,
    },
    /// A number with one comma before three digits (`1,500kg`) in a file whose numbers write
    /// decimals with a comma (`1,5kg`): 1.5 or 1500.
    AmbiguousComma {
        value: String,
    },
    /// A name cell (seller, buyer, species) holding a spreadsheet error value as text (`#N/A`
    /// in a CSV saved from a workbook): a formula that failed, which names no one.
    NameIsSpreadsheetError {
        error: String,
    },
    /// A weight, date, price, amount or confidence cell holding a spreadsheet error value as
    /// text (`#N/A`, `#VALUE!` in a CSV saved from a workbook): the formula failed, the value is
    /// unknown.
    ValueIsSpreadsheetError {
        error: String,
    },
}

/// How a reason's text begins.
enum Lead {
    /// `column 'seller' is empty`.
    Sentence,
    /// `column 'weight': …`.
    Label,
    /// The kind names its columns itself.
    None,
}

impl Kind {
    /// Why a name cell that names nothing is refused: [`Kind::Empty`] when it is blank,
    /// [`Kind::Invisible`] (quoting it) when it holds only invisible characters.
    /// [`Kind::NameIsSpreadsheetError`] when it is a spreadsheet error value (`#N/A`).
    pub fn no_name(cell: &str) -> Kind {
        match cell.trim() {
            "" => Kind::Empty,
            t if super::spreadsheet::is_spreadsheet_error(t) => Kind::NameIsSpreadsheetError {
                error: t.to_string(),
            },
            t => Kind::Invisible {
                cell: t.to_string(),
            },
        }
    }

    /// [`Kind::ValueIsSpreadsheetError`] when `cell` is a spreadsheet error value (`#N/A`),
    /// for the parsers of values (weight, date, money, confidence) to say so before they read
    /// it as a figure: `#N/A` in a weight was "not a number", saying nothing of the formula.
    pub fn spreadsheet_error(cell: &str) -> Option<Kind> {
        let t = cell.trim();
        super::spreadsheet::is_spreadsheet_error(t).then(|| Kind::ValueIsSpreadsheetError {
            error: t.to_string(),
        })
    }

    /// The kind quoting `cell` as typed (`½斤`) where it quoted the cell's NFKC form (`1⁄2斤`), the
    /// form the parsers read: a user searches the file for what they typed.
    pub fn as_typed(self, cell: &str) -> Kind {
        let normal = super::text::nfkc(cell);
        let typed = cell.trim();
        if normal == typed {
            return self;
        }
        let mut kind = self;
        let field = match &mut kind {
            Kind::UnknownUnit {
                weight: Some(w), ..
            } => w,
            Kind::UnknownUnit { unit, weight: None } => unit,
            Kind::NotANumber { weight }
            | Kind::CommaNotThousands { weight }
            | Kind::NoUnit { weight }
            | Kind::Negative { weight }
            | Kind::WeightRangeBackwards { weight }
            | Kind::CountRangeBackwards { weight }
            | Kind::RangeMixesWeightAndCount { weight }
            | Kind::CountNotWhole { weight, .. }
            | Kind::WeightTooLarge { weight }
            | Kind::CountTooLarge { weight } => weight,
            Kind::NotADate { date }
            | Kind::ExcelSerial { date }
            | Kind::NoSuchMonth { date, .. }
            | Kind::NoSuchDay { date, .. }
            | Kind::TimeWithoutDay { date }
            | Kind::DateRangeBackwards { date }
            | Kind::NoYear { date } => date,
            Kind::ValueIsSpreadsheetError { error } => error,
            _ => return kind,
        };
        if *field == normal {
            *field = typed.to_string();
        }
        kind
    }

    /// A short snake_case name of the kind, for JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Empty => "empty",
            Kind::Invisible { .. } => "invisible",
            Kind::SameParty { .. } => "same_party",
            Kind::UnknownUnit { .. } => "unknown_unit",
            Kind::NotANumber { .. } => "not_a_number",
            Kind::CommaNotThousands { .. } => "comma_not_thousands",
            Kind::NoUnit { .. } => "no_unit",
            Kind::Negative { .. } => "negative",
            Kind::WeightRangeBackwards { .. } => "weight_range_backwards",
            Kind::CountRangeBackwards { .. } => "count_range_backwards",
            Kind::RangeMixesWeightAndCount { .. } => "range_mixes_weight_and_count",
            Kind::CountNotWhole { .. } => "count_not_whole",
            Kind::WeightTooLarge { .. } => "weight_too_large",
            Kind::CountTooLarge { .. } => "count_too_large",
            Kind::TooManyFields { .. } => "too_many_fields",
            Kind::LoneCarriageReturn { .. } => "lone_carriage_return",
            Kind::NotADate { .. } => "not_a_date",
            Kind::ExcelSerial { .. } => "excel_serial",
            Kind::NoSuchMonth { .. } => "no_such_month",
            Kind::NoSuchDay { .. } => "no_such_day",
            Kind::TimeWithoutDay { .. } => "time_without_day",
            Kind::DateRangeBackwards { .. } => "date_range_backwards",
            Kind::NotMoney { .. } => "not_money",
            Kind::MoneyNegative { .. } => "money_negative",
            Kind::MoneyTooLarge { .. } => "money_too_large",
            Kind::UnknownPriceUnit { .. } => "unknown_price_unit",
            Kind::PriceWithoutUnit { .. } => "price_without_unit",
            Kind::AmountIsAPrice { .. } => "amount_is_a_price",
            Kind::UnknownConfidence { .. } => "unknown_confidence",
            Kind::NotANumberAtLeastZero { .. } => "not_a_number_at_least_zero",
            Kind::TooLarge { .. } => "too_large",
            Kind::TransactionsNotWhole => "transactions_not_whole",
            Kind::RowsExceedTransactions { .. } => "rows_exceed_transactions",
            Kind::UnknownWeightMisfit { .. } => "unknown_weight_misfit",
            Kind::NotASourceList { .. } => "not_a_source_list",
            Kind::TotalLine { .. } => "total_line",
            Kind::NoYear { .. } => "no_year",
            Kind::TooFewFields { .. } => "too_few_fields",
            Kind::LineNotInEncoding { .. } => "line_not_in_encoding",
            Kind::SpreadsheetError { .. } => "spreadsheet_error",
            Kind::FormulaWithoutValue { .. } => "formula_without_value",
            Kind::DateSerialOutOfRange { .. } => "date_serial_out_of_range",
            Kind::AmbiguousComma { .. } => "ambiguous_comma",
            Kind::NameIsSpreadsheetError { .. } => "spreadsheet_error",
            Kind::ValueIsSpreadsheetError { .. } => "spreadsheet_error",
        }
    }

    fn lead(&self) -> Lead {
        match self {
            Kind::Empty | Kind::Invisible { .. } | Kind::TransactionsNotWhole => Lead::Sentence,
            Kind::SameParty { .. }
            | Kind::RowsExceedTransactions { .. }
            | Kind::UnknownWeightMisfit { .. }
            | Kind::TooManyFields { .. }
            | Kind::LoneCarriageReturn { .. }
            | Kind::TotalLine { .. }
            | Kind::TooFewFields { .. }
            | Kind::LineNotInEncoding { .. } => Lead::None,
            _ => Lead::Label,
        }
    }

    /// Writes the text of the kind (after `column 'x': `), each value as `…` when `blank`.
    fn write(&self, f: &mut fmt::Formatter<'_>, blank: bool) -> fmt::Result {
        let v = |x: &dyn fmt::Display| Value(x.to_string(), blank);
        const DATES: &str = "expected e.g. 2022-04-01, 2022年4月1日, 2022-04 or 2022年4月至5月";
        match self {
            Kind::Empty => f.write_str("is empty"),
            Kind::Invisible { cell } => write!(
                f,
                "is empty: it holds only invisible characters '{}'",
                v(cell)
            ),
            Kind::SameParty { party } => {
                write!(f, "seller and buyer are the same party '{}'", v(party))
            }
            Kind::UnknownUnit { unit, weight: None } => write!(f, "unknown unit '{}'", v(unit)),
            Kind::UnknownUnit {
                unit,
                weight: Some(w),
            } => write!(f, "unknown unit '{}' in weight '{}'", v(unit), v(w)),
            Kind::NotANumber { weight } => write!(f, "weight '{}' is not a number", v(weight)),
            Kind::CommaNotThousands { weight } => write!(
                f,
                "weight '{}' has a comma that is not a thousands separator (write a decimal with \
                 a point)",
                v(weight)
            ),
            Kind::NoUnit { weight } => write!(
                f,
                "weight '{}' has no unit, and its column may count animals or weigh them \
                 (write 50斤 or 3条, add a unit column, or give --default-unit)",
                v(weight)
            ),
            Kind::Negative { weight } => write!(f, "weight '{}' is negative", v(weight)),
            Kind::WeightRangeBackwards { weight } => {
                write!(f, "weight range '{}' ends below its start", v(weight))
            }
            Kind::CountRangeBackwards { weight } => {
                write!(f, "count range '{}' ends below its start", v(weight))
            }
            Kind::RangeMixesWeightAndCount { weight } => write!(
                f,
                "weight range '{}' mixes a weight and a count of animals",
                v(weight)
            ),
            Kind::CountNotWhole { weight, unit } => write!(
                f,
                "'{}': a count of animals ({}) must be a whole number",
                v(weight),
                v(unit)
            ),
            Kind::WeightTooLarge { weight } => write!(
                f,
                "weight '{}' is too large (over {} t)",
                v(weight),
                MAX_KG / 1000.0
            ),
            Kind::CountTooLarge { weight } => {
                write!(f, "count '{}' is too large (over {MAX_COUNT})", v(weight))
            }
            Kind::TooManyFields {
                fields,
                header,
                text,
            } => write!(
                f,
                "the line has {} fields where the header has {} (a delimiter too many, or a \
                 cell that needs quotes): '{}'",
                v(fields),
                v(header),
                v(text)
            ),
            Kind::LoneCarriageReturn { text } => write!(
                f,
                "the line has a carriage return (\\r) alone inside it, an old Mac line end \
                 that splits the row: '{}'",
                v(text)
            ),
            Kind::NotADate { date } => write!(f, "date '{}' is not a date ({DATES})", v(date)),
            Kind::ExcelSerial { date } => write!(
                f,
                "date '{}' is not a date ({DATES}) (a bare 5-digit number looks like an Excel \
                 serial date: format the column as dates in Excel, or read the workbook itself)",
                v(date)
            ),
            Kind::NoSuchMonth { date, month } => write!(
                f,
                "date '{}' is not a date (month {} does not exist)",
                v(date),
                v(month)
            ),
            Kind::NoSuchDay {
                date,
                year,
                month,
                days,
            } => write!(
                f,
                "date '{}' does not exist: {} has {} days",
                v(date),
                v(&format!("{year:04}-{month:02}")),
                v(days)
            ),
            Kind::TimeWithoutDay { date } => {
                write!(f, "date '{}' gives a time of day but no day", v(date))
            }
            Kind::DateRangeBackwards { date } => {
                write!(f, "date range '{}' ends before it starts", v(date))
            }
            Kind::NotMoney { value } => write!(
                f,
                "'{}' is not a sum in 元 (expected e.g. 80元/斤, 每斤80元, 5元/只, 1.2万元, \
                 12000 or ￥3,500)",
                v(value)
            ),
            Kind::MoneyNegative { value } => write!(f, "'{}' is negative", v(value)),
            Kind::MoneyTooLarge { value } => write!(
                f,
                "'{}' is too large (over {} 亿元)",
                v(value),
                super::money::MAX_YUAN / 1e8
            ),
            Kind::UnknownPriceUnit { unit, value } => {
                write!(f, "unknown unit '{}' in price '{}'", v(unit), v(value))
            }
            Kind::PriceWithoutUnit { value } => write!(
                f,
                "price '{}' does not say per what (write 80元/斤 or 5元/只, or name the unit in \
                 the header: 单价(元/斤))",
                v(value)
            ),
            Kind::AmountIsAPrice { value } => write!(
                f,
                "'{}' is a price per unit, not an amount (put it in a price column: 单价)",
                v(value)
            ),
            Kind::UnknownConfidence { value } => write!(
                f,
                "confidence '{}' is not one of: {}",
                v(value),
                Confidence::vocabulary()
            ),
            Kind::NotANumberAtLeastZero { value } => {
                write!(f, "'{}' is not a number ≥ 0", v(value))
            }
            Kind::TooLarge { value } => write!(f, "'{}' is too large", v(value)),
            Kind::TransactionsNotWhole => f.write_str("must be a whole number ≥ 1"),
            Kind::RowsExceedTransactions {
                approx,
                confident,
                transactions,
            } => write!(
                f,
                "approx_rows {} or confidence_rows {} exceeds {} transactions",
                v(approx),
                v(confident),
                v(transactions)
            ),
            Kind::UnknownWeightMisfit {
                unknown,
                transactions,
                weight_kg,
            } => write!(
                f,
                "unknown_weight {} does not fit {} transactions with weight_kg '{}'",
                v(unknown),
                v(transactions),
                v(weight_kg)
            ),
            Kind::NotASourceList { value } => write!(
                f,
                "'{}' is not a JSON list of strings (e.g. [\"卷1 第3页\"])",
                v(value)
            ),
            Kind::TotalLine { cell } => write!(
                f,
                "a total line ('{}'): the sum of other rows, not a transaction",
                v(cell)
            ),
            Kind::NoYear { date } => write!(
                f,
                "date '{}' has no year; give --year (e.g. --year 2023)",
                v(date)
            ),
            Kind::TooFewFields {
                line,
                fields,
                header,
                joined: None,
                text,
            } => write!(
                f,
                "short row: line {} has {} fields, the header has {} (a cell or a delimiter \
                 missing): '{}'",
                v(line),
                v(fields),
                v(header),
                v(text)
            ),
            Kind::TooFewFields {
                line,
                fields,
                header,
                joined: Some(first),
                text,
            } => write!(
                f,
                "short row: line {} has {} fields, the header has {}; a line break inside a \
                 cell? lines {}–{} read together: '{}'",
                v(line),
                v(fields),
                v(header),
                v(first),
                v(&(first + 1)),
                v(text)
            ),
            Kind::LineNotInEncoding {
                line,
                offset,
                byte,
                encoding,
                other,
            } => {
                write!(
                    f,
                    "line {} is not {} like the rest of the file (byte 0x{:02X} at byte offset \
                     {})",
                    v(line),
                    v(encoding),
                    byte,
                    v(offset)
                )?;
                if let Some(o) = other {
                    write!(f, "; in the other encoding it reads '{}'", v(o))?;
                }
                f.write_str(": save the whole file in one encoding")
            }
            Kind::SpreadsheetError { error, header } => write!(
                f,
                "spreadsheet error {} in {}: fix the formula in the workbook",
                v(error),
                v(header)
            ),
            Kind::FormulaWithoutValue { formula, header } => write!(
                f,
                "formula without a saved value ({}) in {}: open and save the file in Excel/WPS",
                v(formula),
                v(header)
            ),
            Kind::DateSerialOutOfRange { serial } => write!(
                f,
                "date serial {} lies outside 1900-01-01 to 9999-12-31",
                v(serial)
            ),
            Kind::AmbiguousComma { value } => write!(
                f,
                "'{}': this file writes decimals with a comma (1,5), so the comma may be a decimal \
                 comma or a thousands separator; write the number without the comma",
                v(value)
            ),
            Kind::NameIsSpreadsheetError { error } => write!(
                f,
                "'{}' is a spreadsheet error (a formula that failed, saved as text), not a name: \
                 fix the formula in the workbook and save the file again, or type the name",
                v(error)
            ),
            Kind::ValueIsSpreadsheetError { error } => write!(
                f,
                "'{}' is a spreadsheet error (a formula that failed, saved as text), not a value: \
                 fix the formula in the workbook and save the file again, or type the value",
                v(error)
            ),
        }
    }
}

/// Whether a cell marks a total line: `合计`, `小计`, `总计`, `共计`, `总共`, `累计`, `汇总`,
/// `total`, `subtotal`, `grand total`, `sum` (any case), alone or followed by what is not a
/// letter (`合计：`, `总计(斤)`, `Total:`); `合计人` or `Totalis` is a name.
pub fn is_total(cell: &str) -> bool {
    const WORDS: [&str; 11] = [
        "合计",
        "小计",
        "总计",
        "共计",
        "总共",
        "累计",
        "汇总",
        "grand total",
        "subtotal",
        "total",
        "sum",
    ];
    let t = cell.trim();
    if t.is_empty() || t.len() > 40 {
        return false;
    }
    let lower = t.to_lowercase();
    WORDS.iter().any(|w| {
        lower
            .strip_prefix(w)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphabetic()))
    })
}

/// A value in a reason's text, or `…` when the text stands for every reason of its kind.
struct Value(String, bool);

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 {
            f.write_str("…")
        } else {
            f.write_str(&super::text::clip(&self.0))
        }
    }
}

/// The text of the kind alone, without a column: `date '昨天' is not a date (…)`.
impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

/// Why a row (or a link) is rejected: what is wrong, in which column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub column: Column,
    pub kind: Kind,
}

impl Reason {
    pub fn new(column: Column, kind: Kind) -> Reason {
        Reason { column, kind }
    }

    /// What reasons are grouped by: the column and the kind, whatever the values.
    pub fn group(&self) -> (Column, Discriminant<Kind>) {
        (self.column, std::mem::discriminant(&self.kind))
    }

    /// The text of the reason with every value left out (`…`), the same for every reason of its
    /// [`Reason::group`]: `column 'weight': unknown unit '…' in weight '…'`.
    pub fn kind_text(&self) -> String {
        Shown(self, true).to_string()
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, blank: bool) -> fmt::Result {
        match self.kind.lead() {
            Lead::Sentence => write!(f, "column '{}' ", self.column)?,
            Lead::Label => write!(f, "column '{}': ", self.column)?,
            Lead::None => {}
        }
        self.kind.write(f, blank)
    }
}

/// A reason, its values shown or left out.
struct Shown<'a>(&'a Reason, bool);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, self.1)
    }
}

/// The whole reason: `column 'weight': unknown unit '箱' in weight '12箱'`.
impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

/// Reasons shown one after another, joined with `; `.
pub struct Reasons<'a>(pub &'a [Reason]);

impl fmt::Display for Reasons<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            r.write(f, false)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
