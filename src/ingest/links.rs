//! Pre-aggregated links as input (`--links FILE`): for data sets too large for one machine, an
//! engine such as Spark or DataFusion groups the rows by (seller, buyer, species) and hands
//! wildchain one row per group. `wildchain links` writes the same format from raw rows.
//!
//! Each link row stands for `transactions` rows: the frame gets the columns `n` (rows stood for),
//! `nk` (of them with a known weight), `nc` (with a count of animals), `na` (approximate) and
//! `nconf` (giving a confidence), and every tally sums them instead of counting rows. Dates are the
//! link's first and last date, so time analyses see one interval per link where raw rows would
//! give one date per row. `sources` is a JSON list of the link's sources; `confidence` is the
//! surest confidence of its rows.
//!
//! Party and species names go through the same aliases and species table as raw rows.

use anyhow::{Context as _, Result, anyhow, bail};
use polars::prelude::*;

use super::canonical::{canonical_parties, canonical_species};
use super::date::parse_date;
use super::open::open_table;
use super::provenance::parse_confidence;
use super::read::{ROW_INDEX, scan_origin};
use super::{Dataset, IngestOptions, InputStats, Reject, Source, SourceInfo, cols};

/// Rows each link row stands for (u32).
pub const N: &str = "n";
/// Of them, rows with a known weight (u32).
pub const NK: &str = "nk";
/// Of them, rows giving a count of animals (u32).
pub const NC: &str = "nc";
/// Of them, rows whose figure is approximate (u32).
pub const NA: &str = "na";
/// Of them, rows that give a confidence (u32).
pub const NCONF: &str = "nconf";

/// The columns of a links file, in the order `wildchain links` writes them. The optional ones
/// default to: no unknown rows when a weight is given (all unknown otherwise), no count, nothing
/// approximate, no confidence, no sources.
pub const COLUMNS: [&str; 14] = [
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

/// Reads links files into a [`Dataset`] whose rows are links.
///
/// # Errors
/// A file that cannot be read or lacks a required column. Bad rows are rejected with a reason.
pub fn load_links(sources: &[Source], opts: &IngestOptions) -> Result<Dataset> {
    let mut frames = Vec::new();
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
            bail!(
                "{name}: a links file needs the columns {}; missing: {} (the header has: {})",
                REQUIRED.join(", "),
                missing.join(", "),
                header.join(", ")
            );
        }
        let row_index = RowIndex {
            name: ROW_INDEX.into(),
            offset: 1,
        };
        let mut lf =
            scan_origin(&origin, row_index).with_context(|| format!("cannot read {name}"))?;
        let names: Vec<PlSmallStr> = lf
            .collect_schema()?
            .iter_names()
            .filter(|n| n.as_str() != ROW_INDEX)
            .cloned()
            .collect();
        let pick = |c: &str| match lower.iter().position(|h| h == c) {
            Some(p) => col(names[p].clone())
                .cast(DataType::String)
                .str()
                .strip_chars(lit(NULL))
                .alias(c),
            None => lit(NULL).cast(DataType::String).alias(c),
        };
        let mut exprs = vec![
            lit(i as u32).cast(DataType::UInt32).alias(cols::FILE),
            col(ROW_INDEX).cast(DataType::UInt64).alias(cols::ROW),
        ];
        exprs.extend(COLUMNS.iter().map(|c| pick(c)));
        frames.push(lf.select(exprs));
        let read: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|c| lower.iter().any(|h| h == c))
            .collect();
        format.notes.push(format!(
            "a links file (one row per seller, buyer, species); columns read: {}",
            read.join(", ")
        ));
        infos.push(SourceInfo {
            name,
            header,
            format,
            origin,
        });
    }
    let raw = concat(frames, UnionArgs::default())?.collect()?;
    parse(raw, infos, opts)
}

fn parse(raw: DataFrame, sources: Vec<SourceInfo>, opts: &IngestOptions) -> Result<Dataset> {
    let text = |c: &str| -> Result<Vec<Option<String>>> {
        Ok(raw
            .column(c)?
            .str()?
            .iter()
            .map(|v| v.filter(|s| !s.is_empty()).map(str::to_string))
            .collect())
    };
    let (seller, buyer, species) = (text("seller")?, text("buyer")?, text("species")?);
    let (weight, n, unknown, count, counted) = (
        text("weight_kg")?,
        text("transactions")?,
        text("unknown_weight")?,
        text("count")?,
        text("counted")?,
    );
    let (first, last) = (text("first_date")?, text("last_date")?);
    let (approx, confidence, confidence_rows, sources_cell) = (
        text("approx_rows")?,
        text("confidence")?,
        text("confidence_rows")?,
        text("sources")?,
    );
    let file: Vec<u32> = raw
        .column(cols::FILE)?
        .u32()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect();
    let row: Vec<u64> = raw
        .column(cols::ROW)?
        .cast(&DataType::UInt64)?
        .u64()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect();

    // One pass over the link rows (a links file is the small, aggregated side).
    let mut out = Out::default();
    let mut rejects = Vec::new();
    for i in 0..raw.height() {
        let mut why = Vec::new();
        for (v, c) in [
            (&seller[i], "seller"),
            (&buyer[i], "buyer"),
            (&species[i], "species"),
        ] {
            if v.is_none() {
                why.push(format!("column '{c}' is empty"));
            }
        }
        if seller[i].is_some() && seller[i] == buyer[i] {
            why.push(format!(
                "seller and buyer are the same party '{}'",
                seller[i].as_deref().unwrap_or("")
            ));
        }
        let num = |v: &Option<String>, c: &str, why: &mut Vec<String>| -> Option<f64> {
            let s = v.as_deref()?;
            match s.parse::<f64>() {
                Ok(x) if x >= 0.0 && x.is_finite() => Some(x),
                _ => {
                    why.push(format!("column '{c}': '{s}' is not a number ≥ 0"));
                    None
                }
            }
        };
        let kg = num(&weight[i], "weight_kg", &mut why);
        let tx = num(&n[i], "transactions", &mut why);
        let cnt = num(&count[i], "count", &mut why);
        let unk = num(&unknown[i], "unknown_weight", &mut why);
        let ctd = num(&counted[i], "counted", &mut why);
        let na = num(&approx[i], "approx_rows", &mut why);
        let nconf = num(&confidence_rows[i], "confidence_rows", &mut why);
        let conf = match confidence[i].as_deref().map(parse_confidence) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(c))) => Some(u32::from(c.code())),
            Some(Err(e)) => {
                why.push(format!("column 'confidence': {e}"));
                None
            }
        };
        if let Some(s) = sources_cell[i].as_deref()
            && let Err(e) = parse_sources(s)
        {
            why.push(format!("column 'sources': {e}"));
        }
        let tx = match tx {
            Some(t) if t >= 1.0 && t.fract() == 0.0 => t as u32,
            _ => {
                if n[i].is_none() || why.iter().all(|w| !w.contains("transactions")) {
                    why.push("column 'transactions' must be a whole number ≥ 1".to_string());
                }
                0
            }
        };
        let unk = unk.map_or(if kg.is_some() { 0 } else { tx }, |u| u as u32);
        let na = na.map_or(0, |a| a as u32);
        let nconf = nconf.map_or(if conf.is_some() { tx } else { 0 }, |c| c as u32);
        if na > tx || nconf > tx {
            why.push(format!(
                "approx_rows {na} or confidence_rows {nconf} exceeds {tx} transactions"
            ));
        }
        if unk > tx || (kg.is_none() && unk != tx) {
            why.push(format!(
                "unknown_weight {unk} does not fit {tx} transactions with weight_kg '{}'",
                weight[i].as_deref().unwrap_or("")
            ));
        }
        let dates = [(&first[i], "first_date"), (&last[i], "last_date")].map(|(v, c)| {
            match v.as_deref().map(parse_date) {
                None => Ok(None),
                Some(Ok(span)) => Ok(span),
                Some(Err(e)) => Err(format!("column '{c}': {e}")),
            }
        });
        let [f, l] = dates;
        let (f, l) = match (f, l) {
            (Ok(f), Ok(l)) => (f, l),
            (f, l) => {
                why.extend(f.err());
                why.extend(l.err());
                (None, None)
            }
        };
        if !why.is_empty() {
            rejects.push(Reject {
                source: file[i] as usize,
                row: row[i],
                reason: why.join("; "),
                reasons: why,
            });
            continue;
        }
        let (f, l) = (f.or(l), l.or(f));
        out.file.push(file[i]);
        out.row.push(row[i] as u32);
        out.seller.push(seller[i].clone().unwrap_or_default());
        out.buyer.push(buyer[i].clone().unwrap_or_default());
        out.species.push(species[i].clone().unwrap_or_default());
        out.kg.push(kg);
        out.count.push(cnt);
        out.from.push(f.map(|s| s.from));
        out.to.push(l.map(|s| s.to));
        out.key.push(f.map(|s| s.start.0));
        out.end_key.push(l.map(|s| s.end.0));
        out.source.push(sources_cell[i].clone());
        out.confidence.push(conf);
        out.na.push(na);
        out.nconf.push(nconf);
        out.n.push(tx);
        out.nk.push(tx - unk);
        out.nc
            .push(ctd.map_or(u32::from(cnt.is_some()) * unk.min(tx), |c| c as u32));
    }
    let base = out.frame()?;
    // The same names as raw rows would get: aliases, normal form, the species table.
    let lf = base.clone().lazy();
    let (lf, party_merges, party_names) = canonical_parties(&base, lf, opts)?;
    let (lf, species_seen, species_names) = canonical_species(&base, lf, opts)?;
    let rows = lf.collect()?;
    let approx_rows = rows.column(NA)?.u32()?.sum().unwrap_or(0) as u64;
    let stats = InputStats {
        rows: raw.height() as u64,
        accepted: rows.height() as u64,
        rejected: rejects.len() as u64,
    };
    Ok(Dataset {
        rows,
        stats,
        rejects,
        sources,
        blank_rows: 0,
        approx_rows,
        party_merges,
        species_seen,
        species_table: opts.species.clone(),
        aliases: opts.aliases.clone(),
        party_names,
        species_names,
    })
}

/// The sources of a link: a JSON list of strings, as `wildchain links` writes it.
///
/// # Errors
/// A cell that is not a JSON list of strings.
pub fn parse_sources(cell: &str) -> Result<Vec<String>> {
    serde_json::from_str(cell)
        .map_err(|_| anyhow!("'{cell}' is not a JSON list of strings (e.g. [\"卷1 第3页\"])"))
}

#[derive(Default)]
struct Out {
    file: Vec<u32>,
    row: Vec<u32>,
    seller: Vec<String>,
    buyer: Vec<String>,
    species: Vec<String>,
    kg: Vec<Option<f64>>,
    count: Vec<Option<f64>>,
    from: Vec<Option<i32>>,
    to: Vec<Option<i32>>,
    key: Vec<Option<i32>>,
    end_key: Vec<Option<i32>>,
    source: Vec<Option<String>>,
    confidence: Vec<Option<u32>>,
    na: Vec<u32>,
    nconf: Vec<u32>,
    n: Vec<u32>,
    nk: Vec<u32>,
    nc: Vec<u32>,
}

impl Out {
    fn frame(self) -> Result<DataFrame> {
        let h = self.file.len();
        DataFrame::new(
            h,
            vec![
                Column::new(cols::FILE.into(), self.file),
                Column::new(cols::ROW.into(), self.row),
                Column::new(cols::SELLER.into(), self.seller),
                Column::new(cols::BUYER.into(), self.buyer),
                Column::new(cols::SPECIES.into(), self.species),
                Column::new(cols::KG.into(), self.kg),
                Column::new(cols::COUNT.into(), self.count),
                Column::new(cols::DATE_FROM.into(), self.from),
                Column::new(cols::DATE_TO.into(), self.to),
                Column::new(cols::DATE_KEY.into(), self.key),
                Column::new(cols::DATE_END_KEY.into(), self.end_key),
                Column::new(cols::TIME.into(), vec![None::<i32>; h]),
                Column::new(cols::SOURCE.into(), self.source),
                Column::new(cols::CONFIDENCE.into(), self.confidence),
                Column::new(N.into(), self.n),
                Column::new(NK.into(), self.nk),
                Column::new(NC.into(), self.nc),
                Column::new(NA.into(), self.na),
                Column::new(NCONF.into(), self.nconf),
            ],
        )
        .map_err(|e| anyhow!(e))
    }
}
