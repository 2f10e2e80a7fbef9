//! The tabular form of HSDS (a folder with `datapackage.json` and one CSV
//! file per table), nested into the JSON form so both are checked and
//! written by the same code. Each record carries `$at`, its file and row,
//! so a refusal names the row a person can open and fix.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use serde_json::{Map, Value};

use super::report::{Reason, Refusal};

type Rows = Vec<Map<String, Value>>;

/// A table's rows as objects of its non-empty cells, each with `$at`.
/// `None` when the file is absent (most tables are optional).
fn table(dir: &Path, name: &str, required: &[&str], refused: &mut Vec<Refusal>) -> anyhow::Result<Option<Rows>> {
    let file = format!("{name}.csv");
    let path = dir.join(&file);
    if !path.exists() {
        return Ok(None);
    }
    let mut reader = csv::Reader::from_path(&path).with_context(|| format!("reading {}", path.display()))?;
    let headers = reader.headers().with_context(|| format!("reading {}", path.display()))?.clone();
    let missing: Vec<&str> = required.iter().copied().filter(|c| !headers.iter().any(|h| h.trim() == *c)).collect();
    if !missing.is_empty() {
        refused
            .push(Refusal::new(file, Reason::new("import-reason-table-columns").with("columns", missing.join(", "))));
        return Ok(Some(vec![]));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // Row 1 is the header.
        let at = format!("{file} row {}", i + 2);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                refused.push(Refusal::new(at, Reason::new("import-reason-unreadable-row").with("error", e)));
                continue;
            }
        };
        let mut m = Map::new();
        for (h, v) in headers.iter().zip(record.iter()) {
            if !v.trim().is_empty() {
                m.insert(h.trim().to_string(), Value::String(v.to_string()));
            }
        }
        m.insert("$at".into(), Value::String(at));
        rows.push(m);
    }
    Ok(Some(rows))
}

fn by<'a>(rows: &'a Rows, key: &str) -> HashMap<String, Vec<&'a Map<String, Value>>> {
    let mut out: HashMap<String, Vec<&Map<String, Value>>> = HashMap::new();
    for r in rows {
        if let Some(k) = r.get(key).and_then(Value::as_str) {
            out.entry(k.to_string()).or_default().push(r);
        }
    }
    out
}

fn id_of(r: &Map<String, Value>) -> &str {
    r.get("id").and_then(Value::as_str).unwrap_or("")
}

fn at_of(r: &Map<String, Value>) -> String {
    r.get("$at").and_then(Value::as_str).unwrap_or("").to_string()
}

/// `field` names `value`, which is no row of the table `table`.
fn no_row(why: &'static str, field: &str, value: &str, table: &str) -> Reason {
    Reason::new(why).with("field", field).with("value", value).with("file", format!("{table}.csv"))
}

fn list(items: Option<&Vec<&Map<String, Value>>>) -> Value {
    Value::Array(items.map(|v| v.iter().map(|m| Value::Object((*m).clone())).collect()).unwrap_or_default())
}

/// The organisations of a datapackage folder, services nested, as HSDS JSON.
pub fn read(dir: &Path, refused: &mut Vec<Refusal>) -> anyhow::Result<Value> {
    let orgs = table(dir, "organizations", &["id", "name"], refused)?.unwrap_or_default();
    let services = table(dir, "services", &["id", "organization_id", "name", "status"], refused)?.unwrap_or_default();
    let locations = table(dir, "locations", &["id"], refused)?.unwrap_or_default();
    let addresses = table(dir, "addresses", &["id", "location_id"], refused)?.unwrap_or_default();
    let sals = table(dir, "service_at_location", &["id", "service_id", "location_id"], refused)?.unwrap_or_default();
    let schedules = table(dir, "schedules", &["id"], refused)?.unwrap_or_default();
    let phones = table(dir, "phones", &["id", "number"], refused)?.unwrap_or_default();
    let costs = table(dir, "cost_options", &["id", "service_id"], refused)?.unwrap_or_default();
    let languages = table(dir, "languages", &["id"], refused)?.unwrap_or_default();
    let attributes = table(dir, "attributes", &["id", "link_id", "taxonomy_term_id"], refused)?.unwrap_or_default();
    let terms = table(dir, "taxonomy_terms", &["id"], refused)?.unwrap_or_default();
    if orgs.is_empty() && services.is_empty() {
        anyhow::bail!("{} has neither organizations.csv nor services.csv rows", dir.display());
    }

    let locations_by_id: HashMap<&str, &Map<String, Value>> = locations.iter().map(|l| (id_of(l), l)).collect();
    let terms_by_id: HashMap<&str, &Map<String, Value>> = terms.iter().map(|t| (id_of(t), t)).collect();
    let addresses_of = by(&addresses, "location_id");
    let sals_of = by(&sals, "service_id");
    let schedules_of = by(&schedules, "service_id");
    let phones_of = by(&phones, "organization_id");
    let costs_of = by(&costs, "service_id");
    let languages_of = by(&languages, "service_id");
    let attributes_of = by(&attributes, "link_id");
    let services_of = by(&services, "organization_id");

    for s in &services {
        let org = s.get("organization_id").and_then(Value::as_str).unwrap_or("");
        if !orgs.iter().any(|o| id_of(o) == org) {
            refused
                .push(Refusal::new(at_of(s), no_row("import-reason-no-row", "organization_id", org, "organizations")));
        }
    }

    let mut out = Vec::new();
    for o in &orgs {
        let mut org = o.clone();
        org.insert("phones".into(), list(phones_of.get(id_of(o))));
        let mut nested = Vec::new();
        for s in services_of.get(id_of(o)).into_iter().flatten() {
            let mut svc = (*s).clone();
            let sid = id_of(s).to_string();
            let mut links = Vec::new();
            let mut broken = false;
            for link in sals_of.get(&sid).into_iter().flatten() {
                let lid = link.get("location_id").and_then(Value::as_str).unwrap_or("");
                let Some(l) = locations_by_id.get(lid) else {
                    let reason = no_row("import-reason-no-row-service-refused", "location_id", lid, "locations");
                    refused.push(Refusal::new(at_of(link), reason));
                    broken = true;
                    continue;
                };
                let mut loc = (*l).clone();
                loc.insert("addresses".into(), list(addresses_of.get(lid)));
                let mut link = (*link).clone();
                link.insert("location".into(), Value::Object(loc));
                links.push(Value::Object(link));
            }
            if broken {
                continue;
            }
            svc.insert("service_at_locations".into(), Value::Array(links));
            svc.insert("schedules".into(), list(schedules_of.get(&sid)));
            svc.insert("cost_options".into(), list(costs_of.get(&sid)));
            svc.insert("languages".into(), list(languages_of.get(&sid)));
            let mut attrs = Vec::new();
            for a in attributes_of.get(&sid).into_iter().flatten() {
                let tid = a.get("taxonomy_term_id").and_then(Value::as_str).unwrap_or("");
                match terms_by_id.get(tid) {
                    Some(t) => {
                        let mut a = (*a).clone();
                        a.insert("taxonomy_term".into(), Value::Object((*t).clone()));
                        attrs.push(Value::Object(a));
                    }
                    None => refused.push(Refusal::new(
                        at_of(a),
                        no_row("import-reason-no-row", "taxonomy_term_id", tid, "taxonomy_terms"),
                    )),
                }
            }
            svc.insert("attributes".into(), Value::Array(attrs));
            nested.push(Value::Object(svc));
        }
        org.insert("services".into(), Value::Array(nested));
        out.push(Value::Object(org));
    }
    Ok(serde_json::json!({ "contents": out }))
}
