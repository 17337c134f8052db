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
