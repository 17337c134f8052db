//! Reading sources into polars and validating them: header mapping, trimming, per-distinct-value
//! parsing of weights and dates, and the split into accepted and rejected rows.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow, bail};
use polars::prelude::*;

use super::date::parse_date;
use super::header::{ColumnMap, map_header};
use super::weight::{Quantity, parse_weight};
use super::{Dataset, EMBEDDED_CASE, IngestOptions, InputStats, Reject, Source, SourceInfo, cols};

/// Where a source's bytes live, kept so that rejected rows can be re-read with their original cells.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    File(PathBuf),
    Memory(Arc<Vec<u8>>),
}

impl Origin {
    /// Opens the source's bytes for reading from the start.
    pub(crate) fn open(&self) -> Result<Box<dyn Read + '_>> {
        Ok(match self {
            Origin::File(p) => Box::new(std::io::BufReader::new(
                std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
            )),
            Origin::Memory(b) => Box::new(&b[..]),
        })
    }
}

// Working column names, before the final selection.
const WEIGHT_RAW: &str = "weight";
const UNIT_RAW: &str = "unit";
const DATE_RAW: &str = "date";
const WEIGHT_ERR: &str = "weight_error";
const DATE_ERR: &str = "date_error";

/// Reads every source into one validated [`Dataset`].
///
/// # Errors
/// A source that cannot be opened, is empty, is not UTF-8 CSV, or lacks a required column; the
/// message names the file. Bad *rows* are not errors: they are counted in [`Dataset::rejects`].
///
/// # Complexity
/// One polars pass over the rows plus one parse per distinct (weight, unit) pair and per distinct date.
pub fn load(sources: &[Source], opts: IngestOptions) -> Result<Dataset> {
    let mut infos = Vec::with_capacity(sources.len());
    let mut frames = Vec::with_capacity(sources.len());
    for (i, source) in sources.iter().enumerate() {
        let name = source.name();
        let origin = open_source(source)?;
        let header = read_header(&origin).with_context(|| name.clone())?;
        let map = map_header(&header).map_err(|e| anyhow!("{name}: {e}"))?;
        frames.push(
            scan(&origin, &map, i as u32, header.len())
                .with_context(|| format!("cannot read {name}"))?,
        );
        infos.push(SourceInfo {
            name,
            header,
            origin,
        });
    }
    let names: Vec<String> = infos.iter().map(|s| s.name.clone()).collect();
    validate(frames, opts, infos).with_context(|| format!("cannot read {}", names.join(", ")))
}

/// Where a source's bytes are: a file, or standard input read into memory.
pub(crate) fn open_source(source: &Source) -> Result<Origin> {
    let name = source.name();
    Ok(match source {
        Source::Path(p) => {
            if !p.is_file() {
                bail!("{name}: no such file");
            }
            Origin::File(p.clone())
        }
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("cannot read standard input")?;
            Origin::Memory(Arc::new(buf))
        }
        Source::Embedded => Origin::Memory(Arc::new(EMBEDDED_CASE.as_bytes().to_vec())),
    })
}

/// A lazy CSV scan of a source with every column as text and a 1-based row index first.
pub(crate) fn scan_text(origin: &Origin) -> Result<LazyFrame> {
    let reader = match origin {
        Origin::File(p) => LazyCsvReader::new(PlRefPath::try_from_path(p)?),
        Origin::Memory(b) => {
            let buf: polars_buffer::Buffer<u8> = b.to_vec().into();
            LazyCsvReader::new_with_sources(ScanSources::Buffers(Arc::from(vec![buf])))
        }
    };
    Ok(reader
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_row_index(Some(RowIndex {
            name: cols::ROW.into(),
            offset: 1,
        }))
        .finish()?)
}

/// The header row, read with a real CSV parser (quotes, BOM).
pub(crate) fn read_header(origin: &Origin) -> Result<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(origin.open()?);
    match rdr.records().next() {
        None => {
            bail!("the file is empty: expected a header row (seller, buyer, species, weight, date)")
        }
        Some(Err(e)) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
            bail!("the header is not UTF-8 text (save the file as UTF-8 CSV)")
        }
        Some(Err(e)) => Err(e).context("cannot parse the header row"),
        Some(Ok(rec)) => Ok(rec
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').to_string())
            .collect()),
    }
}

/// A lazy scan of one source, reduced to the columns we read, under their canonical names.
fn scan(origin: &Origin, map: &ColumnMap, file: u32, width: usize) -> Result<LazyFrame> {
    let mut lf = scan_text(origin)?;
    let schema = lf.collect_schema()?;
    // Position 0 is the row index; the file's columns follow in order.
    let names: Vec<PlSmallStr> = schema.iter_names().skip(1).cloned().collect();
    if names.len() != width {
        bail!(
            "the header has {width} columns but the CSV reader found {}",
            names.len()
        );
    }
    let pick = |pos: usize, alias: &str| col(names[pos].clone()).alias(alias);
    let unit = match map.unit {
        Some(pos) => pick(pos, UNIT_RAW),
        None => lit(NULL).cast(DataType::String).alias(UNIT_RAW),
    };
    Ok(lf.select([
        lit(file).cast(DataType::UInt32).alias(cols::FILE),
        col(cols::ROW),
        pick(map.seller, cols::SELLER),
        pick(map.buyer, cols::BUYER),
        pick(map.species, cols::SPECIES),
        pick(map.weight, WEIGHT_RAW),
        unit,
        pick(map.date, DATE_RAW),
    ]))
}

/// Trims every cell (spaces and U+3000), parses weights and dates once per distinct value, and splits
/// accepted from rejected rows.
fn validate(
    frames: Vec<LazyFrame>,
    opts: IngestOptions,
    sources: Vec<SourceInfo>,
) -> Result<Dataset> {
    let trim = |c: &str| {
        col(c)
            .str()
            .strip_chars(lit(NULL))
            .fill_null(lit(""))
            .alias(c)
    };
    let base = crate::timing::stage("read and trim", || -> Result<DataFrame> {
        Ok(concat(frames, UnionArgs::default())?
            .with_columns([
                trim(cols::SELLER),
                trim(cols::BUYER),
                trim(cols::SPECIES),
                trim(WEIGHT_RAW),
                trim(UNIT_RAW),
                trim(DATE_RAW),
            ])
            .collect_with_engine(Engine::Streaming)?
            .unwrap_single())
    })?;

    let weights = crate::timing::stage("parse distinct weights", || weight_table(&base, opts))?;
    let dates = crate::timing::stage("parse distinct dates", || date_table(&base))?;
    let empty = |c: &str| col(c).eq(lit(""));
    let bad = empty(cols::SELLER)
        .or(empty(cols::BUYER))
        .or(empty(cols::SPECIES))
        .or(col(cols::SELLER).eq(col(cols::BUYER)))
        .or(col(WEIGHT_ERR).is_not_null())
        .or(col(DATE_ERR).is_not_null());
    let joined = crate::timing::stage("join and validate", || {
        base.lazy()
            .join(
                weights.lazy(),
                [col(WEIGHT_RAW), col(UNIT_RAW)],
                [col(WEIGHT_RAW), col(UNIT_RAW)],
                JoinArgs::new(JoinType::Left),
            )
            .join(
                dates.lazy(),
                [col(DATE_RAW)],
                [col(DATE_RAW)],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(bad.alias("bad"))
            .collect()
    })?;

    let rejected = joined
        .clone()
        .lazy()
        .filter(col("bad"))
        .select([
            col(cols::FILE),
            col(cols::ROW),
            col(cols::SELLER),
            col(cols::BUYER),
            col(cols::SPECIES),
            col(WEIGHT_ERR),
            col(DATE_ERR),
        ])
        .sort([cols::FILE, cols::ROW], SortMultipleOptions::default())
        .collect()?;
    let rows = crate::timing::stage("accepted rows", || {
        joined
            .lazy()
            .filter(col("bad").not())
            .select([
                col(cols::FILE),
                col(cols::ROW),
                col(cols::SELLER),
                col(cols::BUYER),
                col(cols::SPECIES),
                col(cols::KG),
                col(cols::COUNT),
                col(cols::DATE_FROM),
                col(cols::DATE_TO),
                col(cols::DATE_KEY),
            ])
            .sort([cols::FILE, cols::ROW], SortMultipleOptions::default())
            .collect()
    })?;

    let rejects = reasons(&rejected)?;
    let stats = InputStats {
        rows: (rows.height() + rejects.len()) as u64,
        accepted: rows.height() as u64,
        rejected: rejects.len() as u64,
    };
    Ok(Dataset {
        rows,
        stats,
        rejects,
        sources,
    })
}

/// One row per distinct (weight, unit) pair: kilograms, animal count, or the reason it is rejected.
fn weight_table(base: &DataFrame, opts: IngestOptions) -> Result<DataFrame> {
    let pairs = base
        .clone()
        .lazy()
        .select([col(WEIGHT_RAW), col(UNIT_RAW)])
        .unique_generic(None, UniqueKeepStrategy::Any)
        .collect()?;
    let n = pairs.height();
    let (mut kg, mut count, mut err) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let weight = pairs.column(WEIGHT_RAW)?.str()?;
    let unit = pairs.column(UNIT_RAW)?.str()?;
    for (w, u) in weight.iter().zip(unit.iter()) {
        let (k, c, e) = match parse_weight(w.unwrap_or(""), u.unwrap_or(""), opts.default_unit) {
            Ok(Quantity::Unknown) => (None, None, None),
            Ok(Quantity::Kg(v)) => (Some(v), None, None),
            Ok(Quantity::Count(v)) => (None, Some(v), None),
            Err((field, msg)) => (
                None,
                None,
                Some(format!("column '{}': {msg}", field.name())),
            ),
        };
        kg.push(k);
        count.push(c);
        err.push(e);
    }
    let mut out = pairs;
    out.with_column(Column::new(cols::KG.into(), kg))?;
    out.with_column(Column::new(cols::COUNT.into(), count))?;
    out.with_column(Column::new(WEIGHT_ERR.into(), err))?;
    Ok(out)
}

/// One row per distinct date cell: its interval and precision key, or the reason it is rejected.
fn date_table(base: &DataFrame) -> Result<DataFrame> {
    let distinct = base
        .clone()
        .lazy()
        .select([col(DATE_RAW)])
        .unique_generic(None, UniqueKeepStrategy::Any)
        .collect()?;
    let n = distinct.height();
    let (mut from, mut to, mut key, mut err) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for d in distinct.column(DATE_RAW)?.str()?.iter() {
        match parse_date(d.unwrap_or("")) {
            Ok(span) => {
                from.push(span.map(|s| s.from));
                to.push(span.map(|s| s.to));
                key.push(span.map(|s| s.key()));
                err.push(None);
            }
            Err(e) => {
                from.push(None);
                to.push(None);
                key.push(None);
                err.push(Some(format!("column 'date': {e}")));
            }
        }
    }
    let mut out = distinct;
    out.with_column(Column::new(cols::DATE_FROM.into(), from))?;
    out.with_column(Column::new(cols::DATE_TO.into(), to))?;
    out.with_column(Column::new(cols::DATE_KEY.into(), key))?;
    out.with_column(Column::new(DATE_ERR.into(), err))?;
    Ok(out)
}

/// The reasons of the rejected rows, in words naming the column and the value.
fn reasons(rejected: &DataFrame) -> Result<Vec<Reject>> {
    let file = rejected.column(cols::FILE)?.u32()?;
    let row = rejected.column(cols::ROW)?.cast(&DataType::UInt64)?;
    let row = row.u64()?;
    let seller = rejected.column(cols::SELLER)?.str()?;
    let buyer = rejected.column(cols::BUYER)?.str()?;
    let species = rejected.column(cols::SPECIES)?.str()?;
    let werr = rejected.column(WEIGHT_ERR)?.str()?;
    let derr = rejected.column(DATE_ERR)?.str()?;
    let mut out = Vec::with_capacity(rejected.height());
    for i in 0..rejected.height() {
        let mut why = Vec::new();
        let (s, b, sp) = (
            seller.get(i).unwrap_or(""),
            buyer.get(i).unwrap_or(""),
            species.get(i).unwrap_or(""),
        );
        for (value, name) in [(s, "seller"), (b, "buyer"), (sp, "species")] {
            if value.is_empty() {
                why.push(format!("column '{name}' is empty"));
            }
        }
        if !s.is_empty() && s == b {
            why.push(format!("seller and buyer are the same party '{s}'"));
        }
        why.extend(werr.get(i).map(str::to_string));
        why.extend(derr.get(i).map(str::to_string));
        out.push(Reject {
            source: file.get(i).unwrap_or_default() as usize,
            row: row.get(i).unwrap_or_default(),
            reason: why.join("; "),
        });
    }
    Ok(out)
}

/// Writes every rejected row as CSV: `file,row,reason` followed by the row's original cells (the
/// header of the first source names them).
///
/// # Complexity
/// Re-reads only sources that have rejected rows, streaming, once each.
pub fn write_rejects(ds: &Dataset, out: impl std::io::Write) -> Result<()> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    let mut header = vec!["file".to_string(), "row".to_string(), "reason".to_string()];
    header.extend(
        ds.sources
            .first()
            .map(|s| s.header.clone())
            .unwrap_or_default(),
    );
    w.write_record(&header)?;
    let mut i = 0;
    while i < ds.rejects.len() {
        let source = ds.rejects[i].source;
        let info = &ds.sources[source];
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(info.origin.open()?);
        let mut records = rdr.byte_records().enumerate();
        while i < ds.rejects.len() && ds.rejects[i].source == source {
            let r = &ds.rejects[i];
            let cells = loop {
                match records.next() {
                    Some((k, rec)) if (k as u64) + 1 == r.row => break rec.ok(),
                    Some(_) => continue,
                    None => break None,
                }
            };
            let mut record = vec![info.name.clone(), r.row.to_string(), r.reason.clone()];
            if let Some(cells) = cells {
                record.extend(
                    cells
                        .iter()
                        .map(|c| String::from_utf8_lossy(c).into_owned()),
                );
            }
            w.write_record(&record)?;
            i += 1;
        }
    }
    w.flush()?;
    Ok(())
}
