//! The opportunities pages: the list with its filters, one opportunity with
//! the "I'm interested" form, the publishing form, and the responses page
//! a group's admins answer volunteers from.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::language::Language;
use plural_kernel::opportunities::{CommitmentKind, OpportunityInput, Status};
use plural_kernel::DomainError;
use plural_store::opportunities::{Filter, Opportunity};
use serde::Deserialize;

use super::service::{self, date_string, Loaded};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::i18n::{t, t_args};
use crate::layout::{render, Page};
use crate::rich_text::{markdown_to_html, RawHtml};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// One choice in a select or a set of radios.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// An opportunity as a card in a list.
pub struct Card {
    pub id: String,
    pub title: String,
    pub group_name: String,
    pub place_name: String,
    pub commitment: String,
    pub closes: String,
    pub tags: Vec<String>,
    pub status: String,
}

/// How much time, in words: "2 hours a week · Saturday mornings".
pub fn commitment_words(lang: Language, o: &Opportunity) -> String {
    let kind = o.commitment_kind.as_str().replace('_', "-");
    let main = match o.commitment_hours {
        Some(h) => t_args(lang, &format!("opportunity-commitment-{kind}-hours"), &[("hours", h.to_string())]),
        None => t(lang, &format!("opportunity-commitment-{kind}")),
    };
    if o.commitment_text.is_empty() {
        main
    } else {
        format!("{main} · {}", o.commitment_text)
    }
}

fn closes_words(lang: Language, o: &Opportunity) -> String {
    match o.closes_on {
        Some(d) => t_args(lang, "opportunity-closes-on", &[("date", date_string(d))]),
        None => String::new(),
    }
}

fn tags(lang: Language, o: &Opportunity) -> Vec<String> {
    let mut tags = Vec::new();
    if o.no_experience_needed {
        tags.push(t(lang, "opportunity-tag-no-experience"));
    }
    if o.remote {
        tags.push(t(lang, "opportunity-tag-remote"));
    }
    if let Some(age) = o.min_age {
        tags.push(t_args(lang, "opportunity-tag-min-age", &[("age", age.to_string())]));
    }
    tags
}

fn status_words(lang: Language, s: Status) -> String {
    t(lang, &format!("opportunity-status-{}", s.as_str()))
}

pub fn card(lang: Language, o: &Opportunity) -> Card {
    Card {
        id: o.id.to_string(),
        title: o.title.clone(),
        group_name: o.group_name.clone(),
        place_name: o.place_name.clone(),
        commitment: commitment_words(lang, o),
        closes: closes_words(lang, o),
        tags: tags(lang, o),
        status: status_words(lang, o.status),
    }
}

#[derive(Template)]
#[template(path = "opportunities/list.html")]
struct ListPage {
    page: Page,
    items: Vec<Card>,
    places: Vec<Choice>,
    no_experience: bool,
    remote: bool,
    managed: Vec<Card>,
    can_create: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    place: String,
    #[serde(default)]
    no_experience: String,
    #[serde(default)]
    remote: String,
}

async fn place_choices(state: &AppState, selected: &str, lang: Language, blank: &str) -> WebResult<Vec<Choice>> {
    let mut out = vec![Choice { value: String::new(), label: t(lang, blank), selected: selected.is_empty() }];
    out.extend(plural_store::places::list(&state.db).await?.into_iter().map(|p| Choice {
        selected: p.slug == selected,
        value: p.slug,
        label: p.name,
    }));
    Ok(out)
}

async fn index(State(state): State<AppState>, v: Visitor, Query(q): Query<ListQuery>) -> WebResult<Response> {
    let place = match q.place.trim() {
        "" => None,
        slug => plural_store::places::by_slug(&state.db, slug).await?,
    };
    let filter = Filter {
        place: place.as_ref().map(|p| p.id),
        group: None,
        no_experience_needed: !q.no_experience.is_empty(),
        remote: !q.remote.is_empty(),
    };
    let items = service::list(&state, filter, 100, 0).await?.iter().map(|o| card(v.lang, o)).collect();
    let managed = match &v.person {
        Some(p) => {
            plural_store::opportunities::managed_by(&state.db, p.id).await?.iter().map(|o| card(v.lang, o)).collect()
        }
        None => Vec::new(),
    };
    let can_create = !service::publishable_groups(&state, &v.actor()).await?.is_empty();
    let selected = place.map(|p| p.slug).unwrap_or_default();
    Ok(render(&ListPage {
        page: v.page(&state, v.t("opportunities-title")),
        items,
        places: place_choices(&state, &selected, v.lang, "opportunity-filter-any-place").await?,
        no_experience: filter.no_experience_needed,
        remote: filter.remote,
        managed,
        can_create,
    }))
}

#[derive(Template)]
#[template(path = "opportunities/show.html")]
struct ShowPage {
    page: Page,
    o: Opportunity,
    description_html: String,
    commitment: String,
    closes_date: String,
    status: String,
    tags: Vec<String>,
    is_open: bool,
    can_manage: bool,
    can_see_responses: bool,
    signed_in: bool,
    interested: bool,
    message: String,
    errors: FormErrors,
}

async fn show_page(
    state: &AppState,
    v: &Visitor,
    loaded: Loaded,
    message: String,
    errors: FormErrors,
) -> WebResult<Response> {
    let actor = v.actor();
    let interested = service::my_response(state, &actor, &loaded).await?.is_some();
    let o = &loaded.opportunity;
    let title = if errors.any() { format!("{} {}", v.t("error-title-prefix"), o.title) } else { o.title.clone() };
    Ok(render(&ShowPage {
        page: v.page(state, title),
        description_html: markdown_to_html(&o.description, RawHtml::Strip),
        commitment: commitment_words(v.lang, o),
        closes_date: o.closes_on.map(date_string).unwrap_or_default(),
        status: status_words(v.lang, o.status),
        tags: tags(v.lang, o),
        is_open: loaded.is_open(),
        can_manage: loaded.may_manage(&actor),
        can_see_responses: loaded.may_see_responses(&actor),
        signed_in: v.person.is_some(),
        interested,
        message,
        errors,
        o: loaded.opportunity,
    }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let loaded = service::load(&state, &v.actor(), &id).await?;
    show_page(&state, &v, loaded, String::new(), FormErrors::none()).await
}

#[derive(Template)]
#[template(path = "opportunities/form.html")]
struct FormPage {
    page: Page,
    heading: String,
    action: String,
    cancel: String,
    errors: FormErrors,
    input: OpportunityInput,
    editing: bool,
    groups: Vec<Choice>,
    places: Vec<Choice>,
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
}

struct FormState<'a> {
    input: OpportunityInput,
    group: &'a str,
    place: &'a str,
    editing: Option<&'a Opportunity>,
    errors: FormErrors,
}

async fn form_page(state: &AppState, v: &Visitor, f: FormState<'_>) -> WebResult<Response> {
    let heading = v.t(if f.editing.is_some() { "opportunity-edit-title" } else { "opportunity-new-title" });
    let title = if f.errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading.clone() };
    let groups = if f.editing.is_some() {
        Vec::new()
    } else {
        let mine = service::publishable_groups(state, &v.actor()).await?;
        // One group: chosen for them, so the form is one step shorter.
        let only = mine.len() == 1;
        mine.into_iter().map(|g| Choice { selected: only || g.slug == f.group, value: g.slug, label: g.name }).collect()
    };
    let kinds = CommitmentKind::ALL
        .into_iter()
        .map(|k| Choice {
            value: k.as_str().into(),
            label: v.t(&format!("opportunity-kind-{}", k.as_str().replace('_', "-"))),
            selected: f.input.commitment_kind == k.as_str()
                || (f.input.commitment_kind.is_empty() && k == CommitmentKind::Weekly),
        })
        .collect();
    let current = if f.input.status.is_empty() { "published" } else { f.input.status.as_str() };
    let statuses = Status::ALL
        .into_iter()
        .map(|s| Choice { value: s.as_str().into(), label: status_words(v.lang, s), selected: current == s.as_str() })
        .collect();
    let (action, cancel) = match f.editing {
        Some(o) => (format!("/opportunities/{}/edit", o.id), format!("/opportunities/{}", o.id)),
        None => ("/opportunities".to_string(), "/opportunities".to_string()),
    };
    Ok(render(&FormPage {
        page: v.page(state, title),
        heading,
        action,
        cancel,
        errors: f.errors,
        editing: f.editing.is_some(),
        groups,
        places: place_choices(state, f.place, v.lang, "opportunity-field-place-group").await?,
        kinds,
        statuses,
        input: f.input,
    }))
}

fn input_of(form: &FormData) -> OpportunityInput {
    OpportunityInput {
        title: form.get("title").to_string(),
        description: form.get("description").to_string(),
        commitment_kind: form.get("commitment_kind").to_string(),
        commitment_hours: form.get("commitment_hours").to_string(),
        commitment_text: form.get("commitment_text").to_string(),
        skills: form.get("skills").to_string(),
        no_experience_needed: form.checked("no_experience_needed"),
        min_age: form.get("min_age").to_string(),
        suitable_for: form.get("suitable_for").to_string(),
        location: form.get("location").to_string(),
        remote: form.checked("remote"),
        closes_on: form.get("closes_on").to_string(),
        status: form.get("status").to_string(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    group: String,
}

async fn new_form(State(state): State<AppState>, v: Visitor, Query(q): Query<NewQuery>) -> WebResult<Response> {
    v.require()?;
    if service::publishable_groups(&state, &v.actor()).await?.is_empty() {
        return Err(DomainError::Forbidden("group-admin-only").into());
    }
    let f = FormState {
        input: OpportunityInput::default(),
        group: &q.group,
        place: "",
        editing: None,
        errors: FormErrors::none(),
    };
    form_page(&state, &v, f).await
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let input = input_of(&form);
    let (group, place) = (form.get("group"), form.get("place"));
    match service::create(&state, &v.actor(), group, place, &input).await {
        Ok(o) => Ok(Redirect::to(&format!("/opportunities/{}?notice=opportunity-created", o.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let errors = FormErrors::from(v.lang, &errs);
            form_page(&state, &v, FormState { input, group, place, editing: None, errors }).await
        }
        Err(e) => Err(e),
    }
}

async fn managed(state: &AppState, v: &Visitor, id: &str) -> WebResult<Loaded> {
    v.require()?;
    let actor = v.actor();
    let loaded = service::load(state, &actor, id).await?;
    if !loaded.may_manage(&actor) {
        return Err(DomainError::Forbidden("group-admin-only").into());
    }
    Ok(loaded)
}

async fn edit_form(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let loaded = managed(&state, &v, &id).await?;
    let o = &loaded.opportunity;
    let f =
        FormState { input: service::input_of(o), group: "", place: "", editing: Some(o), errors: FormErrors::none() };
    form_page(&state, &v, f).await
}

async fn update(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let loaded = managed(&state, &v, &id).await?;
    let input = input_of(&form);
    match service::update(&state, &v.actor(), &loaded, &input).await {
        Ok(o) => Ok(Redirect::to(&format!("/opportunities/{}?notice=opportunity-updated", o.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let errors = FormErrors::from(v.lang, &errs);
            let f = FormState { input, group: "", place: "", editing: Some(&loaded.opportunity), errors };
            form_page(&state, &v, f).await
        }
        Err(e) => Err(e),
    }
}

async fn close(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let loaded = managed(&state, &v, &id).await?;
    service::close(&state, &v.actor(), &loaded).await?;
    Ok(Redirect::to(&format!("/opportunities/{id}?notice=opportunity-closed")).into_response())
}

/// A conflict on a page (already interested, no longer open, …) is explained
/// on the page the person came from rather than on an error page.
fn explain_conflict(e: WebError, back: &str) -> WebResult<Response> {
    let notice = match &e {
        WebError::Domain(DomainError::Conflict("already-interested")) => "opportunity-already-interested",
        WebError::Domain(DomainError::Conflict("opportunity-not-open")) => "opportunity-not-open",
        WebError::Domain(DomainError::Conflict("not-interested")) => "opportunity-not-interested",
        WebError::Domain(DomainError::Conflict("response-withdrawn")) => "opportunity-response-withdrawn",
        _ => return Err(e),
    };
    Ok(Redirect::to(&format!("{back}?notice={notice}")).into_response())
}

async fn interest(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let loaded = service::load(&state, &actor, &id).await?;
    let message = form.get("message").to_string();
    match service::express_interest(&state, &actor, &loaded, &message).await {
        Ok(_) => Ok(Redirect::to(&format!("/opportunities/{id}?notice=opportunity-interest-sent")).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let errors = FormErrors::from(v.lang, &errs);
            show_page(&state, &v, loaded, message, errors).await
        }
        Err(e) => explain_conflict(e, &format!("/opportunities/{id}")),
    }
}

async fn withdraw(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let loaded = service::load(&state, &actor, &id).await?;
    match service::withdraw(&state, &actor, &loaded).await {
        Ok(()) => Ok(Redirect::to(&format!("/opportunities/{id}?notice=opportunity-withdrawn")).into_response()),
        Err(e) => explain_conflict(e, &format!("/opportunities/{id}")),
    }
}

#[derive(Template)]
#[template(path = "opportunities/responses.html")]
struct ResponsesPage {
    page: Page,
    o: Opportunity,
    responses: Vec<plural_store::opportunities::Response>,
    errors: FormErrors,
    /// The response whose reply failed, to show the error beside it.
    failed: String,
    message: String,
}

async fn responses_page(
    state: &AppState,
    v: &Visitor,
    loaded: &Loaded,
    failed: String,
    message: String,
    errors: FormErrors,
) -> WebResult<Response> {
    let responses = service::responses(state, &v.actor(), loaded).await?;
    let title = t_args(v.lang, "opportunity-responses-title", &[("title", loaded.opportunity.title.clone())]);
    let title = if errors.any() { format!("{} {title}", v.t("error-title-prefix")) } else { title };
    Ok(render(&ResponsesPage {
        page: v.page(state, title),
        o: loaded.opportunity.clone(),
        responses,
        errors,
        failed,
        message,
    }))
}

async fn responses(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let loaded = service::load(&state, &v.actor(), &id).await?;
    responses_page(&state, &v, &loaded, String::new(), String::new(), FormErrors::none()).await
}

async fn reply(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, response_id)): Path<(String, String)>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let loaded = service::load(&state, &actor, &id).await?;
    let message = form.get("message").to_string();
    match service::reply(&state, &actor, &loaded, &response_id, &message).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/opportunities/{id}/responses?notice=opportunity-reply-sent")).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let errors = FormErrors::from(v.lang, &errs);
            responses_page(&state, &v, &loaded, response_id, message, errors).await
        }
        Err(e) => explain_conflict(e, &format!("/opportunities/{id}/responses")),
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/opportunities", index)
        .page(Method::POST, "/opportunities", create)
        .page(Method::GET, "/opportunities/new", new_form)
        .page(Method::GET, "/opportunities/{id}", show)
        .page(Method::GET, "/opportunities/{id}/edit", edit_form)
        .page(Method::POST, "/opportunities/{id}/edit", update)
        .page(Method::POST, "/opportunities/{id}/close", close)
        .page(Method::POST, "/opportunities/{id}/interest", interest)
        .page(Method::POST, "/opportunities/{id}/withdraw", withdraw)
        .page(Method::GET, "/opportunities/{id}/responses", responses)
        .page(Method::POST, "/opportunities/{id}/responses/{response_id}/reply", reply)
}

/// The "Volunteer" block of a place's page: its open opportunities.
pub async fn for_place(state: &AppState, lang: Language, place: plural_kernel::PlaceId) -> WebResult<Vec<Card>> {
    let filter = Filter { place: Some(place), ..Filter::default() };
    Ok(service::list(state, filter, 6, 0).await?.iter().map(|o| card(lang, o)).collect())
}
