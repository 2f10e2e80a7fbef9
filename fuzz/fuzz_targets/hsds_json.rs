//! HSDS 3.0 JSON (an upload, a file, a folder's files): read as JSON, then
//! every record checked by the same rules as the import, nothing stored.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_kernel::PlaceId;
use plural_web::imports::hsds::{check_documents, Report};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = serde_json::from_slice::<Value>(data) else { return };
    let (orgs, report) = check_documents(PlaceId::new(), "Fuzzville", &[("fuzz.json".into(), doc)], Report::default());
    // Every refusal says why; every kept organisation has a name.
    for r in report.refused.iter().chain(&report.warnings) {
        assert!(!r.reason().trim().is_empty(), "a refusal without a reason at {}", r.at);
    }
    for (_, o) in &orgs {
        assert!(!o.name.trim().is_empty(), "an organisation kept without a name");
    }
});
