//! Canonical party and species names, computed once per distinct spelling: spellings equal in
//! normal form (NFKC, spaces) or by `--aliases` are one party, shown by its most frequent spelling;
//! species names of the species table become its Chinese name (what the table says of a species is
//! looked up by that name when shown, not carried on every row).

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use polars::prelude::*;

use super::party::most_common;
use super::text::{name_form, tidy};
use super::{IngestOptions, NameMerge, SpeciesInfo, SpeciesSeen, cols};

const CANON: &str = "canonical";
const NAME: &str = "name";

/// A selector of columns by exact name.
pub(super) fn cols_sel<const N: usize>(names: [&str; N]) -> Selector {
    by_name(names, true, false)
}

/// Distinct values of a string column (or of several, stacked) with their row counts, sorted.
fn value_counts(base: &DataFrame, columns: &[&str]) -> Result<Vec<(String, u64)>> {
    let parts: Vec<LazyFrame> = columns
        .iter()
        .map(|c| base.clone().lazy().select([col(*c).alias(NAME)]))
        .collect();
    let counts = concat(parts, UnionArgs::default())?
        .group_by([col(NAME)])
        .agg([len().cast(DataType::UInt64).alias("n")])
        .sort([NAME], SortMultipleOptions::default())
        .collect()?;
    let names = counts.column(NAME)?.str()?;
    let n = counts.column("n")?.u64()?;
    Ok(names
        .iter()
        .zip(n.iter())
        .map(|(s, k)| (s.unwrap_or("").to_string(), k.unwrap_or(0)))
        .collect())
}

/// Groups spellings by key and picks the name each group is shown by: the most frequent spelling
/// of the key itself, else `fallback(key)`. Returns `spelling → shown` and `key → shown`.
fn show_names(
    spellings: &[(String, u64)],
    key: impl Fn(&str) -> (String, bool),
    fallback: impl Fn(&str) -> String,
) -> (Vec<String>, HashMap<String, String>) {
    let keys: Vec<(String, bool)> = spellings.iter().map(|(s, _)| key(s)).collect();
    let mut groups: BTreeMap<&str, Vec<(String, u64)>> = BTreeMap::new();
    for ((s, n), (k, own)) in spellings.iter().zip(&keys) {
        let g = groups.entry(k.as_str()).or_default();
        if *own {
            g.push((tidy(s), *n));
        }
    }
    let shown: HashMap<String, String> = groups
        .into_iter()
        .map(|(k, g)| {
            let name = most_common(g.iter().map(|(s, n)| (s.as_str(), *n)))
                .map_or_else(|| fallback(k), str::to_string);
            (k.to_string(), name)
        })
        .collect();
    let out = keys
        .iter()
        .map(|(k, _)| shown.get(k).cloned().unwrap_or_default())
        .collect();
    (out, shown)
}

/// Replaces seller and buyer by the name their party is shown by: spellings that are equal in
/// [`name_form`] (NFKC, spaces) or made equal by `--aliases` are one party, shown by its most
/// frequent spelling (the alias file's canonical name when the data never writes it). Computed
/// once per distinct name; returns the frame, what was merged, and `key → shown name`.
pub(super) fn canonical_parties(
    base: &DataFrame,
    lf: LazyFrame,
    opts: &IngestOptions,
) -> Result<(LazyFrame, Vec<NameMerge>, HashMap<String, String>)> {
    // Most files need no change: find that out from the distinct names, and count rows (to pick
    // the spelling shown) only when some spellings are to be merged.
    let parts: Vec<LazyFrame> = [cols::SELLER, cols::BUYER]
        .iter()
        .map(|c| {
            base.clone()
                .lazy()
                .select([col(*c).alias(NAME)])
                .unique_generic(None, UniqueKeepStrategy::Any)
        })
        .collect();
    let distinct = concat(parts, UnionArgs::default())?
        .unique_generic(None, UniqueKeepStrategy::Any)
        .collect()?;
    let all_plain = distinct.column(NAME)?.str()?.iter().flatten().all(|s| {
        let k = opts.aliases.resolve(s);
        k == s
    });
    let spellings: Vec<(String, u64)> = if all_plain {
        let mut v: Vec<(String, u64)> = distinct
            .column(NAME)?
            .str()?
            .iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .map(|s| (s.to_string(), 0))
            .collect();
        v.sort();
        v
    } else {
        value_counts(base, &[cols::SELLER, cols::BUYER])?
            .into_iter()
            .filter(|(s, _)| !s.is_empty())
            .collect()
    };
    let (canon, keys) = show_names(
        &spellings,
        |s| {
            let k = opts.aliases.resolve(s);
            let own = name_form(s) == k;
            (k, own)
        },
        |k| opts.aliases.shown(k).unwrap_or(k).to_string(),
    );
    let mut merges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ((raw, _), c) in spellings.iter().zip(&canon) {
        if raw != c {
            merges.entry(c.clone()).or_default().push(raw.clone());
        }
    }
    let merged = merges
        .into_iter()
        .map(|(name, names)| NameMerge {
            name,
            names,
            rows: None,
        })
        .collect();
    if spellings.iter().zip(&canon).all(|((raw, _), c)| raw == c) {
        return Ok((lf, merged, keys));
    }
    let raw: Vec<&str> = spellings.iter().map(|(s, _)| s.as_str()).collect();
    let table = DataFrame::new_infer_height(vec![
        Column::new(NAME.into(), raw),
        Column::new(CANON.into(), canon),
    ])?;
    let mut lf = lf;
    for c in [cols::SELLER, cols::BUYER] {
        lf = lf
            .join(
                table.clone().lazy(),
                [col(c)],
                [col(NAME)],
                JoinArgs::new(JoinType::Left),
            )
            .with_column(col(CANON).fill_null(col(c)).alias(c))
            .drop(cols_sel([CANON]));
    }
    Ok((lf, merged, keys))
}

/// Replaces each species by its canonical name in the species table (once per distinct name). Names the table does not
/// know are grouped by [`name_form`] and shown by their most frequent spelling. Returns the frame,
/// what was seen (merged names, names the table does not know), and `key → shown name` of those.
pub(super) fn canonical_species(
    base: &DataFrame,
    lf: LazyFrame,
    opts: &IngestOptions,
) -> Result<(LazyFrame, SpeciesSeen, HashMap<String, String>)> {
    let spellings = value_counts(base, &[cols::SPECIES])?;
    let infos: Vec<Option<&SpeciesInfo>> = spellings
        .iter()
        .map(|(s, _)| {
            if s.is_empty() {
                None
            } else {
                opts.species.lookup(s)
            }
        })
        .collect();
    let unknown: Vec<(String, u64)> = spellings
        .iter()
        .zip(&infos)
        .filter(|(_, i)| i.is_none())
        .map(|(s, _)| s.clone())
        .collect();
    let (unknown_shown, keys) = show_names(&unknown, |s| (name_form(s), true), str::to_string);
    let mut unknown_shown = unknown_shown.into_iter();
    let mut canon = Vec::with_capacity(spellings.len());
    let mut merged: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    let mut seen = SpeciesSeen::default();
    let mut unknown_rows: BTreeMap<String, u64> = BTreeMap::new();
    for ((raw, k), info) in spellings.iter().zip(&infos) {
        let name = match info {
            Some(i) => i.name_zh.clone(),
            None => unknown_shown.next().unwrap_or_default(),
        };
        if !raw.is_empty() {
            match info {
                Some(_) => seen.known += k,
                None => *unknown_rows.entry(name.clone()).or_default() += k,
            }
            if *raw != name {
                merged
                    .entry(name.clone())
                    .or_default()
                    .push((raw.clone(), *k));
            }
        }
        canon.push(name);
    }
    seen.unknown = unknown_rows.into_iter().collect();
    seen.merged = merged
        .into_iter()
        .map(|(name, names)| NameMerge {
            name,
            rows: Some(names.iter().map(|(_, k)| k).sum()),
            names: names.into_iter().map(|(s, _)| s).collect(),
        })
        .collect();
    // Names already canonical (most files) need no join.
    if spellings.iter().zip(&canon).all(|((raw, _), c)| raw == c) {
        return Ok((lf, seen, keys));
    }
    let raw: Vec<&str> = spellings.iter().map(|(s, _)| s.as_str()).collect();
    let table = DataFrame::new_infer_height(vec![
        Column::new(NAME.into(), raw),
        Column::new(CANON.into(), canon),
    ])?;
    let out = lf
        .join(
            table.lazy(),
            [col(cols::SPECIES)],
            [col(NAME)],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(
            col(CANON)
                .fill_null(col(cols::SPECIES))
                .alias(cols::SPECIES),
        )
        .drop(cols_sel([CANON]));
    Ok((out, seen, keys))
}
