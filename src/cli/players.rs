//! `wildchain players`: the parties the network cannot work without.

use crate::render::summary::write_footer;
use anyhow::Result;

use super::{GlobalArgs, emit, graph as case_graph, load, no_dot};
use crate::analysis::{Lineage, players_of};
use crate::render::Style;
use crate::render::players::{Brokers, PlayerViews, PlayersReport, players_sheet_with};

/// Options of `players`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the first N.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Only links of this species.
    #[arg(long, value_name = "S")]
    pub species: Option<String>,
}

pub fn run(args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "players")?;
    // Only the flows and the graph are read.
    let case = load(g, style)?.without_record_flows();
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    // Chain share counts the chains that follow one species label, as `chains` lists them.
    let mut list = players_of(&graph, Some(&Lineage::of_case(&case)));
    if let Some(n) = args.top {
        list.truncate(n);
    }
    // Brokerage between provinces beside betweenness, when some party's province is known.
    let regions =
        crate::case::places::regions(&case, &graph, crate::case::places::RegionLevel::Province);
    let brokerage = crate::case::places::any_known(&regions)
        .then(|| crate::analysis::places::brokerage(&graph, &regions));
    // Beside betweenness, each party's brokerage between provinces: the compact form in a table,
    // every role's count in CSV.
    let sheet = |how| players_sheet_with(&graph, &list, brokerage.as_deref().map(|b| (b, how)));
    emit(g, |w| {
        style.print(
            w,
            || PlayersReport {
                input: case.data.stats,
                players: PlayerViews {
                    graph: &graph,
                    players: &list,
                    brokerage: brokerage.as_deref(),
                },
            },
            || sheet(Brokers::Csv),
            |w| {
                sheet(Brokers::Table(style.lang)).write_table(w, style)?;
                write_footer(w, &case.data.stats, style.lang)
            },
        )
    })
}
