//! Renderers: tables for people, JSON and CSV for scripts, DOT for pictures. Every renderer writes
//! to any `io::Write` and reads its settings (format, language, unit, CSV mode) from one
//! [`Style`] the command line builds once.

pub mod balance;
pub mod chains;
pub mod csv;
pub mod disrupt;
pub mod dot;
pub mod errors;
pub mod export;
pub mod html;
pub mod json;
pub mod lang;
pub mod leads;
pub mod links;
pub mod near;
pub mod networks;
pub mod note;
pub mod parties;
pub mod places;
pub mod players;
pub mod reason;
pub mod report;
pub mod species;
pub mod style;
pub mod summary;
pub mod table;
pub mod terminal;
pub mod totals;
pub mod trace;
pub mod validate;
pub mod value;
pub mod warnings;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use petgraph::graph::NodeIndex;

use crate::graph::SupplyGraph;
use crate::units::MassUnit;

pub use style::Style;
pub use table::{Cell, Col, Sheet};

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for people, weights in `--unit`.
    Table,
    /// JSON for scripts, weights in kg, unrounded.
    Json,
    /// CSV for spreadsheets and scripts, weights in kg, unrounded.
    Csv,
    /// A Graphviz DOT diagram (upstream, downstream, chains and dot).
    Dot,
}

/// Where a command writes: standard output, or a file written under a temporary name next to it
/// and renamed onto it by [`Output::finish`], so that the file is never half-written (an error or
/// Ctrl-C leaves the old file, or none) and a reader of the old file is never cut short. A
/// symlink is written through (the temporary file beside its target); `-` and `/dev/stdout` are
/// standard output; special files (a pipe, `/dev/full`) are written in place.
pub struct Output {
    out: BufWriter<Box<dyn Write>>,
    /// The file asked for (as messages name it), the temporary file being written, and the
    /// file it is renamed onto (the target of the file asked for when that is a symlink).
    path: Option<PathBuf>,
    temp: Option<PathBuf>,
    target: Option<PathBuf>,
}

/// Why [`output`] or [`Output::finish`] failed. Each names the file; the io error is the
/// [source](std::error::Error::source), so the chain printed with its causes (`{:#}`) reads
/// `cannot create out.csv: Permission denied (os error 13)`.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The file asked for is another output of the same command (`-o F --rejects F`): one
    /// would be lost under the other.
    #[error(
        "refusing to write {} : it is also the output {}; give each output its own file",
        shown(output),
        shown(other)
    )]
    OntoOutput { output: PathBuf, other: PathBuf },
    /// The file asked for is one of the inputs (by device and inode, whatever its name):
    /// wildchain never writes onto what it reads.
    #[error(
        "refusing to write {} : it is the input {}; write to another file",
        output.display(),
        input.display()
    )]
    OntoInput { output: PathBuf, input: PathBuf },
    /// The file, or the temporary file beside it, cannot be created or opened.
    #[error("cannot create {}", path.display())]
    Create {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The temporary file, written whole, cannot be renamed onto the file.
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The last buffered bytes cannot be written: the io error of [`Output`]'s writes, shown as
    /// it is. For a file it names the file already (`cannot write out.csv: No space left on
    /// device (os error 28)`); its kind is kept (a closed pipe is [`io::ErrorKind::BrokenPipe`]).
    #[error(transparent)]
    Flush(io::Error),
}

impl OutputError {
    /// The io error underneath, if any: its kind tells a closed pipe
    /// ([`io::ErrorKind::BrokenPipe`], not an error for a command line) from a full disk.
    pub fn io_error(&self) -> Option<&io::Error> {
        match self {
            OutputError::OntoInput { .. } | OutputError::OntoOutput { .. } => None,
            OutputError::Create { source, .. } | OutputError::Write { source, .. } => Some(source),
            OutputError::Flush(e) => Some(e),
        }
    }
}

/// Standard output, or the file named by `-o`, buffered (see [`Output`]).
///
/// # Errors
/// As [`output_apart`], with no other output.
pub fn output(path: Option<&Path>, inputs: &[&Path]) -> Result<Output, OutputError> {
    output_apart(path, inputs, &[])
}

/// Standard output, or the file named by `-o`, buffered (see [`Output`]), never onto one of
/// `inputs` nor onto one of `others` (the other outputs of the same command). `-`, and a path
/// that is standard output (`/dev/stdout`, `/proc/self/fd/1`), write to standard output; a
/// symlink is written through to its target (a temporary file beside the target, renamed onto
/// it); a link into `/proc` (`/dev/stderr`) and a special file are written in place.
///
/// # Errors
/// The file is one of `inputs` ([`OutputError::OntoInput`]: wildchain never writes onto what it
/// reads) or one of `others` ([`OutputError::OntoOutput`]), or cannot be created
/// ([`OutputError::Create`]).
pub fn output_apart(
    path: Option<&Path>,
    inputs: &[&Path],
    others: &[&Path],
) -> Result<Output, OutputError> {
    let stdout = || Output {
        out: BufWriter::new(if io::IsTerminal::is_terminal(&io::stdout()) {
            Box::new(terminal::TerminalSafe::new(io::stdout().lock()))
        } else {
            Box::new(io::stdout().lock())
        }),
        path: None,
        temp: None,
        target: None,
    };
    let Some(path) = path else {
        return Ok(stdout());
    };
    if let Some(input) = inputs.iter().find(|i| same_file(i, path)) {
        return Err(OutputError::OntoInput {
            output: path.to_path_buf(),
            input: input.to_path_buf(),
        });
    }
    if let Some(other) = others.iter().find(|o| same_place(o, path)) {
        return Err(OutputError::OntoOutput {
            output: path.to_path_buf(),
            other: other.to_path_buf(),
        });
    }
    if is_stdout(path) {
        return Ok(stdout());
    }
    let cannot = |source| OutputError::Create {
        path: path.to_path_buf(),
        source,
    };
    let target = match resolve(path).map_err(cannot)? {
        Target::InPlace => {
            // A link into /proc (a descriptor of this process): appended to, never replaced.
            let file = File::options().append(true).open(path).map_err(cannot)?;
            return Ok(Output {
                out: BufWriter::new(Box::new(file)),
                path: Some(path.to_path_buf()),
                temp: None,
                target: None,
            });
        }
        Target::File(t) => t,
    };
    let special = std::fs::metadata(&target).is_ok_and(|m| !m.is_file());
    if special {
        let file = File::options().write(true).open(&target).map_err(cannot)?;
        return Ok(Output {
            out: BufWriter::new(Box::new(file)),
            path: Some(path.to_path_buf()),
            temp: None,
            target: None,
        });
    }
    let name = target
        .file_name()
        .map_or("output".into(), |n| n.to_string_lossy());
    let temp = target.with_file_name(format!(".{name}.{}.wildchain-tmp", std::process::id()));
    let file = File::create(&temp).map_err(cannot)?;
    interrupt::remove_on_interrupt(&temp);
    Ok(Output {
        out: BufWriter::new(Box::new(file)),
        path: Some(path.to_path_buf()),
        temp: Some(temp),
        target: Some(target),
    })
}

/// An output as messages name it: `-` is standard output.
fn shown(p: &Path) -> String {
    if p == Path::new("-") {
        "- (standard output)".into()
    } else {
        p.display().to_string()
    }
}

/// Where a path asked for as an output is written.
enum Target {
    /// The file at the end of its symlinks (itself when it is none), existing or not.
    File(PathBuf),
    /// A link into `/proc` (`/dev/stderr`, `/dev/fd/3`): a descriptor, written in place.
    InPlace,
}

/// Follows the symlinks of `path` to the file they name (at most 40, as the kernel does).
fn resolve(path: &Path) -> io::Result<Target> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let parent = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let parent = std::fs::canonicalize(&parent).unwrap_or(parent);
                if parent.starts_with("/proc") {
                    return Ok(Target::InPlace);
                }
                p = parent.join(std::fs::read_link(&p)?);
            }
            _ => return Ok(Target::File(p)),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// True when `path` names this process's standard output: `-`, `/dev/stdout`, `/dev/fd/1`,
/// `/proc/self/fd/1` (never replaced by a file, whatever they are on this machine).
fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|s| path == Path::new(s))
}

/// True when `a` and `b` name the same existing file (same device and inode).
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// True when outputs `a` and `b` would be written to one place, whether it exists yet or not:
/// both standard output, or one regular file (the same name once links and `.`/`..` are
/// followed, or the same device and inode). Two outputs onto `/dev/null` are not refused.
fn same_place(a: &Path, b: &Path) -> bool {
    if is_stdout(a) || is_stdout(b) {
        return is_stdout(a) && is_stdout(b);
    }
    let special = |p: &Path| std::fs::metadata(p).is_ok_and(|m| !m.is_file());
    if special(a) || special(b) {
        return false;
    }
    if same_file(a, b) {
        return true;
    }
    let place = |p: &Path| -> Option<PathBuf> {
        let Ok(Target::File(t)) = resolve(p) else {
            return None;
        };
        let dir = match t.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Some(std::fs::canonicalize(dir).ok()?.join(t.file_name()?))
    };
    match (place(a), place(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

impl Output {
    /// Flushes, then renames the temporary file onto the file asked for.
    ///
    /// # Errors
    /// Writing ([`OutputError::Flush`]) or renaming ([`OutputError::Write`]) fails; the message
    /// names the file.
    pub fn finish(mut self) -> Result<(), OutputError> {
        self.flush().map_err(OutputError::Flush)?;
        if let (Some(temp), Some(target), Some(path)) = (self.temp.take(), &self.target, &self.path)
        {
            let renamed = std::fs::rename(&temp, target);
            interrupt::forget();
            if let Err(e) = renamed {
                let _ = std::fs::remove_file(&temp);
                return Err(OutputError::Write {
                    path: path.clone(),
                    source: e,
                });
            }
        }
        Ok(())
    }

    /// The error of a write, naming the file (its kind kept, so a closed pipe stays quiet).
    fn named(&self, e: io::Error) -> io::Error {
        match &self.path {
            Some(p) => io::Error::new(e.kind(), format!("cannot write {}: {e}", p.display())),
            None => e,
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf).map_err(|e| self.named(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush().map_err(|e| self.named(e))
    }
}

impl Drop for Output {
    /// An output never finished (an error) leaves no temporary file behind.
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let _ = std::fs::remove_file(temp);
            interrupt::forget();
        }
    }
}

/// Ctrl-C while a file is being written: the temporary file is removed, then the process exits
/// with 130 as a shell expects. At most one output is written at a time.
mod interrupt {
    use std::ffi::CString;
    use std::path::Path;
    use std::sync::atomic::{AtomicPtr, Ordering};

    static TEMP: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());

    extern "C" fn on_signal(_: libc::c_int) {
        let p = TEMP.swap(std::ptr::null_mut(), Ordering::SeqCst);
        // SAFETY: unlink and _exit are async-signal-safe; `p` is a leaked, NUL-terminated path.
        unsafe {
            if !p.is_null() {
                libc::unlink(p);
            }
            libc::_exit(130);
        }
    }

    pub fn remove_on_interrupt(temp: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = CString::new(temp.as_os_str().as_bytes()) else {
            return;
        };
        let old = TEMP.swap(c.into_raw(), Ordering::SeqCst);
        if !old.is_null() {
            // SAFETY: `old` came from CString::into_raw above.
            drop(unsafe { CString::from_raw(old) });
        }
        let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // SAFETY: installing a handler that only calls async-signal-safe functions.
        unsafe {
            libc::signal(libc::SIGINT, handler);
            libc::signal(libc::SIGTERM, handler);
            libc::signal(libc::SIGHUP, handler);
        }
    }

    pub fn forget() {
        let old = TEMP.swap(std::ptr::null_mut(), Ordering::SeqCst);
        if !old.is_null() {
            // SAFETY: `old` came from CString::into_raw in remove_on_interrupt.
            drop(unsafe { CString::from_raw(old) });
        }
    }
}

/// Ids as the list of their names (`names[id]`), serialised straight from the case's tables.
#[derive(Clone, Copy)]
pub struct Names<'a, T: AsRef<str>>(pub &'a [T], pub &'a [u32]);

impl<T: AsRef<str>> Serialize for Names<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|&id| self.0[id as usize].as_ref()))
    }
}

/// Parties of a graph as the list of their names.
#[derive(Clone, Copy)]
pub struct Nodes<'a>(pub &'a SupplyGraph, pub &'a [NodeIndex]);

impl Serialize for Nodes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|&p| self.0.name(p)))
    }
}

impl Nodes<'_> {
    /// The names joined with `sep`.
    pub fn join(&self, sep: &str) -> String {
        let names: Vec<&str> = self.1.iter().map(|&p| self.0.name(p)).collect();
        names.join(sep)
    }
}

/// A number for people: at most 3 decimals, no trailing zeros (`365`, `0.5`, `4.536`).
pub fn human_number(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A sum in 元 for people: to the fen, without trailing zeros (`4500`, `12.5`, `0.35`).
pub fn human_yuan(yuan: f64) -> String {
    let s = format!("{yuan:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A weight for people in `unit`, or `unknown`.
pub fn human_weight(kg: Option<f64>, unit: MassUnit) -> String {
    match kg {
        Some(kg) => human_number(unit.from_kg(kg)),
        None => "unknown".to_string(),
    }
}

/// Figures in text with thousands separators, as the lead sentences write them: every run of four
/// digits or more gets commas (`18325542.95 kg` → `18,325,542.95 kg`, `1000` → `1,000`), except
/// the fraction of a number and the parts of a date or time (a run next to `-`, `/` or `:`, as in
/// `2021-01-31`). The report's one rule for figures.
pub fn group_figures(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let fraction = start > 0 && b[start - 1] == b'.';
            let date = |c: Option<&u8>| matches!(c, Some(b'-' | b'/' | b':'));
            let in_date = date(start.checked_sub(1).and_then(|k| b.get(k))) || date(b.get(i));
            if i - start >= 4 && !fraction && !in_date {
                out.push_str(&s[last..start]);
                let run = &s[start..i];
                for (k, c) in run.chars().enumerate() {
                    if k > 0 && (run.len() - k).is_multiple_of(3) {
                        out.push(',');
                    }
                    out.push(c);
                }
                last = i;
            }
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// A share (0.333) as a percentage for people (`33.333%`): the one way shares are written.
pub fn percent(share: f64) -> String {
    format!("{}%", human_number(share * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_figures_get_thousands_separators_and_dates_do_not() {
        assert_eq!(group_figures("18325542.95 kg"), "18,325,542.95 kg");
        assert_eq!(group_figures("12345"), "12,345");
        assert_eq!(
            group_figures("2021-01-31 to 2023-12-31"),
            "2021-01-31 to 2023-12-31"
        );
        assert_eq!(group_figures("1000 read, 0.123456"), "1,000 read, 0.123456");
        assert_eq!(
            group_figures("999 read, 2022/04/01 12:30"),
            "999 read, 2022/04/01 12:30"
        );
        assert_eq!(group_figures("读取 1000000 行"), "读取 1,000,000 行");
        assert_eq!(percent(1.0 / 3.0), "33.333%");
    }

    #[test]
    fn numbers_for_people_are_short() {
        assert_eq!(human_number(365.0), "365");
        assert_eq!(human_number(0.5), "0.5");
        assert_eq!(human_number(4.5359237), "4.536");
        assert_eq!(human_number(0.0), "0");
        assert_eq!(human_number(-0.0001), "0");
        assert_eq!(human_weight(Some(60.0), "斤".parse().unwrap()), "120");
        assert_eq!(human_weight(None, MassUnit::KG), "unknown");
    }

    fn printed(e: OutputError) -> String {
        crate::printed(&e)
    }

    /// The words of the output errors, rebuilt by hand when they became a typed error,
    /// are those the command line printed before.
    #[test]
    fn output_errors_read_as_before_they_were_typed() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "seller,buyer\n").unwrap();
        let other = dir.path().join(".").join("in.csv");
        let Err(e) = output(Some(&other), &[input.as_path()]) else {
            panic!("wrote onto its input");
        };
        assert!(e.io_error().is_none());
        assert_eq!(
            printed(e),
            format!(
                "refusing to write {} : it is the input {}; write to another file",
                other.display(),
                input.display()
            )
        );

        let missing = dir.path().join("no such folder").join("out.csv");
        let Err(e) = output(Some(&missing), &[]) else {
            panic!("created a file in a folder that does not exist");
        };
        assert_eq!(e.io_error().unwrap().kind(), io::ErrorKind::NotFound);
        assert_eq!(
            printed(e),
            format!(
                "cannot create {}: No such file or directory (os error 2)",
                missing.display()
            )
        );

        // The temporary file gone before the rename: the rename fails, naming the file.
        let out_path = dir.path().join("out.csv");
        let mut out = output(Some(&out_path), &[]).unwrap();
        writeln!(out, "x").unwrap();
        std::fs::remove_file(out.temp.as_ref().unwrap()).unwrap();
        let e = out.finish().unwrap_err();
        assert!(matches!(e, OutputError::Write { .. }), "{e:?}");
        assert_eq!(
            printed(e),
            format!(
                "cannot write {}: No such file or directory (os error 2)",
                out_path.display()
            )
        );
        assert!(!out_path.exists());
    }

    /// A full disk at the last flush: the error of the write, once, naming the file, its kind
    /// kept (`main` tells a closed pipe from a full disk by the kind).
    #[test]
    fn a_failed_last_flush_names_the_file_once_and_keeps_its_kind() {
        let full = Path::new("/dev/full");
        if !full.exists() {
            return;
        }
        let mut out = output(Some(full), &[]).unwrap();
        writeln!(out, "x").unwrap();
        let e = out.finish().unwrap_err();
        assert_eq!(e.io_error().unwrap().kind(), io::ErrorKind::StorageFull);
        assert_eq!(
            printed(e),
            "cannot write /dev/full: No space left on device (os error 28)"
        );
    }

    /// `-o /dev/stdout` (a symlink to /proc/self/fd/1) as root replaced the machine's
    /// `/dev/stdout` with a regular file: the names of standard output are standard output,
    /// opened with no temporary file and nothing to rename. Only names are checked here: no test
    /// writes to the real `/dev/stdout`.
    #[test]
    fn dev_stdout_was_replaced_by_a_regular_file() {
        for name in ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
            assert!(is_stdout(Path::new(name)), "{name}");
        }
        assert!(!is_stdout(Path::new("./-")));
        let out = output(Some(Path::new("-")), &[]).unwrap();
        assert!(out.temp.is_none() && out.target.is_none() && out.path.is_none());
        assert!(same_place(Path::new("-"), Path::new("/dev/stdout")));
        assert!(!same_place(Path::new("/dev/null"), Path::new("/dev/null")));
    }
}
