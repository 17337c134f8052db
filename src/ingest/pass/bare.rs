//! Bare numbers of a weight column read as kg only because nothing gave their unit: no unit in
//! the header, no unit cell on the row, no `--default-unit`. Where people weigh in 斤, `30` read as
//! 30 kg doubles the figure, so each file that has such cells says so once ([`BareWeights`]):
//! when its weight header is Chinese (an English `weight` column of bare numbers is taken to be in
//! kg), or when other cells of the column give a unit (a bare `30` among `50斤` is ambiguous).
//! Rows refused (a total line, a row without seller or buyer) are no transactions: their cells
//! are not read as kg, and are not counted.

use super::read::{Cells, UNIT, WEIGHT};
use crate::ingest::cell::weight::{Bare, Quantity, parse_weight};
use crate::ingest::open::header::Field;
use crate::ingest::{BareWeights, Reject, SourceInfo};
use crate::units::Unit;

/// Rows named per file at most.
pub const ROWS_NAMED: usize = 5;

/// What a distinct weight cell is, for this purpose.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    Unseen,
    /// A number with no unit (`30`, `约30`).
    Bare,
    /// A figure with its unit (`50斤`, `3条`).
    WithUnit,
    /// Empty, or not read.
    Other,
}

/// The bare numbers of each source whose weight column takes kg by default, with the first rows
/// that have one and whether other cells of the column give a unit; the rows of `refused`
/// (sorted by source and row, as rows are numbered for people) left out.
///
/// # Complexity
/// One pass over the rows of those sources and over `refused`; one parse per distinct weight
/// cell met.
pub(super) fn bare_weights(
    cells: &Cells,
    trimmed: &[Vec<&str>],
    sources: &[SourceInfo],
    refused: &[Reject],
) -> Vec<BareWeights> {
    let kg = Bare::Unit(Unit::Mass {
        kg: 1.0,
        name: "kg",
    });
    let mut seen = vec![Cell::Unseen; trimmed[WEIGHT].len()];
    let mut out = Vec::new();
    let mut start = 0usize;
    for (k, part) in cells.parts.iter().enumerate() {
        let first = start;
        start += part.rows;
        if !part.bare_by_default {
            continue;
        }
        let (mut count, mut rows, mut mixed) = (0u64, Vec::new(), false);
        // The rows of this source refused, in order: rows come in order too, so one cursor
        // walks them.
        let mut next = refused.partition_point(|r| r.source < k);
        for i in first..first + part.rows {
            if !trimmed[UNIT][cells.code(UNIT, i) as usize].is_empty() {
                continue;
            }
            let w = cells.code(WEIGHT, i) as usize;
            if seen[w] == Cell::Unseen {
                seen[w] = match parse_weight(trimmed[WEIGHT][w], "", kg) {
                    Ok(r) if r.bare => Cell::Bare,
                    Ok(r) if r.quantity != Quantity::Unknown => Cell::WithUnit,
                    _ => Cell::Other,
                };
            }
            if !matches!(seen[w], Cell::Bare | Cell::WithUnit) {
                continue;
            }
            let row = part.numbers.row((i - first) as u64);
            while refused
                .get(next)
                .is_some_and(|r| r.source == k && r.row < row)
            {
                next += 1;
            }
            if refused
                .get(next)
                .is_some_and(|r| r.source == k && r.row == row)
            {
                continue;
            }
            if seen[w] == Cell::WithUnit {
                mixed = true;
                continue;
            }
            count += 1;
            if rows.len() < ROWS_NAMED {
                rows.push(row);
            }
        }
        let column = (sources[k].format.columns.iter())
            .find(|c| c.field == Field::Weight)
            .map_or_else(|| "weight".to_string(), |c| c.header.clone());
        // Where the header is Chinese (重量, 数量 …) people weigh in 斤; an English `weight`
        // column of bare numbers is taken to be in kg unless other cells say otherwise.
        let chinese = column
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if count > 0 && (chinese || mixed) {
            out.push(BareWeights {
                source: k,
                column,
                cells: count,
                rows,
                mixed,
            });
        }
    }
    out
}
