//! How work on records is split over threads: one knob for polars' threads and ours.

/// How many threads to split `rows` records over: one per core, or `POLARS_MAX_THREADS` when set
/// (one knob for polars' threads and ours), at most 8, and fewer for small inputs, where a thread
/// costs more than it saves. Results never depend on it.
pub fn threads(rows: usize) -> usize {
    let cores = std::env::var("POLARS_MAX_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    cores.clamp(1, 8).min(rows / 32_768 + 1)
}

/// The result of a scoped thread, its panic raised again on this thread (rather than taken for a
/// result: a piece that panicked is never read as empty).
pub fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
