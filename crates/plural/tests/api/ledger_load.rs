//! Savings circles' ledgers written under load, for the crash test:
//! started circles of five members (payout in seat order), and a client
//! that keeps them moving one after another the way their members would.
//! Round by round, each payer records their contribution, the round's
//! recipient confirms each one, and once all are confirmed the recipient
//! records the payout.
//!
//! The client decides each step from the ledger as the node shows it now,
//! so when an answer is lost to a kill (the entry written, the client never
//! told) it simply sees the entry and goes on; only entries whose 201 it
//! read count as acknowledged. [`check`] then holds the stored ledgers to the
//! rules: every acknowledged entry present, every entry allowed by the
//! entries before it, and every paid-out round balanced.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plural_kernel::circles::{self as rules, CycleRules, Entry, EntryKind, Op};
use plural_kernel::ids::CircleId;
use plural_kernel::PersonId;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::PASSWORD;
use crate::network::Node;
use crate::write_load::Ack;

/// Members, and so rounds: few, so that rounds are paid out within the
/// test (each takes nine entries) and the payout checks have work to do.
const SEATS: usize = 5;
/// Each member's contribution per round, in pence.
const AMOUNT: i64 = 2500;

/// The savers and their circles, written to one after another.
pub(crate) struct Savers {
    pub(crate) circles: Vec<String>,
    /// Bearer tokens by person id.
    tokens: HashMap<String, String>,
}

/// Five people sign up; the first makes `circles` circles, invites the
/// rest to each, and starts them. One circle's cycle takes 45 entries, so
/// a longer run needs more of them to keep the ledger busy to the end.
pub(crate) async fn set_up(node: &Node, circles: usize) -> Savers {
    let client = Client::new();
    let post = |path: &str, body: Value| {
        let req = client.post(format!("{}{path}", node.base)).json(&body);
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), StatusCode::CREATED);
            res.json::<Value>().await.unwrap()
        }
    };
    let mut people = Vec::new();
    for i in 0..SEATS {
        let email = format!("saver{i}@example.org");
        let account = json!({"email": email, "display_name": format!("Saver {i}"), "password": PASSWORD});
        let person = post("/api/v1/accounts", account).await["id"].as_str().unwrap().to_string();
        let ask = json!({"email": email, "password": PASSWORD, "name": "saver", "scopes": ["read", "write"]});
        let token = post("/api/v1/tokens", ask).await["token"].as_str().unwrap().to_string();
        people.push((person, token));
    }
    let organiser = &people[0].1;
    let mut ids = Vec::new();
    for n in 0..circles {
        let body = json!({"name": format!("Crash-proof pardner {n}"), "amount_minor": AMOUNT, "currency": "GBP",
            "frequency": "weekly", "start_on": chrono::Utc::now().format("%Y-%m-%d").to_string(), "seats": SEATS,
            "rules": "Pay on the day; tell the group if you cannot.", "payout_order": "fixed"});
        let (status, v) = node.api(Method::POST, organiser, "/api/v1/circles", body).await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        let id = v["id"].as_str().unwrap().to_string();
        for (_, token) in &people[1..] {
            let (status, inv) =
                node.api(Method::POST, organiser, &format!("/api/v1/circles/{id}/invitations"), json!({})).await;
            assert_eq!(status, StatusCode::CREATED, "{inv}");
            let join = format!("/api/v1/circle-invitations/{}", inv["token"].as_str().unwrap());
            let (status, v) = node.api(Method::POST, token, &join, json!({"accept_rules": true})).await;
            assert_eq!(status, StatusCode::CREATED, "{v}");
        }
        let (status, v) = node.api(Method::POST, organiser, &format!("/api/v1/circles/{id}/start"), json!({})).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{v}");
        ids.push(id);
    }
    Savers { circles: ids, tokens: people.into_iter().collect() }
}

/// An entry the node acknowledged: its kind and id.
pub(crate) type Recorded = Ack<(String, String)>;

/// The client keeping the circles moving, and what it was told was written.
pub(crate) struct LedgerLoad {
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Vec<Recorded>>>,
    writer: tokio::task::JoinHandle<()>,
}

impl LedgerLoad {
    pub(crate) fn start(base: &str, savers: &Savers) -> LedgerLoad {
        let stop = Arc::new(AtomicBool::new(false));
        let acked = Arc::new(Mutex::new(Vec::new()));
        let urls = savers.circles.iter().map(|id| format!("{base}/api/v1/circles/{id}")).collect();
        let writer = tokio::spawn(run(urls, savers.tokens.clone(), stop.clone(), acked.clone()));
        LedgerLoad { stop, acked, writer }
    }

    /// Stop the client (it finishes its current step) and return every acknowledged entry.
    pub(crate) async fn stop(self) -> Vec<Recorded> {
        self.stop.store(true, Ordering::Relaxed);
        self.writer.await.unwrap();
        std::mem::take(&mut *self.acked.lock().unwrap())
    }
}

async fn get(client: &Client, url: &str, token: &str) -> Option<Value> {
    let res = client.get(url).bearer_auth(token).send().await.ok()?;
    if res.status() != StatusCode::OK {
        return None;
    }
    res.json().await.ok()
}

/// What the circle's members would do next.
enum Step {
    /// Who writes, where (under the circle's URL), and what.
    Write(String, String, Value),
    /// Every round is paid out.
    Done,
}

fn next_step(circle: &Value, entries: &[Value]) -> Option<Step> {
    let Some(round) = circle["rounds"].as_array()?.iter().find(|r| r["paid_out"] == false) else {
        return Some(Step::Done);
    };
    let n = round["round"].as_i64()?;
    let recipient = round["recipient"].as_str()?.to_string();
    let live: Vec<&Value> = entries
        .iter()
        .filter(|e| e["kind"] == "contribution" && e["round"] == n && e["cycle"] == circle["cycle"])
        .filter(|e| e["state"] != "corrected")
        .collect();
    let payer = circle["members"]
        .as_array()?
        .iter()
        .filter_map(|m| m["person_id"].as_str())
        .find(|p| *p != recipient && !live.iter().any(|e| e["member"] == *p));
    if let Some(payer) = payer {
        let body = json!({"round": n, "paid_on": circle["start_on"]});
        return Some(Step::Write(payer.to_string(), "/contributions".into(), body));
    }
    if let Some(waiting) = live.iter().find(|e| e["state"] == "recorded") {
        let path = format!("/entries/{}/confirm", waiting["id"].as_str()?);
        return Some(Step::Write(recipient, path, json!({})));
    }
    Some(Step::Write(recipient, format!("/rounds/{n}/payout"), json!({})))
}

async fn run(
    urls: Vec<String>,
    tokens: HashMap<String, String>,
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Vec<Recorded>>>,
) {
    let client = Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let any = tokens.values().next().unwrap().clone();
    let mut urls = urls.into_iter().peekable();
    while !stop.load(Ordering::Relaxed) {
        let Some(url) = urls.peek() else {
            // Every circle is done.
            tokio::time::sleep(Duration::from_millis(30)).await;
            continue;
        };
        let read = async {
            let circle = get(&client, url, &any).await?;
            let entries = get(&client, &format!("{url}/entries"), &any).await?;
            next_step(&circle, entries.as_array()?)
        };
        let (who, path, body) = match read.await {
            Some(Step::Write(who, path, body)) => (who, path, body),
            Some(Step::Done) => {
                urls.next();
                continue;
            }
            None => {
                // The node is down: try again shortly.
                tokio::time::sleep(Duration::from_millis(30)).await;
                continue;
            }
        };
        let kind = path.rsplit('/').next().unwrap_or_default().to_string();
        let sent =
            client.request(Method::POST, format!("{url}{path}")).bearer_auth(&tokens[&who]).json(&body).send().await;
        let written = match sent {
            Ok(res) if res.status() == StatusCode::CREATED => res.json::<Value>().await.ok(),
            _ => None,
        };
        match written.as_ref().and_then(|v| v["id"].as_str()) {
            Some(id) => acked.lock().unwrap().push(Ack { at: std::time::Instant::now(), what: (kind, id.to_string()) }),
            None => tokio::time::sleep(Duration::from_millis(30)).await,
        }
    }
}

/// Hold the stored ledgers to the rules: every acknowledged entry present,
/// each circle's ledger checked by [`check_circle`]. Returns how many rounds
/// were paid out in all.
pub(crate) async fn check(db: &plural_store::Db, savers: &Savers, acked: &[Recorded]) -> usize {
    let mut stored = Vec::new();
    let mut paid_out = 0;
    for id in &savers.circles {
        let id: CircleId = id.parse().unwrap();
        let entries = plural_store::circles::entries(db, id).await.unwrap();
        paid_out += check_circle(db, id, &entries).await;
        stored.extend(entries.into_iter().map(|s| s.entry.id.to_string()));
    }
    for (kind, entry) in acked.iter().map(|a| &a.what) {
        assert!(stored.contains(entry), "acknowledged {kind} {entry} lost");
    }
    paid_out
}

/// One circle's ledger against the rules; how many of its rounds were paid out.
async fn check_circle(db: &plural_store::Db, id: CircleId, stored: &[plural_store::circles::StoredEntry]) -> usize {
    let c = plural_store::circles::get(db, id).await.unwrap().unwrap();
    let members = plural_store::circles::members(db, id).await.unwrap();

    // The ledger's order is strict: no two entries share a place in it.
    assert!(stored.windows(2).all(|w| w[0].seq < w[1].seq), "ledger sequence numbers strictly increase");

    // Replayed in order, each entry is one the rules allowed given the
    // entries before it: no payment confirmed twice, none confirmed by its
    // payer, no round paid out with contributions waiting or paid out twice.
    let order: Vec<PersonId> = members.iter().map(|m| m.person_id).collect();
    let organisers: Vec<PersonId> = members.iter().filter(|m| m.organiser).map(|m| m.person_id).collect();
    let rules = CycleRules {
        cycle: c.cycle,
        order: &order,
        organisers: &organisers,
        amount: c.amount,
        frequency: c.frequency,
        start_on: c.start_on,
    };
    let ledger: Vec<Entry> = stored.iter().map(|s| s.entry.clone()).collect();
    for (i, e) in ledger.iter().enumerate() {
        let op = match e.kind {
            EntryKind::Contribution => {
                Op::Contribute { by: e.recorded_by, round: e.round, paid_on: e.paid_on.unwrap() }
            }
            EntryKind::Confirmation => Op::Confirm { by: e.recorded_by, entry: e.refers_to.unwrap() },
            EntryKind::Payout => Op::Payout { by: e.recorded_by, round: e.round },
            other => panic!("the load writes no {other:?} entries"),
        };
        let again = rules::apply(&rules, &ledger[..i], &op, plural_store::now())
            .unwrap_or_else(|err| panic!("entry {} ({:?}) breaks the rules: {err:?}", e.id, e.kind));
        assert_eq!(
            (again.round, again.member, again.amount, again.refers_to, again.attempt),
            (e.round, e.member, e.amount, e.refers_to, e.attempt),
            "entry {} is what the rules make of it",
            e.id
        );
    }

    // Each paid-out round is balanced: its payout is every other member's
    // confirmed contribution, and went to the round's recipient.
    let mut paid_out = 0;
    for round in 1..=rules.rounds() {
        let Some(payout) = rules::payout_of(&ledger, c.cycle, round) else { continue };
        paid_out += 1;
        assert_eq!(Some(payout.member), rules.recipient(round), "round {round} paid to its recipient");
        assert_eq!(payout.amount, rules::pot(&ledger, c.cycle, round), "round {round}: payout is its pot");
        assert_eq!(payout.amount, AMOUNT * (SEATS as i64 - 1), "round {round}: everyone else paid in");
    }
    paid_out
}
