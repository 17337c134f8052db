//! `wildchain links`: the rows aggregated to (seller, buyer, species) links, in the format that
//! `--links` reads back. The same table can be made by any engine that can group by; see the README.

use anyhow::Result;

use super::{GlobalArgs, emit, load};
use crate::ingest::links::COLUMNS;

/// Options of `links`. The output is always CSV.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, g: &GlobalArgs) -> Result<()> {
    let case = load(g)?;
    let flows = case.flows();
    emit(g, |w| {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(COLUMNS)?;
        let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
        let sources = |s: &[String]| -> Result<String> {
            Ok(if s.is_empty() {
                String::new()
            } else {
                serde_json::to_string(s)?
            })
        };
        let date =
            |d: Option<crate::ingest::date::DateKey>| d.map_or(String::new(), |d| d.to_string());
        for f in &flows.flows {
            let t = &f.tally;
            out.write_record([
                flows.parties[f.seller as usize].as_str(),
                flows.parties[f.buyer as usize].as_str(),
                &flows.species[f.species as usize],
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
            ])?;
        }
        out.flush()?;
        Ok(())
    })
}
