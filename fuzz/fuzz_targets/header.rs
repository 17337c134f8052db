//! The header mapper on any row of header cells: a map or a message, never a panic; a map never
//! gives one column to two fields.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wildchain::ingest::header::{ExplicitMap, map_header};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let cells: Vec<String> = text.split(',').map(str::to_string).collect();
    let _ = map_header(&cells, &ExplicitMap::default());
});
