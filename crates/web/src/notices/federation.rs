//! Notices as ActivityStreams `Note`s, at their page's address, attributed
//! to the group that posted them (or the place, for a place-wide notice)
//! and sent to its followers through [`crate::federation::publish`]:
//! `Create` when posted, `Update` when edited, `Delete` with a `Tombstone`
//! when deleted. A group's new notice is also announced by its place, as
//! its events are. An expiring notice carries `endTime`, so receivers that
//! hide what is over (Plural does) stop showing it then.

use plural_store::notices::Notice;
use serde_json::{json, Value};

use crate::federation::actors::{actor_id, PUBLIC};
use crate::federation::objects::{self, rfc3339};
use crate::rich_text::{markdown_to_html, RawHtml};
use crate::AppState;

/// The ActivityPub id of a notice: its page.
pub fn notice_id(base: &str, n: &Notice) -> String {
    format!("{base}/notices/{}", n.id)
}

/// The local actor that speaks for a notice.
fn owner(n: &Notice) -> String {
    match n.group_id {
        Some(g) => format!("group:{g}"),
        None => format!("place:{}", n.place_id),
    }
}

/// A notice as a `Note`.
pub fn note(state: &AppState, n: &Notice) -> Value {
    let base = state.config.base();
    let id = notice_id(base, n);
    let author = actor_id(base, &owner(n));
    let mut doc = json!({
        "id": id,
        "type": "Note",
        "url": id,
        "name": n.title,
        "content": markdown_to_html(&n.body, RawHtml::Strip),
        "mediaType": "text/html",
        "attributedTo": author,
        "to": [PUBLIC],
        "cc": [format!("{author}/followers")],
        "published": rfc3339(n.created_at),
        "updated": rfc3339(n.updated_at),
    });
    if let Some(at) = n.expires_at {
        doc["endTime"] = json!(rfc3339(at));
    }
    doc
}

/// The document `/notices/{id}` answers with when asked for ActivityStreams.
pub async fn document(state: &AppState, id: &str) -> Option<Value> {
    let n = plural_store::notices::get(&state.db, id.parse().ok()?).await.ok()??;
    let mut doc = note(state, &n);
    doc["@context"] = objects::context(state);
    Some(doc)
}

/// A notice was posted (`Create`) or edited (`Update`): tell its owner's
/// followers, and have the place announce a group's new notice. Failures
/// are logged, never shown to the person who posted (the notice is saved
/// either way).
pub async fn posted(state: &AppState, n: &Notice, kind: &str) {
    let outcome: anyhow::Result<()> = async {
        if !state.config.federation.enabled {
            return Ok(());
        }
        crate::federation::publish(state, &owner(n), kind, note(state, n)).await?;
        if kind == "Create" && n.group_id.is_some() {
            let id = notice_id(state.config.base(), n);
            crate::federation::publish(state, &format!("place:{}", n.place_id), "Announce", json!(id)).await?;
        }
        Ok(())
    }
    .await;
    if let Err(e) = outcome {
        tracing::warn!(notice = %n.id, error = %e, "federating a notice failed");
    }
}

/// A notice was deleted: a `Delete` with a `Tombstone` to its owner's followers.
pub async fn deleted(state: &AppState, n: &Notice) {
    if !state.config.federation.enabled {
        return;
    }
    let tomb = json!({ "id": notice_id(state.config.base(), n), "type": "Tombstone", "formerType": "Note" });
    if let Err(e) = crate::federation::publish(state, &owner(n), "Delete", tomb).await {
        tracing::warn!(notice = %n.id, error = %e, "federating a notice's deletion failed");
    }
}
