//! Where each link comes from: the file and row of every transaction of a (seller, buyer,
//! species) link and the `source` text its rows give (the record, statement or seizure report they
//! come from), so that each figure of the report can be checked against the case file.

use std::collections::BTreeSet;

use crate::case::Case;
use crate::render::lang::Lang;
use crate::render::{Cell, Col, Sheet};

/// Rows named per link at most; the count says how many there are.
const ROWS_NAMED: usize = 20;

/// One row per (seller, buyer, species) link, in name order: its transactions, their rows (`…` in
/// `lang` when there are more) and the distinct `source` texts of its rows.
///
/// # Complexity
/// O(R log R) for R records, on ids (party and species ids are in name order, so id order is
/// name order): a sort of the records by link, then one pass over it. Keyed by names in a
/// `BTreeMap`, this took 3 s of a 1 M-row report.
pub fn sheet(case: &Case, lang: Lang) -> Sheet {
    let d = &case.data;
    let r = &d.records;
    let mut order: Vec<(u32, u32, u32, u32)> = (0..r.len())
        .map(|i| (r.seller[i], r.buyer[i], r.species[i], i as u32))
        .collect();
    order.sort_unstable();
    /// Seller, buyer, species, transactions, the rows named, the source codes.
    type Link<'a> = (
        &'a str,
        &'a str,
        &'a str,
        u64,
        Vec<(u32, u64)>,
        BTreeSet<u32>,
    );
    let mut links: Vec<Link> = Vec::new();
    for link in order.chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
        let (seller, buyer, species, _) = link[0];
        // The first rows of the link in record order, as the case file has them.
        let rows: Vec<(u32, u64)> = link
            .iter()
            .take(ROWS_NAMED)
            .map(|&(.., i)| r.at(i as usize))
            .collect();
        let mut sources = BTreeSet::new();
        for &(.., i) in link {
            if let Some(&code) = r.source.get(i as usize)
                && code != 0
            {
                sources.insert(code);
                if sources.len() >= ROWS_NAMED {
                    break;
                }
            }
        }
        links.push((
            d.parties[seller as usize].as_str(),
            d.parties[buyer as usize].as_str(),
            d.species[species as usize].as_str(),
            link.len() as u64,
            rows,
            sources,
        ));
    }
    let mut s = Sheet::new(&[
        Col::new("seller", "seller"),
        Col::new("buyer", "buyer"),
        Col::new("species", "species"),
        Col::new("transactions", "transactions"),
        Col::new("rows", "file and row"),
        Col::new("source", "source"),
    ]);
    for (seller, buyer, species, n, mut rows, codes) in links {
        let mut texts: Vec<&str> = codes
            .iter()
            .filter_map(|&c| d.tables.sources.get(c as usize))
            .flatten()
            .map(String::as_str)
            .collect();
        texts.sort_unstable();
        texts.dedup();
        rows.sort_unstable();
        let mut named: Vec<String> = rows
            .iter()
            .map(|&row| {
                // The row's note (备注), when it has one, beside where it is.
                let at = crate::render::lang::locate(case, row, lang);
                match case.data.note_at(row) {
                    // Whole: the report is a document (control characters shown escaped).
                    Some(note) => format!("{at} 「{}」", crate::ingest::text::shown(&note)),
                    None => at,
                }
            })
            .collect();
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
