//! Community voice: proposals, their supports, followers, threaded comments
//! and reports, official answers with progress updates, and the public
//! stewardship log.

use plural_kernel::voice::{AnswerState, CheckedProposal, Status};
use plural_kernel::{GroupId, PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("voice {what}"))
}

fn id<T: std::str::FromStr>(row: &AnyRow, col: &str) -> Result<T, StoreError> {
    row.try_get::<String, _>(col)?.parse().map_err(|_| corrupt(col))
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn answer_state(s: Option<String>) -> Result<Option<AnswerState>, StoreError> {
    s.map(|s| AnswerState::parse("state", &s).map_err(|_| corrupt("answer state"))).transpose()
}

#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub id: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    pub author_id: PersonId,
    pub author_name: Option<String>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub status: Status,
    pub answer_state: Option<AnswerState>,
    pub supports: i64,
    pub comments: i64,
    pub created_at: i64,
    pub published_at: Option<i64>,
    pub updated_at: i64,
}

const PROPOSAL_COLUMNS: &str = "p.id, p.place_id, pl.slug AS place_slug, pl.name AS place_name, p.author_id,
    pe.display_name AS author_name, p.title, p.summary, p.body, p.status, p.answer_state,
    (SELECT COUNT(*) FROM proposal_supports s WHERE s.proposal_id = p.id) AS supports,
    (SELECT COUNT(*) FROM proposal_comments c WHERE c.proposal_id = p.id AND c.status = 'visible') AS comments,
    p.created_at, p.published_at, p.updated_at";
const PROPOSAL_FROM: &str = "proposals p JOIN places pl ON pl.id = p.place_id JOIN people pe ON pe.id = p.author_id";

fn proposal_from_row(row: &AnyRow) -> Result<Proposal, StoreError> {
    Ok(Proposal {
        id: row.try_get("id")?,
        place_id: id(row, "place_id")?,
        place_slug: row.try_get("place_slug")?,
        place_name: row.try_get("place_name")?,
        author_id: id(row, "author_id")?,
        author_name: row.try_get("author_name")?,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        body: row.try_get("body")?,
        status: Status::parse(&row.try_get::<String, _>("status")?).ok_or(corrupt("status"))?,
        answer_state: answer_state(row.try_get("answer_state")?)?,
        supports: row.try_get("supports")?,
        comments: row.try_get("comments")?,
        created_at: row.try_get("created_at")?,
        published_at: row.try_get("published_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A new proposal, as a draft (or published at once), followed by its author.
pub async fn create(
    db: &Db,
    place: PlaceId,
    author: PersonId,
    p: &CheckedProposal,
    publish: bool,
) -> Result<String, StoreError> {
    let id = new_id();
    let now = crate::now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO proposals (id, place_id, author_id, title, summary, body, status, created_at, published_at,
            updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8)",
    )
    .bind(&id)
    .bind(place.to_string())
    .bind(author.to_string())
    .bind(&p.title)
    .bind(&p.summary)
    .bind(&p.body)
    .bind(if publish { Status::Published } else { Status::Draft }.as_str())
    .bind(now)
    .bind(publish.then_some(now))
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO proposal_followers (proposal_id, person_id, created_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(author.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Change a draft; false when it is no longer a draft.
pub async fn update_draft(db: &Db, id: &str, place: PlaceId, p: &CheckedProposal) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE proposals SET place_id = $1, title = $2, summary = $3, body = $4, updated_at = $5
         WHERE id = $6 AND status = 'draft'",
    )
    .bind(place.to_string())
    .bind(&p.title)
    .bind(&p.summary)
    .bind(&p.body)
    .bind(crate::now())
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Publish a draft; false when it is not a draft.
pub async fn publish(db: &Db, id: &str) -> Result<bool, StoreError> {
    let now = crate::now();
    let r = sqlx::query(
        "UPDATE proposals SET status = 'published', published_at = $1, updated_at = $1 WHERE id = $2 AND status = 'draft'",
    )
    .bind(now)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Proposal>, StoreError> {
    let row = sqlx::query(&format!("SELECT {PROPOSAL_COLUMNS} FROM {PROPOSAL_FROM} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(proposal_from_row).transpose()
}

/// What a list of published proposals is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub place: Option<PlaceId>,
    /// `Some(None)`: not yet answered.
    pub answer: Option<Option<AnswerState>>,
}

/// Published proposals, newest first.
pub async fn list(db: &Db, f: &Filter, limit: i64) -> Result<Vec<Proposal>, StoreError> {
    let mut sql = format!("SELECT {PROPOSAL_COLUMNS} FROM {PROPOSAL_FROM} WHERE p.status = 'published'");
    let mut binds: Vec<String> = Vec::new();
    if let Some(place) = f.place {
        binds.push(place.to_string());
        sql.push_str(&format!(" AND p.place_id = ${}", binds.len()));
    }
    match f.answer {
        Some(Some(state)) => {
            binds.push(state.as_str().to_string());
            sql.push_str(&format!(" AND p.answer_state = ${}", binds.len()));
        }
        Some(None) => sql.push_str(" AND p.answer_state IS NULL"),
        None => {}
    }
    sql.push_str(&format!(" ORDER BY p.published_at DESC, p.id DESC LIMIT ${}", binds.len() + 1));
    let mut q = sqlx::query(&sql);
    for b in binds {
        q = q.bind(b);
    }
    let rows = q.bind(limit).fetch_all(db.reader()).await?;
    rows.iter().map(proposal_from_row).collect()
}

/// A person's own proposals (drafts included), newest first.
pub async fn by_author(db: &Db, author: PersonId) -> Result<Vec<Proposal>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {PROPOSAL_COLUMNS} FROM {PROPOSAL_FROM} WHERE p.author_id = $1 AND p.status <> 'removed'
         ORDER BY p.created_at DESC"
    ))
    .bind(author.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(proposal_from_row).collect()
}

/// Support a proposal; false if this person already did (the primary key
/// keeps it to one each, whatever arrives at once).
pub async fn support(db: &Db, proposal: &str, person: PersonId) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "INSERT INTO proposal_supports (proposal_id, person_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (proposal_id, person_id) DO NOTHING",
    )
    .bind(proposal)
    .bind(person.to_string())
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn unsupport(db: &Db, proposal: &str, person: PersonId) -> Result<bool, StoreError> {
    let r = sqlx::query("DELETE FROM proposal_supports WHERE proposal_id = $1 AND person_id = $2")
        .bind(proposal)
        .bind(person.to_string())
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Whether a person supports and follows a proposal.
pub async fn relation(db: &Db, proposal: &str, person: PersonId) -> Result<(bool, bool), StoreError> {
    let (s, f): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM proposal_supports WHERE proposal_id = $1 AND person_id = $2),
                (SELECT COUNT(*) FROM proposal_followers WHERE proposal_id = $1 AND person_id = $2)",
    )
    .bind(proposal)
    .bind(person.to_string())
    .fetch_one(db.reader())
    .await?;
    Ok((s > 0, f > 0))
}

pub async fn follow(db: &Db, proposal: &str, person: PersonId) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO proposal_followers (proposal_id, person_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (proposal_id, person_id) DO NOTHING",
    )
    .bind(proposal)
    .bind(person.to_string())
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

pub async fn unfollow(db: &Db, proposal: &str, person: PersonId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM proposal_followers WHERE proposal_id = $1 AND person_id = $2")
        .bind(proposal)
        .bind(person.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn followers(db: &Db, proposal: &str) -> Result<Vec<PersonId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT f.person_id FROM proposal_followers f JOIN people pe ON pe.id = f.person_id
         WHERE f.proposal_id = $1 AND pe.erased_at IS NULL AND pe.disabled_at IS NULL ORDER BY f.created_at",
    )
    .bind(proposal)
    .fetch_all(db.reader())
    .await?;
    ids.iter().map(|s| s.parse().map_err(|_| corrupt("follower"))).collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    pub id: String,
    pub parent_id: Option<String>,
    pub author_id: PersonId,
    pub author_name: Option<String>,
    pub body: String,
    /// Taken down by a steward: shown as a gap in the thread, without its words.
    pub removed: bool,
    pub created_at: i64,
}

/// A proposal's comments, oldest first.
pub async fn comments(db: &Db, proposal: &str) -> Result<Vec<Comment>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.id, c.parent_id, c.author_id, pe.display_name, c.body, c.status, c.created_at
         FROM proposal_comments c JOIN people pe ON pe.id = c.author_id
         WHERE c.proposal_id = $1 ORDER BY c.created_at, c.id",
    )
    .bind(proposal)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let removed = r.try_get::<String, _>("status")? == "removed";
            Ok(Comment {
                id: r.try_get("id")?,
                parent_id: r.try_get("parent_id")?,
                author_id: id(r, "author_id")?,
                author_name: if removed { None } else { r.try_get("display_name")? },
                body: if removed { String::new() } else { r.try_get("body")? },
                removed,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Add a comment; `None` when the parent is not a comment on this proposal.
pub async fn add_comment(
    db: &Db,
    proposal: &str,
    parent: Option<&str>,
    author: PersonId,
    body: &str,
) -> Result<Option<String>, StoreError> {
    let id = new_id();
    let r = sqlx::query(
        "INSERT INTO proposal_comments (id, proposal_id, parent_id, author_id, body, status, created_at)
         SELECT $1, $2, $3, $4, $5, 'visible', $6
         WHERE $7 = 0 OR EXISTS (SELECT 1 FROM proposal_comments WHERE id = $3 AND proposal_id = $2)",
    )
    .bind(&id)
    .bind(proposal)
    .bind(parent)
    .bind(author.to_string())
    .bind(body)
    .bind(crate::now())
    .bind(i64::from(parent.is_some()))
    .execute(db.writer())
    .await?;
    Ok((r.rows_affected() == 1).then_some(id))
}

pub struct NewReport<'a> {
    pub place: PlaceId,
    pub proposal: &'a str,
    pub comment: &'a str,
    pub reporter: PersonId,
    pub reason: &'a str,
    pub details: &'a str,
}

pub async fn report(db: &Db, r: &NewReport<'_>) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO voice_reports (id, place_id, proposal_id, comment_id, reporter_id, reason, details, status,
            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)",
    )
    .bind(&id)
    .bind(r.place.to_string())
    .bind(r.proposal)
    .bind(r.comment)
    .bind(r.reporter.to_string())
    .bind(r.reason)
    .bind(r.details)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub id: String,
    pub place_id: PlaceId,
    pub place_name: String,
    pub proposal_id: String,
    pub proposal_title: String,
    pub comment_id: String,
    pub comment_body: String,
    pub reason: String,
    pub details: String,
    pub created_at: i64,
}

/// Open reports in `places` (all places when `None`: node admins). The
/// reporter is not named: the decision is about the words, not who minded.
pub async fn open_reports(db: &Db, places: Option<&[PlaceId]>) -> Result<Vec<Report>, StoreError> {
    let mut sql = String::from(
        "SELECT r.id, r.place_id, pl.name AS place_name, r.proposal_id, p.title AS proposal_title, r.comment_id,
            c.body AS comment_body, r.reason, r.details, r.created_at
         FROM voice_reports r JOIN places pl ON pl.id = r.place_id JOIN proposals p ON p.id = r.proposal_id
         JOIN proposal_comments c ON c.id = r.comment_id
         WHERE r.status = 'open'",
    );
    if let Some(places) = places {
        if places.is_empty() {
            return Ok(Vec::new());
        }
        sql.push_str(&format!(" AND r.place_id IN ({})", crate::placeholders(1, places.len())));
    }
    sql.push_str(" ORDER BY r.created_at, r.id");
    let mut q = sqlx::query(&sql);
    for p in places.unwrap_or_default() {
        q = q.bind(p.to_string());
    }
    let rows = q.fetch_all(db.reader()).await?;
    rows.iter()
        .map(|r| {
            Ok(Report {
                id: r.try_get("id")?,
                place_id: id(r, "place_id")?,
                place_name: r.try_get("place_name")?,
                proposal_id: r.try_get("proposal_id")?,
                proposal_title: r.try_get("proposal_title")?,
                comment_id: r.try_get("comment_id")?,
                comment_body: r.try_get("comment_body")?,
                reason: r.try_get("reason")?,
                details: r.try_get("details")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// The place of an open report.
pub async fn open_report_place(db: &Db, report: &str) -> Result<Option<PlaceId>, StoreError> {
    let row: Option<String> =
        sqlx::query_scalar("SELECT place_id FROM voice_reports WHERE id = $1 AND status = 'open'")
            .bind(report)
            .fetch_optional(db.reader())
            .await?;
    row.map(|p| p.parse().map_err(|_| corrupt("report place"))).transpose()
}

/// One line of the public stewardship log.
pub struct LogEntry<'a> {
    pub place: PlaceId,
    pub actor: PersonId,
    /// `steward`, `node_admin` or `public_body`.
    pub role: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub reason: &'a str,
}

pub(crate) async fn log(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    e: &LogEntry<'_>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO stewardship_log (id, place_id, actor_id, role, action, subject, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(e.place.to_string())
    .bind(e.actor.to_string())
    .bind(e.role)
    .bind(e.action)
    .bind(e.subject)
    .bind(e.reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Decide a report: `remove` takes the comment down (settling every open
/// report about it) and logs it; one transaction. False when already decided.
pub async fn decide_report(
    db: &Db,
    report: &str,
    by: PersonId,
    role: &str,
    remove: bool,
    reason: &str,
) -> Result<bool, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let row: Option<(String, String, String)> = sqlx::query_as(
        "UPDATE voice_reports SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'open'
             RETURNING comment_id, proposal_id, place_id",
    )
    .bind(if remove { "removed" } else { "dismissed" })
    .bind(by.to_string())
    .bind(now)
    .bind(report)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((comment, proposal, place)) = row else { return Ok(false) };
    let place: PlaceId = place.parse().map_err(|_| corrupt("report place"))?;
    if remove {
        sqlx::query("UPDATE proposal_comments SET status = 'removed' WHERE id = $1")
            .bind(&comment)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE voice_reports SET status = 'removed', decided_by = $1, decided_at = $2
             WHERE comment_id = $3 AND status = 'open'",
        )
        .bind(by.to_string())
        .bind(now)
        .bind(&comment)
        .execute(&mut *tx)
        .await?;
    }
    let subject = format!("proposal {proposal}, comment {comment}");
    let action = if remove { "comment_removed" } else { "report_dismissed" };
    log(&mut tx, &LogEntry { place, actor: by, role, action, subject: &subject, reason }, now).await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub id: String,
    pub proposal_id: String,
    pub state: AnswerState,
    pub body: String,
    pub group_id: Option<GroupId>,
    /// The public body's name; `None`: the place's stewards.
    pub group_name: Option<String>,
    pub group_slug: Option<String>,
    pub author_name: Option<String>,
    pub created_at: i64,
}

const ANSWER_QUERY: &str = "SELECT a.id, a.proposal_id, a.state, a.body, a.group_id, g.name AS group_name,
    g.slug AS group_slug, pe.display_name AS author_name, a.created_at
    FROM proposal_answers a JOIN people pe ON pe.id = a.author_id LEFT JOIN groups g ON g.id = a.group_id";

fn answer_from_row(r: &AnyRow) -> Result<Answer, StoreError> {
    Ok(Answer {
        id: r.try_get("id")?,
        proposal_id: r.try_get("proposal_id")?,
        state: answer_state(Some(r.try_get("state")?))?.ok_or(corrupt("state"))?,
        body: r.try_get("body")?,
        group_id: r
            .try_get::<Option<String>, _>("group_id")?
            .map(|g| g.parse().map_err(|_| corrupt("group")))
            .transpose()?,
        group_name: r.try_get("group_name")?,
        group_slug: r.try_get("group_slug")?,
        author_name: r.try_get("author_name")?,
        created_at: r.try_get("created_at")?,
    })
}

/// A proposal's answer and updates, oldest first.
pub async fn answers(db: &Db, proposal: &str) -> Result<Vec<Answer>, StoreError> {
    let rows = sqlx::query(&format!("{ANSWER_QUERY} WHERE a.proposal_id = $1 ORDER BY a.created_at, a.id"))
        .bind(proposal)
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(answer_from_row).collect()
}

/// The newest answers and updates on published proposals, for the feed.
pub async fn recent_answers(db: &Db, place: Option<PlaceId>, limit: i64) -> Result<Vec<(Answer, String)>, StoreError> {
    let mut sql = String::from(
        "SELECT p.title AS proposal_title, a.id, a.proposal_id, a.state, a.body, a.group_id, g.name AS group_name,
            g.slug AS group_slug, pe.display_name AS author_name, a.created_at
         FROM proposal_answers a JOIN proposals p ON p.id = a.proposal_id JOIN people pe ON pe.id = a.author_id
         LEFT JOIN groups g ON g.id = a.group_id
         WHERE p.status = 'published'",
    );
    if place.is_some() {
        sql.push_str(" AND p.place_id = $2");
    }
    sql.push_str(" ORDER BY a.created_at DESC, a.id DESC LIMIT $1");
    let mut q = sqlx::query(&sql).bind(limit);
    if let Some(place) = place {
        q = q.bind(place.to_string());
    }
    let rows = q.fetch_all(db.reader()).await?;
    rows.iter().map(|r| Ok((answer_from_row(r)?, r.try_get("proposal_title")?))).collect()
}

pub struct NewAnswer<'a> {
    pub proposal: &'a str,
    pub place: PlaceId,
    /// The state the proposal is in now, as the answerer saw it.
    pub from: Option<AnswerState>,
    pub state: AnswerState,
    pub body: &'a str,
    pub group: Option<GroupId>,
    pub author: PersonId,
}

/// Record an answer or update and move the proposal's state, in one
/// transaction; false (nothing written) when the state changed meanwhile.
pub async fn answer(db: &Db, a: &NewAnswer<'_>) -> Result<Option<String>, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let r = sqlx::query(
        "UPDATE proposals SET answer_state = $1, updated_at = $2
         WHERE id = $3 AND status = 'published' AND COALESCE(answer_state, '') = $4",
    )
    .bind(a.state.as_str())
    .bind(now)
    .bind(a.proposal)
    .bind(a.from.map(AnswerState::as_str).unwrap_or(""))
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        return Ok(None);
    }
    let id = new_id();
    sqlx::query(
        "INSERT INTO proposal_answers (id, proposal_id, state, body, group_id, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(a.proposal)
    .bind(a.state.as_str())
    .bind(a.body)
    .bind(a.group.map(|g| g.to_string()))
    .bind(a.author.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let role = if a.group.is_some() { "public_body" } else { "steward" };
    let action = if a.from.is_none() { "proposal_answered" } else { "proposal_updated" };
    let subject = format!("proposal {}: {}", a.proposal, a.state.as_str());
    log(&mut tx, &LogEntry { place: a.place, actor: a.author, role, action, subject: &subject, reason: "" }, now)
        .await?;
    tx.commit().await?;
    Ok(Some(id))
}

#[derive(Debug, Clone, Serialize)]
pub struct LogLine {
    pub actor_name: Option<String>,
    pub role: String,
    pub action: String,
    pub subject: String,
    pub reason: String,
    pub created_at: i64,
}

/// The stewardship log of a place, newest first.
pub async fn log_of(db: &Db, place: PlaceId, limit: i64) -> Result<Vec<LogLine>, StoreError> {
    let rows = sqlx::query(
        "SELECT pe.display_name, l.role, l.action, l.subject, l.reason, l.created_at
         FROM stewardship_log l JOIN people pe ON pe.id = l.actor_id
         WHERE l.place_id = $1 ORDER BY l.created_at DESC, l.id DESC LIMIT $2",
    )
    .bind(place.to_string())
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LogLine {
                actor_name: r.try_get("display_name")?,
                role: r.try_get("role")?,
                action: r.try_get("action")?,
                subject: r.try_get("subject")?,
                reason: r.try_get("reason")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// What community voice holds about one person, for their own data export:
/// their proposals, comments, supports, follows and reports, and the polls
/// and budgets they voted in — never a ballot (nothing links one to them).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PersonVoice {
    /// (id, title, status, created_at)
    pub proposals: Vec<(String, String, String, i64)>,
    /// (id, proposal id, body, removed, created_at)
    pub comments: Vec<(String, String, String, bool, i64)>,
    pub supported: Vec<String>,
    pub following: Vec<String>,
    /// (comment id, reason, created_at)
    pub reports: Vec<(String, String, i64)>,
    pub polls_voted: Vec<String>,
    pub budgets_voted: Vec<String>,
}

pub async fn person_voice(db: &Db, person: PersonId) -> Result<PersonVoice, StoreError> {
    let p = person.to_string();
    let r = db.reader();
    let ids = |sql: &'static str| {
        let p = p.clone();
        async move { sqlx::query_scalar::<_, String>(sql).bind(p).fetch_all(r).await }
    };
    Ok(PersonVoice {
        proposals: sqlx::query_as(
            "SELECT id, title, status, created_at FROM proposals WHERE author_id = $1 ORDER BY created_at",
        )
        .bind(&p)
        .fetch_all(r)
        .await?,
        comments: sqlx::query_as::<_, (String, String, String, String, i64)>(
            "SELECT id, proposal_id, body, status, created_at FROM proposal_comments WHERE author_id = $1
             ORDER BY created_at",
        )
        .bind(&p)
        .fetch_all(r)
        .await?
        .into_iter()
        .map(|(id, proposal, body, status, at)| (id, proposal, body, status == "removed", at))
        .collect(),
        supported: ids("SELECT proposal_id FROM proposal_supports WHERE person_id = $1 ORDER BY created_at").await?,
        following: ids("SELECT proposal_id FROM proposal_followers WHERE person_id = $1 ORDER BY created_at").await?,
        reports: sqlx::query_as(
            "SELECT comment_id, reason, created_at FROM voice_reports WHERE reporter_id = $1 ORDER BY created_at",
        )
        .bind(&p)
        .fetch_all(r)
        .await?,
        polls_voted: ids("SELECT poll_id FROM poll_voters WHERE person_id = $1 ORDER BY poll_id").await?,
        budgets_voted: ids("SELECT budget_id FROM budget_voters WHERE person_id = $1 ORDER BY budget_id").await?,
    })
}
