//! The supply graph: one node per party, one directed edge per (seller → buyer) link, built from the
//! aggregated flows (never from rows), with the per-species figures on each link.

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::ingest::aggregate::{FlowRow, Tally};

/// A party: a person, shop or company that sells or buys.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub name: String,
}

/// What moved along a link for one species.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub species: String,
    pub tally: Tally,
    /// Where the case file documents it (the distinct `source` cells of its rows), sorted.
    pub sources: Vec<String>,
}

/// A seller → buyer link: its flows by species (sorted by species) and their sum.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub flows: Vec<Flow>,
    pub tally: Tally,
}

/// The directed supply graph.
///
/// Nodes are added in name order and edges in (seller, buyer) order, so `NodeIndex` and `EdgeIndex`
/// order are name order: every analysis that sorts by index is deterministic.
#[derive(Debug, Clone, Default)]
pub struct SupplyGraph {
    pub graph: DiGraph<Party, Link>,
}

impl SupplyGraph {
    /// Builds the graph from flows, keeping only those of `species` when given.
    ///
    /// # Complexity
    /// O(F log F) for F flows.
    pub fn from_flows(flows: &[FlowRow], species: Option<&str>) -> SupplyGraph {
        let mut kept: Vec<&FlowRow> = flows
            .iter()
            .filter(|f| species.is_none_or(|s| f.species == s))
            .collect();
        kept.sort_by(|a, b| {
            (&a.seller, &a.buyer, &a.species).cmp(&(&b.seller, &b.buyer, &b.species))
        });
        let mut names: Vec<&str> = kept
            .iter()
            .flat_map(|f| [f.seller.as_str(), f.buyer.as_str()])
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut graph = DiGraph::with_capacity(names.len(), kept.len());
        for n in &names {
            graph.add_node(Party {
                name: n.to_string(),
            });
        }
        let index = |n: &str| NodeIndex::new(names.binary_search(&n).unwrap_or_default());
        let mut i = 0;
        while i < kept.len() {
            let (s, b) = (&kept[i].seller, &kept[i].buyer);
            let mut link = Link {
                flows: Vec::new(),
                tally: Tally::default(),
            };
            while i < kept.len() && (&kept[i].seller, &kept[i].buyer) == (s, b) {
                link.tally.merge(&kept[i].tally);
                link.flows.push(Flow {
                    species: kept[i].species.clone(),
                    tally: kept[i].tally,
                    sources: kept[i].sources.clone(),
                });
                i += 1;
            }
            graph.add_edge(index(s), index(b), link);
        }
        SupplyGraph { graph }
    }

    /// The party of that exact name (names are case-sensitive).
    ///
    /// # Complexity
    /// O(log V).
    pub fn find(&self, name: &str) -> Option<NodeIndex> {
        let nodes = self.graph.raw_nodes();
        nodes
            .binary_search_by(|n| n.weight.name.as_str().cmp(name))
            .ok()
            .map(NodeIndex::new)
    }

    /// The name of a party.
    pub fn name(&self, n: NodeIndex) -> &str {
        &self.graph[n].name
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

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(s: &str, b: &str, sp: &str, kg: Option<f64>) -> FlowRow {
        FlowRow {
            seller: s.into(),
            buyer: b.into(),
            species: sp.into(),
            tally: Tally {
                weight_kg: kg,
                transactions: 1,
                unknown_weight: u64::from(kg.is_none()),
                ..Tally::default()
            },
            sources: Vec::new(),
        }
    }

    #[test]
    fn one_node_per_party_one_edge_per_pair() {
        let flows = vec![
            flow("b", "c", "x", Some(2.0)),
            flow("a", "b", "y", None),
            flow("a", "b", "x", Some(1.0)),
        ];
        let g = SupplyGraph::from_flows(&flows, None);
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 2);
        let a = g.find("a").unwrap();
        let b = g.find("b").unwrap();
        let e = g.graph.find_edge(a, b).unwrap();
        let link = &g.graph[e];
        assert_eq!(
            link.flows
                .iter()
                .map(|f| f.species.as_str())
                .collect::<Vec<_>>(),
            ["x", "y"]
        );
        assert_eq!(link.tally.weight_kg, Some(1.0));
        assert_eq!(link.tally.transactions, 2);
        assert_eq!(link.tally.unknown_weight, 1);
        assert_eq!(g.find("A"), None);
    }

    #[test]
    fn species_filter_keeps_only_its_links() {
        let flows = vec![flow("a", "b", "x", Some(1.0)), flow("b", "c", "y", None)];
        let g = SupplyGraph::from_flows(&flows, Some("y"));
        assert_eq!(g.node_count(), 2);
        assert!(g.find("a").is_none());
    }
}
