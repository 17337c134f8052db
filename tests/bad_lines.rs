//! Lines and rows that could not be read, or were read under the wrong number (issue 11): each
//! test is named for what broke before it was fixed, and fails when that breaks again.

use crate::util::{fails, file, json, ok, run};

#[test]
fn an_open_quote_names_the_file_and_line_not_polars_words() {
    // "CSV malformed …" named no line. After a quote that never closes the rest of the file is
    // one cell: nothing can be read on, so this stays an error.
    let text = "seller,buyer,species,weight,date\na,b,x,1,2022-01-01\n\"c,d,x,2,2022-01-02\ne,f,x,3,2022-01-03\n";
    let (_d, path) = file("bad.csv", text);
    let err = fails(&["-i", &path, "totals"], 1);
    assert!(
        err.contains("bad.csv") && err.contains("line 3 opens a quote"),
        "{err}"
    );
    assert!(!err.contains("malformed"), "{err}");
}

#[test]
fn ragged_rows_and_lone_carriage_returns_are_rejected_rows_and_the_rest_is_read() {
    // One such line refused the whole file, in polars' words ("found more fields than defined in
    // 'Schema' … Consider setting 'truncate_ragged_lines=true'", "CSV malformed …").
    let text = "seller,buyer,species,weight,date\n\
                a,b,穿山甲,1kg,2022-01-01\n\
                ragged,b,穿山甲,1kg,2022-01-01,extra,more\n\
                \n\
                c,d,穿山甲,2kg,2022-01-02\n\
                mac,d,穿山甲,2kg\rold,e,穿山甲,3kg,2022-01-02\r\n\
                e,,穿山甲,4kg,2022-01-03\n\
                g,h,穿山甲,8kg,2022-01-03\n";
    let (d, path) = file("bad.csv", text);
    let rejects = d.path().join("rejects.csv");
    let v = json(&[
        "-i",
        &path,
        "--rejects",
        rejects.to_str().unwrap(),
        "totals",
    ]);
    assert_eq!(
        (
            &v["input"]["rows"],
            &v["input"]["accepted"],
            &v["input"]["rejected"]
        ),
        (&6.into(), &3.into(), &3.into()),
        "{v}"
    );
    // The rows read are all there: 1 + 2 + 8 kg.
    let kg: f64 = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["weight_kg"].as_f64().unwrap())
        .sum();
    assert_eq!(kg, 11.0, "{v}");
    let listed = std::fs::read_to_string(&rejects).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(listed.as_bytes());
    let rows: Vec<(String, String, String)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[1].to_string(), rec[3].to_string(), rec[4].to_string())
        })
        .collect();
    assert_eq!(rows.len(), 3, "{listed}");
    // Rows are the lines a text editor shows: the header is line 1.
    assert_eq!((rows[0].0.as_str(), rows[0].2.as_str()), ("3", "ragged"));
    assert!(
        rows[0]
            .1
            .starts_with("the line has 7 fields where the header has 5")
            && rows[0]
                .1
                .contains("ragged,b,穿山甲,1kg,2022-01-01,extra,more"),
        "{listed}"
    );
    assert_eq!((rows[1].0.as_str(), rows[1].2.as_str()), ("6", "mac"));
    assert!(
        rows[1].1.contains("carriage return") && rows[1].1.contains("2kg\\rold"),
        "{listed}"
    );
    assert_eq!((rows[2].0.as_str(), rows[2].2.as_str()), ("7", "e"));
    // normalize reads the same rows under the same numbers, and rejects the same ones.
    let out = ok(&["normalize", &path]);
    let mut r = csv::ReaderBuilder::new().from_reader(out.as_bytes());
    let got: Vec<(u64, String, bool)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[1].parse().unwrap(),
                rec[2].to_string(),
                !rec[13].is_empty(),
            )
        })
        .collect();
    let want: Vec<(u64, String, bool)> = [
        (2, "a", false),
        (3, "ragged", true),
        (5, "c", false),
        (6, "mac", true),
        (7, "e", true),
        (8, "g", false),
    ]
    .map(|(r, s, x)| (r, s.to_string(), x))
    .to_vec();
    assert_eq!(got, want, "{out}");
    // --strict stops on them, naming the rows.
    let err = fails(&["-i", &path, "--strict", "totals"], 1);
    assert!(
        err.contains("bad.csv row 3: the line has 7 fields") && err.contains("bad.csv row 6: "),
        "{err}"
    );
    // validate groups them under the column `line` (and exits 1: rows were rejected).
    let out = run(&["-i", &path, "validate", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<(&str, &str)> = v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["column"].as_str().unwrap(), g["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("line", "too_many_fields")), "{v}");
    assert!(kinds.contains(&("line", "lone_carriage_return")), "{v}");
}

#[test]
fn a_row_with_text_only_in_a_column_not_read_is_rejected_not_dropped() {
    // It was dropped as blank, with no warning, even with --strict: a transaction typed into
    // the note column (or a subtotal) vanished unseen.
    let (d, path) = file(
        "note.csv",
        "seller,buyer,species,weight,date,note\n\
         a,b,穿山甲,1kg,2022-04-01,\n\
         ,,,,,张三卖给李四 5斤\n\
         ,,,,,\n\
         c,d,穿山甲,2kg,2022-04-01,\n",
    );
    let rejects = d.path().join("rejects.csv");
    let v = json(&[
        "-i",
        &path,
        "--rejects",
        rejects.to_str().unwrap(),
        "totals",
    ]);
    assert_eq!(
        (
            &v["input"]["rows"],
            &v["input"]["accepted"],
            &v["input"]["rejected"]
        ),
        (&3.into(), &2.into(), &1.into()),
        "{v}"
    );
    let listed = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(
        lines[1].starts_with(&format!("{path},3,")) && lines[1].ends_with(",,,,,,张三卖给李四 5斤"),
        "{listed}"
    );
    let err = fails(&["-i", &path, "--strict", "totals"], 1);
    assert!(err.contains("note.csv row 3"), "{err}");
}

/// The rows of the rejects file: (row, seller cell).
fn rejected_rows(listed: &str) -> Vec<(u64, String)> {
    let mut r = csv::ReaderBuilder::new().from_reader(listed.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[1].parse().unwrap(), rec[4].to_string())
        })
        .collect()
}

#[test]
fn empty_lines_do_not_shift_the_row_numbers_of_rejects_or_normalize() {
    // The csv crate skips empty lines that polars counts as rows: after an empty line the
    // rejects file showed the cells of the next row, and normalize numbered rows one short.
    let text = "seller,buyer,species,weight,date\r\n\
                a,b,穿山甲,1kg,\r\n\
                \r\n\
                bad1,,穿山甲,-1kg,\r\n\
                \"multi\n\nline\",c,穿山甲,1kg,\r\n\
                \n\
                \n\
                bad2,,穿山甲,-2kg,\r\n\
                bad3,,穿山甲,x,\r\n";
    let (d, path) = file("empty_lines.csv", text);
    let rejects = d.path().join("rejects.csv");
    ok(&[
        "-i",
        &path,
        "--rejects",
        rejects.to_str().unwrap(),
        "totals",
    ]);
    // The lines a text editor shows: the quoted cell spans lines 5 to 7.
    let want: Vec<(u64, String)> = [(4, "bad1"), (10, "bad2"), (11, "bad3")]
        .map(|(r, s)| (r, s.to_string()))
        .to_vec();
    assert_eq!(
        rejected_rows(&std::fs::read_to_string(&rejects).unwrap()),
        want
    );
    // normalize numbers the same rows alike, accepted ones too.
    let out = ok(&["normalize", &path]);
    let mut r = csv::ReaderBuilder::new().from_reader(out.as_bytes());
    let rows: Vec<(u64, String, bool)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[1].parse().unwrap(),
                rec[2].to_string(),
                rec[13].is_empty(),
            )
        })
        .collect();
    let expect: Vec<(u64, String, bool)> = [
        (2, "a", true),
        (4, "bad1", false),
        (5, "multi line", true),
        (10, "bad2", false),
        (11, "bad3", false),
    ]
    .map(|(r, s, a)| (r, s.to_string(), a))
    .to_vec();
    assert_eq!(rows, expect, "{out}");
}

#[test]
fn a_row_with_only_a_species_is_rejected_not_skipped_as_blank() {
    // The blank-row test read the species cell through the price column's code: a row with no
    // seller and no buyer but a species was counted as a skipped blank row, its transaction gone
    // without a reason.
    let text = "seller,buyer,species,weight,date\na,b,眼镜蛇,1kg,2022-01-01\n,,眼镜蛇,,\n";
    let (_d, path) = file("species_only.csv", text);
    let out = run(&["-i", &path, "validate", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a rejected row makes validate exit 1"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["input"]["rows"], 2, "{v}");
    assert_eq!(v["input"]["rejected"], 1, "{v}");
    assert_eq!(v["blank_rows"], 0, "{v}");
}

#[test]
fn a_price_beside_an_empty_seller_does_not_panic_the_blank_row_test() {
    // With a money column, the price's code indexed the species' table of non-empty cells: more
    // distinct prices than species panicked (index out of bounds, exit 101).
    let text = "seller,buyer,species,weight,date,单价\n\
                a,b,眼镜蛇,1kg,2022-01-01,1元/斤\n\
                c,d,眼镜蛇,1kg,2022-01-01,2元/斤\n\
                e,f,眼镜蛇,1kg,2022-01-01,3元/斤\n\
                ,,,,,4元/斤\n";
    let (_d, path) = file("price_only.csv", text);
    let out = run(&["-i", &path, "validate", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["input"]["rows"], 4, "{v}");
    assert_eq!(v["input"]["rejected"], 1, "{v}");
    assert_eq!(v["blank_rows"], 0, "{v}");
}
