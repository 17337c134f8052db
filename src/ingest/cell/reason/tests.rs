//! The text of every kind of reason, whole and with its values left out.

use super::*;

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn every_kind_reads_as_before_and_as_its_kind() {
    let cases = [
        (
            Column::Seller,
            Kind::Empty,
            "column 'seller' is empty",
            "column 'seller' is empty",
        ),
        (
            Column::Seller,
            Kind::SameParty { party: s("c") },
            "seller and buyer are the same party 'c'",
            "seller and buyer are the same party '…'",
        ),
        (
            Column::Unit,
            Kind::UnknownUnit {
                unit: s("箱"),
                weight: None,
            },
            "column 'unit': unknown unit '箱'",
            "column 'unit': unknown unit '…'",
        ),
        (
            Column::Weight,
            Kind::UnknownUnit {
                unit: s("箱"),
                weight: Some(s("12箱")),
            },
            "column 'weight': unknown unit '箱' in weight '12箱'",
            "column 'weight': unknown unit '…' in weight '…'",
        ),
        (
            Column::Weight,
            Kind::NotANumber { weight: s("abc") },
            "column 'weight': weight 'abc' is not a number",
            "column 'weight': weight '…' is not a number",
        ),
        (
            Column::Weight,
            Kind::CommaNotThousands {
                weight: s("1,25斤"),
            },
            "column 'weight': weight '1,25斤' has a comma that is not a thousands separator \
             (write a decimal with a point)",
            "column 'weight': weight '…' has a comma that is not a thousands separator \
             (write a decimal with a point)",
        ),
        (
            Column::Weight,
            Kind::NoUnit { weight: s("4") },
            "column 'weight': weight '4' has no unit, and its column may count animals or weigh \
             them (write 50斤 or 3条, add a unit column, or give --default-unit)",
            "column 'weight': weight '…' has no unit, and its column may count animals or weigh \
             them (write 50斤 or 3条, add a unit column, or give --default-unit)",
        ),
        (
            Column::Weight,
            Kind::Negative { weight: s("-5kg") },
            "column 'weight': weight '-5kg' is negative",
            "column 'weight': weight '…' is negative",
        ),
        (
            Column::Weight,
            Kind::WeightRangeBackwards {
                weight: s("50-40斤"),
            },
            "column 'weight': weight range '50-40斤' ends below its start",
            "column 'weight': weight range '…' ends below its start",
        ),
        (
            Column::Weight,
            Kind::CountRangeBackwards {
                weight: s("5-3条")
            },
            "column 'weight': count range '5-3条' ends below its start",
            "column 'weight': count range '…' ends below its start",
        ),
        (
            Column::Weight,
            Kind::RangeMixesWeightAndCount {
                weight: s("5斤-3条"),
            },
            "column 'weight': weight range '5斤-3条' mixes a weight and a count of animals",
            "column 'weight': weight range '…' mixes a weight and a count of animals",
        ),
        (
            Column::Weight,
            Kind::CountNotWhole {
                weight: s("1.5条"),
                unit: "条",
            },
            "column 'weight': '1.5条': a count of animals (条) must be a whole number",
            "column 'weight': '…': a count of animals (…) must be a whole number",
        ),
        (
            Column::Weight,
            Kind::WeightTooLarge { weight: s("2e9kg") },
            "column 'weight': weight '2e9kg' is too large (over 1000000 t)",
            "column 'weight': weight '…' is too large (over 1000000 t)",
        ),
        (
            Column::Weight,
            Kind::CountTooLarge {
                weight: s("2e12条"),
            },
            "column 'weight': count '2e12条' is too large (over 1000000000000)",
            "column 'weight': count '…' is too large (over 1000000000000)",
        ),
        (
            Column::Date,
            Kind::NotADate { date: s("昨天") },
            "column 'date': date '昨天' is not a date (expected e.g. 2022-04-01, 2022年4月1日, \
             2022-04 or 2022年4月至5月)",
            "column 'date': date '…' is not a date (expected e.g. 2022-04-01, 2022年4月1日, \
             2022-04 or 2022年4月至5月)",
        ),
        (
            Column::Date,
            Kind::ExcelSerial { date: s("44652") },
            "column 'date': date '44652' is not a date (expected e.g. 2022-04-01, 2022年4月1日, \
             2022-04 or 2022年4月至5月) (a bare 5-digit number looks like an Excel serial date: \
             format the column as dates in Excel, or read the workbook itself)",
            "column 'date': date '…' is not a date (expected e.g. 2022-04-01, 2022年4月1日, \
             2022-04 or 2022年4月至5月) (a bare 5-digit number looks like an Excel serial date: \
             format the column as dates in Excel, or read the workbook itself)",
        ),
        (
            Column::Date,
            Kind::NoSuchMonth {
                date: s("2022-13"),
                month: 13,
            },
            "column 'date': date '2022-13' is not a date (month 13 does not exist)",
            "column 'date': date '…' is not a date (month … does not exist)",
        ),
        (
            Column::Date,
            Kind::NoSuchDay {
                date: s("2022-02-30"),
                year: 2022,
                month: 2,
                days: 28,
            },
            "column 'date': date '2022-02-30' does not exist: 2022-02 has 28 days",
            "column 'date': date '…' does not exist: … has … days",
        ),
        (
            Column::Date,
            Kind::TimeWithoutDay {
                date: s("2022-04 10:00"),
            },
            "column 'date': date '2022-04 10:00' gives a time of day but no day",
            "column 'date': date '…' gives a time of day but no day",
        ),
        (
            Column::FirstDate,
            Kind::DateRangeBackwards {
                date: s("2022年5月至4月"),
            },
            "column 'first_date': date range '2022年5月至4月' ends before it starts",
            "column 'first_date': date range '…' ends before it starts",
        ),
        (
            Column::WeightKg,
            Kind::NotANumberAtLeastZero { value: s("-1") },
            "column 'weight_kg': '-1' is not a number ≥ 0",
            "column 'weight_kg': '…' is not a number ≥ 0",
        ),
        (
            Column::Count,
            Kind::TooLarge { value: s("1e13") },
            "column 'count': '1e13' is too large",
            "column 'count': '…' is too large",
        ),
        (
            Column::Transactions,
            Kind::TransactionsNotWhole,
            "column 'transactions' must be a whole number ≥ 1",
            "column 'transactions' must be a whole number ≥ 1",
        ),
        (
            Column::ApproxRows,
            Kind::RowsExceedTransactions {
                approx: 3,
                confident: 0,
                transactions: 2,
            },
            "approx_rows 3 or confidence_rows 0 exceeds 2 transactions",
            "approx_rows … or confidence_rows … exceeds … transactions",
        ),
        (
            Column::UnknownWeight,
            Kind::UnknownWeightMisfit {
                unknown: 1,
                transactions: 2,
                weight_kg: s(""),
            },
            "unknown_weight 1 does not fit 2 transactions with weight_kg ''",
            "unknown_weight … does not fit … transactions with weight_kg '…'",
        ),
        (
            Column::Sources,
            Kind::NotASourceList { value: s("卷1") },
            "column 'sources': '卷1' is not a JSON list of strings (e.g. [\"卷1 第3页\"])",
            "column 'sources': '…' is not a JSON list of strings (e.g. [\"卷1 第3页\"])",
        ),
    ];
    for (column, kind, whole, general) in cases {
        let r = Reason::new(column, kind);
        assert_eq!(r.to_string(), whole);
        assert_eq!(r.kind_text(), general);
    }
}

#[test]
fn a_bad_confidence_lists_the_words_accepted() {
    let r = Reason::new(
        Column::Confidence,
        Kind::UnknownConfidence { value: s("maybe") },
    );
    let words = Confidence::vocabulary();
    assert_eq!(
        r.to_string(),
        format!("column 'confidence': confidence 'maybe' is not one of: {words}")
    );
    assert_eq!(
        r.kind_text(),
        format!("column 'confidence': confidence '…' is not one of: {words}")
    );
}

#[test]
fn the_kind_alone_has_no_column() {
    let kind = Kind::DateRangeBackwards { date: s("x") };
    assert_eq!(kind.to_string(), "date range 'x' ends before it starts");
}

#[test]
fn reasons_join_with_semicolons() {
    let why = [
        Reason::new(Column::Buyer, Kind::Empty),
        Reason::new(Column::Weight, Kind::Negative { weight: s("-1") }),
    ];
    assert_eq!(
        Reasons(&why).to_string(),
        "column 'buyer' is empty; column 'weight': weight '-1' is negative"
    );
    assert_eq!(Reasons(&[]).to_string(), "");
}

#[test]
fn reasons_group_by_column_and_kind_not_by_value() {
    let unit = |u: &str, w: &str| {
        Reason::new(
            Column::Weight,
            Kind::UnknownUnit {
                unit: s(u),
                weight: Some(s(w)),
            },
        )
    };
    assert_eq!(unit("箱", "12箱").group(), unit("x", "3x").group());
    let in_unit_column = Reason::new(
        Column::Unit,
        Kind::UnknownUnit {
            unit: s("箱"),
            weight: None,
        },
    );
    assert_ne!(unit("箱", "12箱").group(), in_unit_column.group());
    let negative = Reason::new(Column::Weight, Kind::Negative { weight: s("-1") });
    assert_ne!(unit("箱", "12箱").group(), negative.group());
}
