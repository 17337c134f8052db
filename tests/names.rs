//! Species and party names: aliases merge, the species table labels, unknown names are warned
//! about once, likely duplicate parties are flagged but not merged.

use serde_json::Value;

use crate::util::{fails, json, ok, run, run_with_stdin, write};

const CASE: &str = "seller,buyer,species,weight,date\n\
    左某某,丁某某,眼镜蛇,120斤,2022-04\n\
    左某某,丁某某,舟山眼镜蛇,20斤,2022-04\n\
    左 某某,丁某某,中华眼镜蛇,10斤,2022-04\n\
    小左,丁某某,菜花蛇,2斤,2022-04\n\
    丁某某,湖南买家,蛇,,2022-05\n";

fn species(v: &Value) -> Vec<(String, Value)> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["species"].as_str().unwrap().to_string(),
                r["weight_kg"].clone(),
            )
        })
        .collect()
}

#[test]
fn species_aliases_merge_into_one_canonical_species() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "case.csv", CASE);
    let v = json(&["-i", &f, "totals"]);
    assert_eq!(
        species(&v),
        [
            ("眼镜蛇".to_string(), serde_json::json!(75.0)),
            ("菜花蛇".to_string(), serde_json::json!(1.0)),
            ("野生蛇".to_string(), Value::Null),
        ]
    );
    // Generic labels stay generic; unknown names have nothing invented for them.
    assert_eq!(v["rows"][2]["scientific_name"], Value::Null);
    assert_eq!(v["rows"][1]["cites_appendix"], Value::Null);
    // --species takes any name of the table, in totals and in tracing.
    for alias in ["舟山眼镜蛇", "Naja atra", "饭铲头"] {
        let v = json(&["-i", &f, "totals", "--species", alias]);
        assert_eq!(
            species(&v),
            [("眼镜蛇".to_string(), serde_json::json!(75.0))],
            "{alias}"
        );
        let up = json(&["-i", &f, "upstream", "丁某某", "--species", alias]);
        assert_eq!(up["parties"][0]["name"], "左某某", "{alias}");
    }
}

#[test]
fn unknown_species_are_warned_about_once_with_the_closest_names() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "case.csv", CASE);
    let out = run(&["-i", &f, "totals"]);
    assert!(out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = e.lines().filter(|l| l.contains("species table")).collect();
    assert_eq!(lines.len(), 1, "{e}");
    assert!(
        lines[0].contains("'菜花蛇' (ambiguous: 王锦蛇 or 黑眉锦蛇"),
        "{e}"
    );
    // The embedded case knows all its species: no warning at all.
    let out = run(&["analyze"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_species_table_adds_and_overrides_rows() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "case.csv", CASE);
    let t = write(
        dir.path(),
        "mine.csv",
        "name_zh,aliases_zh,scientific_name,cites_appendix,china_protection\n王锦蛇,菜花蛇;油菜花,Elaphe carinata,,三有\n",
    );
    let out = run(&[
        "-i",
        &f,
        "--species-table",
        &t,
        "totals",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("species table"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let king = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["species"] == "王锦蛇")
        .unwrap();
    assert_eq!(king["weight_kg"], 1.0);
    assert_eq!(king["scientific_name"], "Elaphe carinata");
    // `species` lists the table, with the user's row marked.
    let listing = ok(&["--species-table", &t, "species", "菜花蛇"]);
    assert!(
        listing.contains("Elaphe carinata") && listing.contains("mine.csv"),
        "{listing}"
    );
    // Every row of the embedded table (counted from the file itself).
    let rows = csv::Reader::from_path(crate::util::repo_file("data/species.csv"))
        .unwrap()
        .records()
        .count();
    let all = json(&["species"]);
    assert_eq!(all.as_array().unwrap().len(), rows);
    let e = fails(&["species", "麒麟"], 1);
    assert!(e.contains("not in the species table: '麒麟'"), "{e}");
    // The CSV listing reads back as a species table.
    let csv = ok(&["species", "--format", "csv"]);
    let back = write(dir.path(), "back.csv", &csv);
    assert_eq!(
        json(&["--species-table", &back, "species"])
            .as_array()
            .unwrap()
            .len(),
        rows
    );
}

#[test]
fn party_names_are_normalised_and_aliases_merge_them() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "case.csv", CASE);
    // 左 某某 (a space) is 左某某 without any alias file.
    let v = json(&["-i", &f, "totals", "--by", "seller"]);
    let sellers: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["seller"].as_str().unwrap())
        .collect();
    assert_eq!(sellers, ["左某某", "小左", "丁某某"]);
    let a = write(dir.path(), "aliases.csv", "alias,canonical\n小左,左某某\n");
    let v = json(&["-i", &f, "--aliases", &a, "totals", "--by", "seller"]);
    assert_eq!(v["rows"][0]["seller"], "左某某");
    assert_eq!(v["rows"][0]["weight_kg"], 76.0);
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);
    // A party argument may be typed any way the data or the aliases know.
    let up = json(&["-i", &f, "--aliases", &a, "downstream", "小左"]);
    assert_eq!(up["parties"][0]["name"], "丁某某");
    let t = json(&[
        "-i",
        &f,
        "--aliases",
        &a,
        "totals",
        "--party",
        "小左",
        "--by",
        "seller",
    ]);
    assert_eq!(t["rows"][0]["seller"], "左某某");
    let bad = write(dir.path(), "bad.csv", "a,b\nb,a\n");
    let e = fails(&["-i", &f, "--aliases", &bad, "analyze"], 1);
    assert!(e.contains("circle"), "{e}");
}

#[test]
fn likely_duplicate_parties_are_flagged_not_merged() {
    let csv = "seller,buyer,species,weight,date\n\
        ACME Ltd,丁某某,x,1kg,2022-04-01\n\
        Acme Ltd.,丁某某,x,1kg,2022-04-01\n\
        瞿某青,丁某某,x,1kg,2022-04-01\n\
        瞿某清,丁某某,x,1kg,2022-04-01\n";
    let out = run_with_stdin(
        &["-i", "-", "totals", "--by", "seller", "--format", "json"],
        csv.as_bytes(),
    );
    assert!(out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("ACME Ltd / Acme Ltd.") && e.contains("not merged"),
        "{e}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 4, "nothing merged");
    // The one-character pair is listed by validate.
    let out = run_with_stdin(&["-i", "-", "validate", "--format", "json"], csv.as_bytes());
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["parties"]["likely_duplicates"];
    assert_eq!(d[0]["why"], "spelling");
    assert_eq!(d[1]["why"], "one_character");
    assert_eq!(d[1]["names"], serde_json::json!(["瞿某清", "瞿某青"]));
}

#[test]
fn a_party_typed_another_way_is_shown_by_its_name_in_the_data() {
    // `朱 某某` (with a space) is 朱某某: the report names the party as the data does.
    let v = crate::util::json(&["upstream", "朱 某某"]);
    assert_eq!(v["party"], "朱某某", "{v}");
    let table = crate::util::ok(&["upstream", "朱 某某"]);
    assert!(
        table.starts_with("upstream of 朱某某: 2 parties"),
        "{table}"
    );
    let dot = crate::util::ok(&["dot", "--party", "朱 某某"]);
    assert!(
        dot.contains("<b>朱某某, upstream and downstream</b>"),
        "{dot}"
    );
}
