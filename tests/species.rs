//! Species as the evidence says them: a species cell is a taxon and a product (穿山甲鳞片 is
//! pangolin scales, not pangolins), generic names stay generic (穿山甲 is the genus, 熊掌 any
//! bear's paws), and a balance compares like with like (`transformed`, or converted with the
//! factor shown).

use serde_json::Value;

use crate::util::{Tool, fails, fixture, json, needs, ok};

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().unwrap()
}

fn row<'a>(v: &'a Value, key: &str, name: &str) -> &'a Value {
    rows(v)
        .iter()
        .find(|r| r[key] == name)
        .unwrap_or_else(|| panic!("no {key} {name} in {v}"))
}

fn party_rows<'a>(v: &'a Value, party: &str) -> Vec<&'a Value> {
    rows(v).iter().filter(|r| r["party"] == party).collect()
}

fn kg(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn totals_show_each_label_as_the_evidence_says_it() {
    let v = json(&["-i", &fixture("products.csv"), "totals"]);
    let names: Vec<&str> = rows(&v)
        .iter()
        .map(|r| r["species"].as_str().unwrap())
        .collect();
    // Never narrowed to a species the file does not name.
    for narrowed in ["中华穿山甲", "黑熊"] {
        assert!(!names.contains(&narrowed), "{names:?}");
    }
    // 穿山甲: the genus, whole animals, grade I and CITES I for every species under it.
    let whole = row(&v, "species", "穿山甲属");
    assert_eq!(whole["taxon"], "穿山甲属");
    assert_eq!(whole["rank"], "genus");
    assert_eq!(whole["product"], "整体");
    assert_eq!(whole["scientific_name"], "Manis spp.");
    assert_eq!(whole["china_protection"], "一级");
    assert_eq!(whole["cites_appendix"], "I");
    assert_eq!(kg(&whole["weight_kg"]), 25.0);
    // Scales and frozen animals are the same genus, kept apart from the whole animals.
    for (name, product, weight) in [
        ("穿山甲属（鳞片）", "鳞片", 8.0),
        ("穿山甲属（冻体）", "冻体", 20.0),
    ] {
        let r = row(&v, "species", name);
        assert_eq!(r["taxon"], "穿山甲属", "{r}");
        assert_eq!(r["product"], product, "{r}");
        assert_eq!(r["china_protection"], "一级", "{r}");
        assert_eq!(kg(&r["weight_kg"]), weight, "{r}");
    }
    // 熊掌 and 熊胆粉: bear parts, at family level.
    let paws = row(&v, "species", "熊科（掌）");
    assert_eq!(paws["rank"], "family");
    assert_eq!(paws["product"], "掌");
    assert_eq!(kg(&paws["weight_kg"]), 24.0);
    assert_eq!(row(&v, "species", "熊科（胆）")["product"], "胆");
    // 巨蜥: the list's former name of Varanus salvator, counted in animals, weight unknown.
    let monitor = row(&v, "species", "圆鼻巨蜥");
    assert_eq!(monitor["scientific_name"], "Varanus salvator");
    assert_eq!(monitor["china_protection"], "一级");
    assert_eq!(monitor["count"], 3.0);
    assert!(monitor["weight_kg"].is_null());
    // The table says the same in columns.
    let table = ok(&["-i", &fixture("products.csv"), "totals"]);
    let line = table
        .lines()
        .find(|l| l.starts_with("穿山甲属（鳞片）"))
        .unwrap();
    for cell in ["穿山甲属", "genus", "鳞片", "Manis spp.", "一级"] {
        assert!(line.contains(cell), "{line}");
    }
}

#[test]
fn a_filter_by_any_spelling_of_a_product_selects_its_label() {
    for typed in ["穿山甲片", "穿山甲（鳞片）", "甲片", "穿山甲-鳞片"] {
        let v = json(&["-i", &fixture("products.csv"), "totals", "--species", typed]);
        assert_eq!(rows(&v).len(), 1, "{typed}");
        assert_eq!(rows(&v)[0]["species"], "穿山甲属（鳞片）", "{typed}");
    }
}

#[test]
fn whole_animals_bought_and_scales_sold_are_transformed_not_compared() {
    let v = json(&["-i", &fixture("products.csv"), "balance"]);
    let dealer = party_rows(&v, "收购商乙");
    let of = |name: &str| {
        *dealer
            .iter()
            .find(|r| r["species"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    for name in ["穿山甲属", "穿山甲属（冻体）", "穿山甲属（鳞片）"] {
        let r = of(name);
        assert_eq!(r["status"], "transformed", "{r}");
        assert!(r["difference_kg"].is_null(), "{r}");
        assert!(r["note"].as_str().unwrap().contains("--conversions"), "{r}");
    }
    // Scales sold with no scales bought are not an origin: they came from the animals.
    assert_ne!(of("穿山甲属（鳞片）")["status"], "origin");
    // Paws in, paws out: like with like, compared (bile is another part, not made from paws).
    let paws = of("熊科（掌）");
    assert_eq!(paws["status"], "balanced");
    assert_eq!(kg(&paws["difference_kg"]), 0.0);
    assert_eq!(of("熊科（胆）")["status"], "origin");
    // The party's total does not add parts to animals.
    let all = dealer.iter().find(|r| r["species"].is_null()).unwrap();
    assert_eq!(all["status"], "transformed");
    assert!(all["difference_kg"].is_null());
}

#[test]
fn a_stated_factor_converts_with_the_factor_and_source_shown() {
    let v = json(&[
        "-i",
        &fixture("products.csv"),
        "--conversions",
        &fixture("conversions.csv"),
        "balance",
    ]);
    let dealer = party_rows(&v, "收购商乙");
    let scales = dealer
        .iter()
        .find(|r| r["species"] == "穿山甲属（鳞片）")
        .unwrap();
    let conv = scales["converted"].as_array().unwrap();
    assert_eq!(conv.len(), 2, "{scales}");
    let mut converted = 0.0;
    for c in conv {
        assert_eq!(kg(&c["factor"]), 0.2);
        assert_eq!(c["source"], "fixture factor (not a real study)");
        assert!((kg(&c["kg"]) - kg(&c["from_kg"]) * 0.2).abs() < 1e-9, "{c}");
        converted += kg(&c["kg"]);
    }
    // (25 + 20) kg of pangolins × 0.2 = 9 kg of scales against 8 kg sold.
    assert!((converted - 9.0).abs() < 1e-9);
    assert_eq!(kg(&scales["bought_kg"]), 0.0, "own purchases stay apart");
    assert!((kg(&scales["difference_kg"]) - (8.0 - 9.0)).abs() < 1e-9);
    assert_eq!(scales["status"], "unsold_stock");
    let note = scales["note"].as_str().unwrap();
    assert!(
        note.contains("× 0.2") && note.contains("fixture factor"),
        "{note}"
    );
    // The animals' rows point to where they were compared.
    let whole = dealer.iter().find(|r| r["species"] == "穿山甲属").unwrap();
    assert_eq!(whole["status"], "transformed");
    assert!(whole["note"].as_str().unwrap().contains("穿山甲属（鳞片）"));
    // The table shows the converted weight in its own column, in --unit.
    let table = ok(&[
        "-i",
        &fixture("products.csv"),
        "--conversions",
        &fixture("conversions.csv"),
        "--unit",
        "斤",
        "balance",
    ]);
    assert!(table.contains("converted in (斤)"), "{table}");
    let line = table
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|c| c[..2] == ["收购商乙", "穿山甲属（鳞片）"])
        .unwrap();
    assert_eq!(line[3], "18", "9 kg is 18 斤: {table}");
}

#[test]
fn a_bad_conversion_file_is_an_error_naming_row_column_and_value() {
    let e = fails(
        &[
            "-i",
            &fixture("products.csv"),
            "--conversions",
            &fixture("bad_conversions.csv"),
            "balance",
        ],
        1,
    );
    assert!(
        e.contains("bad_conversions.csv row 2, column factor: '零点二' is not a positive number"),
        "{e}"
    );
}

#[test]
fn a_species_table_with_an_unclosed_quote_is_refused_naming_file_and_line() {
    // Read as CSV alone, the quote swallows the rest of the file: a species named
    // `unclosed,foo\n另一蛇,,Testus two` and a lost row.
    let table = fixture("unclosed_quote_species.csv");
    let e = fails(&["--species-table", &table, "species"], 1);
    assert!(
        e.contains("unclosed_quote_species.csv, line 3: a quote (\") is opened and never closed"),
        "{e}"
    );
    assert!(e.contains("'\"unclosed,foo'"), "{e}");
}

#[test]
fn species_finds_a_name_with_or_without_its_product_and_shows_rank_and_parent() {
    let v = json(&["species", "巨蜥"]);
    assert_eq!(v[0]["scientific_name"], "Varanus salvator");
    assert_eq!(v[0]["rank"], "species");
    let v = json(&["species", "穿山甲鳞片", "中华穿山甲"]);
    assert_eq!(v[0]["name_zh"], "穿山甲属");
    assert_eq!(v[0]["rank"], "genus");
    assert_eq!(v[1]["parent"], "穿山甲属");
    let table = ok(&["species", "熊胆"]);
    assert!(
        table.contains("熊科") && table.contains("family"),
        "{table}"
    );
    // The national list: 金丝猴 is the genus (every species of it 一级, CITES I), its species
    // name it as parent; 球蟒 (not on the list) is there with its CITES appendix.
    let v = json(&["species", "金丝猴", "川金丝猴", "球蟒", "巨蜥"]);
    assert_eq!(v[0]["name_zh"], "金丝猴属");
    assert_eq!(v[0]["rank"], "genus");
    assert_eq!(v[0]["china_protection"], "一级");
    assert_eq!(v[0]["cites_appendix"], "I");
    assert_eq!(v[1]["scientific_name"], "Rhinopithecus roxellana");
    assert_eq!(v[1]["parent"], "金丝猴属");
    assert_eq!(v[2]["scientific_name"], "Python regius");
    assert_eq!(v[2]["cites_appendix"], "II");
    assert_eq!(v[2]["china_protection"], Value::Null);
    // 巨蜥's appendix comes from the Species+ index, and says so.
    assert_eq!(v[3]["cites_appendix"], "II");
    assert!(
        v[3]["source"]
            .as_str()
            .unwrap()
            .contains("Species+ Index 2017-04-21 (II)"),
        "{}",
        v[3]
    );
    let products = json(&["species", "--products"]);
    let scales = products
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "鳞片")
        .unwrap();
    assert!(
        scales["synonyms"]
            .as_array()
            .unwrap()
            .contains(&"甲片".into())
    );
    assert_eq!(scales["whole"], false);
}

#[test]
fn a_product_column_wins_over_what_the_name_says() {
    let v = json(&["-i", &fixture("product_column.csv"), "totals"]);
    // 甲片 is a synonym of 鳞片; 穿山甲鳞片 with product 整体 is whole pangolins; an empty product
    // cell leaves the name's own product (熊掌: paws).
    for (name, product, weight) in [
        ("穿山甲属（鳞片）", "鳞片", 10.0),
        ("穿山甲属", "整体", 5.0),
        ("熊科（掌）", "掌", 3.0),
    ] {
        let r = row(&v, "species", name);
        assert_eq!(r["product"], product, "{r}");
        assert_eq!(kg(&r["weight_kg"]), weight, "{r}");
    }
    assert_eq!(rows(&v).len(), 3, "{v}");
}

#[test]
fn an_unknown_product_is_an_error_naming_file_row_column_and_value() {
    let f = fixture("bad_product.csv");
    let e = fails(&["-i", &f, "totals"], 1);
    assert!(e.contains("bad_product.csv"), "{e}");
    assert!(
        // Line 3 of the file: the header is line 1.
        e.contains("row 3, column product ('product'): '爪子' is not a product"),
        "{e}"
    );
}

#[test]
fn validate_shows_each_species_with_rank_parent_and_product() {
    let v = json(&["-i", &fixture("products.csv"), "validate"]);
    let known = v["species"]["known"].as_array().unwrap();
    let find = |name: &str| {
        known
            .iter()
            .find(|k| k["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {known:?}"))
    };
    let scales = find("穿山甲属（鳞片）");
    assert_eq!(scales["taxon"], "穿山甲属");
    assert_eq!(scales["rank"], "genus");
    assert_eq!(scales["product"], "鳞片");
    assert_eq!(scales["rows"], 1);
    let lizard = find("圆鼻巨蜥");
    assert_eq!(lizard["rank"], "species");
    assert_eq!(lizard["scientific_name"], "Varanus salvator");
    let paws = find("熊科（掌）");
    assert_eq!(paws["rank"], "family");
    assert_eq!(paws["rows"], 2);
    // The table view says it in words.
    let text = ok(&["-i", &fixture("products.csv"), "validate"]);
    assert!(
        text.contains(
            "穿山甲属（鳞片）: genus 穿山甲属, parent -, product 鳞片, Manis spp. (1 row)"
        ),
        "{text}"
    );
}

#[test]
fn a_party_that_buys_whole_animals_and_sells_parts_is_a_processing_lead() {
    let v = json(&["-i", &fixture("products.csv"), "analyze"]);
    let leads: Vec<&Value> = v["leads"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "processing")
        .collect();
    assert_eq!(leads.len(), 1, "{leads:?}");
    let l = leads[0];
    assert_eq!(l["parties"], serde_json::json!(["收购商乙"]));
    // What it bought: 25 kg whole and 20 kg frozen pangolins.
    assert_eq!(kg(&l["weight_kg"]), 45.0);
    let detail = l["detail"].as_str().unwrap();
    assert!(
        detail.starts_with(
            "收购商乙 bought 穿山甲属, 穿山甲属（冻体） (45 kg (90 斤)) and sold 穿山甲属（鳞片）"
        ),
        "{detail}"
    );
    let zh = json(&["--lang", "zh", "-i", &fixture("products.csv"), "analyze"]);
    let detail = zh["leads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "processing")
        .map(|l| l["detail"].as_str().unwrap().to_string())
        .unwrap();
    assert!(
        detail.starts_with("收购商乙收购穿山甲属、穿山甲属（冻体）（45 kg (90 斤)），出售穿山甲属（鳞片）：疑为加工环节"),
        "{detail}"
    );
    // A party whose products do not change form has no such lead.
    let v = json(&["-i", &fixture("balance.csv"), "analyze"]);
    assert!(
        !v["leads"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["kind"] == "processing"),
        "{v}"
    );
}

#[test]
fn the_national_list_script_keeps_hand_rows_fills_only_what_species_plus_names_and_reruns_alike() {
    let Some(python) = needs(Tool::Python) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("table.csv");
    let hand = std::fs::read_to_string(fixture("national_list/table.csv")).unwrap();
    std::fs::write(&table, &hand).unwrap();
    let run = || {
        let out = std::process::Command::new(python)
            .arg(crate::util::repo_file("data/tools/national_list.py"))
            .args(["--national", &fixture("national_list/national.json")])
            .args(["--cites", &fixture("national_list/cites.csv")])
            .arg("--table")
            .arg(&table)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(&table).unwrap()
    };
    let first = run();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(first.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let by_name = |n: &str| {
        rows.iter()
            .find(|r| &r[0] == n)
            .unwrap_or_else(|| panic!("no row {n} in\n{first}"))
    };
    // A hand-checked row wins: the list's 穿山甲 (the same scientific name) adds no row, and the
    // hand row's line is unchanged.
    assert!(first.contains(hand.lines().nth(1).unwrap()), "{first}");
    assert!(rows.iter().all(|r| &r[0] != "穿山甲"), "{first}");
    // A hand row whose CITES cell was not checked gets it from Species+, saying so.
    let lizard = by_name("圆鼻巨蜥");
    assert_eq!((&lizard[8], &lizard[11]), ("II", "yes"));
    assert!(
        lizard[10].contains("CITES: Species+ Index 2017-04-21 (II)"),
        "{lizard:?}"
    );
    // A new row: grade from the list, appendix where Species+ names the species, parent genus.
    let monkey = by_name("川金丝猴");
    assert_eq!(&monkey[2], "Rhinopithecus roxellana");
    assert_eq!((&monkey[8], &monkey[9], &monkey[11]), ("I", "一级", "yes"));
    assert_eq!(&monkey[6], "金丝猴属");
    assert!(monkey[10].starts_with("national_list.py: "), "{monkey:?}");
    // Where Species+ does not name the species: no appendix, not verified, and the reason.
    let fish = by_name("测试鱼");
    assert_eq!((&fish[8], &fish[11]), ("", "no"));
    assert_eq!(&fish[1], "旧测试鱼");
    assert!(fish[10].contains("仅限野外种群") && fish[10].contains("not determined"));
    // Run again: the same file.
    assert_eq!(run(), first);
    // The table the script wrote loads.
    let listing = json(&[
        "--species-table",
        &table.display().to_string(),
        "species",
        "测试鱼",
    ]);
    assert_eq!(listing[0]["china_protection"], "二级");
}
