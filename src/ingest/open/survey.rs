//! One pass over delimited text when it is opened, for what polars would read without a word:
//! rows with fewer fields than the header (a line break typed inside an unquoted cell splits a
//! row into two short ones), the lines [`super::encoding`] took out for being in another
//! encoding, and whether the file writes decimals with a comma (`1,5kg`). Each row found bad is
//! blanked in a copy that polars reads, and rejected by its reason; each number cell whose comma
//! is ambiguous in such a file is emptied in that copy, and its row keeps it unknown.

use std::io::Read;
use std::ops::Range;

use crate::ingest::cell::reason::{Column, Kind, Reason};
use crate::ingest::cell::text::clip;
use crate::ingest::error::Result;

use super::bytes::{Bytes, PASS_BUFFER, PIECE};
use super::encoding::Foreign;
use super::texts::Texts;

/// What the pass found.
#[derive(Debug, Default)]
pub(super) struct Survey {
    /// Records to blank: their bytes (without the line end), data row (1 = the first after the
    /// header) and why.
    pub(super) bad: Vec<(Range<usize>, u64, Reason)>,
    /// Cells to empty in rows that are kept: their bytes, data row and why.
    pub(super) cells: Vec<(Range<usize>, u64, Reason)>,
    /// Where the file's decimal commas are, to be read as points: only when it writes decimals
    /// with a comma ([`Survey::decimal_comma`]).
    pub(super) points: Vec<usize>,
    /// The number cells of the file write decimals with a comma (`1,5`), none a thousands
    /// separator (`1,500.5`, `1,234,567`).
    pub(super) decimal_comma: bool,
    /// The header's fields.
    pub(super) header: usize,
    /// Some record holds a quote: only then can a record span lines (see
    /// [`super::numbered::rows_of`]).
    pub(super) quoted: bool,
    /// The cells of the columns asked for (the places), read as the pass goes so that polars
    /// need not read them; `None` when none were asked for, or a cell is not one this pass reads
    /// as polars would (a quote inside it, bytes not UTF-8): polars reads them then.
    pub(super) cells_read: Option<CellsRead>,
}

/// Cells of some columns read by the survey: per column, the code of each data row's cell in
/// `texts` (0: empty; a row refused whole, a short or blank one, has 0).
#[derive(Debug, Clone, Default)]
pub(crate) struct CellsRead {
    /// The field (from 0) of each column.
    pub(crate) fields: Vec<usize>,
    pub(crate) codes: Vec<Vec<u32>>,
    pub(crate) texts: Texts,
}

impl CellsRead {
    pub(super) fn new(fields: &[usize]) -> CellsRead {
        CellsRead {
            fields: fields.to_vec(),
            codes: vec![Vec::new(); fields.len()],
            texts: Texts::default(),
        }
    }
}

/// The most fields before a column the survey reads: a column further right is left to polars.
pub(super) const MOST_FIELDS: usize = 64;

/// Takes the cells of a data row (`line`, before its line end, in `buf`; `ends`: where each of
/// its first fields ends, as far as the columns need; `quotes`: whether it may hold a quote) into
/// `cells`, or makes `cells` `None` when a cell is not one this pass reads (see
/// [`Survey::cells_read`]).
pub(super) fn take_cells(
    cells: &mut Option<CellsRead>,
    buf: &[u8],
    line: Range<usize>,
    (fields, header): (usize, usize),
    ends: &[usize],
    quotes: bool,
) {
    let Some(c) = cells else { return };
    for k in 0..c.fields.len() {
        let f = c.fields[k];
        let code = if fields < header || f >= fields {
            Some(0)
        } else {
            let start = if f == 0 { line.start } else { ends[f - 1] + 1 };
            let mut end = if f + 1 < fields { ends[f] } else { line.end };
            if f + 1 == fields && end > start && buf[end - 1] == b'\r' {
                end -= 1;
            }
            let cell = &buf[start..end];
            if quotes && memchr::memchr(b'"', cell).is_some() {
                unquoted(cell).and_then(|inner| c.texts.code(&inner))
            } else {
                c.texts.code(cell)
            }
        };
        match code {
            Some(code) => c.codes[k].push(code),
            None => {
                *cells = None;
                return;
            }
        }
    }
}

/// Notes where the fields of a line end, from the delimiters of a block (`mask`, bit `j` is byte
/// `at + j`), until `want` are known.
#[inline]
fn note_ends(ends: &mut [usize], found: &mut usize, want: usize, at: usize, mut mask: u64) {
    while *found < want && mask != 0 {
        ends[*found] = at + mask.trailing_zeros() as usize;
        *found += 1;
        mask &= mask - 1;
    }
}

/// A quoted cell's text (`"a,b"` → `a,b`, `""` inside → `"`), as polars reads it; `None` for a
/// quote anywhere else.
fn unquoted(cell: &[u8]) -> Option<Vec<u8>> {
    let inner = cell.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == b'"' {
            if inner.get(i + 1) != Some(&b'"') {
                return None;
            }
            i += 1;
        }
        out.push(inner[i]);
        i += 1;
    }
    Some(out)
}

/// What a comma in a number cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comma {
    /// `1,5`, `0,25`, `1,2345`: a decimal comma (a thousands separator has three digits after).
    Decimal(usize),
    /// `1,500.5`, `1,234,567`: thousands separators.
    Thousands,
    /// `1,500`: either.
    Either,
}

/// What the comma of a number cell (its bytes) says, if it has one between digits; `at` is the
/// comma's index in the cell.
fn comma(cell: &[u8]) -> Option<Comma> {
    let i = cell.iter().position(|&c| c == b',')?;
    if i == 0 || !cell[i - 1].is_ascii_digit() {
        return None;
    }
    let rest = &cell[i + 1..];
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    // A number with a point before the comma (`1.5,2`) is no number this reads.
    if cell[..i].contains(&b'.') {
        return None;
    }
    Some(match (digits, rest.get(digits).copied()) {
        (3, Some(b'.')) if rest.get(4).is_some_and(u8::is_ascii_digit) => Comma::Thousands,
        (3, Some(b',')) if rest.get(4).is_some_and(u8::is_ascii_digit) => Comma::Thousands,
        (3, _) => Comma::Either,
        _ => Comma::Decimal(i),
    })
}

/// A record being read.
#[derive(Default)]
struct Record {
    start: usize,
    fields: usize,
    field_start: usize,
    text: bool,
    in_quotes: bool,
    /// Line breaks inside it (in quoted cells).
    breaks: u64,
    /// The comma of each number cell: (cell's start, column, what it says).
    commas: Vec<(Range<usize>, Column, Comma)>,
    /// The text of each cell whose comma may be either, in the order of `commas`.
    either: Vec<String>,
    /// Where its first fields end, as far as the cells read need ([`Survey::cells_read`]).
    ends: Vec<usize>,
}

/// A number cell whose comma may be a decimal comma or a thousands separator.
struct Either {
    /// The cell's bytes.
    cell: Range<usize>,
    value: String,
    row: u64,
    column: Column,
}

/// A short record waiting to see whether the next completes it.
struct Short {
    range: Range<usize>,
    row: u64,
    line: u64,
    fields: usize,
    text: String,
}

/// Surveys delimited UTF-8 text read from `bytes`: its header is record `skip` (from 0);
/// `numbers` are the number columns (weight, price, amount) and the column each is; `foreign`
/// the lines taken out by the decoder (each left empty), sorted by line; `read` the fields whose
/// cells it reads ([`Survey::cells_read`]).
///
/// # Errors
/// The bytes cannot be read.
///
/// # Complexity
/// One streaming pass over the bytes, in [`PIECE`]s; memory for one record at a time and the
/// bad rows found.
pub(super) fn survey(
    bytes: &Bytes,
    delimiter: u8,
    skip: usize,
    numbers: &[(usize, Column)],
    foreign: &[Foreign],
    read: &[usize],
) -> Result<Survey> {
    let mut r = bytes.open()?;
    // Read into directly, a piece at a time after the record left over: it grows only for a
    // record longer than `PASS_BUFFER - PIECE`.
    let mut buf: Vec<u8> = Vec::with_capacity(PASS_BUFFER);
    let mut base = 0usize; // the file offset of buf[0]
    let mut out = Survey::default();
    let (mut records, mut line_no) = (0usize, 1u64);
    let mut rec = Record {
        fields: 1,
        ..Record::default()
    };
    let mut i = 0usize;
    let mut short: Option<Short> = None;
    let mut foreign = foreign.iter().peekable();
    let (mut decimal, mut thousands) = (0u64, 0u64);
    let mut either: Vec<Either> = Vec::new();
    // The cells read, and how many field ends of a row they need.
    let mut cells =
        (!read.is_empty() && read.iter().all(|&f| f < MOST_FIELDS)).then(|| CellsRead::new(read));
    let need = read.iter().max().map_or(0, |&f| f + 1);
    loop {
        let kept = buf.len();
        buf.resize(kept + PIECE, 0);
        let n = r.read(&mut buf[kept..])?;
        buf.truncate(kept + n);
        let eof = n == 0;
        let close = |rec: &mut Record, end: usize, buf: &[u8], base: usize| {
            let field = rec.fields - 1;
            if rec.ends.len() < need {
                rec.ends.push(end);
            }
            if let Some(&(_, column)) = numbers.iter().find(|(p, _)| *p == field)
                && let Some(c) = comma(&buf[rec.field_start..end])
            {
                rec.commas
                    .push((base + rec.field_start..base + end, column, c));
                if c == Comma::Either {
                    let cell = String::from_utf8_lossy(&buf[rec.field_start..end]);
                    rec.either
                        .push(clip(cell.trim().trim_matches('"')).into_owned());
                }
            }
        };
        while i < buf.len() {
            // Lines with no quote (and, when number cells are looked at, no comma) are records
            // of their own: up to the last line end of the piece, fields are counted in one tight
            // loop, and only short lines (or the header, or a line after a short one) judged.
            if i == rec.start
                && let Some(last) = memchr::memrchr(b'\n', &buf[i..])
                && memchr::memchr(b'"', &buf[i..i + last]).is_none()
                && (numbers.is_empty() || memchr::memchr(b',', &buf[i..i + last]).is_none())
            {
                let stop = i + last + 1;
                let want = if cells.is_some() { need } else { 0 };
                lines(&buf, i..stop, delimiter, want, |line, fields, ends| {
                    if records > skip {
                        take_cells(
                            &mut cells,
                            &buf,
                            line.clone(),
                            (fields, out.header),
                            ends,
                            false,
                        );
                    }
                    if records <= skip || fields < out.header || short.is_some() {
                        rec.start = line.start;
                        rec.fields = fields;
                        rec.text = buf[line.clone()]
                            .iter()
                            .any(|&b| !b.is_ascii_whitespace() && b != delimiter);
                        end_record(
                            &mut out,
                            &rec,
                            (base, &buf, line.end),
                            (records, skip, line_no),
                            (&mut short, &mut foreign),
                            (&mut decimal, &mut thousands, &mut either),
                        );
                    }
                    records += 1;
                    line_no += 1;
                });
                rec.start = stop;
                i = stop;
                rec.field_start = i;
                rec.fields = 1;
                rec.text = false;
                continue;
            }
            let c = buf[i];
            if c == b'"' {
                rec.in_quotes = !rec.in_quotes;
                out.quoted = true;
            } else if c == b'\n' {
                if rec.in_quotes {
                    rec.breaks += 1;
                } else {
                    close(&mut rec, i, &buf, base);
                    end_record(
                        &mut out,
                        &rec,
                        (base, &buf, i),
                        (records, skip, line_no),
                        (&mut short, &mut foreign),
                        (&mut decimal, &mut thousands, &mut either),
                    );
                    if records > skip {
                        take_cells(
                            &mut cells,
                            &buf,
                            rec.start..i,
                            (rec.fields, out.header),
                            &rec.ends,
                            true,
                        );
                    }
                    records += 1;
                    line_no += rec.breaks + 1;
                    let mut commas = std::mem::take(&mut rec.commas);
                    commas.clear();
                    let mut ends = std::mem::take(&mut rec.ends);
                    ends.clear();
                    rec = Record {
                        start: i + 1,
                        fields: 1,
                        field_start: i + 1,
                        commas,
                        either: Vec::new(),
                        ends,
                        ..Record::default()
                    };
                }
            } else if c == delimiter && !rec.in_quotes {
                close(&mut rec, i, &buf, base);
                rec.fields += 1;
                rec.field_start = i + 1;
            } else if !rec.text && !c.is_ascii_whitespace() {
                rec.text = true;
            }
            i += 1;
        }
        if eof {
            // A quote that never closes is the reader's to name (`diagnose`), not a short row;
            // the cells after it are not known.
            if rec.in_quotes {
                cells = None;
            }
            if rec.start < buf.len() && !rec.in_quotes {
                let end = buf.len();
                close(&mut rec, end, &buf, base);
                end_record(
                    &mut out,
                    &rec,
                    (base, &buf, end),
                    (records, skip, line_no),
                    (&mut short, &mut foreign),
                    (&mut decimal, &mut thousands, &mut either),
                );
                if records > skip {
                    take_cells(
                        &mut cells,
                        &buf,
                        rec.start..end,
                        (rec.fields, out.header),
                        &rec.ends,
                        true,
                    );
                }
            }
            break;
        }
        // Keep the record being read; drop what is before it.
        let drop = rec.start;
        buf.drain(..drop);
        base += drop;
        i -= drop;
        rec.start -= drop;
        rec.field_start -= drop;
        for e in &mut rec.ends {
            *e -= drop;
        }
    }
    if let Some(s) = short.take() {
        push_short(&mut out, s, None);
    }
    out.cells_read = cells;
    out.decimal_comma = decimal > 0 && thousands == 0;
    if out.decimal_comma {
        // A cell in a row refused whole is not a problem of its own.
        let bad: std::collections::HashSet<u64> = out.bad.iter().map(|b| b.1).collect();
        for Either {
            cell,
            value,
            row,
            column,
        } in either
        {
            if bad.contains(&row) {
                continue;
            }
            out.cells.push((
                cell,
                row,
                Reason::new(column, Kind::AmbiguousComma { value }),
            ));
        }
        out.bad.sort_by_key(|b| b.1);
        // A row blanked keeps no comma to read.
        let mut blanked = out.bad.iter().map(|b| b.0.clone()).peekable();
        out.points.retain(|&p| {
            while blanked.next_if(|r| r.end <= p).is_some() {}
            blanked.peek().is_none_or(|r| p < r.start)
        });
    } else {
        out.points.clear();
    }
    Ok(out)
}

/// Calls `f(line, fields, ends)` for each line of `buf[range]`, which ends just after a line end
/// (`\n`): the line's bytes (without its line end), its number of fields under `delimiter`
/// (delimiters + 1; quotes are not looked at) and where its first `want` fields end (fewer when it
/// has fewer; `want` at most [`MOST_FIELDS`]).
///
/// # Complexity
/// One pass over the bytes, 64 at a time as bit masks: a line's fields are the delimiters between
/// two of its line ends, counted by popcount.
#[inline]
pub(super) fn lines(
    buf: &[u8],
    range: Range<usize>,
    delimiter: u8,
    want: usize,
    mut f: impl FnMut(Range<usize>, usize, &[usize]),
) {
    let mut delimiters = 0u32; // of the line being read, before this block
    let mut field_ends = [0usize; MOST_FIELDS];
    let mut found = 0usize;
    let mut start = range.start;
    for (b, block) in buf[range.clone()].chunks(64).enumerate() {
        let at = range.start + b * 64;
        let (mut ends, mut delims) = masks(block, delimiter);
        while ends != 0 {
            let p = ends.trailing_zeros();
            let before = (1u64 << p) - 1;
            note_ends(&mut field_ends, &mut found, want, at, delims & before);
            let fields = 1 + (delimiters + (delims & before).count_ones()) as usize;
            delims &= !before;
            delimiters = 0;
            ends &= ends - 1;
            let k = at + p as usize;
            f(start..k, fields, &field_ends[..found]);
            found = 0;
            start = k + 1;
        }
        note_ends(&mut field_ends, &mut found, want, at, delims);
        delimiters += delims.count_ones();
    }
}

/// Bit masks of the line ends (`\n`) and of the `delimiter`s among `block`'s bytes (at most 64):
/// bit `j` is byte `j`.
#[inline]
fn masks(block: &[u8], delimiter: u8) -> (u64, u64) {
    if let Ok(full) = <&[u8; 64]>::try_from(block) {
        // SAFETY: SSE2, all `masks64` needs, is part of every x86-64 (and elsewhere `masks64`
        // is plain code).
        #[allow(unused_unsafe)]
        return unsafe { masks64(full, delimiter) };
    }
    masks_by_byte(block, delimiter)
}

/// [`masks`] a byte at a time: a block's tail, and whole blocks where there is no SSE2.
fn masks_by_byte(block: &[u8], delimiter: u8) -> (u64, u64) {
    let (mut ends, mut delims) = (0u64, 0u64);
    for (j, &c) in block.iter().enumerate() {
        ends |= u64::from(c == b'\n') << j;
        delims |= u64::from(c == delimiter) << j;
    }
    (ends, delims)
}

/// [`masks`] of a whole block, 16 bytes to a vector compare (SSE2, which every x86-64 has).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn masks64(block: &[u8; 64], delimiter: u8) -> (u64, u64) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    let end = _mm_set1_epi8(b'\n' as i8);
    let delim = _mm_set1_epi8(delimiter as i8);
    let (mut ends, mut delims) = (0u64, 0u64);
    for k in 0..4 {
        // SAFETY: the 16 bytes read are inside `block` (k < 4); an unaligned load needs no
        // alignment.
        let v = unsafe { _mm_loadu_si128(block.as_ptr().add(16 * k).cast::<__m128i>()) };
        ends |= u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, end)) as u16) << (16 * k);
        delims |= u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, delim)) as u16) << (16 * k);
    }
    (ends, delims)
}

/// [`masks`] of a whole block, where there is no SSE2.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn masks64(block: &[u8; 64], delimiter: u8) -> (u64, u64) {
    masks_by_byte(block, delimiter)
}

/// Judges a record that ends at `end` (before its line end) of `buf` (which starts at file
/// offset `base`): the header's fields, a line taken out, a short row, the commas of its number
/// cells.
#[allow(clippy::type_complexity)]
fn end_record<'f>(
    out: &mut Survey,
    rec: &Record,
    (base, buf, end): (usize, &[u8], usize),
    (records, skip, line): (usize, usize, u64),
    (short, foreign): (
        &mut Option<Short>,
        &mut std::iter::Peekable<std::slice::Iter<'f, Foreign>>,
    ),
    (decimal, thousands, either): (&mut u64, &mut u64, &mut Vec<Either>),
) {
    if records < skip {
        return;
    }
    if records == skip {
        out.header = rec.fields;
        return;
    }
    let row = (records - skip) as u64;
    let end = if end > rec.start && buf[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    let range = base + rec.start..base + end;
    while foreign.next_if(|f| f.line < line).is_some() {}
    if let Some(f) = foreign.next_if(|f| f.line == line) {
        if let Some(s) = short.take() {
            push_short(out, s, None);
        }
        out.bad
            .push((range, row, Reason::new(Column::Line, f.kind())));
        return;
    }
    let text = || {
        String::from_utf8_lossy(&buf[rec.start..end])
            .replace('\r', "\\r")
            .to_string()
    };
    if rec.text && rec.fields < out.header {
        let this = Short {
            range,
            row,
            line,
            fields: rec.fields,
            text: text(),
        };
        match short.take() {
            Some(s) if s.fields + this.fields - 1 == out.header && s.row + 1 == row => {
                let both = format!("{}⏎{}", s.text, this.text);
                let first = s.line;
                push_short(out, s, Some((first, both.clone())));
                push_short(out, this, Some((first, both)));
            }
            Some(s) => {
                push_short(out, s, None);
                *short = Some(this);
            }
            None => *short = Some(this),
        }
        return;
    }
    if let Some(s) = short.take() {
        push_short(out, s, None);
    }
    let mut values = rec.either.iter();
    for (cell, column, c) in &rec.commas {
        match c {
            Comma::Decimal(at) => {
                *decimal += 1;
                out.points.push(cell.start + at);
            }
            Comma::Thousands => *thousands += 1,
            Comma::Either => either.push(Either {
                cell: cell.clone(),
                value: values.next().cloned().unwrap_or_default(),
                row,
                column: *column,
            }),
        }
    }
}

/// Rejects a short record; `joined`: the first line of the two that read together have the
/// header's fields, and their text.
fn push_short(out: &mut Survey, s: Short, joined: Option<(u64, String)>) {
    let (joined, text) = match joined {
        Some((first, both)) => (Some(first), both),
        None => (None, s.text),
    };
    out.bad.push((
        s.range,
        s.row,
        Reason::new(
            Column::Line,
            Kind::TooFewFields {
                line: s.line,
                fields: s.fields,
                header: out.header,
                joined,
                text: clip(&text).into_owned(),
            },
        ),
    ));
}

/// `b` with the bad records' bytes replaced by a row of empty cells (so that the rows after them
/// keep their numbers), the cells of [`Survey::cells`] emptied, and each comma at `points` by a
/// point.
///
/// # Complexity
/// One copy of the bytes.
pub(super) fn cleaned(b: &[u8], survey: &Survey, delimiter: u8) -> Vec<u8> {
    // (bytes, whether a whole record): a record becomes empty cells, a cell nothing.
    let mut bad: Vec<(Range<usize>, bool)> = (survey.bad.iter().map(|x| (x.0.clone(), true)))
        .chain(survey.cells.iter().map(|x| {
            // The line end of a row's last cell stays.
            let mut r = x.0.clone();
            while r.end > r.start && matches!(b[r.end - 1], b'\r' | b'\n') {
                r.end -= 1;
            }
            (r, false)
        }))
        .collect();
    bad.sort_by_key(|r| r.0.start);
    let mut points = survey.points.iter().copied().peekable();
    let mut out = Vec::with_capacity(b.len());
    let mut copy = |out: &mut Vec<u8>, from: usize, to: usize| {
        let o = out.len();
        out.extend_from_slice(&b[from..to]);
        while let Some(p) = points.next_if(|&p| p < to) {
            if p >= from && out[o + p - from] == b',' {
                out[o + p - from] = b'.';
            }
        }
    };
    let mut at = 0;
    for (r, record) in bad {
        if r.start < at {
            continue;
        }
        copy(&mut out, at, r.start);
        if record {
            out.extend(std::iter::repeat_n(
                delimiter,
                survey.header.saturating_sub(1),
            ));
        }
        at = r.end;
    }
    copy(&mut out, at, b.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn run(text: &str, numbers: &[(usize, Column)]) -> Survey {
        survey(
            &Bytes::Memory(Arc::new(text.as_bytes().to_vec())),
            b';',
            0,
            numbers,
            &[],
            &[],
        )
        .unwrap()
    }

    #[test]
    fn commas_in_number_cells_are_told_apart() {
        assert_eq!(comma(b"1,5kg"), Some(Comma::Decimal(1)));
        assert_eq!(comma(b"0,25"), Some(Comma::Decimal(1)));
        assert_eq!(comma(b"1,500kg"), Some(Comma::Either));
        assert_eq!(comma(b"1,500.5"), Some(Comma::Thousands));
        assert_eq!(comma(b"1,234,567"), Some(Comma::Thousands));
        assert_eq!(comma(b"12kg"), None);
        assert_eq!(comma(b"a,5"), None);
    }

    #[test]
    fn a_short_row_completed_by_the_next_is_named_as_a_broken_line() {
        let s = run(
            "a;b;c;d;e\n1;2;3;4;5\n张三;李四;眼镜\n蛇;50斤;2022\n\n1;2\n",
            &[],
        );
        assert_eq!(s.header, 5);
        let got: Vec<(u64, String)> = s.bad.iter().map(|b| (b.1, b.2.to_string())).collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, 2);
        assert!(got[0].1.contains("lines 3–4"), "{}", got[0].1);
        assert!(got[1].1.contains("line 4 has 3 fields"), "{}", got[1].1);
        assert_eq!(got[2].0, 5);
        assert!(got[2].1.contains("line 6 has 2 fields"), "{}", got[2].1);
    }

    #[test]
    fn lines_counted_by_bit_masks_are_judged_as_by_the_byte_walk() {
        // Lines of 0 to 6 fields of 0 to 40 bytes (so lines and line ends fall anywhere in the
        // 64-byte blocks), some blank, some with `\r\n`. A quote in the last line makes every
        // piece take the byte walk; without it, the bit masks count the fields.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let mut text = String::from("a;b;c;d;e\n");
        for _ in 0..600 {
            let fields = if next(4) == 0 { next(7) } else { 5 };
            let cells: Vec<String> = (0..fields).map(|_| "x".repeat(next(41) as usize)).collect();
            text.push_str(&cells.join(";"));
            text.push_str(if next(5) == 0 { "\r\n" } else { "\n" });
        }
        assert!(text.len() < PIECE - 100);
        let judged = |last: &str| {
            let s = run(&format!("{text}{last}\n"), &[]);
            let bad: Vec<(Range<usize>, u64, String)> = s
                .bad
                .iter()
                .map(|b| (b.0.clone(), b.1, b.2.to_string()))
                .collect();
            (s.header, bad, s.quoted)
        };
        let (header, masks, quoted) = judged("1;2;3;4;5");
        let (_, walk, walked) = judged("1;2;3;4;\"5\"");
        assert!(!quoted && walked);
        assert_eq!(header, 5);
        assert!(masks.len() > 50, "{}", masks.len());
        assert_eq!(masks, walk);
    }

    #[test]
    fn decimal_commas_are_read_as_points_and_ambiguous_cells_emptied() {
        let text = "s;b;w;p\n1;2;1,5kg;3\n1;2;1,500kg;4\n1;2;3kg;1,500\r\n1;2;\"1,500\";5\n";
        let s = run(text, &[(2, Column::Weight), (3, Column::Price)]);
        assert!(s.decimal_comma);
        assert!(s.bad.is_empty());
        let rows: Vec<(u64, Column)> = s.cells.iter().map(|c| (c.1, c.2.column)).collect();
        assert_eq!(
            rows,
            [(2, Column::Weight), (3, Column::Price), (4, Column::Weight)]
        );
        let clean = cleaned(text.as_bytes(), &s, b';');
        assert_eq!(
            String::from_utf8(clean).unwrap(),
            "s;b;w;p\n1;2;1.5kg;3\n1;2;;4\n1;2;3kg;\r\n1;2;;5\n"
        );
        // A thousands separator anywhere: commas stay as they are.
        let s = run("s;b;w\n1;2;1,5kg\n1;2;1,500.5kg\n", &[(2, Column::Weight)]);
        assert!(!s.decimal_comma && s.bad.is_empty() && s.points.is_empty());
    }

    #[test]
    fn rows_across_pieces_and_a_record_longer_than_the_buffer_are_judged_whole() {
        use crate::ingest::open::bytes::{PASS_BUFFER, PIECE};
        let mut text = String::from("a;b;c\n");
        let mut rows = 0u64;
        // Full rows up to just before the first piece's end, then a short row across it.
        while text.len() + 6 < PIECE - 3 {
            text.push_str("1;2;3\n");
            rows += 1;
        }
        let across = text.len()..text.len() + 21;
        assert!(across.start < PIECE && across.end > PIECE);
        text.push_str("xxxxxxxxxx;yyyyyyyyyy\n");
        let across_row = rows + 1;
        // A full row longer than the buffer, a decimal comma after it, then a short row.
        text.push_str(&format!("1;{};3\n", "长".repeat(PASS_BUFFER)));
        text.push_str("1;2;1,5kg\n");
        let comma = text.len() - 5;
        text.push_str("zz\n");
        let s = run(&text, &[(2, Column::Weight)]);
        let got: Vec<(Range<usize>, u64)> = s.bad.iter().map(|b| (b.0.clone(), b.1)).collect();
        let last = text.len() - 3..text.len() - 1;
        assert_eq!(got, [(across, across_row), (last, across_row + 3)]);
        assert!(s.decimal_comma);
        assert_eq!(s.points, [comma]);
    }

    /// The cells the survey read for columns `read`, per data row, as text.
    fn cells_of(text: &str, delimiter: u8, read: &[usize]) -> Option<Vec<Vec<String>>> {
        let s = survey(
            &Bytes::Memory(Arc::new(text.as_bytes().to_vec())),
            delimiter,
            0,
            &[],
            &[],
            read,
        )
        .unwrap();
        let c = s.cells_read?;
        let rows = c.codes[0].len();
        Some(
            (0..rows)
                .map(|r| {
                    (c.codes.iter())
                        .map(|col| c.texts.values[col[r] as usize].clone())
                        .collect()
                })
                .collect(),
        )
    }

    #[test]
    fn place_cells_read_by_the_survey_are_the_cells_polars_reads() {
        // Unquoted and quoted cells, a doubled quote, a line end inside a quoted cell of another
        // column, CRLF line ends, an empty line, a short row, a last line with no line end.
        let text = "卖方,买方,物种,重量,卖方所在地,买方所在地\r\n\
                    张三,李四,眼镜蛇,5斤,湖南省怀化市辰溪县,广西\r\n\
                    张三,王五,\"眼镜\n蛇\",5斤,\"湖南,怀化\",\"说\"\"广西\"\"\"\r\n\
                    \r\n\
                    李四,赵六\r\n\
                    李四,赵六,蛇,1kg,,湖南";
        let got = cells_of(text, b',', &[4, 5]).unwrap();
        let want: Vec<Vec<&str>> = vec![
            vec!["湖南省怀化市辰溪县", "广西"],
            vec!["湖南,怀化", "说\"广西\""],
            vec!["", ""],
            vec!["", ""],
            vec!["", "湖南"],
        ];
        assert_eq!(got, want);
        // The same cells found on the fast path (no quote anywhere) and in any column order.
        let plain = "a;b;p;c;d;q\n1;2;湖南;3;4;广西\n\n5;6;;7;8;怀化市辰溪县\n";
        let got = cells_of(plain, b';', &[5, 2]).unwrap();
        assert_eq!(got, [["广西", "湖南"], ["", ""], ["怀化市辰溪县", ""]]);
    }

    #[test]
    fn a_place_cell_with_a_stray_quote_is_left_to_polars() {
        let text = "a,b,c,d,e,p\n1,2,3,4,5,湖\"南\n";
        assert!(cells_of(text, b',', &[5]).is_none());
        // Bytes that are not UTF-8 likewise.
        let s = survey(
            &Bytes::Memory(Arc::new(b"a,b,c,d,e,p\n1,2,3,4,5,\xff\xfe\n".to_vec())),
            b',',
            0,
            &[],
            &[],
            &[5],
        )
        .unwrap();
        assert!(s.cells_read.is_none());
    }

    #[test]
    fn place_cells_across_pieces_and_in_a_record_longer_than_the_buffer_are_read_whole() {
        use crate::ingest::open::bytes::{PASS_BUFFER, PIECE};
        let mut text = String::from("a;b;c;p\n");
        let mut want: Vec<String> = Vec::new();
        let mut k = 0;
        while text.len() < 3 * PIECE {
            let place = format!("湖南省怀化市第{k}村");
            text.push_str(&format!("1;2;3;{place}\n"));
            want.push(place);
            k += 1;
        }
        let long = "长".repeat(PASS_BUFFER);
        text.push_str(&format!("1;{long};3;{long}\n"));
        want.push(long);
        let got = cells_of(&text, b';', &[3]).unwrap();
        let got: Vec<String> = got.into_iter().map(|mut r| r.remove(0)).collect();
        assert_eq!(got, want);
    }
}
