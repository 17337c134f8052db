use super::*;
use crate::case::Options;
use crate::ingest::Source;

#[test]
fn keys_too_wide_for_64_bits_give_the_same_balance() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/balance.csv");
    let opts = Options::embedded()
        .unwrap()
        .with_inputs(vec![Source::from_arg(file)]);
    let case = Case::load(&opts).unwrap();
    let narrow = balance_packed(&case, 0.1, None, 64);
    let wide = balance_packed(&case, 0.1, None, 8);
    assert_eq!(narrow, wide);
    assert!(narrow.iter().any(|r| r.negative_stock_date.is_some()));
}
