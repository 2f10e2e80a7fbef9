//! `plural import csv --kind services`: a spreadsheet of services, one row
//! each, in the column layout documented in `docs/import-csv.md`. Each row
//! is turned into the HSDS shape and checked and written by the HSDS import,
//! so a CSV row obeys exactly the rules of an Open Referral record.

use plural_store::places::Place;
use plural_store::Db;
use serde_json::{json, Map, Value};

use super::report::{cannot_read, no_place, InputRefused, Reason, Refusal, Report};

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvKind {
    Services,
}

impl CsvKind {
    pub fn parse(s: &str) -> Result<CsvKind, InputRefused> {
        match s.trim() {
            "services" => Ok(CsvKind::Services),
            other => Err(InputRefused::new(Reason::new("import-reason-csv-kind").with("kind", other))),
        }
    }
}

pub const SERVICE_REQUIRED: &[&str] = &["id", "name", "description", "organization_id", "organization_name"];
pub const SERVICE_OPTIONAL: &[&str] = &[
    "organization_description",
    "organization_website",
    "organization_email",
    "status",
    "url",
    "email",
    "eligibility",
    "location_name",
    "address_1",
    "address_2",
    "city",
    "postal_code",
    "latitude",
    "longitude",
    "days",
    "opens_at",
    "closes_at",
    "languages",
    "categories",
    "cost",
    "currency",
];

/// Check the header row: every required column there, nothing unknown.
fn check_columns(headers: &[String]) -> Result<(), InputRefused> {
    let missing: Vec<&str> = SERVICE_REQUIRED.iter().copied().filter(|c| !headers.iter().any(|h| h == c)).collect();
    let unknown: Vec<&str> = headers
        .iter()
        .map(String::as_str)
        .filter(|h| !SERVICE_REQUIRED.contains(h) && !SERVICE_OPTIONAL.contains(h))
        .collect();
    let mut repeated: Vec<&str> =
        headers.iter().enumerate().filter(|(i, h)| headers[..*i].contains(h)).map(|(_, h)| h.as_str()).collect();
    repeated.dedup();
    let problems: Vec<Reason> = [
        ("import-reason-columns-missing", missing),
        ("import-reason-columns-unknown", unknown),
        ("import-reason-columns-repeated", repeated),
    ]
    .into_iter()
    .filter(|(_, columns)| !columns.is_empty())
    .map(|(why, columns)| Reason::new(why).with("columns", columns.join(", ")))
    .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(InputRefused(problems.into_iter().chain([Reason::new("import-reason-columns-see-docs")]).collect()))
    }
}

fn list(v: &str, sep: char) -> Vec<&str> {
    v.split(sep).map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// One row in the HSDS service shape.
fn service(row: &Map<String, Value>) -> Value {
    let cell = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or("").trim().to_string();
    let mut s = json!({
        "$at": row.get("$at").cloned().unwrap_or(Value::Null),
        "id": cell("id"),
        "name": cell("name"),
        "description": cell("description"),
        "status": if cell("status").is_empty() { "active".to_string() } else { cell("status") },
        "url": cell("url"),
        "email": cell("email"),
        "eligibility_description": cell("eligibility"),
        "organization": {
            "id": cell("organization_id"),
            "name": cell("organization_name"),
            "description": cell("organization_description"),
            "website": cell("organization_website"),
            "email": cell("organization_email"),
        },
    });
    let located = ["location_name", "address_1", "address_2", "city", "postal_code", "latitude", "longitude"]
        .iter()
        .any(|k| !cell(k).is_empty());
    if located {
        s["service_at_locations"] = json!([{ "location": {
            "name": cell("location_name"),
            "latitude": cell("latitude"),
            "longitude": cell("longitude"),
            "addresses": [{
                "address_1": cell("address_1"),
                "address_2": cell("address_2"),
                "city": cell("city"),
                "postal_code": cell("postal_code"),
            }],
        }}]);
    }
    if !cell("days").is_empty() || !cell("opens_at").is_empty() {
        s["schedules"] = json!([{ "freq": "WEEKLY", "byday": cell("days").replace(' ', ""),
            "opens_at": cell("opens_at"), "closes_at": cell("closes_at") }]);
    }
    s["languages"] = list(&cell("languages"), ',').into_iter().map(|c| json!({ "code": c })).collect();
    s["attributes"] =
        list(&cell("categories"), ';').into_iter().map(|c| json!({ "taxonomy_term": { "code": c } })).collect();
    if !cell("cost").is_empty() {
        s["cost_options"] = json!([{ "amount": cell("cost"), "currency": cell("currency") }]);
    }
    s
}

/// Import a CSV file's bytes into a place. Wrong columns refuse the whole
/// file before anything is stored; a wrong row refuses only itself.
pub async fn import_bytes(
    db: &Db,
    place: &Place,
    kind: CsvKind,
    raw: &[u8],
    show_progress: bool,
) -> anyhow::Result<Report> {
    let (rows, report) = read_rows(kind, raw)?;
    super::hsds::import_documents(db, place, vec![(String::new(), Value::Array(rows))], report, show_progress).await
}

/// Read a CSV file's bytes into HSDS service records, one per row, with the
/// rows that could not be read already refused in the report. Nothing is
/// checked against the HSDS rules or stored yet. Public so the fuzz targets
/// (fuzz/) can read CSV without a database.
pub fn read_rows(kind: CsvKind, raw: &[u8]) -> Result<(Vec<Value>, Report), InputRefused> {
    let CsvKind::Services = kind;
    let raw = raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(raw);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| InputRefused::new(Reason::new("import-reason-not-csv").with("error", e)))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    check_columns(&headers)?;
    let mut report = Report::default();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // Row 1 is the header, as a spreadsheet numbers it.
        let at = format!("row {}", i + 2);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                report.refused.push(Refusal::new(at, Reason::new("import-reason-unreadable-row").with("error", e)));
                continue;
            }
        };
        let mut m = Map::new();
        for (h, v) in headers.iter().zip(record.iter()) {
            m.insert(h.clone(), Value::String(v.to_string()));
        }
        m.insert("$at".into(), Value::String(at));
        rows.push(service(&m));
    }
    if rows.is_empty() && report.refused.is_empty() {
        return Err(InputRefused::new(Reason::new("import-reason-csv-no-rows")));
    }
    Ok((rows, report))
}

/// `plural import csv <file> --kind services --place <slug>`.
pub async fn import(
    db: &Db,
    path: &std::path::Path,
    kind: &str,
    place_slug: &str,
    show: bool,
) -> anyhow::Result<Report> {
    let kind = CsvKind::parse(kind)?;
    let place = plural_store::places::by_slug(db, place_slug.trim()).await?.ok_or_else(|| no_place(place_slug))?;
    let raw = std::fs::read(path).map_err(|e| cannot_read(&path.display(), &e))?;
    import_bytes(db, &place, kind, &raw, show).await
}
