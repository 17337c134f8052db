//! Places in (issue 23): the seller's and the buyer's place columns of case files, kept as
//! written per row and per party with where they were read; places of one party that disagree;
//! the parties file (`--parties`), which wins over the rows; a lone `所在地` column not guessed.

use std::path::Path;

use serde_json::Value;

use crate::util::{file, ok, run, write};

/// A case typed as an officer types it: Chinese headers, 斤, a `#N/A` place pasted from a
/// spreadsheet, 丁某某's place written three ways (湖南, `湖南 怀化`, `湖南怀化`), 朱某某's two
/// ways, 瞿某青's not at all.
const MESSY: &str = "\
出售人,收购人,物种,重量,交易时间,卖方所在地,买方所在地,备注
朱某某,丁某某,穿山甲,20斤,2021-03-01,湖南省辰溪县,湖南,
左某某,丁某某,穿山甲,15斤,2021-03-05,辰溪,#N/A,
丁某某,广西买家,穿山甲,30斤,2021-04-01,湖南 怀化,广西,
丁某某,长沙买家,穿山甲,5斤,2021-04-02,湖南怀化,长沙,
瞿某青,朱某某,穿山甲,10斤,2021-02-01,,湖南省怀化市辰溪县,
";

/// `validate --format json`'s places, by party: (place, from, file name, row, column).
fn places(v: &Value) -> Vec<(String, String, String, u64, String)> {
    v["places"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    let name = Path::new(p["file"].as_str().unwrap_or_default())
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    (
                        format!(
                            "{}={}",
                            p["party"].as_str().unwrap(),
                            p["place"].as_str().unwrap()
                        ),
                        p["from"].as_str().unwrap().to_string(),
                        name,
                        p["row"].as_u64().unwrap(),
                        p["column"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `validate --format json` (exit 1 when a cell is unknown: its JSON is still written).
fn validate(args: &[&str]) -> Value {
    let mut a = vec!["validate"];
    a.extend(args);
    a.extend(["--format", "json"]);
    let out = run(&a);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn stderr(args: &[&str]) -> String {
    let out = run(args);
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn place_columns_give_each_party_its_most_precise_place_as_written() {
    let (_d, case) = file("案件.csv", MESSY);
    let v = validate(&["-i", &case]);
    let p = places(&v);
    let get = |party: &str| {
        p.iter()
            .find(|x| x.0.starts_with(&format!("{party}=")))
            .cloned()
    };
    // The most precise place that resolves, whichever side: 丁某某 is a buyer in 湖南 (row 2),
    // then a seller in 湖南 怀化 (row 4), the same place said more precisely.
    assert_eq!(
        get("丁某某"),
        Some((
            "丁某某=湖南 怀化".into(),
            "row".into(),
            "案件.csv".into(),
            4,
            "卖方所在地".into()
        ))
    );
    assert_eq!(
        get("朱某某"),
        Some((
            "朱某某=湖南省辰溪县".into(),
            "row".into(),
            "案件.csv".into(),
            2,
            "卖方所在地".into()
        ))
    );
    assert_eq!(get("广西买家").map(|x| x.3), Some(4));
    // No place written: unknown, not guessed.
    assert_eq!(get("瞿某青"), None);
    // The #N/A place is an unknown cell of a kept row, not a place nor a lost row.
    assert_eq!(v["input"]["accepted"], 5);
    assert_eq!(v["input"]["rejected"], 0);
    let cells = v["cell_problems"].as_array().unwrap();
    assert_eq!(cells.len(), 1, "{cells:?}");
    assert_eq!(cells[0]["row"], 3);
    assert_eq!(cells[0]["column"], "buyer_place");
    assert_eq!(cells[0]["kind"], "spreadsheet_error");
    // 湖南, 湖南 怀化 and 湖南怀化 are one place said more or less precisely: none is listed as
    // another place beside the one kept.
    let ding = v["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "丁某某")
        .unwrap();
    assert!(ding["others"].is_null(), "{ding}");
}

#[test]
fn the_place_most_rows_support_is_kept_not_the_odd_one_out() {
    // 黄某 is written 湖南 once (first), then 广西南宁 three times: the three win. 李某 is
    // written 湖南 twice, 湖南省怀化市辰溪县 once (the same place more precisely) and 广西 once:
    // 辰溪 has the support of three rows, 广西 of one.
    let (_d, case) = file(
        "多数.csv",
        "卖方,买方,物种,重量,日期,卖方所在地,买方所在地\n\
         黄某,甲,蛇,1斤,2021-01-01,湖南,\n\
         黄某,乙,蛇,1斤,2021-01-02,广西南宁,\n\
         丙,黄某,蛇,1斤,2021-01-03,,南宁市\n\
         黄某,丁,蛇,1斤,2021-01-04,广西壮族自治区南宁市,\n\
         李某,甲,蛇,1斤,2021-01-05,湖南,\n\
         李某,乙,蛇,1斤,2021-01-06,广西,\n\
         丙,李某,蛇,1斤,2021-01-07,,湖南省怀化市辰溪县\n\
         李某,丁,蛇,1斤,2021-01-08,湖南,\n",
    );
    let v = validate(&["-i", &case]);
    let p = places(&v);
    let get = |party: &str| {
        p.iter()
            .find(|x| x.0.starts_with(&format!("{party}=")))
            .cloned()
    };
    assert_eq!(
        get("黄某").map(|x| (x.0, x.3)),
        Some(("黄某=广西南宁".into(), 3))
    );
    assert_eq!(
        get("李某").map(|x| (x.0, x.3)),
        Some(("李某=湖南省怀化市辰溪县".into(), 8))
    );
    let e = stderr(&["totals", "-i", &case]);
    // The odd ones out are the conflicts, each named by its row.
    assert!(
        e.contains("黄某: '广西南宁' (")
            && e.contains("多数.csv row 3, seller's place) kept, '湖南' ("),
        "{e}"
    );
    assert!(e.contains("多数.csv row 2, seller's place) differs"), "{e}");
    assert!(e.contains("多数.csv row 7, seller's place) differs"), "{e}");
    assert!(e.contains("the place most rows support"), "{e}");
    assert_eq!(e.matches(" differs").count(), 2, "{e}");
}

#[test]
fn places_that_disagree_are_a_warning_naming_both_rows_and_texts() {
    // 丁某某's rows say 湖南, 湖南 怀化 (twice, in two spellings) and 贵州; 朱某某's say his county
    // twice, once with its city. A place said more precisely is the same place; 贵州 is not.
    let (_d, case) = file(
        "案件.csv",
        "\
出售人,收购人,物种,重量,交易时间,卖方所在地,买方所在地
朱某某,丁某某,穿山甲,20斤,2021-03-01,湖南省辰溪县,湖南
左某某,丁某某,穿山甲,15斤,2021-03-05,辰溪,湖南 怀化
丁某某,广西买家,穿山甲,30斤,2021-04-01,湖南怀化,广西
丁某某,长沙买家,穿山甲,5斤,2021-04-02,贵州,长沙
瞿某青,朱某某,穿山甲,10斤,2021-02-01,,湖南省怀化市辰溪县
",
    );
    let e = stderr(&["totals", "-i", &case]);
    assert!(
        e.contains("丁某某: '湖南 怀化' (")
            && e.contains("案件.csv row 3, buyer's place) kept, '贵州' (")
            && e.contains("案件.csv row 5, seller's place) differs"),
        "{e}"
    );
    assert!(e.contains("1 place of a party disagrees"), "{e}");
    assert!(e.contains("the place most rows support"), "{e}");
    // 湖南 is 湖南 怀化 said less precisely, 湖南怀化 its other spelling, and 朱某某's two
    // counties one county: none disagrees.
    assert!(!e.contains("'湖南' ("), "{e}");
    assert!(!e.contains("'湖南怀化'"), "{e}");
    assert!(!e.contains("辰溪县'"), "{e}");
    let v = validate(&["-i", &case]);
    let p = places(&v);
    assert!(
        p.iter().any(|x| x.0 == "丁某某=湖南 怀化" && x.3 == 3),
        "{p:?}"
    );
    let zh = stderr(&["totals", "-i", &case, "--lang", "zh"]);
    assert!(
        zh.contains("保留“湖南 怀化”") && zh.contains("卖方所在地") && zh.contains("最多行支持"),
        "{zh}"
    );
    assert!(!zh.contains("kept"), "{zh}");
}

#[test]
fn the_parties_file_wins_over_rows_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let case = write(dir.path(), "案件.csv", MESSY);
    let parties = write(
        dir.path(),
        "当事人.csv",
        "姓名,所在地,备注,电话\n丁 某某,广西南宁市,中间商,138\n左某某,,,\n王某,湖北,不在案中,\n\
         朱某某,湖南省怀化市辰溪县某村,,\n",
    );
    let v = validate(&["-i", &case, "--parties", &parties]);
    let p = places(&v);
    // The name is matched in normal form (`丁 某某`); the file's place wins, from its line 2.
    assert!(
        p.contains(&(
            "丁某某=广西南宁市".into(),
            "parties_file".into(),
            "当事人.csv".into(),
            2,
            String::new()
        )),
        "{p:?}"
    );
    // A line without a place leaves the row's place.
    assert!(
        p.iter().any(|x| x.0 == "左某某=辰溪" && x.1 == "row"),
        "{p:?}"
    );
    let e = stderr(&["totals", "-i", &case, "--parties", &parties]);
    assert!(
        e.contains("the parties file wins over")
            && e.contains("'广西南宁市' (")
            && e.contains("当事人.csv line 2) kept over '湖南' (")
            && e.contains("案件.csv row 2, buyer's place)"),
        "{e}"
    );
    // A file's place that says more precisely what the rows say (辰溪 in 湖南省怀化市辰溪县某村)
    // is no disagreement.
    assert!(!e.contains("'湖南省怀化市辰溪县某村'"), "{e}");
    // A name no row has: a warning naming it and its line, not an error.
    assert!(
        e.contains("'王某' (line 4)") && e.contains("a typo?"),
        "{e}"
    );
}

#[test]
fn a_parties_file_giving_one_party_two_places_is_an_error_naming_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let case = write(dir.path(), "案件.csv", MESSY);
    let parties = write(
        dir.path(),
        "p.csv",
        "name,place\n丁某某,湖南\n朱某某,辰溪\n丁某某,广西\n",
    );
    let out = run(&["totals", "-i", &case, "--parties", &parties]);
    assert!(!out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("p.csv, line 4: '丁某某' is given two places: '广西' here and '湖南' on line 2"),
        "{e}"
    );
    // A line without a place between them does not hide the contradiction.
    let gap = write(
        dir.path(),
        "g.csv",
        "name,place\n丁某某,\n丁某某,湖南\n丁某某,广西\n",
    );
    let e = String::from_utf8_lossy(&run(&["totals", "-i", &case, "--parties", &gap]).stderr)
        .into_owned();
    assert!(
        e.contains("g.csv, line 4: '丁某某' is given two places"),
        "{e}"
    );
    // The same place twice is no contradiction.
    let same = write(
        dir.path(),
        "q.csv",
        "name,place\n丁某某,湖南\n丁某某, 湖南\n",
    );
    ok(&["totals", "-i", &case, "--parties", &same]);
}

#[test]
fn a_lone_place_column_is_not_guessed_and_a_warning_says_how_to_name_it() {
    let (_d, case) = file(
        "c.csv",
        "出售人,收购人,物种,重量,所在地\n甲,乙,穿山甲,1斤,湖南\n",
    );
    let e = stderr(&["totals", "-i", &case]);
    assert!(
        e.contains("column 5 ('所在地') of") && e.contains("卖方所在地 or 买方所在地"),
        "{e}"
    );
    let v = validate(&["-i", &case]);
    assert!(v.get("places").is_none(), "{v}");
    // Named through --map, it is read.
    let v = validate(&["-i", &case, "--map", "seller_place=所在地"]);
    assert_eq!(places(&v)[0].0, "甲=湖南");
}

#[test]
fn a_file_without_place_columns_is_read_as_before() {
    // The officer's file has no place column: no places, no place warnings, no new JSON key.
    // (The embedded case has places since its parties file is read with it.)
    let officer = crate::util::fixture("officer_zh.csv");
    let v = validate(&["-i", &officer]);
    assert!(v.get("places").is_none());
    // The file's path is taken out first: a checkout under a folder named `place…` is no place
    // warning.
    let e = stderr(&["totals", "-i", &officer]).replace(&officer, "FILE");
    assert!(!e.contains("place"), "{e}");
}

#[test]
fn place_columns_in_gbk_and_in_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let gbk = write(dir.path(), "gbk.csv", crate::formats::gbk(MESSY));
    let v = validate(&["-i", &gbk]);
    let p = places(&v);
    assert!(
        p.iter()
            .any(|x| x.0 == "丁某某=湖南 怀化" && x.4 == "卖方所在地"),
        "{p:?}"
    );
    assert_eq!(v["cell_problems"][0]["column"], "buyer_place");

    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in MESSY.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    let xlsx = dir.path().join("案件.xlsx");
    wb.save(&xlsx).unwrap();
    let v = validate(&["-i", &xlsx.display().to_string()]);
    let p = places(&v);
    assert!(
        p.iter().any(|x| x.0 == "朱某某=湖南省辰溪县" && x.3 == 2),
        "{p:?}"
    );
    assert_eq!(v["cell_problems"][0]["row"], 3);
    assert_eq!(v["input"]["accepted"], 5);
}

#[test]
fn the_parties_file_is_an_input_no_output_may_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let case = write(dir.path(), "案件.csv", MESSY);
    let parties = write(dir.path(), "p.csv", "name,place\n丁某某,湖南\n");
    let out = run(&["totals", "-i", &case, "--parties", &parties, "-o", &parties]);
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read_to_string(&parties).unwrap(),
        "name,place\n丁某某,湖南\n"
    );
}

#[test]
fn a_parties_file_may_be_a_workbook() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let case = write(dir.path(), "案件.csv", MESSY);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in [
        ["姓名", "所在地", "电话"],
        ["朱某某", "湖南省怀化市辰溪县", "139"],
    ]
    .iter()
    .enumerate()
    {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    let xlsx = dir.path().join("当事人.xlsx");
    wb.save(&xlsx).unwrap();
    let v = validate(&["-i", &case, "--parties", &xlsx.display().to_string()]);
    let p = places(&v);
    assert!(
        p.iter()
            .any(|x| x.0 == "朱某某=湖南省怀化市辰溪县" && x.1 == "parties_file" && x.3 == 2),
        "{p:?}"
    );
}
