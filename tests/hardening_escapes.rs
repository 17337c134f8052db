//! Hostile names of issue 24 (items 14 and 9): control characters that would act on the
//! terminal or break an XML file, and names made only of invisible characters. Each test is
//! named for what broke before it was fixed.

use crate::util::{Tool, fails, file, json, needs, needs_for, ok, run};

/// A case whose names hold a cursor-up and erase-line sequence, BEL, DEL, a C1 control (CSI,
/// U+009B) and C0 controls; one row with a bad weight (so that a warning is printed).
const CONTROL_NAMES: &str = "seller,buyer,species,weight,date\n\
    \"evil\x1b[1A\x1b[2Kname\",b,x,1kg,2022-01-01\n\
    b,c,x,2kg,2022-01-02\n\
    b,\"bell\x07\x7f\u{9b}z\",x,3kg,2022-01-03\n\
    c,d,x,abc,2022-01-04\n\
    \"e\x01\x08\",d,x,1kg,2022-01-05\n";

const EVIL_SHOWN: &str = r"evil\u{1b}[1A\u{1b}[2Kname";

/// True when `s` holds a character a terminal acts on (C0 other than line break, DEL, C1).
fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n')
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal_raw() {
    // `ESC[1A ESC[2K` in a party name erased the line above in `analyze`, `players` and every
    // table: a case file could hide rows from the officer reading it.
    let (_d, path) = file("control.csv", CONTROL_NAMES);
    for cmd in [
        &["analyze"][..],
        &["players"],
        &["chains"],
        &["networks"],
        &["balance"],
        &["leads"],
        &["totals", "--by", "seller"],
        &["upstream", "d"],
        &["downstream", "evil\x1b[1A\x1b[2Kname"],
        &["--lang", "zh", "upstream", "bell\x07\x7f\u{9b}z"],
        &["validate"],
    ] {
        let mut args = vec!["-i", path.as_str()];
        args.extend(cmd);
        let out = run(&args);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(!out.stdout.contains(&0x1b), "{cmd:?}: ESC on stdout");
        assert!(!has_control(&stdout), "{cmd:?}:\n{stdout}");
        assert!(!has_control(&stderr), "{cmd:?}:\n{stderr}");
    }
    let cycle = "seller,buyer,species,weight,date\n\
                 \"a\x1b[2K\",b,x,1kg,2022-01-01\n\
                 b,\"a\x1b[2K\",x,1kg,2022-01-02\n";
    let (_c, cycle) = file("cycle.csv", cycle);
    for cmd in ["analyze", "networks"] {
        let out = ok(&["-i", &cycle, cmd]);
        assert!(!has_control(&out), "{cmd}: the cycles:\n{out}");
    }
    // A file name is shown the same way, in the report's first line and in the warnings.
    let (_f, named) = file("f\x1b[2K.csv", CONTROL_NAMES);
    let out = run(&["-i", &named, "analyze"]);
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b));
    let players = ok(&["-i", &path, "analyze"]);
    assert!(players.contains(EVIL_SHOWN), "{players}");
    assert!(players.contains(r"bell\u{7}\u{7f}\u{9b}z"), "{players}");
}

#[test]
fn escaped_names_keep_the_table_columns_aligned() {
    // A raw control character counted as no column: the cells after it were misaligned.
    let (_d, path) = file("control.csv", CONTROL_NAMES);
    let table = ok(&["-i", &path, "players"]);
    let width = unicode_width::UnicodeWidthStr::width;
    let mut lines = table.lines();
    let header = lines.next().expect("a header");
    let title = "chain share";
    let end = width(&header[..header.find(title).expect("the title") + title.len()]);
    let mut rows = 0;
    // The table ends at the first empty line (a footer may follow it).
    for line in lines.take_while(|l| !l.is_empty()) {
        // The second column is right-aligned: every row's figure ends where its title ends.
        let name_end = line.find("  ").expect("two spaces after the name");
        let rest = line[name_end..].trim_start();
        let figure = rest.split(' ').next().expect("a figure");
        let before = line.len() - rest.len();
        assert_eq!(width(&line[..before + figure.len()]), end, "{table}");
        rows += 1;
    }
    assert_eq!(rows, 6, "{table}");
    assert!(table.contains(EVIL_SHOWN), "{table}");
}

#[test]
fn warnings_and_errors_quote_control_characters_escaped() {
    // Warnings on stderr and error messages quoted the cell raw.
    let (_d, path) = file(
        "w.csv",
        "seller,buyer,species,weight,date\n\
         a,b,\"sp\x1b[2K\",1kg,2022-01-01\n\
         a,b,x,\"9\x1b[1Akg\",2022-01-02\n",
    );
    let out = run(&["-i", &path, "analyze"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!has_control(&stderr), "{stderr}");
    assert!(stderr.contains(r"'9\u{1b}[1Akg'"), "{stderr}");
    assert!(stderr.contains(r"'sp\u{1b}[2K'"), "{stderr}");
    let strict = fails(&["-i", &path, "--strict", "analyze"], 1);
    assert!(!has_control(&strict), "{strict}");
    assert!(strict.contains(r"\u{1b}[1Akg"), "{strict}");
    let (_d2, ctl) = file("control.csv", CONTROL_NAMES);
    let missing = fails(&["-i", &ctl, "upstream", "zz\x1b[2K"], 1);
    assert!(!has_control(&missing), "{missing}");
    assert!(missing.contains(r"zz\u{1b}[2K"), "{missing}");
}

#[test]
fn validate_lists_merged_spellings_and_duplicates_escaped() {
    // `validate` wrote the spellings it merged and the likely duplicates raw.
    let (_d, path) = file(
        "merged.csv",
        "seller,buyer,species,weight,date\n\
         \"ev\x1bil\",b,x,1kg,2022-01-01\n\
         \"ev\x1bil\u{200b}\",b,x,1kg,2022-01-02\n\
         \"EV\x1bIL\",b,x,1kg,2022-01-03\n",
    );
    for lang in ["en", "zh"] {
        let out = run(&["-i", &path, "--lang", lang, "validate"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!has_control(&stdout), "{stdout}");
        assert!(stdout.contains(r"ev\u{1b}il\u{200b}"), "{stdout}");
        assert!(stdout.contains(r"EV\u{1b}IL"), "{stdout}");
    }
}

#[test]
fn json_and_csv_keep_control_characters_exact() {
    // Scripts get the data as it is: JSON escapes by itself, CSV keeps the cell.
    let (_d, path) = file("control.csv", CONTROL_NAMES);
    let v = json(&["-i", &path, "players"]);
    let text = v.to_string();
    assert!(text.contains("evil\\u001b[1A\\u001b[2Kname"), "{text}");
    let csv = ok(&["-i", &path, "players", "--format", "csv"]);
    assert!(csv.contains("evil\x1b[1A\x1b[2Kname"), "{csv}");
}

/// Parses `path` with Python's XML parser; the parser's complaint when it is not well-formed.
fn parses_as_xml(python: &str, path: &str) -> Result<(), String> {
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])",
            path,
        ])
        .output()
        .map_err(|e| e.to_string())?;
    match out.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

#[test]
fn control_characters_in_names_leave_dot_svg_graphml_and_gexf_well_formed() {
    // C0 characters went raw into DOT, and Graphviz copied them into an SVG that was not
    // well-formed XML (a browser refused it).
    let (dir, path) = file("control.csv", CONTROL_NAMES);
    let dot = ok(&["-i", &path, "dot"]);
    assert!(!has_control(&dot.replace('\t', "")), "{dot}");
    assert!(dot.contains("evil\u{241b}[1A\u{241b}[2Kname"), "{dot}");
    let out = |name: &str| dir.path().join(name).display().to_string();
    for (to, name) in [("graphml", "x.graphml"), ("gexf", "x.gexf")] {
        ok(&["-i", &path, "export", "--to", to, "-o", &out(name)]);
    }
    let Some(python) = needs(Tool::Python) else {
        return;
    };
    for name in ["x.graphml", "x.gexf"] {
        assert_eq!(parses_as_xml(python, &out(name)), Ok(()), "{name}");
    }
    if needs_for(Tool::Graphviz, "SVG").is_some() {
        ok(&["-i", &path, "dot", "--render", "svg", "-o", &out("x.svg")]);
        assert_eq!(parses_as_xml(python, &out("x.svg")), Ok(()));
    }
}

#[test]
fn a_name_of_invisible_characters_is_refused_as_empty_not_a_party_named_nothing() {
    // A seller of U+200B alone became a party named "" with customers, where an empty seller
    // is promised to refuse the row.
    let (dir, path) = file(
        "invisible.csv",
        "seller,buyer,species,weight,date\n\
         \u{200b},b,x,1kg,2022-01-01\n\
         \u{ad}\u{2060},c,x,1kg,2022-01-02\n\
         a,\u{feff},x,1kg,2022-01-03\n\
         a,b,\u{200b} ,1kg,2022-01-04\n\
         a,b,x,1kg,2022-01-05\n",
    );
    let v = json(&["-i", &path, "players"]);
    let text = v.to_string();
    assert!(!text.contains("\"\""), "a party named nothing: {text}");
    let rejects = dir.path().join("rejects.csv").display().to_string();
    let out = run(&["-i", &path, "--rejects", &rejects, "analyze"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // An invisible species does not refuse its row: the species is unknown (未知物种).
    assert!(
        stderr.contains("3 of 5 rows rejected and left out"),
        "{stderr}"
    );
    assert!(stderr.contains("1 cell unknown in 1 row"), "{stderr}");
    assert!(
        stderr.contains(
            r"invisible.csv row 2: column 'seller' is empty: it holds only invisible characters '\u{200b}'"
        ),
        "{stderr}"
    );
    let strict = fails(&["-i", &path, "--strict", "analyze"], 1);
    for line in [
        r"invisible.csv row 3: column 'seller' is empty: it holds only invisible characters '\u{ad}\u{2060}'",
        r"invisible.csv row 4: column 'buyer' is empty: it holds only invisible characters '\u{feff}'",
        r"invisible.csv row 5: column 'species' is empty: it holds only invisible characters '\u{200b}'",
    ] {
        assert!(strict.contains(line), "{line} in:\n{strict}");
    }
    // The rejects file keeps the cell as it was.
    let kept = std::fs::read_to_string(&rejects).expect("the rejects file");
    assert!(kept.contains("\u{ad}\u{2060},c,x"), "{kept}");
}

#[test]
fn a_links_file_name_of_invisible_characters_is_refused_as_empty() {
    // The `--links` reader names parties through the same pass: a seller of U+200B was a party.
    let (_d, path) = file(
        "links.csv",
        "seller,buyer,species,weight_kg,transactions,first_date,last_date\n\
         \u{200b},b,x,1,1,2022-01-01,2022-01-01\n\
         a,b,x,1,1,2022-01-01,2022-01-01\n",
    );
    let strict = fails(&["--links", &path, "--strict", "players"], 1);
    assert!(
        strict.contains(r"column 'seller' is empty: it holds only invisible characters '\u{200b}'"),
        "{strict}"
    );
    let v = json(&["--links", &path, "players"]);
    assert!(!v.to_string().contains("\"\""), "{v}");
}
