//! Pre-aggregated links as input (`--links FILE`): for data sets too large for one machine, an
//! engine such as Spark or DataFusion groups the rows by (seller, buyer, species) and hands
//! wildchain one row per group. `wildchain links` writes the same format from raw rows.
//!
//! Each link row stands for `transactions` rows: the frame gets the columns `n` (rows stood for),
//! `nk` (of them with a known weight) and `nc` (with a count of animals), and every tally sums
//! them instead of counting rows. Dates are the link's first and last date, so time analyses see
//! one interval per link where raw rows would give one date per row.

use anyhow::{Context as _, Result, anyhow, bail};
use polars::prelude::*;

use super::date::parse_date;
use super::read::{open_source, read_header, scan_text};
use super::{Dataset, InputStats, Reject, Source, SourceInfo, cols};

/// Rows each link row stands for (u32).
pub const N: &str = "n";
/// Of them, rows with a known weight (u32).
pub const NK: &str = "nk";
/// Of them, rows giving a count of animals (u32).
pub const NC: &str = "nc";
/// Precision-keeping key of the link's last date (i32).
pub const DATE_KEY_LAST: &str = "date_key_last";

/// The columns of a links file, in the order `wildchain links` writes them; the last three of the
/// optional ones default to: no unknown rows when a weight is given (all unknown otherwise), no
/// count.
pub const COLUMNS: [&str; 10] = [
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
pub fn load_links(sources: &[Source]) -> Result<Dataset> {
    let mut frames = Vec::new();
    let mut infos = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let name = source.name();
        let origin = open_source(source)?;
        let header = read_header(&origin).with_context(|| name.clone())?;
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
        let mut lf = scan_text(&origin).with_context(|| format!("cannot read {name}"))?;
        let names: Vec<PlSmallStr> = lf.collect_schema()?.iter_names().skip(1).cloned().collect();
        let pick = |c: &str| match lower.iter().position(|h| h == c) {
            Some(p) => col(names[p].clone()).str().strip_chars(lit(NULL)).alias(c),
            None => lit(NULL).cast(DataType::String).alias(c),
        };
        let mut exprs = vec![
            lit(i as u32).cast(DataType::UInt32).alias(cols::FILE),
            col(cols::ROW),
        ];
        exprs.extend(COLUMNS.iter().map(|c| pick(c)));
        frames.push(lf.select(exprs));
        infos.push(SourceInfo {
            name,
            header,
            origin,
        });
    }
    let raw = concat(frames, UnionArgs::default())?.collect()?;
    parse(raw, infos)
}

fn parse(raw: DataFrame, sources: Vec<SourceInfo>) -> Result<Dataset> {
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
        out.key.push(f.map(|s| s.key()));
        out.key_last.push(l.map(|s| s.key()));
        out.n.push(tx);
        out.nk.push(tx - unk);
        out.nc
            .push(ctd.map_or(u32::from(cnt.is_some()) * unk.min(tx), |c| c as u32));
    }
    let rows = out.frame()?;
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
    })
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
    key_last: Vec<Option<i32>>,
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
                Column::new(DATE_KEY_LAST.into(), self.key_last),
                Column::new(N.into(), self.n),
                Column::new(NK.into(), self.nk),
                Column::new(NC.into(), self.nc),
            ],
        )
        .map_err(|e| anyhow!(e))
    }
}
