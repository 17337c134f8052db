//! `wildchain networks`: the separate networks (rings) in the data, and the cycles.

use anyhow::Result;

use super::{GlobalArgs, emit, graph as case_graph, load, no_dot};
use crate::analysis::{cycles, networks};
use crate::render::networks::{
    CycleViews, NetworkViews, NetworksReport, networks_sheet, write_networks,
};
use crate::render::{Format, csv::write_csv, json::write_json};

/// Options of `networks`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "networks")?;
    let case = load(g)?;
    let graph = case_graph(&case, None);
    let nets = networks(&graph);
    let cycles = cycles(&graph);
    emit(g, |w| match g.format {
        Format::Json => write_json(
            &NetworksReport {
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
            w,
        ),
        Format::Csv => write_csv(&networks_sheet(&graph, &nets), w),
        _ => write_networks(w, &graph, &nets, &cycles, g.unit),
    })
}
