//! Leads: a ranked list of what an investigator should look at next, drawn from the balances,
//! the key players and the cycles. A lead is facts only (its kind, party and species ids, weights
//! in mg, dates and rows); `render::leads` words it, in the unit the reader asked for.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::balance::{BalanceRow, Note, RowRef, Status};
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
    },
    /// The party with the largest share of the source-to-sink chains (the lead's weight is its
    /// throughput).
    KeyParty {
        chain_share: f64,
        labels: Vec<Label>,
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
        }
    }

    fn of(party: u32, species: Vec<u32>, weight_mg: Option<i64>, facts: Facts) -> Lead {
        Lead {
            parties: vec![party],
            species,
            weight_mg,
            facts,
        }
    }
}

/// Ranks the leads: unexplained supply, origins of known volume, negative stock, the key party,
/// cycles, unsold stock, origins of unknown volume, then balances that cannot be judged; within a
/// rank, the largest weight first, then by party and species names.
///
/// `balance` is [`super::balance()`] of the case (sorted by party), `players` is
/// [`super::players()`] of `g` and `cycles` is [`super::cycles()`] of `g`.
///
/// # Complexity
/// O(B + E + L log L) for B balance rows, E links and L leads; no text is made.
pub fn leads(
    case: &Case,
    g: &SupplyGraph,
    balance: &[BalanceRow],
    players: &[Player],
    cycles: &[Vec<NodeIndex>],
) -> Vec<Lead> {
    // (rank, the larger the weight the smaller, lead)
    let mut ranked: Vec<(u8, i64, Lead)> = Vec::new();
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
            ranked.push(never_buys(id, rows));
            continue;
        }
        for r in rows {
            let Some(s) = r.species else { continue };
            let of = |weight_mg, facts| Lead::of(id, vec![s], weight_mg, facts);
            match r.status {
                Status::Origin => ranked.push((
                    if r.sold_mg.is_some() { 1 } else { 6 },
                    -r.sold_mg.unwrap_or(0),
                    of(
                        r.sold_mg,
                        Facts::Origin {
                            never_buys: false,
                            unknown_weight: false,
                        },
                    ),
                )),
                Status::UnexplainedSupply => ranked.push((
                    0,
                    -r.difference_mg.unwrap_or(0),
                    of(
                        r.difference_mg,
                        Facts::UnexplainedSupply { amount: amount(r) },
                    ),
                )),
                Status::UnsoldStock if sells => ranked.push((
                    5,
                    r.difference_mg.unwrap_or(0),
                    of(
                        r.difference_mg.map(|d| -d),
                        Facts::UnsoldStock { amount: amount(r) },
                    ),
                )),
                _ => {}
            }
            // An origin sells before it buys by definition: its negative stock is no extra lead.
            if let Some(date) = r.negative_stock_date.filter(|_| r.status != Status::Origin) {
                ranked.push((2, 0, of(None, Facts::NegativeStock { date })));
            }
        }
        // Balances that cannot be judged, once per party that both buys and sells.
        if sells && buys {
            ranked.extend(undecided(id, rows));
            ranked.extend(processing(id, rows));
        }
    }

    if let Some(top) = players.first().filter(|t| t.chain_share > 0.0) {
        let facts = Facts::KeyParty {
            chain_share: top.chain_share,
            labels: top.labels.clone(),
        };
        let id = g.graph[top.party].id;
        ranked.push((
            3,
            0,
            Lead::of(id, Vec::new(), throughput_mg(g, top.party), facts),
        ));
    }
    for c in cycles {
        let lead = Lead {
            parties: c.iter().map(|&p| g.graph[p].id).collect(),
            species: Vec::new(),
            weight_mg: None,
            facts: Facts::Cycle,
        };
        ranked.push((4, 0, lead));
    }
    // Ids are in name order, so ordering by ids is ordering by names.
    ranked.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| a.2.parties.cmp(&b.2.parties))
            .then_with(|| a.2.species.cmp(&b.2.species))
    });
    ranked.into_iter().map(|(_, _, l)| l).collect()
}

/// Adds, after the leads of rank 3 (the key party), one lead per species whose price jumps at a
/// party (the largest sale / purchase price ratio above 1), largest ratio first.
pub fn add_price_jumps(leads: &mut Vec<Lead>, prices: &[super::value::SpeciesPrices]) {
    let mut jumps: Vec<(f64, Lead)> = prices
        .iter()
        .filter_map(|p| {
            let step = p.jump()?;
            let ratio = step.ratio(p.basis).filter(|r| *r > 1.0)?;
            Some((
                ratio,
                Lead {
                    parties: vec![step.party],
                    species: vec![p.species],
                    weight_mg: None,
                    facts: Facts::PriceJump {
                        basis: p.basis,
                        bought: step.bought,
                        sold: step.sold,
                    },
                },
            ))
        })
        .collect();
    jumps.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.species.cmp(&b.1.species))
    });
    // After the origins, unexplained supply, negative stock and the key party.
    let at = leads
        .iter()
        .position(|l| {
            !matches!(
                l.kind(),
                LeadKind::UnexplainedSupply | LeadKind::NegativeStock | LeadKind::KeyParty
            ) && !matches!(l.facts, Facts::Origin { .. } if l.weight_mg.is_some())
        })
        .unwrap_or(leads.len());
    for (k, (_, lead)) in jumps.into_iter().enumerate() {
        leads.insert(at + k, lead);
    }
}

/// The origin lead of a party that never buys: all it sold, of all its species.
fn never_buys(id: u32, rows: &[BalanceRow]) -> (u8, i64, Lead) {
    let per_species = || rows.iter().filter(|r| r.species.is_some());
    let species: Vec<u32> = per_species().filter_map(|r| r.species).collect();
    let known: Vec<i64> = per_species().filter_map(|r| r.sold_mg).collect();
    let unknown_weight = per_species().any(|r| r.sold_mg.is_none() || r.unknown_rows > 0);
    let weight = (!known.is_empty()).then(|| known.iter().sum::<i64>());
    let facts = Facts::Origin {
        never_buys: true,
        unknown_weight,
    };
    (
        if weight.is_some() { 1 } else { 6 },
        -weight.unwrap_or(0),
        Lead::of(id, species, weight, facts),
    )
}

/// The lead of a party (that buys and sells) whose balance cannot be judged for some species.
fn undecided(id: u32, rows: &[BalanceRow]) -> Option<(u8, i64, Lead)> {
    let undecided: Vec<&BalanceRow> = rows
        .iter()
        .filter(|r| r.status == Status::Indeterminate)
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
    let facts = Facts::Indeterminate {
        unknown_rows,
        first_unknown,
        blocked,
        generic,
    };
    Some((7, 0, Lead::of(id, species, None, facts)))
}

/// The processing lead of a party (that buys and sells) whose balance compares products that
/// change form: what it bought and what it sold of its `transformed` or converted rows, when
/// those differ. Ranked with cycles, the larger bought weight first.
fn processing(id: u32, rows: &[BalanceRow]) -> Option<(u8, i64, Lead)> {
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
    Some((
        4,
        -weight.unwrap_or(0),
        Lead::of(id, species, weight, facts),
    ))
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
