//! Cells as real case files write them: header synonyms and `--map`, approximate weights, full-width
//! digits, thousands separators, date ranges and times, and the interval date filter.

use serde_json::{Value, json};

use crate::util::{fails, run_with_stdin};

/// Runs with `csv` on stdin and parses the JSON output.
fn stdin_json(args: &[&str], csv: &str) -> Value {
    let mut a = vec!["-i", "-"];
    a.extend(args);
    a.extend(["--format", "json"]);
    let out = run_with_stdin(&a, csv.as_bytes());
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn weights(v: &Value) -> Vec<(String, Value, u64)> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["species"].as_str().unwrap().to_string(),
                r["weight_kg"].clone(),
                r["approx_rows"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_issues_headers_are_understood() {
    let csv = "出售人,收购人,种类,数量,交易时间\n甲,乙,x,10斤,2022-04-01\n";
    let v = stdin_json(&["totals", "--by", "link"], csv);
    assert_eq!(v["rows"][0]["seller"], "甲");
    assert_eq!(v["rows"][0]["weight_kg"], 5.0);
    for (s, b) in [
        ("销售人", "购买人"),
        ("供货人", "买受人"),
        ("vendor", "purchaser"),
        ("from", "to"),
    ] {
        let csv = format!("{s},{b},species,weight,date\n甲,乙,x,1kg,2022-04-01\n");
        let v = stdin_json(&["totals", "--by", "link"], &csv);
        assert_eq!(
            (
                v["rows"][0]["seller"].as_str(),
                v["rows"][0]["buyer"].as_str()
            ),
            (Some("甲"), Some("乙")),
            "{s} {b}"
        );
    }
}

#[test]
fn a_quantity_column_needs_units_in_its_cells() {
    // 数量 may count animals: a bare number there is an unknown weight (the row is kept) unless
    // --default-unit says.
    let csv = "卖家,买家,物种,数量,日期\n甲,乙,x,10,2022-04-01\n甲,乙,x,3条,2022-04-02\n甲,乙,x,4斤,2022-04-03\n";
    let v = stdin_json(&["totals"], csv);
    assert_eq!(
        v["input"],
        json!({"rows": 3, "accepted": 3, "rejected": 0, "unknown_cells": 1, "rows_with_unknown": 1})
    );
    // Kept: three transactions, the bare 10 and the 3条 (a count) of unknown weight.
    assert_eq!(v["rows"][0]["transactions"], 3);
    assert_eq!(v["rows"][0]["unknown_weight"], 2);
    assert_eq!(v["rows"][0]["weight_kg"], 2.0);
    assert_eq!(v["rows"][0]["count"], 3.0);
    let v = stdin_json(&["--default-unit", "斤", "totals"], csv);
    assert_eq!(v["input"]["rejected"], 0);
    assert_eq!(v["rows"][0]["weight_kg"], 7.0);
    // A unit in the header gives bare numbers their unit.
    let csv = "卖家,买家,物种,重量（斤）,日期\n甲,乙,x,10,2022-04-01\n甲,乙,x,1kg,2022-04-01\n";
    assert_eq!(stdin_json(&["totals"], csv)["rows"][0]["weight_kg"], 6.0);
}

#[test]
fn map_wins_over_guessing_and_missing_columns_list_what_would_do() {
    let csv = "卖家,经手人,接收人,物种,重量,日期\n甲,乙,丙,x,1kg,2022-04-01\n";
    let v = stdin_json(
        &[
            "--map",
            "seller=经手人",
            "--map",
            "buyer=接收人",
            "totals",
            "--by",
            "link",
        ],
        csv,
    );
    assert_eq!(
        (
            v["rows"][0]["seller"].as_str(),
            v["rows"][0]["buyer"].as_str()
        ),
        (Some("乙"), Some("丙"))
    );
    let out = run_with_stdin(
        &["-i", "-", "--map", "seller=出售人", "totals"],
        csv.as_bytes(),
    );
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        e.contains("no column '出售人'") && e.contains("卖家, 经手人, 接收人"),
        "{e}"
    );
    let out = run_with_stdin(
        &["-i", "-", "totals"],
        "经手人,接收人,物种,重量,日期\n".as_bytes(),
    );
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("missing required columns 'seller' (or "), "{e}");
    assert!(
        e.contains("出售人") && e.contains("收购人") && e.contains("--map"),
        "{e}"
    );
    fails(&["--map", "sellr=x", "analyze"], 2);
}

#[test]
fn every_weight_form_of_the_issue() {
    let rows = [
        ("a", "１２０斤", 60.0, 0),
        ("b", "1,250斤", 625.0, 0),
        ("c", "50多斤", 25.0, 1),
        ("d", "50余斤", 25.0, 1),
        ("e", "约50斤", 25.0, 1),
        ("f", "50斤左右", 25.0, 1),
        ("g", ">50斤", 25.0, 1),
        ("h", "40-50斤", 20.0, 1),
        ("i", "６０ｋｇ", 60.0, 0),
    ];
    let mut csv = String::from("seller,buyer,species,weight,date\n");
    for (sp, w, _, _) in rows {
        csv.push_str(&format!("s,b,{sp},\"{w}\",2022-04-01\n"));
    }
    let v = stdin_json(&["--strict", "totals"], &csv);
    let mut got = weights(&v);
    got.sort_by(|a, b| a.0.cmp(&b.0));
    let want: Vec<(String, Value, u64)> = rows
        .iter()
        .map(|(sp, _, kg, n)| (sp.to_string(), json!(kg), *n))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn every_date_form_of_the_issue_and_the_interval_filter() {
    let csv = "seller,buyer,species,weight,date\n\
        a,b,range_month,1kg,2022年4月至5月\n\
        a,b,range_day,1kg,2022-04-01~2022-05-15\n\
        a,b,range_iso,1kg,2022-04/2022-09\n\
        a,b,timed,1kg,2022-06-01 10:30\n\
        a,b,timed_zh,1kg,2022年6月2日14时\n\
        a,b,day,1kg,2022-03-31\n";
    let v = stdin_json(&["--strict", "totals"], csv);
    let dates: Vec<(String, String, String)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["species"].as_str().unwrap().into(),
                r["first_date"].as_str().unwrap().into(),
                r["last_date"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("day", "2022-03-31", "2022-03-31"),
        ("range_day", "2022-04-01", "2022-05-15"),
        ("range_iso", "2022-04", "2022-09"),
        ("range_month", "2022-04", "2022-05"),
        ("timed", "2022-06-01", "2022-06-01"),
        ("timed_zh", "2022-06-02", "2022-06-02"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(dates, want);
    // A row fits a date filter when its interval overlaps it.
    let species = |args: &[&str]| -> Vec<String> {
        let mut a = args.to_vec();
        a.insert(0, "totals");
        let v = stdin_json(&a, csv);
        let mut s: Vec<String> = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["species"].as_str().unwrap().to_string())
            .collect();
        s.sort();
        s
    };
    assert_eq!(
        species(&["--from", "2022-05-10", "--to", "2022-05-20"]),
        ["range_day", "range_iso", "range_month"]
    );
    assert_eq!(
        species(&["--from", "2022-05-20", "--to", "2022-06"]),
        ["range_iso", "range_month", "timed", "timed_zh"]
    );
    assert_eq!(species(&["--to", "2022-03-31"]), ["day"]);
    assert_eq!(species(&["--from", "2022-09-30"]), ["range_iso"]);
}

#[test]
fn a_date_range_that_ends_before_it_starts_is_rejected_naming_it() {
    let csv = "seller,buyer,species,weight,date\na,b,x,1kg,2022年5月至4月\n";
    let out = run_with_stdin(&["-i", "-", "--strict", "totals"], csv.as_bytes());
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        e.contains(
            "<stdin> row 2: column 'date': date range '2022年5月至4月' ends before it starts"
        ),
        "{e}"
    );
}

#[test]
fn every_row_of_messy_cells_is_accepted_or_rejected_exactly_once() {
    // Generated rows mixing the new cell forms, good and bad: accepted + rejected = rows, the
    // rejects file lists exactly the rejected rows, and approximate rows are counted.
    let weights = [
        ("约50斤", true, false),
        ("40-50斤", true, false),
        ("50-40斤", false, true),
        ("１２０斤", false, false),
        ("1,250斤", false, false),
        ("1,25斤", false, true),
        ("3条左右", true, false),
        ("", false, false),
    ];
    let dates = [
        ("2022年4月至5月", false),
        ("2022年5月至4月", true),
        ("2022-04-01 10:30", false),
        ("2022-04-01 25:00", true),
        ("", false),
    ];
    let confidence = [
        ("confirmed", false),
        ("待核实", false),
        ("maybe", true),
        ("", false),
    ];
    // "　a" (an ideographic space) is a; "Ａ" is A, another party (names are case-sensitive).
    let parties = ["a", "b", "Ａ", "", "\u{3000}a"];
    let mut csv = String::from("seller,buyer,species,weight,date,confidence\n");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let (mut bad_rows, mut approx, mut bad_cells) = (Vec::new(), 0, Vec::new());
    for row in 1..=400 {
        let (s, b) = (parties[next(5)], parties[next(5)]);
        let (w, w_approx, w_bad) = weights[next(weights.len())];
        let (d, d_bad) = dates[next(dates.len())];
        let (c, c_bad) = confidence[next(confidence.len())];
        csv.push_str(&format!("{s},{b},眼镜蛇,\"{w}\",{d},{c}\n"));
        let norm = |x: &str| x.trim().to_string();
        let same = norm(s) == norm(b);
        // Only a row that cannot say who traded with whom is refused; a bad weight, date or
        // confidence is an unknown cell of a kept row.
        let refused = s.is_empty() || b.is_empty() || same;
        if refused {
            // The line of the text: the header is line 1.
            bad_rows.push(row + 1);
        } else {
            bad_cells.extend(
                [w_bad, d_bad, c_bad]
                    .iter()
                    .filter(|&&b| b)
                    .map(|_| row + 1),
            );
            if w_approx && !w_bad {
                approx += 1;
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
            "validate",
            "--format",
            "json",
        ],
        csv.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["input"]["rows"], 400);
    assert_eq!(v["input"]["rejected"], bad_rows.len());
    assert_eq!(v["input"]["accepted"], 400 - bad_rows.len());
    assert_eq!(v["approx_rows"], approx);
    assert_eq!(v["input"]["unknown_cells"], bad_cells.len());
    let listed: Vec<(usize, String)> = csv::Reader::from_path(&rejects)
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].parse().unwrap(), r[2].to_string())
        })
        .collect();
    let of = |p: &str| -> Vec<usize> {
        (listed.iter())
            .filter(|(_, x)| x == p)
            .map(|(r, _)| *r)
            .collect()
    };
    assert_eq!(of("refused"), bad_rows);
    assert_eq!(of("unknown_cell"), bad_cells);
}
