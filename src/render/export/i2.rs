//! The CSV that i2 Analyst's Notebook's import wizard maps in one pass with an
//! entity–link–entity design: one row per (seller, buyer, species) link, the seller as entity 1,
//! the buyer as entity 2, the link labelled with its species and weight, dated from its first to
//! its last day, with a strength i2 knows (`Confirmed`, `Tentative`, `Unconfirmed`). The import
//! specification, step by step, is in `docs/export.md`.
//!
//! Every text cell goes through [`formula_safe`]: a party named `=cmd|…` must not become a formula
//! when the file is opened in a spreadsheet on its way to i2.

use std::io::{self, Write};

use super::{LinkRef, Network, iso_day, link_label};
use crate::ingest::date::span_label;
use crate::ingest::provenance::Confidence;
use crate::render::csv::formula_safe;

/// The header of the i2 CSV.
pub const I2_COLUMNS: [&str; 16] = [
    "entity1",
    "entity1_role",
    "entity2",
    "entity2_role",
    "link_label",
    "species",
    "weight_kg",
    "first_date",
    "last_date",
    "dates",
    "transactions",
    "unknown_weight",
    "count",
    "strength",
    "confidence",
    "sources",
];

/// The columns after [`I2_COLUMNS`] when places are given: the seller's and the buyer's place
/// (empty when unknown), so that the import wizard can map them onto the entities.
pub const I2_PLACE_COLUMNS: [&str; 2] = ["entity1_place", "entity2_place"];

/// The columns after those when the parties file has notes: the notes on the seller and on the
/// buyer; then, per further column of the parties file, `entity1_<header>` and
/// `entity2_<header>`.
pub const I2_NOTES_COLUMNS: [&str; 2] = ["entity1_notes", "entity2_notes"];

/// i2's strength of a link from the confidence of its rows: `confirmed` is `Confirmed`,
/// `probable` `Tentative`, `unconfirmed` `Unconfirmed`; a link whose rows state no confidence is
/// also `Unconfirmed` (nothing confirms it), and its `confidence` cell stays empty to say so.
pub fn strength(c: Option<Confidence>) -> &'static str {
    match c {
        Some(Confidence::Confirmed) => "Confirmed",
        Some(Confidence::Probable) => "Tentative",
        Some(Confidence::Unconfirmed) | None => "Unconfirmed",
    }
}

fn row(net: &Network, l: &LinkRef) -> [String; 16] {
    let g = net.graph;
    let t = &l.flow.tally;
    let text = |s: &str| formula_safe(s).into_owned();
    let opt = |x: Option<String>| x.unwrap_or_default();
    let days = net.link_days(l);
    [
        text(g.name(l.seller)),
        text(net.lang.word(net.profile(l.seller).role.name())),
        text(g.name(l.buyer)),
        text(net.lang.word(net.profile(l.buyer).role.name())),
        text(&link_label(net, l)),
        text(g.species_name(l.flow.species)),
        opt(t.weight_kg().map(|kg| kg.to_string())),
        opt(days.map(|(a, _)| iso_day(a))),
        opt(days.map(|(_, b)| iso_day(b))),
        opt(t
            .first_date
            .zip(t.last_date)
            .map(|(a, b)| text(&span_label(a, b)))),
        t.transactions.to_string(),
        t.unknown_weight.to_string(),
        opt(t.count.map(|c| c.to_string())),
        text(strength(t.confidence())),
        text(t.confidence().map_or("", |c| net.lang.word(c.name()))),
        text(&g.flows.sources_of(l.flow).join("; ")),
    ]
}

/// Writes the network as the i2 CSV: a UTF-8 byte order mark, a header, then one row per link.
///
/// The mark is what Windows programs (Analyst's Notebook's import wizard, Excel) go by to read a
/// CSV as UTF-8 rather than in the local code page, which would garble every Chinese name.
///
/// # Errors
/// The writer fails.
pub fn write_i2(net: &Network, w: &mut dyn Write) -> io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut out = csv::Writer::from_writer(w);
    let places = net.has_places();
    let notes = net.has_notes();
    let extra = net.extra_columns();
    let mut header: Vec<String> = I2_COLUMNS.iter().map(|c| c.to_string()).collect();
    if places {
        header.extend(I2_PLACE_COLUMNS.map(str::to_string));
    }
    if notes {
        header.extend(I2_NOTES_COLUMNS.map(str::to_string));
    }
    for c in &extra {
        for e in ["entity1", "entity2"] {
            header.push(formula_safe(&format!("{e}_{c}")).into_owned());
        }
    }
    out.write_record(&header)
        .map_err(crate::render::csv::io_error)?;
    for l in net.links() {
        let r = row(net, &l);
        if !places && !notes && extra.is_empty() {
            out.write_record(&r).map_err(crate::render::csv::io_error)?;
            continue;
        }
        let mut r = r.to_vec();
        let ends = [l.seller, l.buyer];
        if places {
            for n in ends {
                r.push(formula_safe(net.place(n).unwrap_or("")).into_owned());
            }
        }
        if notes {
            for n in ends {
                r.push(formula_safe(net.notes(n).unwrap_or("")).into_owned());
            }
        }
        for k in 0..extra.len() {
            for n in ends {
                r.push(formula_safe(net.extra_value(n, k).unwrap_or("")).into_owned());
            }
        }
        out.write_record(&r).map_err(crate::render::csv::io_error)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::strength;
    use crate::ingest::provenance::Confidence::*;

    #[test]
    fn strengths_are_those_of_i2s_palette_and_nothing_stated_confirms_nothing() {
        assert_eq!(strength(Some(Confirmed)), "Confirmed");
        assert_eq!(strength(Some(Probable)), "Tentative");
        assert_eq!(strength(Some(Unconfirmed)), "Unconfirmed");
        assert_eq!(strength(None), "Unconfirmed");
    }
}
