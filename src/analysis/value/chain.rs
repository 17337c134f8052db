//! Money along the chain: what each party spent and received (and its margin on the species it
//! both bought and sold), and the price at each step of each species' chains, with the party
//! where the price jumps most.

use crate::case::tally::Paid;
use crate::case::{Case, Tally};
use crate::graph::SupplyGraph;

/// What one party paid and was paid, over its links with a known amount.
#[derive(Debug, Clone, PartialEq)]
pub struct PartyMoney {
    pub party: u32,
    /// What it paid for what it bought (rows with a known amount in `spent.rows`).
    pub spent: Paid,
    /// What it was paid for what it sold.
    pub received: Paid,
    /// Rows it bought and sold (0: it did not buy, or did not sell).
    pub bought_rows: u64,
    pub sold_rows: u64,
    /// Rows it bought or sold whose amount is not known (not counted as 0).
    pub unknown_rows: u64,
    /// The margin on goods sold: what it received for what it sold, less what those goods cost
    /// at its own buying price (per animal when both sides count animals, else per kg), over the
    /// species it both bought and sold with known prices on both sides; `None` when there is no
    /// such species. Goods bought and not sold are not in it: see `unsold_fen`.
    pub margin_fen: Option<i64>,
    /// What the goods it bought and did not sell (of those species) cost at its buying price:
    /// stock, not loss. `None` when there is no margin; 0 when it sold all it bought.
    pub unsold_fen: Option<i64>,
    /// The species of the margin (ids, in name order).
    pub margin_species: Vec<u32>,
}

/// What every party that bought or sold with a known amount spent, received and made, in party
/// (name) order.
///
/// # Complexity
/// O(F + P) for F flows and P parties.
pub fn party_money(case: &Case) -> Vec<PartyMoney> {
    let flows = case.flows();
    let n = flows.parties.len();
    // Per party: (bought, sold) tallies, and per species (party, species, side) tallies.
    let mut sides = vec![(Tally::default(), Tally::default()); n];
    let mut by_species: Vec<(u32, u32, u8, Tally)> = Vec::new();
    for f in &flows.flows {
        sides[f.buyer as usize].0.merge(&f.tally);
        sides[f.seller as usize].1.merge(&f.tally);
        by_species.push((f.buyer, f.species, 0, f.tally));
        by_species.push((f.seller, f.species, 1, f.tally));
    }
    by_species.sort_unstable_by_key(|x| (x.0, x.1, x.2));
    // Per party: (margin, unsold stock at cost, species).
    let mut margin: Vec<(i64, i64, Vec<u32>)> = vec![(0, 0, Vec::new()); n];
    for group in by_species.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (mut bought, mut sold) = (Paid::default(), Paid::default());
        for (_, _, side, t) in group {
            let p = if *side == 0 { &mut bought } else { &mut sold };
            p.fen += t.paid.fen;
            p.rows += t.paid.rows;
            p.weighed_fen += t.paid.weighed_fen;
            p.weighed_mg += t.paid.weighed_mg;
            p.counted_fen += t.paid.counted_fen;
            p.counted += t.paid.counted;
        }
        if let Some((m, unsold)) = margin_on_sold(&bought, &sold) {
            let e = &mut margin[group[0].0 as usize];
            e.0 = e.0.saturating_add(m);
            e.1 = e.1.saturating_add(unsold);
            e.2.push(group[0].1);
        }
    }
    sides
        .into_iter()
        .zip(margin)
        .enumerate()
        .filter(|(_, ((b, s), _))| b.paid.rows + s.paid.rows > 0)
        .map(|(p, ((b, s), (m, unsold, species)))| PartyMoney {
            party: p as u32,
            spent: b.paid,
            received: s.paid,
            bought_rows: b.transactions,
            sold_rows: s.transactions,
            unknown_rows: (b.transactions - b.paid.rows) + (s.transactions - s.paid.rows),
            margin_fen: (!species.is_empty()).then_some(m),
            unsold_fen: (!species.is_empty()).then_some(unsold),
            margin_species: species,
        })
        .collect()
}

/// The margin on goods sold of one party and species, and what its unsold goods cost, in fen:
/// `sold − cost of the quantity sold at the buying price`, and `(bought − sold quantity) × buying
/// price` when it bought more than it sold. Per animal when both sides priced counts of animals,
/// else per kg when both priced weights; `None` when the two sides share no priced quantity (a
/// margin needs to know what the goods sold cost).
fn margin_on_sold(bought: &Paid, sold: &Paid) -> Option<(i64, i64)> {
    let (b_fen, b_q, s_fen, s_q) = if bought.counted > 0 && sold.counted > 0 {
        (
            bought.counted_fen,
            bought.counted,
            sold.counted_fen,
            sold.counted,
        )
    } else if bought.weighed_mg > 0 && sold.weighed_mg > 0 {
        (
            bought.weighed_fen,
            bought.weighed_mg,
            sold.weighed_fen,
            sold.weighed_mg,
        )
    } else {
        return None;
    };
    // Exact in i128: fen × mg passes 64 bits for tonnes at thousands of 元.
    let at_cost = |q: i64| -> i64 {
        let v = i128::from(b_fen) * i128::from(q) / i128::from(b_q);
        v.clamp(i128::from(i64::MIN / 4), i128::from(i64::MAX / 4)) as i64
    };
    let margin = s_fen.saturating_sub(at_cost(s_q));
    let unsold = if b_q > s_q { at_cost(b_q - s_q) } else { 0 };
    Some((margin, unsold))
}

/// What a price is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Basis {
    Kg,
    Animal,
}

/// Money over a quantity on one basis: fen per kg (quantity in mg) or per animal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PriceSum {
    pub fen: i64,
    /// mg or animals.
    pub quantity: i64,
}

impl PriceSum {
    fn of(p: &Paid, basis: Basis) -> PriceSum {
        match basis {
            Basis::Kg => PriceSum {
                fen: p.weighed_fen,
                quantity: p.weighed_mg,
            },
            Basis::Animal => PriceSum {
                fen: p.counted_fen,
                quantity: p.counted,
            },
        }
    }

    fn add(&mut self, o: PriceSum) {
        self.fen += o.fen;
        self.quantity += o.quantity;
    }

    /// 元 per kg or per animal; `None` without a quantity.
    pub fn yuan_per_unit(&self, basis: Basis) -> Option<f64> {
        (self.quantity > 0).then(|| {
            let q = match basis {
                Basis::Kg => crate::units::mg_to_kg(self.quantity),
                Basis::Animal => self.quantity as f64,
            };
            self.fen as f64 / 100.0 / q
        })
    }
}

/// A party that buys a species at one price and sells it at another.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub party: u32,
    pub bought: PriceSum,
    pub sold: PriceSum,
}

impl Step {
    /// Sale price over purchase price; `None` when either is unknown or the purchase was free.
    pub fn ratio(&self, basis: Basis) -> Option<f64> {
        let (b, s) = (
            self.bought.yuan_per_unit(basis)?,
            self.sold.yuan_per_unit(basis)?,
        );
        (b > 0.0).then(|| s / b)
    }
}

/// The prices of one species along its chains.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeciesPrices {
    pub species: u32,
    pub basis: Basis,
    /// The price at which the parties of each tier sold (tier of the seller in the whole
    /// network), lowest tier first; tiers with no priced sale are left out.
    pub tiers: Vec<(usize, PriceSum)>,
    /// Sales by parties that never bought the species (its sources), and purchases by parties
    /// that never sold it (its sinks).
    pub source: PriceSum,
    pub sink: PriceSum,
    /// Every party that both bought and sold it at known prices, in party order.
    pub steps: Vec<Step>,
}

impl SpeciesPrices {
    /// Sink price over source price; `None` when either is unknown.
    pub fn markup(&self) -> Option<f64> {
        let (a, b) = (
            self.source.yuan_per_unit(self.basis)?,
            self.sink.yuan_per_unit(self.basis)?,
        );
        (a > 0.0).then(|| b / a)
    }

    /// The step where the price jumps most (largest sale / purchase ratio; the first party on
    /// ties).
    pub fn jump(&self) -> Option<&Step> {
        self.steps
            .iter()
            .filter_map(|s| s.ratio(self.basis).map(|r| (r, s)))
            .fold(None, |best: Option<(f64, &Step)>, (r, s)| match best {
                Some((b, _)) if b >= r => best,
                _ => Some((r, s)),
            })
            .map(|(_, s)| s)
    }
}

/// The value chain of every species with priced links, in species order: per animal when any of
/// its priced rows counts animals, else per kg.
///
/// # Complexity
/// O(F log F + V + E) for F flows (and the tiers of the graph).
pub fn value_chains(case: &Case, g: &SupplyGraph) -> Vec<SpeciesPrices> {
    let flows = case.flows();
    if !flows.flows.iter().any(|f| f.tally.paid.rows > 0) {
        return Vec::new();
    }
    let tiers_by_node = super::super::roles::tiers(g);
    let mut tier = vec![0usize; flows.parties.len()];
    for n in g.parties() {
        tier[g.graph[n].id as usize] = tiers_by_node[n.index()];
    }
    let mut by_species: Vec<&crate::case::FlowRow> = flows.flows.iter().collect();
    by_species.sort_by_key(|f| (f.species, f.seller, f.buyer));
    let mut out = Vec::new();
    for group in by_species.chunk_by(|a, b| a.species == b.species) {
        let counted = group.iter().any(|f| f.tally.paid.counted > 0);
        let weighed = group.iter().any(|f| f.tally.paid.weighed_mg > 0);
        let basis = match (counted, weighed) {
            (true, _) => Basis::Animal,
            (false, true) => Basis::Kg,
            _ => continue,
        };
        let mut buys = std::collections::BTreeMap::<u32, PriceSum>::new();
        let mut sells = std::collections::BTreeMap::<u32, PriceSum>::new();
        let mut tiers = std::collections::BTreeMap::<usize, PriceSum>::new();
        for f in group {
            let p = PriceSum::of(&f.tally.paid, basis);
            buys.entry(f.buyer).or_default().add(p);
            sells.entry(f.seller).or_default().add(p);
            if p.quantity > 0 {
                tiers.entry(tier[f.seller as usize]).or_default().add(p);
            }
        }
        let (mut source, mut sink) = (PriceSum::default(), PriceSum::default());
        for f in group {
            let p = PriceSum::of(&f.tally.paid, basis);
            if !buys.contains_key(&f.seller) {
                source.add(p);
            }
            if !sells.contains_key(&f.buyer) {
                sink.add(p);
            }
        }
        let steps = sells
            .iter()
            .filter_map(|(&party, &sold)| {
                let bought = *buys.get(&party)?;
                (bought.quantity > 0 && sold.quantity > 0).then_some(Step {
                    party,
                    bought,
                    sold,
                })
            })
            .collect();
        out.push(SpeciesPrices {
            species: group[0].species,
            basis,
            tiers: tiers.into_iter().collect(),
            source,
            sink,
            steps,
        });
    }
    out
}
