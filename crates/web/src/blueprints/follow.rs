//! Following other nodes' catalogues. A node admin follows a node's feed
//! (`<node>/blueprints/feed.json`); it is read at once and then again every
//! few hours by a job on the durable queue. Reading goes through the
//! federation layer's guarded HTTP client (no private, loopback or other
//! special addresses, checked where the connection is made; bounded time
//! and size; blocked domains refused). Each blueprint the feed lists that
//! is signed by that node's key, with every signature and its whole
//! derived-from chain checked, is kept when it is new; the adopters of an
//! earlier version are then told. Anything that does not check out is
//! refused and named in the reading's outcome.

use std::time::Duration;

use plural_kernel::authz::{decide, Action, Actor};
use plural_kernel::provenance::{self, Signed};
use plural_kernel::DomainError;
use plural_store::jobs::{ClaimedJob, Job};
use serde::{Deserialize, Serialize};

use super::service::{self, MODULES};
use crate::error::{WebError, WebResult};
use crate::federation::fetch;
use crate::AppState;

/// How often a followed feed is read again.
pub const INTERVAL_SECS: i64 = 6 * 3600;
const MAX_BYTES: usize = 4 * 1024 * 1024;

/// Read one followed feed now.
#[derive(Debug, Serialize, Deserialize)]
pub struct ReadFeed {
    pub url: String,
}

impl Job for ReadFeed {
    const KIND: &'static str = "blueprint.feed";
    // The next scheduled reading comes in a few hours anyway.
    const MAX_ATTEMPTS: i64 = 3;
}

#[derive(Debug, Deserialize)]
struct Feed {
    format: String,
    origin: String,
    key: String,
    blueprints: Vec<serde_json::Value>,
}

/// What one reading of a feed found.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Reading {
    /// New versions kept: `id version`.
    pub kept: Vec<String>,
    /// Blueprints refused, each with why (`id version: problem`).
    pub refused: Vec<String>,
    /// How many were already here (or listed from other nodes, which are
    /// followed at their own node).
    pub known: usize,
}

impl Reading {
    fn summary(&self) -> String {
        let mut s = format!("{} new, {} already known", self.kept.len(), self.known);
        if !self.refused.is_empty() {
            s.push_str(&format!("; refused: {}", self.refused.join("; ")));
        }
        s
    }
}

/// Why a feed could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("could not fetch the feed: {0}")]
    Fetch(#[from] fetch::FetchError),
    #[error("this is not a blueprint feed of the node at this address")]
    Invalid,
}

fn origin_of_url(u: &url::Url) -> String {
    u.origin().ascii_serialization()
}

/// Read a feed and keep what is new and checks out.
pub async fn read(state: &AppState, url: &str) -> Result<Reading, ReadError> {
    let cfg = &state.config.federation;
    let parsed = url::Url::parse(url).map_err(|_| ReadError::Invalid)?;
    fetch::check_url(&parsed, cfg.allow_loopback)?;
    let domain = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    if crate::federation::is_blocked(state, &domain).await {
        return Err(fetch::FetchError::Blocked(domain).into());
    }
    let client = fetch::client(cfg.allow_loopback, Duration::from_secs(cfg.timeout_secs));
    let res = client
        .get(parsed.clone())
        .header(reqwest::header::ACCEPT, "application/json")
        .header(reqwest::header::USER_AGENT, fetch::user_agent())
        .send()
        .await
        .map_err(|e| fetch::FetchError::Network(e.to_string()))?;
    if !res.status().is_success() {
        return Err(fetch::FetchError::Status(res.status().as_u16()).into());
    }
    let body = fetch::read_limited(res, MAX_BYTES).await?;
    let feed: Feed = serde_json::from_slice(&body).map_err(|_| ReadError::Invalid)?;
    // A feed speaks for the node it is served by, and no other.
    if feed.format != "plural-blueprint-feed/1" || feed.origin.trim_end_matches('/') != origin_of_url(&parsed) {
        return Err(ReadError::Invalid);
    }
    let mut reading = Reading::default();
    let known: Vec<String> = plural_store::blueprints::all(&state.db)
        .await
        .map_err(|_| ReadError::Invalid)?
        .into_iter()
        .map(|s| s.digest)
        .collect();
    for item in &feed.blueprints {
        let Some(signed) = item.get("signed").and_then(|s| serde_json::from_value::<Signed>(s.clone()).ok()) else {
            reading.refused.push("(unreadable entry): not a signed blueprint".into());
            continue;
        };
        let b = &signed.head.blueprint;
        let name = format!("{} {}", b.id, b.version);
        if b.origin.as_deref().map(|o| o.trim_end_matches('/')) != Some(feed.origin.trim_end_matches('/')) {
            // Listed from elsewhere: followed at its own node.
            reading.known += 1;
            continue;
        }
        if signed.head.key != feed.key {
            reading.refused.push(format!("{name}: not signed with the key of the node that lists it"));
            continue;
        }
        if known.contains(&signed.head.digest) {
            reading.known += 1;
            continue;
        }
        if let Err(problems) = provenance::verify(&signed, &MODULES) {
            let why = problems.first().map(|p| p.to_string()).unwrap_or_default();
            reading.refused.push(format!("{name}: {why}"));
            continue;
        }
        let document = serde_json::to_string(&signed).map_err(|_| ReadError::Invalid)?;
        match service::install(state, &document).await {
            // Its adopters here are told by `install`.
            Ok(Ok(_)) => reading.kept.push(name),
            Ok(Err(problems)) => {
                let why = problems.first().map(|p| p.to_string()).unwrap_or_default();
                reading.refused.push(format!("{name}: {why}"));
            }
            Err(e) => {
                tracing::warn!(error = ?e, "keeping a followed blueprint failed");
                reading.refused.push(format!("{name}: could not be kept, try again later"));
            }
        }
    }
    Ok(reading)
}

/// Follow another node's catalogue (node admins): read at once; kept only
/// when that reading works, then read again every few hours.
pub async fn follow(state: &AppState, actor: &Actor, input: &str) -> WebResult<(String, Reading)> {
    decide(actor, &Action::ManageBlueprints)?;
    let person = actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))?;
    let url = super::remote::feed_url(input)?;
    if fetch::check_url(&url, state.config.federation.allow_loopback).is_err() {
        return Err(DomainError::field("url", "blueprint-url-refused").into());
    }
    let reading = match read(state, url.as_str()).await {
        Ok(r) => r,
        Err(ReadError::Invalid) => return Err(DomainError::field("url", "blueprint-feed-invalid").into()),
        Err(ReadError::Fetch(_)) => return Err(DomainError::field("url", "blueprint-feed-unreachable").into()),
    };
    let next = plural_store::now() + INTERVAL_SECS;
    plural_store::blueprints::follow(&state.db, url.as_str(), &person.to_string(), next).await?;
    plural_store::blueprints::record_reading(&state.db, url.as_str(), true, &reading.summary()).await?;
    Ok((url.to_string(), reading))
}

/// Stop following a feed (node admins). What was kept stays.
pub async fn unfollow(state: &AppState, actor: &Actor, url: &str) -> WebResult<()> {
    decide(actor, &Action::ManageBlueprints)?;
    if !plural_store::blueprints::unfollow(&state.db, url).await? {
        return Err(WebError::not_found());
    }
    Ok(())
}

/// The worker's handler for [`ReadFeed`]: the outcome is recorded on the
/// followed feed either way; a feed no longer followed is left alone.
pub async fn handle(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let ReadFeed { url } = job.payload()?;
    if !plural_store::blueprints::follows(&state.db).await?.iter().any(|f| f.url == url) {
        return Ok(());
    }
    match read(state, &url).await {
        Ok(r) => {
            plural_store::blueprints::record_reading(&state.db, &url, true, &r.summary()).await?;
            Ok(())
        }
        Err(e) => {
            plural_store::blueprints::record_reading(&state.db, &url, false, &e.to_string()).await?;
            Err(e.into())
        }
    }
}

/// Queue a reading of every followed feed that is due (the worker loop).
pub async fn schedule_due(state: &AppState) -> anyhow::Result<usize> {
    Ok(plural_store::blueprints::claim_due_follows(&state.db, plural_store::now(), INTERVAL_SECS, 50, |url| ReadFeed {
        url: url.to_string(),
    })
    .await?)
}
