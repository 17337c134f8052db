//! `wildchain links`: the rows aggregated to (seller, buyer, species) links, in the format that
//! `--links` reads back. The same table can be made by any engine that can group by; see the README.

use anyhow::Result;

use super::{Case, GlobalArgs, emit};
use crate::ingest::links::COLUMNS;

/// Options of `links`. The output is always CSV.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, g: &GlobalArgs) -> Result<()> {
    let case = Case::load(g)?;
    let flows = case.flows()?;
    emit(g, |w| {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(COLUMNS)?;
        let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
        let date =
            |d: Option<crate::ingest::date::DateKey>| d.map_or(String::new(), |d| d.to_string());
        for f in &flows.flows {
            let t = &f.tally;
            out.write_record([
                flows.parties[f.seller as usize].as_str(),
                flows.parties[f.buyer as usize].as_str(),
                &flows.species[f.species as usize],
                &opt(t.weight_kg),
                &t.transactions.to_string(),
                &t.unknown_weight.to_string(),
                &opt(t.count),
                &t.counted.to_string(),
                &date(t.first_date),
                &date(t.last_date),
            ])?;
        }
        out.flush()?;
        Ok(())
    })
}
