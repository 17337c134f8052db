//! Leads: a ranked list of what an investigator should look at next, drawn from the balances,
//! the key players and the cycles, each with the parties, species, figures and a one-line reason.

use serde::Serialize;

use petgraph::visit::EdgeRef;

use super::balance::{BalanceRow, Status};
use super::players::Player;
use crate::case::Case;
use crate::graph::SupplyGraph;
use crate::render::human_number;
use crate::units::mg_to_kg;

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
        }
    }
}

/// One lead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lead {
    pub kind: LeadKind,
    pub parties: Vec<String>,
    pub species: Vec<String>,
    /// The weight the lead is about (sold with no supplier, unexplained, unsold …), when known.
    pub weight_kg: Option<f64>,
    /// The reason, in one line.
    pub detail: String,
}

/// `625 kg (1,250 斤)`.
pub fn kg_and_jin(kg: f64) -> String {
    format!("{} kg ({} 斤)", grouped(kg), grouped(kg * 2.0))
}

/// A number with thousands separators: `1,250`, `0.5`.
fn grouped(x: f64) -> String {
    let s = human_number(x);
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

fn list(v: &[String]) -> String {
    v.join(", ")
}

/// Ranks the leads: unexplained supply, origins of known volume, negative stock, the key party,
/// cycles, unsold stock, origins of unknown volume, then balances that cannot be judged; within a
/// kind, the largest weight first.
pub fn leads(
    case: &Case,
    g: &SupplyGraph,
    balance: &[BalanceRow],
    players: &[Player],
    cycles: &[Vec<petgraph::graph::NodeIndex>],
) -> Vec<Lead> {
    let mut ranked: Vec<(u8, f64, Lead)> = Vec::new();
    let party_name = |id: u32| case.data.parties[id as usize].as_str();
    let species_name = |id: u32| case.data.species[id as usize].clone();
    // Which parties sell and buy, by id.
    let mut sells_v = vec![false; case.data.parties.len()];
    let mut buys_v = vec![false; case.data.parties.len()];
    for e in g.graph.edge_references() {
        sells_v[g.graph[e.source()].id as usize] = true;
        buys_v[g.graph[e.target()].id as usize] = true;
    }
    let sells = |p: u32| sells_v[p as usize];
    let buys = |p: u32| buys_v[p as usize];

    // Origins: a party that never buys, once with all it sold; a party that buys, per species.
    // Balance rows come sorted by party: one group per party.
    for group in balance.chunk_by(|a, b| a.party == b.party) {
        let id = group[0].party;
        let p = party_name(id);
        let rows: Vec<&BalanceRow> = group.iter().collect();
        let per_species = || rows.iter().filter(|r| r.species.is_some());
        if sells(id) && !buys(id) {
            let species: Vec<String> = per_species()
                .filter_map(|r| r.species.map(species_name))
                .collect();
            let known: Vec<i64> = per_species().filter_map(|r| r.sold_mg).collect();
            let unknown = per_species().any(|r| r.sold_mg.is_none() || r.unknown_rows > 0);
            let weight = (!known.is_empty()).then(|| mg_to_kg(known.iter().sum::<i64>()));
            let what = match (weight, unknown) {
                (Some(w), false) => kg_and_jin(w),
                (Some(w), true) => format!("at least {} and more of unknown weight", kg_and_jin(w)),
                (None, _) => "an unknown weight".to_string(),
            };
            let of = if species.len() == 1 {
                species[0].clone()
            } else {
                format!("{} species ({})", species.len(), list(&species))
            };
            let lead = Lead {
                kind: LeadKind::Origin,
                parties: vec![p.to_string()],
                species,
                weight_kg: weight,
                detail: format!(
                    "{p} sold {what} of {of} with no recorded supplier: where did it come from?"
                ),
            };
            ranked.push((
                if weight.is_some() { 1 } else { 6 },
                -weight.unwrap_or(0.0),
                lead,
            ));
            continue;
        }
        for r in per_species() {
            let s = r.species.map(species_name).unwrap_or_default();
            let sold = r
                .sold_kg()
                .map_or("an unknown weight".to_string(), kg_and_jin);
            match r.status {
                Status::Origin => ranked.push((
                    if r.sold_mg.is_some() { 1 } else { 6 },
                    -r.sold_kg().unwrap_or(0.0),
                    Lead {
                        kind: LeadKind::Origin,
                        parties: vec![p.to_string()],
                        species: vec![s.clone()],
                        weight_kg: r.sold_kg(),
                        detail: format!(
                            "{p} sold {sold} of {s} but never bought {s}: where did it come from?"
                        ),
                    },
                )),
                Status::UnexplainedSupply => {
                    let d = r.difference_kg().unwrap_or(0.0);
                    ranked.push((
                        0,
                        -d,
                        Lead {
                            kind: LeadKind::UnexplainedSupply,
                            parties: vec![p.to_string()],
                            species: vec![s.clone()],
                            weight_kg: r.difference_kg(),
                            detail: format!(
                                "{p} sold {sold} of {s} but bought {}: {} has no recorded supplier",
                                r.bought_kg()
                                    .map_or("an unknown weight".to_string(), kg_and_jin),
                                kg_and_jin(d)
                            ),
                        },
                    ))
                }
                Status::UnsoldStock if sells(id) => {
                    let d = -r.difference_kg().unwrap_or(0.0);
                    ranked.push((
                        5,
                        -d,
                        Lead {
                            kind: LeadKind::UnsoldStock,
                            parties: vec![p.to_string()],
                            species: vec![s.clone()],
                            weight_kg: Some(d),
                            detail: format!(
                                "{p} bought {} of {s} but sold {sold}: {} unaccounted for (stock, losses or buyers not in the case)",
                                r.bought_kg().map_or("an unknown weight".to_string(), kg_and_jin),
                                kg_and_jin(d)
                            ),
                        },
                    ))
                }
                _ => {}
            }
            // An origin sells before it buys by definition: its negative stock is no extra lead.
            if let Some(date) = r.negative_stock_date.filter(|_| r.status != Status::Origin) {
                ranked.push((
                    2,
                    0.0,
                    Lead {
                        kind: LeadKind::NegativeStock,
                        parties: vec![p.to_string()],
                        species: vec![s.clone()],
                        weight_kg: None,
                        detail: format!("{p} sold {s} on {date} before it had bought enough: its stock went below zero"),
                    },
                ));
            }
        }
        // Balances that cannot be judged, once per party that both buys and sells.
        if sells(id) && buys(id) {
            let undecided: Vec<&&BalanceRow> = rows
                .iter()
                .filter(|r| r.status == Status::Indeterminate)
                .collect();
            if !undecided.is_empty() {
                let species: Vec<String> = undecided
                    .iter()
                    .filter_map(|r| r.species.map(species_name))
                    .collect();
                let unknown: u64 = undecided
                    .iter()
                    .filter(|r| r.species.is_some())
                    .map(|r| r.unknown_rows)
                    .sum();
                let first = undecided.iter().filter_map(|r| r.first_unknown_row).min();
                let mut why = Vec::new();
                if unknown > 0 {
                    why.push(format!(
                        "{unknown} of its rows {} no known weight{}",
                        if unknown == 1 { "has" } else { "have" },
                        first
                            .map(|f| format!(" (first: {})", case.locate(f)))
                            .unwrap_or_default()
                    ));
                }
                // Species whose balance is blocked only by rows of unspecified species.
                let blocked: Vec<String> = undecided
                    .iter()
                    .filter(|r| r.unknown_rows == 0 && r.species.is_some() && !r.generic)
                    .filter_map(|r| r.species.map(species_name))
                    .collect();
                let generic: Vec<String> = rows
                    .iter()
                    .filter(|r| r.generic)
                    .filter_map(|r| r.species.map(species_name))
                    .collect();
                if !blocked.is_empty() && !generic.is_empty() {
                    why.push(format!(
                        "its rows labelled {} (species not given) may include its {}",
                        list(&generic),
                        list(&blocked)
                    ));
                }
                ranked.push((
                    7,
                    0.0,
                    Lead {
                        kind: LeadKind::Indeterminate,
                        parties: vec![p.to_string()],
                        species,
                        weight_kg: None,
                        detail: format!("the balance of {p} cannot be judged: {}", why.join("; ")),
                    },
                ));
            }
        }
    }

    if let Some(top) = players.first().filter(|t| t.chain_share > 0.0) {
        let name = g.name(top.party).to_string();
        let on = if top.chain_share >= 1.0 - 1e-12 {
            "lies on every source-to-sink chain".to_string()
        } else {
            format!(
                "lies on {}% of the source-to-sink chains",
                human_number(top.chain_share * 100.0)
            )
        };
        let labels = if top.labels.is_empty() {
            String::new()
        } else {
            format!(" ({})", top.labels.join(", "))
        };
        ranked.push((
            3,
            -top.chain_share,
            Lead {
                kind: LeadKind::KeyParty,
                parties: vec![name.clone()],
                species: Vec::new(),
                weight_kg: top.throughput_kg,
                detail: format!("{name}{labels} {on}: the network cannot work without it"),
            },
        ));
    }
    for c in cycles {
        let names: Vec<String> = c.iter().map(|&p| g.name(p).to_string()).collect();
        ranked.push((
            4,
            0.0,
            Lead {
                kind: LeadKind::Cycle,
                parties: names.clone(),
                species: Vec::new(),
                weight_kg: None,
                detail: format!(
                    "{} sell to each other in a cycle: goods going round, or an error in the data",
                    list(&names)
                ),
            },
        ));
    }
    ranked.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then_with(|| a.2.parties.cmp(&b.2.parties))
            .then_with(|| a.2.species.cmp(&b.2.species))
    });
    ranked.into_iter().map(|(_, _, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_read_in_kg_and_jin() {
        assert_eq!(kg_and_jin(625.0), "625 kg (1,250 斤)");
        assert_eq!(kg_and_jin(1234567.5), "1,234,567.5 kg (2,469,135 斤)");
        assert_eq!(kg_and_jin(0.25), "0.25 kg (0.5 斤)");
    }
}
