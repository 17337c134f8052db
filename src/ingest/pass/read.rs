//! Reading sources into coded cells: polars reads the columns used as text, and [`Dict`] codes
//! every column (each on its own thread), so that the rest of ingest ([`super::distinct`],
//! [`super::gather`]) works on each distinct cell once and on integers per row.

use std::io::Cursor;
use std::sync::Arc;

use crate::ingest::error::{Context as _, Error, Result};
use polars::prelude::*;

use super::encode::Dict;
use crate::ingest::cell::reason::{Column, Kind, Reason};
use crate::ingest::cell::weight::Bare;
use crate::ingest::open::numbered::RowNumbers;
use crate::ingest::open::{Bytes, FileKind, Opened, Origin, open, scan_parquet};
use crate::ingest::{Dataset, IngestOptions, Source, SourceInfo};
use crate::units::Unit;

/// The columns read, in this order.
pub(super) const SELLER: usize = 0;
pub(super) const BUYER: usize = 1;
pub(super) const SPECIES: usize = 2;
pub(super) const WEIGHT: usize = 3;
pub(super) const UNIT: usize = 4;
pub(super) const DATE: usize = 5;
pub(super) const SOURCE: usize = 6;
pub(super) const CONFIDENCE: usize = 7;
pub(super) const PRICE: usize = 8;
pub(super) const AMOUNT: usize = 9;
pub(super) const NOTE: usize = 10;
pub(super) const SELLER_PLACE: usize = 11;
pub(super) const BUYER_PLACE: usize = 12;
pub(super) const COLUMNS: usize = 13;

/// The name of the row index column of a scan (not `row`, which a file may have).
pub(super) const ROW_INDEX: &str = "__wildchain_row";

/// Reads every source into one validated [`Dataset`].
///
/// # Errors
/// A source that cannot be opened, is empty, is in no known format or encoding, or lacks a required
/// column; the message names the file. Bad *rows* are not errors: they are counted in
/// [`Dataset::rejects`].
///
/// # Complexity
/// One polars read of the columns used, one hash lookup per cell, one parse per distinct weight
/// (with its unit), date, confidence, party and species name, and one pass over the rows.
pub fn load(sources: &[Source], opts: &IngestOptions) -> Result<Dataset> {
    let mut opened = Vec::with_capacity(sources.len());
    for source in sources {
        let name = source.name();
        let o = crate::timing::stage("open (format, encoding, header)", || open(source, opts));
        let mut o = o.with_context(|| name.clone())?;
        let rows = row_numbers(&mut o).with_context(|| name.clone())?;
        opened.push((name.clone(), o, rows));
    }
    let mut cells = Cells::new();
    let mut infos = Vec::with_capacity(sources.len());
    for (name, mut o, rows) in opened {
        cells
            .add(&mut o, &rows, opts)
            .map_err(|e| {
                // Polars' words name no line: find the line to blame ourselves.
                match &o.origin {
                    Origin::Csv {
                        bytes,
                        delimiter,
                        skip,
                    } => match crate::ingest::open::diagnose::first_bad_line(
                        bytes, *delimiter, *skip,
                    ) {
                        Some(line) => Error::Line(line),
                        None => e,
                    },
                    Origin::Parquet(_) => e,
                }
            })
            .with_context(|| format!("cannot read {name}"))?;
        infos.push(SourceInfo {
            name,
            header: o.header,
            format: o.format,
            origin: o.origin,
            rows,
        });
    }
    let (mut ds, places) =
        crate::timing::stage("validate", || super::distinct::validate(cells, opts, infos))?;
    crate::timing::stage("places", || super::places::gather(&mut ds, places, opts))?;
    Ok(ds)
}

/// How a source's rows are numbered for people: a text's lines (its header's line and first data
/// line set in its format), a sheet's rows, Parquet's rows from 1.
///
/// # Errors
/// The text cannot be read again.
///
/// # Complexity
/// One pass over the bytes of text; nothing for workbooks and Parquet.
fn row_numbers(o: &mut Opened) -> Result<RowNumbers> {
    match &o.origin {
        Origin::Csv { bytes, skip, .. } if o.format.kind == FileKind::Csv => {
            let (header, rows) = crate::timing::stage("number lines", || {
                crate::ingest::open::numbered::rows_of(bytes, *skip, o.quoted)
            })?;
            o.format.header_row = header;
            o.format.first_row = rows.first;
            Ok(rows)
        }
        _ => Ok(RowNumbers::counted(o.format.first_row)),
    }
}

/// Every source's cells, coded: per column a dictionary shared by all sources and the codes of
/// every row (empty when no source has the column).
pub(super) struct Cells {
    pub(super) dicts: Vec<Dict>,
    pub(super) codes: Vec<Vec<u32>>,
    /// Per source: rows, the number of its first row, how its bare weights are read.
    pub(super) parts: Vec<Part>,
    pub(super) rows: usize,
}

pub(super) struct Part {
    pub(super) rows: usize,
    /// How its rows are numbered for people (lines of text, rows of a sheet).
    pub(super) numbers: RowNumbers,
    pub(super) bare: Bare,
    /// Its weight column's bare numbers take kg only because nothing says otherwise (no unit in
    /// the header, no `--default-unit`, not a `数量` column).
    pub(super) bare_by_default: bool,
    /// The unit in the source's price header (`单价(元/斤)`): what its bare prices are per.
    pub(super) price_unit: Option<Unit>,
    /// Rows refused whole, read as blank rows: lines of text polars could not read, and rows
    /// found bad while opening ([`Opened::bad`]): (row, why), a row once per reason.
    pub(super) bad: Vec<(u64, Reason)>,
    /// Cells found unreadable while opening, read as empty in rows that are kept
    /// ([`Opened::cells`]): (the row's index in the source, from 0; why), in row order.
    pub(super) cells: Vec<(usize, Reason)>,
}

/// How a source's bare weights are read: the unit in its weight header; for a `数量` column the
/// default unit given, else refused; otherwise the default unit given, else kg.
fn bare_unit(o: &Opened, default: Option<Unit>) -> Bare {
    match (o.map.weight_unit, o.map.weight_needs_unit) {
        (Some(u), _) => Bare::Unit(u),
        (None, true) => default.map_or(Bare::Refused, Bare::Unit),
        (None, false) => Bare::Unit(default.unwrap_or(KG)),
    }
}

/// What a bare number is in when nothing says otherwise.
const KG: Unit = Unit::Mass {
    kg: 1.0,
    name: "kg",
};

impl Cells {
    fn new() -> Cells {
        Cells {
            dicts: (0..COLUMNS).map(|_| Dict::new()).collect(),
            codes: vec![Vec::new(); COLUMNS],
            parts: Vec::new(),
            rows: 0,
        }
    }

    /// Reads one source and codes its columns (each column on its own thread).
    fn add(&mut self, o: &mut Opened, numbers: &RowNumbers, opts: &IngestOptions) -> Result<()> {
        let m = &o.map;
        let positions = [
            Some(m.seller),
            Some(m.buyer),
            Some(m.species),
            Some(m.weight),
            m.unit,
            m.date,
            m.source,
            m.confidence,
            m.price,
            m.amount,
            m.note,
            m.seller_place,
            m.buyer_place,
            m.product,
        ];
        // Rows found bad while opening are blanked in `o.read`, and rejected by their reasons;
        // cells found bad are emptied there, and unknown in rows that are kept.
        let origin = o.read.as_ref().unwrap_or(&o.origin);
        // The place cells the survey read are not read again (unless polars must read around
        // bad lines, or finds another number of rows: then it reads them too).
        let mut read = o.cells_read.take();
        let mut fewer = positions;
        if let Some(c) = &read {
            for p in &mut fewer[SELLER_PLACE..=BUYER_PLACE] {
                if p.is_some_and(|p| c.fields.contains(&p)) {
                    *p = None;
                }
            }
        }
        let (mut columns, height, mut bad) =
            crate::timing::stage("polars read", || match read_columns(origin, &fewer) {
                Ok((c, h)) if read.as_ref().is_none_or(|c| c.codes[0].len() == h) => {
                    Ok((c, h, Vec::new()))
                }
                Ok(_) => {
                    read = None;
                    read_columns(origin, &positions).map(|(c, h)| (c, h, Vec::new()))
                }
                Err(e) => {
                    read = None;
                    read_around_bad_lines(origin, &positions).ok_or(e)
                }
            })?;
        bad.extend(o.bad.iter().cloned());
        if let Some(product) = columns.pop().flatten() {
            let header = m
                .product
                .and_then(|p| o.header.get(p))
                .map_or("", |h| h.trim());
            let named = crate::ingest::species::column::with_product(
                columns[SPECIES].as_ref(),
                &product,
                opts.species.products(),
                (header, o.format.first_row),
            )?;
            columns[SPECIES] = Some(named);
        }
        let _t = crate::timing::Timer::new("code cells");
        let before = self.rows;
        // The cells the survey read, by column: their texts, and each column's codes (taken).
        let mut from_survey: Vec<Option<Vec<u32>>> = vec![None; COLUMNS];
        let values: &[String] = match &mut read {
            Some(r) => {
                for (k, p) in positions.iter().enumerate() {
                    if let Some(at) = p.and_then(|p| r.fields.iter().position(|&f| f == p)) {
                        from_survey[k] = Some(std::mem::take(&mut r.codes[at]));
                    }
                }
                &r.texts.values
            }
            None => &[],
        };
        std::thread::scope(|s| {
            for (k, ((dict, codes), (column, local))) in (self.dicts.iter_mut())
                .zip(&mut self.codes)
                .zip(columns.iter().zip(&mut from_survey))
                .enumerate()
            {
                s.spawn(move || match (column, local.take()) {
                    (Some(c), _) => {
                        if codes.len() < before {
                            codes.resize(before, 0);
                        }
                        crate::timing::cpu_stage(&format!("code column {k}"), || {
                            dict.encode(c, codes)
                        });
                    }
                    (None, Some(local)) => {
                        if codes.len() < before {
                            codes.resize(before, 0);
                        }
                        dict.absorb(values, local, codes);
                    }
                    (None, None) if !codes.is_empty() => codes.resize(before + height, 0),
                    (None, None) => {}
                });
            }
        });
        self.rows += height;
        self.parts.push(Part {
            rows: height,
            numbers: numbers.clone(),
            bare: bare_unit(o, opts.default_unit),
            bare_by_default: m.weight_unit.is_none()
                && !m.weight_needs_unit
                && opts.default_unit.is_none(),
            price_unit: m.price_unit,
            bad: bad
                .into_iter()
                .map(|(row, why)| (numbers.row(row - 1), why))
                .collect(),
            cells: {
                let mut cells: Vec<(usize, Reason)> = (o.cells.iter())
                    .map(|(row, why)| (*row as usize - 1, why.clone()))
                    .collect();
                cells.sort_by_key(|c| c.0);
                cells
            },
        });
        Ok(())
    }

    /// The code of row `i` in column `c` (0, the empty cell, when no source has the column).
    #[inline]
    pub(super) fn code(&self, c: usize, i: usize) -> u32 {
        self.codes[c].get(i).copied().unwrap_or(0)
    }
}

/// When polars refuses delimited text: the lines it cannot read (more fields than the header, a
/// lone carriage return) taken out, each left as a row of empty cells so that the rows after it
/// keep their numbers, and the rest read. `None` when no such line is found, a quote never closes
/// (the rest of the file is one cell: nothing to go on with), or polars still refuses.
///
/// # Complexity
/// Only after polars has failed: one pass over the bytes, a copy of them, and a second read.
#[allow(clippy::type_complexity)]
fn read_around_bad_lines(
    origin: &Origin,
    positions: &[Option<usize>],
) -> Option<(Vec<Option<StringChunked>>, usize, Vec<(u64, Reason)>)> {
    use crate::ingest::open::diagnose::{Problem, blank_out, scan};
    let Origin::Csv {
        bytes,
        delimiter,
        skip,
    } = origin
    else {
        return None;
    };
    let all = bytes.read_all().ok()?;
    let found = scan(&all, *delimiter, *skip);
    if found.bad.is_empty() || found.open_quote.is_some() {
        return None;
    }
    let clean = blank_out(&all, &found.bad, *delimiter, found.header_fields?);
    let again = Origin::Csv {
        bytes: Bytes::Memory(Arc::new(clean)),
        delimiter: *delimiter,
        skip: *skip,
    };
    let (columns, height) = read_columns(&again, positions).ok()?;
    let bad = found
        .bad
        .iter()
        .map(|r| {
            let text = r.text(&all);
            let kind = match r.problem {
                Problem::TooManyFields { fields, header } => Kind::TooManyFields {
                    fields,
                    header,
                    text,
                },
                Problem::LoneCarriageReturn => Kind::LoneCarriageReturn { text },
            };
            (r.row, Reason::new(Column::Line, kind))
        })
        .collect();
    Some((columns, height, bad))
}

/// The cells of the columns at `positions` (`None`: the source has no such column) as text, and
/// the number of rows.
pub(super) fn read_columns(
    origin: &Origin,
    positions: &[Option<usize>],
) -> Result<(Vec<Option<StringChunked>>, usize)> {
    let mut wanted: Vec<usize> = positions.iter().flatten().copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let df = match origin {
        Origin::Csv {
            bytes,
            delimiter,
            skip,
        } => {
            let options = CsvReadOptions::default()
                .with_has_header(true)
                .with_skip_rows(*skip)
                .with_infer_schema_length(Some(0))
                .with_projection(Some(Arc::new(wanted.clone())))
                .with_parse_options(
                    CsvParseOptions::default()
                        .with_separator(*delimiter)
                        .with_missing_is_null(true),
                );
            match bytes {
                Bytes::File(p) => options
                    .try_into_reader_with_file_path(Some(p.clone()))?
                    .finish()?,
                Bytes::Memory(b) => options
                    .into_reader_with_file_handle(Cursor::new(b.as_slice()))
                    .finish()?,
            }
        }
        Origin::Parquet(bytes) => {
            let mut lf = scan_parquet(bytes, None)?;
            let names: Vec<PlSmallStr> = lf.collect_schema()?.iter_names().cloned().collect();
            lf.select(
                wanted
                    .iter()
                    .map(|&p| col(names[p].clone()).cast(DataType::String))
                    .collect::<Vec<_>>(),
            )
            .collect()?
        }
    };
    if df.width() != wanted.len() {
        return Err(Error::input(format!(
            "expected {} columns, but the reader found {}",
            wanted.len(),
            df.width()
        )));
    }
    let height = df.height();
    let columns = df.columns();
    let mut out = Vec::with_capacity(positions.len());
    for p in positions {
        out.push(match p {
            Some(p) => {
                let at = wanted.binary_search(p).unwrap_or(0);
                Some(columns[at].cast(&DataType::String)?.str()?.clone())
            }
            None => None,
        });
    }
    Ok((out, height))
}
