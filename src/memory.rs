//! The allocator's settings: the system's allocator, with glibc's threshold for mapping large
//! blocks kept at its default.
//!
//! Large blocks are not advised to use transparent huge pages (`madvise(MADV_HUGEPAGE)`), though
//! an earlier version did (0.93× at 10 M rows when it was measured). Measured again on the same
//! 2-core virtual machine with its page cache full of case files, the advice made every run
//! slower and far less steady: at 10 M rows `totals` took 4.5–5.0 s with it and 3.3–3.9 s
//! without, `analyze` 5.3–6.2 s against 4.2–4.3 s; the system time went from 1.6–2.0 s to
//! 2.9–4.9 s, since a huge page is zeroed whole on its first touch and the host backs it whole,
//! whatever part of it the block uses. At 1 M rows the two were equal.

/// Keeps glibc's threshold for giving large blocks their own mapping at its default (128 KiB),
/// instead of letting it rise to the size of the largest block freed so far.
///
/// glibc raises the threshold each time a mapped block is freed; after one 2 MiB buffer is freed
/// early (a pass over the input), every later block up to that size comes from the heap, and the
/// memory of such blocks stays resident after they are freed: the report's peak on 1 M rows was
/// 365 MB with the rising threshold and 239 MB with it kept, in the same time. Called once, first
/// thing in `main`.
pub fn keep_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; no block is touched.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
    }
}
