//! No `NaN` and no `inf` in any output: every command on a chain of 1,100 diamonds (2^1100
//! source-to-sink chains and shortest paths, more than `f64` counts), in every format.

use serde_json::Value;

use crate::util::{json, ok};

/// A chain of `n` diamonds: `a0000` sells to `b0000` and `c0000`, both sell to `a0001`, and so on
/// to `a{n}`; 2^n chains from `a0000` to `a{n}`, with weights, prices and dates on every row.
fn diamonds(n: usize) -> String {
    let mut csv = String::from("seller,buyer,species,weight,date,amount\n");
    for k in 0..n {
        let day = 1 + k % 28;
        for side in ["b", "c"] {
            csv.push_str(&format!(
                "a{k:04},{side}{k:04},王锦蛇,2kg,2023-01-{day:02},100元\n"
            ));
            csv.push_str(&format!(
                "{side}{k:04},a{:04},王锦蛇,1kg,2023-02-{day:02},80元\n",
                k + 1
            ));
        }
    }
    csv
}

/// The words of `text` that spell a number that is not finite.
fn not_finite(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| matches!(w.to_ascii_lowercase().as_str(), "nan" | "inf" | "infinity"))
        .map(str::to_string)
        .collect()
}

/// The number of `betweenness` and `chain_share` fields in `v`, failing on one that is not a
/// number.
fn shares(v: &Value) -> usize {
    match v {
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| {
                if k == "betweenness" || k == "chain_share" {
                    assert!(x.as_f64().is_some_and(f64::is_finite), "{k}: {x}");
                    1
                } else {
                    shares(x)
                }
            })
            .sum(),
        Value::Array(a) => a.iter().map(shares).sum(),
        _ => 0,
    }
}

#[test]
fn no_command_prints_nan_or_inf_on_a_ladder_of_2_to_the_1100_paths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("diamonds.csv");
    std::fs::write(&file, diamonds(1100)).expect("write the case");
    let f = file.display().to_string();
    let commands: &[&[&str]] = &[
        &["analyze"],
        &["players"],
        &["chains"],
        &["balance"],
        &["totals"],
        &["totals", "--by", "seller"],
        &["value"],
        &["networks"],
        &["upstream", "a0550"],
        &["downstream", "a0550"],
        &["links"],
    ];
    for args in commands {
        for format in ["table", "json", "csv"] {
            if format == "csv" && args[0] == "analyze" {
                continue;
            }
            let mut a = vec!["-i", f.as_str(), "--format", format];
            a.extend_from_slice(args);
            let out = ok(&a);
            assert!(
                not_finite(&out).is_empty(),
                "{args:?} --format {format}: {:?}",
                not_finite(&out)
            );
        }
    }
    for to in ["graphml", "gexf", "i2", "json"] {
        let out = ok(&["-i", &f, "export", "--to", to]);
        assert!(not_finite(&out).is_empty(), "export --to {to}");
    }
    for args in [&["report"][..], &["dot"]] {
        let mut a = vec!["-i", f.as_str()];
        a.extend_from_slice(args);
        let out = ok(&a);
        assert!(
            not_finite(&out).is_empty(),
            "{args:?}: {:?}",
            not_finite(&out)
        );
    }
    // JSON writes a NaN as `null`: every betweenness and chain share is a number.
    for args in [&["analyze"][..], &["players"], &["export", "--to", "json"]] {
        let mut a = vec!["-i", f.as_str()];
        a.extend_from_slice(args);
        let figures = shares(&json(&a));
        assert!(figures > 0, "{args:?}");
    }
    let v = json(&["-i", &f, "players"]);
    let players = v["players"].as_array().expect("players");
    assert_eq!(players.len(), 3301);
    for p in players {
        for key in ["betweenness", "chain_share"] {
            assert!(p[key].as_f64().is_some_and(f64::is_finite), "{p}");
        }
    }
    // Every diamond's middle party is on half the chains; the joints on all of them.
    let share = |name: &str| -> f64 {
        players
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["chain_share"].as_f64())
            .expect("a player")
    };
    assert_eq!(share("a0550"), 1.0);
    assert!((share("b0550") - 0.5).abs() < 1e-9);
}
