//! The parties file (`--parties FILE`): one line per party, with its place, notes and any further
//! attributes, for a case whose rows do not say where each party is. Read with the small-table
//! reader of the side tables ([`super::small_csv`]); names are matched to the parties of the rows
//! through their normal form and the aliases when the case is read ([`crate::ingest::load`]).

use crate::ingest::cell::text::{nfkc, tidy};
use crate::ingest::error::{At, Place, Result};
use crate::ingest::small_csv;

/// Headers of the name column (compared after NFKC, lowercased, without spaces).
pub const NAME_HEADERS: &[&str] = &[
    "name",
    "party",
    "姓名",
    "名称",
    "当事人",
    "名字",
    "当事人姓名",
    "当事人名称",
];
/// Headers of the place column.
pub const PLACE_HEADERS: &[&str] = &[
    "place",
    "所在地",
    "地址",
    "籍贯",
    "住址",
    "地点",
    "location",
    "address",
];
/// Headers of the notes column.
pub const NOTES_HEADERS: &[&str] = &["notes", "note", "备注", "说明", "remarks", "remark"];

/// One line of a parties file, as written (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyEntry {
    /// The line of the file the row starts on (the header is line 1).
    pub line: u64,
    /// The name as written (spaces put in order).
    pub name: String,
    /// The place as written; `None` when the cell is empty.
    pub place: Option<String>,
    pub notes: Option<String>,
    /// The further columns' cells, in the order of [`PartiesFile::columns`] (empty strings for
    /// empty cells).
    pub attributes: Vec<String>,
}

/// A parties file as read: its rows in file order, and the headers of its further columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartiesFile {
    /// The file as messages name it.
    pub origin: String,
    /// The headers of the columns besides name, place and notes, as written.
    pub columns: Vec<String>,
    /// Whether the file is a workbook's sheet: then each entry's `line` is its row of the sheet.
    pub sheet: bool,
    pub entries: Vec<PartyEntry>,
}

/// How many records from the top the header of a parties file is looked for in.
pub const HEADER_SEARCH: usize = 20;

/// Where the header of a parties file starts (a byte offset into `body`) and how many records
/// (titles, blank rows) lie above it: the first of the first [`HEADER_SEARCH`] records with a cell
/// naming the name column; the top of the text when none has one (its header is then refused as
/// having no name column).
fn header_at(body: &str) -> (usize, u64) {
    let first = body.lines().next().unwrap_or_default();
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    for (k, rec) in r.records().take(HEADER_SEARCH).enumerate() {
        let Ok(rec) = rec else { break };
        if rec.iter().any(|c| NAME_HEADERS.contains(&key(c).as_str())) {
            let at = rec.position().map_or(0, |p| p.byte() as usize);
            if k > 0 && body.is_char_boundary(at) {
                return (at, k as u64);
            }
            break;
        }
    }
    (0, 0)
}

/// A header cell reduced for comparison.
fn key(h: &str) -> String {
    nfkc(h.trim_start_matches('\u{feff}'))
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect()
}

impl PartiesFile {
    /// Reads a parties file from its bytes: a workbook (.xlsx, .xls, .ods: its first sheet), or
    /// text in any encoding case files may have (UTF-8, UTF-16, GBK …).
    ///
    /// # Errors
    /// As [`PartiesFile::parse`], or bytes that are neither a workbook nor text.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<PartiesFile> {
        let workbook = bytes.starts_with(b"PK\x03\x04")
            || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        let context = |e: crate::ingest::Error| e.context(origin.to_string());
        if workbook {
            let (text, first) = crate::ingest::open::first_sheet_as_csv(bytes).map_err(context)?;
            return PartiesFile::parse_as(&text, origin, Some(first));
        }
        let text = crate::ingest::decode_text(bytes).map_err(context)?;
        PartiesFile::parse(&text, origin)
    }

    /// Reads a parties file (CSV, or TSV when its header has tabs and no commas).
    ///
    /// # Errors
    /// A quote never closed, a row the CSV reader refuses, a header without a name column, or a
    /// row with a place or notes but no name; each names the file and the line.
    pub fn parse(text: &str, origin: &str) -> Result<PartiesFile> {
        PartiesFile::parse_as(text, origin, None)
    }

    /// [`PartiesFile::parse`] of a text file (`sheet_row: None`), or of a sheet written as CSV
    /// whose first line is row `sheet_row` of the sheet: then each entry's `line` is its row of
    /// the sheet, as the spreadsheet shows it, and messages name that row. Lines above the
    /// header (a title, a blank line) are skipped: the header is the first of the first
    /// [`HEADER_SEARCH`] records that has a name column.
    ///
    /// # Errors
    /// As [`PartiesFile::parse`].
    pub fn parse_as(text: &str, origin: &str, sheet_row: Option<u64>) -> Result<PartiesFile> {
        let body = text.trim_start_matches('\u{feff}');
        let (skip, skipped) = header_at(body);
        let first = body[skip..].lines().next().unwrap_or_default();
        let delimiter = if first.contains('\t') && !first.contains(',') {
            b'\t'
        } else {
            b','
        };
        let at = |n: u64| match sheet_row {
            Some(_) => At::Row(n),
            None => At::Line(n),
        };
        // The reader numbers rows after the header: in a sheet, its row is the sheet's.
        let on_sheet = |e: crate::ingest::Error| match (e, sheet_row) {
            (crate::ingest::Error::At(mut p), Some(top)) => {
                if let Some(At::Row(r)) = p.at {
                    p.at = Some(At::Row(top + skipped + r));
                }
                crate::ingest::Error::At(p)
            }
            (e, _) => e,
        };
        let mut t =
            small_csv::read_with(&body[skip..], origin, true, delimiter).map_err(on_sheet)?;
        let header: Vec<String> = t.raw_header().to_vec();
        let keys: Vec<String> = header.iter().map(|h| key(h)).collect();
        let find = |names: &[&str]| keys.iter().position(|k| names.contains(&k.as_str()));
        let name = find(NAME_HEADERS).ok_or_else(|| {
            Place::file(
                origin,
                format!(
                    "no name column (name, 姓名, 名称 or 当事人; the header has: {})",
                    header.join(", ")
                ),
            )
        })?;
        let place = find(PLACE_HEADERS);
        let notes = find(NOTES_HEADERS);
        let extra: Vec<usize> = (0..header.len())
            .filter(|&k| Some(k) != place && Some(k) != notes && k != name)
            .filter(|&k| !keys[k].is_empty())
            .collect();
        // Lines counted from the bytes (the reader's own count skips blank lines).
        let starts: Vec<usize> = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        // A record's position may be the blank lines before it: its line is its first text's.
        let line_of = |byte: u64| {
            let skip = body.as_bytes().get(byte as usize..).map_or(0, |b| {
                b.iter().take_while(|&&c| c == b'\n' || c == b'\r').count()
            });
            starts.partition_point(|&s| s as u64 <= byte + skip as u64) as u64
        };
        let mut entries = Vec::new();
        for rec in &mut t {
            let (row, rec) = rec.map_err(on_sheet)?;
            // A sheet's record is one row of it, whatever newlines its cells hold.
            let line = match sheet_row {
                Some(top) => top + skipped + row,
                None => (rec.position()).map_or(row + 1, |p| line_of(p.byte() + skip as u64)),
            };
            let cell = |k: Option<usize>| -> Option<String> {
                k.and_then(|k| rec.get(k))
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
            };
            let Some(n) = cell(Some(name)).map(|n| tidy(&n)).filter(|n| !n.is_empty()) else {
                return Err(Place::at(
                    origin,
                    at(line),
                    "no name: each row of a parties file names a party",
                )
                .into());
            };
            entries.push(PartyEntry {
                line,
                name: n,
                place: cell(place),
                notes: cell(notes),
                attributes: extra
                    .iter()
                    .map(|&k| rec.get(k).map_or("", str::trim).to_string())
                    .collect(),
            });
        }
        Ok(PartiesFile {
            origin: origin.to_string(),
            sheet: sheet_row.is_some(),
            columns: extra
                .iter()
                .map(|&k| header[k].trim().to_string())
                .collect(),
            entries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_headers_further_columns_and_lines() {
        let f = PartiesFile::parse(
            "\u{feff}姓名,所在地,备注,电话\n丁某某,湖南,中间商,123\n\n\"朱 某某\",\"湖南省怀化市\n辰溪县\",,\n",
            "p.csv",
        )
        .unwrap();
        assert_eq!(f.columns, ["电话"]);
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.entries[0].line, 2);
        assert_eq!(f.entries[0].place.as_deref(), Some("湖南"));
        assert_eq!(f.entries[0].notes.as_deref(), Some("中间商"));
        assert_eq!(f.entries[0].attributes, ["123"]);
        assert_eq!(f.entries[1].name, "朱某某");
        assert_eq!(f.entries[1].line, 4);
        assert_eq!(f.entries[1].notes, None);
    }

    #[test]
    fn tabs_english_headers_and_refusals() {
        let f = PartiesFile::parse("name\tplace\nA\t广西\n", "p.tsv").unwrap();
        assert_eq!(f.entries[0].place.as_deref(), Some("广西"));
        let e = PartiesFile::parse("who,place\nA,B\n", "p.csv").unwrap_err();
        assert!(e.to_string().contains("no name column"), "{e}");
        let e = PartiesFile::parse("name,place\n,湖南\n", "p.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.csv, line 2: no name: each row of a parties file names a party"
        );
    }
}
