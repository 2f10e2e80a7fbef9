//! A write load against a real `plural serve` process, shared by the crash
//! and backup tests: several clients sign people up, take a token for each,
//! answer "going" to the newest event, and every tenth turn publish an
//! event with a capacity of two; with a poll, each newcomer also joins the
//! tenants' group and votes. Every write the server acknowledged (the client
//! read its 2xx answer) is recorded with the moment the answer arrived, so a
//! test can ask which writes were acknowledged before some instant.
//! Failures (the node down, killed, or slow) are simply retried later.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::PASSWORD;
use crate::network::Node;

/// Places at each event the load publishes: small, so events fill up and
/// people wait, and the capacity invariant is exercised.
pub(crate) const CAPACITY: i64 = 2;

/// A write the server acknowledged, and when its answer was read.
#[derive(Clone, Debug)]
pub(crate) struct Ack<T> {
    pub(crate) at: Instant,
    pub(crate) what: T,
}

/// What the server said it had written (2xx with the new id).
#[derive(Default, Clone)]
pub(crate) struct Acknowledged {
    pub(crate) people: Vec<Ack<String>>,
    pub(crate) events: Vec<Ack<String>>,
    /// (event id, person id)
    pub(crate) rsvps: Vec<Ack<(String, String)>>,
    /// Person ids whose ballot in the load's poll was accepted (they joined the group first).
    pub(crate) votes: Vec<Ack<String>>,
}

impl Acknowledged {
    pub(crate) fn total(&self) -> usize {
        self.people.len() + self.events.len() + self.rsvps.len() + self.votes.len()
    }

    /// When each write was acknowledged, in order.
    pub(crate) fn instants(&self) -> Vec<Instant> {
        let mut all: Vec<Instant> = self.people.iter().map(|a| a.at).collect();
        all.extend(self.events.iter().map(|a| a.at));
        all.extend(self.rsvps.iter().map(|a| a.at));
        all.extend(self.votes.iter().map(|a| a.at));
        all.sort_unstable();
        all
    }

    /// The writes acknowledged before `instant` (their answer read by then).
    pub(crate) fn before(&self, instant: Instant) -> Acknowledged {
        fn keep<T: Clone>(v: &[Ack<T>], instant: Instant) -> Vec<Ack<T>> {
            v.iter().filter(|a| a.at < instant).cloned().collect()
        }
        Acknowledged {
            people: keep(&self.people, instant),
            events: keep(&self.events, instant),
            rsvps: keep(&self.rsvps, instant),
            votes: keep(&self.votes, instant),
        }
    }
}

/// The tenants' group in the node's place (open to join), made with the organiser's token.
pub(crate) async fn tenants_group(node: &Node, organiser: &str, place: &str) {
    let body = json!({"name": "Riverside Tenants", "slug": "tenants", "kind": "community_group", "place": place,
        "join_policy": "open"});
    let (status, v) = node.api(Method::POST, organiser, "/api/v1/groups", body).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
}

/// A poll of the tenants' group whose results are live; its id.
pub(crate) async fn tenants_poll(node: &Node, organiser: &str) -> String {
    let poll = json!({"question": "Which night suits the tenants' meetings?", "kind": "single",
        "options": ["Tuesday", "Wednesday", "Thursday"], "results": "live", "group": "tenants",
        "closes_on": (chrono::Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%d").to_string()});
    let (status, v) = node.api(Method::POST, organiser, "/api/v1/polls", poll).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v["id"].as_str().unwrap().to_string()
}

/// The running load: its clients, and what they were told was written.
pub(crate) struct WriteLoad {
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Acknowledged>>,
    writers: Vec<tokio::task::JoinHandle<()>>,
}

impl WriteLoad {
    /// Start `writers` clients against the node at `base`; the organiser's
    /// token publishes the events. With `poll`, newcomers join and vote.
    pub(crate) fn start(writers: usize, base: &str, organiser: &str, poll: Option<String>) -> WriteLoad {
        let stop = Arc::new(AtomicBool::new(false));
        let acked = Arc::new(Mutex::new(Acknowledged::default()));
        let writers = (0..writers)
            .map(|n| {
                let w = Writer {
                    n,
                    base: base.to_string(),
                    organiser: organiser.to_string(),
                    poll: poll.clone(),
                    stop: stop.clone(),
                    acked: acked.clone(),
                };
                tokio::spawn(w.run())
            })
            .collect();
        WriteLoad { stop, acked, writers }
    }

    /// How many writes have been acknowledged so far.
    pub(crate) fn total(&self) -> usize {
        self.acked.lock().unwrap().total()
    }

    /// Wait until `more` further writes are acknowledged (up to 15 s, however slow a busy machine is).
    pub(crate) async fn wait_for(&self, more: usize) {
        let before = self.total();
        for _ in 0..300 {
            if self.total() >= before + more {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until `total` writes in all have been acknowledged, or `limit` has passed.
    pub(crate) async fn wait_until(&self, total: usize, limit: Duration) {
        let started = Instant::now();
        while self.total() < total && started.elapsed() < limit {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stop the clients (each finishes its current request) and return every acknowledged write.
    pub(crate) async fn stop(self) -> Acknowledged {
        self.stop.store(true, Ordering::Relaxed);
        for w in self.writers {
            w.await.unwrap();
        }
        std::mem::take(&mut *self.acked.lock().unwrap())
    }
}

struct Writer {
    n: usize,
    base: String,
    organiser: String,
    poll: Option<String>,
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Acknowledged>>,
}

impl Writer {
    fn ack<T>(&self, pick: impl FnOnce(&mut Acknowledged) -> &mut Vec<Ack<T>>, what: T) {
        let mut acked = self.acked.lock().unwrap();
        pick(&mut acked).push(Ack { at: Instant::now(), what });
    }

    async fn run(self) {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
        let (n, base) = (self.n, self.base.as_str());
        let mut turn = 0;
        while !self.stop.load(Ordering::Relaxed) {
            turn += 1;
            if turn % 10 == 1 {
                let body = json!({"group": "tenants", "publish": true, "title": format!("Meeting {n}-{turn}"),
                    "venue": "Hall", "date": (chrono::Utc::now() + chrono::Duration::days(7)).format("%Y-%m-%d").to_string(),
                    "start_time": "18:00", "end_time": "19:00", "is_free": true, "capacity": CAPACITY});
                let req = client.post(format!("{base}/api/v1/events")).bearer_auth(&self.organiser).json(&body);
                if let Ok(res) = req.send().await {
                    if res.status() == StatusCode::CREATED {
                        if let Ok(v) = res.json::<Value>().await {
                            self.ack(|a| &mut a.events, v["id"].as_str().unwrap().to_string());
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
            self.ack(|a| &mut a.people, person.clone());
            let token = client
                .post(format!("{base}/api/v1/tokens"))
                .json(&json!({"email": email, "password": PASSWORD, "name": "load", "scopes": ["read", "write"]}))
                .send()
                .await;
            let Ok(res) = token else { continue };
            if res.status() != StatusCode::CREATED {
                continue;
            }
            let Ok(token) = res.json::<Value>().await.map(|v| v["token"].as_str().unwrap_or_default().to_string())
            else {
                continue;
            };
            let newest = self.acked.lock().unwrap().events.last().map(|e| e.what.clone());
            if let Some(event) = newest {
                let req = client.post(format!("{base}/api/v1/events/{event}/rsvp")).bearer_auth(&token);
                if let Ok(res) = req.send().await {
                    if res.status() == StatusCode::OK && res.json::<Value>().await.is_ok() {
                        self.ack(|a| &mut a.rsvps, (event, person.clone()));
                    }
                }
            }
            let Some(poll) = &self.poll else { continue };
            let req = client.post(format!("{base}/api/v1/groups/tenants/join")).bearer_auth(&token);
            if !matches!(req.send().await, Ok(res) if res.status() == StatusCode::CREATED) {
                continue;
            }
            let req = client
                .post(format!("{base}/api/v1/polls/{poll}/ballots"))
                .bearer_auth(&token)
                .json(&json!({"choices": [turn % 3]}));
            if matches!(req.send().await, Ok(res) if res.status() == StatusCode::NO_CONTENT) {
                self.ack(|a| &mut a.votes, person);
            }
        }
    }
}
