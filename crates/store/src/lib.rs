//! Plural's store: the only crate that speaks SQL.
//!
//! One query layer serves SQLite (embedded default) and PostgreSQL (several
//! web processes). Queries are written in the common subset of both dialects
//! (`$1` placeholders, TEXT ids, BIGINT times and flags); the few statements
//! that must differ live in [`dialect`], the single marked escape hatch.

pub mod blueprints;
pub mod budgets;
pub mod bulk;
pub mod campaigns;
pub mod circles;
pub mod consultations;
pub mod crypto;
pub mod db;
pub mod dialect;
pub mod digest;
pub mod directory;
pub mod events;
pub mod federation;
pub mod groups;
pub mod import;
pub mod insight;
pub mod jobs;
pub mod local_reports;
pub mod mutual_aid;
pub mod notices;
pub mod openactive;
pub mod opportunities;
pub mod people;
pub mod places;
pub mod polls;
pub mod rate_limit;
pub mod rules;
pub mod search;
pub mod sessions;
pub mod subscriptions;
pub mod surveys;
pub mod timebank;
pub mod tokens;
pub mod voice;

pub use crypto::NodeKey;
pub use db::{Db, Engine, StoreError};

/// A transaction on either engine (`Db::begin`), for callers outside the
/// store that write through several store functions at once.
pub type Transaction = sqlx::Transaction<'static, sqlx::Any>;

/// Unix seconds, the only time representation stored.
pub fn unix(t: time::OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

pub fn from_unix(s: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(s).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// `$start, $start+1, …` for `n` values bound in an `IN (…)` list.
pub(crate) fn placeholders(start: usize, n: usize) -> String {
    (start..start + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}
