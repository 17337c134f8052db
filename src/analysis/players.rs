//! Key players: betweenness centrality, throughput, the share of source-to-sink chains through each
//! party, and pattern labels (collector, distributor, broker, hub).

use std::collections::VecDeque;

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::graph::SupplyGraph;
use crate::graph::scc::scc;

/// Above this many parties, betweenness is estimated from this many evenly spaced source parties
/// (scaled up), rather than computed from all of them.
pub const EXACT_BETWEENNESS_UP_TO: usize = 2000;

/// One party's standing in the network.
#[derive(Debug, Clone, PartialEq)]
pub struct Player {
    pub party: NodeIndex,
    /// Number of shortest supplier→customer paths between other parties that pass through it
    /// (Brandes; directed, each link one step; split evenly among equally short paths).
    pub betweenness: f64,
    /// Known kg bought plus known kg sold; `None` when no weight of its links is known.
    pub throughput_kg: Option<f64>,
    /// Fraction of all source-to-sink chains that pass through it (0 when there are none).
    pub chain_share: f64,
    /// The patterns its links make, in [`Label`] order.
    pub labels: Vec<Label>,
}

/// A pattern a party's links make (see [`players`]); its words are in `render/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    /// Buys from two or more suppliers and sells on. A party that buys from many and never sells
    /// (a market, a restaurant) is an end buyer, not a collector: markets were labelled so.
    Collector,
    /// Sells to two or more customers.
    Distributor,
    /// Has a betweenness of at least half the largest (and above 0).
    Broker,
    /// Both a collector and a distributor.
    Hub,
}

impl Label {
    /// Every label, in order.
    pub const ALL: [Label; 4] = [
        Label::Collector,
        Label::Distributor,
        Label::Broker,
        Label::Hub,
    ];
}

/// Betweenness of every party (indexed by node): Brandes' algorithm, exact up to
/// [`EXACT_BETWEENNESS_UP_TO`] parties, then estimated from that many evenly spaced sources.
///
/// Path counts are `f64`; a source with more shortest paths to some party than `f64` can count
/// (about 10^308, a ladder of a thousand diamonds) counts them again in logarithms, so every
/// figure stays finite.
///
/// # Complexity
/// O(V·E) exact; O(k·E) estimated with k sources, each source costing what its walk reaches (not
/// the whole graph). Memory: 32 bytes per party and 4 per link, plus what one source's walk reaches.
pub fn betweenness(g: &SupplyGraph) -> Vec<f64> {
    brandes(g, false)
}

/// [`betweenness`], counting every source's paths in logarithms when `in_logs` (for tests; the
/// ordinary way does so only for sources whose counts overflow).
fn brandes(g: &SupplyGraph, in_logs: bool) -> Vec<f64> {
    let n = g.node_count();
    let mut bc = vec![0.0; n];
    let sources: Vec<NodeIndex> = if n <= EXACT_BETWEENNESS_UP_TO {
        g.parties().collect()
    } else {
        (0..EXACT_BETWEENNESS_UP_TO)
            .map(|i| NodeIndex::new(i * n / EXACT_BETWEENNESS_UP_TO))
            .collect()
    };
    let scale = n as f64 / sources.len().max(1) as f64;
    let out = crate::graph::Adjacency::build(n, |p| {
        g.neighbours(p, Outgoing).into_iter().map(|(q, _)| q)
    });
    // Per party: 8 + 4 + 8 + 4 bytes; what one source's walk reached is reset after it, not the
    // whole graph (a source of a sparse graph of millions of parties reaches a few).
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![u32::MAX; n];
    let mut delta = vec![0.0f64; n];
    // Where each party reached stands in `order`.
    let mut pos = vec![0u32; n];
    let mut order: Vec<NodeIndex> = Vec::new();
    // (w, v): v precedes w on a shortest path, in the order found; then grouped by w (the order
    // kept), so that `preds[pred_at[pos[w]]..pred_at[pos[w] + 1]]` are w's predecessors.
    let mut pairs: Vec<(NodeIndex, NodeIndex)> = Vec::new();
    let mut pred_at: Vec<usize> = Vec::new();
    let mut fill: Vec<usize> = Vec::new();
    let mut preds: Vec<NodeIndex> = Vec::new();
    let mut queue = VecDeque::new();
    for s in sources {
        for v in order.drain(..) {
            sigma[v.index()] = 0.0;
            dist[v.index()] = u32::MAX;
            delta[v.index()] = 0.0;
        }
        pairs.clear();
        sigma[s.index()] = 1.0;
        dist[s.index()] = 0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            pos[v.index()] = order.len() as u32;
            order.push(v);
            for &w in out.of(v) {
                if dist[w.index()] == u32::MAX {
                    dist[w.index()] = dist[v.index()] + 1;
                    queue.push_back(w);
                }
                if dist[w.index()] == dist[v.index()] + 1 {
                    sigma[w.index()] += sigma[v.index()];
                    pairs.push((w, v));
                }
            }
        }
        pred_at.clear();
        pred_at.resize(order.len() + 1, 0);
        for &(w, _) in &pairs {
            pred_at[pos[w.index()] as usize + 1] += 1;
        }
        for k in 1..pred_at.len() {
            pred_at[k] += pred_at[k - 1];
        }
        fill.clear();
        fill.extend_from_slice(&pred_at);
        preds.clear();
        preds.resize(pairs.len(), NodeIndex::end());
        for &(w, v) in &pairs {
            let at = &mut fill[pos[w.index()] as usize];
            preds[*at] = v;
            *at += 1;
        }
        let preds_of = |w: NodeIndex| {
            let k = pos[w.index()] as usize;
            &preds[pred_at[k]..pred_at[k + 1]]
        };
        if in_logs || order.iter().any(|v| sigma[v.index()].is_infinite()) {
            // Above about 10^308 shortest paths the counts overflow (inf / inf gave NaN): count
            // this source's paths again in logarithms, which only such a source pays for. Each
            // party's predecessors come before it in `order`.
            for &w in &order {
                if w != s {
                    let ln = log_sum(preds_of(w).iter().map(|v| sigma[v.index()]));
                    sigma[w.index()] = ln;
                } else {
                    sigma[w.index()] = 0.0;
                }
            }
            for &w in order.iter().rev() {
                for &v in preds_of(w) {
                    // The share of w's shortest paths that come through v: at most 1.
                    let share = (sigma[v.index()] - sigma[w.index()]).exp();
                    delta[v.index()] += share * (1.0 + delta[w.index()]);
                }
                if w != s {
                    bc[w.index()] += delta[w.index()] * scale;
                }
            }
            continue;
        }
        for &w in order.iter().rev() {
            for &v in preds_of(w) {
                delta[v.index()] += sigma[v.index()] / sigma[w.index()] * (1.0 + delta[w.index()]);
            }
            if w != s {
                bc[w.index()] += delta[w.index()] * scale;
            }
        }
    }
    bc
}

/// ln(Σ exp(x)) without overflow; `-inf` for no term.
fn log_sum(xs: impl Iterator<Item = f64> + Clone) -> f64 {
    let top = xs.clone().fold(f64::NEG_INFINITY, f64::max);
    if top == f64::NEG_INFINITY {
        return top;
    }
    top + xs.map(|x| (x - top).exp()).sum::<f64>().ln()
}

/// The fraction of source-to-sink chains through each party (indexed by node), counted by dynamic
/// programming on the condensation: paths from sources into each group of parties times paths from
/// it to sinks, over all paths. On acyclic graphs this is exactly the share of `chains`; a cycle is
/// counted as one step (a group), since simple paths through cycles cannot be counted efficiently.
/// Counts are `f64`: exact up to 2^53 chains, then within floating-point rounding (relative error
/// about 1e-15 per operation), up to about 10^308 chains; beyond, counted in logarithms.
///
/// # Complexity
/// O(V + E).
pub fn chain_share(g: &SupplyGraph) -> Vec<f64> {
    let n = g.node_count();
    let sccs = scc(&g.graph);
    let mut comp = vec![0usize; n];
    for (c, members) in sccs.iter().enumerate() {
        for p in members {
            comp[p.index()] = c;
        }
    }
    let is_source = |p: NodeIndex| g.graph.neighbors_directed(p, Incoming).next().is_none();
    let is_sink = |p: NodeIndex| g.graph.neighbors_directed(p, Outgoing).next().is_none();
    // Paths from any source into each group (tarjan_scc lists groups in reverse topological order).
    let mut from_sources = vec![0.0f64; sccs.len()];
    for (c, members) in sccs.iter().enumerate().rev() {
        let mut f = members.iter().filter(|&&p| is_source(p)).count() as f64;
        for &p in members {
            for e in g.graph.edges_directed(p, Incoming) {
                let q = comp[e.source().index()];
                if q != c {
                    f += from_sources[q];
                }
            }
        }
        from_sources[c] = f;
    }
    let mut to_sinks = vec![0.0f64; sccs.len()];
    for (c, members) in sccs.iter().enumerate() {
        let mut t = members.iter().filter(|&&p| is_sink(p)).count() as f64;
        for &p in members {
            for e in g.graph.edges_directed(p, Outgoing) {
                let q = comp[e.target().index()];
                if q != c {
                    t += to_sinks[q];
                }
            }
        }
        to_sinks[c] = t;
    }
    let total: f64 = g
        .parties()
        .filter(|&p| is_sink(p))
        .map(|p| from_sources[comp[p.index()]])
        .sum();
    if !total.is_finite() {
        // Above about 10^308 chains the counts overflow (inf / inf printed NaN): count again in
        // logarithms, which only this case pays for.
        return chain_share_in_logs(g, &sccs, &comp);
    }
    let share: Vec<f64> = g
        .parties()
        .map(|p| {
            let c = comp[p.index()];
            // A party that is both source and sink has no link and lies on no chain.
            if total == 0.0 {
                0.0
            } else {
                from_sources[c] * to_sinks[c] / total
            }
        })
        .collect();
    if share.iter().any(|s| !s.is_finite()) {
        // A product of counts can overflow just below a total that does not.
        return chain_share_in_logs(g, &sccs, &comp);
    }
    share
}

/// [`chain_share`] with every count kept as its natural logarithm (`-inf` for none), for graphs
/// with more chains than `f64` can count.
///
/// # Complexity
/// O(V + E), one `exp` per link.
fn chain_share_in_logs(
    g: &SupplyGraph,
    sccs: &crate::graph::scc::Groups,
    comp: &[usize],
) -> Vec<f64> {
    let is_source = |p: NodeIndex| g.graph.neighbors_directed(p, Incoming).next().is_none();
    let is_sink = |p: NodeIndex| g.graph.neighbors_directed(p, Outgoing).next().is_none();
    let ln_count = |n: usize| {
        if n == 0 {
            f64::NEG_INFINITY
        } else {
            (n as f64).ln()
        }
    };
    let mut from = vec![f64::NEG_INFINITY; sccs.len()];
    for (c, members) in sccs.iter().enumerate().rev() {
        let own = ln_count(members.iter().filter(|&&p| is_source(p)).count());
        let before: Vec<f64> = members
            .iter()
            .flat_map(|&p| g.graph.edges_directed(p, Incoming))
            .map(|e| comp[e.source().index()])
            .filter(|&q| q != c)
            .map(|q| from[q])
            .chain([own])
            .collect();
        from[c] = log_sum(before.iter().copied());
    }
    let mut to = vec![f64::NEG_INFINITY; sccs.len()];
    for (c, members) in sccs.iter().enumerate() {
        let own = ln_count(members.iter().filter(|&&p| is_sink(p)).count());
        let after: Vec<f64> = members
            .iter()
            .flat_map(|&p| g.graph.edges_directed(p, Outgoing))
            .map(|e| comp[e.target().index()])
            .filter(|&q| q != c)
            .map(|q| to[q])
            .chain([own])
            .collect();
        to[c] = log_sum(after.iter().copied());
    }
    let sinks: Vec<f64> = g
        .parties()
        .filter(|&p| is_sink(p))
        .map(|p| from[comp[p.index()]])
        .collect();
    let total = log_sum(sinks.iter().copied());
    g.parties()
        .map(|p| {
            let c = comp[p.index()];
            let share = (from[c] + to[c] - total).exp();
            if share.is_finite() {
                share.min(1.0)
            } else {
                0.0
            }
        })
        .collect()
}

/// The fraction of the chains that follow one species label (those of
/// [`crate::analysis::species_chains`]) through each party (indexed by node), counted as
/// [`chain_share`] does, once per label over the links that carry it: paths from the network's
/// sources into each group times paths from it to sinks, less those with no link carrying the
/// label by its own name. On acyclic graphs this is exactly the share of `species_chains`; a
/// cycle counts as one step. Beyond about 10^308 chains of a label the counts overflow, and the
/// network reading ([`chain_share`], in logarithms) is returned instead.
///
/// # Complexity
/// O(V + E) for the groups, then O(K log K) for the K (link, label) pairs.
pub fn species_chain_share(g: &SupplyGraph, lineage: &crate::analysis::Lineage) -> Vec<f64> {
    let sccs = scc(&g.graph);
    let mut comp = vec![0usize; g.node_count()];
    for (c, members) in sccs.iter().enumerate() {
        for p in members {
            comp[p.index()] = c;
        }
    }
    let mut sources = vec![0.0f64; sccs.len()];
    let mut sinks = vec![0.0f64; sccs.len()];
    for p in g.parties() {
        if g.graph.neighbors_directed(p, Incoming).next().is_none() {
            sources[comp[p.index()]] += 1.0;
        }
        if g.graph.neighbors_directed(p, Outgoing).next().is_none() {
            sinks[comp[p.index()]] += 1.0;
        }
    }
    // (label, carried by its own name, upstream group, downstream group) of every link between
    // groups, the most upstream groups first (groups are numbered downstream first), then
    // bucketed by label, keeping that order.
    let carries = crate::analysis::chains::species::Carries::list(g, lineage);
    let mut pairs: Vec<(u32, bool, usize, usize)> = Vec::new();
    for (cs, members) in sccs.iter().enumerate().rev() {
        for &s in members {
            for r in g.graph.edges_directed(s, Outgoing) {
                let cb = comp[r.target().index()];
                if cb != cs {
                    pairs.extend(carries.of(r.id()).iter().map(|c| (c.kind, c.own, cs, cb)));
                }
            }
        }
    }
    let mut at = vec![0usize; g.flows.species.len() + 1];
    for p in &pairs {
        at[p.0 as usize + 1] += 1;
    }
    for k in 1..at.len() {
        at[k] += at[k - 1];
    }
    let mut bucketed = vec![(0u32, false, 0usize, 0usize); pairs.len()];
    let mut next = at.clone();
    for p in pairs {
        bucketed[next[p.0 as usize]] = p;
        next[p.0 as usize] += 1;
    }
    let pairs = bucketed;
    let mut through = vec![0.0f64; sccs.len()];
    let mut total = 0.0f64;
    let mut count = PathCount::new(sccs.len());
    for label in pairs.chunk_by(|a, b| a.0 == b.0) {
        let all: Vec<(usize, usize)> = label.iter().map(|&(_, _, a, b)| (a, b)).collect();
        let borrowed: Vec<(usize, usize)> = (label.iter())
            .filter(|p| !p.1)
            .map(|&(_, _, a, b)| (a, b))
            .collect();
        total += count.run(&all, &sources, &sinks, &mut through, 1.0);
        if !borrowed.is_empty() {
            total -= count.run(&borrowed, &sources, &sinks, &mut through, -1.0);
        }
    }
    let share: Vec<f64> = g
        .parties()
        .map(|p| {
            if total <= 0.0 {
                0.0
            } else {
                (through[comp[p.index()]] / total).clamp(0.0, 1.0)
            }
        })
        .collect();
    if !total.is_finite() || share.iter().any(|s| !s.is_finite()) {
        return chain_share(g);
    }
    share
}

/// Counts source-to-sink paths over some links between groups, reusing its arrays.
struct PathCount {
    from: Vec<f64>,
    to: Vec<f64>,
    touched: Vec<usize>,
    is_touched: Vec<bool>,
}

impl PathCount {
    fn new(n: usize) -> PathCount {
        PathCount {
            from: vec![0.0; n],
            to: vec![0.0; n],
            touched: Vec::new(),
            is_touched: vec![false; n],
        }
    }

    /// Over `links` (upstream group, downstream group), in order of upstream group from the most
    /// upstream: adds `sign ×` the number of paths through each group touched to `through`, and
    /// returns the number of source-to-sink paths.
    fn run(
        &mut self,
        links: &[(usize, usize)],
        sources: &[f64],
        sinks: &[f64],
        through: &mut [f64],
        sign: f64,
    ) -> f64 {
        for &(a, b) in links {
            for c in [a, b] {
                if !self.is_touched[c] {
                    self.is_touched[c] = true;
                    self.touched.push(c);
                }
            }
        }
        // Groups are numbered downstream first: a link's upstream group has the larger number.
        for &(a, b) in links {
            self.from[b] += sources[a] + self.from[a];
        }
        // Backwards, the most downstream first: every link out of a group comes before the
        // links into it.
        for &(a, b) in links.iter().rev() {
            self.to[a] += sinks[b] + self.to[b];
        }
        let mut total = 0.0;
        for &c in &self.touched {
            let f = sources[c] + self.from[c];
            let t = sinks[c] + self.to[c];
            // A party with no link of this label is on none of its chains.
            if self.from[c] > 0.0 || self.to[c] > 0.0 {
                through[c] += sign * f * t;
            }
            total += sinks[c] * self.from[c];
            self.from[c] = 0.0;
            self.to[c] = 0.0;
            self.is_touched[c] = false;
        }
        self.touched.clear();
        total
    }
}

/// Every party's standing (see [`players`]), its chain share that of the chains following one
/// species label when `lineage` is given ([`species_chain_share`]), else of the network's
/// ([`chain_share`]).
pub fn players_of(g: &SupplyGraph, lineage: Option<&crate::analysis::Lineage>) -> Vec<Player> {
    let share = match lineage {
        Some(l) => species_chain_share(g, l),
        None => chain_share(g),
    };
    players_with_share(g, share)
}

/// Every party's standing, sorted by chain share, then betweenness (both descending), then name.
///
/// Labels: `collector` buys from two or more suppliers, `distributor` sells to two or more
/// customers, `hub` is both, `broker` has a betweenness of at least half the largest (and above 0).
pub fn players(g: &SupplyGraph) -> Vec<Player> {
    players_with_share(g, chain_share(g))
}

fn players_with_share(g: &SupplyGraph, share: Vec<f64>) -> Vec<Player> {
    let bc = betweenness(g);
    let top = bc.iter().copied().fold(0.0, f64::max);
    let mut out: Vec<Player> = g
        .parties()
        .map(|p| {
            let sum = |dir| {
                g.graph
                    .edges_directed(p, dir)
                    .filter_map(|e| e.weight().tally.weight_mg)
                    .fold(None, |a: Option<i64>, w| Some(a.unwrap_or(0) + w))
            };
            let throughput_kg = match (sum(Incoming), sum(Outgoing)) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            }
            .map(crate::units::mg_to_kg);
            let suppliers = g.graph.neighbors_directed(p, Incoming).count();
            let customers = g.graph.neighbors_directed(p, Outgoing).count();
            let mut labels = Vec::new();
            if suppliers >= 2 && customers >= 1 {
                labels.push(Label::Collector);
            }
            if customers >= 2 {
                labels.push(Label::Distributor);
            }
            if top > 0.0 && bc[p.index()] >= top / 2.0 {
                labels.push(Label::Broker);
            }
            if suppliers >= 2 && customers >= 2 {
                labels.push(Label::Hub);
            }
            Player {
                party: p,
                betweenness: bc[p.index()],
                throughput_kg,
                chain_share: share[p.index()],
                labels,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.chain_share
            .total_cmp(&a.chain_share)
            .then(b.betweenness.total_cmp(&a.betweenness))
            .then(a.party.cmp(&b.party))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::chains;
    use crate::analysis::tests::{graph, graph_of, ladder};

    fn by_name(g: &SupplyGraph, v: &[f64], name: &str) -> f64 {
        v[g.find(name).unwrap().index()]
    }

    #[test]
    fn betweenness_of_a_small_graph_worked_by_hand() {
        // a → b → c → d, and a → e → c.
        // Pairs through b: (a,… no: a→c has two shortest paths (via b, via e), so b gets 1/2 for
        // (a,c) and 1/2 for (a,d); 1 in all. Same for e. c carries (a,d), (b,d), (e,d): 3.
        let g = graph(&[("a", "b"), ("b", "c"), ("c", "d"), ("a", "e"), ("e", "c")]);
        let bc = betweenness(&g);
        assert_eq!(by_name(&g, &bc, "b"), 1.0);
        assert_eq!(by_name(&g, &bc, "e"), 1.0);
        assert_eq!(by_name(&g, &bc, "c"), 3.0);
        assert_eq!(by_name(&g, &bc, "a"), 0.0);
        assert_eq!(by_name(&g, &bc, "d"), 0.0);
    }

    #[test]
    fn chain_share_of_a_diamond() {
        let g = graph(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("x", "d")]);
        let s = chain_share(&g);
        // Chains: a>b>d, a>c>d, x>d.
        assert!((by_name(&g, &s, "a") - 2.0 / 3.0).abs() < 1e-12);
        assert!((by_name(&g, &s, "b") - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(by_name(&g, &s, "d"), 1.0);
    }

    #[test]
    fn chain_share_beyond_u64_stays_right() {
        // 70 layers of 2 parties fully linked between one source and one sink: 2^70 chains (more
        // than 2^64); each middle party is on half of them, the source and sink on all.
        let mut links = ladder(70, 2);
        for i in 0..2 {
            links.push(("src".into(), format!("p0000_{i}")));
            links.push((format!("p0069_{i}"), "snk".into()));
        }
        let g = graph_of(&links);
        let s = chain_share(&g);
        assert_eq!(by_name(&g, &s, "src"), 1.0);
        assert_eq!(by_name(&g, &s, "snk"), 1.0);
        assert_eq!(by_name(&g, &s, "p0035_1"), 0.5);
    }

    #[test]
    fn chain_share_by_dynamic_programming_equals_enumeration_on_random_dags() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for case in 0..200 {
            let n = 3 + next(8) as usize;
            let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
            let mut edges = Vec::new();
            for i in 0..n {
                for j in i + 1..n {
                    if next(100) < 35 {
                        edges.push((names[i].as_str(), names[j].as_str()));
                    }
                }
            }
            if edges.is_empty() {
                continue;
            }
            let g = graph(&edges);
            let listed = chains(&g, None, 1_000_000);
            assert!(!listed.truncated);
            let total = listed.chains.len() as f64;
            let share = chain_share(&g);
            for p in g.parties() {
                let through = listed.chains.iter().filter(|c| c.path.contains(&p)).count() as f64;
                let expected = if total == 0.0 { 0.0 } else { through / total };
                assert!(
                    (share[p.index()] - expected).abs() < 1e-12,
                    "case {case}: {} {} vs {expected}",
                    g.name(p),
                    share[p.index()]
                );
            }
        }
    }

    #[test]
    fn chain_share_above_10_to_the_308_chains_is_not_nan() {
        // 1100 layers of 2 parties, each linked to both of the next: 2^1100 chains, over f64.
        let g = graph_of(&ladder(1100, 2));
        for (p, s) in chain_share(&g).into_iter().enumerate() {
            assert!((s - 0.5).abs() < 1e-9, "party {p}: {s}");
        }
        // A small graph goes the ordinary way and gives the same shares in logarithms.
        let g = graph(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("x", "d")]);
        let sccs = scc(&g.graph);
        let mut comp = vec![0; g.node_count()];
        for (c, m) in sccs.iter().enumerate() {
            for p in m {
                comp[p.index()] = c;
            }
        }
        let logs = chain_share_in_logs(&g, &sccs, &comp);
        for (a, b) in chain_share(&g).iter().zip(&logs) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
    }

    #[test]
    fn betweenness_in_logarithms_gives_the_hand_worked_figures() {
        // The graph of `betweenness_of_a_small_graph_worked_by_hand`, every count in logarithms.
        let g = graph(&[("a", "b"), ("b", "c"), ("c", "d"), ("a", "e"), ("e", "c")]);
        let bc = brandes(&g, true);
        for (name, want) in [("b", 1.0), ("e", 1.0), ("c", 3.0), ("a", 0.0), ("d", 0.0)] {
            let got = by_name(&g, &bc, name);
            assert!((got - want).abs() < 1e-12, "{name}: {got} vs {want}");
        }
    }

    #[test]
    fn betweenness_beyond_10_to_the_308_paths_is_not_nan() {
        // 660 layers of 3 parties, each linked to all 3 of the next: 3^659 shortest paths from a
        // first-layer party to a last-layer one, over f64 (exact betweenness: 1980 parties). A
        // party of layer l lies on a third of the shortest paths between each of the 3l parties
        // before it and the 3(659 - l) after it: 3·l·(659 - l).
        let g = graph_of(&ladder(660, 3));
        let bc = betweenness(&g);
        assert!(bc.iter().all(|b| b.is_finite()));
        for l in [0, 1, 330, 600, 659] {
            let want = (3 * l * (659 - l)) as f64;
            let got = by_name(&g, &bc, &format!("p{l:04}_2"));
            assert!(
                (got - want).abs() <= 1e-9 * want.max(1.0),
                "layer {l}: {got} vs {want}"
            );
        }
        // The ordinary way and the logarithms agree where the counts fit.
        let g = graph_of(&ladder(40, 3));
        for (a, b) in betweenness(&g).iter().zip(brandes(&g, true)) {
            assert!((a - b).abs() <= 1e-9 * a.max(1.0), "{a} vs {b}");
        }
    }

    #[test]
    fn players_on_a_ladder_of_2_to_the_1100_paths_are_finite() {
        // 1100 layers of 2: more than EXACT_BETWEENNESS_UP_TO parties, so estimated (scaled).
        let g = graph_of(&ladder(1100, 2));
        for p in players(&g) {
            assert!(
                p.betweenness.is_finite() && p.chain_share.is_finite(),
                "{}: {} {}",
                g.name(p.party),
                p.betweenness,
                p.chain_share
            );
        }
    }

    #[test]
    fn every_label_is_listed_once_in_order() {
        for (i, l) in Label::ALL.iter().enumerate() {
            // A new label does not compile here until it is given its place.
            let at = match l {
                Label::Collector => 0,
                Label::Distributor => 1,
                Label::Broker => 2,
                Label::Hub => 3,
            };
            assert_eq!(at, i, "{l:?}");
        }
        assert_eq!(Label::ALL.len(), 4);
    }

    #[test]
    fn a_market_buying_from_many_is_not_a_collector() {
        let g = graph(&[
            ("s1", "m"),
            ("s2", "m"),
            ("s1", "c"),
            ("s2", "c"),
            ("c", "m"),
        ]);
        let p = players(&g);
        let labels = |name: &str| {
            p.iter()
                .find(|q| g.name(q.party) == name)
                .map(|q| q.labels.clone())
                .unwrap_or_default()
        };
        assert!(
            !labels("m").contains(&Label::Collector),
            "{:?}",
            labels("m")
        );
        assert!(labels("c").contains(&Label::Collector), "{:?}", labels("c"));
    }

    #[test]
    fn labels_follow_the_pattern() {
        let g = graph(&[("s1", "h"), ("s2", "h"), ("h", "t1"), ("h", "t2")]);
        let p = players(&g);
        assert_eq!(g.name(p[0].party), "h");
        assert_eq!(
            p[0].labels,
            [
                Label::Collector,
                Label::Distributor,
                Label::Broker,
                Label::Hub
            ]
        );
        assert_eq!(p[0].chain_share, 1.0);
    }
}
