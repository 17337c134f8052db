//! Pre-aggregated links as input (`--links FILE`): for data sets too large for one machine, an
//! engine such as Spark or DataFusion groups the rows by (seller, buyer, species) and hands
//! wildchain one row per group. `wildchain links` writes the same format from raw rows.
//!
//! Each link row stands for `transactions` rows: its record carries [`LinkColumns`] (rows stood
//! for, and of them with a known weight, a count of animals, an approximate figure, a confidence),
//! and every tally sums them instead of counting records. Dates are the link's first and last
//! date, so time analyses see one interval per link where raw rows would give one date per row.
//! `sources` is a JSON list of the link's sources; `confidence` is the surest confidence of its
//! rows.
//!
//! Party and species names go through the same aliases and species table as raw rows.

use std::collections::HashMap;

use crate::ingest::error::{Context as _, Error, Place, Result};

use super::canonical::{Made, Names};
use super::distinct::NONE;
use super::encode::Dict;
use super::read::read_columns;
use super::records::{DateInfo, Holds, LinkColumns, Money, Quantity, Records, Tables};
use crate::ingest::cell::confidence::parse_confidence;
use crate::ingest::cell::date::parse_date;
use crate::ingest::cell::reason::{Column, Kind, Reason};
use crate::ingest::open::open_table;
use crate::ingest::{Dataset, IngestOptions, Reject, Source, SourceInfo};
use crate::units::{MAX_COUNT, MAX_KG, kg_to_mg};

/// The columns of a links file, in the order `wildchain links` writes them. The optional ones
/// default to: no unknown rows when a weight is given (all unknown otherwise), no count, nothing
/// approximate, no confidence, no sources.
pub const COLUMNS: [&str; 21] = [
    "seller",
    "buyer",
    "species",
    "weight_kg",
    "transactions",
    "unknown_weight",
    "count",
    "counted",
    "first_date",
    "last_date",
    "approx_rows",
    "confidence",
    "confidence_rows",
    "sources",
    "weighed_and_counted",
    "amount_yuan",
    "amount_rows",
    "amount_weighed_yuan",
    "weight_priced_kg",
    "amount_counted_yuan",
    "count_priced",
];
const REQUIRED: [&str; 7] = [
    "seller",
    "buyer",
    "species",
    "weight_kg",
    "transactions",
    "first_date",
    "last_date",
];

/// The cells of every link row, by column of [`COLUMNS`]: party and species names coded, the
/// rest as text.
struct Cells {
    names: [Dict; 3],
    codes: [Vec<u32>; 3],
    text: Vec<Vec<Option<String>>>,
    file: Vec<u32>,
    row: Vec<u32>,
}

/// Reads links files into a [`Dataset`] whose records are links.
///
/// # Errors
/// A file that cannot be read or lacks a required column. Bad rows are rejected with a reason.
pub fn load_links(sources: &[Source], opts: &IngestOptions) -> Result<Dataset> {
    let mut cells = Cells {
        names: [Dict::new(), Dict::new(), Dict::new()],
        codes: [Vec::new(), Vec::new(), Vec::new()],
        text: vec![Vec::new(); COLUMNS.len()],
        file: Vec::new(),
        row: Vec::new(),
    };
    let mut infos = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let name = source.name();
        let (header, origin, mut format) =
            open_table(source, opts).with_context(|| name.clone())?;
        let lower: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| !lower.iter().any(|h| h == c))
            .collect();
        if !missing.is_empty() {
            return Err(Error::from(Place::file(
                &name,
                crate::ingest::error::Why::LinksColumns {
                    required: &REQUIRED,
                    missing: missing.iter().map(|m| m.to_string()).collect(),
                    header: header.clone(),
                },
            )));
        }
        let positions: Vec<Option<usize>> = COLUMNS
            .iter()
            .map(|c| lower.iter().position(|h| h == c))
            .collect();
        let (columns, height) =
            read_columns(&origin, &positions).with_context(|| format!("cannot read {name}"))?;
        for (k, column) in columns.iter().enumerate() {
            match (k, column) {
                (0..=2, Some(c)) => cells.names[k].encode(c, &mut cells.codes[k]),
                (0..=2, None) => cells.codes[k].resize(cells.codes[k].len() + height, 0),
                (_, Some(c)) => cells.text[k].extend(c.iter().map(|v| v.map(str::to_string))),
                (_, None) => {
                    let n = cells.text[k].len() + height;
                    cells.text[k].resize(n, None)
                }
            }
        }
        cells.file.resize(cells.file.len() + height, i as u32);
        // Rows as the user's program shows them: the line of text a link starts on.
        let rows = match &origin {
            crate::ingest::open::Origin::Csv { bytes, skip, .. } => {
                crate::ingest::open::numbered::rows_of(bytes, *skip, None)?.1
            }
            _ => crate::ingest::open::numbered::RowNumbers::counted(1),
        };
        format.first_row = rows.first;
        cells
            .row
            .extend((0..height as u64).map(|k| u32::try_from(rows.row(k)).unwrap_or(u32::MAX)));
        let read: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|c| lower.iter().any(|h| h == c))
            .collect();
        format
            .notes
            .push(crate::ingest::open::note::Note::LinksFile {
                columns: read.iter().map(|c| c.to_string()).collect(),
            });
        infos.push(SourceInfo {
            name,
            header,
            format,
            origin,
            rows,
        });
    }
    parse(cells, infos, opts)
}

/// What one link row says, once checked.
struct Link {
    kg: Option<f64>,
    count: Option<f64>,
    transactions: u32,
    known: u32,
    counted: u32,
    approx: u32,
    confident: u32,
    confidence: u8,
    date: Option<DateInfo>,
    sources: Vec<String>,
    both: u32,
    money: Money,
    priced: u32,
}

fn parse(cells: Cells, sources: Vec<SourceInfo>, opts: &IngestOptions) -> Result<Dataset> {
    let trimmed: Vec<Vec<&str>> = cells
        .names
        .iter()
        // `links` output guards names against formulas (a leading `'`): read them back as written.
        .map(|d| {
            d.values
                .iter()
                .map(|v| crate::ingest::cell::text::formula_unguarded(v.trim()))
                .collect()
        })
        .collect();
    let names = Names::of(
        [
            (trimmed[0].as_slice(), cells.names[0].counts.as_slice()),
            (trimmed[1].as_slice(), cells.names[1].counts.as_slice()),
            (trimmed[2].as_slice(), cells.names[2].counts.as_slice()),
        ],
        opts,
        false,
    );
    let text = |k: usize, i: usize| -> Option<&str> {
        cells.text[k][i]
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };

    // One pass over the link rows (a links file is the small, aggregated side).
    let mut rec = Records {
        links: Some(LinkColumns::default()),
        ..Records::default()
    };
    let mut quantities: Vec<Quantity> = Vec::new();
    let mut quantity_ids: HashMap<Quantity, u32> = HashMap::new();
    let mut dates: Vec<DateInfo> = Vec::new();
    let mut record_dates: Vec<Option<u32>> = Vec::new();
    let mut lists: Vec<Vec<String>> = vec![Vec::new()];
    let mut list_ids: HashMap<Vec<String>, u32> = HashMap::new();
    let mut rejects = Vec::new();
    let mut approx_rows = 0u64;
    let mut money = vec![Money::default()];
    let mut money_ids: HashMap<Money, u32> = HashMap::new();
    for i in 0..cells.file.len() {
        let ids = [0, 1, 2].map(|k| names.ids[k][cells.codes[k][i] as usize]);
        let mut why = Vec::new();
        for (k, (id, column)) in ids
            .iter()
            .zip([Column::Seller, Column::Buyer, Column::Species])
            .enumerate()
        {
            if *id == NONE {
                let cell = trimmed[k][cells.codes[k][i] as usize];
                why.push(Reason::new(column, Kind::no_name(cell)));
            }
        }
        if ids[0] != NONE && ids[0] == ids[1] {
            why.push(Reason::new(
                Column::Seller,
                Kind::SameParty {
                    party: trimmed[0][cells.codes[0][i] as usize].to_string(),
                },
            ));
        }
        let link = check(&|k| text(k, i), &mut why);
        let Some(link) = link.filter(|_| why.is_empty()) else {
            rejects.push(Reject {
                source: cells.file[i] as usize,
                row: u64::from(cells.row[i]),
                reasons: why,
            });
            continue;
        };
        let q = Quantity {
            mg: link.kg.map(kg_to_mg),
            count: link.count.map(|c| c.round() as i64),
            approx: false,
            state: None,
        };
        let next = quantities.len() as u32;
        let qid = *quantity_ids.entry(q).or_insert(next);
        if qid == next {
            quantities.push(q);
        }
        let sid = if link.sources.is_empty() {
            0
        } else {
            let next = lists.len() as u32;
            let id = *list_ids.entry(link.sources.clone()).or_insert(next);
            if id == next {
                lists.push(link.sources);
            }
            id
        };
        record_dates.push(link.date.map(|d| {
            dates.push(d);
            dates.len() as u32 - 1
        }));
        approx_rows += u64::from(link.approx);
        rec.file.push(cells.file[i]);
        rec.row.push(cells.row[i]);
        rec.seller.push(ids[0]);
        rec.buyer.push(ids[1]);
        rec.species.push(ids[2]);
        rec.quantity.push(qid);
        rec.source.push(sid);
        rec.confidence.push(link.confidence);
        if let Some(l) = &mut rec.links {
            l.transactions.push(link.transactions);
            l.known.push(link.known);
            l.counted.push(link.counted);
            l.approx.push(link.approx);
            l.confident.push(link.confident);
            l.both.push(link.both);
            l.priced.push(link.priced);
        }
        rec.money.push(if link.money == Money::default() {
            0
        } else {
            let next = money.len() as u32;
            let id = *money_ids.entry(link.money).or_insert(next);
            if id == next {
                money.push(link.money);
            }
            id
        });
    }
    let (mut tables, codes) = Tables::with_dates(quantities, dates, lists);
    if money.len() > 1 {
        tables.money = money;
    } else {
        rec.money.clear();
    }
    if let Some(l) = &mut rec.links {
        for v in [&mut l.both, &mut l.priced] {
            if v.iter().all(|&x| x == 0) {
                v.clear();
            }
        }
    }
    rec.date = record_dates
        .into_iter()
        .map(|d| d.map_or(0, |d| codes[d as usize]))
        .collect();
    super::records::check_totals(&rec, &tables)?;
    if rec.source.iter().all(|&s| s == 0) {
        rec.source.clear();
    }
    if rec.confidence.iter().all(|&c| c == 0) {
        rec.confidence.clear();
    }
    let made = Made {
        holds: Holds::Links,
        records: rec,
        tables,
        rows: cells.file.len() as u64,
        rejects,
        problems: Vec::new(),
        sources,
        blank_rows: 0,
        approx_rows,
    };
    let mut ds = names.dataset(made, opts);
    super::places::gather(&mut ds, None, opts)?;
    Ok(ds)
}

/// Checks the figures, dates, confidence and sources of one link row (its cells by column of
/// [`COLUMNS`]), adding a reason to `why` for each that is wrong.
fn check<'a>(cell: &dyn Fn(usize) -> Option<&'a str>, why: &mut Vec<Reason>) -> Option<Link> {
    let cell_of = |c: Column| cell(COLUMNS.iter().position(|n| *n == c.name()).unwrap_or(0));
    let num = |c: Column, max: f64, why: &mut Vec<Reason>| -> Option<f64> {
        let s = cell_of(c)?;
        let value = || s.to_string();
        match s.parse::<f64>() {
            Ok(x) if x >= 0.0 && x.is_finite() && x <= max => Some(x),
            Ok(x) if x.is_finite() && x > max => {
                why.push(Reason::new(c, Kind::TooLarge { value: value() }));
                None
            }
            _ => {
                why.push(Reason::new(
                    c,
                    Kind::NotANumberAtLeastZero { value: value() },
                ));
                None
            }
        }
    };
    let rows = f64::from(u32::MAX);
    let kg = num(Column::WeightKg, MAX_KG, why);
    let tx = num(Column::Transactions, rows, why);
    let count = num(Column::Count, MAX_COUNT, why);
    let unknown = num(Column::UnknownWeight, rows, why);
    let counted = num(Column::Counted, rows, why);
    let approx = num(Column::ApproxRows, rows, why);
    let confident = num(Column::ConfidenceRows, rows, why);
    let both = num(Column::WeighedAndCounted, rows, why);
    // A link's amount sums its rows: exact in fen (past 2^53 fen a double would round it) and
    // held to what a case may total, not to one cell's 1 万亿元.
    let money = |c: Column, why: &mut Vec<Reason>| -> Option<i64> {
        let s = cell_of(c)?;
        let fen = crate::ingest::cell::money::decimal_fen(s).or_else(|| {
            // Another way of writing a number (`1.5e3`): through a double, as before.
            let x = s
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)?;
            Some((x * 100.0).round() as i128)
        });
        match fen {
            Some(f) if f <= i128::from(crate::units::MAX_TOTAL) => i64::try_from(f).ok(),
            Some(_) => {
                why.push(Reason::new(
                    c,
                    Kind::TooLarge {
                        value: s.to_string(),
                    },
                ));
                None
            }
            None => {
                why.push(Reason::new(
                    c,
                    Kind::NotANumberAtLeastZero {
                        value: s.to_string(),
                    },
                ));
                None
            }
        }
    };
    let amount = money(Column::AmountYuan, why);
    let priced = num(Column::AmountRows, rows, why);
    let weighed_fen = money(Column::AmountWeighedYuan, why);
    let priced_kg = num(Column::WeightPricedKg, MAX_KG, why);
    let counted_fen = money(Column::AmountCountedYuan, why);
    let priced_count = num(Column::CountPriced, MAX_COUNT, why);
    let confidence = match cell_of(Column::Confidence).map(parse_confidence) {
        None | Some(Ok(None)) => 0,
        Some(Ok(Some(c))) => c.code(),
        Some(Err(kind)) => {
            why.push(Reason::new(Column::Confidence, kind));
            0
        }
    };
    let sources = match cell_of(Column::Sources).map(parse_sources) {
        None => Vec::new(),
        Some(Ok(mut list)) => {
            list.sort_unstable();
            list.dedup();
            list
        }
        Some(Err(kind)) => {
            why.push(Reason::new(Column::Sources, kind));
            Vec::new()
        }
    };
    let tx = match tx {
        Some(t) if t >= 1.0 && t.fract() == 0.0 => t as u32,
        _ => {
            // Once per row: not when the number was already refused.
            if why.iter().all(|w| w.column != Column::Transactions) {
                why.push(Reason::new(
                    Column::Transactions,
                    Kind::TransactionsNotWhole,
                ));
            }
            0
        }
    };
    let unknown = unknown.map_or(if kg.is_some() { 0 } else { tx }, |u| u as u32);
    let approx = approx.map_or(0, |a| a as u32);
    let confident = confident.map_or(if confidence > 0 { tx } else { 0 }, |c| c as u32);
    let both = both.map_or(0, |b| b as u32);
    let priced = priced.map_or(if amount.is_some() { tx } else { 0 }, |p| p as u32);
    let money = Money {
        fen: amount,
        weighed_fen: weighed_fen.unwrap_or(0),
        weighed_mg: priced_kg.map_or(0, kg_to_mg),
        counted_fen: counted_fen.unwrap_or(0),
        counted: priced_count.map_or(0, |c| c.round() as i64),
        ..Money::default()
    };
    // Rows stood for, of some kind, cannot be more than the rows (a rows file has no way to say so).
    let counted_rows = counted.map_or(0, |c| c.min(f64::from(u32::MAX)) as u32);
    for (column, rows) in [
        (Column::Counted, counted_rows),
        (Column::WeighedAndCounted, both),
        (Column::AmountRows, priced),
    ] {
        if rows > tx {
            why.push(Reason::new(
                column,
                Kind::TooLarge {
                    value: format!("{rows} (more than the {tx} transactions)"),
                },
            ));
        }
    }
    if approx > tx || confident > tx {
        why.push(Reason::new(
            Column::ApproxRows,
            Kind::RowsExceedTransactions {
                approx,
                confident,
                transactions: tx,
            },
        ));
    }
    if unknown > tx || (kg.is_none() && unknown != tx) {
        why.push(Reason::new(
            Column::UnknownWeight,
            Kind::UnknownWeightMisfit {
                unknown,
                transactions: tx,
                weight_kg: cell_of(Column::WeightKg).unwrap_or("").to_string(),
            },
        ));
    }
    let dates = [Column::FirstDate, Column::LastDate].map(|c| match cell_of(c).map(parse_date) {
        None => Ok(None),
        Some(Ok(span)) => Ok(span),
        Some(Err(kind)) => Err(Reason::new(c, kind)),
    });
    let [first, last] = dates;
    let (first, last) = match (first, last) {
        (Ok(f), Ok(l)) => (f, l),
        (f, l) => {
            why.extend(f.err());
            why.extend(l.err());
            (None, None)
        }
    };
    // The first day after the last: a rows file refuses such a range (`DateRangeBackwards`).
    if let (Some(f), Some(l)) = (first, last)
        && f.from > l.to
    {
        let cell = |c: Column| cell_of(c).unwrap_or("").to_string();
        why.push(Reason::new(
            Column::LastDate,
            Kind::DateRangeBackwards {
                date: format!("{} to {}", cell(Column::FirstDate), cell(Column::LastDate)),
            },
        ));
    }
    if !why.is_empty() {
        return None;
    }
    let (first, last) = (first.or(last), last.or(first));
    let date = first.zip(last).map(|(f, l)| DateInfo {
        start: f.start,
        from: f.from,
        to: l.to,
        end: l.end,
        time: None,
    });
    Some(Link {
        kg,
        count,
        transactions: tx,
        known: tx - unknown,
        counted: counted.map_or(u32::from(count.is_some()) * unknown.min(tx), |c| c as u32),
        approx,
        confident,
        confidence,
        date,
        sources,
        both,
        money,
        priced,
    })
}

/// The sources of a link: a JSON list of strings, as `wildchain links` writes it.
///
/// # Errors
/// [`Kind::NotASourceList`] for a cell that is not a JSON list of strings.
pub fn parse_sources(cell: &str) -> std::result::Result<Vec<String>, Kind> {
    serde_json::from_str(cell).map_err(|_| Kind::NotASourceList {
        value: cell.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reasons `check` gives for a link row of these (column, cell) pairs.
    fn reasons(cells: &[(&str, &'static str)]) -> Vec<Reason> {
        let mut why = Vec::new();
        let cell = |k: usize| {
            cells
                .iter()
                .find(|(c, _)| *c == COLUMNS[k])
                .map(|(_, v)| *v)
        };
        check(&cell, &mut why);
        why
    }

    #[test]
    fn a_sources_cell_naming_transactions_does_not_hide_a_bad_transactions_count() {
        let why = reasons(&[
            ("weight_kg", "1"),
            ("transactions", "0"),
            ("sources", "[transactions"),
        ]);
        assert_eq!(
            why,
            [
                Reason::new(
                    Column::Sources,
                    Kind::NotASourceList {
                        value: "[transactions".to_string()
                    }
                ),
                Reason::new(Column::Transactions, Kind::TransactionsNotWhole),
            ]
        );
    }

    #[test]
    fn every_column_a_link_reason_names_is_a_links_column() {
        for c in [
            Column::Seller,
            Column::Buyer,
            Column::Species,
            Column::WeightKg,
            Column::Transactions,
            Column::UnknownWeight,
            Column::Count,
            Column::Counted,
            Column::FirstDate,
            Column::LastDate,
            Column::ApproxRows,
            Column::Confidence,
            Column::ConfidenceRows,
            Column::Sources,
        ] {
            assert!(COLUMNS.contains(&c.name()), "{c}");
        }
    }

    #[test]
    fn a_refused_transactions_count_is_not_reported_twice() {
        let why = reasons(&[("weight_kg", "1"), ("transactions", "-2")]);
        assert_eq!(
            why,
            [Reason::new(
                Column::Transactions,
                Kind::NotANumberAtLeastZero {
                    value: "-2".to_string()
                }
            )]
        );
        let why = reasons(&[("weight_kg", "1")]);
        assert_eq!(
            why,
            [Reason::new(
                Column::Transactions,
                Kind::TransactionsNotWhole
            )]
        );
    }
}
