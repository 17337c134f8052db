//! Where the chain runs: analyses over the supply graph and one region per party — flows between
//! regions, chain routes, the trade-chain index of each region, and Gould–Fernandez brokerage with
//! the region as the group.
//!
//! # Regions
//! Every function takes `regions: &[Option<u32>]`, indexed by node index: an opaque region id
//! (a province or a city code, chosen by the caller) or `None` when the party's place is unknown.
//! A slice shorter than the graph reads as unknown for the parties past its end. Names of regions
//! are the caller's business: results carry ids. An unknown region is never guessed and never
//! dropped: it is kept as its own row, column or count, and sorts after every known region.
//! Weights are summed as integer milligrams, so results do not depend on order or threads.

pub mod brokerage;
pub mod flows;
pub mod routes;

pub use brokerage::{BrokerRole, Brokerage, BrokeredPair, RoleCounts, brokerage, brokers};
pub use flows::{FlowCell, RegionFlows, RegionTotal, SpeciesFlow, region_flows};
pub use routes::{ChainIndex, Route, RouteCount, route_counts, routes, trade_chain_index};

use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::case::Tally;

/// The province of each party (by node) and the brokerage between provinces: what the leads,
/// `analyze`'s places section and the report share, computed once.
#[derive(Debug, Clone)]
pub struct PlaceFindings {
    pub regions: Vec<Option<u32>>,
    pub brokerage: Vec<Brokerage>,
}

impl PlaceFindings {
    /// `None` when no party's province is known.
    ///
    /// # Complexity
    /// That of [`brokerage`].
    pub fn of(case: &crate::case::Case, g: &crate::graph::SupplyGraph) -> Option<PlaceFindings> {
        use crate::case::places::{RegionLevel, any_known, regions};
        let regions = regions(case, g, RegionLevel::Province);
        if !any_known(&regions) {
            return None;
        }
        let brokerage = brokerage(g, &regions);
        Some(PlaceFindings { regions, brokerage })
    }
}

/// `analyze`'s places section as facts: how many parties have a province, how many chains
/// follow each route between provinces, and the brokers across a border, most first. Computed
/// here from the findings; `render` only words it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceSummary {
    /// Parties (nodes) whose province is known.
    pub parties_with_region: usize,
    /// Routes of the chains by province, with the chains that follow each ([`route_counts`]).
    pub route_counts: Vec<RouteCount>,
    /// Node indices of the parties that broker across a border, most two-paths across first
    /// ([`brokers`]).
    pub brokers: Vec<u32>,
}

impl PlaceSummary {
    /// The summary of the findings' places; `None` when no party's province is known.
    ///
    /// # Complexity
    /// Linear in the parties and in the length of the chains found, plus sorting the brokers
    /// and the routes.
    pub fn of(f: &crate::analysis::Findings) -> Option<PlaceSummary> {
        let p = f.places.as_ref()?;
        Some(PlaceSummary {
            parties_with_region: p.regions.iter().filter(|r| r.is_some()).count(),
            route_counts: route_counts(&routes(&f.chains.chains, &p.regions)),
            brokers: brokers(&p.brokerage),
        })
    }
}

/// The region of a party (`None`: unknown, also past the end of `regions`).
pub fn region_of(regions: &[Option<u32>], p: NodeIndex) -> Option<u32> {
    regions.get(p.index()).copied().flatten()
}

/// The sort key of a region: known regions by code, then unknown.
pub type RegionKey = (bool, u32);

/// The [`RegionKey`] of a region.
pub fn region_key(r: Option<u32>) -> RegionKey {
    (r.is_none(), r.unwrap_or(0))
}

/// Whether a link from region `a` to region `b` crosses a border: both known and different.
pub fn crosses(a: Option<u32>, b: Option<u32>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a != b)
}

/// Known weight and rows of a set of links: the known part apart from the rows of unknown weight.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Weighed {
    /// Sum of the known weights, in mg; `None` when no row has a known weight.
    pub known_mg: Option<i64>,
    /// Links (seller → buyer pairs).
    pub links: u64,
    /// Rows (transactions).
    pub transactions: u64,
    /// Rows whose weight is unknown: their kg is not in `known_mg`, and is not zero.
    pub unknown_weight: u64,
}

impl Weighed {
    /// Adds one link's tally.
    pub fn add_link(&mut self, t: &Tally) {
        self.links += 1;
        self.add_rows(t);
    }

    /// Adds rows (not a link: a species' part of a link).
    pub fn add_rows(&mut self, t: &Tally) {
        self.known_mg = add_mg(self.known_mg, t.weight_mg);
        self.transactions += t.transactions;
        self.unknown_weight += t.unknown_weight;
    }

    /// The known weight in kg, `None` when none is known.
    pub fn known_kg(&self) -> Option<f64> {
        self.known_mg.map(crate::units::mg_to_kg)
    }
}

/// Sum of two known-or-unknown weights: unknown only when both are.
pub fn add_mg(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.saturating_add(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::disrupt::{Removal, best_k, disrupt, min_cut};
    use crate::analysis::{Lineage, species_chains};
    use crate::case::{Case, Options};
    use crate::graph::SupplyGraph;

    const HUNAN: u32 = 430000;
    const GUANGXI: u32 = 450000;
    const HUNAN_BUYERS: &str = "湖南买家（未具名）";
    const GUANGXI_BUYERS: &str = "广西买家（未具名）";

    /// The embedded 辰溪 case with the places the report gives, by province: 朱某某 and 左某某 in
    /// 辰溪 (Hunan), 丁某某 in another Hunan city, buyers in Hunan and in Guangxi; 瞿某青 and 瞿某海
    /// not stated (unknown).
    fn chenxi() -> (Case, SupplyGraph, Vec<Option<u32>>) {
        let case = Case::load(&Options::embedded().unwrap()).unwrap();
        let g = SupplyGraph::of_case(&case, None);
        let regions = g
            .parties()
            .map(|p| match g.name(p) {
                "朱某某" | "左某某" | "丁某某" | HUNAN_BUYERS => Some(HUNAN),
                GUANGXI_BUYERS => Some(GUANGXI),
                "瞿某青" | "瞿某海" => None,
                other => panic!("a party the test does not place: {other}"),
            })
            .collect();
        (case, g, regions)
    }

    /// analyze's places section is computed here, from the findings (its places read from the
    /// embedded parties file): the routes counted by chain, and 丁某某 the one broker.
    #[test]
    fn chenxi_summary_counts_the_routes_of_the_chains_and_names_the_broker() {
        let case = Case::load(&Options::embedded().unwrap()).unwrap();
        let f = crate::analysis::findings(&case, 100, 0.1);
        let s = PlaceSummary::of(&f).expect("the embedded case has places");
        assert_eq!(s.parties_with_region, 5);
        let counts: Vec<(Vec<Option<u32>>, u64)> = (s.route_counts.iter())
            .map(|r| (r.regions.clone(), r.chains))
            .collect();
        // 6 chains: two from 左某某 (湖南), four from the unknown 瞿某青 and 瞿某海; half of each
        // end in Guangxi. Most chains first.
        let (h, x) = (Some(HUNAN), Some(GUANGXI));
        assert_eq!(
            counts,
            [
                (vec![None, h, h, h], 2),
                (vec![None, h, h, x], 2),
                (vec![h, h, h], 1),
                (vec![h, h, x], 1),
            ]
        );
        assert_eq!(s.route_counts.iter().map(|r| r.chains).sum::<u64>(), 6);
        let names: Vec<&str> = (s.brokers.iter())
            .map(|&b| f.graph.name(NodeIndex::new(b as usize)))
            .collect();
        assert_eq!(names, ["丁某某"]);
    }

    fn chains_of(case: &Case, g: &SupplyGraph) -> Vec<crate::analysis::Chain> {
        let c = species_chains(g, &Lineage::of_case(case), None, 100);
        assert!(!c.truncated);
        c.chains
    }

    #[test]
    fn chenxi_ding_is_the_representative_carrying_hunan_goods_into_guangxi() {
        let (_, g, regions) = chenxi();
        let b = brokerage(&g, &regions);
        let of = |name: &str| &b[g.find(name).unwrap().index()];
        let ding = of("丁某某");
        // 朱某某 → 丁某某 → each buyer group, and the same from 左某某.
        assert_eq!(ding.roles.representative, 2);
        assert_eq!(ding.roles.coordinator, 2);
        assert_eq!(ding.roles.total(), 4);
        let out: Vec<_> = ding
            .pairs
            .iter()
            .filter(|p| p.role == BrokerRole::Representative)
            .map(|p| (p.from, p.to, p.two_paths))
            .collect();
        assert_eq!(out, [(Some(HUNAN), Some(GUANGXI), 2)]);
        // What it sold into Guangxi: one link, weight unknown (not zero).
        assert_eq!(ding.sold_across.links, 1);
        assert_eq!(ding.sold_across.known_mg, None);
        assert_eq!(ding.sold_across.unknown_weight, 1);
        // 朱某某's suppliers have no known place: counted apart, not guessed.
        assert_eq!(of("朱某某").roles.unknown, 2);
        assert_eq!(of("朱某某").roles.total(), 2);
        assert_eq!(
            brokers(&b)
                .into_iter()
                .map(|p| g.name(petgraph::graph::NodeIndex::new(p as usize)))
                .collect::<Vec<_>>(),
            ["丁某某"]
        );
        // No one else brokers anything.
        let brokers = b.iter().filter(|x| x.roles.total() > 0).count();
        assert_eq!(brokers, 2);
    }

    #[test]
    fn chenxi_routes_run_from_hunan_to_guangxi_with_unknown_where_a_place_is() {
        let (case, g, regions) = chenxi();
        let chains = chains_of(&case, &g);
        assert_eq!(chains.len(), 6);
        let r = routes(&chains, &regions);
        let (h, x) = (Some(HUNAN), Some(GUANGXI));
        for (route, chain) in r.iter().zip(&chains) {
            assert_eq!(route.regions.len(), chain.path.len());
            // Only the link into Guangxi crosses a border.
            let into_guangxi = route.regions.last() == Some(&x);
            let last = chain.hops() as u32 - 1;
            assert_eq!(
                route.crossings,
                if into_guangxi { vec![last] } else { vec![] }
            );
        }
        let counts: Vec<_> = route_counts(&r)
            .into_iter()
            .map(|c| (c.regions, c.chains))
            .collect();
        assert_eq!(
            counts,
            [
                (vec![None, h, h, h], 2),
                (vec![None, h, h, x], 2),
                (vec![h, h, h], 1),
                (vec![h, h, x], 1),
            ]
        );
        // Unknown origins sit at the source, Guangxi at the market, Hunan in between.
        let idx = trade_chain_index(&chains, &regions);
        let of = |r: Option<u32>| idx.iter().find(|i| i.region == r).unwrap();
        assert_eq!(of(None).index, 0.0);
        assert_eq!(of(None).occurrences, 4);
        assert_eq!(of(x).index, 1.0);
        assert_eq!(of(x).at_sink, 3);
        let hunan = of(h);
        assert!(hunan.index > 0.0 && hunan.index < 1.0, "{}", hunan.index);
        assert_eq!(hunan.at_source, 2);
        // No chain has a known bottleneck (the links out of 丁某某 have no weight).
        assert_eq!(hunan.kg_index, None);
        assert_eq!(hunan.unknown_kg_occurrences, hunan.occurrences);
        assert_eq!(
            idx.iter().map(|i| i.region).collect::<Vec<_>>(),
            [h, x, None]
        );
    }

    #[test]
    fn chenxi_flows_keep_hunan_guangxi_and_the_unknown_places_apart() {
        let (_, g, regions) = chenxi();
        let f = region_flows(&g, &regions);
        let (h, x) = (Some(HUNAN), Some(GUANGXI));
        let cells: Vec<_> = f
            .cells
            .iter()
            .map(|c| (c.from, c.to, c.crosses, c.weighed.links, c.weighed.known_mg))
            .collect();
        assert_eq!(
            cells,
            [
                (h, h, false, 3, Some(625_000_000)),
                (h, x, true, 1, None),
                (None, h, false, 2, None),
            ]
        );
        // Every link in one cell; 朱某某, 左某某 and 丁某某 sell within Hunan.
        let links: u64 = f.cells.iter().map(|c| c.weighed.links).sum();
        assert_eq!(links, g.edge_count() as u64);
        assert_eq!((f.cells[0].sellers, f.cells[0].buyers), (3, 2));
        assert_eq!(f.cells[0].unknown_links, 2);
        // Three species of snake and 野生蛇 inside Hunan, by species.
        assert_eq!(f.cells[0].species.len(), 4);
        let origins: Vec<_> = f
            .origins
            .iter()
            .map(|o| (o.region, o.parties, o.weighed.known_mg))
            .collect();
        assert_eq!(origins, [(h, 1, Some(625_000_000)), (None, 2, None)]);
        let destinations: Vec<_> = f
            .destinations
            .iter()
            .map(|o| (o.region, o.parties, o.weighed.unknown_weight))
            .collect();
        assert_eq!(destinations, [(h, 1, 1), (x, 1, 1)]);
    }

    #[test]
    fn chenxi_at_the_city_level_ding_is_unknown_not_guessed() {
        // 怀化 (431200) for 朱某某 and 左某某 in 辰溪; the report names no city for 丁某某 or the
        // buyers, so at the city level their region is unknown.
        let (_, g, _) = chenxi();
        let regions: Vec<Option<u32>> = g
            .parties()
            .map(|p| matches!(g.name(p), "朱某某" | "左某某").then_some(431200))
            .collect();
        let b = brokerage(&g, &regions);
        let ding = &b[g.find("丁某某").unwrap().index()];
        assert_eq!(ding.roles.unknown, 4);
        assert_eq!(ding.roles.total(), 4);
        assert!(brokers(&b).is_empty());
        let f = region_flows(&g, &regions);
        let cells: Vec<_> = f
            .cells
            .iter()
            .map(|c| (c.from, c.to, c.crosses, c.weighed.links))
            .collect();
        assert_eq!(
            cells,
            [
                (Some(431200), None, false, 2),
                (None, Some(431200), false, 2),
                (None, None, false, 2)
            ]
        );
    }

    #[test]
    fn chenxi_removing_ding_cuts_every_chain_and_every_pair_and_best_1_names_him() {
        let (case, g, regions) = chenxi();
        let chains = chains_of(&case, &g);
        let ding = g.find("丁某某").unwrap();
        let d = disrupt(
            &g,
            &chains,
            &Removal {
                parties: vec![ding],
                links: vec![],
            },
        );
        assert_eq!(d.chains_cut.len(), 6);
        assert_eq!(d.pairs_before, 6); // 3 sources × 2 sinks
        assert_eq!(d.pairs_after, 0);
        // Nothing of known weight reached a sink: the loss is 2 links of unknown weight.
        assert_eq!(d.lost.known_mg, None);
        assert_eq!((d.lost.links, d.lost.unknown_weight), (2, 2));
        let k = best_k(&g, 1);
        assert_eq!(k.steps.len(), 1);
        assert_eq!(
            g.name(petgraph::graph::NodeIndex::new(k.steps[0].party as usize)),
            "丁某某"
        );
        assert_eq!(k.steps[0].pairs_left, 0);
        // A second step has nothing left to disconnect.
        let k = best_k(&g, 3);
        assert_eq!(k.steps.len(), 1);
        assert!(k.stopped_early);
        // Removing Guangxi: the chains to Guangxi, and each source's pair with its buyers.
        let d = disrupt(&g, &chains, &Removal::region(&g, &regions, GUANGXI));
        assert_eq!(d.chains_cut.len(), 3);
        assert_eq!(d.pairs_after, 3);
        // By region: Hunan holds 丁某某 and every pair; Guangxi is then left with nothing to cut.
        let r = crate::analysis::disrupt::best_regions(&g, &regions, 2);
        let steps: Vec<_> = r
            .steps
            .iter()
            .map(|s| (s.region, s.parties, s.pairs_disconnected))
            .collect();
        assert_eq!(steps, [(HUNAN, 4, 6)]);
        assert!(r.stopped_early);
        // The smallest cut of known kg: 丁某某's two sales, of unknown weight.
        let c = min_cut(&g);
        let names: Vec<_> = c
            .links
            .iter()
            .map(|&e| {
                let (a, b) = g.ends(petgraph::graph::EdgeIndex::new(e as usize));
                (g.name(a), g.name(b))
            })
            .collect();
        assert_eq!(
            names,
            [("丁某某", GUANGXI_BUYERS), ("丁某某", HUNAN_BUYERS)]
        );
        assert_eq!((c.known_mg, c.unknown_links), (0, 2));
    }
}

/// Timing on a large generated file, not run by default:
/// `WILDCHAIN_GEN=bench/data/gen_1000000.csv cargo test --release --lib places::timing -- --ignored --nocapture`.
/// Regions are made up: the party's node index mod 31.
#[cfg(test)]
mod timing {
    use std::time::Instant;

    use crate::analysis::disrupt::{best_k, min_cut};
    use crate::case::{Case, Options};
    use crate::graph::SupplyGraph;
    use crate::ingest::Source;

    #[test]
    #[ignore]
    fn timing() {
        let Ok(path) = std::env::var("WILDCHAIN_GEN") else {
            eprintln!("set WILDCHAIN_GEN to a generated case file");
            return;
        };
        let t = Instant::now();
        let options = Options::embedded()
            .unwrap()
            .with_inputs(vec![Source::Path(path.into())]);
        let case = Case::load(&options).unwrap();
        let g = SupplyGraph::of_case(&case, None);
        eprintln!(
            "load + graph: {:?} ({} parties, {} links)",
            t.elapsed(),
            g.node_count(),
            g.edge_count()
        );
        let regions: Vec<Option<u32>> = (0..g.node_count()).map(|i| Some(i as u32 % 31)).collect();
        let t = Instant::now();
        let b = super::brokerage(&g, &regions);
        let two_paths: u64 = b.iter().map(|x| x.roles.total()).sum();
        eprintln!("brokerage: {:?} ({two_paths} open two-paths)", t.elapsed());
        let t = Instant::now();
        let f = super::region_flows(&g, &regions);
        eprintln!("region flows: {:?} ({} cells)", t.elapsed(), f.cells.len());
        let t = Instant::now();
        let k = best_k(&g, 5);
        let evaluated: Vec<u64> = k.steps.iter().map(|s| s.evaluated).collect();
        eprintln!(
            "best_k(5): {:?} ({} pairs before; evaluated per step {evaluated:?}; left {:?})",
            t.elapsed(),
            k.pairs_before,
            k.steps.last().map(|s| s.pairs_left)
        );
        let t = Instant::now();
        let r = crate::analysis::disrupt::best_regions(&g, &regions, 3);
        eprintln!(
            "best_regions(3) of 31: {:?} ({:?} pairs left)",
            t.elapsed(),
            r.steps.last().map(|s| s.pairs_left)
        );
        let t = Instant::now();
        let c = min_cut(&g);
        eprintln!(
            "min cut: {:?} ({} links, {} mg known, {} of unknown weight)",
            t.elapsed(),
            c.links.len(),
            c.known_mg,
            c.unknown_links
        );
    }
}

#[cfg(test)]
mod edge_tests {
    use crate::analysis::tests::graph;

    #[test]
    fn a_short_regions_slice_reads_as_unknown_past_its_end() {
        let g = graph(&[("a", "b"), ("b", "c")]);
        // Only a's region is given.
        let b = super::brokerage(&g, &[Some(1)]);
        assert_eq!(b[1].roles.unknown, 1);
        let f = super::region_flows(&g, &[Some(1)]);
        let cells: Vec<_> = f.cells.iter().map(|c| (c.from, c.to)).collect();
        assert_eq!(cells, [(Some(1), None), (None, None)]);
        let empty = crate::graph::SupplyGraph::default();
        assert!(super::brokerage(&empty, &[]).is_empty());
        assert!(super::region_flows(&empty, &[]).cells.is_empty());
    }
}
