//! What to cut: remove parties, a region or links and say what the network loses; the greedy set
//! of K key players; the smallest cut of known kg between sources and sinks.
//!
//! # Definitions
//! Sources (parties that buy from no one) and sinks (parties that sell to no one) are those of the
//! graph *before* any removal: a dealer left without suppliers does not become a source.
//! - A **source–sink pair** is connected when a path of links leads from the source to the sink;
//!   a removal disconnects it when no such path is left (a removed source or sink loses all its
//!   pairs).
//! - A **chain is cut** when one of its parties or links is removed (of the chains given, listed
//!   before the removal).
//! - The **kg that no longer reaches a sink** is the known kg of the links into sinks that some
//!   source reached before and none reaches after (the link, its seller or its buyer removed, or
//!   every way to its seller from a source broken). It is the known part only: the rows of unknown
//!   weight on those links are counted apart, never added in as zero.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use serde::Serialize;

use crate::analysis::Chain;
use crate::analysis::places::{Weighed, region_of};
use crate::graph::SupplyGraph;

/// What to remove.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removal {
    pub parties: Vec<NodeIndex>,
    pub links: Vec<EdgeIndex>,
}

impl Removal {
    /// Every party of a region (parties of unknown place are never in one).
    pub fn region(g: &SupplyGraph, regions: &[Option<u32>], region: u32) -> Removal {
        Removal {
            parties: g
                .parties()
                .filter(|&p| region_of(regions, p) == Some(region))
                .collect(),
            links: Vec::new(),
        }
    }
}

/// What a removal costs the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disruption {
    pub chains_before: u64,
    /// Indices (in the slice given) of the chains cut.
    pub chains_cut: Vec<u32>,
    /// Connected source–sink pairs before and after.
    pub pairs_before: u64,
    pub pairs_after: u64,
    /// What sinks bought on links a source reached, before.
    pub reaching_before: Weighed,
    /// Of it, what no longer reaches a sink (known kg; rows of unknown weight apart).
    pub lost: Weighed,
}

impl Disruption {
    pub fn pairs_disconnected(&self) -> u64 {
        self.pairs_before - self.pairs_after
    }
}

/// One step of [`best_k`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyStep {
    /// The party removed (node index).
    pub party: u32,
    /// Pairs this step disconnected, and those left connected after it.
    pub pairs_disconnected: u64,
    pub pairs_left: u64,
    /// What no longer reaches a sink once the parties so far are removed.
    pub lost: Weighed,
    /// Parties whose removal was evaluated at this step.
    pub evaluated: u64,
}

/// The greedy key players.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyPlayers {
    pub pairs_before: u64,
    pub steps: Vec<KeyStep>,
    /// Fewer than K steps: no party left disconnects a further pair.
    pub stopped_early: bool,
}

/// The smallest cut of known kg between all sources and all sinks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinCut {
    /// The links of the cut (edge indices, in order).
    pub links: Vec<u32>,
    /// Their known weight, in mg (the max flow of known kg).
    pub known_mg: i64,
    /// Links of the cut with rows of unknown weight, and those rows: the cut may carry more.
    pub unknown_links: u64,
    pub unknown_rows: u64,
}

/// The graph as arrays, with its sources and sinks.
struct Net {
    n: usize,
    /// (from, to) of each link; a removed link's index in `removed_links`.
    ends: Vec<(u32, u32)>,
    /// Out- and in-links of each party.
    out: Vec<Vec<u32>>,
    inn: Vec<Vec<u32>>,
    sources: Vec<u32>,
    sinks: Vec<u32>,
}

impl Net {
    fn new(g: &SupplyGraph) -> Net {
        let n = g.node_count();
        let mut out = vec![Vec::new(); n];
        let mut inn = vec![Vec::new(); n];
        let ends: Vec<(u32, u32)> = g
            .graph
            .edge_indices()
            .map(|e| {
                let (a, b) = g.ends(e);
                out[a.index()].push(e.index() as u32);
                inn[b.index()].push(e.index() as u32);
                (a.index() as u32, b.index() as u32)
            })
            .collect();
        let sources = g
            .parties()
            .filter(|&p| g.graph.neighbors_directed(p, Incoming).next().is_none())
            .map(|p| p.index() as u32)
            .collect();
        let sinks = g
            .parties()
            .filter(|&p| g.graph.neighbors_directed(p, Outgoing).next().is_none())
            .map(|p| p.index() as u32)
            .collect();
        Net {
            n,
            ends,
            out,
            inn,
            sources,
            sinks,
        }
    }

    /// For every party, how many of `targets` it reaches (forward) or is reached from (backward),
    /// avoiding removed parties and links (a removed party reaches nothing).
    ///
    /// Strongly connected groups of the kept graph, downstream first, each with a bitset of the
    /// targets it reaches, in blocks of 4096 targets to bound memory.
    /// O((V + E) · (1 + T / 64)) for T targets; memory O(V · 64) words.
    fn reach_counts(
        &self,
        targets: &[u32],
        forward: bool,
        gone: &[bool],
        cut: &[bool],
    ) -> Vec<u32> {
        let mut kept: DiGraph<(), ()> = DiGraph::with_capacity(self.n, self.ends.len());
        for _ in 0..self.n {
            kept.add_node(());
        }
        for (e, &(a, b)) in self.ends.iter().enumerate() {
            if !cut[e] && !gone[a as usize] && !gone[b as usize] {
                let (a, b) = if forward { (a, b) } else { (b, a) };
                kept.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), ());
            }
        }
        let groups = crate::graph::scc::scc(&kept);
        let mut group_of = vec![0usize; self.n];
        for (c, members) in groups.iter().enumerate() {
            for p in members {
                group_of[p.index()] = c;
            }
        }
        let mut target_at = vec![u32::MAX; self.n];
        for (i, &t) in targets.iter().enumerate() {
            if !gone[t as usize] {
                target_at[t as usize] = i as u32;
            }
        }
        let mut counts = vec![0u32; self.n];
        const BLOCK: usize = 4096;
        const WORDS: usize = BLOCK / 64;
        let mut bits = vec![0u64; groups.len() * WORDS];
        for block in 0..targets.len().div_ceil(BLOCK) {
            bits.fill(0);
            let lo = (block * BLOCK) as u32;
            for (c, members) in groups.iter().enumerate() {
                let mut mine = [0u64; WORDS];
                for &p in members {
                    let t = target_at[p.index()];
                    if t != u32::MAX && t >= lo && ((t - lo) as usize) < BLOCK {
                        let i = (t - lo) as usize;
                        mine[i / 64] |= 1 << (i % 64);
                    }
                    for q in kept.neighbors_directed(p, Outgoing) {
                        let d = group_of[q.index()];
                        if d != c {
                            // Downstream groups come first: `d` is final.
                            let from = &bits[d * WORDS..(d + 1) * WORDS];
                            for (m, f) in mine.iter_mut().zip(from) {
                                *m |= f;
                            }
                        }
                    }
                }
                bits[c * WORDS..(c + 1) * WORDS].copy_from_slice(&mine);
                let ones: u32 = mine.iter().map(|w| w.count_ones()).sum();
                for &p in members {
                    counts[p.index()] += ones;
                }
            }
        }
        counts
    }

    /// Connected source–sink pairs after removing `gone` and `cut`.
    fn pairs(&self, gone: &[bool], cut: &[bool]) -> u64 {
        let down = self.reach_counts(&self.sinks, true, gone, cut);
        self.sources
            .iter()
            .filter(|&&s| !gone[s as usize])
            .map(|&s| down[s as usize] as u64)
            .sum()
    }

    /// Parties reached from a source (itself included) after removing `gone` and `cut`.
    /// O(V + E).
    fn reached(&self, gone: &[bool], cut: &[bool]) -> Vec<bool> {
        let mut seen = vec![false; self.n];
        let mut stack: Vec<u32> = Vec::new();
        for &s in &self.sources {
            if !gone[s as usize] {
                seen[s as usize] = true;
                stack.push(s);
            }
        }
        while let Some(p) = stack.pop() {
            for &e in &self.out[p as usize] {
                let b = self.ends[e as usize].1 as usize;
                if !cut[e as usize] && !gone[b] && !seen[b] {
                    seen[b] = true;
                    stack.push(b as u32);
                }
            }
        }
        seen
    }

    /// What sinks bought on links whose seller is reached (`reached`), kept and not removed.
    fn reaching(&self, g: &SupplyGraph, reached: &[bool], gone: &[bool], cut: &[bool]) -> Weighed {
        let mut w = Weighed::default();
        for &t in &self.sinks {
            if gone[t as usize] {
                continue;
            }
            for &e in &self.inn[t as usize] {
                let a = self.ends[e as usize].0 as usize;
                if !cut[e as usize] && reached[a] {
                    w.add_link(&g.graph[EdgeIndex::new(e as usize)].tally);
                }
            }
        }
        w
    }

    /// What sinks bought on links whose seller a source reached before (`was`, nothing removed)
    /// and does not now (`now`, after removing `gone` and `cut`), or whose link or sink is removed.
    /// O(E).
    fn lost(
        &self,
        g: &SupplyGraph,
        was: &[bool],
        now: &[bool],
        gone: &[bool],
        cut: &[bool],
    ) -> Weighed {
        let mut w = Weighed::default();
        for &t in &self.sinks {
            for &e in &self.inn[t as usize] {
                let a = self.ends[e as usize].0 as usize;
                let still = !gone[t as usize] && !cut[e as usize] && now[a];
                if was[a] && !still {
                    w.add_link(&g.graph[EdgeIndex::new(e as usize)].tally);
                }
            }
        }
        w
    }

    fn none_removed(&self) -> (Vec<bool>, Vec<bool>) {
        (vec![false; self.n], vec![false; self.ends.len()])
    }
}

/// What removing `removal` costs (see the module's definitions); `chains` are the chains before.
///
/// # Complexity
/// O((V + E) · (1 + T / 64)) for T sinks (reachability as bitsets over strongly connected groups,
/// twice), plus O(Σ hops) for the chains.
pub fn disrupt(g: &SupplyGraph, chains: &[Chain], removal: &Removal) -> Disruption {
    let net = Net::new(g);
    let (none, uncut) = net.none_removed();
    let (mut gone, mut cut) = net.none_removed();
    for p in &removal.parties {
        if let Some(x) = gone.get_mut(p.index()) {
            *x = true;
        }
    }
    for e in &removal.links {
        if let Some(x) = cut.get_mut(e.index()) {
            *x = true;
        }
    }
    let was = net.reached(&none, &uncut);
    let lost = net.lost(g, &was, &net.reached(&gone, &cut), &gone, &cut);
    let chains_cut = chains
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.path.iter().any(|p| gone.get(p.index()) == Some(&true))
                || c.links.iter().any(|e| cut.get(e.index()) == Some(&true))
        })
        .map(|(i, _)| i as u32)
        .collect();
    Disruption {
        chains_before: chains.len() as u64,
        chains_cut,
        pairs_before: net.pairs(&none, &uncut),
        pairs_after: net.pairs(&gone, &cut),
        reaching_before: net.reaching(g, &was, &none, &uncut),
        lost,
    }
}

/// Greedy key players (fragmentation of source–sink reachability): K times, removes the party
/// whose removal disconnects the most source–sink pairs still connected; ties go to the one whose
/// removal loses the most known kg, then to the first by name. Stops early when no party
/// disconnects a further pair.
///
/// # Complexity
/// Each step computes, for every party, how many sources reach it (`up`) and how many sinks it
/// reaches (`down`), O((V + E) · (S + T) / 64); `up · down` bounds what its removal disconnects.
/// Parties are then evaluated in order of that bound (each O((V + E) · (1 + T / 64))) until the
/// bound falls below the best found (lazy greedy, exact). Worst case O(K · V · (V + E) · T / 64);
/// [`KeyStep::evaluated`] says how many were evaluated.
pub fn best_k(g: &SupplyGraph, k: usize) -> KeyPlayers {
    let net = Net::new(g);
    let (mut gone, cut) = net.none_removed();
    let (none, _) = net.none_removed();
    let pairs_before = net.pairs(&none, &cut);
    let was = net.reached(&none, &cut);
    let mut pairs_now = pairs_before;
    let mut steps = Vec::new();
    let mut stopped_early = false;
    for _ in 0..k {
        let up = net.reach_counts(&net.sources, false, &gone, &cut);
        let down = net.reach_counts(&net.sinks, true, &gone, &cut);
        let mut candidates: Vec<(u64, u32)> = (0..net.n)
            .filter(|&p| !gone[p])
            .map(|p| (up[p] as u64 * down[p] as u64, p as u32))
            .filter(|&(b, _)| b > 0)
            .collect();
        candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        // (pairs disconnected, known mg lost, party, pairs left, lost)
        let mut best: Option<(u64, i64, u32, u64, Weighed)> = None;
        let mut evaluated = 0u64;
        for &(bound, p) in &candidates {
            if best.as_ref().is_some_and(|b| bound < b.0) {
                break;
            }
            evaluated += 1;
            gone[p as usize] = true;
            let left = net.pairs(&gone, &cut);
            let gain = pairs_now - left;
            let mut lost = None;
            // kg only decides between equal gains: computed for those that could win.
            if best.as_ref().is_none_or(|b| gain >= b.0) {
                lost = Some(net.lost(g, &was, &net.reached(&gone, &cut), &gone, &cut));
            }
            gone[p as usize] = false;
            if let Some(lost) = lost {
                let mg = lost.known_mg.unwrap_or(0);
                let better = match &best {
                    None => true,
                    Some(b) => (gain, mg) > (b.0, b.1),
                };
                if better {
                    best = Some((gain, mg, p, left, lost));
                }
            }
        }
        match best {
            Some((gain, _, p, left, lost)) if gain > 0 => {
                gone[p as usize] = true;
                pairs_now = left;
                steps.push(KeyStep {
                    party: p,
                    pairs_disconnected: gain,
                    pairs_left: left,
                    lost,
                    evaluated,
                });
            }
            _ => {
                stopped_early = true;
                break;
            }
        }
    }
    KeyPlayers {
        pairs_before,
        steps,
        stopped_early,
    }
}

/// One step of [`best_regions`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionStep {
    pub region: u32,
    /// Its parties (removed all at once).
    pub parties: u64,
    pub pairs_disconnected: u64,
    pub pairs_left: u64,
    /// What no longer reaches a sink once the regions so far are removed.
    pub lost: Weighed,
}

/// The greedy key regions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyRegions {
    pub pairs_before: u64,
    pub steps: Vec<RegionStep>,
    /// Fewer than K steps: no region left disconnects a further pair.
    pub stopped_early: bool,
}

/// Greedy key regions (as the province maps of pangolin prosecutions, where cutting a few provinces
/// fragments the network): K times, removes every party of the region whose removal disconnects the
/// most source–sink pairs still connected; ties go to the most known kg lost, then the lowest code.
/// Parties of unknown place are in no region and are never removed. Stops early when no region
/// disconnects a further pair.
///
/// # Complexity
/// O(K · R · (V + E) · (1 + T / 64)) for R regions and T sinks.
pub fn best_regions(g: &SupplyGraph, regions: &[Option<u32>], k: usize) -> KeyRegions {
    let net = Net::new(g);
    let (mut gone, cut) = net.none_removed();
    let (none, _) = net.none_removed();
    let mut members: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for p in g.parties() {
        if let Some(r) = region_of(regions, p) {
            members.entry(r).or_default().push(p.index());
        }
    }
    let pairs_before = net.pairs(&none, &cut);
    let was = net.reached(&none, &cut);
    let mut pairs_now = pairs_before;
    let mut steps = Vec::new();
    let mut stopped_early = false;
    for _ in 0..k {
        // (pairs disconnected, known mg lost, region, pairs left, lost)
        let mut best: Option<(u64, i64, u32, u64, Weighed)> = None;
        for (&r, ps) in &members {
            if steps.iter().any(|s: &RegionStep| s.region == r) {
                continue;
            }
            for &p in ps {
                gone[p] = true;
            }
            let left = net.pairs(&gone, &cut);
            let lost = net.lost(g, &was, &net.reached(&gone, &cut), &gone, &cut);
            for &p in ps {
                gone[p] = false;
            }
            let (gain, mg) = (pairs_now - left, lost.known_mg.unwrap_or(0));
            if best.as_ref().is_none_or(|b| (gain, mg) > (b.0, b.1)) {
                best = Some((gain, mg, r, left, lost));
            }
        }
        match best {
            Some((gain, _, r, left, lost)) if gain > 0 => {
                let ps = &members[&r];
                for &p in ps {
                    gone[p] = true;
                }
                pairs_now = left;
                steps.push(RegionStep {
                    region: r,
                    parties: ps.len() as u64,
                    pairs_disconnected: gain,
                    pairs_left: left,
                    lost,
                });
            }
            _ => {
                stopped_early = true;
                break;
            }
        }
    }
    KeyRegions {
        pairs_before,
        steps,
        stopped_early,
    }
}

/// The cut of smallest known kg between all sources and all sinks: a max flow from a super source
/// (linked to every source) to a super sink (linked from every sink), each link's capacity its
/// known kg; the cut is the links from the parties the residual graph still reaches to the others.
///
/// A link of unknown weight has no known kg, so cutting it costs nothing known: the cut prefers
/// such links, and says how many it holds (`unknown_links`). Among cuts of equal known kg, the one
/// with the fewest links is taken (capacity `known mg · (E + 1) + 1`, in `u128`). Self-links are
/// never on a cut.
///
/// # Complexity
/// Dinic's algorithm: O(V² · E) in the worst case, far less on supply graphs (few levels);
/// iterative, so a long chain does not overflow the stack. (petgraph 0.8.3 has `dinics` and
/// `ford_fulkerson`, which return the flow on each link of a graph it is given: using them would
/// mean copying the graph with a super source and sink, then searching the residual graph again to
/// place the cut; written here over arrays, with `u128` capacities for the tie-break.)
pub fn min_cut(g: &SupplyGraph) -> MinCut {
    let net = Net::new(g);
    let n = net.n + 2;
    let (s, t) = (net.n, net.n + 1);
    let inf = u128::MAX / 4;
    let scale = net.ends.len() as u128 + 1;
    let mut to: Vec<u32> = Vec::new();
    let mut cap: Vec<u128> = Vec::new();
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut arc = |a: usize, b: usize, c: u128, to: &mut Vec<u32>, cap: &mut Vec<u128>| {
        adj[a].push(to.len() as u32);
        to.push(b as u32);
        cap.push(c);
        adj[b].push(to.len() as u32);
        to.push(a as u32);
        cap.push(0);
    };
    // Arc 2e is link e (its reverse 2e + 1), so the links come first.
    for (e, &(a, b)) in net.ends.iter().enumerate() {
        let mg = g.graph[EdgeIndex::new(e)]
            .tally
            .weight_mg
            .unwrap_or(0)
            .max(0) as u128;
        let c = if a == b { 0 } else { mg * scale + 1 };
        arc(a as usize, b as usize, c, &mut to, &mut cap);
    }
    for &p in &net.sources {
        arc(s, p as usize, inf, &mut to, &mut cap);
    }
    for &p in &net.sinks {
        arc(p as usize, t, inf, &mut to, &mut cap);
    }
    let mut level = vec![u32::MAX; n];
    let bfs = |level: &mut Vec<u32>, cap: &[u128]| {
        level.fill(u32::MAX);
        level[s] = 0;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            for &a in &adj[u] {
                let v = to[a as usize] as usize;
                if cap[a as usize] > 0 && level[v] == u32::MAX {
                    level[v] = level[u] + 1;
                    queue.push_back(v);
                }
            }
        }
    };
    loop {
        bfs(&mut level, &cap);
        if level[t] == u32::MAX {
            break;
        }
        let mut next = vec![0usize; n];
        let mut path: Vec<u32> = Vec::new();
        let mut u = s;
        loop {
            if u == t {
                let f = path.iter().map(|&a| cap[a as usize]).min().unwrap_or(0);
                for &a in &path {
                    cap[a as usize] -= f;
                    cap[(a ^ 1) as usize] += f;
                }
                let k = path.iter().position(|&a| cap[a as usize] == 0).unwrap_or(0);
                path.truncate(k);
                u = path.last().map_or(s, |&a| to[a as usize] as usize);
                continue;
            }
            let mut found = None;
            while next[u] < adj[u].len() {
                let a = adj[u][next[u]];
                let v = to[a as usize] as usize;
                if cap[a as usize] > 0 && level[v] == level[u] + 1 {
                    found = Some(a);
                    break;
                }
                next[u] += 1;
            }
            match found {
                Some(a) => {
                    path.push(a);
                    u = to[a as usize] as usize;
                }
                None => {
                    if u == s {
                        break;
                    }
                    // A dead end: never come back this phase.
                    level[u] = u32::MAX;
                    let a = path.pop().unwrap_or(0);
                    u = to[(a ^ 1) as usize] as usize;
                    next[u] += 1;
                }
            }
        }
    }
    bfs(&mut level, &cap);
    let mut cut = MinCut {
        links: Vec::new(),
        known_mg: 0,
        unknown_links: 0,
        unknown_rows: 0,
    };
    for (e, &(a, b)) in net.ends.iter().enumerate() {
        if a != b && level[a as usize] != u32::MAX && level[b as usize] == u32::MAX {
            let tally = &g.graph[EdgeIndex::new(e)].tally;
            cut.links.push(e as u32);
            cut.known_mg += tally.weight_mg.unwrap_or(0);
            if tally.unknown_weight > 0 {
                cut.unknown_links += 1;
                cut.unknown_rows += tally.unknown_weight;
            }
        }
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Flows, Tally};
    use crate::graph::SupplyGraph;

    /// A graph of (seller, buyer, kg) links, `None` kg: weight unknown.
    fn weighed(links: &[(String, String, Option<f64>)]) -> SupplyGraph {
        let flows = std::sync::Arc::new(Flows::from_named(links.iter().map(|(s, b, kg)| {
            (
                s.as_str(),
                b.as_str(),
                "x",
                kg.map_or(Tally::unknown(1), |kg| Tally::of_kg(kg, 1)),
            )
        })));
        SupplyGraph::from_flows(&flows, None)
    }

    fn links(l: &[(&str, &str, Option<f64>)]) -> Vec<(String, String, Option<f64>)> {
        l.iter()
            .map(|(a, b, kg)| (a.to_string(), b.to_string(), *kg))
            .collect()
    }

    fn is_source(g: &SupplyGraph, p: usize) -> bool {
        g.graph
            .neighbors_directed(NodeIndex::new(p), Incoming)
            .next()
            .is_none()
    }

    fn is_sink(g: &SupplyGraph, p: usize) -> bool {
        g.graph
            .neighbors_directed(NodeIndex::new(p), Outgoing)
            .next()
            .is_none()
    }

    /// Parties reached from `from` avoiding removed ones, by a plain search.
    fn from_one(g: &SupplyGraph, from: usize, gone: &[bool], cut: &[bool]) -> Vec<bool> {
        let mut seen = vec![false; g.node_count()];
        if gone[from] {
            return seen;
        }
        let mut stack = vec![from];
        seen[from] = true;
        while let Some(p) = stack.pop() {
            for e in g.graph.edges_directed(NodeIndex::new(p), Outgoing) {
                use petgraph::visit::EdgeRef;
                let b = e.target().index();
                if !cut[e.id().index()] && !gone[b] && !seen[b] {
                    seen[b] = true;
                    stack.push(b);
                }
            }
        }
        seen
    }

    /// Connected source–sink pairs and the known mg of sink purchases reached, by brute force.
    fn brute(g: &SupplyGraph, gone: &[bool], cut: &[bool]) -> (u64, i64, u64) {
        let n = g.node_count();
        let mut pairs = 0;
        let mut any = vec![false; n];
        for s in (0..n).filter(|&s| is_source(g, s)) {
            let r = from_one(g, s, gone, cut);
            pairs += (0..n).filter(|&t| r[t] && is_sink(g, t)).count() as u64;
            for p in 0..n {
                any[p] |= r[p];
            }
        }
        let (mut mg, mut links) = (0, 0);
        for e in g.graph.edge_indices() {
            let (a, b) = g.ends(e);
            if is_sink(g, b.index()) && any[a.index()] && !cut[e.index()] && !gone[b.index()] {
                mg += g.graph[e].tally.weight_mg.unwrap_or(0);
                links += 1;
            }
        }
        (pairs, mg, links)
    }

    fn random_case(next: &mut impl FnMut(u64) -> u64) -> Vec<(String, String, Option<f64>)> {
        let n = 2 + next(8) as usize;
        let density = 10 + next(40);
        let mut out = Vec::new();
        for i in 0..n {
            for j in 0..n {
                if i != j && next(100) < density {
                    let kg = (next(4) > 0).then(|| (1 + next(9)) as f64);
                    out.push((format!("p{i}"), format!("p{j}"), kg));
                }
            }
        }
        out
    }

    fn rng(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut state = seed;
        move |n| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        }
    }

    #[test]
    fn pairs_and_lost_kg_equal_brute_force_on_random_graphs_with_cycles() {
        let mut next = rng(0x1234_5678_9abc_def1);
        for case in 0..300 {
            let l = random_case(&mut next);
            if l.is_empty() {
                continue;
            }
            let g = weighed(&l);
            let net = Net::new(&g);
            let (n, e) = (g.node_count(), g.edge_count());
            let gone: Vec<bool> = (0..n).map(|_| next(5) == 0).collect();
            let cut: Vec<bool> = (0..e).map(|_| next(6) == 0).collect();
            let removal = Removal {
                parties: (0..n).filter(|&p| gone[p]).map(NodeIndex::new).collect(),
                links: (0..e).filter(|&x| cut[x]).map(EdgeIndex::new).collect(),
            };
            let d = disrupt(&g, &[], &removal);
            let (none, uncut) = (vec![false; n], vec![false; e]);
            let before = brute(&g, &none, &uncut);
            let after = brute(&g, &gone, &cut);
            assert_eq!(d.pairs_before, before.0, "case {case}");
            assert_eq!(d.pairs_after, after.0, "case {case}");
            assert_eq!(net.pairs(&gone, &cut), after.0);
            assert_eq!(
                d.lost.known_mg.unwrap_or(0),
                before.1 - after.1,
                "case {case}"
            );
            assert_eq!(d.lost.links, before.2 - after.2, "case {case}");
        }
    }

    #[test]
    fn best_k_equals_a_brute_force_greedy() {
        let mut next = rng(0x0bad_cafe_f00d_1234);
        for case in 0..150 {
            let l = random_case(&mut next);
            if l.is_empty() {
                continue;
            }
            let g = weighed(&l);
            let (n, e) = (g.node_count(), g.edge_count());
            let uncut = vec![false; e];
            let mut gone = vec![false; n];
            let mut want = Vec::new();
            let mut now = brute(&g, &gone, &uncut);
            for _ in 0..3 {
                // (gain, kg lost, -index) largest wins.
                let mut best: Option<(u64, i64, i64)> = None;
                let left: Vec<usize> = (0..n).filter(|&p| !gone[p]).collect();
                for p in left {
                    gone[p] = true;
                    let after = brute(&g, &gone, &uncut);
                    gone[p] = false;
                    let key = (now.0 - after.0, now.1 - after.1, -(p as i64));
                    if best.is_none_or(|b| key > b) {
                        best = Some(key);
                    }
                }
                match best {
                    Some((gain, _, p)) if gain > 0 => {
                        gone[(-p) as usize] = true;
                        now = brute(&g, &gone, &uncut);
                        want.push(((-p) as u32, gain));
                    }
                    _ => break,
                }
            }
            let got: Vec<(u32, u64)> = best_k(&g, 3)
                .steps
                .iter()
                .map(|s| (s.party, s.pairs_disconnected))
                .collect();
            assert_eq!(got, want, "case {case}");
        }
    }

    #[test]
    fn best_regions_equals_a_brute_force_greedy() {
        let mut next = rng(0x7777_1234_abcd_0001);
        for case in 0..150 {
            let l = random_case(&mut next);
            if l.is_empty() {
                continue;
            }
            let g = weighed(&l);
            let (n, e) = (g.node_count(), g.edge_count());
            let regions: Vec<Option<u32>> = (0..n)
                .map(|_| {
                    let r = next(4) as u32;
                    (r < 3).then_some(10 + r)
                })
                .collect();
            let uncut = vec![false; e];
            let mut gone = vec![false; n];
            let mut want = Vec::new();
            let mut now = brute(&g, &gone, &uncut);
            for _ in 0..3 {
                // (gain, kg lost, -code) largest wins.
                let mut best: Option<(u64, i64, i64)> = None;
                for r in 10..13u32 {
                    if want.iter().any(|&(x, _)| x == r) || !regions.contains(&Some(r)) {
                        continue;
                    }
                    let mut without = gone.clone();
                    for p in 0..n {
                        without[p] |= regions[p] == Some(r);
                    }
                    let after = brute(&g, &without, &uncut);
                    let key = (now.0 - after.0, now.1 - after.1, -(r as i64));
                    if best.is_none_or(|b| key > b) {
                        best = Some(key);
                    }
                }
                match best {
                    Some((gain, _, r)) if gain > 0 => {
                        let r = (-r) as u32;
                        for p in 0..n {
                            gone[p] |= regions[p] == Some(r);
                        }
                        now = brute(&g, &gone, &uncut);
                        want.push((r, gain));
                    }
                    _ => break,
                }
            }
            let got: Vec<(u32, u64)> = best_regions(&g, &regions, 3)
                .steps
                .iter()
                .map(|s| (s.region, s.pairs_disconnected))
                .collect();
            assert_eq!(got, want, "case {case}");
        }
    }

    #[test]
    fn min_cut_equals_the_best_of_every_set_of_links() {
        let mut next = rng(0x5eed_5eed_5eed_5eed);
        let mut tried = 0;
        while tried < 200 {
            let l = random_case(&mut next);
            if l.is_empty() || l.len() > 12 {
                continue;
            }
            tried += 1;
            let g = weighed(&l);
            let (n, e) = (g.node_count(), g.edge_count());
            let none = vec![false; n];
            let mg = |x: usize| g.graph[EdgeIndex::new(x)].tally.weight_mg.unwrap_or(0);
            // (known mg, links) of the best cut by brute force.
            let mut best = (i64::MAX, usize::MAX);
            for set in 0u32..(1 << e) {
                let cut: Vec<bool> = (0..e).map(|x| set >> x & 1 == 1).collect();
                if brute(&g, &none, &cut).0 == 0 {
                    let cost = (
                        (0..e).filter(|&x| cut[x]).map(mg).sum::<i64>(),
                        set.count_ones() as usize,
                    );
                    best = best.min(cost);
                }
            }
            let c = min_cut(&g);
            assert_eq!((c.known_mg, c.links.len()), best, "{l:?}");
            let mut cut = vec![false; e];
            for &x in &c.links {
                cut[x as usize] = true;
            }
            assert_eq!(brute(&g, &none, &cut).0, 0, "not a cut: {l:?}");
            let unknown = c
                .links
                .iter()
                .filter(|&&x| g.graph[EdgeIndex::new(x as usize)].tally.unknown_weight > 0)
                .count();
            assert_eq!(c.unknown_links, unknown as u64);
        }
    }

    #[test]
    fn hand_counted_example() {
        // s1 ─► a ─► b ─► t1        s1, s2: sources; t1, t2: sinks.
        //        ▲    │
        //        └────┘ (a ⇄ b)
        // s2 ─► b ─► t2
        // s2 ─► t2 directly
        // Pairs before: s1→t1, s1→t2, s2→t1, s2→t2 = 4.
        // Remove b: s1 reaches nothing; s2 still reaches t2 (directly): 1 pair left.
        // Sink purchases: b→t1 5 kg, b→t2 unknown, s2→t2 2 kg; after removing b, only s2→t2
        // reaches: lost 5 kg known and 1 row of unknown weight.
        let g = weighed(&links(&[
            ("s1", "a", Some(10.0)),
            ("a", "b", Some(10.0)),
            ("b", "a", Some(1.0)),
            ("b", "t1", Some(5.0)),
            ("b", "t2", None),
            ("s2", "b", Some(3.0)),
            ("s2", "t2", Some(2.0)),
        ]));
        let b = g.find("b").unwrap();
        let d = disrupt(
            &g,
            &[],
            &Removal {
                parties: vec![b],
                links: vec![],
            },
        );
        assert_eq!((d.pairs_before, d.pairs_after), (4, 1));
        assert_eq!(d.reaching_before.known_mg, Some(7_000_000));
        assert_eq!(d.lost.known_mg, Some(5_000_000));
        assert_eq!((d.lost.links, d.lost.unknown_weight), (2, 1));
        // Cutting only b → t2 loses a link of unknown weight: unknown, not 0 kg. s1 still reaches
        // t2 by no other way, so its pair is lost; s2 keeps its direct link.
        let e = g.graph.find_edge(b, g.find("t2").unwrap()).unwrap();
        let d = disrupt(
            &g,
            &[],
            &Removal {
                parties: vec![],
                links: vec![e],
            },
        );
        assert_eq!(d.lost.known_mg, None);
        assert_eq!((d.lost.links, d.lost.unknown_weight), (1, 1));
        assert_eq!(d.pairs_after, 3);
        // b disconnects 3 pairs; nobody else as many. Then s2 or t2 end the last pair: s2 comes
        // first by the kg it sends to a sink (2 kg on s2→t2 either way, so by name: s2 < t2).
        let k = best_k(&g, 5);
        let names: Vec<_> = k
            .steps
            .iter()
            .map(|s| {
                (
                    g.name(NodeIndex::new(s.party as usize)),
                    s.pairs_disconnected,
                )
            })
            .collect();
        assert_eq!(names, [("b", 3), ("s2", 1)]);
        assert!(k.stopped_early);
        // Smallest known cut: b→t2 (unknown, 0 known) + b→t1 5 kg + s2→t2 2 kg = 7 kg, or
        // a→b 10 + s2→b 3 + s2→t2 2 = 15: the first.
        let c = min_cut(&g);
        assert_eq!(c.known_mg, 7_000_000);
        assert_eq!((c.links.len(), c.unknown_links), (3, 1));
    }
}

#[cfg(test)]
mod edge_tests {
    use super::*;

    #[test]
    fn an_empty_graph_has_nothing_to_cut() {
        let g = SupplyGraph::default();
        let d = disrupt(&g, &[], &Removal::default());
        assert_eq!((d.pairs_before, d.pairs_after, d.lost.links), (0, 0, 0));
        let k = best_k(&g, 3);
        assert!(k.steps.is_empty() && k.stopped_early);
        assert!(min_cut(&g).links.is_empty());
        // Parties and links that are not in the graph are ignored, not a panic.
        let far = Removal {
            parties: vec![NodeIndex::new(7)],
            links: vec![EdgeIndex::new(9)],
        };
        assert_eq!(disrupt(&g, &[], &far).pairs_after, 0);
    }
}
