//! Hash tables of distinct texts, for coding cells: [`InlineTable`] keys a text of up to 12 bytes
//! by polars' 16-byte view of it, [`LongTable`] a longer one by its hash and bytes (one arena);
//! [`Texts`] codes cells read as bytes (the place cells the survey reads). The pass's dictionary
//! of columns read by polars (`pass::encode::Dict`) is built on the same tables, so that a text
//! coded either way gets one code.

use polars_arrow::array::View;

/// The key a string of 1 to 12 bytes has in [`InlineTable`]: polars' view of it (its length, then
/// its bytes, zero-padded), so that a value coded from bytes and one coded from a view get one
/// code.
#[inline(always)]
pub(crate) fn inline_key(b: &[u8]) -> Option<u128> {
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
pub(crate) struct Texts {
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
const K3: u64 = 0x8EBC_6AF0_9C88_C6E3;
const K4: u64 = 0x5899_65CC_7537_4CC3;

/// Views of inline strings (never 0: their length is at least 1) → codes.
#[derive(Debug, Clone)]
pub(crate) struct InlineTable {
    keys: Vec<u128>,
    codes: Vec<u32>,
    len: usize,
}

impl InlineTable {
    pub(crate) fn new() -> InlineTable {
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
    pub(crate) fn code(&mut self, key: u128, new: impl FnOnce() -> u32) -> u32 {
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
pub(crate) struct LongTable {
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

/// A hash of bytes (at least 8). Up to 32 bytes (most names and places: a Chinese character is 3),
/// the first and last words are mixed in two independent pairs, so that the multiplications
/// overlap instead of waiting on each other; longer texts 8 bytes at a time.
#[inline(always)]
pub(crate) fn hash_bytes(b: &[u8]) -> u64 {
    let n = b.len();
    let len = n as u64;
    if n <= 16 {
        return mum(word(b, 0) ^ K1 ^ len, word(b, 1) ^ K2);
    }
    if n <= 32 {
        let front = mum(word(b, 0) ^ K1, word(b, 1) ^ K2);
        let back = mum(word_at(b, n - 16) ^ K3, word_at(b, n - 8) ^ K4);
        return mum(front ^ len, back ^ K1);
    }
    let mut h = len ^ K1;
    for k in 0..n.div_ceil(8) {
        h = mum(h ^ word(b, k), K2);
    }
    h
}

/// The 8 bytes of `b` from `at` (at most `b.len() - 8`).
#[inline(always)]
fn word_at(b: &[u8], at: usize) -> u64 {
    let bytes: [u8; 8] = b[at..at + 8].try_into().expect("eight bytes");
    u64::from_le_bytes(bytes)
}

/// Equal bytes (of equal length, at least 8), compared 8 at a time.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    (0..a.len().div_ceil(8)).all(|k| word(a, k) == word(b, k))
}

impl LongTable {
    pub(crate) fn new() -> LongTable {
        LongTable {
            slots: vec![LongSlot::default(); 64],
            len: 0,
            arena: Vec::new(),
        }
    }

    /// Brings the slot a hash starts probing at into cache.
    #[inline(always)]
    pub(crate) fn prefetch(&self, h: u64) {
        crate::sort::prefetch(&self.slots, (h as usize) & (self.slots.len() - 1));
    }

    /// Brings the bytes of the string in the slot a hash starts probing at into cache.
    #[inline(always)]
    pub(crate) fn prefetch_bytes(&self, h: u64) {
        let slot = &self.slots[(h as usize) & (self.slots.len() - 1)];
        if slot.code != 0 {
            crate::sort::prefetch(&self.arena, slot.start as usize);
        }
    }

    /// The code of `bytes` (whose hash is `h`), calling `new` (which returns the code to give
    /// it) when it is new.
    #[inline(always)]
    pub(crate) fn code(&mut self, h: u64, bytes: &[u8], new: impl FnOnce() -> u32) -> u32 {
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
