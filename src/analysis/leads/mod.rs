//! Leads: a ranked list of what an investigator should look at next, drawn from the balances,
//! the key players, the cycles, the prices and the places (who carries goods across a province
//! border). A lead is facts only (its kind, party and species ids, weights in mg, dates and rows,
//! its score and the rows it rests on); `render::leads` words it, in the unit the reader asked
//! for. [`rank`] scores them by what is at stake, keeps the
//! immaterial ones out (one line for the quiet sources) and groups one party's findings.

mod rank;

/// Whether a chain share is every chain (1, give or take rounding): the only share that lets a
/// lead say the network cannot work without the party.
pub fn on_every_chain(chain_share: f64) -> bool {
    chain_share >= 1.0 - 1e-12
}

pub use rank::{BORDER_LISTED, EVIDENCE_KEPT, LeadOptions, default_min_share, ranked};

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::balance::{BalanceRow, Note, RowRef, Status};
use super::places::{BrokerRole, Brokerage, Weighed, add_mg};
use super::players::{Label, Player};
use crate::case::Case;
use crate::graph::SupplyGraph;
use crate::ingest::date::DateKey;

/// What kind of lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadKind {
    Origin,
    UnexplainedSupply,
    NegativeStock,
    UnsoldStock,
    Indeterminate,
    Cycle,
    KeyParty,
    PriceJump,
    Processing,
    /// The sources with no recorded supplier that sold too little each to be a lead, and the
    /// findings under the materiality floor: one line.
    QuietSources,
    /// A party that buys in one province and sells into another (Gould–Fernandez brokerage with
    /// the province as the group).
    CrossBorder,
}

impl LeadKind {
    pub fn name(self) -> &'static str {
        match self {
            LeadKind::Origin => "origin",
            LeadKind::UnexplainedSupply => "unexplained_supply",
            LeadKind::NegativeStock => "negative_stock",
            LeadKind::UnsoldStock => "unsold_stock",
            LeadKind::Indeterminate => "indeterminate",
            LeadKind::Cycle => "cycle",
            LeadKind::KeyParty => "key_party",
            LeadKind::PriceJump => "price_jump",
            LeadKind::Processing => "processing",
            LeadKind::QuietSources => "quiet_sources",
            LeadKind::CrossBorder => "cross_border",
        }
    }
}

/// What a lead says beyond its parties, species and weight: one variant per kind of lead.
#[derive(Debug, Clone, PartialEq)]
pub enum Facts {
    /// Sold with no recorded supplier. `never_buys`: the party buys nothing at all, and the lead
    /// covers all it sold (`unknown_weight`: some of that has no known weight); otherwise it buys
    /// other species but never this one.
    Origin {
        never_buys: bool,
        unknown_weight: bool,
    },
    /// Sold more of a species than it bought (the lead's weight, when compared in weight, is the
    /// difference).
    UnexplainedSupply { amount: Amount },
    /// Bought more of a species than it sold (likewise).
    UnsoldStock { amount: Amount },
    /// Sold a species on `date` before it had bought enough of it.
    NegativeStock { date: DateKey },
    /// The balance of a party that buys and sells cannot be judged (the lead's species).
    Indeterminate {
        /// Rows of those species with no known weight, and the first of them.
        unknown_rows: u64,
        first_unknown: Option<RowRef>,
        /// Species blocked only by rows of unspecified species, and those generic labels
        /// (both empty unless both are there).
        blocked: Vec<u32>,
        generic: Vec<u32>,
        /// Some of those species are given in counts of animals in some rows and weights in
        /// others, which cannot be compared.
        mixed: bool,
        /// Other labels (species ids) whose rows may hold those species (or be held by them).
        others: Vec<u32>,
    },
    /// The party with the largest share of the source-to-sink chains (a tie goes to the one that
    /// handled the most kg); the lead's weight is its throughput. `handled_mg`: the larger of
    /// what it bought and what it sold; `total_mg`: the known weight of the case.
    KeyParty {
        chain_share: f64,
        labels: Vec<Label>,
        handled_mg: Option<i64>,
        total_mg: i64,
    },
    /// The parties sell to each other round a cycle.
    Cycle,
    /// The party where the price of the lead's species jumps most along its chains: it buys at
    /// `bought` and sells at `sold` (fen over mg or animals).
    PriceJump {
        basis: super::value::Basis,
        bought: super::value::PriceSum,
        sold: super::value::PriceSum,
    },
    /// The party bought some products of a taxon and sold others (whole pangolins in, scales out):
    /// a processing step. `bought` and `sold` are species ids (labels) of its `transformed` (or
    /// converted) balance rows; the lead's weight is what it bought of them, when known.
    Processing { bought: Vec<u32>, sold: Vec<u32> },
    /// `sources` parties sold with no recorded supplier but each too little to be a lead
    /// (`unknown`: of them, those whose weight is not known at all; the lead's weight is what
    /// they sold, when known); `below` other findings fell under the floor of `floor_mg`;
    /// `border` parties carrying goods across a border were left out past the first few.
    QuietSources {
        sources: u64,
        unknown: u64,
        below: u64,
        floor_mg: i64,
        /// Parties carrying goods across a border past the first [`BORDER_LISTED`]: counted,
        /// not listed (`wildchain places` lists them all).
        border: u64,
    },
    /// The party carries goods across a border: open two-paths a → party → b with a's and b's
    /// provinces known and different, the party a gatekeeper, representative or liaison
    /// ([`border`]). The lead's weight is the known kg it carried across: the larger of what it
    /// bought from other provinces and what it sold into other provinces (`None`: no weight of
    /// those links is known, not 0).
    CrossBorder(Box<Border>),
}

/// What a [`Facts::CrossBorder`] lead rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Border {
    /// The party's own province (a GB/T 2260 code).
    pub region: u32,
    /// Its role with the most two-paths across (gatekeeper, representative or liaison; a tie goes
    /// to the liaison, then the representative).
    pub role: BrokerRole,
    /// The provinces it buys from and sells into on those two-paths, by code.
    pub from: Vec<u32>,
    pub to: Vec<u32>,
    /// The open two-paths from one province into another through it.
    pub two_paths: u64,
    /// Its links from suppliers in `from`, and to customers in `to`: known kg, rows, rows of
    /// unknown weight.
    pub bought: Weighed,
    pub sold: Weighed,
    /// Those suppliers and customers (case ids, sorted): the rows the lead rests on.
    pub suppliers: Vec<u32>,
    pub customers: Vec<u32>,
}

/// What a balance lead compared: weights, or (for a species traded in counts) animals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    Weight {
        sold_mg: Option<i64>,
        bought_mg: Option<i64>,
    },
    Animals {
        sold: i64,
        bought: i64,
    },
}

/// What a balance row compared: animals when its species was compared in counts, else weights.
fn amount(r: &BalanceRow) -> Amount {
    if r.note == Note::Counts {
        Amount::Animals {
            sold: r.sold_count.unwrap_or(0),
            bought: r.bought_count.unwrap_or(0),
        }
    } else {
        Amount::Weight {
            sold_mg: r.sold_mg,
            bought_mg: r.bought_mg,
        }
    }
}

/// One lead, as facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    /// Party ids of the case: the one party the lead is about, or the members of a cycle, in
    /// name order.
    pub parties: Vec<u32>,
    /// Species ids, in name order.
    pub species: Vec<u32>,
    /// The weight the lead is about (sold with no supplier, unexplained, unsold …), in mg, when
    /// known.
    pub weight_mg: Option<i64>,
    pub facts: Facts,
    /// What is at stake as a share of the case, times how sure the finding is ([`rank`]): the
    /// order of the leads. 0 until ranked.
    pub score: f64,
    /// The kg (or animals, or 元, or parties for a cycle) the lead concerns as a share of the
    /// case's; 0 until ranked.
    pub share: f64,
    /// The lead's number: a party's several findings share it, listed together. 0 until ranked.
    pub group: u32,
    /// The first rows (source index, 1-based row) the lead rests on, at most
    /// [`EVIDENCE_KEPT`], in the order of the data (one row with a cell problem in place of the
    /// last when the first hold none); `evidence_rows` counts them all.
    pub evidence: Vec<(u32, u32)>,
    pub evidence_rows: u64,
}

impl Lead {
    /// What kind of lead it is.
    pub fn kind(&self) -> LeadKind {
        match self.facts {
            Facts::Origin { .. } => LeadKind::Origin,
            Facts::UnexplainedSupply { .. } => LeadKind::UnexplainedSupply,
            Facts::UnsoldStock { .. } => LeadKind::UnsoldStock,
            Facts::NegativeStock { .. } => LeadKind::NegativeStock,
            Facts::Indeterminate { .. } => LeadKind::Indeterminate,
            Facts::KeyParty { .. } => LeadKind::KeyParty,
            Facts::Cycle => LeadKind::Cycle,
            Facts::PriceJump { .. } => LeadKind::PriceJump,
            Facts::Processing { .. } => LeadKind::Processing,
            Facts::QuietSources { .. } => LeadKind::QuietSources,
            Facts::CrossBorder(_) => LeadKind::CrossBorder,
        }
    }

    fn of(party: u32, species: Vec<u32>, weight_mg: Option<i64>, facts: Facts) -> Lead {
        Lead::new(vec![party], species, weight_mg, facts)
    }

    /// A lead not yet ranked.
    pub fn new(parties: Vec<u32>, species: Vec<u32>, weight_mg: Option<i64>, facts: Facts) -> Lead {
        Lead {
            parties,
            species,
            weight_mg,
            facts,
            score: 0.0,
            share: 0.0,
            group: 0,
            evidence: Vec::new(),
            evidence_rows: 0,
        }
    }
}

/// The leads of a case, ranked with the default floor ([`ranked`] with [`LeadOptions::of`] the
/// tolerance 0.1, and no prices).
///
/// `balance` is [`super::balance()`] of the case (sorted by party), `players` is
/// [`super::players()`] of `g` and `cycles` is [`super::cycles()`] of `g`.
pub fn leads(
    case: &Case,
    g: &SupplyGraph,
    balance: &[BalanceRow],
    players: &[Player],
    cycles: &[Vec<NodeIndex>],
) -> Vec<Lead> {
    ranked(
        case,
        g,
        balance,
        players,
        cycles,
        &[],
        super::places::PlaceFindings::of(case, g).as_ref(),
        &LeadOptions::of(case, g, 0.1, None),
    )
}

/// Every finding, unranked and unfiltered, each given to `out` as it is found: one lead per
/// balance verdict worth a look, the key party, each cycle and each species' price jump. They are
/// given, not gathered: where almost every party is new, most are sources too small to be a lead
/// each, and a list of them all held some 300 bytes a source (300 MB at a million sources).
///
/// # Complexity
/// O(B + E + P) for B balance rows, E links and P prices; no text is made.
#[allow(clippy::too_many_arguments)]
pub(super) fn candidates(
    case: &Case,
    g: &SupplyGraph,
    balance: &[BalanceRow],
    players: &[Player],
    cycles: &[Vec<NodeIndex>],
    prices: &[super::value::SpeciesPrices],
    places: Option<&super::places::PlaceFindings>,
    out: &mut impl FnMut(Lead),
) {
    // Which parties sell and buy, by id.
    let mut sells = vec![false; case.data.parties.len()];
    let mut buys = vec![false; case.data.parties.len()];
    for e in g.graph.edge_references() {
        sells[g.graph[e.source()].id as usize] = true;
        buys[g.graph[e.target()].id as usize] = true;
    }

    // Balance rows come sorted by party: one group per party.
    for rows in balance.chunk_by(|a, b| a.party == b.party) {
        let id = rows[0].party;
        let (sells, buys) = (sells[id as usize], buys[id as usize]);
        if sells && !buys {
            out(never_buys(id, rows));
            continue;
        }
        for r in rows {
            let Some(s) = r.species else { continue };
            let of = |weight_mg, facts| Lead::of(id, vec![s], weight_mg, facts);
            match r.status {
                Status::Origin => out(of(
                    r.sold_mg,
                    Facts::Origin {
                        never_buys: false,
                        unknown_weight: r.unknown_rows > 0,
                    },
                )),
                Status::UnexplainedSupply => out(of(
                    r.difference_mg,
                    Facts::UnexplainedSupply { amount: amount(r) },
                )),
                Status::UnsoldStock if sells => out(of(
                    r.difference_mg.map(|d| -d),
                    Facts::UnsoldStock { amount: amount(r) },
                )),
                _ => {}
            }
            // An origin sells before it buys by definition: its negative stock is no extra lead.
            if let Some(date) = r.negative_stock_date.filter(|_| r.status != Status::Origin) {
                // The weight at stake is what it sold of the species.
                out(of(r.sold_mg, Facts::NegativeStock { date }));
            }
        }
        // Balances that cannot be judged, once per party that both buys and sells.
        if sells && buys {
            undecided(id, rows).into_iter().for_each(&mut *out);
            processing(id, rows).into_iter().for_each(&mut *out);
        }
    }

    if let Some(top) = key_party(g, players) {
        let handled_mg = handled_mg(g, top.party);
        let facts = Facts::KeyParty {
            chain_share: top.chain_share,
            labels: top.labels.clone(),
            handled_mg,
            total_mg: total_mg(case),
        };
        let id = g.graph[top.party].id;
        out(Lead::of(id, Vec::new(), throughput_mg(g, top.party), facts));
    }
    for c in cycles {
        let mut parties: Vec<u32> = c.iter().map(|&p| g.graph[p].id).collect();
        parties.sort_unstable();
        out(Lead::new(parties, Vec::new(), None, Facts::Cycle));
    }
    price_jumps(prices).into_iter().for_each(&mut *out);
    if let Some(p) = places {
        crossings(g, p).into_iter().for_each(&mut *out);
    }
}

/// One lead per party that carries goods across a province border ([`border`]).
///
/// # Complexity
/// O(V): the brokerage is the findings'.
fn crossings(g: &SupplyGraph, p: &super::places::PlaceFindings) -> Vec<Lead> {
    (p.brokerage.iter())
        .filter_map(|x| border(g, &p.regions, x))
        .map(|(party, weight, facts)| {
            Lead::of(
                party,
                Vec::new(),
                weight,
                Facts::CrossBorder(Box::new(facts)),
            )
        })
        .collect()
}

/// The border lead of one party's brokerage: `None` unless some open two-path through it runs
/// from one known province into another (its role gatekeeper, representative or liaison; an
/// itinerant's goods go back where they came from, a coordinator's never leave). Gives the
/// party's case id, the known kg carried across and the facts.
pub(super) fn border(
    g: &SupplyGraph,
    regions: &[Option<u32>],
    b: &Brokerage,
) -> Option<(u32, Option<i64>, Border)> {
    const ACROSS: [BrokerRole; 3] = [
        BrokerRole::Gatekeeper,
        BrokerRole::Representative,
        BrokerRole::Liaison,
    ];
    let home = b.region?;
    let pairs = || b.pairs.iter().filter(|p| ACROSS.contains(&p.role));
    let two_paths: u64 = pairs().map(|p| p.two_paths).sum();
    if two_paths == 0 {
        return None;
    }
    // A tie goes to the last of ACROSS: the liaison, then the representative.
    let role = ACROSS
        .into_iter()
        .max_by_key(|&r| b.roles.get(r))
        .unwrap_or(BrokerRole::Representative);
    let set = |f: fn(&super::places::BrokeredPair) -> Option<u32>| {
        let mut v: Vec<u32> = pairs().filter_map(f).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (from, to) = (set(|p| p.from), set(|p| p.to));
    let v = NodeIndex::new(b.party as usize);
    let region = |p: NodeIndex| super::places::region_of(regions, p);
    let (mut bought, mut sold) = (Weighed::default(), Weighed::default());
    let (mut in_across, mut out_across) = (None, None);
    let (mut suppliers, mut customers) = (Vec::new(), Vec::new());
    for e in g.graph.edges_directed(v, Incoming) {
        let (a, t) = (e.source(), &e.weight().tally);
        // Not itself, nor a supplier outside the provinces it buys from (or of unknown place).
        if a == v || region(a).is_none_or(|r| from.binary_search(&r).is_err()) {
            continue;
        }
        bought.add_link(t);
        suppliers.push(g.graph[a].id);
        if region(a) != Some(home) {
            in_across = add_mg(in_across, t.weight_mg);
        }
    }
    for e in g.graph.edges_directed(v, Outgoing) {
        let (c, t) = (e.target(), &e.weight().tally);
        if c == v || region(c).is_none_or(|r| to.binary_search(&r).is_err()) {
            continue;
        }
        sold.add_link(t);
        customers.push(g.graph[c].id);
        if region(c) != Some(home) {
            out_across = add_mg(out_across, t.weight_mg);
        }
    }
    suppliers.sort_unstable();
    customers.sort_unstable();
    let facts = Border {
        region: home,
        role,
        from,
        to,
        two_paths,
        bought,
        sold,
        suppliers,
        customers,
    };
    Some((g.graph[v].id, in_across.max(out_across), facts))
}

/// The key party: the largest chain share (above 0); of parties with the same share, the one
/// that handled the most kg, then the first in node order. Never picked by name alone: a tie in
/// share once named a dealer that bought a quarter of what the busiest one did.
fn key_party<'a>(g: &SupplyGraph, players: &'a [Player]) -> Option<&'a Player> {
    let top = players.iter().map(|p| p.chain_share).fold(0.0f64, f64::max);
    if top <= 0.0 {
        return None;
    }
    players
        .iter()
        .filter(|p| p.chain_share >= top * (1.0 - 1e-12))
        .max_by(|a, b| {
            let (x, y) = (handled_mg(g, a.party), handled_mg(g, b.party));
            x.cmp(&y)
                .then_with(|| throughput_mg(g, a.party).cmp(&throughput_mg(g, b.party)))
                .then_with(|| b.party.cmp(&a.party))
        })
}

/// One lead per species whose price jumps at a party (the largest sale / purchase price ratio
/// above 1).
fn price_jumps(prices: &[super::value::SpeciesPrices]) -> Vec<Lead> {
    prices
        .iter()
        .filter_map(|p| {
            let step = p.jump()?;
            step.ratio(p.basis).filter(|r| *r > 1.0)?;
            Some(Lead::new(
                vec![step.party],
                vec![p.species],
                None,
                Facts::PriceJump {
                    basis: p.basis,
                    bought: step.bought,
                    sold: step.sold,
                },
            ))
        })
        .collect()
}

/// The known weight of the case, in mg: every flow's known weight.
pub(super) fn total_mg(case: &Case) -> i64 {
    case.flows()
        .flows
        .iter()
        .filter_map(|f| f.tally.weight_mg)
        .sum()
}

/// The origin lead of a party that never buys: all it sold, of all its species.
fn never_buys(id: u32, rows: &[BalanceRow]) -> Lead {
    let per_species = || rows.iter().filter(|r| r.species.is_some());
    let species: Vec<u32> = per_species().filter_map(|r| r.species).collect();
    let known: Vec<i64> = per_species().filter_map(|r| r.sold_mg).collect();
    let unknown_weight = per_species().any(|r| r.sold_mg.is_none() || r.unknown_rows > 0);
    let weight = (!known.is_empty()).then(|| known.iter().sum::<i64>());
    let facts = Facts::Origin {
        never_buys: true,
        unknown_weight,
    };
    Lead::of(id, species, weight, facts)
}

/// The lead of a party (that buys and sells) whose balance cannot be judged for some species.
/// The party's line over all species is no lead of its own: when each species is judged, its
/// counts and weights not adding up across species says nothing (and names no species).
fn undecided(id: u32, rows: &[BalanceRow]) -> Option<Lead> {
    let undecided: Vec<&BalanceRow> = rows
        .iter()
        .filter(|r| r.status == Status::Indeterminate && r.species.is_some())
        .collect();
    if undecided.is_empty() {
        return None;
    }
    let species: Vec<u32> = undecided.iter().filter_map(|r| r.species).collect();
    let unknown_rows: u64 = undecided
        .iter()
        .filter(|r| r.species.is_some())
        .map(|r| r.unknown_rows)
        .sum();
    let first_unknown = undecided.iter().filter_map(|r| r.first_unknown_row).min();
    // Species whose balance is blocked only by rows of unspecified species.
    let mut blocked: Vec<u32> = undecided
        .iter()
        .filter(|r| r.unknown_rows == 0 && !r.generic)
        .filter_map(|r| r.species)
        .collect();
    let mut generic: Vec<u32> = rows
        .iter()
        .filter(|r| r.generic)
        .filter_map(|r| r.species)
        .collect();
    if blocked.is_empty() || generic.is_empty() {
        blocked.clear();
        generic.clear();
    }
    // What else keeps them from being judged: counts mixed with weights, other labels.
    let mixed = undecided.iter().any(|r| r.note == Note::Mixed);
    let mut others: Vec<u32> = undecided
        .iter()
        .flat_map(|r| match &r.note {
            Note::OtherLabels { others, .. } | Note::Transformed { others } => others.clone(),
            _ => Vec::new(),
        })
        .filter(|s| !species.contains(s))
        .collect();
    others.sort_unstable();
    others.dedup();
    // The weight at stake: the larger of what it bought and sold of them, when known.
    let side = |f: fn(&BalanceRow) -> Option<i64>| -> Option<i64> {
        undecided
            .iter()
            .filter(|r| r.species.is_some())
            .filter_map(|r| f(r))
            .reduce(|a, b| a + b)
    };
    let weight = side(|r| r.bought_mg).max(side(|r| r.sold_mg));
    let facts = Facts::Indeterminate {
        unknown_rows,
        first_unknown,
        blocked,
        generic,
        mixed,
        others,
    };
    Some(Lead::of(id, species, weight, facts))
}

/// The processing lead of a party (that buys and sells) whose balance compares products that
/// change form: what it bought and what it sold of its `transformed` or converted rows, when
/// those differ.
fn processing(id: u32, rows: &[BalanceRow]) -> Option<Lead> {
    let changed: Vec<&BalanceRow> = rows
        .iter()
        .filter(|r| r.species.is_some())
        .filter(|r| {
            r.status == Status::Transformed
                || matches!(r.note, Note::Converted | Note::ConvertedInto(_))
        })
        .collect();
    let bought: Vec<u32> = changed
        .iter()
        .filter(|r| r.bought_mg.is_some_and(|m| m > 0) || r.bought_count.is_some_and(|c| c > 0))
        .filter_map(|r| r.species)
        .collect();
    let sold: Vec<u32> = changed
        .iter()
        .filter(|r| r.sold_mg.is_some_and(|m| m > 0) || r.sold_count.is_some_and(|c| c > 0))
        .filter_map(|r| r.species)
        .collect();
    if bought.is_empty() || sold.is_empty() || bought == sold {
        return None;
    }
    let known: Vec<i64> = changed
        .iter()
        .filter(|r| r.species.is_some_and(|s| bought.contains(&s)))
        .filter_map(|r| r.bought_mg)
        .collect();
    let weight = (!known.is_empty()).then(|| known.iter().sum::<i64>());
    let mut species: Vec<u32> = bought.iter().chain(&sold).copied().collect();
    species.sort_unstable();
    species.dedup();
    let facts = Facts::Processing { bought, sold };
    Some(Lead::of(id, species, weight, facts))
}

/// The larger of the known mg a party bought and sold; `None` when no weight of its links is
/// known.
pub(super) fn handled_mg(g: &SupplyGraph, p: NodeIndex) -> Option<i64> {
    let sum = |dir| {
        g.graph
            .edges_directed(p, dir)
            .filter_map(|e| e.weight().tally.weight_mg)
            .reduce(|a, b| a + b)
    };
    sum(Incoming).max(sum(Outgoing))
}

/// Known mg bought plus known mg sold by a party; `None` when no weight of its links is known.
/// ([`Player::throughput_kg`] in exact milligrams.)
fn throughput_mg(g: &SupplyGraph, p: NodeIndex) -> Option<i64> {
    let sum = |dir| {
        g.graph
            .edges_directed(p, dir)
            .filter_map(|e| e.weight().tally.weight_mg)
            .reduce(|a, b| a + b)
    };
    match (sum(Incoming), sum(Outgoing)) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::places::brokerage;
    use crate::analysis::tests::graph;

    /// Regions by name: the first letter's code (`h…` in H), `?` unknown.
    fn regions_of(g: &SupplyGraph) -> Vec<Option<u32>> {
        g.parties()
            .map(|p| {
                let c = g.name(p).chars().next().unwrap();
                (c != '?').then_some(c as u32)
            })
            .collect()
    }

    /// The border lead of each party, by name.
    fn borders(links: &[(&str, &str)]) -> Vec<(String, Option<i64>, Border)> {
        let g = graph(links);
        let regions = regions_of(&g);
        brokerage(&g, &regions)
            .iter()
            .filter_map(|b| border(&g, &regions, b))
            .map(|(id, w, facts)| {
                let node = g.parties().find(|&p| g.graph[p].id == id).unwrap();
                (g.name(node).to_string(), w, facts)
            })
            .collect()
    }

    #[test]
    fn only_a_party_passing_goods_from_one_known_province_into_another_gets_a_border_lead() {
        let found = borders(&[
            // hv: buys in H, sells into G (representative) and within H.
            ("ha", "hv"),
            ("hb", "hv"),
            ("hv", "gx"),
            ("hv", "hc"),
            // gv: buys and sells within G (coordinator).
            ("gy", "gv"),
            ("gv", "gz"),
            // hi: buys in Y and sells back into Y (itinerant): the goods go back where they came.
            ("ya", "hi"),
            ("hi", "yb"),
            // ?v: its own place unknown: nothing is said of it.
            ("hd", "?v"),
            ("?v", "ge"),
            // gk: buys from Y, sells within G (gatekeeper); yl: buys in H, sells into G (liaison).
            ("yc", "gk"),
            ("gk", "gw"),
            ("hf", "yl"),
            ("yl", "gu"),
        ]);
        let who: Vec<(&str, BrokerRole)> =
            found.iter().map(|(n, _, b)| (n.as_str(), b.role)).collect();
        assert_eq!(
            who,
            [
                ("gk", BrokerRole::Gatekeeper),
                ("hv", BrokerRole::Representative),
                ("yl", BrokerRole::Liaison)
            ]
        );
        let (_, weight, hv) = &found[1];
        let (h, g) = ('h' as u32, 'g' as u32);
        assert_eq!(
            (hv.region, hv.from.as_slice(), hv.to.as_slice()),
            (h, &[h][..], &[g][..])
        );
        assert_eq!(hv.two_paths, 2);
        // Bought from its two suppliers in H (2 kg), sold into G only (1 kg): carried across,
        // the larger side that crosses: 1 kg (what it bought stayed in H).
        assert_eq!((hv.bought.links, hv.bought.known_mg), (2, Some(2_000_000)));
        assert_eq!((hv.sold.links, hv.sold.known_mg), (1, Some(1_000_000)));
        assert_eq!(*weight, Some(1_000_000));
        assert_eq!(hv.suppliers.len(), 2);
        assert_eq!(hv.customers.len(), 1);
    }

    #[test]
    fn a_case_without_places_has_no_border_lead() {
        let case = crate::case::Case::load(&crate::case::Options::embedded().unwrap().with_inputs(
            vec![crate::ingest::Source::Path(
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/chenxi_case.csv"),
            )],
        ))
        .unwrap();
        let g = SupplyGraph::of_case(&case, None);
        assert!(crate::analysis::places::PlaceFindings::of(&case, &g).is_none());
        // The embedded case, with its parties file, gives 丁某某 one.
        let case = crate::case::Case::load(&crate::case::Options::embedded().unwrap()).unwrap();
        let g = SupplyGraph::of_case(&case, None);
        let p = crate::analysis::places::PlaceFindings::of(&case, &g).unwrap();
        let found = crossings(&g, &p);
        assert_eq!(found.len(), 1);
        assert_eq!(case.data.parties[found[0].parties[0] as usize], "丁某某");
        assert_eq!(found[0].weight_mg, None);
    }
}
