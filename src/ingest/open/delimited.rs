//! Delimited text (comma, tab or semicolon separated, or the delimiter given): decoded to UTF-8,
//! its delimiter and header row found, then scanned by polars in place or from memory.

use std::sync::Arc;

use crate::ingest::cell::reason::Column;
use crate::ingest::error::{Error, Result};

use super::bytes::Bytes;
use super::cells::Text;
use super::encoding::{decode, refuse_foreign};
use super::header_search::{HEADER_SEARCH, HeaderFound, find_header};
use super::line_ends::lf_line_ends;
use super::survey::{MOST_FIELDS, cleaned, survey};
use super::{FileKind, Opened, Origin, SourceFormat, columns};
use crate::ingest::IngestOptions;
use crate::ingest::open::header::{HeaderError, map_header};

/// How much of the text is read to find the header (a few title rows may come first).
const HEAD: usize = 64 * 1024;

/// Opens a delimited transactions file: decodes the text if needed, then finds the delimiter and
/// the header row.
///
/// # Errors
/// Text in no known encoding, empty, or with no header row that maps.
pub(super) fn open(bytes: Bytes, opts: &IngestOptions) -> Result<Opened> {
    let (bytes, encoding, foreign) =
        crate::timing::stage("open: encoding", || decode(bytes, opts.encoding))?;
    let (bytes, cr) = lf_line_ends(bytes)?;
    let mut head = bytes.head(HEAD)?;
    let valid = match std::str::from_utf8(&head) {
        Ok(_) => head.len(),
        Err(e) => e.valid_up_to(),
    };
    head.truncate(valid);
    if head.iter().all(u8::is_ascii_whitespace) || head == b"\xEF\xBB\xBF" {
        return Err(Error::input(
            "the file is empty: expected a header row (seller, buyer, species, weight, date)",
        ));
    }
    let (delimiter, found) = search(&head, opts.delimiter, HEADER_SEARCH, |r| {
        map_header(r, &opts.map)
    });
    let map = found.map.map_err(Error::Header)?;
    // Decimal commas are looked for where the comma is no delimiter: a file written where the
    // comma is the decimal sign separates its cells with `;` or tabs (Excel does).
    let numbers: Vec<(usize, Column)> = [
        (Some(map.weight), Column::Weight),
        (map.price, Column::Price),
        (map.amount, Column::Amount),
    ]
    .into_iter()
    .filter_map(|(p, c)| Some((p?, c)))
    .filter(|_| delimiter != b',')
    .collect();
    // The place cells are read by the survey as it passes: polars would copy every one of these
    // long texts (issue 23: two place columns added 45% to `analyze` at 10 M rows).
    let read: Vec<usize> = [map.seller_place, map.buyer_place]
        .into_iter()
        .flatten()
        .collect();
    // Read on every core where the text has no quote (then every line is a record), beside the
    // survey of the rows; in text with a quote, by the survey as it passes.
    let survey_of = |read: &[usize]| {
        crate::timing::cpu_stage("open: survey of the rows", || {
            survey(&bytes, delimiter, found.skip, &numbers, &foreign, read)
        })
    };
    let text = if !read.is_empty() && read.iter().all(|&f| f < MOST_FIELDS) {
        let text = Text::of(&bytes)?;
        crate::timing::stage("open: quotes", || !text.quoted()).then_some(text)
    } else {
        None
    };
    let (found_rows, cells_read) = match &text {
        Some(text) => std::thread::scope(|s| {
            let rows = s.spawn(|| survey_of(&[]));
            let cells = crate::timing::stage("open: place cells", || {
                text.cells(delimiter, found.skip, &read)
            });
            let rows = crate::parallel::join(rows);
            rows.map(|rows| (rows, cells))
        })?,
        None => {
            let mut found_rows = survey_of(&read)?;
            let cells = found_rows.cells_read.take();
            (found_rows, cells)
        }
    };
    drop(text);
    let quoted = found_rows.quoted;
    let mut format = SourceFormat {
        columns: columns(&map, &found.header),
        ..format(encoding, delimiter, found.skip as u64 + 1, cr)
    };
    if found_rows.decimal_comma {
        format.notes.push(super::note::Note::DecimalComma);
    }
    let clean = found_rows.bad.is_empty() && found_rows.cells.is_empty();
    let read = if clean && found_rows.points.is_empty() {
        None
    } else {
        Some(Origin::Csv {
            bytes: Bytes::Memory(Arc::new(cleaned(
                &bytes.read_all()?,
                &found_rows,
                delimiter,
            ))),
            delimiter,
            skip: found.skip,
        })
    };
    Ok(Opened {
        format,
        header: found.header,
        map,
        origin: Origin::Csv {
            bytes,
            delimiter,
            skip: found.skip,
        },
        read,
        bad: found_rows
            .bad
            .into_iter()
            .map(|(_, row, why)| (row, why))
            .collect(),
        cells: found_rows
            .cells
            .into_iter()
            .map(|(_, row, why)| (row, why))
            .collect(),
        quoted: Some(quoted),
        cells_read,
    })
}

/// Opens a delimited table whose columns are known by their exact names (a links file): decodes
/// the text if needed; its header is the first record, under the delimiter given or the one that
/// splits it into the most fields.
///
/// # Errors
/// Text in no known encoding, or empty.
pub(super) fn open_table(
    bytes: Bytes,
    opts: &IngestOptions,
) -> Result<(Vec<String>, Origin, SourceFormat)> {
    let (bytes, encoding, foreign) =
        crate::timing::stage("open: encoding", || decode(bytes, opts.encoding))?;
    refuse_foreign(&foreign)?;
    let (bytes, cr) = lf_line_ends(bytes)?;
    let head = bytes.head(HEAD)?;
    // A table's header is its first record: nothing is recognised, so the widest one is taken.
    let (delimiter, found) = search(&head, opts.delimiter, 1, |_| {
        Err::<(), _>(HeaderError::NotRecognised)
    });
    if found.header.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::input("the file is empty: expected a header row"));
    }
    Ok((
        found.header,
        Origin::Csv {
            bytes,
            delimiter,
            skip: 0,
        },
        format(encoding, delimiter, 1, cr),
    ))
}

/// The delimiters tried when none is given; when two split a header into as many fields, the
/// earlier is taken.
const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// The delimiter and the header of the text: [`find_header`] over its first `n` records read
/// under the delimiter given, or else under each of [`DELIMITERS`].
fn search<M>(
    text: &[u8],
    given: Option<u8>,
    n: usize,
    recognise: impl Fn(&[String]) -> Result<M, HeaderError>,
) -> (u8, HeaderFound<M, HeaderError>) {
    let delimiters = match given {
        Some(d) => vec![d],
        None => DELIMITERS.to_vec(),
    };
    let readings: Vec<Vec<Vec<String>>> = delimiters.iter().map(|&d| records(text, d, n)).collect();
    let found = find_header(&readings, recognise);
    (delimiters[found.reading], found)
}

/// The first `n` records of the text under a delimiter (fewer when one does not parse), a
/// byte-order mark dropped from each cell.
fn records(text: &[u8], delimiter: u8, n: usize) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text)
        .records()
        .take(n)
        .map_while(|r| r.ok())
        .map(|r| {
            r.iter()
                .map(|c| c.trim_start_matches('\u{feff}').to_string())
                .collect()
        })
        .collect()
}

/// The format of delimited text whose header is on line `header_row` (its `columns` left empty);
/// `cr`: its lines end in a carriage return alone.
fn format(encoding: String, delimiter: u8, header_row: u64, cr: bool) -> SourceFormat {
    SourceFormat {
        kind: FileKind::Csv,
        encoding: Some(encoding),
        delimiter: Some(match delimiter {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        }),
        sheet: None,
        sheets: Vec::new(),
        header_row,
        first_row: 1,
        columns: Vec::new(),
        notes: if cr {
            vec![super::note::Note::LoneCr]
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::open::header::{ColumnMap, ExplicitMap};

    /// The delimiter and the header of a transactions file.
    fn found(text: &str) -> (u8, HeaderFound<ColumnMap, HeaderError>) {
        search(text.as_bytes(), None, HEADER_SEARCH, |r| {
            map_header(r, &ExplicitMap::default())
        })
    }

    #[test]
    fn the_delimiter_is_the_one_under_which_the_header_maps() {
        assert_eq!(found("seller,buyer,species,weight,date\n").0, b',');
        assert_eq!(found("seller\tbuyer\tspecies\tweight\tdate\n").0, b'\t');
        assert_eq!(
            found("seller;buyer;species;weight;date\n1,5;2;3;4;5\n").0,
            b';'
        );
        let (d, f) = found("卖家\t买家\t物种\t重量,斤\t日期\n");
        assert_eq!((d, f.skip), (b'\t', 0));
    }

    #[test]
    fn title_rows_before_the_header_are_skipped() {
        let (d, f) = found(
            "辰溪县 野生动物 交易明细\n制表：某某,2023年\n出售人,收购人,品种,重量,日期\na,b,c,1,2022-01-01\n",
        );
        assert_eq!((d, f.skip), (b',', 2));
        assert_eq!(f.header[0], "出售人");
        assert!(f.map.is_ok());
    }

    #[test]
    fn a_header_that_does_not_map_gives_the_mapping_error() {
        let (d, f) = found("a;b;c;d\n");
        assert_eq!(d, b';');
        assert!(
            f.map
                .unwrap_err()
                .to_string()
                .contains("the header has: a, b, c, d")
        );
    }

    /// The delimiter and the header of a links table.
    fn table_header(text: &str, given: Option<u8>) -> (u8, Vec<String>) {
        let (d, f) = search(text.as_bytes(), given, 1, |_| {
            Err::<(), _>(HeaderError::NotRecognised)
        });
        (d, f.header)
    }

    #[test]
    fn a_links_header_is_its_first_record_split_into_the_most_fields() {
        let (d, h) = table_header(
            "seller;buyer;species\nseller,buyer,species,weight_kg\n",
            None,
        );
        assert_eq!((d, h.len()), (b';', 3));
        // As many fields under the comma as under the semicolon: the comma.
        let (d, h) = table_header("a,b;c\n", None);
        assert_eq!((d, h), (b',', vec!["a".to_string(), "b;c".to_string()]));
        let (d, h) = table_header("\u{feff}seller|buyer\n", Some(b'|'));
        assert_eq!(
            (d, h),
            (b'|', vec!["seller".to_string(), "buyer".to_string()])
        );
    }
}
