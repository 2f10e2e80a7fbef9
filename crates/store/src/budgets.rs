//! Participatory budgets: the budget, its projects and their review, and
//! the vote — voters and ballots kept apart exactly as for polls (no person
//! and no time in a ballot, a random key; a test reads this file).

use plural_kernel::budgets::{Checked, Review, Stage};
use plural_kernel::{PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{Db, StoreError};
use crate::polls::VoteOutcome;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("budget {what}"))
}

#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub id: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    pub title: String,
    pub description: String,
    pub amount: i64,
    pub stage: Stage,
    pub voters: i64,
}

const BUDGET_QUERY: &str = "SELECT b.id, b.place_id, pl.slug AS place_slug, pl.name AS place_name, b.title,
    b.description, b.amount, b.stage, (SELECT COUNT(*) FROM budget_voters v WHERE v.budget_id = b.id) AS voters
    FROM budgets b JOIN places pl ON pl.id = b.place_id";

fn budget_from_row(r: &AnyRow) -> Result<Budget, StoreError> {
    Ok(Budget {
        id: r.try_get("id")?,
        place_id: r.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        place_slug: r.try_get("place_slug")?,
        place_name: r.try_get("place_name")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        amount: r.try_get("amount")?,
        stage: Stage::parse(&r.try_get::<String, _>("stage")?).ok_or(corrupt("stage"))?,
        voters: r.try_get("voters")?,
    })
}

pub async fn create(db: &Db, place: PlaceId, author: PersonId, b: &Checked) -> Result<String, StoreError> {
    let mut conn = db.writer().acquire().await?;
    create_in(&mut conn, place, author, b).await
}

/// Open a budget inside the caller's transaction (adopting a blueprint
/// writes it together with the rest of the adoption).
pub async fn create_in(
    conn: &mut AnyConnection,
    place: PlaceId,
    author: PersonId,
    b: &Checked,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO budgets (id, place_id, author_id, title, description, amount, stage, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'proposing', $7, $7)",
    )
    .bind(&id)
    .bind(place.to_string())
    .bind(author.to_string())
    .bind(&b.title)
    .bind(&b.description)
    .bind(b.amount)
    .bind(crate::now())
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Budget>, StoreError> {
    let row = sqlx::query(&format!("{BUDGET_QUERY} WHERE b.id = $1")).bind(id).fetch_optional(db.reader()).await?;
    row.as_ref().map(budget_from_row).transpose()
}

pub async fn list(db: &Db, limit: i64) -> Result<Vec<Budget>, StoreError> {
    let rows = sqlx::query(&format!("{BUDGET_QUERY} ORDER BY b.created_at DESC, b.id LIMIT $1"))
        .bind(limit)
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(budget_from_row).collect()
}

/// Who moves a budget on or reviews a project, for the public stewardship log.
pub struct Steward<'a> {
    pub person: PersonId,
    /// `steward` or `node_admin`.
    pub role: &'a str,
}

/// Move a budget on from `from` to the next stage, and log it, in one
/// transaction; false if it had moved already.
pub async fn advance(db: &Db, b: &Budget, from: Stage, to: Stage, by: &Steward<'_>) -> Result<bool, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE budgets SET stage = $1, updated_at = $2 WHERE id = $3 AND stage = $4")
        .bind(to.as_str())
        .bind(now)
        .bind(&b.id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    let subject = format!("budget {}: {}", b.id, to.as_str());
    let entry = crate::voice::LogEntry {
        place: b.place_id,
        actor: by.person,
        role: by.role,
        action: "budget_advanced",
        subject: &subject,
        reason: "",
    };
    crate::voice::log(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(Debug, Clone, Serialize)]
pub struct Project {
    pub id: String,
    pub author_name: Option<String>,
    pub title: String,
    pub description: String,
    pub cost: i64,
    pub review: Review,
    pub review_note: String,
}

/// A budget's projects, in the order they were proposed.
pub async fn projects(db: &Db, budget: &str) -> Result<Vec<Project>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.id, pe.display_name, p.title, p.description, p.cost, p.review, p.review_note
         FROM budget_projects p JOIN people pe ON pe.id = p.author_id
         WHERE p.budget_id = $1 ORDER BY p.created_at, p.id",
    )
    .bind(budget)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Project {
                id: r.try_get("id")?,
                author_name: r.try_get("display_name")?,
                title: r.try_get("title")?,
                description: r.try_get("description")?,
                cost: r.try_get("cost")?,
                review: Review::parse(&r.try_get::<String, _>("review")?).ok_or(corrupt("review"))?,
                review_note: r.try_get("review_note")?,
            })
        })
        .collect()
}

/// Propose a project; `None` when the budget no longer takes projects.
pub async fn add_project(db: &Db, budget: &str, author: PersonId, p: &Checked) -> Result<Option<String>, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    let r = sqlx::query(
        "INSERT INTO budget_projects (id, budget_id, author_id, title, description, cost, review, created_at)
         SELECT $1, $2, $3, $4, $5, $6, 'pending', $7
         WHERE EXISTS (SELECT 1 FROM budgets WHERE id = $2 AND stage = 'proposing')",
    )
    .bind(&id)
    .bind(budget)
    .bind(author.to_string())
    .bind(&p.title)
    .bind(&p.description)
    .bind(p.amount)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok((r.rows_affected() == 1).then_some(id))
}

/// Accept or reject a project while its budget is in review, and log it,
/// in one transaction; false if there is no such project in review.
pub async fn review(
    db: &Db,
    b: &Budget,
    project: &str,
    review: Review,
    note: &str,
    by: &Steward<'_>,
) -> Result<bool, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let r = sqlx::query(
        "UPDATE budget_projects SET review = $1, review_note = $2
         WHERE id = $3 AND budget_id = $4 AND EXISTS (SELECT 1 FROM budgets WHERE id = $4 AND stage = 'reviewing')",
    )
    .bind(review.as_str())
    .bind(note)
    .bind(project)
    .bind(&b.id)
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    let subject = format!("budget {}, project {project}: {}", b.id, review.as_str());
    let entry = crate::voice::LogEntry {
        place: b.place_id,
        actor: by.person,
        role: by.role,
        action: "project_reviewed",
        subject: &subject,
        reason: note,
    };
    crate::voice::log(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn has_voted(db: &Db, budget: &str, person: PersonId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM budget_voters WHERE budget_id = $1 AND person_id = $2")
        .bind(budget)
        .bind(person.to_string())
        .fetch_one(db.reader())
        .await?;
    Ok(n > 0)
}

/// Record that `person` voted and, apart, their selection (project ids,
/// comma-separated): one transaction; the primary key refuses a second vote.
pub async fn vote(db: &Db, budget: &str, person: PersonId, selection: &str) -> Result<VoteOutcome, StoreError> {
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO budget_voters (budget_id, person_id)
         SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM budgets WHERE id = $1 AND stage = 'voting')
         ON CONFLICT (budget_id, person_id) DO NOTHING",
    )
    .bind(budget)
    .bind(person.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        drop(tx);
        return Ok(if has_voted(db, budget, person).await? { VoteOutcome::AlreadyVoted } else { VoteOutcome::Closed });
    }
    sqlx::query("INSERT INTO budget_ballots (budget_id, ballot_key, projects) VALUES ($1, $2, $3)")
        .bind(budget)
        .bind(uuid::Uuid::new_v4().simple().to_string())
        .bind(selection)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(VoteOutcome::Counted)
}

/// Every selection cast, as stored.
pub async fn ballots(db: &Db, budget: &str) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT projects FROM budget_ballots WHERE budget_id = $1")
        .bind(budget)
        .fetch_all(db.reader())
        .await?)
}

#[cfg(test)]
mod tests {
    /// No statement on ballots mentions voters, people or times.
    #[test]
    fn no_statement_joins_a_voter_to_a_ballot() {
        let source = include_str!("budgets.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        let strings: Vec<&str> = code.split('"').skip(1).step_by(2).collect();
        let with_ballots: Vec<&&str> = strings.iter().filter(|s| s.contains("budget_ballots")).collect();
        assert!(with_ballots.len() >= 2);
        for s in with_ballots {
            for word in ["budget_voters", "person", "people", "_at", "JOIN"] {
                assert!(!s.contains(word), "a statement on budget_ballots mentions {word}: {s}");
            }
        }
    }
}
