//! Upstream and downstream tracing: who supplied a party, directly or through others, and where its
//! goods went, with the shortest number of hops.

use petgraph::graph::{EdgeIndex, NodeIndex};
use std::collections::VecDeque;

use crate::graph::SupplyGraph;

/// Which way to trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Suppliers: parties with a directed path *to* the party.
    Upstream,
    /// Customers: parties with a directed path *from* the party.
    Downstream,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Upstream => "upstream",
            Direction::Downstream => "downstream",
        }
    }

    fn petgraph(self) -> petgraph::Direction {
        match self {
            Direction::Upstream => petgraph::Direction::Incoming,
            Direction::Downstream => petgraph::Direction::Outgoing,
        }
    }
}

/// The result of a trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Traced {
    pub party: NodeIndex,
    /// Every party reached (never the party itself) with its shortest hop distance, sorted by
    /// distance then name.
    pub reached: Vec<(NodeIndex, usize)>,
    /// The links whose both ends are among the reached parties or the party, in (seller, buyer) order.
    pub links: Vec<EdgeIndex>,
}

/// Breadth-first trace from `party` in one direction, keeping distances ≤ `max_depth` when given.
///
/// # Complexity
/// O(V + E).
pub fn trace(
    g: &SupplyGraph,
    party: NodeIndex,
    dir: Direction,
    max_depth: Option<usize>,
) -> Traced {
    let mut dist = vec![usize::MAX; g.node_count()];
    dist[party.index()] = 0;
    let mut queue = VecDeque::from([party]);
    let mut reached = Vec::new();
    while let Some(n) = queue.pop_front() {
        let d = dist[n.index()];
        if max_depth.is_some_and(|m| d >= m) {
            continue;
        }
        for m in g.graph.neighbors_directed(n, dir.petgraph()) {
            if dist[m.index()] == usize::MAX {
                dist[m.index()] = d + 1;
                reached.push((m, d + 1));
                queue.push_back(m);
            }
        }
    }
    reached.sort_unstable_by_key(|&(n, d)| (d, n));
    let mut members: Vec<NodeIndex> = reached.iter().map(|&(n, _)| n).collect();
    members.push(party);
    let links = links_among(g, &members);
    Traced {
        party,
        reached,
        links,
    }
}

/// Every link whose seller and buyer are both in `parties`, in (seller, buyer) order.
///
/// # Complexity
/// O(V + sum of the parties' out-degrees).
pub fn links_among(g: &SupplyGraph, parties: &[NodeIndex]) -> Vec<EdgeIndex> {
    let mut inside = vec![false; g.node_count()];
    for p in parties {
        inside[p.index()] = true;
    }
    let mut links: Vec<EdgeIndex> = parties
        .iter()
        .flat_map(|&p| g.graph.edges_directed(p, petgraph::Direction::Outgoing))
        .filter(|e| inside[petgraph::visit::EdgeRef::target(e).index()])
        .map(|e| petgraph::visit::EdgeRef::id(&e))
        .collect();
    links.sort_unstable();
    links.dedup();
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tests::graph;

    fn names(g: &SupplyGraph, t: &Traced) -> Vec<(String, usize)> {
        t.reached
            .iter()
            .map(|&(n, d)| (g.name(n).to_string(), d))
            .collect()
    }

    #[test]
    fn diamond_gives_shortest_distances() {
        // a → b → d, a → c → d, d → e, and a shortcut a → d.
        let g = graph(&[
            ("a", "b"),
            ("a", "c"),
            ("b", "d"),
            ("c", "d"),
            ("d", "e"),
            ("a", "d"),
        ]);
        let up = trace(&g, g.find("e").unwrap(), Direction::Upstream, None);
        assert_eq!(
            names(&g, &up),
            [
                ("d".into(), 1),
                ("a".into(), 2),
                ("b".into(), 2),
                ("c".into(), 2)
            ]
        );
        assert_eq!(up.links.len(), 6);
        let down = trace(&g, g.find("a").unwrap(), Direction::Downstream, Some(1));
        assert_eq!(
            names(&g, &down),
            [("b".into(), 1), ("c".into(), 1), ("d".into(), 1)]
        );
        // b → d and c → d are among the shown parties, d → e is not.
        assert_eq!(down.links.len(), 5);
    }

    #[test]
    fn cycles_terminate_and_never_list_the_party_itself() {
        let g = graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]);
        let down = trace(&g, g.find("a").unwrap(), Direction::Downstream, None);
        assert_eq!(
            names(&g, &down),
            [("b".into(), 1), ("c".into(), 2), ("d".into(), 3)]
        );
        let up = trace(&g, g.find("a").unwrap(), Direction::Upstream, None);
        assert_eq!(names(&g, &up), [("c".into(), 1), ("b".into(), 2)]);
    }

    #[test]
    fn disconnected_rings_are_not_reached() {
        let g = graph(&[("a", "b"), ("b", "a"), ("x", "y"), ("y", "x")]);
        let down = trace(&g, g.find("a").unwrap(), Direction::Downstream, None);
        assert_eq!(names(&g, &down), [("b".into(), 1)]);
        let up = trace(&g, g.find("x").unwrap(), Direction::Upstream, None);
        assert_eq!(names(&g, &up), [("y".into(), 1)]);
    }

    #[test]
    fn depth_zero_reaches_nobody() {
        let g = graph(&[("a", "b")]);
        let t = trace(&g, g.find("a").unwrap(), Direction::Downstream, Some(0));
        assert!(t.reached.is_empty());
        assert!(t.links.is_empty());
    }
}
