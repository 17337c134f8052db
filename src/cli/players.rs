//! `wildchain players`: the parties the network cannot work without.

use anyhow::Result;

use super::{GlobalArgs, emit, graph as case_graph, load, no_dot};
use crate::analysis::players;
use crate::render::players::{PlayerViews, PlayersReport, players_sheet};
use crate::render::{Format, csv::write_csv, json::write_json};

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

pub fn run(args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "players")?;
    let case = load(g)?;
    if let Some(s) = &args.species {
        case.species(s)?;
    }
    let graph = case_graph(&case, args.species.as_deref());
    let mut list = players(&graph);
    if let Some(n) = args.top {
        list.truncate(n);
    }
    emit(g, |w| match g.format {
        Format::Json => write_json(
            &PlayersReport {
                input: case.data.stats,
                players: PlayerViews {
                    graph: &graph,
                    players: &list,
                },
            },
            w,
        ),
        Format::Csv => write_csv(&players_sheet(&graph, &list), w),
        _ => players_sheet(&graph, &list).write_table(w, g.unit),
    })
}
