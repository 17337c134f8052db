//! Which species labels a chain may follow, and what each link carries of each label.
//!
//! A chain follows one species *label* of the data (a species, a genus, or a generic label such
//! as 野生蛇). A link carries label `k` when one of its flows is labelled `k` or a label `k`
//! includes. A label *includes* another (the species table says so; the product must be the same):
//! - a taxon includes the taxa below it (`parent`: 穿山甲属 includes 中华穿山甲);
//! - a generic label (no scientific name, a taxon group: 野生蛇, 蛇类) includes every taxon of its
//!   group that is not itself generic (野生蛇 includes 王锦蛇 and 眼镜蛇, not 蛇类 nor 穿山甲);
//! - a name the table does not know includes only itself.
//!
//! What a link carries of `k` is the sum of the known weights of those flows: the kg of 野生蛇 on a
//! link is its 野生蛇 rows and the rows of the snakes 野生蛇 may include; the kg of 王锦蛇 is its
//! 王锦蛇 rows only (a 野生蛇 row may or may not be 王锦蛇, so it never counts as one).

use petgraph::Direction::Outgoing;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::case::{Case, Flows};
use crate::graph::SupplyGraph;
use crate::ingest::species::{Label, SpeciesTable};

/// For each species label of a case's flows, the labels that include it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lineage {
    /// By species id of the flows: the ids of the labels that include it (itself not counted),
    /// sorted.
    within: Vec<Vec<u32>>,
}

impl Lineage {
    /// The lineage of a case's species labels, read with the case's species table.
    pub fn of_case(case: &Case) -> Lineage {
        Lineage::new(case.flows(), &case.data.species_table)
    }

    /// The labels of `flows` read with `table` (see the module's rules).
    ///
    /// # Complexity
    /// O(S · (W + D) + S log S) for S labels, W product words and D ranks above a taxon.
    pub fn new(flows: &Flows, table: &SpeciesTable) -> Lineage {
        let labels: Vec<Option<Label>> = flows
            .species
            .iter()
            .map(|s| table.resolve(s).filter(|l| l.taxon.is_some()))
            .collect();
        // The ids of each (taxon, product) present, and of each (group, product) of a generic label.
        let mut by_label: Vec<((u32, Option<u32>), u32)> = Vec::new();
        let mut generic: Vec<((&str, Option<u32>), u32)> = Vec::new();
        for (id, l) in labels.iter().enumerate() {
            let Some(l) = l else { continue };
            let Some(t) = l.taxon else { continue };
            let product = l.product.map(u32::from);
            by_label.push(((t, product), id as u32));
            let row = table.row(t);
            if row.is_generic()
                && let Some(g) = row.taxon_group.as_deref()
            {
                generic.push(((g, product), id as u32));
            }
        }
        by_label.sort_unstable();
        generic.sort_unstable();
        let ids = |v: &[((u32, Option<u32>), u32)], key: (u32, Option<u32>)| -> Vec<u32> {
            let at = v.partition_point(|(k, _)| *k < key);
            v[at..]
                .iter()
                .take_while(|(k, _)| *k == key)
                .map(|(_, id)| *id)
                .collect()
        };
        let within = labels
            .iter()
            .enumerate()
            .map(|(id, l)| {
                let Some(l) = l else { return Vec::new() };
                let Some(t) = l.taxon else {
                    return Vec::new();
                };
                let product = l.product.map(u32::from);
                let mut out: Vec<u32> = table
                    .ancestors(t)
                    .into_iter()
                    .flat_map(|a| ids(&by_label, (a, product)))
                    .collect();
                let row = table.row(t);
                if !row.is_generic()
                    && let Some(g) = row.taxon_group.as_deref()
                {
                    let at = generic.partition_point(|(k, _)| *k < (g, product));
                    out.extend(
                        generic[at..]
                            .iter()
                            .take_while(|(k, _)| *k == (g, product))
                            .map(|(_, id)| *id),
                    );
                }
                out.retain(|&k| k != id as u32);
                out.sort_unstable();
                out.dedup();
                out
            })
            .collect();
        Lineage { within }
    }

    /// The labels that include label `l` (itself not counted), sorted.
    pub fn within(&self, l: u32) -> &[u32] {
        self.within.get(l as usize).map_or(&[], Vec::as_slice)
    }

    /// Whether a chain of label `k` may carry goods labelled `l`: `k` is `l` or includes it.
    pub fn includes(&self, k: u32, l: u32) -> bool {
        k == l || self.within(l).binary_search(&k).is_ok()
    }
}

/// What one link carries of one label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Carried {
    /// The label (a species id of the flows).
    pub kind: u32,
    /// Sum of the known weights of the link's flows the label includes, in mg; `None` when none
    /// of them has a known weight.
    pub mg: Option<i64>,
    /// One of the flows is labelled `kind` itself.
    pub own: bool,
    /// From the link's buyer, a network sink can be reached along links that carry `kind` (or the
    /// buyer is a sink).
    pub on_any: bool,
    /// As `on_any`, and one of those links, or this one, carries `kind` by its own label.
    pub on_own: bool,
}

/// The labels every link carries, with the reach towards sinks of each.
pub(crate) struct Carries {
    /// `start[e]..start[e + 1]` of `items` are link `e`'s labels, sorted by label.
    start: Vec<u32>,
    items: Vec<Carried>,
}

impl Carries {
    /// The labels of every link, with their reach towards sinks.
    ///
    /// # Complexity
    /// O(F · L) to list, for F flows each within L labels, then O(Σ over (party, label) pairs
    /// reached of the party's suppliers × log L) for the reach.
    pub(super) fn new(g: &SupplyGraph, lineage: &Lineage, is_sink: &[bool]) -> Carries {
        let mut c = Carries::list(g, lineage);
        c.reach(g, is_sink);
        c
    }

    /// The labels of every link, without their reach (`on_any` and `on_own` false).
    ///
    /// # Complexity
    /// O(F · L log L) for F flows each within L labels.
    pub(crate) fn list(g: &SupplyGraph, lineage: &Lineage) -> Carries {
        let mut start = Vec::with_capacity(g.edge_count() + 1);
        let mut items: Vec<Carried> = Vec::new();
        for e in g.graph.edge_indices() {
            start.push(items.len() as u32);
            let at = items.len();
            for f in g.flows_of(e) {
                for (i, &k) in std::iter::once(&f.species)
                    .chain(lineage.within(f.species))
                    .enumerate()
                {
                    items.push(Carried {
                        kind: k,
                        mg: f.tally.weight_mg,
                        own: i == 0,
                        on_any: false,
                        on_own: false,
                    });
                }
            }
            let link = &mut items[at..];
            link.sort_unstable_by_key(|c| c.kind);
            // Merge the entries of one label.
            let mut n = 0;
            for i in 0..link.len() {
                if n > 0 && link[n - 1].kind == link[i].kind {
                    let c = link[i];
                    let m = &mut link[n - 1];
                    m.mg = match (m.mg, c.mg) {
                        (Some(a), Some(b)) => Some(a.saturating_add(b)),
                        (a, b) => a.or(b),
                    };
                    m.own |= c.own;
                } else {
                    link[n] = link[i];
                    n += 1;
                }
            }
            items.truncate(at + n);
        }
        start.push(items.len() as u32);
        Carries { start, items }
    }

    /// The labels link `e` carries, sorted by label.
    pub(crate) fn of(&self, e: EdgeIndex) -> &[Carried] {
        let i = e.index();
        &self.items[self.start[i] as usize..self.start[i + 1] as usize]
    }

    /// Sets `on_any` and `on_own` by working backwards from the sinks, one strongly connected
    /// group at a time, downstream groups first: a party's labels that go on are those of its
    /// links out; inside a group (a cycle), the links are walked again until nothing changes.
    ///
    /// # Complexity
    /// O(P log L) for the P (link, label) pairs outside cycles; inside a group, each pass is
    /// O(pairs of the group), and a pass changes at least one of 2 flags per pair, or is the last.
    fn reach(&mut self, g: &SupplyGraph, is_sink: &[bool]) {
        // Per party, sorted by label: (label, can go on, can go on with a link of its own name).
        let mut state: Vec<Vec<(u32, bool, bool)>> = vec![Vec::new(); g.node_count()];
        let mut out: Vec<EdgeIndex> = Vec::new();
        for group in &crate::graph::scc::scc(&g.graph) {
            loop {
                let mut changed = false;
                for &v in group {
                    out.clear();
                    out.extend(g.graph.edges_directed(v, Outgoing).map(|r| r.id()));
                    for &e in &out {
                        let b = g.ends(e).1;
                        let (from, to) = (
                            self.start[e.index()] as usize,
                            self.start[e.index() + 1] as usize,
                        );
                        for c in &mut self.items[from..to] {
                            let (any, own) = if is_sink[b.index()] {
                                (true, c.own)
                            } else {
                                let s = &state[b.index()];
                                match s.binary_search_by_key(&c.kind, |x| x.0) {
                                    Ok(i) => (s[i].1, s[i].2 || (c.own && s[i].1)),
                                    Err(_) => (false, false),
                                }
                            };
                            if (any, own) != (c.on_any, c.on_own) {
                                c.on_any = any;
                                c.on_own = own;
                                changed = true;
                            }
                        }
                    }
                    let mut s: Vec<(u32, bool, bool)> = Vec::new();
                    for &e in &out {
                        let (from, to) = (
                            self.start[e.index()] as usize,
                            self.start[e.index() + 1] as usize,
                        );
                        s.extend(
                            self.items[from..to]
                                .iter()
                                .filter(|c| c.on_any)
                                .map(|c| (c.kind, c.on_any, c.on_own)),
                        );
                    }
                    s.sort_unstable();
                    s.dedup_by(|later, first| {
                        if later.0 == first.0 {
                            first.2 |= later.2;
                            true
                        } else {
                            false
                        }
                    });
                    state[v.index()] = s;
                }
                // A party alone (not on a cycle) needs one pass: its buyers are final.
                if !changed || group.len() == 1 && !self_loop(g, group[0]) {
                    break;
                }
            }
        }
    }
}

/// Whether a party sells to itself.
fn self_loop(g: &SupplyGraph, p: NodeIndex) -> bool {
    g.graph.edges_directed(p, Outgoing).any(|r| r.target() == p)
}
