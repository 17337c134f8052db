//! `chains`.

use serde_json::Value;

use crate::util::{fixture, json, ok, paths};

const HN: &str = "湖南买家（未具名）";
const GX: &str = "广西买家（未具名）";

#[test]
fn the_case_has_six_chains() {
    let v = json(&["chains"]);
    let mut got = paths(&v);
    got.sort();
    let mut want: Vec<String> = [
        "瞿某青>朱某某>丁某某",
        "瞿某海>朱某某>丁某某",
        "左某某>丁某某",
    ]
    .iter()
    .flat_map(|p| [format!("{p}>{HN}"), format!("{p}>{GX}")])
    .collect();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(v["truncated"], false);
    // Each is a chain of 野生蛇: 左某某's 王锦蛇, 眼镜蛇 and 黑眉锦蛇 go on as 野生蛇, which may
    // include them.
    let chains = v["chains"].as_array().unwrap();
    assert!(chains.iter().all(|c| c["species"] == "野生蛇"), "{v}");
    // Every bottleneck is unknown: the fewest hops come first.
    assert_eq!(chains[0]["path"][0], "左某某");
    assert_eq!(chains[1]["path"][0], "左某某");
    // The network reading lists the same six paths, with no species.
    let net = json(&["chains", "--any-species"]);
    assert_eq!(paths(&net), paths(&v));
    assert!(net["chains"][0].get("species").is_none());
    let zuo = v["chains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"][0] == "左某某")
        .unwrap();
    assert_eq!(zuo["hops"], 2);
    // 丁某某 → buyers has no known weight, so the chain's bottleneck is unknown.
    assert_eq!(zuo["bottleneck_kg"], Value::Null);
}

#[test]
fn through_and_species_filters() {
    assert_eq!(paths(&json(&["chains", "--through", "朱某某"])).len(), 4);
    assert_eq!(paths(&json(&["chains", "--through", "丁某某"])).len(), 6);
    assert_eq!(paths(&json(&["chains", "--through", HN])).len(), 3);
    // With one species, sources and sinks are those of its own links.
    let v = json(&["chains", "--species", "王锦蛇"]);
    assert_eq!(paths(&v), ["左某某>丁某某"]);
    assert_eq!(v["chains"][0]["bottleneck_kg"], 365.0);
}

#[test]
fn limit_sets_truncated_only_when_more_exist() {
    let v = json(&["chains", "--limit", "6"]);
    assert_eq!(paths(&v).len(), 6);
    assert_eq!(v["truncated"], false);
    let v = json(&["chains", "--limit", "2"]);
    assert_eq!(paths(&v).len(), 2);
    assert_eq!(v["truncated"], true);
}

#[test]
fn diamond_bottleneck_is_the_smallest_known_link() {
    // x on the first links, y on the last: no one species moves from a to e.
    assert!(paths(&json(&["-i", &fixture("diamond.csv"), "chains"])).is_empty());
    let v = json(&["-i", &fixture("diamond.csv"), "chains", "--any-species"]);
    assert_eq!(paths(&v), ["a>b>d>e", "a>c>d>e"]);
    assert_eq!(v["chains"][0]["bottleneck_kg"], 3.0);
    assert_eq!(v["chains"][1]["bottleneck_kg"], Value::Null);
}

#[test]
fn rings_give_chains_only_where_a_source_exists() {
    let v = json(&["-i", &fixture("rings.csv"), "chains"]);
    assert_eq!(paths(&v), ["s>a>b>t"]);
}

#[test]
fn csv_lists_the_path_hops_and_bottleneck() {
    let out = ok(&[
        "-i",
        &fixture("diamond.csv"),
        "chains",
        "--any-species",
        "--format",
        "csv",
    ]);
    assert_eq!(
        out,
        "path,hops,bottleneck_kg\na > b > d > e,3,3\na > c > d > e,3,\n"
    );
    // Chains of one species say which.
    let out = ok(&["-i", &fixture("rings.csv"), "chains", "--format", "csv"]);
    assert_eq!(
        out,
        "path,species,hops,bottleneck_kg\ns > a > b > t,x,3,1\n"
    );
}
