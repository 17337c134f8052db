//! The leads of `analyze`: each kind's sentence word for word, weights in the unit asked for
//! (`--unit`), the JSON shape scripts read, and the views that name parties without copying them.

use serde_json::{Value, json};

use crate::util::{fixture, json, ok};

/// A case file in a temporary directory (kept alive by the returned guard).
fn case(csv: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("case.csv");
    std::fs::write(&f, csv).unwrap();
    let path = f.display().to_string();
    (dir, path)
}

/// Two chains, a>d>m and e>n; d also sells a species it never bought.
const TWO_CHAINS: &str = "seller,buyer,species,weight,date\n\
                          a,d,x,10kg,2022-01-01\n\
                          d,m,x,10kg,2022-02-01\n\
                          d,m,y,4kg,2022-02-02\n\
                          e,n,x,1kg,2022-03-01\n";

fn details(v: &Value, kind: &str) -> Vec<String> {
    v["leads"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == kind)
        .map(|l| l["detail"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_kind_of_lead_reads_word_for_word_in_kg() {
    let f = fixture("balance.csv");
    let v = json(&["-i", &f, "analyze"]);
    assert_eq!(
        details(&v, "unexplained_supply"),
        [
            "u sold 20 kg (40 斤) of x but bought 10 kg (20 斤): 10 kg (20 斤) has no recorded supplier"
        ]
    );
    assert_eq!(
        details(&v, "origin"),
        [
            "o sold at least 50 kg (100 斤) and more of unknown weight of 2 species (x, y) with no recorded supplier: where did it come from?"
        ]
    );
    assert_eq!(
        details(&v, "unsold_stock"),
        [
            "s bought 20 kg (40 斤) of x but sold 10 kg (20 斤): 10 kg (20 斤) unaccounted for (stock, losses or buyers not in the case)"
        ]
    );
    assert!(
        details(&v, "negative_stock").contains(
            &"n sold x on 2022-01-05 before it had bought enough: its stock went below zero"
                .to_string()
        ),
        "{v}"
    );
    assert_eq!(
        details(&v, "key_party"),
        ["o (distributor) lies on every source-to-sink chain: the network cannot work without it"]
    );
    assert_eq!(
        details(&v, "indeterminate"),
        [format!(
            "the balance of i cannot be judged: 1 of its rows has no known weight (first: {f} row 8)"
        )]
    );

    let r = json(&["-i", &fixture("rings.csv"), "analyze"]);
    assert_eq!(
        details(&r, "cycle"),
        [
            "a, b sell to each other in a cycle: goods going round, or an error in the data",
            "p, q sell to each other in a cycle: goods going round, or an error in the data"
        ]
    );

    let (_dir, f) = case(TWO_CHAINS);
    let v = json(&["-i", &f, "analyze"]);
    // By score: d's 4 kg of a species it never bought before a's 10 kg (a source that buys
    // nothing is what sources are); e's 1 kg is under the floor, one of the quiet sources.
    assert_eq!(
        details(&v, "origin"),
        [
            "d sold 4 kg (8 斤) of y but never bought y: where did it come from?",
            "a sold 10 kg (20 斤) of x with no recorded supplier: where did it come from?",
        ]
    );
    assert_eq!(
        details(&v, "quiet_sources"),
        [
            "1 source with no recorded supplier (e), 1 kg (2 斤), each below the floor: not listed one by one (floor: 0.5 kg (1 斤), --min-share)"
        ]
    );
    // On half the chains: the party most chains pass through, not one the network cannot do
    // without.
    assert_eq!(
        details(&v, "key_party"),
        [
            "d (broker) lies on 50% of the source-to-sink chains and handled 14 kg (28 斤) of the case's 25 kg (50 斤): the party most chains pass through"
        ]
    );
}

#[test]
fn lead_sentences_read_in_the_unit_asked_for() {
    // The table and the JSON sentence follow --unit; JSON figures stay in kg.
    let table = ok(&["analyze", "--unit", "斤"]);
    assert!(
        table.contains("左某某 sold 1,250 斤 (625 kg) of 3 species (王锦蛇, 眼镜蛇, 黑眉锦蛇)"),
        "{table}"
    );
    assert!(!table.contains("625 kg (1,250 斤)"), "{table}");
    let v = json(&["analyze", "--unit", "斤"]);
    let origin = v["leads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "origin")
        .unwrap();
    assert_eq!(origin["weight_kg"], 625.0);
    assert_eq!(
        origin["detail"],
        "左某某 sold 1,250 斤 (625 kg) of 3 species (王锦蛇, 眼镜蛇, 黑眉锦蛇) with no recorded supplier: where did it come from?"
    );

    let f = fixture("balance.csv");
    let t = json(&["-i", &f, "analyze", "--unit", "t"]);
    assert_eq!(
        details(&t, "unexplained_supply"),
        [
            "u sold 0.02 t (20 kg) of x but bought 0.01 t (10 kg): 0.01 t (10 kg) has no recorded supplier"
        ]
    );
    let liang = ok(&["-i", &f, "analyze", "--unit", "两"]);
    assert!(
        liang.contains(
            "s bought 400 两 (20 kg) of x but sold 200 两 (10 kg): 200 两 (10 kg) unaccounted for"
        ),
        "{liang}"
    );
}

#[test]
fn a_lead_in_json_has_its_kind_names_weight_and_sentence() {
    let v = json(&["analyze"]);
    for lead in v["leads"].as_array().unwrap() {
        // A lead for a party carrying goods across a border adds its provinces and weights.
        let mut keys = keys(lead);
        if lead["kind"] == "cross_border" {
            assert!(lead["border"].is_object(), "{lead}");
            keys.retain(|k| *k != "border");
        }
        assert_eq!(
            keys,
            [
                "detail",
                "evidence",
                "evidence_rows",
                "kind",
                "lead",
                "parties",
                "problem_rows",
                "score",
                "share",
                "species",
                "weight_kg"
            ]
        );
    }
    let origin = v["leads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "origin")
        .unwrap();
    assert_eq!(origin["species"], json!(["王锦蛇", "眼镜蛇", "黑眉锦蛇"]));
    assert_eq!(origin["parties"], json!(["左某某"]));
    // 左某某's three rows (data rows 4 to 6: lines 5 to 7, the header is line 1), as the
    // evidence of its lead; none has a problem.
    assert_eq!(origin["evidence_rows"], 3);
    assert_eq!(origin["evidence"][0], "chenxi_case.csv (embedded) row 5");
    assert_eq!(origin["evidence"][2], "chenxi_case.csv (embedded) row 7");
    assert_eq!(origin["problem_rows"], json!([]));
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn players_networks_and_parties_keep_their_json_shape() {
    let v = json(&["-i", &fixture("rings.csv"), "analyze"]);
    assert_eq!(
        keys(&v),
        [
            "balance", "chains", "cycles", "input", "leads", "networks", "parties", "players",
            "species", "summary"
        ]
    );
    assert_eq!(
        keys(&v["players"][0]),
        [
            "betweenness",
            "chain_share",
            "labels",
            "name",
            "throughput_kg"
        ]
    );
    assert_eq!(
        keys(&v["parties"][0]),
        [
            "bought_kg",
            "customers",
            "name",
            "role",
            "sold_kg",
            "suppliers",
            "tier"
        ]
    );
    assert_eq!(
        keys(&v["networks"][0]),
        ["links", "network", "parties", "species", "weight_kg"]
    );
    assert_eq!(v["networks"][1]["network"], 2);
    assert_eq!(v["cycles"], json!([["a", "b"], ["p", "q"]]));
    // Upstream first: by tier, then by name.
    let parties: Vec<(&str, u64)> = v["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["tier"].as_u64().unwrap()))
        .collect();
    let mut sorted = parties.clone();
    sorted.sort_by_key(|&(n, t)| (t, n));
    assert_eq!(parties, sorted);

    let p = json(&["-i", &fixture("rings.csv"), "players", "--top", "2"]);
    assert_eq!(p["players"].as_array().unwrap().len(), 2);
    assert_eq!(p["players"][0]["name"], "a");
    let n = json(&["-i", &fixture("rings.csv"), "networks"]);
    assert_eq!(n["networks"], v["networks"]);
    assert_eq!(n["cycles"], v["cycles"]);
}

#[test]
fn trace_json_names_the_party_and_its_links() {
    let v = json(&["upstream", "丁某某"]);
    assert_eq!(v["party"], "丁某某");
    assert_eq!(v["direction"], "upstream");
    let edge = &v["edges"][0];
    assert_eq!(
        keys(edge),
        [
            "approx_rows",
            "buyer",
            "confidence",
            "seller",
            "sources",
            "species",
            "transactions",
            "unknown_weight",
            "weight_kg"
        ]
    );
}

#[test]
fn a_balance_in_animals_gives_leads_in_animals_not_zero_kilograms() {
    let (_d, f) = case(
        "seller,buyer,species,weight,date\n\
         a,d,y,10只,2022-01-01\n\
         d,m,y,3只,2022-02-01\n\
         b,e,z,2只,2022-01-01\n\
         e,n,z,5只,2022-02-01\n",
    );
    let v = json(&["-i", &f, "analyze"]);
    assert_eq!(
        details(&v, "unsold_stock"),
        [
            "d bought 10 animals of y but sold 3: 7 unaccounted for (stock, losses or buyers not in the case)"
        ]
    );
    assert_eq!(
        details(&v, "unexplained_supply"),
        ["e sold 5 animals of z but bought 2: 3 have no recorded supplier"]
    );
    for l in v["leads"].as_array().unwrap() {
        if l["kind"] == "unsold_stock" || l["kind"] == "unexplained_supply" {
            assert_eq!(l["weight_kg"], Value::Null, "{l}");
        }
    }
}
