//! The weight parser on any text: a reading or a reason, never a panic, never a weight that is
//! not finite or negative.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wildchain::ingest::weight::{Bare, Quantity, parse_weight};
use wildchain::units::Unit;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (weight, unit) = text.split_once('\u{1f}').unwrap_or((&text, ""));
    for bare in [Bare::Refused, Bare::Unit(Unit::lookup("kg").unwrap())] {
        if let Ok(r) = parse_weight(weight, unit, bare) {
            match r.quantity {
                Quantity::Kg(kg) => assert!(kg.is_finite() && kg >= 0.0, "{weight:?}: {kg}"),
                Quantity::Count(n) => assert!(n.is_finite() && n >= 0.0, "{weight:?}: {n}"),
                Quantity::Both { kg, count } => assert!(
                    kg.is_finite() && kg >= 0.0 && count.is_finite() && count >= 0.0,
                    "{weight:?}: {kg} {count}"
                ),
                Quantity::Unknown => {}
            }
        }
    }
});
