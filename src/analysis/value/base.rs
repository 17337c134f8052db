//! Base values per animal (`--values FILE`): who states them and as of when, read from the
//! analyst's file and checked against the species table the case is read with.

/// Base values per animal, from the user (`--values FILE`): none are embedded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BaseValues {
    pub rows: Vec<BaseValue>,
}

/// One base value: the taxon (as the species table names it), 元 per animal in fen, who states
/// it and as of when.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseValue {
    pub taxon: String,
    pub fen: i64,
    pub source: String,
    pub as_of: String,
    /// The row of the file (1-based, the header not counted), for messages.
    pub row: u64,
}

impl BaseValues {
    /// Reads a CSV of base values: `taxon`, `base_value_yuan` (元 per animal; `1.2万元` and the
    /// other forms of money cells are read), `source`, `as_of` (headers also in Chinese: 物种,
    /// 基准价值, 来源, 日期).
    ///
    /// A row whose cells are all empty is a blank row of the spreadsheet: skipped by the reader.
    ///
    /// # Errors
    /// A missing column, or a row whose value is not money, whose source is empty or whose
    /// `as_of` is not a date (a year, a month or a day): an
    /// [`ingest::Error::At`](crate::ingest::Error) whose [`Place`](crate::ingest::error::Place)
    /// names `origin` and the row, the column and value in its words.
    pub fn parse(text: &str, origin: &str) -> crate::ingest::error::Result<BaseValues> {
        use crate::ingest::error::{At, Place, Why};
        let rdr = crate::ingest::small_csv::read(text, origin, true)?;
        let need = |names: &[&str]| {
            rdr.column(names).ok_or_else(|| {
                Place::file(
                    origin,
                    Why::BaseValueColumns {
                        missing: names[0].to_string(),
                        header: rdr.header().to_vec(),
                    },
                )
            })
        };
        let taxon = need(&["taxon", "物种", "species"])?;
        let value = need(&["base_value_yuan", "基准价值", "base_value"])?;
        let source = need(&["source", "来源", "依据"])?;
        let as_of = need(&["as_of", "日期", "as-of"])?;
        let mut rows = Vec::new();
        for rec in rdr {
            let (row, rec) = rec?;
            let cell = |k: usize| rec.get(k).unwrap_or("").trim().to_string();
            let at = |why: Why| Place::at(origin, At::Row(row), why);
            let v = cell(value);
            let fen = match crate::ingest::money::parse_money(&v) {
                Ok(Some(w)) if w.per.is_none() || w.per == Some(crate::ingest::Per::Animal) => {
                    w.fen
                }
                Ok(_) => return Err(at(Why::NotPerAnimal { value: v }).into()),
                Err(kind) => {
                    return Err(at(format!("column 'base_value_yuan': {kind}").into()).into());
                }
            };
            if cell(taxon).is_empty() || cell(source).is_empty() {
                return Err(at(Why::NeedsTaxonAndSource).into());
            }
            let date = cell(as_of);
            if !date.is_empty() && !is_as_of(&date) {
                return Err(Place::cell(origin, row, "as_of", &date, Why::NotAsOf).into());
            }
            rows.push(BaseValue {
                taxon: cell(taxon),
                fen,
                source: cell(source),
                as_of: date,
                row,
            });
        }
        Ok(BaseValues { rows })
    }

    /// Checks the base values against the species table the case is read with: each taxon is
    /// a name of the table, and no taxon has two base values (by any of its names), where the
    /// first would win without a word.
    ///
    /// # Errors
    /// The first row that fails, naming `origin`, the row, column `taxon` and its value.
    pub fn check(
        &self,
        table: &crate::ingest::SpeciesTable,
        origin: &str,
    ) -> crate::ingest::error::Result<()> {
        use crate::ingest::error::{Place, Why};
        let mut seen: std::collections::HashMap<u32, u64> = std::collections::HashMap::new();
        for b in &self.rows {
            let at = |why: Why| Place::cell(origin, b.row, "taxon", &b.taxon, why);
            let Some(t) = table.resolve(&b.taxon).and_then(|l| l.taxon) else {
                return Err(at(Why::TaxonNotInTable).into());
            };
            if let Some(first) = seen.insert(t, b.row) {
                let why = Why::TaxonTwice {
                    name: table.row(t).name_zh.clone(),
                    first,
                };
                return Err(at(why).into());
            }
        }
        Ok(())
    }
}

/// Whether an `as_of` cell is a date: a year (`2017`, `2017年`), or a month or day as the date
/// cells of a case are read.
fn is_as_of(cell: &str) -> bool {
    let year = cell.strip_suffix('年').unwrap_or(cell);
    (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
        || matches!(crate::ingest::date::parse_date(cell), Ok(Some(_)))
}
