//! The event pages: what's on, one event (with RSVP and "add to calendar"),
//! the one-form "new event" page, editing the series, changing one
//! occurrence, cancelling, and the organisers' list of who is coming.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::events::{EventInput, EventStatus, Repeat, RsvpState};
use plural_kernel::DomainError;
use plural_store::events::{Event, Filter};
use plural_store::places::Place;
use serde::Deserialize;

use super::service::{self, Listed, Loaded, Occurrence};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// A value and its label, for selects.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One occurrence as a line in a list.
pub struct Upcoming {
    pub id: String,
    pub title: String,
    pub when: String,
    pub place: String,
    pub cancelled: bool,
    pub moved: bool,
    pub draft: bool,
}

/// "2026-11-26 10:00–12:00" in the event's own zone (ISO dates read the same in every language).
pub fn when(e: &Event, starts: i64, ends: i64) -> String {
    let s = service::local(e, starts);
    let en = service::local(e, ends);
    if s.date() == en.date() {
        format!("{} {}–{}", s.format("%Y-%m-%d"), s.format("%H:%M"), en.format("%H:%M"))
    } else {
        format!("{} {} – {} {}", s.format("%Y-%m-%d"), s.format("%H:%M"), en.format("%Y-%m-%d"), en.format("%H:%M"))
    }
}

pub(crate) fn card(l: &Listed, places: &[Place]) -> Upcoming {
    Upcoming {
        id: l.event.id.to_string(),
        title: l.event.title.clone(),
        when: when(&l.event, l.occurrence.starts_at, l.occurrence.ends_at),
        place: places.iter().find(|p| p.id == l.event.place_id).map(|p| p.name.clone()).unwrap_or_default(),
        cancelled: l.occurrence.cancelled || l.event.status == EventStatus::Cancelled,
        moved: l.occurrence.moved,
        draft: l.event.status == EventStatus::Draft,
    }
}

/// The next few occurrences for a group's or a place's page.
pub async fn upcoming_block(state: &AppState, filter: Filter) -> WebResult<Vec<Upcoming>> {
    let now = plural_store::now();
    let places = plural_store::places::list(&state.db).await?;
    let listed = service::upcoming(state, filter, now, now + 31 * 86400, 8).await?;
    Ok(listed.iter().map(|l| card(l, &places)).collect())
}

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListPage {
    page: Page,
    week: Vec<Upcoming>,
    later: Vec<Upcoming>,
    places: Vec<Choice>,
    place: Option<Place>,
    can_create: bool,
}

#[derive(Deserialize)]
struct PlaceQuery {
    #[serde(default)]
    place: String,
}

async fn list(State(state): State<AppState>, v: Visitor, Query(q): Query<PlaceQuery>) -> WebResult<Response> {
    let places = plural_store::places::list(&state.db).await?;
    let place = places.iter().find(|p| !q.place.is_empty() && p.slug == q.place).cloned();
    if !q.place.is_empty() && place.is_none() {
        return Err(WebError::not_found());
    }
    let now = plural_store::now();
    let filter = Filter { place: place.as_ref().map(|p| p.id), within: true, ..Default::default() };
    let listed = service::upcoming(&state, filter, now, now + 62 * 86400, 200).await?;
    let (week, later): (Vec<&Listed>, Vec<&Listed>) =
        listed.iter().partition(|l| l.occurrence.starts_at < now + 7 * 86400);
    let title = match &place {
        Some(p) => crate::i18n::t_args(v.lang, "events-in-place-title", &[("place", p.name.clone())]),
        None => v.t("events-title"),
    };
    let can_create = match v.person {
        Some(_) => !service::publishable_groups(&state, &v.actor()).await?.is_empty(),
        None => false,
    };
    let choices = places
        .iter()
        .map(|p| Choice {
            value: p.slug.clone(),
            label: p.name.clone(),
            selected: Some(&p.slug) == place.as_ref().map(|pl| &pl.slug),
        })
        .collect();
    Ok(render(&ListPage {
        page: v.page(&state, title),
        week: week.iter().map(|l| card(l, &places)).collect(),
        later: later.iter().map(|l| card(l, &places)).collect(),
        places: choices,
        place,
        can_create,
    }))
}

/// One occurrence on the event page.
pub struct OccurrenceRow {
    pub original: i64,
    pub when: String,
    pub cancelled: bool,
    pub moved: bool,
}

fn row(e: &Event, o: &Occurrence) -> OccurrenceRow {
    OccurrenceRow {
        original: o.original,
        when: when(e, o.starts_at, o.ends_at),
        cancelled: o.cancelled,
        moved: o.moved,
    }
}

#[derive(Template)]
#[template(path = "events/show.html")]
struct ShowPage {
    page: Page,
    id: String,
    event_title: String,
    description_html: String,
    group_name: String,
    group_slug: String,
    place: Option<Place>,
    status: String,
    cancelled: bool,
    draft: bool,
    mode: String,
    venue: String,
    address: String,
    postcode: String,
    online_url: String,
    first: String,
    time_zone: String,
    repeats: String,
    cost: String,
    capacity: String,
    accessibility: String,
    languages: String,
    age_range: String,
    next: Vec<OccurrenceRow>,
    repeating: bool,
    signed_in: bool,
    your_rsvp: String,
    can_rsvp: bool,
    going: i64,
    waiting: i64,
    can_manage: bool,
    /// Who is coming is the organising group's to see, not node admins'.
    can_see_rsvps: bool,
    jsonld: String,
}

async fn show(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    if let Some(id) = id.strip_suffix(".ics") {
        return super::feeds::event_ics(&state, id).await;
    }
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let e = &l.event;
    let next = service::next_occurrences(&state, e, 10).await?;
    let place = plural_store::places::get(&state.db, e.place_id).await?;
    let your_rsvp = match actor.person_id() {
        Some(p) => plural_store::events::rsvp_of(&state.db, e.id, p).await?,
        None => None,
    };
    let (going, waiting) = plural_store::events::rsvp_counts(&state.db, e.id).await?;
    let capacity = match e.capacity {
        Some(c) => crate::i18n::t_args(
            v.lang,
            "event-capacity-of",
            &[("going", going.to_string()), ("capacity", c.to_string())],
        ),
        None => String::new(),
    };
    let jsonld = crate::jsonld::event_script(&state, e, &l.group, place.as_ref(), &next);
    let page = ShowPage {
        page: crate::layout::Page {
            activity_id: (e.status != EventStatus::Draft)
                .then(|| crate::federation::objects::event_id(state.config.base(), e)),
            ..v.page(&state, e.title.clone())
        },
        id: e.id.to_string(),
        event_title: e.title.clone(),
        description_html: crate::rich_text::markdown_to_html(&e.description, crate::rich_text::RawHtml::AsText),
        group_name: l.group.name.clone(),
        group_slug: l.group.slug.clone(),
        place,
        status: v.t(&format!("event-status-{}", e.status.as_str())),
        cancelled: e.status == EventStatus::Cancelled,
        draft: e.status == EventStatus::Draft,
        mode: v.t(&format!("event-mode-{}", e.mode.as_str())),
        venue: e.venue.clone(),
        address: e.address.clone(),
        postcode: e.postcode.clone(),
        online_url: e.online_url.clone(),
        first: when(e, e.starts_at, e.ends_at),
        time_zone: e.time_zone.clone(),
        repeats: v.t(&format!("event-repeat-{}", e.repeat.as_str())),
        cost: if e.is_free { v.t("event-free") } else { e.cost.clone() },
        capacity,
        accessibility: e.accessibility.clone(),
        languages: e.languages.clone(),
        age_range: e.age_range.clone(),
        next: next.iter().map(|o| row(e, o)).collect(),
        repeating: e.rrule.is_some(),
        signed_in: v.person.is_some(),
        your_rsvp: your_rsvp.map(|s| s.as_str().to_string()).unwrap_or_default(),
        can_rsvp: e.status == EventStatus::Published,
        going,
        waiting,
        can_manage: l.can_manage,
        can_see_rsvps: plural_kernel::authz::decide(
            &v.actor(),
            &plural_kernel::authz::Action::ViewRsvps { role: l.role },
        )
        .is_ok(),
        jsonld,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "events/form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    heading: String,
    action: String,
    editing: bool,
    groups: Vec<Choice>,
    repeats: Vec<Choice>,
    modes: Vec<Choice>,
    f: Values,
    cancel: String,
    preview: Option<Preview>,
}

/// The event as its public page will show it, above the form, before saving.
pub struct Preview {
    pub title: String,
    pub when: String,
    pub repeats: Option<String>,
    pub mode: String,
    pub venue: String,
    pub cost: String,
    pub description_html: String,
}

impl Preview {
    fn of(v: &Visitor, d: &plural_kernel::events::EventDetails) -> Preview {
        let s = plural_kernel::events::unix_to_local(d.time_zone, d.starts_at);
        let en = plural_kernel::events::unix_to_local(d.time_zone, d.ends_at);
        let when = if s.date() == en.date() {
            format!("{} {}–{} ({})", s.format("%Y-%m-%d"), s.format("%H:%M"), en.format("%H:%M"), d.time_zone.name())
        } else {
            format!("{} – {} ({})", s.format("%Y-%m-%d %H:%M"), en.format("%Y-%m-%d %H:%M"), d.time_zone.name())
        };
        Preview {
            title: d.title.clone(),
            when,
            repeats: d.rrule.is_some().then(|| v.t(&format!("event-repeat-{}", d.repeat.as_str()))),
            mode: v.t(&format!("event-mode-{}", d.mode.as_str())),
            venue: [d.venue.as_str(), d.address.as_str(), d.postcode.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
            cost: if d.is_free { v.t("event-free") } else { d.cost.clone() },
            description_html: crate::rich_text::markdown_to_html(&d.description, crate::rich_text::RawHtml::AsText),
        }
    }
}

/// What the form shows: what was submitted, or what is stored.
#[derive(Default)]
pub struct Values {
    pub group: String,
    pub title: String,
    pub description: String,
    pub mode: String,
    pub venue: String,
    pub address: String,
    pub postcode: String,
    pub online_url: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub repeat: String,
    pub until: String,
    /// Kept from an API-made series ("6 times"); the form does not ask for it.
    pub count: String,
    /// Kept as it is; the form assumes the node's zone for new events.
    pub time_zone: String,
    pub is_free: bool,
    pub cost: String,
    pub capacity: String,
    pub accessibility: String,
    pub languages: String,
    pub age_range: String,
}

impl Values {
    fn from_form(f: &FormData) -> Values {
        Values {
            group: f.get("group").into(),
            title: f.get("title").into(),
            description: f.get("description").into(),
            mode: f.get("mode").into(),
            venue: f.get("venue").into(),
            address: f.get("address").into(),
            postcode: f.get("postcode").into(),
            online_url: f.get("online_url").into(),
            date: f.get("date").into(),
            start_time: f.get("start_time").into(),
            end_time: f.get("end_time").into(),
            repeat: f.get("repeat").into(),
            until: f.get("until").into(),
            count: f.get("count").into(),
            time_zone: f.get("time_zone").into(),
            is_free: f.checked("is_free"),
            cost: f.get("cost").into(),
            capacity: f.get("capacity").into(),
            accessibility: f.get("accessibility").into(),
            languages: f.get("languages").into(),
            age_range: f.get("age_range").into(),
        }
    }

    fn of(e: &Event, group: &str) -> Values {
        let s = service::local(e, e.starts_at);
        let en = service::local(e, e.ends_at);
        Values {
            group: group.into(),
            title: e.title.clone(),
            description: e.description.clone(),
            mode: e.mode.as_str().into(),
            venue: e.venue.clone(),
            address: e.address.clone(),
            postcode: e.postcode.clone(),
            online_url: e.online_url.clone(),
            date: s.format("%Y-%m-%d").to_string(),
            start_time: s.format("%H:%M").to_string(),
            end_time: en.format("%H:%M").to_string(),
            repeat: e.repeat.as_str().into(),
            until: service::until_of(e),
            count: service::count_of(e),
            time_zone: e.time_zone.clone(),
            is_free: e.is_free,
            cost: e.cost.clone(),
            capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
            accessibility: e.accessibility.clone(),
            languages: e.languages.clone(),
            age_range: e.age_range.clone(),
        }
    }

    fn input(&self) -> EventInput<'_> {
        EventInput {
            title: &self.title,
            description: &self.description,
            mode: &self.mode,
            venue: &self.venue,
            address: &self.address,
            postcode: &self.postcode,
            online_url: &self.online_url,
            date: &self.date,
            start_time: &self.start_time,
            end_time: &self.end_time,
            repeat: &self.repeat,
            until: &self.until,
            count: &self.count,
            time_zone: &self.time_zone,
            is_free: self.is_free,
            cost: &self.cost,
            capacity: &self.capacity,
            accessibility: &self.accessibility,
            languages: &self.languages,
            age_range: &self.age_range,
            ..Default::default()
        }
    }
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    errors: FormErrors,
    f: Values,
    editing: Option<&Loaded>,
    preview: Option<Preview>,
) -> WebResult<Response> {
    let heading = match editing {
        Some(l) => crate::i18n::t_args(v.lang, "event-edit-title", &[("title", l.event.title.clone())]),
        None => v.t("event-new-title"),
    };
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading.clone() };
    let groups = match editing {
        Some(l) => vec![Choice { value: l.group.slug.clone(), label: l.group.name.clone(), selected: true }],
        None => service::publishable_groups(state, &v.actor())
            .await?
            .into_iter()
            .map(|g| Choice { selected: g.slug == f.group, value: g.slug, label: g.name })
            .collect(),
    };
    let repeats = Repeat::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().into(),
            label: v.t(&format!("event-repeat-{}", r.as_str())),
            selected: r.as_str() == f.repeat,
        })
        .collect();
    let modes = plural_kernel::events::EventMode::ALL
        .iter()
        .map(|m| Choice {
            value: m.as_str().into(),
            label: v.t(&format!("event-mode-{}", m.as_str())),
            selected: m.as_str() == f.mode || (f.mode.is_empty() && m.as_str() == "in_person"),
        })
        .collect();
    let (action, cancel) = match editing {
        Some(l) => (format!("/events/{}/edit", l.event.id), format!("/events/{}", l.event.id)),
        None => ("/events".to_string(), "/events".to_string()),
    };
    Ok(render(&FormPage {
        page: v.page(state, title),
        errors,
        heading,
        action,
        editing: editing.is_some(),
        groups,
        repeats,
        modes,
        f,
        cancel,
        preview,
    }))
}

#[derive(Deserialize)]
struct NewQuery {
    #[serde(default)]
    group: String,
}

async fn new_form(State(state): State<AppState>, v: Visitor, Query(q): Query<NewQuery>) -> WebResult<Response> {
    v.require()?;
    let groups = service::publishable_groups(&state, &v.actor()).await?;
    if groups.is_empty() {
        return Err(DomainError::Forbidden("group-admin-only").into());
    }
    // Sensible defaults: the group asked for (or the only one), from the
    // next whole hour for two hours in the node's zone, in person, free.
    let group = groups.iter().find(|g| g.slug == q.group).or(if groups.len() == 1 { groups.first() } else { None });
    let (date, start_time, end_time) = service::default_times(state.config.zone(), plural_store::now());
    let values = Values {
        group: group.map(|g| g.slug.clone()).unwrap_or_default(),
        date,
        start_time,
        end_time,
        time_zone: state.config.time_zone.clone(),
        repeat: "none".into(),
        is_free: true,
        mode: "in_person".into(),
        ..Default::default()
    };
    form_page(&state, &v, FormErrors::none(), values, None, None).await
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    v.require()?;
    let values = Values::from_form(&form);
    if form.get("save") == "preview" {
        return match service::check_new(&state, &v.actor(), &values.group, &values.input()).await {
            Ok((_, details)) => {
                let preview = Preview::of(&v, &details);
                form_page(&state, &v, FormErrors::none(), values, None, Some(preview)).await
            }
            Err(WebError::Domain(DomainError::Invalid(errs))) => {
                form_page(&state, &v, FormErrors::from(v.lang, &errs), values, None, None).await
            }
            Err(e) => Err(e),
        };
    }
    let publish = form.get("save") != "draft";
    match service::create(&state, &v.actor(), &values.group, &values.input(), publish).await {
        Ok(e) => {
            let notice = if publish { "event-published" } else { "event-draft-saved" };
            Ok(Redirect::to(&format!("/events/{}?notice={notice}", e.id)).into_response())
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, FormErrors::from(v.lang, &errs), values, None, None).await
        }
        Err(e) => Err(e),
    }
}

async fn edit_form(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    plural_kernel::authz::decide(&actor, &plural_kernel::authz::Action::ManageGroupContent { role: l.role })?;
    let values = Values::of(&l.event, &l.group.slug);
    form_page(&state, &v, FormErrors::none(), values, Some(&l), None).await
}

async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let values = Values::from_form(&form);
    if form.get("save") == "preview" {
        let (errors, preview) = match service::check_update(&actor, &l, &values.input()) {
            Ok(details) => (FormErrors::none(), Some(Preview::of(&v, &details))),
            Err(WebError::Domain(DomainError::Invalid(errs))) => (FormErrors::from(v.lang, &errs), None),
            Err(e) => return Err(e),
        };
        return form_page(&state, &v, errors, values, Some(&l), preview).await;
    }
    let publish = match form.get("save") {
        "draft" => Some(false),
        "publish" => Some(true),
        _ => None,
    };
    match service::update(&state, &actor, &l, &values.input(), publish).await {
        Ok(e) => Ok(Redirect::to(&format!("/events/{}?notice=event-saved", e.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            form_page(&state, &v, FormErrors::from(v.lang, &errs), values, Some(&l), None).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "events/cancel.html")]
struct CancelPage {
    page: Page,
    id: String,
}

async fn cancel_form(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    plural_kernel::authz::decide(&actor, &plural_kernel::authz::Action::ManageGroupContent { role: l.role })?;
    let title = crate::i18n::t_args(v.lang, "event-cancel-title", &[("title", l.event.title.clone())]);
    Ok(render(&CancelPage { page: v.page(&state, title), id: l.event.id.to_string() }))
}

async fn cancel(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::cancel(&state, &actor, &l).await?;
    Ok(Redirect::to(&format!("/events/{}?notice=event-cancelled", l.event.id)).into_response())
}

#[derive(Template)]
#[template(path = "events/occurrence.html")]
struct OccurrencePage {
    page: Page,
    errors: FormErrors,
    id: String,
    original: i64,
    event_title: String,
    when: String,
    date: String,
    start_time: String,
    end_time: String,
}

async fn occurrence_page(
    state: &AppState,
    v: &Visitor,
    l: &Loaded,
    original: i64,
    errors: FormErrors,
    values: Option<(String, String, String)>,
) -> WebResult<Response> {
    let e = &l.event;
    let length = e.ends_at - e.starts_at;
    let (date, start_time, end_time) = values.unwrap_or_else(|| {
        let s = service::local(e, original);
        let en = service::local(e, original + length);
        (s.format("%Y-%m-%d").to_string(), s.format("%H:%M").to_string(), en.format("%H:%M").to_string())
    });
    let heading = v.t("event-occurrence-title");
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading };
    Ok(render(&OccurrencePage {
        page: v.page(state, title),
        errors,
        id: e.id.to_string(),
        original,
        event_title: e.title.clone(),
        when: when(e, original, original + length),
        date,
        start_time,
        end_time,
    }))
}

async fn occurrence_form(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, original)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    plural_kernel::authz::decide(&actor, &plural_kernel::authz::Action::ManageGroupContent { role: l.role })?;
    let original = service::parse_occurrence(&original).map_err(|_| WebError::not_found())?;
    occurrence_page(&state, &v, &l, original, FormErrors::none(), None).await
}

async fn occurrence_change(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, original)): Path<(String, String)>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let original = service::parse_occurrence(&original).map_err(|_| WebError::not_found())?;
    let result = if form.get("change") == "cancel" {
        service::cancel_occurrence(&state, &actor, &l, original).await.map(|()| "event-occurrence-cancelled")
    } else {
        service::move_occurrence(
            &state,
            &actor,
            &l,
            original,
            form.get("date"),
            form.get("start_time"),
            form.get("end_time"),
        )
        .await
        .map(|()| "event-occurrence-moved")
    };
    match result {
        Ok(notice) => Ok(Redirect::to(&format!("/events/{}?notice={notice}", l.event.id)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let values = (form.get("date").into(), form.get("start_time").into(), form.get("end_time").into());
            occurrence_page(&state, &v, &l, original, FormErrors::from(v.lang, &errs), Some(values)).await
        }
        Err(e) => Err(e),
    }
}

async fn rsvp(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let notice = match service::rsvp(&state, &actor, &l).await? {
        RsvpState::Going => "event-rsvp-going",
        RsvpState::Waiting => "event-rsvp-waiting",
    };
    Ok(Redirect::to(&format!("/events/{}?notice={notice}", l.event.id)).into_response())
}

async fn cancel_rsvp(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::cancel_rsvp(&state, &actor, &l).await?;
    Ok(Redirect::to(&format!("/events/{}?notice=event-rsvp-withdrawn", l.event.id)).into_response())
}

pub struct RsvpRow {
    pub name: String,
    pub state: String,
    pub at: i64,
}

#[derive(Template)]
#[template(path = "events/rsvps.html")]
struct RsvpsPage {
    page: Page,
    id: String,
    event_title: String,
    rows: Vec<RsvpRow>,
}

async fn rsvps(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    v.require()?;
    let actor = v.actor();
    let l = service::load(&state, &actor, &id).await?;
    let list = service::rsvps(&state, &actor, &l).await?;
    let rows = list
        .into_iter()
        .map(|r| RsvpRow {
            name: r.display_name.unwrap_or_else(|| v.t("event-rsvp-erased")),
            state: v.t(&format!("event-rsvp-state-{}", r.state.as_str())),
            at: r.created_at,
        })
        .collect();
    let title = crate::i18n::t_args(v.lang, "event-rsvps-title", &[("title", l.event.title.clone())]);
    Ok(render(&RsvpsPage { page: v.page(&state, title), id: l.event.id.to_string(), event_title: l.event.title, rows }))
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/events", list)
        .page(Method::POST, "/events", create)
        .page(Method::GET, "/events/new", new_form)
        .page(Method::GET, "/events/{id}", show)
        .page(Method::GET, "/events/{id}/edit", edit_form)
        .page(Method::POST, "/events/{id}/edit", edit)
        .page(Method::GET, "/events/{id}/cancel", cancel_form)
        .page(Method::POST, "/events/{id}/cancel", cancel)
        .page(Method::GET, "/events/{id}/occurrences/{original}", occurrence_form)
        .page(Method::POST, "/events/{id}/occurrences/{original}", occurrence_change)
        .page(Method::POST, "/events/{id}/rsvp", rsvp)
        .page(Method::POST, "/events/{id}/rsvp/cancel", cancel_rsvp)
        .page(Method::GET, "/events/{id}/rsvps", rsvps)
}
