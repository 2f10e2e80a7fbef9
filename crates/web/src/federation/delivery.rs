//! Delivery: every outgoing activity is a `fed.deliver` job per inbox
//! (followers on one node share its shared inbox, so one delivery per node),
//! written in one transaction, run by any process's worker, retried with the
//! queue's exponential backoff and jitter for about three days (20 tries).
//!
//! Per domain: at most `federation.per_domain_concurrency` deliveries in
//! flight in a process; a circuit breaker opens after
//! [`BREAKER_THRESHOLD`] failures in a row (deliveries then wait without
//! touching the network until it half-opens: the next one is a probe); a
//! domain failing for [`UNREACHABLE_SECS`] is unreachable and new deliveries
//! to it are dropped until a probe succeeds. Blocked domains get nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plural_store::jobs::{self, ClaimedJob, Job};
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Semaphore;

use super::fetch;
use crate::AppState;

/// Failures in a row that open a domain's circuit.
pub const BREAKER_THRESHOLD: i64 = 5;
/// A domain failing for this long is unreachable: skipped until it answers.
pub const UNREACHABLE_SECS: i64 = 2 * 86400;

/// One activity to one inbox, signed by a local actor when sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deliver {
    pub inbox: String,
    /// The local actor that signs (`node`, `place:<id>`, `group:<id>`).
    pub actor: String,
    /// The activity, as JSON text (sent byte for byte as stored).
    pub activity: String,
}

impl Job for Deliver {
    const KIND: &'static str = "fed.deliver";
    /// 30 s doubling to the six-hour cap: 20 tries span about three days.
    const MAX_ATTEMPTS: i64 = 20;
}

/// What a process keeps for federating: one guarded HTTP client, the
/// per-domain limits and its memo of blocks and keys. Nothing here is
/// needed by another process.
pub struct Runtime {
    pub client: reqwest::Client,
    per_domain: Mutex<HashMap<String, Arc<Semaphore>>>,
    limit: usize,
    pub memo: super::memo::Memo,
}

impl Runtime {
    pub fn new(config: &crate::config::FederationConfig) -> Runtime {
        Runtime {
            client: fetch::client(config.allow_loopback, Duration::from_secs(config.timeout_secs)),
            per_domain: Mutex::new(HashMap::new()),
            limit: config.per_domain_concurrency,
            memo: super::memo::Memo::default(),
        }
    }

    fn semaphore(&self, domain: &str) -> Arc<Semaphore> {
        let mut map = self.per_domain.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(domain.to_string()).or_insert_with(|| Arc::new(Semaphore::new(self.limit))).clone()
    }
}

/// Queue `activity` to one inbox.
pub async fn send_to(state: &AppState, actor: &str, inbox: &str, activity: &Value) -> anyhow::Result<()> {
    let job = Deliver { inbox: inbox.to_string(), actor: actor.to_string(), activity: activity.to_string() };
    jobs::enqueue(state.db.writer(), &job).await?;
    Ok(())
}

/// Queue `activity` to every follower of the local actor `actor` (one
/// delivery per inbox, shared inboxes preferred), in one transaction.
/// Returns how many deliveries were queued.
pub async fn to_followers(state: &AppState, actor: &str, activity: &Value) -> anyhow::Result<usize> {
    if !state.config.federation.enabled {
        return Ok(0);
    }
    let inboxes = plural_store::federation::follower_inboxes(&state.db, actor).await?;
    if inboxes.is_empty() {
        return Ok(0);
    }
    let text = activity.to_string();
    let mut tx = state.db.begin().await?;
    for inbox in &inboxes {
        let job = Deliver { inbox: inbox.clone(), actor: actor.to_string(), activity: text.clone() };
        jobs::enqueue(&mut *tx, &job).await?;
    }
    tx.commit().await?;
    Ok(inboxes.len())
}

/// Run one `fed.deliver` job.
pub async fn handle(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let d: Deliver = job.payload()?;
    let url = url::Url::parse(&d.inbox)?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    // The circuit breaker and the concurrency limit are per server: the
    // host with its port, when it has one.
    let domain = match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.clone(),
    };
    let now = plural_store::now();
    let standing = plural_store::federation::domain(&state.db, &domain).await?;
    if standing.blocked || super::is_blocked(state, &host).await {
        tracing::info!(inbox = %d.inbox, "domain blocked; delivery dropped");
        return Ok(());
    }
    if standing.open_until > now {
        let unreachable = standing.first_failure_at.is_some_and(|t| now - t > UNREACHABLE_SECS);
        if unreachable {
            tracing::info!(inbox = %d.inbox, "domain unreachable for days; delivery skipped until it answers again");
            return Ok(());
        }
        anyhow::bail!("circuit open for {domain}: waiting before trying again");
    }
    if let Err(e) = fetch::check_url(&url, state.config.federation.allow_loopback) {
        tracing::warn!(inbox = %d.inbox, error = %e, "delivery to a refused address dropped");
        return Ok(());
    }
    let semaphore = state.federation.semaphore(&domain);
    let _permit = semaphore.acquire().await?;
    let (key_id, pem) = super::actors::signing_key(state, &d.actor).await?;
    let body = d.activity.into_bytes();
    let mut req = state
        .federation
        .client
        .post(url.clone())
        .header(CONTENT_TYPE, fetch::ACTIVITY_JSON)
        .header(ACCEPT, fetch::ACTIVITY_JSON)
        .header(USER_AGENT, fetch::user_agent());
    for (k, v) in
        super::signatures::sign_request("POST", &url, Some(&body), &key_id, &pem, std::time::SystemTime::now())?
    {
        req = req.header(k, v);
    }
    let outcome = req.body(body).send().await;
    match outcome {
        Ok(res) if res.status().is_success() => {
            plural_store::federation::delivery_succeeded(&state.db, &domain).await?;
            Ok(())
        }
        Ok(res) if res.status().is_client_error() && !matches!(res.status().as_u16(), 408 | 429) => {
            // The receiver answered and refused: trying again will not help.
            plural_store::federation::delivery_succeeded(&state.db, &domain).await?;
            tracing::warn!(inbox = %d.inbox, status = res.status().as_u16(), "delivery refused by the receiver; not retried");
            Ok(())
        }
        other => {
            let why = match other {
                Ok(res) => format!("HTTP {}", res.status()),
                Err(e) => e.to_string(),
            };
            let st = plural_store::federation::delivery_failed(
                &state.db,
                &domain,
                BREAKER_THRESHOLD,
                open_secs(standing.failures + 1),
                now,
            )
            .await?;
            if st.open_until > now {
                tracing::warn!(domain, failures = st.failures, "circuit opened for a failing domain");
            }
            anyhow::bail!("delivery to {} failed: {why}", d.inbox)
        }
    }
}

/// How long an open circuit waits before a probe: a minute, doubling with
/// every failure past the threshold, at most six hours.
pub fn open_secs(failures: i64) -> i64 {
    let over = (failures - BREAKER_THRESHOLD).clamp(0, 20);
    (60i64 << over).min(6 * 3600)
}
