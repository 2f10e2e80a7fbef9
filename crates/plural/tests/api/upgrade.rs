//! Upgrading a populated node from the previous release's schema: the
//! fixture in `tests/fixtures/upgrade/` is a demo node made by an older
//! `plural` (see the README there), dumped as SQL for each engine with its
//! node key. It is loaded into a fresh database, the real `plural migrate`
//! runs on it, and then every migration of this build is applied, every
//! table that existed keeps every row, and a `plural serve` on the upgraded
//! database serves the old places, groups and events, signs an old account
//! in (its sealed email read with the old key) and takes new writes.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;

use crate::both_engines;
use crate::helpers::{drop_postgres_database, fresh_postgres_database, postgres_url_or_skip, Engine, PASSWORD};
use crate::network::Node;

both_engines!(a_node_from_the_previous_release_upgrades_keeping_every_row);

/// The demo's password, as the older `plural demo` set it.
const DEMO_PASSWORD: &str = "community garden tuesday";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade").join(name)
}

/// Run the fixture's SQL (schema, rows, and the record of the migrations
/// applied then) into the empty database at `url`, on one connection.
async fn load(engine: Engine, url: &str) {
    let file = fixture(if engine == Engine::Sqlite { "sqlite.sql" } else { "postgres.sql" });
    let sql = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    match engine {
        Engine::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&format!("{url}?mode=rwc")).await.unwrap();
            sqlx::raw_sql(&sql).execute(&mut conn).await.unwrap();
            conn.close().await.unwrap();
        }
        Engine::Postgres => {
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::raw_sql(&sql).execute(&mut conn).await.unwrap();
            conn.close().await.unwrap();
        }
    }
}

/// Every table and its number of rows.
/// Rows in every table. A full-text index's shadow tables (SQLite) are left
/// out: they are its storage, laid out anew when a migration rebuilds it
/// (0035); the index's own rows are counted through its virtual table.
async fn counts(db: &plural_store::Db) -> BTreeMap<String, i64> {
    let shadows: Vec<String> = match db.engine() {
        plural_store::Engine::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_list WHERE type = 'shadow'")
            .fetch_all(db.reader())
            .await
            .unwrap(),
        plural_store::Engine::Postgres => Vec::new(),
    };
    let mut counts = BTreeMap::new();
    for t in crate::helpers::tables(db).await.into_iter().filter(|t| !shadows.contains(t)) {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{t}\"")).fetch_one(db.reader()).await.unwrap();
        counts.insert(t, n);
    }
    counts
}

async fn applied(db: &plural_store::Db) -> Vec<i64> {
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = $1 ORDER BY version")
        .bind(true)
        .fetch_all(db.reader())
        .await
        .unwrap()
}

async fn a_node_from_the_previous_release_upgrades_keeping_every_row(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let url = match engine {
        Engine::Sqlite => format!("sqlite://{}", dir.path().join("plural.db").display()),
        Engine::Postgres => {
            let Some(admin) = postgres_url_or_skip() else { return };
            fresh_postgres_database(&admin).await
        }
    };
    std::fs::copy(fixture("secret.key"), dir.path().join("secret.key")).unwrap();
    load(engine, &url).await;

    let db = plural_store::Db::connect(&url, &Default::default()).await.unwrap();
    let before = counts(&db).await;
    let old = applied(&db).await;
    let current: Vec<i64> = db.migrations().into_iter().map(|(v, _)| v).collect();
    assert!(!old.is_empty() && old.len() < current.len(), "the fixture is of an older schema: {old:?}");
    assert!(old.iter().all(|v| current.contains(v)), "every migration the fixture had is still shipped: {old:?}");
    assert!(before["people"] > 0 && before["events"] > 0 && before["groups"] > 0, "the fixture is populated");
    db.close().await;

    let out = Command::new(env!("CARGO_BIN_EXE_plural"))
        .args(["migrate", "--data-dir"])
        .arg(dir.path())
        .args(["--database-url", &url])
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "plural migrate failed:\n{said}");
    assert!(said.contains("database is up to date"), "{said}");

    let db = plural_store::Db::connect(&url, &Default::default()).await.unwrap();
    assert_eq!(applied(&db).await, current, "every migration applied");
    let after = counts(&db).await;
    for (table, rows) in &before {
        if table == "_sqlx_migrations" {
            continue;
        }
        assert_eq!(after.get(table), Some(rows), "rows of {table} before and after the upgrade");
    }
    if engine == Engine::Sqlite {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(db.reader()).await.unwrap();
        assert_eq!(check, "ok");
        let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(db.reader()).await.unwrap();
        assert!(broken.is_empty(), "{} rows break a foreign key", broken.len());
    }
    let name = plural_store::places::node_name(&db).await.unwrap().expect("the node's name");
    let (place, place_name): (String, String) =
        sqlx::query_as("SELECT slug, name FROM places ORDER BY slug").fetch_one(db.reader()).await.unwrap();
    let (group, group_name): (String, String) =
        sqlx::query_as("SELECT slug, name FROM groups WHERE join_policy = 'open' ORDER BY slug")
            .fetch_one(db.reader())
            .await
            .unwrap();
    let titles: Vec<(String, String, i64, f64, f64)> = sqlx::query_as(
        "SELECT id, title, starts_at, lat, lon FROM events WHERE status = 'published' AND lat IS NOT NULL ORDER BY title",
    )
    .fetch_all(db.reader())
    .await
    .unwrap();
    // One whose title reads the same escaped in HTML.
    let (event, title, starts_at, lat, lon) =
        titles.into_iter().find(|(_, t, ..)| !t.contains(['&', '\'', '"', '<', '>'])).unwrap();
    db.close().await;

    // The upgraded node serves the old data.
    let mut node = Node::on(dir, &url, &name);
    node.start().await;
    for (path, shows) in [
        (format!("/places/{place}"), place_name.as_str()),
        (format!("/groups/{group}"), group_name.as_str()),
        (format!("/events/{event}"), title.as_str()),
        ("/places/lambeth".to_string(), "Lambeth"),
    ] {
        let (status, page) = node.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains(shows), "{path} shows {shows}");
    }
    let (status, v) = node.get(&format!("/api/v1/events/{event}")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(serde_json::from_str::<Value>(&v).unwrap()["title"], title.as_str());
    // Old events are filed under their search weeks (migration 0035): a dated search near one finds it.
    let day = chrono::DateTime::from_timestamp(starts_at, 0).unwrap().format("%Y-%m-%d");
    let word = title.split_whitespace().next().unwrap();
    let (status, v) =
        node.get(&format!("/api/v1/search?q={word}&from={day}&to={day}&lat={lat}&lon={lon}&within=1")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let found = serde_json::from_str::<Value>(&v).unwrap();
    assert!(found["items"].as_array().unwrap().iter().any(|i| i["id"] == event.as_str()), "{title} on {day}: {found}");

    // An old account signs in: its email was sealed, and is found, with the fixture's key.
    let client = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        let req = client.post(format!("{}{path}", node.base)).json(&body);
        async move {
            let res = req.send().await.unwrap();
            (res.status(), res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let sign_in = |email: &str, password: &str| json!({"email": email, "password": password, "name": "upgrade", "scopes": ["read", "write"]});
    let (status, t) = post("/api/v1/tokens", sign_in("amara@demo.plural.test", DEMO_PASSWORD)).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let (status, me) = node.api(Method::GET, t["token"].as_str().unwrap(), "/api/v1/me", Value::Null).await;
    assert_eq!((status, me["email"].as_str()), (StatusCode::OK, Some("amara@demo.plural.test")));

    // And it takes new writes: a newcomer signs up and joins an old group.
    let body = json!({"email": "newcomer@example.org", "display_name": "Newcomer", "password": PASSWORD});
    let (status, v) = post("/api/v1/accounts", body).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let (status, t) = post("/api/v1/tokens", sign_in("newcomer@example.org", PASSWORD)).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let path = format!("/api/v1/groups/{group}/join");
    let (status, v) = node.api(Method::POST, t["token"].as_str().unwrap(), &path, json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");

    node.kill();
    if engine == Engine::Postgres {
        drop_postgres_database(&url).await;
    }
    println!(
        "upgrade ({engine:?}): {} migrations applied on top of the fixture's {}; {} tables, {} rows, all kept",
        current.len() - old.len(),
        old.len(),
        before.len(),
        before.iter().filter(|(t, _)| *t != "_sqlx_migrations").map(|(_, n)| n).sum::<i64>()
    );
}
