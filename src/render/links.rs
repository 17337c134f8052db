//! The flows of a case as the links CSV (`wildchain links`), the format `--links` reads back:
//! one row per (seller, buyer, species), names from the flows' tables, weights in kg.

use std::io::{self, Write};

use crate::case::Flows;
use crate::ingest::date::DateKey;
use crate::ingest::links::COLUMNS;
use crate::render::Style;

/// The columns every links file has (those before the trailing count-and-weight and money ones).
const BASIC: usize = 14;

/// Writes the flows as the links CSV, with its header; names guarded against formulas unless
/// `style` says `--raw-csv`.
///
/// # Errors
/// The writer fails.
pub fn write_links(flows: &Flows, w: &mut dyn Write, style: &Style) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    // The trailing columns (a count beside a weight, money) only when some link has them, so
    // that links files of other cases keep their shape; `--links` reads them as optional.
    let extra = flows
        .flows
        .iter()
        .any(|f| f.tally.weighed_and_counted > 0 || f.tally.paid.rows > 0);
    let width = if extra { COLUMNS.len() } else { BASIC };
    out.write_record(&COLUMNS[..width])
        .map_err(crate::render::csv::io_error)?;
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    let sources = |s: &[String]| -> io::Result<String> {
        Ok(if s.is_empty() {
            String::new()
        } else {
            serde_json::to_string(s)?
        })
    };
    let date = |d: Option<DateKey>| d.map_or(String::new(), |d| d.to_string());
    let yuan = |fen: i64| {
        if fen == 0 {
            String::new()
        } else {
            super::value::fen_text(i128::from(fen))
        }
    };
    for f in &flows.flows {
        let t = &f.tally;
        let names = [
            style.csv_text(&flows.parties[f.seller as usize]),
            style.csv_text(&flows.parties[f.buyer as usize]),
            style.csv_text(&flows.species[f.species as usize]),
        ];
        let row = [
            names[0].as_ref(),
            names[1].as_ref(),
            names[2].as_ref(),
            &opt(t.weight_kg()),
            &t.transactions.to_string(),
            &t.unknown_weight.to_string(),
            &opt(t.animals()),
            &t.counted.to_string(),
            &date(t.first_date),
            &date(t.last_date),
            &t.approx_rows.to_string(),
            t.best_confidence.map_or("", |c| c.name()),
            &t.confidence_rows.to_string(),
            &sources(flows.sources_of(f))?,
            &t.weighed_and_counted.to_string(),
            &super::totals::paid_fen(&t.paid)
                .map_or(String::new(), |f| super::value::fen_text(i128::from(f))),
            &t.paid.rows.to_string(),
            &yuan(t.paid.weighed_fen),
            &opt((t.paid.weighed_mg != 0).then(|| crate::units::mg_to_kg(t.paid.weighed_mg))),
            &yuan(t.paid.counted_fen),
            &opt((t.paid.counted != 0).then_some(t.paid.counted as f64)),
        ];
        out.write_record(&row[..width])
            .map_err(crate::render::csv::io_error)?;
    }
    out.flush()
}
