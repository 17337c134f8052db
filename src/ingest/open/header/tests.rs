use super::*;

fn h(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

fn guess(cells: &[&str]) -> Result<ColumnMap, String> {
    map_header(&h(cells), &ExplicitMap::default()).map_err(|e| e.to_string())
}

#[test]
fn english_headers_in_any_order_and_case() {
    let m = guess(&["Date", " WEIGHT ", "note", "species", "Buyer", "seller"]).unwrap();
    assert_eq!(
        (m.seller, m.buyer, m.species, m.weight, m.date, m.unit),
        (5, 4, 3, 1, Some(0), None)
    );
}

#[test]
fn chinese_headers_and_bom() {
    let m = guess(&["\u{feff}上家", "下家", "品种", "重量", "交易日期", "单位"]).unwrap();
    assert_eq!(
        (m.seller, m.buyer, m.species, m.weight, m.date, m.unit),
        (0, 1, 2, 3, Some(4), Some(5))
    );
    let m = guess(&["卖家", "买家", "物种", "重量", "日期"]).unwrap();
    assert_eq!(m.buyer, 1);
    let m = guess(&["卖方", "买方", "物种", "重量", "日期"]).unwrap();
    assert_eq!(m.seller, 0);
}

#[test]
fn every_synonym_maps_to_its_field() {
    let base = ["seller", "buyer", "species", "weight", "date"];
    for field in Field::ALL {
        for syn in field.synonyms().iter().chain(field.weak_synonyms()) {
            let mut cells: Vec<&str> = base
                .iter()
                .copied()
                .filter(|c| *c != field.name())
                .collect();
            cells.push(syn);
            let m = guess(&cells).unwrap_or_else(|e| panic!("{field} {syn}: {e}"));
            assert_eq!(m.position(field), Some(cells.len() - 1), "{field} {syn}");
        }
    }
}

#[test]
fn the_issues_header_synonyms() {
    let m = guess(&[
        "出售人",
        "收购人",
        "种类",
        "数量",
        "交易时间",
        "来源",
        "可信度",
    ])
    .unwrap();
    assert_eq!(
        (m.seller, m.buyer, m.species, m.weight, m.date),
        (0, 1, 2, 3, Some(4))
    );
    assert_eq!((m.source, m.confidence), (Some(5), Some(6)));
    assert!(m.weight_needs_unit);
    for (s, b) in [
        ("销售人", "购买人"),
        ("供货人", "买受人"),
        ("vendor", "purchaser"),
        ("From", "To"),
    ] {
        let m = guess(&[s, b, "species", "weight", "时间"]).unwrap();
        assert_eq!((m.seller, m.buyer, m.date), (0, 1, Some(4)), "{s} {b}");
    }
}

#[test]
fn a_weak_synonym_yields_to_a_real_column() {
    let m = guess(&["seller", "buyer", "species", "数量", "重量", "date"]).unwrap();
    assert_eq!(m.weight, 4);
    assert!(!m.weight_needs_unit);
    let m = guess(&[
        "seller",
        "buyer",
        "species",
        "weight",
        "交易时间",
        "交易日期",
    ])
    .unwrap();
    assert_eq!(m.date, Some(5));
    let m = guess(&["seller", "buyer", "species", "weight", "交易时间"]).unwrap();
    assert_eq!((m.date, m.weight_needs_unit), (Some(4), false));
}

#[test]
fn units_in_headers_and_full_width_headers() {
    let m = guess(&["seller", "buyer", "species", "重量（斤）", "date"]).unwrap();
    assert_eq!((m.weight, m.weight_unit), (3, Unit::lookup("斤")));
    let m = guess(&["seller", "buyer", "species", "Weight (kg)", "date"]).unwrap();
    assert_eq!(m.weight_unit, Unit::lookup("kg"));
    let m = guess(&["seller", "buyer", "species", "weight_kg", "date"]).unwrap();
    assert_eq!(m.weight_unit, Unit::lookup("kg"));
    let m = guess(&["ｓｅｌｌｅｒ", "出 售 人:", "species", "数量(斤)", "date"]);
    assert!(m.unwrap_err().contains("both mean 'seller'"));
    let m = guess(&["*出售人", "收购人", "species", "数量(斤)", "date"]).unwrap();
    assert_eq!(
        (m.weight_unit, m.weight_needs_unit),
        (Unit::lookup("斤"), false)
    );
}

#[test]
fn explicit_map_wins_over_guessing() {
    let map: ExplicitMap = "seller=经手人, buyer=接收人 ,weight=重量".parse().unwrap();
    let m = map_header(
        &h(&["卖家", "经手人", "接收人", "物种", "重量", "日期"]),
        &map,
    )
    .unwrap();
    assert_eq!(
        (m.seller, m.buyer, m.species, m.weight, m.date),
        (1, 2, 3, 4, Some(5))
    );
    let e = map_header(&h(&["a", "b"]), &"seller=出售人".parse().unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no column '出售人'") && e.contains("the header has: a, b"),
        "{e}"
    );
    assert!(
        "seler=x"
            .parse::<ExplicitMap>()
            .unwrap_err()
            .to_string()
            .contains("unknown column")
    );
    assert!("seller".parse::<ExplicitMap>().is_err());
    let twice = [map.clone(), "seller=y".parse().unwrap()];
    assert_eq!(
        ExplicitMap::merge(&twice).unwrap_err(),
        HeaderError::MappedTwice {
            field: Field::Seller
        }
    );
    assert_eq!(
        ExplicitMap::merge(&twice).unwrap_err().to_string(),
        "--map gives 'seller' twice"
    );
}

#[test]
fn missing_columns_are_named() {
    let e = guess(&["seller", "buyer", "weight"]).unwrap_err();
    assert!(e.contains("'species'"), "{e}");
    assert!(!e.contains("'date'"), "{e}");
    assert!(!e.contains("'seller'"), "{e}");
    assert!(e.contains("the header has: seller, buyer, weight"), "{e}");
    assert!(e.contains("物种"), "{e}");
}

#[test]
fn a_field_given_twice_is_an_error() {
    let e = guess(&["seller", "卖方", "buyer", "species", "weight", "date"]).unwrap_err();
    assert!(e.contains("both mean 'seller'"), "{e}");
}

#[test]
fn a_file_without_a_date_column_maps_with_no_date() {
    let m = guess(&["出售人", "收购人", "物种", "重量", "备注"]).unwrap();
    assert_eq!((m.date, m.note), (None, Some(4)));
    assert_eq!(m.position(Field::Date), None);
    // The weak date synonyms still give the date when there is nothing better.
    let m = guess(&["出售人", "收购人", "物种", "重量", "交易时间"]).unwrap();
    assert_eq!(m.date, Some(4));
}

#[test]
fn note_columns_are_recognised_by_their_header() {
    for note in [
        "备注", "说明", "附注", "Remarks", "notes", "Note", "comment",
    ] {
        let m = guess(&["seller", "buyer", "species", "weight", "date", note]).unwrap();
        assert_eq!(m.note, Some(5), "{note}");
    }
}
