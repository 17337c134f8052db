//! Matching a file's header row to the columns wildchain reads (`seller`, `buyer`, `species`,
//! `weight`, `date`, and optionally `unit`, `source`, `confidence`, `product`), in English or
//! Chinese, in any order, or as `--map` says.

use std::fmt;
use std::str::FromStr;

use super::text::nfkc;
use crate::units::Unit;

/// A column wildchain reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Seller,
    Buyer,
    Species,
    Weight,
    Date,
    Unit,
    Source,
    Confidence,
    /// The product (整体, 鳞片, 掌 …): when given, it wins over the product the species name says.
    Product,
}

impl Field {
    /// The required fields, in the order they are reported.
    pub const REQUIRED: [Field; 5] = [
        Field::Seller,
        Field::Buyer,
        Field::Species,
        Field::Weight,
        Field::Date,
    ];

    /// Every field, required first.
    pub const ALL: [Field; 9] = [
        Field::Seller,
        Field::Buyer,
        Field::Species,
        Field::Weight,
        Field::Date,
        Field::Unit,
        Field::Source,
        Field::Confidence,
        Field::Product,
    ];

    /// The canonical (English) column name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Seller => "seller",
            Field::Buyer => "buyer",
            Field::Species => "species",
            Field::Weight => "weight",
            Field::Date => "date",
            Field::Unit => "unit",
            Field::Source => "source",
            Field::Confidence => "confidence",
            Field::Product => "product",
        }
    }

    /// Every header accepted for this field (compared after NFKC, case-insensitively, without
    /// spaces, and without a trailing part in brackets such as `(斤)`).
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Seller => &[
                "seller",
                "卖方",
                "卖家",
                "上家",
                "出售人",
                "销售人",
                "供货人",
                "售卖人",
                "出售方",
                "销售方",
                "供货方",
                "卖出人",
                "出卖人",
                "供货商",
                "vendor",
                "supplier",
                "from",
                "soldby",
                "sold_by",
            ],
            Field::Buyer => &[
                "buyer",
                "买方",
                "买家",
                "下家",
                "收购人",
                "购买人",
                "买受人",
                "收购方",
                "购买方",
                "购货人",
                "收货人",
                "买入人",
                "purchaser",
                "customer",
                "to",
                "boughtby",
                "bought_by",
                "recipient",
            ],
            Field::Species => &[
                "species",
                "物种",
                "品种",
                "种类",
                "物种名称",
                "动物",
                "动物名称",
                "品名",
                "野生动物",
                "animal",
                "item",
                "commodity",
            ],
            Field::Weight => &["weight", "重量", "净重", "斤两", "mass", "netweight"],
            Field::Date => &[
                "date",
                "日期",
                "交易日期",
                "成交日期",
                "收购日期",
                "出售日期",
                "购买日期",
                "时间段",
                "期间",
                "交易期间",
                "period",
                "transactiondate",
            ],
            Field::Unit => &["unit", "单位", "计量单位", "units", "uom"],
            Field::Source => &[
                "source",
                "来源",
                "出处",
                "证据",
                "证据来源",
                "材料来源",
                "依据",
                "evidence",
                "reference",
                "ref",
            ],
            Field::Confidence => &[
                "confidence",
                "可信度",
                "置信度",
                "核实情况",
                "确认情况",
                "reliability",
                "certainty",
            ],
            Field::Product => &[
                "product",
                "产品",
                "产品类型",
                "制品",
                "部位",
                "形态",
                "part",
            ],
        }
    }

    /// Headers that mean this field only when no header of [`Field::synonyms`] is present:
    /// `数量` is a weight only when the file has no weight column, and then only its cells that
    /// carry a unit (a bare number there might count animals); `时间` is the date only when the file
    /// has no date column (a file with both keeps its date).
    pub fn weak_synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Weight => &["数量", "quantity", "qty", "amount", "数额"],
            Field::Date => &[
                "时间",
                "交易时间",
                "成交时间",
                "收购时间",
                "出售时间",
                "购买时间",
                "time",
                "when",
                "datetime",
            ],
            _ => &[],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Field {
    type Err = String;
    fn from_str(s: &str) -> Result<Field, String> {
        let s = s.trim().to_lowercase();
        Field::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
                format!("unknown column '{s}' (known: {})", names.join(", "))
            })
    }
}

/// `--map seller=出售人,buyer=收购人`: header names chosen by the user, which win over guessing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplicitMap(pub Vec<(Field, String)>);

impl FromStr for ExplicitMap {
    type Err = String;
    fn from_str(s: &str) -> Result<ExplicitMap, String> {
        let mut out = Vec::new();
        for pair in s.split(',').filter(|p| !p.trim().is_empty()) {
            let (field, header) = pair
                .split_once('=')
                .ok_or_else(|| format!("'{pair}' is not COLUMN=HEADER (e.g. seller=出售人)"))?;
            let field: Field = field.parse()?;
            if header.trim().is_empty() {
                return Err(format!("'{pair}' gives no header for '{field}'"));
            }
            out.push((field, header.trim().to_string()));
        }
        Ok(ExplicitMap(out))
    }
}

impl ExplicitMap {
    /// All pairs of several `--map` options, refusing a column given twice.
    ///
    /// # Errors
    /// The same column mapped twice.
    pub fn merge(maps: &[ExplicitMap]) -> Result<ExplicitMap, String> {
        let mut out: Vec<(Field, String)> = Vec::new();
        for (f, h) in maps.iter().flat_map(|m| m.0.iter()) {
            if out.iter().any(|(g, _)| g == f) {
                return Err(format!("--map gives '{f}' twice"));
            }
            out.push((*f, h.clone()));
        }
        Ok(ExplicitMap(out))
    }
}

/// Where each field stands in a file's header (0-based column positions).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMap {
    pub seller: usize,
    pub buyer: usize,
    pub species: usize,
    pub weight: usize,
    pub date: usize,
    pub unit: Option<usize>,
    pub source: Option<usize>,
    pub confidence: Option<usize>,
    /// The product column, if any (it wins over the product a species name says).
    pub product: Option<usize>,
    /// The unit written in the weight header (`重量(斤)`, `weight_kg`): the unit of its bare numbers.
    pub weight_unit: Option<Unit>,
    /// The weight column is a `数量` (quantity) column: its bare numbers need a unit.
    pub weight_needs_unit: bool,
}

impl ColumnMap {
    /// The position of a field's column, if the file has it.
    pub fn position(&self, field: Field) -> Option<usize> {
        match field {
            Field::Seller => Some(self.seller),
            Field::Buyer => Some(self.buyer),
            Field::Species => Some(self.species),
            Field::Weight => Some(self.weight),
            Field::Date => Some(self.date),
            Field::Unit => self.unit,
            Field::Source => self.source,
            Field::Confidence => self.confidence,
            Field::Product => self.product,
        }
    }

    /// `(field, header)` for every field the file has, in [`Field::ALL`] order.
    pub fn describe(&self, headers: &[String]) -> Vec<(Field, String)> {
        Field::ALL
            .into_iter()
            .filter_map(|f| {
                self.position(f)
                    .map(|i| (f, headers.get(i).map_or("", |h| h.trim()).to_string()))
            })
            .collect()
    }
}

/// A header cell reduced for comparison, and the unit in its brackets or suffix if it names one:
/// `重量（斤）` → (`重量`, 斤), `Weight (kg)` → (`weight`, kg), `weight_kg` → (`weight`, kg).
fn header_key(raw: &str) -> (String, Option<Unit>) {
    let n: String = nfkc(raw.trim_start_matches('\u{feff}'))
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    let n = n.trim_end_matches([':', '：']).to_string();
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】'), ('<', '>')] {
        if let Some(body) = n.strip_suffix(close)
            && let Some(i) = body.rfind(open)
            && i > 0
        {
            let inner = &body[i + open.len_utf8()..];
            return (body[..i].to_string(), Unit::lookup(inner));
        }
    }
    if let Some((base, unit)) = n.rsplit_once(['_', '/'])
        && !base.is_empty()
        && let Some(u) = Unit::lookup(unit)
    {
        return (base.to_string(), Some(u));
    }
    (n, None)
}

/// Maps header cells to fields: `explicit` pairs first (`--map`), then the synonyms, then the weak
/// synonyms of fields still missing. Extra columns are ignored.
///
/// # Errors
/// A `--map` header the file does not have; a required field with no column (the message names it,
/// the names that would be accepted, and lists the headers found); a field matched by two columns.
pub fn map_header(headers: &[String], explicit: &ExplicitMap) -> Result<ColumnMap, String> {
    let keys: Vec<(String, Option<Unit>)> = headers.iter().map(|h| header_key(h)).collect();
    let shown = || -> String {
        headers
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut found: [Option<usize>; Field::ALL.len()] = [None; Field::ALL.len()];
    let mut weak_weight = false;
    let slot = |f: Field| Field::ALL.iter().position(|g| *g == f).unwrap_or(0);
    for (field, header) in &explicit.0 {
        let want = header_key(header).0;
        let want_raw: String = nfkc(header).to_lowercase();
        let i = headers
            .iter()
            .zip(&keys)
            .position(|(h, (k, _))| *k == want || nfkc(h).to_lowercase() == want_raw)
            .ok_or_else(|| {
                format!(
                    "--map {field}={header}: the file has no column '{header}'; the header has: {}",
                    shown()
                )
            })?;
        found[slot(*field)] = Some(i);
    }
    let taken = |found: &[Option<usize>; Field::ALL.len()], i: usize| found.contains(&Some(i));
    for pass_weak in [false, true] {
        for field in Field::ALL {
            let k = slot(field);
            if explicit.0.iter().any(|(f, _)| *f == field) || (pass_weak && found[k].is_some()) {
                continue;
            }
            let names = if pass_weak {
                field.weak_synonyms()
            } else {
                field.synonyms()
            };
            for (i, (key, _)) in keys.iter().enumerate() {
                if !names.contains(&key.as_str()) || taken(&found, i) {
                    continue;
                }
                if let Some(j) = found[k] {
                    return Err(format!(
                        "columns {} ('{}') and {} ('{}') both mean '{field}'; choose one with --map {field}=HEADER",
                        j + 1,
                        headers[j].trim(),
                        i + 1,
                        headers[i].trim()
                    ));
                }
                found[k] = Some(i);
                weak_weight |= pass_weak && field == Field::Weight;
            }
        }
    }
    let missing: Vec<String> = Field::REQUIRED
        .iter()
        .filter(|f| found[slot(**f)].is_none())
        .map(|f| {
            let mut names: Vec<&str> = f.synonyms()[1..].to_vec();
            names.extend(f.weak_synonyms());
            format!("'{f}' (or {})", names.join("/"))
        })
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing required column{} {}; the header has: {}; name a column with --map FIELD=HEADER",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            shown()
        ));
    }
    let get = |f: Field| found[slot(f)].unwrap_or_default();
    let weight = get(Field::Weight);
    Ok(ColumnMap {
        seller: get(Field::Seller),
        buyer: get(Field::Buyer),
        species: get(Field::Species),
        weight,
        date: get(Field::Date),
        unit: found[slot(Field::Unit)],
        source: found[slot(Field::Source)],
        confidence: found[slot(Field::Confidence)],
        product: found[slot(Field::Product)],
        weight_unit: keys[weight].1,
        weight_needs_unit: weak_weight && keys[weight].1.is_none(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    fn guess(cells: &[&str]) -> Result<ColumnMap, String> {
        map_header(&h(cells), &ExplicitMap::default())
    }

    #[test]
    fn english_headers_in_any_order_and_case() {
        let m = guess(&["Date", " WEIGHT ", "note", "species", "Buyer", "seller"]).unwrap();
        assert_eq!(
            (m.seller, m.buyer, m.species, m.weight, m.date, m.unit),
            (5, 4, 3, 1, 0, None)
        );
    }

    #[test]
    fn chinese_headers_and_bom() {
        let m = guess(&["\u{feff}上家", "下家", "品种", "重量", "交易日期", "单位"]).unwrap();
        assert_eq!(
            (m.seller, m.buyer, m.species, m.weight, m.date, m.unit),
            (0, 1, 2, 3, 4, Some(5))
        );
        let m = guess(&["卖家", "买家", "物种", "重量", "日期"]).unwrap();
        assert_eq!(m.buyer, 1);
        let m = guess(&["卖方", "买方", "物种", "重量", "日期"]).unwrap();
        assert_eq!(m.seller, 0);
    }

    #[test]
    fn every_synonym_maps_to_its_field() {
        let base = ["seller", "buyer", "species", "weight", "date"];
        for field in Field::ALL {
            for syn in field.synonyms().iter().chain(field.weak_synonyms()) {
                let mut cells: Vec<&str> = base
                    .iter()
                    .copied()
                    .filter(|c| *c != field.name())
                    .collect();
                cells.push(syn);
                let m = guess(&cells).unwrap_or_else(|e| panic!("{field} {syn}: {e}"));
                assert_eq!(m.position(field), Some(cells.len() - 1), "{field} {syn}");
            }
        }
    }

    #[test]
    fn the_issues_header_synonyms() {
        let m = guess(&[
            "出售人",
            "收购人",
            "种类",
            "数量",
            "交易时间",
            "来源",
            "可信度",
        ])
        .unwrap();
        assert_eq!(
            (m.seller, m.buyer, m.species, m.weight, m.date),
            (0, 1, 2, 3, 4)
        );
        assert_eq!((m.source, m.confidence), (Some(5), Some(6)));
        assert!(m.weight_needs_unit);
        for (s, b) in [
            ("销售人", "购买人"),
            ("供货人", "买受人"),
            ("vendor", "purchaser"),
            ("From", "To"),
        ] {
            let m = guess(&[s, b, "species", "weight", "时间"]).unwrap();
            assert_eq!((m.seller, m.buyer, m.date), (0, 1, 4), "{s} {b}");
        }
    }

    #[test]
    fn a_weak_synonym_yields_to_a_real_column() {
        let m = guess(&["seller", "buyer", "species", "数量", "重量", "date"]).unwrap();
        assert_eq!(m.weight, 4);
        assert!(!m.weight_needs_unit);
        let m = guess(&[
            "seller",
            "buyer",
            "species",
            "weight",
            "交易时间",
            "交易日期",
        ])
        .unwrap();
        assert_eq!(m.date, 5);
        let m = guess(&["seller", "buyer", "species", "weight", "交易时间"]).unwrap();
        assert_eq!((m.date, m.weight_needs_unit), (4, false));
    }

    #[test]
    fn units_in_headers_and_full_width_headers() {
        let m = guess(&["seller", "buyer", "species", "重量（斤）", "date"]).unwrap();
        assert_eq!((m.weight, m.weight_unit), (3, Unit::lookup("斤")));
        let m = guess(&["seller", "buyer", "species", "Weight (kg)", "date"]).unwrap();
        assert_eq!(m.weight_unit, Unit::lookup("kg"));
        let m = guess(&["seller", "buyer", "species", "weight_kg", "date"]).unwrap();
        assert_eq!(m.weight_unit, Unit::lookup("kg"));
        let m = guess(&["ｓｅｌｌｅｒ", "出 售 人:", "species", "数量(斤)", "date"]);
        assert!(m.unwrap_err().contains("both mean 'seller'"));
        let m = guess(&["*出售人", "收购人", "species", "数量(斤)", "date"]).unwrap();
        assert_eq!(
            (m.weight_unit, m.weight_needs_unit),
            (Unit::lookup("斤"), false)
        );
    }

    #[test]
    fn explicit_map_wins_over_guessing() {
        let map: ExplicitMap = "seller=经手人, buyer=接收人 ,weight=重量".parse().unwrap();
        let m = map_header(
            &h(&["卖家", "经手人", "接收人", "物种", "重量", "日期"]),
            &map,
        )
        .unwrap();
        assert_eq!(
            (m.seller, m.buyer, m.species, m.weight, m.date),
            (1, 2, 3, 4, 5)
        );
        let e = map_header(&h(&["a", "b"]), &"seller=出售人".parse().unwrap()).unwrap_err();
        assert!(
            e.contains("no column '出售人'") && e.contains("the header has: a, b"),
            "{e}"
        );
        assert!(
            "seler=x"
                .parse::<ExplicitMap>()
                .unwrap_err()
                .contains("unknown column")
        );
        assert!("seller".parse::<ExplicitMap>().is_err());
        let twice = [map.clone(), "seller=y".parse().unwrap()];
        assert!(ExplicitMap::merge(&twice).unwrap_err().contains("twice"));
    }

    #[test]
    fn missing_columns_are_named() {
        let e = guess(&["seller", "buyer", "weight"]).unwrap_err();
        assert!(e.contains("'species'"), "{e}");
        assert!(e.contains("'date'"), "{e}");
        assert!(!e.contains("'seller'"), "{e}");
        assert!(e.contains("the header has: seller, buyer, weight"), "{e}");
        assert!(e.contains("物种"), "{e}");
    }

    #[test]
    fn a_field_given_twice_is_an_error() {
        let e = guess(&["seller", "卖方", "buyer", "species", "weight", "date"]).unwrap_err();
        assert!(e.contains("both mean 'seller'"), "{e}");
    }
}
