//! Running the built binary in a temporary directory and reading what it prints; the files and
//! generated cases the tests write; the outside programs some tests need ([`needs`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

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

/// `(name, distance)` pairs as [`reached`] gives them, from literals.
pub fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(n, d)| (n.to_string(), *d)).collect()
}

/// The row of `party` and `species` in a `balance` JSON result (`None` matches a null species).
pub fn balance_row<'a>(v: &'a Value, party: &str, species: Option<&str>) -> &'a Value {
    v["rows"]
        .as_array()
        .expect("balance rows")
        .iter()
        .find(|r| r["party"] == party && r["species"] == serde_json::json!(species))
        .unwrap_or_else(|| panic!("no balance row for {party} {species:?} in {v}"))
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

/// Writes `text` to `name` in a fresh temporary directory; returns the directory (keep it alive:
/// the file goes with it) and the file's path.
pub fn file(name: &str, text: impl AsRef<[u8]>) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), name, text);
    (dir, path)
}

/// Writes `text` to `name` in `dir`; returns the file's path.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the test's file");
    path.display().to_string()
}

/// A case of `rows` rows generated with `seed` (`wildchain generate`), written in `dir`; returns
/// its path.
pub fn generated(dir: &Path, rows: u32, seed: u32) -> String {
    let path = dir
        .join(format!("gen{rows}_{seed}.csv"))
        .display()
        .to_string();
    ok(&[
        "generate",
        "--rows",
        &rows.to_string(),
        "--seed",
        &seed.to_string(),
        "-o",
        &path,
    ]);
    path
}

/// Runs wildchain with `POLARS_MAX_THREADS=threads` (`None`: unset), expects success, returns
/// stdout.
pub fn with_threads(threads: Option<&str>, args: &[&str]) -> Vec<u8> {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wildchain"));
    c.args(args);
    match threads {
        Some(t) => c.env("POLARS_MAX_THREADS", t),
        None => c.env_remove("POLARS_MAX_THREADS"),
    };
    let out = c.output().expect("wildchain runs");
    assert!(
        out.status.success(),
        "wildchain {args:?} with POLARS_MAX_THREADS={threads:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// An outside program that some tests need and a machine with only Rust lacks. `.ci/run`
/// installs each; elsewhere a test that needs a missing one is skipped with a notice ([`needs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Graphviz's `dot`: `--render`, the report's diagram, the documentation's drawing example.
    Graphviz,
    /// Headless Chromium: the report loads, runs its script and prints on A4.
    Chromium,
    /// Python 3: the scripts of data/tools/.
    Python,
    /// Python 3 with networkx ≥ 3.4 (it reads GEXF 1.3): the exports are read back.
    Networkx,
}

impl Tool {
    /// The program as the notice names it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Graphviz => "Graphviz (`dot`)",
            Tool::Chromium => "Chromium",
            Tool::Python => "Python 3",
            Tool::Networkx => "Python 3 with networkx >= 3.4",
        }
    }

    /// How `.ci/run` installs it (Debian/Ubuntu).
    pub fn install(self) -> &'static str {
        match self {
            Tool::Graphviz => "apt-get install graphviz fonts-wqy-microhei",
            Tool::Chromium => "apt-get install chromium",
            Tool::Python => "apt-get install python3",
            Tool::Networkx => "python3 -m pip install networkx==3.6.1",
        }
    }

    /// The program that runs it here, looked for once per test run.
    fn program(self) -> Option<&'static str> {
        static FOUND: [OnceLock<Option<&'static str>>; 4] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        *FOUND[self as usize].get_or_init(|| match self {
            Tool::Graphviz => runs("dot", &["-V"]).then_some("dot"),
            Tool::Chromium => ["chromium", "chromium-browser", "google-chrome"]
                .into_iter()
                .find(|c| runs(c, &["--version"])),
            Tool::Python => runs("python3", &["--version"]).then_some("python3"),
            Tool::Networkx => runs(
                "python3",
                &[
                    "-c",
                    "import networkx.readwrite.gexf as g; assert '1.3' in g.GEXF.versions",
                ],
            )
            .then_some("python3"),
        })
    }
}

/// Whether `program args` starts and succeeds.
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether this is a CI run (`CI` set, as CI systems do: `CI=1`, `CI=true`), where every tool is
/// installed and a missing one is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The program of `tool` for the running test, or `None` when it is missing here: then one line
/// on stderr names the test, the program and how to install it, and the caller skips what needs
/// it (a test that needs nothing else returns, and passes as skipped).
///
/// # Panics
/// When `tool` is missing and [`in_ci`]: CI installs every tool, so there a skip would hide a
/// test that never ran.
pub fn needs(tool: Tool) -> Option<&'static str> {
    needs_for(tool, "")
}

/// [`needs`] for a part of the running test (`part` says which, in the notice); the rest of the
/// test runs without the tool.
pub fn needs_for(tool: Tool, part: &str) -> Option<&'static str> {
    if let Some(program) = tool.program() {
        return Some(program);
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let what = if part.is_empty() {
        test.to_string()
    } else {
        format!("{test} ({part})")
    };
    assert!(
        !in_ci(),
        "{what} needs {}, which is missing on this CI machine: {}",
        tool.name(),
        tool.install()
    );
    // Straight to the process's stderr, past the test harness's capture, so that a passing run
    // names what it skipped.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {what} needs {}, not found here (install: {}; CI=1 makes this a failure)",
        tool.name(),
        tool.install()
    );
    None
}
