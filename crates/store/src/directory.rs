//! The directory of services, modelled on Open Referral HSDS 3.0: services of
//! groups (HSDS organizations), their locations, opening hours, costs,
//! languages, service areas and taxonomy terms.
//!
//! A service is written whole: creating or editing one replaces its parts in
//! one transaction, so a reader never sees half a service.

use plural_kernel::{GroupId, PersonId, PlaceId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row};

use crate::bulk::Rows;
use crate::db::{Db, StoreError};

/// The taxonomy the node ships with (inserted by migration 0002).
pub const DEFAULT_TAXONOMY_ID: &str = "6c8e1f2a-5b7d-4c3e-9a10-000000000000";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("directory {what}"))
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy {
    pub id: String,
    pub name: String,
    pub description: String,
    pub uri: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub id: String,
    pub taxonomy_id: String,
    pub code: String,
    pub name: String,
    pub description: String,
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Phone {
    pub id: String,
    pub number: String,
    pub description: String,
}

/// What the directory adds to a group: its public contact details.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OrgDetails {
    pub website: Option<String>,
    pub email: Option<String>,
    pub phones: Vec<Phone>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Location {
    pub id: String,
    pub group_id: String,
    pub name: String,
    pub address_1: String,
    pub address_2: String,
    pub city: String,
    pub postcode: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub accessibility: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceAtLocation {
    pub id: String,
    pub service_id: String,
    pub location: Location,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Schedule {
    pub id: String,
    /// `WEEKLY`.
    pub freq: String,
    /// RFC 5545 days, comma separated: `MO,WE`.
    pub byday: String,
    /// `HH:MM`.
    pub opens_at: String,
    pub closes_at: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CostOption {
    pub id: String,
    pub free: bool,
    /// In minor units (pence).
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceLanguage {
    pub id: String,
    /// ISO 639-1 code.
    pub code: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceArea {
    pub id: String,
    pub place_id: PlaceId,
}

#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub id: String,
    pub group_id: GroupId,
    pub place_id: PlaceId,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub status: String,
    pub eligibility_description: String,
    /// `YYYY-MM-DD`.
    pub last_reviewed: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub locations: Vec<ServiceAtLocation>,
    pub schedules: Vec<Schedule>,
    pub cost_options: Vec<CostOption>,
    pub languages: Vec<ServiceLanguage>,
    pub areas: Vec<ServiceArea>,
    pub term_ids: Vec<String>,
}

/// A service as written (already checked by the caller).
#[derive(Debug, Clone, Default)]
pub struct ServiceWrite {
    pub place_id: Option<PlaceId>,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub status: String,
    pub eligibility_description: String,
    pub last_reviewed: Option<String>,
    /// Where it is offered, in order (ids are ignored).
    pub locations: Vec<Location>,
    pub schedules: Vec<Schedule>,
    /// Free, or each price it has (ids are ignored).
    pub cost_options: Vec<CostOption>,
    pub languages: Vec<String>,
    pub term_ids: Vec<String>,
}

// Taxonomies.

fn term_from_row(r: &AnyRow) -> Result<Term, StoreError> {
    Ok(Term {
        id: r.try_get("id")?,
        taxonomy_id: r.try_get("taxonomy_id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        parent_id: r.try_get("parent_id")?,
    })
}

fn taxonomy_from_row(r: &AnyRow) -> Result<Taxonomy, StoreError> {
    Ok(Taxonomy {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        uri: r.try_get("uri")?,
        version: r.try_get("version")?,
    })
}

pub async fn taxonomies(db: &Db) -> Result<Vec<Taxonomy>, StoreError> {
    let rows = sqlx::query("SELECT id, name, description, uri, version FROM directory_taxonomies ORDER BY name, id")
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(taxonomy_from_row).collect()
}

pub async fn taxonomy(db: &Db, id: &str) -> Result<Option<Taxonomy>, StoreError> {
    let row = sqlx::query("SELECT id, name, description, uri, version FROM directory_taxonomies WHERE id = $1")
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(taxonomy_from_row).transpose()
}

const TERM_COLUMNS: &str = "id, taxonomy_id, code, name, description, parent_id";

/// Every term, in the order the taxonomy lists them.
pub async fn terms(db: &Db) -> Result<Vec<Term>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {TERM_COLUMNS} FROM directory_taxonomy_terms ORDER BY taxonomy_id, position, name, id"
    ))
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(term_from_row).collect()
}

pub async fn term(db: &Db, id: &str) -> Result<Option<Term>, StoreError> {
    let row = sqlx::query(&format!("SELECT {TERM_COLUMNS} FROM directory_taxonomy_terms WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(term_from_row).transpose()
}

// Organisations.

pub async fn org_details(db: &Db, group: GroupId) -> Result<OrgDetails, StoreError> {
    Ok(org_details_of(db, &[group]).await?.remove(&group).unwrap_or_default())
}

/// The public contact details of these groups, in two queries however many
/// (a page of services names many organisations). A group without any has
/// empty details.
pub async fn org_details_of(
    db: &Db,
    groups: &[GroupId],
) -> Result<std::collections::HashMap<GroupId, OrgDetails>, StoreError> {
    let mut out: std::collections::HashMap<GroupId, OrgDetails> =
        groups.iter().map(|g| (*g, OrgDetails::default())).collect();
    if groups.is_empty() {
        return Ok(out);
    }
    let ids: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
    let list = crate::placeholders(1, ids.len());
    let group_of = |r: &AnyRow| -> Result<GroupId, StoreError> {
        r.try_get::<String, _>("group_id")?.parse().map_err(|_| corrupt("group id"))
    };
    let sql = format!("SELECT group_id, website, email FROM directory_org_details WHERE group_id IN ({list})");
    for r in parts_of(db.reader(), &sql, &ids).await? {
        let d = out.entry(group_of(&r)?).or_default();
        d.website = r.try_get("website")?;
        d.email = r.try_get("email")?;
    }
    let sql = format!(
        "SELECT group_id, id, number, description FROM directory_phones WHERE group_id IN ({list}) ORDER BY id"
    );
    for r in parts_of(db.reader(), &sql, &ids).await? {
        out.entry(group_of(&r)?).or_default().phones.push(Phone {
            id: r.try_get("id")?,
            number: r.try_get("number")?,
            description: r.try_get("description")?,
        });
    }
    Ok(out)
}

/// Replace a group's public contact details.
pub async fn set_org_details(db: &Db, group: GroupId, d: &OrgDetails) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM directory_org_details WHERE group_id = $1")
        .bind(group.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM directory_phones WHERE group_id = $1").bind(group.to_string()).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO directory_org_details (group_id, website, email, updated_at) VALUES ($1, $2, $3, $4)")
        .bind(group.to_string())
        .bind(d.website.as_deref())
        .bind(d.email.as_deref())
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
    for p in &d.phones {
        sqlx::query("INSERT INTO directory_phones (id, group_id, number, description) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(group.to_string())
            .bind(&p.number)
            .bind(&p.description)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ids of the groups that publish at least one service, and how many there
/// are in all. `directory_publishers` (kept by triggers, migration 0032)
/// holds one row for each: counting distinct groups over every service on
/// each page read the whole services table.
pub async fn organisation_ids(db: &Db, limit: i64, offset: i64) -> Result<(Vec<GroupId>, i64), StoreError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM directory_publishers").fetch_one(db.reader()).await?;
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT g.id FROM groups g JOIN directory_publishers p ON p.group_id = g.id
         ORDER BY g.name, g.id LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(db.reader())
    .await?;
    let ids = ids.iter().map(|i| i.parse().map_err(|_| corrupt("group id"))).collect::<Result<_, _>>()?;
    Ok((ids, total))
}

// Services.

/// Which services to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only services in (or serving) one of these places; empty: anywhere.
    pub place_ids: Vec<PlaceId>,
    pub group_id: Option<GroupId>,
    pub term_id: Option<String>,
    pub taxonomy_id: Option<String>,
    /// Words to find in the name or description (case-insensitive).
    pub search: Option<String>,
    /// Unix seconds.
    pub modified_after: Option<i64>,
    /// A postcode district (outward code, `SE15`): only services at a location in it.
    pub postcode_district: Option<String>,
    /// Only services at a location within this many kilometres of the point.
    pub near: Option<(plural_kernel::search::Point, f64)>,
}

/// The WHERE clause for services aliased `s`. With `location`, the alias of a
/// joined location the postcode applies to; without, any of the service's.
fn where_clause(engine: crate::Engine, f: &Filter, location: Option<&str>) -> (String, Vec<String>, Option<i64>) {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    if !f.place_ids.is_empty() {
        let list: Vec<String> = f.place_ids.iter().map(|_| next()).collect();
        let again: Vec<String> = f.place_ids.iter().map(|_| next()).collect();
        clauses.push(format!(
            "(s.place_id IN ({}) OR EXISTS (SELECT 1 FROM directory_service_areas a WHERE a.service_id = s.id AND a.place_id IN ({})))",
            list.join(", "),
            again.join(", ")
        ));
        binds.extend(f.place_ids.iter().map(|p| p.to_string()));
        binds.extend(f.place_ids.iter().map(|p| p.to_string()));
    }
    if let Some(g) = f.group_id {
        clauses.push(format!("s.group_id = {}", next()));
        binds.push(g.to_string());
    }
    if let Some(t) = &f.term_id {
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM directory_service_terms st WHERE st.service_id = s.id AND st.term_id = {})",
            next()
        ));
        binds.push(t.clone());
    }
    if let Some(t) = &f.taxonomy_id {
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM directory_service_terms st JOIN directory_taxonomy_terms tt ON tt.id = st.term_id
             WHERE st.service_id = s.id AND tt.taxonomy_id = {})",
            next()
        ));
        binds.push(t.clone());
    }
    if let Some(q) = &f.search {
        // Full text, stemmed, through the search index (migration 0006).
        let words = plural_kernel::search::words(q);
        if !words.is_empty() {
            let text = crate::dialect::text_search(engine);
            let matches = text.matches.replace("$1", &next());
            clauses.push(format!("s.id IN (SELECT d.id FROM {} WHERE d.kind = 'service' AND {matches})", text.from));
            binds.push(crate::dialect::text_query(engine, &words));
        }
    }
    if let Some((point, km)) = f.near {
        // Numbers we computed, not input, so they are written into the SQL.
        // A flat-earth distance is exact enough within a city, and portable.
        let (lat0, lat1, lon0, lon1) = plural_kernel::search::bounding_box(point, km);
        let cos = point.lat.to_radians().cos();
        let r = km / 111.195;
        let (lat, lon, cos, r2) = (point.lat, point.lon, cos, r * r);
        let near = |l: &str| {
            format!(
                "({l}.latitude BETWEEN {lat0:.6} AND {lat1:.6} AND {l}.longitude BETWEEN {lon0:.6} AND {lon1:.6}
                  AND ({l}.latitude - {lat:.6}) * ({l}.latitude - {lat:.6})
                    + ({l}.longitude - {lon:.6}) * ({l}.longitude - {lon:.6}) * {cos:.6} * {cos:.6} <= {r2:.9})"
            )
        };
        clauses.push(match location {
            Some(l) => near(l),
            None => format!(
                "EXISTS (SELECT 1 FROM directory_service_at_location x JOIN directory_locations xl ON xl.id = x.location_id
                 WHERE x.service_id = s.id AND {})",
                near("xl")
            ),
        });
    }
    if let Some(district) = &f.postcode_district {
        let a = next();
        let b = next();
        clauses.push(match location {
            Some(l) => format!("({l}.postcode = {a} OR {l}.postcode LIKE {b})"),
            None => format!(
                "EXISTS (SELECT 1 FROM directory_service_at_location x JOIN directory_locations xl ON xl.id = x.location_id
                 WHERE x.service_id = s.id AND (xl.postcode = {a} OR xl.postcode LIKE {b}))"
            ),
        });
        binds.push(district.clone());
        binds.push(format!("{district} %"));
    }
    let modified = f.modified_after;
    if modified.is_some() {
        clauses.push(format!("s.updated_at > {}", next()));
    }
    let sql = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    (sql, binds, modified)
}

/// Service ids matching the filter, by name, and how many match in all.
pub async fn service_ids(db: &Db, f: &Filter, limit: i64, offset: i64) -> Result<(Vec<String>, i64), StoreError> {
    let (sql, binds, modified) = where_clause(db.engine(), f, None);
    let total = matching_total(db, "services", "FROM directory_services s", &sql, &binds, modified).await?;
    let n = binds.len() + usize::from(modified.is_some());
    let list_sql =
        format!("SELECT s.id FROM directory_services s {sql} ORDER BY s.name, s.id LIMIT ${} OFFSET ${}", n + 1, n + 2);
    let mut list = sqlx::query_scalar::<_, String>(&list_sql);
    for b in &binds {
        list = list.bind(b.clone());
    }
    if let Some(m) = modified {
        list = list.bind(m);
    }
    let ids = list.bind(limit).bind(offset).fetch_all(db.reader()).await?;
    Ok((ids, total))
}

/// How many rows of a list match its filter (`sql`, from [`where_clause`]).
/// Unfiltered, the count kept by triggers in `directory_service_count`
/// (`kept`: `services` or `links`; migrations 0031 and 0032) answers:
/// counting every row on each page of a full listing read the whole table.
async fn matching_total(
    db: &Db,
    kept: &'static str,
    from: &str,
    sql: &str,
    binds: &[String],
    modified: Option<i64>,
) -> Result<i64, StoreError> {
    let count_sql = match sql.is_empty() {
        true => format!("SELECT {kept} FROM directory_service_count"),
        false => format!("SELECT COUNT(*) {from} {sql}"),
    };
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for b in binds {
        count = count.bind(b.clone());
    }
    if let Some(m) = modified {
        count = count.bind(m);
    }
    Ok(count.fetch_one(db.reader()).await?)
}

/// Services matching the filter, each with all its parts.
pub async fn services(db: &Db, f: &Filter, limit: i64, offset: i64) -> Result<(Vec<Service>, i64), StoreError> {
    let (ids, total) = service_ids(db, f, limit, offset).await?;
    Ok((services_by_ids(db.reader(), &ids).await?, total))
}

fn location_from_row(r: &AnyRow) -> Result<Location, StoreError> {
    Ok(Location {
        id: r.try_get("id")?,
        group_id: r.try_get("group_id")?,
        name: r.try_get("name")?,
        address_1: r.try_get("address_1")?,
        address_2: r.try_get("address_2")?,
        city: r.try_get("city")?,
        postcode: r.try_get("postcode")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        accessibility: r.try_get("accessibility")?,
    })
}

/// These services with all their parts, in the order of `ids` (unknown ids
/// are left out), in one query per kind of part.
pub async fn services_with_ids(db: &Db, ids: &[String]) -> Result<Vec<Service>, StoreError> {
    services_by_ids(db.reader(), ids).await
}

/// One service with all its parts.
pub async fn service(db: &Db, id: &str) -> Result<Option<Service>, StoreError> {
    service_on(db.reader(), id).await
}

async fn service_on(pool: &sqlx::AnyPool, id: &str) -> Result<Option<Service>, StoreError> {
    Ok(services_by_ids(pool, &[id.to_string()]).await?.pop())
}

/// Rows of one of a service's parts for many services at once, by service id.
async fn parts_of(pool: &sqlx::AnyPool, sql: &str, ids: &[String]) -> Result<Vec<AnyRow>, StoreError> {
    let mut q = sqlx::query(sql);
    for id in ids {
        q = q.bind(id.clone());
    }
    Ok(q.fetch_all(pool).await?)
}

/// Services with all their parts, in the order of `ids` (unknown ids are left
/// out): one query per kind of part, however many services, so a page of them
/// costs a handful of queries rather than several per service.
async fn services_by_ids(pool: &sqlx::AnyPool, ids: &[String]) -> Result<Vec<Service>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = crate::placeholders(1, ids.len());
    let mut out: Vec<Service> = Vec::with_capacity(ids.len());
    for r in parts_of(
        pool,
        &format!(
            "SELECT id, group_id, place_id, name, description, url, email, status, eligibility_description,
                    last_reviewed, created_at, updated_at FROM directory_services WHERE id IN ({list})"
        ),
        ids,
    )
    .await?
    {
        out.push(Service {
            id: r.try_get("id")?,
            group_id: r.try_get::<String, _>("group_id")?.parse().map_err(|_| corrupt("group id"))?,
            place_id: r.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place id"))?,
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            url: r.try_get("url")?,
            email: r.try_get("email")?,
            status: r.try_get("status")?,
            eligibility_description: r.try_get("eligibility_description")?,
            last_reviewed: r.try_get("last_reviewed")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
            locations: Vec::new(),
            schedules: Vec::new(),
            cost_options: Vec::new(),
            languages: Vec::new(),
            areas: Vec::new(),
            term_ids: Vec::new(),
        });
    }
    let wanted: std::collections::HashMap<&str, usize> =
        ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    out.sort_by_key(|s| wanted.get(s.id.as_str()).copied());
    let index: std::collections::HashMap<String, usize> =
        out.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
    let owner = |r: &AnyRow| -> Result<Option<usize>, StoreError> {
        Ok(index.get(&r.try_get::<String, _>("service_id")?).copied())
    };
    let mut at = Vec::new();
    for r in parts_of(
        pool,
        &format!(
            "SELECT sal.service_id, sal.id AS sal_id, l.id, l.group_id, l.name, l.address_1, l.address_2, l.city,
                    l.postcode, l.latitude, l.longitude, l.accessibility
             FROM directory_service_at_location sal JOIN directory_locations l ON l.id = sal.location_id
             WHERE sal.service_id IN ({list}) ORDER BY sal.id"
        ),
        ids,
    )
    .await?
    {
        if let Some(i) = owner(&r)? {
            let service_id = out[i].id.clone();
            at.push((i, ServiceAtLocation { id: r.try_get("sal_id")?, service_id, location: location_from_row(&r)? }));
        }
    }
    for (i, sal) in at {
        out[i].locations.push(sal);
    }
    for r in parts_of(
        pool,
        &format!(
            "SELECT service_id, id, freq, byday, opens_at, closes_at, description FROM directory_schedules
             WHERE service_id IN ({list}) ORDER BY id"
        ),
        ids,
    )
    .await?
    {
        if let Some(i) = owner(&r)? {
            out[i].schedules.push(Schedule {
                id: r.try_get("id")?,
                freq: r.try_get("freq")?,
                byday: r.try_get("byday")?,
                opens_at: r.try_get("opens_at")?,
                closes_at: r.try_get("closes_at")?,
                description: r.try_get("description")?,
            });
        }
    }
    for r in parts_of(
        pool,
        &format!(
            "SELECT service_id, id, free, amount_minor, currency, description FROM directory_cost_options
             WHERE service_id IN ({list}) ORDER BY id"
        ),
        ids,
    )
    .await?
    {
        if let Some(i) = owner(&r)? {
            out[i].cost_options.push(CostOption {
                id: r.try_get("id")?,
                free: r.try_get::<i64, _>("free")? != 0,
                amount_minor: r.try_get("amount_minor")?,
                currency: r.try_get("currency")?,
                description: r.try_get("description")?,
            });
        }
    }
    for r in parts_of(
        pool,
        &format!("SELECT service_id, id, code FROM directory_languages WHERE service_id IN ({list}) ORDER BY id"),
        ids,
    )
    .await?
    {
        if let Some(i) = owner(&r)? {
            out[i].languages.push(ServiceLanguage { id: r.try_get("id")?, code: r.try_get("code")? });
        }
    }
    for r in parts_of(
        pool,
        &format!(
            "SELECT service_id, id, place_id FROM directory_service_areas WHERE service_id IN ({list}) ORDER BY id"
        ),
        ids,
    )
    .await?
    {
        if let Some(i) = owner(&r)? {
            out[i].areas.push(ServiceArea {
                id: r.try_get("id")?,
                place_id: r.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("area place"))?,
            });
        }
    }
    for r in parts_of(
        pool,
        &format!(
            "SELECT st.service_id, st.term_id FROM directory_service_terms st
             JOIN directory_taxonomy_terms t ON t.id = st.term_id
             WHERE st.service_id IN ({list}) ORDER BY t.position, t.name"
        ),
        ids,
    )
    .await?
    {
        if let Some(i) = owner(&r)? {
            out[i].term_ids.push(r.try_get("term_id")?);
        }
    }
    Ok(out)
}

/// A service as a line on a place's home: only what the line shows.
#[derive(Debug, Clone, Serialize)]
pub struct NewService {
    pub id: String,
    pub name: String,
    pub place_id: PlaceId,
    pub group_name: String,
    /// `YYYY-MM-DD`.
    pub last_reviewed: Option<String>,
    pub created_at: i64,
    /// Names of its taxonomy terms, in taxonomy order.
    pub terms: Vec<String>,
}

/// The most recently added active services in these places, newest first.
/// Each place is asked for its own newest few through the index on
/// (place_id, status, created_at), so the cost does not grow with how many
/// services a place has: two queries in all.
pub async fn newest_in(db: &Db, place_ids: &[PlaceId], limit: i64) -> Result<Vec<NewService>, StoreError> {
    if place_ids.is_empty() {
        return Ok(Vec::new());
    }
    let per_place: Vec<String> = (1..=place_ids.len())
        .map(|i| {
            format!(
                "SELECT * FROM (SELECT id, name, place_id, group_id, last_reviewed, created_at FROM directory_services
                 WHERE place_id = ${i} AND status = 'active' ORDER BY created_at DESC, id DESC LIMIT ${}) p{i}",
                place_ids.len() + 1
            )
        })
        .collect();
    let sql = format!(
        "SELECT n.id, n.name, n.place_id, g.name AS group_name, n.last_reviewed, n.created_at
         FROM ({}) n JOIN groups g ON g.id = n.group_id ORDER BY n.created_at DESC, n.id DESC LIMIT ${}",
        per_place.join(" UNION ALL "),
        place_ids.len() + 1
    );
    let mut q = sqlx::query(&sql);
    for p in place_ids {
        q = q.bind(p.to_string());
    }
    let mut out = Vec::new();
    for r in q.bind(limit).fetch_all(db.reader()).await? {
        out.push(NewService {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            place_id: r.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place id"))?,
            group_name: r.try_get("group_name")?,
            last_reviewed: r.try_get("last_reviewed")?,
            created_at: r.try_get("created_at")?,
            terms: Vec::new(),
        });
    }
    let ids: Vec<String> = out.iter().map(|s| s.id.clone()).collect();
    if ids.is_empty() {
        return Ok(out);
    }
    let terms = parts_of(
        db.reader(),
        &format!(
            "SELECT st.service_id, t.name FROM directory_service_terms st
             JOIN directory_taxonomy_terms t ON t.id = st.term_id
             WHERE st.service_id IN ({}) ORDER BY t.position, t.name",
            crate::placeholders(1, ids.len())
        ),
        &ids,
    )
    .await?;
    for r in terms {
        let service: String = r.try_get("service_id")?;
        if let Some(s) = out.iter_mut().find(|s| s.id == service) {
            s.terms.push(r.try_get("name")?);
        }
    }
    Ok(out)
}

/// Create a service with all its parts, in one transaction.
pub async fn create(db: &Db, group: GroupId, by: Option<PersonId>, w: &ServiceWrite) -> Result<String, StoreError> {
    let mut tx = db.begin().await?;
    let id = create_in(&mut tx, group, by, w).await?;
    tx.commit().await?;
    Ok(id)
}

/// Create a service with all its parts inside the caller's transaction
/// (adopting a blueprint writes it together with the rest of the adoption).
pub async fn create_in(
    tx: &mut sqlx::Transaction<'static, Any>,
    group: GroupId,
    by: Option<PersonId>,
    w: &ServiceWrite,
) -> Result<String, StoreError> {
    let place = w.place_id.ok_or_else(|| corrupt("service without a place"))?;
    let id = new_id();
    let now = crate::now();
    sqlx::query(
        "INSERT INTO directory_services (id, group_id, place_id, name, description, url, email, status,
             eligibility_description, last_reviewed, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
    )
    .bind(&id)
    .bind(group.to_string())
    .bind(place.to_string())
    .bind(&w.name)
    .bind(&w.description)
    .bind(w.url.as_deref())
    .bind(w.email.as_deref())
    .bind(&w.status)
    .bind(&w.eligibility_description)
    .bind(w.last_reviewed.as_deref())
    .bind(by.map(|p| p.to_string()))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    write_parts(tx, &[Parts { id: &id, group, place, write: w, existing_locations: &[] }]).await?;
    crate::federation::service_changed(tx, &id).await?;
    Ok(id)
}

/// Replace a service and its parts, in one transaction. Its location keeps its id.
pub async fn update(db: &Db, id: &str, group: GroupId, w: &ServiceWrite) -> Result<(), StoreError> {
    let place = w.place_id.ok_or_else(|| corrupt("service without a place"))?;
    let mut tx = db.begin().await?;
    replace_in(&mut tx, id, group, place, w).await?;
    tx.commit().await?;
    Ok(())
}

/// Replace a stored service's row and parts inside the caller's transaction
/// (the web forms and imports both end here).
pub(crate) async fn replace_in(
    tx: &mut sqlx::Transaction<'static, Any>,
    id: &str,
    group: GroupId,
    place: PlaceId,
    w: &ServiceWrite,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE directory_services SET place_id = $1, name = $2, description = $3, url = $4, email = $5, status = $6,
             eligibility_description = $7, last_reviewed = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(place.to_string())
    .bind(&w.name)
    .bind(&w.description)
    .bind(w.url.as_deref())
    .bind(w.email.as_deref())
    .bind(&w.status)
    .bind(&w.eligibility_description)
    .bind(w.last_reviewed.as_deref())
    .bind(crate::now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    replace_parts(tx, id, group, place, w).await?;
    crate::federation::service_changed(tx, id).await
}

/// Replace the parts of a stored service. Its locations keep their ids, in
/// order, so links to them from elsewhere stay good; locations it no longer
/// has are unlinked from it.
pub(crate) async fn replace_parts(
    tx: &mut sqlx::Transaction<'static, Any>,
    id: &str,
    group: GroupId,
    place: PlaceId,
    w: &ServiceWrite,
) -> Result<(), StoreError> {
    let existing: Vec<String> =
        sqlx::query_scalar("SELECT location_id FROM directory_service_at_location WHERE service_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    for table in [
        "directory_schedules",
        "directory_cost_options",
        "directory_languages",
        "directory_service_areas",
        "directory_service_terms",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE service_id = $1")).bind(id).execute(&mut **tx).await?;
    }
    for gone in existing.iter().skip(w.locations.len()) {
        sqlx::query("DELETE FROM directory_service_at_location WHERE service_id = $1 AND location_id = $2")
            .bind(id)
            .bind(gone)
            .execute(&mut **tx)
            .await?;
    }
    write_parts(tx, &[Parts { id, group, place, write: w, existing_locations: &existing }]).await
}

/// One service's parts to write. `existing_locations` are the ids of the
/// locations it has now, in order: they are updated in place and keep their ids.
pub(crate) struct Parts<'a> {
    pub id: &'a str,
    pub group: GroupId,
    pub place: PlaceId,
    pub write: &'a ServiceWrite,
    pub existing_locations: &'a [String],
}

/// Write the parts of one or many services: every new row of each table goes
/// in with one statement (see [`crate::bulk`]), so an import of thousands of
/// services costs a few statements per organisation, not dozens per service.
pub(crate) async fn write_parts(conn: &mut AnyConnection, services: &[Parts<'_>]) -> Result<(), StoreError> {
    let mut locations = Rows::new(
        "directory_locations",
        &[
            "id",
            "group_id",
            "name",
            "address_1",
            "address_2",
            "city",
            "postcode",
            "latitude",
            "longitude",
            "accessibility",
        ],
    );
    let mut links = Rows::new("directory_service_at_location", &["id", "service_id", "location_id"]);
    let mut schedules = Rows::new(
        "directory_schedules",
        &["id", "service_id", "freq", "byday", "opens_at", "closes_at", "description"],
    );
    let mut costs =
        Rows::new("directory_cost_options", &["id", "service_id", "free", "amount_minor", "currency", "description"]);
    let mut languages = Rows::new("directory_languages", &["id", "service_id", "code"]);
    let mut areas = Rows::new("directory_service_areas", &["id", "service_id", "place_id"]);
    let mut terms = Rows::new("directory_service_terms", &["id", "service_id", "term_id"]);
    for p in services {
        let (id, w) = (p.id, p.write);
        for (i, l) in w.locations.iter().enumerate() {
            match p.existing_locations.get(i) {
                Some(loc) => {
                    // Not kept prepared, for the NULL-float typing reason in `bulk`.
                    sqlx::query(
                        "UPDATE directory_locations SET name = $1, address_1 = $2, address_2 = $3, city = $4,
                             postcode = $5, latitude = $6, longitude = $7, accessibility = $8 WHERE id = $9",
                    )
                    .bind(&l.name)
                    .bind(&l.address_1)
                    .bind(&l.address_2)
                    .bind(&l.city)
                    .bind(&l.postcode)
                    .bind(l.latitude)
                    .bind(l.longitude)
                    .bind(&l.accessibility)
                    .bind(loc)
                    .persistent(false)
                    .execute(&mut *conn)
                    .await?;
                }
                None => {
                    let loc = new_id();
                    locations.push(vec![
                        loc.as_str().into(),
                        p.group.to_string().into(),
                        (&l.name).into(),
                        (&l.address_1).into(),
                        (&l.address_2).into(),
                        (&l.city).into(),
                        (&l.postcode).into(),
                        l.latitude.into(),
                        l.longitude.into(),
                        (&l.accessibility).into(),
                    ]);
                    links.push(vec![new_id().into(), id.into(), loc.into()]);
                }
            }
        }
        for s in &w.schedules {
            schedules.push(vec![
                new_id().into(),
                id.into(),
                (&s.freq).into(),
                (&s.byday).into(),
                (&s.opens_at).into(),
                (&s.closes_at).into(),
                (&s.description).into(),
            ]);
        }
        for c in &w.cost_options {
            costs.push(vec![
                new_id().into(),
                id.into(),
                i64::from(c.free).into(),
                c.amount_minor.into(),
                c.currency.as_deref().into(),
                (&c.description).into(),
            ]);
        }
        for code in &w.languages {
            languages.push(vec![new_id().into(), id.into(), code.into()]);
        }
        areas.push(vec![new_id().into(), id.into(), p.place.to_string().into()]);
        for t in &w.term_ids {
            terms.push(vec![new_id().into(), id.into(), t.into()]);
        }
    }
    // Locations before the links that point at them.
    for rows in [&mut locations, &mut links, &mut schedules, &mut costs, &mut languages, &mut areas, &mut terms] {
        rows.insert(&mut *conn).await?;
    }
    Ok(())
}

/// Record that the service's details were checked today (`YYYY-MM-DD`).
pub async fn mark_reviewed(db: &Db, id: &str, date: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE directory_services SET last_reviewed = $1, updated_at = $2 WHERE id = $3")
        .bind(date)
        .bind(crate::now())
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Service-at-location links whose service matches the filter, by id, and how many match in all.
pub async fn service_at_location_ids(
    db: &Db,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<(String, String)>, i64), StoreError> {
    let (sql, binds, modified) = where_clause(db.engine(), f, Some("l"));
    // Every link has its service and its location (NOT NULL foreign keys),
    // so an unfiltered page needs neither joined: a third of the time.
    let from = match sql.is_empty() {
        true => "FROM directory_service_at_location sal",
        false => {
            "FROM directory_service_at_location sal JOIN directory_services s ON s.id = sal.service_id
             JOIN directory_locations l ON l.id = sal.location_id"
        }
    };
    let total = matching_total(db, "links", from, &sql, &binds, modified).await?;
    let n = binds.len() + usize::from(modified.is_some());
    let list_sql =
        format!("SELECT sal.id, sal.service_id {from} {sql} ORDER BY sal.id LIMIT ${} OFFSET ${}", n + 1, n + 2);
    let mut list = sqlx::query(&list_sql);
    for b in &binds {
        list = list.bind(b.clone());
    }
    if let Some(m) = modified {
        list = list.bind(m);
    }
    let rows = list.bind(limit).bind(offset).fetch_all(db.reader()).await?;
    let ids = rows
        .iter()
        .map(|r| Ok((r.try_get::<String, _>("id")?, r.try_get::<String, _>("service_id")?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok((ids, total))
}

/// The service a service-at-location link belongs to.
pub async fn service_of_link(db: &Db, link: &str) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT service_id FROM directory_service_at_location WHERE id = $1")
        .bind(link)
        .fetch_optional(db.reader())
        .await?)
}
