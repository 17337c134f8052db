//! Places of parties (issue 23): the seller's and the buyer's place cells of rows, judged once
//! per distinct cell and coded into one table of texts ([`PlaceCells`]); then, in one pass over
//! the records, the place of each party as written, the places of one party that disagree, and
//! the parties file, which wins over the rows ([`gather`]). Places are kept as written: what
//! they mean (a province, a city) is for the division resolver, not for this pass.

use std::collections::{HashMap, HashSet};

use super::distinct::ERROR;
use super::read::{BUYER_PLACE, Cells, SELLER_PLACE};
use crate::ingest::cell::reason::{Column, Kind, Reason};
use crate::ingest::cell::text::{is_unseen, name_form, nfkc};
use crate::ingest::error::{At, Place, Result};
use crate::ingest::header::{Field, is_lone_place};
use crate::ingest::{
    Dataset, Holds, IngestOptions, PartiesRead, PartyPlace, PlaceConflict, PlaceFrom, PlaceUnread,
    Side, SourceInfo,
};

/// The distinct cells of the two place columns, each judged once.
pub(super) struct PlaceCells {
    /// Whether some source has the seller's, the buyer's place column.
    pub(super) present: [bool; 2],
    /// For the seller's and the buyer's place column: the code in `table` of each distinct cell
    /// (0: empty), or [`ERROR`] | the index of why it cannot be read.
    pub(super) ids: [Vec<u32>; 2],
    /// The distinct texts of both columns, trimmed; entry 0 is no place.
    pub(super) table: Vec<String>,
}

/// The values spreadsheets show for a formula that failed: no place.
const SPREADSHEET_ERRORS: &[&str] = &[
    "#n/a",
    "#n/a!",
    "#ref!",
    "#value!",
    "#div/0!",
    "#name?",
    "#null!",
    "#num!",
    "#spill!",
    "#calc!",
    "#field!",
    "#blocked!",
    "#unknown!",
];

/// Why a place cell cannot be read, if it cannot: a spreadsheet error (`#N/A`) or a cell of
/// control or invisible characters only.
fn unreadable(cell: &str, header: &str) -> Option<Kind> {
    if cell.is_empty() {
        return None;
    }
    if cell.chars().all(|c| is_unseen(c) || c.is_whitespace()) {
        return Some(Kind::Invisible {
            cell: cell.to_string(),
        });
    }
    let n = nfkc(cell).to_lowercase();
    SPREADSHEET_ERRORS
        .contains(&n.as_str())
        .then(|| Kind::SpreadsheetError {
            error: cell.to_string(),
            header: header.to_string(),
        })
}

impl PlaceCells {
    /// Judges the distinct cells of both place columns; a cell that cannot be read gets its
    /// reason in `errors` (its row is kept, the place unknown).
    ///
    /// # Complexity
    /// One look per distinct cell; nothing per row.
    pub(super) fn parse(
        cells: &Cells,
        trimmed: &[Vec<&str>],
        sources: &[SourceInfo],
        errors: &mut Vec<Reason>,
    ) -> PlaceCells {
        let mut table: Vec<String> = vec![String::new()];
        let mut code: HashMap<&str, u32> = HashMap::new();
        let mut ids: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
        let mut present = [false; 2];
        for (k, (column, field, reason_column)) in [
            (SELLER_PLACE, Field::SellerPlace, Column::SellerPlace),
            (BUYER_PLACE, Field::BuyerPlace, Column::BuyerPlace),
        ]
        .into_iter()
        .enumerate()
        {
            present[k] = !cells.codes[column].is_empty();
            let header = (sources.iter())
                .flat_map(|s| &s.format.columns)
                .find(|c| c.field == field)
                .map_or(field.name(), |c| c.header.as_str());
            ids[k] = (trimmed[column].iter())
                .map(|&t| {
                    if t.is_empty() {
                        return 0;
                    }
                    if let Some(kind) = unreadable(t, header) {
                        errors.push(Reason::new(reason_column, kind));
                        return ERROR | (errors.len() as u32 - 1);
                    }
                    *code.entry(t).or_insert_with(|| {
                        table.push(t.to_string());
                        table.len() as u32 - 1
                    })
                })
                .collect();
        }
        PlaceCells {
            present,
            ids,
            table,
        }
    }
}

/// The form two places are compared in: NFKC, spaces put in order (`湖南 怀化` and
/// `湖南怀化` are one text; `湖南省怀化市` is another: what places mean is not compared here).
pub fn place_form(s: &str) -> String {
    name_form(s)
}

/// The places of parties: of the places each party's rows give (as seller or buyer), the most
/// precise that resolves to a division, the first in file and row order among equals (the first
/// written when none resolves); a place that cannot be true with the kept one is a conflict (a
/// province and a county in it are one place; two provinces, or two counties, are not; of places
/// that do not resolve, any two texts that differ), the columns that name a place without saying whose, and the parties file, which wins
/// over the rows (its differences noted as conflicts kept from the file).
///
/// # Errors
/// A parties file that gives one party (by normal form and aliases) two different places: the
/// message names both lines.
///
/// # Complexity
/// One pass over the records (two code lookups per record when the rows have places; nothing
/// when they have none), one look per distinct place text and per line of the parties file.
pub(crate) fn gather(ds: &mut Dataset, opts: &IngestOptions) -> Result<()> {
    if ds.holds == Holds::Rows {
        ds.place_unread = unread_columns(&ds.sources);
    }
    let r = &ds.records;
    let parties = ds.parties.len();
    let have_rows = !r.seller_place.is_empty() || !r.buyer_place.is_empty();
    if !have_rows && opts.parties.is_none() {
        return Ok(());
    }
    // Each place text's form, as a number: two texts of one form are one place.
    let table = &ds.tables.places;
    let mut forms: HashMap<String, u32> = HashMap::new();
    let form_of: Vec<u32> = (table.iter())
        .map(|t| {
            let n = forms.len() as u32;
            *forms.entry(place_form(t)).or_insert(n)
        })
        .collect();
    const NO: u64 = u64::MAX;
    // Per party: the record and side of the first place (record << 1 | side).
    let mut first: Vec<u64> = vec![NO; parties];
    let mut first_code: Vec<u32> = vec![0; parties];
    // Other places of a party, once per (party, form): (party, record << 1 | side, code).
    let mut others: Vec<(u32, u64, u32)> = Vec::new();
    let mut seen: HashSet<(u32, u32)> = HashSet::new();
    let mut note = |party: u32, at: u64, code: u32| {
        let p = party as usize;
        if first[p] == NO {
            first[p] = at;
            first_code[p] = code;
        } else if form_of[code as usize] != form_of[first_code[p] as usize]
            && seen.insert((party, form_of[code as usize]))
        {
            others.push((party, at, code));
        }
    };
    let n = r.len();
    // Both sides of each record in turn: row order, whoever is seller or buyer.
    let (sp, bp) = (&r.seller_place, &r.buyer_place);
    for i in 0..n {
        if let Some(&c) = sp.get(i)
            && c != 0
        {
            note(r.seller[i], (i as u64) << 1, c);
        }
        if let Some(&c) = bp.get(i)
            && c != 0
        {
            note(r.buyer[i], ((i as u64) << 1) | 1, c);
        }
    }
    let place_at = |at: u64, code: u32| -> PartyPlace {
        let i = (at >> 1) as usize;
        PartyPlace {
            written: table[code as usize].clone(),
            from: PlaceFrom::Row {
                source: r.file[i] as usize,
                row: u64::from(r.row[i]),
                side: if at & 1 == 0 {
                    Side::Seller
                } else {
                    Side::Buyer
                },
            },
        }
    };
    // A party whose rows write its place in several forms keeps the most precise that resolves
    // (the first in row order among equals; the first written when none resolves), and only
    // places that cannot both be true disagree: `湖南`, `湖南 怀化` and `湖南省怀化市辰溪县` are
    // one place said more or less precisely; `湖南` and `广西`, or two counties, are two.
    let d = crate::ingest::place::divisions();
    let mut resolved: HashMap<u32, Option<u32>> = HashMap::new();
    let mut division = |code: u32| -> Option<u32> {
        *resolved
            .entry(code)
            .or_insert_with(|| d.resolve(&table[code as usize]).code())
    };
    let precision = |c: u32| d.level(c).map_or(0, |l| l as u8 + 1);
    let mut kept: Vec<(u64, u32)> = (0..parties).map(|p| (first[p], first_code[p])).collect();
    let mut by_party: HashMap<u32, Vec<(u64, u32)>> = HashMap::new();
    for &(party, at, code) in &others {
        by_party.entry(party).or_default().push((at, code));
    }
    let mut conflicts: Vec<PlaceConflict> = Vec::new();
    let mut parties_with_others: Vec<u32> = by_party.keys().copied().collect();
    parties_with_others.sort_unstable();
    for party in parties_with_others {
        let p = party as usize;
        let mut all = vec![(first[p], first_code[p])];
        all.extend(by_party[&party].iter().copied());
        // Most precise first, then row order.
        let best = (all.iter().copied())
            .filter_map(|(at, code)| Some((at, code, division(code)?)))
            .max_by_key(|&(at, _, c)| (precision(c), std::cmp::Reverse(at)));
        match best {
            Some((at, code, c)) => {
                kept[p] = (at, code);
                for &(o_at, o_code) in &all {
                    if o_at == at {
                        continue;
                    }
                    // A place that does not resolve says nothing against one that does.
                    let Some(o) = division(o_code) else { continue };
                    if !lies_in(d, o, c) && !lies_in(d, c, o) {
                        conflicts.push(PlaceConflict {
                            party,
                            kept: place_at(at, code),
                            other: place_at(o_at, o_code),
                        });
                    }
                }
            }
            None => {
                for &(o_at, o_code) in &all[1..] {
                    conflicts.push(PlaceConflict {
                        party,
                        kept: place_at(first[p], first_code[p]),
                        other: place_at(o_at, o_code),
                    });
                }
            }
        }
    }
    conflicts.sort_by_key(|c| c.party);
    let mut places: Vec<Option<PartyPlace>> = (0..parties)
        .map(|p| (kept[p].0 != NO).then(|| place_at(kept[p].0, kept[p].1)))
        .collect();
    if let Some(file) = &opts.parties {
        let mut named: Vec<Option<u32>> = Vec::with_capacity(file.entries.len());
        // The first line giving each party a place (by normal form and aliases).
        let mut lines: HashMap<String, usize> = HashMap::new();
        let mut given: HashSet<u32> = HashSet::new();
        for (k, e) in file.entries.iter().enumerate() {
            let key = opts.aliases.resolve(&e.name);
            if let Some(&j) = lines.get(&key) {
                let before = &file.entries[j];
                let form = |p: &Option<String>| p.as_deref().map(place_form);
                if e.place.is_some()
                    && before.place.is_some()
                    && form(&e.place) != form(&before.place)
                {
                    return Err(Place::at(
                        &file.origin,
                        At::Line(e.line),
                        format!(
                            "'{}' is given two places: '{}' here and '{}' on line {} ({}); keep \
                             one",
                            e.name,
                            e.place.as_deref().unwrap_or_default(),
                            before.place.as_deref().unwrap_or_default(),
                            before.line,
                            before.name,
                        ),
                    )
                    .into());
                }
            } else if e.place.is_some() {
                // The first line that gives the party a place: later ones must agree with it.
                lines.insert(key.clone(), k);
            }
            let id = ds
                .party_names
                .get(&key)
                .and_then(|shown| ds.party_id(shown));
            named.push(id);
            let (Some(id), Some(written)) = (id, &e.place) else {
                continue;
            };
            if !given.insert(id) {
                continue;
            }
            let kept = PartyPlace {
                written: written.clone(),
                from: PlaceFrom::PartiesFile { line: e.line },
            };
            // The rows' places of this party that the file's differs from.
            let form = place_form(written);
            conflicts.retain(|c| c.party != id);
            let rows_said = (first[id as usize] != NO)
                .then(|| place_at(first[id as usize], first_code[id as usize]))
                .into_iter()
                .chain(
                    (others.iter())
                        .filter(|o| o.0 == id)
                        .map(|&(_, at, code)| place_at(at, code)),
                );
            for row in rows_said.collect::<Vec<_>>() {
                if place_form(&row.written) != form {
                    conflicts.push(PlaceConflict {
                        party: id,
                        kept: kept.clone(),
                        other: row,
                    });
                }
            }
            places[id as usize] = Some(kept);
        }
        ds.parties_file = Some(PartiesRead {
            file: file.clone(),
            party: named,
        });
    }
    if places.iter().any(Option::is_some) {
        ds.party_places = places;
    }
    ds.place_conflicts = conflicts;
    Ok(())
}

/// Whether division `inner` is `outer` or lies in it (a county in its city and province).
fn lies_in(d: &crate::ingest::place::Divisions, inner: u32, outer: u32) -> bool {
    let mut at = Some(inner);
    while let Some(c) = at {
        if c == outer {
            return true;
        }
        at = d.get(c).and_then(|x| x.parent);
    }
    false
}

/// The columns of each source whose header names a place without saying whose, and that no
/// field was mapped to.
fn unread_columns(sources: &[SourceInfo]) -> Vec<PlaceUnread> {
    let mut out = Vec::new();
    for (k, s) in sources.iter().enumerate() {
        for (i, h) in s.header.iter().enumerate() {
            let mapped = s.format.columns.iter().any(|c| c.header == h.trim());
            if !mapped && is_lone_place(h) {
                out.push(PlaceUnread {
                    source: k,
                    column: i + 1,
                    header: h.trim().to_string(),
                });
            }
        }
    }
    out
}
