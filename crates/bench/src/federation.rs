//! Federation: inbox throughput with signature verification. A real node
//! (the release binary, `plural serve`, allowed to fetch from loopback)
//! whose place follows `ACTORS` remote groups; the benchmark itself plays
//! their server — it serves their actor documents with their public keys —
//! and signs `ACTIVITIES` distinct `Create` activities (an `Event` each) as
//! they would. `CLIENTS` clients POST them to the node's shared inbox. Each
//! is fully handled before it is answered: HTTP signature and digest
//! checked against the actor's key (fetched once, then kept), origins
//! compared, the activity id recorded once, the event stored for the place.
//! Measured from outside: verified activities per second and latency; then
//! every event must be in the database.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::json;

use crate::node::{self, machine, write_section, FreshNode};
use crate::scale::percentile;

pub struct Options {
    pub engines: Vec<String>,
    pub postgres_url: Option<String>,
}

const ACTORS: usize = 20;
const ACTIVITIES: usize = 20_000;
const CLIENTS: usize = 8;
const TARGET_PER_SECOND: f64 = 1_000.0;

/// The remote server the benchmark plays: its actors' documents.
struct Remote {
    base: String,
    public_pems: Vec<String>,
}

async fn actor_document(State(remote): State<Arc<Remote>>, Path(n): Path<usize>) -> axum::response::Response {
    let Some(pem) = remote.public_pems.get(n) else { return axum::http::StatusCode::NOT_FOUND.into_response() };
    let id = format!("{}/actors/{n}", remote.base);
    let doc = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": id,
        "type": "Group",
        "preferredUsername": format!("group{n}"),
        "name": format!("Remote group {n}"),
        "inbox": format!("{id}/inbox"),
        "endpoints": { "sharedInbox": format!("{}/inbox", remote.base) },
        "publicKey": { "id": format!("{id}#main-key"), "owner": id, "publicKeyPem": pem },
    });
    ([(axum::http::header::CONTENT_TYPE, "application/activity+json")], doc.to_string()).into_response()
}

/// Serve the remote actors on a loopback port; returns their server's base URL.
async fn serve_remote(public_pems: Vec<String>) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let remote = Arc::new(Remote { base: base.clone(), public_pems });
    let app = axum::Router::new().route("/actors/{n}", axum::routing::get(actor_document)).with_state(remote);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(base)
}

/// One signed delivery: the body and its `Date`, `Digest` and `Signature`.
struct Signed {
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

fn sign_all(remote: &str, private_pems: &[String], inbox: &url::Url) -> anyhow::Result<Vec<Signed>> {
    let now = std::time::SystemTime::now();
    (0..ACTIVITIES)
        .map(|i| {
            let n = i % ACTORS;
            let actor = format!("{remote}/actors/{n}");
            let event = format!("{actor}/events/{i}");
            let start = time::OffsetDateTime::now_utc() + time::Duration::days(1 + (i % 30) as i64);
            let starts = start.format(&time::format_description::well_known::Rfc3339)?;
            let activity = json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": format!("{event}/create"),
                "type": "Create",
                "actor": actor,
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
                "object": {
                    "id": event,
                    "type": "Event",
                    "attributedTo": actor,
                    "name": format!("Repair café {i}"),
                    "content": "<p>Bring what is broken; volunteers fix it with you.</p>",
                    "startTime": starts,
                    "location": { "type": "Place", "name": "Community hall", "address": "1 High Street" },
                    "url": event,
                }
            });
            let body = activity.to_string().into_bytes();
            let key_id = format!("{actor}#main-key");
            let headers = plural_web::federation::signatures::sign_request(
                "POST",
                inbox,
                Some(&body),
                &key_id,
                &private_pems[n],
                now,
            )?;
            Ok(Signed { body, headers })
        })
        .collect()
}

/// Deliver the signed activities in turn (taking the next from `next`) up to `end`.
async fn post_all(inbox: String, signed: Arc<Vec<Signed>>, next: Arc<AtomicUsize>, end: usize) -> (Vec<f64>, usize) {
    let client = reqwest::Client::new();
    let (mut times, mut failed) = (Vec::new(), 0);
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(s) = signed.get(i).filter(|_| i < end) else { break };
        let mut req = client.post(&inbox).header("content-type", "application/activity+json").body(s.body.clone());
        for (name, value) in &s.headers {
            req = req.header(*name, value);
        }
        let t = Instant::now();
        match req.send().await {
            Ok(r) if r.status() == reqwest::StatusCode::ACCEPTED => times.push(t.elapsed().as_secs_f64() * 1e3),
            Ok(r) => {
                if failed == 0 {
                    eprintln!("inbox answered {}: {}", r.status(), r.text().await.unwrap_or_default());
                }
                failed += 1;
            }
            Err(_) => failed += 1,
        }
    }
    (times, failed)
}

async fn one_engine(bin: &std::path::Path, engine: &str, postgres: Option<&str>) -> anyhow::Result<Option<String>> {
    let Some(node) = FreshNode::make(bin, engine, postgres, "plural_bench_federation").await? else {
        return Ok(None);
    };
    let db = &node.db;
    let mut private_pems = Vec::new();
    let mut public_pems = Vec::new();
    for _ in 0..ACTORS {
        let (public, private) = plural_web::federation::signatures::generate_keypair()?;
        private_pems.push(private);
        public_pems.push(public);
    }
    let remote = serve_remote(public_pems).await?;
    // The node's first place follows every remote group (as if each had accepted).
    let place = plural_store::places::by_slug(db, "metropolis").await?.context("the node's place")?;
    let local = format!("place:{}", place.id);
    for n in 0..ACTORS {
        let actor = format!("{remote}/actors/{n}");
        let follow_id = format!("bench-follow-{n}");
        plural_store::federation::follow(db, &local, &actor, &follow_id).await?;
        plural_store::federation::set_following_state(db.writer(), &follow_id, &actor, "accepted").await?;
    }

    // A test-only setting: the remote server is on loopback.
    std::env::set_var("PLURAL_FEDERATION__ALLOW_LOOPBACK", "true");
    let served = node.serve(bin).await?;
    std::env::remove_var("PLURAL_FEDERATION__ALLOW_LOOPBACK");
    let inbox = url::Url::parse(&format!("{}/inbox", served.base))?;
    let signed = Arc::new(sign_all(&remote, &private_pems, &inbox)?);
    // The first activity from each actor fetches its key; the measured ones come after.
    let next = Arc::new(AtomicUsize::new(0));
    let (_, warm_failed) = post_all(inbox.to_string(), signed.clone(), next.clone(), ACTORS).await;
    anyhow::ensure!(warm_failed == 0, "{engine}: the node refused the first activities");
    next.store(ACTORS, Ordering::Relaxed);
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| tokio::spawn(post_all(inbox.to_string(), signed.clone(), next.clone(), ACTIVITIES)))
        .collect();
    let (mut times, mut failed) = (Vec::new(), 0_usize);
    for c in clients {
        let (t, f) = c.await?;
        times.extend(t);
        failed += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    drop(served);
    times.sort_by(|a, b| a.total_cmp(b));
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fed_objects").fetch_one(db.reader()).await?;
    anyhow::ensure!(stored == ACTIVITIES as i64, "{engine}: {stored} events stored, {ACTIVITIES} sent");
    node.finish().await?;
    let rate = times.len() as f64 / elapsed;
    let verdict = if rate >= TARGET_PER_SECOND && failed == 0 { "met" } else { "missed" };
    let line = format!(
        "| {engine} | {} | {rate:.0} | {:.1} | {:.1} | {failed} | {verdict} (≥ {TARGET_PER_SECOND:.0}/s) |\n",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
    );
    print!("{line}");
    Ok(Some(line))
}

pub async fn run(bin: &std::path::Path, o: Options) -> anyhow::Result<()> {
    let mut table = String::from(
        "| engine | activities | verified and applied /s | p50 ms | p99 ms | refused | target |\n\
         |---|---:|---:|---:|---:|---:|---|\n",
    );
    for engine in &o.engines {
        match one_engine(bin, engine, o.postgres_url.as_deref()).await? {
            Some(line) => table.push_str(&line),
            None => println!("{engine}: skipped (set PLURAL_BENCH_POSTGRES_URL)"),
        }
    }
    let body = format!(
        "A real node (`plural serve`, release build) whose place follows {ACTORS} remote groups; {CLIENTS} clients \
         deliver {ACTIVITIES} distinct signed `Create` activities (an `Event` each, RSA-2048 HTTP signatures with a \
         `Digest`) to its shared inbox. Each is answered only once handled: signature, date and digest checked \
         against the actor's kept key, origins compared, the activity id recorded once, the event stored for the \
         place (the keys were fetched by a first activity per actor, not timed). Every event is then found in the \
         database. The load generator shares the node's cores. Machine: {}; {}.\n\n{table}",
        machine(),
        node::load_note(),
    );
    write_section("Federation: inbox throughput", &body)
}
