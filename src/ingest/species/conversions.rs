//! Conversion factors between products of one taxon (`--conversions FILE`): how many kg of one
//! product a kg of another makes (whole pangolins → scales), each with the source that states it,
//! so that a balance converts only with a stated factor, and shows it.

use super::{Label, ProductId, SpeciesTable};
use crate::ingest::error::{Error, Place, Result, Why};
use crate::ingest::open::small_csv;

/// The smallest factor a conversion may state (a milligram per kilogram).
pub const MIN_FACTOR: f64 = 1e-6;

/// The largest factor a conversion may state: a kg of one product making a tonne of another is
/// already past any product of an animal; beyond, converted weights would leave the range of
/// milligrams that sums hold exactly.
pub const MAX_FACTOR: f64 = 1000.0;

/// One conversion: a kg of `from` makes `factor` kg of `to`, for the taxon `taxon` and every taxon
/// under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// The row of the species table.
    pub taxon: u32,
    pub from: ProductId,
    pub to: ProductId,
    pub factor: f64,
    /// Who states the factor (a study, a court, an agency).
    pub source: String,
}

/// The conversions of a `--conversions` file (none by default: no factor is ever assumed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conversions {
    pub rows: Vec<Conversion>,
}

impl Conversions {
    /// Reads a CSV with the header `taxon,from_product,to_product,factor,source`: the taxon any
    /// name of the species table, the products words of the product vocabulary, the factor a
    /// number from [`MIN_FACTOR`] to [`MAX_FACTOR`] (kg of `to_product` per kg of
    /// `from_product`), the source never empty.
    ///
    /// # Errors
    /// A missing column, or a cell that is not as above, naming the file, row, column and value.
    pub fn parse(text: &str, origin: &str, table: &SpeciesTable) -> Result<Conversions> {
        let rdr = small_csv::read(text, origin, true)?;
        let cols = [
            rdr.require(&["taxon"])?,
            rdr.require(&["from_product"])?,
            rdr.require(&["to_product"])?,
            rdr.require(&["factor"])?,
            rdr.require(&["source"])?,
        ];
        let mut rows: Vec<Conversion> = Vec::new();
        // (taxon, from, to) of the rows so far: a file of many rows is checked in linear time.
        let mut seen: std::collections::HashSet<(u32, ProductId, ProductId)> =
            std::collections::HashSet::new();
        for rec in rdr {
            let (row, rec) = rec?;
            let cell = |k: usize| rec.get(cols[k]).map_or("", str::trim);
            let bad = |k: usize, why: Why| {
                let names = ["taxon", "from_product", "to_product", "factor", "source"];
                Error::from(Place::cell(origin, row, names[k], cell(k), why))
            };
            let taxon = table
                .resolve(cell(0))
                .and_then(|l: Label| l.taxon)
                .ok_or_else(|| bad(0, Why::NotInSpeciesTable))?;
            let products = table.products();
            let from = products
                .find(cell(1))
                .ok_or_else(|| bad(1, Why::NotAProduct))?;
            let to = products
                .find(cell(2))
                .ok_or_else(|| bad(2, Why::NotAProduct))?;
            if from == to {
                return Err(bad(2, Why::SameProduct));
            }
            let factor: f64 = cell(3)
                .parse()
                .ok()
                .filter(|f: &f64| f.is_finite() && *f > 0.0)
                .ok_or_else(|| bad(3, Why::NotPositive))?;
            if !(MIN_FACTOR..=MAX_FACTOR).contains(&factor) {
                return Err(bad(3, Why::FactorOutOfRange));
            }
            if cell(4).is_empty() {
                return Err(bad(4, Why::NoSource));
            }
            if !seen.insert((taxon, from, to)) {
                return Err(bad(0, Why::ConversionTwice));
            }
            rows.push(Conversion {
                taxon,
                from,
                to,
                factor,
                source: cell(4).to_string(),
            });
        }
        Ok(Conversions { rows })
    }

    /// The conversion from one product to another for a taxon: the taxon's own, else that of the
    /// nearest taxon above it.
    pub fn find(
        &self,
        table: &SpeciesTable,
        taxon: u32,
        from: ProductId,
        to: ProductId,
    ) -> Option<(usize, &Conversion)> {
        std::iter::once(taxon)
            .chain(table.ancestors(taxon))
            .find_map(|t| {
                self.rows
                    .iter()
                    .enumerate()
                    .find(|(_, c)| (c.taxon, c.from, c.to) == (t, from, to))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conversion_file_reads_and_applies_to_the_taxa_under_it() {
        let t = SpeciesTable::embedded().unwrap();
        let c = Conversions::parse(
            "taxon,from_product,to_product,factor,source\n穿山甲,整体,甲片,0.3,a study\n",
            "c.csv",
            &t,
        )
        .unwrap();
        let genus = t.resolve("穿山甲属").unwrap().taxon.unwrap();
        let chinese = t.resolve("中华穿山甲").unwrap().taxon.unwrap();
        let p = t.products();
        let (whole, scales) = (p.whole(), p.find("鳞片").unwrap());
        assert_eq!(c.find(&t, genus, whole, scales).unwrap().1.factor, 0.3);
        assert_eq!(c.find(&t, chinese, whole, scales).unwrap().0, 0);
        assert!(c.find(&t, genus, scales, whole).is_none(), "no reverse");
    }

    #[test]
    fn a_bad_conversion_file_names_row_column_and_value() {
        let t = SpeciesTable::embedded().unwrap();
        let h = "taxon,from_product,to_product,factor,source\n";
        for (row, want) in [
            (
                "麒麟,整体,鳞片,1,x",
                "row 1, column taxon: '麒麟' is not in the species table",
            ),
            (
                "穿山甲,整体,翅,1,x",
                "column to_product: '翅' is not a product",
            ),
            (
                "穿山甲,整体,鳞片,-1,x",
                "column factor: '-1' is not a positive number",
            ),
            (
                "穿山甲,整体,鳞片,abc,x",
                "column factor: 'abc' is not a positive number",
            ),
            ("穿山甲,整体,鳞片,0.3,", "column source: '' is empty"),
            ("穿山甲,整体,整只,1,x", "is the same product"),
            (
                "穿山甲,整体,鳞片,1e308,x",
                "column factor: '1e308' is not a factor from 0.000001 to 1000",
            ),
            ("穿山甲,整体,鳞片,1e-9,x", "'1e-9' is not a factor from"),
        ] {
            let e = Conversions::parse(&format!("{h}{row}\n"), "c.csv", &t)
                .unwrap_err()
                .to_string();
            assert!(e.contains(want), "{e}");
        }
        let e = Conversions::parse("taxon,factor\n", "c.csv", &t)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no 'from_product' column"), "{e}");
    }

    #[test]
    fn a_conversion_given_twice_is_refused_at_its_second_row_and_its_reverse_is_not_twice() {
        let t = SpeciesTable::embedded().unwrap();
        let h = "taxon,from_product,to_product,factor,source\n";
        let e = Conversions::parse(
            &format!("{h}穿山甲,整体,鳞片,0.3,x\n穿山甲,鳞片,整体,3,x\n穿山甲,整体,鳞片,0.4,y\n"),
            "c.csv",
            &t,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("row 3, column taxon: '穿山甲' has this conversion twice"),
            "{e}"
        );
        // Many rows, none twice: read (in linear time: a set of the rows so far).
        let products = t.products();
        // One word per product (整只 is 整体).
        let mut ids = std::collections::HashSet::new();
        let words: Vec<&str> = ["整体", "鳞片", "整只", "肉", "皮", "骨"]
            .into_iter()
            .filter(|w| products.find(w).is_some_and(|id| ids.insert(id)))
            .collect();
        assert!(words.len() >= 3, "{words:?}");
        let mut text = h.to_string();
        for a in &words {
            for b in words.iter().filter(|b| *b != a) {
                text.push_str(&format!("穿山甲,{a},{b},1,x\n"));
            }
        }
        let c = Conversions::parse(&text, "c.csv", &t).unwrap();
        assert_eq!(c.rows.len(), words.len() * (words.len() - 1));
    }
}
