//! Property tests (proptest): random small cases, generated with what each row must give, checked
//! against the library (`Case::load` on `Source::Memory`, hundreds of cases in seconds) and, for
//! what only the binary shows (thread counts, `links` read back), against a few runs of it.
//!
//! Deterministic: a fixed seed and no failure files, so a run is the same everywhere; a failure
//! prints the shrunk case.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use serde_json::Value;

use wildchain::analysis::{By, Direction, Filter, chains, totals, trace};
use wildchain::case::{Case, Options};
use wildchain::graph::SupplyGraph;
use wildchain::ingest::Source;
use wildchain::render::csv::formula_safe as csv_text;

use crate::util::with_threads;

/// Party names: plain, CJK, and names a spreadsheet would run or a CSV writer must quote. No two
/// share a normal form, so each is its own party.
const PARTIES: [&str; 10] = [
    "p0",
    "p1",
    "p2",
    "张三",
    "李四",
    "=cmd|' /C calc'!A0",
    "'+y",
    "@x",
    "a,b c",
    "q\"q",
];
/// Species: two the table knows, one it does not (kept as written, not rejected).
const SPECIES: [&str; 3] = ["穿山甲", "眼镜蛇", "xyz"];
const DATES: [&str; 4] = ["", "2022-04-05", "2022-05", "2023年1月"];

/// One generated row and what wildchain must make of it.
#[derive(Debug, Clone)]
enum Row {
    /// Accepted, weighing `mg` (`None`: no weight given).
    Good {
        seller: usize,
        buyer: usize,
        species: usize,
        weight: String,
        mg: Option<i64>,
        date: usize,
    },
    /// Rejected: it cannot say who traded with whom.
    Bad { cells: Vec<String> },
    /// Accepted with a garbled weight and/or date: each such cell unknown (a cell problem), the
    /// weight known only when it is not garbled (`mg`).
    Garbled {
        cells: Vec<String>,
        mg: Option<i64>,
        problems: usize,
    },
    /// No cell at all: skipped, not counted.
    Blank,
    /// An empty line: a blank row too.
    EmptyLine,
}

impl Row {
    fn cells(&self) -> Vec<String> {
        match self {
            Row::Good {
                seller,
                buyer,
                species,
                weight,
                date,
                ..
            } => [
                PARTIES[*seller].to_string(),
                PARTIES[*buyer].to_string(),
                SPECIES[*species].to_string(),
                weight.clone(),
                DATES[*date].to_string(),
            ]
            .to_vec(),
            Row::Bad { cells } | Row::Garbled { cells, .. } => cells.clone(),
            Row::Blank => vec![String::new(); 5],
            Row::EmptyLine => Vec::new(),
        }
    }
}

/// A weight as written and its milligrams.
fn weight() -> impl Strategy<Value = (String, Option<i64>)> {
    prop_oneof![
        (0i64..100_000).prop_map(|g| (format!("{}.{:03}kg", g / 1000, g % 1000), Some(g * 1000))),
        (1i64..5_000).prop_map(|g| (format!("{g}g"), Some(g * 1000))),
        (1i64..200).prop_map(|j| (format!("{j}斤"), Some(j * 500_000))),
        (0i64..1000).prop_map(|k| (format!(" {k} kg "), Some(k * 1_000_000))),
        Just((String::new(), None)),
    ]
}

/// A date no row may have: unknown in its row (`2023-04-32` keeps its month).
fn bad_date() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2022-13-01".to_string()),
        Just("昨天".to_string()),
        Just("2023-04-32".to_string()),
        Just("5月25日".to_string()),
    ]
}

/// A weight no cell may be read with: unknown in its row.
fn bad_weight() -> impl Strategy<Value = String> {
    prop_oneof![
        (1i64..1000).prop_map(|k| format!("-{k}kg")),
        Just("abc".to_string()),
        (1i64..1000).prop_map(|k| format!("{k} furlongs")),
        Just("1e400".to_string()),
    ]
}

/// A row whose seller comes before its buyer in `PARTIES` when `dag`.
fn row(parties: usize, dag: bool) -> impl Strategy<Value = Row> {
    let good = (
        0..parties,
        0..parties,
        0..SPECIES.len(),
        weight(),
        0..DATES.len(),
    )
        .prop_filter_map(
            "seller and buyer differ",
            move |(s, b, species, w, date)| {
                let (seller, buyer) = if dag { (s.min(b), s.max(b)) } else { (s, b) };
                (seller != buyer).then_some(Row::Good {
                    seller,
                    buyer,
                    species,
                    weight: w.0,
                    mg: w.1,
                    date,
                })
            },
        );
    let garbled = (
        0..parties,
        0..parties,
        0..SPECIES.len(),
        (bad_weight(), weight()),
        (bad_date(), 0..DATES.len()),
        0..3usize,
    )
        .prop_filter_map(
            "seller and buyer differ",
            move |(s, b, species, (bad_w, good_w), (bad_d, good_d), how)| {
                let (s, b) = if dag { (s.min(b), s.max(b)) } else { (s, b) };
                if s == b {
                    return None;
                }
                // 0: the weight garbled, 1: the date, 2: both.
                let (w, mg) = if how != 1 {
                    (bad_w, None)
                } else {
                    (good_w.0, good_w.1)
                };
                let d = if how != 0 {
                    bad_d
                } else {
                    DATES[good_d].to_string()
                };
                Some(Row::Garbled {
                    cells: [PARTIES[s], PARTIES[b], SPECIES[species], &w, &d]
                        .map(str::to_string)
                        .to_vec(),
                    mg,
                    problems: if how == 2 { 2 } else { 1 },
                })
            },
        );
    let bad = (0..parties, 0..parties, 0..3usize).prop_map(move |(s, b, how)| {
        let b = if s == b { (b + 1) % parties } else { b };
        let cells: &[&str] = match how {
            // Seller and buyer are one party.
            1 => &[PARTIES[s], PARTIES[s], SPECIES[1], "1kg", ""],
            // No seller.
            2 => &["", PARTIES[b], SPECIES[0], "1kg", "2022-04"],
            // More fields than the header: a line polars cannot read.
            _ => &[
                PARTIES[s], PARTIES[b], SPECIES[0], "1kg", "", "extra", "more",
            ],
        };
        Row::Bad {
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    });
    prop_oneof![
        6 => good,
        2 => garbled,
        2 => bad,
        1 => Just(Row::Blank),
        1 => Just(Row::EmptyLine)
    ]
}

fn rows(parties: usize, dag: bool, max: usize) -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec(row(parties, dag), 1..max)
}

fn csv_of(rows: &[Row]) -> Vec<u8> {
    let record = |cells: &[&str]| {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        w.write_record(cells).unwrap();
        w.into_inner().unwrap()
    };
    let mut out = record(&["seller", "buyer", "species", "weight", "date"]);
    for r in rows {
        match r {
            // The csv writer writes no empty line.
            Row::EmptyLine => out.push(b'\n'),
            _ => out.extend(record(
                &r.cells().iter().map(String::as_str).collect::<Vec<_>>(),
            )),
        }
    }
    out
}

fn load(rows: &[Row]) -> Case {
    let opts = Options::embedded()
        .unwrap()
        .with_inputs(vec![Source::Memory {
            name: "generated.csv".to_string(),
            bytes: Arc::new(csv_of(rows)),
        }]);
    Case::load(&opts).expect("a generated case loads")
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x11_2026),
        ..Config::default()
    })
}

#[test]
fn accepted_plus_rejected_is_every_row_and_each_reject_names_its_row() {
    runner(300)
        .run(&rows(PARTIES.len(), false, 40), |rows| {
            let case = load(&rows);
            let s = case.data.stats;
            // A garbled weight or date makes an unknown cell, not a refused row.
            let good = rows
                .iter()
                .filter(|r| matches!(r, Row::Good { .. } | Row::Garbled { .. }))
                .count() as u64;
            // Rows are the lines of the text (the header is line 1), blank ones included.
            let bad: Vec<u64> = (2..)
                .zip(&rows)
                .filter(|(_, r)| matches!(r, Row::Bad { .. }))
                .map(|(k, _)| k)
                .collect();
            prop_assert_eq!(s.rows, s.accepted + s.rejected);
            prop_assert_eq!(s.accepted, good);
            prop_assert_eq!(s.accepted as usize, case.data.records.len());
            let rejected: Vec<u64> = case.data.rejects.iter().map(|r| r.row).collect();
            prop_assert_eq!(&rejected, &bad);
            // Each garbled cell is a cell problem of its row (its line), in row order.
            let garbled: Vec<u64> = (2..)
                .zip(&rows)
                .flat_map(|(k, r)| match r {
                    Row::Garbled { problems, .. } => vec![k; *problems],
                    _ => Vec::new(),
                })
                .collect();
            let problems: Vec<u64> = case.data.problems.iter().map(|p| p.row).collect();
            prop_assert_eq!(&problems, &garbled);
            prop_assert_eq!(s.unknown_cells, garbled.len() as u64);
            for &k in &garbled {
                prop_assert!(!case.data.problems_at(0, k).is_empty());
            }
            let blank = rows
                .iter()
                .filter(|r| matches!(r, Row::Blank | Row::EmptyLine))
                .count() as u64;
            prop_assert_eq!(case.data.blank_rows, blank);
            // The rejects file shows each rejected row's own cells.
            let mut listed = Vec::new();
            wildchain::ingest::write_rejects(&case.data, &mut listed, false).unwrap();
            let mut r = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(listed.as_slice());
            let shown: Vec<(u64, String, Vec<String>)> = r
                .records()
                .map(|rec| {
                    let rec = rec.unwrap();
                    (
                        rec[1].parse().unwrap(),
                        rec[2].to_string(),
                        rec.iter().skip(4).map(str::to_string).collect(),
                    )
                })
                .collect();
            let mut listed_rows: Vec<(u64, &str)> = bad.iter().map(|&k| (k, "refused")).collect();
            listed_rows.extend(garbled.iter().map(|&k| (k, "unknown_cell")));
            listed_rows.sort();
            let want: Vec<(u64, String, Vec<String>)> = listed_rows
                .iter()
                .map(|&(k, problem)| {
                    let cells = rows[k as usize - 2].cells();
                    (
                        k,
                        problem.to_string(),
                        cells.iter().map(|c| csv_text(c).into_owned()).collect(),
                    )
                })
                .collect();
            prop_assert_eq!(shown, want);
            Ok(())
        })
        .unwrap();
}

#[test]
fn totals_by_seller_buyer_species_and_link_sum_to_the_same_known_weight() {
    runner(300)
        .run(&rows(PARTIES.len(), false, 40), |rows| {
            let case = load(&rows);
            let mut mg: Option<i64> = None;
            let (mut transactions, mut unknown) = (0u64, 0u64);
            for r in &rows {
                // A row with a garbled weight or date is still a transaction.
                if let Row::Good { mg: m, .. } | Row::Garbled { mg: m, .. } = r {
                    transactions += 1;
                    match m {
                        Some(m) => *mg.get_or_insert(0) += m,
                        None => unknown += 1,
                    }
                }
            }
            for by in [By::Seller, By::Buyer, By::Species, By::Link, By::Month] {
                let groups = totals(&case, by, &Filter::default());
                let known: Option<i64> = groups
                    .iter()
                    .filter_map(|g| g.tally.weight_mg)
                    .reduce(|a, b| a + b);
                prop_assert_eq!(known, mg, "known weight by {}", by.name());
                let t: u64 = groups.iter().map(|g| g.tally.transactions).sum();
                let u: u64 = groups.iter().map(|g| g.tally.unknown_weight).sum();
                prop_assert_eq!((t, u), (transactions, unknown), "rows by {}", by.name());
            }
            Ok(())
        })
        .unwrap();
}

/// Every party each party reaches along links, by a transitive closure (not by a search).
fn closure(g: &SupplyGraph) -> Vec<Vec<bool>> {
    let n = g.node_count();
    let mut r = vec![vec![false; n]; n];
    for e in g.graph.edge_indices() {
        let (a, b) = g.ends(e);
        r[a.index()][b.index()] = true;
    }
    // Warshall: after step k, r[i][j] says whether j is reached through parties 0..=k.
    for k in 0..n {
        let via = r[k].clone();
        for row in r.iter_mut() {
            if row[k] {
                for (to, &reached) in row.iter_mut().zip(&via) {
                    *to |= reached;
                }
            }
        }
    }
    r
}

#[test]
fn y_is_upstream_of_x_iff_x_is_downstream_of_y() {
    runner(200)
        .run(&rows(PARTIES.len(), false, 30), |rows| {
            let case = load(&rows);
            let g = SupplyGraph::of_case(&case, None);
            let reach = closure(&g);
            let reached = |p, dir| -> BTreeSet<usize> {
                trace(&g, p, dir, None)
                    .reached
                    .iter()
                    .map(|(q, _)| q.index())
                    .collect()
            };
            let up: Vec<BTreeSet<usize>> = g
                .parties()
                .map(|p| reached(p, Direction::Upstream))
                .collect();
            let down: Vec<BTreeSet<usize>> = g
                .parties()
                .map(|p| reached(p, Direction::Downstream))
                .collect();
            for x in 0..g.node_count() {
                for y in 0..g.node_count() {
                    prop_assert_eq!(up[x].contains(&y), down[y].contains(&x), "{} {}", x, y);
                    // And both are what the closure says (a party never traces to itself).
                    prop_assert_eq!(down[x].contains(&y), x != y && reach[x][y], "{} {}", x, y);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn chain_shares_by_dynamic_programming_equal_enumeration_on_small_dags() {
    use wildchain::analysis::players::chain_share;
    runner(200)
        .run(&rows(8, true, 25), |rows| {
            let case = load(&rows);
            let g = SupplyGraph::of_case(&case, None);
            let all = chains(&g, None, 1_000_000);
            prop_assert!(!all.truncated && !all.cut);
            let total = all.chains.len() as f64;
            let share = chain_share(&g);
            for p in g.parties() {
                let on = all.chains.iter().filter(|c| c.path.contains(&p)).count();
                let want = if total == 0.0 { 0.0 } else { on as f64 / total };
                prop_assert!(
                    (share[p.index()] - want).abs() < 1e-9,
                    "party {}: DP {} vs {}/{} chains",
                    p.index(),
                    share[p.index()],
                    on,
                    total
                );
                // Chains through p are the chains that hold it.
                let through = chains(&g, Some(p), 1_000_000);
                prop_assert_eq!(through.chains.len(), on);
            }
            Ok(())
        })
        .unwrap();
}

/// Many rows, from a few generated ones repeated with their weights changed, so that polars cuts
/// the file into several chunks.
fn big_csv(rows: &[Row], copies: usize) -> Vec<u8> {
    let mut all = Vec::with_capacity(rows.len() * copies);
    for k in 0..copies {
        for r in rows {
            all.push(match r {
                Row::Good {
                    seller,
                    buyer,
                    species,
                    date,
                    ..
                } => Row::Good {
                    seller: *seller,
                    buyer: *buyer,
                    species: *species,
                    weight: format!("{}.{:03}kg", k % 97, (k * 7) % 1000),
                    mg: None,
                    date: *date,
                },
                other => other.clone(),
            });
        }
    }
    csv_of(&all)
}

#[test]
fn output_is_byte_identical_with_one_or_three_threads() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.csv");
    let file = file.to_str().unwrap().to_string();
    let rejects = |t: &str| dir.path().join(format!("rejects{t}.csv"));
    runner(8)
        .run(
            &(rows(PARTIES.len(), false, 20), 300usize..1500),
            |(rows, copies)| {
                std::fs::write(&file, big_csv(&rows, copies)).unwrap();
                let mut seen: HashMap<&str, Vec<Vec<u8>>> = HashMap::new();
                for t in ["1", "3"] {
                    let r = rejects(t);
                    let r = r.to_str().unwrap();
                    let run = |args: &[&str]| with_threads(Some(t), args);
                    let outs = vec![
                        run(&["-i", &file, "analyze", "--format", "json"]),
                        run(&["-i", &file, "--rejects", r, "links"]),
                        run(&["-i", &file, "totals", "--by", "month", "--format", "csv"]),
                        std::fs::read(r).unwrap(),
                    ];
                    seen.insert(t, outs);
                }
                for (k, what) in ["analyze", "links", "totals", "rejects"].iter().enumerate() {
                    prop_assert!(seen["1"][k] == seen["3"][k], "{} differs", what);
                }
                Ok(())
            },
        )
        .unwrap();
}

/// `analyze --format json` without what names the input file and its rows (rows or links, by
/// design different).
fn analyze(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["analyze", "--format", "json"]);
    let v: Value = serde_json::from_slice(&with_threads(None, &a)).expect("JSON");
    crate::analyses::without_row_references(v)
}

#[test]
fn links_read_back_with_links_give_the_same_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.csv");
    let file = file.to_str().unwrap().to_string();
    let links = dir.path().join("links.csv");
    let links = links.to_str().unwrap().to_string();
    runner(16)
        .run(&rows(PARTIES.len(), false, 40), |rows| {
            std::fs::write(&file, csv_of(&rows)).unwrap();
            with_threads(None, &["-i", &file, "links", "-o", &links]);
            let (mut from_rows, mut from_links) =
                (analyze(&["-i", &file]), analyze(&["--links", &links]));
            // By design (README, links): time analyses see one interval per link, so the running
            // stock of `balance` is walked over links, not rows, and may go below zero (or not)
            // where the rows' own dates say otherwise. Everything else must be the same.
            for v in [&mut from_rows, &mut from_links] {
                for b in v["balance"].as_array_mut().into_iter().flatten() {
                    b["negative_stock_date"] = Value::Null;
                    // Which rows had a cell problem is known to rows only (links have none).
                    if let Some(b) = b.as_object_mut() {
                        b.remove("problem_rows");
                        b.remove("first_problem_row");
                    }
                }
                if let Some(leads) = v["leads"].as_array_mut() {
                    leads.retain(|l| l["kind"] != "negative_stock");
                    // A negative stock may be a party's best finding, and one under the floor
                    // is counted in the quiet line: numbers, order and that count follow it.
                    leads.retain(|l| l["kind"] != "quiet_sources");
                    for l in leads.iter_mut() {
                        l["lead"] = Value::Null;
                        // Which rows had a cell problem is known to rows only (links have none).
                        if let Some(o) = l.as_object_mut() {
                            o.remove("problem_rows");
                        }
                        let detail = l["detail"].as_str().unwrap_or_default();
                        if let Some(at) = detail.find(" (rests on ") {
                            l["detail"] = Value::String(detail[..at].to_string());
                        }
                    }
                    leads.sort_by_key(|l| l.to_string());
                }
            }
            prop_assert_eq!(from_rows, from_links);
            Ok(())
        })
        .unwrap();
}
