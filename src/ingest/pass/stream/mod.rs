//! Streaming normalisation (`wildchain normalize`): transaction rows in, canonical rows out, in
//! bounded memory, by exactly the rules every other command reads rows with.
//!
//! The input is cut into pieces of a few thousand records, at record boundaries (the CSV reader
//! knows quotes, so a quoted delimiter or line break never splits a row); each piece, with the
//! header in front of it, is read by [`crate::ingest::load`] as an in-memory source, so weights, units,
//! dates, species, confidence and every rejection are the library's own. Only one piece is held
//! at a time: memory depends on the piece size, not on the input.
//!
//! Names are the one thing a piece cannot decide alone: the rows path shows a party by the most
//! frequent spelling over *all* its rows, which a piece does not see. So each row carries the
//! party's canonical name (its normal form, or the canonical name of `--aliases`; for species,
//! the species table's name or the normal form of an unknown name), which never depends on the
//! piece, and the row's own spelling when it votes for how the party is shown (a spelling of
//! the normal form itself, not an alias). Whoever aggregates (the Spark job in `scale/`) shows each
//! name by its most frequent spelling over every row, rejected ones included (the first in byte
//! order on a tie), or by the canonical name when no row votes: the rule of the rows path.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::rc::Rc;
use std::sync::Arc;

use crate::ingest::error::{At, Context as _, Error, Place, Result, Why};

use crate::ingest::cell::text::{is_blank, name_form, tidy};
use crate::ingest::open::numbered::{KeepEmptyLines, LoneCr};
use crate::ingest::open::{Origin, cr_only, open};
use crate::ingest::{IngestOptions, Source};
use write::{Line, Sink, accepted, write_line};

mod write;

pub use write::kg_text;

/// The columns written, in order.
pub const COLUMNS: [&str; 20] = [
    "file",
    "row",
    "seller",
    "buyer",
    "species",
    "weight_kg",
    "count",
    "date_from",
    "date_to",
    "precision",
    "approximate",
    "confidence",
    "source",
    "reject",
    "seller_spelling",
    "buyer_spelling",
    "species_spelling",
    "date_from_order",
    "date_to_order",
    "note",
];

/// How one input is read.
#[derive(Debug, Clone)]
pub struct StreamOptions {
    /// The name rows are reported under (the `file` column, and messages).
    pub name: String,
    /// The header line, for input that carries none (a partition of a larger file).
    pub header: Option<String>,
    /// A column of the input holding each row's number in the original file, used instead of
    /// counting rows (a partition does not know where it starts); read as nothing else.
    pub row_column: Option<String>,
    /// Records per piece.
    pub piece_rows: usize,
}

/// How many rows one input had.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamStats {
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// Rows with no cell in any column read: skipped, as every command skips them.
    pub blank: u64,
}

/// Writes canonical rows as CSV or JSON Lines; the CSV header once, however many inputs.
pub struct Normalizer<W: Write> {
    out: W,
    json: bool,
    header_written: bool,
}

/// A name as a row gives it: the canonical name (never dependent on other rows) and the spelling
/// that votes for how it is shown (empty when the row does not vote).
#[derive(Debug, Clone, Default)]
pub(super) struct Name {
    pub(super) canonical: String,
    pub(super) spelling: String,
}

/// What the rows of one piece say beyond what [`crate::ingest::load`] gives: names, row numbers.
#[derive(Default)]
struct Piece {
    /// The piece as CSV, its header first (`None` until its first row).
    csv: Option<csv::Writer<Vec<u8>>>,
    rows: Vec<u64>,
    names: Vec<[Rc<Name>; 3]>,
}

impl<W: Write> Normalizer<W> {
    /// A normaliser writing to `out`, as JSON Lines when `json`, else CSV.
    pub fn new(out: W, json: bool) -> Normalizer<W> {
        Normalizer {
            out,
            json,
            header_written: false,
        }
    }

    /// The writer, flushed.
    ///
    /// # Errors
    /// The writer fails.
    pub fn finish(mut self) -> Result<W> {
        if !self.json && !self.header_written {
            self.write_header()?;
        }
        self.out.flush()?;
        Ok(self.out)
    }

    fn write_header(&mut self) -> Result<()> {
        self.header_written = true;
        writeln!(self.out, "{}", COLUMNS.join(","))?;
        Ok(())
    }

    /// Normalises one input: delimited text in UTF-8, its header read (title rows before it are
    /// skipped, as everywhere) or given.
    ///
    /// # Errors
    /// Input that is not delimited UTF-8 text, has no header that maps, a `row_column` that is
    /// missing, read as a field or holds something other than a row number, or a writer that
    /// fails; messages name the input, row, column and value. Bad rows are not errors: they are
    /// written with their reason in `reject`.
    ///
    /// # Complexity
    /// Linear in the input; memory O(piece_rows) whatever the input's length.
    pub fn input(
        &mut self,
        mut input: impl Read,
        opts: &StreamOptions,
        ingest: &IngestOptions,
    ) -> Result<StreamStats> {
        let name = &opts.name;
        // The head of the input tells the delimiter, the header row and the columns.
        let mut probe = Vec::new();
        if let Some(h) = &opts.header {
            probe.extend_from_slice(h.trim_end_matches(['\r', '\n']).as_bytes());
            probe.push(b'\n');
        }
        let given = probe.len();
        (&mut input)
            .take(PROBE as u64)
            .read_to_end(&mut probe)
            .with_context(|| format!("cannot read {name}"))?;
        if probe[given..].starts_with(b"\xEF\xBB\xBF") {
            probe.drain(given..given + 3);
        }
        let mut head_opts = ingest.clone();
        head_opts.encoding = Some(ingest.encoding.unwrap_or(encoding_rs::UTF_8));
        if head_opts.encoding != Some(encoding_rs::UTF_8) {
            return Err(Error::from(Place::file(
                name,
                Why::StreamNotUtf8 {
                    encoding: head_opts.encoding.map_or("GBK", |e| e.name()).into(),
                },
            )));
        }
        // Lines ending in CR alone (Excel for Mac) end rows like any other line end.
        let lone_cr = if cr_only(&probe[given..]) {
            LoneCr::LineEnd
        } else {
            LoneCr::Space
        };
        let mut sample = probe.clone();
        // Only whole characters: the probe may end inside one.
        let valid = match std::str::from_utf8(&sample) {
            Ok(_) => sample.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => {
                return Err(Error::from(Place::file(
                    name,
                    Why::StreamInvalidByte {
                        offset: e.valid_up_to() as u64,
                    },
                )));
            }
        };
        sample.truncate(valid);
        let opened = open(
            &Source::Memory {
                name: name.clone(),
                bytes: Arc::new(sample),
            },
            &head_opts,
        )
        .with_context(|| name.clone())?;
        let Origin::Csv {
            delimiter, skip, ..
        } = opened.origin
        else {
            return Err(Error::from(Place::file(
                name,
                Why::StreamNotText {
                    kind: opened.format.kind.to_string(),
                },
            )));
        };
        let map = &opened.map;
        let used = [
            Some(map.seller),
            Some(map.buyer),
            Some(map.species),
            Some(map.weight),
            map.date,
            map.unit,
            map.source,
            map.confidence,
        ];
        let row_at = match &opts.row_column {
            None => None,
            Some(c) => {
                let at = opened
                    .header
                    .iter()
                    .position(|h| h.trim() == c.as_str())
                    .ok_or_else(|| {
                        let why = Why::NoRowColumn {
                            column: c.clone(),
                            header: opened.header.clone(),
                        };
                        Place::file(name, why)
                    })?;
                if used.contains(&Some(at)) {
                    let why = Why::RowColumnIsAField { column: c.clone() };
                    return Err(Place::file(name, why).into());
                }
                Some(at)
            }
        };
        let [s_at, b_at, p_at] = [map.seller, map.buyer, map.species];

        // Each piece is read with what the head says, so that every piece is read alike.
        let mut piece_opts = head_opts;
        piece_opts.delimiter = Some(delimiter);
        // The line each record starts on, as a text editor numbers it: after the header's line,
        // one line per record and one per line break inside its quoted cells (a carriage return
        // alone too, where lines end so).
        let mut next_line = {
            let head = &probe[..];
            let head: std::borrow::Cow<[u8]> = match lone_cr {
                LoneCr::LineEnd => head
                    .iter()
                    .map(|&c| if c == b'\r' { b'\n' } else { c })
                    .collect(),
                LoneCr::Space => head.into(),
            };
            crate::ingest::open::numbered::text_rows(&head[..], skip)?
                .1
                .first
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            // Rows are numbered as every command numbers them: an empty line is a (blank) row,
            // and a carriage return alone ends no row (read as a space: an old Mac line end that
            // joins two rows gives a line with too many fields, rejected as elsewhere) unless
            // every line ends so.
            .from_reader(KeepEmptyLines::new(
                Cursor::new(probe).chain(input),
                delimiter,
                skip + 1,
                lone_cr,
            ));
        let mut record = csv::ByteRecord::new();
        for _ in 0..=skip {
            reader
                .read_byte_record(&mut record)
                .with_context(|| format!("cannot read {name}"))?;
        }
        let header = record.clone();
        let mut stats = StreamStats::default();
        let mut names = NameCache::default();
        let mut piece = Piece::default();
        let mut counted = 0u64;
        let piece_rows = opts.piece_rows.max(1);
        loop {
            let more = reader
                .read_byte_record(&mut record)
                .with_context(|| format!("cannot read {name} after row {counted}"))?;
            if more {
                counted += 1;
                let line = next_line;
                next_line += 1 + line_breaks(&record, lone_cr == LoneCr::LineEnd);
                let w = match &mut piece.csv {
                    Some(w) => w,
                    None => {
                        let mut w = csv::WriterBuilder::new()
                            .delimiter(delimiter)
                            .flexible(true)
                            .from_writer(Vec::new());
                        w.write_byte_record(&header)?;
                        piece.csv.insert(w)
                    }
                };
                w.write_byte_record(&record)?;
                let cell = |at: usize| -> Result<&str> {
                    std::str::from_utf8(record.get(at).unwrap_or_default()).map_err(|_| {
                        let column = String::from_utf8_lossy(header.get(at).unwrap_or_default());
                        let why = format!("the cell of column '{column}' is not UTF-8 text");
                        Error::from(Place::at(name, At::Row(counted), why))
                    })
                };
                let row = match row_at {
                    // The line the record starts on, as a text editor numbers it.
                    None => line,
                    Some(at) => {
                        let v = cell(at)?;
                        v.trim().parse::<u64>().map_err(|_| {
                            let why = format!(
                                "column '{}' holds '{v}', not a row number",
                                opts.row_column.as_deref().unwrap_or_default()
                            );
                            Error::from(Place::at(name, At::Record(counted), why))
                        })?
                    }
                };
                piece.rows.push(row);
                piece.names.push([
                    names.party(cell(s_at)?, ingest),
                    names.party(cell(b_at)?, ingest),
                    names.species(cell(p_at)?, ingest),
                ]);
            }
            if piece.rows.len() >= piece_rows || (!more && !piece.rows.is_empty()) {
                self.piece(&mut piece, name, &piece_opts, &mut stats)?;
                piece.rows.clear();
                piece.names.clear();
            }
            if !more {
                break;
            }
        }
        if !self.json && !self.header_written {
            self.write_header()?;
        }
        Ok(stats)
    }

    /// Reads one piece with the library and writes its rows, in input order.
    fn piece(
        &mut self,
        piece: &mut Piece,
        name: &str,
        opts: &IngestOptions,
        stats: &mut StreamStats,
    ) -> Result<()> {
        let bytes = match piece.csv.take() {
            Some(w) => w.into_inner().map_err(|e| Error::Io(e.into_error()))?,
            None => return Ok(()),
        };
        // The rows of the piece as the library numbers them: the lines of the piece's text.
        let (_, numbers) = crate::ingest::open::numbered::text_rows(bytes.as_slice(), 0)?;
        let source = Source::Memory {
            name: name.to_string(),
            bytes: Arc::new(bytes),
        };
        let ds = crate::ingest::load(&[source], opts).with_context(|| {
            format!(
                "{name}: cannot read the rows from row {}",
                piece.rows.first().copied().unwrap_or(0)
            )
        })?;
        if !self.json && !self.header_written {
            self.write_header()?;
        }
        stats.rows += ds.stats.rows;
        stats.accepted += ds.stats.accepted;
        stats.rejected += ds.stats.rejected;
        stats.blank += ds.blank_rows;
        let (mut a, mut r) = (0usize, 0usize);
        let mut sink = if self.json {
            Sink::Json(&mut self.out)
        } else {
            Sink::Csv(Box::new(csv::Writer::from_writer(&mut self.out)))
        };
        for (k, (&row, names)) in piece.rows.iter().zip(&piece.names).enumerate() {
            let local = numbers.row(k as u64);
            let mut line = Line {
                file: name,
                row,
                names,
                weight_kg: None,
                count: None,
                date_from: None,
                date_to: None,
                precision: None,
                date_order: None,
                approximate: false,
                confidence: None,
                source: None,
                reject: None,
                note: None,
            };
            if ds
                .records
                .row
                .get(a)
                .is_some_and(|&x| u64::from(x) == local)
            {
                accepted(&ds, a, &mut line);
                a += 1;
            } else if ds.rejects.get(r).is_some_and(|x| x.row == local) {
                line.reject = Some(ds.rejects[r].reason().to_string());
                r += 1;
            } else {
                continue; // blank
            }
            write_line(&mut sink, &line)?;
        }
        if let Sink::Csv(w) = &mut sink {
            w.flush()?;
        }
        drop(sink);
        if a != ds.records.len() || r != ds.rejects.len() {
            return Err(Error::from(Place::file(
                name,
                format!(
                    "the rows from row {} were not all matched to their records",
                    piece.rows.first().copied().unwrap_or(0)
                ),
            )));
        }
        Ok(())
    }
}

/// How many bytes of the input are read to find its delimiter and header.
const PROBE: usize = 64 * 1024;

/// Names as rows give them, computed once per distinct cell (forgotten when there get too many,
/// so that memory stays bounded).
#[derive(Default)]
struct NameCache {
    parties: HashMap<String, Rc<Name>>,
    species: HashMap<String, Rc<Name>>,
    none: Rc<Name>,
}

const CACHE: usize = 200_000;

impl NameCache {
    /// A party cell: its key through the normal form and the aliases, shown (when no row votes)
    /// by the alias file's name or the key; the spelling votes when it is a spelling of the key.
    fn party(&mut self, cell: &str, opts: &IngestOptions) -> Rc<Name> {
        cached(&mut self.parties, &self.none, cell, |t| {
            let key = opts.aliases.resolve(t);
            let own = name_form(t) == key;
            Name {
                canonical: opts.aliases.shown(&key).unwrap_or(&key).to_string(),
                spelling: if own { tidy(t) } else { String::new() },
            }
        })
    }

    /// A species cell: the species table's name (which no spelling changes), or the normal form
    /// of a name the table does not know, whose spelling votes.
    fn species(&mut self, cell: &str, opts: &IngestOptions) -> Rc<Name> {
        cached(&mut self.species, &self.none, cell, |t| {
            match opts.species.lookup(t) {
                Some(info) => Name {
                    canonical: info.name_zh.clone(),
                    spelling: String::new(),
                },
                None => Name {
                    canonical: name_form(t),
                    spelling: tidy(t),
                },
            }
        })
    }
}

fn cached(
    map: &mut HashMap<String, Rc<Name>>,
    none: &Rc<Name>,
    cell: &str,
    make: impl Fn(&str) -> Name,
) -> Rc<Name> {
    let t = cell.trim();
    if is_blank(t) {
        return none.clone();
    }
    if let Some(n) = map.get(t) {
        return n.clone();
    }
    if map.len() >= CACHE {
        map.clear();
    }
    let n = Rc::new(make(t));
    map.insert(t.to_string(), n.clone());
    n
}

/// The line breaks inside the cells of a record: line feeds, and where lines end in a carriage
/// return alone (`cr`), carriage returns not before a line feed.
fn line_breaks(record: &csv::ByteRecord, cr: bool) -> u64 {
    record
        .iter()
        .map(|cell| {
            (0..cell.len())
                .filter(|&i| {
                    cell[i] == b'\n' || (cr && cell[i] == b'\r' && cell.get(i + 1) != Some(&b'\n'))
                })
                .count() as u64
        })
        .sum()
}
