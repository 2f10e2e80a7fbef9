//! The background worker: runs queued jobs until told to stop, and tidies
//! expired sessions and rate-limit windows now and then. Every process runs
//! one; the queue makes sure each job is taken by one worker at a time.

use std::time::Duration;

use plural_store::jobs::{self, ClaimedJob};
use tokio::sync::watch;

use crate::ops::JobLabels;
use crate::AppState;

/// How long a claimed job is ours before another worker may take it over.
const LEASE_SECS: i64 = 300;

async fn dispatch(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    match job.kind.as_str() {
        "mail.send" => crate::mail::handle(&state.mailer, &state.key, job).await,
        "ical.fetch" => {
            crate::imports::subscriptions::handle(&state.db, job, state.config.federation.allow_loopback).await
        }
        "digest.compose" => crate::digest::service::handle(state, job).await,
        "fed.deliver" => crate::federation::delivery::handle(state, job).await,
        "fed.event_changed" => crate::federation::event_changed(state, job).await,
        "fed.service_changed" => crate::federation::service_changed(state, job).await,
        "fed.notice_changed" => crate::notices::federation::changed(state, job).await,
        "fed.poll_opened" => crate::federation::questions::opened(state, job).await,
        "fed.poll_closed" => crate::federation::questions::handle(state, job).await,
        "rules.decide" => crate::rules::service::handle(state, job).await,
        "blueprint.feed" => crate::blueprints::follow::handle(state, job).await,
        other => Err(anyhow::anyhow!("no handler for job kind {other:?}")),
    }
}

async fn run_one(state: &AppState, worker: &str) -> anyhow::Result<bool> {
    let Some(job) = jobs::claim(&state.db, worker, LEASE_SECS).await? else { return Ok(false) };
    let outcome = dispatch(state, &job).await;
    // Jobs write (imported calendars, arrived activities): copied pages are out of date.
    state.public_pages.written();
    let label = |outcome: &str| JobLabels { kind: job.kind.clone(), outcome: outcome.into() };
    match outcome {
        Ok(()) => {
            jobs::complete(&state.db, &job, worker).await?;
            state.metrics.jobs.get_or_create(&label("done")).inc();
        }
        Err(e) => {
            tracing::warn!(job = %job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job failed");
            jobs::fail(&state.db, &job, worker, &e.to_string()).await?;
            state.metrics.jobs.get_or_create(&label("failed")).inc();
        }
    }
    Ok(true)
}

async fn housekeeping(state: &AppState) {
    if let Err(e) = plural_store::sessions::prune_expired(&state.db).await {
        tracing::warn!(error = %e, "pruning sessions failed");
    }
    if let Err(e) = plural_store::rate_limit::prune(&state.db, 86400).await {
        tracing::warn!(error = %e, "pruning rate limits failed");
    }
    // OpenActive: sessions enter and leave the year ahead; old deletions go.
    let now = plural_store::now();
    // Federation: activity ids are kept a week (replays are refused after an hour).
    if let Err(e) = plural_store::federation::prune_seen(&state.db, now - 7 * 86400).await {
        tracing::warn!(error = %e, "pruning seen activities failed");
    }
    if let Err(e) = plural_store::openactive::roll_due(&state.db, now, 1000).await {
        tracing::warn!(error = %e, "rolling the OpenActive session windows failed");
    }
    if let Err(e) = plural_store::openactive::prune_deleted(&state.db, now).await {
        tracing::warn!(error = %e, "pruning deleted OpenActive items failed");
    }
}

/// Send this week's digest once it is due; returns the week known done.
async fn weekly_digest(state: &AppState, done: Option<String>) -> Option<String> {
    let now = plural_store::now();
    let week = crate::digest::service::week_of(&state.config, now);
    if done.as_deref() == Some(week.as_str()) {
        return done;
    }
    match crate::digest::service::run_if_due(state, now).await {
        Ok(checked) => checked.or(done),
        Err(e) => {
            tracing::warn!(error = ?e, "weekly digest failed; trying again in a minute");
            done
        }
    }
}

/// Run `jobs.concurrency` loops until `stop` turns true; a job already
/// started is finished first.
pub async fn run(state: AppState, stop: watch::Receiver<bool>) -> anyhow::Result<()> {
    let n = state.config.jobs.concurrency;
    let mut loops = Vec::new();
    for i in 0..n {
        let state = state.clone();
        let mut stop = stop.clone();
        let worker = format!("{}-{}-{i}", hostname(), std::process::id());
        loops.push(tokio::spawn(async move {
            let poll = Duration::from_millis(state.config.jobs.poll_interval_ms);
            let mut last_housekeeping = std::time::Instant::now();
            let mut digest_check: Option<std::time::Instant> = None;
            let mut reminder_check: Option<std::time::Instant> = None;
            // The last week whose digest is known to be sent: no need to ask the database again until the next.
            let mut digest_week_done: Option<String> = None;
            while !*stop.borrow() {
                let worked = match run_one(&state, &worker).await {
                    Ok(w) => w,
                    Err(e) => {
                        tracing::warn!(error = %e, "worker could not reach the queue");
                        false
                    }
                };
                if i == 0 {
                    if let Err(e) = crate::imports::subscriptions::schedule_due(&state.db).await {
                        tracing::warn!(error = %e, "scheduling calendar subscriptions failed");
                    }
                    if let Err(e) = crate::blueprints::follow::schedule_due(&state).await {
                        tracing::warn!(error = %e, "scheduling followed blueprint feeds failed");
                    }
                }
                if i == 0 && last_housekeeping.elapsed() > Duration::from_secs(600) {
                    housekeeping(&state).await;
                    last_housekeeping = std::time::Instant::now();
                }
                if i == 0 && reminder_check.is_none_or(|t| t.elapsed() > Duration::from_secs(600)) {
                    reminder_check = Some(std::time::Instant::now());
                    // Each reminder is claimed by a row, so several processes send it once.
                    if let Err(e) = crate::circles::service::send_reminders(&state, plural_store::now()).await {
                        tracing::warn!(error = ?e, "queueing savings circle reminders failed");
                    }
                }
                if i == 0 && digest_check.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                    digest_check = Some(std::time::Instant::now());
                    digest_week_done = weekly_digest(&state, digest_week_done.take()).await;
                }
                if !worked {
                    tokio::select! {
                        _ = tokio::time::sleep(poll) => {}
                        _ = stop.changed() => {}
                    }
                }
            }
        }));
    }
    for l in loops {
        l.await?;
    }
    Ok(())
}

fn hostname() -> String {
    std::env::var("HOSTNAME").unwrap_or_else(|_| "plural".into())
}
