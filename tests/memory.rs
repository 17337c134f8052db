//! Memory bounded by design where parties are many (issue 24): what `analyze` needs per party,
//! read from the process's own peak (`WILDCHAIN_TIMINGS=1` prints `peak memory: N KiB`), and
//! `chains --temporal` on parties that all trade with each other: cut, said so, no abort.

use std::fmt::Write as _;
use std::process::Command;

use crate::util::write;

/// A rows file in which almost every party is new, as `bench/many_parties.sh` writes it: row i
/// sells from `s<i>` to `b<i>`, every tenth row's seller is the previous row's buyer, every
/// hundredth row (past 1,000) buys from a party seen 1,000 rows before. Returns the text and the
/// number of distinct parties.
fn many_parties(rows: u32) -> (String, usize) {
    let species = ["穿山甲", "眼镜蛇", "黑熊", "犀牛", "玳瑁"];
    let mut text = String::from("seller,buyer,species,weight,date\n");
    let mut parties = std::collections::HashSet::new();
    for i in 1..=rows {
        let seller = if i % 10 == 0 {
            format!("b{}", i - 1)
        } else {
            format!("s{i}")
        };
        let buyer = if i % 100 == 0 && i > 1000 {
            format!("s{}", i - 1000)
        } else {
            format!("b{i}")
        };
        let _ = writeln!(
            text,
            "{seller},{buyer},{},{}kg,2022-{:02}-{:02}",
            species[(i % 5) as usize],
            i % 97 + 1,
            i % 12 + 1,
            i % 28 + 1
        );
        parties.insert(seller);
        parties.insert(buyer);
    }
    (text, parties.len())
}

/// Runs wildchain with timings on; returns stdout and the peak memory it reported, in KiB.
fn with_peak(args: &[&str]) -> (String, u64) {
    let out = Command::new(env!("CARGO_BIN_EXE_wildchain"))
        .args(args)
        .env("WILDCHAIN_TIMINGS", "1")
        .output()
        .expect("wildchain runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "wildchain {args:?}: {stderr}");
    let kib = stderr
        .lines()
        .find_map(|l| l.strip_prefix("wildchain: timing: peak memory: "))
        .and_then(|v| v.trim_end_matches(" KiB").parse::<u64>().ok());
    let Some(kib) = kib else {
        // Only Linux says its peak (/proc/self/status).
        if cfg!(target_os = "linux") {
            panic!("no peak memory in: {stderr}");
        }
        return (String::from_utf8_lossy(&out.stdout).into_owned(), 0);
    };
    (String::from_utf8(out.stdout).expect("UTF-8"), kib)
}

#[test]
fn analyze_needs_a_bounded_amount_per_party_where_almost_every_party_is_new() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut runs = Vec::new();
    for rows in [20_000, 80_000] {
        let (text, parties) = many_parties(rows);
        let path = write(dir.path(), &format!("many{rows}.csv"), text);
        let (out, kib) = with_peak(&["-i", &path, "analyze"]);
        // The run is the real one: every party is counted and listed.
        assert!(
            out.contains(&format!("network:      {parties} parties")),
            "{}",
            &out[..out.len().min(600)]
        );
        runs.push((parties, kib));
    }
    if !cfg!(target_os = "linux") {
        return;
    }
    let [(p0, k0), (p1, k1)] = [runs[0], runs[1]];
    // What one more party costs: about 1.1 kB measured (docs/performance.md, "Memory per party
    // and per link"), the whole report included; 1.5 kB before the party names were held once,
    // the candidate leads judged as found and the balance rows let go before the text is
    // written. A per-party structure of quadratic or per-source size (a matrix, a list per party
    // per source) costs far more.
    let per_party = (k1.saturating_sub(k0) * 1024) / (p1 - p0) as u64;
    assert!(
        per_party < 1_350,
        "analyze needs {per_party} bytes per party ({k0} KiB for {p0} parties, {k1} KiB for {p1})"
    );
    // And the whole run stays small: about 180 MB measured for 150,000 parties (240 MB before).
    assert!(
        k1 < 225 * 1024,
        "analyze peaked at {k1} KiB for {p1} parties"
    );
}

/// Every party sells to every other (`n·(n−1)` links), after a source and before a sink, each
/// link on its own day, as `bench/complete_digraph.sh` writes it.
fn complete_digraph(n: usize) -> String {
    let mut text =
        String::from("seller,buyer,species,weight,date\nsrc,p0,穿山甲,10kg,2022-01-01\n");
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let day = |mut k: usize| {
        let mut m = 0;
        while k >= days[m] {
            k -= days[m];
            m += 1;
        }
        format!("2022-{:02}-{:02}", m + 1, k + 1)
    };
    for i in 0..n {
        for j in 0..n {
            if i != j {
                let _ = writeln!(
                    text,
                    "p{i},p{j},穿山甲,{}kg,{}",
                    (i + j) % 50 + 1,
                    day((i * 7 + j * 13) % 365)
                );
            }
        }
    }
    let _ = writeln!(text, "p{},dst,穿山甲,10kg,2022-12-31", n - 1);
    text
}

#[test]
fn chains_in_time_on_a_complete_digraph_are_cut_say_so_and_stay_small() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "complete.csv", complete_digraph(300));
    let (out, kib) = with_peak(&["-i", &path, "--format", "json", "chains", "--temporal"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["input"]["accepted"], 300 * 299 + 2);
    assert_eq!(v["cut"], true, "{out}");
    assert_eq!(v["truncated"], true);
    // Each chain listed is a real one: from the source to the sink, in date order.
    for c in v["chains"].as_array().expect("chains") {
        let path = c["path"].as_array().expect("path");
        assert_eq!(path.first().and_then(|p| p.as_str()), Some("src"));
        assert_eq!(path.last().and_then(|p| p.as_str()), Some("dst"));
    }
    // About 85 MB measured (the links' dates held flat, 8 bytes a link and 56 a date span).
    if cfg!(target_os = "linux") {
        assert!(kib < 400 * 1024, "chains --temporal peaked at {kib} KiB");
    }
    // The table says it was cut, in words.
    let (text, _) = with_peak(&["-i", &path, "chains", "--temporal"]);
    assert!(text.contains("search cut after its work budget"), "{text}");
}
