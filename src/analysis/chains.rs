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

    /// The smallest known link weight along the chain, or `None` when any link's weight is unknown
    /// (or the chain has no link).
    pub fn bottleneck_kg(&self, g: &SupplyGraph) -> Option<f64> {
        self.links
            .iter()
            .map(|&e| g.graph[e].tally.weight_kg())
            .try_fold(f64::INFINITY, |m, w| w.map(|w| m.min(w)))
            .filter(|m| m.is_finite())
    }
}

/// Chains found, and whether more exist than were listed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chains {
    pub chains: Vec<Chain>,
    /// True when more chains exist than the limit let through, or may exist because the search
    /// was cut (`cut`).
    pub truncated: bool,
    /// True when the search stopped after [`SEARCH_STEPS`] steps before it had listed `limit`
    /// chains or walked every path: more chains may exist.
    pub cut: bool,
}

/// The most steps (a link tried, or a party visited by a look-ahead) one chain search may take:
/// a quarter of a second on a 2-core machine. Listing chains *through* a party or *in date order* can meet dead ends that no
/// cheap test foresees (deciding whether a simple path through a given party exists is
/// NP-complete), so the search bounds its work, not only its output, and says when it was cut.
pub const SEARCH_STEPS: u64 = 30_000_000;

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
/// walks a dead end, and it stops at `limit + 1` chains. Inside a cycle, a step is taken only when
/// a look-ahead (a search of the cycle's group that avoids the parties on the path, O(size of the
/// group)) finds a way out towards a sink, so without `through` every step leads to a chain:
/// O(hops × group size) per chain. Whatever the graph, the search stops after [`SEARCH_STEPS`]
/// steps and sets `cut`.
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
    search_with_budget(g, through, limit, time, SEARCH_STEPS)
}

/// The search, stopping after `budget` steps.
fn search_with_budget(
    g: &SupplyGraph,
    through: Option<NodeIndex>,
    limit: usize,
    time: Option<InTime>,
    budget: u64,
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
    let mut look = LookAhead::new(g);
    let mut steps: u64 = 0;
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
        look.enter(source);
        while let Some(&mut (p, ref mut next)) = stack.last_mut() {
            steps += 1;
            if steps > budget {
                result.truncated = true;
                result.cut = true;
                return result;
            }
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
                // Inside a cycle the path may block every way on: look ahead.
                let passed = passed || Some(m) == through;
                let goal = |x: NodeIndex| {
                    if passed {
                        to_sink[x.index()]
                    } else {
                        before_through[x.index()] && to_sink[x.index()]
                    }
                };
                if look.blocked(m, &on_path, through.filter(|_| !passed), goal, &mut steps) {
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
                look.enter(m);
                continue;
            }
            stack.pop();
            if let Some(q) = path.pop() {
                on_path[q.index()] = false;
                look.leave(q);
            }
            if links.pop().is_some() && time.is_some() {
                times.pop();
            }
        }
    }
    result
}

/// The look-ahead inside cycles. A party reached from the path can only be blocked by the path
/// when some party of the path lies in its strongly connected group (any party it reaches that is
/// on the path also reaches it, through the path); so only then is its group searched, avoiding
/// the path, for a way out.
struct LookAhead {
    group: Vec<usize>,
    /// How many parties of the path are in each group.
    on_path: Vec<u32>,
    seen: Vec<u32>,
    epoch: u32,
    queue: Vec<NodeIndex>,
    out: Vec<Vec<NodeIndex>>,
}

impl LookAhead {
    fn new(g: &SupplyGraph) -> LookAhead {
        let groups = crate::graph::scc::scc(&g.graph);
        let mut group = vec![0; g.node_count()];
        for (c, members) in groups.iter().enumerate() {
            for p in members {
                group[p.index()] = c;
            }
        }
        LookAhead {
            group,
            on_path: vec![0; groups.len()],
            seen: vec![0; g.node_count()],
            epoch: 0,
            queue: Vec::new(),
            out: g
                .parties()
                .map(|p| g.graph.neighbors_directed(p, Outgoing).collect())
                .collect(),
        }
    }

    fn enter(&mut self, p: NodeIndex) {
        self.on_path[self.group[p.index()]] += 1;
    }

    fn leave(&mut self, p: NodeIndex) {
        self.on_path[self.group[p.index()]] -= 1;
    }

    /// True when, avoiding the parties on the path, `m` can reach neither `target` (when given,
    /// inside its group) nor, leaving its group, a party for which `goal` holds. Adds the parties
    /// visited to `steps`.
    fn blocked(
        &mut self,
        m: NodeIndex,
        on_path: &[bool],
        target: Option<NodeIndex>,
        goal: impl Fn(NodeIndex) -> bool,
        steps: &mut u64,
    ) -> bool {
        let c = self.group[m.index()];
        if self.on_path[c] == 0 {
            return false;
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
        self.queue.clear();
        self.queue.push(m);
        self.seen[m.index()] = self.epoch;
        while let Some(x) = self.queue.pop() {
            *steps += 1 + self.out[x.index()].len() as u64;
            if Some(x) == target {
                return false;
            }
            for &y in &self.out[x.index()] {
                if self.group[y.index()] != c {
                    if goal(y) {
                        return false;
                    }
                } else if !on_path[y.index()] && self.seen[y.index()] != self.epoch {
                    self.seen[y.index()] = self.epoch;
                    self.queue.push(y);
                }
            }
        }
        true
    }
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
    use crate::analysis::tests::{graph, graph_of, ladder};

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

    /// s → a; a → t0 and a → sink; t0..tk a complete digraph whose every party also sells back
    /// to a. Only s>a>sink is a chain, but every simple path inside T was walked before.
    fn trap(k: usize) -> Vec<(String, String)> {
        let t = |i: usize| format!("t{i:02}");
        let mut edges = vec![
            ("s".to_string(), "a".to_string()),
            ("a".to_string(), t(0)),
            ("a".to_string(), "sink".to_string()),
        ];
        for i in 0..k {
            edges.push((t(i), "a".to_string()));
            for j in 0..k {
                if i != j {
                    edges.push((t(i), t(j)));
                }
            }
        }
        edges
    }

    #[test]
    fn exponential_dead_ends_inside_a_cycle_are_never_walked() {
        // 13 parties in T took 44 s before the look-ahead; 40 would take ages.
        let g = graph_of(&trap(40));
        let started = std::time::Instant::now();
        let c = chains(&g, None, 10);
        assert_eq!(paths(&g, &c), ["s>a>sink"]);
        assert!(!c.truncated && !c.cut);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn a_search_past_its_budget_is_cut_and_says_so() {
        // Through t05: every way from a into T and back out is blocked, but telling so needs the
        // search to try (a simple path through a given party is NP-complete in general).
        let g = graph_of(&trap(12));
        let c = search_with_budget(&g, g.find("t05"), 10, None, 100_000);
        assert!(c.chains.is_empty());
        assert!(c.cut && c.truncated);
        // With room enough, the same search ends and finds none, uncut.
        let g = graph_of(&trap(4));
        let c = search_with_budget(&g, g.find("t01"), 10, None, 100_000);
        assert!(c.chains.is_empty());
        assert!(!c.cut && !c.truncated);
    }

    #[test]
    fn exploding_path_counts_stop_at_the_limit() {
        // 60 layers of 2 parties, each fully linked to the next: 2^60 chains.
        let g = graph_of(&ladder(60, 2));
        let c = chains(&g, None, 1000);
        assert_eq!(c.chains.len(), 1000);
        assert!(c.truncated);
        assert!(c.chains.iter().all(|c| c.hops() == 59));
    }
}
