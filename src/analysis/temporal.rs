//! Time along the supply chain: the dates of each link's rows, time-ordered chains, and tracing
//! only along paths whose links can happen in date order (goods cannot be sold on before they
//! were bought).
//!
//! A row's date is an interval: one day, a whole month for a month-only date, or all time for an
//! unknown date (which therefore fits anywhere). A link can be *witnessed* at any time inside the
//! interval of one of its rows.

use std::collections::BinaryHeap;

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::case::Case;
use crate::graph::SupplyGraph;
use crate::ingest::DateInfo;
use crate::ingest::date::DateLabel;

/// A day number, widened so that adding a lag never overflows.
pub type Time = i64;
/// Before every date.
pub const NEVER_BEFORE: Time = i64::MIN / 4;
/// After every date.
pub const NEVER_AFTER: Time = i64::MAX / 4;

/// The dates a link's rows can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub from: Time,
    pub to: Time,
    /// The date as given; `None` for rows of unknown date (the span is then all time).
    pub key: Option<DateLabel>,
}

/// The distinct date spans of every link of a graph, indexed by edge: one flat array per figure,
/// each link a range of it (no allocation per link: a complete digraph of 2,000 parties has four
/// million links).
///
/// # Memory
/// 8 bytes per link and 56 per distinct (link, date span); while it is built, 40 more per dated
/// row and 12 per link.
#[derive(Debug, Clone, Default)]
pub struct LinkDates {
    /// Where each link's spans start in the arrays below (one more entry than links).
    at: Vec<usize>,
    /// Spans of each link, sorted by `from`.
    by_from: Vec<Span>,
    /// Prefix maximum of `to` over `by_from`, per link.
    prefix_max_to: Vec<Time>,
    /// The `to` of each link's spans, sorted by `(to, from)`.
    by_to: Vec<Time>,
    /// Suffix minimum of `from` over the spans in `by_to` order, per link.
    suffix_min_from: Vec<Time>,
}

impl LinkDates {
    /// Collects the spans of each link of `g` from `(seller id, buyer id, date)` items (`None`: a
    /// row of unknown date); items of links not in `g` are skipped.
    ///
    /// # Complexity
    /// O(D log D + E log E) for D items and E links.
    pub fn new(
        g: &SupplyGraph,
        items: impl IntoIterator<Item = (u32, u32, Option<DateInfo>)>,
    ) -> LinkDates {
        // (seller id, buyer id) → edge, sorted, looked up by binary search: 12 bytes a link.
        let mut index: Vec<(u32, u32, u32)> = g
            .graph
            .edge_references()
            .map(|e| {
                let (a, b) = (g.graph[e.source()].id, g.graph[e.target()].id);
                (a, b, e.id().index() as u32)
            })
            .collect();
        index.sort_unstable();
        let mut spans: Vec<(u32, Span)> = Vec::new();
        for (seller, buyer, date) in items {
            let Ok(k) = index.binary_search_by(|&(a, b, _)| (a, b).cmp(&(seller, buyer))) else {
                continue;
            };
            let span = match date {
                Some(d) => Span {
                    from: Time::from(d.from),
                    to: Time::from(d.to),
                    key: Some(DateLabel {
                        start: d.start,
                        end: d.end,
                    }),
                },
                None => Span {
                    from: NEVER_BEFORE,
                    to: NEVER_AFTER,
                    key: None,
                },
            };
            spans.push((index[k].2, span));
        }
        drop(index);
        spans.sort_unstable();
        spans.dedup();
        let mut at = vec![0usize; g.edge_count() + 1];
        for &(e, _) in &spans {
            at[e as usize + 1] += 1;
        }
        for k in 1..at.len() {
            at[k] += at[k - 1];
        }
        let by_from: Vec<Span> = spans.into_iter().map(|(_, s)| s).collect();
        let mut prefix_max_to = Vec::with_capacity(by_from.len());
        let mut by_to = Vec::with_capacity(by_from.len());
        let mut suffix_min_from = vec![NEVER_AFTER; by_from.len()];
        let mut sorted: Vec<(Time, Time)> = Vec::new();
        for w in at.windows(2) {
            let link = &by_from[w[0]..w[1]];
            let mut m = NEVER_BEFORE;
            prefix_max_to.extend(link.iter().map(|s| {
                m = m.max(s.to);
                m
            }));
            sorted.clear();
            sorted.extend(link.iter().map(|s| (s.to, s.from)));
            sorted.sort_unstable();
            by_to.extend(sorted.iter().map(|&(to, _)| to));
            let mut m = NEVER_AFTER;
            for (i, &(_, from)) in sorted.iter().enumerate().rev() {
                m = m.min(from);
                suffix_min_from[w[0] + i] = m;
            }
        }
        LinkDates {
            at,
            by_from,
            prefix_max_to,
            by_to,
            suffix_min_from,
        }
    }

    /// The range of link `e`'s spans in the flat arrays (empty for a link not known).
    fn range(&self, e: EdgeIndex) -> std::ops::Range<usize> {
        match (self.at.get(e.index()), self.at.get(e.index() + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }

    /// The dated spans of the links of `g`, from a case (only those of `species`, any of its
    /// names, when given).
    pub fn of_case(case: &Case, g: &SupplyGraph, species: Option<&str>) -> LinkDates {
        let only = species.map(|s| case.data.species_id(&case.species_name(s)));
        let flows = &case.flows().flows;
        let items = case.flow_dates().into_iter().filter_map(|(flow, date)| {
            let f = &flows[flow as usize];
            if only.is_some_and(|s| s != Some(f.species)) {
                return None;
            }
            let date = (date != 0).then(|| *case.date(date));
            Some((f.seller, f.buyer, date))
        });
        LinkDates::new(g, items)
    }

    /// The spans of one link, sorted by start.
    pub fn spans(&self, e: EdgeIndex) -> &[Span] {
        &self.by_from[self.range(e)]
    }

    /// The earliest time the link can be witnessed at or after `t`, if any.
    ///
    /// # Complexity
    /// O(log R) for R spans on the link.
    pub fn earliest_at_or_after(&self, e: EdgeIndex, t: Time) -> Option<Time> {
        let r = self.range(e);
        let i = self.by_to[r.clone()].partition_point(|&to| to < t);
        (i < r.len()).then(|| self.suffix_min_from[r.start + i].max(t))
    }

    /// The latest time the link can be witnessed at or before `t`, if any.
    ///
    /// # Complexity
    /// O(log R) for R spans on the link.
    pub fn latest_at_or_before(&self, e: EdgeIndex, t: Time) -> Option<Time> {
        let r = self.range(e);
        let i = self.by_from[r.clone()].partition_point(|s| s.from <= t);
        (i > 0).then(|| self.prefix_max_to[r.start + i - 1].min(t))
    }
}

/// A set of times, as sorted disjoint closed intervals.
pub type Times = Vec<(Time, Time)>;

/// All time.
pub fn all_time() -> Times {
    vec![(NEVER_BEFORE, NEVER_AFTER)]
}

fn merge(mut v: Times) -> Times {
    v.sort_unstable();
    let mut out: Times = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The times at which a link can be witnessed when the previous link was witnessed at one of
/// `prev`: no earlier than it, and at most `max_lag` days later when given.
///
/// # Complexity
/// O((P + R) log(P + R)) for P intervals in `prev` and R spans on the link.
pub fn next_times(prev: &Times, spans: &[Span], max_lag: Option<Time>) -> Times {
    let window = merge(
        prev.iter()
            .map(|&(a, b)| {
                (
                    a,
                    max_lag.map_or(NEVER_AFTER, |l| b.saturating_add(l).min(NEVER_AFTER)),
                )
            })
            .collect(),
    );
    let mut out = Vec::new();
    for s in spans {
        // Windows overlapping [s.from, s.to]: from the first window ending at or after s.from.
        let start = window.partition_point(|w| w.1 < s.from);
        for w in &window[start..] {
            if w.0 > s.to {
                break;
            }
            out.push((w.0.max(s.from), w.1.min(s.to)));
        }
    }
    merge(out)
}

/// Dates witnessing a time-ordered chain: given the feasible times after each link (`times[i]`
/// after link `i`), picks one time per link, back from the earliest time of the last link, and
/// returns the date of the row it falls in (a dated row rather than one of unknown date where both fit).
pub fn witness(
    times: &[Times],
    spans: &[&[Span]],
    max_lag: Option<Time>,
) -> Vec<Option<DateLabel>> {
    let k = times.len();
    let mut out = vec![None; k];
    let Some(mut t) = times.last().and_then(|s| s.first()).map(|iv| iv.0) else {
        return out;
    };
    for i in (0..k).rev() {
        if i + 1 < k {
            // The latest feasible time of link i that is no later than t and within the lag.
            let lo = max_lag.map_or(NEVER_BEFORE, |l| t.saturating_sub(l));
            t = times[i]
                .iter()
                .rev()
                .find_map(|&(a, b)| (a <= t && b >= lo).then(|| b.min(t)))
                .unwrap_or(t);
        }
        let containing = spans[i].iter().filter(|s| s.from <= t && t <= s.to);
        out[i] = containing
            .clone()
            .find(|s| s.key.is_some())
            .or_else(|| containing.clone().next())
            .and_then(|s| s.key);
    }
    out
}

/// Latest time each party can still pass goods on along a time-ordered path to a party that never
/// sells (`NEVER_AFTER` for those), or `None` when it cannot.
///
/// # Complexity
/// O((V + E) log V · log R) (a Dijkstra-like search, latest first).
pub fn latest_departure_to_sinks(g: &SupplyGraph, dates: &LinkDates) -> Vec<Option<Time>> {
    let mut best: Vec<Option<Time>> = vec![None; g.node_count()];
    let mut heap = BinaryHeap::new();
    for p in g.parties() {
        if g.graph
            .neighbors_directed(p, petgraph::Direction::Outgoing)
            .next()
            .is_none()
        {
            best[p.index()] = Some(NEVER_AFTER);
            heap.push((NEVER_AFTER, p));
        }
    }
    while let Some((t, w)) = heap.pop() {
        if best[w.index()] != Some(t) {
            continue;
        }
        for e in g.graph.edges_directed(w, petgraph::Direction::Incoming) {
            if let Some(c) = dates.latest_at_or_before(e.id(), t) {
                let u = e.source();
                if best[u.index()].is_none_or(|b| c > b) {
                    best[u.index()] = Some(c);
                    heap.push((c, u));
                }
            }
        }
    }
    best
}

/// Parties reachable from `party` along time-ordered paths (downstream: each sale no earlier than
/// the purchase before it; upstream: each purchase no later than the sale after it), with the fewest
/// hops of such a path, sorted by hops then name. `max_depth` bounds the hops.
///
/// # Complexity
/// O(L · E · log R): label-correcting by layers (a party is relaxed again only when its earliest
/// arrival, or latest departure, improves), L being the number of layers in which one improves.
pub fn trace_in_time(
    g: &SupplyGraph,
    dates: &LinkDates,
    party: NodeIndex,
    downstream: bool,
    max_depth: Option<usize>,
) -> Vec<(NodeIndex, usize)> {
    // Downstream keeps the earliest arrival; upstream the latest departure, negated so that both
    // minimise.
    let start = NEVER_BEFORE;
    let mut best: Vec<Option<Time>> = vec![None; g.node_count()];
    let mut hops: Vec<Option<usize>> = vec![None; g.node_count()];
    best[party.index()] = Some(start);
    hops[party.index()] = Some(0);
    let mut frontier = vec![party];
    let mut layer = 0;
    while !frontier.is_empty() && max_depth.is_none_or(|d| layer < d) {
        layer += 1;
        let mut improved: Vec<NodeIndex> = Vec::new();
        for &u in &frontier {
            let Some(t) = best[u.index()] else { continue };
            let dir = if downstream {
                petgraph::Direction::Outgoing
            } else {
                petgraph::Direction::Incoming
            };
            for e in g.graph.edges_directed(u, dir) {
                let (next, c) = if downstream {
                    (e.target(), dates.earliest_at_or_after(e.id(), t))
                } else {
                    (
                        e.source(),
                        dates.latest_at_or_before(e.id(), -t).map(|x| -x),
                    )
                };
                let Some(c) = c else { continue };
                if next == party {
                    continue;
                }
                if best[next.index()].is_none_or(|b| c < b) {
                    best[next.index()] = Some(c);
                    hops[next.index()].get_or_insert(layer);
                    improved.push(next);
                }
            }
        }
        improved.sort_unstable();
        improved.dedup();
        frontier = improved;
    }
    let mut reached: Vec<(NodeIndex, usize)> = g
        .parties()
        .filter(|&p| p != party)
        .filter_map(|p| hops[p.index()].map(|h| (p, h)))
        .collect();
    reached.sort_unstable_by_key(|&(p, h)| (h, p));
    reached
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(a: Time, b: Time) -> Span {
        Span {
            from: a,
            to: b,
            key: Some(DateLabel {
                start: crate::ingest::date::DateKey((a as i32) * 2),
                end: crate::ingest::date::DateKey((a as i32) * 2),
            }),
        }
    }

    #[test]
    fn next_times_respects_order_and_lag() {
        let prev = vec![(10, 10)];
        let spans = [span(5, 5), span(12, 12), span(40, 40)];
        assert_eq!(next_times(&prev, &spans, None), vec![(12, 12), (40, 40)]);
        assert_eq!(next_times(&prev, &spans, Some(5)), vec![(12, 12)]);
        assert_eq!(next_times(&prev, &spans[..1], None), vec![]);
        // A month-long span overlapping the previous day fits from that day on.
        assert_eq!(next_times(&prev, &[span(1, 30)], None), vec![(10, 30)]);
        // Unknown dates fit anywhere.
        let unknown = Span {
            from: NEVER_BEFORE,
            to: NEVER_AFTER,
            key: None,
        };
        assert_eq!(next_times(&prev, &[unknown], Some(3)), vec![(10, 13)]);
    }

    #[test]
    fn earliest_and_latest_lookups() {
        let g = crate::analysis::tests::graph(&[("a", "b")]);
        let items = [(3, 3), (10, 20)].map(|(a, b)| {
            let date = DateInfo {
                start: crate::ingest::date::DateKey::day(a),
                from: a,
                to: b,
                end: crate::ingest::date::DateKey::day(b),
                time: None,
            };
            (0, 1, Some(date))
        });
        let d = LinkDates::new(&g, items);
        let e = EdgeIndex::new(0);
        assert_eq!(d.earliest_at_or_after(e, 0), Some(3));
        assert_eq!(d.earliest_at_or_after(e, 4), Some(10));
        assert_eq!(d.earliest_at_or_after(e, 15), Some(15));
        assert_eq!(d.earliest_at_or_after(e, 21), None);
        assert_eq!(d.latest_at_or_before(e, 100), Some(20));
        assert_eq!(d.latest_at_or_before(e, 5), Some(3));
        assert_eq!(d.latest_at_or_before(e, 2), None);
    }
}
