//! Provenance of a row: the optional `confidence`/`可信度` column (confirmed, probable, unconfirmed),
//! read in English or Chinese. (The `source`/`来源` column is free text and is kept as written.)

use std::fmt;

use serde::Serialize;

use super::reason::Kind;
use super::text::nfkc;

/// How sure the case file is that a transaction happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Unconfirmed,
    Probable,
    Confirmed,
}

/// Every word accepted, lower-cased, and what it means.
const WORDS: &[(&str, Confidence)] = &[
    ("confirmed", Confidence::Confirmed),
    ("certain", Confidence::Confirmed),
    ("verified", Confidence::Confirmed),
    ("high", Confidence::Confirmed),
    ("确认", Confidence::Confirmed),
    ("已确认", Confidence::Confirmed),
    ("证实", Confidence::Confirmed),
    ("已证实", Confidence::Confirmed),
    ("查实", Confidence::Confirmed),
    ("已查实", Confidence::Confirmed),
    ("核实", Confidence::Confirmed),
    ("已核实", Confidence::Confirmed),
    ("属实", Confidence::Confirmed),
    ("确定", Confidence::Confirmed),
    ("高", Confidence::Confirmed),
    ("probable", Confidence::Probable),
    ("likely", Confidence::Probable),
    ("medium", Confidence::Probable),
    ("可能", Confidence::Probable),
    ("很可能", Confidence::Probable),
    ("较可信", Confidence::Probable),
    ("基本确认", Confidence::Probable),
    ("基本属实", Confidence::Probable),
    ("中", Confidence::Probable),
    ("unconfirmed", Confidence::Unconfirmed),
    ("unverified", Confidence::Unconfirmed),
    ("possible", Confidence::Unconfirmed),
    ("doubtful", Confidence::Unconfirmed),
    ("low", Confidence::Unconfirmed),
    ("未确认", Confidence::Unconfirmed),
    ("未证实", Confidence::Unconfirmed),
    ("未核实", Confidence::Unconfirmed),
    ("待核实", Confidence::Unconfirmed),
    ("待确认", Confidence::Unconfirmed),
    ("待查", Confidence::Unconfirmed),
    ("存疑", Confidence::Unconfirmed),
    ("疑似", Confidence::Unconfirmed),
    ("不确定", Confidence::Unconfirmed),
    ("低", Confidence::Unconfirmed),
];

impl Confidence {
    /// The code stored in the rows frame (`cols::CONFIDENCE`, u8): 1, 2, 3 from unconfirmed to
    /// confirmed, so that the surest of a group is its maximum.
    pub fn code(self) -> u8 {
        match self {
            Confidence::Unconfirmed => 1,
            Confidence::Probable => 2,
            Confidence::Confirmed => 3,
        }
    }

    /// The confidence of a [`Confidence::code`].
    pub fn from_code(code: u8) -> Option<Confidence> {
        match code {
            1 => Some(Confidence::Unconfirmed),
            2 => Some(Confidence::Probable),
            3 => Some(Confidence::Confirmed),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Confidence::Unconfirmed => "unconfirmed",
            Confidence::Probable => "probable",
            Confidence::Confirmed => "confirmed",
        }
    }

    /// The accepted words, grouped by meaning, for help and error messages.
    pub fn vocabulary() -> String {
        [
            Confidence::Confirmed,
            Confidence::Probable,
            Confidence::Unconfirmed,
        ]
        .iter()
        .map(|c| {
            let words: Vec<&str> = WORDS
                .iter()
                .filter(|(_, m)| m == c)
                .map(|(w, _)| *w)
                .collect();
            words.join("/")
        })
        .collect::<Vec<_>>()
        .join("; ")
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parses a confidence cell: `Ok(None)` when empty.
///
/// # Errors
/// [`Kind::UnknownConfidence`] naming the value, for a word not in the vocabulary.
pub fn parse_confidence(cell: &str) -> Result<Option<Confidence>, Kind> {
    let s = nfkc(cell).to_lowercase();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(kind) = Kind::spreadsheet_error(cell) {
        return Err(kind);
    }
    WORDS
        .iter()
        .find(|(w, _)| *w == s)
        .map(|(_, c)| Some(*c))
        .ok_or_else(|| Kind::UnknownConfidence {
            value: cell.trim().to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_chinese_words() {
        assert_eq!(
            parse_confidence("Confirmed"),
            Ok(Some(Confidence::Confirmed))
        );
        assert_eq!(
            parse_confidence(" 已查实 "),
            Ok(Some(Confidence::Confirmed))
        );
        assert_eq!(parse_confidence("probable"), Ok(Some(Confidence::Probable)));
        assert_eq!(
            parse_confidence("待核实"),
            Ok(Some(Confidence::Unconfirmed))
        );
        assert_eq!(
            parse_confidence("UNCONFIRMED"),
            Ok(Some(Confidence::Unconfirmed))
        );
        assert_eq!(parse_confidence(""), Ok(None));
        let e = parse_confidence(" maybe ").unwrap_err().to_string();
        assert!(e.contains("'maybe'") && e.contains("unconfirmed"), "{e}");
        assert!(Confidence::Confirmed > Confidence::Probable);
        for c in [
            Confidence::Unconfirmed,
            Confidence::Probable,
            Confidence::Confirmed,
        ] {
            assert_eq!(Confidence::from_code(c.code()), Some(c));
        }
        assert!(Confidence::Confirmed.code() > Confidence::Unconfirmed.code());
    }
}
