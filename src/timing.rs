//! Stage timings on stderr when `WILDCHAIN_TIMINGS` is set: where the time of a run goes, for
//! profiling on real data without a profiler.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("WILDCHAIN_TIMINGS").is_some())
}

/// Runs `f`, printing `name: N ms` to stderr when timings are enabled.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let t = Instant::now();
    let out = f();
    eprintln!(
        "wildchain: timing: {name}: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    out
}
