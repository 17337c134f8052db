//! What the species table must make sense of before it is used: CITES appendices and China grades
//! from their vocabularies, and parents that name a taxon of the table without leading back to
//! the row they start from.

use std::collections::HashMap;

use super::{SpeciesInfo, row_key};
use crate::ingest::error::{Place, Result};

/// The CITES appendices a cell may name, alone or joined by `/` (`I/II` for a taxon split
/// between appendices).
const CITES: &[&str] = &["I", "II", "III"];

/// The China protection grades, as wildchain keeps them: the two grades of the national list,
/// 三有 (the list of terrestrial wildlife of ecological, scientific or social value) and 省级 (a
/// province's list). A cell names one in its usual spellings (see [`china`]).
pub const CHINA: &[&str] = &["一级", "二级", "三有", "省级"];

/// Whether a CITES cell names appendices (`I`, `II`, `III`, or several joined by `/`).
///
/// # Errors
/// What is wrong, in words.
pub(super) fn cites(v: &str) -> std::result::Result<(), crate::ingest::error::Why> {
    if v.split('/').all(|a| CITES.contains(&a.trim())) {
        Ok(())
    } else {
        Err(crate::ingest::error::Why::NotCites)
    }
}

/// The words around a grade that say nothing more (`国家一级保护动物` is 一级): taken off the
/// front, then off the end, as often as they stand there.
const GRADE_FRONT: &[&str] = &["国家", "重点", "保护"];
const GRADE_BACK: &[&str] = &[
    "野生动物",
    "野生植物",
    "动物",
    "植物",
    "名录",
    "保护",
    "重点",
    "物种",
];

/// The grade a China protection cell names, from an exact vocabulary: [`CHINA`] and their usual
/// spellings (`国家一级`, `一级保护`, `国家一级保护动物`, `I`, `Ⅰ级`, `1级`, `国家二级`, `II`,
/// `三有动物`, `省级保护` …), in any width and case, spaces ignored.
///
/// # Errors
/// Any other cell (`非一级`, `一级/二级`, `五级`, `二级（野外）`): a grade was read wherever a cell
/// held one of [`CHINA`], so that `非一级` passed as 一级.
pub(super) fn china(v: &str) -> std::result::Result<&'static str, crate::ingest::error::Why> {
    use unicode_normalization::UnicodeNormalization as _;
    let cell: String = (v.nfkc())
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let mut core = cell.as_str();
    while let Some(rest) = GRADE_FRONT.iter().find_map(|w| core.strip_prefix(w)) {
        core = rest;
    }
    while let Some(rest) = GRADE_BACK.iter().find_map(|w| core.strip_suffix(w)) {
        core = rest;
    }
    match core {
        "一级" | "I级" | "I" | "1级" => Ok("一级"),
        "二级" | "II级" | "II" | "2级" => Ok("二级"),
        "三有" => Ok("三有"),
        "省级" | "省" => Ok("省级"),
        _ => Err(crate::ingest::error::Why::NotChinaGrade { grades: CHINA }),
    }
}

/// Checks the parents of the rows that come from `origin`: each names a taxon of the table
/// (`index`, every name of every row), not the row itself, and following parents from any row
/// never comes back to a row already passed.
///
/// # Errors
/// The first row (of `origin` where the cycle has one) whose parent is wrong: file, row, column
/// `parent` and its value.
///
/// # Complexity
/// O(R) for R rows: each row is walked once.
pub(super) fn parents(
    rows: &[SpeciesInfo],
    index: &HashMap<String, usize>,
    origin: &str,
) -> Result<()> {
    let parent_of = |i: usize| -> Option<usize> {
        rows[i]
            .parent
            .as_deref()
            .and_then(|p| index.get(&row_key(p)).copied())
    };
    let at = |r: &SpeciesInfo, why: String| {
        let p = r.parent.as_deref().unwrap_or_default();
        Place::cell(&r.origin, r.row, "parent", p, why)
    };
    for r in rows.iter().filter(|r| r.origin == origin) {
        let Some(p) = r.parent.as_deref() else {
            continue;
        };
        match index.get(&row_key(p)) {
            None => return Err(at(r, "names no taxon of the species table".into()).into()),
            Some(&j) if row_key(&rows[j].name_zh) == row_key(&r.name_zh) => {
                return Err(at(r, "is the taxon itself".into()).into());
            }
            Some(_) => {}
        }
    }
    // 0: not seen; 1: on the walk under way; 2: seen, leads to no cycle.
    let mut state = vec![0u8; rows.len()];
    let mut walk = Vec::new();
    for start in 0..rows.len() {
        let mut i = start;
        while state[i] == 0 {
            state[i] = 1;
            walk.push(i);
            match parent_of(i) {
                Some(p) => i = p,
                None => break,
            }
        }
        if state[i] == 1 && parent_of(i).is_some() {
            // `i` is on this walk: the cycle is the walk from `i` on.
            let from = walk.iter().position(|&w| w == i).unwrap_or(0);
            let cycle = &walk[from..];
            let blame = cycle
                .iter()
                .copied()
                .find(|&w| rows[w].origin == origin)
                .unwrap_or(i);
            let names: Vec<&str> = cycle
                .iter()
                .chain(std::iter::once(&i))
                .map(|&w| rows[w].name_zh.as_str())
                .collect();
            let why = format!("makes the parents go round: {}", names.join(" → "));
            return Err(at(&rows[blame], why).into());
        }
        for w in walk.drain(..) {
            state[w] = 2;
        }
    }
    Ok(())
}
