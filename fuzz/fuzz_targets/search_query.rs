//! The query string of a search (pages, API, calendar feed): read into its
//! parameters, which rebuild a query string that reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_kernel::search::{parse_postcode_district, words};
use plural_web::search::service::Params;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    let p = Params::parse(Some(raw));
    let rebuilt = p.query_string();
    let again = Params::parse(Some(&rebuilt));
    assert_eq!(again.query_string(), rebuilt, "a search's link does not read back as the same search");
    assert_eq!(again.q, p.q);
    assert_eq!(again.access, p.access);
    let w = words(&p.q);
    assert!(w.len() <= 16 && w.iter().all(|w| !w.is_empty()));
    if let Ok(district) = parse_postcode_district("near", &p.near) {
        assert!(district.len() <= 4 && district.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    }
});
