//! One input given twice — by the same name, through a link, or as a copy — would count every
//! row twice without a word: [`refuse`] finds it before anything is read.

use std::fs::File;
use std::hash::Hasher;
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::error::{Error, Sameness};
use crate::ingest::Source;

/// A file given as an input: its name, and for a regular file its device, inode and size.
struct Given<'a> {
    source: &'a Source,
    file: Option<(u64, u64, u64)>,
    hash: Option<u64>,
}

/// Refuses the first input that is an earlier one again: the same name (standard input twice
/// included), the same file (device and inode), or the same bytes (files of one size are
/// hashed, and a hash found twice is confirmed byte for byte; bytes in memory, such as standard
/// input read beside files, are compared with files of their size). A file that cannot be read is
/// left to the reader, which says why.
///
/// # Errors
/// [`Error::Duplicate`] naming both inputs and how they are one.
pub fn refuse(sources: &[Source]) -> Result<(), Error> {
    let mut given: Vec<Given> = Vec::with_capacity(sources.len());
    for source in sources {
        let file = match source {
            Source::Path(p) => std::fs::metadata(p)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| (m.dev(), m.ino(), m.len())),
            _ => None,
        };
        let mut next = Given {
            source,
            file,
            hash: None,
        };
        for g in &mut given {
            if let Some(how) = same(g, &mut next) {
                return Err(Error::Duplicate {
                    first: g.source.name(),
                    second: source.name(),
                    how,
                });
            }
        }
        given.push(next);
    }
    Ok(())
}

/// Standard input given beside other inputs, read whole into memory (under its name) so that its
/// bytes can be compared with theirs: `-i - -i a.csv` with a.csv's bytes on standard input would
/// count every row twice. Read only once it is known to stand beside another input.
///
/// # Errors
/// Standard input cannot be read ([`Error::Read`]).
pub fn stdin_read_beside_files(sources: Vec<Source>) -> Result<Vec<Source>, Error> {
    let stdin = sources
        .iter()
        .filter(|s| matches!(s, Source::Stdin))
        .count();
    if stdin != 1 || sources.len() < 2 {
        return Ok(sources);
    }
    let mut buf = Vec::new();
    io::stdin().read_to_end(&mut buf).map_err(|e| {
        Error::Read(crate::ingest::Error::from(e).context("cannot read standard input"))
    })?;
    let bytes = std::sync::Arc::new(buf);
    Ok((sources.into_iter())
        .map(|s| match s {
            Source::Stdin => Source::Memory {
                name: Source::Stdin.name(),
                bytes: bytes.clone(),
            },
            s => s,
        })
        .collect())
}

/// How `a` and `b` are one input, if they are.
fn same(a: &mut Given, b: &mut Given) -> Option<Sameness> {
    match (a.source, b.source) {
        (Source::Stdin, Source::Stdin) => return Some(Sameness::Path),
        (Source::Path(x), Source::Path(y)) if x == y => return Some(Sameness::Path),
        _ => {}
    }
    // Bytes in memory (standard input, read whole beside files): the same bytes as the other.
    match (a.source, b.source) {
        (Source::Memory { bytes: x, .. }, Source::Memory { bytes: y, .. }) => {
            return (!x.is_empty() && x == y).then_some(Sameness::Content);
        }
        (Source::Memory { bytes, .. }, Source::Path(p))
        | (Source::Path(p), Source::Memory { bytes, .. }) => {
            let (_, _, len) = a.file.or(b.file)?;
            return (len == bytes.len() as u64 && len > 0 && holds(p, bytes).unwrap_or(false))
                .then_some(Sameness::Content);
        }
        _ => {}
    }
    let ((da, ia, la), (db, ib, lb)) = (a.file?, b.file?);
    if (da, ia) == (db, ib) {
        return Some(Sameness::File);
    }
    if la != lb || la == 0 {
        return None;
    }
    let (Source::Path(x), Source::Path(y)) = (a.source, b.source) else {
        return None;
    };
    let ha = hashed(&mut a.hash, x)?;
    let hb = hashed(&mut b.hash, y)?;
    (ha == hb && equal(x, y).unwrap_or(false)).then_some(Sameness::Content)
}

/// The hash of the file at `path`, computed once.
fn hashed(slot: &mut Option<u64>, path: &Path) -> Option<u64> {
    if slot.is_none() {
        *slot = hash(path).ok();
    }
    *slot
}

/// A hash of the bytes of the file at `path`, read in pieces.
fn hash(path: &Path) -> io::Result<u64> {
    let mut h = std::hash::DefaultHasher::new();
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(h.finish());
        }
        h.write(&buf[..n]);
    }
}

/// Whether the files at `a` and `b` hold the same bytes.
fn equal(a: &Path, b: &Path) -> io::Result<bool> {
    let (mut fa, mut fb) = (File::open(a)?, File::open(b)?);
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut fa, &mut ba)?;
        let m = read_full(&mut fb, &mut bb)?;
        if ba[..n] != bb[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Whether the file at `path` holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    let mut at = 0;
    loop {
        let n = read_full(&mut f, &mut buf)?;
        if n == 0 {
            return Ok(at == bytes.len());
        }
        if bytes.get(at..at + n) != Some(&buf[..n]) {
            return Ok(false);
        }
        at += n;
    }
}

/// Reads until `buf` is full or the file ends; returns the bytes read.
fn read_full(f: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn path(p: &Path) -> Source {
        Source::Path(p.to_path_buf())
    }

    #[test]
    fn one_input_twice_counted_every_row_twice() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        std::fs::write(&a, "seller,buyer\nA,B\n").unwrap();
        let copy = dir.path().join("copy.csv");
        std::fs::write(&copy, "seller,buyer\nA,B\n").unwrap();
        let other = dir.path().join("other.csv");
        std::fs::write(&other, "seller,buyer\nA,C\n").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&a, &link).unwrap();
        let how = |s: &[Source]| match refuse(s) {
            Err(Error::Duplicate { how, .. }) => Some(how),
            _ => None,
        };
        assert_eq!(how(&[path(&a), path(&a)]), Some(Sameness::Path));
        assert_eq!(how(&[Source::Stdin, Source::Stdin]), Some(Sameness::Path));
        assert_eq!(how(&[path(&a), path(&link)]), Some(Sameness::File));
        let dotted: PathBuf = dir.path().join(".").join("a.csv");
        assert_eq!(how(&[path(&a), path(&dotted)]), Some(Sameness::Path));
        let hard = dir.path().join("hard.csv");
        std::fs::hard_link(&a, &hard).unwrap();
        assert_eq!(how(&[path(&hard), path(&a)]), Some(Sameness::File));
        assert_eq!(
            how(&[path(&other), path(&a), path(&copy)]),
            Some(Sameness::Content)
        );
        // Same size, other bytes; a file that does not exist: left to the reader.
        assert_eq!(how(&[path(&a), path(&other)]), None);
        let missing = dir.path().join("missing.csv");
        assert_eq!(how(&[path(&missing), path(&a)]), None);
        assert_eq!(how(&[Source::Stdin, path(&a)]), None);
        let e = refuse(&[path(&a), path(&copy)]).unwrap_err();
        assert!(e.is_usage());
        assert_eq!(
            e.to_string(),
            format!(
                "{} has the same content as {}, byte for byte: every row would count twice; \
                 give each file once",
                copy.display(),
                a.display()
            )
        );
    }
}
