//! The case model: the validated, integer-coded records of a case and everything derived from them
//! once (flows, dated flows), behind a plain [`Options`] struct, so that a command, a
//! report, an export or a test loads a case the same way without the command line.
//!
//! Loading reports what went wrong with the data as [`Warning`]s (data, not text on stderr): the
//! caller decides how to show them.

pub mod flows;
pub mod networks;
pub use crate::sort;
pub mod tally;

use std::fmt;
use std::sync::OnceLock;

use anyhow::{Result, bail};

use crate::ingest::date::Day;
use crate::ingest::party::Likeness;
use crate::ingest::species::ambiguity;
use crate::ingest::text::closest;
use crate::ingest::{self, Dataset, DateInfo, IngestOptions, Source};

pub use flows::{Aggregated, DatedFlow, FlowRow, Flows};
pub use tally::{Acc, Tally};

/// How to load a case.
#[derive(Debug, Clone)]
pub struct Options {
    /// Case files of transaction rows; none (and no `links`) means the embedded 辰溪 case.
    pub inputs: Vec<Source>,
    /// Files of links already aggregated by (seller, buyer, species); not combined with `inputs`.
    pub links: Vec<Source>,
    /// How sources and cells are read (formats, units, species table, aliases).
    pub ingest: IngestOptions,
    /// Refuse the case when any row is rejected.
    pub strict: bool,
    /// Keep only network K (from 1, largest first).
    pub network: Option<usize>,
}

impl Options {
    /// The embedded case, read with the defaults.
    ///
    /// # Errors
    /// Only if the embedded species table is broken.
    pub fn embedded() -> Result<Options> {
        Ok(Options {
            inputs: Vec::new(),
            links: Vec::new(),
            ingest: IngestOptions::new().map_err(anyhow::Error::msg)?,
            strict: false,
            network: None,
        })
    }

    /// The same options reading these case files.
    pub fn with_inputs(mut self, inputs: Vec<Source>) -> Options {
        self.inputs = inputs;
        self
    }
}

/// What loading found wrong with the data, short of an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Rows were rejected and left out: how many of how many, and the first as `file row N: why`.
    Rejected {
        rejected: u64,
        rows: u64,
        first: String,
    },
    /// Species names the species table does not know, with what may be meant (first 10 shown).
    UnknownSpecies { names: Vec<(String, Hint)> },
    /// Groups of party names that differ only by case, spacing or punctuation and were not merged.
    SpellingVariants { groups: Vec<Vec<String>> },
    /// Rows whose written amount differs beyond rounding from their unit price times their
    /// weight or count (the written amount is kept): how many, and the first as `file row N`
    /// with both figures in fen.
    AmountMismatch {
        rows: u64,
        first: String,
        written_fen: i64,
        computed_fen: i64,
    },
}

/// What an unknown species name may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    None,
    /// The name is ambiguous: what it may mean.
    Ambiguous(String),
    /// The closest names of the species table.
    Closest(Vec<String>),
}

/// A `--network K` that the data does not have (a usage error, not a failure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchNetwork {
    pub asked: usize,
    pub networks: usize,
}

impl fmt::Display for NoSuchNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "--network {}: the data has {} network(s), numbered from 1",
            self.asked, self.networks
        )
    }
}

impl std::error::Error for NoSuchNetwork {}

/// A loaded case.
#[derive(Debug)]
pub struct Case {
    pub data: Dataset,
    /// What loading found wrong with the data.
    pub warnings: Vec<Warning>,
    aggregated: OnceLock<Aggregated>,
    dated: OnceLock<Vec<DatedFlow>>,
}

impl Case {
    /// Reads the inputs (or the embedded case, or the links files) and applies the options that
    /// act on what was read ([`Case::apply`]); what was wrong with the data is in
    /// [`Case::warnings`].
    ///
    /// # Errors
    /// An input that cannot be read; with `strict`, any rejected row; a network the data does not
    /// have ([`NoSuchNetwork`]).
    pub fn load(opts: &Options) -> Result<Case> {
        let mut case = Case::read(opts)?;
        case.apply(opts)?;
        Ok(case)
    }

    /// Reads the inputs (or the embedded case, or the links files), noting what was wrong with
    /// the data in [`Case::warnings`], without applying `strict` or `network`.
    ///
    /// # Errors
    /// An input that cannot be read.
    pub fn read(opts: &Options) -> Result<Case> {
        let data = if opts.links.is_empty() {
            let inputs = if opts.inputs.is_empty() {
                vec![Source::Embedded]
            } else {
                opts.inputs.clone()
            };
            ingest::load(&inputs, &opts.ingest)?
        } else {
            if !opts.inputs.is_empty() {
                bail!("links files and case files cannot be read together");
            }
            ingest::load_links(&opts.links, &opts.ingest)?
        };
        let mut case = Case::new(data);
        case.warnings = warnings(&case.data);
        Ok(case)
    }

    /// Applies the options that act on what was read: refuses the case when `strict` and a row
    /// was rejected, and keeps only network K.
    ///
    /// # Errors
    /// With `strict`, any rejected row; a network the data does not have ([`NoSuchNetwork`]).
    pub fn apply(&mut self, opts: &Options) -> Result<()> {
        if opts.strict && !self.data.rejects.is_empty() {
            let d = &self.data;
            let n = d.rejects.len();
            let first: Vec<String> = d
                .rejects
                .iter()
                .take(5)
                .map(|r| format!("{}: {}", d.locate(r), r.reason()))
                .collect();
            bail!(
                "{n} of {} rows rejected (--strict):\n  {}{}",
                d.stats.rows,
                first.join("\n  "),
                if n > 5 {
                    format!("\n  … and {} more (--rejects FILE lists them all)", n - 5)
                } else {
                    String::new()
                }
            );
        }
        if let Some(k) = opts.network {
            self.restrict_to_network(k)?;
        }
        Ok(())
    }

    /// A case of data already read.
    pub fn new(data: Dataset) -> Case {
        Case {
            data,
            warnings: Vec::new(),
            aggregated: OnceLock::new(),
            dated: OnceLock::new(),
        }
    }

    /// The flows and the flow of each record, aggregated on first use.
    pub fn aggregated(&self) -> &Aggregated {
        self.aggregated.get_or_init(|| {
            crate::timing::stage("aggregate links", || flows::aggregate(&self.data))
        })
    }

    /// The (seller, buyer, species) flows, aggregated on first use.
    pub fn flows(&self) -> &Flows {
        &self.aggregated().flows
    }

    /// The (flow, date) groups, sorted by flow then date, aggregated on first use.
    pub fn dated(&self) -> &[DatedFlow] {
        self.dated.get_or_init(|| {
            let a = self.aggregated();
            crate::timing::stage("aggregate dated links", || {
                flows::dated(&self.data, &a.flow_of, a.flows.flows.len())
            })
        })
    }

    /// The date table entry of a date code.
    pub fn date(&self, code: u32) -> &DateInfo {
        &self.data.tables.dates[code as usize]
    }

    /// Keeps only the records and flows of network `k` (from 1, largest first; see
    /// [`networks::components`]).
    fn restrict_to_network(&mut self, k: usize) -> Result<()> {
        let flows = self.flows();
        let mut pairs: Vec<(u32, u32)> = flows.flows.iter().map(|f| (f.seller, f.buyer)).collect();
        pairs.dedup();
        let nets = networks::components(flows.parties.len(), &pairs);
        let Some(net) = k.checked_sub(1).and_then(|i| nets.get(i)) else {
            return Err(NoSuchNetwork {
                asked: k,
                networks: nets.len(),
            }
            .into());
        };
        let mut keep = vec![false; self.data.parties.len()];
        for &p in &net.parties {
            keep[p as usize] = true;
        }
        // A network holds both ends of each of its links, so the seller decides.
        let sellers = self.data.records.seller.clone();
        self.data.records.retain(|i| keep[sellers[i] as usize]);
        self.aggregated = OnceLock::new();
        self.dated = OnceLock::new();
        Ok(())
    }

    /// Keeps only the records whose date overlaps `[from, to]` (either end open), as
    /// `totals --from/--to` counts them: a month or a range overlaps when any of its days does,
    /// and records of unknown date are left out. Does nothing when both ends are open.
    ///
    /// # Complexity
    /// O(R + D) for R records and D distinct dates.
    pub fn retain_dates(&mut self, from: Option<Day>, to: Option<Day>) {
        if from.is_none() && to.is_none() {
            return;
        }
        let inside: Vec<bool> = (self.data.tables.dates.iter().enumerate())
            .map(|(code, d)| {
                code != 0 && from.is_none_or(|f| d.to >= f) && to.is_none_or(|t| d.from <= t)
            })
            .collect();
        let keep: Vec<bool> = (self.data.records.date.iter())
            .map(|&d| inside[d as usize])
            .collect();
        self.data.records.retain(|i| keep[i]);
        self.aggregated = OnceLock::new();
        self.dated = OnceLock::new();
    }

    /// `file row N` for a row reference.
    pub fn locate(&self, (file, row): (u32, u64)) -> String {
        let name = self
            .data
            .sources
            .get(file as usize)
            .map_or("?", |s| s.name.as_str());
        format!("{name} row {row}")
    }

    /// The name a species is known by in the data: the canonical name of the species table, or
    /// the name itself in normal form.
    pub fn species_name(&self, name: &str) -> String {
        self.data.species_name(name)
    }

    /// The name a party is known by in the data: any spelling or alias gives the name shown.
    pub fn party_name(&self, name: &str) -> String {
        self.data.party_name(name)
    }

    /// Every party with a flow, in name order.
    pub fn trading_parties(&self) -> Vec<&str> {
        let flows = self.flows();
        let mut in_flows = vec![false; flows.parties.len()];
        for f in &flows.flows {
            in_flows[f.seller as usize] = true;
            in_flows[f.buyer as usize] = true;
        }
        flows
            .parties
            .iter()
            .zip(in_flows)
            .filter(|(_, k)| *k)
            .map(|(p, _)| p.as_str())
            .collect()
    }

    /// Checks that a species occurs in the data (under any of its names in the species table), and
    /// returns the name it has there; suggests the closest names when it does not occur.
    ///
    /// # Errors
    /// No such species in the data.
    pub fn species(&self, name: &str) -> Result<String> {
        let canonical = self.species_name(name);
        let flows = self.flows();
        let mut used = vec![false; flows.species.len()];
        for f in &flows.flows {
            used[f.species as usize] = true;
        }
        if flows
            .species_id(&canonical)
            .is_some_and(|id| used[id as usize])
        {
            return Ok(canonical);
        }
        let names: Vec<&str> = flows
            .species
            .iter()
            .zip(&used)
            .filter(|(_, u)| **u)
            .map(|(s, _)| &**s)
            .collect();
        let hint = closest(name, names.iter().copied(), 3);
        if hint.is_empty() {
            bail!(
                "no species '{name}' in the data (it has: {})",
                names.join(", ")
            );
        }
        bail!(
            "no species '{name}' in the data; did you mean {}?",
            quoted_list(&hint)
        )
    }
}

/// What is wrong with the data, short of an error: rejected rows, species names the table does not
/// know, party names alike but for case, spacing or punctuation.
fn warnings(data: &Dataset) -> Vec<Warning> {
    let mut out = Vec::new();
    if let Some(r) = data.rejects.first() {
        out.push(Warning::Rejected {
            rejected: data.rejects.len() as u64,
            rows: data.stats.rows,
            first: format!("{}: {}", data.locate(r), r.reason()),
        });
    }
    let unknown = &data.species_seen.unknown;
    if !unknown.is_empty() {
        let table: Vec<&str> = data.species_table.chinese_names().collect();
        let names = unknown
            .iter()
            .map(|(name, _)| {
                let hint = if let Some(meaning) = ambiguity(name) {
                    Hint::Ambiguous(meaning.to_string())
                } else {
                    let c = closest(name, table.iter().copied(), 2);
                    if c.is_empty() {
                        Hint::None
                    } else {
                        Hint::Closest(c.into_iter().map(str::to_string).collect())
                    }
                };
                (name.clone(), hint)
            })
            .collect();
        out.push(Warning::UnknownSpecies { names });
    }
    let groups: Vec<Vec<String>> = data
        .likely_duplicates(false)
        .into_iter()
        .filter(|d| d.why == Likeness::Spelling)
        .map(|d| d.names)
        .collect();
    if !groups.is_empty() {
        out.push(Warning::SpellingVariants { groups });
    }
    out.extend(amount_mismatch(data));
    out
}

/// The rows whose written amount the price contradicts ([`Warning::AmountMismatch`]).
fn amount_mismatch(data: &Dataset) -> Option<Warning> {
    let (r, t) = (&data.records, &data.tables);
    let bad = |&(_, &m): &(usize, &u32)| t.money[m as usize].mismatch.is_some();
    let rows = r.money.iter().enumerate().filter(bad).count() as u64;
    let (i, &m) = r.money.iter().enumerate().find(bad)?;
    let m = &t.money[m as usize];
    let (file, row) = r.at(i);
    Some(Warning::AmountMismatch {
        rows,
        first: format!("{} row {row}", data.sources[file as usize].name),
        written_fen: m.fen.unwrap_or(0),
        computed_fen: m.mismatch.unwrap_or(0),
    })
}

/// `'a' or 'b'`.
pub fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("'{}'", crate::ingest::text::clip(n)))
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod quoted_list_tests {
    #[test]
    fn a_long_name_is_quoted_cut_with_its_length() {
        let long = "甲".repeat(1_000_000);
        let text = super::quoted_list(&["丁某某", &long]);
        assert!(text.starts_with("'丁某某' or '甲甲"), "{text}");
        assert!(text.chars().count() < 200, "{} characters", text.len());
        assert!(text.contains("1000000"), "{text}");
    }
}
