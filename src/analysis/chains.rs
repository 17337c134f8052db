//! Source-to-sink chains: every simple path from a party that never buys to a party that never sells.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::{EdgeIndex, NodeIndex};

use super::temporal::{
    LinkDates, Time, Times, all_time, latest_departure_to_sinks, next_times, witness,
};
use crate::graph::SupplyGraph;
use crate::ingest::date::DateLabel;

/// One chain: its parties from source to sink and the links between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    pub path: Vec<NodeIndex>,
    pub links: Vec<EdgeIndex>,
    /// For time-ordered chains: one witnessing date per link (`None` where the row's date is unknown).
    pub dates: Option<Vec<Option<DateLabel>>>,
}

impl Chain {
    /// Number of links.
    pub fn hops(&self) -> usize {
        self.links.len()
    }

    /// The smallest known link weight along the chain, or `None` when any link's weight is unknown.
    pub fn bottleneck_kg(&self, g: &SupplyGraph) -> Option<f64> {
        self.links
            .iter()
            .map(|&e| g.graph[e].tally.weight_kg())
            .try_fold(f64::INFINITY, |m, w| w.map(|w| m.min(w)))
    }
}

/// Chains found, and whether more exist than were listed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chains {
    pub chains: Vec<Chain>,
    /// True only when more chains exist than the limit let through.
    pub truncated: bool,
}

/// Time-ordered chains only: the dates of each link and the largest gap allowed between links.
#[derive(Debug, Clone, Copy)]
pub struct InTime<'a> {
    pub dates: &'a LinkDates,
    /// At most this many days between a link and the next, when given.
    pub max_lag: Option<Time>,
}

/// Lists up to `limit` simple paths from a source (no incoming link) to a sink (no outgoing link),
/// keeping only those through `through` when given (a chain that starts or ends there counts).
/// Chains come in name order: sources by name, then each step's buyers by name.
///
/// # Complexity
/// O(V + E) to prune, then O(hops) per chain listed on acyclic graphs: the search only steps to
/// parties that can still reach a sink (and, before `through`, only to its suppliers), so it never
/// walks a dead end, and it stops at `limit + 1` chains. On graphs with cycles a step can still
/// fail when the only way on is already on the path; that costs at most the cycle's size per step.
pub fn chains(g: &SupplyGraph, through: Option<NodeIndex>, limit: usize) -> Chains {
    search(g, through, limit, None)
}

/// Like [`chains`], keeping only chains whose links can be witnessed by rows in date order: one row
/// per link, each dated no earlier than the row on the link before it (and at most `max_lag` days
/// later). Each chain gets one witnessing date per link.
///
/// # Complexity
/// As [`chains`], plus, per step, the intersection of the feasible times with the link's dates
/// (O(R log R) for R distinct dates on the link). Prefixes that cannot reach a sink in time are
/// cut using each party's latest time of departure towards a sink (O((V + E) log V) once).
pub fn chains_in_time(
    g: &SupplyGraph,
    through: Option<NodeIndex>,
    limit: usize,
    time: InTime,
) -> Chains {
    search(g, through, limit, Some(time))
}

fn search(
    g: &SupplyGraph,
    through: Option<NodeIndex>,
    limit: usize,
    time: Option<InTime>,
) -> Chains {
    let n = g.node_count();
    let latest = time.map(|t| latest_departure_to_sinks(g, t.dates));
    let out: Vec<Vec<(NodeIndex, EdgeIndex)>> =
        g.parties().map(|p| g.neighbours(p, Outgoing)).collect();
    let is_sink = |p: NodeIndex| out[p.index()].is_empty();
    let to_sink = reach_backwards(g, g.parties().filter(|&p| is_sink(p)));
    let before_through = match through {
        Some(t) => reach_backwards(g, [t]),
        None => vec![true; n],
    };
    let mut result = Chains::default();
    let mut on_path = vec![false; n];
    let mut path: Vec<NodeIndex> = Vec::new();
    let mut links: Vec<EdgeIndex> = Vec::new();
    // Each frame: the party and the position of its next buyer to try.
    let mut stack: Vec<(NodeIndex, usize)> = Vec::new();
    // For time-ordered chains: the times at which each link of the path can be witnessed.
    let mut times: Vec<Times> = Vec::new();
    let sources = g
        .parties()
        .filter(|&p| g.graph.neighbors_directed(p, Incoming).next().is_none() && !is_sink(p));
    for source in sources {
        if !before_through[source.index()] || !to_sink[source.index()] {
            continue;
        }
        stack.push((source, 0));
        path.push(source);
        on_path[source.index()] = true;
        while let Some(&mut (p, ref mut next)) = stack.last_mut() {
            let passed = through.is_none_or(|t| on_path[t.index()]);
            if is_sink(p) {
                if passed {
                    if result.chains.len() == limit {
                        result.truncated = true;
                        return result;
                    }
                    let dates = time.map(|t| {
                        let spans: Vec<_> = links.iter().map(|&e| t.dates.spans(e)).collect();
                        witness(&times, &spans, t.max_lag)
                    });
                    result.chains.push(Chain {
                        path: path.clone(),
                        links: links.clone(),
                        dates,
                    });
                }
            } else if let Some(&(m, e)) = out[p.index()].get(*next) {
                *next += 1;
                let allowed = !on_path[m.index()]
                    && to_sink[m.index()]
                    && (passed || before_through[m.index()]);
                if !allowed {
                    continue;
                }
                if let (Some(t), Some(latest)) = (time, &latest) {
                    let prev = times.last().cloned().unwrap_or_else(all_time);
                    let next = next_times(&prev, t.dates.spans(e), t.max_lag);
                    // Cut prefixes that can no longer reach a sink in time.
                    let in_time = next
                        .first()
                        .is_some_and(|iv| latest[m.index()].is_some_and(|l| iv.0 <= l));
                    if !in_time {
                        continue;
                    }
                    times.push(next);
                }
                stack.push((m, 0));
                path.push(m);
                links.push(e);
                on_path[m.index()] = true;
                continue;
            }
            stack.pop();
            if let Some(q) = path.pop() {
                on_path[q.index()] = false;
            }
            if links.pop().is_some() && time.is_some() {
                times.pop();
            }
        }
    }
    result
}

/// Marks every party from which one of `targets` can be reached (targets included).
fn reach_backwards(g: &SupplyGraph, targets: impl IntoIterator<Item = NodeIndex>) -> Vec<bool> {
    let mut seen = vec![false; g.node_count()];
    let mut stack: Vec<NodeIndex> = targets.into_iter().collect();
    for t in &stack {
        seen[t.index()] = true;
    }
    while let Some(p) = stack.pop() {
        for q in g.graph.neighbors_directed(p, Incoming) {
            if !seen[q.index()] {
                seen[q.index()] = true;
                stack.push(q);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tests::graph;

    fn paths(g: &SupplyGraph, c: &Chains) -> Vec<String> {
        c.chains
            .iter()
            .map(|c| {
                c.path
                    .iter()
                    .map(|&p| g.name(p))
                    .collect::<Vec<_>>()
                    .join(">")
            })
            .collect()
    }

    #[test]
    fn diamond_has_two_chains() {
        let g = graph(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]);
        let c = chains(&g, None, 1000);
        assert_eq!(paths(&g, &c), ["a>b>d", "a>c>d"]);
        assert!(!c.truncated);
        assert_eq!(c.chains[0].hops(), 2);
    }

    #[test]
    fn through_keeps_chains_that_pass_start_or_end_there() {
        let g = graph(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("x", "d")]);
        assert_eq!(paths(&g, &chains(&g, g.find("b"), 10)), ["a>b>d"]);
        assert_eq!(paths(&g, &chains(&g, g.find("a"), 10)), ["a>b>d", "a>c>d"]);
        assert_eq!(
            paths(&g, &chains(&g, g.find("d"), 10)),
            ["a>b>d", "a>c>d", "x>d"]
        );
    }

    #[test]
    fn cycles_are_walked_once_and_rings_without_source_give_no_chain() {
        // s → a → b → a (cycle) and b → t; an isolated ring x ⇄ y has no source.
        let g = graph(&[
            ("s", "a"),
            ("a", "b"),
            ("b", "a"),
            ("b", "t"),
            ("x", "y"),
            ("y", "x"),
        ]);
        let c = chains(&g, None, 10);
        assert_eq!(paths(&g, &c), ["s>a>b>t"]);
    }

    #[test]
    fn limit_truncates_only_when_more_exist() {
        let g = graph(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]);
        let c = chains(&g, None, 2);
        assert_eq!(c.chains.len(), 2);
        assert!(!c.truncated);
        let c = chains(&g, None, 1);
        assert_eq!(paths(&g, &c), ["a>b>d"]);
        assert!(c.truncated);
        let c = chains(&g, None, 0);
        assert!(c.chains.is_empty() && c.truncated);
    }

    #[test]
    fn exploding_path_counts_stop_at_the_limit() {
        // 60 layers of 2 parties, each fully linked to the next: 2^60 chains.
        let mut edges = Vec::new();
        let name = |l: usize, i: usize| format!("p{l:02}_{i}");
        for l in 0..59 {
            for i in 0..2 {
                for j in 0..2 {
                    edges.push((name(l, i), name(l + 1, j)));
                }
            }
        }
        let refs: Vec<(&str, &str)> = edges
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let g = graph(&refs);
        let c = chains(&g, None, 1000);
        assert_eq!(c.chains.len(), 1000);
        assert!(c.truncated);
        assert!(c.chains.iter().all(|c| c.hops() == 59));
    }
}
