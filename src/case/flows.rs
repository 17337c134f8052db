//! The (seller, buyer, species) flows of a case, aggregated once from the integer-coded records,
//! with the flow of every record kept so that later aggregations (by date, by party side, over a
//! network) never group rows again.

use std::sync::Arc;

use foldhash::HashMap;

use super::tally::{Acc, Tally};
use crate::ingest::{Dataset, Records, Tables};

/// One aggregated (seller, buyer, species) flow, by ids into [`Flows`]' name tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowRow {
    pub seller: u32,
    pub buyer: u32,
    pub species: u32,
    pub tally: Tally,
    /// Index into [`Flows::sources`] of the distinct sources of its rows (0: none).
    pub sources: u32,
}

/// The aggregated flows: the whole input of the graph. Ids are those of the data set, whose names
/// are in name order, so sorting by id is sorting by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flows {
    /// Every party, in name order.
    pub parties: Vec<String>,
    /// Every species, in name order.
    pub species: Vec<Arc<str>>,
    /// Sorted by (seller, buyer, species).
    pub flows: Vec<FlowRow>,
    /// Lists of sources (case file, page …), sorted, that flows point into; the first is empty.
    pub sources: Vec<Vec<String>>,
}

impl Flows {
    /// Where the case file documents a flow: the distinct sources of its rows, sorted.
    pub fn sources_of(&self, f: &FlowRow) -> &[String] {
        self.sources
            .get(f.sources as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The id of a party name.
    pub fn party_id(&self, name: &str) -> Option<u32> {
        self.parties
            .binary_search_by(|p| p.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    }

    /// The id of a species name.
    pub fn species_id(&self, name: &str) -> Option<u32> {
        self.species
            .binary_search_by(|p| (**p).cmp(name))
            .ok()
            .map(|i| i as u32)
    }

    /// Builds the tables from named flows (any order), for tests and small inputs.
    pub fn from_named<'a>(
        named: impl IntoIterator<Item = (&'a str, &'a str, &'a str, Tally)>,
    ) -> Flows {
        let named: Vec<_> = named.into_iter().collect();
        let mut parties: Vec<&str> = named.iter().flat_map(|f| [f.0, f.1]).collect();
        parties.sort_unstable();
        parties.dedup();
        let mut species: Vec<&str> = named.iter().map(|f| f.2).collect();
        species.sort_unstable();
        species.dedup();
        let id = |v: &[&str], s: &str| v.binary_search(&s).unwrap_or(0) as u32;
        let mut flows: Vec<FlowRow> = named
            .iter()
            .map(|(s, b, sp, tally)| FlowRow {
                seller: id(&parties, s),
                buyer: id(&parties, b),
                species: id(&species, sp),
                tally: *tally,
                sources: 0,
            })
            .collect();
        flows.sort_unstable_by_key(|f| (f.seller, f.buyer, f.species));
        Flows {
            parties: parties.into_iter().map(str::to_string).collect(),
            species: species.into_iter().map(Arc::from).collect(),
            flows,
            sources: vec![Vec::new()],
        }
    }
}

/// The flows of a data set and the flow of each of its records.
#[derive(Debug, Clone, Default)]
pub struct Aggregated {
    pub flows: Flows,
    /// The flow index (into `flows.flows`) of each record.
    pub flow_of: Vec<u32>,
    /// The running tally of each flow, dates still as codes (for merging into other groups).
    pub accs: Vec<Acc>,
}

/// Aggregates the records to (seller, buyer, species) flows.
///
/// # Complexity
/// One hash lookup per record on an integer key, then O(F log F) for F flows.
pub fn aggregate(data: &Dataset) -> Aggregated {
    let r = &data.records;
    let t = &data.tables;
    let (np, ns) = (data.parties.len() as u128, data.species.len() as u128);
    // (seller, buyer, species) as one integer whose order is theirs.
    let key = |i: usize| -> u128 {
        (u128::from(r.seller[i]) * np + u128::from(r.buyer[i])) * ns + u128::from(r.species[i])
    };
    let mut local: HashMap<u128, u32> = HashMap::default();
    let mut first_seen: Vec<u128> = Vec::new();
    let mut accs: Vec<Acc> = Vec::new();
    let mut flow_of: Vec<u32> = Vec::with_capacity(r.len());
    for i in 0..r.len() {
        let k = key(i);
        let next = accs.len() as u32;
        let id = *local.entry(k).or_insert(next);
        if id == next {
            first_seen.push(k);
            accs.push(Acc::default());
        }
        accs[id as usize].add(r, t, i);
        flow_of.push(id);
    }
    // Renumber in key order.
    let mut order: Vec<u32> = (0..first_seen.len() as u32).collect();
    order.sort_unstable_by_key(|&i| first_seen[i as usize]);
    let mut remap = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old as usize] = new as u32;
    }
    for f in &mut flow_of {
        *f = remap[*f as usize];
    }
    let accs: Vec<Acc> = order.iter().map(|&old| accs[old as usize]).collect();
    let flows: Vec<FlowRow> = order
        .iter()
        .zip(&accs)
        .map(|(&old, acc)| {
            let k = first_seen[old as usize];
            FlowRow {
                seller: (k / ns / np) as u32,
                buyer: (k / ns % np) as u32,
                species: (k % ns) as u32,
                tally: acc.tally(&t.dates),
                sources: 0,
            }
        })
        .collect();
    let mut out = Aggregated {
        flows: Flows {
            parties: data.parties.clone(),
            species: data.species.iter().map(|s| Arc::from(s.as_str())).collect(),
            flows,
            sources: vec![Vec::new()],
        },
        flow_of,
        accs,
    };
    add_sources(&mut out, r, t);
    out
}

/// Attaches to each flow the distinct sources of its records.
///
/// # Complexity
/// O(R + S log S) for R records and S distinct (flow, source list) pairs; nothing when no record
/// names a source.
fn add_sources(out: &mut Aggregated, r: &Records, t: &Tables) {
    if r.source.is_empty() {
        return;
    }
    let mut pairs: Vec<(u32, u32)> = out
        .flow_of
        .iter()
        .zip(&r.source)
        .filter(|(_, s)| **s != 0)
        .map(|(f, s)| (*f, *s))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    for group in pairs.chunk_by(|a, b| a.0 == b.0) {
        let mut list: Vec<String> = group
            .iter()
            .flat_map(|(_, s)| t.sources[*s as usize].iter().cloned())
            .collect();
        list.sort_unstable();
        list.dedup();
        let f = &mut out.flows.flows[group[0].0 as usize];
        f.sources = out.flows.sources.len() as u32;
        out.flows.sources.push(list);
    }
}

/// One (flow, date) group: the records of a link's species at one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedFlow {
    /// Index into the flows.
    pub flow: u32,
    /// Code of the date table (0: unknown date).
    pub date: u32,
    pub acc: Acc,
}

/// Aggregates the records to (flow, date) groups, sorted by flow then date code.
///
/// # Complexity
/// O(R log R) for R records (a sort of integer keys); the result grows with distinct dates per
/// flow, not with rows.
pub fn dated(data: &Dataset, flow_of: &[u32]) -> Vec<DatedFlow> {
    let r = &data.records;
    let mut keys: Vec<(u64, u32)> = (0..r.len())
        .map(|i| {
            (
                (u64::from(flow_of[i]) << 32) | u64::from(r.date[i]),
                i as u32,
            )
        })
        .collect();
    keys.sort_unstable();
    let mut out: Vec<DatedFlow> = Vec::new();
    for group in keys.chunk_by(|a, b| a.0 == b.0) {
        let mut acc = Acc::default();
        for (_, i) in group {
            acc.add(r, &data.tables, *i as usize);
        }
        out.push(DatedFlow {
            flow: (group[0].0 >> 32) as u32,
            date: group[0].0 as u32,
            acc,
        });
    }
    out
}
