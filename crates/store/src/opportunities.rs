//! Volunteering opportunities, the expressions of interest in them, and the
//! replies groups send back through the node.

use plural_kernel::opportunities::{CheckedOpportunity, CommitmentKind, OpportunityId, ResponseId, Status};
use plural_kernel::{GroupId, PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{Db, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct Opportunity {
    pub id: OpportunityId,
    pub group_id: GroupId,
    pub group_slug: String,
    pub group_name: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    pub title: String,
    pub description: String,
    pub commitment_kind: CommitmentKind,
    pub commitment_hours: Option<i64>,
    pub commitment_text: String,
    pub skills: Vec<String>,
    pub no_experience_needed: bool,
    pub min_age: Option<i64>,
    pub suitable_for: String,
    pub location: String,
    pub remote: bool,
    pub closes_on: Option<i64>,
    pub status: Status,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "o.id, o.group_id, g.slug AS group_slug, g.name AS group_name, o.place_id,
    p.slug AS place_slug, p.name AS place_name, o.title, o.description, o.commitment_kind, o.commitment_hours,
    o.commitment_text, o.skills, o.no_experience_needed, o.min_age, o.suitable_for, o.location, o.remote,
    o.closes_on, o.status, o.created_at, o.updated_at";
const FROM: &str = "opportunities o JOIN groups g ON g.id = o.group_id JOIN places p ON p.id = o.place_id";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("opportunity {what}"))
}

fn from_row(row: &AnyRow) -> Result<Opportunity, StoreError> {
    let skills: String = row.try_get("skills")?;
    Ok(Opportunity {
        id: row.try_get::<String, _>("id")?.parse().map_err(|_| corrupt("id"))?,
        group_id: row.try_get::<String, _>("group_id")?.parse().map_err(|_| corrupt("group"))?,
        group_slug: row.try_get("group_slug")?,
        group_name: row.try_get("group_name")?,
        place_id: row.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        place_slug: row.try_get("place_slug")?,
        place_name: row.try_get("place_name")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        commitment_kind: CommitmentKind::parse("commitment_kind", &row.try_get::<String, _>("commitment_kind")?)
            .map_err(|_| corrupt("commitment"))?,
        commitment_hours: row.try_get("commitment_hours")?,
        commitment_text: row.try_get("commitment_text")?,
        skills: skills.lines().filter(|s| !s.is_empty()).map(str::to_string).collect(),
        no_experience_needed: row.try_get::<i64, _>("no_experience_needed")? != 0,
        min_age: row.try_get("min_age")?,
        suitable_for: row.try_get("suitable_for")?,
        location: row.try_get("location")?,
        remote: row.try_get::<i64, _>("remote")? != 0,
        closes_on: row.try_get("closes_on")?,
        status: Status::parse("status", &row.try_get::<String, _>("status")?).map_err(|_| corrupt("status"))?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn create(
    db: &Db,
    group: GroupId,
    place: PlaceId,
    by: PersonId,
    c: &CheckedOpportunity,
) -> Result<OpportunityId, StoreError> {
    let mut conn = db.writer().acquire().await?;
    create_in(&mut conn, group, place, by, c).await
}

/// Create an opportunity inside the caller's transaction (adopting a
/// blueprint writes it together with the rest of the adoption).
pub async fn create_in(
    conn: &mut AnyConnection,
    group: GroupId,
    place: PlaceId,
    by: PersonId,
    c: &CheckedOpportunity,
) -> Result<OpportunityId, StoreError> {
    let id = OpportunityId::new();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO opportunities (id, group_id, place_id, title, description, commitment_kind, commitment_hours,
            commitment_text, skills, no_experience_needed, min_age, suitable_for, location, remote, closes_on, status,
            created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)",
    )
    .bind(id.to_string())
    .bind(group.to_string())
    .bind(place.to_string())
    .bind(&c.title)
    .bind(&c.description)
    .bind(c.commitment_kind.as_str())
    .bind(c.commitment_hours)
    .bind(&c.commitment_text)
    .bind(c.skills.join("\n"))
    .bind(i64::from(c.no_experience_needed))
    .bind(c.min_age)
    .bind(&c.suitable_for)
    .bind(&c.location)
    .bind(i64::from(c.remote))
    .bind(c.closes_on)
    .bind(c.status.as_str())
    .bind(by.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn update(db: &Db, id: OpportunityId, c: &CheckedOpportunity) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE opportunities SET title = $1, description = $2, commitment_kind = $3, commitment_hours = $4,
            commitment_text = $5, skills = $6, no_experience_needed = $7, min_age = $8, suitable_for = $9,
            location = $10, remote = $11, closes_on = $12, status = $13, updated_at = $14
         WHERE id = $15",
    )
    .bind(&c.title)
    .bind(&c.description)
    .bind(c.commitment_kind.as_str())
    .bind(c.commitment_hours)
    .bind(&c.commitment_text)
    .bind(c.skills.join("\n"))
    .bind(i64::from(c.no_experience_needed))
    .bind(c.min_age)
    .bind(&c.suitable_for)
    .bind(&c.location)
    .bind(i64::from(c.remote))
    .bind(c.closes_on)
    .bind(c.status.as_str())
    .bind(crate::now())
    .bind(id.to_string())
    .execute(db.writer())
    .await?;
    Ok(())
}

pub async fn set_status(db: &Db, id: OpportunityId, status: Status) -> Result<(), StoreError> {
    sqlx::query("UPDATE opportunities SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(crate::now())
        .bind(id.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn get(db: &Db, id: OpportunityId) -> Result<Option<Opportunity>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM {FROM} WHERE o.id = $1"))
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// What a list of open opportunities is narrowed to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub place: Option<PlaceId>,
    pub group: Option<GroupId>,
    pub no_experience_needed: bool,
    pub remote: bool,
}

/// Published opportunities still taking volunteers, soonest closing first
/// (open-ended ones after), then newest.
pub async fn list_open(db: &Db, f: Filter, limit: i64, offset: i64) -> Result<Vec<Opportunity>, StoreError> {
    let today = plural_kernel::opportunities::day_start(crate::now());
    let mut sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE o.status = 'published' AND (o.closes_on IS NULL OR o.closes_on >= $1)"
    );
    let mut binds: Vec<String> = Vec::new();
    if let Some(place) = f.place {
        binds.push(place.to_string());
        sql.push_str(&format!(" AND o.place_id = ${}", binds.len() + 1));
    }
    if let Some(group) = f.group {
        binds.push(group.to_string());
        sql.push_str(&format!(" AND o.group_id = ${}", binds.len() + 1));
    }
    if f.no_experience_needed {
        sql.push_str(" AND o.no_experience_needed = 1");
    }
    if f.remote {
        sql.push_str(" AND o.remote = 1");
    }
    let n = binds.len() + 2;
    sql.push_str(&format!(
        " ORDER BY CASE WHEN o.closes_on IS NULL THEN 1 ELSE 0 END, o.closes_on, o.created_at DESC, o.id
          LIMIT ${n} OFFSET ${}",
        n + 1
    ));
    let mut q = sqlx::query(&sql).bind(today);
    for b in binds {
        q = q.bind(b);
    }
    let rows = q.bind(limit).bind(offset).fetch_all(db.reader()).await?;
    rows.iter().map(from_row).collect()
}

/// Every opportunity of the groups a person administers, drafts included.
pub async fn managed_by(db: &Db, person: PersonId) -> Result<Vec<Opportunity>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM {FROM} JOIN memberships m ON m.group_id = o.group_id
         WHERE m.person_id = $1 AND m.role IN ('admin', 'owner') ORDER BY o.updated_at DESC, o.id"
    ))
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

/// Who hears about new volunteers: the group's admins and owners.
pub async fn group_managers(db: &Db, group: GroupId) -> Result<Vec<PersonId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT m.person_id FROM memberships m JOIN people p ON p.id = m.person_id
         WHERE m.group_id = $1 AND m.role IN ('admin', 'owner') AND p.erased_at IS NULL AND p.disabled_at IS NULL
         ORDER BY m.person_id",
    )
    .bind(group.to_string())
    .fetch_all(db.reader())
    .await?;
    ids.iter().map(|s| s.parse().map_err(|_| corrupt("manager id"))).collect()
}

/// One person's "I'm interested", as the group sees it: a display name and
/// the message, never an address.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub id: ResponseId,
    pub opportunity_id: OpportunityId,
    pub person_id: PersonId,
    pub display_name: Option<String>,
    pub message: String,
    /// `active` or `withdrawn`.
    pub status: String,
    pub created_at: i64,
    pub replies: Vec<Reply>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reply {
    pub author_name: Option<String>,
    pub message: String,
    pub created_at: i64,
}

const RESPONSE_COLUMNS: &str = "r.id, r.opportunity_id, r.person_id, p.display_name, r.message, r.status, r.created_at";

fn response_from_row(row: &AnyRow) -> Result<Response, StoreError> {
    Ok(Response {
        id: row.try_get::<String, _>("id")?.parse().map_err(|_| corrupt("response id"))?,
        opportunity_id: row.try_get::<String, _>("opportunity_id")?.parse().map_err(|_| corrupt("response"))?,
        person_id: row.try_get::<String, _>("person_id")?.parse().map_err(|_| corrupt("response person"))?,
        display_name: row.try_get("display_name")?,
        message: row.try_get("message")?,
        status: row.try_get("status")?,
        created_at: row.try_get("created_at")?,
        replies: Vec::new(),
    })
}

async fn with_replies(db: &Db, mut r: Response) -> Result<Response, StoreError> {
    let rows: Vec<(Option<String>, String, i64)> = sqlx::query_as(
        "SELECT p.display_name, x.message, x.created_at FROM opportunity_replies x
         LEFT JOIN people p ON p.id = x.author_id WHERE x.response_id = $1 ORDER BY x.created_at, x.id",
    )
    .bind(r.id.to_string())
    .fetch_all(db.reader())
    .await?;
    r.replies =
        rows.into_iter().map(|(author_name, message, created_at)| Reply { author_name, message, created_at }).collect();
    Ok(r)
}

/// Record an expression of interest. A person has at most one active one per
/// opportunity: `Ok(None)` when they already have.
pub async fn express_interest(
    db: &Db,
    opportunity: OpportunityId,
    person: PersonId,
    message: &str,
) -> Result<Option<ResponseId>, StoreError> {
    let mut tx = db.begin().await?;
    let existing: Option<String> = sqlx::query_scalar(
        "SELECT id FROM opportunity_responses WHERE opportunity_id = $1 AND person_id = $2 AND status = 'active'",
    )
    .bind(opportunity.to_string())
    .bind(person.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    if existing.is_some() {
        return Ok(None);
    }
    let id = ResponseId::new();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO opportunity_responses (id, opportunity_id, person_id, message, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'active', $5, $5)",
    )
    .bind(id.to_string())
    .bind(opportunity.to_string())
    .bind(person.to_string())
    .bind(message)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

pub async fn responses(db: &Db, opportunity: OpportunityId) -> Result<Vec<Response>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM opportunity_responses r JOIN people p ON p.id = r.person_id
         WHERE r.opportunity_id = $1 ORDER BY r.created_at, r.id"
    ))
    .bind(opportunity.to_string())
    .fetch_all(db.reader())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(with_replies(db, response_from_row(row)?).await?);
    }
    Ok(out)
}

pub async fn response(db: &Db, id: ResponseId) -> Result<Option<Response>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM opportunity_responses r JOIN people p ON p.id = r.person_id WHERE r.id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(db.reader())
    .await?;
    match row {
        Some(row) => Ok(Some(with_replies(db, response_from_row(&row)?).await?)),
        None => Ok(None),
    }
}

/// A person's active expression of interest in an opportunity, if any.
pub async fn active_response_of(
    db: &Db,
    opportunity: OpportunityId,
    person: PersonId,
) -> Result<Option<Response>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM opportunity_responses r JOIN people p ON p.id = r.person_id
         WHERE r.opportunity_id = $1 AND r.person_id = $2 AND r.status = 'active'"
    ))
    .bind(opportunity.to_string())
    .bind(person.to_string())
    .fetch_optional(db.reader())
    .await?;
    match row {
        Some(row) => Ok(Some(with_replies(db, response_from_row(&row)?).await?)),
        None => Ok(None),
    }
}

/// Withdraw a person's active interest; false when there was none.
pub async fn withdraw(db: &Db, opportunity: OpportunityId, person: PersonId) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE opportunity_responses SET status = 'withdrawn', updated_at = $1
         WHERE opportunity_id = $2 AND person_id = $3 AND status = 'active'",
    )
    .bind(crate::now())
    .bind(opportunity.to_string())
    .bind(person.to_string())
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn add_reply(db: &Db, response: ResponseId, author: PersonId, message: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO opportunity_replies (id, response_id, author_id, message, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(response.to_string())
    .bind(author.to_string())
    .bind(message)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// One person's expressions of interest, for their data export.
#[derive(Debug, Clone, Serialize)]
pub struct InterestRecord {
    pub opportunity_id: OpportunityId,
    pub opportunity_title: String,
    pub group_name: String,
    pub message: String,
    pub status: String,
    pub created_at: i64,
    /// The messages groups sent back, with when.
    pub replies: Vec<(String, i64)>,
}

pub async fn interests_of(db: &Db, person: PersonId) -> Result<Vec<InterestRecord>, StoreError> {
    let rows: Vec<(String, String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT r.id, o.id, o.title, g.name, r.message, r.status, r.created_at FROM opportunity_responses r
         JOIN opportunities o ON o.id = r.opportunity_id JOIN groups g ON g.id = o.group_id
         WHERE r.person_id = $1 ORDER BY r.created_at, r.id",
    )
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (response_id, opportunity_id, opportunity_title, group_name, message, status, created_at) in rows {
        let replies: Vec<(String, i64)> = sqlx::query_as(
            "SELECT message, created_at FROM opportunity_replies WHERE response_id = $1 ORDER BY created_at, id",
        )
        .bind(&response_id)
        .fetch_all(db.reader())
        .await?;
        out.push(InterestRecord {
            opportunity_id: opportunity_id.parse().map_err(|_| corrupt("id"))?,
            opportunity_title,
            group_name,
            message,
            status,
            created_at,
            replies,
        });
    }
    Ok(out)
}
