//! The documentation stays true: every relative link in README.md, README.zh-CN.md and docs/*.md
//! resolves (file and heading), and every `$ wildchain …` example prints what the page shows.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::formats::{delimited, gbk};
use crate::util::{Tool, needs_for};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md, README.zh-CN.md and every page of docs/, sorted.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md"), root().join("README.zh-CN.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("docs entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text outside fenced code blocks, line by line.
fn prose(text: &str) -> Vec<&str> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            lines.push(line);
        }
    }
    lines
}

/// The contents of the fenced code blocks, each as its lines.
fn code_blocks(text: &str) -> Vec<Vec<&str>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some(Vec::new()),
            }
        } else if let Some(block) = current.as_mut() {
            block.push(line);
        }
    }
    blocks
}

/// A line without its inline code spans (`` `[a](b)` `` is text, not a link).
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        }
    }
    out
}

/// The targets of the Markdown links and images of a line: `[text](target)`.
fn link_targets(line: &str) -> Vec<String> {
    let line = without_code_spans(line);
    let mut targets = Vec::new();
    let mut rest = line.as_str();
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        match after.find(')') {
            Some(end) => {
                // `[x](a "title")`: the target is the first word.
                let target = after[..end].split_whitespace().next().unwrap_or("");
                targets.push(target.to_string());
                rest = &after[end..];
            }
            None => break,
        }
    }
    targets
}

/// GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(text: &str) -> Vec<String> {
    prose(text)
        .into_iter()
        .filter(|l| l.starts_with('#'))
        .map(|l| slug(l.trim_start_matches('#')))
        .collect()
}

#[test]
fn slugs_follow_github() {
    assert_eq!(
        slug(" `wildchain analyze` — the case report"),
        "wildchain-analyze--the-case-report"
    );
    assert_eq!(
        slug(" Party aliases and likely duplicates"),
        "party-aliases-and-likely-duplicates"
    );
    assert_eq!(slug(" 两条命令"), "两条命令");
    assert_eq!(
        link_targets("see [a](x.md#b) and `[c](not-a-link)` and ![p](docs/p.png \"t\")"),
        ["x.md#b", "docs/p.png"]
    );
}

#[test]
fn every_relative_link_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = read(&page);
        let dir = page.parent().expect("a page is in a folder");
        for line in prose(&text) {
            for target in link_targets(line) {
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                checked += 1;
                let (file, anchor) = match target.split_once('#') {
                    Some((f, a)) => (f, Some(a)),
                    None => (target.as_str(), None),
                };
                let path = if file.is_empty() {
                    page.clone()
                } else {
                    dir.join(file)
                };
                if !path.exists() {
                    broken.push(format!("{}: {target}: no such file", page.display()));
                    continue;
                }
                if let Some(anchor) = anchor
                    && path.extension().is_some_and(|e| e == "md")
                    && !anchors(&read(&path)).iter().any(|a| a == anchor)
                {
                    broken.push(format!("{}: {target}: no such heading", page.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        checked > 30,
        "only {checked} links found: is the parser broken?"
    );
}

/// One `$ command` of a code block and the lines shown after it.
struct Example {
    page: String,
    command: String,
    shown: String,
}

fn examples() -> Vec<Example> {
    let mut all = Vec::new();
    for page in pages() {
        let text = read(&page);
        let name = page
            .strip_prefix(root())
            .unwrap_or(&page)
            .display()
            .to_string();
        for block in code_blocks(&text) {
            let mut i = 0;
            while i < block.len() {
                let Some(command) = block[i].strip_prefix("$ ") else {
                    i += 1;
                    continue;
                };
                let mut j = i + 1;
                while j < block.len() && !block[j].starts_with("$ ") {
                    j += 1;
                }
                let shown = block[i + 1..j].join("\n");
                all.push(Example {
                    page: name.clone(),
                    command: command.to_string(),
                    shown: shown.trim_end().to_string(),
                });
                i = j;
            }
        }
    }
    all
}

/// Whether an example runs Graphviz: `--render`, or a pipe into `dot`.
fn draws(command: &str) -> bool {
    command.contains("--render")
        || command
            .split('|')
            .skip(1)
            .any(|step| step.split_whitespace().next() == Some("dot"))
}

#[test]
fn an_example_draws_when_it_renders_or_pipes_into_dot() {
    assert!(draws("wildchain dot --party 朱某某 | dot -Tsvg > zhu.svg"));
    assert!(draws("wildchain dot --render png -o chenxi.png"));
    assert!(!draws("wildchain dot --party 朱某某"));
    assert!(!draws("wildchain chains --format dot | head -3"));
}

/// Each line without trailing spaces, and no trailing blank lines.
fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_string()
}

/// Runs every `$ …` example of the pages with `sh` in a directory that holds the repository's
/// `tests/` and `data/` (and the `case_gbk.csv` of tests/validate.rs), the built binary first on
/// PATH and no language in the environment; what a successful command prints on stdout (a failing
/// one: stdout then stderr) must be what the page shows. Without Graphviz the examples that draw
/// are skipped (named on stderr), the others still run.
#[test]
fn every_example_prints_what_the_page_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["tests", "data"] {
        std::os::unix::fs::symlink(root().join(sub), dir.path().join(sub)).expect("symlink");
    }
    std::fs::write(dir.path().join("case_gbk.csv"), gbk(&delimited(b';'))).expect("write");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_wildchain"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let examples = examples();
    // Without Graphviz the examples that draw are left out, and the notice counts them.
    let drawing = examples.iter().filter(|ex| draws(&ex.command)).count();
    let graphviz = drawing == 0
        || needs_for(
            Tool::Graphviz,
            &format!("{drawing} example(s) that draw with Graphviz"),
        )
        .is_some();
    let mut wrong = Vec::new();
    for ex in examples.iter().filter(|ex| graphviz || !draws(&ex.command)) {
        let out = Command::new("sh")
            .arg("-c")
            .arg(&ex.command)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .output()
            .expect("sh runs");
        let mut got = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            got.push_str(&String::from_utf8_lossy(&out.stderr));
        }
        if tidy(&got) != tidy(&ex.shown) {
            wrong.push(format!(
                "{}: $ {} (exit {:?})\n--- the page shows:\n{}\n--- it prints:\n{}\n",
                ex.page,
                ex.command,
                out.status.code(),
                ex.shown,
                tidy(&got)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        examples.len() >= 15,
        "only {} examples found: is the parser broken?",
        examples.len()
    );
}
