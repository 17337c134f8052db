//! The species reference table (`data/species.csv`, embedded; `--species-table FILE` adds or
//! overrides rows): one canonical taxon per name, alias, scientific or English name, with its rank,
//! parent, CITES appendix and China protection grade where the table gives them; and how a species
//! cell is read as a *label*: (taxon, product), through the product vocabulary ([`product`]).

mod check;
pub mod column;
pub mod conversions;
pub mod product;

use std::collections::HashMap;

use serde::Serialize;

use crate::ingest::cell::text::name_form;
use crate::ingest::error::{At, Error, Place, Result};
use crate::ingest::open::small_csv;
pub use conversions::{Conversion, Conversions};
pub use product::{ProductId, Products};

/// The reference table shipped in the binary (see `data/species.csv` and its notes).
pub const EMBEDDED_SPECIES: &str = include_str!("../../../data/species.csv");

/// One row of the table. Empty cells are `None`: an empty CITES or China cell means "not listed"
/// for a verified species and "not determined" otherwise, never a guess.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeciesInfo {
    /// The Chinese name shown in every output (the canonical name).
    pub name_zh: String,
    pub aliases: Vec<String>,
    pub scientific_name: Option<String>,
    pub english_name: Option<String>,
    pub taxon_group: Option<String>,
    /// `species`, `genus`, `family`, `order` (empty for a generic label such as 野生蛇).
    pub rank: Option<String>,
    /// The Chinese name of the taxon one rank up, when the table has it (中华穿山甲 → 穿山甲属).
    pub parent: Option<String>,
    /// Names that say both this taxon and a product (`炮山甲=鳞片`), as `name=product`.
    pub product_names: Vec<String>,
    pub cites_appendix: Option<String>,
    pub china_protection: Option<String>,
    pub source: Option<String>,
    pub verified: Option<String>,
    /// Where the row comes from: `built-in` or the `--species-table` file.
    pub origin: String,
    /// The row's number in that file (1-based, the header not counted), for messages.
    #[serde(skip)]
    pub row: u64,
}

impl SpeciesInfo {
    /// A generic label (野生蛇, 龟类 …): no scientific name, but a taxon group.
    pub fn is_generic(&self) -> bool {
        self.scientific_name.is_none() && self.taxon_group.is_some()
    }
}

/// Names deliberately left out of the table because they mean different species in different
/// places (see `data/species.md`), and what they may mean.
const AMBIGUOUS: &[(&str, &str)] = &[
    ("菜花蛇", "王锦蛇 or 黑眉锦蛇, depending on the region"),
    ("鳄龟", "拟鳄龟 (Chelydra) or 真鳄龟 (Macrochelys)"),
    ("白花蛇", "尖吻蝮 (蕲蛇) or juvenile 银环蛇 (金钱白花蛇)"),
    ("香獐", "林麝, or sometimes 獐"),
    ("斑鸠", "several doves"),
    ("野猫", "several cats"),
    ("田鸡", "several frogs"),
    ("黄鹰", "several raptors"),
    ("青蛇", "several green snakes"),
    ("三索线", "several snakes"),
];

/// What an ambiguous name (one deliberately not in the table) may mean, so that a warning can say
/// it needs a species-level identification.
pub fn ambiguity(name: &str) -> Option<&'static str> {
    let n = name_form(name);
    AMBIGUOUS.iter().find(|(a, _)| *a == n).map(|(_, m)| *m)
}

/// What the species table says of a species label in the data: its taxon (Chinese name, rank),
/// the product, the scientific name, CITES appendix and China protection grade, each `None` when
/// the table leaves it empty (or the name is unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Taxon {
    pub taxon: Option<String>,
    pub rank: Option<String>,
    pub product: Option<String>,
    pub scientific_name: Option<String>,
    pub cites_appendix: Option<String>,
    pub china_protection: Option<String>,
}

/// The ranks a row may have.
pub const RANKS: &[&str] = &["species", "genus", "family", "order"];

/// What a species cell of the data says: a taxon of the table and a product (the whole animal
/// when the cell names none); both `None` when the table does not know the name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label {
    /// The row of the species table ([`SpeciesTable::row`]).
    pub taxon: Option<u32>,
    pub product: Option<ProductId>,
}

/// The species table, indexed by every name a row answers to, with the product vocabulary.
#[derive(Debug, Clone)]
pub struct SpeciesTable {
    rows: Vec<SpeciesInfo>,
    index: HashMap<String, usize>,
    products: Products,
    /// Names that say a taxon and a product (`product_names` of the rows): key → (row, product).
    product_index: HashMap<String, (usize, ProductId)>,
    /// Conversion factors between products (`--conversions`; none by default).
    conversions: Conversions,
    /// The row each row's `parent` names, looked up once (see [`SpeciesTable::ancestors`]).
    parents: Vec<Option<u32>>,
}

impl Default for SpeciesTable {
    fn default() -> SpeciesTable {
        SpeciesTable {
            rows: Vec::new(),
            index: HashMap::new(),
            products: Products::embedded().unwrap_or_else(|_| Products::minimal()),
            product_index: HashMap::new(),
            conversions: Conversions::default(),
            parents: Vec::new(),
        }
    }
}

/// How names are compared: [`name_form`], lower-cased (for Latin and English names).
fn key(s: &str) -> String {
    row_key(&name_form(s))
}

/// [`key`] of a name of a row: rows hold their names in [`name_form`] already (see
/// [`parse_table`]), so only the case is folded. Building the index this way keeps the start-up
/// cost of the thousand-row table down: NFKC is the costly part, and each name needs it once.
fn row_key(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

impl SpeciesTable {
    /// The embedded table.
    ///
    /// # Errors
    /// Only if the embedded file is broken (a test checks it is not).
    pub fn embedded() -> Result<SpeciesTable> {
        let table =
            SpeciesTable::from_rows(parse_table(EMBEDDED_SPECIES, "built-in")?, "built-in")?;
        check::parents(&table.rows, &table.index, "built-in")?;
        Ok(table)
    }

    /// The table with `extra` rows added; a row whose `name_zh` is already in the table replaces
    /// that row (aliases included), and the names of `extra` win over the same names in other rows.
    ///
    /// # Errors
    /// Two rows of `extra` that claim the same name; a parent of a row of `extra` that names no
    /// taxon, names the row itself, or leads back to it.
    pub fn with_rows(self, extra: Vec<SpeciesInfo>, origin: &str) -> Result<SpeciesTable> {
        SpeciesTable::from_rows(extra.clone(), origin)?;
        let mut rows = self.rows;
        // The rows by canonical name, looked up once a row of `extra` (a scan of every row for
        // each took 20 s for a table of 20,000 rows).
        let mut by_name: HashMap<String, usize> = (rows.iter().enumerate())
            .map(|(i, r)| (row_key(&r.name_zh), i))
            .collect();
        for row in extra {
            match by_name.entry(row_key(&row.name_zh)) {
                std::collections::hash_map::Entry::Occupied(e) => rows[*e.get()] = row,
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(rows.len());
                    rows.push(row);
                }
            }
        }
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            index.insert(row_key(&r.name_zh), i);
        }
        for first in [true, false] {
            for (i, r) in rows.iter().enumerate() {
                if (r.origin == origin) == first {
                    for name in names_of(r).skip(1) {
                        index.entry(row_key(name)).or_insert(i);
                    }
                }
            }
        }
        check::parents(&rows, &index, origin)?;
        SpeciesTable {
            rows,
            index,
            ..SpeciesTable::default()
        }
        .indexed(self.products)
    }

    fn from_rows(rows: Vec<SpeciesInfo>, origin: &str) -> Result<SpeciesTable> {
        let mut index: HashMap<String, usize> = HashMap::new();
        // Canonical names first: a name_zh is never taken by another row's alias.
        for (i, r) in rows.iter().enumerate() {
            if let Some(j) = index.insert(row_key(&r.name_zh), i) {
                let why = format!(
                    "species '{}' is listed twice (rows {} and {})",
                    r.name_zh,
                    j + 1,
                    i + 1
                );
                return Err(Place::file(origin, why).into());
            }
        }
        for (i, r) in rows.iter().enumerate() {
            for name in names_of(r).skip(1) {
                match index.get(&row_key(name)) {
                    Some(&j) if j != i && row_key(&rows[j].name_zh) != row_key(name) => {
                        let why = format!(
                            "the name '{name}' is given for both '{}' and '{}'",
                            rows[j].name_zh, r.name_zh
                        );
                        return Err(Place::file(origin, why).into());
                    }
                    Some(_) => {}
                    None => {
                        index.insert(row_key(name), i);
                    }
                }
            }
        }
        SpeciesTable {
            rows,
            index,
            ..SpeciesTable::default()
        }
        .indexed(Products::embedded()?)
    }

    /// The table with `products` and the index of its `product_names`.
    ///
    /// # Errors
    /// A product name that is not `name=product` with a product of the vocabulary, or that is
    /// already a name of a row.
    fn indexed(mut self, products: Products) -> Result<SpeciesTable> {
        let mut product_index = HashMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            for pn in &r.product_names {
                let bad = || {
                    let why = format!(
                        "species '{}': '{pn}' is not name=product with a product of the \
                         vocabulary",
                        r.name_zh
                    );
                    Error::from(Place::file(&r.origin, why))
                };
                let (name, product) = pn.split_once('=').ok_or_else(bad)?;
                let p = products.find(product).ok_or_else(bad)?;
                if self.index.contains_key(&row_key(name)) {
                    let why = format!(
                        "species '{}': '{name}' is already a name of a row",
                        r.name_zh
                    );
                    return Err(Place::file(&r.origin, why).into());
                }
                product_index.insert(row_key(name), (i, p));
            }
        }
        self.products = products;
        self.product_index = product_index;
        self.parents = (self.rows.iter())
            .map(|r| {
                let p = self.index.get(&row_key(r.parent.as_deref()?))?;
                u32::try_from(*p).ok()
            })
            .collect();
        Ok(self)
    }

    /// The row a name (canonical, alias, scientific or English name) belongs to, compared after
    /// NFKC, space normalisation and case folding.
    ///
    /// # Complexity
    /// One hash lookup.
    pub fn lookup(&self, name: &str) -> Option<&SpeciesInfo> {
        self.index.get(&key(name)).map(|&i| &self.rows[i])
    }

    /// Every row, built-in rows first.
    pub fn rows(&self) -> &[SpeciesInfo] {
        &self.rows
    }

    /// A row by its position.
    pub fn row(&self, i: u32) -> &SpeciesInfo {
        &self.rows[i as usize]
    }

    /// The product vocabulary.
    pub fn products(&self) -> &Products {
        &self.products
    }

    /// The conversion factors between products (none unless given).
    pub fn conversions(&self) -> &Conversions {
        &self.conversions
    }

    /// The table with these conversion factors (read against this table: see
    /// [`Conversions::parse`]).
    pub fn with_conversions(mut self, conversions: Conversions) -> SpeciesTable {
        self.conversions = conversions;
        self
    }

    /// What a species cell says: the taxon it names and its product. A name of the table is the
    /// whole animal; otherwise a product word in brackets, after a separator, ending the name
    /// (穿山甲鳞片) or, for forms of the whole animal, leading it (冻穿山甲) is split off and the
    /// rest looked up, twice at most (犀角制品 → 犀 + 角 + 制品: the outer product wins).
    /// `None` when no reading names a taxon of the table.
    ///
    /// # Complexity
    /// O(W) hash lookups for W words of the product vocabulary.
    pub fn resolve(&self, name: &str) -> Option<Label> {
        self.resolve_depth(&name_form(name), 2)
    }

    fn resolve_depth(&self, name: &str, depth: u8) -> Option<Label> {
        let k = key(name);
        if let Some(&i) = self.index.get(&k) {
            return Some(Label {
                taxon: Some(i as u32),
                product: Some(self.products.whole()),
            });
        }
        if let Some(&(i, p)) = self.product_index.get(&k) {
            return Some(Label {
                taxon: Some(i as u32),
                product: Some(p),
            });
        }
        if depth == 0 {
            return None;
        }
        self.products
            .splits(name)
            .into_iter()
            .find_map(|(rest, p)| {
                self.resolve_depth(rest, depth - 1).map(|l| Label {
                    product: Some(p),
                    ..l
                })
            })
    }

    /// The name a label is shown by: the taxon's Chinese name, followed by its product in
    /// brackets unless it is the whole animal (穿山甲属, 穿山甲属（鳞片）).
    pub fn label_name(&self, label: Label) -> Option<String> {
        let row = self.row(label.taxon?);
        Some(match label.product {
            Some(p) if p != self.products.whole() => {
                format!("{}（{}）", row.name_zh, self.products.get(p).name)
            }
            _ => row.name_zh.clone(),
        })
    }

    /// What the table says of a label (all `None` for a name it does not know).
    pub fn taxon(&self, label: Label) -> Taxon {
        let Some(t) = label.taxon else {
            return Taxon::default();
        };
        let row = self.row(t);
        Taxon {
            taxon: Some(row.name_zh.clone()),
            rank: row.rank.clone(),
            product: label.product.map(|p| self.products.get(p).name.clone()),
            scientific_name: row.scientific_name.clone(),
            cites_appendix: row.cites_appendix.clone(),
            china_protection: row.china_protection.clone(),
        }
    }

    /// The rows above a row, nearest first, following `parent`. A table is refused when its
    /// parents go round (see [`check::parents`]); the walk stops after as many steps as rows
    /// all the same.
    ///
    /// # Complexity
    /// O(D) for D rows above, each parent looked up once when the table was built (the walk
    /// looked each name up and searched the rows passed: O(D²), 26 s for one taxon 20,000 deep).
    pub fn ancestors(&self, i: u32) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let mut at = i;
        while let Some(p) = self.parents.get(at as usize).copied().flatten() {
            if p == i || out.len() >= self.rows.len() {
                break;
            }
            out.push(p);
            at = p;
        }
        out
    }

    /// Every Chinese name and alias, for suggestions.
    pub fn chinese_names(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().flat_map(|r| {
            std::iter::once(r.name_zh.as_str()).chain(r.aliases.iter().map(String::as_str))
        })
    }
}

fn names_of(r: &SpeciesInfo) -> impl Iterator<Item = &str> {
    std::iter::once(r.name_zh.as_str())
        .chain(r.aliases.iter().map(String::as_str))
        .chain(r.scientific_name.as_deref())
        .chain(r.english_name.as_deref())
}

/// Reads a species table: a CSV with a header naming at least `name_zh` (or `name`/`species`/
/// `物种`), and any of `aliases_zh` (`;`-separated), `scientific_name`, `english_name`,
/// `taxon_group`, `rank` (species, genus, family, order), `parent`, `product_names`
/// (`;`-separated `name=product`), `cites_appendix`, `china_protection`, `source`, `verified`.
///
/// # Errors
/// No name column, a row without a name, a rank not in [`RANKS`], a CITES appendix or China grade
/// outside their vocabularies ([`check::cites`], [`check::china`]), or a CSV error, naming the row.
pub fn parse_table(text: &str, origin: &str) -> Result<Vec<SpeciesInfo>> {
    let mut rdr = small_csv::read(text, origin, true)?;
    let col = |names: &[&str]| rdr.column(names);
    let name = rdr.require(&["name_zh", "name", "species", "物种", "中文名"])?;
    let aliases = col(&["aliases_zh", "aliases", "别名"]);
    let scientific = col(&["scientific_name", "学名"]);
    let english = col(&["english_name", "英文名"]);
    let group = col(&["taxon_group", "类群"]);
    let rank = col(&["rank", "阶元"]);
    let parent = col(&["parent", "上级"]);
    let product_names = col(&["product_names", "产品名"]);
    let cites = col(&["cites_appendix", "cites"]);
    let china = col(&["china_protection", "保护级别"]);
    let source = col(&["source"]);
    let verified = col(&["verified"]);
    let mut out = Vec::new();
    for rec in rdr.by_ref() {
        let (row, rec) = rec?;
        let cell = |c: Option<usize>| -> Option<String> {
            c.and_then(|c| rec.get(c))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let Some(name_zh) = cell(Some(name)) else {
            return Err(Place::at(origin, At::Row(row), "the species name is empty").into());
        };
        let rank = cell(rank);
        if let Some(r) = rank.as_deref().filter(|r| !RANKS.contains(r)) {
            let why = crate::ingest::error::Why::NotARank { ranks: RANKS };
            return Err(Place::cell(origin, row, "rank", r, why).into());
        }
        let cites_appendix = cell(cites);
        if let Some(v) = cites_appendix.as_deref() {
            check::cites(v).map_err(|why| Place::cell(origin, row, "cites_appendix", v, why))?;
        }
        // Kept as the grade it names (`国家一级保护` is 一级), so that what reads it compares
        // grades, not spellings.
        let china_protection = match cell(china) {
            Some(v) => Some(
                check::china(&v)
                    .map_err(|why| Place::cell(origin, row, "china_protection", &v, why))?
                    .to_string(),
            ),
            None => None,
        };
        let list = |c: Option<usize>| -> Vec<String> {
            cell(c)
                .map(|a| {
                    a.split([';', '；'])
                        .map(name_form)
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        out.push(SpeciesInfo {
            name_zh: name_form(&name_zh),
            aliases: list(aliases),
            scientific_name: cell(scientific).map(|n| name_form(&n)),
            english_name: cell(english).map(|n| name_form(&n)),
            taxon_group: cell(group),
            rank,
            parent: cell(parent).map(|p| name_form(&p)),
            product_names: list(product_names),
            cites_appendix,
            china_protection,
            source: cell(source),
            verified: cell(verified),
            origin: origin.to_string(),
            row,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
