//! Where each link comes from: the file and row of every transaction of a (seller, buyer,
//! species) link and the `source` text its rows give (the record, statement or seizure report they
//! come from), so that each figure of the report can be checked against the case file.

use std::collections::{BTreeMap, BTreeSet};

use crate::case::Case;
use crate::render::lang::Lang;
use crate::render::{Cell, Col, Sheet};

/// Rows named per link at most; the count says how many there are.
const ROWS_NAMED: usize = 20;

/// One row per (seller, buyer, species) link, in name order: its transactions, their rows (`…` in
/// `lang` when there are more) and the distinct `source` texts of its rows.
///
/// # Complexity
/// One pass over the records, O(R log L) for R records and L links.
pub fn sheet(case: &Case, lang: Lang) -> Sheet {
    let d = &case.data;
    let r = &d.records;
    type Rows = (u64, Vec<(u32, u64)>, BTreeSet<u32>);
    let mut by_link: BTreeMap<(&str, &str, &str), Rows> = BTreeMap::new();
    for i in 0..r.len() {
        let key = (
            d.parties[r.seller[i] as usize].as_str(),
            d.parties[r.buyer[i] as usize].as_str(),
            d.species[r.species[i] as usize].as_str(),
        );
        let (n, rows, sources) = by_link.entry(key).or_default();
        *n += 1;
        if rows.len() < ROWS_NAMED {
            rows.push(r.at(i));
        }
        if let Some(&code) = r.source.get(i)
            && code != 0
            && sources.len() < ROWS_NAMED
        {
            sources.insert(code);
        }
    }
    let mut s = Sheet::new(&[
        Col::new("seller", "seller"),
        Col::new("buyer", "buyer"),
        Col::new("species", "species"),
        Col::new("transactions", "transactions"),
        Col::new("rows", "rows"),
        Col::new("source", "source"),
    ]);
    for ((seller, buyer, species), (n, mut rows, codes)) in by_link {
        let mut texts: Vec<&str> = codes
            .iter()
            .filter_map(|&c| d.tables.sources.get(c as usize))
            .flatten()
            .map(String::as_str)
            .collect();
        texts.sort_unstable();
        texts.dedup();
        rows.sort_unstable();
        let mut named: Vec<String> = rows.iter().map(|&row| case.locate(row)).collect();
        if n as usize > named.len() {
            named.push(lang.pick("…", "……").to_string());
        }
        s.push(vec![
            Cell::text(seller),
            Cell::text(buyer),
            Cell::text(species),
            Cell::Int(n),
            Cell::text(named.join("; ")),
            Cell::text(texts.join("; ")),
        ]);
    }
    s
}
