//! Mutual aid: posts (offers and requests), the private conversations they
//! open, blocks, reports and the places' stewards.

use plural_kernel::mutual_aid::{CheckedPost, Kind, Status};
use plural_kernel::{PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("mutual aid {what}"))
}

fn id<T: std::str::FromStr>(row: &AnyRow, col: &str) -> Result<T, StoreError> {
    row.try_get::<String, _>(col)?.parse().map_err(|_| corrupt(col))
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[derive(Debug, Clone, Serialize)]
pub struct Post {
    pub id: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    pub author_id: PersonId,
    pub author_name: Option<String>,
    pub kind: Kind,
    pub category: String,
    pub title: String,
    pub details: String,
    pub when: String,
    pub expires_at: i64,
    pub status: Status,
    pub created_at: i64,
}

const POST_COLUMNS: &str = "a.id, a.place_id, pl.slug AS place_slug, pl.name AS place_name, a.author_id,
    pe.display_name AS author_name, a.kind, a.category, a.title, a.details, a.when_text, a.expires_at, a.status,
    a.created_at";
const POST_FROM: &str = "aid_posts a JOIN places pl ON pl.id = a.place_id JOIN people pe ON pe.id = a.author_id";

fn post_from_row(row: &AnyRow) -> Result<Post, StoreError> {
    Ok(Post {
        id: row.try_get("id")?,
        place_id: id(row, "place_id")?,
        place_slug: row.try_get("place_slug")?,
        place_name: row.try_get("place_name")?,
        author_id: id(row, "author_id")?,
        author_name: row.try_get("author_name")?,
        kind: Kind::parse("kind", &row.try_get::<String, _>("kind")?).map_err(|_| corrupt("kind"))?,
        category: row.try_get("category")?,
        title: row.try_get("title")?,
        details: row.try_get("details")?,
        when: row.try_get("when_text")?,
        expires_at: row.try_get("expires_at")?,
        status: Status::parse(&row.try_get::<String, _>("status")?).ok_or(corrupt("status"))?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn create_post(db: &Db, place: PlaceId, author: PersonId, p: &CheckedPost) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO aid_posts (id, place_id, author_id, kind, category, title, details, when_text, expires_at, status,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $10)",
    )
    .bind(&id)
    .bind(place.to_string())
    .bind(author.to_string())
    .bind(p.kind.as_str())
    .bind(p.category)
    .bind(&p.title)
    .bind(&p.details)
    .bind(&p.when)
    .bind(p.expires_at)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(id)
}

pub async fn post(db: &Db, id: &str) -> Result<Option<Post>, StoreError> {
    let row = sqlx::query(&format!("SELECT {POST_COLUMNS} FROM {POST_FROM} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(post_from_row).transpose()
}

/// What a list of open posts is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub place: Option<PlaceId>,
    pub kind: Option<Kind>,
    pub category: Option<&'static str>,
}

/// Open, unexpired posts, newest first, leaving out those of people the
/// viewer blocked or who blocked them.
pub async fn list_open(db: &Db, f: &Filter, viewer: Option<PersonId>, limit: i64) -> Result<Vec<Post>, StoreError> {
    let mut sql = format!("SELECT {POST_COLUMNS} FROM {POST_FROM} WHERE a.status = 'open' AND a.expires_at >= $1");
    let mut binds: Vec<String> = Vec::new();
    if let Some(place) = f.place {
        binds.push(place.to_string());
        sql.push_str(&format!(" AND a.place_id = ${}", binds.len() + 1));
    }
    if let Some(kind) = f.kind {
        binds.push(kind.as_str().to_string());
        sql.push_str(&format!(" AND a.kind = ${}", binds.len() + 1));
    }
    if let Some(category) = f.category {
        binds.push(category.to_string());
        sql.push_str(&format!(" AND a.category = ${}", binds.len() + 1));
    }
    if let Some(v) = viewer {
        binds.push(v.to_string());
        let n = binds.len() + 1;
        sql.push_str(&format!(
            " AND NOT EXISTS (SELECT 1 FROM aid_blocks b WHERE (b.blocker_id = ${n} AND b.blocked_id = a.author_id)
                 OR (b.blocker_id = a.author_id AND b.blocked_id = ${n}))"
        ));
    }
    sql.push_str(&format!(" ORDER BY a.created_at DESC, a.id LIMIT ${}", binds.len() + 2));
    let mut q = sqlx::query(&sql).bind(crate::now());
    for b in binds {
        q = q.bind(b);
    }
    let rows = q.bind(limit).fetch_all(db.reader()).await?;
    rows.iter().map(post_from_row).collect()
}

/// A person's own posts, any status, newest first.
pub async fn posts_by(db: &Db, author: PersonId) -> Result<Vec<Post>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {POST_COLUMNS} FROM {POST_FROM} WHERE a.author_id = $1 ORDER BY a.created_at DESC"
    ))
    .bind(author.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(post_from_row).collect()
}

pub async fn set_status(db: &Db, post: &str, status: Status) -> Result<(), StoreError> {
    sqlx::query("UPDATE aid_posts SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(crate::now())
        .bind(post)
        .execute(db.writer())
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct Conversation {
    pub id: String,
    pub post_id: String,
    pub post_title: String,
    pub author_id: PersonId,
    pub author_name: Option<String>,
    pub responder_id: PersonId,
    pub responder_name: Option<String>,
    pub updated_at: i64,
}

const CONVERSATION_QUERY: &str =
    "SELECT c.id, c.post_id, a.title AS post_title, c.author_id, pa.display_name AS author_name,
    c.responder_id, pr.display_name AS responder_name, c.updated_at
    FROM aid_conversations c JOIN aid_posts a ON a.id = c.post_id
    JOIN people pa ON pa.id = c.author_id JOIN people pr ON pr.id = c.responder_id";

fn conversation_from_row(row: &AnyRow) -> Result<Conversation, StoreError> {
    Ok(Conversation {
        id: row.try_get("id")?,
        post_id: row.try_get("post_id")?,
        post_title: row.try_get("post_title")?,
        author_id: id(row, "author_id")?,
        author_name: row.try_get("author_name")?,
        responder_id: id(row, "responder_id")?,
        responder_name: row.try_get("responder_name")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn conversation(db: &Db, id: &str) -> Result<Option<Conversation>, StoreError> {
    let row =
        sqlx::query(&format!("{CONVERSATION_QUERY} WHERE c.id = $1")).bind(id).fetch_optional(db.reader()).await?;
    row.as_ref().map(conversation_from_row).transpose()
}

/// Every conversation a person is one of the two people in.
pub async fn conversations_of(db: &Db, person: PersonId) -> Result<Vec<Conversation>, StoreError> {
    let rows = sqlx::query(&format!(
        "{CONVERSATION_QUERY} WHERE c.author_id = $1 OR c.responder_id = $1 ORDER BY c.updated_at DESC, c.id"
    ))
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(conversation_from_row).collect()
}

/// Respond to a post: its conversation with this responder (opened now if
/// new) gets the message. One transaction, so nothing is half-written.
pub async fn respond(
    db: &Db,
    post: &str,
    author: PersonId,
    responder: PersonId,
    message: &str,
) -> Result<String, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO aid_conversations (id, post_id, author_id, responder_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (post_id, responder_id) DO NOTHING",
    )
    .bind(new_id())
    .bind(post)
    .bind(author.to_string())
    .bind(responder.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let id: String = sqlx::query_scalar("SELECT id FROM aid_conversations WHERE post_id = $1 AND responder_id = $2")
        .bind(post)
        .bind(responder.to_string())
        .fetch_one(&mut *tx)
        .await?;
    insert_message(&mut tx, &id, responder, message, now).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_message(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    conversation: &str,
    sender: PersonId,
    body: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO aid_messages (id, conversation_id, sender_id, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(conversation)
    .bind(sender.to_string())
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE aid_conversations SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(conversation)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn add_message(db: &Db, conversation: &str, sender: PersonId, body: &str) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    insert_message(&mut tx, conversation, sender, body, crate::now()).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub sender_id: PersonId,
    pub sender_name: Option<String>,
    pub body: String,
    pub created_at: i64,
}

pub async fn messages(db: &Db, conversation: &str) -> Result<Vec<Message>, StoreError> {
    let rows = sqlx::query(
        "SELECT m.sender_id, p.display_name, m.body, m.created_at FROM aid_messages m JOIN people p ON p.id = m.sender_id
         WHERE m.conversation_id = $1 ORDER BY m.created_at, m.id",
    )
    .bind(conversation)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Message {
                sender_id: id(r, "sender_id")?,
                sender_name: r.try_get("display_name")?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

pub async fn block(db: &Db, blocker: PersonId, blocked: PersonId) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO aid_blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (blocker_id, blocked_id) DO NOTHING",
    )
    .bind(blocker.to_string())
    .bind(blocked.to_string())
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

pub async fn unblock(db: &Db, blocker: PersonId, blocked: PersonId) -> Result<bool, StoreError> {
    let r = sqlx::query("DELETE FROM aid_blocks WHERE blocker_id = $1 AND blocked_id = $2")
        .bind(blocker.to_string())
        .bind(blocked.to_string())
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Whether either of two people has blocked the other.
pub async fn blocked_between(db: &Db, a: PersonId, b: PersonId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM aid_blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1)",
    )
    .bind(a.to_string())
    .bind(b.to_string())
    .fetch_one(db.reader())
    .await?;
    Ok(n > 0)
}

/// Whether `blocker` blocked `blocked` (one way).
pub async fn has_blocked(db: &Db, blocker: PersonId, blocked: PersonId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM aid_blocks WHERE blocker_id = $1 AND blocked_id = $2")
        .bind(blocker.to_string())
        .bind(blocked.to_string())
        .fetch_one(db.reader())
        .await?;
    Ok(n > 0)
}

pub async fn add_steward(db: &Db, place: PlaceId, person: PersonId) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO place_stewards (place_id, person_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (place_id, person_id) DO NOTHING",
    )
    .bind(place.to_string())
    .bind(person.to_string())
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The places a person stewards.
pub async fn stewarded_by(db: &Db, person: PersonId) -> Result<Vec<PlaceId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT place_id FROM place_stewards WHERE person_id = $1")
        .bind(person.to_string())
        .fetch_all(db.reader())
        .await?;
    ids.iter().map(|s| s.parse().map_err(|_| corrupt("steward place"))).collect()
}

pub struct NewReport<'a> {
    pub place: PlaceId,
    pub post: &'a str,
    pub reporter: PersonId,
    pub person: PersonId,
    pub reason: &'a str,
    pub details: &'a str,
}

pub async fn report(db: &Db, r: &NewReport<'_>) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO aid_reports (id, place_id, post_id, reporter_id, person_id, reason, details, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)",
    )
    .bind(&id)
    .bind(r.place.to_string())
    .bind(r.post)
    .bind(r.reporter.to_string())
    .bind(r.person.to_string())
    .bind(r.reason)
    .bind(r.details)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub id: String,
    pub place_id: PlaceId,
    pub place_name: String,
    pub post_id: String,
    pub post_title: String,
    pub person_name: Option<String>,
    pub reporter_name: Option<String>,
    pub reason: String,
    pub details: String,
    pub status: String,
    pub created_at: i64,
}

/// Open reports about posts in `places` (all places when `None`: node admins).
pub async fn open_reports(db: &Db, places: Option<&[PlaceId]>) -> Result<Vec<Report>, StoreError> {
    let mut sql = String::from(
        "SELECT r.id, r.place_id, pl.name AS place_name, r.post_id, a.title AS post_title, pp.display_name AS person_name,
            pr.display_name AS reporter_name, r.reason, r.details, r.status, r.created_at
         FROM aid_reports r JOIN places pl ON pl.id = r.place_id JOIN aid_posts a ON a.id = r.post_id
         JOIN people pp ON pp.id = r.person_id JOIN people pr ON pr.id = r.reporter_id
         WHERE r.status = 'open'",
    );
    if let Some(places) = places {
        if places.is_empty() {
            return Ok(Vec::new());
        }
        sql.push_str(&format!(" AND r.place_id IN ({})", crate::placeholders(1, places.len())));
    }
    sql.push_str(" ORDER BY r.created_at, r.id");
    let mut q = sqlx::query(&sql);
    for p in places.unwrap_or_default() {
        q = q.bind(p.to_string());
    }
    let rows = q.fetch_all(db.reader()).await?;
    rows.iter()
        .map(|r| {
            Ok(Report {
                id: r.try_get("id")?,
                place_id: id(r, "place_id")?,
                place_name: r.try_get("place_name")?,
                post_id: r.try_get("post_id")?,
                post_title: r.try_get("post_title")?,
                person_name: r.try_get("person_name")?,
                reporter_name: r.try_get("reporter_name")?,
                reason: r.try_get("reason")?,
                details: r.try_get("details")?,
                status: r.try_get("status")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// The place of an open report, if there is one with this id.
pub async fn open_report_place(db: &Db, report: &str) -> Result<Option<(PlaceId, String)>, StoreError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT place_id, post_id FROM aid_reports WHERE id = $1 AND status = 'open'")
            .bind(report)
            .fetch_optional(db.reader())
            .await?;
    row.map(|(p, post)| Ok((p.parse().map_err(|_| corrupt("report place"))?, post))).transpose()
}

/// Decide a report: `removed` also takes the post down, in one transaction.
pub async fn decide_report(db: &Db, report: &str, by: PersonId, remove: bool) -> Result<bool, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let post: Option<String> = sqlx::query_scalar(
        "UPDATE aid_reports SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'open'
             RETURNING post_id",
    )
    .bind(if remove { "removed" } else { "dismissed" })
    .bind(by.to_string())
    .bind(now)
    .bind(report)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(post) = post else { return Ok(false) };
    if remove {
        sqlx::query("UPDATE aid_posts SET status = 'removed', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&post)
            .execute(&mut *tx)
            .await?;
        // Other open reports about the same post are settled by this one.
        sqlx::query(
            "UPDATE aid_reports SET status = 'removed', decided_by = $1, decided_at = $2 WHERE post_id = $3 AND status = 'open'",
        )
        .bind(by.to_string())
        .bind(now)
        .bind(&post)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
