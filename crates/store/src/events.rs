//! Events, their per-occurrence changes, and RSVPs.

use plural_kernel::events::{EventDetails, EventMode, EventStatus, Repeat, RsvpState};
use plural_kernel::{EventId, GroupId, PersonId, PlaceId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{Db, StoreError};

#[derive(Debug, Clone)]
pub struct Event {
    pub id: EventId,
    pub group_id: GroupId,
    pub place_id: PlaceId,
    pub title: String,
    pub description: String,
    pub mode: EventMode,
    pub venue: String,
    pub address: String,
    pub postcode: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub online_url: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub repeat: Repeat,
    pub rrule: Option<String>,
    pub last_starts_at: Option<i64>,
    pub is_free: bool,
    pub cost: String,
    pub capacity: Option<i64>,
    pub accessibility: String,
    pub languages: String,
    pub age_range: String,
    pub status: EventStatus,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A change to one occurrence of a series, keyed by the start it originally had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub original_starts_at: i64,
    pub cancelled: bool,
    pub starts_at: i64,
    pub ends_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct Rsvp {
    pub person_id: PersonId,
    pub display_name: Option<String>,
    pub state: RsvpState,
    pub created_at: i64,
}

pub(crate) const COLUMNS: &str =
    "id, group_id, place_id, title, description, mode, venue, address, postcode, lat, lon, online_url,
     starts_at, ends_at, time_zone, repeats, rrule, last_starts_at, is_free, cost, capacity, accessibility, languages,
     age_range, status, created_at, updated_at";

/// When an event happens, without its text: enough to unfold its
/// occurrences. Listings read this for every candidate (up to
/// [`SERIES_READ_CAP`] series) and the whole event only for those they show.
#[derive(Debug, Clone)]
pub struct Timing {
    pub id: EventId,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub rrule: Option<String>,
}

const TIMING_COLUMNS: &str = "id, starts_at, ends_at, time_zone, rrule";

fn timing_from_row(row: &AnyRow) -> Result<Timing, StoreError> {
    let id: String = row.try_get("id")?;
    Ok(Timing {
        id: id.parse().map_err(|_| corrupt("id"))?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
        time_zone: row.try_get("time_zone")?,
        rrule: row.try_get("rrule")?,
    })
}

impl Event {
    pub fn timing(&self) -> Timing {
        Timing {
            id: self.id,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            time_zone: self.time_zone.clone(),
            rrule: self.rrule.clone(),
        }
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("event {what}"))
}

pub(crate) fn from_row(row: &AnyRow) -> Result<Event, StoreError> {
    Ok(Event {
        id: row.try_get::<String, _>("id")?.parse().map_err(|_| corrupt("id"))?,
        group_id: row.try_get::<String, _>("group_id")?.parse().map_err(|_| corrupt("group"))?,
        place_id: row.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        mode: EventMode::parse("mode", &row.try_get::<String, _>("mode")?).map_err(|_| corrupt("mode"))?,
        venue: row.try_get("venue")?,
        address: row.try_get("address")?,
        postcode: row.try_get("postcode")?,
        lat: row.try_get("lat")?,
        lon: row.try_get("lon")?,
        online_url: row.try_get("online_url")?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
        time_zone: row.try_get("time_zone")?,
        repeat: Repeat::parse("repeats", &row.try_get::<String, _>("repeats")?).map_err(|_| corrupt("repeat"))?,
        rrule: row.try_get("rrule")?,
        last_starts_at: row.try_get("last_starts_at")?,
        is_free: row.try_get::<i64, _>("is_free")? != 0,
        cost: row.try_get("cost")?,
        capacity: row.try_get("capacity")?,
        accessibility: row.try_get("accessibility")?,
        languages: row.try_get("languages")?,
        age_range: row.try_get("age_range")?,
        status: EventStatus::parse("status", &row.try_get::<String, _>("status")?).map_err(|_| corrupt("status"))?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Binds the details every write of an event sets. The statements that use it
/// are not kept prepared: sqlx's Any driver types a NULL coordinate as a
/// 4-byte float on PostgreSQL, and a statement prepared that way refuses the
/// next event's real (8-byte) coordinate.
fn bind_details<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    d: &'q EventDetails,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    q.bind(d.title.as_str())
        .bind(d.description.as_str())
        .bind(d.mode.as_str())
        .bind(d.venue.as_str())
        .bind(d.address.as_str())
        .bind(d.postcode.as_str())
        .bind(d.lat)
        .bind(d.lon)
        .bind(d.online_url.as_str())
        .bind(d.starts_at)
        .bind(d.ends_at)
        .bind(d.time_zone.name())
        .bind(d.repeat.as_str())
        .bind(d.rrule.as_deref())
        .bind(d.last_starts_at)
        .bind(i64::from(d.is_free))
        .bind(d.cost.as_str())
        .bind(d.capacity)
        .bind(d.accessibility.as_str())
        .bind(d.languages.as_str())
        .bind(d.age_range.as_str())
}

/// Every change to an event, in its own transaction: its OpenActive feed
/// items, and (when anyone elsewhere follows its group or place) the job
/// that tells them — so a change that is saved is never left unsent.
async fn changed(conn: &mut AnyConnection, id: EventId) -> Result<(), StoreError> {
    crate::openactive::event_changed(conn, id).await?;
    crate::federation::event_changed(conn, id).await
}

pub async fn create(
    db: &Db,
    group: GroupId,
    place: PlaceId,
    d: &EventDetails,
    status: EventStatus,
    by: PersonId,
) -> Result<EventId, StoreError> {
    let mut tx = db.begin().await?;
    let id = insert_in(&mut tx, group, place, d, status, Some(by)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Every new event is written here, inside the caller's transaction if it has one;
/// `by` is `None` for events that came from an import run on the command line.
pub async fn insert_in(
    conn: &mut AnyConnection,
    group: GroupId,
    place: PlaceId,
    d: &EventDetails,
    status: EventStatus,
    by: Option<PersonId>,
) -> Result<EventId, StoreError> {
    let id = EventId::new();
    let now = crate::now();
    let q = sqlx::query(
        "INSERT INTO events (title, description, mode, venue, address, postcode, lat, lon, online_url, starts_at, ends_at,
            time_zone, repeats, rrule, last_starts_at, is_free, cost, capacity, accessibility, languages, age_range,
            id, group_id, place_id, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
            $22, $23, $24, $25, $26, $27, $27)",
    )
    .persistent(false);
    bind_details(q, d)
        .bind(id.to_string())
        .bind(group.to_string())
        .bind(place.to_string())
        .bind(status.as_str())
        .bind(by.map(|p| p.to_string()))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    changed(conn, id).await?;
    Ok(id)
}

/// Change the whole series. Overrides of occurrences that the new rule no
/// longer produces are harmless: they match nothing.
pub async fn update(db: &Db, id: EventId, d: &EventDetails, status: EventStatus) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    update_in(&mut tx, id, d, status).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn update_in(
    conn: &mut AnyConnection,
    id: EventId,
    d: &EventDetails,
    status: EventStatus,
) -> Result<(), StoreError> {
    let q = sqlx::query(
        "UPDATE events SET title = $1, description = $2, mode = $3, venue = $4, address = $5, postcode = $6, lat = $7,
            lon = $8, online_url = $9, starts_at = $10, ends_at = $11, time_zone = $12, repeats = $13, rrule = $14,
            last_starts_at = $15, is_free = $16, cost = $17, capacity = $18, accessibility = $19, languages = $20,
            age_range = $21, status = $22, updated_at = $23
         WHERE id = $24",
    )
    .persistent(false);
    bind_details(q, d).bind(status.as_str()).bind(crate::now()).bind(id.to_string()).execute(&mut *conn).await?;
    changed(conn, id).await?;
    Ok(())
}

pub async fn set_status(db: &Db, id: EventId, status: EventStatus) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    set_status_in(&mut tx, id, status).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn set_status_in(
    conn: &mut AnyConnection,
    id: EventId,
    status: EventStatus,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE events SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(crate::now())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    changed(conn, id).await?;
    Ok(())
}

pub async fn get(db: &Db, id: EventId) -> Result<Option<Event>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM events WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// These events, in the order of `ids`, in one query (unknown ids are left out).
pub async fn get_many(db: &Db, ids: &[EventId]) -> Result<Vec<Event>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT {COLUMNS} FROM events WHERE id IN ({})", crate::placeholders(1, ids.len()));
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(id.to_string());
    }
    let mut found: std::collections::HashMap<EventId, Event> =
        q.fetch_all(db.reader()).await?.iter().map(|r| from_row(r).map(|e| (e.id, e))).collect::<Result<_, _>>()?;
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Which events to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub place: Option<PlaceId>,
    /// With `place`: its events and those of every place within it (a
    /// borough's list holds its wards' events).
    pub within: bool,
    pub group: Option<GroupId>,
    /// Include drafts (for the group's organisers).
    pub drafts: bool,
}

/// Events that may still have an occurrence at or after `from`: the first
/// `limit` one-off events by start, and the first `limit` repeating series by
/// first start (feeds and exports).
pub async fn still_running(db: &Db, f: Filter, from: i64, limit: i64) -> Result<Vec<Event>, StoreError> {
    running(db, COLUMNS, f, from, None, limit, limit).await?.iter().map(from_row).collect()
}

/// Events that may have an occurrence in `[from, to)` (listings): the first
/// `limit` one-off events in the window by start — exactly the soonest, as a
/// one-off's only start is `last_starts_at` — and up to [`SERIES_READ_CAP`]
/// repeating series that may occur in it.
pub async fn upcoming(db: &Db, f: Filter, from: i64, to: i64, limit: i64) -> Result<Vec<Timing>, StoreError> {
    running(db, TIMING_COLUMNS, f, from, Some(to), limit, SERIES_READ_CAP).await?.iter().map(timing_from_row).collect()
}

/// One-offs and series are read apart (as in [`public_between`]), so that
/// many long-running series cannot crowd one-offs out of a listing, a feed
/// or an export; each read walks an index in its order (migration 0030).
async fn running(
    db: &Db,
    columns: &str,
    f: Filter,
    from: i64,
    to: Option<i64>,
    one_offs: i64,
    series: i64,
) -> Result<Vec<AnyRow>, StoreError> {
    // $1 is `from`, $2 the limit, $3 `to` when there is one; the filter's after.
    let first = if to.is_some() { 4 } else { 3 };
    let mut filter = String::new();
    let mut args: Vec<String> = Vec::new();
    if let Some(p) = f.place {
        let n = first + args.len();
        args.push(p.to_string());
        if f.within {
            filter.push_str(&format!(
                " AND place_id IN (WITH RECURSIVE below(id) AS (SELECT ${n} UNION \
                 SELECT p.id FROM places p JOIN below b ON p.parent_id = b.id) SELECT id FROM below)"
            ));
        } else {
            filter.push_str(&format!(" AND place_id = ${n}"));
        }
    }
    if let Some(g) = f.group {
        filter.push_str(&format!(" AND group_id = ${}", first + args.len()));
        args.push(g.to_string());
    }
    if !f.drafts {
        filter.push_str(" AND status <> 'draft'");
    }
    let before = |column: &str| if to.is_some() { format!(" AND {column} < $3") } else { String::new() };
    let one_off_sql = format!(
        "SELECT {columns} FROM events WHERE rrule IS NULL AND last_starts_at >= $1{}{filter}
         ORDER BY last_starts_at, id LIMIT $2",
        before("last_starts_at")
    );
    let series_sql = format!(
        "SELECT {columns} FROM events WHERE rrule IS NOT NULL AND (last_starts_at IS NULL OR last_starts_at >= $1){}{filter}
         ORDER BY starts_at, id LIMIT $2",
        before("starts_at")
    );
    let mut out = Vec::new();
    for (sql, limit) in [(one_off_sql, one_offs), (series_sql, series)] {
        let mut q = sqlx::query(&sql).bind(from).bind(limit);
        if let Some(to) = to {
            q = q.bind(to);
        }
        for a in &args {
            q = q.bind(a.as_str());
        }
        out.extend(q.fetch_all(db.reader()).await?);
    }
    Ok(out)
}

pub async fn overrides(db: &Db, id: EventId) -> Result<Vec<Override>, StoreError> {
    Ok(overrides_of(db, &[id]).await?.remove(&id).unwrap_or_default())
}

/// The "this occurrence" changes of many events in one query, by event.
pub async fn overrides_of(
    db: &Db,
    ids: &[EventId],
) -> Result<std::collections::HashMap<EventId, Vec<Override>>, StoreError> {
    let mut out: std::collections::HashMap<EventId, Vec<Override>> = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT event_id, original_starts_at, cancelled, starts_at, ends_at, updated_at FROM event_overrides
         WHERE event_id IN ({}) ORDER BY original_starts_at",
        crate::placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(id.to_string());
    }
    for r in q.fetch_all(db.reader()).await? {
        let event: EventId = r.try_get::<String, _>("event_id")?.parse().map_err(|_| corrupt("override event"))?;
        out.entry(event).or_default().push(Override {
            original_starts_at: r.try_get("original_starts_at")?,
            cancelled: r.try_get::<i64, _>("cancelled")? != 0,
            starts_at: r.try_get("starts_at")?,
            ends_at: r.try_get("ends_at")?,
            updated_at: r.try_get("updated_at")?,
        });
    }
    Ok(out)
}

/// How many repeating series `public_between` reads at most, so a listing
/// costs the same however busy a place is.
pub const SERIES_READ_CAP: i64 = 200;

/// Published and cancelled events in these places that may have an
/// occurrence starting in `[from, to)`: the first `limit` one-off events by
/// time (exact: a one-off's only start is `last_starts_at`, so the
/// (place_id, status, last_starts_at) index yields them in order), and up to
/// [`SERIES_READ_CAP`] repeating series that may occur in the window. The two
/// are read apart so that neither kind can crowd the other out: with one
/// ordered read, open-ended series (a NULL last start) sorted first on SQLite
/// and last on PostgreSQL, and one-offs went missing behind them.
pub async fn public_between(
    db: &Db,
    place_ids: &[PlaceId],
    from: i64,
    to: i64,
    limit: i64,
) -> Result<Vec<Timing>, StoreError> {
    if place_ids.is_empty() {
        return Ok(Vec::new());
    }
    let n = place_ids.len();
    let places = crate::placeholders(1, n);
    let one_offs = format!(
        "SELECT {TIMING_COLUMNS} FROM events WHERE place_id IN ({places}) AND status IN ('published', 'cancelled')
         AND rrule IS NULL AND last_starts_at >= ${} AND last_starts_at < ${}
         ORDER BY last_starts_at, id LIMIT ${}",
        n + 1,
        n + 2,
        n + 3
    );
    let series = format!(
        "SELECT {TIMING_COLUMNS} FROM events WHERE place_id IN ({places}) AND status IN ('published', 'cancelled')
         AND rrule IS NOT NULL AND (last_starts_at IS NULL OR last_starts_at >= ${}) AND starts_at < ${}
         ORDER BY starts_at, id LIMIT ${}",
        n + 1,
        n + 2,
        n + 3
    );
    let mut out = Vec::new();
    for (sql, cap) in [(one_offs, limit), (series, SERIES_READ_CAP)] {
        let mut q = sqlx::query(&sql);
        for p in place_ids {
            q = q.bind(p.to_string());
        }
        for row in q.bind(from).bind(to).bind(cap).fetch_all(db.reader()).await? {
            out.push(timing_from_row(&row)?);
        }
    }
    Ok(out)
}

/// Cancel or move one occurrence (replacing any earlier change to it).
pub async fn set_override(db: &Db, id: EventId, o: &Override) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    set_override_in(&mut tx, id, o).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn set_override_in(conn: &mut AnyConnection, id: EventId, o: &Override) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM event_overrides WHERE event_id = $1 AND original_starts_at = $2")
        .bind(id.to_string())
        .bind(o.original_starts_at)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO event_overrides (event_id, original_starts_at, cancelled, starts_at, ends_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(o.original_starts_at)
    .bind(i64::from(o.cancelled))
    .bind(o.starts_at)
    .bind(o.ends_at)
    .bind(o.updated_at)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE events SET updated_at = $1 WHERE id = $2")
        .bind(o.updated_at)
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    changed(conn, id).await?;
    Ok(())
}

/// Drop every per-occurrence change (an imported series brings its own set again).
pub(crate) async fn clear_overrides_in(conn: &mut AnyConnection, id: EventId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM event_overrides WHERE event_id = $1").bind(id.to_string()).execute(&mut *conn).await?;
    changed(conn, id).await?;
    Ok(())
}

/// Say "going"; joins the waiting list when the event is full. Answering
/// again changes nothing. Returns the person's state.
pub async fn rsvp(db: &Db, id: EventId, person: PersonId, capacity: Option<i64>) -> Result<RsvpState, StoreError> {
    let mut tx = db.begin().await?;
    // Touching the event row first serialises RSVPs to one event on PostgreSQL
    // (a row lock), so two people cannot both take the last place.
    sqlx::query("UPDATE events SET updated_at = updated_at WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let existing: Option<String> =
        sqlx::query_scalar("SELECT state FROM event_rsvps WHERE event_id = $1 AND person_id = $2")
            .bind(id.to_string())
            .bind(person.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(s) = existing {
        tx.commit().await?;
        return RsvpState::parse("state", &s).map_err(|_| corrupt("rsvp state"));
    }
    let going: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM event_rsvps WHERE event_id = $1 AND state = 'going'")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    let state = match capacity {
        Some(c) if going >= c => RsvpState::Waiting,
        _ => RsvpState::Going,
    };
    sqlx::query("INSERT INTO event_rsvps (event_id, person_id, state, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id.to_string())
        .bind(person.to_string())
        .bind(state.as_str())
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(state)
}

/// Withdraw an answer. A freed place goes to the first person waiting.
/// Returns whether there was an answer to withdraw.
pub async fn cancel_rsvp(db: &Db, id: EventId, person: PersonId, capacity: Option<i64>) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE events SET updated_at = updated_at WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let removed = sqlx::query("DELETE FROM event_rsvps WHERE event_id = $1 AND person_id = $2")
        .bind(id.to_string())
        .bind(person.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    promote_waiting(&mut tx, id, capacity).await?;
    tx.commit().await?;
    Ok(removed > 0)
}

async fn promote_waiting(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: EventId,
    capacity: Option<i64>,
) -> Result<(), StoreError> {
    let going: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM event_rsvps WHERE event_id = $1 AND state = 'going'")
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let free = match capacity {
        Some(c) => (c - going).max(0),
        None => i64::MAX,
    };
    if free == 0 {
        return Ok(());
    }
    let waiting: Vec<String> = sqlx::query_scalar(
        "SELECT person_id FROM event_rsvps WHERE event_id = $1 AND state = 'waiting'
         ORDER BY created_at, person_id LIMIT $2",
    )
    .bind(id.to_string())
    .bind(free.min(100_000))
    .fetch_all(&mut **tx)
    .await?;
    for p in waiting {
        sqlx::query("UPDATE event_rsvps SET state = 'going' WHERE event_id = $1 AND person_id = $2")
            .bind(id.to_string())
            .bind(p)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn rsvp_of(db: &Db, id: EventId, person: PersonId) -> Result<Option<RsvpState>, StoreError> {
    let s: Option<String> = sqlx::query_scalar("SELECT state FROM event_rsvps WHERE event_id = $1 AND person_id = $2")
        .bind(id.to_string())
        .bind(person.to_string())
        .fetch_optional(db.reader())
        .await?;
    s.map(|s| RsvpState::parse("state", &s).map_err(|_| corrupt("rsvp state"))).transpose()
}

/// (going, waiting) counts.
pub async fn rsvp_counts(db: &Db, id: EventId) -> Result<(i64, i64), StoreError> {
    let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM event_rsvps WHERE event_id = $1 GROUP BY state")
        .bind(id.to_string())
        .fetch_all(db.reader())
        .await?;
    let mut counts = (0, 0);
    for r in rows {
        let n: i64 = r.try_get("n")?;
        match r.try_get::<String, _>("state")?.as_str() {
            "going" => counts.0 = n,
            _ => counts.1 = n,
        }
    }
    Ok(counts)
}

/// Who answered, going first, each in the order they answered.
pub async fn rsvps(db: &Db, id: EventId) -> Result<Vec<Rsvp>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.person_id, p.display_name, r.state, r.created_at FROM event_rsvps r
         JOIN people p ON p.id = r.person_id
         WHERE r.event_id = $1 ORDER BY r.state, r.created_at, r.person_id",
    )
    .bind(id.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Rsvp {
                person_id: r.try_get::<String, _>("person_id")?.parse().map_err(|_| corrupt("rsvp person"))?,
                display_name: r.try_get("display_name")?,
                state: RsvpState::parse("state", &r.try_get::<String, _>("state")?)
                    .map_err(|_| corrupt("rsvp state"))?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}
