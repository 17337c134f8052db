//! Grouping millions of records by integer keys without hash tables: a least-significant-digit
//! radix sort of `(key, record)` pairs. Each pass streams the pairs once, so grouping 10 M records
//! into 1.5 M groups costs a few sequential passes instead of 10 M cache misses in a hash table
//! of groups. The sort is stable: records with equal keys stay in record order.

/// Bits per pass: 2048 buckets, whose write positions stay in cache.
const DIGIT: u32 = 11;

/// The number of bits needed to hold values below `n` (at least 1).
pub fn bits_for(n: usize) -> u32 {
    (usize::BITS - n.saturating_sub(1).leading_zeros()).max(1)
}

/// How far ahead of a walk over sorted pairs to prefetch the records it will read: the records of
/// one group are scattered over the columns, and fetching them ahead overlaps the cache misses.
pub const AHEAD: usize = 16;

/// Asks the processor to bring `v[i]` into cache (a hint: never faults, does nothing elsewhere).
#[inline(always)]
pub fn prefetch<T>(v: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if i < v.len() {
        // SAFETY: a prefetch reads nothing and cannot fault; the address is inside `v`.
        #[allow(unused_unsafe)]
        unsafe {
            core::arch::x86_64::_mm_prefetch(
                v.as_ptr().add(i).cast::<i8>(),
                core::arch::x86_64::_MM_HINT_T0,
            );
        }
    }
}

/// Sorts `items` by `key` (stable), where every key is below `2^key_bits`.
///
/// # Complexity
/// O(n · ⌈key_bits / 11⌉) time, n extra items of memory; passes over a digit that every key
/// shares are skipped.
pub fn radix_sort_by<T: Copy + Default>(
    items: &mut Vec<T>,
    key: impl Fn(&T) -> u64,
    key_bits: u32,
) {
    let n = items.len();
    if n <= 64 {
        items.sort_by_key(&key);
        return;
    }
    let passes = key_bits.div_ceil(DIGIT) as usize;
    let buckets = 1usize << DIGIT;
    let mask = (buckets - 1) as u64;
    let mut hist = vec![0usize; passes * buckets];
    for it in items.iter() {
        let k = key(it);
        for p in 0..passes {
            hist[p * buckets + ((k >> (p as u32 * DIGIT)) & mask) as usize] += 1;
        }
    }
    let mut other: Vec<T> = Vec::new();
    let mut in_items = true;
    for p in 0..passes {
        let h = &hist[p * buckets..(p + 1) * buckets];
        if h.contains(&n) {
            continue;
        }
        if other.is_empty() {
            other = vec![T::default(); n];
        }
        let mut next = vec![0usize; buckets];
        let mut sum = 0;
        for (d, &c) in h.iter().enumerate() {
            next[d] = sum;
            sum += c;
        }
        let shift = p as u32 * DIGIT;
        let (src, dst) = if in_items {
            (&items[..], &mut other[..])
        } else {
            (&other[..], &mut items[..])
        };
        for it in src {
            let d = ((key(it) >> shift) & mask) as usize;
            dst[next[d]] = *it;
            next[d] += 1;
        }
        in_items = !in_items;
    }
    if !in_items {
        std::mem::swap(items, &mut other);
    }
}

/// Sorts `(key, record)` pairs by key (stable), where every key is below `2^key_bits`.
pub fn radix_sort(items: &mut Vec<(u64, u32)>, key_bits: u32) {
    radix_sort_by(items, |p| p.0, key_bits);
}

/// Sorts packed `key << shift | payload` values by key (stable), where every key is below
/// `2^key_bits` and `shift + key_bits <= 64`: the payload rides along at no cost.
pub fn radix_sort_packed(items: &mut Vec<u64>, shift: u32, key_bits: u32) {
    radix_sort_by(items, |v| v >> shift, key_bits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_key_and_keeps_record_order_within_a_key() {
        let mut state = 12345u64;
        let mut items: Vec<(u64, u32)> = (0..10_000u32)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 20) % 5000, i)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|p| p.0);
        radix_sort(&mut items, bits_for(5000));
        assert_eq!(items, expected);
        // Wide keys, and keys sharing their low digits.
        let mut wide: Vec<(u64, u32)> = (0..1000u32)
            .map(|i| (u64::from(999 - i) << 40, i))
            .collect();
        radix_sort(&mut wide, 50);
        assert!(wide.windows(2).all(|w| w[0].0 <= w[1].0));
        assert_eq!(wide[0], (0, 999));
    }

    #[test]
    fn packed_values_sort_by_their_high_half_keeping_payload_order() {
        let mut v: Vec<u64> = (0..5000u64).map(|i| ((i * 7919 % 300) << 32) | i).collect();
        let mut expected = v.clone();
        expected.sort_by_key(|x| x >> 32);
        radix_sort_packed(&mut v, 32, bits_for(300));
        assert_eq!(v, expected);
    }

    #[test]
    fn bits_hold_every_value_below_n() {
        assert_eq!(bits_for(0), 1);
        assert_eq!(bits_for(1), 1);
        assert_eq!(bits_for(2), 1);
        assert_eq!(bits_for(3), 2);
        assert_eq!(bits_for(1024), 10);
        assert_eq!(bits_for(1025), 11);
    }
}
