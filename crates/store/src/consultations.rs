//! Consultations, who responded, and the responses — kept apart as polls'
//! voters and ballots are (no person and no time in a response, a random
//! key; a test reads this file). Responses are read only to count them and,
//! later, by the insight releases that aggregate them.

use plural_kernel::consultations::{Checked, Question};
use plural_kernel::insight::Source;
use plural_kernel::{GroupId, PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};
use crate::polls::VoteOutcome;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("consultation {what}"))
}

#[derive(Debug, Clone, Serialize)]
pub struct Consultation {
    pub id: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    pub group_id: GroupId,
    pub group_slug: String,
    pub group_name: String,
    pub title: String,
    pub purpose: String,
    pub questions: Vec<Question>,
    pub opens_at: i64,
    pub closes_at: i64,
    pub response: String,
    pub responded_at: Option<i64>,
    pub respondents: i64,
}

const QUERY: &str = "SELECT c.id, c.place_id, pl.slug AS place_slug, pl.name AS place_name, c.group_id,
    g.slug AS group_slug, g.name AS group_name, c.title, c.purpose, c.questions, c.opens_at, c.closes_at, c.response,
    c.responded_at, (SELECT COUNT(*) FROM consultation_respondents r WHERE r.consultation_id = c.id) AS respondents
    FROM consultations c JOIN places pl ON pl.id = c.place_id JOIN groups g ON g.id = c.group_id";

fn from_row(r: &AnyRow) -> Result<Consultation, StoreError> {
    Ok(Consultation {
        id: r.try_get("id")?,
        place_id: r.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        place_slug: r.try_get("place_slug")?,
        place_name: r.try_get("place_name")?,
        group_id: r.try_get::<String, _>("group_id")?.parse().map_err(|_| corrupt("group"))?,
        group_slug: r.try_get("group_slug")?,
        group_name: r.try_get("group_name")?,
        title: r.try_get("title")?,
        purpose: r.try_get("purpose")?,
        questions: serde_json::from_str(&r.try_get::<String, _>("questions")?).map_err(|_| corrupt("questions"))?,
        opens_at: r.try_get("opens_at")?,
        closes_at: r.try_get("closes_at")?,
        response: r.try_get("response")?,
        responded_at: r.try_get("responded_at")?,
        respondents: r.try_get("respondents")?,
    })
}

pub async fn create(
    db: &Db,
    place: PlaceId,
    group: GroupId,
    author: PersonId,
    c: &Checked,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    let questions = serde_json::to_string(&c.questions).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO consultations (id, place_id, group_id, author_id, title, purpose, questions, opens_at, closes_at,
            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8)",
    )
    .bind(&id)
    .bind(place.to_string())
    .bind(group.to_string())
    .bind(author.to_string())
    .bind(&c.title)
    .bind(&c.purpose)
    .bind(questions)
    .bind(c.opens_at)
    .bind(c.closes_at)
    .execute(db.writer())
    .await?;
    Ok(id)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Consultation>, StoreError> {
    let row = sqlx::query(&format!("{QUERY} WHERE c.id = $1")).bind(id).fetch_optional(db.reader()).await?;
    row.as_ref().map(from_row).transpose()
}

/// Open ones closing soonest first, then closed ones newest first.
pub async fn list(db: &Db, limit: i64) -> Result<Vec<Consultation>, StoreError> {
    let rows = sqlx::query(&format!(
        "{QUERY} ORDER BY CASE WHEN c.closes_at >= $1 THEN 0 ELSE 1 END, ABS(c.closes_at - $1), c.id LIMIT $2"
    ))
    .bind(crate::now())
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn has_responded(db: &Db, consultation: &str, person: PersonId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM consultation_respondents WHERE consultation_id = $1 AND person_id = $2",
    )
    .bind(consultation)
    .bind(person.to_string())
    .fetch_one(db.reader())
    .await?;
    Ok(n > 0)
}

/// Record that `person` responded and, apart, the answers (JSON): one
/// transaction, once per person, only while open.
pub async fn respond(db: &Db, consultation: &str, person: PersonId, answers: &str) -> Result<VoteOutcome, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO consultation_respondents (consultation_id, person_id)
         SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM consultations WHERE id = $1 AND opens_at <= $3 AND closes_at >= $3)
         ON CONFLICT (consultation_id, person_id) DO NOTHING",
    )
    .bind(consultation)
    .bind(person.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        drop(tx);
        let voted = has_responded(db, consultation, person).await?;
        return Ok(if voted { VoteOutcome::AlreadyVoted } else { VoteOutcome::Closed });
    }
    sqlx::query("INSERT INTO consultation_responses (consultation_id, response_key, answers) VALUES ($1, $2, $3)")
        .bind(consultation)
        .bind(uuid::Uuid::new_v4().simple().to_string())
        .bind(answers)
        .execute(&mut *tx)
        .await?;
    crate::insight::tally(&mut tx, Source::Consultation, consultation, "", "", answers).await?;
    tx.commit().await?;
    Ok(VoteOutcome::Counted)
}

/// Publish the body's response once the consultation has closed, and log
/// it; one transaction. False if it has not closed.
pub async fn publish_response(db: &Db, c: &Consultation, text: &str, by: PersonId) -> Result<bool, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE consultations SET response = $1, responded_at = $2 WHERE id = $3 AND closes_at < $2")
        .bind(text)
        .bind(now)
        .bind(&c.id)
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    let subject = format!("consultation {}", c.id);
    let entry = crate::voice::LogEntry {
        place: c.place_id,
        actor: by,
        role: "public_body",
        action: "consultation_answered",
        subject: &subject,
        reason: "",
    };
    crate::voice::log(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Move the closing time (closing early; tests and demos of closed ones).
pub async fn set_closes_at(db: &Db, consultation: &str, at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE consultations SET closes_at = $1 WHERE id = $2")
        .bind(at)
        .bind(consultation)
        .execute(db.writer())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// No statement on responses mentions respondents, people or times.
    #[test]
    fn no_statement_joins_a_respondent_to_a_response() {
        let source = include_str!("consultations.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        let strings: Vec<&str> = code.split('"').skip(1).step_by(2).collect();
        let with_responses: Vec<&&str> = strings.iter().filter(|s| s.contains("consultation_responses")).collect();
        assert!(!with_responses.is_empty());
        for s in with_responses {
            for word in ["respondents", "person", "people", "_at", "JOIN"] {
                assert!(!s.contains(word), "a statement on consultation_responses mentions {word}: {s}");
            }
        }
    }
}
