//! What the OpenActive RPDE feeds show, kept as items: one per event series
//! (`session-series`) and one per occurrence within the next year
//! (`scheduled-sessions`), live or deleted.
//!
//! Every write that changes what an event shows calls [`event_changed`] in
//! its own transaction. That takes the next number from the single-row
//! `rpde_clock` and stamps it as `modified` on each item it touches. The
//! clock row is locked until the transaction ends, so numbers become visible
//! in the order they were handed out: a consumer that has read up to `n` can
//! never later find a new item below `n` (a timestamp, or a sequence, could be
//! committed out of order under PostgreSQL and be skipped).
//!
//! Items only say *which* item changed and when; the feed reads the event
//! itself when it serves the page, so an item always shows its latest state.

use plural_kernel::events::{expand, parse_zone, MAX_OCCURRENCES};
use plural_kernel::{EventId, GroupId};
use sqlx::{AnyConnection, Row};

use crate::db::{Db, StoreError};
use crate::events::Event;

pub const SERIES_FEED: &str = "session-series";
pub const SESSIONS_FEED: &str = "scheduled-sessions";
/// Sessions are listed this far ahead.
pub const SESSION_HORIZON_DAYS: i64 = 365;
/// Deleted items stay in the feeds this long (RPDE asks for at least 7 days).
pub const KEEP_DELETED_DAYS: i64 = 8;

const DAY: i64 = 86400;

/// The feed item id of one occurrence: the event and the start the series gives it.
pub fn session_id(event: &str, original_starts_at: i64) -> String {
    format!("{event}-{original_starts_at}")
}

/// Bring the feed items of one event up to date, inside the transaction that
/// changed it (or deleted it: a missing event leaves only deleted items).
/// Every item still shown is stamped anew, since any field may have changed.
pub async fn event_changed(conn: &mut AnyConnection, event: EventId) -> Result<(), StoreError> {
    sync(conn, &event.to_string(), crate::now(), true).await
}

/// A group's events name it as their organiser: restamp them all.
pub async fn group_changed(conn: &mut AnyConnection, group: GroupId) -> Result<(), StoreError> {
    let events: Vec<String> = sqlx::query_scalar("SELECT id FROM events WHERE group_id = $1 AND status <> 'draft'")
        .bind(group.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let now = crate::now();
    for event in &events {
        sync(conn, event, now, true).await?;
    }
    Ok(())
}

/// The items an event should have now, and when that next changes by itself.
struct Wanted {
    items: Vec<(&'static str, String, Option<i64>)>,
    due: Option<i64>,
}

async fn wanted(conn: &mut AnyConnection, event: &str, now: i64) -> Result<Wanted, StoreError> {
    let row =
        sqlx::query("SELECT status, starts_at, ends_at, time_zone, rrule, last_starts_at FROM events WHERE id = $1")
            .bind(event)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(row) = row else { return Ok(Wanted { items: vec![], due: None }) };
    // Drafts are not public; a draft that was published leaves as deleted items.
    if row.try_get::<String, _>("status")? == "draft" {
        return Ok(Wanted { items: vec![], due: None });
    }
    let starts_at: i64 = row.try_get("starts_at")?;
    let length = row.try_get::<i64, _>("ends_at")? - starts_at;
    let zone = parse_zone("time_zone", &row.try_get::<String, _>("time_zone")?)
        .map_err(|_| StoreError::Corrupt("event time_zone".into()))?;
    let rrule: Option<String> = row.try_get("rrule")?;
    let last_starts_at: Option<i64> = row.try_get("last_starts_at")?;
    // An occurrence is listed until it ends (as the series gives it).
    let horizon = now + SESSION_HORIZON_DAYS * DAY;
    let starts = expand(starts_at, zone, rrule.as_deref(), now - length, horizon, MAX_OCCURRENCES as usize);
    let mut items = vec![(SERIES_FEED, event.to_string(), None)];
    items.extend(starts.iter().map(|s| (SESSIONS_FEED, session_id(event, *s), Some(*s))));
    // Look again when the first listed occurrence ends, or tomorrow if more lie beyond the horizon.
    let first_ends = starts.first().map(|s| s + length + 1);
    let more_ahead =
        rrule.is_some() && (last_starts_at.is_none_or(|l| l >= horizon) || starts.len() >= MAX_OCCURRENCES as usize);
    let due = match (first_ends, more_ahead.then_some(now + DAY)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok(Wanted { items, due })
}

/// Make the event's items match what it should show. `touch` stamps every
/// item still shown; without it (the daily roll) only items that appear or
/// leave are stamped.
async fn sync(conn: &mut AnyConnection, event: &str, now: i64, touch: bool) -> Result<(), StoreError> {
    let want = wanted(conn, event, now).await?;
    let existing = sqlx::query("SELECT feed, id, deleted FROM rpde_items WHERE event_id = $1")
        .bind(event)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok((r.try_get::<String, _>("feed")?, r.try_get::<String, _>("id")?, r.try_get::<i64, _>("deleted")? != 0))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let live: Vec<_> = want
        .items
        .iter()
        .filter(|(feed, id, _)| touch || !existing.iter().any(|(f, i, deleted)| f == feed && i == id && !deleted))
        .collect();
    let gone: Vec<_> = existing
        .iter()
        .filter(|(f, i, deleted)| !deleted && !want.items.iter().any(|(feed, id, _)| f == feed && i == id))
        .collect();
    if !live.is_empty() || !gone.is_empty() {
        let modified = next_change(conn).await?;
        for (feed, id, occurrence) in live {
            sqlx::query(
                "INSERT INTO rpde_items (feed, id, event_id, occurrence, modified, deleted, changed_at)
                 VALUES ($1, $2, $3, $4, $5, 0, $6)
                 ON CONFLICT (feed, id) DO UPDATE SET modified = excluded.modified, deleted = 0,
                    changed_at = excluded.changed_at",
            )
            .bind(*feed)
            .bind(id.as_str())
            .bind(event)
            .bind(*occurrence)
            .bind(modified)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
        for (feed, id, _) in gone {
            sqlx::query(
                "UPDATE rpde_items SET modified = $1, deleted = 1, changed_at = $2 WHERE feed = $3 AND id = $4",
            )
            .bind(modified)
            .bind(now)
            .bind(feed.as_str())
            .bind(id.as_str())
            .execute(&mut *conn)
            .await?;
        }
    }
    match want.due {
        Some(due) => {
            sqlx::query(
                "INSERT INTO rpde_windows (event_id, due) VALUES ($1, $2)
                 ON CONFLICT (event_id) DO UPDATE SET due = excluded.due",
            )
            .bind(event)
            .bind(due)
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM rpde_windows WHERE event_id = $1").bind(event).execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// The next change number. The row stays locked until the transaction ends,
/// which orders concurrent writers on PostgreSQL (SQLite has one writer).
async fn next_change(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("UPDATE rpde_clock SET n = n + 1 WHERE id = 1 RETURNING n").fetch_one(&mut *conn).await?)
}

/// Roll the session windows that are due: occurrences that ended leave,
/// occurrences that came within the horizon join. Returns how many events were rolled.
pub async fn roll_due(db: &Db, now: i64, limit: i64) -> Result<usize, StoreError> {
    let due: Vec<String> =
        sqlx::query_scalar("SELECT event_id FROM rpde_windows WHERE due <= $1 ORDER BY due LIMIT $2")
            .bind(now)
            .bind(limit)
            .fetch_all(db.reader())
            .await?;
    for event in &due {
        let mut tx = db.begin().await?;
        sync(&mut tx, event, now, false).await?;
        tx.commit().await?;
    }
    Ok(due.len())
}

/// Forget deleted items older than [`KEEP_DELETED_DAYS`].
pub async fn prune_deleted(db: &Db, now: i64) -> Result<u64, StoreError> {
    Ok(sqlx::query("DELETE FROM rpde_items WHERE deleted = 1 AND changed_at < $1")
        .bind(now - KEEP_DELETED_DAYS * DAY)
        .execute(db.writer())
        .await?
        .rows_affected())
}

/// One item of a feed page. For a session, `change` is what was done to
/// that one occurrence (cancelled, or moved to other times), if anything.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub event_id: String,
    pub occurrence: Option<i64>,
    pub modified: i64,
    pub deleted: bool,
    pub change: Option<crate::events::Override>,
}

/// Items of a feed after `(modified, id)`, in that order.
pub async fn page(db: &Db, feed: &str, after: (i64, &str), limit: i64) -> Result<Vec<Item>, StoreError> {
    let rows = sqlx::query(
        "SELECT i.id, i.event_id, i.occurrence, i.modified, i.deleted,
            o.cancelled, o.starts_at AS moved_starts_at, o.ends_at AS moved_ends_at, o.updated_at AS moved_at
         FROM rpde_items i
         LEFT JOIN event_overrides o ON o.event_id = i.event_id AND o.original_starts_at = i.occurrence
         WHERE i.feed = $1 AND (i.modified > $2 OR (i.modified = $2 AND i.id > $3))
         ORDER BY i.modified, i.id LIMIT $4",
    )
    .bind(feed)
    .bind(after.0)
    .bind(after.1)
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let occurrence: Option<i64> = r.try_get("occurrence")?;
            let cancelled: Option<i64> = r.try_get("cancelled")?;
            let change = match (occurrence, cancelled) {
                (Some(original), Some(cancelled)) => Some(crate::events::Override {
                    original_starts_at: original,
                    cancelled: cancelled != 0,
                    starts_at: r.try_get("moved_starts_at")?,
                    ends_at: r.try_get("moved_ends_at")?,
                    updated_at: r.try_get("moved_at")?,
                }),
                _ => None,
            };
            Ok(Item {
                id: r.try_get("id")?,
                event_id: r.try_get("event_id")?,
                occurrence,
                modified: r.try_get("modified")?,
                deleted: r.try_get::<i64, _>("deleted")? != 0,
                change,
            })
        })
        .collect()
}

/// The events behind a page's items, by id (missing ones are left out).
pub async fn events(db: &Db, ids: &[&str]) -> Result<Vec<Event>, StoreError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT {} FROM events WHERE id IN ({})", crate::events::COLUMNS, placeholders.join(", "));
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(db.reader()).await?.iter().map(crate::events::from_row).collect()
}

/// When the dataset last changed (the highest change number's time), for the dataset site.
pub async fn last_changed_at(db: &Db) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT MAX(changed_at) FROM rpde_items").fetch_one(db.reader()).await?)
}
