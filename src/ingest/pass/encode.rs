//! Dictionary encoding of text columns: every distinct cell is kept once and every row gets a u32
//! code, so that the rest of ingest parses, trims and names each distinct cell once and works on
//! integers per row. Case files repeat a few thousand names, dates and weights millions of times.
//!
//! Polars keeps strings as 16-byte views; a string of up to 12 bytes (four Chinese characters, a
//! date, `120斤`) lives inside its view, zero-padded, so the view itself is its key and no string is
//! touched. Longer strings (most party names) are hashed by their bytes and compared in 8-byte
//! words. Both tables are small open-addressing tables of our own: this lookup runs once per cell
//! (60 M times for 10 M rows), and a general hash map with a `memcmp` call per hit took a third of
//! the time of reading the file.

use polars::prelude::*;
use polars_arrow::array::{Array, View};

use crate::ingest::open::texts::{InlineTable, LongTable, hash_bytes, inline_key};

/// Codes of one column and its distinct values. Code 0 is always the empty cell (`""` or null).
#[derive(Debug, Clone)]
pub struct Dict {
    /// Distinct values by code; `values[0]` is `""`.
    pub values: Vec<String>,
    /// How many cells have each code.
    pub counts: Vec<u64>,
    inline: InlineTable,
    long: LongTable,
}

impl Default for Dict {
    fn default() -> Dict {
        Dict::new()
    }
}

impl Dict {
    pub fn new() -> Dict {
        Dict {
            values: vec![String::new()],
            counts: vec![0],
            inline: InlineTable::new(),
            long: LongTable::new(),
        }
    }

    /// Appends the codes of every cell of `column` to `codes`.
    ///
    /// # Complexity
    /// One table lookup per cell; one allocation per distinct value.
    pub fn encode(&mut self, column: &StringChunked, codes: &mut Vec<u32>) {
        codes.reserve(column.len());
        // Cells go in blocks: the hashes of a block are computed and their table slots fetched
        // first, so that the cache misses of a block overlap instead of following each other.
        const BLOCK: usize = 32;
        let mut hashes = [0u64; BLOCK];
        for arr in column.downcast_iter() {
            let views = arr.views();
            let validity = arr.validity();
            let n = views.len();
            let mut start = 0;
            while start < n {
                let end = (start + BLOCK).min(n);
                for i in start..end {
                    let v = &views[i];
                    if v.length > View::MAX_INLINE_SIZE {
                        // SAFETY: i < arr.len().
                        let s = unsafe { arr.value_unchecked(i) };
                        let h = hash_bytes(s.as_bytes());
                        hashes[i - start] = h;
                        self.long.prefetch(h);
                    }
                }
                for i in start..end {
                    if views[i].length > View::MAX_INLINE_SIZE {
                        self.long.prefetch_bytes(hashes[i - start]);
                    }
                }
                for i in start..end {
                    let v = &views[i];
                    if v.length == 0 || validity.is_some_and(|b| !b.get_bit(i)) {
                        codes.push(0);
                        self.counts[0] += 1;
                        continue;
                    }
                    let values = &mut self.values;
                    let code = if v.length <= View::MAX_INLINE_SIZE {
                        self.inline.code(v.as_u128(), || {
                            // SAFETY: i < arr.len().
                            values.push(unsafe { arr.value_unchecked(i) }.to_string());
                            values.len() as u32 - 1
                        })
                    } else {
                        // SAFETY: i < arr.len().
                        let s = unsafe { arr.value_unchecked(i) };
                        self.long.code(hashes[i - start], s.as_bytes(), || {
                            values.push(s.to_string());
                            values.len() as u32 - 1
                        })
                    };
                    codes.push(code);
                    if code as usize >= self.counts.len() {
                        self.counts.push(0);
                    }
                    self.counts[code as usize] += 1;
                }
                start = end;
            }
        }
    }

    /// The number of distinct values (the empty one included).
    pub fn len(&self) -> usize {
        self.values.len()
    }
}

impl Dict {
    /// Appends to `codes` the codes of cells coded elsewhere: `local[i]` indexes `values`, whose
    /// entry 0 is the empty cell ([`Texts`]). `local` is recoded in place and becomes `codes` when
    /// `codes` is empty: no second array of a code per row is written.
    ///
    /// # Complexity
    /// One table lookup per distinct value, one array lookup per cell.
    pub fn absorb(&mut self, values: &[String], mut local: Vec<u32>, codes: &mut Vec<u32>) {
        let map: Vec<u32> = (values.iter().enumerate())
            .map(|(k, v)| if k == 0 { 0 } else { self.code_of(v) })
            .collect();
        for c in &mut local {
            let g = map[*c as usize];
            *c = g;
            self.counts[g as usize] += 1;
        }
        if codes.is_empty() {
            *codes = local;
        } else {
            codes.extend_from_slice(&local);
        }
    }

    /// The code of a non-empty value, given one if it is new.
    fn code_of(&mut self, v: &str) -> u32 {
        let values = &mut self.values;
        let b = v.as_bytes();
        let code = match inline_key(b) {
            Some(key) => self.inline.code(key, || {
                values.push(v.to_string());
                values.len() as u32 - 1
            }),
            None => self.long.code(hash_bytes(b), b, || {
                values.push(v.to_string());
                values.len() as u32 - 1
            }),
        };
        if code as usize >= self.counts.len() {
            self.counts.push(0);
        }
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row counts per code.
    pub fn counts(codes: &[u32], n: usize) -> Vec<u64> {
        let mut c = vec![0u64; n];
        for &x in codes {
            c[x as usize] += 1;
        }
        c
    }

    #[test]
    fn equal_cells_get_equal_codes_short_or_long_and_empty_is_zero() {
        let long = "一个很长很长的名字超过十二个字节";
        let col = StringChunked::new(
            "x".into(),
            &[
                Some("朱某某"),
                None,
                Some(long),
                Some(""),
                Some("朱某某"),
                Some(long),
                Some("a"),
            ],
        );
        let mut d = Dict::new();
        let mut codes = Vec::new();
        d.encode(&col, &mut codes);
        assert_eq!(codes, [1, 0, 2, 0, 1, 2, 3]);
        assert_eq!(d.values, ["", "朱某某", long, "a"]);
        // A second column shares the dictionary.
        let more = StringChunked::new("y".into(), &[Some("a"), Some("b")]);
        d.encode(&more, &mut codes);
        assert_eq!(&codes[7..], [3, 4]);
        assert_eq!(counts(&codes, d.len()), [2, 2, 2, 2, 1]);
        assert_eq!(d.counts, [2, 2, 2, 2, 1]);
    }

    #[test]
    fn thousands_of_values_survive_the_tables_growing() {
        // Short and long values, each seen twice, in an order that collides in small tables.
        let values: Vec<String> = (0..5000)
            .map(|i| {
                if i % 2 == 0 {
                    format!("w{i}")
                } else {
                    format!("一个很长的名字{i:08}")
                }
            })
            .collect();
        let cells: Vec<Option<&str>> = values
            .iter()
            .chain(values.iter().rev())
            .map(|s| Some(s.as_str()))
            .collect();
        let mut d = Dict::new();
        let mut codes = Vec::new();
        d.encode(&StringChunked::new("x".into(), &cells), &mut codes);
        assert_eq!(d.len(), 5001);
        for (k, &c) in codes.iter().enumerate() {
            assert_eq!(d.values[c as usize], cells[k].unwrap());
        }
    }
}
