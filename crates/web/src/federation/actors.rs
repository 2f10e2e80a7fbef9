//! Local actors and what the node publishes about them: the node
//! (`Application`), each place and each group (`Group`), each person who
//! chose to be visible (`Person`), their keys, actor documents, outboxes
//! and followers; WebFinger and NodeInfo 2.1.
//!
//! Ids are stable: `/actor` for the node, `/ap/places/{id}`,
//! `/ap/groups/{id}` and `/ap/people/{id}` for places, groups and people
//! (their slugs and handles can change; their ids cannot). Events are their
//! own page, `/events/{id}`.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::{GroupId, PersonId, PlaceId};
use plural_store::groups::Group;
use plural_store::people::Person;
use plural_store::places::Place;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{activity_response, json_error, objects, wants_activity_json};
use crate::AppState;

/// The node's own actor.
pub const NODE: &str = "node";
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
/// Items on one page of an outbox.
pub const PAGE_SIZE: i64 = 20;

/// A local actor.
#[derive(Debug, Clone)]
pub enum Local {
    Node,
    Place(Place),
    Group(Group),
    /// A person with a fediverse handle (only those are actors).
    Person(Person),
}

impl Local {
    /// The name the database knows it by.
    pub fn key(&self) -> String {
        match self {
            Local::Node => NODE.to_string(),
            Local::Place(p) => format!("place:{}", p.id),
            Local::Group(g) => format!("group:{}", g.id),
            Local::Person(p) => format!("person:{}", p.id),
        }
    }

    /// Its WebFinger user name and its page, relative to the node.
    fn name_and_page(&self, state: &AppState) -> (String, String) {
        match self {
            Local::Node => (node_username(state), "/".into()),
            Local::Place(p) => (p.slug.clone(), format!("/places/{}", p.slug)),
            Local::Group(g) => (g.slug.clone(), format!("/groups/{}", g.slug)),
            Local::Person(p) => {
                let handle = p.fediverse_handle.clone().unwrap_or_default();
                let page = format!("/people/{handle}");
                (handle, page)
            }
        }
    }
}

/// A person as an actor: only while they choose to be visible.
pub async fn visible_person(state: &AppState, id: PersonId) -> Option<Person> {
    let p = plural_store::people::get(&state.db, id).await.ok()??;
    (p.fediverse_handle.is_some() && !p.disabled && !p.erased).then_some(p)
}

/// The ActivityPub id of a local actor named `key`.
pub fn actor_id(base: &str, key: &str) -> String {
    if let Some(id) = key.strip_prefix("place:") {
        format!("{base}/ap/places/{id}")
    } else if let Some(id) = key.strip_prefix("group:") {
        format!("{base}/ap/groups/{id}")
    } else if let Some(id) = key.strip_prefix("person:") {
        format!("{base}/ap/people/{id}")
    } else {
        format!("{base}/actor")
    }
}

/// The local actor whose ActivityPub id is `id`, if it is one of ours.
pub async fn local_by_id(state: &AppState, id: &str) -> Option<Local> {
    let base = state.config.base();
    let rest = id.strip_prefix(base)?;
    if rest == "/actor" {
        return Some(Local::Node);
    }
    if let Some(pid) = rest.strip_prefix("/ap/places/") {
        let pid: PlaceId = pid.parse().ok()?;
        return plural_store::places::get(&state.db, pid).await.ok()?.map(Local::Place);
    }
    if let Some(gid) = rest.strip_prefix("/ap/groups/") {
        let gid: GroupId = gid.parse().ok()?;
        return plural_store::groups::get(&state.db, gid).await.ok()?.map(Local::Group);
    }
    if let Some(pid) = rest.strip_prefix("/ap/people/") {
        return visible_person(state, pid.parse().ok()?).await.map(Local::Person);
    }
    None
}

/// The (key id, private key PEM) an actor signs with, made on first use.
pub async fn signing_key(state: &AppState, key: &str) -> anyhow::Result<(String, String)> {
    let k = ensure_key(state, key).await?;
    Ok((format!("{}#main-key", actor_id(state.config.base(), key)), state.key.open(&k.private_sealed)?))
}

async fn ensure_key(state: &AppState, key: &str) -> anyhow::Result<plural_store::federation::ActorKey> {
    if let Some(k) = plural_store::federation::key(&state.db, key).await? {
        return Ok(k);
    }
    let (public_pem, private_pem) = tokio::task::spawn_blocking(super::signatures::generate_keypair).await??;
    let fresh = plural_store::federation::ActorKey { public_pem, private_sealed: state.key.seal(&private_pem) };
    Ok(plural_store::federation::put_key(&state.db, key, &fresh).await?)
}

fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "toot": "http://joinmastodon.org/ns#",
            "discoverable": "toot:discoverable"
        }
    ])
}

/// The actor document of a local actor.
pub async fn actor_document(state: &AppState, local: &Local) -> anyhow::Result<Value> {
    let base = state.config.base();
    let key = local.key();
    let id = actor_id(base, &key);
    let public_pem = ensure_key(state, &key).await?.public_pem;
    let (username, page) = local.name_and_page(state);
    let url = format!("{base}{page}");
    let described = |text: &str| crate::rich_text::markdown_to_html(text, crate::rich_text::RawHtml::AsText);
    let (kind, name, summary) = match local {
        Local::Node => ("Application", state.node_name.to_string(), String::new()),
        Local::Place(p) => ("Group", p.name.clone(), described(&p.description)),
        Local::Group(g) => ("Group", g.name.clone(), described(&g.description)),
        Local::Person(p) => ("Person", p.display_name.clone().unwrap_or_default(), String::new()),
    };
    let mut doc = json!({
        "@context": context(),
        "id": id,
        "type": kind,
        "preferredUsername": username,
        "name": name,
        "summary": summary,
        "url": url,
        "inbox": format!("{id}/inbox"),
        "outbox": format!("{id}/outbox"),
        "followers": format!("{id}/followers"),
        "endpoints": { "sharedInbox": format!("{base}/inbox") },
        "manuallyApprovesFollowers": false,
        "discoverable": true,
        "publicKey": { "id": format!("{id}#main-key"), "owner": id, "publicKeyPem": public_pem },
    });
    if matches!(local, Local::Node) {
        // The node's inbox is the shared one; what it publishes of its own
        // is the blueprint catalogue, a collection beside the outbox.
        doc["inbox"] = json!(format!("{base}/inbox"));
        let catalogue = super::blueprints::collection_id(base);
        doc["streams"] = json!([catalogue]);
        doc["blueprints"] = json!(catalogue);
        if let Some(c) = doc["@context"].as_array_mut() {
            c.push(json!(format!("{base}/ns/plural")));
        }
    }
    Ok(doc)
}

async fn serve_actor(state: &AppState, local: Local, headers: &HeaderMap, page: String) -> Response {
    if !wants_activity_json(headers) {
        return Redirect::to(&page).into_response();
    }
    match actor_document(state, &local).await {
        Ok(doc) => activity_response(doc),
        Err(e) => {
            tracing::error!(error = %e, "actor document");
            json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal-error", "the actor could not be shown")
        }
    }
}

pub async fn node_actor(State(state): State<AppState>, headers: HeaderMap) -> Response {
    serve_actor(&state, Local::Node, &headers, "/".into()).await
}

pub async fn place_actor(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    match place_by_id(&state, &id).await {
        Some(p) => {
            let page = format!("/places/{}", p.slug);
            serve_actor(&state, Local::Place(p), &headers, page).await
        }
        None => not_found(),
    }
}

pub async fn group_actor(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    match group_by_id(&state, &id).await {
        Some(g) => {
            let page = format!("/groups/{}", g.slug);
            serve_actor(&state, Local::Group(g), &headers, page).await
        }
        None => not_found(),
    }
}

pub async fn person_actor(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    match person_by_id(&state, &id).await {
        Some(p) => {
            let local = Local::Person(p);
            let (_, page) = local.name_and_page(&state);
            serve_actor(&state, local, &headers, page).await
        }
        None => not_found(),
    }
}

pub fn not_found() -> Response {
    json_error(StatusCode::NOT_FOUND, "not-found", "no such actor or object here")
}

async fn place_by_id(state: &AppState, id: &str) -> Option<Place> {
    plural_store::places::get(&state.db, id.parse().ok()?).await.ok()?
}

async fn group_by_id(state: &AppState, id: &str) -> Option<Group> {
    plural_store::groups::get(&state.db, id.parse().ok()?).await.ok()?
}

async fn person_by_id(state: &AppState, id: &str) -> Option<Person> {
    visible_person(state, id.parse().ok()?).await
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

async fn outbox_of(state: &AppState, local: Local, page: Option<i64>) -> Response {
    let base = state.config.base();
    let id = format!("{}/outbox", actor_id(base, &local.key()));
    // What a place or a group publishes; the node and people publish no events.
    let (place, group) = match &local {
        Local::Place(p) => (Some(p.id), None),
        Local::Group(g) => (None, Some(g.id)),
        Local::Node | Local::Person(_) => (None, None),
    };
    let page = page.filter(|p| *p >= 1);
    let offset = (page.unwrap_or(1) - 1).saturating_mul(PAGE_SIZE);
    let (events, total) =
        match plural_store::federation::outbox_events(&state.db, place, group, PAGE_SIZE, offset).await {
            Ok(x) => x,
            Err(e) => {
                tracing::error!(error = %e, "outbox");
                return json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal-error", "the outbox could not be read");
            }
        };
    let Some(n) = page else {
        return activity_response(json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": id,
            "type": "OrderedCollection",
            "totalItems": total,
            "first": format!("{id}?page=1"),
            "last": format!("{id}?page={}", ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)),
        }));
    };
    let mut items = Vec::new();
    for e in &events {
        if let Ok(Some(g)) = plural_store::groups::get(&state.db, e.group_id).await {
            let object = objects::event_object(state, e, &g);
            let id = format!("{}#create", objects::event_id(base, e));
            items.push(objects::wrap_with_id(state, &id, "Create", &format!("group:{}", g.id), object, e.created_at));
        }
    }
    let mut doc = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}?page={n}"),
        "type": "OrderedCollectionPage",
        "partOf": id,
        "totalItems": total,
        "orderedItems": items,
    });
    // Saturating: a page number near i64::MAX is just past the end.
    if offset.saturating_add(PAGE_SIZE) < total {
        doc["next"] = json!(format!("{id}?page={}", n.saturating_add(1)));
    }
    if n > 1 {
        doc["prev"] = json!(format!("{id}?page={}", n - 1));
    }
    activity_response(doc)
}

async fn followers_of(state: &AppState, local: Local) -> Response {
    let key = local.key();
    let id = format!("{}/followers", actor_id(state.config.base(), &key));
    let total = plural_store::federation::follower_count(&state.db, &key).await.unwrap_or(0);
    // Who follows is not published (only how many): a follower list tells
    // who is interested in a tenants' association, which is theirs to tell.
    activity_response(json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": id,
        "type": "OrderedCollection",
        "totalItems": total,
    }))
}

pub async fn place_outbox(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    match place_by_id(&state, &id).await {
        Some(p) => outbox_of(&state, Local::Place(p), q.page).await,
        None => not_found(),
    }
}

pub async fn group_outbox(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    match group_by_id(&state, &id).await {
        Some(g) => outbox_of(&state, Local::Group(g), q.page).await,
        None => not_found(),
    }
}

pub async fn node_outbox(State(state): State<AppState>, Query(q): Query<PageQuery>) -> Response {
    outbox_of(&state, Local::Node, q.page).await
}

pub async fn place_followers(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match place_by_id(&state, &id).await {
        Some(p) => followers_of(&state, Local::Place(p)).await,
        None => not_found(),
    }
}

pub async fn group_followers(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match group_by_id(&state, &id).await {
        Some(g) => followers_of(&state, Local::Group(g)).await,
        None => not_found(),
    }
}

pub async fn node_followers(State(state): State<AppState>) -> Response {
    followers_of(&state, Local::Node).await
}

pub async fn person_outbox(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    match person_by_id(&state, &id).await {
        Some(p) => outbox_of(&state, Local::Person(p), q.page).await,
        None => not_found(),
    }
}

pub async fn person_followers(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match person_by_id(&state, &id).await {
        Some(p) => followers_of(&state, Local::Person(p)).await,
        None => not_found(),
    }
}

#[derive(Deserialize)]
pub struct WebfingerQuery {
    resource: Option<String>,
}

/// The node actor's user name: its host name (without a port), as
/// Mastodon names its instance actor.
pub fn node_username(state: &AppState) -> String {
    url::Url::parse(&state.config.base_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default()
}

/// The local actor a WebFinger `acct:` name means: the node by its host
/// name, else a group by that slug, else a place by that slug, else a
/// visible person by that handle.
pub async fn local_by_username(state: &AppState, name: &str) -> Option<Local> {
    if name.eq_ignore_ascii_case(&node_username(state)) {
        return Some(Local::Node);
    }
    if let Ok(Some(g)) = plural_store::groups::by_slug(&state.db, name).await {
        return Some(Local::Group(g));
    }
    if let Ok(Some(p)) = plural_store::places::by_slug(&state.db, name).await {
        return Some(Local::Place(p));
    }
    if let Ok(Some(p)) = plural_store::people::by_fediverse_handle(&state.db, name).await {
        return Some(Local::Person(p));
    }
    None
}

/// RFC 7033 WebFinger: `acct:name@host` or an actor's own URL.
pub async fn webfinger(State(state): State<AppState>, Query(q): Query<WebfingerQuery>) -> Response {
    let Some(resource) = q.resource.filter(|r| !r.is_empty()) else {
        return json_error(StatusCode::BAD_REQUEST, "missing-resource", "say which resource: ?resource=acct:name@host");
    };
    let host = state.config.host();
    let local = if let Some(acct) = resource.strip_prefix("acct:") {
        match acct.trim_start_matches('@').rsplit_once('@') {
            Some((name, h)) if h.eq_ignore_ascii_case(&host) => local_by_username(&state, name).await,
            _ => None,
        }
    } else {
        local_by_id(&state, &resource).await
    };
    let Some(local) = local else { return not_found() };
    let base = state.config.base();
    let id = actor_id(base, &local.key());
    let (username, page) = local.name_and_page(&state);
    let page = format!("{base}{page}");
    let body = json!({
        "subject": format!("acct:{username}@{host}"),
        "aliases": [id, page],
        "links": [
            { "rel": "self", "type": super::fetch::ACTIVITY_JSON, "href": id },
            { "rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": page },
        ],
    });
    ([(header::CONTENT_TYPE, "application/jrd+json"), (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], body.to_string())
        .into_response()
}

/// NodeInfo discovery (`/.well-known/nodeinfo`).
pub async fn nodeinfo_links(State(state): State<AppState>) -> Response {
    let body = json!({
        "links": [{
            "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
            "href": format!("{}/nodeinfo/2.1", state.config.base()),
        }]
    });
    ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// NodeInfo 2.1.
pub async fn nodeinfo(State(state): State<AppState>) -> Response {
    let (users, posts) = plural_store::federation::usage(&state.db).await.unwrap_or((0, 0));
    let body = json!({
        "version": "2.1",
        "software": {
            "name": "plural",
            "version": env!("CARGO_PKG_VERSION"),
            "homepage": state.config.base(),
        },
        "protocols": ["activitypub"],
        "services": { "inbound": ["atom1.0", "ical"], "outbound": ["atom1.0", "ical"] },
        "openRegistrations": true,
        "usage": { "users": { "total": users }, "localPosts": posts },
        "metadata": { "nodeName": state.node_name.to_string() },
    });
    (
        [(header::CONTENT_TYPE, "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"")],
        body.to_string(),
    )
        .into_response()
}
