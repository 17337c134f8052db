//! The place cells of delimited text read on every core, beside the survey of the rows: in text
//! with no quote every line is a record, so the text can be cut at line ends into parts read at
//! once (issue 23: read by the survey alone, on one core, two place columns cost 600 ms of the
//! 10 M-row `analyze`). Text with a quote is left to the survey, which reads the cells as it
//! passes.
//!
//! Going on reading them while polars reads the other columns, though polars leaves a core idle
//! about a third of its read, was tried and measured: polars slowed by as much as was saved
//! (10 M rows, `analyze` 5.38 s against 5.27 s, medians of 4 interleaved runs).

use std::ops::Range;

use crate::ingest::error::{Error, Result};

use super::bytes::Bytes;
use super::survey::{CellsRead, MOST_FIELDS, lines, take_cells};

/// The text of a delimited source where its place cells are read: a map of a file, or the bytes
/// in memory.
pub(super) enum Text<'a> {
    Map(memmap2::Mmap),
    Memory(&'a [u8]),
}

impl Text<'_> {
    /// The text of `bytes`, a file mapped.
    ///
    /// # Errors
    /// The file cannot be opened or mapped.
    pub(super) fn of(bytes: &Bytes) -> Result<Text<'_>> {
        match bytes {
            Bytes::Memory(b) => Ok(Text::Memory(b)),
            Bytes::File(p) => {
                let cannot = |doing, error| Error::File {
                    doing,
                    path: p.clone(),
                    error,
                };
                let file = std::fs::File::open(p).map_err(|e| cannot("open", e))?;
                // SAFETY: the map is only read. A file cut short by another program while it is
                // read would fault, as it does under polars, which maps the file the same way.
                let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| cannot("map", e))?;
                Ok(Text::Map(map))
            }
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Text::Map(m) => m,
            Text::Memory(b) => b,
        }
    }

    /// Whether the text holds a quote: then a record may span lines, and the survey reads the
    /// cells as it passes. Found before anything else is read, so that no pass is made twice.
    ///
    /// # Complexity
    /// One search of the bytes, split over the threads; a quote near the start is found at once.
    pub(super) fn quoted(&self) -> bool {
        let b = self.bytes();
        // The first MiB alone first: a quoted file is mostly told by its first lines.
        let head = b.len().min(1 << 20);
        if memchr::memchr(b'"', &b[..head]).is_some() {
            return true;
        }
        let rest = &b[head..];
        let n = crate::parallel::threads(rest.len() / 128);
        let size = rest.len().div_ceil(n).max(1);
        std::thread::scope(|s| {
            let found: Vec<_> = (rest.chunks(size))
                .map(|c| s.spawn(move || memchr::memchr(b'"', c).is_some()))
                .collect();
            found.into_iter().any(crate::parallel::join)
        })
    }

    /// Reads the cells of fields `read` (each below [`MOST_FIELDS`]) of every data row of text
    /// with no quote ([`Text::quoted`]), whose header is line `skip` (from 0), on up to one thread
    /// per core; `None` when a cell is not UTF-8 (polars reads the columns then, see
    /// [`super::survey::Survey::cells_read`]). The codes do not depend on the number of threads:
    /// each part is coded on its own, then the parts' texts are coded in the order of the parts,
    /// which is the order in which the text first gives each.
    ///
    /// # Complexity
    /// One pass over the bytes, split over the threads (the line ends and delimiters 64 bytes at
    /// a time as bit masks), one table lookup per cell; then per part one lookup per distinct
    /// text and one array lookup per cell.
    pub(super) fn cells(&self, delimiter: u8, skip: usize, read: &[usize]) -> Option<CellsRead> {
        debug_assert!(read.iter().all(|&f| f < MOST_FIELDS));
        cells_of(self.bytes(), delimiter, skip, read, None)
    }
}

/// [`Text::cells`] of `text`, in `parts` parts (`None`: one per core, fewer for short text).
fn cells_of(
    text: &[u8],
    delimiter: u8,
    skip: usize,
    read: &[usize],
    parts: Option<usize>,
) -> Option<CellsRead> {
    // The header and the lines before it; the header's fields.
    let mut data = 0usize;
    let mut header = 0usize;
    for _ in 0..=skip {
        let end = memchr::memchr(b'\n', &text[data..]).map_or(text.len(), |e| data + e);
        header = 1 + memchr::memchr_iter(delimiter, &text[data..end]).count();
        data = (end + 1).min(text.len());
    }
    let n = parts.unwrap_or_else(|| crate::parallel::threads((text.len() - data) / 128));
    // Parts end after a line end (the last at the end of the text).
    let mut bounds = vec![data];
    for k in 1..n {
        let at = (data + (text.len() - data) * k / n).max(*bounds.last().unwrap_or(&data));
        let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |e| at + e + 1);
        bounds.push(end);
    }
    bounds.push(text.len());
    let read_part = |r: Range<usize>| part(text, r, delimiter, header, read);
    let got: Vec<Option<CellsRead>> = std::thread::scope(|s| {
        let handles: Vec<_> = (bounds.windows(2).skip(1))
            .map(|w| {
                let r = w[0]..w[1];
                s.spawn(move || read_part(r))
            })
            .collect();
        let mut got = vec![read_part(bounds[0]..bounds[1])];
        got.extend(handles.into_iter().map(crate::parallel::join));
        got
    });
    let mut got = got.into_iter();
    let mut all = got.next()??;
    for g in got {
        let c = g?;
        // The part's codes → the whole's: its texts coded in the order of its codes.
        let map: Vec<u32> = (c.texts.values.iter().enumerate())
            .map(|(k, v)| match k {
                0 => 0,
                _ => all.texts.code(v.as_bytes()).unwrap_or(0),
            })
            .collect();
        for (to, from) in all.codes.iter_mut().zip(&c.codes) {
            to.extend(from.iter().map(|&c| map[c as usize]));
        }
    }
    Some(all)
}

/// The cells of the lines of `text[range]` (whole lines), under a header of `header` fields.
fn part(
    text: &[u8],
    range: Range<usize>,
    delimiter: u8,
    header: usize,
    read: &[usize],
) -> Option<CellsRead> {
    let mut cells = Some(CellsRead::new(read));
    let want = read.iter().max().map_or(0, |&f| f + 1);
    // Whole lines, then a last one with no line end.
    let whole =
        memchr::memrchr(b'\n', &text[range.clone()]).map_or(range.start, |e| range.start + e + 1);
    lines(
        text,
        range.start..whole,
        delimiter,
        want,
        |line, fields, ends| {
            take_cells(&mut cells, text, line, (fields, header), ends, false);
        },
    );
    if whole < range.end {
        let line = whole..range.end;
        let mut ends = Vec::new();
        for (j, &b) in text[line.clone()].iter().enumerate() {
            if b == delimiter {
                ends.push(whole + j);
            }
        }
        let fields = ends.len() + 1;
        ends.truncate(want);
        take_cells(&mut cells, text, line, (fields, header), &ends, false);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::open::survey::survey;
    use std::sync::Arc;

    /// The cells as the survey reads them, one pass on one core.
    fn by_survey(text: &str, delimiter: u8, skip: usize, read: &[usize]) -> Option<CellsRead> {
        let b = Bytes::Memory(Arc::new(text.as_bytes().to_vec()));
        survey(&b, delimiter, skip, &[], &[], read)
            .unwrap()
            .cells_read
    }

    fn same(a: &CellsRead, b: &CellsRead) -> bool {
        a.fields == b.fields && a.codes == b.codes && a.texts.values == b.texts.values
    }

    #[test]
    fn cells_read_in_parts_are_the_cells_the_survey_reads_with_the_same_codes() {
        // Rows of every kind: short, blank, CRLF, empty cells, more fields than the header, a
        // title line before the header, a last line with no line end; places that repeat.
        let places = [
            "湖南省怀化市辰溪县",
            "广西",
            "",
            "怀化",
            "湖南 ",
            "贵州省黔东南苗族侗族自治州凯里市",
        ];
        let mut x = 7u64;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        for trial in 0..40 {
            let mut text = String::from("某案交易表\n卖方;买方;物种;重量;卖方所在地;买方所在地\n");
            let rows = next(200) as usize;
            for r in 0..rows {
                let line = match next(10) {
                    0 => String::new(),
                    1 => format!("张{r};李{r}"),
                    2 => format!(
                        "张{r};李{r};蛇;1斤;{};{};多余",
                        places[next(6) as usize],
                        places[next(6) as usize]
                    ),
                    3 => format!(
                        "张{r};李{r};蛇;1斤;{};{}\r",
                        places[next(6) as usize],
                        places[next(6) as usize]
                    ),
                    _ => format!(
                        "张{r};李{r};蛇;1斤;{};{}",
                        places[next(6) as usize],
                        places[next(6) as usize]
                    ),
                };
                text.push_str(&line);
                if r + 1 < rows || trial % 2 == 0 {
                    text.push('\n');
                }
            }
            for read in [&[4usize, 5][..], &[5, 4], &[1]] {
                let want = by_survey(&text, b';', 1, read).unwrap();
                for parts in 1..=5 {
                    let Some(got) = cells_of(text.as_bytes(), b';', 1, read, Some(parts)) else {
                        panic!("trial {trial}: not read in {parts} parts");
                    };
                    assert!(
                        same(&got, &want),
                        "trial {trial}, {parts} parts, fields {read:?}:\n{got:?}\n{want:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn text_with_a_quote_is_left_to_the_survey_and_bytes_not_utf8_to_polars() {
        let quoted = "a,b,c,d,e,p\n1,2,3,4,5,湖南\n1,2,3,4,5,\"广西\"\n";
        assert!(Text::Memory(quoted.as_bytes()).quoted());
        assert!(!Text::Memory(b"a,b,c,d,e,p\n1,2,3,4,5,x\n").quoted());
        // Past the first MiB, where the search is split over the threads.
        let mut long = "a,b,p\n".to_string() + &"1,2,湖南省怀化市辰溪县\n".repeat(200_000);
        assert!(!Text::Memory(long.as_bytes()).quoted());
        long.push_str("1,2,\"广西\"\n");
        long.push_str(&"1,2,湖南\n".repeat(1000));
        assert!(Text::Memory(long.as_bytes()).quoted());
        let bad = b"a,b,c,d,e,p\n1,2,3,4,5,\xff\xfe\n1,2,3,4,5,x\n";
        for parts in 1..=3 {
            assert!(cells_of(bad, b',', 0, &[5], Some(parts)).is_none());
        }
    }

    #[test]
    fn a_file_is_read_in_place() {
        let dir = std::env::temp_dir().join(format!("wildchain-cells-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("case.csv");
        std::fs::write(&p, "卖方,买方,所在地\n张三,李四,湖南\n王五,赵六,广西\n").unwrap();
        let bytes = Bytes::File(p);
        let text = Text::of(&bytes).unwrap();
        assert!(!text.quoted());
        let c = text.cells(b',', 0, &[2]).expect("read");
        assert_eq!(c.texts.values, ["", "湖南", "广西"]);
        assert_eq!(c.codes, [vec![1, 2]]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
