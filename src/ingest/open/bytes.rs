//! Where a source's bytes are (a file read in place, or memory) and what their first bytes say the
//! source is.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use crate::ingest::error::{Context as _, Error, Result};
use polars::prelude::{PlRefPath, ScanSources};

use crate::ingest::{EMBEDDED_CASE, Source};

/// Where a source's bytes live.
#[derive(Debug, Clone)]
pub(crate) enum Bytes {
    File(PathBuf),
    Memory(Arc<Vec<u8>>),
}

impl Bytes {
    /// The bytes, from the start.
    pub(crate) fn open(&self) -> Result<Box<dyn Read + '_>> {
        Ok(match self {
            Bytes::File(p) => Box::new(std::io::BufReader::new(std::fs::File::open(p).map_err(
                |error| Error::File {
                    doing: "open",
                    path: p.clone(),
                    error,
                },
            )?)),
            Bytes::Memory(b) => Box::new(&b[..]),
        })
    }

    /// All the bytes, in memory (a file is read whole; memory is shared, not copied).
    pub(crate) fn read_all(&self) -> Result<Arc<Vec<u8>>> {
        match self {
            Bytes::File(p) => Ok(Arc::new(std::fs::read(p).map_err(|error| Error::File {
                doing: "read",
                path: p.clone(),
                error,
            })?)),
            Bytes::Memory(b) => Ok(b.clone()),
        }
    }

    /// The first `n` bytes (fewer when the source is shorter).
    pub(super) fn head(&self, n: usize) -> Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(n);
        self.open()?.take(n as u64).read_to_end(&mut buf)?;
        Ok(buf)
    }

    /// The bytes as polars scan sources.
    pub(crate) fn scan_sources(&self) -> Result<ScanSources> {
        Ok(match self {
            Bytes::File(p) => ScanSources::Paths(vec![PlRefPath::try_from_path(p)?].into()),
            Bytes::Memory(b) => {
                let buf: polars_buffer::Buffer<u8> = b.to_vec().into();
                ScanSources::Buffers(Arc::from(vec![buf]))
            }
        })
    }
}

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Magic {
    /// A ZIP container: `.xlsx`, `.xlsb`, `.ods`.
    Zip,
    /// An OLE compound file: `.xls`.
    Ole,
    Parquet,
    Text,
}

/// What the first bytes (8 are enough) say a file is: text unless they are a container's mark.
pub(super) fn magic(head: &[u8]) -> Magic {
    if head.starts_with(b"PK\x03\x04") {
        Magic::Zip
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Magic::Ole
    } else if head.starts_with(b"PAR1") {
        Magic::Parquet
    } else {
        Magic::Text
    }
}

/// Where a source's bytes are: a file, or standard input (or the embedded case, or bytes given)
/// in memory.
///
/// # Errors
/// A path that is a directory or does not exist; a pipe or standard input that cannot be read.
pub(super) fn source_bytes(source: &Source) -> Result<Bytes> {
    Ok(match source {
        Source::Path(p) => {
            if p.is_file() {
                Bytes::File(p.clone())
            } else if p.is_dir() {
                return Err(Error::input("is a directory, not a file"));
            } else if p.exists() {
                // A pipe (`<(command)`, a FIFO): it can be read only once, so read it whole.
                Bytes::Memory(Arc::new(std::fs::read(p).context("cannot read it")?))
            } else {
                return Err(Error::input("no such file"));
            }
        }
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("cannot read standard input")?;
            Bytes::Memory(Arc::new(buf))
        }
        Source::Embedded => Bytes::Memory(Arc::new(EMBEDDED_CASE.as_bytes().to_vec())),
        Source::Memory { bytes, .. } => Bytes::Memory(bytes.clone()),
    })
}

/// How much the passes that stream a source (the UTF-8 check, the survey of its rows, the
/// numbering of its lines) read at a time.
///
/// Their buffers stay below glibc's 128 KiB `M_MMAP_THRESHOLD`. A larger block is given by
/// `mmap`, and freeing one makes glibc raise the threshold to its size for the rest of the run:
/// the blocks polars then reads the cells into come from the heap instead, and, freed, stay
/// resident. A 2 MiB buffer freed before the read added 64 MB to the peak memory of a 1 M-row
/// file.
pub(crate) const PIECE: usize = 64 << 10;

/// The most a streaming pass's buffer of [`PIECE`]s and a record left over from the last one
/// holds without growing: below the 128 KiB of [`PIECE`]'s note.
pub(crate) const PASS_BUFFER: usize = 120 << 10;
