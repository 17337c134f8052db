//! `wildchain export`: the network for Gephi, yEd, Cytoscape and i2 Analyst's Notebook.

use anyhow::Result;

use super::shared::ExportArg;
use super::{GlobalArgs, UsageError, emit, graph as case_graph, load};
use crate::analysis::{Lineage, players_of, profiles};
use crate::ingest::date::parse_bound;
use crate::render::Style;
use crate::render::export::{Network, write_export};
use crate::timing::stage;

/// Options of `export`. The output is always in the format `--to` names, whatever `--format` says.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format to write: graphml (yEd, Cytoscape), gexf (Gephi, with a timeline), i2 (the CSV
    /// of i2 Analyst's Notebook's import wizard) or json (node-link).
    #[arg(long = "to", value_enum, value_name = "FORMAT")]
    pub to: ExportArg,
    /// Only links of this species.
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
    /// Only rows whose date reaches this day or later (a month means its first day; a row's month
    /// or range counts when it overlaps); rows of unknown date are then left out.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only rows whose date starts on or before this day (a month means its last day). Named
    /// `--until` here because `--to` names the format.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    let bound = |s: &Option<String>, end: bool, flag: &str| -> Result<_> {
        s.as_deref()
            .map(|s| parse_bound(s, end).map_err(|e| UsageError(format!("--{flag}: {e}")).into()))
            .transpose()
    };
    let (from, until) = (
        bound(&args.from, false, "from")?,
        bound(&args.until, true, "until")?,
    );
    // A span that ends before it starts holds no row: said, not answered with an empty network.
    if let (Some(f), Some(u), Some(fs), Some(us)) = (from, until, &args.from, &args.until)
        && f > u
    {
        return Err(UsageError(format!(
            "--from {fs} is after --until {us}: no row can be in between"
        ))
        .into());
    }
    let mut case = load(g, style)?;
    case.retain_dates(from, until);
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let profiles = stage("roles", || profiles(&graph));
    // Chain share counts the chains that follow one species label, as `players` does.
    let players = stage("players", || {
        players_of(&graph, Some(&Lineage::of_case(&case)))
    });
    let facts = crate::render::export::PartyFacts::of(&case.data, &graph);
    let mut net =
        Network::new(&graph, &profiles, &players, case.data.stats, style.unit)?.with_facts(&facts);
    net.lang = style.lang;
    stage("write", || {
        emit(g, |w| write_export(args.to.into(), &net, w))
    })
}
