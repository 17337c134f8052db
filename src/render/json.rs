//! JSON output: pretty-printed, keys in a fixed order, numbers unrounded, weights in kg.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

/// Writes a value as pretty JSON followed by a newline.
pub fn write_json(value: &impl Serialize, w: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    writeln!(w)?;
    Ok(())
}
