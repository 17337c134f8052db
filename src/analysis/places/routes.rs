//! Chain routes (the regions a chain passes, party by party) and the trade-chain index of each
//! region (where it sits between origin and market).
//!
//! # Trade-chain index
//! After TRAFFIC's trade-chain index (which places each country of the elephant-ivory trade
//! between source and end market), each party on a chain of `h` links gets the position `i / h`
//! for its place `i` on the chain: 0 at the source, 1 at the sink, fractions between. A region's
//! index is the mean of the positions of its parties over every chain they are on (a party on
//! three chains counts three times): near 0 a region of origin, near 1 a region of markets, between
//! a region of transit. Each chain counts once, whatever its kg, because most links of a real case
//! have no known weight: weighting by known kg would silently drop the chains of unknown weight.
//! The kg-weighted index is given beside it, weighting each chain by its bottleneck (the smallest
//! known kg of its species on any of its links), with the chains of unknown bottleneck counted apart.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{crosses, region_key, region_of};
use crate::analysis::Chain;

/// The route of one chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    /// Index of the chain in the slice given.
    pub chain: u32,
    /// The region of each party of the chain, source first (`None`: unknown).
    pub regions: Vec<Option<u32>>,
    /// The positions (0 = first link) of the chain's links that cross a border: both ends' regions
    /// known and different.
    pub crossings: Vec<u32>,
}

/// Chains that follow the same route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteCount {
    pub regions: Vec<Option<u32>>,
    pub chains: u64,
}

/// One region's place between origin and market.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainIndex {
    pub region: Option<u32>,
    /// Mean position of its parties on chains (0 source … 1 sink).
    pub index: f64,
    /// (chain, party) occurrences the mean is over.
    pub occurrences: u64,
    /// Of them, at the source, in between, at the sink.
    pub at_source: u64,
    pub between: u64,
    pub at_sink: u64,
    /// The mean position weighted by each chain's known bottleneck; `None` when no chain through
    /// the region has a known one.
    pub kg_index: Option<f64>,
    /// Occurrences on chains whose bottleneck is unknown (left out of `kg_index`).
    pub unknown_kg_occurrences: u64,
}

/// The route of each chain, in the order given.
///
/// # Complexity
/// O(Σ hops).
pub fn routes(chains: &[Chain], regions: &[Option<u32>]) -> Vec<Route> {
    chains
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let regions: Vec<Option<u32>> = c.path.iter().map(|&p| region_of(regions, p)).collect();
            let crossings = regions
                .windows(2)
                .enumerate()
                .filter(|(_, w)| crosses(w[0], w[1]))
                .map(|(k, _)| k as u32)
                .collect();
            Route {
                chain: i as u32,
                regions,
                crossings,
            }
        })
        .collect()
}

/// The distinct routes with the number of chains on each: most chains first, then by the regions
/// (codes in order, unknown last).
///
/// # Complexity
/// O(R log R · hops) for R routes.
pub fn route_counts(routes: &[Route]) -> Vec<RouteCount> {
    let mut by: BTreeMap<Vec<(bool, u32)>, u64> = BTreeMap::new();
    for r in routes {
        *by.entry(r.regions.iter().map(|&x| region_key(x)).collect())
            .or_default() += 1;
    }
    let mut out: Vec<RouteCount> = by
        .into_iter()
        .map(|(k, chains)| RouteCount {
            regions: k.into_iter().map(|(u, c)| (!u).then_some(c)).collect(),
            chains,
        })
        .collect();
    // Stable: equal counts stay in region order.
    out.sort_by_key(|r| std::cmp::Reverse(r.chains));
    out
}

/// The trade-chain index of every region with a party on a chain (see the module's documentation),
/// sorted by region (codes in order, unknown last). It is over the chains given: when the chain
/// search was truncated, over those listed.
///
/// # Complexity
/// O(Σ hops · log R) for R regions.
pub fn trade_chain_index(chains: &[Chain], regions: &[Option<u32>]) -> Vec<ChainIndex> {
    #[derive(Default)]
    struct Acc {
        sum: f64,
        n: u64,
        at_source: u64,
        between: u64,
        at_sink: u64,
        kg_sum: f64,
        kg: f64,
        unknown_kg: u64,
    }
    let mut by: BTreeMap<(bool, u32), Acc> = BTreeMap::new();
    for c in chains {
        let h = c.hops();
        if h == 0 {
            continue;
        }
        let kg = c.bottleneck_kg();
        for (i, &p) in c.path.iter().enumerate() {
            let at = i as f64 / h as f64;
            let a = by.entry(region_key(region_of(regions, p))).or_default();
            a.sum += at;
            a.n += 1;
            match i {
                0 => a.at_source += 1,
                i if i == h => a.at_sink += 1,
                _ => a.between += 1,
            }
            match kg {
                Some(kg) => {
                    a.kg_sum += at * kg;
                    a.kg += kg;
                }
                None => a.unknown_kg += 1,
            }
        }
    }
    by.into_iter()
        .map(|((u, code), a)| ChainIndex {
            region: (!u).then_some(code),
            index: a.sum / a.n as f64,
            occurrences: a.n,
            at_source: a.at_source,
            between: a.between,
            at_sink: a.at_sink,
            kg_index: (a.kg > 0.0).then(|| a.kg_sum / a.kg),
            unknown_kg_occurrences: a.unknown_kg,
        })
        .collect()
}
