//! Calendars (RFC 5545) and Atom feeds of events, for one event, a place or a group.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, Property};
use plural_kernel::events::EventStatus;
use plural_store::events::{Event, Filter, Override};

use super::service;
use crate::error::{WebError, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// How many series a feed holds at most.
const FEED_EVENTS: i64 = 500;

fn utc(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap_or_default()
}

fn host(state: &AppState) -> String {
    url::Url::parse(&state.config.base_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default()
}

pub fn uid(state: &AppState, e: &Event) -> String {
    format!("{}@{}", e.id, host(state))
}

pub fn event_url(state: &AppState, e: &Event) -> String {
    format!("{}/events/{}", state.config.base_url.trim_end_matches('/'), e.id)
}

fn zoned(e: &Event, unix: i64) -> CalendarDateTime {
    CalendarDateTime::WithTimezone { date_time: service::local(e, unix), tzid: e.time_zone.clone() }
}

fn zoned_property(key: &str, e: &Event, unix: i64) -> Property {
    Property::new(key, service::local(e, unix).format("%Y%m%dT%H%M%S").to_string())
        .add_parameter("TZID", &e.time_zone)
        .done()
}

fn location(e: &Event) -> String {
    [e.venue.as_str(), e.address.as_str(), e.postcode.as_str(), e.online_url.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn base_component(state: &AppState, e: &Event, starts: i64, ends: i64, modified: i64) -> icalendar::Event {
    let mut c = icalendar::Event::new();
    c.uid(&uid(state, e))
        .summary(&e.title)
        .timestamp(utc(modified))
        .last_modified(utc(modified))
        .starts(zoned(e, starts))
        .ends(zoned(e, ends))
        .url(&event_url(state, e));
    if !e.description.is_empty() {
        c.description(&e.description);
    }
    let loc = location(e);
    if !loc.is_empty() {
        c.location(&loc);
    }
    c.status(if e.status == EventStatus::Cancelled {
        icalendar::EventStatus::Cancelled
    } else {
        icalendar::EventStatus::Confirmed
    });
    c
}

/// The VEVENTs of one event: the series (with RRULE and EXDATEs) and one
/// per moved occurrence (with RECURRENCE-ID).
fn components(state: &AppState, e: &Event, overrides: &[Override]) -> Vec<icalendar::Event> {
    let mut series = base_component(state, e, e.starts_at, e.ends_at, e.updated_at);
    let mut out = Vec::new();
    if let Some(rule) = &e.rrule {
        series.add_property("RRULE", rule);
        for o in overrides.iter().filter(|o| o.cancelled) {
            series.append_multi_property(zoned_property("EXDATE", e, o.original_starts_at));
        }
        for o in overrides.iter().filter(|o| !o.cancelled) {
            let mut moved = base_component(state, e, o.starts_at, o.ends_at, o.updated_at.max(e.updated_at));
            moved.append_property(zoned_property("RECURRENCE-ID", e, o.original_starts_at));
            out.push(moved);
        }
    }
    out.insert(0, series);
    out
}

/// Europe/London's rules since 1996 (EU summer time); other zones get their
/// rules from the same pattern when they follow it, else their fixed offset.
fn vtimezone(zone_name: &str) -> String {
    let zone: chrono_tz::Tz = zone_name.parse().unwrap_or(chrono_tz::Europe::London);
    let offsets = |unix: i64| {
        use chrono::{Offset, TimeZone};
        zone.offset_from_utc_datetime(&utc(unix).naive_utc()).fix().local_minus_utc()
    };
    let fmt = |secs: i32| {
        let sign = if secs < 0 { '-' } else { '+' };
        let a = secs.abs();
        format!("{sign}{:02}{:02}", a / 3600, (a % 3600) / 60)
    };
    // Mid-January and mid-July of a recent year tell winter from summer.
    let winter = offsets(1_768_478_400);
    let summer = offsets(1_784_116_800);
    let mut s = format!("BEGIN:VTIMEZONE\r\nTZID:{zone_name}\r\n");
    if winter == summer {
        s.push_str(&format!(
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:{o}\r\nTZOFFSETTO:{o}\r\nEND:STANDARD\r\n",
            o = fmt(winter)
        ));
    } else {
        // The EU pattern: last Sunday of March at 01:00 UTC, last Sunday of October at 01:00 UTC.
        let to_local = |secs: i32| 1 + secs / 3600;
        s.push_str(&format!(
            "BEGIN:DAYLIGHT\r\nDTSTART:19960331T{:02}0000\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n",
            to_local(winter),
            fmt(winter),
            fmt(summer)
        ));
        s.push_str(&format!(
            "BEGIN:STANDARD\r\nDTSTART:19961027T{:02}0000\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n",
            to_local(summer),
            fmt(summer),
            fmt(winter)
        ));
    }
    s.push_str("END:VTIMEZONE\r\n");
    s
}

/// A calendar of these events, as RFC 5545 text.
pub async fn calendar(state: &AppState, name: &str, events: &[Event]) -> WebResult<String> {
    let mut cal = Calendar::new();
    cal.name(name);
    let mut zones: Vec<String> = Vec::new();
    for e in events {
        let overrides = plural_store::events::overrides(&state.db, e.id).await?;
        for c in components(state, e, &overrides) {
            cal.push(c);
        }
        if !zones.contains(&e.time_zone) {
            zones.push(e.time_zone.clone());
        }
    }
    let text = cal.done().to_string();
    // The icalendar crate has no VTIMEZONE builder; the blocks go before the first component.
    let blocks: String = zones.iter().map(|z| vtimezone(z)).collect();
    Ok(match text.find("BEGIN:VEVENT") {
        Some(i) => format!("{}{}{}", &text[..i], blocks, &text[i..]),
        None => text,
    })
}

fn ics_response(body: String) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    res
}

fn atom_response(body: String) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
    res
}

/// `/events/{id}.ics`: the "add to calendar" file (routed through `/events/{id}`).
pub async fn event_ics(state: &AppState, id: &str) -> WebResult<Response> {
    let e = plural_store::events::get(&state.db, service::parse_id(id)?).await?.ok_or(WebError::not_found())?;
    if e.status == EventStatus::Draft {
        return Err(WebError::not_found());
    }
    Ok(ics_response(calendar(state, &e.title, std::slice::from_ref(&e)).await?))
}

/// The published events of a place or a group, and the feed's title.
async fn feed_events(state: &AppState, kind: &str, slug: &str) -> WebResult<(String, String, Vec<Event>)> {
    let (name, filter) = match kind {
        "places" => {
            let p = plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
            (p.name, Filter { place: Some(p.id), ..Default::default() })
        }
        _ => {
            let g = plural_store::groups::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
            (g.name, Filter { group: Some(g.id), ..Default::default() })
        }
    };
    // A month back, so a subscriber sees recent changes to past occurrences too.
    let since = plural_store::now() - 31 * 86400;
    let events = plural_store::events::still_running(&state.db, filter, since, FEED_EVENTS).await?;
    Ok((name, format!("/{kind}/{slug}"), events))
}

async fn place_ics(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    let (name, _, events) = feed_events(&state, "places", &slug).await?;
    Ok(ics_response(calendar(&state, &name, &events).await?))
}

async fn group_ics(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    let (name, _, events) = feed_events(&state, "groups", &slug).await?;
    Ok(ics_response(calendar(&state, &name, &events).await?))
}

fn atom(state: &AppState, name: &str, path: &str, events: &[Event]) -> String {
    use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Text};
    let base = state.config.base_url.trim_end_matches('/');
    let at = |unix: i64| -> FixedDateTime { utc(unix).fixed_offset() };
    let updated = events.iter().map(|e| e.updated_at).max().unwrap_or(0);
    let entries: Vec<Entry> = events
        .iter()
        .map(|e| {
            let start = service::local(e, e.starts_at).format("%Y-%m-%d %H:%M");
            let cancelled = if e.status == EventStatus::Cancelled { "[cancelled] " } else { "" };
            Entry {
                id: format!("urn:uuid:{}", e.id),
                title: Text::plain(format!("{cancelled}{}", e.title)),
                updated: at(e.updated_at),
                published: Some(at(e.created_at)),
                links: vec![Link { href: event_url(state, e), rel: "alternate".into(), ..Default::default() }],
                summary: Some(Text::plain(format!("{start} ({}) {}", e.time_zone, location(e)))),
                content: Some(Content {
                    value: Some(service::render_markdown(&e.description)),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{base}{path}/events.atom"),
        title: Text::plain(name.to_string()),
        updated: at(updated),
        links: vec![
            Link { href: format!("{base}{path}/events.atom"), rel: "self".into(), ..Default::default() },
            Link { href: format!("{base}{path}"), rel: "alternate".into(), ..Default::default() },
        ],
        entries,
        ..Default::default()
    };
    feed.to_string()
}

async fn place_atom(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    let (name, path, events) = feed_events(&state, "places", &slug).await?;
    Ok(atom_response(atom(&state, &name, &path, &events)))
}

async fn group_atom(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    let (name, path, events) = feed_events(&state, "groups", &slug).await?;
    Ok(atom_response(atom(&state, &name, &path, &events)))
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/places/{slug}/events.ics", place_ics)
        .page(Method::GET, "/groups/{slug}/events.ics", group_ics)
        .page(Method::GET, "/places/{slug}/events.atom", place_atom)
        .page(Method::GET, "/groups/{slug}/events.atom", group_atom)
}
