//! Groups, memberships, join requests, invitations and group history.

use plural_kernel::groups::{GroupKind, JoinPolicy, Role};
use plural_kernel::{GroupId, PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::crypto::{random_token, token_hash};
use crate::db::{Db, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: GroupId,
    pub place_id: PlaceId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub kind: GroupKind,
    pub join_policy: JoinPolicy,
    pub verified_public_body: bool,
    pub member_count: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "g.id, g.place_id, g.slug, g.name, g.description, g.kind, g.join_policy, g.verified_public_body_at, g.created_at,
     (SELECT COUNT(*) FROM memberships m WHERE m.group_id = g.id) AS member_count";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("group {what}"))
}

fn from_row(row: &AnyRow) -> Result<Group, StoreError> {
    Ok(Group {
        id: row.try_get::<String, _>("id")?.parse().map_err(|_| corrupt("id"))?,
        place_id: row.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        kind: GroupKind::parse("kind", &row.try_get::<String, _>("kind")?).map_err(|_| corrupt("kind"))?,
        join_policy: JoinPolicy::parse("join_policy", &row.try_get::<String, _>("join_policy")?)
            .map_err(|_| corrupt("join policy"))?,
        verified_public_body: row.try_get::<Option<i64>, _>("verified_public_body_at")?.is_some(),
        member_count: row.try_get("member_count")?,
        created_at: row.try_get("created_at")?,
    })
}

pub struct GroupFields<'a> {
    pub place_id: PlaceId,
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub kind: GroupKind,
    pub join_policy: JoinPolicy,
}

async fn record<'c, E: Executor<'c, Database = Any>>(
    exec: E,
    group: GroupId,
    person: Option<PersonId>,
    kind: &str,
    detail: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO group_events (id, group_id, person_id, kind, detail, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(group.to_string())
        .bind(person.map(|p| p.to_string()))
        .bind(kind)
        .bind(detail)
        .bind(crate::now())
        .execute(exec)
        .await?;
    Ok(())
}

/// Create a group with its creator as owner, in one transaction.
pub async fn create(db: &Db, g: GroupFields<'_>, owner: PersonId) -> Result<GroupId, StoreError> {
    let id = GroupId::new();
    let now = crate::now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO groups (id, place_id, slug, name, description, kind, join_policy, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(id.to_string())
    .bind(g.place_id.to_string())
    .bind(g.slug)
    .bind(g.name)
    .bind(g.description)
    .bind(g.kind.as_str())
    .bind(g.join_policy.as_str())
    .bind(owner.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO memberships (group_id, person_id, role, joined_at) VALUES ($1, $2, 'owner', $3)")
        .bind(id.to_string())
        .bind(owner.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    record(&mut *tx, id, Some(owner), "created", "").await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(db: &Db, id: GroupId, g: GroupFields<'_>) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE groups SET place_id = $1, slug = $2, name = $3, description = $4, kind = $5, join_policy = $6, updated_at = $7
         WHERE id = $8",
    )
    .bind(g.place_id.to_string())
    .bind(g.slug)
    .bind(g.name)
    .bind(g.description)
    .bind(g.kind.as_str())
    .bind(g.join_policy.as_str())
    .bind(crate::now())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    // The group is the organiser its events name in the OpenActive feeds.
    crate::openactive::group_changed(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Group>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM groups g WHERE g.slug = $1"))
        .bind(slug)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The names of these groups, in one query (for lists of things groups own).
pub async fn names(db: &Db, ids: &[GroupId]) -> Result<std::collections::HashMap<GroupId, String>, StoreError> {
    let mut out = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let sql = format!("SELECT id, name FROM groups WHERE id IN ({})", crate::placeholders(1, ids.len()));
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(id.to_string());
    }
    for r in q.fetch_all(db.reader()).await? {
        let id: GroupId = r.try_get::<String, _>("id")?.parse().map_err(|_| corrupt("id"))?;
        out.insert(id, r.try_get("name")?);
    }
    Ok(out)
}

/// These groups, in one query, by id (unknown ids are left out).
pub async fn get_many(db: &Db, ids: &[GroupId]) -> Result<std::collections::HashMap<GroupId, Group>, StoreError> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let sql = format!("SELECT {COLUMNS} FROM groups g WHERE g.id IN ({})", crate::placeholders(1, ids.len()));
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(id.to_string());
    }
    q.fetch_all(db.reader()).await?.iter().map(|r| from_row(r).map(|g| (g.id, g))).collect()
}

/// Groups, optionally only those of one place, by name.
pub async fn list(db: &Db, place: Option<PlaceId>, limit: i64, offset: i64) -> Result<Vec<Group>, StoreError> {
    let rows = match place {
        Some(p) => {
            sqlx::query(&format!(
                "SELECT {COLUMNS} FROM groups g WHERE g.place_id = $1 ORDER BY g.name, g.id LIMIT $2 OFFSET $3"
            ))
            .bind(p.to_string())
            .bind(limit)
            .bind(offset)
            .fetch_all(db.reader())
            .await?
        }
        None => {
            sqlx::query(&format!("SELECT {COLUMNS} FROM groups g ORDER BY g.name, g.id LIMIT $1 OFFSET $2"))
                .bind(limit)
                .bind(offset)
                .fetch_all(db.reader())
                .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// The groups a person belongs to, with their role.
pub async fn of_person(db: &Db, person: PersonId) -> Result<Vec<(Group, Role)>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, mm.role AS my_role FROM groups g JOIN memberships mm ON mm.group_id = g.id
         WHERE mm.person_id = $1 ORDER BY g.name, g.id"
    ))
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let role = Role::parse("role", &r.try_get::<String, _>("my_role")?).map_err(|_| corrupt("role"))?;
            Ok((from_row(r)?, role))
        })
        .collect()
}

pub async fn role_of(db: &Db, group: GroupId, person: PersonId) -> Result<Option<Role>, StoreError> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM memberships WHERE group_id = $1 AND person_id = $2")
            .bind(group.to_string())
            .bind(person.to_string())
            .fetch_optional(db.writer())
            .await?;
    role.map(|r| Role::parse("role", &r).map_err(|_| corrupt("role"))).transpose()
}

pub async fn owner_count(db: &Db, group: GroupId) -> Result<usize, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE group_id = $1 AND role = 'owner'")
        .bind(group.to_string())
        .fetch_one(db.writer())
        .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub person_id: PersonId,
    pub display_name: Option<String>,
    pub role: Role,
    pub joined_at: i64,
}

pub async fn members(db: &Db, group: GroupId) -> Result<Vec<Member>, StoreError> {
    let rows: Vec<(String, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.display_name, m.role, m.joined_at FROM memberships m JOIN people p ON p.id = m.person_id
         WHERE m.group_id = $1 ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, p.display_name, p.id",
    )
    .bind(group.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.into_iter()
        .map(|(id, display_name, role, joined_at)| {
            Ok(Member {
                person_id: id.parse().map_err(|_| corrupt("member id"))?,
                display_name,
                role: Role::parse("role", &role).map_err(|_| corrupt("role"))?,
                joined_at,
            })
        })
        .collect()
}

/// Add a member (joining an open group, accepting an invitation, an approved
/// request). Any pending request is settled in the same transaction.
pub async fn add_member(db: &Db, group: GroupId, person: PersonId, role: Role, how: &str) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO memberships (group_id, person_id, role, joined_at) VALUES ($1, $2, $3, $4)")
        .bind(group.to_string())
        .bind(person.to_string())
        .bind(role.as_str())
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM join_requests WHERE group_id = $1 AND person_id = $2")
        .bind(group.to_string())
        .bind(person.to_string())
        .execute(&mut *tx)
        .await?;
    record(&mut *tx, group, Some(person), "joined", how).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_member(db: &Db, group: GroupId, person: PersonId, how: &str) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let r = sqlx::query("DELETE FROM memberships WHERE group_id = $1 AND person_id = $2")
        .bind(group.to_string())
        .bind(person.to_string())
        .execute(&mut *tx)
        .await?;
    record(&mut *tx, group, Some(person), "left", how).await?;
    tx.commit().await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_role(db: &Db, group: GroupId, person: PersonId, role: Role) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE memberships SET role = $1 WHERE group_id = $2 AND person_id = $3")
        .bind(role.as_str())
        .bind(group.to_string())
        .bind(person.to_string())
        .execute(&mut *tx)
        .await?;
    record(&mut *tx, group, Some(person), "role_changed", role.as_str()).await?;
    tx.commit().await?;
    Ok(r.rows_affected() == 1)
}

/// Ask to join. Asking twice is harmless.
pub async fn request_to_join(db: &Db, group: GroupId, person: PersonId, message: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO join_requests (group_id, person_id, message, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (group_id, person_id) DO UPDATE SET message = excluded.message",
    )
    .bind(group.to_string())
    .bind(person.to_string())
    .bind(message)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct JoinRequest {
    pub person_id: PersonId,
    pub display_name: Option<String>,
    pub message: String,
    pub created_at: i64,
}

pub async fn join_requests(db: &Db, group: GroupId) -> Result<Vec<JoinRequest>, StoreError> {
    let rows: Vec<(String, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.display_name, r.message, r.created_at FROM join_requests r JOIN people p ON p.id = r.person_id
         WHERE r.group_id = $1 ORDER BY r.created_at, p.id",
    )
    .bind(group.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.into_iter()
        .map(|(id, display_name, message, created_at)| {
            Ok(JoinRequest {
                person_id: id.parse().map_err(|_| corrupt("requester"))?,
                display_name,
                message,
                created_at,
            })
        })
        .collect()
}

pub async fn has_pending_request(db: &Db, group: GroupId, person: PersonId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM join_requests WHERE group_id = $1 AND person_id = $2")
        .bind(group.to_string())
        .bind(person.to_string())
        .fetch_one(db.reader())
        .await?;
    Ok(n > 0)
}

/// Decline (or withdraw) a request. False if there was none.
pub async fn drop_request(db: &Db, group: GroupId, person: PersonId) -> Result<bool, StoreError> {
    let r = sqlx::query("DELETE FROM join_requests WHERE group_id = $1 AND person_id = $2")
        .bind(group.to_string())
        .bind(person.to_string())
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Make an invitation link. Returns the secret for the link.
pub async fn create_invitation(
    db: &Db,
    group: GroupId,
    role: Role,
    by: PersonId,
    ttl_secs: i64,
) -> Result<String, StoreError> {
    let token = random_token();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO group_invitations (token_hash, group_id, role, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash(&token))
    .bind(group.to_string())
    .bind(role.as_str())
    .bind(by.to_string())
    .bind(now)
    .bind(now + ttl_secs)
    .execute(db.writer())
    .await?;
    Ok(token)
}

/// The group and role a live invitation link grants.
pub async fn invitation(db: &Db, token: &str) -> Result<Option<(GroupId, Role)>, StoreError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT group_id, role FROM group_invitations WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(crate::now())
    .fetch_optional(db.reader())
    .await?;
    row.map(|(g, r)| {
        Ok((g.parse().map_err(|_| corrupt("invitation group"))?, Role::parse("role", &r).map_err(|_| corrupt("role"))?))
    })
    .transpose()
}

/// What an invitation link is, whether or not it can still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationState {
    Live {
        group: GroupId,
        role: Role,
        expires_at: i64,
    },
    /// Past its expiry date, or revoked.
    Expired,
    Unknown,
}

/// Look an invitation link up, telling an expired link from a made-up one so
/// the person holding it can be told to ask for a new one.
pub async fn invitation_state(db: &Db, token: &str) -> Result<InvitationState, StoreError> {
    let row: Option<(String, String, i64, Option<i64>)> =
        sqlx::query_as("SELECT group_id, role, expires_at, revoked_at FROM group_invitations WHERE token_hash = $1")
            .bind(token_hash(token))
            .fetch_optional(db.reader())
            .await?;
    let Some((group, role, expires_at, revoked_at)) = row else { return Ok(InvitationState::Unknown) };
    if revoked_at.is_some() || expires_at <= crate::now() {
        return Ok(InvitationState::Expired);
    }
    Ok(InvitationState::Live {
        group: group.parse().map_err(|_| corrupt("invitation group"))?,
        role: Role::parse("role", &role).map_err(|_| corrupt("role"))?,
        expires_at,
    })
}

pub async fn get(db: &Db, id: GroupId) -> Result<Option<Group>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM groups g WHERE g.id = $1"))
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn set_verified_public_body(db: &Db, group: GroupId, verified: bool) -> Result<(), StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE groups SET verified_public_body_at = $1, updated_at = $2 WHERE id = $3")
        .bind(verified.then_some(now))
        .bind(now)
        .bind(group.to_string())
        .execute(&mut *tx)
        .await?;
    record(&mut *tx, group, None, if verified { "verified" } else { "unverified" }, "").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    /// `None` when the person has since erased their account ("former member").
    pub display_name: Option<String>,
    pub had_person: bool,
    pub kind: String,
    pub detail: String,
    pub at: i64,
}

pub async fn history(db: &Db, group: GroupId, limit: i64) -> Result<Vec<HistoryEntry>, StoreError> {
    let rows: Vec<(Option<String>, Option<String>, String, String, i64)> = sqlx::query_as(
        "SELECT e.person_id, p.display_name, e.kind, e.detail, e.at FROM group_events e
         LEFT JOIN people p ON p.id = e.person_id WHERE e.group_id = $1 ORDER BY e.at DESC, e.id DESC LIMIT $2",
    )
    .bind(group.to_string())
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(pid, display_name, kind, detail, at)| HistoryEntry {
            had_person: pid.is_some(),
            display_name,
            kind,
            detail,
            at,
        })
        .collect())
}
