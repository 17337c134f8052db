//! Whole-file ingest on any bytes: the case loads or fails with a message, never a panic; when it
//! loads, every row is accepted or rejected (accepted + rejected = rows) and the rejects name rows
//! that exist.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wildchain::case::{Case, Options};
use wildchain::ingest::Source;

fuzz_target!(|data: &[u8]| {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    // The embedded species table is parsed once, not at every input: 21 inputs a second otherwise.
    static OPTS: OnceLock<Option<Options>> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("wildchain-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    });
    // The first byte picks the extension, so the text, workbook and Parquet readers all run.
    let (ext, bytes) = match data.split_first() {
        Some((b, rest)) => (["csv", "tsv", "xlsx", "parquet"][*b as usize % 4], rest),
        None => ("csv", data),
    };
    let path = dir.join(format!("case.{ext}"));
    std::fs::write(&path, bytes).unwrap();
    let Some(opts) = OPTS.get_or_init(|| Options::embedded().ok()) else {
        return;
    };
    let opts = opts.clone().with_inputs(vec![Source::Path(path)]);
    if let Ok(case) = Case::load(&opts) {
        let s = case.data.stats;
        assert_eq!(s.accepted + s.rejected, s.rows);
        assert_eq!(case.data.rejects.len() as u64, s.rejected);
    }
});
