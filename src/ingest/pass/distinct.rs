//! Each distinct cell judged once: party and species names, dates, confidence, sources and
//! (weight, unit) pairs of the coded cells are trimmed, named and parsed into the tables the
//! records point into; then the rows are gathered ([`super::gather`]).

use std::collections::HashMap;

use crate::ingest::error::{Error, Result};

use super::canonical::{Made, Names};
use super::gather::{Gather, Gathered};
use super::read::{
    AMOUNT, BUYER, CONFIDENCE, Cells, DATE, NOTE, PRICE, SELLER, SOURCE, SPECIES, UNIT, WEIGHT,
};
use super::records::{DateInfo, Holds, Quantity, Tables};
use crate::ingest::cell::confidence::parse_confidence;
use crate::ingest::cell::date::parse_date_in;
use crate::ingest::cell::reason::{Column, Kind, Reason};
use crate::ingest::cell::weight::{Bare, parse_weight};
use crate::ingest::{Dataset, IngestOptions, SourceInfo};
use crate::units::{MAX_COUNT, MAX_KG, Unit, kg_to_mg};

/// No party or species (an empty cell).
pub(super) const NONE: u32 = u32::MAX;
/// Marks a code that is an index into the errors of distinct cells.
pub(super) const ERROR: u32 = 1 << 31;
/// A name cell that marks a total line (`合计`): no party or species.
pub(super) const TOTAL: u32 = u32::MAX - 1;

/// Trims, names and parses every distinct cell, then splits the rows into accepted records
/// and rejects; with them, when the sources have place columns, what the records say of the
/// parties' places and the forms of the places that resolve to no division (for
/// [`super::places::gather`]).
pub(super) fn validate(
    cells: Cells,
    opts: &IngestOptions,
    sources: Vec<SourceInfo>,
) -> Result<(Dataset, Option<super::places::RowPlaces>)> {
    let trimmed: Vec<Vec<&str>> = cells
        .dicts
        .iter()
        .map(|d| d.values.iter().map(|v| v.trim()).collect())
        .collect();

    let t0 = crate::timing::Timer::new("validate: names");
    let names = Names::of(
        [
            (&trimmed[SELLER], &cells.dicts[SELLER].counts),
            (&trimmed[BUYER], &cells.dicts[BUYER].counts),
            (&trimmed[SPECIES], &cells.dicts[SPECIES].counts),
        ],
        opts,
        true,
    );
    let (seller_id, buyer_id, species_id) = (&names.ids[0], &names.ids[1], &names.ids[2]);

    drop(t0);
    let t1 = crate::timing::Timer::new("validate: dates, weights");
    // Dates, confidence and sources: one parse per distinct cell; the reason a bad cell is
    // refused is kept once, and shared by every row that has the cell.
    let mut errors: Vec<Reason> = Vec::new();
    let mut error = |column: Column, kind: Kind| -> u32 {
        errors.push(Reason::new(column, kind));
        ERROR | (errors.len() as u32 - 1)
    };
    let mut infos: Vec<DateInfo> = Vec::new();
    // For a date cell that cannot be read, what the row keeps: 0 (unknown) or, for a day the
    // month does not have, the month (an index from 1 into `infos`, as `date_raw`).
    let mut date_kept_raw: Vec<u32> = vec![0; trimmed[DATE].len()];
    let date_raw: Vec<u32> = (trimmed[DATE].iter().enumerate())
        .map(|(code, t)| match parse_date_in(t, opts.year) {
            Ok(None) => 0,
            Ok(Some(span)) => {
                infos.push(DateInfo {
                    start: span.start,
                    from: span.from,
                    to: span.to,
                    end: span.end,
                    time: span.time,
                });
                infos.len() as u32
            }
            Err(kind) => {
                if let Some(month) = month_of(t, &kind) {
                    infos.push(month);
                    date_kept_raw[code] = infos.len() as u32;
                }
                error(Column::Date, kind)
            }
        })
        .collect();
    let confidence: Vec<u32> = trimmed[CONFIDENCE]
        .iter()
        .map(|t| match parse_confidence(t) {
            Ok(m) => m.map_or(0, |m| u32::from(m.code())),
            Err(kind) => error(Column::Confidence, kind),
        })
        .collect();
    let mut source_lists: Vec<Vec<String>> = vec![Vec::new()];
    let mut source_ids: HashMap<&str, u32> = HashMap::new();
    let source_id: Vec<u32> = trimmed[SOURCE]
        .iter()
        .map(|t| {
            if t.is_empty() {
                return 0;
            }
            *source_ids.entry(t).or_insert_with(|| {
                source_lists.push(vec![t.to_string()]);
                source_lists.len() as u32 - 1
            })
        })
        .collect();
    let (mut tables, date_code) = Tables::with_dates(Vec::new(), infos, source_lists);
    let date_id: Vec<u32> = date_raw
        .iter()
        .map(|&d| match d {
            0 => 0,
            d if d & ERROR != 0 => d,
            d => date_code[d as usize - 1],
        })
        .collect();
    let date_kept: Vec<u32> = (date_kept_raw.iter())
        .map(|&d| match d {
            0 => 0,
            d => date_code[d as usize - 1],
        })
        .collect();

    // Weights: one parse per distinct (weight, unit, bare unit), found as the rows come.
    let bares: Vec<Bare> = cells.parts.iter().fold(Vec::new(), |mut b, p| {
        if !b.contains(&p.bare) {
            b.push(p.bare);
        }
        b
    });
    let bare_index = |bare: &Bare| bares.iter().position(|b| b == bare).unwrap_or(0);
    let mut weights = WeightTable::new(
        cells.dicts[WEIGHT].len(),
        cells.dicts[UNIT].len(),
        bares.len(),
    );
    let mut parser = WeightParser {
        weights: &trimmed[WEIGHT],
        units: &trimmed[UNIT],
        bares: &bares,
        quantities: Vec::new(),
        ids: HashMap::new(),
    };

    // Every (weight, unit, bare unit) of the rows, parsed once, before the rows are split.
    let mut start = 0usize;
    for part in &cells.parts {
        let b = bare_index(&part.bare);
        for i in start..start + part.rows {
            weights.get(
                cells.code(WEIGHT, i),
                cells.code(UNIT, i),
                b,
                &mut parser,
                &mut errors,
            );
        }
        start += part.rows;
    }

    // What a row keeps of a weight it cannot read: the unknown quantity.
    let unknown_quantity = parser.id(Quantity::default());

    // Prices and amounts: one parse per distinct cell (a price once per header unit).
    let money = MoneyCells::parse(&cells, &trimmed, &mut errors);
    // Cells found unreadable while opening (emptied in what was read): by row, each with the
    // code of its reason, so that the row pass notes them as it notes the cells it cannot parse.
    let mut open_cells: Vec<(usize, u32)> = Vec::new();
    let mut at = 0;
    for p in &cells.parts {
        for (i, why) in &p.cells {
            errors.push(why.clone());
            open_cells.push((at + i, ERROR | (errors.len() as u32 - 1)));
        }
        at += p.rows;
    }

    drop(t1);
    let t2 = crate::timing::Timer::new("validate: gather rows");
    // The rows, in as many pieces as there are cores, each gathered on its own thread.
    let has_source = tables.sources.len() > 1;
    let has_confidence = confidence.iter().any(|&c| c != 0 && c & ERROR == 0);
    // Notes (备注): the note table is the note column's distinct cells, trimmed.
    let has_note = trimmed[NOTE].iter().any(|t| !t.is_empty());
    if has_note {
        tables.notes = trimmed[NOTE].iter().map(|t| t.to_string()).collect();
    }
    // Places (卖方所在地, 买方所在地): one table of the distinct texts of both columns.
    let places = super::places::PlaceCells::parse(&cells, &trimmed, &sources, &mut errors);
    if places.present.iter().any(|&p| p) {
        tables.places = places.table.clone();
    }
    let nonempty: Vec<Vec<bool>> = trimmed
        .iter()
        .map(|col| col.iter().map(|t| !t.is_empty()).collect())
        .collect();
    let mut part_start = Vec::with_capacity(cells.parts.len());
    let mut at = 0;
    for p in &cells.parts {
        part_start.push(at);
        at += p.rows;
    }
    let g = Gather {
        cells: &cells,
        part_start: &part_start,
        bare_of_part: cells.parts.iter().map(|p| bare_index(&p.bare)).collect(),
        nonempty: &nonempty,
        trimmed: &trimmed,
        ids: [seller_id, buyer_id, species_id],
        weights: &weights,
        quantities: &parser.quantities,
        date_id: &date_id,
        date_kept: &date_kept,
        dates: &tables.dates,
        unknown_quantity,
        confidence: &confidence,
        source_id: &source_id,
        errors: &errors,
        has_source,
        has_confidence,
        money: &money,
        has_note,
        open_cells: &open_cells,
        places: &places,
        parties: names.parties.len(),
    };
    let pieces = crate::parallel::threads(cells.rows);
    let bounds: Vec<usize> = (0..=pieces).map(|k| cells.rows * k / pieces).collect();
    let mut outs: Vec<Gathered> = std::thread::scope(|sc| {
        let handles: Vec<_> = bounds
            .windows(2)
            .skip(1)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let g = &g;
                sc.spawn(move || g.run(a..b))
            })
            .collect();
        let mut outs = vec![g.run(bounds[0]..bounds[1])];
        for h in handles {
            outs.push(h.join().unwrap_or_default());
        }
        outs
    });
    drop(t2);
    let _t3 = crate::timing::Timer::new("validate: join pieces");
    let mut first = outs.remove(0);
    for o in outs {
        first.append(o);
    }
    if let Some(file) = first.too_many_rows {
        return Err(Error::input(format!(
            "{} has more than {} rows",
            sources[file].name,
            u32::MAX
        )));
    }
    let Gathered {
        records: rec,
        mut rejects,
        mut problems,
        blank: mut blank_rows,
        blank_at,
        approx: approx_rows,
        money: money_raw,
        places: place_notes,
        ..
    } = first;
    // Rows refused while reading or opening were read as blank rows: they are rejected rows,
    // each once with all its reasons.
    let mut bad = std::collections::HashSet::new();
    for (k, part) in cells.parts.iter().enumerate() {
        let mut by_row: std::collections::BTreeMap<u64, Vec<Reason>> = Default::default();
        for (row, why) in &part.bad {
            by_row.entry(*row).or_default().push(why.clone());
        }
        for (row, reasons) in by_row {
            bad.insert((k, row));
            rejects.push(crate::ingest::Reject {
                source: k,
                row,
                reasons,
            });
        }
    }
    let mut blank_at = blank_at;
    if !bad.is_empty() {
        let before = blank_at.len();
        blank_at.retain(|b| !bad.contains(b));
        blank_rows -= (before - blank_at.len()) as u64;
    }
    // Rows blank in every column read but with text in another are rejected, not dropped.
    let unread = super::rejects::text_not_read(&sources, &blank_at)?;
    blank_rows -= unread.len() as u64;
    rejects.extend(unread);
    rejects.sort_by_key(|r| (r.source, r.row));
    // Bare numbers read as kg because nothing said their unit: said once per file, of the rows
    // kept (a total line's figure is no transaction).
    let bare_weights = super::bare::bare_weights(&cells, &trimmed, &sources, &rejects);
    tables.quantities = parser.quantities;
    let mut rec = rec;
    if money.present {
        tables.money = super::money::derive(
            &money_raw,
            &mut rec,
            &tables.quantities,
            &money,
            &mut problems,
        );
    }
    problems.sort_by_key(|p| (p.source, p.row));
    super::records::check_totals(&rec, &tables)?;
    let rows = rec.len() as u64 + rejects.len() as u64;
    let made = Made {
        holds: Holds::Rows,
        records: rec,
        tables,
        rows,
        rejects,
        problems,
        sources,
        blank_rows,
        approx_rows,
    };
    let mut ds = names.dataset(made, opts);
    ds.bare_weights = bare_weights;
    let places = (places.present.iter().any(|&p| p)).then_some(super::places::RowPlaces {
        notes: place_notes,
        forms: places.forms,
    });
    Ok((ds, places))
}

/// The distinct price and amount cells, parsed: codes 0 (empty), [`ERROR`] | reason, or an index
/// from 1 into `prices` / `amounts`.
pub(super) struct MoneyCells {
    /// Whether any source has a price or an amount column.
    pub(super) present: bool,
    /// The price ids of each distinct header unit, by price cell code.
    pub(super) price_ids: Vec<Vec<u32>>,
    /// The index into `price_ids` of each source.
    pub(super) unit_of_part: Vec<usize>,
    pub(super) prices: Vec<super::records::Price>,
    pub(super) amount_ids: Vec<u32>,
    pub(super) amounts: Vec<i64>,
}

impl MoneyCells {
    fn parse(cells: &Cells, trimmed: &[Vec<&str>], errors: &mut Vec<Reason>) -> MoneyCells {
        let present = !cells.codes[PRICE].is_empty() || !cells.codes[AMOUNT].is_empty();
        let mut units: Vec<Option<Unit>> = Vec::new();
        let unit_of_part = cells
            .parts
            .iter()
            .map(|p| match units.iter().position(|u| *u == p.price_unit) {
                Some(i) => i,
                None => {
                    units.push(p.price_unit);
                    units.len() - 1
                }
            })
            .collect();
        let mut prices = Vec::new();
        let price_ids = units
            .iter()
            .map(|&u| {
                trimmed[PRICE]
                    .iter()
                    .map(
                        |cell| match crate::ingest::cell::money::parse_price(cell, u) {
                            Ok(None) => 0,
                            Ok(Some(p)) => {
                                prices.push(p);
                                prices.len() as u32
                            }
                            Err(e) => {
                                errors.push(e);
                                ERROR | (errors.len() as u32 - 1)
                            }
                        },
                    )
                    .collect()
            })
            .collect();
        let mut amounts = Vec::new();
        let amount_ids = trimmed[AMOUNT]
            .iter()
            .map(
                |cell| match crate::ingest::cell::money::parse_amount(cell) {
                    Ok(None) => 0,
                    Ok(Some(a)) => {
                        amounts.push(a);
                        amounts.len() as u32
                    }
                    Err(e) => {
                        errors.push(e);
                        ERROR | (errors.len() as u32 - 1)
                    }
                },
            )
            .collect();
        MoneyCells {
            present,
            price_ids,
            unit_of_part,
            prices,
            amount_ids,
            amounts,
        }
    }
}

/// What is certain of a date cell whose day does not exist (`2023-04-32`): its month, as a
/// month-precision date. `None` for other errors, and for ranges (`2023-04-01~04-32`), whose
/// bad end says nothing certain of the whole.
fn month_of(cell: &str, kind: &Kind) -> Option<DateInfo> {
    use crate::ingest::cell::date::{DateKey, days_from_civil, days_in_month};
    let Kind::NoSuchDay { year, month, .. } = *kind else {
        return None;
    };
    let range = cell.contains(['~', '～', '至', '到', '—', '–']) || cell.matches('-').count() > 2;
    if range || !(1..=12).contains(&month) {
        return None;
    }
    let from = days_from_civil(year, month, 1);
    Some(DateInfo {
        start: DateKey::month(from),
        from,
        to: days_from_civil(year, month, days_in_month(year, month)),
        end: DateKey::month(from),
        time: None,
    })
}

/// A parsed weight as a [`Quantity`], refusing figures too large to be true (and to sum exactly).
fn quantity(
    cell: &str,
    r: crate::ingest::cell::weight::Reading,
) -> std::result::Result<Quantity, Reason> {
    use crate::ingest::cell::weight::Quantity as Q;
    let approx = r.approx.is_some();
    let state = r.state;
    match r.quantity {
        Q::Unknown => Ok(Quantity::default()),
        Q::Kg(kg) if kg.is_finite() && kg <= MAX_KG => Ok(Quantity {
            mg: Some(kg_to_mg(kg)),
            count: None,
            approx,
            state,
        }),
        Q::Count(n) if n.is_finite() && n <= MAX_COUNT => Ok(Quantity {
            mg: None,
            count: Some(n as i64),
            approx,
            state,
        }),
        Q::Both { kg, count }
            if kg.is_finite() && kg <= MAX_KG && count.is_finite() && count <= MAX_COUNT =>
        {
            Ok(Quantity {
                mg: Some(kg_to_mg(kg)),
                count: Some(count as i64),
                approx,
                state,
            })
        }
        Q::Kg(_) => Err(Reason::new(
            Column::Weight,
            Kind::WeightTooLarge {
                weight: cell.to_string(),
            },
        )),
        Q::Both { kg, .. } if !(kg.is_finite() && kg <= MAX_KG) => Err(Reason::new(
            Column::Weight,
            Kind::WeightTooLarge {
                weight: cell.to_string(),
            },
        )),
        Q::Count(_) | Q::Both { .. } => Err(Reason::new(
            Column::Weight,
            Kind::CountTooLarge {
                weight: cell.to_string(),
            },
        )),
    }
}

/// The parsed (weight, unit, bare unit) triples, found as the rows come: a dense table when the
/// codes allow, else a hash map.
pub(super) struct WeightTable {
    units: usize,
    bares: usize,
    dense: Vec<u32>,
    sparse: HashMap<(u32, u32, usize), u32>,
}

const UNSET: u32 = u32::MAX;

impl WeightTable {
    fn new(weights: usize, units: usize, bares: usize) -> WeightTable {
        let size = weights.saturating_mul(units).saturating_mul(bares);
        WeightTable {
            units,
            bares,
            dense: if size <= 1 << 24 {
                vec![UNSET; size]
            } else {
                Vec::new()
            },
            sparse: HashMap::new(),
        }
    }

    #[inline]
    fn get(
        &mut self,
        w: u32,
        u: u32,
        b: usize,
        parser: &mut WeightParser,
        errors: &mut Vec<Reason>,
    ) -> u32 {
        if self.dense.is_empty() {
            return *self
                .sparse
                .entry((w, u, b))
                .or_insert_with(|| parser.parse(w, u, b, errors));
        }
        let at = (w as usize * self.units + u as usize) * self.bares + b;
        let v = self.dense[at];
        if v != UNSET {
            return v;
        }
        let v = parser.parse(w, u, b, errors);
        self.dense[at] = v;
        v
    }
}

impl WeightTable {
    /// The code of a triple already parsed (by [`WeightTable::get`]).
    #[inline]
    pub(super) fn lookup(&self, w: u32, u: u32, b: usize) -> u32 {
        if self.dense.is_empty() {
            return self.sparse.get(&(w, u, b)).copied().unwrap_or(UNSET);
        }
        self.dense[(w as usize * self.units + u as usize) * self.bares + b]
    }
}

/// Parses distinct (weight, unit, bare unit) cells into the quantity table.
pub(super) struct WeightParser<'a> {
    weights: &'a [&'a str],
    units: &'a [&'a str],
    bares: &'a [Bare],
    quantities: Vec<Quantity>,
    ids: HashMap<Quantity, u32>,
}

impl WeightParser<'_> {
    /// The code of a quantity, added to the table when new.
    fn id(&mut self, q: Quantity) -> u32 {
        let next = self.quantities.len() as u32;
        let id = *self.ids.entry(q).or_insert(next);
        if id == next {
            self.quantities.push(q);
        }
        id
    }

    /// The quantity code of a triple, or [`ERROR`] with the index of its reason in `errors`.
    fn parse(&mut self, w: u32, u: u32, b: usize, errors: &mut Vec<Reason>) -> u32 {
        let cell = self.weights[w as usize];
        match parse_weight(cell, self.units[u as usize], self.bares[b])
            .and_then(|r| quantity(cell, r))
        {
            Ok(q) => self.id(q),
            Err(e) => {
                errors.push(e);
                ERROR | (errors.len() as u32 - 1)
            }
        }
    }
}
