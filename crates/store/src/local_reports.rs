//! Local reports, their confirmations ("me too") and photos. The reporter
//! is stored so they can see their own reports; no statement here returns
//! who reported to anyone else (`Report::yours` says only whether the
//! caller did).

use plural_kernel::local_reports::{Category, Checked, Status};
use plural_kernel::{PersonId, PlaceId};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{Db, StoreError};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("local report {what}"))
}

#[derive(Debug, Clone)]
pub struct Report {
    pub id: String,
    pub place_id: PlaceId,
    pub place_slug: String,
    pub place_name: String,
    /// The place within, if one was chosen (slug and name).
    pub area_slug: String,
    pub area_name: String,
    pub category: Category,
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub status: Status,
    pub status_note: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub confirmations: i64,
    pub has_photo: bool,
    /// Whether the person asking reported it.
    pub yours: bool,
    /// Whether the person asking confirmed it.
    pub confirmed: bool,
}

/// `$1` is the person asking ('' for nobody).
const QUERY: &str = "SELECT r.id, r.place_id, pl.slug AS place_slug, pl.name AS place_name,
    COALESCE(a.slug, '') AS area_slug, COALESCE(a.name, '') AS area_name, r.category, r.description, r.lat, r.lon,
    r.status, r.status_note, r.created_at, r.updated_at,
    (SELECT COUNT(*) FROM local_report_confirmations c WHERE c.report_id = r.id) AS confirmations,
    (SELECT COUNT(*) FROM local_report_photos p WHERE p.report_id = r.id) AS photos,
    CAST(CASE WHEN r.reporter_id = $1 THEN 1 ELSE 0 END AS BIGINT) AS yours,
    (SELECT COUNT(*) FROM local_report_confirmations c WHERE c.report_id = r.id AND c.person_id = $1) AS confirmed
    FROM local_reports r JOIN places pl ON pl.id = r.place_id LEFT JOIN places a ON a.id = r.area_id";

fn from_row(r: &AnyRow) -> Result<Report, StoreError> {
    Ok(Report {
        id: r.try_get("id")?,
        place_id: r.try_get::<String, _>("place_id")?.parse().map_err(|_| corrupt("place"))?,
        place_slug: r.try_get("place_slug")?,
        place_name: r.try_get("place_name")?,
        area_slug: r.try_get("area_slug")?,
        area_name: r.try_get("area_name")?,
        category: Category::parse(&r.try_get::<String, _>("category")?).ok_or(corrupt("category"))?,
        description: r.try_get("description")?,
        lat: r.try_get("lat")?,
        lon: r.try_get("lon")?,
        status: Status::parse(&r.try_get::<String, _>("status")?).ok_or(corrupt("status"))?,
        status_note: r.try_get("status_note")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        confirmations: r.try_get("confirmations")?,
        has_photo: r.try_get::<i64, _>("photos")? > 0,
        yours: r.try_get::<i64, _>("yours")? == 1,
        confirmed: r.try_get::<i64, _>("confirmed")? > 0,
    })
}

fn viewer(person: Option<PersonId>) -> String {
    person.map(|p| p.to_string()).unwrap_or_default()
}

/// A photo ready to keep: re-encoded, metadata gone.
#[derive(Debug)]
pub struct Photo {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// File a report, and its photo if any, in one transaction.
pub async fn create(
    db: &Db,
    place: PlaceId,
    area: Option<PlaceId>,
    reporter: PersonId,
    c: &Checked,
    photo: Option<&Photo>,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = crate::now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO local_reports (id, place_id, area_id, reporter_id, category, description, lat, lon, status,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $9)",
    )
    // Not kept prepared: NULL and set floats bind differently on PostgreSQL.
    .persistent(false)
    .bind(&id)
    .bind(place.to_string())
    .bind(area.map(|a| a.to_string()))
    .bind(reporter.to_string())
    .bind(c.category.as_str())
    .bind(&c.description)
    .bind(c.point.map(|p| p.0))
    .bind(c.point.map(|p| p.1))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if let Some(photo) = photo {
        put_photo(&mut tx, &id, photo).await?;
    }
    tx.commit().await?;
    Ok(id)
}

async fn put_photo(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    report: &str,
    photo: &Photo,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM local_report_photos WHERE report_id = $1").bind(report).execute(&mut **tx).await?;
    sqlx::query(
        "INSERT INTO local_report_photos (report_id, content_type, width, height, bytes) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(report)
    .bind(photo.content_type)
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(&photo.bytes)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Add or replace a report's photo.
pub async fn set_photo(db: &Db, report: &str, photo: &Photo) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    put_photo(&mut tx, report, photo).await?;
    sqlx::query("UPDATE local_reports SET updated_at = $1 WHERE id = $2")
        .bind(crate::now())
        .bind(report)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The photo's content type and bytes.
pub async fn photo(db: &Db, report: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    let row: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT content_type, bytes FROM local_report_photos WHERE report_id = $1")
            .bind(report)
            .fetch_optional(db.reader())
            .await?;
    Ok(row)
}

pub async fn get(db: &Db, id: &str, asking: Option<PersonId>) -> Result<Option<Report>, StoreError> {
    let row = sqlx::query(&format!("{QUERY} WHERE r.id = $2"))
        .bind(viewer(asking))
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Whether `person` filed the report (to refuse confirming one's own).
pub async fn is_reporter(db: &Db, id: &str, person: PersonId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM local_reports WHERE id = $1 AND reporter_id = $2")
        .bind(id)
        .bind(person.to_string())
        .fetch_one(db.reader())
        .await?;
    Ok(n > 0)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub category: Option<Category>,
    pub status: Option<Status>,
}

/// A place's reports (and those in the places within it: `places`), newest first.
pub async fn list(
    db: &Db,
    places: &[PlaceId],
    filter: &Filter,
    asking: Option<PersonId>,
    limit: i64,
) -> Result<Vec<Report>, StoreError> {
    if places.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (0..places.len()).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "{QUERY} WHERE ($2 = '' OR r.category = $2) AND ($3 = '' OR r.status = $3) AND r.place_id IN ({})
         ORDER BY r.created_at DESC, r.id DESC LIMIT {}",
        marks.join(", "),
        limit.clamp(1, 500)
    );
    let mut q = sqlx::query(&sql)
        .persistent(false)
        .bind(viewer(asking))
        .bind(filter.category.map(|c| c.as_str()).unwrap_or_default())
        .bind(filter.status.map(|s| s.as_str()).unwrap_or_default());
    for p in places {
        q = q.bind(p.to_string());
    }
    q.fetch_all(db.reader()).await?.iter().map(from_row).collect()
}

/// Move a report's time (the demo's reports from last year).
pub async fn set_created_at(db: &Db, report: &str, at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE local_reports SET created_at = $1, updated_at = $1 WHERE id = $2")
        .bind(at)
        .bind(report)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// How many people made reports in these places in `[from, until)`.
pub async fn reporters_between(db: &Db, places: &[PlaceId], (from, until): (i64, i64)) -> Result<i64, StoreError> {
    if places.is_empty() {
        return Ok(0);
    }
    let marks: Vec<String> = (0..places.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT COUNT(DISTINCT reporter_id) FROM local_reports
         WHERE created_at >= $1 AND created_at < $2 AND place_id IN ({})",
        marks.join(", ")
    );
    let mut q = sqlx::query_scalar(&sql).persistent(false).bind(from).bind(until);
    for p in places {
        q = q.bind(p.to_string());
    }
    Ok(q.fetch_one(db.reader()).await?)
}

pub enum Confirmed {
    Counted,
    Already,
}

/// "Me too": once per person, by the primary key.
pub async fn confirm(db: &Db, report: &str, person: PersonId) -> Result<Confirmed, StoreError> {
    let n = sqlx::query(
        "INSERT INTO local_report_confirmations (report_id, person_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (report_id, person_id) DO NOTHING",
    )
    .bind(report)
    .bind(person.to_string())
    .bind(crate::now())
    .execute(db.writer())
    .await?
    .rows_affected();
    Ok(if n == 1 { Confirmed::Counted } else { Confirmed::Already })
}

/// Set the status with a note and log it on the place's stewardship log; one
/// transaction.
pub async fn set_status(
    db: &Db,
    r: &Report,
    status: Status,
    note: &str,
    by: PersonId,
    role: &'static str,
) -> Result<(), StoreError> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE local_reports SET status = $1, status_note = $2, updated_at = $3 WHERE id = $4")
        .bind(status.as_str())
        .bind(note)
        .bind(now)
        .bind(&r.id)
        .execute(&mut *tx)
        .await?;
    let subject = format!("local_report {}", r.id);
    let action = format!("local_report_{}", status.as_str());
    let entry =
        crate::voice::LogEntry { place: r.place_id, actor: by, role, action: &action, subject: &subject, reason: note };
    crate::voice::log(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// No statement returns the reporter: it is only ever compared with the
    /// person asking.
    #[test]
    fn no_statement_reads_out_the_reporter() {
        let source = include_str!("local_reports.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        let strings: Vec<&str> = code.split('"').skip(1).step_by(2).collect();
        for s in strings.iter().filter(|s| s.starts_with("SELECT")) {
            let select = s.split(" FROM ").next().unwrap_or(s);
            // Counting how many reported is allowed; reading out who is not.
            let allowed = select.replace("r.reporter_id = $1", "").replace("COUNT(DISTINCT reporter_id)", "");
            assert!(!allowed.contains("reporter_id"), "{s}");
        }
    }
}
