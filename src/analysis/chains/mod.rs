//! Source-to-sink chains: simple paths from a party that never buys to a party that never sells,
//! along which one species label moves (or, read as a network only, any goods).
//!
//! # What a chain is
//! A chain follows one species label `k` of the data (see [`species`] for which labels include
//! which): every link of the path carries `k` or a label `k` includes, and at least one link
//! carries `k` by its own name. So when A sells 眼镜蛇 to B and B sells 王锦蛇 to C, A → B → C is
//! no chain (no one label moves from A to C), even when the case also has rows of 野生蛇, which
//! includes both: no link of that path is labelled 野生蛇. When A sells 王锦蛇 to B and B sells
//! 野生蛇 to C, A → B → C is a chain of 野生蛇 (what B sold may include A's 王锦蛇), and its kg on
//! the first link is A's 王锦蛇. The same path may be listed once per label it carries (a path of
//! 王锦蛇 and 眼镜蛇 on every link is two chains). Sources and sinks are those of the network:
//! a party that buys cobras and sells only king rat snakes ends no cobra chain.
//!
//! A chain's *bottleneck* is the smallest kg of its label on any of its links, and unknown (not
//! zero) when one link has no known weight of that label. Read as a network only
//! ([`chains`] / `--any-species`), every simple path from a source to a sink is one chain and its
//! bottleneck is the smallest known weight of any goods on a link.
//!
//! # Order
//! Chains are sorted by bottleneck (known, largest first; unknown last), then hops (fewest
//! first), then their parties (node order, which is name order), then the label (id order). When
//! more chains exist than the limit lets through, those listed are the first the search met
//! (sources and buyers in name order), sorted so: raise the limit to see the others.

mod search;
pub mod species;

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::temporal::{LinkDates, Time};
use crate::graph::SupplyGraph;
use crate::ingest::date::DateLabel;
pub use species::Lineage;

/// One chain: its parties from source to sink and the links between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    pub path: Vec<NodeIndex>,
    pub links: Vec<EdgeIndex>,
    /// For time-ordered chains: one witnessing date per link (`None` where the row's date is unknown).
    pub dates: Option<Vec<Option<DateLabel>>>,
    /// The species label the chain follows (a species id of the graph's flows); `None` when it
    /// was read as a network only (any species).
    pub species: Option<u32>,
    /// The smallest known weight of the label on any link, in mg; `None` when one link has no
    /// known weight of it.
    pub bottleneck_mg: Option<i64>,
}

impl Chain {
    /// Number of links.
    pub fn hops(&self) -> usize {
        self.links.len()
    }

    /// The bottleneck in kg: the smallest weight of the chain's label on any link (of any goods,
    /// read as a network only), or `None` when one link's is unknown.
    pub fn bottleneck_kg(&self) -> Option<f64> {
        self.bottleneck_mg.map(crate::units::mg_to_kg)
    }
}

/// Chains found, and whether more exist than were listed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chains {
    /// In the order of the module's documentation (bottleneck, hops, parties, label).
    pub chains: Vec<Chain>,
    /// True when more chains exist than the limit let through, or may exist because the search
    /// was cut (`cut`).
    pub truncated: bool,
    /// True when the search stopped after [`SEARCH_STEPS`] steps before it had listed `limit`
    /// chains or walked every path: more chains may exist.
    pub cut: bool,
}

/// The most steps (a link tried, or a party visited by a look-ahead) one chain search may take:
/// a quarter of a second on a 2-core machine. Listing chains *through* a party, *in date order* or
/// of *one label* can meet dead ends that no cheap test foresees (deciding whether a simple path
/// through a given party exists is NP-complete), so the search bounds its work, not only its
/// output, and says when it was cut.
pub const SEARCH_STEPS: u64 = 30_000_000;

/// Time-ordered chains only: the dates of each link and the largest gap allowed between links.
#[derive(Debug, Clone, Copy)]
pub struct InTime<'a> {
    pub dates: &'a LinkDates,
    /// At most this many days between a link and the next, when given.
    pub max_lag: Option<Time>,
}

/// Lists up to `limit` chains of one species label each (see the module's documentation),
/// keeping only those through `through` when given (a chain that starts or ends there counts).
///
/// # Complexity
/// O(F · L) to list the labels each link carries (F flows, each included in at most L labels),
/// and O(Σ over (party, label) pairs of the party's suppliers × log L) to know, for each, whether a
/// sink can be reached with that label; then, as [`chains`], at most `limit + 1` chains, each step
/// merging the labels still carried with the link's (O(L)). On acyclic graphs without `through`
/// every step leads to a chain; through a party or inside a cycle, dead ends are possible, and the
/// search stops after [`SEARCH_STEPS`] steps and sets `cut`. Sorting: O(C log C · hops) for C
/// chains listed.
pub fn species_chains(
    g: &SupplyGraph,
    lineage: &Lineage,
    through: Option<NodeIndex>,
    limit: usize,
) -> Chains {
    search(g, Some(lineage), through, limit, None)
}

/// Like [`species_chains`], keeping only chains whose links can be witnessed by rows in date order
/// (see [`chains_in_time`]). The rows that witness a link are its rows of any species.
pub fn species_chains_in_time(
    g: &SupplyGraph,
    lineage: &Lineage,
    through: Option<NodeIndex>,
    limit: usize,
    time: InTime,
) -> Chains {
    search(g, Some(lineage), through, limit, Some(time))
}

/// The network reading (`--any-species`): up to `limit` simple paths from a source (no incoming
/// link) to a sink (no outgoing link), whatever goods each link carries, keeping only those
/// through `through` when given (a chain that starts or ends there counts).
///
/// # Complexity
/// O(V + E) to prune, then O(hops) per chain listed on acyclic graphs: the search only steps to
/// parties that can still reach a sink (and, before `through`, only to its suppliers), so it never
/// walks a dead end, and it stops at `limit + 1` chains. Inside a cycle, a step is taken only when
/// a look-ahead (a search of the cycle's group that avoids the parties on the path, O(size of the
/// group)) finds a way out towards a sink, so without `through` every step leads to a chain:
/// O(hops × group size) per chain. Whatever the graph, the search stops after [`SEARCH_STEPS`]
/// steps and sets `cut`. Sorting: O(C log C · hops) for C chains listed.
pub fn chains(g: &SupplyGraph, through: Option<NodeIndex>, limit: usize) -> Chains {
    search(g, None, through, limit, None)
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
    search(g, None, through, limit, Some(time))
}

fn search(
    g: &SupplyGraph,
    lineage: Option<&Lineage>,
    through: Option<NodeIndex>,
    limit: usize,
    time: Option<InTime>,
) -> Chains {
    let mut found = search::search_with_budget(g, lineage, through, limit, time, SEARCH_STEPS);
    sort(&mut found.chains);
    found
}

/// Sorts chains by bottleneck (known, largest first; unknown last), then hops, then parties,
/// then label: never by name alone.
pub fn sort(chains: &mut [Chain]) {
    chains.sort_by(|a, b| {
        b.bottleneck_mg
            .cmp(&a.bottleneck_mg)
            .then(a.hops().cmp(&b.hops()))
            .then_with(|| a.path.cmp(&b.path))
            .then(a.species.cmp(&b.species))
    });
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
        // Equal bottlenecks: the fewest hops first.
        assert_eq!(
            paths(&g, &chains(&g, g.find("d"), 10)),
            ["x>d", "a>b>d", "a>c>d"]
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
        let c = search::search_with_budget(&g, None, g.find("t05"), 10, None, 100_000);
        assert!(c.chains.is_empty());
        assert!(c.cut && c.truncated);
        // With room enough, the same search ends and finds none, uncut.
        let g = graph_of(&trap(4));
        let c = search::search_with_budget(&g, None, g.find("t01"), 10, None, 100_000);
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

    /// A graph of (seller, buyer, species, kg) flows (`None`: weight unknown) and the lineage of
    /// its labels in the embedded species table.
    fn species_graph(flows: &[(&str, &str, &str, Option<f64>)]) -> (SupplyGraph, Lineage) {
        use crate::case::{Flows, Tally};
        let flows = std::sync::Arc::new(Flows::from_named(flows.iter().map(|&(s, b, sp, kg)| {
            (
                s,
                b,
                sp,
                kg.map_or(Tally::unknown(1), |kg| Tally::of_kg(kg, 1)),
            )
        })));
        let table = crate::ingest::species::SpeciesTable::embedded().unwrap();
        let lineage = Lineage::new(&flows, &table);
        (SupplyGraph::from_flows(&flows, None), lineage)
    }

    fn labelled(g: &SupplyGraph, c: &Chains) -> Vec<(String, String, Option<f64>)> {
        paths(g, c)
            .into_iter()
            .zip(&c.chains)
            .map(|(p, c)| {
                let sp = c.species.map_or("-", |k| g.species_name(k)).to_string();
                (p, sp, c.bottleneck_kg())
            })
            .collect()
    }

    #[test]
    fn lineage_follows_the_species_table() {
        let names = [
            "王锦蛇",
            "眼镜蛇",
            "野生蛇",
            "蛇类",
            "穿山甲属",
            "中华穿山甲",
            "未知兽",
        ];
        let rows: Vec<_> = names.iter().map(|n| ("a", "b", *n, Some(1.0))).collect();
        let (g, l) = species_graph(&rows);
        let id = |n: &str| g.flows.species_id(n).unwrap();
        assert!(l.includes(id("野生蛇"), id("王锦蛇")));
        assert!(l.includes(id("野生蛇"), id("眼镜蛇")));
        assert!(l.includes(id("蛇类"), id("王锦蛇")));
        assert!(!l.includes(id("王锦蛇"), id("野生蛇")));
        assert!(!l.includes(id("野生蛇"), id("蛇类")));
        assert!(!l.includes(id("眼镜蛇"), id("王锦蛇")));
        assert!(l.includes(id("穿山甲属"), id("中华穿山甲")));
        assert!(!l.includes(id("中华穿山甲"), id("穿山甲属")));
        assert!(!l.includes(id("野生蛇"), id("中华穿山甲")));
        assert!(l.within(id("未知兽")).is_empty());
        assert!(l.includes(id("未知兽"), id("未知兽")));
    }

    #[test]
    fn a_species_that_changes_midway_is_no_chain_and_a_generic_label_takes_its_species() {
        let (g, l) = species_graph(&[
            // a sells cobras to b, b sells king rat snakes to c: no one species moves a → c.
            ("a", "b", "眼镜蛇", Some(10.0)),
            ("b", "c", "王锦蛇", Some(15.0)),
            // 野生蛇 elsewhere in the case includes both, yet labels no link of a → b → c.
            ("x", "y", "野生蛇", Some(5.0)),
            // 王锦蛇 then 野生蛇 (which may include it): a chain of 野生蛇, 8 kg of 王锦蛇 first.
            ("p", "q", "王锦蛇", Some(8.0)),
            ("q", "r", "野生蛇", Some(30.0)),
            ("q", "s", "野生蛇", None),
        ]);
        let c = species_chains(&g, &l, None, 100);
        assert_eq!(
            labelled(&g, &c),
            [
                ("p>q>r".into(), "野生蛇".into(), Some(8.0)),
                ("x>y".into(), "野生蛇".into(), Some(5.0)),
                ("p>q>s".into(), "野生蛇".into(), None),
            ]
        );
        // The network reading keeps a > b > c, its bottleneck of any goods.
        let c = chains(&g, None, 100);
        assert_eq!(
            labelled(&g, &c),
            [
                ("a>b>c".into(), "-".into(), Some(10.0)),
                ("p>q>r".into(), "-".into(), Some(8.0)),
                ("x>y".into(), "-".into(), Some(5.0)),
                ("p>q>s".into(), "-".into(), None),
            ]
        );
    }

    #[test]
    fn a_path_of_two_species_is_two_chains_each_with_its_own_bottleneck() {
        let (g, l) = species_graph(&[
            ("a", "b", "王锦蛇", Some(100.0)),
            ("a", "b", "眼镜蛇", Some(3.0)),
            ("b", "c", "王锦蛇", Some(40.0)),
            ("b", "c", "眼镜蛇", Some(7.0)),
        ]);
        let c = species_chains(&g, &l, None, 100);
        assert_eq!(
            labelled(&g, &c),
            [
                ("a>b>c".into(), "王锦蛇".into(), Some(40.0)),
                ("a>b>c".into(), "眼镜蛇".into(), Some(3.0)),
            ]
        );
        // Read as a network, the two add up on each link: 47 kg, a mix of both.
        assert_eq!(chains(&g, None, 10).chains[0].bottleneck_kg(), Some(47.0));
    }

    #[test]
    fn species_chain_share_equals_enumeration_on_random_dags() {
        let labels = [
            "王锦蛇",
            "眼镜蛇",
            "野生蛇",
            "穿山甲属",
            "中华穿山甲",
            "未知兽",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for case in 0..300 {
            let n = 3 + next(7) as usize;
            let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
            let mut rows = Vec::new();
            for i in 0..n {
                for j in i + 1..n {
                    if next(100) < 40 {
                        for _ in 0..1 + next(2) {
                            let sp = labels[next(labels.len() as u64) as usize];
                            rows.push((names[i].as_str(), names[j].as_str(), sp, Some(1.0)));
                        }
                    }
                }
            }
            if rows.is_empty() {
                continue;
            }
            let (g, l) = species_graph(&rows);
            let listed = species_chains(&g, &l, None, 1_000_000);
            assert!(!listed.truncated);
            let total = listed.chains.len() as f64;
            let share = crate::analysis::species_chain_share(&g, &l);
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
}
