//! Blueprints this node published or installed: the signed documents, kept
//! as-is (one row per version, keyed by the digest of the canonical form).

use std::collections::BTreeMap;

use crate::db::{Db, StoreError};

/// A stored signed blueprint.
#[derive(Debug, Clone)]
pub struct Stored {
    pub digest: String,
    pub blueprint_id: String,
    pub version: String,
    pub origin: String,
    /// `published` (signed by this node) or `installed` (from elsewhere).
    pub how: String,
    pub document: String,
    pub created_at: i64,
}

/// Keep a signed blueprint. The same version (same digest) kept twice is
/// refused with `false`, leaving the first.
pub async fn insert(db: &Db, s: &Stored) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let exists: Option<(String,)> = sqlx::query_as("SELECT digest FROM blueprints WHERE digest = $1")
        .bind(&s.digest)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO blueprints (digest, blueprint_id, version, origin, how, document, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&s.digest)
    .bind(&s.blueprint_id)
    .bind(&s.version)
    .bind(&s.origin)
    .bind(&s.how)
    .bind(&s.document)
    .bind(s.created_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Every stored blueprint, oldest first.
pub async fn all(db: &Db) -> Result<Vec<Stored>, StoreError> {
    let rows: Vec<(String, String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT digest, blueprint_id, version, origin, how, document, created_at FROM blueprints \
         ORDER BY created_at, digest",
    )
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(digest, blueprint_id, version, origin, how, document, created_at)| Stored {
            digest,
            blueprint_id,
            version,
            origin,
            how,
            document,
            created_at,
        })
        .collect())
}

// How campaigns were adopted, and taking a new version's changes.

/// How a campaign was adopted from a blueprint (JSON texts as stored).
#[derive(Debug, Clone, Default)]
pub struct Adoption {
    pub campaign_id: String,
    pub language: String,
    /// Field key → value.
    pub fields: std::collections::BTreeMap<String, String>,
    /// Input key → `YYYY-MM-DD`.
    pub dates: std::collections::BTreeMap<String, String>,
    /// Campaign stage id → the blueprint stage's key.
    pub stage_keys: std::collections::BTreeMap<String, String>,
    /// The digest of a version the group declined.
    pub dismissed: Option<String>,
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "{}".into())
}

/// Record (or replace) how a campaign was adopted.
pub async fn record_adoption(db: &Db, a: &Adoption) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    record_adoption_in(&mut tx, a).await?;
    tx.commit().await?;
    Ok(())
}

/// Record (or replace) how a campaign was adopted, inside the caller's
/// transaction: adopting writes it with the campaign.
pub async fn record_adoption_in(conn: &mut sqlx::AnyConnection, a: &Adoption) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM blueprint_adoptions WHERE campaign_id = $1")
        .bind(&a.campaign_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO blueprint_adoptions (campaign_id, language, fields, dates, stage_keys, dismissed, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    // Not kept prepared: a NULL and a set `dismissed` bind differently on PostgreSQL.
    .persistent(false)
    .bind(&a.campaign_id)
    .bind(&a.language)
    .bind(json(&a.fields))
    .bind(json(&a.dates))
    .bind(json(&a.stage_keys))
    .bind(a.dismissed.clone())
    .bind(crate::now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How a campaign was adopted, if recorded.
pub async fn adoption(db: &Db, campaign: &str) -> Result<Option<Adoption>, StoreError> {
    let row: Option<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT language, fields, dates, stage_keys, dismissed FROM blueprint_adoptions WHERE campaign_id = $1",
    )
    .bind(campaign)
    .fetch_optional(db.reader())
    .await?;
    let Some((language, fields, dates, stage_keys, dismissed)) = row else { return Ok(None) };
    let parse = |s: &str| {
        serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("blueprint adoption {campaign}: {e}")))
    };
    Ok(Some(Adoption {
        campaign_id: campaign.to_string(),
        language,
        fields: parse(&fields)?,
        dates: parse(&dates)?,
        stage_keys: parse(&stage_keys)?,
        dismissed,
    }))
}

/// The group declined a version: no notice until a newer one.
pub async fn dismiss(db: &Db, a: &Adoption, digest: &str) -> Result<(), StoreError> {
    let a = Adoption { dismissed: Some(digest.to_string()), ..a.clone() };
    record_adoption(db, &a).await
}

/// A stage as it will be after taking a new version's changes.
#[derive(Debug, Clone)]
pub struct StagePlan {
    /// The existing stage, or `None` for one to add.
    pub id: Option<String>,
    /// The blueprint stage's key, for stages that came from it.
    pub key: Option<String>,
    pub title: String,
    pub note: String,
    pub due_on: Option<i64>,
}

/// Everything taking a new version changes, written at once.
#[derive(Debug, Clone)]
pub struct UpdatePlan {
    pub campaign: String,
    pub title: String,
    pub goal: String,
    pub story: String,
    pub target: String,
    pub petition_text: String,
    pub threshold: i64,
    /// Every stage the campaign keeps or gains, in order.
    pub stages: Vec<StagePlan>,
    /// Stages to remove.
    pub remove: Vec<String>,
    /// The version now followed.
    pub version: String,
    pub digest: String,
    pub adoption: Adoption,
}

/// Take a new version's chosen changes in one transaction: the campaign's
/// texts and threshold, its stages (kept, changed, added, removed and
/// renumbered), the version it is on, and how its stages map to the
/// blueprint's. The campaign must still be on `from_digest` (a second
/// submission of the same choice changes nothing and returns `false`).
pub async fn apply_update(db: &Db, p: &UpdatePlan, from_digest: &str) -> Result<bool, StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let n = sqlx::query(
        "UPDATE campaigns SET title = $1, goal = $2, story = $3, target = $4, petition_text = $5, threshold = $6, \
         blueprint_version = $7, blueprint_digest = $8, updated_at = $9 WHERE id = $10 AND blueprint_digest = $11",
    )
    .bind(&p.title)
    .bind(&p.goal)
    .bind(&p.story)
    .bind(&p.target)
    .bind(&p.petition_text)
    .bind(p.threshold)
    .bind(&p.version)
    .bind(&p.digest)
    .bind(now)
    .bind(&p.campaign)
    .bind(from_digest)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Ok(false);
    }
    for id in &p.remove {
        sqlx::query("DELETE FROM campaign_stages WHERE id = $1 AND campaign_id = $2")
            .bind(id)
            .bind(&p.campaign)
            .execute(&mut *tx)
            .await?;
    }
    // Positions are unique per campaign: move every stage out of the way first.
    sqlx::query("UPDATE campaign_stages SET position = position + 1000000 WHERE campaign_id = $1")
        .bind(&p.campaign)
        .execute(&mut *tx)
        .await?;
    let mut stage_keys = std::collections::BTreeMap::new();
    for (position, s) in p.stages.iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        let id = match &s.id {
            Some(id) => {
                sqlx::query(
                    "UPDATE campaign_stages SET position = $1, title = $2, note = $3, due_on = $4 \
                     WHERE id = $5 AND campaign_id = $6",
                )
                .persistent(false)
                .bind(position)
                .bind(&s.title)
                .bind(&s.note)
                .bind(s.due_on)
                .bind(id)
                .bind(&p.campaign)
                .execute(&mut *tx)
                .await?;
                id.clone()
            }
            None => {
                let id = uuid::Uuid::now_v7().to_string();
                sqlx::query(
                    "INSERT INTO campaign_stages (id, campaign_id, position, title, note, due_on, done) \
                     VALUES ($1, $2, $3, $4, $5, $6, 0)",
                )
                .persistent(false)
                .bind(&id)
                .bind(&p.campaign)
                .bind(position)
                .bind(&s.title)
                .bind(&s.note)
                .bind(s.due_on)
                .execute(&mut *tx)
                .await?;
                id
            }
        };
        if let Some(k) = &s.key {
            stage_keys.insert(id, k.clone());
        }
    }
    sqlx::query("DELETE FROM blueprint_adoptions WHERE campaign_id = $1").bind(&p.campaign).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO blueprint_adoptions (campaign_id, language, fields, dates, stage_keys, dismissed, updated_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6)",
    )
    .bind(&p.campaign)
    .bind(&p.adoption.language)
    .bind(json(&p.adoption.fields))
    .bind(json(&p.adoption.dates))
    .bind(json(&stage_keys))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Campaigns adopted from some versions (by digest): (campaign id, group id).
pub async fn adopters(db: &Db, digests: &[String]) -> Result<Vec<(String, String)>, StoreError> {
    if digests.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, group_id FROM campaigns WHERE blueprint_digest IN ({}) ORDER BY created_at",
        crate::placeholders(1, digests.len())
    );
    let mut q = sqlx::query_as(&sql);
    for d in digests {
        q = q.bind(d);
    }
    Ok(q.fetch_all(db.reader()).await?)
}

// Followed feeds.

#[derive(Debug, Clone)]
pub struct Follow {
    pub url: String,
    pub created_at: i64,
    pub next_fetch_at: i64,
    pub fetched_at: Option<i64>,
    pub last_outcome: String,
    pub last_ok: bool,
}

/// Follow a feed (following it again changes nothing); next read at `next_fetch_at`.
pub async fn follow(db: &Db, url: &str, by: &str, next_fetch_at: i64) -> Result<(), StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT url FROM blueprint_follows WHERE url = $1").bind(url).fetch_optional(&mut *tx).await?;
    if exists.is_none() {
        sqlx::query(
            "INSERT INTO blueprint_follows (url, added_by, created_at, next_fetch_at, last_outcome, last_ok) \
             VALUES ($1, $2, $3, $4, '', 1)",
        )
        .bind(url)
        .bind(by)
        .bind(now)
        .bind(next_fetch_at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn unfollow(db: &Db, url: &str) -> Result<bool, StoreError> {
    let n = sqlx::query("DELETE FROM blueprint_follows WHERE url = $1").bind(url).execute(db.writer()).await?;
    Ok(n.rows_affected() > 0)
}

pub async fn follows(db: &Db) -> Result<Vec<Follow>, StoreError> {
    let rows: Vec<(String, i64, i64, Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT url, created_at, next_fetch_at, fetched_at, last_outcome, last_ok FROM blueprint_follows ORDER BY url",
    )
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(url, created_at, next_fetch_at, fetched_at, last_outcome, last_ok)| Follow {
            url,
            created_at,
            next_fetch_at,
            fetched_at,
            last_outcome,
            last_ok: last_ok != 0,
        })
        .collect())
}

/// Queue a reading of every followed feed that is due, each once even with
/// several workers (the row's next time is moved on in the same
/// transaction as the job is queued).
pub async fn claim_due_follows<J: crate::jobs::Job>(
    db: &Db,
    now: i64,
    interval: i64,
    limit: i64,
    job: impl Fn(&str) -> J,
) -> Result<usize, StoreError> {
    let due: Vec<(String, i64)> = sqlx::query_as(
        "SELECT url, next_fetch_at FROM blueprint_follows WHERE next_fetch_at <= $1 ORDER BY next_fetch_at LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    let mut claimed = 0;
    for (url, next) in due {
        let mut tx = db.begin().await?;
        let n = sqlx::query("UPDATE blueprint_follows SET next_fetch_at = $1 WHERE url = $2 AND next_fetch_at = $3")
            .bind(now + interval.max(60))
            .bind(&url)
            .bind(next)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 1 {
            crate::jobs::enqueue(&mut *tx, &job(&url)).await?;
            claimed += 1;
        }
        tx.commit().await?;
    }
    Ok(claimed)
}

/// What the last reading of a feed found.
pub async fn record_reading(db: &Db, url: &str, ok: bool, outcome: &str) -> Result<(), StoreError> {
    let outcome: String = outcome.chars().take(2000).collect();
    sqlx::query("UPDATE blueprint_follows SET fetched_at = $1, last_outcome = $2, last_ok = $3 WHERE url = $4")
        .bind(crate::now())
        .bind(outcome)
        .bind(i64::from(ok))
        .bind(url)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// An adoption of a blueprint that is not a campaign: what it created for
/// which group.
#[derive(Debug, Clone)]
pub struct Use {
    pub id: String,
    pub blueprint_id: String,
    pub version: String,
    pub digest: String,
    pub group_id: String,
    pub place_id: String,
    pub language: String,
    pub fields: BTreeMap<String, String>,
    /// Kind (`services`, `events`, `opportunities`, `surveys`, `budgets`) → ids.
    pub created: BTreeMap<String, Vec<String>>,
    pub created_by: Option<String>,
    pub created_at: i64,
}

/// Record an adoption that is not a campaign.
pub async fn record_use(db: &Db, u: &Use) -> Result<(), StoreError> {
    let mut conn = db.writer().acquire().await?;
    record_use_in(&mut conn, u).await
}

/// Record an adoption that is not a campaign inside the caller's
/// transaction, with what it created.
pub async fn record_use_in(conn: &mut sqlx::AnyConnection, u: &Use) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO blueprint_uses (id, blueprint_id, version, digest, group_id, place_id, language, fields, \
         created, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .persistent(false)
    .bind(&u.id)
    .bind(&u.blueprint_id)
    .bind(&u.version)
    .bind(&u.digest)
    .bind(&u.group_id)
    .bind(&u.place_id)
    .bind(&u.language)
    .bind(json(&u.fields))
    .bind(json(&u.created))
    .bind(u.created_by.clone())
    .bind(u.created_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The adoptions of one blueprint that are not campaigns, oldest first.
pub async fn uses(db: &Db, blueprint: &str) -> Result<Vec<Use>, StoreError> {
    type Row = (String, String, String, String, String, String, String, String, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, version, digest, group_id, place_id, language, fields, created, created_by, created_at \
         FROM blueprint_uses WHERE blueprint_id = $1 ORDER BY created_at, id",
    )
    .bind(blueprint)
    .fetch_all(db.reader())
    .await?;
    rows.into_iter()
        .map(|(id, version, digest, group_id, place_id, language, fields, created, created_by, created_at)| {
            let bad = |e: serde_json::Error| StoreError::Corrupt(format!("blueprint use {id}: {e}"));
            Ok(Use {
                fields: serde_json::from_str(&fields).map_err(bad)?,
                created: serde_json::from_str(&created).map_err(bad)?,
                blueprint_id: blueprint.to_string(),
                id,
                version,
                digest,
                group_id,
                place_id,
                language,
                created_by,
                created_at,
            })
        })
        .collect()
}

/// How many adoptions that are not campaigns each blueprint has.
pub async fn use_counts(db: &Db) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as::<_, (String, i64)>("SELECT blueprint_id, COUNT(*) FROM blueprint_uses GROUP BY blueprint_id")
        .fetch_all(db.reader())
        .await?)
}

/// Whether a group adopted a blueprint (as a campaign or otherwise).
pub async fn group_adopted(db: &Db, blueprint: &str, group: &str) -> Result<bool, StoreError> {
    let n: (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM blueprint_uses WHERE blueprint_id = $1 AND group_id = $2) \
         + (SELECT COUNT(*) FROM campaigns WHERE blueprint_id = $1 AND group_id = $2)",
    )
    .bind(blueprint)
    .bind(group)
    .fetch_one(db.reader())
    .await?;
    Ok(n.0 > 0)
}

/// A story of how adopting a blueprint went.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: String,
    pub blueprint_id: String,
    pub group_id: String,
    pub group_name: String,
    pub place_name: String,
    pub body: String,
    pub created_at: i64,
}

/// Keep a story.
pub async fn add_story(
    db: &Db,
    blueprint: &str,
    group: &str,
    author: Option<String>,
    body: &str,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    sqlx::query(
        "INSERT INTO blueprint_stories (id, blueprint_id, group_id, author_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .persistent(false)
    .bind(&id)
    .bind(blueprint)
    .bind(group)
    .bind(author)
    .bind(body)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(id)
}

/// The stories of one blueprint, newest first, with the group and its place.
pub async fn stories(db: &Db, blueprint: &str) -> Result<Vec<Story>, StoreError> {
    let rows: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT s.id, s.group_id, g.name, p.name, s.body, s.created_at FROM blueprint_stories s \
         JOIN groups g ON g.id = s.group_id JOIN places p ON p.id = g.place_id \
         WHERE s.blueprint_id = $1 ORDER BY s.created_at DESC, s.id",
    )
    .bind(blueprint)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, group_id, group_name, place_name, body, created_at)| Story {
            id,
            blueprint_id: blueprint.to_string(),
            group_id,
            group_name,
            place_name,
            body,
            created_at,
        })
        .collect())
}
