//! Separate networks (rings) and cycles: the weakly connected components of the graph, and the
//! strongly connected groups of more than one party (goods going round, or a data error).

use std::collections::BTreeSet;

use petgraph::algo::tarjan_scc;
use petgraph::graph::NodeIndex;
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;

use crate::graph::SupplyGraph;

/// One separate network.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Its parties, in name order.
    pub parties: Vec<NodeIndex>,
    pub links: usize,
    /// The species traded in it, in name order.
    pub species: Vec<String>,
    /// Sum of the known weights of its links; `None` when none is known.
    pub weight_kg: Option<f64>,
}

/// The weakly connected components, largest first (by parties, then links), then by first name.
/// Network K on the command line is the K-th of this list, from 1.
///
/// # Complexity
/// O(V + E α(V)) plus sorting.
pub fn networks(g: &SupplyGraph) -> Vec<Network> {
    let n = g.node_count();
    let mut uf = UnionFind::<usize>::new(n);
    for e in g.graph.edge_references() {
        uf.union(e.source().index(), e.target().index());
    }
    let mut root_to_net: Vec<Option<usize>> = vec![None; n];
    // Per network: parties, links, species, known weight.
    type Parts = (Vec<NodeIndex>, usize, BTreeSet<String>, Option<f64>);
    let mut nets: Vec<Parts> = Vec::new();
    for p in g.parties() {
        let r = uf.find(p.index());
        let k = *root_to_net[r].get_or_insert_with(|| {
            nets.push((Vec::new(), 0, BTreeSet::new(), None));
            nets.len() - 1
        });
        nets[k].0.push(p);
    }
    for e in g.graph.edge_references() {
        let k = root_to_net[uf.find(e.source().index())].unwrap_or_default();
        let net = &mut nets[k];
        net.1 += 1;
        for f in &e.weight().flows {
            net.2.insert(f.species.to_string());
        }
        if let Some(w) = e.weight().tally.weight_kg {
            net.3 = Some(net.3.unwrap_or(0.0) + w);
        }
    }
    let mut out: Vec<Network> = nets
        .into_iter()
        .map(|(parties, links, species, weight_kg)| Network {
            parties,
            links,
            species: species.into_iter().collect(),
            weight_kg,
        })
        .collect();
    out.sort_by(|a, b| {
        (b.parties.len(), b.links, a.parties.first()).cmp(&(
            a.parties.len(),
            a.links,
            b.parties.first(),
        ))
    });
    out
}

/// The network (from 1) of every party, indexed by node, following the order of [`networks`].
pub fn network_of(g: &SupplyGraph, nets: &[Network]) -> Vec<usize> {
    let mut of = vec![0; g.node_count()];
    for (k, net) in nets.iter().enumerate() {
        for p in &net.parties {
            of[p.index()] = k + 1;
        }
    }
    of
}

/// Groups of two or more parties that sell to each other round a cycle, each in name order, the
/// groups sorted by their first name.
///
/// # Complexity
/// O(V + E).
pub fn cycles(g: &SupplyGraph) -> Vec<Vec<NodeIndex>> {
    let mut out: Vec<Vec<NodeIndex>> = tarjan_scc(&g.graph)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|mut c| {
            c.sort_unstable();
            c
        })
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tests::graph;

    #[test]
    fn two_rings_and_a_two_cycle() {
        let g = graph(&[("a", "b"), ("b", "c"), ("c", "b"), ("x", "y")]);
        let nets = networks(&g);
        let names: Vec<Vec<&str>> = nets
            .iter()
            .map(|n| n.parties.iter().map(|&p| g.name(p)).collect())
            .collect();
        assert_eq!(names, [vec!["a", "b", "c"], vec!["x", "y"]]);
        assert_eq!(nets[0].links, 3);
        assert_eq!(nets[0].weight_kg, Some(3.0));
        let cyc: Vec<Vec<&str>> = cycles(&g)
            .iter()
            .map(|c| c.iter().map(|&p| g.name(p)).collect())
            .collect();
        assert_eq!(cyc, [vec!["b", "c"]]);
        assert_eq!(network_of(&g, &nets)[g.find("y").unwrap().index()], 2);
    }
}
