//! Reading sources into polars and validating them: trimming, blank rows, party and species names,
//! per-distinct-value parsing of weights, dates and confidence, and the split into accepted and
//! rejected rows.

use anyhow::{Context as _, Result, bail};
use polars::prelude::*;

use super::canonical::{canonical_parties, canonical_species, cols_sel};
use super::date::parse_date;
use super::open::{Opened, Origin, open, scan_parquet};
use super::provenance::parse_confidence;
use super::weight::{Bare, Quantity, parse_weight};
use super::{Dataset, IngestOptions, InputStats, Reject, Source, SourceInfo, cols};
use crate::units::Unit;

// Working column names, before the final selection.
/// The row index column of a scan (not `row`, which a file may have).
pub(super) const ROW_INDEX: &str = "__wildchain_row";
const WEIGHT_RAW: &str = "weight";
const UNIT_RAW: &str = "unit";
const BARE: &str = "bare_unit";
const DATE_RAW: &str = "date";
const CONF_RAW: &str = "confidence_raw";
const WEIGHT_ERR: &str = "weight_error";
const DATE_ERR: &str = "date_error";
const CONF_ERR: &str = "confidence_error";

/// `BARE` values: bare numbers take the default unit, or are refused (a `数量` column).
const BARE_DEFAULT: &str = "";
const BARE_REFUSED: &str = "!";

/// Reads every source into one validated [`Dataset`].
///
/// # Errors
/// A source that cannot be opened, is empty, is in no known format or encoding, or lacks a required
/// column; the message names the file. Bad *rows* are not errors: they are counted in
/// [`Dataset::rejects`].
///
/// # Complexity
/// One polars pass over the rows plus one parse per distinct (weight, unit) pair, per distinct date,
/// per distinct party name and per distinct species name.
pub fn load(sources: &[Source], opts: &IngestOptions) -> Result<Dataset> {
    let mut opened = Vec::with_capacity(sources.len());
    for source in sources {
        let name = source.name();
        let o = crate::timing::stage("open (format, encoding, header)", || open(source, opts));
        opened.push((name.clone(), o.with_context(|| name)?));
    }
    // The unit of bare weights is a join key only when the sources differ in it.
    let bares: Vec<&str> = opened.iter().map(|(_, o)| bare_unit(o)).collect();
    let same_bare = bares.windows(2).all(|w| w[0] == w[1]);
    let plan = Plan {
        bare: same_bare.then(|| bares.first().copied().unwrap_or(BARE_DEFAULT)),
        confidence: opened.iter().any(|(_, o)| o.map.confidence.is_some()),
        source: opened.iter().any(|(_, o)| o.map.source.is_some()),
    };
    let mut infos = Vec::with_capacity(sources.len());
    let mut frames = Vec::with_capacity(sources.len());
    for (i, (name, o)) in opened.into_iter().enumerate() {
        frames.push(scan(&o, i as u32, &plan).with_context(|| format!("cannot read {name}"))?);
        infos.push(SourceInfo {
            name,
            header: o.header,
            format: o.format,
            origin: o.origin,
        });
    }
    let names: Vec<String> = infos.iter().map(|s| s.name.clone()).collect();
    validate(frames, opts, infos, &plan).map_err(|e| {
        // Large files are checked for UTF-8 by samples; the scan checks every byte.
        let hint = if format!("{e:#}").to_lowercase().contains("utf-8") {
            " (a file is not UTF-8 throughout although the parts sampled were: give its \
             encoding with --encoding)"
        } else {
            ""
        };
        e.context(format!("cannot read {}{hint}", names.join(", ")))
    })
}

/// What every source shares, so that work can be skipped: the unit of bare weights when it is the
/// same for all (then not a join key), and whether any source has a confidence column.
struct Plan<'a> {
    bare: Option<&'a str>,
    confidence: bool,
    /// Whether any source has a source column (else the rows get a literal null one).
    source: bool,
}

/// The `BARE` value of a source: the unit in its weight header, refused for a `数量` column, or
/// the default.
fn bare_unit(o: &Opened) -> &'static str {
    match (o.map.weight_unit, o.map.weight_needs_unit) {
        (Some(u), _) => u.name(),
        (None, true) => BARE_REFUSED,
        (None, false) => BARE_DEFAULT,
    }
}

/// The lazy scan of a source as stored (CSV cells as text), with a row index column.
pub(super) fn scan_origin(origin: &Origin, row_index: RowIndex) -> Result<LazyFrame> {
    Ok(match origin {
        Origin::Csv {
            bytes,
            delimiter,
            skip,
        } => LazyCsvReader::new_with_sources(bytes.scan_sources()?)
            .with_has_header(true)
            .with_separator(*delimiter)
            .with_skip_rows(*skip)
            .with_infer_schema_length(Some(0))
            .with_missing_is_null(true)
            .with_row_index(Some(row_index))
            .finish()?,
        Origin::Parquet(bytes) => scan_parquet(bytes, Some(row_index))?,
    })
}

/// A lazy scan of one source, reduced to the columns we read, under their working names, all as
/// text.
fn scan(opened: &Opened, file: u32, plan: &Plan) -> Result<LazyFrame> {
    let row_index = RowIndex {
        name: ROW_INDEX.into(),
        offset: opened.format.first_row as IdxSize,
    };
    let mut lf = scan_origin(&opened.origin, row_index)?;
    let schema = lf.collect_schema()?;
    let names: Vec<PlSmallStr> = schema
        .iter_names()
        .filter(|n| n.as_str() != ROW_INDEX)
        .cloned()
        .collect();
    let width = opened.header.len();
    if names.len() != width {
        bail!(
            "the header has {width} columns but the reader found {}",
            names.len()
        );
    }
    let map = &opened.map;
    let pick =
        |pos: usize, alias: &str| col(names[pos].clone()).cast(DataType::String).alias(alias);
    let maybe = |pos: Option<usize>, alias: &str| match pos {
        Some(p) => pick(p, alias),
        None => lit(NULL).cast(DataType::String).alias(alias),
    };
    let mut select = vec![
        lit(file).cast(DataType::UInt32).alias(cols::FILE),
        col(ROW_INDEX).cast(IDX_DTYPE).alias(cols::ROW),
        pick(map.seller, cols::SELLER),
        pick(map.buyer, cols::BUYER),
        pick(map.species, cols::SPECIES),
        pick(map.weight, WEIGHT_RAW),
        maybe(map.unit, UNIT_RAW),
        pick(map.date, DATE_RAW),
    ];
    if plan.bare.is_none() {
        select.push(lit(bare_unit(opened)).alias(BARE));
    }
    if plan.source {
        select.push(maybe(map.source, cols::SOURCE));
    }
    if plan.confidence {
        select.push(maybe(map.confidence, CONF_RAW));
    }
    Ok(lf.select(select))
}

/// Trims every cell (spaces and U+3000), drops blank rows, puts party and species names in their
/// canonical form, parses weights, dates and confidence once per distinct value, and splits
/// accepted from rejected rows.
fn validate(
    frames: Vec<LazyFrame>,
    opts: &IngestOptions,
    sources: Vec<SourceInfo>,
    plan: &Plan,
) -> Result<Dataset> {
    let trim = |c: &str| {
        col(c)
            .str()
            .strip_chars(lit(NULL))
            .fill_null(lit(""))
            .alias(c)
    };
    let mut text_cols = vec![
        cols::SELLER,
        cols::BUYER,
        cols::SPECIES,
        WEIGHT_RAW,
        UNIT_RAW,
        DATE_RAW,
    ];
    if plan.source {
        text_cols.push(cols::SOURCE);
    }
    if plan.confidence {
        text_cols.push(CONF_RAW);
    }
    let blank = text_cols
        .iter()
        .map(|c| col(*c).eq(lit("")))
        .reduce(|a, b| a.and(b))
        .unwrap_or(lit(false));
    let trimmed = crate::timing::stage("read and trim", || -> Result<DataFrame> {
        Ok(concat(frames, UnionArgs::default())?
            .with_columns(text_cols.iter().map(|c| trim(c)).collect::<Vec<_>>())
            .with_column(blank.alias("blank"))
            .collect_with_engine(Engine::Streaming)?
            .unwrap_single())
    })?;
    let blank_rows = trimmed.column("blank")?.bool()?.sum().unwrap_or(0) as u64;
    let base = if blank_rows == 0 {
        trimmed.drop("blank")?
    } else {
        trimmed
            .lazy()
            .filter(col("blank").not())
            .drop(cols_sel(["blank"]))
            .collect()?
    };

    // Every table of distinct values comes from the trimmed cells; the joins run in one query.
    let lf = base.clone().lazy();
    let (lf, party_merges, party_names) = crate::timing::stage("distinct party names", || {
        canonical_parties(&base, lf, opts)
    })?;
    let (lf, species_seen, species_names) = crate::timing::stage("distinct species names", || {
        canonical_species(&base, lf, opts)
    })?;
    let (weights, weight_fills) = crate::timing::stage("parse distinct weights", || {
        weight_table(&base, opts, plan.bare)
    })?;
    let (dates, date_fills) = crate::timing::stage("parse distinct dates", || date_table(&base))?;
    let empty = |c: &str| col(c).eq(lit(""));
    let bad = empty(cols::SELLER)
        .or(empty(cols::BUYER))
        .or(empty(cols::SPECIES))
        .or(col(cols::SELLER).eq(col(cols::BUYER)))
        .or(col(WEIGHT_ERR).is_not_null())
        .or(col(DATE_ERR).is_not_null())
        .or(col(CONF_ERR).is_not_null());
    let weight_keys = || {
        let mut k = vec![col(WEIGHT_RAW), col(UNIT_RAW)];
        if plan.bare.is_none() {
            k.push(col(BARE));
        }
        k
    };
    let mut lf = lf
        .join(
            weights.lazy(),
            weight_keys(),
            weight_keys(),
            JoinArgs::new(JoinType::Left),
        )
        .join(
            dates.lazy(),
            [col(DATE_RAW)],
            [col(DATE_RAW)],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns(weight_fills)
        .with_columns(date_fills);
    lf = if plan.confidence {
        let confidence = confidence_table(&base.clone().lazy().select([col(CONF_RAW)]))?;
        lf.join(
            confidence.lazy(),
            [col(CONF_RAW)],
            [col(CONF_RAW)],
            JoinArgs::new(JoinType::Left),
        )
    } else {
        lf.with_columns([
            lit(NULL).cast(DataType::UInt32).alias(cols::CONFIDENCE),
            lit(NULL).cast(DataType::String).alias(CONF_ERR),
        ])
    };
    let joined = crate::timing::stage("join and validate", || {
        lf.with_column(bad.alias("bad")).collect()
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
            col(CONF_ERR),
        ])
        .sort([cols::FILE, cols::ROW], SortMultipleOptions::default())
        .collect()?;
    let null_if_empty = |c: &str| {
        when(col(c).eq(lit("")))
            .then(lit(NULL).cast(DataType::String))
            .otherwise(col(c))
            .alias(c)
    };
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
                col(cols::APPROX),
                col(cols::DATE_FROM),
                col(cols::DATE_TO),
                col(cols::DATE_KEY),
                col(cols::DATE_END_KEY),
                col(cols::TIME),
                if plan.source {
                    null_if_empty(cols::SOURCE)
                } else {
                    lit(NULL).cast(DataType::String).alias(cols::SOURCE)
                },
                col(cols::CONFIDENCE),
            ])
            .sort([cols::FILE, cols::ROW], SortMultipleOptions::default())
            .collect()
    })?;

    let rejects = crate::timing::stage("reasons of rejected rows", || reasons(&rejected))?;
    let approx_rows = rows.column(cols::APPROX)?.bool()?.sum().unwrap_or(0) as u64;
    // Columns that say nothing for any row are left out, so that no aggregation carries them.
    let mut rows = rows;
    for c in [cols::TIME, cols::SOURCE, cols::CONFIDENCE] {
        let column = rows.column(c)?;
        if column.null_count() == column.len() {
            rows = rows.drop(c)?;
        }
    }
    if approx_rows == 0 {
        rows = rows.drop(cols::APPROX)?;
    }
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
        blank_rows,
        approx_rows,
        party_merges,
        species_seen,
        species_table: opts.species.clone(),
        aliases: opts.aliases.clone(),
        party_names,
        species_names,
    })
}

/// One row per distinct (weight, unit, bare unit) triple: kilograms, animal count, whether the
/// figure is approximate, or the reason it is rejected.
fn weight_table(
    base: &DataFrame,
    opts: &IngestOptions,
    bare: Option<&str>,
) -> Result<(DataFrame, Vec<Expr>)> {
    let bare_col = match bare {
        Some(b) => lit(b).alias(BARE),
        None => col(BARE),
    };
    let keep_bare = bare.is_none();
    let mut keys = vec![col(WEIGHT_RAW), col(UNIT_RAW)];
    if keep_bare {
        keys.push(col(BARE));
    }
    let triples = base
        .clone()
        .lazy()
        .select(keys)
        .unique_generic(None, UniqueKeepStrategy::Any)
        .with_column(bare_col)
        .collect()?;
    let n = triples.height();
    let (mut kg, mut count, mut approx, mut err) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let kilo = Unit::lookup("kg").unwrap_or(Unit::Mass {
        kg: 1.0,
        name: "kg",
    });
    let default = Bare::Unit(opts.default_unit.unwrap_or(kilo));
    let weight = triples.column(WEIGHT_RAW)?.str()?;
    let unit = triples.column(UNIT_RAW)?.str()?;
    let bare = triples.column(BARE)?.str()?;
    for ((w, u), b) in weight.iter().zip(unit.iter()).zip(bare.iter()) {
        let bare = match b.unwrap_or(BARE_DEFAULT) {
            BARE_DEFAULT => default,
            BARE_REFUSED => opts.default_unit.map_or(Bare::Refused, Bare::Unit),
            name => Unit::lookup(name).map_or(default, Bare::Unit),
        };
        let (k, c, a, e) = match parse_weight(w.unwrap_or(""), u.unwrap_or(""), bare) {
            Ok(r) => {
                let a = r.approx.is_some();
                match r.quantity {
                    Quantity::Unknown => (None, None, false, None),
                    Quantity::Kg(v) => (Some(v), None, a, None),
                    Quantity::Count(v) => (None, Some(v), a, None),
                }
            }
            Err((field, msg)) => (
                None,
                None,
                false,
                Some(format!("column '{}': {msg}", field.name())),
            ),
        };
        kg.push(k);
        count.push(c);
        approx.push(a);
        err.push(e);
    }
    let mut out = triples;
    if !keep_bare {
        out = out.drop(BARE)?;
    }
    let mut fills = Vec::new();
    out.with_column(Column::new(cols::KG.into(), kg))?;
    put(&mut out, &mut fills, Column::new(cols::COUNT.into(), count))?;
    if approx.iter().any(|a| *a) {
        out.with_column(Column::new(cols::APPROX.into(), approx))?;
    } else {
        fills.push(lit(false).alias(cols::APPROX));
    }
    put(&mut out, &mut fills, Column::new(WEIGHT_ERR.into(), err))?;
    Ok((out, fills))
}

/// Adds a column of parsed values to a table of distinct cells, unless every value is null: then
/// the rows get a literal null column instead, so the join does not carry (gather) it for every
/// row.
fn put(table: &mut DataFrame, fills: &mut Vec<Expr>, values: Column) -> Result<()> {
    if values.null_count() < values.len() {
        table.with_column(values)?;
    } else {
        fills.push(
            lit(NULL)
                .cast(values.dtype().clone())
                .alias(values.name().clone()),
        );
    }
    Ok(())
}

/// One row per distinct date cell: its interval, precision keys and time, or the reason it is
/// rejected.
fn date_table(base: &DataFrame) -> Result<(DataFrame, Vec<Expr>)> {
    let distinct = base
        .clone()
        .lazy()
        .select([col(DATE_RAW)])
        .unique_generic(None, UniqueKeepStrategy::Any)
        .collect()?;
    let n = distinct.height();
    let mut from: Vec<Option<i32>> = Vec::with_capacity(n);
    let mut to: Vec<Option<i32>> = Vec::with_capacity(n);
    let mut key: Vec<Option<i32>> = Vec::with_capacity(n);
    let mut end_key: Vec<Option<i32>> = Vec::with_capacity(n);
    let mut time: Vec<Option<i32>> = Vec::with_capacity(n);
    let mut err: Vec<Option<String>> = Vec::with_capacity(n);
    for d in distinct.column(DATE_RAW)?.str()?.iter() {
        match parse_date(d.unwrap_or("")) {
            Ok(span) => {
                from.push(span.map(|s| s.from));
                to.push(span.map(|s| s.to));
                key.push(span.map(|s| s.start.0));
                end_key.push(span.map(|s| s.end.0));
                time.push(span.and_then(|s| s.time).map(|t| t as i32));
                err.push(None);
            }
            Err(e) => {
                from.push(None);
                to.push(None);
                key.push(None);
                end_key.push(None);
                time.push(None);
                err.push(Some(format!("column 'date': {e}")));
            }
        }
    }
    let mut out = distinct;
    let mut fills = Vec::new();
    out.with_column(Column::new(cols::DATE_FROM.into(), from))?;
    out.with_column(Column::new(cols::DATE_TO.into(), to))?;
    if end_key == key {
        // No range: the end is the start.
        fills.push(col(cols::DATE_KEY).alias(cols::DATE_END_KEY));
    } else {
        out.with_column(Column::new(cols::DATE_END_KEY.into(), end_key))?;
    }
    out.with_column(Column::new(cols::DATE_KEY.into(), key))?;
    put(&mut out, &mut fills, Column::new(cols::TIME.into(), time))?;
    put(&mut out, &mut fills, Column::new(DATE_ERR.into(), err))?;
    Ok((out, fills))
}

/// One row per distinct confidence cell: its [`super::provenance::Confidence::code`], or the
/// reason it is rejected.
fn confidence_table(cells: &LazyFrame) -> Result<DataFrame> {
    let distinct = cells
        .clone()
        .unique_generic(None, UniqueKeepStrategy::Any)
        .collect()?;
    let mut code: Vec<Option<u32>> = Vec::with_capacity(distinct.height());
    let mut err: Vec<Option<String>> = Vec::with_capacity(distinct.height());
    for c in distinct.column(CONF_RAW)?.str()?.iter() {
        match parse_confidence(c.unwrap_or("")) {
            Ok(m) => {
                code.push(m.map(|m| u32::from(m.code())));
                err.push(None);
            }
            Err(e) => {
                code.push(None);
                err.push(Some(format!("column 'confidence': {e}")));
            }
        }
    }
    let mut out = distinct;
    out.with_column(Column::new(cols::CONFIDENCE.into(), code))?;
    out.with_column(Column::new(CONF_ERR.into(), err))?;
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
    let errors = [
        rejected.column(WEIGHT_ERR)?.str()?,
        rejected.column(DATE_ERR)?.str()?,
        rejected.column(CONF_ERR)?.str()?,
    ];
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
        for e in &errors {
            why.extend(e.get(i).map(str::to_string));
        }
        out.push(Reject {
            source: file.get(i).unwrap_or_default() as usize,
            row: row.get(i).unwrap_or_default(),
            reason: why.join("; "),
            reasons: why,
        });
    }
    Ok(out)
}
