//! The dated keys of the mass balance: the records of parties that both buy and sell, once per
//! side they are on, packed with their (pair, side, date) key and radix-sorted.

use crate::case::sort::{bits_for, radix_sort_packed};
use crate::case::{Acc, Case};

/// Adds the record (rows) or link (links files) of a packed item to `acc`.
#[inline]
pub(super) fn add_item(acc: &mut Acc, case: &Case, payload: u32) {
    let r = &case.data.records;
    let t = &case.data.tables;
    if r.links.is_some() {
        acc.add(r, t, payload as usize);
    } else {
        // Rows carry their quantity code instead of their index: nothing to look up per row.
        let q = &t.quantities[payload as usize];
        acc.transactions += 1;
        if let Some(mg) = q.mg {
            acc.mg += mg;
            acc.known += 1;
        }
        if let Some(c) = q.count {
            acc.count += c;
            acc.counted += 1;
            acc.both += u64::from(q.mg.is_some());
        }
    }
}

/// The records of parties that both buy and sell, once per side they are on, as packed
/// `(pair · 2 + side, date code) << payload bits | payload`, sorted by key; the payload is the
/// record's quantity code (rows) or its index (links). Returns them and the payload bits (64 for
/// 128-bit values).
///
/// # Complexity
/// O(R) to pack, then a radix sort over the key bits.
pub(super) fn dated_keys(
    case: &Case,
    pair_of: &[[u32; 2]],
    pairs: usize,
    sells: &[bool],
    buys: &[bool],
    narrow_bits: u32,
) -> (Packed, u32) {
    let data = &case.data;
    let r = &data.records;
    let flow_of = case.aggregated().flow_of();
    let dealer = |p: u32| sells[p as usize] && buys[p as usize];
    let bd = bits_for(data.tables.dates.len());
    let key_bits = bits_for(pairs * 2) + bd;
    let links = r.links.is_some();
    let pb = if links {
        bits_for(r.len())
    } else {
        bits_for(data.tables.quantities.len())
    };
    let mut items: Vec<u64> = Vec::with_capacity(r.len());
    for (i, &f) in flow_of.iter().enumerate() {
        let payload = if links {
            i as u64
        } else {
            u64::from(r.quantity[i])
        };
        let date = u64::from(r.date[i]);
        let pair = &pair_of[f as usize];
        if dealer(r.seller[i]) {
            items.push(((((u64::from(pair[0]) * 2) << bd) | date) << pb) | payload);
        }
        if dealer(r.buyer[i]) {
            items.push(((((u64::from(pair[1]) * 2 + 1) << bd) | date) << pb) | payload);
        }
    }
    if key_bits + pb <= narrow_bits {
        radix_sort_packed(&mut items, pb, key_bits);
        (Packed::Narrow(items), pb)
    } else {
        // Too many pairs, dates and payloads for 64 bits: 128-bit values, compared.
        drop(items);
        let mut wide: Vec<u128> = Vec::new();
        for (i, &f) in flow_of.iter().enumerate() {
            let payload = if links {
                i as u128
            } else {
                u128::from(r.quantity[i])
            };
            let date = u128::from(r.date[i]);
            let pair = &pair_of[f as usize];
            for (side, party) in [(0usize, r.seller[i]), (1, r.buyer[i])] {
                if dealer(party) {
                    let key = ((u128::from(pair[side]) * 2 + side as u128) << bd) | date;
                    wide.push((key << 64) | payload);
                }
            }
        }
        wide.sort_unstable();
        (Packed::Wide(wide), 64)
    }
}

/// Packed `key << payload bits | payload` values, in 64 bits when they fit.
pub(super) enum Packed {
    Narrow(Vec<u64>),
    Wide(Vec<u128>),
}

impl Packed {
    pub(super) fn len(&self) -> usize {
        match self {
            Packed::Narrow(v) => v.len(),
            Packed::Wide(v) => v.len(),
        }
    }

    #[inline]
    pub(super) fn get(&self, i: usize) -> u128 {
        match self {
            Packed::Narrow(v) => u128::from(v[i]),
            Packed::Wide(v) => v[i],
        }
    }
}
