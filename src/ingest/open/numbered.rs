//! Rows of delimited text numbered as every command numbers them: row N is the Nth record after
//! the header, an empty line counting as a (blank) row, as polars reads it. The csv crate skips
//! empty lines, so without this the rows after an empty line were numbered one short (the
//! rejects file showed the cells of the wrong row, `normalize` the wrong row numbers).

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

#[cfg(test)]
mod tests {
    use super::*;

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
