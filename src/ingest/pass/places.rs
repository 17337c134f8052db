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
            .map(|(k, t)| {
                let r = d.resolve(t);
                match (k, r.code()) {
                    (0, _) => 0,
                    (_, Some(c)) => c,
                    (_, None) => {
                        let n = forms.len() as u32;
                        NOT_RESOLVED | *forms.entry(unresolved_form(&r, t)).or_insert(n)
                    }
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

/// The form a place that resolves to no division is compared in: for a cell naming several places
/// that share no division, the places it names (`湖南/广西` and `湖南、广西` are one place, unknown
/// between the two), else its text's [`place_form`].
fn unresolved_form(r: &crate::ingest::place::Resolution, text: &str) -> String {
    if r.several && !r.candidates.is_empty() {
        format!("\0{:?}", r.candidates)
    } else {
        place_form(text)
    }
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
/// Nothing per record here (the row pass noted each place cell, looking through the party's few
/// texts); one resolution per distinct place text; per party, time linear in its texts.
pub(super) fn gather(
    ds: &mut Dataset,
    rows: Option<RowPlaces>,
    opts: &IngestOptions,
) -> Result<()> {
    if ds.holds == Holds::Rows {
        ds.place_unread = unread_columns(&ds.sources);
    }
    let parties = ds.parties.len();
    if rows.is_none() && opts.parties.is_none() {
        return Ok(());
    }
    let d = crate::ingest::place::divisions();
    let RowPlaces { notes, forms } = rows.unwrap_or_default();
    ds.place_spellings = notes.spellings();
    let r = &ds.records;
    let table = &ds.tables.places;
    // Per party: what its rows say by key, in row order; the first key's, of each.
    let by_key = notes.by_key();
    drop(notes);
    let mut first: Vec<Said> = vec![Said::NONE; parties];
    for (p, said) in &by_key {
        first[*p as usize] = said[0];
    }
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
    let several: Vec<(u32, Said)> = (by_key.into_iter())
        .filter(|(_, said)| said.len() > 1)
        .flat_map(|(p, said)| said.into_iter().map(move |s| (p, s)))
        .collect();
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
            let resolved = d.resolve(written);
            let file_key = match resolved.code() {
                Some(c) => c,
                None => forms
                    .get(&unresolved_form(&resolved, written))
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
/// party, each text its rows give its place in, with its key, the first record and side that
/// gives it and the number of cells that do, in the order the rows first give them (a short list
/// per party; a map past [`Notes::LIST`] texts).
#[derive(Default)]
pub(super) struct Notes {
    /// Per party, its first entry ([`NIL`]: none), and its number of entries (past
    /// [`Notes::LIST`]: [`Notes::MANY`], its entries are found in `many`).
    head: Vec<u32>,
    len: Vec<u8>,
    entries: Vec<Spelled>,
    many: HashMap<(u32, u32), u32, foldhash::fast::RandomState>,
}

/// One text a party's rows give its place in.
#[derive(Debug, Clone, Copy)]
struct Spelled {
    party: u32,
    code: u32,
    key: u32,
    /// The party's next entry ([`NIL`]: none).
    next: u32,
    at: u64,
    rows: u64,
}

const NIL: u32 = u32::MAX;

impl Notes {
    /// The most texts of a party looked for in its list; past them, in a map.
    const LIST: u8 = 16;
    const MANY: u8 = u8::MAX;

    pub(super) fn new(parties: usize) -> Notes {
        Notes {
            head: vec![NIL; parties],
            len: vec![0; parties],
            ..Notes::default()
        }
    }

    /// The cell of record and side `at` (record << 1 | side), text `code` with key `key`,
    /// says where `party` is.
    #[inline]
    pub(super) fn note(&mut self, party: u32, at: u64, code: u32, key: u32) {
        self.add(party, code, key, at, 1);
    }

    /// Adds `rows` cells giving `party` text `code` (key `key`), the first of them at `at`, after
    /// all noted so far.
    #[inline]
    fn add(&mut self, party: u32, code: u32, key: u32, at: u64, rows: u64) {
        let p = party as usize;
        let new = Spelled {
            party,
            code,
            key,
            next: NIL,
            at,
            rows,
        };
        if self.len[p] == Notes::MANY {
            let n = self.entries.len() as u32;
            let e = *self.many.entry((party, code)).or_insert(n);
            if e == n {
                self.entries.push(new);
            } else {
                self.entries[e as usize].rows += rows;
            }
            return;
        }
        let (mut i, mut last) = (self.head[p], NIL);
        while i != NIL {
            let e = &mut self.entries[i as usize];
            if e.code == code {
                e.rows += rows;
                return;
            }
            last = i;
            i = e.next;
        }
        let n = self.entries.len() as u32;
        self.entries.push(new);
        match last {
            NIL => self.head[p] = n,
            l => self.entries[l as usize].next = n,
        }
        self.len[p] += 1;
        if self.len[p] > Notes::LIST {
            // Many texts for one party: found in the map from now on.
            let mut i = self.head[p];
            while i != NIL {
                self.many.insert((party, self.entries[i as usize].code), i);
                i = self.entries[i as usize].next;
            }
            self.len[p] = Notes::MANY;
        }
    }

    /// Adds what the records after these say (`later`, whose record 0 is record `offset` here):
    /// as if noted here in order.
    ///
    /// # Complexity
    /// Linear in `later`'s entries, times the texts of each party looked through.
    pub(super) fn append(&mut self, later: Notes, offset: u64) {
        if later.head.is_empty() {
            return;
        }
        if self.head.is_empty() {
            *self = Notes::new(later.head.len());
        }
        // In the order the later records first gave them.
        for e in later.entries {
            self.add(e.party, e.code, e.key, e.at + (offset << 1), e.rows);
        }
    }

    /// Per party with some, what its rows say, by key (the rows of all its texts of that key,
    /// the first record and side, and the text there), in the order its rows first give each.
    fn by_key(&self) -> Vec<(u32, Vec<Said>)> {
        let mut out = Vec::new();
        let mut said: Vec<Said> = Vec::new();
        for (p, &h) in self.head.iter().enumerate() {
            if h == NIL {
                continue;
            }
            said.clear();
            let mut i = h;
            while i != NIL {
                let e = &self.entries[i as usize];
                match said.iter_mut().find(|s| s.key == e.key) {
                    Some(s) => {
                        s.rows += e.rows;
                        if e.at < s.at {
                            (s.at, s.code) = (e.at, e.code);
                        }
                    }
                    None => said.push(Said {
                        key: e.key,
                        at: e.at,
                        code: e.code,
                        rows: e.rows,
                    }),
                }
                i = e.next;
            }
            said.sort_by_key(|s| s.at);
            out.push((p as u32, said.clone()));
        }
        out
    }

    /// Per party whose rows give its place in more than one text, each text's code and rows, the
    /// most rows first (then by code).
    pub(super) fn spellings(&self) -> std::collections::BTreeMap<u32, Vec<(u32, u64)>> {
        let mut out = std::collections::BTreeMap::new();
        for (p, &h) in self.head.iter().enumerate() {
            if h == NIL || self.entries[h as usize].next == NIL {
                continue;
            }
            let mut v = Vec::new();
            let mut i = h;
            while i != NIL {
                let e = &self.entries[i as usize];
                v.push((e.code, e.rows));
                i = e.next;
            }
            v.sort_by_key(|&(c, n)| (std::cmp::Reverse(n), c));
            out.insert(p as u32, v);
        }
        out
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

    type ByKey = Vec<(u32, Vec<(u32, u64, u32, u64)>)>;

    fn all(n: &Notes) -> (ByKey, std::collections::BTreeMap<u32, Vec<(u32, u64)>>) {
        let by_key = (n.by_key().into_iter())
            .map(|(p, said)| {
                (
                    p,
                    said.iter().map(|s| (s.key, s.at, s.code, s.rows)).collect(),
                )
            })
            .collect();
        (by_key, n.spellings())
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
                    // Up to 40 texts, of 8 keys (several texts to a key), so that a party has
                    // more texts than its list holds now and then.
                    let mut side = || {
                        let many = next(4) == 0;
                        let code = next(if many { 40 } else { 5 }) as u32;
                        (next(parties as u64) as u32, code, (code % 8 + 1) * 7)
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
