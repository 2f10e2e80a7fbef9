//! An ActivityPub inbox body, everything read before any signature or
//! network step: the activity's envelope, its object as Plural keeps it,
//! and the body read as an actor document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_web::federation::inbox::{parse_actor, read_activity};
use plural_web::federation::objects::{as_to_internal, version_of};

fuzz_target!(|data: &[u8]| {
    if let Ok(envelope) = read_activity(data) {
        // The url crate reads lenient forms (`https:host//path`), so the
        // origin is compared as origin_of reads it, not as a text prefix.
        assert!(
            envelope.actor_origin.starts_with("https://") || envelope.actor_origin.starts_with("http://"),
            "origin {} of actor {} is not http(s)",
            envelope.actor_origin,
            envelope.actor_id
        );
        if let Some(object) = envelope.activity.get("object") {
            let _ = version_of(object);
            if let Ok(kept) = as_to_internal(&envelope.actor_id, object) {
                assert!(!kept.id.is_empty());
            }
        }
    }
    // Actor documents arrive from outside too (fetched to check a signature).
    if plural_web::federation::inbox::within_depth(data) {
        if let Ok(doc) = serde_json::from_slice(data) {
            let _ = parse_actor(&doc, None);
        }
    }
});
