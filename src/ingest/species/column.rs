//! The `product` column of a case file: when a row gives a product, it wins over the product its
//! species name says (`穿山甲鳞片` with product `整体` is whole pangolins).

use crate::ingest::error::{Place, Result};
use polars::prelude::*;

use super::Products;

/// The species cells with each row's product added in brackets, by its vocabulary name
/// (`穿山甲` + `甲片` → `穿山甲（鳞片）`). The species table reads a bracket as the product, and an
/// outer product wins over one inside the name, so the column wins without a second reading of
/// names. A row with an empty product cell keeps its species cell as it is; a row with an empty
/// species cell stays empty (and is rejected as such).
///
/// # Errors
/// A product cell that is no word of the product vocabulary, naming the row (numbered from
/// `first_row`), the column (`header`) and the value, and where to see the vocabulary.
///
/// # Complexity
/// One vocabulary lookup per distinct product cell, one string per row that has a product.
pub fn with_product(
    species: Option<&StringChunked>,
    product: &StringChunked,
    products: &Products,
    (header, first_row): (&str, u64),
) -> Result<StringChunked> {
    let mut known: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (i, cell) in product.iter().enumerate() {
        let Some(word) = cell.map(str::trim).filter(|w| !w.is_empty()) else {
            continue;
        };
        if known.contains_key(word) {
            continue;
        }
        let Some(id) = products.find(word) else {
            let shown: String = word.chars().take(60).collect();
            let known = products
                .all()
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let why = format!(
                "is not a product (known: {known}; `wildchain species --products` lists them \
                 with their synonyms)"
            );
            let column = format!("product ('{header}')");
            return Err(Place::cell("", first_row + i as u64, &column, &shown, why).into());
        };
        known.insert(word, products.get(id).name.clone());
    }
    let named: StringChunked = match species {
        Some(species) => species
            .iter()
            .zip(product.iter())
            .map(|(s, p)| {
                let p = p.map(str::trim).filter(|w| !w.is_empty());
                match (s, p) {
                    (Some(s), Some(p)) if !s.trim().is_empty() => {
                        Some(format!("{}（{}）", s.trim(), known[p]))
                    }
                    (s, _) => s.map(str::to_string),
                }
            })
            .collect(),
        None => StringChunked::full_null(PlSmallStr::from_static("species"), product.len()),
    };
    Ok(named.with_name(PlSmallStr::from_static("species")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunked(cells: &[Option<&str>]) -> StringChunked {
        StringChunked::new(PlSmallStr::from_static("c"), cells)
    }

    #[test]
    fn a_product_cell_is_added_in_brackets_by_its_vocabulary_name() {
        let products = Products::embedded().unwrap();
        let species = chunked(&[Some("穿山甲"), Some("穿山甲鳞片"), Some("熊掌"), None]);
        let product = chunked(&[Some("甲片"), Some("整体"), None, Some("鳞片")]);
        let out = with_product(Some(&species), &product, &products, ("产品", 1)).unwrap();
        let got: Vec<Option<&str>> = out.iter().collect();
        assert_eq!(
            got,
            [
                Some("穿山甲（鳞片）"),
                Some("穿山甲鳞片（整体）"),
                Some("熊掌"),
                None
            ]
        );
    }

    #[test]
    fn an_unknown_product_is_an_error_naming_row_column_and_value() {
        let products = Products::embedded().unwrap();
        let species = chunked(&[Some("穿山甲"), Some("穿山甲")]);
        let product = chunked(&[Some("整体"), Some("爪子")]);
        let e = with_product(Some(&species), &product, &products, ("产品", 1)).unwrap_err();
        let e = e.to_string();
        assert!(
            e.contains("row 2, column product ('产品'): '爪子' is not a product"),
            "{e}"
        );
    }
}
