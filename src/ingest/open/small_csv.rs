//! The one reader of the small CSV side tables (species, conversions, products, party aliases,
//! base values): the text decoded by [`super::decode_text`], its byte-order mark dropped, quotes
//! checked, the header trimmed and lowercased, rows numbered from 1 as the sheet shows them (blank
//! rows counted, never given), and every error naming the file and the row or line. Each table's parser is built on it and says what its cells mean.

use csv::StringRecord;

use crate::ingest::error::{At, Place, Result, Why};

/// A side table being read: its header and its rows.
pub struct SmallCsv<'a> {
    origin: &'a str,
    header: Vec<String>,
    /// The header as written (trimmed).
    raw: Vec<String>,
    records: csv::StringRecordsIntoIter<&'a [u8]>,
    row: u64,
    /// The text the CSV reader reads, for the blank lines it skips without counting them.
    text: &'a [u8],
}

/// Starts reading `text`, named `origin` in messages; with `header`, its first record is the
/// header (trimmed, lowercased), else every record is a row.
///
/// # Errors
/// A quote opened and never closed ([`check_quotes`]), or a header the CSV reader refuses.
pub fn read<'a>(text: &'a str, origin: &'a str, header: bool) -> Result<SmallCsv<'a>> {
    read_with(text, origin, header, b',')
}

/// [`read`] with another delimiter than the comma (a tab).
///
/// # Errors
/// As [`read`].
pub fn read_with<'a>(
    text: &'a str,
    origin: &'a str,
    header: bool,
    delimiter: u8,
) -> Result<SmallCsv<'a>> {
    check_quotes(text, origin)?;
    let text = text.trim_start_matches('\u{feff}').as_bytes();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(header)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text);
    let raw: Vec<String> = if header {
        rdr.headers()
            .map_err(|e| Place::file(origin, e.to_string()))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect()
    } else {
        Vec::new()
    };
    let header: Vec<String> = raw.iter().map(|h| h.to_lowercase()).collect();
    // A header naming a column twice: the first is read, the second never (without a word).
    for (k, h) in header.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
        if let Some(first) = header[..k].iter().position(|x| x == h) {
            let why = Why::HeaderTwice { first: first + 1 };
            let place = Place {
                column: Some(format!("{}", k + 1)),
                value: Some(raw[k].clone()),
                ..Place::at(origin, At::Line(1), why)
            };
            return Err(place.into());
        }
    }
    Ok(SmallCsv {
        origin,
        header,
        raw,
        records: rdr.into_records(),
        row: 0,
        text,
    })
}

impl SmallCsv<'_> {
    /// The file as messages name it.
    pub fn origin(&self) -> &str {
        self.origin
    }

    /// The header: names trimmed and lowercased (empty when read without one).
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The header as written (trimmed, case kept).
    pub fn raw_header(&self) -> &[String] {
        &self.raw
    }

    /// The first column named any of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names.contains(&h.as_str()))
    }

    /// The first column named any of `names`.
    ///
    /// # Errors
    /// None is: "FILE: no 'NAME' column (the header has: …)", naming the first of `names`.
    pub fn require(&self, names: &[&str]) -> Result<usize> {
        self.column(names).ok_or_else(|| {
            Place::file(
                self.origin,
                crate::ingest::error::Why::NoColumn {
                    column: names.first().copied().unwrap_or_default().to_string(),
                    header: self.header.clone(),
                },
            )
            .into()
        })
    }
}

impl SmallCsv<'_> {
    /// How many blank lines the CSV reader skipped from byte `at`, where it began reading a
    /// record, to the record's first byte.
    fn blank_lines_at(&self, at: u64) -> u64 {
        let at = at as usize;
        let rest = self.text.get(at..).unwrap_or_default();
        let skipped = rest.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
        let ends = skipped.filter(|&&b| b == b'\n').count() as u64;
        // The reader may stop a record at the `\r` of its `\r\n`: that `\n` ends no blank line.
        let split_crlf = rest.first() == Some(&b'\n') && at > 0 && self.text[at - 1] == b'\r';
        ends - u64::from(split_crlf)
    }
}

impl Iterator for SmallCsv<'_> {
    /// A row and its 1-based number, or why the CSV reader refused it.
    type Item = Result<(u64, StringRecord)>;

    fn next(&mut self) -> Option<Self::Item> {
        let record = loop {
            let record = self.records.next()?;
            let at = match &record {
                Ok(r) => r.position().map(csv::Position::byte),
                Err(e) => e.position().map(csv::Position::byte),
            };
            // A blank line, which the CSV reader skips, is a row of the sheet: the rows after it
            // are numbered as the sheet shows them. (A record spanning lines is one row.)
            self.row += 1 + at.map_or(0, |at| self.blank_lines_at(at));
            // A row of empty cells (`,,,`) is a blank row of the sheet too: counted, not given.
            if !record.as_ref().is_ok_and(is_blank) {
                break record;
            }
        };
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                return Some(Err(Place::at(
                    self.origin,
                    At::Row(self.row),
                    e.to_string(),
                )
                .into()));
            }
        };
        // A cell past the header, or under an empty header cell, was dropped without a word.
        if !self.header.is_empty()
            && let Some((k, cell)) = (record.iter().enumerate()).find(|(k, c)| {
                self.header.get(*k).is_none_or(String::is_empty) && !c.trim().is_empty()
            })
        {
            let why = Why::PastHeader {
                columns: self.header.iter().filter(|h| !h.is_empty()).count(),
            };
            let column = format!("{}", k + 1);
            return Some(Err(
                Place::cell(self.origin, self.row, &column, cell, why).into()
            ));
        }
        Some(Ok((self.row, record)))
    }
}

/// Whether every cell of a row is empty or spaces.
pub fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// Refuses a CSV with a quote that is never closed. The CSV reader takes everything after an
/// unclosed `"` as one field (`"unclosed,foo` becomes a species named `unclosed,foo`, and the rows
/// after it vanish into that field), so each line's quotes are counted: a line that leaves a
/// quoted field open must be continued by one that closes it, else the file is refused, naming the
/// line where the open quote is and what it reads.
///
/// # Errors
/// A quote left open at the end of the text: "FILE, line N: …".
///
/// # Complexity
/// One pass over the bytes (two when a quote is open).
pub fn check_quotes(text: &str, origin: &str) -> Result<()> {
    // Lines with an odd number of quotes pair up exactly when the whole text has an even number:
    // count once (fast), and look for the line only in a text that has an open quote.
    if text.bytes().filter(|&b| b == b'"').count() % 2 == 0 {
        return Ok(());
    }
    let mut open_at: Option<(usize, &str)> = None;
    for (i, line) in text.lines().enumerate() {
        if line.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
            open_at = match open_at {
                None => Some((i + 1, line)),
                Some(_) => None,
            };
        }
    }
    match open_at {
        None => Ok(()),
        Some((n, line)) => {
            let shown = clip_to(line);
            Err(Place::at(
                origin,
                At::Line(n as u64),
                format!(
                    "a quote (\") is opened and never closed: '{shown}'; close it, or put the \
                     cell in quotes and double a quote that belongs to the text"
                ),
            )
            .into())
        }
    }
}

/// A line as the quote message shows it: its first 60 characters, then ` …` when longer.
fn clip_to(line: &str) -> String {
    let shown: String = line.chars().take(60).collect();
    let cut = if shown.len() < line.len() { " …" } else { "" };
    format!("{shown}{cut}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_numbered_from_one_after_the_header_and_name_the_file() {
        let mut t = read("\u{feff} Name_ZH ,x\n穿山甲,1\n\n,\n", "s.csv", true).unwrap();
        assert_eq!(t.header(), ["name_zh", "x"]);
        assert_eq!(t.require(&["name_zh", "name"]).unwrap(), 0);
        assert_eq!(
            t.require(&["taxon"]).unwrap_err().to_string(),
            "s.csv: no 'taxon' column (the header has: name_zh, x)"
        );
        let (row, r) = t.next().unwrap().unwrap();
        assert_eq!((row, &r[0]), (1, "穿山甲"));
        // The blank line and the row of empty cells `,` are rows of the sheet, not given.
        assert!(t.next().is_none());
        let mut t = read("x\n甲\n\n , \n乙\n", "s.csv", true).unwrap();
        let rows: Vec<(u64, String)> = t
            .by_ref()
            .map(|r| r.unwrap())
            .map(|(n, r)| (n, r[0].to_string()))
            .collect();
        assert_eq!(rows, [(1, "甲".to_string()), (4, "乙".to_string())]);
        // A record spanning two lines is one row; CRLF blank lines count as rows too.
        let mut t = read("a,b\n\"x\ny\",1\r\n\r\n\r\nz,2\n", "s.csv", true).unwrap();
        let rows: Vec<(u64, String)> = t
            .by_ref()
            .map(|r| r.unwrap())
            .map(|(n, r)| (n, r[0].to_string()))
            .collect();
        assert_eq!(rows, [(1, "x\ny".to_string()), (4, "z".to_string())]);
        // Without a header, the first record is row 1.
        let mut t = read("a,b\n", "a.csv", false).unwrap();
        assert_eq!(t.next().unwrap().unwrap().0, 1);
    }

    #[test]
    fn an_open_quote_is_refused_naming_its_line() {
        let e = read("a,b\n\"x,1\n2,3\n", "q.csv", true).err().unwrap();
        assert_eq!(
            e.to_string(),
            "q.csv, line 2: a quote (\") is opened and never closed: '\"x,1'; close it, or put \
             the cell in quotes and double a quote that belongs to the text"
        );
        assert!(check_quotes("a,\"b\nc\",d\n", "ok.csv").is_ok());
    }

    #[test]
    fn clip_keeps_sixty_characters() {
        assert_eq!(clip_to(&"x".repeat(61)), format!("{} …", "x".repeat(60)));
        assert_eq!(clip_to("short"), "short");
    }
}
