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
