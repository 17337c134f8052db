//! The command line: global options, the one list of subcommands, and the loading every command shares.

mod analyze;
mod balance;
mod chains;
mod dot;
mod generate;
mod links;
mod networks;
mod players;
mod totals;
mod trace;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::analysis::closest;
use crate::graph::SupplyGraph;
use crate::ingest::aggregate::{Flows, flows};
use crate::ingest::{self, Dataset, IngestOptions, Source};
use crate::render::Format;
use crate::units::{MassUnit, Unit};

/// Turn the transaction records of a wildlife-trafficking case into its supply chain.
///
/// Reads transactions (seller, buyer, species, weight, date) from CSV files, or the embedded
/// 辰溪 (Chenxi) snake case when no --input is given, and shows who supplied whom, the chains from
/// origins to markets, each party's role and tier, and how much of each species moved.
#[derive(Debug, Parser)]
#[command(name = "wildchain", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub globals: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes, before or after its name.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// A CSV file of transactions; repeat for several files (read as one data set); `-` is stdin.
    /// Without it, the embedded 辰溪 case is used.
    #[arg(short, long = "input", value_name = "PATH", global = true)]
    pub input: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    pub format: Format,
    /// Unit of weights in tables and diagrams (kg, 斤, 两, g, t, lb …); JSON and CSV are always kg.
    #[arg(long, default_value = "kg", value_name = "UNIT", global = true)]
    pub unit: MassUnit,
    /// Unit of a bare number in the weight column when the row has no unit cell (kg, 斤, 条 …).
    #[arg(long, default_value = "kg", value_name = "UNIT", global = true)]
    pub default_unit: Unit,
    /// Stop with an error (exit 1) when any row is rejected.
    #[arg(long, global = true)]
    pub strict: bool,
    /// Write every rejected row to this CSV file, with its file, row number and reason.
    #[arg(long, value_name = "FILE", global = true)]
    pub rejects: Option<PathBuf>,
    /// Write the output to this file instead of standard output.
    #[arg(short, long, value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
    /// A file of links already aggregated by (seller, buyer, species), as `wildchain links` writes
    /// it (e.g. from Spark or DataFusion for data too large for one machine); repeatable.
    #[arg(long = "links", value_name = "FILE", global = true)]
    pub links: Vec<String>,
    /// Restrict the command to network K (see `wildchain networks`; 1 is the largest).
    #[arg(long, value_name = "K", global = true)]
    pub network: Option<usize>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The case report: summary, parties with roles and tiers, chains and species totals.
    Analyze(analyze::Args),
    /// Every party with a path *to* PARTY (its suppliers, theirs, …), with the hop distance.
    Upstream(trace::Args),
    /// Every party with a path *from* PARTY (its customers, theirs, …), with the hop distance.
    Downstream(trace::Args),
    /// Every chain from a source (never buys) to a sink (never sells).
    Chains(chains::Args),
    /// Totals per species, seller, buyer, month or link.
    Totals(totals::Args),
    /// A Graphviz DOT diagram of the whole network or of one party's neighbourhood.
    Dot(dot::Args),
    /// Mass balance per party and species: bought, sold, the difference and a verdict.
    Balance(balance::Args),
    /// Key players: chain share, betweenness, throughput and pattern labels.
    Players(players::Args),
    /// The separate networks (rings) in the data, and the cycles.
    Networks(networks::Args),
    /// Write a synthetic trafficking data set (deterministic for a seed) with planted typologies.
    Generate(generate::Args),
    /// Write the rows aggregated to links (seller, buyer, species), the format --links reads.
    Links(links::Args),
}

/// A mistake in how the command was called (exit code 2), as opposed to a failure (exit code 1).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let g = &cli.globals;
    match &cli.command {
        Command::Analyze(a) => analyze::run(a, g),
        Command::Upstream(a) => trace::run(a, g, crate::analysis::Direction::Upstream),
        Command::Downstream(a) => trace::run(a, g, crate::analysis::Direction::Downstream),
        Command::Chains(a) => chains::run(a, g),
        Command::Totals(a) => totals::run(a, g),
        Command::Dot(a) => dot::run(a, g),
        Command::Balance(a) => balance::run(a, g),
        Command::Players(a) => players::run(a, g),
        Command::Networks(a) => networks::run(a, g),
        Command::Generate(a) => generate::run(a, g),
        Command::Links(a) => links::run(a, g),
    }
}

/// The loaded case: validated rows, and their aggregated flows once a command needs the graph
/// (`totals` never does).
pub struct Case {
    pub data: Dataset,
    flows: std::cell::OnceCell<Flows>,
}

impl Case {
    /// Reads the inputs (or the embedded case), reports rejected rows as the options say, and
    /// aggregates the flows.
    pub fn load(g: &GlobalArgs) -> Result<Case> {
        let sources: Vec<Source> = if g.input.is_empty() {
            vec![Source::Embedded]
        } else {
            g.input.iter().map(|s| Source::from_arg(s)).collect()
        };
        if !g.links.is_empty() && !g.input.is_empty() {
            return Err(UsageError("--links and --input cannot be combined: aggregate the rows first (wildchain links)".into()).into());
        }
        let data = if !g.links.is_empty() {
            let sources: Vec<Source> = g.links.iter().map(|s| Source::from_arg(s)).collect();
            ingest::load_links(&sources)?
        } else {
            ingest::load(
                &sources,
                IngestOptions {
                    default_unit: g.default_unit,
                },
            )?
        };
        if let Some(path) = &g.rejects {
            let file = std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
            ingest::write_rejects(&data, std::io::BufWriter::new(file))?;
        }
        let n = data.rejects.len();
        if n > 0 {
            let first: Vec<String> = data
                .rejects
                .iter()
                .take(5)
                .map(|r| format!("{}: {}", data.locate(r), r.reason))
                .collect();
            if g.strict {
                bail!(
                    "{n} of {} rows rejected (--strict):\n  {}{}",
                    data.stats.rows,
                    first.join("\n  "),
                    if n > 5 {
                        format!("\n  … and {} more (--rejects FILE lists them all)", n - 5)
                    } else {
                        String::new()
                    }
                );
            }
            crate::timing::clear_line();
            eprintln!(
                "wildchain: warning: {n} of {} rows rejected and left out (first: {}); {}",
                data.stats.rows,
                first[0],
                if g.rejects.is_some() {
                    "all are in the --rejects file"
                } else {
                    "--rejects FILE lists them, --strict stops on them"
                }
            );
        }
        let mut case = Case {
            data,
            flows: std::cell::OnceCell::new(),
        };
        if let Some(k) = g.network {
            case.restrict_to_network(k)?;
        }
        Ok(case)
    }

    /// The (seller, buyer, species) flows, aggregated on first use.
    pub fn flows(&self) -> Result<&Flows> {
        if let Some(f) = self.flows.get() {
            return Ok(f);
        }
        let f = crate::timing::stage("aggregate links", || {
            flows(polars::prelude::IntoLazy::lazy(self.data.rows.clone()))
        })?;
        Ok(self.flows.get_or_init(|| f))
    }

    /// Keeps only the rows and flows of network `k` (from 1, largest first).
    fn restrict_to_network(&mut self, k: usize) -> Result<()> {
        use polars::prelude::*;
        let graph = self.graph(None)?;
        let nets = crate::analysis::networks(&graph);
        let Some(net) = k.checked_sub(1).and_then(|i| nets.get(i)) else {
            return Err(UsageError(format!(
                "--network {k}: the data has {} network(s), numbered from 1",
                nets.len()
            ))
            .into());
        };
        let names: Vec<&str> = net.parties.iter().map(|&p| graph.name(p)).collect();
        let keep: std::collections::HashSet<&str> = names.iter().copied().collect();
        let mut flows = self.flows()?.clone();
        let parties = &flows.parties;
        let kept: Vec<_> = flows
            .flows
            .iter()
            .filter(|f| keep.contains(parties[f.seller as usize].as_str()))
            .copied()
            .collect();
        flows.flows = kept;
        self.flows = std::cell::OnceCell::from(flows);
        // A network holds both ends of each of its links, so the seller decides.
        let members = DataFrame::new(
            names.len(),
            vec![Column::new(ingest::cols::SELLER.into(), &names)],
        )?;
        self.data.rows = self
            .data
            .rows
            .clone()
            .lazy()
            .join(
                members.lazy(),
                [col(ingest::cols::SELLER)],
                [col(ingest::cols::SELLER)],
                JoinArgs::new(JoinType::Inner),
            )
            .sort(
                [ingest::cols::FILE, ingest::cols::ROW],
                SortMultipleOptions::default(),
            )
            .collect()?;
        Ok(())
    }

    /// The dates of the links of `g`, from the rows (only those of `species` when given).
    pub fn link_dates(
        &self,
        g: &SupplyGraph,
        species: Option<&str>,
    ) -> Result<crate::analysis::LinkDates> {
        let dated = crate::ingest::aggregate::dated_flows(polars::prelude::IntoLazy::lazy(
            self.data.rows.clone(),
        ))?;
        Ok(crate::analysis::LinkDates::new(g, &dated, species))
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

    /// The graph of all flows, or of one species' flows.
    pub fn graph(&self, species: Option<&str>) -> Result<SupplyGraph> {
        let flows = self.flows()?;
        Ok(crate::timing::stage("build graph", || {
            SupplyGraph::from_flows(flows, species)
        }))
    }

    /// Checks that a party exists, suggesting the closest names when it does not.
    pub fn party(&self, g: &SupplyGraph, name: &str) -> Result<petgraph::graph::NodeIndex> {
        if let Some(p) = g.find(name) {
            return Ok(p);
        }
        let flows = self.flows()?;
        let known = flows.party_id(name).is_some();
        let names: Vec<&str> = flows.parties.iter().map(String::as_str).collect();
        let hint = closest(name, names.iter().copied(), 3);
        if known {
            bail!("party '{name}' has no link of the selected species");
        }
        if hint.is_empty() {
            bail!("no party named '{name}' in the data");
        }
        bail!(
            "no party named '{name}' in the data; did you mean {}?",
            quoted_list(&hint)
        )
    }

    /// Checks that a species occurs in the data, suggesting the closest names when it does not.
    pub fn species(&self, name: &str) -> Result<()> {
        let flows = self.flows()?;
        if flows
            .species_id(name)
            .is_some_and(|id| flows.flows.iter().any(|f| f.species == id))
        {
            return Ok(());
        }
        let mut names: Vec<&str> = flows.species.iter().map(|s| &**s).collect();
        names.sort_unstable();
        names.dedup();
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

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Refuses `--format dot` for commands that draw nothing.
pub fn no_dot(g: &GlobalArgs, command: &str) -> Result<()> {
    if g.format == Format::Dot {
        return Err(UsageError(format!(
            "--format dot is for upstream, downstream, chains and dot, not {command}"
        ))
        .into());
    }
    Ok(())
}

/// Opens the output (stdout or `-o`), lets `write` fill it, and flushes.
pub fn emit(g: &GlobalArgs, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let mut out = crate::render::output(g.output.as_deref())?;
    write(&mut *out)?;
    out.flush()?;
    Ok(())
}
