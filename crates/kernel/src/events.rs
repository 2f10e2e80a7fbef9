//! Events: the rules for what an event may be, and how a repeating event
//! unfolds into occurrences.
//!
//! People never type an RRULE: they choose "repeats weekly / fortnightly /
//! monthly" and, optionally, an end date or a number of times; [`build_rrule`]
//! writes the rule. Expansion is always bounded ([`MAX_OCCURRENCES`],
//! [`MAX_HORIZON_DAYS`]) so a rule that never ends costs no more than one that does.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::errors::{FieldError, FieldErrors};

/// The zone assumed when none is given.
pub const DEFAULT_ZONE: &str = "Europe/London";
/// At most this many occurrences are unfolded for any one question.
pub const MAX_OCCURRENCES: u16 = 500;
/// And never further ahead than this.
pub const MAX_HORIZON_DAYS: i64 = 731;
/// An event (one occurrence) lasts at most this long.
pub const MAX_LENGTH_HOURS: i64 = 24 * 14;
/// How far ahead a new event may start.
pub const MAX_START_AHEAD_DAYS: i64 = 365 * 3;
pub const TITLE_MAX: usize = 150;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const TEXT_MAX: usize = 500;
pub const MAX_COUNT: u32 = 500;
pub const MAX_CAPACITY: i64 = 100_000;

macro_rules! str_enum {
    ($name:ident, $code:literal, { $($variant:ident => $s:literal),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }

            pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
                match s.trim() {
                    $($s => Ok($name::$variant),)*
                    _ => Err(FieldError::new(field, $code)),
                }
            }
        }
    };
}

str_enum!(EventMode, "event-mode-invalid", { InPerson => "in_person", Online => "online", Hybrid => "hybrid" });
str_enum!(EventStatus, "event-status-invalid", { Draft => "draft", Published => "published", Cancelled => "cancelled" });
str_enum!(Repeat, "event-repeat-invalid", {
    Never => "none", Weekly => "weekly", Fortnightly => "fortnightly", Monthly => "monthly"
});
str_enum!(RsvpState, "event-rsvp-invalid", { Going => "going", Waiting => "waiting" });

/// An IANA time zone name, checked.
pub fn parse_zone(field: &'static str, s: &str) -> Result<Tz, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return DEFAULT_ZONE.parse().map_err(|_| FieldError::new(field, "event-zone-invalid"));
    }
    s.parse::<Tz>().map_err(|_| FieldError::new(field, "event-zone-invalid"))
}

/// A local wall-clock time in a zone, as unix seconds. In the hour skipped
/// when clocks go forward the time does not exist; we refuse it rather than guess.
pub fn local_to_unix(zone: Tz, local: NaiveDateTime) -> Option<i64> {
    zone.from_local_datetime(&local).earliest().map(|t| t.timestamp())
}

/// Unix seconds as wall-clock time in a zone.
pub fn unix_to_local(zone: Tz, unix: i64) -> NaiveDateTime {
    match Utc.timestamp_opt(unix, 0).single() {
        Some(t) => t.with_timezone(&zone).naive_local(),
        None => NaiveDateTime::default(),
    }
}

/// How a repeating event ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesEnd {
    Never,
    /// The last day an occurrence may fall on (local date).
    Until(NaiveDate),
    Count(u32),
}

/// Which week of the month a date falls in, for "monthly on the first Tuesday".
/// Dates from the 29th on are "the last" weekday of the month.
fn week_of_month(date: NaiveDate) -> i32 {
    let n = (date.day0() / 7) as i32 + 1;
    if n >= 5 {
        -1
    } else {
        n
    }
}

fn weekday_code(date: NaiveDate) -> &'static str {
    match date.weekday() {
        chrono::Weekday::Mon => "MO",
        chrono::Weekday::Tue => "TU",
        chrono::Weekday::Wed => "WE",
        chrono::Weekday::Thu => "TH",
        chrono::Weekday::Fri => "FR",
        chrono::Weekday::Sat => "SA",
        chrono::Weekday::Sun => "SU",
    }
}

/// The RRULE (without the `RRULE:` prefix) for a plain choice, or `None` for a one-off.
pub fn build_rrule(repeat: Repeat, start_local: NaiveDateTime, zone: Tz, end: SeriesEnd) -> Option<String> {
    let mut rule = match repeat {
        Repeat::Never => return None,
        Repeat::Weekly => "FREQ=WEEKLY".to_string(),
        Repeat::Fortnightly => "FREQ=WEEKLY;INTERVAL=2".to_string(),
        Repeat::Monthly => {
            let d = start_local.date();
            format!("FREQ=MONTHLY;BYDAY={}{}", week_of_month(d), weekday_code(d))
        }
    };
    match end {
        SeriesEnd::Never => {}
        SeriesEnd::Count(n) => rule.push_str(&format!(";COUNT={n}")),
        SeriesEnd::Until(day) => {
            // RFC 5545: with a zoned DTSTART, UNTIL is given in UTC.
            let last = day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
            let utc = zone.from_local_datetime(&last).latest().map(|t| t.with_timezone(&Utc));
            if let Some(u) = utc {
                rule.push_str(&format!(";UNTIL={}", u.format("%Y%m%dT%H%M%SZ")));
            }
        }
    }
    Some(rule)
}

/// The starts (unix seconds) of a series' occurrences in `[from, to)`, at
/// most `limit` of them (and never more than [`MAX_OCCURRENCES`]), never
/// looking beyond [`MAX_HORIZON_DAYS`] from `from`.
pub fn expand(starts_at: i64, zone: Tz, rrule: Option<&str>, from: i64, to: i64, limit: usize) -> Vec<i64> {
    let limit = limit.min(MAX_OCCURRENCES as usize);
    let to = to.min(from.saturating_add(MAX_HORIZON_DAYS * 86400));
    let Some(rule) = rrule else {
        return if starts_at >= from && starts_at < to && limit > 0 { vec![starts_at] } else { Vec::new() };
    };
    let Some(start) = zone.timestamp_opt(starts_at, 0).single() else { return Vec::new() };
    unfold(skip_ahead(start, rule, from), rule, from, to, limit)
}

/// Unfold a rule from its first start, as RFC 5545 defines it.
///
/// The start is given as an instant, not as local text: a series that starts
/// in the hour the clocks pass twice (01:30 on the night they go back) has a
/// local time that names two instants, and a `DTSTART;TZID=` line with it is
/// refused by the parser, which would leave the series with no occurrences.
fn unfold(first: chrono::DateTime<Tz>, rule: &str, from: i64, to: i64, limit: usize) -> Vec<i64> {
    let rz: rrule::Tz = first.timezone().into();
    let Ok(rule) = rule.parse::<rrule::RRule<rrule::Unvalidated>>() else { return Vec::new() };
    let Ok(set) = rule.build(first.with_timezone(&rz)) else { return Vec::new() };
    let (Some(after), Some(before)) =
        (rz.timestamp_opt(from.saturating_sub(1), 0).single(), rz.timestamp_opt(to, 0).single())
    else {
        return Vec::new();
    };
    // `after`/`before` are exclusive; `from - 1` makes the window start inclusive.
    let result = set.after(after).before(before).all(limit as u16);
    result.dates.iter().map(|d| d.timestamp()).filter(|t| *t >= from && *t < to).take(limit).collect()
}

/// How far apart a rule's repeating periods are, when every period holds the
/// same pattern of occurrences: days for DAILY and WEEKLY (however many
/// BYDAYs), months for MONTHLY by weekday ("the second Tuesday"). `None` for
/// a COUNT (which counts from the first start) and for any other rule part.
enum Period {
    Days(i64),
    Months(i64),
}

fn period_of(rule: &str) -> Option<Period> {
    let (mut freq, mut interval, mut by_weekday) = (None, 1, false);
    for part in rule.split(';') {
        let (key, value) = part.split_once('=')?;
        match key {
            "FREQ" => freq = Some(value),
            "INTERVAL" => interval = value.parse::<i64>().ok().filter(|n| (1..=1000).contains(n))?,
            "BYDAY" => by_weekday = true,
            "UNTIL" | "WKST" => {}
            _ => return None,
        }
    }
    match (freq?, by_weekday) {
        ("DAILY", _) => Some(Period::Days(interval)),
        ("WEEKLY", _) => Some(Period::Days(7 * interval)),
        ("MONTHLY", true) => Some(Period::Months(interval)),
        _ => None,
    }
}

/// A later first start that unfolds into the same occurrences from `from` on.
/// A weekly series that began years ago would otherwise be walked week by
/// week from its first start every time it is listed. Moving the first start
/// forward by whole periods keeps every later occurrence where it was; it
/// stays at least a period (and two days, for zone offsets) before `from`.
fn skip_ahead(start: chrono::DateTime<Tz>, rule: &str, from: i64) -> chrono::DateTime<Tz> {
    let Some(period) = period_of(rule) else { return start };
    let (zone, first) = (start.timezone(), start.naive_local());
    let before = unix_to_local(zone, from).date() - chrono::Days::new(2);
    let later = match period {
        Period::Days(n) => {
            let periods = (before - first.date()).num_days() / n - 1;
            if periods <= 0 {
                return start;
            }
            first.checked_add_signed(chrono::Duration::days(periods * n))
        }
        Period::Months(n) => {
            let month = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
            let periods = (month(before) - month(first.date())) / n - 1;
            if periods <= 0 {
                return start;
            }
            let target = month(first.date()) + periods * n;
            i32::try_from(target.div_euclid(12))
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, (target.rem_euclid(12) + 1) as u32, 1))
                .map(|d| d.and_time(first.time()))
        }
    };
    // A wall-clock time the clocks skip or pass twice that day: keep the original.
    later.and_then(|l| zone.from_local_datetime(&l).single()).unwrap_or(start)
}

/// The start of the last occurrence a series can have, or `None` if it never ends.
pub fn last_start(starts_at: i64, zone: Tz, rrule: Option<&str>) -> Option<i64> {
    match rrule {
        None => Some(starts_at),
        Some(r) if r.contains("COUNT=") || r.contains("UNTIL=") => {
            let far = starts_at.saturating_add(MAX_HORIZON_DAYS * 86400 * 5);
            let mut from = starts_at;
            let mut last = starts_at;
            // A bounded walk: at most a few windows of the horizon.
            for _ in 0..5 {
                let chunk = expand(starts_at, zone, Some(r), from, far, MAX_OCCURRENCES as usize);
                match chunk.last() {
                    Some(l) => {
                        last = *l;
                        from = l + 1;
                    }
                    None => break,
                }
            }
            Some(last)
        }
        Some(_) => None,
    }
}

/// An event as submitted (form or API), not yet checked.
#[derive(Debug, Clone, Default)]
pub struct EventInput<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub mode: &'a str,
    pub venue: &'a str,
    pub address: &'a str,
    pub postcode: &'a str,
    pub lat: &'a str,
    pub lon: &'a str,
    pub online_url: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    /// `HH:MM`.
    pub start_time: &'a str,
    pub end_time: &'a str,
    /// `YYYY-MM-DD`; empty: the same day as `date` (or the next day if the end time is earlier).
    pub end_date: &'a str,
    pub time_zone: &'a str,
    pub repeat: &'a str,
    pub until: &'a str,
    pub count: &'a str,
    pub is_free: bool,
    pub cost: &'a str,
    pub capacity: &'a str,
    pub accessibility: &'a str,
    pub languages: &'a str,
    pub age_range: &'a str,
}

/// A checked event, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDetails {
    pub title: String,
    pub description: String,
    pub mode: EventMode,
    pub venue: String,
    pub address: String,
    pub postcode: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub online_url: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: Tz,
    pub repeat: Repeat,
    pub rrule: Option<String>,
    pub last_starts_at: Option<i64>,
    pub is_free: bool,
    pub cost: String,
    pub capacity: Option<i64>,
    pub accessibility: String,
    pub languages: String,
    pub age_range: String,
}

fn text(errors: &mut FieldErrors, field: &'static str, s: &str, max: usize) -> String {
    let s = s.trim().replace("\r\n", "\n");
    if s.chars().count() > max {
        errors.push(field, "event-text-too-long");
    } else if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        errors.push(field, "event-text-invalid");
    }
    s
}

fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "event-date-required"));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| FieldError::new(field, "event-date-invalid"))
}

fn parse_time(field: &'static str, s: &str) -> Result<NaiveTime, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "event-time-required"));
    }
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .map_err(|_| FieldError::new(field, "event-time-invalid"))
}

fn parse_coordinate(errors: &mut FieldErrors, field: &'static str, s: &str, bound: f64) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= bound => Some(v),
        Ok(_) => {
            errors.push(field, "number-out-of-range");
            None
        }
        Err(_) => {
            errors.push(field, "number-invalid");
            None
        }
    }
}

fn valid_online_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some())
}

/// Check an event. `now` (unix seconds) decides what is "in the past";
/// `is_new` is false when editing, where an event already under way may keep its start.
pub fn check(input: &EventInput<'_>, now: i64, is_new: bool) -> Result<EventDetails, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = text(&mut e, "title", input.title, TITLE_MAX);
    if title.is_empty() {
        e.push("title", "event-title-required");
    }
    let description = input.description.trim().replace("\r\n", "\n");
    if description.chars().count() > DESCRIPTION_MAX {
        e.push("description", "event-text-too-long");
    }
    let mode = if input.mode.trim().is_empty() {
        Some(EventMode::InPerson)
    } else {
        e.check(EventMode::parse("mode", input.mode))
    };
    let venue = text(&mut e, "venue", input.venue, TEXT_MAX);
    let address = text(&mut e, "address", input.address, TEXT_MAX);
    let postcode = text(&mut e, "postcode", input.postcode, 12).to_uppercase();
    let lat = parse_coordinate(&mut e, "lat", input.lat, 90.0);
    let lon = parse_coordinate(&mut e, "lon", input.lon, 180.0);
    if lat.is_some() != lon.is_some() {
        e.push(if lat.is_none() { "lat" } else { "lon" }, "number-required");
    }
    let online_url = input.online_url.trim().to_string();
    if !online_url.is_empty() && (online_url.len() > 2000 || !valid_online_url(&online_url)) {
        e.push("online_url", "event-url-invalid");
    }
    match mode {
        Some(EventMode::InPerson) if venue.is_empty() && address.is_empty() => e.push("venue", "event-where-required"),
        Some(EventMode::Online) if online_url.is_empty() => e.push("online_url", "event-url-required"),
        Some(EventMode::Hybrid) if venue.is_empty() && address.is_empty() => e.push("venue", "event-where-required"),
        Some(EventMode::Hybrid) if online_url.is_empty() => e.push("online_url", "event-url-required"),
        _ => {}
    }
    let zone = e.check(parse_zone("time_zone", input.time_zone));
    let date = e.check(parse_date("date", input.date));
    let start_time = e.check(parse_time("start_time", input.start_time));
    let end_time = e.check(parse_time("end_time", input.end_time));
    let end_date = if input.end_date.trim().is_empty() {
        match (date, start_time, end_time) {
            // "19:00 to 01:00" means the early hours of the next day.
            (Some(d), Some(s), Some(en)) if en <= s => d.succ_opt(),
            (d, _, _) => d,
        }
    } else {
        e.check(parse_date("end_date", input.end_date))
    };
    let repeat = if input.repeat.trim().is_empty() {
        Some(Repeat::Never)
    } else {
        e.check(Repeat::parse("repeat", input.repeat))
    };
    let until = if input.until.trim().is_empty() { None } else { e.check(parse_date("until", input.until)) };
    let count = match input.count.trim() {
        "" => None,
        c => match c.parse::<u32>() {
            Ok(n) if (1..=MAX_COUNT).contains(&n) => Some(n),
            Ok(_) => {
                e.push("count", "number-out-of-range");
                None
            }
            Err(_) => {
                e.push("count", "number-invalid");
                None
            }
        },
    };
    if until.is_some() && count.is_some() {
        e.push("count", "event-until-or-count");
    }
    let mut starts_at = None;
    let mut ends_at = None;
    if let (Some(zone), Some(date), Some(st), Some(end_date), Some(et)) = (zone, date, start_time, end_date, end_time) {
        let start_local = date.and_time(st);
        match (local_to_unix(zone, start_local), local_to_unix(zone, end_date.and_time(et))) {
            (Some(s), Some(en)) => {
                if is_new && s < now {
                    e.push("date", "event-in-past");
                } else if s > now + MAX_START_AHEAD_DAYS * 86400 {
                    e.push("date", "event-too-far-ahead");
                }
                if en <= s {
                    e.push("end_time", "event-end-before-start");
                } else if en - s > MAX_LENGTH_HOURS * 3600 {
                    e.push("end_time", "event-too-long");
                }
                starts_at = Some(s);
                ends_at = Some(en);
            }
            (None, _) => e.push("start_time", "event-time-skipped"),
            (_, None) => e.push("end_time", "event-time-skipped"),
        }
        if let Some(u) = until {
            if u < date {
                e.push("until", "event-until-before-start");
            }
        }
    }
    let is_free = input.is_free;
    let cost = text(&mut e, "cost", input.cost, 200);
    if !is_free && cost.is_empty() {
        e.push("cost", "event-cost-required");
    }
    let capacity = match input.capacity.trim() {
        "" => None,
        c => match c.parse::<i64>() {
            Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
            Ok(_) => {
                e.push("capacity", "number-out-of-range");
                None
            }
            Err(_) => {
                e.push("capacity", "number-invalid");
                None
            }
        },
    };
    let accessibility = text(&mut e, "accessibility", input.accessibility, 2000);
    let languages = text(&mut e, "languages", input.languages, 200);
    let age_range = text(&mut e, "age_range", input.age_range, 100);
    match (mode, zone, repeat, starts_at, ends_at) {
        (Some(mode), Some(zone), Some(repeat), Some(starts_at), Some(ends_at)) if e.is_empty() => {
            let end = match (until, count) {
                (Some(u), _) => SeriesEnd::Until(u),
                (_, Some(n)) => SeriesEnd::Count(n),
                _ => SeriesEnd::Never,
            };
            let rrule = build_rrule(repeat, unix_to_local(zone, starts_at), zone, end);
            let last_starts_at = last_start(starts_at, zone, rrule.as_deref());
            Ok(EventDetails {
                title,
                description,
                mode,
                venue,
                address,
                postcode,
                lat,
                lon,
                online_url,
                starts_at,
                ends_at,
                time_zone: zone,
                repeat,
                rrule,
                last_starts_at,
                is_free,
                cost: if is_free { String::new() } else { cost },
                capacity,
                accessibility,
                languages,
                age_range,
            })
        }
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000; // 2026-09-21

    fn input<'a>() -> EventInput<'a> {
        EventInput {
            title: "Food share",
            venue: "Community hall",
            date: "2026-11-26",
            start_time: "10:00",
            end_time: "12:00",
            is_free: true,
            ..Default::default()
        }
    }

    fn codes(e: &FieldErrors) -> Vec<(&str, &str)> {
        e.0.iter().map(|f| (f.field, f.code)).collect()
    }

    #[test]
    fn a_one_off_event_is_checked() {
        let d = check(&input(), NOW, true).unwrap();
        assert_eq!(d.rrule, None);
        assert_eq!(d.ends_at - d.starts_at, 7200);
        assert_eq!(d.time_zone.name(), "Europe/London");
        assert_eq!(d.last_starts_at, Some(d.starts_at));
    }

    #[test]
    fn bad_input_is_reported_field_by_field() {
        let i = EventInput { title: "", date: "2020-01-01", end_time: "09:00", time_zone: "Mars/Base", ..input() };
        let e = check(&i, NOW, true).unwrap_err();
        let c = codes(&e);
        assert!(c.contains(&("title", "event-title-required")));
        assert!(c.contains(&("time_zone", "event-zone-invalid")));
        let i = EventInput { date: "2020-01-01", ..input() };
        assert!(codes(&check(&i, NOW, true).unwrap_err()).contains(&("date", "event-in-past")));
        let i = EventInput { end_date: "2026-11-25", ..input() };
        assert!(codes(&check(&i, NOW, true).unwrap_err()).contains(&("end_time", "event-end-before-start")));
        let i = EventInput { end_date: "2027-11-25", ..input() };
        assert!(codes(&check(&i, NOW, true).unwrap_err()).contains(&("end_time", "event-too-long")));
        let long = "x".repeat(DESCRIPTION_MAX + 1);
        let i = EventInput { description: &long, ..input() };
        assert!(codes(&check(&i, NOW, true).unwrap_err()).contains(&("description", "event-text-too-long")));
        let i = EventInput { mode: "online", ..input() };
        assert!(codes(&check(&i, NOW, true).unwrap_err()).contains(&("online_url", "event-url-required")));
        let i = EventInput { mode: "online", online_url: "javascript:alert(1)", ..input() };
        assert!(codes(&check(&i, NOW, true).unwrap_err()).contains(&("online_url", "event-url-invalid")));
    }

    #[test]
    fn an_end_time_before_the_start_means_the_next_day() {
        let i = EventInput { start_time: "19:00", end_time: "01:00", ..input() };
        let d = check(&i, NOW, true).unwrap();
        assert_eq!(d.ends_at - d.starts_at, 6 * 3600);
    }

    #[test]
    fn plain_choices_become_rules() {
        let zone: Tz = "Europe/London".parse().unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(19, 0, 0).unwrap();
        assert_eq!(build_rrule(Repeat::Weekly, start, zone, SeriesEnd::Never).unwrap(), "FREQ=WEEKLY");
        assert_eq!(
            build_rrule(Repeat::Fortnightly, start, zone, SeriesEnd::Count(6)).unwrap(),
            "FREQ=WEEKLY;INTERVAL=2;COUNT=6"
        );
        assert_eq!(build_rrule(Repeat::Monthly, start, zone, SeriesEnd::Never).unwrap(), "FREQ=MONTHLY;BYDAY=1TU");
        let until = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
        assert_eq!(
            build_rrule(Repeat::Weekly, start, zone, SeriesEnd::Until(until)).unwrap(),
            "FREQ=WEEKLY;UNTIL=20270630T225959Z"
        );
    }

    #[test]
    fn weekly_events_keep_their_local_time_across_clock_changes() {
        let zone: Tz = "Europe/London".parse().unwrap();
        let start =
            local_to_unix(zone, NaiveDate::from_ymd_opt(2027, 3, 20).unwrap().and_hms_opt(10, 0, 0).unwrap()).unwrap();
        let all = expand(start, zone, Some("FREQ=WEEKLY;COUNT=3"), start, start + 30 * 86400, 10);
        assert_eq!(all.len(), 3);
        for t in all {
            assert_eq!(unix_to_local(zone, t).time(), NaiveTime::from_hms_opt(10, 0, 0).unwrap());
        }
    }

    #[test]
    fn a_never_ending_rule_is_expanded_within_bounds() {
        let zone: Tz = "Europe/London".parse().unwrap();
        let all = expand(NOW, zone, Some("FREQ=DAILY"), NOW, i64::MAX, 100_000);
        assert_eq!(all.len(), MAX_OCCURRENCES as usize);
        let weekly = expand(NOW, zone, Some("FREQ=WEEKLY"), NOW, i64::MAX, 100_000);
        assert!(weekly.len() <= 106);
        assert!(*weekly.last().unwrap() <= NOW + MAX_HORIZON_DAYS * 86400);
        assert_eq!(last_start(NOW, zone, Some("FREQ=WEEKLY")), None);
        let counted = last_start(NOW, zone, Some("FREQ=WEEKLY;COUNT=4")).unwrap();
        assert!((counted - NOW - 3 * 7 * 86400).abs() <= 3600);
    }

    /// Rules of every shape the skip applies to, and two it must leave alone.
    const RULES: [&str; 12] = [
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;INTERVAL=2",
        "FREQ=WEEKLY;BYDAY=MO,WE,SA",
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SU;WKST=SU",
        "FREQ=DAILY",
        "FREQ=DAILY;INTERVAL=5",
        "FREQ=DAILY;BYDAY=SA,SU",
        "FREQ=MONTHLY;BYDAY=2TU",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR",
        "FREQ=WEEKLY;UNTIL=20270301T000000Z",
        "FREQ=WEEKLY;COUNT=30",
        "FREQ=MONTHLY;BYMONTHDAY=31",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// Starting the walk later gives exactly the occurrences the rule
        /// gives from its real first start, in any zone, across clock changes.
        #[test]
        fn skipping_ahead_unfolds_the_same_occurrences(
            start in 1_580_000_000i64..1_800_000_000,
            ahead_days in -10i64..1500,
            rule in 0..RULES.len(),
            zone in 0usize..3,
            days in 1i64..70,
        ) {
            let zone: Tz = ["Europe/London", "America/New_York", "Pacific/Auckland"][zone].parse().unwrap();
            let from = start + ahead_days * 86400;
            let to = from + days * 86400;
            let walked = unfold(zone.timestamp_opt(start, 0).unwrap(), RULES[rule], from, to, 72);
            proptest::prop_assert_eq!(expand(start, zone, Some(RULES[rule]), from, to, 72), walked);
        }
    }

    #[test]
    fn the_walk_starts_near_the_window_only_where_the_rule_allows() {
        let zone: Tz = "Europe/London".parse().unwrap();
        let first = zone.timestamp_opt(NOW, 0).unwrap();
        let year_later = NOW + 365 * 86400;
        let weekly = skip_ahead(first, "FREQ=WEEKLY", year_later);
        assert!(weekly > first + chrono::Duration::days(300), "{weekly}");
        assert_eq!(weekly.date_naive().signed_duration_since(first.date_naive()).num_days() % 7, 0);
        assert_eq!(weekly.time(), first.time());
        assert_eq!(skip_ahead(first, "FREQ=WEEKLY;COUNT=60", year_later), first);
        assert_eq!(skip_ahead(first, "FREQ=MONTHLY;BYMONTHDAY=3", year_later), first);
        assert_eq!(skip_ahead(first, "FREQ=WEEKLY", NOW + 86400), first);
    }

    /// Found by `skipping_ahead_unfolds_the_same_occurrences`: a series whose
    /// first start falls in the hour the clocks pass twice had no occurrences.
    #[test]
    fn a_series_starting_in_the_repeated_hour_still_repeats() {
        let zone: Tz = "Europe/London".parse().unwrap();
        // Clocks go back at 02:00 BST on 25 October 2026: 01:30 happens twice.
        let local = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap().and_hms_opt(1, 30, 0).unwrap();
        let start = local_to_unix(zone, local).unwrap();
        let all = expand(start, zone, Some("FREQ=WEEKLY;COUNT=3"), start, start + 30 * 86400, 10);
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(all[0], start);
        for t in &all {
            assert_eq!(unix_to_local(zone, *t).time(), local.time());
        }
        assert_eq!(last_start(start, zone, Some("FREQ=WEEKLY;COUNT=3")), Some(all[2]));
    }
}
