//! Campaigns: the campaign row, its stages, updates and linked events, the
//! petition's signatures (one per person, by primary key), pledges and the
//! supporters who asked for updates by email.

use plural_kernel::campaigns::{CheckedCampaign, CheckedStage, Display, PledgeKind, Status};
use plural_kernel::{EventId, GroupId, PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("campaign {what}"))
}

fn id<T: std::str::FromStr>(row: &AnyRow, col: &str) -> Result<T, StoreError> {
    row.try_get::<String, _>(col)?.parse().map_err(|_| corrupt(col))
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[derive(Debug, Clone, Serialize)]
pub struct Campaign {
    pub id: String,
    pub group_id: GroupId,
    pub group_slug: String,
    pub group_name: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    pub title: String,
    pub goal: String,
    pub story: String,
    pub target: String,
    pub status: Status,
    pub outcome: String,
    pub petition: bool,
    pub petition_text: String,
    pub threshold: i64,
    /// Space separated postcode districts.
    pub local_districts: String,
    pub pledges: bool,
    /// The blueprint it was adopted from: (id, version, digest).
    pub blueprint: Option<BlueprintRef>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Which version of which blueprint, by the digest of its canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlueprintRef {
    pub id: String,
    pub version: String,
    pub digest: String,
}

const COLUMNS: &str = "c.id, c.group_id, g.slug AS group_slug, g.name AS group_name, c.place_id, pl.slug AS place_slug,
    pl.name AS place_name, c.title, c.goal, c.story, c.target, c.status, c.outcome, c.petition, c.petition_text,
    c.threshold, c.local_districts, c.pledges, c.blueprint_id, c.blueprint_version, c.blueprint_digest, c.created_at,
    c.updated_at";
const FROM: &str = "campaigns c JOIN groups g ON g.id = c.group_id JOIN places pl ON pl.id = c.place_id";

fn from_row(row: &AnyRow) -> Result<Campaign, StoreError> {
    Ok(Campaign {
        id: row.try_get("id")?,
        group_id: id(row, "group_id")?,
        group_slug: row.try_get("group_slug")?,
        group_name: row.try_get("group_name")?,
        place_id: id(row, "place_id")?,
        place_slug: row.try_get("place_slug")?,
        place_name: row.try_get("place_name")?,
        title: row.try_get("title")?,
        goal: row.try_get("goal")?,
        story: row.try_get("story")?,
        target: row.try_get("target")?,
        status: Status::parse("status", &row.try_get::<String, _>("status")?).map_err(|_| corrupt("status"))?,
        outcome: row.try_get("outcome")?,
        petition: row.try_get::<i64, _>("petition")? != 0,
        petition_text: row.try_get("petition_text")?,
        threshold: row.try_get("threshold")?,
        local_districts: row.try_get("local_districts")?,
        pledges: row.try_get::<i64, _>("pledges")? != 0,
        blueprint: match (
            row.try_get::<Option<String>, _>("blueprint_id")?,
            row.try_get::<Option<String>, _>("blueprint_version")?,
            row.try_get::<Option<String>, _>("blueprint_digest")?,
        ) {
            (Some(id), Some(version), Some(digest)) => Some(BlueprintRef { id, version, digest }),
            _ => None,
        },
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn districts(c: &CheckedCampaign) -> String {
    c.local_districts.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(" ")
}

/// Create a campaign with its first stages, in one transaction.
pub async fn create(
    db: &Db,
    group: GroupId,
    place: PlaceId,
    by: PersonId,
    c: &CheckedCampaign,
    stages: &[CheckedStage],
    blueprint: Option<&BlueprintRef>,
) -> Result<String, StoreError> {
    let mut tx = db.begin().await?;
    let (id, _) = create_in(&mut tx, group, place, by, c, stages, blueprint).await?;
    tx.commit().await?;
    Ok(id)
}

/// Create a campaign with its first stages inside the caller's transaction
/// (adopting a blueprint records how, in the same one). Returns the
/// campaign's id and its stages' ids, in order.
pub async fn create_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    group: GroupId,
    place: PlaceId,
    by: PersonId,
    c: &CheckedCampaign,
    stages: &[CheckedStage],
    blueprint: Option<&BlueprintRef>,
) -> Result<(String, Vec<String>), StoreError> {
    let id = new_id();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO campaigns (id, group_id, place_id, title, goal, story, target, status, outcome, petition,
            petition_text, threshold, local_districts, pledges, created_by, created_at, updated_at, blueprint_id,
            blueprint_version, blueprint_digest)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18, $19)",
    )
    // Not kept prepared: a NULL blueprint and a set one bind differently on PostgreSQL.
    .persistent(false)
    .bind(&id)
    .bind(group.to_string())
    .bind(place.to_string())
    .bind(&c.title)
    .bind(&c.goal)
    .bind(&c.story)
    .bind(&c.target)
    .bind(c.status.as_str())
    .bind(&c.outcome)
    .bind(i64::from(c.petition))
    .bind(&c.petition_text)
    .bind(c.threshold)
    .bind(districts(c))
    .bind(i64::from(c.pledges))
    .bind(by.to_string())
    .bind(now)
    .bind(blueprint.map(|b| b.id.clone()))
    .bind(blueprint.map(|b| b.version.clone()))
    .bind(blueprint.map(|b| b.digest.clone()))
    .execute(&mut **tx)
    .await?;
    let mut stage_ids = Vec::with_capacity(stages.len());
    for (i, s) in stages.iter().enumerate() {
        stage_ids.push(insert_stage(tx, &id, i as i64, s).await?);
    }
    Ok((id, stage_ids))
}

async fn insert_stage(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    campaign: &str,
    position: i64,
    s: &CheckedStage,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO campaign_stages (id, campaign_id, position, title, note, due_on, done)
         VALUES ($1, $2, $3, $4, $5, $6, 0)",
    )
    // Not kept prepared: a NULL deadline and a set one bind differently on PostgreSQL.
    .persistent(false)
    .bind(&id)
    .bind(campaign)
    .bind(position)
    .bind(&s.title)
    .bind(&s.note)
    .bind(s.due_on)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn update(db: &Db, id: &str, c: &CheckedCampaign) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE campaigns SET title = $1, goal = $2, story = $3, target = $4, status = $5, outcome = $6, petition = $7,
            petition_text = $8, threshold = $9, local_districts = $10, pledges = $11, updated_at = $12
         WHERE id = $13",
    )
    .bind(&c.title)
    .bind(&c.goal)
    .bind(&c.story)
    .bind(&c.target)
    .bind(c.status.as_str())
    .bind(&c.outcome)
    .bind(i64::from(c.petition))
    .bind(&c.petition_text)
    .bind(c.threshold)
    .bind(districts(c))
    .bind(i64::from(c.pledges))
    .bind(crate::now())
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Campaign>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM {FROM} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Campaigns anyone may see (not drafts), newest first; in one place if asked.
pub async fn list_public(db: &Db, place: Option<PlaceId>, limit: i64) -> Result<Vec<Campaign>, StoreError> {
    let rows = match place {
        Some(p) => {
            sqlx::query(&format!(
                "SELECT {COLUMNS} FROM {FROM} WHERE c.status <> 'draft' AND c.place_id = $1
                 ORDER BY c.created_at DESC LIMIT $2"
            ))
            .bind(p.to_string())
            .bind(limit)
            .fetch_all(db.reader())
            .await?
        }
        None => {
            sqlx::query(&format!(
                "SELECT {COLUMNS} FROM {FROM} WHERE c.status <> 'draft' ORDER BY c.created_at DESC LIMIT $1"
            ))
            .bind(limit)
            .fetch_all(db.reader())
            .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// Every campaign of some groups, drafts included (for their organisers).
pub async fn of_groups(db: &Db, groups: &[GroupId]) -> Result<Vec<Campaign>, StoreError> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE c.group_id IN ({}) ORDER BY c.created_at DESC",
        crate::placeholders(1, groups.len())
    );
    let mut q = sqlx::query(&sql);
    for g in groups {
        q = q.bind(g.to_string());
    }
    q.fetch_all(db.reader()).await?.iter().map(from_row).collect()
}

// Stages.

#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub id: String,
    pub position: i64,
    pub title: String,
    pub note: String,
    pub due_on: Option<i64>,
    pub done: bool,
}

pub async fn stages(db: &Db, campaign: &str) -> Result<Vec<Stage>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, position, title, note, due_on, done FROM campaign_stages WHERE campaign_id = $1 ORDER BY position",
    )
    .bind(campaign)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Stage {
                id: r.try_get("id")?,
                position: r.try_get("position")?,
                title: r.try_get("title")?,
                note: r.try_get("note")?,
                due_on: r.try_get("due_on")?,
                done: r.try_get::<i64, _>("done")? != 0,
            })
        })
        .collect()
}

/// Add a stage after the others.
pub async fn add_stage(db: &Db, campaign: &str, s: &CheckedStage) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    let next: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM campaign_stages WHERE campaign_id = $1")
            .bind(campaign)
            .fetch_one(&mut *tx)
            .await?;
    insert_stage(&mut tx, campaign, next, s).await?;
    tx.commit().await?;
    Ok(())
}

/// Mark a stage done or not; false when the campaign has no such stage.
pub async fn set_stage_done(db: &Db, campaign: &str, stage: &str, done: bool) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE campaign_stages SET done = $1 WHERE id = $2 AND campaign_id = $3")
        .bind(i64::from(done))
        .bind(stage)
        .bind(campaign)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

// Updates.

#[derive(Debug, Clone, Serialize)]
pub struct Update {
    pub id: String,
    pub author_name: Option<String>,
    pub body: String,
    pub created_at: i64,
}

pub async fn add_update(db: &Db, campaign: &str, author: PersonId, body: &str) -> Result<String, StoreError> {
    let id = new_id();
    let now = crate::now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO campaign_updates (id, campaign_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(campaign)
    .bind(author.to_string())
    .bind(body)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE campaigns SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(campaign)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn updates(db: &Db, campaign: &str) -> Result<Vec<Update>, StoreError> {
    let rows = sqlx::query(
        "SELECT u.id, p.display_name, u.body, u.created_at FROM campaign_updates u JOIN people p ON p.id = u.author_id
         WHERE u.campaign_id = $1 ORDER BY u.created_at DESC, u.id DESC",
    )
    .bind(campaign)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Update {
                id: r.try_get("id")?,
                author_name: r.try_get("display_name")?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

// Linked events.

#[derive(Debug, Clone, Serialize)]
pub struct LinkedEvent {
    pub id: String,
    pub title: String,
    pub starts_at: i64,
}

pub async fn link_event(db: &Db, campaign: &str, event: EventId) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO campaign_events (campaign_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(campaign)
        .bind(event.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Linked events that are published or cancelled (never drafts).
pub async fn events(db: &Db, campaign: &str) -> Result<Vec<LinkedEvent>, StoreError> {
    let rows = sqlx::query(
        "SELECT e.id, e.title, e.starts_at FROM campaign_events ce JOIN events e ON e.id = ce.event_id
         WHERE ce.campaign_id = $1 AND e.status <> 'draft' ORDER BY e.starts_at",
    )
    .bind(campaign)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LinkedEvent { id: r.try_get("id")?, title: r.try_get("title")?, starts_at: r.try_get("starts_at")? })
        })
        .collect()
}

// The petition.

pub struct NewSignature<'a> {
    pub campaign: &'a str,
    pub person: PersonId,
    pub display: Display,
    /// `place` or `postcode`.
    pub locality_kind: &'static str,
    pub locality: &'a str,
    pub local: bool,
}

/// Sign; false when this person had signed already (the primary key keeps
/// one signature per person, however many requests race).
pub async fn sign(db: &Db, s: &NewSignature<'_>) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "INSERT INTO campaign_signatures (campaign_id, person_id, display, locality_kind, locality, local, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(s.campaign)
    .bind(s.person.to_string())
    .bind(s.display.as_str())
    .bind(s.locality_kind)
    .bind(s.locality)
    .bind(i64::from(s.local))
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn has_signed(db: &Db, campaign: &str, person: PersonId) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM campaign_signatures WHERE campaign_id = $1 AND person_id = $2")
            .bind(campaign)
            .bind(person.to_string())
            .fetch_one(db.reader())
            .await?;
    Ok(n > 0)
}

/// (signatures, of which local).
pub async fn petition_counts(db: &Db, campaign: &str) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS total, CAST(COALESCE(SUM(local), 0) AS BIGINT) AS local FROM campaign_signatures
         WHERE campaign_id = $1",
    )
    .bind(campaign)
    .fetch_one(db.reader())
    .await?;
    Ok((row.try_get("total")?, row.try_get("local")?))
}

#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    pub display: Display,
    pub display_name: Option<String>,
    pub local: bool,
    pub created_at: i64,
}

/// The newest signatures, for the public list (names as each signer chose).
pub async fn recent_signatures(db: &Db, campaign: &str, limit: i64) -> Result<Vec<Signature>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.display, p.display_name, s.local, s.created_at FROM campaign_signatures s
         JOIN people p ON p.id = s.person_id WHERE s.campaign_id = $1 ORDER BY s.created_at DESC LIMIT $2",
    )
    .bind(campaign)
    .bind(limit)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Signature {
                display: Display::parse("display", &r.try_get::<String, _>("display")?)
                    .map_err(|_| corrupt("display"))?,
                display_name: r.try_get("display_name")?,
                local: r.try_get::<i64, _>("local")? != 0,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

// Pledges.

pub async fn pledge(
    db: &Db,
    campaign: &str,
    person: PersonId,
    kind: PledgeKind,
    amount: i64,
    condition: &str,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO campaign_pledges (id, campaign_id, person_id, kind, amount, condition, withdrawn, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7)",
    )
    .bind(&id)
    .bind(campaign)
    .bind(person.to_string())
    .bind(kind.as_str())
    .bind(amount)
    .bind(condition)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize)]
pub struct Pledge {
    pub id: String,
    pub person_id: PersonId,
    pub person_name: Option<String>,
    pub kind: PledgeKind,
    pub amount: i64,
    pub condition: String,
    pub created_at: i64,
}

/// Pledges not withdrawn, oldest first.
pub async fn pledges(db: &Db, campaign: &str) -> Result<Vec<Pledge>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.id, c.person_id, p.display_name, c.kind, c.amount, c.condition, c.created_at
         FROM campaign_pledges c JOIN people p ON p.id = c.person_id
         WHERE c.campaign_id = $1 AND c.withdrawn = 0 ORDER BY c.created_at, c.id",
    )
    .bind(campaign)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Pledge {
                id: r.try_get("id")?,
                person_id: id(r, "person_id")?,
                person_name: r.try_get("display_name")?,
                kind: PledgeKind::parse("kind", &r.try_get::<String, _>("kind")?).map_err(|_| corrupt("kind"))?,
                amount: r.try_get("amount")?,
                condition: r.try_get("condition")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Withdraw one's own pledge; false when there is no such pledge of theirs.
pub async fn withdraw_pledge(db: &Db, campaign: &str, pledge: &str, person: PersonId) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE campaign_pledges SET withdrawn = 1 WHERE id = $1 AND campaign_id = $2 AND person_id = $3 AND withdrawn = 0",
    )
    .bind(pledge)
    .bind(campaign)
    .bind(person.to_string())
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

// Supporters.

pub async fn follow(db: &Db, campaign: &str, person: PersonId) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO campaign_supporters (campaign_id, person_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(campaign)
        .bind(person.to_string())
        .bind(crate::now())
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn unfollow(db: &Db, campaign: &str, person: PersonId) -> Result<bool, StoreError> {
    let r = sqlx::query("DELETE FROM campaign_supporters WHERE campaign_id = $1 AND person_id = $2")
        .bind(campaign)
        .bind(person.to_string())
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn is_supporter(db: &Db, campaign: &str, person: PersonId) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM campaign_supporters WHERE campaign_id = $1 AND person_id = $2")
            .bind(campaign)
            .bind(person.to_string())
            .fetch_one(db.reader())
            .await?;
    Ok(n > 0)
}

pub async fn supporters(db: &Db, campaign: &str) -> Result<Vec<PersonId>, StoreError> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT s.person_id FROM campaign_supporters s JOIN people p ON p.id = s.person_id
         WHERE s.campaign_id = $1 AND p.erased_at IS NULL ORDER BY s.created_at",
    )
    .bind(campaign)
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(|s| s.parse().map_err(|_| corrupt("supporter"))).collect()
}

// A person's own data (export).

#[derive(Debug, Clone, Serialize)]
pub struct OwnSignature {
    pub campaign_id: String,
    pub campaign_title: String,
    pub display: String,
    pub locality_kind: String,
    pub locality: String,
    pub local: bool,
    pub created_at: i64,
}

pub async fn signatures_of(db: &Db, person: PersonId) -> Result<Vec<OwnSignature>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.campaign_id, c.title, s.display, s.locality_kind, s.locality, s.local, s.created_at
         FROM campaign_signatures s JOIN campaigns c ON c.id = s.campaign_id WHERE s.person_id = $1
         ORDER BY s.created_at",
    )
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OwnSignature {
                campaign_id: r.try_get("campaign_id")?,
                campaign_title: r.try_get("title")?,
                display: r.try_get("display")?,
                locality_kind: r.try_get("locality_kind")?,
                locality: r.try_get("locality")?,
                local: r.try_get::<i64, _>("local")? != 0,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct OwnPledge {
    pub campaign_id: String,
    pub kind: String,
    pub amount: i64,
    pub condition: String,
    pub withdrawn: bool,
    pub created_at: i64,
}

pub async fn pledges_of(db: &Db, person: PersonId) -> Result<Vec<OwnPledge>, StoreError> {
    let rows = sqlx::query(
        "SELECT campaign_id, kind, amount, condition, withdrawn, created_at FROM campaign_pledges
         WHERE person_id = $1 ORDER BY created_at",
    )
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OwnPledge {
                campaign_id: r.try_get("campaign_id")?,
                kind: r.try_get("kind")?,
                amount: r.try_get("amount")?,
                condition: r.try_get("condition")?,
                withdrawn: r.try_get::<i64, _>("withdrawn")? != 0,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// The campaigns a person follows by email.
pub async fn followed_by(db: &Db, person: PersonId) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT campaign_id FROM campaign_supporters WHERE person_id = $1 ORDER BY created_at")
        .bind(person.to_string())
        .fetch_all(db.reader())
        .await?)
}

/// How many campaigns were adopted from each blueprint (id → count).
pub async fn adoptions(db: &Db) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as::<_, (String, i64)>(
        "SELECT blueprint_id, COUNT(*) FROM campaigns WHERE blueprint_id IS NOT NULL GROUP BY blueprint_id",
    )
    .fetch_all(db.reader())
    .await?)
}
