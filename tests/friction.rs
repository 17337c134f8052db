//! Friction an officer meets on a first case file (issue 21): no date column, `中旬`, dates without
//! a year, `1只（死体）`, bare numbers under 重量, a 备注 column, and row numbers that match what
//! Excel/WPS and a text editor show. Each test reads `officer_friction.csv` (typed as an officer
//! types: a title row, Chinese headers, 斤, a note spanning two lines) or a file written from it.

use std::path::Path;

use crate::formats::gbk;
use crate::util::{fixture, ok, run, write};

/// The fixture's rows (title row and header included), as a spreadsheet holds them.
fn table() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(fixture("officer_friction.csv")).expect("fixture");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("record").iter().map(str::to_string).collect())
        .collect()
}

/// The table as an Excel workbook: the title in A1, the header in row 2, every cell as text.
fn write_xlsx(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in table().iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell).expect("cell");
            }
        }
    }
    wb.save(path).expect("save");
}

/// Runs wildchain with `--format json` and parses stdout, whatever the exit code (`validate`
/// exits 1 when a row is rejected).
fn json_of(args: &[&str]) -> serde_json::Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let out = run(&a);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The `row` column of a rejects file.
fn rejected_rows(rejects: &str) -> Vec<u64> {
    let mut r = csv::Reader::from_reader(rejects.as_bytes());
    r.records()
        .map(|rec| rec.expect("record")[1].parse().expect("a row number"))
        .collect()
}

/// Runs `validate` on `input` with `--rejects`, and returns the rows of the rejects file.
fn rejects_of(dir: &Path, input: &str, extra: &[&str]) -> Vec<u64> {
    let out = dir.join("rejects.csv");
    let mut args = vec![
        "-i",
        input,
        "--rejects",
        out.to_str().expect("path"),
        "validate",
    ];
    args.extend(extra);
    run(&args);
    rejected_rows(&std::fs::read_to_string(&out).expect("rejects file"))
}

#[test]
fn row_numbers_are_the_excel_row_and_the_text_editors_line() {
    let dir = tempfile::tempdir().expect("dir");
    // The GBK CSV Chinese Windows Excel saves, and the workbook, of one table: 赵某's row has no
    // buyer and is refused. Excel shows it on row 8 (title 1, header 2); a text editor on line 9,
    // the note above it spanning lines 6 and 7.
    let text = std::fs::read_to_string(fixture("officer_friction.csv")).expect("fixture");
    let csv_path = write(dir.path(), "case_gbk.csv", gbk(&text));
    let xlsx = dir.path().join("case.xlsx");
    write_xlsx(&xlsx);
    let year = ["--year", "2023"];
    assert_eq!(rejects_of(dir.path(), &csv_path, &year), [9]);
    assert_eq!(
        rejects_of(dir.path(), xlsx.to_str().expect("path"), &year),
        [8]
    );
    // The line holds what the row says: line 9 of the text is 赵某's.
    let line9 = text.lines().nth(8).expect("line 9");
    assert!(line9.starts_with("赵某,,"), "{line9}");
    // A plain CSV without a title: the header is line 1, the first record line 2.
    let plain = write(
        dir.path(),
        "plain.csv",
        "出售人,收购人,物种,重量,交易时间\n王某,,眼镜蛇,3斤,2023-04-01\n",
    );
    assert_eq!(rejects_of(dir.path(), &plain, &[]), [2]);
    // validate says where the header is, as each program numbers it.
    let text_of = |args: &[&str]| String::from_utf8_lossy(&run(args).stdout).into_owned();
    let v = text_of(&[
        "-i", &csv_path, "validate", "--year", "2023", "--lang", "en",
    ]);
    assert!(v.contains("header on line 2"), "{v}");
    let x = xlsx.to_str().expect("path");
    let v = text_of(&["-i", x, "validate", "--year", "2023", "--lang", "en"]);
    assert!(v.contains("header on row 2"), "{v}");
    // normalize numbers every row by its line: the title and the header above, the note that
    // spans lines 6 and 7 before line 8.
    let utf8 = write(dir.path(), "case.csv", &text);
    let rows: Vec<u64> = ok(&["normalize", &utf8, "--year", "2023", "--format", "json"])
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["row"].as_u64().expect("row")
        })
        .collect();
    assert_eq!(rows, [3, 4, 5, 6, 8, 9, 10, 11]);
}

#[test]
fn a_file_without_a_date_column_is_analysed_and_time_analyses_say_it_has_none() {
    let dir = tempfile::tempdir().expect("dir");
    let path = write(
        dir.path(),
        "no_dates.csv",
        "出售人,收购人,物种,重量,备注\n王某,陈老板,眼镜蛇,30斤,\n陈老板,某饭店,眼镜蛇,20斤,饭店\n",
    );
    let out = ok(&["-i", &path, "analyze", "--lang", "en"]);
    assert!(out.contains("陈老板"), "{out}");
    for args in [
        vec!["chains", "--temporal"],
        vec!["totals", "--by", "month"],
        vec!["totals", "--from", "2023-01-01"],
    ] {
        let mut all = vec!["-i", path.as_str(), "--lang", "en"];
        all.extend(&args);
        let o = run(&all);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{args:?}: {err}");
        assert!(err.contains("the case has no dates"), "{args:?}: {err}");
    }
    let zh = ["-i", path.as_str(), "--lang", "zh", "chains", "--temporal"];
    let err = String::from_utf8_lossy(&run(&zh).stderr).into_owned();
    assert!(err.contains("案件没有日期"), "{err}");
    // A case with dates says nothing of the kind.
    let err = String::from_utf8_lossy(&run(&["chains", "--temporal"]).stderr).into_owned();
    assert!(!err.contains("no dates"), "{err}");
}

#[test]
fn thirds_of_a_month_and_dates_without_a_year() {
    let dir = tempfile::tempdir().expect("dir");
    let path = write(
        dir.path(),
        "case.csv",
        std::fs::read(fixture("officer_friction.csv")).expect("fixture"),
    );
    // Without --year, 4月20日 (line 5) and 4月下旬 (line 8) are unknown dates with their reason.
    let out = dir.path().join("rejects.csv");
    run(&[
        "-i",
        &path,
        "--rejects",
        out.to_str().expect("p"),
        "validate",
    ]);
    let rejects = std::fs::read_to_string(&out).expect("rejects");
    for (row, cell) in [(5, "4月20日"), (8, "4月下旬")] {
        let line = rejects
            .lines()
            .find(|l| l.contains(&format!(",{row},")))
            .unwrap_or_else(|| panic!("row {row} in:\n{rejects}"));
        assert!(
            line.contains(&format!("date '{cell}' has no year; give --year")),
            "{line}"
        );
    }
    // With it, every row naming both parties is in, and 中旬, 下旬, 上旬 fall in their months.
    let v = json_of(&["-i", &path, "--year", "2023", "validate"]);
    assert_eq!(v["input"]["rejected"], 1, "{v}");
    assert_eq!(v["input"]["accepted"], 7, "{v}");
    let t = crate::util::json(&["-i", &path, "--year", "2023", "totals", "--by", "month"]);
    let text = t.to_string();
    assert!(
        text.contains("2023-04") && text.contains("2023-05"),
        "{text}"
    );
    // 2023年4月中旬 is 11–20 April: inside a filter on those days, outside one on the 21st on.
    let inside = crate::util::json(&[
        "-i",
        &path,
        "--year",
        "2023",
        "totals",
        "--by",
        "seller",
        "--from",
        "2023-04-11",
        "--to",
        "2023-04-20",
    ]);
    assert!(inside.to_string().contains("王某"), "{inside}");
    let after = crate::util::json(&[
        "-i",
        &path,
        "--year",
        "2023",
        "totals",
        "--by",
        "seller",
        "--from",
        "2023-04-21",
        "--to",
        "2023-04-30",
    ]);
    assert!(!after.to_string().contains("王某"), "{after}");
}

#[test]
fn the_bare_number_warning_leaves_out_a_total_line_and_rows_refused() {
    // Typed as an officer types: Chinese headers, bare numbers under 重量, a row without a seller
    // and a 合计 line whose 49 is the sum of the others. Only rows 2 and 3 are transactions.
    let path = fixture("bare_total_zh.csv");
    let err =
        String::from_utf8_lossy(&run(&["-i", &path, "--lang", "en", "totals"]).stderr).into_owned();
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("bare number")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("column 重量")
            && lines[0].contains("2 bare numbers read as kg (rows 2, 3)"),
        "{err}"
    );
    // The total line is still set apart as such.
    let dir = tempfile::tempdir().expect("dir");
    let rejects = dir.path().join("rejects.csv");
    run(&[
        "-i",
        &path,
        "totals",
        "--rejects",
        &rejects.display().to_string(),
    ]);
    let refused = std::fs::read_to_string(&rejects).expect("rejects file");
    assert!(refused.contains("total_line"), "{refused}");
    let zh =
        String::from_utf8_lossy(&run(&["-i", &path, "--lang", "zh", "totals"]).stderr).into_owned();
    assert!(
        zh.contains("2 个没有单位的数字按 kg 读取（第 2、3 行）"),
        "{zh}"
    );
}

#[test]
fn bare_numbers_under_a_weight_column_with_no_unit_anywhere_are_one_warning_per_file() {
    let dir = tempfile::tempdir().expect("dir");
    let bare = write(
        dir.path(),
        "bare.csv",
        "出售人,收购人,物种,重量,交易时间\n王某,陈老板,眼镜蛇,30,2023-04-01\n陈老板,李某,眼镜蛇,50,2023-04-02\n李某,赵某,眼镜蛇,20,2023-04-03\n",
    );
    let err =
        String::from_utf8_lossy(&run(&["-i", &bare, "--lang", "en", "totals"]).stderr).into_owned();
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("bare number")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("column 重量")
            && lines[0].contains("3 bare numbers read as kg")
            && lines[0].contains("--default-unit 斤` if they are jin"),
        "{err}"
    );
    let zh =
        String::from_utf8_lossy(&run(&["-i", &bare, "--lang", "zh", "totals"]).stderr).into_owned();
    assert!(zh.contains("重量") && zh.contains("按 kg 读取"), "{zh}");
    // --default-unit, a unit column or a unit in the header: nothing to say.
    for args in [vec!["--default-unit", "斤"], vec![]] {
        let path = if args.is_empty() {
            write(
                dir.path(),
                "jin.csv",
                "出售人,收购人,物种,重量(斤),交易时间\n王某,陈老板,眼镜蛇,30,2023-04-01\n",
            )
        } else {
            bare.clone()
        };
        let mut all = vec!["-i", path.as_str(), "totals"];
        all.extend(&args);
        let err = String::from_utf8_lossy(&run(&all).stderr).into_owned();
        assert!(!err.contains("bare number"), "{args:?}: {err}");
    }
    // A lone 30 among 斤 cells: still kg, and the warning names its row (line 6 of the fixture).
    let path = write(
        dir.path(),
        "case.csv",
        std::fs::read(fixture("officer_friction.csv")).expect("fixture"),
    );
    let err = String::from_utf8_lossy(
        &run(&["-i", &path, "--year", "2023", "--lang", "en", "totals"]).stderr,
    )
    .into_owned();
    let line = err
        .lines()
        .find(|l| l.contains("bare number"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.contains("1 bare number read as kg") && line.contains("row 6"),
        "{line}"
    );
    assert!(
        line.contains("other cells of the column give a unit"),
        "{line}"
    );
}

#[test]
fn a_count_with_a_state_and_the_note_column_are_kept_beside_the_row() {
    let dir = tempfile::tempdir().expect("dir");
    let path = write(
        dir.path(),
        "case.csv",
        std::fs::read(fixture("officer_friction.csv")).expect("fixture"),
    );
    // 1只（死体）: one pangolin, counted, accepted.
    let v = crate::util::json(&["-i", &path, "--year", "2023", "totals", "--by", "species"]);
    let pangolin = v["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r.to_string().contains("穿山甲")))
        .unwrap_or_else(|| panic!("{v}"))
        .clone();
    assert_eq!(pangolin["count"].as_f64(), Some(1.0), "{pangolin}");
    // Each row's note beside its file, row and source: the state, then the 备注 cell.
    let notes: Vec<(u64, Option<String>)> =
        ok(&["normalize", &path, "--year", "2023", "--format", "json"])
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
                (
                    v["row"].as_u64().expect("row"),
                    v["note"].as_str().map(str::to_string),
                )
            })
            .collect();
    let note = |row: u64| {
        (notes.iter())
            .find(|(r, _)| *r == row)
            .and_then(|(_, n)| n.clone())
    };
    assert_eq!(note(5).as_deref(), Some("死体; 在饭店冰柜查获"));
    assert_eq!(note(6).as_deref(), Some("老板称“约莫六十斤”\n具体不记得"));
    assert_eq!(note(8).as_deref(), Some("活"));
    assert_eq!(note(3), None);
    // validate shows the note column as read.
    let v = String::from_utf8_lossy(
        &run(&["-i", &path, "--year", "2023", "validate", "--lang", "en"]).stdout,
    )
    .into_owned();
    assert!(v.contains("note ← 备注"), "{v}");
}
