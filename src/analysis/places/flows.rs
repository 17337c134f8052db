//! Flows between regions: a matrix of known kg, rows, links and parties for each (from, to) pair of
//! regions, with rows of unknown weight apart and an explicit unknown region; and totals by region of
//! origin (what the sources of a region sold) and of destination (what the sinks of a region bought).

use std::collections::BTreeMap;

use petgraph::Direction::{Incoming, Outgoing};
use serde::Serialize;

use super::{RegionKey, Weighed, crosses, region_key, region_of};
use crate::graph::SupplyGraph;

/// One species' part of a cell or total: `links` are the links that carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SpeciesFlow {
    /// A species id of the graph's flows.
    pub species: u32,
    pub weighed: Weighed,
}

/// The links from parties of region `from` to parties of region `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowCell {
    /// `None`: the seller's place is unknown.
    pub from: Option<u32>,
    /// `None`: the buyer's place is unknown.
    pub to: Option<u32>,
    /// Both regions known and different.
    pub crosses: bool,
    pub weighed: Weighed,
    /// Links none of whose rows has a known weight.
    pub unknown_links: u64,
    /// Distinct sellers and buyers.
    pub sellers: u64,
    pub buyers: u64,
    /// By species id.
    pub species: Vec<SpeciesFlow>,
}

/// What the sources (or sinks) of one region sold (or bought).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionTotal {
    pub region: Option<u32>,
    /// Sources (or sinks) of the region.
    pub parties: u64,
    pub weighed: Weighed,
    pub species: Vec<SpeciesFlow>,
}

/// Flows between regions, and totals by region of origin and of destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionFlows {
    /// Every (from, to) pair with at least one link, sorted by `from` then `to` (codes in order,
    /// unknown last). Every link is in exactly one cell.
    pub cells: Vec<FlowCell>,
    /// By region of the sources (parties that buy from no one): the links they sell on.
    pub origins: Vec<RegionTotal>,
    /// By region of the sinks (parties that sell to no one): the links they buy on.
    pub destinations: Vec<RegionTotal>,
}

#[derive(Default)]
struct Acc {
    weighed: Weighed,
    unknown_links: u64,
    sellers: Vec<u32>,
    buyers: Vec<u32>,
    species: BTreeMap<u32, Weighed>,
}

impl Acc {
    fn add(&mut self, g: &SupplyGraph, e: petgraph::graph::EdgeIndex) {
        let tally = &g.graph[e].tally;
        self.weighed.add_link(tally);
        if tally.weight_mg.is_none() {
            self.unknown_links += 1;
        }
        for f in g.flows_of(e) {
            self.species
                .entry(f.species)
                .or_default()
                .add_link(&f.tally);
        }
    }

    fn species(&self) -> Vec<SpeciesFlow> {
        self.species
            .iter()
            .map(|(&species, &weighed)| SpeciesFlow { species, weighed })
            .collect()
    }
}

fn distinct(mut v: Vec<u32>) -> u64 {
    v.sort_unstable();
    v.dedup();
    v.len() as u64
}

/// The flows between regions of a graph (see [`RegionFlows`]).
///
/// # Complexity
/// O(E log C + F log S + E log E) for E links, C cells, F flows and S species: one pass over the
/// links, and a sort of each cell's sellers and buyers to count them once.
pub fn region_flows(g: &SupplyGraph, regions: &[Option<u32>]) -> RegionFlows {
    let mut cells: BTreeMap<(RegionKey, RegionKey), Acc> = BTreeMap::new();
    let mut origins: BTreeMap<(bool, u32), Acc> = BTreeMap::new();
    let mut destinations: BTreeMap<(bool, u32), Acc> = BTreeMap::new();
    for e in g.graph.edge_indices() {
        let (s, b) = g.ends(e);
        let (rs, rb) = (region_of(regions, s), region_of(regions, b));
        let cell = cells.entry((region_key(rs), region_key(rb))).or_default();
        cell.add(g, e);
        cell.sellers.push(s.index() as u32);
        cell.buyers.push(b.index() as u32);
        if g.graph.neighbors_directed(s, Incoming).next().is_none() {
            let o = origins.entry(region_key(rs)).or_default();
            o.add(g, e);
            o.sellers.push(s.index() as u32);
        }
        if g.graph.neighbors_directed(b, Outgoing).next().is_none() {
            let d = destinations.entry(region_key(rb)).or_default();
            d.add(g, e);
            d.buyers.push(b.index() as u32);
        }
    }
    let region = |(unknown, code): (bool, u32)| (!unknown).then_some(code);
    let totals = |m: BTreeMap<(bool, u32), Acc>, sellers: bool| -> Vec<RegionTotal> {
        m.into_iter()
            .map(|(k, a)| RegionTotal {
                region: region(k),
                species: a.species(),
                weighed: a.weighed,
                parties: distinct(if sellers { a.sellers } else { a.buyers }),
            })
            .collect()
    };
    RegionFlows {
        cells: cells
            .into_iter()
            .map(|((f, t), a)| FlowCell {
                from: region(f),
                to: region(t),
                crosses: crosses(region(f), region(t)),
                species: a.species(),
                weighed: a.weighed,
                unknown_links: a.unknown_links,
                sellers: distinct(a.sellers),
                buyers: distinct(a.buyers),
            })
            .collect(),
        origins: totals(origins, true),
        destinations: totals(destinations, false),
    }
}
