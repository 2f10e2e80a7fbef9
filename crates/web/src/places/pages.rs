//! The places pages: the hierarchy, one place, and the forms node admins
//! use to add and edit places.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::authz::{self, Action};
use plural_kernel::places::Footprint;
use plural_kernel::DomainError;
use plural_store::groups::Group;
use plural_store::places::Place;

use super::service::{self, PlaceInput, TreeStep};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::i18n::t_args;
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

#[derive(Template)]
#[template(path = "places/index.html")]
struct IndexPage {
    page: Page,
    tree: Vec<TreeStep>,
    can_create: bool,
}

#[derive(Template)]
#[template(path = "places/show.html")]
struct ShowPage {
    page: Page,
    place: Place,
    ancestry: Vec<Place>,
    footprint: Option<String>,
    children: Vec<Place>,
    groups: Vec<Group>,
    home_count: i64,
    can_edit: bool,
    this_week: Vec<crate::events::pages::Upcoming>,
    new_services: Vec<NewServiceLine>,
    opportunities: Vec<crate::opportunities::pages::Card>,
    notices: crate::notices::pages::Block,
    feed_path: String,
    widget_snippet: String,
    arrived: Vec<crate::federation::following::ArrivedLine>,
    can_follow: bool,
}

/// A recently added service, as a line on a place's home.
pub struct NewServiceLine {
    pub id: String,
    pub name: String,
    pub group: String,
    /// The place within this one it is in; empty when it is this place.
    pub place: String,
    pub terms: String,
    pub reviewed: String,
}

/// How many services "New services" shows, and how many occurrences "What's on this week".
const NEW_SERVICES: i64 = 5;
const THIS_WEEK: usize = 12;

pub struct ParentOption {
    pub slug: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "places/form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    input: PlaceInput,
    /// `None` when adding a place; the current slug when editing.
    editing: Option<String>,
    parents: Vec<ParentOption>,
}

/// Where a place is, in words.
pub fn footprint_words(v: &Visitor, f: &Footprint) -> String {
    match f {
        Footprint::Circle { latitude, longitude, radius_m } => t_args(
            v.lang,
            "place-footprint-circle",
            &[
                ("radius", format!("{radius_m:.0}")),
                ("latitude", format!("{latitude:.4}")),
                ("longitude", format!("{longitude:.4}")),
            ],
        ),
        Footprint::Polygon { .. } => v.t("place-footprint-polygon"),
    }
}

async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let all = plural_store::places::list(&state.db).await?;
    let can_create = authz::decide(&v.actor(), &Action::CreatePlace).is_ok();
    Ok(render(&IndexPage { page: v.page(&state, v.t("places-title")), tree: service::tree(&all), can_create }))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    state.public_pages.page(&v, place_home(&state, &v, &slug)).await
}

/// A place's home, worked out afresh.
async fn place_home(state: &AppState, v: &Visitor, slug: &str) -> WebResult<Response> {
    // The place tree is read once and everything below is worked out from it.
    let all = plural_store::places::list(&state.db).await?;
    let place = all.iter().find(|p| p.slug == slug).cloned().ok_or(WebError::not_found())?;
    let ancestry = service::ancestors(&all, &place);
    let children: Vec<Place> = all.iter().filter(|p| p.parent_id == Some(place.id)).cloned().collect();
    let within = crate::search::service::place_and_within(&all, &place);
    let place_name = |id| match all.iter().find(|p| p.id == id) {
        Some(p) if p.id != place.id => p.name.clone(),
        _ => String::new(),
    };
    let this_week = crate::events::service::this_week_in(state, &within, THIS_WEEK)
        .await?
        .iter()
        .map(|l| crate::events::pages::Upcoming {
            place: place_name(l.event.place_id),
            ..crate::events::pages::card(l, &all)
        })
        .collect();
    let new_services = plural_store::directory::newest_in(&state.db, &within, NEW_SERVICES)
        .await?
        .into_iter()
        .map(|s| NewServiceLine {
            place: place_name(s.place_id),
            reviewed: match &s.last_reviewed {
                Some(date) => t_args(v.lang, "directory-last-reviewed", &[("date", date.clone())]),
                None => v.t("directory-never-reviewed"),
            },
            terms: s.terms.join(", "),
            id: s.id,
            name: s.name,
            group: s.group_name,
        })
        .collect();
    let groups = plural_store::groups::list(&state.db, Some(place.id), 100, 0).await?;
    let home_count = plural_store::places::home_count(&state.db, place.id).await?;
    let footprint = place.footprint.as_ref().map(|f| footprint_words(v, f));
    let can_edit = authz::decide(&v.actor(), &Action::EditPlace).is_ok();
    let opportunities = crate::opportunities::pages::for_place(state, v.lang, place.id).await?;
    let notices = crate::notices::pages::for_place(state, v, place.id, &place.slug).await?;
    let mut page = v.page(state, place.name.clone());
    page.activity_id = Some(crate::federation::actors::actor_id(state.config.base(), &format!("place:{}", place.id)));
    let arrived = crate::federation::following::arrived_lines(
        &crate::federation::following::arrived(state, &place, 20).await,
        &page,
    );
    let can_follow = crate::federation::following::may_manage(state, &v.actor(), &place).await;
    let feed_path = format!("/places/{}", place.slug);
    let widget_snippet = crate::events::widget::snippet(state, v.lang, &feed_path, &place.name);
    Ok(render(&ShowPage {
        widget_snippet,
        page,
        place,
        ancestry,
        footprint,
        children,
        groups,
        home_count,
        can_edit,
        this_week,
        new_services,
        feed_path,
        opportunities,
        notices,
        arrived,
        can_follow,
    }))
}

async fn parent_options(state: &AppState, editing: Option<&str>) -> WebResult<Vec<ParentOption>> {
    let all = plural_store::places::list(&state.db).await?;
    Ok(service::indented(&all)
        .into_iter()
        .filter(|(p, _)| Some(p.slug.as_str()) != editing)
        .map(|(p, depth)| ParentOption { label: format!("{}{}", "— ".repeat(depth), p.name), slug: p.slug })
        .collect())
}

fn input_of(form: &FormData) -> PlaceInput {
    PlaceInput {
        slug: form.get("slug").to_string(),
        name: form.get("name").to_string(),
        description: form.get("description").to_string(),
        parent: form.get("parent").to_string(),
        latitude: form.get("latitude").to_string(),
        longitude: form.get("longitude").to_string(),
        radius_m: form.get("radius_m").to_string(),
        geojson: form.get("geojson").to_string(),
    }
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    input: PlaceInput,
    editing: Option<String>,
    errors: FormErrors,
) -> WebResult<Response> {
    let title = v.t(if editing.is_some() { "place-edit-title" } else { "place-new-title" });
    let title = if errors.any() { format!("{} {title}", v.t("error-title-prefix")) } else { title };
    let parents = parent_options(state, editing.as_deref()).await?;
    Ok(render(&FormPage { page: v.page(state, title), errors, input, editing, parents }))
}

async fn new_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::CreatePlace)?;
    form_page(&state, &v, PlaceInput::default(), None, FormErrors::none()).await
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    let input = input_of(&form);
    match service::create(&state, &v.actor(), &input).await {
        Ok(place) => Ok(Redirect::to(&format!("/places/{}?notice=place-created", place.slug)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, input, None, FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

async fn edit_form(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::EditPlace)?;
    let place = service::by_slug(&state, &slug).await?;
    let all = plural_store::places::list(&state.db).await?;
    let input = PlaceInput::of(&place, service::parent_slug(&all, &place));
    form_page(&state, &v, input, Some(place.slug), FormErrors::none()).await
}

async fn update(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::EditPlace)?;
    let place = service::by_slug(&state, &slug).await?;
    let input = input_of(&form);
    match service::update(&state, &v.actor(), &place, &input).await {
        Ok(place) => Ok(Redirect::to(&format!("/places/{}?notice=place-updated", place.slug)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, input, Some(place.slug), FormErrors::from(v.lang, &errs)).await
        }
        Err(e) => Err(e),
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/places", index)
        .page(Method::POST, "/places", create)
        .page(Method::GET, "/places/new", new_form)
        .page(Method::GET, "/places/{slug}", show)
        .page(Method::GET, "/places/{slug}/edit", edit_form)
        .page(Method::POST, "/places/{slug}/edit", update)
}
