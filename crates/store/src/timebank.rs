//! The time bank's ledger: hours given between members, append-only.

use plural_kernel::timebank::{Entry, Kind};
use plural_kernel::PersonId;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("time bank {what}"))
}

/// An entry as stored, with the names of the two people and when it was written.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub entry: Entry,
    pub giver_name: Option<String>,
    pub receiver_name: Option<String>,
    pub recorded_at: i64,
}

fn from_row(row: &AnyRow) -> Result<StoredEntry, StoreError> {
    let person = |col: &str| -> Result<PersonId, StoreError> {
        row.try_get::<String, _>(col)?.parse().map_err(|_| corrupt(col))
    };
    Ok(StoredEntry {
        entry: Entry {
            id: row.try_get("id")?,
            kind: Kind::parse(&row.try_get::<String, _>("kind")?).ok_or(corrupt("kind"))?,
            giver: person("giver_id")?,
            receiver: person("receiver_id")?,
            minutes: row.try_get("minutes")?,
            description: row.try_get("description")?,
            done_on: row.try_get("done_on")?,
            recorded_by: person("recorded_by")?,
            refers_to: row.try_get("refers_to")?,
            note: row.try_get("note")?,
        },
        giver_name: row.try_get("giver_name")?,
        receiver_name: row.try_get("receiver_name")?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

/// Every entry a person is the giver or receiver of, oldest first.
pub async fn entries_of(db: &Db, person: PersonId) -> Result<Vec<StoredEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT t.id, t.kind, t.giver_id, t.receiver_id, t.minutes, t.description, t.done_on, t.recorded_by,
            t.refers_to, t.note, t.recorded_at, g.display_name AS giver_name, r.display_name AS receiver_name
         FROM timebank_entries t JOIN people g ON g.id = t.giver_id JOIN people r ON r.id = t.receiver_id
         WHERE t.giver_id = $1 OR t.receiver_id = $1 ORDER BY t.recorded_at, t.id",
    )
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

/// Append one entry. A second confirmation, dispute or correction of one
/// record is refused by the database's unique indexes.
pub async fn append(db: &Db, e: &Entry) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO timebank_entries (id, kind, giver_id, receiver_id, minutes, description, done_on, recorded_by,
            refers_to, note, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&e.id)
    .bind(e.kind.as_str())
    .bind(e.giver.to_string())
    .bind(e.receiver.to_string())
    .bind(e.minutes)
    .bind(&e.description)
    .bind(e.done_on)
    .bind(e.recorded_by.to_string())
    .bind(e.refers_to.clone())
    .bind(&e.note)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(())
}
