//! The case report's analyses: every analysis `analyze` shows, each run once on the case and
//! shared by the sections that need it. A library user (a report, an export) gets the same
//! findings as the command line, without it.

use petgraph::graph::NodeIndex;

use super::{
    BalanceRow, By, Chains, Filter, Lead, Network, PartyProfile, Player, TotalRow, balance, cycles,
    leads, networks, profiles, totals,
};
use crate::case::Case;
use crate::graph::SupplyGraph;
use crate::timing::stage;

/// What `analyze` found: each analysis run once, on ids, shared by the sections that need it.
pub struct Findings<'a> {
    pub case: &'a Case,
    pub graph: SupplyGraph,
    /// Every party's profile, upstream first: by tier, then by name.
    pub parties: Vec<PartyProfile>,
    pub chains: Chains,
    /// Totals per species.
    pub species: Vec<TotalRow>,
    pub networks: Vec<Network>,
    pub cycles: Vec<Vec<NodeIndex>>,
    pub players: Vec<Player>,
    pub balance: Vec<BalanceRow>,
    pub leads: Vec<Lead>,
    /// What each party spent and received, when the case says what was paid (else empty).
    pub money: Vec<super::value::PartyMoney>,
    /// The price along each species' chains (empty without prices).
    pub prices: Vec<super::value::SpeciesPrices>,
}

/// Runs every analysis of the report on a loaded case: at most `limit` chains, the mass balance
/// with relative `tolerance`.
pub fn findings(case: &Case, limit: usize, tolerance: f64) -> Findings<'_> {
    let g = SupplyGraph::of_case(case, None);
    // Upstream first: by tier, then by name (node order is name order).
    let mut parties = profiles(&g);
    parties.sort_by_key(|p| (p.tier, p.party));
    // Chains follow one species label each, and so does every party's chain share.
    let lineage = super::Lineage::of_case(case);
    let chains = stage("chains", || {
        super::species_chains(&g, &lineage, None, limit)
    });
    let species = stage("species totals", || {
        totals(case, By::Species, &Filter::default())
    });
    let cycles = stage("cycles", || cycles(&g));
    let networks = stage("networks", || networks(&g));
    let players = stage("players", || super::players_of(&g, Some(&lineage)));
    let balance = stage("balance", || balance(case, tolerance, None));
    let (money, prices) = if case.data.records.money.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        stage("money", || {
            (
                super::value::party_money(case),
                super::value::value_chains(case, &g),
            )
        })
    };
    let leads = stage("leads", || {
        let mut l = leads(case, &g, &balance, &players, &cycles);
        super::leads::add_price_jumps(&mut l, &prices);
        l
    });
    Findings {
        case,
        graph: g,
        parties,
        chains,
        species,
        networks,
        cycles,
        players,
        balance,
        leads,
        money,
        prices,
    }
}
