//! The RPDE feeds (OpenActive Realtime Paged Data Exchange 1.0, "modified
//! timestamp and id" ordering): every published event as a `SessionSeries`
//! (a one-off event is a series of one), and each of its occurrences in the
//! next year as a `ScheduledSession` whose `superEvent` is the series.
//!
//! `modified` is the change number the store stamped on the item (see
//! `plural_store::openactive`), so it is an integer that orders correctly.
//! Public, keyless, readable from any origin.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use plural_kernel::events::EventStatus;
use plural_kernel::{FieldError, GroupId};
use plural_store::events::Event;
use plural_store::groups::Group;
use plural_store::openactive::{self as store, Item, SERIES_FEED, SESSIONS_FEED};
use serde_json::{json, Value};

use crate::error::{ErrorInfo, WebError};
use crate::events::feeds::event_url;
use crate::jsonld;
use crate::AppState;

/// The licence of the open data (OpenActive asks for CC BY 4.0).
pub const LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";
/// An `afterId` longer than any id we make is a mistake.
const AFTER_ID_MAX: usize = 200;

/// One feed: where it is served and what it holds.
pub struct Feed {
    pub store_name: &'static str,
    pub path: &'static str,
    /// The RPDE `kind` and the OpenActive type of its items.
    pub kind: &'static str,
}

pub const SERIES: Feed =
    Feed { store_name: SERIES_FEED, path: "/openactive/rpde/session-series", kind: "SessionSeries" };
pub const SESSIONS: Feed =
    Feed { store_name: SESSIONS_FEED, path: "/openactive/rpde/scheduled-sessions", kind: "ScheduledSession" };
pub const FEEDS: [&Feed; 2] = [&SERIES, &SESSIONS];

fn base(state: &AppState) -> &str {
    state.config.base_url.trim_end_matches('/')
}

/// The absolute URL of a feed's first page.
pub fn feed_url(state: &AppState, feed: &Feed) -> String {
    format!("{}{}", base(state), feed.path)
}

fn page_url(state: &AppState, feed: &Feed, after: Option<(i64, &str)>) -> String {
    match after {
        None => feed_url(state, feed),
        Some((modified, id)) => {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("afterTimestamp", &modified.to_string())
                .append_pair("afterId", id)
                .finish();
            format!("{}?{query}", feed_url(state, feed))
        }
    }
}

/// Where a page starts: after the item given by both parameters, or at the beginning.
fn parse_after(query: Option<&str>) -> Result<Option<(i64, String)>, FieldError> {
    let mut timestamp = None;
    let mut id = None;
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "afterTimestamp" if timestamp.is_none() => timestamp = Some(v.into_owned()),
            "afterId" if id.is_none() => id = Some(v.into_owned()),
            _ => {}
        }
    }
    match (timestamp, id) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(FieldError::new("afterId", "rpde-after-id-required")),
        (None, Some(_)) => Err(FieldError::new("afterTimestamp", "rpde-after-timestamp-required")),
        (Some(t), Some(i)) => {
            let t = t.parse::<i64>().ok().filter(|t| *t >= 0);
            let Some(t) = t else { return Err(FieldError::new("afterTimestamp", "rpde-after-timestamp-invalid")) };
            if i.is_empty() || i.len() > AFTER_ID_MAX || i.chars().any(char::is_control) {
                return Err(FieldError::new("afterId", "rpde-after-id-invalid"));
            }
            Ok(Some((t, i)))
        }
    }
}

fn with_headers(mut res: Response, cache: &'static str) -> Response {
    let h = res.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

fn bad_param(e: FieldError) -> Response {
    let detail = format!("query parameter `{}` is missing or not valid", e.field);
    let info =
        ErrorInfo { status: StatusCode::BAD_REQUEST, code: "bad-request", detail: Some(detail), errors: vec![e] };
    with_headers(crate::error::problem(&info), "no-store")
}

/// ISO 8601 duration of whole minutes, as OpenActive wants (`PT1H30M`).
fn duration(seconds: i64) -> String {
    let minutes = (seconds.max(0) + 59) / 60;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// A `SessionSeries`: what the event is, where, who runs it and what it costs.
pub fn series_data(state: &AppState, e: &Event, group: &Group) -> Value {
    let url = event_url(state, e);
    let mut v = json!({
        "@context": "https://openactive.io/",
        "@type": "SessionSeries",
        "@id": url,
        "identifier": e.id.to_string(),
        "name": e.title,
        "url": url,
        "organizer": jsonld::organization(state, group),
        "eventAttendanceMode": jsonld::attendance_mode(e.mode),
        "duration": duration(e.ends_at - e.starts_at),
    });
    if !e.description.is_empty() {
        v["description"] = json!(e.description);
    }
    if e.mode != plural_kernel::events::EventMode::Online {
        v["location"] = jsonld::physical_place(e, None);
    }
    if e.is_free {
        v["isAccessibleForFree"] = json!(true);
        v["offers"] = json!([{ "@type": "Offer", "identifier": "free", "price": 0, "priceCurrency": "GBP" }]);
    }
    if let Some(c) = e.capacity {
        v["maximumAttendeeCapacity"] = json!(c);
    }
    if !e.accessibility.is_empty() {
        v["accessibilityInformation"] = json!(e.accessibility);
    }
    v
}

/// A `ScheduledSession`: one occurrence, pointing at its series. A cancelled
/// event or occurrence stays listed, marked `EventCancelled`; a moved one is
/// `EventRescheduled` with its new times.
pub fn session_data(state: &AppState, e: &Event, item: &Item, original: i64) -> Value {
    let length = e.ends_at - e.starts_at;
    let (starts, ends, status) = match &item.change {
        Some(c) if c.cancelled => (original, original + length, "EventCancelled"),
        Some(c) => (c.starts_at, c.ends_at, "EventRescheduled"),
        None => (original, original + length, "EventScheduled"),
    };
    let status = if e.status == EventStatus::Cancelled { "EventCancelled" } else { status };
    let series = event_url(state, e);
    json!({
        "@context": "https://openactive.io/",
        "@type": "ScheduledSession",
        "@id": format!("{series}#occurrence-{original}"),
        "identifier": item.id,
        "superEvent": series,
        "startDate": jsonld::date(e, starts),
        "endDate": jsonld::date(e, ends),
        "duration": duration(ends - starts),
        "eventStatus": format!("https://schema.org/{status}"),
    })
}

/// An item's data, or `None` when there is nothing public to show (the
/// event went between stamping and reading: it will come back as deleted).
fn data(
    state: &AppState,
    feed: &Feed,
    item: &Item,
    events: &HashMap<String, Event>,
    groups: &HashMap<GroupId, Group>,
) -> Option<Value> {
    let e = events.get(&item.event_id).filter(|e| e.status != EventStatus::Draft)?;
    if feed.store_name == SERIES_FEED {
        Some(series_data(state, e, groups.get(&e.group_id)?))
    } else {
        Some(session_data(state, e, item, item.occurrence?))
    }
}

/// One page of a feed, as RPDE's JSON.
pub async fn page(state: &AppState, feed: &Feed, after: Option<(i64, &str)>) -> Result<Value, WebError> {
    let items = store::page(&state.db, feed.store_name, after.unwrap_or((0, "")), state.config.rpde_page_size).await?;
    let mut ids: Vec<&str> = items.iter().filter(|i| !i.deleted).map(|i| i.event_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let events: HashMap<String, Event> =
        store::events(&state.db, &ids).await?.into_iter().map(|e| (e.id.to_string(), e)).collect();
    let mut groups = HashMap::new();
    if feed.store_name == SERIES_FEED {
        for e in events.values() {
            if !groups.contains_key(&e.group_id) {
                if let Some(g) = plural_store::groups::get(&state.db, e.group_id).await? {
                    groups.insert(g.id, g);
                }
            }
        }
    }
    let json_items: Vec<Value> = items
        .iter()
        .map(|item| {
            let mut v = json!({ "state": "deleted", "kind": feed.kind, "id": item.id, "modified": item.modified });
            if let Some(d) = (!item.deleted).then(|| data(state, feed, item, &events, &groups)).flatten() {
                v["state"] = json!("updated");
                v["data"] = d;
            }
            v
        })
        .collect();
    // The last page (no items) names itself as next, exactly as it was asked for.
    let next = match items.last() {
        Some(last) => page_url(state, feed, Some((last.modified, &last.id))),
        None => page_url(state, feed, after),
    };
    Ok(json!({ "next": next, "items": json_items, "license": LICENSE }))
}

async fn serve(state: &AppState, feed: &Feed, query: Option<String>) -> Response {
    let after = match parse_after(query.as_deref()) {
        Ok(a) => a,
        Err(e) => return bad_param(e),
    };
    match page(state, feed, after.as_ref().map(|(t, i)| (*t, i.as_str()))).await {
        Ok(body) => {
            let last = body["items"].as_array().is_some_and(Vec::is_empty);
            // RPDE: pages with items never change and may be cached; the last
            // page is polled for news, so only briefly.
            let cache = if last { "public, max-age=8" } else { "public, max-age=3600" };
            with_headers(axum::Json(body).into_response(), cache)
        }
        Err(e) => e.into_response(),
    }
}

pub async fn series(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    serve(&state, &SERIES, query).await
}

pub async fn sessions(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    serve(&state, &SESSIONS, query).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_parameters_come_together_and_well_formed() {
        assert_eq!(parse_after(None), Ok(None));
        assert_eq!(parse_after(Some("afterTimestamp=12&afterId=abc")), Ok(Some((12, "abc".to_string()))));
        let field = |q: &str| parse_after(Some(q)).err().map(|e| e.field);
        assert_eq!(field("afterTimestamp=12"), Some("afterId"));
        assert_eq!(field("afterId=abc"), Some("afterTimestamp"));
        assert_eq!(field("afterTimestamp=soon&afterId=abc"), Some("afterTimestamp"));
        assert_eq!(field("afterTimestamp=-1&afterId=abc"), Some("afterTimestamp"));
        assert_eq!(field("afterTimestamp=1&afterId="), Some("afterId"));
    }

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(duration(90 * 60), "PT1H30M");
        assert_eq!(duration(2 * 3600), "PT2H");
        assert_eq!(duration(45 * 60), "PT45M");
    }
}
