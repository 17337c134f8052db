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

/// The rejects file of `args` (with `--rejects` added): `(row, problem, reason)` per line.
fn rejects(dir: &std::path::Path, args: &[&str]) -> Vec<(String, String, String)> {
    let out = dir.join("rejects.csv");
    let mut a = args.to_vec();
    a.extend(["--rejects", out.to_str().unwrap(), "totals"]);
    let o = run(&a);
    assert!(o.status.code().is_some_and(|c| c < 2), "{a:?}: {o:?}");
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&out)
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r[2].to_string(), r[3].to_string())
        })
        .collect()
}

#[test]
fn a_spreadsheet_error_in_a_weight_or_date_cell_was_called_not_a_number() {
    // Issue 24, item 6: `#N/A` in a weight was "weight '#N/A' is not a number", `#REF!` in a
    // date "not a date": nothing said that a formula failed, nor how to fix the file.
    let text = "出售人,收购人,物种,重量,交易时间,单价,可信度\n\
                张三,李四,眼镜蛇,＃N/A,2022-04-01,,\n\
                张三,李四,眼镜蛇,5斤,#REF!,,\n\
                张三,李四,眼镜蛇,5斤,2022-04-02,＃ＶＡＬＵＥ!,\n\
                张三,李四,眼镜蛇,5斤,2022-04-03,80元/斤,＃DIV/0!\n\
                李四,王五,眼镜蛇,四十斤,2022-04-05,,\n";
    let (d, path) = file("交易.csv", text);
    let r = rejects(d.path(), &["-i", &path]);
    let cells: Vec<(&str, &str, &str)> = r
        .iter()
        .map(|(row, p, why)| (row.as_str(), p.as_str(), why.as_str()))
        .collect();
    assert_eq!(cells.len(), 4, "{cells:?}");
    for ((row, problem, why), (want_row, column, value)) in cells.iter().zip([
        // Quoted as typed (full width), as a user searches the file for it.
        ("2", "weight", "＃N/A"),
        ("3", "date", "#REF!"),
        ("4", "price", "＃ＶＡＬＵＥ!"),
        ("5", "confidence", "＃DIV/0!"),
    ]) {
        assert_eq!((*row, *problem), (want_row, "unknown_cell"), "{why}");
        let said = format!("column '{column}': '{value}' is a spreadsheet error");
        assert!(why.contains(&said), "{said:?} not in {why}");
        assert!(why.contains("fix the formula in the workbook"), "{why}");
    }
    // The rows stay, their other cells read: 5 + 5 + 5 + 40 斤 known, one weight unknown.
    let v: serde_json::Value =
        serde_json::from_slice(&run(&["-i", &path, "totals", "--format", "json"]).stdout).unwrap();
    assert_eq!(v["input"]["accepted"], 5, "{v}");
    assert_eq!(v["rows"][0]["weight_kg"], 27.5, "{v}");
    // In Chinese too.
    let zh = String::from_utf8(run(&["--lang", "zh", "-i", &path, "validate"]).stdout).unwrap();
    assert!(zh.contains("“＃N/A”是表格的错误值"), "{zh}");
}

#[test]
fn a_name_of_blank_braille_became_a_party() {
    // Issue 24, item 9: U+2800 shows as a space and is no letter; a seller of it was a party
    // named `⠀` with the row's weight, where an empty seller is refused.
    let text = "出售人,收购人,物种,重量,交易时间\n\
                \u{2800},李四,眼镜蛇,5斤,2022-04-01\n\
                张三,\u{2800}\u{2800},眼镜蛇,5斤,2022-04-01\n\
                张三,李四,眼镜蛇,5斤,2022-04-01\n";
    let (d, path) = file("交易.csv", text);
    let r = rejects(d.path(), &["-i", &path]);
    assert_eq!(r.len(), 2, "{r:?}");
    for (row, problem, why) in &r {
        assert_eq!(problem, "refused", "row {row}: {why}");
        assert!(
            why.contains("\\u{2800}"),
            "row {row}: the cell shown escaped: {why}"
        );
    }
}

#[test]
fn a_time_zone_or_duration_parquet_column_was_refused_in_english_under_lang_zh() {
    // Issue 24, item 1 (the time-zone and duration half): refused naming the column, but in
    // English under `--lang zh`, and telling a time zone to "cast it to string, which keeps every
    // digit", advice for a DECIMAL.
    use polars::prelude::*;
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("交易.parquet");
    let text = |name: &str, v: &[&str]| Column::new(name.into(), v);
    let took = Series::new("用时".into(), &[3_600_000i64, 7_200_000])
        .cast(&DataType::Duration(TimeUnit::Milliseconds))
        .unwrap()
        .into_column();
    let mut df = DataFrame::new(
        2,
        vec![
            text("出售人", &["张三", "李四"]),
            text("收购人", &["李四", "王五"]),
            text("物种", &["眼镜蛇", "眼镜蛇"]),
            text("重量", &["50斤", "40斤"]),
            took,
        ],
    )
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut df)
        .unwrap();
    let path = path.to_str().unwrap();
    let zone = crate::util::fixture("parquet_types/timestamp_utc.parquet");
    for (file, en, zh) in [
        (
            path,
            "交易.parquet: column 用时 is a duration, which wildchain does not read: store it as \
             text or as a number of seconds",
            "交易.parquet：列 用时 是时长，wildchain 不读取这种类型：请把它存为文本或秒数",
        ),
        (
            zone.as_str(),
            "timestamp_utc.parquet: column date is a datetime with a time zone (+00:00), which \
             wildchain does not read: store it as a datetime without a time zone, in local time",
            "timestamp_utc.parquet：列 date 是带时区（+00:00）的日期时间，wildchain 不读取这种类型：\
             请把它存为不带时区的本地时间",
        ),
    ] {
        let e = crate::util::fails(&["-i", file, "analyze"], 1);
        assert!(e.contains(en), "{en:?} not in {e}");
        let z = crate::util::fails(&["--lang", "zh", "-i", file, "analyze"], 1);
        assert!(z.contains(zh), "{zh:?} not in {z}");
    }
}
