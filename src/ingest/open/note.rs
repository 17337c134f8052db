//! What `validate` notes on a source beside its format, as facts ([`Note`]): a links file and the
//! columns read, a workbook's name on delimited text, a unit in the weight column's header … Its
//! `Display` is the English text (also what JSON holds); `render::note` words it in Chinese.

use std::fmt;

use serde::{Serialize, Serializer};

/// A note on a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A links file (one row per seller, buyer, species): the columns of it read, by their key.
    LinksFile { columns: Vec<String> },
    /// A file named as a workbook (`.xlsx` …) that holds delimited text: its extension.
    NamedButText { ext: String },
    /// Bare numbers in the weight column are in the unit its header names.
    HeaderUnit { unit: String },
    /// The weight column is a quantity (数量): its cells must carry a unit.
    QuantityColumn,
    /// Numbers write decimals with a comma.
    DecimalComma,
    /// Lines end in a carriage return alone.
    LoneCr,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::LinksFile { columns } => write!(
                f,
                "a links file (one row per seller, buyer, species); columns read: {}",
                columns.join(", ")
            ),
            Note::NamedButText { ext } => {
                write!(f, "named .{ext} but holds delimited text, read as such")
            }
            Note::HeaderUnit { unit } => write!(
                f,
                "bare numbers in the weight column are in {unit} (the unit in its header)"
            ),
            Note::QuantityColumn => f.write_str(
                "the weight column is a quantity (数量): its cells must carry a unit (斤, kg, 条 …)",
            ),
            Note::DecimalComma => f.write_str(
                "its numbers write decimals with a comma (1,5kg is 1.5 kg): a number with one comma \
                 before three digits (1,500kg) is ambiguous, and left unknown",
            ),
            Note::LoneCr => f.write_str(
                "lines end in a carriage return alone (CSV for old Macs): read as line ends",
            ),
        }
    }
}

/// As its English text, as JSON held it before notes were typed.
impl Serialize for Note {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
