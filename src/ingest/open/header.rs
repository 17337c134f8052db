//! Matching a file's header row to the columns wildchain reads (`seller`, `buyer`, `species`,
//! `weight`, and optionally `date`, `unit`, `source`, `confidence`, `price`, `amount`, `product`,
//! `note`), in English or Chinese, in any order, or as `--map` says.

use std::fmt;
use std::str::FromStr;

use crate::ingest::cell::text::nfkc;
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
    /// A unit price (`80元/斤`).
    Price,
    /// An amount paid (`1.2万元`).
    Amount,
    /// The product (整体, 鳞片, 掌 …): when given, it wins over the product the species name says.
    Product,
    /// A remark on the row (备注, 说明): kept as the row's note, shown beside where it comes from.
    Note,
    /// Where the seller is (卖方所在地, 发货地): kept as written, per row and per party.
    SellerPlace,
    /// Where the buyer is (买方所在地, 收货地): kept as written, per row and per party.
    BuyerPlace,
}

impl Field {
    /// The required fields, in the order they are reported. The date is not one of them: a file
    /// without a date column is read with every date unknown.
    pub const REQUIRED: [Field; 4] = [Field::Seller, Field::Buyer, Field::Species, Field::Weight];

    /// Every field, required first.
    pub const ALL: [Field; 14] = [
        Field::Seller,
        Field::Buyer,
        Field::Species,
        Field::Weight,
        Field::Date,
        Field::Unit,
        Field::Source,
        Field::Confidence,
        Field::Price,
        Field::Amount,
        Field::Product,
        Field::Note,
        Field::SellerPlace,
        Field::BuyerPlace,
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
            Field::Price => "price",
            Field::Amount => "amount",
            Field::Product => "product",
            Field::Note => "note",
            Field::SellerPlace => "seller_place",
            Field::BuyerPlace => "buyer_place",
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
            Field::Price => &[
                "price",
                "单价",
                "价格",
                "价钱",
                "售价",
                "收购价",
                "收购单价",
                "出售价",
                "出售单价",
                "销售单价",
                "成交价",
                "unitprice",
                "unit_price",
            ],
            Field::Amount => &[
                "金额",
                "总价",
                "价款",
                "总金额",
                "交易金额",
                "成交金额",
                "销售金额",
                "收购金额",
                "货款",
                "total",
                "totalprice",
                "total_price",
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
            Field::Note => &[
                "note",
                "备注",
                "说明",
                "附注",
                "备注说明",
                "情况说明",
                "notes",
                "remark",
                "remarks",
                "comment",
                "comments",
            ],
            Field::SellerPlace => &[
                "seller_place",
                "卖方所在地",
                "卖家所在地",
                "出售人所在地",
                "出售方所在地",
                "销售人所在地",
                "上家所在地",
                "卖方地址",
                "卖家地址",
                "出售人地址",
                "发货地",
                "发货地点",
                "起运地",
                "来源地",
                "货源地",
                "sellerplace",
                "seller_location",
                "sellerlocation",
                "from_place",
                "fromplace",
                "origin",
            ],
            Field::BuyerPlace => &[
                "buyer_place",
                "买方所在地",
                "买家所在地",
                "收购人所在地",
                "收购方所在地",
                "购买人所在地",
                "下家所在地",
                "买方地址",
                "买家地址",
                "收购人地址",
                "收货地",
                "收货地点",
                "目的地",
                "销往地",
                "buyerplace",
                "buyer_location",
                "buyerlocation",
                "to_place",
                "toplace",
                "destination",
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
            // `amount` and `数额` are money only when the file has a weight column besides.
            Field::Amount => &["amount", "数额"],
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
    type Err = HeaderError;
    fn from_str(s: &str) -> Result<Field, HeaderError> {
        let s = s.trim().to_lowercase();
        Field::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or(HeaderError::UnknownField { name: s })
    }
}

/// Why a header does not map, or a `--map` is not understood: the fields, columns and names
/// concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// `--map` names no field of this name.
    UnknownField { name: String },
    /// A `--map` pair without `=`.
    NotAPair { pair: String },
    /// A `--map` pair with nothing after `=`.
    NoHeader { pair: String, field: Field },
    /// Two `--map` options give one field.
    MappedTwice { field: Field },
    /// `--map FIELD=HEADER` names a column the file does not have; `shown`: the file's header.
    NoSuchColumn {
        field: Field,
        header: String,
        shown: String,
    },
    /// Two columns (1-based, with their headers) that both mean one field.
    TwoColumns {
        field: Field,
        first: (usize, String),
        second: (usize, String),
    },
    /// Required fields with no column; `shown`: the file's header.
    Missing { fields: Vec<Field>, shown: String },
    /// No header was recognised, and nothing says why (a table whose columns are known by name).
    NotRecognised,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::UnknownField { name } => {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
                write!(f, "unknown column '{name}' (known: {})", names.join(", "))
            }
            HeaderError::NotAPair { pair } => {
                write!(f, "'{pair}' is not COLUMN=HEADER (e.g. seller=出售人)")
            }
            HeaderError::NoHeader { pair, field } => {
                write!(f, "'{pair}' gives no header for '{field}'")
            }
            HeaderError::MappedTwice { field } => write!(f, "--map gives '{field}' twice"),
            HeaderError::NoSuchColumn {
                field,
                header,
                shown,
            } => write!(
                f,
                "--map {field}={header}: the file has no column '{header}'; the header has: {shown}"
            ),
            HeaderError::TwoColumns {
                field,
                first,
                second,
            } => write!(
                f,
                "columns {} ('{}') and {} ('{}') both mean '{field}'; choose one with --map {field}=HEADER",
                first.0, first.1, second.0, second.1
            ),
            HeaderError::Missing { fields, shown } => {
                let missing: Vec<String> = fields
                    .iter()
                    .map(|f| {
                        let mut names: Vec<&str> = f.synonyms()[1..].to_vec();
                        names.extend(f.weak_synonyms());
                        format!("'{f}' (or {})", names.join("/"))
                    })
                    .collect();
                write!(
                    f,
                    "missing required column{} {}; the header has: {shown}; name a column with \
                     --map FIELD=HEADER",
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join(", "),
                )
            }
            HeaderError::NotRecognised => Ok(()),
        }
    }
}

impl std::error::Error for HeaderError {}

/// `--map seller=出售人,buyer=收购人`: header names chosen by the user, which win over guessing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplicitMap(pub Vec<(Field, String)>);

impl FromStr for ExplicitMap {
    type Err = HeaderError;
    fn from_str(s: &str) -> Result<ExplicitMap, HeaderError> {
        let mut out = Vec::new();
        for pair in s.split(',').filter(|p| !p.trim().is_empty()) {
            let (field, header) = pair.split_once('=').ok_or_else(|| HeaderError::NotAPair {
                pair: pair.to_string(),
            })?;
            let field: Field = field.parse()?;
            if header.trim().is_empty() {
                return Err(HeaderError::NoHeader {
                    pair: pair.to_string(),
                    field,
                });
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
    pub fn merge(maps: &[ExplicitMap]) -> Result<ExplicitMap, HeaderError> {
        let mut out: Vec<(Field, String)> = Vec::new();
        for (f, h) in maps.iter().flat_map(|m| m.0.iter()) {
            if out.iter().any(|(g, _)| g == f) {
                return Err(HeaderError::MappedTwice { field: *f });
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
    /// The date column, if the file has one (without it every date is unknown).
    pub date: Option<usize>,
    pub unit: Option<usize>,
    pub source: Option<usize>,
    pub confidence: Option<usize>,
    /// The unit price and the amount paid, if the file has them.
    pub price: Option<usize>,
    pub amount: Option<usize>,
    /// The unit in the price header (`单价(元/斤)`): what its bare numbers are per.
    pub price_unit: Option<Unit>,
    /// The product column, if any (it wins over the product a species name says).
    pub product: Option<usize>,
    /// The unit written in the weight header (`重量(斤)`, `weight_kg`): the unit of its bare numbers.
    pub weight_unit: Option<Unit>,
    /// The weight column is a `数量` (quantity) column: its bare numbers need a unit.
    pub weight_needs_unit: bool,
    /// The note column (备注, 说明, remarks), if any: kept as each row's note.
    pub note: Option<usize>,
    /// The seller's and the buyer's place (卖方所在地, 买方所在地), if the file has them.
    pub seller_place: Option<usize>,
    pub buyer_place: Option<usize>,
}

impl ColumnMap {
    /// The position of a field's column, if the file has it.
    pub fn position(&self, field: Field) -> Option<usize> {
        match field {
            Field::Seller => Some(self.seller),
            Field::Buyer => Some(self.buyer),
            Field::Species => Some(self.species),
            Field::Weight => Some(self.weight),
            Field::Date => self.date,
            Field::Unit => self.unit,
            Field::Source => self.source,
            Field::Confidence => self.confidence,
            Field::Price => self.price,
            Field::Amount => self.amount,
            Field::Product => self.product,
            Field::Note => self.note,
            Field::SellerPlace => self.seller_place,
            Field::BuyerPlace => self.buyer_place,
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
            // `单价(元/斤)`: a price per 斤.
            let per = inner
                .strip_prefix('元')
                .map_or(inner, |p| p.trim_start_matches(['/', '每']));
            return (body[..i].to_string(), Unit::lookup(per));
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

/// Header cells a message lists before `… and N more`.
const SHOWN_HEADERS: usize = 30;

/// Maps header cells to fields: `explicit` pairs first (`--map`), then the synonyms, then the weak
/// synonyms of fields still missing. Extra columns are ignored.
///
/// # Errors
/// A `--map` header the file does not have; a required field with no column (the message names it,
/// the names that would be accepted, and lists the headers found); a field matched by two columns.
pub fn map_header(headers: &[String], explicit: &ExplicitMap) -> Result<ColumnMap, HeaderError> {
    let keys: Vec<(String, Option<Unit>)> = headers.iter().map(|h| header_key(h)).collect();
    // Cut as a cell is cut: each header clipped, and the list after SHOWN_HEADERS of them (a
    // 64 KB header line was once quoted whole).
    let shown = || -> String {
        let mut list: Vec<String> = headers
            .iter()
            .take(SHOWN_HEADERS)
            .map(|h| {
                crate::ingest::cell::text::clip(h.trim_start_matches('\u{feff}').trim())
                    .into_owned()
            })
            .collect();
        if headers.len() > SHOWN_HEADERS {
            list.push(format!("… and {} more", headers.len() - SHOWN_HEADERS));
        }
        list.join(", ")
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
            .ok_or_else(|| HeaderError::NoSuchColumn {
                field: *field,
                header: header.clone(),
                shown: shown(),
            })?;
        found[slot(*field)] = Some(i);
    }
    let taken = |found: &[Option<usize>], i: usize| found.contains(&Some(i));
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
                    return Err(HeaderError::TwoColumns {
                        field,
                        first: (j + 1, headers[j].trim().to_string()),
                        second: (i + 1, headers[i].trim().to_string()),
                    });
                }
                found[k] = Some(i);
                weak_weight |= pass_weak && field == Field::Weight;
            }
        }
    }
    let missing: Vec<Field> = Field::REQUIRED
        .iter()
        .filter(|f| found[slot(**f)].is_none())
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(HeaderError::Missing {
            fields: missing,
            shown: shown(),
        });
    }
    let get = |f: Field| found[slot(f)].unwrap_or_default();
    let weight = get(Field::Weight);
    Ok(ColumnMap {
        seller: get(Field::Seller),
        buyer: get(Field::Buyer),
        species: get(Field::Species),
        weight,
        date: found[slot(Field::Date)],
        unit: found[slot(Field::Unit)],
        source: found[slot(Field::Source)],
        confidence: found[slot(Field::Confidence)],
        price: found[slot(Field::Price)],
        amount: found[slot(Field::Amount)],
        price_unit: found[slot(Field::Price)].and_then(|i| keys[i].1),
        product: found[slot(Field::Product)],
        weight_unit: keys[weight].1,
        weight_needs_unit: weak_weight && keys[weight].1.is_none(),
        note: found[slot(Field::Note)],
        seller_place: found[slot(Field::SellerPlace)],
        buyer_place: found[slot(Field::BuyerPlace)],
    })
}

/// Headers that name a place without saying whose (`所在地`, `地址`, `place`): in a file of rows
/// such a column is not read (the seller's or the buyer's?), and a warning says how to name it.
pub const LONE_PLACE: &[&str] = &[
    "所在地",
    "地址",
    "地点",
    "住址",
    "籍贯",
    "户籍地",
    "地区",
    "place",
    "location",
    "address",
    "region",
];

/// Whether a header cell names a place without saying whose ([`LONE_PLACE`]).
pub fn is_lone_place(raw: &str) -> bool {
    LONE_PLACE.contains(&header_key(raw).0.as_str())
}

#[cfg(test)]
mod tests;
