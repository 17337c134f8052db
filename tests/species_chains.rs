//! Chains that follow one species: on a file typed as an officer would type it, and on a case built
//! here whose truth (every chain, its species and bottleneck, every party's chain share) is worked
//! out by brute force, independently of wildchain.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::util::{file, json};

/// (path, species or "-", bottleneck in grams) of every chain of a `chains` JSON result.
type Listed = Vec<(String, String, Option<i64>)>;

fn listed(v: &Value) -> Listed {
    assert_eq!(v["truncated"], false, "{v}");
    v["chains"]
        .as_array()
        .expect("chains")
        .iter()
        .map(|c| {
            let path: Vec<&str> = (c["path"].as_array().unwrap().iter())
                .map(|p| p.as_str().unwrap())
                .collect();
            (
                path.join(">"),
                c["species"].as_str().unwrap_or("-").to_string(),
                c["bottleneck_kg"]
                    .as_f64()
                    .map(|kg| (kg * 1000.0).round() as i64),
            )
        })
        .collect()
}

/// A file typed by hand: Chinese headers, 斤 and 公斤, a full-width figure, a Chinese numeral,
/// aliases (舟山眼镜蛇 is 眼镜蛇, 大王蛇 is 王锦蛇), stray spaces, dates written four ways.
const OFFICER: &str = "出售人,收购人,物种,重量,日期
张三, 李四 ,舟山眼镜蛇,２０斤,2023年3月
李四,王五,王锦蛇,30 斤,2023-3-5
孙七,周八,野生蛇,十斤,
钱一,吴二,大王蛇,40斤,2023.4.1
吴二,郑三,野生蛇,100斤,2023/4/9
吴二,冯四,野生蛇,,2023年4月
吴二,陈五,王锦蛇,10斤,2023-04-20
";

#[test]
fn cobras_sold_on_as_king_rat_snakes_make_no_chain_of_one_species() {
    let (_dir, path) = file("手录.csv", OFFICER);
    let got = listed(&json(&["-i", &path, "chains"]));
    // 张三 sold cobras to 李四, who sold king rat snakes to 王五: no one species moves from 张三
    // to 王五, though 野生蛇 (which may include both) is in the case.
    assert!(got.iter().all(|(p, _, _)| p != "张三>李四>王五"), "{got:?}");
    let want: Listed = vec![
        // 20 kg of 王锦蛇 went on as 野生蛇 (which may include it): a chain of 野生蛇.
        ("钱一>吴二>郑三".into(), "野生蛇".into(), Some(20_000)),
        ("孙七>周八".into(), "野生蛇".into(), Some(5_000)),
        // 王锦蛇 end to end: its own bottleneck, not the 50 kg of 野生蛇 吴二 also sold.
        ("钱一>吴二>陈五".into(), "王锦蛇".into(), Some(5_000)),
        // A link with no known weight: unknown, not zero, and listed last.
        ("钱一>吴二>冯四".into(), "野生蛇".into(), None),
    ];
    assert_eq!(got, want);
}

#[test]
fn any_species_reads_the_network_whatever_each_link_carries() {
    let (_dir, path) = file("手录.csv", OFFICER);
    let got = listed(&json(&["-i", &path, "chains", "--any-species"]));
    let want: Listed = vec![
        ("钱一>吴二>郑三".into(), "-".into(), Some(20_000)),
        // Back with --any-species: 10 kg of cobras, then 15 kg of king rat snakes.
        ("张三>李四>王五".into(), "-".into(), Some(10_000)),
        ("孙七>周八".into(), "-".into(), Some(5_000)),
        ("钱一>吴二>陈五".into(), "-".into(), Some(5_000)),
        ("钱一>吴二>冯四".into(), "-".into(), None),
    ];
    assert_eq!(got, want);
}

#[test]
fn chains_come_by_kg_then_hops_in_tables_too() {
    let (_dir, path) = file("手录.csv", OFFICER);
    let out = crate::util::ok(&["-i", &path, "--lang", "zh", "chains"]);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{out}");
    // 20 kg, then 5 kg in 1 hop before 5 kg in 2, then unknown.
    for (row, starts) in rows
        .iter()
        .zip(["钱一 > 吴二 > 郑三", "孙七", "钱一 > 吴二 > 陈五"])
    {
        assert!(row.starts_with(starts), "{out}");
    }
    assert!(
        rows[3].contains("不明") && rows[3].contains("野生蛇"),
        "{out}"
    );
    assert!(out.lines().nth(1).unwrap().contains("物种"), "{out}");
}

/// The rows of each (seller, buyer) link of a built case: (label, grams or unknown).
type Links = BTreeMap<(String, String), Vec<(&'static str, Option<i64>)>>;

/// The labels the built case uses, and which include which (the species table's rules: a generic
/// label includes the species of its group, a genus its species).
const LABELS: [&str; 6] = [
    "眼镜蛇",
    "王锦蛇",
    "黑眉锦蛇",
    "野生蛇",
    "中华穿山甲",
    "穿山甲属",
];

fn includes(k: &str, l: &str) -> bool {
    k == l
        || (k == "野生蛇" && ["眼镜蛇", "王锦蛇", "黑眉锦蛇"].contains(&l))
        || (k == "穿山甲属" && l == "中华穿山甲")
}

/// A layered case (sources, collectors, dealers, markets; a few links skip a layer), each link
/// with one to three labels, each label one to three rows of 斤 or 公斤 or no weight. Returns the
/// CSV and, per link, the rows as (label, grams or unknown).
#[allow(clippy::type_complexity)]
fn built_case(
    seed: u64,
) -> (
    String,
    BTreeMap<(String, String), Vec<(&'static str, Option<i64>)>>,
) {
    let mut state = seed;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let layers: Vec<Vec<String>> = [("源", 7), ("收购点", 4), ("老板", 3), ("市场", 4)]
        .iter()
        .map(|(w, n)| (0..*n).map(|i| format!("{w}{i}")).collect())
        .collect();
    let mut links: Links = BTreeMap::new();
    for l in 0..layers.len() - 1 {
        for seller in &layers[l] {
            // Every party sells to someone; sometimes past the next layer.
            let to = if l + 2 < layers.len() && next(5) == 0 {
                l + 2
            } else {
                l + 1
            };
            for _ in 0..1 + next(2) {
                let buyer = &layers[to][next(layers[to].len() as u64) as usize];
                let rows = links.entry((seller.clone(), buyer.clone())).or_default();
                for _ in 0..1 + next(2) {
                    let label = LABELS[next(LABELS.len() as u64) as usize];
                    for _ in 0..1 + next(2) {
                        let grams = (next(7) != 0).then(|| 500 * (1 + next(400) as i64));
                        rows.push((label, grams));
                    }
                }
            }
        }
    }
    let mut csv = String::from("出售人,收购人,物种,重量,日期\n");
    for ((s, b), rows) in &links {
        for (i, (label, grams)) in rows.iter().enumerate() {
            let weight = match grams {
                None => String::new(),
                Some(g) if i % 2 == 0 => format!("{}斤", g / 500),
                Some(g) => format!("{}公斤", *g as f64 / 1000.0),
            };
            csv.push_str(&format!(
                "{s},{b},{label},{weight},2023年{}月\n",
                1 + i % 12
            ));
        }
    }
    (csv, links)
}

/// Every source-to-sink path of the built case (it has no cycle), as lists of parties.
fn network_paths(links: &Links) -> Vec<Vec<String>> {
    let buyers: BTreeSet<&String> = links.keys().map(|(_, b)| b).collect();
    let sellers: BTreeSet<&String> = links.keys().map(|(s, _)| s).collect();
    let mut out = Vec::new();
    let mut stack: Vec<Vec<String>> = (sellers.iter())
        .filter(|s| !buyers.contains(*s))
        .map(|s| vec![(*s).clone()])
        .collect();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        if !sellers.contains(last) {
            out.push(path);
            continue;
        }
        for (_, b) in links.keys().filter(|(s, _)| s == last) {
            let mut p = path.clone();
            p.push(b.clone());
            stack.push(p);
        }
    }
    out
}

/// The weight a link carries of label `k` (or of anything when `k` is `None`): the sum of the known
/// weights of the rows it includes; `None` when none is known. `Err` when it carries none.
fn carried(rows: &[(&str, Option<i64>)], k: Option<&str>) -> Result<Option<i64>, ()> {
    let mine: Vec<Option<i64>> = (rows.iter())
        .filter(|(l, _)| k.is_none_or(|k| includes(k, l)))
        .map(|(_, g)| *g)
        .collect();
    if mine.is_empty() {
        return Err(());
    }
    let known: Vec<i64> = mine.into_iter().flatten().collect();
    Ok((!known.is_empty()).then(|| known.iter().sum()))
}

/// The truth: every (path, label, bottleneck) by brute force, `-` for the network reading.
fn truth(links: &Links, any: bool) -> Listed {
    let mut out = Vec::new();
    for path in network_paths(links) {
        let rows: Vec<&Vec<(&str, Option<i64>)>> = path
            .windows(2)
            .map(|w| &links[&(w[0].clone(), w[1].clone())])
            .collect();
        let kinds: Vec<Option<&str>> = if any {
            vec![None]
        } else {
            LABELS.iter().map(|l| Some(*l)).collect()
        };
        for k in kinds {
            let Ok(each) = rows
                .iter()
                .map(|r| carried(r, k))
                .collect::<Result<Vec<_>, ()>>()
            else {
                continue;
            };
            // A chain of k has a link that carries k by its own name.
            if let Some(k) = k
                && !rows.iter().any(|r| r.iter().any(|(l, _)| *l == k))
            {
                continue;
            }
            let bottleneck = each.iter().try_fold(i64::MAX, |m, g| g.map(|g| m.min(g)));
            out.push((path.join(">"), k.unwrap_or("-").to_string(), bottleneck));
        }
    }
    out
}

fn sorted(mut v: Listed) -> Listed {
    v.sort();
    v
}

#[test]
fn every_chain_of_a_built_case_carries_one_species_with_its_own_bottleneck() {
    let mut species_chains = 0;
    let mut mixed_paths = 0;
    for seed in [7, 11, 2024, 99991] {
        let (csv, links) = built_case(seed);
        let (_dir, path) = file("built.csv", &csv);
        let args = ["-i", path.as_str(), "chains", "--limit", "100000"];
        let got = listed(&json(&args));
        let want = truth(&links, false);
        assert_eq!(sorted(got.clone()), sorted(want.clone()), "seed {seed}");
        species_chains += got.len();
        // Ordered by kg (known, largest first; unknown last), then hops.
        let key = |(p, _, kg): &(String, String, Option<i64>)| {
            (std::cmp::Reverse(*kg), p.matches('>').count())
        };
        assert!(
            got.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
            "seed {seed}: {got:?}"
        );

        // --any-species: every network path once, its bottleneck of any goods.
        let mut args = args.to_vec();
        args.push("--any-species");
        let net = listed(&json(&args));
        assert_eq!(
            sorted(net.clone()),
            sorted(truth(&links, true)),
            "seed {seed}"
        );
        let on_species: BTreeSet<&String> = got.iter().map(|c| &c.0).collect();
        mixed_paths += net.iter().filter(|c| !on_species.contains(&c.0)).count();
    }
    // The built cases have both: chains of one species, and paths along which none moves.
    assert!(
        species_chains > 20 && mixed_paths > 5,
        "{species_chains} {mixed_paths}"
    );
}

#[test]
fn chain_share_counts_the_chains_of_one_species() {
    let (csv, links) = built_case(2024);
    let (_dir, path) = file("built.csv", &csv);
    let chains = truth(&links, false);
    let v = json(&["-i", &path, "players"]);
    for p in v["players"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let on = chains
            .iter()
            .filter(|(path, _, _)| path.split('>').any(|q| q == name))
            .count();
        let want = on as f64 / chains.len() as f64;
        let got = p["chain_share"].as_f64().unwrap();
        assert!((got - want).abs() < 1e-9, "{name}: {got} vs {want}");
    }
}
