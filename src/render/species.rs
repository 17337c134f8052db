//! The species table and the product vocabulary in words: tables for people in English or
//! Chinese, CSV in the columns of `data/species.csv` and `data/products.csv` (so that the output
//! can be edited and given back), JSON as the rows are.

use std::io::{self, Write};

use super::{Cell, Col, Sheet};
use crate::ingest::SpeciesInfo;
use crate::ingest::species::Products;
use crate::render::Style;
use crate::render::lang::Lang;

/// A taxonomic rank in the language (`genus`, `属`); a rank the table does not know as written.
pub fn rank(name: &str, lang: Lang) -> &str {
    const ZH: &[(&str, &str)] = &[
        ("species", "种"),
        ("genus", "属"),
        ("family", "科"),
        ("order", "目"),
    ];
    match lang {
        Lang::Zh => ZH.iter().find(|(k, _)| *k == name).map_or(name, |(_, v)| v),
        Lang::En => name,
    }
}

/// Where a row of the species table comes from, in the language: `built-in`, or the file.
fn origin(origin: &str, lang: Lang) -> &str {
    match origin {
        "built-in" => lang.pick("built-in", "内置"),
        file => file,
    }
}

/// The rows of the species table as a sheet: with `full`, every column of `data/species.csv`
/// (for CSV); else the columns a table shows, with where each row comes from. Titles in `lang`.
pub fn species_sheet(rows: &[&SpeciesInfo], full: bool, lang: Lang) -> Sheet {
    let mut cols = vec![
        Col::new("name_zh", "species"),
        Col::new("scientific_name", "scientific name"),
        Col::new("cites_appendix", "CITES"),
        Col::new("china_protection", "China"),
        Col::new("taxon_group", "group"),
        Col::new("rank", "rank"),
        Col::new("parent", lang.pick("parent", "上级分类")),
        Col::new("aliases_zh", "aliases"),
    ];
    if full {
        cols.extend([
            Col::new("product_names", lang.pick("product names", "产品名")),
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
            Cell::opt_text(r.taxon_group.as_deref().map(|g| match full {
                true => g,
                false => crate::render::lang::taxon_group(g, lang),
            })),
            Cell::opt_text(r.rank.as_deref().map(|r| rank(r, lang))),
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
            row.push(Cell::text(origin(&r.origin, lang)));
        }
        s.push(row);
    }
    s
}

/// Writes the rows of the species table as a table for people: their number, then the rows.
///
/// # Errors
/// The writer fails.
pub fn write_species(rows: &[&SpeciesInfo], w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    match lang {
        Lang::En => writeln!(w, "{} species", rows.len())?,
        Lang::Zh => writeln!(w, "{} 个物种", rows.len())?,
    }
    species_sheet(rows, false, lang).write_table(w, &Style::in_kg(lang))
}

/// The product vocabulary as a sheet in the columns of `data/products.csv`; titles and yes/no in
/// `lang` (CSV takes English).
pub fn products_sheet(p: &Products, lang: Lang) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("product", "product"),
        Col::new("synonyms", lang.pick("synonyms", "同义词")),
        Col::new("whole", lang.pick("whole animal", "整只")),
        Col::new("prefix", lang.pick("may lead a name", "可在名称前")),
        Col::new("english_name", "English name"),
        Col::new("note", "note"),
    ]);
    let yes = |b: bool| {
        Cell::text(if b {
            lang.pick("yes", "是")
        } else {
            lang.pick("no", "否")
        })
    };
    for x in p.all() {
        s.push(vec![
            Cell::text(&x.name),
            Cell::text(x.synonyms.get(1..).unwrap_or_default().join(";")),
            yes(x.whole),
            yes(x.prefix),
            Cell::opt_text(x.english_name.clone()),
            Cell::opt_text(x.note.clone()),
        ]);
    }
    s
}

/// Writes the product vocabulary as a table for people: its number, then the products (in
/// Chinese without the English notes of `data/products.csv`).
///
/// # Errors
/// The writer fails.
pub fn write_products(p: &Products, w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    match lang {
        Lang::En => writeln!(w, "{} products", p.all().len())?,
        Lang::Zh => writeln!(w, "{} 种产品", p.all().len())?,
    }
    let mut s = products_sheet(p, lang);
    if lang == Lang::Zh
        && let Some(i) = s.columns.iter().position(|c| c.key == "note")
    {
        s.columns.remove(i);
        s.rows.iter_mut().for_each(|r| {
            r.remove(i);
        });
    }
    s.write_table(w, &Style::in_kg(lang))
}
