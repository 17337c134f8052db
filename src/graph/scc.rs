//! Strongly connected groups of parties without recursion: Tarjan's algorithm with an explicit
//! stack, so a chain of a million hops costs memory on the heap, never the call stack.
//! (petgraph's `tarjan_scc` recurses once per hop and aborts near 90,000 hops.)

use petgraph::Direction::Outgoing;
use petgraph::graph::{DiGraph, NodeIndex};

/// Strongly connected groups, all members in one array: group `c` is `members[at[c]..at[c + 1]]`.
/// 4 bytes per party and 4 per group, where a list per group cost 56 bytes a party when almost
/// every party is a group of its own (2 M parties: 112 MB).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Groups {
    members: Vec<NodeIndex>,
    at: Vec<u32>,
}

impl Groups {
    /// Number of groups.
    pub fn len(&self) -> usize {
        self.at.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The groups in order, each a slice of its members.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = &[NodeIndex]> + ExactSizeIterator + Clone + '_ {
        self.at
            .windows(2)
            .map(|w| &self.members[w[0] as usize..w[1] as usize])
    }
}

impl std::ops::Index<usize> for Groups {
    type Output = [NodeIndex];

    fn index(&self, c: usize) -> &[NodeIndex] {
        &self.members[self.at[c] as usize..self.at[c + 1] as usize]
    }
}

impl<'a> IntoIterator for &'a Groups {
    type Item = &'a [NodeIndex];
    type IntoIter = Box<dyn DoubleEndedIterator<Item = &'a [NodeIndex]> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// The strongly connected components of `g`, in reverse topological order of the condensation
/// (a component comes before every component that links into it), as `petgraph::algo::tarjan_scc`
/// lists them; members in the order Tarjan pops them.
///
/// # Complexity
/// O(V + E) time; no recursion. Memory: 13 bytes per party while it runs (two `u32` indices, a
/// flag, the stack), plus the groups returned (4 bytes per party and per group), plus the frames
/// of the depth-first walk (one per party on the current path).
pub fn scc<N, E>(g: &DiGraph<N, E>) -> Groups {
    const UNSEEN: u32 = u32::MAX;
    let n = g.node_count();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<NodeIndex> = Vec::new();
    let mut out = Groups {
        members: Vec::with_capacity(n),
        at: vec![0],
    };
    let mut next = 0u32;
    // Each frame: a node and its neighbours still to visit.
    let mut frames: Vec<(NodeIndex, petgraph::graph::Neighbors<'_, E>)> = Vec::new();
    for root in g.node_indices() {
        if index[root.index()] != UNSEEN {
            continue;
        }
        index[root.index()] = next;
        low[root.index()] = next;
        next += 1;
        stack.push(root);
        on_stack[root.index()] = true;
        frames.push((root, g.neighbors_directed(root, Outgoing)));
        while let Some((v, children)) = frames.last_mut() {
            let v = *v;
            if let Some(w) = children.next() {
                if index[w.index()] == UNSEEN {
                    index[w.index()] = next;
                    low[w.index()] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w.index()] = true;
                    frames.push((w, g.neighbors_directed(w, Outgoing)));
                } else if on_stack[w.index()] {
                    low[v.index()] = low[v.index()].min(index[w.index()]);
                }
                continue;
            }
            frames.pop();
            if let Some((u, _)) = frames.last() {
                low[u.index()] = low[u.index()].min(low[v.index()]);
            }
            if low[v.index()] == index[v.index()] {
                while let Some(w) = stack.pop() {
                    on_stack[w.index()] = false;
                    out.members.push(w);
                    if w == v {
                        break;
                    }
                }
                out.at.push(out.members.len() as u32);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut c: Vec<Vec<NodeIndex>>) -> Vec<Vec<usize>> {
        let mut v: Vec<Vec<usize>> = c
            .iter_mut()
            .map(|m| {
                let mut m: Vec<usize> = m.iter().map(|p| p.index()).collect();
                m.sort_unstable();
                m
            })
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn same_components_and_order_as_petgraph() {
        // Two cycles joined by a link, a tail, a self-loop and an isolated node.
        let edges = [
            (0, 1),
            (1, 2),
            (2, 0),
            (2, 3),
            (3, 4),
            (4, 3),
            (4, 5),
            (6, 6),
        ];
        let mut g = DiGraph::<(), ()>::new();
        for _ in 0..8 {
            g.add_node(());
        }
        for (a, b) in edges {
            g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
        let ours: Vec<Vec<NodeIndex>> = scc(&g).iter().map(<[NodeIndex]>::to_vec).collect();
        let theirs = petgraph::algo::tarjan_scc(&g);
        assert_eq!(sorted(ours.clone()), sorted(theirs.clone()));
        // The very same lists, so replacing petgraph's changes no output.
        assert_eq!(ours, theirs);
        // Reverse topological order: every link goes to an earlier (or the same) component.
        let mut comp = [0usize; 8];
        for (c, m) in ours.iter().enumerate() {
            for p in m {
                comp[p.index()] = c;
            }
        }
        for (a, b) in edges {
            assert!(comp[b] <= comp[a], "{a}->{b}");
        }
    }

    #[test]
    fn a_chain_of_a_million_hops_does_not_overflow_the_stack() {
        let n = 1_000_000;
        let mut g = DiGraph::<(), ()>::with_capacity(n, n);
        for _ in 0..n {
            g.add_node(());
        }
        for i in 0..n - 1 {
            g.add_edge(NodeIndex::new(i), NodeIndex::new(i + 1), ());
        }
        let c = scc(&g);
        assert_eq!(c.len(), n);
        assert_eq!(&c[0], &[NodeIndex::new(n - 1)]);
    }
}
