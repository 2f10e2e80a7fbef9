//! Federation: Plural's own ActivityPub layer (see ARCHITECTURE.md for why
//! it is not built on the `activitypub_federation` crate).
//!
//! - `actors` the node, places and groups as actors; WebFinger, NodeInfo,
//!   outboxes, followers.
//! - `objects` Plural's things as ActivityStreams objects and back.
//! - `signatures` HTTP Signatures and the actors' keys.
//! - `fetch` outgoing HTTP guarded against SSRF.
//! - `inbox` incoming activities and every check they must pass.
//! - `delivery` outgoing activities as durable jobs, the circuit breaker.
//! - `following` places following remote actors (pages and API).
//!
//! **The extension point for other modules** is [`publish`]: give it the
//! local actor (`place:<id>` or `group:<id>`), the activity type and the
//! ActivityStreams object, and the activity reaches every follower through
//! the job queue. Events call it from `events::service`, polls (as
//! `Question`s, in `questions`) from `voice::polls`; blueprints can call it
//! the same way.

pub mod actors;
pub mod blueprints;
pub mod delivery;
pub mod fetch;
pub mod following;
pub mod inbox;
pub mod memo;
pub mod objects;
pub mod questions;
pub mod signatures;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use plural_kernel::EventId;
use serde_json::{json, Value};

use crate::routes::Routes;
use crate::AppState;

pub use delivery::Runtime;

/// Does the client ask for ActivityStreams rather than a page?
pub fn wants_activity_json(headers: &HeaderMap) -> bool {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
    accept.contains("application/activity+json") || accept.contains("application/ld+json")
}

/// An ActivityStreams document.
pub fn activity_response(doc: Value) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/activity+json; charset=utf-8")),
            (header::VARY, HeaderValue::from_static("Accept")),
        ],
        doc.to_string(),
    )
        .into_response()
}

/// A refusal as a small JSON document (federation peers read the status;
/// the code is for people reading logs).
pub fn json_error(status: StatusCode, code: &str, detail: &str) -> Response {
    let body = json!({ "error": code, "detail": detail });
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// `scheme://host[:port]` of a URL (only http and https count).
pub fn origin_of(u: &str) -> Option<String> {
    let u = url::Url::parse(u).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return None;
    }
    Some(u.origin().ascii_serialization())
}

/// Is `domain` blocked by this node's admins? Read from the database at
/// most every [`memo::BLOCKS_FRESH`] (every inbox request asks). A failed
/// lookup counts as not blocked: the signature and origin checks still
/// apply.
pub async fn is_blocked(state: &AppState, domain: &str) -> bool {
    let memo = &state.federation.memo;
    let blocked = match memo.blocked() {
        Some(set) => set,
        None => match plural_store::federation::blocked_domains(&state.db).await {
            Ok(domains) => {
                memo.keep_blocked(domains.into_iter().collect());
                memo.blocked().unwrap_or_default()
            }
            Err(e) => {
                tracing::warn!(error = %e, "reading blocked domains failed");
                return false;
            }
        },
    };
    blocked.contains(domain)
}

/// Publish `object` as a `kind` activity (`Create`, `Update`, `Delete`,
/// `Announce`) of the local actor `actor` to all its followers, through
/// the job queue. Returns the number of deliveries queued.
pub async fn publish(state: &AppState, actor: &str, kind: &str, object: Value) -> anyhow::Result<usize> {
    let activity = objects::wrap(state, kind, actor, object, plural_store::now());
    delivery::to_followers(state, actor, &activity).await
}

/// The worker's handler for [`plural_store::federation::EventChanged`]
/// (queued with the event's write): tell the followers of its group and
/// its place. Published or cancelled → `Create` the first time, `Update`
/// after; back to draft → `Delete`. A failure is retried by the queue.
pub async fn event_changed(state: &AppState, job: &plural_store::jobs::ClaimedJob) -> anyhow::Result<()> {
    let plural_store::federation::EventChanged { event } = job.payload()?;
    if !state.config.federation.enabled {
        return Ok(());
    }
    let Ok(id) = event.parse::<EventId>() else { return Ok(()) };
    let Some(e) = plural_store::events::get(&state.db, id).await? else { return Ok(()) };
    let Some(g) = plural_store::groups::get(&state.db, e.group_id).await? else { return Ok(()) };
    let object_id = objects::event_id(state.config.base(), &e);
    let actors = [format!("group:{}", g.id), format!("place:{}", e.place_id)];
    if e.status.as_str() == "draft" {
        if plural_store::federation::unmark_published(&state.db, &object_id).await? {
            let tomb = json!({ "id": object_id, "type": "Tombstone", "formerType": "Event" });
            for a in &actors {
                publish(state, a, "Delete", tomb.clone()).await?;
            }
        }
        return Ok(());
    }
    let first = plural_store::federation::mark_published(&state.db, &object_id).await?;
    let object = objects::event_object(state, &e, &g);
    let kind = if first { "Create" } else { "Update" };
    let group_actor = &actors[0];
    delivery::to_followers(state, group_actor, &objects::wrap(state, kind, group_actor, object, e.updated_at)).await?;
    // The place shares its groups' events with its own followers.
    let place_actor = &actors[1];
    let announce = objects::wrap(state, "Announce", place_actor, json!(object_id), e.updated_at);
    delivery::to_followers(state, place_actor, &announce).await?;
    Ok(())
}

/// The worker's handler for [`plural_store::federation::ServiceChanged`]
/// (queued with the service's write): `Create` the first time, `Update`
/// after, to the followers of its group.
pub async fn service_changed(state: &AppState, job: &plural_store::jobs::ClaimedJob) -> anyhow::Result<()> {
    let plural_store::federation::ServiceChanged { service } = job.payload()?;
    if !state.config.federation.enabled {
        return Ok(());
    }
    let Some(s) = plural_store::directory::service(&state.db, &service).await? else { return Ok(()) };
    let Some(g) = plural_store::groups::get(&state.db, s.group_id).await? else { return Ok(()) };
    let object = objects::service_object(state, &s, &g);
    let object_id = object["id"].as_str().unwrap_or_default().to_string();
    let kind = if plural_store::federation::mark_published(&state.db, &object_id).await? { "Create" } else { "Update" };
    publish(state, &format!("group:{}", g.id), kind, object).await?;
    Ok(())
}

/// Plural's JSON-LD context: the HSDS terms services are published with.
pub async fn context_document() -> Response {
    let hsds = "https://openreferral.org/hsds/";
    let doc = json!({
        "@context": {
            "hsds": hsds,
            "schema": "http://schema.org#",
            "Service": "hsds:service",
            "organization": { "@id": "hsds:organization", "@type": "@id" },
            "email": "hsds:email",
            "telephone": "schema:telephone",
            "applicationProcess": "hsds:application_process",
            "eligibility": "hsds:eligibility_description",
            "fees": "hsds:fees_description",
            "interpretationServices": "hsds:interpretation_services",
            "languages": "hsds:languages",
            "serviceAreas": "hsds:service_areas",
            "schedule": "hsds:schedule",
            "taxonomyTerms": "hsds:taxonomy_terms",
            "lastReviewed": "hsds:last_modified",
            "opensAt": "hsds:opens_at",
            "closesAt": "hsds:closes_at",
            "freq": "hsds:freq",
            "byday": "hsds:byday",
            "plural": "https://plural.example/ns#",
            "blueprints": { "@id": "plural:blueprints", "@type": "@id" },
            "signedBlueprint": { "@id": "plural:signedBlueprint", "@type": "@json" },
            "adoptions": "plural:adoptions",
            "blueprintOrigin": { "@id": "plural:blueprintOrigin", "@type": "@id" },
            "blueprintKey": "plural:blueprintKey",
            "stories": { "@id": "plural:stories", "@type": "@json" },
            "version": "plural:version",
        }
    });
    ([(header::CONTENT_TYPE, "application/ld+json")], doc.to_string()).into_response()
}

/// Is `path` an inbox? (They take signed POSTs from other servers, with no
/// cookie or form token.)
pub fn is_inbox(path: &str) -> bool {
    path == "/inbox" || (path.starts_with("/ap/") && path.ends_with("/inbox"))
}

/// Content negotiation on pages: `/places/{slug}`, `/groups/{slug}`,
/// `/people/{handle}`, `/events/{id}`, `/services/{id}`, `/polls/{id}`, `/blueprints/{id}` and
/// `/notices/{id}` answer with ActivityStreams JSON when asked for it. With
/// `federation.authorized_fetch`, every ActivityPub GET but the node's own
/// actor must be signed.
pub async fn negotiate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) || !state.config.federation.enabled {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let is_ap_path = path.starts_with("/ap/") || path == "/actor" || path.starts_with("/actor/");
    let wants = wants_activity_json(req.headers());
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let page_doc = wants
        && segments.len() == 2
        && matches!(
            segments[0],
            "places" | "groups" | "people" | "events" | "services" | "polls" | "blueprints" | "notices"
        );
    if !(is_ap_path || page_doc) {
        return next.run(req).await;
    }
    if state.config.federation.authorized_fetch && path != "/actor" {
        if let Err(r) = inbox::verify_request(&state, req.method(), req.uri(), req.headers(), None).await {
            return r.into_response();
        }
    }
    if !page_doc {
        return next.run(req).await;
    }
    let (kind, key) = (segments[0], segments[1]);
    let found = match kind {
        "places" => match plural_store::places::by_slug(&state.db, key).await {
            Ok(Some(p)) => actors::actor_document(&state, &actors::Local::Place(p)).await.ok(),
            _ => None,
        },
        "groups" => match plural_store::groups::by_slug(&state.db, key).await {
            Ok(Some(g)) => actors::actor_document(&state, &actors::Local::Group(g)).await.ok(),
            _ => None,
        },
        "people" => match plural_store::people::by_fediverse_handle(&state.db, key).await {
            Ok(Some(p)) => actors::actor_document(&state, &actors::Local::Person(p)).await.ok(),
            _ => None,
        },
        "services" => service_document(&state, key).await,
        "polls" => questions::document(&state, key).await,
        "blueprints" => blueprints::document(&state, key).await,
        "notices" => crate::notices::federation::document(&state, key).await,
        _ => event_document(&state, key).await,
    };
    match found {
        Some(doc) => activity_response(doc),
        // Not ours to answer as ActivityStreams (e.g. `/events/new`).
        None => next.run(req).await,
    }
}

async fn service_document(state: &AppState, id: &str) -> Option<Value> {
    uuid::Uuid::parse_str(id).ok()?;
    let s = plural_store::directory::service(&state.db, id).await.ok()??;
    let g = plural_store::groups::get(&state.db, s.group_id).await.ok()??;
    let mut doc = objects::service_object(state, &s, &g);
    doc["@context"] = objects::context(state);
    Some(doc)
}

async fn event_document(state: &AppState, id: &str) -> Option<Value> {
    let e = plural_store::events::get(&state.db, id.parse().ok()?).await.ok()??;
    if e.status.as_str() == "draft" {
        return None;
    }
    let g = plural_store::groups::get(&state.db, e.group_id).await.ok()??;
    let mut doc = objects::event_object(state, &e, &g);
    doc["@context"] = objects::context(state);
    Some(doc)
}

pub fn routes() -> Routes {
    Routes::new()
        .fed(Method::GET, "/.well-known/webfinger", actors::webfinger)
        .fed(Method::GET, "/.well-known/nodeinfo", actors::nodeinfo_links)
        .fed(Method::GET, "/nodeinfo/2.1", actors::nodeinfo)
        .fed(Method::GET, "/ns/plural", context_document)
        .fed(Method::GET, "/actor", actors::node_actor)
        .fed(Method::GET, "/actor/outbox", actors::node_outbox)
        .fed(Method::GET, "/actor/followers", actors::node_followers)
        .fed(Method::GET, "/actor/blueprints", blueprints::collection)
        .fed(Method::POST, "/inbox", inbox::shared_inbox)
        .fed(Method::GET, "/ap/places/{id}", actors::place_actor)
        .fed(Method::GET, "/ap/places/{id}/outbox", actors::place_outbox)
        .fed(Method::GET, "/ap/places/{id}/followers", actors::place_followers)
        .fed(Method::POST, "/ap/places/{id}/inbox", inbox::place_inbox)
        .fed(Method::GET, "/ap/groups/{id}", actors::group_actor)
        .fed(Method::GET, "/ap/groups/{id}/outbox", actors::group_outbox)
        .fed(Method::GET, "/ap/groups/{id}/followers", actors::group_followers)
        .fed(Method::POST, "/ap/groups/{id}/inbox", inbox::group_inbox)
        .fed(Method::GET, "/ap/people/{id}", actors::person_actor)
        .fed(Method::GET, "/ap/people/{id}/outbox", actors::person_outbox)
        .fed(Method::GET, "/ap/people/{id}/followers", actors::person_followers)
        .fed(Method::POST, "/ap/people/{id}/inbox", inbox::person_inbox)
        .merge(following::routes())
}
