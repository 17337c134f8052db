//! `wildchain species`: the species table (built-in, plus `--species-table`), or the rows of some
//! names.

use anyhow::{Result, bail};

use super::{GlobalArgs, emit, ingest_options, no_dot};
use crate::ingest::SpeciesInfo;
use crate::ingest::species::{Products, ambiguity};
use crate::render::{Cell, Col, Format, Sheet, Style, csv::write_csv, json::write_json};

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
        return products(table.products(), g, style);
    }
    let rows: Vec<&SpeciesInfo> = if args.names.is_empty() {
        table.rows().iter().collect()
    } else {
        let mut rows = Vec::new();
        let mut missing = Vec::new();
        for n in &args.names {
            match table.resolve(n).and_then(|l| l.taxon).map(|t| table.row(t)) {
                Some(r) if !rows.contains(&r) => rows.push(r),
                Some(_) => {}
                None => missing.push(n.as_str()),
            }
        }
        if !missing.is_empty() {
            let names: Vec<&str> = table.chinese_names().collect();
            let hint: Vec<String> = missing
                .iter()
                .map(|m| {
                    if let Some(meaning) = ambiguity(m) {
                        return format!("'{m}' (ambiguous on purpose: {meaning})");
                    }
                    let c = crate::ingest::text::closest(m, names.iter().copied(), 3);
                    if c.is_empty() {
                        format!("'{m}'")
                    } else {
                        format!("'{m}' (closest: {})", c.join(", "))
                    }
                })
                .collect();
            bail!("not in the species table: {}", hint.join(", "));
        }
        rows
    };
    emit(g, |w| match style.format {
        Format::Json => write_json(&rows, w),
        // The same columns as data/species.csv, so that the output can be edited and given back
        // with --species-table.
        Format::Csv => write_csv(&sheet(&rows, true), w, style),
        _ => {
            writeln!(w, "{} species", rows.len())?;
            sheet(&rows, false).write_table(w, style)
        }
    })
}

fn sheet(rows: &[&SpeciesInfo], full: bool) -> Sheet {
    let mut cols = vec![
        Col::new("name_zh", "species"),
        Col::new("scientific_name", "scientific name"),
        Col::new("cites_appendix", "CITES"),
        Col::new("china_protection", "China"),
        Col::new("taxon_group", "group"),
        Col::new("rank", "rank"),
        Col::new("parent", "parent"),
        Col::new("aliases_zh", "aliases"),
    ];
    if full {
        cols.extend([
            Col::new("product_names", "product names"),
            Col::new("english_name", "English name"),
            Col::new("source", "source"),
            Col::new("verified", "verified"),
        ]);
    } else {
        cols.push(Col::new("origin", "from"));
    }
    let mut s = Sheet::new(&cols);
    for r in rows {
        let mut row = vec![
            Cell::text(&r.name_zh),
            Cell::opt_text(r.scientific_name.clone()),
            Cell::opt_text(r.cites_appendix.clone()),
            Cell::opt_text(r.china_protection.clone()),
            Cell::opt_text(r.taxon_group.clone()),
            Cell::opt_text(r.rank.clone()),
            Cell::opt_text(r.parent.clone()),
            Cell::text(r.aliases.join(";")),
        ];
        if full {
            row.extend([
                Cell::text(r.product_names.join(";")),
                Cell::opt_text(r.english_name.clone()),
                Cell::opt_text(r.source.clone()),
                Cell::opt_text(r.verified.clone()),
            ]);
        } else {
            row.push(Cell::text(&r.origin));
        }
        s.push(row);
    }
    s
}

/// The product vocabulary: as JSON, as CSV in the columns of `data/products.csv`, or as a table.
fn products(p: &Products, g: &GlobalArgs, style: &Style) -> Result<()> {
    let mut s = Sheet::new(&[
        Col::new("product", "product"),
        Col::new("synonyms", "synonyms"),
        Col::new("whole", "whole animal"),
        Col::new("prefix", "may lead a name"),
        Col::new("english_name", "English name"),
        Col::new("note", "note"),
    ]);
    let yes = |b: bool| Cell::text(if b { "yes" } else { "no" });
    for x in p.all() {
        s.push(vec![
            Cell::text(&x.name),
            Cell::text(x.synonyms[1..].join(";")),
            yes(x.whole),
            yes(x.prefix),
            Cell::opt_text(x.english_name.clone()),
            Cell::opt_text(x.note.clone()),
        ]);
    }
    emit(g, |w| match style.format {
        Format::Json => write_json(&p.all(), w),
        Format::Csv => write_csv(&s, w, style),
        _ => {
            writeln!(w, "{} products", p.all().len())?;
            s.write_table(w, style)
        }
    })
}
