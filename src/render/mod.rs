//! Renderers: tables for people, JSON and CSV for scripts, DOT for pictures. Every renderer writes
//! to any `io::Write`; the output format is picked once, from `--format`.

pub mod balance;
pub mod chains;
pub mod csv;
pub mod dot;
pub mod export;
pub mod html;
pub mod json;
pub mod lang;
pub mod leads;
pub mod links;
pub mod networks;
pub mod parties;
pub mod players;
pub mod report;
pub mod table;
pub mod totals;
pub mod trace;
pub mod warnings;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use petgraph::graph::NodeIndex;

use crate::graph::SupplyGraph;
use crate::units::MassUnit;

pub use table::{Cell, Col, Sheet};

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people, weights in `--unit`.
    Table,
    /// JSON for scripts, weights in kg, unrounded.
    Json,
    /// CSV for spreadsheets and scripts, weights in kg, unrounded.
    Csv,
    /// A Graphviz DOT diagram (upstream, downstream, chains and dot).
    Dot,
}

/// Standard output, or the file named by `-o`, buffered.
///
/// # Errors
/// The file cannot be created.
pub fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// Ids as the list of their names (`names[id]`), serialised straight from the case's tables.
#[derive(Clone, Copy)]
pub struct Names<'a, T: AsRef<str>>(pub &'a [T], pub &'a [u32]);

impl<T: AsRef<str>> Serialize for Names<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|&id| self.0[id as usize].as_ref()))
    }
}

/// Parties of a graph as the list of their names.
#[derive(Clone, Copy)]
pub struct Nodes<'a>(pub &'a SupplyGraph, pub &'a [NodeIndex]);

impl Serialize for Nodes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|&p| self.0.name(p)))
    }
}

impl Nodes<'_> {
    /// The names joined with `sep`.
    pub fn join(&self, sep: &str) -> String {
        let names: Vec<&str> = self.1.iter().map(|&p| self.0.name(p)).collect();
        names.join(sep)
    }
}

/// A number for people: at most 3 decimals, no trailing zeros (`365`, `0.5`, `4.536`).
pub fn human_number(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A weight for people in `unit`, or `unknown`.
pub fn human_weight(kg: Option<f64>, unit: MassUnit) -> String {
    match kg {
        Some(kg) => human_number(unit.from_kg(kg)),
        None => "unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people_are_short() {
        assert_eq!(human_number(365.0), "365");
        assert_eq!(human_number(0.5), "0.5");
        assert_eq!(human_number(4.5359237), "4.536");
        assert_eq!(human_number(0.0), "0");
        assert_eq!(human_number(-0.0001), "0");
        assert_eq!(human_weight(Some(60.0), "斤".parse().unwrap()), "120");
        assert_eq!(human_weight(None, MassUnit::KG), "unknown");
    }
}
