//! Issue 21: a row is refused only when it cannot say who traded with whom. On a file typed as a
//! forest-police officer types it (`tests/fixtures/officer_messy.csv`: Chinese headers, 斤, 约,
//! 三斤二两, 只, typos, `2023-04-32`, 面议 and 5000元 under 单价, a 合计 line, a row with no
//! buyer), every row naming both parties is kept, each bad cell unknown and named; the rejects
//! file, `validate`, JSON, `--strict`, the summary, the table footers and the balance say so.
//!
//! Row numbers are read from the rejects file, not written here: the tests hold whatever numbering
//! the rows have, as long as every output gives the same.

use serde_json::{Value, json};

use crate::util::{fails, fixture, json, ok, run};

fn messy() -> String {
    fixture("officer_messy.csv")
}

/// The rejects file of the messy case: (row, problem, reason, cells).
fn listed() -> Vec<(u64, String, String, Vec<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rejects.csv");
    ok(&[
        "-i",
        &messy(),
        "--rejects",
        path.to_str().unwrap(),
        "totals",
    ]);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().take(5).collect::<Vec<_>>(),
        ["file", "row", "problem", "reason", "出售人"]
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[1].parse().unwrap(),
                rec[2].to_string(),
                rec[3].to_string(),
                rec.iter().skip(4).map(str::to_string).collect(),
            )
        })
        .collect()
}

/// The row number of the line of the rejects file whose cells hold `cell`.
pub fn row_of(cell: &str) -> u64 {
    listed()
        .into_iter()
        .find(|(_, _, _, cells)| cells.iter().any(|c| c == cell))
        .unwrap_or_else(|| panic!("no listed row holds {cell}"))
        .0
}

#[test]
fn an_officers_file_keeps_every_row_that_names_both_parties() {
    let v = json(&["-i", &messy(), "totals", "--by", "link"]);
    // 20 rows: one has no buyer, one is a 合计 line; the other 18 are transactions, 8 of their
    // cells unknown in 7 rows.
    assert_eq!(
        v["input"],
        json!({"rows": 20, "accepted": 18, "rejected": 2, "unknown_cells": 8, "rows_with_unknown": 7})
    );
    let link = |s: &str, b: &str| -> Value {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["seller"] == s && r["buyer"] == b)
            .cloned()
            .unwrap_or_else(|| panic!("no link {s} → {b} in {v}"))
    };
    // 陈老板 → 王五饭店: 20斤, 15斤 (price 5000元 unknown), 穿山甲 1只, 30斤, 好多 (weight
    // unknown): five transactions, 32.5 kg known, the unknown weight not counted as 0.
    let l = link("陈老板", "王五饭店");
    assert_eq!(l["transactions"], 5, "{l}");
    assert_eq!(l["weight_kg"], 32.5, "{l}");
    // The pangolin bought on 2023-04-32 is in the network.
    assert_eq!(link("赵六", "陈老板")["transactions"], 1);
    // The total line is no party, and its 约250斤 is in no total.
    let parties = json(&["-i", &messy(), "players"]);
    assert!(!parties.to_string().contains("合计"), "{parties}");
    let all = json(&["-i", &messy(), "totals", "--by", "species"]);
    let kg: f64 = (all["rows"].as_array().unwrap().iter())
        .filter_map(|r| r["weight_kg"].as_f64())
        .sum();
    // 30 + 50 + 3.2 + 20 + 15 + 10 + 25 + 30 + 5 + 8 斤.
    assert!((kg - 98.1).abs() < 1e-9, "{kg} kg in {all}");
    // The row with no species is counted apart under 未知物种, never merged.
    let unknown = (all["rows"].as_array().unwrap().iter())
        .find(|r| r["species"] == "未知物种")
        .unwrap_or_else(|| panic!("no 未知物种 in {all}"));
    assert_eq!(
        (&unknown["transactions"], &unknown["weight_kg"]),
        (&json!(1), &json!(2.5))
    );
}

#[test]
fn each_bad_cell_is_named_in_the_rejects_file_with_its_problem() {
    let rows = listed();
    let find = |cell: &str, column: &str| {
        rows.iter()
            .find(|(_, _, reason, cells)| {
                cells.iter().any(|c| c == cell) && reason.contains(&format!("column '{column}'"))
            })
            .unwrap_or_else(|| panic!("{cell} ({column}) not listed: {rows:?}"))
    };
    for (cell, column) in [
        ("面议", "price"),
        ("5000元", "price"),
        ("2023-04-32", "date"),
        ("二〇二三年五月", "date"),
        ("几斤", "weight"),
        ("好多", "weight"),
        ("5月25日", "date"),
    ] {
        let (_, problem, reason, _) = find(cell, column);
        assert_eq!(problem, "unknown_cell", "{cell}");
        assert!(reason.contains(&format!("'{cell}'")), "{cell}: {reason}");
    }
    // A day the month does not have keeps the month.
    assert!(
        find("2023-04-32", "date")
            .2
            .ends_with("(kept: the month 2023-04)")
    );
    // An empty species is kept as 未知物种.
    assert!(find("物种不详", "species").2.contains("kept as 未知物种"));
    // Refused: the row with no buyer, and the total line, named as such.
    assert_eq!(find("买家不详", "buyer").1, "refused");
    let total = rows
        .iter()
        .find(|(_, _, _, cells)| cells[0] == "合计")
        .expect("the total line is listed");
    assert_eq!(total.1, "total_line");
    assert!(total.2.starts_with("a total line ('合计')"), "{}", total.2);
    // One line per cell: the row with 好多 and 5月25日 has two, in row order overall.
    assert_eq!(rows.len(), 10, "{rows:?}");
    assert!(rows.windows(2).all(|w| w[0].0 <= w[1].0), "{rows:?}");
}

#[test]
fn strict_stops_on_the_first_problem_naming_file_row_column_and_value() {
    let err = fails(&["-i", &messy(), "--strict", "analyze"], 1);
    assert!(
        err.contains("2 of 20 rows rejected, 8 cells unknown (--strict):"),
        "{err}"
    );
    let first = format!(
        "officer_messy.csv row {}: column 'price': '面议' is not a sum in 元",
        row_of("面议")
    );
    let line = err.lines().nth(1).unwrap_or_default();
    assert!(line.contains(&first), "{first} first in:\n{err}");
    assert!(line.ends_with("(row kept, the cell unknown)"), "{line}");
    assert!(err.contains("and 5 more"), "{err}");
}

#[test]
fn validate_and_json_list_the_unknown_cells() {
    let out = run(&["-i", &messy(), "validate", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "cells unknown fail validate");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cells = v["cell_problems"].as_array().unwrap();
    assert_eq!(cells.len(), 8);
    let month = cells
        .iter()
        .find(|c| c["kept"] != "unknown" && c["column"] == "date")
        .expect("the date that kept its month");
    assert_eq!(month["kept"], json!({"month": "2023-04"}));
    assert_eq!(month["row"], row_of("2023-04-32"));
    let kinds: Vec<&str> = v["unknown_cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["kind"].as_str().unwrap())
        .collect();
    for k in [
        "not_money",
        "price_without_unit",
        "no_such_day",
        "not_a_number",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    let table = String::from_utf8(run(&["-i", &messy(), "validate"]).stdout).unwrap();
    assert!(
        table.contains(
            "20 read, 18 accepted (1 approximate), 2 rejected; 8 cells unknown in 7 rows"
        ),
        "{table}"
    );
    assert!(table.contains("Unknown cells, by reason"), "{table}");
    // Every command's JSON input counts them.
    let a = json(&["-i", &messy(), "analyze"]);
    assert_eq!(a["input"]["unknown_cells"], 8);
    assert_eq!(a["input"]["rows_with_unknown"], 7);
}

#[test]
fn the_summary_and_the_tables_say_what_they_stand_on() {
    let report = ok(&["-i", &messy(), "analyze"]);
    assert!(
        report.contains("20 read, 18 accepted, 2 rejected; 8 cells unknown in 7 rows"),
        "{report}"
    );
    for cmd in ["totals", "players", "balance", "networks"] {
        let table = ok(&["-i", &messy(), cmd]);
        assert!(
            table.trim_end().ends_with(
                "Based on 18 of 20 rows (2 refused); 8 cells unknown in 7 rows (wildchain validate \
                 lists them)"
            ),
            "{cmd}:\n{table}"
        );
    }
    let zh = ok(&["-i", &messy(), "--lang", "zh", "totals"]);
    assert!(
        zh.contains("依据 20 行中的 18 行（拒绝 2 行）；7 行中有 8 个单元格不明"),
        "{zh}"
    );
    let warned = run(&["-i", &messy(), "totals"]);
    let stderr = String::from_utf8_lossy(&warned.stderr);
    assert!(
        stderr.contains("8 cells unknown in 7 rows: the rows are kept"),
        "{stderr}"
    );
    // Data read whole says nothing more: the embedded case has no footer.
    assert!(!ok(&["totals"]).contains("Based on"));
}

#[test]
fn a_balance_line_resting_on_a_row_with_a_problem_names_the_row() {
    let v = json(&["-i", &messy(), "balance"]);
    let line = |party: &str, species: &str| -> Value {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["party"] == party && r["species"] == species)
            .cloned()
            .unwrap_or_else(|| panic!("no {party} {species} in {v}"))
    };
    // 陈老板's cobras: rows with 5000元, 二〇二三年五月, 几斤, 好多 (the first: 5000元).
    let b = line("陈老板", "眼镜蛇");
    assert_eq!(b["problem_rows"], 4, "{b}");
    let first = b["first_problem_row"].as_str().unwrap();
    assert!(
        first.ends_with(&format!("officer_messy.csv row {}", row_of("5000元"))),
        "{first}"
    );
    // The pangolins rest on the row dated 2023-04-32.
    let p = line("陈老板", "穿山甲属");
    assert_eq!(p["problem_rows"], 1, "{p}");
    assert!(
        (p["first_problem_row"].as_str().unwrap())
            .ends_with(&format!("row {}", row_of("2023-04-32"))),
        "{p}"
    );
    // A line whose rows were all read says nothing of problems.
    assert!(line("刘七", "三线闭壳龟").get("problem_rows").is_none());
    let table = ok(&["-i", &messy(), "balance"]);
    assert!(table.contains("rests on rows with a problem"), "{table}");
}

#[test]
fn a_case_says_which_records_rest_on_a_row_with_a_problem() {
    use std::sync::Arc;
    use wildchain::case::{Case, Options};
    use wildchain::ingest::{Kept, Source, reason::Column};
    let bytes = std::fs::read(messy()).unwrap();
    let opts = Options::embedded()
        .unwrap()
        .with_inputs(vec![Source::Memory {
            name: "messy.csv".into(),
            bytes: Arc::new(bytes),
        }]);
    let case = Case::load(&opts).unwrap();
    let r = &case.data.records;
    let flagged: Vec<usize> = (0..r.len())
        .filter(|&i| case.record_has_problem(i))
        .collect();
    assert_eq!(flagged.len(), 7);
    let dated = (0..r.len())
        .flat_map(|i| case.problems_at(r.at(i)).iter())
        .find(|p| p.reason.column == Column::Date && p.kept != Kept::Unknown)
        .expect("the date that kept its month");
    assert_eq!(dated.row, row_of("2023-04-32"));
    assert!(matches!(dated.kept, Kept::Month(m) if m.to_string() == "2023-04"));
}

#[test]
fn total_lines_are_told_from_names() {
    use wildchain::ingest::reason::is_total;
    for t in [
        "合计",
        "小计",
        "总计",
        "共计",
        "合计：",
        "总计(斤)",
        " Total ",
        "TOTAL:",
        "Grand total",
        "subtotal",
    ] {
        assert!(is_total(t), "{t}");
    }
    for n in ["合计人", "Totalis", "张三", "", "共计划", "summer"] {
        assert!(!is_total(n), "{n}");
    }
}
