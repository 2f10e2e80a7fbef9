//! The API face of events: listing, reading, creating, editing and
//! cancelling them, RSVPs, and the organisers' list of who is coming.

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::events::EventInput;
use plural_store::events::{Event, Filter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::service::{self, Loaded, Occurrence};
use crate::api::{ApiJson, Caller, MaybeCaller, PageQuery, Paged};
use crate::error::{Problem, WebError, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// One occurrence: unix seconds, and local time in the event's zone.
#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrenceView {
    /// The start the series gives this occurrence; use it to cancel or move just this one.
    pub original_starts_at: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Local start, `YYYY-MM-DDTHH:MM`.
    pub local_start: String,
    pub cancelled: bool,
    pub moved: bool,
}

fn occurrence_view(e: &Event, o: &Occurrence) -> OccurrenceView {
    OccurrenceView {
        original_starts_at: o.original,
        starts_at: o.starts_at,
        ends_at: o.ends_at,
        local_start: service::local(e, o.starts_at).format("%Y-%m-%dT%H:%M").to_string(),
        cancelled: o.cancelled,
        moved: o.moved,
    }
}

/// An event as anyone may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    /// Slug of the organising group.
    pub group: String,
    /// Slug of the place.
    pub place: String,
    /// `in_person`, `online` or `hybrid`.
    pub mode: String,
    pub venue: String,
    pub address: String,
    pub postcode: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub online_url: String,
    /// First start and end, unix seconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// IANA zone name.
    pub time_zone: String,
    /// `none`, `weekly`, `fortnightly` or `monthly`.
    pub repeat: String,
    /// The RFC 5545 rule built from `repeat`, if the event repeats.
    pub rrule: Option<String>,
    pub is_free: bool,
    pub cost: String,
    pub capacity: Option<i64>,
    pub accessibility: String,
    pub languages: String,
    pub age_range: String,
    /// `draft`, `published` or `cancelled`.
    pub status: String,
    pub going: i64,
    pub waiting: i64,
    /// The caller's answer (`going` or `waiting`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub your_rsvp: Option<String>,
    pub updated_at: i64,
    /// Present on single-event reads: the next occurrences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Vec<OccurrenceView>>,
    /// Present in listings: the occurrence listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurrence: Option<OccurrenceView>,
}

async fn view(
    state: &AppState,
    e: &Event,
    caller: Option<&Caller>,
    next: Option<Vec<OccurrenceView>>,
    occurrence: Option<OccurrenceView>,
) -> WebResult<EventView> {
    let group = plural_store::groups::get(&state.db, e.group_id).await?.map(|g| g.slug).unwrap_or_default();
    let place = plural_store::places::get(&state.db, e.place_id).await?.map(|p| p.slug).unwrap_or_default();
    let (going, waiting) = plural_store::events::rsvp_counts(&state.db, e.id).await?;
    let your_rsvp = match caller {
        Some(c) => plural_store::events::rsvp_of(&state.db, e.id, c.person.id).await?.map(|s| s.as_str().to_string()),
        None => None,
    };
    Ok(EventView {
        id: e.id.to_string(),
        title: e.title.clone(),
        description: e.description.clone(),
        group,
        place,
        mode: e.mode.as_str().into(),
        venue: e.venue.clone(),
        address: e.address.clone(),
        postcode: e.postcode.clone(),
        lat: e.lat,
        lon: e.lon,
        online_url: e.online_url.clone(),
        starts_at: e.starts_at,
        ends_at: e.ends_at,
        time_zone: e.time_zone.clone(),
        repeat: e.repeat.as_str().into(),
        rrule: e.rrule.clone(),
        is_free: e.is_free,
        cost: e.cost.clone(),
        capacity: e.capacity,
        accessibility: e.accessibility.clone(),
        languages: e.languages.clone(),
        age_range: e.age_range.clone(),
        status: e.status.as_str().into(),
        going,
        waiting,
        your_rsvp,
        updated_at: e.updated_at,
        next,
        occurrence,
    })
}

async fn full_view(state: &AppState, l: &Loaded, caller: Option<&Caller>) -> WebResult<EventView> {
    let next = service::next_occurrences(state, &l.event, 10).await?;
    let next = next.iter().map(|o| occurrence_view(&l.event, o)).collect();
    view(state, &l.event, caller, Some(next), None).await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only events in this place (its slug).
    pub place: Option<String>,
    /// Only events of this group (its slug).
    pub group: Option<String>,
    /// How many days ahead (1–366, default 31).
    pub days: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Upcoming occurrences of published (and cancelled) events, soonest first.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(ListQuery),
    responses((status = 200, body = Paged<EventView>), (status = 404, description = "No such place or group", body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Query(q): Query<ListQuery>,
) -> WebResult<Json<Paged<EventView>>> {
    let (limit, offset, page, per_page) = PageQuery { page: q.page, per_page: q.per_page }.limit_offset();
    let mut filter = Filter::default();
    if let Some(p) = q.place.as_deref().filter(|p| !p.is_empty()) {
        filter.place = Some(plural_store::places::by_slug(&state.db, p).await?.ok_or(WebError::not_found())?.id);
        filter.within = true;
    }
    if let Some(g) = q.group.as_deref().filter(|g| !g.is_empty()) {
        filter.group = Some(plural_store::groups::by_slug(&state.db, g).await?.ok_or(WebError::not_found())?.id);
    }
    let now = plural_store::now();
    let days = q.days.unwrap_or(31).clamp(1, 366);
    let listed =
        service::upcoming(&state, filter, now, now + days * 86400, offset.saturating_add(limit) as usize).await?;
    let mut items = Vec::new();
    for l in listed.iter().skip(offset as usize) {
        let o = occurrence_view(&l.event, &l.occurrence);
        items.push(view(&state, &l.event, caller.0.as_ref(), None, Some(o)).await?);
    }
    Ok(Json(Paged { items, page, per_page }))
}

/// One event, with its next occurrences. Drafts are visible to their organisers only.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path)),
    responses((status = 200, body = EventView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<EventView>> {
    let l = service::load(&state, &caller.actor(), &id).await?;
    Ok(Json(full_view(&state, &l, caller.0.as_ref()).await?))
}

/// The fields of an event. Dates are `YYYY-MM-DD`, times `HH:MM`, local to `time_zone`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    /// Slug of the organising group (you must be one of its admins or owners). Only when creating.
    pub group: Option<String>,
    /// Creating: `true` publishes at once, otherwise a draft. Editing: `true` publishes a draft, `false` makes it a draft again.
    pub publish: Option<bool>,
    pub title: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    /// `in_person` (default), `online` or `hybrid`.
    pub mode: Option<String>,
    pub venue: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub online_url: Option<String>,
    pub date: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// Defaults to `date` (or the next day if `end_time` is earlier than `start_time`).
    pub end_date: Option<String>,
    /// IANA zone; default `Europe/London`.
    pub time_zone: Option<String>,
    /// `none` (default), `weekly`, `fortnightly` or `monthly` (the same weekday of the month).
    pub repeat: Option<String>,
    /// Last day a repeating event may fall on.
    pub until: Option<String>,
    /// Or: how many times it happens.
    pub count: Option<u32>,
    pub is_free: Option<bool>,
    pub cost: Option<String>,
    pub capacity: Option<i64>,
    pub accessibility: Option<String>,
    pub languages: Option<String>,
    pub age_range: Option<String>,
}

/// The strings the domain check reads, owned.
struct Owned {
    v: [String; 19],
    is_free: bool,
}

impl Owned {
    fn of(b: &EventBody, base: Option<&Event>) -> Owned {
        let s = |o: &Option<String>, d: String| o.clone().unwrap_or(d);
        let local = |f: &str, t: i64| base.map(|e| service::local(e, t).format(f).to_string()).unwrap_or_default();
        let (start, end) = base.map(|e| (e.starts_at, e.ends_at)).unwrap_or((0, 0));
        let num = |o: Option<f64>, d: Option<f64>| o.or(d).map(|v| v.to_string()).unwrap_or_default();
        let by = |f: fn(&Event) -> String| base.map(f).unwrap_or_default();
        Owned {
            v: [
                s(&b.title, by(|e| e.title.clone())),
                s(&b.description, by(|e| e.description.clone())),
                s(&b.mode, by(|e| e.mode.as_str().into())),
                s(&b.venue, by(|e| e.venue.clone())),
                s(&b.address, by(|e| e.address.clone())),
                s(&b.postcode, by(|e| e.postcode.clone())),
                num(b.lat, base.and_then(|e| e.lat)),
                num(b.lon, base.and_then(|e| e.lon)),
                s(&b.online_url, by(|e| e.online_url.clone())),
                s(&b.date, local("%Y-%m-%d", start)),
                s(&b.start_time, local("%H:%M", start)),
                s(&b.end_time, local("%H:%M", end)),
                match (&b.end_date, &b.date) {
                    (Some(d), _) => d.clone(),
                    // A new date moves the whole event; its end follows.
                    (None, Some(_)) => String::new(),
                    (None, None) => local("%Y-%m-%d", end),
                },
                s(&b.time_zone, by(|e| e.time_zone.clone())),
                s(&b.repeat, by(|e| e.repeat.as_str().into())),
                s(&b.until, by(service::until_of)),
                b.count.map(|c| c.to_string()).unwrap_or_else(|| by(service::count_of)),
                b.capacity
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| by(|e| e.capacity.map(|c| c.to_string()).unwrap_or_default())),
                s(&b.cost, by(|e| e.cost.clone())),
            ],
            is_free: b.is_free.unwrap_or_else(|| base.is_none_or(|e| e.is_free)),
        }
    }
}

struct Extra {
    accessibility: String,
    languages: String,
    age_range: String,
}

fn extra(b: &EventBody, base: Option<&Event>) -> Extra {
    Extra {
        accessibility: b
            .accessibility
            .clone()
            .unwrap_or_else(|| base.map(|e| e.accessibility.clone()).unwrap_or_default()),
        languages: b.languages.clone().unwrap_or_else(|| base.map(|e| e.languages.clone()).unwrap_or_default()),
        age_range: b.age_range.clone().unwrap_or_else(|| base.map(|e| e.age_range.clone()).unwrap_or_default()),
    }
}

fn input<'a>(o: &'a Owned, x: &'a Extra) -> EventInput<'a> {
    let v = &o.v;
    EventInput {
        title: &v[0],
        description: &v[1],
        mode: &v[2],
        venue: &v[3],
        address: &v[4],
        postcode: &v[5],
        lat: &v[6],
        lon: &v[7],
        online_url: &v[8],
        date: &v[9],
        start_time: &v[10],
        end_time: &v[11],
        end_date: &v[12],
        time_zone: &v[13],
        repeat: &v[14],
        until: &v[15],
        count: &v[16],
        capacity: &v[17],
        cost: &v[18],
        is_free: o.is_free,
        accessibility: &x.accessibility,
        languages: &x.languages,
        age_range: &x.age_range,
    }
}

/// Create an event for a group you run, as a draft or published.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = EventBody,
    responses((status = 201, body = EventView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<EventBody>,
) -> WebResult<Response> {
    let o = Owned::of(&b, None);
    let x = extra(&b, None);
    let group = b.group.as_deref().unwrap_or("");
    let e = service::create(&state, &caller.actor(), group, &input(&o, &x), b.publish.unwrap_or(false)).await?;
    let l = service::load(&state, &caller.actor(), &e.id.to_string()).await?;
    Ok((StatusCode::CREATED, Json(full_view(&state, &l, Some(&caller)).await?)).into_response())
}

/// Change the whole series; fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path)),
    request_body = EventBody,
    responses((status = 200, body = EventView), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<EventBody>,
) -> WebResult<Json<EventView>> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    if b.group.is_some() {
        return Err(plural_kernel::DomainError::field("group", "event-group-fixed").into());
    }
    let o = Owned::of(&b, Some(&l.event));
    let x = extra(&b, Some(&l.event));
    service::update(&state, &actor, &l, &input(&o, &x), b.publish).await?;
    let l = service::load(&state, &actor, &id).await?;
    Ok(Json(full_view(&state, &l, Some(&caller)).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    /// Cancel just this occurrence (its `original_starts_at`); leave out to cancel the whole event.
    pub occurrence: Option<i64>,
}

/// Cancel the event, or one occurrence of it. A cancelled event stays visible, marked cancelled.
#[utoipa::path(post, path = "/api/v1/events/{id}/cancel", tag = "events", params(("id" = String, Path)),
    request_body = CancelBody,
    responses((status = 200, body = EventView), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CancelBody>,
) -> WebResult<Json<EventView>> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    match b.occurrence {
        Some(o) => service::cancel_occurrence(&state, &actor, &l, o).await?,
        None => service::cancel(&state, &actor, &l).await?,
    }
    let l = service::load(&state, &actor, &id).await?;
    Ok(Json(full_view(&state, &l, Some(&caller)).await?))
}

/// The outcome of an RSVP.
#[derive(Debug, Serialize, ToSchema)]
pub struct RsvpView {
    /// `going`, or `waiting` when the event is full.
    pub state: String,
}

/// Say you are going (the whole series). When the event is full you join the waiting list.
#[utoipa::path(post, path = "/api/v1/events/{id}/rsvp", tag = "events", params(("id" = String, Path)),
    responses((status = 200, body = RsvpView), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
pub async fn rsvp(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<Json<RsvpView>> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    let s = service::rsvp(&state, &actor, &l).await?;
    Ok(Json(RsvpView { state: s.as_str().into() }))
}

/// Withdraw your RSVP; the first person waiting takes the place.
#[utoipa::path(delete, path = "/api/v1/events/{id}/rsvp", tag = "events", params(("id" = String, Path)),
    responses((status = 204, description = "Withdrawn"), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
pub async fn cancel_rsvp(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::cancel_rsvp(&state, &actor, &l).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Someone who answered. Only display names, never contact details.
#[derive(Debug, Serialize, ToSchema)]
pub struct RsvpEntry {
    pub person_id: String,
    pub display_name: Option<String>,
    /// `going` or `waiting`.
    pub state: String,
    pub created_at: i64,
}

/// Who is coming and who is waiting: for the group's admins and owners only.
#[utoipa::path(get, path = "/api/v1/events/{id}/rsvps", tag = "events", params(("id" = String, Path)),
    responses((status = 200, body = [RsvpEntry]), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn rsvps(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<Json<Vec<RsvpEntry>>> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    let list = service::rsvps(&state, &actor, &l).await?;
    Ok(Json(
        list.into_iter()
            .map(|r| RsvpEntry {
                person_id: r.person_id.to_string(),
                display_name: r.display_name,
                state: r.state.as_str().into(),
                created_at: r.created_at,
            })
            .collect(),
    ))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, show, create, update, cancel, rsvp, cancel_rsvp, rsvps),
    tags((name = "events", description = "One-off and repeating events, RSVPs"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/events", list)
        .api(Method::POST, "/api/v1/events", create)
        .api(Method::GET, "/api/v1/events/{id}", show)
        .api(Method::PATCH, "/api/v1/events/{id}", update)
        .api(Method::POST, "/api/v1/events/{id}/cancel", cancel)
        .api(Method::POST, "/api/v1/events/{id}/rsvp", rsvp)
        .api(Method::DELETE, "/api/v1/events/{id}/rsvp", cancel_rsvp)
        .api(Method::GET, "/api/v1/events/{id}/rsvps", rsvps)
}
