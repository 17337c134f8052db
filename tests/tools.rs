//! Tests that need an outside program (Graphviz, Chromium, Python, networkx): where it is missing
//! they pass as skipped with one line naming the program and how to install it, or skip only the
//! part that needs it; with `CI` set they fail instead, since CI installs every program.

use std::process::Command;

use crate::util::Tool;

/// The programs the tests look for, left off the PATH of [`alone`].
const TOOLS: [&str; 5] = [
    "dot",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "python3",
];

/// A directory of links to every program on PATH but [`TOOLS`]: a PATH without them.
fn path_without_tools() -> tempfile::TempDir {
    let bin = tempfile::tempdir().expect("temp dir");
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let link = bin.path().join(&name);
            if !TOOLS.iter().any(|t| name == *t) && !link.exists() {
                let _ = std::os::unix::fs::symlink(entry.path(), link);
            }
        }
    }
    bin
}

/// Runs the one test `name` of this test binary with a PATH without [`TOOLS`] and `CI` set to
/// `ci` (or unset); returns whether it passed, and its stdout and stderr.
fn alone(name: &str, ci: Option<&str>) -> (bool, String) {
    let bin = path_without_tools();
    let mut c = Command::new(std::env::current_exe().expect("this test binary"));
    c.args(["--exact", name]).env("PATH", bin.path());
    match ci {
        Some(v) => c.env("CI", v),
        None => c.env_remove("CI"),
    };
    let out = c.output().expect("this test binary runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("1 passed") || said.contains("1 failed"),
        "{name} did not run: {said}"
    );
    (out.status.success(), said)
}

#[test]
fn a_test_whose_program_is_missing_is_skipped_by_name_unless_ci_is_set() {
    for (test, tool) in [
        ("dot::graphviz_renders_the_diagrams", Tool::Graphviz),
        (
            "report::chromium_loads_the_page_cleanly_and_shows_the_diagram",
            Tool::Chromium,
        ),
        (
            "export::gexf_of_a_dated_case_gives_each_link_one_interval_and_no_timestamps",
            Tool::Networkx,
        ),
        (
            "species::the_national_list_script_keeps_hand_rows_fills_only_what_species_plus_names_and_reruns_alike",
            Tool::Python,
        ),
    ] {
        let notice = format!("skipped: {test} needs {}", tool.name());
        for ci in [None, Some(""), Some("0"), Some("false")] {
            let (passed, said) = alone(test, ci);
            assert!(passed, "CI={ci:?}: {said}");
            assert!(
                said.contains(&notice) && said.contains(tool.install()),
                "CI={ci:?}: no notice naming {} and how to install it:\n{said}",
                tool.name()
            );
        }
        for ci in ["1", "true"] {
            let (passed, said) = alone(test, Some(ci));
            assert!(
                !passed,
                "CI={ci}: a missing {} passed:\n{said}",
                tool.name()
            );
            assert!(
                said.contains(&format!("{test} needs {}, which is missing", tool.name()))
                    && said.contains(tool.install()),
                "CI={ci}: {said}"
            );
        }
    }
}

#[test]
fn without_graphviz_the_report_and_docs_tests_skip_only_the_diagram() {
    for (test, part) in [
        (
            "report::the_page_is_self_contained",
            "(the inline SVG diagram) needs Graphviz",
        ),
        (
            "docs::every_example_prints_what_the_page_shows",
            "example(s) that draw with Graphviz) needs Graphviz",
        ),
    ] {
        let (passed, said) = alone(test, None);
        assert!(passed, "{said}");
        assert!(
            said.contains(&format!("skipped: {test} (")) && said.contains(part),
            "{said}"
        );
        let (passed, said) = alone(test, Some("1"));
        assert!(!passed, "CI=1 without Graphviz passed: {said}");
    }
}
