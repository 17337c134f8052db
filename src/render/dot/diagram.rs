//! What a diagram shows: boxes (a party, or a group of parties drawn as one) and arrows (the links
//! between boxes, species by species). Above `max_nodes` parties the parties that matter least are
//! collapsed, so that Graphviz is never handed a hundred thousand edges: each party outside the
//! most important is drawn in one group with the other parties of its role that trade mostly with
//! the same kept party ("12 suppliers of 朱某某", "40 buyers of 丁某某"), and parallel links
//! between two boxes become one arrow whose tooltip lists the species.

use std::collections::BTreeMap;

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::Drawing;
use crate::analysis::Role;
use crate::case::Tally;

/// A box of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub enum Boxed {
    /// One party.
    Party(NodeIndex),
    /// Parties of one role drawn as one: those trading mostly with `anchor` (a party drawn on
    /// its own), or, with no anchor, those trading with no party drawn on its own.
    Group {
        role: Role,
        anchor: Option<NodeIndex>,
        members: Vec<NodeIndex>,
        tier: usize,
    },
}

/// An arrow: every drawn link from the parties of box `from` to those of box `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    pub from: usize,
    pub to: usize,
    /// The figures per species (by species id), summed over the links.
    pub flows: Vec<(u32, Tally)>,
    /// The figures of all species together.
    pub tally: Tally,
    pub links: Vec<EdgeIndex>,
}

/// What collapsing did, for the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collapsed {
    /// Parties and links that were to be drawn.
    pub parties: usize,
    pub links: usize,
    /// Parties drawn on their own.
    pub kept: usize,
    /// Groups drawn, and the parties in them.
    pub groups: usize,
    pub grouped: usize,
}

/// The boxes and arrows of a drawing, in a deterministic order.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    pub boxes: Vec<Boxed>,
    pub arrows: Vec<Arrow>,
    pub collapsed: Option<Collapsed>,
}

/// Builds the diagram of a drawing, collapsing above `d.max_nodes` parties (0: never).
///
/// # Complexity
/// O((V + E) log V) per attempt, and at most O(log max_nodes) attempts.
pub fn diagram(d: &Drawing) -> Diagram {
    diagram_keeping(d, &[])
}

/// [`diagram`], with the parties of `keep` (among those drawn) never folded into a group: they
/// rank first, after the focus, and the parties drawn on their own are never fewer than they.
///
/// # Complexity
/// As [`diagram`].
pub fn diagram_keeping(d: &Drawing, keep: &[NodeIndex]) -> Diagram {
    let g = d.graph;
    let mut parties = d.parties.clone();
    parties.sort_unstable();
    parties.dedup();
    let mut links = d.links.clone();
    links.sort_unstable();
    links.dedup();
    if d.max_nodes == 0 || parties.len() <= d.max_nodes {
        let boxes: Vec<Boxed> = parties.iter().map(|&p| Boxed::Party(p)).collect();
        let at = index_of(
            g.node_count(),
            parties.iter().enumerate().map(|(i, &p)| (p, i)),
        );
        return Diagram {
            boxes,
            arrows: arrows(d, &links, &at),
            collapsed: None,
        };
    }
    // Importance: known weight traded over the drawn links, then the number of drawn links.
    let mut traded = vec![(0i64, 0usize); g.node_count()];
    let mut adjacent: Vec<Vec<(NodeIndex, EdgeIndex)>> = vec![Vec::new(); g.node_count()];
    for &e in &links {
        let (s, b) = g.ends(e);
        let mg = g.graph[e].tally.weight_mg.unwrap_or(0);
        for (p, q) in [(s, b), (b, s)] {
            traded[p.index()].0 += mg;
            traded[p.index()].1 += 1;
            adjacent[p.index()].push((q, e));
        }
    }
    let mut kept_always = vec![false; g.node_count()];
    for &p in keep {
        kept_always[p.index()] = true;
    }
    // Only the parties drawn count: a lead's party outside the drawing is not made up.
    let must = parties.iter().filter(|p| kept_always[p.index()]).count();
    let mut ranked = parties.clone();
    ranked.sort_by_key(|&p| {
        let (mg, n) = traded[p.index()];
        (
            d.focus != Some(p),
            !kept_always[p.index()],
            std::cmp::Reverse((mg, n)),
            p,
        )
    });
    let mut rank = vec![usize::MAX; g.node_count()];
    for (i, &p) in ranked.iter().enumerate() {
        rank[p.index()] = i;
    }
    let floor = must.max(1);
    let mut keep = (d.max_nodes / 2).max(floor).min(ranked.len());
    loop {
        let (boxes, box_of) = group(d, &ranked[..keep], &ranked[keep..], &adjacent, &rank);
        if boxes.len() <= d.max_nodes || keep <= floor {
            // What is drawn: a group of one is a party drawn on its own.
            let grouped: Vec<usize> = boxes
                .iter()
                .filter_map(|b| match b {
                    Boxed::Group { members, .. } => Some(members.len()),
                    Boxed::Party(_) => None,
                })
                .collect();
            let collapsed = Collapsed {
                parties: parties.len(),
                links: links.len(),
                kept: boxes.len() - grouped.len(),
                groups: grouped.len(),
                grouped: grouped.iter().sum(),
            };
            return Diagram {
                arrows: arrows(d, &links, &box_of),
                boxes,
                collapsed: Some(collapsed),
            };
        }
        keep = (keep * 2 / 3).max(floor);
    }
}

/// Node index → box index, `usize::MAX` for parties not drawn.
fn index_of(nodes: usize, pairs: impl Iterator<Item = (NodeIndex, usize)>) -> Vec<usize> {
    let mut at = vec![usize::MAX; nodes];
    for (p, i) in pairs {
        at[p.index()] = i;
    }
    at
}

/// The boxes when `kept` are drawn on their own and `rest` grouped, and each party's box.
fn group(
    d: &Drawing,
    kept: &[NodeIndex],
    rest: &[NodeIndex],
    adjacent: &[Vec<(NodeIndex, EdgeIndex)>],
    rank: &[usize],
) -> (Vec<Boxed>, Vec<usize>) {
    let g = d.graph;
    let n = g.node_count();
    let mut is_kept = vec![false; n];
    for &p in kept {
        is_kept[p.index()] = true;
    }
    let mut groups: BTreeMap<(Role, Option<NodeIndex>), Vec<NodeIndex>> = BTreeMap::new();
    for &p in rest {
        let role = d.profiles[p.index()].role;
        // The kept partner it trades most with (known weight, then the partner's importance);
        // a source is grouped by its customers, a sink by its suppliers.
        let anchor = adjacent[p.index()]
            .iter()
            .filter(|&&(q, e)| {
                is_kept[q.index()]
                    && match role {
                        Role::Source => g.ends(e).0 == p,
                        Role::Sink => g.ends(e).1 == p,
                        Role::Intermediary => true,
                    }
            })
            .min_by_key(|&&(q, e)| {
                (
                    std::cmp::Reverse(g.graph[e].tally.weight_mg.unwrap_or(0)),
                    rank[q.index()],
                )
            })
            .map(|&(q, _)| q);
        groups.entry((role, anchor)).or_default().push(p);
    }
    let mut sorted_kept = kept.to_vec();
    sorted_kept.sort_unstable();
    let mut boxes: Vec<Boxed> = sorted_kept.iter().map(|&p| Boxed::Party(p)).collect();
    let mut at = index_of(n, sorted_kept.iter().enumerate().map(|(i, &p)| (p, i)));
    for ((role, anchor), mut members) in groups {
        members.sort_unstable();
        let i = boxes.len();
        for &m in &members {
            at[m.index()] = i;
        }
        let tier = members
            .iter()
            .map(|m| d.profiles[m.index()].tier)
            .min()
            .unwrap_or(0);
        if members.len() == 1 {
            boxes.push(Boxed::Party(members[0]));
        } else {
            boxes.push(Boxed::Group {
                role,
                anchor,
                members,
                tier,
            });
        }
    }
    (boxes, at)
}

/// One arrow per pair of boxes, summing the links between them species by species.
fn arrows(d: &Drawing, links: &[EdgeIndex], at: &[usize]) -> Vec<Arrow> {
    let g = d.graph;
    type Sums = (BTreeMap<u32, Tally>, Vec<EdgeIndex>);
    let mut by_pair: BTreeMap<(usize, usize), Sums> = BTreeMap::new();
    for &e in links {
        let (s, b) = g.ends(e);
        let (from, to) = (at[s.index()], at[b.index()]);
        if from == usize::MAX || to == usize::MAX {
            continue;
        }
        let (flows, es) = by_pair.entry((from, to)).or_default();
        for f in g.flows_of(e) {
            flows.entry(f.species).or_default().merge(&f.tally);
        }
        es.push(e);
    }
    by_pair
        .into_iter()
        .map(|((from, to), (flows, links))| {
            let mut tally = Tally::default();
            for t in flows.values() {
                tally.merge(t);
            }
            Arrow {
                from,
                to,
                flows: flows.into_iter().collect(),
                tally,
                links,
            }
        })
        .collect()
}
