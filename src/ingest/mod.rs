//! Ingest: case files → integer-coded records of transactions, every rejected row accounted for.
//!
//! Polars reads the cells; every column is dictionary-coded, and weights, dates, party and species
//! names are trimmed, parsed and judged once per *distinct* cell value, since real case files
//! repeat the same few spellings millions of times. One pass over the rows then gathers the
//! parsed values by code.
//!
//! Three rooms, each importing only the ones before it: [`cell`] (one cell → a value),
//! `open` (bytes → a table: formats, encodings, header search and mapping, limits, the small-CSV
//! reader of side tables) and `pass` (table → records: read, encode, distinct, gather, canonical,
//! records, rejects, links files, `normalize`). The side tables, [`species`] and [`party`]
//! aliases, are read with `open`'s reader and resolve names in the normal form of [`cell::text`];
//! the pass consults them. Nothing here imports the case module.

pub mod cell;
pub mod error;
mod open;
pub mod parties;
pub mod party;
mod pass;
pub mod place;
#[cfg(test)]
mod rooms;
pub mod species;

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::units::Unit;

// The paths code outside ingest has used since before the three rooms.
pub use cell::confidence as provenance;
pub use cell::{date, money, reason, text, weight};
pub use open::{header, small_csv};
pub use pass::{links, records, rejects, stream};

pub use error::{Error, Result};
pub use header::ExplicitMap;
pub use links::load_links;
pub use open::diagnose::{BadLine, LineProblem, Problem as RecordProblem};
pub use open::note::Note as SourceNote;
pub use open::{ColumnUse, FileKind, SourceFormat, decode_text};
pub use party::{LikelyDuplicate, PartyAliases};
pub use pass::read::load;
pub use reason::{Reason, Reasons};
pub use records::{DateInfo, Holds, LinkColumns, Money, Per, Price, Quantity, Records, Tables};
pub use rejects::write_rejects;
pub use species::{SpeciesInfo, SpeciesTable};

/// The 辰溪 (Chenxi) case, embedded so that the tool works from any directory with no input.
pub const EMBEDDED_CASE: &str = include_str!("../../data/chenxi_case.csv");
/// How the embedded case is named in messages and in the rejects file.
pub const EMBEDDED_NAME: &str = "chenxi_case.csv (embedded)";
/// The places of the embedded case's parties, from the report (a parties file: `name,place,notes`,
/// each note citing the line of the report that states the place; unstated places left empty).
pub const EMBEDDED_PARTIES: &str = include_str!("../../data/chenxi_parties.csv");
/// How the embedded parties file is named in messages.
pub const EMBEDDED_PARTIES_NAME: &str = "chenxi_parties.csv (embedded)";

/// Where rows come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// The embedded 辰溪 case.
    Embedded,
    /// Bytes already in memory (a piece of a stream cut by `wildchain normalize`), with the name
    /// messages give them.
    Memory { name: String, bytes: Arc<Vec<u8>> },
}

impl Source {
    /// The source named by a command-line argument (`-` is standard input).
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }

    /// The name used in messages and in the rejects file.
    pub fn name(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Stdin => "<stdin>".to_string(),
            Source::Embedded => EMBEDDED_NAME.to_string(),
            Source::Memory { name, .. } => name.clone(),
        }
    }
}

/// How sources and cells are read.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The unit of a bare number when the row has no `unit` cell and the header names none;
    /// `None` means kg, except in a `数量` column, where a bare number is refused.
    pub default_unit: Option<Unit>,
    /// The text encoding, instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The delimiter of text files, instead of detecting it.
    pub delimiter: Option<u8>,
    /// The sheet of workbooks, instead of the first.
    pub sheet: Option<String>,
    /// Header names for fields, which win over guessing (`--map`).
    pub map: ExplicitMap,
    pub species: Arc<SpeciesTable>,
    pub aliases: Arc<PartyAliases>,
    /// The year of dates written without one (`4月20日`, `04-20`, `4月下旬`): `--year`. `None`:
    /// such a date is unknown, with its reason.
    pub year: Option<i32>,
    /// The parties file (`--parties`): places, notes and attributes of parties, winning over
    /// the place cells of rows.
    pub parties: Option<Arc<parties::PartiesFile>>,
}

impl IngestOptions {
    /// Detect everything, the embedded species table, no aliases.
    ///
    /// # Errors
    /// Only if the embedded species table is broken.
    pub fn new() -> Result<IngestOptions> {
        Ok(IngestOptions {
            default_unit: None,
            encoding: None,
            delimiter: None,
            sheet: None,
            map: ExplicitMap::default(),
            species: Arc::new(SpeciesTable::embedded()?),
            aliases: Arc::new(PartyAliases::default()),
            year: None,
            parties: None,
        })
    }
}

/// How many rows were read, accepted and rejected (`rows = accepted + rejected`), and how many
/// cells of the accepted rows could not be read and are unknown ([`CellProblem`]s).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct InputStats {
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// Cells of accepted rows that could not be read: each is unknown in its row. JSON leaves
    /// it out when 0, as data read whole has always been given.
    #[serde(skip_serializing_if = "is_zero")]
    pub unknown_cells: u64,
    /// Accepted rows with at least one such cell (left out of JSON when 0).
    #[serde(skip_serializing_if = "is_zero")]
    pub rows_with_unknown: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What an accepted row kept of a cell it could not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    /// Nothing: the cell is unknown (a weight, a price, a date … that cannot be read). Unknown is
    /// never 0.
    Unknown,
    /// The month of a date whose day does not exist (`2023-04-32` → 2023-04): what is certain.
    Month(date::DateKey),
    /// The species is unknown: the row is counted under [`UNKNOWN_SPECIES`], apart from every
    /// species the data names.
    UnknownSpecies,
}

/// The species label of rows whose species cell is empty: kept apart in every total, never
/// merged with a species the data names (a cell typed `未知物种` means the same).
pub const UNKNOWN_SPECIES: &str = "未知物种";

/// A cell of an accepted row that could not be read: the row is kept (it says who traded with
/// whom), the cell is unknown for that row, and this says why and what was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// Index into [`Dataset::sources`].
    pub source: usize,
    /// The row number, as [`Reject::row`].
    pub row: u64,
    /// The column, the value and why it cannot be read.
    pub reason: Reason,
    /// What the row kept of the cell.
    pub kept: Kept,
}

/// A row that was not accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Index into [`Dataset::sources`].
    pub source: usize,
    /// The row as the user's program shows it: the sheet's row number in a workbook, the line
    /// the record starts on in text (the header's line and any title lines above it counted),
    /// the row from 1 in Parquet.
    pub row: u64,
    /// Every reason, each naming its column and value, in the order the columns are checked.
    pub reasons: Vec<Reason>,
}

impl Reject {
    /// Every reason as text, joined with `; `: what messages and the rejects file show.
    pub fn reason(&self) -> Reasons<'_> {
        Reasons(&self.reasons)
    }
}

/// One input as read: its name, its header, what was understood of its format, and (for re-reading
/// rejected rows) its bytes or path.
#[derive(Debug, Clone)]
pub struct SourceInfo {
    pub name: String,
    pub header: Vec<String>,
    pub format: SourceFormat,
    pub(crate) origin: open::Origin,
    /// How its rows are numbered for people: the lines of text, the rows of a sheet.
    pub(crate) rows: open::numbered::RowNumbers,
}

/// Several names read as one: the name kept, the other names (sorted), and how many rows they
/// had when counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameMerge {
    pub name: String,
    pub names: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
}

/// What the species names of the data were, against the species table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpeciesSeen {
    /// Rows whose species the table knows.
    pub known: u64,
    /// Names the table does not know (after NFKC and space normalisation), with their row counts,
    /// sorted by name.
    pub unknown: Vec<(String, u64)>,
    /// Names read as another name of the table (舟山眼镜蛇 → 眼镜蛇), by canonical name.
    pub merged: Vec<NameMerge>,
}

/// The validated transactions (or links) of all inputs, as one data set, integer-coded.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Whether the records are transaction rows or links.
    pub holds: Holds,
    /// The accepted records.
    pub records: Records,
    /// The distinct quantities, dates and sources the records point into.
    pub tables: Tables,
    /// Every party by id, in name order (the names shown); shared with the case's flows, not
    /// copied (two million names are some 110 MB).
    pub parties: Arc<[String]>,
    /// Every species label by id, in name order (canonical names: 穿山甲属, 穿山甲属（鳞片）).
    pub species: Vec<String>,
    /// The taxon and product of each species id (both `None` for names the table does not know).
    pub labels: Vec<species::Label>,
    pub stats: InputStats,
    /// Rejected rows, ordered by source then row.
    pub rejects: Vec<Reject>,
    /// Cells of accepted rows that could not be read, ordered by source then row (a row with
    /// several has several, in the order its columns are checked).
    pub problems: Vec<CellProblem>,
    pub sources: Vec<SourceInfo>,
    /// Rows with no cell in any column read: skipped, and not counted in `stats`.
    pub blank_rows: u64,
    /// Accepted rows whose weight or count is approximate.
    pub approx_rows: u64,
    /// Party names merged by normal form or alias, by name kept.
    pub party_merges: Vec<NameMerge>,
    pub species_seen: SpeciesSeen,
    /// The species table the data was read with.
    pub species_table: Arc<SpeciesTable>,
    /// The party aliases the data was read with.
    pub aliases: Arc<PartyAliases>,
    /// Every party by key (its [`text::name_form`] through the aliases) → the name it is shown by.
    pub party_names: PartyNames,
    /// Species the table does not know, by key ([`text::name_form`]) → the name shown.
    pub species_names: std::collections::HashMap<String, String>,
    /// Per source, the bare numbers of its weight column read as kg only because nothing gave
    /// their unit.
    pub bare_weights: Vec<BareWeights>,
    /// The place of each party as written, by party id, and where it was read (a row's place
    /// cell or the parties file); empty when no party has a place.
    pub party_places: Vec<Option<PartyPlace>>,
    /// Places of one party that disagree (in their text form: NFKC, spaces): the one kept and
    /// each other, in the order found.
    pub place_conflicts: Vec<PlaceConflict>,
    /// Per party whose rows write its place in more than one text: each text's code (into
    /// [`Tables::places`]) and the cells that write it so, the most first (then by code).
    pub place_spellings: std::collections::BTreeMap<u32, Vec<(u32, u64)>>,
    /// Columns whose header names a place without saying whose (`所在地`): not read.
    pub place_unread: Vec<PlaceUnread>,
    /// The parties file read with the case, with the party each of its rows names.
    pub parties_file: Option<PartiesRead>,
}

/// Every party's key (its [`text::name_form`] through the aliases) → the name it is shown by,
/// held once. For almost every party the two are equal: the names shown are kept end to end in
/// one string, in name order (as [`Dataset::parties`]), each marked when it is its own key; only
/// the keys that differ from their name (other spellings, aliases) are kept apart. A map of two
/// strings per party held some 150 bytes a party (300 MB at 2 M parties); this holds the name's
/// bytes and 9 more.
#[derive(Debug, Clone, Default)]
pub struct PartyNames {
    /// The names shown, in name order, end to end.
    text: String,
    /// Where each name ends in `text`.
    ends: Vec<usize>,
    /// Whether each name is also a key: a party's key that is its name shown.
    keyed: Vec<bool>,
    /// The keys that are not the name they are shown by → that name's position.
    apart: std::collections::HashMap<String, u32>,
}

impl PartyNames {
    /// `names` (sorted, distinct) are the names shown; `keyed` says of each whether it is a key
    /// too, `apart` gives the other keys and the position of their name.
    pub(crate) fn new(
        names: &[String],
        keyed: Vec<bool>,
        apart: std::collections::HashMap<String, u32>,
    ) -> PartyNames {
        let mut text = String::with_capacity(names.iter().map(String::len).sum());
        let ends = names
            .iter()
            .map(|n| {
                text.push_str(n);
                text.len()
            })
            .collect();
        PartyNames {
            text,
            ends,
            keyed,
            apart,
        }
    }

    /// The name at position `i`.
    fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The name the party of this key is shown by, if a party has that key.
    ///
    /// # Complexity
    /// O(log P · L) for P parties and a key of L bytes.
    pub fn get(&self, key: &str) -> Option<&str> {
        if let Some(&i) = self.apart.get(key) {
            return Some(self.name(i as usize));
        }
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.name(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.keyed[mid].then(|| self.name(mid)),
            }
        }
        None
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.keyed.iter().filter(|&&k| k).count() + self.apart.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whose place column a row's place was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Seller,
    Buyer,
}

/// Where a party's place was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlaceFrom {
    /// The place cell of a row: the source (index into [`Dataset::sources`]), the row, and
    /// whose column (the seller's or the buyer's place).
    Row { source: usize, row: u64, side: Side },
    /// A line of the parties file.
    PartiesFile { line: u64 },
}

/// A party's place as written, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyPlace {
    pub written: String,
    pub from: PlaceFrom,
}

/// Two places given for one party that differ: the one kept (the first in row order, or the
/// parties file's) and the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceConflict {
    pub party: u32,
    pub kept: PartyPlace,
    pub other: PartyPlace,
}

/// A column whose header names a place without saying whose (`所在地`, `地址`, `place`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceUnread {
    /// Index into [`Dataset::sources`].
    pub source: usize,
    /// The column, from 1.
    pub column: usize,
    pub header: String,
}

/// The parties file as read with a case: its rows, and the party each names (`None`: no row of
/// the case names it, probably a typo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartiesRead {
    pub file: Arc<parties::PartiesFile>,
    /// By entry of the file.
    pub party: Vec<Option<u32>>,
}

impl Dataset {
    /// The place of a party as written, and where it was read.
    pub fn party_place(&self, id: u32) -> Option<&PartyPlace> {
        self.party_places.get(id as usize).and_then(Option::as_ref)
    }

    /// The row of the parties file that names a party (its notes and further attributes).
    pub fn party_entry(&self, id: u32) -> Option<&parties::PartyEntry> {
        let p = self.parties_file.as_ref()?;
        let k = p.party.iter().position(|&q| q == Some(id))?;
        p.file.entries.get(k)
    }
}

/// Bare numbers of a source's weight column (`30`) read as kg only because nothing gave their
/// unit: no unit in the header, no unit cell on the row, no `--default-unit`. Where people weigh
/// in 斤 that doubles the figure, so it is said once per file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BareWeights {
    /// Index into [`Dataset::sources`].
    pub source: usize,
    /// The weight column's header, as written (`重量`).
    pub column: String,
    /// How many cells are such bare numbers.
    pub cells: u64,
    /// The rows of the first few.
    pub rows: Vec<u64>,
    /// Other cells of the column give a unit (`50斤`): the bare numbers are ambiguous, and are
    /// still read as kg, never as the column's other unit.
    pub mixed: bool,
}

impl Dataset {
    /// Party names of the rows read that may be one party and were not merged: those alike but
    /// for case, spacing, width or punctuation, and with `one_character`, those one character
    /// apart (see [`party::likely_duplicates`]).
    pub fn likely_duplicates(&self, one_character: bool) -> Vec<LikelyDuplicate> {
        // Every party is the name shown of some key: the names shown are the parties.
        party::likely_duplicates(self.parties.iter().map(String::as_str), one_character)
    }

    /// The name a party typed any way (a spelling, an alias) is shown by in the data, or the name
    /// in normal form when the data has no such party.
    pub fn party_name(&self, typed: &str) -> String {
        let key = self.aliases.resolve(typed);
        self.party_names
            .get(&key)
            .map(str::to_string)
            .unwrap_or(key)
    }

    /// The name a species typed any way (any name of the species table, with or without a
    /// product word, any spelling in the data) is shown by in the data.
    pub fn species_name(&self, typed: &str) -> String {
        match self
            .species_table
            .resolve(typed)
            .and_then(|l| self.species_table.label_name(l))
        {
            Some(name) => name,
            None => {
                let key = text::name_form(typed);
                self.species_names.get(&key).cloned().unwrap_or(key)
            }
        }
    }
}

impl Dataset {
    /// The cell problems of one row (empty when its cells were all read, or it was refused).
    ///
    /// # Complexity
    /// O(log P) for P cell problems.
    pub fn problems_at(&self, source: usize, row: u64) -> &[CellProblem] {
        let p = &self.problems;
        let start = p.partition_point(|c| (c.source, c.row) < (source, row));
        let end = start + p[start..].partition_point(|c| (c.source, c.row) == (source, row));
        &p[start..end]
    }

    /// `file row N` for messages.
    pub fn locate(&self, reject: &Reject) -> String {
        format!("{} row {}", self.sources[reject.source].name, reject.row)
    }

    /// The id of a party by the name it is shown by.
    pub fn party_id(&self, shown: &str) -> Option<u32> {
        self.parties
            .binary_search_by(|p| p.as_str().cmp(shown))
            .ok()
            .map(|i| i as u32)
    }

    /// The note of record `i`: the state its figure was written with (`1只（死体）` → `死体`) and
    /// its note cell (备注, 说明), joined with `; `; `None` when it has neither.
    pub fn note(&self, i: usize) -> Option<String> {
        let (r, t) = (&self.records, &self.tables);
        let state = r
            .quantity
            .get(i)
            .and_then(|&q| t.quantities.get(q as usize))
            .and_then(|q| q.state);
        let cell = r
            .note
            .get(i)
            .and_then(|&n| t.notes.get(n as usize))
            .map(String::as_str)
            .filter(|n| !n.is_empty());
        match (state, cell) {
            (None, None) => None,
            (Some(s), None) => Some(s.to_string()),
            (None, Some(n)) => Some(n.to_string()),
            (Some(s), Some(n)) => Some(format!("{s}; {n}")),
        }
    }

    /// The note of the record at `(source index, row)` ([`Dataset::note`]), if a record was
    /// accepted there and has one.
    pub fn note_at(&self, at: (u32, u64)) -> Option<String> {
        self.records.find(at).and_then(|i| self.note(i))
    }

    /// The id of a species by its canonical name.
    pub fn species_id(&self, canonical: &str) -> Option<u32> {
        self.species
            .binary_search_by(|p| p.as_str().cmp(canonical))
            .ok()
            .map(|i| i as u32)
    }
}

#[cfg(test)]
mod party_names_tests {
    use super::PartyNames;

    /// Names shown that are their own key are found by themselves; other keys (a spelling in
    /// another width, an alias) through the map apart; a name shown that no key has is no key.
    #[test]
    fn keys_find_their_name_shown_and_only_keys_do() {
        let names: Vec<String> = ["ACME Ltd", "张三", "李四"].map(String::from).to_vec();
        // 张三 is its own key; ACME Ltd is shown for the key `acme` only; 李四 for itself and
        // for the alias 老四.
        let keyed = vec![false, true, true];
        let apart = [("acme".to_string(), 0), ("老四".to_string(), 2)]
            .into_iter()
            .collect();
        let p = PartyNames::new(&names, keyed, apart);
        assert_eq!(p.get("张三"), Some("张三"));
        assert_eq!(p.get("李四"), Some("李四"));
        assert_eq!(p.get("老四"), Some("李四"));
        assert_eq!(p.get("acme"), Some("ACME Ltd"));
        assert_eq!(p.get("ACME Ltd"), None);
        assert_eq!(p.get("王五"), None);
        assert_eq!(p.get(""), None);
        assert_eq!(p.len(), 4);
        assert_eq!(PartyNames::default().get("张三"), None);
    }
}
