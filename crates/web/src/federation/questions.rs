//! Polls as ActivityStreams `Question`s, shaped as Mastodon reads them
//! (`oneOf` / `anyOf` options, each a `Note` with its vote count in
//! `replies.totalItems`, `endTime`, `closed`, `votersCount`).
//!
//! A poll is published (`Create`) by its group, or by its place for a
//! place-wide poll, when it is opened; a group's poll is also announced by
//! its place, as events are. When the poll closes a job sends an `Update`
//! with the final counts. Counts are shown only when the poll's own results
//! are visible (live, or after close), so federation never reveals what the
//! page would not. A ranked poll is shown with first preferences and a link
//! to the page with every round; only eligible local members vote, so votes
//! sent from elsewhere (Mastodon's `Note` replies) are not counted.

use plural_store::jobs::{ClaimedJob, Job};
use plural_store::polls::Poll;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::actors::{actor_id, PUBLIC};
use super::objects::{self, rfc3339};
use crate::voice::polls as service;
use crate::AppState;
use plural_kernel::polls::Kind;

/// The ActivityPub id of a poll: its page.
pub fn poll_id(base: &str, p: &Poll) -> String {
    format!("{base}/polls/{}", p.id)
}

/// The local actor that speaks for a poll.
fn owner(p: &Poll) -> String {
    match p.group_id {
        Some(g) => format!("group:{g}"),
        None => format!("place:{}", p.place_id),
    }
}

/// A poll as a `Question`; `counts` are the votes per option when the
/// poll's results may be shown.
pub fn question(state: &AppState, p: &Poll, counts: Option<(&[u64], u64)>) -> Value {
    let base = state.config.base();
    let id = poll_id(base, p);
    let author = actor_id(base, &owner(p));
    let options: Vec<Value> = p
        .options
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let n = counts.and_then(|(c, _)| c.get(i).copied()).unwrap_or(0);
            json!({ "type": "Note", "name": label, "replies": { "type": "Collection", "totalItems": n } })
        })
        .collect();
    let mut content = crate::rich_text::markdown_to_html(&p.question, crate::rich_text::RawHtml::AsText);
    if !p.description.is_empty() {
        content.push_str(&crate::rich_text::markdown_to_html(&p.description, crate::rich_text::RawHtml::AsText));
    }
    let mut doc = json!({
        "id": id,
        "type": "Question",
        "name": p.question,
        "content": content,
        "mediaType": "text/html",
        "url": id,
        "attributedTo": author,
        "to": [PUBLIC],
        "cc": [format!("{author}/followers")],
        "published": rfc3339(p.opens_at),
        "startTime": rfc3339(p.opens_at),
        "endTime": rfc3339(p.closes_at),
    });
    let key = if matches!(p.kind, Kind::Multiple | Kind::Approval) { "anyOf" } else { "oneOf" };
    doc[key] = Value::Array(options);
    if let Some((_, voters)) = counts {
        doc["votersCount"] = json!(voters);
    }
    if p.closes_at <= plural_store::now() {
        doc["closed"] = json!(rfc3339(p.closes_at));
        doc["updated"] = json!(rfc3339(p.closes_at));
    }
    doc
}

/// The poll's `Question` with the counts its page would show now.
async fn current(state: &AppState, p: &Poll) -> anyhow::Result<Value> {
    if !service::results_visible(p) {
        return Ok(question(state, p, None));
    }
    let r = service::results(state, p).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(question(state, p, Some((&r.counts, r.ballots))))
}

/// The document `/polls/{id}` answers with when asked for ActivityStreams.
pub async fn document(state: &AppState, id: &str) -> Option<Value> {
    let p = plural_store::polls::get(&state.db, id).await.ok()??;
    let mut doc = current(state, &p).await.ok()?;
    doc["@context"] = objects::context(state);
    Some(doc)
}

/// Sends the final counts once the poll has closed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PollClosed {
    pub id: String,
}

impl Job for PollClosed {
    const KIND: &'static str = "fed.poll_closed";
}

/// The worker's handler for [`plural_store::federation::PollOpened`]
/// (queued with the poll's write): `Create` to its owner's followers,
/// `Announce` by the place for a group's poll, and the closing `Update`
/// queued for its end.
pub async fn opened(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let plural_store::federation::PollOpened { poll } = job.payload()?;
    if !state.config.federation.enabled {
        return Ok(());
    }
    let Some(p) = plural_store::polls::get(&state.db, &poll).await? else { return Ok(()) };
    let object = current(state, &p).await?;
    let id = poll_id(state.config.base(), &p);
    plural_store::federation::mark_published(&state.db, &id).await?;
    super::publish(state, &owner(&p), "Create", object).await?;
    if p.group_id.is_some() {
        super::publish(state, &format!("place:{}", p.place_id), "Announce", json!(id)).await?;
    }
    plural_store::jobs::enqueue_at(state.db.writer(), &PollClosed { id: p.id.clone() }, p.closes_at + 1).await?;
    Ok(())
}

/// The worker's handler for [`PollClosed`]: the `Update` with final counts.
pub async fn handle(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let PollClosed { id } = job.payload()?;
    if !state.config.federation.enabled {
        return Ok(());
    }
    let Some(p) = plural_store::polls::get(&state.db, &id).await? else { return Ok(()) };
    let object = current(state, &p).await?;
    super::publish(state, &owner(&p), "Update", object).await?;
    Ok(())
}
