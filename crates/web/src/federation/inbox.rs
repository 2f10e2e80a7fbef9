//! Inboxes: every POST is refused unless it is an ActivityPub document of
//! bounded size and depth, signed (HTTP Signatures) by a key whose owner is
//! the activity's actor, dated within the hour, with a matching `Digest`,
//! from a domain that is not blocked, and with its id and its object's id on
//! the actor's own origin. An activity id is applied once. Unknown activity
//! types are answered 202 and logged.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use plural_store::federation::RemoteActor;
use serde_json::{json, Value};

use super::actors::{self, Local};
use super::fetch::{self, FetchError};
use super::signatures::{self, SigError};
use super::{json_error, origin_of};
use crate::AppState;

/// How deep an incoming document may nest (objects and arrays).
pub const MAX_DEPTH: usize = 16;
/// A cached remote key older than this is fetched again before use.
const ACTOR_CACHE_SECS: i64 = 24 * 3600;

/// Why a request was refused.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
}

impl Refusal {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Refusal {
        Refusal { status, code, detail: detail.into() }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        json_error(self.status, self.code, &self.detail)
    }
}

impl From<SigError> for Refusal {
    fn from(e: SigError) -> Refusal {
        let status = if e == SigError::BadDigest { StatusCode::BAD_REQUEST } else { StatusCode::UNAUTHORIZED };
        Refusal::new(status, e.code(), e.to_string())
    }
}

/// Refuse a document nested deeper than [`MAX_DEPTH`] before parsing it.
pub fn within_depth(body: &[u8]) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return false;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

fn header_fn(headers: &HeaderMap) -> impl Fn(&str) -> Option<String> + '_ {
    move |name: &str| {
        let values: Vec<&str> = headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

/// Read an actor document into what we keep, checking that its key and
/// inboxes are its own. Public so the fuzz targets (fuzz/) can read actor
/// documents without fetching them.
pub fn parse_actor(doc: &Value, key_id: Option<&str>) -> Result<RemoteActor, &'static str> {
    let id = doc.get("id").and_then(Value::as_str).ok_or("actor-without-id")?;
    let origin = origin_of(id).ok_or("actor-id")?;
    let kind = doc.get("type").and_then(Value::as_str).ok_or("actor-without-type")?;
    if !matches!(kind, "Person" | "Group" | "Organization" | "Application" | "Service") {
        return Err("not-an-actor");
    }
    let inbox = doc.get("inbox").and_then(Value::as_str).ok_or("actor-without-inbox")?;
    let shared = doc.pointer("/endpoints/sharedInbox").and_then(Value::as_str).unwrap_or_default();
    if origin_of(inbox).as_deref() != Some(origin.as_str())
        || (!shared.is_empty() && origin_of(shared).as_deref() != Some(origin.as_str()))
    {
        return Err("inbox-origin");
    }
    let keys: Vec<&Value> = match doc.get("publicKey") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(k @ Value::Object(_)) => vec![k],
        _ => vec![],
    };
    let key = keys
        .into_iter()
        .find(|k| key_id.is_none_or(|want| k.get("id").and_then(Value::as_str) == Some(want)))
        .ok_or("key-not-found")?;
    if key.get("owner").and_then(Value::as_str) != Some(id) {
        return Err("key-owner");
    }
    let text = |k: &str| doc.get(k).and_then(Value::as_str).unwrap_or_default().chars().take(200).collect::<String>();
    let url = match doc.get("url") {
        Some(Value::String(u)) if u.starts_with("https://") || u.starts_with("http://") => u.clone(),
        _ => id.to_string(),
    };
    Ok(RemoteActor {
        id: id.to_string(),
        domain: url::Url::parse(id).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase)).unwrap_or_default(),
        kind: kind.to_string(),
        handle: text("preferredUsername"),
        name: text("name"),
        url,
        inbox: inbox.to_string(),
        shared_inbox: shared.to_string(),
        key_id: key.get("id").and_then(Value::as_str).unwrap_or_default().to_string(),
        public_pem: key.get("publicKeyPem").and_then(Value::as_str).ok_or("key-without-pem")?.to_string(),
        fetched_at: plural_store::now(),
    })
}

fn fetch_refusal(e: FetchError) -> Refusal {
    match e {
        FetchError::Refused(d) => Refusal::new(StatusCode::FORBIDDEN, "refused-address", d),
        FetchError::Blocked(d) => Refusal::new(StatusCode::FORBIDDEN, "domain-blocked", d),
        e @ FetchError::IdMismatch { .. } => Refusal::new(StatusCode::FORBIDDEN, "id-mismatch", e.to_string()),
        other => Refusal::new(StatusCode::UNAUTHORIZED, "key-unavailable", other.to_string()),
    }
}

/// Fetch (and keep) the actor at `url`.
pub async fn fetch_actor(state: &AppState, url: &str, key_id: Option<&str>) -> Result<RemoteActor, Refusal> {
    let doc = fetch::fetch_object(state, url).await.map_err(fetch_refusal)?;
    let actor = parse_actor(&doc, key_id).map_err(|c| Refusal::new(StatusCode::UNAUTHORIZED, c, url.to_string()))?;
    plural_store::federation::put_remote_actor(state.db.writer(), &actor)
        .await
        .map_err(|e| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "internal-error", e.to_string()))?;
    Ok(actor)
}

/// The actor owning `key_id`: from the cache, or fetched (the key id is the
/// actor's URL with a fragment, or a key document naming its owner).
async fn actor_for_key(state: &AppState, key_id: &str, fresh: bool) -> Result<RemoteActor, Refusal> {
    let memo = &state.federation.memo;
    let recent = |a: &RemoteActor| plural_store::now() - a.fetched_at < ACTOR_CACHE_SECS;
    if !fresh {
        if let Some(a) = memo.key(key_id).filter(recent) {
            return Ok(a);
        }
        if let Ok(Some(a)) = plural_store::federation::remote_actor_by_key(&state.db, key_id).await {
            if recent(&a) {
                memo.keep_key(&a);
                return Ok(a);
            }
        }
    }
    let mut url =
        url::Url::parse(key_id).map_err(|_| Refusal::new(StatusCode::UNAUTHORIZED, "signature-key", key_id))?;
    url.set_fragment(None);
    let doc = fetch::fetch_object(state, url.as_str()).await.map_err(fetch_refusal)?;
    let owner = match doc.get("type").and_then(Value::as_str) {
        Some("Key" | "CryptographicKey") => doc.get("owner").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    let actor = match owner {
        Some(owner) => {
            if origin_of(&owner) != origin_of(key_id) {
                return Err(Refusal::new(
                    StatusCode::UNAUTHORIZED,
                    "key-owner",
                    "the key's owner is on another origin",
                ));
            }
            fetch_actor(state, &owner, Some(key_id)).await?
        }
        None => {
            let a = parse_actor(&doc, Some(key_id)).map_err(|c| Refusal::new(StatusCode::UNAUTHORIZED, c, key_id))?;
            plural_store::federation::put_remote_actor(state.db.writer(), &a)
                .await
                .map_err(|e| Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "internal-error", e.to_string()))?;
            a
        }
    };
    memo.keep_key(&actor);
    Ok(actor)
}

/// Check a request's HTTP signature; returns the signing actor.
pub async fn verify_request(
    state: &AppState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Option<&[u8]>,
) -> Result<RemoteActor, Refusal> {
    let value = headers.get("signature").and_then(|v| v.to_str().ok()).ok_or(SigError::Missing)?;
    let sig = signatures::parse_signature_header(value)?;
    let now = std::time::SystemTime::now();
    signatures::check_date_and_digest(&sig, header_fn(headers), body, now)?;
    let domain = url::Url::parse(&sig.key_id).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    let Some(domain) = domain else { return Err(SigError::Malformed.into()) };
    if super::is_blocked(state, &domain).await {
        return Err(Refusal::new(StatusCode::FORBIDDEN, "domain-blocked", domain));
    }
    let target = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let actor = actor_for_key(state, &sig.key_id, false).await?;
    match signatures::verify(&sig, method.as_str(), target, header_fn(headers), &actor.public_pem) {
        Ok(()) => Ok(actor),
        // The key may have been rotated since we kept it: fetch it once more.
        Err(SigError::Invalid) if plural_store::now() - actor.fetched_at > 60 => {
            let actor = actor_for_key(state, &sig.key_id, true).await?;
            signatures::verify(&sig, method.as_str(), target, header_fn(headers), &actor.public_pem)?;
            Ok(actor)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn shared_inbox(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    receive(&state, None, method, uri, headers, body).await.unwrap_or_else(IntoResponse::into_response)
}

pub async fn place_inbox(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = match id.parse() {
        Ok(pid) => plural_store::places::get(&state.db, pid).await.ok().flatten().map(Local::Place),
        Err(_) => None,
    };
    actor_inbox(&state, target, method, uri, headers, body).await
}

pub async fn group_inbox(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = match id.parse() {
        Ok(gid) => plural_store::groups::get(&state.db, gid).await.ok().flatten().map(Local::Group),
        Err(_) => None,
    };
    actor_inbox(&state, target, method, uri, headers, body).await
}

pub async fn person_inbox(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = match id.parse() {
        Ok(pid) => actors::visible_person(&state, pid).await.map(Local::Person),
        Err(_) => None,
    };
    actor_inbox(&state, target, method, uri, headers, body).await
}

/// One local actor's own inbox (404 when there is no such actor).
async fn actor_inbox(
    state: &AppState,
    target: Option<Local>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match target {
        Some(t) => {
            receive(state, Some(t), method, uri, headers, body).await.unwrap_or_else(IntoResponse::into_response)
        }
        None => actors::not_found(),
    }
}

fn accepted() -> Response {
    (StatusCode::ACCEPTED, [(header::CONTENT_TYPE, "application/json")], "{}").into_response()
}

fn str_or_id(v: Option<&Value>) -> Option<&str> {
    match v? {
        Value::String(s) => Some(s.as_str()),
        Value::Object(o) => o.get("id")?.as_str(),
        _ => None,
    }
}

/// What an inbox reads from a body before any signature or network step.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub activity: Value,
    pub id: String,
    pub kind: String,
    pub actor_id: String,
    /// The actor's `scheme://host[:port]`.
    pub actor_origin: String,
}

/// Read an incoming activity's body: not too deep, JSON, with an id, a type
/// and an http(s) actor. Public so the fuzz targets (fuzz/) can read
/// bodies without a running node.
pub fn read_activity(body: &[u8]) -> Result<Envelope, Refusal> {
    if !within_depth(body) {
        return Err(Refusal::new(StatusCode::BAD_REQUEST, "too-deep", "the activity is nested too deeply"));
    }
    let activity: Value = serde_json::from_slice(body)
        .map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, "malformed-json", e.to_string()))?;
    let (Some(id), Some(kind), Some(actor_id)) = (
        activity.get("id").and_then(Value::as_str),
        activity.get("type").and_then(Value::as_str),
        activity.get("actor").and_then(|a| str_or_id(Some(a))),
    ) else {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "malformed-activity",
            "an activity needs an id, a type and an actor",
        ));
    };
    let Some(actor_origin) = origin_of(actor_id) else {
        return Err(Refusal::new(StatusCode::BAD_REQUEST, "malformed-activity", "the actor is not an http(s) URL"));
    };
    Ok(Envelope { id: id.to_string(), kind: kind.to_string(), actor_id: actor_id.to_string(), actor_origin, activity })
}

async fn receive(
    state: &AppState,
    target: Option<Local>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let cfg = &state.config.federation;
    if !cfg.enabled {
        return Err(Refusal::new(StatusCode::NOT_FOUND, "not-found", "federation is off on this node"));
    }
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !fetch::is_activity_type(ct) {
        return Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "send application/activity+json",
        ));
    }
    if body.len() > cfg.max_body_bytes {
        return Err(Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large", "the activity is too large"));
    }
    let Envelope { activity, id, kind, actor_id, actor_origin } = read_activity(&body)?;
    let (id, kind, actor_id) = (id.as_str(), kind.as_str(), actor_id.as_str());
    let sender = verify_request(state, &method, &uri, &headers, Some(&body)).await?;
    if sender.id != actor_id {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "key-not-actor",
            "the signing key does not belong to the activity's actor",
        ));
    }
    if origin_of(id).as_deref() != Some(actor_origin.as_str()) {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "origin-mismatch",
            "the activity's id is not on its actor's origin",
        ));
    }
    // An embedded object must come from the same origin, except in an
    // Announce (which shares someone else's object, fetched from its origin).
    if kind != "Announce" {
        if let Some(Value::Object(o)) = activity.get("object") {
            let object_id = o.get("id").and_then(Value::as_str);
            let local_object = object_id.is_some_and(|i| i.starts_with(state.config.base()));
            let own = object_id.is_some_and(|i| origin_of(i).as_deref() == Some(actor_origin.as_str()));
            if object_id.is_some() && !own && !local_object {
                return Err(Refusal::new(
                    StatusCode::FORBIDDEN,
                    "origin-mismatch",
                    "the object's id is not on the actor's origin",
                ));
            }
            if let Some(by) = o.get("attributedTo").and_then(|a| str_or_id(Some(a))) {
                if matches!(kind, "Create" | "Update") && by != actor_id {
                    return Err(Refusal::new(
                        StatusCode::FORBIDDEN,
                        "origin-mismatch",
                        "the object is attributed to someone else",
                    ));
                }
            }
        }
    }
    let change = prepare(state, target.as_ref(), &sender, kind, &activity).await?;
    // The activity's id and what it changes are written together: applied
    // exactly once, or (on failure) not at all, so a retry is applied.
    let mut tx = state.db.begin().await.map_err(internal)?;
    if !plural_store::federation::first_sight(&mut *tx, id).await.map_err(internal)? {
        tracing::debug!(activity = id, "activity seen before; not applied again");
        return Ok(accepted());
    }
    change.write(&mut tx, &sender).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(accepted())
}

fn internal(e: impl std::fmt::Display) -> Refusal {
    tracing::error!(error = %e, "inbox");
    Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "internal-error", "the activity could not be applied")
}

/// What an accepted activity changes here. Decided first — with every
/// read and fetch it needs — so that the writes are one short
/// transaction with the record of the activity's id.
enum Change {
    /// A new follower of a local actor, and our Accept to deliver.
    Follow {
        local: String,
        follow_id: String,
        accept: super::delivery::Deliver,
    },
    Unfollow {
        local: String,
    },
    /// The answer to a Follow we sent.
    Answer {
        follow_id: String,
        state: &'static str,
    },
    /// An object to keep (if its actor is followed here).
    Keep {
        object: plural_store::federation::RemoteObject,
        version: i64,
        is_update: bool,
    },
    /// An object deleted by its actor (if followed here).
    Delete {
        object_id: String,
    },
    Nothing,
}

impl Change {
    async fn write(
        self,
        tx: &mut plural_store::Transaction,
        sender: &RemoteActor,
    ) -> Result<(), plural_store::StoreError> {
        use plural_store::federation as fed;
        match self {
            Change::Follow { local, follow_id, accept } => {
                fed::add_follower(&mut **tx, &local, &sender.id, &follow_id).await?;
                plural_store::jobs::enqueue(&mut **tx, &accept).await?;
                tracing::info!(follower = %sender.id, actor = %local, "new follower");
            }
            Change::Unfollow { local } => {
                fed::remove_follower(&mut **tx, &local, &sender.id).await?;
            }
            Change::Answer { follow_id, state } => {
                if !fed::set_following_state(&mut **tx, &follow_id, &sender.id, state).await? {
                    tracing::info!(follow = %follow_id, "answer to a follow we did not send; ignored");
                }
            }
            Change::Keep { object, version, is_update } => {
                if !fed::put_object(&mut **tx, &object, version, is_update).await? {
                    tracing::info!(object = %object.id, "not kept: its actor is not followed here, or a newer copy or its deletion is");
                }
            }
            Change::Delete { object_id } => fed::delete_object(&mut **tx, &object_id, &sender.id).await?,
            Change::Nothing => {}
        }
        Ok(())
    }
}

async fn prepare(
    state: &AppState,
    target: Option<&Local>,
    sender: &RemoteActor,
    kind: &str,
    activity: &Value,
) -> Result<Change, Refusal> {
    let object = activity.get("object");
    Ok(match kind {
        "Follow" => {
            let Some(wanted) = str_or_id(object) else {
                return Err(Refusal::new(StatusCode::BAD_REQUEST, "malformed-activity", "Follow what?"));
            };
            let Some(local) = actors::local_by_id(state, wanted).await else {
                return Err(Refusal::new(StatusCode::NOT_FOUND, "not-found", "no such actor here"));
            };
            if target.is_some_and(|t| t.key() != local.key()) {
                return Err(Refusal::new(StatusCode::BAD_REQUEST, "wrong-inbox", "this inbox is another actor's"));
            }
            let follow_id = activity.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
            let actor = actors::actor_id(state.config.base(), &local.key());
            let accept = json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": format!("{actor}#accepts/{}", hex::encode(sha2_digest(&follow_id))),
                "type": "Accept",
                "actor": actor,
                "object": activity,
            });
            let accept = super::delivery::Deliver {
                inbox: sender.inbox.clone(),
                actor: local.key(),
                activity: accept.to_string(),
            };
            Change::Follow { local: local.key(), follow_id, accept }
        }
        "Undo" => match object.and_then(|o| o.get("type")).and_then(Value::as_str) {
            Some("Follow") => {
                let o = object.unwrap_or(&Value::Null);
                if str_or_id(o.get("actor")) != Some(sender.id.as_str()) {
                    return Err(Refusal::new(
                        StatusCode::FORBIDDEN,
                        "origin-mismatch",
                        "only the follower can undo a follow",
                    ));
                }
                match actors::local_by_id(state, str_or_id(o.get("object")).unwrap_or_default()).await {
                    Some(local) => Change::Unfollow { local: local.key() },
                    None => Change::Nothing,
                }
            }
            other => {
                tracing::info!(kind = ?other, "Undo of something we do not keep; ignored");
                Change::Nothing
            }
        },
        "Accept" | "Reject" => {
            let Some(follow_id) = str_or_id(object) else {
                return Err(Refusal::new(StatusCode::BAD_REQUEST, "malformed-activity", "Accept what?"));
            };
            let state = if kind == "Accept" { "accepted" } else { "rejected" };
            Change::Answer { follow_id: follow_id.to_string(), state }
        }
        "Create" | "Update" => {
            let object = match object {
                Some(o @ Value::Object(_)) => o.clone(),
                Some(Value::String(url)) => fetch_own_object(state, url, &sender.id).await?,
                _ => return Err(Refusal::new(StatusCode::BAD_REQUEST, "malformed-activity", "Create what?")),
            };
            match super::objects::as_to_internal(&sender.id, &object) {
                Ok(o) => Change::Keep {
                    version: super::objects::version_of(&object),
                    object: o,
                    is_update: kind == "Update",
                },
                Err(code) => {
                    tracing::info!(code, "object not kept");
                    Change::Nothing
                }
            }
        }
        "Delete" => {
            let Some(object_id) = str_or_id(object) else {
                return Err(Refusal::new(StatusCode::BAD_REQUEST, "malformed-activity", "Delete what?"));
            };
            if origin_of(object_id) != origin_of(&sender.id) {
                return Err(Refusal::new(
                    StatusCode::FORBIDDEN,
                    "origin-mismatch",
                    "only its own origin deletes an object",
                ));
            }
            if object_id == sender.id {
                tracing::info!(actor = %sender.id, "remote actor deleted");
                return Ok(Change::Nothing);
            }
            Change::Delete { object_id: object_id.to_string() }
        }
        "Announce" => {
            let Some(object_id) = str_or_id(object) else {
                return Err(Refusal::new(StatusCode::BAD_REQUEST, "malformed-activity", "Announce what?"));
            };
            // Nothing is fetched for an actor no place here follows.
            if !plural_store::federation::is_followed(&state.db, &sender.id).await.map_err(internal)? {
                return Ok(Change::Nothing);
            }
            // Never trust an embedded copy of someone else's object: fetch it
            // from its own origin (its id must be where it was found).
            let fetched = fetch::fetch_object(state, object_id).await.map_err(fetch_refusal)?;
            if let Some(by) = fetched.get("attributedTo").and_then(|a| str_or_id(Some(a))) {
                if origin_of(by) != origin_of(object_id) {
                    return Err(Refusal::new(
                        StatusCode::FORBIDDEN,
                        "origin-mismatch",
                        "the shared object's author is on another origin",
                    ));
                }
            }
            match super::objects::as_to_internal(&sender.id, &fetched) {
                // Fetched just now from its origin: its current state.
                Ok(o) => Change::Keep { version: super::objects::version_of(&fetched), object: o, is_update: true },
                Err(code) => {
                    tracing::info!(code, "announced object not kept");
                    Change::Nothing
                }
            }
        }
        other => {
            tracing::info!(kind = other, actor = %sender.id, "activity type not handled; ignored");
            Change::Nothing
        }
    })
}

/// Fetch an object named by URL in a Create/Update: it must be on the
/// actor's origin and be attributed to the actor.
async fn fetch_own_object(state: &AppState, url: &str, actor: &str) -> Result<Value, Refusal> {
    if origin_of(url) != origin_of(actor) {
        return Err(Refusal::new(StatusCode::FORBIDDEN, "origin-mismatch", "the object is not on the actor's origin"));
    }
    let v = fetch::fetch_object(state, url).await.map_err(fetch_refusal)?;
    match v.get("attributedTo").and_then(|a| str_or_id(Some(a))) {
        Some(by) if by != actor => {
            Err(Refusal::new(StatusCode::FORBIDDEN, "origin-mismatch", "the object is attributed to someone else"))
        }
        _ => Ok(v),
    }
}

fn sha2_digest(s: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_documents_are_refused_before_parsing() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(!within_depth(deep.as_bytes()));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(within_depth(ok.as_bytes()));
        // Brackets inside strings do not count.
        let s = format!("{{\"a\":\"{}\"}}", "[".repeat(100));
        assert!(within_depth(s.as_bytes()));
    }

    #[test]
    fn an_actor_whose_key_belongs_to_someone_else_is_refused() {
        let doc = json!({
            "id": "https://a.example/u/1", "type": "Person", "inbox": "https://a.example/u/1/inbox",
            "publicKey": { "id": "https://a.example/u/1#main-key", "owner": "https://a.example/u/2", "publicKeyPem": "x" }
        });
        assert_eq!(parse_actor(&doc, Some("https://a.example/u/1#main-key")), Err("key-owner"));
        let doc = json!({
            "id": "https://a.example/u/1", "type": "Person", "inbox": "https://evil.example/inbox",
            "publicKey": { "id": "https://a.example/u/1#main-key", "owner": "https://a.example/u/1", "publicKeyPem": "x" }
        });
        assert_eq!(parse_actor(&doc, None), Err("inbox-origin"));
    }
}
