//! Personal access tokens for API clients: shown once, stored hashed, revocable.

use plural_kernel::{PersonId, TokenId};
use serde::Serialize;

use crate::crypto::{random_token, token_hash};
use crate::db::{Db, StoreError};

/// Tokens start with this prefix so they are easy to recognise (and for
/// secret scanners to find in leaked code).
pub const PREFIX: &str = "plural_pat_";

#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    pub id: TokenId,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked: bool,
}

/// Create a token. Returns its id and the secret, which is never stored.
pub async fn create(db: &Db, person: PersonId, name: &str, scopes: &[&str]) -> Result<(TokenId, String), StoreError> {
    let id = TokenId::new();
    let secret = format!("{PREFIX}{}", random_token());
    sqlx::query(
        "INSERT INTO api_tokens (id, person_id, name, token_hash, scopes, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(person.to_string())
    .bind(name)
    .bind(token_hash(&secret))
    .bind(scopes.join(" "))
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok((id, secret))
}

/// The owner and scopes of a live token.
pub async fn authenticate(db: &Db, secret: &str) -> Result<Option<(PersonId, Vec<String>)>, StoreError> {
    let row: Option<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, person_id, scopes, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash(secret))
    .fetch_optional(db.reader())
    .await?;
    let Some((id, person, scopes, last_used)) = row else { return Ok(None) };
    let now = crate::now();
    // Record use at most once a minute, to keep reads from turning into writes.
    if last_used.is_none_or(|t| now - t > 60) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id)
            .execute(db.writer())
            .await?;
    }
    let person = person.parse().map_err(|_| StoreError::Corrupt("token owner".into()))?;
    Ok(Some((person, scopes.split_whitespace().map(String::from).collect())))
}

pub async fn list(db: &Db, person: PersonId) -> Result<Vec<TokenInfo>, StoreError> {
    let rows: Vec<(String, String, String, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, scopes, created_at, last_used_at, revoked_at FROM api_tokens
         WHERE person_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.into_iter()
        .map(|(id, name, scopes, created_at, last_used_at, revoked_at)| {
            Ok(TokenInfo {
                id: id.parse().map_err(|_| StoreError::Corrupt("token id".into()))?,
                name,
                scopes: scopes.split_whitespace().map(String::from).collect(),
                created_at,
                last_used_at,
                revoked: revoked_at.is_some(),
            })
        })
        .collect()
}

/// Revoke one of the person's own tokens. False if there is no such live token.
pub async fn revoke(db: &Db, person: PersonId, id: TokenId) -> Result<bool, StoreError> {
    let r =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND person_id = $3 AND revoked_at IS NULL")
            .bind(crate::now())
            .bind(id.to_string())
            .bind(person.to_string())
            .execute(db.writer())
            .await?;
    Ok(r.rows_affected() == 1)
}
