//! Holds the layout of ingest: the cell room imports neither `open` nor the pass, `open` does not
//! import the pass, and nothing under `src/ingest/` imports the case module (ingest comes first).

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, with its path relative to `dir`, sorted.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            panic!("cannot list {}", d.display());
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                let rel = p.strip_prefix(dir).map(Path::to_path_buf).unwrap_or(p);
                out.push((rel, text));
            }
        }
    }
    out.sort();
    out
}

fn ingest_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ingest")
}

/// The code of a file, comments left out (a doc comment may name any module).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("")))
}

/// Why a file of the cell room at `rel` (relative to `cell/`) reaches out of the room, if it does:
/// a `crate::ingest::` path not into `cell::`, or a `super::` chain longer than its depth.
fn leaves_cell(rel: &Path, text: &str) -> Vec<String> {
    // cell/mod.rs is the room itself; cell/x.rs and cell/x/mod.rs sit one below it, cell/x/y.rs two.
    let parts = rel.components().count();
    let depth = if rel.file_name().is_some_and(|f| f == "mod.rs") {
        parts - 1
    } else {
        parts
    };
    let too_far = "super::".repeat(depth + 1);
    let mut out = Vec::new();
    for (n, line) in code_lines(text) {
        let reaches_out = line
            .match_indices("crate::ingest::")
            .any(|(i, m)| !line[i + m.len()..].starts_with("cell::"))
            || line.contains("crate::ingest::{")
            || line.contains(&too_far);
        if reaches_out {
            out.push(format!("cell/{}:{n}: {}", rel.display(), line.trim()));
        }
    }
    out
}

#[test]
fn the_cell_room_imports_neither_open_nor_the_pass() {
    let cell = ingest_dir().join("cell");
    let found: Vec<String> = sources(&cell)
        .iter()
        .flat_map(|(rel, text)| leaves_cell(rel, text))
        .collect();
    assert!(
        found.is_empty(),
        "cell parsers know one cell; these lines reach out of src/ingest/cell:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rooms_test_sees_a_cell_parser_importing_the_pass() {
    // The rule above, held against lines that break it.
    let flat = Path::new("money.rs");
    let deep = Path::new("date/parse.rs");
    assert!(leaves_cell(flat, "use crate::ingest::pass::records::Money;").len() == 1);
    assert!(leaves_cell(flat, "use crate::ingest::open::header;").len() == 1);
    assert!(leaves_cell(flat, "use crate::ingest::{Dataset};").len() == 1);
    assert!(leaves_cell(flat, "use super::super::pass::read;").len() == 1);
    assert!(leaves_cell(deep, "use super::super::super::open::Bytes;").len() == 1);
    assert!(leaves_cell(flat, "use super::text::nfkc; // crate::ingest::pass").is_empty());
    assert!(leaves_cell(deep, "use super::super::reason::Kind;").is_empty());
    assert!(leaves_cell(flat, "use crate::ingest::cell::text::nfkc;").is_empty());
}

#[test]
fn open_does_not_import_the_pass() {
    let open = ingest_dir().join("open");
    let found: Vec<String> = sources(&open)
        .iter()
        .flat_map(|(rel, text)| {
            code_lines(text)
                .filter(|(_, l)| l.contains("ingest::pass") || l.contains("super::pass"))
                .map(|(n, l)| format!("open/{}:{n}: {}", rel.display(), l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "open imports the pass:\n{}",
        found.join("\n")
    );
}

#[test]
fn nothing_in_ingest_imports_the_case() {
    let found: Vec<String> = sources(&ingest_dir())
        .iter()
        .flat_map(|(rel, text)| {
            code_lines(text)
                .filter(|(_, l)| l.contains(concat!("crate", "::case")))
                .map(|(n, l)| format!("{}:{n}: {}", rel.display(), l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "ingest comes before the case; these lines import it:\n{}",
        found.join("\n")
    );
}
