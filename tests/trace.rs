//! `upstream` and `downstream`.

use crate::util::{fails, fixture, json, ok, pairs, reached};

#[test]
fn upstream_of_ding_is_the_two_supply_lines() {
    let v = json(&["upstream", "丁某某"]);
    assert_eq!(v["party"], "丁某某");
    assert_eq!(v["direction"], "upstream");
    assert_eq!(
        reached(&v),
        pairs(&[("左某某", 1), ("朱某某", 1), ("瞿某海", 2), ("瞿某青", 2)])
    );
    // The links among them: 瞿某青/瞿某海 → 朱某某, 朱某某 → 丁某某, 左某某 → 丁某某.
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 4);
    let zuo = edges.iter().find(|e| e["seller"] == "左某某").unwrap();
    assert_eq!(zuo["weight_kg"], 625.0);
    assert_eq!(zuo["transactions"], 3);
    assert_eq!(zuo["unknown_weight"], 0);
    let zhu = edges.iter().find(|e| e["seller"] == "朱某某").unwrap();
    assert!(zhu["weight_kg"].is_null());
    assert_eq!(zhu["unknown_weight"], 1);
}

#[test]
fn downstream_of_qu_mouqing_reaches_both_markets() {
    let v = json(&["downstream", "瞿某青"]);
    assert_eq!(
        reached(&v),
        pairs(&[
            ("朱某某", 1),
            ("丁某某", 2),
            ("广西买家（未具名）", 3),
            ("湖南买家（未具名）", 3)
        ])
    );
}

#[test]
fn depth_and_species_limit_the_trace() {
    let v = json(&["upstream", "丁某某", "--depth", "1"]);
    assert_eq!(reached(&v), pairs(&[("左某某", 1), ("朱某某", 1)]));
    let v = json(&["upstream", "丁某某", "--species", "王锦蛇"]);
    assert_eq!(reached(&v), pairs(&[("左某某", 1)]));
    assert_eq!(v["edges"][0]["weight_kg"], 365.0);
}

#[test]
fn diamond_with_cycle_free_shortest_paths() {
    let v = json(&["-i", &fixture("diamond.csv"), "upstream", "e"]);
    assert_eq!(
        reached(&v),
        pairs(&[("d", 1), ("b", 2), ("c", 2), ("a", 3)])
    );
}

#[test]
fn cycles_and_separate_rings() {
    let f = fixture("rings.csv");
    let v = json(&["-i", &f, "downstream", "s"]);
    assert_eq!(reached(&v), pairs(&[("a", 1), ("b", 2), ("t", 3)]));
    let v = json(&["-i", &f, "upstream", "p"]);
    assert_eq!(reached(&v), pairs(&[("q", 1)]));
}

#[test]
fn unknown_party_suggests_the_closest_names() {
    let err = fails(&["upstream", "丁某"], 1);
    assert!(err.contains("no party named '丁某'"), "{err}");
    assert!(err.contains("'丁某某'"), "{err}");
    let err = fails(&["upstream", "丁某某", "--species", "王锦"], 1);
    assert!(err.contains("'王锦蛇'"), "{err}");
}

#[test]
fn table_and_csv_list_the_same_parties() {
    let table = ok(&["upstream", "丁某某"]);
    assert!(
        table.starts_with("upstream of 丁某某: 4 parties\n"),
        "{table}"
    );
    let csv = ok(&["upstream", "丁某某", "--format", "csv"]);
    assert_eq!(
        csv,
        "name,distance\n左某某,1\n朱某某,1\n瞿某海,2\n瞿某青,2\n"
    );
}
