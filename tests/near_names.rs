//! Near names where conclusions are drawn (issue 21): on a file typed as an officer types it,
//! `陈老版` beside `陈老板` and `眼睛蛇` beside `眼镜蛇` are listed by `analyze`, its JSON and the
//! report, with the rows and leads they touch; `validate --write-aliases` drafts an aliases file
//! that merges nothing until the analyst confirms a line. And two 100,000-character names one
//! character apart are compared in bounded memory (issue 24, item 2).

use serde_json::Value;

use crate::util::{fails, fixture, json, ok, run, write};

/// Rows of the fixture whose seller, buyer or species cell (trimmed) is `name`.
fn rows_naming(name: &str) -> u64 {
    let text = std::fs::read_to_string(fixture("officer_names.csv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| l.split(',').take(3).any(|c| c.trim() == name))
        .count() as u64
}

fn near<'a>(v: &'a Value, alias: &str) -> &'a Value {
    (v["near_names"].as_array().unwrap().iter())
        .find(|n| n["alias"] == alias)
        .unwrap_or_else(|| panic!("no near name {alias}: {}", v["near_names"]))
}

#[test]
fn analyze_lists_the_typos_of_a_party_and_of_a_species_with_their_rows() {
    let f = fixture("officer_names.csv");
    let text = ok(&["-i", &f, "analyze"]);
    let (before_leads, _) = text.split_once("\nLeads").unwrap();
    for (alias, canonical) in [("陈老版", "陈老板"), ("眼睛蛇", "眼镜蛇")] {
        let rows = rows_naming(alias) + rows_naming(canonical);
        let line = (before_leads.lines())
            .find(|l| l.contains(&format!("{alias} ~ {canonical}")))
            .unwrap_or_else(|| panic!("{alias} ~ {canonical} not in the summary:\n{text}"));
        assert!(line.contains(&format!("touches {rows} rows")), "{line}");
    }
    assert!(before_leads.contains("Probable duplicates, not merged"));
    let zh = ok(&["-i", &f, "analyze", "--lang", "zh"]);
    assert!(
        zh.contains("可能重复的名称") && zh.contains("当事人 陈老版 ~ 陈老板"),
        "{zh}"
    );
}

#[test]
fn json_near_names_say_what_they_touch() {
    let f = fixture("officer_names.csv");
    let v = json(&["-i", &f, "analyze"]);
    let leads = v["leads"].as_array().unwrap();
    for (alias, canonical, kind, field) in [
        ("陈老版", "陈老板", "party", "parties"),
        ("眼睛蛇", "眼镜蛇", "species", "species"),
    ] {
        let n = near(&v, alias);
        assert_eq!(n["kind"], kind);
        assert_eq!(n["canonical"], canonical);
        assert_eq!(n["alias_rows"], rows_naming(alias));
        assert_eq!(n["canonical_rows"], rows_naming(canonical));
        // The leads listed are exactly those that name either name, by the numbers the tables
        // show (`lead`: a party's findings share one), each once.
        let names = |l: &Value| -> bool {
            (l[field].as_array().unwrap().iter()).any(|x| x == alias || x == canonical)
        };
        let mut want: Vec<u64> = (leads.iter())
            .filter(|l| l["kind"] != "quiet_sources" && names(l))
            .map(|l| l["lead"].as_u64().unwrap())
            .collect();
        want.sort_unstable();
        want.dedup();
        assert!(!want.is_empty(), "the fixture has leads on {alias}");
        let got: Vec<u64> = (n["leads"].as_array().unwrap().iter())
            .map(|x| x.as_u64().unwrap())
            .collect();
        assert_eq!(got, want, "{alias}");
    }
    // 陈老版 bought from 张三 and 王五: the parties a merge would move.
    assert_eq!(
        near(&v, "陈老版")["parties"],
        serde_json::json!(["张三", "王五"])
    );
    // Nothing merged by guessing: both parties are there.
    let parties: Vec<&str> = (v["parties"].as_array().unwrap().iter())
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(parties.contains(&"陈老版") && parties.contains(&"陈老板"));
}

#[test]
fn the_report_page_lists_them_in_its_summary() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("case.html");
    let f = fixture("officer_names.csv");
    let out = run(&[
        "-i",
        &f,
        "report",
        "-o",
        page.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(out.status.success());
    let html = std::fs::read_to_string(&page).unwrap();
    let summary = &html[html.find("id=\"summary\"").unwrap()..html.find("id=\"leads\"").unwrap()];
    assert!(summary.contains("陈老版 ~ 陈老板"), "{summary}");
    assert!(summary.contains("眼睛蛇 ~ 眼镜蛇"), "{summary}");
}

#[test]
fn a_drafted_aliases_file_merges_only_what_the_analyst_confirms() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture("officer_names.csv");
    let draft = dir.path().join("aliases.csv");
    let d = draft.to_str().unwrap();
    ok(&["validate", &f, "--write-aliases", d]);
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("\n陈老版,陈老板,unconfirmed\n"), "{text}");
    assert!(text.contains("眼睛蛇") && text.contains("眼镜蛇"), "{text}");
    let parties = |v: &Value| -> Vec<String> {
        (v["parties"].as_array().unwrap().iter())
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    // Passed back as drafted: nothing merged, and analyze says the line was not applied.
    let v = json(&["-i", &f, "--aliases", d, "analyze"]);
    assert!(parties(&v).contains(&"陈老版".to_string()));
    let table = ok(&["-i", &f, "--aliases", d, "analyze"]);
    assert!(
        table.contains("1 suggestion marked unconfirmed, not applied"),
        "{table}"
    );
    // Confirmed by deleting the mark: 陈老版 is read as 陈老板, with all its rows.
    let confirmed = write(
        dir.path(),
        "confirmed.csv",
        text.replace("陈老版,陈老板,unconfirmed", "陈老版,陈老板"),
    );
    let v = json(&["-i", &f, "--aliases", &confirmed, "analyze"]);
    assert!(!parties(&v).contains(&"陈老版".to_string()));
    let chen = (v["parties"].as_array().unwrap().iter())
        .find(|p| p["name"] == "陈老板")
        .unwrap();
    assert_eq!(chen["suppliers"], 3, "张三, 李四 and 王五: {chen}");
    assert!(
        v["near_names"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["kind"] != "party")
    );
    // The draft is an output: never onto an input.
    let before = std::fs::read(&f).unwrap();
    let e = fails(&["validate", &f, "--write-aliases", &f], 1);
    assert!(e.contains("refusing to write"), "{e}");
    assert_eq!(std::fs::read(&f).unwrap(), before);
}

#[test]
fn two_long_names_one_character_apart_are_compared_in_bounded_memory() {
    // validate built a table of edits for two 100,000-character names: 10^10 cells, aborted
    // (20,000 characters already took 2.5 GB). Under a 1 GB address space it completes.
    let dir = tempfile::tempdir().unwrap();
    let a: String = (0..100_000u32)
        .map(|i| char::from_u32(0x4E00 + (i * 7) % 5000).unwrap())
        .collect();
    let mut b: Vec<char> = a.chars().collect();
    b[70_000] = if b[70_000] == '某' { '甲' } else { '某' };
    let b: String = b.into_iter().collect();
    let csv = format!(
        "seller,buyer,species,weight,date\n{a},张三,眼镜蛇,1kg,2022-04-01\n{b},李四,眼镜蛇,1kg,2022-04-01\n"
    );
    let f = write(dir.path(), "long.csv", csv);
    let started = std::time::Instant::now();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1000000 && exec \"$0\" validate \"$1\" --format json")
        .arg(env!("CARGO_BIN_EXE_wildchain"))
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(started.elapsed().as_secs() < 60);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = v["parties"]["likely_duplicates"].as_array().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["why"], "one_character");
}
