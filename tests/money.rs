//! Money along the chain (issue 13): prices and amounts read in every form case files use, spent,
//! received and margin per party, the value chain, and the case value under 法释〔2022〕12号; and
//! counts and weights side by side (`30只 15斤`).

use serde_json::Value;

use crate::util::{file, fixture, json, ok, run, run_env};

fn find<'a>(v: &'a Value, key: &str, name: &str) -> &'a Value {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .find(|x| x[key] == name)
        .unwrap_or_else(|| panic!("no {key} {name} in {v}"))
}

/// The Done-when case: 9 catchers sell 禾花雀 at 5元/只 to a middleman who sells at
/// 20元/只.
#[test]
fn analyze_shows_who_spent_and_received_what_and_the_markup_at_the_middleman() {
    let case = fixture("money.csv");
    let v = json(&["analyze", "-i", &case]);
    let money = &v["money"];
    let middleman = find(money, "party", "黄某某");
    assert_eq!(middleman["spent_yuan"], 900.0, "9 × 20只 × 5元");
    assert_eq!(middleman["spent_rows"], 9);
    // 120只 at 20元/只 written as 2400元, and 60只 at 每只20元 (no amount written): 1200元.
    assert_eq!(middleman["received_yuan"], 3600.0);
    assert_eq!(middleman["margin_yuan"], 2700.0);
    assert_eq!(middleman["margin_species"], serde_json::json!(["黄胸鹀"]));
    for i in 1..=9 {
        let c = find(money, "party", &format!("捕鸟人{i}"));
        assert_eq!(c["received_yuan"], 100.0);
        assert_eq!(c["spent_yuan"], Value::Null, "bought nothing on record");
        assert_eq!(c["margin_yuan"], Value::Null);
    }
    let chain = find(&v["value_chain"], "species", "黄胸鹀");
    assert_eq!(chain["per"], "animal");
    assert_eq!(chain["source_price_yuan"], 5.0);
    assert_eq!(chain["sink_price_yuan"], 20.0);
    assert_eq!(chain["markup"], 4.0);
    assert_eq!(chain["jump"], "黄某某");
    let jump = v["leads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "price_jump")
        .expect("a price_jump lead");
    let text = jump.to_string();
    assert!(
        text.contains("黄某某") && text.contains("5元") && text.contains("20元"),
        "{text}"
    );
    // The text report and its Chinese sentence say it too.
    let zh = run_env(&["analyze", "-i", &case, "--lang", "zh"], &[]);
    assert!(
        zh.contains("黄某某 以 5元/只 收购黄胸鹀，以 20元/只 出售"),
        "{zh}"
    );
}

#[test]
fn value_gives_each_party_its_value_method_and_band_with_the_article() {
    let case = fixture("money.csv");
    let base = fixture("base_values.csv");
    let v = json(&["value", "-i", &case, "--values", &base]);
    assert!(v["note"].as_str().unwrap().contains("not a legal finding"));
    let parties = &v["parties"];
    // 禾花雀 (黄胸鹀) is grade I: 500元 base value × 10 per animal.
    let catcher = find(parties, "party", "捕鸟人1");
    assert_eq!(catcher["article"], "法释〔2022〕12号 第六条");
    assert_eq!(catcher["value_yuan"], 100_000.0, "20只 × 500元 × 10");
    assert_eq!(catcher["band"], 1);
    assert_eq!(catcher["next_band_yuan"], 200_000.0);
    assert_eq!(catcher["to_next_band_yuan"], 100_000.0);
    assert_eq!(catcher["species"][0]["method"], "base_value");
    // Bought 180 and resold 180: counted once.
    let middleman = find(parties, "party", "黄某某");
    assert_eq!(middleman["value_yuan"], 900_000.0);
    assert_eq!(middleman["band"], 2);
    assert!(
        middleman["band_text"]
            .as_str()
            .unwrap()
            .contains("情节严重"),
        "{middleman}"
    );
    // Without base values a grade I value is unknown, not 0.
    let v = json(&["value", "-i", &case]);
    let m = find(&v["parties"], "party", "黄某某");
    assert_eq!(m["value_yuan"], Value::Null);
    assert_eq!(m["band"], Value::Null);
    assert_eq!(m["species"][0]["method"], "unknown");
    let table = ok(&["value", "-i", &case, "--values", &base]);
    assert!(
        table.contains("not a legal finding") && table.contains("art. 6"),
        "{table}"
    );
}

#[test]
fn sale_amounts_of_a_sanyou_species_are_summed_within_the_window_only() {
    let (_d, case) = file(
        "sanyou.csv",
        "卖方,买方,物种,重量,日期,金额\n\
         甲,乙,王锦蛇,10斤,2020-01-01,6000元\n\
         甲,丙,王锦蛇,10斤,2023-06-01,6000元\n",
    );
    let v = json(&["value", "-i", &case]);
    let a = find(&v["parties"], "party", "甲");
    assert_eq!(a["article"], "法释〔2022〕12号 第七条、第八条第一项");
    assert_eq!(a["species"][0]["method"], "sale_amount");
    assert_eq!(
        a["value_yuan"], 6000.0,
        "the acts are more than two years apart"
    );
    assert_eq!(a["band"], 0);
    assert_eq!(a["to_next_band_yuan"], 4000.0);
    let v = json(&["value", "-i", &case, "--window", "5y"]);
    let a = find(&v["parties"], "party", "甲");
    assert_eq!(a["value_yuan"], 12_000.0);
    assert_eq!(a["band"], 1);
    // The buyers did not sell: the price they paid.
    let b = find(&v["parties"], "party", "乙");
    assert_eq!(b["species"][0]["method"], "purchase_price");
    assert_eq!(b["value_yuan"], 6000.0);
}

#[test]
fn prices_in_every_form_give_the_same_amount() {
    // 10斤 at 80元/斤 is 800元 however the price is written.
    let mut text = String::from("卖方,买方,物种,重量,日期,单价,金额\n");
    for (i, price) in [
        "80元/斤",
        "每斤80元",
        "160元/kg",
        "８０元/斤",
        "八十元/斤",
        "￥80/斤",
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!("甲{i},乙,王锦蛇,10斤,2023-01-01,{price},\n"));
    }
    for (i, amount) in ["800", "800元", "￥800", "0.08万元", "八百元"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!("丙{i},乙,王锦蛇,10斤,2023-01-01,,{amount}\n"));
    }
    let (_d, case) = file("forms.csv", &text);
    let v = json(&["totals", "-i", &case, "--by", "seller"]);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 11);
    for r in rows {
        assert_eq!(r["amount_yuan"], 800.0, "{r}");
        assert_eq!(r["price_per_kg_yuan"], 160.0, "{r}");
    }
    // A header naming the unit prices bare numbers: 单价(元/斤).
    let (_d2, case) = file(
        "header.csv",
        "卖方,买方,物种,重量,日期,单价(元/斤)\n甲,乙,王锦蛇,10斤,2023-01-01,80\n",
    );
    let v = json(&["totals", "-i", &case]);
    assert_eq!(v["rows"][0]["amount_yuan"], 800.0);
}

#[test]
fn bad_prices_are_unknown_cells_naming_file_row_column_and_value() {
    let (_d, case) = file(
        "bad.csv",
        "卖方,买方,物种,重量,日期,单价,金额\n\
         甲,乙,王锦蛇,10斤,2023-01-01,80元/斤,\n\
         甲,乙,王锦蛇,10斤,2023-01-02,80元/箱,\n\
         甲,乙,王锦蛇,10斤,2023-01-03,80,\n\
         甲,乙,王锦蛇,10斤,2023-01-04,,很多钱\n\
         甲,乙,王锦蛇,10斤,2023-01-05,,-5元\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv").display().to_string();
    ok(&["totals", "-i", &case, "--rejects", &rejects]);
    let text = std::fs::read_to_string(&rejects).unwrap();
    for (row, column, value) in [
        // The lines of the file: the header is line 1.
        (3, "price", "80元/箱"),
        (4, "price", "80"),
        (5, "amount", "很多钱"),
        (6, "amount", "-5元"),
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{case},{row},unknown_cell,")))
            .unwrap_or_else(|| panic!("row {row} not listed as an unknown cell: {text}"));
        assert!(
            line.contains(&format!("column '{column}'")) && line.contains(&format!("'{value}'")),
            "row {row} {column} {value}: {line}"
        );
    }
    // Every row is counted, the bad money cells unknown (never 0): only the good row's amount
    // is known; the others are not lost, silently or otherwise.
    let t = run(&["totals", "-i", &case, "--format", "json"]);
    let v: Value = serde_json::from_slice(&t.stdout).unwrap();
    assert_eq!(v["input"]["rejected"], 0);
    assert_eq!(v["input"]["unknown_cells"], 4);
    assert_eq!(v["rows"][0]["transactions"], 5);
    assert_eq!(v["rows"][0]["amount_yuan"], 800.0);
    assert_eq!(v["rows"][0]["amount_rows"], 1);
    let stderr = String::from_utf8_lossy(&t.stderr);
    assert!(
        stderr.contains("bad.csv row 3") && stderr.contains("price") && stderr.contains("80元/箱"),
        "{stderr}"
    );
}

#[test]
fn a_written_amount_wins_and_a_mismatch_is_a_warning_naming_the_row() {
    let (_d, case) = file(
        "mismatch.csv",
        "卖方,买方,物种,重量,日期,单价,金额\n\
         甲,乙,王锦蛇,10斤,2023-01-01,80元/斤,800.5\n\
         甲,乙,王锦蛇,10斤,2023-01-02,80元/斤,1000\n",
    );
    let out = run(&["totals", "-i", &case, "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"][0]["amount_yuan"], 1800.5, "written amounts win");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 row gives an amount") && stderr.contains("mismatch.csv row 3"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1000 元 written, the price gives 800 元"),
        "{stderr}"
    );
}

#[test]
fn unknown_amounts_stay_unknown() {
    let (_d, case) = file(
        "partly.csv",
        "卖方,买方,物种,重量,日期,单价\n\
         甲,乙,王锦蛇,10斤,2023-01-01,80元/斤\n\
         甲,乙,王锦蛇,,2023-01-02,80元/斤\n\
         甲,乙,王锦蛇,3条,2023-01-03,80元/斤\n",
    );
    let v = json(&["totals", "-i", &case]);
    let r = &v["rows"][0];
    // Neither an unknown weight nor a count of snakes gives a price per 斤 an amount.
    assert_eq!(r["amount_yuan"], 800.0);
    assert_eq!(r["amount_rows"], 1);
    assert_eq!(r["transactions"], 3);
    // Without money columns, totals keep their shape.
    let v = json(&["totals"]);
    assert!(v["rows"][0].get("amount_yuan").is_none(), "{v}");
}

#[test]
fn links_carry_the_money_and_read_it_back() {
    let case = fixture("money.csv");
    let dir = tempfile::tempdir().unwrap();
    let links = dir.path().join("links.csv").display().to_string();
    ok(&["links", "-i", &case, "-o", &links]);
    let direct = json(&["totals", "-i", &case, "--by", "seller"]);
    let back = json(&["totals", "--links", &links, "--by", "seller"]);
    assert_eq!(direct["rows"], back["rows"]);
    assert!(direct["rows"][0]["amount_yuan"].is_number());
}

#[test]
fn amounts_are_the_same_whatever_the_thread_count() {
    let case = fixture("money.csv");
    let one = run_env(
        &["totals", "-i", &case, "--by", "link", "--format", "csv"],
        &[("POLARS_MAX_THREADS", "1")],
    );
    let many = run_env(
        &["totals", "-i", &case, "--by", "link", "--format", "csv"],
        &[("POLARS_MAX_THREADS", "8")],
    );
    assert_eq!(one, many);
    assert!(one.contains("amount_yuan"), "{one}");
}

/// Issue 12's last item: `30只 15斤` is a count and a weight; the balance used to underflow on it.
#[test]
fn a_count_and_a_weight_side_by_side_are_both_totalled_and_balanced() {
    let (_d, case) = file(
        "both.csv",
        "卖方,买方,物种,数量,日期\n\
         甲,乙,王锦蛇,30只 15斤,2023-01-01\n\
         乙,丙,王锦蛇,15斤(合30只),2023-01-02\n",
    );
    let v = json(&["totals", "-i", &case]);
    let r = &v["rows"][0];
    assert_eq!(r["weight_kg"], 15.0);
    assert_eq!(r["count"], 60.0);
    assert_eq!(r["unknown_weight"], 0);
    assert_eq!(r["weighed_and_counted"], 2);
    let b = json(&["balance", "-i", &case]);
    let row = b["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["party"] == "乙")
        .expect("乙");
    assert_eq!(row["status"], "balanced", "{row}");
    assert_eq!(row["bought_kg"], 7.5);
    assert_eq!(row["sold_count"], 30.0);
    assert_eq!(row["unknown_weight_rows"], 0);
}
