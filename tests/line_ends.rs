//! Lines ending in a carriage return alone, as Excel for Mac writes "CSV (Macintosh)": read like
//! lines ending in LF, with the same rows, row numbers, rejects file, `normalize` and `validate`.
//! The fixtures are written by those rules: CR after every line or all but the last, UTF-8 and
//! GBK, and a quoted cell holding a CR LF.

use serde_json::Value;

use crate::util::{fixture, run};

const FIXTURES: [&str; 4] = [
    "cr_line_ends.csv",
    "cr_line_ends_no_final.csv",
    "cr_line_ends_gbk.csv",
    "cr_line_ends_quoted_crlf.csv",
];

/// The same text with every carriage return that is not before a line feed made a line feed.
fn with_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (i, &c) in bytes.iter().enumerate() {
        let lone = c == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        out.push(if lone { b'\n' } else { c });
    }
    out
}

/// The fixture copied under one name into two directories: as it is, and with LF line ends.
fn both(name: &str) -> (tempfile::TempDir, String, String) {
    let bytes = std::fs::read(fixture(name)).unwrap();
    assert!(
        !bytes.contains(&b'\n') || name.contains("quoted"),
        "{name} is written with CR line ends"
    );
    let dir = tempfile::tempdir().unwrap();
    let (cr, lf) = (dir.path().join("cr"), dir.path().join("lf"));
    std::fs::create_dir_all(&cr).unwrap();
    std::fs::create_dir_all(&lf).unwrap();
    let (cr, lf) = (cr.join("case.csv"), lf.join("case.csv"));
    std::fs::write(&cr, &bytes).unwrap();
    std::fs::write(&lf, with_lf(&bytes)).unwrap();
    let s = |p: std::path::PathBuf| p.to_str().unwrap().to_string();
    (dir, s(cr), s(lf))
}

fn validate(file: &str) -> Value {
    let out = run(&["validate", file, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "one cell is unknown: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_file_with_cr_line_ends_is_not_read_as_zero_rows() {
    for name in FIXTURES {
        let (_dir, cr, lf) = both(name);
        let (v, want) = (validate(&cr), validate(&lf));
        assert_eq!(
            v["input"],
            serde_json::json!({"rows": 3, "accepted": 3, "rejected": 0, "unknown_cells": 1, "rows_with_unknown": 1}),
            "{name}"
        );
        let shown = |v: &Value, file: &str| v.to_string().replace(file, "FILE");
        assert_eq!(
            shown(&v["unknown_cells"], &cr),
            shown(&want["unknown_cells"], &lf),
            "{name}"
        );
        assert_eq!(v["parties"], want["parties"], "{name}");
        assert_eq!(v["sources"][0]["header_row"], 1, "{name}");
        let notes = v["sources"][0]["notes"].to_string();
        assert!(notes.contains("carriage return alone"), "{name}: {notes}");
    }
}

#[test]
fn cr_line_ends_give_the_same_totals_and_rejects_file() {
    for name in FIXTURES {
        let (dir, cr, lf) = both(name);
        let mut outs = Vec::new();
        for (file, tag) in [(&cr, "cr"), (&lf, "lf")] {
            let rejects = dir.path().join(format!("rejects_{tag}.csv"));
            let r = rejects.to_str().unwrap();
            let out = run(&["-i", file, "--rejects", r, "totals", "--format", "json"]);
            assert_eq!(out.status.code(), Some(0), "{name}");
            let listed = std::fs::read_to_string(&rejects).unwrap();
            outs.push((
                String::from_utf8_lossy(&out.stdout).into_owned(),
                listed.replace(file.as_str(), "FILE"),
                String::from_utf8_lossy(&out.stderr).replace(file.as_str(), "FILE"),
            ));
        }
        assert_eq!(outs[0], outs[1], "{name}");
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(outs[0].1.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 1, "{name}: {}", outs[0].1);
        // Its line, the header being line 1, whatever ends the lines (a quoted cell spanning two
        // lines moves it one down).
        let line = if name.contains("quoted") { "5" } else { "4" };
        assert_eq!(&rows[0][1], line, "{name}: the bad row keeps its number");
        assert!(outs[0].1.contains("abc"), "{name}: {}", outs[0].1);
    }
}

#[test]
fn normalize_streams_cr_line_ends_with_their_row_numbers() {
    // normalize streams UTF-8 only (it asks for GBK to be converted first, whatever the line ends).
    for name in FIXTURES.into_iter().filter(|n| !n.contains("gbk")) {
        let (_dir, cr, lf) = both(name);
        let lines = |file: &str| -> Vec<Value> {
            let out = run(&["normalize", "--format", "json", file]);
            assert_eq!(out.status.code(), Some(0), "{name}");
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|l| {
                    let mut v: Value = serde_json::from_str(l).unwrap();
                    v["file"] = Value::Null; // the two copies' paths
                    v
                })
                .collect()
        };
        let (got, want) = (lines(&cr), lines(&lf));
        let numbers: Vec<u64> = got.iter().map(|r| r["row"].as_u64().unwrap()).collect();
        let lines: [u64; 3] = if name.contains("quoted") {
            [2, 4, 5]
        } else {
            [2, 3, 4]
        };
        assert_eq!(numbers, lines, "{name}");
        // The bad weight is unknown in a kept row, as every command reads it.
        assert!(got[2]["reject"].is_null(), "{name}: {:?}", got[2]);
        assert!(got[2]["weight_kg"].is_null(), "{name}: {:?}", got[2]);
        assert!(got[0]["reject"].is_null(), "{name}: {:?}", got[0]);
        assert_eq!(got, want, "{name}");
    }
}
