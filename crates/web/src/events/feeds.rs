//! Calendars (RFC 5545) and Atom feeds of events, for one event, a place or a group;
//! a place's feeds also carry what arrived from the actors it follows on other nodes.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, Property};
use plural_kernel::events::EventStatus;
use plural_store::events::{Event, Filter, Override};
use plural_store::federation::RemoteObject;

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

fn offset_at(zone: chrono_tz::Tz, unix: i64) -> i32 {
    use chrono::{Offset, TimeZone};
    zone.offset_from_utc_datetime(&utc(unix).naive_utc()).fix().local_minus_utc()
}

fn format_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    format!("{sign}{:02}{:02}", a / 3600, (a % 3600) / 60)
}

/// The zone's offset changes in `[from, to)`: (instant, offset before, offset after).
fn transitions(zone: chrono_tz::Tz, from: i64, to: i64) -> Vec<(i64, i32, i32)> {
    let mut out = Vec::new();
    let mut t = from;
    while t < to {
        let (before, after) = (offset_at(zone, t), offset_at(zone, t + 86400));
        if before != after {
            // The change happened within this day: find the second.
            let (mut lo, mut hi) = (t, t + 86400);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_at(zone, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push((hi, before, after));
        }
        t += 86400;
    }
    out
}

/// Whether a change follows the EU rule: 01:00 UTC on the last Sunday of March or October.
fn is_eu_rule(instant: i64) -> bool {
    use chrono::{Datelike, Timelike};
    let t = utc(instant);
    t.hour() == 1
        && t.minute() == 0
        && t.weekday() == chrono::Weekday::Sun
        && t.day() >= 25
        && (t.month() == 3 || t.month() == 10)
}

/// The VTIMEZONE of a zone. Zones that follow EU summer time (Europe/London
/// and most of Europe) get the yearly rules; others get their actual
/// changes from last year to three years ahead; zones without changes, their offset.
fn vtimezone(zone_name: &str) -> String {
    let zone: chrono_tz::Tz = zone_name.parse().unwrap_or(chrono_tz::Europe::London);
    let now = plural_store::now();
    let changes = transitions(zone, now - 400 * 86400, now + 3 * 366 * 86400);
    let mut s = format!("BEGIN:VTIMEZONE\r\nTZID:{zone_name}\r\n");
    let observance = |kind: &str, start: &str, from: i32, to: i32, rule: &str| {
        format!(
            "BEGIN:{kind}\r\nDTSTART:{start}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n{rule}END:{kind}\r\n",
            format_offset(from),
            format_offset(to)
        )
    };
    let eu = changes.len() >= 2 && changes.iter().all(|(t, _, _)| is_eu_rule(*t));
    match changes.first() {
        None => {
            let o = offset_at(zone, now);
            s.push_str(&observance("STANDARD", "19700101T000000", o, o, ""));
        }
        Some(&(_, a, b)) if eu && a != b => {
            let (winter, summer) = (a.min(b), a.max(b));
            let hour = |secs: i32| 1 + secs / 3600;
            let spring = format!("19960331T{:02}0000", hour(winter));
            let autumn = format!("19961027T{:02}0000", hour(summer));
            s.push_str(&observance("DAYLIGHT", &spring, winter, summer, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"));
            s.push_str(&observance("STANDARD", &autumn, summer, winter, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"));
        }
        Some(_) => {
            for &(t, from, to) in &changes {
                // DTSTART is the wall-clock time the change happens at, in the offset before it.
                let start = utc(t + i64::from(from)).naive_utc().format("%Y%m%dT%H%M%S").to_string();
                let kind = if to > from { "DAYLIGHT" } else { "STANDARD" };
                s.push_str(&observance(kind, &start, from, to, ""));
            }
        }
    }
    s.push_str("END:VTIMEZONE\r\n");
    s
}

/// A calendar of these events, as RFC 5545 text.
pub async fn calendar(state: &AppState, name: &str, events: &[Event]) -> WebResult<String> {
    calendar_with(state, name, events, &[]).await
}

/// A calendar of this node's events and of dated arrivals from other nodes.
async fn calendar_with(state: &AppState, name: &str, events: &[Event], arrived: &[RemoteObject]) -> WebResult<String> {
    let mut cal = Calendar::new();
    cal.name(name);
    for c in arrived.iter().filter_map(arrival_component) {
        cal.push(c);
    }
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

/// What a feed holds: the title, the page's path, this node's events and,
/// for a place, what arrived from the actors it follows on other nodes.
struct FeedContent {
    name: String,
    path: String,
    events: Vec<Event>,
    arrived: Vec<RemoteObject>,
}

/// How many arrivals from followed actors a place's feed holds at most.
const FEED_ARRIVALS: i64 = 100;

/// The published events of a place or a group, and the feed's title.
async fn feed_content(state: &AppState, kind: &str, slug: &str) -> WebResult<FeedContent> {
    let (name, filter, arrived) = match kind {
        "places" => {
            let p = plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
            let arrived = crate::federation::following::arrived(state, &p, FEED_ARRIVALS).await;
            (p.name, Filter { place: Some(p.id), within: true, ..Default::default() }, arrived)
        }
        _ => {
            let g = plural_store::groups::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
            (g.name, Filter { group: Some(g.id), ..Default::default() }, Vec::new())
        }
    };
    // A month back, so a subscriber sees recent changes to past occurrences too.
    let since = plural_store::now() - 31 * 86400;
    let events = plural_store::events::still_running(&state.db, filter, since, FEED_EVENTS).await?;
    Ok(FeedContent { name, path: format!("/{kind}/{slug}"), events, arrived })
}

/// The host an arrival came from, as readers are shown it ("from example.org").
fn origin_host(o: &RemoteObject) -> String {
    url::Url::parse(&o.id).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default()
}

/// A dated arrival as a calendar entry: its own id as UID, times in UTC,
/// and the original's address, so a calendar shows where it comes from.
fn arrival_component(o: &RemoteObject) -> Option<icalendar::Event> {
    let starts = o.starts_at?;
    let mut c = icalendar::Event::new();
    c.uid(&o.id)
        .summary(&o.name)
        .starts(utc(starts))
        .ends(utc(o.ends_at.unwrap_or(starts + 3600)))
        .url(&o.url)
        .description(&format!("From {}: {}", origin_host(o), o.url));
    if !o.location.is_empty() {
        c.location(&o.location);
    }
    Some(c.done())
}

async fn feed_ics(state: &AppState, kind: &str, slug: &str) -> WebResult<Response> {
    let f = feed_content(state, kind, slug).await?;
    Ok(ics_response(calendar_with(state, &f.name, &f.events, &f.arrived).await?))
}

async fn place_ics(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    feed_ics(&state, "places", &slug).await
}

async fn group_ics(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    feed_ics(&state, "groups", &slug).await
}

fn atom(state: &AppState, f: &FeedContent) -> String {
    use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Text};
    let (name, path) = (&f.name, &f.path);
    let base = state.config.base_url.trim_end_matches('/');
    let at = |unix: i64| -> FixedDateTime { utc(unix).fixed_offset() };
    let updated = f.events.iter().map(|e| e.updated_at).max().unwrap_or(0);
    let mut entries: Vec<Entry> = f
        .events
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
                    value: Some(crate::rich_text::markdown_to_html(&e.description, crate::rich_text::RawHtml::AsText)),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    // What arrived from other nodes: the original's id and address, marked
    // with where it comes from (its content was cleaned when it arrived).
    entries.extend(f.arrived.iter().map(|o| {
        let when = o.starts_at.map(|t| format!("{} UTC, ", utc(t).format("%Y-%m-%d %H:%M"))).unwrap_or_default();
        Entry {
            id: o.id.clone(),
            title: Text::plain(o.name.clone()),
            updated: at(updated),
            links: vec![Link { href: o.url.clone(), rel: "alternate".into(), ..Default::default() }],
            summary: Some(Text::plain(format!("{when}from {}", origin_host(o)))),
            content: Some(Content {
                value: Some(o.content.clone()),
                content_type: Some("html".into()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }));
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
    Ok(atom_response(atom(&state, &feed_content(&state, "places", &slug).await?)))
}

async fn group_atom(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    Ok(atom_response(atom(&state, &feed_content(&state, "groups", &slug).await?)))
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/places/{slug}/events.ics", place_ics)
        .page(Method::GET, "/groups/{slug}/events.ics", group_ics)
        .page(Method::GET, "/places/{slug}/events.atom", place_atom)
        .page(Method::GET, "/groups/{slug}/events.atom", group_atom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn london_gets_the_eu_rules() {
        let v = vtimezone("Europe/London");
        assert!(v.contains("BEGIN:DAYLIGHT\r\nDTSTART:19960331T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\n"));
        assert!(v.contains("BEGIN:STANDARD\r\nDTSTART:19961027T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n"));
        let w = vtimezone("Europe/Warsaw");
        assert!(w.contains("DTSTART:19960331T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"));
    }

    #[test]
    fn other_zones_get_their_own_changes() {
        let ny = vtimezone("America/New_York");
        assert!(!ny.contains("RRULE"));
        assert!(ny.contains("T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400"));
        assert!(ny.contains("T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500"));
        let tokyo = vtimezone("Asia/Tokyo");
        assert!(tokyo.contains("TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900"));
    }
}
