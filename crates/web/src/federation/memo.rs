//! What a process remembers between inbox requests so that a busy inbox
//! does not read the same rows for every activity: the blocked domains
//! and the remote actors' keys. Both are short-lived copies of the
//! database, which stays the truth: another process's change is seen here
//! within [`BLOCKS_FRESH`] (blocks) or [`KEYS_FRESH`] (keys), a change
//! made through this process at once.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use plural_store::federation::RemoteActor;

/// How long the blocked domains read from the database are used.
pub const BLOCKS_FRESH: Duration = Duration::from_secs(2);
/// How long a key read from the database (or fetched) is used before it
/// is read again.
pub const KEYS_FRESH: Duration = Duration::from_secs(60);
/// At most this many keys are remembered (the memo is emptied past it).
const KEYS_MAX: usize = 10_000;

#[derive(Default)]
pub struct Memo {
    blocked: Mutex<Option<(Instant, Arc<HashSet<String>>)>>,
    keys: Mutex<HashMap<String, (Instant, RemoteActor)>>,
}

impl Memo {
    /// The blocked domains, if read recently enough.
    pub fn blocked(&self) -> Option<Arc<HashSet<String>>> {
        let held = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        held.as_ref().filter(|(at, _)| at.elapsed() < BLOCKS_FRESH).map(|(_, set)| set.clone())
    }

    pub fn keep_blocked(&self, domains: HashSet<String>) {
        *self.blocked.lock().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), Arc::new(domains)));
    }

    /// A domain was blocked or unblocked: read them again.
    pub fn forget_blocked(&self) {
        *self.blocked.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The actor owning `key_id`, if remembered recently enough.
    pub fn key(&self, key_id: &str) -> Option<RemoteActor> {
        let keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys.get(key_id).filter(|(at, _)| at.elapsed() < KEYS_FRESH).map(|(_, a)| a.clone())
    }

    pub fn keep_key(&self, actor: &RemoteActor) {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        if keys.len() >= KEYS_MAX {
            keys.clear();
        }
        keys.insert(actor.key_id.clone(), (Instant::now(), actor.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(key_id: &str) -> RemoteActor {
        RemoteActor {
            id: "https://a.example/u".into(),
            domain: "a.example".into(),
            kind: "Person".into(),
            handle: "u".into(),
            name: "U".into(),
            url: "https://a.example/u".into(),
            inbox: "https://a.example/u/inbox".into(),
            shared_inbox: String::new(),
            key_id: key_id.into(),
            public_pem: "pem".into(),
            fetched_at: 0,
        }
    }

    #[test]
    fn remembers_keys_and_forgets_blocks_on_request() {
        let memo = Memo::default();
        assert!(memo.key("k").is_none());
        memo.keep_key(&actor("k"));
        assert_eq!(memo.key("k").map(|a| a.key_id), Some("k".to_string()));
        assert!(memo.blocked().is_none());
        memo.keep_blocked(HashSet::from(["spam.example".to_string()]));
        assert!(memo.blocked().is_some_and(|b| b.contains("spam.example")));
        memo.forget_blocked();
        assert!(memo.blocked().is_none());
    }
}
