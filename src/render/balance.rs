//! The mass balance for people and scripts: balance rows (ids and facts, from
//! [`crate::analysis::balance`]) with the case's names and the notes in words.

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::lang::Lang;
use super::{Cell, Col, Sheet};
use crate::analysis::balance::{BalanceRow, Note};
use crate::case::Case;
use crate::ingest::InputStats;
use crate::units::mg_to_kg;

/// What a balance row's note says, in words (Chinese under `--lang zh`, in the words of case files).
pub fn note_text(case: &Case, r: &BalanceRow, lang: Lang) -> String {
    if lang == Lang::Zh {
        return note_zh(case, r);
    }
    let name = |id: u32| case.data.species[id as usize].as_str();
    let label = r.species.map_or("all species", name);
    let names = |ids: &[u32]| ids.iter().map(|&o| name(o)).collect::<Vec<_>>();
    match &r.note {
        Note::None => String::new(),
        Note::NoPurchase => format!("sold {label} with no recorded purchase"),
        Note::UnknownRows(n) => format!(
            "{n} {} without a known weight",
            if *n == 1 { "row" } else { "rows" }
        ),
        Note::OtherLabels { generic, others } => {
            let others = names(others);
            if *generic {
                format!("rows of {} may be part of {label}", others.join(", "))
            } else {
                format!("rows labelled {} may include {label}", others.join(", "))
            }
        }
        Note::Counts => "compared as counts of animals".to_string(),
        Note::Mixed => "counts of animals and weights cannot be compared".to_string(),
        Note::EndBuyer => "never sells: an end buyer".to_string(),
        Note::Transformed { others } if r.species.is_none() => format!(
            "sums different products ({}): no verdict on parts added to animals",
            names(others).join(", ")
        ),
        Note::Transformed { others } => format!(
            "also trades {}: what came in as one product may have gone out as another; \
             comparable only with a factor (--conversions)",
            names(others).join(", ")
        ),
        Note::Converted => {
            let parts: Vec<String> = r
                .converted
                .iter()
                .map(|c| {
                    format!(
                        "bought {} × {} (source: {})",
                        name(c.from),
                        c.factor,
                        c.source
                    )
                })
                .collect();
            format!("converted in: {}", parts.join("; "))
        }
        Note::ConvertedInto(o) => {
            format!("bought to be converted into {}: compared there", name(*o))
        }
    }
}

/// [`note_text`] in Chinese.
fn note_zh(case: &Case, r: &BalanceRow) -> String {
    let name = |id: u32| case.data.species[id as usize].as_str();
    let label = r.species.map_or("全部物种", name);
    let names = |ids: &[u32]| ids.iter().map(|&o| name(o)).collect::<Vec<_>>().join("、");
    match &r.note {
        Note::None => String::new(),
        Note::NoPurchase => format!("出售{label}，但没有收购记录"),
        Note::UnknownRows(n) => format!("{n} 行重量不明"),
        Note::OtherLabels { generic, others } => {
            if *generic {
                format!("{}的记录可能属于{label}", names(others))
            } else {
                format!("标为{}的记录可能包括{label}", names(others))
            }
        }
        Note::Counts => "按数量（条/只/头）比较".to_string(),
        Note::Mixed => "数量与重量无法相比".to_string(),
        Note::EndBuyer => "只收购、不出售：终端买家".to_string(),
        Note::Transformed { others } if r.species.is_none() => {
            format!(
                "合计了不同形态（{}）：部分与整体相加，不作判断",
                names(others)
            )
        }
        Note::Transformed { others } => format!(
            "也交易{}：收进的一种形态可能以另一种形态售出；须有换算系数（--conversions）方可比较",
            names(others)
        ),
        Note::Converted => {
            let parts: Vec<String> = r
                .converted
                .iter()
                .map(|c| format!("收购{} × {}（来源：{}）", name(c.from), c.factor, c.source))
                .collect();
            format!("换算计入：{}", parts.join("；"))
        }
        Note::ConvertedInto(o) => format!("收购后加工为{}：在该项下比较", name(*o)),
    }
}

/// Which rows with a cell problem a balance row rests on: `case.csv row 7 (+2 more)`, or empty.
fn problem_cell(case: &Case, r: &BalanceRow, lang: Lang) -> Cell {
    let Some(first) = r.first_problem_row else {
        return Cell::Empty;
    };
    let (file, row) = first;
    let name = case
        .data
        .sources
        .get(file as usize)
        .map_or("?", |s| s.name.as_str());
    let mut text = match lang {
        Lang::En => format!("{name} row {row}"),
        Lang::Zh => format!("{name} 第 {row} 行"),
    };
    if r.problem_rows > 1 {
        let more = r.problem_rows - 1;
        text.push_str(&match lang {
            Lang::En => format!(" (+{more} more)"),
            Lang::Zh => format!("（另有 {more} 行）"),
        });
    }
    Cell::text(text)
}

fn converted_mg(r: &BalanceRow) -> Option<i64> {
    (!r.converted.is_empty()).then(|| r.converted.iter().map(|c| c.mg).sum())
}

/// Balance rows as JSON: a list of objects naming the party and species, weights in kg, notes
/// in `lang`.
pub struct BalanceViews<'a> {
    pub case: &'a Case,
    pub rows: &'a [BalanceRow],
    pub lang: Lang,
}

impl Serialize for BalanceViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.rows.iter().map(|r| One(self.case, r, self.lang)))
    }
}

/// The JSON of `wildchain balance`.
#[derive(Serialize)]
pub struct BalanceReport<'a> {
    pub input: InputStats,
    pub rows: BalanceViews<'a>,
}

struct One<'a>(&'a Case, &'a BalanceRow, Lang);

impl Serialize for One<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let One(case, r, lang) = *self;
        let d = &case.data;
        let mut m = s.serialize_struct("Balance", 15)?;
        m.serialize_field("party", &d.parties[r.party as usize])?;
        m.serialize_field("species", &r.species.map(|id| &d.species[id as usize]))?;
        m.serialize_field("bought_kg", &r.bought_kg())?;
        m.serialize_field("sold_kg", &r.sold_kg())?;
        m.serialize_field("difference_kg", &r.difference_kg())?;
        m.serialize_field("status", r.status.name())?;
        m.serialize_field("negative_stock_date", &r.negative_stock_date)?;
        m.serialize_field("bought_count", &r.bought_count.map(|c| c as f64))?;
        m.serialize_field("sold_count", &r.sold_count.map(|c| c as f64))?;
        m.serialize_field("unknown_weight_rows", &r.unknown_rows)?;
        m.serialize_field(
            "first_unknown_row",
            &r.first_unknown_row.map(|f| case.locate(f)),
        )?;
        m.serialize_field("note", &note_text(case, r, lang))?;
        // Only on lines that rest on a row with a cell problem, so that data read whole (and
        // links, which have none) keep their shape.
        if r.problem_rows > 0 {
            m.serialize_field("problem_rows", &r.problem_rows)?;
            m.serialize_field(
                "first_problem_row",
                &r.first_problem_row.map(|f| case.locate(f)),
            )?;
        }
        if !r.converted.is_empty() {
            let conv: Vec<serde_json::Value> = r
                .converted
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "from": &d.species[c.from as usize],
                        "from_kg": mg_to_kg(c.from_mg),
                        "factor": c.factor,
                        "source": c.source,
                        "kg": mg_to_kg(c.mg),
                    })
                })
                .collect();
            m.serialize_field("converted", &conv)?;
        }
        m.end()
    }
}

/// Balance rows as a sheet; a `converted in` column (purchases of other products converted into
/// the row's with a stated factor) is added when a row has one, so that other data keeps its shape.
/// Notes and `(all)` in `lang`.
pub fn balance_sheet(case: &Case, rows: &[BalanceRow], lang: Lang) -> Sheet {
    let converted = rows.iter().any(|r| !r.converted.is_empty());
    let problems = rows.iter().any(|r| r.problem_rows > 0);
    let mut cols = vec![
        Col::new("party", "party"),
        Col::new("species", "species"),
        Col::new("bought_kg", "bought"),
        Col::new("sold_kg", "sold"),
        Col::new("difference_kg", "sold − bought"),
        Col::new("status", "status"),
        Col::new("negative_stock_date", "stock < 0 on"),
        Col::new("bought_count", "animals in"),
        Col::new("sold_count", "animals out"),
        Col::new("unknown_weight_rows", "rows w/o weight"),
        Col::new("note", "note"),
    ];
    if problems {
        cols.push(Col::new("problem_rows", "rests on rows with a problem"));
    }
    if converted {
        cols.insert(3, Col::new("converted_kg", "converted in"));
    }
    let mut s = Sheet::new(&cols);
    let d = &case.data;
    for r in rows {
        let mut row = vec![
            Cell::text(&d.parties[r.party as usize]),
            r.species
                .map_or(Cell::text(lang.pick("(all)", "（全部）")), |id| {
                    Cell::text(&d.species[id as usize])
                }),
            Cell::Kg(r.bought_kg()),
            Cell::Kg(r.sold_kg()),
            Cell::Kg(r.difference_kg()),
            Cell::text(r.status.name()),
            Cell::opt_text(r.negative_stock_date.map(|d| d.to_string())),
            Cell::Num(r.bought_count.map(|c| c as f64)),
            Cell::Num(r.sold_count.map(|c| c as f64)),
            Cell::Int(r.unknown_rows),
            Cell::text(note_text(case, r, lang)),
        ];
        if problems {
            row.push(problem_cell(case, r, lang));
        }
        if converted {
            row.insert(
                3,
                converted_mg(r).map_or(Cell::Empty, |mg| Cell::Kg(Some(mg_to_kg(mg)))),
            );
        }
        s.push(row);
    }
    s
}
