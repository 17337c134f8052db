//! `wildchain export`: the files are read back by networkx (`read_graphml`, `read_gexf`,
//! `node_link_graph`) and must hold the parties, links and known weight that `analyze`, `players`
//! and `links` report for the same case; the GEXF timeline, the i2 CSV and XML escaping are
//! checked on small fixtures named for what they show.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::{Tool, generated, json, needs, ok, run, with_threads, write};

/// Reads an exported file with networkx and prints what it holds, in one canonical JSON shape
/// whatever the format: nodes by name with their attributes, edges with theirs.
const READ_BACK: &str = r#"
import json, sys
import networkx as nx

fmt, path = sys.argv[1], sys.argv[2]
if fmt == "graphml":
    G = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
elif fmt == "gexf":
    G = nx.read_gexf(path)
else:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    try:
        G = nx.node_link_graph(data, edges="links")
    except TypeError:  # networkx before 3.4
        G = nx.node_link_graph(data, link="links")
name = lambda n: G.nodes[n]["name"]
nodes = {name(n): {k: v for k, v in d.items()} for n, d in G.nodes(data=True)}
edges = []
for u, v, d in G.edges(data=True):
    e = dict(d)
    e["source_name"], e["target_name"] = name(u), name(v)
    edges.append(e)
print(json.dumps({
    "directed": G.is_directed(),
    "mode": G.graph.get("mode"),
    "nodes": nodes,
    "edges": edges,
}, ensure_ascii=False))
"#;

/// Runs `wildchain export --to FORMAT -o FILE` with `args` and reads FILE back with networkx
/// (`python`, from [`needs`]).
fn read_back(python: &str, args: &[&str], format: &str, dir: &Path) -> Value {
    let file = dir.join(format!("export.{format}"));
    let file = file.to_str().expect("UTF-8 path");
    let mut a = args.to_vec();
    a.extend(["export", "--to", format, "-o", file]);
    ok(&a);
    let out = Command::new(python)
        .args(["-c", READ_BACK, format, file])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "networkx could not read the {format} export:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the read-back script prints JSON")
}

/// Milligrams of a kg figure, so that sums compare exactly.
fn mg(kg: &Value) -> Option<i64> {
    kg.as_f64().map(|x| (x * 1e6).round() as i64)
}

/// The rows of `wildchain links` (the flows) by (seller, buyer, species): weight in mg,
/// transactions, unknown-weight rows, first and last date.
type Flow = (Option<i64>, u64, u64, String, String);

fn flows(args: &[&str]) -> BTreeMap<(String, String, String), Flow> {
    let mut a = args.to_vec();
    // The names as they are, without the spreadsheet formula guard: they are compared with
    // names read back from the exports.
    a.extend(["--raw-csv", "links"]);
    let text = ok(&a);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|row| {
            let row = row.expect("links CSV");
            let weight = (!row[3].is_empty())
                .then(|| (row[3].parse::<f64>().expect("a weight") * 1e6).round() as i64);
            (
                (row[0].to_string(), row[1].to_string(), row[2].to_string()),
                (
                    weight,
                    row[4].parse().expect("transactions"),
                    row[5].parse().expect("unknown weight rows"),
                    row[8].to_string(),
                    row[9].to_string(),
                ),
            )
        })
        .collect()
}

/// Checks one export, read back by networkx, against `analyze`, `players` and `links` of the
/// same case: every party with its role, tier, figures and player standing; every
/// (seller, buyer, species) link with its figures, unknown weights absent; the distinct
/// (seller, buyer) pairs; the total known weight.
fn same_network_as_the_reports(python: &str, args: &[&str], format: &str, dir: &Path) {
    let got = read_back(python, args, format, dir);
    assert_eq!(got["directed"], true, "{format}");
    let analyze = json(&[args, &["analyze"]].concat());
    let players = json(&[args, &["players"]].concat());
    let nodes = got["nodes"].as_object().expect("nodes");
    let parties = analyze["parties"].as_array().expect("parties");
    assert_eq!(nodes.len(), parties.len(), "{format}: parties");
    for p in parties {
        let name = p["name"].as_str().unwrap();
        let n = nodes
            .get(name)
            .unwrap_or_else(|| panic!("{format}: no node {name}"));
        for key in ["role", "tier", "suppliers", "customers"] {
            assert_eq!(n[key], p[key], "{format}: {name} {key}");
        }
        for key in ["bought_kg", "sold_kg"] {
            // Unknown is absent from XML (null in JSON): `get` gives Null either way.
            let v = n.get(key).cloned().unwrap_or(Value::Null);
            assert_eq!(mg(&v), mg(&p[key]), "{format}: {name} {key}");
        }
    }
    for p in players["players"].as_array().expect("players") {
        let name = p["name"].as_str().unwrap();
        let n = &nodes[name];
        assert_eq!(n["chain_share"], p["chain_share"], "{format}: {name}");
        assert_eq!(n["betweenness"], p["betweenness"], "{format}: {name}");
        let labels: Vec<&str> = p["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let got_labels = n.get("labels").and_then(Value::as_str).unwrap_or("");
        assert_eq!(got_labels, labels.join(" "), "{format}: {name} labels");
    }

    let edges = got["edges"].as_array().expect("edges");
    let expected = flows(args);
    assert_eq!(edges.len(), expected.len(), "{format}: one edge per link");
    let mut pairs = BTreeSet::new();
    let mut total: Option<i64> = None;
    for e in edges {
        let s = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let (seller, buyer) = (s("source_name"), s("target_name"));
        assert_eq!((s("seller"), s("buyer")), (seller.clone(), buyer.clone()));
        let key = (seller.clone(), buyer.clone(), s("species"));
        let (weight, transactions, unknown, first, last) = expected
            .get(&key)
            .unwrap_or_else(|| panic!("{format}: no such link {key:?}"));
        let w = e.get("weight_kg").and_then(mg);
        assert_eq!(w, *weight, "{format}: weight of {key:?}");
        if weight.is_none() {
            assert!(
                e.get("weight_kg").is_none_or(Value::is_null),
                "{format}: an unknown weight must be absent, not {:?}",
                e["weight_kg"]
            );
        }
        assert_eq!(e["transactions"], *transactions, "{format}: {key:?}");
        assert_eq!(e["unknown_weight"], *unknown, "{format}: {key:?}");
        assert_eq!(s("first_date"), *first, "{format}: {key:?}");
        assert_eq!(s("last_date"), *last, "{format}: {key:?}");
        pairs.insert((seller, buyer));
        if let Some(w) = w {
            total = Some(total.unwrap_or(0) + w);
        }
    }
    assert_eq!(
        pairs.len() as u64,
        analyze["summary"]["links"].as_u64().unwrap(),
        "{format}: (seller, buyer) links"
    );
    assert_eq!(
        total,
        mg(&analyze["summary"]["weight_kg"]),
        "{format}: total known weight"
    );
}

#[test]
fn graphml_gexf_and_json_hold_the_reference_case_as_analyze_reports_it() {
    let Some(python) = needs(Tool::Networkx) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for format in ["graphml", "gexf", "json"] {
        same_network_as_the_reports(python, &[], format, dir.path());
    }
    // The reference case has links of unknown weight (野生蛇): they must be there, weightless.
    let got = read_back(python, &[], "graphml", dir.path());
    let unknown = got["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["species"] == "野生蛇")
        .inspect(|e| assert!(e.get("weight_kg").is_none(), "{e}"))
        .count();
    assert_eq!(unknown, 5);
}

#[test]
fn graphml_gexf_and_json_hold_a_generated_100k_row_case_as_analyze_reports_it() {
    let Some(python) = needs(Tool::Networkx) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 100_000, 1);
    for format in ["graphml", "gexf", "json"] {
        same_network_as_the_reports(python, &["-i", &file], format, dir.path());
    }
}

#[test]
fn exports_are_byte_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 100_000, 1);
    for format in ["graphml", "gexf", "i2", "json"] {
        let args = ["-i", &file, "export", "--to", format];
        let one = with_threads(Some("1"), &args);
        assert!(one.len() > 100_000, "{format}: {} bytes", one.len());
        for t in [Some("2"), Some("8"), None] {
            assert!(
                with_threads(t, &args) == one,
                "{format} differs with POLARS_MAX_THREADS={t:?}"
            );
        }
    }
}

/// Every row dated: days, months, a range across months; two species on one pair.
const DATED: &str = "seller,buyer,species,weight,date
a,b,x,1kg,2022-01-05
a,b,x,2kg,2022-03
a,b,y,3kg,2022年2月至4月
b,c,x,,2022-02-10
c,d,y,4kg,2023-02
";

#[test]
fn gexf_of_a_dated_case_gives_each_link_one_interval_and_no_timestamps() {
    let Some(python) = needs(Tool::Networkx) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "dated.csv", DATED);
    let got = read_back(python, &["-i", &file], "gexf", dir.path());
    assert_eq!(got["mode"], "dynamic");
    let mut spans: Vec<(String, String, String, String, String)> = got["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| {
                e[k].as_str()
                    .unwrap_or_else(|| panic!("{k} in {e}"))
                    .to_string()
            };
            (
                s("source_name"),
                s("target_name"),
                s("species"),
                s("start"),
                s("end"),
            )
        })
        .collect();
    spans.sort();
    let t = |a: &str, b: &str, sp: &str, from: &str, to: &str| {
        (a.into(), b.into(), sp.into(), from.into(), to.into())
    };
    assert_eq!(
        spans,
        [
            // From the first day of its first date to the last day of its last (a month ends on
            // its last day; a range on the last day of its end).
            t("a", "b", "x", "2022-01-05", "2022-03-31"),
            t("a", "b", "y", "2022-02-01", "2022-04-30"),
            t("b", "c", "x", "2022-02-10", "2022-02-10"),
            t("c", "d", "y", "2023-02-01", "2023-02-28"),
        ]
    );
    // A party lives from its first link's first day to its last link's last day.
    let nodes = &got["nodes"];
    assert_eq!(nodes["b"]["start"], "2022-01-05");
    assert_eq!(nodes["b"]["end"], "2022-04-30");
    assert_eq!(nodes["d"]["start"], "2023-02-01");
    // Intervals only: GEXF forbids mixing them with timestamps.
    let text = std::fs::read_to_string(dir.path().join("export.gexf")).unwrap();
    assert!(!text.contains("timestamp="), "{text}");
    assert!(!text.contains("timestamps="), "{text}");
    assert!(text.contains(r#"timerepresentation="interval""#));
    assert_eq!(text.matches("<edge ").count(), 4);
    assert_eq!(
        text.matches(r#" start=""#).count(),
        4 + 4,
        "4 edges and 4 parties"
    );
}

#[test]
fn an_undated_link_and_its_parties_are_present_throughout_the_timeline() {
    let Some(python) = needs(Tool::Networkx) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "partly.csv",
        "seller,buyer,species,weight,date\na,b,x,1kg,2022-01-05\nb,c,x,1kg,\n",
    );
    let got = read_back(python, &["-i", &file], "gexf", dir.path());
    for e in got["edges"].as_array().unwrap() {
        let dated = e["source_name"] == "a";
        assert_eq!(e.get("start").is_some(), dated, "{e}");
        assert_eq!(e.get("end").is_some(), dated, "{e}");
    }
    let nodes = &got["nodes"];
    assert_eq!(nodes["a"]["start"], "2022-01-05");
    assert!(nodes["b"].get("start").is_none(), "b has an undated link");
    assert!(nodes["c"].get("start").is_none());
}

/// Names that are markup, quotes, a formula and a control character.
fn hostile(dir: &Path) -> String {
    let mut w = csv::Writer::from_path(dir.join("hostile.csv")).unwrap();
    for row in [
        ["seller", "buyer", "species", "weight", "date", "confidence"],
        ["a<&\"'\u{1}b", "c]]>", "x", "1kg", "2022-01-01", "确认"],
        [
            "=cmd|' /C calc'!A0",
            "c]]>",
            "<sp>&",
            "2kg",
            "2022-02",
            "可能",
        ],
        ["@x", "-y", "x", "", "2022-03", "未证实"],
        ["@x", "c]]>", "x", "1kg", "2022-03", ""],
    ] {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
    dir.join("hostile.csv").to_str().unwrap().to_string()
}

#[test]
fn names_with_markup_quotes_and_control_characters_are_escaped_for_xml() {
    let Some(python) = needs(Tool::Networkx) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = hostile(dir.path());
    for format in ["graphml", "gexf"] {
        let got = read_back(python, &["-i", &file], format, dir.path());
        let names: BTreeSet<&str> = got["nodes"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        // The names as the data has them (ingest may clean them), with what XML 1.0 cannot
        // carry at all (U+0000–U+001F but tab, LF, CR) as its control picture.
        let analyze = json(&["-i", &file, "analyze"]);
        let expected: BTreeSet<String> = analyze["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p["name"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .map(|c| match c as u32 {
                        0x09 | 0x0a | 0x0d => c,
                        n @ 0..0x20 => char::from_u32(0x2400 + n).unwrap(),
                        _ => c,
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            names,
            expected.iter().map(String::as_str).collect(),
            "{format}"
        );
        assert!(
            names.iter().any(|n| n.starts_with("a<&\"'")),
            "{format}: the markup name is there: {names:?}"
        );
        let species: BTreeSet<&str> = got["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["species"].as_str().unwrap())
            .collect();
        assert_eq!(species, BTreeSet::from(["<sp>&", "x"]), "{format}");
    }
}

#[test]
fn i2_csv_has_one_row_per_link_with_strength_from_confidence_and_no_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile(dir.path());
    let text = ok(&["-i", &file, "export", "--to", "i2"]);
    // Windows programs read a CSV as UTF-8 only with the byte order mark.
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte order mark");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let links = flows(&["-i", &file]);
    assert_eq!(rows.len(), links.len(), "one row per link");
    let mut strengths = BTreeMap::new();
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell would be a formula: {cell:?}"
            );
        }
        // The formula guard adds a leading ' to names that start a formula.
        let entity1 = row[col("entity1")].trim_start_matches('\'').to_string();
        let entity2 = row[col("entity2")].trim_start_matches('\'').to_string();
        let species = row[col("species")].to_string();
        let (weight, transactions, ..) = &links[&(entity1.clone(), entity2.clone(), species)];
        let w = &row[col("weight_kg")];
        assert_eq!(
            (!w.is_empty()).then(|| (w.parse::<f64>().unwrap() * 1e6).round() as i64),
            *weight
        );
        assert_eq!(
            row[col("transactions")].parse::<u64>().unwrap(),
            *transactions
        );
        strengths.insert((entity1, entity2), row[col("strength")].to_string());
    }
    let s = |a: &str, b: &str| strengths[&(a.to_string(), b.to_string())].as_str();
    let markup = strengths
        .keys()
        .find(|(a, _)| a.starts_with("a<&\"'"))
        .expect("the markup name");
    assert_eq!(strengths[markup], "Confirmed");
    assert_eq!(s("=cmd|' /C calc'!A0", "c]]>"), "Tentative");
    assert_eq!(s("@x", "-y"), "Unconfirmed");
    // No row of this link states a confidence: nothing confirms it.
    assert_eq!(s("@x", "c]]>"), "Unconfirmed");
    let row = rows
        .iter()
        .find(|r| &r[col("entity2")] == "'-y")
        .expect("the guarded name");
    assert_eq!(&row[col("weight_kg")], "", "unknown weight stays empty");
    assert_eq!(&row[col("confidence")], "unconfirmed");
    assert_eq!(&row[col("first_date")], "2022-03-01");
    assert_eq!(&row[col("last_date")], "2022-03-31");
    assert_eq!(&row[col("entity1_role")], "source");
}

#[test]
fn a_date_window_exports_the_links_that_totals_counts_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "dated.csv", DATED);
    let args = [
        "-i", &file, "export", "--to", "json", "--from", "2022-02", "--until", "2022-12",
    ];
    let v: Value = serde_json::from_str(&ok(&args)).unwrap();
    let totals = json(&[
        "-i", &file, "totals", "--by", "link", "--from", "2022-02", "--to", "2022-12",
    ]);
    let mut by_pair: BTreeMap<(String, String), (Option<i64>, u64)> = BTreeMap::new();
    for l in v["links"].as_array().unwrap() {
        let e = by_pair
            .entry((
                l["source"].as_str().unwrap().into(),
                l["target"].as_str().unwrap().into(),
            ))
            .or_default();
        if let Some(w) = mg(&l["weight_kg"]) {
            e.0 = Some(e.0.unwrap_or(0) + w);
        }
        e.1 += l["transactions"].as_u64().unwrap();
    }
    let expected: BTreeMap<(String, String), (Option<i64>, u64)> = totals["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                (
                    r["seller"].as_str().unwrap().into(),
                    r["buyer"].as_str().unwrap().into(),
                ),
                (mg(&r["weight_kg"]), r["transactions"].as_u64().unwrap()),
            )
        })
        .collect();
    assert_eq!(by_pair, expected);
    // The window left out a row (the 2022-01-05 sale of x) and a link (c → d, 2023).
    assert!(!by_pair.contains_key(&("c".to_string(), "d".to_string())));
    let all: Value = serde_json::from_str(&ok(&["-i", &file, "export", "--to", "json"])).unwrap();
    assert!(all["links"].as_array().unwrap().len() > v["links"].as_array().unwrap().len());
}

#[test]
fn network_and_species_filters_act_on_the_export() {
    let rings = crate::util::fixture("rings.csv");
    let nets = json(&["-i", &rings, "networks"]);
    let first: BTreeSet<&str> = nets["networks"][0]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let v: Value = serde_json::from_str(&ok(&[
        "-i",
        &rings,
        "--network",
        "1",
        "export",
        "--to",
        "json",
    ]))
    .unwrap();
    let got: BTreeSet<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, first);

    let v: Value =
        serde_json::from_str(&ok(&["export", "--to", "json", "--species", "王锦蛇"])).unwrap();
    let links = v["links"].as_array().unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["species"], "王锦蛇");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2);
}

#[test]
fn a_bad_date_bound_is_a_usage_error() {
    let out = run(&["export", "--to", "gexf", "--from", "昨天"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from"));
}

#[test]
fn rows_and_their_links_file_export_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let dated = write(dir.path(), "dated.csv", DATED);
    let hostile = hostile(dir.path());
    let links = dir.path().join("links.csv");
    let links = links.to_str().unwrap();
    let chenxi_parties = crate::util::repo_file("data/chenxi_parties.csv");
    for input in [vec![], vec!["-i", &dated], vec!["-i", &hostile]] {
        ok(&[&input[..], &["links", "-o", links]].concat());
        // The embedded case's places and notes are its parties file's: a links file has neither.
        let parties: &[&str] = if input.is_empty() {
            &["--parties", &chenxi_parties]
        } else {
            &[]
        };
        for format in ["graphml", "gexf", "i2"] {
            let from_rows = ok(&[&input[..], &["export", "--to", format]].concat());
            let from_links =
                ok(&[&["--links", links], parties, &["export", "--to", format]].concat());
            assert!(
                from_rows == from_links,
                "{format} of {input:?} differs when read from its links file"
            );
        }
    }
}
