//! Upstream and downstream for people and scripts: a [`Traced`] party (node and link ids, from
//! [`crate::analysis::trace`]) with the graph's names, and the links between the parties reached.

use std::io::{self, Write};

use petgraph::graph::EdgeIndex;
use serde::Serialize;
use serde::ser::SerializeStruct;

use super::{Cell, Col, Sheet, Style};
use crate::analysis::{Direction, Traced};
use crate::graph::SupplyGraph;
use crate::ingest::InputStats;

/// The distinct sources of a link's flows, sorted.
pub fn link_sources(g: &SupplyGraph, e: EdgeIndex) -> Vec<&str> {
    let mut v: Vec<&str> = g
        .flows_of(e)
        .iter()
        .flat_map(|f| g.flows.sources_of(f).iter().map(String::as_str))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Links as JSON: seller, buyer, species and figures, and where the case file documents them.
pub struct LinkViews<'a> {
    pub graph: &'a SupplyGraph,
    pub links: &'a [EdgeIndex],
}

impl Serialize for LinkViews<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.links.iter().map(|&e| Link(self.graph, e)))
    }
}

struct Link<'a>(&'a SupplyGraph, EdgeIndex);

/// The species of a link's flows, as names.
struct Species<'a>(&'a SupplyGraph, EdgeIndex);

impl Serialize for Species<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Species(g, e) = *self;
        s.collect_seq(g.flows_of(e).iter().map(|f| g.species_name(f.species)))
    }
}

impl Serialize for Link<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Link(g, e) = *self;
        let (seller, buyer) = g.ends(e);
        let t = &g.graph[e].tally;
        let mut m = s.serialize_struct("Link", 9)?;
        m.serialize_field("seller", g.name(seller))?;
        m.serialize_field("buyer", g.name(buyer))?;
        m.serialize_field("species", &Species(g, e))?;
        m.serialize_field("weight_kg", &t.weight_kg())?;
        m.serialize_field("transactions", &t.transactions)?;
        m.serialize_field("unknown_weight", &t.unknown_weight)?;
        // Transactions whose figure is approximate (`约50斤`, `50多斤`, `40-50斤`).
        m.serialize_field("approx_rows", &t.approx_rows)?;
        // The surest confidence of its transactions; null when none gives one.
        m.serialize_field("confidence", &t.confidence())?;
        // Where the case file documents it: the distinct `source` cells of its transactions.
        m.serialize_field("sources", &link_sources(g, e))?;
        m.end()
    }
}

/// The JSON of `wildchain upstream` and `downstream`: the party, the parties reached with their
/// distance, and the links among them.
pub struct TraceReport<'a> {
    pub input: InputStats,
    pub graph: &'a SupplyGraph,
    pub traced: &'a Traced,
    pub direction: Direction,
}

impl Serialize for TraceReport<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.graph;
        let t = self.traced;
        let mut m = s.serialize_struct("Trace", 5)?;
        m.serialize_field("input", &self.input)?;
        m.serialize_field("party", g.name(t.party))?;
        m.serialize_field("direction", self.direction.name())?;
        m.serialize_field("parties", &Reached(g, &t.reached))?;
        m.serialize_field(
            "edges",
            &LinkViews {
                graph: g,
                links: &t.links,
            },
        )?;
        m.end()
    }
}

/// Parties reached, as `{name, distance}` objects.
struct Reached<'a>(&'a SupplyGraph, &'a [(petgraph::graph::NodeIndex, usize)]);

impl Serialize for Reached<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|&(p, distance)| One {
            name: self.0.name(p),
            distance,
        }))
    }
}

#[derive(Serialize)]
struct One<'a> {
    name: &'a str,
    distance: usize,
}

/// The parties reached as a sheet: name and distance.
pub fn trace_sheet(g: &SupplyGraph, t: &Traced) -> Sheet {
    let mut s = Sheet::new(&[Col::new("name", "party"), Col::new("distance", "distance")]);
    for &(p, d) in &t.reached {
        s.push(vec![Cell::text(g.name(p)), Cell::Int(d as u64)]);
    }
    s
}

/// Writes the table of `wildchain upstream` or `downstream`: a title line, then the parties.
pub fn write_trace(
    w: &mut dyn Write,
    g: &SupplyGraph,
    t: &Traced,
    direction: Direction,
    style: &Style,
) -> io::Result<()> {
    if style.zh() {
        let side = match direction {
            Direction::Upstream => "上游",
            Direction::Downstream => "下游",
        };
        writeln!(
            w,
            "{} 的{side}：{} 个当事人",
            crate::ingest::text::shown(g.name(t.party)),
            t.reached.len()
        )?;
    } else {
        writeln!(
            w,
            "{} of {}: {} parties",
            direction.name(),
            crate::ingest::text::shown(g.name(t.party)),
            t.reached.len()
        )?;
    }
    trace_sheet(g, t).write_table(w, style)
}
