//! Gould–Fernandez brokerage (Gould & Fernandez 1989, "Structures of mediation") with the region as
//! the group: who stands between regions, and in which role.
//!
//! # Definition
//! An *open two-path* is a → v → b with links a → v and v → b, a, v and b three different parties,
//! and **no link a → b** (the classic definition: when a trades with b directly, v brokers nothing
//! between them). Self-links (a party selling to itself) make no two-path. The broker v's role
//! is read from the regions of a, v and b:
//!
//! | role | regions | in a supply chain |
//! |---|---|---|
//! | coordinator | a = v = b | a middleman inside its own region |
//! | itinerant (consultant) | a = b ≠ v | an outsider serving trade within another region |
//! | gatekeeper | a ≠ v = b | brings goods from outside into its region |
//! | representative | a = v ≠ b | sends its region's goods out to another |
//! | liaison | a, v, b all different | a go-between of two other regions |
//!
//! A two-path with any of the three regions unknown is counted apart as `unknown`, never guessed.
//! Each party also gets the links it buys across a border (`bought_across`: from a known region
//! other than its own known one) and sells across a border (`sold_across`), with their known kg and
//! their rows of unknown weight apart: the kg a representative or liaison carries out of its region
//! is its `sold_across`; what a gatekeeper brings in is its `bought_across`.

use std::collections::HashMap;

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::{Weighed, crosses, region_key, region_of};
use crate::graph::SupplyGraph;

/// A broker's role in an open two-path a → v → b.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BrokerRole {
    /// a, v, b all in one region.
    Coordinator,
    /// a and b in one region, v in another (consultant).
    Itinerant,
    /// v and b in one region, a in another: v brings goods in.
    Gatekeeper,
    /// a and v in one region, b in another: v sends goods out.
    Representative,
    /// a, v, b in three regions.
    Liaison,
    /// One of the three regions is unknown.
    Unknown,
}

impl BrokerRole {
    /// Every role, in order.
    pub const ALL: [BrokerRole; 6] = [
        BrokerRole::Coordinator,
        BrokerRole::Itinerant,
        BrokerRole::Gatekeeper,
        BrokerRole::Representative,
        BrokerRole::Liaison,
        BrokerRole::Unknown,
    ];

    /// The role of v in a → v → b from the three regions.
    pub fn of(a: Option<u32>, v: Option<u32>, b: Option<u32>) -> BrokerRole {
        let (Some(a), Some(v), Some(b)) = (a, v, b) else {
            return BrokerRole::Unknown;
        };
        match (a == v, v == b) {
            (true, true) => BrokerRole::Coordinator,
            (false, true) => BrokerRole::Gatekeeper,
            (true, false) => BrokerRole::Representative,
            (false, false) if a == b => BrokerRole::Itinerant,
            (false, false) => BrokerRole::Liaison,
        }
    }
}

/// Open two-paths through a party, by role.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RoleCounts {
    pub coordinator: u64,
    pub itinerant: u64,
    pub gatekeeper: u64,
    pub representative: u64,
    pub liaison: u64,
    /// Two-paths with a party of unknown region: counted apart, not guessed.
    pub unknown: u64,
}

impl RoleCounts {
    /// The count of one role.
    pub fn get(&self, r: BrokerRole) -> u64 {
        match r {
            BrokerRole::Coordinator => self.coordinator,
            BrokerRole::Itinerant => self.itinerant,
            BrokerRole::Gatekeeper => self.gatekeeper,
            BrokerRole::Representative => self.representative,
            BrokerRole::Liaison => self.liaison,
            BrokerRole::Unknown => self.unknown,
        }
    }

    fn add(&mut self, r: BrokerRole, n: u64) {
        let slot = match r {
            BrokerRole::Coordinator => &mut self.coordinator,
            BrokerRole::Itinerant => &mut self.itinerant,
            BrokerRole::Gatekeeper => &mut self.gatekeeper,
            BrokerRole::Representative => &mut self.representative,
            BrokerRole::Liaison => &mut self.liaison,
            BrokerRole::Unknown => &mut self.unknown,
        };
        *slot += n;
    }

    /// Open two-paths whose ends are not both in the broker's region (itinerant, gatekeeper,
    /// representative, liaison): brokerage between regions.
    pub fn across(&self) -> u64 {
        self.itinerant + self.gatekeeper + self.representative + self.liaison
    }

    /// All open two-paths through the party, unknown included.
    pub fn total(&self) -> u64 {
        BrokerRole::ALL.iter().map(|&r| self.get(r)).sum()
    }
}

/// The open two-paths a → v → b through one broker v with a in region `from` and b in `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BrokeredPair {
    pub from: Option<u32>,
    pub to: Option<u32>,
    pub role: BrokerRole,
    pub two_paths: u64,
}

/// One party's brokerage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brokerage {
    /// The party's node index in the graph.
    pub party: u32,
    pub region: Option<u32>,
    pub roles: RoleCounts,
    /// Its two-paths by (region of a, region of b), sorted by `from` then `to` (unknown last).
    pub pairs: Vec<BrokeredPair>,
    /// Links bought from a known region other than its own (known).
    pub bought_across: Weighed,
    /// Links sold into a known region other than its own (known).
    pub sold_across: Weighed,
}

/// The parties that broker between regions (at least one two-path across), most such two-paths
/// first, then the most known kg sold across, then by name: indices into `b` (= node indices).
///
/// # Complexity
/// O(V log V).
pub fn brokers(b: &[Brokerage]) -> Vec<u32> {
    let mut out: Vec<&Brokerage> = b.iter().filter(|x| x.roles.across() > 0).collect();
    out.sort_by_key(|x| {
        (
            std::cmp::Reverse(x.roles.across()),
            std::cmp::Reverse(x.sold_across.known_mg.unwrap_or(0)),
            x.party,
        )
    });
    out.into_iter().map(|x| x.party).collect()
}

/// The brokerage of every party, in node (= name) order, one entry per node.
///
/// # Complexity
/// O(E log E) to sort each party's customers, then for each broker v the cheaper of two counts:
/// - pairwise: every (supplier, customer) pair, a binary search for the link a → b:
///   O(indeg(v) · outdeg(v) · log d);
/// - by region: counts of suppliers and customers by region multiplied out (O(Rin · Rout) for the
///   regions present, log factors of a `BTreeMap`), minus the pairs that are no open two-path,
///   found by walking each supplier's customers: O(Σ_{a → v} outdeg(a)).
///
/// So in all O(E log E + Σ_v min(indeg(v)·outdeg(v)·log d, Σ_{a→v} outdeg(a) + Rin·Rout)): a hub
/// with a thousand suppliers and a thousand customers costs its suppliers' out-degrees, not a
/// million pairs. Memory O(V + E).
pub fn brokerage(g: &SupplyGraph, regions: &[Option<u32>]) -> Vec<Brokerage> {
    brokerage_with(g, regions, None)
}

/// [`brokerage`], forcing one way of counting when `pairwise` is given (for tests).
pub(crate) fn brokerage_with(
    g: &SupplyGraph,
    regions: &[Option<u32>],
    pairwise: Option<bool>,
) -> Vec<Brokerage> {
    counted_with(g, regions, pairwise, Counts::DENSE)
}

/// [`brokerage_with`], counting in an array only up to `dense` regions (for tests).
fn counted_with(
    g: &SupplyGraph,
    regions: &[Option<u32>],
    pairwise: Option<bool>,
    dense: usize,
) -> Vec<Brokerage> {
    let n = g.node_count();
    let region = |p: NodeIndex| region_of(regions, p);
    // Regions numbered densely (unknown too), so that two-paths are counted in an array of
    // (region of a, region of b), not a map (a lookup per pair of a hub's suppliers and customers).
    let mut known: Vec<Option<u32>> = g.parties().map(region).collect();
    known.sort_unstable();
    known.dedup();
    let rid: Vec<u32> = (g.parties())
        .map(|p| known.binary_search(&region(p)).unwrap_or(0) as u32)
        .collect();
    let mut counts = Counts::new(known.len(), dense);
    // Each party's customers other than itself, sorted.
    let out: Vec<Vec<u32>> = g
        .parties()
        .map(|p| {
            let mut v: Vec<u32> = g
                .graph
                .neighbors_directed(p, Outgoing)
                .filter(|&q| q != p)
                .map(|q| q.index() as u32)
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    let mut mark = vec![u32::MAX; n];
    let mut result = Vec::with_capacity(n);
    let mut by_in = Counts::row(known.len());
    let mut by_out = Counts::row(known.len());
    for v in g.parties() {
        let rv = region(v);
        let mut ins: Vec<u32> = g
            .graph
            .neighbors_directed(v, Incoming)
            .filter(|&a| a != v)
            .map(|a| a.index() as u32)
            .collect();
        ins.sort_unstable();
        let outs = &out[v.index()];
        if !ins.is_empty() && !outs.is_empty() {
            let pairs = ins.len() as u64 * outs.len() as u64;
            let walk: u64 = ins.iter().map(|&a| out[a as usize].len() as u64).sum();
            let by_pairs = pairwise.unwrap_or(pairs <= walk + (ins.len() + outs.len()) as u64);
            let r = |i: u32| rid[i as usize];
            if by_pairs {
                for &a in &ins {
                    let closes = &out[a as usize];
                    for &b in outs {
                        if a != b && closes.binary_search(&b).is_err() {
                            counts.add(r(a), r(b), 1);
                        }
                    }
                }
            } else {
                for &a in &ins {
                    by_in.add(0, r(a), 1);
                }
                for &b in outs {
                    by_out.add(0, r(b), 1);
                    mark[b as usize] = v.index() as u32;
                }
                let (ins_by, outs_by) = (by_in.drain(), by_out.drain());
                for &(_, ra, ca) in &ins_by {
                    for &(_, rb, cb) in &outs_by {
                        counts.add(ra, rb, ca * cb);
                    }
                }
                let stamp = v.index() as u32;
                for &a in &ins {
                    let ra = r(a);
                    if mark[a as usize] == stamp {
                        // a → v → a: not a two-path (a ≠ b).
                        counts.add(ra, ra, -1);
                    }
                    for &b in &out[a as usize] {
                        if mark[b as usize] == stamp {
                            // a → b exists: closed, no brokerage (b ≠ a: `out` has no self-link).
                            counts.add(ra, r(b), -1);
                        }
                    }
                }
            }
        }
        let mut roles = RoleCounts::default();
        let mut pairs: Vec<BrokeredPair> = counts
            .drain()
            .into_iter()
            .filter(|&(_, _, c)| c > 0)
            .map(|(ra, rb, c)| {
                let (from, to) = (known[ra as usize], known[rb as usize]);
                let role = BrokerRole::of(from, rv, to);
                roles.add(role, c as u64);
                BrokeredPair {
                    from,
                    to,
                    role,
                    two_paths: c as u64,
                }
            })
            .collect();
        pairs.sort_by_key(|p| (region_key(p.from), region_key(p.to)));
        let mut bought_across = Weighed::default();
        for e in g.graph.edges_directed(v, Incoming) {
            if crosses(region(e.source()), rv) {
                bought_across.add_link(&e.weight().tally);
            }
        }
        let mut sold_across = Weighed::default();
        for e in g.graph.edges_directed(v, Outgoing) {
            if crosses(rv, region(e.target())) {
                sold_across.add_link(&e.weight().tally);
            }
        }
        result.push(Brokerage {
            party: v.index() as u32,
            region: rv,
            roles,
            pairs,
            bought_across,
            sold_across,
        });
    }
    result
}

/// Counts by (region, region), regions numbered from 0: in an array when there are few regions
/// (provinces, cities), in a map when there are many (counties); emptied by [`Counts::drain`] in
/// time linear in the cells it touched.
struct Counts {
    width: usize,
    dense: Vec<i64>,
    touched: Vec<u32>,
    sparse: HashMap<u64, i64, foldhash::fast::FixedState>,
}

impl Counts {
    /// The most regions counted in an array (a 1,024 × 1,024 array of 8 MB).
    const DENSE: usize = 1024;

    /// Counts by (region, region), in an array up to `dense` regions.
    fn new(regions: usize, dense: usize) -> Counts {
        let dense = if regions <= dense {
            vec![0; regions * regions]
        } else {
            Vec::new()
        };
        Counts {
            width: regions,
            dense,
            touched: Vec::new(),
            sparse: HashMap::default(),
        }
    }

    #[inline]
    fn add(&mut self, a: u32, b: u32, n: i64) {
        if self.dense.is_empty() {
            *self
                .sparse
                .entry(u64::from(a) << 32 | u64::from(b))
                .or_default() += n;
            return;
        }
        let i = a as usize * self.width + b as usize;
        if self.dense[i] == 0 {
            self.touched.push(i as u32);
        }
        self.dense[i] += n;
    }

    /// Counts by (0, region): one row, always an array.
    fn row(regions: usize) -> Counts {
        Counts {
            width: regions,
            dense: vec![0; regions.max(1)],
            touched: Vec::new(),
            sparse: HashMap::default(),
        }
    }

    /// The counts (a, b, count) that are not 0, in no set order; then all are 0.
    fn drain(&mut self) -> Vec<(u32, u32, i64)> {
        if self.dense.is_empty() {
            return (self.sparse.drain())
                .map(|(k, c)| ((k >> 32) as u32, k as u32, c))
                .collect();
        }
        let w = self.width;
        let mut out = Vec::with_capacity(self.touched.len());
        for i in self.touched.drain(..) {
            let i = i as usize;
            // A cell that went back to 0 and up again was noted twice: taken once.
            if self.dense[i] != 0 {
                out.push(((i / w) as u32, (i % w) as u32, self.dense[i]));
                self.dense[i] = 0;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tests::graph;
    use std::collections::BTreeMap;

    fn counts_of(b: &[Brokerage], g: &SupplyGraph, name: &str) -> [u64; 6] {
        let r = &b[g.find(name).unwrap().index()].roles;
        BrokerRole::ALL.map(|role| r.get(role))
    }

    /// Regions by name: the region is the first letter's code (`h1` → 'h'), `?` unknown.
    fn regions_of(g: &SupplyGraph) -> Vec<Option<u32>> {
        g.parties()
            .map(|p| {
                let c = g.name(p).chars().next().unwrap();
                (c != '?').then_some(c as u32)
            })
            .collect()
    }

    #[test]
    fn hand_counted_example() {
        // Regions H (h…), G (g…), Y (y…) and one party of unknown place (?x); 9 parties.
        //
        //   suppliers of hv            customers of hv
        //        ha ─┐               ┌─► hc ◄── ha   (ha also sells to hc directly)
        //        ga ─┼──►   hv   ────┼─► hd
        //        ?x ─┘               ├─► gb ──► gz ──► ha   (and round to ha again)
        //                            └─► yb
        //
        // Links: ha→hv, ga→hv, ?x→hv, hv→hc, hv→hd, hv→gb, hv→yb, ha→hc, gb→gz, gz→ha.
        // Through hv (suppliers ha, ga, ?x; customers hc, hd, gb, yb):
        //   ha→hv→hc  closed (ha→hc exists): not counted
        //   ha→hv→hd  H,H,H  coordinator
        //   ha→hv→gb  H,H,G  representative
        //   ha→hv→yb  H,H,Y  representative
        //   ga→hv→hc  G,H,H  gatekeeper
        //   ga→hv→hd  G,H,H  gatekeeper
        //   ga→hv→gb  G,H,G  itinerant
        //   ga→hv→yb  G,H,Y  liaison
        //   ?x→hv→…   4 two-paths, unknown
        // Through gb (supplier hv; customer gz): hv→gb→gz  H,G,G gatekeeper.
        // Through gz (supplier gb; customer ha): gb→gz→ha  G,G,H representative.
        // Through ha (supplier gz; customers hv, hc): gz→ha→hv, gz→ha→hc  G,H,H gatekeeper ×2.
        // hc, hd, yb, ga, ?x: no supplier or no customer, no two-path.
        let g = graph(&[
            ("ha", "hv"),
            ("ga", "hv"),
            ("?x", "hv"),
            ("hv", "hc"),
            ("hv", "hd"),
            ("hv", "gb"),
            ("hv", "yb"),
            ("ha", "hc"),
            ("gb", "gz"),
            ("gz", "ha"),
        ]);
        let regions = regions_of(&g);
        for pairwise in [None, Some(true), Some(false)] {
            let b = brokerage_with(&g, &regions, pairwise);
            // [coordinator, itinerant, gatekeeper, representative, liaison, unknown]
            assert_eq!(counts_of(&b, &g, "hv"), [1, 1, 2, 2, 1, 4]);
            assert_eq!(counts_of(&b, &g, "gb"), [0, 0, 1, 0, 0, 0]);
            assert_eq!(counts_of(&b, &g, "gz"), [0, 0, 0, 1, 0, 0]);
            assert_eq!(counts_of(&b, &g, "ha"), [0, 0, 2, 0, 0, 0]);
            // hv (6 across), then ha (2), then gz and gb (1 each): gz sells 1 kg across (to ha),
            // gb sells none (gz is in its region).
            let order: Vec<&str> = brokers(&b)
                .into_iter()
                .map(|p| g.name(NodeIndex::new(p as usize)))
                .collect();
            assert_eq!(order, ["hv", "ha", "gz", "gb"]);
            for name in ["hc", "hd", "yb", "ga", "?x"] {
                assert_eq!(counts_of(&b, &g, name), [0; 6], "{name}");
            }
            let hv = &b[g.find("hv").unwrap().index()];
            // hv sells across to gb and yb (1 kg each), buys across from ga; ?x is not across.
            assert_eq!(hv.sold_across.links, 2);
            assert_eq!(hv.sold_across.known_mg, Some(2_000_000));
            assert_eq!(hv.bought_across.links, 1);
            let h = Some('h' as u32);
            let liaison: Vec<_> = hv
                .pairs
                .iter()
                .filter(|p| p.role == BrokerRole::Liaison)
                .map(|p| (p.from, p.to, p.two_paths))
                .collect();
            assert_eq!(liaison, [(Some('g' as u32), Some('y' as u32), 1)]);
            // Within H, only ha→hv→hd: ha→hv→hc is closed.
            let within: Vec<_> = hv
                .pairs
                .iter()
                .filter(|p| p.from == h && p.to == h)
                .collect();
            assert_eq!(within.len(), 1);
            assert_eq!(within[0].two_paths, 1);
            // Unknown sorts last.
            assert_eq!(hv.pairs.last().unwrap().from, None);
        }
    }

    type ByPair = BTreeMap<(Option<u32>, Option<u32>), u64>;

    /// Every open two-path by brute force: O(V³) over triples.
    fn brute(g: &SupplyGraph, regions: &[Option<u32>]) -> Vec<ByPair> {
        let n = g.node_count();
        let has = |a: usize, b: usize| {
            g.graph
                .find_edge(NodeIndex::new(a), NodeIndex::new(b))
                .is_some()
        };
        let mut out = vec![BTreeMap::new(); n];
        for (v, found) in out.iter_mut().enumerate() {
            for a in 0..n {
                for b in 0..n {
                    if a != b && a != v && b != v && has(a, v) && has(v, b) && !has(a, b) {
                        *found.entry((regions[a], regions[b])).or_default() += 1;
                    }
                }
            }
        }
        out
    }

    #[test]
    fn both_ways_of_counting_equal_brute_force_on_random_graphs() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for case in 0..400 {
            let n = 2 + next(9) as usize;
            let names: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
            let density = 10 + next(70);
            let mut links = Vec::new();
            for i in 0..n {
                for j in 0..n {
                    // Self-links too, now and then.
                    if next(100) < density && (i != j || next(4) == 0) {
                        links.push((names[i].as_str(), names[j].as_str()));
                    }
                }
            }
            if links.is_empty() {
                continue;
            }
            let g = graph(&links);
            let regions: Vec<Option<u32>> = (0..g.node_count())
                .map(|_| {
                    let r = next(4) as u32;
                    (r < 3).then_some(r)
                })
                .collect();
            let expected = brute(&g, &regions);
            for (pairwise, dense) in [
                (Some(true), Counts::DENSE),
                (Some(false), Counts::DENSE),
                (None, Counts::DENSE),
                (Some(true), 0),
                (Some(false), 0),
            ] {
                let b = counted_with(&g, &regions, pairwise, dense);
                for (v, want) in expected.iter().enumerate() {
                    let got: BTreeMap<_, _> = b[v]
                        .pairs
                        .iter()
                        .map(|p| ((p.from, p.to), p.two_paths))
                        .collect();
                    assert_eq!(&got, want, "case {case}, party {v}, pairwise {pairwise:?}");
                    let mut roles = RoleCounts::default();
                    for (&(a, c), &k) in want {
                        roles.add(BrokerRole::of(a, regions[v], c), k);
                    }
                    assert_eq!(b[v].roles, roles);
                }
            }
        }
    }

    #[test]
    fn roles_follow_the_three_regions() {
        use BrokerRole::*;
        let (h, g, y) = (Some(1), Some(2), Some(3));
        assert_eq!(BrokerRole::of(h, h, h), Coordinator);
        assert_eq!(BrokerRole::of(h, g, h), Itinerant);
        assert_eq!(BrokerRole::of(g, h, h), Gatekeeper);
        assert_eq!(BrokerRole::of(h, h, g), Representative);
        assert_eq!(BrokerRole::of(h, g, y), Liaison);
        assert_eq!(BrokerRole::of(None, h, h), Unknown);
        assert_eq!(BrokerRole::of(h, None, h), Unknown);
        assert_eq!(BrokerRole::of(h, h, None), Unknown);
    }
}
