//! Delimited text (comma, tab or semicolon separated, or the delimiter given): decoded to UTF-8,
//! its delimiter and header row found, then scanned by polars in place or from memory.

use anyhow::{Result, anyhow, bail};

use super::bytes::Bytes;
use super::encoding::decode;
use super::{HEADER_SEARCH, Opened, Origin, SourceFormat, columns};
use crate::ingest::IngestOptions;
use crate::ingest::header::{ColumnMap, ExplicitMap, map_header};

/// How much of the text is read to find the header (a few title rows may come first).
const HEAD: usize = 64 * 1024;

/// Opens a delimited transactions file: decodes the text if needed, then finds the delimiter and
/// the header row.
///
/// # Errors
/// Text in no known encoding, empty, or with no header row that maps.
pub(super) fn open(bytes: Bytes, opts: &IngestOptions) -> Result<Opened> {
    let (bytes, encoding) = decode(bytes, opts.encoding)?;
    let mut head = bytes.head(HEAD)?;
    let valid = match std::str::from_utf8(&head) {
        Ok(_) => head.len(),
        Err(e) => e.valid_up_to(),
    };
    head.truncate(valid);
    if head.iter().all(u8::is_ascii_whitespace) || head == b"\xEF\xBB\xBF" {
        bail!("the file is empty: expected a header row (seller, buyer, species, weight, date)");
    }
    let found = find_header(&head, opts.delimiter, &opts.map);
    let map = found.map.map_err(|e| anyhow!(e))?;
    Ok(Opened {
        format: SourceFormat {
            columns: columns(&map, &found.header),
            ..format(encoding, found.delimiter, found.skip as u64 + 1)
        },
        header: found.header,
        map,
        origin: Origin::Csv {
            bytes,
            delimiter: found.delimiter,
            skip: found.skip,
        },
    })
}

/// Opens a delimited table whose columns are known by their exact names (a links file): decodes
/// the text if needed; its delimiter is the one given or the one that splits the header into the
/// most fields.
///
/// # Errors
/// Text in no known encoding, or empty.
pub(super) fn open_table(
    bytes: Bytes,
    opts: &IngestOptions,
) -> Result<(Vec<String>, Origin, SourceFormat)> {
    let (bytes, encoding) = decode(bytes, opts.encoding)?;
    let head = bytes.head(HEAD)?;
    let first = |d: u8| -> Vec<String> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(&head[..])
            .records()
            .next()
            .and_then(|r| r.ok())
            .map(|r| {
                r.iter()
                    .map(|c| c.trim_start_matches('\u{feff}').to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let candidates = match opts.delimiter {
        Some(d) => vec![d],
        None => vec![b',', b'\t', b';'],
    };
    let (delimiter, header) = candidates
        .into_iter()
        .map(|d| (d, first(d)))
        .max_by_key(|(d, h)| (h.len(), std::cmp::Reverse(*d == b';')))
        .unwrap_or((b',', Vec::new()));
    if header.iter().all(|h| h.trim().is_empty()) {
        bail!("the file is empty: expected a header row");
    }
    Ok((
        header,
        Origin::Csv {
            bytes,
            delimiter,
            skip: 0,
        },
        format(encoding, delimiter, 1),
    ))
}

/// The format of delimited text whose header is on line `header_row` (its `columns` left empty).
fn format(encoding: String, delimiter: u8, header_row: u64) -> SourceFormat {
    SourceFormat {
        kind: "csv".into(),
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
        notes: Vec::new(),
    }
}

/// The delimiter, the number of records before the header, the header, and its mapping.
struct HeaderFound {
    delimiter: u8,
    skip: usize,
    header: Vec<String>,
    map: std::result::Result<ColumnMap, String>,
}

/// Finds the header: the first of the first [`HEADER_SEARCH`] records that maps, trying the given
/// delimiter or else comma, tab and semicolon. When none maps, the first record under the
/// delimiter that splits it into the most fields, with the mapping error.
fn find_header(text: &[u8], delimiter: Option<u8>, explicit: &ExplicitMap) -> HeaderFound {
    let candidates: Vec<u8> = match delimiter {
        Some(d) => vec![d],
        None => vec![b',', b'\t', b';'],
    };
    let records = |d: u8| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text)
            .records()
            .take(HEADER_SEARCH)
            .map_while(|r| r.ok())
            .map(|r| {
                r.iter()
                    .map(|c| c.trim_start_matches('\u{feff}').to_string())
                    .collect()
            })
            .collect()
    };
    let mut best: Option<HeaderFound> = None;
    let mut widest: Option<(usize, u8, Vec<String>)> = None;
    for &d in &candidates {
        let recs = records(d);
        if let Some(first) = recs.first()
            && widest.as_ref().is_none_or(|w| first.len() > w.0)
        {
            widest = Some((first.len(), d, first.clone()));
        }
        if let Some((skip, (rec, map))) = recs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.len() > 1)
            .find_map(|(i, r)| map_header(r, explicit).ok().map(|m| (i, (r, m))))
            && best.as_ref().is_none_or(|b| skip < b.skip)
        {
            best = Some(HeaderFound {
                delimiter: d,
                skip,
                header: rec.clone(),
                map: Ok(map),
            });
        }
    }
    best.unwrap_or_else(|| {
        let (_, d, header) = widest.unwrap_or((0, b',', Vec::new()));
        let map = map_header(&header, explicit);
        HeaderFound {
            delimiter: d,
            skip: 0,
            header,
            map,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> HeaderFound {
        find_header(text.as_bytes(), None, &ExplicitMap::default())
    }

    #[test]
    fn the_delimiter_is_the_one_under_which_the_header_maps() {
        assert_eq!(found("seller,buyer,species,weight,date\n").delimiter, b',');
        assert_eq!(
            found("seller\tbuyer\tspecies\tweight\tdate\n").delimiter,
            b'\t'
        );
        assert_eq!(
            found("seller;buyer;species;weight;date\n1,5;2;3;4;5\n").delimiter,
            b';'
        );
        let f = found("卖家\t买家\t物种\t重量,斤\t日期\n");
        assert_eq!((f.delimiter, f.skip), (b'\t', 0));
    }

    #[test]
    fn title_rows_before_the_header_are_skipped() {
        let f = found(
            "辰溪县 野生动物 交易明细\n制表：某某,2023年\n出售人,收购人,品种,重量,日期\na,b,c,1,2022-01-01\n",
        );
        assert_eq!((f.delimiter, f.skip), (b',', 2));
        assert_eq!(f.header[0], "出售人");
        assert!(f.map.is_ok());
    }

    #[test]
    fn a_header_that_does_not_map_gives_the_mapping_error() {
        let f = found("a;b;c;d\n");
        assert_eq!(f.delimiter, b';');
        assert!(f.map.unwrap_err().contains("the header has: a, b, c, d"));
    }
}
