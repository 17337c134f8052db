//! `wildchain networks`: the separate networks (rings) in the data, and the cycles.

use crate::render::summary::write_footer;
use anyhow::Result;

use super::{GlobalArgs, emit, graph as case_graph, load, no_dot};
use crate::analysis::{cycles, networks};
use crate::render::Style;
use crate::render::networks::{
    CycleViews, NetworkViews, NetworksReport, networks_sheet, write_networks,
};

/// Options of `networks`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, g: &GlobalArgs, style: &Style) -> Result<()> {
    no_dot(style, "networks")?;
    // Only the flows and the graph are read.
    let case = load(g, style)?.without_record_flows();
    let graph = case_graph(&case, None);
    let nets = networks(&graph);
    let cycles = cycles(&graph);
    emit(g, |w| {
        style.print(
            w,
            || NetworksReport {
                input: case.data.stats,
                networks: NetworkViews {
                    graph: &graph,
                    networks: &nets,
                },
                cycles: CycleViews {
                    graph: &graph,
                    cycles: &cycles,
                },
            },
            || networks_sheet(&graph, &nets),
            |w| {
                write_networks(w, &graph, &nets, &cycles, style)?;
                write_footer(w, &case.data.stats, style.lang)
            },
        )
    })
}
