//! One way in: every command loads its case through the library (`case::Options` → `Case`), which
//! writes the rejects file before `--strict` refuses, refuses rows mixed with links and a network
//! the data lacks as usage errors, and reports warnings as facts the command line words in the
//! language asked for; `validate` and `species` speak Chinese under `--lang zh`.

use serde_json::Value;

use crate::util::{fails, fixture, ok, run};

#[test]
fn strict_refuses_after_the_rejects_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let err = fails(
        &[
            "analyze",
            "-i",
            &fixture("bad_rows.csv"),
            "--strict",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        1,
    );
    assert!(err.contains("cells unknown (--strict):"), "{err}");
    let written = std::fs::read_to_string(&rejects).expect("the rejects file is written");
    let lines = written.lines().count() as u64 - 1;
    // `3 of 11 rows rejected, 6 cells unknown`: the file has a line for each.
    let words: Vec<&str> = err.trim_start_matches("wildchain: ").split(' ').collect();
    let rejected: u64 = words[0].parse().expect("a count of rejected rows");
    let cells: u64 = words[5].parse().expect("a count of unknown cells");
    assert_eq!(lines, rejected + cells, "{written}");
}

#[test]
fn a_network_the_data_lacks_is_a_usage_error_after_the_rejects_file() {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let err = fails(
        &[
            "networks",
            "-i",
            &fixture("bad_rows.csv"),
            "--network",
            "99",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains("--network 99: the data has "), "{err}");
    assert!(rejects.exists());
}

#[test]
fn rows_mixed_with_links_are_refused_in_the_words_of_how_the_rows_came() {
    let case = fixture("diamond.csv");
    let err = fails(&["analyze", "-i", &case, "--links", &case], 2);
    assert_eq!(
        err,
        "wildchain: --links and --input cannot be combined: aggregate the rows first \
         (wildchain links)\n"
    );
    let err = fails(&["validate", &case, "--links", &case], 2);
    assert_eq!(
        err,
        "wildchain: validate FILE… reads case files: give links files as --links FILE only\n"
    );
}

#[test]
fn validate_never_writes_onto_its_file_argument() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.csv");
    std::fs::copy(fixture("diamond.csv"), &case).unwrap();
    let before = std::fs::read(&case).unwrap();
    let path = case.to_str().unwrap();
    let err = fails(&["validate", path, "-o", path], 1);
    assert!(err.contains("refusing to write"), "{err}");
    let err = fails(&["validate", path, "--rejects", path], 1);
    assert!(err.contains("refusing to write"), "{err}");
    assert_eq!(std::fs::read(&case).unwrap(), before);
}

#[test]
fn warnings_read_in_chinese_under_lang_zh() {
    let bad = fixture("bad_rows.csv");
    let out = run(&["totals", "-i", &bad, "--lang", "zh"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wildchain: 警告："), "{err}");
    assert!(err.contains("行被拒绝并排除（第一行："), "{err}");
    assert!(!err.contains("warning"), "{err}");
    let out = run(&["totals", "-i", &bad, "--lang", "en"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wildchain: warning: "), "{err}");
    assert!(err.contains("rows rejected and left out (first: "), "{err}");
}

/// The strings of a JSON value, anywhere in it.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The lines of a text that hold an English phrase once the data's own strings (names, units,
/// file names, formats, the reasons and notes ingest words) are taken out: two Latin words of two
/// or more letters with only spaces between.
fn english(text: &str, data: &[String]) -> Vec<String> {
    let mut data: Vec<&String> = data.iter().filter(|s| s.len() > 2).collect();
    data.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut found = Vec::new();
    for line in text.lines() {
        let mut rest = line.to_string();
        for s in &data {
            rest = rest.replace(s.as_str(), "|");
        }
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut start = None;
        for (i, c) in rest.char_indices().chain([(rest.len(), '|')]) {
            match (start, c.is_ascii_alphabetic()) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    words.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        let phrase = words.windows(2).any(|w| {
            let ((a, b), (c, d)) = (w[0], w[1]);
            b - a > 1 && d - c > 1 && rest[b..c].chars().all(|ch| ch == ' ')
        });
        if phrase {
            found.push(line.to_string());
        }
    }
    found
}

#[test]
fn validate_in_chinese_has_chinese_titles_and_no_english_sentence() {
    for input in [None, Some(fixture("chinese_headers.csv"))] {
        let mut args = vec!["validate"];
        if let Some(i) = &input {
            args.push(i);
        }
        let v: Value =
            serde_json::from_str(&ok(&[&args[..], &["--format", "json"]].concat())).expect("JSON");
        let mut data = Vec::new();
        strings(&v, &mut data);
        let zh = ok(&[&args[..], &["--lang", "zh"]].concat());
        for title in ["  格式:", "行:", "\n物种：", "\n当事人："] {
            assert!(zh.contains(title), "{title:?} missing:\n{zh}");
        }
        let left = english(&zh, &data);
        assert!(
            left.is_empty(),
            "English in `validate --lang zh`: {left:?}\n{zh}"
        );
        let en = ok(&args);
        assert!(en.contains("\nSpecies: "), "{en}");
        assert!(!english(&en, &data).is_empty(), "the check finds English");
    }
}

#[test]
fn species_in_chinese_counts_and_titles_in_chinese() {
    let zh = ok(&["species", "--lang", "zh"]);
    assert!(
        zh.lines().next().is_some_and(|l| l.ends_with(" 个物种")),
        "{zh}"
    );
    assert!(zh.contains("上级分类") && zh.contains("内置"), "{zh}");
    assert!(
        !zh.contains("built-in") && !zh.contains(" species "),
        "{zh}"
    );
    let zh = ok(&["species", "--products", "--lang", "zh"]);
    assert!(
        zh.lines().next().is_some_and(|l| l.ends_with(" 种产品")),
        "{zh}"
    );
    assert!(zh.contains("是") && !zh.contains(" yes"), "{zh}");
    let csv = ok(&["species", "--products", "--format", "csv", "--lang", "zh"]);
    assert!(
        csv.contains(",yes,") || csv.contains(",no,"),
        "CSV stays English: {csv}"
    );
}
