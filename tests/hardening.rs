//! Hostile and pathological inputs: each test is named for what broke before it was fixed
//! (issue 11), and fails when that breaks again.

use crate::util::{fails, file, generated, json, ok, run};

/// A straight chain p0 → p1 → … of `hops` links, one row each.
fn straight_chain(hops: usize) -> String {
    let mut s = String::from("seller,buyer,species,weight,date\n");
    for i in 0..hops {
        s.push_str(&format!("p{i:06},p{:06},x,1,2022-01-01\n", i + 1));
    }
    s
}

#[test]
fn deep_chain_of_100000_hops_does_not_overflow_the_stack() {
    // petgraph's recursive tarjan_scc aborted (exit 134) from about 90,000 hops on.
    let (_d, path) = file("deep.csv", straight_chain(100_000));
    let v = json(&["-i", &path, "networks"]);
    assert_eq!(
        v["networks"][0]["parties"].as_array().map(Vec::len),
        Some(100_001)
    );
    let dot = ok(&[
        "-i",
        &path,
        "upstream",
        "p000050",
        "--format",
        "dot",
        "--max-nodes",
        "0",
    ]);
    assert_eq!(dot.matches("->").count(), 50);
}

/// s → a; a → t0 and a → sink; t0..t(k-1) a complete digraph whose every party sells back to a.
fn trap(k: usize) -> String {
    let t = |i: usize| format!("t{i:02}");
    let mut rows = vec![
        ("s".to_string(), "a".to_string()),
        ("a".to_string(), t(0)),
        ("a".to_string(), "sink".to_string()),
    ];
    for i in 0..k {
        rows.push((t(i), "a".to_string()));
        for j in (0..k).filter(|&j| j != i) {
            rows.push((t(i), t(j)));
        }
    }
    let mut s = String::from("seller,buyer,species,weight,date\n");
    for (a, b) in rows {
        s.push_str(&format!("{a},{b},x,1,2022-01-01\n"));
    }
    s
}

#[test]
fn chains_in_a_cyclic_trap_take_no_exponential_time() {
    // 13 parties in the trap took 44 s, 14 over a minute (`chains`, `analyze`, `--temporal`).
    let (_d, path) = file("trap.csv", trap(30));
    let started = std::time::Instant::now();
    for temporal in [false, true] {
        let mut args = vec!["-i", path.as_str(), "chains", "--limit", "10"];
        if temporal {
            args.push("--temporal");
        }
        let v = json(&args);
        assert_eq!(crate::util::paths(&v), ["s>a>sink"]);
        assert_eq!(v["truncated"], false);
        assert_eq!(v["cut"], false);
    }
    let v = json(&["-i", &path, "analyze"]);
    assert_eq!(v["chains"].as_array().map(Vec::len), Some(1));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn chains_through_a_party_of_the_trap_are_cut_after_the_work_budget_and_say_so() {
    let (_d, path) = file("trap.csv", trap(14));
    let started = std::time::Instant::now();
    let v = json(&["-i", &path, "chains", "--through", "t05"]);
    assert_eq!(v["cut"], true);
    assert_eq!(v["truncated"], true);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let table = ok(&["-i", &path, "chains", "--through", "t05"]);
    assert!(table.starts_with("0 chains (search cut"), "{table}");
}

/// A minimal .xlsx with inline-string cells `(reference, text)`, then `pad` MiB of an XML comment
/// inside the sheet (compresses about 1000 to 1).
fn xlsx(path: &std::path::Path, cells: &[(&str, &str)], pad: usize) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().large_file(true);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
    let mut row = 0;
    for (r, t) in cells {
        let n: String = r.chars().filter(char::is_ascii_digit).collect();
        if n != row.to_string() {
            if row != 0 {
                z.write_all(b"</row>").unwrap();
            }
            row = n.parse().unwrap();
            write!(z, r#"<row r="{n}">"#).unwrap();
        }
        write!(z, r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#).unwrap();
    }
    z.write_all(b"</row>").unwrap();
    let mib = vec![b'x'; 1 << 20];
    for _ in 0..pad {
        z.write_all(b"<!--").unwrap();
        z.write_all(&mib).unwrap();
        z.write_all(b"-->").unwrap();
    }
    z.write_all(b"</sheetData></worksheet>").unwrap();
    z.finish().unwrap();
}

const XLSX_HEADER: [(&str, &str); 5] = [
    ("A1", "seller"),
    ("B1", "buyer"),
    ("C1", "species"),
    ("D1", "weight"),
    ("E1", "date"),
];

#[test]
fn zip_bomb_workbook_is_refused_by_its_unpacked_size() {
    // A 2 MB .xlsx whose sheet unpacked to 2 GB took 2 GB of memory; 12.5 MB aborted.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    xlsx(&path, &XLSX_HEADER, 300);
    let packed = std::fs::metadata(&path).unwrap().len();
    assert!(packed < 3_000_000, "{packed}");
    let err = fails(&["-i", path.to_str().unwrap(), "analyze"], 1);
    assert!(err.contains("bomb.xlsx"), "{err}");
    assert!(err.contains("unpacks to more than"), "{err}");
    assert!(err.contains("xl/worksheets/sheet1.xml"), "{err}");
}

#[test]
fn stray_cell_at_xfd1048576_is_refused_not_an_allocation_abort() {
    // calamine allocates the rectangle the cells span: 17 billion cells from a 1.6 kB file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corner.xlsx");
    let mut cells = XLSX_HEADER.to_vec();
    cells.extend([
        ("A2", "a"),
        ("B2", "b"),
        ("C2", "x"),
        ("D2", "1"),
        ("E2", "2022-01-01"),
    ]);
    xlsx(&path, &cells, 0);
    let v = json(&["-i", path.to_str().unwrap(), "totals"]);
    assert_eq!(v["rows"][0]["weight_kg"], 1.0, "the small sheet reads");
    cells.push(("XFD1048576", "x"));
    xlsx(&path, &cells, 0);
    let err = fails(&["-i", path.to_str().unwrap(), "analyze"], 1);
    assert!(err.contains("XFD1048576"), "{err}");
}

/// Names that a spreadsheet would run as formulas, and one that already starts with a quote.
const FORMULAS: &str = "seller,buyer,species,weight,date\n\
\"=cmd|' /C calc'!A0\",+SUM(1),x,1,2022-01-01\n\
+SUM(1),@x,x,2,2022-01-02\n\
@x,-2+3,=HYPERLINK(1),3,2022-01-03\n\
'=quoted,-2+3,x,4,2022-01-04\n\
=bad row,,x,5,2022-01-05\n";

/// Every cell of a CSV text, parsed.
fn cells(csv_text: &str) -> Vec<String> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv_text.as_bytes())
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

fn no_formula(cells: &[String]) {
    for c in cells {
        assert!(
            !matches!(c.as_bytes().first(), Some(b'=' | b'+' | b'@')),
            "a cell starts a formula: {c:?}"
        );
        // Numbers the tool writes may be negative; names never start with an unguarded '-'.
        assert!(!c.starts_with("-2+3"), "{c:?}");
    }
}

#[test]
fn formula_names_are_guarded_in_every_csv_output() {
    // `=cmd|' /C calc'!A0`, `+SUM(1)`, `@x`, `-2+3` came out raw and Excel ran them.
    let (d, path) = file("formulas.csv", FORMULAS);
    let rejects = d.path().join("rejects.csv");
    let rejects = rejects.to_str().unwrap();
    let outputs = [
        ok(&[
            "-i",
            &path,
            "--rejects",
            rejects,
            "analyze",
            "--format",
            "csv",
        ]),
        ok(&["-i", &path, "links"]),
        ok(&["-i", &path, "totals", "--by", "link", "--format", "csv"]),
        ok(&["-i", &path, "totals", "--by", "species", "--format", "csv"]),
        ok(&["-i", &path, "chains", "--format", "csv"]),
        std::fs::read_to_string(rejects).unwrap(),
    ];
    for out in &outputs {
        let c = cells(out);
        no_formula(&c);
        assert!(c.iter().any(|c| c.starts_with("'")), "{out}");
    }
    let links = cells(&outputs[1]);
    assert!(
        links.contains(&"'=cmd|' /C calc'!A0".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"''=quoted".to_string()), "{links:?}");
    let rejected = cells(&outputs[5]);
    assert!(rejected.contains(&"'=bad row".to_string()), "{rejected:?}");
    // --raw-csv gives the bytes.
    let raw = cells(&ok(&["-i", &path, "--raw-csv", "links"]));
    assert!(raw.contains(&"=cmd|' /C calc'!A0".to_string()), "{raw:?}");
    assert!(raw.contains(&"'=quoted".to_string()), "{raw:?}");
}

#[test]
fn guarded_links_read_back_give_the_same_case() {
    let (d, path) = file("formulas.csv", FORMULAS);
    let links = d.path().join("links.csv");
    ok(&["-i", &path, "links", "-o", links.to_str().unwrap()]);
    let mut direct = json(&["-i", &path, "analyze"]);
    let mut again = json(&["--links", links.to_str().unwrap(), "analyze"]);
    // The input counts differ by nature (rows vs links); everything else is the same case.
    direct["input"] = serde_json::Value::Null;
    again["input"] = serde_json::Value::Null;
    // A lead's rows of evidence are rows of the file read: rows, or links.
    for v in [&mut direct, &mut again] {
        for l in v["leads"].as_array_mut().into_iter().flatten() {
            l["evidence"] = serde_json::Value::Null;
        }
    }
    assert_eq!(direct, again);
    let names: Vec<&str> = direct["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"=cmd|' /C calc'!A0") && names.contains(&"'=quoted"),
        "{names:?}"
    );
}

#[test]
fn weight_of_400_digits_is_an_unknown_cell_not_inf() {
    // It was accepted as inf: tables and `links` printed inf, JSON weight_kg null with
    // unknown_weight 0, and the links output was refused when read back. Now its row is kept
    // with the weight unknown (counted in unknown_weight), and the cell is named.
    let huge = format!("1{}", "0".repeat(400));
    let text =
        format!("seller,buyer,species,weight,date\na,b,x,{huge},2022-01-01\na,c,x,2,2022-01-01\n");
    let (d, path) = file("huge.csv", text);
    let v = json(&["-i", &path, "totals"]);
    assert_eq!(v["input"]["rejected"], 0);
    assert_eq!(v["input"]["unknown_cells"], 1);
    assert_eq!(v["rows"][0]["weight_kg"], 2.0);
    assert_eq!(v["rows"][0]["unknown_weight"], 1);
    let rejects = d.path().join("r.csv");
    ok(&[
        "-i",
        &path,
        "--rejects",
        rejects.to_str().unwrap(),
        "totals",
    ]);
    let r = std::fs::read_to_string(&rejects).unwrap();
    assert!(r.contains("too large") && r.contains(&huge), "{r}");
    let links = ok(&["-i", &path, "links"]);
    assert!(!links.contains("inf"), "{links}");
}

#[test]
fn rejects_or_output_onto_the_input_are_refused_and_the_input_is_kept() {
    // `--rejects r.csv -i r.csv` replaced the input and lost the rejected rows' cells; `-o` onto
    // the input silently overwrote it.
    let text = "seller,buyer,species,weight,date\na,b,x,1,2022-01-01\na,a,x,2,2022-01-01\n";
    let (d, path) = file("r.csv", text);
    let dir = d.path().to_str().unwrap();
    let err = fails(&["-i", &path, "--rejects", &path, "totals"], 1);
    assert!(
        err.contains("refusing to write") && err.contains("r.csv"),
        "{err}"
    );
    let err = fails(&["-i", &path, "-o", &path, "totals"], 1);
    assert!(err.contains("refusing to write"), "{err}");
    // The same file by another name is still the input.
    let other = format!("{dir}/./r.csv");
    fails(&["-i", &path, "-o", &other, "totals"], 1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn output_replaces_a_file_whole_and_leaves_no_temporary_file() {
    let (d, path) = file(
        "in.csv",
        "seller,buyer,species,weight,date\na,b,x,1,2022-01-01\n",
    );
    let out = d.path().join("out.csv");
    std::fs::write(
        &out,
        "old contents that are longer than the new ones ".repeat(1000),
    )
    .unwrap();
    ok(&[
        "-i",
        &path,
        "-o",
        out.to_str().unwrap(),
        "totals",
        "--format",
        "csv",
    ]);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(
        written.starts_with("species,") && !written.contains("old"),
        "{written}"
    );
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // A failed command leaves the old file as it was.
    ok(&["-i", &path, "-o", out.to_str().unwrap(), "totals"]);
    let before = std::fs::read_to_string(&out).unwrap();
    fails(
        &[
            "-i",
            &path,
            "-o",
            out.to_str().unwrap(),
            "upstream",
            "nobody",
        ],
        1,
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), before);
}

#[test]
fn a_full_disk_is_an_error_naming_the_file() {
    // `-o /dev/full` named no file.
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let err = fails(&["-o", "/dev/full", "analyze"], 1);
    assert!(err.contains("/dev/full"), "{err}");
}

#[test]
fn a_100_mb_cell_gives_a_short_warning_with_its_start_and_length() {
    // A warning quoting a 100 MB cell wrote 100 MB to stderr (1 MB here).
    let big = "w".repeat(1_000_000);
    let text = format!(
        "seller,buyer,species,weight,date\na,b,x,{big},2022-01-01\na,c,x,1,{big}\na,d,{big},1,2022-01-01\na,e,x,1,2022-01-01\n"
    );
    let (_d, path) = file("big.csv", text);
    let out = run(&["-i", &path, "totals"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.len() < 2000, "{} bytes of messages", err.len());
    assert!(err.contains("(1000000 characters)"), "{err}");
}

#[test]
fn zero_width_and_bom_around_names_make_one_party() {
    // U+200B and U+FEFF made two identical-looking parties.
    let text = "seller,buyer,species,weight,date\n张三,b,x,1,2022-01-01\n\u{200B}张三,c,x,1,2022-01-01\n\u{FEFF}张三\u{FEFF},d,x,1,2022-01-01\n张\u{200B}三,e,x,1,2022-01-01\n";
    let (_d, path) = file("zw.csv", text);
    let v = json(&["-i", &path, "networks"]);
    let nets = v["networks"].as_array().unwrap();
    assert_eq!(nets.len(), 1, "{v}");
    assert_eq!(nets[0]["parties"].as_array().unwrap().len(), 5, "{v}");
    assert!(v.to_string().contains("\"张三\""), "{v}");
    assert!(!v.to_string().contains('\u{200B}') && !v.to_string().contains('\u{FEFF}'));
}

#[test]
fn validate_flags_names_merged_across_invisible_characters() {
    let text =
        "seller,buyer,species,weight,date\n张三,b,x,1,2022-01-01\n\u{200B}张三,c,x,1,2022-01-01\n";
    let (_d, path) = file("zw.csv", text);
    let v = json(&["-i", &path, "validate"]);
    let merged = v.to_string();
    assert!(
        merged.contains("\\u200b张三") || merged.contains("\u{200B}张三"),
        "{v}"
    );
}

#[test]
fn generate_replaces_its_output_and_truth_files_whole() {
    // `--truth` was truncated and written in place: a reader of the old file (here a hard link
    // to it) saw it change, and an error left half a file.
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    for f in ["data.csv", "truth.json"] {
        std::fs::write(p(f), "old").unwrap();
        std::fs::hard_link(p(f), p(&format!("{f}.link"))).unwrap();
    }
    ok(&[
        "-o",
        &p("data.csv"),
        "generate",
        "--rows",
        "500",
        "--truth",
        &p("truth.json"),
    ]);
    for f in ["data.csv", "truth.json"] {
        assert_eq!(
            std::fs::read_to_string(p(&format!("{f}.link"))).unwrap(),
            "old"
        );
        assert!(std::fs::read_to_string(p(f)).unwrap().len() > 100, "{f}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("wildchain-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let err = fails(&["generate", "--rows", "29", "--truth", "/dev/full"], 1);
    assert!(err.contains("/dev/full"), "{err}");
}

/// Runs wildchain with its standard output a pipe whose reader has already gone, as under
/// `wildchain … | head -1` once `head` has its line; returns the exit code and stderr.
fn into_a_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wildchain"))
        .args(args)
        .stdout(writer)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn a_closed_pipe_is_no_error_whether_the_output_is_small_or_large() {
    // Small outputs fail at the last flush (render::Output::finish, a typed error since render/
    // stopped speaking anyhow); large ones in the middle, under the JSON or the CSV writer (whose
    // own conversion to an io error made a closed pipe `Other`).
    let d = tempfile::tempdir().unwrap();
    let case = generated(d.path(), 3000, 1);
    for args in [
        &["totals"][..],
        &["--format", "json", "totals"],
        &["--format", "csv", "chains"],
        &["-i", &case, "--format", "json", "totals", "--by", "link"],
        &["-i", &case, "--format", "csv", "totals", "--by", "link"],
        &["-i", &case, "links"],
        &["-i", &case, "export", "--to", "i2"],
        &["-i", &case, "export", "--to", "graphml"],
        &["-i", &case, "report"],
    ] {
        let (code, err) = into_a_closed_pipe(args);
        let err: Vec<&str> = err.lines().filter(|l| !l.contains("warning")).collect();
        assert_eq!((code, err), (Some(0), vec![]), "{args:?}");
    }
}

#[test]
fn output_errors_say_what_they_said_word_for_word() {
    let (d, path) = file(
        "in.csv",
        "seller,buyer,species,weight,date\na,b,王锦蛇,1,2022-01-01\n",
    );
    let err = fails(&["-i", &path, "-o", &path, "links"], 1);
    assert_eq!(
        err,
        format!(
            "wildchain: refusing to write {path} : it is the input {path}; write to another file\n"
        )
    );
    let nowhere = d.path().join("no such folder").join("out.csv");
    let nowhere = nowhere.to_str().unwrap();
    let err = fails(&["-i", &path, "-o", nowhere, "links"], 1);
    assert_eq!(
        err,
        format!("wildchain: cannot create {nowhere}: No such file or directory (os error 2)\n")
    );
    if std::path::Path::new("/dev/full").exists() {
        for format in ["table", "json", "csv"] {
            let err = fails(&["-o", "/dev/full", "--format", format, "totals"], 1);
            assert_eq!(
                err, "wildchain: cannot write /dev/full: No space left on device (os error 28)\n",
                "{format}"
            );
        }
    }
}
