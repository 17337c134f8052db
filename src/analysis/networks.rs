//! Separate networks (rings) and cycles: the weakly connected components of the graph, and the
//! strongly connected groups of more than one party (goods going round, or a data error).

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::case::networks::components;
use crate::graph::SupplyGraph;
use crate::graph::scc::scc;

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

/// The weakly connected components, largest first (by parties, then links), then by first name:
/// the order of [`crate::case::networks::components`], so network K here is network K of
/// `--network K`.
///
/// # Complexity
/// O(V + E α(V)) plus sorting.
pub fn networks(g: &SupplyGraph) -> Vec<Network> {
    let links: Vec<(u32, u32)> = g
        .graph
        .edge_references()
        .map(|e| (e.source().index() as u32, e.target().index() as u32))
        .collect();
    let comps = components(g.node_count(), &links);
    let mut net_of = vec![0u32; g.node_count()];
    for (k, c) in comps.iter().enumerate() {
        for &p in &c.parties {
            net_of[p as usize] = k as u32;
        }
    }
    // (network, species id) of every flow, then sorted and made distinct: 8 bytes a flow, where a
    // set of names per network cost a tree node and a copy of each name (900,000 networks of one
    // link each: half a GB).
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut weight: Vec<Option<i64>> = vec![None; comps.len()];
    for e in g.graph.edge_references() {
        let k = net_of[e.source().index()];
        pairs.extend(g.flows_of(e.id()).iter().map(|f| (k, f.species)));
        if let Some(w) = e.weight().tally.weight_mg {
            let w0 = &mut weight[k as usize];
            *w0 = Some(w0.unwrap_or(0) + w);
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut species: Vec<Vec<String>> = Vec::with_capacity(comps.len());
    let mut rest = pairs.as_slice();
    for k in 0..comps.len() as u32 {
        let n = rest.partition_point(|&(j, _)| j == k);
        let mut names: Vec<&str> = rest[..n].iter().map(|&(_, s)| g.species_name(s)).collect();
        names.sort_unstable();
        names.dedup();
        species.push(names.into_iter().map(str::to_string).collect());
        rest = &rest[n..];
    }
    comps
        .into_iter()
        .zip(species)
        .zip(weight)
        .map(|((c, species), w)| Network {
            parties: c
                .parties
                .iter()
                .map(|&p| NodeIndex::new(p as usize))
                .collect(),
            links: c.links,
            species,
            weight_kg: w.map(crate::units::mg_to_kg),
        })
        .collect()
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
    let mut out: Vec<Vec<NodeIndex>> = scc(&g.graph)
        .iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut c = c.to_vec();
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
