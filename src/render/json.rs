//! JSON output: pretty-printed, keys in a fixed order, numbers unrounded, weights in kg.

use std::io::{self, BufWriter, Write};

use serde::Serialize;

/// Writes a value as pretty JSON followed by a newline.
///
/// The serialiser writes many small pieces (keys, indents, commas); they are gathered in a
/// buffer of a known type, so that each is a copy rather than a call through `dyn Write`.
pub fn write_json(value: &impl Serialize, w: &mut dyn Write) -> io::Result<()> {
    let mut buf = BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut buf, value)?;
    writeln!(buf)?;
    buf.flush()?;
    Ok(())
}
