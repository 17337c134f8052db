//! Stage timings on stderr when `WILDCHAIN_TIMINGS` is set (where the time of a run goes, for
//! profiling on real data without a profiler), and a progress line on stderr for runs longer than
//! a second when stderr is a terminal.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The stage running now, shown by the progress line.
static CURRENT: Mutex<String> = Mutex::new(String::new());
/// True while the progress line may be on screen.
static SHOWING: AtomicBool = AtomicBool::new(false);

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("WILDCHAIN_TIMINGS").is_some())
}

/// Runs `f`, printing `name: N ms` to stderr when timings are enabled.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if let Ok(mut c) = CURRENT.lock() {
        c.clear();
        c.push_str(name);
    }
    if !enabled() {
        return f();
    }
    let (t, cpu) = (Instant::now(), process_cpu());
    let out = f();
    eprintln!(
        "wildchain: timing: {name}: {:.0} ms{}{}",
        t.elapsed().as_secs_f64() * 1000.0,
        cpu_since(cpu),
        resident()
    );
    out
}

/// The user and system CPU time of the whole process so far (all threads; zero where the
/// platform does not say).
fn process_cpu() -> (Duration, Duration) {
    #[cfg(unix)]
    {
        // SAFETY: getrusage writes one rusage, which we own; all-zero is a valid rusage.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: as above.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } == 0 {
            let d = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
            return (d(u.ru_utime), d(u.ru_stime));
        }
    }
    (Duration::ZERO, Duration::ZERO)
}

/// `, CPU user U + system S ms`: what all threads used since `start`. The system part is mostly
/// the kernel handing out fresh memory, whose cost varies two-fold between identical runs on a
/// virtual machine; the user part is the program's own work and varies far less.
fn cpu_since(start: (Duration, Duration)) -> String {
    let (u, s) = process_cpu();
    if u.is_zero() && s.is_zero() {
        return String::new();
    }
    format!(
        ", CPU user {} + system {} ms",
        u.saturating_sub(start.0).as_millis(),
        s.saturating_sub(start.1).as_millis()
    )
}

/// Prints the time from its creation to its drop, when timings are enabled.
pub struct Timer {
    name: String,
    start: Option<(Instant, (Duration, Duration))>,
}

impl Timer {
    pub fn new(name: &str) -> Timer {
        Timer {
            name: name.to_string(),
            start: enabled().then(|| (Instant::now(), process_cpu())),
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some((t, cpu)) = self.start {
            eprintln!(
                "wildchain: timing: {}: {:.0} ms{}{}",
                self.name,
                t.elapsed().as_secs_f64() * 1000.0,
                cpu_since(cpu),
                resident()
            );
        }
    }
}

/// Clears the progress line, if one is shown, so that a message can be printed on stderr.
pub fn clear_line() {
    if SHOWING.load(Ordering::SeqCst) {
        eprint!("\r\x1b[2K");
    }
}

/// A progress line on stderr: after one second, the running stage and the elapsed time, redrawn
/// four times a second, until dropped. Nothing is shown when stderr is not a terminal.
pub struct Progress {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub fn start() -> Progress {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let t = Instant::now();
                while !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(250));
                    if t.elapsed() < Duration::from_secs(1) || stop.load(Ordering::SeqCst) {
                        continue;
                    }
                    let stage = CURRENT.lock().map(|c| c.clone()).unwrap_or_default();
                    SHOWING.store(true, Ordering::SeqCst);
                    let mut err = std::io::stderr().lock();
                    let _ = write!(
                        err,
                        "\r\x1b[2Kwildchain: {stage} … {:.1} s",
                        t.elapsed().as_secs_f64()
                    );
                    let _ = err.flush();
                }
            })
        });
        Progress { stop, thread }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        clear_line();
        SHOWING.store(false, Ordering::SeqCst);
    }
}

/// The CPU time this thread has used so far (zero where the platform does not say).
pub fn thread_cpu() -> Duration {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes one timespec, which we own.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0 {
            return Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
        }
    }
    Duration::ZERO
}

/// Reports the CPU time a piece of work used on its thread (with `WILDCHAIN_TIMINGS=1`), which
/// other programs on a busy machine do not inflate as they do wall time.
pub fn cpu_stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let t = thread_cpu();
    let out = f();
    clear_line();
    eprintln!(
        "wildchain: timing: {name}: {} ms CPU",
        (thread_cpu() - t).as_millis()
    );
    out
}

/// Prints `peak memory: N KiB` to stderr when timings are enabled: the high-water mark of this
/// process's resident memory (`VmHWM`, Linux). Unlike a parent's `wait4` figure, it is the
/// process's own: Linux carries a spawning parent's peak over into a child's `ru_maxrss` across
/// `exec`.
pub fn peak_memory() {
    if !enabled() {
        return;
    }
    if let Some((_, kib)) = memory_kib() {
        eprintln!("wildchain: timing: peak memory: {kib} KiB");
    }
}

/// This process's resident memory now and its high-water mark so far, in KiB (`VmRSS` and
/// `VmHWM` of `/proc/self/status`; `None` where the platform does not say).
pub fn memory_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// `, RSS N MB (peak M MB)`: the resident memory after a stage and the peak so far, which the
/// timings print after each stage's time (empty where the platform does not say). Where memory
/// goes stage by stage is read from these: the peak of one stage is the most it held at once.
fn resident() -> String {
    match memory_kib() {
        Some((rss, hwm)) => format!(", RSS {} MB (peak {} MB)", rss / 1024, hwm / 1024),
        None => String::new(),
    }
}
