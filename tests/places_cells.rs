//! Issue 23's leftovers on a case typed as an officer types it (Chinese headers, 斤, a typo in a
//! species, a place typed two ways): one place per cell, every spelling of a party's place in
//! `validate`, and the parties file's notes and further columns shown and exported.

use serde_json::Value;

use crate::util::{file, run, write};

/// 丁某某's place typed as two provinces four ways; 长沙买家's as two cities of one province;
/// 朱某某's one place typed two ways (the full address twice, first; 辰溪 three times); 穿山甲
/// typed 穿山 once.
const MESSY: &str = "\
出售人,收购人,物种,重量,交易时间,卖方所在地,买方所在地,备注
瞿某青,朱某某,穿山甲,10斤,2021-02-01,,湖南省怀化市辰溪县,
朱某某,丁某某,穿山甲,20斤,2021-03-01,辰溪,湖南/广西,
朱某某,丁某某,穿山甲,15斤,2021-03-05,辰溪,\"湖南,广西\",
丁某某,广西买家,穿山,30斤,2021-04-01,湖南或广西,广西,
丁某某,长沙买家,穿山甲,5斤,2021-04-02,湖南、广西,怀化市/长沙市,
朱某某,长沙买家,穿山甲,2斤,2021-04-03,湖南省怀化市辰溪县,怀化、长沙,
朱某某,长沙买家,穿山甲,1斤,2021-04-04,辰溪,怀化、长沙,
";

/// `wildchain ARGS --format json`, whatever the exit code (validate exits 1 on warnings).
fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let out = run(&a);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8_lossy(&run(args).stdout).into_owned()
}

fn place<'a>(v: &'a Value, party: &str) -> &'a Value {
    (v["places"].as_array().into_iter().flatten())
        .find(|p| p["party"] == party)
        .unwrap_or_else(|| panic!("no place for {party}: {v}"))
}

fn codes(v: &Value) -> Vec<u64> {
    (v["candidates"].as_array().into_iter().flatten())
        .filter_map(|c| c["code"].as_u64())
        .collect()
}

#[test]
fn a_cell_naming_two_places_keeps_only_what_they_share_and_lists_them() {
    let (_d, case) = file("案件.csv", MESSY);
    let v = json(&["validate", "-i", &case]);
    // 湖南/广西: no province is certain; both listed; never 湖南 alone.
    let ding = place(&v, "丁某某");
    assert_eq!(ding["status"], "several_places", "{ding}");
    assert!(
        ding["province"].is_null() && ding["code"].is_null(),
        "{ding}"
    );
    assert_eq!(codes(ding), [430000, 450000]);
    // Two cities of Hunan: Hunan, the cities listed.
    let buyer = place(&v, "长沙买家");
    assert_eq!(buyer["status"], "several_places", "{buyer}");
    assert_eq!(buyer["code"], 430000);
    assert_eq!(buyer["level"], "province");
    assert_eq!(codes(buyer), [430100, 431200]);
    // validate says what it became and why, in both languages.
    let en = stdout(&["validate", "-i", &case]);
    assert!(
        en.contains("several places in one cell (湖南省 430000, 广西壮族自治区 450000): they share no province, so the place is unknown"),
        "{en}"
    );
    assert!(
        en.contains("kept at what they share, 湖南省 430000, province"),
        "{en}"
    );
    let zh = stdout(&["validate", "-i", &case, "--lang", "zh"]);
    assert!(
        zh.contains(
            "一格写了多个地点（湖南省 430000、广西壮族自治区 450000）：不在同一省，所在地按不明处理"
        ),
        "{zh}"
    );
    assert!(zh.contains("取其共同上级 湖南省 430000，省级"), "{zh}");
    // `places`: 丁某某 is in no province, so no flow runs from 湖南 or 广西 through it.
    let p = json(&["places", "-i", &case]);
    let regions = p.to_string();
    assert!(
        !regions.contains("\"丁某某\",\"region\":\"湖南\""),
        "{regions}"
    );
    let brokers = p["brokers"].as_array().cloned().unwrap_or_default();
    assert!(
        brokers.iter().all(|b| b["party"] != "丁某某"),
        "丁某某's province is unknown: it brokers between no known regions: {brokers:?}"
    );
}

#[test]
fn validate_lists_every_spelling_of_a_partys_place_with_its_rows_and_division() {
    let (_d, case) = file("案件.csv", MESSY);
    let v = json(&["validate", "-i", &case]);
    let zhu = place(&v, "朱某某");
    // The two spellings agree (one place said more or less fully): both listed, most rows first.
    let sp: Vec<(String, u64, u64, bool)> = (zhu["spellings"].as_array().into_iter().flatten())
        .map(|s| {
            (
                s["place"].as_str().unwrap_or_default().to_string(),
                s["rows"].as_u64().unwrap_or(0),
                s["code"].as_u64().unwrap_or(0),
                s["agrees"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        sp,
        [
            ("辰溪".to_string(), 3, 431223, true),
            ("湖南省怀化市辰溪县".to_string(), 2, 431223, true)
        ],
        "{zhu}"
    );
    // A party written one way only lists none.
    assert!(place(&v, "广西买家")["spellings"].is_null());
    let en = stdout(&["validate", "-i", &case]);
    assert!(
        en.contains("written 2 ways in its rows: 辰溪 (3 rows) → 辰溪县 431223; 湖南省怀化市辰溪县 (2 rows) → 辰溪县 431223"),
        "{en}"
    );
    let zh = stdout(&["validate", "-i", &case, "--lang", "zh"]);
    assert!(
        zh.contains("其各行有 2 种写法：辰溪（3 行）→ 辰溪县 431223；湖南省怀化市辰溪县（2 行）→ 辰溪县 431223"),
        "{zh}"
    );
    let csv = stdout(&["validate", "-i", &case, "--format", "csv"]);
    assert!(
        csv.contains("place_spelling,朱某某,辰溪 → 辰溪县 431223,3"),
        "{csv}"
    );
}

#[test]
fn a_spelling_that_disagrees_is_marked() {
    let (_d, case) = file(
        "案件.csv",
        "出售人,收购人,物种,重量,卖方所在地\n甲,乙,穿山甲,2斤,辰溪\n甲,乙,穿山甲,2斤,辰溪县\n甲,丙,穿山甲,1斤,广西\n",
    );
    let v = json(&["validate", "-i", &case]);
    let sp = &place(&v, "甲")["spellings"];
    let agrees: Vec<(&str, bool)> = (sp.as_array().into_iter().flatten())
        .map(|s| (s["place"].as_str().unwrap_or(""), s["agrees"] == true))
        .collect();
    assert_eq!(
        agrees,
        [("辰溪", true), ("辰溪县", true), ("广西", false)],
        "{sp}"
    );
    let en = stdout(&["validate", "-i", &case]);
    assert!(
        en.contains("广西 (1 row) → 广西壮族自治区 450000, disagrees with the place kept"),
        "{en}"
    );
    let zh = stdout(&["validate", "-i", &case, "--lang", "zh"]);
    assert!(
        zh.contains("广西（1 行）→ 广西壮族自治区 450000，与所取所在地不符"),
        "{zh}"
    );
}

/// A parties file as an officer keeps it: Chinese headers, notes, two further columns (one of
/// them named like an attribute wildchain writes), a party named on two lines.
const PARTIES: &str = "\
姓名,所在地,备注,电话,role
丁某某,湖南,中间商（笔录第3页）,138 0000 0000,收购
朱某某,湖南省怀化市辰溪县,\"店主, 收蛇\",,
丁某某,,另见 2021-04 笔录,,
王某,广西,不在案件中,139,
";

#[test]
fn the_parties_files_notes_and_further_columns_are_shown_and_exported() {
    let d = tempfile::tempdir().unwrap();
    let case = write(d.path(), "案件.csv", MESSY);
    let parties = write(d.path(), "当事人.csv", PARTIES);
    let base = ["-i", case.as_str(), "--parties", parties.as_str()];
    // validate: line by line, with the party each names, its notes and further columns.
    let en = stdout(&[&base[..], &["validate"]].concat());
    assert!(
        en.contains("line 2 丁某某: place: 湖南; notes: 中间商（笔录第3页）; 电话: 138 0000 0000; role: 收购"),
        "{en}"
    );
    assert!(
        en.contains("line 5 王某 (no party of the rows): place: 广西"),
        "{en}"
    );
    let zh = stdout(&[&base[..], &["validate", "--lang", "zh"]].concat());
    assert!(
        zh.contains("第 2 行 丁某某：所在地：湖南；备注：中间商（笔录第3页）；电话：138 0000 0000"),
        "{zh}"
    );
    assert!(zh.contains("第 5 行 王某（案件各行中无此当事人）"), "{zh}");
    let v = json(&[&base[..], &["validate"]].concat());
    let lines = v["parties_file"]["lines"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(lines.len(), 4, "{v}");
    assert_eq!(lines[1]["notes"], "店主, 收蛇");
    assert_eq!(lines[3]["party"], Value::Null);

    // Exports: notes and further columns are party attributes; two lines of one party joined.
    let graphml = stdout(&[&base[..], &["export", "--to", "graphml"]].concat());
    assert!(graphml.contains(r#"<key id="p_notes" for="node" attr.name="notes""#));
    assert!(graphml.contains(r#"attr.name="电话""#), "{graphml}");
    // `role` is wildchain's own attribute: the file's column keeps its data under another name.
    assert!(
        graphml.contains(r#"attr.name="role (parties file)""#),
        "{graphml}"
    );
    assert!(
        graphml.contains("<data key=\"p_notes\">中间商（笔录第3页）; 另见 2021-04 笔录</data>"),
        "{graphml}"
    );
    assert!(graphml.contains("<data key=\"p_x0\">138 0000 0000</data>"));
    // A party the file does not name has no notes and no cells, never empty ones.
    assert_eq!(
        graphml.matches("<data key=\"p_notes\">").count(),
        2,
        "{graphml}"
    );
    assert_eq!(
        graphml.matches("<data key=\"p_x0\">").count(),
        1,
        "{graphml}"
    );
    let gexf = stdout(&[&base[..], &["export", "--to", "gexf"]].concat());
    assert!(
        gexf.contains(r#"<attribute id="p_x0" title="电话" type="string"/>"#),
        "{gexf}"
    );
    assert!(
        gexf.contains(r#"<attvalue for="p_notes" value="店主, 收蛇"/>"#),
        "{gexf}"
    );
    let i2 = stdout(&[&base[..], &["export", "--to", "i2"]].concat());
    let mut r = csv::Reader::from_reader(i2.trim_start_matches('\u{feff}').as_bytes());
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        h[16..],
        [
            "entity1_place",
            "entity2_place",
            "entity1_notes",
            "entity2_notes",
            "entity1_电话",
            "entity2_电话",
            "entity1_role (parties file)",
            "entity2_role (parties file)"
        ]
    );
    let zhu_to_ding = r
        .records()
        .map(|x| x.unwrap())
        .find(|x| &x[0] == "朱某某" && &x[2] == "丁某某")
        .unwrap();
    assert_eq!(&zhu_to_ding[18], "店主, 收蛇");
    assert_eq!(&zhu_to_ding[21], "138 0000 0000");
    let j = json(&[&base[..], &["export", "--to", "json"]].concat());
    let ding = (j["nodes"].as_array().into_iter().flatten())
        .find(|n| n["id"] == "丁某某")
        .cloned()
        .unwrap_or_default();
    assert_eq!(ding["place"], "湖南", "{ding}");
    assert_eq!(ding["attributes"]["电话"], "138 0000 0000", "{ding}");
    assert_eq!(ding["attributes"]["role (parties file)"], "收购", "{ding}");
}

#[test]
fn without_a_parties_file_exports_carry_no_notes_or_attributes() {
    let (_d, case) = file("案件.csv", MESSY);
    let graphml = stdout(&["-i", &case, "export", "--to", "graphml"]);
    assert!(
        !graphml.contains("notes") && !graphml.contains("p_x0"),
        "{graphml}"
    );
    let j = json(&["-i", &case, "export", "--to", "json"]);
    let n = &j["nodes"][0];
    assert!(
        n.get("notes").is_none() && n.get("attributes").is_none(),
        "{n}"
    );
    // The case's own places are a party attribute.
    assert!(n.get("place").is_some(), "{n}");
}

/// A parties workbook as an officer makes one: a title in B2, the table from B4, a blank row
/// inside it, a cell with a line break, and a row with a place but no name.
fn parties_workbook(dir: &std::path::Path, nameless: bool) -> String {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(1, 1, "涉案人员名单（辰溪案）").unwrap();
    let rows: Vec<[&str; 3]> = vec![
        ["姓名", "所在地", "备注"],
        ["朱某某", "湖南省怀化市辰溪县", "店主\n收蛇"],
        ["", "", ""],
        ["丁某某", "湖南", "中间商"],
        [if nameless { "" } else { "长沙买家" }, "长沙", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(3 + r as u32, 1 + c as u16, *cell).unwrap();
            }
        }
    }
    let xlsx = dir.join("当事人.xlsx");
    wb.save(&xlsx).unwrap();
    xlsx.display().to_string()
}

#[test]
fn a_parties_workbook_names_the_rows_of_the_sheet_the_officer_sees() {
    let d = tempfile::tempdir().unwrap();
    let case = write(d.path(), "案件.csv", MESSY);
    let xlsx = parties_workbook(d.path(), false);
    // The header is on sheet row 4 under a title: 朱某某 is on row 5, 丁某某 on row 7.
    let v = json(&["-i", &case, "--parties", &xlsx, "validate"]);
    let rows: Vec<(String, u64)> = (v["parties_file"]["lines"].as_array().into_iter().flatten())
        .map(|l| {
            (
                l["name"].as_str().unwrap_or("").to_string(),
                l["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("朱某某".to_string(), 5),
            ("丁某某".to_string(), 7),
            ("长沙买家".to_string(), 8)
        ]
    );
    assert_eq!(place(&v, "丁某某")["row"], 7, "{v}");
    let en = stdout(&["-i", &case, "--parties", &xlsx, "validate"]);
    assert!(
        en.contains("row 7 丁某某: place: 湖南; notes: 中间商"),
        "{en}"
    );
    assert!(en.contains("当事人.xlsx row 7, parties file"), "{en}");
    let zh = stdout(&["-i", &case, "--parties", &xlsx, "validate", "--lang", "zh"]);
    assert!(
        zh.contains("第 7 行 丁某某：所在地：湖南；备注：中间商"),
        "{zh}"
    );
    // A row without a name is refused naming its sheet row.
    let d2 = tempfile::tempdir().unwrap();
    let case2 = write(d2.path(), "案件.csv", MESSY);
    let bad = parties_workbook(d2.path(), true);
    let out = run(&["-i", &case2, "--parties", &bad, "validate"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("当事人.xlsx row 8: no name: each row of a parties file names a party"),
        "{err}"
    );
}

#[test]
fn a_title_above_a_csv_parties_files_header_is_skipped_and_lines_stay_right() {
    let d = tempfile::tempdir().unwrap();
    let case = write(d.path(), "案件.csv", MESSY);
    let parties = write(
        d.path(),
        "当事人.csv",
        "辰溪案涉案人员,,\n\n姓名,所在地,备注\n朱某某,湖南省怀化市辰溪县,\"店主\n收蛇\"\n丁某某,湖南,中间商\n",
    );
    let v = json(&["-i", &case, "--parties", &parties, "validate"]);
    let lines: Vec<u64> = (v["parties_file"]["lines"].as_array().into_iter().flatten())
        .filter_map(|l| l["line"].as_u64())
        .collect();
    assert_eq!(lines, [4, 6]);
}

#[test]
fn analyze_json_lists_the_parties_files_notes_and_columns_only_when_there_is_one() {
    let d = tempfile::tempdir().unwrap();
    let case = write(d.path(), "案件.csv", MESSY);
    let parties = write(d.path(), "当事人.csv", PARTIES);
    let v = json(&["-i", &case, "--parties", &parties, "analyze"]);
    let of = |name: &str| {
        (v["parties"].as_array().into_iter().flatten())
            .find(|p| p["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name}: {v}"))
    };
    let ding = of("丁某某");
    assert_eq!(ding["notes"], "中间商（笔录第3页）; 另见 2021-04 笔录");
    assert_eq!(ding["attributes"]["电话"], "138 0000 0000");
    assert_eq!(ding["attributes"]["role"], "收购");
    // A party the file does not name: null, not an empty text.
    let buyer = of("广西买家");
    assert!(
        buyer["notes"].is_null() && buyer["attributes"]["电话"].is_null(),
        "{buyer}"
    );
    // Without a parties file, no new key.
    let plain = json(&["-i", &case, "analyze"]);
    let first = &plain["parties"][0];
    assert!(
        first.get("notes").is_none() && first.get("attributes").is_none(),
        "{first}"
    );
}

#[test]
fn two_places_written_four_ways_in_one_partys_rows_are_no_disagreement() {
    // 丁某某 is 湖南/广西, "湖南,广西", 湖南或广西 and 湖南、广西 in its rows: one unknown place
    // between the same two provinces, not four places that disagree (it was warned of as such).
    let (_d, case) = file("案件.csv", MESSY);
    let out = run(&["analyze", "-i", &case]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("disagree"), "{err}");
    // Two provinces that differ still disagree with one of them.
    let (_d2, other) = file(
        "案件.csv",
        "出售人,收购人,物种,重量,卖方所在地\n甲,乙,穿山甲,2斤,湖南/广西\n甲,乙,穿山甲,2斤,湖南/贵州\n",
    );
    let err = String::from_utf8_lossy(&run(&["analyze", "-i", &other]).stderr).into_owned();
    assert!(err.contains("disagree"), "{err}");
}
