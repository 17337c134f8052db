//! Money past its caps (issue 24, item 11): the cap itself, amounts computed from a price past
//! the cap, sums too large for `f64` to hold to the fen. Each test is named for what broke
//! before it was fixed.

use crate::util::{file, json, run};

#[test]
fn the_cap_itself_is_a_sum_not_refused_as_not_money() {
    // `1万亿元` was "not a sum in 元": `万亿` was not read as one word.
    let (_d, path) = file(
        "cap.csv",
        "卖方,买方,物种,重量,日期,金额\n甲,乙,穿山甲,1斤,2023-01-01,1万亿元\n\
         甲,乙,穿山甲,1斤,2023-01-02,1.1万亿元\n",
    );
    let out = run(&["validate", "-i", &path]);
    let text = String::from_utf8_lossy(&out.stdout);
    // The amount past the cap is unknown; its row is kept.
    assert!(text.contains("2 read, 2 accepted"), "{text}");
    assert!(
        text.contains("row 3: column 'amount': '1.1万亿元' is too large (over 10000 亿元)"),
        "{text}"
    );
    let v = json(&["analyze", "-i", &path]);
    let seller = v["money"]
        .as_array()
        .and_then(|m| m.iter().find(|p| p["party"] == "甲"))
        .unwrap_or_else(|| panic!("no 甲 in {v}"));
    assert_eq!(seller["received_yuan"], 1e12);
}

#[test]
fn a_price_times_a_weight_past_the_cap_is_an_unknown_price_not_an_accepted_amount() {
    // 1000斤 at 9000亿元/斤 was accepted as 900 万亿元; a product past i64 fen was an unknown
    // amount without a word.
    let (_d, path) = file(
        "product.csv",
        "卖方,买方,物种,重量,日期,单价\n甲,乙,穿山甲,1000斤,2023-01-01,9000亿元/斤\n\
         甲,乙,穿山甲,100000斤,2023-01-02,9000亿元/克\n\
         甲,乙,穿山甲,1斤,2023-01-03,80元/斤\n",
    );
    let (d, _) = file("x", "");
    let rejects = d.path().join("rejects.csv");
    let rejects = rejects.to_string_lossy();
    let out = run(&["validate", "-i", &path, "--rejects", &rejects]);
    let text = String::from_utf8_lossy(&out.stdout);
    // The rows are kept with the price unknown, never the product taken as an amount.
    assert!(text.contains("3 read, 3 accepted"), "{text}");
    assert!(
        text.contains(
            "row 2: column 'price': 'price × quantity = 900000000000000元' is too large (over \
             10000 亿元)"
        ),
        "{text}"
    );
    // Past i64 fen: unknown too, the product exact in the reason.
    let listed = std::fs::read_to_string(&*rejects).unwrap_or_default();
    assert!(
        listed
            .contains("/product.csv,3,unknown_cell,column 'price': 'price × quantity = 45000000000000000000元'"),
        "{listed}"
    );
    let out = run(&["validate", "-i", &path, "--strict"]);
    assert!(!out.status.success());
}

#[test]
fn base_values_past_i64_are_held_at_the_cap_with_a_word_not_wrapped_negative() {
    // 1e12 animals at 9000亿元 × 10 wrapped to -43931345373290824 元, "below the first
    // threshold".
    let (d, path) = file(
        "many.csv",
        "卖方,买方,物种,数量,日期\n甲,乙,黄胸鹀,1000000000000只,2023-01-01\n",
    );
    let base = crate::util::write(
        d.path(),
        "base.csv",
        "taxon,base_value_yuan,source,as_of\n黄胸鹀,9000亿元,test,2017-12-15\n",
    );
    let v = json(&["value", "-i", &path, "--values", &base]);
    for p in v["parties"].as_array().unwrap_or_else(|| panic!("{v}")) {
        assert_eq!(p["band"], 3, "{p}");
        assert!(p["value_yuan"].as_f64().is_some_and(|y| y > 2e16), "{p}");
        assert!(p["capped_at_yuan"].is_number(), "{p}");
    }
    let text = crate::util::ok(&["value", "-i", &path, "--values", &base]);
    assert!(
        text.contains("held at 23058430092136939.51元, the most wildchain totals"),
        "{text}"
    );
}

/// 900 sales at the cap (1万亿元) and one of 10.01元: 900000000000010.01 元, past 2^53 fen.
fn past_2_53_fen() -> (tempfile::TempDir, String) {
    let mut text = String::from("卖方,买方,物种,重量,金额,日期\n");
    for i in 0..900 {
        text.push_str(&format!(
            "张三,李四,穿山甲,1斤,1万亿元,2022-04-{:02}\n",
            1 + i % 28
        ));
    }
    text.push_str("张三,李四,穿山甲,2两,10.01元,2022-05-01\n");
    file("huge.csv", text)
}

#[test]
fn sums_past_2_53_fen_print_to_the_fen_in_tables_and_csv_not_through_a_double() {
    // Printed as 900000000000009.88 (analyze's money) or 900000000000010 (totals): the sum went
    // through an f64 before it was printed.
    let (_d, path) = past_2_53_fen();
    let exact = "900000000000010.01";
    for args in [
        vec!["totals", "-i", &path],
        vec!["totals", "-i", &path, "--format", "csv"],
        vec!["totals", "-i", &path, "--by", "seller", "--lang", "zh"],
        vec!["analyze", "-i", &path],
        vec!["report", "-i", &path],
        vec!["links", "-i", &path],
    ] {
        let out = crate::util::ok(&args);
        assert!(out.contains(exact), "{args:?}:\n{out}");
        assert!(!out.contains("900000000000009"), "{args:?}:\n{out}");
    }
}

#[test]
fn json_sums_past_2_53_fen_carry_the_exact_fen_beside_the_nearest_double() {
    let (_d, path) = past_2_53_fen();
    let fen = 90_000_000_000_001_001_i64;
    let v = json(&["totals", "-i", &path]);
    let row = &v["rows"][0];
    assert_eq!(row["amount_fen"].as_i64(), Some(fen), "{row}");
    // The double nearest the exact sum, not the double of a rounded double.
    assert_eq!(
        row["amount_yuan"].as_f64(),
        "900000000000010.01".parse().ok()
    );
    let v = json(&["analyze", "-i", &path]);
    let seller = v["money"]
        .as_array()
        .and_then(|m| m.iter().find(|p| p["party"] == "张三"))
        .unwrap_or_else(|| panic!("no 张三 in {v}"));
    assert_eq!(seller["received_fen"].as_i64(), Some(fen), "{seller}");
    assert_eq!(seller["received_yuan"].as_f64(), Some(900000000000010.0));
}

#[test]
fn a_links_file_past_2_53_fen_reads_back_exactly_not_refused_as_one_cell_past_the_cap() {
    // A link sums its rows: its amount was held to one cell's 1万亿元 (refused) and read through
    // an f64.
    let (d, path) = past_2_53_fen();
    let links = d.path().join("links.csv").display().to_string();
    crate::util::ok(&["links", "-i", &path, "-o", &links]);
    let v = json(&["totals", "--links", &links]);
    assert_eq!(v["input"]["rejected"], 0, "{v}");
    assert_eq!(
        v["rows"][0]["amount_fen"].as_i64(),
        Some(90_000_000_000_001_001)
    );
}

#[test]
fn case_values_past_2_53_fen_print_to_the_fen_in_value_table_csv_and_json() {
    // 100 animals × 900000000000.01 元 × 10 = 900000000000010 元: printed 900000000000009.9.
    let (d, path) = file(
        "many.csv",
        "卖方,买方,物种,数量,日期\n甲,乙,黄胸鹀,100只,2023-01-01\n",
    );
    let base = crate::util::write(
        d.path(),
        "base.csv",
        "taxon,base_value_yuan,source,as_of\n黄胸鹀,900000000000.01,test,2017-12-15\n",
    );
    for args in [
        vec!["value", "-i", &path, "--values", &base],
        vec!["value", "-i", &path, "--values", &base, "--lang", "zh"],
        vec!["value", "-i", &path, "--values", &base, "--format", "csv"],
    ] {
        let out = crate::util::ok(&args);
        assert!(out.contains("900000000000010"), "{args:?}:\n{out}");
        assert!(out.contains("900000000000.01元"), "{args:?}:\n{out}");
        assert!(!out.contains("900000000000009"), "{args:?}:\n{out}");
    }
    let v = json(&["value", "-i", &path, "--values", &base]);
    for p in v["parties"].as_array().unwrap_or_else(|| panic!("{v}")) {
        assert_eq!(p["value_fen"].as_i64(), Some(90_000_000_000_001_000), "{p}");
        assert_eq!(p["value_yuan"].as_f64(), Some(900000000000010.0), "{p}");
    }
}
