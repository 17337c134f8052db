//! A re-probe of issue 24, items 1–15, on what the earlier tests (`hardening_*.rs`, `fuzz_*.rs`)
//! did not reach: each case reproduced from the words on files typed as an officer types
//! them (Chinese headers, 斤, typos). Each test is named for what broke before it was fixed.

use std::io::Read as _;
use std::os::fd::{FromRawFd as _, OwnedFd};
use std::process::{Command, Stdio};

use crate::util::{file, run};

/// A controlling-terminal stand-in: the master and the slave of a new pseudo-terminal.
fn pty() -> (std::fs::File, std::fs::File) {
    // SAFETY: plain libc calls on a descriptor this function owns; each result is checked.
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0, "posix_openpt");
        assert_eq!(libc::grantpt(master), 0, "grantpt");
        assert_eq!(libc::unlockpt(master), 0, "unlockpt");
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(
            libc::ptsname_r(master, name.as_mut_ptr(), name.len()),
            0,
            "ptsname_r"
        );
        let path = std::ffi::CStr::from_ptr(name.as_ptr())
            .to_str()
            .unwrap()
            .to_string();
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .unwrap();
        (std::fs::File::from(OwnedFd::from_raw_fd(master)), slave)
    }
}

/// What wildchain writes to a terminal (its standard output a pseudo-terminal) with `args`, run
/// in `dir`.
fn on_terminal(dir: &std::path::Path, args: &[&str]) -> String {
    let (mut master, slave) = pty();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wildchain"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Read while it writes (a terminal holds only a few kB); the end is an error (EIO) once
    // every holder of the slave has closed it.
    let reader = std::thread::spawn(move || {
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        got
    });
    let status = child.wait().unwrap();
    let got = reader.join().unwrap();
    assert!(status.code().is_some_and(|c| c < 2), "{args:?}: {status}");
    String::from_utf8_lossy(&got).into_owned()
}

/// The control characters of `text` that act on a terminal (all but line break, carriage return
/// and tab: the terminal itself turns `\n` into `\r\n`).
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

#[test]
fn csv_to_a_terminal_let_escape_sequences_in_names_act_on_it() {
    // Issue 24, item 14: `links`, `normalize` and `--format csv` keep cells exact (as they must in
    // a file), and so wrote `ESC[1A ESC[2K` in a party name straight to the officer's terminal,
    // erasing the line above.
    let text = "出售人,收购人,物种,重量,交易时间\n\
                张三\u{1b}[1A\u{1b}[2K,李四,眼镜蛇,50斤,2022-04-01\n\
                李四,王五\u{9b}2K,眼镜蛇\u{1b}]0;pwn\u{7},40斤,2022-04-03\n";
    let (d, path) = file("交易.csv", text);
    for args in [
        vec!["-i", path.as_str(), "links"],
        vec!["-i", path.as_str(), "normalize"],
        vec![
            "-i",
            path.as_str(),
            "totals",
            "--by",
            "seller",
            "--format",
            "csv",
        ],
        vec!["-i", path.as_str(), "players", "--format", "csv"],
        vec!["-i", path.as_str(), "export", "--to", "i2"],
    ] {
        let shown = on_terminal(d.path(), &args);
        assert_eq!(controls(&shown), Vec::<char>::new(), "{args:?}:\n{shown}");
        assert!(
            shown.contains("\\u{1b}[1A\\u{1b}[2K") || shown.contains("\\u{9b}2K"),
            "{args:?}: the names are shown, escaped:\n{shown}"
        );
    }
    // Into a pipe or a file, CSV keeps every cell exact.
    let out = run(&["-i", &path, "links"]);
    let piped = String::from_utf8(out.stdout).unwrap();
    assert!(piped.contains("张三\u{1b}[1A\u{1b}[2K"), "{piped}");
}
