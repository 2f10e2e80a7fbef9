//! Notices as ActivityStreams `Note`s, at their page's address, attributed
//! to the group that posted them (or the place, for a place-wide notice)
//! and sent to its followers through [`crate::federation::publish`] by the
//! `fed.notice_changed` job the store queues with the notice's write:
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

/// The worker's handler for [`plural_store::federation::NoticeChanged`]
/// (queued with the notice's write): the `Create`, `Update` or `Delete`
/// (with a `Tombstone`) to its owner's followers, and the place's
/// `Announce` of a group's new notice. A failure is retried by the queue.
pub async fn changed(state: &AppState, job: &plural_store::jobs::ClaimedJob) -> anyhow::Result<()> {
    let plural_store::federation::NoticeChanged { notice, kind, place, group } = job.payload()?;
    if !state.config.federation.enabled {
        return Ok(());
    }
    let base = state.config.base();
    let owner = match &group {
        Some(g) => format!("group:{g}"),
        None => format!("place:{place}"),
    };
    if kind == "Delete" {
        let tomb = json!({ "id": format!("{base}/notices/{notice}"), "type": "Tombstone", "formerType": "Note" });
        crate::federation::publish(state, &owner, "Delete", tomb).await?;
        return Ok(());
    }
    // Edited or deleted since: its later job says so.
    let Ok(id) = notice.parse() else { return Ok(()) };
    let Some(n) = plural_store::notices::get(&state.db, id).await? else { return Ok(()) };
    crate::federation::publish(state, &owner, &kind, note(state, &n)).await?;
    if kind == "Create" && group.is_some() {
        crate::federation::publish(state, &format!("place:{place}"), "Announce", json!(notice_id(base, &n))).await?;
    }
    Ok(())
}
