//! Hostile and pathological inputs: each test is named for what broke before it was fixed
//! (issue 11), and fails when that breaks again.

use std::path::PathBuf;

use crate::util::{fails, json, ok, run};

/// Writes `text` to `name` in a fresh temporary directory; returns the directory (keep it alive)
/// and the file's path.
fn file(name: &str, text: impl AsRef<[u8]>) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, text).expect("write fixture");
    (dir, path.display().to_string())
}

/// A straight chain p0 → p1 → … of `hops` links, one row each.
fn straight_chain(hops: usize) -> String {
    let mut s = String::from("seller,buyer,species,weight,date\n");
    for i in 0..hops {
        s.push_str(&format!("p{i:06},p{:06},x,1,2022-01-01\n", i + 1));
    }
    s
}

#[test]
fn deep_chain_of_100000_hops_does_not_overflow_the_stack() {
    // petgraph's recursive tarjan_scc aborted (exit 134) from about 90,000 hops on.
    let (_d, path) = file("deep.csv", straight_chain(100_000));
    let v = json(&["-i", &path, "networks"]);
    assert_eq!(
        v["networks"][0]["parties"].as_array().map(Vec::len),
        Some(100_001)
    );
    let dot = ok(&["-i", &path, "upstream", "p000050", "--format", "dot"]);
    assert_eq!(dot.matches("->").count(), 50);
}

/// s → a; a → t0 and a → sink; t0..t(k-1) a complete digraph whose every party sells back to a.
fn trap(k: usize) -> String {
    let t = |i: usize| format!("t{i:02}");
    let mut rows = vec![
        ("s".to_string(), "a".to_string()),
        ("a".to_string(), t(0)),
        ("a".to_string(), "sink".to_string()),
    ];
    for i in 0..k {
        rows.push((t(i), "a".to_string()));
        for j in (0..k).filter(|&j| j != i) {
            rows.push((t(i), t(j)));
        }
    }
    let mut s = String::from("seller,buyer,species,weight,date\n");
    for (a, b) in rows {
        s.push_str(&format!("{a},{b},x,1,2022-01-01\n"));
    }
    s
}

#[test]
fn chains_in_a_cyclic_trap_take_no_exponential_time() {
    // 13 parties in the trap took 44 s, 14 over a minute (`chains`, `analyze`, `--temporal`).
    let (_d, path) = file("trap.csv", trap(30));
    let started = std::time::Instant::now();
    for temporal in [false, true] {
        let mut args = vec!["-i", path.as_str(), "chains", "--limit", "10"];
        if temporal {
            args.push("--temporal");
        }
        let v = json(&args);
        assert_eq!(crate::util::paths(&v), ["s>a>sink"]);
        assert_eq!(v["truncated"], false);
        assert_eq!(v["cut"], false);
    }
    let v = json(&["-i", &path, "analyze"]);
    assert_eq!(v["chains"].as_array().map(Vec::len), Some(1));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn chains_through_a_party_of_the_trap_are_cut_after_the_work_budget_and_say_so() {
    let (_d, path) = file("trap.csv", trap(14));
    let started = std::time::Instant::now();
    let v = json(&["-i", &path, "chains", "--through", "t05"]);
    assert_eq!(v["cut"], true);
    assert_eq!(v["truncated"], true);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let table = ok(&["-i", &path, "chains", "--through", "t05"]);
    assert!(table.starts_with("0 chains (search cut"), "{table}");
}
