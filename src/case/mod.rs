//! The case model: the validated, integer-coded records of a case and everything derived from them
//! once (flows, dated flows), behind a plain [`Options`] struct, so that a command, a
//! report, an export or a test loads a case the same way without the command line.
//!
//! Loading reports what went wrong with the data as [`Warning`]s (data, not text on stderr): the
//! caller decides how to show them.

mod duplicates;
pub mod error;
pub mod flows;
pub mod networks;
pub use crate::sort;
pub mod near;
pub mod places;
pub mod species;
pub mod tally;
pub mod validate;

use std::io::Write;
use std::sync::OnceLock;

use crate::ingest::date::Day;
use crate::ingest::party::Likeness;
use crate::ingest::species::ambiguity;
use crate::ingest::text::closest;
use crate::ingest::{self, Dataset, DateInfo, IngestOptions, Source};

pub use error::{Error, NoSuchNetwork, NoSuchSpecies, RejectedRow, RowsGiven, Sameness, Strict};
pub use flows::{Aggregated, DatedFlow, FlowRow, Flows};
pub use tally::{Acc, Tally};

/// What a case is read from.
#[derive(Debug, Clone, Default)]
pub enum Inputs {
    /// The embedded 辰溪 case.
    #[default]
    Embedded,
    /// Case files of transaction rows.
    Rows(Vec<Source>),
    /// Files of links already aggregated by (seller, buyer, species).
    Links(Vec<Source>),
}

impl Inputs {
    /// The inputs of rows and links files as given: the embedded case when there are neither.
    /// The one place where rows and links meet.
    ///
    /// # Errors
    /// Both rows and links ([`Error::Mixed`], a usage error; `given` says how the rows came);
    /// one file given twice, under one name or two, or two files with the same bytes
    /// ([`Error::Duplicate`], a usage error: every row would count twice).
    ///
    /// # Complexity
    /// A `stat` per file; files are read (and hashed) only when two have the same size.
    pub fn new(rows: Vec<Source>, links: Vec<Source>, given: RowsGiven) -> Result<Inputs, Error> {
        let rows = duplicates::stdin_read_beside_files(rows)?;
        let links = duplicates::stdin_read_beside_files(links)?;
        duplicates::refuse(&rows)?;
        duplicates::refuse(&links)?;
        match (rows.is_empty(), links.is_empty()) {
            (true, true) => Ok(Inputs::Embedded),
            (false, true) => Ok(Inputs::Rows(rows)),
            (true, false) => Ok(Inputs::Links(links)),
            (false, false) => Err(Error::Mixed(given)),
        }
    }
}

/// How to load a case.
#[derive(Debug, Clone)]
pub struct Options {
    /// What to read: the embedded case, case files of rows, or links files.
    pub inputs: Inputs,
    /// How sources and cells are read (formats, units, species table, aliases).
    pub ingest: IngestOptions,
    /// Refuse the case when any row is rejected (after the rejected rows are written).
    pub strict: bool,
    /// Keep only network K (from 1, largest first).
    pub network: Option<usize>,
}

impl Options {
    /// The embedded case, read with the defaults.
    ///
    /// # Errors
    /// Only if the embedded species table is broken.
    pub fn embedded() -> Result<Options, Error> {
        Ok(Options {
            inputs: Inputs::Embedded,
            ingest: IngestOptions::new().map_err(Error::Read)?,
            strict: false,
            network: None,
        })
    }

    /// The same options reading these case files (the embedded case when there are none).
    pub fn with_inputs(mut self, inputs: Vec<Source>) -> Options {
        self.inputs = if inputs.is_empty() {
            Inputs::Embedded
        } else {
            Inputs::Rows(inputs)
        };
        self
    }
}

/// What loading found wrong with the data, short of an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Rows were rejected and left out: how many of how many, and the first with its reasons.
    Rejected {
        rejected: u64,
        rows: u64,
        first: RejectedRow,
    },
    /// Species names the species table does not know, with what may be meant (first 10 shown).
    UnknownSpecies { names: Vec<(String, Hint)> },
    /// Groups of party names that differ only by case, spacing or punctuation and were not merged.
    SpellingVariants { groups: Vec<Vec<String>> },
    /// Rows whose written amount differs beyond rounding from their unit price times their
    /// weight or count (the written amount is kept): how many, and the first (its file and row)
    /// with both figures in fen.
    AmountMismatch {
        rows: u64,
        file: String,
        row: u64,
        written_fen: i64,
        computed_fen: i64,
    },
    /// Cells of kept rows that could not be read (a weight, a date, a price …): each is unknown in
    /// its row. How many cells, in how many rows, and the first with its reason.
    CellProblems {
        cells: u64,
        rows: u64,
        first: RejectedRow,
    },
    /// No row has a date (no file has a date column when `column` is false, or none of its
    /// cells was read): time-ordered chains, `--from/--to`, monthly totals, timelines and value
    /// windows have nothing to go on.
    NoDates { column: bool },
    /// Bare numbers of a file's weight column read as kg only because nothing gave their unit
    /// (see [`crate::ingest::BareWeights`]): the file, the column's header, how many cells, the
    /// first rows, and whether other cells of the column give a unit.
    BareWeights {
        file: String,
        column: String,
        cells: u64,
        rows: Vec<u64>,
        mixed: bool,
    },
    /// A column whose header names a place without saying whose (`所在地`, `地址`): not read.
    PlaceColumnUnread {
        file: String,
        column: usize,
        header: String,
    },
    /// Places of one party that disagree (in text form): how many, and the first few, each with
    /// the place kept (the first in row order) and the other. With `from_file`, the place kept
    /// is the parties file's, which wins over the rows.
    PlaceConflicts {
        count: u64,
        shown: Vec<ShownConflict>,
        from_file: bool,
    },
    /// Names of the parties file that no row of the case has (a typo?): name and line.
    PartiesNotInRows {
        file: String,
        names: Vec<(String, u64)>,
    },
}

/// A place of a party as a warning names it: the text, and the file and row (or the line of
/// the parties file, `side` `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownPlace {
    pub written: String,
    pub file: String,
    pub row: u64,
    pub side: Option<ingest::Side>,
}

/// Two places of one party that disagree, as a warning names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownConflict {
    pub party: String,
    pub kept: ShownPlace,
    pub other: ShownPlace,
}

/// How many place conflicts a warning names.
pub const SHOWN_CONFLICTS: usize = 5;

/// The warnings of places: columns not read, conflicts between rows, the parties file over rows,
/// names of the parties file no row has.
fn place_warnings(data: &Dataset) -> Vec<Warning> {
    let mut out = Vec::new();
    for u in &data.place_unread {
        out.push(Warning::PlaceColumnUnread {
            file: data.sources[u.source].name.clone(),
            column: u.column,
            header: u.header.clone(),
        });
    }
    let shown = |p: &ingest::PartyPlace| -> ShownPlace {
        match p.from {
            ingest::PlaceFrom::Row { source, row, side } => ShownPlace {
                written: p.written.clone(),
                file: data.sources[source].name.clone(),
                row,
                side: Some(side),
            },
            ingest::PlaceFrom::PartiesFile { line } => ShownPlace {
                written: p.written.clone(),
                file: (data.parties_file.as_ref()).map_or(String::new(), |f| f.file.origin.clone()),
                row: line,
                side: None,
            },
        }
    };
    for from_file in [false, true] {
        let of: Vec<&ingest::PlaceConflict> = (data.place_conflicts.iter())
            .filter(|c| matches!(c.kept.from, ingest::PlaceFrom::PartiesFile { .. }) == from_file)
            .collect();
        if of.is_empty() {
            continue;
        }
        out.push(Warning::PlaceConflicts {
            count: of.len() as u64,
            shown: (of.iter().take(SHOWN_CONFLICTS))
                .map(|c| ShownConflict {
                    party: data.parties[c.party as usize].clone(),
                    kept: shown(&c.kept),
                    other: shown(&c.other),
                })
                .collect(),
            from_file,
        });
    }
    if let Some(p) = &data.parties_file {
        let names: Vec<(String, u64)> = (p.file.entries.iter().zip(&p.party))
            .filter(|(_, id)| id.is_none())
            .map(|(e, _)| (e.name.clone(), e.line))
            .collect();
        if !names.is_empty() {
            out.push(Warning::PartiesNotInRows {
                file: p.file.origin.clone(),
                names,
            });
        }
    }
    out
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

/// A loaded case.
#[derive(Debug)]
pub struct Case {
    pub data: Dataset,
    /// What loading found wrong with the data.
    pub warnings: Vec<Warning>,
    aggregated: OnceLock<Aggregated>,
    dated: OnceLock<Vec<DatedFlow>>,
    /// Whether the flow of each record is kept when the flows are aggregated.
    record_flows: bool,
}

/// Where [`Case::load_with`] writes the rejected rows, and how: cells as the data has them
/// (`raw_csv`), or guarded against spreadsheet formulas.
pub struct RejectsOut<'a> {
    pub out: &'a mut dyn Write,
    pub raw_csv: bool,
}

impl Case {
    /// Reads the inputs (the embedded case, case files or links files), then refuses the case
    /// when `strict` and a row was rejected, then keeps only network K; what was wrong with the
    /// data is in [`Case::warnings`].
    ///
    /// # Errors
    /// As [`Case::load_with`].
    pub fn load(opts: &Options) -> Result<Case, Error> {
        Case::load_with(opts, None)
    }

    /// [`Case::load`], writing every rejected row as CSV (see [`ingest::write_rejects`]) to
    /// `rejects` when given, after reading and before `strict` refuses the case: the rows that
    /// made it refuse are in the file.
    ///
    /// # Errors
    /// An input that cannot be read ([`Error::Read`]); the rejected rows cannot be written
    /// ([`Error::Rejects`]); with `strict`, any rejected row ([`Error::Strict`]); a network the
    /// data does not have ([`Error::NoSuchNetwork`]).
    pub fn load_with(opts: &Options, rejects: Option<RejectsOut<'_>>) -> Result<Case, Error> {
        let mut case = Case::read(&opts.inputs, &opts.ingest)?;
        if let Some(r) = rejects {
            ingest::write_rejects(&case.data, r.out, r.raw_csv).map_err(Error::Rejects)?;
        }
        if opts.strict {
            case.refuse_rejected()?;
        }
        if let Some(k) = opts.network {
            case.restrict_to_network(k)?;
        }
        Ok(case)
    }

    /// Reads the inputs, noting what was wrong with the data in [`Case::warnings`].
    fn read(inputs: &Inputs, opts: &IngestOptions) -> Result<Case, Error> {
        let data = match inputs {
            Inputs::Embedded => ingest::load(&[Source::Embedded], &embedded_options(opts)),
            Inputs::Rows(rows) => ingest::load(rows, opts),
            Inputs::Links(links) => ingest::load_links(links, opts),
        }
        .map_err(Error::Read)?;
        let mut case = Case::new(data);
        case.warnings = warnings(&case.data);
        Ok(case)
    }

    /// Refuses the case when a row was rejected or a cell of a kept row could not be read
    /// (`--strict`), naming the first few of both in row order.
    fn refuse_rejected(&self) -> Result<(), Strict> {
        let d = &self.data;
        if d.rejects.is_empty() && d.problems.is_empty() {
            return Ok(());
        }
        let mut first: Vec<RejectedRow> = (d.rejects.iter().take(Strict::SHOWN))
            .map(|r| rejected_row(d, r))
            .chain((d.problems.iter().take(Strict::SHOWN)).map(|p| problem_row(d, p)))
            .collect();
        let index = |f: &str| d.sources.iter().position(|s| s.name == f);
        first.sort_by_key(|r| (index(&r.file), r.row, r.kept));
        first.truncate(Strict::SHOWN);
        Err(Strict {
            rejected: d.rejects.len() as u64,
            rows: d.stats.rows,
            unknown_cells: d.problems.len() as u64,
            first,
        })
    }

    /// The cells of a row that could not be read, each unknown in the row it kept
    /// ([`ingest::CellProblem`]: column, value, why, what was kept); empty when every cell was
    /// read or the row was refused. `file` and `row` are as [`ingest::Records::at`] gives them,
    /// so that a finding can ask whether a record it rests on has a problem:
    /// `case.problems_at(case.data.records.at(i))`.
    ///
    /// # Complexity
    /// O(log P) for P cell problems.
    pub fn problems_at(&self, (file, row): (u32, u64)) -> &[ingest::CellProblem] {
        self.data.problems_at(file as usize, row)
    }

    /// Whether record `i` rests on a row with a cell that could not be read.
    pub fn record_has_problem(&self, i: usize) -> bool {
        !self.problems_at(self.data.records.at(i)).is_empty()
    }

    /// The case's name, as titles give it: the names of its files (not their paths), joined
    /// with `, `.
    pub fn name(&self) -> String {
        let names: Vec<&str> = (self.data.sources.iter())
            .map(|s| {
                std::path::Path::new(&s.name)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(&s.name)
            })
            .collect();
        names.join(", ")
    }

    /// A case of data already read.
    pub fn new(data: Dataset) -> Case {
        Case {
            data,
            warnings: Vec::new(),
            aggregated: OnceLock::new(),
            dated: OnceLock::new(),
            record_flows: true,
        }
    }

    /// The case, for a command that reads only the flows and the graph: the flow of each record
    /// is then not kept when the flows are aggregated (at 10 M rows, 40 MB written at random,
    /// about 30 ms). Asking for it afterwards ([`Aggregated::flow_of`]) panics.
    pub fn without_record_flows(mut self) -> Case {
        self.record_flows = false;
        self
    }

    /// The flows and the flow of each record, aggregated on first use.
    pub fn aggregated(&self) -> &Aggregated {
        self.aggregated.get_or_init(|| {
            crate::timing::stage("aggregate links", || {
                flows::aggregate(&self.data, self.record_flows)
            })
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
                flows::dated(&self.data, a.flow_of(), a.flows.flows.len())
            })
        })
    }

    /// The distinct (flow, date code) pairs of the records, sorted: the days each link was seen,
    /// without what was traded on each ([`Case::dated`] holds that, 136 bytes a pair where this
    /// holds 8: on 2,000 parties that all trade with each other, 4 M pairs, 540 MB). Not kept:
    /// made on each call, from [`Case::dated`] when it is made already.
    ///
    /// # Complexity
    /// O(R log R) for R records.
    pub fn flow_dates(&self) -> Vec<(u32, u32)> {
        if let Some(d) = self.dated.get() {
            return d.iter().map(|d| (d.flow, d.date)).collect();
        }
        let flow_of = self.aggregated().flow_of();
        let dates = &self.data.records.date;
        let mut pairs: Vec<u64> = (flow_of.iter().zip(dates))
            .map(|(&f, &d)| (u64::from(f) << 32) | u64::from(d))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
            .into_iter()
            .map(|v| ((v >> 32) as u32, v as u32))
            .collect()
    }

    /// The date table entry of a date code.
    pub fn date(&self, code: u32) -> &DateInfo {
        &self.data.tables.dates[code as usize]
    }

    /// Keeps only the records and flows of network `k` (from 1, largest first; see
    /// [`networks::components`]).
    fn restrict_to_network(&mut self, k: usize) -> Result<(), NoSuchNetwork> {
        let flows = self.flows();
        let mut pairs: Vec<(u32, u32)> = flows.flows.iter().map(|f| (f.seller, f.buyer)).collect();
        pairs.dedup();
        let nets = networks::components(flows.parties.len(), &pairs);
        let Some(net) = k.checked_sub(1).and_then(|i| nets.get(i)) else {
            return Err(NoSuchNetwork {
                asked: k,
                networks: nets.len(),
            });
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

    /// [`Case::locate`], with the row's note when it has one (`file row N 「死体; 在饭店冰柜查获」`:
    /// the state its count was written with, then its 备注 cell), for provenance tables.
    pub fn locate_noted(&self, at: (u32, u64)) -> String {
        match self.data.note_at(at) {
            Some(note) => format!(
                "{} 「{}」",
                self.locate(at),
                crate::ingest::text::clip(&note)
            ),
            None => self.locate(at),
        }
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
    pub fn species(&self, name: &str) -> Result<String, NoSuchSpecies> {
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
        let closest: Vec<String> = closest(name, names.iter().copied(), 3)
            .into_iter()
            .map(str::to_string)
            .collect();
        Err(NoSuchSpecies {
            name: name.to_string(),
            species: if closest.is_empty() {
                names.iter().map(|s| s.to_string()).collect()
            } else {
                Vec::new()
            },
            closest,
        })
    }
}

/// A rejected row as facts: its file's name, its row and its reasons.
fn rejected_row(data: &Dataset, r: &ingest::Reject) -> RejectedRow {
    RejectedRow {
        file: data.sources[r.source].name.clone(),
        row: r.row,
        reasons: r.reasons.clone(),
        kept: false,
    }
}

/// A cell problem as facts: its file's name, its row and its reason; the row was kept.
fn problem_row(data: &Dataset, p: &ingest::CellProblem) -> RejectedRow {
    RejectedRow {
        file: data.sources[p.source].name.clone(),
        row: p.row,
        reasons: vec![p.reason.clone()],
        kept: true,
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
            first: rejected_row(data, r),
        });
    }
    if let Some(p) = data.problems.first() {
        out.push(Warning::CellProblems {
            cells: data.stats.unknown_cells,
            rows: data.stats.rows_with_unknown,
            first: problem_row(data, p),
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
    let r = &data.records;
    if !r.is_empty() && r.date.iter().all(|&d| d == 0) {
        let column = (data.sources.iter())
            .flat_map(|s| &s.format.columns)
            .any(|c| c.field == crate::ingest::header::Field::Date);
        out.push(Warning::NoDates { column });
    }
    for b in &data.bare_weights {
        out.push(Warning::BareWeights {
            file: data.sources[b.source].name.clone(),
            column: b.column.clone(),
            cells: b.cells,
            rows: b.rows.clone(),
            mixed: b.mixed,
        });
    }
    out.extend(place_warnings(data));
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
        file: data.sources[file as usize].name.clone(),
        row,
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

#[cfg(test)]
mod load_tests {
    use std::sync::Arc;

    use super::*;

    fn options(csv: &str) -> Options {
        let source = Source::Memory {
            name: "case.csv".into(),
            bytes: Arc::new(csv.as_bytes().to_vec()),
        };
        Options::embedded().unwrap().with_inputs(vec![source])
    }

    const ONE_BAD: &str = "seller,buyer,species,weight,date\n\
                           甲,乙,眼镜蛇,1kg,2022-04-01\n\
                           甲,甲,眼镜蛇,1kg,2022-04-01\n";

    #[test]
    fn a_case_without_record_flows_has_the_same_flows_and_keeps_them_where_sources_need_them() {
        let rows = "seller,buyer,species,weight,date\n\
                    甲,乙,眼镜蛇,1kg,2022-04-01\n\
                    乙,丙,眼镜蛇,2kg,2022-04-02\n\
                    甲,乙,眼镜蛇,3kg,2022-03-01\n";
        let full = Case::load(&options(rows)).unwrap();
        let lean = Case::load(&options(rows)).unwrap().without_record_flows();
        assert_eq!(lean.flows(), full.flows());
        // Flows in name order: 乙 → 丙 before 甲 → 乙.
        assert_eq!(full.aggregated().flow_of(), [1, 0, 1]);
        let asked = std::panic::catch_unwind(|| lean.aggregated().flow_of().len());
        assert!(asked.is_err(), "the flow of each record was not kept");
        // Sources are attached to the flows through the flow of each record: kept then.
        let sourced = "seller,buyer,species,weight,date,source\n\
                       甲,乙,眼镜蛇,1kg,2022-04-01,卷1\n\
                       乙,丙,眼镜蛇,2kg,2022-04-02,卷2\n";
        let lean = Case::load(&options(sourced))
            .unwrap()
            .without_record_flows();
        assert_eq!(lean.aggregated().flow_of(), [1, 0]);
        assert_eq!(lean.flows().sources_of(&lean.flows().flows[1]), ["卷1"]);
    }

    #[test]
    fn flows_aggregated_lean_are_the_flows_aggregated_in_full_on_generated_cases() {
        for seed in [1, 7, 23] {
            let mut text = Vec::new();
            let shape = crate::generate::Shape {
                rows: 60_000,
                seed,
                parties: None,
            };
            crate::generate::generate(shape, &mut text).unwrap();
            let text = String::from_utf8(text).unwrap();
            let full = Case::load(&options(&text)).unwrap();
            let lean = Case::load(&options(&text)).unwrap().without_record_flows();
            assert!(full.flows().flows.len() > 1000, "seed {seed}");
            assert_eq!(lean.flows(), full.flows(), "seed {seed}");
            let asked = std::panic::catch_unwind(|| lean.aggregated().first_unknown().len());
            assert!(asked.is_err(), "seed {seed}: records of flows not kept");
        }
    }

    #[test]
    fn strict_refuses_after_the_rejected_rows_are_written() {
        let mut opts = options(ONE_BAD);
        opts.strict = true;
        let mut rejects = Vec::new();
        let out = RejectsOut {
            out: &mut rejects,
            raw_csv: false,
        };
        let err = Case::load_with(&opts, Some(out)).unwrap_err();
        let Error::Strict(s) = &err else {
            panic!("{err:?}")
        };
        assert_eq!((s.rejected, s.rows), (1, 2));
        // The row is the line the text shows it on: the header is line 1.
        assert_eq!((s.first[0].file.as_str(), s.first[0].row), ("case.csv", 3));
        assert!(err.after_rejects() && !err.is_usage());
        let text = String::from_utf8(rejects).unwrap();
        assert!(text.contains("case.csv,3,"), "{text}");
    }

    #[test]
    fn a_rejected_row_is_a_warning_of_facts() {
        let case = Case::load(&options(ONE_BAD)).unwrap();
        let Some(Warning::Rejected {
            rejected,
            rows,
            first,
        }) = case.warnings.first()
        else {
            panic!("{:?}", case.warnings)
        };
        assert_eq!((*rejected, *rows, first.row), (1, 2, 3));
        assert_eq!(first.file, "case.csv");
        assert!(!first.reasons.is_empty());
    }

    #[test]
    fn a_network_the_data_lacks_is_a_usage_error() {
        let mut opts = options(ONE_BAD);
        opts.network = Some(3);
        let err = Case::load(&opts).unwrap_err();
        assert!(err.is_usage(), "{err:?}");
        assert_eq!(
            err.to_string(),
            "--network 3: the data has 1 network(s), numbered from 1"
        );
    }

    #[test]
    fn rows_and_links_meet_in_one_place() {
        let s = || vec![Source::Stdin];
        assert!(matches!(
            Inputs::new(vec![], vec![], RowsGiven::Input),
            Ok(Inputs::Embedded)
        ));
        assert!(matches!(
            Inputs::new(s(), vec![], RowsGiven::Input),
            Ok(Inputs::Rows(_))
        ));
        assert!(matches!(
            Inputs::new(vec![], s(), RowsGiven::Input),
            Ok(Inputs::Links(_))
        ));
        let err = Inputs::new(s(), s(), RowsGiven::Files).unwrap_err();
        assert!(err.is_usage());
        assert!(err.to_string().starts_with("validate FILE…"));
    }
}

/// The options of the embedded case: its parties file (the places the report states) is read as
/// if `--parties` had given it, unless `--parties` gives another.
fn embedded_options(opts: &IngestOptions) -> std::borrow::Cow<'_, IngestOptions> {
    if opts.parties.is_some() {
        return std::borrow::Cow::Borrowed(opts);
    }
    let mut o = opts.clone();
    // The embedded file is part of the binary and tested: it always parses.
    o.parties = ingest::parties::PartiesFile::parse(
        ingest::EMBEDDED_PARTIES,
        ingest::EMBEDDED_PARTIES_NAME,
    )
    .ok()
    .map(std::sync::Arc::new);
    std::borrow::Cow::Owned(o)
}
