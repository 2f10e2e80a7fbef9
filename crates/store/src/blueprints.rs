//! Blueprints this node published or installed: the signed documents, kept
//! as-is (one row per version, keyed by the digest of the canonical form).

use crate::db::{Db, StoreError};

/// A stored signed blueprint.
#[derive(Debug, Clone)]
pub struct Stored {
    pub digest: String,
    pub blueprint_id: String,
    pub version: String,
    pub origin: String,
    /// `published` (signed by this node) or `installed` (from elsewhere).
    pub how: String,
    pub document: String,
    pub created_at: i64,
}

/// Keep a signed blueprint. The same version (same digest) kept twice is
/// refused with `false`, leaving the first.
pub async fn insert(db: &Db, s: &Stored) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let exists: Option<(String,)> = sqlx::query_as("SELECT digest FROM blueprints WHERE digest = $1")
        .bind(&s.digest)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO blueprints (digest, blueprint_id, version, origin, how, document, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&s.digest)
    .bind(&s.blueprint_id)
    .bind(&s.version)
    .bind(&s.origin)
    .bind(&s.how)
    .bind(&s.document)
    .bind(s.created_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Every stored blueprint, oldest first.
pub async fn all(db: &Db) -> Result<Vec<Stored>, StoreError> {
    let rows: Vec<(String, String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT digest, blueprint_id, version, origin, how, document, created_at FROM blueprints \
         ORDER BY created_at, digest",
    )
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(digest, blueprint_id, version, origin, how, document, created_at)| Stored {
            digest,
            blueprint_id,
            version,
            origin,
            how,
            document,
            created_at,
        })
        .collect())
}
