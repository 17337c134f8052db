//! When polars refuses a text file, the line to blame: a row with more fields than the header, a
//! lone carriage return, a quote that never closes. Run only after polars has failed, so it costs
//! nothing on files that read.

use super::bytes::Bytes;
use crate::ingest::cell::text::clip;

/// The first line of delimited text that polars cannot read, or `None` when none is found.
///
/// # Complexity
/// One pass over the bytes.
pub(crate) fn first_bad_line(bytes: &Bytes, delimiter: u8, skip: usize) -> Option<BadLine> {
    let all = bytes.read_all().ok()?;
    bad_line(&all, delimiter, skip)
}

/// What is wrong with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// More fields than the header.
    TooManyFields { fields: usize, header: usize },
    /// A carriage return alone (not before a line feed), outside quotes.
    LoneCarriageReturn,
}

/// A record polars cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadRecord {
    /// The data row (1 = the record after the header; empty lines count, as polars counts them).
    pub(crate) row: u64,
    /// The line it starts on (from 1, the header included).
    pub(crate) line: u64,
    /// Its bytes, without the line end.
    pub(crate) range: std::ops::Range<usize>,
    pub(crate) problem: Problem,
}

impl BadRecord {
    /// The record's text, cut to a sane length, a carriage return shown as `\r`.
    pub(crate) fn text(&self, b: &[u8]) -> String {
        clip(&String::from_utf8_lossy(&b[self.range.clone()]).replace('\r', "\\r")).into_owned()
    }
}

/// Every record of delimited text polars cannot read, and where a quote opens that never closes
/// (the line and the record's start), after which nothing can be read.
pub(crate) struct Scan {
    pub(crate) bad: Vec<BadRecord>,
    pub(crate) header_fields: Option<usize>,
    pub(crate) open_quote: Option<(u64, usize)>,
}

/// Finds every record with more fields than the header or a lone carriage return.
///
/// # Complexity
/// One pass over the bytes.
pub(crate) fn scan(b: &[u8], delimiter: u8, skip: usize) -> Scan {
    let (mut line, mut record_line, mut record_start) = (1u64, 1u64, 0usize);
    let (mut in_quotes, mut fields, mut records) = (false, 1usize, 0usize);
    let mut lone_cr = false;
    let mut out = Scan {
        bad: Vec::new(),
        header_fields: None,
        open_quote: None,
    };
    // Closes the record of `start..end` (line `line`), the `records`-th (from 0) of the text.
    let end_record =
        |out: &mut Scan, (start, end): (usize, usize), line, fields, lone_cr, records| {
            let end = if end > start && b[end - 1] == b'\r' {
                end - 1
            } else {
                end
            };
            let problem = match out.header_fields {
                _ if records < skip => None,
                None => {
                    out.header_fields = Some(fields);
                    None
                }
                _ if lone_cr => Some(Problem::LoneCarriageReturn),
                Some(h) if fields > h => Some(Problem::TooManyFields { fields, header: h }),
                Some(_) => None,
            };
            if let Some(problem) = problem {
                out.bad.push(BadRecord {
                    row: (records - skip) as u64,
                    line,
                    range: start..end,
                    problem,
                });
            }
        };
    for (i, &c) in b.iter().enumerate() {
        if c == b'"' {
            in_quotes = !in_quotes;
        } else if c == b'\r' && !in_quotes && b.get(i + 1) != Some(&b'\n') {
            lone_cr = true;
        } else if c == b'\n' {
            line += 1;
            if !in_quotes {
                end_record(
                    &mut out,
                    (record_start, i),
                    record_line,
                    fields,
                    lone_cr,
                    records,
                );
                records += 1;
                fields = 1;
                lone_cr = false;
                record_line = line;
                record_start = i + 1;
            }
        } else if c == delimiter && !in_quotes {
            fields += 1;
        }
    }
    if in_quotes {
        out.open_quote = Some((record_line, record_start));
    } else if record_start < b.len() {
        end_record(
            &mut out,
            (record_start, b.len()),
            record_line,
            fields,
            lone_cr,
            records,
        );
    }
    out
}

/// `b` with the bad records' cells taken out (each becomes a row of empty cells, so that the
/// rows after it keep their numbers), for polars to read the rest.
pub(crate) fn blank_out(b: &[u8], bad: &[BadRecord], delimiter: u8, fields: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut at = 0;
    for r in bad {
        out.extend_from_slice(&b[at..r.range.start]);
        out.extend(std::iter::repeat_n(delimiter, fields.saturating_sub(1)));
        at = r.range.end;
    }
    out.extend_from_slice(&b[at..]);
    out
}

fn bad_line(b: &[u8], delimiter: u8, skip: usize) -> Option<BadLine> {
    let found = scan(b, delimiter, skip);
    let first = found.bad.first();
    match (first, found.open_quote) {
        (Some(r), quote) if quote.is_none_or(|(_, start)| r.range.start < start) => Some(BadLine {
            line: r.line,
            problem: LineProblem::Record(r.problem),
            text: r.text(b),
        }),
        (_, Some((line, start))) => {
            let end = b[start..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |e| start + e);
            let text = clip(
                &String::from_utf8_lossy(&b[start..end])
                    .trim_end_matches('\r')
                    .replace('\r', "\\r"),
            )
            .into_owned();
            Some(BadLine {
                line,
                problem: LineProblem::OpenQuote,
                text,
            })
        }
        _ => None,
    }
}

/// A line of delimited text polars cannot read: where it is (from 1, the header included), what
/// is wrong with it, and what it reads (clipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: u64,
    pub problem: LineProblem,
    pub text: String,
}

/// What is wrong with a line polars cannot read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    /// A record with more fields than the header, or a lone carriage return.
    Record(Problem),
    /// A quote that never closes: the rest of the file would be one cell.
    OpenQuote,
}

impl std::fmt::Display for BadLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (line, text) = (self.line, &self.text);
        match self.problem {
            LineProblem::Record(Problem::LoneCarriageReturn) => write!(
                f,
                "line {line} has a carriage return (\\r) alone inside it, an old Mac line end \
                 that splits the row: save the file with ordinary line ends; the line: {text}"
            ),
            LineProblem::Record(Problem::TooManyFields { fields, header }) => write!(
                f,
                "line {line} has {fields} fields where the header has {header} (a delimiter too \
                 many, or a cell that needs quotes): {text}"
            ),
            LineProblem::OpenQuote => write!(
                f,
                "line {line} opens a quote (\") that never closes: the rest of the file would \
                 be one cell; the line: {text}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Problem, bad_line, blank_out, scan};

    #[test]
    fn every_bad_record_is_found_and_blanked_in_place() {
        let b = b"t\ns,b,x\n1,2,3\n1,2,3,4\n\n\"q\nq\",2,3\n5\r6,7,8\r\n9,9,9";
        let found = scan(b, b',', 1);
        assert_eq!(found.header_fields, Some(3));
        assert!(found.open_quote.is_none());
        let got: Vec<(u64, u64, Problem)> = found
            .bad
            .iter()
            .map(|r| (r.row, r.line, r.problem))
            .collect();
        assert_eq!(
            got,
            [
                (
                    2,
                    4,
                    Problem::TooManyFields {
                        fields: 4,
                        header: 3
                    }
                ),
                (5, 8, Problem::LoneCarriageReturn),
            ]
        );
        assert_eq!(found.bad[1].text(b), "5\\r6,7,8");
        let clean = blank_out(b, &found.bad, b',', 3);
        assert_eq!(clean, b"t\ns,b,x\n1,2,3\n,,\n\n\"q\nq\",2,3\n,,\r\n9,9,9");
    }

    #[test]
    fn the_line_to_blame_is_named() {
        let ragged = b"s,b,x\n1,2,3\n1,2,3,4\n";
        assert!(
            bad_line(ragged, b',', 0)
                .unwrap()
                .to_string()
                .starts_with("line 3 has 4 fields")
        );
        let quote = b"s,b,x\n1,2,3\n\"1,2,3\n4,5,6\n";
        assert!(
            bad_line(quote, b',', 0)
                .unwrap()
                .to_string()
                .starts_with("line 3 opens a quote")
        );
        let cr = b"s,b,x\n1,2,3\r4,5,6\n";
        assert!(
            bad_line(cr, b',', 0)
                .unwrap()
                .to_string()
                .starts_with("line 2 has a carriage return")
        );
        let fine = b"s,b,x\r\n\"a\nb\",2,3\r\n1,2\n";
        assert_eq!(bad_line(fine, b',', 0), None);
        // A quoted newline counts as a line: the next record starts on line 4.
        let after = b"s,b,x\n\"a\nb\",2,3\n1,2,3,4";
        assert!(
            bad_line(after, b',', 0)
                .unwrap()
                .to_string()
                .starts_with("line 4 has 4 fields")
        );
    }
}
