//! Node-link JSON, the layout of D3 and of networkx's `node_link_data`: `{"input", "directed",
//! "multigraph", "graph", "nodes": [{"id", …}], "links": [{"source", "target", "key", …}]}`.
//! Nodes are keyed by party name, links by species (one per (seller, buyer, species)); every
//! attribute of the other formats is present, `null` when unknown; `sources` is a list.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};

use super::{LINK_ATTRS, NODE_ATTRS, Network, Value};
use crate::ingest::InputStats;

impl Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => s.serialize_str(t),
            Value::Int(i) => s.serialize_u64(*i),
            Value::Real(x) => s.serialize_f64(*x),
        }
    }
}

struct Nodes<'a>(&'a Network<'a>);

impl Serialize for Nodes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let net = self.0;
        let mut seq = s.serialize_seq(Some(net.graph.node_count()))?;
        for n in net.parties() {
            seq.serialize_element(&Node(net, n))?;
        }
        seq.end()
    }
}

struct Node<'a>(&'a Network<'a>, petgraph::graph::NodeIndex);

impl Serialize for Node<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Node(net, n) = *self;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", net.graph.name(n))?;
        for (a, v) in NODE_ATTRS.iter().zip(net.node_values(n)) {
            m.serialize_entry(a.name, &v)?;
        }
        // Only what the case has: places, the parties file's notes and further columns.
        if net.has_places() {
            m.serialize_entry("place", &net.place(n))?;
        }
        if net.has_notes() {
            m.serialize_entry("notes", &net.notes(n))?;
        }
        let extra = net.extra_columns();
        if !extra.is_empty() {
            let cells: std::collections::BTreeMap<&str, Option<&str>> = (extra.iter())
                .enumerate()
                .map(|(k, c)| (c.as_str(), net.extra_value(n, k)))
                .collect();
            m.serialize_entry("attributes", &cells)?;
        }
        m.end()
    }
}

struct Links<'a>(&'a Network<'a>);

impl Serialize for Links<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let net = self.0;
        let g = net.graph;
        let mut seq = s.serialize_seq(Some(net.link_count()))?;
        for l in net.links() {
            seq.serialize_element(&LinkObject {
                net,
                link: l,
                source: g.name(l.seller),
                target: g.name(l.buyer),
            })?;
        }
        seq.end()
    }
}

struct LinkObject<'a> {
    net: &'a Network<'a>,
    link: super::LinkRef<'a>,
    source: &'a str,
    target: &'a str,
}

impl Serialize for LinkObject<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.net.graph;
        let mut m = s.serialize_map(Some(LINK_ATTRS.len() + 3))?;
        m.serialize_entry("source", self.source)?;
        m.serialize_entry("target", self.target)?;
        m.serialize_entry("key", g.species_name(self.link.flow.species))?;
        for (a, v) in LINK_ATTRS.iter().zip(self.net.link_values(&self.link)) {
            if a.name == "sources" {
                m.serialize_entry(a.name, g.flows.sources_of(self.link.flow))?;
            } else {
                m.serialize_entry(a.name, &v)?;
            }
        }
        m.end()
    }
}

#[derive(Serialize)]
struct Graph {
    name: &'static str,
}

#[derive(Serialize)]
struct NodeLink<'a> {
    input: InputStats,
    directed: bool,
    multigraph: bool,
    graph: Graph,
    nodes: Nodes<'a>,
    links: Links<'a>,
}

/// Writes the network as node-link JSON.
///
/// # Errors
/// The writer fails.
pub fn write_json_graph(net: &Network, w: &mut dyn Write) -> io::Result<()> {
    crate::render::json::write_json(
        &NodeLink {
            input: net.input,
            directed: true,
            multigraph: true,
            graph: Graph { name: "wildchain" },
            nodes: Nodes(net),
            links: Links(net),
        },
        w,
    )
}
