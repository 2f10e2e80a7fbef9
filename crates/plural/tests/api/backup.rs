//! Backup and restore under writes: a real `plural serve` process takes a
//! steady write load (sign-ups, tokens, events, RSVPs, group joins and poll
//! votes, `write_load`); while the writes go on, the node is backed up the
//! way README.md tells an admin to (SQLite: `plural backup --to`;
//! PostgreSQL: `pg_dump --format=custom`), then the load writes a little
//! more. The copy is restored into a fresh data folder (SQLite: the file
//! and the node key; PostgreSQL: `pg_restore` into a new database, and the
//! key) and a new `plural serve` is started on it. Then:
//!
//! - every write acknowledged before the backup began is in the copy (a
//!   write acknowledged later may or may not be: it raced the snapshot);
//! - the copy is whole: SQLite's `integrity_check` and `foreign_key_check`
//!   pass, no row points at a missing one, no event has more people going
//!   than its capacity, the poll has one secret ballot per recorded voter;
//! - the restored node answers with what the copy holds: the events list,
//!   each event's going and waiting, the group's members, the poll's voters,
//!   and the public pages;
//! - it takes new writes, and sign-in works (the node key came along).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{drop_postgres_database, fresh_postgres_database, postgres_url_or_skip, Engine, PASSWORD};
use crate::network::Node;
use crate::write_load::{tenants_group, tenants_poll, Acknowledged, WriteLoad, CAPACITY};

both_engines!(a_backup_taken_under_writes_restores_to_a_node_serving_the_same_data);

const WRITERS: usize = 3;

/// Whether PostgreSQL's own backup tools are on the PATH. Without them the
/// PostgreSQL run prints a notice and passes — unless
/// `PLURAL_REQUIRE_POSTGRES=1`: README.md tells an admin to back up with
/// them, so a run that claims to test PostgreSQL must have them.
fn postgres_tools_or_skip() -> bool {
    let found = ["pg_dump", "pg_restore"]
        .iter()
        .all(|tool| Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success()));
    if !found {
        if std::env::var("PLURAL_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!(
                "PLURAL_REQUIRE_POSTGRES=1 but pg_dump or pg_restore is not on the PATH (install postgresql-client)"
            );
        }
        eprintln!("notice: pg_dump or pg_restore is not on the PATH; skipping the PostgreSQL backup test");
    }
    found
}

/// Run a program to its end on a blocking thread (the load goes on meanwhile); fail with its output.
async fn run(program: &str, args: Vec<String>) {
    let program = program.to_string();
    let shown = format!("{program} {}", args.join(" "));
    let out = tokio::task::spawn_blocking(move || Command::new(program).args(args).output()).await.unwrap().unwrap();
    assert!(
        out.status.success(),
        "{shown} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn text(p: &Path) -> String {
    p.display().to_string()
}

/// Back the node up into `to` as an admin would, while it runs.
async fn back_up(engine: Engine, node: &Node, to: &Path) {
    match engine {
        Engine::Sqlite => {
            let args = ["backup", "--data-dir", &text(node.data_dir()), "--database-url", node.database_url()];
            let args = args.iter().map(|a| a.to_string()).chain(["--to".into(), text(to)]).collect();
            run(env!("CARGO_BIN_EXE_plural"), args).await;
        }
        Engine::Postgres => {
            let args = vec!["--format=custom".into(), format!("--file={}", text(to)), node.database_url().into()];
            run("pg_dump", args).await;
        }
    }
}

/// Restore the copy into a fresh data folder with the node key; the new database's URL.
async fn restore(engine: Engine, node: &Node, copy: &Path, into: &Path) -> String {
    std::fs::copy(node.data_dir().join("secret.key"), into.join("secret.key")).unwrap();
    match engine {
        Engine::Sqlite => {
            std::fs::copy(copy, into.join("plural.db")).unwrap();
            format!("sqlite://{}", into.join("plural.db").display())
        }
        Engine::Postgres => {
            let url = fresh_postgres_database(&postgres_url_or_skip().unwrap()).await;
            let args = vec!["--no-owner".into(), "--exit-on-error".into(), format!("--dbname={url}"), text(copy)];
            run("pg_restore", args).await;
            url
        }
    }
}

/// What the copy holds, read straight from its database before a node runs on it.
struct Contents {
    people: HashSet<String>,
    /// id → title
    events: Vec<(String, String)>,
    /// (event, person, state)
    rsvps: Vec<(String, String, String)>,
    voters: HashSet<String>,
    ballots: i64,
    members: i64,
}

impl Contents {
    async fn read(db: &plural_store::Db, poll: &str) -> Contents {
        let r = db.reader();
        let people = sqlx::query_scalar("SELECT id FROM people").fetch_all(r).await.unwrap().into_iter().collect();
        let events = sqlx::query_as("SELECT id, title FROM events").fetch_all(r).await.unwrap();
        let rsvps = sqlx::query_as("SELECT event_id, person_id, state FROM event_rsvps").fetch_all(r).await.unwrap();
        let voters = sqlx::query_scalar("SELECT person_id FROM poll_voters WHERE poll_id = $1")
            .bind(poll)
            .fetch_all(r)
            .await
            .unwrap()
            .into_iter()
            .collect();
        let ballots = sqlx::query_scalar("SELECT COUNT(*) FROM poll_ballots WHERE poll_id = $1")
            .bind(poll)
            .fetch_one(r)
            .await
            .unwrap();
        let members = sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships m JOIN groups g ON g.id = m.group_id WHERE g.slug = 'tenants'",
        )
        .fetch_one(r)
        .await
        .unwrap();
        Contents { people, events, rsvps, voters, ballots, members }
    }

    fn rsvp_counts(&self, event: &str) -> (i64, i64) {
        let count = |state: &str| self.rsvps.iter().filter(|(e, _, s)| e == event && s == state).count() as i64;
        (count("going"), count("waiting"))
    }

    /// How many of these acknowledged writes the copy holds, of how many.
    fn holds(&self, acked: &Acknowledged) -> (usize, usize) {
        let events: HashSet<&String> = self.events.iter().map(|(id, _)| id).collect();
        let found = acked.people.iter().filter(|a| self.people.contains(&a.what)).count()
            + acked.events.iter().filter(|a| events.contains(&a.what)).count()
            + acked
                .rsvps
                .iter()
                .filter(|a| self.rsvps.iter().any(|(e, p, _)| (e, p) == (&a.what.0, &a.what.1)))
                .count()
            + acked.votes.iter().filter(|a| self.voters.contains(&a.what)).count();
        (found, acked.total())
    }
}

async fn anonymous_post(node: &Node, path: &str, body: Value) -> (StatusCode, Value) {
    let res = reqwest::Client::new().post(format!("{}{path}", node.base)).json(&body).send().await.unwrap();
    (res.status(), res.json().await.unwrap_or(Value::Null))
}

/// Rows that point at nothing, for the references the load writes.
async fn orphans(db: &plural_store::Db) -> i64 {
    let mut total = 0;
    for sql in [
        "SELECT COUNT(*) FROM event_rsvps r LEFT JOIN people p ON p.id = r.person_id WHERE p.id IS NULL",
        "SELECT COUNT(*) FROM event_rsvps r LEFT JOIN events e ON e.id = r.event_id WHERE e.id IS NULL",
        "SELECT COUNT(*) FROM memberships m LEFT JOIN people p ON p.id = m.person_id WHERE p.id IS NULL",
        "SELECT COUNT(*) FROM poll_voters v LEFT JOIN people p ON p.id = v.person_id WHERE p.id IS NULL",
        "SELECT COUNT(*) FROM api_tokens t LEFT JOIN people p ON p.id = t.person_id WHERE p.id IS NULL",
    ] {
        let n: i64 = sqlx::query_scalar(sql).fetch_one(db.reader()).await.unwrap();
        total += n;
    }
    total
}

async fn a_backup_taken_under_writes_restores_to_a_node_serving_the_same_data(engine: Engine) {
    if engine == Engine::Postgres && (postgres_url_or_skip().is_none() || !postgres_tools_or_skip()) {
        return;
    }
    let Some(mut node) = Node::init(engine, "Backup Test", "riverside").await else { return };
    node.start().await;
    let organiser = node.token().await;
    tenants_group(&node, &organiser, "riverside").await;
    let poll = tenants_poll(&node, &organiser).await;
    // Writes acknowledged before the backup starts, so the copy has some of
    // everything; `PLURAL_TEST_BACKUP_WRITES` asks for more (a larger
    // database, a longer backup, more writes racing it).
    let writes_before: usize =
        std::env::var("PLURAL_TEST_BACKUP_WRITES").ok().and_then(|n| n.parse().ok()).unwrap_or(60);
    let load = WriteLoad::start(WRITERS, &node.base, &organiser, Some(poll.clone()));
    load.wait_until(writes_before, Duration::from_secs(60 + writes_before as u64)).await;

    // The backup, taken while the writes go on; then a little more writing.
    let work = tempfile::tempdir().unwrap();
    let copy: PathBuf = work.path().join(if engine == Engine::Sqlite { "plural-backup.db" } else { "plural.dump" });
    let began = Instant::now();
    back_up(engine, &node, &copy).await;
    let finished = Instant::now();
    load.wait_for(10).await;
    let acked = load.stop().await;
    node.kill();
    let took = finished - began;
    let size = std::fs::metadata(&copy).unwrap().len();
    // The load ran throughout: writes were acknowledged after the backup
    // finished as well as before it began (how many fell within it, on a
    // copy that takes a tenth of a second, is up to the timing).
    assert!(acked.total() > acked.before(finished).total(), "the writes went on past the backup");

    // Restore into a fresh data folder, and read what the copy holds.
    let restored_dir = tempfile::tempdir().unwrap();
    let url = restore(engine, &node, &copy, restored_dir.path()).await;
    let db = plural_store::Db::connect(&url, &Default::default()).await.unwrap();
    let held = Contents::read(&db, &poll).await;

    // Every write acknowledged before the backup began is there.
    let required = acked.before(began);
    let events: HashSet<&String> = held.events.iter().map(|(id, _)| id).collect();
    for p in &required.people {
        assert!(held.people.contains(&p.what), "sign-up {} acknowledged before the backup is not in it", p.what);
    }
    for e in &required.events {
        assert!(events.contains(&e.what), "event {} acknowledged before the backup is not in it", e.what);
    }
    for r in &required.rsvps {
        let (e, p) = &r.what;
        assert!(
            held.rsvps.iter().any(|(re, rp, _)| re == e && rp == p),
            "RSVP of {p} to {e} acknowledged before the backup is not in it"
        );
    }
    for v in &required.votes {
        assert!(held.voters.contains(&v.what), "vote of {} acknowledged before the backup is not in it", v.what);
    }
    assert!(
        !required.people.is_empty()
            && !required.events.is_empty()
            && !required.rsvps.is_empty()
            && !required.votes.is_empty(),
        "the copy was taken with some of everything written"
    );

    // The copy is whole and its counts agree with each other.
    if engine == Engine::Sqlite {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(db.reader()).await.unwrap();
        assert_eq!(check, "ok");
        let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(db.reader()).await.unwrap();
        assert!(broken.is_empty(), "{} rows break a foreign key", broken.len());
    }
    assert_eq!(orphans(&db).await, 0, "rows point at missing ones");
    for (e, _) in &held.events {
        let (going, waiting) = held.rsvp_counts(e);
        assert!(going <= CAPACITY, "event {e}: {going} going over a capacity of {CAPACITY}");
        assert!(waiting == 0 || going == CAPACITY, "event {e}: people waiting while places are free");
    }
    assert_eq!(held.ballots, held.voters.len() as i64, "one secret ballot per recorded voter");
    assert!(held.members >= held.voters.len() as i64, "every voter joined the group first");
    db.close().await;

    // A node on the copy serves what the copy holds.
    let mut restored = Node::on(restored_dir, &url, "Backup Test");
    restored.start().await;
    let mut listed = HashSet::new();
    for page in 1.. {
        let (status, body) = restored.get(&format!("/api/v1/events?place=riverside&per_page=100&page={page}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let body: Value = serde_json::from_str(&body).unwrap();
        let items = body["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        listed.extend(items.iter().map(|e| e["id"].as_str().unwrap().to_string()));
    }
    assert_eq!(listed, held.events.iter().map(|(id, _)| id.clone()).collect::<HashSet<_>>(), "the events list");
    for (id, title) in &held.events {
        let (status, body) = restored.get(&format!("/api/v1/events/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["title"], title.as_str());
        assert_eq!((v["going"].as_i64().unwrap(), v["waiting"].as_i64().unwrap()), held.rsvp_counts(id), "event {id}");
    }
    let (_, group) = restored.get("/api/v1/groups/tenants").await;
    let group: Value = serde_json::from_str(&group).unwrap();
    assert_eq!(group["member_count"].as_i64(), Some(held.members), "the group's members");
    let (_, votes) = restored.get(&format!("/api/v1/polls/{poll}")).await;
    let votes: Value = serde_json::from_str(&votes).unwrap();
    assert_eq!(votes["voters"].as_i64(), Some(held.voters.len() as i64), "the poll's voters");
    let (id, title) = &held.events[0];
    for (path, shows) in [
        ("/groups/tenants".to_string(), "Riverside Tenants"),
        (format!("/events/{id}"), title.as_str()),
        ("/places/riverside".to_string(), "riverside"),
    ] {
        let (status, page) = restored.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains(shows), "{path} shows {shows}");
    }

    // It takes writes, and sign-in works: the node key came along (an
    // email address is found by a keyed hash, and read by decrypting it).
    let admin = restored.token().await;
    let (status, me) = restored.api(Method::GET, &admin, "/api/v1/me", Value::Null).await;
    assert_eq!((status, me["email"].as_str()), (StatusCode::OK, Some("admin@example.org")));
    let body = json!({"group": "tenants", "publish": true, "title": "After the restore", "venue": "Hall",
        "date": (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%d").to_string(),
        "start_time": "18:00", "end_time": "19:00", "is_free": true, "capacity": CAPACITY});
    let (status, event) = restored.api(Method::POST, &admin, "/api/v1/events", body).await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let newcomer = json!({"email": "after@example.org", "display_name": "After", "password": PASSWORD});
    let (status, v) = anonymous_post(&restored, "/api/v1/accounts", newcomer).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let token = json!({"email": "after@example.org", "password": PASSWORD, "name": "t", "scopes": ["read", "write"]});
    let (status, t) = anonymous_post(&restored, "/api/v1/tokens", token).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let path = format!("/api/v1/events/{}/rsvp", event["id"].as_str().unwrap());
    let (status, v) = restored.api(Method::POST, t["token"].as_str().unwrap(), &path, Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{v}");

    // Whether the backup held the writers up: the longest wait between two
    // acknowledgements while it ran, against the same before it.
    let instants = acked.instants();
    let longest_gap = |from: Instant, to: Instant| {
        let within: Vec<Instant> = instants.iter().copied().filter(|t| *t >= from && *t <= to).collect();
        let mut marks = vec![from];
        marks.extend(within);
        marks.push(to);
        marks.windows(2).map(|w| w[1] - w[0]).max().unwrap_or_default()
    };
    let gap_during = longest_gap(began, finished);
    let window = took.max(Duration::from_secs(1)) * 3;
    let gap_before = longest_gap(began.checked_sub(window).unwrap_or(began), began);
    restored.kill();
    if engine == Engine::Postgres {
        drop_postgres_database(node.database_url()).await;
        drop_postgres_database(&url).await;
    }

    let by_end = acked.before(finished);
    let (held_by_end, held_all) = (held.holds(&by_end).0, held.holds(&acked).0);
    println!(
        "backup under writes ({engine:?}): {} writes acknowledged before the backup, all in the copy; \
         {} acknowledged during the {:.0} ms backup, {} of them in the copy; {} after it, {} in the copy; \
         longest wait between acknowledgements {:.0} ms during it, {:.0} ms in the {:.1} s before it; \
         copy {} KiB; restored people / events / RSVPs / votes / members: {} / {} / {} / {} / {}",
        required.total(),
        by_end.total() - required.total(),
        took.as_secs_f64() * 1000.0,
        held_by_end - required.total(),
        acked.total() - by_end.total(),
        held_all - held_by_end,
        gap_during.as_secs_f64() * 1000.0,
        gap_before.as_secs_f64() * 1000.0,
        window.as_secs_f64(),
        size / 1024,
        held.people.len(),
        held.events.len(),
        held.rsvps.len(),
        held.voters.len(),
        held.members,
    );
}
