//! The durable job queue. Side effects that may fail or take time (email,
//! federation delivery, imports) are written as jobs in the same transaction
//! as the change that causes them, then run by workers in any `plural serve`
//! process, retried with exponential backoff and jitter.

use rand::Rng;
use serde::{de::DeserializeOwned, Serialize};
use sqlx::{Any, Executor};

use crate::db::{Db, StoreError};
use crate::dialect;
use plural_kernel::JobId;

/// A kind of job with a typed payload. Implement it beside the code that
/// handles the job, and register the handler with the worker.
pub trait Job: Serialize + DeserializeOwned {
    /// Stable name stored with the job, e.g. `mail.send`.
    const KIND: &'static str;
    const MAX_ATTEMPTS: i64 = 12;
}

/// A job taken by a worker.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: String,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
    pub max_attempts: i64,
}

impl ClaimedJob {
    pub fn payload<J: Job>(&self) -> Result<J, StoreError> {
        serde_json::from_str(&self.payload).map_err(|e| StoreError::Corrupt(format!("job {}: {e}", self.id)))
    }
}

/// Queue a job to run now. Pass a transaction to make it part of a larger write.
pub async fn enqueue<'c, J: Job, E: Executor<'c, Database = Any>>(exec: E, job: &J) -> Result<JobId, StoreError> {
    enqueue_at(exec, job, crate::now()).await
}

pub async fn enqueue_at<'c, J: Job, E: Executor<'c, Database = Any>>(
    exec: E,
    job: &J,
    run_at: i64,
) -> Result<JobId, StoreError> {
    let id = JobId::new();
    let payload = serde_json::to_string(job).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let now = crate::now();
    sqlx::query(
        "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $6)",
    )
    .bind(id.to_string())
    .bind(J::KIND)
    .bind(payload)
    .bind(J::MAX_ATTEMPTS)
    .bind(run_at)
    .bind(now)
    .execute(exec)
    .await?;
    Ok(id)
}

/// Take the next due job (or one whose worker died: its lease ran out).
pub async fn claim(db: &Db, worker: &str, lease_secs: i64) -> Result<Option<ClaimedJob>, StoreError> {
    let now = crate::now();
    let row: Option<(String, String, String, i64, i64)> = sqlx::query_as(dialect::claim_job(db.engine()))
        .bind(now + lease_secs)
        .bind(worker)
        .bind(now)
        .fetch_optional(db.writer())
        .await?;
    Ok(row.map(|(id, kind, payload, attempts, max_attempts)| ClaimedJob { id, kind, payload, attempts, max_attempts }))
}

/// The job succeeded. Its payload is cleared: it may hold personal data.
pub async fn complete(db: &Db, job: &ClaimedJob, worker: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE jobs SET status = 'done', payload = '{}', locked_until = NULL, last_error = NULL, updated_at = $1
         WHERE id = $2 AND locked_by = $3",
    )
    .bind(crate::now())
    .bind(&job.id)
    .bind(worker)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Delay before the next try: 30 s doubling per attempt, capped at six hours,
/// with ±20 % jitter so retries from many jobs do not arrive together.
pub fn backoff_secs(attempts: i64) -> i64 {
    let base = 30i64.saturating_mul(1i64 << attempts.clamp(0, 20)).min(6 * 3600);
    let jitter = rand::thread_rng().gen_range(-(base / 5)..=(base / 5));
    (base + jitter).max(1)
}

/// The job failed: retry later, or give up when out of attempts.
pub async fn fail(db: &Db, job: &ClaimedJob, worker: &str, error: &str) -> Result<(), StoreError> {
    let now = crate::now();
    let (status, run_at) =
        if job.attempts >= job.max_attempts { ("failed", now) } else { ("queued", now + backoff_secs(job.attempts)) };
    let error: String = error.chars().take(2000).collect();
    sqlx::query(
        "UPDATE jobs SET status = $1, run_at = $2, locked_until = NULL, last_error = $3, updated_at = $4
         WHERE id = $5 AND locked_by = $6",
    )
    .bind(status)
    .bind(run_at)
    .bind(error)
    .bind(now)
    .bind(&job.id)
    .bind(worker)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Counts of jobs by status, for metrics and the admin page.
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as("SELECT status, COUNT(*) FROM jobs GROUP BY status ORDER BY status")
        .fetch_all(db.reader())
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        for _ in 0..100 {
            let first = backoff_secs(1);
            assert!((48..=72).contains(&first), "{first}");
            assert!(backoff_secs(30) <= 6 * 3600 * 12 / 10);
        }
    }
}
