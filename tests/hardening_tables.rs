//! Hostile Parquet types, side tables and links files (issue 24, items 1, 12 and 13): each test is
//! named for what broke before it was fixed, and fails when that breaks again.

use crate::util::{fails, file, fixture, ok};

/// The Parquet fixtures made by `tests/fixtures/parquet_types/make.py`.
fn parquet(name: &str) -> String {
    fixture(&format!("parquet_types/{name}.parquet"))
}

#[test]
fn parquet_decimal_weight_panicked_in_polars() {
    let err = fails(&["-i", &parquet("decimal_weight"), "analyze"], 1);
    assert!(
        err.contains("decimal_weight.parquet: column weight_kg is DECIMAL(38,6), which wildchain does not read"),
        "{err}"
    );
    assert!(err.contains("cast it to string"), "{err}");
}

#[test]
fn parquet_decimal_extra_column_panicked_in_polars() {
    let err = fails(&["validate", &parquet("decimal_extra")], 1);
    assert!(err.contains("column price is DECIMAL(18,2)"), "{err}");
}

#[test]
fn parquet_links_with_decimal_weight_panicked_in_polars() {
    let err = fails(&["--links", &parquet("links_decimal_weight"), "analyze"], 1);
    assert!(
        err.contains("links_decimal_weight.parquet: column weight_kg is DECIMAL(38,6)"),
        "{err}"
    );
}

#[test]
fn parquet_time_zone_datetime_was_not_named() {
    let err = fails(&["-i", &parquet("timestamp_utc"), "analyze"], 1);
    assert!(
        err.contains("column date is a datetime with a time zone (+00:00)"),
        "{err}"
    );
}

/// `wildchain OPTION FILE COMMAND` on a side table written from `text`: its error message.
fn side_table_refused(option: &str, text: &str, command: &[&str]) -> String {
    let (_d, path) = file("side.csv", text);
    let mut args = if option == "--values" {
        vec!["value"]
    } else {
        vec![]
    };
    args.extend_from_slice(&[option, path.as_str()]);
    args.extend_from_slice(command);
    let err = fails(&args, 1);
    assert!(err.contains("side.csv row "), "{err}");
    err
}

const SPECIES_HEAD: &str = "name_zh,rank,parent,cites_appendix,china_protection\n";

#[test]
fn species_parents_that_cycle_were_accepted() {
    let err = side_table_refused(
        "--species-table",
        &format!("{SPECIES_HEAD}甲,species,乙,,\n乙,genus,甲,,\n"),
        &["analyze"],
    );
    assert!(
        err.contains("row 1, column parent: '乙' makes the parents go round: 甲 → 乙 → 甲"),
        "{err}"
    );
}

#[test]
fn species_its_own_parent_was_accepted() {
    let err = side_table_refused(
        "--species-table",
        &format!("{SPECIES_HEAD}甲,species,,,\n乙,species,乙,,\n"),
        &["analyze"],
    );
    assert!(
        err.contains("row 2, column parent: '乙' is the taxon itself"),
        "{err}"
    );
}

#[test]
fn species_parent_naming_no_taxon_was_accepted() {
    let err = side_table_refused(
        "--species-table",
        &format!("{SPECIES_HEAD}甲,species,不存在,,\n"),
        &["analyze"],
    );
    assert!(
        err.contains("row 1, column parent: '不存在' names no taxon of the species table"),
        "{err}"
    );
    // A parent in the built-in table is a taxon.
    let (_d, path) = file(
        "ok.csv",
        format!("{SPECIES_HEAD}新穿山甲,species,穿山甲属,II,一级\n"),
    );
    ok(&["--species-table", &path, "analyze"]);
}

#[test]
fn cites_appendix_iv_was_accepted() {
    let err = side_table_refused(
        "--species-table",
        &format!("{SPECIES_HEAD}甲,species,,IV,\n"),
        &["analyze"],
    );
    assert!(
        err.contains("row 1, column cites_appendix: 'IV' is not a CITES appendix"),
        "{err}"
    );
}

#[test]
fn china_grade_wu_ji_was_accepted() {
    let err = side_table_refused(
        "--species-table",
        &format!("{SPECIES_HEAD}甲,species,,,五级\n"),
        &["analyze"],
    );
    assert!(
        err.contains("row 1, column china_protection: '五级' is not a China protection grade"),
        "{err}"
    );
}

#[test]
fn conversion_factor_1e308_saturated_at_the_largest_weight() {
    let err = side_table_refused(
        "--conversions",
        "taxon,from_product,to_product,factor,source\n穿山甲,整体,鳞片,1e308,x\n",
        &["balance"],
    );
    assert!(
        err.contains("row 1, column factor: '1e308' is not a factor from 0.000001 to 1000"),
        "{err}"
    );
}

const VALUES_HEAD: &str = "taxon,base_value_yuan,source,as_of\n";

#[test]
fn base_value_given_twice_for_one_taxon_kept_the_first_silently() {
    let err = side_table_refused(
        "--values",
        &format!("{VALUES_HEAD}中华穿山甲,90000,a,2017\nManis pentadactyla,900000,b,2017\n"),
        &[],
    );
    assert!(
        err.contains(
            "row 2, column taxon: 'Manis pentadactyla' is the taxon 中华穿山甲 again (row 1 gives \
             it a base value already)"
        ),
        "{err}"
    );
}

#[test]
fn base_value_of_a_taxon_not_in_the_table_was_accepted() {
    let err = side_table_refused(
        "--values",
        &format!("{VALUES_HEAD}麒麟,90000,a,2017\n"),
        &[],
    );
    assert!(
        err.contains("row 1, column taxon: '麒麟' is not in the species table"),
        "{err}"
    );
}

#[test]
fn base_value_as_of_that_is_no_date_was_accepted() {
    let err = side_table_refused(
        "--values",
        &format!("{VALUES_HEAD}中华穿山甲,90000,a,soon\n"),
        &[],
    );
    assert!(
        err.contains("row 1, column as_of: 'soon' is not a date"),
        "{err}"
    );
    for as_of in ["2017", "2017年", "2017-06", "2017-06-01", ""] {
        let (_d, path) = file(
            "bv.csv",
            format!("{VALUES_HEAD}中华穿山甲,90000,a,{as_of}\n"),
        );
        ok(&["value", "--values", &path]);
    }
}

#[test]
fn alias_row_with_three_names_dropped_the_third() {
    let err = side_table_refused("--aliases", "张三,张老三,张三丰\n", &["analyze"]);
    assert!(
        err.contains("row 1, column 3: '张三丰' is a third name"),
        "{err}"
    );
    // An empty third cell is no name.
    let (_d, path) = file("a.csv", "张三,张老三,\n");
    ok(&["--aliases", &path, "analyze"]);
}

#[test]
fn links_with_first_date_after_last_or_counted_above_transactions_were_accepted() {
    let head = "seller,buyer,species,weight_kg,transactions,unknown_weight,count,counted,\
                first_date,last_date,approx_rows,confidence,confidence_rows,sources\n";
    let (_d, path) = file(
        "l.csv",
        format!(
            "{head}甲,乙,穿山甲,10,2,0,,,2022-05-01,2022-04-01,0,,0,\n\
             甲,丙,穿山甲,10,2,0,5,7,2022-04-01,2022-05-01,0,,0,\n\
             丙,丁,穿山甲,10,2,0,5,2,2022-04-01,2022-05,0,,0,\n"
        ),
    );
    let err = fails(&["--links", &path, "--strict", "analyze"], 1);
    assert!(err.contains("2 of 3 rows rejected (--strict):"), "{err}");
    assert!(
        err.contains(
            "l.csv row 2: column 'last_date': date range '2022-05-01 to 2022-04-01' ends before \
             it starts\n"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "l.csv row 3: column 'counted': '7 (more than the 2 transactions)' is too large\n"
        ),
        "{err}"
    );
}
