//! Crash safety: a real `plural serve` process under a write load from
//! several clients — sign-ups, events, RSVPs, poll votes, and a savings
//! circle's ledger (contributions, confirmations, payouts) — is killed with
//! SIGKILL at random moments (20 times; `PLURAL_TEST_CRASH_KILLS` asks for
//! more), restarted on the same data each time, and afterwards every write
//! the server acknowledged is present and the invariants hold: nobody
//! answers an event twice, no event has more people going than its
//! capacity, the first to answer are the ones going, a secret poll has
//! exactly one ballot for each person marked as having voted, and the
//! circle's ledger replays under its rules with every paid-out round
//! balanced (`ledger_load::check`).

use std::time::Duration;

use rand::Rng;

use crate::both_engines;
use crate::helpers::Engine;
use crate::ledger_load::{self, LedgerLoad};
use crate::network::Node;
use crate::write_load::{tenants_group, tenants_poll, WriteLoad, CAPACITY};

both_engines!(acknowledged_writes_survive_sigkill);

const WRITERS: usize = 4;

async fn acknowledged_writes_survive_sigkill(engine: Engine) {
    let kills: usize = std::env::var("PLURAL_TEST_CRASH_KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(20);
    let Some(mut node) = Node::init(engine, "Crash Test", "riverside").await else { return };
    node.start().await;
    let organiser = node.token().await;
    tenants_group(&node, &organiser, "riverside").await;
    let poll = tenants_poll(&node, &organiser).await;

    let savers = ledger_load::set_up(&node, kills.div_ceil(10)).await;

    let load = WriteLoad::start(WRITERS, &node.base, &organiser, Some(poll.clone()));
    let ledger = LedgerLoad::start(&node.base, &savers);
    for _ in 0..kills {
        // Kill while writes are flowing: after a few more writes were
        // acknowledged (however slow a busy machine is), at a random moment.
        load.wait_for(3).await;
        let wait = rand::thread_rng().gen_range(0..500);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        node.kill();
        node.start().await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let acked = load.stop().await;
    let entries = ledger.stop().await;
    node.kill();
    node.start().await;

    assert!(
        acked.people.len() >= kills && !acked.events.is_empty() && !acked.rsvps.is_empty() && !acked.votes.is_empty(),
        "the load did write: {} people, {} events, {} RSVPs, {} votes",
        acked.people.len(),
        acked.events.len(),
        acked.rsvps.len(),
        acked.votes.len()
    );
    let db = node.db().await;
    let ids = |sql: &'static str| {
        let db = db.clone();
        async move { sqlx::query_scalar::<_, String>(sql).fetch_all(db.reader()).await.unwrap() }
    };
    let people = ids("SELECT id FROM people").await;
    for p in acked.people.iter().map(|a| &a.what) {
        assert!(people.contains(p), "acknowledged sign-up {p} lost");
    }
    let events = ids("SELECT id FROM events").await;
    for e in acked.events.iter().map(|a| &a.what) {
        assert!(events.contains(e), "acknowledged event {e} lost");
    }
    let rsvps: Vec<(String, String, String)> =
        sqlx::query_as("SELECT event_id, person_id, state FROM event_rsvps").fetch_all(db.reader()).await.unwrap();
    for (e, p) in acked.rsvps.iter().map(|a| &a.what) {
        assert!(rsvps.iter().any(|(re, rp, _)| re == e && rp == p), "acknowledged RSVP of {p} to {e} lost");
    }
    // Invariants: one answer per person per event (the key), capacity kept.
    for e in &events {
        let going = rsvps.iter().filter(|(re, _, s)| re == e && s == "going").count() as i64;
        let waiting = rsvps.iter().filter(|(re, _, s)| re == e && s == "waiting").count() as i64;
        assert!(going <= CAPACITY, "event {e}: {going} going over a capacity of {CAPACITY}");
        assert!(waiting == 0 || going == CAPACITY, "event {e}: people waiting while places are free");
    }
    // A vote is two rows in one transaction: the voter marked, the secret
    // ballot kept apart. A crash may lose neither alone.
    let voters: Vec<String> = sqlx::query_scalar("SELECT person_id FROM poll_voters WHERE poll_id = $1")
        .bind(&poll)
        .fetch_all(db.reader())
        .await
        .unwrap();
    for v in acked.votes.iter().map(|a| &a.what) {
        assert!(voters.contains(v), "acknowledged vote of {v} lost");
    }
    let ballots: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM poll_ballots WHERE poll_id = $1")
        .bind(&poll)
        .fetch_one(db.reader())
        .await
        .unwrap();
    assert_eq!(ballots, voters.len() as i64, "one ballot for each voter");
    let rounds = ledger_load::check(&db, &savers, &entries).await;
    assert!(rounds > 0, "a round was paid out, so the balance checks had something to check");
    if engine == Engine::Sqlite {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(db.reader()).await.unwrap();
        assert_eq!(check, "ok");
    }
    println!(
        "crash safety ({engine:?}): {kills} kills, {} sign-ups, {} events, {} RSVPs, {} votes, {} ledger entries \
         ({rounds} rounds paid out) acknowledged and all present",
        acked.people.len(),
        acked.events.len(),
        acked.rsvps.len(),
        acked.votes.len(),
        entries.len()
    );
    node.finish().await;
}
