//! Canonical party and species names, computed once per distinct spelling: spellings equal in
//! normal form (NFKC, spaces) or by `--aliases` are one party, shown by its most frequent spelling;
//! species names become the label the species table reads in them, taxon and product (what the
//! table says of a taxon is kept once per label, not carried on every row).

use std::collections::{BTreeMap, HashMap};

use super::distinct::{ERROR, NONE, TOTAL};

use super::records::{Holds, Records, Tables};
use crate::ingest::cell::reason::is_total;
use crate::ingest::cell::spreadsheet::is_spreadsheet_error;
use crate::ingest::cell::text::{is_blank, name_form, tidy};
use crate::ingest::party::most_common;
use crate::ingest::species::Label;
use crate::ingest::{
    CellProblem, Dataset, IngestOptions, InputStats, NameMerge, PartyNames, Reject, SourceInfo,
    SpeciesSeen, UNKNOWN_SPECIES,
};

/// Spellings grouped by key, and the name each group is shown by.
struct Grouped {
    /// The group of each spelling.
    group: Vec<u32>,
    /// The name each group is shown by, groups in key order.
    shown: Vec<String>,
    /// The groups whose key is not the name they are shown by, with that key (for almost every
    /// party, and every species the table does not know, the key is the name shown: it is not
    /// held twice).
    apart: Vec<(u32, String)>,
}

/// Groups spellings by key and picks the name each group is shown by: the most frequent spelling
/// of the key itself, else `fallback(key)`.
///
/// Nothing is copied per spelling but where its key is not the spelling itself: at millions of
/// parties the six copies of each name this made (the key, its group, the name shown twice, a
/// map of them) peaked at 480 bytes a party.
fn show_names(
    spellings: &[(&str, u64)],
    key: impl Fn(&str) -> (String, bool),
    fallback: impl Fn(&str) -> String,
) -> Grouped {
    // The key of each spelling (kept only where it is not the spelling), and whether the
    // spelling is one of its key's own (not only an alias of it).
    let keys: Vec<(Option<String>, bool)> = spellings
        .iter()
        .map(|(s, _)| {
            let (k, own) = key(s);
            ((k != *s).then_some(k), own)
        })
        .collect();
    let key_of = |i: u32| {
        keys[i as usize]
            .0
            .as_deref()
            .unwrap_or(spellings[i as usize].0)
    };
    // Spellings in key order; a stable sort keeps each group's in spelling order.
    let mut order: Vec<u32> = (0..spellings.len() as u32).collect();
    order.sort_by(|&a, &b| key_of(a).cmp(key_of(b)));
    let mut group = vec![0u32; spellings.len()];
    let mut shown = Vec::new();
    let mut apart = Vec::new();
    let mut own: Vec<(String, u64)> = Vec::new();
    for run in order.chunk_by(|&a, &b| key_of(a) == key_of(b)) {
        let k = key_of(run[0]);
        own.clear();
        for &i in run {
            group[i as usize] = shown.len() as u32;
            if keys[i as usize].1 {
                let (s, n) = spellings[i as usize];
                own.push((tidy(s), n));
            }
        }
        let name = most_common(own.iter().map(|(s, n)| (s.as_str(), *n)))
            .map_or_else(|| fallback(k), str::to_string);
        if name != k {
            apart.push((shown.len() as u32, k.to_string()));
        }
        shown.push(name);
    }
    Grouped {
        group,
        shown,
        apart,
    }
}

/// The parties of the data: the names shown (sorted, distinct: the party ids), the party id of
/// each spelling, what was merged, and `key → name shown`.
pub(super) struct Canonical {
    pub parties: Vec<String>,
    pub id: Vec<u32>,
    pub merges: Vec<NameMerge>,
    pub names: PartyNames,
}

/// The name each party spelling is shown by: spellings that are equal in [`name_form`] (NFKC,
/// spaces) or made equal by `--aliases` are one party, shown by its most frequent spelling (the
/// alias file's canonical name when the data never writes it). `spellings` are the distinct
/// trimmed names of sellers and buyers with their row counts, sorted.
pub(super) fn canonical_parties(spellings: &[(&str, u64)], opts: &IngestOptions) -> Canonical {
    let aliases = &opts.aliases;
    let g = show_names(
        spellings,
        |s| {
            // Without aliases every spelling is its key's own: one normal form, not two.
            if aliases.is_empty() {
                return (name_form(s), true);
            }
            let k = aliases.resolve(s);
            let own = name_form(s) == k;
            (k, own)
        },
        |k| aliases.shown(k).unwrap_or(k).to_string(),
    );
    let mut merges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ((raw, _), &k) in spellings.iter().zip(&g.group) {
        let c = &g.shown[k as usize];
        if raw != c {
            merges.entry(c.clone()).or_default().push(raw.to_string());
        }
    }
    let merges = merges
        .into_iter()
        .map(|(name, names)| NameMerge {
            name,
            names,
            rows: None,
        })
        .collect();
    let (parties, id_of_group) = ids_of_groups(g.shown);
    // A name shown is a key when some group shown by it has it as key (not one apart).
    let mut is_apart = vec![false; id_of_group.len()];
    let mut apart = HashMap::with_capacity(g.apart.len());
    for (k, key) in g.apart {
        is_apart[k as usize] = true;
        apart.insert(key, id_of_group[k as usize]);
    }
    let mut keyed = vec![false; parties.len()];
    for (&id, _) in id_of_group.iter().zip(&is_apart).filter(|(_, a)| !**a) {
        keyed[id as usize] = true;
    }
    Canonical {
        id: g.group.iter().map(|&k| id_of_group[k as usize]).collect(),
        names: PartyNames::new(&parties, keyed, apart),
        parties,
        merges,
    }
}

/// The names shown (sorted, distinct) of groups, taken from them, and the id of each group.
fn ids_of_groups(mut shown: Vec<String>) -> (Vec<String>, Vec<u32>) {
    let mut order: Vec<u32> = (0..shown.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| shown[a as usize].cmp(&shown[b as usize]));
    let mut names: Vec<String> = Vec::with_capacity(shown.len());
    let mut id = vec![0u32; shown.len()];
    for k in order {
        let name = &mut shown[k as usize];
        if names.last() != Some(name) {
            names.push(std::mem::take(name));
        }
        id[k as usize] = names.len() as u32 - 1;
    }
    (names, id)
}

/// The canonical name of each species spelling: the label the species table reads in it (the
/// taxon's Chinese name, with the product in brackets unless it is the whole animal: 穿山甲属,
/// 穿山甲属（鳞片）); names it does not know are grouped by [`name_form`] and shown by their most
/// frequent spelling. `spellings` are the distinct trimmed species cells with their row counts,
/// sorted. Returns the name of each spelling, what was seen (merged names, names the table does
/// not know), `key → shown name` of the unknown ones, and the label of each name shown.
pub(super) fn canonical_species(
    spellings: &[(&str, u64)],
    opts: &IngestOptions,
) -> (
    Vec<String>,
    SpeciesSeen,
    HashMap<String, String>,
    HashMap<String, Label>,
) {
    let table = &opts.species;
    let labels: Vec<Option<(Label, String)>> = spellings
        .iter()
        .map(|(s, _)| {
            if s.is_empty() {
                None
            } else {
                let l = table.resolve(s)?;
                Some((l, table.label_name(l)?))
            }
        })
        .collect();
    let unknown: Vec<(&str, u64)> = spellings
        .iter()
        .zip(&labels)
        .filter(|(_, i)| i.is_none())
        .map(|(s, _)| *s)
        .collect();
    let g = show_names(&unknown, |s| (name_form(s), true), str::to_string);
    // Key → name shown of every group (its key apart, or the name itself).
    let mut key_of_group: Vec<Option<&String>> = vec![None; g.shown.len()];
    for (k, key) in &g.apart {
        key_of_group[*k as usize] = Some(key);
    }
    let keys: HashMap<String, String> = (g.shown.iter().zip(key_of_group))
        .map(|(name, key)| (key.unwrap_or(name).clone(), name.clone()))
        .collect();
    let mut unknown_shown = g.group.iter().map(|&k| g.shown[k as usize].clone());
    let mut canon = Vec::with_capacity(spellings.len());
    let mut merged: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    let mut seen = SpeciesSeen::default();
    let mut unknown_rows: BTreeMap<String, u64> = BTreeMap::new();
    let mut label_of: HashMap<String, Label> = HashMap::new();
    for ((raw, k), label) in spellings.iter().zip(&labels) {
        let name = match label {
            Some((l, name)) => {
                label_of.insert(name.clone(), *l);
                name.clone()
            }
            None => unknown_shown.next().unwrap_or_default(),
        };
        if !raw.is_empty() {
            match label {
                Some(_) => seen.known += k,
                None => *unknown_rows.entry(name.clone()).or_default() += k,
            }
            if *raw != name {
                merged
                    .entry(name.clone())
                    .or_default()
                    .push((raw.to_string(), *k));
            }
        }
        canon.push(name);
    }
    seen.unknown = unknown_rows.into_iter().collect();
    seen.merged = merged
        .into_iter()
        .map(|(name, names)| NameMerge {
            name,
            rows: Some(names.iter().map(|(_, k)| k).sum()),
            names: names.into_iter().map(|(s, _)| s).collect(),
        })
        .collect();
    (canon, seen, keys, label_of)
}

/// Party and species ids for coded name columns.
pub(super) struct Names {
    pub parties: Vec<String>,
    pub species: Vec<String>,
    /// For the seller, buyer and species columns: the id of each code ([`NONE`] when empty).
    pub ids: [Vec<u32>; 3],
    pub party_merges: Vec<NameMerge>,
    pub party_names: PartyNames,
    pub species_seen: SpeciesSeen,
    pub species_names: HashMap<String, String>,
    /// The label of each species id (taxon and product; none for names the table does not know).
    pub labels: Vec<Label>,
}

/// What a pass made of its sources, before the names are put with it.
pub(super) struct Made {
    pub holds: Holds,
    pub records: Records,
    pub tables: Tables,
    /// Rows read, blank rows left out: the records and the rejects.
    pub rows: u64,
    pub rejects: Vec<Reject>,
    /// Cells of accepted rows that could not be read, sorted by (source, row).
    pub problems: Vec<CellProblem>,
    pub sources: Vec<SourceInfo>,
    pub blank_rows: u64,
    pub approx_rows: u64,
}

impl Names {
    /// The data set of a pass: what it made, these names, and the side tables it was read with
    /// (the one place a [`Dataset`] is put together).
    pub(super) fn dataset(self, made: Made, opts: &IngestOptions) -> Dataset {
        let accepted = made.records.len() as u64;
        let mut rows_with_unknown = 0u64;
        for (k, p) in made.problems.iter().enumerate() {
            if k == 0
                || (made.problems[k - 1].source, made.problems[k - 1].row) != (p.source, p.row)
            {
                rows_with_unknown += 1;
            }
        }
        Dataset {
            holds: made.holds,
            records: made.records,
            tables: made.tables,
            parties: self.parties.into(),
            species: self.species,
            labels: self.labels,
            stats: InputStats {
                rows: made.rows,
                accepted,
                rejected: made.rejects.len() as u64,
                unknown_cells: made.problems.len() as u64,
                rows_with_unknown,
            },
            rejects: made.rejects,
            problems: made.problems,
            sources: made.sources,
            blank_rows: made.blank_rows,
            approx_rows: made.approx_rows,
            party_merges: self.party_merges,
            species_seen: self.species_seen,
            species_table: opts.species.clone(),
            aliases: opts.aliases.clone(),
            party_names: self.party_names,
            species_names: self.species_names,
            bare_weights: Vec::new(),
            party_places: Vec::new(),
            place_conflicts: Vec::new(),
            place_spellings: Default::default(),
            place_unread: Vec::new(),
            parties_file: None,
        }
    }

    /// Names the distinct (trimmed) values of the seller, buyer and species columns, given with
    /// how many rows have each: parties through their normal form and the aliases, species
    /// through the species table.
    ///
    /// With `rows` (case files of transaction rows, not links): a name cell that marks a total
    /// line ([`is_total`]) names no party or species and has the id [`TOTAL`]; an empty species
    /// cell is the species [`UNKNOWN_SPECIES`], its id marked with [`ERROR`] so that the row pass
    /// notes the cell.
    pub(super) fn of<'a>(
        columns: [(&'a [&'a str], &'a [u64]); 3],
        opts: &IngestOptions,
        rows: bool,
    ) -> Names {
        // A spreadsheet error value (`#N/A` in a CSV saved from a workbook) names no one either.
        let named = |t: &str| {
            !(t.is_empty() || is_blank(t) || (rows && is_total(t)) || is_spreadsheet_error(t))
        };
        let spellings = |cols: &[(&'a [&'a str], &[u64])]| -> Vec<(&'a str, u64)> {
            let mut counts: HashMap<&str, u64> = HashMap::new();
            for (trimmed, counts_of) in cols {
                for (code, &n) in counts_of.iter().enumerate() {
                    let t = trimmed[code];
                    // A cell of invisible characters only names nothing: its rows are
                    // refused as empty ones are, never given to a party named "".
                    if n > 0 && named(t) {
                        *counts.entry(t).or_default() += n;
                    }
                }
            }
            let mut v: Vec<(&str, u64)> = counts.into_iter().collect();
            v.sort_unstable();
            v
        };
        let [seller, buyer, species] = columns;
        let party_spellings = spellings(&[seller, buyer]);
        let Canonical {
            parties,
            id: party_of,
            merges: party_merges,
            names: party_names,
        } = canonical_parties(&party_spellings, opts);
        let mut species_spellings = spellings(&[species]);
        // Rows whose species cell is empty: counted under one label of their own.
        let unknown_rows: u64 = (species.0.iter().zip(species.1))
            .filter(|(t, _)| !(named(t) || (rows && is_total(t))))
            .map(|(_, &n)| n)
            .sum();
        if rows && unknown_rows > 0 {
            let at = species_spellings.partition_point(|(s, _)| *s < UNKNOWN_SPECIES);
            match species_spellings.get_mut(at) {
                Some((s, n)) if *s == UNKNOWN_SPECIES => *n += unknown_rows,
                _ => species_spellings.insert(at, (UNKNOWN_SPECIES, unknown_rows)),
            }
        }
        let (canon, mut species_seen, species_names, label_of) =
            canonical_species(&species_spellings, opts);
        // The label of unknown species is no name the table lacks: it is said as cell problems.
        species_seen.unknown.retain(|(s, _)| s != UNKNOWN_SPECIES);
        let (species_list, species_of) = name_ids(canon);
        let labels = species_list
            .iter()
            .map(|s| label_of.get(s).copied().unwrap_or_default())
            .collect();
        // The id of a spelling: spellings are sorted, and hold each id.
        let id_of = |spellings: &[(&str, u64)], ids: &[u32], t: &str| {
            (spellings.binary_search_by(|(s, _)| (*s).cmp(t)).ok()).map(|k| ids[k])
        };
        let unknown_id =
            id_of(&species_spellings, &species_of, UNKNOWN_SPECIES).map(|id| id | ERROR);
        let id = |trimmed: &[&str],
                  (spellings, of): (&[(&str, u64)], &[u32]),
                  empty: Option<u32>|
         -> Vec<u32> {
            trimmed
                .iter()
                .map(|t| match id_of(spellings, of, t) {
                    Some(id) => id,
                    None if rows && is_total(t) => TOTAL,
                    None if !named(t) => empty.unwrap_or(NONE),
                    None => NONE,
                })
                .collect()
        };
        Names {
            ids: [
                id(seller.0, (&party_spellings, &party_of), None),
                id(buyer.0, (&party_spellings, &party_of), None),
                id(
                    species.0,
                    (&species_spellings, &species_of),
                    unknown_id.filter(|_| rows),
                ),
            ],
            parties,
            species: species_list,
            party_merges,
            party_names,
            species_seen,
            species_names,
            labels,
        }
    }
}

/// The ids of the names shown (sorted, distinct), and the id of each spelling.
pub(super) fn name_ids(shown: Vec<String>) -> (Vec<String>, Vec<u32>) {
    let mut names = shown.clone();
    names.sort_unstable();
    names.dedup();
    let of = (shown.iter())
        .map(|name| names.binary_search(name).unwrap_or(0) as u32)
        .collect();
    (names, of)
}
