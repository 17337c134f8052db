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

/// Prints the time from its creation to its drop, when timings are enabled.
pub struct Timer {
    name: String,
    start: Option<Instant>,
}

impl Timer {
    pub fn new(name: &str) -> Timer {
        Timer {
            name: name.to_string(),
            start: enabled().then(Instant::now),
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(t) = self.start {
            eprintln!(
                "wildchain: timing: {}: {:.0} ms",
                self.name,
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
