//! Converting purchases of one product into another with a stated factor (`--conversions`): the
//! pairs of a party whose purchases all convert into a pair's product, and that pair's verdict.

use super::labels::Kinds;
use super::{BalanceRow, Converted, Dated, Note, Pair, judge};
use crate::case::Tally;
use crate::ingest::species::Conversion;

/// The pairs whose purchases all convert into pair `k`'s product with a stated factor, when every
/// other label related to `k` is one: of `k`'s taxon, bought by weight only (every weight known),
/// never sold as such.
pub(super) fn conversion_sources<'a>(
    own: &[Pair],
    sides: &[[Tally; 2]],
    k: usize,
    others: &[usize],
    kinds: &Kinds<'a>,
) -> Option<Vec<(usize, &'a Conversion)>> {
    if others.is_empty() {
        return None;
    }
    others
        .iter()
        .map(|&o| {
            let [sold, bought] = &sides[o];
            let by_weight = sold.transactions == 0
                && bought.transactions > 0
                && bought.unknown_weight == 0
                && bought.counted == 0;
            by_weight
                .then(|| kinds.conversion(own[o].species, own[k].species))
                .flatten()
                .map(|c| (o, c))
        })
        .collect()
}

/// The verdict on pair `k` with the purchases of `sources` converted into its product and added
/// to its own purchases; the row shows its own purchases and each conversion.
#[allow(clippy::too_many_arguments)]
pub(super) fn converted_row(
    own: &[Pair],
    sides: &[[Tally; 2]],
    k: usize,
    sources: &[(usize, &Conversion)],
    dated: [&[Dated]; 2],
    earliest: &[Option<i64>],
    end_buyer: bool,
    tolerance: f64,
) -> BalanceRow {
    let [sold, own_bought] = &sides[k];
    let mut bought = *own_bought;
    let converted: Vec<Converted> = sources
        .iter()
        .map(|&(o, c)| {
            // Bought by weight only (see `conversion_sources`): every row of it weighed.
            let from = &sides[o][1];
            let from_mg = from.weight_mg.unwrap_or(0);
            let mg = (from_mg as f64 * c.factor).round() as i64;
            bought.merge(&Tally {
                weight_mg: Some(mg),
                transactions: from.transactions,
                ..Tally::default()
            });
            Converted {
                from: own[o].species,
                from_mg,
                factor: c.factor,
                source: c.source.clone(),
                mg,
            }
        })
        .collect();
    let first_source = sources.iter().filter_map(|&(o, _)| earliest[o]).min();
    let mut row = judge(
        [sold, &bought],
        dated,
        (0, true, first_source),
        end_buyer,
        tolerance,
    );
    row.bought_mg = if own_bought.transactions == 0 {
        Some(0)
    } else {
        own_bought.weight_mg
    };
    if row.note == Note::None {
        row.note = Note::Converted;
    }
    row.converted = converted;
    row
}
