//! Separate networks and cycles for people and scripts: [`Network`]s and cycles (node ids, from
//! [`crate::analysis::networks`]) with the graph's names, serialised without copying them.

use std::io::{self, Write};

use petgraph::graph::NodeIndex;
use serde::Serialize;
use serde::ser::SerializeStruct;

use super::{Cell, Col, Nodes, Sheet, Style};
use crate::analysis::Network;
use crate::graph::SupplyGraph;
use crate::ingest::InputStats;

/// Networks as JSON: a list of objects numbered from 1, naming their parties.
pub struct NetworkViews<'a> {
    pub graph: &'a SupplyGraph,
    pub networks: &'a [Network],
}

impl Serialize for NetworkViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.networks
                .iter()
                .enumerate()
                .map(|(k, n)| One(self.graph, k + 1, n)),
        )
    }
}

struct One<'a>(&'a SupplyGraph, usize, &'a Network);

impl Serialize for One<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let One(g, k, n) = *self;
        let mut m = s.serialize_struct("Network", 5)?;
        m.serialize_field("network", &k)?;
        m.serialize_field("parties", &Nodes(g, &n.parties))?;
        m.serialize_field("links", &n.links)?;
        m.serialize_field("species", &n.species)?;
        m.serialize_field("weight_kg", &n.weight_kg)?;
        m.end()
    }
}

/// Cycles as JSON: a list of lists of party names.
pub struct CycleViews<'a> {
    pub graph: &'a SupplyGraph,
    pub cycles: &'a [Vec<NodeIndex>],
}

impl Serialize for CycleViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.cycles.iter().map(|c| Nodes(self.graph, c)))
    }
}

/// The JSON of `wildchain networks`.
#[derive(Serialize)]
pub struct NetworksReport<'a> {
    pub input: InputStats,
    pub networks: NetworkViews<'a>,
    pub cycles: CycleViews<'a>,
}

/// Networks as a sheet.
pub fn networks_sheet(g: &SupplyGraph, nets: &[Network]) -> Sheet {
    let mut s = Sheet::new(&NETWORK_COLUMNS);
    for (k, n) in nets.iter().enumerate() {
        s.push(network_row(g, k, n));
    }
    s
}

/// The columns of [`networks_sheet`].
pub const NETWORK_COLUMNS: [Col; 5] = [
    Col::new("network", "network"),
    Col::new("parties", "parties"),
    Col::new("links", "links"),
    Col::new("species", "species"),
    Col::new("weight_kg", "known weight"),
];

/// The row of [`networks_sheet`] of network `k` (from 0).
pub fn network_row(g: &SupplyGraph, k: usize, n: &Network) -> Vec<Cell> {
    vec![
        Cell::Int(k as u64 + 1),
        Cell::text(Nodes(g, &n.parties).join(" ")),
        Cell::Int(n.links as u64),
        Cell::text(n.species.join(" ")),
        Cell::Kg(n.weight_kg),
    ]
}

/// Writes the cycles, one per line (`  a, b, c`).
pub fn write_cycles(
    w: &mut dyn Write,
    g: &SupplyGraph,
    cycles: &[Vec<NodeIndex>],
) -> io::Result<()> {
    for c in cycles {
        let names = Nodes(g, c).join(", ");
        writeln!(w, "  {}", crate::ingest::text::shown(&names))?;
    }
    Ok(())
}

/// Writes the networks table of `wildchain networks`, then its cycles.
pub fn write_networks(
    w: &mut dyn Write,
    g: &SupplyGraph,
    nets: &[Network],
    cycles: &[Vec<NodeIndex>],
    style: &Style,
) -> io::Result<()> {
    networks_sheet(g, nets).write_table(w, style)?;
    let pick = |en: &'static str, zh: &'static str| style.pick(en, zh);
    if cycles.is_empty() {
        writeln!(w, "\n{}", pick("no cycles", "无循环"))?;
    } else {
        writeln!(
            w,
            "\n{}",
            pick(
                "cycles (parties that sell to each other round a loop):",
                "循环（互相转卖、形成闭环的当事人）："
            )
        )?;
        write_cycles(w, g, cycles)?;
    }
    Ok(())
}
