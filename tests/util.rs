//! Running the built binary in a temporary directory and reading what it prints.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The absolute path of a fixture.
pub fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// The absolute path of a file under the repository root.
pub fn repo_file(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(name)
        .display()
        .to_string()
}

/// Runs wildchain with `args` in a fresh temporary directory, with `stdin` as standard input.
pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wildchain"))
        .args(args)
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wildchain runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wildchain finishes")
}

/// Runs wildchain with `args` in a fresh temporary directory.
pub fn run(args: &[&str]) -> Output {
    run_with_stdin(args, b"")
}

/// Runs and expects success; returns stdout.
pub fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "wildchain {args:?} failed with {:?}:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs with `--format json` and parses stdout.
pub fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    serde_json::from_str(&ok(&a)).expect("valid JSON")
}

/// Runs and expects failure with `code`; returns stderr.
pub fn fails(args: &[&str], code: i32) -> String {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "wildchain {args:?}: stderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "wildchain {args:?} panicked:\n{stderr}"
    );
    stderr
}

/// `(name, distance)` pairs of an upstream/downstream JSON result.
pub fn reached(v: &Value) -> Vec<(String, u64)> {
    v["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["distance"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Chains of a JSON result as `a>b>c` strings.
pub fn paths(v: &Value) -> Vec<String> {
    v["chains"]
        .as_array()
        .expect("chains")
        .iter()
        .map(|c| {
            c["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(">")
        })
        .collect()
}

/// Compares `actual` with the golden file `tests/golden/NAME`; `WILDCHAIN_BLESS=1` rewrites it.
pub fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("WILDCHAIN_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with WILDCHAIN_BLESS=1",
            path.display()
        )
    });
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(10)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1))
            .collect();
        panic!(
            "{name} differs from the golden file ({} vs {} lines):\n{}\n--- actual ---\n{actual}",
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

/// Runs wildchain with `args` and extra environment variables, expects success, returns stdout.
pub fn run_env(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut c = Command::new(env!("CARGO_BIN_EXE_wildchain"));
    c.args(args).current_dir(dir.path());
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("wildchain runs");
    assert!(
        out.status.success(),
        "wildchain {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs wildchain with no locale but `locale` (as LANG); returns stdout.
pub fn with_locale(args: &[&str], locale: Option<&str>) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wildchain"));
    c.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    if let Some(l) = locale {
        c.env("LANG", l);
    }
    let out = c.output().expect("wildchain runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}
