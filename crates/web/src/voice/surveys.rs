//! Surveys: the domain operations (pages and API), the pages, the API and
//! the Atom feed of a place's surveys. Responses are never shown: a survey
//! shows how many responded, and its results reach anyone only as insight
//! releases.

use askama::Template;
use atom_syndication::{Entry, Feed, Link, Text};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::consultations::{self as questions, Question};
use plural_kernel::surveys::{self as rules, SurveyInput};
use plural_kernel::{DomainError, FieldErrors, PersonId};
use plural_store::places::Place;
use plural_store::polls::VoteOutcome;
use plural_store::surveys::Survey;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::consultations::QuestionRow;
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

pub fn is_open(s: &Survey) -> bool {
    rules::is_open(s.opens_at, s.closes_at, plural_store::now())
}

async fn place_of(state: &AppState, slug: &str) -> WebResult<Place> {
    plural_store::places::by_slug(&state.db, slug.trim()).await?.ok_or(WebError::not_found())
}

/// Start a survey in a place: for a group (`group` is its slug; the survey
/// is in the group's place) by its admins and owners, or for the place
/// itself (`place`) by its stewards and node admins.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    place: &str,
    group: &str,
    input: &SurveyInput,
) -> WebResult<Survey> {
    let person = me(actor)?;
    let mut errors = FieldErrors::new();
    let group = match group.trim() {
        "" => None,
        slug => {
            let g = plural_store::groups::by_slug(&state.db, slug).await?;
            if g.is_none() {
                errors.push("group", "survey-group-invalid");
            }
            g
        }
    };
    let place = match (&group, place.trim()) {
        (Some(g), _) => plural_store::places::get(&state.db, g.place_id).await?,
        (None, "") => {
            if errors.is_empty() {
                errors.push("place", "survey-place-invalid");
            }
            None
        }
        (None, slug) => {
            let p = plural_store::places::by_slug(&state.db, slug).await?;
            if p.is_none() {
                errors.push("place", "survey-place-invalid");
            }
            p
        }
    };
    if let Some(place) = &place {
        let action = match &group {
            Some(g) => Action::RunSurvey {
                for_group: true,
                steward: false,
                group_role: plural_store::groups::role_of(&state.db, g.id, person).await?,
            },
            None => Action::RunSurvey {
                for_group: false,
                steward: plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&place.id),
                group_role: None,
            },
        };
        authz::decide(actor, &action)?;
    }
    let checked = rules::check(input, plural_store::now());
    let (Some(place), Ok(checked)) = (place, &checked) else {
        if let Err(e) = checked {
            errors.0.extend(e.0);
        }
        return Err(DomainError::Invalid(errors).into());
    };
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors).into());
    }
    let id = plural_store::surveys::create(&state.db, place.id, group.map(|g| g.id), person, checked).await?;
    load(state, &id).await
}

pub async fn load(state: &AppState, id: &str) -> WebResult<Survey> {
    plural_store::surveys::get(&state.db, id).await?.ok_or(WebError::not_found())
}

/// Whether a person may respond: their home is the survey's place or within it.
pub async fn eligible(state: &AppState, person: PersonId, s: &Survey) -> WebResult<bool> {
    let Some(home) = plural_store::people::get(&state.db, person).await?.and_then(|p| p.home_place_id) else {
        return Ok(false);
    };
    Ok(plural_store::places::ancestry(&state.db, home).await?.iter().any(|pl| pl.id == s.place_id))
}

/// The places within the survey's place, which a respondent may name as their area.
pub async fn areas(state: &AppState, s: &Survey) -> WebResult<Vec<Place>> {
    Ok(plural_store::places::children(&state.db, s.place_id).await?)
}

/// Respond, once, while open: the answers and, if given, the area.
pub async fn respond(state: &AppState, actor: &Actor, s: &Survey, answers: &[String], area: &str) -> WebResult<()> {
    let person = me(actor)?;
    authz::decide(actor, &Action::Vote { eligible: eligible(state, person, s).await? })?;
    if !is_open(s) {
        return Err(DomainError::Conflict("survey-closed").into());
    }
    let slugs: Vec<String> = areas(state, s).await?.into_iter().map(|p| p.slug).collect();
    let mut errors = FieldErrors::new();
    let checked = errors.check(questions::check_answers(&s.questions, answers));
    let area = errors.check(rules::check_area(area, &slugs));
    let (Some(checked), Some(area)) = (checked, area) else {
        return Err(DomainError::Invalid(errors).into());
    };
    let json = serde_json::to_string(&checked).map_err(|e| WebError::Internal(e.into()))?;
    let period = rules::period(plural_store::now());
    let response = plural_store::surveys::Response { answers: &json, area: &area, period: &period };
    match plural_store::surveys::respond(&state.db, &s.id, person, &response).await? {
        VoteOutcome::Counted => Ok(()),
        VoteOutcome::AlreadyVoted => Err(DomainError::Conflict("survey-already-responded").into()),
        VoteOutcome::Closed => Err(DomainError::Conflict("survey-closed").into()),
    }
}

// ---------------------------------------------------------------- pages

fn date(unix: i64) -> String {
    crate::circles::service::date_string(unix)
}

pub struct Row {
    pub id: String,
    pub title: String,
    pub by: String,
    pub closes: String,
    pub respondents: i64,
}

#[derive(Template)]
#[template(path = "voice/survey_list.html")]
struct ListPage {
    page: Page,
    place: Place,
    open: Vec<Row>,
    other: Vec<Row>,
    signed_in: bool,
}

fn by(s: &Survey) -> String {
    if s.group_name.is_empty() {
        s.place_name.clone()
    } else {
        s.group_name.clone()
    }
}

async fn index(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    let place = place_of(&state, &slug).await?;
    let surveys = plural_store::surveys::list(&state.db, place.id, 200).await?;
    let (open, other): (Vec<(bool, Row)>, Vec<(bool, Row)>) = surveys
        .into_iter()
        .map(|s| {
            let row = Row {
                by: by(&s),
                closes: date(s.closes_at),
                respondents: s.respondents,
                title: s.title.clone(),
                id: s.id.clone(),
            };
            (is_open(&s), row)
        })
        .partition(|(open, _)| *open);
    Ok(render(&ListPage {
        page: v.page(&state, format!("{} · {}", v.t("survey-title"), place.name)),
        place,
        open: open.into_iter().map(|r| r.1).collect(),
        other: other.into_iter().map(|r| r.1).collect(),
        signed_in: v.person.is_some(),
    }))
}

#[derive(Template)]
#[template(path = "voice/survey_form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    input: SurveyInput,
    place: String,
    runners: Vec<Choice>,
}

#[derive(Debug, Default, Deserialize)]
struct NewQuery {
    #[serde(default)]
    place: String,
}

/// Who may run a survey, as choices: `place:<slug>` for the places the
/// person stewards (all, for node admins), `group:<slug>` for the groups
/// they run.
async fn runners(state: &AppState, v: &Visitor, chosen: &str) -> WebResult<Vec<Choice>> {
    let me = v.require()?;
    let mut out = vec![Choice { value: String::new(), label: v.t("voice-choose"), selected: chosen.is_empty() }];
    let stewarded = plural_store::mutual_aid::stewarded_by(&state.db, me.id).await?;
    for p in plural_store::places::list(&state.db).await? {
        if me.is_node_admin || stewarded.contains(&p.id) {
            let value = format!("place:{}", p.slug);
            out.push(Choice {
                selected: value == chosen,
                label: format!("{} ({})", p.name, v.t("survey-as-stewards")),
                value,
            });
        }
    }
    for (g, role) in plural_store::groups::of_person(&state.db, me.id).await? {
        if role >= plural_kernel::groups::Role::Admin {
            let value = format!("group:{}", g.slug);
            out.push(Choice { selected: value == chosen, label: g.name, value });
        }
    }
    Ok(out)
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    input: SurveyInput,
    chosen: &str,
    errors: FormErrors,
) -> WebResult<Response> {
    let heading = v.t("survey-new-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    let runners = runners(state, v, chosen).await?;
    Ok(render(&FormPage { page: v.page(state, title), errors, input, place: chosen.to_string(), runners }))
}

async fn new_form(State(state): State<AppState>, v: Visitor, Query(q): Query<NewQuery>) -> WebResult<Response> {
    v.require()?;
    let input = SurveyInput { closes_on: date(plural_store::now() + 28 * 86_400), ..Default::default() };
    let chosen = if q.place.is_empty() { String::new() } else { format!("place:{}", q.place) };
    form_page(&state, &v, input, &chosen, FormErrors::none()).await
}

fn input_of(form: &FormData) -> SurveyInput {
    SurveyInput {
        title: form.get("title").into(),
        purpose: form.get("purpose").into(),
        questions: form.get("questions").into(),
        opens_on: form.get("opens_on").into(),
        closes_on: form.get("closes_on").into(),
    }
}

async fn create_page(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = input_of(&form);
    let chosen = form.get("runner");
    let (place, group) = match chosen.split_once(':') {
        Some(("place", slug)) => (slug, ""),
        Some(("group", slug)) => ("", slug),
        _ => ("", ""),
    };
    match create(&state, &v.actor(), place, group, &input).await {
        Ok(s) => Ok(Redirect::to(&format!("/surveys/{}?notice=survey-opened", s.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            // The form has one chooser for both.
            let errs = FieldErrors(
                errs.0
                    .into_iter()
                    .map(|mut e| {
                        if e.field == "place" || e.field == "group" {
                            e.field = "runner";
                        }
                        e
                    })
                    .collect(),
            );
            form_page(&state, &v, input, chosen, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "voice/survey_show.html")]
struct ShowPage {
    page: Page,
    s: Survey,
    by: String,
    opens: String,
    closes: String,
    open: bool,
    not_yet: bool,
    signed_in: bool,
    eligible: bool,
    responded: bool,
    questions: Vec<QuestionRow>,
    scale: Vec<u8>,
    areas: Vec<Choice>,
    errors: FormErrors,
}

async fn show_page(
    state: &AppState,
    v: &Visitor,
    s: Survey,
    kept: &FormData,
    errors: FormErrors,
) -> WebResult<Response> {
    let me = v.person.as_ref().map(|p| p.id);
    let (eligible, responded) = match me {
        Some(me) => (eligible(state, me, &s).await?, plural_store::surveys::has_responded(&state.db, &s.id, me).await?),
        None => (false, false),
    };
    let questions = s
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
    let area = kept.get("area");
    let mut areas = vec![Choice { value: String::new(), label: v.t("survey-area-none"), selected: area.is_empty() }];
    areas.extend(self::areas(state, &s).await?.into_iter().map(|p| Choice {
        selected: p.slug == area,
        value: p.slug,
        label: p.name,
    }));
    let title = if errors.any() { format!("{} {}", v.t("error-title-prefix"), s.title) } else { s.title.clone() };
    Ok(render(&ShowPage {
        page: v.page(state, title),
        by: by(&s),
        opens: date(s.opens_at),
        closes: date(s.closes_at),
        open: is_open(&s),
        not_yet: plural_store::now() < s.opens_at,
        signed_in: me.is_some(),
        eligible,
        responded,
        questions,
        scale: (1..=questions::SCALE_MAX).collect(),
        areas,
        errors,
        s,
    }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let s = load(&state, &id).await?;
    show_page(&state, &v, s, &FormData::default(), FormErrors::none()).await
}

async fn respond_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let s = load(&state, &id).await?;
    let answers: Vec<String> = (0..s.questions.len()).map(|i| form.get(&format!("q-{i}")).to_string()).collect();
    match respond(&state, &v.actor(), &s, &answers, form.get("area")).await {
        Ok(()) => Ok(Redirect::to(&format!("/surveys/{id}/thanks")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            show_page(&state, &v, s, &form, FormErrors::from(v.lang, &errs)).await
        }
        Err(WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code)))
            if code.starts_with("survey-") || code.starts_with("poll-") =>
        {
            let code = if code == "poll-not-eligible" { "survey-not-eligible" } else { code };
            Ok(Redirect::to(&format!("/surveys/{id}?notice={code}")).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "voice/survey_thanks.html")]
struct ThanksPage {
    page: Page,
    s: Survey,
}

async fn thanks(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let s = load(&state, &id).await?;
    Ok(render(&ThanksPage { page: v.page(&state, v.t("survey-thanks-title")), s }))
}

/// `/places/{slug}/surveys.atom`: a place's surveys, newest first.
async fn feed(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    let state = &state;
    let place = place_of(state, &slug).await?;
    let surveys = plural_store::surveys::newest(&state.db, place.id, 100).await?;
    let base = state.config.base();
    let at = |unix: i64| DateTime::<Utc>::from_timestamp(unix, 0).unwrap_or_default().fixed_offset();
    let updated = surveys.iter().map(|s| s.created_at).max().unwrap_or(place.updated_at);
    let entries = surveys
        .iter()
        .map(|s| Entry {
            id: format!("{base}/surveys/{}", s.id),
            title: Text::plain(s.title.clone()),
            updated: at(s.created_at),
            published: Some(at(s.created_at)),
            links: vec![Link {
                href: format!("{base}/surveys/{}", s.id),
                rel: "alternate".into(),
                ..Default::default()
            }],
            summary: Some(Text::plain(s.purpose.clone())),
            ..Default::default()
        })
        .collect();
    let self_path = format!("/places/{}/surveys.atom", place.slug);
    let body = Feed {
        id: format!("{base}{self_path}"),
        title: Text::plain(place.name.clone()),
        updated: at(updated),
        links: vec![
            Link { href: format!("{base}{self_path}"), rel: "self".into(), ..Default::default() },
            Link {
                href: format!("{base}/places/{}/surveys", place.slug),
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
pub struct SurveyView {
    pub id: String,
    pub title: String,
    pub purpose: String,
    pub place: String,
    /// The group running it (slug), or empty when the place's stewards do.
    pub group: String,
    /// Each `{kind: text|choice|scale, prompt, options?}`; scales run 1 to 5.
    #[schema(value_type = Vec<Object>)]
    pub questions: Vec<Question>,
    /// Slugs of the places within, which a respondent may give as their area.
    pub areas: Vec<String>,
    pub opens_at: i64,
    pub closes_at: i64,
    pub open: bool,
    /// How many responded (never who, never what anyone answered: results
    /// are published only as insight releases).
    pub respondents: i64,
    pub you_responded: Option<bool>,
}

async fn view(state: &AppState, s: Survey, caller: Option<&Caller>) -> WebResult<SurveyView> {
    let you_responded = match caller {
        Some(k) => Some(plural_store::surveys::has_responded(&state.db, &s.id, k.person.id).await?),
        None => None,
    };
    Ok(SurveyView {
        open: is_open(&s),
        areas: areas(state, &s).await?.into_iter().map(|p| p.slug).collect(),
        id: s.id,
        title: s.title,
        purpose: s.purpose,
        place: s.place_slug,
        group: s.group_slug,
        questions: s.questions,
        opens_at: s.opens_at,
        closes_at: s.closes_at,
        respondents: s.respondents,
        you_responded,
    })
}

/// A place's surveys: open ones closing soonest first, then the rest.
#[utoipa::path(get, path = "/api/v1/places/{slug}/surveys", tag = "surveys", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<SurveyView>), (status = 404, body = Problem)))]
pub async fn api_list(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Json<Vec<SurveyView>>> {
    let place = place_of(&state, &slug).await?;
    let mut out = Vec::new();
    for s in plural_store::surveys::list(&state.db, place.id, 200).await? {
        out.push(view(&state, s, None).await?);
    }
    Ok(Json(out))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyBody {
    /// The place's slug, when its stewards run the survey.
    #[serde(default)]
    pub place: String,
    /// The group's slug, when a group runs it (in the group's place).
    #[serde(default)]
    pub group: String,
    pub title: String,
    /// What the answers are for.
    pub purpose: String,
    /// One per line: `text: …`, `scale: …`, `choice: … | option | option`.
    pub questions: String,
    /// `YYYY-MM-DD`; today if left out.
    #[serde(default)]
    pub opens_on: String,
    /// `YYYY-MM-DD`, the last day to respond.
    pub closes_on: String,
}

/// Start a survey (a group's admins, or a place's stewards).
#[utoipa::path(post, path = "/api/v1/surveys", tag = "surveys", request_body = SurveyBody,
    responses((status = 201, body = SurveyView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn api_create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<SurveyBody>,
) -> WebResult<Response> {
    let input = SurveyInput {
        title: b.title,
        purpose: b.purpose,
        questions: b.questions,
        opens_on: b.opens_on,
        closes_on: b.closes_on,
    };
    let s = create(&state, &caller.actor(), &b.place, &b.group, &input).await?;
    Ok((StatusCode::CREATED, Json(view(&state, s, Some(&caller)).await?)).into_response())
}

/// A survey.
#[utoipa::path(get, path = "/api/v1/surveys/{id}", tag = "surveys", params(("id" = String, Path)),
    responses((status = 200, body = SurveyView), (status = 404, body = Problem)))]
pub async fn api_show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<SurveyView>> {
    let s = load(&state, &id).await?;
    Ok(Json(view(&state, s, caller.0.as_ref()).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyResponseBody {
    /// One per question, in order: text, an option's position, or 1–5; `""` to skip.
    pub answers: Vec<String>,
    /// The slug of a place within the survey's place where you live, or `""`.
    #[serde(default)]
    pub area: String,
}

/// Respond, once, while it is open (people whose home is in the place).
#[utoipa::path(post, path = "/api/v1/surveys/{id}/responses", tag = "surveys", params(("id" = String, Path)),
    request_body = SurveyResponseBody,
    responses((status = 204, description = "Recorded"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn api_respond(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SurveyResponseBody>,
) -> WebResult<StatusCode> {
    let s = load(&state, &id).await?;
    respond(&state, &caller.actor(), &s, &b.answers, &b.area).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api_list, api_create, api_show, api_respond),
    tags((name = "surveys", description = "Community-run surveys: responses are never shown one by one, only counted and released as insight"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/places/{slug}/surveys", index)
        .page(Method::GET, "/places/{slug}/surveys.atom", feed)
        .page(Method::GET, "/surveys/new", new_form)
        .page(Method::POST, "/surveys", create_page)
        .page(Method::GET, "/surveys/{id}", show)
        .page(Method::POST, "/surveys/{id}/responses", respond_page)
        .page(Method::GET, "/surveys/{id}/thanks", thanks)
        .api(Method::GET, "/api/v1/places/{slug}/surveys", api_list)
        .api(Method::POST, "/api/v1/surveys", api_create)
        .api(Method::GET, "/api/v1/surveys/{id}", api_show)
        .api(Method::POST, "/api/v1/surveys/{id}/responses", api_respond)
}
