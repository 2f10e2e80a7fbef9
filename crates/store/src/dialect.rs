//! The escape hatch: the only SQL that differs between SQLite and PostgreSQL.

use crate::db::Engine;

/// Claim the next due job. PostgreSQL skips rows other processes hold, so
/// several workers never take the same job; SQLite has one writer, so a plain
/// sub-select is already exclusive.
pub fn claim_job(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => {
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $1, locked_by = $2, updated_at = $3
             WHERE id = (SELECT id FROM jobs
                         WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3)
                         ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING id, kind, payload, attempts, max_attempts"
        }
        Engine::Sqlite => {
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $1, locked_by = $2, updated_at = $3
             WHERE id = (SELECT id FROM jobs
                         WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3)
                         ORDER BY run_at LIMIT 1)
             RETURNING id, kind, payload, attempts, max_attempts"
        }
    }
}
