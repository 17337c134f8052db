//! What `validate` finds in a case, as data (serialised as its JSON): how each source was
//! understood (format, encoding, delimiter, sheet, header row, columns), the rows read, accepted,
//! approximate, blank and rejected (reasons grouped), the species the table knows and those it
//! does not, and the party names merged or alike. Worded in `render::validate`.
//!
//! It lives beside the case's warnings, not in `analysis/`: it is an account of what loading read
//! (the sources, the rejected rows, the names against the species table), with no graph.

use serde::Serialize;

use crate::ingest::party::LikelyDuplicate;
use crate::ingest::rejects::{ReasonGroup, group_problems, group_reasons};
use crate::ingest::species::ambiguity;
use crate::ingest::text::closest;
use crate::ingest::{Dataset, InputStats, Kept, NameMerge, SourceFormat};

/// One source and what was understood of its format.
#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    pub name: String,
    #[serde(flatten)]
    pub format: SourceFormat,
}

/// A species name the table does not know.
#[derive(Debug, Clone, Serialize)]
pub struct UnknownSpecies {
    pub name: String,
    pub rows: u64,
    /// For a name left out of the table on purpose: what it may mean.
    pub ambiguous: Option<&'static str>,
    /// The closest names of the species table.
    pub closest: Vec<String>,
}

/// A species of the data the table knows: its taxon with rank and parent, and the product.
#[derive(Debug, Clone, Serialize)]
pub struct KnownSpecies {
    pub name: String,
    pub rows: u64,
    pub taxon: String,
    pub rank: Option<String>,
    pub parent: Option<String>,
    pub product: Option<String>,
    pub scientific_name: Option<String>,
}

/// The species names of the data against the species table.
#[derive(Debug, Clone, Serialize)]
pub struct SpeciesReport {
    /// Rows whose species the table knows.
    pub known_rows: u64,
    /// Each species of the data the table knows, by name.
    pub known: Vec<KnownSpecies>,
    pub unknown: Vec<UnknownSpecies>,
    pub merged: Vec<NameMerge>,
}

/// The party names merged, and those alike but left apart.
#[derive(Debug, Clone, Serialize)]
pub struct PartyReport {
    pub merged: Vec<NameMerge>,
    pub likely_duplicates: Vec<LikelyDuplicate>,
}

/// Everything `validate` finds, as its JSON gives it.
#[derive(Debug, Clone, Serialize)]
pub struct Findings {
    pub input: InputStats,
    /// Accepted rows whose weight or count is approximate.
    pub approx_rows: u64,
    /// Rows with no cell in any column read, skipped.
    pub blank_rows: u64,
    pub sources: Vec<SourceReport>,
    pub rejected: Vec<ReasonGroup>,
    pub species: SpeciesReport,
    /// Cells of kept rows that could not be read, grouped by column and kind of reason.
    pub unknown_cells: Vec<ReasonGroup>,
    /// Every such cell, in (file, row) order.
    pub cell_problems: Vec<CellProblemView>,
    pub parties: PartyReport,
    /// Each party with a place: the place as written and where it was read (left out of JSON
    /// when no party has one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceView>,
    /// The parties file (`--parties`), line by line with its notes and further columns (left
    /// out of JSON when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parties_file: Option<PartiesFileView>,
    /// The groups of `rejected` with their reasons typed, in the same order: what renderers
    /// word in a language (JSON has the text of `rejected`).
    #[serde(skip)]
    pub rejected_typed: Vec<Option<TypedGroup>>,
    /// The groups of `unknown_cells` with their reasons typed, in the same order.
    #[serde(skip)]
    pub unknown_cells_typed: Vec<Option<TypedGroup>>,
}

/// A group of rejected rows with its reasons as data: the first reason, and each example as
/// (file, row, reason).
#[derive(Debug, Clone)]
pub struct TypedGroup {
    pub first: crate::ingest::Reason,
    pub examples: Vec<(String, u64, crate::ingest::Reason)>,
}

/// The typed reasons of `groups` (grouped as [`group_reasons`] groups them: by column and
/// kind), in their order, with as many examples as each group names.
///
/// # Complexity
/// O(R × G) for R reasons and G groups (a handful).
fn typed_groups(data: &Dataset, groups: &[ReasonGroup]) -> Vec<Option<TypedGroup>> {
    let reasons =
        (data.rejects.iter()).flat_map(|r| r.reasons.iter().map(move |why| (r.source, r.row, why)));
    typed_of(data, groups, reasons)
}

/// [`typed_groups`] of the cell problems, grouped as [`group_problems`] groups them.
fn typed_problems(data: &Dataset, groups: &[ReasonGroup]) -> Vec<Option<TypedGroup>> {
    let reasons = (data.problems.iter()).map(|p| (p.source, p.row, &p.reason));
    typed_of(data, groups, reasons)
}

/// The typed reasons of `groups` from `reasons` as (source, row, reason).
fn typed_of<'a>(
    data: &Dataset,
    groups: &[ReasonGroup],
    reasons: impl Iterator<Item = (usize, u64, &'a crate::ingest::Reason)>,
) -> Vec<Option<TypedGroup>> {
    let mut out: Vec<Option<TypedGroup>> = vec![None; groups.len()];
    for (source, row, why) in reasons {
        let Some(i) =
            (groups.iter()).position(|g| g.column == why.column && g.kind == why.kind.name())
        else {
            continue;
        };
        let t = out[i].get_or_insert_with(|| TypedGroup {
            first: why.clone(),
            examples: Vec::new(),
        });
        if t.examples.len() < groups[i].examples.len() {
            let file = data.sources.get(source).map_or("?", |s| s.name.as_str());
            t.examples.push((file.to_string(), row, why.clone()));
        }
    }
    out
}

/// A party's place as `validate` shows it: as written, and where it was read (a row's place
/// column, or a line of the parties file).
#[derive(Debug, Clone, Serialize)]
pub struct PlaceView {
    pub party: String,
    /// The place as written.
    pub place: String,
    /// `row` or `parties_file`.
    pub from: &'static str,
    pub file: String,
    /// The row of the case file, or the line of the parties file.
    pub row: u64,
    /// The column's header as the file writes it (`卖方所在地`), for a row's place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Other places written for the party that differ (in text form), as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<String>,
    /// What the place resolved to: `resolved`, `ambiguous` (a name several divisions share; the
    /// certain part is kept and the candidates listed), `several_places` (the cell names several
    /// places, `湖南/广西`: what they share is kept and they are listed as candidates) or
    /// `not_resolved` (kept as written).
    pub status: &'static str,
    /// The most precise certain division: its GB/T 2260 code, full name and level.
    pub code: Option<u32>,
    pub division: Option<&'static str>,
    pub level: Option<crate::ingest::place::Level>,
    /// The province and city (codes) when certain.
    pub province: Option<u32>,
    pub city: Option<u32>,
    /// An ambiguous name's candidates: code and full name with its province.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
    /// Every way the party's rows write its place, when they write it more than one way (those
    /// that agree too): most rows first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spellings: Vec<Spelling>,
}

/// The parties file as `validate` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PartiesFileView {
    pub file: String,
    /// The headers of its further columns (besides name, place and notes), as written.
    pub columns: Vec<String>,
    /// Whether it is a workbook's sheet (each `line` is then the sheet's row).
    pub sheet: bool,
    pub lines: Vec<PartyLine>,
}

/// One line of the parties file.
#[derive(Debug, Clone, Serialize)]
pub struct PartyLine {
    /// The line of a text file, or the row of the sheet (as the spreadsheet numbers it).
    pub line: u64,
    /// The name as written.
    pub name: String,
    /// The party of the case it names (as the case shows it); `None`: no party of the rows.
    pub party: Option<String>,
    pub place: Option<String>,
    pub notes: Option<String>,
    /// The further columns' cells that are not empty: (header, cell).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(String, String)>,
}

/// The parties file line by line, if the case has one.
pub fn parties_file(data: &Dataset) -> Option<PartiesFileView> {
    let p = data.parties_file.as_ref()?;
    Some(PartiesFileView {
        file: p.file.origin.clone(),
        columns: p.file.columns.clone(),
        sheet: p.file.sheet,
        lines: (p.file.entries.iter().zip(&p.party))
            .map(|(e, id)| PartyLine {
                line: e.line,
                name: e.name.clone(),
                party: id.and_then(|id| data.parties.get(id as usize).cloned()),
                place: e.place.clone(),
                notes: e.notes.clone(),
                attributes: (p.file.columns.iter().zip(&e.attributes))
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(c, v)| (c.clone(), v.clone()))
                    .collect(),
            })
            .collect(),
    })
}

/// One way a party's rows write its place.
#[derive(Debug, Clone, Serialize)]
pub struct Spelling {
    /// The place as written.
    pub place: String,
    /// The rows (as seller or as buyer) that write it so.
    pub rows: u64,
    /// The division it resolves to (the most precise certain one): code and full name.
    pub code: Option<u32>,
    pub division: Option<&'static str>,
    /// Whether it can be true with the place kept (it is not among the places that disagree:
    /// a division that is it, lies in it or holds it; a text that does not resolve says nothing
    /// against a division).
    pub agrees: bool,
}

/// A division an ambiguous place name could be.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub code: u32,
    /// Full name, with its province and city (`湖南省 怀化市 辰溪县`).
    pub name: String,
}

fn candidate(code: u32) -> Candidate {
    let d = crate::ingest::place::divisions();
    let mut parts = Vec::new();
    for c in [d.province_of(code), d.city_of(code), Some(code)]
        .into_iter()
        .flatten()
    {
        if let Some(n) = d.name(c)
            && parts.last() != Some(&n)
        {
            parts.push(n);
        }
    }
    Candidate {
        code,
        name: parts.join(" "),
    }
}

/// Whether a place as written names several places (`湖南/广西`).
fn several(written: &str) -> bool {
    crate::ingest::place::divisions().resolve(written).several
}

/// Every party's place, in party order.
pub fn places(data: &Dataset) -> Vec<PlaceView> {
    use crate::ingest::header::Field;
    use crate::ingest::{PlaceFrom, Side};
    let mut out = Vec::new();
    let resolved = crate::case::places::resolve(data);
    let spelled = &data.place_spellings;
    for (id, p) in data.party_places.iter().enumerate() {
        let Some(p) = p else { continue };
        let r = resolved[id].as_ref();
        let (from, file, row, column) = match p.from {
            PlaceFrom::Row { source, row, side } => {
                let field = match side {
                    Side::Seller => Field::SellerPlace,
                    Side::Buyer => Field::BuyerPlace,
                };
                let s = &data.sources[source];
                let header = (s.format.columns.iter())
                    .find(|c| c.field == field)
                    .map_or(field.name().to_string(), |c| c.header.clone());
                ("row", s.name.clone(), row, Some(header))
            }
            PlaceFrom::PartiesFile { line } => (
                "parties_file",
                (data.parties_file.as_ref()).map_or(String::new(), |f| f.file.origin.clone()),
                line,
                None,
            ),
        };
        let mut others: Vec<String> = (data.place_conflicts.iter())
            .filter(|c| c.party as usize == id)
            .map(|c| c.other.written.clone())
            .collect();
        others.dedup();
        let spellings = (spelled.get(&(id as u32)).into_iter().flatten())
            .map(|&(code, rows)| {
                let text = &data.tables.places[code as usize];
                let at = crate::ingest::place::divisions().resolve(text).code();
                Spelling {
                    place: text.clone(),
                    rows,
                    code: at,
                    division: at.and_then(|c| crate::ingest::place::divisions().name(c)),
                    agrees: !others.contains(text),
                }
            })
            .collect();
        out.push(PlaceView {
            party: data.parties[id].clone(),
            place: p.written.clone(),
            from,
            file,
            row,
            column,
            others,
            status: match r {
                Some(r) if !r.candidates.is_empty() && several(&p.written) => "several_places",
                Some(r) if !r.candidates.is_empty() => "ambiguous",
                Some(r) if r.is_resolved() => "resolved",
                _ => "not_resolved",
            },
            code: r.and_then(|r| r.code),
            division: (r.and_then(|r| r.code))
                .and_then(|c| crate::ingest::place::divisions().name(c)),
            level: r.and_then(|r| r.level),
            province: r.and_then(|r| r.province),
            city: r.and_then(|r| r.city),
            candidates: (r.map_or(&[][..], |r| &r.candidates[..]).iter())
                .map(|&c| candidate(c))
                .collect(),
            spellings,
        });
    }
    out
}

/// A cell of a kept row that could not be read: where, which column, why, and what was kept.
#[derive(Debug, Clone, Serialize)]
pub struct CellProblemView {
    pub file: String,
    pub row: u64,
    pub column: crate::ingest::reason::Column,
    /// The kind of reason ([`crate::ingest::reason::Kind::name`]).
    pub kind: &'static str,
    /// The reason, naming the column and the value.
    pub reason: String,
    /// What the row kept: `unknown`, `{"month": "2023-04"}` or `unknown_species`.
    pub kept: Kept,
}

/// Every cell problem of the data, for people and scripts.
pub fn cell_problems(data: &Dataset) -> Vec<CellProblemView> {
    (data.problems.iter())
        .map(|p| CellProblemView {
            file: data.sources[p.source].name.clone(),
            row: p.row,
            column: p.reason.column,
            kind: p.reason.kind.name(),
            reason: p.reason.to_string(),
            kept: p.kept,
        })
        .collect()
}

/// What `validate` finds in the data as read.
///
/// # Complexity
/// O(R) over the records, plus the likely duplicates among party names (see
/// [`crate::ingest::party::likely_duplicates`]) and a closest-name search per unknown species.
pub fn findings(data: &Dataset) -> Findings {
    let table: Vec<&str> = data.species_table.chinese_names().collect();
    let rejected = group_reasons(data);
    let unknown_cells = group_problems(data);
    Findings {
        rejected_typed: typed_groups(data, &rejected),
        input: data.stats,
        approx_rows: data.approx_rows,
        blank_rows: data.blank_rows,
        sources: (data.sources.iter())
            .map(|s| SourceReport {
                name: s.name.clone(),
                format: s.format.clone(),
            })
            .collect(),
        rejected,
        unknown_cells_typed: typed_problems(data, &unknown_cells),
        unknown_cells,
        cell_problems: cell_problems(data),
        species: SpeciesReport {
            known_rows: data.species_seen.known,
            known: known_species(data),
            unknown: (data.species_seen.unknown.iter())
                .map(|(name, rows)| UnknownSpecies {
                    name: name.clone(),
                    rows: *rows,
                    ambiguous: ambiguity(name),
                    closest: closest(name, table.iter().copied(), 3)
                        .into_iter()
                        .map(str::to_string)
                        .collect(),
                })
                .collect(),
            merged: data.species_seen.merged.clone(),
        },
        parties: PartyReport {
            merged: data.party_merges.clone(),
            likely_duplicates: data.likely_duplicates(true),
        },
        places: places(data),
        parties_file: parties_file(data),
    }
}

/// The species of the data the table knows, by name, with the rows of each.
fn known_species(data: &Dataset) -> Vec<KnownSpecies> {
    // A links file's record stands for its transactions.
    let links = data.records.links.as_ref().map(|l| &l.transactions);
    let mut rows = vec![0u64; data.species.len()];
    for (i, &sp) in data.records.species.iter().enumerate() {
        if let Some(n) = rows.get_mut(sp as usize) {
            *n += links.map_or(1, |t| u64::from(t[i]));
        }
    }
    let table = &data.species_table;
    (data.species.iter().zip(&data.labels).zip(rows))
        .filter_map(|((name, label), rows)| {
            let t = table.taxon(*label);
            let row = table.row(label.taxon?);
            Some(KnownSpecies {
                name: name.clone(),
                rows,
                taxon: t.taxon?,
                rank: t.rank,
                parent: row.parent.clone(),
                product: t.product,
                scientific_name: t.scientific_name,
            })
        })
        .collect()
}
