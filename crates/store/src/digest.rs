//! The weekly digest: who subscribed for which places, and which weeks
//! have been sent.

use plural_kernel::{PersonId, PlaceId};

use crate::db::{Db, StoreError};
use crate::jobs::{self, Job};

/// The places a person gets the digest for; empty when not subscribed.
pub async fn places_of(db: &Db, person: PersonId) -> Result<Vec<PlaceId>, StoreError> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT place_id FROM digest_places WHERE person_id = $1 ORDER BY place_id")
            .bind(person.to_string())
            .fetch_all(db.reader())
            .await?;
    ids.iter().map(|i| i.parse().map_err(|_| StoreError::Corrupt("digest place id".into()))).collect()
}

/// Replace the places a person gets the digest for. No places: unsubscribed.
pub async fn set_places(db: &Db, person: PersonId, places: &[PlaceId]) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM digest_places WHERE person_id = $1").bind(person.to_string()).execute(&mut *tx).await?;
    let now = crate::now();
    for place in places {
        sqlx::query("INSERT INTO digest_places (person_id, place_id, created_at) VALUES ($1, $2, $3)")
            .bind(person.to_string())
            .bind(place.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whether this week's digest has been claimed already.
pub async fn has_run(db: &Db, week: &str) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM digest_runs WHERE week = $1")
        .bind(week)
        .fetch_one(db.reader())
        .await?;
    Ok(n > 0)
}

/// A week's digest, as claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub starts_at: i64,
    pub since: i64,
    pub subscribers: usize,
}

/// Claim `week`'s digest and queue one job per subscriber (made by
/// `job_for`), all in one transaction: `None` when another process (or an
/// earlier call) claimed the week first, so each week goes out once.
/// "New since" starts where the previous run's week began, or a week
/// before `starts_at` for the first run.
pub async fn claim_run<J: Job>(
    db: &Db,
    week: &str,
    starts_at: i64,
    job_for: impl Fn(PersonId, &Run) -> J,
) -> Result<Option<Run>, StoreError> {
    let mut tx = db.begin().await?;
    let previous: Option<i64> = sqlx::query_scalar("SELECT MAX(starts_at) FROM digest_runs WHERE starts_at < $1")
        .bind(starts_at)
        .fetch_one(&mut *tx)
        .await?;
    let subscribers: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT d.person_id FROM digest_places d JOIN people p ON p.id = d.person_id
         WHERE p.erased_at IS NULL AND p.disabled_at IS NULL ORDER BY d.person_id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let run = Run { starts_at, since: previous.unwrap_or(starts_at - 7 * 86400), subscribers: subscribers.len() };
    let claimed = sqlx::query(
        "INSERT INTO digest_runs (week, starts_at, since, subscribers, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (week) DO NOTHING",
    )
    .bind(week)
    .bind(run.starts_at)
    .bind(run.since)
    .bind(i64::try_from(run.subscribers).unwrap_or(i64::MAX))
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(None);
    }
    for person in subscribers {
        let person: PersonId = person.parse().map_err(|_| StoreError::Corrupt("digest person id".into()))?;
        jobs::enqueue(&mut *tx, &job_for(person, &run)).await?;
    }
    tx.commit().await?;
    Ok(Some(run))
}
