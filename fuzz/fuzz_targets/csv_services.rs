//! `plural import csv --kind services` and the CSV upload: rows read into
//! HSDS records, then checked by the HSDS rules, nothing stored.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_kernel::PlaceId;
use plural_web::imports::csv::{read_rows, CsvKind};
use plural_web::imports::hsds::check_documents;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok((rows, report)) = read_rows(CsvKind::Services, data) else { return };
    let read = rows.len() + report.refused.len();
    assert!(read > 0, "a CSV accepted with no rows");
    let (_, report) = check_documents(PlaceId::new(), "Fuzzville", &[(String::new(), Value::Array(rows))], report);
    for r in report.refused.iter().chain(&report.warnings) {
        assert!(!r.reason().trim().is_empty(), "a refusal without a reason at {}", r.at);
    }
});
