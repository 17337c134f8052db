//! `--render svg|png|pdf`: pictures drawn by Graphviz, with Chinese names as text, and a clear
//! error (exit 1, how to install) when Graphviz is missing.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::{Tool, fails, needs, needs_for, ok, run_with_stdin};

/// Runs wildchain in `dir` with `args` and extra environment variables.
fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wildchain"));
    c.args(args).current_dir(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("wildchain runs")
}

/// Draws `args` with `--render KIND -o FILE` and returns the file's bytes.
fn picture(args: &[&str], kind: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let file = format!("out.{kind}");
    let mut a = args.to_vec();
    a.extend(["--render", kind, "-o", &file]);
    let out = run_in(dir.path(), &a, &[]);
    assert!(
        out.status.success(),
        "wildchain {a:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(dir.path().join(&file)).expect("the picture was written")
}

#[test]
fn every_drawing_command_renders_svg_png_and_pdf() {
    if needs(Tool::Graphviz).is_none() {
        return;
    }
    for args in [
        vec!["dot"],
        vec!["chains", "--through", "朱某某"],
        vec!["upstream", "丁某某"],
        vec!["downstream", "瞿某青"],
    ] {
        let svg = String::from_utf8(picture(&args, "svg")).expect("SVG is text");
        assert!(svg.contains("<svg"), "{args:?}: {svg}");
        // Names stay text in the font the diagram names, not boxes or paths.
        assert!(svg.contains(">丁某某</text>"), "{args:?}: {svg}");
        assert!(svg.contains("WenQuanYi Micro Hei"), "{args:?}: {svg}");
        assert!(
            picture(&args, "png").starts_with(b"\x89PNG\r\n\x1a\n"),
            "{args:?}"
        );
        assert!(picture(&args, "pdf").starts_with(b"%PDF-"), "{args:?}");
    }
}

#[test]
fn a_picture_draws_only_what_was_asked() {
    if needs(Tool::Graphviz).is_none() {
        return;
    }
    let svg = String::from_utf8(picture(&["chains", "--through", "朱某某"], "svg")).unwrap();
    assert!(svg.contains("瞿某青"), "{svg}");
    // 左某某 is on no chain through 朱某某.
    assert!(!svg.contains("左某某"), "{svg}");
}

#[test]
fn missing_graphviz_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // A PATH with no `dot` on it.
    let empty = dir.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    for args in [
        vec!["dot", "--render", "png", "-o", "x.png"],
        vec!["chains", "--render", "svg", "-o", "x.svg"],
    ] {
        let out = run_in(dir.path(), &args, &[("PATH", empty.to_str().unwrap())]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains("install Graphviz"), "{stderr}");
        assert!(stderr.contains("apt-get install graphviz"), "{stderr}");
        assert!(!dir.path().join(args[4]).exists(), "no picture, no file");
    }
}

#[test]
fn a_binary_picture_needs_a_file_or_a_pipe() {
    // Not a terminal here (the test captures stdout), so it writes; the kind must be known.
    let err = fails(&["dot", "--render", "gif"], 2);
    assert!(err.contains("svg") && err.contains("png"), "{err}");
}

/// The attribute list of the DOT edge `from -> to` (its line), panicking when there is none.
fn edge_line<'a>(dot: &'a str, from: &str, to: &str) -> &'a str {
    let head = format!("\"{from}\" -> \"{to}\"");
    dot.lines()
        .find(|l| l.trim_start().starts_with(&head))
        .unwrap_or_else(|| panic!("no edge {head} in\n{dot}"))
}

/// The value of attribute `key` in a DOT line.
fn attr_of<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let at = [' ', '[']
        .iter()
        .find_map(|c| line.find(&format!("{c}{key}=\"")))?
        + key.len()
        + 3;
    line[at..].split('"').next()
}

#[test]
fn layout_reads_like_the_case() {
    let dot = ok(&["dot"]);
    // Title and legend: what is drawn, the case's file and dates, the roles, the line styles.
    for words in [
        "the whole network",
        "chenxi_case.csv (embedded) · 2022-04",
        "source (sells, never buys)",
        "sink (buys, never sells)",
        "dashed: weight unknown",
    ] {
        assert!(dot.contains(words), "{words}: {dot}");
    }
    // One rank per tier: the three suppliers share tier 0, the two buyers tier 3.
    let tier = |t: &str| {
        let start = dot.find(&format!("subgraph tier{t} ")).expect("tier");
        dot[start..dot[start..].find('}').unwrap() + start].to_string()
    };
    for p in ["左某某", "瞿某海", "瞿某青"] {
        assert!(tier("0").contains(p), "{p}: {}", tier("0"));
    }
    assert!(tier("3").contains("广西买家") && tier("3").contains("湖南买家"));
    // Shape by role.
    let node = |p: &str| {
        dot.lines()
            .find(|l| l.trim_start().starts_with(&format!("\"{p}\"[")))
            .unwrap()
    };
    assert_eq!(attr_of(node("左某某"), "shape"), Some("box"));
    assert_eq!(attr_of(node("丁某某"), "shape"), Some("ellipse"));
    assert_eq!(
        attr_of(node("湖南买家（未具名）"), "shape"),
        Some("doubleoctagon")
    );
    // The one link of known weight is the widest and solid; unknown weight is dashed and thin.
    let known = edge_line(&dot, "左某某", "丁某某");
    assert_eq!(attr_of(known, "penwidth"), Some("8.00"), "{known}");
    assert_eq!(attr_of(known, "style"), None);
    let unknown = edge_line(&dot, "朱某某", "丁某某");
    assert_eq!(attr_of(unknown, "style"), Some("dashed"), "{unknown}");
    assert_eq!(attr_of(unknown, "penwidth"), None);
}

#[test]
fn edge_width_grows_with_the_square_root_of_the_weight() {
    let csv = "seller,buyer,species,weight,date\na,b,眼镜蛇,1000kg,2023-01\nb,c,眼镜蛇,10kg,2023-02\nc,d,眼镜蛇,,2023-03\n";
    let out = run_with_stdin(&["-i", "-", "dot"], csv.as_bytes());
    let dot = String::from_utf8(out.stdout).unwrap();
    let width = |f, t| {
        attr_of(edge_line(&dot, f, t), "penwidth")
            .map(|w| w.parse::<f64>().unwrap())
            .unwrap_or(0.0)
    };
    // 0.6 + 7.4·√(kg / 1000): 8 for the heaviest, about 1.34 for 10 kg, none for unknown (a
    // log scale drew 10 kg at 2.7 of 6: a hundredth of the weight looked half as heavy).
    assert_eq!(width("a", "b"), 8.0);
    let ten = width("b", "c");
    assert!((ten - (0.6 + 7.4 * 0.01f64.sqrt())).abs() < 0.01, "{ten}");
    assert_eq!(width("c", "d"), 0.0);
}

#[test]
fn unconfirmed_links_are_dotted_grey_and_the_legend_says_so() {
    let csv = "seller,buyer,species,weight,date,confidence\na,b,眼镜蛇,10kg,2023-01,未证实\nb,c,眼镜蛇,5kg,2023-02,confirmed\n";
    let out = run_with_stdin(&["-i", "-", "dot"], csv.as_bytes());
    let dot = String::from_utf8(out.stdout).unwrap();
    let doubtful = edge_line(&dot, "a", "b");
    assert_eq!(attr_of(doubtful, "style"), Some("dotted"), "{doubtful}");
    assert_eq!(attr_of(doubtful, "color"), Some("#888888"));
    assert_eq!(attr_of(edge_line(&dot, "b", "c"), "style"), None);
    assert!(dot.contains("dotted grey: unconfirmed"), "{dot}");
    let plain = ok(&["dot"]);
    assert!(
        !plain.contains("unconfirmed"),
        "no unconfirmed link, no legend line"
    );
}

#[test]
fn names_in_the_title_are_escaped_for_graphviz_html() {
    let csv = "seller,buyer,species,weight,date\n<b>&x,\"\"\"y\"\"</td>\",眼镜蛇,1kg,2023-01\n";
    let out = run_with_stdin(&["-i", "-", "dot", "--party", "<b>&x"], csv.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(
        dot.contains("<b>&lt;b&gt;&amp;x, upstream and downstream</b>"),
        "{dot}"
    );
    if let Some(graphviz) = needs_for(Tool::Graphviz, "Graphviz drawing the title") {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("g.dot"), &dot).unwrap();
        let r = Command::new(graphviz)
            .args(["-Tsvg", "g.dot"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    }
}

/// The nodes of a DOT text: (label, tooltip) of each node statement.
fn nodes(dot: &str) -> Vec<(String, String)> {
    dot.lines()
        .filter(|l| l.contains(" shape=\""))
        .map(|l| {
            (
                attr_of(l, "label").unwrap_or_default().to_string(),
                attr_of(l, "tooltip").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The size of a group from its label (`12 suppliers\nof X`, `3 other sources`), or 1 for a party.
fn members(label: &str) -> usize {
    let n: String = label.chars().take_while(char::is_ascii_digit).collect();
    let group = [" suppliers", " buyers", " intermediaries", " other "]
        .iter()
        .any(|w| label[n.len()..].starts_with(w));
    if group { n.parse().unwrap() } else { 1 }
}

#[test]
fn above_max_nodes_the_least_trading_parties_are_grouped() {
    let dot = ok(&["dot", "--max-nodes", "5"]);
    let labels: Vec<String> = nodes(&dot).into_iter().map(|(l, _)| l).collect();
    // The parties of the top five leads (丁某某, 左某某, 朱某某, 瞿某海, 瞿某青), in lead order,
    // are never folded, even past --max-nodes, and are outlined; the two buyers hang on 丁某某.
    assert_eq!(
        labels,
        [
            "丁某某",
            "左某某",
            "朱某某",
            "瞿某海",
            "瞿某青",
            r"2 buyers\nof 丁某某"
        ],
        "{dot}"
    );
    for p in ["丁某某", "左某某", "朱某某", "瞿某海", "瞿某青"] {
        let line = dot
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("\"{p}\"[")))
            .unwrap();
        assert!(line.contains("color=\"#c0392b\""), "{line}");
    }
    // The title counts what is drawn: the five lead parties on their own, the buyers grouped.
    assert!(
        dot.contains("5 drawn on their own") && dot.contains("2 others in 1 group ("),
        "{dot}"
    );
    assert!(
        dot.contains("7 parties and 6 links, too many to draw"),
        "{dot}"
    );
    // Every link is still drawn, merged: the two buyers' links are one arrow from 丁某某.
    assert!(edge_line(&dot, "丁某某", "wildchain:group:1").contains("2 links"));
    assert_eq!(dot.matches(" -> ").count(), 5, "{dot}");
    // Below the limit nothing is collapsed.
    assert!(!ok(&["dot"]).contains("too many to draw"));
}

#[test]
fn a_generated_case_collapses_to_max_nodes_and_loses_no_party() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("gen.csv");
    let case = case.to_str().unwrap();
    ok(&["generate", "--rows", "30000", "--seed", "1", "-o", case]);
    let all = nodes(&ok(&["-i", case, "dot", "--max-nodes", "0"]));
    assert!(all.len() > 100, "{} parties", all.len());
    for limit in [40usize, 100] {
        let dot = ok(&["-i", case, "dot", "--max-nodes", &limit.to_string()]);
        let drawn = nodes(&dot);
        assert!(drawn.len() <= limit, "{} boxes > {limit}", drawn.len());
        let total: usize = drawn.iter().map(|(l, _)| members(l)).sum();
        assert_eq!(total, all.len(), "every party is in one box");
        assert!(dot.contains(&format!("{} parties and", all.len())), "{dot}");
        // The same picture whatever the thread count.
        let one = crate::util::run_env(
            &["-i", case, "dot", "--max-nodes", &limit.to_string()],
            &[("POLARS_MAX_THREADS", "1")],
        );
        assert_eq!(one, dot, "deterministic");
    }
}

#[test]
fn chinese_interface_from_lang_or_the_locale() {
    let zh = [("LANG", "zh_CN.UTF-8"), ("LC_ALL", ""), ("LC_MESSAGES", "")];
    let text = crate::util::run_env(&["analyze"], &zh);
    for words in [
        "线索",
        "当事人（上游在前）",
        "角色",
        "源头",
        "中间商",
        "终端买家",
        "没有记录的上家",
        "不明",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    assert!(!text.contains("Parties (upstream first)"), "{text}");
    // --lang wins over the locale; LC_ALL wins over LANG.
    assert!(
        crate::util::run_env(&["--lang", "en", "analyze"], &zh)
            .contains("Parties (upstream first)")
    );
    let c = [("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C.UTF-8")];
    assert!(crate::util::run_env(&["analyze"], &c).contains("Parties (upstream first)"));
    // The diagram's legend and title.
    let dot = ok(&["--lang", "zh", "dot"]);
    for words in ["整个网络", "源头（只出售，不收购）", "虚线：重量不明"] {
        assert!(dot.contains(words), "{words}: {dot}");
    }
    // JSON and CSV keys stay English, for scripts.
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["--lang", "zh", "analyze", "--format", "json"])).unwrap();
    assert_eq!(json["parties"][0]["role"], "source");
    assert!(json["summary"]["parties"].is_u64());
    let csv = ok(&["--lang", "zh", "analyze", "--format", "csv"]);
    assert!(csv.starts_with("name,role,tier,"), "{csv}");
}

#[test]
fn balance_notes_read_in_the_language_of_the_table() {
    let zh = ok(&["--lang", "zh", "balance"]);
    for note in [
        "标为野生蛇的记录可能包括王锦蛇",
        "只收购、不出售：终端买家",
        "出售王锦蛇，但没有收购记录",
        "3 行重量不明",
        "（全部）",
    ] {
        assert!(zh.contains(note), "no {note:?} in:\n{zh}");
    }
    for english in [
        "rows labelled",
        "never sells",
        "no recorded purchase",
        "(all)",
    ] {
        assert!(!zh.contains(english), "{english:?} left in:\n{zh}");
    }
    let en = ok(&["--lang", "en", "balance"]);
    assert!(en.contains("rows labelled 野生蛇 may include 王锦蛇") && en.contains("(all)"));
}
