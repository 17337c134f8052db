//! Chinese throughout: every command, and every option that changes what it prints, run with
//! `--lang zh` over the embedded case and over a messy file typed as an officer types it
//! (`officer_zh.csv`: Chinese headers, 斤, a typo, a bad date, a 面议 price, a row with no buyer),
//! prints no English word on stdout, on stderr or in the files it writes for people — outside a
//! short allowed list, each entry of which says why it may stay.
//!
//! The commands and options come from clap's command tree, so a new command or option is run
//! without touching this file; an option whose value this file cannot guess fails the test and
//! says so. Output for scripts (JSON, CSV, GraphML, GEXF, the rows of `links`, `normalize` and
//! `generate`) keeps its English keys and is not scanned; its stderr is.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command as Process;

use clap::CommandFactory;
use wildchain::cli::Cli;

use crate::util::{fixture, run as run_in, write};

/// Words that may stay in Chinese output, whatever the input, and why.
const ALLOWED: &[&str] = &[
    // The program's name, as in `wildchain: 警告：…`.
    "wildchain",
    // Units of weight, as the unit table writes them (`--unit` takes them).
    "kg",
    "lb",
    "oz",
    "mg",
    // Codes: CITES appendices (I, II, III), the convention's own acronym; the hash of the inputs.
    "CITES",
    "SHA",
    "II",
    "III",
    // Names of file formats and text encodings (`csv（UTF-8）`, `--render svg`).
    "CSV",
    "TSV",
    "TXT",
    "JSON",
    "DOT",
    "SVG",
    "PNG",
    "PDF",
    "HTML",
    "GraphML",
    "GEXF",
    "xlsx",
    "xls",
    "ods",
    "parquet",
    "UTF",
    "GBK",
    "GB",
    "BOM",
    // Programs named as such (the diagram tool, the spreadsheets whose row numbers we follow,
    // the tools `export` writes for).
    "Graphviz",
    "Excel",
    "WPS",
    "Analyst",
    "Notebook",
    "yEd",
    "Cytoscape",
    "Gephi",
];

/// Words allowed in the i2 export only: i2's own strength palette, which its import wizard
/// matches as written.
const I2_STRENGTHS: &[&str] = &["Confirmed", "Tentative", "Unconfirmed"];

/// Words of clap's own `--help` and usage texts (clap words them; we cannot).
const CLAP: &[&str] = &[
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Print",
    "help",
    "this",
    "message",
    "or",
    "the",
    "of",
    "given",
    "subcommand",
    "version",
    "see",
    "summary",
    "with",
    "default",
    "possible",
    "values",
    "OPTIONS",
    "COMMAND",
    "error",
    "tip",
    "For",
    "more",
    "information",
    "try",
];

/// What one run printed and wrote.
struct Run {
    command: String,
    texts: Vec<(String, String)>,
}

/// The ways an output is read for words.
#[derive(Clone, Copy, PartialEq)]
enum Read {
    /// For people: every line.
    People,
    /// For scripts: not read.
    Script,
    /// A DOT diagram: its labels and tooltips.
    Dot,
    /// An SVG picture: its text elements.
    Svg,
    /// An HTML page: its text, without scripts and styles.
    Html,
    /// The i2 CSV: its rows, not its header.
    I2,
}

/// A fresh directory with the files options read: species table, conversions, aliases, base
/// values, links.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "species.csv",
            "name_zh,aliases_zh,scientific_name,cites_appendix,china_protection\n\
             眼睛蛇,,Naja atra,II,三有\n",
        );
        write(
            "conversions.csv",
            "taxon,from_product,to_product,factor,source\n眼镜蛇,整体,蛇皮,0.1,估计\n",
        );
        write("aliases.csv", "alias,canonical\n陈老版,陈老板\n");
        write(
            "parties.csv",
            "姓名,所在地\n朱某某,湖南省怀化市辰溪县\n无名氏,湖南\n",
        );
        write(
            "values.csv",
            "species,base_value_yuan,source\n眼镜蛇,300,估计\n",
        );
        Files { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

/// A case to run over: `-i FILE`, or nothing for the embedded case.
struct Case {
    name: &'static str,
    input: Vec<String>,
    party: &'static str,
    species: &'static str,
    text: String,
}

fn cases() -> Vec<Case> {
    let officer = fixture("officer_zh.csv");
    vec![
        Case {
            name: "embedded",
            input: vec![],
            party: "丁某某",
            species: "王锦蛇",
            text: wildchain::ingest::EMBEDDED_CASE.to_string(),
        },
        Case {
            name: "officer",
            input: vec!["-i".into(), officer.clone()],
            party: "朱某某",
            species: "眼镜蛇",
            text: std::fs::read_to_string(&officer).expect("fixture"),
        },
    ]
}

/// The values to try for an option (by its long name), else by its placeholder; `None` when
/// neither is known (the test then fails, naming the option).
fn values(long: &str, placeholder: &str, case: &Case, files: &Files) -> Option<Vec<String>> {
    let v = |s: &[&str]| Some(s.iter().map(|s| s.to_string()).collect());
    match long {
        "lang" => return v(&[]),
        "input" => return v(&[]),
        "unit" => return v(&["斤", "g"]),
        "default-unit" => return v(&["斤"]),
        "map" => return v(&["seller=出售人"]),
        "sheet" => return v(&["表1"]),
        "delimiter" => return v(&[";"]),
        "encoding" => return v(&["gbk"]),
        "species-table" => return Some(vec![files.path("species.csv")]),
        "conversions" => return Some(vec![files.path("conversions.csv")]),
        "aliases" => return Some(vec![files.path("aliases.csv")]),
        "values" => return Some(vec![files.path("values.csv")]),
        "parties" => return Some(vec![files.path("parties.csv")]),
        "links" => return Some(vec![files.path("links.csv")]),
        "network" => return v(&["1", "9"]),
        "tolerance" => return v(&["0.5"]),
        "window" => return v(&["30d", "永远"]),
        "header" => return v(&["出售人,收购人,物种,重量"]),
        "row-column" => return v(&["行号"]),
        "name" => return v(&["案件"]),
        "rows" => return v(&["50"]),
        "year" => return v(&["2023"]),
        "case" => return v(&["（2023）湘1223刑初45号"]),
        "analyst" => return v(&["李警官"]),
        "from" => return v(&["2023-04-05"]),
        "to" | "until" => return v(&["2023-04-10"]),
        "remove-province" => return v(&["湖南", "火星"]),
        _ => {}
    }
    match placeholder {
        "N" | "K" => v(&["2", "0"]),
        "S" if long == "seed" => v(&["7"]),
        "S" => Some(vec![case.species.to_string(), "不存在的蛇".into()]),
        "P" | "PARTY" => Some(vec![case.party.to_string(), "无名氏".into()]),
        "DATE" => v(&["2023-04-05", "昨天"]),
        "DAYS" => v(&["3"]),
        "FRACTION" => v(&["0.5"]),
        "FILE" => Some(vec![files.path(&format!("{long}.out"))]),
        _ => None,
    }
}

/// How a command's stdout is read, given its arguments.
fn reading(sub: &str, args: &[String]) -> Read {
    let has = |a: &str, b: &str| args.windows(2).any(|w| w[0] == a && w[1] == b);
    if args.iter().any(|a| a == "--render") {
        return if has("--render", "svg") {
            Read::Svg
        } else {
            Read::Script
        };
    }
    if has("--format", "json") || has("--format", "csv") {
        return Read::Script;
    }
    match sub {
        "report" => Read::Html,
        "export" if has("--to", "i2") => Read::I2,
        "export" | "links" | "normalize" | "generate" => Read::Script,
        "dot" => Read::Dot,
        _ if has("--format", "dot") => Read::Dot,
        _ => Read::People,
    }
}

/// Runs wildchain with `args` in `dir`; returns what it printed and wrote (files under `dir`
/// written by `-o` and other FILE options), each with how to read it.
fn run(dir: &Path, sub: &str, args: &[String]) -> Run {
    let out = Process::new(env!("CARGO_BIN_EXE_wildchain"))
        .args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("wildchain runs");
    let read = reading(sub, args);
    let mut texts = Vec::new();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    texts.push(("stdout".to_string(), words_of(&stdout, read)));
    texts.push((
        "stderr".to_string(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ));
    // Files written: -o takes the stdout's reading; the rest (--rejects, --truth …) are for
    // scripts.
    for w in args.windows(2) {
        if (w[0] == "-o" || w[0] == "--output")
            && let Ok(bytes) = std::fs::read(&w[1])
        {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            texts.push((w[1].clone(), words_of(&text, read)));
            if Path::new(&w[1]).starts_with(dir) {
                let _ = std::fs::remove_file(&w[1]);
            }
        }
    }
    Run {
        command: format!("wildchain {}", shell(args)),
        texts,
    }
}

fn shell(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if a.contains([' ', ',', ';']) {
                format!("'{a}'")
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of an output that people read, line by line.
fn words_of(text: &str, read: Read) -> String {
    match read {
        Read::People => text.to_string(),
        Read::Script => String::new(),
        Read::I2 => text.lines().skip(1).collect::<Vec<_>>().join("\n"),
        Read::Dot => dot_labels(text),
        Read::Svg => {
            let text = &without_titles(text);
            let mut out = String::new();
            for part in text.split("<text").skip(1) {
                if let Some(body) = part.split_once('>').map(|(_, b)| b)
                    && let Some((inner, _)) = body.split_once("</text>")
                {
                    out.push_str(&unescape(inner));
                    out.push('\n');
                }
            }
            out
        }
        Read::Html => {
            let mut t = without_titles(text);
            // Scripts, styles and the inputs' hashes (hexadecimal digits, a code).
            for (open, close) in [
                ("<script", "</script>"),
                ("<style", "</style>"),
                ("<code class=\"hash\"", "</code>"),
            ] {
                while let Some(a) = t.find(open) {
                    let end = t[a..].find(close).map_or(t.len(), |e| a + e + close.len());
                    t.replace_range(a..end, "\n");
                }
            }
            unescape(&strip_tags(&t))
        }
    }
}

/// An SVG (or a page holding one) without the `<title>` of its shapes: Graphviz writes there
/// the node ids (`wildchain:group:1`, `a->b`), and wildchain's words are in the labels and in
/// the tooltips (`xlink:title`).
fn without_titles(text: &str) -> String {
    let Some(svg) = text.find("<svg") else {
        return text.to_string();
    };
    let (head, body) = text.split_at(svg);
    let mut out = head.to_string();
    let mut rest = body;
    while let Some(a) = rest.find("<title>") {
        out.push_str(&rest[..a]);
        match rest[a..].find("</title>") {
            Some(e) => rest = &rest[a + e + "</title>".len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The labels and tooltips of a DOT diagram (HTML-like labels without their tags), one a line.
fn dot_labels(text: &str) -> String {
    let mut out = String::new();
    for attr in ["label=", "tooltip=", "xlabel=", "headlabel=", "taillabel="] {
        for part in text.split(attr).skip(1) {
            if let Some(rest) = part.strip_prefix('"') {
                let mut value = String::new();
                let mut chars = rest.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(n) = chars.next() {
                                value.push(if n == 'n' || n == 'l' { '\n' } else { n });
                            }
                        }
                        '"' => break,
                        c => value.push(c),
                    }
                }
                out.push_str(&value);
            } else if part.starts_with('<') {
                // <…> with nested tags: up to the matching '>'.
                let mut depth = 0usize;
                let mut end = part.len();
                for (i, c) in part.char_indices() {
                    match c {
                        '<' => depth += 1,
                        '>' => {
                            depth -= 1;
                            if depth == 0 {
                                end = i;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                out.push_str(&unescape(&strip_tags(&part[..end])));
            }
            out.push('\n');
        }
    }
    out
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            '<' => inside = true,
            '>' if inside => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn unescape(text: &str) -> String {
    // Numeric references first (`&#45;`), then the named ones.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        match tail.find(';').and_then(|end| {
            let n = &tail[..end];
            let code = match n.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            code.and_then(char::from_u32).map(|c| (c, end))
        }) {
            Some((c, end)) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The runs of ASCII letters (two or more) of `text`, in order.
fn letter_runs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out.retain(|w| w.len() >= 2);
    out
}

/// The English words of a line that are not allowed: each run of letters, unless it is
/// allowed, part of an option name (`--year`, `--species-table`, `-o`), inside backquotes
/// (a command to type), or in a command line after `wildchain ` (up to the next Chinese
/// character).
fn english<'a>(line: &'a str, allowed: &BTreeSet<String>) -> Vec<&'a str> {
    let mut code = vec![false; line.len() + 1];
    // Backquoted spans.
    let mut open = None;
    for (i, c) in line.char_indices() {
        if c == '`' {
            match open {
                None => open = Some(i),
                Some(s) => {
                    code[s..=i].iter_mut().for_each(|b| *b = true);
                    open = None;
                }
            }
        }
    }
    // `wildchain sub --opt …` up to the next wide character.
    let mut from = 0;
    while let Some(at) = line[from..].find("wildchain ") {
        let s = from + at;
        let end = line[s..]
            .char_indices()
            .find(|(_, c)| *c as u32 >= 0x2E80)
            .map_or(line.len(), |(i, _)| s + i);
        code[s..end].iter_mut().for_each(|b| *b = true);
        from = end.max(s + 1);
    }
    let base = line.as_ptr() as usize;
    letter_runs(line)
        .into_iter()
        .filter(|w| {
            let at = w.as_ptr() as usize - base;
            let option = line[..at].ends_with('-');
            !(code[at] || option || allowed.contains(*w) || allowed.contains(&w.to_lowercase()))
        })
        .collect()
}

/// Words the user gave: the arguments, the input file's cells, the species table's scientific
/// and English names, the placeholders and names of the command line itself.
fn allowed_for(case: &Case, args: &[String]) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = ALLOWED.iter().map(|s| s.to_string()).collect();
    set.extend(ALLOWED.iter().map(|s| s.to_lowercase()));
    let mut add = |text: &str| {
        for w in letter_runs(text) {
            set.insert(w.to_string());
        }
    };
    for a in args {
        add(a);
    }
    // A links file given is input too: its header and cells.
    for w in args.windows(2) {
        if w[0] == "--links"
            && let Ok(text) = std::fs::read_to_string(&w[1])
        {
            add(&text);
        }
    }
    add(&case.text);
    // The embedded case's file name (`chenxi_case.csv`).
    add("chenxi_case.csv");
    // And of its parties file (`chenxi_parties.csv`), read with it.
    add("chenxi_parties.csv");
    // Files given as arguments are input: their words are names.
    for a in args {
        let path = Path::new(a);
        if path.is_file()
            && let Ok(text) = std::fs::read_to_string(path)
        {
            add(&text);
        }
    }
    species_words().iter().for_each(|w| add(w));
    // The placeholders of option values (`--rejects FILE`), as `--help` names them.
    let mut root = Cli::command();
    root.build();
    for sub in root.get_subcommands() {
        for a in sub.get_arguments() {
            for v in a.get_value_names().unwrap_or_default() {
                add(v);
            }
        }
    }
    set
}

/// The scientific and English names of the built-in species and product tables: names, not
/// words.
fn species_words() -> &'static Vec<String> {
    static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = names_in(wildchain::ingest::species::EMBEDDED_SPECIES);
        words.extend(names_in(
            wildchain::ingest::species::product::EMBEDDED_PRODUCTS,
        ));
        words
    })
}

/// The `scientific_name` and `english_name` cells of a CSV table.
fn names_in(table: &str) -> Vec<String> {
    let mut r = csv::Reader::from_reader(table.as_bytes());
    let headers = r.headers().unwrap().clone();
    let cols: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| *h == "scientific_name" || *h == "english_name")
        .map(|(i, _)| i)
        .collect();
    r.records()
        .filter_map(Result::ok)
        .flat_map(|rec| {
            cols.iter()
                .filter_map(|&i| rec.get(i).map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every invocation to scan: each subcommand with its required arguments, then with each of its
/// options (each value tried), over each case.
fn invocations(files: &Files, case: &Case) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut root = Cli::command();
    // Global options reach the subcommands once the tree is built.
    root.build();
    for sub in root.get_subcommands() {
        let name = sub.get_name().to_string();
        if name == "help" {
            continue;
        }
        let mut base: Vec<String> = vec!["--lang".into(), "zh".into(), name.clone()];
        base.extend(case.input.iter().cloned());
        for a in sub.get_positionals() {
            if a.is_required_set() {
                let placeholder = a
                    .get_value_names()
                    .and_then(|v| v.first().map(|s| s.to_string()))
                    .unwrap_or_default();
                match placeholder.as_str() {
                    "PARTY" | "P" => base.push(case.party.into()),
                    _ => unknown.push(format!("{name} <{placeholder}>")),
                }
            }
        }
        if name == "generate" {
            base.extend(["--rows".into(), "50".into()]);
        }
        out.push((name.clone(), base.clone()));
        out.push((name.clone(), [base.clone(), vec!["--help".into()]].concat()));
        for a in sub.get_arguments() {
            let Some(long) = a.get_long() else { continue };
            if matches!(long, "help" | "version") {
                continue;
            }
            let takes = a.get_num_args().is_some_and(|n| n.takes_values());
            if !takes {
                out.push((
                    name.clone(),
                    [base.clone(), vec![format!("--{long}")]].concat(),
                ));
                continue;
            }
            let possible: Vec<String> = a
                .get_possible_values()
                .iter()
                .map(|p| p.get_name().to_string())
                .collect();
            let tries = if !possible.is_empty() {
                Some(possible)
            } else {
                let placeholder = a
                    .get_value_names()
                    .and_then(|v| v.first().map(|s| s.to_string()))
                    .unwrap_or_default();
                values(long, &placeholder, case, files)
            };
            match tries {
                Some(vs) => {
                    for v in vs {
                        if long == "lang" {
                            continue;
                        }
                        let mut args = base.clone();
                        args.extend([format!("--{long}"), v.clone()]);
                        // Pictures need a file to draw into.
                        if long == "render" {
                            args.extend(["-o".into(), files.path(&format!("picture.{v}"))]);
                        }
                        out.push((name.clone(), args));
                    }
                }
                None => unknown.push(format!("{name} --{long}")),
            }
        }
    }
    (out, unknown)
}

/// Runs that go wrong on purpose: their errors must be Chinese too.
fn errors(files: &Files) -> Vec<(String, Vec<String>)> {
    let officer = fixture("officer_zh.csv");
    let a = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (
            "analyze".into(),
            a(&["--lang", "zh", "analyze", "-i", "没有这个文件.csv"]),
        ),
        (
            "analyze".into(),
            a(&["--lang", "zh", "analyze", "-i", &officer, "--strict"]),
        ),
        (
            "analyze".into(),
            a(&["--lang", "zh", "analyze", "--format", "dot"]),
        ),
        (
            "upstream".into(),
            a(&["--lang", "zh", "upstream", "无名氏"]),
        ),
        (
            "analyze".into(),
            a(&[
                "--lang",
                "zh",
                "analyze",
                "-i",
                &officer,
                "--links",
                &files.path("links.csv"),
            ]),
        ),
        (
            "analyze".into(),
            a(&[
                "--lang",
                "zh",
                "analyze",
                "-i",
                &fixture("missing_column.csv"),
            ]),
        ),
        (
            "validate".into(),
            a(&["--lang", "zh", "validate", &fixture("bad_rows.csv")]),
        ),
        (
            "analyze".into(),
            a(&["--lang", "zh", "analyze", "-i", &officer, "-o", &officer]),
        ),
    ]
}

#[test]
fn every_command_and_option_speaks_chinese() {
    let files = Files::new();
    // The links file --links reads, written by `links` itself.
    let links = Process::new(env!("CARGO_BIN_EXE_wildchain"))
        .args(["links", "--format", "csv", "-o", &files.path("links.csv")])
        .output()
        .expect("wildchain runs");
    assert!(
        links.status.success(),
        "{}",
        String::from_utf8_lossy(&links.stderr)
    );
    let mut offending = Vec::new();
    let mut unknown = BTreeSet::new();
    let mut runs = 0;
    for case in cases() {
        let (mut list, missing) = invocations(&files, &case);
        unknown.extend(missing);
        if case.name == "officer" {
            list.extend(errors(&files));
        }
        for (sub, args) in list {
            let run = run(files.dir.path(), &sub, &args);
            runs += 1;
            let allowed = allowed_for(&case, &args);
            let help = args.iter().any(|a| a == "--help");
            for (stream, text) in &run.texts {
                // A usage error of clap's own (an unknown value …): clap's words.
                if stream == "stderr" && text.starts_with("error:") {
                    continue;
                }
                for line in text.lines() {
                    let mut words = english(line, &allowed);
                    if help {
                        words.retain(|w| !CLAP.contains(w));
                    }
                    if stream == "stderr"
                        && (line.starts_with("error:") || line.starts_with("Usage:"))
                    {
                        // clap's own usage errors.
                        continue;
                    }
                    if sub == "export" && args.iter().any(|a| a == "i2") {
                        words.retain(|w| !I2_STRENGTHS.contains(w));
                    }
                    if !words.is_empty() {
                        offending.push(format!(
                            "[{}] {} ({stream}): {}\n    {line}",
                            case.name,
                            run.command,
                            words.join(" ")
                        ));
                    }
                }
            }
        }
    }
    assert!(runs > 500, "only {runs} runs");
    let mut report = String::new();
    if !unknown.is_empty() {
        report.push_str(&format!(
            "options this test cannot give a value to (add them to `values` in tests/chinese.rs):\n  {}\n",
            unknown.into_iter().collect::<Vec<_>>().join("\n  ")
        ));
    }
    if !offending.is_empty() {
        // Distinct lines first: one untranslated word shows up in many runs.
        let mut seen = BTreeSet::new();
        let distinct: Vec<&String> = offending
            .iter()
            .filter(|o| seen.insert(o.split_once("\n    ").map_or(o.as_str(), |(_, l)| l)))
            .collect();
        report.push_str(&format!(
            "{} lines with English under --lang zh ({} distinct):\n{}\n",
            offending.len(),
            distinct.len(),
            distinct
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_scan_finds_english_and_lets_names_and_codes_pass() {
    let allowed: BTreeSet<String> = ALLOWED.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        english("第 22 行：row 22 (embedded)", &allowed),
        ["row", "embedded"]
    );
    assert!(english("眼镜蛇 60 kg，CITES II，--rejects 可列出", &allowed).is_empty());
    assert!(english("更多：wildchain balance · players", &allowed).is_empty());
    assert!(english("见 `wildchain validate --write-aliases`", &allowed).is_empty());
    assert_eq!(english("类型 price_jump", &allowed), ["price", "jump"]);
    let labels = dot_labels(r#"a[label="ab \"c\" 中" tooltip="x"] g[label=<<b>整个</b> net>]"#);
    assert!(labels.contains("ab \"c\" 中"), "{labels}");
    assert!(labels.contains("整个") && labels.contains("net") && labels.contains('x'));
    assert!(!labels.contains("<b>"), "{labels}");
}

/// Runs `args` under `--lang zh` and `--lang en`; returns both stderrs, after checking that the
/// Chinese one has no English word but the allowed ones and those of the arguments (paths, the
/// files they name).
fn zh_and_en(args: &[&str]) -> (String, String) {
    let stderr = |lang: &str| {
        let mut all = vec!["--lang", lang];
        all.extend(args);
        let out = run_in(&all);
        assert!(!out.status.success(), "wildchain {all:?} succeeded");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let (zh, en) = (stderr("zh"), stderr("en"));
    let mut allowed: BTreeSet<String> = ALLOWED.iter().map(|s| s.to_string()).collect();
    for a in args {
        allowed.extend(letter_runs(a).into_iter().map(str::to_string));
        if let Ok(text) = std::fs::read_to_string(a) {
            allowed.extend(letter_runs(&text).into_iter().map(str::to_string));
        }
    }
    for line in zh.lines() {
        let words = english(line, &allowed);
        assert!(
            words.is_empty(),
            "English {words:?} under --lang zh: {line}"
        );
    }
    (zh, en)
}

#[test]
fn a_text_not_in_the_encoding_given_is_said_in_chinese() {
    // officer_zh.csv is UTF-8: its Chinese is no GBK.
    let officer = fixture("officer_zh.csv");
    let (zh, en) = zh_and_en(&["analyze", "-i", &officer, "--encoding", "gbk"]);
    assert!(
        zh.contains("officer_zh.csv：不是有效的 GBK 文本（--encoding GBK）"),
        "{zh}"
    );
    assert!(
        en.contains("officer_zh.csv: not valid GBK (--encoding GBK)"),
        "{en}"
    );
    // The same file in GBK given as UTF-8: where the first byte not UTF-8 is.
    let dir = tempfile::tempdir().expect("dir");
    let text = std::fs::read_to_string(&officer).expect("fixture");
    let gbk = write(dir.path(), "gbk.csv", crate::formats::gbk(&text));
    let (zh, en) = zh_and_en(&["analyze", "-i", &gbk, "--encoding", "utf-8"]);
    assert!(
        zh.contains("不是有效的 UTF-8 文本（--encoding utf-8）：偏移量 0 处的字节无效"),
        "{zh}"
    );
    assert!(
        en.contains("not valid UTF-8 (--encoding utf-8): invalid byte at offset 0"),
        "{en}"
    );
}

#[test]
fn a_conversion_to_a_product_not_in_the_vocabulary_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("dir");
    let conversions = write(
        dir.path(),
        "conversions.csv",
        "taxon,from_product,to_product,factor,source\n眼镜蛇,整体,蛇皮,0.1,估计\n",
    );
    let (zh, en) = zh_and_en(&["analyze", "--conversions", &conversions]);
    assert!(
        zh.contains("conversions.csv 第 1 行，`to_product` 列：“蛇皮” 不是产品词表中的产品"),
        "{zh}"
    );
    assert!(
        en.contains(
            "conversions.csv row 1, column to_product: '蛇皮' is not a product of the vocabulary"
        ),
        "{en}"
    );
}

#[test]
fn validate_notes_a_links_file_in_chinese() {
    let dir = tempfile::tempdir().expect("dir");
    let links = dir.path().join("links.csv").display().to_string();
    crate::util::ok(&["links", "--format", "csv", "-o", &links]);
    let zh = crate::util::ok(&["--lang", "zh", "validate", "--links", &links]);
    let note = zh
        .lines()
        .find(|l| l.contains("说明"))
        .unwrap_or_else(|| panic!("no note: {zh}"));
    assert!(
        note.contains(
            "交易关系文件（每个出售方、收购方、物种一行）；读取的列：`seller`、`buyer`、`species`、`weight_kg`"
        ),
        "{note}"
    );
    let allowed: BTreeSet<String> = ALLOWED.iter().map(|s| s.to_string()).collect();
    assert!(english(note, &allowed).is_empty(), "{note}");
    let en = crate::util::ok(&["--lang", "en", "validate", "--links", &links]);
    assert!(
        en.contains(
            "note:   a links file (one row per seller, buyer, species); columns read: seller, \
             buyer, species, weight_kg"
        ),
        "{en}"
    );
    // JSON keeps the English words.
    let json = crate::util::json(&["--lang", "zh", "validate", "--links", &links]);
    assert!(
        json.to_string()
            .contains("a links file (one row per seller, buyer, species)"),
        "{json}"
    );
}

#[test]
fn normalize_of_text_not_in_utf8_is_said_in_chinese() {
    let officer = fixture("officer_zh.csv");
    let (zh, en) = zh_and_en(&["normalize", "-i", &officer, "--encoding", "gbk"]);
    assert!(
        zh.contains(
            "wildchain normalize 逐段读取 UTF-8 文本；请先转换编码（`iconv -f GBK -t UTF-8`）"
        ),
        "{zh}"
    );
    assert!(
        en.contains(
            "officer_zh.csv: normalize streams UTF-8 text; convert it first (iconv -f GBK -t UTF-8)"
        ),
        "{en}"
    );
    // A GBK text, no encoding given.
    let dir = tempfile::tempdir().expect("dir");
    let text = std::fs::read_to_string(&officer).expect("fixture");
    let gbk = write(dir.path(), "gbk.csv", crate::formats::gbk(&text));
    let (zh, en) = zh_and_en(&["normalize", "-i", &gbk]);
    assert!(
        zh.contains("gbk.csv：不是 UTF-8 文本（偏移量 0 处的字节无效）；wildchain normalize"),
        "{zh}"
    );
    assert!(
        en.contains(
            "gbk.csv: not UTF-8 text (invalid byte at offset 0); normalize streams UTF-8: \
             convert it first (iconv -f GBK -t UTF-8)"
        ),
        "{en}"
    );
}

#[test]
fn normalize_without_the_row_column_given_says_so_in_chinese() {
    let officer = fixture("officer_zh.csv");
    let (zh, en) = zh_and_en(&["normalize", "-i", &officer, "--row-column", "行号"]);
    assert!(
        zh.contains("没有作行号的“行号”列（表头为：“出售人”、“收购人”、“物种”、“重量”"),
        "{zh}"
    );
    assert!(
        en.contains(
            "no column '行号' for the row numbers (the header has: 出售人, 收购人, 物种, 重量"
        ),
        "{en}"
    );
    // A column that is read as a field.
    let (zh, en) = zh_and_en(&["normalize", "-i", &officer, "--row-column", "重量"]);
    assert!(zh.contains("行号列“重量”同时被读作一个字段"), "{zh}");
    assert!(
        en.contains("the row-number column '重量' is also read as a field"),
        "{en}"
    );
}

#[test]
fn a_base_value_file_without_its_columns_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("dir");
    let values = write(
        dir.path(),
        "values.csv",
        "物种,基准价值,来源\n眼镜蛇,300,估计\n",
    );
    let (zh, en) = zh_and_en(&["value", "--values", &values]);
    assert!(
        zh.contains(
            "values.csv：基准价值文件需要 `taxon`（物种）、`base_value_yuan`（基准价值）、`source`（来源）、`as_of`（日期）列；缺少 `as_of`（表头为：“物种”、“基准价值”、“来源”）"
        ),
        "{zh}"
    );
    assert!(
        en.contains(
            "values.csv: a base value file needs the columns taxon, base_value_yuan, source, \
             as_of; missing: as_of (the header has: 物种, 基准价值, 来源)"
        ),
        "{en}"
    );
}

#[test]
fn a_side_table_or_links_file_without_its_columns_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("dir");
    let conversions = write(dir.path(), "c.csv", "taxon,factor\n");
    let (zh, en) = zh_and_en(&["analyze", "--conversions", &conversions]);
    assert!(
        zh.contains("c.csv：没有 `from_product` 列（表头为：“taxon”、“factor”）"),
        "{zh}"
    );
    assert!(
        en.contains("c.csv: no 'from_product' column (the header has: taxon, factor)"),
        "{en}"
    );
    let links = write(dir.path(), "l.csv", "seller,buyer,species\n甲,乙,眼镜蛇\n");
    let (zh, en) = zh_and_en(&["analyze", "--links", &links]);
    assert!(
        zh.contains("缺少 `weight_kg`、`transactions`、`first_date`、`last_date`（表头为：“seller”、“buyer”、“species”）"),
        "{zh}"
    );
    assert!(
        en.contains("missing: weight_kg, transactions, first_date, last_date (the header has: seller, buyer, species)"),
        "{en}"
    );
}

#[test]
fn a_base_value_row_not_as_expected_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("dir");
    let head = "taxon,base_value_yuan,source,as_of\n";
    for (row, zh_want, en_want) in [
        (
            "眼镜蛇,80元/斤,估计,2017",
            "第 1 行：`base_value_yuan`（基准价值）列：“80元/斤”不是以元计的每只价值",
            "row 1: column 'base_value_yuan': '80元/斤' is not a value per animal in 元",
        ),
        (
            "麒麟,800,估计,2017",
            "第 1 行，`taxon` 列：“麒麟” 不在物种表中",
            "row 1, column taxon: '麒麟' is not in the species table",
        ),
        (
            "眼镜蛇,800,估计,去年",
            "第 1 行，`as_of` 列：“去年” 不是日期（年、月或日",
            "row 1, column as_of: '去年' is not a date (a year, a month or a day",
        ),
        (
            "眼镜蛇,800,,2017",
            "第 1 行：每个基准价值都须写明物种及其出处",
            "row 1: every base value needs its taxon and its source",
        ),
    ] {
        let values = write(dir.path(), "v.csv", format!("{head}{row}\n"));
        let (zh, en) = zh_and_en(&["value", "--values", &values]);
        assert!(zh.contains(zh_want), "{row}: {zh}");
        assert!(en.contains(en_want), "{row}: {en}");
    }
}

#[test]
fn a_side_file_that_cannot_be_read_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("没有.csv").display().to_string();
    for option in ["--parties", "--aliases", "--species-table", "--conversions"] {
        let (zh, en) = zh_and_en(&["totals", option, &missing]);
        assert!(
            zh.contains("无法读取") && zh.contains("没有.csv"),
            "{option}: {zh}"
        );
        assert!(!zh.contains("cannot read"), "{option}: {zh}");
        assert!(
            en.contains("cannot read") && en.contains("没有.csv"),
            "{option}: {en}"
        );
    }
}

/// Writes `text` as `name` in a new temporary directory; the directory and the path.
fn side(name: &str, text: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    (dir, path.display().to_string())
}

#[test]
fn a_side_table_line_in_another_encoding_was_refused_in_english_under_lang_zh() {
    // refuse_foreign gave the line's reason as English text.
    let mut text = "name_zh,rank\n测试蛇,species\n".as_bytes().to_vec();
    text.extend(encoding_rs::GBK.encode("测试龟,species\n").0.iter());
    text.extend("测试鸟,species\n".as_bytes());
    let (_d, path) = side("species.csv", &text);
    let (zh, en) = zh_and_en(&["totals", "--species-table", &path]);
    assert!(
        zh.contains("第 3 行不像文件其余部分那样是 UTF-8 编码") && zh.contains("测试龟"),
        "{zh}"
    );
    assert!(
        en.contains("line 3 is not UTF-8 like the rest of the file") && en.contains("测试龟"),
        "{en}"
    );
}

#[test]
fn species_table_rank_cites_and_grade_refusals_were_english_under_lang_zh() {
    for (cells, zh_says, en_says) in [
        (
            "种,,",
            "不是以下分类等级之一：`species`、`genus`、`family`、`order`",
            "is not one of species, genus, family, order",
        ),
        ("species,IV,", "不是 CITES 附录", "is not a CITES appendix"),
        (
            "species,I,五级",
            "不是国家保护级别：请写以下之一：一级、二级、三有、省级",
            "is not a China protection grade",
        ),
    ] {
        let text = format!("name_zh,rank,cites_appendix,china_protection\n测试蛇,{cells}\n");
        let (_d, path) = side("species.csv", text.as_bytes());
        let (zh, en) = zh_and_en(&["totals", "--species-table", &path]);
        assert!(zh.contains(zh_says), "{zh}");
        assert!(en.contains(en_says), "{en}");
    }
}

#[test]
fn alias_rows_refused_were_english_under_lang_zh() {
    for (rows, zh_says, en_says) in [
        (
            "张三\n",
            "应有两个名称",
            "expected two names, alias,canonical",
        ),
        (
            "张三,李四,王五\n",
            "是第三个名称",
            "is a third name: a row holds two names",
        ),
        (
            "张三,李四\n张三,王五\n",
            "“张三”已是“李四”的别名，不能再作“王五”的别名",
            "'张三' is already an alias of '李四', not '王五'",
        ),
        (
            "张三,李四\n李四,张三\n",
            "“张三”的别名绕成了一个圈",
            "the aliases of '张三' go round in a circle",
        ),
    ] {
        let (_d, path) = side("aliases.csv", format!("alias,canonical\n{rows}").as_bytes());
        let (zh, en) = zh_and_en(&["totals", "--aliases", &path]);
        assert!(zh.contains(zh_says), "{zh}");
        assert!(en.contains(en_says), "{en}");
    }
}

#[test]
fn a_sheet_the_workbook_lacks_was_english_under_lang_zh() {
    let xls = fixture("case.xls");
    let (zh, en) = zh_and_en(&["totals", "-i", &xls, "--sheet", "无此表"]);
    assert!(
        zh.contains("没有名为“无此表”的工作表；工作簿中有：“交易明细”、“说明”"),
        "{zh}"
    );
    assert!(
        en.contains("no sheet named '无此表'; the workbook has: 交易明细, 说明"),
        "{en}"
    );
}
