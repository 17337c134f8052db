//! `wildchain report`: one self-contained HTML page, names escaped, checked in headless Chromium
//! (no console message, the diagram drawn, A4 pages); the screenshot is kept in target/report.png.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Tool, needs, needs_for, ok, run_env, run_with_stdin, with_locale};

/// The page of the embedded case (with extra arguments).
fn page(extra: &[&str]) -> String {
    let mut a = vec!["report"];
    a.extend(extra);
    ok(&a)
}

/// Runs headless Chromium on `page` with `args`; returns (stdout, stderr).
fn headless(browser: &str, page: &Path, args: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_page_is_self_contained() {
    let html = page(&[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for outside in [
        "src=",
        "href=\"http",
        "<link",
        "@import",
        "url(",
        "@font-face",
    ] {
        assert!(
            !html.contains(outside),
            "the page reaches outside: {outside}"
        );
    }
    // Every section, the diagram inline, the charts.
    for id in [
        "summary",
        "leads",
        "network",
        "species",
        "parties",
        "chains",
        "balance",
        "players",
        "provenance",
    ] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    if needs_for(Tool::Graphviz, "the inline SVG diagram").is_some() {
        assert!(
            html.contains("<figure class=\"diagram\"><svg"),
            "inline SVG diagram"
        );
    }
    assert!(!html.contains("<?xml"), "no XML declaration inside HTML");
    // The provenance of the 365 kg of 王锦蛇: the row it comes from (the page is Chinese: the
    // embedded case's names are).
    assert!(html.contains("<td>左某某</td><td>丁某某</td><td>王锦蛇</td><td class=\"num\" data-sort=\"1\">1</td><td>chenxi_case.csv（内置） 第 "), "{html}");
    // Unknown stays unknown in the charts: no bar for 野生蛇.
    assert!(
        !html.contains("<title>野生蛇"),
        "a bar for an unknown weight"
    );
}

#[test]
fn every_name_is_escaped() {
    let csv = "seller,buyer,species,weight,date\n<script>alert(1)</script>,\"a&b \"\"q\"\" 'x'\",<i>蛇</i>,1kg,2023-01\n";
    let out = run_with_stdin(&["-i", "-", "report"], csv.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<script>alert"), "a name became a script");
    assert!(!html.contains("<i>蛇"), "a name became markup");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        html.contains("a&amp;b &quot;q&quot; &apos;x&apos;"),
        "{html}"
    );
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the page's own script"
    );
}

#[test]
fn without_graphviz_the_page_says_in_its_language_that_the_diagram_needs_graphviz() {
    // A PATH with no `dot` on it.
    let dir = tempfile::tempdir().unwrap();
    let path = [("PATH", dir.path().to_str().unwrap())];
    let network = |html: &str| {
        let at = html
            .find("<section id=\"network\">")
            .expect("the network section");
        let end = at + html[at..].find("</section>").expect("its end");
        html[at..end].to_string()
    };
    let en = network(&run_env(&["report", "--lang", "en"], &path));
    assert!(!en.contains("<figure class=\"diagram\">"), "{en}");
    for words in [
        "The network diagram needs Graphviz",
        "<code>apt-get install graphviz fonts-wqy-microhei</code>",
        "<code>brew install graphviz</code>",
    ] {
        assert!(en.contains(words), "{words} not in {en}");
    }
    let zh = network(&run_env(&["report", "--lang", "zh"], &path));
    assert!(!zh.contains("<figure class=\"diagram\">"), "{zh}");
    for words in [
        "交易网络图需要 Graphviz",
        "<code>apt-get install graphviz fonts-wqy-microhei</code>",
    ] {
        assert!(zh.contains(words), "{words} not in {zh}");
    }
    assert!(
        !zh.contains("needs Graphviz"),
        "English in the Chinese page: {zh}"
    );
}

#[test]
fn the_page_reads_in_chinese() {
    let html = page(&["--lang", "zh"]);
    assert!(html.contains("<html lang=\"zh-CN\">"));
    for words in [
        "案件分析报告",
        "线索",
        "当事人（上游在前）",
        "<td>源头</td>",
        "<th>层级</th>",
        // Lead kinds, balance statuses and player labels are terms too.
        "<td>源头</td><td>左某某 出售",
        "<td>关键人物</td>",
        "<td>终端买家</td>",
        "<td>收购商、分销商、中间人、枢纽</td>",
    ] {
        assert!(html.contains(words), "{words}");
    }
    if needs_for(Tool::Graphviz, "the diagram's Chinese title").is_some() {
        assert!(html.contains("整个网络"), "the diagram's title");
    }
    for english in [
        "<td>key_party</td>",
        "<td>end_buyer</td>",
        "collector distributor",
    ] {
        assert!(!html.contains(english), "{english} in the Chinese page");
    }
    let env = run_env(&["report"], &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "")]);
    assert!(
        env.contains("案件分析报告"),
        "LANG=zh_CN.UTF-8 gives Chinese"
    );
}

#[test]
fn chromium_loads_the_page_cleanly_and_shows_the_diagram() {
    let Some(browser) = needs(Tool::Chromium) else {
        return;
    };
    let diagram = needs_for(Tool::Graphviz, "the diagram in Chromium").is_some();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.html");
    std::fs::write(&file, page(&[])).unwrap();
    // The DOM after scripts ran: the sort script finished, the diagram's nodes are there.
    let (dom, log) = headless(browser, &file, &["--dump-dom"]);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script did not finish:\n{log}"
    );
    assert!(
        !diagram || (dom.contains("class=\"node\"") && dom.contains("丁某某")),
        "no diagram"
    );
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    // A screenshot for people to look at.
    let shot = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/report.png");
    let _ = std::fs::remove_file(&shot);
    // `target/` is not there when the build goes to another CARGO_TARGET_DIR.
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    headless(
        browser,
        &file,
        &[
            "--hide-scrollbars",
            "--window-size=1100,2400",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    let png = std::fs::read(&shot).expect("target/report.png was written");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    // Printed: A4 pages (595 × 842 pt).
    let pdf = dir.path().join("case.pdf");
    headless(
        browser,
        &file,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("printed to PDF");
    let text = String::from_utf8_lossy(&bytes);
    let boxes: Vec<&str> = text
        .match_indices("/MediaBox [")
        .map(|(i, _)| &text[i + 11..])
        .collect();
    assert!(!boxes.is_empty(), "no page in the PDF");
    for b in boxes {
        let v: Vec<f64> = b
            .split(']')
            .next()
            .unwrap()
            .split_whitespace()
            .map(|x| x.parse().unwrap())
            .collect();
        // A4 is 595.3 × 841.9 pt (US Letter would be 612 × 792).
        assert!(
            (v[2] - 595.3).abs() < 1.0 && (v[3] - 841.9).abs() < 1.0,
            "not A4: {v:?}"
        );
    }
}

#[test]
fn a_case_of_chinese_names_gets_a_chinese_page_unless_asked_otherwise() {
    let zh = "<html lang=\"zh-CN\">";
    let en = "<html lang=\"en\">";
    // Neither --lang nor a locale that names a language: the 辰溪 names decide.
    for locale in [None, Some("C.UTF-8"), Some("POSIX")] {
        let html = with_locale(&["report"], locale);
        assert!(
            html.contains(zh) && html.contains("案件分析报告"),
            "{locale:?}"
        );
    }
    // Asked: --lang or an English locale wins over the names.
    assert!(with_locale(&["report", "--lang", "en"], None).contains(en));
    assert!(with_locale(&["report"], Some("en_US.UTF-8")).contains(en));
    // A case of Latin names stays English.
    let diamond = crate::util::fixture("diamond.csv");
    assert!(with_locale(&["-i", &diamond, "report"], None).contains(en));
    // Tables on a terminal keep following the locale, whatever the names.
    let text = with_locale(&["analyze"], Some("C.UTF-8"));
    assert!(text.starts_with("Case: "), "{text}");
}

// ---- The report as a case-file document (issue 22) ----

/// A case as an officer types it: Chinese headers, 斤 and kg, spaces and full-width spaces round
/// names, a source column, a market buying from two collectors, two typings of one name, a
/// species the table does not know, a refused row, and one very heavy row (36,651,085.9 斤 =
/// 18,325,542.95 kg).
const OFFICER_CASE: &str = "上家,下家,品种,重量,单位,交易日期,来源\n\
瞿某青,朱某某,王锦蛇,60,斤,2022-04-01,询问笔录 第3页\n\
瞿某清,朱某某,王锦蛇, 20 ,kg,2022-04-02,询问笔录 第4页\n\
左某某 ,丁某某,王锦蛇,100,斤,2022-04-03,微信转账记录\n\
朱某某,丁某某,王锦蛇,70,kg,2022-04-05,询问笔录 第5页\n\
丁某某,怀化市场,王锦蛇,80,kg,2022-04-08,扣押清单\n\
朱某某,怀化市场,王锦蛇,10,kg,2022-04-09,扣押清单\n\
丁某某,长沙餐馆,王锦蛇,30,kg,2022-04-10,扣押清单\n\
左某某,丁某某,某种怪蛇,5,斤,2022-04-11,询问笔录 第6页\n\
何某,丁某某,王锦蛇,36651085.9,斤,2022-05-01,账本\n\
,丁某某,王锦蛇,3,kg,2022-05-02,账本\n";

/// The page of `csv` (written to a file) with `extra` arguments and `SOURCE_DATE_EPOCH` set;
/// also returns the file's path and its directory.
fn officer_page(csv: &str, extra: &[&str]) -> (String, String, tempfile::TempDir) {
    let (dir, path) = crate::util::file("笔录汇总.csv", csv);
    let mut a = vec!["-i", path.as_str(), "report"];
    a.extend(extra);
    let html = run_env(&a, &[("SOURCE_DATE_EPOCH", "1700000000")]);
    (html, path, dir)
}

/// The text of the section `id` (from its start tag to the next section's).
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = at + html[at..].find("</section>").expect("its end");
    &html[at..end]
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_header_names_the_case_the_analyst_the_time_the_version_and_each_input_hash() {
    let (html, path, _dir) = officer_page(
        OFFICER_CASE,
        &["--case", "辰溪县森林公安局 2022-017", "--analyst", "李警官"],
    );
    let header = &html[..html.find("</header>").expect("a header")];
    let hash = sha256_hex(&std::fs::read(&path).unwrap());
    for field in [
        "辰溪县森林公安局 2022-017",
        "李警官",
        // SOURCE_DATE_EPOCH=1700000000.
        "2023-11-14 22:13:20（协调世界时）",
        concat!("wildchain ", env!("CARGO_PKG_VERSION")),
        hash.as_str(),
        "笔录汇总.csv",
    ] {
        assert!(header.contains(field), "{field} not in {header}");
    }
    assert!(html.contains("<title>案件分析报告 · 辰溪县森林公安局 2022-017</title>"));
    // The embedded case is hashed from its bytes: those of data/chenxi_case.csv.
    let embedded = page(&[]);
    let bytes = std::fs::read(crate::util::repo_file("data/chenxi_case.csv")).unwrap();
    assert!(embedded.contains(&sha256_hex(&bytes)), "embedded case hash");
    // Without the options the header says they were not given; the time follows the clock.
    assert!(embedded.contains("未填写") || embedded.contains("not given"));
    // Two runs with the same SOURCE_DATE_EPOCH give the same page.
    let (again, path2, _dir2) = officer_page(
        OFFICER_CASE,
        &["--case", "辰溪县森林公安局 2022-017", "--analyst", "李警官"],
    );
    assert_eq!(
        html.replace(&*path, "FILE"),
        again.replace(&*path2, "FILE"),
        "the page is reproducible"
    );
}

/// The sections of the case-file document, in order.
const SECTIONS: [&str; 13] = [
    "summary",
    "leads",
    "network",
    "around-leads",
    "data-quality",
    "money",
    "networks",
    "parties",
    "chains",
    "species",
    "balance",
    "players",
    "provenance",
];

#[test]
fn every_section_is_there_in_order_in_chinese_and_english() {
    for (lang, words) in [
        (
            "en",
            [
                "Top leads",
                "Rows refused",
                "Cells left unknown",
                "Probable duplicate names",
                "Species not in the species table",
                "Money and the value chain",
                "Networks and cycles",
            ],
        ),
        (
            "zh",
            [
                "主要线索",
                "被拒绝的行",
                "不明的单元格",
                "可能重复的名称",
                "不在物种表中的物种",
                "资金与价值链",
                "独立网络与循环",
            ],
        ),
    ] {
        let (html, _, _dir) = officer_page(OFFICER_CASE, &["--lang", lang]);
        let mut at = 0;
        for id in SECTIONS {
            let here = html
                .find(&format!("<section id=\"{id}\">"))
                .unwrap_or_else(|| panic!("{lang}: no section {id}"));
            assert!(here > at, "{lang}: {id} out of order");
            at = here;
        }
        for w in words {
            assert!(html.contains(w), "{lang}: {w}");
        }
        // What the data-quality section is fed from: the refused row (empty seller), the two
        // typings of one name, the species the table does not know.
        let q = section(&html, "data-quality");
        // Line 11 of the file: the header is line 1.
        let refused = if lang == "zh" { "第 11 行" } else { "row 11" };
        for fact in [refused, "瞿某清 / 瞿某青", "某种怪蛇"] {
            assert!(q.contains(fact), "{lang}: {fact} not in {q}");
        }
        // Provenance carries the source text.
        assert!(
            section(&html, "provenance").contains("询问笔录 第5页"),
            "{lang}"
        );
    }
    // `value` only with --values.
    let (plain, _, _d) = officer_page(OFFICER_CASE, &[]);
    assert!(!plain.contains("<section id=\"value\">"));
    let values = crate::util::fixture("base_values.csv");
    let with = page(&["--values", &values, "--lang", "en"]);
    assert!(
        with.contains("<section id=\"value\">"),
        "no value section with --values"
    );
    assert!(
        with.contains(&sha256_hex(&std::fs::read(&values).unwrap())),
        "--values is hashed"
    );
}

#[test]
fn large_figures_have_thousands_separators_and_shares_are_percentages() {
    let (html, _, _dir) = officer_page(OFFICER_CASE, &["--lang", "en"]);
    let summary = section(&html, "summary");
    // 36,651,085.9 斤 + the rest: the known weight has separators, and no long run of digits
    // is left anywhere in the summary.
    assert!(summary.contains("18,325,"), "{summary}");
    let digits = summary
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(digits < 5, "a figure without separators: {summary}");
    // Shares read as percentages in every table that has them.
    for id in ["players", "parties"] {
        let s = section(&html, id);
        let Some(col) = s
            .split("<th>")
            .skip(1)
            .position(|th| th.starts_with("chain share"))
        else {
            continue;
        };
        for row in s.split("<tr>").skip(2) {
            let cell = row.split("<td").nth(col + 1).unwrap_or("");
            let text = &cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()];
            assert!(
                text.ends_with('%') || text.is_empty(),
                "{id}: a share written as a fraction: {text}"
            );
        }
    }
    // Anywhere: no chain share as 0.333 or 0.667.
    assert!(!html.contains(">0.333<") && !html.contains(">0.667<"));
}

#[test]
fn a_market_buying_from_several_suppliers_is_not_labelled_a_collector() {
    let (html, _, _dir) = officer_page(OFFICER_CASE, &["--lang", "en"]);
    let players = section(&html, "players");
    let row = players
        .split("<tr>")
        .find(|r| r.contains("<td>怀化市场</td>"))
        .expect("the market among the players");
    assert!(!row.contains("collector"), "{row}");
    // 朱某某 buys from two and sells on: a collector.
    let zhu = players
        .split("<tr>")
        .find(|r| r.contains("<td>朱某某</td>"))
        .expect("朱某某");
    assert!(zhu.contains("collector"), "{zhu}");
}

/// The boxes of a DOT drawing: (id, attributes) of each node statement.
fn boxes(dot: &str) -> Vec<(String, String)> {
    dot.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"') && l.contains("[label=") && !l.contains("->"))
        .map(|l| {
            let end = l[1..].find("\"[").expect("an id") + 1;
            (l[1..end].to_string(), l[end + 1..].to_string())
        })
        .collect()
}

#[test]
fn the_overview_fits_a_page_keeps_the_top_leads_apart_and_counts_what_it_draws() {
    let dir = tempfile::tempdir().unwrap();
    let case = crate::util::generated(dir.path(), 20_000, 1);
    let dot = ok(&["-i", &case, "dot", "--lang", "en"]);
    let b = boxes(&dot);
    assert!(b.len() <= 45, "{} boxes", b.len());
    // The parties of the first 5 leads: drawn on their own, outlined.
    let leads = crate::util::json(&["-i", &case, "analyze"]);
    let mut wanted: Vec<String> = Vec::new();
    for l in leads["leads"].as_array().unwrap().iter().take(5) {
        for p in l["parties"].as_array().unwrap() {
            wanted.push(p.as_str().unwrap().to_string());
        }
    }
    assert!(!wanted.is_empty());
    for p in &wanted {
        let (_, attrs) = b
            .iter()
            .find(|(id, _)| id == p)
            .unwrap_or_else(|| panic!("{p} folded into a group"));
        assert!(
            attrs.contains("color=\"#c0392b\""),
            "{p} not outlined: {attrs}"
        );
    }
    // The title counts what is drawn.
    let groups = b
        .iter()
        .filter(|(id, _)| id.starts_with("wildchain:group:"))
        .count();
    let alone = b.len() - groups;
    let grouped: usize = b
        .iter()
        .filter(|(id, _)| id.starts_with("wildchain:group:"))
        .map(|(_, a)| {
            let label = &a[a.find("label=\"").unwrap() + 7..];
            label
                .split(|c: char| !c.is_ascii_digit())
                .find(|s| !s.is_empty())
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    let title = format!("{alone} drawn on their own");
    assert!(dot.contains(&title), "{title} not in the title");
    assert!(
        dot.contains(&format!("{grouped} others in {groups} groups")),
        "{grouped} others in {groups} groups"
    );
    assert!(!dot.contains("intermediarys"));
    // --max-nodes still sets it.
    assert!(boxes(&ok(&["-i", &case, "dot", "--max-nodes", "80"])).len() > 45);
}

#[test]
fn line_width_shows_a_party_that_sells_far_more_than_it_bought() {
    let dir = tempfile::tempdir().unwrap();
    let case = crate::util::generated(dir.path(), 20_000, 1);
    // The generator's laundering farm: 50 kg in, 6,000 kg out.
    let farm = "广西某养殖场9002";
    let dot = ok(&[
        "-i",
        &case,
        "dot",
        "--party",
        farm,
        "--depth",
        "1",
        "--species",
        "王锦蛇",
        "--max-nodes",
        "0",
    ]);
    let width = |l: &str| -> f64 {
        let a = &l[l.find("penwidth=\"").expect("a width") + 10..];
        a[..a.find('"').unwrap()].parse().unwrap()
    };
    let arrows: Vec<&str> = dot.lines().filter(|l| l.contains("->")).collect();
    let into: Vec<f64> = arrows
        .iter()
        .filter(|l| l.contains(&format!("-> \"{farm}\"")))
        .map(|l| width(l))
        .collect();
    let out: Vec<f64> = arrows
        .iter()
        .filter(|l| l.trim_start().starts_with(&format!("\"{farm}\" ->")))
        .map(|l| width(l))
        .collect();
    let (max_in, max_out) = (
        into.iter().copied().fold(0.0, f64::max),
        out.iter().copied().fold(0.0, f64::max),
    );
    assert!(max_in > 0.0 && max_out > 0.0, "{dot}");
    assert!(max_out >= 3.0 * max_in, "in {max_in} pt, out {max_out} pt");
}

#[test]
fn the_report_says_how_many_leads_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let case = crate::util::generated(dir.path(), 20_000, 1);
    let v = crate::util::json(&["-i", &case, "analyze"]);
    let quiet = (v["leads"].as_array().unwrap().iter())
        .filter(|l| l["kind"] == "quiet_sources")
        .count();
    // The quiet sources' line is shown beside the leads, not counted among those left out.
    let all = v["leads"].as_array().unwrap().len() - quiet;
    assert!(all > 10, "{all} leads");
    let en = ok(&["-i", &case, "report", "--lang", "en"]);
    let leads = section(&en, "leads");
    assert!(
        leads.contains(
            &format!("and {} more leads", all - 10)
                .replace(&(all - 10).to_string(), &group(all - 10))
        ),
        "{leads}"
    );
    assert_eq!(
        leads.matches("<tr>").count(),
        11 + quiet,
        "the header, 10 leads and the quiet sources' line"
    );
    let zh = ok(&["-i", &case, "report", "--lang", "zh"]);
    assert!(section(&zh, "leads").contains(&format!("另有 {} 条线索", group(all - 10))));
    // One small picture around each top lead's party.
    if needs_for(Tool::Graphviz, "the pictures around the leads").is_some() {
        let around = section(&en, "around-leads");
        assert!(
            around
                .matches("<figure class=\"diagram small\"><svg")
                .count()
                >= 1
        );
    }
}

/// `n` as the report writes figures: separators from four digits on.
fn group(n: usize) -> String {
    let s = n.to_string();
    if s.len() < 4 {
        return s;
    }
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
