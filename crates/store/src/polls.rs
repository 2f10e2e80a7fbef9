//! Polls, their options, who voted, and the ballots — kept apart.
//!
//! Secrecy is a property of this file: no statement here reads or writes
//! `poll_ballots` together with `poll_voters` or anything about a person, so
//! no query path can lead from a voter to a ballot (a test below reads this
//! file to hold it so). The one function that writes both, [`vote`], does so
//! in two statements of one transaction, with a random ballot key.

use plural_kernel::polls::{CheckedPoll, Eligibility, Kind, Results};
use plural_kernel::{GroupId, PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("poll {what}"))
}

#[derive(Debug, Clone, Serialize)]
pub struct Poll {
    pub id: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    pub group_id: Option<GroupId>,
    pub group_name: Option<String>,
    pub author_name: Option<String>,
    pub question: String,
    pub description: String,
    pub kind: Kind,
    pub max_choices: usize,
    pub eligibility: Eligibility,
    pub results: Results,
    pub opens_at: i64,
    pub closes_at: i64,
    /// How many have voted (the same as the number of ballots).
    pub voters: i64,
    /// Filled by [`get`]; empty in lists.
    pub options: Vec<String>,
}

const POLL_QUERY: &str = "SELECT p.id, p.place_id, pl.slug AS place_slug, pl.name AS place_name, p.group_id,
    g.name AS group_name, pe.display_name AS author_name, p.question, p.description, p.kind, p.max_choices,
    CASE WHEN EXISTS (SELECT 1 FROM rule_changes rc WHERE rc.poll_id = p.id) THEN 'node' ELSE p.eligibility END
    AS eligibility, p.results, p.opens_at, p.closes_at,
    (SELECT COUNT(*) FROM poll_voters v WHERE v.poll_id = p.id) AS voters
    FROM polls p JOIN places pl ON pl.id = p.place_id JOIN people pe ON pe.id = p.author_id
    LEFT JOIN groups g ON g.id = p.group_id";

fn poll_from_row(r: &AnyRow) -> Result<Poll, StoreError> {
    Ok(Poll {
        id: r.try_get("id")?,
        place_id: r.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        place_slug: r.try_get("place_slug")?,
        place_name: r.try_get("place_name")?,
        group_id: r
            .try_get::<Option<String>, _>("group_id")?
            .map(|g| g.parse().map_err(|_| corrupt("group")))
            .transpose()?,
        group_name: r.try_get("group_name")?,
        author_name: r.try_get("author_name")?,
        question: r.try_get("question")?,
        description: r.try_get("description")?,
        kind: Kind::parse("kind", &r.try_get::<String, _>("kind")?).map_err(|_| corrupt("kind"))?,
        max_choices: usize::try_from(r.try_get::<i64, _>("max_choices")?).map_err(|_| corrupt("max"))?,
        eligibility: Eligibility::parse(&r.try_get::<String, _>("eligibility")?).ok_or(corrupt("eligibility"))?,
        results: Results::parse("results", &r.try_get::<String, _>("results")?).map_err(|_| corrupt("results"))?,
        opens_at: r.try_get("opens_at")?,
        closes_at: r.try_get("closes_at")?,
        voters: r.try_get("voters")?,
        options: Vec::new(),
    })
}

/// A new poll with its options, in one transaction.
pub async fn create(
    db: &Db,
    place: PlaceId,
    group: Option<GroupId>,
    author: PersonId,
    p: &CheckedPoll,
) -> Result<String, StoreError> {
    let mut tx = db.begin().await?;
    let id = create_in(&mut tx, place, group, author, p).await?;
    tx.commit().await?;
    Ok(id)
}

/// A new poll with its options, inside a caller's transaction (a rule
/// change opens its poll and records itself in one).
pub async fn create_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    place: PlaceId,
    group: Option<GroupId>,
    author: PersonId,
    p: &CheckedPoll,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO polls (id, place_id, group_id, author_id, question, description, kind, max_choices, eligibility,
            results, opens_at, closes_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11)",
    )
    .bind(&id)
    .bind(place.to_string())
    .bind(group.map(|g| g.to_string()))
    .bind(author.to_string())
    .bind(&p.question)
    .bind(&p.description)
    .bind(p.kind.as_str())
    .bind(i64::try_from(p.max_choices).unwrap_or(1))
    .bind(if group.is_some() { Eligibility::Group } else { Eligibility::Place }.as_str())
    .bind(p.results.as_str())
    .bind(p.opens_at)
    .bind(p.closes_at)
    .execute(&mut **tx)
    .await?;
    for (i, label) in p.options.iter().enumerate() {
        sqlx::query("INSERT INTO poll_options (poll_id, position, label) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(i64::try_from(i).unwrap_or(0))
            .bind(label)
            .execute(&mut **tx)
            .await?;
    }
    crate::federation::poll_opened(tx, &id).await?;
    Ok(id)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Poll>, StoreError> {
    let Some(row) = sqlx::query(&format!("{POLL_QUERY} WHERE p.id = $1")).bind(id).fetch_optional(db.reader()).await?
    else {
        return Ok(None);
    };
    let mut poll = poll_from_row(&row)?;
    poll.options = sqlx::query_scalar("SELECT label FROM poll_options WHERE poll_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(db.reader())
        .await?;
    Ok(Some(poll))
}

/// Polls, those closing soonest first among the open, then the closed newest first.
pub async fn list(db: &Db, place: Option<PlaceId>, limit: i64) -> Result<Vec<Poll>, StoreError> {
    let mut sql = POLL_QUERY.to_string();
    if place.is_some() {
        sql.push_str(" WHERE p.place_id = $3");
    }
    sql.push_str(" ORDER BY CASE WHEN p.closes_at >= $1 THEN 0 ELSE 1 END, ABS(p.closes_at - $1), p.id LIMIT $2");
    let mut q = sqlx::query(&sql).bind(crate::now()).bind(limit);
    if let Some(place) = place {
        q = q.bind(place.to_string());
    }
    let rows = q.fetch_all(db.reader()).await?;
    rows.iter().map(poll_from_row).collect()
}

/// Whether a person has voted in a poll (never what).
pub async fn has_voted(db: &Db, poll: &str, person: PersonId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM poll_voters WHERE poll_id = $1 AND person_id = $2")
        .bind(poll)
        .bind(person.to_string())
        .fetch_one(db.reader())
        .await?;
    Ok(n > 0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOutcome {
    Counted,
    AlreadyVoted,
    Closed,
}

/// Record that `person` voted and, separately, their ballot: one
/// transaction, so there is never a vote without its ballot or the reverse.
/// The primary key of `poll_voters` refuses a second vote however many
/// arrive at once; the poll's window is checked inside the same statement.
pub async fn vote(db: &Db, poll: &str, person: PersonId, ballot: &str) -> Result<VoteOutcome, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO poll_voters (poll_id, person_id)
         SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM polls WHERE id = $1 AND opens_at <= $3 AND closes_at >= $3)
         ON CONFLICT (poll_id, person_id) DO NOTHING",
    )
    .bind(poll)
    .bind(person.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        drop(tx);
        return Ok(if has_voted(db, poll, person).await? { VoteOutcome::AlreadyVoted } else { VoteOutcome::Closed });
    }
    sqlx::query("INSERT INTO poll_ballots (poll_id, ballot_key, choices) VALUES ($1, $2, $3)")
        .bind(poll)
        .bind(uuid::Uuid::new_v4().simple().to_string())
        .bind(ballot)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(VoteOutcome::Counted)
}

/// Move a poll's closing time (closing it early, or a demo's past poll).
pub async fn set_closes_at(db: &Db, poll: &str, at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE polls SET closes_at = $1 WHERE id = $2").bind(at).bind(poll).execute(db.writer()).await?;
    Ok(())
}

/// Every ballot of a poll, as stored (in random key order).
pub async fn ballots(db: &Db, poll: &str) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT choices FROM poll_ballots WHERE poll_id = $1")
        .bind(poll)
        .fetch_all(db.reader())
        .await?)
}

#[cfg(test)]
mod tests {
    /// Every SQL string in this file that touches ballots touches nothing
    /// that could name a voter: not `poll_voters`, not a person, not a time.
    #[test]
    fn no_statement_joins_a_voter_to_a_ballot() {
        let source = include_str!("polls.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        let strings: Vec<&str> = code.split('"').skip(1).step_by(2).collect();
        let with_ballots: Vec<&&str> = strings.iter().filter(|s| s.contains("poll_ballots")).collect();
        assert!(with_ballots.len() >= 2, "the statements on poll_ballots were not found");
        for s in with_ballots {
            for word in ["poll_voters", "person", "people", "_at", "JOIN", "polls p"] {
                assert!(!s.contains(word), "a statement on poll_ballots mentions {word}: {s}");
            }
        }
        // And the stored ballot is the choices alone.
        let ballot = plural_kernel::polls::Ballot(vec![2, 0, 1]).encode();
        assert_eq!(ballot, "2,0,1");
    }
}
