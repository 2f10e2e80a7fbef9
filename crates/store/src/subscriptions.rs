//! iCalendar subscriptions: calendars a group follows, fetched again on a
//! schedule. A worker claims a due subscription by moving its next fetch
//! forward with a conditional UPDATE, so two processes never fetch it twice.

use plural_kernel::{GroupId, PersonId, PlaceId};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: String,
    pub url: String,
    pub group_id: GroupId,
    pub group_name: String,
    pub group_slug: String,
    pub place_id: PlaceId,
    pub interval_secs: i64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub next_fetch_at: i64,
    pub last_fetched_at: Option<i64>,
    pub last_succeeded_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_report: Option<String>,
    pub created_at: i64,
}

const COLUMNS: &str = "s.id, s.url, s.group_id, g.name AS group_name, g.slug AS group_slug, s.place_id,
    s.interval_secs, s.etag, s.last_modified, s.next_fetch_at, s.last_fetched_at, s.last_succeeded_at, s.last_error,
    s.last_report, s.created_at";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("subscription {what}"))
}

fn from_row(r: &AnyRow) -> Result<Subscription, StoreError> {
    Ok(Subscription {
        id: r.try_get("id")?,
        url: r.try_get("url")?,
        group_id: r.try_get::<String, _>("group_id")?.parse().map_err(|_| corrupt("group"))?,
        group_name: r.try_get("group_name")?,
        group_slug: r.try_get("group_slug")?,
        place_id: r.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        interval_secs: r.try_get("interval_secs")?,
        etag: r.try_get("etag")?,
        last_modified: r.try_get("last_modified")?,
        next_fetch_at: r.try_get("next_fetch_at")?,
        last_fetched_at: r.try_get("last_fetched_at")?,
        last_succeeded_at: r.try_get("last_succeeded_at")?,
        last_error: r.try_get("last_error")?,
        last_report: r.try_get("last_report")?,
        created_at: r.try_get("created_at")?,
    })
}

/// Follow a calendar; the same URL for the same group is the same subscription
/// (its place and interval are updated). Returns its id.
pub async fn upsert(
    db: &Db,
    url: &str,
    group: GroupId,
    place: PlaceId,
    interval_secs: i64,
    by: Option<PersonId>,
) -> Result<String, StoreError> {
    let mut tx = db.begin().await?;
    let existing: Option<String> =
        sqlx::query_scalar("SELECT id FROM ical_subscriptions WHERE group_id = $1 AND url = $2")
            .bind(group.to_string())
            .bind(url)
            .fetch_optional(&mut *tx)
            .await?;
    let id = match existing {
        Some(id) => {
            sqlx::query("UPDATE ical_subscriptions SET place_id = $1, interval_secs = $2 WHERE id = $3")
                .bind(place.to_string())
                .bind(interval_secs)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            let now = crate::now();
            sqlx::query(
                "INSERT INTO ical_subscriptions (id, url, group_id, place_id, interval_secs, next_fetch_at, created_by,
                     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $6)",
            )
            .bind(&id)
            .bind(url)
            .bind(group.to_string())
            .bind(place.to_string())
            .bind(interval_secs)
            .bind(now + interval_secs)
            .bind(by.map(|p| p.to_string()))
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Subscription>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM ical_subscriptions s JOIN groups g ON g.id = s.group_id WHERE s.id = $1"
    ))
    .bind(id)
    .fetch_optional(db.writer())
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn list(db: &Db) -> Result<Vec<Subscription>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM ical_subscriptions s JOIN groups g ON g.id = s.group_id ORDER BY g.name, s.url, s.id"
    ))
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

/// Stop following. The events it brought stay (as one-off imports would).
pub async fn remove(db: &Db, id: &str) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE import_external_ids SET source = NULL WHERE source = $1").bind(id).execute(&mut *tx).await?;
    let n =
        sqlx::query("DELETE FROM ical_subscriptions WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
    tx.commit().await?;
    Ok(n > 0)
}

/// Claim the subscriptions due now and queue a fetch job for each: each
/// one's next fetch moves a full interval ahead, and only the process whose
/// conditional UPDATE changed the row queues it (in the same transaction).
pub async fn claim_due<J: crate::jobs::Job>(
    db: &Db,
    now: i64,
    limit: i64,
    job: impl Fn(&str) -> J,
) -> Result<usize, StoreError> {
    let due: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT id, next_fetch_at, interval_secs FROM ical_subscriptions WHERE next_fetch_at <= $1
         ORDER BY next_fetch_at LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    let mut claimed = 0;
    for (id, next, interval) in due {
        let mut tx = db.begin().await?;
        let n = sqlx::query("UPDATE ical_subscriptions SET next_fetch_at = $1 WHERE id = $2 AND next_fetch_at = $3")
            .bind(now + interval.max(60))
            .bind(&id)
            .bind(next)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 1 {
            crate::jobs::enqueue(&mut *tx, &job(&id)).await?;
            claimed += 1;
        }
        tx.commit().await?;
    }
    Ok(claimed)
}

/// A fetch happened (whatever its outcome).
pub async fn record_fetch(db: &Db, id: &str, error: Option<&str>) -> Result<(), StoreError> {
    let now = crate::now();
    let error: Option<String> = error.map(|e| e.chars().take(2000).collect());
    let sql = if error.is_none() {
        "UPDATE ical_subscriptions SET last_fetched_at = $1, last_error = $2, last_succeeded_at = $1 WHERE id = $3"
    } else {
        "UPDATE ical_subscriptions SET last_fetched_at = $1, last_error = $2 WHERE id = $3"
    };
    sqlx::query(sql).bind(now).bind(error).bind(id).execute(db.writer()).await?;
    Ok(())
}

/// A feed was read and imported: remember its validators and what it did.
pub async fn record_import(
    db: &Db,
    id: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    report: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE ical_subscriptions SET etag = $1, last_modified = $2, last_report = $3 WHERE id = $4")
        .bind(etag)
        .bind(last_modified)
        .bind(report)
        .bind(id)
        .execute(db.writer())
        .await?;
    record_fetch(db, id, None).await
}
