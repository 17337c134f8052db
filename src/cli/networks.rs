//! `wildchain networks`: the separate networks (rings) in the data, and the cycles.

use anyhow::Result;
use serde::Serialize;

use super::{GlobalArgs, emit, graph as case_graph, load, no_dot};
use crate::analysis::{Network, cycles, networks};
use crate::graph::SupplyGraph;
use crate::ingest::InputStats;
use crate::render::{Cell, Col, Format, Sheet, csv::write_csv, json::write_json};
use petgraph::graph::NodeIndex;

/// Options of `networks`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// A network as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkView {
    pub network: usize,
    pub parties: Vec<String>,
    pub links: usize,
    pub species: Vec<String>,
    pub weight_kg: Option<f64>,
}

impl NetworkView {
    pub fn new(g: &SupplyGraph, k: usize, n: &Network) -> NetworkView {
        NetworkView {
            network: k,
            parties: n.parties.iter().map(|&p| g.name(p).to_string()).collect(),
            links: n.links,
            species: n.species.clone(),
            weight_kg: n.weight_kg,
        }
    }
}

/// The networks of a graph and its cycles (as [`cycles`] gives them), as JSON-ready values.
pub fn views(g: &SupplyGraph, cycles: &[Vec<NodeIndex>]) -> (Vec<NetworkView>, Vec<Vec<String>>) {
    let nets = networks(g)
        .iter()
        .enumerate()
        .map(|(k, n)| NetworkView::new(g, k + 1, n))
        .collect();
    let cyc = cycles
        .iter()
        .map(|c| c.iter().map(|&p| g.name(p).to_string()).collect())
        .collect();
    (nets, cyc)
}

/// Networks as a sheet.
pub fn networks_sheet(nets: &[NetworkView]) -> Sheet {
    let mut s = Sheet::new(&[
        Col::new("network", "network"),
        Col::new("parties", "parties"),
        Col::new("links", "links"),
        Col::new("species", "species"),
        Col::new("weight_kg", "known weight"),
    ]);
    for n in nets {
        s.push(vec![
            Cell::Int(n.network as u64),
            Cell::text(n.parties.join(" ")),
            Cell::Int(n.links as u64),
            Cell::text(n.species.join(" ")),
            Cell::Kg(n.weight_kg),
        ]);
    }
    s
}

#[derive(Debug, Serialize)]
struct Report {
    input: InputStats,
    networks: Vec<NetworkView>,
    cycles: Vec<Vec<String>>,
}

pub fn run(_args: &Args, g: &GlobalArgs) -> Result<()> {
    no_dot(g, "networks")?;
    let case = load(g)?;
    let graph = case_graph(&case, None);
    let (networks, cycles) = views(&graph, &cycles(&graph));
    let report = Report {
        input: case.data.stats,
        networks,
        cycles,
    };
    emit(g, |w| match g.format {
        Format::Json => write_json(&report, w),
        Format::Csv => write_csv(&networks_sheet(&report.networks), w),
        _ => {
            networks_sheet(&report.networks).write_table(w, g.unit)?;
            if report.cycles.is_empty() {
                writeln!(w, "\nno cycles")?;
            } else {
                writeln!(
                    w,
                    "\ncycles (parties that sell to each other round a loop):"
                )?;
                for c in &report.cycles {
                    writeln!(w, "  {}", c.join(", "))?;
                }
            }
            Ok(())
        }
    })
}
