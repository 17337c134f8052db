//! `species NAME…` as data: the rows of the species table some names stand for, or the names the
//! table does not know with what may be meant (worded in `render::species`).

use std::fmt;

use super::Hint;
use crate::ingest::species::ambiguity;
use crate::ingest::text::closest;
use crate::ingest::{SpeciesInfo, SpeciesTable};

/// Names the species table does not know, each with what may be meant (the 3 closest names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotInTable {
    pub names: Vec<(String, Hint)>,
}

impl fmt::Display for NotInTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the species table: ")?;
        for (i, (name, hint)) in self.names.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match hint {
                Hint::Ambiguous(m) => write!(f, "'{name}' (ambiguous on purpose: {m})")?,
                Hint::Closest(c) => write!(f, "'{name}' (closest: {})", c.join(", "))?,
                Hint::None => write!(f, "'{name}'")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for NotInTable {}

/// The rows of the table the names stand for (any name, alias, scientific or English name, with
/// or without a product word), each once, in the order first named; every row when no name is
/// given.
///
/// # Errors
/// A name the table does not know ([`NotInTable`] lists every such name).
pub fn lookup<'a>(
    table: &'a SpeciesTable,
    names: &[String],
) -> Result<Vec<&'a SpeciesInfo>, NotInTable> {
    if names.is_empty() {
        return Ok(table.rows().iter().collect());
    }
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for n in names {
        match table.resolve(n).and_then(|l| l.taxon).map(|t| table.row(t)) {
            Some(r) if !rows.contains(&r) => rows.push(r),
            Some(_) => {}
            None => missing.push(n.as_str()),
        }
    }
    if missing.is_empty() {
        return Ok(rows);
    }
    let known: Vec<&str> = table.chinese_names().collect();
    let names = (missing.iter())
        .map(|m| {
            let hint = if let Some(meaning) = ambiguity(m) {
                Hint::Ambiguous(meaning.to_string())
            } else {
                let c = closest(m, known.iter().copied(), 3);
                if c.is_empty() {
                    Hint::None
                } else {
                    Hint::Closest(c.into_iter().map(str::to_string).collect())
                }
            };
            (m.to_string(), hint)
        })
        .collect();
    Err(NotInTable { names })
}
