//! Surveys, who responded, and the responses — kept apart as consultations
//! keep them (no person and no exact time in a response, a random key; a
//! test reads this file). Responses are read here only to count them;
//! insight releases read `survey_responses (survey_id, response_key,
//! answers, area, period)` to aggregate them.

use plural_kernel::consultations::Question;
use plural_kernel::insight::Source;
use plural_kernel::surveys::Checked;
use plural_kernel::{GroupId, PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{Db, StoreError};
use crate::polls::VoteOutcome;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("survey {what}"))
}

#[derive(Debug, Clone, Serialize)]
pub struct Survey {
    pub id: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    pub group_id: Option<GroupId>,
    /// The group's slug and name, or empty when the place's stewards run it.
    pub group_slug: String,
    pub group_name: String,
    pub title: String,
    pub purpose: String,
    pub questions: Vec<Question>,
    pub opens_at: i64,
    pub closes_at: i64,
    pub created_at: i64,
    pub respondents: i64,
}

const QUERY: &str = "SELECT s.id, s.place_id, pl.slug AS place_slug, pl.name AS place_name, s.group_id,
    COALESCE(g.slug, '') AS group_slug, COALESCE(g.name, '') AS group_name, s.title, s.purpose, s.questions,
    s.opens_at, s.closes_at, s.created_at,
    (SELECT COUNT(*) FROM survey_respondents r WHERE r.survey_id = s.id) AS respondents
    FROM surveys s JOIN places pl ON pl.id = s.place_id LEFT JOIN groups g ON g.id = s.group_id";

fn from_row(r: &AnyRow) -> Result<Survey, StoreError> {
    Ok(Survey {
        id: r.try_get("id")?,
        place_id: r.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        place_slug: r.try_get("place_slug")?,
        place_name: r.try_get("place_name")?,
        group_id: r
            .try_get::<Option<String>, _>("group_id")?
            .map(|g| g.parse().map_err(|_| corrupt("group")))
            .transpose()?,
        group_slug: r.try_get("group_slug")?,
        group_name: r.try_get("group_name")?,
        title: r.try_get("title")?,
        purpose: r.try_get("purpose")?,
        questions: serde_json::from_str(&r.try_get::<String, _>("questions")?).map_err(|_| corrupt("questions"))?,
        opens_at: r.try_get("opens_at")?,
        closes_at: r.try_get("closes_at")?,
        created_at: r.try_get("created_at")?,
        respondents: r.try_get("respondents")?,
    })
}

pub async fn create(
    db: &Db,
    place: PlaceId,
    group: Option<GroupId>,
    author: PersonId,
    c: &Checked,
) -> Result<String, StoreError> {
    let mut conn = db.writer().acquire().await?;
    create_in(&mut conn, place, group, author, c).await
}

/// Create a survey inside the caller's transaction (adopting a blueprint
/// writes it together with the rest of the adoption).
pub async fn create_in(
    conn: &mut AnyConnection,
    place: PlaceId,
    group: Option<GroupId>,
    author: PersonId,
    c: &Checked,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    let questions = serde_json::to_string(&c.questions).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO surveys (id, place_id, group_id, author_id, title, purpose, questions, opens_at, closes_at,
            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    // Not kept prepared: a NULL group and a set one bind differently on PostgreSQL.
    .persistent(false)
    .bind(&id)
    .bind(place.to_string())
    .bind(group.map(|g| g.to_string()))
    .bind(author.to_string())
    .bind(&c.title)
    .bind(&c.purpose)
    .bind(questions)
    .bind(c.opens_at)
    .bind(c.closes_at)
    .bind(crate::now())
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Survey>, StoreError> {
    let row = sqlx::query(&format!("{QUERY} WHERE s.id = $1")).bind(id).fetch_optional(db.reader()).await?;
    row.as_ref().map(from_row).transpose()
}

/// A place's surveys: open ones closing soonest first, then the rest newest first.
pub async fn list(db: &Db, place: PlaceId, limit: i64) -> Result<Vec<Survey>, StoreError> {
    let rows = sqlx::query(&format!(
        "{QUERY} WHERE s.place_id = $1
         ORDER BY CASE WHEN s.closes_at >= $2 THEN 0 ELSE 1 END, ABS(s.closes_at - $2), s.id LIMIT $3"
    ))
    .bind(place.to_string())
    .bind(crate::now())
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

/// A place's surveys, newest first (the Atom feed).
pub async fn newest(db: &Db, place: PlaceId, limit: i64) -> Result<Vec<Survey>, StoreError> {
    let rows = sqlx::query(&format!("{QUERY} WHERE s.place_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT $2"))
        .bind(place.to_string())
        .bind(limit)
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn has_responded(db: &Db, survey: &str, person: PersonId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_respondents WHERE survey_id = $1 AND person_id = $2")
        .bind(survey)
        .bind(person.to_string())
        .fetch_one(db.reader())
        .await?;
    Ok(n > 0)
}

/// What one response holds: the answers (JSON), the self-declared area and the month.
pub struct Response<'a> {
    pub answers: &'a str,
    pub area: &'a str,
    pub period: &'a str,
}

/// Record that `person` responded and, apart, the response: one
/// transaction, once per person, only while open.
pub async fn respond(db: &Db, survey: &str, person: PersonId, r: &Response<'_>) -> Result<VoteOutcome, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO survey_respondents (survey_id, person_id)
         SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM surveys WHERE id = $1 AND opens_at <= $3 AND closes_at >= $3)
         ON CONFLICT (survey_id, person_id) DO NOTHING",
    )
    .bind(survey)
    .bind(person.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        drop(tx);
        let responded = has_responded(db, survey, person).await?;
        return Ok(if responded { VoteOutcome::AlreadyVoted } else { VoteOutcome::Closed });
    }
    sqlx::query(
        "INSERT INTO survey_responses (survey_id, response_key, answers, area, period) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(survey)
    .bind(uuid::Uuid::new_v4().simple().to_string())
    .bind(r.answers)
    .bind(r.area)
    .bind(r.period)
    .execute(&mut *tx)
    .await?;
    crate::insight::tally(&mut tx, Source::Survey, survey, r.area, r.period, r.answers).await?;
    tx.commit().await?;
    Ok(VoteOutcome::Counted)
}

/// Move the opening and closing times (tests and demos of closed ones).
pub async fn set_period(db: &Db, survey: &str, opens_at: i64, closes_at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE surveys SET opens_at = $1, closes_at = $2 WHERE id = $3")
        .bind(opens_at)
        .bind(closes_at)
        .bind(survey)
        .execute(db.writer())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// No statement on responses mentions respondents, people or exact times.
    #[test]
    fn no_statement_joins_a_respondent_to_a_response() {
        let source = include_str!("surveys.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        let strings: Vec<&str> = code.split('"').skip(1).step_by(2).collect();
        let with_responses: Vec<&&str> = strings.iter().filter(|s| s.contains("survey_responses")).collect();
        assert!(!with_responses.is_empty());
        for s in with_responses {
            for word in ["respondents", "person", "people", "_at", "JOIN"] {
                assert!(!s.contains(word), "a statement on survey_responses mentions {word}: {s}");
            }
        }
    }
}
