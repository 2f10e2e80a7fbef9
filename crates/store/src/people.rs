//! People: accounts, their sealed email addresses, erasure and export.

use plural_kernel::language::Language;
use plural_kernel::people::EmailAddress;
use plural_kernel::{PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::crypto::NodeKey;
use crate::db::{Db, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: PersonId,
    /// `None` once the account is erased: shown as "former member".
    pub display_name: Option<String>,
    pub language: Language,
    pub home_place_id: Option<PlaceId>,
    pub is_node_admin: bool,
    pub disabled: bool,
    pub erased: bool,
    pub has_password: bool,
    pub created_at: i64,
    /// Set when the person chose to be visible to other servers: their
    /// ActivityPub and WebFinger name (`acct:handle@host`).
    pub fediverse_handle: Option<String>,
}

impl Person {
    /// The person as the permission rules see them.
    pub fn actor(&self) -> plural_kernel::authz::Actor {
        plural_kernel::authz::Actor::Person { id: self.id, node_admin: self.is_node_admin, disabled: self.disabled }
    }
}

const COLUMNS: &str =
    "id, display_name, language, home_place_id, is_node_admin, disabled_at, erased_at, password_hash, \
                       created_at, fediverse_handle";

fn parse_id<T: std::str::FromStr>(s: &str) -> Result<T, StoreError> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("bad id {s:?}")))
}

fn from_row(row: &AnyRow) -> Result<Person, StoreError> {
    let home: Option<String> = row.try_get("home_place_id")?;
    let password: Option<String> = row.try_get("password_hash")?;
    Ok(Person {
        id: parse_id(&row.try_get::<String, _>("id")?)?,
        display_name: row.try_get("display_name")?,
        language: Language::parse(&row.try_get::<String, _>("language")?).unwrap_or_default(),
        home_place_id: home.as_deref().map(parse_id).transpose()?,
        is_node_admin: row.try_get::<i64, _>("is_node_admin")? != 0,
        disabled: row.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
        erased: row.try_get::<Option<i64>, _>("erased_at")?.is_some(),
        has_password: password.is_some(),
        created_at: row.try_get("created_at")?,
        fediverse_handle: row.try_get("fediverse_handle")?,
    })
}

pub struct NewPerson<'a> {
    pub email: &'a EmailAddress,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub language: Language,
}

/// Create an account. Fails with a unique violation if the email is taken.
pub async fn create(db: &Db, key: &NodeKey, p: NewPerson<'_>) -> Result<PersonId, StoreError> {
    let id = PersonId::new();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO people (id, display_name, email_sealed, email_lookup, password_hash, language, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(id.to_string())
    .bind(p.display_name)
    .bind(key.seal(p.email.as_str()))
    .bind(key.lookup_hash(&p.email.lookup_key()))
    .bind(p.password_hash)
    .bind(p.language.code())
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(id)
}

pub async fn get(db: &Db, id: PersonId) -> Result<Option<Person>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM people WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Find an account by email, with its password hash (if it has one).
pub async fn find_by_email(
    db: &Db,
    key: &NodeKey,
    email: &EmailAddress,
) -> Result<Option<(Person, Option<String>)>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM people WHERE email_lookup = $1"))
        .bind(key.lookup_hash(&email.lookup_key()))
        .fetch_optional(db.reader())
        .await?;
    match row {
        Some(row) => Ok(Some((from_row(&row)?, row.try_get("password_hash")?))),
        None => Ok(None),
    }
}

/// The person's email address, decrypted.
pub async fn email(db: &Db, key: &NodeKey, id: PersonId) -> Result<Option<String>, StoreError> {
    let sealed: Option<Option<String>> = sqlx::query_scalar("SELECT email_sealed FROM people WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    sealed.flatten().map(|s| key.open(&s)).transpose()
}

pub async fn password_hash(db: &Db, id: PersonId) -> Result<Option<String>, StoreError> {
    let h: Option<Option<String>> = sqlx::query_scalar("SELECT password_hash FROM people WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    Ok(h.flatten())
}

pub struct ProfileUpdate<'a> {
    pub display_name: &'a str,
    pub language: Language,
    pub home_place_id: Option<PlaceId>,
}

pub async fn update_profile(db: &Db, id: PersonId, u: ProfileUpdate<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE people SET display_name = $1, language = $2, home_place_id = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(u.display_name)
    .bind(u.language.code())
    .bind(u.home_place_id.map(|p| p.to_string()))
    .bind(crate::now())
    .bind(id.to_string())
    .execute(db.writer())
    .await?;
    Ok(())
}

pub async fn set_language(db: &Db, id: PersonId, language: Language) -> Result<(), StoreError> {
    sqlx::query("UPDATE people SET language = $1, updated_at = $2 WHERE id = $3")
        .bind(language.code())
        .bind(crate::now())
        .bind(id.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Replace the email address. Fails with a unique violation if it is taken.
pub async fn set_email(db: &Db, key: &NodeKey, id: PersonId, email: &EmailAddress) -> Result<(), StoreError> {
    sqlx::query("UPDATE people SET email_sealed = $1, email_lookup = $2, updated_at = $3 WHERE id = $4")
        .bind(key.seal(email.as_str()))
        .bind(key.lookup_hash(&email.lookup_key()))
        .bind(crate::now())
        .bind(id.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn set_password_hash(db: &Db, id: PersonId, hash: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(crate::now())
        .bind(id.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn set_node_admin(db: &Db, id: PersonId, admin: bool) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE people SET is_node_admin = $1, updated_at = $2 WHERE id = $3 AND erased_at IS NULL")
        .bind(i64::from(admin))
        .bind(crate::now())
        .bind(id.to_string())
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Disable (or re-enable) an account. Disabling also ends its sessions and
/// revokes its tokens, in one transaction.
pub async fn set_disabled(db: &Db, id: PersonId, disabled: bool) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let now = crate::now();
    let r = sqlx::query("UPDATE people SET disabled_at = $1, updated_at = $2 WHERE id = $3 AND erased_at IS NULL")
        .bind(disabled.then_some(now))
        .bind(now)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    if disabled {
        sqlx::query("DELETE FROM sessions WHERE person_id = $1").bind(id.to_string()).execute(&mut *tx).await?;
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(r.rows_affected() == 1)
}

/// Groups the person is the only owner of while others remain members:
/// erasing them would leave those groups without an owner.
pub async fn sole_ownerships(db: &Db, id: PersonId) -> Result<Vec<String>, StoreError> {
    sole_ownerships_in(db.reader(), id).await
}

async fn sole_ownerships_in<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(
    exec: E,
    id: PersonId,
) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT g.name FROM groups g JOIN memberships m ON m.group_id = g.id
         WHERE m.person_id = $1 AND m.role = 'owner'
           AND (SELECT COUNT(*) FROM memberships o WHERE o.group_id = g.id AND o.role = 'owner') = 1
           AND (SELECT COUNT(*) FROM memberships a WHERE a.group_id = g.id) > 1
         ORDER BY g.name",
    )
    .bind(id.to_string())
    .fetch_all(exec)
    .await?)
}

/// Erase an account: every piece of personal data goes, in one transaction.
/// The row stays as a tombstone so group histories read "former member".
/// Refused (nothing erased; the groups returned) while the person is the only
/// owner of a group that has other members — checked inside the same
/// transaction, so nobody can join in between.
pub async fn erase(db: &Db, id: PersonId) -> Result<Vec<String>, StoreError> {
    let mut tx = db.begin().await?;
    let blockers = sole_ownerships_in(&mut *tx, id).await?;
    if !blockers.is_empty() {
        tx.rollback().await?;
        return Ok(blockers);
    }
    let pid = id.to_string();
    let now = crate::now();
    // Each group the person belonged to keeps a line in its history saying a
    // member left; the tombstone makes it read "former member".
    let groups: Vec<String> = sqlx::query_scalar("SELECT group_id FROM memberships WHERE person_id = $1")
        .bind(&pid)
        .fetch_all(&mut *tx)
        .await?;
    for group in groups {
        sqlx::query(
            "INSERT INTO group_events (id, group_id, person_id, kind, detail, at) VALUES ($1, $2, $3, 'left', 'account-erased', $4)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(group)
        .bind(&pid)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    for sql in [
        "DELETE FROM sessions WHERE person_id = $1",
        "DELETE FROM api_tokens WHERE person_id = $1",
        "DELETE FROM magic_links WHERE person_id = $1",
        "DELETE FROM join_requests WHERE person_id = $1",
        "DELETE FROM opportunity_replies WHERE response_id IN (SELECT id FROM opportunity_responses WHERE person_id = $1)",
        "DELETE FROM opportunity_responses WHERE person_id = $1",
        "DELETE FROM memberships WHERE person_id = $1",
        "DELETE FROM personal_data_access WHERE person_id = $1",
        "DELETE FROM digest_places WHERE person_id = $1",
        // A petition signature and a pledge say where someone lives and what
        // they offered: erasure takes them off the counts.
        "DELETE FROM campaign_signatures WHERE person_id = $1",
        "DELETE FROM campaign_pledges WHERE person_id = $1",
        "DELETE FROM campaign_supporters WHERE person_id = $1",
        "DELETE FROM proposal_followers WHERE person_id = $1",
        // Other servers' followers of the person's public actor.
        "DELETE FROM fed_followers WHERE local_actor = 'person:' || $1",
    ] {
        sqlx::query(sql).bind(&pid).execute(&mut *tx).await?;
    }
    sqlx::query(
        "UPDATE people SET display_name = NULL, email_sealed = NULL, email_lookup = NULL, password_hash = NULL,
                home_place_id = NULL, is_node_admin = 0, fediverse_handle = NULL, erased_at = $1, updated_at = $1
         WHERE id = $2",
    )
    .bind(now)
    .bind(&pid)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Vec::new())
}

/// Be visible to other servers under `handle` (lower case), or stop being
/// visible (`None`): then nothing about the person is published and their
/// followers elsewhere are forgotten. Fails with a unique violation when
/// someone else has the handle.
pub async fn set_fediverse_handle(db: &Db, id: PersonId, handle: Option<&str>) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE people SET fediverse_handle = $1, updated_at = $2 WHERE id = $3")
        .bind(handle)
        .bind(crate::now())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    if handle.is_none() {
        sqlx::query("DELETE FROM fed_followers WHERE local_actor = $1")
            .bind(format!("person:{id}"))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The visible person with this handle (not disabled, not erased).
pub async fn by_fediverse_handle(db: &Db, handle: &str) -> Result<Option<Person>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM people WHERE fediverse_handle = $1 AND disabled_at IS NULL AND erased_at IS NULL"
    ))
    .bind(handle.to_ascii_lowercase())
    .fetch_optional(db.reader())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Record that someone looked at or handled this person's personal data.
pub async fn log_access(db: &Db, id: PersonId, accessed_by: &str, what: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO personal_data_access (id, person_id, accessed_by, what, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(id.to_string())
        .bind(accessed_by)
        .bind(what)
        .bind(crate::now())
        .execute(db.writer())
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct AccessRecord {
    pub accessed_by: Option<String>,
    pub what: String,
    pub at: i64,
}

pub async fn access_log(db: &Db, id: PersonId, limit: i64) -> Result<Vec<AccessRecord>, StoreError> {
    let rows: Vec<(Option<String>, String, i64)> = sqlx::query_as(
        "SELECT accessed_by, what, at FROM personal_data_access WHERE person_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(id.to_string())
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    Ok(rows.into_iter().map(|(accessed_by, what, at)| AccessRecord { accessed_by, what, at }).collect())
}

/// Everyone, for node admins (newest first).
pub async fn list(db: &Db, limit: i64, offset: i64) -> Result<Vec<Person>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM people WHERE erased_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE erased_at IS NULL").fetch_one(db.reader()).await?)
}

/// Node admins who can still act (not disabled, not erased).
pub async fn active_admin_count(db: &Db) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM people WHERE is_node_admin = 1 AND disabled_at IS NULL AND erased_at IS NULL",
    )
    .fetch_one(db.reader())
    .await?)
}

/// One of the person's memberships, as their export shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MembershipRecord {
    pub group_slug: String,
    pub group_name: String,
    pub role: String,
    pub joined_at: i64,
}

pub async fn memberships_of(db: &Db, id: PersonId) -> Result<Vec<MembershipRecord>, StoreError> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT g.slug, g.name, m.role, m.joined_at FROM memberships m JOIN groups g ON g.id = m.group_id
         WHERE m.person_id = $1 ORDER BY g.name, g.id",
    )
    .bind(id.to_string())
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(group_slug, group_name, role, joined_at)| MembershipRecord { group_slug, group_name, role, joined_at })
        .collect())
}

/// A request to join a group the person is still waiting on.
#[derive(Debug, Clone, Serialize)]
pub struct JoinRequestRecord {
    pub group_slug: String,
    pub group_name: String,
    pub message: String,
    pub created_at: i64,
}

pub async fn join_requests_of(db: &Db, id: PersonId) -> Result<Vec<JoinRequestRecord>, StoreError> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT g.slug, g.name, r.message, r.created_at FROM join_requests r JOIN groups g ON g.id = r.group_id
         WHERE r.person_id = $1 ORDER BY r.created_at, g.id",
    )
    .bind(id.to_string())
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(group_slug, group_name, message, created_at)| JoinRequestRecord {
            group_slug,
            group_name,
            message,
            created_at,
        })
        .collect())
}

/// A line of a group's history that is about the person.
#[derive(Debug, Clone, Serialize)]
pub struct GroupEventRecord {
    pub group_slug: String,
    pub group_name: String,
    pub kind: String,
    pub detail: String,
    pub at: i64,
}

pub async fn group_events_about(db: &Db, id: PersonId) -> Result<Vec<GroupEventRecord>, StoreError> {
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT g.slug, g.name, e.kind, e.detail, e.at FROM group_events e JOIN groups g ON g.id = e.group_id
         WHERE e.person_id = $1 ORDER BY e.at, e.id",
    )
    .bind(id.to_string())
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(group_slug, group_name, kind, detail, at)| GroupEventRecord { group_slug, group_name, kind, detail, at })
        .collect())
}
