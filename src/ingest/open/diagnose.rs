//! When polars refuses a text file, the line to blame: a row with more fields than the header, a
//! lone carriage return, a quote that never closes. Run only after polars has failed, so it costs
//! nothing on files that read.

use super::bytes::Bytes;
use crate::ingest::text::clip;

/// The first line of delimited text that polars cannot read, as a sentence naming the line
/// (from 1, the header included), or `None` when none is found.
///
/// # Complexity
/// One pass over the bytes.
pub(crate) fn first_bad_line(bytes: &Bytes, delimiter: u8, skip: usize) -> Option<String> {
    let all = bytes.read_all().ok()?;
    bad_line(&all, delimiter, skip)
}

fn bad_line(b: &[u8], delimiter: u8, skip: usize) -> Option<String> {
    let line_text = |start: usize| {
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |e| start + e);
        clip(
            &String::from_utf8_lossy(&b[start..end])
                .trim_end_matches('\r')
                .replace('\r', "\\r"),
        )
        .into_owned()
    };
    let (mut line, mut record_line, mut record_start) = (1u64, 1u64, 0usize);
    let (mut in_quotes, mut fields, mut records) = (false, 1usize, 0usize);
    let mut header_fields: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            in_quotes = !in_quotes;
        } else if c == b'\n' || c == b'\r' {
            if c == b'\r' && b.get(i + 1) != Some(&b'\n') && !in_quotes {
                return Some(format!(
                    "line {line} has a carriage return (\\r) alone inside it, an old Mac line end \
                     that splits the row: save the file with ordinary line ends; the line: {}",
                    line_text(record_start)
                ));
            }
            if c == b'\n' {
                line += 1;
            }
            if !in_quotes && c == b'\n' {
                records += 1;
                if records == skip + 1 {
                    header_fields = Some(fields);
                } else if let Some(h) = header_fields
                    && fields > h
                {
                    return Some(format!(
                        "line {record_line} has {fields} fields where the header has {h} (a \
                         delimiter too many, or a cell that needs quotes): {}",
                        line_text(record_start)
                    ));
                }
                fields = 1;
                record_line = line;
                record_start = i + 1;
            }
        } else if c == delimiter && !in_quotes {
            fields += 1;
        }
        i += 1;
    }
    if in_quotes {
        return Some(format!(
            "line {record_line} opens a quote (\") that never closes: the rest of the file would \
             be one cell; the line: {}",
            line_text(record_start)
        ));
    }
    match header_fields {
        Some(h) if fields > h && record_start < b.len() => Some(format!(
            "line {record_line} has {fields} fields where the header has {h}: {}",
            line_text(record_start)
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::bad_line;

    #[test]
    fn the_line_to_blame_is_named() {
        let ragged = b"s,b,x\n1,2,3\n1,2,3,4\n";
        assert!(
            bad_line(ragged, b',', 0)
                .unwrap()
                .starts_with("line 3 has 4 fields")
        );
        let quote = b"s,b,x\n1,2,3\n\"1,2,3\n4,5,6\n";
        assert!(
            bad_line(quote, b',', 0)
                .unwrap()
                .starts_with("line 3 opens a quote")
        );
        let cr = b"s,b,x\n1,2,3\r4,5,6\n";
        assert!(
            bad_line(cr, b',', 0)
                .unwrap()
                .starts_with("line 2 has a carriage return")
        );
        let fine = b"s,b,x\r\n\"a\nb\",2,3\r\n1,2\n";
        assert_eq!(bad_line(fine, b',', 0), None);
        // A quoted newline counts as a line: the next record starts on line 4.
        let after = b"s,b,x\n\"a\nb\",2,3\n1,2,3,4";
        assert!(
            bad_line(after, b',', 0)
                .unwrap()
                .starts_with("line 4 has 4 fields")
        );
    }
}
