//! Plural's things as ActivityStreams objects (`internal_to_as`) and
//! received objects back into what Plural keeps (`as_to_internal`).
//!
//! Events are `Event`s with the properties Mobilizon and Gancio read
//! (`startTime`, `endTime`, `location` as a `Place` with a schema.org
//! `PostalAddress`, `latitude`, `longitude`, `timezone`, `url`,
//! `attributedTo` the organising group).

use plural_store::events::Event;
use plural_store::groups::Group;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::actors::{actor_id, PUBLIC};
use crate::AppState;

pub fn rfc3339(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t).ok().and_then(|d| d.format(&Rfc3339).ok()).unwrap_or_default()
}

fn parse_time(v: &Value) -> Option<i64> {
    OffsetDateTime::parse(v.as_str()?, &Rfc3339).ok().map(|d| d.unix_timestamp())
}

/// The context that events and services are published with.
pub fn context(state: &AppState) -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        {
            "schema": "http://schema.org#",
            "PostalAddress": "schema:PostalAddress",
            "address": "schema:address",
            "streetAddress": "schema:streetAddress",
            "postalCode": "schema:postalCode",
            "addressCountry": "schema:addressCountry",
            "timezone": { "@id": "http://joinmobilizon.org/ns#timezone", "@type": "schema:Text" },
            "isOnline": { "@id": "http://joinmobilizon.org/ns#isOnline", "@type": "schema:Boolean" },
        },
        format!("{}/ns/plural", state.config.base()),
    ])
}

/// The ActivityPub id of a local event: its page.
pub fn event_id(base: &str, e: &Event) -> String {
    format!("{base}/events/{}", e.id)
}

/// An event as an ActivityStreams `Event`.
pub fn event_object(state: &AppState, e: &Event, group: &Group) -> Value {
    let base = state.config.base();
    let id = event_id(base, e);
    let organiser = actor_id(base, &format!("group:{}", group.id));
    let mut location = json!({
        "type": "Place",
        "name": if e.venue.is_empty() { e.address.clone() } else { e.venue.clone() },
        "address": {
            "type": "PostalAddress",
            "streetAddress": e.address,
            "postalCode": e.postcode,
        },
    });
    if let (Some(lat), Some(lon)) = (e.lat, e.lon) {
        location["latitude"] = json!(lat);
        location["longitude"] = json!(lon);
    }
    let online = e.mode.as_str() == "online";
    let mut doc = json!({
        "id": id,
        "type": "Event",
        "name": e.title,
        "content": crate::rich_text::markdown_to_html(&e.description, crate::rich_text::RawHtml::AsText),
        "mediaType": "text/html",
        "url": id,
        "attributedTo": organiser,
        "to": [PUBLIC],
        "cc": [format!("{organiser}/followers")],
        "published": rfc3339(e.created_at),
        "updated": rfc3339(e.updated_at),
        "startTime": rfc3339(e.starts_at),
        "endTime": rfc3339(e.ends_at),
        "timezone": e.time_zone,
        "isOnline": online,
        "commentsEnabled": false,
        "joinMode": "external",
    });
    if !online || !e.venue.is_empty() || !e.address.is_empty() {
        doc["location"] = location;
    }
    if !e.online_url.is_empty() {
        doc["attachment"] = json!([{ "type": "Link", "name": "Online", "href": e.online_url }]);
    }
    if e.status.as_str() == "cancelled" {
        doc["ical:status"] = json!("CANCELLED");
    }
    doc
}

/// A directory service as a `Page` carrying the HSDS fields in Plural's
/// context (`/ns/plural`): the organisation (its group's actor), email,
/// eligibility, fees, languages, service areas (places' actors), schedule,
/// when it was last reviewed, and each location as a `Place`.
pub fn service_object(state: &AppState, s: &plural_store::directory::Service, group: &Group) -> Value {
    let base = state.config.base();
    let id = format!("{base}/services/{}", s.id);
    let organiser = actor_id(base, &format!("group:{}", group.id));
    let locations: Vec<Value> = s
        .locations
        .iter()
        .map(|l| {
            let l = &l.location;
            let street: Vec<&str> = [l.address_1.as_str(), l.address_2.as_str(), l.city.as_str()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            let mut place = json!({
                "type": "Place",
                "name": l.name,
                "address": { "type": "PostalAddress", "streetAddress": street.join(", "), "postalCode": l.postcode },
            });
            if let (Some(lat), Some(lon)) = (l.latitude, l.longitude) {
                place["latitude"] = json!(lat);
                place["longitude"] = json!(lon);
            }
            place
        })
        .collect();
    let fees: Vec<String> = s
        .cost_options
        .iter()
        .map(|c| match (c.free, c.amount_minor, &c.currency) {
            (true, _, _) => "free".to_string(),
            (false, Some(a), Some(cur)) => format!("{} {cur} {}", a as f64 / 100.0, c.description).trim().to_string(),
            _ => c.description.clone(),
        })
        .collect();
    let schedule: Vec<Value> = s
        .schedules
        .iter()
        .map(|h| json!({"freq": h.freq, "byday": h.byday, "opensAt": h.opens_at, "closesAt": h.closes_at}))
        .collect();
    let languages: Vec<String> = s.languages.iter().map(|l| l.code.clone()).collect();
    let areas: Vec<String> = s.areas.iter().map(|a| actor_id(base, &format!("place:{}", a.place_id))).collect();
    json!({
        "id": id,
        "type": "Page",
        "name": s.name,
        "content": crate::rich_text::markdown_to_html(&s.description, crate::rich_text::RawHtml::AsText),
        "mediaType": "text/html",
        "url": id,
        "attributedTo": organiser,
        "to": [PUBLIC],
        "cc": [format!("{organiser}/followers")],
        "published": rfc3339(s.created_at),
        "updated": rfc3339(s.updated_at),
        "location": locations,
        "hsds:status": s.status,
        "organization": organiser,
        "email": s.email,
        "eligibility": s.eligibility_description,
        "fees": fees,
        "languages": languages,
        "serviceAreas": areas,
        "schedule": schedule,
        "lastReviewed": s.last_reviewed,
    })
}

/// An activity by a local actor around `object`, addressed to the public
/// and the actor's followers. Each activity gets a fresh id (under the
/// object's); a retried delivery sends the stored text again, so the same
/// id, and is applied once.
pub fn wrap(state: &AppState, kind: &str, actor_key: &str, object: Value, at: i64) -> Value {
    let object_id =
        object.as_str().or_else(|| object.get("id").and_then(Value::as_str)).unwrap_or_default().to_string();
    let id = format!("{object_id}#{}-{}", kind.to_ascii_lowercase(), uuid::Uuid::new_v4().simple());
    wrap_with_id(state, &id, kind, actor_key, object, at)
}

/// The same with a given id (the outbox lists each event's Create under a
/// stable one).
pub fn wrap_with_id(state: &AppState, id: &str, kind: &str, actor_key: &str, object: Value, at: i64) -> Value {
    let actor = actor_id(state.config.base(), actor_key);
    json!({
        "@context": context(state),
        "id": id,
        "type": kind,
        "actor": actor,
        "published": rfc3339(at),
        "to": [PUBLIC],
        "cc": [format!("{actor}/followers")],
        "object": object,
    })
}

/// A received object as Plural keeps it, or why not.
/// An object's own version: its `updated` time, else `published`, else 0.
pub fn version_of(object: &Value) -> i64 {
    object.get("updated").and_then(parse_time).or_else(|| object.get("published").and_then(parse_time)).unwrap_or(0)
}

pub fn as_to_internal(actor: &str, object: &Value) -> Result<plural_store::federation::RemoteObject, &'static str> {
    let id = object.get("id").and_then(Value::as_str).ok_or("object-without-id")?;
    // The id is also the link shown when the object has no web `url`, so it
    // must be a web address itself (fuzzing found `""` and `javascript:` kept).
    if super::origin_of(id).is_none() {
        return Err("object-id-not-http");
    }
    let kind = object.get("type").and_then(Value::as_str).ok_or("object-without-type")?;
    if !matches!(kind, "Event" | "Note" | "Article" | "Page" | "Service") {
        return Err("unsupported-object");
    }
    let text =
        |k: &str| object.get(k).and_then(Value::as_str).unwrap_or_default().chars().take(20_000).collect::<String>();
    let name = match text("name") {
        n if !n.is_empty() => n,
        _ => text("summary"),
    };
    let url = match object.get("url") {
        Some(Value::String(u)) => u.clone(),
        Some(Value::Object(o)) => o.get("href").and_then(Value::as_str).unwrap_or(id).to_string(),
        Some(Value::Array(a)) => a
            .iter()
            .find_map(|l| l.as_str().map(str::to_string).or_else(|| l.get("href")?.as_str().map(str::to_string)))
            .unwrap_or_else(|| id.to_string()),
        _ => id.to_string(),
    };
    let location = match object.get("location") {
        Some(l) => {
            let name = l.get("name").and_then(Value::as_str).unwrap_or_default();
            let street = match l.get("address") {
                Some(Value::String(s)) => s.clone(),
                Some(a) => a.get("streetAddress").and_then(Value::as_str).unwrap_or_default().to_string(),
                None => String::new(),
            };
            [name, street.as_str()].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(", ")
        }
        None => String::new(),
    };
    let content = ammonia::clean(&text("content"));
    // Only web links are shown as links.
    let url = if url.starts_with("https://") || url.starts_with("http://") { url } else { id.to_string() };
    Ok(plural_store::federation::RemoteObject {
        id: id.to_string(),
        actor: actor.to_string(),
        kind: kind.to_string(),
        name: name.chars().take(500).collect(),
        content,
        url,
        starts_at: object.get("startTime").and_then(parse_time),
        ends_at: object.get("endTime").and_then(parse_time),
        location: location.chars().take(500).collect(),
        document: object.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_whose_id_is_not_a_web_address_is_not_kept() {
        let actor = "https://social.example/users/ana";
        for id in ["", "javascript:alert(1)", "urn:uuid:1", "/notes/1"] {
            let note = json!({ "id": id, "type": "Note", "content": "hello" });
            assert_eq!(as_to_internal(actor, &note).map(|o| o.id), Err("object-id-not-http"), "{id:?}");
        }
        let note = json!({ "id": "https://social.example/notes/1", "type": "Note", "content": "hello" });
        let kept = as_to_internal(actor, &note).map(|o| (o.id, o.url));
        let link = "https://social.example/notes/1".to_string();
        assert_eq!(kept, Ok((link.clone(), link)));
    }
}
