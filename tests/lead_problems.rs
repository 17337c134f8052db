//! Issue 21: a lead whose evidence includes a row with a cell problem says so and names the row.
//! On the officer's file (`tests/fixtures/officer_messy.csv`) the purchase of a pangolin dated
//! `2023-04-32` — refused before issue 21 — is kept with its day unknown, and the lead about
//! 陈老板's pangolins that rests on it is marked, in the table, in JSON and in Chinese.
//!
//! Row numbers are read from the rejects file ([`crate::cell_problems::row_of`]), not written here.

use serde_json::Value;

use crate::cell_problems::row_of;
use crate::util::{file, fixture, json, ok};

fn messy() -> String {
    fixture("officer_messy.csv")
}

/// The leads of `analyze --format json` that concern `party` and `species`.
fn leads_of(v: &Value, party: &str, species: &str) -> Vec<Value> {
    v["leads"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            l["parties"].as_array().unwrap().iter().any(|p| p == party)
                && l["species"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s == species)
        })
        .cloned()
        .collect()
}

#[test]
fn a_lead_resting_on_a_purchase_with_an_impossible_date_is_marked_with_its_row() {
    let row = row_of("2023-04-32");
    let at = format!("officer_messy.csv row {row}");
    let v = json(&["-i", &messy(), "analyze"]);
    // The purchase is kept: 赵六 → 陈老板 is a link of the network, one animal in 2023-04 (the
    // month is certain, the day is not), its 5000元 counted.
    let links = json(&["-i", &messy(), "totals", "--by", "link"]);
    let link = (links["rows"].as_array().unwrap().iter())
        .find(|r| r["seller"] == "赵六" && r["buyer"] == "陈老板")
        .unwrap_or_else(|| panic!("no link 赵六 → 陈老板 in {links}"));
    assert_eq!(link["transactions"], 1, "{link}");
    assert_eq!(link["count"], 1.0, "{link}");
    assert_eq!(link["first_date"], "2023-04", "{link}");
    assert_eq!(link["amount_yuan"], 5000.0, "{link}");
    // 陈老板 buys pangolins (one of them on that row) and sells them dearer: the lead rests on it.
    let pangolins = leads_of(&v, "陈老板", "穿山甲属");
    let jump = (pangolins.iter())
        .find(|l| l["kind"] == "price_jump")
        .unwrap_or_else(|| panic!("no price jump of 陈老板's pangolins in {v}"));
    let evidence: Vec<&str> = (jump["evidence"].as_array().unwrap().iter())
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(evidence.iter().any(|r| r.ends_with(&at)), "{jump}");
    let detail = jump["detail"].as_str().unwrap();
    assert!(
        detail.ends_with(&format!(
            "(rests on {} row {row}, which has a problem)",
            messy()
        )),
        "{detail}"
    );
    let problems: Vec<&str> = (jump["problem_rows"].as_array().unwrap().iter())
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(problems.len(), 1, "{jump}");
    assert!(problems[0].ends_with(&at), "{jump}");

    // The table of `analyze` says the same, and so does Chinese.
    let table = ok(&["-i", &messy(), "analyze"]);
    assert!(
        table.lines().any(|l| l.contains("穿山甲属")
            && l.contains("price_jump")
            && l.ends_with(&format!("row {row}, which has a problem)"))),
        "{table}"
    );
    let zh = ok(&["-i", &messy(), "--lang", "zh", "analyze"]);
    assert!(
        zh.lines()
            .any(|l| l.contains("穿山甲属") && l.ends_with(&format!("第 {row} 行有问题）"))),
        "{zh}"
    );
}

#[test]
fn a_lead_whose_rows_were_all_read_says_nothing_of_problems() {
    let v = json(&["-i", &messy(), "analyze"]);
    // 刘七's turtles: bought from 赵六 at 400元/只, sold to 王五饭店 at 600元/只, every cell read.
    let turtles = leads_of(&v, "刘七", "三线闭壳龟");
    let jump = (turtles.iter())
        .find(|l| l["kind"] == "price_jump")
        .unwrap_or_else(|| panic!("no price jump of 刘七's turtles in {v}"));
    assert!(!jump["evidence"].as_array().unwrap().is_empty(), "{jump}");
    assert_eq!(jump["problem_rows"], serde_json::json!([]), "{jump}");
    assert!(
        !jump["detail"].as_str().unwrap().contains("problem"),
        "{jump}"
    );
    // Every lead that says it rests on a problem row lists that row among its problem rows, and
    // every lead with problem rows says so.
    for l in v["leads"].as_array().unwrap() {
        let said = l["detail"]
            .as_str()
            .unwrap()
            .contains("which has a problem");
        let listed = !l["problem_rows"].as_array().unwrap().is_empty();
        assert_eq!(said, listed, "{l}");
    }
}

#[test]
fn a_problem_row_past_the_rows_a_lead_keeps_is_not_lost() {
    // 25 purchases by 李四, the last dated 2023-04-32, and one sale: past the 20 rows a lead keeps.
    let mut text = String::from("出售人,收购人,物种,重量,交易时间\n");
    for day in 1..=24 {
        text.push_str(&format!("张三,李四,眼镜蛇,1斤,2023-04-{day:02}\n"));
    }
    text.push_str("张三,李四,眼镜蛇,1斤,2023-04-32\n");
    text.push_str("李四,王五,眼镜蛇,1斤,2023-05-01\n");
    let (_dir, path) = file("late.csv", text);
    let v = json(&["-i", &path, "analyze"]);
    // The header is line 1: the 25th purchase is on line 26.
    let stock = (v["leads"].as_array().unwrap().iter())
        .find(|l| l["kind"] == "unsold_stock" && l["parties"][0] == "李四")
        .unwrap_or_else(|| panic!("no unsold stock of 李四 in {v}"));
    assert_eq!(stock["evidence_rows"], 26, "{stock}");
    assert_eq!(stock["evidence"].as_array().unwrap().len(), 20, "{stock}");
    assert!(
        (stock["detail"].as_str().unwrap()).ends_with("late.csv row 26, which has a problem)"),
        "{stock}"
    );
}

#[test]
fn every_lead_of_the_officers_file_names_what_it_is_about_in_both_languages() {
    for lang in ["en", "zh"] {
        let v = json(&["-i", &messy(), "--lang", lang, "analyze"]);
        for l in v["leads"].as_array().unwrap() {
            let d = l["detail"].as_str().unwrap();
            // A reason follows every colon: "丁某某 的收购与出售无法核对：" never ends there.
            assert!(!d.ends_with(':') && !d.ends_with('：'), "{d}");
            if l["kind"] == "indeterminate" {
                // A balance that cannot be judged is about species the party traded; its line
                // over all species (counts of turtles beside kg of cobras) is no lead.
                assert!(!l["species"].as_array().unwrap().is_empty(), "{l}");
                assert!(
                    !d.contains("  ") && !d.contains("其的") && !d.contains("其有的"),
                    "{d}"
                );
            }
        }
    }
}
