//! Quiet surprises (issue 24, item 15): options that were accepted and then did something other
//! than asked, without a word. Each test is named for what broke before it was fixed.

use crate::util::{fails, file, fixture, ok};

#[test]
fn totals_from_after_to_gave_an_empty_table() {
    let err = fails(&["totals", "--from", "2021-05", "--to", "2021-03-01"], 2);
    assert!(
        err.contains("--from 2021-05 is after --to 2021-03-01"),
        "{err}"
    );
    // The same month on both sides is a month, not an error.
    ok(&["totals", "--from", "2021-05", "--to", "2021-05"]);
}

#[test]
fn export_from_after_until_gave_an_empty_network() {
    let err = fails(
        &[
            "export",
            "--to",
            "json",
            "--from",
            "2022-01",
            "--until",
            "2021-12-31",
        ],
        2,
    );
    assert!(
        err.contains("--from 2022-01 is after --until 2021-12-31"),
        "{err}"
    );
}

#[test]
fn value_window_without_unit_was_read_as_days() {
    let err = fails(&["value", "--window", "2"], 2);
    assert!(err.contains("--window 2: a span needs its unit"), "{err}");
    assert!(err.contains("2y (years)"), "{err}");
}

#[test]
fn generate_rows_zero_wrote_29_rows() {
    let err = fails(&["generate", "--rows", "0"], 2);
    assert!(err.contains("--rows 0"), "{err}");
    assert!(err.contains("at least 29"), "{err}");
    // The least it can make is made exactly.
    let out = ok(&["generate", "--rows", "29"]);
    assert_eq!(out.lines().count(), 30, "{out}");
}

#[test]
fn generate_parties_one_wrote_32_parties() {
    let err = fails(&["generate", "--rows", "100", "--party-count", "1"], 2);
    assert!(err.contains("--party-count 1"), "{err}");
    assert!(err.contains("at least 20"), "{err}");
    ok(&["generate", "--rows", "100", "--party-count", "20"]);
}

#[test]
fn normalize_rejects_file_was_accepted_and_ignored() {
    let (d, path) = file(
        "s.csv",
        "seller,buyer,species,weight,unit,date\na,b,蛇,-1,kg,2021-01-01\n",
    );
    let rejects = d.path().join("rejects.csv").display().to_string();
    let err = fails(&["--rejects", &rejects, "normalize", &path], 2);
    assert!(err.contains("normalize writes no rejects file"), "{err}");
    assert!(err.contains("reject column"), "{err}");
    assert!(!std::path::Path::new(&rejects).exists());
}

#[test]
fn normalize_on_a_workbook_advised_iconv() {
    let xls = fixture("case.xls");
    let err = fails(&["normalize", &xls], 1);
    assert!(
        err.contains("case.xls is a workbook (.xls), not text"),
        "{err}"
    );
    assert!(err.contains("Save the sheet as CSV"), "{err}");
    assert!(!err.contains("iconv"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("case.xlsx");
    crate::formats::write_xlsx(&xlsx, false);
    let err = fails(&["normalize", xlsx.to_str().unwrap()], 1);
    assert!(
        err.contains("is a workbook (.xlsx, .xlsb or .ods)"),
        "{err}"
    );
    assert!(!err.contains("iconv"), "{err}");
    // The same workbook is read by the other commands.
    ok(&["-i", xlsx.to_str().unwrap(), "validate"]);
}

#[test]
fn messages_quoted_the_nfkc_form_of_a_cell() {
    let (_d, path) = file(
        "n.csv",
        "seller,buyer,species,weight,date\na,b,蛇,½斤x,2021-01-01\na,b,蛇,5斤,２０２１年１３月\n",
    );
    let out = crate::util::run(&["-i", &path, "validate", "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("in weight '½斤x'"), "{text}");
    assert!(!text.contains("1⁄2斤x"), "{text}");
    assert!(text.contains("'２０２１年１３月'"), "{text}");
    assert!(!text.contains("'2021年13月'"), "{text}");
}

#[test]
fn missing_column_error_quoted_the_whole_header() {
    let header: Vec<String> = (0..64)
        .map(|i| format!("c{i}{}", "x".repeat(1000)))
        .collect();
    let text = format!("{}\n{}\n", header.join(","), vec!["1"; 64].join(","));
    let (_d, path) = file("wide.csv", text);
    let err = fails(&["-i", &path, "validate"], 1);
    assert!(err.contains("missing required column"), "{err}");
    assert!(err.contains("(1002 characters)"), "{err}");
    assert!(err.contains("… and 34 more"), "{err}");
    assert!(err.len() < 4000, "{} bytes: {err}", err.len());
}

#[test]
fn generate_places_below_its_planted_rows_is_refused_and_at_them_makes_exactly_them() {
    // --places plants 18 rows more than the 29 of the typologies.
    let err = fails(&["generate", "--rows", "46", "--places"], 2);
    assert!(err.contains("at least 47"), "{err}");
    let out = ok(&["generate", "--rows", "47", "--places"]);
    assert_eq!(out.lines().count(), 48, "{out}");
    assert!(out.starts_with("seller,buyer,species,weight,unit,date,seller_place,buyer_place\n"));
    // 46 rows without --places are as they were.
    ok(&["generate", "--rows", "46"]);
}
