//! `wildchain normalize`: every row out once, accepted or rejected as every command judges it, in
//! bounded memory, the same whatever the piece size or partition; and links aggregated from its
//! output give the same analysis as the rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::analyses::without_row_references;
use crate::util::{fails, fixture, json, ok, write};

/// Runs `normalize --format json` and parses its lines.
fn rows(args: &[&str]) -> Vec<Value> {
    let mut a = vec!["normalize", "--format", "json"];
    a.extend(args);
    ok(&a)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn rejected_rows_are_kept_with_the_row_numbers_and_reasons_every_command_gives() {
    let dir = tempfile::tempdir().unwrap();
    let bad = fixture("bad_rows.csv");
    let rejects = dir.path().join("rejects.csv");
    let out = crate::util::run(&[
        "-i",
        &bad,
        "--rejects",
        rejects.to_str().unwrap(),
        "validate",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let mut expected = Vec::new();
    // The rows refused (a cell problem keeps its row, and normalize writes it as read).
    for r in csv::Reader::from_path(&rejects).unwrap().records() {
        let r = r.unwrap();
        if &r[2] != "unknown_cell" {
            expected.push((r[1].parse::<u64>().unwrap(), r[3].to_string()));
        }
    }
    assert!(expected.len() >= 3, "the fixture has bad rows");
    for piece in ["1", "3", "1000"] {
        let got = rows(&[&bad, "--piece-rows", piece]);
        let rejected: Vec<(u64, String)> = got
            .iter()
            .filter(|r| !r["reject"].is_null())
            .map(|r| {
                (
                    r["row"].as_u64().unwrap(),
                    r["reject"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(rejected, expected, "pieces of {piece}");
        let validate = crate::util::run(&["-i", &bad, "validate", "--format", "json"]);
        let validate: Value = serde_json::from_slice(&validate.stdout).unwrap();
        assert_eq!(
            got.len() as u64,
            validate["input"]["rows"].as_u64().unwrap(),
            "every row once"
        );
        // Rows come out in input order, each once.
        let numbers: Vec<u64> = got.iter().map(|r| r["row"].as_u64().unwrap()).collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        for r in got.iter().filter(|r| !r["reject"].is_null()) {
            assert!(r["weight_kg"].is_null() && r["approximate"].is_null());
        }
    }
}

#[test]
fn the_output_does_not_depend_on_the_piece_size() {
    let dir = tempfile::tempdir().unwrap();
    let gen_csv = dir.path().join("gen.csv");
    let gen_csv = gen_csv.to_str().unwrap();
    ok(&["generate", "--rows", "30000", "--seed", "3", "-o", gen_csv]);
    let whole = ok(&["normalize", gen_csv, "--piece-rows", "1000000"]);
    assert!(whole.lines().count() > 29_000);
    assert_eq!(
        ok(&["normalize", gen_csv, "--piece-rows", "777"]),
        whole,
        "pieces of 777 rows"
    );
    // A quoted delimiter and line break stay inside their row, whatever the pieces.
    let quoted = write(
        dir.path(),
        "quoted.csv",
        "seller,buyer,species,weight,date,source\n\
         a,b,x,1kg,2022-01-01,\"p.1, line 1\nline 2\"\n\
         b,c,x,2kg,2022-01-02,plain\n",
    );
    for piece in ["1", "2", "10"] {
        let got = rows(&[&quoted, "--piece-rows", piece]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0]["source"], "p.1, line 1\nline 2");
        assert_eq!(
            // Its line: the quoted line break above moves it to line 4.
            (got[1]["row"].as_u64(), got[1]["weight_kg"].as_f64()),
            (Some(4), Some(2.0))
        );
    }
}

#[test]
fn a_partition_without_its_header_gives_the_rows_of_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = crate::formats::delimited(b',');
    let file = write(dir.path(), "messy.csv", &text);
    let whole = rows(&[&file, "--name", "messy.csv"]);
    // Lines 5 to 8 as a partition: no header, each line after its row number (its line in the
    // whole file, the header being line 1).
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let part: String = lines
        .enumerate()
        .filter(|(i, _)| (3..7).contains(i))
        .map(|(i, l)| format!("{},{l}\n", i + 2))
        .collect();
    let part = write(dir.path(), "part.csv", &part);
    let got = rows(&[
        &part,
        "--header",
        &format!("__row,{header}"),
        "--row-column",
        "__row",
        "--name",
        "messy.csv",
    ]);
    let expected: Vec<&Value> = whole
        .iter()
        .filter(|r| (5..=8).contains(&r["row"].as_u64().unwrap()))
        .collect();
    assert_eq!(got.len(), 4);
    assert_eq!(got.iter().collect::<Vec<_>>(), expected);

    // A row column that holds no number is an error naming file, record, column and value.
    let broken = write(dir.path(), "broken.csv", "x,a,b,s,1kg,2022-01-01\n");
    let err = fails(
        &[
            "normalize",
            &broken,
            "--header",
            "__row,seller,buyer,species,weight,date",
            "--row-column",
            "__row",
        ],
        1,
    );
    assert!(
        err.contains("broken.csv record 1") && err.contains("'__row'") && err.contains("'x'"),
        "{err}"
    );
    let err = fails(&["normalize", &file, "--row-column", "nope"], 1);
    assert!(err.contains("no column 'nope'"), "{err}");
    let err = fails(&["normalize", &file, "--row-column", "出售人"], 1);
    assert!(err.contains("also read as a field"), "{err}");
    fails(&["normalize", &file, "--format", "dot"], 2);
}

/// Aggregates normalize's rows to the links table by the rules of `scale/job.py`: names shown
/// by their most frequent spelling (the first in byte order on a tie; rejected rows vote too),
/// else the canonical name; weights summed exactly; first and last dates by their order columns.
fn aggregate(rows: &[Value]) -> String {
    let mut votes: HashMap<(usize, String), BTreeMap<String, u64>> = HashMap::new();
    for r in rows {
        for (k, (name, spelling)) in [
            ("seller", "seller_spelling"),
            ("buyer", "buyer_spelling"),
            ("species", "species_spelling"),
        ]
        .iter()
        .enumerate()
        {
            let kind = usize::from(k == 2);
            if let (Some(n), Some(s)) = (r[name].as_str(), r[spelling].as_str()) {
                *votes
                    .entry((kind, n.to_string()))
                    .or_default()
                    .entry(s.to_string())
                    .or_default() += 1;
            }
        }
    }
    let shown = |kind: usize, name: &str| -> String {
        votes
            .get(&(kind, name.to_string()))
            .and_then(|v| {
                v.iter()
                    .fold(None, |best: Option<(&String, u64)>, (s, &n)| match best {
                        Some((_, m)) if m >= n => best,
                        _ => Some((s, n)),
                    })
            })
            .map_or(name.to_string(), |(s, _)| s.clone())
    };
    #[derive(Default)]
    struct Link {
        mg: Option<i64>,
        transactions: u64,
        known: u64,
        count: Option<i64>,
        counted: u64,
        first: Option<(i64, String)>,
        last: Option<(i64, String)>,
        approx: u64,
        confidence: Option<(u8, String)>,
        confident: u64,
        sources: BTreeSet<String>,
    }
    let mut links: BTreeMap<(String, String, String), Link> = BTreeMap::new();
    for r in rows.iter().filter(|r| r["reject"].is_null()) {
        let key = (
            shown(0, r["seller"].as_str().unwrap()),
            shown(0, r["buyer"].as_str().unwrap()),
            shown(1, r["species"].as_str().unwrap()),
        );
        let l = links.entry(key).or_default();
        l.transactions += 1;
        if let Some(kg) = r["weight_kg"].as_number() {
            let text = kg.to_string();
            let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
            let mg = whole.parse::<i64>().unwrap() * 1_000_000
                + format!("{frac:0<6}").parse::<i64>().unwrap();
            l.mg = Some(l.mg.unwrap_or(0) + mg);
            l.known += 1;
        }
        if let Some(c) = r["count"].as_i64() {
            l.count = Some(l.count.unwrap_or(0) + c);
            l.counted += 1;
        }
        if let Some(o) = r["date_from_order"].as_i64() {
            let d = r["date_from"].as_str().unwrap().to_string();
            if l.first.as_ref().is_none_or(|(f, _)| o < *f) {
                l.first = Some((o, d));
            }
            let o = r["date_to_order"].as_i64().unwrap();
            let d = r["date_to"].as_str().unwrap().to_string();
            if l.last.as_ref().is_none_or(|(f, _)| o > *f) {
                l.last = Some((o, d));
            }
        }
        l.approx += u64::from(r["approximate"] == true);
        if let Some(c) = r["confidence"].as_str() {
            let rank = ["unconfirmed", "probable", "confirmed"]
                .iter()
                .position(|x| *x == c)
                .unwrap() as u8;
            if l.confidence.as_ref().is_none_or(|(b, _)| rank > *b) {
                l.confidence = Some((rank, c.to_string()));
            }
            l.confident += 1;
        }
        if let Some(s) = r["source"].as_str() {
            l.sources.insert(s.to_string());
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "seller",
        "buyer",
        "species",
        "weight_kg",
        "transactions",
        "unknown_weight",
        "count",
        "counted",
        "first_date",
        "last_date",
        "approx_rows",
        "confidence",
        "confidence_rows",
        "sources",
    ])
    .unwrap();
    for ((s, b, p), l) in &links {
        let sources: Vec<&String> = l.sources.iter().collect();
        w.write_record([
            s.clone(),
            b.clone(),
            p.clone(),
            l.mg.map_or(String::new(), |mg| format!("{}", mg as f64 / 1e6)),
            l.transactions.to_string(),
            (l.transactions - l.known).to_string(),
            l.count.map_or(String::new(), |c| c.to_string()),
            l.counted.to_string(),
            l.first.as_ref().map_or(String::new(), |f| f.1.clone()),
            l.last.as_ref().map_or(String::new(), |f| f.1.clone()),
            l.approx.to_string(),
            l.confidence.as_ref().map_or(String::new(), |c| c.1.clone()),
            l.confident.to_string(),
            if sources.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&sources).unwrap()
            },
        ])
        .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn links_aggregated_from_the_rows_of_normalize_give_the_same_analysis_as_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let messy = write(dir.path(), "messy.csv", crate::formats::delimited(b','));
    // One party typed two ways: the full-width spelling is the most frequent, so it is shown,
    // though the rows that say so fall in different pieces.
    let spellings = write(
        dir.path(),
        "spellings.csv",
        "seller,buyer,species,weight,date\n\
         ＡＣＭＥ,b,x,1kg,2022-01-01\n\
         ACME,b,x,2kg,2022-01-02\n\
         b,c,未知蛇,3kg,2022-02\n\
         ＡＣＭＥ,c,x,4kg,2022-01-01至2022-03\n\
         ＡＣＭＥ,c,x,约5斤,2022-01-05\n\
         c,ACME,未知蛇,,\n\
         d,d,x,1kg,2022-01-01\n",
    );
    let chenxi = crate::util::repo_file("data/chenxi_case.csv");
    for file in [&messy, &spellings, &chenxi, &fixture("units.csv")] {
        let from_rows = without_row_references(json(&["-i", file, "analyze"]));
        for piece in ["1", "2", "100"] {
            let links = write(
                dir.path(),
                "links.csv",
                aggregate(&rows(&[file, "--piece-rows", piece])),
            );
            let from_links = without_row_references(json(&["--links", &links, "analyze"]));
            assert!(
                from_rows == from_links,
                "{file}, pieces of {piece}: analyze differs\nrows:  {from_rows}\nlinks: {from_links}"
            );
        }
    }
    let v = json(&["-i", &spellings, "analyze"]);
    assert!(
        v.to_string().contains("ＡＣＭＥ"),
        "the test shows a spelling vote"
    );
}

/// The peak resident memory of `wildchain args…` in KiB, as the process itself reports it
/// (`WILDCHAIN_TIMINGS`): a child's `ru_maxrss` from `wait4` would include the test process's
/// own peak, which Linux carries into a spawned child across `exec`.
fn peak_rss_kib(args: &[&str]) -> i64 {
    let out = Command::new(env!("CARGO_BIN_EXE_wildchain"))
        .args(args)
        .env("WILDCHAIN_TIMINGS", "1")
        .stdout(Stdio::null())
        .output()
        .expect("wildchain runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines()
        .find_map(|l| l.strip_prefix("wildchain: timing: peak memory: "))
        .and_then(|v| v.trim_end_matches(" KiB").parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in:\n{err}"))
}

#[test]
fn memory_does_not_grow_with_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let (small, large) = (dir.path().join("s.csv"), dir.path().join("l.csv"));
    let (small, large) = (small.to_str().unwrap(), large.to_str().unwrap());
    ok(&["generate", "--rows", "40000", "--seed", "5", "-o", small]);
    ok(&["generate", "--rows", "400000", "--seed", "5", "-o", large]);
    let piece = ["--piece-rows", "10000"];
    let s = peak_rss_kib(&[&["normalize", small][..], &piece].concat());
    let l = peak_rss_kib(&[&["normalize", large][..], &piece].concat());
    // Reading the large file whole takes several times the memory: the test can tell.
    let whole = peak_rss_kib(&["normalize", large, "--piece-rows", "400000"]);
    assert!(whole > s * 2, "whole {whole} KiB vs pieces {s} KiB");
    // What 10× the rows add in pieces is small beside what they add read whole (here about 6 MB
    // against 115 MB); a bound on the ratio l / s alone failed under load, where a few MB of
    // allocator and thread-stack noise are a large part of a 23 MB process.
    assert!(
        (l - s) * 5 < whole - s,
        "10× the rows: {l} KiB in pieces vs {s} KiB; {whole} KiB read whole"
    );
}
