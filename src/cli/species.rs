//! `wildchain species`: the species table (built-in, plus `--species-table`), or the rows of some
//! names.

use anyhow::Result;

use super::{GlobalArgs, emit, ingest_options, no_dot};
use crate::case::species::lookup;
use crate::render::species::{products_sheet, species_sheet, write_products, write_species};
use crate::render::{Style, lang::Lang};

/// Options of `species`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show only the rows of these names (any name, alias, scientific or English name, with or
    /// without a product word: 穿山甲鳞片 shows 穿山甲属).
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// List the product vocabulary (鳞片, 掌, 冻体 … and their synonyms) instead.
    #[arg(long)]
    pub products: bool,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "species")?;
    let opts = ingest_options(g)?;
    let table = &opts.species;
    if args.products {
        let p = table.products();
        return emit(g, |w| {
            style.print(
                w,
                || p.all(),
                || products_sheet(p, Lang::En),
                |w| write_products(p, w, style.lang),
            )
        });
    }
    let rows = lookup(table, &args.names)?;
    emit(g, |w| {
        style.print(
            w,
            || &rows,
            || species_sheet(&rows, true, Lang::En),
            |w| write_species(&rows, w, style.lang),
        )
    })
}
