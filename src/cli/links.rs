//! `wildchain links`: the rows aggregated to (seller, buyer, species) links, in the format that
//! `--links` reads back. The same table can be made by any engine that can group by; see the README.

use anyhow::Result;

use super::{GlobalArgs, emit, load};
use crate::render::Style;
use crate::render::links::write_links;

/// Options of `links`. The output is always CSV.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    let case = load(g, style)?;
    emit(g, |w| write_links(case.flows(), w, style))
}
