//! iCalendar (RFC 5545) into a group's events: `plural import ical`, the
//! admin upload, and every subscription fetch.
//!
//! Each VEVENT is mapped onto the same [`EventInput`] a person fills in and
//! checked by the kernel's [`rules::check`], so an imported event obeys the
//! rules of one typed by hand (no end before start, no one-off in the past,
//! bounded lengths). Recurrence is accepted when this node can represent it
//! as one of its own choices (weekly, fortnightly, monthly on the nth weekday,
//! ending on a date, after a count of at most 500, or never — expansion is
//! always bounded by the kernel); any other rule is refused with the reason.
//! EXDATE and RECURRENCE-ID children become per-occurrence changes
//! (cancelled or moved; other changed fields of one occurrence are not kept).

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::Component;
use plural_kernel::errors::FieldError;
use plural_kernel::events::{self as rules, EventDetails, EventInput, EventStatus, Repeat, SeriesEnd};
use plural_kernel::{GroupId, PersonId, PlaceId};
use plural_store::events::Override;
use plural_store::import::{EventImport, EventOutcome};
use plural_store::Db;
use sha2::{Digest, Sha256};

use super::hsds::field_code;
use super::report::{cannot_read, no_place, progress_bar, InputRefused, Reason, Refusal, Report};

/// The largest calendar read, from a file, an upload or a subscription.
pub const MAX_FEED_BYTES: usize = 5 * 1024 * 1024;

/// Where imported events go.
#[derive(Debug, Clone)]
pub struct Target {
    pub group: GroupId,
    pub place: PlaceId,
    /// The subscription being fetched; `None` for a one-off import.
    pub source: Option<String>,
    /// Who ran the import (`None` on the command line or for a subscription).
    pub by: Option<PersonId>,
}

/// The group (by slug) and place (by slug, or the group's own) events go to.
pub async fn target(db: &Db, group_slug: &str, place_slug: Option<&str>) -> anyhow::Result<Target> {
    let group = plural_store::groups::by_slug(db, group_slug.trim())
        .await?
        .ok_or_else(|| InputRefused::new(Reason::new("import-reason-no-group").with("slug", group_slug.trim())))?;
    let place = match place_slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => plural_store::places::by_slug(db, slug).await?.ok_or_else(|| no_place(slug))?.id,
        None => group.place_id,
    };
    Ok(Target { group: group.id, place, source: None, by: None })
}

/// `plural import ical <file or URL>`: a URL becomes a subscription, fetched now and then on its schedule.
/// `allow_loopback` is the node's test-only outbound setting (`federation.allow_loopback`).
pub async fn import(
    db: &Db,
    source: &str,
    target: Target,
    interval_secs: i64,
    show_progress: bool,
    allow_loopback: bool,
) -> anyhow::Result<Report> {
    if source.starts_with("http://") || source.starts_with("https://") {
        let id = super::subscriptions::subscribe(db, source, &target, interval_secs, allow_loopback).await?;
        return super::subscriptions::fetch(db, &id, show_progress, allow_loopback).await;
    }
    let raw = std::fs::read(source).map_err(|e| cannot_read(&source, &e))?;
    import_bytes(db, &target, &raw, show_progress).await
}

/// Import a calendar held in memory (a file or an upload).
pub async fn import_bytes(db: &Db, target: &Target, raw: &[u8], show_progress: bool) -> anyhow::Result<Report> {
    if raw.len() > MAX_FEED_BYTES {
        let megabytes = MAX_FEED_BYTES / 1024 / 1024;
        return Err(
            InputRefused::new(Reason::new("import-reason-calendar-too-large").with("megabytes", megabytes)).into()
        );
    }
    let text =
        std::str::from_utf8(raw).map_err(|_| InputRefused::new(Reason::new("import-reason-calendar-not-utf8")))?;
    let feed = parse(text, target, plural_store::now())?;
    write(db, target, feed, show_progress).await
}

/// A calendar checked: what to write, what was refused, and every UID it lists.
pub struct Feed {
    events: Vec<(String, EventImport)>,
    refused: Vec<Refusal>,
    seen: Vec<String>,
}

/// Write a checked calendar: one transaction per event; with a subscription,
/// events its feed no longer lists are cancelled (not deleted: people who
/// said they would go see that it is off, and it comes back if the feed does).
pub async fn write(db: &Db, target: &Target, feed: Feed, show_progress: bool) -> anyhow::Result<Report> {
    let mut report = Report { refused: feed.refused, ..Report::default() };
    let bar = progress_bar(feed.events.len(), "events", show_progress);
    for (at, e) in &feed.events {
        bar.set_message(e.details.title.clone());
        match plural_store::import::event(db, e).await {
            Ok(EventOutcome::Created) => report.events_created += 1,
            Ok(EventOutcome::Updated) => report.events_updated += 1,
            Ok(EventOutcome::Unchanged) => report.events_unchanged += 1,
            Err(err) => {
                report.refused.push(Refusal::new(at, Reason::new("import-reason-not-stored").with("error", err)))
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if let Some(source) = &target.source {
        report.events_cancelled = plural_store::import::cancel_missing(db, source, &feed.seen).await?;
    }
    Ok(report)
}

/// A date-time as the calendar gave it.
#[derive(Debug, Clone, Copy)]
enum When {
    At(Tz, NaiveDateTime),
    Day(NaiveDate),
}

impl When {
    fn unix(self, zone: Tz) -> Option<i64> {
        match self {
            When::At(z, local) => rules::local_to_unix(z, local),
            When::Day(d) => rules::local_to_unix(zone, d.and_time(NaiveTime::MIN)),
        }
    }
}

/// An IANA zone from a TZID, also when a publisher prefixes it with a path
/// (`/freeassociation.sourceforge.net/Europe/London`).
fn zone_of(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(z) = tzid.parse::<Tz>() {
        return Some(z);
    }
    if tzid.eq_ignore_ascii_case("GMT Standard Time") {
        return Some(chrono_tz::Europe::London);
    }
    tzid.match_indices('/').find_map(|(i, _)| tzid.get(i + 1..).and_then(|rest| rest.parse::<Tz>().ok()))
}

/// A date or date-time value, or why it is not one (a message id taking the property as `field`).
fn when_of(value: &str, tzid: Option<&str>, default: Tz) -> Result<When, &'static str> {
    let value = value.trim();
    if let Some(utc) = value.strip_suffix('Z') {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| "import-reason-not-date-time")?;
        return Ok(When::At(default, Utc.from_utc_datetime(&t).with_timezone(&default).naive_local()));
    }
    if value.contains('T') {
        let t = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| "import-reason-not-date-time")?;
        return match tzid {
            Some(id) => zone_of(id).map(|z| When::At(z, t)).ok_or("import-reason-unknown-zone"),
            None => Ok(When::At(default, t)),
        };
    }
    NaiveDate::parse_from_str(value, "%Y%m%d").map(When::Day).map_err(|_| "import-reason-not-date")
}

fn prop_when(ev: &icalendar::Event, key: &str, default: Tz) -> Result<Option<When>, Reason> {
    let Some(p) = ev.properties().get(key) else { return Ok(None) };
    let tzid = p.params().get("TZID").map(|t| t.value());
    when_of(p.value(), tzid, default).map(Some).map_err(|why| Reason::new(why).with("field", key))
}

/// The kernel's reasons, named by the iCalendar property they came from.
fn describe(e: &FieldError) -> Reason {
    let property = match e.field {
        "title" => "SUMMARY",
        "description" => "DESCRIPTION",
        "date" | "start_time" | "time_zone" => "DTSTART",
        "end_time" | "end_date" => "DTEND",
        "venue" | "address" | "postcode" | "online_url" => "LOCATION",
        "lat" | "lon" => "GEO",
        "count" | "until" | "repeat" => "RRULE",
        other => other,
    };
    let why = match (e.field, e.code) {
        (_, "event-title-required") => "import-reason-required",
        (_, "event-text-too-long") => "import-reason-too-long",
        (_, "event-text-invalid") => "import-reason-holds-control-characters",
        (_, "event-in-past") => "import-reason-in-past",
        (_, "event-too-far-ahead") => "import-reason-too-far-ahead",
        (_, "event-end-before-start") => "import-reason-not-after-start",
        (_, "event-too-long") => "import-reason-occurrence-too-long",
        (_, "event-time-skipped") => "import-reason-time-skipped",
        (_, "event-where-required") => "import-reason-where-required",
        (_, "event-url-invalid") => "import-reason-not-url",
        ("count", "number-out-of-range") => "import-reason-count-range",
        (_, "event-until-before-start") => "import-reason-until-before-start",
        (_, "number-out-of-range") => "import-reason-out-of-range",
        (_, "number-invalid") => "import-reason-not-number",
        (_, code) => return field_code(property, code),
    };
    Reason::new(why).with("field", property)
}

/// How this node repeats what an RRULE says, or why it cannot.
struct Recurrence {
    repeat: Repeat,
    until: Option<NaiveDate>,
    count: Option<String>,
}

fn weekday_code(d: NaiveDate) -> String {
    d.weekday().to_string().chars().take(2).collect::<String>().to_ascii_uppercase()
}

fn recurrence(rule: &str, start: NaiveDateTime, zone: Tz) -> Result<Recurrence, Reason> {
    let unsupported = || Reason::new("import-reason-rrule-unsupported").with("rule", rule);
    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    for part in rule.split(';').filter(|p| !p.trim().is_empty()) {
        let (k, v) =
            part.split_once('=').ok_or_else(|| Reason::new("import-reason-rrule-invalid").with("rule", rule))?;
        parts.insert(k.trim().to_ascii_uppercase(), v.trim().to_ascii_uppercase());
    }
    if parts.keys().any(|k| !matches!(k.as_str(), "FREQ" | "INTERVAL" | "BYDAY" | "COUNT" | "UNTIL" | "WKST")) {
        return Err(unsupported());
    }
    let interval = parts.get("INTERVAL").map_or("1", String::as_str);
    let byday = parts.get("BYDAY").map(|b| b.trim_start_matches('+').to_string());
    let repeat = match (parts.get("FREQ").map(String::as_str), interval) {
        (Some("WEEKLY"), "1" | "2") => {
            if byday.as_ref().is_some_and(|b| *b != weekday_code(start.date())) {
                return Err(unsupported());
            }
            if interval == "1" {
                Repeat::Weekly
            } else {
                Repeat::Fortnightly
            }
        }
        (Some("MONTHLY"), "1") => {
            // The kernel writes "monthly" as the nth weekday of the start; anything else is another rule.
            let ours = rules::build_rrule(Repeat::Monthly, start, zone, SeriesEnd::Never).unwrap_or_default();
            let expected = ours.split("BYDAY=").nth(1).unwrap_or_default().to_string();
            if byday.as_deref() != Some(expected.as_str()) {
                return Err(unsupported());
            }
            Repeat::Monthly
        }
        _ => return Err(unsupported()),
    };
    let until = match parts.get("UNTIL") {
        None => None,
        Some(u) => match when_of(u, None, zone) {
            Ok(When::Day(d)) => Some(d),
            Ok(When::At(z, t)) => Some(rules::unix_to_local(zone, rules::local_to_unix(z, t).unwrap_or(0)).date()),
            Err(_) => return Err(Reason::new("import-reason-rrule-until").with("until", u)),
        },
    };
    Ok(Recurrence { repeat, until, count: parts.get("COUNT").cloned() })
}

/// One VEVENT (without RECURRENCE-ID) checked into what is stored.
fn master(ev: &icalendar::Event, default: Tz, now: i64) -> Result<(EventDetails, EventStatus), Vec<Reason>> {
    let mut why: Vec<Reason> = Vec::new();
    let required = |field: &str| Reason::new("import-reason-required").with("field", field);
    let start = match prop_when(ev, "DTSTART", default) {
        Ok(Some(w)) => Some(w),
        Ok(None) => {
            why.push(required("DTSTART"));
            None
        }
        Err(e) => {
            why.push(e);
            None
        }
    };
    let end = match prop_when(ev, "DTEND", default) {
        Ok(Some(w)) => Some(w),
        // RFC 5545: an all-day event without an end lasts the day.
        Ok(None) => match start {
            Some(When::Day(d)) => d.succ_opt().map(When::Day),
            _ => {
                why.push(required("DTEND"));
                None
            }
        },
        Err(e) => {
            why.push(e);
            None
        }
    };
    let (Some(start), Some(end)) = (start, end) else { return Err(why) };
    let (zone, start_local) = match start {
        When::At(z, t) => (z, t),
        When::Day(d) => (default, d.and_time(NaiveTime::MIN)),
    };
    let end_local = match end.unix(zone) {
        Some(u) => rules::unix_to_local(zone, u),
        None => {
            why.push(Reason::new("import-reason-time-skipped").with("field", "DTEND"));
            return Err(why);
        }
    };
    let recurrence = match ev.property_value("RRULE") {
        Some(rule) => match recurrence(rule, start_local, zone) {
            Ok(r) => Some(r),
            Err(e) => {
                why.push(e);
                None
            }
        },
        None => None,
    };
    if ev.properties().contains_key("RDATE") || ev.multi_properties().contains_key("RDATE") {
        why.push(Reason::new("import-reason-rdate"));
    }
    let location = ev.property_value("LOCATION").unwrap_or_default().trim().to_string();
    let is_link = url::Url::parse(&location).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    let (lat, lon) = match ev.property_value("GEO").and_then(|g| g.split_once(';')) {
        Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
        None => (String::new(), String::new()),
    };
    // The event's own page, kept as a link at the end of the description.
    let mut description = ev.property_value("DESCRIPTION").unwrap_or_default().trim().to_string();
    if let Some(url) = ev.property_value("URL").map(str::trim).filter(|u| u.starts_with("http")) {
        if !description.contains(url) {
            description = format!("{description}\n\n<{url}>").trim().to_string();
        }
    }
    let until = recurrence.as_ref().and_then(|r| r.until).map(|d| d.format("%Y-%m-%d").to_string());
    let date = start_local.date().format("%Y-%m-%d").to_string();
    let start_time = start_local.time().format("%H:%M:%S").to_string();
    let end_date = end_local.date().format("%Y-%m-%d").to_string();
    let end_time = end_local.time().format("%H:%M:%S").to_string();
    let input = EventInput {
        title: ev.get_summary().unwrap_or_default(),
        description: &description,
        mode: if is_link { "online" } else { "in_person" },
        venue: if is_link { "" } else { &location },
        lat: &lat,
        lon: &lon,
        online_url: if is_link { &location } else { "" },
        date: &date,
        start_time: &start_time,
        end_time: &end_time,
        end_date: &end_date,
        time_zone: zone.name(),
        repeat: recurrence.as_ref().map_or("none", |r| r.repeat.as_str()),
        until: until.as_deref().unwrap_or_default(),
        count: recurrence.as_ref().and_then(|r| r.count.as_deref()).unwrap_or_default(),
        // iCalendar says nothing of price.
        is_free: true,
        ..EventInput::default()
    };
    // A series that began before today is still welcome while it runs.
    let details = match rules::check(&input, now, recurrence.is_none()) {
        Ok(d) => d,
        Err(errors) => {
            why.extend(errors.0.iter().map(describe));
            return Err(why);
        }
    };
    if !why.is_empty() {
        return Err(why);
    }
    if details.last_starts_at.is_some_and(|last| last < now) {
        return Err(vec![Reason::new("import-reason-series-ended")]);
    }
    let status = match ev.property_value("STATUS").map(str::trim) {
        Some(s) if s.eq_ignore_ascii_case("CANCELLED") => EventStatus::Cancelled,
        _ => EventStatus::Published,
    };
    Ok((details, status))
}

/// The cancelled (EXDATE) and moved or cancelled (RECURRENCE-ID) occurrences of a series.
fn overrides(
    master: &icalendar::Event,
    details: &EventDetails,
    children: &[&icalendar::Event],
    now: i64,
) -> Result<Vec<Override>, Vec<Reason>> {
    let zone = details.time_zone;
    let length = details.ends_at - details.starts_at;
    let mut out: BTreeMap<i64, Override> = BTreeMap::new();
    let mut why = Vec::new();
    let exdates =
        master.multi_properties().get("EXDATE").into_iter().flatten().chain(master.properties().get("EXDATE"));
    for p in exdates {
        let tzid = p.params().get("TZID").map(|t| t.value());
        for value in p.value().split(',') {
            match when_of(value, tzid, zone).ok().and_then(|w| w.unix(zone)) {
                Some(t) => {
                    out.insert(
                        t,
                        Override {
                            original_starts_at: t,
                            cancelled: true,
                            starts_at: t,
                            ends_at: t + length,
                            updated_at: now,
                        },
                    );
                }
                None => why.push(Reason::new("import-reason-exdate").with("value", value)),
            }
        }
    }
    for c in children {
        let original = match prop_when(c, "RECURRENCE-ID", zone) {
            Ok(Some(w)) => w.unix(zone),
            _ => None,
        };
        let Some(original) = original else {
            why.push(Reason::new("import-reason-not-date-time").with("field", "RECURRENCE-ID"));
            continue;
        };
        let cancelled = c.property_value("STATUS").is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED"));
        let starts = match prop_when(c, "DTSTART", zone) {
            Ok(Some(w)) => w.unix(zone),
            Ok(None) => Some(original),
            Err(_) => None,
        };
        let ends = match (prop_when(c, "DTEND", zone), starts) {
            (Ok(Some(w)), _) => w.unix(zone),
            (Ok(None), Some(s)) => Some(s + length),
            _ => None,
        };
        match (starts, ends) {
            (Some(s), Some(e)) if e > s && e - s <= rules::MAX_LENGTH_HOURS * 3600 => {
                out.insert(
                    original,
                    Override { original_starts_at: original, cancelled, starts_at: s, ends_at: e, updated_at: now },
                );
            }
            _ => why.push(Reason::new("import-reason-moved-occurrence")),
        }
    }
    if why.is_empty() {
        Ok(out.into_values().collect())
    } else {
        Err(why)
    }
}

fn fingerprint(target: &Target, details: &EventDetails, status: EventStatus, overrides: &[Override]) -> String {
    let changes: Vec<(i64, bool, i64, i64)> =
        overrides.iter().map(|o| (o.original_starts_at, o.cancelled, o.starts_at, o.ends_at)).collect();
    let text = format!("{}|{details:?}|{}|{changes:?}", target.place, status.as_str());
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Check a whole calendar. Malformed iCalendar refuses it all; a wrong event refuses only itself.
pub fn parse(text: &str, target: &Target, now: i64) -> Result<Feed, InputRefused> {
    let text = text.trim_start_matches('\u{feff}');
    if !text.trim_start().to_ascii_uppercase().starts_with("BEGIN:VCALENDAR") {
        return Err(InputRefused::new(Reason::new("import-reason-not-ical")));
    }
    let unfolded = icalendar::parser::unfold(text);
    let parsed = icalendar::parser::read_calendar(&unfolded).map_err(|e| {
        let first = e.lines().find(|l| !l.trim().is_empty()).unwrap_or("unreadable").trim().to_string();
        InputRefused::new(Reason::new("import-reason-invalid-ical").with("error", first))
    })?;
    let calendar = icalendar::Calendar::from(parsed);
    let default = calendar
        .get_timezone()
        .and_then(zone_of)
        .or_else(|| rules::DEFAULT_ZONE.parse().ok())
        .unwrap_or(chrono_tz::Europe::London);

    let mut masters: Vec<(usize, &icalendar::Event)> = Vec::new();
    let mut children: BTreeMap<String, Vec<&icalendar::Event>> = BTreeMap::new();
    let mut refused = Vec::new();
    for (i, ev) in calendar.events().enumerate() {
        let uid = ev.get_uid().map(str::trim).unwrap_or_default();
        if uid.is_empty() || uid.chars().count() > 500 {
            let at = format!("VEVENT {} `{}`", i + 1, ev.get_summary().unwrap_or_default());
            refused.push(Refusal::new(at, Reason::new("import-reason-uid-required")));
        } else if ev.properties().contains_key("RECURRENCE-ID") {
            children.entry(uid.to_string()).or_default().push(ev);
        } else {
            masters.push((i, ev));
        }
    }
    let mut seen: Vec<String> = Vec::new();
    let mut events = Vec::new();
    let mut taken_uids: HashSet<String> = HashSet::new();
    for (i, ev) in masters {
        let uid = ev.get_uid().map(str::trim).unwrap_or_default().to_string();
        let at = format!("VEVENT {} `{}` (UID {uid})", i + 1, ev.get_summary().unwrap_or_default());
        let external_id = format!("{} {uid}", target.group);
        seen.push(external_id.clone());
        if !taken_uids.insert(uid.clone()) {
            refused.push(Refusal::new(at, Reason::new("import-reason-uid-twice")));
            continue;
        }
        let mine = children.remove(&uid).unwrap_or_default();
        let checked = master(ev, default, now)
            .and_then(|(details, status)| overrides(ev, &details, &mine, now).map(|o| (details, status, o)));
        match checked {
            Ok((details, status, overrides)) => {
                let fingerprint = fingerprint(target, &details, status, &overrides);
                events.push((
                    at,
                    EventImport {
                        external_id,
                        group_id: target.group,
                        place_id: target.place,
                        details,
                        status,
                        overrides,
                        fingerprint,
                        source: target.source.clone(),
                        by: target.by,
                    },
                ));
            }
            Err(reasons) => refused.push(Refusal { at, reasons }),
        }
    }
    for (uid, lone) in children {
        refused.push(Refusal::new(
            format!("VEVENT `{}` (UID {uid})", lone.first().and_then(|e| e.get_summary()).unwrap_or_default()),
            Reason::new("import-reason-lone-recurrence"),
        ));
    }
    Ok(Feed { events, refused, seen })
}
