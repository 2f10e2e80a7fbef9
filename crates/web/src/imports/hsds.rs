//! `plural import hsds`: read services published by another directory as
//! Open Referral HSDS 3.0 (JSON, or the tabular CSV form) and write them into one place of this node.
//!
//! Every record is checked with the same domain parsers as the web forms;
//! a refused record is reported with where it is and why, and never stored in
//! part. Organisations become groups; records keep their source id so the
//! same import run twice leaves the same data.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use plural_kernel::directory::{parse_language_code, parse_time_of_day, ServiceStatus, WEEKDAYS};
use plural_kernel::errors::FieldError;
use plural_kernel::groups::GroupKind;
use plural_kernel::people::EmailAddress;
use plural_kernel::places::{parse_description, Title};
use plural_kernel::PlaceId;
use plural_store::directory::{CostOption, Location, OrgDetails, Phone, Schedule, ServiceWrite};
use plural_store::import::{OrgImport, ServiceImport, TermImport};
use plural_store::places::Place;
use plural_store::Db;
use serde_json::Value;

use super::report::progress_bar;
pub use super::report::{Reason, Refusal, Report};

const NAME_MAX: usize = 120;
const DESCRIPTION_MAX: usize = 5000;
const SHORT_MAX: usize = 1000;
const LINE_MAX: usize = 200;

/// The domain parsers' error for a field of the record, in the record's words.
fn describe(e: &FieldError) -> Reason {
    let id = match e.code {
        "name-required" | "required" => "import-reason-required",
        "name-too-long" | "description-too-long" | "directory-too-long" => "import-reason-too-long",
        "directory-status-invalid" => "import-reason-status",
        "directory-time-invalid" => "import-reason-time",
        "directory-language-invalid" => "import-reason-language",
        "directory-url-invalid" => "import-reason-url",
        "directory-phone-invalid" => "import-reason-phone",
        "directory-amount-invalid" => "import-reason-amount",
        "directory-coordinate-invalid" => "import-reason-coordinate",
        "name-invalid" => "import-reason-control-characters",
        "email-invalid" => "import-reason-email",
        "directory-days-invalid" => "import-reason-days",
        "directory-closes-before-opens" => "import-reason-closes-before-opens",
        other => return field_code(e.field, other),
    };
    Reason::new(id).with("field", e.field)
}

/// A field's error that has no sentence of its own: its stable code.
pub(super) fn field_code(field: &str, code: &str) -> Reason {
    Reason::new("import-reason-field-code").with("field", field).with("code", code)
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Checks one record, collecting every reason it is wrong, and what was
/// dropped from it without refusing it.
#[derive(Default)]
struct Check(Vec<Reason>, Vec<Reason>);

impl Check {
    fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.0.push(describe(&e))).ok()
    }

    /// `field` is wrong: `why` is a message with a `field` argument.
    fn fail(&mut self, field: &str, why: &'static str) {
        self.0.push(Reason::new(why).with("field", field));
    }

    fn line(&mut self, field: &'static str, v: &str, max: usize) -> String {
        let v = v.trim();
        if v.chars().count() > max {
            self.take::<()>(Err(FieldError::new(field, "directory-too-long")));
        }
        v.to_string()
    }

    fn url(&mut self, field: &'static str, v: &str) -> Option<String> {
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        match url::Url::parse(v) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() && v.len() <= 500 => {
                Some(u.to_string())
            }
            _ => self.take(Err(FieldError::new(field, "directory-url-invalid"))),
        }
    }

    fn email(&mut self, field: &'static str, v: &str) -> Option<String> {
        match v.trim() {
            "" => None,
            e => self.take(EmailAddress::parse(field, e)).map(|e| e.as_str().to_string()),
        }
    }
}

fn phone(c: &mut Check, v: &Value) -> Option<Phone> {
    // Some publishers quote the number inside the string.
    let number = text(v, "number").replace('"', "");
    let number = number.trim();
    let digits = number.chars().filter(char::is_ascii_digit).count();
    if !(6..=20).contains(&digits) || !number.chars().all(|ch| ch.is_ascii_digit() || " +()-".contains(ch)) {
        c.take::<()>(Err(FieldError::new("phones.number", "directory-phone-invalid")));
        return None;
    }
    Some(Phone {
        id: String::new(),
        number: number.to_string(),
        description: c.line("phones.description", text(v, "description"), LINE_MAX),
    })
}

fn coordinate(c: &mut Check, field: &'static str, v: Option<&Value>, limit: f64) -> Option<f64> {
    let n = match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => s.trim().parse().ok(),
        Value::Null => return None,
        _ => None,
    };
    match n {
        Some(n) if n.is_finite() && n.abs() <= limit => Some(n),
        _ => {
            // A wrong point is not worth refusing the service over: it is shown without a map.
            c.1.push(Reason::new("import-reason-coordinate-dropped").with("field", field));
            None
        }
    }
}

fn location(c: &mut Check, l: &Value, place_name: &str) -> Location {
    let address = l.get("addresses").and_then(Value::as_array).and_then(|a| a.first()).cloned().unwrap_or(Value::Null);
    let latitude = coordinate(c, "location.latitude", l.get("latitude"), 90.0);
    let longitude = coordinate(c, "location.longitude", l.get("longitude"), 180.0);
    let (latitude, longitude) = match (latitude, longitude) {
        (Some(a), Some(b)) => (Some(a), Some(b)),
        (None, None) => (None, None),
        _ => {
            c.1.push(Reason::new("import-reason-coordinates-together"));
            (None, None)
        }
    };
    let city = match text(&address, "city").trim() {
        "" => place_name.to_string(),
        city => c.line("location.addresses.city", city, LINE_MAX),
    };
    Location {
        name: c.line("location.name", text(l, "name"), LINE_MAX),
        address_1: c.line("location.addresses.address_1", text(&address, "address_1"), LINE_MAX),
        address_2: c.line("location.addresses.address_2", text(&address, "address_2"), LINE_MAX),
        city,
        postcode: c.line("location.addresses.postal_code", text(&address, "postal_code"), 20),
        latitude,
        longitude,
        accessibility: c.line(
            "location.accessibility",
            &l.get("accessibility")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter().map(|x| text(x, "description")).filter(|d| !d.is_empty()).collect::<Vec<_>>().join("\n")
                })
                .unwrap_or_default(),
            SHORT_MAX,
        ),
        ..Location::default()
    }
}

fn schedule(c: &mut Check, s: &Value) -> Option<Schedule> {
    let freq = text(s, "freq").trim().to_ascii_uppercase();
    let byday = text(s, "byday");
    if byday.trim().is_empty() && text(s, "opens_at").is_empty() {
        // A schedule only in words (or by date) has nothing we can store as weekly hours.
        return None;
    }
    if !freq.is_empty() && freq != "WEEKLY" {
        c.fail("schedules.freq", "import-reason-weekly");
        return None;
    }
    let mut days: Vec<&str> = Vec::new();
    for d in byday.split(',').filter(|d| !d.trim().is_empty()) {
        match WEEKDAYS.iter().find(|w| w.eq_ignore_ascii_case(d.trim())) {
            Some(w) if !days.contains(w) => days.push(w),
            Some(_) => {}
            None => {
                c.take::<()>(Err(FieldError::new("schedules.byday", "directory-days-invalid")));
                return None;
            }
        }
    }
    if days.is_empty() {
        c.fail("schedules.byday", "import-reason-days-required");
        return None;
    }
    days.sort_by_key(|d| WEEKDAYS.iter().position(|w| w == d));
    let opens = c.take(parse_time_of_day("schedules.opens_at", text(s, "opens_at")))?;
    let closes = c.take(parse_time_of_day("schedules.closes_at", text(s, "closes_at")))?;
    if closes <= opens {
        c.take::<()>(Err(FieldError::new("schedules.closes_at", "directory-closes-before-opens")));
        return None;
    }
    Some(Schedule {
        freq: "WEEKLY".into(),
        byday: days.join(","),
        opens_at: opens,
        closes_at: closes,
        description: c.line("schedules.description", text(s, "description"), SHORT_MAX),
        ..Schedule::default()
    })
}

fn cost(c: &mut Check, o: &Value) -> Option<CostOption> {
    let description = [text(o, "option"), text(o, "amount_description")]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let description = c.line("cost_options.option", &description, SHORT_MAX);
    let amount = match o.get("amount") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match amount {
        None if o.get("amount").is_some_and(|a| !a.is_null()) => {
            c.take::<()>(Err(FieldError::new("cost_options.amount", "directory-amount-invalid")));
            None
        }
        None => Some(CostOption { free: true, description, ..CostOption::default() }),
        Some(0.0) => Some(CostOption { free: true, description, ..CostOption::default() }),
        Some(a) if a.is_finite() && a > 0.0 && a < 10_000_000.0 => {
            let currency = match text(o, "currency").trim() {
                "" => "GBP".to_string(),
                cur if cur.len() == 3 && cur.chars().all(|ch| ch.is_ascii_alphabetic()) => cur.to_ascii_uppercase(),
                _ => {
                    c.fail("cost_options.currency", "import-reason-currency");
                    return None;
                }
            };
            // Whole pence: amounts in source data are decimal pounds.
            #[allow(clippy::cast_possible_truncation)]
            let minor = (a * 100.0).round() as i64;
            Some(CostOption {
                free: false,
                amount_minor: Some(minor),
                currency: Some(currency),
                description,
                ..CostOption::default()
            })
        }
        Some(_) => {
            c.take::<()>(Err(FieldError::new("cost_options.amount", "directory-amount-invalid")));
            None
        }
    }
}

fn terms_of(c: &mut Check, s: &Value) -> Vec<TermImport> {
    let mut out: Vec<TermImport> = Vec::new();
    for a in s.get("attributes").and_then(Value::as_array).into_iter().flatten() {
        let Some(t) = a.get("taxonomy_term").filter(|t| t.is_object()) else { continue };
        let code = match text(t, "code").trim() {
            "" => text(t, "id").trim().to_string(),
            code => code.to_string(),
        };
        if code.is_empty() || code.chars().count() > LINE_MAX {
            c.fail("attributes.taxonomy_term.code", "import-reason-required");
            continue;
        }
        let name = match text(t, "name").trim() {
            "" => code.clone(),
            n => c.line("attributes.taxonomy_term.name", n, LINE_MAX),
        };
        if !out.iter().any(|x| x.code == code) {
            out.push(TermImport {
                code,
                name,
                description: c.line("attributes.taxonomy_term.description", text(t, "description"), SHORT_MAX),
            });
        }
    }
    out
}

/// Check one HSDS service into what the store writes.
fn service(s: &Value, place_name: &str) -> Result<(ServiceImport, Vec<Reason>), Vec<Reason>> {
    let mut c = Check::default();
    let external_id = text(s, "id").trim().to_string();
    if external_id.is_empty() {
        c.fail("id", "import-reason-required");
    }
    let name = c.take(Title::parse("name", text(s, "name"), NAME_MAX));
    let description = c.take(parse_description("description", text(s, "description"), DESCRIPTION_MAX));
    let status = c.take(ServiceStatus::parse("status", text(s, "status")));
    let url = c.url("url", text(s, "url"));
    let email = c.email("email", text(s, "email"));
    let eligibility = c.line("eligibility_description", text(s, "eligibility_description"), SHORT_MAX);
    // Every place the service is offered at, and every price it has, not just the first.
    let locations: Vec<Location> = s
        .get("service_at_locations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|sal| sal.get("location").filter(|l| l.is_object()))
        .map(|l| location(&mut c, l, place_name))
        .collect();
    let schedules: Vec<Schedule> = s
        .get("schedules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|x| schedule(&mut c, x))
        .collect();
    let cost_options: Vec<CostOption> =
        s.get("cost_options").and_then(Value::as_array).into_iter().flatten().filter_map(|o| cost(&mut c, o)).collect();
    let mut languages: Vec<String> = Vec::new();
    for l in s.get("languages").and_then(Value::as_array).into_iter().flatten() {
        if let Some(code) = c.take(parse_language_code("languages.code", text(l, "code"))) {
            if !languages.contains(&code) {
                languages.push(code);
            }
        }
    }
    let terms = terms_of(&mut c, s);
    let last_reviewed = Some(text(s, "assured_date").trim())
        .filter(|d| d.len() == 10 && d.as_bytes().get(4) == Some(&b'-'))
        .map(str::to_string);
    match (name, description, status) {
        (Some(name), Some(description), Some(status)) if c.0.is_empty() => Ok((
            ServiceImport {
                external_id,
                terms,
                write: ServiceWrite {
                    place_id: None,
                    name: name.as_str().to_string(),
                    description,
                    url,
                    email,
                    status: status.as_str().to_string(),
                    eligibility_description: eligibility,
                    last_reviewed,
                    locations,
                    schedules,
                    cost_options,
                    languages,
                    term_ids: vec![],
                },
            },
            c.1,
        )),
        _ => Err(c.0),
    }
}

/// An organisation without its services.
fn organisation(o: &Value, place: PlaceId) -> Result<OrgImport, Vec<Reason>> {
    let mut c = Check::default();
    let external_id = text(o, "id").trim().to_string();
    if external_id.is_empty() {
        c.fail("organization.id", "import-reason-required");
    }
    let name = c.take(Title::parse("organization.name", text(o, "name"), NAME_MAX));
    let description = c.take(parse_description("organization.description", text(o, "description"), DESCRIPTION_MAX));
    let website = c.url("organization.website", text(o, "website"));
    let email = c.email("organization.email", text(o, "email"));
    let phones: Vec<Phone> = o
        .get("phones")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| phone(&mut c, p))
        .take(5)
        .collect();
    // HSDS says nothing of charity status in a field we can trust; a registered
    // number marks a charity, anything else is a community group.
    let kind = if o.get("organization_identifiers").and_then(Value::as_array).is_some_and(|a| !a.is_empty()) {
        GroupKind::Charity
    } else {
        GroupKind::CommunityGroup
    };
    match (name, description) {
        (Some(name), Some(description)) if c.0.is_empty() => Ok(OrgImport {
            external_id,
            place_id: place,
            name: name.as_str().to_string(),
            description,
            kind,
            details: OrgDetails { website, email, phones },
            services: vec![],
        }),
        _ => Err(c.0),
    }
}

/// One document's records, found by shape: a service has a `status`, an
/// organisation has `services` or an organisation's own fields.
enum Record<'a> {
    Service(&'a Value, String),
    Organisation(&'a Value, String),
}

fn is_service(v: &Value) -> bool {
    v.get("status").is_some()
}

fn is_organisation(v: &Value) -> bool {
    ["services", "website", "organization_identifiers", "legal_status", "tax_status"]
        .iter()
        .any(|k| v.get(*k).is_some())
        && !is_service(v)
}

fn records<'a>(doc: &'a Value, at: &str, out: &mut Vec<Record<'a>>) -> bool {
    // Rows of the tabular form say which file and row they came from.
    if let Some(row) = doc.get("$at").and_then(Value::as_str) {
        if is_service(doc) {
            out.push(Record::Service(doc, row.to_string()));
        } else {
            out.push(Record::Organisation(doc, row.to_string()));
        }
        return true;
    }
    if let Some(items) = doc.get("contents").and_then(Value::as_array) {
        let before = out.len();
        for (i, item) in items.iter().enumerate() {
            records(item, &format!("{at}$.contents[{i}]"), out);
        }
        return out.len() > before || items.is_empty();
    }
    if let Some(items) = doc.as_array() {
        let before = out.len();
        for (i, item) in items.iter().enumerate() {
            records(item, &format!("{at}$[{i}]"), out);
        }
        return out.len() > before;
    }
    let here = if at.ends_with(']') { at.to_string() } else { format!("{at}$") };
    if is_service(doc) {
        out.push(Record::Service(doc, here));
        true
    } else if is_organisation(doc) {
        out.push(Record::Organisation(doc, here));
        true
    } else {
        false
    }
}

/// The JSON files to read: the file, or every `.json` file in the folder.
fn json_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "json") && p.file_name().is_some_and(|n| n != "datapackage.json")
            })
            .collect();
        files.sort();
        Ok(files)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

/// Import HSDS from a JSON file, a folder of them, or a tabular datapackage
/// folder into the place with this slug.
pub async fn import(db: &Db, path: &Path, place_slug: &str, show_progress: bool) -> anyhow::Result<Report> {
    let place = plural_store::places::by_slug(db, place_slug.trim())
        .await?
        .ok_or_else(|| super::report::no_place(place_slug))?;
    let mut report = Report::default();
    let mut docs: Vec<(String, Value)> = Vec::new();
    let files = if path.is_dir() && path.join("datapackage.json").exists() {
        docs.push((String::new(), super::tabular::read(path, &mut report.refused)?));
        vec![]
    } else {
        let files = json_files(path)?;
        if files.is_empty() {
            anyhow::bail!("no .json files in {}", path.display());
        }
        files
    };
    for f in &files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let raw = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        json_document(&mut docs, &mut report, name, &raw);
    }
    import_documents(db, &place, docs, report, show_progress).await
}

fn json_document(docs: &mut Vec<(String, Value)>, report: &mut Report, name: String, raw: &[u8]) {
    match serde_json::from_slice::<Value>(raw) {
        Ok(v) => docs.push((name, v)),
        Err(e) => report.refused.push(Refusal::new(name, Reason::new("import-reason-not-json").with("error", e))),
    }
}

/// Import one HSDS JSON document (an upload) into a place.
pub async fn import_json(db: &Db, place: &Place, name: &str, raw: &[u8]) -> anyhow::Result<Report> {
    let mut docs = Vec::new();
    let mut report = Report::default();
    json_document(&mut docs, &mut report, name.to_string(), raw);
    import_documents(db, place, docs, report, false).await
}

/// Check and write HSDS documents already read: services gathered under
/// their organisation, each organisation all or nothing.
pub(super) async fn import_documents(
    db: &Db,
    place: &Place,
    docs: Vec<(String, Value)>,
    report: Report,
    show_progress: bool,
) -> anyhow::Result<Report> {
    let (orgs, mut report) = check_documents(place.id, &place.name, &docs, report);
    let bar = progress_bar(orgs.len(), "organisations", show_progress);
    let each: Vec<&OrgImport> = orgs.iter().map(|(_, o)| o).collect();
    let written = plural_store::import::organisations(db, &each, |o| {
        bar.set_message(o.name.clone());
        bar.inc(1);
    })
    .await?;
    for ((at, _), result) in orgs.iter().zip(written) {
        match result {
            Ok(out) => {
                if out.group_created {
                    report.organisations_created += 1;
                } else {
                    report.organisations_updated += 1;
                }
                report.services_created += out.services_created;
                report.services_updated += out.services_updated;
            }
            Err(e) => report.refused.push(Refusal::new(at, Reason::new("import-reason-not-stored").with("error", e))),
        }
    }
    plural_store::import::settle(db).await?;
    bar.finish_and_clear();
    Ok(report)
}

/// Check HSDS documents already read, without storing anything: each record
/// through the same rules as the web forms, services gathered under their
/// organisation in the order they came. Public so the fuzz targets (fuzz/)
/// can run every check without a database.
pub fn check_documents(
    place_id: PlaceId,
    place_name: &str,
    docs: &[(String, Value)],
    mut report: Report,
) -> (Vec<(String, OrgImport)>, Report) {
    // Gather services under their organisation, keeping the order they came in.
    // Looked up by id, not searched: a file of 100,000 services under one
    // organisation (or 2,000) would otherwise compare every pair.
    let mut orgs: Vec<(String, OrgImport)> = Vec::new();
    let mut org_at: HashMap<String, usize> = HashMap::new();
    let mut org_refused: HashSet<String> = HashSet::new();
    let mut gathered = Gathered::new();
    let mut add_org =
        |report: &mut Report, orgs: &mut Vec<(String, OrgImport)>, v: &Value, at: &str| -> Option<usize> {
            match organisation(v, place_id) {
                Ok(o) => Some(*org_at.entry(o.external_id.clone()).or_insert_with(|| {
                    orgs.push((at.to_string(), o));
                    orgs.len() - 1
                })),
                Err(reasons) => {
                    let id = text(v, "id").to_string();
                    if org_refused.insert(id) {
                        report.refused.push(Refusal { at: at.to_string(), reasons });
                    }
                    None
                }
            }
        };
    for (file, doc) in docs {
        let mut found = Vec::new();
        if !records(doc, &format!("{file}:"), &mut found) {
            report.ignored.push(file.clone());
            continue;
        }
        for r in found {
            match r {
                Record::Organisation(o, at) => {
                    let Some(i) = add_org(&mut report, &mut orgs, o, &at) else { continue };
                    for (j, s) in o.get("services").and_then(Value::as_array).into_iter().flatten().enumerate() {
                        let at = match s.get("$at").and_then(Value::as_str) {
                            Some(row) => row.to_string(),
                            None => format!("{at}.services[{j}]"),
                        };
                        match service(s, place_name) {
                            Ok((si, warnings)) => {
                                warn(&mut report, &at, warnings);
                                push_service(&mut orgs[i].1, i, &mut gathered, s, si);
                            }
                            Err(reasons) => report.refused.push(Refusal { at, reasons }),
                        }
                    }
                }
                Record::Service(s, at) => {
                    let Some(o) = s.get("organization").filter(|o| o.is_object()) else {
                        let reason = Reason::new("import-reason-required").with("field", "organization");
                        report.refused.push(Refusal::new(at, reason));
                        continue;
                    };
                    let Some(i) = add_org(&mut report, &mut orgs, o, &format!("{at}.organization")) else {
                        report.refused.push(Refusal::new(at, Reason::new("import-reason-organization-refused")));
                        continue;
                    };
                    match service(s, place_name) {
                        Ok((si, warnings)) => {
                            warn(&mut report, &at, warnings);
                            push_service(&mut orgs[i].1, i, &mut gathered, s, si);
                        }
                        Err(reasons) => report.refused.push(Refusal { at, reasons }),
                    }
                }
            }
        }
    }

    (orgs, report)
}

fn warn(report: &mut Report, at: &str, warnings: Vec<Reason>) {
    if !warnings.is_empty() {
        report.warnings.push(Refusal { at: at.to_string(), reasons: warnings });
    }
}

/// For each (organisation, service id) gathered so far: where the service
/// sits in its organisation's list, and how many fields its copy had.
type Gathered = HashMap<(usize, String), (usize, usize)>;

/// The same service twice in one import (a list's summary and the full
/// record): the copy that says most wins, the later one if equal.
fn push_service(o: &mut OrgImport, org: usize, gathered: &mut Gathered, source: &Value, s: ServiceImport) {
    let weight = source.as_object().map_or(0, |m| m.values().filter(|v| !v.is_null()).count());
    match gathered.entry((org, s.external_id.clone())) {
        Entry::Occupied(mut seen) => {
            let (at, heaviest) = *seen.get();
            if weight >= heaviest {
                seen.insert((at, weight));
                o.services[at] = s;
            }
        }
        Entry::Vacant(new) => {
            new.insert((o.services.len(), weight));
            o.services.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn service(id: &str, org: &str, description: Option<&str>) -> Value {
        let mut s = json!({"id": id, "name": format!("Service {id}"), "status": "active",
                           "organization": {"id": org, "name": format!("Organisation {org}")}});
        if let Some(d) = description {
            s["description"] = d.into();
        }
        s
    }

    #[test]
    fn services_gather_under_their_organisation_and_the_fuller_copy_wins() {
        let contents = vec![
            service("s1", "o1", Some("The full record.")),
            service("s1", "o1", None),
            service("s2", "o2", None),
            service("s2", "o2", Some("Said later, and says more.")),
            service("s3", "o1", None),
        ];
        let docs = vec![("services.json".to_string(), json!({"contents": contents}))];
        let (orgs, report) = check_documents(PlaceId::new(), "Brixton", &docs, Report::default());
        assert!(report.refused.is_empty(), "{:?}", report.refused);
        let gathered: Vec<(&str, Vec<(&str, &str)>)> = orgs
            .iter()
            .map(|(_, o)| {
                let services =
                    o.services.iter().map(|s| (s.external_id.as_str(), s.write.description.as_str())).collect();
                (o.external_id.as_str(), services)
            })
            .collect();
        assert_eq!(
            gathered,
            vec![
                ("o1", vec![("s1", "The full record."), ("s3", "")]),
                ("o2", vec![("s2", "Said later, and says more.")]),
            ]
        );
    }
}
