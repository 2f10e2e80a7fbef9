//! The directory pages: the list of services, one service with everything a
//! resident needs, and the form group admins use to publish and edit them.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::directory::{ServiceStatus, WEEKDAYS};
use plural_kernel::DomainError;
use plural_store::directory::{CostOption, OrgDetails, Schedule, Service, ServiceWrite};
use serde::Deserialize;

use super::service::{
    self, field_name, CostInput, LocationInput, ServiceInput, COST_FIELDS, LOCATION_FIELDS, MOST_COSTS, MOST_LOCATIONS,
};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// Languages whose names the locales hold; others show as their code.
const NAMED_LANGUAGES: [&str; 14] =
    ["en", "ar", "pl", "es", "fr", "pt", "so", "bn", "tr", "yo", "ur", "zh", "ro", "ti"];

/// A value and its label, for radios, checkboxes and selects.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn status_of(s: &Service) -> ServiceStatus {
    ServiceStatus::parse("status", &s.status).unwrap_or(ServiceStatus::Active)
}

fn status_label(v: &Visitor, s: ServiceStatus) -> String {
    v.t(&format!("directory-status-{}", s.code()))
}

fn day_label(v: &Visitor, code: &str) -> String {
    v.t(&format!("directory-day-{}", code.to_ascii_lowercase()))
}

/// A service as a card in the list.
pub struct Card {
    pub id: String,
    pub name: String,
    pub group: String,
    pub place: String,
    pub status: String,
    pub closed: bool,
    pub terms: String,
}

#[derive(Template)]
#[template(path = "directory/list.html")]
struct ListPage {
    page: Page,
    services: Vec<Card>,
    places: Vec<Choice>,
    terms: Vec<Choice>,
    group: String,
    can_publish: bool,
    /// Services matching the filters, on every page.
    total: i64,
    /// Links to the pages before and after, or empty.
    previous: String,
    next: String,
}

#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    place: String,
    #[serde(default)]
    term: String,
    #[serde(default)]
    group: String,
    /// From 1; anything else reads as the first page.
    #[serde(default)]
    page: String,
}

/// Services shown on one page of the directory.
const PER_PAGE: i64 = 30;

/// The directory's address with these filters and this page.
fn list_url(q: &ListParams, page: i64) -> String {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in [("place", &q.place), ("term", &q.term), ("group", &q.group)] {
        if !value.trim().is_empty() {
            url.append_pair(name, value.trim());
        }
    }
    if page > 1 {
        url.append_pair("page", &page.to_string());
    }
    let query = url.finish();
    if query.is_empty() {
        "/services".into()
    } else {
        format!("/services?{query}")
    }
}

/// Services as cards, with their group, place and categories in words.
async fn cards(
    state: &AppState,
    v: &Visitor,
    found: &[plural_store::directory::Service],
    places: &[plural_store::places::Place],
    terms: &[plural_store::directory::Term],
) -> WebResult<Vec<Card>> {
    let mut services = Vec::with_capacity(found.len());
    let mut group_ids: Vec<plural_kernel::GroupId> = found.iter().map(|s| s.group_id).collect();
    // Many services share a group: ask for each once.
    group_ids.sort_unstable_by_key(|g| g.to_string());
    group_ids.dedup();
    let group_names = plural_store::groups::names(&state.db, &group_ids).await?;
    for s in found {
        let group = group_names.get(&s.group_id).cloned().unwrap_or_default();
        let status = status_of(s);
        services.push(Card {
            id: s.id.clone(),
            name: s.name.clone(),
            group,
            place: places.iter().find(|p| p.id == s.place_id).map(|p| p.name.clone()).unwrap_or_default(),
            status: status_label(v, status),
            closed: status.is_closed(),
            terms: terms
                .iter()
                .filter(|t| s.term_ids.contains(&t.id))
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(services)
}

async fn list(State(state): State<AppState>, v: Visitor, Query(q): Query<ListParams>) -> WebResult<Response> {
    let query = service::ListQuery { place: q.place.clone(), term: q.term.clone(), group: q.group.clone() };
    let page = q.page.trim().parse::<i64>().ok().filter(|p| (1..=100_000).contains(p)).unwrap_or(1);
    let (found, total) = service::list(&state, &query, PER_PAGE, (page - 1) * PER_PAGE).await?;
    let previous = if page > 1 { list_url(&q, page - 1) } else { String::new() };
    let next = if page * PER_PAGE < total { list_url(&q, page + 1) } else { String::new() };
    let places = plural_store::places::list(&state.db).await?;
    let terms = plural_store::directory::terms(&state.db).await?;
    let services = cards(&state, &v, &found, &places, &terms).await?;
    let place_choices = places
        .iter()
        .map(|p| Choice { value: p.slug.clone(), label: p.name.clone(), selected: p.slug == q.place })
        .collect();
    let term_choices = terms
        .iter()
        .map(|t| Choice { value: t.code.clone(), label: t.name.clone(), selected: t.code == q.term || t.id == q.term })
        .collect();
    let can_publish = !service::publishable_groups(&state, &v.actor()).await?.is_empty();
    Ok(render(&ListPage {
        page: v.page(&state, v.t("directory-title")),
        services,
        places: place_choices,
        terms: term_choices,
        group: q.group,
        can_publish,
        total,
        previous,
        next,
    }))
}

/// A phone number and its `tel:` form.
pub struct PhoneLink {
    pub number: String,
    pub tel: String,
    pub description: String,
}

/// One line of opening hours, in words.
pub struct Hours {
    pub days: String,
    pub opens: String,
    pub closes: String,
}

fn hours_lines(v: &Visitor, schedules: &[Schedule]) -> Vec<Hours> {
    schedules
        .iter()
        .map(|h| Hours {
            days: h.byday.split(',').map(|d| day_label(v, d)).collect::<Vec<_>>().join(", "),
            opens: h.opens_at.clone(),
            closes: h.closes_at.clone(),
        })
        .collect()
}

fn cost_lines(v: &Visitor, costs: &[CostOption]) -> Vec<String> {
    costs
        .iter()
        .map(|c| {
            let price = match (c.free, c.amount_minor) {
                (false, Some(minor)) => service::money(minor),
                _ => v.t("directory-cost-free"),
            };
            if c.description.is_empty() {
                price
            } else {
                format!("{price} — {}", c.description)
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "directory/show.html")]
struct ShowPage {
    page: Page,
    service: Service,
    description_html: String,
    group_name: String,
    group_slug: String,
    place: String,
    status: String,
    closed: bool,
    hours: Vec<Hours>,
    costs: Vec<String>,
    languages: String,
    terms: Vec<String>,
    /// The organisation's public contact details.
    org: OrgDetails,
    phones: Vec<PhoneLink>,
    can_edit: bool,
    jsonld: String,
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let (s, group) = service::load(&state, &id).await?;
    let place = plural_store::places::get(&state.db, s.place_id).await?.map(|p| p.name).unwrap_or_default();
    let status = status_of(&s);
    let hours = hours_lines(&v, &s.schedules);
    let costs = cost_lines(&v, &s.cost_options);
    let languages = s
        .languages
        .iter()
        .map(|l| {
            if NAMED_LANGUAGES.contains(&l.code.as_str()) {
                v.t(&format!("directory-language-{}", l.code))
            } else {
                l.code.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let terms = plural_store::directory::terms(&state.db)
        .await?
        .into_iter()
        .filter(|t| s.term_ids.contains(&t.id))
        .map(|t| t.name)
        .collect();
    let can_edit = service::can_edit(&state, &v.actor(), &group).await?;
    let org = plural_store::directory::org_details(&state.db, group.id).await?;
    let phones = org
        .phones
        .iter()
        .map(|p| PhoneLink {
            tel: p.number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect(),
            number: p.number.clone(),
            description: p.description.clone(),
        })
        .collect();
    let jsonld = crate::jsonld::script_body(&crate::jsonld::service(&state, &s, &group, Some(&place)));
    let mut page = v.page(&state, s.name.clone());
    // Its ActivityPub id is this page's own address (see federation::negotiate).
    page.activity_id = Some(format!("{}/services/{}", state.config.base(), s.id));
    Ok(render(&ShowPage {
        jsonld,
        org,
        phones,
        page,
        description_html: crate::rich_text::markdown_to_html(&s.description, crate::rich_text::RawHtml::Strip),
        group_name: group.name,
        group_slug: group.slug,
        place,
        status: status_label(&v, status),
        closed: status.is_closed(),
        hours,
        costs,
        languages,
        terms,
        can_edit,
        service: s,
    }))
}

#[derive(Template)]
#[template(path = "directory/form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    action: String,
    heading: String,
    button: String,
    cancel: String,
    /// Empty when editing: the publishing group cannot change.
    groups: Vec<Choice>,
    v: ServiceInput,
    statuses: Vec<Choice>,
    places: Vec<Choice>,
    locations: Vec<LocationFieldset>,
    costs: Vec<CostFieldset>,
    can_add_location: bool,
    can_add_cost: bool,
    days: Vec<Choice>,
    terms: Vec<Choice>,
    preview: Option<Preview>,
}

fn input_from_form(f: &FormData) -> ServiceInput {
    let all = |name: &str| f.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let sent = |name: &str| f.0.iter().any(|(k, _)| k == name);
    // The form has a numbered fieldset per location and per price; read
    // them in order until one is missing.
    let locations = (0..MOST_LOCATIONS)
        .take_while(|&i| i == 0 || LOCATION_FIELDS.iter().any(|n| sent(field_name(i, n))))
        .map(|i| {
            let get = |n: &'static str| f.get(field_name(i, n)).to_string();
            LocationInput {
                name: get("location_name"),
                address_1: get("address_1"),
                address_2: get("address_2"),
                city: get("city"),
                postcode: get("postcode"),
                latitude: get("latitude"),
                longitude: get("longitude"),
                accessibility: get("accessibility"),
            }
        })
        .collect();
    let costs = (0..MOST_COSTS)
        .take_while(|&i| i == 0 || COST_FIELDS.iter().any(|n| sent(field_name(i, n))))
        .map(|i| CostInput {
            kind: f.get(field_name(i, "cost")).into(),
            amount: f.get(field_name(i, "amount")).into(),
            description: f.get(field_name(i, "cost_description")).into(),
        })
        .collect();
    ServiceInput {
        name: f.get("name").into(),
        description: f.get("description").into(),
        status: f.get("status").into(),
        place: f.get("place").into(),
        url: f.get("url").into(),
        email: f.get("email").into(),
        eligibility: f.get("eligibility").into(),
        locations,
        days: all("days"),
        opens_at: f.get("opens_at").into(),
        closes_at: f.get("closes_at").into(),
        costs,
        languages: f.get("languages").into(),
        terms: all("terms"),
        extra_schedules: vec![],
    }
}

/// What the form shows for a stored service.
pub fn input_from_service(s: &Service, place_slug: String) -> ServiceInput {
    let schedule = s.schedules.first();
    ServiceInput {
        name: s.name.clone(),
        description: s.description.clone(),
        status: s.status.clone(),
        place: place_slug,
        url: s.url.clone().unwrap_or_default(),
        email: s.email.clone().unwrap_or_default(),
        eligibility: s.eligibility_description.clone(),
        locations: s
            .locations
            .iter()
            .map(|l| {
                let l = l.location.clone();
                LocationInput {
                    name: l.name,
                    address_1: l.address_1,
                    address_2: l.address_2,
                    city: l.city,
                    postcode: l.postcode,
                    latitude: l.latitude.map(|n| n.to_string()).unwrap_or_default(),
                    longitude: l.longitude.map(|n| n.to_string()).unwrap_or_default(),
                    accessibility: l.accessibility,
                }
            })
            .collect(),
        days: schedule.map(|h| h.byday.split(',').map(str::to_string).collect()).unwrap_or_default(),
        opens_at: schedule.map(|h| h.opens_at.clone()).unwrap_or_default(),
        closes_at: schedule.map(|h| h.closes_at.clone()).unwrap_or_default(),
        costs: s
            .cost_options
            .iter()
            .map(|c| CostInput {
                kind: if c.free { "free" } else { "paid" }.into(),
                amount: c.amount_minor.map(|m| format!("{}.{:02}", m / 100, m % 100)).unwrap_or_default(),
                description: c.description.clone(),
            })
            .collect(),
        languages: s.languages.iter().map(|l| l.code.clone()).collect::<Vec<_>>().join(", "),
        terms: s.term_ids.clone(),
        extra_schedules: s.schedules.iter().skip(1).cloned().collect(),
    }
}

/// One location's fieldset: its number, its fields' names, what is in them.
pub struct LocationFieldset {
    pub legend: String,
    pub name: &'static str,
    pub address_1: &'static str,
    pub address_2: &'static str,
    pub city: &'static str,
    pub postcode: &'static str,
    pub latitude: &'static str,
    pub longitude: &'static str,
    pub accessibility: &'static str,
    pub v: LocationInput,
}

/// One price's fieldset.
pub struct CostFieldset {
    pub legend: String,
    pub kind: &'static str,
    pub amount: &'static str,
    pub description: &'static str,
    /// The first price may be left unsaid; later ones are removed by choosing that.
    pub v: CostInput,
}

fn location_fieldsets(v: &Visitor, input: &ServiceInput) -> Vec<LocationFieldset> {
    let mut locations = input.locations.clone();
    if locations.is_empty() {
        locations.push(LocationInput::default());
    }
    locations
        .into_iter()
        .enumerate()
        .map(|(i, l)| LocationFieldset {
            legend: crate::i18n::t_args(v.lang, "directory-location-n", &[("n", (i + 1).to_string())]),
            name: field_name(i, "location_name"),
            address_1: field_name(i, "address_1"),
            address_2: field_name(i, "address_2"),
            city: field_name(i, "city"),
            postcode: field_name(i, "postcode"),
            latitude: field_name(i, "latitude"),
            longitude: field_name(i, "longitude"),
            accessibility: field_name(i, "accessibility"),
            v: l,
        })
        .collect()
}

fn cost_fieldsets(v: &Visitor, input: &ServiceInput) -> Vec<CostFieldset> {
    let mut costs = input.costs.clone();
    if costs.is_empty() {
        costs.push(CostInput::default());
    }
    costs
        .into_iter()
        .enumerate()
        .map(|(i, c)| CostFieldset {
            legend: crate::i18n::t_args(v.lang, "directory-cost-n", &[("n", (i + 1).to_string())]),
            kind: field_name(i, "cost"),
            amount: field_name(i, "amount"),
            description: field_name(i, "cost_description"),
            v: c,
        })
        .collect()
}

/// The service as its public page will show it, above the form, before saving.
pub struct Preview {
    pub name: String,
    pub description_html: String,
    pub addresses: Vec<String>,
    pub hours: Vec<Hours>,
    pub costs: Vec<String>,
}

impl Preview {
    fn of(v: &Visitor, w: &ServiceWrite) -> Preview {
        Preview {
            name: w.name.clone(),
            description_html: crate::rich_text::markdown_to_html(&w.description, crate::rich_text::RawHtml::Strip),
            addresses: w
                .locations
                .iter()
                .map(|l| {
                    [&l.name, &l.address_1, &l.address_2, &l.city, &l.postcode]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect(),
            hours: hours_lines(v, &w.schedules),
            costs: cost_lines(v, &w.cost_options),
        }
    }
}

/// What the form's submit buttons ask for besides saving.
enum FormAction {
    Save,
    Preview,
    AddLocation,
    AddCost,
}

fn form_action(f: &FormData) -> FormAction {
    match f.get("save") {
        "preview" => FormAction::Preview,
        "add_location" => FormAction::AddLocation,
        "add_cost" => FormAction::AddCost,
        _ => FormAction::Save,
    }
}

struct FormSetup {
    action: String,
    heading: String,
    button: String,
    cancel: String,
    /// The publishing group's slug (new services) or empty (editing).
    group: Option<String>,
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    errors: FormErrors,
    input: ServiceInput,
    f: FormSetup,
    preview: Option<Preview>,
) -> WebResult<Response> {
    let title = if errors.any() { format!("{} {}", v.t("error-title-prefix"), f.heading) } else { f.heading.clone() };
    let groups = match &f.group {
        Some(selected) => service::publishable_groups(state, &v.actor())
            .await?
            .into_iter()
            .map(|g| Choice { selected: &g.slug == selected, value: g.slug, label: g.name })
            .collect(),
        None => vec![],
    };
    let statuses = ServiceStatus::ALL
        .iter()
        .map(|s| Choice {
            value: s.code().into(),
            label: status_label(v, *s),
            selected: ServiceStatus::parse("status", &input.status).ok() == Some(*s),
        })
        .collect();
    let places = plural_store::places::list(&state.db)
        .await?
        .into_iter()
        .map(|p| Choice { selected: p.slug == input.place, value: p.slug, label: p.name })
        .collect();
    let days = WEEKDAYS
        .iter()
        .map(|d| Choice {
            value: (*d).into(),
            label: day_label(v, d),
            selected: input.days.iter().any(|x| x.eq_ignore_ascii_case(d)),
        })
        .collect();
    let terms = plural_store::directory::terms(&state.db)
        .await?
        .into_iter()
        .map(|t| Choice {
            selected: input.terms.iter().any(|x| *x == t.id || *x == t.code),
            value: t.id,
            label: t.name,
        })
        .collect();
    Ok(render(&FormPage {
        page: v.page(state, title),
        errors,
        action: f.action,
        heading: f.heading,
        button: f.button,
        cancel: f.cancel,
        groups,
        locations: location_fieldsets(v, &input),
        costs: cost_fieldsets(v, &input),
        can_add_location: input.locations.len() < MOST_LOCATIONS,
        can_add_cost: input.costs.len() < MOST_COSTS,
        v: input,
        statuses,
        places,
        days,
        terms,
        preview,
    }))
}

fn new_setup(v: &Visitor, group: String) -> FormSetup {
    FormSetup {
        action: "/services".into(),
        heading: v.t("directory-new-title"),
        button: v.t("directory-new-button"),
        cancel: "/services".into(),
        group: Some(group),
    }
}

#[derive(Deserialize, Default)]
struct NewParams {
    #[serde(default)]
    group: String,
}

async fn new_form(State(state): State<AppState>, v: Visitor, Query(q): Query<NewParams>) -> WebResult<Response> {
    v.require()?;
    let groups = service::publishable_groups(&state, &v.actor()).await?;
    if groups.is_empty() {
        return Err(DomainError::Forbidden("group-admin-only").into());
    }
    let group = groups.iter().find(|g| g.slug == q.group).or(groups.first()).cloned();
    let place = match &group {
        Some(g) => plural_store::places::get(&state.db, g.place_id).await?.map(|p| p.slug).unwrap_or_default(),
        None => String::new(),
    };
    // Sensible defaults: the group asked for (or the first), in its place, active, free, in English.
    let input = ServiceInput {
        status: ServiceStatus::Active.code().into(),
        place,
        costs: vec![CostInput { kind: "free".into(), ..CostInput::default() }],
        languages: "en".into(),
        ..ServiceInput::default()
    };
    let slug = group.map(|g| g.slug).unwrap_or_default();
    form_page(&state, &v, FormErrors::none(), input, new_setup(&v, slug), None).await
}

/// The form's other buttons: one more location or price, or a preview.
/// `None` when the button was "save", for the caller to save.
async fn form_extras(
    state: &AppState,
    v: &Visitor,
    form: &FormData,
    mut input: ServiceInput,
    setup: FormSetup,
    check: impl std::future::Future<Output = WebResult<ServiceWrite>>,
) -> WebResult<Option<Response>> {
    match form_action(form) {
        FormAction::Save => Ok(None),
        FormAction::AddLocation => {
            if input.locations.is_empty() {
                input.locations.push(LocationInput::default());
            }
            input.locations.push(LocationInput::default());
            form_page(state, v, FormErrors::none(), input, setup, None).await.map(Some)
        }
        FormAction::AddCost => {
            if input.costs.is_empty() {
                input.costs.push(CostInput::default());
            }
            input.costs.push(CostInput::default());
            form_page(state, v, FormErrors::none(), input, setup, None).await.map(Some)
        }
        FormAction::Preview => match check.await {
            Ok(write) => {
                let preview = Preview::of(v, &write);
                form_page(state, v, FormErrors::none(), input, setup, Some(preview)).await.map(Some)
            }
            Err(WebError::Domain(DomainError::Invalid(errs))) => {
                form_page(state, v, FormErrors::from(v.lang, &errs), input, setup, None).await.map(Some)
            }
            Err(e) => Err(e),
        },
    }
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    let input = input_from_form(&form);
    let group = form.get("group").to_string();
    let actor = v.actor();
    let check = service::check_new(&state, &actor, &group, &input);
    if let Some(page) = form_extras(&state, &v, &form, input.clone(), new_setup(&v, group.clone()), check).await? {
        return Ok(page);
    }
    match service::create(&state, &v.actor(), &group, &input).await {
        Ok(s) => Ok(Redirect::to(&format!("/services/{}?notice=directory-created", s.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let errors = FormErrors::from(v.lang, &errs);
            form_page(&state, &v, errors, input, new_setup(&v, group), None).await
        }
        Err(e) => Err(e),
    }
}

fn edit_setup(v: &Visitor, s: &Service) -> FormSetup {
    FormSetup {
        action: format!("/services/{}/edit", s.id),
        heading: crate::i18n::t_args(v.lang, "directory-edit-title", &[("name", s.name.clone())]),
        button: v.t("directory-edit-button"),
        cancel: format!("/services/{}", s.id),
        group: None,
    }
}

async fn edit_form(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let (s, group) = service::load(&state, &id).await?;
    if !service::can_edit(&state, &v.actor(), &group).await? {
        return Err(DomainError::Forbidden("group-admin-only").into());
    }
    let place = plural_store::places::get(&state.db, s.place_id).await?.map(|p| p.slug).unwrap_or_default();
    let setup = edit_setup(&v, &s);
    form_page(&state, &v, FormErrors::none(), input_from_service(&s, place), setup, None).await
}

async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let input = input_from_form(&form);
    let (stored, _) = service::load(&state, &id).await?;
    let actor = v.actor();
    let check = service::check_update(&state, &actor, &id, &input);
    if let Some(page) = form_extras(&state, &v, &form, input.clone(), edit_setup(&v, &stored), check).await? {
        return Ok(page);
    }
    match service::update(&state, &v.actor(), &id, &input).await {
        Ok(s) => Ok(Redirect::to(&format!("/services/{}?notice=directory-updated", s.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let errors = FormErrors::from(v.lang, &errs);
            form_page(&state, &v, errors, input, edit_setup(&v, &stored), None).await
        }
        Err(e) => Err(e),
    }
}

async fn reviewed(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    _form: FormData,
) -> WebResult<Response> {
    let s = service::mark_reviewed(&state, &v.actor(), &id).await?;
    Ok(Redirect::to(&format!("/services/{}?notice=directory-reviewed", s.id)).into_response())
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/services", list)
        .page(Method::POST, "/services", create)
        .page(Method::GET, "/services/new", new_form)
        .page(Method::GET, "/services/{id}", show)
        .page(Method::GET, "/services/{id}/edit", edit_form)
        .page(Method::POST, "/services/{id}/edit", edit)
        .page(Method::POST, "/services/{id}/reviewed", reviewed)
}
