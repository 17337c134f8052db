//! Where the chain runs (issue 23): the places of parties resolved into divisions, flows between
//! regions, chain routes and the brokers between regions, on the embedded 辰溪 case (whose
//! parties file gives the places the report states), on a messy officer-typed file and on a
//! generated case with planted cross-province brokers.

use serde_json::Value;

use crate::util::{file, json, ok, run};

/// Runs `validate` (which exits 1 on the `#N/A` cell) and returns its stdout.
fn validate(args: &[&str]) -> String {
    String::from_utf8(run(args).stdout).unwrap()
}

/// The flows of `places --format json` as (from, to) short names (`?` unknown) → the cell.
fn flow<'a>(v: &'a Value, from: &str, to: &str) -> Option<&'a Value> {
    let name = |r: &Value| r["name"].as_str().unwrap_or("?").to_string();
    v["flows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| name(&c["from"]) == from && name(&c["to"]) == to)
}

fn broker<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    (v["brokers"].as_array().unwrap().iter()).find(|b| b["name"] == name)
}

/// The routes of the chains as `湖南 → 湖南 → 广西` (`?` unknown), by the chain's path.
fn routes(v: &Value) -> Vec<(String, String)> {
    (v["routes"].as_array().unwrap().iter())
        .map(|r| {
            let path: Vec<&str> = (r["path"].as_array().unwrap().iter())
                .map(|p| p.as_str().unwrap())
                .collect();
            let route: Vec<&str> = (r["route"].as_array().unwrap().iter())
                .map(|x| x["name"].as_str().unwrap_or("?"))
                .collect();
            (path.join(" → "), route.join(" → "))
        })
        .collect()
}

#[test]
fn the_embedded_case_runs_from_hunan_into_guangxi_through_ding() {
    let v = json(&["places"]);
    let into_guangxi = flow(&v, "湖南", "广西").expect("a 湖南 → 广西 flow");
    assert_eq!(into_guangxi["crosses"], true);
    let within = flow(&v, "湖南", "湖南").expect("flows within Hunan");
    assert_eq!(within["crosses"], false);
    assert!(within["links"].as_u64().unwrap() >= 2);
    // 瞿某青 and 瞿某海's places are not stated: their links come from an unknown place.
    let unknown = flow(&v, "?", "湖南").expect("links from an unknown place kept apart");
    assert_eq!(unknown["links"], 2);
    // 丁某某 buys in Hunan and sells into Guangxi: a representative, the only broker across.
    let ding = broker(&v, "丁某某").expect("丁某某 among the brokers");
    assert_eq!(ding["region"]["name"], "湖南");
    assert!(ding["roles"]["representative"].as_u64().unwrap() > 0);
    assert_eq!(v["brokers"].as_array().unwrap().len(), 1);
    // Six chains, each with its route; unknown where the place is.
    let r = routes(&v);
    assert_eq!(r.len(), 6);
    assert!(r.contains(&(
        "左某某 → 丁某某 → 广西买家（未具名）".into(),
        "湖南 → 湖南 → 广西".into()
    )));
    assert!(r.contains(&(
        "瞿某青 → 朱某某 → 丁某某 → 湖南买家（未具名）".into(),
        "? → 湖南 → 湖南 → 湖南".into()
    )));
    // The crossing link of a chain into Guangxi is its last.
    let to_gx = (v["routes"].as_array().unwrap().iter())
        .find(|x| x["path"][0] == "左某某" && x["path"][2] == "广西买家（未具名）")
        .unwrap();
    assert_eq!(to_gx["crossings"], serde_json::json!([1]));
}

#[test]
fn the_table_names_the_route_and_the_broker_in_both_languages() {
    let en = ok(&["places"]);
    assert!(en.contains("湖南 → 湖南 → 广西"), "{en}");
    assert!(en.contains("? → 湖南 → 湖南 → 广西"), "{en}");
    assert!(en.contains("丁某某"), "{en}");
    assert!(en.contains("unknown place"), "{en}");
    let zh = ok(&["places", "--lang", "zh"]);
    assert!(zh.contains("地区间中间人"), "{zh}");
    assert!(zh.contains("地点不明"), "{zh}");
    assert!(!zh.contains("Brokers"), "{zh}");
}

#[test]
fn at_city_level_ding_is_unknown_as_no_city_is_given() {
    let v = json(&["places", "--level", "city"]);
    assert_eq!(v["level"], "city");
    assert!(broker(&v, "丁某某").is_none());
    let r = routes(&v);
    assert!(r.contains(&(
        "左某某 → 丁某某 → 广西买家（未具名）".into(),
        "怀化 → ? → ?".into()
    )));
}

#[test]
fn csv_gives_the_flows() {
    let csv = ok(&["places", "--format", "csv"]);
    let first = csv.lines().next().unwrap();
    assert!(
        first.starts_with("from_region,to_region,weight_kg"),
        "{csv}"
    );
    assert!(csv.lines().any(|l| l.starts_with("湖南,广西,")), "{csv}");
}

/// Typed as an officer types it: a full address, a short name, a city alone, 不详, `#N/A`.
const MESSY: &str = "\
出售人,收购人,物种,重量,交易时间,卖方所在地,买方所在地
朱某某,丁某某,穿山甲,20斤,2021-03-01,湖南省怀化市辰溪县某镇,湖南
左某某,丁某某,穿山甲,15斤,2021-03-05,辰溪,#N/A
丁某某,广西买家,穿山甲,30斤,2021-04-01,湖南,广西
丁某某,怀化买家,穿山甲,5斤,2021-04-02,湖南,怀化市
瞿某青,朱某某,穿山甲,10斤,2021-02-01,不详,湖南省怀化市辰溪县
";

#[test]
fn messy_places_resolve_as_documented() {
    let (_d, path) = file("messy.csv", MESSY);
    let v: Value =
        serde_json::from_str(&validate(&["validate", "-i", &path, "--format", "json"])).unwrap();
    let place = |party: &str| {
        (v["places"].as_array().unwrap().iter())
            .find(|p| p["party"] == party)
            .unwrap_or_else(|| panic!("{party} has a place: {v}"))
            .clone()
    };
    let zhu = place("朱某某");
    assert_eq!(zhu["code"], 431223);
    assert_eq!(zhu["level"], "county");
    assert_eq!(zhu["province"], 430000);
    assert_eq!(zhu["city"], 431200);
    let zuo = place("左某某");
    assert_eq!(zuo["code"], 431223, "辰溪 is 辰溪县: {zuo}");
    let ding = place("丁某某");
    assert_eq!(ding["code"], 430000);
    assert_eq!(
        ding["level"], "province",
        "a province alone is never guessed down"
    );
    assert_eq!(ding["city"], Value::Null);
    assert_eq!(place("广西买家")["code"], 450000);
    assert_eq!(place("怀化买家")["code"], 431200);
    let qu = place("瞿某青");
    assert_eq!(qu["status"], "not_resolved");
    assert_eq!(qu["code"], Value::Null);
    let text = validate(&["validate", "-i", &path]);
    assert!(text.contains("辰溪县 431223, county"), "{text}");
    assert!(text.contains("not resolved (kept as written)"), "{text}");
    // 不详 gives no region: 瞿某青's link comes from an unknown place, not from somewhere guessed.
    let p = json(&["places", "-i", &path]);
    assert!(flow(&p, "?", "湖南").is_some(), "{p}");
    assert!(broker(&p, "丁某某").is_some(), "{p}");
}

#[test]
fn without_places_it_says_how_to_give_them() {
    let (_d, path) = file(
        "plain.csv",
        "seller,buyer,species,weight,date\n甲,乙,穿山甲,1kg,2021-01-01\n",
    );
    let out = ok(&["places", "-i", &path]);
    assert!(out.contains("--parties"), "{out}");
    assert!(out.contains("卖方所在地"), "{out}");
}

#[test]
fn every_planted_broker_is_found_with_its_role() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("g.csv").display().to_string();
    let truth = dir.path().join("t.json").display().to_string();
    ok(&[
        "generate", "--rows", "3000", "--seed", "11", "--places", "-o", &case, "--truth", &truth,
    ]);
    let t: Value = serde_json::from_str(&std::fs::read_to_string(&truth).unwrap()).unwrap();
    let planted = t["places"]["brokers"].as_array().unwrap();
    assert!(!planted.is_empty());
    let v = json(&["places", "-i", &case]);
    for p in planted {
        let name = p["party"].as_str().unwrap();
        let role = p["role"].as_str().unwrap();
        let b = broker(&v, name).unwrap_or_else(|| panic!("{name} not among the brokers"));
        assert!(
            b["roles"][role].as_u64().unwrap() > 0,
            "{name} should be a {role}: {b}"
        );
        assert_eq!(b["region"]["code"], p["province"], "{name}");
    }
}

#[test]
fn players_give_the_brokerage_beside_betweenness_when_places_are_known() {
    let v = json(&["players"]);
    let ding = (v["players"].as_array().unwrap().iter())
        .find(|p| p["name"] == "丁某某")
        .unwrap();
    assert!(ding["betweenness"].as_f64().unwrap() > 0.0);
    assert_eq!(ding["brokerage"]["region"], 430000);
    assert!(
        ding["brokerage"]["roles"]["representative"]
            .as_u64()
            .unwrap()
            > 0
    );
    // 瞿某青's place is unknown: its region is null, never guessed.
    let qu = (v["players"].as_array().unwrap().iter())
        .find(|p| p["name"] == "瞿某青")
        .unwrap();
    assert_eq!(qu["brokerage"]["region"], Value::Null);
    // Without places there is no brokerage key.
    let officer = crate::util::fixture("officer_zh.csv");
    let w = json(&["players", "-i", &officer]);
    assert!(w["players"][0].get("brokerage").is_none(), "{w}");
}
