//! `--render svg|png|pdf`: pictures drawn by Graphviz, with Chinese names as text, and a clear
//! error (exit 1, how to install) when Graphviz is missing.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::fails;

/// Whether Graphviz's `dot` runs here; outside CI a missing `dot` skips with a notice.
pub fn has_graphviz() -> bool {
    if Command::new("dot").arg("-V").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "Graphviz `dot` is missing: apt-get install graphviz"
    );
    eprintln!("skipped: Graphviz `dot` is not installed (apt-get install graphviz)");
    false
}

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
    if !has_graphviz() {
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
    if !has_graphviz() {
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
