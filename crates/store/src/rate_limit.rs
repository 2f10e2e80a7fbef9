//! Rate limits shared by every process of a node: fixed windows counted in
//! the database, so two web processes behind a load balancer enforce one limit.

use crate::db::{Db, StoreError};

/// Count one hit on `bucket` and say whether it is still within `limit` hits
/// per `window_secs`.
pub async fn hit(db: &Db, bucket: &str, limit: i64, window_secs: i64) -> Result<bool, StoreError> {
    let now = crate::now();
    let window_start = now - now.rem_euclid(window_secs.max(1));
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(db.writer())
    .await?;
    Ok(hits <= limit)
}

/// Forget windows that ended long ago.
pub async fn prune(db: &Db, older_than_secs: i64) -> Result<u64, StoreError> {
    let r = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(crate::now() - older_than_secs)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected())
}
