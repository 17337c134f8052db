//! Analyses over the supply graph (and, for totals, over the transactions frame). Plain functions
//! returning plain data, in the manner of `petgraph::algo`; nothing here prints.

pub mod chains;
pub mod names;
pub mod roles;
pub mod totals;
pub mod trace;

pub use chains::{Chain, Chains, chains};
pub use names::closest;
pub use roles::{PartyProfile, Role, profiles, tiers};
pub use totals::{By, Filter, TotalKey, TotalRow, totals};
pub use trace::{Direction, Traced, links_among, trace};

#[cfg(test)]
pub(crate) mod tests {
    use crate::graph::SupplyGraph;
    use crate::ingest::aggregate::{FlowRow, Tally};

    /// A graph with one 1 kg flow of species `x` per (seller, buyer) pair.
    pub fn graph(links: &[(&str, &str)]) -> SupplyGraph {
        let flows: Vec<FlowRow> = links
            .iter()
            .map(|(s, b)| FlowRow {
                seller: s.to_string(),
                buyer: b.to_string(),
                species: "x".into(),
                tally: Tally {
                    weight_kg: Some(1.0),
                    transactions: 1,
                    ..Tally::default()
                },
                sources: Vec::new(),
            })
            .collect();
        SupplyGraph::from_flows(&flows, None)
    }
}
