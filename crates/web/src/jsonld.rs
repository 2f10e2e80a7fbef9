//! schema.org descriptions of events, groups and services, embedded in their
//! pages as JSON-LD so search engines and calendars can read them.
//!
//! The JSON goes inside a `<script>` element, where the HTML parser looks
//! for `</script` (and, after `<!--`, for `<script`). Writing every `<` as
//! the JSON escape `\u003c` keeps user text from closing the element or
//! changing how it is parsed; the data reads back the same.

use chrono::TimeZone;
use plural_kernel::events::{EventMode, EventStatus};
use plural_store::directory::Service;
use plural_store::events::Event;
use plural_store::groups::Group;
use plural_store::places::Place;
use serde_json::{json, Map, Value};

use crate::events::service::zone;
use crate::AppState;

fn base(state: &AppState) -> &str {
    state.config.base_url.trim_end_matches('/')
}

/// A JSON value ready to sit between `<script type="application/ld+json">` tags.
pub fn script_body(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default().replace('<', "\\u003c")
}

/// RFC 3339 with the event's own offset, as schema.org dates want.
pub(crate) fn date(e: &Event, unix: i64) -> String {
    match zone(e).timestamp_opt(unix, 0).single() {
        Some(t) => t.to_rfc3339(),
        None => String::new(),
    }
}

pub(crate) fn organization(state: &AppState, g: &Group) -> Value {
    let mut o = json!({
        "@type": "Organization",
        "name": g.name,
        "url": format!("{}/groups/{}", base(state), g.slug),
    });
    if !g.description.is_empty() {
        o["description"] = json!(g.description);
    }
    o
}

pub(crate) fn physical_place(e: &Event, place: Option<&Place>) -> Value {
    let mut address = Map::new();
    address.insert("@type".into(), json!("PostalAddress"));
    if !e.address.is_empty() {
        address.insert("streetAddress".into(), json!(e.address));
    }
    if !e.postcode.is_empty() {
        address.insert("postalCode".into(), json!(e.postcode));
    }
    if let Some(p) = place {
        address.insert("addressLocality".into(), json!(p.name));
    }
    let name = if e.venue.is_empty() { e.address.clone() } else { e.venue.clone() };
    let mut p = json!({ "@type": "Place", "name": name, "address": Value::Object(address) });
    if let (Some(lat), Some(lon)) = (e.lat, e.lon) {
        p["geo"] = json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
    }
    p
}

fn virtual_location(e: &Event) -> Value {
    json!({ "@type": "VirtualLocation", "url": e.online_url })
}

/// schema.org's `eventAttendanceMode` for how people take part.
pub(crate) fn attendance_mode(mode: EventMode) -> &'static str {
    match mode {
        EventMode::InPerson => "https://schema.org/OfflineEventAttendanceMode",
        EventMode::Online => "https://schema.org/OnlineEventAttendanceMode",
        EventMode::Hybrid => "https://schema.org/MixedEventAttendanceMode",
    }
}

/// An `Event`; `starts`/`ends` are the occurrence shown (the next one for a series).
pub fn event(state: &AppState, e: &Event, group: &Group, place: Option<&Place>, starts: i64, ends: i64) -> Value {
    let location = match e.mode {
        EventMode::InPerson => physical_place(e, place),
        EventMode::Online => virtual_location(e),
        EventMode::Hybrid => json!([physical_place(e, place), virtual_location(e)]),
    };
    let status = match e.status {
        EventStatus::Cancelled => "EventCancelled",
        _ => "EventScheduled",
    };
    let url = crate::events::feeds::event_url(state, e);
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "startDate": date(e, starts),
        "endDate": date(e, ends),
        "eventStatus": format!("https://schema.org/{status}"),
        "eventAttendanceMode": attendance_mode(e.mode),
        "location": location,
        "organizer": organization(state, group),
        "url": url,
    });
    if !e.description.is_empty() {
        v["description"] = json!(e.description);
    }
    if e.is_free {
        v["isAccessibleForFree"] = json!(true);
        v["offers"] = json!({ "@type": "Offer", "price": "0", "priceCurrency": "GBP", "url": url });
    } else if !e.cost.is_empty() {
        v["offers"] = json!({ "@type": "Offer", "description": e.cost, "url": url });
    }
    if !e.languages.is_empty() {
        v["inLanguage"] = json!(e.languages);
    }
    v
}

/// The `Event` script for an event page: the next occurrence that is not
/// cancelled, or the first one when none is left.
pub fn event_script(
    state: &AppState,
    e: &Event,
    group: &Group,
    place: Option<&Place>,
    next: &[crate::events::service::Occurrence],
) -> String {
    let (starts, ends) =
        next.iter().find(|o| !o.cancelled).map(|o| (o.starts_at, o.ends_at)).unwrap_or((e.starts_at, e.ends_at));
    script_body(&event(state, e, group, place, starts, ends))
}

/// The `Organization` a group's page describes.
pub fn group(state: &AppState, g: &Group, place: Option<&Place>) -> Value {
    let mut v = organization(state, g);
    v["@context"] = json!("https://schema.org");
    if let Some(p) = place {
        v["areaServed"] = json!({ "@type": "Place", "name": p.name });
    }
    v
}

/// The `Service` a directory page describes, provided by its group.
pub fn service(state: &AppState, s: &Service, g: &Group, place: Option<&str>) -> Value {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Service",
        "name": s.name,
        "url": format!("{}/services/{}", base(state), s.id),
        "provider": organization(state, g),
    });
    if !s.description.is_empty() {
        v["description"] = json!(s.description);
    }
    if let Some(p) = place.filter(|p| !p.is_empty()) {
        v["areaServed"] = json!({ "@type": "Place", "name": p });
    }
    if let Some(u) = s.url.as_deref().filter(|u| !u.is_empty()) {
        v["sameAs"] = json!(u);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_body_cannot_close_the_element() {
        let body = script_body(&json!({ "name": "</script><script>alert(1)</script>" }));
        assert!(!body.contains('<'));
        let back: Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(back["name"], "</script><script>alert(1)</script>");
    }
}
