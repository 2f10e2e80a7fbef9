//! Notices: short public announcements by a group, or by a place's
//! stewards for the whole place.

use plural_kernel::ids::NoticeId;
use plural_kernel::notices::CheckedNotice;
use plural_kernel::{GroupId, PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub id: NoticeId,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    /// `None` for a place-wide notice.
    pub group_id: Option<GroupId>,
    pub group_slug: Option<String>,
    pub group_name: Option<String>,
    pub author_id: Option<PersonId>,
    pub title: String,
    /// Markdown, as written.
    pub body: String,
    pub expires_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "n.id, n.place_id, p.slug AS place_slug, p.name AS place_name, n.group_id,
    g.slug AS group_slug, g.name AS group_name, n.author_id, n.title, n.body, n.expires_at, n.created_at, n.updated_at";
const FROM: &str = "notices n JOIN places p ON p.id = n.place_id LEFT JOIN groups g ON g.id = n.group_id";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("notice {what}"))
}

fn from_row(row: &AnyRow) -> Result<Notice, StoreError> {
    let optional_id = |column: &str| -> Result<Option<String>, StoreError> { Ok(row.try_get(column)?) };
    Ok(Notice {
        id: row.try_get::<String, _>("id")?.parse().map_err(|_| corrupt("id"))?,
        place_id: row.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        place_slug: row.try_get("place_slug")?,
        place_name: row.try_get("place_name")?,
        group_id: optional_id("group_id")?.map(|g| g.parse().map_err(|_| corrupt("group"))).transpose()?,
        group_slug: row.try_get("group_slug")?,
        group_name: row.try_get("group_name")?,
        author_id: optional_id("author_id")?.map(|a| a.parse().map_err(|_| corrupt("author"))).transpose()?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        expires_at: row.try_get("expires_at")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn create(
    db: &Db,
    place: PlaceId,
    group: Option<GroupId>,
    by: PersonId,
    c: &CheckedNotice,
) -> Result<NoticeId, StoreError> {
    let id = NoticeId::new();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO notices (id, place_id, group_id, author_id, title, body, expires_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(id.to_string())
    .bind(place.to_string())
    .bind(group.map(|g| g.to_string()))
    .bind(by.to_string())
    .bind(&c.title)
    .bind(&c.body)
    .bind(c.expires_at)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    changed(&mut tx, id, "Create").await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(db: &Db, id: NoticeId, c: &CheckedNotice) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE notices SET title = $1, body = $2, expires_at = $3, updated_at = $4 WHERE id = $5")
        .bind(&c.title)
        .bind(&c.body)
        .bind(c.expires_at)
        .bind(crate::now())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    changed(&mut tx, id, "Update").await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete(db: &Db, id: NoticeId) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    changed(&mut tx, id, "Delete").await?;
    sqlx::query("DELETE FROM notices WHERE id = $1").bind(id.to_string()).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Queue the notice's federation job with its write (read before a
/// deletion, so the job knows whose followers to tell).
async fn changed(tx: &mut crate::Transaction, id: NoticeId, kind: &str) -> Result<(), StoreError> {
    let row: Option<(String, Option<String>)> = sqlx::query_as("SELECT place_id, group_id FROM notices WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    let Some((place, group)) = row else { return Ok(()) };
    let job = crate::federation::NoticeChanged { notice: id.to_string(), kind: kind.to_string(), place, group };
    crate::federation::notice_changed(tx, &job).await
}

pub async fn get(db: &Db, id: NoticeId) -> Result<Option<Notice>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM {FROM} WHERE n.id = $1"))
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// What a list of current notices is narrowed to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub place: Option<PlaceId>,
    pub group: Option<GroupId>,
    /// Only notices for the whole place (no group).
    pub place_wide: bool,
}

/// Notices not yet expired at `now`, newest first.
pub async fn list_current(db: &Db, f: Filter, now: i64, limit: i64, offset: i64) -> Result<Vec<Notice>, StoreError> {
    let mut sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE (n.expires_at IS NULL OR n.expires_at > $1)");
    let mut binds: Vec<String> = Vec::new();
    if let Some(place) = f.place {
        binds.push(place.to_string());
        sql.push_str(&format!(" AND n.place_id = ${}", binds.len() + 1));
    }
    if let Some(group) = f.group {
        binds.push(group.to_string());
        sql.push_str(&format!(" AND n.group_id = ${}", binds.len() + 1));
    }
    if f.place_wide {
        sql.push_str(" AND n.group_id IS NULL");
    }
    let n = binds.len() + 2;
    sql.push_str(&format!(" ORDER BY n.created_at DESC, n.id DESC LIMIT ${n} OFFSET ${}", n + 1));
    let mut q = sqlx::query(&sql).bind(now);
    for b in binds {
        q = q.bind(b);
    }
    let rows = q.bind(limit).bind(offset).fetch_all(db.reader()).await?;
    rows.iter().map(from_row).collect()
}
