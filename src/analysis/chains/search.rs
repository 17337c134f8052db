//! The depth-first search of chains: pruned to parties that can still reach a sink (with the
//! chain's label, when chains follow one species), a look-ahead inside cycles, and a work budget.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::{EdgeIndex, NodeIndex};

use super::species::{Carried, Carries, Lineage};
use super::{Chain, Chains, InTime};
use crate::analysis::temporal::{Times, all_time, latest_departure_to_sinks, next_times, witness};
use crate::graph::{Adjacency, SupplyGraph};

/// The label of the any-species reading (not a species id).
const ANY: u32 = u32::MAX;

/// A label still carried by every link of the path so far.
#[derive(Debug, Clone, Copy)]
struct Alive {
    kind: u32,
    /// The smallest known kg (in mg) of the label on the path's links; `None` once a link's is
    /// unknown.
    mg: Option<i64>,
    /// A link of the path carries the label by its own name.
    own: bool,
}

/// The search, stopping after `budget` steps; chains in the order found.
pub(super) fn search_with_budget(
    g: &SupplyGraph,
    lineage: Option<&Lineage>,
    through: Option<NodeIndex>,
    limit: usize,
    time: Option<InTime>,
    budget: u64,
) -> Chains {
    let n = g.node_count();
    let latest = time.map(|t| latest_departure_to_sinks(g, t.dates));
    let out = Adjacency::build(n, |p| g.neighbours(p, Outgoing));
    let sinks: Vec<bool> = g.parties().map(|p| out.of(p).is_empty()).collect();
    let is_sink = |p: NodeIndex| sinks[p.index()];
    let carries = lineage.map(|l| Carries::new(g, l, &sinks));
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
    // The labels alive after each link of the path (one list per link; spare lists kept).
    let mut alive: Vec<Vec<Alive>> = Vec::new();
    let mut depth = 0usize;
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
                    for a in alive[depth - 1].iter().filter(|a| a.own) {
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
                            species: (a.kind != ANY).then_some(a.kind),
                            bottleneck_mg: a.mg,
                        });
                    }
                }
            } else if let Some(&(m, e)) = out.of(p).get(*next) {
                *next += 1;
                let allowed = !on_path[m.index()]
                    && to_sink[m.index()]
                    && (passed || before_through[m.index()]);
                if !allowed {
                    continue;
                }
                // The labels still carried after this link.
                if alive.len() == depth {
                    alive.push(Vec::new());
                }
                let (done, rest) = alive.split_at_mut(depth);
                let next_alive = &mut rest[0];
                next_alive.clear();
                let prev = done.last().map(Vec::as_slice);
                match &carries {
                    Some(c) => carry_on(prev, c.of(e), next_alive),
                    None => next_alive.push(Alive {
                        kind: ANY,
                        mg: match prev {
                            Some(p) => p[0].mg.zip(g.graph[e].tally.weight_mg).map(min),
                            None => g.graph[e].tally.weight_mg,
                        },
                        own: true,
                    }),
                }
                if next_alive.is_empty() {
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
                depth += 1;
                on_path[m.index()] = true;
                look.enter(m);
                continue;
            }
            stack.pop();
            if let Some(q) = path.pop() {
                on_path[q.index()] = false;
                look.leave(q);
            }
            if links.pop().is_some() {
                depth -= 1;
                if time.is_some() {
                    times.pop();
                }
            }
        }
    }
    result
}

fn min((a, b): (i64, i64)) -> i64 {
    a.min(b)
}

/// The labels of `prev` (every label of the link at a chain's first link) that the link also
/// carries and that can still reach a sink: by their own name already, or with one link yet to
/// come that carries them by their own name.
fn carry_on(prev: Option<&[Alive]>, link: &[Carried], next: &mut Vec<Alive>) {
    let mut push = |before: Option<&Alive>, c: &Carried| {
        let own = before.is_some_and(|a| a.own) || c.own;
        if !(if own { c.on_any } else { c.on_own }) {
            return;
        }
        let mg = match before {
            Some(a) => a.mg.zip(c.mg).map(min),
            None => c.mg,
        };
        next.push(Alive {
            kind: c.kind,
            mg,
            own,
        });
    };
    let Some(prev) = prev else {
        link.iter().for_each(|c| push(None, c));
        return;
    };
    // Both are sorted by label: merge.
    let (mut i, mut j) = (0, 0);
    while i < prev.len() && j < link.len() {
        match prev[i].kind.cmp(&link[j].kind) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                push(Some(&prev[i]), &link[j]);
                i += 1;
                j += 1;
            }
        }
    }
}

/// The look-ahead inside cycles. A party reached from the path can only be blocked by the path
/// when some party of the path lies in its strongly connected group (any party it reaches that is
/// on the path also reaches it, through the path); so only then is its group searched, avoiding
/// the path, for a way out. It looks at links, not labels: a way out it finds may not carry the
/// chain's label (the work budget bounds such dead ends).
struct LookAhead {
    group: Vec<u32>,
    /// How many parties of the path are in each group.
    on_path: Vec<u32>,
    seen: Vec<u32>,
    epoch: u32,
    queue: Vec<NodeIndex>,
    out: Adjacency<NodeIndex>,
}

impl LookAhead {
    fn new(g: &SupplyGraph) -> LookAhead {
        let groups = crate::graph::scc::scc(&g.graph);
        let mut group = vec![0u32; g.node_count()];
        for (c, members) in groups.iter().enumerate() {
            for p in members {
                group[p.index()] = c as u32;
            }
        }
        LookAhead {
            group,
            on_path: vec![0; groups.len()],
            seen: vec![0; g.node_count()],
            epoch: 0,
            queue: Vec::new(),
            out: Adjacency::build(g.node_count(), |p| g.graph.neighbors_directed(p, Outgoing)),
        }
    }

    fn enter(&mut self, p: NodeIndex) {
        self.on_path[self.group[p.index()] as usize] += 1;
    }

    fn leave(&mut self, p: NodeIndex) {
        self.on_path[self.group[p.index()] as usize] -= 1;
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
        if self.on_path[c as usize] == 0 {
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
            *steps += 1 + self.out.of(x).len() as u64;
            if Some(x) == target {
                return false;
            }
            for &y in self.out.of(x) {
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
pub(super) fn reach_backwards(
    g: &SupplyGraph,
    targets: impl IntoIterator<Item = NodeIndex>,
) -> Vec<bool> {
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
