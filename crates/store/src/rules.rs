//! Node rules: every change proposed, decided and applied, append-only.
//!
//! A change's effect and its record are written in one transaction, so a
//! rule never changes without its history saying so, nor the reverse.

use plural_kernel::node_rules::Rule;
use plural_kernel::polls::CheckedPoll;
use plural_kernel::{PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct RuleChange {
    pub id: String,
    pub number: i64,
    pub rule: Rule,
    pub value: String,
    pub reason: String,
    pub proposer_name: Option<String>,
    /// `members` (decided by a poll) or `node_admin` (made directly).
    pub actor_role: String,
    pub poll_id: Option<String>,
    pub poll_closes_at: Option<i64>,
    /// `open`, `applied` or `declined`.
    pub status: String,
    pub yes_votes: i64,
    pub no_votes: i64,
    pub quorum: i64,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

const QUERY: &str = "SELECT rc.id, rc.number, rc.rule, rc.value, rc.reason, pe.display_name AS proposer_name,
    rc.actor_role, rc.poll_id, po.closes_at AS poll_closes_at, rc.status, rc.yes_votes, rc.no_votes, rc.quorum,
    rc.created_at, rc.decided_at
    FROM rule_changes rc JOIN people pe ON pe.id = rc.proposed_by LEFT JOIN polls po ON po.id = rc.poll_id";

fn from_row(r: &AnyRow) -> Result<RuleChange, StoreError> {
    Ok(RuleChange {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        rule: Rule::parse(&r.try_get::<String, _>("rule")?)
            .ok_or_else(|| StoreError::Corrupt("rule change rule".into()))?,
        value: r.try_get("value")?,
        reason: r.try_get("reason")?,
        proposer_name: r.try_get("proposer_name")?,
        actor_role: r.try_get("actor_role")?,
        poll_id: r.try_get("poll_id")?,
        poll_closes_at: r.try_get("poll_closes_at")?,
        status: r.try_get("status")?,
        yes_votes: r.try_get("yes_votes")?,
        no_votes: r.try_get("no_votes")?,
        quorum: r.try_get("quorum")?,
        created_at: r.try_get("created_at")?,
        decided_at: r.try_get("decided_at")?,
    })
}

/// Every change, the newest first.
pub async fn list(db: &Db) -> Result<Vec<RuleChange>, StoreError> {
    let rows = sqlx::query(&format!("{QUERY} ORDER BY rc.number DESC")).fetch_all(db.reader()).await?;
    rows.iter().map(from_row).collect()
}

pub async fn get(db: &Db, id: &str) -> Result<Option<RuleChange>, StoreError> {
    let row = sqlx::query(&format!("{QUERY} WHERE rc.id = $1")).bind(id).fetch_optional(db.reader()).await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_poll(db: &Db, poll: &str) -> Result<Option<RuleChange>, StoreError> {
    let row = sqlx::query(&format!("{QUERY} WHERE rc.poll_id = $1")).bind(poll).fetch_optional(db.reader()).await?;
    row.as_ref().map(from_row).transpose()
}

/// The latest applied change to a rule (for a domain rule, to that domain).
pub async fn latest_applied(db: &Db, rules: &[Rule], value: Option<&str>) -> Result<Option<RuleChange>, StoreError> {
    let names: Vec<&str> = rules.iter().map(|r| r.as_str()).collect();
    let mut sql = format!("{QUERY} WHERE rc.status = 'applied' AND rc.rule IN (");
    for i in 0..names.len() {
        sql.push_str(if i == 0 { "$" } else { ", $" });
        sql.push_str(&(i + 1).to_string());
    }
    sql.push(')');
    if value.is_some() {
        sql.push_str(&format!(" AND rc.value = ${}", names.len() + 1));
    }
    sql.push_str(" ORDER BY rc.number DESC LIMIT 1");
    let mut q = sqlx::query(&sql);
    for n in &names {
        q = q.bind(*n);
    }
    if let Some(v) = value {
        q = q.bind(v);
    }
    q.fetch_optional(db.reader()).await?.as_ref().map(from_row).transpose()
}

/// Whether an open proposal already asks for this rule and value.
pub async fn open_duplicate(db: &Db, rule: Rule, value: &str) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM rule_changes WHERE rule = $1 AND value = $2 AND status = 'open'")
            .bind(rule.as_str())
            .bind(value)
            .fetch_one(db.reader())
            .await?;
    Ok(n > 0)
}

/// Who made a change and how: (`members`, its poll, `open`) or
/// (`node_admin`, none, `applied`).
struct Made<'a> {
    role: &'a str,
    poll: Option<&'a str>,
    status: &'a str,
}

async fn insert(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    rule: Rule,
    value: &str,
    reason: &str,
    person: PersonId,
    made: Made<'_>,
) -> Result<String, StoreError> {
    let Made { role, poll, status } = made;
    let id = uuid::Uuid::now_v7().to_string();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO rule_changes (id, number, rule, value, reason, proposed_by, actor_role, poll_id, status,
            created_at, decided_at)
         SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM rule_changes",
    )
    .bind(&id)
    .bind(rule.as_str())
    .bind(value)
    .bind(reason)
    .bind(person.to_string())
    .bind(role)
    .bind(poll)
    .bind(status)
    .bind(now)
    .bind((status != "open").then_some(now))
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A domain's block set in the same transaction as its record.
async fn effect(tx: &mut sqlx::Transaction<'static, sqlx::Any>, rule: Rule, value: &str) -> Result<(), StoreError> {
    let blocked = match rule {
        Rule::BlockDomain => 1i64,
        Rule::UnblockDomain => 0,
        Rule::MinGroupSize | Rule::EpsilonPerDataset => return Ok(()),
    };
    sqlx::query(
        "INSERT INTO fed_domains (domain, blocked, failures, open_until, updated_at) VALUES ($1, $2, 0, 0, $3)
         ON CONFLICT (domain) DO UPDATE SET blocked = excluded.blocked, updated_at = excluded.updated_at",
    )
    .bind(value)
    .bind(blocked)
    .bind(crate::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A member's proposal: its poll (at `place`, with node-wide eligibility)
/// and its record, in one transaction. `None` when an open proposal for
/// the same rule and value already exists.
pub async fn propose(
    db: &Db,
    rule: Rule,
    value: &str,
    reason: &str,
    person: PersonId,
    place: PlaceId,
    poll: &CheckedPoll,
) -> Result<Option<(String, String)>, StoreError> {
    if open_duplicate(db, rule, value).await? {
        return Ok(None);
    }
    let mut tx = db.begin().await?;
    let poll_id = crate::polls::create_in(&mut tx, place, None, person, poll).await?;
    match insert(&mut tx, rule, value, reason, person, Made { role: "members", poll: Some(&poll_id), status: "open" })
        .await
    {
        Ok(id) => {
            tx.commit().await?;
            Ok(Some((id, poll_id)))
        }
        Err(e) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
}

/// A node admin's direct change: applied and recorded together.
pub async fn admin_change(
    db: &Db,
    rule: Rule,
    value: &str,
    reason: &str,
    person: PersonId,
) -> Result<String, StoreError> {
    let mut tx = db.begin().await?;
    let id = insert(&mut tx, rule, value, reason, person, Made { role: "node_admin", poll: None, status: "applied" })
        .await?;
    effect(&mut tx, rule, value).await?;
    tx.commit().await?;
    Ok(id)
}

/// Record a closed poll's outcome and, when it carried, apply the change.
/// Only an open change is decided, so running this twice changes nothing.
/// Returns whether this call decided it.
pub async fn decide(db: &Db, id: &str, yes: i64, no: i64, quorum: i64, carried: bool) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let status = if carried { "applied" } else { "declined" };
    let done = sqlx::query(
        "UPDATE rule_changes SET status = $1, yes_votes = $2, no_votes = $3, quorum = $4, decided_at = $5
         WHERE id = $6 AND status = 'open'",
    )
    .bind(status)
    .bind(yes)
    .bind(no)
    .bind(quorum)
    .bind(crate::now())
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Ok(false);
    }
    if carried {
        let (rule, value): (String, String) =
            sqlx::query_as("SELECT rule, value FROM rule_changes WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        let rule = Rule::parse(&rule).ok_or_else(|| StoreError::Corrupt("rule change rule".into()))?;
        effect(&mut tx, rule, &value).await?;
    }
    tx.commit().await?;
    Ok(true)
}
