//! Rate limits: fixed windows of hits per bucket (a client address, an
//! account).
//!
//! On PostgreSQL they are counted in the database, so several web processes
//! behind a load balancer enforce one limit. On SQLite, where one process
//! serves the node, they are counted in that process's memory: a count
//! written to the database on every search made each search a write, and
//! every write makes every reading connection drop its map of the database
//! file and fault it back in page by page (SQLite unmaps when another
//! connection changed the file) — a fifth of a busy search page's time at
//! 1M records. The counts are lost on restart, which only forgives early.

use std::collections::HashMap;

use crate::db::{Db, StoreError};
use crate::Engine;

/// SQLite's windows in memory: (hits, window end) per (bucket, window start).
#[derive(Debug)]
pub struct Windows {
    hits: HashMap<(String, i64), (i64, i64)>,
    /// At this many windows, those already over are forgotten (then at twice
    /// as many as are left, so a flood of clients costs no sweep per hit).
    sweep_at: usize,
}

impl Default for Windows {
    fn default() -> Self {
        Windows { hits: HashMap::new(), sweep_at: KEPT_WINDOWS }
    }
}

impl Windows {
    fn forget_ended(&mut self, now: i64) -> u64 {
        let had = self.hits.len();
        self.hits.retain(|_, (_, ends)| *ends > now);
        self.sweep_at = (2 * self.hits.len()).max(KEPT_WINDOWS);
        (had - self.hits.len()) as u64
    }
}

const KEPT_WINDOWS: usize = 10_000;

/// Count one hit on `bucket` and say whether it is still within `limit` hits
/// per `window_secs`.
pub async fn hit(db: &Db, bucket: &str, limit: i64, window_secs: i64) -> Result<bool, StoreError> {
    let now = crate::now();
    let window_start = now - now.rem_euclid(window_secs.max(1));
    if db.engine() == Engine::Sqlite {
        let mut windows = db.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if windows.hits.len() >= windows.sweep_at {
            windows.forget_ended(now);
        }
        let (hits, _) =
            windows.hits.entry((bucket.to_string(), window_start)).or_insert((0, window_start + window_secs.max(1)));
        *hits += 1;
        return Ok(*hits <= limit);
    }
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

/// Forget windows that started longer ago than `older_than_secs` (on
/// SQLite: every window already over).
pub async fn prune(db: &Db, older_than_secs: i64) -> Result<u64, StoreError> {
    let now = crate::now();
    if db.engine() == Engine::Sqlite {
        let mut windows = db.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        return Ok(windows.forget_ended(now));
    }
    let r = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(now - older_than_secs)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_over_are_forgotten_and_sweeps_stay_rare() {
        let mut w = Windows::default();
        w.hits.insert(("search:a".into(), 0), (3, 900));
        w.hits.insert(("comment:b".into(), 0), (1, 3600));
        assert_eq!(w.forget_ended(1000), 1, "only the window that ended");
        assert!(w.hits.contains_key(&("comment:b".into(), 0)));
        assert_eq!(w.sweep_at, KEPT_WINDOWS);
        for i in 0..KEPT_WINDOWS as i64 {
            w.hits.insert((format!("search:{i}"), 900), (1, 1800));
        }
        w.forget_ended(1000);
        assert_eq!(w.sweep_at, 2 * (KEPT_WINDOWS + 1), "a full map is swept again only once it doubles");
    }
}
