//! Reading input: headers, trimming, rejected rows, several files, stdin, errors.

use serde_json::{Value, json};

use crate::util::{fails, fixture, json, ok, run, run_with_stdin};

#[test]
fn bad_rows_are_counted_reported_and_never_lost() {
    let out = run(&["-i", &fixture("bad_rows.csv"), "totals", "--format", "json"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Only the rows that cannot say who traded with whom are refused (no seller, no buyer, the
    // same party twice); a bad weight or date is an unknown cell of a kept row, and an empty
    // species is the species 未知物种.
    assert_eq!(
        v["input"],
        json!({"rows": 11, "accepted": 8, "rejected": 3, "unknown_cells": 6, "rows_with_unknown": 6})
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // One warning line for all rejected rows, one for all unknown cells, not one per row.
    assert_eq!(
        stderr.lines().filter(|l| l.contains("rejected")).count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("3 of 11 rows rejected"), "{stderr}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("cells unknown"))
            .count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("6 cells unknown in 6 rows"), "{stderr}");
}

#[test]
fn rejects_file_names_file_row_reason_and_keeps_the_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rejects.csv");
    let f = fixture("bad_rows.csv");
    ok(&["-i", &f, "--rejects", path.to_str().unwrap(), "totals"]);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "file", "row", "problem", "reason", "seller", "buyer", "species", "weight", "date",
            "note"
        ]
    );
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let expect = [
        // The lines of the file: the header is line 1.
        (3, "refused", "column 'seller' is empty"),
        (4, "refused", "column 'buyer' is empty"),
        (
            5,
            "unknown_cell",
            "column 'species' is empty (kept as 未知物种)",
        ),
        (6, "refused", "seller and buyer are the same party 'c'"),
        (
            7,
            "unknown_cell",
            "column 'weight': weight '-5kg' is negative",
        ),
        (
            8,
            "unknown_cell",
            "column 'weight': unknown unit '箱' in weight '12箱'",
        ),
        (
            9,
            "unknown_cell",
            "column 'weight': weight 'abc' is not a number",
        ),
        (
            10,
            "unknown_cell",
            "column 'date': date '2022-13-40' is not a date",
        ),
        (
            11,
            "unknown_cell",
            "column 'date': date '昨天' is not a date",
        ),
    ];
    assert_eq!(rows.len(), expect.len(), "{text}");
    for (r, (row, problem, reason)) in rows.iter().zip(expect) {
        assert_eq!(r[0], f);
        assert_eq!(r[1], row.to_string());
        assert_eq!(r[2], problem, "row {row}");
        assert!(
            r[3].starts_with(reason),
            "row {row}: {} does not start with {reason}",
            r[3]
        );
        // The original cells follow, untouched.
        assert_eq!(r.len(), 10, "{r:?}");
    }
    assert_eq!(rows[0][9], "empty seller");
    assert_eq!(rows[5][7], "12箱");
}

#[test]
fn strict_makes_a_rejected_row_an_error_naming_file_row_column_value() {
    let f = fixture("bad_rows.csv");
    let err = fails(&["-i", &f, "--strict", "totals"], 1);
    assert!(
        err.contains("3 of 11 rows rejected, 6 cells unknown (--strict)"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{f} row 3: column 'seller' is empty")),
        "{err}"
    );
    assert!(err.contains("and 4 more"), "{err}");
    // A clean file passes --strict.
    ok(&["-i", &fixture("diamond.csv"), "--strict", "totals"]);
}

#[test]
fn chinese_headers_bom_full_width_spaces_and_unit_column() {
    let v = json(&[
        "-i",
        &fixture("chinese_headers.csv"),
        "totals",
        "--by",
        "link",
    ]);
    assert_eq!(v["input"]["rejected"], 0);
    let links: Vec<(String, String, f64)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["seller"].as_str().unwrap().into(),
                r["buyer"].as_str().unwrap().into(),
                r["weight_kg"].as_f64().unwrap(),
            )
        })
        .collect();
    // 10 斤 = 5 kg from the unit column; 4 kg; names trimmed of spaces and U+3000.
    assert_eq!(
        links,
        [
            ("张三".into(), "李四".into(), 5.0),
            ("李四".into(), "王五".into(), 4.0)
        ]
    );
}

#[test]
fn several_files_are_one_data_set_and_columns_may_come_in_any_order() {
    let v = json(&[
        "-i",
        &fixture("part1.csv"),
        "-i",
        &fixture("part2.csv"),
        "downstream",
        "a",
    ]);
    assert_eq!(v["input"], json!({"rows": 2, "accepted": 2, "rejected": 0}));
    let names: Vec<&str> = v["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["b", "c"]);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let data = std::fs::read(fixture("diamond.csv")).unwrap();
    let out = run_with_stdin(&["-i", "-", "upstream", "e", "--format", "csv"], &data);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "name,distance\nd,1\nb,2\nc,2\na,3\n"
    );
}

#[test]
fn missing_column_is_an_error_naming_it() {
    let f = fixture("missing_column.csv");
    let err = fails(&["-i", &f, "analyze"], 1);
    assert!(err.contains(&f), "{err}");
    assert!(err.contains("missing required column 'species'"), "{err}");
}

#[test]
fn missing_file_and_empty_file_are_errors() {
    let err = fails(&["-i", "no/such/file.csv", "analyze"], 1);
    assert!(err.contains("no/such/file.csv: no such file"), "{err}");
    let out = run_with_stdin(&["-i", "-", "analyze"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
}

#[test]
fn header_only_file_gives_an_empty_report() {
    let out = run_with_stdin(
        &["-i", "-", "analyze", "--format", "json"],
        b"seller,buyer,species,weight,date\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["input"], json!({"rows": 0, "accepted": 0, "rejected": 0}));
    assert_eq!(v["summary"]["parties"], 0);
    assert_eq!(v["summary"]["weight_kg"], Value::Null);
}

#[test]
fn usage_errors_exit_2() {
    fails(&["analyze", "--no-such-flag"], 2);
    fails(&["--unit", "条", "analyze"], 2);
    fails(&["frobnicate"], 2);
}

#[test]
fn every_row_is_accepted_or_rejected_exactly_once() {
    // Generated rows mixing good and bad cells: accepted + rejected must equal rows, only the
    // rows without a seller or a buyer (or with one party twice) are refused, a bad weight or
    // date is an unknown cell of a kept row, and the rejects file lists exactly those rows.
    let cells_w = ["1kg", "", "2斤", "-1", "x", "3条", "0", "1.5两"];
    let cells_d = [
        "2022-01-01",
        "",
        "2022-02",
        "2022-02-30",
        "2022年3月4日",
        "soon",
    ];
    let parties = ["a", "b", "", "c"];
    let mut csv = String::from("seller,buyer,species,weight,date\n");
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut expected_bad = Vec::new();
    let mut expected_cells = Vec::new();
    for row in 1..=300 {
        let (s, b) = (parties[next(4)], parties[next(4)]);
        let (w, d) = (cells_w[next(cells_w.len())], cells_d[next(cells_d.len())]);
        csv.push_str(&format!("{s},{b},x,{w},{d}\n"));
        let refused = s.is_empty() || b.is_empty() || s == b;
        if refused {
            // The line of the text: the header is line 1.
            expected_bad.push(row + 1);
        } else {
            for bad in [
                ["-1", "x"].contains(&w),
                ["2022-02-30", "soon"].contains(&d),
            ] {
                if bad {
                    expected_cells.push(row + 1);
                }
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("r.csv");
    let out = run_with_stdin(
        &[
            "-i",
            "-",
            "--rejects",
            rejects.to_str().unwrap(),
            "analyze",
            "--format",
            "json",
        ],
        csv.as_bytes(),
    );
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["input"]["rows"], 300);
    assert_eq!(v["input"]["rejected"], expected_bad.len());
    assert_eq!(v["input"]["accepted"], 300 - expected_bad.len());
    assert_eq!(v["summary"]["transactions"], 300 - expected_bad.len());
    assert_eq!(v["input"]["unknown_cells"], expected_cells.len());
    let listed: Vec<(usize, String)> = csv::Reader::from_path(&rejects)
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].parse().unwrap(), r[2].to_string())
        })
        .collect();
    let refused: Vec<usize> = (listed.iter())
        .filter(|(_, p)| p == "refused")
        .map(|(r, _)| *r)
        .collect();
    let cells: Vec<usize> = (listed.iter())
        .filter(|(_, p)| p == "unknown_cell")
        .map(|(r, _)| *r)
        .collect();
    assert_eq!(refused, expected_bad);
    assert_eq!(cells, expected_cells);
    assert_eq!(listed.len(), refused.len() + cells.len());
}

#[test]
fn a_named_pipe_is_read_like_a_file() {
    // `wildchain -i <(zcat case.csv.gz)` hands the tool a pipe, which can be read only once.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("case.pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here: skipped");
        return;
    }
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::fs::write(
                &fifo,
                "seller,buyer,species,weight,date\na,b,x,2斤,2022-01-01\n",
            )
            .unwrap()
        })
    };
    let v = crate::util::json(&["-i", fifo.to_str().unwrap(), "totals"]);
    writer.join().unwrap();
    assert_eq!(v["rows"][0]["weight_kg"], 1.0, "{v}");
    assert_eq!(v["input"]["accepted"], 1);
}
