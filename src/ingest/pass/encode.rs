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
    /// entry 0 is the empty cell ([`Texts`]).
    ///
    /// # Complexity
    /// One table lookup per distinct value, one array lookup per cell.
    pub fn absorb(&mut self, values: &[String], local: &[u32], codes: &mut Vec<u32>) {
        let map: Vec<u32> = (values.iter().enumerate())
            .map(|(k, v)| if k == 0 { 0 } else { self.code_of(v) })
            .collect();
        codes.reserve(local.len());
        for &c in local {
            let g = map[c as usize];
            codes.push(g);
            self.counts[g as usize] += 1;
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

/// The key a string of 1 to 12 bytes has in [`InlineTable`]: polars' view of it (its length, then
/// its bytes, zero-padded), so that a value coded from bytes and one coded from a view get one
/// code.
#[inline(always)]
fn inline_key(b: &[u8]) -> Option<u128> {
    if b.is_empty() || b.len() > View::MAX_INLINE_SIZE as usize {
        return None;
    }
    let mut bytes = [0u8; 16];
    bytes[..4].copy_from_slice(&(b.len() as u32).to_le_bytes());
    bytes[4..4 + b.len()].copy_from_slice(b);
    Some(u128::from_le_bytes(bytes))
}

/// The distinct texts of cells read as bytes, outside polars (the place cells the survey of the
/// rows reads as it passes: see `ingest::open::survey`): code 0 is the empty cell, and each
/// distinct text is checked for UTF-8 once.
#[derive(Debug, Clone)]
pub struct Texts {
    /// Distinct values by code; `values[0]` is `""`.
    pub values: Vec<String>,
    inline: InlineTable,
    long: LongTable,
}

impl Default for Texts {
    fn default() -> Texts {
        Texts {
            values: vec![String::new()],
            inline: InlineTable::new(),
            long: LongTable::new(),
        }
    }
}

impl Texts {
    /// The code of `b`; `None` when the bytes are not UTF-8 (after which the table is not to be
    /// used: the bytes were given code 0).
    ///
    /// # Complexity
    /// One table lookup; a UTF-8 check and an allocation per distinct value.
    #[inline]
    pub fn code(&mut self, b: &[u8]) -> Option<u32> {
        if b.is_empty() {
            return Some(0);
        }
        let values = &mut self.values;
        let mut ok = true;
        let mut new = || match std::str::from_utf8(b) {
            Ok(s) => {
                values.push(s.to_string());
                values.len() as u32 - 1
            }
            Err(_) => {
                ok = false;
                0
            }
        };
        let code = match inline_key(b) {
            Some(key) => self.inline.code(key, &mut new),
            None => self.long.code(hash_bytes(b), b, &mut new),
        };
        ok.then_some(code)
    }
}

/// Multiplies two words into 128 bits and folds the halves: every bit of the result depends on
/// every bit of both (the mixing step of wyhash and foldhash).
#[inline(always)]
fn mum(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

const K1: u64 = 0xA076_1D64_78BD_642F;
const K2: u64 = 0xE703_7ED1_A0B4_28DB;

/// Views of inline strings (never 0: their length is at least 1) → codes.
#[derive(Debug, Clone)]
struct InlineTable {
    keys: Vec<u128>,
    codes: Vec<u32>,
    len: usize,
}

impl InlineTable {
    fn new() -> InlineTable {
        InlineTable {
            keys: vec![0; 64],
            codes: vec![0; 64],
            len: 0,
        }
    }

    #[inline(always)]
    fn slot(&self, key: u128) -> usize {
        (mum((key as u64) ^ K1, ((key >> 64) as u64) ^ K2) as usize) & (self.keys.len() - 1)
    }

    /// The code of `key`, calling `new` (which returns the code to give it) when it is new.
    #[inline(always)]
    fn code(&mut self, key: u128, new: impl FnOnce() -> u32) -> u32 {
        let mask = self.keys.len() - 1;
        let mut s = self.slot(key);
        loop {
            let k = self.keys[s];
            if k == key {
                return self.codes[s];
            }
            if k == 0 {
                let c = new();
                self.keys[s] = key;
                self.codes[s] = c;
                self.len += 1;
                if self.len * 2 > self.keys.len() {
                    self.grow();
                }
                return c;
            }
            s = (s + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let n = self.keys.len() * 2;
        let keys = std::mem::replace(&mut self.keys, vec![0; n]);
        let codes = std::mem::replace(&mut self.codes, vec![0; n]);
        let mask = self.keys.len() - 1;
        for (k, c) in keys.into_iter().zip(codes) {
            if k != 0 {
                let mut s = self.slot(k);
                while self.keys[s] != 0 {
                    s = (s + 1) & mask;
                }
                self.keys[s] = k;
                self.codes[s] = c;
            }
        }
    }
}

/// Strings longer than 12 bytes → codes: each slot holds a string's hash, where its bytes are in
/// one arena, its length and its code, so a lookup touches one slot and the bytes it verifies.
#[derive(Debug, Clone)]
struct LongTable {
    slots: Vec<LongSlot>,
    len: usize,
    arena: Vec<u8>,
}

#[derive(Debug, Clone, Copy, Default)]
struct LongSlot {
    hash: u64,
    start: u32,
    len: u32,
    /// Code + 1 (0: an empty slot).
    code: u32,
}

/// The `k`-th 8-byte word of `b` (at least 8 bytes long); the last word is the last 8 bytes, so it
/// may overlap the one before it.
#[inline(always)]
fn word(b: &[u8], k: usize) -> u64 {
    let at = (k * 8).min(b.len() - 8);
    // One unaligned load: indexing the eight bytes one by one cost eight bounds checks.
    let bytes: [u8; 8] = b[at..at + 8].try_into().expect("eight bytes");
    u64::from_le_bytes(bytes)
}

/// A hash of bytes (at least 8), 8 at a time.
#[inline(always)]
fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = b.len() as u64 ^ K1;
    for k in 0..b.len().div_ceil(8) {
        h = mum(h ^ word(b, k), K2);
    }
    h
}

/// Equal bytes (of equal length, at least 8), compared 8 at a time.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    (0..a.len().div_ceil(8)).all(|k| word(a, k) == word(b, k))
}

impl LongTable {
    fn new() -> LongTable {
        LongTable {
            slots: vec![LongSlot::default(); 64],
            len: 0,
            arena: Vec::new(),
        }
    }

    /// Brings the slot a hash starts probing at into cache.
    #[inline(always)]
    fn prefetch(&self, h: u64) {
        crate::sort::prefetch(&self.slots, (h as usize) & (self.slots.len() - 1));
    }

    /// Brings the bytes of the string in the slot a hash starts probing at into cache.
    #[inline(always)]
    fn prefetch_bytes(&self, h: u64) {
        let slot = &self.slots[(h as usize) & (self.slots.len() - 1)];
        if slot.code != 0 {
            crate::sort::prefetch(&self.arena, slot.start as usize);
        }
    }

    /// The code of `bytes` (whose hash is `h`), calling `new` (which returns the code to give
    /// it) when it is new.
    #[inline(always)]
    fn code(&mut self, h: u64, bytes: &[u8], new: impl FnOnce() -> u32) -> u32 {
        let mask = self.slots.len() - 1;
        let mut s = (h as usize) & mask;
        loop {
            let slot = self.slots[s];
            if slot.code == 0 {
                let c = new();
                let start = self.arena.len() as u32;
                self.arena.extend_from_slice(bytes);
                self.slots[s] = LongSlot {
                    hash: h,
                    start,
                    len: bytes.len() as u32,
                    code: c + 1,
                };
                self.len += 1;
                if self.len * 2 > self.slots.len() {
                    self.grow();
                }
                return c;
            }
            if slot.hash == h
                && slot.len as usize == bytes.len()
                && same_bytes(
                    &self.arena[slot.start as usize..(slot.start + slot.len) as usize],
                    bytes,
                )
            {
                return slot.code - 1;
            }
            s = (s + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![LongSlot::default(); n]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.code != 0) {
            let mut s = (slot.hash as usize) & mask;
            while self.slots[s].code != 0 {
                s = (s + 1) & mask;
            }
            self.slots[s] = slot;
        }
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
