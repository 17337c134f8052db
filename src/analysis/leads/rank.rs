//! Ranking the leads by what is at stake: each finding's share of the case (kg, animals, 元,
//! rows, or parties for a cycle) times how sure it is; a floor keeps immaterial findings out
//! (the sources under it become one line); one party's findings are numbered and listed together;
//! each lead names the rows it rests on.

use crate::analysis::places::PlaceFindings;
use petgraph::graph::NodeIndex;

use super::{Amount, Facts, Lead, LeadKind, candidates, total_mg};
use crate::analysis::balance::BalanceRow;
use crate::analysis::players::Player;
use crate::analysis::value::SpeciesPrices;
use crate::case::Case;
use crate::graph::SupplyGraph;

/// Rows of evidence a lead keeps (the first, in the order of the data); it counts them all.
pub const EVIDENCE_KEPT: usize = 20;

/// Most quiet sources named in their line (past this many, only counted).
pub const QUIET_NAMED: usize = 8;

/// Most parties carrying goods across a border listed as leads, the most at stake first: where
/// most dealers trade across provinces, the rest are counted in the last line, not listed
/// (`wildchain places` lists every broker between provinces).
pub const BORDER_LISTED: usize = 5;

/// How leads are kept and ranked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeadOptions {
    /// The materiality floor, as a share of the case: a finding about less than this share of
    /// the case's known kg (of its animals, for counts; of its rows, when the weight is unknown)
    /// is no lead. Cycles, the key party, price jumps and processing steps are always leads.
    pub min_share: f64,
}

impl LeadOptions {
    /// The options for a case: `min_share` when given, else [`default_min_share`].
    pub fn of(_case: &Case, g: &SupplyGraph, tolerance: f64, min_share: Option<f64>) -> Self {
        LeadOptions {
            min_share: min_share.unwrap_or_else(|| default_min_share(g, tolerance)),
        }
    }
}

/// The default floor: the balance tolerance applied to an average party's share of the case
/// (`tolerance / parties`). A gap smaller than the tolerance of an average trader's volume is
/// within what the balance forgives anyway: a 1 kg gap in a 300 t case is no lead, while in a
/// seven-party case of 625 kg anything above 9 kg is.
pub fn default_min_share(g: &SupplyGraph, tolerance: f64) -> f64 {
    let parties = g.node_count().max(1) as f64;
    (tolerance.max(0.0) / parties).min(1.0)
}

/// The case's totals a share is taken of.
struct Totals {
    mg: i64,
    animals: i64,
    fen: i64,
    rows: u64,
    parties: usize,
}

impl Totals {
    fn of(case: &Case, g: &SupplyGraph) -> Totals {
        let flows = &case.flows().flows;
        Totals {
            mg: total_mg(case),
            animals: flows.iter().filter_map(|f| f.tally.count).sum(),
            fen: flows
                .iter()
                .filter(|f| f.tally.paid.rows > 0)
                .map(|f| f.tally.paid.fen)
                .sum(),
            rows: flows.iter().map(|f| f.tally.transactions).sum(),
            parties: g.node_count(),
        }
    }
}

/// `part / whole` as a share, 0 when the whole is not positive.
fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole).max(0.0)
    } else {
        0.0
    }
}

/// The animals a balance lead compared, when it compared animals.
fn animals(l: &Lead) -> Option<i64> {
    match l.facts {
        Facts::UnexplainedSupply {
            amount: Amount::Animals { sold, bought },
        }
        | Facts::UnsoldStock {
            amount: Amount::Animals { sold, bought },
        } => Some((sold - bought).abs()),
        _ => None,
    }
}

/// Kinds that are always leads, whatever their weight: few by nature, and about the network's
/// shape or prices rather than a quantity.
fn always(kind: LeadKind) -> bool {
    matches!(
        kind,
        LeadKind::Cycle | LeadKind::KeyParty | LeadKind::PriceJump | LeadKind::Processing
    )
}

/// The leads of a case, ranked: every finding ([`super::candidates`]), those under the floor
/// left out (the sources under it, and the count of the rest, in one last lead of kind
/// `quiet_sources`), each with its rows of evidence and its score; sorted by score, then by
/// weight, then by the rows it rests on, then by the parties' ids (the same for rows and for
/// links; never a name before all of these); of the parties carrying goods across a border, the
/// first [`BORDER_LISTED`] (the others counted in the last lead); one party's findings numbered
/// once and listed together (a cycle is a lead of its own).
///
/// The score of a lead is its share of the case times its certainty. The share is of the case's
/// known kg (of its animals for counts, of its 元 for a price jump, of its rows when the weight
/// is unknown); a cycle's is its parties' share of the parties, the key party's is what it
/// handled, and a party carrying goods across a border ([`super::Facts::CrossBorder`]) the kg it
/// carried across (its rows when none is known; held, like a source, to at least an average
/// party's kg). The certainty is that of the kind (1 for unexplained supply, an origin that buys
/// other species, a cycle and a key party on every chain; ½ for a key party on fewer, a source
/// that buys nothing, unsold stock, a price jump and processing; ¼ for carrying goods across a
/// border; ⅒ for negative stock and a balance that cannot be judged), times
/// `n / (n + 1)` for the `n` rows it rests on (one row may be one typo), times ¾ when some of
/// those rows have no known weight.
///
/// # Complexity
/// O(B + E + R + L log L) for B balance rows, E links, R records and L leads.
// The analyses the leads are drawn from, each made once by the findings, and the options.
#[allow(clippy::too_many_arguments)]
pub fn ranked(
    case: &Case,
    g: &SupplyGraph,
    balance: &[BalanceRow],
    players: &[Player],
    cycles: &[Vec<NodeIndex>],
    prices: &[SpeciesPrices],
    places: Option<&PlaceFindings>,
    opts: &LeadOptions,
) -> Vec<Lead> {
    let totals = Totals::of(case, g);
    let floor = opts.min_share.max(0.0);
    let floor_mg = (floor * totals.mg as f64).ceil() as i64;
    let floor_animals = floor * totals.animals as f64;
    let floor_rows = floor * totals.rows as f64;
    // An average party's share of the case: its kg and its rows.
    let parties = totals.parties.max(1);
    let avg_mg = (totals.mg as f64 / parties as f64).ceil() as i64;
    // Rows each party is on (as seller, as buyer), by id.
    let n = case.data.parties.len();
    let (mut sold_rows, mut bought_rows) = (vec![0u64; n], vec![0u64; n]);
    for f in &case.flows().flows {
        sold_rows[f.seller as usize] += f.tally.transactions;
        bought_rows[f.buyer as usize] += f.tally.transactions;
    }

    let mut kept: Vec<Lead> = Vec::new();
    let (mut quiet, mut quiet_unknown, mut quiet_mg, mut below) = (0u64, 0u64, 0i64, 0u64);
    let mut quiet_named: Vec<u32> = Vec::new();
    // Each candidate is judged as it is found: kept, or counted in the last line.
    let mut judge = |lead: Lead| {
        let kind = lead.kind();
        let p = lead.parties[0] as usize;
        let source = matches!(
            lead.facts,
            Facts::Origin {
                never_buys: true,
                ..
            }
        );
        // A source with no recorded supplier is where every chain starts: it is a lead when it
        // sold more kg than an average party trades (and than the floor), else one of a line.
        // A weight not known is not small: such a source is held to the floor of rows only.
        // A party carrying goods across a border is held to the same floor: in a case where most
        // traders buy in one province and sell in another, only those carrying more than an
        // average party trades are leads (the others are counted in the last line).
        let floor_mg = if source || kind == LeadKind::CrossBorder {
            floor_mg.max(avg_mg)
        } else {
            floor_mg
        };
        let material = always(kind)
            || match (animals(&lead), lead.weight_mg) {
                (Some(a), _) => a as f64 >= floor_animals,
                (None, Some(mg)) => mg >= floor_mg,
                (None, None) => (sold_rows[p] + bought_rows[p]) as f64 >= floor_rows,
            };
        match (material, source) {
            (true, _) => kept.push(lead),
            (false, true) => {
                quiet += 1;
                if quiet_named.len() < QUIET_NAMED {
                    quiet_named.push(lead.parties[0]);
                }
                match lead.weight_mg {
                    Some(mg) => quiet_mg += mg,
                    None => quiet_unknown += 1,
                }
            }
            (false, false) => below += 1,
        }
    };
    crate::timing::stage("leads: candidates", || {
        candidates(
            case, g, balance, players, cycles, prices, places, &mut judge,
        )
    });

    crate::timing::stage("leads: evidence", || count_evidence(case, &mut kept));
    for l in &mut kept {
        let (s, c) = stake(l, &totals);
        l.share = s;
        l.score = s * c;
    }
    // Sorted by their numbers, each moved once: a stable sort of the leads themselves would take
    // a scratch copy of half of them (a hundred MB where almost every party is a source).
    let mut order: Vec<u32> = (0..kept.len() as u32).collect();
    order.sort_unstable_by(|&i, &j| {
        let (a, b) = (&kept[i as usize], &kept[j as usize]);
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.weight_mg.unwrap_or(0).cmp(&a.weight_mg.unwrap_or(0)))
            .then_with(|| b.evidence_rows.cmp(&a.evidence_rows))
            .then_with(|| a.kind().cmp(&b.kind()))
            .then_with(|| a.parties.cmp(&b.parties))
            .then_with(|| a.species.cmp(&b.species))
            // As a stable sort: leads alike in all keep the order they were found in.
            .then(i.cmp(&j))
    });
    permute(&mut kept, order);
    // The first BORDER_LISTED border leads, by score; the others counted.
    let mut border = 0u64;
    kept.retain(|l| {
        if l.kind() != LeadKind::CrossBorder {
            return true;
        }
        border += 1;
        border <= BORDER_LISTED as u64
    });
    let border = border.saturating_sub(BORDER_LISTED as u64);
    crate::timing::stage("leads: evidence rows", || gather_evidence(case, &mut kept));
    let mut out = group(kept, n);
    if quiet + below + border > 0 {
        // The quiet sources by name when there are few.
        if quiet as usize > QUIET_NAMED {
            quiet_named.clear();
        }
        quiet_named.sort_unstable();
        let mut l = Lead::new(
            quiet_named,
            Vec::new(),
            (quiet > quiet_unknown).then_some(quiet_mg),
            Facts::QuietSources {
                sources: quiet,
                unknown: quiet_unknown,
                below,
                floor_mg,
                border,
            },
        );
        l.group = out.last().map_or(1, |x| x.group + 1);
        l.share = share(quiet_mg as f64, totals.mg as f64);
        out.push(l);
    }
    out
}

/// A lead's share of the case and its certainty (see [`ranked`]).
fn stake(l: &Lead, t: &Totals) -> (f64, f64) {
    let rows = l.evidence_rows.max(1) as f64;
    let by_rows = share(l.evidence_rows as f64, t.rows as f64);
    let by_weight = |mg: Option<i64>| mg.map_or(by_rows, |mg| share(mg as f64, t.mg as f64));
    let (s, base, unknown) = match &l.facts {
        Facts::Origin {
            never_buys,
            unknown_weight,
        } => (
            by_weight(l.weight_mg),
            if *never_buys { 0.5 } else { 1.0 },
            *unknown_weight,
        ),
        Facts::UnexplainedSupply { .. } | Facts::UnsoldStock { .. } => {
            let s = match animals(l) {
                Some(a) => share(a as f64, t.animals as f64),
                None => by_weight(l.weight_mg),
            };
            let c = if l.kind() == LeadKind::UnsoldStock {
                0.5
            } else {
                1.0
            };
            (s, c, false)
        }
        Facts::NegativeStock { .. } => (by_weight(l.weight_mg), 0.1, false),
        // What cannot be judged is its rows of unknown weight, not all it traded.
        Facts::Indeterminate { unknown_rows, .. } if *unknown_rows > 0 => {
            (share(*unknown_rows as f64, t.rows as f64), 0.1, false)
        }
        Facts::Indeterminate { .. } => (by_weight(l.weight_mg), 0.1, false),
        // A party on every chain is one the network needs; on most of them, one to look at.
        Facts::KeyParty {
            chain_share,
            handled_mg,
            total_mg,
            ..
        } => (
            handled_mg.map_or(*chain_share, |h| share(h as f64, *total_mg as f64)),
            if crate::analysis::leads::on_every_chain(*chain_share) {
                1.0
            } else {
                0.5
            },
            false,
        ),
        Facts::Cycle => (share(l.parties.len() as f64, t.parties as f64), 1.0, false),
        Facts::PriceJump { sold, .. } => (share(sold.fen as f64, t.fen as f64), 0.5, false),
        Facts::Processing { .. } => (by_weight(l.weight_mg), 0.5, false),
        Facts::QuietSources { .. } => (0.0, 0.0, false),
        // Carrying goods across a border is a fact of the places, not a wrong (lawful trade
        // crosses borders too): what is at stake is the kg carried across (its rows when none is
        // known), a quarter sure, so that the big dealers crossing borders do not push the
        // findings of what is wrong down the list.
        Facts::CrossBorder(b) => (
            by_weight(l.weight_mg),
            0.25,
            b.bought.unknown_weight + b.sold.unknown_weight > 0,
        ),
    };
    let certainty = base * rows / (rows + 1.0) * if unknown { 0.75 } else { 1.0 };
    (s.min(1.0), certainty)
}

/// Numbers the leads: a party's findings take the number of its best one and follow it; a cycle
/// (or any lead of several parties) is a lead of its own. `leads` is sorted by score. In place:
/// the leads are numbered, then each moved once to its place.
fn group(mut leads: Vec<Lead>, parties: usize) -> Vec<Lead> {
    let mut number_of_party = vec![0u32; parties];
    let mut next = 0u32;
    for l in leads.iter_mut() {
        let g = if l.parties.len() == 1 && l.kind() != LeadKind::Cycle {
            let slot = &mut number_of_party[l.parties[0] as usize];
            if *slot == 0 {
                next += 1;
                *slot = next;
            }
            *slot
        } else {
            next += 1;
            next
        };
        l.group = g;
    }
    drop(number_of_party);
    // By number, then in score order.
    let mut order: Vec<u32> = (0..leads.len() as u32).collect();
    order.sort_unstable_by_key(|&i| (leads[i as usize].group, i));
    permute(&mut leads, order);
    leads
}

/// Puts the element at `order[k]` at `k`, for every `k`, in place (`order` is a permutation),
/// each element moved once along the cycles of the permutation.
fn permute<T>(v: &mut [T], mut order: Vec<u32>) {
    const DONE: u32 = u32::MAX;
    for start in 0..v.len() {
        if order[start] == DONE {
            continue;
        }
        let mut k = start;
        loop {
            let from = order[k] as usize;
            order[k] = DONE;
            if from == start {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

/// Whether a record (its seller, buyer and species), seen from `party` on `side` (true: the
/// seller), is evidence of `l`.
fn rests_on(l: &Lead, seller_side: bool, other: u32, species: u32) -> bool {
    // Species ids are in order (name order): a lead of thirty species is searched, not scanned.
    let of_species = l.species.is_empty() || l.species.binary_search(&species).is_ok();
    match l.facts {
        Facts::Cycle => seller_side && l.parties.binary_search(&other).is_ok(),
        Facts::Origin { .. } => seller_side && of_species,
        Facts::KeyParty { .. } => true,
        // The rows from its suppliers in the provinces it buys from, and to its customers in
        // those it sells into.
        Facts::CrossBorder(ref b) => match seller_side {
            true => b.customers.binary_search(&other).is_ok(),
            false => b.suppliers.binary_search(&other).is_ok(),
        },
        _ => of_species,
    }
}

/// The leads of each party (by party id), as ranges into one array.
struct ByParty {
    start: Vec<u32>,
    index: Vec<u32>,
}

impl ByParty {
    fn of(leads: &[Lead], n: usize) -> ByParty {
        let mut start = vec![0u32; n + 1];
        for l in leads {
            for &p in &l.parties {
                start[p as usize + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut index = vec![0u32; start[n] as usize];
        let mut fill = start.clone();
        for (k, l) in leads.iter().enumerate() {
            for &p in &l.parties {
                index[fill[p as usize] as usize] = k as u32;
                fill[p as usize] += 1;
            }
        }
        ByParty { start, index }
    }

    #[inline]
    fn of_party(&self, p: u32) -> &[u32] {
        &self.index[self.start[p as usize] as usize..self.start[p as usize + 1] as usize]
    }
}

/// Counts each lead's rows of evidence from the (seller, buyer, species) flows: each record is in
/// the flow of its (seller, buyer, species), which counts its rows (a record of a links file stands
/// for its rows), the same count as a walk over the records.
///
/// # Complexity
/// O(F + P + L) for F flows, P parties and L leads, plus the leads of each flow's parties.
fn count_evidence(case: &Case, leads: &mut [Lead]) {
    let n = case.data.parties.len();
    let by = ByParty::of(leads, n);
    for f in &case.flows().flows {
        let (s, b) = (f.seller, f.buyer);
        if (s as usize) >= n || (b as usize) >= n {
            continue;
        }
        for (&k, seller_side, other) in (by.of_party(s).iter())
            .map(|k| (k, true, b))
            .chain(by.of_party(b).iter().map(|k| (k, false, s)))
        {
            let l = &mut leads[k as usize];
            if rests_on(l, seller_side, other, f.species) {
                l.evidence_rows += f.tally.transactions;
            }
        }
    }
}

/// Fills each lead's rows of evidence (counted by [`count_evidence`]): one walk over the records
/// in order, looking up the leads of the seller and of the buyer, for the first [`EVIDENCE_KEPT`]
/// rows of each — save that a lead resting on a row with a cell problem keeps one such row in
/// place of its last, so that it can say so (as [`Case::record_has_problem`] would tell) however
/// many rows it rests on. The walk stops once every lead has its rows. Only the leads listed are
/// given rows: the border leads past the first few are counted, not shown.
///
/// # Complexity
/// O(R + C + P + L) for R records, C cell problems, P parties and L leads, plus the leads of each
/// record's parties until its leads have their rows.
fn gather_evidence(case: &Case, leads: &mut [Lead]) {
    let r = &case.data.records;
    let n = case.data.parties.len();
    let by = ByParty::of(leads, n);
    let of = |p: u32| by.of_party(p);
    // The records a lead keeps: EVIDENCE_KEPT, or all of its own when fewer (a record of a links
    // file may stand for many rows: such a lead is walked to the end).
    let wanted: Vec<usize> = leads
        .iter()
        .map(|l| match r.links {
            Some(_) => EVIDENCE_KEPT,
            None => (l.evidence_rows as usize).min(EVIDENCE_KEPT),
        })
        .collect();
    // The leads still wanting rows, by party: most records are passed on one look at it.
    let mut wanting = vec![0u32; n];
    let mut open = 0usize;
    for (l, &w) in leads.iter().zip(&wanted) {
        if w > 0 {
            open += 1;
            for &p in &l.parties {
                wanting[p as usize] += 1;
            }
        }
    }
    for i in 0..r.len() {
        if open == 0 {
            break;
        }
        let (s, b) = (r.seller[i], r.buyer[i]);
        if (s as usize) >= n || (b as usize) >= n {
            continue;
        }
        if wanting[s as usize] == 0 && wanting[b as usize] == 0 {
            continue;
        }
        let sp = r.species[i];
        for (&k, seller_side, other) in of(s)
            .iter()
            .map(|k| (k, true, b))
            .chain(of(b).iter().map(|k| (k, false, s)))
        {
            let k = k as usize;
            let l = &mut leads[k];
            // A cycle's record is seen from both its ends: counted from the seller's.
            if l.evidence.len() >= wanted[k] || !rests_on(l, seller_side, other, sp) {
                continue;
            }
            l.evidence.push((r.file[i], r.row[i]));
            if l.evidence.len() == wanted[k] {
                open -= 1;
                for &p in &l.parties {
                    wanting[p as usize] -= 1;
                }
            }
        }
    }
    // A lead whose kept rows hold none with a cell problem, though it rests on one, keeps the
    // first such row in place of its last. A lead keeping fewer than EVIDENCE_KEPT kept all its
    // rows; one keeping them all and none with a problem finds its first such row after them.
    let mut marked = vec![false; leads.len()];
    let mut last: Option<(u32, u64)> = None;
    for p in &case.data.problems {
        let at = (p.source as u32, p.row);
        if last.replace(at) == Some(at) {
            continue;
        }
        let Some(i) = r.find(at) else { continue };
        let (s, b, sp) = (r.seller[i], r.buyer[i], r.species[i]);
        if (s as usize) >= n || (b as usize) >= n {
            continue;
        }
        let row = (r.file[i], r.row[i]);
        for (&k, seller_side, other) in of(s)
            .iter()
            .map(|k| (k, true, b))
            .chain(of(b).iter().map(|k| (k, false, s)))
        {
            let k = k as usize;
            let l = &mut leads[k];
            if marked[k] || !rests_on(l, seller_side, other, sp) {
                continue;
            }
            marked[k] = true;
            if l.evidence.len() == EVIDENCE_KEPT
                && !l.evidence.contains(&row)
                && let Some(last) = l.evidence.last_mut()
            {
                *last = row;
            }
        }
    }
    for l in leads.iter_mut() {
        l.evidence.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::permute;

    #[test]
    fn permute_puts_each_element_where_the_order_says() {
        // Cycles of every length, fixed points among them.
        let orders: [&[u32]; 4] = [&[], &[0], &[2, 0, 1, 3], &[5, 4, 3, 0, 1, 2, 6, 8, 7]];
        for order in orders {
            let v: Vec<String> = (0..order.len()).map(|i| format!("x{i}")).collect();
            let want: Vec<String> = order.iter().map(|&i| v[i as usize].clone()).collect();
            let mut got = v.clone();
            permute(&mut got, order.to_vec());
            assert_eq!(got, want, "order {order:?}");
        }
    }
}
