//! `wildchain disrupt`: what removing parties, a province or a link costs; key players; the
//! smallest cut of known kg.

use crate::util::{fails, file, json, ok, repo_file};

/// The embedded 辰溪 case: every chain runs through 丁某某.
#[test]
fn removing_ding_cuts_every_chain_and_every_source_sink_pair() {
    let v = json(&["disrupt", "--remove", "丁某某"]);
    let r = &v["removal"];
    let chains = r["chains"].as_u64().unwrap();
    assert_eq!(chains, 6, "{v}");
    assert_eq!(r["chains_cut"].as_u64(), Some(chains));
    let pairs = r["pairs"].as_u64().unwrap();
    assert!(pairs > 0);
    assert_eq!(r["pairs_disconnected"].as_u64(), Some(pairs));
    assert_eq!(r["removed"]["parties"][0], "丁某某");
    // The weights into the buyers are unknown in the report: unknown, not zero.
    assert!(r["no_longer_reaching"]["known_kg"].is_null(), "{v}");
    assert!(
        r["no_longer_reaching"]["unknown_weight_transactions"]
            .as_u64()
            .unwrap()
            > 0
    );
    let text = ok(&["--lang", "en", "disrupt", "--remove", "丁某某"]);
    assert!(text.contains("chains cut: 6 of 6"), "{text}");
    assert!(
        text.contains(&format!("pairs disconnected: {pairs} of {pairs}")),
        "{text}"
    );
    assert!(text.contains("rows of unknown weight"), "{text}");
}

#[test]
fn best_one_names_ding() {
    let v = json(&["disrupt", "--best", "1"]);
    let steps = v["best"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0]["party"], "丁某某");
    assert_eq!(steps[0]["pairs_disconnected"], v["best"]["pairs"]);
    assert_eq!(steps[0]["pairs_left"].as_u64(), Some(0));
}

#[test]
fn a_typed_wrong_party_names_the_closest() {
    let err = fails(&["--lang", "en", "disrupt", "--remove", "丁某"], 1);
    assert!(err.contains("丁某"), "{err}");
    assert!(err.contains("did you mean '丁某某'"), "{err}");
}

#[test]
fn a_link_that_is_not_in_the_data_is_a_usage_error() {
    let err = fails(
        &["--lang", "en", "disrupt", "--remove", "瞿某青->丁某某"],
        2,
    );
    assert!(err.contains("no link"), "{err}");
}

/// Removing one link cuts the chains through it only: 朱某某's two suppliers, each to two buyers.
#[test]
fn removing_a_link_cuts_the_chains_through_it() {
    let v = json(&["disrupt", "--remove", "朱某某->丁某某"]);
    let r = &v["removal"];
    assert_eq!(r["chains_cut"].as_u64(), Some(4), "{v}");
    assert_eq!(r["removed"]["links"][0], "朱某某->丁某某");
    // 左某某 still reaches both buyers.
    assert_eq!(
        r["pairs"].as_u64().unwrap() - r["pairs_disconnected"].as_u64().unwrap(),
        2
    );
}

/// With the parties file, a province is removed: every party placed in 湖南 (朱某某, 左某某,
/// 丁某某, the Hunan buyers), none of unknown place.
#[test]
fn removing_a_province_removes_its_parties() {
    let parties = repo_file("data/chenxi_parties.csv");
    let v = json(&[
        "--parties",
        &parties,
        "disrupt",
        "--remove-province",
        "湖南",
    ]);
    let r = &v["removal"];
    assert_eq!(r["removed"]["provinces"][0], "湖南省");
    assert_eq!(r["chains_cut"], r["chains"]);
    let v = json(&[
        "--parties",
        &parties,
        "disrupt",
        "--remove-province",
        "广西",
    ]);
    // Only the chains ending at the Guangxi buyers: one per source.
    assert_eq!(v["removal"]["chains_cut"].as_u64(), Some(3), "{v}");
    fails(
        &[
            "--parties",
            &parties,
            "disrupt",
            "--remove-province",
            "火星",
        ],
        2,
    );
}

/// A file typed as an officer types it: Chinese headers, 斤 and 公斤, a weight left empty. The
/// known kg lost is the known part only; the empty weight is counted apart, not as zero.
#[test]
fn lost_kg_is_the_known_part_and_the_cut_says_what_is_unknown() {
    let (_dir, path) = file(
        "案件.csv",
        "卖方,买方,物种,重量\n甲某,乙某,王锦蛇,10斤\n乙某,丙某,王锦蛇,4公斤\n乙某,丁某,王锦蛇,\n",
    );
    let v = json(&["-i", &path, "disrupt", "--remove", "乙某"]);
    let lost = &v["removal"]["no_longer_reaching"];
    assert_eq!(lost["known_kg"].as_f64(), Some(4.0), "{v}");
    assert_eq!(lost["unknown_weight_transactions"].as_u64(), Some(1));
    let cut = &v["min_cut"];
    assert_eq!(cut["known_kg"].as_f64(), Some(4.0), "{v}");
    assert_eq!(cut["unknown_weight_links"].as_u64(), Some(1), "{v}");
    let csv = ok(&[
        "-i", &path, "disrupt", "--remove", "乙某", "--format", "csv",
    ]);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("finding,step,removed,"));
    assert!(csv.contains("removal,,乙某,"), "{csv}");
    assert!(csv.contains("min_cut,,乙某->丙某,"), "{csv}");
}

#[test]
fn chinese_output_is_chinese() {
    let text = ok(&[
        "--lang",
        "zh",
        "disrupt",
        "--remove",
        "丁某某",
        "--best",
        "1",
    ]);
    for w in [
        "移除：丁某某",
        "被切断的链条：6 条（共 6 条）",
        "关键人物",
        "最小割",
        "重量不明",
    ] {
        assert!(text.contains(w), "{w} missing in:\n{text}");
    }
    for w in ["chains cut", "pairs", "unknown", "Key players"] {
        assert!(!text.contains(w), "English {w} in:\n{text}");
    }
}

/// `dot --cluster province` frames the parties by province, with the provinces' Chinese names,
/// and leaves the parties of unknown place (瞿某青, 瞿某海) outside every frame; a case without
/// places has no frame.
#[test]
fn dot_clusters_by_province() {
    let parties = repo_file("data/chenxi_parties.csv");
    let dot = ok(&["--parties", &parties, "dot", "--cluster", "province"]);
    let clusters = dot.matches("subgraph cluster").count();
    assert_eq!(clusters, 2, "{dot}");
    for name in ["湖南", "广西"] {
        assert!(dot.contains(name), "{name} missing:\n{dot}");
    }
    // The embedded case reads its parties file: the same frames.
    let embedded = ok(&["dot", "--cluster", "province"]);
    assert_eq!(
        embedded.matches("subgraph cluster").count(),
        2,
        "{embedded}"
    );
    // Without places (the case file alone), no frame.
    let case = repo_file("data/chenxi_case.csv");
    let plain = ok(&["-i", &case, "dot", "--cluster", "province"]);
    assert_eq!(plain.matches("subgraph cluster").count(), 0, "{plain}");
}

/// `dot --provinces` draws the two tiles and the arrow from 湖南 to 广西; with Graphviz here, the
/// SVG is well-formed.
#[test]
fn dot_provinces_draws_the_route_from_hunan_to_guangxi() {
    let parties = repo_file("data/chenxi_parties.csv");
    let dot = ok(&["--parties", &parties, "dot", "--provinces"]);
    assert!(dot.contains("湖南") && dot.contains("广西"), "{dot}");
    assert!(dot.contains("layout=\"neato\""), "{dot}");
    // One arrow: 湖南 (430000) to 广西 (450000); the flows within Hunan are written in its tile.
    assert!(dot.contains("\"p430000\" -> \"p450000\""), "{dot}");
    assert_eq!(dot.matches(" -> ").count(), 1, "{dot}");
    if crate::util::needs(crate::util::Tool::Graphviz).is_some() {
        let svg = ok(&[
            "--parties",
            &parties,
            "dot",
            "--provinces",
            "--render",
            "svg",
        ]);
        assert!(
            svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
            "{svg}"
        );
        assert!(svg.contains("湖南"), "{svg}");
    }
}

/// The report gets a "Places" section when some place is known, in either language: the route
/// 湖南 → 广西, the broker 丁某某 and what removing it disconnects; none without places.
#[test]
fn the_report_has_a_places_section_when_places_are_known() {
    let dir = tempfile::tempdir().unwrap();
    let parties = repo_file("data/chenxi_parties.csv");
    for (lang, words) in [
        (
            "en",
            [
                "Places",
                "Routes of the chains",
                "Removing 丁某某 disconnects 6 of 6",
            ],
        ),
        (
            "zh",
            ["地域", "链条路线", "移除丁某某断开 6 对源头—终端中的 6 对"],
        ),
    ] {
        let out = dir
            .path()
            .join(format!("r-{lang}.html"))
            .display()
            .to_string();
        ok(&["--parties", &parties, "--lang", lang, "report", "-o", &out]);
        let html = std::fs::read_to_string(&out).unwrap();
        let at = html.find("id=\"places\"").expect("a places section");
        let section = &html[at..at + html[at..].find("</section>").unwrap()];
        for w in words {
            assert!(section.contains(w), "{w} missing ({lang})");
        }
        assert!(section.contains("湖南 → 湖南 → 广西"), "{lang}");
        assert!(section.contains("丁某某"), "{lang}");
    }
    let out = dir.path().join("plain.html").display().to_string();
    let case = repo_file("data/chenxi_case.csv");
    ok(&["-i", &case, "report", "-o", &out]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("id=\"places\""));
}
