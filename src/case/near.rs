//! Near names: party names and species names of a case that are probably one and were *not*
//! merged — names alike but for spelling or one character apart with the same surname
//! ([`crate::ingest::party::likely_duplicates`]), and species names the table does not know one
//! character from a name it does (`眼睛蛇` / `眼镜蛇`) — each with the rows behind both names and
//! the parties they touch, as data for `analyze`, the report and `validate --write-aliases`.
//! Nothing is merged: the analyst confirms a suggestion by writing it into the aliases file.

use std::collections::HashMap;

use serde::Serialize;

use crate::ingest::Dataset;
use crate::ingest::cell::text::is_cjk;
use crate::ingest::party::{Edit, Likeness, one_edit_pairs};

/// What a near name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NearKind {
    Party,
    Species,
}

/// Two names that are probably one, left apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearName {
    pub kind: NearKind,
    pub why: Likeness,
    /// The name that probably means the other: of a party, the one with fewer rows (the later in
    /// name order on a tie); of a species, the name the table does not know.
    pub alias: String,
    /// The name it probably means: of a party, the one with more rows; of a species, the name
    /// of the table (as the data shows it, its Chinese name).
    pub canonical: String,
    /// Ids in the case (party ids into [`Dataset::parties`], species ids into
    /// [`Dataset::species`]); `None` for a species name of the table the data does not use.
    pub alias_id: Option<u32>,
    pub canonical_id: Option<u32>,
    /// Rows (transactions, for links) naming each.
    pub alias_rows: u64,
    pub canonical_rows: u64,
    /// The parties the alias traded with (of a party) or that traded the alias (of a species):
    /// those whose links a merge would move. Party ids, sorted.
    pub parties: Vec<u32>,
}

impl NearName {
    /// The ids of the case both names have (one or two).
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.alias_id.into_iter().chain(self.canonical_id)
    }
}

/// The near names of the data: parties first, then species, each sorted by alias then
/// canonical name.
///
/// # Complexity
/// O(R) over the records, plus [`crate::ingest::party::likely_duplicates`] over the party names
/// and [`one_edit_pairs`] over the unknown species names and the table's names.
pub fn near_names(data: &Dataset) -> Vec<NearName> {
    let r = &data.records;
    let weight = |i: usize| r.links.as_ref().map_or(1, |l| u64::from(l.transactions[i]));
    let mut party_rows = vec![0u64; data.parties.len()];
    let mut species_rows = vec![0u64; data.species.len()];
    for i in 0..r.len() {
        let (s, b) = (r.seller[i] as usize, r.buyer[i] as usize);
        party_rows[s] += weight(i);
        if b != s {
            party_rows[b] += weight(i);
        }
        species_rows[r.species[i] as usize] += weight(i);
    }
    let mut out = party_pairs(data, &party_rows);
    out.extend(species_pairs(data, &species_rows));
    // The parties each alias touches, in one pass over the records.
    let mut of_party: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut of_species: HashMap<u32, Vec<usize>> = HashMap::new();
    for (k, n) in out.iter().enumerate() {
        let Some(id) = n.alias_id else { continue };
        match n.kind {
            NearKind::Party => of_party.entry(id).or_default().push(k),
            NearKind::Species => of_species.entry(id).or_default().push(k),
        }
    }
    if !of_party.is_empty() || !of_species.is_empty() {
        // Most records name no alias: a look at a flag each passes them, not three hash lookups.
        let mut alias_party = vec![false; data.parties.len()];
        let mut alias_species = vec![false; data.species.len()];
        for &p in of_party.keys() {
            alias_party[p as usize] = true;
        }
        for &p in of_species.keys() {
            alias_species[p as usize] = true;
        }
        for i in 0..r.len() {
            let (s, b) = (r.seller[i], r.buyer[i]);
            if !alias_party[s as usize]
                && !alias_party[b as usize]
                && !alias_species[r.species[i] as usize]
            {
                continue;
            }
            for k in of_party.get(&s).into_iter().flatten() {
                out[*k].parties.push(b);
            }
            for k in of_party.get(&b).into_iter().flatten() {
                out[*k].parties.push(s);
            }
            for k in of_species.get(&r.species[i]).into_iter().flatten() {
                out[*k].parties.extend([s, b]);
            }
        }
    }
    for n in &mut out {
        n.parties.sort_unstable();
        n.parties.dedup();
    }
    out
}

/// Party names alike (by spelling, or one character apart with one surname): each name of a
/// group against the one with the most rows.
fn party_pairs(data: &Dataset, rows: &[u64]) -> Vec<NearName> {
    // Parties are in name order: found by binary search, no map of millions of names (a sorted
    // list of them when they are not).
    let sorted = data.parties.is_sorted();
    let mut order: Vec<(&str, u32)> = Vec::new();
    if !sorted {
        order = (data.parties.iter().enumerate())
            .map(|(i, n)| (n.as_str(), i as u32))
            .collect();
        order.sort_unstable();
    }
    let id = |n: &str| -> Option<u32> {
        if sorted {
            let i = data.parties.binary_search_by(|p| p.as_str().cmp(n)).ok()?;
            return Some(i as u32);
        }
        let i = order.binary_search_by(|p| p.0.cmp(n)).ok()?;
        Some(order[i].1)
    };
    let mut out = Vec::new();
    for d in data.likely_duplicates(true) {
        let ids: Vec<u32> = d.names.iter().filter_map(|n| id(n)).collect();
        // The most rows, then the first name.
        let Some(&main) = ids.iter().min_by_key(|&&i| {
            (
                std::cmp::Reverse(rows[i as usize]),
                &data.parties[i as usize],
            )
        }) else {
            continue;
        };
        for &other in ids.iter().filter(|&&i| i != main) {
            out.push(NearName {
                kind: NearKind::Party,
                why: d.why,
                alias: data.parties[other as usize].clone(),
                canonical: data.parties[main as usize].clone(),
                alias_id: Some(other),
                canonical_id: Some(main),
                alias_rows: rows[other as usize],
                canonical_rows: rows[main as usize],
                parties: Vec::new(),
            });
        }
    }
    out.sort_by(|a, b| (&a.alias, &a.canonical).cmp(&(&b.alias, &b.canonical)));
    out
}

/// Species names the table does not know one character (replaced, inserted or deleted) from a
/// name of the table (`眼睛蛇` / `眼镜蛇`, `王景蛇` / `王锦蛇`): Chinese names of at least 3
/// characters for a replacement and 2 for the shorter of an insertion, other names of at least 6.
fn species_pairs(data: &Dataset, rows: &[u64]) -> Vec<NearName> {
    let table = &data.species_table;
    let unknown: Vec<(u32, &str)> = (data.species.iter().zip(&data.labels))
        .enumerate()
        .filter(|(_, (_, l))| l.taxon.is_none())
        .map(|(i, (n, _))| (i as u32, n.as_str()))
        .collect();
    if unknown.is_empty() {
        return Vec::new();
    }
    let known: Vec<&str> = table.chinese_names().collect();
    let names: Vec<&str> = (unknown.iter().map(|(_, n)| *n))
        .chain(known.iter().copied())
        .collect();
    let min = |n: &str| match n.chars().next() {
        Some(f) if is_cjk(f) => 2,
        _ => 6,
    };
    let id: HashMap<&str, u32> = (data.species.iter())
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as u32))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for e in one_edit_pairs(&names, 0, |n, len| len >= min(n)) {
        let (a, b) = (e.a as usize, e.b as usize);
        // One name the data has that the table does not know, one name of the table.
        let (u, k) = match (a < unknown.len(), b < unknown.len()) {
            (true, false) => (a, b),
            (false, true) => (b, a),
            _ => continue,
        };
        let short = names[a].chars().count().min(names[b].chars().count());
        if e.edit == Edit::Replaced && names[a].chars().next().is_some_and(is_cjk) && short < 3 {
            continue;
        }
        let Some(canonical) = table.resolve(names[k]).and_then(|l| table.label_name(l)) else {
            continue;
        };
        let (uid, alias) = unknown[u];
        if !seen.insert((uid, canonical.clone())) {
            continue;
        }
        let canonical_id = id.get(canonical.as_str()).copied();
        out.push(NearName {
            kind: NearKind::Species,
            why: Likeness::SpeciesTable,
            alias: alias.to_string(),
            canonical_rows: canonical_id.map_or(0, |c| rows[c as usize]),
            canonical,
            alias_id: Some(uid),
            canonical_id,
            alias_rows: rows[uid as usize],
            parties: Vec::new(),
        });
    }
    out.sort_by(|a, b| (&a.alias, &a.canonical).cmp(&(&b.alias, &b.canonical)));
    out
}

/// For each near name, the positions (0-based, in the order given) of the leads that name one
/// of its parties (a party near name) or one of its species (a species near name). A lead is given
/// as the party ids and the species ids it names, so that any list of leads can be counted.
///
/// # Complexity
/// O(P + N) for P ids named by all leads and N near names.
pub fn leads_touching<'a>(
    near: &[NearName],
    leads: impl IntoIterator<Item = (&'a [u32], &'a [u32])>,
) -> Vec<Vec<usize>> {
    let mut by: HashMap<(NearKind, u32), Vec<usize>> = HashMap::new();
    for (k, n) in near.iter().enumerate() {
        for id in n.ids() {
            by.entry((n.kind, id)).or_default().push(k);
        }
    }
    let mut out = vec![Vec::new(); near.len()];
    for (rank, (parties, species)) in leads.into_iter().enumerate() {
        let named = (parties.iter().map(|&p| (NearKind::Party, p)))
            .chain(species.iter().map(|&s| (NearKind::Species, s)));
        for key in named {
            for &k in by.get(&key).into_iter().flatten() {
                if out[k].last() != Some(&rank) {
                    out[k].push(rank);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(kind: NearKind, a: u32, c: Option<u32>) -> NearName {
        NearName {
            kind,
            why: Likeness::OneCharacter,
            alias: String::new(),
            canonical: String::new(),
            alias_id: Some(a),
            canonical_id: c,
            alias_rows: 1,
            canonical_rows: 1,
            parties: Vec::new(),
        }
    }

    #[test]
    fn leads_are_counted_by_the_parties_and_species_they_name() {
        let n = [
            near(NearKind::Party, 1, Some(2)),
            near(NearKind::Species, 1, None),
        ];
        // Lead 0 names party 1 and species 2; lead 1 names parties 2 and 1 (once counted);
        // lead 2 names party 3 and species 1.
        let leads: [(&[u32], &[u32]); 3] = [(&[1], &[2]), (&[2, 1], &[]), (&[3], &[1])];
        assert_eq!(leads_touching(&n, leads), [vec![0, 1], vec![2]]);
    }
}
