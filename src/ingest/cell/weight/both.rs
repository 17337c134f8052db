//! A count and a weight side by side in one weight cell (`30只 15斤`, `15斤(合30只)`): both kept.

use super::approx::join;
use super::{Bare, Quantity, Reading, parse_weight_cell};

/// What may stand between the count and the weight of a cell giving both: spaces, `/`, commas,
/// brackets, `合`/`共`/`计` (`15斤(合30只)`, `30只，共15斤`).
const BETWEEN: &[char] = &[
    ' ', '/', ',', '、', ';', '(', ')', '[', ']', '【', '】', '合', '共', '计', '约',
];

/// A count and a weight in one cell, either first (`30只 15斤`, `15斤(合30只)`, `30只/15斤`):
/// each part must name its unit; `None` for anything else. Cells longer than 40 characters are
/// not split (each split is a parse).
pub(super) fn both(weight: &str) -> Option<Reading> {
    if weight.chars().count() > 40 {
        return None;
    }
    for (i, c) in weight.char_indices().skip(1) {
        if !BETWEEN.contains(&c) {
            continue;
        }
        let a = weight[..i].trim_end_matches(BETWEEN);
        let b = weight[i..]
            .trim_start_matches(|c: char| BETWEEN.contains(&c) && c != '约')
            .trim_end_matches([' ', ')', ']', '】']);
        let (Ok(x), Ok(y)) = (
            parse_weight_cell(a, Bare::Refused),
            parse_weight_cell(b, Bare::Refused),
        ) else {
            continue;
        };
        let quantity = match (x.quantity, y.quantity) {
            (Quantity::Kg(kg), Quantity::Count(count))
            | (Quantity::Count(count), Quantity::Kg(kg)) => Quantity::Both { kg, count },
            _ => continue,
        };
        return Some(Reading {
            quantity,
            approx: join(x.approx, y.approx),
            state: None,
            bare: false,
        });
    }
    None
}
