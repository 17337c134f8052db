//! Converting purchases of one product into another with a stated factor (`--conversions`): the
//! pairs of a party whose purchases all convert into a pair's product, and that pair's verdict.

use super::labels::Kinds;
use super::{BalanceRow, Converted, Dated, Note, Pair, judge};
use crate::ingest::species::Conversion;

/// The pairs whose purchases all convert into pair `k`'s product with a stated factor, when every
/// other label related to `k` is one: of `k`'s taxon, bought by weight only (every weight known),
/// never sold as such.
pub(super) fn conversion_sources<'a>(
    own: &[Pair],
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
            let [sold, bought] = &own[o].sides;
            let by_weight = sold.transactions == 0
                && bought.transactions > 0
                && bought.known == bought.transactions
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
pub(super) fn converted_row(
    own: &[Pair],
    k: usize,
    sources: &[(usize, &Conversion)],
    dated: [&[Dated]; 2],
    earliest: &[Option<i64>],
    end_buyer: bool,
    tolerance: f64,
) -> BalanceRow {
    let pair = &own[k];
    let mut bought = pair.sides[1];
    let converted: Vec<Converted> = sources
        .iter()
        .map(|&(o, c)| {
            let from = &own[o].sides[1];
            let mg = (from.mg as f64 * c.factor).round() as i64;
            bought.transactions += from.transactions;
            bought.known += from.known;
            bought.mg += mg;
            Converted {
                from: own[o].species,
                from_mg: from.mg,
                factor: c.factor,
                source: c.source.clone(),
                mg,
            }
        })
        .collect();
    let first_source = sources.iter().filter_map(|&(o, _)| earliest[o]).min();
    let mut row = judge(
        [&pair.sides[0].tally(), &bought.tally()],
        dated,
        (0, true, first_source),
        end_buyer,
        tolerance,
    );
    let own_bought = pair.sides[1];
    row.bought_mg = if own_bought.transactions == 0 {
        Some(0)
    } else {
        own_bought.tally().weight_mg
    };
    if row.note == Note::None {
        row.note = Note::Converted;
    }
    row.converted = converted;
    row
}
