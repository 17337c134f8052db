//! The investigative analyses: time-ordered chains and tracing, mass balance, key players,
//! networks and cycles, and the leads of `analyze`.

use serde_json::{Value, json};

use crate::util::{balance_row, fixture, json, ok, pairs, paths, reached, run_with_stdin};

#[test]
fn temporal_chains_drop_links_broken_in_time() {
    let f = fixture("temporal.csv");
    assert_eq!(
        paths(&json(&["-i", &f, "chains"])),
        ["a>b>c", "a>d>e", "a>d>f", "g>h>i", "g>h>j", "k>l>m"]
    );
    let v = json(&["-i", &f, "chains", "--temporal"]);
    assert_eq!(paths(&v), ["a>d>e", "a>d>f", "g>h>i", "k>l>m"]);
    let dates: Vec<Value> = v["chains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["dates"].clone())
        .collect();
    assert_eq!(
        dates,
        [
            json!(["2022-01-01", "2022-01-10"]),
            json!(["2022-01-01", "2022-06-01"]),
            json!(["2022-04", "2022-04-15"]),
            json!([null, "2021-01-01"]),
        ]
    );
    // Without --temporal there are no dates.
    assert!(
        json(&["-i", &f, "chains"])["chains"][0]
            .get("dates")
            .is_none()
    );
}

#[test]
fn max_lag_bounds_the_gap_between_links() {
    let v = json(&[
        "-i",
        &fixture("temporal.csv"),
        "chains",
        "--temporal",
        "--max-lag",
        "30",
    ]);
    assert_eq!(paths(&v), ["a>d>e", "g>h>i", "k>l>m"]);
}

#[test]
fn temporal_trace_follows_only_time_ordered_paths() {
    let f = fixture("temporal.csv");
    let v = json(&["-i", &f, "downstream", "a", "--temporal"]);
    assert_eq!(
        reached(&v),
        pairs(&[("b", 1), ("d", 1), ("e", 2), ("f", 2)])
    );
    let v = json(&["-i", &f, "upstream", "c", "--temporal"]);
    assert_eq!(reached(&v), pairs(&[("b", 1)]));
    let v = json(&["-i", &f, "upstream", "j", "--temporal"]);
    assert_eq!(reached(&v), pairs(&[("h", 1)]));
    let v = json(&["-i", &f, "upstream", "i", "--temporal"]);
    assert_eq!(reached(&v), pairs(&[("h", 1), ("g", 2)]));
    // Without --temporal, c has a as a supplier two hops away.
    assert_eq!(
        reached(&json(&["-i", &f, "upstream", "c"])),
        pairs(&[("b", 1), ("a", 2)])
    );
}

#[test]
fn balance_gives_each_status() {
    let v = json(&["-i", &fixture("balance.csv"), "balance"]);
    let status = |p: &str, s: &str| {
        balance_row(&v, p, Some(s))["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("o", "x"), "origin");
    assert_eq!(status("u", "x"), "unexplained_supply");
    assert_eq!(status("s", "x"), "unsold_stock");
    assert_eq!(status("b", "x"), "balanced");
    assert_eq!(status("i", "x"), "indeterminate");
    assert_eq!(status("n", "x"), "balanced");
    assert_eq!(status("c", "y"), "balanced");
    let u = balance_row(&v, "u", Some("x"));
    assert_eq!(
        (
            u["bought_kg"].clone(),
            u["sold_kg"].clone(),
            u["difference_kg"].clone()
        ),
        (json!(10.0), json!(20.0), json!(10.0))
    );
    let i = balance_row(&v, "i", Some("x"));
    assert_eq!(i["difference_kg"], Value::Null);
    assert_eq!(i["unknown_weight_rows"], 1);
    assert!(
        i["first_unknown_row"]
            .as_str()
            .unwrap()
            .ends_with("balance.csv row 8"),
        "{i}"
    );
    // Counts balance apart from weights.
    let c = balance_row(&v, "c", Some("y"));
    assert_eq!(
        (
            c["bought_count"].clone(),
            c["sold_count"].clone(),
            c["bought_kg"].clone()
        ),
        (json!(3.0), json!(3.0), Value::Null)
    );
    // A tighter tolerance turns b's 10 → 10.5 kg into unexplained supply.
    let v = json(&[
        "-i",
        &fixture("balance.csv"),
        "balance",
        "--tolerance",
        "0.01",
    ]);
    assert_eq!(
        balance_row(&v, "b", Some("x"))["status"],
        "unexplained_supply"
    );
}

#[test]
fn negative_running_stock_is_found_even_when_the_year_balances() {
    let v = json(&["-i", &fixture("balance.csv"), "balance"]);
    assert_eq!(
        balance_row(&v, "n", Some("x"))["negative_stock_date"],
        "2022-01-05"
    );
    // u bought 10 on 01-01 before selling 20 on 02-01: below zero on the sale.
    assert_eq!(
        balance_row(&v, "u", Some("x"))["negative_stock_date"],
        "2022-02-01"
    );
    assert_eq!(
        balance_row(&v, "s", Some("x"))["negative_stock_date"],
        Value::Null
    );
    assert_eq!(
        balance_row(&v, "b", Some("x"))["negative_stock_date"],
        Value::Null
    );
    // i's purchase has no known weight: its stock cannot be judged.
    assert_eq!(
        balance_row(&v, "i", Some("x"))["negative_stock_date"],
        Value::Null
    );
    let a = json(&["-i", &fixture("balance.csv"), "analyze"]);
    let kinds: Vec<(&str, &str)> = a["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["kind"].as_str().unwrap(),
                l["parties"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert!(kinds.contains(&("negative_stock", "n")), "{kinds:?}");
    assert!(kinds.contains(&("unexplained_supply", "u")), "{kinds:?}");
    assert!(kinds.contains(&("unsold_stock", "s")), "{kinds:?}");
    assert!(kinds.contains(&("origin", "o")), "{kinds:?}");
    assert!(kinds.contains(&("indeterminate", "i")), "{kinds:?}");
}

#[test]
fn two_rings_and_a_cycle() {
    let f = fixture("rings.csv");
    let v = json(&["-i", &f, "networks"]);
    let nets: Vec<Value> = v["networks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["parties"].clone())
        .collect();
    assert_eq!(nets, [json!(["a", "b", "s", "t"]), json!(["p", "q"])]);
    assert_eq!(v["networks"][1]["weight_kg"], 4.0);
    assert_eq!(v["cycles"], json!([["a", "b"], ["p", "q"]]));
    // --network restricts any command to one ring.
    let t = json(&["-i", &f, "--network", "2", "totals", "--by", "seller"]);
    let sellers: Vec<&str> = t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["seller"].as_str().unwrap())
        .collect();
    assert_eq!(sellers, ["p", "q"]);
    let a = json(&["-i", &f, "analyze", "--network", "1"]);
    assert_eq!(a["summary"]["parties"], 4);
    assert!(
        a["leads"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["kind"] == "cycle" && l["parties"] == json!(["a", "b"]))
    );
    let out = crate::util::run(&["-i", &f, "--network", "3", "analyze"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn chenxi_leads_say_what_the_case_report_implies() {
    let v = json(&["analyze"]);
    let leads = v["leads"].as_array().unwrap();
    // 丁某某, on every chain, is lead 1; 左某某's 625 kg with no recorded supplier follows.
    assert_eq!(leads[0]["kind"], "key_party");
    let first = leads.iter().find(|l| l["kind"] == "origin").unwrap();
    assert_eq!(first["lead"], 2);
    assert_eq!(first["parties"], json!(["左某某"]));
    assert_eq!(first["weight_kg"], 625.0);
    assert_eq!(first["species"].as_array().unwrap().len(), 3);
    assert!(
        first["detail"]
            .as_str()
            .unwrap()
            .contains("625 kg (1,250 斤) of 3 species"),
        "{first}"
    );
    let key = leads.iter().find(|l| l["kind"] == "key_party").unwrap();
    assert_eq!(key["parties"], json!(["丁某某"]));
    assert!(
        key["detail"]
            .as_str()
            .unwrap()
            .contains("every source-to-sink chain")
    );
    for p in ["朱某某", "丁某某"] {
        let l = leads
            .iter()
            .find(|l| l["kind"] == "indeterminate" && l["parties"] == json!([p]));
        assert!(l.is_some(), "no indeterminate lead for {p}: {leads:?}");
    }
    let players = v["players"].as_array().unwrap();
    assert_eq!(players[0]["name"], "丁某某");
    assert_eq!(players[0]["chain_share"], 1.0);
    assert_eq!(
        players[0]["labels"],
        json!(["collector", "distributor", "broker", "hub"])
    );
    assert_eq!(v["networks"].as_array().unwrap().len(), 1);
    assert_eq!(v["cycles"], json!([]));
}

#[test]
fn wide_layered_graph_beyond_u64_chains() {
    // 70 layers of 2 parties, fully linked layer to layer: 2^70 > 2^64 chains.
    let mut csv = String::from("seller,buyer,species,weight,date\n");
    for i in 0..2 {
        csv.push_str(&format!("src,p00_{i},x,1kg,2022-01-01\n"));
        csv.push_str(&format!("p69_{i},snk,x,1kg,2022-01-01\n"));
    }
    for l in 0..69 {
        for i in 0..2 {
            for j in 0..2 {
                csv.push_str(&format!("p{l:02}_{i},p{:02}_{j},x,1kg,2022-01-01\n", l + 1));
            }
        }
    }
    let out = run_with_stdin(&["-i", "-", "players", "--format", "json"], csv.as_bytes());
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let share = |name: &str| {
        v["players"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["chain_share"]
            .clone()
    };
    assert_eq!(share("src"), 1.0);
    assert_eq!(share("p35_0"), 0.5);
    let out = run_with_stdin(
        &["-i", "-", "chains", "--format", "json", "--limit", "1000"],
        csv.as_bytes(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["chains"].as_array().unwrap().len(), 1000);
    assert_eq!(v["truncated"], true);
    let out = run_with_stdin(
        &[
            "-i",
            "-",
            "chains",
            "--temporal",
            "--format",
            "json",
            "--limit",
            "10",
        ],
        csv.as_bytes(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["chains"].as_array().unwrap().len(), 10);
}

#[test]
fn new_commands_have_table_and_csv_forms() {
    let f = fixture("balance.csv");
    let table = ok(&["-i", &f, "balance"]);
    assert!(
        table.lines().next().unwrap().starts_with("party"),
        "{table}"
    );
    let csv = ok(&["-i", &f, "balance", "--format", "csv"]);
    assert!(
        csv.starts_with(
            "party,species,bought_kg,sold_kg,difference_kg,status,negative_stock_date,"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("\nu,x,10,20,10,unexplained_supply,2022-02-01,"),
        "{csv}"
    );
    // The embedded case has places: brokerage between provinces follows betweenness.
    let csv = ok(&["players", "--format", "csv", "--top", "1"]);
    assert_eq!(
        csv,
        "name,chain_share,betweenness,throughput_kg,labels,broker_role,two_paths,coordinator,itinerant,gatekeeper,representative,liaison,unknown_role\n丁某某,1,8,625,collector distributor broker hub,representative,4,2,0,0,2,0,0\n"
    );
    let csv = ok(&["-i", &fixture("rings.csv"), "networks", "--format", "csv"]);
    assert_eq!(
        csv,
        "network,parties,links,species,weight_kg\n1,a b s t,4,x,4\n2,p q,2,y,4\n"
    );
}

#[test]
fn generated_data_is_deterministic_and_its_planted_typologies_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("g.csv");
    let truth = dir.path().join("t.json");
    let (d, t) = (data.to_str().unwrap(), truth.to_str().unwrap());
    ok(&[
        "generate", "--rows", "20000", "--seed", "3", "-o", d, "--truth", t,
    ]);
    let first = std::fs::read(&data).unwrap();
    ok(&["generate", "--rows", "20000", "--seed", "3", "-o", d]);
    assert_eq!(
        first,
        std::fs::read(&data).unwrap(),
        "same seed, same bytes"
    );
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(&truth).unwrap()).unwrap();
    assert_eq!(truth["rows"], 20000);

    let v = json(&["-i", d, "analyze"]);
    assert_eq!(v["input"]["rows"], 20000);
    // A planted bad row is refused when it cannot say who traded with whom, else kept with its
    // bad cell unknown: both are counted.
    let refused = v["input"]["rejected"].as_u64().unwrap();
    let kept = v["input"]["rows_with_unknown"].as_u64().unwrap_or(0);
    assert_eq!(
        refused + kept,
        truth["bad_rows"].as_u64().unwrap(),
        "{}",
        v["input"]
    );
    let leads = v["leads"].as_array().unwrap();
    let has = |kind: &str, party: &Value| {
        leads
            .iter()
            .any(|l| l["kind"] == kind && l["parties"][0] == *party)
    };
    assert!(has(
        "unexplained_supply",
        &truth["missing_supplier"]["party"]
    ));
    assert!(has(
        "unexplained_supply",
        &truth["laundering_farm"]["party"]
    ));
    // The two planted suppliers-without-supplier are the largest unexplained volumes.
    let unexplained: Vec<&Value> = leads
        .iter()
        .filter(|l| l["kind"] == "unexplained_supply")
        .collect();
    assert_eq!(
        unexplained[0]["parties"][0],
        truth["laundering_farm"]["party"]
    );
    assert_eq!(
        unexplained[1]["parties"][0],
        truth["missing_supplier"]["party"]
    );
    let mut cycle = truth["cycle"].as_array().unwrap().clone();
    cycle.sort_by_key(|x| x.as_str().unwrap().to_string());
    assert!(
        v["cycles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c.as_array().unwrap() == &cycle)
    );
    let ring = &truth["separate_ring"];
    assert!(v["networks"].as_array().unwrap().iter().any(|n| {
        let mut p = n["parties"].as_array().unwrap().clone();
        let mut r = ring.as_array().unwrap().clone();
        p.sort_by_key(|x| x.as_str().unwrap().to_string());
        r.sort_by_key(|x| x.as_str().unwrap().to_string());
        p == r
    }));
    let broken: Vec<&str> = truth["broken_chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    let through = json(&["-i", d, "chains", "--through", broken[1]]);
    assert_eq!(paths(&through), [broken.join(">")]);
    let timed = json(&["-i", d, "chains", "--through", broken[1], "--temporal"]);
    assert!(
        paths(&timed).is_empty(),
        "the chain broken in time must be dropped"
    );
}

/// Drops what names rows of the input file (they differ between raw rows and links by design).
pub(crate) fn without_row_references(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("input");
                m.remove("first_unknown_row");
                // A lead's rows of evidence are rows of the file read: rows, or links.
                m.remove("evidence");
                if let Some(Value::String(d)) = m.get_mut("detail")
                    && let Some(i) = d.find(" (first: ")
                {
                    // The file name may hold parentheses itself: end after "row N)".
                    let row = d[i..].find(" row ").map_or(i, |j| i + j);
                    let end = d[row..].find(')').map_or(d.len(), |j| row + j + 1);
                    d.replace_range(i..end, "");
                }
                m.values_mut().for_each(walk);
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

#[test]
fn links_input_gives_the_same_analysis_as_the_raw_rows() {
    let dir = tempfile::tempdir().unwrap();
    // The messy case: approximate weights, date ranges, species aliases, sources, confidence.
    let messy = dir.path().join("messy.csv");
    std::fs::write(&messy, crate::formats::delimited(b',')).unwrap();
    let messy = messy.to_str().unwrap().to_string();
    for (name, args) in [
        ("messy", vec!["-i".to_string(), messy.clone()]),
        ("chenxi", vec![]),
        ("diamond", vec!["-i".to_string(), fixture("diamond.csv")]),
        ("units", vec!["-i".to_string(), fixture("units.csv")]),
        ("balance", vec!["-i".to_string(), fixture("balance.csv")]),
        ("rings", vec!["-i".to_string(), fixture("rings.csv")]),
    ] {
        let links = dir.path().join(format!("{name}.links.csv"));
        let links = links.to_str().unwrap();
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        a.extend(["links", "-o", links]);
        ok(&a);
        let mut raw: Vec<&str> = args.iter().map(String::as_str).collect();
        raw.push("analyze");
        let from_rows = without_row_references(json(&raw));
        // The embedded case reads its parties file: a links file is given the same one.
        let parties = crate::util::repo_file("data/chenxi_parties.csv");
        let mut l = vec!["--links", links];
        if name == "chenxi" {
            l.extend(["--parties", &parties]);
        }
        l.push("analyze");
        let from_links = without_row_references(json(&l));
        assert!(
            from_rows == from_links,
            "{name}: analyze differs between rows and links"
        );
        let t1 = json(
            &[
                raw[..raw.len() - 1].to_vec(),
                vec!["totals", "--by", "seller"],
            ]
            .concat(),
        );
        let t2 = json(&["--links", links, "totals", "--by", "seller"]);
        assert_eq!(t1["rows"], t2["rows"], "{name}: totals differ");
        // Provenance, confidence and approximate counts travel through the links file.
        for cmd in [vec!["totals", "--by", "link"], vec!["totals"], vec!["dot"]] {
            let mut a: Vec<&str> = raw[..raw.len() - 1].to_vec();
            a.extend(cmd.iter().copied());
            let mut b = vec!["--links", links];
            b.extend(cmd.iter().copied());
            if cmd[0] == "dot" {
                // The title's second row names the file read, which differs; the rest must not.
                let without_file = |dot: String| {
                    let mut rows: Vec<&str> = dot.split("<tr>").collect();
                    rows.remove(2);
                    rows.join("<tr>")
                };
                assert_eq!(
                    without_file(ok(&a)),
                    without_file(ok(&b)),
                    "{name}: {cmd:?} differs"
                );
            } else {
                let (mut x, mut y) = (json(&a), json(&b));
                x["input"] = Value::Null;
                y["input"] = Value::Null;
                assert_eq!(x, y, "{name}: {cmd:?} differs");
            }
        }
    }
    let messy_links = ok(&["-i", &messy, "links"]);
    assert!(
        messy_links.contains(r#","[""判决书 p.12""]""#) && messy_links.contains(",1,confirmed,1,"),
        "sources and confidence are written: {messy_links}"
    );
    let out = crate::util::run(&["--links", &fixture("diamond.csv"), "analyze"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs the columns"));
    let out = crate::util::run(&["--links", "x.csv", "-i", "y.csv", "analyze"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn generic_labels_come_from_the_species_table() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fish.csv");
    std::fs::write(
        &data,
        "seller,buyer,species,weight,date\n\
         o,m,x,10kg,2022-01-01\n\
         o,m,杂鱼,5kg,2022-01-01\n\
         m,z,x,10kg,2022-02-01\n",
    )
    .unwrap();
    let data = data.to_str().unwrap();
    // Unknown to the table, 杂鱼 is one more species: m's x balances.
    let v = json(&["-i", data, "balance"]);
    assert_eq!(balance_row(&v, "m", Some("x"))["status"], "balanced");
    // Declared a generic label (a group, no scientific name), its rows may hold x.
    let table = dir.path().join("species.csv");
    std::fs::write(
        &table,
        "name_zh,aliases_zh,scientific_name,english_name,taxon_group,cites_appendix,china_protection,source,verified\n\
         杂鱼,鱼类,,,fish,,,test,no\n",
    )
    .unwrap();
    let v = json(&[
        "-i",
        data,
        "--species-table",
        table.to_str().unwrap(),
        "balance",
    ]);
    let m = balance_row(&v, "m", Some("x"));
    assert_eq!(m["status"], "indeterminate", "{m}");
    assert_eq!(m["note"], "rows labelled 杂鱼 may include x");
}

#[test]
fn a_date_range_is_an_interval_in_time_ordered_chains_and_tracing() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("ranges.csv");
    // b bought some time in April-May: it may have sold to c on 5 May, not to d in March.
    std::fs::write(
        &f,
        "seller,buyer,species,weight,date\n\
         a,b,x,1kg,2022年4月至5月\n\
         b,c,x,1kg,2022-05-05\n\
         b,d,x,1kg,2022-03-31\n\
         e,f,x,1kg,2022-04-01~2022-04-10\n\
         f,g,x,1kg,2022-04-10 18:00\n",
    )
    .unwrap();
    let f = f.to_str().unwrap();
    assert_eq!(
        paths(&json(&["-i", f, "chains"])),
        ["a>b>c", "a>b>d", "e>f>g"]
    );
    let v = json(&["-i", f, "chains", "--temporal"]);
    assert_eq!(paths(&v), ["a>b>c", "e>f>g"]);
    assert_eq!(
        v["chains"][0]["dates"],
        json!(["2022-04/2022-05", "2022-05-05"])
    );
    let down = json(&["-i", f, "downstream", "a", "--temporal"]);
    let reached: Vec<&str> = down["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(reached, ["b", "c"], "{down}");
    // A date filter keeps a row whose interval overlaps it.
    let t = json(&[
        "-i",
        f,
        "totals",
        "--from",
        "2022-05-01",
        "--to",
        "2022-05-31",
    ]);
    assert_eq!(t["rows"][0]["transactions"], 2, "{t}");
}
