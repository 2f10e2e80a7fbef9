//! The API face of imports (node admins): upload a file in the request
//! body, follow calendars.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::language::Language;
use plural_store::subscriptions::Subscription;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::csv::CsvKind;
use super::report::{Refusal, Report};
use super::service::{self, Format};
use crate::api::{ApiJson, Caller};
use crate::error::{Problem, WebError, WebResult};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct RefusalView {
    /// Where in the input: a row, a record path or a VEVENT.
    pub at: String,
    /// Every reason, separated by `; `: in English in the API.
    pub reason: String,
    /// A stable code for each reason, in order (`import-reason-required`…), for
    /// clients that word the reasons themselves.
    pub codes: Vec<String>,
}

impl RefusalView {
    fn of(r: &Refusal, lang: Language) -> RefusalView {
        RefusalView {
            at: r.at.clone(),
            reason: r.text(lang),
            codes: r.reasons.iter().map(|reason| reason.id.to_string()).collect(),
        }
    }
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReportView {
    /// Records created.
    pub taken: usize,
    /// Records that existed and were written again.
    pub updated: usize,
    /// Events already imported and unchanged in the source.
    pub unchanged: usize,
    /// Events a subscribed feed no longer lists, cancelled here.
    pub cancelled: usize,
    /// Records not imported, each with the reason. Nothing of them was stored.
    pub refused: Vec<RefusalView>,
    /// Records taken without a part that was wrong.
    pub warnings: Vec<RefusalView>,
}

impl ImportReportView {
    /// The report with its reasons in `lang`.
    pub fn of(r: &Report, lang: Language) -> ImportReportView {
        ImportReportView {
            taken: r.taken(),
            updated: r.updated(),
            unchanged: r.events_unchanged,
            cancelled: r.events_cancelled,
            refused: r.refused.iter().map(|x| RefusalView::of(x, lang)).collect(),
            warnings: r.warnings.iter().map(|x| RefusalView::of(x, lang)).collect(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// The place's slug: required for `hsds` and `csv`; for `ical`, defaults to the group's place.
    pub place: Option<String>,
    /// The group's slug (`ical` only).
    pub group: Option<String>,
    /// What the CSV rows are (`csv` only): `services`.
    pub kind: Option<String>,
}

/// Import a file sent as the request body: `hsds` (Open Referral JSON), `csv`
/// (see docs/import-csv.md) or `ical` (iCalendar). Bad records are refused
/// one by one in the report; an input that cannot be read at all is a 400.
/// The body is limited by the node's `import_max_bytes` (20 MiB by default).
#[utoipa::path(post, path = "/api/v1/imports/{format}", tag = "imports", params(
        ("format" = String, Path, description = "`hsds`, `csv` or `ical`"), ImportQuery),
    request_body(content = String, content_type = "text/plain", description = "The file"),
    responses((status = 200, body = ImportReportView), (status = 400, body = Problem),
              (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Path(format): Path<String>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> WebResult<Json<ImportReportView>> {
    let format = match format.as_str() {
        "hsds" => Format::Hsds,
        "ical" => Format::Ical,
        "csv" => Format::Csv(
            CsvKind::parse(q.kind.as_deref().unwrap_or("services"))
                .map_err(|e| WebError::BadRequest("import-refused", e.to_string()))?,
        ),
        _ => return Err(WebError::not_found()),
    };
    let report = service::run(&state, &caller.actor(), format, &body, q.place.as_deref(), q.group.as_deref()).await?;
    Ok(Json(ImportReportView::of(&report, Language::En)))
}

/// A calendar a group follows.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionView {
    pub id: String,
    pub url: String,
    /// The group's slug.
    pub group: String,
    pub interval_minutes: i64,
    /// Unix seconds of the last fetch, whatever its outcome.
    pub last_fetched_at: Option<i64>,
    pub last_succeeded_at: Option<i64>,
    /// Why the last fetch failed; `null` when it did not.
    pub last_error: Option<String>,
    /// The last import's report, as text.
    pub last_report: Option<String>,
    pub next_fetch_at: i64,
}

impl SubscriptionView {
    fn of(s: &Subscription) -> SubscriptionView {
        SubscriptionView {
            id: s.id.clone(),
            url: s.url.clone(),
            group: s.group_slug.clone(),
            interval_minutes: s.interval_secs / 60,
            last_fetched_at: s.last_fetched_at,
            last_succeeded_at: s.last_succeeded_at,
            last_error: s.last_error.clone(),
            last_report: s.last_report.clone(),
            next_fetch_at: s.next_fetch_at,
        }
    }
}

/// Every calendar subscription.
#[utoipa::path(get, path = "/api/v1/ical-subscriptions", tag = "imports",
    responses((status = 200, body = Vec<SubscriptionView>), (status = 401, body = Problem),
              (status = 403, body = Problem)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> WebResult<Json<Vec<SubscriptionView>>> {
    let all = service::list(&state, &caller.actor()).await?;
    Ok(Json(all.iter().map(SubscriptionView::of).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscribeBody {
    /// An http or https address of an iCalendar feed.
    pub url: String,
    /// The slug of the group whose events these are.
    pub group: String,
    /// The slug of the place (default: the group's).
    pub place: Option<String>,
    /// How often to fetch (minutes, 5 to 10080; default 60).
    pub interval_minutes: Option<i64>,
}

/// Follow a calendar: it is fetched at once (as a job) and then every interval.
#[utoipa::path(post, path = "/api/v1/ical-subscriptions", tag = "imports", request_body = SubscribeBody,
    responses((status = 201, body = SubscriptionView), (status = 400, body = Problem),
              (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn subscribe(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<SubscribeBody>,
) -> WebResult<Response> {
    let interval = body.interval_minutes.map_or(super::subscriptions::DEFAULT_INTERVAL_SECS, |m| m.saturating_mul(60));
    let s =
        service::subscribe(&state, &caller.actor(), &body.url, &body.group, body.place.as_deref(), interval).await?;
    Ok((StatusCode::CREATED, Json(SubscriptionView::of(&s))).into_response())
}

/// Fetch a subscription now (queued as a job).
#[utoipa::path(post, path = "/api/v1/ical-subscriptions/{id}/fetch", tag = "imports",
    params(("id" = String, Path, description = "The subscription's id")),
    responses((status = 202, description = "Queued"), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn fetch(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    service::fetch_now(&state, &caller.actor(), &id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Stop following a calendar. The events it brought stay.
#[utoipa::path(delete, path = "/api/v1/ical-subscriptions/{id}", tag = "imports",
    params(("id" = String, Path, description = "The subscription's id")),
    responses((status = 204, description = "Removed"), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn remove(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    service::remove(&state, &caller.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::POST, "/api/v1/imports/{format}", import)
        .api(Method::GET, "/api/v1/ical-subscriptions", list)
        .api(Method::POST, "/api/v1/ical-subscriptions", subscribe)
        .api(Method::POST, "/api/v1/ical-subscriptions/{id}/fetch", fetch)
        .api(Method::DELETE, "/api/v1/ical-subscriptions/{id}", remove)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(import, list, subscribe, fetch, remove), tags((name = "imports", description = "Imports and calendar subscriptions (node admins)")))]
pub struct Doc;
