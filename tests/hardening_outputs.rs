//! Outputs that destroyed files and inputs counted twice (issue 24, items 10 and 8): each test is
//! named for what broke before it was fixed, and fails when that breaks again.

use crate::util::{fails, ok, write};

const CASE: &str =
    "seller,buyer,species,weight,date\nA,B,pangolin,5kg,2022-01-01\nA,,pangolin,3kg,2022-01-02\n";

#[test]
fn rejects_onto_the_table_output_lost_the_rejected_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.csv", CASE);
    let out = dir.path().join("out.csv");
    let out = out.to_str().unwrap();
    let err = fails(&["-i", &input, "totals", "-o", out, "--rejects", out], 1);
    assert!(err.contains("it is also the output"), "{err}");
    assert!(!std::path::Path::new(out).exists(), "a file was written");
    // Through another spelling of the same name, and onto an existing file: kept as it was.
    std::fs::write(out, "kept\n").unwrap();
    let other = dir.path().join(".").join("out.csv");
    let err = fails(
        &[
            "-i",
            &input,
            "totals",
            "-o",
            out,
            "--rejects",
            other.to_str().unwrap(),
        ],
        1,
    );
    assert!(err.contains("it is also the output"), "{err}");
    assert_eq!(std::fs::read_to_string(out).unwrap(), "kept\n");
    // Without -o the table goes to standard output: rejected rows onto `-` would mix with it.
    let err = fails(&["-i", &input, "totals", "--rejects", "-"], 1);
    assert!(err.contains("standard output"), "{err}");
}

#[test]
fn generate_truth_onto_its_output_kept_only_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.csv");
    let out = out.to_str().unwrap();
    let err = fails(&["generate", "--rows", "50", "-o", out, "--truth", out], 1);
    assert!(err.contains("it is also the output"), "{err}");
    assert!(!std::path::Path::new(out).exists(), "a file was written");
}

#[test]
fn value_output_or_rejects_overwrote_the_values_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.csv", CASE);
    let values_text = "taxon,base_value_yuan,source,as_of\nManis pentadactyla,1000,x,2022-01-01\n";
    let values = write(dir.path(), "values.csv", values_text);
    for flag in ["-o", "--rejects"] {
        let err = fails(
            &["-i", &input, "value", "--values", &values, flag, &values],
            1,
        );
        assert!(err.contains("it is the input"), "{flag}: {err}");
        assert_eq!(std::fs::read_to_string(&values).unwrap(), values_text);
    }
}

#[test]
fn output_onto_a_symlink_replaced_the_link_instead_of_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.csv", CASE);
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "old\n").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink("target.txt", &link).unwrap();
    ok(&["-i", &input, "totals", "-o", link.to_str().unwrap()]);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced"
    );
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("pangolin"), "{written}");
    // A link whose target does not exist yet: the target is created, the link kept.
    let dangling = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink("new.txt", &dangling).unwrap();
    ok(&["-i", &input, "totals", "-o", dangling.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(dir.path().join("new.txt"))
            .unwrap()
            .contains("pangolin")
    );
    // No temporary file left beside either.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("wildchain-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn output_dash_wrote_a_file_named_dash_instead_of_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.csv", CASE);
    let plain = ok(&["-i", &input, "totals"]);
    let dash = ok(&["-i", &input, "totals", "-o", "-"]);
    assert_eq!(dash, plain);
}

#[test]
fn the_same_input_twice_counted_every_row_twice() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.csv", CASE);
    let copy = write(dir.path(), "copy.csv", CASE);
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("a.csv", &link).unwrap();
    let link = link.to_str().unwrap();
    let err = fails(&["-i", &a, "-i", &a, "totals"], 2);
    assert!(err.contains(&format!("{a} is given twice")), "{err}");
    let err = fails(&["-i", &a, "-i", link, "totals"], 2);
    assert!(
        err.contains(&format!("{link} is the same file as {a}")),
        "{err}"
    );
    let err = fails(&["-i", &a, "-i", &copy, "totals"], 2);
    assert!(
        err.contains(&format!("{copy} has the same content as {a}")),
        "{err}"
    );
    assert!(err.contains("every row would count twice"), "{err}");
    let err = fails(&["validate", &a, link], 2);
    assert!(err.contains("is the same file as"), "{err}");
    // Two different files of one size are read, each once.
    let other = write(dir.path(), "other.csv", CASE.replace("A,B", "A,C"));
    let totals = ok(&["-i", &a, "-i", &other, "totals", "--format", "csv"]);
    assert!(
        totals.contains(",10,") || totals.contains(",10.0,"),
        "{totals}"
    );
}

#[test]
fn the_same_links_file_twice_counted_every_link_twice() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.csv", CASE);
    let links_text = ok(&["-i", &a, "links", "--format", "csv"]);
    let links = write(dir.path(), "links.csv", &links_text);
    let copy = write(dir.path(), "links-copy.csv", &links_text);
    let err = fails(&["--links", &links, "--links", &links, "totals"], 2);
    assert!(err.contains("is given twice"), "{err}");
    let err = fails(&["--links", &links, "--links", &copy, "totals"], 2);
    assert!(err.contains("has the same content as"), "{err}");
}

#[test]
fn standard_input_holding_a_files_bytes_beside_that_file_counted_every_row_twice() {
    // An officer pipes the case in and names it too: `cat 案件.csv | wildchain -i - -i 案件.csv`.
    let case = "出售人,收购人,物种,重量,交易时间\n张三,李四,眼镜蛇,5斤,2022-04-01\n李四,王五,眼镜蛇,2斤,2022-04-02\n";
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "案件.csv", case);
    let out = crate::util::run_with_stdin(&["-i", "-", "-i", &a, "totals"], case.as_bytes());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{a} has the same content as <stdin>")),
        "{err}"
    );
    // Other bytes on standard input are read beside the file, each row once.
    let other = case.replace("张三", "赵六");
    let out = crate::util::run_with_stdin(
        &["-i", "-", "-i", &a, "totals", "--format", "json"],
        other.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows: u64 = (v["rows"].as_array().into_iter().flatten())
        .map(|r| {
            r["rows"]
                .as_u64()
                .or(r["transactions"].as_u64())
                .unwrap_or(0)
        })
        .sum();
    assert_eq!(rows, 4, "{v}");
}
