//! The product vocabulary (`data/products.csv`, embedded): which part or form of an animal a
//! species cell names (鳞片, 掌, 冻体 …), and the ways a cell splits into a name and a product
//! word (`穿山甲鳞片`, `冻穿山甲`, `穿山甲（冻）`, `穿山甲-鳞片`).

use serde::Serialize;

use crate::ingest::cell::text::name_form;
use crate::ingest::error::{At, Place, Result};
use crate::ingest::open::small_csv;

/// The vocabulary shipped in the binary (see `data/products.csv`).
pub const EMBEDDED_PRODUCTS: &str = include_str!("../../../data/products.csv");

/// The product a name without a product word means: the whole animal, alive or dead.
pub const WHOLE: &str = "整体";

/// The id of a product in its [`Products`].
pub type ProductId = u16;

/// One product of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    /// The name shown (整体, 鳞片 …).
    pub name: String,
    /// Every word that names it in a species cell, the name included.
    pub synonyms: Vec<String>,
    /// A form of the whole animal (alive, frozen, dried), not a part of it.
    pub whole: bool,
    /// Its words may lead a name (冻穿山甲) as well as end it.
    pub prefix: bool,
    pub english_name: Option<String>,
    pub note: Option<String>,
}

/// The product vocabulary, with its words longest first.
#[derive(Debug, Clone)]
pub struct Products {
    list: Vec<Product>,
    /// Every synonym (in [`name_form`]) and its product, longest first, then in file order.
    words: Vec<(String, ProductId)>,
    whole: ProductId,
}

impl Products {
    /// The embedded vocabulary.
    ///
    /// # Errors
    /// Only if the embedded file is broken (a test checks it is not).
    pub fn embedded() -> Result<Products> {
        Products::parse(EMBEDDED_PRODUCTS, "built-in products")
    }

    /// Reads a vocabulary: a CSV with the header `product,synonyms,whole,prefix,english_name,note`
    /// (`synonyms` `;`-separated; `whole` and `prefix` `yes`/`no`).
    ///
    /// # Errors
    /// A CSV error, an empty product, a word given for two products, a `whole`/`prefix` cell that
    /// is not yes/no, or no `整体` row, naming the row.
    pub fn parse(text: &str, origin: &str) -> Result<Products> {
        let mut list: Vec<Product> = Vec::new();
        let mut words: Vec<(String, ProductId)> = Vec::new();
        for rec in small_csv::read(text, origin, true)? {
            let (row, rec) = rec?;
            let cell = |c: usize| rec.get(c).map(str::trim).filter(|v| !v.is_empty());
            let Some(name) = cell(0).map(name_form) else {
                return Err(Place::at(origin, At::Row(row), "the product is empty").into());
            };
            let yes = |c: usize, column: &str| match cell(c) {
                Some("yes") => Ok(true),
                Some("no") | None => Ok(false),
                Some(v) => Err(Place::cell(
                    origin,
                    row,
                    column,
                    v,
                    crate::ingest::error::Why::NotYesNo,
                )),
            };
            let id = list.len() as ProductId;
            let mut synonyms: Vec<String> = vec![name.clone()];
            for w in cell(1)
                .unwrap_or_default()
                .split([';', '；'])
                .map(name_form)
            {
                if !w.is_empty() && !synonyms.contains(&w) {
                    synonyms.push(w);
                }
            }
            for w in &synonyms {
                if let Some((_, other)) = words.iter().find(|(x, _)| x == w) {
                    let why = format!(
                        "the word '{w}' is given for both '{}' and '{name}'",
                        list[*other as usize].name
                    );
                    return Err(Place::at(origin, At::Row(row), why).into());
                }
                words.push((w.clone(), id));
            }
            list.push(Product {
                name,
                synonyms,
                whole: yes(2, "whole")?,
                prefix: yes(3, "prefix")?,
                english_name: cell(4).map(str::to_string),
                note: cell(5).map(str::to_string),
            });
        }
        let whole = list
            .iter()
            .position(|p| p.name == WHOLE)
            .ok_or_else(|| Place::file(origin, format!("no '{WHOLE}' product")))?
            as ProductId;
        // Longest word first, so that 胆粉 is tried before 粉 and 鳞片 before 片.
        words.sort_by_key(|w| std::cmp::Reverse(w.0.chars().count()));
        Ok(Products { list, words, whole })
    }

    /// A vocabulary of the whole animal only (when the embedded one cannot be read).
    pub fn minimal() -> Products {
        Products {
            list: vec![Product {
                name: WHOLE.to_string(),
                synonyms: vec![WHOLE.to_string()],
                whole: true,
                prefix: true,
                english_name: None,
                note: None,
            }],
            words: vec![(WHOLE.to_string(), 0)],
            whole: 0,
        }
    }

    /// Every product, in file order (ids are positions).
    pub fn all(&self) -> &[Product] {
        &self.list
    }

    /// A product by id.
    pub fn get(&self, id: ProductId) -> &Product {
        &self.list[id as usize]
    }

    /// The whole animal (整体): what a name without a product word means.
    pub fn whole(&self) -> ProductId {
        self.whole
    }

    /// The product a word names (any synonym, in [`name_form`]).
    pub fn find(&self, word: &str) -> Option<ProductId> {
        let w = name_form(word);
        self.words.iter().find(|(x, _)| *x == w).map(|(_, p)| *p)
    }

    /// The ways to read `name` (in [`name_form`]) as (the rest of the name, a product), in the
    /// order to try them: a product in brackets or after a separator first, then a product word
    /// ending the name, or leading it when the product allows, longest word first. The rest is
    /// never empty.
    ///
    /// # Complexity
    /// O(W) for W words of the vocabulary.
    pub fn splits<'a>(&self, name: &'a str) -> Vec<(&'a str, ProductId)> {
        let mut out = Vec::new();
        // 穿山甲(鳞片), 穿山甲（冻）: NFKC has made the brackets ASCII.
        if let Some(inner) = name.strip_suffix(')')
            && let Some(at) = inner.rfind('(')
            && let Some(p) = self.find(&inner[at + 1..])
        {
            let rest = inner[..at].trim();
            if !rest.is_empty() {
                out.push((rest, p));
            }
        }
        // 穿山甲-鳞片, 穿山甲 鳞片, 冻·穿山甲.
        if let Some(at) = name.rfind([' ', '-', '·', '_', '/', '、', ':']) {
            let sep = name[at..].chars().next().map_or(1, char::len_utf8);
            let (a, b) = (name[..at].trim(), name[at + sep..].trim());
            if !a.is_empty() && !b.is_empty() {
                if let Some(p) = self.find(b) {
                    out.push((a, p));
                }
                if let Some(p) = self.find(a).filter(|&p| self.get(p).prefix) {
                    out.push((b, p));
                }
            }
        }
        for (w, p) in &self.words {
            if let Some(rest) = name.strip_suffix(w.as_str())
                && !rest.is_empty()
            {
                out.push((rest, *p));
            }
            if self.get(*p).prefix
                && let Some(rest) = name.strip_prefix(w.as_str())
                && !rest.is_empty()
            {
                out.push((rest, *p));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_vocabulary_loads_with_the_products_of_the_issue() {
        let p = Products::embedded().unwrap();
        for name in [
            "活体", "整体", "冻体", "鳞片", "掌", "胆", "牙", "角", "皮", "骨", "肉", "卵", "标本",
            "制品",
        ] {
            assert!(p.find(name).is_some(), "{name}");
        }
        assert_eq!(p.get(p.whole()).name, WHOLE);
        assert_eq!(p.find("甲片"), p.find("鳞片"));
        assert_eq!(p.find("胆粉"), p.find("胆"));
        assert_eq!(p.find("蛋"), p.find("卵"));
        assert!(p.get(p.find("冻").unwrap()).whole);
        assert!(!p.get(p.find("鳞片").unwrap()).whole);
    }

    #[test]
    fn a_name_splits_at_brackets_separators_suffixes_and_prefixes() {
        let p = Products::embedded().unwrap();
        let name = |s: &str| p.get(p.find(s).unwrap()).name.clone();
        let first = |s: &str| {
            let (rest, id) = p.splits(s)[0];
            (rest.to_string(), p.get(id).name.clone())
        };
        assert_eq!(first("穿山甲(鳞片)"), ("穿山甲".into(), name("鳞片")));
        assert_eq!(first("穿山甲-冻"), ("穿山甲".into(), name("冻体")));
        assert_eq!(first("穿山甲鳞片"), ("穿山甲".into(), name("鳞片")));
        assert_eq!(first("熊胆粉"), ("熊".into(), name("胆")));
        assert_eq!(first("冻穿山甲"), ("穿山甲".into(), name("冻体")));
        // Part words never lead a name: 角蛙 is a frog, not a horn.
        assert!(p.splits("角蛙").is_empty());
        // A word alone is no name.
        assert!(p.splits("鳞片").iter().all(|(rest, _)| !rest.is_empty()));
    }

    #[test]
    fn a_bad_vocabulary_is_an_error_naming_the_row() {
        // A blank row (`,`) is skipped; a row with a synonym and no product is not.
        let e = Products::parse("product,synonyms\n整体,\n,\n,x\n", "p.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("p.csv row 3: the product is empty"), "{e}");
        let e = Products::parse("product,synonyms\n整体,a\n皮,a\n", "p.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("'a' is given for both '整体' and '皮'"), "{e}");
        let e = Products::parse("product,synonyms,whole\n整体,,maybe\n", "p.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("column whole: 'maybe'"), "{e}");
        let e = Products::parse("product,synonyms\n皮,\n", "p.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no '整体' product"), "{e}");
    }
}
