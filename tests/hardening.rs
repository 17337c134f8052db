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
