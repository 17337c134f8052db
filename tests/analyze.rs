//! `analyze` on the 辰溪 case: the structure the case report establishes, reproduced exactly.

use serde_json::{Value, json};

use crate::util::{golden, json, ok, repo_file};

fn party<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn the_embedded_case_has_the_reported_structure() {
    let v = json(&["analyze"]);
    assert_eq!(v["input"], json!({"rows": 8, "accepted": 8, "rejected": 0}));
    let s = &v["summary"];
    assert_eq!(s["parties"], 7);
    assert_eq!(s["links"], 6);
    assert_eq!(s["species"], 4);
    assert_eq!(s["transactions"], 8);
    assert_eq!(s["first_date"], "2022-04");
    assert_eq!(s["last_date"], "2022-04");
    assert_eq!(s["weight_kg"], 625.0);
    assert_eq!(s["unknown_weight"], 5);
    assert_eq!(s["chains_truncated"], false);
    let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = [
        "parties",
        "links",
        "species",
        "transactions",
        "first_date",
        "last_date",
        "weight_kg",
        "unknown_weight",
        "chains_truncated",
    ];
    let mut keys_sorted = keys.clone();
    keys_sorted.sort();
    expected.sort();
    assert_eq!(keys_sorted, expected);
}

#[test]
fn roles_and_tiers_of_the_case() {
    let v = json(&["analyze"]);
    let expect = [
        ("瞿某青", "source", 0),
        ("瞿某海", "source", 0),
        ("左某某", "source", 0),
        ("朱某某", "intermediary", 1),
        ("丁某某", "intermediary", 2),
        ("湖南买家（未具名）", "sink", 3),
        ("广西买家（未具名）", "sink", 3),
    ];
    for (name, role, tier) in expect {
        let p = party(&v, name);
        assert_eq!(p["role"], role, "{name}");
        assert_eq!(p["tier"], tier, "{name}");
    }
    let ding = party(&v, "丁某某");
    assert_eq!(ding["suppliers"], 2);
    assert_eq!(ding["customers"], 2);
    // Bought: 625 kg known from 左某某 (the link from 朱某某 has no known weight, so it adds nothing).
    assert_eq!(ding["bought_kg"], 625.0);
    // Sold: nothing known, and unknown is not zero.
    assert_eq!(ding["sold_kg"], Value::Null);
    assert_eq!(party(&v, "左某某")["sold_kg"], 625.0);
    assert_eq!(party(&v, "朱某某")["bought_kg"], Value::Null);
}

#[test]
fn species_totals_of_the_case() {
    let v = json(&["analyze"]);
    let species = v["species"].as_array().unwrap();
    let rows: Vec<(&str, Value, u64)> = species
        .iter()
        .map(|r| {
            (
                r["species"].as_str().unwrap(),
                r["weight_kg"].clone(),
                r["unknown_weight"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("王锦蛇", json!(365.0), 0),
            ("黑眉锦蛇", json!(200.0), 0),
            ("眼镜蛇", json!(60.0), 0),
            ("野生蛇", Value::Null, 5),
        ]
    );
}

#[test]
fn the_committed_csv_and_the_embedded_copy_give_the_same_report() {
    let path = repo_file("data/chenxi_case.csv");
    // Row references name the file; the rest must be identical.
    let embedded =
        ok(&["analyze", "--format", "json"]).replace("chenxi_case.csv (embedded)", "<case>");
    // The embedded case reads its parties file: the committed one goes with the committed CSV.
    let parties = repo_file("data/chenxi_parties.csv");
    let file = ok(&[
        "analyze",
        "--format",
        "json",
        "-i",
        &path,
        "--parties",
        &parties,
    ])
    .replace(&path, "<case>");
    let strip = |s: &str| {
        let mut v: Value = serde_json::from_str(s).unwrap();
        v.as_object_mut().unwrap().remove("input");
        v
    };
    assert!(
        strip(&embedded) == strip(&file),
        "the embedded case and data/chenxi_case.csv differ"
    );
}

#[test]
fn table_report_matches_golden_file() {
    golden("analyze.txt", &ok(&["analyze"]));
}

#[test]
fn table_report_in_jin() {
    let out = ok(&["analyze", "--unit", "斤"]);
    assert!(out.contains("1250 斤"), "{out}");
    assert!(out.contains("bought (斤)"), "{out}");
}

#[test]
fn csv_report_is_the_parties_table() {
    let out = ok(&["analyze", "--format", "csv"]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("name,role,tier,bought_kg,sold_kg,suppliers,customers")
    );
    assert!(
        out.lines().any(|l| l == "左某某,source,0,,625,0,1"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 8);
}

#[test]
fn output_is_byte_identical_across_runs() {
    for format in ["table", "json", "csv"] {
        let a = ok(&["analyze", "--format", format]);
        let b = ok(&["analyze", "--format", format]);
        assert_eq!(a, b, "{format}");
    }
    assert_eq!(ok(&["dot"]), ok(&["dot"]));
}

#[test]
fn global_options_work_after_or_before_the_subcommand() {
    let a = ok(&["--format", "json", "--unit", "斤", "analyze"]);
    let b = ok(&["analyze", "--format", "json", "--unit", "斤"]);
    assert_eq!(a, b);
    serde_json::from_str::<Value>(&a).expect("JSON");
}
