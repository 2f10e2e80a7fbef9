//! iCalendar subscriptions: a calendar URL a group follows, fetched again
//! every interval through the job queue. Fetches are polite (If-None-Match /
//! If-Modified-Since; a 304 changes nothing), bounded (timeout, size cap,
//! http and https only), and a failed fetch never removes an event: it is
//! retried with the queue's backoff and shown as the subscription's last error.

use std::time::Duration;

use plural_store::jobs::{ClaimedJob, Job};
use plural_store::Db;
use serde::{Deserialize, Serialize};

use super::ical::{self, Target, MAX_FEED_BYTES};
use super::report::{InputRefused, Reason, Report};

/// How often a calendar is fetched unless told otherwise.
pub const DEFAULT_INTERVAL_SECS: i64 = 3600;
/// And never more often than this.
pub const MIN_INTERVAL_SECS: i64 = 300;
/// Nor less often than weekly: a calendar fetched less often is stale, and
/// the next fetch time must stay a sane timestamp.
pub const MAX_INTERVAL_SECS: i64 = 7 * 24 * 3600;
const TIMEOUT: Duration = Duration::from_secs(30);

/// Fetch one subscription now.
#[derive(Debug, Serialize, Deserialize)]
pub struct FetchSubscription {
    pub id: String,
}

impl Job for FetchSubscription {
    const KIND: &'static str = "ical.fetch";
    // The next scheduled fetch comes within the hour anyway.
    const MAX_ATTEMPTS: i64 = 5;
}

fn refused_address() -> InputRefused {
    InputRefused::new(Reason::new("import-reason-private-address"))
}

/// A URL fit to fetch: http or https with a host.
pub fn parse_url(url: &str) -> Result<url::Url, InputRefused> {
    match url::Url::parse(url.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() && u.as_str().len() <= 2000 => Ok(u),
        _ => Err(InputRefused::new(Reason::new("import-reason-calendar-url"))),
    }
}

/// Follow a calendar (the same URL for the same group updates the subscription). Returns its id.
pub async fn subscribe(
    db: &Db,
    url: &str,
    target: &Target,
    interval_secs: i64,
    allow_loopback: bool,
) -> anyhow::Result<String> {
    let url = parse_url(url)?;
    crate::federation::fetch::check_url(&url, allow_loopback).map_err(|_| refused_address())?;
    if interval_secs > MAX_INTERVAL_SECS {
        let reason = Reason::new("import-reason-interval-too-long").with("minutes", MAX_INTERVAL_SECS / 60);
        return Err(InputRefused::new(reason).into());
    }
    let interval = interval_secs.max(MIN_INTERVAL_SECS);
    Ok(plural_store::subscriptions::upsert(db, url.as_str(), target.group, target.place, interval, target.by).await?)
}

/// What the server answered.
enum Fetched {
    NotModified,
    Body { bytes: Vec<u8>, etag: Option<String>, last_modified: Option<String> },
}

/// Fetched through federation's guarded client: a calendar address (or a
/// redirect, or a name that resolves) pointing into a private, loopback or
/// link-local network is refused, so a subscription cannot make the node read
/// its own internal services.
async fn download(sub: &plural_store::subscriptions::Subscription, allow_loopback: bool) -> anyhow::Result<Fetched> {
    let url = parse_url(&sub.url)?;
    crate::federation::fetch::check_url(&url, allow_loopback).map_err(|_| refused_address())?;
    let client = crate::federation::fetch::client(allow_loopback, TIMEOUT);
    let mut req = client.get(url).header(
        reqwest::header::USER_AGENT,
        concat!("Plural/", env!("CARGO_PKG_VERSION"), " (iCalendar subscription)"),
    );
    if let Some(etag) = &sub.etag {
        req = req.header(reqwest::header::IF_NONE_MATCH, etag);
    }
    if let Some(lm) = &sub.last_modified {
        req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
    }
    let mut res = req.send().await.map_err(|e| anyhow::anyhow!("could not fetch the calendar: {e}"))?;
    if res.status() == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !res.status().is_success() {
        anyhow::bail!("the calendar's server answered {}", res.status());
    }
    let header = |name: reqwest::header::HeaderName| {
        res.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string).filter(|v| v.len() <= 500)
    };
    let etag = header(reqwest::header::ETAG);
    let last_modified = header(reqwest::header::LAST_MODIFIED);
    let mut bytes = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| anyhow::anyhow!("could not read the calendar: {e}"))? {
        if bytes.len() + chunk.len() > MAX_FEED_BYTES {
            anyhow::bail!("the calendar is larger than {} MB", MAX_FEED_BYTES / 1024 / 1024);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Fetched::Body { bytes, etag, last_modified })
}

/// Fetch a subscription and import what changed. The outcome (or the error)
/// is recorded on the subscription either way.
pub async fn fetch(db: &Db, id: &str, show_progress: bool, allow_loopback: bool) -> anyhow::Result<Report> {
    let sub = plural_store::subscriptions::get(db, id)
        .await?
        .ok_or_else(|| InputRefused::new(Reason::new("import-reason-no-subscription").with("id", id)))?;
    let outcome = match download(&sub, allow_loopback).await {
        Ok(Fetched::NotModified) => Ok((Report::default(), None)),
        Ok(Fetched::Body { bytes, etag, last_modified }) => {
            let target = Target { group: sub.group_id, place: sub.place_id, source: Some(sub.id.clone()), by: None };
            ical::import_bytes(db, &target, &bytes, show_progress).await.map(|r| (r, Some((etag, last_modified))))
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok((report, None)) => {
            plural_store::subscriptions::record_fetch(db, id, None).await?;
            Ok(report)
        }
        Ok((report, Some((etag, last_modified)))) => {
            let summary = report.to_string();
            plural_store::subscriptions::record_import(db, id, etag.as_deref(), last_modified.as_deref(), &summary)
                .await?;
            Ok(report)
        }
        Err(e) => {
            plural_store::subscriptions::record_fetch(db, id, Some(&e.to_string())).await?;
            Err(e)
        }
    }
}

/// The worker's handler for [`FetchSubscription`]. A subscription removed
/// since the job was queued has nothing left to do.
pub async fn handle(db: &Db, job: &ClaimedJob, allow_loopback: bool) -> anyhow::Result<()> {
    let FetchSubscription { id } = job.payload()?;
    if plural_store::subscriptions::get(db, &id).await?.is_none() {
        return Ok(());
    }
    fetch(db, &id, false, allow_loopback).await.map(|_| ())
}

/// Queue a fetch for every subscription that is due (called by the worker loop).
pub async fn schedule_due(db: &Db) -> anyhow::Result<usize> {
    Ok(plural_store::subscriptions::claim_due(db, plural_store::now(), 50, |id| FetchSubscription {
        id: id.to_string(),
    })
    .await?)
}

/// Queue a fetch now ("fetch now" on the admin page and in the API).
pub async fn fetch_soon(db: &Db, id: &str) -> anyhow::Result<()> {
    plural_store::jobs::enqueue(db.writer(), &FetchSubscription { id: id.to_string() }).await?;
    Ok(())
}
