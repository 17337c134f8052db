//! The case model's promises: exact sums whatever the thread count, the bugs the integer-coded
//! model fixed (end buyers, negative stock in animals, the end of a month, the one-screen report).

use serde_json::json;

use crate::util::{balance_row, generated, json, ok, with_threads};

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 120_000, 7);
    for work in [
        vec!["analyze", "--format", "json"],
        vec!["totals", "--by", "link", "--format", "csv"],
        vec!["totals", "--by", "month", "--format", "json"],
        vec!["links"],
    ] {
        let mut args = vec!["-i", file.as_str()];
        args.extend(&work);
        let reference = with_threads(Some("1"), &args);
        assert!(reference.len() > 1000, "{work:?} printed little");
        for t in [Some("2"), Some("3"), Some("8"), Some("16"), None] {
            assert!(
                with_threads(t, &args) == reference,
                "{work:?} differs with POLARS_MAX_THREADS={t:?}"
            );
        }
    }
}

#[test]
fn weights_sum_exactly_in_milligrams() {
    // 0.1 + 0.2 kg is 0.30000000000000004 in floating point.
    let csv = "seller,buyer,species,weight,date\na,b,x,0.1kg,2022-01-01\na,b,x,0.2kg,2022-01-02\n";
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.csv");
    std::fs::write(&f, csv).unwrap();
    let v = json(&["-i", f.to_str().unwrap(), "totals"]);
    assert_eq!(v["rows"][0]["weight_kg"], 0.3);
}

#[test]
fn a_month_ends_on_its_last_day_not_on_a_day_inside_it() {
    let csv = "seller,buyer,species,weight,date\na,b,x,1kg,2023-12-07\na,b,x,1kg,2023年12月\n";
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.csv");
    std::fs::write(&f, csv).unwrap();
    let f = f.to_str().unwrap();
    let v = json(&["-i", f, "totals"]);
    assert_eq!(v["rows"][0]["first_date"], "2023-12");
    assert_eq!(v["rows"][0]["last_date"], "2023-12");
    let a = json(&["-i", f, "analyze"]);
    assert_eq!(a["summary"]["last_date"], "2023-12");
    let m = json(&["-i", f, "totals", "--by", "month"]);
    assert_eq!(m["rows"][0]["last_date"], "2023-12");
}

#[test]
fn selling_animals_before_buying_them_is_negative_stock() {
    let csv = "seller,buyer,species,weight,date\n\
               d,m,x,5只,2022-01-01\n\
               s,d,x,10只,2022-02-01\n\
               d,m,y,5kg,2022-01-01\n\
               s,d,y,10kg,2022-02-01\n";
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.csv");
    std::fs::write(&f, csv).unwrap();
    let v = json(&["-i", f.to_str().unwrap(), "balance"]);
    assert_eq!(
        balance_row(&v, "d", Some("x"))["negative_stock_date"],
        "2022-01-01"
    );
    assert_eq!(
        balance_row(&v, "d", Some("y"))["negative_stock_date"],
        "2022-01-01"
    );
}

#[test]
fn a_party_that_never_sells_is_an_end_buyer_not_unsold_stock() {
    let csv = "seller,buyer,species,weight,date\n\
               a,d,x,10kg,2022-01-01\n\
               d,zoo,x,4kg,2022-02-01\n";
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.csv");
    std::fs::write(&f, csv).unwrap();
    let v = json(&["-i", f.to_str().unwrap(), "balance"]);
    assert_eq!(balance_row(&v, "zoo", Some("x"))["status"], "end_buyer");
    // What it took in is still a figure.
    assert_eq!(
        balance_row(&v, "zoo", Some("x"))["difference_kg"],
        json!(-4.0)
    );
    // A dealer that kept stock still does.
    assert_eq!(balance_row(&v, "d", Some("x"))["status"], "unsold_stock");
    assert_eq!(balance_row(&v, "d", Some("x"))["bought_kg"], json!(10.0));
}

#[test]
fn the_table_report_shows_fifteen_leads_then_says_how_many_more() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 60_000, 7);
    let v = json(&["-i", &file, "analyze"]);
    let all = v["leads"].as_array().unwrap().len();
    let quiet = (v["leads"].as_array().unwrap().iter())
        .filter(|l| l["kind"] == "quiet_sources")
        .count();
    assert!(all > 15, "the generated case has only {all} leads");
    let text = ok(&["-i", &file, "analyze"]);
    let section: Vec<&str> = text
        .split("\nLeads\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .collect();
    // A header, a rule, 15 leads, and the line that says how many more.
    let rows: Vec<&&str> = section
        .iter()
        .filter(|l| {
            l.trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    // Leads are numbered once per party, its further findings under it (no number of their
    // own): at most 15 numbers, 15 findings in all, the quiet sources' line apart.
    assert!(!rows.is_empty() && rows.len() <= 15, "{section:#?}");
    let findings = section
        .iter()
        .filter(|l| !l.contains("quiet_sources") && !l.starts_with('…'))
        .count();
    assert_eq!(findings, 1 + 15, "a header and 15 findings: {section:#?}");
    assert!(
        section
            .last()
            .unwrap()
            .starts_with(&format!("… and {} more", all - quiet - 15)),
        // (`all` counts the quiet sources' line, which is shown, not left out.)
        "{section:#?}"
    );
}

#[test]
fn the_first_row_without_a_weight_is_the_first_in_the_file_not_the_earliest_date() {
    let csv = "seller,buyer,species,weight,date\n\
               a,b,x,,2022-02-01\n\
               a,b,x,,2022-01-01\n\
               b,c,x,1kg,2022-03-01\n";
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.csv");
    std::fs::write(&f, csv).unwrap();
    let v = json(&["-i", f.to_str().unwrap(), "balance"]);
    let b = balance_row(&v, "b", Some("x"));
    assert_eq!(b["unknown_weight_rows"], 2);
    assert!(
        b["first_unknown_row"]
            .as_str()
            .unwrap()
            .ends_with("c.csv row 2"),
        "{b}"
    );
}
