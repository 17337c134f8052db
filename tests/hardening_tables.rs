//! Hostile Parquet types, side tables and links files (issue 24, items 1, 12 and 13): each test is
//! named for what broke before it was fixed, and fails when that breaks again.

use crate::util::{fails, fixture};

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
