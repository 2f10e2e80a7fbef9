//! Federation: fan-out. A real node (the release binary, `plural serve`,
//! allowed to deliver to loopback) has a group with `NODES` ×
//! `PER_NODE` followers spread over `NODES` remote servers, which the
//! benchmark plays: each is its own loopback address (127.0.0.2, .3, …)
//! and checks every delivery as a real server would (the HTTP signature
//! against the group's published key, the `Date` and the `Digest`).
//! The group's organiser publishes one event through the API; measured:
//! the time until every server has it.
//!
//! Twice: once with followers whose servers name a shared inbox (as
//! Mastodon, Mobilizon and Plural do: one delivery per server), once with
//! followers that have only their own inboxes (one delivery per follower,
//! the worst case).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use plural_store::federation::RemoteActor;
use serde_json::{json, Value};

use crate::node::{self, machine, write_section, FreshNode};

pub struct Options {
    pub engines: Vec<String>,
    pub postgres_url: Option<String>,
}

const NODES: usize = 100;
const PER_NODE: usize = 100;
const TARGET_SECS: f64 = 60.0;
/// Give up waiting after this long.
const PATIENCE: Duration = Duration::from_secs(300);

/// The remote servers' side: what arrived, checked.
#[derive(Default)]
struct Arrivals {
    /// The group's public key (PEM), read from its actor document.
    group_pem: Mutex<String>,
    /// Per sending actor: deliveries that verified, and when the last came
    /// (each group sends one activity: its event's `Create`).
    verified: Mutex<HashMap<String, (usize, Instant)>>,
    refused: Mutex<usize>,
}

async fn inbox(State(arrivals): State<Arc<Arrivals>>, uri: Uri, headers: HeaderMap, body: Bytes) -> StatusCode {
    use plural_web::federation::signatures;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let pem = arrivals.group_pem.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let checked = header("signature")
        .ok_or(signatures::SigError::Missing)
        .and_then(|v| signatures::parse_signature_header(&v))
        .and_then(|sig| {
            signatures::check_date_and_digest(&sig, header, Some(&body), std::time::SystemTime::now())?;
            let target = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
            signatures::verify(&sig, "POST", target, header, &pem)
        });
    let actor = serde_json::from_slice::<Value>(&body).ok().and_then(|v| v["actor"].as_str().map(str::to_string));
    match (checked, actor) {
        (Ok(()), Some(actor)) => {
            let mut verified = arrivals.verified.lock().unwrap_or_else(|p| p.into_inner());
            let entry = verified.entry(actor).or_insert((0, Instant::now()));
            *entry = (entry.0 + 1, Instant::now());
            StatusCode::ACCEPTED
        }
        _ => {
            *arrivals.refused.lock().unwrap_or_else(|p| p.into_inner()) += 1;
            StatusCode::UNAUTHORIZED
        }
    }
}

/// Serve the `NODES` remote servers, each on its own loopback address;
/// returns their base URLs.
async fn serve_remotes(arrivals: Arc<Arrivals>) -> anyhow::Result<Vec<String>> {
    let app = axum::Router::new()
        .route("/inbox", axum::routing::post(inbox))
        .route("/users/{n}/inbox", axum::routing::post(inbox))
        .with_state(arrivals);
    let mut bases = Vec::new();
    for n in 0..NODES {
        let address = format!("127.0.0.{}:0", n + 2);
        let listener = tokio::net::TcpListener::bind(&address).await.with_context(|| format!("binding {address}"))?;
        bases.push(format!("http://{}", listener.local_addr()?));
        let app = app.clone();
        tokio::spawn(async move { axum::serve(listener, app).await });
    }
    Ok(bases)
}

/// `PER_NODE` followers of `local` on each remote server; `shared` says
/// whether their servers name a shared inbox.
async fn followers(db: &plural_store::Db, local: &str, bases: &[String], shared: bool) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    let now = plural_store::now();
    for base in bases {
        let host = url::Url::parse(base)?.host_str().unwrap_or_default().to_string();
        for n in 0..PER_NODE {
            let id = format!("{base}/users/{}{n}", if shared { "s" } else { "p" });
            let actor = RemoteActor {
                domain: host.clone(),
                kind: "Person".into(),
                handle: format!("u{n}"),
                name: format!("Follower {n}"),
                url: id.clone(),
                inbox: format!("{id}/inbox"),
                shared_inbox: if shared { format!("{base}/inbox") } else { String::new() },
                key_id: format!("{id}#main-key"),
                public_pem: String::new(),
                fetched_at: now,
                id,
            };
            plural_store::federation::put_remote_actor(&mut *tx, &actor).await?;
            plural_store::federation::add_follower(&mut *tx, local, &actor.id, &format!("{}/follow", actor.id)).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

struct Organiser {
    token: String,
    groups: [(String, String); 2],
}

/// A person who runs two groups in the node's first place (one followed
/// through shared inboxes, one through personal inboxes), with an API token.
async fn organiser(node: &FreshNode, bases: &[String]) -> anyhow::Result<Organiser> {
    let db = &node.db;
    let key = plural_store::NodeKey::from_secret(&plural_store::NodeKey::generate_secret()).context("key")?;
    let person = crate::voice::person(db, &key, "organiser@example.org", "Organiser").await?;
    let place = plural_store::places::by_slug(db, "metropolis").await?.context("the node's place")?;
    let mut groups = Vec::new();
    for (slug, shared) in [("shared-inboxes", true), ("personal-inboxes", false)] {
        let fields = plural_store::groups::GroupFields {
            place_id: place.id,
            slug,
            name: slug,
            description: "",
            kind: plural_kernel::groups::GroupKind::CommunityGroup,
            join_policy: plural_kernel::groups::JoinPolicy::Open,
        };
        let id = plural_store::groups::create(db, fields, person).await?;
        followers(db, &format!("group:{id}"), bases, shared).await?;
        groups.push((slug.to_string(), id.to_string()));
    }
    let token = plural_store::tokens::create(db, person, "bench", &["read", "write"]).await?.1;
    let [a, b]: [(String, String); 2] = groups.try_into().map_err(|_| anyhow::anyhow!("two groups"))?;
    Ok(Organiser { token, groups: [a, b] })
}

/// Publish an event of the group `slug` (whose actor is `actor`); once
/// its `expected` deliveries have all arrived, returns how long the
/// publishing request took and how long until the last delivery.
async fn publish_and_wait(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    (slug, actor): (&str, &str),
    arrivals: &Arrivals,
    expected: usize,
) -> anyhow::Result<(f64, f64)> {
    let date = (time::OffsetDateTime::now_utc() + time::Duration::days(7)).date();
    let body = json!({"group": slug, "publish": true, "title": "Street party planning", "venue": "Community hall",
        "address": "1 High Street", "postcode": "E1 1AA", "date": date.to_string(), "start_time": "18:00",
        "end_time": "20:00", "is_free": true, "description": "Everyone on the street is welcome."});
    let started = Instant::now();
    let res = client.post(format!("{base}/api/v1/events")).bearer_auth(token).json(&body).send().await?;
    anyhow::ensure!(res.status() == StatusCode::CREATED, "publishing: {} {}", res.status(), res.text().await?);
    let answered = started.elapsed().as_secs_f64();
    loop {
        let arrived = arrivals.verified.lock().unwrap_or_else(|p| p.into_inner()).get(actor).copied();
        if let Some((n, last)) = arrived.filter(|(n, _)| *n >= expected) {
            anyhow::ensure!(n == expected, "{n} deliveries arrived, {expected} expected");
            return Ok((answered, last.duration_since(started).as_secs_f64()));
        }
        anyhow::ensure!(started.elapsed() < PATIENCE, "not every server had the event after {PATIENCE:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn one_engine(bin: &std::path::Path, engine: &str, postgres: Option<&str>) -> anyhow::Result<Option<String>> {
    let Some(node) = FreshNode::make(bin, engine, postgres, "plural_bench_fanout").await? else {
        return Ok(None);
    };
    let arrivals = Arc::new(Arrivals::default());
    let bases = serve_remotes(arrivals.clone()).await?;
    let organiser = organiser(&node, &bases).await?;
    // A test-only setting: the followers' servers are on loopback.
    std::env::set_var("PLURAL_FEDERATION__ALLOW_LOOPBACK", "true");
    let served = node.serve(bin).await?;
    std::env::remove_var("PLURAL_FEDERATION__ALLOW_LOOPBACK");
    let client = reqwest::Client::new();
    let mut lines = String::new();
    for ((slug, id), expected, inboxes) in
        [(&organiser.groups[0], NODES, "shared"), (&organiser.groups[1], NODES * PER_NODE, "personal")]
    {
        let actor = format!("{}/ap/groups/{id}", served.base);
        let document: Value =
            client.get(&actor).header("accept", "application/activity+json").send().await?.json().await?;
        let pem = document.pointer("/publicKey/publicKeyPem").and_then(Value::as_str).context("the group's key")?;
        *arrivals.group_pem.lock().unwrap_or_else(|p| p.into_inner()) = pem.to_string();
        let (answered, all) =
            publish_and_wait(&client, &served.base, &organiser.token, (slug, &actor), &arrivals, expected).await?;
        let refused = *arrivals.refused.lock().unwrap_or_else(|p| p.into_inner());
        let verdict = if all < TARGET_SECS && refused == 0 { "met" } else { "missed" };
        let line = format!(
            "| {engine} | {} | {NODES} | {inboxes} | {expected} | {:.0} | {all:.1} | {refused} | {verdict} (< {TARGET_SECS:.0} s) |\n",
            NODES * PER_NODE,
            answered * 1e3,
        );
        print!("{line}");
        lines.push_str(&line);
    }
    drop(served);
    node.finish().await?;
    Ok(Some(lines))
}

pub async fn run(bin: &std::path::Path, o: Options) -> anyhow::Result<()> {
    let mut table = String::from(
        "| engine | followers | servers | inboxes | deliveries | publish answered ms | all delivered s | refused | target |\n\
         |---|---:|---:|---|---:|---:|---:|---:|---|\n",
    );
    for engine in &o.engines {
        match one_engine(bin, engine, o.postgres_url.as_deref()).await? {
            Some(lines) => table.push_str(&lines),
            None => println!("{engine}: skipped (set PLURAL_BENCH_POSTGRES_URL)"),
        }
    }
    let body = format!(
        "A real node (`plural serve`, release build, default settings: {} job loops, {} deliveries at once per \
         server) whose group has {} followers on {NODES} servers. The benchmark plays the servers, each on its own \
         loopback address, and checks every delivery as a server would: the RSA HTTP signature against the group's \
         published key, the `Date` and the `Digest`. The organiser publishes one event through the API; measured \
         from that request until the last server has the `Create`. With shared inboxes (how Mastodon, Mobilizon \
         and Plural servers are followed) it is one delivery per server; with personal inboxes only, one per \
         follower. The servers share the node's cores. Machine: {}; {}.\n\n{table}",
        plural_web::config::Config::default().jobs.concurrency,
        plural_web::config::Config::default().federation.per_domain_concurrency,
        NODES * PER_NODE,
        machine(),
        node::load_note(),
    );
    write_section("Federation: fan-out", &body)
}
