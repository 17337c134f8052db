//! The case report's analyses: every analysis `analyze` shows, each run once on the case and
//! shared by the sections that need it. A library user (a report, an export) gets the same
//! findings as the command line, without it.

use petgraph::graph::NodeIndex;

use super::{
    BalanceRow, By, Chains, Filter, Lead, Network, PartyProfile, Player, TotalRow, balance, cycles,
    networks, profiles, totals,
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
    /// The province of each party and the brokerage between provinces, when some party's
    /// province is known: computed once for the leads, `analyze`'s places and the report.
    pub places: Option<super::places::PlaceFindings>,
}

/// The options of the findings: at most `limit` chains, the mass balance with relative
/// `tolerance`, the materiality floor of the leads (`min_share`; `None`: the default,
/// [`super::leads::default_min_share`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FindingsOptions {
    pub limit: usize,
    pub tolerance: f64,
    pub min_share: Option<f64>,
}

/// Runs every analysis of the report on a loaded case: at most `limit` chains, the mass balance
/// with relative `tolerance`, the default floor of the leads.
pub fn findings(case: &Case, limit: usize, tolerance: f64) -> Findings<'_> {
    findings_with(
        case,
        &FindingsOptions {
            limit,
            tolerance,
            min_share: None,
        },
    )
}

/// [`findings`] with every option.
pub fn findings_with<'a>(case: &'a Case, opts: &FindingsOptions) -> Findings<'a> {
    let (limit, tolerance) = (opts.limit, opts.tolerance);
    let g = SupplyGraph::of_case(case, None);
    // Upstream first: by tier, then by name (node order is name order).
    let mut parties = profiles(&g);
    parties.sort_by_key(|p| (p.tier, p.party));
    // Chains follow one species label each, and so does every party's chain share.
    let lineage = super::Lineage::of_case(case);
    // The analyses of the graph on one thread and the mass balance, which walks the records, on
    // another, when there are cores and records enough for it to pay: neither reads what the
    // other makes, so the findings are the same either way.
    let of_graph = || {
        let chains = stage("chains", || {
            super::species_chains(&g, &lineage, None, limit)
        });
        let species = stage("species totals", || {
            totals(case, By::Species, &Filter::default())
        });
        let cycles = stage("cycles", || cycles(&g));
        let networks = stage("networks", || networks(&g));
        let players = stage("players", || super::players_of(&g, Some(&lineage)));
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
        let places = stage("brokerage", || super::places::PlaceFindings::of(case, &g));
        (
            chains, species, cycles, networks, players, money, prices, places,
        )
    };
    let of_records = || stage("balance", || balance(case, tolerance, None));
    let ((chains, species, cycles, networks, players, money, prices, places), balance) =
        if crate::parallel::threads(case.data.records.len()) > 1 {
            std::thread::scope(|sc| {
                let graph = sc.spawn(of_graph);
                let balance = of_records();
                let graph = crate::parallel::join(graph);
                (graph, balance)
            })
        } else {
            (of_graph(), of_records())
        };
    let leads = stage("leads", || {
        let o = super::leads::LeadOptions::of(case, &g, tolerance, opts.min_share);
        super::leads::ranked(
            case,
            &g,
            &balance,
            &players,
            &cycles,
            &prices,
            places.as_ref(),
            &o,
        )
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
        places,
    }
}

/// Leads whose parties the pictures keep apart and outline: the first few, as ranked.
pub const TOP_LEADS: usize = 5;

/// The parties (case ids) of the first `k` leads, in lead order, each once: those the overview
/// never folds into a group, and around which the report draws its small pictures.
pub fn lead_parties(leads: &[Lead], k: usize) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    // The first `k` leads by number: a party's further findings share its number; the line of
    // quiet sources is no lead of its own.
    let mut numbers: Vec<u32> = Vec::new();
    let firsts = leads
        .iter()
        .filter(|l| l.kind() != super::leads::LeadKind::QuietSources);
    for l in firsts {
        if !numbers.contains(&l.group) {
            if numbers.len() == k {
                break;
            }
            numbers.push(l.group);
        }
        for &p in &l.parties {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// The parties (case ids) of the first `k` leads of a case, for a command that draws the network
/// without the rest of the findings (`dot`): the analyses the leads rest on, run once.
///
/// # Complexity
/// That of [`super::players_of()`] (betweenness, species chain share) and [`super::cycles()`] on the case's graph.
pub fn top_lead_parties(case: &Case, tolerance: f64, k: usize) -> Vec<u32> {
    let g = SupplyGraph::of_case(case, None);
    let balance = balance(case, tolerance, None);
    let lineage = super::Lineage::of_case(case);
    let players = super::players_of(&g, Some(&lineage));
    let cycles = cycles(&g);
    let prices = if case.data.records.money.is_empty() {
        Vec::new()
    } else {
        super::value::value_chains(case, &g)
    };
    let o = super::leads::LeadOptions::of(case, &g, tolerance, None);
    let places = super::places::PlaceFindings::of(case, &g);
    let l = super::leads::ranked(
        case,
        &g,
        &balance,
        &players,
        &cycles,
        &prices,
        places.as_ref(),
        &o,
    );
    lead_parties(&l, k)
}

/// The nodes of `g` of the parties `ids` (case ids), in that order; parties not in `g` (another
/// species' graph, another network) left out.
pub fn nodes_of(g: &SupplyGraph, ids: &[u32]) -> Vec<NodeIndex> {
    let mut node = vec![None; ids.iter().map(|&i| i as usize + 1).max().unwrap_or(0)];
    for p in g.parties() {
        if let Some(slot) = node.get_mut(g.graph[p].id as usize) {
            *slot = Some(p);
        }
    }
    ids.iter().filter_map(|&i| node[i as usize]).collect()
}
