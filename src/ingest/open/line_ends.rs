//! Line ends: text whose lines end in a carriage return alone (what Excel for Mac writes as
//! "CSV (Macintosh)") read like any other. Polars and the row numbering only know LF and CR LF,
//! so such text was one long line to them: its header found, every data row silently lost.

use std::sync::Arc;

use crate::ingest::error::Result;

use super::bytes::Bytes;

/// How much of the text is looked at to tell how its lines end.
const LOOK: usize = 64 * 1024;

/// Whether the lines of `head` end in CR alone: outside quoted cells it has a carriage return not
/// followed by a line feed, and no line feed at all. A quoted cell may hold any line break.
pub(crate) fn cr_only(head: &[u8]) -> bool {
    let mut in_quotes = false;
    let mut lone_cr = false;
    for (i, &c) in head.iter().enumerate() {
        match c {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => return false,
            // A CR at the very end of the head may be the first half of a CR LF.
            b'\r' if !in_quotes && i + 1 < head.len() && head[i + 1] != b'\n' => lone_cr = true,
            _ => {}
        }
    }
    lone_cr || head.ends_with(b"\r") && !in_quotes && head.len() < LOOK
}

/// `text` with every line end outside quoted cells a line feed: each carriage return not
/// followed by a line feed becomes one; quoted cells are left as they are.
fn to_lf(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut in_quotes = false;
    for (i, &c) in text.iter().enumerate() {
        match c {
            b'"' => in_quotes = !in_quotes,
            b'\r' if !in_quotes && text.get(i + 1) != Some(&b'\n') => {
                out.push(b'\n');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The UTF-8 text of a source with its lines ending in LF when they ended in CR alone (a copy in
/// memory), else as it is; and whether it was changed.
///
/// # Errors
/// The bytes cannot be read.
///
/// # Complexity
/// A look at the first 64 KiB; one pass and one copy only for text whose lines end in CR alone.
pub(super) fn lf_line_ends(bytes: Bytes) -> Result<(Bytes, bool)> {
    if !cr_only(&bytes.head(LOOK)?) {
        return Ok((bytes, false));
    }
    let all = bytes.read_all()?;
    Ok((Bytes::Memory(Arc::new(to_lf(&all))), true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_ending_in_cr_alone_are_told_from_the_others() {
        assert!(cr_only(b"a,b\r1,2\r"));
        assert!(cr_only(b"a,b\r1,2"));
        assert!(cr_only(b"a,b\r\"x\r\ny\",2\r"));
        assert!(!cr_only(b"a,b\r\n1,2\r\n"));
        assert!(!cr_only(b"a,b\n1,2\n"));
        // A stray CR in a file of LF lines is a bad line, not a line end (see `diagnose`).
        assert!(!cr_only(b"a,b\n1\r,2\n"));
        assert!(!cr_only(b"a,b"));
        // The head may stop between the CR and the LF of a CR LF.
        assert!(!cr_only(
            &[b'x'; LOOK - 1]
                .iter()
                .chain(b"\r")
                .copied()
                .collect::<Vec<u8>>()
        ));
    }

    #[test]
    fn cr_line_ends_become_lf_and_quoted_cells_are_kept() {
        assert_eq!(to_lf(b"a,b\r1,2\r"), b"a,b\n1,2\n");
        assert_eq!(to_lf(b"a,b\r\"x\r\ny\",2\r"), b"a,b\n\"x\r\ny\",2\n");
        assert_eq!(to_lf(b"a,b\r\n1,2"), b"a,b\r\n1,2");
    }
}
