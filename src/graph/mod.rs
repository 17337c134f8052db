//! The supply graph: one node per party, one directed edge per (seller → buyer) link, built from the
//! aggregated flows (never from rows), with the per-species figures on each link.

pub mod scc;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use std::sync::Arc;

use crate::case::{Case, FlowRow, Flows, Tally, quoted_list};
use crate::ingest::text::closest;

/// Why a party named on the command line is not in the graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartyError {
    /// The case has the party, but none of its links is of the selected species.
    #[error("party '{name}' has no link of the selected species")]
    NoLink { name: String },
    /// The case has no party of that name; `closest` are the nearest names it has (at most 3).
    #[error("no party named '{name}' in the data{}", did_you_mean(closest))]
    NotFound { name: String, closest: Vec<String> },
}

/// `; did you mean 'a' or 'b'?`, or nothing without names.
fn did_you_mean(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    format!("; did you mean {}?", quoted_list(&names))
}

/// A party: a person, shop or company that sells or buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Party {
    /// Its id in the case (and in [`SupplyGraph::flows`]); names are in name order.
    pub id: u32,
}

/// A seller → buyer link: its flows by species, `flows.0..flows.1` of [`SupplyGraph::flows`]
/// (sorted by species), and their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub flows: (u32, u32),
    pub tally: Tally,
}

/// The directed supply graph.
///
/// Nodes are added in name order and edges in (seller, buyer) order, so `NodeIndex` and `EdgeIndex`
/// order are name order: every analysis that sorts by index is deterministic. Links point into the
/// flows they were built from, which the graph shares, so building a graph copies no flow.
#[derive(Debug, Clone, Default)]
pub struct SupplyGraph {
    pub graph: DiGraph<Party, Link>,
    pub flows: Arc<Flows>,
}

impl SupplyGraph {
    /// Builds the graph from flows, keeping only those of `species` when given (a species that
    /// does not occur gives an empty graph).
    ///
    /// # Complexity
    /// O(F + V) for F flows (they come sorted).
    pub fn from_flows(flows: &Arc<Flows>, species: Option<&str>) -> SupplyGraph {
        let only = species.map(|s| flows.species_id(s));
        if only == Some(None) {
            return SupplyGraph::default();
        }
        let only = only.flatten();
        let kept = || {
            flows
                .flows
                .iter()
                .enumerate()
                .filter(|(_, f)| only.is_none_or(|s| f.species == s))
        };
        // Parties with at least one kept flow, in id (= name) order.
        let mut node: Vec<Option<NodeIndex>> = vec![None; flows.parties.len()];
        for (_, f) in kept() {
            node[f.seller as usize] = Some(NodeIndex::end());
            node[f.buyer as usize] = Some(NodeIndex::end());
        }
        let mut graph = DiGraph::with_capacity(flows.parties.len(), flows.flows.len());
        for (id, slot) in node.iter_mut().enumerate() {
            if slot.is_some() {
                *slot = Some(graph.add_node(Party { id: id as u32 }));
            }
        }
        let at = |id: u32| node[id as usize].unwrap_or_else(NodeIndex::end);
        let mut link: Option<((u32, u32), Link)> = None;
        for (k, f) in kept() {
            let key = (f.seller, f.buyer);
            if link.as_ref().is_some_and(|(k, _)| *k != key)
                && let Some(((s, b), l)) = link.take()
            {
                graph.add_edge(at(s), at(b), l);
            }
            let k = k as u32;
            let (_, l) = link.get_or_insert_with(|| {
                (
                    key,
                    Link {
                        flows: (k, k),
                        tally: Tally::default(),
                    },
                )
            });
            l.tally.merge(&f.tally);
            l.flows.1 = k + 1;
        }
        if let Some(((s, b), l)) = link {
            graph.add_edge(at(s), at(b), l);
        }
        SupplyGraph {
            graph,
            flows: flows.clone(),
        }
    }

    /// The flows of a link, by species.
    pub fn flows_of(&self, e: EdgeIndex) -> &[FlowRow] {
        let (a, b) = self.graph[e].flows;
        &self.flows.flows[a as usize..b as usize]
    }

    /// The name of a species of the flows.
    pub fn species_name(&self, id: u32) -> &str {
        &self.flows.species[id as usize]
    }

    /// The graph of a case's flows, or of one species' flows (any name of the species table:
    /// 舟山眼镜蛇 draws 眼镜蛇).
    pub fn of_case(case: &Case, species: Option<&str>) -> SupplyGraph {
        let species = species.map(|s| case.species_name(s));
        let flows = &case.aggregated().flows;
        crate::timing::stage("build graph", || {
            SupplyGraph::from_flows(flows, species.as_deref())
        })
    }

    /// The party of a case named `name` (any spelling or alias), suggesting the closest names when
    /// there is none.
    ///
    /// # Errors
    /// No such party, or it has no link in this graph (of the selected species); the error names
    /// it as shown to people (clipped when very long).
    pub fn party(&self, case: &Case, name: &str) -> Result<NodeIndex, PartyError> {
        let canonical = case.party_name(name);
        if let Some(p) = self.find(&canonical) {
            return Ok(p);
        }
        let shown = crate::ingest::text::clip(name).to_string();
        let parties = case.trading_parties();
        if parties.binary_search(&canonical.as_str()).is_ok() {
            return Err(PartyError::NoLink { name: shown });
        }
        let closest = closest(name, parties.iter().copied(), 3)
            .into_iter()
            .map(str::to_string)
            .collect();
        Err(PartyError::NotFound {
            name: shown,
            closest,
        })
    }

    /// The node of a party id of the case, if it is in this graph.
    ///
    /// # Complexity
    /// O(log V).
    pub fn node(&self, id: u32) -> Option<NodeIndex> {
        self.graph
            .raw_nodes()
            .binary_search_by_key(&id, |n| n.weight.id)
            .ok()
            .map(NodeIndex::new)
    }

    /// The party of that exact name (names are case-sensitive).
    ///
    /// # Complexity
    /// O(log V).
    pub fn find(&self, name: &str) -> Option<NodeIndex> {
        self.node(self.flows.party_id(name)?)
    }

    /// The name of a party.
    pub fn name(&self, n: NodeIndex) -> &str {
        &self.flows.parties[self.graph[n].id as usize]
    }

    /// Every party, in name order.
    pub fn parties(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.node_indices()
    }

    /// A party's neighbours in one direction, with the connecting link, in name order.
    pub fn neighbours(&self, n: NodeIndex, dir: Direction) -> Vec<(NodeIndex, EdgeIndex)> {
        let mut v: Vec<(NodeIndex, EdgeIndex)> = self
            .graph
            .edges_directed(n, dir)
            .map(|e| {
                (
                    if dir == Direction::Outgoing {
                        e.target()
                    } else {
                        e.source()
                    },
                    e.id(),
                )
            })
            .collect();
        v.sort_unstable();
        v
    }

    /// `(seller, buyer)` of a link.
    pub fn ends(&self, e: EdgeIndex) -> (NodeIndex, NodeIndex) {
        self.graph
            .edge_endpoints(e)
            .unwrap_or((NodeIndex::end(), NodeIndex::end()))
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
}

/// Every party's neighbours in one direction, all in one array: party `p`'s are
/// `items[at[p]..at[p + 1]]`. 4 bytes per party and `size_of::<T>()` per link, where a `Vec` per
/// party cost at least 56 bytes a party (2 M parties: 112 MB before the first link).
#[derive(Debug, Clone, Default)]
pub struct Adjacency<T> {
    at: Vec<u32>,
    items: Vec<T>,
}

impl<T> Adjacency<T> {
    /// The lists of parties `0..n`, each as `list` gives it.
    pub fn build<I: IntoIterator<Item = T>>(
        n: usize,
        mut list: impl FnMut(NodeIndex) -> I,
    ) -> Adjacency<T> {
        let mut at = Vec::with_capacity(n + 1);
        at.push(0u32);
        let mut items = Vec::new();
        for p in 0..n {
            items.extend(list(NodeIndex::new(p)));
            at.push(items.len() as u32);
        }
        Adjacency { at, items }
    }

    /// The list of party `p`.
    pub fn of(&self, p: NodeIndex) -> &[T] {
        &self.items[self.at[p.index()] as usize..self.at[p.index() + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow<'a>(
        s: &'a str,
        b: &'a str,
        sp: &'a str,
        kg: Option<f64>,
    ) -> (&'a str, &'a str, &'a str, Tally) {
        (
            s,
            b,
            sp,
            kg.map_or(Tally::unknown(1), |kg| Tally::of_kg(kg, 1)),
        )
    }

    #[test]
    fn one_node_per_party_one_edge_per_pair() {
        let flows = vec![
            flow("b", "c", "x", Some(2.0)),
            flow("a", "b", "y", None),
            flow("a", "b", "x", Some(1.0)),
        ];
        let g = SupplyGraph::from_flows(&Arc::new(Flows::from_named(flows)), None);
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 2);
        let a = g.find("a").unwrap();
        let b = g.find("b").unwrap();
        let e = g.graph.find_edge(a, b).unwrap();
        let link = &g.graph[e];
        assert_eq!(
            g.flows_of(e)
                .iter()
                .map(|f| g.species_name(f.species))
                .collect::<Vec<_>>(),
            ["x", "y"]
        );
        assert_eq!(link.tally.weight_kg(), Some(1.0));
        assert_eq!(link.tally.transactions, 2);
        assert_eq!(link.tally.unknown_weight, 1);
        assert_eq!(g.find("A"), None);
    }

    #[test]
    fn a_party_not_found_says_why_and_the_closest_names() {
        let not_found = |closest: &[&str]| PartyError::NotFound {
            name: "丁某".into(),
            closest: closest.iter().map(|c| c.to_string()).collect(),
        };
        assert_eq!(
            not_found(&["丁某某", "朱某某"]).to_string(),
            "no party named '丁某' in the data; did you mean '丁某某' or '朱某某'?"
        );
        assert_eq!(
            not_found(&[]).to_string(),
            "no party named '丁某' in the data"
        );
        let no_link = PartyError::NoLink { name: "a".into() };
        assert_eq!(
            no_link.to_string(),
            "party 'a' has no link of the selected species"
        );
    }

    #[test]
    fn species_filter_keeps_only_its_links() {
        let flows = vec![flow("a", "b", "x", Some(1.0)), flow("b", "c", "y", None)];
        let g = SupplyGraph::from_flows(&Arc::new(Flows::from_named(flows)), Some("y"));
        assert_eq!(g.node_count(), 2);
        assert!(g.find("a").is_none());
    }
}
