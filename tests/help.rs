//! `--help` in Chinese with `--lang zh` or a Chinese locale (the summaries of wildchain and its
//! subcommands, the global options), English by default and with `--lang en`.

use clap::CommandFactory;
use wildchain::cli::Cli;
use wildchain::render::lang::command_zh;

use crate::util::with_locale;

/// The help text of `args` with no locale but `locale` (as LANG).
fn help(args: &[&str], locale: Option<&str>) -> String {
    with_locale(args, locale)
}

/// The first characters of a summary (clap may wrap the rest).
fn start(text: &str) -> String {
    text.chars().take(8).collect()
}

#[test]
fn a_chinese_locale_gives_chinese_summaries_of_every_subcommand() {
    let h = help(&["--help"], Some("zh_CN.UTF-8"));
    assert!(
        h.contains("把野生动物非法交易案件的交易记录整理成供应链"),
        "{h}"
    );
    assert!(h.contains("交易记录的案件文件"), "--input in Chinese:\n{h}");
    assert!(!h.contains("Turn the transaction records"), "{h}");
    let mut checked = 0;
    for sub in Cli::command().get_subcommands() {
        let name = sub.get_name();
        let Some(zh) = command_zh(name) else {
            panic!("subcommand {name} has no Chinese summary in render/lang.rs");
        };
        assert!(h.contains(&start(zh)), "{name}: {zh}\n{h}");
        let english = sub
            .get_about()
            .expect("every subcommand has a summary")
            .to_string();
        assert!(!h.contains(&english), "{name} still in English:\n{h}");
        checked += 1;
    }
    assert!(checked >= 15, "{checked} subcommands");
}

/// Terminal columns of a line: a Chinese (wide) character takes two.
fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
        .sum()
}

#[test]
fn chinese_help_fits_a_terminal() {
    for args in [&["--help"][..], &["dot", "--help"], &["validate", "-h"]] {
        let h = help(args, Some("zh_CN.UTF-8"));
        for line in h.lines() {
            assert!(
                columns(line) <= 100,
                "{args:?}: {} columns: {line}",
                columns(line)
            );
        }
    }
}

#[test]
fn lang_zh_gives_a_chinese_subcommand_help_whatever_the_locale() {
    for args in [
        &["--lang", "zh", "totals", "--help"][..],
        &["totals", "--lang=zh", "--help"],
        &["--lang", "zh", "help", "totals"],
    ] {
        let h = help(args, Some("en_US.UTF-8"));
        assert!(
            h.contains("按物种、出售方、收购方、月份或交易关系汇总"),
            "{args:?}\n{h}"
        );
        assert!(h.contains("输出格式"), "{args:?}: --format in Chinese\n{h}");
        assert!(!h.contains("Totals per species"), "{args:?}\n{h}");
    }
    let h = help(&["--lang", "zh", "dot", "--help"], None);
    assert!(
        h.contains("用 Graphviz 把图画成图片"),
        "--render in Chinese:\n{h}"
    );
}

#[test]
fn english_by_default_and_with_lang_en() {
    for (args, locale) in [
        (&["totals", "--help"][..], None),
        (&["totals", "--help"], Some("C.UTF-8")),
        (&["--lang", "en", "totals", "--help"], Some("zh_CN.UTF-8")),
    ] {
        let h = help(args, locale);
        assert!(
            h.contains("Totals per species, seller, buyer, month or link"),
            "{args:?} {locale:?}\n{h}"
        );
        assert!(h.contains("Output format"), "{h}");
        assert!(!h.contains("按物种"), "{args:?} {locale:?}\n{h}");
    }
}

#[test]
fn every_option_of_every_subcommand_has_chinese_help() {
    use wildchain::render::lang::option_zh_in;
    let mut root = Cli::command();
    root.build();
    let mut missing = Vec::new();
    for sub in root.get_subcommands() {
        for a in sub.get_arguments() {
            let id = a.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if option_zh_in(sub.get_name(), id).is_none() {
                missing.push(format!("{} {id}", sub.get_name()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "options without Chinese help (add them to render/lang.rs):\n{}",
        missing.join("\n")
    );
    // `report --limit` had no Chinese text at all.
    let h = help(&["report", "--help"], Some("zh_CN.UTF-8"));
    assert!(h.contains("报告中最多列出多少条供应链"), "{h}");
    assert!(!h.contains("Most chains to list"), "{h}");
}
