//! An ActivityPub inbox body, everything read before any signature or
//! network step: the activity's envelope, its object as Plural keeps it,
//! and the body read as an actor document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_web::federation::inbox::{parse_actor, read_activity};
use plural_web::federation::objects::{as_to_internal, version_of};

fuzz_target!(|data: &[u8]| {
    if let Ok(envelope) = read_activity(data) {
        assert!(
            envelope.actor_id.starts_with(&envelope.actor_origin)
                || envelope.actor_id.to_ascii_lowercase().starts_with(&envelope.actor_origin),
            "origin {} is not the start of actor {}",
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
