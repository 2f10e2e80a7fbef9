//! Consultations: the domain operations (pages and API), the pages, the
//! API and the iCalendar entry of the consultation period.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::consultations::{self as rules, ConsultationInput, Question};
use plural_kernel::{DomainError, PersonId};
use plural_store::consultations::Consultation;
use plural_store::polls::VoteOutcome;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::pages::Choice;
use crate::api::{ApiJson, Caller, MaybeCaller};
use crate::error::{Problem, WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

pub fn is_open(c: &Consultation) -> bool {
    let now = plural_store::now();
    c.opens_at <= now && now <= c.closes_at
}

async fn body_action(state: &AppState, person: PersonId, group: &plural_store::groups::Group) -> WebResult<Action> {
    Ok(Action::RunConsultation {
        body_role: plural_store::groups::role_of(&state.db, group.id, person).await?,
        body_verified: group.verified_public_body,
    })
}

/// Open a consultation for the body's own place (`group` is its slug).
pub async fn create(
    state: &AppState,
    actor: &Actor,
    group: &str,
    input: &ConsultationInput,
) -> WebResult<Consultation> {
    let person = me(actor)?;
    let group = plural_store::groups::by_slug(&state.db, group.trim()).await?;
    if let Some(g) = &group {
        authz::decide(actor, &body_action(state, person, g).await?)?;
    }
    let (group, checked) = match (group, rules::check(input, plural_store::now())) {
        (Some(g), Ok(c)) => (g, c),
        (group, checked) => {
            let mut errors = checked.err().unwrap_or_default();
            if group.is_none() {
                errors.push("group", "consultation-group-invalid");
            }
            return Err(DomainError::Invalid(errors).into());
        }
    };
    let id = plural_store::consultations::create(&state.db, group.place_id, group.id, person, &checked).await?;
    load(state, &id).await
}

pub async fn load(state: &AppState, id: &str) -> WebResult<Consultation> {
    plural_store::consultations::get(&state.db, id).await?.ok_or(WebError::not_found())
}

/// Whether a person may respond: their home is the consultation's place or within it.
pub async fn eligible(state: &AppState, person: PersonId, c: &Consultation) -> WebResult<bool> {
    let Some(home) = plural_store::people::get(&state.db, person).await?.and_then(|p| p.home_place_id) else {
        return Ok(false);
    };
    Ok(plural_store::places::ancestry(&state.db, home).await?.iter().any(|pl| pl.id == c.place_id))
}

/// Respond, once, while open.
pub async fn respond(state: &AppState, actor: &Actor, c: &Consultation, answers: &[String]) -> WebResult<()> {
    let person = me(actor)?;
    authz::decide(actor, &Action::Vote { eligible: eligible(state, person, c).await? })?;
    if !is_open(c) {
        return Err(DomainError::Conflict("consultation-closed").into());
    }
    let checked = rules::check_answers(&c.questions, answers).map_err(DomainError::from)?;
    let json = serde_json::to_string(&checked).map_err(|e| WebError::Internal(e.into()))?;
    match plural_store::consultations::respond(&state.db, &c.id, person, &json).await? {
        VoteOutcome::Counted => Ok(()),
        VoteOutcome::AlreadyVoted => Err(DomainError::Conflict("consultation-already-responded").into()),
        VoteOutcome::Closed => Err(DomainError::Conflict("consultation-closed").into()),
    }
}

/// The body publishes its response, after the consultation has closed.
pub async fn publish_response(state: &AppState, actor: &Actor, c: &Consultation, text: &str) -> WebResult<()> {
    let person = me(actor)?;
    let group = plural_store::groups::get(&state.db, c.group_id).await?.ok_or(WebError::not_found())?;
    authz::decide(actor, &body_action(state, person, &group).await?)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(DomainError::field("response", "consultation-response-required").into());
    }
    if text.chars().count() > rules::RESPONSE_MAX {
        return Err(DomainError::field("response", "consultation-text-too-long").into());
    }
    if !plural_store::consultations::publish_response(&state.db, c, text, person).await? {
        return Err(DomainError::Conflict("consultation-still-open").into());
    }
    Ok(())
}

// ---------------------------------------------------------------- pages

pub struct Row {
    pub id: String,
    pub title: String,
    pub body: String,
    pub place: String,
    pub closes: String,
    pub open: bool,
}

fn date(unix: i64) -> String {
    crate::circles::service::date_string(unix)
}

#[derive(Template)]
#[template(path = "voice/consultation_list.html")]
struct ListPage {
    page: Page,
    open: Vec<Row>,
    closed: Vec<Row>,
    signed_in: bool,
}

async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let (open, closed): (Vec<Row>, Vec<Row>) = plural_store::consultations::list(&state.db, 200)
        .await?
        .into_iter()
        .map(|c| Row {
            open: is_open(&c),
            id: c.id,
            title: c.title,
            body: c.group_name,
            place: c.place_name,
            closes: date(c.closes_at),
        })
        .partition(|r| r.open);
    Ok(render(&ListPage {
        page: v.page(&state, v.t("consultation-title")),
        open,
        closed,
        signed_in: v.person.is_some(),
    }))
}

#[derive(Template)]
#[template(path = "voice/consultation_form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    input: ConsultationInput,
    groups: Vec<Choice>,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    input: ConsultationInput,
    group: &str,
    errors: FormErrors,
) -> WebResult<Response> {
    let me = v.require()?;
    let heading = v.t("consultation-new-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let mut groups = vec![Choice { value: String::new(), label: v.t("voice-choose"), selected: group.is_empty() }];
    groups.extend(
        plural_store::groups::of_person(&state.db, me.id)
            .await?
            .into_iter()
            .filter(|(g, role)| g.verified_public_body && *role >= plural_kernel::groups::Role::Admin)
            .map(|(g, _)| Choice { selected: g.slug == group, value: g.slug, label: g.name }),
    );
    Ok(render(&FormPage { page: v.page(state, title), errors, input, groups }))
}

async fn new_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    let input = ConsultationInput { closes_on: date(plural_store::now() + 28 * 86_400), ..Default::default() };
    form_page(&state, &v, input, "", FormErrors::none()).await
}

fn input_of(form: &FormData) -> ConsultationInput {
    ConsultationInput {
        title: form.get("title").into(),
        purpose: form.get("purpose").into(),
        questions: form.get("questions").into(),
        closes_on: form.get("closes_on").into(),
    }
}

async fn create_page(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = input_of(&form);
    match create(&state, &v.actor(), form.get("group"), &input).await {
        Ok(c) => Ok(Redirect::to(&format!("/consultations/{}?notice=consultation-opened", c.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, input, form.get("group"), FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

pub struct QuestionRow {
    pub number: usize,
    pub prompt: String,
    pub kind: &'static str,
    pub options: Vec<(usize, String)>,
    pub given: String,
}

#[derive(Template)]
#[template(path = "voice/consultation_show.html")]
struct ShowPage {
    page: Page,
    c: Consultation,
    opens: String,
    closes: String,
    open: bool,
    signed_in: bool,
    eligible: bool,
    responded: bool,
    is_body: bool,
    questions: Vec<QuestionRow>,
    scale: Vec<u8>,
    response: String,
    errors: FormErrors,
    /// What was heard: the insight releases over its responses.
    releases: Vec<(String, String)>,
    may_release: bool,
}

async fn show_page(
    state: &AppState,
    v: &Visitor,
    c: Consultation,
    kept: &FormData,
    errors: FormErrors,
) -> WebResult<Response> {
    let me = v.person.as_ref().map(|p| p.id);
    let (eligible, responded, is_body) = match me {
        Some(me) => {
            let role = plural_store::groups::role_of(&state.db, c.group_id, me).await?;
            (
                eligible(state, me, &c).await?,
                plural_store::consultations::has_responded(&state.db, &c.id, me).await?,
                role.is_some_and(|r| r >= plural_kernel::groups::Role::Admin),
            )
        }
        None => (false, false, false),
    };
    let questions = c
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionRow {
            number: i + 1,
            prompt: q.prompt().to_string(),
            kind: q.kind(),
            options: match q {
                Question::Choice { options, .. } => options.iter().cloned().enumerate().collect(),
                _ => Vec::new(),
            },
            given: kept.get(&format!("q-{i}")).to_string(),
        })
        .collect();
    let title = if errors.any() { format!("{} {}", v.t("error-title-prefix"), c.title) } else { c.title.clone() };
    let source = plural_kernel::insight::Source::Consultation;
    let releases = plural_store::insight::list(&state.db, Some((source, &c.id)), 50)
        .await?
        .into_iter()
        .map(|r| (r.id, r.title))
        .collect();
    let may_release = match me {
        Some(_) if !is_open(&c) => {
            let d = super::insight::dataset(state, source, &c.id).await?;
            super::insight::may_define(state, &v.actor(), &d).await?
        }
        _ => false,
    };
    Ok(render(&ShowPage {
        releases,
        may_release,
        page: v.page(state, title),
        opens: date(c.opens_at),
        closes: date(c.closes_at),
        open: is_open(&c),
        signed_in: me.is_some(),
        eligible,
        responded,
        is_body,
        questions,
        scale: (1..=rules::SCALE_MAX).collect(),
        response: kept.get("response").to_string(),
        errors,
        c,
    }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    if let Some(id) = id.strip_suffix(".ics") {
        return ics(&state, id).await;
    }
    let c = load(&state, &id).await?;
    show_page(&state, &v, c, &FormData::default(), FormErrors::none()).await
}

fn explain(e: WebError, back: &str) -> WebResult<Response> {
    match e {
        WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code))
            if code.starts_with("consultation-") || code.starts_with("poll-") || code.starts_with("voice-") =>
        {
            Ok(Redirect::to(&format!("{back}?notice={code}")).into_response())
        }
        e => Err(e),
    }
}

async fn respond_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let c = load(&state, &id).await?;
    let answers: Vec<String> = (0..c.questions.len()).map(|i| form.get(&format!("q-{i}")).to_string()).collect();
    match respond(&state, &v.actor(), &c, &answers).await {
        Ok(()) => Ok(Redirect::to(&format!("/consultations/{id}?notice=consultation-responded")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, c, &form, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/consultations/{id}")),
    }
}

async fn publish_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let c = load(&state, &id).await?;
    match publish_response(&state, &v.actor(), &c, form.get("response")).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/consultations/{id}?notice=consultation-response-published")).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, c, &form, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => explain(e, &format!("/consultations/{id}")),
    }
}

/// `/consultations/{id}.ics`: the consultation period as an all-day calendar entry.
async fn ics(state: &AppState, id: &str) -> WebResult<Response> {
    use icalendar::{Calendar, Component, EventLike};
    let c = load(state, id).await?;
    let day = |unix: i64| {
        let t = plural_store::from_unix(unix);
        chrono::NaiveDate::from_ymd_opt(t.year(), u32::from(u8::from(t.month())), u32::from(t.day()))
            .unwrap_or_default()
    };
    let host =
        url::Url::parse(&state.config.base_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    let event = icalendar::Event::new()
        .uid(&format!("consultation-{}@{host}", c.id))
        .summary(&c.title)
        .description(&format!("{}\n\n{}", c.purpose, c.group_name))
        .url(&format!("{}/consultations/{}", state.config.base(), c.id))
        .all_day(day(c.opens_at))
        .ends(day(c.closes_at + 1))
        .done();
    let calendar = Calendar::new().name(&c.title).push(event).done();
    let mut res = calendar.to_string().into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    Ok(res)
}

// ---------------------------------------------------------------- API

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationView {
    pub id: String,
    pub title: String,
    pub purpose: String,
    /// The verified public body consulting (its slug and name).
    pub body: String,
    pub body_name: String,
    pub place: String,
    /// Each `{kind: text|choice|scale, prompt, options?}`; scales run 1 to 5.
    #[schema(value_type = Vec<Object>)]
    pub questions: Vec<Question>,
    pub opens_at: i64,
    pub closes_at: i64,
    pub open: bool,
    /// How many responded (never who, never what one person said).
    pub respondents: i64,
    /// The body's response, once published after the close.
    pub response: String,
    pub you_responded: Option<bool>,
    /// The period as an iCalendar file.
    pub calendar: String,
}

async fn view(state: &AppState, c: Consultation, caller: Option<&Caller>) -> WebResult<ConsultationView> {
    let you_responded = match caller {
        Some(k) => Some(plural_store::consultations::has_responded(&state.db, &c.id, k.person.id).await?),
        None => None,
    };
    Ok(ConsultationView {
        open: is_open(&c),
        calendar: format!("{}/consultations/{}.ics", state.config.base(), c.id),
        id: c.id,
        title: c.title,
        purpose: c.purpose,
        body: c.group_slug,
        body_name: c.group_name,
        place: c.place_slug,
        questions: c.questions,
        opens_at: c.opens_at,
        closes_at: c.closes_at,
        respondents: c.respondents,
        response: c.response,
        you_responded,
    })
}

/// Consultations: open ones closing soonest first, then closed ones.
#[utoipa::path(get, path = "/api/v1/consultations", tag = "consultations",
    responses((status = 200, body = Vec<ConsultationView>)))]
pub async fn api_list(State(state): State<AppState>) -> WebResult<Json<Vec<ConsultationView>>> {
    let mut out = Vec::new();
    for c in plural_store::consultations::list(&state.db, 200).await? {
        out.push(view(&state, c, None).await?);
    }
    Ok(Json(out))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsultationBody {
    /// The slug of the verified public body consulting (you are one of its admins).
    pub body: String,
    pub title: String,
    /// What the answers are for, and what will happen with them.
    pub purpose: String,
    /// One per line: `text: …`, `scale: …`, `choice: … | option | option`.
    pub questions: String,
    /// `YYYY-MM-DD`, the last day to respond.
    pub closes_on: String,
}

/// Open a consultation (a verified public body's admins).
#[utoipa::path(post, path = "/api/v1/consultations", tag = "consultations", request_body = ConsultationBody,
    responses((status = 201, body = ConsultationView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn api_create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<ConsultationBody>,
) -> WebResult<Response> {
    let input =
        ConsultationInput { title: b.title, purpose: b.purpose, questions: b.questions, closes_on: b.closes_on };
    let c = create(&state, &caller.actor(), &b.body, &input).await?;
    Ok((StatusCode::CREATED, Json(view(&state, c, Some(&caller)).await?)).into_response())
}

/// A consultation.
#[utoipa::path(get, path = "/api/v1/consultations/{id}", tag = "consultations", params(("id" = String, Path)),
    responses((status = 200, body = ConsultationView), (status = 404, body = Problem)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<ConsultationView>> {
    let c = load(&state, &id).await?;
    Ok(Json(view(&state, c, caller.0.as_ref()).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    /// One per question, in order: text, an option's position, or 1–5; `""` to skip.
    pub answers: Vec<String>,
}

/// Respond, once, while it is open (people whose home is in the place).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/responses", tag = "consultations", params(("id" = String, Path)),
    request_body = ResponseBody,
    responses((status = 204, description = "Recorded"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn api_respond(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ResponseBody>,
) -> WebResult<StatusCode> {
    let c = load(&state, &id).await?;
    respond(&state, &caller.actor(), &c, &b.answers).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// What the body heard and what it will do.
    pub response: String,
}

/// Publish the body's response, once the consultation has closed.
#[utoipa::path(post, path = "/api/v1/consultations/{id}/response", tag = "consultations", params(("id" = String, Path)),
    request_body = PublishBody,
    responses((status = 204, description = "Published"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn api_publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PublishBody>,
) -> WebResult<StatusCode> {
    let c = load(&state, &id).await?;
    publish_response(&state, &caller.actor(), &c, &b.response).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api_list, api_create, api_show, api_respond, api_publish),
    tags((name = "consultations", description = "Consultations by verified public bodies: questions, a period, a purpose; responses never shown one by one"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/consultations", index)
        .page(Method::POST, "/consultations", create_page)
        .page(Method::GET, "/consultations/new", new_form)
        .page(Method::GET, "/consultations/{id}", show)
        .page(Method::POST, "/consultations/{id}/responses", respond_page)
        .page(Method::POST, "/consultations/{id}/response", publish_page)
        .api(Method::GET, "/api/v1/consultations", api_list)
        .api(Method::POST, "/api/v1/consultations", api_create)
        .api(Method::GET, "/api/v1/consultations/{id}", api_show)
        .api(Method::POST, "/api/v1/consultations/{id}/responses", api_respond)
        .api(Method::POST, "/api/v1/consultations/{id}/response", api_publish)
}
