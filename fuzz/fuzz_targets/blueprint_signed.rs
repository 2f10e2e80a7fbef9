//! Signed blueprint packages (a head and its chain of adaptations), as
//! fetched from another node or posted to the verify API.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_kernel::provenance::{verify, Signed};
use plural_web::blueprints::service::MODULES;

fuzz_target!(|data: &[u8]| {
    let Ok(signed) = serde_json::from_slice::<Signed>(data) else { return };
    match verify(&signed, &MODULES) {
        // A verified chain has one step per link.
        Ok(steps) => assert_eq!(steps.len(), signed.chain.len() + 1),
        Err(problems) => assert!(!problems.is_empty(), "refused without a problem"),
    }
});
