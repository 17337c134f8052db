//! Dictionary encoding of text columns: every distinct cell is kept once and every row gets a u32
//! code, so that the rest of ingest parses, trims and names each distinct cell once and works on
//! integers per row. Case files repeat a few thousand names, dates and weights millions of times.
//!
//! Polars keeps strings as 16-byte views; a string of up to 12 bytes (four Chinese characters, a
//! date, `120斤`) lives inside its view, zero-padded, so the view itself is its hash key and no
//! string is touched. Longer strings are hashed by their bytes.

use foldhash::HashMap;
use polars::prelude::*;
use polars_arrow::array::{Array, View};

/// Codes of one column and its distinct values. Code 0 is always the empty cell (`""` or null).
#[derive(Debug, Clone, Default)]
pub struct Dict {
    /// Distinct values by code; `values[0]` is `""`.
    pub values: Vec<String>,
    inline: HashMap<u128, u32>,
    long: HashMap<String, u32>,
}

impl Dict {
    pub fn new() -> Dict {
        Dict {
            values: vec![String::new()],
            ..Dict::default()
        }
    }

    /// Appends the codes of every cell of `column` to `codes`.
    ///
    /// # Complexity
    /// One hash lookup per cell; one allocation per distinct value.
    pub fn encode(&mut self, column: &StringChunked, codes: &mut Vec<u32>) {
        codes.reserve(column.len());
        for arr in column.downcast_iter() {
            let views = arr.views();
            let validity = arr.validity();
            for (i, v) in views.iter().enumerate() {
                if v.length == 0 || validity.is_some_and(|b| !b.get_bit(i)) {
                    codes.push(0);
                    continue;
                }
                let code = if v.length <= View::MAX_INLINE_SIZE {
                    let key = v.as_u128();
                    match self.inline.get(&key) {
                        Some(&c) => c,
                        None => {
                            let c = self.values.len() as u32;
                            // SAFETY: i < arr.len().
                            let s = unsafe { arr.value_unchecked(i) };
                            self.values.push(s.to_string());
                            self.inline.insert(key, c);
                            c
                        }
                    }
                } else {
                    // SAFETY: i < arr.len().
                    let s = unsafe { arr.value_unchecked(i) };
                    match self.long.get(s) {
                        Some(&c) => c,
                        None => {
                            let c = self.values.len() as u32;
                            self.values.push(s.to_string());
                            self.long.insert(s.to_string(), c);
                            c
                        }
                    }
                };
                codes.push(code);
            }
        }
    }

    /// The number of distinct values (the empty one included).
    pub fn len(&self) -> usize {
        self.values.len()
    }
}

/// Row counts per code.
pub fn counts(codes: &[u32], n: usize) -> Vec<u64> {
    let mut c = vec![0u64; n];
    for &x in codes {
        c[x as usize] += 1;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
