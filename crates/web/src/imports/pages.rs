//! The imports page (node admins): upload an HSDS, CSV or iCalendar file as
//! a plain multipart form, follow calendars, and read what each import did.

use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::authz::{self, Action};
use plural_store::subscriptions::Subscription;

use super::api::ImportReportView;
use super::csv::CsvKind;
use super::service::{self, Format, ImportError};
use super::subscriptions::DEFAULT_INTERVAL_SECS;
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// The upload routes, each with what it imports and the file endings it takes.
pub const UPLOADS: [(&str, &[&str]); 3] =
    [("/admin/imports/hsds", &["json"]), ("/admin/imports/csv", &["csv"]), ("/admin/imports/ical", &["ics", "ical"])];

/// How often a subscription may be fetched, in minutes, as the form offers it.
const INTERVALS: [i64; 4] = [15, 60, 360, 1440];

/// Groups offered as the owner of imported events; a node with more than
/// this uses the API.
const MAX_GROUPS: i64 = 1000;

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct SubscriptionRow {
    pub id: String,
    pub url: String,
    pub group: String,
    pub interval: String,
    pub last_fetched: String,
    pub last_succeeded: String,
    pub last_error: String,
}

/// What the visitor chose, kept when the page comes back with errors.
#[derive(Default)]
pub struct Chosen {
    pub form: String,
    pub place: String,
    pub group: String,
    pub url: String,
    pub interval: i64,
}

#[derive(Template)]
#[template(path = "imports/index.html")]
struct ImportsPage {
    page: Page,
    errors: FormErrors,
    chosen: Chosen,
    places: Vec<Choice>,
    groups: Vec<Choice>,
    intervals: Vec<Choice>,
    subscriptions: Vec<SubscriptionRow>,
}

#[derive(Template)]
#[template(path = "imports/report.html")]
struct ReportPage {
    page: Page,
    file: String,
    report: ImportReportView,
}

/// A time as the subscriptions table shows it (UTC, to the minute).
fn when(v: &Visitor, at: Option<i64>) -> String {
    match at {
        None => v.t("import-never"),
        Some(at) => {
            let t = plural_store::from_unix(at);
            format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
        }
    }
}

fn interval_label(v: &Visitor, minutes: i64) -> String {
    match minutes {
        m if m % 1440 == 0 => crate::i18n::t_args(v.lang, "import-every-days", &[("n", (m / 1440).to_string())]),
        m if m % 60 == 0 => crate::i18n::t_args(v.lang, "import-every-hours", &[("n", (m / 60).to_string())]),
        m => crate::i18n::t_args(v.lang, "import-every-minutes", &[("n", m.to_string())]),
    }
}

fn row(v: &Visitor, s: &Subscription) -> SubscriptionRow {
    SubscriptionRow {
        id: s.id.clone(),
        url: s.url.clone(),
        group: s.group_name.clone(),
        interval: interval_label(v, s.interval_secs / 60),
        last_fetched: when(v, s.last_fetched_at),
        last_succeeded: when(v, s.last_succeeded_at),
        last_error: s.last_error.clone().unwrap_or_default(),
    }
}

/// The page, with `errors` for the form named in `chosen.form`.
async fn imports_page(
    state: &AppState,
    v: &Visitor,
    errors: FormErrors,
    chosen: Chosen,
    status: StatusCode,
) -> WebResult<Response> {
    let subscriptions = service::list(state, &v.actor()).await?.iter().map(|s| row(v, s)).collect();
    let places = plural_store::places::list(&state.db)
        .await?
        .into_iter()
        .map(|p| Choice { label: p.name, value: p.slug })
        .collect();
    let groups = plural_store::groups::list(&state.db, None, MAX_GROUPS, 0)
        .await?
        .into_iter()
        .map(|g| Choice { label: format!("{} ({})", g.name, g.slug), value: g.slug })
        .collect();
    let intervals = INTERVALS.iter().map(|m| Choice { value: m.to_string(), label: interval_label(v, *m) }).collect();
    let title = v.t("import-title");
    let title = if errors.any() { format!("{} {title}", v.t("error-title-prefix")) } else { title };
    let page = v.page(state, title);
    let chosen =
        Chosen { interval: if chosen.interval == 0 { DEFAULT_INTERVAL_SECS / 60 } else { chosen.interval }, ..chosen };
    let mut res = render(&ImportsPage { page, errors, chosen, places, groups, intervals, subscriptions });
    *res.status_mut() = status;
    Ok(res)
}

async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::RunImports)?;
    imports_page(&state, &v, FormErrors::none(), Chosen::default(), StatusCode::OK).await
}

/// An uploaded form: its text fields and its one file.
#[derive(Default)]
struct Upload {
    fields: Vec<(String, String)>,
    file_name: String,
    file: Bytes,
}

impl Upload {
    fn get(&self, name: &str) -> String {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
    }
}

async fn read_upload(form: Result<Multipart, MultipartRejection>) -> WebResult<Upload> {
    let mut form = form.map_err(|_| WebError::UnsupportedMediaType)?;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::PayloadTooLarge
        } else {
            WebError::BadRequest("bad-multipart", e.body_text())
        }
    };
    let mut upload = Upload::default();
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            upload.file_name = field.file_name().unwrap_or_default().to_string();
            upload.file = field.bytes().await.map_err(unreadable)?;
        } else {
            let value = field.text().await.map_err(unreadable)?;
            upload.fields.push((name, value));
        }
    }
    Ok(upload)
}

/// What is wrong with the file before any import reads it, as a message id.
fn check_file(upload: &Upload, endings: &[&str]) -> Option<&'static str> {
    if upload.file_name.is_empty() && upload.file.is_empty() {
        return Some("import-error-no-file");
    }
    let ending = upload.file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if ending.is_some_and(|e| !endings.contains(&e.as_str())) {
        return Some("import-error-type");
    }
    if upload.file.iter().all(u8::is_ascii_whitespace) {
        return Some("import-error-empty");
    }
    if std::str::from_utf8(&upload.file).is_err() {
        return Some("import-error-utf8");
    }
    None
}

async fn upload(
    State(state): State<AppState>,
    v: Visitor,
    Path(format_name): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::RunImports)?;
    let (format, endings) = match format_name.as_str() {
        "hsds" => (Format::Hsds, UPLOADS[0].1),
        "csv" => (Format::Csv(CsvKind::Services), UPLOADS[1].1),
        "ical" => (Format::Ical, UPLOADS[2].1),
        _ => return Err(WebError::not_found()),
    };
    let form_name = format_name.as_str();
    let upload = read_upload(form).await?;
    let chosen =
        Chosen { form: form_name.into(), place: upload.get("place"), group: upload.get("group"), ..Chosen::default() };
    let mut errors = Vec::new();
    let target = if format == Format::Ical { ("group", &chosen.group) } else { ("place", &chosen.place) };
    if target.1.is_empty() {
        errors.push((format!("{form_name}-{}", target.0), v.t(&format!("import-error-no-{}", target.0))));
    }
    if let Some(id) = check_file(&upload, endings) {
        errors.push((format!("{form_name}-file"), crate::i18n::t_args(v.lang, id, &[("types", endings.join(", ."))])));
    }
    if errors.is_empty() {
        let (place, group) = (Some(chosen.place.as_str()).filter(|p| !p.is_empty()), Some(chosen.group.as_str()));
        match service::run(&state, &v.actor(), format, &upload.file, place, group).await {
            Ok(report) => {
                let page = v.page(&state, v.t("import-report-title"));
                let report = ImportReportView::of(&report, v.lang);
                return Ok(render(&ReportPage { page, file: upload.file_name, report }));
            }
            // The whole file was refused (wrong columns, not a calendar…): nothing was stored.
            Err(ImportError::Refused(r)) => errors.push((format!("{form_name}-file"), r.text(v.lang))),
            Err(ImportError::Web(e)) => return Err(e),
        }
    }
    imports_page(&state, &v, FormErrors { items: errors }, chosen, StatusCode::BAD_REQUEST).await
}

async fn subscribe(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::RunImports)?;
    let chosen = Chosen {
        form: "subscribe".into(),
        url: form.get("url").trim().into(),
        group: form.get("group").trim().into(),
        interval: form.get("interval").parse().unwrap_or(0),
        place: String::new(),
    };
    let mut errors = Vec::new();
    if chosen.url.is_empty() {
        errors.push(("subscribe-url".to_string(), v.t("import-error-no-url")));
    }
    if chosen.group.is_empty() {
        errors.push(("subscribe-group".to_string(), v.t("import-error-no-group")));
    }
    if !INTERVALS.contains(&chosen.interval) {
        errors.push(("subscribe-interval".to_string(), v.t("import-error-interval")));
    }
    if errors.is_empty() {
        match service::subscribe(&state, &v.actor(), &chosen.url, &chosen.group, None, chosen.interval * 60).await {
            Ok(_) => return Ok(Redirect::to("/admin/imports?notice=import-subscribed").into_response()),
            Err(ImportError::Refused(r)) => errors.push(("subscribe-url".to_string(), r.text(v.lang))),
            Err(ImportError::Web(e)) => return Err(e),
        }
    }
    imports_page(&state, &v, FormErrors { items: errors }, chosen, StatusCode::BAD_REQUEST).await
}

async fn fetch_now(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    service::fetch_now(&state, &v.actor(), &id).await?;
    Ok(Redirect::to("/admin/imports?notice=import-fetch-queued#subscriptions").into_response())
}

async fn remove(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    service::remove(&state, &v.actor(), &id).await?;
    Ok(Redirect::to("/admin/imports?notice=import-unsubscribed#subscriptions").into_response())
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/admin/imports", index)
        .page(Method::POST, "/admin/imports/{format}", upload)
        .page(Method::POST, "/admin/imports/subscriptions", subscribe)
        .page(Method::POST, "/admin/imports/subscriptions/{id}/fetch", fetch_now)
        .page(Method::POST, "/admin/imports/subscriptions/{id}/remove", remove)
}
