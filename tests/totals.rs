//! `totals`: sums of rows per group, unknown kept apart from zero.

use serde_json::{Value, json};

use crate::util::{fails, fixture, json, ok};

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().unwrap()
}

fn close(v: &Value, x: f64) -> bool {
    (v.as_f64().unwrap() - x).abs() < 1e-9
}

#[test]
fn every_unit_converts_and_counts_stay_apart_from_weights() {
    let v = json(&["-i", &fixture("units.csv"), "totals"]);
    assert_eq!(v["by"], "species");
    let r = rows(&v);
    assert_eq!(r[0]["species"], "x");
    assert!(
        close(
            &r[0]["weight_kg"],
            60.0 + 60.0 + 500.0 + 0.5 + 0.15 + 1.5 + 2.0 + 5.0 + 10.0
        ),
        "{}",
        r[0]
    );
    assert_eq!(r[0]["transactions"], 9);
    assert_eq!(r[0]["unknown_weight"], 0);
    assert_eq!(r[0]["count"], Value::Null);
    // A known zero sorts before unknown, and stays a zero.
    assert_eq!(r[1]["species"], "z");
    assert_eq!(r[1]["weight_kg"], 0.0);
    assert_eq!(r[1]["unknown_weight"], 0);
    // 3条 + 4只 are animals, not weight; with the empty cell, none of y's weight is known.
    assert_eq!(r[2]["species"], "y");
    assert_eq!(r[2]["weight_kg"], Value::Null);
    assert_eq!(r[2]["unknown_weight"], 3);
    assert_eq!(r[2]["count"], 7.0);
}

#[test]
fn default_unit_applies_to_bare_numbers_without_a_unit_cell() {
    let v = json(&[
        "-i",
        &fixture("units.csv"),
        "--default-unit",
        "斤",
        "totals",
        "--species",
        "x",
    ]);
    assert!(close(&rows(&v)[0]["weight_kg"], 639.15 - 5.0));
}

#[test]
fn by_seller_buyer_link_and_month() {
    let v = json(&["totals", "--by", "seller"]);
    let r = rows(&v);
    assert_eq!(r[0]["seller"], "左某某");
    assert_eq!(r[0]["weight_kg"], 625.0);
    // Sellers with no known weight come after, by name.
    let rest: Vec<&str> = r[1..]
        .iter()
        .map(|x| x["seller"].as_str().unwrap())
        .collect();
    assert_eq!(rest, ["丁某某", "朱某某", "瞿某海", "瞿某青"]);
    assert!(r[1..].iter().all(|x| x["weight_kg"].is_null()));

    let v = json(&["totals", "--by", "link"]);
    assert_eq!(
        rows(&v)[0],
        json!({"seller": "左某某", "buyer": "丁某某", "weight_kg": 625.0, "transactions": 3,
        "unknown_weight": 0, "count": null, "first_date": "2022-04", "last_date": "2022-04",
        "approx_rows": 0})
    );
    assert_eq!(rows(&v).len(), 6);

    let v = json(&["totals", "--by", "month"]);
    let months: Vec<(Value, Value, u64)> = rows(&v)
        .iter()
        .map(|x| {
            (
                x["month"].clone(),
                x["weight_kg"].clone(),
                x["transactions"].as_u64().unwrap(),
            )
        })
        .collect();
    // Rows of unknown date get their own group rather than being dropped.
    assert_eq!(
        months,
        [
            (json!("2022-04"), json!(625.0), 6),
            (Value::Null, Value::Null, 2)
        ]
    );
}

#[test]
fn filters_by_party_species_and_dates() {
    let v = json(&["totals", "--party", "丁某某", "--by", "buyer"]);
    let buyers: Vec<&str> = rows(&v)
        .iter()
        .map(|x| x["buyer"].as_str().unwrap())
        .collect();
    assert_eq!(
        buyers,
        ["丁某某", "广西买家（未具名）", "湖南买家（未具名）"]
    );

    let d = fixture("diamond.csv");
    let v = json(&[
        "-i",
        &d,
        "totals",
        "--by",
        "link",
        "--from",
        "2022-01-02",
        "--to",
        "2022-02",
    ]);
    let links: Vec<String> = rows(&v)
        .iter()
        .map(|x| {
            format!(
                "{}>{}",
                x["seller"].as_str().unwrap(),
                x["buyer"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(links, ["a>c", "b>d", "c>d"]);
    // A month as --from means its first day; rows of unknown date are left out by any date filter.
    let v = json(&["totals", "--from", "2022-04"]);
    let sum: u64 = rows(&v)
        .iter()
        .map(|x| x["transactions"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 6);
}

#[test]
fn sum_by_seller_equals_sum_by_species() {
    for file in ["units.csv", "diamond.csv", "rings.csv"] {
        let f = fixture(file);
        let total = |by: &str| -> (f64, u64, u64) {
            let v = json(&["-i", &f, "totals", "--by", by]);
            rows(&v).iter().fold((0.0, 0, 0), |(w, n, u), r| {
                (
                    w + r["weight_kg"].as_f64().unwrap_or(0.0),
                    n + r["transactions"].as_u64().unwrap(),
                    u + r["unknown_weight"].as_u64().unwrap(),
                )
            })
        };
        let base = total("species");
        for by in ["seller", "buyer", "month", "link"] {
            let t = total(by);
            assert!(
                (t.0 - base.0).abs() < 1e-9 && t.1 == base.1 && t.2 == base.2,
                "{file} by {by}: {t:?} vs {base:?}"
            );
        }
    }
}

#[test]
fn table_shows_unknown_not_zero() {
    let out = ok(&["totals"]);
    let wild = out.lines().find(|l| l.starts_with("野生蛇")).unwrap();
    assert!(wild.contains("unknown"), "{out}");
    assert!(out.lines().next().unwrap().contains("weight (kg)"), "{out}");
}

#[test]
fn bad_filters_are_errors() {
    let e = fails(&["totals", "--from", "2022-13"], 2);
    assert!(e.contains("--from"), "{e}");
    let e = fails(&["totals", "--party", "nobody"], 1);
    assert!(e.contains("no party named 'nobody'"), "{e}");
    let e = fails(&["totals", "--by", "colour"], 2);
    assert!(e.contains("colour"), "{e}");
    let e = fails(&["totals", "--format", "dot"], 2);
    assert!(e.contains("--format dot"), "{e}");
}
