//! Rows numbered as the user's program shows them: in a workbook the sheet's own row number, in
//! text the line a record starts on (the header's line counted, and every title or empty line
//! above it). Records are read as polars reads them: the Nth record after the header, an empty
//! line counting as a (blank) record. The csv crate skips empty lines, so without
//! [`KeepEmptyLines`] the rows after an empty line were numbered one short (the rejects file
//! showed the cells of the wrong row, `normalize` the wrong row numbers); [`RowNumbers`] turns
//! the index of a record into the number shown.

use std::io::{self, Read};

/// What a carriage return alone (not before a line feed, outside quotes) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoneCr {
    /// A space, so that it does not end the record as the csv crate would (polars does not): an
    /// old Mac line end inside a file of ordinary ones.
    Space,
    /// A line end: the text's lines end in CR alone (Excel for Mac's "CSV (Macintosh)").
    LineEnd,
}

/// Text as the csv crate should see it: every empty line after the header holds one delimiter,
/// so that it is read as a record of empty cells (a blank row) instead of skipped. Quotes are
/// followed, so an empty line inside a quoted cell is left alone.
pub(crate) struct KeepEmptyLines<R: Read> {
    inner: R,
    delimiter: u8,
    /// Records still to pass before the header's end (empty lines among them are left alone, as
    /// the header search skips them).
    before: usize,
    in_quotes: bool,
    /// Nothing but a carriage return since the last line end.
    line_empty: bool,
    lone_cr: LoneCr,
    cr_pending: bool,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
}

impl<R: Read> KeepEmptyLines<R> {
    /// Text whose first `records` records (the lines before the header and the header) are
    /// passed as they are.
    pub(crate) fn new(
        inner: R,
        delimiter: u8,
        records: usize,
        lone_cr: LoneCr,
    ) -> KeepEmptyLines<R> {
        KeepEmptyLines {
            inner,
            delimiter,
            before: records,
            in_quotes: false,
            line_empty: true,
            lone_cr,
            cr_pending: false,
            raw: vec![0; 64 * 1024],
            out: Vec::with_capacity(64 * 1024 + 1024),
            at: 0,
        }
    }

    /// Passes one byte on, an empty line after the header given its delimiter.
    fn step(&mut self, c: u8) {
        match c {
            b'"' => {
                self.in_quotes = !self.in_quotes;
                self.line_empty = false;
            }
            b'\n' if !self.in_quotes => {
                if self.before > 0 {
                    self.before -= usize::from(!self.line_empty);
                } else if self.line_empty {
                    self.out.push(self.delimiter);
                }
                self.line_empty = true;
            }
            b'\r' => {}
            _ => self.line_empty = false,
        }
        self.out.push(c);
    }

    /// A carriage return that turned out not to come before a line feed.
    fn lone_cr(&mut self) {
        match self.lone_cr {
            LoneCr::Space => self.out.push(b' '),
            LoneCr::LineEnd => self.step(b'\n'),
        }
    }
}

impl<R: Read> Read for KeepEmptyLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            let n = self.inner.read(&mut self.raw)?;
            self.out.clear();
            self.at = 0;
            if n == 0 {
                if !std::mem::take(&mut self.cr_pending) {
                    return Ok(0);
                }
                match self.lone_cr {
                    LoneCr::Space => self.out.push(b'\r'),
                    LoneCr::LineEnd => self.step(b'\n'),
                }
                break;
            }
            for k in 0..n {
                let c = self.raw[k];
                if std::mem::take(&mut self.cr_pending) {
                    if c == b'\n' {
                        self.out.push(b'\r');
                    } else {
                        self.lone_cr();
                    }
                }
                if c == b'\r' && !self.in_quotes {
                    self.cr_pending = true;
                    continue;
                }
                self.step(c);
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A reader of the records of `input` after its header (`skip` records before it), with empty
/// lines kept as blank records and a lone carriage return read as a space: the first record it
/// gives is row 1.
///
/// # Errors
/// The reader fails before the header's end.
pub(crate) fn past_header<R: Read>(
    input: R,
    delimiter: u8,
    skip: usize,
) -> csv::Result<csv::Reader<KeepEmptyLines<R>>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(KeepEmptyLines::new(
            input,
            delimiter,
            skip + 1,
            LoneCr::Space,
        ));
    let mut record = csv::ByteRecord::new();
    for _ in 0..=skip {
        if !reader.read_byte_record(&mut record)? {
            break;
        }
    }
    Ok(reader)
}

/// How the data records of a source are numbered for people: record `k` (from 0, the first after
/// the header) is row `first + k`, plus the lines that quoted cells spanning several lines took
/// before it (text only: a sheet row is one row whatever its cells hold).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowNumbers {
    /// The number of the first data record: the line after the header, or the sheet row.
    pub first: u64,
    /// `(k, extra)`: from record `k` on, records start `extra` lines further down than one line
    /// per record would put them; sorted by `k`. Empty unless a quoted cell spans lines.
    jumps: Vec<(u64, u64)>,
}

impl RowNumbers {
    /// One number per record from `first` on: a workbook's rows, Parquet's.
    pub fn counted(first: u64) -> RowNumbers {
        RowNumbers {
            first,
            jumps: Vec::new(),
        }
    }

    /// The number shown for record `k` (from 0).
    ///
    /// # Complexity
    /// O(log J) for J records after a quoted line break; O(1) when there is none.
    #[inline]
    pub fn row(&self, k: u64) -> u64 {
        let extra = match self.jumps.partition_point(|&(at, _)| at <= k) {
            0 => 0,
            j => self.jumps[j - 1].1,
        };
        self.first + k + extra
    }
}

/// The line of the header and the numbers of the data records of delimited text whose header
/// comes after `skip` records (empty lines not counted, as the header search counts them). Quotes
/// are followed as polars follows them; a line break inside quotes moves the records after it one
/// line down. Lines end in `\n` (`\r\n` included); text whose lines end in `\r` alone has been
/// converted before.
///
/// # Errors
/// The input cannot be read.
///
/// # Complexity
/// One pass over the bytes; a block of text without a quote is counted, not walked.
pub(crate) fn text_rows(input: impl Read, skip: usize) -> io::Result<(u64, RowNumbers)> {
    scan_rows(input, skip, true)
}

/// [`text_rows`] of a source's bytes: text without a quote anywhere has no record spanning
/// lines, so only its head is walked (to the header's end) after one search for a quote.
///
/// # Errors
/// The bytes cannot be read.
///
/// # Complexity
/// One search for `"` over the bytes (memchr speed), unless `surveyed` says whether a record
/// holds one (the survey of the rows found it); a walk over them only when one is there.
pub(crate) fn rows_of(
    bytes: &super::bytes::Bytes,
    skip: usize,
    surveyed: Option<bool>,
) -> crate::ingest::error::Result<(u64, RowNumbers)> {
    if let Some(quoted) = surveyed {
        return Ok(scan_rows(bytes.open()?, skip, quoted)?);
    }
    let mut input = bytes.open()?;
    let mut buf = vec![0u8; super::bytes::PIECE];
    let mut quoted = false;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if buf[..n].contains(&b'"') {
            quoted = true;
            break;
        }
    }
    Ok(scan_rows(bytes.open()?, skip, quoted)?)
}

/// [`text_rows`], walking past the header only when `whole`.
fn scan_rows(mut input: impl Read, skip: usize, whole: bool) -> io::Result<(u64, RowNumbers)> {
    let mut buf = vec![0u8; super::bytes::PIECE];
    let (mut line, mut in_quotes, mut line_empty) = (1u64, false, true);
    let (mut done, mut record_line) = (0usize, 1u64);
    let mut header: Option<u64> = None;
    let mut rows = RowNumbers::counted(0);
    // Data records ended, lines the current one spans beyond its first, extra lines so far.
    let (mut k, mut spans, mut extra) = (0u64, 0u64, 0u64);
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let block = &buf[..n];
        if header.is_some() && !whole {
            break;
        }
        if header.is_some() && !in_quotes && !block.contains(&b'"') {
            // No quote: every line break ends a record.
            let breaks = block.iter().filter(|&&c| c == b'\n').count() as u64;
            if breaks > 0 {
                if spans > 0 {
                    extra += spans;
                    rows.jumps.push((k + 1, extra));
                    spans = 0;
                }
                k += breaks;
                line += breaks;
            }
            continue;
        }
        for &c in block {
            match c {
                b'"' => {
                    in_quotes = !in_quotes;
                    line_empty = false;
                }
                b'\n' if in_quotes => {
                    line += 1;
                    if header.is_some() {
                        spans += 1;
                    }
                }
                b'\n' => {
                    line += 1;
                    match header {
                        Some(_) => {
                            if spans > 0 {
                                extra += spans;
                                rows.jumps.push((k + 1, extra));
                                spans = 0;
                            }
                            k += 1;
                        }
                        None if line_empty => {}
                        None if done == skip => {
                            header = Some(record_line);
                            rows.first = line;
                        }
                        None => done += 1,
                    }
                    line_empty = true;
                    record_line = line;
                }
                b'\r' => {}
                _ => line_empty = false,
            }
        }
    }
    let header = header.unwrap_or(record_line);
    if rows.first == 0 {
        rows.first = header + 1;
    }
    Ok((header, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers of the first `n` records of `text` whose header follows `skip` records.
    fn numbers(text: &str, skip: usize, n: u64) -> (u64, Vec<u64>) {
        let (header, rows) = text_rows(text.as_bytes(), skip).unwrap();
        (header, (0..n).map(|k| rows.row(k)).collect())
    }

    #[test]
    fn rows_are_the_lines_records_start_on() {
        // The header is line 1; the first record line 2.
        assert_eq!(numbers("h,x\na,1\nb,2\n", 0, 2), (1, vec![2, 3]));
        // Title lines and empty lines above the header count; empty lines after it are rows.
        assert_eq!(
            numbers("title\n\nh,x\na,1\n\nb,2\n", 1, 3),
            (3, vec![4, 5, 6])
        );
        // A quoted cell spanning lines: the record after it starts further down.
        assert_eq!(
            numbers("h,x\n\"a\nb\nc\",1\nd,2\n\"e\"\"\",3\nf,4", 0, 4),
            (1, vec![2, 5, 6, 7])
        );
        // A header spanning two lines, in CRLF text.
        assert_eq!(
            numbers("\"h\r\nh\",x\r\na,1\r\nb,2\r\n", 0, 2),
            (1, vec![3, 4])
        );
        let (_, rows) = text_rows("h\n\"1\n2\"\n\"3\n4\n5\"\nx\n".as_bytes(), 0).unwrap();
        assert_eq!(rows.jumps, [(1, 1), (2, 3)]);
    }

    #[test]
    fn long_text_without_quotes_is_counted_across_blocks() {
        let mut text = String::from("t\nh,x\n");
        for k in 0..100_000 {
            text.push_str(&format!("r{k},1\n"));
        }
        text.push_str("\"q\nq\",1\nlast,1\n");
        let (header, rows) = text_rows(text.as_bytes(), 1).unwrap();
        assert_eq!((header, rows.row(0), rows.row(99_999)), (2, 3, 100_002));
        assert_eq!((rows.row(100_000), rows.row(100_001)), (100_003, 100_005));
    }

    fn rows(text: &str, skip: usize) -> Vec<(u64, String)> {
        let mut r = past_header(text.as_bytes(), b',', skip).unwrap();
        r.byte_records()
            .zip(1..)
            .map(|(rec, row)| (row, String::from_utf8_lossy(&rec.unwrap()[0]).into_owned()))
            .filter(|(_, first)| !first.is_empty())
            .collect()
    }

    fn want(v: &[(u64, &str)]) -> Vec<(u64, String)> {
        v.iter().map(|(r, s)| (*r, s.to_string())).collect()
    }

    #[test]
    fn empty_lines_count_as_rows() {
        assert_eq!(
            rows("h,x\na,1\n\nb,2\n\n\nc,3\n", 0),
            want(&[(1, "a"), (3, "b"), (6, "c")])
        );
        assert_eq!(
            rows("h,x\r\n\r\na,1\r\nb,2", 0),
            want(&[(2, "a"), (3, "b")])
        );
        // A line break inside quotes is one row; an empty line inside quotes is no row.
        assert_eq!(
            rows("h,x\n\"a\n\nstill a\",1\n\nb,2\n", 0),
            want(&[(1, "a\n\nstill a"), (3, "b")])
        );
        // A lone carriage return ends no record (polars' rows).
        assert_eq!(
            rows("h,x\na\rb,1\n\nc,2\r\nd\r", 0),
            want(&[(1, "a b"), (3, "c"), (4, "d")])
        );
        // Empty lines before the header are not rows, nor are the title rows.
        assert_eq!(
            rows("\ntitle\n\n\"quoted\nheader\",x\n\na,1\n", 1),
            want(&[(2, "a")])
        );
    }

    #[test]
    fn long_input_is_read_whole_across_buffers() {
        let mut text = String::from("h,x\n");
        for k in 0..50_000 {
            text.push_str(&format!("r{k},1\n\n"));
        }
        let got = rows(&text, 0);
        assert_eq!(got.len(), 50_000);
        assert_eq!(got[49_999], (99_999, "r49999".to_string()));
    }
}
