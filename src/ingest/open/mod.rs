//! Opening a source: recognising its format (delimited text, workbook, Parquet), decoding its text
//! (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK), finding its delimiter and header row,
//! and turning workbooks into UTF-8 CSV in memory, so that every source goes through the same lazy
//! scan. Large UTF-8 files are scanned in place, never copied.

mod workbook;

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow, bail};
use encoding_rs::Encoding;
use polars::prelude::{LazyFrame, PlRefPath, ScanArgsParquet, ScanSources};
use serde::Serialize;

use super::header::{ColumnMap, ExplicitMap, Field, map_header};
use super::{EMBEDDED_CASE, IngestOptions, Source};
use workbook::workbook;

/// Where a source's bytes live.
#[derive(Debug, Clone)]
pub(crate) enum Bytes {
    File(PathBuf),
    Memory(Arc<Vec<u8>>),
}

impl Bytes {
    /// The bytes, from the start.
    pub(crate) fn open(&self) -> Result<Box<dyn Read + '_>> {
        Ok(match self {
            Bytes::File(p) => Box::new(std::io::BufReader::new(
                std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
            )),
            Bytes::Memory(b) => Box::new(&b[..]),
        })
    }

    fn read_all(&self) -> Result<Arc<Vec<u8>>> {
        match self {
            Bytes::File(p) => Ok(Arc::new(
                std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
            )),
            Bytes::Memory(b) => Ok(b.clone()),
        }
    }

    /// The first `n` bytes (fewer when the source is shorter).
    fn head(&self, n: usize) -> Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(n);
        self.open()?.take(n as u64).read_to_end(&mut buf)?;
        Ok(buf)
    }

    /// The bytes as polars scan sources.
    pub(crate) fn scan_sources(&self) -> Result<ScanSources> {
        Ok(match self {
            Bytes::File(p) => ScanSources::Paths(vec![PlRefPath::try_from_path(p)?].into()),
            Bytes::Memory(b) => {
                let buf: polars_buffer::Buffer<u8> = b.to_vec().into();
                ScanSources::Buffers(Arc::from(vec![buf]))
            }
        })
    }
}

/// How a source is scanned, kept so that rejected rows can be re-read with their original cells.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// UTF-8 CSV text: a file read in place, or decoded or converted text in memory. `skip` records
    /// come before the header.
    Csv {
        bytes: Bytes,
        delimiter: u8,
        skip: usize,
    },
    Parquet(Bytes),
}

/// A column of the file and the field it was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    pub field: Field,
    pub header: String,
}

/// What was understood about a source's format, as `validate` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFormat {
    /// `csv` (any delimited text), `xlsx`, `xls`, `xlsb`, `ods` or `parquet`.
    pub kind: String,
    /// The text encoding (`UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `GB18030` …); none for workbooks
    /// and Parquet.
    pub encoding: Option<String>,
    /// The delimiter of text (`,`, `tab`, `;`).
    pub delimiter: Option<String>,
    /// The sheet read, and every sheet of the workbook.
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    /// The 1-based line (text) or sheet row (workbook) of the header.
    pub header_row: u64,
    /// The number messages give the first data row: 1 for text and Parquet (rows are counted
    /// after the header); the sheet's own row number for workbooks.
    pub first_row: u64,
    /// The columns read, and the field each was read as.
    pub columns: Vec<ColumnUse>,
    /// Anything else worth knowing (a unit from the header, a `.xls` that is really text …).
    pub notes: Vec<String>,
}

/// A source, opened: its header, how its columns map, and how to scan it.
#[derive(Debug, Clone)]
pub(crate) struct Opened {
    pub header: Vec<String>,
    pub map: ColumnMap,
    pub origin: Origin,
    pub format: SourceFormat,
}

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magic {
    /// A ZIP container: `.xlsx`, `.xlsb`, `.ods`.
    Zip,
    /// An OLE compound file: `.xls`.
    Ole,
    Parquet,
    Text,
}

fn magic(head: &[u8]) -> Magic {
    if head.starts_with(b"PK\x03\x04") {
        Magic::Zip
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Magic::Ole
    } else if head.starts_with(b"PAR1") {
        Magic::Parquet
    } else {
        Magic::Text
    }
}

/// Where a source's bytes are: a file, or standard input (or the embedded case) in memory.
fn source_bytes(source: &Source) -> Result<Bytes> {
    Ok(match source {
        Source::Path(p) => {
            if p.is_file() {
                Bytes::File(p.clone())
            } else if p.is_dir() {
                bail!("is a directory, not a file");
            } else if p.exists() {
                // A pipe (`<(command)`, a FIFO): it can be read only once, so read it whole.
                Bytes::Memory(Arc::new(std::fs::read(p).context("cannot read it")?))
            } else {
                bail!("no such file");
            }
        }
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("cannot read standard input")?;
            Bytes::Memory(Arc::new(buf))
        }
        Source::Embedded => Bytes::Memory(Arc::new(EMBEDDED_CASE.as_bytes().to_vec())),
    })
}

/// Opens a table whose columns are known by their exact names (a links file): delimited text in
/// any encoding [`open`] reads, its delimiter given or the one that splits the header into the
/// most fields, or Parquet. Returns the header, the origin and what was understood of the format
/// (its `columns` left empty: the caller knows what the columns mean).
///
/// # Errors
/// A file that cannot be read, is empty, or is in no known format or encoding.
pub(crate) fn open_table(
    source: &Source,
    opts: &IngestOptions,
) -> Result<(Vec<String>, Origin, SourceFormat)> {
    let format = |kind: &str, encoding: Option<String>, delimiter: Option<u8>| SourceFormat {
        kind: kind.into(),
        encoding,
        delimiter: delimiter.map(|d| match d {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        }),
        sheet: None,
        sheets: Vec::new(),
        header_row: u64::from(kind != "parquet"),
        first_row: 1,
        columns: Vec::new(),
        notes: Vec::new(),
    };
    let bytes = source_bytes(source)?;
    match magic(&bytes.head(8)?) {
        Magic::Parquet => {
            let schema = scan_parquet(&bytes, None)?
                .collect_schema()
                .context("cannot read the Parquet schema")?;
            let header = schema.iter_names().map(|n| n.to_string()).collect();
            Ok((
                header,
                Origin::Parquet(bytes),
                format("parquet", None, None),
            ))
        }
        Magic::Zip | Magic::Ole => {
            bail!("a workbook cannot be read as a links file: save it as CSV or Parquet")
        }
        Magic::Text => {
            let (bytes, encoding) = decode(bytes, opts.encoding)?;
            let head = bytes.head(64 * 1024)?;
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
                format("csv", Some(encoding), Some(delimiter)),
            ))
        }
    }
}

/// Opens one source.
///
/// # Errors
/// A file that cannot be read, is empty, is not text in a known encoding nor a workbook nor
/// Parquet, lacks a sheet, or lacks a required column; messages say what was tried.
pub(crate) fn open(source: &Source, opts: &IngestOptions) -> Result<Opened> {
    let bytes = source_bytes(source)?;
    let ext = match source {
        Source::Path(p) => p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default(),
        _ => String::new(),
    };
    let head = bytes.head(8)?;
    let mut opened = match magic(&head) {
        Magic::Zip | Magic::Ole => workbook(&bytes.read_all()?, opts)?,
        Magic::Parquet => parquet(bytes, opts)?,
        Magic::Text => text(bytes, opts)?,
    };
    if ["xlsx", "xls", "xlsm", "xlsb", "ods"].contains(&ext.as_str()) && opened.format.kind == "csv"
    {
        opened.format.notes.push(format!(
            "named .{ext} but holds delimited text, read as such"
        ));
    }
    if let Some(u) = opened.map.weight_unit {
        opened.format.notes.push(format!(
            "bare numbers in the weight column are in {} (the unit in its header)",
            u.name()
        ));
    }
    if opened.map.weight_needs_unit {
        opened.format.notes.push(
            "the weight column is a quantity (数量): its cells must carry a unit (斤, kg, 条 …)"
                .to_string(),
        );
    }
    Ok(opened)
}

pub(super) fn columns(map: &ColumnMap, header: &[String]) -> Vec<ColumnUse> {
    map.describe(header)
        .into_iter()
        .map(|(field, header)| ColumnUse { field, header })
        .collect()
}

// ---- text -----------------------------------------------------------------------------------

/// Decodes the text if needed, then finds the delimiter and the header row.
fn text(bytes: Bytes, opts: &IngestOptions) -> Result<Opened> {
    let (bytes, encoding) = decode(bytes, opts.encoding)?;
    // Enough of the text to find the header (a few title rows may come first).
    let mut head = bytes.head(64 * 1024)?;
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
    let delimiter = match found.delimiter {
        b'\t' => "tab".to_string(),
        d => (d as char).to_string(),
    };
    Ok(Opened {
        format: SourceFormat {
            kind: "csv".into(),
            encoding: Some(encoding),
            delimiter: Some(delimiter),
            sheet: None,
            sheets: Vec::new(),
            header_row: found.skip as u64 + 1,
            first_row: 1,
            columns: columns(&map, &found.header),
            notes: Vec::new(),
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

/// UTF-8 bytes of the source and the name of the encoding they were decoded from. Valid UTF-8 is
/// kept as it is (a file stays on disk); anything else is decoded into memory.
fn decode(bytes: Bytes, forced: Option<&'static Encoding>) -> Result<(Bytes, String)> {
    let head = bytes.head(4096)?;
    if let Some(enc) = forced {
        if enc == encoding_rs::UTF_8 {
            if let Err(at) = utf8_check(&bytes)? {
                bail!("not valid UTF-8 (--encoding utf-8): invalid byte at offset {at}");
            }
            return Ok((bytes, "UTF-8".into()));
        }
        let all = bytes.read_all()?;
        let (bom_enc, bom_len) = Encoding::for_bom(&all).unwrap_or((enc, 0));
        let body = if bom_enc == enc {
            &all[bom_len..]
        } else {
            &all[..]
        };
        let text = enc
            .decode_without_bom_handling_and_without_replacement(body)
            .ok_or_else(|| anyhow!("not valid {} (--encoding {})", enc.name(), enc.name()))?;
        return Ok((
            Bytes::Memory(Arc::new(text.into_owned().into_bytes())),
            enc.name().into(),
        ));
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(&head)
        && enc != encoding_rs::UTF_8
    {
        let all = bytes.read_all()?;
        let text = enc
            .decode_without_bom_handling_and_without_replacement(&all[bom_len..])
            .ok_or_else(|| {
                anyhow!(
                    "starts with a {} byte-order mark but is not valid {}",
                    enc.name(),
                    enc.name()
                )
            })?;
        return Ok((
            Bytes::Memory(Arc::new(text.into_owned().into_bytes())),
            format!("{} (with BOM)", enc.name()),
        ));
    }
    if head.contains(&0) {
        // UTF-16 without a byte-order mark puts a zero byte next to every ASCII character.
        let even = head.iter().step_by(2).filter(|b| **b == 0).count();
        let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let half = head.len() / 2;
        let enc = if odd * 3 > half && even * 10 < half {
            Some(encoding_rs::UTF_16LE)
        } else if even * 3 > half && odd * 10 < half {
            Some(encoding_rs::UTF_16BE)
        } else {
            None
        };
        let Some(enc) = enc else {
            bail!(
                "not text: it holds zero bytes, and is not a workbook (.xlsx/.xls/.ods) or Parquet \
                 either; tried UTF-8, UTF-16 and GB18030"
            );
        };
        let all = bytes.read_all()?;
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(&all) {
            return Ok((
                Bytes::Memory(Arc::new(text.into_owned().into_bytes())),
                format!("{} (no BOM)", enc.name()),
            ));
        }
        bail!("not text: looks like UTF-16 without a byte-order mark but does not decode as it");
    }
    match utf8_status(&bytes)? {
        Ok(bom) => Ok((bytes, if bom { "UTF-8 (with BOM)" } else { "UTF-8" }.into())),
        Err(at) => {
            let all = bytes.read_all()?;
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&all) {
                Some(text) if !text.contains('\0') => Ok((
                    Bytes::Memory(Arc::new(text.into_owned().into_bytes())),
                    "GB18030 (GBK)".into(),
                )),
                _ => bail!(
                    "cannot tell the text encoding: not UTF-8 (invalid byte 0x{:02X} at offset \
                     {at}), no UTF-16 byte-order mark, and not GB18030/GBK either; give it with \
                     --encoding (e.g. big5, shift_jis, windows-1252) or save the file as UTF-8 CSV",
                    all.get(at as usize).copied().unwrap_or(0)
                ),
            }
        }
    }
}

/// Decodes a whole small text file (a species table, an alias file): UTF-8 (a BOM is dropped),
/// UTF-16 with a BOM, else GB18030/GBK.
///
/// # Errors
/// Text in none of these.
pub fn decode_text(bytes: &[u8]) -> Result<String> {
    let (text, _) = decode(Bytes::Memory(Arc::new(bytes.to_vec())), None)?;
    let all = text.read_all()?;
    let s = String::from_utf8_lossy(&all);
    Ok(s.trim_start_matches('\u{feff}').to_string())
}

/// Files up to this size are checked for UTF-8 whole; larger ones by [`SAMPLES`] pieces spread over
/// the file (a GBK file has non-UTF-8 bytes wherever it has Chinese text). The scan itself refuses
/// invalid UTF-8 anywhere, so a file that passes the sample but not the scan is an error, never
/// garbled text.
const FULL_CHECK: u64 = 8 << 20;
const SAMPLES: u64 = 32;
const SAMPLE_LEN: usize = 64 << 10;

/// Whether the source is UTF-8 (`Ok(has_bom)`) or not (the offset of an invalid byte): the whole
/// of it up to [`FULL_CHECK`] bytes, else samples.
///
/// # Complexity
/// O(min(size, 2 MiB)) beyond the first [`FULL_CHECK`] bytes.
fn utf8_status(bytes: &Bytes) -> Result<std::result::Result<bool, u64>> {
    let Bytes::File(p) = bytes else {
        return utf8_check(bytes);
    };
    let size = std::fs::metadata(p)?.len();
    if size <= FULL_CHECK {
        return utf8_check(bytes);
    }
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(p)?;
    let mut buf = vec![0u8; SAMPLE_LEN];
    let mut bom = false;
    for i in 0..SAMPLES {
        let at = size / SAMPLES * i;
        f.seek(SeekFrom::Start(at))?;
        let n = f.read(&mut buf)?;
        let piece = &buf[..n];
        if i == 0 {
            bom = piece.starts_with(b"\xEF\xBB\xBF");
        }
        // A piece may start inside a character (skip its continuation bytes) and end inside one.
        let skip = piece
            .iter()
            .take(3)
            .take_while(|b| (**b & 0xC0) == 0x80)
            .count();
        if let Err(e) = std::str::from_utf8(&piece[skip..])
            && e.error_len().is_some()
        {
            return Ok(Err(at + (skip + e.valid_up_to()) as u64));
        }
    }
    Ok(Ok(bom))
}

/// Checks that the whole source is UTF-8, streaming: `Ok(has_bom)`, or the offset of the first
/// invalid byte.
///
/// # Complexity
/// One pass over the bytes, in 1 MiB pieces.
fn utf8_check(bytes: &Bytes) -> Result<std::result::Result<bool, u64>> {
    let mut r = bytes.open()?;
    let mut buf = vec![0u8; 1 << 20];
    let mut carry = 0usize;
    let mut offset = 0u64;
    let mut bom = None;
    loop {
        let n = r.read(&mut buf[carry..])?;
        let len = carry + n;
        if bom.is_none() && len >= 3 {
            bom = Some(buf.starts_with(b"\xEF\xBB\xBF"));
        }
        match std::str::from_utf8(&buf[..len]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() && n > 0 => {
                // A character cut at the end of the piece: keep its bytes for the next read.
                let valid = e.valid_up_to();
                buf.copy_within(valid..len, 0);
                carry = len - valid;
                offset += valid as u64;
                continue;
            }
            Err(e) => return Ok(Err(offset + e.valid_up_to() as u64)),
        }
        offset += len as u64;
        if n == 0 {
            return Ok(Ok(bom.unwrap_or(false)));
        }
    }
}

/// The delimiter, the number of records before the header, the header, and its mapping.
struct HeaderFound {
    delimiter: u8,
    skip: usize,
    header: Vec<String>,
    map: std::result::Result<ColumnMap, String>,
}

/// How many leading rows may be titles or notes before the header.
pub(super) const HEADER_SEARCH: usize = 10;

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

// ---- Parquet --------------------------------------------------------------------------------

/// The lazy scan of a Parquet source (columns as stored, not yet selected).
pub(crate) fn scan_parquet(
    bytes: &Bytes,
    row_index: Option<polars::prelude::RowIndex>,
) -> Result<LazyFrame> {
    let args = ScanArgsParquet {
        glob: false,
        row_index,
        ..Default::default()
    };
    Ok(LazyFrame::scan_parquet_sources(
        bytes.scan_sources()?,
        args,
    )?)
}

fn parquet(bytes: Bytes, opts: &IngestOptions) -> Result<Opened> {
    let schema = scan_parquet(&bytes, None)?
        .collect_schema()
        .context("cannot read the Parquet schema")?;
    let header: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let map = map_header(&header, &opts.map).map_err(|e| anyhow!(e))?;
    Ok(Opened {
        format: SourceFormat {
            kind: "parquet".into(),
            encoding: None,
            delimiter: None,
            sheet: None,
            sheets: Vec::new(),
            header_row: 0,
            first_row: 1,
            columns: columns(&map, &header),
            notes: Vec::new(),
        },
        header,
        map,
        origin: Origin::Parquet(bytes),
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

    #[test]
    fn utf8_is_checked_across_piece_boundaries() {
        // A 3-byte character straddling the 1 MiB boundary is valid.
        let mut v = vec![b'a'; (1 << 20) - 1];
        v.extend("斤".as_bytes());
        assert_eq!(
            utf8_check(&Bytes::Memory(Arc::new(v.clone()))).unwrap(),
            Ok(false)
        );
        v.push(0xFF);
        assert_eq!(
            utf8_check(&Bytes::Memory(Arc::new(v))).unwrap(),
            Err((1 << 20) + 2)
        );
    }
}
