//! The weekly "what's on near you" email: who gets it for which places,
//! when it goes out, what it says, and unsubscribing by a signed link.
//!
//! Once a week (the weekday and hour in the node's time zone) one process
//! claims the week and queues a `digest.compose` job per subscriber; each
//! job gathers that person's events, services and opportunities and queues
//! an ordinary `mail.send`, or nothing when there is nothing to say.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use chrono::{Datelike, Duration, TimeZone};
use hmac::{Hmac, Mac};
use plural_kernel::authz::{self, Action};
use plural_kernel::events::EventStatus;
use plural_kernel::language::Language;
use plural_kernel::{DomainError, PersonId, PlaceId};
use plural_store::digest::Run;
use plural_store::jobs::{ClaimedJob, Job};
use plural_store::people::Person;
use plural_store::places::Place;
use plural_store::NodeKey;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::config::Config;
use crate::error::WebResult;
use crate::i18n::{t, t_args};
use crate::mail::Email;
use crate::AppState;

/// How far ahead the digest looks for events.
pub const WINDOW_SECS: i64 = 7 * 86400;
/// Most items of each kind in one email: a digest, not a catalogue.
const MOST_PER_SECTION: usize = 20;

/// Compose and queue one subscriber's digest. It holds no personal data:
/// the address is looked up (and sealed into the mail job) when it runs.
#[derive(Debug, Serialize, Deserialize)]
pub struct ComposeDigest {
    pub person_id: String,
    /// Where "this week" starts (unix seconds).
    pub starts_at: i64,
    /// Where "new since the last email" starts.
    pub since: i64,
}

impl Job for ComposeDigest {
    const KIND: &'static str = "digest.compose";
    const MAX_ATTEMPTS: i64 = 6;
}

// Subscriptions.

/// The places a person gets the digest for; empty when they do not.
pub async fn places_of(state: &AppState, me: &Person) -> WebResult<Vec<Place>> {
    authz::decide(&me.actor(), &Action::EditOwnAccount)?;
    let chosen = plural_store::digest::places_of(&state.db, me.id).await?;
    let all = plural_store::places::list(&state.db).await?;
    Ok(all.into_iter().filter(|p| chosen.contains(&p.id)).collect())
}

/// Get the digest for these places (slugs); none turns it off.
pub async fn set_places(state: &AppState, me: &Person, slugs: &[String]) -> WebResult<Vec<Place>> {
    authz::decide(&me.actor(), &Action::EditOwnAccount)?;
    let mut ids: Vec<PlaceId> = Vec::new();
    for slug in slugs.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match plural_store::places::by_slug(&state.db, slug).await? {
            Some(p) if !ids.contains(&p.id) => ids.push(p.id),
            Some(_) => {}
            None => return Err(DomainError::field("places", "digest-place-invalid").into()),
        }
    }
    plural_store::digest::set_places(&state.db, me.id, &ids).await?;
    places_of(state, me).await
}

// Unsubscribe links: the person's id and an HMAC of it under a key derived
// from the node key. They do not expire, so an old email still works; they
// can only ever turn the digest off.

fn mac(key: &NodeKey, person: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(&key.derive("digest-unsubscribe")).unwrap_or_else(|_| unreachable!());
    mac.update(person.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

pub fn unsubscribe_token(key: &NodeKey, person: PersonId) -> String {
    let id = person.to_string();
    format!("{id}.{}", B64.encode(mac(key, &id)))
}

/// The person a genuine token names, or `None` for anything else.
pub fn person_of_token(key: &NodeKey, token: &str) -> Option<PersonId> {
    let (id, sig) = token.trim().split_once('.')?;
    let sig = B64.decode(sig).ok()?;
    if !bool::from(mac(key, id).ct_eq(&sig)) {
        return None;
    }
    id.parse().ok()
}

/// Turn the digest off for the person a link names, without signing in.
pub async fn unsubscribe(state: &AppState, token: &str) -> WebResult<()> {
    let person = check_token(state, token)?;
    plural_store::digest::set_places(&state.db, person, &[]).await?;
    Ok(())
}

pub fn check_token(state: &AppState, token: &str) -> WebResult<PersonId> {
    person_of_token(&state.key, token).ok_or_else(|| DomainError::field("token", "digest-link-invalid").into())
}

// The schedule.

/// The ISO week (`2026-W48`) a moment falls in, in the node's time zone.
pub fn week_of(config: &Config, unix: i64) -> String {
    let local = plural_kernel::events::unix_to_local(config.zone(), unix);
    let w = local.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// When this week's digest is due (unix seconds): the configured weekday
/// and hour of the ISO week `now` falls in, in the node's time zone.
pub fn due_at(config: &Config, now: i64) -> i64 {
    let zone = config.zone();
    let today = plural_kernel::events::unix_to_local(zone, now).date();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let weekday = config.digest.weekday().unwrap_or(chrono::Weekday::Mon);
    let day = monday + Duration::days(i64::from(weekday.num_days_from_monday()));
    let local = day.and_hms_opt(config.digest.hour.min(23), 0, 0).unwrap_or_default();
    // In a daylight-saving gap the hour does not exist: the next one will do.
    match zone.from_local_datetime(&local).earliest() {
        Some(t) => t.timestamp(),
        None => zone.from_local_datetime(&(local + Duration::hours(1))).earliest().map_or(now, |t| t.timestamp()),
    }
}

/// Send the digest of the week `starts_at` falls in, looking at events from
/// `starts_at`: claims the week and queues a job per subscriber. `None`
/// when this week's digest was sent already (by this or another process).
pub async fn run(state: &AppState, starts_at: i64) -> WebResult<Option<Run>> {
    let week = week_of(&state.config, starts_at);
    let run = plural_store::digest::claim_run(&state.db, &week, starts_at, |person, run| ComposeDigest {
        person_id: person.to_string(),
        starts_at: run.starts_at,
        since: run.since,
    })
    .await?;
    if let Some(r) = &run {
        tracing::info!(week, subscribers = r.subscribers, "weekly digest queued");
    }
    Ok(run)
}

/// How late a digest may still go out: a node that was down at the hour
/// catches up within a day; after that the week is skipped rather than
/// sending a stale email days late.
const MOST_LATE_SECS: i64 = 86400;

/// What is due at `now`: `Due(week, starts_at)` from the hour until a day
/// after it (a late run looks ahead from when it runs, not from the hour);
/// `Stale(week)` later that week; `NotYet` before the hour.
#[derive(Debug, PartialEq, Eq)]
pub enum Schedule {
    NotYet,
    Due(String, i64),
    Stale(String),
}

pub fn schedule_at(config: &Config, now: i64) -> Schedule {
    let due = due_at(config, now);
    if now < due {
        Schedule::NotYet
    } else if now - due <= MOST_LATE_SECS {
        Schedule::Due(week_of(config, due), now)
    } else {
        Schedule::Stale(week_of(config, due))
    }
}

/// What the worker calls now and then: send this week's digest once its
/// time has come. Returns the week known to be done (sent, or skipped as
/// stale), so the caller can leave the database alone until the next.
pub async fn run_if_due(state: &AppState, now: i64) -> WebResult<Option<String>> {
    if !state.config.digest.enabled {
        return Ok(None);
    }
    match schedule_at(&state.config, now) {
        Schedule::NotYet => Ok(None),
        Schedule::Stale(week) => Ok(Some(week)),
        Schedule::Due(week, starts_at) => {
            if !plural_store::digest::has_run(&state.db, &week).await? {
                run(state, starts_at).await?;
            }
            Ok(Some(week))
        }
    }
}

// Content.

/// One line of the digest.
pub struct Item {
    pub title: String,
    /// When, where, or who: the second half of the line.
    pub detail: String,
    pub url: String,
}

/// What one person's digest says.
pub struct Digest {
    pub places: Vec<String>,
    pub events: Vec<Item>,
    pub services: Vec<Item>,
    pub opportunities: Vec<Item>,
}

impl Digest {
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.services.is_empty() && self.opportunities.is_empty()
    }
}

/// The chosen places and every place within them.
fn with_descendants(all: &[Place], chosen: &[PlaceId]) -> Vec<PlaceId> {
    let mut out: Vec<PlaceId> = chosen.to_vec();
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        for p in all.iter().filter(|p| p.parent_id == Some(parent)) {
            if !out.contains(&p.id) {
                out.push(p.id);
            }
        }
        i += 1;
    }
    out
}

/// Gather a person's digest: events with an occurrence in the week from
/// `starts_at` in their places (and places within them), and services and
/// volunteering opportunities published there since `since`.
pub async fn gather(state: &AppState, person: PersonId, starts_at: i64, since: i64) -> WebResult<Digest> {
    let base = state.config.base();
    let all = plural_store::places::list(&state.db).await?;
    let chosen = plural_store::digest::places_of(&state.db, person).await?;
    let places = with_descendants(&all, &chosen);
    let place_name = |id: PlaceId| all.iter().find(|p| p.id == id).map(|p| p.name.clone()).unwrap_or_default();

    let mut listed = Vec::new();
    for &place in &places {
        let filter = plural_store::events::Filter { place: Some(place), group: None, drafts: false, within: false };
        let found =
            crate::events::service::upcoming(state, filter, starts_at, starts_at + WINDOW_SECS, MOST_PER_SECTION)
                .await?;
        // Nobody needs a weekly email about what is not happening.
        listed
            .extend(found.into_iter().filter(|l| l.event.status == EventStatus::Published && !l.occurrence.cancelled));
    }
    listed.sort_by_key(|l| (l.occurrence.starts_at, l.event.id));
    listed.truncate(MOST_PER_SECTION);
    let events = listed
        .iter()
        .map(|l| Item {
            title: l.event.title.clone(),
            detail: format!(
                "{}, {}",
                crate::events::pages::when(&l.event, l.occurrence.starts_at, l.occurrence.ends_at),
                place_name(l.event.place_id)
            ),
            url: format!("{base}/events/{}", l.event.id),
        })
        .collect();

    let mut services = Vec::new();
    if !places.is_empty() {
        let filter = plural_store::directory::Filter {
            place_ids: places.clone(),
            modified_after: Some(since),
            ..Default::default()
        };
        let (found, _) = plural_store::directory::services(&state.db, &filter, 200, 0).await?;
        for s in found.into_iter().filter(|s| s.created_at > since && s.status == "active").take(MOST_PER_SECTION) {
            let group = plural_store::groups::get(&state.db, s.group_id).await?;
            services.push(Item {
                detail: group.map(|g| g.name).unwrap_or_default(),
                title: s.name,
                url: format!("{base}/services/{}", s.id),
            });
        }
    }

    let mut opportunities = Vec::new();
    for &place in &places {
        let filter = plural_store::opportunities::Filter { place: Some(place), ..Default::default() };
        let found = plural_store::opportunities::list_open(&state.db, filter, 200, 0).await?;
        opportunities.extend(found.into_iter().filter(|o| o.created_at > since).map(|o| Item {
            title: o.title,
            detail: format!("{}, {}", o.group_name, o.place_name),
            url: format!("{base}/opportunities/{}", o.id),
        }));
    }
    opportunities.truncate(MOST_PER_SECTION);

    let names = chosen.iter().map(|&p| place_name(p)).collect();
    Ok(Digest { places: names, events, services, opportunities })
}

#[derive(askama::Template)]
#[template(path = "digest/email.html")]
struct HtmlEmail<'a> {
    lang: &'a str,
    dir: &'a str,
    title: String,
    intro: String,
    sections: Vec<(String, &'a [Item])>,
    why: String,
    unsubscribe_label: String,
    unsubscribe_url: &'a str,
}

/// The email for a digest, in the person's language: plain text and HTML.
pub fn email_for(state: &AppState, lang: Language, to: String, d: &Digest, unsubscribe_url: String) -> Email {
    let node = state.node_name.to_string();
    let args = [("node", node.clone()), ("places", d.places.join(", "))];
    let subject = t_args(lang, "digest-email-subject", &args);
    let intro = t_args(lang, "digest-email-intro", &args);
    let why = t_args(lang, "digest-email-why", &args);
    let unsubscribe_label = t(lang, "digest-email-unsubscribe");
    let sections: Vec<(String, &[Item])> = [
        ("digest-email-events", d.events.as_slice()),
        ("digest-email-services", d.services.as_slice()),
        ("digest-email-opportunities", d.opportunities.as_slice()),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(id, items)| (t(lang, id), items))
    .collect();

    let mut text = format!("{intro}\n");
    for (heading, items) in &sections {
        text.push_str(&format!("\n{heading}\n{}\n", "=".repeat(heading.chars().count())));
        for item in *items {
            text.push_str(&format!("\n* {}\n  {}\n  {}\n", item.title, item.detail, item.url));
        }
    }
    text.push_str(&format!("\n--\n{why}\n{unsubscribe_label}: {unsubscribe_url}\n"));

    let html = HtmlEmail {
        lang: lang.code(),
        dir: if lang == Language::Ar { "rtl" } else { "ltr" },
        title: subject.clone(),
        intro,
        sections,
        why,
        unsubscribe_label,
        unsubscribe_url: &unsubscribe_url,
    };
    let html = askama::Template::render(&html).ok();
    Email { to, subject, text, html, unsubscribe_url: Some(unsubscribe_url) }
}

/// The worker's handler for `digest.compose`.
pub async fn handle(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let ComposeDigest { person_id, starts_at, since } = job.payload()?;
    let person: PersonId = person_id.parse().map_err(|_| anyhow::anyhow!("bad person id in digest job"))?;
    let Some(me) = plural_store::people::get(&state.db, person).await? else { return Ok(()) };
    // Unsubscribed, erased or without an address since the week was claimed: nothing to send.
    let Some(to) = plural_store::people::email(&state.db, &state.key, me.id).await? else { return Ok(()) };
    let digest =
        gather(state, me.id, starts_at, since).await.map_err(|e| anyhow::anyhow!("gathering a digest: {e:?}"))?;
    if digest.places.is_empty() || digest.is_empty() {
        return Ok(());
    }
    let token = unsubscribe_token(&state.key, me.id);
    let unsubscribe_url = format!("{}/digest/unsubscribe/{token}", state.config.base());
    let email = email_for(state, me.language, to, &digest, unsubscribe_url);
    crate::mail::queue(&state.db, &state.key, &email).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> i64 {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default().and_utc().timestamp()
    }

    #[test]
    fn due_on_the_configured_weekday_and_local_hour() {
        let c = Config::default();
        // Monday 07:00 in London: GMT in winter, BST (UTC+1) in summer.
        assert_eq!(due_at(&c, utc("2026-11-25 12:00")), utc("2026-11-23 07:00"));
        assert_eq!(due_at(&c, utc("2026-11-23 06:59")), utc("2026-11-23 07:00"), "later today");
        assert_eq!(due_at(&c, utc("2026-07-01 12:00")), utc("2026-06-29 06:00"));
        assert_eq!(week_of(&c, utc("2026-11-23 07:00")), "2026-W48");
        // Sunday evening is still the same ISO week.
        assert_eq!(week_of(&c, utc("2026-11-29 22:00")), "2026-W48");
        let friday = Config {
            time_zone: "Europe/Warsaw".into(),
            digest: crate::config::DigestConfig { weekday: "friday".into(), hour: 18, ..Default::default() },
            ..Config::default()
        };
        assert_eq!(due_at(&friday, utc("2026-11-23 10:00")), utc("2026-11-27 17:00"));
    }

    #[test]
    fn a_late_node_catches_up_within_a_day_then_waits_for_next_week() {
        let c = Config::default();
        assert_eq!(schedule_at(&c, utc("2026-11-23 06:59")), Schedule::NotYet);
        let at = utc("2026-11-23 07:00");
        assert_eq!(schedule_at(&c, at), Schedule::Due("2026-W48".into(), at));
        let late = utc("2026-11-24 06:00");
        assert_eq!(schedule_at(&c, late), Schedule::Due("2026-W48".into(), late), "looks ahead from when it runs");
        assert_eq!(schedule_at(&c, utc("2026-11-25 12:00")), Schedule::Stale("2026-W48".into()));
        assert_eq!(schedule_at(&c, utc("2026-11-30 07:00")), Schedule::Due("2026-W49".into(), utc("2026-11-30 07:00")));
    }

    #[test]
    fn unsubscribe_tokens_are_signed() {
        let key = NodeKey::from_secret(&NodeKey::generate_secret()).unwrap_or_else(|| unreachable!());
        let person = PersonId::new();
        let token = unsubscribe_token(&key, person);
        assert_eq!(person_of_token(&key, &token), Some(person));
        let other = PersonId::new();
        let forged = format!("{other}.{}", token.split_once('.').map(|(_, s)| s).unwrap_or_default());
        assert_eq!(person_of_token(&key, &forged), None);
        let stranger = NodeKey::from_secret(&NodeKey::generate_secret()).unwrap_or_else(|| unreachable!());
        assert_eq!(person_of_token(&stranger, &token), None);
        assert_eq!(person_of_token(&key, "nonsense"), None);
    }
}
