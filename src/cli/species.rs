//! `wildchain species`: the species table (built-in, plus `--species-table`), or the rows of some
//! names.

use anyhow::Result;

use super::{GlobalArgs, emit, ingest_options, no_dot};
use crate::case::species::lookup;
use crate::render::species::{products_sheet, species_sheet, write_products, write_species};
use crate::render::{Format, csv::write_csv, json::write_json, lang::Lang};

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

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "species")?;
    let opts = ingest_options(g)?;
    let lang = crate::render::lang::current();
    let table = &opts.species;
    if args.products {
        let p = table.products();
        return emit(g, |w| match g.format {
            Format::Json => write_json(&p.all(), w),
            Format::Csv => write_csv(&products_sheet(p, Lang::En), w),
            _ => write_products(p, w, lang),
        });
    }
    let rows = lookup(table, &args.names)?;
    emit(g, |w| match g.format {
        Format::Json => write_json(&rows, w),
        Format::Csv => write_csv(&species_sheet(&rows, true, Lang::En), w),
        _ => write_species(&rows, w, lang),
    })
}
