//! iCalendar (RFC 5545): `plural import ical`, the upload and every
//! subscription fetch. The whole calendar checked, nothing stored.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_kernel::{GroupId, PlaceId};
use plural_web::imports::ical::{parse, Target};

// A fixed "now" (2026-01-01), so a run can be replayed exactly.
const NOW: i64 = 1_767_225_600;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let target = Target { group: GroupId::new(), place: PlaceId::new(), source: None, by: None };
    // Malformed text must be refused with a reason, never panic.
    if let Err(refused) = parse(text, &target, NOW) {
        assert!(!refused.to_string().trim().is_empty(), "a calendar refused without a reason");
    }
});
