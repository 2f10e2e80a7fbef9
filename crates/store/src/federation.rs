//! Federation (ActivityPub): actor keys, remote actors, followers and
//! followings, seen activities, received objects and other nodes' domains.
//! Local actors are named `node`, `place:<id>`, `group:<id>`; remote ones by
//! their ActivityPub id.

use plural_kernel::EventId;
use serde::{Deserialize, Serialize};
use sqlx::{Any, AnyConnection, Executor, Row};

use crate::db::{Db, StoreError};
use crate::jobs::{self, Job};

/// A local actor's key pair (the private half sealed with the node key).
#[derive(Debug, Clone)]
pub struct ActorKey {
    pub public_pem: String,
    pub private_sealed: String,
}

pub async fn key(db: &Db, actor: &str) -> Result<Option<ActorKey>, StoreError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT public_pem, private_sealed FROM fed_keys WHERE actor = $1")
            .bind(actor)
            .fetch_optional(db.reader())
            .await?;
    Ok(row.map(|(public_pem, private_sealed)| ActorKey { public_pem, private_sealed }))
}

/// Keep `key` for `actor` unless another process stored one first; returns
/// the key that is kept.
pub async fn put_key(db: &Db, actor: &str, key: &ActorKey) -> Result<ActorKey, StoreError> {
    sqlx::query(
        "INSERT INTO fed_keys (actor, public_pem, private_sealed, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (actor) DO NOTHING",
    )
    .bind(actor)
    .bind(&key.public_pem)
    .bind(&key.private_sealed)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    let row: (String, String) = sqlx::query_as("SELECT public_pem, private_sealed FROM fed_keys WHERE actor = $1")
        .bind(actor)
        .fetch_one(db.writer())
        .await?;
    Ok(ActorKey { public_pem: row.0, private_sealed: row.1 })
}

/// A remote actor as last fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteActor {
    pub id: String,
    pub domain: String,
    pub kind: String,
    pub handle: String,
    pub name: String,
    pub url: String,
    pub inbox: String,
    pub shared_inbox: String,
    pub key_id: String,
    pub public_pem: String,
    pub fetched_at: i64,
}

const ACTOR_COLUMNS: &str = "id, domain, kind, handle, name, url, inbox, shared_inbox, key_id, public_pem, fetched_at";

fn actor_from_row(row: &sqlx::any::AnyRow) -> Result<RemoteActor, StoreError> {
    Ok(RemoteActor {
        id: row.try_get("id")?,
        domain: row.try_get("domain")?,
        kind: row.try_get("kind")?,
        handle: row.try_get("handle")?,
        name: row.try_get("name")?,
        url: row.try_get("url")?,
        inbox: row.try_get("inbox")?,
        shared_inbox: row.try_get("shared_inbox")?,
        key_id: row.try_get("key_id")?,
        public_pem: row.try_get("public_pem")?,
        fetched_at: row.try_get("fetched_at")?,
    })
}

pub async fn remote_actor(db: &Db, id: &str) -> Result<Option<RemoteActor>, StoreError> {
    let row = sqlx::query(&format!("SELECT {ACTOR_COLUMNS} FROM fed_remote_actors WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(actor_from_row).transpose()
}

pub async fn remote_actor_by_key(db: &Db, key_id: &str) -> Result<Option<RemoteActor>, StoreError> {
    let row = sqlx::query(&format!("SELECT {ACTOR_COLUMNS} FROM fed_remote_actors WHERE key_id = $1"))
        .bind(key_id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(actor_from_row).transpose()
}

pub async fn put_remote_actor<'c, E: Executor<'c, Database = Any>>(exec: E, a: &RemoteActor) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO fed_remote_actors (id, domain, kind, handle, name, url, inbox, shared_inbox, key_id, public_pem, fetched_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET domain = excluded.domain, kind = excluded.kind, handle = excluded.handle,
           name = excluded.name, url = excluded.url, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox,
           key_id = excluded.key_id, public_pem = excluded.public_pem, fetched_at = excluded.fetched_at",
    )
    .bind(&a.id)
    .bind(&a.domain)
    .bind(&a.kind)
    .bind(&a.handle)
    .bind(&a.name)
    .bind(&a.url)
    .bind(&a.inbox)
    .bind(&a.shared_inbox)
    .bind(&a.key_id)
    .bind(&a.public_pem)
    .bind(a.fetched_at)
    .execute(exec)
    .await?;
    Ok(())
}

/// Record that `id` has arrived; false when it had arrived before.
pub async fn first_sight<'c, E: Executor<'c, Database = Any>>(exec: E, id: &str) -> Result<bool, StoreError> {
    let done =
        sqlx::query("INSERT INTO fed_seen_activities (id, received_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING")
            .bind(id)
            .bind(crate::now())
            .execute(exec)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Forget activity ids seen before `before`. Safe once they are older than
/// the Date window: a replay of one would need a fresh signature, which
/// only its sender can make.
pub async fn prune_seen(db: &Db, before: i64) -> Result<u64, StoreError> {
    let done =
        sqlx::query("DELETE FROM fed_seen_activities WHERE received_at < $1").bind(before).execute(db.writer()).await?;
    Ok(done.rows_affected())
}

pub async fn add_follower<'c, E: Executor<'c, Database = Any>>(
    exec: E,
    local: &str,
    remote: &str,
    follow_id: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO fed_followers (local_actor, remote_actor, follow_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (local_actor, remote_actor) DO UPDATE SET follow_id = excluded.follow_id",
    )
    .bind(local)
    .bind(remote)
    .bind(follow_id)
    .bind(crate::now())
    .execute(exec)
    .await?;
    Ok(())
}

pub async fn remove_follower<'c, E: Executor<'c, Database = Any>>(
    exec: E,
    local: &str,
    remote: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM fed_followers WHERE local_actor = $1 AND remote_actor = $2")
        .bind(local)
        .bind(remote)
        .execute(exec)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn follower_count(db: &Db, local: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM fed_followers WHERE local_actor = $1")
        .bind(local)
        .fetch_one(db.reader())
        .await?)
}

/// Where to deliver to the followers of `local`: each follower's shared
/// inbox when it has one (so one delivery per node), else its own inbox.
/// Followers on blocked domains are left out.
pub async fn follower_inboxes(db: &Db, local: &str) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT CASE WHEN a.shared_inbox <> '' THEN a.shared_inbox ELSE a.inbox END
         FROM fed_followers f JOIN fed_remote_actors a ON a.id = f.remote_actor
         WHERE f.local_actor = $1
           AND NOT EXISTS (SELECT 1 FROM fed_domains d WHERE d.domain = a.domain AND d.blocked = 1)
         ORDER BY 1",
    )
    .bind(local)
    .fetch_all(db.reader())
    .await?)
}

/// A local actor's following of a remote actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Following {
    pub local_actor: String,
    pub remote_actor: String,
    pub follow_id: String,
    pub state: String,
    pub name: String,
    pub url: String,
}

pub async fn follow(db: &Db, local: &str, remote: &str, follow_id: &str) -> Result<(), StoreError> {
    let now = crate::now();
    sqlx::query(
        "INSERT INTO fed_following (local_actor, remote_actor, follow_id, state, created_at, updated_at)
         VALUES ($1, $2, $3, 'pending', $4, $4)
         ON CONFLICT (local_actor, remote_actor) DO UPDATE SET follow_id = excluded.follow_id, state = 'pending',
           updated_at = excluded.updated_at",
    )
    .bind(local)
    .bind(remote)
    .bind(follow_id)
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The remote actor answered our Follow; only its own follow is changed.
pub async fn set_following_state<'c, E: Executor<'c, Database = Any>>(
    exec: E,
    follow_id: &str,
    remote: &str,
    state: &str,
) -> Result<bool, StoreError> {
    let done =
        sqlx::query("UPDATE fed_following SET state = $1, updated_at = $2 WHERE follow_id = $3 AND remote_actor = $4")
            .bind(state)
            .bind(crate::now())
            .bind(follow_id)
            .bind(remote)
            .execute(exec)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Stop following; returns the follow's id (for the Undo) when there was one.
pub async fn unfollow(db: &Db, local: &str, remote: &str) -> Result<Option<String>, StoreError> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT follow_id FROM fed_following WHERE local_actor = $1 AND remote_actor = $2")
            .bind(local)
            .bind(remote)
            .fetch_optional(db.writer())
            .await?;
    sqlx::query("DELETE FROM fed_following WHERE local_actor = $1 AND remote_actor = $2")
        .bind(local)
        .bind(remote)
        .execute(db.writer())
        .await?;
    Ok(id)
}

pub async fn followings(db: &Db, local: &str) -> Result<Vec<Following>, StoreError> {
    let rows: Vec<(String, String, String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT f.local_actor, f.remote_actor, f.follow_id, f.state, a.name, a.url
         FROM fed_following f LEFT JOIN fed_remote_actors a ON a.id = f.remote_actor
         WHERE f.local_actor = $1 ORDER BY f.created_at",
    )
    .bind(local)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(local_actor, remote_actor, follow_id, state, name, url)| Following {
            url: url.filter(|u| !u.is_empty()).unwrap_or_else(|| remote_actor.clone()),
            name: name.unwrap_or_default(),
            local_actor,
            remote_actor,
            follow_id,
            state,
        })
        .collect())
}

/// Whether some local actor follows `remote` (and was accepted): only then
/// is what it sends kept.
pub async fn is_followed(db: &Db, remote: &str) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM fed_following WHERE remote_actor = $1 AND state = 'accepted'")
            .bind(remote)
            .fetch_one(db.reader())
            .await?;
    Ok(n > 0)
}

/// An object received from a remote actor.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteObject {
    pub id: String,
    pub actor: String,
    pub kind: String,
    pub name: String,
    pub content: String,
    pub url: String,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub location: String,
    pub document: String,
}

/// Store (or update) an object sent by an actor some place here follows
/// (accepted); anything else is not kept. A tombstone stays a tombstone,
/// and a copy older than the one kept is ignored (`version` is the
/// object's own `updated` time; at an equal version only an Update
/// replaces it). The follow is checked in the same statement, so an
/// unfollow and an arrival cannot cross. Returns whether anything was
/// written.
pub async fn put_object<'c, E: Executor<'c, Database = Any>>(
    exec: E,
    o: &RemoteObject,
    version: i64,
    is_update: bool,
) -> Result<bool, StoreError> {
    let now = crate::now();
    let done = sqlx::query(&format!(
        "INSERT INTO fed_objects (id, actor, kind, name, content, url, starts_at, ends_at, location, document, deleted,
           version, received_at, updated_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $12, $11, $11 WHERE {FOLLOWED}
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, content = excluded.content,
           url = excluded.url, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
           location = excluded.location, document = excluded.document, version = excluded.version,
           updated_at = excluded.updated_at
         WHERE fed_objects.deleted = 0 AND fed_objects.actor = excluded.actor
           AND (excluded.version > fed_objects.version OR (excluded.version = fed_objects.version AND $13 = 1))"
    ))
    .bind(&o.id)
    .bind(&o.actor)
    .bind(&o.kind)
    .bind(&o.name)
    .bind(&o.content)
    .bind(&o.url)
    .bind(o.starts_at)
    .bind(o.ends_at)
    .bind(&o.location)
    .bind(&o.document)
    .bind(now)
    .bind(version)
    .bind(i64::from(is_update))
    .persistent(false)
    .execute(exec)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// `$2` (the sending actor) is followed by some local actor that was accepted.
const FOLLOWED: &str = "EXISTS (SELECT 1 FROM fed_following WHERE remote_actor = $2 AND state = 'accepted')";

/// Delete an object (or remember its deletion before it ever arrives), when
/// its actor is followed here. Only its own actor may delete it.
pub async fn delete_object<'c, E: Executor<'c, Database = Any>>(
    exec: E,
    id: &str,
    actor: &str,
) -> Result<(), StoreError> {
    let now = crate::now();
    sqlx::query(&format!(
        "INSERT INTO fed_objects (id, actor, kind, name, content, url, starts_at, ends_at, location, document, deleted,
           received_at, updated_at)
         SELECT $1, $2, 'Tombstone', '', '', '', NULL, NULL, '', '{{}}', 1, $3, $3 WHERE {FOLLOWED}
         ON CONFLICT (id) DO UPDATE SET deleted = 1, kind = 'Tombstone', name = '', content = '', url = '',
           location = '', document = '{{}}', updated_at = excluded.updated_at
         WHERE fed_objects.actor = excluded.actor"
    ))
    .bind(id)
    .bind(actor)
    .bind(now)
    .persistent(false)
    .execute(exec)
    .await?;
    Ok(())
}

pub async fn object(db: &Db, id: &str) -> Result<Option<(RemoteObject, bool)>, StoreError> {
    let row: Option<(String, String, String, String, String, String, Option<i64>, Option<i64>, String, String, i64)> =
        sqlx::query_as(
            "SELECT id, actor, kind, name, content, url, starts_at, ends_at, location, document, deleted
             FROM fed_objects WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    Ok(row.map(|(id, actor, kind, name, content, url, starts_at, ends_at, location, document, deleted)| {
        (RemoteObject { id, actor, kind, name, content, url, starts_at, ends_at, location, document }, deleted != 0)
    }))
}

/// What the remote actors followed by `local` have published (not deleted),
/// events from `from` on first, then the rest newest first.
pub async fn objects_for(db: &Db, local: &str, from: i64, limit: i64) -> Result<Vec<RemoteObject>, StoreError> {
    search_objects_for(db, local, &[], from, limit).await
}

type ObjectRow = (String, String, String, String, String, String, Option<i64>, Option<i64>, String, String);

fn object_from_row(row: ObjectRow) -> RemoteObject {
    let (id, actor, kind, name, content, url, starts_at, ends_at, location, document) = row;
    RemoteObject { id, actor, kind, name, content, url, starts_at, ends_at, location, document }
}

/// What the remote actors followed by `local` have published (not deleted,
/// not over) whose name or text holds every one of `words` (lower-case
/// words with no wildcards, as the search reads them), soonest first.
/// A plain scan of one place's arrivals: they are few beside the node's own.
pub async fn search_objects_for(
    db: &Db,
    local: &str,
    words: &[String],
    from: i64,
    limit: i64,
) -> Result<Vec<RemoteObject>, StoreError> {
    let mut sql = String::from(
        "SELECT o.id, o.actor, o.kind, o.name, o.content, o.url, o.starts_at, o.ends_at, o.location, o.document
         FROM fed_objects o JOIN fed_following f ON f.remote_actor = o.actor
         WHERE f.local_actor = $1 AND f.state = 'accepted' AND o.deleted = 0
           AND (o.ends_at IS NULL OR o.ends_at >= $2)",
    );
    let patterns: Vec<String> =
        words.iter().filter(|w| w.chars().all(char::is_alphanumeric)).map(|w| format!("%{w}%")).collect();
    for i in 0..patterns.len() {
        let n = i + 3;
        sql.push_str(&format!(" AND (LOWER(o.name) LIKE ${n} OR LOWER(o.content) LIKE ${n})"));
    }
    sql.push_str(&format!(
        " ORDER BY o.starts_at IS NULL, o.starts_at, o.updated_at DESC LIMIT ${}",
        patterns.len() + 3
    ));
    let mut q = sqlx::query_as::<_, ObjectRow>(&sql).bind(local).bind(from);
    for p in &patterns {
        q = q.bind(p);
    }
    let rows = q.bind(limit).fetch_all(db.reader()).await?;
    Ok(rows.into_iter().map(object_from_row).collect())
}

/// A domain's standing: blocked by an admin, or its circuit open until a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomainState {
    pub blocked: bool,
    pub failures: i64,
    pub first_failure_at: Option<i64>,
    pub open_until: i64,
}

pub async fn domain(db: &Db, domain: &str) -> Result<DomainState, StoreError> {
    let row: Option<(i64, i64, Option<i64>, i64)> =
        sqlx::query_as("SELECT blocked, failures, first_failure_at, open_until FROM fed_domains WHERE domain = $1")
            .bind(domain)
            .fetch_optional(db.reader())
            .await?;
    Ok(row
        .map(|(blocked, failures, first_failure_at, open_until)| DomainState {
            blocked: blocked != 0,
            failures,
            first_failure_at,
            open_until,
        })
        .unwrap_or_default())
}

pub async fn set_blocked(db: &Db, domain: &str, blocked: bool) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO fed_domains (domain, blocked, failures, open_until, updated_at) VALUES ($1, $2, 0, 0, $3)
         ON CONFLICT (domain) DO UPDATE SET blocked = excluded.blocked, updated_at = excluded.updated_at",
    )
    .bind(domain)
    .bind(i64::from(blocked))
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

pub async fn blocked_domains(db: &Db) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT domain FROM fed_domains WHERE blocked = 1 ORDER BY domain")
        .fetch_all(db.reader())
        .await?)
}

/// A delivery to `domain` failed: count it, and keep the circuit open for
/// `open_secs` once `threshold` failures in a row are reached.
pub async fn delivery_failed(
    db: &Db,
    domain: &str,
    threshold: i64,
    open_secs: i64,
    now: i64,
) -> Result<DomainState, StoreError> {
    sqlx::query(
        "INSERT INTO fed_domains (domain, blocked, failures, first_failure_at, open_until, updated_at)
         VALUES ($1, 0, 1, $2, 0, $2)
         ON CONFLICT (domain) DO UPDATE SET failures = fed_domains.failures + 1,
           first_failure_at = COALESCE(fed_domains.first_failure_at, excluded.first_failure_at),
           updated_at = excluded.updated_at",
    )
    .bind(domain)
    .bind(now)
    .execute(db.writer())
    .await?;
    sqlx::query("UPDATE fed_domains SET open_until = $1 WHERE domain = $2 AND failures >= $3")
        .bind(now + open_secs)
        .bind(domain)
        .bind(threshold)
        .execute(db.writer())
        .await?;
    domain_on_writer(db, domain).await
}

async fn domain_on_writer(db: &Db, domain: &str) -> Result<DomainState, StoreError> {
    let row: (i64, i64, Option<i64>, i64) =
        sqlx::query_as("SELECT blocked, failures, first_failure_at, open_until FROM fed_domains WHERE domain = $1")
            .bind(domain)
            .fetch_one(db.writer())
            .await?;
    Ok(DomainState { blocked: row.0 != 0, failures: row.1, first_failure_at: row.2, open_until: row.3 })
}

/// A delivery to `domain` succeeded: the circuit closes.
pub async fn delivery_succeeded(db: &Db, domain: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE fed_domains SET failures = 0, first_failure_at = NULL, open_until = 0, updated_at = $1
         WHERE domain = $2 AND (failures > 0 OR open_until > 0)",
    )
    .bind(crate::now())
    .bind(domain)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Counts for NodeInfo: local users (people), local posts (published events).
pub async fn usage(db: &Db) -> Result<(i64, i64), StoreError> {
    let people: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE erased_at IS NULL").fetch_one(db.reader()).await?;
    let events: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE status <> 'draft'").fetch_one(db.reader()).await?;
    Ok((people, events))
}

/// A page of the published (and cancelled) events of a place or a group,
/// most recently changed first, for an outbox; and how many there are.
pub async fn outbox_events(
    db: &Db,
    place: Option<plural_kernel::PlaceId>,
    group: Option<plural_kernel::GroupId>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<crate::events::Event>, i64), StoreError> {
    let (column, id) = match (place, group) {
        (Some(p), _) => ("place_id", p.to_string()),
        (None, Some(g)) => ("group_id", g.to_string()),
        (None, None) => return Ok((Vec::new(), 0)),
    };
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM events WHERE {column} = $1 AND status IN ('published', 'cancelled')"
    ))
    .bind(&id)
    .fetch_one(db.reader())
    .await?;
    let rows = sqlx::query(&format!(
        "SELECT {} FROM events WHERE {column} = $1 AND status IN ('published', 'cancelled')
         ORDER BY updated_at DESC, id LIMIT $2 OFFSET $3",
        crate::events::COLUMNS
    ))
    .bind(&id)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.reader())
    .await?;
    Ok((rows.iter().map(crate::events::from_row).collect::<Result<_, _>>()?, total))
}

/// Note that a local object has been federated; true the first time.
pub async fn mark_published(db: &Db, object_id: &str) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO fed_published (object_id, published_at) VALUES ($1, $2) ON CONFLICT (object_id) DO NOTHING",
    )
    .bind(object_id)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forget that a local object was federated; true when it had been.
pub async fn unmark_published(db: &Db, object_id: &str) -> Result<bool, StoreError> {
    let done =
        sqlx::query("DELETE FROM fed_published WHERE object_id = $1").bind(object_id).execute(db.writer()).await?;
    Ok(done.rows_affected() == 1)
}

/// Tell the followers of an event's group and of its place that the event
/// changed (a `Create`, `Update` or `Delete` each; the web worker runs it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventChanged {
    pub event: String,
}

impl Job for EventChanged {
    const KIND: &'static str = "fed.event_changed";
}

/// Tell the followers of a directory service's group that it changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceChanged {
    pub service: String,
}

impl Job for ServiceChanged {
    const KIND: &'static str = "fed.service_changed";
}

/// Tell the followers of a poll's group (or place) that it opened: a
/// `Create` of its `Question`, and the closing `Update` queued for its end.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PollOpened {
    pub poll: String,
}

impl Job for PollOpened {
    const KIND: &'static str = "fed.poll_opened";
}

/// A poll was made: queue [`PollOpened`] in the same transaction when some
/// remote actor follows its group or its place.
pub async fn poll_opened(conn: &mut AnyConnection, poll: &str) -> Result<(), StoreError> {
    let sql = "SELECT 1 FROM polls p WHERE p.id = $1 AND EXISTS (SELECT 1 FROM fed_followers f
                 WHERE f.local_actor = 'group:' || p.group_id OR f.local_actor = 'place:' || p.place_id)";
    queue_if_followed(conn, sql, poll, &PollOpened { poll: poll.to_string() }).await
}

/// Tell the followers of a notice's group (or place) that it was posted,
/// edited or deleted (`kind`: `Create`, `Update`, `Delete`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NoticeChanged {
    pub notice: String,
    pub kind: String,
    pub place: String,
    /// `None` for a place-wide notice.
    pub group: Option<String>,
}

impl Job for NoticeChanged {
    const KIND: &'static str = "fed.notice_changed";
}

/// A notice was written: queue [`NoticeChanged`] in the same transaction
/// when some remote actor follows its group or its place (the place
/// announces its groups' new notices).
pub async fn notice_changed(conn: &mut AnyConnection, job: &NoticeChanged) -> Result<(), StoreError> {
    let group = job.group.as_ref().map(|g| format!("group:{g}")).unwrap_or_default();
    let followed: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM fed_followers WHERE local_actor = $1 OR local_actor = $2 LIMIT 1")
            .bind(group)
            .bind(format!("place:{}", job.place))
            .fetch_optional(&mut *conn)
            .await?;
    if followed.is_some() {
        jobs::enqueue(&mut *conn, job).await?;
    }
    Ok(())
}

/// An event was written: queue [`EventChanged`] in the same transaction,
/// so a change that is saved is never left unsent — when some remote
/// actor follows its group or its place (nothing is queued on a node
/// nobody follows).
pub async fn event_changed(conn: &mut AnyConnection, event: EventId) -> Result<(), StoreError> {
    let sql = "SELECT 1 FROM events e WHERE e.id = $1 AND EXISTS (SELECT 1 FROM fed_followers f
                 WHERE f.local_actor = 'group:' || e.group_id OR f.local_actor = 'place:' || e.place_id)";
    queue_if_followed(conn, sql, &event.to_string(), &EventChanged { event: event.to_string() }).await
}

/// A directory service was written: queue [`ServiceChanged`] in the same
/// transaction when some remote actor follows its group.
pub async fn service_changed(conn: &mut AnyConnection, service: &str) -> Result<(), StoreError> {
    let sql = "SELECT 1 FROM directory_services s WHERE s.id = $1 AND EXISTS (SELECT 1 FROM fed_followers f
                 WHERE f.local_actor = 'group:' || s.group_id)";
    queue_if_followed(conn, sql, service, &ServiceChanged { service: service.to_string() }).await
}

/// Queue `job` when `followed` (a query of one parameter, `id`) finds a row.
async fn queue_if_followed<J: Job>(
    conn: &mut AnyConnection,
    followed: &str,
    id: &str,
    job: &J,
) -> Result<(), StoreError> {
    let found: Option<i64> = sqlx::query_scalar(followed).bind(id).fetch_optional(&mut *conn).await?;
    if found.is_some() {
        jobs::enqueue(&mut *conn, job).await?;
    }
    Ok(())
}
