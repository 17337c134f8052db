//! Roles and tiers: who only sells (source), only buys (sink) or both (intermediary), and how far down
//! the supply chain each party stands.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::graph::SupplyGraph;
use crate::graph::scc::scc;

/// A party's place in the trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Sells, never buys: an origin as far as the data goes.
    Source,
    /// Buys and sells.
    Intermediary,
    /// Buys, never sells: a market or end buyer as far as the data goes.
    Sink,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Intermediary => "intermediary",
            Role::Sink => "sink",
        }
    }
}

/// A party's role, tier and trade figures.
#[derive(Debug, Clone, PartialEq)]
pub struct PartyProfile {
    pub party: NodeIndex,
    pub role: Role,
    pub tier: usize,
    /// Sum of the known weights it bought; `None` when none is known.
    pub bought_kg: Option<f64>,
    /// Sum of the known weights it sold; `None` when none is known.
    pub sold_kg: Option<f64>,
    /// Distinct parties it bought from.
    pub suppliers: usize,
    /// Distinct parties it sold to.
    pub customers: usize,
}

/// The tier of every party: the length of the longest path from any party with no supplier to it
/// in the graph's condensation, so that the parties of one cycle share a tier. Indexed by node.
///
/// # Complexity
/// O(V + E) (Tarjan's strongly connected components, then one pass in topological order).
pub fn tiers(g: &SupplyGraph) -> Vec<usize> {
    let sccs = scc(&g.graph);
    let mut component = vec![0usize; g.node_count()];
    for (c, members) in sccs.iter().enumerate() {
        for p in members {
            component[p.index()] = c;
        }
    }
    let mut tier = vec![0usize; g.node_count()];
    // tarjan_scc returns components in reverse topological order.
    for (c, members) in sccs.iter().enumerate().rev() {
        let t = members
            .iter()
            .flat_map(|&p| g.graph.neighbors_directed(p, Incoming))
            .filter(|q| component[q.index()] != c)
            .map(|q| tier[q.index()] + 1)
            .max()
            .unwrap_or(0);
        for p in members {
            tier[p.index()] = t;
        }
    }
    tier
}

/// Role, tier and figures of every party, in name order.
///
/// # Complexity
/// O(V + E log E).
pub fn profiles(g: &SupplyGraph) -> Vec<PartyProfile> {
    let tier = tiers(g);
    g.parties()
        .map(|p| {
            let bought: Vec<_> = g.neighbours(p, Incoming);
            let sold: Vec<_> = g.neighbours(p, Outgoing);
            let sum = |links: &[(NodeIndex, petgraph::graph::EdgeIndex)]| {
                links
                    .iter()
                    .filter_map(|&(_, e)| g.graph[e].tally.weight_mg)
                    .fold(None, |acc: Option<i64>, w| Some(acc.unwrap_or(0) + w))
                    .map(crate::units::mg_to_kg)
            };
            let role = match (bought.is_empty(), sold.is_empty()) {
                (true, _) => Role::Source,
                (false, true) => Role::Sink,
                (false, false) => Role::Intermediary,
            };
            PartyProfile {
                party: p,
                role,
                tier: tier[p.index()],
                bought_kg: sum(&bought),
                sold_kg: sum(&sold),
                suppliers: bought.len(),
                customers: sold.len(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tests::graph;

    fn tier_of(g: &SupplyGraph, t: &[usize], n: &str) -> usize {
        t[g.find(n).unwrap().index()]
    }

    #[test]
    fn tiers_are_longest_paths_from_sources() {
        let g = graph(&[("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")]);
        let t = tiers(&g);
        assert_eq!(
            [
                tier_of(&g, &t, "a"),
                tier_of(&g, &t, "b"),
                tier_of(&g, &t, "c"),
                tier_of(&g, &t, "d")
            ],
            [0, 1, 2, 3]
        );
    }

    #[test]
    fn a_cycle_shares_one_tier() {
        let g = graph(&[("s", "a"), ("a", "b"), ("b", "a"), ("b", "t")]);
        let t = tiers(&g);
        assert_eq!(tier_of(&g, &t, "a"), 1);
        assert_eq!(tier_of(&g, &t, "b"), 1);
        assert_eq!(tier_of(&g, &t, "t"), 2);
    }

    #[test]
    fn roles_follow_links() {
        let g = graph(&[("s", "a"), ("a", "t"), ("x", "y"), ("y", "x")]);
        let roles: Vec<(String, Role)> = profiles(&g)
            .into_iter()
            .map(|p| (g.name(p.party).to_string(), p.role))
            .collect();
        assert_eq!(
            roles,
            [
                ("a".into(), Role::Intermediary),
                ("s".into(), Role::Source),
                ("t".into(), Role::Sink),
                ("x".into(), Role::Intermediary),
                ("y".into(), Role::Intermediary),
            ]
        );
    }
}
