//! Settings travel as a value: the case summary is worded once (the text report of `analyze` and
//! the page of `report` state the same figures in the same words, in either language), and
//! `--raw-csv` reaches every CSV writer, the rejects file included.

use crate::util::{fixture, ok};

/// The summary lines of the text report (`key: value` after the `Case:` line, up to the first
/// blank line).
fn text_summary(args: &[&str]) -> Vec<(String, String)> {
    let mut a = vec!["analyze"];
    a.extend(args);
    ok(&a)
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once(':').expect("a key: value line");
            (k.to_string(), v.trim_start().to_string())
        })
        .collect()
}

/// Text as the page escapes it.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page once said `1 separate networks, 0 cycles` (and `0 个循环`) where the text report said
/// `1 separate network, no cycles` (`无循环`): both now print one summary.
#[test]
fn the_page_states_the_case_as_the_text_report_does() {
    let cases = [
        vec![],
        vec!["-i".to_string(), fixture("diamond.csv")],
        vec!["-i".to_string(), fixture("rings.csv")],
    ];
    for case in &cases {
        for lang in ["en", "zh"] {
            let mut args: Vec<&str> = case.iter().map(String::as_str).collect();
            args.extend(["--lang", lang]);
            let lines = text_summary(&args);
            assert_eq!(lines.len(), 4, "{args:?}: {lines:?}");
            let mut a = vec!["report"];
            a.extend(&args);
            let page = ok(&a);
            for (k, v) in &lines {
                let shown = format!("<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
                assert!(page.contains(&shown), "{args:?}: the page lacks {shown}");
            }
        }
    }
    let en = text_summary(&["--lang", "en"]);
    assert!(en[1].1.ends_with("1 separate network, no cycles"), "{en:?}");
    let zh = text_summary(&["--lang", "zh"]);
    assert!(zh[1].1.ends_with("1 个独立网络，无循环"), "{zh:?}");
}

/// The rejects file guards cells that a spreadsheet would run (`-5kg` → `'-5kg`), and keeps them
/// as written under `--raw-csv`, like every other CSV output.
#[test]
fn the_rejects_file_follows_raw_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = |raw: bool| {
        let path = dir.path().join(if raw { "raw.csv" } else { "guarded.csv" });
        let path_s = path.display().to_string();
        let input = fixture("bad_rows.csv");
        let mut args = vec!["links", "-i", &input, "--rejects", &path_s];
        if raw {
            args.push("--raw-csv");
        }
        ok(&args);
        std::fs::read_to_string(&path).expect("the rejects file")
    };
    let (guarded, raw) = (file(false), file(true));
    assert!(guarded.contains(",x,'-5kg,2022-01-01,"), "{guarded}");
    assert!(!guarded.contains(",x,-5kg,"), "{guarded}");
    assert!(raw.contains(",x,-5kg,2022-01-01,"), "{raw}");
    assert!(!raw.contains(",x,'-5kg,"), "{raw}");
}
