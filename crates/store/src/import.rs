//! Writing what another directory published (HSDS) into this node's
//! directory. Each organisation, with all its services, is written all or
//! nothing (several to a transaction, each in a savepoint); records keep the
//! id they had in the source, so importing the same data again updates what
//! the last import made instead of copying it.

use plural_kernel::groups::{GroupKind, JoinPolicy};
use plural_kernel::{GroupId, PlaceId};
use std::collections::HashMap;
use std::time::{Duration, Instant};

use sqlx::{Any, Transaction};

use crate::bulk::Rows;
use crate::db::{Db, StoreError};
use crate::directory::Parts;
use crate::directory::{OrgDetails, ServiceWrite, DEFAULT_TAXONOMY_ID};

/// The taxonomy terms from other directories go into when this node's own
/// taxonomy has no term with their code.
pub const IMPORTED_TAXONOMY_ID: &str = "6c8e1f2a-5b7d-4c3e-9a10-0000000000ff";

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A term as the source names it.
#[derive(Debug, Clone)]
pub struct TermImport {
    pub code: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct ServiceImport {
    pub external_id: String,
    /// Terms are resolved (and created if new) when written; `write.term_ids` is ignored.
    pub terms: Vec<TermImport>,
    pub write: ServiceWrite,
}

#[derive(Debug, Clone)]
pub struct OrgImport {
    pub external_id: String,
    pub place_id: PlaceId,
    pub name: String,
    pub description: String,
    pub kind: GroupKind,
    pub details: OrgDetails,
    pub services: Vec<ServiceImport>,
}

/// What one organisation's import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub group_id: String,
    pub group_created: bool,
    pub services_created: usize,
    pub services_updated: usize,
}

async fn mapped(tx: &mut Transaction<'static, Any>, kind: &str, external: &str) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT local_id FROM import_external_ids WHERE kind = $1 AND external_id = $2")
        .bind(kind)
        .bind(external)
        .fetch_optional(&mut **tx)
        .await?)
}

/// The services of `group` an earlier import made, by their source ids.
async fn mapped_services(
    tx: &mut Transaction<'static, Any>,
    group: &str,
    external: &[&str],
) -> Result<HashMap<String, String>, StoreError> {
    let mut found = HashMap::new();
    for chunk in external.chunks(1000) {
        let sql = format!(
            "SELECT m.external_id, m.local_id FROM import_external_ids m
             JOIN directory_services s ON s.id = m.local_id AND s.group_id = $1
             WHERE m.kind = 'service' AND m.external_id IN ({})",
            crate::placeholders(2, chunk.len())
        );
        let mut q = sqlx::query_as::<_, (String, String)>(&sql).persistent(false).bind(group);
        for e in chunk {
            q = q.bind(*e);
        }
        found.extend(q.fetch_all(&mut **tx).await?);
    }
    Ok(found)
}

async fn map(tx: &mut Transaction<'static, Any>, kind: &str, external: &str, local: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO import_external_ids (kind, external_id, local_id, imported_at) VALUES ($1, $2, $3, $4)")
        .bind(kind)
        .bind(external)
        .bind(local)
        .bind(crate::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A slug no group has yet, made from the name.
async fn free_slug(tx: &mut Transaction<'static, Any>, name: &str) -> Result<String, StoreError> {
    let mut base: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    base.truncate(50);
    let base = base.trim_end_matches('-').to_string();
    let base = if base.len() < 3 { format!("group-{base}") } else { base };
    for n in 0..1000 {
        let candidate = if n == 0 { base.clone() } else { format!("{base}-{}", n + 1) };
        let taken: Option<String> = sqlx::query_scalar("SELECT id FROM groups WHERE slug = $1")
            .bind(&candidate)
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_none() {
            return Ok(candidate);
        }
    }
    Ok(format!("{base}-{}", &new_id()[..8]))
}

async fn term_id(tx: &mut Transaction<'static, Any>, t: &TermImport) -> Result<String, StoreError> {
    for taxonomy in [DEFAULT_TAXONOMY_ID, IMPORTED_TAXONOMY_ID] {
        let found: Option<String> =
            sqlx::query_scalar("SELECT id FROM directory_taxonomy_terms WHERE taxonomy_id = $1 AND code = $2")
                .bind(taxonomy)
                .bind(&t.code)
                .fetch_optional(&mut **tx)
                .await?;
        if let Some(id) = found {
            return Ok(id);
        }
    }
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM directory_taxonomies WHERE id = $1")
        .bind(IMPORTED_TAXONOMY_ID)
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_none() {
        sqlx::query(
            "INSERT INTO directory_taxonomies (id, name, description, uri, version) VALUES ($1, $2, $3, NULL, NULL)",
        )
        .bind(IMPORTED_TAXONOMY_ID)
        .bind("Imported")
        .bind("Categories that came with services imported from other directories.")
        .execute(&mut **tx)
        .await?;
    }
    let id = new_id();
    sqlx::query(
        "INSERT INTO directory_taxonomy_terms (id, taxonomy_id, code, name, description, parent_id, position)
         VALUES ($1, $2, $3, $4, $5, NULL, 0)",
    )
    .bind(&id)
    .bind(IMPORTED_TAXONOMY_ID)
    .bind(&t.code)
    .bind(&t.name)
    .bind(&t.description)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// How long one transaction of an import goes on taking organisations.
/// Each commit writes every page it changed to SQLite's log, and an
/// organisation's services change much the same index pages as the next
/// one's: committing once per organisation made an import of 100,000
/// services make 3 million writes to the log. The writer is held for this
/// long at most, so a live node's own writes wait no longer than that.
const BATCH: Duration = Duration::from_millis(300);

/// An import's transaction. Its foreign keys are checked when it commits:
/// new services' parts go in before the services (see [`organisation_in`]).
/// On PostgreSQL the commit does not wait for the disk, as each wait took 3
/// to 4 ms; call [`settle`] once the last organisation is written, before
/// reporting the import done.
async fn begin(db: &Db) -> Result<Transaction<'static, Any>, StoreError> {
    let mut tx = db.begin_deferred().await?;
    if db.engine() == crate::Engine::Postgres {
        sqlx::query("SET LOCAL synchronous_commit = off").execute(&mut *tx).await?;
    }
    Ok(tx)
}

/// Write one organisation and its services, all or nothing, in a
/// transaction of its own.
async fn organisation(db: &Db, o: &OrgImport) -> Result<Outcome, StoreError> {
    let mut tx = begin(db).await?;
    let out = organisation_in(&mut tx, o).await?;
    tx.commit().await?;
    Ok(out)
}

/// Write organisations in order, each all or nothing: one result for each.
/// Several go in one transaction (for up to [`BATCH`]), each inside a
/// savepoint, so one refused by the database leaves the others in. Should
/// the commit itself fail (a foreign key checked only then), that batch's
/// organisations are written again one per transaction, so only the one at
/// fault is refused. `written` is called after each organisation.
pub async fn organisations(
    db: &Db,
    orgs: &[&OrgImport],
    mut written: impl FnMut(&OrgImport),
) -> Result<Vec<Result<Outcome, StoreError>>, StoreError> {
    let mut results = Vec::with_capacity(orgs.len());
    let mut start = 0;
    while start < orgs.len() {
        let mut tx = begin(db).await?;
        let began = Instant::now();
        let mut batch = Vec::new();
        for o in &orgs[start..] {
            if !batch.is_empty() && began.elapsed() >= BATCH {
                break;
            }
            sqlx::query("SAVEPOINT organisation").execute(&mut *tx).await?;
            let out = organisation_in(&mut tx, o).await;
            if out.is_err() {
                sqlx::query("ROLLBACK TO SAVEPOINT organisation").execute(&mut *tx).await?;
            }
            sqlx::query("RELEASE SAVEPOINT organisation").execute(&mut *tx).await?;
            batch.push(out);
            written(o);
        }
        let end = start + batch.len();
        match tx.commit().await {
            Ok(()) => results.extend(batch),
            Err(_) if batch.len() > 1 => {
                for o in &orgs[start..end] {
                    results.push(organisation(db, o).await);
                }
            }
            Err(e) => results.push(Err(e.into())),
        }
        start = end;
    }
    Ok(results)
}

/// Write one organisation and its services inside the caller's transaction.
async fn organisation_in(tx: &mut Transaction<'static, Any>, o: &OrgImport) -> Result<Outcome, StoreError> {
    let now = crate::now();
    let mut out = Outcome::default();
    let existing = match mapped(tx, "organization", &o.external_id).await? {
        Some(id) => {
            let still: Option<String> =
                sqlx::query_scalar("SELECT id FROM groups WHERE id = $1").bind(&id).fetch_optional(&mut **tx).await?;
            if still.is_none() {
                sqlx::query("DELETE FROM import_external_ids WHERE kind = 'organization' AND external_id = $1")
                    .bind(&o.external_id)
                    .execute(&mut **tx)
                    .await?;
            }
            still
        }
        None => None,
    };
    let group_id = match existing {
        Some(id) => {
            sqlx::query("UPDATE groups SET name = $1, description = $2, updated_at = $3 WHERE id = $4")
                .bind(&o.name)
                .bind(&o.description)
                .bind(now)
                .bind(&id)
                .execute(&mut **tx)
                .await?;
            id
        }
        None => {
            let id = GroupId::new().to_string();
            let slug = free_slug(tx, &o.name).await?;
            sqlx::query(
                "INSERT INTO groups (id, place_id, slug, name, description, kind, join_policy, created_by, created_at,
                     updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $8)",
            )
            .bind(&id)
            .bind(o.place_id.to_string())
            .bind(&slug)
            .bind(&o.name)
            .bind(&o.description)
            .bind(o.kind.as_str())
            .bind(JoinPolicy::Approval.as_str())
            .bind(now)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "INSERT INTO group_events (id, group_id, person_id, kind, detail, at) VALUES ($1, $2, NULL, $3, $4, $5)",
            )
            .bind(new_id())
            .bind(&id)
            .bind("created")
            .bind("imported")
            .bind(now)
            .execute(&mut **tx)
            .await?;
            map(tx, "organization", &o.external_id, &id).await?;
            out.group_created = true;
            id
        }
    };
    let group: GroupId = group_id.parse().map_err(|_| StoreError::Corrupt("imported group id".into()))?;

    sqlx::query("DELETE FROM directory_org_details WHERE group_id = $1").bind(&group_id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM directory_phones WHERE group_id = $1").bind(&group_id).execute(&mut **tx).await?;
    sqlx::query("INSERT INTO directory_org_details (group_id, website, email, updated_at) VALUES ($1, $2, $3, $4)")
        .bind(&group_id)
        .bind(o.details.website.as_deref())
        .bind(o.details.email.as_deref())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    for p in &o.details.phones {
        sqlx::query("INSERT INTO directory_phones (id, group_id, number, description) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(&group_id)
            .bind(&p.number)
            .bind(&p.description)
            .execute(&mut **tx)
            .await?;
    }

    // Terms resolved once per code, and which services an earlier import
    // made (still in this group), in one query for the organisation.
    let mut terms: HashMap<String, String> = HashMap::new();
    // A group made just now holds no services yet: nothing to look up.
    let known = match out.group_created {
        true => HashMap::new(),
        false => {
            let external: Vec<&str> = o.services.iter().map(|s| s.external_id.as_str()).collect();
            mapped_services(tx, &group_id, &external).await?
        }
    };
    let mut new_services = Vec::new();
    for s in &o.services {
        let mut w = s.write.clone();
        let place = w.place_id.unwrap_or(o.place_id);
        w.place_id = Some(place);
        w.term_ids = Vec::new();
        for t in &s.terms {
            let id = match terms.get(&t.code) {
                Some(id) => id.clone(),
                None => {
                    let id = term_id(tx, t).await?;
                    terms.insert(t.code.clone(), id.clone());
                    id
                }
            };
            if !w.term_ids.contains(&id) {
                w.term_ids.push(id);
            }
        }
        match known.get(&s.external_id) {
            Some(id) => {
                crate::directory::replace_in(tx, id, group, place, &w).await?;
                out.services_updated += 1;
            }
            None => new_services.push((new_id(), s.external_id.as_str(), place, w)),
        }
    }

    // New services go in together: the rows, their parts, their source ids.
    let mut rows = Rows::new(
        "directory_services",
        &[
            "id",
            "group_id",
            "place_id",
            "name",
            "description",
            "url",
            "email",
            "status",
            "eligibility_description",
            "last_reviewed",
            "created_at",
            "updated_at",
        ],
    );
    // A source id may still point at a service deleted since, or one in
    // another group: it points at the new service now.
    let mut ids = Rows::new("import_external_ids", &["kind", "external_id", "local_id", "imported_at"]).on_conflict(
        "(kind, external_id) DO UPDATE SET local_id = excluded.local_id, imported_at = excluded.imported_at",
    );
    for (id, external, place, w) in &new_services {
        rows.push(vec![
            id.into(),
            group_id.as_str().into(),
            place.to_string().into(),
            (&w.name).into(),
            (&w.description).into(),
            w.url.as_deref().into(),
            w.email.as_deref().into(),
            (&w.status).into(),
            (&w.eligibility_description).into(),
            w.last_reviewed.as_deref().into(),
            now.into(),
            now.into(),
        ]);
        ids.push(vec!["service".into(), (*external).into(), id.into(), now.into()]);
    }
    // Parts first, so each service enters search with its point in one write.
    let parts: Vec<Parts> = new_services
        .iter()
        .map(|(id, _, place, w)| Parts { id, group, place: *place, write: w, existing_locations: &[] })
        .collect();
    crate::directory::write_parts(tx, &parts).await?;
    rows.insert(tx).await?;
    ids.insert(tx).await?;
    out.services_created += new_services.len();
    out.group_id = group_id;
    Ok(out)
}

/// Wait until every organisation [`organisation`] wrote is on disk. On
/// PostgreSQL, one ordinary commit that writes a log record (taking a
/// transaction id does) waits for the log up to it, and so for every
/// earlier asynchronous commit too. SQLite's commits are already as
/// durable as they will be.
pub async fn settle(db: &Db) -> Result<(), StoreError> {
    if db.engine() == crate::Engine::Postgres {
        let mut tx = db.begin().await?;
        sqlx::query("SELECT txid_current()").execute(&mut *tx).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// An event from an iCalendar source, checked, with its per-occurrence changes.
#[derive(Debug, Clone)]
pub struct EventImport {
    /// The source's UID, scoped by the caller (a UID is unique only within its publisher).
    pub external_id: String,
    pub group_id: GroupId,
    pub place_id: PlaceId,
    pub details: plural_kernel::events::EventDetails,
    pub status: plural_kernel::events::EventStatus,
    pub overrides: Vec<crate::events::Override>,
    /// A hash of everything above: equal means nothing to write.
    pub fingerprint: String,
    /// The subscription it came from, if any.
    pub source: Option<String>,
    pub by: Option<plural_kernel::PersonId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    Created,
    Updated,
    Unchanged,
}

const EVENT_KIND: &str = "ical-event";

/// Write one imported event with its overrides, all or nothing. An event
/// that was imported before is updated in place (its RSVPs stay); one whose
/// fingerprint is unchanged is not touched, so local edits survive until
/// the source itself changes.
pub async fn event(db: &Db, e: &EventImport) -> Result<EventOutcome, StoreError> {
    let mut tx = db.begin().await?;
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT m.local_id, m.fingerprint FROM import_external_ids m JOIN events ev ON ev.id = m.local_id
         WHERE m.kind = $1 AND m.external_id = $2",
    )
    .bind(EVENT_KIND)
    .bind(&e.external_id)
    .fetch_optional(&mut *tx)
    .await?;
    let outcome = match row {
        Some((_, Some(fp))) if fp == e.fingerprint => {
            if let Some(source) = &e.source {
                sqlx::query("UPDATE import_external_ids SET source = $1 WHERE kind = $2 AND external_id = $3")
                    .bind(source)
                    .bind(EVENT_KIND)
                    .bind(&e.external_id)
                    .execute(&mut *tx)
                    .await?;
            }
            EventOutcome::Unchanged
        }
        Some((id, _)) => {
            let id: plural_kernel::EventId = id.parse().map_err(|_| StoreError::Corrupt("imported event id".into()))?;
            crate::events::update_in(&mut tx, id, &e.details, e.status).await?;
            crate::events::clear_overrides_in(&mut tx, id).await?;
            for o in &e.overrides {
                crate::events::set_override_in(&mut tx, id, o).await?;
            }
            sqlx::query(
                "UPDATE import_external_ids SET fingerprint = $1, source = COALESCE($2, source), imported_at = $3
                 WHERE kind = $4 AND external_id = $5",
            )
            .bind(&e.fingerprint)
            .bind(e.source.as_deref())
            .bind(crate::now())
            .bind(EVENT_KIND)
            .bind(&e.external_id)
            .execute(&mut *tx)
            .await?;
            EventOutcome::Updated
        }
        None => {
            let id = crate::events::insert_in(&mut tx, e.group_id, e.place_id, &e.details, e.status, e.by).await?;
            for o in &e.overrides {
                crate::events::set_override_in(&mut tx, id, o).await?;
            }
            // A mapping left by an event deleted here since: the source's event comes back as new.
            sqlx::query("DELETE FROM import_external_ids WHERE kind = $1 AND external_id = $2")
                .bind(EVENT_KIND)
                .bind(&e.external_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO import_external_ids (kind, external_id, local_id, imported_at, source, fingerprint)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(EVENT_KIND)
            .bind(&e.external_id)
            .bind(id.to_string())
            .bind(crate::now())
            .bind(e.source.as_deref())
            .bind(&e.fingerprint)
            .execute(&mut *tx)
            .await?;
            EventOutcome::Created
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Cancel the events a subscription brought that its feed no longer lists
/// (`seen`: the external ids it lists now). Returns how many were cancelled.
/// Their fingerprint is forgotten, so an event that comes back is published again.
pub async fn cancel_missing(db: &Db, source: &str, seen: &[String]) -> Result<usize, StoreError> {
    let mut tx = db.begin().await?;
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT m.external_id, m.local_id, ev.status FROM import_external_ids m JOIN events ev ON ev.id = m.local_id
         WHERE m.kind = $1 AND m.source = $2",
    )
    .bind(EVENT_KIND)
    .bind(source)
    .fetch_all(&mut *tx)
    .await?;
    let seen: std::collections::HashSet<&str> = seen.iter().map(String::as_str).collect();
    let mut cancelled = 0;
    for (external, local, status) in rows {
        if seen.contains(external.as_str()) {
            continue;
        }
        sqlx::query("UPDATE import_external_ids SET fingerprint = NULL WHERE kind = $1 AND external_id = $2")
            .bind(EVENT_KIND)
            .bind(&external)
            .execute(&mut *tx)
            .await?;
        if status != plural_kernel::events::EventStatus::Cancelled.as_str() {
            let id: plural_kernel::EventId =
                local.parse().map_err(|_| StoreError::Corrupt("imported event id".into()))?;
            crate::events::set_status_in(&mut tx, id, plural_kernel::events::EventStatus::Cancelled).await?;
            cancelled += 1;
        }
    }
    tx.commit().await?;
    Ok(cancelled)
}
