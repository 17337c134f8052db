//! The date parser on any text: a span whose start is not after its end, or a reason; never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wildchain::ingest::date::parse_date;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(Some(span)) = parse_date(&text) {
        assert!(span.from <= span.to, "{text:?}: {span:?}");
    }
});
