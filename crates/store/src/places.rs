//! Places and the node record.

use plural_kernel::places::Footprint;
use plural_kernel::PlaceId;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub id: PlaceId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub parent_id: Option<PlaceId>,
    pub footprint: Option<Footprint>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, slug, name, description, parent_id, footprint, created_at, updated_at";

fn from_row(row: &AnyRow) -> Result<Place, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("place {what}"));
    let parent: Option<String> = row.try_get("parent_id")?;
    let footprint: Option<String> = row.try_get("footprint")?;
    Ok(Place {
        id: row.try_get::<String, _>("id")?.parse().map_err(|_| corrupt("id"))?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        parent_id: parent.map(|p| p.parse().map_err(|_| corrupt("parent"))).transpose()?,
        footprint: footprint.map(|f| serde_json::from_str(&f).map_err(|_| corrupt("footprint"))).transpose()?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub struct PlaceFields<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub parent_id: Option<PlaceId>,
    pub footprint: Option<&'a Footprint>,
}

fn footprint_json(f: Option<&Footprint>) -> Result<Option<String>, StoreError> {
    f.map(|f| serde_json::to_string(f).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()
}

pub async fn create(db: &Db, p: PlaceFields<'_>) -> Result<PlaceId, StoreError> {
    let id = PlaceId::new();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO places (id, slug, name, description, parent_id, footprint, centre_lat, centre_lon,
                             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $8, $9, $7, $7)",
    )
    // Not kept prepared: a NULL centre and a numeric one bind differently
    // under the Any driver, and PostgreSQL keeps the first one's types.
    .persistent(false)
    .bind(id.to_string())
    .bind(p.slug)
    .bind(p.name)
    .bind(p.description)
    .bind(p.parent_id.map(|p| p.to_string()))
    .bind(footprint_json(p.footprint)?)
    .bind(now)
    .bind(centre(p.footprint).map(|c| c.lat))
    .bind(centre(p.footprint).map(|c| c.lon))
    .execute(db.writer())
    .await?;
    Ok(id)
}

pub async fn update(db: &Db, id: PlaceId, p: PlaceFields<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE places SET slug = $1, name = $2, description = $3, parent_id = $4, footprint = $5, updated_at = $6,
                centre_lat = $8, centre_lon = $9
         WHERE id = $7",
    )
    .persistent(false)
    .bind(p.slug)
    .bind(p.name)
    .bind(p.description)
    .bind(p.parent_id.map(|p| p.to_string()))
    .bind(footprint_json(p.footprint)?)
    .bind(crate::now())
    .bind(id.to_string())
    .bind(centre(p.footprint).map(|c| c.lat))
    .bind(centre(p.footprint).map(|c| c.lon))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The point search files a place's pointless things under (migration 0011).
fn centre(f: Option<&Footprint>) -> Option<plural_kernel::search::Point> {
    f.and_then(Footprint::centre)
}

/// Give places stored before migration 0011 with a polygon footprint their
/// centre (the migration could only read circles). Idempotent, run at start.
pub async fn fill_centres(db: &Db) -> Result<(), StoreError> {
    let rows = sqlx::query("SELECT id, footprint FROM places WHERE footprint IS NOT NULL AND centre_lat IS NULL")
        .fetch_all(db.reader())
        .await?;
    for row in rows {
        let (id, footprint): (String, String) = (row.try_get("id")?, row.try_get("footprint")?);
        let footprint: Option<Footprint> = serde_json::from_str(&footprint).ok();
        if let Some(c) = centre(footprint.as_ref()) {
            sqlx::query("UPDATE places SET centre_lat = $1, centre_lon = $2 WHERE id = $3")
                .bind(c.lat)
                .bind(c.lon)
                .bind(id)
                .execute(db.writer())
                .await?;
        }
    }
    Ok(())
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Place>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM places WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn get(db: &Db, id: PlaceId) -> Result<Option<Place>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM places WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every place, by name. Nodes hold tens to hundreds of places, not millions.
pub async fn list(db: &Db) -> Result<Vec<Place>, StoreError> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM places ORDER BY name, id")).fetch_all(db.reader()).await?;
    rows.iter().map(from_row).collect()
}

pub async fn children(db: &Db, id: PlaceId) -> Result<Vec<Place>, StoreError> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM places WHERE parent_id = $1 ORDER BY name, id"))
        .bind(id.to_string())
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(from_row).collect()
}

/// The chain from the top of the hierarchy down to (and including) `id`.
pub async fn ancestry(db: &Db, id: PlaceId) -> Result<Vec<Place>, StoreError> {
    let mut chain = Vec::new();
    let mut next = Some(id);
    while let Some(id) = next {
        // A cycle cannot be created through the API, but stop on one anyway.
        if chain.len() > 32 || chain.iter().any(|p: &Place| p.id == id) {
            break;
        }
        let Some(place) = get(db, id).await? else { break };
        next = place.parent_id;
        chain.push(place);
    }
    chain.reverse();
    Ok(chain)
}

/// How many people chose this place as their home: a count, never who.
pub async fn home_count(db: &Db, id: PlaceId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE home_place_id = $1 AND erased_at IS NULL")
        .bind(id.to_string())
        .fetch_one(db.reader())
        .await?)
}

/// The node at a glance, for its admins.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct NodeCounts {
    pub people: i64,
    pub places: i64,
    pub groups: i64,
}

pub async fn node_counts(db: &Db) -> Result<NodeCounts, StoreError> {
    let (people, places, groups): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM people WHERE erased_at IS NULL),
                (SELECT COUNT(*) FROM places),
                (SELECT COUNT(*) FROM groups)",
    )
    .fetch_one(db.reader())
    .await?;
    Ok(NodeCounts { people, places, groups })
}

/// The node's own record, written by `plural init`.
pub async fn node_name(db: &Db) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT name FROM node WHERE id = 1").fetch_optional(db.reader()).await?)
}

pub async fn set_node_name(db: &Db, name: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO node (id, name, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
    )
    .bind(name)
    .bind(crate::now())
    .execute(db.writer())
    .await?;
    Ok(())
}
