//! Crash safety: a real `plural serve` process under a write load from
//! several clients — sign-ups, events, RSVPs — is killed with SIGKILL at
//! random moments (20 times; `PLURAL_TEST_CRASH_KILLS` asks for more), restarted
//! on the same data each time, and afterwards every write the server
//! acknowledged is present and the invariants hold: nobody answers an event
//! twice, no event has more people going than its capacity, and the first
//! to answer are the ones going.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::Engine;
use crate::network::Node;

both_engines!(acknowledged_writes_survive_sigkill);

const PASSWORD: &str = "lantern orchard pebble seventy";
const WRITERS: usize = 4;
const CAPACITY: i64 = 2;

/// What the server said it had written (2xx with the new id).
#[derive(Default)]
struct Acknowledged {
    people: Vec<String>,
    events: Vec<String>,
    /// (event id, person id)
    rsvps: Vec<(String, String)>,
}

/// One client: signs a person up, takes a token for them, and answers "going"
/// to the newest event; every tenth turn it publishes an event with the
/// organiser's token. Failures (the node is down) are simply retried later.
async fn writer(n: usize, base: String, organiser: String, stop: Arc<AtomicBool>, acked: Arc<Mutex<Acknowledged>>) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let mut turn = 0;
    while !stop.load(Ordering::Relaxed) {
        turn += 1;
        if turn % 10 == 1 {
            let body = json!({"group": "tenants", "publish": true, "title": format!("Meeting {n}-{turn}"),
                "venue": "Hall", "date": (chrono::Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%d").to_string(), "start_time": "18:00", "end_time": "19:00",
                "is_free": true, "capacity": CAPACITY});
            if let Ok(res) =
                client.post(format!("{base}/api/v1/events")).bearer_auth(&organiser).json(&body).send().await
            {
                if res.status() == StatusCode::CREATED {
                    if let Ok(v) = res.json::<Value>().await {
                        acked.lock().unwrap().events.push(v["id"].as_str().unwrap().to_string());
                    }
                }
            }
        }
        let email = format!("w{n}-{turn}@example.org");
        let signed_up = client
            .post(format!("{base}/api/v1/accounts"))
            .json(&json!({"email": email, "display_name": format!("Writer {n}-{turn}"), "password": PASSWORD}))
            .send()
            .await;
        let person = match signed_up {
            Ok(res) if res.status() == StatusCode::CREATED => match res.json::<Value>().await {
                Ok(v) => v["id"].as_str().unwrap().to_string(),
                Err(_) => continue,
            },
            _ => {
                tokio::time::sleep(Duration::from_millis(30)).await;
                continue;
            }
        };
        acked.lock().unwrap().people.push(person.clone());
        let token = client
            .post(format!("{base}/api/v1/tokens"))
            .json(&json!({"email": email, "password": PASSWORD, "name": "crash", "scopes": ["read", "write"]}))
            .send()
            .await;
        let Ok(res) = token else { continue };
        if res.status() != StatusCode::CREATED {
            continue;
        }
        let Ok(token) = res.json::<Value>().await.map(|v| v["token"].as_str().unwrap_or_default().to_string()) else {
            continue;
        };
        let Some(event) = acked.lock().unwrap().events.last().cloned() else { continue };
        if let Ok(res) = client.post(format!("{base}/api/v1/events/{event}/rsvp")).bearer_auth(&token).send().await {
            if res.status() == StatusCode::OK && res.json::<Value>().await.is_ok() {
                acked.lock().unwrap().rsvps.push((event, person));
            }
        }
    }
}

async fn acknowledged_writes_survive_sigkill(engine: Engine) {
    let kills: usize = std::env::var("PLURAL_TEST_CRASH_KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(20);
    let Some(mut node) = Node::init(engine, "Crash Test", "riverside").await else { return };
    node.start().await;
    let organiser = node.token().await;
    let body = json!({"name": "Riverside Tenants", "slug": "tenants", "kind": "community_group", "place": "riverside",
        "join_policy": "open"});
    let (status, v) = node.api(reqwest::Method::POST, &organiser, "/api/v1/groups", body).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");

    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let writers: Vec<_> = (0..WRITERS)
        .map(|n| tokio::spawn(writer(n, node.base.clone(), organiser.clone(), stop.clone(), acked.clone())))
        .collect();
    for _ in 0..kills {
        // Kill while writes are flowing: after a few more writes were
        // acknowledged (however slow a busy machine is), at a random moment.
        let total = || {
            let a = acked.lock().unwrap();
            a.people.len() + a.events.len() + a.rsvps.len()
        };
        let before = total();
        for _ in 0..300 {
            if total() >= before + 3 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let wait = rand::thread_rng().gen_range(0..500);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        node.kill();
        node.start().await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    node.kill();
    node.start().await;

    let acked = std::mem::take(&mut *acked.lock().unwrap());
    assert!(
        acked.people.len() >= kills && !acked.events.is_empty() && !acked.rsvps.is_empty(),
        "the load did write: {} people, {} events, {} RSVPs",
        acked.people.len(),
        acked.events.len(),
        acked.rsvps.len()
    );
    let db = node.db().await;
    let ids = |sql: &'static str| {
        let db = db.clone();
        async move { sqlx::query_scalar::<_, String>(sql).fetch_all(db.reader()).await.unwrap() }
    };
    let people = ids("SELECT id FROM people").await;
    for p in &acked.people {
        assert!(people.contains(p), "acknowledged sign-up {p} lost");
    }
    let events = ids("SELECT id FROM events").await;
    for e in &acked.events {
        assert!(events.contains(e), "acknowledged event {e} lost");
    }
    let rsvps: Vec<(String, String, String)> =
        sqlx::query_as("SELECT event_id, person_id, state FROM event_rsvps").fetch_all(db.reader()).await.unwrap();
    for (e, p) in &acked.rsvps {
        assert!(rsvps.iter().any(|(re, rp, _)| re == e && rp == p), "acknowledged RSVP of {p} to {e} lost");
    }
    // Invariants: one answer per person per event (the key), capacity kept.
    for e in &events {
        let going = rsvps.iter().filter(|(re, _, s)| re == e && s == "going").count() as i64;
        let waiting = rsvps.iter().filter(|(re, _, s)| re == e && s == "waiting").count() as i64;
        assert!(going <= CAPACITY, "event {e}: {going} going over a capacity of {CAPACITY}");
        assert!(waiting == 0 || going == CAPACITY, "event {e}: people waiting while places are free");
    }
    if engine == Engine::Sqlite {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(db.reader()).await.unwrap();
        assert_eq!(check, "ok");
    }
    println!(
        "crash safety ({engine:?}): {kills} kills, {} sign-ups, {} events, {} RSVPs acknowledged and all present",
        acked.people.len(),
        acked.events.len(),
        acked.rsvps.len()
    );
}
