//! A network on one machine: three nodes, each its own `plural serve`
//! process with its own database and port. Two places follow a group on
//! the third; one of them is killed while the group publishes, brought back
//! later (the queue's retry delay is skipped by moving the jobs' due time,
//! "simulated minutes"), and every activity arrives exactly once.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::helpers::{postgres_url_or_skip, Engine};

both_engines!(a_node_stopped_during_delivery_gets_everything_once);

const PASSWORD: &str = "lantern orchard pebble seventy";

pub(crate) struct Node {
    /// Shared by the processes of one node (`another_process`).
    _dir: Arc<tempfile::TempDir>,
    data_dir: std::path::PathBuf,
    database_url: String,
    pub(crate) port: u16,
    pub(crate) base: String,
    child: Option<Child>,
    client: reqwest::Client,
    name: String,
    /// Settings (`PLURAL_*` variables) a test gives this process, over the defaults `start` sets.
    settings: Vec<(String, String)>,
}

/// A free port below the kernel's ephemeral range: while a node is down,
/// another test binding port 0 cannot be handed its port, so the node comes
/// back on it (and deliveries meant for it reach nobody else).
fn quiet_port() -> u16 {
    use rand::Rng;
    loop {
        let port = rand::thread_rng().gen_range(20000..30000);
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

impl Node {
    pub(crate) async fn init(engine: Engine, name: &str, place: &str) -> Option<Node> {
        let dir = tempfile::tempdir().unwrap();
        let database_url = match engine {
            Engine::Sqlite => format!("sqlite://{}", dir.path().join("plural.db").display()),
            Engine::Postgres => crate::helpers::fresh_postgres_database(&postgres_url_or_skip()?).await,
        };
        let port = quiet_port();
        let base = format!("http://127.0.0.1:{port}");
        let out = Command::new(env!("CARGO_BIN_EXE_plural"))
            .args(["init", "--non-interactive", "--data-dir"])
            .arg(dir.path())
            .args(["--database-url", &database_url, "--base-url", &base, "--name", name, "--place-name", place])
            .args(["--place-slug", place, "--admin-email", "admin@example.org", "--admin-name", "Admin"])
            .args(["--admin-password", PASSWORD])
            .output()
            .unwrap();
        assert!(out.status.success(), "init: {}", String::from_utf8_lossy(&out.stderr));
        Some(Node {
            data_dir: dir.path().to_path_buf(),
            _dir: Arc::new(dir),
            database_url,
            port,
            base,
            child: None,
            name: name.to_string(),
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            settings: Vec::new(),
        })
    }

    /// A second `plural serve` process of the same node: the same data
    /// folder (so the same node key and settings) and database, its own
    /// port. Not started yet.
    pub(crate) fn another_process(&self) -> Node {
        let port = quiet_port();
        Node {
            _dir: self._dir.clone(),
            data_dir: self.data_dir.clone(),
            database_url: self.database_url.clone(),
            port,
            base: format!("http://127.0.0.1:{port}"),
            child: None,
            client: self.client.clone(),
            name: self.name.clone(),
            settings: self.settings.clone(),
        }
    }

    /// A node on data that already exists — a restored backup, an upgraded
    /// database: `data_dir` holds its node key, `database_url` its database,
    /// and `name` is the node's name there (how `start` knows it is up).
    /// Its own port, given to it as its public address. Not started yet.
    pub(crate) fn on(data_dir: tempfile::TempDir, database_url: &str, name: &str) -> Node {
        let port = quiet_port();
        let base = format!("http://127.0.0.1:{port}");
        Node {
            data_dir: data_dir.path().to_path_buf(),
            _dir: Arc::new(data_dir),
            database_url: database_url.to_string(),
            port,
            base: base.clone(),
            child: None,
            name: name.to_string(),
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            settings: vec![("PLURAL_BASE_URL".to_string(), base)],
        }
    }

    /// The data folder (node key, settings, and the SQLite database).
    pub(crate) fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    pub(crate) fn database_url(&self) -> &str {
        &self.database_url
    }

    /// Give the process a setting (e.g. `PLURAL_MAIL__TRANSPORT`) from its next start.
    pub(crate) fn set(&mut self, name: &str, value: &str) {
        self.settings.push((name.to_string(), value.to_string()));
    }

    /// The running process's id.
    pub(crate) fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    pub(crate) async fn start(&mut self) {
        let child = Command::new(env!("CARGO_BIN_EXE_plural"))
            .arg("serve")
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(["--database-url", &self.database_url, "--bind", &format!("127.0.0.1:{}", self.port)])
            .env("PLURAL_FEDERATION__ALLOW_LOOPBACK", "true")
            .env("PLURAL_JOBS__POLL_INTERVAL_MS", "50")
            // The crash test signs many people up from one address.
            .env("PLURAL_RATE_LIMITS__SIGN_UP", "1000000")
            .env("PLURAL_RATE_LIMITS__SIGN_IN", "1000000")
            .env("PLURAL_LOG_LEVEL", "warn")
            .envs(self.settings.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(
                std::fs::OpenOptions::new().create(true).append(true).open(self.data_dir.join("serve.log")).unwrap(),
            )
            .spawn()
            .unwrap();
        self.child = Some(child);
        for _ in 0..200 {
            // Ours, not something else on the port: the node's own name.
            if let Ok(r) = self.client.get(format!("{}/nodeinfo/2.1", self.base)).send().await {
                if r.json::<Value>().await.is_ok_and(|v| v["metadata"]["nodeName"] == self.name.as_str()) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{} did not start", self.base);
    }

    /// Kill the process outright (no graceful shutdown: the harder fault).
    pub(crate) fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Stop the process and, on PostgreSQL, drop the node's database so runs
    /// do not fill the server's disk. Called by the node that made the
    /// database (`init`), once the node's other processes are stopped; a
    /// test that failed before it keeps its database, to look into.
    pub(crate) async fn finish(mut self) {
        self.kill();
        if self.database_url.starts_with("postgres") {
            crate::helpers::drop_postgres_database(&self.database_url).await;
        }
    }

    pub(crate) async fn token(&self) -> String {
        let res = self
            .client
            .post(format!("{}/api/v1/tokens", self.base))
            .json(
                &json!({"email": "admin@example.org", "password": PASSWORD, "name": "t", "scopes": ["read", "write"]}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    pub(crate) async fn api(&self, method: Method, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        let res = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// An anonymous GET: the status and the body.
    pub(crate) async fn get(&self, path: &str) -> (StatusCode, String) {
        let res = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }

    async fn text(&self, path: &str) -> String {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap().text().await.unwrap()
    }

    pub(crate) async fn db(&self) -> plural_store::Db {
        plural_store::Db::connect(&self.database_url, &Default::default()).await.unwrap()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..300 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// Like `eventually`, for up to a minute, saying whether it happened.
async fn patiently<F, Fut>(mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..600 {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

fn day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

async fn a_node_stopped_during_delivery_gets_everything_once(engine: Engine) {
    let Some(mut a) = Node::init(engine, "Borough", "borough").await else { return };
    let Some(mut b) = Node::init(engine, "North ward", "north").await else { return };
    let Some(mut c) = Node::init(engine, "South ward", "south").await else { return };
    for n in [&mut a, &mut b, &mut c] {
        n.start().await;
    }
    let (ta, tb, tc) = (a.token().await, b.token().await, c.token().await);
    let (status, _) = a
        .api(Method::POST, &ta, "/api/v1/groups", json!({"name": "Borough Tenants", "slug": "tenants", "kind": "community_group", "place": "borough", "join_policy": "open"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let handle = format!("tenants@127.0.0.1:{}", a.port);
    for (n, t, place) in [(&b, &tb, "north"), (&c, &tc, "south")] {
        let (status, body) =
            n.api(Method::POST, t, &format!("/api/v1/places/{place}/following"), json!({"actor": handle})).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        eventually("the follow accepted", || async {
            n.api(Method::GET, t, &format!("/api/v1/places/{place}/following"), Value::Null).await.1[0]["state"]
                == "accepted"
        })
        .await;
    }

    // North ward's node dies; the borough goes on publishing.
    b.kill();
    let mut ids = Vec::new();
    for title in ["Rent clinic", "Repair cafe", "Winter coat swap"] {
        let (status, e) = a
            .api(
                Method::POST,
                &ta,
                "/api/v1/events",
                json!({"group": "tenants", "publish": true, "title": title,
                "venue": "Borough hall", "date": day(5), "start_time": "10:00", "end_time": "12:00", "is_free": true}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{e}");
        ids.push(e["id"].as_str().unwrap().to_string());
    }
    let (status, _) = a
        .api(Method::PATCH, &ta, &format!("/api/v1/events/{}", ids[0]), json!({"title": "Rent clinic (drop-in)"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    // South ward has them all at once.
    eventually("south ward up to date", || async {
        let p = c.text("/places/south").await;
        p.contains("Rent clinic (drop-in)") && p.contains("Repair cafe") && p.contains("Winter coat swap")
    })
    .await;
    // The deliveries to North ward failed and wait for their retry.
    let db_a = a.db().await;
    let north_inbox = format!("{}/inbox", b.base);
    eventually("failed deliveries to north ward", || async {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'fed.deliver' AND status = 'queued' AND attempts >= 1 AND payload LIKE $1",
        )
        .bind(format!("%{north_inbox}%"))
        .fetch_one(db_a.reader())
        .await
        .unwrap();
        n == 4
    })
    .await;

    // Minutes later it is back; time passes (simulated minutes): the
    // retries come due and an open circuit half-opens.
    tokio::time::sleep(Duration::from_secs(1)).await;
    b.start().await;
    let caught_up = patiently(|| async {
        sqlx::query("UPDATE jobs SET run_at = 0 WHERE kind = 'fed.deliver' AND status = 'queued'")
            .execute(db_a.writer())
            .await
            .unwrap();
        sqlx::query("UPDATE fed_domains SET open_until = 0").execute(db_a.writer()).await.unwrap();
        let p = b.text("/places/north").await;
        p.contains("Rent clinic (drop-in)") && p.contains("Repair cafe") && p.contains("Winter coat swap")
    })
    .await;
    if !caught_up {
        let jobs: Vec<(String, i64, Option<String>)> =
            sqlx::query_as("SELECT status, attempts, last_error FROM jobs WHERE kind = 'fed.deliver'")
                .fetch_all(db_a.reader())
                .await
                .unwrap();
        let log = |n: &Node| std::fs::read_to_string(n.data_dir.join("serve.log")).unwrap_or_default();
        panic!("north ward never caught up; deliveries: {jobs:?}\nA's log:\n{}\nB's log:\n{}", log(&a), log(&b));
    }

    // Exactly once: every delivery done, each activity applied once.
    let db_b = b.db().await;
    let creates: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fed_seen_activities WHERE id LIKE '%#create-%'")
        .fetch_one(db_b.reader())
        .await
        .unwrap();
    let updates: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fed_seen_activities WHERE id LIKE '%#update-%'")
        .fetch_one(db_b.reader())
        .await
        .unwrap();
    let objects: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fed_objects WHERE deleted = 0")
        .fetch_one(db_b.reader())
        .await
        .unwrap();
    assert_eq!((creates, updates, objects), (3, 1, 3));
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'fed.deliver' AND status <> 'done'")
        .fetch_one(db_a.reader())
        .await
        .unwrap();
    assert_eq!(pending, 0);

    // A deletion reaches both; an unfollow stops the flow to one.
    let (status, _) = a.api(Method::PATCH, &ta, &format!("/api/v1/events/{}", ids[1]), json!({"publish": false})).await;
    assert_eq!(status, StatusCode::OK);
    eventually("the deletion everywhere", || async {
        !b.text("/places/north").await.contains("Repair cafe") && !c.text("/places/south").await.contains("Repair cafe")
    })
    .await;
    let remote = c.api(Method::GET, &tc, "/api/v1/places/south/following", Value::Null).await.1[0]["actor"].clone();
    let (status, _) = c.api(Method::POST, &tc, "/api/v1/places/south/following/remove", json!({"actor": remote})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    eventually("one follower left", || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fed_followers").fetch_one(db_a.reader()).await.unwrap();
        n == 1
    })
    .await;
    let (status, _) = a
        .api(
            Method::POST,
            &ta,
            "/api/v1/events",
            json!({"group": "tenants", "publish": true, "title": "Only for the north",
            "venue": "Borough hall", "date": day(6), "start_time": "10:00", "end_time": "12:00", "is_free": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    eventually("north ward has it", || async { b.text("/places/north").await.contains("Only for the north") }).await;
    assert!(!c.text("/places/south").await.contains("Only for the north"));
    db_a.close().await;
    db_b.close().await;
    for node in [a, b, c] {
        node.finish().await;
    }
}
