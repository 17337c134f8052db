//! `wildchain validate`: what was understood of each file, rows accepted, approximate and rejected
//! with grouped reasons, exit 1 when a row is rejected; and provenance carried to links.

use serde_json::{Value, json};

use crate::formats::{delimited, gbk, write_xlsx};
use crate::util::{fails, ok, run, run_with_stdin};

#[test]
fn validate_reports_format_encoding_columns_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("case_gbk.csv");
    std::fs::write(&g, gbk(&delimited(b';'))).unwrap();
    let x = dir.path().join("case.xlsx");
    write_xlsx(&x, true);
    let (g, x) = (g.to_str().unwrap(), x.to_str().unwrap());
    let out = run(&["validate", g, x, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["input"],
        json!({"rows": 18, "accepted": 18, "rejected": 0})
    );
    assert_eq!(v["approx_rows"], 8);
    let s = &v["sources"];
    assert_eq!(s[0]["kind"], "csv");
    assert_eq!(s[0]["encoding"], "GB18030 (GBK)");
    assert_eq!(s[0]["delimiter"], ";");
    assert_eq!(
        s[0]["columns"][0],
        json!({"field": "seller", "header": "出售人"})
    );
    assert_eq!(
        s[0]["columns"][6],
        json!({"field": "source", "header": "来源"})
    );
    assert_eq!(s[1]["kind"], "xlsx");
    assert_eq!(s[1]["sheet"], "交易明细");
    assert_eq!(s[1]["sheets"], json!(["交易明细", "说明"]));
    assert_eq!(s[1]["header_row"], 2);
    assert_eq!(s[1]["first_row"], 3);
    let merged = &v["species"]["merged"];
    assert_eq!(
        merged[0],
        json!({"name": "眼镜蛇", "names": ["Naja atra", "舟山眼镜蛇"], "rows": 4})
    );
    assert_eq!(
        v["parties"]["merged"][0],
        json!({"name": "朱某某", "names": ["朱 某某"]})
    );
    // The table names what it understood.
    let table = ok(&["validate", g]);
    for want in [
        "GB18030 (GBK)",
        "delimiter ';'",
        "seller ← 出售人",
        "9 read, 9 accepted (4 approximate), 0 rejected",
        "read as 眼镜蛇: Naja atra, 舟山眼镜蛇 (2 rows)",
        "read as 朱某某: 朱 某某",
    ] {
        assert!(table.contains(want), "{want} not in:\n{table}");
    }
}

#[test]
fn validate_groups_reasons_and_exits_1_on_any_rejected_row_or_unknown_cell() {
    let csv = "卖家,买家,物种,重量,日期,可信度\n\
        a,b,眼镜蛇,12箱,2022-04-01,\n\
        a,b,眼镜蛇,3箱,2022-04-01,\n\
        a,b,眼镜蛇,1kg,昨天,\n\
        a,b,眼镜蛇,1kg,2022-04-01,maybe\n\
        a,b,菜花蛇,1kg,2022-04-01,confirmed\n\
        ,,,,,\n";
    let out = run_with_stdin(&["-i", "-", "validate", "--format", "json"], csv.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    // Every row names seller and buyer: none is refused, each bad cell is unknown, and validate
    // still fails, naming them.
    assert!(
        e.contains("0 of 5 rows rejected, 4 cells unknown in 4 rows"),
        "{e}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["blank_rows"], 1);
    assert_eq!(v["rejected"], json!([]));
    let groups: Vec<(String, u64)> = v["unknown_cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["reason"].as_str().unwrap().to_string(),
                g["rows"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups[0],
        (
            "column 'weight': unknown unit '…' in weight '…'".to_string(),
            2
        )
    );
    assert_eq!(groups.len(), 3, "{groups:?}");
    // Groups name their kind and column, for whoever reads the JSON.
    assert_eq!(v["unknown_cells"][0]["kind"], "unknown_unit");
    assert_eq!(v["unknown_cells"][0]["column"], "weight");
    assert!(
        groups
            .iter()
            .any(|(r, _)| r.starts_with("column 'confidence': confidence '…' is not one of"))
    );
    assert_eq!(
        v["unknown_cells"][0]["examples"][0],
        "<stdin> row 2: column 'weight': unknown unit '箱' in weight '12箱'"
    );
    // Each one, with what its row kept.
    let cells = v["cell_problems"].as_array().unwrap();
    assert_eq!(cells.len(), 4);
    assert_eq!(
        (&cells[2]["row"], &cells[2]["column"], &cells[2]["kept"]),
        (&json!(4), &json!("date"), &json!("unknown"))
    );
    let unknown = &v["species"]["unknown"][0];
    assert_eq!(unknown["name"], "菜花蛇");
    assert_eq!(unknown["rows"], 1);
    // CSV: one finding per row.
    let out = run_with_stdin(&["-i", "-", "validate", "--format", "csv"], csv.as_bytes());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("kind,subject,detail,rows\n"), "{text}");
    assert!(
        text.contains("unknown_species,菜花蛇,\"ambiguous: 王锦蛇 or 黑眉锦蛇"),
        "{text}"
    );
    // The embedded case validates cleanly.
    let table = ok(&["validate"]);
    assert!(
        table.contains("8 read, 8 accepted (0 approximate), 0 rejected"),
        "{table}"
    );
    fails(&["validate", "--format", "dot"], 2);
}

#[test]
fn sources_and_confidence_travel_to_links_and_the_diagram() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("case.csv");
    std::fs::write(&f, delimited(b',')).unwrap();
    let f = f.to_str().unwrap();
    let v: Value =
        serde_json::from_str(&ok(&["-i", f, "upstream", "丁某某", "--format", "json"])).unwrap();
    let edge = |s: &str, b: &str| -> Value {
        v["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["seller"] == s && e["buyer"] == b)
            .unwrap()
            .clone()
    };
    let zuo = edge("左某某", "丁某某");
    assert_eq!(zuo["sources"], json!(["判决书 p.12", "判决书 p.13"]));
    assert_eq!(zuo["confidence"], "confirmed");
    assert_eq!(zuo["approx_rows"], 1);
    // Every row of 朱某某 → 丁某某 is unconfirmed (50多斤 of 蛇, 60 kg of Naja atra).
    let zhu = edge("朱某某", "丁某某");
    assert_eq!(zhu["confidence"], "unconfirmed");
    assert_eq!(zhu["sources"], json!([]));
    assert_eq!(edge("瞿某海", "朱某某")["confidence"], "probable");
    let dot = ok(&["-i", f, "dot"]);
    let line = |s: &str, b: &str| -> String {
        dot.lines()
            .find(|l| l.contains(&format!("\"{s}\" -> \"{b}\"")))
            .unwrap()
            .to_string()
    };
    let zhu = line("朱某某", "丁某某");
    assert!(
        zhu.contains("style=\"dotted\"") && zhu.contains("unconfirmed"),
        "{zhu}"
    );
    let zuo = line("左某某", "丁某某");
    assert!(
        zuo.contains(
            "tooltip=\"左某某 → 丁某某\\nconfirmed\\nsource: 判决书 p.12\\nsource: 判决书 p.13\""
        ),
        "{zuo}"
    );
    assert!(!zuo.contains("dotted") && !zuo.contains("dashed"), "{zuo}");
    assert!(dot.contains("dotted grey: unconfirmed"), "{dot}");
    assert!(graphviz_rust::parse(&dot).is_ok());
}

#[test]
fn validate_reads_links_files_given_with_links() {
    let dir = tempfile::tempdir().unwrap();
    let links = dir.path().join("links.csv");
    let l = links.to_str().unwrap();
    ok(&["links", "-o", l]);
    let v = crate::util::json(&["--links", l, "validate"]);
    assert_eq!(v["sources"][0]["name"], l, "not the embedded case: {v}");
    assert_eq!(v["input"]["rows"], 8, "one row per link: {v}");
    let notes = v["sources"][0]["notes"].to_string();
    assert!(notes.contains("a links file"), "{notes}");
}

#[test]
fn long_lists_of_likely_duplicates_are_cut_in_the_table_not_in_json() {
    let mut csv = String::from("seller,buyer,species,weight,date\n");
    for i in 0..60u32 {
        let c = char::from_u32(0x4e00 + i).unwrap();
        csv.push_str(&format!("张{c}某,李{c}某,眼镜蛇,1kg,2022-01-01\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("many.csv");
    std::fs::write(&p, csv).unwrap();
    let p = p.to_str().unwrap();
    let all = crate::util::json(&["validate", p])["parties"]["likely_duplicates"]
        .as_array()
        .unwrap()
        .len();
    // 60 names of each surname, each pair one character apart: 2 × 60 × 59 / 2.
    assert_eq!(all, 3540);
    let table = ok(&["validate", p]);
    assert_eq!(table.matches("maybe one party").count(), 50);
    assert!(table.contains("… and 3490 more"), "{table}");
}
