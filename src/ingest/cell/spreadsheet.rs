//! Spreadsheet error values typed as text: `#N/A`, `#REF!`, `#NAME?` … are what Excel, WPS and
//! LibreOffice show for a formula that failed, and a CSV saved from the workbook keeps them as
//! text. Such a cell names nothing and places nowhere; it is no value of any column.

use super::text::nfkc;

/// The values spreadsheets show for a formula that failed, in lower case.
pub const SPREADSHEET_ERRORS: &[&str] = &[
    "#n/a",
    "#n/a!",
    "#ref!",
    "#value!",
    "#div/0!",
    "#name?",
    "#null!",
    "#num!",
    "#spill!",
    "#calc!",
    "#field!",
    "#blocked!",
    "#unknown!",
];

/// Whether `cell` (trimmed; any case, full-width forms as typed on a Chinese keyboard) is a
/// spreadsheet error value (`#N/A`, `＃REF!`).
pub fn is_spreadsheet_error(cell: &str) -> bool {
    let t = cell.trim();
    // The longest is `#blocked!`; a longer cell is text (and NFKC is not paid for it).
    if !(t.starts_with('#') || t.starts_with('＃')) || t.len() > 30 {
        return false;
    }
    SPREADSHEET_ERRORS.contains(&nfkc(t).trim().to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_error_values_are_known_in_any_case_and_width() {
        for e in [
            "#N/A",
            "#n/a",
            " #REF! ",
            "#NAME?",
            "#VALUE!",
            "#DIV/0!",
            "＃Ｎ/Ａ",
            "#SPILL!",
        ] {
            assert!(is_spreadsheet_error(e), "{e}");
        }
        for name in ["", "#", "张三", "#1号仓库", "N/A", "#N/A张三", "REF!"] {
            assert!(!is_spreadsheet_error(name), "{name}");
        }
    }
}
