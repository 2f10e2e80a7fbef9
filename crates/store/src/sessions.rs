//! Sign-in sessions and magic links, kept in the database so any web
//! process can serve any request.

use plural_kernel::PersonId;
use serde::Serialize;

use crate::crypto::{random_token, token_hash, NodeKey};
use crate::db::{Db, StoreError};

/// Start a session. Returns the secret for the cookie; only its hash is stored.
pub async fn create(db: &Db, person: PersonId, ttl_secs: i64) -> Result<String, StoreError> {
    let token = random_token();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, person_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(person.to_string())
    .bind(now)
    .bind(now + ttl_secs)
    .execute(db.writer())
    .await?;
    Ok(token)
}

/// The person a live session belongs to. Sliding expiry: a session used
/// more than an hour after its last refresh is extended.
pub async fn person_for(db: &Db, token: &str, ttl_secs: i64) -> Result<Option<PersonId>, StoreError> {
    let now = crate::now();
    let hash = token_hash(token);
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT person_id, last_seen_at FROM sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(&hash)
            .bind(now)
            .fetch_optional(db.reader())
            .await?;
    let Some((person, last_seen)) = row else { return Ok(None) };
    if now - last_seen > 3600 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(now)
            .bind(now + ttl_secs)
            .bind(&hash)
            .execute(db.writer())
            .await?;
    }
    Ok(person.parse().ok())
}

pub async fn delete(db: &Db, token: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)).execute(db.writer()).await?;
    Ok(())
}

/// Sign out everywhere.
pub async fn delete_all(db: &Db, person: PersonId) -> Result<u64, StoreError> {
    let r =
        sqlx::query("DELETE FROM sessions WHERE person_id = $1").bind(person.to_string()).execute(db.writer()).await?;
    Ok(r.rows_affected())
}

/// End every session of the person but one (after a password change, the
/// device that changed it stays signed in).
pub async fn delete_others(db: &Db, person: PersonId, keep: &str) -> Result<u64, StoreError> {
    let r = sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND token_hash <> $2")
        .bind(person.to_string())
        .bind(token_hash(keep))
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected())
}

/// The person's sessions, each marked whether it is the one holding `current`.
pub async fn list_marking(
    db: &Db,
    person: PersonId,
    current: Option<&str>,
) -> Result<Vec<(SessionInfo, bool)>, StoreError> {
    let current = current.map(token_hash);
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT token_hash, created_at, last_seen_at, expires_at FROM sessions WHERE person_id = $1
         ORDER BY created_at DESC",
    )
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(hash, created_at, last_seen_at, expires_at)| {
            (SessionInfo { created_at, last_seen_at, expires_at }, current.as_deref() == Some(hash.as_str()))
        })
        .collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

pub async fn list(db: &Db, person: PersonId) -> Result<Vec<SessionInfo>, StoreError> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT created_at, last_seen_at, expires_at FROM sessions WHERE person_id = $1 ORDER BY created_at DESC",
    )
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(created_at, last_seen_at, expires_at)| SessionInfo { created_at, last_seen_at, expires_at })
        .collect())
}

pub async fn prune_expired(db: &Db) -> Result<u64, StoreError> {
    let now = crate::now();
    let a = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(db.writer()).await?;
    let b =
        sqlx::query("DELETE FROM magic_links WHERE expires_at <= $1").bind(now - 86400).execute(db.writer()).await?;
    Ok(a.rows_affected() + b.rows_affected())
}

/// What a magic link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Sign in to an existing account, or create one for a new address.
    SignIn,
    /// Confirm a new email address for an existing account.
    ChangeEmail,
}

impl LinkPurpose {
    fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::SignIn => "sign_in",
            LinkPurpose::ChangeEmail => "change_email",
        }
    }
}

/// Issue a magic link for `email`. Returns the secret to put in the link.
pub async fn create_magic_link(
    db: &Db,
    key: &NodeKey,
    purpose: LinkPurpose,
    email: &str,
    person: Option<PersonId>,
    ttl_secs: i64,
) -> Result<String, StoreError> {
    let token = random_token();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO magic_links (token_hash, purpose, email_lookup, email_sealed, person_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_hash(&token))
    .bind(purpose.as_str())
    .bind(key.lookup_hash(&email.to_lowercase()))
    .bind(key.seal(email))
    .bind(person.map(|p| p.to_string()))
    .bind(now)
    .bind(now + ttl_secs)
    .execute(db.writer())
    .await?;
    Ok(token)
}

#[derive(Debug)]
pub struct RedeemedLink {
    pub email: String,
    pub person: Option<PersonId>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Never issued, or for another purpose.
    Unknown,
    Expired,
    AlreadyUsed,
}

/// Use a magic link once. The link is marked used in the same statement that
/// checks it, so two clicks cannot both succeed.
pub async fn redeem_magic_link(
    db: &Db,
    key: &NodeKey,
    purpose: LinkPurpose,
    token: &str,
) -> Result<Result<RedeemedLink, LinkError>, StoreError> {
    let now = crate::now();
    let hash = token_hash(token);
    let used: Option<(String, Option<String>)> = sqlx::query_as(
        "UPDATE magic_links SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING email_sealed, person_id",
    )
    .bind(now)
    .bind(&hash)
    .bind(purpose.as_str())
    .fetch_optional(db.writer())
    .await?;
    if let Some((sealed, person)) = used {
        return Ok(Ok(RedeemedLink { email: key.open(&sealed)?, person: person.and_then(|p| p.parse().ok()) }));
    }
    let state: Option<(Option<i64>, i64)> =
        sqlx::query_as("SELECT used_at, expires_at FROM magic_links WHERE token_hash = $1 AND purpose = $2")
            .bind(&hash)
            .bind(purpose.as_str())
            .fetch_optional(db.reader())
            .await?;
    Ok(Err(match state {
        None => LinkError::Unknown,
        Some((Some(_), _)) => LinkError::AlreadyUsed,
        Some((None, _)) => LinkError::Expired,
    }))
}
