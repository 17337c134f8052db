//! Separate networks: the weakly connected components of the parties linked by trade, in the one
//! order every command numbers them by (`--network K`).

use petgraph::unionfind::UnionFind;

/// One separate network: its parties (ids in name order) and its number of links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    pub parties: Vec<u32>,
    pub links: usize,
}

/// The weakly connected components of `links` (distinct (seller, buyer) pairs of ids below
/// `parties`), largest first (by parties, then links), then by first name (smallest id). Parties
/// without a link are in none.
///
/// # Complexity
/// O(P + L α(P)) plus sorting.
pub fn components(parties: usize, links: &[(u32, u32)]) -> Vec<Component> {
    let mut uf = UnionFind::<u32>::new(parties);
    let mut linked = vec![false; parties];
    for &(s, b) in links {
        uf.union(s, b);
        linked[s as usize] = true;
        linked[b as usize] = true;
    }
    let mut root_to_net: Vec<Option<usize>> = vec![None; parties];
    let mut out: Vec<Component> = Vec::new();
    for p in 0..parties as u32 {
        if !linked[p as usize] {
            continue;
        }
        let r = uf.find(p) as usize;
        let k = *root_to_net[r].get_or_insert_with(|| {
            out.push(Component {
                parties: Vec::new(),
                links: 0,
            });
            out.len() - 1
        });
        out[k].parties.push(p);
    }
    for &(s, _) in links {
        if let Some(k) = root_to_net[uf.find(s) as usize] {
            out[k].links += 1;
        }
    }
    out.sort_by(|a, b| {
        (b.parties.len(), b.links, a.parties.first()).cmp(&(
            a.parties.len(),
            a.links,
            b.parties.first(),
        ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_network_first_then_by_first_name() {
        // 0-1-2 (2 links), 3-4 (1 link), 5-6 (1 link), 7 alone.
        let nets = components(8, &[(0, 1), (1, 2), (4, 3), (5, 6)]);
        let parties: Vec<Vec<u32>> = nets.iter().map(|n| n.parties.clone()).collect();
        assert_eq!(parties, [vec![0, 1, 2], vec![3, 4], vec![5, 6]]);
        assert_eq!(nets[0].links, 2);
    }
}
