//! Matching a file's header row to the columns wildchain reads (`seller`, `buyer`, `species`,
//! `weight`, `date`, and optionally `unit`), in English or Chinese, in any order.

use std::fmt;

/// A column wildchain reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Seller,
    Buyer,
    Species,
    Weight,
    Date,
    Unit,
}

impl Field {
    /// The required fields, in the order they are reported.
    pub const REQUIRED: [Field; 5] = [
        Field::Seller,
        Field::Buyer,
        Field::Species,
        Field::Weight,
        Field::Date,
    ];

    /// The canonical (English) column name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Seller => "seller",
            Field::Buyer => "buyer",
            Field::Species => "species",
            Field::Weight => "weight",
            Field::Date => "date",
            Field::Unit => "unit",
        }
    }

    /// Every header accepted for this field (compared case-insensitively, spaces trimmed).
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Seller => &["seller", "卖方", "卖家", "上家"],
            Field::Buyer => &["buyer", "买方", "买家", "下家"],
            Field::Species => &["species", "物种", "品种"],
            Field::Weight => &["weight", "重量"],
            Field::Date => &["date", "日期", "交易日期"],
            Field::Unit => &["unit", "单位"],
        }
    }

    fn all() -> [Field; 6] {
        [
            Field::Seller,
            Field::Buyer,
            Field::Species,
            Field::Weight,
            Field::Date,
            Field::Unit,
        ]
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where each field stands in a file's header (0-based column positions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    pub seller: usize,
    pub buyer: usize,
    pub species: usize,
    pub weight: usize,
    pub date: usize,
    pub unit: Option<usize>,
}

impl ColumnMap {
    /// The position of a field's column, if the file has it.
    pub fn position(&self, field: Field) -> Option<usize> {
        match field {
            Field::Seller => Some(self.seller),
            Field::Buyer => Some(self.buyer),
            Field::Species => Some(self.species),
            Field::Weight => Some(self.weight),
            Field::Date => Some(self.date),
            Field::Unit => self.unit,
        }
    }
}

/// Maps header cells to fields. Extra columns are ignored.
///
/// # Errors
/// A required field with no column (the message names it and lists the headers found), or a field
/// matched by two columns.
pub fn map_header(headers: &[String]) -> Result<ColumnMap, String> {
    let mut found: [Option<usize>; 6] = [None; 6];
    for (i, raw) in headers.iter().enumerate() {
        let h = raw.trim_start_matches('\u{feff}').trim().to_lowercase();
        for (k, field) in Field::all().into_iter().enumerate() {
            if field.synonyms().iter().any(|s| *s == h) {
                if let Some(j) = found[k] {
                    return Err(format!(
                        "columns {} ('{}') and {} ('{}') both mean '{field}'",
                        j + 1,
                        headers[j].trim(),
                        i + 1,
                        raw.trim()
                    ));
                }
                found[k] = Some(i);
            }
        }
    }
    let missing: Vec<String> = Field::REQUIRED
        .iter()
        .enumerate()
        .filter(|(k, _)| found[*k].is_none())
        .map(|(_, f)| format!("'{f}' (or {})", f.synonyms()[1..].join("/")))
        .collect();
    if !missing.is_empty() {
        let have: Vec<&str> = headers
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim())
            .collect();
        return Err(format!(
            "missing required column{} {}; the header has: {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            have.join(", ")
        ));
    }
    let get = |k: usize| found[k].unwrap_or_default();
    Ok(ColumnMap {
        seller: get(0),
        buyer: get(1),
        species: get(2),
        weight: get(3),
        date: get(4),
        unit: found[5],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn english_headers_in_any_order_and_case() {
        let m = map_header(&h(&[
            "Date", " WEIGHT ", "note", "species", "Buyer", "seller",
        ]))
        .unwrap();
        assert_eq!(
            (m.seller, m.buyer, m.species, m.weight, m.date, m.unit),
            (5, 4, 3, 1, 0, None)
        );
    }

    #[test]
    fn chinese_headers_and_bom() {
        let m = map_header(&h(&[
            "\u{feff}上家",
            "下家",
            "品种",
            "重量",
            "交易日期",
            "单位",
        ]))
        .unwrap();
        assert_eq!(
            (m.seller, m.buyer, m.species, m.weight, m.date, m.unit),
            (0, 1, 2, 3, 4, Some(5))
        );
        let m = map_header(&h(&["卖家", "买家", "物种", "重量", "日期"])).unwrap();
        assert_eq!(m.buyer, 1);
        let m = map_header(&h(&["卖方", "买方", "物种", "重量", "日期"])).unwrap();
        assert_eq!(m.seller, 0);
    }

    #[test]
    fn missing_columns_are_named() {
        let e = map_header(&h(&["seller", "buyer", "weight"])).unwrap_err();
        assert!(e.contains("'species'"), "{e}");
        assert!(e.contains("'date'"), "{e}");
        assert!(!e.contains("'seller'"), "{e}");
        assert!(e.contains("the header has: seller, buyer, weight"), "{e}");
    }

    #[test]
    fn a_field_given_twice_is_an_error() {
        let e = map_header(&h(&[
            "seller", "卖方", "buyer", "species", "weight", "date",
        ]))
        .unwrap_err();
        assert!(e.contains("both mean 'seller'"), "{e}");
    }
}
