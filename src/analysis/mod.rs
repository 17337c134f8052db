//! Analyses over the supply graph (and, for totals, over the transactions frame). Plain functions
//! returning plain data, in the manner of `petgraph::algo`; nothing here prints.

pub mod balance;
pub mod chains;
pub mod disrupt;
pub mod leads;
pub mod networks;
pub mod places;
pub mod players;
pub mod report;
pub mod roles;
pub mod temporal;
pub mod totals;
pub mod trace;
pub mod value;

pub use balance::{BalanceRow, Status, balance};
pub use chains::{
    Chain, Chains, InTime, Lineage, chains, chains_in_time, species_chains, species_chains_in_time,
};
pub use leads::{Lead, LeadKind, leads};
pub use networks::{Network, cycles, network_of, networks};
pub use players::{Label, Player, players, players_of, species_chain_share};
pub use report::{Findings, FindingsOptions, findings, findings_with};
pub use roles::{PartyProfile, Role, profiles, tiers};
pub use temporal::{LinkDates, trace_in_time};
pub use totals::{By, Filter, TotalKey, TotalRow, totals};
pub use trace::{Direction, Traced, links_among, trace};

#[cfg(test)]
pub(crate) mod tests {
    use crate::case::{Flows, Tally};
    use crate::graph::SupplyGraph;

    /// A graph with one 1 kg flow of species `x` per (seller, buyer) pair.
    pub fn graph(links: &[(&str, &str)]) -> SupplyGraph {
        let flows = std::sync::Arc::new(Flows::from_named(
            links
                .iter()
                .map(|(s, b)| (*s, *b, "x", Tally::of_kg(1.0, 1))),
        ));
        SupplyGraph::from_flows(&flows, None)
    }

    /// The links of a ladder: `layers` layers of `width` parties (`p0003_1`: layer 3, party 1),
    /// each party linked to every party of the next layer, so `width^layers` chains.
    pub fn ladder(layers: usize, width: usize) -> Vec<(String, String)> {
        let name = |l: usize, i: usize| format!("p{l:04}_{i}");
        let mut links = Vec::new();
        for l in 1..layers {
            for i in 0..width {
                for j in 0..width {
                    links.push((name(l - 1, i), name(l, j)));
                }
            }
        }
        links
    }

    /// [`graph`] of owned names.
    pub fn graph_of(links: &[(String, String)]) -> SupplyGraph {
        let refs: Vec<(&str, &str)> = links
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        graph(&refs)
    }
}
