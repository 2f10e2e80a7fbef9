//! Event operations, shared by the pages, the API and the feeds. Each
//! function gathers the facts, asks [`authz::decide`], then uses the store.
//!
//! RSVPs are per event (the whole series): a person says once that they
//! come to the food share; they do not answer for every Thursday. Capacity
//! is the size of that list, and the waiting list moves up as people cancel.

use std::collections::HashMap;

use chrono_tz::Tz;
use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::events::{self as rules, EventInput, EventStatus, RsvpState};
use plural_kernel::groups::Role;
use plural_kernel::{DomainError, EventId, FieldErrors, PlaceId};
use plural_store::events::{Event, Filter, Override, Rsvp, Timing};
use plural_store::groups::Group;

use crate::error::{WebError, WebResult};
use crate::AppState;

/// An event with its group and what the person asking may do with it.
pub struct Loaded {
    pub event: Event,
    pub group: Group,
    pub role: Option<Role>,
    pub can_manage: bool,
}

pub fn zone(e: &Event) -> Tz {
    zone_named(&e.time_zone)
}

fn zone_named(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::Europe::London)
}

pub fn may_manage(actor: &Actor, role: Option<Role>) -> bool {
    authz::decide(actor, &Action::ManageGroupContent { role }).is_ok()
}

pub fn parse_id(id: &str) -> WebResult<EventId> {
    id.parse().map_err(|_| WebError::not_found())
}

pub async fn load(state: &AppState, actor: &Actor, id: &str) -> WebResult<Loaded> {
    let event = plural_store::events::get(&state.db, parse_id(id)?).await?.ok_or(WebError::not_found())?;
    let group = plural_store::groups::get(&state.db, event.group_id).await?.ok_or(WebError::not_found())?;
    let role = match actor.person_id() {
        Some(p) => plural_store::groups::role_of(&state.db, group.id, p).await?,
        None => None,
    };
    let can_manage = may_manage(actor, role);
    // A draft does not exist for anyone but its organisers.
    if event.status == EventStatus::Draft && !can_manage {
        return Err(WebError::not_found());
    }
    Ok(Loaded { event, group, role, can_manage })
}

/// The groups a person may publish events for.
pub async fn publishable_groups(state: &AppState, actor: &Actor) -> WebResult<Vec<Group>> {
    let Some(me) = actor.person_id() else { return Err(DomainError::Unauthenticated.into()) };
    Ok(plural_store::groups::of_person(&state.db, me)
        .await?
        .into_iter()
        .filter(|(_, r)| may_manage(actor, Some(*r)))
        .map(|(g, _)| g)
        .collect())
}

async fn group_to_manage(state: &AppState, actor: &Actor, slug: &str) -> WebResult<Group> {
    let group = match plural_store::groups::by_slug(&state.db, slug.trim()).await? {
        Some(g) if !slug.trim().is_empty() => g,
        _ => return Err(DomainError::field("group", "event-group-invalid").into()),
    };
    let role = match actor.person_id() {
        Some(p) => plural_store::groups::role_of(&state.db, group.id, p).await?,
        None => None,
    };
    authz::decide(actor, &Action::ManageGroupContent { role })?;
    Ok(group)
}

fn status_for(publish: bool) -> EventStatus {
    if publish {
        EventStatus::Published
    } else {
        EventStatus::Draft
    }
}

/// Check a new event for a group without saving it (for "Preview" and
/// before creating): the group's and the fields' problems together.
pub async fn check_new(
    state: &AppState,
    actor: &Actor,
    group_slug: &str,
    input: &EventInput<'_>,
) -> WebResult<(Group, rules::EventDetails)> {
    actor.person_id().ok_or(DomainError::Unauthenticated)?;
    authz::decide(actor, &Action::Rsvp)?;
    let group = group_to_manage(state, actor, group_slug).await;
    let details = rules::check(input, plural_store::now(), true);
    match (group, details) {
        (Ok(g), Ok(d)) => Ok((g, d)),
        (Err(WebError::Domain(DomainError::Invalid(mut ge))), Err(de)) => {
            ge.0.extend(de.0);
            Err(DomainError::Invalid(ge).into())
        }
        (Err(e), _) => Err(e),
        (Ok(_), Err(de)) => Err(DomainError::Invalid(de).into()),
    }
}

/// Create an event for a group, in the group's place.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    group_slug: &str,
    input: &EventInput<'_>,
    publish: bool,
) -> WebResult<Event> {
    let me = actor.person_id().ok_or(DomainError::Unauthenticated)?;
    let (group, details) = check_new(state, actor, group_slug, input).await?;
    let id =
        plural_store::events::create(&state.db, group.id, group.place_id, &details, status_for(publish), me).await?;
    plural_store::events::get(&state.db, id).await?.ok_or(WebError::not_found())
}

/// Check a change to a series without saving it (for "Preview").
pub fn check_update(actor: &Actor, l: &Loaded, input: &EventInput<'_>) -> WebResult<rules::EventDetails> {
    authz::decide(actor, &Action::ManageGroupContent { role: l.role })?;
    Ok(rules::check(input, plural_store::now(), false).map_err(DomainError::Invalid)?)
}

/// Change the whole series. `publish`: `Some(true)` publishes a draft,
/// `Some(false)` keeps it a draft, `None` keeps the status.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    l: &Loaded,
    input: &EventInput<'_>,
    publish: Option<bool>,
) -> WebResult<Event> {
    let now = plural_store::now();
    let details = check_update(actor, l, input)?;
    // An event under way may keep its start; moving it into the past is a mistake.
    if details.starts_at != l.event.starts_at && details.starts_at < now {
        return Err(DomainError::field("date", "event-in-past").into());
    }
    let status = match (l.event.status, publish) {
        (EventStatus::Cancelled, _) => EventStatus::Cancelled,
        (_, Some(p)) => status_for(p),
        (s, None) => s,
    };
    plural_store::events::update(&state.db, l.event.id, &details, status).await?;
    plural_store::events::get(&state.db, l.event.id).await?.ok_or(WebError::not_found())
}

/// Cancel the whole event. It stays visible, marked cancelled.
pub async fn cancel(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<()> {
    authz::decide(actor, &Action::ManageGroupContent { role: l.role })?;
    plural_store::events::set_status(&state.db, l.event.id, EventStatus::Cancelled).await?;
    Ok(())
}

/// One occurrence of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The start the series gives it (its RECURRENCE-ID).
    pub original: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled: bool,
    pub moved: bool,
}

/// Occurrences starting in `[from, to)`, with "this occurrence" changes applied, in order.
pub fn occurrences(e: &Timing, overrides: &[Override], from: i64, to: i64, limit: usize) -> Vec<Occurrence> {
    let length = e.ends_at - e.starts_at;
    // Look a little wider so an occurrence moved into the window is found.
    let margin = 31 * 86400;
    let zone = zone_named(&e.time_zone);
    let mut out: Vec<Occurrence> =
        rules::expand(e.starts_at, zone, e.rrule.as_deref(), from.saturating_sub(margin), to, limit + 64)
            .into_iter()
            .map(|t| match overrides.iter().find(|o| o.original_starts_at == t) {
                Some(o) => Occurrence {
                    original: t,
                    starts_at: o.starts_at,
                    ends_at: o.ends_at,
                    cancelled: o.cancelled,
                    moved: !o.cancelled && (o.starts_at != t || o.ends_at != t + length),
                },
                None => Occurrence { original: t, starts_at: t, ends_at: t + length, cancelled: false, moved: false },
            })
            .filter(|o| o.ends_at > from && o.starts_at < to)
            .collect();
    out.sort_by_key(|o| (o.starts_at, o.original));
    out.truncate(limit);
    out
}

pub async fn next_occurrences(state: &AppState, e: &Event, limit: usize) -> WebResult<Vec<Occurrence>> {
    let overrides = plural_store::events::overrides(&state.db, e.id).await?;
    let now = plural_store::now();
    Ok(occurrences(&e.timing(), &overrides, now, now + rules::MAX_HORIZON_DAYS * 86400, limit))
}

/// Find the occurrence that originally started at `original` (unix seconds).
async fn occurrence_of(state: &AppState, e: &Event, original: i64) -> WebResult<Occurrence> {
    let invalid = || WebError::from(DomainError::field("occurrence", "event-occurrence-invalid"));
    let found = rules::expand(e.starts_at, zone(e), e.rrule.as_deref(), original, original + 1, 1);
    if found != [original] {
        return Err(invalid());
    }
    let length = e.ends_at - e.starts_at;
    let overrides = plural_store::events::overrides(&state.db, e.id).await?;
    Ok(match overrides.iter().find(|o| o.original_starts_at == original) {
        Some(o) => {
            Occurrence { original, starts_at: o.starts_at, ends_at: o.ends_at, cancelled: o.cancelled, moved: true }
        }
        None => {
            Occurrence { original, starts_at: original, ends_at: original + length, cancelled: false, moved: false }
        }
    })
}

pub fn parse_occurrence(s: &str) -> WebResult<i64> {
    s.trim().parse::<i64>().map_err(|_| DomainError::field("occurrence", "event-occurrence-invalid").into())
}

/// Cancel just this occurrence (an EXDATE in calendars).
pub async fn cancel_occurrence(state: &AppState, actor: &Actor, l: &Loaded, original: i64) -> WebResult<()> {
    authz::decide(actor, &Action::ManageGroupContent { role: l.role })?;
    let o = occurrence_of(state, &l.event, original).await?;
    let change = Override {
        original_starts_at: o.original,
        cancelled: true,
        starts_at: o.starts_at,
        ends_at: o.ends_at,
        updated_at: plural_store::now(),
    };
    plural_store::events::set_override(&state.db, l.event.id, &change).await?;
    Ok(())
}

/// Move just this occurrence to another date and time (local, in the event's zone).
pub async fn move_occurrence(
    state: &AppState,
    actor: &Actor,
    l: &Loaded,
    original: i64,
    date: &str,
    start_time: &str,
    end_time: &str,
) -> WebResult<()> {
    authz::decide(actor, &Action::ManageGroupContent { role: l.role })?;
    let o = occurrence_of(state, &l.event, original).await?;
    let input = EventInput {
        title: &l.event.title,
        venue: "-",
        date,
        start_time,
        end_time,
        time_zone: &l.event.time_zone,
        is_free: true,
        ..Default::default()
    };
    let d = rules::check(&input, plural_store::now(), true)
        .map_err(|e| DomainError::Invalid(FieldErrors(e.0.into_iter().filter(|f| f.field != "venue").collect())))?;
    let change = Override {
        original_starts_at: o.original,
        cancelled: false,
        starts_at: d.starts_at,
        ends_at: d.ends_at,
        updated_at: plural_store::now(),
    };
    plural_store::events::set_override(&state.db, l.event.id, &change).await?;
    Ok(())
}

/// An occurrence in a listing, with its event.
pub struct Listed {
    pub event: Event,
    pub occurrence: Occurrence,
}

/// Published (and cancelled) events' occurrences in `[from, to)`, soonest first.
pub async fn upcoming(state: &AppState, filter: Filter, from: i64, to: i64, limit: usize) -> WebResult<Vec<Listed>> {
    let events =
        plural_store::events::upcoming(&state.db, filter, from, to, i64::try_from(limit).unwrap_or(i64::MAX)).await?;
    listed(state, events, from, to, limit).await
}

/// The occurrences of these events in `[from, to)`, by time, at most `limit`;
/// every event's changed occurrences are read in one query.
async fn listed(state: &AppState, timings: Vec<Timing>, from: i64, to: i64, limit: usize) -> WebResult<Vec<Listed>> {
    let ids: Vec<EventId> = timings.iter().map(|e| e.id).collect();
    let overrides = plural_store::events::overrides_of(&state.db, &ids).await?;
    // Unfold and sort the occurrences from the events' times alone, then
    // read whole only the events that are kept: a listing of eight may look
    // at two hundred series, and reading each whole was most of the home
    // page's work.
    let mut found: Vec<(Occurrence, EventId)> = Vec::new();
    for t in &timings {
        let changed = overrides.get(&t.id).map(Vec::as_slice).unwrap_or_default();
        found.extend(occurrences(t, changed, from, to, limit).into_iter().map(|o| (o, t.id)));
    }
    found.sort_by_key(|(o, id)| (o.starts_at, *id));
    found.truncate(limit);
    let mut kept: Vec<EventId> = found.iter().map(|(_, id)| *id).collect();
    kept.sort();
    kept.dedup();
    let events: HashMap<EventId, Event> =
        plural_store::events::get_many(&state.db, &kept).await?.into_iter().map(|e| (e.id, e)).collect();
    // An event deleted between the two reads is left out.
    Ok(found
        .into_iter()
        .filter_map(|(occurrence, id)| Some(Listed { event: events.get(&id)?.clone(), occurrence }))
        .collect())
}

/// Today (from local midnight) and the six days after it, in unix seconds.
pub fn this_week() -> (i64, i64) {
    let london = chrono_tz::Europe::London;
    let today = rules::unix_to_local(london, plural_store::now()).date();
    let midnight = |d: chrono::NaiveDate| rules::local_to_unix(london, d.and_time(chrono::NaiveTime::MIN));
    let from = midnight(today).unwrap_or_else(plural_store::now);
    (from, midnight(today + chrono::Days::new(7)).unwrap_or(from + 7 * 86400))
}

/// What's on in these places this week: published and cancelled occurrences
/// (cancelled ones stay visible), by time. At most `limit` one-offs and a
/// capped number of series are read, so the page costs the same however busy
/// a place is.
pub async fn this_week_in(state: &AppState, places: &[PlaceId], limit: usize) -> WebResult<Vec<Listed>> {
    let (from, to) = this_week();
    let events =
        plural_store::events::public_between(&state.db, places, from, to, i64::try_from(limit).unwrap_or(i64::MAX))
            .await?;
    listed(state, events, from, to, limit).await
}

fn open_for_rsvp(l: &Loaded) -> WebResult<()> {
    match l.event.status {
        EventStatus::Published => Ok(()),
        _ => Err(DomainError::Conflict("event-not-open").into()),
    }
}

pub async fn rsvp(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<RsvpState> {
    authz::decide(actor, &Action::Rsvp)?;
    let me = actor.person_id().ok_or(DomainError::Unauthenticated)?;
    open_for_rsvp(l)?;
    Ok(plural_store::events::rsvp(&state.db, l.event.id, me, l.event.capacity).await?)
}

pub async fn cancel_rsvp(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<()> {
    authz::decide(actor, &Action::Rsvp)?;
    let me = actor.person_id().ok_or(DomainError::Unauthenticated)?;
    if !plural_store::events::cancel_rsvp(&state.db, l.event.id, me, l.event.capacity).await? {
        return Err(DomainError::Conflict("no-rsvp").into());
    }
    Ok(())
}

/// Who is coming: for the organisers only.
pub async fn rsvps(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<Vec<Rsvp>> {
    authz::decide(actor, &Action::ViewRsvps { role: l.role })?;
    Ok(plural_store::events::rsvps(&state.db, l.event.id).await?)
}

/// Local date and time of a unix time, in the event's zone, for people.
pub fn local(e: &Event, unix: i64) -> chrono::NaiveDateTime {
    rules::unix_to_local(zone(e), unix)
}

/// Form defaults for a new event, in the node's zone: the next whole hour,
/// for two hours; an evening too late for that moves to tomorrow at 10:00.
/// Returns date, start and end (`YYYY-MM-DD`, `HH:MM`, `HH:MM`).
pub fn default_times(zone: Tz, now: i64) -> (String, String, String) {
    use chrono::Timelike;
    let local = rules::unix_to_local(zone, now);
    let next_hour = local.date().and_hms_opt(local.hour(), 0, 0).unwrap_or(local) + chrono::Duration::hours(1);
    let start = if next_hour.date() == local.date() && next_hour.hour() <= 21 {
        next_hour
    } else {
        (local.date() + chrono::Duration::days(1)).and_hms_opt(10, 0, 0).unwrap_or(next_hour)
    };
    let end = start + chrono::Duration::hours(2);
    (start.format("%Y-%m-%d").to_string(), start.format("%H:%M").to_string(), end.format("%H:%M").to_string())
}

/// The local "repeat until" date of a series, `YYYY-MM-DD`, or empty.
pub fn until_of(e: &Event) -> String {
    e.rrule
        .as_deref()
        .and_then(|r| r.split(';').find_map(|p| p.strip_prefix("UNTIL=")))
        .and_then(|u| chrono::NaiveDateTime::parse_from_str(u, "%Y%m%dT%H%M%SZ").ok())
        .map(|u| local(e, u.and_utc().timestamp()).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// How many times a series happens, if it was given as a count, or empty.
pub fn count_of(e: &Event) -> String {
    e.rrule.as_deref().and_then(|r| r.split(';').find_map(|p| p.strip_prefix("COUNT="))).unwrap_or_default().to_string()
}
