//! The places section of `analyze` on a big case: a summary (the first routes and brokers, and how
//! many more `wildchain places` lists), not thousands of lines; and place columns read outside
//! polars give the same case as places read by polars.

use serde_json::Value;

use crate::util::{json, ok, run, write};

/// A generated case with places (3,000 rows: hundreds of brokers between provinces).
fn generated_with_places(dir: &std::path::Path) -> String {
    let case = dir.join("g.csv").display().to_string();
    ok(&[
        "generate", "--rows", "3000", "--seed", "5", "--places", "-o", &case,
    ]);
    case
}

#[test]
fn analyze_shows_the_first_brokers_and_routes_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let case = generated_with_places(dir.path());
    let all: Value = json(&["places", "-i", &case]);
    let brokers = all["brokers"].as_array().unwrap().len();
    assert!(brokers > 10, "the case should have many brokers: {brokers}");
    let v: Value = json(&["analyze", "-i", &case]);
    let p = &v["places"];
    assert_eq!(p["brokers"].as_array().unwrap().len(), 10);
    assert_eq!(p["brokers_total"], brokers);
    // The ten shown are the first ten `places` lists.
    for (a, b) in p["brokers"]
        .as_array()
        .unwrap()
        .iter()
        .zip(all["brokers"].as_array().unwrap())
    {
        assert_eq!(a["name"], b["name"]);
    }
    let text = ok(&["analyze", "-i", &case]);
    assert_eq!(
        text.matches("broker between provinces:").count(),
        10,
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "… and {} more brokers between provinces: wildchain places",
            brokers - 10
        )),
        "{text}"
    );
    let routes = p["route_counts"].as_array().unwrap().len();
    assert!(routes > 10, "the case should have many routes: {routes}");
    assert!(
        text.contains(&format!("… and {} more routes", routes - 10)),
        "{text}"
    );
    let zh = ok(&["analyze", "-i", &case, "--lang", "zh"]);
    assert!(
        zh.contains(&format!("另有 {} 个跨省中间人", brokers - 10)),
        "{zh}"
    );
}

#[test]
fn place_cells_read_outside_polars_give_the_case_polars_gives() {
    // A stray quote in one place cell leaves the place columns to polars; the same file without
    // it is read by the survey. Every other place must come out the same.
    let dir = tempfile::tempdir().unwrap();
    let case = generated_with_places(dir.path());
    let text = std::fs::read_to_string(&case).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Row 2's seller place: `…x` in one file, `…"x"` in the other: polars reads the quotes as
    // they are, the survey leaves such a cell (and so the file's place columns) to polars.
    let row2 = lines[1].clone();
    let cells: Vec<&str> = row2.split(',').collect();
    let place_at = cells.len() - 2;
    let (mut plain, mut quoted) = (cells.clone(), cells.clone());
    let (x, qx) = (
        format!("{}x", cells[place_at]),
        format!("{}\"x\"", cells[place_at]),
    );
    plain[place_at] = &x;
    quoted[place_at] = &qx;
    let (plain, quoted) = (plain.join(","), quoted.join(","));
    lines[1] = plain;
    let a = write(dir.path(), "a.csv", lines.join("\n") + "\n");
    lines[1] = quoted;
    let b = write(dir.path(), "a2.csv", lines.join("\n") + "\n");
    // `validate` exits 1 on the generated case's planted bad cells: its JSON is still complete.
    let validate = |f: &str| -> Value {
        let out = run(&["validate", "-i", f, "--format", "json"]);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (va, vb) = (validate(&a), validate(&b));
    let places = |v: &Value| -> Vec<(String, String)> {
        (v["places"].as_array().unwrap().iter())
            .map(|p| {
                (
                    p["party"].as_str().unwrap().to_string(),
                    p["place"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (pa, pb) = (places(&va), places(&vb));
    assert!(pa.len() > 30, "{}", pa.len());
    let seller = cells[0];
    let differ: Vec<_> = pa.iter().zip(&pb).filter(|(x, y)| x != y).collect();
    assert_eq!(
        differ,
        [(
            &(seller.to_string(), x.clone()),
            &(seller.to_string(), qx.clone())
        )],
        "only row 2's seller's place may differ, by its quotes"
    );
    assert_eq!(pa.len(), pb.len());
}

#[test]
fn places_are_the_same_whatever_the_thread_count() {
    // 150,000 rows: the place cells are read in parts and the rows gathered in pieces, one per
    // thread; the parties' places, their disagreements and the routes must not depend on how many.
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("g.csv").display().to_string();
    ok(&[
        "generate", "--rows", "150000", "--seed", "11", "--places", "-o", &case,
    ]);
    for work in [
        vec!["places", "--format", "json"],
        vec!["analyze", "--format", "json"],
    ] {
        let mut args = vec!["-i", case.as_str()];
        args.extend(&work);
        let reference = crate::util::with_threads(Some("1"), &args);
        assert!(reference.len() > 1000, "{work:?} printed little");
        for t in [Some("2"), Some("3"), Some("8"), None] {
            assert!(
                crate::util::with_threads(t, &args) == reference,
                "{work:?} differs with POLARS_MAX_THREADS={t:?}"
            );
        }
    }
}
