//! Savings circles: the circle, its members, invitation links, swaps, the
//! append-only ledger and the reminders sent.
//!
//! Every change to a circle happens through [`Locked`]: a transaction that
//! starts by bumping the circle's `version`, which holds the row's lock on
//! PostgreSQL until commit (SQLite has one writer anyway). Whatever is read
//! after that is what the change is checked against, so two simultaneous
//! confirmations of one payment are decided one after the other. The
//! database's unique indexes and append-only triggers stand behind the code.

use plural_kernel::circles::{CheckedCircle, Entry, EntryKind, Frequency, PayoutOrder, Status};
use plural_kernel::ids::{CircleEntryId, CircleId, CircleSwapId};
use plural_kernel::PersonId;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::crypto::{random_token, token_hash};
use crate::db::{Db, StoreError};
use crate::jobs::{self, Job};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("circle {what}"))
}

fn id<T: std::str::FromStr>(row: &AnyRow, col: &str) -> Result<T, StoreError> {
    row.try_get::<String, _>(col)?.parse().map_err(|_| corrupt(col))
}

#[derive(Debug, Clone, Serialize)]
pub struct Circle {
    pub id: CircleId,
    pub name: String,
    pub amount: i64,
    pub currency: String,
    pub frequency: Frequency,
    pub start_on: i64,
    pub seats: i64,
    pub rules: String,
    pub payout_order: PayoutOrder,
    pub status: Status,
    pub cycle: i64,
    pub created_at: i64,
    pub ended_at: Option<i64>,
}

const COLUMNS: &str = "c.id, c.name, c.amount, c.currency, c.frequency, c.start_on, c.seats, c.rules, c.payout_order,
    c.status, c.cycle, c.created_at, c.ended_at";

fn from_row(row: &AnyRow) -> Result<Circle, StoreError> {
    Ok(Circle {
        id: id(row, "id")?,
        name: row.try_get("name")?,
        amount: row.try_get("amount")?,
        currency: row.try_get("currency")?,
        frequency: Frequency::parse("frequency", &row.try_get::<String, _>("frequency")?)
            .map_err(|_| corrupt("frequency"))?,
        start_on: row.try_get("start_on")?,
        seats: row.try_get("seats")?,
        rules: row.try_get("rules")?,
        payout_order: PayoutOrder::parse("payout_order", &row.try_get::<String, _>("payout_order")?)
            .map_err(|_| corrupt("payout order"))?,
        status: Status::parse(&row.try_get::<String, _>("status")?).ok_or(corrupt("status"))?,
        cycle: row.try_get("cycle")?,
        created_at: row.try_get("created_at")?,
        ended_at: row.try_get("ended_at")?,
    })
}

/// Create a circle with its creator in seat 1, as an organiser who has
/// accepted the rules they wrote.
pub async fn create(db: &Db, by: PersonId, c: &CheckedCircle) -> Result<CircleId, StoreError> {
    let id = CircleId::new();
    let now = crate::now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO circles (id, name, amount, currency, frequency, start_on, seats, rules, payout_order, status,
            cycle, version, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'forming', 1, 0, $10, $11, $11)",
    )
    .bind(id.to_string())
    .bind(&c.name)
    .bind(c.amount)
    .bind(&c.currency)
    .bind(c.frequency.as_str())
    .bind(c.start_on)
    .bind(c.seats)
    .bind(&c.rules)
    .bind(c.payout_order.as_str())
    .bind(by.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    insert_member(&mut tx, id, by, 1, true, now).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_member(
    tx: &mut Transaction<'static, Any>,
    circle: CircleId,
    person: PersonId,
    seat: i64,
    organiser: bool,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO circle_members (circle_id, person_id, seat, position, organiser, accepted_rules_at, joined_at)
         VALUES ($1, $2, $3, $3, $4, $5, $5)",
    )
    .bind(circle.to_string())
    .bind(person.to_string())
    .bind(seat)
    .bind(i64::from(organiser))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: CircleId) -> Result<Option<Circle>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM circles c WHERE c.id = $1"))
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The circles a person belongs to, newest first.
pub async fn of_person(db: &Db, person: PersonId) -> Result<Vec<Circle>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM circles c JOIN circle_members m ON m.circle_id = c.id
         WHERE m.person_id = $1 ORDER BY c.created_at DESC, c.id"
    ))
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

/// A member as the circle's other members see them.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub person_id: PersonId,
    /// `None` once their account is erased.
    pub display_name: Option<String>,
    pub seat: i64,
    pub position: i64,
    pub organiser: bool,
    pub commitment: Option<String>,
    pub secret: Option<String>,
    pub joined_at: i64,
}

const MEMBER_QUERY: &str = "SELECT m.person_id, p.display_name, m.seat, m.position, m.organiser, m.commitment,
    m.secret, m.joined_at FROM circle_members m JOIN people p ON p.id = m.person_id
    WHERE m.circle_id = $1 ORDER BY m.position, m.seat";

fn member_from_row(row: &AnyRow) -> Result<Member, StoreError> {
    Ok(Member {
        person_id: id(row, "person_id")?,
        display_name: row.try_get("display_name")?,
        seat: row.try_get("seat")?,
        position: row.try_get("position")?,
        organiser: row.try_get::<i64, _>("organiser")? != 0,
        commitment: row.try_get("commitment")?,
        secret: row.try_get("secret")?,
        joined_at: row.try_get("joined_at")?,
    })
}

/// The members in payout order.
pub async fn members(db: &Db, circle: CircleId) -> Result<Vec<Member>, StoreError> {
    let rows = sqlx::query(MEMBER_QUERY).bind(circle.to_string()).fetch_all(db.reader()).await?;
    rows.iter().map(member_from_row).collect()
}

/// A ledger entry as stored: the kernel's entry, its place in the ledger
/// and when it was written.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub entry: Entry,
    pub seq: i64,
    pub recorded_at: i64,
}

const ENTRY_QUERY: &str =
    "SELECT id, seq, cycle, round, kind, member_id, amount, recorded_by, refers_to, paid_on, note,
    attempt, recorded_at FROM circle_entries WHERE circle_id = $1 ORDER BY seq";

fn entry_from_row(row: &AnyRow) -> Result<StoredEntry, StoreError> {
    let refers_to: Option<String> = row.try_get("refers_to")?;
    Ok(StoredEntry {
        entry: Entry {
            id: id(row, "id")?,
            cycle: row.try_get("cycle")?,
            round: row.try_get("round")?,
            kind: EntryKind::parse(&row.try_get::<String, _>("kind")?).ok_or(corrupt("entry kind"))?,
            member: id(row, "member_id")?,
            amount: row.try_get("amount")?,
            recorded_by: id(row, "recorded_by")?,
            refers_to: refers_to.map(|r| r.parse::<CircleEntryId>().map_err(|_| corrupt("refers_to"))).transpose()?,
            paid_on: row.try_get("paid_on")?,
            note: row.try_get("note")?,
            attempt: row.try_get("attempt")?,
        },
        seq: row.try_get("seq")?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

/// The whole ledger of a circle, every cycle, in the order it was written.
pub async fn entries(db: &Db, circle: CircleId) -> Result<Vec<StoredEntry>, StoreError> {
    let rows = sqlx::query(ENTRY_QUERY).bind(circle.to_string()).fetch_all(db.reader()).await?;
    rows.iter().map(entry_from_row).collect()
}

/// Make an invitation link; returns its secret.
pub async fn create_invitation(db: &Db, circle: CircleId, by: PersonId, ttl_secs: i64) -> Result<String, StoreError> {
    let token = random_token();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO circle_invitations (token_hash, circle_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(circle.to_string())
    .bind(by.to_string())
    .bind(now)
    .bind(now + ttl_secs)
    .execute(db.writer())
    .await?;
    Ok(token)
}

/// The circle a live invitation link is for.
pub async fn invitation(db: &Db, token: &str) -> Result<Option<CircleId>, StoreError> {
    let c: Option<String> =
        sqlx::query_scalar("SELECT circle_id FROM circle_invitations WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash(token))
            .bind(crate::now())
            .fetch_optional(db.reader())
            .await?;
    c.map(|c| c.parse().map_err(|_| corrupt("invitation"))).transpose()
}

#[derive(Debug, Clone, Serialize)]
pub struct Swap {
    pub id: CircleSwapId,
    pub cycle: i64,
    pub proposed_by: PersonId,
    pub proposed_to: PersonId,
    /// `proposed`, `accepted` or `declined`.
    pub status: String,
    pub created_at: i64,
}

const SWAP_QUERY: &str =
    "SELECT id, cycle, proposed_by, proposed_to, status, created_at FROM circle_swaps WHERE circle_id = $1
     ORDER BY created_at, id";

fn swap_from_row(row: &AnyRow) -> Result<Swap, StoreError> {
    Ok(Swap {
        id: id(row, "id")?,
        cycle: row.try_get("cycle")?,
        proposed_by: id(row, "proposed_by")?,
        proposed_to: id(row, "proposed_to")?,
        status: row.try_get("status")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn swaps(db: &Db, circle: CircleId) -> Result<Vec<Swap>, StoreError> {
    let rows = sqlx::query(SWAP_QUERY).bind(circle.to_string()).fetch_all(db.reader()).await?;
    rows.iter().map(swap_from_row).collect()
}

/// A circle held for one change: see the module's comment.
pub struct Locked {
    tx: Transaction<'static, Any>,
    pub circle: Circle,
    /// The circle's version after this change; it numbers a ledger entry.
    pub version: i64,
}

/// Begin a change to a circle; `None` when there is no such circle.
pub async fn lock(db: &Db, circle: CircleId) -> Result<Option<Locked>, StoreError> {
    let mut tx = db.begin().await?;
    let version: Option<i64> =
        sqlx::query_scalar("UPDATE circles SET version = version + 1 WHERE id = $1 RETURNING version")
            .bind(circle.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    let Some(version) = version else { return Ok(None) };
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM circles c WHERE c.id = $1"))
        .bind(circle.to_string())
        .fetch_one(&mut *tx)
        .await?;
    Ok(Some(Locked { tx, circle: from_row(&row)?, version }))
}

impl Locked {
    fn cid(&self) -> String {
        self.circle.id.to_string()
    }

    pub async fn members(&mut self) -> Result<Vec<Member>, StoreError> {
        let rows = sqlx::query(MEMBER_QUERY).bind(self.cid()).fetch_all(&mut *self.tx).await?;
        rows.iter().map(member_from_row).collect()
    }

    pub async fn entries(&mut self) -> Result<Vec<StoredEntry>, StoreError> {
        let rows = sqlx::query(ENTRY_QUERY).bind(self.cid()).fetch_all(&mut *self.tx).await?;
        rows.iter().map(entry_from_row).collect()
    }

    pub async fn swaps(&mut self) -> Result<Vec<Swap>, StoreError> {
        let rows = sqlx::query(SWAP_QUERY).bind(self.cid()).fetch_all(&mut *self.tx).await?;
        rows.iter().map(swap_from_row).collect()
    }

    /// Append one entry to the ledger, numbered by this change's version.
    pub async fn append(&mut self, e: &Entry) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO circle_entries (id, circle_id, seq, cycle, round, kind, member_id, amount, recorded_by,
                refers_to, paid_on, note, attempt, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(e.id.to_string())
        .bind(self.cid())
        .bind(self.version)
        .bind(e.cycle)
        .bind(e.round)
        .bind(e.kind.as_str())
        .bind(e.member.to_string())
        .bind(e.amount)
        .bind(e.recorded_by.to_string())
        .bind(e.refers_to.map(|r| r.to_string()))
        .bind(e.paid_on)
        .bind(&e.note)
        .bind(e.attempt)
        .bind(crate::now())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn add_member(&mut self, person: PersonId, seat: i64) -> Result<(), StoreError> {
        let cid = self.circle.id;
        insert_member(&mut self.tx, cid, person, seat, false, crate::now()).await
    }

    pub async fn set_organiser(&mut self, person: PersonId) -> Result<(), StoreError> {
        sqlx::query("UPDATE circle_members SET organiser = 1 WHERE circle_id = $1 AND person_id = $2")
            .bind(self.cid())
            .bind(person.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    pub async fn set_commitment(&mut self, person: PersonId, commitment: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE circle_members SET commitment = $1 WHERE circle_id = $2 AND person_id = $3")
            .bind(commitment)
            .bind(self.cid())
            .bind(person.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    pub async fn set_secret(&mut self, person: PersonId, secret: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE circle_members SET secret = $1 WHERE circle_id = $2 AND person_id = $3")
            .bind(secret)
            .bind(self.cid())
            .bind(person.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Give each member (by id) the round they receive.
    pub async fn set_positions(&mut self, positions: &[(PersonId, i64)]) -> Result<(), StoreError> {
        for (person, position) in positions {
            sqlx::query("UPDATE circle_members SET position = $1 WHERE circle_id = $2 AND person_id = $3")
                .bind(position)
                .bind(self.cid())
                .bind(person.to_string())
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    pub async fn set_status(&mut self, status: Status) -> Result<(), StoreError> {
        let ended = matches!(status, Status::Finished | Status::WoundUp).then(crate::now);
        sqlx::query("UPDATE circles SET status = $1, ended_at = $2, updated_at = $3 WHERE id = $4")
            .bind(status.as_str())
            .bind(ended)
            .bind(crate::now())
            .bind(self.cid())
            .execute(&mut *self.tx)
            .await?;
        self.circle.status = status;
        Ok(())
    }

    /// Start the next cycle with the same members, from `start_on`.
    pub async fn next_cycle(&mut self, start_on: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE circles SET cycle = cycle + 1, start_on = $1, status = 'running', ended_at = NULL, updated_at = $2
             WHERE id = $3",
        )
        .bind(start_on)
        .bind(crate::now())
        .bind(self.cid())
        .execute(&mut *self.tx)
        .await?;
        self.circle.cycle += 1;
        self.circle.start_on = start_on;
        self.circle.status = Status::Running;
        Ok(())
    }

    pub async fn propose_swap(&mut self, by: PersonId, to: PersonId) -> Result<CircleSwapId, StoreError> {
        let id = CircleSwapId::new();
        sqlx::query(
            "INSERT INTO circle_swaps (id, circle_id, cycle, proposed_by, proposed_to, status, created_at)
             VALUES ($1, $2, $3, $4, $5, 'proposed', $6)",
        )
        .bind(id.to_string())
        .bind(self.cid())
        .bind(self.circle.cycle)
        .bind(by.to_string())
        .bind(to.to_string())
        .bind(crate::now())
        .execute(&mut *self.tx)
        .await?;
        Ok(id)
    }

    pub async fn decide_swap(&mut self, swap: CircleSwapId, accepted: bool) -> Result<(), StoreError> {
        sqlx::query("UPDATE circle_swaps SET status = $1, decided_at = $2 WHERE id = $3 AND circle_id = $4")
            .bind(if accepted { "accepted" } else { "declined" })
            .bind(crate::now())
            .bind(swap.to_string())
            .bind(self.cid())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// A reminder about to be sent, and the email job that sends it.
pub struct Reminder<J> {
    pub circle: CircleId,
    pub cycle: i64,
    pub round: i64,
    pub person: PersonId,
    /// `due` (before the due date) or `late`.
    pub kind: &'static str,
    pub job: J,
}

/// Claim each reminder and queue its job in one transaction; a reminder
/// claimed before (by this process or another) is skipped, so each goes
/// out once. Returns how many were queued.
pub async fn claim_reminders<J: Job>(db: &Db, reminders: &[Reminder<J>]) -> Result<usize, StoreError> {
    let mut sent = 0;
    for r in reminders {
        let mut tx = db.begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO circle_reminders (circle_id, cycle, round, person_id, kind, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(r.circle.to_string())
        .bind(r.cycle)
        .bind(r.round)
        .bind(r.person.to_string())
        .bind(r.kind)
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 1 {
            jobs::enqueue(&mut *tx, &r.job).await?;
            tx.commit().await?;
            sent += 1;
        } else {
            tx.rollback().await?;
        }
    }
    Ok(sent)
}

/// Whether a reminder was already claimed.
pub async fn reminded(
    db: &Db,
    circle: CircleId,
    cycle: i64,
    round: i64,
    person: PersonId,
    kind: &str,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM circle_reminders WHERE circle_id = $1 AND cycle = $2 AND round = $3 AND person_id = $4
         AND kind = $5",
    )
    .bind(circle.to_string())
    .bind(cycle)
    .bind(round)
    .bind(person.to_string())
    .bind(kind)
    .fetch_one(db.reader())
    .await?;
    Ok(n > 0)
}

/// The circles whose rounds are being paid: where reminders may be due.
pub async fn running(db: &Db) -> Result<Vec<Circle>, StoreError> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM circles c WHERE c.status = 'running' ORDER BY c.id"))
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(from_row).collect()
}
