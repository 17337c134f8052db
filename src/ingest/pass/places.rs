//! Places of parties (issue 23): the seller's and the buyer's place cells of rows, judged once
//! per distinct cell and coded into one table of texts ([`PlaceCells`]); then, in one pass over
//! the records, the place of each party as written, the places of one party that disagree, and
//! the parties file, which wins over the rows ([`gather`]). Places are kept as written: what
//! they mean (a province, a city) is for the division resolver, not for this pass.

use std::collections::{HashMap, HashSet};

use super::distinct::ERROR;
use super::read::{BUYER_PLACE, Cells, SELLER_PLACE};
use crate::ingest::cell::reason::{Column, Kind, Reason};
use crate::ingest::cell::spreadsheet::is_spreadsheet_error;
use crate::ingest::cell::text::{is_unseen, name_form};
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
    /// Each text's key: the division it resolves to, or [`NOT_RESOLVED`] | the number of its
    /// form (two texts of one form are one place); 0 for no place.
    pub(super) keys: Vec<u32>,
    /// The number of each form of the texts that resolve to no division.
    pub(super) forms: HashMap<String, u32>,
}

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
    is_spreadsheet_error(cell).then(|| Kind::SpreadsheetError {
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
        let d = crate::ingest::place::divisions();
        let mut forms: HashMap<String, u32> = HashMap::new();
        let keys: Vec<u32> = (table.iter().enumerate())
            .map(|(k, t)| match (k, d.resolve(t).code()) {
                (0, _) => 0,
                (_, Some(c)) => c,
                (_, None) => {
                    let n = forms.len() as u32;
                    NOT_RESOLVED | *forms.entry(place_form(t)).or_insert(n)
                }
            })
            .collect();
        PlaceCells {
            present,
            ids,
            table,
            keys,
            forms,
        }
    }
}

/// The form two places are compared in: NFKC, spaces put in order (`湖南 怀化` and
/// `湖南怀化` are one text; `湖南省怀化市` is another: what places mean is not compared here).
pub fn place_form(s: &str) -> String {
    name_form(s)
}

/// The places of parties: of the places each party's rows give (as seller or buyer), the one most
/// rows support, counting for a division every row whose place is that division, lies in it or
/// contains it (`湖南`, `湖南 怀化` and `湖南省怀化市辰溪县` are one place said more or less
/// precisely); among equals the most precise, then the first in file and row order. Places that do
/// not resolve to a division say nothing against one that does; when none resolves, the text most
/// rows write is kept (the first among equals). A place that cannot be true with the kept one is a
/// conflict (two provinces, or two counties; of places that do not resolve, two texts of different
/// forms). Also: the columns that name a place without saying whose, and the parties file, which
/// wins over the rows (where the rows' places cannot be true with the file's, a conflict kept
/// from the file).
///
/// # Errors
/// A parties file that gives one party (by normal form and aliases) two different places: the
/// message names both lines.
///
/// # Complexity
/// One pass over the records: per place cell, one array lookup, and a hash lookup only when the
/// party's place differs from the first its rows gave; one resolution per distinct place text;
/// per party with several places, time linear in their number.
pub(super) fn gather(
    ds: &mut Dataset,
    rows: Option<RowPlaces>,
    opts: &IngestOptions,
) -> Result<()> {
    if ds.holds == Holds::Rows {
        ds.place_unread = unread_columns(&ds.sources);
    }
    let r = &ds.records;
    let parties = ds.parties.len();
    if rows.is_none() && opts.parties.is_none() {
        return Ok(());
    }
    let d = crate::ingest::place::divisions();
    let table = &ds.tables.places;
    // Per party: the first place's key, its first record and side (record << 1 | side) and
    // code, and the rows that give that key; every other key a party's rows give, with the same.
    let RowPlaces {
        notes: Notes { mut first, others },
        forms,
    } = rows.unwrap_or_default();
    first.resize(parties, Said::NONE);
    let place_at = |s: &Said| -> PartyPlace {
        let i = (s.at >> 1) as usize;
        PartyPlace {
            written: table[s.code as usize].clone(),
            from: PlaceFrom::Row {
                source: r.file[i] as usize,
                row: u64::from(r.row[i]),
                side: if s.at & 1 == 0 {
                    Side::Seller
                } else {
                    Side::Buyer
                },
            },
        }
    };
    // Every place of each party with more than one, in row order.
    let mut several: Vec<(u32, Said)> = others.into_iter().map(|((p, _), s)| (p, s)).collect();
    several.extend(
        (several
            .iter()
            .map(|o| o.0)
            .collect::<HashSet<u32>>()
            .into_iter())
        .map(|p| (p, first[p as usize])),
    );
    several.sort_unstable_by_key(|&(p, s)| (p, s.at));
    let mut kept: Vec<Said> = first.clone();
    let mut conflicts: Vec<PlaceConflict> = Vec::new();
    for group in several.chunk_by(|a, b| a.0 == b.0) {
        let party = group[0].0;
        let said: Vec<Said> = group.iter().map(|g| g.1).collect();
        let best = choose(d, &said);
        kept[party as usize] = best;
        for o in &said {
            if o.key != best.key && !compatible(d, o.key, best.key) {
                conflicts.push(PlaceConflict {
                    party,
                    kept: place_at(&best),
                    other: place_at(o),
                });
            }
        }
    }
    let mut places: Vec<Option<PartyPlace>> = (kept.iter())
        .map(|s| (s.key != 0).then(|| place_at(s)))
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
            let from_file = PartyPlace {
                written: written.clone(),
                from: PlaceFrom::PartiesFile { line: e.line },
            };
            // The rows' places of this party that cannot be true with the file's.
            let file_key = match d.resolve(written).code() {
                Some(c) => c,
                None => forms
                    .get(&place_form(written))
                    .map_or(NOT_RESOLVED | u32::MAX >> 1, |&n| NOT_RESOLVED | n),
            };
            conflicts.retain(|c| c.party != id);
            let at = several.partition_point(|s| s.0 < id);
            let rows_said: Vec<Said> = match several.get(at) {
                Some(s) if s.0 == id => (several[at..].iter())
                    .take_while(|s| s.0 == id)
                    .map(|s| s.1)
                    .collect(),
                _ => (first[id as usize].key != 0)
                    .then_some(first[id as usize])
                    .into_iter()
                    .collect(),
            };
            for row in &rows_said {
                if row.key != file_key && !compatible(d, row.key, file_key) {
                    conflicts.push(PlaceConflict {
                        party: id,
                        kept: from_file.clone(),
                        other: place_at(row),
                    });
                }
            }
            places[id as usize] = Some(from_file);
        }
        ds.parties_file = Some(PartiesRead {
            file: file.clone(),
            party: named,
        });
    }
    conflicts.sort_by_key(|c| c.party);
    if places.iter().any(Option::is_some) {
        ds.party_places = places;
    }
    ds.place_conflicts = conflicts;
    Ok(())
}

/// What the records say of the parties' places ([`Notes`]), and the number of each form of the
/// place texts that resolve to no division.
#[derive(Default)]
pub(super) struct RowPlaces {
    pub(super) notes: Notes,
    pub(super) forms: HashMap<String, u32>,
}

/// What the rows say of the parties' places, noted record by record as the row pass goes: per
/// party the first place's key, with its first record and side and the number of cells that give
/// it; every other key a party's rows give, with the same.
#[derive(Default)]
pub(super) struct Notes {
    first: Vec<Said>,
    others: HashMap<(u32, u32), Said, foldhash::fast::RandomState>,
}

impl Notes {
    pub(super) fn new(parties: usize) -> Notes {
        Notes {
            first: vec![Said::NONE; parties],
            others: HashMap::default(),
        }
    }

    /// The cell of record and side `at` (record << 1 | side), text `code` with key `key`,
    /// says where `party` is.
    #[inline]
    pub(super) fn note(&mut self, party: u32, at: u64, code: u32, key: u32) {
        self.add(
            party,
            Said {
                key,
                at,
                code,
                rows: 1,
            },
        );
    }

    /// Adds what `said.rows` cells say (the first of them at `said.at`), after all noted so far.
    #[inline]
    fn add(&mut self, party: u32, said: Said) {
        let f = &mut self.first[party as usize];
        if f.key == said.key {
            f.rows += said.rows;
        } else if f.key == 0 {
            *f = said;
        } else {
            self.others
                .entry((party, said.key))
                .or_insert(Said { rows: 0, ..said })
                .rows += said.rows;
        }
    }

    /// Adds what the records after these say (`later`, whose record 0 is record `offset` here):
    /// as if noted here in order.
    ///
    /// # Complexity
    /// Linear in the parties and in `later`'s other keys.
    pub(super) fn append(&mut self, later: Notes, offset: u64) {
        if later.first.is_empty() {
            return;
        }
        if self.first.is_empty() {
            self.first = vec![Said::NONE; later.first.len()];
        }
        let shift = |s: Said| Said {
            at: s.at + (offset << 1),
            ..s
        };
        for (p, &s) in later.first.iter().enumerate() {
            if s.key != 0 {
                self.add(p as u32, shift(s));
            }
        }
        let mut others: Vec<((u32, u32), Said)> = later.others.into_iter().collect();
        others.sort_unstable_by_key(|o| o.0);
        for ((p, _), s) in others {
            self.add(p, shift(s));
        }
    }
}

/// The key of a place that does not resolve to a division: this bit and the number of its form.
const NOT_RESOLVED: u32 = 1 << 31;

/// A place one party's rows give: its key (a division, or [`NOT_RESOLVED`] | a form), the first
/// record and side that give it (record << 1 | side) and the code of that cell's text, and the
/// number of cells that give it.
#[derive(Debug, Clone, Copy)]
struct Said {
    key: u32,
    at: u64,
    code: u32,
    rows: u64,
}

impl Said {
    const NONE: Said = Said {
        key: 0,
        at: u64::MAX,
        code: 0,
        rows: 0,
    };
}

/// Whether two keys can both be true of one party: divisions one of which lies in the other.
/// A place that does not resolve says nothing against one that does; two that do not resolve
/// agree only when their forms are one.
fn compatible(d: &crate::ingest::place::Divisions, a: u32, b: u32) -> bool {
    match (a & NOT_RESOLVED != 0, b & NOT_RESOLVED != 0) {
        (false, false) => lies_in(d, a, b) || lies_in(d, b, a),
        (true, true) => a == b,
        _ => true,
    }
}

/// The place kept of one party's places (in row order, at least one): the division most cells
/// support (its own, and those of divisions it lies in or that lie in it), then the most
/// precise, then the first; when none resolves, the text most cells write, then the first.
///
/// # Complexity
/// Linear in the places given (a division has at most two divisions above it).
fn choose(d: &crate::ingest::place::Divisions, said: &[Said]) -> Said {
    let above = |c: u32| {
        let mut out = [0u32; 3];
        let mut n = 0;
        let mut at = d.get(c).and_then(|x| x.parent);
        while let Some(p) = at
            && n < out.len()
        {
            out[n] = p;
            n += 1;
            at = d.get(p).and_then(|x| x.parent);
        }
        (out, n)
    };
    let mut own: HashMap<u32, u64> = HashMap::new();
    let mut below: HashMap<u32, u64> = HashMap::new();
    for s in said.iter().filter(|s| s.key & NOT_RESOLVED == 0) {
        *own.entry(s.key).or_default() += s.rows;
        let (up, n) = above(s.key);
        for &a in &up[..n] {
            *below.entry(a).or_default() += s.rows;
        }
    }
    if own.is_empty() {
        // Row order breaks ties: the first of the most written.
        return *said
            .iter()
            .rev()
            .max_by_key(|s| s.rows)
            .expect("a party with places has one");
    }
    let support = |c: u32| {
        let (up, n) = above(c);
        own[&c]
            + below.get(&c).copied().unwrap_or(0)
            + up[..n]
                .iter()
                .map(|a| own.get(a).copied().unwrap_or(0))
                .sum::<u64>()
    };
    let precision = |c: u32| d.level(c).map_or(0, |l| l as u8 + 1);
    *said
        .iter()
        .filter(|s| s.key & NOT_RESOLVED == 0)
        .max_by_key(|s| (support(s.key), precision(s.key), std::cmp::Reverse(s.at)))
        .expect("a division among them")
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

#[cfg(test)]
mod tests {
    use super::*;

    type Firsts = Vec<(usize, u32, u64, u32, u64)>;
    type Others = Vec<((u32, u32), u64, u32, u64)>;

    fn all(n: &Notes) -> (Firsts, Others) {
        let first = (n.first.iter().enumerate())
            .map(|(p, s)| (p, s.key, s.at, s.code, s.rows))
            .collect();
        let mut others: Vec<_> = (n.others.iter())
            .map(|(&k, s)| (k, s.at, s.code, s.rows))
            .collect();
        others.sort_unstable();
        (first, others)
    }

    #[test]
    fn notes_taken_in_pieces_and_appended_are_the_notes_of_one_pass() {
        let mut x = 3u64;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        for _ in 0..30 {
            let parties = 1 + next(20) as usize;
            let records = next(300) as usize;
            // Per record, the seller's and the buyer's place (key 0: none).
            let cells: Vec<[(u32, u32, u32); 2]> = (0..records)
                .map(|_| {
                    let mut side = || {
                        let code = next(5) as u32;
                        (next(parties as u64) as u32, code, code * 7)
                    };
                    [side(), side()]
                })
                .collect();
            let note = |n: &mut Notes, range: std::ops::Range<usize>| {
                for (i, sides) in cells[range.clone()].iter().enumerate() {
                    for (k, &(party, code, key)) in sides.iter().enumerate() {
                        if code != 0 {
                            n.note(party, ((i as u64) << 1) | k as u64, code, key);
                        }
                    }
                }
            };
            let mut whole = Notes::new(parties);
            note(&mut whole, 0..records);
            for pieces in 2..=4 {
                let bounds: Vec<usize> = (0..=pieces).map(|k| records * k / pieces).collect();
                let mut joined = Notes::default();
                for w in bounds.windows(2) {
                    let mut n = Notes::new(parties);
                    note(&mut n, w[0]..w[1]);
                    joined.append(n, w[0] as u64);
                }
                assert_eq!(all(&joined), all(&whole), "{pieces} pieces");
            }
        }
    }
}
