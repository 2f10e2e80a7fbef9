//! Local reports: the domain operations (pages and API), the pages (with
//! the photo upload), the API and the Atom feed of a place's reports. The
//! reporter is never shown — "a resident" — except to themselves.

use askama::Template;
use atom_syndication::{Entry, Feed, Link, Text};
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::local_reports::{self as rules, Category, ReportInput, Status};
use plural_kernel::{DomainError, FieldErrors, PersonId, PlaceId};
use plural_store::local_reports::{Confirmed, Filter, Report};
use plural_store::places::Place;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::pages::Choice;
use crate::api::{ApiJson, Caller, MaybeCaller};
use crate::error::{Problem, WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// Requests that carry a photo may be this large: the photo's limit and
/// room for the other fields, so a photo over the limit still gets a clear
/// message rather than a bare refusal.
pub const UPLOAD_MAX_BYTES: usize = rules::PHOTO_MAX_BYTES + 1024 * 1024;

/// Whether `path` takes a photo upload (for the body limit).
pub fn is_upload(path: &str) -> bool {
    (path.starts_with("/places/") && path.ends_with("/reports"))
        || (path.starts_with("/api/v1/local-reports/") && path.ends_with("/photo"))
}

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

async fn place_of(state: &AppState, slug: &str) -> WebResult<Place> {
    plural_store::places::by_slug(&state.db, slug.trim()).await?.ok_or(WebError::not_found())
}

pub async fn load(state: &AppState, id: &str, asking: Option<PersonId>) -> WebResult<Report> {
    plural_store::local_reports::get(&state.db, id, asking).await?.ok_or(WebError::not_found())
}

/// File a report in `place`, with a photo if given; nothing is kept unless
/// every field (and the photo) is good.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    place: &Place,
    input: &ReportInput,
    photo: Option<&[u8]>,
) -> WebResult<Report> {
    let person = me(actor)?;
    authz::decide(actor, &Action::ReportLocalIssue)?;
    let mut errors = FieldErrors::new();
    let checked = match rules::check(input) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let area = match input.area.trim() {
        "" => None,
        slug => {
            let found = plural_store::places::children(&state.db, place.id).await?.into_iter().find(|p| p.slug == slug);
            if found.is_none() {
                errors.push("area", "local-report-area-invalid");
            }
            found.map(|p| p.id)
        }
    };
    let photo = match photo.filter(|b| !b.is_empty()) {
        Some(bytes) => errors.check(super::photos::clean(bytes)),
        None => None,
    };
    let Some(checked) = checked.filter(|_| errors.is_empty()) else {
        return Err(DomainError::Invalid(errors).into());
    };
    let id = plural_store::local_reports::create(&state.db, place.id, area, person, &checked, photo.as_ref()).await?;
    load(state, &id, Some(person)).await
}

/// Add or replace the photo of one's own report.
pub async fn set_photo(state: &AppState, actor: &Actor, r: &Report, bytes: &[u8]) -> WebResult<()> {
    me(actor)?;
    if !r.yours {
        return Err(DomainError::Forbidden("local-report-reporter-only").into());
    }
    let photo = super::photos::clean(bytes).map_err(DomainError::from)?;
    plural_store::local_reports::set_photo(&state.db, &r.id, &photo).await?;
    Ok(())
}

/// "Me too": once per person, never on one's own report.
pub async fn confirm(state: &AppState, actor: &Actor, r: &Report) -> WebResult<()> {
    let person = me(actor)?;
    authz::decide(actor, &Action::ReportLocalIssue)?;
    if plural_store::local_reports::is_reporter(&state.db, &r.id, person).await? {
        return Err(DomainError::Conflict("local-report-own").into());
    }
    match plural_store::local_reports::confirm(&state.db, &r.id, person).await? {
        Confirmed::Counted => Ok(()),
        Confirmed::Already => Err(DomainError::Conflict("local-report-already-confirmed").into()),
    }
}

async fn steward_role(state: &AppState, actor: &Actor, place: PlaceId) -> WebResult<(bool, &'static str)> {
    let person = me(actor)?;
    let steward = plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&place);
    Ok((steward, if steward { "steward" } else { "node_admin" }))
}

/// Set the status with a note (the place's stewards, node admins), logged.
pub async fn set_status(state: &AppState, actor: &Actor, r: &Report, status: &str, note: &str) -> WebResult<()> {
    let person = me(actor)?;
    let (steward, role) = steward_role(state, actor, r.place_id).await?;
    authz::decide(actor, &Action::SetLocalReportStatus { steward })?;
    let mut errors = FieldErrors::new();
    let status = Status::parse(status);
    if status.is_none() {
        errors.push("status", "local-report-status-invalid");
    }
    let note = errors.check(rules::check_note(note));
    let (Some(status), Some(note)) = (status, note) else {
        return Err(DomainError::Invalid(errors).into());
    };
    plural_store::local_reports::set_status(&state.db, r, status, &note, person, role).await?;
    Ok(())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ListQuery {
    /// One of the categories, or empty for all.
    #[serde(default)]
    pub category: String,
    /// `open`, `acknowledged`, `resolved`, or empty for all.
    #[serde(default)]
    pub status: String,
}

fn filter_of(q: &ListQuery) -> WebResult<Filter> {
    let mut errors = FieldErrors::new();
    let category = match q.category.trim() {
        "" => None,
        c => {
            let c = Category::parse(c);
            if c.is_none() {
                errors.push("category", "local-report-category-invalid");
            }
            c
        }
    };
    let status = match q.status.trim() {
        "" => None,
        s => {
            let s = Status::parse(s);
            if s.is_none() {
                errors.push("status", "local-report-status-invalid");
            }
            s
        }
    };
    if !errors.is_empty() {
        return Err(WebError::InvalidQuery(errors));
    }
    Ok(Filter { category, status })
}

/// A place's reports and those of the places within it, newest first.
pub async fn list(
    state: &AppState,
    place: &Place,
    filter: &Filter,
    asking: Option<PersonId>,
) -> WebResult<Vec<Report>> {
    let mut places = vec![place.id];
    places.extend(plural_store::places::children(&state.db, place.id).await?.into_iter().map(|p| p.id));
    Ok(plural_store::local_reports::list(&state.db, &places, filter, asking, 200).await?)
}

// ---------------------------------------------------------------- pages

fn date(unix: i64) -> String {
    crate::circles::service::date_string(unix)
}

pub struct Row {
    pub id: String,
    pub category: String,
    pub status: &'static str,
    pub status_label: String,
    pub summary: String,
    pub area: String,
    pub date: String,
    pub confirmations: i64,
    pub yours: bool,
}

fn row(v: &Visitor, r: Report) -> Row {
    let summary: String = r.description.chars().take(160).collect();
    Row {
        category: v.t(&format!("local-report-category-{}", r.category.as_str())),
        status: r.status.as_str(),
        status_label: v.t(&format!("local-report-status-{}", r.status.as_str())),
        summary,
        area: r.area_name,
        date: date(r.created_at),
        confirmations: r.confirmations,
        yours: r.yours,
        id: r.id,
    }
}

fn category_choices(v: &Visitor, chosen: &str, blank: &str) -> Vec<Choice> {
    let mut out = vec![Choice { value: String::new(), label: v.t(blank), selected: chosen.is_empty() }];
    out.extend(Category::ALL.iter().map(|c| Choice {
        value: c.as_str().into(),
        label: v.t(&format!("local-report-category-{}", c.as_str())),
        selected: c.as_str() == chosen,
    }));
    out
}

#[derive(Template)]
#[template(path = "voice/local_report_list.html")]
struct ListPage {
    page: Page,
    place: Place,
    reports: Vec<Row>,
    categories: Vec<Choice>,
    statuses: Vec<Choice>,
    signed_in: bool,
    /// For the place's stewards: defining an insight release over a year's reports.
    releases: Vec<Choice>,
}

/// The years whose reports a steward may release from now: this year once
/// a month of it has ended, and last year.
async fn release_links(state: &AppState, v: &Visitor, place: &Place) -> WebResult<Vec<Choice>> {
    let Some(person) = v.person.as_ref() else { return Ok(Vec::new()) };
    if !plural_store::mutual_aid::stewarded_by(&state.db, person.id).await?.contains(&place.id) {
        return Ok(Vec::new());
    }
    use chrono::Datelike;
    let now = plural_store::now();
    let this_year = chrono::DateTime::from_timestamp(now, 0).map(|t| t.year()).unwrap_or(2026);
    Ok([this_year, this_year - 1]
        .into_iter()
        .filter(|y| plural_kernel::insight::local_reports_window(*y, now).is_some())
        .map(|year| Choice {
            value: format!(
                "/insight/new?source=local_reports&dataset={}",
                plural_kernel::insight::local_reports_dataset_id(place.id, year)
            ),
            label: crate::i18n::t_args(v.lang, "insight-local-reports-new-link", &[("year", year.to_string())]),
            selected: false,
        })
        .collect())
}

async fn index(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> WebResult<Response> {
    let place = place_of(&state, &slug).await?;
    // A filter the page does not know is shown as "all", not refused.
    let filter = filter_of(&q).unwrap_or_default();
    let reports = list(&state, &place, &filter, v.person.as_ref().map(|p| p.id)).await?;
    let chosen_status = filter.status.map(|s| s.as_str()).unwrap_or_default();
    let mut statuses = vec![Choice {
        value: String::new(),
        label: v.t("local-report-all-statuses"),
        selected: chosen_status.is_empty(),
    }];
    statuses.extend(Status::ALL.iter().map(|s| Choice {
        value: s.as_str().into(),
        label: v.t(&format!("local-report-status-{}", s.as_str())),
        selected: s.as_str() == chosen_status,
    }));
    Ok(render(&ListPage {
        page: v.page(&state, format!("{} · {}", v.t("local-report-title"), place.name)),
        categories: category_choices(
            &v,
            filter.category.map(|c| c.as_str()).unwrap_or_default(),
            "local-report-all-categories",
        ),
        statuses,
        reports: reports.into_iter().map(|r| row(&v, r)).collect(),
        signed_in: v.person.is_some(),
        releases: release_links(&state, &v, &place).await?,
        place,
    }))
}

#[derive(Template)]
#[template(path = "voice/local_report_form.html")]
struct FormPage {
    page: Page,
    place: Place,
    errors: FormErrors,
    input: ReportInput,
    categories: Vec<Choice>,
    areas: Vec<Choice>,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    place: Place,
    input: ReportInput,
    errors: FormErrors,
) -> WebResult<Response> {
    v.require()?;
    let heading = v.t("local-report-new-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let mut areas =
        vec![Choice { value: String::new(), label: v.t("local-report-area-none"), selected: input.area.is_empty() }];
    areas.extend(plural_store::places::children(&state.db, place.id).await?.into_iter().map(|p| Choice {
        selected: p.slug == input.area,
        value: p.slug,
        label: p.name,
    }));
    Ok(render(&FormPage {
        page: v.page(state, title),
        categories: category_choices(v, &input.category, "voice-choose"),
        areas,
        errors,
        input,
        place,
    }))
}

async fn new_form(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    let place = place_of(&state, &slug).await?;
    form_page(&state, &v, place, ReportInput::default(), FormErrors::none()).await
}

/// The fields and the photo of the multipart form.
async fn read_form(form: Result<Multipart, MultipartRejection>) -> WebResult<(FormData, Bytes)> {
    let mut form = form.map_err(|_| WebError::UnsupportedMediaType)?;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::PayloadTooLarge
        } else {
            WebError::BadRequest("bad-multipart", e.body_text())
        }
    };
    let mut fields = Vec::new();
    let mut photo = Bytes::new();
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "photo" {
            photo = field.bytes().await.map_err(unreadable)?;
        } else {
            fields.push((name, field.text().await.map_err(unreadable)?));
        }
    }
    Ok((FormData(fields), photo))
}

async fn create_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> WebResult<Response> {
    v.require()?;
    let place = place_of(&state, &slug).await?;
    let (form, photo) = read_form(form).await?;
    let input = ReportInput {
        category: form.get("category").into(),
        description: form.get("description").into(),
        lat: form.get("lat").into(),
        lon: form.get("lon").into(),
        area: form.get("area").into(),
    };
    match create(&state, &v.actor(), &place, &input, Some(&photo)).await {
        Ok(r) => Ok(Redirect::to(&format!("/local-reports/{}?notice=local-report-filed", r.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, place, input, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "voice/local_report_show.html")]
struct ShowPage {
    page: Page,
    r: Report,
    category: String,
    status_label: String,
    date: String,
    signed_in: bool,
    steward: bool,
    statuses: Vec<Choice>,
    errors: FormErrors,
    note: String,
}

async fn show_page(
    state: &AppState,
    v: &Visitor,
    r: Report,
    kept: &FormData,
    errors: FormErrors,
) -> WebResult<Response> {
    let steward = match &v.person {
        Some(p) => {
            p.is_node_admin || plural_store::mutual_aid::stewarded_by(&state.db, p.id).await?.contains(&r.place_id)
        }
        None => false,
    };
    let chosen = if kept.get("status").is_empty() { r.status.as_str() } else { kept.get("status") };
    let statuses = Status::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: v.t(&format!("local-report-status-{}", s.as_str())),
            selected: s.as_str() == chosen,
        })
        .collect();
    let title = v.t(&format!("local-report-category-{}", r.category.as_str()));
    Ok(render(&ShowPage {
        page: v
            .page(state, if errors.any() { format!("{} {title}", v.t("error-title-prefix")) } else { title.clone() }),
        category: title,
        status_label: v.t(&format!("local-report-status-{}", r.status.as_str())),
        date: date(r.created_at),
        signed_in: v.person.is_some(),
        steward,
        statuses,
        errors,
        note: kept.get("note").to_string(),
        r,
    }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let r = load(&state, &id, v.person.as_ref().map(|p| p.id)).await?;
    show_page(&state, &v, r, &FormData::default(), FormErrors::none()).await
}

/// The photo, as the node re-encoded it.
async fn photo(State(state): State<AppState>, Path(id): Path<String>) -> WebResult<Response> {
    let (content_type, bytes) =
        plural_store::local_reports::photo(&state.db, &id).await?.ok_or(WebError::not_found())?;
    let mut res = bytes.into_response();
    let ct = HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    res.headers_mut().insert(header::CONTENT_TYPE, ct);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    Ok(res)
}

async fn confirm_page(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let me = v.require()?.id;
    let r = load(&state, &id, Some(me)).await?;
    let notice = match confirm(&state, &v.actor(), &r).await {
        Ok(()) => "local-report-confirmed",
        Err(WebError::Domain(DomainError::Conflict(code))) => code,
        Err(e) => return Err(e),
    };
    Ok(Redirect::to(&format!("/local-reports/{id}?notice={notice}")).into_response())
}

async fn status_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let me = v.require()?.id;
    let r = load(&state, &id, Some(me)).await?;
    match set_status(&state, &v.actor(), &r, form.get("status"), form.get("note")).await {
        Ok(()) => Ok(Redirect::to(&format!("/local-reports/{id}?notice=local-report-status-set")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, r, &form, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

/// `/places/{slug}/reports.atom`: a place's reports, newest first; never who reported.
async fn feed(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    let place = place_of(&state, &slug).await?;
    let reports = list(&state, &place, &Filter::default(), None).await?;
    let base = state.config.base();
    let at = |unix: i64| DateTime::<Utc>::from_timestamp(unix, 0).unwrap_or_default().fixed_offset();
    let updated = reports.iter().map(|r| r.updated_at).max().unwrap_or(place.updated_at);
    let entries = reports
        .iter()
        .map(|r| Entry {
            id: format!("{base}/local-reports/{}", r.id),
            title: Text::plain(format!("{} ({})", r.category.as_str().replace('_', " "), r.status.as_str())),
            updated: at(r.updated_at),
            published: Some(at(r.created_at)),
            links: vec![Link {
                href: format!("{base}/local-reports/{}", r.id),
                rel: "alternate".into(),
                ..Default::default()
            }],
            summary: Some(Text::plain(r.description.clone())),
            ..Default::default()
        })
        .collect();
    let self_path = format!("/places/{}/reports.atom", place.slug);
    let body = Feed {
        id: format!("{base}{self_path}"),
        title: Text::plain(place.name.clone()),
        updated: at(updated),
        links: vec![
            Link { href: format!("{base}{self_path}"), rel: "self".into(), ..Default::default() },
            Link {
                href: format!("{base}/places/{}/reports", place.slug),
                rel: "alternate".into(),
                ..Default::default()
            },
        ],
        entries,
        ..Default::default()
    }
    .to_string();
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
    Ok(res)
}

// ---------------------------------------------------------------- API

#[derive(Debug, Serialize, ToSchema)]
pub struct LocalReportView {
    pub id: String,
    pub place: String,
    /// The place within it the report is about (slug), or empty.
    pub area: String,
    /// `street_lighting`, `fly_tipping`, `potholes_pavements`, `housing_repairs`,
    /// `antisocial_behaviour`, `green_spaces`, `accessibility` or `other`.
    pub category: String,
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `open`, `acknowledged` or `resolved`, with the stewards' note.
    pub status: String,
    pub status_note: String,
    /// Always "a resident": the community's record never names who reported.
    pub reported_by: String,
    /// Whether you reported it (only when signed in).
    pub yours: Option<bool>,
    pub you_confirmed: Option<bool>,
    /// How many others said "me too".
    pub confirmations: i64,
    /// The photo's address, if there is one (served by this node, metadata removed).
    pub photo: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

fn view(state: &AppState, r: Report, signed_in: bool) -> LocalReportView {
    LocalReportView {
        photo: r.has_photo.then(|| format!("{}/local-reports/{}/photo", state.config.base(), r.id)),
        place: r.place_slug,
        area: r.area_slug,
        category: r.category.as_str().into(),
        description: r.description,
        lat: r.lat,
        lon: r.lon,
        status: r.status.as_str().into(),
        status_note: r.status_note,
        reported_by: "a resident".into(),
        yours: signed_in.then_some(r.yours),
        you_confirmed: signed_in.then_some(r.confirmed),
        confirmations: r.confirmations,
        created_at: r.created_at,
        updated_at: r.updated_at,
        id: r.id,
    }
}

/// A place's reports (and those of the places within it), newest first.
#[utoipa::path(get, path = "/api/v1/places/{slug}/local-reports", tag = "local-reports",
    params(("slug" = String, Path), ListQuery),
    responses((status = 200, body = Vec<LocalReportView>), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn api_list(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> WebResult<Json<Vec<LocalReportView>>> {
    let place = place_of(&state, &slug).await?;
    let filter = filter_of(&q)?;
    let asking = caller.0.as_ref().map(|c| c.person.id);
    let reports = list(&state, &place, &filter, asking).await?;
    Ok(Json(reports.into_iter().map(|r| view(&state, r, asking.is_some())).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalReportBody {
    pub category: String,
    pub description: String,
    /// Decimal degrees, both or neither.
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// The slug of a place within this one, or empty.
    #[serde(default)]
    pub area: String,
}

/// Report a local issue (anyone signed in). Add a photo with `PUT …/photo`.
#[utoipa::path(post, path = "/api/v1/places/{slug}/local-reports", tag = "local-reports", params(("slug" = String, Path)),
    request_body = LocalReportBody,
    responses((status = 201, body = LocalReportView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn api_create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<LocalReportBody>,
) -> WebResult<Response> {
    let place = place_of(&state, &slug).await?;
    let coord = |c: Option<f64>| c.map(|c| c.to_string()).unwrap_or_default();
    let input = ReportInput {
        category: b.category,
        description: b.description,
        lat: coord(b.lat),
        lon: coord(b.lon),
        area: b.area,
    };
    let r = create(&state, &caller.actor(), &place, &input, None).await?;
    Ok((StatusCode::CREATED, Json(view(&state, r, true))).into_response())
}

/// A report.
#[utoipa::path(get, path = "/api/v1/local-reports/{id}", tag = "local-reports", params(("id" = String, Path)),
    responses((status = 200, body = LocalReportView), (status = 404, body = Problem)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<LocalReportView>> {
    let asking = caller.0.as_ref().map(|c| c.person.id);
    let r = load(&state, &id, asking).await?;
    Ok(Json(view(&state, r, asking.is_some())))
}

/// Add or replace the photo of your own report: the body is the image
/// (JPEG, PNG or WebP, at most 5 MB, known by its content). It is
/// re-encoded, so no location or camera metadata is kept.
#[utoipa::path(put, path = "/api/v1/local-reports/{id}/photo", tag = "local-reports", params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = LocalReportView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn api_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> WebResult<Json<LocalReportView>> {
    let r = load(&state, &id, Some(caller.person.id)).await?;
    set_photo(&state, &caller.actor(), &r, &body).await?;
    let r = load(&state, &id, Some(caller.person.id)).await?;
    Ok(Json(view(&state, r, true)))
}

/// Say "me too", once (not on your own report).
#[utoipa::path(post, path = "/api/v1/local-reports/{id}/confirmations", tag = "local-reports", params(("id" = String, Path)),
    responses((status = 204, description = "Counted"), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn api_confirm(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    let r = load(&state, &id, Some(caller.person.id)).await?;
    confirm(&state, &caller.actor(), &r).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// `open`, `acknowledged` or `resolved`.
    pub status: String,
    #[serde(default)]
    pub note: String,
}

/// Set a report's status with a note (the place's stewards, node admins);
/// written to the place's stewardship log.
#[utoipa::path(post, path = "/api/v1/local-reports/{id}/status", tag = "local-reports", params(("id" = String, Path)),
    request_body = StatusBody,
    responses((status = 200, body = LocalReportView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn api_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<StatusBody>,
) -> WebResult<Json<LocalReportView>> {
    let r = load(&state, &id, Some(caller.person.id)).await?;
    set_status(&state, &caller.actor(), &r, &b.status, &b.note).await?;
    let r = load(&state, &id, Some(caller.person.id)).await?;
    Ok(Json(view(&state, r, true)))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api_list, api_create, api_show, api_photo, api_confirm, api_status),
    tags((name = "local-reports", description = "Local issues reported by residents: the community's record, never naming who reported"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/places/{slug}/reports", index)
        .page(Method::POST, "/places/{slug}/reports", create_page)
        .page(Method::GET, "/places/{slug}/reports.atom", feed)
        .page(Method::GET, "/places/{slug}/reports/new", new_form)
        .page(Method::GET, "/local-reports/{id}", show)
        .page(Method::GET, "/local-reports/{id}/photo", photo)
        .page(Method::POST, "/local-reports/{id}/confirm", confirm_page)
        .page(Method::POST, "/local-reports/{id}/status", status_page)
        .api(Method::GET, "/api/v1/places/{slug}/local-reports", api_list)
        .api(Method::POST, "/api/v1/places/{slug}/local-reports", api_create)
        .api(Method::GET, "/api/v1/local-reports/{id}", api_show)
        .api(Method::PUT, "/api/v1/local-reports/{id}/photo", api_photo)
        .api(Method::POST, "/api/v1/local-reports/{id}/confirmations", api_confirm)
        .api(Method::POST, "/api/v1/local-reports/{id}/status", api_status)
}
